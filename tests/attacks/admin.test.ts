// An administrator as an attacker would use her account: she manages accounts, regions and configuration, and
// reads no case data. Every route she might try for a participant answers as if the woman did not exist; the
// audit log and its CSV show her no participant id and nothing outside her regions; her copy of a woman's data
// comes only through a request someone else approved, once, counted, logged on the woman's record, and alerting
// the heads of section on bulk use; signing everybody out stays within her regions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BULK_ALERT_AFTER, CARRY_OUTS_PER_HOUR } from '../../src/server/modules/protection/store.ts';
import { Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from '../support/env.ts';
import { multipart, participantBody } from '../support/participants.ts';
import { note, race, signInMany, tally } from '../support/race.ts';

interface Her {
  id: string;
  code: string;
  region: string;
}

describe.each(DIALECTS)('an administrator manages accounts, not cases, on %s', (dialect) => {
  let env: TestEnv;
  let second: FastifyInstance;
  const u: Record<string, TestUser> = {};
  /** Participants of Banjarbaru (6372) and one of Banjarmasin (6371). */
  const bjb: Her[] = [];
  let bjm: Her;
  const ids = { note: '', attachment: '' };

  const db = () => env.booted.services.db.kysely;
  const as = (who: string) => signIn(env, u[who]!);
  const register = async (cw: Client, regionCode: string): Promise<Her> => {
    const res = await cw.post('/api/participants', participantBody({ regionCode }));
    expect(res.statusCode, res.body).toBe(201);
    return { id: json(res).id, code: json(res).code, region: regionCode };
  };
  /** A request opened by `opener` and approved by `approver`; its id. */
  const approved = async (opener: Client, approver: Client, body: Record<string, unknown>) => {
    const opened = await opener.post('/api/rights-requests', body);
    expect(opened.statusCode, opened.body).toBe(201);
    const decided = await approver.post(`/api/rights-requests/${json(opened).id}/decision`, { approve: true });
    expect(decided.statusCode, decided.body).toBe(200);
    return json(opened).id as string;
  };
  /** Every id that points to a participant or a record of hers: none of them may reach an administrator. */
  const herIds = async () => {
    const [people, notes, files, requests] = await Promise.all([
      db().selectFrom('participants').select('id').execute(),
      db().selectFrom('notes').select('id').execute(),
      db().selectFrom('attachments').select('id').execute(),
      db().selectFrom('rights_requests').select('id').execute(),
    ]);
    return [...people, ...notes, ...files, ...requests].map((r) => r.id);
  };

  beforeAll(async () => {
    env = await makeEnv(dialect);
    second = (await env.second()).app;
    const make: [string, Parameters<typeof seedUser>[1], string[]][] = [
      ['adminProv', 'admin', ['63']],
      ['adminBjm', 'admin', ['6371']],
      ['managerProv', 'manager', ['63']],
      ['managerBjb', 'manager', ['6372']],
      ['managerBjm', 'manager', ['6371']],
      ['cwBjb', 'caseworker', ['6372']],
      ['cwBjm', 'caseworker', ['6371']],
      ['auditorBjm', 'auditor', ['6371']],
    ];
    for (const [key, role, regions] of make) u[key] = await seedUser(env, role, regions);
    const cwBjb = await as('cwBjb');
    for (let i = 0; i < 6 + CARRY_OUTS_PER_HOUR + 3; i++) bjb.push(await register(cwBjb, '6372'));
    bjm = await register(await as('cwBjm'), '6371');
    const her = bjb[0]!;
    const n = await cwBjb.post(`/api/participants/${her.id}/notes`, { type: 'GENERAL', body: 'Kunjungan rumah.' });
    expect(n.statusCode, n.body).toBe(201);
    ids.note = json(n).id;
    const m = multipart('DOCUMENT', 'surat.pdf', Buffer.from('%PDF-1.4\n% surat keterangan\n'));
    const up = await env.app.inject({
      method: 'POST',
      url: `/api/participants/${her.id}/attachments`,
      payload: m.payload,
      headers: {
        host: 'berdaya.test',
        origin: 'http://berdaya.test',
        cookie: cwBjb.cookie!,
        'content-type': m.contentType,
      },
    });
    expect(up.statusCode, up.body).toBe(201);
    ids.attachment = json(up).id;
    // Her record is read and changed, so the log has entries about her for the administrator to try.
    await (await as('managerBjb')).get(`/api/participants/${her.id}`);
    await (await as('managerBjm')).get(`/api/participants/${bjm.id}`);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('cannot read, export or list a participant outside a request, by any route she might try', async () => {
    const her = bjb[0]!;
    for (const who of ['adminProv', 'adminBjm']) {
      const adm = await as(who);
      const tries: [string, string, unknown?][] = [
        ['GET', `/api/participants/${her.id}`],
        ['GET', `/api/participants/${bjm.id}`],
        ['GET', '/api/participants'],
        ['POST', '/api/participants/search', { q: her.code }],
        ['POST', '/api/participants/search', { q: 'Siti' }],
        ['GET', `/api/participants/${her.id}/export`],
        ['GET', `/api/participants/${her.id}/export.pdf`],
        ['POST', `/api/participants/${her.id}/erase`, { reason: 'REQUEST' }],
        ['GET', `/api/participants/${her.id}/notes`],
        ['GET', `/api/participants/${her.id}/notes/${ids.note}`],
        ['GET', `/api/participants/${her.id}/attachments`],
        ['GET', `/api/participants/${her.id}/attachments/${ids.attachment}/content`],
        ['GET', `/api/participants/${her.id}/consents`],
        ['GET', `/api/participants/${her.id}/timeline`],
        ['GET', `/api/participants/${her.id}/access-report`],
        ['POST', `/api/participants/${her.id}/legal-hold`, { reason: 'Perkara' }],
        ['POST', `/api/participants/${her.id}/reveal-nik`, {}],
      ];
      for (const [method, url, body] of tries) {
        const res = await adm.request(method, url, body);
        expect([403, 404], `${who} ${method} ${url}: ${res.statusCode}`).toContain(res.statusCode);
        expect(res.body).not.toContain(her.code);
        expect(res.body).not.toContain('fullName');
      }
      // Her start page and the list of requests name nobody to her.
      const queue = await adm.get('/api/work-queue');
      expect(queue.statusCode).toBe(200);
      for (const id of await herIds()) expect(queue.body).not.toContain(id);
      for (const r of json(await adm.get('/api/rights-requests')).items)
        expect(r).toMatchObject({ participantId: null, name: null });
      // The audit log and its CSV: entries about her, with her id and her records' ids replaced by tokens.
      const page = await adm.get('/api/audit?limit=500');
      expect(page.statusCode).toBe(200);
      const csv = await adm.get('/api/audit/export.csv?from=2026-01-01&to=2026-12-31');
      expect(csv.statusCode).toBe(200);
      for (const id of await herIds()) {
        expect(page.body, `${who}: audit list names ${id}`).not.toContain(id);
        expect(csv.body, `${who}: audit CSV names ${id}`).not.toContain(id);
      }
      // A search by her id confirms nothing.
      expect(json(await adm.get(`/api/audit?resourceId=${her.id}`)).items).toEqual([]);
      expect(json(await adm.get(`/api/audit?resourceId=${bjm.id}`)).items).toEqual([]);
    }
    // The tokens stand for the same person every time (so her trail can still be followed), and point nowhere.
    const list = (
      json(await (await as('adminProv')).get('/api/audit?resourceType=participant&limit=500')).items as {
        resourceId: string | null;
        action: string;
      }[]
    ).filter((e): e is { resourceId: string; action: string } => e.resourceId !== null);
    expect(list.length).toBeGreaterThan(2);
    expect(list.every((e) => e.resourceId.startsWith('anon-'))).toBe(true);
    const created = list.filter((e) => e.action === 'participant.create').map((e) => e.resourceId);
    expect(new Set(created).size).toBe(created.length);
  });

  it('with an approved request she exports that one participant once, and it is on her record', async () => {
    const her = bjb[1]!;
    const [cw, mgr, adm] = [await as('cwBjb'), await as('managerBjb'), await as('adminProv')];
    const id = await approved(cw, mgr, { participantId: her.id, kind: 'ACCESS' });
    const res = await adm.post(`/api/rights-requests/${id}/export`, { format: 'json' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).code).toBe(her.code);
    expect(json(res).identity.fullName).toMatch(/^Siti Test/);
    const again = await adm.post(`/api/rights-requests/${id}/export`, { format: 'pdf' });
    expect(again.statusCode).toBe(409);
    expect(json(again).error.code).toBe('request_completed');
    // The request did not open her record to the administrator.
    expect((await adm.get(`/api/participants/${her.id}`)).statusCode).toBe(404);
    // On her record: the export names her and the request; the head of section sees it in her access report.
    const events = await db()
      .selectFrom('audit_log')
      .select(['actor_id', 'resource_type', 'resource_id', 'detail', 'outcome'])
      .where('action', '=', 'protection.export')
      .where('resource_id', '=', her.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: u.adminProv!.id, resource_type: 'participant', outcome: 'success' });
    expect(JSON.parse(events[0]!.detail!)).toMatchObject({ requestId: id });
    const report = json(await mgr.get(`/api/participants/${her.id}/access-report`)).items as { action: string }[];
    expect(report.map((r) => r.action)).toEqual(
      expect.arrayContaining(['protection.request_open', 'protection.request_approve', 'protection.export']),
    );
    // An administrator who receives a request herself opens it by her code; someone else approves it.
    const byCode = await adm.post('/api/rights-requests', { participantCode: bjb[2]!.code, kind: 'ACCESS' });
    expect(byCode.statusCode, byCode.body).toBe(201);
    expect(json(byCode)).toMatchObject({ participantId: null, name: null, code: bjb[2]!.code, status: 'PENDING' });
    expect((await adm.post(`/api/rights-requests/${json(byCode).id}/decision`, { approve: true })).statusCode).toBe(
      403,
    );
    // The administrator of another kabupaten/kota cannot even name her.
    const other = await as('adminBjm');
    expect(
      (await other.post('/api/rights-requests', { participantCode: bjb[3]!.code, kind: 'ACCESS' })).statusCode,
    ).toBe(404);
    expect((await other.post(`/api/rights-requests/${id}/export`, { format: 'json' })).statusCode).toBe(404);
    // An erasure request is not a copy, and a copy request erases nothing.
    const erase = await approved(cw, mgr, { participantId: bjb[4]!.id, kind: 'ERASURE' });
    expect(json(await adm.post(`/api/rights-requests/${erase}/export`, { format: 'json' })).error.code).toBe(
      'request_kind_mismatch',
    );
  });

  it('a request she opened herself is never approved by her, and waits in the other heads of section queues', async () => {
    const her = bjb[5]!;
    const [mgr, prov, bjmMgr, cw, adm] = [
      await as('managerBjb'),
      await as('managerProv'),
      await as('managerBjm'),
      await as('cwBjb'),
      await as('adminProv'),
    ];
    const opened = await mgr.post('/api/rights-requests', { participantId: her.id, kind: 'ERASURE' });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = json(opened).id as string;
    // One open request of a kind per woman.
    expect(json(await cw.post('/api/rights-requests', { participantId: her.id, kind: 'ERASURE' })).error.code).toBe(
      'request_pending',
    );
    const own = await mgr.post(`/api/rights-requests/${id}/decision`, { approve: true });
    expect(own.statusCode).toBe(403);
    expect(json(own).error.code).toBe('second_person_required');
    expect((await cw.post(`/api/rights-requests/${id}/decision`, { approve: true })).statusCode).toBe(403);
    expect((await adm.post(`/api/rights-requests/${id}/decision`, { approve: true })).statusCode).toBe(403);
    expect((await bjmMgr.post(`/api/rights-requests/${id}/decision`, { approve: true })).statusCode).toBe(404);
    // Not in her own queue; in the province head of section's.
    const section = async (c: Client) =>
      (json(await c.get('/api/work-queue')).sections as { kind: string; items: { id: string }[] }[]).find(
        (s) => s.kind === 'rights_requests',
      );
    expect((await section(mgr))?.items.map((i) => i.id) ?? []).not.toContain(id);
    expect((await section(prov))?.items.map((i) => i.id)).toContain(id);
    expect(json(await prov.post(`/api/rights-requests/${id}/decision`, { approve: false })).status).toBe('REFUSED');
    expect(json(await prov.post(`/api/rights-requests/${id}/decision`, { approve: true })).error.code).toBe(
      'already_decided',
    );
    // Refused: nothing to carry out.
    expect(json(await adm.post(`/api/rights-requests/${id}/erase`)).error.code).toBe('request_not_approved');
  });

  it('exports raced beyond the limit are refused; one request raced gives one copy; bulk use alerts', async () => {
    const [cw, mgr] = [await as('cwBjb'), await as('managerBjb')];
    const requests: string[] = [];
    for (const her of bjb.slice(6, 6 + CARRY_OUTS_PER_HOUR + 3))
      requests.push(await approved(cw, mgr, { participantId: her.id, kind: 'ACCESS' }));
    // A fresh administrator, signed in several times; on PostgreSQL half the requests go to a second instance.
    const racer = await seedUser(env, 'admin', ['63']);
    const clients = (await signInMany(env, [racer], requests.length)).map((c, i) => {
      if (dialect !== 'postgres' || i % 2 === 0) return c;
      const other = new Client(second, `10.9.0.${i}`);
      other.cookie = c.cookie;
      return other;
    });
    const answers = await race(requests.length, (i) =>
      clients[i]!.post(`/api/rights-requests/${requests[i]}/export`, { format: 'json' }),
    );
    const t = tally(answers);
    note(dialect, `${requests.length} different exports at once by one administrator`, t);
    expect(t['200']).toBe(CARRY_OUTS_PER_HOUR);
    expect(t['429 rate_limited']).toBe(requests.length - CARRY_OUTS_PER_HOUR);
    const done = await db()
      .selectFrom('rights_requests')
      .select('id')
      .where('id', 'in', requests)
      .where('outcome', '=', 'COMPLETED')
      .execute();
    expect(done).toHaveLength(CARRY_OUTS_PER_HOUR);

    // Bulk use: more than BULK_ALERT_AFTER in a day raised one alert for Banjarbaru's heads of section.
    expect(CARRY_OUTS_PER_HOUR).toBeGreaterThan(BULK_ALERT_AFTER);
    const alerts = await db()
      .selectFrom('alerts')
      .select(['kind', 'region_code'])
      .where('resource_type', '=', 'user')
      .where('resource_id', '=', racer.id)
      .execute();
    expect(alerts).toEqual([{ kind: 'bulk_rights_use', region_code: '6372' }]);
    const alertsOf = async (c: Client) =>
      (json(await c.get('/api/work-queue')).sections as { kind: string; items: { detail: string }[] }[])
        .find((s) => s.kind === 'safety_alerts')
        ?.items.map((i) => i.detail) ?? [];
    expect(await alertsOf(mgr)).toContain('bulk_rights_use');
    expect(await alertsOf(await as('managerBjm'))).not.toContain('bulk_rights_use');

    // One approved request raced by a fresh administrator: one copy, the rest told it was carried out.
    const one = requests.find((r) => !done.some((d) => d.id === r))!;
    const racer2 = await seedUser(env, 'admin', ['63']);
    const c2 = await signInMany(env, [racer2], CARRY_OUTS_PER_HOUR);
    const same = tally(
      await race(c2.length, (i) => c2[i]!.post(`/api/rights-requests/${one}/export`, { format: 'json' })),
    );
    note(dialect, `${c2.length} exports of one request at once`, same);
    expect(same).toEqual({ '200': 1, '409 request_completed': c2.length - 1 });
  });

  it('the audit list and CSV of a region administrator or auditor hold only her region, and no participant id', async () => {
    const inBjm = new Set([u.adminBjm!.id, u.managerBjm!.id, u.cwBjm!.id, u.auditorBjm!.id]);
    const outside = [u.adminProv!.id, u.managerProv!.id, u.managerBjb!.id, u.cwBjb!.id];
    for (const who of ['adminBjm', 'auditorBjm']) {
      const c = await as(who);
      const page = json(await c.get('/api/audit?limit=500')).items as {
        seq: number;
        actorId: string | null;
        resourceType: string | null;
        resourceId: string | null;
      }[];
      expect(page.length).toBeGreaterThan(3);
      expect(page.some((e) => e.actorId === u.cwBjm!.id)).toBe(true);
      // Each entry is by an account of Banjarmasin, about one, or about a participant of Banjarmasin.
      const rows = await db()
        .selectFrom('audit_log')
        .select(['seq', 'actor_id', 'action', 'resource_type', 'resource_id'])
        .where(
          'seq',
          'in',
          page.map((e) => e.seq),
        )
        .execute();
      expect(rows).toHaveLength(page.length);
      for (const r of rows) {
        const ok =
          (r.actor_id !== null && inBjm.has(r.actor_id)) ||
          (r.resource_type === 'user' && inBjm.has(r.resource_id ?? '')) ||
          (r.resource_type === 'participant' && r.resource_id === bjm.id);
        expect(ok, `${who}: entry ${r.seq} (${r.actor_id} on ${r.resource_type})`).toBe(true);
      }
      // An account outside her regions shows only where it was refused a participant of hers (her trail of
      // attempts); nothing it did elsewhere.
      for (const r of rows)
        if (outside.includes(r.actor_id ?? ''))
          expect(
            r.action === 'participant.access_denied' && r.resource_id === bjm.id,
            `${who}: entry ${r.seq} (${r.action} by an account outside her regions)`,
          ).toBe(true);
      const csv = await c.get('/api/audit/export.csv?from=2026-01-01&to=2026-12-31');
      expect(csv.statusCode).toBe(200);
      for (const id of await herIds()) expect(csv.body).not.toContain(id);
      for (const line of csv.body.split('\r\n'))
        if (outside.some((id) => line.includes(id))) expect(line).toContain(',participant.access_denied,participant,');
      for (const id of await herIds()) expect(JSON.stringify(page)).not.toContain(id);
      // Another region's accounts are not even found by name.
      expect(json(await c.get(`/api/audit?actor=${u.cwBjb!.username}`)).items).toEqual([]);
    }
    // A province-wide administrator sees every region's entries, still without a participant id.
    const prov = await as('adminProv');
    const all = await prov.get('/api/audit?limit=500');
    expect((json(all).items as { actorId: string }[]).some((e) => e.actorId === u.cwBjb!.id)).toBe(true);
    for (const id of await herIds()) expect(all.body).not.toContain(id);
  });

  it('revoke-all by a region administrator ends only the sessions of her region, never her own', async () => {
    const names = ['adminBjm', 'managerBjm', 'cwBjm', 'auditorBjm', 'adminProv', 'managerProv', 'managerBjb', 'cwBjb'];
    const clients: Record<string, Client> = {};
    for (const n of names) clients[n] = await as(n);
    const mine = await as('adminBjm');
    const res = await mine.post('/api/sessions/revoke-all');
    expect(res.statusCode, res.body).toBe(200);
    const alive = async (c: Client) => (await c.get('/api/auth/me')).statusCode === 200;
    expect(await alive(mine)).toBe(true);
    for (const n of ['adminBjm', 'managerBjm', 'cwBjm', 'auditorBjm'])
      expect(await alive(clients[n]!), `${n} signed out`).toBe(false);
    for (const n of ['adminProv', 'managerProv', 'managerBjb', 'cwBjb'])
      expect(await alive(clients[n]!), `${n} still signed in`).toBe(true);
    // Exactly the live sessions of Banjarmasin's accounts, hers excepted, were ended.
    expect(json(res).revoked).toBeGreaterThanOrEqual(4);
    const stillLive = await db()
      .selectFrom('sessions')
      .innerJoin('user_regions', 'user_regions.user_id', 'sessions.user_id')
      .select('sessions.id')
      .where('sessions.revoked_at', 'is', null)
      .where('user_regions.region_code', '=', '6371')
      .execute();
    expect(stillLive).toHaveLength(1);
    // The province administrator still ends everybody's but her own.
    const prov = clients.adminProv!;
    expect((await prov.post('/api/sessions/revoke-all')).statusCode).toBe(200);
    expect(await alive(prov)).toBe(true);
    for (const n of ['managerProv', 'managerBjb', 'cwBjb']) expect(await alive(clients[n]!)).toBe(false);
    expect(await alive(mine)).toBe(false);
  });
});
