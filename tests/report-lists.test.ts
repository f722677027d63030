// The identified participant list (report.identified) on every database: no list without a stated reason,
// roles without identity access refused, a caseworker gets her own scope only, the reason is audited (on
// the list and on each participant listed), and the file says who made it and when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';
import { formatLocalDateTime } from '../src/shared/calendar.ts';

async function sheetRows(res: { rawPayload: Buffer }): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const ws = wb.getWorksheet('Daftar peserta')!;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (r) =>
    rows.push(
      (r.values as unknown[])
        .slice(1)
        .map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))),
    ),
  );
  return rows;
}

describe.each(DIALECTS)('identified participant lists on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, cwBjb: TestUser, cwBjm: TestUser, auditor: TestUser;
  let bjb: Client, bjm: Client;
  const names = { bjb1: 'Ani Daftar Satu', bjb2: 'Budi Daftar Dua', bjm: 'Citra Daftar Tiga' };
  const ids: Record<string, string> = {};
  const reason = 'Verifikasi penerima bantuan usaha tahap 2';
  const url = (q: Record<string, string>) => `/api/reports/participants.xlsx?${new URLSearchParams(q).toString()}`;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    cwBjb = await seedUser(env, 'caseworker', ['6372'], `pendamping_bjb_${dialect}`);
    cwBjm = await seedUser(env, 'caseworker', ['6371']);
    auditor = await seedUser(env, 'auditor', ['63']);
    bjb = await signIn(env, cwBjb);
    bjm = await signIn(env, cwBjm);
    for (const [k, name] of [
      ['bjb1', names.bjb1],
      ['bjb2', names.bjb2],
    ] as const) {
      const res = await bjb.post(
        '/api/participants',
        participantBody({}, { fullName: name, birthDate: '1993-05-06', nik: testNik('1993-05-06') }),
      );
      expect(res.statusCode, res.body).toBe(201);
      ids[k] = json(res).id;
    }
    const res = await bjm.post(
      '/api/participants',
      participantBody(
        { regionCode: '6371' },
        { fullName: names.bjm, birthDate: '1992-04-05', nik: testNik('1992-04-05', '637101') },
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    ids.bjm = json(res).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('refuses a list without a stated reason, and refuses roles without identity access', async () => {
    const none = await bjb.get('/api/reports/participants.xlsx');
    expect(none.statusCode).toBe(400);
    expect(json(none).error.code).toBe('reason_required');
    const short = await bjb.get(url({ reason: 'cek' }));
    expect(short.statusCode).toBe(400);
    expect(json(short).error.code).toBe('reason_required');
    expect(json(await bjb.get(url({ reason: '          ' }))).error.code).toBe('reason_required');
    const au = await signIn(env, auditor);
    expect((await au.get(url({ reason }))).statusCode).toBe(403);
    const fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    expect((await fac.get(url({ reason }))).statusCode).toBe(403);
    const refused = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'report.identified_export')
      .execute();
    expect(refused).toEqual([]);
  });

  it('gives a caseworker her own region only, with who, when and why printed in the file', async () => {
    const res = await bjb.get(url({ reason }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="daftar-peserta-/);
    const rows = await sheetRows(res);
    const head = Object.fromEntries(rows.slice(0, 6).map((r) => [r[0], r[1]]));
    expect(head['Dibuat oleh']).toContain(cwBjb.username);
    expect(head['Dibuat pada']).toBe(formatLocalDateTime(env.clock.now()));
    expect(head['Dibuat pada']).toMatch(/WITA$/);
    expect(head.Alasan).toBe(reason);
    const tableStart = rows.findIndex((r) => r[0] === 'Kode');
    expect(rows[tableStart]).toEqual([
      'Kode',
      'Nama lengkap',
      'Nama panggilan',
      'Kab/Kota',
      'Tahap',
      'Kategori',
      'Terdaftar',
    ]);
    const listed = rows.slice(tableStart + 1).map((r) => r[1]);
    expect(listed.sort()).toEqual([names.bjb1, names.bjb2]);
    expect(JSON.stringify(rows)).not.toContain(names.bjm);
    // No NIK, address or phone in the list.
    expect(JSON.stringify(rows)).not.toMatch(/\d{16}|Ahmad Yani|0812/);
    // Another region is outside her scope.
    const other = await bjb.get(url({ reason, region: '6371' }));
    expect(other.statusCode).toBe(403);
    expect(json(other).error.code).toBe('forbidden_region');
  });

  it('narrows the head of section’s list to one region', async () => {
    const mgr = await signIn(env, manager);
    const rows = await sheetRows(await mgr.get(url({ reason, region: '6371' })));
    const tableStart = rows.findIndex((r) => r[0] === 'Kode');
    expect(rows.slice(tableStart + 1).map((r) => r[1])).toEqual([names.bjm]);
    expect(rows.find((r) => r[0] === 'Wilayah')?.[1]).toBe('Kota Banjarmasin');
  });

  it('audits the reason on the list and on each participant listed, and neutralises formulas', async () => {
    const formula = '=HYPERLINK("http://evil.example","klik") untuk verifikasi';
    const res = await bjb.get(url({ reason: formula }));
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res);
    expect(rows.find((r) => r[0] === 'Alasan')?.[1]).toBe(`'${formula}`);
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['actor', 'resource_type', 'resource_id', 'detail'])
      .where('action', '=', 'report.identified_export')
      .where('actor', '=', cwBjb.username)
      .orderBy('seq')
      .execute();
    const summaries = audit.filter((a) => a.resource_type === 'report');
    expect(summaries.map((a) => JSON.parse(a.detail!))).toEqual([
      { reason, region: null, count: 2 },
      { reason: formula, region: null, count: 2 },
    ]);
    const perParticipant = audit.filter((a) => a.resource_type === 'participant');
    expect(perParticipant.map((a) => a.resource_id).sort()).toEqual([ids.bjb1, ids.bjb1, ids.bjb2, ids.bjb2].sort());
    expect(JSON.parse(perParticipant[0]!.detail!)).toMatchObject({ reason });
    // Her access report shows who listed her.
    const mgr = await signIn(env, manager);
    const access = await mgr.get(`/api/participants/${ids.bjb1}/access-report`);
    expect(access.statusCode, access.body).toBe(200);
    expect(
      json(access).items.filter(
        (e: { action: string; actor: string }) => e.action === 'report.identified_export' && e.actor === cwBjb.username,
      ),
    ).toHaveLength(2);
  });
});
