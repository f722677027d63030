// Per-participant data keys (DEK): a random 32-byte key per participant, stored only wrapped (AES-256-GCM)
// under the master key, with the master key's id. Rotating the master key re-wraps DEKs; destroying a DEK
// crypto-shreds that participant's identity, notes and files.
import { randomBytes } from 'node:crypto';
import type { KeyRing } from './keys.ts';
import { systemClock, type Clock } from '../clock.ts';
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

/** Opens a participant's wrapped data key (no cache: see DataKeyCache). */
export function openParticipantKey(keys: KeyRing, participantId: string, wrapped: string): ParticipantKey {
  const keyId = sealedKeyId(wrapped);
  const kek = keys.kekById(keyId);
  if (!kek) throw new SealError(`Data key is wrapped under master key ${keyId}, which is not configured`);
  return new ParticipantKey(participantId, open(kek, wrapped, `participant_keys|dek|${participantId}`));
}

/** How many unwrapped keys are held, for how long (counted from the unwrap), and how often old ones are swept. */
export const DATA_KEY_CACHE = { maxEntries: 2_000, maxAgeMs: 2 * 60_000, sweepMs: 30_000 };
type CachedKey = { wrapped: string; key: ParticipantKey; at: number };

/**
 * Unwrapped data keys, kept a short while (decision 013): unwrapping is an AES-GCM decryption whose set-up
 * costs about as much as opening her identity itself, on every read and for every row of a search page.
 * A hit needs the same participant and the same wrapped key as an unwrap that succeeded, so a re-wrapped
 * key (rotation) or an erased record ("erased" is not a wrapped key) never finds a stale entry. Bounded in
 * count and in age counted from the unwrap (not from the last use) on the injected clock, and swept: a key
 * nobody asks for again, such as an erased participant's on another instance, leaves memory within
 * maxAgeMs + sweepMs. Erasure on this instance also forgets it at once (forget). One per running process's
 * services, under its key ring.
 */
export class DataKeyCache {
  private readonly cache = new Map<string, CachedKey>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly keys: KeyRing,
    private readonly clock: Clock = systemClock,
  ) {}

  unwrap(participantId: string, wrapped: string): ParticipantKey {
    const now = this.clock.ticks();
    const hit = this.cache.get(participantId);
    if (hit) {
      this.cache.delete(participantId);
      if (hit.wrapped === wrapped && now - hit.at < DATA_KEY_CACHE.maxAgeMs) {
        this.cache.set(participantId, hit); // most recently used last; its age still counts from the unwrap
        return hit.key;
      }
    }
    const key = openParticipantKey(this.keys, participantId, wrapped);
    this.cache.set(participantId, { wrapped, key, at: now });
    if (this.cache.size > DATA_KEY_CACHE.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), DATA_KEY_CACHE.sweepMs);
      this.sweeper.unref();
    }
    return key;
  }

  /** Drops every key older than maxAgeMs (the sweeper does this every sweepMs). */
  sweep(): void {
    const now = this.clock.ticks();
    // Oldest unwraps first (a hit re-inserts its entry but keeps its age, so this is close to age order).
    for (const [id, e] of this.cache) if (now - e.at >= DATA_KEY_CACHE.maxAgeMs) this.cache.delete(id);
    if (this.cache.size === 0) this.stopSweeping();
  }

  /** Whether her unwrapped data key is held now (tests: erasure forgets it). */
  has(participantId: string): boolean {
    return this.cache.has(participantId);
  }

  /** Erasure: her unwrapped data key leaves this process's memory at once. */
  forget(participantId: string): void {
    this.cache.delete(participantId);
  }

  /** Services closing: every key leaves memory. */
  clear(): void {
    this.cache.clear();
    this.stopSweeping();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
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
