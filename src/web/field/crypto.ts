// The field cache's cryptography, all WebCrypto: a random AES-GCM-256 data key seals every record; it is kept only
// wrapped, once under a key derived from her PIN (PBKDF2-SHA-256) and once under the key the server releases at
// sign-in. Unwrapped, the data key lives in memory as a non-extractable CryptoKey, so even a script running in the
// page cannot copy it out; it is extractable only for the moment a new PIN wraps it again (see rewrapUnderPin).

/** PBKDF2's work factor for a new PIN key; stored with the wrapped key, so a later raise leaves old caches readable. */
export const PBKDF2_ITERATIONS = 600_000;
/** The least a caller may ask for: the unit tests pass a low count explicitly; nothing lower is ever accepted. */
const MIN_ITERATIONS = 1_000;

const AES_GCM = 'AES-GCM';
const DATA_KEY_USAGES: KeyUsage[] = ['encrypt', 'decrypt'];

/** A sealed value: AES-GCM's 12-byte nonce and the ciphertext with its tag. */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

/** The data key wrapped under one key-encryption key. */
export type Wrapped = Sealed;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Binds a sealed value to its place: a record moved to another table or key fails to open. */
export const aad = (table: string, key: string): Uint8Array<ArrayBuffer> =>
  encoder.encode(`berdaya-field|${table}|${key}`);

export const randomBytes = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A fresh data key. Extractable only so that it can be wrapped; the caller keeps an unwrapped, non-extractable copy. */
export const generateDataKey = (): Promise<CryptoKey> =>
  crypto.subtle.generateKey({ name: AES_GCM, length: 256 }, true, DATA_KEY_USAGES);

/** The key-encryption key from her PIN. Non-extractable; can only wrap and unwrap. */
export async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) throw new Error('PBKDF2 iterations too low');
  const base = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations, hash: 'SHA-256' },
    base,
    { name: AES_GCM, length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** The server's key (base64 or base64url of 32 bytes), imported non-extractable. */
export async function serverKey(text: string): Promise<CryptoKey> {
  const raw = fromBase64(text);
  if (raw.length !== 32) throw new Error('The server key must be 32 bytes');
  try {
    return await crypto.subtle.importKey('raw', raw, AES_GCM, false, ['wrapKey', 'unwrapKey']);
  } finally {
    raw.fill(0);
  }
}

/** Wraps the data key under a key-encryption key; `purpose` ('pin' | 'server') is bound in as associated data. */
export async function wrap(dataKey: CryptoKey, kek: CryptoKey, purpose: 'pin' | 'server'): Promise<Wrapped> {
  const iv = randomBytes(12);
  const ct = await crypto.subtle.wrapKey('raw', dataKey, kek, {
    name: AES_GCM,
    iv,
    additionalData: aad('wrapped', purpose),
  });
  return { iv, ct: new Uint8Array(ct) };
}

/**
 * Unwraps the data key. Non-extractable unless `extractable` is asked for — only setPin does, to wrap it under a
 * new PIN, and drops it at once. Rejects (OperationError) when the key-encryption key is the wrong one.
 */
export function unwrap(
  wrapped: Wrapped,
  kek: CryptoKey,
  purpose: 'pin' | 'server',
  extractable = false,
): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey(
    'raw',
    wrapped.ct,
    kek,
    { name: AES_GCM, iv: wrapped.iv, additionalData: aad('wrapped', purpose) },
    { name: AES_GCM, length: 256 },
    extractable,
    DATA_KEY_USAGES,
  );
}

/** Seals a JSON value for one place (table and key). */
export async function seal(dataKey: CryptoKey, table: string, key: string, value: unknown): Promise<Sealed> {
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt(
    { name: AES_GCM, iv, additionalData: aad(table, key) },
    dataKey,
    encoder.encode(JSON.stringify(value)),
  );
  return { iv, ct: new Uint8Array(ct) };
}

/** Opens a value sealed for this place; rejects when it was altered or moved. */
export async function unseal<T>(dataKey: CryptoKey, table: string, key: string, sealed: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt(
    { name: AES_GCM, iv: sealed.iv, additionalData: aad(table, key) },
    dataKey,
    sealed.ct,
  );
  return JSON.parse(decoder.decode(plain));
}
