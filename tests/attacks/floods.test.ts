// Floods of sign-in guesses, as an attacker sends them: all at once, over real sockets, split between two app
// instances on one database. Every attempt is counted before it is checked, so however many are in flight, at
// most the limit is evaluated; the rest wait out a delay. A flood from elsewhere never delays her on the device she
// signed in on before, and the heads of section of her region are alerted once.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE_RULES } from '../../src/server/modules/auth/throttle.ts';
import { totpCode } from '../../src/server/modules/auth/totp.ts';
import { DIALECTS, makeEnv, seedUser, type TestEnv } from '../support/env.ts';
import { note } from '../support/race.ts';

interface Answer {
  status: number;
  code?: string;
  setCookie: string[];
}

describe.each(DIALECTS)('sign-in floods against two instances on %s', (dialect) => {
  let env: TestEnv;
  let origins: string[] = [];
  let i = 0;

  const listen = async (app: FastifyInstance) => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };

  /** One sign-in attempt over a real socket, to one of the two instances in turn, from the address given. */
  async function attempt(body: Record<string, string>, from: string, cookie?: string): Promise<Answer> {
    const origin = origins[i++ % origins.length]!;
    const res = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'x-forwarded-for': from,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: res.status, code, setCookie: res.headers.getSetCookie() };
  }

  const count = (answers: Answer[]) => {
    const t: Record<string, number> = {};
    for (const a of answers) {
      const k = a.code ? `${a.status} ${a.code}` : String(a.status);
      t[k] = (t[k] ?? 0) + 1;
    }
    return t;
  };

  const alerts = (userId: string) =>
    env.booted.services.db.kysely
      .selectFrom('alerts')
      .select(['kind', 'region_code'])
      .where('resource_type', '=', 'user')
      .where('resource_id', '=', userId)
      .execute();

  beforeAll(async () => {
    // Behind one proxy hop: the address of each attempt is the one the proxy names.
    env = await makeEnv(dialect, { BERDAYA_TRUST_PROXY: '1' });
    const second = await env.second();
    origins = [await listen(env.app), await listen(second.app)];
  });
  afterAll(async () => {
    await env?.close();
  });

  it('250 wrong passwords at once for one account, from 250 addresses: at most the limit is evaluated', async () => {
    const her = await seedUser(env, 'caseworker', ['6372']);
    const answers = await Promise.all(
      Array.from({ length: 250 }, (_, n) =>
        attempt({ username: her.username, password: `tebakan-${n}-salah` }, `198.51.${n >> 8}.${n & 255}`),
      ),
    );
    const t = count(answers);
    note(dialect, '250 parallel wrong passwords, one account', t);
    expect(t['401 invalid_credentials'] ?? 0).toBeLessThanOrEqual(THROTTLE_RULES.account.limit);
    expect((t['401 invalid_credentials'] ?? 0) + (t['429 too_many_attempts'] ?? 0)).toBe(250);
    // The right password from a new address waits out the delay too…
    const right = await attempt({ username: her.username, password: her.password }, '203.0.113.9');
    expect(right.status).toBe(429);
    // …and is let in after it: no lock an attacker can make permanent.
    env.clock.advance(16 * 60_000);
    expect((await attempt({ username: her.username, password: her.password }, '203.0.113.9')).status).toBe(200);
    // The heads of section of her region learn of it once, not once per guess.
    expect(await alerts(her.id)).toEqual([{ kind: 'signin_flood', region_code: '6372' }]);
  });

  it('80 wrong passwords at once from one address, over many accounts: at most its limit is evaluated', async () => {
    const from = '192.0.2.80';
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, n) => attempt({ username: `orang.${n}`, password: 'semprot-kata-sandi' }, from)),
    );
    const t = count(answers);
    note(dialect, '80 parallel wrong passwords, one address', t);
    expect(t['401 invalid_credentials'] ?? 0).toBeLessThanOrEqual(THROTTLE_RULES.ip.limit);
    expect(t['401 invalid_credentials'] ?? 0).toBeGreaterThan(0);
    expect((t['401 invalid_credentials'] ?? 0) + (t['429 too_many_attempts'] ?? 0)).toBe(80);
    env.clock.advance(16 * 60_000);
  });

  it('her password known, 100 wrong codes at once: at most the limit of codes is evaluated', async () => {
    const admin = await seedUser(env, 'admin', ['63']);
    const right = totpCode(admin.totpSecret!, env.clock.now());
    const wrong = Array.from({ length: 100 }, (_, n) =>
      String((Number(right) + 1 + n * 7919) % 1_000_000).padStart(6, '0'),
    );
    const answers = await Promise.all(
      wrong.map((code, n) =>
        attempt({ username: admin.username, password: admin.password, totp: code }, `198.18.0.${n + 1}`),
      ),
    );
    const t = count(answers);
    note(dialect, '100 parallel wrong codes, password known', t);
    expect(t['401 mfa_invalid'] ?? 0).toBeLessThanOrEqual(THROTTLE_RULES.factor.limit);
    expect(t['401 mfa_invalid'] ?? 0).toBeGreaterThan(0);
    expect((t['401 mfa_invalid'] ?? 0) + (t['429 too_many_attempts'] ?? 0)).toBe(100);
    env.clock.advance(16 * 60_000);
  });

  it('a flood from elsewhere never delays her on the device she signed in on before', async () => {
    const her = await seedUser(env, 'caseworker', ['6371']);
    const home = '10.20.30.40';
    const first = await attempt({ username: her.username, password: her.password }, home);
    expect(first.status).toBe(200);
    const device = first.setCookie.find((c) => c.startsWith('berdaya_device='))?.split(';')[0];
    expect(device).toBeTruthy();
    const flood = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        attempt({ username: her.username, password: `coba-${n}-lagi` }, `100.64.${n >> 8}.${n & 255}`),
      ),
    );
    expect(count(flood)['401 invalid_credentials'] ?? 0).toBeLessThanOrEqual(THROTTLE_RULES.account.limit);
    // Her own browser goes straight in; another browser (or a cookie made for someone else) waits.
    expect((await attempt({ username: her.username, password: her.password }, home, device)).status).toBe(200);
    expect((await attempt({ username: her.username, password: her.password }, home)).status).toBe(429);
    const other = await seedUser(env, 'caseworker', ['6371']);
    const theirs = await attempt({ username: other.username, password: other.password }, '10.20.30.41');
    const theirCookie = theirs.setCookie.find((c) => c.startsWith('berdaya_device='))?.split(';')[0];
    expect((await attempt({ username: her.username, password: her.password }, home, theirCookie)).status).toBe(429);
    // Guesses on her device are counted on their own budget, at once as well.
    const onDevice = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        attempt({ username: her.username, password: `di-perangkat-${n}` }, home, device),
      ),
    );
    expect(count(onDevice)['401 invalid_credentials'] ?? 0).toBeLessThanOrEqual(THROTTLE_RULES.device.limit);
    env.clock.advance(16 * 60_000);
  });
});
