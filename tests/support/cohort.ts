// Builds, through the API, a cohort whose participants have graduated (or not): the starting point of the
// aid and follow-up tests.
import { expect } from 'vitest';
import { type Client, json, signIn, type TestEnv, type TestUser } from './env.ts';
import { CONSENTS, participantBody } from './participants.ts';

export async function readyParticipant(cw: Client, mgr: Client, over: Record<string, unknown> = {}) {
  const p = json(await cw.post('/api/participants', participantBody(over, { birthDate: '1994-01-10' })));
  const a = await cw.post(`/api/participants/${p.id}/assessments`, {
    answers: {
      living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
      health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
      economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
      education: { level: 'SD', skills: [], desiredTrade: 'Kue' },
      srq20: Array(20).fill(false),
      trafficking: {},
      safety: { risks: ['NONE'] },
    },
    confirmedRisk: 'LOW',
  });
  expect(a.statusCode, a.body).toBe(201);
  await cw.post(`/api/participants/${p.id}/transitions`, { to: 'ASESMEN', reason: 'asesmen' });
  await cw.post(`/api/participants/${p.id}/transitions`, { to: 'RENCANA_INTERVENSI', reason: 'rencana' });
  await cw.request('PUT', `/api/participants/${p.id}/case-plan`, {
    items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }],
  });
  expect((await mgr.post(`/api/participants/${p.id}/case-plan/approve`)).statusCode).toBe(200);
  return p as { id: string; code: string };
}

/**
 * A March 2019 cohort in Banjarbaru with `attendance.length` participants; attendance[i] is how many of the
 * five Friday sessions participant i attends (4 or 5 graduates under the default 80% rule).
 */
export async function graduatedCohort(
  env: TestEnv,
  users: { manager: TestUser; caseworker: TestUser },
  attendance: number[],
  opts: { venueId?: string; programmeId?: string; followUpConsent?: boolean[] } = {},
) {
  env.clock.set(new Date('2019-02-20T02:00:00Z'));
  let mgr = await signIn(env, users.manager);
  let cw = await signIn(env, users.caseworker);
  const programmeId =
    opts.programmeId ??
    json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2019',
        year: 2019,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
      }),
    ).id;
  const cohort = json(
    await mgr.post('/api/cohorts', {
      programmeId,
      regionCode: '6372',
      startDate: '2019-03-01',
      tracks: ['TATA_BOGA'],
      ...(opts.venueId ? { venueId: opts.venueId } : {}),
    }),
  );
  const people: { id: string; code: string }[] = [];
  for (let i = 0; i < attendance.length; i++) {
    const consents = opts.followUpConsent?.[i]
      ? [
          ...CONSENTS,
          {
            purpose: 'FOLLOW_UP_CONTACT',
            method: 'SIGNED_FORM',
            explainedBy: 'Rina',
            language: 'id',
            givenAt: '2019-02-20',
          },
        ]
      : CONSENTS;
    const p = await readyParticipant(cw, mgr, { consents });
    const e = await cw.post(`/api/cohorts/${cohort.id}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
    expect(e.statusCode, e.body).toBe(201);
    people.push(p);
  }
  const sessions = json(
    await mgr.post(`/api/cohorts/${cohort.id}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      holidays: 'skip',
    }),
  ).items as { id: string; date: string }[];
  env.clock.set(new Date('2019-03-31T03:00:00Z'));
  mgr = await signIn(env, users.manager);
  cw = await signIn(env, users.caseworker);
  for (const [n, s] of sessions.entries()) {
    await mgr.request(
      'PUT',
      `/api/sessions/${s.id}/attendance`,
      people.map((p, i) => ({ participantId: p.id, status: n < attendance[i]! ? 'PRESENT' : 'ABSENT' })),
    );
  }
  await mgr.post(`/api/cohorts/${cohort.id}/graduate`);
  const confirmed = json(await mgr.post(`/api/cohorts/${cohort.id}/graduate/confirm`));
  return {
    programmeId,
    cohortId: cohort.id as string,
    people,
    // In the order the people were made (enrolments made in the same instant have no order of their own).
    enrollments: (confirmed.items as { id: string; participantId: string; status: string; code: string }[]).sort(
      (a, b) => people.findIndex((p) => p.id === a.participantId) - people.findIndex((p) => p.id === b.participantId),
    ),
    mgr,
    cw,
  };
}
