// Work on many sessions at once, on every database: a weekly rule's dry run answers exactly the dates the rule
// then makes (holidays skipped or moved) and writes nothing; several sessions are cancelled or moved with one
// reason in one request, all or none, each checked as a change of one session is (its version, not cancelled,
// of this cohort) and audited on its own. The race of overlapping bulk cancels is in concurrency.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';

interface Session {
  id: string;
  date: string;
  cancelled: boolean;
  movedFrom: string | null;
  version: number;
}

describe.each(DIALECTS)('sessions in bulk on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client, cw: Client, tr: Client;
  let programmeId: string;
  let trainerId: string;
  const db = () => env.booted.services.db.kysely;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    env.clock.set(new Date('2019-02-20T02:00:00Z'));
    const manager = await seedUser(env, 'manager', ['63']);
    const caseworker = await seedUser(env, 'caseworker', ['6372']);
    const trainer = await seedUser(env, 'facilitator', ['6372']);
    trainerId = trainer.id;
    [mgr, cw, tr] = await Promise.all([signIn(env, manager), signIn(env, caseworker), signIn(env, trainer)]);
    const p = await mgr.post('/api/programmes', {
      name: 'Pembinaan 2019',
      year: 2019,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
    });
    expect(p.statusCode, p.body).toBe(201);
    programmeId = json(p).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  async function cohort(startDate: string, name: string): Promise<string> {
    const c = await mgr.post('/api/cohorts', {
      programmeId,
      regionCode: '6372',
      startDate,
      tracks: ['TATA_BOGA'],
      name,
    });
    expect(c.statusCode, c.body).toBe(201);
    return json(c).id;
  }
  const sessionsOf = async (cohortId: string): Promise<Session[]> =>
    json(await mgr.get(`/api/cohorts/${cohortId}/sessions`)).items;
  const auditOf = async (resourceId: string) =>
    (
      await db()
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('resource_id', '=', resourceId)
        .where('action', '=', 'session.write')
        .execute()
    ).map((r) => JSON.parse(String(r.detail)) as Record<string, unknown>);

  describe('the dry run of a weekly rule', () => {
    const rules = [
      // Good Friday (19 April 2019) skipped, then moved to Monday 22 April.
      { start: '2019-04-01', body: { weekdays: [5], holidays: 'skip' } },
      { start: '2019-04-01', body: { weekdays: [5], holidays: 'move' } },
      // Nyepi (Thursday 7 March 2019) on a Monday-and-Thursday rule over part of the month, moved.
      { start: '2019-03-01', body: { weekdays: [4, 1], holidays: 'move', from: '2019-03-04', to: '2019-03-15' } },
    ] as const;

    it.each(rules.map((r, i) => [i, r] as const))('answers the dates the rule then makes (rule %i)', async (i, r) => {
      const cohortId = await cohort(r.start, `Pratinjau ${i}`);
      const body = { type: 'RELIGIOUS_GUIDANCE', startTime: '08:00', endTime: '10:00', ...r.body };
      const dry = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, { ...body, dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      const preview = json(dry);
      expect(preview.dates.length).toBeGreaterThan(0);
      // Nothing was written, and nothing audited as written.
      expect(await sessionsOf(cohortId)).toEqual([]);
      expect(await auditOf(cohortId)).toEqual([]);

      // Generating over the period the preview names makes exactly its dates and skips exactly its holidays.
      const made = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
        ...body,
        from: preview.from,
        to: preview.to,
      });
      expect(made.statusCode, made.body).toBe(201);
      const created = json(made);
      expect(created.items.map((s: Session) => ({ date: s.date, movedFrom: s.movedFrom }))).toEqual(preview.dates);
      expect(created.skipped).toEqual(preview.skipped);
      // The same rule without a period covers the cohort's: the preview says which.
      expect({ from: preview.from, to: preview.to }).toEqual(
        'from' in r.body ? { from: r.body.from, to: r.body.to } : { from: r.start, to: '2019-04-30' },
      );
    });

    it('the holidays show in the preview: Good Friday skipped or moved, Nyepi moved', async () => {
      const cohortId = await cohort('2019-04-01', 'Pratinjau libur');
      const body = { type: 'TRADE_SKILL', weekdays: [5], startTime: '08:00', endTime: '10:00' };
      const skip = json(await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, { ...body, dryRun: true }));
      expect(skip).toEqual({
        from: '2019-04-01',
        to: '2019-04-30',
        dates: ['2019-04-05', '2019-04-12', '2019-04-26'].map((date) => ({ date, movedFrom: null })),
        skipped: [{ date: '2019-04-19', holiday: 'Wafat Isa Almasih' }],
      });
      const move = json(
        await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, { ...body, holidays: 'move', dryRun: true }),
      );
      expect(move.dates).toContainEqual({ date: '2019-04-22', movedFrom: '2019-04-19' });
    });

    it('is checked as the rule itself is: who may, the facilitator, the times', async () => {
      const cohortId = await cohort('2019-05-01', 'Pratinjau aturan');
      const body = { type: 'TRADE_SKILL', weekdays: [5], startTime: '08:00', endTime: '10:00', dryRun: true };
      expect((await cw.post(`/api/cohorts/${cohortId}/sessions/generate`, body)).statusCode).toBe(403);
      expect((await tr.post(`/api/cohorts/${cohortId}/sessions/generate`, body)).statusCode).toBe(404);
      const backwards = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, { ...body, endTime: '07:00' });
      expect(backwards.statusCode).toBe(400);
      expect(json(backwards).error.details[0].field).toBe('body.endTime');
      const notFacilitator = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
        ...body,
        facilitatorId: (await seedUser(env, 'admin', ['63'])).id,
      });
      expect(notFacilitator.statusCode).toBe(400);
      const withTrainer = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
        ...body,
        facilitatorId: trainerId,
      });
      expect(withTrainer.statusCode, withTrainer.body).toBe(200);
      expect(await sessionsOf(cohortId)).toEqual([]);
    });
  });

  describe('cancelling or moving several sessions with one reason', () => {
    let cohortId: string;
    let other: string;
    beforeAll(async () => {
      cohortId = await cohort('2019-06-03', 'Massal');
      other = await cohort('2019-06-03', 'Massal lain');
      for (const id of [cohortId, other]) {
        const g = await mgr.post(`/api/cohorts/${id}/sessions/generate`, {
          type: 'TRADE_SKILL',
          weekdays: [1, 3],
          startTime: '09:00',
          endTime: '12:00',
        });
        expect(g.statusCode, g.body).toBe(201);
      }
    });
    const bulk = (body: unknown, id = cohortId, as = mgr) => as.post(`/api/cohorts/${id}/sessions/bulk`, body);
    const ref = (s: Session) => ({ id: s.id, version: s.version });

    it('cancels them all, each audited on its own with the reason', async () => {
      const before = await sessionsOf(cohortId);
      const chosen = before.slice(0, 3);
      const res = await bulk({ action: 'cancel', sessions: chosen.map(ref), reason: '  Instruktur sakit ' });
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res).items.map((s: Session) => [s.id, s.cancelled, s.version])).toEqual(
        chosen.map((s) => [s.id, true, s.version + 1]),
      );
      const after = await sessionsOf(cohortId);
      expect(after.filter((s) => s.cancelled).map((s) => s.id)).toEqual(chosen.map((s) => s.id));
      for (const s of chosen)
        expect(await auditOf(s.id)).toEqual([{ fields: ['cancelled'], reason: 'Instruktur sakit' }]);
    });

    it('one cancelled session through the single route: not cancelled again nor moved, only restored', async () => {
      const cancelled = (await sessionsOf(cohortId)).find((s) => s.cancelled)!;
      const patch = (body: unknown) =>
        mgr.patch(`/api/sessions/${cancelled.id}`, body, { 'if-match': `"${cancelled.version}"` });
      for (const body of [{ cancelled: true }, { date: '2019-03-29' }]) {
        const res = await patch(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(409);
        expect(json(res).error.code).toBe('session_cancelled');
      }
      expect(await auditOf(cancelled.id)).toHaveLength(1);
      const restored = await patch({ cancelled: false });
      expect(restored.statusCode, restored.body).toBe(200);
      const again = await mgr.patch(
        `/api/sessions/${cancelled.id}`,
        { cancelled: true },
        { 'if-match': `"${json(restored).version}"` },
      );
      expect(again.statusCode, again.body).toBe(200);
    });

    it('moves them by the same number of days; a moved session keeps the date it was first planned on', async () => {
      const open = (await sessionsOf(cohortId)).filter((s) => !s.cancelled);
      const [a, b] = [open[0]!, open[1]!];
      const res = await bulk({ action: 'move', sessions: [ref(a), ref(b)], shiftDays: 1, reason: 'Tempat dipakai' });
      expect(res.statusCode, res.body).toBe(200);
      const moved = json(res).items as Session[];
      expect(moved.map((s) => [s.id, s.movedFrom])).toEqual([
        [a.id, a.date],
        [b.id, b.date],
      ]);
      expect(await auditOf(a.id)).toEqual([
        { fields: ['date'], from: a.date, to: moved[0]!.date, reason: 'Tempat dipakai' },
      ]);
      // Moved back a day later: still "moved from" the first date.
      const again = await bulk({
        action: 'move',
        sessions: [ref(moved[0]!)],
        shiftDays: -2,
        reason: 'Tempat dipakai lagi',
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(json(again).items[0].movedFrom).toBe(a.date);
      expect(json(again).items[0].date < a.date).toBe(true);
    });

    it('changes nothing when one of them is stale (412, naming it), cancelled (409) or not of this cohort (404)', async () => {
      const all = await sessionsOf(cohortId);
      const open = all.filter((s) => !s.cancelled);
      const cancelled = all.find((s) => s.cancelled)!;
      const snapshot = async () => JSON.stringify(await sessionsOf(cohortId));
      const auditRows = async () =>
        Number(
          (
            await db()
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('action', '=', 'session.write')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const was = await snapshot();
      const audited = await auditRows();

      const stale = await bulk({
        action: 'cancel',
        sessions: [ref(open[0]!), { id: open[1]!.id, version: open[1]!.version - 1 || 99 }, ref(open[2]!)],
        reason: 'Libur',
      });
      expect(stale.statusCode).toBe(412);
      expect(json(stale).error).toMatchObject({
        code: 'stale_version',
        details: { sessions: [{ id: open[1]!.id, currentVersion: open[1]!.version }] },
      });

      const again = await bulk({ action: 'cancel', sessions: [ref(open[0]!), ref(cancelled)], reason: 'Libur' });
      expect(again.statusCode).toBe(409);
      expect(json(again).error).toMatchObject({ code: 'session_cancelled', details: { sessionIds: [cancelled.id] } });
      const moveCancelled = await bulk({
        action: 'move',
        sessions: [ref(open[0]!), ref(cancelled)],
        shiftDays: 7,
        reason: 'Libur',
      });
      expect(json(moveCancelled).error.code).toBe('session_cancelled');

      const foreign = (await sessionsOf(other))[0]!;
      const elsewhere = await bulk({ action: 'cancel', sessions: [ref(open[0]!), ref(foreign)], reason: 'Libur' });
      expect(elsewhere.statusCode).toBe(404);

      expect(await snapshot()).toBe(was);
      expect(await auditRows()).toBe(audited);
      expect((await sessionsOf(other)).every((s) => !s.cancelled)).toBe(true);
    });

    it('asks for a reason, a shift for a move, each session once; only the head of section may', async () => {
      const [a, b] = (await sessionsOf(cohortId)).filter((s) => !s.cancelled) as [Session, Session];
      const bad = [
        { action: 'cancel', sessions: [ref(a)] },
        { action: 'cancel', sessions: [ref(a)], reason: '   ' },
        { action: 'cancel', sessions: [], reason: 'Libur' },
        { action: 'cancel', sessions: [ref(a), ref(a)], reason: 'Libur' },
        { action: 'cancel', sessions: [ref(a)], reason: 'Libur', shiftDays: 7 },
        { action: 'move', sessions: [ref(a)], reason: 'Libur' },
        { action: 'move', sessions: [ref(a)], reason: 'Libur', shiftDays: 0 },
        { action: 'move', sessions: [ref(a)], reason: 'Libur', shiftDays: 1.5 },
        { action: 'delete', sessions: [ref(a)], reason: 'Libur' },
      ];
      for (const body of bad) expect((await bulk(body)).statusCode, JSON.stringify(body)).toBe(400);
      const body = { action: 'cancel', sessions: [ref(a), ref(b)], reason: 'Libur' };
      expect((await bulk(body, cohortId, cw)).statusCode).toBe(403);
      expect((await bulk(body, cohortId, tr)).statusCode).toBe(404);
      expect((await sessionsOf(cohortId)).filter((s) => [a.id, b.id].includes(s.id) && s.cancelled)).toEqual([]);
    });
  });
});
