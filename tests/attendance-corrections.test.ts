// Corrections of locked attendance, between people: the session's facilitator asks for one participant's mark
// to be corrected, once however many tabs send it; the head of section of the cohort's region decides it once,
// however many decide at the same moment, never her own request; approving changes the mark in the same unit of
// work and is audited as her own correction would be; the work queue lists what is undecided, for everyone who may
// decide it, and nothing once it is decided. Races are real parallel requests, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { note, race, signInMany, tally } from './support/race.ts';
import { readyParticipant } from './support/cohort.ts';

type Section = {
  kind: string;
  count: number;
  items: { id: string; participantId: string | null; sessionId: string | null; detail: string | null }[];
};
const section = (q: { sections: Section[] }, kind: string) => q.sections.find((s) => s.kind === kind);

describe.each(DIALECTS)('attendance corrections on %s', (dialect) => {
  let env: TestEnv;
  let users: Record<'manager' | 'manager2' | 'far' | 'caseworker' | 'trainer', TestUser>;
  let mgr: Client;
  let mgr2: Client;
  let far: Client;
  let cw: Client;
  let tr: Client;
  let people: { id: string; code: string }[] = [];
  let sessionId = '';

  async function travel(to: string) {
    env.clock.set(new Date(to));
    // One after the other: a sign-in with a second factor moves the clock a step.
    mgr = await signIn(env, users.manager);
    mgr2 = await signIn(env, users.manager2);
    far = await signIn(env, users.far);
    cw = await signIn(env, users.caseworker);
    tr = await signIn(env, users.trainer);
  }
  const register = async () =>
    Object.fromEntries(
      json(await mgr.get(`/api/sessions/${sessionId}/attendance`)).items.map(
        (i: { participantId: string; status: string | null }) => [i.participantId, i.status],
      ),
    );
  const audit = (action: string) =>
    env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['resource_type', 'resource_id', 'detail'])
      .where('action', '=', action)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    users = {
      manager: await seedUser(env, 'manager', ['63']),
      manager2: await seedUser(env, 'manager', ['63']),
      far: await seedUser(env, 'manager', ['6371']),
      caseworker: await seedUser(env, 'caseworker', ['6372']),
      trainer: await seedUser(env, 'facilitator', ['6372']),
    };
    await travel('2019-02-20T02:00:00Z');
    const programme = json(
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
    people = [await readyParticipant(cw, mgr), await readyParticipant(cw, mgr)];
    for (const p of people) {
      const e = await cw.post(`/api/cohorts/${cohort.id}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
      expect(e.statusCode, e.body).toBe(201);
    }
    const gen = await mgr.post(`/api/cohorts/${cohort.id}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      facilitatorId: users.trainer.id,
      holidays: 'skip',
    });
    expect(gen.statusCode, gen.body).toBe(201);
    sessionId = json(gen).items[0].id; // Friday 1 March 2019
    await travel('2019-03-01T05:00:00Z');
    const marked = await tr.request('PUT', `/api/sessions/${sessionId}/attendance`, [
      { participantId: people[0]!.id, status: 'ABSENT' },
      { participantId: people[1]!.id, status: 'PRESENT' },
    ]);
    expect(marked.statusCode, marked.body).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
  });

  const ask = (c: Client, participant: number, status: string, reason = 'Tanda tangannya ada di daftar hadir kertas') =>
    c.post(`/api/sessions/${sessionId}/attendance-corrections`, {
      participantId: people[participant]!.id,
      status,
      reason,
    });

  it('before the lock there is nothing to ask: the register is still open (409 correction_not_needed)', async () => {
    const early = await ask(tr, 0, 'PRESENT');
    expect(early.statusCode, early.body).toBe(409);
    expect(json(early).error.code).toBe('correction_not_needed');
  });

  it('after the lock the facilitator asks once, however many tabs send it; others of the session may not ask', async () => {
    await travel('2019-03-10T05:00:00Z');
    const locked = await tr.request('PUT', `/api/sessions/${sessionId}/attendance`, [
      { participantId: people[0]!.id, status: 'PRESENT' },
    ]);
    expect(json(locked).error.code).toBe('attendance_locked');

    // A reason is required; asking for the mark she already has is refused.
    expect((await ask(tr, 0, 'PRESENT', 'ok')).statusCode).toBe(400);
    const same = await ask(tr, 0, 'ABSENT');
    expect(same.statusCode).toBe(400);
    expect(json(same).error.details[0].code).toBe('unchanged');
    // A caseworker of the region does not mark this session, so she does not ask either; another region: 404.
    expect((await ask(cw, 0, 'PRESENT')).statusCode).toBe(403);
    expect((await ask(far, 0, 'PRESENT')).statusCode).toBe(404);

    const tabs = await signInMany(env, [users.trainer], 4, 11);
    const sent = await race(4, (i) => ask(tabs[i]!, 0, 'PRESENT'));
    const t = tally(sent);
    note(dialect, 'one correction asked from four tabs', t);
    expect(t).toEqual({ '201': 1, '409 correction_pending': 3 });

    // The reason is sealed under her key, not stored as written.
    const row = await env.booted.services.db.kysely
      .selectFrom('attendance_corrections')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'PENDING', status_before: 'ABSENT', status_wanted: 'PRESENT' });
    expect(row.reason_ct).not.toContain('Tanda tangan');

    const listed = json(await tr.get(`/api/sessions/${sessionId}/attendance-corrections`)).items;
    expect(listed).toEqual([
      expect.objectContaining({
        participantId: people[0]!.id,
        code: people[0]!.code,
        statusBefore: 'ABSENT',
        statusWanted: 'PRESENT',
        reason: 'Tanda tangannya ada di daftar hadir kertas',
        requestedBy: expect.objectContaining({ id: users.trainer.id }),
      }),
    ]);
    // Asking and listing are audited naming her; the reason is in neither.
    const asked = await audit('attendance.correction_request');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.resource_type).toBe('attendance_correction');
    expect(asked[0]!.detail).toContain(people[0]!.id);
    expect(asked[0]!.detail).not.toContain('Tanda tangan');
    expect((await audit('attendance.correction_list')).some((e) => (e.detail ?? '').includes(people[0]!.id))).toBe(
      true,
    );
  });

  it('the work queue shows it to every head of section of the region, with its session; not elsewhere, not to the facilitator', async () => {
    for (const c of [mgr, mgr2]) {
      const q = json(await c.get('/api/work-queue'));
      expect(section(q, 'attendance_corrections')).toMatchObject({
        count: 1,
        items: [{ participantId: people[0]!.id, sessionId, detail: 'PRESENT' }],
      });
    }
    expect(section(json(await far.get('/api/work-queue')), 'attendance_corrections')?.count).toBe(0);
    expect(section(json(await tr.get('/api/work-queue')), 'attendance_corrections')).toBeUndefined();

    // The counts for the navigation: the same figures, and no audit event (they name nobody).
    const before = (await audit('workqueue.read')).length;
    const counts = json(await mgr.get('/api/work-queue/counts'));
    const full = json(await mgr.get('/api/work-queue'));
    expect(counts.total).toBe(full.total);
    expect(counts.sections).toEqual(full.sections.map((s: Section) => ({ kind: s.kind, count: s.count })));
    expect(counts.sections).toContainEqual({ kind: 'attendance_corrections', count: 1 });
    expect((await audit('workqueue.read')).length).toBe(before + 1); // the full queue's read only
  });

  it('decided once by four heads of section at once; the mark changes, audited; gone from every queue', async () => {
    const id = json(await tr.get(`/api/sessions/${sessionId}/attendance-corrections`)).items[0].id;
    // Out of the region: as if it did not exist. Not the head of section: not allowed. The requester: not allowed.
    expect((await far.post(`/api/attendance-corrections/${id}/decision`, { approve: true })).statusCode).toBe(404);
    expect((await cw.post(`/api/attendance-corrections/${id}/decision`, { approve: true })).statusCode).toBe(403);
    expect((await tr.post(`/api/attendance-corrections/${id}/decision`, { approve: true })).statusCode).toBe(403);

    const deciders = [mgr, mgr2, await signIn(env, users.manager), await signIn(env, users.manager2)];
    const decided = await race(4, (i) =>
      deciders[i]!.post(`/api/attendance-corrections/${id}/decision`, { approve: true }),
    );
    const t = tally(decided);
    note(dialect, 'one correction decided by four at once', t);
    expect(t).toEqual({ '200': 1, '409 already_decided': 3 });
    expect(json(decided.find((r) => r.statusCode === 200)!)).toEqual({ id, status: 'APPROVED' });

    expect(await register()).toEqual({ [people[0]!.id]: 'PRESENT', [people[1]!.id]: 'PRESENT' });
    const writes = await audit('attendance.write');
    expect(JSON.parse(writes.at(-1)!.detail!)).toEqual({ marked: 1, cleared: 0, correctionId: id });
    expect(writes.at(-1)).toMatchObject({ resource_type: 'session', resource_id: sessionId });
    const approved = await audit('attendance.correction_approve');
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ resource_type: 'attendance_correction', resource_id: id });
    expect(approved[0]!.detail).toContain(people[0]!.id);

    // Gone for everyone, whoever decided it.
    for (const c of [mgr, mgr2]) {
      expect(section(json(await c.get('/api/work-queue')), 'attendance_corrections')?.count).toBe(0);
      expect(json(await c.get('/api/work-queue/counts')).sections).toContainEqual({
        kind: 'attendance_corrections',
        count: 0,
      });
    }
    expect(json(await tr.get(`/api/sessions/${sessionId}/attendance-corrections`)).items).toEqual([]);
    // Decided, it no longer blocks a new request for her on this session.
    expect((await ask(tr, 0, 'LATE')).statusCode).toBe(201);
  });

  it('nobody decides her own request: a head of section who asks leaves it to another (403 second_person_required)', async () => {
    const mine = await ask(mgr, 1, 'LATE', 'Datang pukul 09.30 menurut catatan');
    expect(mine.statusCode, mine.body).toBe(201);
    const id = json(mine).id;
    const self = await mgr.post(`/api/attendance-corrections/${id}/decision`, { approve: true });
    expect(self.statusCode).toBe(403);
    expect(json(self).error.code).toBe('second_person_required');
    // Her own request is not in her queue; it is in her colleague's.
    const own = section(json(await mgr.get('/api/work-queue')), 'attendance_corrections')!;
    expect(own.items.map((i) => i.id)).not.toContain(id);
    const other = section(json(await mgr2.get('/api/work-queue')), 'attendance_corrections')!;
    expect(other.items.map((i) => i.id)).toContain(id);

    const declined = await mgr2.post(`/api/attendance-corrections/${id}/decision`, { approve: false });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(json(declined).status).toBe('DECLINED');
    expect((await register())[people[1]!.id]).toBe('PRESENT');
    expect(await audit('attendance.correction_decline')).toHaveLength(1);
    expect((await mgr2.post(`/api/attendance-corrections/${id}/decision`, { approve: true })).statusCode).toBe(409);
  });
});
