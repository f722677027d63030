// GET /api/follow-ups/:id on every database: the visit screen opens one follow-up from its id (the worklist,
// an alert). Read as her follow-ups are: the same scope, the risk of return only for assigned staff and
// managers, an ETag for marking it missed, and nothing for roles that may not read follow-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';

describe.each(DIALECTS)('one follow-up on %s', (dialect) => {
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

  it('answers with the follow-up, its visits and an ETag; hides the risk from others; 404 out of reach', async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 5], { followUpConsent: [true, true] });
    env.clock.set(new Date('2019-05-02T01:00:00Z'));
    const [mgr, cw] = [await signIn(env, manager), await signIn(env, caseworker)];
    const [p1] = g.people;
    const first = json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items[0];

    const before = await cw.get(`/api/follow-ups/${first.id}`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.headers.etag).toBe(`"${first.version}"`);
    expect(json(before)).toMatchObject({
      id: first.id,
      participantId: p1!.id,
      code: p1!.code,
      pointMonths: 1,
      dueDate: '2019-04-30',
      status: 'DUE',
      overdue: true,
      visits: [],
    });

    const rec = await cw.post(`/api/follow-ups/${first.id}/visits`, {
      date: '2019-05-01',
      method: 'PHONE',
      businessStatus: 'PAUSED',
      incomeBand: 'UNDER_500K',
      kitInUse: 'NO',
      housingStable: 'YES',
      familySupport: 'UNKNOWN',
      healthAccess: 'YES',
      documents: 'NO',
      wellbeing: 2,
      safetyConcern: true,
      returnRisk: 'SOME',
      needs: 'Modal usaha',
    });
    expect(rec.statusCode, rec.body).toBe(201);

    const after = json(await cw.get(`/api/follow-ups/${first.id}`));
    expect(after).toMatchObject({
      status: 'DONE',
      overdue: false,
      visits: [
        { method: 'PHONE', businessStatus: 'PAUSED', safetyConcern: true, returnRisk: 'SOME', needs: 'Modal usaha' },
      ],
    });
    expect(json(await mgr.get(`/api/follow-ups/${first.id}`)).visits[0].returnRisk).toBe('SOME');

    // A caseworker of the same region who is not assigned to her reads the visit without the risk of return.
    const colleague = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    const seen = await colleague.get(`/api/follow-ups/${first.id}`);
    expect(seen.statusCode).toBe(200);
    expect(json(seen).visits[0]).not.toHaveProperty('returnRisk');
    expect(json(seen).visits[0].businessStatus).toBe('PAUSED');

    // Another region, a facilitator, an auditor: nothing. An unknown id is 404, a malformed one 400.
    const elsewhere = await signIn(env, await seedUser(env, 'caseworker', ['6371']));
    const fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    const aud = await signIn(env, await seedUser(env, 'auditor', ['63']));
    for (const c of [elsewhere, fac, aud]) expect((await c.get(`/api/follow-ups/${first.id}`)).statusCode).toBe(404);
    expect((await cw.get('/api/follow-ups/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await cw.get('/api/follow-ups/not-an-id')).statusCode).toBe(400);
  });
});
