// Stages that follow the work, on both databases: an approved assessment, an approved plan, an enrolment and a
// graduation each move her case forward by the office's rule (or her programme's); an event entered late never
// takes her back; a programme may name its own stage for an event, never a closure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { graduatedCohort } from './support/cohort.ts';
import { stageAfterEvent } from '../src/shared/stages.ts';

const ANSWERS = {
  living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
  health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
  economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
  education: { level: 'SD', skills: [], desiredTrade: 'Kue' },
  srq20: Array(20).fill(false),
  trafficking: {},
  safety: { risks: ['NONE'] },
};

describe('the stage rule', () => {
  it('moves forward only; a closed case moves only by a follow-up after closure', () => {
    expect(stageAfterEvent('PENERIMAAN', 'ASESMEN')).toBe('ASESMEN');
    expect(stageAfterEvent('PENERIMAAN', 'INTERVENSI')).toBe('INTERVENSI');
    expect(stageAfterEvent('INTERVENSI', 'ASESMEN')).toBeNull();
    expect(stageAfterEvent('ASESMEN', 'ASESMEN')).toBeNull();
    expect(stageAfterEvent('RESOSIALISASI_REINTEGRASI', 'BIMBINGAN_LANJUT')).toBeNull();
    expect(stageAfterEvent('TERMINASI', 'BIMBINGAN_LANJUT')).toBe('BIMBINGAN_LANJUT');
    expect(stageAfterEvent('TERMINASI', 'RESOSIALISASI_REINTEGRASI')).toBeNull();
    expect(stageAfterEvent('BIMBINGAN_LANJUT', 'TERMINASI')).toBeNull();
  });
});

