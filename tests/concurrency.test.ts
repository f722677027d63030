// Races of real requests on every database: N parallel requests, each through its own signed-in client, all
// started at once. On PostgreSQL the pool has five connections, so the requests truly overlap; on SQLite they
// serialise. Each race is repeated a few rounds; only outcomes are asserted (never timings): who won, who was
// refused with which code, what the rows and the audit say afterwards, and that nothing answered 500.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';
import { readyParticipant } from './support/cohort.ts';
import { errorCode, note, race, signInMany, tally } from './support/race.ts';

const N = 20;
const ROUNDS = 4;

/** A word of letters only (name-search tokens are words), unique enough for one test run. */
function word(prefix: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return prefix + Array.from(randomBytes(8), (b) => letters[b % 26]).join('');
}

describe.each(DIALECTS)('concurrent requests on %s', (dialect) => {
  let env: TestEnv;
  let managers: TestUser[], admins: TestUser[], caseworkers: TestUser[];
  /** One session per caseworker of Banjarbaru (6372); managers and administrators: N sessions over a few accounts. */
  let cws: Client[], mgrs: Client[], adms: Client[];
  let programmeId: string;

  const db = () => env.booted.services.db.kysely;
  /** Audit rows of an action (for one resource; null: any resource). */
  const auditCount = async (action: string, resourceId: string | null) => {
    let q = db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', action);
    if (resourceId !== null) q = q.where('resource_id', '=', resourceId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const rowCount = async (table: 'participants' | 'notes') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    // Long sessions: the TOTP sign-ins of a pool move the clock half a minute each.
    env = await makeEnv(dialect, { SESSION_IDLE_MINUTES: '100000', SESSION_ABSOLUTE_MINUTES: '100000' });
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    managers = [];
    admins = [];
    for (let i = 0; i < 4; i++) managers.push(await seedUser(env, 'manager', ['63']));
    for (let i = 0; i < 4; i++) admins.push(await seedUser(env, 'admin', ['63']));
    caseworkers = await Promise.all(Array.from({ length: N }, () => seedUser(env, 'caseworker', ['6372'])));
    cws = await signInMany(env, caseworkers, N, 1);
    mgrs = await signInMany(env, managers, N, 2);
    adms = await signInMany(env, admins, N, 3);
    const p = await mgrs[0]!.post('/api/programmes', {
      name: 'Pembinaan 2019',
      year: 2019,
      budgetCeiling: 500_000_000,
      targetParticipants: 200,
      targetRegions: ['6372'],
    });
    expect(p.statusCode, p.body).toBe(201);
    programmeId = json(p).id;
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  // ---------------------------------------------------------------- 1. saves with one If-Match
  describe('N saves of one record with the same If-Match: one 200, the rest 412 stale_version', () => {
    it('a participant, with a change of name (the name-search tokens are rewritten)', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const created = await cws[0]!.post('/api/participants', participantBody());
        expect(created.statusCode, created.body).toBe(201);
        const id = json(created).id as string;
        const before = await cws[0]!.get(`/api/participants/${id}`);
        expect(before.statusCode, before.body).toBe(200);
        const v0 = json(before).version as number;
        const words = Array.from({ length: N }, () => word('menang'));
        const res = await race(N, (i) =>
          cws[i]!.patch(
            `/api/participants/${id}`,
            {
              identity: { fullName: `Siti ${words[i]} Rahmah`, preferredName: `Siti ${i}` },
              referralSource: i % 2 ? 'MANDIRI' : null,
            },
            { 'if-match': before.headers.etag as string },
          ),
        );
        const t = tally(res);
        note(dialect, `participant save round ${round}`, t);
        expect.soft(t, `round ${round}`).toEqual({ '200': 1, '412 stale_version': N - 1 });
        const after = await cws[0]!.get(`/api/participants/${id}`);
        expect.soft(after.statusCode, after.body).toBe(200);
        expect.soft(json(after).version, `round ${round}: one update`).toBe(v0 + 1);
        const won = res.flatMap((r, i) => (r.statusCode === 200 ? [i] : []));
        if (won.length === 1) {
          const w = won[0]!;
          expect.soft(json(after).identity.fullName).toBe(`Siti ${words[w]} Rahmah`);
          expect.soft(json(after).identity.preferredName).toBe(`Siti ${w}`);
          expect.soft(json(after).version).toBe(json(res[w]!).version);
          // The search tokens are the winner's name, and only hers.
          const found = json(await cws[0]!.post('/api/participants/search', { q: words[w] })).items.map(
            (x: { id: string }) => x.id,
          );
          expect.soft(found).toEqual([id]);
          const loser = words[(w + 1) % N]!;
          expect.soft(json(await cws[0]!.post('/api/participants/search', { q: loser })).items).toEqual([]);
        }
        expect.soft(await auditCount('participant.update', id), `round ${round}: audit rows of the update`).toBe(1);
      }
    });

    it('a cohort', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const c = await mgrs[0]!.post('/api/cohorts', {
          programmeId,
          regionCode: '6372',
          startDate: '2019-08-01',
          tracks: ['TATA_BOGA'],
        });
        expect(c.statusCode, c.body).toBe(201);
        const id = json(c).id as string;
        const before = await mgrs[0]!.get(`/api/cohorts/${id}`);
        const v0 = json(before).version as number;
        const audits0 = await auditCount('cohort.write', id);
        const res = await race(N, (i) =>
          mgrs[i]!.patch(
            `/api/cohorts/${id}`,
            { name: `Angkatan ${round}-${i}`, capacity: 10 + i },
            { 'if-match': before.headers.etag as string },
          ),
        );
        const t = tally(res);
        note(dialect, `cohort save round ${round}`, t);
        expect.soft(t, `round ${round}`).toEqual({ '200': 1, '412 stale_version': N - 1 });
        const after = json(await mgrs[0]!.get(`/api/cohorts/${id}`));
        expect.soft(after.version, `round ${round}: one update`).toBe(v0 + 1);
        const won = res.flatMap((r, i) => (r.statusCode === 200 ? [i] : []));
        if (won.length === 1)
          expect.soft(after).toMatchObject({ name: `Angkatan ${round}-${won[0]}`, capacity: 10 + won[0]! });
        expect
          .soft((await auditCount('cohort.write', id)) - audits0, `round ${round}: audit rows of the update`)
          .toBe(1);
      }
    });

    it('a venue', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const v = await mgrs[0]!.post('/api/venues', {
          name: `Balai ${round}`,
          address: 'Jl. Panglima Batur',
          regionCode: '6372',
          ownerName: 'Hj. Aminah',
          capacity: 20,
          facilities: ['dapur'],
          rentPerMonth: 2_000_000,
          contractStart: '2019-01-01',
          contractEnd: '2019-12-31',
        });
        expect(v.statusCode, v.body).toBe(201);
        const id = json(v).id as string;
        const before = await mgrs[0]!.get(`/api/venues/${id}`);
        const v0 = json(before).version as number;
        const audits0 = await auditCount('venue.write', id);
        const res = await race(N, (i) =>
          mgrs[i]!.patch(
            `/api/venues/${id}`,
            { name: `Balai ${round}-${i}`, rentPerMonth: 2_000_000 + i * 1000 },
            { 'if-match': before.headers.etag as string },
          ),
        );
        const t = tally(res);
        note(dialect, `venue save round ${round}`, t);
        expect.soft(t, `round ${round}`).toEqual({ '200': 1, '412 stale_version': N - 1 });
        const after = json(await mgrs[0]!.get(`/api/venues/${id}`));
        expect.soft(after.version, `round ${round}: one update`).toBe(v0 + 1);
        const won = res.flatMap((r, i) => (r.statusCode === 200 ? [i] : []));
        if (won.length === 1)
          expect
            .soft(after)
            .toMatchObject({ name: `Balai ${round}-${won[0]}`, rentPerMonth: 2_000_000 + won[0]! * 1000 });
        expect
          .soft((await auditCount('venue.write', id)) - audits0, `round ${round}: audit rows of the update`)
          .toBe(1);
      }
    });

    it('a user account (administrators)', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const target = await seedUser(env, 'caseworker', ['6372']);
        const before = await adms[0]!.get(`/api/users/${target.id}`);
        expect(before.statusCode, before.body).toBe(200);
        const v0 = json(before).version as number;
        const res = await race(N, (i) =>
          adms[i]!.patch(
            `/api/users/${target.id}`,
            { name: `Pendamping ${round}-${i}`, email: `p${round}x${i}@berdaya.test` },
            { 'if-match': before.headers.etag as string },
          ),
        );
        const t = tally(res);
        note(dialect, `user save round ${round}`, t);
        expect.soft(t, `round ${round}`).toEqual({ '200': 1, '412 stale_version': N - 1 });
        const after = json(await adms[0]!.get(`/api/users/${target.id}`));
        expect.soft(after.version, `round ${round}: one update`).toBe(v0 + 1);
        const won = res.flatMap((r, i) => (r.statusCode === 200 ? [i] : []));
        if (won.length === 1)
          expect
            .soft(after)
            .toMatchObject({ name: `Pendamping ${round}-${won[0]}`, email: `p${round}x${won[0]}@berdaya.test` });
        expect.soft(await auditCount('user.update', target.id), `round ${round}: audit rows of the update`).toBe(1);
      }
    });
  });

  // ---------------------------------------------------------------- 2. enrolments past capacity
  describe('2×capacity enrolments at once into a cohort of capacity C', () => {
    const C = 5;
    const M = 2 * C;
    async function cohortWithCandidates(round: number) {
      const c = await mgrs[0]!.post('/api/cohorts', {
        programmeId,
        regionCode: '6372',
        startDate: '2019-03-01',
        capacity: C,
        tracks: ['TATA_BOGA'],
        name: `Kapasitas ${round} ${randomBytes(2).toString('hex')}`,
      });
      expect(c.statusCode, c.body).toBe(201);
      const people = [];
      for (let i = 0; i < M; i++) people.push(await readyParticipant(cws[0]!, mgrs[0]!));
      return { cohortId: json(c).id as string, people };
    }

    it('with the waitlist allowed: exactly C enrolled, the rest waitlisted 1..M−C without gaps or repeats', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { cohortId, people } = await cohortWithCandidates(round);
        const res = await race(M, (i) =>
          cws[i]!.post(`/api/cohorts/${cohortId}/enrollments`, {
            participantId: people[i]!.id,
            track: 'TATA_BOGA',
            waitlist: true,
          }),
        );
        const t = tally(res);
        const ok = res.filter((r) => r.statusCode === 201).map((r) => json(r));
        const answered = {
          enrolled: ok.filter((e) => e.status === 'ENROLLED').length,
          waitlistPositions: ok
            .filter((e) => e.status === 'WAITLISTED')
            .map((e) => e.waitlistPosition)
            .sort((a, b) => a - b),
        };
        const list = json(await cws[0]!.get(`/api/cohorts/${cohortId}/enrollments`)).items as {
          status: string;
          waitlistPosition: number | null;
        }[];
        const stored = {
          enrolled: list.filter((e) => e.status === 'ENROLLED').length,
          waitlistPositions: list
            .filter((e) => e.status === 'WAITLISTED')
            .map((e) => e.waitlistPosition!)
            .sort((a, b) => a - b),
        };
        note(dialect, `enrol with waitlist round ${round}`, { answers: t, answered, stored });
        const positions = Array.from({ length: M - C }, (_, i) => i + 1);
        expect.soft(t, `round ${round}`).toEqual({ '201': M });
        expect.soft(answered, `round ${round}: the answers`).toEqual({ enrolled: C, waitlistPositions: positions });
        expect.soft(stored, `round ${round}: the stored list`).toEqual({ enrolled: C, waitlistPositions: positions });
        const cohort = json(await cws[0]!.get(`/api/cohorts/${cohortId}`));
        expect
          .soft({ enrolled: cohort.enrolled, waitlisted: cohort.waitlisted })
          .toEqual({ enrolled: C, waitlisted: M - C });
      }
    });

    it('bulk enrolments of overlapping groups at once: each person enrolled once, capacity and waitlist hold, all or none', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { cohortId, people } = await cohortWithCandidates(200 + round);
        // Four staff send overlapping groups of four at once: people 0–3, 2–5, 4–7, 6–9.
        const groups = [0, 2, 4, 6].map((from) => people.slice(from, from + 4).map((p) => p.id));
        const res = await race(groups.length, (i) =>
          cws[i]!.post(`/api/cohorts/${cohortId}/enrollments/bulk`, { participantIds: groups[i], waitlist: true }),
        );
        const t = tally(res);
        const list = json(await cws[0]!.get(`/api/cohorts/${cohortId}/enrollments`)).items as {
          participantId: string;
          status: string;
          waitlistPosition: number | null;
        }[];
        const stored = {
          people: new Set(list.map((e) => e.participantId)).size,
          rows: list.length,
          enrolled: list.filter((e) => e.status === 'ENROLLED').length,
          waitlistPositions: list
            .filter((e) => e.status === 'WAITLISTED')
            .map((e) => e.waitlistPosition!)
            .sort((a, b) => a - b),
        };
        note(dialect, `bulk enrol round ${round}`, { answers: t, stored });
        // A refused group wrote nothing; every accepted group wrote all of its people.
        const accepted = res.filter((r) => r.statusCode === 201).map((r) => json(r).items.length as number);
        expect.soft(stored.rows, `round ${round}: rows = accepted people`).toBe(accepted.reduce((a, b) => a + b, 0));
        expect.soft(stored.people, `round ${round}: nobody twice`).toBe(stored.rows);
        expect.soft(stored.enrolled, `round ${round}`).toBe(Math.min(C, stored.rows));
        expect
          .soft(stored.waitlistPositions, `round ${round}: positions without gaps`)
          .toEqual(Array.from({ length: Math.max(0, stored.rows - C) }, (_, i) => i + 1));
        for (const r of res.filter((x) => x.statusCode !== 201)) {
          expect.soft(r.statusCode).toBe(409);
          expect.soft(json(r).error.code).toBe('enrolment_refused');
          expect.soft(json(r).error.details.refused[0].code).toBe('already_enrolled');
        }
        expect.soft(accepted.length, `round ${round}: the first group at least`).toBeGreaterThan(0);
      }
    });

    it('without the waitlist: exactly C enrolled, the rest 409 cohort_full', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { cohortId, people } = await cohortWithCandidates(100 + round);
        const res = await race(M, (i) =>
          cws[i]!.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: people[i]!.id, track: 'TATA_BOGA' }),
        );
        const t = tally(res);
        const list = json(await cws[0]!.get(`/api/cohorts/${cohortId}/enrollments`)).items as { status: string }[];
        note(dialect, `enrol without waitlist round ${round}`, {
          answers: t,
          storedEnrolled: list.filter((e) => e.status === 'ENROLLED').length,
          storedWaitlisted: list.filter((e) => e.status === 'WAITLISTED').length,
        });
        expect.soft(t, `round ${round}`).toEqual({ '201': C, '409 cohort_full': M - C });
        expect.soft(list.filter((e) => e.status === 'ENROLLED').length, `round ${round}: stored`).toBe(C);
        expect.soft(list.filter((e) => e.status === 'WAITLISTED').length).toBe(0);
      }
    });
  });

  it('bulk cancels of overlapping sessions at once: each session cancelled once, audited once, all or none, never 500', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const c = await mgrs[0]!.post('/api/cohorts', {
        programmeId,
        regionCode: '6372',
        startDate: '2019-03-01',
        tracks: ['TATA_BOGA'],
        name: `Batal massal ${round} ${randomBytes(2).toString('hex')}`,
      });
      expect(c.statusCode, c.body).toBe(201);
      const cohortId = json(c).id as string;
      const g = await mgrs[0]!.post(`/api/cohorts/${cohortId}/sessions/generate`, {
        type: 'TRADE_SKILL',
        weekdays: [1, 2, 3, 4, 5],
        startTime: '09:00',
        endTime: '12:00',
      });
      expect(g.statusCode, g.body).toBe(201);
      const sessions = json(g).items as { id: string; version: number }[];
      // Four heads of section cancel overlapping groups of four, each from the list she saw: 0–3, 2–5, 4–7, 6–9.
      const groups = [0, 2, 4, 6].map((from) => sessions.slice(from, from + 4));
      const res = await race(groups.length, (i) =>
        mgrs[i]!.post(`/api/cohorts/${cohortId}/sessions/bulk`, {
          action: 'cancel',
          sessions: groups[i]!.map((s) => ({ id: s.id, version: s.version })),
          reason: `Rapat dinas ${i}`,
        }),
      );
      const t = tally(res);
      const stored = json(await mgrs[0]!.get(`/api/cohorts/${cohortId}/sessions`)).items as {
        id: string;
        cancelled: boolean;
        version: number;
      }[];
      const audits = await db()
        .selectFrom('audit_log')
        .select(['resource_id', 'detail'])
        .where('action', '=', 'session.write')
        .where(
          'resource_id',
          'in',
          sessions.map((s) => s.id),
        )
        .execute();
      note(dialect, `bulk cancel round ${round}`, { answers: t, cancelled: stored.filter((s) => s.cancelled).length });
      const accepted = groups.filter((_, i) => res[i]!.statusCode === 200).flat();
      const cancelled = stored.filter((s) => s.cancelled);
      // The accepted groups are disjoint, and cancelled exactly their sessions: nobody's work half done.
      expect
        .soft(new Set(accepted.map((s) => s.id)).size, `round ${round}: accepted groups overlap`)
        .toBe(accepted.length);
      expect.soft(cancelled.map((s) => s.id).sort(), `round ${round}`).toEqual(accepted.map((s) => s.id).sort());
      expect
        .soft(
          cancelled.every((s) => s.version === 2),
          `round ${round}: cancelled once`,
        )
        .toBe(true);
      expect
        .soft(audits.map((a) => a.resource_id).sort(), `round ${round}: one event each`)
        .toEqual(accepted.map((s) => s.id).sort());
      for (const r of res.filter((x) => x.statusCode !== 200)) {
        expect.soft(r.statusCode, r.body).toBe(412);
        expect.soft(errorCode(r)).toBe('stale_version');
      }
      expect.soft(accepted.length, `round ${round}: the first group at least`).toBeGreaterThan(0);
    }
  });

  // ---------------------------------------------------------------- 3. the same NIK at once
  it('the same NIK registered by N caseworkers of one kabupaten at once: one 201, the rest 409 duplicate_nik', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const birthDate = '1990-05-17';
      const nik = testNik(birthDate);
      const before = await rowCount('participants');
      const blockedBefore = await auditCount('participant.duplicate_blocked', null);
      // Each spells her name a little differently (as happens), so only the NIK makes them the same woman.
      const res = await race(N, (i) =>
        cws[i]!.post(
          '/api/participants',
          participantBody({}, { nik, birthDate, fullName: `Siti ${word('nik')} ${i}` }),
        ),
      );
      const t = tally(res);
      const found = json(await cws[0]!.post('/api/participants/search', { q: nik })).items;
      const added = (await rowCount('participants')) - before;
      note(dialect, `same NIK round ${round}`, { answers: t, rowsAdded: added, foundByNik: found.length });
      expect.soft(t, `round ${round}`).toEqual({ '201': 1, '409 duplicate_nik': N - 1 });
      expect.soft(added, `round ${round}: rows`).toBe(1);
      expect.soft(found.length, `round ${round}: found by NIK`).toBe(1);
      // Every refused registration is in the audit, however it was refused (the check, or the unique index).
      expect
        .soft(
          (await auditCount('participant.duplicate_blocked', null)) - blockedBefore,
          `round ${round}: refusals audited`,
        )
        .toBe(N - 1);
    }
  });

  // ---------------------------------------------------------------- 4. one venue, overlapping bookings
  it('N cohorts booking one venue for overlapping dates at once: one 201, the rest 409 venue_booked', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const v = await mgrs[0]!.post('/api/venues', {
        name: `Aula ${round}`,
        address: 'Jl. Trikora',
        regionCode: '6372',
        ownerName: 'H. Said',
        capacity: 30,
        facilities: [],
        rentPerMonth: 1_500_000,
        contractStart: '2019-01-01',
        contractEnd: '2019-12-31',
      });
      expect(v.statusCode, v.body).toBe(201);
      const venueId = json(v).id as string;
      // [1+i June, 1+i July]: every pair overlaps (all hold 20 June – 1 July).
      const day = (m: string, i: number) => `2019-${m}-${String(1 + i).padStart(2, '0')}`;
      const res = await race(N, (i) =>
        mgrs[i]!.post('/api/cohorts', {
          programmeId,
          regionCode: '6372',
          venueId,
          startDate: day('06', i),
          endDate: day('07', i),
          tracks: ['MENJAHIT'],
          name: `Sewa ${round}-${i}`,
        }),
      );
      const t = tally(res);
      const booked = json(await mgrs[0]!.get(`/api/cohorts?programmeId=${programmeId}`)).items.filter(
        (c: { venueId: string | null }) => c.venueId === venueId,
      ).length;
      note(dialect, `venue booking round ${round}`, { answers: t, cohortsOnVenue: booked });
      expect.soft(t, `round ${round}`).toEqual({ '201': 1, '409 venue_booked': N - 1 });
      expect.soft(booked, `round ${round}: cohorts on the venue`).toBe(1);
    }
  });

  it('N moves of different cohorts onto one venue for overlapping dates at once: one 200, the rest 409 venue_booked', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const v = await mgrs[0]!.post('/api/venues', {
        name: `Gedung ${round}`,
        address: 'Jl. Karang Anyar',
        regionCode: '6372',
        ownerName: 'H. Said',
        capacity: 30,
        facilities: [],
        rentPerMonth: 1_500_000,
        contractStart: '2019-01-01',
        contractEnd: '2019-12-31',
      });
      expect(v.statusCode, v.body).toBe(201);
      const venueId = json(v).id as string;
      const cohorts: { id: string; etag: string }[] = [];
      for (let i = 0; i < N; i++) {
        const c = await mgrs[0]!.post('/api/cohorts', {
          programmeId,
          regionCode: '6372',
          startDate: '2019-09-01',
          tracks: ['MENJAHIT'],
          name: `Pindah ${round}-${i}`,
        });
        expect(c.statusCode, c.body).toBe(201);
        cohorts.push({ id: json(c).id, etag: `"${json(c).version}"` });
      }
      const res = await race(N, (i) =>
        mgrs[i]!.patch(`/api/cohorts/${cohorts[i]!.id}`, { venueId }, { 'if-match': cohorts[i]!.etag }),
      );
      const t = tally(res);
      const booked = json(await mgrs[0]!.get(`/api/cohorts?programmeId=${programmeId}`)).items.filter(
        (c: { venueId: string | null }) => c.venueId === venueId,
      ).length;
      note(dialect, `venue move round ${round}`, { answers: t, cohortsOnVenue: booked });
      expect.soft(t, `round ${round}`).toEqual({ '200': 1, '409 venue_booked': N - 1 });
      expect.soft(booked, `round ${round}: cohorts on the venue`).toBe(1);
    }
  });

  it('a cancelled cohort brought back takes its venue only when the venue is free', async () => {
    const v = await mgrs[0]!.post('/api/venues', {
      name: 'Balai Kembali',
      address: 'Jl. Panglima Batur',
      regionCode: '6372',
      ownerName: 'H. Said',
      capacity: 30,
      facilities: [],
      rentPerMonth: 1_500_000,
      contractStart: '2019-01-01',
      contractEnd: '2019-12-31',
    });
    const venueId = json(v).id as string;
    const first = json(
      await mgrs[0]!.post('/api/cohorts', {
        programmeId,
        regionCode: '6372',
        venueId,
        startDate: '2019-10-01',
        tracks: ['MENJAHIT'],
        name: 'Batal dulu',
      }),
    );
    const cancelled = await mgrs[0]!.patch(
      `/api/cohorts/${first.id}`,
      { status: 'CANCELLED' },
      { 'if-match': `"${first.version}"` },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(
      (
        await mgrs[0]!.post('/api/cohorts', {
          programmeId,
          regionCode: '6372',
          venueId,
          startDate: '2019-10-01',
          tracks: ['MENJAHIT'],
          name: 'Pengganti',
        })
      ).statusCode,
    ).toBe(201);
    const back = await mgrs[0]!.patch(
      `/api/cohorts/${first.id}`,
      { status: 'PLANNED' },
      { 'if-match': `"${json(cancelled).version}"` },
    );
    expect(back.statusCode, back.body).toBe(409);
    expect(errorCode(back)).toBe('venue_booked');
  });

  // ---------------------------------------------------------------- 5b. first contacts under one new alias at once
  it('N first contacts under one new alias at once make one prospect', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const alias = `Kenanga ${word('alias')}`;
      const body = {
        contactDate: '2019-02-10',
        regionCode: '6372',
        placeKind: 'WARUNG_KAFE',
        channel: 'JANGKAUAN_JALANAN',
        topics: ['PROGRAM'],
        materials: ['BROSUR'],
        interestLevel: 'MEDIUM',
        outcome: 'NOT_NOW',
        nextContactDate: '2019-02-17',
        alias,
      };
      const res = await race(N, (i) => cws[i]!.post('/api/outreach', body));
      const t = tally(res);
      const prospects = new Set(res.filter((r) => r.statusCode === 201).map((r) => json(r).prospectId as string));
      note(dialect, `alias round ${round}`, { answers: t, prospects: prospects.size });
      expect.soft(t, `round ${round}`).toEqual({ '201': N });
      expect.soft(prospects.size, `round ${round}: one prospect`).toBe(1);
    }
  });

  // ---------------------------------------------------------------- 6. one Idempotency-Key at once
  describe('the same Idempotency-Key sent N times at once by one user', () => {
    /** N sessions of one caseworker: the key belongs to the account that sent it. */
    let same: Client[];
    beforeAll(async () => {
      same = await signInMany(env, [caseworkers[1]!], N, 4);
    });

    function checkIdempotentRace(what: string, round: number, res: Awaited<ReturnType<Client['post']>>[]) {
      const t = tally(res);
      const firsts = res.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] !== 'true');
      const replays = res.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === 'true');
      const ids = new Set(res.filter((r) => r.statusCode === 201).map((r) => json(r).id));
      note(dialect, `${what} round ${round}`, {
        answers: t,
        firsts: firsts.length,
        replays: replays.length,
        distinctIds: ids.size,
      });
      const allowed = Object.keys(t).filter((k) => k !== '201' && k !== '409 idempotency_in_progress');
      expect.soft(allowed, `round ${round}: answers other than 201 or 409 idempotency_in_progress`).toEqual([]);
      expect.soft(firsts.length, `round ${round}: answers that created`).toBe(1);
      expect.soft(ids.size, `round ${round}: distinct ids answered`).toBe(1);
      return firsts[0] ? (json(firsts[0]).id as string) : undefined;
    }

    it('a case note', async () => {
      const p = json(await same[0]!.post('/api/participants', participantBody()));
      for (let round = 0; round < ROUNDS; round++) {
        const key = `note-${round}-${randomBytes(6).toString('hex')}`;
        const body = { type: 'HOME_VISIT', body: `Kunjungan rumah ${round}: ${randomBytes(4).toString('hex')}` };
        const before = await rowCount('notes');
        const res = await race(N, (i) =>
          same[i]!.post(`/api/participants/${p.id}/notes`, body, { 'idempotency-key': key }),
        );
        const id = checkIdempotentRace('idempotent note', round, res);
        expect.soft((await rowCount('notes')) - before, `round ${round}: notes created`).toBe(1);
        const listed = json(await same[0]!.get(`/api/participants/${p.id}/notes`)).items.filter(
          (n: { body: string }) => n.body === body.body,
        );
        expect.soft(listed.length).toBe(1);
        const retry = await same[0]!.post(`/api/participants/${p.id}/notes`, body, { 'idempotency-key': key });
        expect.soft(retry.statusCode, retry.body).toBe(201);
        expect.soft(retry.headers['idempotent-replayed']).toBe('true');
        if (id) expect.soft(json(retry).id).toBe(id);
      }
    });

    it('a participant registration', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const key = `reg-${round}-${randomBytes(6).toString('hex')}`;
        const body = participantBody();
        const before = await rowCount('participants');
        const res = await race(N, (i) => same[i]!.post('/api/participants', body, { 'idempotency-key': key }));
        const id = checkIdempotentRace('idempotent registration', round, res);
        expect.soft((await rowCount('participants')) - before, `round ${round}: participants created`).toBe(1);
        const retry = await same[0]!.post('/api/participants', body, { 'idempotency-key': key });
        expect.soft(retry.statusCode, retry.body).toBe(201);
        expect.soft(retry.headers['idempotent-replayed']).toBe('true');
        if (id) expect.soft(json(retry).id).toBe(id);
      }
    });
  });
});

