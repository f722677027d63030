// Partners in the programme on every database: a session and a weekly rule name a partner organisation and its
// person, the partner's attendance and the session's short report are recorded by whoever marks attendance, the
// annual report counts each partner's held sessions and hours, and a venue holds its rent contract.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { sessionMinutes } from '../src/server/modules/reports/store.ts';

/** A multipart body with one file field. */
function fileBody(data: Buffer, name = 'kontrak.pdf') {
  const boundary = '----contract';
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('session minutes', () => {
  it('counts the minutes between two office times', () => {
    expect(sessionMinutes('09:00', '10:30')).toBe(90);
    expect(sessionMinutes('13:00', '15:00')).toBe(120);
    expect(sessionMinutes('10:00', '09:00')).toBe(0);
  });
});

describe.each(DIALECTS)('partners in the programme on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, trainer: TestUser, otherTrainer: TestUser;
  let mgr: Client, cw: Client, tr: Client, tr2: Client;
  let cohortId: string;
  let kemenag: string, psikolog: string, closed: string;
  let friday: { id: string; version: number };

  async function travel(to: string) {
    env.clock.set(new Date(to));
    [mgr, cw, tr, tr2] = await Promise.all([
      signIn(env, manager),
      signIn(env, caseworker),
      signIn(env, trainer),
      signIn(env, otherTrainer),
    ]);
  }
  const auditOf = (action: string, resourceId: string) =>
    env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', action)
      .where('resource_id', '=', resourceId)
      .execute();

  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    trainer = await seedUser(env, 'facilitator', ['6372']);
    otherTrainer = await seedUser(env, 'facilitator', ['6372']);
    await travel('2019-02-20T02:00:00Z');
    const partner = async (body: Record<string, unknown>) => {
      const res = await mgr.post('/api/partners', { regionCode: '6372', ...body });
      expect(res.statusCode, res.body).toBe(201);
      return json(res).id as string;
    };
    kemenag = await partner({
      name: 'Kemenag Kota Banjarbaru',
      kind: 'KEMENAG',
      contacts: [{ name: 'Ustadzah Rahmah', role: 'Penyuluh agama Islam' }],
    });
    psikolog = await partner({ name: 'Biro Psikologi Harapan', kind: 'PSIKOLOG' });
    closed = await partner({ name: 'LSM Lama', kind: 'LSM', active: false });
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2019',
        year: 2019,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
      }),
    );
    const cohort = await mgr.post('/api/cohorts', {
      programmeId: programme.id,
      regionCode: '6372',
      startDate: '2019-03-01',
      tracks: ['TATA_BOGA'],
    });
    expect(cohort.statusCode, cohort.body).toBe(201);
    cohortId = json(cohort).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a Friday session names its partner and the partner’s person', async () => {
    const res = await mgr.post(`/api/cohorts/${cohortId}/sessions`, {
      type: 'RELIGIOUS_GUIDANCE',
      title: 'Bimbingan rohani',
      facilitatorId: trainer.id,
      partnerId: kemenag,
      partnerPerson: 'Ustadzah Rahmah',
      date: '2019-03-01',
      startTime: '09:00',
      endTime: '10:30',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({
      partnerId: kemenag,
      partner: 'Kemenag Kota Banjarbaru',
      partnerPerson: 'Ustadzah Rahmah',
      partnerAttended: null,
      report: null,
    });
    friday = { id: json(res).id, version: json(res).version };
    // Its facilitator sees the partner on the session's own screen.
    const one = json(await tr.get(`/api/sessions/${friday.id}`));
    expect(one.session).toMatchObject({ partner: 'Kemenag Kota Banjarbaru', partnerPerson: 'Ustadzah Rahmah' });
    // The session's own version at the top of the answer (what a save of it is based on).
    expect(one.version).toBe(friday.version);
    expect(one.session.version).toBe(friday.version);
    // Staff of the region read it as the schedule shows it; another facilitator does not see it at all.
    expect(json(await cw.get(`/api/sessions/${friday.id}`)).version).toBe(friday.version);
    expect((await tr2.get(`/api/sessions/${friday.id}`)).statusCode).toBe(404);
    // The printed attendance sheet names the partner and its person.
    const sheet = await mgr.get(`/api/sessions/${friday.id}/attendance-sheet.pdf`);
    expect(sheet.statusCode).toBe(200);
    const { text } = await extractText(new Uint8Array(sheet.rawPayload), { mergePages: true });
    expect(text).toContain('Kemenag Kota Banjarbaru (Ustadzah Rahmah)');
    const written = await auditOf('session.write', friday.id);
    expect(written.map((a) => JSON.parse(a.detail ?? '{}').partnerId)).toEqual([kemenag]);
  });

  it('an unknown or inactive partner is refused with its own code, and a person needs a partner', async () => {
    const base = { type: 'RELIGIOUS_GUIDANCE', date: '2019-03-15', startTime: '09:00', endTime: '10:00' };
    for (const partnerId of [randomUUID(), closed]) {
      const res = await mgr.post(`/api/cohorts/${cohortId}/sessions`, { ...base, partnerId });
      expect(res.statusCode).toBe(400);
      expect(json(res).error).toMatchObject({ code: 'partner_unavailable' });
      expect(json(res).error.details[0].field).toBe('body.partnerId');
    }
    const rule = { type: 'PSYCHOLOGICAL_GROUP', weekdays: [3], startTime: '13:00', endTime: '15:00' };
    for (const dryRun of [true, false]) {
      const res = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, { ...rule, partnerId: closed, dryRun });
      expect(json(res).error.code).toBe('partner_unavailable');
    }
    const personOnly = await mgr.post(`/api/cohorts/${cohortId}/sessions`, { ...base, partnerPerson: 'Ustadz Ali' });
    expect(personOnly.statusCode).toBe(400);
    expect(json(personOnly).error.code).toBe('validation_failed');
    expect(json(await mgr.get(`/api/cohorts/${cohortId}/sessions`)).items).toHaveLength(1);
  });

  it('a weekly rule’s sessions carry its partner', async () => {
    const rule = {
      type: 'PSYCHOLOGICAL_GROUP',
      weekdays: [3],
      startTime: '13:00',
      endTime: '15:00',
      partnerId: psikolog,
      partnerPerson: 'Dra. Siti Aminah, Psikolog',
    };
    const preview = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, { ...rule, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const res = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, rule);
    expect(res.statusCode, res.body).toBe(201);
    const items = json(res).items as { date: string; partnerId: string; partner: string; partnerPerson: string }[];
    expect(items.map((s) => s.date)).toEqual(['2019-03-06', '2019-03-13', '2019-03-20', '2019-03-27']);
    expect(json(preview).dates.map((d: { date: string }) => d.date)).toEqual(items.map((s) => s.date));
    for (const s of items)
      expect(s).toMatchObject({
        partnerId: psikolog,
        partner: 'Biro Psikologi Harapan',
        partnerPerson: 'Dra. Siti Aminah, Psikolog',
      });
  });

  it('changing a session’s partner keeps the version check; null takes the partner off', async () => {
    const made = json(
      await mgr.post(`/api/cohorts/${cohortId}/sessions`, {
        type: 'RELIGIOUS_GUIDANCE',
        partnerId: kemenag,
        partnerPerson: 'Ustadzah Rahmah',
        date: '2019-03-08',
        startTime: '09:00',
        endTime: '10:30',
      }),
    );
    const stale = await mgr.patch(
      `/api/sessions/${made.id}`,
      { partnerPerson: 'Ustadz Ali' },
      { 'if-match': `"${made.version + 1}"` },
    );
    expect(stale.statusCode).toBe(412);
    expect(json(stale).error.code).toBe('stale_version');
    const unknown = await mgr.patch(
      `/api/sessions/${made.id}`,
      { partnerId: randomUUID() },
      { 'if-match': `"${made.version}"` },
    );
    expect(json(unknown).error.code).toBe('partner_unavailable');
    const person = await mgr.patch(
      `/api/sessions/${made.id}`,
      { partnerPerson: 'Ustadz Ali' },
      { 'if-match': `"${made.version}"` },
    );
    expect(person.statusCode, person.body).toBe(200);
    expect(json(person)).toMatchObject({ partnerId: kemenag, partnerPerson: 'Ustadz Ali' });
    const off = await mgr.patch(`/api/sessions/${made.id}`, { partnerId: null });
    expect(off.statusCode).toBe(428);
    const cleared = await mgr.patch(
      `/api/sessions/${made.id}`,
      { partnerId: null },
      { 'if-match': `"${json(person).version}"` },
    );
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(json(cleared)).toMatchObject({ partnerId: null, partner: null, partnerPerson: null });
    // Kemenag again, then cancelled: a cancelled session is not counted as held.
    const again = await mgr.patch(
      `/api/sessions/${made.id}`,
      { partnerId: kemenag },
      { 'if-match': `"${json(cleared).version}"` },
    );
    expect(json(again).partner).toBe('Kemenag Kota Banjarbaru');
    const cancelled = await mgr.patch(
      `/api/sessions/${made.id}`,
      { cancelled: true },
      { 'if-match': `"${json(again).version}"` },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
  });

  it('the facilitator records the partner’s attendance and the short report; others are refused', async () => {
    const body = { partnerAttended: true, report: 'Materi: sabar dan syukur. Peserta aktif bertanya.' };
    const early = await tr.request('PUT', `/api/sessions/${friday.id}/report`, body, {
      'if-match': `"${friday.version}"`,
    });
    expect(early.statusCode).toBe(409);
    expect(json(early).error.code).toBe('attendance_too_early');
    await travel('2019-03-01T06:00:00Z');
    // Another facilitator does not see this session at all; a caseworker of the region sees it but may not mark it.
    expect(
      (await tr2.request('PUT', `/api/sessions/${friday.id}/report`, body, { 'if-match': `"${friday.version}"` }))
        .statusCode,
    ).toBe(404);
    const caseworkerTry = await cw.request('PUT', `/api/sessions/${friday.id}/report`, body, {
      'if-match': `"${friday.version}"`,
    });
    expect(caseworkerTry.statusCode).toBe(403);
    expect((await tr.request('PUT', `/api/sessions/${friday.id}/report`, body)).statusCode).toBe(428);
    const stale = await tr.request('PUT', `/api/sessions/${friday.id}/report`, body, {
      'if-match': `"${friday.version + 5}"`,
    });
    expect(stale.statusCode).toBe(412);
    const ok = await tr.request('PUT', `/api/sessions/${friday.id}/report`, body, {
      'if-match': `"${friday.version}"`,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ partnerAttended: true, report: body.report, version: friday.version + 1 });
    expect(ok.headers.etag).toBe(`"${friday.version + 1}"`);
    expect(json(await tr.get(`/api/sessions/${friday.id}`)).session).toMatchObject({
      partnerAttended: true,
      report: body.report,
    });
    const audited = await auditOf('session.report', friday.id);
    expect(audited).toHaveLength(1);
    expect(audited[0]!.actor_id).toBe(trainer.id);
    // The audit row names what was recorded, never the report's words.
    expect(audited[0]!.detail).not.toContain('syukur');
    expect(JSON.parse(audited[0]!.detail ?? '{}')).toMatchObject({ partnerAttended: true, report: true });
    // A session without a partner has no partner attendance to record.
    const noPartner = json(
      await mgr.post(`/api/cohorts/${cohortId}/sessions`, {
        type: 'TRADE_SKILL',
        facilitatorId: trainer.id,
        date: '2019-03-01',
        startTime: '11:00',
        endTime: '12:00',
      }),
    );
    const refused = await tr.request(
      'PUT',
      `/api/sessions/${noPartner.id}/report`,
      { partnerAttended: false, report: null },
      { 'if-match': `"${noPartner.version}"` },
    );
    expect(refused.statusCode).toBe(400);
    const reportOnly = await tr.request(
      'PUT',
      `/api/sessions/${noPartner.id}/report`,
      { partnerAttended: null, report: 'Praktik membuat kue bolu.' },
      { 'if-match': `"${noPartner.version}"` },
    );
    expect(reportOnly.statusCode, reportOnly.body).toBe(200);
    const tooLong = await tr.request(
      'PUT',
      `/api/sessions/${noPartner.id}/report`,
      { partnerAttended: null, report: 'x'.repeat(2001) },
      { 'if-match': `"${noPartner.version + 1}"` },
    );
    expect(tooLong.statusCode).toBe(400);
    // Cancelled afterwards: not a held session of the annual report.
    const cancelled = await mgr.patch(
      `/api/sessions/${noPartner.id}`,
      { cancelled: true },
      { 'if-match': `"${noPartner.version + 1}"` },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
  });

  it('the annual report counts each partner’s held sessions and hours, on screen, in the PDF and the XLSX', async () => {
    const r = json(await mgr.get('/api/reports/annual?year=2019'));
    expect(r.partners).toEqual([
      { name: 'Biro Psikologi Harapan', sessions: 4, hours: 8 },
      { name: 'Kemenag Kota Banjarbaru', sessions: 1, hours: 1.5 },
    ]);
    expect(json(await mgr.get('/api/reports/annual?year=2018')).partners).toEqual([]);
    // Partners are organisations: an external (de-identified) copy shows them as counted.
    expect(json(await mgr.get('/api/reports/annual?year=2019&share=external')).partners).toEqual(r.partners);
    const xlsx = await mgr.get('/api/reports/annual.xlsx?year=2019');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.getWorksheet('Mitra')!;
    const rows: unknown[][] = [];
    ws.eachRow((row, i) => {
      if (i > 1) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toEqual([
      ['Biro Psikologi Harapan', 4, 8],
      ['Kemenag Kota Banjarbaru', 1, 1.5],
    ]);
    expect(ws.getCell('C3').numFmt).not.toContain('%');
    const pdf = await mgr.get('/api/reports/annual.pdf?year=2019');
    expect(pdf.statusCode).toBe(200);
    const { text } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    expect(text).toContain('Sesi bersama mitra');
    expect(text).toContain('Kemenag Kota Banjarbaru');
    expect(text).toContain('1,5');
  });

  it('a venue holds its rent contract: a PDF accepted, a disguised file refused, downloads audited', async () => {
    const v = await mgr.post('/api/venues', {
      name: 'Rumah Singgah Loktabat',
      address: 'Jl. Loktabat Utara',
      regionCode: '6372',
      ownerName: 'H. Abdullah',
      capacity: 12,
      rentPerMonth: 3_000_000,
      contractStart: '2019-03-01',
      contractEnd: '2019-12-31',
    });
    expect(v.statusCode, v.body).toBe(201);
    const venueId = json(v).id as string;
    expect(json(v).hasContract).toBe(false);
    const upload = (client: Client, data: Buffer, name?: string) => {
      const { payload, contentType } = fileBody(data, name);
      return env.app.inject({
        method: 'POST',
        url: `/api/venues/${venueId}/contract`,
        headers: {
          host: 'berdaya.test',
          origin: 'http://berdaya.test',
          cookie: client.cookie!,
          'content-type': contentType,
        },
        payload,
      });
    };
    const contract = Buffer.from('%PDF-1.4\n% perjanjian sewa rumah Loktabat 2019\n');
    expect((await mgr.get(`/api/venues/${venueId}/contract`)).statusCode).toBe(404);
    // A Windows program named .pdf: the content decides, not the name.
    const disguised = await upload(mgr, Buffer.from('MZ\x90\x00 this is a windows program'), 'kontrak.pdf');
    expect(disguised.statusCode).toBe(415);
    expect(json(disguised).error.code).toBe('unsupported_file_type');
    expect((await upload(cw, contract)).statusCode).toBe(403);
    const ok = await upload(mgr, contract);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).hasContract).toBe(true);
    expect(json(await cw.get('/api/venues')).items.find((x: { id: string }) => x.id === venueId).hasContract).toBe(
      true,
    );
    // Sealed at rest: the contract's words are not in the database.
    const row = await env.booted.services.db.kysely
      .selectFrom('venues')
      .select('contract_ct')
      .where('id', '=', venueId)
      .executeTakeFirstOrThrow();
    expect(row.contract_ct).not.toContain('perjanjian');
    const dl = await cw.get(`/api/venues/${venueId}/contract`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(contract)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toBe('attachment; filename="kontrak-sewa.pdf"');
    expect((await tr.get(`/api/venues/${venueId}/contract`)).statusCode).toBe(403);
    expect((await auditOf('venue.contract_upload', venueId)).map((a) => a.actor_id)).toEqual([manager.id]);
    expect((await auditOf('venue.contract_read', venueId)).map((a) => a.actor_id)).toEqual([caseworker.id]);
  });
});
