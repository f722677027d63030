// AES-256-GCM sealing of one value, bound to where it lives (associated data "table|column|id"),
// so a ciphertext copied to another row or column does not open. Format: v1.<keyId>.<nonce>.<ct>.<tag> (base64url).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SealError extends Error {}

export function seal(key: Buffer, keyId: string, plaintext: Buffer | string, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ['v1', keyId, nonce.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join('.');
}

export function sealedKeyId(sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new SealError('Unknown ciphertext format');
  return parts[1]!;
}

export function open(key: Buffer, sealed: string, aad: string): Buffer {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new SealError('Unknown ciphertext format');
  const [, , nonceB64, ctB64, tagB64] = parts as [string, string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceB64, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tagB64, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64url')), decipher.final()]);
  } catch {
    throw new SealError('Ciphertext does not open with this key and context');
  }
}

export function openText(key: Buffer, sealed: string, aad: string): string {
  return open(key, sealed, aad).toString('utf8');
}