// ---------------------------------------------------------------- 5. the last two administrators
describe.each(DIALECTS)('the last two administrators deactivating each other on %s', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await makeEnv(dialect, { SESSION_IDLE_MINUTES: '100000', SESSION_ABSOLUTE_MINUTES: '100000' });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('at least one active administrator remains every round; never both 200, never 500', async () => {
    const activeAdmins = async () =>
      Number(
        (
          await env.booted.services.db.kysely
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('role', '=', 'admin')
            .where('active', '=', 1)
            .executeTakeFirstOrThrow()
        ).n,
      );
    for (let round = 0; round < 10; round++) {
      const a = await seedUser(env, 'admin', ['63']);
      const b = await seedUser(env, 'admin', ['63']);
      const ca = await signIn(env, a, env.app, '10.5.0.1');
      const cb = await signIn(env, b, env.app, '10.5.0.2');
      // Only these two are active: the survivors of earlier rounds are deactivated first.
      const others = json(await ca.get('/api/users?role=admin&active=true')).items.filter(
        (u: { id: string }) => u.id !== a.id && u.id !== b.id,
      );
      for (const o of others) {
        const g = await ca.get(`/api/users/${o.id}`);
        const r = await ca.patch(`/api/users/${o.id}`, { active: false }, { 'if-match': g.headers.etag as string });
        expect(r.statusCode, r.body).toBe(200);
      }
      expect(await activeAdmins()).toBe(2);
      const etagA = (await cb.get(`/api/users/${a.id}`)).headers.etag as string;
      const etagB = (await ca.get(`/api/users/${b.id}`)).headers.etag as string;
      const [ra, rb] = await Promise.all([
        ca.patch(`/api/users/${b.id}`, { active: false }, { 'if-match': etagB }),
        cb.patch(`/api/users/${a.id}`, { active: false }, { 'if-match': etagA }),
      ]);
      const t = tally([ra, rb]);
      const left = await activeAdmins();
      note(dialect, `last two admins round ${round}`, { answers: t, activeAdminsAfter: left });
      expect.soft(left, `round ${round}: active administrators left`).toBeGreaterThanOrEqual(1);
      expect.soft(t['200'] ?? 0, `round ${round}: answers 200`).toBe(1);
      const loser = [ra, rb].find((r) => r.statusCode !== 200);
      if (loser) {
        // 409 last_admin, or 412 if the race shows as a version conflict; 401 when the winner's deactivation had
        // already ended the loser's session before her request was read (serialised requests can do that).
        const key = `${loser.statusCode} ${errorCode(loser)}`;
        expect
          .soft(['409 last_admin', '412 stale_version', '401 unauthenticated'], `round ${round}: ${loser.body}`)
          .toContain(key);
      }
    }
  });
});
