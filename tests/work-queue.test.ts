// The work queue: what waits for each person, in her scope, safety alerts first; an item decided by anyone is
// gone for everyone, because each section is a query of what is still undecided. On both databases.
import { CompiledQuery, sql } from 'kysely';
import { overdueFollowUp } from '../src/server/kernel/overdue.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { graduatedCohort } from './support/cohort.ts';

type Section = {
  kind: string;
  count: number;
  items: { id: string; participantId: string | null; code: string | null; detail: string | null }[];
};
const section = (q: { sections: Section[] }, kind: string) => q.sections.find((s) => s.kind === kind);

describe.each(DIALECTS)('the work queue on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client;
  let mgr2: Client;
  let far: Client;
  let cw: Client;
  let cw2: Client;
  let her: { id: string; code: string };

  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    mgr = await signIn(env, await seedUser(env, 'manager', ['63']));
    mgr2 = await signIn(env, await seedUser(env, 'manager', ['63']));
    far = await signIn(env, await seedUser(env, 'manager', ['6371']));
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    cw2 = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    her = json(await cw.post('/api/participants', participantBody({}, { birthDate: '1994-01-10' })));
    // Her assessment waits for review, her plan (a draft) for approval; another caseworker asks to join her case.
    const a = await cw.post(`/api/participants/${her.id}/assessments`, {
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
    await cw.post(`/api/participants/${her.id}/transitions`, { to: 'ASESMEN', reason: 'asesmen' });
    await cw.post(`/api/participants/${her.id}/transitions`, { to: 'RENCANA_INTERVENSI', reason: 'rencana' });
    const plan = await cw.request('PUT', `/api/participants/${her.id}/case-plan`, {
      items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }],
    });
    expect(plan.statusCode, plan.body).toBeLessThan(300);
    const asked = await cw2.post(`/api/participants/${her.id}/assignment-requests`, {
      reason: 'Saya kenal keluarganya',
    });
    expect(asked.statusCode, asked.body).toBe(201);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reads pending work through partial indexes that hold only that work', async () => {
    const db = env.booted.services.db.kysely;
    const defs =
      dialect === 'sqlite'
        ? (
            await sql<{ def: string }>`select sql as def from sqlite_master
              where name in ('assessments_unreviewed_idx', 'follow_ups_due_idx') order by name`.execute(db)
          ).rows
        : (
            await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = current_schema()
              and indexname in ('assessments_unreviewed_idx', 'follow_ups_due_idx') order by indexname`.execute(db)
          ).rows;
    expect(defs.map((d) => d.def.replace(/"/g, '').toLowerCase())).toEqual([
      expect.stringMatching(/on (public\.|\w+\.)?assessments .*\(participant_id\) where \(?reviewed_by is null\)?/),
      expect.stringMatching(/on (public\.|\w+\.)?follow_ups .*\(due_date\) where \(?status = 'due'(::text)?\)?/),
    ]);
  });

  it('counts the overdue follow-ups through an index of the points still due, by their day', async () => {
    const db = env.booted.services.db.kysely;
    const def =
      dialect === 'sqlite'
        ? (
            await sql<{
              def: string;
            }>`select sql as def from sqlite_master where name = 'follow_ups_overdue_idx'`.execute(db)
          ).rows
        : (
            await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = current_schema()
              and indexname = 'follow_ups_overdue_idx'`.execute(db)
          ).rows;
    const words = (d: string) =>
      d
        .replace(/"/g, '')
        .replace(/::text/g, '')
        .replace(/ else null/gi, '')
        .replace(/\s+/g, ' ')
        .toLowerCase();
    expect(def.map((d) => words(d.def))).toEqual([
      expect.stringMatching(
        /on (\w+\.)?follow_ups .*\( ?\( ?case when \(?status = 'due'\)? then due_date end ?\) ?\)$/,
      ),
    ]);
    // The work queue's and the dashboard's expression is the index's own (SQLite matches it only then).
    const q = db
      .selectFrom('follow_ups as f')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(overdueFollowUp('f', '2026-01-01'))
      .compile();
    if (dialect === 'sqlite') {
      const plan = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      );
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('follow_ups_overdue_idx');
    }
    expect((await db.executeQuery(q)).rows).toHaveLength(1);
  });

  it('the head of section sees what waits for her decision, safety alerts first, with her code', async () => {
    const q = json(await mgr.get('/api/work-queue'));
    expect(q.sections[0].kind).toBe('safety_alerts');
    for (const kind of ['assignment_requests', 'assessments', 'plans']) {
      expect(section(q, kind), kind).toMatchObject({ count: 1, items: [{ participantId: her.id, code: her.code }] });
    }
    expect(q.total).toBeGreaterThanOrEqual(3);
    // The look is audited with the participants it showed.
    const events = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'workqueue.read')
      .execute();
    expect(events.some((e) => (e.detail ?? '').includes(her.id))).toBe(true);
  });

  it("shows nothing outside one's scope, and no section one may not decide", async () => {
    const q = json(await far.get('/api/work-queue'));
    for (const kind of ['assignment_requests', 'assessments', 'plans']) expect(section(q, kind)?.count, kind).toBe(0);
    const mine = json(await cw.get('/api/work-queue'));
    expect(mine.sections.map((s: Section) => s.kind)).not.toContain('assignment_requests');
    expect(mine.sections.map((s: Section) => s.kind)).not.toContain('plans');
    expect(mine.sections.map((s: Section) => s.kind)).toContain('overdue_follow_ups');
  });

  it('an item decided by one head of section is gone for the other', async () => {
    const before = json(await mgr2.get('/api/work-queue'));
    const request = section(before, 'assignment_requests')!.items[0]!;
    expect((await mgr.post(`/api/assignment-requests/${request.id}/decision`, { approve: true })).statusCode).toBe(200);
    expect((await mgr.post(`/api/participants/${her.id}/case-plan/approve`)).statusCode).toBe(200);
    const after = json(await mgr2.get('/api/work-queue'));
    expect(section(after, 'assignment_requests')!.count).toBe(0);
    expect(section(after, 'plans')!.count).toBe(0);
    expect(section(after, 'assessments')!.count).toBe(1);
  });

  it("the Kepala Bidang's queue: others' aid proposals, approved aid waiting for its letter, budget lines; each gone once decided", async () => {
    const env = await makeEnv(dialect);
    try {
      const manager = await seedUser(env, 'manager', ['63']);
      const caseworker = await seedUser(env, 'caseworker', ['6372']);
      const g = await graduatedCohort(env, { manager, caseworker }, [5, 5]);
      const head = await signIn(env, await seedUser(env, 'head_of_division', ['63']));
      const head2 = await signIn(env, await seedUser(env, 'head_of_division', ['63']));
      expect(
        (
          await g.mgr.post('/api/kits', {
            trade: 'TATA_BOGA',
            name: 'Paket usaha kue',
            items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
          })
        ).statusCode,
      ).toBe(201);
      const proposed = json(await g.cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items as { id: string }[];
      const line = json(
        await g.mgr.post(`/api/programmes/${g.programmeId}/budget-lines`, {
          kind: 'MATERIALS',
          description: 'Bahan praktik',
          planned: 1_000_000,
        }),
      );
      // The head of section no longer approves aid: no such section for her.
      expect(section(json(await g.mgr.get('/api/work-queue')), 'allocations')).toBeUndefined();
      const q1 = json(await head2.get('/api/work-queue'));
      expect(section(q1, 'allocations')!.count).toBe(2);
      expect(section(q1, 'budget_lines')!.items.map((i) => i.id)).toEqual([line.id]);
      expect(section(q1, 'aid_decrees')!.count).toBe(0);
      for (const a of proposed) expect((await head.post(`/api/allocations/${a.id}/approve`)).statusCode).toBe(200);
      expect((await head.post(`/api/budget-lines/${line.id}/decision`, { decision: 'APPROVED' })).statusCode).toBe(200);
      const q2 = json(await head2.get('/api/work-queue'));
      expect(section(q2, 'allocations')!.count).toBe(0);
      expect(section(q2, 'budget_lines')!.count).toBe(0);
      expect(section(q2, 'aid_decrees')!.items).toMatchObject([{ id: g.cohortId, detail: '2' }]);
      const sk = await head.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
        number: '460/050/RS/2019',
        date: '2019-03-31',
        signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
      });
      expect(sk.statusCode, sk.body).toBe(201);
      expect(section(json(await head2.get('/api/work-queue')), 'aid_decrees')!.count).toBe(0);
      expect(json(await head2.get('/api/work-queue/counts')).total).toBe(0);
    } finally {
      await env.close();
    }
  });
});
