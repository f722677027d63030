// Follow-up for a year on every database: scheduling from graduation, consent, overdue against a controlled
// clock, visits with the risk of return kept to assigned staff, outcomes, closure and reopening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';

const visit = (over: Record<string, unknown> = {}) => ({
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
  ...over,
});

describe.each(DIALECTS)('follow-up on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('schedules, chases, records, hides the risk, and measures outcomes', async () => {
    // Four graduates (three consented to follow-up contact) and one who did not graduate.
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 5, 4, 5, 1], {
      followUpConsent: [true, true, true, false, true],
    });
    let { mgr, cw } = g;
    const [p1, p2, p3, p4, p5] = g.people;
    const dues = json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items.map(
      (f: { dueDate: string; pointMonths: number }) => [f.pointMonths, f.dueDate],
    );
    expect(dues).toEqual([
      [1, '2019-04-30'],
      [3, '2019-06-30'],
      [6, '2019-09-30'],
      [12, '2020-03-31'],
    ]);
    expect(json(await cw.get(`/api/participants/${p4!.id}/follow-ups`)).items).toEqual([]); // no consent
    expect(json(await cw.get(`/api/participants/${p5!.id}/follow-ups`)).items).toEqual([]); // did not graduate

    // Withdrawal of follow-up consent cancels hers at once.
    const consents = json(await cw.get(`/api/participants/${p3!.id}/consents`)).items;
    await cw.post(
      `/api/participants/${p3!.id}/consents/${consents.find((c: { purpose: string }) => c.purpose === 'FOLLOW_UP_CONTACT').id}/withdraw`,
      {},
    );
    const cancelled = json(await cw.get(`/api/participants/${p3!.id}/follow-ups`)).items;
    expect(
      cancelled.every(
        (f: { status: string; cancelReason: string }) =>
          f.status === 'CANCELLED' && f.cancelReason === 'consent_withdrawn',
      ),
    ).toBe(true);

    // Worklist against the clock: on 2019-04-25 the 1-month ones are due this week; on 2019-05-02 overdue.
    env.clock.set(new Date('2019-04-25T01:00:00Z'));
    [mgr, cw] = [await signIn(env, manager), await signIn(env, caseworker)];
    expect(
      json(await cw.get('/api/follow-ups?assignee=me&status=due'))
        .items.map((f: { participantId: string }) => f.participantId)
        .sort(),
    ).toEqual([p1!.id, p2!.id].sort());
    expect(json(await cw.get('/api/follow-ups?status=overdue')).items).toEqual([]);
    env.clock.set(new Date('2019-05-02T01:00:00Z'));
    [mgr, cw] = [await signIn(env, manager), await signIn(env, caseworker)];
    const overdue = json(await cw.get('/api/follow-ups?status=overdue')).items;
    expect(overdue.map((f: { participantId: string }) => f.participantId).sort()).toEqual([p1!.id, p2!.id].sort());
    expect(overdue.every((f: { overdue: boolean }) => f.overdue)).toBe(true);
    const summary = json(await mgr.get('/api/follow-ups?status=overdue')).overdueByAssignee;
    expect(summary).toEqual([{ assignee: caseworker.username, regionCode: '6372', overdue: 2 }]);

    // Visits: p1 reached with a running business; p2 unreachable at one month. A high risk alerts the manager.
    const fu1 = json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items[0];
    const rec = await cw.post(`/api/follow-ups/${fu1.id}/visits`, visit({ returnRisk: 'HIGH', date: '2019-05-01' }));
    expect(rec.statusCode, rec.body).toBe(201);
    expect(json(rec).items[0]).toMatchObject({
      status: 'DONE',
      visits: [{ businessStatus: 'RUNNING', returnRisk: 'HIGH' }],
    });
    expect(json(await mgr.get('/api/alerts')).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'followup_risk', resourceId: fu1.id })]),
    );
    const fu2 = json(await cw.get(`/api/participants/${p2!.id}/follow-ups`)).items[0];
    expect((await cw.patch(`/api/follow-ups/${fu2.id}`, { status: 'UNREACHABLE' })).statusCode).toBe(428);
    expect(
      (await cw.patch(`/api/follow-ups/${fu2.id}`, { status: 'UNREACHABLE' }, { 'if-match': `"${fu2.version}"` }))
        .statusCode,
    ).toBe(200);
    const refused = await cw.post(`/api/follow-ups/${cancelled[0].id}/visits`, visit());
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.code).toBe('consent_withdrawn_follow_up');

    // The risk of return: the assigned caseworker and the manager see it; another caseworker of the region does not;
    // facilitators and auditors reach nothing.
    expect(json(await mgr.get(`/api/participants/${p1!.id}/follow-ups`)).items[0].visits[0].returnRisk).toBe('HIGH');
    const colleague = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    const seen = json(await colleague.get(`/api/participants/${p1!.id}/follow-ups`)).items[0].visits[0];
    expect(seen).not.toHaveProperty('returnRisk');
    expect(seen.businessStatus).toBe('RUNNING');
    const fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    const aud = await signIn(env, await seedUser(env, 'auditor', ['63']));
    for (const c of [fac, aud]) {
      expect((await c.get(`/api/participants/${p1!.id}/follow-ups`)).statusCode).toBe(404);
      expect([403, 404]).toContain((await c.get('/api/follow-ups')).statusCode);
    }
    const raw = JSON.stringify(
      await env.booted.services.db.kysely.selectFrom('follow_up_visits').selectAll().execute(),
    );
    expect(raw).not.toContain('HIGH');

    // Outcomes, by hand: 4 graduates; at 1 month 1 reached (p1) with a running business: 0.25 and 0.25.
    // Income: assessed 500,000 (band 500K_1M) → visit 1M_2M: up.
    const out = json(await mgr.get(`/api/cohorts/${g.cohortId}/outcomes`));
    expect(out.graduates).toBe(4);
    expect(out.points[0]).toEqual({
      months: 1,
      due: 3,
      reached: 1,
      reachedShare: 0.25,
      businessRunning: 1,
      businessRunningShare: 0.25,
    });
    expect(out.points[1]).toMatchObject({ months: 3, reached: 0, reachedShare: 0 });
    expect(out.incomeChange).toEqual({ up: 1, same: 0, down: 0 });

    // Closing the case cancels what is still open; the manager can reopen it with a reason.
    const close = await cw.post(`/api/participants/${p2!.id}/termination`, {
      reason: 'TIDAK_TERJANGKAU',
      note: 'Tidak bisa dihubungi tiga kali',
    });
    expect(close.statusCode).toBe(202);
    expect((await mgr.post(`/api/participants/${p2!.id}/termination/approve`, {})).statusCode).toBe(200);
    expect(json(await cw.get(`/api/participants/${p2!.id}`)).stage).toBe('TERMINASI');
    expect(
      json(await cw.get(`/api/participants/${p2!.id}/follow-ups`)).items.filter(
        (f: { status: string }) => f.status === 'DUE',
      ),
    ).toEqual([]);
    expect((await cw.post(`/api/participants/${p2!.id}/reopen`, { reason: 'Kembali menghubungi' })).statusCode).toBe(
      403,
    );
    const reopened = await mgr.post(`/api/participants/${p2!.id}/reopen`, { reason: 'Kembali menghubungi' });
    expect(reopened.statusCode).toBe(200);
    expect(json(reopened).stage).toBe('RESOSIALISASI_REINTEGRASI');
  });
});
