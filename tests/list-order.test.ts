// The lists' order and pages on every database: the participant search and the staff list take a whitelisted
// sort and page/pageSize, stay within the asker's scope, count what matches in all, and are audited as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';

describe.each(DIALECTS)('list order and pages on %s', (dialect) => {
  let env: TestEnv;
  let bjb: Client, bjm: Client, admin: Client, adminBjm: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    const [cwBjb, cwBjm, adm, admBjm] = await Promise.all([
      seedUser(env, 'caseworker', ['6372']),
      seedUser(env, 'caseworker', ['6371']),
      seedUser(env, 'admin', ['63']),
      seedUser(env, 'admin', ['6371']),
    ]);
    [bjb, bjm, admin, adminBjm] = await Promise.all([
      signIn(env, cwBjb),
      signIn(env, cwBjm),
      signIn(env, adm),
      signIn(env, admBjm),
    ]);
  });
  afterAll(async () => {
    await env?.close();
  });
  const db = () => env.booted.services.db.kysely;
  const auditOf = async (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq', 'desc').executeTakeFirst();

  describe('participant search', () => {
    // Four in Banjarbaru, registered on days out of code order; one in Banjarmasin nobody here may see.
    const days = ['2026-01-20', '2026-01-05', '2026-01-31', '2026-01-05'];
    let mine: { id: string; code: string }[] = [];
    beforeAll(async () => {
      mine = [];
      for (const day of days) {
        const res = await bjb.post('/api/participants', participantBody({ regionCode: '6372' }));
        expect(res.statusCode, res.body).toBe(201);
        const p = json(res) as { id: string; code: string };
        await db().updateTable('participants').set({ registered_on: day }).where('id', '=', p.id).execute();
        mine.push(p);
      }
      const other = await bjm.post('/api/participants', participantBody({ regionCode: '6371' }));
      expect(other.statusCode, other.body).toBe(201);
    });
    const search = async (body: Record<string, unknown>) => {
      const res = await bjb.post('/api/participants/search', body);
      expect(res.statusCode, res.body).toBe(200);
      return json(res) as { items: { id: string; code: string; registeredOn: string }[]; total: number };
    };

    it('orders by code by default and either way on request, within her scope only', async () => {
      const byCode = [...mine].sort((a, b) => a.code.localeCompare(b.code)).map((p) => p.code);
      const asc = await search({ pageSize: 100 });
      expect(asc.total).toBe(4);
      expect(asc.items.map((i) => i.code)).toEqual(byCode);
      expect((await search({ pageSize: 100, sort: 'code' })).items.map((i) => i.code)).toEqual(byCode);
      expect((await search({ pageSize: 100, sort: '-code' })).items.map((i) => i.code)).toEqual([...byCode].reverse());
    });

    it('orders by the day she was registered, the code breaking ties, and reads it back', async () => {
      const idx = (code: string) => mine.findIndex((p) => p.code === code);
      const asc = await search({ pageSize: 100, sort: 'registeredOn' });
      expect(asc.items.map((i) => i.registeredOn)).toEqual(['2026-01-05', '2026-01-05', '2026-01-20', '2026-01-31']);
      // The two of 5 January in code order (created in order: index 1 before 3).
      expect(asc.items.slice(0, 2).map((i) => idx(i.code))).toEqual([1, 3]);
      const desc = await search({ pageSize: 100, sort: '-registeredOn' });
      expect(desc.items.map((i) => i.registeredOn)).toEqual(['2026-01-31', '2026-01-20', '2026-01-05', '2026-01-05']);
      expect(desc.items.slice(2).map((i) => idx(i.code))).toEqual([1, 3]);
    });

    it('pages through the order without overlap, the total counting every match', async () => {
      const whole = (await search({ pageSize: 100, sort: '-registeredOn' })).items.map((i) => i.id);
      const pages: string[] = [];
      for (const page of [1, 2, 3]) {
        const r = await search({ page, pageSize: 2, sort: '-registeredOn' });
        expect(r.total).toBe(4);
        pages.push(...r.items.map((i) => i.id));
      }
      expect(pages).toEqual(whole);
      // The filters narrow the count as well as the page.
      expect((await search({ stage: 'PENERIMAAN', region: '6372', page: 2, pageSize: 3 })).items).toHaveLength(1);
    });

    it('refuses a sort outside the whitelist; the search stays audited with the ids of the page read', async () => {
      for (const sort of ['preferredName', 'nik', 'code; drop table participants', '']) {
        expect((await bjb.post('/api/participants/search', { sort })).statusCode, sort).toBe(400);
      }
      const r = await search({ page: 2, pageSize: 3, sort: '-code' });
      const entry = await auditOf('participant.search');
      expect(entry?.outcome).toBe('success');
      const detail = typeof entry?.detail === 'string' ? JSON.parse(entry.detail) : entry?.detail;
      expect(detail).toMatchObject({ kind: 'filter', count: 1, participantIds: r.items.map((i) => i.id) });
    });
  });

  describe('staff list', () => {
    const names: Record<string, string | null> = {
      'u.bjm.c': 'anisa',
      'u.bjm.a': 'Citra',
      'u.bjm.b': 'Bunga',
      'u.bjm.d': null,
    };
    beforeAll(async () => {
      for (const username of Object.keys(names)) {
        const u = await seedUser(env, 'facilitator', ['6371'], username);
        await db().updateTable('users').set({ name: names[username] }).where('id', '=', u.id).execute();
      }
      await seedUser(env, 'facilitator', ['6372'], 'u.bjb.a');
    });
    const list = async (c: Client, qs: string) => {
      const res = await c.get(`/api/users?role=facilitator&${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return json(res) as { items: { username: string; name: string | null }[]; total: number };
    };

    it('orders by username by default, and by name regardless of case with the nameless last', async () => {
      expect((await list(admin, '')).items.map((u) => u.username)).toEqual([
        'u.bjb.a',
        'u.bjm.a',
        'u.bjm.b',
        'u.bjm.c',
        'u.bjm.d',
      ]);
      expect((await list(admin, 'sort=-username')).items.map((u) => u.username)[0]).toBe('u.bjm.d');
      expect((await list(adminBjm, 'sort=name')).items.map((u) => u.name)).toEqual(['anisa', 'Bunga', 'Citra', null]);
      expect((await list(adminBjm, 'sort=-name')).items.map((u) => u.name)).toEqual(['Citra', 'Bunga', 'anisa', null]);
    });

    it('pages within the administrator’s scope, counting only the accounts she may manage', async () => {
      const first = await list(adminBjm, 'page=1&pageSize=3');
      expect(first.total).toBe(4);
      expect(first.items.map((u) => u.username)).toEqual(['u.bjm.a', 'u.bjm.b', 'u.bjm.c']);
      const second = await list(adminBjm, 'page=2&pageSize=3');
      expect(second.items.map((u) => u.username)).toEqual(['u.bjm.d']);
      expect((await list(adminBjm, 'page=3&pageSize=3')).items).toEqual([]);
      expect((await list(admin, 'pageSize=2')).total).toBe(5);
      const entry = await auditOf('user.list');
      expect(entry?.outcome).toBe('success');
    });

    it('refuses a sort outside the whitelist and pages out of range', async () => {
      for (const qs of ['sort=password_hash', 'sort=email', 'page=0', 'pageSize=1000', 'page=x']) {
        expect((await admin.get(`/api/users?${qs}`)).statusCode, qs).toBe(400);
      }
    });
  });
});
