// Per-participant data keys (DEK): a random 32-byte key per participant, stored only wrapped (AES-256-GCM)
// under the master key, with the master key's id. Rotating the master key re-wraps DEKs; destroying a DEK
// crypto-shreds that participant's identity, notes and files.
import { randomBytes } from 'node:crypto';
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

export function unwrapParticipantKey(keys: KeyRing, participantId: string, wrapped: string): ParticipantKey {
  const keyId = sealedKeyId(wrapped);
  const kek = keys.kekById(keyId);
  if (!kek) throw new SealError(`Data key is wrapped under master key ${keyId}, which is not configured`);
  return new ParticipantKey(participantId, open(kek, wrapped, `participant_keys|dek|${participantId}`));
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
