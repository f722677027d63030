// No existence oracle: a caseworker who holds a woman's KTP cannot learn whether she is in the programme in
// another region. A registration or an import row with a NIK of someone outside her scope is answered exactly as a
// new one, held for review, and put before the head of section of the other record's region, who decides once;
// the match is written in the other woman's history. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from '../support/env.ts';
import { participantBody, testNik } from '../support/participants.ts';
import { race, tally } from '../support/race.ts';

function csvUpload(csv: string) {
  const boundary = '----berdayaoracle';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="daftar.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(DIALECTS)('no existence oracle on %s', (dialect) => {
  let env: TestEnv;
  let banjarmasin: Client; // caseworker of 6371, where she is registered
  let banjarbaru: Client; // caseworker of 6372, holding her KTP
  let headBjm: Client; // head of section of 6371
  let headBjb: Client; // head of section of 6372
  let theirs: { id: string; nik: string };

  beforeAll(async () => {
    env = await makeEnv(dialect);
    banjarmasin = await signIn(env, await seedUser(env, 'caseworker', ['6371']));
    banjarbaru = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    headBjm = await signIn(env, await seedUser(env, 'manager', ['6371']));
    headBjb = await signIn(env, await seedUser(env, 'manager', ['6372']));
    const nik = testNik('1994-02-03', '637101');
    const created = await banjarmasin.post(
      '/api/participants',
      participantBody({ regionCode: '6371' }, { nik, birthDate: '1994-02-03' }),
    );
    expect(created.statusCode, created.body).toBe(201);
    theirs = { id: json(created).id, nik };
  });
  afterAll(async () => {
    await env?.close();
  });

  const shape = (body: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? 'array' : typeof v]));

  it('a registration with her NIK in another region is answered as a new one and held for her head of section', async () => {
    const fresh = await banjarbaru.post('/api/participants', participantBody({}, { birthDate: '1994-02-03' }));
    const probe = await banjarbaru.post(
      '/api/participants',
      participantBody({}, { nik: theirs.nik, birthDate: '1994-02-03' }),
    );
    // Same status, same body shape, same headers that matter: nothing tells the two apart.
    expect(probe.statusCode, probe.body).toBe(fresh.statusCode);
    expect(shape(json(probe))).toEqual(shape(json(fresh)));
    expect(json(probe).warnings).toEqual(json(fresh).warnings);
    expect(Object.keys(probe.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    const held = json(probe);
    // Her colleague works with the record she made as with any other.
    expect((await banjarbaru.get(`/api/participants/${held.id}`)).statusCode).toBe(200);

    // The head of section of the other record's region sees the pair in her queue; Banjarbaru's does not.
    const queue = json(await headBjm.get('/api/work-queue'));
    const section = queue.sections.find((s: { kind: string }) => s.kind === 'duplicate_reviews');
    expect(section?.items).toMatchObject([{ participantId: theirs.id, detail: held.code }]);
    const other = json(await headBjb.get('/api/work-queue'));
    expect(other.sections.find((s: { kind: string }) => s.kind === 'duplicate_reviews')?.items ?? []).toEqual([]);

    // The match is in her history, naming who registered the other record.
    const matched = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'resource_id'])
      .where('action', '=', 'participant.duplicate_matched')
      .where('resource_id', '=', theirs.id)
      .execute();
    expect(matched).toHaveLength(1);

    // Decided once, by her region's head of section: not by the other region's, and a second decision is told.
    const url = `/api/duplicate-reviews/${section.items[0].id}/decision`;
    const decision = {
      decision: 'SAME_PERSON',
      reason: 'NIK dan tanggal lahir sama; sudah dikonfirmasi lewat telepon.',
    };
    expect([403, 404]).toContain((await headBjb.post(url, decision)).statusCode);
    expect([403, 404]).toContain((await banjarmasin.post(url, decision)).statusCode);
    const outcome = tally(await race(2, () => headBjm.post(url, decision)));
    expect(outcome).toEqual({ '200': 1, '409 duplicate_review_decided': 1 });
    expect(json(await banjarbaru.get(`/api/participants/${held.id}`)).stage).toBe('TERMINASI');
  });

  it('changing a NIK to hers is saved as any change is, and held for her head of section', async () => {
    const mine = json(await banjarbaru.post('/api/participants', participantBody({}, { birthDate: '1994-02-03' })));
    const etag = `"${mine.version}"`;
    const changed = await banjarbaru.patch(
      `/api/participants/${mine.id}`,
      { identity: { nik: theirs.nik } },
      { 'if-match': etag },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const pending = await env.booted.services.db.kysely
      .selectFrom('duplicate_reviews')
      .select(['existing_participant_id', 'status'])
      .where('held_participant_id', '=', mine.id)
      .execute();
    expect(pending).toEqual([{ existing_participant_id: theirs.id, status: 'PENDING' }]);
    // Changing it to a NIK she may see is refused with a link, as before.
    const knownNik = testNik('1994-02-03');
    const known = json(
      await banjarbaru.post('/api/participants', participantBody({}, { nik: knownNik, birthDate: '1994-02-03' })),
    );
    const inScope = await banjarbaru.patch(
      `/api/participants/${mine.id}`,
      { identity: { nik: knownNik } },
      { 'if-match': `"${json(changed).version}"` },
    );
    expect(inScope.statusCode, inScope.body).toBe(409);
    expect(json(inScope).error).toMatchObject({ code: 'duplicate_nik', details: { participantId: known.id } });
  });

  it('an import dry run reports only matches in scope; the out-of-scope row is registered and held', async () => {
    const mine = testNik('1996-05-06');
    expect(
      (await banjarbaru.post('/api/participants', participantBody({}, { nik: mine, birthDate: '1996-05-06' })))
        .statusCode,
    ).toBe(201);
    const header =
      'regionCode,category,fullName,nik,birthDate,sex,consentParticipation,consentDataProcessing,consentExplainedBy';
    const row = (nik: string, birth: string, name: string) =>
      `6372,PEREMPUAN_RENTAN,${name},${nik},${birth},F,2026-03-01,2026-03-01,Pendamping Rina`;
    const csv = [
      header,
      row(mine, '1996-05-06', 'Ani Sudah Ada'),
      row(theirs.nik, '1994-02-03', 'Orang Lain'),
      row(testNik('1990-07-08'), '1990-07-08', 'Baru Sekali'),
    ].join('\n');
    const m = csvUpload(csv);
    const dry = await env.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: m.payload,
      headers: {
        host: 'berdaya.test',
        origin: 'http://berdaya.test',
        cookie: banjarbaru.cookie!,
        'content-type': m.contentType,
      },
    });
    expect(dry.statusCode, dry.body).toBe(201);
    // Row 2 (hers, in scope) is known; row 3 (another region's) is not told apart from row 4 (new).
    expect(json(dry).skipped).toEqual([
      { row: 2, code: 'already_registered_nik', reason: 'already registered (same NIK)' },
    ]);
    expect(json(dry).errors).toEqual([]);
    const pending = () =>
      env.booted.services.db.kysely
        .selectFrom('duplicate_reviews')
        .select(['id', 'existing_participant_id'])
        .where('status', '=', 'PENDING')
        .execute();
    const before = (await pending()).map((r) => r.id);
    const committed = json(await banjarbaru.post(`/api/imports/${json(dry).id}/commit`));
    expect(committed.result).toEqual({ created: 2, skipped: 1 });
    const added = (await pending()).filter((r) => !before.includes(r.id));
    expect(added.map((r) => r.existing_participant_id)).toEqual([theirs.id]);
  });
});
