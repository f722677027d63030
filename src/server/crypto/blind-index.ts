// Blind indexes: keyed HMACs that let us find equal values without storing or decrypting them.
// NIK: HMAC of the normalised 16 digits (exact duplicates). Names: HMACs of each word's prefixes (3–10
// characters) after normalising (NFKD, no marks, lower case), truncated to 8 bytes, for prefix search.
// Keys are derived from the master key under their own labels, never the encryption keys.
import { createHmac } from 'node:crypto';
import type { KeyRing } from './keys.ts';

const MIN_PREFIX = 3;
const MAX_PREFIX = 10;

export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function nikIndex(keys: KeyRing, normalisedNik: string): string {
  return createHmac('sha256', keys.subkey('nik-index')).update(normalisedNik).digest('hex');
}

function token(keys: KeyRing, text: string): string {
  return createHmac('sha256', keys.subkey('name-index')).update(text).digest('hex').slice(0, 16);
}

/** Tokens to store for a set of names (full and preferred): every prefix of every word. */
export function nameTokens(keys: KeyRing, names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    for (const word of normaliseName(name).split(' ')) {
      if (word.length < MIN_PREFIX) {
        if (word.length > 0) out.add(token(keys, `w:${word}`));
        continue;
      }
      for (let n = MIN_PREFIX; n <= Math.min(MAX_PREFIX, word.length); n++)
        out.add(token(keys, `p:${word.slice(0, n)}`));
    }
  }
  return [...out];
}

/** Tokens a query must all match: one per query word (its prefix, capped at 10 characters). */
export function queryTokens(keys: KeyRing, query: string): string[] {
  const words = normaliseName(query).split(' ').filter(Boolean);
  return words.map((w) => (w.length < MIN_PREFIX ? token(keys, `w:${w}`) : token(keys, `p:${w.slice(0, MAX_PREFIX)}`)));
}

/** Likely-duplicate key: the normalised full name with the birth date. */
export function nameDobIndex(keys: KeyRing, fullName: string, birthDate: string): string {
  return createHmac('sha256', keys.subkey('name-index'))
    .update(`d:${normaliseName(fullName)}|${birthDate}`)
    .digest('hex');
}
