// The outreach prospects and the data-subject requests, sorted and paged by the server on every database: a
// whitelisted sort either way (never a sealed name), pages that neither overlap nor skip, the total of what
// matches, a bad sort refused, the asker's scope and the audit as before; and a request opened twice with the
// same Idempotency-Key is one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';

const contact = (over: Record<string, unknown> = {}) => ({
  contactDate: '2026-01-10',
  regionCode: '6372',
  placeKind: 'WARUNG_KAFE',
  channel: 'JANGKAUAN_JALANAN',
  topics: ['PROGRAM'],
  materials: [],
  interestLevel: 'MEDIUM',
  outcome: 'NOT_NOW',
  ...over,
});

type Prospect = { id: string; alias: string | null; contacts: number; lastContactDate: string; status: string };
type Request = {
  id: string;
  participantId: string;
  code: string;
  status: string;
  kind: string;
  receivedAt: string;
  regionCode: string;
};

describe.each(DIALECTS)('casework lists sorted and paged on %s', (dialect) => {
  let env: TestEnv;
  let bjb: Client, bjm: Client, mgrBjb: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    const [cwBjb, cwBjm, mgr] = await Promise.all([
      seedUser(env, 'caseworker', ['6372']),
      seedUser(env, 'caseworker', ['6371']),
      seedUser(env, 'manager', ['6372']),
    ]);
    [bjb, bjm, mgrBjb] = await Promise.all([signIn(env, cwBjb), signIn(env, cwBjm), signIn(env, mgr)]);
  });
  afterAll(async () => {
    await env?.close();
  });
  const db = () => env.booted.services.db.kysely;
  const lastAudit = async (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq', 'desc').executeTakeFirst();

  describe('outreach prospects', () => {
    // Four prospects in Banjarbaru (contacts on the days given; Dahlia declined), one in Banjarmasin.
    const plan: Record<string, string[]> = {
      Anggrek: ['2026-01-03', '2026-01-10'],
      Bougenvil: ['2026-01-07'],
      Cempaka: ['2026-01-01', '2026-01-02', '2026-01-12'],
      Dahlia: ['2026-01-10'],
    };
    const ids: Record<string, string> = {};
    let theirs = '';
    beforeAll(async () => {
      for (const [alias, days] of Object.entries(plan))
        for (const day of days) {
          const res = await bjb.post('/api/outreach', contact({ alias, contactDate: day }));
          expect(res.statusCode, res.body).toBe(201);
          ids[alias] = json(res).prospectId;
        }
      await db().updateTable('prospects').set({ status: 'DECLINED' }).where('id', '=', ids.Dahlia!).execute();
      const other = await bjm.post('/api/outreach', contact({ alias: 'Edelweis', regionCode: '6371' }));
      expect(other.statusCode, other.body).toBe(201);
      theirs = json(other).prospectId;
    });
    const list = async (query = '') => {
      const res = await bjb.get(`/api/outreach/prospects${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return json(res) as { items: Prospect[]; total: number };
    };
    const aliases = (r: { items: Prospect[] }) => r.items.map((p) => p.alias);

    it('orders by the last contact, newest first by default, the id breaking the tie; within her scope', async () => {
      const byDefault = await list();
      expect(byDefault.total).toBe(4);
      expect(byDefault.items.map((p) => p.id)).not.toContain(theirs);
      expect(byDefault.items.map((p) => p.lastContactDate)).toEqual([
        '2026-01-12',
        '2026-01-10',
        '2026-01-10',
        '2026-01-07',
      ]);
      const tied = [ids.Anggrek!, ids.Dahlia!].sort();
      expect(byDefault.items.slice(1, 3).map((p) => p.id)).toEqual([...tied].reverse());
      const asc = await list('?sort=lastContactDate');
      expect(asc.items.map((p) => p.id)).toEqual([...byDefault.items.map((p) => p.id)].reverse());
      // Her aggregate as before: contacts in scope counted, the last one's outcome.
      expect(byDefault.items[0]).toMatchObject({
        alias: 'Cempaka',
        contacts: 3,
        firstContactDate: '2026-01-01',
        lastOutcome: 'NOT_NOW',
      });
      const theirList = json(await bjm.get('/api/outreach/prospects'));
      expect(theirList).toMatchObject({ total: 1, items: [{ id: theirs, alias: 'Edelweis' }] });
    });

    it('orders by contacts, first contact and status either way', async () => {
      expect(aliases(await list('?sort=contacts'))).toEqual(
        [ids.Bougenvil!, ids.Dahlia!].sort()[0] === ids.Bougenvil
          ? ['Bougenvil', 'Dahlia', 'Anggrek', 'Cempaka']
          : ['Dahlia', 'Bougenvil', 'Anggrek', 'Cempaka'],
      );
      expect(aliases(await list('?sort=-contacts')).slice(0, 2)).toEqual(['Cempaka', 'Anggrek']);
      expect(aliases(await list('?sort=firstContactDate'))).toEqual(['Cempaka', 'Anggrek', 'Bougenvil', 'Dahlia']);
      expect(aliases(await list('?sort=-firstContactDate'))).toEqual(['Dahlia', 'Bougenvil', 'Anggrek', 'Cempaka']);
      expect(aliases(await list('?sort=status'))[0]).toBe('Dahlia');
      expect(aliases(await list('?sort=-status'))[3]).toBe('Dahlia');
    });

    it('filters by status and region, counting what matches', async () => {
      expect(await list('?status=DECLINED')).toMatchObject({ total: 1, items: [{ alias: 'Dahlia' }] });
      expect((await list('?status=OPEN')).total).toBe(3);
      expect(await list('?region=6371')).toEqual({ items: [], total: 0 });
    });

    it('pages without overlap or gap, past the end empty, and audits the page it showed', async () => {
      const whole = (await list('?sort=-lastContactDate&pageSize=100')).items.map((p) => p.id);
      const pages: string[] = [];
      for (const page of [1, 2]) {
        const r = await list(`?sort=-lastContactDate&page=${page}&pageSize=3`);
        expect(r.total).toBe(4);
        pages.push(...r.items.map((p) => p.id));
      }
      expect(pages).toEqual(whole);
      expect(await list('?page=3&pageSize=3')).toEqual({ items: [], total: 4 });
      await list('?pageSize=2');
      const audit = await lastAudit('outreach.list');
      expect(audit).toMatchObject({ resource_type: 'prospect', outcome: 'success' });
      expect(JSON.parse(audit!.detail!)).toMatchObject({ count: 2 });
    });

    it('refuses a sort it does not know, the alias above all, and a page out of bounds', async () => {
      for (const q of ['?sort=alias', '?sort=-alias', '?sort=alias_ct', '?pageSize=201', '?page=0', '?status=X'])
        expect((await bjb.get(`/api/outreach/prospects${q}`)).statusCode, q).toBe(400);
    });
  });

  describe('data-subject requests', () => {
    // Four of hers in Banjarbaru, received on days out of order, of each status; one in Banjarmasin.
    const received = ['2026-01-20T03:00:00.000Z', '2026-01-05T03:00:00.000Z', '2026-01-31T03:00:00.000Z'];
    const mine: Request[] = [];
    let theirs = '';
    beforeAll(async () => {
      const statuses = ['PENDING', 'APPROVED', 'REFUSED', 'COMPLETED'];
      for (let i = 0; i < 4; i++) {
        const p = await bjb.post('/api/participants', participantBody({ regionCode: '6372' }));
        expect(p.statusCode, p.body).toBe(201);
        const r = await bjb.post('/api/rights-requests', {
          participantId: json(p).id,
          kind: i % 2 ? 'ERASURE' : 'ACCESS',
        });
        expect(r.statusCode, r.body).toBe(201);
        await db()
          .updateTable('rights_requests')
          // The last two on the same day: the id breaks the tie.
          .set({ received_at: received[i] ?? received[2]!, outcome: statuses[i]! })
          .where('id', '=', json(r).id)
          .execute();
        mine.push(json(r));
      }
      const p = await bjm.post('/api/participants', participantBody({ regionCode: '6371' }));
      const r = await bjm.post('/api/rights-requests', { participantId: json(p).id, kind: 'ACCESS' });
      expect(r.statusCode, r.body).toBe(201);
      theirs = json(r).id;
    });
    const list = async (query = '', who = mgrBjb) => {
      const res = await who.get(`/api/rights-requests${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return json(res) as { items: Request[]; total: number };
    };
    const idx = (r: { items: Request[] }) => r.items.map((x) => mine.findIndex((m) => m.id === x.id));

    it('orders by when received, newest first by default, the id breaking the tie; within the scope', async () => {
      const byDefault = await list();
      expect(byDefault.total).toBe(4);
      expect(byDefault.items.map((r) => r.id)).not.toContain(theirs);
      const tied = [mine[2]!.id, mine[3]!.id].sort().reverse();
      expect(byDefault.items.slice(0, 2).map((r) => r.id)).toEqual(tied);
      expect(idx(byDefault).slice(2)).toEqual([0, 1]);
      expect((await list('?sort=receivedAt')).items.map((r) => r.id)).toEqual(
        [...byDefault.items.map((r) => r.id)].reverse(),
      );
      // Her caseworker in Banjarmasin sees only her own.
      expect((await list('', bjm)).items.map((r) => r.id)).toEqual([theirs]);
    });

    it('orders by status and kind either way', async () => {
      const byStatus = await list('?sort=status');
      expect(byStatus.items.map((r) => r.status)).toEqual(['APPROVED', 'COMPLETED', 'PENDING', 'REFUSED']);
      expect((await list('?sort=-status')).items.map((r) => r.status)).toEqual([
        'REFUSED',
        'PENDING',
        'COMPLETED',
        'APPROVED',
      ]);
      expect((await list('?sort=kind')).items.map((r) => r.kind)).toEqual(['ACCESS', 'ACCESS', 'ERASURE', 'ERASURE']);
      expect((await list('?sort=-kind')).items.map((r) => r.kind)).toEqual(['ERASURE', 'ERASURE', 'ACCESS', 'ACCESS']);
    });

    it('keeps the status filter, pages without overlap and audits the page it named', async () => {
      expect(await list('?status=REFUSED')).toMatchObject({ total: 1, items: [{ id: mine[2]!.id }] });
      const whole = (await list('?pageSize=100')).items.map((r) => r.id);
      const pages: string[] = [];
      for (const page of [1, 2, 3, 4]) {
        const r = await list(`?page=${page}&pageSize=1`);
        expect(r.total).toBe(4);
        pages.push(...r.items.map((x) => x.id));
      }
      expect(pages).toEqual(whole);
      expect(await list('?page=5&pageSize=1')).toEqual({ items: [], total: 4 });
      // The audit names who the page showed, and no one else.
      await list('?sort=receivedAt&pageSize=1');
      const audit = await lastAudit('protection.request_list');
      const detail = JSON.parse(audit!.detail!);
      expect(detail).toMatchObject({ count: 1, participantIds: [mine[1]!.participantId] });
    });

    it('refuses a sort it does not know, her name above all', async () => {
      for (const q of ['?sort=name', '?sort=-name', '?sort=code', '?pageSize=0', '?page=1001'])
        expect((await mgrBjb.get(`/api/rights-requests${q}`)).statusCode, q).toBe(400);
    });

    it('opens one request for two submissions with the same Idempotency-Key', async () => {
      const p = await bjb.post('/api/participants', participantBody({ regionCode: '6372' }));
      expect(p.statusCode, p.body).toBe(201);
      const body = { participantId: json(p).id, kind: 'ACCESS' };
      const headers = { 'idempotency-key': `rights-${dialect}-0001` };
      const first = await bjb.post('/api/rights-requests', body, headers);
      expect(first.statusCode, first.body).toBe(201);
      const again = await bjb.post('/api/rights-requests', body, headers);
      expect(again.statusCode, again.body).toBe(201);
      expect(json(again).id).toBe(json(first).id);
      const rows = await db()
        .selectFrom('rights_requests')
        .select('id')
        .where('participant_id', '=', json(p).id)
        .where('kind', '=', 'ACCESS')
        .execute();
      expect(rows).toHaveLength(1);
      // Without the key, a second one is refused as still pending: the key is what made the retry safe.
      const other = await bjb.post('/api/rights-requests', body);
      expect(other.statusCode).toBe(409);
    });
  });
});
