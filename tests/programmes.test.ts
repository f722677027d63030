// Programme delivery on every database: venues, cohorts, enrolment rules, schedules with holidays,
// attendance, graduation and the printed papers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { addMonthsClamped } from '../src/shared/calendar.ts';
import { PROGRAMME_LATEST_COHORTS } from '../src/shared/programme-api.ts';
import { defaultEndDate, evaluateCompletion, generateDates } from '../src/server/modules/programmes/rules.ts';

describe('schedule and completion rules', () => {
  it('a Friday rule over 1–31 March 2019 makes five sessions', () => {
    const { dates, skipped } = generateDates([5], '2019-03-01', '2019-03-31', 'skip');
    expect(dates.map((d) => d.date)).toEqual(['2019-03-01', '2019-03-08', '2019-03-15', '2019-03-22', '2019-03-29']);
    expect(skipped).toEqual([]);
  });
  it('a holiday on the rule’s day is skipped or moved to the next free weekday', () => {
    // Good Friday 2019 (Wafat Isa Almasih) falls on Friday 19 April.
    const skip = generateDates([5], '2019-04-01', '2019-04-30', 'skip');
    expect(skip.dates.map((d) => d.date)).toEqual(['2019-04-05', '2019-04-12', '2019-04-26']);
    expect(skip.skipped).toEqual([{ date: '2019-04-19', holiday: 'Wafat Isa Almasih' }]);
    const move = generateDates([5], '2019-04-01', '2019-04-30', 'move');
    expect(move.dates).toContainEqual({ date: '2019-04-22', movedFrom: '2019-04-19' });
    expect(move.dates).toHaveLength(4);
    // Moving never lands on another holiday, a weekend or a day the rule already uses.
    const custom = new Map([
      ['2026-03-20', 'A'],
      ['2026-03-23', 'B'],
    ]);
    expect(generateDates([5, 1], '2026-03-16', '2026-03-31', 'move', custom).dates).toEqual([
      { date: '2026-03-16', movedFrom: null },
      { date: '2026-03-24', movedFrom: '2026-03-20' },
      { date: '2026-03-25', movedFrom: '2026-03-23' },
      { date: '2026-03-27', movedFrom: null },
      { date: '2026-03-30', movedFrom: null },
    ]);
  });
  it('months clamp to the month’s end; a cohort lasts one month by default', () => {
    expect(addMonthsClamped('2019-03-31', 1)).toBe('2019-04-30');
    expect(addMonthsClamped('2019-03-31', 12)).toBe('2020-03-31');
    expect(addMonthsClamped('2020-01-31', 1)).toBe('2020-02-29');
    expect(defaultEndDate('2019-03-01')).toBe('2019-03-31');
  });
  it('the completion rule at its edges', () => {
    const sessions = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, mandatory: i === 0 }));
    const rule = { minAttendanceRate: 0.8, allMandatory: true };
    const attended = (...ids: number[]) => new Set(ids.map((i) => `s${i}`));
    expect(evaluateCompletion(rule, sessions, attended(0, 1, 2, 3))).toMatchObject({
      attended: 4,
      rate: 0.8,
      passed: true,
    });
    expect(evaluateCompletion(rule, sessions, attended(0, 1, 2))).toMatchObject({ attended: 3, passed: false });
    expect(evaluateCompletion(rule, sessions, attended(1, 2, 3, 4))).toMatchObject({
      attended: 4,
      mandatoryMissed: 1,
      passed: false,
    });
    expect(evaluateCompletion({ ...rule, allMandatory: false }, sessions, attended(1, 2, 3, 4)).passed).toBe(true);
    const ten = Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, mandatory: false }));
    expect(
      evaluateCompletion(
        { minAttendanceRate: 0.7, allMandatory: true },
        ten,
        new Set(['t0', 't1', 't2', 't3', 't4', 't5', 't6']),
      ).passed,
    ).toBe(true);
    expect(evaluateCompletion(rule, [], new Set()).passed).toBe(false);
  });
});

