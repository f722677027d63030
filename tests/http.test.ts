// Hardening at the edge: headers, CSRF, content types, body limits, prototype pollution, the error shape,
// and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';

describe.each(DIALECTS)('http hardening on %s', (dialect) => {
  let env: TestEnv;
  let admin: TestUser;
  let a: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    admin = await seedUser(env, 'admin');
    a = await signIn(env, admin);
  });
  afterAll(async () => {
    await env?.close();
  });
  const raw = (opts: InjectOptions) => env.app.inject(opts);

  it('sends the security headers', async () => {
    const res = await a.get('/api/auth/me');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain HTTP in this test
  });

  it('HSTS and a Secure __Host- cookie behind HTTPS', async () => {
    const httpsEnv = await makeEnv(dialect, { BERDAYA_HTTPS: 'true' });
    try {
      const u = await seedUser(httpsEnv, 'caseworker', ['6371']);
      const res = await httpsEnv.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { host: 'berdaya.test', origin: 'https://berdaya.test', 'content-type': 'application/json' },
        payload: JSON.stringify({ username: u.username, password: u.password }),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      const cookie = res.cookies[0]!;
      expect(cookie.name).toBe('__Host-berdaya_session');
      expect(cookie.secure).toBe(true);
      expect(cookie.path).toBe('/');
    } finally {
      await httpsEnv.close();
    }
  });

  it('refuses state changes from another origin, or with no origin at all', async () => {
    const body = { username: 'x.csrf', role: 'caseworker', regions: ['6371'], password: 'Cross-site-request-1' };
    const evil = await a.request('POST', '/api/users', body, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(json(evil).error.code).toBe('csrf_rejected');
    const noOrigin = await raw({
      method: 'POST',
      url: '/api/users',
      headers: { host: 'berdaya.test', cookie: a.cookie!, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(noOrigin.statusCode).toBe(403);
    const sameSite = await raw({
      method: 'POST',
      url: '/api/users',
      headers: {
        host: 'berdaya.test',
        cookie: a.cookie!,
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      payload: JSON.stringify(body),
    });
    expect(sameSite.statusCode).toBe(403);
    const fetchMeta = await raw({
      method: 'POST',
      url: '/api/users',
      headers: {
        host: 'berdaya.test',
        cookie: a.cookie!,
        'content-type': 'application/json',
        'sec-fetch-site': 'same-origin',
      },
      payload: JSON.stringify(body),
    });
    expect(fetchMeta.statusCode).toBe(201);
  });

  it('refuses text/plain and form posts to JSON routes (415), and GET cannot change state', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await raw({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { host: 'berdaya.test', origin: 'http://berdaya.test', cookie: a.cookie!, 'content-type': type },
        payload: 'a=b',
      });
      expect(res.statusCode).toBe(415);
      expect(json(res).error.code).toBe('unsupported_media_type');
    }
    expect((await a.get('/api/auth/logout')).statusCode).toBe(404);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200); // still signed in
  });

  it('refuses prototype-pollution keys, bad JSON and oversized bodies with the one error shape', async () => {
    const proto = await raw({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'berdaya.test', origin: 'http://berdaya.test', 'content-type': 'application/json' },
      payload: '{"username":"a","password":"b","__proto__":{"admin":true}}',
    });
    expect(proto.statusCode).toBe(400);
    const ctor = await raw({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'berdaya.test', origin: 'http://berdaya.test', 'content-type': 'application/json' },
      payload: '{"username":"a","password":"b","constructor":{"prototype":{"x":1}}}',
    });
    expect(ctor.statusCode).toBe(400);
    const broken = await raw({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'berdaya.test', origin: 'http://berdaya.test', 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(broken.statusCode).toBe(400);
    expect(json(broken).error.code).toBe('bad_request');
    const big = await raw({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'berdaya.test', origin: 'http://berdaya.test', 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(300_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(json(big).error.code).toBe('payload_too_large');
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
    const deepRes = await raw({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'berdaya.test', origin: 'http://berdaya.test', 'content-type': 'application/json' },
      payload: `{"username":"a","password":"b","totp":${deep}}`,
    });
    expect(deepRes.statusCode).toBe(400);
    for (const r of [proto, ctor, broken, big, deepRes]) {
      const e = json(r).error;
      expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['code', 'message', 'requestId']));
      expect(r.body).not.toMatch(/at .*\.(ts|js):\d+|node_modules|SELECT|sqlite|postgres/i);
    }
  });

  it('validation errors name each bad field', async () => {
    const res = await a.post('/api/users', { username: 'A B', role: 'boss', regions: [], password: 'short' });
    expect(res.statusCode).toBe(400);
    const fields = json(res)
      .error.details.map((d: { field: string }) => d.field)
      .sort();
    expect(fields).toEqual(['body.password', 'body.regions', 'body.role', 'body.username']);
  });

  it('normalises names once: NFC, and no bidi or zero-width characters', async () => {
    const res = await a.post('/api/users', {
      username: 'cw.unicode',
      role: 'caseworker',
      regions: ['6371'],
      password: 'Unicode-normal-form-1',
      name: 'Nu\u0301r\u200B \u202EAisyah',
    });
    expect(res.statusCode).toBe(201);
    expect(json(res).name).toBe('N\u00farAisyah'.replace('rA', 'r A'));
    const ctrl = await a.post('/api/users', {
      username: 'cw.ctrl',
      role: 'caseworker',
      regions: ['6371'],
      password: 'Control-characters-1',
      name: 'Bad\u0000Name',
    });
    expect(ctrl.statusCode).toBe(400);
  });

  it('unknown API paths are JSON 404s; invalid ids are 400s', async () => {
    const res = await a.get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(json(res).error.code).toBe('not_found');
    expect((await a.get('/api/users/not-a-uuid')).statusCode).toBe(400);
  });

  it('documents every route in OpenAPI 3.1', async () => {
    const doc = json(await new Client(env.app).get('/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    for (const r of [
      'GET /api/health',
      'GET /api/setup',
      'POST /api/setup',
      'POST /api/setup/mfa',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'GET /api/auth/me',
      'POST /api/auth/password',
      'POST /api/auth/mfa/enrol',
      'POST /api/auth/mfa/confirm',
      'GET /api/users',
      'POST /api/users',
      'GET /api/users/{id}',
      'PATCH /api/users/{id}',
      'GET /api/audit',
    ])
      expect(routes).toContain(r);
    expect(doc.paths['/api/users'].post.requestBody.content['application/json'].schema.properties.role.enum).toContain(
      'psychologist',
    );
  });
});
