// Per-participant data keys (DEK): a random 32-byte key per participant, stored only wrapped (AES-256-GCM) under
// her province's key (province-keys.ts, decision 044), with that key's id; data keys made before province keys
// existed are wrapped under the master key, name its id, and still open. Rotating a province's key re-wraps its
// DEKs; destroying a DEK crypto-shreds that participant's identity, notes and files.
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { KeyRing } from './keys.ts';
import { systemClock, type Clock } from '../clock.ts';
import { open, openText, seal, sealedKeyId, SealError } from './seal.ts';
import { isProvinceKeyId, keyProvinceOf, ProvinceKeyRing, type ProvinceKey } from './province-keys.ts';

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

const dekAad = (participantId: string) => `participant_keys|dek|${participantId}`;

/** A new data key wrapped under her province's key (or, for the tests of the old form, the master key). */
export function newParticipantKey(
  wrapping: KeyRing | ProvinceKey,
  participantId: string,
): { key: ParticipantKey; wrapped: string } {
  const dek = randomBytes(32);
  const wrapped =
    'kekId' in wrapping
      ? seal(wrapping.kek, wrapping.kekId, dek, dekAad(participantId))
      : seal(wrapping.key, wrapping.keyId, dek, dekAad(participantId));
  return { key: new ParticipantKey(participantId, dek), wrapped };
}

/** The raw data key inside a wrapped one: under a province key, or under a master key (the older form). */
function unwrapDek(keys: KeyRing, provinces: ProvinceKeyRing | undefined, participantId: string, wrapped: string) {
  const keyId = sealedKeyId(wrapped);
  if (isProvinceKeyId(keyId)) {
    if (!provinces) throw new SealError(`Data key is wrapped under province key ${keyId}, which is not loaded`);
    return open(provinces.byId(keyId).key, wrapped, dekAad(participantId));
  }
  const kek = keys.kekById(keyId);
  if (!kek) throw new SealError(`Data key is wrapped under master key ${keyId}, which is not configured`);
  return open(kek, wrapped, dekAad(participantId));
}

/** Opens a participant's wrapped data key (no cache: see DataKeyCache). */
export function openParticipantKey(
  keys: KeyRing,
  participantId: string,
  wrapped: string,
  provinces?: ProvinceKeyRing,
): ParticipantKey {
  return new ParticipantKey(participantId, unwrapDek(keys, provinces, participantId, wrapped));
}

/** Re-wraps a data key under a province key (rotation, transfer, the move from the master key); unchanged if so. */
export function rewrapParticipantKeyUnder(
  keys: KeyRing,
  provinces: ProvinceKeyRing,
  participantId: string,
  wrapped: string,
  target: ProvinceKey,
): string {
  if (sealedKeyId(wrapped) === target.keyId) return wrapped;
  return seal(target.key, target.keyId, unwrapDek(keys, provinces, participantId, wrapped), dekAad(participantId));
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
    /** The opened province keys (memory only), which unwrap the data keys. */
    readonly provinces: ProvinceKeyRing = new ProvinceKeyRing(keys),
  ) {}

  /** A new participant's data key, wrapped under her province's current key (made on first need), in `exec`. */
  async newKey(
    exec: Kysely<Database> | Transaction<Database>,
    participantId: string,
    regionCode: string,
    now: string,
  ): Promise<{ key: ParticipantKey; wrapped: string }> {
    return newParticipantKey(await this.provinces.current(exec, keyProvinceOf(regionCode), now), participantId);
  }

  /**
   * Her data key wrapped for another region's province (a transfer between provinces): opened under its key now,
   * sealed under the current key of the province `regionCode` lies in — inside the transfer's transaction, which
   * writes the result with her new region. Unchanged when it is already under that key.
   */
  async rewrapForRegion(
    exec: Kysely<Database> | Transaction<Database>,
    participantId: string,
    wrapped: string,
    regionCode: string,
    now: string,
  ): Promise<string> {
    const target = await this.provinces.current(exec, keyProvinceOf(regionCode), now);
    return rewrapParticipantKeyUnder(this.keys, this.provinces, participantId, wrapped, target);
  }

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
    const key = openParticipantKey(this.keys, participantId, wrapped, this.provinces);
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

  /** Services closing: every key leaves memory, province keys too. */
  clear(): void {
    this.cache.clear();
    this.provinces.clear();
    this.stopSweeping();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}

/** Re-wraps a data key of the older form under the current master key; one under a province key is unchanged. */
export function rewrapParticipantKey(keys: KeyRing, participantId: string, wrapped: string): string {
  const keyId = sealedKeyId(wrapped);
  if (keyId === keys.kekId || isProvinceKeyId(keyId)) return wrapped;
  const kek = keys.kekById(keyId);
  if (!kek) throw new SealError(`Data key is wrapped under master key ${keyId}, which is not configured`);
  const dek = open(kek, wrapped, `participant_keys|dek|${participantId}`);
  return seal(keys.kek, keys.kekId, dek, `participant_keys|dek|${participantId}`);
}
