// Password hashing (argon2id at OWASP's minimum: 19 MiB, t=2, p=1) and the password policy.
import fs from 'node:fs';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from '../../../shared/api.ts';
import { REFERENCE_DIR } from '../../paths.ts';

// algorithm 2 = Argon2id (a const enum in the package's types, which isolated modules cannot import).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// A hash of a random password, verified against when the username is unknown so that the answer
// takes as long as for a known user with a wrong password.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(`dummy-${Math.random().toString(36)}`);
  await verifyPassword(await dummyHash, password);
}

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  if (!common) {
    const text = fs.readFileSync(path.join(REFERENCE_DIR, 'common-passwords.txt'), 'utf8');
    common = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')));
  }
  return common;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username';

/** Length 12–256, not a common password (also with trailing digits/symbols removed), not the username. */
export function checkPasswordPolicy(password: string, username?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  if (list.has(lower) || (stripped.length > 0 && list.has(stripped))) return 'common';
  if (/^(.)\1+$/u.test(password)) return 'common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'contains_username';
  return null;
}
