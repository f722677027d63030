// The lists' order and pages on every database: the participant search, the staff list and the cohorts, venues
// and partners lists take a whitelisted sort and page/pageSize, stay within the asker's scope, count what matches
// in all, and are audited as before.
import { sql } from 'kysely';
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

    it('has an index for the registration-day order within a region (migration 0036)', async () => {
      if (dialect === 'sqlite') {
        const plan = await sql<{ detail: string }>`explain query plan
          select p.id from participants as p where p.region_code in ('6372')
          order by p.registered_on desc, p.code desc limit 50`.execute(db());
        const text = plan.rows.map((r) => r.detail).join('\n');
        expect(text).toContain('participants_region_registered_idx');
        expect(text).not.toContain('TEMP B-TREE');
      } else {
        const found = await sql<{ def: string }>`select indexdef as def from pg_indexes
          where schemaname = current_schema() and indexname = 'participants_region_registered_idx'`.execute(db());
        expect(found.rows[0]?.def).toMatch(/\(region_code, registered_on, code\)/);
      }
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

  /** Every page of a list at `pageSize`, one after another, with the total each page answered. */
  const allPages = async (c: Client, url: string, pageSize: number) => {
    const ids: string[] = [];
    const totals = new Set<number>();
    for (let page = 1; page <= 10; page++) {
      const res = await c.get(`${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=${pageSize}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = json(res) as { items: { id: string }[]; total: number };
      totals.add(body.total);
      if (body.items.length === 0) break;
      expect(body.items.length).toBeLessThanOrEqual(pageSize);
      ids.push(...body.items.map((i) => i.id));
    }
    return { ids, totals: [...totals] };
  };

  describe('cohorts, venues and partners', () => {
    let mgr: Client, mgrBjb: Client;
    let programmeId: string, otherProgrammeId: string;
    beforeAll(async () => {
      const [m, mb] = await Promise.all([seedUser(env, 'manager', ['63']), seedUser(env, 'manager', ['6372'])]);
      [mgr, mgrBjb] = await Promise.all([signIn(env, m), signIn(env, mb)]);
      const programme = async (name: string) => {
        const res = await mgr.post('/api/programmes', {
          name,
          year: 2026,
          budgetCeiling: 100_000_000,
          targetParticipants: 10,
          targetRegions: ['6371', '6372'],
        });
        expect(res.statusCode, res.body).toBe(201);
        return (json(res) as { id: string }).id;
      };
      programmeId = await programme('Pembinaan 2026');
      otherProgrammeId = await programme('Pembinaan lanjutan 2026');
      // Three in Banjarbaru (two starting the same day), one in Banjarmasin a Banjarbaru manager may not see,
      // and one of another programme.
      const cohorts: [string, string, string, string][] = [
        ['Angkatan B', '6372', '2026-04-06', programmeId],
        ['angkatan a', '6372', '2026-05-04', programmeId],
        ['Angkatan C', '6372', '2026-04-06', programmeId],
        ['Angkatan Z', '6371', '2026-06-01', programmeId],
        ['Angkatan L', '6372', '2026-07-06', otherProgrammeId],
      ];
      for (const [name, regionCode, startDate, pid] of cohorts) {
        const res = await mgr.post('/api/cohorts', {
          programmeId: pid,
          name,
          regionCode,
          startDate,
          tracks: ['TATA_BOGA'],
          confirmWithoutCalendar: true,
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const venues: [string, string, number, number][] = [
        ['Rumah Singgah Loktabat', '6372', 12, 3_000_000],
        ['balai Kemuning', '6372', 30, 1_500_000],
        ['Gedung Sungai Miai', '6371', 20, 2_000_000],
      ];
      for (const [name, regionCode, capacity, rentPerMonth] of venues) {
        const res = await mgr.post('/api/venues', {
          name,
          address: 'Jl. Ahmad Yani',
          regionCode,
          ownerName: 'H. Abdullah',
          capacity,
          facilities: [],
          rentPerMonth,
          contractStart: '2026-01-01',
          contractEnd: '2026-12-31',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const partners: [string, string, string, boolean][] = [
        ['Puskesmas Guntung Payung', 'PUSKESMAS', '6372', true],
        ['klinik Psikologi Harapan', 'PSIKOLOG', '6371', false],
        ['UPTD PPA Banjarbaru', 'UPTD_PPA', '6372', true],
      ];
      for (const [name, kind, regionCode, active] of partners) {
        const res = await mgr.post('/api/partners', { name, kind, regionCode, active });
        expect(res.statusCode, res.body).toBe(201);
      }
    });
    const names = async (c: Client, url: string) => {
      const res = await c.get(url);
      expect(res.statusCode, res.body).toBe(200);
      const body = json(res) as { items: { name: string }[]; total: number };
      return { names: body.items.map((i) => i.name), total: body.total };
    };

    it('cohorts: newest first by default, by name regardless of case either way, within her scope', async () => {
      const mine = await names(mgrBjb, `/api/cohorts?programmeId=${programmeId}`);
      expect(mine.total).toBe(3);
      expect(mine.names[0]).toBe('angkatan a');
      expect(mine.names.slice(1).sort()).toEqual(['Angkatan B', 'Angkatan C']);
      expect((await names(mgrBjb, `/api/cohorts?programmeId=${programmeId}&sort=name`)).names).toEqual([
        'angkatan a',
        'Angkatan B',
        'Angkatan C',
      ]);
      expect((await names(mgrBjb, `/api/cohorts?programmeId=${programmeId}&sort=-name`)).names).toEqual([
        'Angkatan C',
        'Angkatan B',
        'angkatan a',
      ]);
      // The province-wide manager sees Banjarmasin's too; the programme filter still narrows.
      expect((await names(mgr, `/api/cohorts?programmeId=${programmeId}&sort=-startDate`)).names[0]).toBe('Angkatan Z');
      expect((await names(mgr, '/api/cohorts')).total).toBe(5);
      expect((await names(mgrBjb, '/api/cohorts?sort=region')).names).not.toContain('Angkatan Z');
      expect((await names(mgrBjb, '/api/cohorts')).total).toBe(4);
    });

    it('cohorts: pages in a start order with ties never overlap, the total the same on each', async () => {
      for (const sort of ['startDate', '-startDate', 'status', 'region']) {
        const whole = (await names(mgr, `/api/cohorts?sort=${sort}&pageSize=100`)).names;
        const paged = await allPages(mgr, `/api/cohorts?sort=${sort}`, 2);
        expect(paged.totals, sort).toEqual([5]);
        expect(new Set(paged.ids).size, sort).toBe(5);
        expect(paged.ids.length, sort).toBe(5);
        expect(whole.length).toBe(5);
      }
      const asc = (await names(mgr, '/api/cohorts?sort=startDate')).names;
      expect(asc.slice(2)).toEqual(['angkatan a', 'Angkatan Z', 'Angkatan L']);
    });

    it('venues: by capacity, rent and name either way, paged without overlap', async () => {
      expect((await names(mgr, '/api/venues')).names).toEqual([
        'balai Kemuning',
        'Gedung Sungai Miai',
        'Rumah Singgah Loktabat',
      ]);
      expect((await names(mgr, '/api/venues?sort=-capacity')).names).toEqual([
        'balai Kemuning',
        'Gedung Sungai Miai',
        'Rumah Singgah Loktabat',
      ]);
      expect((await names(mgr, '/api/venues?sort=rent')).names).toEqual([
        'balai Kemuning',
        'Gedung Sungai Miai',
        'Rumah Singgah Loktabat',
      ]);
      expect((await names(mgr, '/api/venues?sort=-name')).names[0]).toBe('Rumah Singgah Loktabat');
      const first = await names(mgr, '/api/venues?sort=region&page=1&pageSize=1');
      expect(first).toEqual({ names: ['Gedung Sungai Miai'], total: 3 });
      const paged = await allPages(mgr, '/api/venues?sort=-contractPeriod', 2);
      expect(paged.totals).toEqual([3]);
      expect(new Set(paged.ids).size).toBe(3);
    });

    it('venues: by what has been paid, the unpaid ones equal', async () => {
      const loktabat = (json(await mgr.get('/api/venues?sort=-name&pageSize=1')) as { items: { id: string }[] })
        .items[0]!;
      const paid = await mgr.post(`/api/venues/${loktabat.id}/payments`, { amount: 500_000, paidAt: '2026-02-01' });
      expect(paid.statusCode, paid.body).toBe(201);
      expect((await names(mgr, '/api/venues?sort=-paid')).names[0]).toBe('Rumah Singgah Loktabat');
      expect((await names(mgr, '/api/venues?sort=paid')).names[2]).toBe('Rumah Singgah Loktabat');
    });

    it('partners: by name, kind and status either way, paged without overlap', async () => {
      expect((await names(bjb, '/api/partners')).names).toEqual([
        'klinik Psikologi Harapan',
        'Puskesmas Guntung Payung',
        'UPTD PPA Banjarbaru',
      ]);
      expect((await names(bjb, '/api/partners?sort=-name')).names[0]).toBe('UPTD PPA Banjarbaru');
      expect((await names(bjb, '/api/partners?sort=kind')).names).toEqual([
        'klinik Psikologi Harapan',
        'Puskesmas Guntung Payung',
        'UPTD PPA Banjarbaru',
      ]);
      // Active first; the inactive one last, and first the other way.
      expect((await names(bjb, '/api/partners?sort=status')).names[2]).toBe('klinik Psikologi Harapan');
      expect((await names(bjb, '/api/partners?sort=-status')).names[0]).toBe('klinik Psikologi Harapan');
      const paged = await allPages(bjb, '/api/partners?sort=status', 2);
      expect(paged.totals).toEqual([3]);
      expect(new Set(paged.ids).size).toBe(3);
      expect((await names(bjb, '/api/partners?page=5&pageSize=2')).names).toEqual([]);
    });

    it('refuses a sort outside the whitelist and pages out of range', async () => {
      for (const url of [
        '/api/cohorts?sort=venue_id',
        '/api/cohorts?sort=programme',
        '/api/cohorts?sort=-',
        '/api/venues?sort=owner_name',
        '/api/venues?sort=constructor',
        '/api/partners?sort=contacts',
        '/api/partners?sort=name;drop',
        '/api/partners?pageSize=201',
        '/api/venues?page=0',
        '/api/cohorts?page=1001',
      ]) {
        expect((await mgr.get(url)).statusCode, url).toBe(400);
      }
    });

    it('adds a partner once for one Idempotency-Key, twice for two', async () => {
      const body = { name: 'KUA Landasan Ulin', kind: 'KEMENAG', regionCode: '6372' };
      const count = async () =>
        Number(
          (
            await db()
              .selectFrom('partners')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('name', '=', body.name)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const key = { 'idempotency-key': 'partner-create-0001' };
      const first = await mgr.post('/api/partners', body, key);
      const again = await mgr.post('/api/partners', body, key);
      expect(first.statusCode, first.body).toBe(201);
      expect(again.statusCode, again.body).toBe(201);
      expect((json(again) as { id: string }).id).toBe((json(first) as { id: string }).id);
      expect(await count()).toBe(1);
      const other = await mgr.post('/api/partners', body, { 'idempotency-key': 'partner-create-0002' });
      expect(other.statusCode, other.body).toBe(201);
      expect(await count()).toBe(2);
    });
  });
});
