// The benchmark's mixed workload (bench/workload.ts) against the real server over HTTP: staff of every role it
// knows, made and signed in by prepareWorkload, each asking only for what her role and regions allow, answer with
// no error at all, every kind of request is exercised, and what the run says
// it wrote is what the database holds. No timing is asserted (the benchmark prints them).
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, makeEnv, type TestEnv } from './support/env.ts';
import { bulkSeed } from '../bench/bulk.ts';
import { mixedWorkload, prepareWorkload } from '../bench/workload.ts';

const TODAY = new Date('2026-11-28T01:00:00.000Z');

describe.each(DIALECTS)('mixed workload (%s)', (dialect) => {
  let env: TestEnv;
  afterAll(async () => env?.close());

  it('runs with zero errors, every request type answered, writes as counted', async () => {
    env = await makeEnv(dialect);
    const s = env.booted.services;
    await bulkSeed(s, env.clock, 400, 10);
    env.clock.set(TODAY);
    await env.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    const prepared = await prepareWorkload({
      s,
      auth: env.built.auth,
      base,
      clock: env.clock,
      today: '2026-11-28',
      managersPerProvince: 2,
      caseload: 5,
    });
    expect(prepared.sessions.length).toBeGreaterThan(0);
    const roles = new Set(prepared.users.map((u) => u.role));
    expect([...roles].sort()).toEqual(['caseworker', 'facilitator', 'manager']);
    // Every caseworker's caseload was assigned to her by the head of section.
    const cw = prepared.users.find((u) => u.role === 'caseworker')!;
    const assigned = await s.db.kysely
      .selectFrom('participant_assignments')
      .select('participant_id')
      .where('user_id', '=', cw.id)
      .execute();
    expect(assigned.map((a) => a.participant_id).sort()).toEqual([...cw.caseload!].sort());

    const notesBefore = Number(
      (await sql<{ n: number }>`select count(*) as n from notes`.execute(s.db.kysely)).rows[0]!.n,
    );
    const result = await mixedWorkload({
      base,
      users: prepared.users,
      participantsByRegion: prepared.participantsByRegion,
      sessions: prepared.sessions,
      seconds: 1,
      reportYear: 2025,
      clock: env.clock,
      thinkMs: [5, 15],
    });
    expect(result.errorSamples).toEqual([]);
    expect(result.errors).toBe(0);
    const types = new Set(result.rows.map((r) => r.type));
    // Each user takes every step of hers once before drawing by weight: all ten kinds are there.
    expect([...types].sort()).toEqual(
      [
        'attendance.open',
        'attendance.save',
        'dashboard',
        'followups',
        'note.save',
        'participant',
        'queue',
        'report.annual',
        'report.xlsx',
        'search',
      ].sort(),
    );
    expect(result.requests).toBe(result.rows.reduce((m, r) => m + r.n, 0));
    // Each note the run counted as saved is in the database, and nothing more.
    const notesAfter = Number(
      (await sql<{ n: number }>`select count(*) as n from notes`.execute(s.db.kysely)).rows[0]!.n,
    );
    expect(notesAfter - notesBefore).toBe(result.rows.find((r) => r.type === 'note.save')!.n);
    // The server's clock moved on with the run (the search limit's minute, as in a real day).
    expect(env.clock.now().getTime()).toBeGreaterThan(TODAY.getTime() + 900);
  }, 120_000);
});
