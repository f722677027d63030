// Importing an existing participant list on every database: dry run with row and column errors, all or
// nothing, and a re-run of the same file adds nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';
import { testNik } from './support/participants.ts';

function multipartFile(file: Buffer, name: string, mapping?: object) {
  const boundary = '----berdayaimport';
  const parts: Buffer[] = [];
  if (mapping)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${JSON.stringify(mapping)}\r\n`,
      ),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('imports on %s', (dialect) => {
  let env: TestEnv;
  let cw: Client;
  const upload = async (file: Buffer, name: string, mapping?: object) => {
    const m = multipartFile(file, name, mapping);
    return env.app.inject({
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
  };
  const count = async () =>
    Number(
      (
        await env.booted.services.db.kysely
          .selectFrom('participants')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  beforeAll(async () => {
    env = await makeEnv(dialect);
    cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
  });
  afterAll(async () => {
    await env?.close();
  });

  const header =
    'regionCode,category,fullName,nik,noNikReason,birthDate,sex,consentParticipation,consentDataProcessing,consentExplainedBy';
  const good = (name: string, birth: string, nik = testNik(birth)) =>
    `6372,PEREMPUAN_RENTAN,${name},${nik},,${birth},F,2026-02-01,2026-02-01,Rina`;

  it('a file with one bad row commits nothing and names the row and the column', async () => {
    const csv = [
      header,
      good('Aminah Import', '1990-01-02'),
      good('Bainah Import', '1991-02-03'),
      '6372,PEREMPUAN_RENTAN,Cahaya Import,6372015213950001,,1992-03-04,F,2026-02-01,2026-02-01,Rina',
      good('Dewi Import', '1993-04-05'),
    ].join('\n');
    const res = await upload(Buffer.from(csv), 'list.csv');
    expect(res.statusCode, res.body).toBe(201);
    const imp = json(res);
    expect(imp.status).toBe('INVALID');
    expect(imp.totalRows).toBe(4);
    expect(imp.errors).toEqual([{ row: 4, column: 'nik', code: 'month', message: expect.stringContaining('month') }]);
    expect(res.body).not.toContain('Cahaya');
    const before = await count();
    const refused = await cw.post(`/api/imports/${imp.id}/commit`);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.code).toBe('import_invalid');
    expect(await count()).toBe(before);
  });

  it('takes the registration date as a column: a paper backlog keeps its dates, and a date out of order names its cell', async () => {
    const head = `${header},registeredOn`;
    const row = (name: string, birth: string, consent: string, registered: string) =>
      `6372,PEREMPUAN_RENTAN,${name},${testNik(birth)},,${birth},F,${consent},${consent},Rina,${registered}`;
    const bad = json(
      await upload(
        Buffer.from([head, row('Intan Kertas', '1990-05-06', '2019-02-01', '2019-01-15')].join('\n')),
        'kertas.csv',
      ),
    );
    expect(bad.status).toBe('INVALID');
    expect(bad.errors).toEqual([
      {
        row: 2,
        column: 'registeredOn',
        code: 'before_consent',
        params: { date: '2019-02-01' },
        message: expect.stringContaining('consent'),
      },
    ]);
    const good = json(
      await upload(
        Buffer.from([head, row('Juwita Kertas', '1991-06-07', '2019-02-01', '2019-02-04')].join('\n')),
        'kertas-2.csv',
      ),
    );
    expect(good.status, JSON.stringify(good.errors)).toBe('VALIDATED');
    const committed = await cw.post(`/api/imports/${good.id}/commit`);
    expect(committed.statusCode, committed.body).toBe(200);
    const row2 = await env.booted.services.db.kysely
      .selectFrom('participants')
      .select(['registered_on', 'created_at'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row2.registered_on).toBe('2019-02-04');
  });

  it('refuses rows without consent and rows outside the user’s regions', async () => {
    const csv = [
      header,
      '6372,PEREMPUAN_RENTAN,Eka Tanpa Persetujuan,,LOST,1990-01-02,F,,,',
      good('Fitri Luar', '1994-05-06').replace(/^6372/, '6371'),
    ].join('\r\n');
    const imp = json(await upload(Buffer.from(csv), 'list.csv'));
    expect(imp.status).toBe('INVALID');
    expect(imp.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'consentParticipation'],
      [3, 'regionCode'],
    ]);
  });

  it('an XLSX with mapped columns imports all rows; importing it again adds nobody', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Daftar');
    ws.addRow([
      'Kab/Kota',
      'Kategori',
      'Nama lengkap',
      'NIK',
      'Tanggal lahir',
      'JK',
      'Setuju ikut',
      'Setuju data',
      'Dijelaskan oleh',
      'Alasan tanpa NIK',
    ]);
    ws.addRow([
      '6372',
      'PENYINTAS_TPPO',
      'Gita Impor',
      testNik('1995-06-07'),
      '1995-06-07',
      'F',
      '2026-02-10',
      '2026-02-10',
      'Rina',
      '',
    ]);
    ws.addRow([
      '6372',
      'PEREMPUAN_RENTAN',
      'Hana Impor',
      '',
      '1996-07-08',
      'F',
      '2026-02-10',
      '2026-02-10',
      'Rina',
      'NEVER_REGISTERED',
    ]);
    ws.addRow([
      '6372',
      'PEREMPUAN_RENTAN',
      'Indah Impor',
      testNik('1997-08-09'),
      '1997-08-09',
      'F',
      '2026-02-10',
      '2026-02-10',
      'Rina',
      '',
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const mapping = {
      regionCode: 'Kab/Kota',
      category: 'Kategori',
      fullName: 'Nama lengkap',
      nik: 'NIK',
      birthDate: 'Tanggal lahir',
      sex: 'JK',
      consentParticipation: 'Setuju ikut',
      consentDataProcessing: 'Setuju data',
      consentExplainedBy: 'Dijelaskan oleh',
      noNikReason: 'Alasan tanpa NIK',
    };
    const first = json(await upload(file, 'daftar.xlsx', mapping));
    expect(first).toMatchObject({ status: 'VALIDATED', totalRows: 3, errors: [], skipped: [] });
    const before = await count();
    const committed = json(await cw.post(`/api/imports/${first.id}/commit`));
    expect(committed).toMatchObject({ status: 'COMMITTED', processedRows: 3, result: { created: 3, skipped: 0 } });
    expect(await count()).toBe(before + 3);
    const found = json(await cw.post('/api/participants/search', { q: 'impor' }));
    expect(found.total).toBe(3);
    const view = json(await cw.get(`/api/participants/${found.items[0].id}`));
    expect(view.consents).toMatchObject({ PARTICIPATION: true, DATA_PROCESSING: true });
    const twice = await cw.post(`/api/imports/${first.id}/commit`);
    expect(twice.statusCode).toBe(409);
    expect(json(twice).error.code).toBe('import_committed');

    const again = json(await upload(file, 'daftar.xlsx', mapping));
    expect(again.status).toBe('VALIDATED');
    expect(again.skipped.map((s: { row: number }) => s.row)).toEqual([2, 3, 4]);
    const second = json(await cw.post(`/api/imports/${again.id}/commit`));
    expect(second.result).toEqual({ created: 0, skipped: 3 });
    expect(await count()).toBe(before + 3);
  });

  it('only the uploader sees an import; other files are refused', async () => {
    const imp = json(await upload(Buffer.from([header, good('Juwita Impor', '1998-09-10')].join('\n')), 'x.csv'));
    const other = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    expect((await other.get(`/api/imports/${imp.id}`)).statusCode).toBe(404);
    expect((await upload(Buffer.from([0x00, 0x01, 0x02, 0x03]), 'x.bin')).statusCode).toBe(415);
    expect((await upload(Buffer.from(header), 'empty.csv')).statusCode).toBe(400);
  });

  it('a preview names the file’s headers and row count and stores nothing', async () => {
    const before = Number(
      (
        await env.booted.services.db.kysely
          .selectFrom('imports')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const m = multipartFile(
      Buffer.from(['Nama;Kab/Kota;NIK', 'Kartika Pratinjau;6372;', 'Lestari Pratinjau;6372;'].join('\n')),
      'daftar.csv',
    );
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/imports/preview',
      payload: m.payload,
      headers: {
        host: 'berdaya.test',
        origin: 'http://berdaya.test',
        cookie: cw.cookie!,
        'content-type': m.contentType,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ headers: ['Nama', 'Kab/Kota', 'NIK'], totalRows: 2 });
    expect(res.body).not.toContain('Kartika');
    const after = Number(
      (
        await env.booted.services.db.kysely
          .selectFrom('imports')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
    const fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    const f = multipartFile(Buffer.from('a,b\n1,2'), 'x.csv');
    expect(
      (
        await env.app.inject({
          method: 'POST',
          url: '/api/imports/preview',
          payload: f.payload,
          headers: {
            host: 'berdaya.test',
            origin: 'http://berdaya.test',
            cookie: fac.cookie!,
            'content-type': f.contentType,
          },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('saves column mappings under a name, replaces one saved under the same name, deletes them, and audits it', async () => {
    const mapping = { fullName: 'Nama lengkap', regionCode: 'Kab/Kota', nik: 'NIK' };
    const saved = await cw.post('/api/import-mappings', { name: 'Daftar Dinsos Banjarbaru', mapping });
    expect(saved.statusCode, saved.body).toBe(201);
    const first = json(saved);
    expect(first).toMatchObject({ name: 'Daftar Dinsos Banjarbaru', mapping, updatedBy: expect.any(String) });
    // Another user of the office sees it; the same name (other capitals) replaces it rather than adding one.
    const other = await signIn(env, await seedUser(env, 'manager', ['63']));
    expect(json(await other.get('/api/import-mappings')).items.map((m: { name: string }) => m.name)).toContain(
      'Daftar Dinsos Banjarbaru',
    );
    const replaced = json(
      await other.post('/api/import-mappings', { name: 'daftar dinsos banjarbaru', mapping: { fullName: 'Nama' } }),
    );
    expect(replaced.id).toBe(first.id);
    const list = json(await cw.get('/api/import-mappings')).items.filter((m: { id: string }) => m.id === first.id);
    expect(list).toEqual([
      expect.objectContaining({ name: 'daftar dinsos banjarbaru', mapping: { fullName: 'Nama' } }),
    ]);
    // Unknown fields, an empty mapping or no name are refused.
    expect((await cw.post('/api/import-mappings', { name: 'Salah', mapping: { password: 'x' } })).statusCode).toBe(400);
    expect((await cw.post('/api/import-mappings', { name: 'Kosong', mapping: {} })).statusCode).toBe(400);
    expect((await cw.post('/api/import-mappings', { name: '  ', mapping })).statusCode).toBe(400);
    // Roles that do not import neither see nor save mappings.
    const au = await signIn(env, await seedUser(env, 'auditor', ['63']));
    expect((await au.get('/api/import-mappings')).statusCode).toBe(403);
    expect((await au.post('/api/import-mappings', { name: 'Auditor', mapping })).statusCode).toBe(403);
    expect((await cw.request('DELETE', `/api/import-mappings/${first.id}`, {})).statusCode).toBe(204);
    expect((await cw.request('DELETE', `/api/import-mappings/${first.id}`, {})).statusCode).toBe(404);
    expect(json(await cw.get('/api/import-mappings')).items.some((m: { id: string }) => m.id === first.id)).toBe(false);
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'resource_id', 'detail'])
      .where('resource_id', '=', first.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['import.mapping_save', 'import.mapping_save', 'import.mapping_delete']);
    expect(JSON.parse(audit[1]!.detail!)).toMatchObject({ fields: ['fullName'], replaced: true });
  });
});
