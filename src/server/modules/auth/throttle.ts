// Sign-in throttling, kept in the database so every app instance sees the same counts.
// After LIMIT failures on a key, attempts are refused for a delay that doubles with each further failure
// (capped), so an attacker cannot lock a colleague out for long; counts fade after an hour of quiet.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';

interface KeyRule {
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const THROTTLE_RULES: Record<'user' | 'ip', KeyRule> = {
  user: { limit: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
  ip: { limit: 20, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
};
const FORGET_AFTER_MS = 60 * 60_000;

export type ThrottleKey = { kind: 'user' | 'ip'; value: string };
const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value}`;

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Throws 429 with Retry-After when any key is locked. */
  async assertOpen(keys: ThrottleKey[]): Promise<void> {
    const now = this.clock.now().getTime();
    const rows = await this.db
      .selectFrom('login_throttle')
      .select(['key', 'locked_until'])
      .where('key', 'in', keys.map(keyOf))
      .execute();
    let until = 0;
    for (const r of rows) {
      if (r.locked_until) until = Math.max(until, Date.parse(r.locked_until));
    }
    if (until > now) {
      const seconds = Math.ceil((until - now) / 1000);
      throw new AppError(
        'too_many_attempts',
        429,
        `Too many attempts. Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
        {
          'retry-after': String(seconds),
        },
      );
    }
  }

  async recordFailure(keys: ThrottleKey[]): Promise<void> {
    const now = this.clock.now();
    for (const k of keys) {
      const rule = THROTTLE_RULES[k.kind];
      const existing = await this.db
        .selectFrom('login_throttle')
        .selectAll()
        .where('key', '=', keyOf(k))
        .executeTakeFirst();
      const stale = existing && now.getTime() - Date.parse(existing.updated_at) > FORGET_AFTER_MS;
      const failures = (existing && !stale ? existing.failures : 0) + 1;
      const over = failures - rule.limit;
      const lockedUntil =
        over >= 0
          ? new Date(now.getTime() + Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** over)).toISOString()
          : null;
      await this.db
        .insertInto('login_throttle')
        .values({ key: keyOf(k), failures, locked_until: lockedUntil, updated_at: now.toISOString() })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ failures, locked_until: lockedUntil, updated_at: now.toISOString() }),
        )
        .execute();
    }
  }

  async reset(keys: ThrottleKey[]): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', 'in', keys.map(keyOf)).execute();
  }
}
