// The one scope filter (kernel/scope.ts) against the policy it is fed by, on every database: for every kind of row
// it filters and every kind of actor (each role; the whole province, one region, another region; assigned or
// not), the rows a scoped query returns are exactly the rows the policy says the actor may know exist.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, makeEnv, seedUser, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { participantCreateBody } from '../src/shared/participants-api.ts';
import { cohortBody, programmeBody } from '../src/shared/programme-api.ts';
import {
  decide,
  inRegionScope,
  noteScope,
  provinceOf,
  regionsWithinScope,
  scopeFilter,
  type Actor,
  type Resource,
} from '../src/server/policy/index.ts';
import { scopeWhere } from '../src/server/kernel/scope.ts';

/** The policy's answer to "may she know this exists?": anything but 404. */
const visible = (a: Actor, action: Parameters<typeof decide>[1], r: Resource) =>
  decide(a, action, r).allowed ? true : (decide(a, action, r) as { status: number }).status !== 404;

describe.each(DIALECTS)('the one scope filter agrees with the policy on %s', (dialect) => {
  let env: TestEnv;
  const users: Record<string, TestUser> = {};
  const actors: Actor[] = [];
  const people: { id: string; regionCode: string; assigned: string[] }[] = [];
  const notes: { id: string; participantId: string; type: string; authorId: string }[] = [];
  const cohorts: { id: string; regionCode: string; facilitators: string[] }[] = [];
  const sessions: { id: string; cohortId: string; facilitatorId: string | null }[] = [];
  const db = () => env.booted.services.db.kysely;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2026-03-02T02:00:00Z'));
    const make: [string, Parameters<typeof seedUser>[1], string[]][] = [
      ['managerProvince', 'manager', ['63']],
      ['managerBjb', 'manager', ['6372']],
      ['cwBjb', 'caseworker', ['6372']],
      ['cwBjm', 'caseworker', ['6371']],
      ['psyAssigned', 'psychologist', ['63']],
      ['psyOther', 'psychologist', ['63']],
      ['facilitator', 'facilitator', ['6372']],
      ['admin', 'admin', ['63']],
      ['auditor', 'auditor', ['63']],
    ];
    for (const [key, role, regions] of make) {
      const u = await seedUser(env, role, regions);
      users[key] = u;
      actors.push({ id: u.id, role: u.role, regions: u.regions });
    }
    const repo = systemRepo(env.booted.services, 'test', 'scope fixture');
    // Participants in three regions; one in Banjarbaru is assigned to a Banjarmasin caseworker and a psychologist.
    for (const regionCode of ['6372', '6372', '6371', '6303']) {
      const p = await repo.participants.create(participantCreateBody.parse(participantBody({ regionCode })));
      people.push({ id: p.id, regionCode, assigned: [] });
    }
    const shared = people[1]!;
    for (const who of [users.cwBjm!, users.psyAssigned!]) {
      await db()
        .insertInto('participant_assignments')
        .values({
          participant_id: shared.id,
          user_id: who.id,
          assigned_by: users.managerProvince!.id,
          assigned_at: '2026-03-02T02:00:00Z',
        })
        .execute();
      shared.assigned.push(who.id);
    }
    // Her notes: an ordinary one, and psychological ones by the assigned and by another psychologist.
    for (const [type, author] of [
      ['GENERAL', users.cwBjb!],
      ['PSYCHOLOGICAL', users.psyAssigned!],
      ['PSYCHOLOGICAL', users.psyOther!],
    ] as const) {
      const id = randomUUID();
      await db()
        .insertInto('notes')
        .values({
          id,
          participant_id: shared.id,
          type,
          body_ct: 'sealed',
          author_id: author.id,
          created_at: '2026-03-02T02:00:00Z',
          updated_at: '2026-03-02T02:00:00Z',
          version: 1,
        })
        .execute();
      notes.push({ id, participantId: shared.id, type, authorId: author.id });
    }
    // Cohorts in two regions; the facilitator teaches one session of the Banjarbaru one.
    const programme = await repo.programmes.createProgramme(
      programmeBody.parse({
        name: 'Pembinaan 2026',
        year: 2026,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
        targetRegions: ['6372', '6371'],
      }),
    );
    for (const regionCode of ['6372', '6371']) {
      const c = await repo.programmes.createCohort(
        cohortBody.parse({ programmeId: programme.id, regionCode, startDate: '2026-04-06', tracks: ['TATA_BOGA'] }),
      );
      cohorts.push({ id: c.id, regionCode, facilitators: [] });
      for (const facilitatorId of regionCode === '6372' ? [users.facilitator!.id, null] : [null]) {
        const id = randomUUID();
        await db()
          .insertInto('sessions_schedule')
          .values({
            id,
            cohort_id: c.id,
            type: 'KETERAMPILAN',
            title: null,
            facilitator_id: facilitatorId,
            facilitator_name: null,
            place: null,
            date: '2026-04-10',
            start_time: '08:00',
            end_time: '10:00',
            mandatory: 0,
            cancelled: 0,
            moved_from: null,
            created_at: '2026-03-02T02:00:00Z',
            version: 1,
            attendance_version: 0,
          })
          .execute();
        sessions.push({ id, cohortId: c.id, facilitatorId });
        if (facilitatorId) cohorts.at(-1)!.facilitators.push(facilitatorId);
      }
    }
  });
  afterAll(async () => {
    await env?.close();
  });

  const facts = (p: (typeof people)[number]) =>
    ({ type: 'participant', id: p.id, regionCode: p.regionCode, assignedUserIds: p.assigned }) as const;
  const cohortFacts = (c: (typeof cohorts)[number]) =>
    ({ type: 'cohort', id: c.id, regionCode: c.regionCode, facilitatorIds: c.facilitators }) as const;
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  it('participants: exactly those she may know exist', async () => {
    let checked = 0;
    for (const a of actors) {
      const q = db()
        .selectFrom('participants as p')
        .select('p.id')
        .where(
          'p.id',
          'in',
          people.map((p) => p.id),
        );
      const got = ids(
        await scopeWhere(
          'participant',
          q,
          { id: 'p.id', region: 'p.region_code' },
          scopeFilter(a, 'participant'),
          dialect,
        ).execute(),
      );
      const want = people
        .filter((p) => visible(a, 'participant.read', facts(p)))
        .map((p) => p.id)
        .sort();
      expect(got, `${a.role} ${a.regions.join(',')}`).toEqual(want);
      checked += want.length;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('a province-wide search by code is read through the code index, not through every row of the province', async () => {
    const a = actors.find((x) => x.role === 'caseworker')!;
    const province = { ...a, regions: ['63'] };
    const q = scopeWhere(
      'participant',
      db().selectFrom('participants as p').select('p.id').where('p.code', 'like', 'BRD-6371-26-%').orderBy('p.code'),
      { id: 'p.id', region: 'p.region_code' },
      scopeFilter(province, 'participant'),
      dialect,
    );
    if (dialect === 'sqlite') {
      const { sql: text, parameters } = q.compile();
      const values = [...parameters];
      const plan = await sql<{ detail: string }>`explain query plan ${sql.raw(
        text.replace(/\?/g, () => `'${String(values.shift()).replace(/'/g, "''")}'`),
      )}`.execute(db());
      const detail = plan.rows.map((r) => r.detail).join('\n');
      expect(detail).toContain('participants_code_prefix_idx');
      expect(detail).not.toContain('MULTI-INDEX OR');
    }
    // The same rows as the policy's, on both databases: her province's participants whose code matches.
    const got = ids(await q.execute());
    const want = (
      await db()
        .selectFrom('participants')
        .select(['id', 'region_code', 'code'])
        .where('code', 'like', 'BRD-6371-26-%')
        .execute()
    )
      .filter((p) => p.region_code.startsWith('63'))
      .map((p) => p.id)
      .sort();
    expect(got).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
  });

  it('notes: of a participant she may see, psychological ones only for their author and her assigned psychologists', async () => {
    for (const a of actors) {
      const q = db()
        .selectFrom('notes as n')
        .innerJoin('participants as p', 'p.id', 'n.participant_id')
        .select('n.id')
        .where(
          'n.id',
          'in',
          notes.map((n) => n.id),
        );
      const scoped = scopeWhere(
        'note',
        scopeWhere('participant', q, { id: 'p.id', region: 'p.region_code' }, scopeFilter(a, 'participant'), dialect),
        { type: 'n.type', author: 'n.author_id', participant: 'n.participant_id' },
        noteScope(a),
        dialect,
      );
      const want = notes
        .filter((n) =>
          visible(a, 'note.read', {
            type: 'note',
            participant: facts(people.find((p) => p.id === n.participantId)!),
            noteType: n.type,
            authorId: n.authorId,
          }),
        )
        .map((n) => n.id)
        .sort();
      expect(ids(await scoped.execute()), `${a.role} ${a.regions.join(',')}`).toEqual(want);
    }
    // The shape of the fixture: the other psychologist sees only her own note; the Banjarbaru caseworker not theirs.
    const psyOther = actors.find((a) => a.id === users.psyOther!.id)!;
    expect(
      visible(psyOther, 'note.read', {
        type: 'note',
        participant: facts(people[1]!),
        noteType: 'PSYCHOLOGICAL',
        authorId: users.psyAssigned!.id,
      }),
    ).toBe(false);
  });

  it('data-subject requests: her regions, and the ones she opened herself', async () => {
    // A request for each participant, opened by the Banjarmasin caseworker (one of them for a Banjarbaru woman
    // assigned to her) or by the Banjarbaru head of section.
    const requests: { id: string; regionCode: string; openedBy: string }[] = [];
    for (const [i, p] of people.entries()) {
      const id = randomUUID();
      const openedBy = i % 2 === 0 ? users.cwBjm!.id : users.managerBjb!.id;
      await db()
        .insertInto('rights_requests')
        .values({
          id,
          participant_id: p.id,
          kind: 'ACCESS',
          received_at: '2026-03-02T02:00:00Z',
          completed_at: null,
          outcome: 'PENDING',
          note: null,
          handled_by: openedBy,
          decided_by: null,
          decided_at: null,
          carried_out_by: null,
        })
        .execute();
      requests.push({ id, regionCode: p.regionCode, openedBy });
    }
    let seen = 0;
    for (const a of actors) {
      const q = db()
        .selectFrom('rights_requests as r')
        .innerJoin('participants as p', 'p.id', 'r.participant_id')
        .select('r.id')
        .where(
          'r.id',
          'in',
          requests.map((r) => r.id),
        );
      const got = ids(
        await scopeWhere(
          'rights_request',
          q,
          { region: 'p.region_code', openedBy: 'r.handled_by' },
          scopeFilter(a, 'rights_request'),
          dialect,
        ).execute(),
      );
      const want = requests
        .filter((r) => visible(a, 'rights_request.list', { type: 'rights_request', ...r }))
        .map((r) => r.id)
        .sort();
      expect(got, `${a.role} ${a.regions.join(',')}`).toEqual(want);
      seen += want.length;
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('cohorts and sessions: her regions, or the ones she teaches in (and there, her own sessions)', async () => {
    for (const a of actors) {
      const cq = db()
        .selectFrom('cohorts as c')
        .select('c.id')
        .where(
          'c.id',
          'in',
          cohorts.map((c) => c.id),
        );
      const got = ids(
        await scopeWhere(
          'cohort',
          cq,
          { id: 'c.id', region: 'c.region_code' },
          scopeFilter(a, 'cohort'),
          dialect,
        ).execute(),
      );
      const want = cohorts
        .filter((c) => visible(a, 'cohort.read', cohortFacts(c)))
        .map((c) => c.id)
        .sort();
      expect(got, `cohorts: ${a.role} ${a.regions.join(',')}`).toEqual(want);

      const sq = db()
        .selectFrom('sessions_schedule as s')
        .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
        .select('s.id')
        .where(
          's.id',
          'in',
          sessions.map((s) => s.id),
        );
      const gotSessions = ids(
        await scopeWhere(
          'session',
          sq,
          { facilitator: 's.facilitator_id', region: 'c.region_code' },
          scopeFilter(a, 'session'),
          dialect,
        ).execute(),
      );
      const wantSessions = sessions
        .filter((s) =>
          visible(a, 'attendance.read', {
            type: 'session',
            id: s.id,
            cohort: cohortFacts(cohorts.find((c) => c.id === s.cohortId)!),
            facilitatorId: s.facilitatorId,
          }),
        )
        .map((s) => s.id)
        .sort();
      expect(gotSessions, `sessions: ${a.role} ${a.regions.join(',')}`).toEqual(wantSessions);
    }
  });
});

describe('the province is part of every scope', () => {
  const province = { id: 'k', role: 'manager' as const, regions: ['63'] };
  const banjarbaru = { id: 'c', role: 'caseworker' as const, regions: ['6372'] };
  const surabaya = { type: 'participant' as const, id: 'p', regionCode: '3578', assignedUserIds: [] };
  it("a province-wide head of section sees her province only, never another province's people", () => {
    expect(provinceOf(province)).toBe('63');
    expect(inRegionScope(province, '6372')).toBe(true);
    expect(inRegionScope(province, '3578')).toBe(false);
    expect(visible(province, 'participant.read', surabaya)).toBe(false);
    expect(inRegionScope(banjarbaru, '637201')).toBe(true);
    expect(inRegionScope(banjarbaru, '6371')).toBe(false);
  });
  it('an administrator hands out regions of her own province only', () => {
    const admin = { id: 'a', role: 'admin' as const, regions: ['63'] };
    expect(regionsWithinScope(admin, ['63'])).toBe(true);
    expect(regionsWithinScope(admin, ['6372', '6371'])).toBe(true);
    expect(regionsWithinScope(admin, ['35'])).toBe(false);
    expect(regionsWithinScope(admin, ['3578'])).toBe(false);
    expect(regionsWithinScope({ ...admin, regions: ['6372'] }, ['63'])).toBe(false);
  });
});
