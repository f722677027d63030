// After her last follow-up the case closes or continues by choice, on every database: the worklist lists
// cases whose follow-up is over, and "continue" adds one more follow-up (never due in the past).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';

describe.each(DIALECTS)('after the last follow-up, on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, facilitator: TestUser;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    facilitator = await seedUser(env, 'facilitator', ['6372']);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('lists the case for a decision, continues it by choice, and refuses what does not fit', async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 5], { followUpConsent: [true, true] });
    const [p1, p2] = g.people;
    env.clock.set(new Date('2020-04-05T01:00:00Z'));
    let cw = await signIn(env, caseworker);
    const decisionsOf = async () =>
      json(await cw.get('/api/follow-ups?assignee=me&status=all')).decisions as {
        participantId: string;
        lastDueDate: string;
        lastPointMonths: number;
      }[];
    expect(await decisionsOf()).toEqual([]);

    // Her four follow-ups end (here: missed); p2 still has an open one.
    for (const f of json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items) {
      const res = await cw.patch(`/api/follow-ups/${f.id}`, { status: 'MISSED' }, { 'if-match': `"${f.version}"` });
      expect(res.statusCode).toBe(200);
    }
    const d = await decisionsOf();
    expect(d).toEqual([
      expect.objectContaining({ participantId: p1!.id, lastDueDate: '2020-03-31', lastPointMonths: 12 }),
    ]);

    // Only those who record follow-ups may continue; wrong input is refused with its field named.
    const fac = await signIn(env, facilitator);
    expect([403, 404]).toContain(
      (await fac.post(`/api/participants/${p1!.id}/follow-ups/continue`, { months: 3, reason: 'HER_REQUEST' }))
        .statusCode,
    );
    const bad = await cw.post(`/api/participants/${p1!.id}/follow-ups/continue`, { months: 0, reason: 'because' });
    expect(bad.statusCode).toBe(400);
    // p2's follow-up is still open: nothing to continue yet.
    expect(
      json(await cw.post(`/api/participants/${p2!.id}/follow-ups/continue`, { months: 3, reason: 'HER_REQUEST' })).error
        .code,
    ).toBe('follow_up_open');

    // Continue: one more follow-up three months from today (the last due date is past), point 15.
    const res = await cw.post(`/api/participants/${p1!.id}/follow-ups/continue`, { months: 3, reason: 'RISK_REMAINS' });
    expect(res.statusCode).toBe(201);
    const extra = json(res).items.filter((f: { status: string }) => f.status === 'DUE');
    expect(extra).toEqual([expect.objectContaining({ pointMonths: 15, dueDate: '2020-07-05' })]);
    expect(await decisionsOf()).toEqual([]);
    cw = await signIn(env, caseworker);
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'followup.continue')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ participantId: p1!.id, months: 3, reason: 'RISK_REMAINS' });
  });

  it('finds the open cases whose follow-up is over through a partial index of them alone', async () => {
    const db = env.booted.services.db.kysely;
    const def =
      dialect === 'sqlite'
        ? (
            await sql<{
              def: string;
            }>`select sql as def from sqlite_master where name = 'participants_follow_up_over_idx'`.execute(db)
          ).rows
        : (
            await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = current_schema()
              and indexname = 'participants_follow_up_over_idx'`.execute(db)
          ).rows;
    expect(
      def.map((d) =>
        d.def
          .replace(/"/g, '')
          .replace(/::text/g, '')
          .toLowerCase(),
      ),
    ).toEqual([
      expect.stringMatching(
        /on (\w+\.)?participants .*\(region_code\) where \(*follow_up_state = 'over'\)? and \(?stage <> 'terminasi'\)*/,
      ),
    ]);
    if (dialect === 'sqlite') {
      // The decisions' own predicate, as literals, is matched to the index (SQLite plans without statistics).
      const plan = await sql<{ detail: string }>`explain query plan select id from participants
        where follow_up_state = 'OVER' and stage <> 'TERMINASI' and pending_closure_at is null
        and region_code in ('6372', '6371')`.execute(db);
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('participants_follow_up_over_idx');
    }
  });

  it('waits for a decision when her last points are marked at once, in several tabs', async () => {
    // A fresh database (the clock of the first test has moved on). Every point of each graduate is marked missed by
    // four requests at once: her row keeps where her follow-up stands, and each request counts the others' points.
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const g = await graduatedCohort(env, { manager, caseworker }, [5, 5, 5], {
        followUpConsent: [true, true, true],
      });
      env.clock.set(new Date('2020-04-05T01:00:00Z'));
      const cw = await signIn(env, caseworker);
      for (const p of g.people) {
        const items = json(await cw.get(`/api/participants/${p.id}/follow-ups`)).items as {
          id: string;
          version: number;
        }[];
        expect(items).toHaveLength(4);
        const codes = await Promise.all(
          items.map(
            async (f) =>
              (await cw.patch(`/api/follow-ups/${f.id}`, { status: 'MISSED' }, { 'if-match': `"${f.version}"` }))
                .statusCode,
          ),
        );
        expect(codes).toEqual([200, 200, 200, 200]);
      }
      const ids = g.people.map((p) => p.id).sort();
      const states = await env.booted.services.db.kysely
        .selectFrom('participants')
        .select(['id', 'follow_up_state'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      expect(states).toEqual(ids.map((id) => ({ id, follow_up_state: 'OVER' })));
      const mine = json(await cw.get('/api/follow-ups?assignee=me&status=all')).decisions as {
        participantId: string;
      }[];
      expect(mine.map((d) => d.participantId).sort()).toEqual(ids);
      // Her head of section sees the same cases in her region's list.
      const mgr = await signIn(env, manager);
      const theirs = json(await mgr.get('/api/follow-ups?status=all')).decisions as { participantId: string }[];
      expect(theirs.map((d) => d.participantId).sort()).toEqual(ids);
      // Continuing one case plans a point again: she leaves the decisions until that point is over too.
      const cont = await cw.post(`/api/participants/${ids[0]}/follow-ups/continue`, {
        months: 3,
        reason: 'HER_REQUEST',
      });
      expect(cont.statusCode).toBe(201);
      const after = json(await cw.get('/api/follow-ups?assignee=me&status=all')).decisions as {
        participantId: string;
      }[];
      expect(after.map((d) => d.participantId).sort()).toEqual(ids.slice(1));
    } finally {
      await env.close();
    }
  });

  it('refuses a second visit on a follow-up that is already done (a retry must not count twice)', async () => {
    // A fresh database: the clock of the first test has moved past 2019, and TOTP steps never go back.
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const g = await graduatedCohort(env, { manager, caseworker }, [5], { followUpConsent: [true] });
      env.clock.set(new Date('2019-05-02T01:00:00Z'));
      const cw = await signIn(env, caseworker);
      const fu = json(await cw.get(`/api/participants/${g.people[0]!.id}/follow-ups`)).items[0];
      const v = {
        date: '2019-05-01',
        method: 'PHONE',
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
      };
      expect((await cw.post(`/api/follow-ups/${fu.id}/visits`, v)).statusCode).toBe(201);
      const again = await cw.post(`/api/follow-ups/${fu.id}/visits`, v);
      expect(again.statusCode).toBe(409);
      expect(json(again).error.code).toBe('follow_up_done');
      const after = json(await cw.get(`/api/participants/${g.people[0]!.id}/follow-ups`)).items[0];
      expect(after.visits).toHaveLength(1);
    } finally {
      await env.close();
    }
  });
});
