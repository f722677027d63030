// Dates as they happened, on both databases: an office enters its 2019 paper records in 2026. Registration,
// assessment, the plan's approval, enrolment, handover and visits take their own dates (never in the future, in the
// work's order: consent ≤ registration ≤ assessment ≤ plan ≤ enrolment ≤ graduation ≤ handover, visits after the
// graduation), the annual report counts them by those dates, and what was entered late says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { graduatedCohort } from './support/cohort.ts';

const ANSWERS = {
  living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
  health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
  economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
  education: { level: 'SD', skills: [], desiredTrade: 'Kue' },
  srq20: Array(20).fill(false),
  trafficking: {},
  safety: { risks: ['NONE'] },
};

describe.each(DIALECTS)('dates as they happened on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client;
  let cw: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect); // the office's day is 2 March 2026
    mgr = await signIn(env, await seedUser(env, 'manager', ['63']));
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
  });
  afterAll(async () => {
    await env?.close();
  });

  const refusal = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body).toBe(400);
    const e = json(res as never).error;
    expect(e.code).toBe('date_out_of_order');
    return e.details[0] as { field: string; code: string };
  };

  it('refuses each date out of order with the field and the rule it breaks', async () => {
    expect(refusal(await cw.post('/api/participants', participantBody({ registeredOn: '2026-03-03' })))).toMatchObject({
      field: 'body.registeredOn',
      code: 'future_date',
    });
    // Registered before she consented (her consents are dated 2 January 2019).
    expect(refusal(await cw.post('/api/participants', participantBody({ registeredOn: '2019-01-01' })))).toMatchObject({
      field: 'body.registeredOn',
      code: 'before_consent',
    });
    const her = json(
      await cw.post('/api/participants', participantBody({ registeredOn: '2019-02-11' }, { birthDate: '1991-07-01' })),
    );
    const early = await cw.post(`/api/participants/${her.id}/assessments`, {
      answers: ANSWERS,
      confirmedRisk: 'LOW',
      assessedOn: '2019-02-10',
    });
    expect(refusal(early)).toMatchObject({ field: 'body.assessedOn', code: 'before_registration' });
    const future = await cw.post(`/api/participants/${her.id}/assessments`, {
      answers: ANSWERS,
      confirmedRisk: 'LOW',
      assessedOn: '2026-03-05',
    });
    expect(refusal(future)).toMatchObject({ field: 'body.assessedOn', code: 'future_date' });
    // Nothing was written by the refusals.
    expect(json(await cw.get(`/api/participants/${her.id}/assessments`)).items).toEqual([]);
  });

  it('keeps the day it happened beside the time it was entered, and marks what came in late', async () => {
    const her = json(
      await cw.post('/api/participants', participantBody({ registeredOn: '2019-02-12' }, { birthDate: '1992-03-04' })),
    );
    const view = json(await cw.get(`/api/participants/${her.id}`));
    expect(view).toMatchObject({ registeredOn: '2019-02-12', enteredLate: true });
    expect(view.createdAt.slice(0, 10)).toBe('2026-03-02');
    const a = await cw.post(`/api/participants/${her.id}/assessments`, {
      answers: ANSWERS,
      confirmedRisk: 'LOW',
      assessedOn: '2019-02-14',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(json(a).assessment).toMatchObject({ assessedOn: '2019-02-14', enteredLate: true });
    // Entered on the day: not late.
    const today = json(await cw.post('/api/participants', participantBody({}, { birthDate: '1993-03-04' })));
    expect(json(await cw.get(`/api/participants/${today.id}`))).toMatchObject({
      registeredOn: '2026-03-02',
      enteredLate: false,
    });
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'participant.create')
      .where('resource_id', '=', her.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.detail))).toMatchObject({ registeredOn: '2019-02-12', enteredLate: true });
  });

  it('the annual report counts by the day it happened, and notes what was entered late', async () => {
    const report = json(await mgr.get('/api/reports/annual?year=2019'));
    const col = (name: string) => report.funnel.columns.indexOf(name);
    expect(report.funnel.totals[col('registered')]).toBe(2);
    expect(report.funnel.totals[col('assessed')]).toBe(1);
    expect(report.lateEntries).toEqual({ days: 30, registered: 2, assessed: 1, enrolled: 0 });
    const now = json(await mgr.get('/api/reports/annual?year=2026'));
    expect(now.funnel.totals[now.funnel.columns.indexOf('registered')]).toBe(1);
    expect(now.lateEntries).toMatchObject({ registered: 0 });
    // Shared outside the office, the note is left out.
    expect(json(await mgr.get('/api/reports/annual?year=2019&share=external')).lateEntries).toBeNull();
  });
});

