// Sign-in throttling, kept in the database so every app instance sees the same counts.
//
// An attempt is counted before anything is checked, in the one statement that reads the count (an upsert that
// returns the new count), so attempts still in flight count, on every instance: a hundred guesses sent at once
// get at most the limit evaluated. The attempt that reaches a key's limit is evaluated and, in that same
// statement, starts the key's delay; every attempt during a delay is refused without being counted. Delays double
// with each further failure and are capped, and counts fade after an hour of quiet, so nobody is locked out for
// good. A success clears the account's keys and gives its address its attempt back.
//
// Keys: the account's untrusted clients together (any address, any browser without her device cookie), the
// account from a device it signed in on before (each device its own budget, so a flood from elsewhere never
// delays her on her usual device), the address (spraying many accounts), and the second factor of the account
// on that client (a known password still gets only a few codes tried).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';

interface KeyRule {
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const THROTTLE_RULES: Record<ThrottleKind, KeyRule> = {
  account: { limit: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
  device: { limit: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
  ip: { limit: 20, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
  factor: { limit: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
};
const FORGET_AFTER_MS = 60 * 60_000;

export type ThrottleKind = 'account' | 'device' | 'ip' | 'factor';
export type ThrottleKey = { kind: ThrottleKind; value: string };
const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value}`;

/** The delay that starts when a key's count reaches `limit + over`. */
const delayMs = (rule: KeyRule, over: number) => Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** over);
/** How many distinct delays there are before the cap (the CASE of the counting statement lists each). */
const steps = (rule: KeyRule) => Math.ceil(Math.log2(rule.maxDelayMs / rule.baseDelayMs)) + 1;

function tooMany(seconds: number): AppError {
  return new AppError(
    'too_many_attempts',
    429,
    `Too many attempts. Try again in ${seconds} s.`,
    { retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt against every key, in order, before it is checked. Refused (429 with Retry-After) when a
   * key is in its delay; the keys already counted for this attempt get it back. Returns the keys whose limit this
   * attempt reached (their delay starts now), for the alert of a flood.
   */
  async claim(keys: ThrottleKey[]): Promise<ThrottleKey[]> {
    const reached: ThrottleKey[] = [];
    const counted: ThrottleKey[] = [];
    for (const k of keys) {
      const n = await this.count(k);
      if (n === null) {
        await this.giveBack(counted);
        throw tooMany(await this.secondsLeft(k));
      }
      counted.push(k);
      if (n === THROTTLE_RULES[k.kind].limit) reached.push(k);
    }
    return reached;
  }

  /** A success: the account's keys start again from nothing, the address gets its attempt back. */
  async succeeded(keys: ThrottleKey[]): Promise<void> {
    const cleared = keys.filter((k) => k.kind !== 'ip');
    if (cleared.length > 0) await this.db.deleteFrom('login_throttle').where('key', 'in', cleared.map(keyOf)).execute();
    await this.giveBack(keys.filter((k) => k.kind === 'ip'));
  }

  /**
   * The counting statement: one more attempt on the key, unless it is in its delay (then nothing is written and
   * null comes back). Reaching the limit, or any count past it, starts the next delay in the same statement.
   */
  private async count(k: ThrottleKey): Promise<number | null> {
    const rule = THROTTLE_RULES[k.kind];
    const now = this.clock.now().getTime();
    const nowIso = new Date(now).toISOString();
    const forgetBefore = new Date(now - FORGET_AFTER_MS).toISOString();
    const until = (over: number) => new Date(now + delayMs(rule, over)).toISOString();
    const row = await this.db
      .insertInto('login_throttle')
      .values({ key: keyOf(k), failures: 1, locked_until: rule.limit <= 1 ? until(0) : null, updated_at: nowIso })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => {
            // The count this attempt makes: one after a quiet hour, else one more.
            const next = () =>
              eb
                .case()
                .when('login_throttle.updated_at', '<', forgetBefore)
                .then(sql.lit(1))
                .else(eb('login_throttle.failures', '+', sql.lit(1)))
                .end();
            let lock = eb.case().when(next(), '<', sql.lit(rule.limit)).then(sql<string | null>`NULL`);
            for (let over = 0; over < steps(rule) - 1; over++)
              lock = lock
                .when(next(), '=', sql.lit(rule.limit + over))
                .then(sql<string | null>`cast(${until(over)} as text)`);
            return {
              failures: next(),
              locked_until: lock.else(sql<string | null>`cast(${until(steps(rule) - 1)} as text)`).end(),
              updated_at: nowIso,
            };
          })
          .where((eb) =>
            eb.or([eb('login_throttle.locked_until', 'is', null), eb('login_throttle.locked_until', '<=', nowIso)]),
          ),
      )
      .returning('failures')
      .executeTakeFirst();
    return row ? Number(row.failures) : null;
  }

  private async secondsLeft(k: ThrottleKey): Promise<number> {
    const row = await this.db
      .selectFrom('login_throttle')
      .select('locked_until')
      .where('key', '=', keyOf(k))
      .executeTakeFirst();
    const until = row?.locked_until ? Date.parse(row.locked_until) : 0;
    return Math.max(1, Math.ceil((until - this.clock.now().getTime()) / 1000));
  }

  /** The attempt was no guess (her password was right and only the code is missing): its count is given back. */
  async giveBack(keys: ThrottleKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .updateTable('login_throttle')
      .set((eb) => ({ failures: eb('failures', '-', sql.lit(1)) }))
      .where('key', 'in', keys.map(keyOf))
      .where('failures', '>', 0)
      .execute();
  }
}

/**
 * The device cookie: after a successful sign-in her browser holds a token bound to her username, so later
 * attempts from it are counted on their own (OWASP's device cookies). Tampered or another account's: ignored.
 */
export class DeviceCookies {
  constructor(private readonly key: Buffer) {}

  issue(username: string): string {
    const id = randomBytes(12).toString('base64url');
    return `${id}.${this.mac(username, id)}`;
  }

  /** The device's id when the cookie is this account's and untouched, else null. */
  deviceOf(username: string, cookie: string | undefined): string | null {
    if (!cookie) return null;
    const [id, mac] = cookie.split('.');
    if (!id || !mac || id.length > 32) return null;
    const want = Buffer.from(this.mac(username, id));
    const got = Buffer.from(mac);
    return want.length === got.length && timingSafeEqual(want, got) ? id : null;
  }

  private mac(username: string, id: string): string {
    return createHmac('sha256', this.key).update(`device|${username.toLowerCase()}|${id}`).digest('base64url');
  }
}
