// Data protection on every database: her copy and erasure by crypto-shredding (reports still count her), each
// through a request approved by the head of section and carried out once by the administrator; legal hold,
// retention against a fixed clock, the access report, and signing everybody out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { openParticipantKey } from '../src/server/crypto/participant-keys.ts';

describe.each(DIALECTS)('data protection on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, admin: TestUser, caseworker: TestUser;
  let mgr: Client, adm: Client, cw: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    admin = await seedUser(env, 'admin', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    [mgr, adm, cw] = [await signIn(env, manager), await signIn(env, admin), await signIn(env, caseworker)];
  });
  afterAll(async () => {
    await env?.close();
  });
  const db = () => env.booted.services.db.kysely;

  /** A request for her, opened by the caseworker and approved by the head of section: what the administrator may do. */
  const approvedRequest = async (participantId: string, kind: 'ACCESS' | 'ERASURE') => {
    const opened = await cw.post('/api/rights-requests', { participantId, kind });
    expect(opened.statusCode, opened.body).toBe(201);
    const decided = await mgr.post(`/api/rights-requests/${json(opened).id}/decision`, { approve: true });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided).status).toBe('APPROVED');
    return json(opened).id as string;
  };

  it('gives her a copy of everything held, with the processing log, through an approved request, once', async () => {
    const p = json(
      await cw.post(
        '/api/participants',
        participantBody({}, { fullName: 'Ratna Salinan', nik: testNik('1990-10-10'), birthDate: '1990-10-10' }),
      ),
    );
    await cw.post(`/api/participants/${p.id}/notes`, { type: 'GENERAL', body: 'Catatan kunjungan' });
    // No copy without a request: the old route is gone, and a request waits for the head of section.
    expect((await adm.get(`/api/participants/${p.id}/export`)).statusCode).toBe(404);
    const pending = json(await cw.post('/api/rights-requests', { participantId: p.id, kind: 'ACCESS' }));
    expect(pending).toMatchObject({ status: 'PENDING', kind: 'ACCESS', code: p.code, participantId: p.id });
    const early = await adm.post(`/api/rights-requests/${pending.id}/export`, { format: 'json' });
    expect(early.statusCode).toBe(409);
    expect(json(early).error.code).toBe('request_not_approved');
    expect(json(await mgr.post(`/api/rights-requests/${pending.id}/decision`, { approve: true })).status).toBe(
      'APPROVED',
    );
    // The head of section and the caseworker approve and open; only the administrator carries out.
    expect((await cw.post(`/api/rights-requests/${pending.id}/export`, { format: 'json' })).statusCode).toBe(403);
    expect((await mgr.post(`/api/rights-requests/${pending.id}/export`, { format: 'json' })).statusCode).toBe(403);
    const res = await adm.post(`/api/rights-requests/${pending.id}/export`, { format: 'json' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = json(res);
    expect(data.identity).toMatchObject({ fullName: 'Ratna Salinan', birthDate: '1990-10-10' });
    expect(data.notes[0]).toMatchObject({ body: 'Catatan kunjungan' });
    expect(data.processingLog.map((l: { action: string }) => l.action)).toEqual(
      expect.arrayContaining(['participant.create', 'note.create', 'protection.request_open']),
    );
    // Once: the same request gives no second copy.
    const again = await adm.post(`/api/rights-requests/${pending.id}/export`, { format: 'json' });
    expect(again.statusCode).toBe(409);
    expect(json(again).error.code).toBe('request_completed');
    // Her copy as a readable PDF, for another approved request.
    const second = await approvedRequest(p.id, 'ACCESS');
    const pdf = await adm.post(`/api/rights-requests/${second}/export`, { format: 'pdf' });
    expect(pdf.statusCode).toBe(200);
    const { extractText } = await import('unpdf');
    const text = (await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true })).text;
    expect(text).toContain('SALINAN DATA PRIBADI');
    expect(text).toContain('Ratna Salinan');
    expect(text).toContain('10 Oktober 1990');
    // An administrator of another kabupaten/kota does not see the request at all.
    const third = await approvedRequest(p.id, 'ACCESS');
    const elsewhere = await signIn(env, await seedUser(env, 'admin', ['6371']));
    expect((await elsewhere.post(`/api/rights-requests/${third}/export`, { format: 'json' })).statusCode).toBe(404);
  });

  it('erasure destroys her identity for good; reports still count her; a legal hold blocks it', async () => {
    // An hour on: the administrator's count of requests carried out starts afresh (five an hour).
    env.clock.set(new Date(env.clock.now().getTime() + 3_600_000));
    [mgr, adm, cw] = [await signIn(env, manager), await signIn(env, admin), await signIn(env, caseworker)];
    const nik = testNik('1988-08-08');
    const p = json(
      await cw.post(
        '/api/participants',
        participantBody({}, { fullName: 'Sumiati Dihapus', preferredName: 'Umi', nik, birthDate: '1988-08-08' }),
      ),
    );
    await cw.post(
      `/api/participants/${p.id}/notes`,
      { type: 'GENERAL', body: 'Rahasia Sumiati' },
      { 'idempotency-key': 'erase-test-note-0001' },
    );
    const wrappedBefore = (
      await db().selectFrom('participants').select('dek_wrapped').where('id', '=', p.id).executeTakeFirstOrThrow()
    ).dek_wrapped;
    const countBefore = json(await mgr.get('/api/reports/annual?year=2026')).funnel.totals[2];

    expect(
      json(await mgr.post(`/api/participants/${p.id}/legal-hold`, { reason: 'Perkara TPPO di Polda' })).legalHold,
    ).toBe('Perkara TPPO di Polda');
    const request = await approvedRequest(p.id, 'ERASURE');
    const blocked = await adm.post(`/api/rights-requests/${request}/erase`);
    expect(blocked.statusCode).toBe(409);
    expect(json(blocked).error.code).toBe('legal_hold');
    await mgr.post(`/api/participants/${p.id}/legal-hold`, { reason: null });

    expect((await cw.get(`/api/participants/${p.id}`)).statusCode).toBe(200);
    expect(env.booted.services.dataKeys.has(p.id)).toBe(true);
    // The refused attempt left the request approved: it is carried out now, once.
    const erased = await adm.post(`/api/rights-requests/${request}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(json(erased)).toMatchObject({ status: 'COMPLETED', kind: 'ERASURE' });
    expect(
      (await db().selectFrom('participants').select('erased_at').where('id', '=', p.id).executeTakeFirstOrThrow())
        .erased_at,
    ).toBeTruthy();
    expect(json(await adm.post(`/api/rights-requests/${request}/erase`)).error.code).toBe('request_completed');
    // Her unwrapped data key is no longer held in memory either.
    expect(env.booted.services.dataKeys.has(p.id)).toBe(false);
    // Nothing of hers opens any more, with any key the system holds.
    const row = await db().selectFrom('participants').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.dek_wrapped).toBe('erased');
    expect(row.nik_index).toBeNull();
    expect(() => openParticipantKey(env.keyRing, p.id, row.dek_wrapped)).toThrow();
    // The old wrapped key would open the old ciphertexts only with the master key: it is no longer stored.
    const everything = JSON.stringify(
      await Promise.all(
        [
          'participants',
          'participant_name_tokens',
          'idempotency_keys',
          'notes',
          'attachments',
          'audit_log',
          'prospects',
        ].map((t) =>
          db()
            .selectFrom(t as 'participants')
            .selectAll()
            .execute(),
        ),
      ),
    );
    expect(everything).not.toContain(wrappedBefore);
    expect(everything).not.toContain('Sumiati');
    expect(everything).not.toContain(nik);
    expect(json(await cw.post('/api/participants/search', { q: 'sumiati' })).total).toBe(0);
    expect(json(await cw.post('/api/participants/search', { q: nik })).total).toBe(0);
    expect((await cw.get(`/api/participants/${p.id}/notes`)).statusCode).toBe(410);
    const view = json(await cw.get(`/api/participants/${p.id}`));
    expect(view.identity).toEqual({ hasNik: true, noNikReason: null });
    // Statistics still count her.
    expect(json(await mgr.get('/api/reports/annual?year=2026')).funnel.totals[2]).toBe(countBefore);
    // The same NIK can be registered again as a new person (the old index is gone).
    expect((await cw.post('/api/participants', participantBody({}, { nik, birthDate: '1988-08-08' }))).statusCode).toBe(
      201,
    );
    const requests = await db().selectFrom('rights_requests').selectAll().where('participant_id', '=', p.id).execute();
    expect(requests.map((r) => r.kind).sort()).toEqual(['ERASURE', 'LEGAL_HOLD', 'LEGAL_HOLD']);
  });

  it('retention anonymises exactly the cases closed longer ago than the period', async () => {
    const closeCase = async (fullName: string) => {
      const p = json(
        await mgr.post('/api/participants', participantBody({}, { fullName, nik: undefined, noNikReason: 'UNKNOWN' })),
      );
      await mgr.post(`/api/participants/${p.id}/termination`, { reason: 'PINDAH', note: 'Pindah' });
      return p.id as string;
    };
    env.clock.set(new Date('2026-03-10T02:00:00Z'));
    mgr = await signIn(env, manager);
    const old = await closeCase('Lama Sekali');
    env.clock.set(new Date('2027-06-01T02:00:00Z'));
    mgr = await signIn(env, manager);
    const recent = await closeCase('Baru Saja');
    const held = await closeCase('Ditahan Hukum');
    await mgr.post(`/api/participants/${held}/legal-hold`, { reason: 'Saksi' });
    const open = json(
      await mgr.post('/api/participants', participantBody({}, { nik: undefined, noNikReason: 'UNKNOWN' })),
    ).id;
    env.clock.set(new Date('2031-03-11T02:00:00Z')); // 5 years and a day after the first closure
    const repo = systemRepo(env.booted.services, 'retention', 'test');
    const dry = await repo.protection.runRetention(5, true);
    expect(dry.cases.map((c) => c.code)).toHaveLength(1);
    expect(
      (await db().selectFrom('participants').select('erased_at').where('id', '=', old).executeTakeFirstOrThrow())
        .erased_at,
    ).toBeNull();
    const run = await repo.protection.runRetention(5, false);
    expect(run.anonymised).toBe(1);
    const state = async (id: string) =>
      (await db().selectFrom('participants').select('erased_at').where('id', '=', id).executeTakeFirstOrThrow())
        .erased_at;
    expect(await state(old)).not.toBeNull();
    for (const id of [recent, held, open]) expect(await state(id)).toBeNull();
  });

  it('the access report lists who read or changed her data; everybody can be signed out at once', async () => {
    env.clock.set(new Date('2031-03-12T02:00:00Z'));
    [mgr, adm, cw] = [await signIn(env, manager), await signIn(env, admin), await signIn(env, caseworker)];
    const p = json(await cw.post('/api/participants', participantBody()));
    await mgr.get(`/api/participants/${p.id}`);
    // Who read her record is the head of section's to see (breach response), not the administrator's.
    expect((await adm.get(`/api/participants/${p.id}/access-report`)).statusCode).toBe(404);
    const report = json(await mgr.get(`/api/participants/${p.id}/access-report`)).items;
    expect(report.map((r: { action: string; actor: string }) => `${r.action}:${r.actor}`)).toEqual(
      expect.arrayContaining([`participant.create:${caseworker.username}`, `participant.read:${manager.username}`]),
    );
    // The audit log of a period, for the breach response (CSV, formulas neutralised).
    const csv = await adm.get('/api/audit/export.csv?from=2031-03-12&to=2031-03-12');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,actor,action,resourceType,resourceId,outcome,ip,requestId,detail');
    expect(lines.some((l) => l.includes('participant.create'))).toBe(true);
    expect((await cw.get('/api/audit/export.csv?from=2031-03-12&to=2031-03-12')).statusCode).toBe(404);
    expect((await cw.post('/api/sessions/revoke-all')).statusCode).toBe(403);
    const res = await adm.post('/api/sessions/revoke-all');
    expect(res.statusCode).toBe(200);
    expect(json(res).revoked).toBeGreaterThanOrEqual(2);
    expect((await cw.get('/api/auth/me')).statusCode).toBe(401);
    expect((await mgr.get('/api/auth/me')).statusCode).toBe(401);
    expect((await adm.get('/api/auth/me')).statusCode).toBe(200);
  });
});
