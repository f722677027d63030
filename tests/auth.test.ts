// Sign-in, sessions, 2FA, throttling and first-admin setup, on every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { totpCode } from '../src/server/modules/auth/totp.ts';

describe.each(DIALECTS)('auth on %s', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await makeEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('health names the database', async () => {
    const res = await new Client(env.app).get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok', database: dialect });
  });

  it('first admin: only with the one-time token, which dies once used', async () => {
    const c = new Client(env.app);
    expect(json(await c.get('/api/setup'))).toEqual({ setupNeeded: true });
    const token = (await env.built.setup.issueToken())!;
    expect(token).toBeTruthy();

    expect((await c.post('/api/setup/mfa', { token: 'not-the-token-at-all' })).statusCode).toBe(403);
    const mfa = json(await c.post('/api/setup/mfa', { token }));
    expect(mfa.secret).toMatch(/^[A-Z2-7]+$/);
    expect(mfa.qrDataUrl).toMatch(/^data:image\/png;base64,/);

    const body = {
      token,
      username: 'kepala.data',
      name: 'Operator Data',
      password: 'Loksado-bamboo-rafting-2026',
      totpSecret: mfa.secret,
    };
    const wrongCode = await c.post('/api/setup', { ...body, totp: '000000' });
    expect(wrongCode.statusCode).toBe(400);
    const weak = await c.post('/api/setup', {
      ...body,
      password: 'password1234',
      totp: totpCode(mfa.secret, env.clock.now()),
    });
    expect(json(weak).error.code).toBe('password_policy');

    const ok = await c.post('/api/setup', { ...body, totp: totpCode(mfa.secret, env.clock.now()) });
    expect(ok.statusCode).toBe(201);
    expect(json(ok).user).toMatchObject({
      username: 'kepala.data',
      role: 'admin',
      regions: ['63'],
      mfaEnabled: true,
      mustEnrolMfa: false,
    });
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);

    // The same link again: refused, and no second token is issued once accounts exist.
    const again = await new Client(env.app).post('/api/setup', {
      ...body,
      username: 'intruder',
      totp: totpCode(mfa.secret, env.clock.now()),
    });
    expect(again.statusCode).toBe(410);
    expect(json(again).error.code).toBe('setup_not_available');
    expect(await env.built.setup.issueToken()).toBeNull();
    expect(json(await c.get('/api/setup'))).toEqual({ setupNeeded: false });
  });

  it('admin sign-in needs the TOTP code, and a code works only once', async () => {
    const admin = await seedUser(env, 'admin');
    const c = new Client(env.app);
    const noCode = await c.post('/api/auth/login', { username: admin.username, password: admin.password });
    expect(noCode.statusCode).toBe(401);
    expect(json(noCode).error.code).toBe('mfa_required');
    expect(c.cookie).toBeNull();

    env.clock.advance(30_000);
    const code = totpCode(admin.totpSecret!, env.clock.now());
    const ok = await c.post('/api/auth/login', { username: admin.username, password: admin.password, totp: code });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).user).toMatchObject({ username: admin.username, role: 'admin', regions: ['63'] });
    const cookie = ok.cookies.find((k) => k.name === 'berdaya_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits

    const replay = await new Client(env.app).post('/api/auth/login', {
      username: admin.username,
      password: admin.password,
      totp: code,
    });
    expect(replay.statusCode).toBe(401);
    expect(json(replay).error.code).toBe('mfa_invalid');
  });

  it('the session token is stored only as a hash', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const c = await signIn(env, cw);
    const token = c.cookie!.split('=')[1]!;
    const rows = await env.booted.services.db.kysely
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', cw.id)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).not.toContain(token);
  });

  it('ten wrong passwords lock the account for a while, even against the right password', async () => {
    const cw = await seedUser(env, 'caseworker', ['6372']);
    const c = new Client(env.app, '10.9.9.9');
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      codes.push(
        (await c.post('/api/auth/login', { username: cw.username, password: `wrong-password-${i}` })).statusCode,
      );
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429, 429, 429, 429]);
    const right = await new Client(env.app, '10.9.9.10').post('/api/auth/login', {
      username: cw.username,
      password: cw.password,
    });
    expect(right.statusCode).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(right).error.code).toBe('too_many_attempts');
    // Not forever: after the delay the right password works.
    env.clock.advance(31_000);
    expect(
      (await new Client(env.app, '10.9.9.10').post('/api/auth/login', { username: cw.username, password: cw.password }))
        .statusCode,
    ).toBe(200);
  });

  it('delays grow with further failures but are capped', async () => {
    const cw = await seedUser(env, 'caseworker', ['6372']);
    const c = new Client(env.app, '10.9.8.1');
    const retryAfter: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (;;) {
        const res = await c.post('/api/auth/login', { username: cw.username, password: 'nope-nope-nope' });
        if (res.statusCode === 429) {
          retryAfter.push(Number(res.headers['retry-after']));
          env.clock.advance(Number(res.headers['retry-after']) * 1000);
          break;
        }
      }
    }
    for (let i = 1; i < retryAfter.length; i++) expect(retryAfter[i]).toBeGreaterThanOrEqual(retryAfter[i - 1]!);
    expect(Math.max(...retryAfter)).toBeLessThanOrEqual(15 * 60);
    expect(retryAfter[retryAfter.length - 1]).toBeGreaterThan(retryAfter[0]!);
  });

  it('an unknown user and a wrong password get the same answer', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const a = await new Client(env.app, '10.1.1.1').post('/api/auth/login', {
      username: cw.username,
      password: 'wrong-password-123',
    });
    const b = await new Client(env.app, '10.1.1.2').post('/api/auth/login', {
      username: 'nobody.here',
      password: 'wrong-password-123',
    });
    expect(a.statusCode).toBe(b.statusCode);
    const strip = (r: typeof a) => ({ ...json(r).error, requestId: undefined });
    expect(strip(a)).toEqual(strip(b));
    // Unknown users are throttled too, so lockout behaviour does not reveal who exists.
    const c = new Client(env.app, '10.1.1.3');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await c.post('/api/auth/login', { username: 'ghost.user', password: 'x-wrong-password' })).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('sign-out ends the session on the server', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const c = await signIn(env, cw);
    const saved = c.cookie;
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    c.cookie = saved; // replay the old cookie
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('idle and absolute timeouts end sessions', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const c = await signIn(env, cw);
    env.clock.advance(29 * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    env.clock.advance(31 * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    const d = await signIn(env, cw);
    for (let i = 0; i < 26; i++) {
      env.clock.advance(28 * 60_000); // active every 28 minutes …
      const res = await d.get('/api/auth/me');
      if (i < 25) expect(res.statusCode).toBe(200);
      else expect(res.statusCode).toBe(401); // … but never past 12 hours
    }
  });

  it('a new token at every sign-in (no fixation)', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const c1 = await signIn(env, cw);
    const c2 = await signIn(env, cw);
    expect(c1.cookie).not.toEqual(c2.cookie);
    // A client that arrives with a planted cookie gets a different one after signing in.
    const planted = new Client(env.app);
    planted.cookie = 'berdaya_session=planted-value-from-attacker';
    await planted.post('/api/auth/login', { username: cw.username, password: cw.password });
    expect(planted.cookie).not.toContain('planted-value');
  });

  it('password change: policy, all sessions revoked, a fresh one for this client', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const other = await signIn(env, cw);
    const c = await signIn(env, cw);
    const short = await c.post('/api/auth/password', { currentPassword: cw.password, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    const common = await c.post('/api/auth/password', { currentPassword: cw.password, newPassword: 'qwertyuiop123' });
    expect(json(common).error.code).toBe('password_policy');
    const wrongCurrent = await c.post('/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: 'Intan-Cempaka-diamond-77',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    const before = c.cookie;
    const ok = await c.post('/api/auth/password', {
      currentPassword: cw.password,
      newPassword: 'Intan-Cempaka-diamond-77',
    });
    expect(ok.statusCode).toBe(200);
    expect(c.cookie).not.toEqual(before);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    const old = new Client(env.app);
    old.cookie = before;
    expect((await old.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a manager without 2FA must enrol before anything else', async () => {
    const adminUser = await seedUser(env, 'admin');
    const admin = await signIn(env, adminUser);
    const created = await admin.post('/api/users', {
      username: 'kasi.rehsos',
      role: 'manager',
      regions: ['63'],
      password: 'Pasar-Terapung-Lok-Baintan',
    });
    expect(created.statusCode).toBe(201);
    // The installation's first head of section: nobody could approve her yet, so the administrator makes her alone,
    // once, flagged (every later account that reads cases waits for a second person).
    expect(json(created)).toMatchObject({ active: true, lastDecision: { kind: 'FIRST_APPROVER', status: 'DIRECT' } });
    const m = new Client(env.app);
    const login = await m.post('/api/auth/login', { username: 'kasi.rehsos', password: 'Pasar-Terapung-Lok-Baintan' });
    expect(login.statusCode).toBe(200);
    expect(json(login).user).toMatchObject({ mustChangePassword: true, mustEnrolMfa: true });
    expect(json(await m.get('/api/users')).error.code).toBe('password_change_required');
    expect(
      (
        await m.post('/api/auth/password', {
          currentPassword: 'Pasar-Terapung-Lok-Baintan',
          newPassword: 'Menara-Pandang-Banjarmasin',
        })
      ).statusCode,
    ).toBe(200);
    const blocked = await m.get('/api/audit');
    expect(blocked.statusCode).toBe(403);
    expect(json(blocked).error.code).toBe('mfa_enrolment_required');
    const enrol = json(await m.post('/api/auth/mfa/enrol'));
    expect((await m.post('/api/auth/mfa/confirm', { totp: '123456' })).statusCode).toBe(400);
    env.clock.advance(30_000);
    const done = await m.post('/api/auth/mfa/confirm', { totp: totpCode(enrol.secret, env.clock.now()) });
    expect(done.statusCode).toBe(200);
    expect(json(done).user).toMatchObject({ mfaEnabled: true, mustEnrolMfa: false });
    // Now the manager signs in with a code.
    const fresh = new Client(env.app);
    expect(
      json(await fresh.post('/api/auth/login', { username: 'kasi.rehsos', password: 'Menara-Pandang-Banjarmasin' }))
        .error.code,
    ).toBe('mfa_required');
    env.clock.advance(30_000);
    expect(
      (
        await fresh.post('/api/auth/login', {
          username: 'kasi.rehsos',
          password: 'Menara-Pandang-Banjarmasin',
          totp: totpCode(enrol.secret, env.clock.now()),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('sessions and throttling are shared by two app instances on one database', async () => {
    const second = await env.second();
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const c = await signIn(env, cw);
    const onSecond = new Client(second.app);
    onSecond.cookie = c.cookie;
    expect(json(await onSecond.get('/api/auth/me')).user.username).toBe(cw.username);
    await onSecond.post('/api/auth/logout');
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    const target = await seedUser(env, 'caseworker', ['6371']);
    for (let i = 0; i < 5; i++) {
      const app = i % 2 === 0 ? env.app : second.app;
      await new Client(app, `10.7.0.${i}`).post('/api/auth/login', {
        username: target.username,
        password: 'wrong-wrong-wrong',
      });
    }
    expect(
      (
        await new Client(second.app, '10.7.1.1').post('/api/auth/login', {
          username: target.username,
          password: target.password,
        })
      ).statusCode,
    ).toBe(429);
  });
});
