// The participant record on every database: consent first, NIK rules and duplicates, scope, field rules,
// psychological notes, concurrency, idempotency, search, stages, attachments and photo consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { CONSENTS, jpegWithExif, multipart, participantBody, testNik } from './support/participants.ts';
import { NAME_WALK_FROM } from '../src/server/modules/participants/registry-store.ts';

describe.each(DIALECTS)('participants on %s', (dialect) => {
  let env: TestEnv;
  let cwBjb: TestUser, cwBjm: TestUser, manager: TestUser, psych: TestUser, facil: TestUser;
  let bjb: Client, bjm: Client, mgr: Client, psy: Client, fac: Client;
  beforeAll(async () => {
    // Its name walk registers hundreds through one account in one hour (the office's limit is for people).
    env = await makeEnv(dialect, { BERDAYA_NIK_CHECKS_PER_HOUR: '5000' });
    cwBjb = await seedUser(env, 'caseworker', ['6372']);
    cwBjm = await seedUser(env, 'caseworker', ['6371']);
    manager = await seedUser(env, 'manager', ['63']);
    psych = await seedUser(env, 'psychologist', ['63']);
    facil = await seedUser(env, 'facilitator', ['6372']);
    [bjb, bjm, mgr, psy, fac] = await Promise.all([
      signIn(env, cwBjb),
      signIn(env, cwBjm),
      signIn(env, manager),
      signIn(env, psych),
      signIn(env, facil),
    ]);
  });
  afterAll(async () => {
    await env?.close();
  });
  const count = async (table: 'participants' | 'consents') =>
    Number(
      (
        await env.booted.services.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const create = async (c: Client, over: Record<string, unknown> = {}, identity: Record<string, unknown> = {}) => {
    const res = await c.post('/api/participants', participantBody(over, identity));
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return json(res) as { id: string; code: string; version: number; warnings: { code: string }[] };
  };

  it('refuses a create without the participation and data-processing consents, and writes nothing', async () => {
    const before = await count('participants');
    const none = await bjb.post('/api/participants', participantBody({ consents: [CONSENTS[0]] }));
    expect(none.statusCode).toBe(400);
    expect(json(none).error).toMatchObject({ code: 'consent_required', details: { missing: ['DATA_PROCESSING'] } });
    const empty = await bjb.post('/api/participants', participantBody({ consents: [] }));
    expect(empty.statusCode).toBe(400);
    expect(await count('participants')).toBe(before);
  });

  it('creates with a code, the creator assigned, and the consents recorded', async () => {
    const p = await create(bjb);
    expect(p.code).toMatch(/^BRD-6372-26-\d{4}$/);
    const view = json(await bjb.get(`/api/participants/${p.id}`));
    expect(view.stage).toBe('PENERIMAAN');
    expect(view.identity.nikMasked).toMatch(/^6372\*{8}\d{4}$/);
    expect(view.assigned.map((u: { id: string }) => u.id)).toEqual([cwBjb.id]);
    expect(view.consents).toMatchObject({ PARTICIPATION: true, DATA_PROCESSING: true, PHOTO: false });
    const second = await create(bjb);
    expect(Number(second.code.slice(-4))).toBe(Number(p.code.slice(-4)) + 1);
  });

  it('NIK errors name the wrong part; harmless differences only warn', async () => {
    const cases: [string, string][] = [
      ['63720141950001', 'length'],
      ['63720141O5950001', 'digits'],
      ['6372013204950001', 'day'],
      ['6372015213950001', 'month'],
      ['6372017002950001', 'date'],
      ['6372015204950000', 'serial'],
    ];
    for (const [nik, problem] of cases) {
      const res = await bjb.post('/api/participants', participantBody({}, { nik }));
      expect(res.statusCode, nik).toBe(400);
      expect(json(res).error.code).toBe('invalid_nik');
      expect(json(res).error.details[0]).toMatchObject({ field: 'body.identity.nik', code: problem });
    }
    // 29 February exists; full-width digits and separators are normalised.
    const leap = await bjb.post(
      '/api/participants',
      participantBody({}, { nik: '６３７２０１ ６９０２００ ９００１', birthDate: '2000-02-29' }),
    );
    expect(leap.statusCode).toBe(201);
    const warn = await bjb.post(
      '/api/participants',
      participantBody({}, { nik: '9972015204959002', birthDate: '1990-01-01' }),
    );
    expect(warn.statusCode).toBe(201);
    expect(
      json(warn)
        .warnings.map((w: { code: string }) => w.code)
        .sort(),
    ).toEqual(['birth_date_mismatch', 'unknown_province']);
    const noNik = await bjb.post('/api/participants', participantBody({}, { nik: undefined }));
    expect(noNik.statusCode).toBe(400);
    const reason = await bjb.post(
      '/api/participants',
      participantBody({}, { nik: undefined, noNikReason: 'HELD_BY_OTHERS' }),
    );
    expect(reason.statusCode).toBe(201);
    expect(json(await bjb.get(`/api/participants/${json(reason).id}`)).identity).toMatchObject({
      hasNik: false,
      noNikReason: 'HELD_BY_OTHERS',
      nikMasked: null,
    });
  });

  it('blocks a duplicate NIK in scope with a link; elsewhere it is held for review, told nothing', async () => {
    const nik = testNik('1993-07-15');
    const first = await create(bjb, {}, { nik, birthDate: '1993-07-15' });
    const again = await bjb.post(
      '/api/participants',
      participantBody({}, { nik: nik.replace(/(\d{4})/g, '$1 '), birthDate: '1993-07-15' }),
    );
    expect(again.statusCode).toBe(409);
    expect(json(again).error).toMatchObject({
      code: 'duplicate_nik',
      details: { participantId: first.id, code: first.code },
    });
    const elsewhere = await bjm.post(
      '/api/participants',
      participantBody({ regionCode: '6371' }, { nik, birthDate: '1993-07-15' }),
    );
    // Outside her scope the answer is a new registration's (tests/attacks/oracle.test.ts walks the review).
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.body).not.toContain(first.id);
    expect(elsewhere.body).not.toContain(first.code);
  });

  it('warns about a likely duplicate (same name and birth date) before saving', async () => {
    const name = 'Rahmawati Nur Aisyah';
    const first = await create(
      bjb,
      {},
      { fullName: name, birthDate: '1990-05-05', nik: undefined, noNikReason: 'LOST' },
    );
    const dup = await bjb.post(
      '/api/participants',
      participantBody(
        {},
        { fullName: 'rahmawati  nur aisyah', birthDate: '1990-05-05', nik: undefined, noNikReason: 'LOST' },
      ),
    );
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error).toMatchObject({
      code: 'possible_duplicate',
      details: { matches: [{ participantId: first.id }] },
    });
    const ack = await bjb.post(
      '/api/participants',
      participantBody(
        { acknowledgeDuplicates: true },
        { fullName: name, birthDate: '1990-05-05', nik: undefined, noNikReason: 'LOST' },
      ),
    );
    expect(ack.statusCode).toBe(201);
  });

  it('a caseworker of another region gets 404 for the record and everything under it', async () => {
    const p = await create(bjb);
    const note = json(
      await bjb.post(`/api/participants/${p.id}/notes`, { type: 'GENERAL', body: 'Kunjungan pertama' }),
    );
    const att = json(await bjb.request('POST', `/api/participants/${p.id}/attachments`, undefined, {}));
    expect(att.error).toBeDefined(); // (no multipart body: refused)
    for (const url of [
      `/api/participants/${p.id}`,
      `/api/participants/${p.id}/notes`,
      `/api/participants/${p.id}/notes/${note.id}`,
      `/api/participants/${p.id}/attachments`,
      `/api/participants/${p.id}/consents`,
      `/api/participants/${p.id}/timeline`,
    ]) {
      const res = await bjm.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(json(res).error.message).toBe('Not found');
    }
    expect(
      (await bjm.patch(`/api/participants/${p.id}`, { category: 'PENYINTAS_TPPO' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(404);
    expect((await bjm.post(`/api/participants/${p.id}/notes`, { type: 'GENERAL', body: 'x' })).statusCode).toBe(404);
    expect((await bjm.post(`/api/participants/${p.id}/transitions`, { to: 'ASESMEN', reason: 'x' })).statusCode).toBe(
      404,
    );
    // Another region's worker is not assigned across the border: the case is transferred, and once she accepts
    // it the case is visible to her.
    const across = await mgr.post(`/api/participants/${p.id}/assignments`, { userId: cwBjm.id });
    expect(json(across).error.code).toBe('assignee_out_of_region');
    const sent = await mgr.post(`/api/participants/${p.id}/transfers`, {
      toUserId: cwBjm.id,
      reason: 'Pindah domisili',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await bjm.post(`/api/transfers/${json(sent).id}/answer`, { accept: true })).statusCode).toBe(200);
    expect((await bjm.get(`/api/participants/${p.id}`)).statusCode).toBe(200);
  });

  it('a facilitator cannot read or search any participant', async () => {
    const p = await create(bjb);
    expect((await fac.get(`/api/participants/${p.id}`)).statusCode).toBe(404);
    expect((await fac.post('/api/participants/search', {})).statusCode).toBe(403);
    expect((await fac.post('/api/participants', participantBody())).statusCode).toBe(403);
  });

  it('psychological notes are hidden from caseworkers and managers; assigned psychologists and the author see them', async () => {
    const p = await create(bjb);
    expect((await psy.get(`/api/participants/${p.id}`)).statusCode).toBe(404); // not assigned yet
    expect((await mgr.post(`/api/participants/${p.id}/assignments`, { userId: psych.id })).statusCode).toBe(200);
    const view = json(await psy.get(`/api/participants/${p.id}`));
    expect(view.identity).not.toHaveProperty('nikMasked');
    expect(view.identity).not.toHaveProperty('phone');
    expect(view.identity).not.toHaveProperty('address');
    const psyNote = await psy.post(`/api/participants/${p.id}/notes`, {
      type: 'PSYCHOLOGICAL',
      body: 'Sesi konseling: trauma, rencana sesi berikut',
    });
    expect(psyNote.statusCode).toBe(201);
    const noteId = json(psyNote).id;
    expect(
      (await bjb.post(`/api/participants/${p.id}/notes`, { type: 'PSYCHOLOGICAL', body: 'not mine to write' }))
        .statusCode,
    ).toBe(403);
    await bjb.post(`/api/participants/${p.id}/notes`, { type: 'HOME_VISIT', body: 'Kunjungan rumah' });
    const cwList = json(await bjb.get(`/api/participants/${p.id}/notes`)).items;
    expect(cwList.map((n: { type: string }) => n.type)).toEqual(['HOME_VISIT']);
    expect((await bjb.get(`/api/participants/${p.id}/notes/${noteId}`)).statusCode).toBe(404);
    expect((await mgr.get(`/api/participants/${p.id}/notes/${noteId}`)).statusCode).toBe(404);
    const psyList = json(await psy.get(`/api/participants/${p.id}/notes`)).items;
    expect(psyList.map((n: { type: string }) => n.type).sort()).toEqual(['HOME_VISIT', 'PSYCHOLOGICAL']);
  });

  it('updates need If-Match (428), a stale one gets 412 with the current version; region, owner, stage and consent cannot be set', async () => {
    const p = await create(bjb);
    expect((await bjb.patch(`/api/participants/${p.id}`, { category: 'PENYINTAS_TPPO' })).statusCode).toBe(428);
    const ok = await bjb.patch(
      `/api/participants/${p.id}`,
      { category: 'PENYINTAS_TPPO', identity: { phone: '0811 000 111' } },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await bjb.patch(`/api/participants/${p.id}`, { category: 'PEREMPUAN_RENTAN' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).error.details).toEqual({ currentVersion: 2 });
    for (const body of [
      { regionCode: '6371' },
      { stage: 'TERMINASI' },
      { createdBy: cwBjm.id },
      { assigned: [cwBjm.id] },
      { consents: { PHOTO: true } },
      { code: 'BRD-X' },
      { version: 9 },
    ]) {
      const res = await bjb.patch(`/api/participants/${p.id}`, body, { 'if-match': '"2"' });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(json(await bjb.get(`/api/participants/${p.id}`))).toMatchObject({
      regionCode: '6372',
      category: 'PENYINTAS_TPPO',
      version: 2,
    });
  });

  it('a retried create with the same Idempotency-Key returns the first response and creates one record', async () => {
    const body = participantBody();
    const before = await count('participants');
    const a = await bjb.post('/api/participants', body, { 'idempotency-key': 'retry-0001-abcdef' });
    const b = await bjb.post('/api/participants', body, { 'idempotency-key': 'retry-0001-abcdef' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json(b)).toEqual(json(a));
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(await count('participants')).toBe(before + 1);
    const other = await bjb.post('/api/participants', participantBody(), { 'idempotency-key': 'retry-0001-abcdef' });
    expect(other.statusCode).toBe(422);
  });

  it('searches by code, exact NIK and name prefix within scope, case- and accent-insensitively', async () => {
    const nik = testNik('1988-11-30');
    const p = await create(
      bjb,
      {},
      { fullName: 'Nurul Hidayah Ṣalihah', preferredName: 'Ayu', nik, birthDate: '1988-11-30' },
    );
    const byCode = json(await bjb.post('/api/participants/search', { q: p.code.toLowerCase() }));
    expect(byCode.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    expect(byCode.items[0]).toEqual({
      id: p.id,
      code: p.code,
      preferredName: 'Ayu',
      regionCode: '6372',
      stage: 'PENERIMAAN',
      category: 'PEREMPUAN_RENTAN',
      // The day she was registered (the list can be ordered by it); nothing that identifies her.
      registeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(
      json(await bjb.post('/api/participants/search', { q: nik.replace(/(\d{4})/g, '$1-') })).items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([p.id]);
    for (const q of ['nur', 'NURUL hid', 'salih', 'ayu', 'hidayah nurul']) {
      const ids = json(await bjb.post('/api/participants/search', { q })).items.map((i: { id: string }) => i.id);
      expect(ids, q).toContain(p.id);
    }
    expect(
      json(await bjb.post('/api/participants/search', { q: 'nurx' })).items.map((i: { id: string }) => i.id),
    ).not.toContain(p.id);
    // Another region: nothing, by name, code or NIK.
    for (const q of ['nurul', p.code, nik])
      expect(json(await bjm.post('/api/participants/search', { q })).total, q).toBe(0);
    // Filters
    expect(json(await bjb.post('/api/participants/search', { stage: 'TERMINASI' })).total).toBe(0);
    // Terms travel in the body only; a GET with a query string is not a search.
    expect((await bjb.get('/api/participants/search?q=nurul')).statusCode).toBe(400);
  });

  it('a name many share: the total, and each page in code order (SQLite walks the code index for it)', async () => {
    const made: { code: string }[] = [];
    for (let i = 0; i < NAME_WALK_FROM + 5; i++) {
      const birthDate = `${1970 + (i % 25)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      made.push(
        await create(
          bjb,
          {},
          { fullName: `Zulaikha Jalantes ${i}`, preferredName: 'Zul', birthDate, nik: testNik(birthDate) },
        ),
      );
    }
    await create(bjb, {}, { fullName: 'Zulaikha Lain', preferredName: 'Zul' }); // one of the two names only
    const codes = made.map((m) => m.code).sort();
    const page1 = json(await mgr.post('/api/participants/search', { q: 'zulaikha jalantes' }));
    expect(page1.total).toBe(made.length);
    expect(page1.items.map((i: { code: string }) => i.code)).toEqual(codes.slice(0, 20));
    const page3 = json(await mgr.post('/api/participants/search', { q: 'jalan zulai', page: 3, pageSize: 50 }));
    expect(page3.total).toBe(made.length);
    expect(page3.items.map((i: { code: string }) => i.code)).toEqual(codes.slice(100, 150));
    const last = json(await mgr.post('/api/participants/search', { q: 'zulaikha jalantes', page: 3, pageSize: 100 }));
    expect(last.items.map((i: { code: string }) => i.code)).toEqual(codes.slice(200));
    const beyond = json(await mgr.post('/api/participants/search', { q: 'zulaikha jalantes', page: 1000 }));
    expect(beyond).toEqual({ items: [], total: made.length });
  });

  it('search is rate-limited per user', async () => {
    const cw = await seedUser(env, 'caseworker', ['6372']);
    const c = await signIn(env, cw);
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++)
      statuses.push((await c.post('/api/participants/search', { q: `name${i}` })).statusCode);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    env.clock.advance(60_000);
    expect((await c.post('/api/participants/search', { q: 'again' })).statusCode).toBe(200);
  });

  it('stages follow the allowed moves; closing waits for the head of section; the timeline records who, when and why', async () => {
    const p = await create(bjb);
    expect(
      (await bjb.post(`/api/participants/${p.id}/transitions`, { to: 'INTERVENSI', reason: 'skip' })).statusCode,
    ).toBe(409);
    const toAssess = await bjb.post(`/api/participants/${p.id}/transitions`, {
      to: 'ASESMEN',
      reason: 'Siap diasesmen',
    });
    expect(toAssess.statusCode).toBe(200);
    expect(json(toAssess)).toMatchObject({ stage: 'ASESMEN', pendingApproval: false });
    const noReason = await bjb.post(`/api/participants/${p.id}/transitions`, {
      to: 'TERMINASI',
      reason: 'Pindah ke Jawa',
    });
    expect(noReason.statusCode).toBe(400);
    const request = await bjb.post(`/api/participants/${p.id}/transitions`, {
      to: 'TERMINASI',
      reason: 'Pindah ke Jawa',
      closureReason: 'PINDAH',
    });
    expect(request.statusCode).toBe(202);
    expect(json(request)).toMatchObject({ stage: 'ASESMEN', pendingApproval: true });
    expect((await bjb.post(`/api/participants/${p.id}/closure`, { approve: true })).statusCode).toBe(403);
    const approved = await mgr.post(`/api/participants/${p.id}/closure`, { approve: true, reason: 'Disetujui' });
    expect(approved.statusCode).toBe(200);
    expect(json(await bjb.get(`/api/participants/${p.id}`)).stage).toBe('TERMINASI');
    const timeline = json(await bjb.get(`/api/participants/${p.id}/timeline`)).items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'registered',
      'move',
      'closure_requested',
      'closure_approved',
    ]);
    expect(timeline[1]).toMatchObject({
      from: 'PENERIMAAN',
      to: 'ASESMEN',
      reason: 'Siap diasesmen',
      actor: cwBjb.username,
    });
    expect(timeline[3]).toMatchObject({ to: 'TERMINASI', approvedBy: manager.username, closureReason: 'PINDAH' });
  });

  it('note edits keep the earlier text; only the author edits', async () => {
    const p = await create(bjb);
    const n = json(
      await bjb.post(`/api/participants/${p.id}/notes`, { type: 'PHONE', body: 'Telepon: belum bisa hadir' }),
    );
    expect((await bjb.patch(`/api/participants/${p.id}/notes/${n.id}`, { body: 'x' })).statusCode).toBe(428);
    const edited = await bjb.patch(
      `/api/participants/${p.id}/notes/${n.id}`,
      { body: 'Telepon: bisa hadir Jumat' },
      { 'if-match': '"1"' },
    );
    expect(edited.statusCode).toBe(200);
    expect(
      (await mgr.patch(`/api/participants/${p.id}/notes/${n.id}`, { body: 'manager edit' }, { 'if-match': '"2"' }))
        .statusCode,
    ).toBe(403);
    const read = await bjb.get(`/api/participants/${p.id}/notes/${n.id}`);
    const h = json(read);
    expect(h.note.body).toBe('Telepon: bisa hadir Jumat');
    // The version a save is based on, at the top of the answer (the conflict dialog reads it there).
    expect(h.version).toBe(2);
    expect(h.note.version).toBe(2);
    expect(read.headers.etag).toBe('"2"');
    expect(h.revisions).toEqual([
      expect.objectContaining({ version: 1, body: 'Telepon: belum bisa hadir', editedBy: cwBjb.username }),
    ]);
    // Out of scope it is not there, as her list of notes is not; each read names her in the audit, never the text.
    expect((await bjm.get(`/api/participants/${p.id}/notes/${n.id}`)).statusCode).toBe(404);
    const reads = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'note.read')
      .where('resource_id', '=', n.id)
      .execute();
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ resource_type: 'note', actor_id: cwBjb.id });
    expect(JSON.parse(reads[0]!.detail ?? '{}')).toMatchObject({ participantId: p.id });
    expect(reads[0]!.detail).not.toContain('Telepon');
  });

  it('attachments: type from content, metadata stripped, encrypted, downloaded only as attachments; photos follow photo consent', async () => {
    const p = await create(bjb);
    const upload = (kind: string, name: string, data: Buffer) => {
      const m = multipart(kind, name, data);
      return env.app.inject({
        method: 'POST',
        url: `/api/participants/${p.id}/attachments`,
        payload: m.payload,
        headers: {
          host: 'berdaya.test',
          origin: 'http://berdaya.test',
          cookie: bjb.cookie!,
          'content-type': m.contentType,
        },
      });
    };
    const exe = await upload('DOCUMENT', 'scan.pdf', Buffer.from('MZ\x90\x00 this is a windows program'));
    expect(exe.statusCode).toBe(415);
    const html = await upload('DOCUMENT', 'x.jpg', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(415);
    const noConsent = await upload('PHOTO', 'foto.jpg', jpegWithExif());
    expect(noConsent.statusCode).toBe(403);
    expect(json(noConsent).error.code).toBe('consent_required');

    const consentRes = await bjb.post(`/api/participants/${p.id}/consents`, {
      purpose: 'PHOTO',
      method: 'SIGNED_FORM',
      explainedBy: 'Rina',
      language: 'id',
      givenAt: '2026-03-02',
    });
    expect(consentRes.statusCode).toBe(201);
    const photo = await upload('PHOTO', '../../etc/<b>foto</b>.jpeg', jpegWithExif());
    expect(photo.statusCode).toBe(201);
    const att = json(photo);
    expect(att.fileName).toMatch(/^[^/\\<>]+\.jpg$/);
    const view = json(await bjb.get(`/api/participants/${p.id}`));
    expect(view.photoAttachmentId).toBe(att.id);
    const dl = await bjb.get(`/api/participants/${p.id}/attachments/${att.id}/content`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-security-policy']).toContain('sandbox');
    expect(dl.rawPayload.includes(Buffer.from('SHELTER-LOCATION'))).toBe(false);
    expect(dl.rawPayload.includes(Buffer.from('rumah singgah'))).toBe(false);
    expect(dl.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect((await bjm.get(`/api/participants/${p.id}/attachments/${att.id}/content`)).statusCode).toBe(404);

    // Withdrawing photo consent hides the photo at once.
    const consents = json(await bjb.get(`/api/participants/${p.id}/consents`)).items;
    const photoConsent = consents.find((c: { purpose: string }) => c.purpose === 'PHOTO');
    expect((await bjb.post(`/api/participants/${p.id}/consents/${photoConsent.id}/withdraw`, {})).statusCode).toBe(200);
    expect(json(await bjb.get(`/api/participants/${p.id}`)).photoAttachmentId).toBeNull();
    expect(
      json(await bjb.get(`/api/participants/${p.id}/attachments`)).items.map((a: { kind: string }) => a.kind),
    ).not.toContain('PHOTO');
    expect((await bjb.get(`/api/participants/${p.id}/attachments/${att.id}/content`)).statusCode).toBe(403);
  });

  it('audits every read and write of a participant without personal values', async () => {
    const name = 'Maisarah Zulfa Audit';
    const p = await create(bjb, {}, { fullName: name });
    const res = await bjb.get(`/api/participants/${p.id}`);
    await bjb.post(`/api/participants/${p.id}/reveal-nik`);
    const rows = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('resource_id', '=', p.id)
      .execute();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['participant.create', 'participant.read', 'participant.nik_reveal']),
    );
    expect(rows.find((r) => r.action === 'participant.read')!.request_id).toBe(res.headers['x-request-id']);
    const all = JSON.stringify(await env.booted.services.db.kysely.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain('Maisarah');
    expect(all).not.toContain('Ahmad Yani');
  });

  it('reveals the whole NIK only to the manager and the assigned caseworker', async () => {
    const nik = testNik('1999-09-09');
    const p = await create(bjb, {}, { nik, birthDate: '1999-09-09' });
    expect(json(await bjb.post(`/api/participants/${p.id}/reveal-nik`)).nik).toBe(nik);
    expect(json(await mgr.post(`/api/participants/${p.id}/reveal-nik`)).nik).toBe(nik);
    const other = await seedUser(env, 'caseworker', ['6372']);
    const o = await signIn(env, other);
    expect((await o.post(`/api/participants/${p.id}/reveal-nik`)).statusCode).toBe(403);
    expect(JSON.stringify(json(await o.get(`/api/participants/${p.id}`)))).not.toContain(nik);
  });

  it('small things staff rely on: code search without the prefix, clearing a phone, who asked for a closure, the staff directory', async () => {
    const p = await create(bjb);
    const short = p.code.replace('BRD-', '');
    expect(
      json(await bjb.post('/api/participants/search', { q: short })).items.map((i: { id: string }) => i.id),
    ).toEqual([p.id]);
    const cleared = await bjb.patch(`/api/participants/${p.id}`, { identity: { phone: null } }, { 'if-match': '"1"' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(json(cleared).identity.phone).toBeNull();
    expect(json(cleared).can).toEqual(
      expect.arrayContaining(['note.list', 'note.create', 'assessment.create', 'referral.create']),
    );
    await bjb.post(`/api/participants/${p.id}/transitions`, {
      to: 'TERMINASI',
      reason: 'Pindah',
      closureReason: 'PINDAH',
    });
    expect(json(await bjb.get(`/api/participants/${p.id}`)).pendingClosure.requestedBy).toBe(cwBjb.username);
    const staff = json(await bjb.get('/api/staff?role=psychologist')).items;
    expect(staff.map((u: { id: string }) => u.id)).toContain(psych.id);
    expect(Object.keys(staff[0]).sort()).toEqual(['id', 'name', 'regions', 'role', 'username']);
    expect((await fac.get('/api/staff')).statusCode).toBe(403);
  });
});
