// Staff accounts, region scope, concurrency, hardening and the audit log, on every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';

describe.each(DIALECTS)('users and audit on %s', (dialect) => {
  let env: TestEnv;
  let admin: TestUser;
  let a: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    admin = await seedUser(env, 'admin', ['63'], 'admin.prov');
    a = await signIn(env, admin);
  });
  afterAll(async () => {
    await env?.close();
  });
  const verify = () => verifyAuditChain(env.booted.services.db.kysely, env.keyRing.subkey('audit-chain'));
  const auditRows = () => env.booted.services.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  it('admin creates, reads, lists and updates a user; every step is audited without secrets', async () => {
    // A caseworker reads cases: made by an administrator, she waits (inactive) for a second person.
    const created = await a.post('/api/users', {
      username: 'pendamping.bjm',
      role: 'caseworker',
      regions: ['6371'],
      password: 'Sasirangan-kain-biru-2026',
      name: 'Siti Pendamping',
    });
    expect(created.statusCode).toBe(201);
    const u = json(created);
    expect(u).toMatchObject({
      username: 'pendamping.bjm',
      role: 'caseworker',
      regions: ['6371'],
      active: false,
      mustChangePassword: true,
      version: 1,
      approval: { kind: 'CREATE', role: 'caseworker', regions: ['6371'], version: 1 },
    });
    expect(u).not.toHaveProperty('password_hash');
    expect(created.headers.etag).toBe('"1"');

    const got = await a.get(`/api/users/${u.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['cache-control']).toBe('no-store');
    const list = json(await a.get('/api/users?role=caseworker'));
    expect(list.items.map((x: { username: string }) => x.username)).toContain('pendamping.bjm');

    const patched = await a.patch(
      `/api/users/${u.id}`,
      { name: 'Siti R.', regions: ['6371', '6372'] },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode).toBe(200);
    // While she waits her request follows the change (an approver decides what she is shown).
    expect(json(patched)).toMatchObject({
      name: 'Siti R.',
      regions: ['6371', '6372'],
      version: 2,
      approval: { regions: ['6371', '6372'], version: 2 },
    });

    await env.booted.services.audit.drain();
    const rows = await auditRows();
    const actions = rows.filter((r) => r.resource_id === u.id).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'user.approval_request', 'user.read', 'user.update']),
    );
    const upd = rows.find((r) => r.action === 'user.update' && r.resource_id === u.id)!;
    expect(upd.actor_id).toBe(admin.id);
    expect(upd.request_id).toBeTruthy();
    expect(JSON.parse(upd.detail!)).toEqual({ fields: ['name', 'regions'] });
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain('Sasirangan-kain-biru-2026');
    expect(everything).not.toContain('Siti');
    expect((await verify()).ok).toBe(true);
  });

  it('If-Match is required (428) and must be current (412 with the current version)', async () => {
    const u = json(
      await a.post('/api/users', {
        username: 'fasil.roti',
        role: 'facilitator',
        regions: ['6372'],
        password: 'Roti-manis-Banjarbaru-9',
      }),
    );
    const none = await a.patch(`/api/users/${u.id}`, { name: 'Instruktur Roti' });
    expect(none.statusCode).toBe(428);
    expect(json(none).error.code).toBe('precondition_required');
    expect((await a.patch(`/api/users/${u.id}`, { name: 'Instruktur Roti' }, { 'if-match': '"1"' })).statusCode).toBe(
      200,
    );
    const stale = await a.patch(`/api/users/${u.id}`, { name: 'Lost update' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    expect(json(await a.get(`/api/users/${u.id}`)).name).toBe('Instruktur Roti');
  });

  it('mass assignment and unknown fields are refused with 400, nothing written', async () => {
    const bad = await a.post('/api/users', {
      username: 'sneaky',
      role: 'caseworker',
      regions: ['6371'],
      password: 'Sneaky-password-long-1',
      active: false,
      version: 9,
      id: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.code).toBe('validation_failed');
    const u = json(
      await a.post('/api/users', {
        username: 'cw.update',
        role: 'caseworker',
        regions: ['6371'],
        password: 'Martapura-intan-permata',
      }),
    );
    for (const body of [{ version: 7 }, { username: 'renamed' }, { password_hash: 'x' }, { createdAt: '2020-01-01' }]) {
      const res = await a.patch(`/api/users/${u.id}`, body, { 'if-match': '"1"' });
      expect(res.statusCode).toBe(400);
    }
    expect(json(await a.get(`/api/users/${u.id}`))).toMatchObject({ username: 'cw.update', version: 1 });
    const badRegion = await a.post('/api/users', {
      username: 'cw.tidakada',
      role: 'caseworker',
      regions: ['6399'],
      password: 'Kode-tidak-ada-1',
    });
    expect(badRegion.statusCode).toBe(400);
    expect(json(badRegion).error.details[0].field).toBe('body.regions.0');
    // Another province's region is a real code, but not hers to give.
    const otherProvince = await a.post('/api/users', {
      username: 'cw.jawa',
      role: 'caseworker',
      regions: ['3171'],
      password: 'Jakarta-bukan-kalsel-1',
    });
    expect(otherProvince.statusCode).toBe(403);
    expect(json(otherProvince).error.code).toBe('forbidden_region');
  });

  it('a district admin sees only its region: another region is 404, like a missing record', async () => {
    const districtAdmin = await seedUser(env, 'admin', ['6371']);
    const d = await signIn(env, districtAdmin);
    const inOther = json(
      await a.post('/api/users', {
        username: 'cw.bjb',
        role: 'caseworker',
        regions: ['6372'],
        password: 'Banjarbaru-idaman-2026',
      }),
    );
    const inOwn = json(
      await a.post('/api/users', {
        username: 'cw.bjm2',
        role: 'caseworker',
        regions: ['6371'],
        password: 'Banjarmasin-seribu-sungai',
      }),
    );
    const other = await d.get(`/api/users/${inOther.id}`);
    const missing = await d.get('/api/users/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(json(other).error.code).toBe(json(missing).error.code);
    expect(json(other).error.message).toBe(json(missing).error.message);
    expect((await d.patch(`/api/users/${inOther.id}`, { name: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(404);
    expect((await d.get(`/api/users/${inOwn.id}`)).statusCode).toBe(200);
    const names = json(await d.get('/api/users')).items.map((x: { username: string }) => x.username);
    expect(names).toContain('cw.bjm2');
    expect(names).not.toContain('cw.bjb');
    expect(names).not.toContain('admin.prov');
    const widen = await d.post('/api/users', {
      username: 'cw.widen',
      role: 'caseworker',
      regions: ['63'],
      password: 'Widening-my-scope-2026',
    });
    expect(widen.statusCode).toBe(403);
    expect(json(widen).error.code).toBe('forbidden_region');
  });

  it('other roles cannot administer users (403 on the list, 404 on records)', async () => {
    const cw = await seedUser(env, 'caseworker', ['6371']);
    const c = await signIn(env, cw);
    expect((await c.get('/api/users')).statusCode).toBe(403);
    expect((await c.get(`/api/users/${admin.id}`)).statusCode).toBe(404);
    expect(
      (
        await c.post('/api/users', {
          username: 'x.y.z',
          role: 'admin',
          regions: ['63'],
          password: 'Escalation-attempt-1',
        })
      ).statusCode,
    ).toBe(403);
    expect((await c.get('/api/audit')).statusCode).toBe(404);
    expect((await new Client(env.app).get('/api/users')).statusCode).toBe(401);
  });

  it('role changes apply on the next request; deactivation ends sessions at once', async () => {
    const target = await seedUser(env, 'auditor', ['63']);
    const t = await signIn(env, target);
    expect((await t.get('/api/audit')).statusCode).toBe(200);
    const v = json(await a.get(`/api/users/${target.id}`)).version;
    const raised = await a.patch(
      `/api/users/${target.id}`,
      { role: 'caseworker', regions: ['6372'] },
      { 'if-match': `"${v}"` },
    );
    expect(raised.statusCode).toBe(200);
    // A case role waits for a second person: until Banjarbaru's head of section approves, she is an auditor.
    expect(json(raised)).toMatchObject({ role: 'auditor', approval: { role: 'caseworker', regions: ['6372'] } });
    expect((await t.get('/api/audit')).statusCode).toBe(200);
    const kasi = await signIn(env, await seedUser(env, 'manager', ['6372']));
    const approved = await kasi.post(
      `/api/account-requests/${json(raised).approval.requestId}/decision`,
      { approve: true },
      { 'if-match': `"${json(raised).approval.version}"` },
    );
    expect(approved.statusCode).toBe(200);
    expect((await t.get('/api/audit')).statusCode).toBe(404);
    expect(json(await t.get('/api/auth/me')).user).toMatchObject({ role: 'caseworker', regions: ['6372'] });
    const v2 = json(await a.get(`/api/users/${target.id}`)).version;
    expect((await a.patch(`/api/users/${target.id}`, { active: false }, { 'if-match': `"${v2}"` })).statusCode).toBe(
      200,
    );
    expect((await t.get('/api/auth/me')).statusCode).toBe(401);
    expect(
      (
        await new Client(env.app, '10.3.3.3').post('/api/auth/login', {
          username: target.username,
          password: target.password,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('one account request is read with its version by whoever the waiting list shows it to, audited', async () => {
    const made = json(
      await a.post('/api/users', {
        username: 'pendamping.tapin',
        role: 'caseworker',
        regions: ['6305'],
        password: 'Sasirangan-kain-hijau-2026',
      }),
    );
    const requestId = made.approval.requestId as string;
    const kasi = await signIn(env, await seedUser(env, 'manager', ['6305']));
    const first = await kasi.get(`/api/account-requests/${requestId}`);
    expect(first.statusCode).toBe(200);
    expect(json(first)).toMatchObject({ id: requestId, version: 1, status: 'PENDING', regions: ['6305'] });
    expect(first.headers.etag).toBe('"1"');
    // The administrator moves it meanwhile: what the approver reads again is the next version.
    await a.patch(`/api/users/${made.id}`, { role: 'psychologist' }, { 'if-match': '"1"' });
    expect(json(await kasi.get(`/api/account-requests/${requestId}`))).toMatchObject({
      version: 2,
      role: 'psychologist',
    });
    // As the list: a head of section whose regions do not hold it does not see it; an administrator may not list.
    const elsewhere = await signIn(env, await seedUser(env, 'manager', ['6371']));
    expect((await elsewhere.get(`/api/account-requests/${requestId}`)).statusCode).toBe(404);
    expect((await a.get('/api/account-requests')).statusCode).toBe(403);
    expect((await a.get(`/api/account-requests/${requestId}`)).statusCode).toBe(403);
    await env.booted.services.audit.drain();
    const reads = (await auditRows()).filter(
      (r) => r.action === 'user.read' && r.resource_id === made.id && r.detail?.includes(requestId),
    );
    expect(reads).toHaveLength(2);
  });

  it('a create sent twice with one Idempotency-Key makes one account', async () => {
    const body = {
      username: 'pendamping.banjar',
      role: 'facilitator',
      regions: ['6303'],
      password: 'Sasirangan-kain-merah-2026',
    };
    const key = { 'idempotency-key': 'create-user-once-0001' };
    const first = await a.post('/api/users', body, key);
    const again = await a.post('/api/users', body, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(json(again).id).toBe(json(first).id);
    const rows = await env.booted.services.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', body.username)
      .execute();
    expect(rows).toHaveLength(1);
    // Without the key a second create of the same name is the usual conflict, not a replay.
    expect((await a.post('/api/users', body)).statusCode).toBe(409);
  });

  it('an admin cannot lock itself out', async () => {
    const v = json(await a.get(`/api/users/${admin.id}`)).version;
    const res = await a.patch(`/api/users/${admin.id}`, { active: false }, { 'if-match': `"${v}"` });
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('self_lockout');
  });

  it('auditors browse and filter the audit log; reading it is audited', async () => {
    const auditor = await seedUser(env, 'auditor', ['63']);
    const au = await signIn(env, auditor);
    const all = json(await au.get('/api/audit?limit=5'));
    expect(all.items).toHaveLength(5);
    expect(all.nextBefore).toBeGreaterThan(0);
    const older = json(await au.get(`/api/audit?limit=5&before=${all.nextBefore}`));
    expect(older.items[0].seq).toBeLessThan(all.items[4].seq + 1);
    const logins = json(await au.get(`/api/audit?action=auth.login&actor=${admin.username}`));
    expect(logins.items.length).toBeGreaterThan(0);
    for (const e of logins.items) expect(e).toMatchObject({ action: 'auth.login', actor: admin.username });
    const today = env.clock.now().toISOString().slice(0, 10);
    expect(json(await au.get(`/api/audit?from=${today}&to=${today}&limit=500`)).items.length).toBeGreaterThan(0);
    expect(json(await au.get('/api/audit?from=2001-01-01&to=2001-01-02')).items).toHaveLength(0);
    expect((await au.get('/api/audit?from=yesterday')).statusCode).toBe(400);
    expect((await au.get("/api/audit?action=' OR 1=1 --")).statusCode).toBe(200);
    expect(json(await au.get("/api/audit?action=' OR 1=1 --")).items).toHaveLength(0);
    await env.booted.services.audit.drain();
    const reads = json(await au.get(`/api/audit?action=audit.read&actor=${auditor.username}`)).items;
    expect(reads.length).toBeGreaterThanOrEqual(5);
  });

  it('the audit table refuses updates and deletes from the app', async () => {
    const db = env.booted.services.db.kysely;
    await expect(
      db.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
  });

  it('concurrent reads on two instances keep one unbroken chain (group commit)', async () => {
    const second = await env.second();
    const c2 = new Client(second.app);
    c2.cookie = a.cookie;
    const before = (await verify()).checked;
    const target = json(await a.get('/api/users?role=admin')).items[0].id;
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : c2).get(`/api/users/${target}`)));
    const result = await verify();
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(before + 60);
  });

  it('a response to a read is sent only after its audit row is committed', async () => {
    const target = await seedUser(env, 'caseworker', ['6372']);
    const res = await a.get(`/api/users/${target.id}`);
    expect(res.statusCode).toBe(200);
    // No drain(): the row must already be there.
    const row = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', target.id)
      .where('action', '=', 'user.read')
      .where('request_id', '=', String(res.headers['x-request-id']))
      .executeTakeFirst();
    expect(row?.action).toBe('user.read');
  });

  it('verification finds a row changed directly in the database', async () => {
    expect((await verify()).ok).toBe(true);
    const db = env.booted.services.db.kysely;
    // Someone with database access edits history: remove the guard, then change an entry.
    if (dialect === 'sqlite') await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    else await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
    await db.updateTable('audit_log').set({ actor: 'someone.else' }).where('seq', '=', 3).execute();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBad?.seq).toBe(3);
  });
});
