// Helpers for racing real requests: pools of signed-in clients, and a tally of the answers of a race.
import type { LightMyRequestResponse } from 'fastify';
import { type Client, signIn, type TestEnv, type TestUser } from './env.ts';

/**
 * Signs `n` clients in before a race (one after the other: a TOTP sign-in moves the clock a step), each from its
 * own address. `users` is cycled: one user gives n sessions of that user, n users give one session each.
 */
export async function signInMany(env: TestEnv, users: TestUser[], n: number, net = 1): Promise<Client[]> {
  const ip = (i: number) => `10.${net}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  // Different accounts without a second factor can sign in at once (they are setup, not the race). One account's
  // sign-ins go one after the other: sign-in attempts in flight count against the account's limit.
  if (users.every((u) => !u.totpSecret) && n <= users.length)
    return Promise.all(Array.from({ length: n }, (_, i) => signIn(env, users[i % users.length]!, env.app, ip(i))));
  const out: Client[] = [];
  for (let i = 0; i < n; i++) out.push(await signIn(env, users[i % users.length]!, env.app, ip(i)));
  return out;
}

/** The error code of an answer (undefined for a success or a body that is not an error). */
export function errorCode(res: LightMyRequestResponse): string | undefined {
  try {
    return (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** "200", "412 stale_version", … counted: the whole outcome of a race in one comparable object. */
export function tally(responses: LightMyRequestResponse[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const r of responses) {
    const code = r.statusCode >= 400 ? errorCode(r) : undefined;
    const key = code ? `${r.statusCode} ${code}` : String(r.statusCode);
    t[key] = (t[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)));
}

/** Starts every request at once (each through its own client) and waits for all of them. */
export function race<T>(n: number, one: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => one(i)));
}

/** One line per race in the run's output, so a run records what happened even when it passes. */
export function note(dialect: string, what: string, outcome: unknown) {
  console.log(`[race ${dialect}] ${what}: ${JSON.stringify(outcome)}`);
}