describe.each(DIALECTS)('programme delivery on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, cw: TestUser, trainer: TestUser, otherTrainer: TestUser;
  let mgr: Client, bjb: Client, tr: Client, tr2: Client;
  let programmeId: string;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    manager = await seedUser(env, 'manager', ['63']);
    cw = await seedUser(env, 'caseworker', ['6372']);
    trainer = await seedUser(env, 'facilitator', ['6372']);
    otherTrainer = await seedUser(env, 'facilitator', ['6372']);
    [mgr, bjb, tr, tr2] = await Promise.all([
      signIn(env, manager),
      signIn(env, cw),
      signIn(env, trainer),
      signIn(env, otherTrainer),
    ]);
    const p = await mgr.post('/api/programmes', {
      name: 'Pembinaan 2019',
      year: 2019,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
      targetRegions: ['6372'],
    });
    expect(p.statusCode, p.body).toBe(201);
    programmeId = json(p).id;
  });
  afterAll(async () => {
    await env?.close();
  });
  /** Moves the clock (days at a time, so sessions expire) and signs everyone in again. */
  async function travel(to: string) {
    env.clock.set(new Date(to));
    [mgr, bjb, tr, tr2] = await Promise.all([
      signIn(env, manager),
      signIn(env, cw),
      signIn(env, trainer),
      signIn(env, otherTrainer),
    ]);
  }

  /** A participant ready to enrol: consent, an assessment, an approved case plan. */
  async function readyParticipant(opts: { assess?: boolean; approve?: boolean } = {}) {
    const p = json(await bjb.post('/api/participants', participantBody({}, { birthDate: '1994-01-10' })));
    if (opts.assess !== false) {
      const a = await bjb.post(`/api/participants/${p.id}/assessments`, {
        answers: {
          living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
          health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
          economy: { monthlyIncome: 0, debts: 0, dependants: 1 },
          education: { level: 'SD', skills: [] },
          srq20: Array(20).fill(false),
          trafficking: {},
          safety: { risks: ['NONE'] },
        },
        confirmedRisk: 'LOW',
      });
      expect(a.statusCode, a.body).toBe(201);
    }
    await bjb.post(`/api/participants/${p.id}/transitions`, { to: 'ASESMEN', reason: 'asesmen' });
    await bjb.post(`/api/participants/${p.id}/transitions`, { to: 'RENCANA_INTERVENSI', reason: 'rencana' });
    await bjb.request('PUT', `/api/participants/${p.id}/case-plan`, {
      items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }],
    });
    if (opts.approve !== false)
      expect((await mgr.post(`/api/participants/${p.id}/case-plan/approve`)).statusCode).toBe(200);
    return p as { id: string; code: string };
  }

  let venueId: string;
  let cohortId: string;
  it('a venue is booked by one cohort at a time', async () => {
    const v = await mgr.post('/api/venues', {
      name: 'Rumah Singgah Loktabat',
      address: 'Jl. Loktabat Utara',
      regionCode: '6372',
      ownerName: 'H. Abdullah',
      capacity: 12,
      facilities: ['dapur', 'oven'],
      rentPerMonth: 3_000_000,
      contractStart: '2019-03-01',
      contractEnd: '2019-12-31',
    });
    expect(v.statusCode, v.body).toBe(201);
    venueId = json(v).id;
    const c = await mgr.post('/api/cohorts', {
      programmeId,
      regionCode: '6372',
      venueId,
      startDate: '2019-03-01',
      capacity: 2,
      tracks: ['TATA_BOGA'],
    });
    expect(c.statusCode, c.body).toBe(201);
    cohortId = json(c).id;
    expect(json(c)).toMatchObject({ endDate: '2019-03-31', status: 'PLANNED', name: 'Angkatan 1' });
    const clash = await mgr.post('/api/cohorts', {
      programmeId,
      regionCode: '6372',
      venueId,
      startDate: '2019-03-25',
      endDate: '2019-04-20',
      tracks: ['MENJAHIT'],
    });
    expect(clash.statusCode).toBe(409);
    expect(json(clash).error).toMatchObject({ code: 'venue_booked', details: { cohortId } });
    expect(
      (
        await mgr.post('/api/cohorts', {
          programmeId,
          regionCode: '6372',
          venueId,
          startDate: '2019-04-01',
          tracks: ['MENJAHIT'],
        })
      ).statusCode,
    ).toBe(201);
    const pay = json(await mgr.post(`/api/venues/${venueId}/payments`, { amount: 3_000_000, paidAt: '2019-03-01' }));
    expect(pay.paidTotal).toBe(3_000_000);
    // The receipt scan: type checked from content, stored sealed, downloaded as an attachment.
    const paymentId = pay.payments[0].id;
    const boundary = '----receipt';
    const scan = Buffer.from('%PDF-1.4\n% kuitansi sewa\n');
    const upload = (data: Buffer) =>
      env.app.inject({
        method: 'POST',
        url: `/api/venues/${venueId}/payments/${paymentId}/receipt`,
        headers: {
          host: 'berdaya.test',
          origin: 'http://berdaya.test',
          cookie: mgr.cookie!,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="k.pdf"\r\n\r\n`),
          data,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    expect((await upload(Buffer.from('MZ not a receipt'))).statusCode).toBe(415);
    const withReceipt = await upload(scan);
    expect(withReceipt.statusCode, withReceipt.body).toBe(200);
    expect(json(withReceipt).payments[0].hasReceipt).toBe(true);
    const dl = await mgr.get(`/api/venues/${venueId}/payments/${paymentId}/receipt`);
    expect(dl.rawPayload.equals(scan)).toBe(true);
    expect(dl.headers['content-disposition']).toMatch(/^attachment/);
    expect(
      (
        await bjb.post('/api/cohorts', {
          programmeId,
          regionCode: '6372',
          startDate: '2019-05-01',
          tracks: ['MENJAHIT'],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('enrolment needs consent, an assessment and an approved plan, and respects capacity', async () => {
    const noAssessment = await readyParticipant({ assess: false });
    expect(
      json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: noAssessment.id })).error.code,
    ).toBe('no_assessment');
    const noPlan = await readyParticipant({ approve: false });
    expect(json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: noPlan.id })).error.code).toBe(
      'plan_not_approved',
    );
    const withdrawn = await readyParticipant();
    const consents = json(await bjb.get(`/api/participants/${withdrawn.id}/consents`)).items;
    await bjb.post(
      `/api/participants/${withdrawn.id}/consents/${consents.find((c: { purpose: string }) => c.purpose === 'PARTICIPATION').id}/withdraw`,
      {},
    );
    const refused = await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: withdrawn.id });
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.code).toBe('consent_required');

    const a = await readyParticipant();
    const b = await readyParticipant();
    const c = await readyParticipant();
    const d = await readyParticipant();
    expect(
      json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: a.id, track: 'TATA_BOGA' })).status,
    ).toBe('ENROLLED');
    expect(json(await bjb.get(`/api/participants/${a.id}`)).stage).toBe('INTERVENSI');
    expect(
      json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: b.id, track: 'TATA_BOGA' })).status,
    ).toBe('ENROLLED');
    const full = await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: c.id });
    expect(full.statusCode).toBe(409);
    expect(json(full).error).toMatchObject({ code: 'cohort_full', details: { capacity: 2 } });
    expect(
      json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: c.id, waitlist: true }))
        .waitlistPosition,
    ).toBe(1);
    expect(
      json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: d.id, waitlist: true }))
        .waitlistPosition,
    ).toBe(2);
    expect(json(await bjb.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: a.id })).error.code).toBe(
      'already_enrolled',
    );
    // B drops out: C (first on the waitlist) takes the place, D moves up.
    const list = json(await bjb.get(`/api/cohorts/${cohortId}/enrollments`)).items;
    const eb = list.find((e: { participantId: string }) => e.participantId === b.id);
    expect(
      (
        await bjb.patch(
          `/api/enrollments/${eb.id}`,
          { status: 'DROPPED_OUT', reason: 'Pindah kerja' },
          { 'if-match': `"${eb.version}"` },
        )
      ).statusCode,
    ).toBe(200);
    const after = json(await bjb.get(`/api/cohorts/${cohortId}/enrollments`)).items;
    expect(after.find((e: { participantId: string }) => e.participantId === c.id)).toMatchObject({
      status: 'ENROLLED',
      waitlistPosition: null,
    });
    expect(after.find((e: { participantId: string }) => e.participantId === d.id)).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });
    expect(JSON.stringify(after)).not.toContain('Pindah kerja');
    // C's enrolment changed in that request: the audit names her too (her access report shows it).
    const promoted = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['resource_type', 'detail'])
      .where('action', '=', 'enrollment.write')
      .where('resource_id', '=', after.find((e: { participantId: string }) => e.participantId === c.id).id)
      .execute();
    expect(promoted.some((e) => (e.detail ?? '').includes(c.id) && (e.detail ?? '').includes('fromWaitlist'))).toBe(
      true,
    );
  });

  let fridays: { id: string; date: string }[] = [];
  it('generates the Friday sessions; facilitators see their own sessions and participants by code and preferred name only', async () => {
    const gen = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'RELIGIOUS_GUIDANCE',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      facilitatorId: trainer.id,
      mandatory: true,
      holidays: 'skip',
    });
    expect(gen.statusCode, gen.body).toBe(201);
    fridays = json(gen).items;
    expect(fridays.map((s) => s.date)).toEqual(['2019-03-01', '2019-03-08', '2019-03-15', '2019-03-22', '2019-03-29']);
    await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [1],
      startTime: '09:00',
      endTime: '15:00',
      facilitatorId: otherTrainer.id,
      holidays: 'skip',
    });
    expect(
      json(await tr.get(`/api/cohorts/${cohortId}/sessions`)).items.every(
        (s: { facilitatorId: string }) => s.facilitatorId === trainer.id,
      ),
    ).toBe(true);
    expect(json(await tr.get('/api/cohorts')).items.map((c: { id: string }) => c.id)).toEqual([cohortId]);
    const att = json(await tr.get(`/api/sessions/${fridays[0]!.id}/attendance`));
    expect(att.items).toHaveLength(2);
    expect(Object.keys(att.items[0]).sort()).toEqual(['code', 'note', 'participantId', 'preferredName', 'status']);
    // A facilitator cannot read a case, nor another trainer's session.
    expect((await tr.get(`/api/participants/${att.items[0].participantId}`)).statusCode).toBe(404);
    expect((await tr.get(`/api/participants/${att.items[0].participantId}/notes`)).statusCode).toBe(404);
    expect((await tr2.get(`/api/sessions/${fridays[0]!.id}/attendance`)).statusCode).toBe(404);
    // One session with its cohort, for the attendance screen opened from a link.
    const one = await tr.get(`/api/sessions/${fridays[0]!.id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(json(one).session).toMatchObject({ id: fridays[0]!.id, date: '2019-03-01', facilitatorId: trainer.id });
    expect(json(one).cohort.id).toBe(cohortId);
    expect(one.headers.etag).toBe(`"${json(one).session.version}"`);
    expect((await tr2.get(`/api/sessions/${fridays[0]!.id}`)).statusCode).toBe(404);
  });

  it('attendance: marked by the session’s facilitator, locked after seven days except for managers', async () => {
    const people = json(await tr.get(`/api/sessions/${fridays[0]!.id}/attendance`)).items.map(
      (i: { participantId: string }) => i.participantId,
    );
    expect(
      (
        await tr.request(
          'PUT',
          `/api/sessions/${fridays[0]!.id}/attendance`,
          people.map((p: string) => ({ participantId: p, status: 'PRESENT' })),
        )
      ).statusCode,
    ).toBe(409); // not yet the day
    await travel('2019-03-01T05:00:00Z');
    const marked = await tr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
      { participantId: people[0], status: 'PRESENT' },
      { participantId: people[1], status: 'LATE', note: 'Datang jam 9' },
    ]);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(
      json(marked)
        .items.map((i: { status: string }) => i.status)
        .sort(),
    ).toEqual(['LATE', 'PRESENT']);
    // A mark made by mistake is cleared (status null): she is "not marked yet" again, and her note goes with it.
    expect(
      (
        await tr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
          { participantId: people[1], status: null, note: 'x' },
        ])
      ).statusCode,
    ).toBe(400);
    const cleared = await tr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
      { participantId: people[1], status: null },
    ]);
    expect(cleared.statusCode, cleared.body).toBe(200);
    const after = json(cleared).items.find((i: { participantId: string }) => i.participantId === people[1]);
    expect(after).toMatchObject({ status: null, note: null });
    const clearAudit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'attendance.write')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(clearAudit.detail!)).toEqual({ marked: 0, cleared: 1 });
    expect(
      (
        await tr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
          { participantId: people[1], status: 'LATE', note: 'Datang jam 9' },
        ])
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await tr2.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
          { participantId: people[0], status: 'ABSENT' },
        ])
      ).statusCode,
    ).toBe(404);
    const stranger = json(await bjb.post('/api/participants', participantBody())).id;
    expect(
      (
        await tr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
          { participantId: stranger, status: 'PRESENT' },
        ])
      ).statusCode,
    ).toBe(400);
    await travel('2019-03-10T05:00:00Z');
    const late = await tr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
      { participantId: people[0], status: 'ABSENT' },
    ]);
    expect(late.statusCode).toBe(409);
    expect(json(late).error.code).toBe('attendance_locked');
    expect(
      (
        await mgr.request('PUT', `/api/sessions/${fridays[0]!.id}/attendance`, [
          { participantId: people[0], status: 'PRESENT' },
        ])
      ).statusCode,
    ).toBe(200);
  });

  it('graduation evaluates the rule, the manager confirms, graduates move to reintegration; papers print', async () => {
    await travel('2019-03-31T05:00:00Z');
    const people = json(await mgr.get(`/api/sessions/${fridays[0]!.id}/attendance`)).items.map(
      (i: { participantId: string }) => i.participantId,
    );
    // Person 0 attends every Friday; person 1 misses two of the five (a mandatory one among them).
    const sessionsAll = json(await mgr.get(`/api/cohorts/${cohortId}/sessions`)).items as {
      id: string;
      date: string;
      type: string;
    }[];
    for (const s of sessionsAll) {
      const miss = s.type === 'RELIGIOUS_GUIDANCE' && (s.date === '2019-03-22' || s.date === '2019-03-29');
      await mgr.request('PUT', `/api/sessions/${s.id}/attendance`, [
        { participantId: people[0], status: 'PRESENT' },
        { participantId: people[1], status: miss ? 'ABSENT' : 'PRESENT' },
      ]);
    }
    expect((await bjb.post(`/api/cohorts/${cohortId}/graduate`)).statusCode).toBe(403);
    const evaluated = json(await mgr.post(`/api/cohorts/${cohortId}/graduate`));
    const r0 = evaluated.items.find((e: { participantId: string }) => e.participantId === people[0]);
    const r1 = evaluated.items.find((e: { participantId: string }) => e.participantId === people[1]);
    expect(r0.result).toMatchObject({ passed: true, mandatoryMissed: 0, rate: 1 });
    expect(r1.result).toMatchObject({ passed: false, mandatoryMissed: 2 });
    const confirmed = json(await mgr.post(`/api/cohorts/${cohortId}/graduate/confirm`));
    expect(confirmed.confirmed).toBe(true);
    expect(confirmed.items.find((e: { participantId: string }) => e.participantId === people[0]).status).toBe(
      'GRADUATED',
    );
    expect(confirmed.items.find((e: { participantId: string }) => e.participantId === people[1]).status).toBe(
      'NOT_GRADUATED',
    );
    expect(json(await mgr.get(`/api/participants/${people[0]}`)).stage).toBe('RESOSIALISASI_REINTEGRASI');
    expect(json(await mgr.get(`/api/participants/${people[1]}`)).stage).toBe('INTERVENSI');
    expect(json(await mgr.get(`/api/cohorts/${cohortId}`)).status).toBe('COMPLETED');

    const codes = confirmed.items
      .filter((e: { status: string }) => ['GRADUATED', 'NOT_GRADUATED'].includes(e.status))
      .map((e: { code: string }) => e.code);
    expect(codes).toHaveLength(2);
    const sheet = await tr.get(`/api/sessions/${fridays[0]!.id}/attendance-sheet.pdf`);
    expect(sheet.statusCode).toBe(200);
    const sheetText = (await extractText(new Uint8Array(sheet.rawPayload), { mergePages: true })).text;
    expect(sheetText).toContain('DAFTAR HADIR');
    expect(sheetText).toContain('1 Maret 2019');
    for (const code of codes) expect(sheetText).toContain(code);
    const schedule = await mgr.get(`/api/cohorts/${cohortId}/schedule.pdf`);
    expect(schedule.statusCode).toBe(200);
    const scheduleText = (await extractText(new Uint8Array(schedule.rawPayload), { mergePages: true })).text;
    expect(scheduleText).toContain('JADWAL KEGIATAN');
    expect(scheduleText).toContain('Jumat, 1 Maret 2019');
    expect(scheduleText).toContain('Bimbingan agama');
    const e0 = confirmed.items.find((e: { participantId: string }) => e.participantId === people[0]);
    const cert = await bjb.get(`/api/enrollments/${e0.id}/certificate.pdf`);
    expect(cert.statusCode).toBe(200);
    const certText = (await extractText(new Uint8Array(cert.rawPayload), { mergePages: true })).text;
    expect(certText).toContain('SERTIFIKAT');
    expect(certText).toContain(e0.code);
    expect(certText).toContain('Pembinaan 2019');
    const e1 = confirmed.items.find((e: { participantId: string }) => e.participantId === people[1]);
    expect((await bjb.get(`/api/enrollments/${e1.id}/certificate.pdf`)).statusCode).toBe(409);
    expect((await tr.get(`/api/enrollments/${e0.id}/certificate.pdf`)).statusCode).toBe(404);
  });
});

