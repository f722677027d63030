// Who works on her case, between people: the head of section assigns and takes staff off a case; nobody assigns
// herself; a caseworker asks and the head of section decides once, however many decide at the same moment; a
// request sent twice at once is one request; a whole caseload moves to another worker; her history says who
// came and went, and how. Races are real parallel requests, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { note, race, signInMany, tally } from './support/race.ts';
import { participantBody } from './support/participants.ts';

describe.each(DIALECTS)('assignment and its requests on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser;
  let mgr: Client;
  let registrar: TestUser;
  let reg: Client;
  let other: TestUser;
  let oth: Client;
  let psychologist: TestUser;
  let psy: Client;
  let elsewhere: TestUser;
  let herId: string;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    registrar = await seedUser(env, 'caseworker', ['6372']);
    other = await seedUser(env, 'caseworker', ['6372']);
    psychologist = await seedUser(env, 'psychologist', ['63']);
    elsewhere = await seedUser(env, 'caseworker', ['6371']);
    mgr = await signIn(env, manager);
    reg = await signIn(env, registrar);
    oth = await signIn(env, other);
    psy = await signIn(env, psychologist);
    const created = await reg.post('/api/participants', participantBody());
    expect(created.statusCode, created.body).toBe(201);
    herId = json(created).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('nobody assigns herself: a caseworker may not assign at all, a head of section not herself', async () => {
    const self = await oth.post(`/api/participants/${herId}/assignments`, { userId: other.id });
    expect(self.statusCode).toBe(403);
    const mine = await mgr.post(`/api/participants/${herId}/assignments`, { userId: manager.id });
    expect(mine.statusCode).toBe(403);
    expect(json(mine).error.code).toBe('self_assignment');
    // A head of section of one kabupaten/kota hands cases to her own staff only.
    const regional = await signIn(env, await seedUser(env, 'manager', ['6372']));
    const far = await regional.post(`/api/participants/${herId}/assignments`, { userId: elsewhere.id });
    expect(far.statusCode).toBe(409);
    expect(json(far).error.code).toBe('assignee_out_of_region');
  });

  it('the head of section assigns the psychologist, who then sees the case; and takes her off again', async () => {
    expect((await psy.get(`/api/participants/${herId}`)).statusCode).toBe(404);
    const res = await mgr.post(`/api/participants/${herId}/assignments`, { userId: psychologist.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).assigned.map((a: { id: string }) => a.id)).toContain(psychologist.id);
    expect((await psy.get(`/api/participants/${herId}`)).statusCode).toBe(200);
    const list = json(await psy.post('/api/participants/search', { page: 1, pageSize: 20 }));
    expect(list.items.map((p: { id: string }) => p.id)).toContain(herId);
    const off = await mgr.request('DELETE', `/api/participants/${herId}/assignments/${psychologist.id}`);
    expect(off.statusCode, off.body).toBe(200);
    expect((await psy.get(`/api/participants/${herId}`)).statusCode).toBe(404);
    const again = await mgr.request('DELETE', `/api/participants/${herId}/assignments/${psychologist.id}`);
    expect(json(again).error.code).toBe('not_assigned');
  });

  it('a request sent twice at once is one request; two heads of section deciding at once decide it once', async () => {
    // The same caseworker, four tabs at once.
    const tabs = await signInMany(env, [other], 4, 7);
    const sent = await race(4, (i) =>
      tabs[i]!.post(`/api/participants/${herId}/assignment-requests`, {
        reason: 'Saya yang mendampingi di Landasan Ulin',
      }),
    );
    const sentTally = tally(sent);
    note(dialect, 'one request sent from four tabs', sentTally);
    expect(sentTally).toEqual({ '201': 1, '409 request_pending': 3 });
    const requestId = json(sent.find((r) => r.statusCode === 201)!).id;

    // The registrar is already on the case: she has nothing to ask for.
    const mineAlready = await reg.post(`/api/participants/${herId}/assignment-requests`, {
      reason: 'Kasus saya sendiri',
    });
    expect(json(mineAlready).error.code).toBe('already_assigned');

    const queue = json(await mgr.get('/api/assignment-requests')).items;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      id: requestId,
      participantId: herId,
      requestedBy: { id: other.id },
      reason: 'Saya yang mendampingi di Landasan Ulin',
    });

    const second = await seedUser(env, 'manager', ['63']);
    const deciders = [mgr, await signIn(env, second), await signIn(env, manager), await signIn(env, second)];
    const decided = await race(4, (i) =>
      deciders[i]!.post(`/api/assignment-requests/${requestId}/decision`, { approve: i % 2 === 0 }),
    );
    const decidedTally = tally(decided);
    note(dialect, 'one request decided by four at once', decidedTally);
    expect(decidedTally).toEqual({ '200': 1, '409 already_decided': 3 });
    const outcome = json(decided.find((r) => r.statusCode === 200)!).status;
    // Gone from everyone's queue, whoever decided it.
    expect(json(await mgr.get('/api/assignment-requests')).items).toEqual([]);
    expect(json(await deciders[1]!.get('/api/assignment-requests')).items).toEqual([]);
    const assigned = json(await mgr.get(`/api/participants/${herId}`)).assigned.map((a: { id: string }) => a.id);
    expect(assigned.includes(other.id)).toBe(outcome === 'APPROVED');
    // A caseworker does not decide requests.
    expect((await oth.get('/api/assignment-requests')).statusCode).toBe(403);
  });

  it('a caseload moves to another worker; her history says who came and went, and how', async () => {
    const second = await reg.post('/api/participants', participantBody({}, { fullName: 'Rahmawati Hasanah' }));
    const secondId = json(second).id;
    const successor = await seedUser(env, 'caseworker', ['6372']);
    // Not to another kabupaten/kota's worker: that is a transfer, case by case, which she accepts.
    const across = await mgr.post(`/api/caseloads/${registrar.id}/reassign`, { toUserId: elsewhere.id });
    expect(json(across).error.code).toBe('assignee_out_of_region');
    const moved = await mgr.post(`/api/caseloads/${registrar.id}/reassign`, { toUserId: successor.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(json(moved).moved).toBe(2);
    for (const id of [herId, secondId]) {
      const staff = json(await mgr.get(`/api/participants/${id}`)).assigned.map((a: { id: string }) => a.id);
      expect(staff).toContain(successor.id);
      expect(staff).not.toContain(registrar.id);
    }
    expect((await reg.post(`/api/caseloads/${registrar.id}/reassign`, { toUserId: other.id })).statusCode).toBe(403);
    const history = json(await mgr.get(`/api/participants/${secondId}/assignments/history`)).items;
    expect(history.map((h: { kind: string; user: { id: string } }) => [h.kind, h.user.id])).toEqual([
      ['registered', registrar.id],
      ['unassigned', registrar.id],
      ['reassigned', successor.id],
    ]);
    // Every change names her in the audit.
    const events = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('resource_type', '=', 'participant')
      .where('resource_id', '=', secondId)
      .execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['participant.create', 'participant.reassign']));
  });

  it("a transfer to another kabupaten/kota's worker: the case stays until she accepts, once; then it is hers and the old staff are off", async () => {
    const moved = json(await reg.post('/api/participants', participantBody({}, { fullName: 'Nurul Aini' })));
    const bjm = await seedUser(env, 'caseworker', ['6371']);
    // Only the head of section transfers; to a worker of another kabupaten/kota.
    expect(
      (await reg.post(`/api/participants/${moved.id}/transfers`, { toUserId: bjm.id, reason: 'Pindah ke Banjarmasin' }))
        .statusCode,
    ).toBe(403);
    const same = await mgr.post(`/api/participants/${moved.id}/transfers`, {
      toUserId: other.id,
      reason: 'Pindah rumah',
    });
    expect(same.statusCode).toBe(400);
    const sent = await mgr.post(`/api/participants/${moved.id}/transfers`, {
      toUserId: bjm.id,
      reason: 'Pindah ke Banjarmasin',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(json(sent)).toMatchObject({ status: 'PENDING', toRegion: '6371' });
    const twice = await mgr.post(`/api/participants/${moved.id}/transfers`, {
      toUserId: bjm.id,
      reason: 'Sekali lagi',
    });
    expect(json(twice).error.code).toBe('transfer_pending');

    // Before she answers the case is not hers; she sees the transfer with the code and the reason only.
    const tabs = [await signIn(env, bjm), await signIn(env, bjm), await signIn(env, bjm)];
    expect((await tabs[0]!.get(`/api/participants/${moved.id}`)).statusCode).toBe(404);
    const incoming = json(await tabs[0]!.get('/api/transfers/incoming')).items;
    expect(incoming).toEqual([
      expect.objectContaining({
        participantId: moved.id,
        code: moved.code,
        reason: 'Pindah ke Banjarmasin',
        fromRegion: '6372',
      }),
    ]);
    // Nobody else can answer it.
    expect((await mgr.post(`/api/transfers/${incoming[0].id}/answer`, { accept: true })).statusCode).toBe(404);

    // Three tabs answer at once: one answer counts.
    const answered = await race(3, (i) => tabs[i]!.post(`/api/transfers/${incoming[0].id}/answer`, { accept: true }));
    const t = tally(answered);
    note(dialect, 'one transfer answered from three tabs', t);
    expect(t).toEqual({ '200': 1, '409 already_decided': 2 });

    const view = json(await tabs[0]!.get(`/api/participants/${moved.id}`));
    expect(view.regionCode).toBe('6371');
    expect(view.assigned.map((a: { id: string }) => a.id)).toEqual([bjm.id]);
    // The registering caseworker of Banjarbaru no longer reaches her.
    expect((await reg.get(`/api/participants/${moved.id}`)).statusCode).toBe(404);
    const history = json(await tabs[0]!.get(`/api/participants/${moved.id}/assignments/history`)).items;
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['registered', 'transferred_out', 'transferred_in']);
    expect(json(await tabs[0]!.get('/api/transfers/incoming')).items).toEqual([]);
  });

  it('an open request still lists after her erasure, without its reason (her key is gone)', async () => {
    const gone = json(await reg.post('/api/participants', participantBody({}, { fullName: 'Halimah Dihapus' })));
    const helper = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    const asked = await helper.post(`/api/participants/${gone.id}/assignment-requests`, { reason: 'Tetangga saya' });
    expect(asked.statusCode, asked.body).toBe(201);
    // Her erasure: asked for, approved by a head of section, carried out by the administrator.
    const officer = await signIn(env, await seedUser(env, 'admin', ['63']));
    const request = json(await reg.post('/api/rights-requests', { participantId: gone.id, kind: 'ERASURE' }));
    expect((await mgr.post(`/api/rights-requests/${request.id}/decision`, { approve: true })).statusCode).toBe(200);
    const erased = await officer.post(`/api/rights-requests/${request.id}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    const open = await mgr.get('/api/assignment-requests');
    expect(open.statusCode, open.body).toBe(200);
    expect(json(open).items.find((r: { participantId: string }) => r.participantId === gone.id)).toMatchObject({
      reason: null,
    });
  });
});
