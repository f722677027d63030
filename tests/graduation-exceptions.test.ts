// Graduation with a second person, on both databases: the programme's rule counts excused absences as attended up
// to its allowance; the head of section grants a woman the rule fails an exception with a reason, which the
// office's approver (the Kepala Bidang) confirms once — never the one who granted it — and which makes her pass;
// a confirmed graduation reopens within the programme's window only; a whole session's corrections asked in one
// request are approved in one decision, all or none. Races are real parallel requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { note, race, signInMany, tally } from './support/race.ts';
import { graduatedCohort, readyParticipant } from './support/cohort.ts';

type Enrolment = {
  id: string;
  participantId: string;
  status: string;
  version: number;
  result: { passed: boolean; excused?: number; excusedCounted?: number; byException?: boolean } | null;
};

describe.each(DIALECTS)('graduation exceptions on %s', (dialect) => {
  let env: TestEnv;
  let users: Record<'manager' | 'manager2' | 'caseworker' | 'head' | 'head2', TestUser>;
  let mgr: Client;
  let mgr2: Client;
  let cw: Client;
  let head: Client;
  let programme: { id: string; version: number };
  let cohortId = '';
  let sessions: { id: string; date: string }[] = [];
  let people: { id: string; code: string }[] = [];
  let exceptionId = '';

  async function travel(to: string) {
    env.clock.set(new Date(to));
    mgr = await signIn(env, users.manager);
    mgr2 = await signIn(env, users.manager2);
    cw = await signIn(env, users.caseworker);
    head = await signIn(env, users.head);
  }
  const evaluate = async (): Promise<Enrolment[]> => {
    const r = await mgr.post(`/api/cohorts/${cohortId}/graduate`);
    expect(r.statusCode, r.body).toBe(200);
    return json(r).items;
  };
  const of = (list: Enrolment[], i: number) => list.find((e) => e.participantId === people[i]!.id)!;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    users = {
      manager: await seedUser(env, 'manager', ['63']),
      manager2: await seedUser(env, 'manager', ['63']),
      caseworker: await seedUser(env, 'caseworker', ['6372']),
      head: await seedUser(env, 'head_of_division', ['63']),
      head2: await seedUser(env, 'head_of_division', ['63']),
    };
    await travel('2019-02-20T02:00:00Z');
    programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2019',
        year: 2019,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
      }),
    );
    const cohort = json(
      await mgr.post('/api/cohorts', {
        programmeId: programme.id,
        regionCode: '6372',
        startDate: '2019-03-01',
        tracks: ['TATA_BOGA'],
      }),
    );
    cohortId = cohort.id;
    people = [await readyParticipant(cw, mgr), await readyParticipant(cw, mgr), await readyParticipant(cw, mgr)];
    for (const p of people) {
      const e = await cw.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
      expect(e.statusCode, e.body).toBe(201);
    }
    const gen = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      mandatory: true,
      holidays: 'skip',
    });
    expect(gen.statusCode, gen.body).toBe(201);
    sessions = json(gen).items;
    expect(sessions).toHaveLength(5);
    await travel('2019-03-31T03:00:00Z');
    // Woman 0: excused once (izin). Woman 1: excused once and absent once. Woman 2: there every time.
    for (const [n, s] of sessions.entries()) {
      const r = await mgr.request('PUT', `/api/sessions/${s.id}/attendance`, [
        { participantId: people[0]!.id, status: n === 2 ? 'EXCUSED' : 'PRESENT' },
        { participantId: people[1]!.id, status: n === 1 ? 'EXCUSED' : n === 3 ? 'ABSENT' : 'PRESENT' },
        { participantId: people[2]!.id, status: 'PRESENT' },
      ]);
      expect(r.statusCode, r.body).toBe(200);
    }
  });
  afterAll(async () => {
    await env?.close();
  });

  it("counts excused absences as attended up to the programme's allowance (none by default)", async () => {
    expect(json(await mgr.get(`/api/programmes/${programme.id}`))).toMatchObject({
      completionRule: { minAttendanceRate: 0.8, allMandatory: true, excusedAbsencesAllowed: 0 },
      graduationReopenDays: 30,
    });
    let list = await evaluate();
    // One izin from a mandatory session fails her under the rule as it was.
    expect(of(list, 0).result).toMatchObject({ passed: false, excused: 1, excusedCounted: 0 });
    expect(of(list, 2).result).toMatchObject({ passed: true });
    const changed = await mgr.request(
      'PATCH',
      `/api/programmes/${programme.id}`,
      { completionRule: { minAttendanceRate: 0.8, allMandatory: true, excusedAbsencesAllowed: 1 } },
      { 'if-match': `"${programme.version}"` },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    list = await evaluate();
    expect(of(list, 0).result).toMatchObject({ passed: true, excused: 1, excusedCounted: 1 });
    // An unexcused absence from a mandatory session still fails her.
    expect(of(list, 1).result).toMatchObject({ passed: false, excused: 1, excusedCounted: 1 });
  });

  it('the head of section grants an exception with a reason; never for one who passes, never twice', async () => {
    const list = json(await mgr.get(`/api/cohorts/${cohortId}/enrollments`)).items as Enrolment[];
    const reason = { reason: 'Dirawat di puskesmas pada sesi keempat; surat keterangan ada di berkas.' };
    expect((await cw.post(`/api/enrollments/${of(list, 1).id}/graduation-exception`, reason)).statusCode).toBe(403);
    expect((await head.post(`/api/enrollments/${of(list, 1).id}/graduation-exception`, reason)).statusCode).toBe(403);
    const needless = await mgr.post(`/api/enrollments/${of(list, 2).id}/graduation-exception`, reason);
    expect(json(needless).error.code).toBe('exception_not_needed');
    const granted = await mgr.post(`/api/enrollments/${of(list, 1).id}/graduation-exception`, reason);
    expect(granted.statusCode, granted.body).toBe(201);
    exceptionId = json(granted).id;
    const again = await mgr2.post(`/api/enrollments/${of(list, 1).id}/graduation-exception`, reason);
    expect(again.statusCode).toBe(409);
    expect(json(again).error.code).toBe('exception_exists');
    // While it waits, graduation is not confirmed over it.
    const early = await mgr.post(`/api/cohorts/${cohortId}/graduate/confirm`);
    expect(json(early).error.code).toBe('exceptions_pending');
  });

  it('is refused to its own requester (403 second_person_required) and to a head of section without the setting', async () => {
    // The manager grants; by the default setting she does not approve exceptions at all.
    const own = await mgr.post(`/api/graduation-exceptions/${exceptionId}/decision`, { approve: true });
    expect(own.statusCode).toBe(403);
    // An office where the head of section approves exceptions: still never her own.
    const admin = await signIn(env, await seedUser(env, 'admin', ['63']));
    const set = await admin.put('/api/approval-settings/exception', { role: 'manager' }, { 'if-match': '"1"' });
    expect(set.statusCode, set.body).toBe(200);
    mgr = await signIn(env, users.manager);
    const mine = await mgr.post(`/api/graduation-exceptions/${exceptionId}/decision`, { approve: true });
    expect(mine.statusCode).toBe(403);
    expect(json(mine).error.code).toBe('second_person_required');
    const back = await admin.put(
      '/api/approval-settings/exception',
      { role: 'head_of_division' },
      { 'if-match': '"2"' },
    );
    expect(back.statusCode, back.body).toBe(200);
    await travel('2019-03-31T04:00:00Z');
  });

  it('the Kepala Bidang sees it in her queue, with the reason, and confirms it once however many decide at once', async () => {
    const queue = json(await head.get('/api/work-queue'));
    const waiting = queue.sections.find((s: { kind: string }) => s.kind === 'graduation_exceptions');
    expect(waiting).toMatchObject({ count: 1, items: [{ id: exceptionId, participantId: people[1]!.id, cohortId }] });
    const seen = json(await head.get(`/api/cohorts/${cohortId}/graduation-exceptions`)).items;
    expect(seen).toMatchObject([{ id: exceptionId, status: 'PENDING', reason: expect.stringContaining('puskesmas') }]);
    expect((await cw.get(`/api/cohorts/${cohortId}/graduation-exceptions`)).statusCode).toBe(403);
    const clients = await signInMany(env, [users.head, users.head2], 4);
    const answers = await race(4, (i) =>
      clients[i]!.post(`/api/graduation-exceptions/${exceptionId}/decision`, { approve: true }),
    );
    const outcome = tally(answers);
    note(dialect, 'one exception confirmed by four at once', outcome);
    expect(outcome).toEqual({ '200': 1, '409 already_decided': 3 });
    head = await signIn(env, users.head);
    const decided = json(await head.get(`/api/cohorts/${cohortId}/graduation-exceptions`)).items;
    expect(decided).toMatchObject([{ status: 'CONFIRMED', decidedBy: { id: expect.any(String) }, actingAs: null }]);
    const after = json(await head.get('/api/work-queue'));
    expect(after.sections.find((s: { kind: string }) => s.kind === 'graduation_exceptions')?.count).toBe(0);
    // She passes by the exception; evaluating again keeps it.
    const list = await evaluate();
    expect(of(list, 1).result).toMatchObject({ passed: true, byException: true });
  });

  it('graduation is confirmed with her, and reopens within the window only', async () => {
    const confirmed = await mgr.post(`/api/cohorts/${cohortId}/graduate/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((json(confirmed).items as Enrolment[]).map((e) => e.status)).toEqual([
      'GRADUATED',
      'GRADUATED',
      'GRADUATED',
    ]);
    const reason = { reason: 'Koreksi kehadiran sesi pertama masih ditunggu.' };
    expect((await cw.post(`/api/cohorts/${cohortId}/graduate/reopen`, reason)).statusCode).toBe(403);
    expect((await head.post(`/api/cohorts/${cohortId}/graduate/reopen`, reason)).statusCode).toBe(403);
    // Thirty days after the day it was confirmed (31 March): 30 April is the last day.
    await travel('2019-04-30T10:00:00Z');
    const reopened = await mgr.post(`/api/cohorts/${cohortId}/graduate/reopen`, reason);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((json(reopened).items as Enrolment[]).map((e) => [e.status, e.result])).toEqual([
      ['ENROLLED', null],
      ['ENROLLED', null],
      ['ENROLLED', null],
    ]);
    const cohort = json(await mgr.get(`/api/cohorts/${cohortId}`));
    expect(cohort).toMatchObject({ graduationConfirmedAt: null, graduationReopenUntil: null });
    const twice = await mgr.post(`/api/cohorts/${cohortId}/graduate/reopen`, reason);
    expect(json(twice).error.code).toBe('graduation_not_confirmed');
    const audited = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['resource_id', 'detail'])
      .where('action', '=', 'graduation.reopen')
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.detail).not.toContain('Koreksi');
    // Evaluated and confirmed again: the confirmed exception still stands.
    const list = await evaluate();
    expect(of(list, 1).result).toMatchObject({ passed: true, byException: true });
    expect((await mgr.post(`/api/cohorts/${cohortId}/graduate/confirm`)).statusCode).toBe(200);
    expect(json(await mgr.get(`/api/cohorts/${cohortId}`)).graduationReopenUntil).toBe('2019-05-30');
    await travel('2019-05-31T01:00:00Z');
    const late = await mgr.post(`/api/cohorts/${cohortId}/graduate/reopen`, reason);
    expect(late.statusCode).toBe(409);
    expect(json(late).error).toMatchObject({ code: 'reopen_window_closed', details: { until: '2019-05-30' } });
  });
});

describe.each(DIALECTS)('a whole session corrected in one request on %s', (dialect) => {
  let env: TestEnv;
  let users: Record<'manager' | 'manager2' | 'caseworker', TestUser>;
  let mgr: Client;
  let mgr2: Client;
  let cw: Client;
  let people: { id: string; code: string }[] = [];
  const enrolments: { id: string; participantId: string; version: number }[] = [];
  let sessionId = '';
  const reason = { reason: 'Daftar hadir kertas sesi ini ditandatangani semua peserta' };

  const marks = async () =>
    Object.fromEntries(
      json(await mgr.get(`/api/sessions/${sessionId}/attendance`)).items.map(
        (i: { participantId: string; status: string | null }) => [i.participantId, i.status],
      ),
    );

  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    users = {
      manager: await seedUser(env, 'manager', ['63']),
      manager2: await seedUser(env, 'manager', ['63']),
      caseworker: await seedUser(env, 'caseworker', ['6372']),
    };
    mgr = await signIn(env, users.manager);
    cw = await signIn(env, users.caseworker);
    const programme = json(
      await mgr.post('/api/programmes', { name: 'P', year: 2019, budgetCeiling: 1_000_000, targetParticipants: 5 }),
    );
    const cohort = json(
      await mgr.post('/api/cohorts', {
        programmeId: programme.id,
        regionCode: '6372',
        startDate: '2019-03-01',
        tracks: ['TATA_BOGA'],
      }),
    );
    people = [await readyParticipant(cw, mgr), await readyParticipant(cw, mgr), await readyParticipant(cw, mgr)];
    for (const p of people)
      enrolments.push(
        json(await cw.post(`/api/cohorts/${cohort.id}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' })),
      );
    const gen = await mgr.post(`/api/cohorts/${cohort.id}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      holidays: 'skip',
    });
    sessionId = json(gen).items[0].id;
    env.clock.set(new Date('2019-03-01T05:00:00Z'));
    mgr = await signIn(env, users.manager);
    await mgr.request(
      'PUT',
      `/api/sessions/${sessionId}/attendance`,
      people.map((p) => ({ participantId: p.id, status: 'ABSENT' })),
    );
    env.clock.set(new Date('2019-03-12T05:00:00Z'));
    mgr = await signIn(env, users.manager);
    mgr2 = await signIn(env, users.manager2);
    cw = await signIn(env, users.caseworker);
  });
  afterAll(async () => {
    await env?.close();
  });

  const ask = (c: Client, who: number[], status = 'PRESENT') =>
    c.post(`/api/sessions/${sessionId}/attendance-correction-batches`, {
      items: who.map((i) => ({ participantId: people[i]!.id, status })),
      ...reason,
    });

  it('a request naming someone whose correction already waits writes nothing (all or none)', async () => {
    const single = await mgr.post(`/api/sessions/${sessionId}/attendance-corrections`, {
      participantId: people[2]!.id,
      status: 'EXCUSED',
      ...reason,
    });
    expect(single.statusCode, single.body).toBe(201);
    const refused = await ask(mgr, [0, 2]);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.code).toBe('correction_pending');
    const open = json(await mgr.get(`/api/sessions/${sessionId}/attendance-corrections`)).items;
    expect(open.map((o: { participantId: string }) => o.participantId)).toEqual([people[2]!.id]);
    const twice = await mgr.post(`/api/sessions/${sessionId}/attendance-correction-batches`, {
      items: [0, 0].map((i) => ({ participantId: people[i]!.id, status: 'PRESENT' })),
      ...reason,
    });
    expect(twice.statusCode).toBe(400);
  });

  it('is approved in one decision: every mark changes together, once', async () => {
    const asked = await ask(mgr, [0, 1]);
    expect(asked.statusCode, asked.body).toBe(201);
    const batch = json(asked);
    expect(batch).toMatchObject({ status: 'PENDING', count: 2 });
    const open = json(await mgr2.get(`/api/sessions/${sessionId}/attendance-corrections`)).items;
    expect(open.filter((o: { batchId: string }) => o.batchId === batch.id)).toHaveLength(2);
    // Never her own.
    const own = await mgr.post(`/api/attendance-correction-batches/${batch.id}/decision`, { approve: true });
    expect(json(own).error.code).toBe('second_person_required');
    const clients = await signInMany(env, [users.manager2], 3);
    const answers = await race(3, (i) =>
      clients[i]!.post(`/api/attendance-correction-batches/${batch.id}/decision`, { approve: true }),
    );
    const outcome = tally(answers);
    note(dialect, 'one session request decided by three at once', outcome);
    expect(outcome).toEqual({ '200': 1, '409 already_decided': 2 });
    const now = await marks();
    expect([now[people[0]!.id], now[people[1]!.id], now[people[2]!.id]]).toEqual(['PRESENT', 'PRESENT', 'ABSENT']);
  });

  it('a refusal on the way undoes the whole decision (one of them left the cohort)', async () => {
    const single = json(await mgr.get(`/api/sessions/${sessionId}/attendance-corrections`)).items[0];
    // Decline the waiting single request first, so two can be asked together.
    expect((await mgr2.post(`/api/attendance-corrections/${single.id}/decision`, { approve: false })).statusCode).toBe(
      200,
    );
    const batch = json(await ask(mgr, [1, 2], 'LATE'));
    const e2 = enrolments[2]!;
    const left = await cw.request(
      'PATCH',
      `/api/enrollments/${e2.id}`,
      { status: 'DROPPED_OUT', reason: 'Kembali ke kampung halaman' },
      { 'if-match': `"${e2.version}"` },
    );
    expect(left.statusCode, left.body).toBe(200);
    const refused = await mgr2.post(`/api/attendance-correction-batches/${batch.id}/decision`, { approve: true });
    expect(refused.statusCode).toBe(400);
    const now = await marks();
    expect(now[people[1]!.id]).toBe('PRESENT');
    const open = json(await mgr2.get(`/api/sessions/${sessionId}/attendance-corrections`)).items;
    expect(open.filter((o: { batchId: string }) => o.batchId === batch.id)).toHaveLength(2);
    // Declined in one decision, both at once.
    const declined = await mgr2.post(`/api/attendance-correction-batches/${batch.id}/decision`, { approve: false });
    expect(json(declined)).toMatchObject({ status: 'DECLINED', count: 2 });
  });
});

describe.each(DIALECTS)('what graduation carries, and an exception decided as Plh., on %s', (dialect) => {
  let env: TestEnv;
  const reopenReason = { reason: 'Koreksi kehadiran sesi pertama masih ditunggu.' };
  beforeAll(async () => {
    env = await makeEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });
  /** A manager and a caseworker of their own for each cohort: a sign-in code is never accepted twice. */
  const staff = async () => ({
    manager: await seedUser(env, 'manager', ['63']),
    caseworker: await seedUser(env, 'caseworker', ['6372']),
  });

  it('reopening is refused once aid was proposed for the cohort (graduation_has_aid)', async () => {
    const g = await graduatedCohort(env, await staff(), [5]);
    const kit = await g.mgr.post('/api/kits', {
      trade: 'TATA_BOGA',
      name: 'Paket usaha kue',
      items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
    });
    expect(kit.statusCode, kit.body).toBe(201);
    const proposed = await g.cw.post(`/api/cohorts/${g.cohortId}/allocations`, {});
    expect(proposed.statusCode, proposed.body).toBe(201);
    const refused = await g.mgr.post(`/api/cohorts/${g.cohortId}/graduate/reopen`, reopenReason);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.code).toBe('graduation_has_aid');
    const cohort = json(await g.mgr.get(`/api/cohorts/${g.cohortId}`));
    expect(cohort.graduationConfirmedAt).not.toBeNull();
    expect(json(await g.mgr.get(`/api/cohorts/${g.cohortId}/enrollments`)).items[0].status).toBe('GRADUATED');
  });

  it('reopening is refused once a follow-up visit was recorded (graduation_has_follow_ups)', async () => {
    const users = await staff();
    const g = await graduatedCohort(env, users, [5], { followUpConsent: [true] });
    const [her] = g.people;
    // Ten days after graduation, within the window: her caseworker visits early.
    env.clock.set(new Date('2019-04-10T02:00:00Z'));
    const mgr = await signIn(env, users.manager);
    const cw = await signIn(env, users.caseworker);
    const planned = json(await cw.get(`/api/participants/${her!.id}/follow-ups`)).items;
    expect(planned.length).toBeGreaterThan(0);
    const visited = await cw.post(`/api/follow-ups/${planned[0].id}/visits`, {
      date: '2019-04-10',
      method: 'HOME_VISIT',
      businessStatus: 'RUNNING',
      incomeBand: '1M_2M',
      kitInUse: 'YES',
      housingStable: 'YES',
      familySupport: 'YES',
      healthAccess: 'YES',
      documents: 'YES',
      wellbeing: 4,
      safetyConcern: false,
      returnRisk: 'NO',
    });
    expect(visited.statusCode, visited.body).toBe(201);
    const refused = await mgr.post(`/api/cohorts/${g.cohortId}/graduate/reopen`, reopenReason);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.code).toBe('graduation_has_follow_ups');
    expect(json(await mgr.get(`/api/cohorts/${g.cohortId}`)).graduationConfirmedAt).not.toBeNull();
  });

  it('an exception decided by a Plh. of the Kepala Bidang records the delegation', async () => {
    const users = await staff();
    const headUser = await seedUser(env, 'head_of_division', ['63']);
    const actingUser = await seedUser(env, 'manager', ['63']);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    let mgr = await signIn(env, users.manager);
    const cw = await signIn(env, users.caseworker);
    const programme = json(
      await mgr.post('/api/programmes', { name: 'Plh', year: 2019, budgetCeiling: 1_000_000, targetParticipants: 5 }),
    );
    const cohort = json(
      await mgr.post('/api/cohorts', {
        programmeId: programme.id,
        regionCode: '6372',
        startDate: '2019-03-01',
        tracks: ['TATA_BOGA'],
      }),
    );
    const her = await readyParticipant(cw, mgr);
    const enrolled = await cw.post(`/api/cohorts/${cohort.id}/enrollments`, {
      participantId: her.id,
      track: 'TATA_BOGA',
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const gen = await mgr.post(`/api/cohorts/${cohort.id}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      mandatory: true,
      holidays: 'skip',
    });
    const sessions = json(gen).items as { id: string }[];
    env.clock.set(new Date('2019-03-31T03:00:00Z'));
    mgr = await signIn(env, users.manager);
    const head = await signIn(env, headUser);
    for (const [n, s] of sessions.entries())
      await mgr.request('PUT', `/api/sessions/${s.id}/attendance`, [
        { participantId: her.id, status: n === 1 ? 'EXCUSED' : 'PRESENT' },
      ]);
    const evaluated = json(await mgr.post(`/api/cohorts/${cohort.id}/graduate`)).items as Enrolment[];
    expect(evaluated[0]!.result).toMatchObject({ passed: false });
    const granted = await mgr.post(`/api/enrollments/${evaluated[0]!.id}/graduation-exception`, {
      reason: 'Izin karena anaknya dirawat di rumah sakit; surat keterangan ada di berkas.',
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const exceptionId = json(granted).id as string;
    // Before the delegation the colleague approves nothing.
    let acting = await signIn(env, actingUser);
    expect(
      (await acting.post(`/api/graduation-exceptions/${exceptionId}/decision`, { approve: true })).statusCode,
    ).toBe(403);
    const given = await head.post('/api/delegations', {
      delegatorId: headUser.id,
      delegateId: actingUser.id,
      type: 'PLH',
      startsOn: '2019-03-31',
      endsOn: '2019-04-02',
      letterNumber: '800/051/Dinsos/2019',
    });
    expect(given.statusCode, given.body).toBe(201);
    acting = await signIn(env, actingUser);
    const decided = await acting.post(`/api/graduation-exceptions/${exceptionId}/decision`, { approve: true });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided)).toMatchObject({ status: 'CONFIRMED' });
    const listed = json(await head.get(`/api/cohorts/${cohort.id}/graduation-exceptions`)).items;
    expect(listed).toMatchObject([
      {
        id: exceptionId,
        status: 'CONFIRMED',
        decidedBy: { id: actingUser.id },
        actingAs: { type: 'PLH', letterNumber: '800/051/Dinsos/2019' },
        result: { passed: true, byException: true },
      },
    ]);
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'graduation.exception_confirm')
      .execute();
    expect(audit.map((r) => String(r.detail)).join(' ')).toContain(json(given).id);
  });
});
