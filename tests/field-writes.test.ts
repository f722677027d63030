// Writes a field device sends from its outbox, on every database: a register based on an older version is refused
// (412) and writes nothing; a retry with the same Idempotency-Key (one after the other, or at once) marks once and
// is audited once; a visit based on an older follow-up is refused; the device and the time the work was recorded
// on it reach the audit detail; the rules are the server's, at the server's time, exactly as online.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { graduatedCohort } from './support/cohort.ts';
import { errorCode } from './support/race.ts';

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

describe.each(DIALECTS)('field writes on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, facilitator: TestUser;
  let cw: Client, fac: Client;
  const people: { id: string }[] = [];
  const sessionOn = new Map<string, string>();

  const db = () => env.booted.services.db.kysely;
  const version = async (sessionId: string) =>
    (
      await db()
        .selectFrom('sessions_schedule')
        .select('attendance_version')
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow()
    ).attendance_version;
  const writes = async (sessionId: string) =>
    Number(
      (
        await db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'attendance.write')
          .where('resource_id', '=', sessionId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const marks = async (sessionId: string) =>
    db().selectFrom('attendance').select(['enrollment_id', 'status']).where('session_id', '=', sessionId).execute();

  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    facilitator = await seedUser(env, 'facilitator', ['6372']);
    const mgr = await signIn(env, manager);
    [cw, fac] = [await signIn(env, caseworker), await signIn(env, facilitator)];
    for (let i = 0; i < 3; i++) people.push(json(await cw.post('/api/participants', participantBody())));
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2026',
        year: 2026,
        budgetCeiling: 1_000_000,
        targetParticipants: 5,
      }),
    ).id;
    const cohort = json(
      await mgr.post('/api/cohorts', {
        programmeId: programme,
        regionCode: '6372',
        startDate: '2026-02-16',
        tracks: ['TATA_BOGA'],
        confirmWithoutCalendar: true,
      }),
    ).id;
    const g = await mgr.post(`/api/cohorts/${cohort}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [1, 3, 5],
      startTime: '08:00',
      endTime: '11:00',
      facilitatorId: facilitator.id,
      holidays: 'skip',
    });
    expect(g.statusCode, g.body).toBe(201);
    for (const s of json(g).items as { id: string; date: string }[]) sessionOn.set(s.date, s.id);
    // Enrolment needs an approved plan for each (tested in programmes); here the enrolled rows are the fixture.
    await db()
      .insertInto('enrollments')
      .values(
        people.map((p, i) => ({
          id: crypto.randomUUID(),
          cohort_id: cohort,
          participant_id: p.id,
          track: 'TATA_BOGA',
          status: 'ENROLLED',
          waitlist_seq: null,
          reason_ct: null,
          result: null,
          enrolled_on: '2026-02-13',
          created_by: manager.id,
          created_at: `2026-02-13T01:00:0${i}.000Z`,
          updated_at: '2026-02-13T01:00:00.000Z',
          version: 1,
        })),
      )
      .execute();
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it('refuses a register based on an older version and writes nothing; takes the current one and raises it', async () => {
    const id = sessionOn.get('2026-03-02')!;
    const got = await fac.get(`/api/sessions/${id}/attendance`);
    expect(json(got).version).toBe(0);
    expect(got.headers.etag).toBe('"0"');
    const body = [{ participantId: people[0]!.id, status: 'PRESENT' }];
    const stale = await fac.put(`/api/sessions/${id}/attendance`, body, { 'if-match': '"3"' });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).error).toMatchObject({ code: 'stale_version', details: { currentVersion: 0 } });
    expect(await marks(id)).toEqual([]);
    expect(await version(id)).toBe(0);
    expect(await writes(id)).toBe(0);

    const ok = await fac.put(`/api/sessions/${id}/attendance`, body, { 'if-match': '"0"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).version).toBe(1);
    expect(ok.headers.etag).toBe('"1"');
    // Online, without If-Match, as before: taken, and the version still moves on.
    const online = await fac.put(`/api/sessions/${id}/attendance`, [{ participantId: people[1]!.id, status: 'LATE' }]);
    expect(online.statusCode).toBe(200);
    expect(json(online).version).toBe(2);
    expect(await version(id)).toBe(2);
    // The register the first was based on is now stale.
    expect((await fac.put(`/api/sessions/${id}/attendance`, body, { 'if-match': '"1"' })).statusCode).toBe(412);
  });

  it('marks once for one Idempotency-Key, one after the other and at once', async () => {
    const id = sessionOn.get('2026-02-27')!;
    const body = [{ participantId: people[2]!.id, status: 'ABSENT' }];
    const key = crypto.randomUUID();
    const first = await fac.put(`/api/sessions/${id}/attendance`, body, { 'idempotency-key': key, 'if-match': '"0"' });
    expect(first.statusCode, first.body).toBe(200);
    const again = await fac.put(`/api/sessions/${id}/attendance`, body, { 'idempotency-key': key, 'if-match': '"0"' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again).version).toBe(1);
    expect(await version(id)).toBe(1);
    expect(await writes(id)).toBe(1);

    // At once: eight sends of one outbox item (a reconnect and a focus together, retries).
    const key2 = crypto.randomUUID();
    const body2 = [{ participantId: people[0]!.id, status: 'EXCUSED' }];
    const all = await Promise.all(
      Array.from({ length: 8 }, () =>
        fac.put(`/api/sessions/${id}/attendance`, body2, { 'idempotency-key': key2, 'if-match': '"1"' }),
      ),
    );
    for (const r of all) {
      if (r.statusCode === 200) expect(json(r).version).toBe(2);
      else expect([r.statusCode, errorCode(r)]).toEqual([409, 'idempotency_in_progress']);
    }
    expect(all.some((r) => r.statusCode === 200)).toBe(true);
    expect(await version(id)).toBe(2);
    expect(await writes(id)).toBe(2);
    expect((await marks(id)).length).toBe(2);

    // Two registers based on one version, sent at once from two devices: one is taken, the others are stale.
    const rivals = await Promise.all(
      people.map((p) =>
        fac.put(`/api/sessions/${id}/attendance`, [{ participantId: p.id, status: 'LATE' }], { 'if-match': '"2"' }),
      ),
    );
    expect(rivals.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
    expect(await version(id)).toBe(3);
    expect(await writes(id)).toBe(3);
  });

  it('takes a past session within seven days and refuses one after the lock, as online', async () => {
    const recent = sessionOn.get('2026-02-23')!; // seven days ago
    const r = await fac.put(
      `/api/sessions/${recent}/attendance`,
      [{ participantId: people[0]!.id, status: 'PRESENT' }],
      {
        'if-match': '"0"',
        'x-device-time': '2026-02-23T02:10:00.000Z',
      },
    );
    expect(r.statusCode, r.body).toBe(200);
    const old = sessionOn.get('2026-02-20')!; // ten days ago
    const locked = await fac.put(
      `/api/sessions/${old}/attendance`,
      [{ participantId: people[0]!.id, status: 'PRESENT' }],
      {
        'if-match': '"0"',
        'x-device-time': '2026-02-20T02:10:00.000Z',
      },
    );
    expect(locked.statusCode).toBe(409);
    expect(errorCode(locked)).toBe('attendance_locked');
    expect(await version(old)).toBe(0);
  });

  it("records the device and the device's time in the audit detail; refuses a device time that is no time", async () => {
    // Recorded as the device says (which device it is, is checked where it matters: the snapshot and its key).
    const device = crypto.randomUUID();
    const headers = {
      'x-field-device': device,
      'x-device-time': '2026-03-01T23:15:00.000Z',
      'idempotency-key': crypto.randomUUID(),
    };
    const note = await cw.post(
      `/api/participants/${people[0]!.id}/notes`,
      { type: 'GENERAL', body: 'Kunjungan' },
      headers,
    );
    expect(note.statusCode, note.body).toBe(201);
    const row = await db()
      .selectFrom('audit_log')
      .select(['detail', 'at'])
      .where('action', '=', 'note.create')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(row.detail))).toMatchObject({ deviceId: device, deviceTime: '2026-03-01T23:15:00.000Z' });
    expect(row.at).toBe(env.clock.now().toISOString()); // the server's own time

    const notesBefore = await db().selectFrom('notes').select('id').execute();
    const bad = await cw.post(
      `/api/participants/${people[0]!.id}/notes`,
      { type: 'GENERAL', body: 'Kunjungan' },
      { 'x-device-time': 'kemarin sore', 'idempotency-key': crypto.randomUUID() },
    );
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'headers.x-device-time', code: 'invalid' }],
    });
    expect(await db().selectFrom('notes').select('id').execute()).toHaveLength(notesBefore.length);
    // Without the headers nothing is added to the detail.
    await cw.post(`/api/participants/${people[1]!.id}/notes`, { type: 'GENERAL', body: 'Kunjungan' });
    const plain = await db()
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'note.create')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(String(plain.detail ?? '')).not.toContain('deviceTime');
  });

  it('refuses a visit based on an older follow-up, and records one based on the current one once', async () => {
    // Fresh accounts: the clock goes back to 2019 here, before the codes the others last used.
    const [m2, cw2] = [await seedUser(env, 'manager', ['63']), await seedUser(env, 'caseworker', ['6372'])];
    const g = await graduatedCohort(env, { manager: m2, caseworker: cw2 }, [5], { followUpConsent: [true] });
    env.clock.set(new Date('2019-05-02T01:00:00Z'));
    const c = await signIn(env, cw2);
    const fu = json(await c.get(`/api/participants/${g.people[0]!.id}/follow-ups`)).items[0];
    const stale = await c.post(`/api/follow-ups/${fu.id}/visits`, visit(), { 'if-match': `"${fu.version + 1}"` });
    expect(stale.statusCode).toBe(412);
    expect(errorCode(stale)).toBe('stale_version');
    const key = crypto.randomUUID();
    const h = { 'if-match': `"${fu.version}"`, 'idempotency-key': key };
    const ok = await c.post(`/api/follow-ups/${fu.id}/visits`, visit(), h);
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await c.post(`/api/follow-ups/${fu.id}/visits`, visit(), h);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(
      await db().selectFrom('follow_up_visits').select('id').where('follow_up_id', '=', fu.id).execute(),
    ).toHaveLength(1);
  });
});