describe.each(DIALECTS)('enrolling several at once on the day it happened on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client;
  let cw: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect); // the office's day is 2 March 2026
    mgr = await signIn(env, await seedUser(env, 'manager', ['63']));
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('takes one date for all of them, checked against each one, all or none', async () => {
    const her = json(
      await cw.post('/api/participants', participantBody({ registeredOn: '2019-02-12' }, { birthDate: '1992-03-04' })),
    );
    const a = await cw.post(`/api/participants/${her.id}/assessments`, {
      answers: ANSWERS,
      confirmedRisk: 'LOW',
      assessedOn: '2019-02-14',
    });
    expect(a.statusCode, a.body).toBe(201);
    const plan = await cw.request('PUT', `/api/participants/${her.id}/case-plan`, {
      items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2026-06-30' }],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    // The plan's approval as it happened: not before her assessment, not in the future.
    const approve = (approvedOn: string) => mgr.post(`/api/participants/${her.id}/case-plan/approve`, { approvedOn });
    for (const [day, code] of [
      ['2019-02-13', 'before_assessment'],
      ['2026-03-03', 'future_date'],
    ] as const) {
      const refused = await approve(day);
      expect(refused.statusCode, day).toBe(400);
      expect(json(refused).error).toMatchObject({
        code: 'date_out_of_order',
        details: [{ field: 'body.approvedOn', code }],
      });
    }
    const approved = await approve('2019-02-20');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(json(approved)).toMatchObject({ status: 'APPROVED', approvedOn: '2019-02-20', enteredLate: true });
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2019',
        year: 2019,
        budgetCeiling: 1,
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
    // Its sessions, and so its attendance, lie within its dates.
    for (const date of ['2019-02-28', '2019-06-01']) {
      const outside = await mgr.post(`/api/cohorts/${cohort.id}/sessions`, {
        type: 'TRADE_SKILL',
        date,
        startTime: '08:00',
        endTime: '11:00',
      });
      expect(outside.statusCode, date).toBe(400);
      expect(json(outside).error).toMatchObject({
        code: 'date_out_of_order',
        details: [{ field: 'body.date', code: 'outside_cohort' }],
      });
    }
    const inside = await mgr.post(`/api/cohorts/${cohort.id}/sessions`, {
      type: 'TRADE_SKILL',
      date: '2019-03-08',
      startTime: '08:00',
      endTime: '11:00',
    });
    expect(inside.statusCode, inside.body).toBe(201);
    const moved = await mgr.request(
      'PATCH',
      `/api/sessions/${json(inside).id}`,
      { date: '2019-02-27' },
      {
        'if-match': `"${json(inside).version}"`,
      },
    );
    expect(json(moved).error).toMatchObject({ code: 'date_out_of_order', details: [{ code: 'outside_cohort' }] });
    // Before her plan was approved: refused, saying so.
    const early = await cw.post(`/api/cohorts/${cohort.id}/enrollments/bulk`, {
      participantIds: [her.id],
      enrolledOn: '2019-02-19',
    });
    expect(early.statusCode, early.body).toBe(409);
    expect(json(early).error.details.refused).toMatchObject([
      { participantId: her.id, code: 'date_out_of_order', message: expect.stringContaining('plan on 2019-02-20') },
    ]);
    const ok = await cw.post(`/api/cohorts/${cohort.id}/enrollments/bulk`, {
      participantIds: [her.id],
      enrolledOn: '2019-02-25',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    // Her cohort's list shows the day she was enrolled, and that it was entered late.
    expect(json(await cw.get(`/api/cohorts/${cohort.id}/enrollments`)).items).toMatchObject([
      { participantId: her.id, enrolledOn: '2019-02-25', enteredLate: true },
    ]);
    // Counted as entered late in 2019, by the day it happened.
    expect(json(await mgr.get('/api/reports/annual?year=2019')).lateEntries).toMatchObject({ enrolled: 1 });
  });
});

describe.each(DIALECTS)('handover and visits on the day they happened on %s', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await makeEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('come after her graduation and the decision letter, never in the future', async () => {
    const manager = await seedUser(env, 'manager', ['63']);
    const caseworker = await seedUser(env, 'caseworker', ['6372']);
    const head = await seedUser(env, 'head_of_division', ['63']);
    // Her cohort ends on 31 March 2019, and the office's day is then 31 March.
    const g = await graduatedCohort(env, { manager, caseworker }, [5], { followUpConsent: [true] });
    const kit = {
      trade: 'TATA_BOGA',
      name: 'Paket usaha kue',
      items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
    };
    expect((await g.mgr.post('/api/kits', kit)).statusCode).toBe(201);
    const [a] = json(await g.cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as { id: string }[];
    // A week later (the clock goes forward, never back: TOTP steps only grow), the letter is dated 5 April.
    env.clock.set(new Date('2019-04-08T01:00:00Z'));
    const kabid = await signIn(env, head);
    const cw = await signIn(env, caseworker);
    expect((await kabid.post(`/api/allocations/${a!.id}/approve`)).statusCode).toBe(200);
    const sk = { number: '460/031/RS/2019', date: '2019-04-05', signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial' };
    expect((await kabid.post(`/api/cohorts/${g.cohortId}/aid-decrees`, sk)).statusCode).toBe(201);
    expect(
      (await cw.post(`/api/allocations/${a!.id}/procurement`, { items: [{ index: 0, status: 'RECEIVED' }] }))
        .statusCode,
    ).toBe(200);
    const handover = (date: string) =>
      cw.post(`/api/allocations/${a!.id}/handover`, {
        date,
        place: 'Aula Dinas Sosial Provinsi',
        handedOverBy: 'Drs. Ahmad Fauzi',
        receivedBy: 'Penerima',
        business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
      });
    for (const [date, code] of [
      ['2019-03-30', 'before_graduation'],
      ['2019-04-04', 'before_decree'],
      ['2019-04-09', 'future_date'],
    ] as const) {
      const refused = await handover(date);
      expect(refused.statusCode, date).toBe(400);
      expect(json(refused).error).toMatchObject({ code: 'date_out_of_order', details: [{ field: 'body.date', code }] });
    }
    const handed = await handover('2019-04-06');
    expect(handed.statusCode, handed.body).toBe(200);
    expect(json(handed).handover).toMatchObject({ date: '2019-04-06' });

    // Her first follow-up visit: after her graduation, not in the future; it may come before its due day.
    const [first] = json(await cw.get(`/api/participants/${g.people[0]!.id}/follow-ups`)).items as { id: string }[];
    const visit = (date: string) =>
      cw.post(`/api/follow-ups/${first!.id}/visits`, {
        date,
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
        equipmentUse: 'USED',
      });
    for (const [date, code] of [
      ['2019-03-28', 'before_graduation'],
      ['2019-04-09', 'future_date'],
    ] as const) {
      const refused = await visit(date);
      expect(refused.statusCode, date).toBe(400);
      expect(json(refused).error).toMatchObject({ code: 'date_out_of_order', details: [{ field: 'body.date', code }] });
    }
    const done = await visit('2019-04-07');
    expect(done.statusCode, done.body).toBe(201);
  });
});
