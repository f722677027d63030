// The field snapshot on every database: what a caseworker's and a facilitator's device holds (codes and the names
// they go by, never a NIK, an address or a note), ETag and 304, whose device may ask, the audit of a fill, and the
// size of a first sync on the wire.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';

const SNAPSHOT = '/api/field/snapshot';
const NOTE_TEXT = 'Catatan rahasia tentang kunjungan rumah di Guntung Manggis';
const ADDRESS = 'Jl. Kenanga Rahasia No. 77';

describe.each(DIALECTS)('field snapshot on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, facilitator: TestUser, colleague: TestUser;
  let mgr: Client, cw: Client, fac: Client, other: Client;
  let cwDevice: string, facDevice: string;
  const people: { id: string; code: string; nik: string }[] = [];
  const cohorts: string[] = [];

  const snap = (c: Client, device: string | undefined, headers: Record<string, string> = {}) =>
    c.get(SNAPSHOT, { ...(device ? { 'x-field-device': device } : {}), ...headers });
  const fills = async () =>
    Number(
      (
        await env.booted.services.db.kysely
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'device.cache_filled')
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    facilitator = await seedUser(env, 'facilitator', ['6372']);
    colleague = await seedUser(env, 'caseworker', ['6372']);
    mgr = await signIn(env, manager);
    cw = await signIn(env, caseworker);
    fac = await signIn(env, facilitator);
    other = await signIn(env, colleague);
    // Fifty women she registered (and so works with), with names, addresses and NIKs of realistic length.
    for (let i = 0; i < 50; i++) {
      const body = participantBody(
        {},
        { preferredName: `Siti Rahmawati ${i}`, address: `${ADDRESS} RT ${i} Kelurahan Guntung Manggis` },
      );
      const res = await cw.post('/api/participants', body);
      expect(res.statusCode, res.body).toBe(201);
      people.push({ id: json(res).id, code: json(res).code, nik: body.identity.nik });
    }
    expect(
      (await cw.post(`/api/participants/${people[0]!.id}/notes`, { type: 'GENERAL', body: NOTE_TEXT })).statusCode,
    ).toBe(201);
    // Four cohorts of twelve, three sessions a week, facilitated by the facilitator.
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2026',
        year: 2026,
        budgetCeiling: 100_000_000,
        targetParticipants: 60,
      }),
    ).id;
    const db = env.booted.services.db.kysely;
    for (let k = 0; k < 4; k++) {
      const c = await mgr.post('/api/cohorts', {
        programmeId: programme,
        regionCode: '6372',
        startDate: '2026-02-23',
        capacity: 20,
        tracks: ['TATA_BOGA'],
        confirmWithoutCalendar: true,
      });
      expect(c.statusCode, c.body).toBe(201);
      const cohortId = json(c).id as string;
      cohorts.push(cohortId);
      const g = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
        type: 'TRADE_SKILL',
        weekdays: [1, 3, 5],
        startTime: '08:00',
        endTime: '11:00',
        facilitatorId: facilitator.id,
        place: 'Balai Desa Guntung Manggis',
        holidays: 'skip',
      });
      expect(g.statusCode, g.body).toBe(201);
      // Enrolment needs an approved plan for each (tested in programmes); here the enrolled rows are the fixture.
      await db
        .insertInto('enrollments')
        .values(
          people.slice(k * 12, k * 12 + 12).map((p, i) => ({
            id: crypto.randomUUID(),
            cohort_id: cohortId,
            participant_id: p.id,
            track: 'TATA_BOGA',
            status: 'ENROLLED',
            waitlist_seq: null,
            reason_ct: null,
            result: null,
            enrolled_on: '2026-02-20',
            created_by: manager.id,
            created_at: `2026-02-20T01:00:${String(i).padStart(2, '0')}.000Z`,
            updated_at: '2026-02-20T01:00:00.000Z',
            version: 1,
          })),
        )
        .execute();
    }
    cwDevice = json(await cw.post('/api/field/devices', { label: 'HP kerja' })).device.id;
    facDevice = json(await fac.post('/api/field/devices', { label: 'HP fasilitator' })).device.id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
  });

  it("holds a caseworker's cases and a facilitator's sessions, by code and preferred name only", async () => {
    const res = await snap(cw, cwDevice);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const s = json(res);
    expect(s.offlineDays).toBe(7);
    expect(s.outreachRegions).toEqual(['6372']);
    expect(s.sessions).toEqual([]);
    expect(s.participants).toHaveLength(50);
    const first = s.participants.find((p: { id: string }) => p.id === people[0]!.id);
    expect(first).toEqual({
      id: people[0]!.id,
      code: people[0]!.code,
      preferredName: 'Siti Rahmawati 0',
      stage: 'PENERIMAAN',
      tasks: [{ kind: 'assessment', due: null }],
    });
    for (const body of [res.body, (await snap(fac, facDevice)).body]) {
      expect(body).not.toContain(NOTE_TEXT);
      expect(body).not.toContain('Kenanga');
      expect(body).not.toContain('Siti Test'); // the full names
      for (const p of people) expect(body).not.toContain(p.nik);
    }

    const f = json(await snap(fac, facDevice));
    expect(f.participants).toEqual([]);
    expect(f.followUps).toEqual([]);
    expect(f.outreachRegions).toEqual([]);
    // 2026-03-02 (Monday): from 23 February (seven days back) to 9 March, Monday, Wednesday and Friday.
    expect(new Set(f.sessions.map((x: { date: string }) => x.date))).toEqual(
      new Set(['2026-02-23', '2026-02-25', '2026-02-27', '2026-03-02', '2026-03-04', '2026-03-06', '2026-03-09']),
    );
    expect(f.sessions).toHaveLength(28);
    const today = f.sessions.find((x: { date: string; cohortId: string }) => x.date === '2026-03-02');
    expect(today).toMatchObject({ attendanceVersion: 0, locked: false, place: 'Balai Desa Guntung Manggis' });
    expect(today.people).toHaveLength(12);
    expect(today.people[0]).toEqual({
      participantId: expect.any(String),
      code: expect.any(String),
      preferredName: expect.stringMatching(/^Siti Rahmawati \d+$/),
      status: null,
    });
  });

  it('answers 304 to an unchanged snapshot without an audit row, and a new mark changes its ETag', async () => {
    const a = await snap(fac, facDevice);
    expect(a.statusCode).toBe(200);
    const etag = a.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const before = await fills();
    const same = await snap(fac, facDevice, { 'if-none-match': etag });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    expect((await snap(fac, facDevice, { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect(await fills()).toBe(before);

    const session = json(a).sessions.find((x: { date: string }) => x.date === '2026-03-02');
    const mark = await fac.put(
      `/api/sessions/${session.id}/attendance`,
      [{ participantId: session.people[0].participantId, status: 'PRESENT' }],
      { 'if-match': `"${session.attendanceVersion}"` },
    );
    expect(mark.statusCode, mark.body).toBe(200);
    const changed = await snap(fac, facDevice, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const after = json(changed).sessions.find((x: { id: string }) => x.id === session.id);
    expect(after.attendanceVersion).toBe(session.attendanceVersion + 1);
    expect(after.people[0].status).toBe('PRESENT');
    expect(await fills()).toBe(before + 1);
  });

  it('audits a fill with whom it holds, and stores the counts on the device; only her own active device asks', async () => {
    const res = await snap(cw, cwDevice);
    expect(res.statusCode).toBe(200);
    const db = env.booted.services.db.kysely;
    const row = await db
      .selectFrom('audit_log')
      .select(['seq', 'detail', 'actor_id'])
      .where('action', '=', 'device.cache_filled')
      .where('resource_id', '=', cwDevice)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const detail = JSON.parse(String(row.detail));
    expect(row.actor_id).toBe(caseworker.id);
    expect(detail).toMatchObject({ deviceId: cwDevice, participants: 50, sessions: 0, followUps: 0 });
    expect(detail.participantIds).toHaveLength(50);
    // Her access report finds the fill (audit_subjects, filled from participantIds).
    const subject = await db
      .selectFrom('audit_subjects')
      .select('seq')
      .where('participant_id', '=', people[7]!.id)
      .where('seq', '=', row.seq)
      .executeTakeFirst();
    expect(subject).toBeDefined();
    const device = await db
      .selectFrom('field_devices')
      .select(['filled_at', 'held', 'version'])
      .where('id', '=', cwDevice)
      .executeTakeFirstOrThrow();
    expect(device.filled_at).toBe(env.clock.now().toISOString());
    expect(JSON.parse(device.held!)).toEqual({ participants: 50, sessions: 0, followUps: 0 });
    expect(device.version).toBe(1);

    // Another's device, no device, an unknown one: as absent. Roles without field mode: refused.
    expect((await snap(other, cwDevice)).statusCode).toBe(404);
    expect((await snap(cw, undefined)).statusCode).toBe(404);
    expect((await snap(cw, crypto.randomUUID())).statusCode).toBe(404);
    expect((await snap(mgr, cwDevice)).statusCode).toBe(403);
    // Revoked: 410, and nothing more is filled.
    const spare = json(await cw.post('/api/field/devices', { label: 'HP cadangan' })).device;
    const revoked = await cw.post(`/api/field/devices/${spare.id}/revoke`, {}, { 'if-match': `"${spare.version}"` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const gone = await snap(cw, spare.id);
    expect(gone.statusCode).toBe(410);
    expect(json(gone).error.code).toBe('field_device_revoked');
  });

  it('keeps the first sync of fifty cases and four cohorts within 200 KB gzip', async () => {
    // She facilitates the four cohorts as well: her device holds both halves at once.
    await env.booted.services.db.kysely
      .updateTable('sessions_schedule')
      .set({ facilitator_id: caseworker.id })
      .where('cohort_id', 'in', cohorts)
      .execute();
    const res = await snap(cw, cwDevice, { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const wire = res.rawPayload.length;
    const s = JSON.parse(gunzipSync(res.rawPayload).toString('utf8'));
    expect(s.participants).toHaveLength(50);
    expect(s.sessions).toHaveLength(28);
    console.log(
      `[${dialect}] field snapshot, first sync (50 cases, 4 cohorts, 28 sessions): ${wire} bytes gzip, ${gunzipSync(res.rawPayload).length} bytes JSON`,
    );
    expect(wire).toBeLessThanOrEqual(200 * 1024);
    // Without Accept-Encoding: plain JSON; other routes are never compressed.
    expect((await snap(cw, cwDevice)).headers['content-encoding']).toBeUndefined();
    expect(
      (await cw.get('/api/follow-ups', { 'accept-encoding': 'gzip' })).headers['content-encoding'],
    ).toBeUndefined();
  });
});
