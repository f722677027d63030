// The import commit registers all rows with a few multi-row statements: what one-by-one
// registration guaranteed must still hold — consecutive codes, her creation audited for each participant in
// an intact chain, her caseworker assigned, consents given, and nobody registered twice (same NIK registered
// between dry run and commit; same name and birth date without NIK, within the file or already registered).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';

function multipartFile(file: Buffer, name: string) {
  const boundary = '----berdayabatch';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('import commit in one batch on %s', (dialect) => {
  let env: TestEnv;
  let cw: Client;
  let cwId: string;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    const user = await seedUser(env, 'caseworker', ['6372']);
    cwId = user.id;
    cw = await signIn(env, user);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('registers each row as one-by-one registration did, and skips whoever is already registered', async () => {
    const db = env.booted.services.db.kysely;
    const header =
      'regionCode,category,fullName,nik,noNikReason,birthDate,sex,consentParticipation,consentDataProcessing,consentExplainedBy';
    const row = (name: string, birth: string, nik: string) =>
      `6372,PEREMPUAN_RENTAN,${name},${nik},${nik ? '' : 'LOST'},${birth},F,2026-02-01,2026-02-01,Rina`;
    const takenMeanwhile = testNik('1990-05-06');
    const csv = [
      header,
      row('Ayu Batch', '1990-01-02', testNik('1990-01-02')),
      row('Bunga Batch', '1991-02-03', ''),
      row('Bunga Batch', '1991-02-03', ''), // the same woman twice in the file, without NIK
      row('Citra Batch', '1990-05-06', takenMeanwhile),
      row('Dina Batch', '1992-03-04', testNik('1992-03-04')),
    ].join('\n');
    const m = multipartFile(Buffer.from(csv), 'batch.csv');
    const up = await env.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: m.payload,
      headers: {
        host: 'berdaya.test',
        origin: 'http://berdaya.test',
        cookie: cw.cookie!,
        'content-type': m.contentType,
      },
    });
    expect(up.statusCode, up.body).toBe(201);
    const imp = json(up);
    expect(imp).toMatchObject({ status: 'VALIDATED', errors: [], skipped: [] });

    // Registered through the form between the dry run and the commit.
    const direct = await cw.post(
      '/api/participants',
      participantBody({}, { fullName: 'Citra Langsung', nik: takenMeanwhile, birthDate: '1990-05-06' }),
    );
    expect(direct.statusCode, direct.body).toBe(201);
    const headBefore = Number((await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);

    const committed = json(await cw.post(`/api/imports/${imp.id}/commit`));
    expect(committed).toMatchObject({ status: 'COMMITTED', result: { created: 3, skipped: 2 } });

    const made = await db
      .selectFrom('participants')
      .select(['id', 'code', 'created_by'])
      .where('code', '>', json(direct).code)
      .orderBy('code')
      .execute();
    expect(made).toHaveLength(3);
    const serials = [json(direct).code, ...made.map((p) => p.code)].map((c: string) => Number(c.split('-').pop()));
    const first = serials[0]!;
    expect(serials).toEqual([first, first + 1, first + 2, first + 3]);

    const ids = made.map((p) => p.id);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'resource_id', 'actor_id', 'detail'])
      .where('seq', '>', headBefore)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'participant.create',
      'participant.create',
      'participant.create',
      'import.commit',
    ]);
    expect(audit.slice(0, 3).map((a) => a.resource_id)).toEqual(ids);
    expect(audit.every((a) => a.actor_id === cwId)).toBe(true);
    expect(JSON.parse(audit[1]!.detail!)).toEqual({
      region: '6372',
      consents: ['PARTICIPATION', 'DATA_PROCESSING'],
      hasNik: false,
    });
    expect(JSON.parse(audit[3]!.detail!)).toEqual({ created: 3, skipped: 2 });
    expect((await verifyAuditChain(db, env.booted.services.keys.subkey('audit-chain'))).ok).toBe(true);

    const assigned = await db
      .selectFrom('participant_assignments')
      .select('participant_id')
      .where('participant_id', 'in', ids)
      .where('user_id', '=', cwId)
      .execute();
    expect(assigned).toHaveLength(3);
    const events = await db
      .selectFrom('stage_events')
      .select(['participant_id', 'kind', 'ordinal'])
      .where('participant_id', 'in', ids)
      .execute();
    expect(events.map((e) => [e.kind, e.ordinal])).toEqual([
      ['registered', 1],
      ['registered', 1],
      ['registered', 1],
    ]);
    for (const id of ids) {
      const view = json(await cw.get(`/api/participants/${id}`));
      expect(view.consents).toMatchObject({ PARTICIPATION: true, DATA_PROCESSING: true });
      expect(view.stage).toBe('PENERIMAAN');
    }
    const found = json(await cw.post('/api/participants/search', { q: 'bunga' }));
    expect(found.total).toBe(1);

    // Province-wide, a name search is counted in the token index alone: the same totals as row by row.
    const head = await signIn(env, await seedUser(env, 'manager', ['63']));
    for (const [q, total] of [
      ['batch', 3],
      ['bunga batch', 1],
      ['batch citra', 0],
      ['langsung', 1],
    ] as const) {
      const all = json(await head.post('/api/participants/search', { q }));
      expect([q, all.total, all.items.length]).toEqual([q, total, total]);
      const narrowed = json(await head.post('/api/participants/search', { q, region: '6372' }));
      expect([q, narrowed.total]).toEqual([q, total]);
    }
  });
});
