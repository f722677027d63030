// Per-participant data keys (DEK): a random 32-byte key per participant, stored only wrapped (AES-256-GCM)
// under the master key, with the master key's id. Rotating the master key re-wraps DEKs; destroying a DEK
// crypto-shreds that participant's identity, notes and files.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { KeyRing } from './keys.ts';
import { open, openText, seal, sealedKeyId, SealError } from './seal.ts';

export class ParticipantKey {
  constructor(
    readonly participantId: string,
    private readonly dek: Buffer,
  ) {}

  /** Seals a field, bound to table|column|record id. */
  seal(table: string, column: string, recordId: string, value: string | Buffer): string {
    return seal(this.dek, 'dek', value, `${table}|${column}|${recordId}`);
  }
  openText(table: string, column: string, recordId: string, sealed: string): string {
    return openText(this.dek, sealed, `${table}|${column}|${recordId}`);
  }
  open(table: string, column: string, recordId: string, sealed: string): Buffer {
    return open(this.dek, sealed, `${table}|${column}|${recordId}`);
  }
}

export function newParticipantKey(keys: KeyRing, participantId: string): { key: ParticipantKey; wrapped: string } {
  const dek = randomBytes(32);
  const wrapped = seal(keys.kek, keys.kekId, dek, `participant_keys|dek|${participantId}`);
  return { key: new ParticipantKey(participantId, dek), wrapped };
}

/**
 * Unwrapped data keys, kept a short while (decision 013): unwrapping is an AES-GCM decryption whose set-up
 * costs about as much as opening her identity itself, on every read and for every row of a search page.
 * A hit needs the same participant and the same wrapped key as an unwrap that succeeded, so a re-wrapped
 * key (rotation) or an erased record ("erased" is not a wrapped key) never finds a stale entry. Bounded in
 * count and in age counted from the unwrap (not from the last use), and swept: a key nobody asks for again,
 * such as an erased participant's on another instance, leaves memory within maxAgeMs + sweepMs. Erasure on
 * this instance also forgets it at once (forgetParticipantKey).
 */
export const DATA_KEY_CACHE = { maxEntries: 2_000, maxAgeMs: 2 * 60_000, sweepMs: 30_000 };
type CachedKey = { wrapped: string; key: ParticipantKey; at: number };
const caches = new Map<KeyRing, Map<string, CachedKey>>();
let sweeper: NodeJS.Timeout | null = null;

/** Drops every key older than maxAgeMs (the sweeper does this every sweepMs; tests call it directly). */
export function sweepParticipantKeys(now = performance.now()): void {
  for (const [ring, cache] of caches) {
    // Oldest unwraps first (a hit re-inserts its entry but keeps its age, so this is close to age order).
    for (const [id, e] of cache) if (now - e.at >= DATA_KEY_CACHE.maxAgeMs) cache.delete(id);
    if (cache.size === 0) caches.delete(ring);
  }
  if (caches.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
}

export function unwrapParticipantKey(keys: KeyRing, participantId: string, wrapped: string): ParticipantKey {
  let cache = caches.get(keys);
  if (!cache) {
    cache = new Map();
    caches.set(keys, cache);
  }
  if (!sweeper) {
    sweeper = setInterval(() => sweepParticipantKeys(), DATA_KEY_CACHE.sweepMs);
    sweeper.unref();
  }
  const now = performance.now();
  const hit = cache.get(participantId);
  if (hit) {
    cache.delete(participantId);
    if (hit.wrapped === wrapped && now - hit.at < DATA_KEY_CACHE.maxAgeMs) {
      cache.set(participantId, hit); // most recently used last; its age still counts from the unwrap
      return hit.key;
    }
  }
  const keyId = sealedKeyId(wrapped);
  const kek = keys.kekById(keyId);
  if (!kek) throw new SealError(`Data key is wrapped under master key ${keyId}, which is not configured`);
  const key = new ParticipantKey(participantId, open(kek, wrapped, `participant_keys|dek|${participantId}`));
  cache.set(participantId, { wrapped, key, at: now });
  if (cache.size > DATA_KEY_CACHE.maxEntries) cache.delete(cache.keys().next().value!);
  return key;
}

/** Services closing: every key unwrapped under this key ring leaves memory. */
export function forgetKeyRing(keys: KeyRing): void {
  caches.delete(keys);
}

/** Whether her unwrapped data key is held now (tests: erasure forgets it). */
export function isParticipantKeyCached(keys: KeyRing, participantId: string): boolean {
  return caches.get(keys)?.has(participantId) ?? false;
}

/** Erasure: her unwrapped data key leaves this process's cache at once. */
export function forgetParticipantKey(keys: KeyRing, participantId: string): void {
  caches.get(keys)?.delete(participantId);
}

/** Re-wraps a data key under the current master key (rotation). */
export function rewrapParticipantKey(keys: KeyRing, participantId: string, wrapped: string): string {
  const keyId = sealedKeyId(wrapped);
  if (keyId === keys.kekId) return wrapped;
  const kek = keys.kekById(keyId);
  if (!kek) throw new SealError(`Data key is wrapped under master key ${keyId}, which is not configured`);
  const dek = open(kek, wrapped, `participant_keys|dek|${participantId}`);
  return seal(keys.kek, keys.kekId, dek, `participant_keys|dek|${participantId}`);
}