describe.each(DIALECTS)('planning into a year without an office calendar on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client;
  let bjb: Client;
  let programmeId: string;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    // 30 September 2019, late evening in Banjarbaru (WITA); signing in moves the clock on a little.
    env.clock.set(new Date('2019-09-30T15:50:00Z'));
    [mgr, bjb] = await Promise.all([
      signIn(env, await seedUser(env, 'manager', ['63'])),
      signIn(env, await seedUser(env, 'caseworker', ['6372'])),
    ]);
    const p = await mgr.post('/api/programmes', {
      name: 'Pembinaan 2019',
      year: 2019,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
      targetRegions: ['6372'],
    });
    expect(p.statusCode, p.body).toBe(201);
    programmeId = json(p).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the head of section is warned from 1 October (office time) while next year is missing', async () => {
    env.clock.set(new Date('2019-09-30T15:59:50Z')); // ten seconds to midnight in Banjarbaru
    const before = json(await bjb.get('/api/office-calendar'));
    expect(before).toMatchObject({ today: '2019-09-30', nextYear: 2020, warnNextYearMissing: false });
    expect(before.years).toContain(2026);
    expect(before.years).not.toContain(2020);
    env.clock.advance(20_000); // 1 October in Banjarbaru, still 30 September in UTC
    expect(json(await mgr.get('/api/office-calendar'))).toMatchObject({
      today: '2019-10-01',
      nextYear: 2020,
      warnNextYearMissing: true,
    });
  });

  it('a cohort running into such a year is refused until she confirms it; nothing is written meanwhile', async () => {
    const body = { programmeId, regionCode: '6372', startDate: '2019-12-16', tracks: ['MENJAHIT'] };
    const count = async () =>
      Number(
        (
          await env.booted.services.db.kysely
            .selectFrom('cohorts')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    const refused = await mgr.post('/api/cohorts', body);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error).toMatchObject({ code: 'office_calendar_missing', details: { years: [2020] } });
    expect(await count()).toBe(n);
    const confirmed = await mgr.post('/api/cohorts', { ...body, confirmWithoutCalendar: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const id = json(confirmed).id;
    expect(json(confirmed).endDate).toBe('2020-01-15');
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'cohort.write')
      .where('resource_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.detail))).toMatchObject({ created: true, confirmedWithoutCalendar: '2020' });

    // Moving its dates further into such a year needs the same confirmation; a change of anything else does not.
    const etag = (await mgr.get(`/api/cohorts/${id}`)).headers.etag as string;
    const moved = await mgr.patch(`/api/cohorts/${id}`, { endDate: '2020-01-31' }, { 'if-match': etag });
    expect(moved.statusCode).toBe(409);
    expect(json(moved).error.code).toBe('office_calendar_missing');
    const renamed = await mgr.patch(`/api/cohorts/${id}`, { name: 'Angkatan Desember' }, { 'if-match': etag });
    expect(renamed.statusCode, renamed.body).toBe(200);

    // This year (a backlog entered from paper, or work under way) and a covered year (2026) need nothing.
    expect((await mgr.post('/api/cohorts', { ...body, startDate: '2019-11-04' })).statusCode).toBe(201);
    expect((await mgr.post('/api/cohorts', { ...body, startDate: '2026-02-02' })).statusCode).toBe(201);
    const later = await mgr.post('/api/cohorts', { ...body, startDate: '2026-12-21' });
    expect(json(later).error).toMatchObject({ code: 'office_calendar_missing', details: { years: [2027] } });
  });
});
describe.each(DIALECTS)('the programmes list with its cohorts on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client, bjb: Client, headBjm: Client, auditor: Client;
  let programmeId: string, otherId: string, emptyId: string;
  /** The cohorts of the first programme, by name: [region, start]. */
  const planned: [string, string, string][] = [
    ['Angkatan 1', '6372', '2026-01-05'],
    ['Angkatan 2', '6372', '2026-02-02'],
    ['Angkatan 3', '6371', '2026-03-02'],
    ['Angkatan 4', '6372', '2026-04-06'],
    ['Angkatan 5', '6372', '2026-05-04'],
    ['Angkatan 6', '6371', '2026-06-01'],
    ['Angkatan 7', '6372', '2026-07-06'],
    ['Angkatan 8', '6372', '2026-07-06'],
  ];
  beforeAll(async () => {
    env = await makeEnv(dialect);
    // One after another: each sign-in with a code takes the next step of the clock.
    mgr = await signIn(env, await seedUser(env, 'manager', ['63']));
    bjb = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    headBjm = await signIn(env, await seedUser(env, 'head_of_division', ['6371']));
    auditor = await signIn(env, await seedUser(env, 'auditor', ['63']));
    const programme = async (name: string) => {
      const res = await mgr.post('/api/programmes', {
        name,
        year: 2026,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
        targetRegions: ['6371', '6372'],
      });
      expect(res.statusCode, res.body).toBe(201);
      return json(res).id as string;
    };
    programmeId = await programme('Pembinaan 2026');
    otherId = await programme('Pembinaan lanjutan 2026');
    emptyId = await programme('Pembinaan kosong 2026');
    const cohort = async (pid: string, name: string, regionCode: string, startDate: string) => {
      const res = await mgr.post('/api/cohorts', {
        programmeId: pid,
        name,
        regionCode,
        startDate,
        tracks: ['TATA_BOGA'],
        confirmWithoutCalendar: true,
      });
      expect(res.statusCode, res.body).toBe(201);
      return json(res).id as string;
    };
    for (const [name, region, start] of planned) await cohort(programmeId, name, region, start);
    await cohort(otherId, 'Angkatan lanjutan', '6372', '2026-08-03');
  });
  afterAll(async () => {
    await env?.close();
  });
  type Listed = {
    id: string;
    cohorts: { total: number; latest: { id: string; name: string; startDate: string; status: string }[] } | null;
  };
  const listed = async (c: Client) => {
    const res = await c.get('/api/programmes');
    expect(res.statusCode, res.body).toBe(200);
    const items = json(res).items as Listed[];
    return (id: string) => items.find((p) => p.id === id)?.cohorts;
  };

  it('carries each programme’s cohort count and its latest few, newest start first, as the cohorts list has them', async () => {
    const of = await listed(mgr);
    const mine = of(programmeId)!;
    expect(mine.total).toBe(8);
    expect(mine.latest).toHaveLength(PROGRAMME_LATEST_COHORTS);
    // The same cohorts, in the same order, as the first page of the cohorts list of that programme.
    const page = json(await mgr.get(`/api/cohorts?programmeId=${programmeId}&pageSize=${PROGRAMME_LATEST_COHORTS}`));
    expect(page.total).toBe(8);
    expect(mine.latest.map((c) => c.id)).toEqual(page.items.map((c: { id: string }) => c.id));
    expect(mine.latest.map((c) => c.startDate)).toEqual([
      '2026-07-06',
      '2026-07-06',
      '2026-06-01',
      '2026-05-04',
      '2026-04-06',
    ]);
    expect(mine.latest[0]).toMatchObject({ status: 'PLANNED', endDate: expect.any(String) });
    expect(of(otherId)).toMatchObject({ total: 1, latest: [{ name: 'Angkatan lanjutan' }] });
    expect(of(emptyId)).toEqual({ total: 0, latest: [] });
  });

  it('counts within the asker’s cohort scope; a reader without the cohort list gets the programmes alone', async () => {
    // A Banjarbaru caseworker: the six in Banjarbaru only.
    const bjbOf = await listed(bjb);
    expect(bjbOf(programmeId)?.total).toBe(6);
    expect(
      bjbOf(programmeId)
        ?.latest.map((c) => c.name)
        .sort(),
    ).toEqual(['Angkatan 2', 'Angkatan 4', 'Angkatan 5', 'Angkatan 7', 'Angkatan 8']);
    expect(bjbOf(programmeId)?.latest.map((c) => c.startDate)).toEqual([
      '2026-07-06',
      '2026-07-06',
      '2026-05-04',
      '2026-04-06',
      '2026-02-02',
    ]);
    expect((json(await bjb.get(`/api/cohorts?programmeId=${programmeId}`)) as { total: number }).total).toBe(6);
    // A Kepala Bidang of Banjarmasin: the two there, and none of the other programme.
    const bjmOf = await listed(headBjm);
    expect(bjmOf(programmeId)).toMatchObject({
      total: 2,
      latest: [{ name: 'Angkatan 6' }, { name: 'Angkatan 3' }],
    });
    expect(bjmOf(otherId)).toEqual({ total: 0, latest: [] });
    // The auditor reads programmes, not cohorts.
    const auditorOf = await listed(auditor);
    expect(auditorOf(programmeId)).toBeNull();
    expect((await auditor.get('/api/cohorts')).statusCode).toBe(403);
  });
});
