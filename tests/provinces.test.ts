// Several provinces in one deployment, through the API on every database: each province's staff see only their
// own province's people, accounts and audit entries (a province-wide scope is her province, never "every row");
// an administrator manages only her province; a national (ministry) account reads suppressed aggregates and no
// record; an account's regions lie in one province.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type Client, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';

describe.each(DIALECTS)('two provinces in one deployment on %s', (dialect) => {
  let env: TestEnv;
  const u: Record<string, TestUser> = {};
  const c: Record<string, Client> = {};
  let p63: { id: string; code: string; name: string };
  let p64: { id: string; code: string; name: string };

  beforeAll(async () => {
    env = await makeEnv(dialect);
    const make: [string, Parameters<typeof seedUser>[1], string[]][] = [
      ['mgr63', 'manager', ['63']],
      ['cw63', 'caseworker', ['6372']],
      ['admin63', 'admin', ['63']],
      ['auditor63', 'auditor', ['63']],
      ['mgr64', 'manager', ['64']],
      ['cw64', 'caseworker', ['6471']],
      ['admin64', 'admin', ['64']],
      ['auditor64', 'auditor', ['64']],
      ['ministry', 'ministry', ['ID']],
    ];
    for (const [key, role, regions] of make) u[key] = await seedUser(env, role, regions);
    for (const key of Object.keys(u)) c[key] = await signIn(env, u[key]!);
    const register = async (who: Client, regionCode: string, nikRegion: string, fullName: string) => {
      const res = await who.post(
        '/api/participants',
        participantBody({ regionCode }, { fullName, nik: testNik('1994-05-06', nikRegion) }),
      );
      expect(res.statusCode, res.body).toBe(201);
      return { id: json(res).id as string, code: json(res).code as string, name: fullName };
    };
    p63 = await register(c.cw63!, '6372', '637201', 'Rahmawati Banjarbaru Uji');
    p64 = await register(c.cw64!, '6471', '647101', 'Rahmawati Balikpapan Uji');
    const contact = { placeKind: 'JALAN', channel: 'JANGKAUAN_JALANAN', interestLevel: 'LOW', outcome: 'NOT_NOW' };
    for (const [who, regionCode] of [
      [c.cw63!, '6372'],
      [c.cw64!, '6471'],
    ] as const)
      expect((await who.post('/api/outreach', { ...contact, contactDate: '2026-02-20', regionCode })).statusCode).toBe(
        201,
      );
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a head of section opens, lists and finds her own province's people only", async () => {
    for (const [mine, theirs, who] of [
      [p63, p64, 'mgr63'],
      [p64, p63, 'mgr64'],
    ] as const) {
      const me = c[who]!;
      expect((await me.get(`/api/participants/${mine.id}`)).statusCode).toBe(200);
      const other = await me.get(`/api/participants/${theirs.id}`);
      expect(other.statusCode).toBe(404);
      const list = json(await me.post('/api/participants/search', { pageSize: 100 }));
      const ids = list.items.map((x: { id: string }) => x.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      // The same name in both provinces: the search finds hers only; the other's code finds nothing.
      const byName = json(await me.post('/api/participants/search', { q: 'Rahmawati' }));
      expect(byName.items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
      expect(byName.total).toBe(1);
      const byCode = json(await me.post('/api/participants/search', { q: theirs.code }));
      expect(byCode.items).toEqual([]);
      const outreach = json(await me.get('/api/outreach'));
      const regions = new Set(outreach.items.map((x: { regionCode: string }) => x.regionCode.slice(0, 2)));
      expect([...regions]).toEqual([mine === p63 ? '63' : '64']);
    }
  });

  it("a caseworker's name search and the dashboard stay in her province", async () => {
    const r = json(await c.cw64!.post('/api/participants/search', { q: 'Rahmawati' }));
    expect(r.items.map((x: { id: string }) => x.id)).toEqual([p64.id]);
    expect((await c.cw64!.get(`/api/participants/${p63.id}/timeline`)).statusCode).toBe(404);
    expect((await c.mgr64!.get('/api/dashboard')).statusCode).toBe(200);
  });

  it("an administrator sees and manages only her province's accounts", async () => {
    const list = json(await c.admin64!.get('/api/users?pageSize=100'));
    const names = list.items.map((x: { username: string }) => x.username);
    expect(names).toContain(u.cw64!.username);
    expect(names).not.toContain(u.cw63!.username);
    expect(names).not.toContain(u.ministry!.username);
    expect((await c.admin64!.get(`/api/users/${u.cw63!.id}`)).statusCode).toBe(404);
    const made = await c.admin64!.post('/api/users', {
      username: `facil_${Date.now()}`,
      role: 'facilitator',
      regions: ['6372'],
      password: 'Sungai-Mahakam-1234',
    });
    expect(made.statusCode).toBe(403);
    expect(json(made).error.code).toBe('forbidden_region');
    const national = await c.admin64!.post('/api/users', {
      username: `kemensos_${Date.now()}`,
      role: 'ministry',
      regions: ['ID'],
      password: 'Sungai-Mahakam-1234',
    });
    expect(national.statusCode).toBe(403);
    // The staff directory of a head of section: her province's colleagues.
    const staff = json(await c.mgr64!.get('/api/staff'));
    const staffIds = (staff.items ?? staff).map((x: { id: string }) => x.id);
    expect(staffIds).toContain(u.cw64!.id);
    expect(staffIds).not.toContain(u.cw63!.id);
  });

  it("an auditor reads her province's audit log only", async () => {
    const log = json(await c.auditor64!.get('/api/audit?limit=500'));
    const actors = new Set(log.items.map((x: { actorId: string | null }) => x.actorId));
    expect(actors.has(u.cw64!.id)).toBe(true);
    expect(actors.has(u.cw63!.id)).toBe(false);
    // (The other province's head of section tried to open one of hers: that attempt is in her log, as it should be.)
    expect(JSON.stringify(log)).not.toContain(p63.id);
    const mine = json(await c.auditor63!.get('/api/audit?limit=500'));
    expect(new Set(mine.items.map((x: { actorId: string | null }) => x.actorId)).has(u.auditor64!.id)).toBe(false);
    expect(JSON.stringify(mine)).not.toContain(p64.id);
  });

  it("a province's annual report counts its own people only", async () => {
    const r64 = json(await c.mgr64!.get('/api/reports/annual?year=2026'));
    const rows64 = r64.funnel.rows.map((x: { regionCode: string }) => x.regionCode);
    expect(rows64.every((x: string) => x.startsWith('64'))).toBe(true);
    expect(r64.funnel.totals[0]).toBe(1); // her one outreach contact, not the other province's
    expect(r64.funnel.totals[2]).toBe(1); // one registered
    const r63 = json(await c.mgr63!.get('/api/reports/annual?year=2026'));
    expect(r63.funnel.rows.every((x: { regionCode: string }) => x.regionCode.startsWith('63'))).toBe(true);
    expect(r63.funnel.totals[2]).toBe(1);
    expect((await c.mgr64!.get('/api/reports/annual?year=2026&region=6372')).statusCode).toBe(403);
  });

  it('the ministry reads suppressed national aggregates and no record', async () => {
    const m = c.ministry!;
    const r = json(await m.get('/api/reports/annual?year=2026'));
    expect(r).toMatchObject({ deidentified: true, threshold: 11 });
    const regions = new Set(r.funnel.rows.map((x: { regionCode: string }) => x.regionCode.slice(0, 2)));
    expect(regions.has('63') && regions.has('64')).toBe(true);
    // One person in each province: every small count is hidden.
    const cell = (code: string) => r.funnel.rows.find((x: { regionCode: string }) => x.regionCode === code)!.values;
    expect(cell('6372')[2]).toBe('<11');
    expect(cell('6471')[2]).toBe('<11');
    expect(JSON.stringify(r)).not.toContain('Rahmawati');
    for (const url of [`/api/participants/${p63.id}`, `/api/participants/${p64.id}`])
      expect((await m.get(url)).statusCode).toBe(404);
    for (const url of ['/api/audit', '/api/users', '/api/outreach', '/api/follow-ups', '/api/staff'])
      expect([403, 404], url).toContain((await m.get(url)).statusCode);
    const listed = await m.post('/api/participants/search', { q: 'Rahmawati' });
    expect(listed.statusCode === 403 || json(listed).items.length === 0).toBe(true);
    expect((await m.get('/api/reports/participants.xlsx?reason=cek')).statusCode).toBe(403);
  });

  it("an account's regions lie in one province, and the nation is the ministry's alone", async () => {
    for (const [role, regions] of [
      ['caseworker', ['6372', '6471']],
      ['manager', ['ID']],
      ['ministry', ['63']],
      ['ministry', ['ID', '63']],
    ] as const) {
      const res = await c.admin63!.post('/api/users', {
        username: `x_${role}_${Date.now()}_${regions.length}`,
        role,
        regions,
        password: 'Sungai-Martapura-1234',
      });
      expect([400, 403], res.body).toContain(res.statusCode);
    }
    await expect(seedUser(env, 'caseworker', ['6372', '6471'])).rejects.toThrow(/one province/);
    await expect(seedUser(env, 'ministry', ['63'])).rejects.toThrow(/one province/);
  });
});