describe.each(DIALECTS)('stages that follow the work on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser;
  let caseworker: TestUser;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    // Before the cohort's own dates (graduatedCohort sets the clock forward, never back: TOTP steps only grow).
    env.clock.set(new Date('2019-02-01T02:00:00Z'));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an approved assessment and an approved plan move her case; a late review does not take it back', async () => {
    const mgr = await signIn(env, manager);
    const cw = await signIn(env, caseworker);
    const her = json(await cw.post('/api/participants', participantBody({}, { birthDate: '1993-05-02' })));
    const stage = async () => json(await cw.get(`/api/participants/${her.id}`)).stage as string;
    expect(await stage()).toBe('PENERIMAAN');
    const a1 = json(
      await cw.post(`/api/participants/${her.id}/assessments`, { answers: ANSWERS, confirmedRisk: 'LOW' }),
    );
    // Written, not yet reviewed: she stays where she is.
    expect(await stage()).toBe('PENERIMAAN');
    const a2 = json(
      await cw.post(`/api/participants/${her.id}/assessments`, { answers: ANSWERS, confirmedRisk: 'LOW' }),
    );
    const reviewed = await mgr.post(`/api/participants/${her.id}/assessments/2/review`);
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(await stage()).toBe('ASESMEN');
    const plan = await cw.request('PUT', `/api/participants/${her.id}/case-plan`, {
      items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }],
    });
    expect(plan.statusCode, plan.body).toBeLessThan(300);
    expect((await mgr.post(`/api/participants/${her.id}/case-plan/approve`)).statusCode).toBe(200);
    expect(await stage()).toBe('RENCANA_INTERVENSI');
    // The older assessment reviewed late: her case stays at the plan.
    expect((await mgr.post(`/api/participants/${her.id}/assessments/1/review`)).statusCode).toBe(200);
    expect(await stage()).toBe('RENCANA_INTERVENSI');
    const timeline = json(await cw.get(`/api/participants/${her.id}/timeline`)).items as {
      from: string | null;
      to: string;
    }[];
    expect(timeline.map((e) => e.to)).toEqual(['PENERIMAAN', 'ASESMEN', 'RENCANA_INTERVENSI']);
  });

  it("graduation moves her case to re-socialisation by the office's rule", async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 2]);
    const stageOf = async (i: number) => json(await g.cw.get(`/api/participants/${g.people[i]!.id}`)).stage;
    expect(await stageOf(0)).toBe('RESOSIALISASI_REINTEGRASI');
    // She did not graduate: her case stays in the intervention.
    expect(await stageOf(1)).toBe('INTERVENSI');
  });

  it('closed with her goals reached, her visits go on and the first one moves her case to follow-up', async () => {
    const local = await makeEnv(dialect);
    try {
      const m = await seedUser(local, 'manager', ['63']);
      const c = await seedUser(local, 'caseworker', ['6372']);
      const g = await graduatedCohort(local, { manager: m, caseworker: c }, [5, 5], { followUpConsent: [true, true] });
      const [done, gone] = g.people;
      const stage = async (id: string) => json(await g.cw.get(`/api/participants/${id}`)).stage;
      const due = async (id: string) =>
        (json(await g.cw.get(`/api/participants/${id}/follow-ups`)).items as { id: string; status: string }[]).filter(
          (f) => f.status === 'DUE',
        );
      expect((await due(done!.id)).length).toBeGreaterThan(0);
      for (const [p, closureReason] of [
        [done!, 'TUJUAN_TERCAPAI'],
        [gone!, 'PINDAH'],
      ] as const) {
        const closed = await g.mgr.post(`/api/participants/${p.id}/transitions`, {
          to: 'TERMINASI',
          reason: 'Penutupan kasus',
          closureReason,
        });
        expect(closed.statusCode, closed.body).toBe(200);
      }
      // Moved away: nothing planned stays. Goals reached: her follow-up goes on.
      expect(await due(gone!.id)).toEqual([]);
      const [first] = await due(done!.id);
      expect(await stage(done!.id)).toBe('TERMINASI');
      // The visit a month later (the clock goes forward, never back: TOTP steps only grow).
      local.clock.set(new Date('2019-04-30T01:00:00Z'));
      const visitor = await signIn(local, c);
      const visit = await visitor.post(`/api/follow-ups/${first!.id}/visits`, {
        date: '2019-04-29',
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
      expect(visit.statusCode, visit.body).toBe(201);
      expect(json(await visitor.get(`/api/participants/${done!.id}`)).stage).toBe('BIMBINGAN_LANJUT');
    } finally {
      await local.close();
    }
  });

  it("a programme names its own stage for an event; closures and registration keep the office's rule", async () => {
    const local = await makeEnv(dialect);
    try {
      const m = await seedUser(local, 'manager', ['63']);
      const c = await seedUser(local, 'caseworker', ['6372']);
      local.clock.set(new Date('2019-02-10T02:00:00Z'));
      const mgr = await signIn(local, m);
      const programme = json(
        await mgr.post('/api/programmes', {
          name: 'Pembinaan 2019',
          year: 2019,
          budgetCeiling: 100_000_000,
          targetParticipants: 10,
        }),
      );
      const url = `/api/programmes/${programme.id}/stage-rules`;
      const office = json(await mgr.get(url)).items as { event: string; stage: string; source: string }[];
      expect(office.find((r) => r.event === 'graduation')).toEqual({
        event: 'graduation',
        stage: 'RESOSIALISASI_REINTEGRASI',
        source: 'office',
      });
      for (const bad of [
        { event: 'closure_approved', stage: 'RESOSIALISASI_REINTEGRASI' },
        { event: 'handover', stage: 'TERMINASI' },
      ]) {
        const refused = await mgr.request('PUT', url, { rules: [bad] });
        expect(refused.statusCode).toBe(400);
        expect(json(refused).error.code).toBe('validation_failed');
      }
      expect((await (await signIn(local, c)).request('PUT', url, { rules: [] })).statusCode).toBe(403);
      // This programme's graduates enter re-socialisation at the handover of their tools, not at graduation.
      const set = await mgr.request('PUT', url, { rules: [{ event: 'graduation', stage: 'INTERVENSI' }] });
      expect(set.statusCode, set.body).toBe(200);
      expect(json(set).items.find((r: { event: string }) => r.event === 'graduation')).toMatchObject({
        stage: 'INTERVENSI',
        source: 'programme',
      });
      const g = await graduatedCohort(local, { manager: m, caseworker: c }, [5], { programmeId: programme.id });
      expect(g.enrollments[0]!.status).toBe('GRADUATED');
      expect(json(await g.cw.get(`/api/participants/${g.people[0]!.id}`)).stage).toBe('INTERVENSI');
    } finally {
      await local.close();
    }
  });
});
