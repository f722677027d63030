// Reports on every database: hand-computed figures, small-cell suppression (internal and external), XLSX
// that opens and matches the JSON with formulas neutralised, the PDF, and the dashboard.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';
import { derivableCells, type Model, suppressReport } from '../src/server/modules/reports/suppression.ts';

/** One series published with its total, through the report's suppression step: its cells and total as shown. */
function series(values: number[], threshold: number) {
  const model: Model = {
    cells: [
      ...values.map((value, i) => ({ id: `c${i}`, value, people: true, rank: 0 as const })),
      { id: 'total', value: values.reduce((s, v) => s + v, 0), people: true, rank: 2 as const },
    ],
    sums: [{ total: 'total', parts: values.map((_, i) => `c${i}`) }],
    leq: [],
  };
  const s = suppressReport(model, threshold);
  expect(derivableCells(model, s.display, Math.max(3, threshold))).toEqual([]);
  return { cells: values.map((_, i) => s.display.get(`c${i}`)), total: s.display.get('total') };
}

describe('small-cell suppression', () => {
  it('hides small counts and more cells where the total would narrow them', () => {
    expect(series([3, 12, 20], 5)).toEqual({ cells: ['<5', 'x', 20], total: 35 });
    // 27 − 20 = 7 over two cells of at most 4 would make each 3 or 4: the 20 is hidden too.
    expect(series([3, 4, 20], 5)).toEqual({ cells: ['<5', '<5', 'x'], total: 27 });
    expect(series([0, 3, 0], 5)).toEqual({ cells: [0, '<5', 0], total: '<5' });
    expect(series([7, 3, 0], 5)).toEqual({ cells: ['x', '<5', 0], total: 10 });
    expect(series([6, 7], 5)).toEqual({ cells: [6, 7], total: 13 });
    expect(series([3, 12], 11)).toEqual({ cells: ['<11', 'x'], total: 15 });
    // 30 over three "<11" would make each 10; 12 over three "<5" each 4: the total is hidden.
    expect(series([10, 10, 10], 11)).toEqual({ cells: ['<11', '<11', '<11'], total: 'x' });
    expect(series([4, 4, 4], 5)).toEqual({ cells: ['<5', '<5', '<5'], total: 'x' });
    expect(series([2], 1)).toEqual({ cells: ['<3'], total: '<3' }); // never below 3
  });
});

describe.each(DIALECTS)('reports on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, cwBjm: TestUser, auditor: TestUser;
  let g: Awaited<ReturnType<typeof graduatedCohort>>;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    cwBjm = await seedUser(env, 'caseworker', ['6371']);
    auditor = await seedUser(env, 'auditor', ['63']);
    // Fixture year 2019: three women in Banjarbaru (6372) register, are assessed, enrol and graduate;
    // 2 outreach contacts in 6372 and 12 in Banjarmasin (6371).
    g = await graduatedCohort(env, { manager, caseworker }, [5, 5, 4]);
    const bjm = await signIn(env, cwBjm);
    const contact = { placeKind: 'JALAN', channel: 'JANGKAUAN_JALANAN', interestLevel: 'LOW', outcome: 'NOT_NOW' };
    for (let i = 0; i < 12; i++)
      expect(
        (await bjm.post('/api/outreach', { ...contact, contactDate: '2019-03-10', regionCode: '6371' })).statusCode,
      ).toBe(201);
    for (let i = 0; i < 2; i++)
      await g.cw.post('/api/outreach', { ...contact, contactDate: '2019-01-15', regionCode: '6372' });
    await g.cw.post('/api/outreach', { ...contact, contactDate: '2018-12-31', regionCode: '6372' }); // another year
  });
  afterAll(async () => {
    await env?.close();
  });
  const row = (report: { funnel: { rows: { regionCode: string; values: unknown[] }[] } }, region: string) =>
    report.funnel.rows.find((r) => r.regionCode === region)!.values;

  it('gives the hand-computed figures to the head of section', async () => {
    const r = json(await g.mgr.get('/api/reports/annual?year=2019'));
    expect(r).toMatchObject({ year: 2019, deidentified: false, threshold: null });
    expect(r.funnel.columns).toEqual(['outreach', 'prospects', 'registered', 'assessed', 'enrolled', 'graduated']);
    expect(row(r, '6372')).toEqual([2, 2, 3, 3, 3, 3]);
    expect(row(r, '6371')).toEqual([12, 12, 0, 0, 0, 0]);
    expect(r.funnel.totals).toEqual([14, 14, 3, 3, 3, 3]);
    expect(r.cohorts).toEqual([
      {
        name: 'Angkatan 1',
        regionCode: '6372',
        startMonth: '2019-03',
        enrolled: 3,
        graduated: 3,
        attendanceRate: 0.9333,
      },
    ]);
    expect(r.attendanceByType).toEqual([
      { type: 'TRADE_SKILL', label: 'Pelatihan keterampilan', sessions: 5, attendanceRate: 0.9333 },
    ]);
    expect(r.budget[0]).toMatchObject({ programme: 'Pembinaan 2019', ceiling: 100_000_000, graduates: 3 });
    const bjb = json(await g.mgr.get('/api/reports/annual?year=2019&region=6372'));
    expect(bjb.funnel.rows.map((x: { regionCode: string }) => x.regionCode)).toEqual(['6372']);
    expect(json(await g.mgr.get('/api/reports/annual?year=2018')).funnel.totals).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('a district with 3 participants shows "<5" to an auditor and "<11" externally, and no total reveals it', async () => {
    const au = await signIn(env, auditor);
    const r = json(await au.get('/api/reports/annual?year=2019'));
    expect(r).toMatchObject({ deidentified: true, threshold: 5 });
    expect(row(r, '6372')).toEqual(['<5', '<5', '<5', '<5', '<5', '<5']);
    expect(row(r, '6371')).toEqual(['x', 'x', 0, 0, 0, 0]);
    expect(r.funnel.totals).toEqual([14, 14, '<5', '<5', '<5', '<5']);
    expect(r.cohorts[0]).toMatchObject({ enrolled: '<5', graduated: '<5', attendanceRate: 'x' });
    expect(r.suppression).toEqual({ hidden: r.suppression.small + 2, small: r.suppression.small, complementary: 2 });
    // The cost per graduate would give the hidden graduate count back (realised ÷ cost): hidden too.
    expect(r.budget[0]).toMatchObject({ programme: 'Pembinaan 2019', graduates: '<5', costPerGraduate: 'x' });
    const ext = json(await g.mgr.get('/api/reports/annual?year=2019&share=external'));
    expect(ext).toMatchObject({ deidentified: true, threshold: 11, share: 'external' });
    expect(row(ext, '6372')).toEqual(['<11', '<11', '<11', '<11', '<11', '<11']);
    expect(row(ext, '6371')).toEqual(['x', 'x', 0, 0, 0, 0]);
    // Cohort-level rows are left out of a report shared outside the office.
    expect(ext.cohorts).toEqual([]);
    // A region chosen by a de-identified reader gives the same tables (her whole scope), suppressed as one.
    expect(json(await au.get('/api/reports/annual?year=2019&region=6372'))).toEqual(r);
    // Nothing identifying in a de-identified report: no codes, names, exact dates.
    const text = JSON.stringify(ext);
    for (const p of g.people) expect(text).not.toContain(p.code);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    expect((await fac.get('/api/reports/annual?year=2019')).statusCode).toBe(403);
    expect((await g.cw.get('/api/reports/annual?year=2019&region=6371')).statusCode).toBe(403);
  });

  it('the XLSX opens, matches the JSON, freezes its header and neutralises formulas', async () => {
    expect(
      (
        await g.mgr.request('PUT', '/api/reports/annual/narrative', {
          year: 2019,
          text: '=HYPERLINK("http://evil.example","klik")',
        })
      ).statusCode,
    ).toBe(204);
    for (const q of ['year=2019', 'year=2019&share=external']) {
      const res = await g.mgr.get(`/api/reports/annual.xlsx?${q}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as never);
      const report = json(await g.mgr.get(`/api/reports/annual?${q}`));
      const ws = wb.getWorksheet('Capaian per wilayah')!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).font?.bold).toBe(true);
      const sheetRows: unknown[][] = [];
      ws.eachRow((r, i) => {
        if (i > 1) sheetRows.push((r.values as unknown[]).slice(2));
      });
      expect(sheetRows).toEqual([
        ...report.funnel.rows.map((x: { values: unknown[] }) => x.values),
        report.funnel.totals,
      ]);
      const summary = wb.getWorksheet('Ringkasan')!;
      let narrative: unknown;
      summary.eachRow((r) => {
        if (r.getCell(1).value === 'Narasi') narrative = r.getCell(2).value;
      });
      expect(narrative).toBe('\'=HYPERLINK("http://evil.example","klik")');
      wb.eachSheet((sheet) =>
        sheet.eachRow((r) =>
          r.eachCell((c) =>
            expect(typeof c.value === 'object' && c.value !== null && 'formula' in c.value).toBe(false),
          ),
        ),
      );
    }
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'report.export')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('the PDF parses, with its charts and figures', async () => {
    const res = await g.mgr.get('/api/reports/annual.pdf?year=2019');
    expect(res.statusCode).toBe(200);
    const text = (await extractText(new Uint8Array(res.rawPayload), { mergePages: true })).text;
    expect(text).toContain('LAPORAN TAHUNAN');
    expect(text).toContain('Capaian program');
    expect(text).toContain('Kota Banjarbaru');
    expect(text).toContain('Angkatan 1');
  });

  it("reads a year's cohorts by region and start, a programme's by programme, and assessments from their day's index", async () => {
    const db = env.booted.services.db.kysely;
    const names = ['assessments_assessed_on_idx', 'cohorts_programme_idx', 'cohorts_region_start_idx'];
    const defs =
      dialect === 'sqlite'
        ? (
            await sql<{ def: string }>`select sql as def from sqlite_master where name in (${sql.join(names)})
              order by name`.execute(db)
          ).rows
        : (
            await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = current_schema()
              and indexname in (${sql.join(names)}) order by indexname`.execute(db)
          ).rows;
    expect(defs.map((d) => d.def.replace(/"/g, '').toLowerCase())).toEqual([
      expect.stringMatching(/on (\w+\.)?assessments .*\(assessed_on, participant_id, assessed_at\)$/),
      expect.stringMatching(/on (\w+\.)?cohorts .*\(programme_id\)$/),
      expect.stringMatching(/on (\w+\.)?cohorts .*\(region_code, start_date\)$/),
    ]);
  });

  it('the dashboard shows each role its own slice', async () => {
    const m = json(await g.mgr.get('/api/dashboard'));
    expect(m.participantsByStage).toEqual(
      expect.arrayContaining([{ stage: 'RESOSIALISASI_REINTEGRASI', regionCode: '6372', count: 3 }]),
    );
    expect(m).toHaveProperty('budget');
    const c = json(await g.cw.get('/api/dashboard'));
    expect(c).not.toHaveProperty('budget');
    expect(c.participantsByStage.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(3);
    const other = json(await (await signIn(env, cwBjm)).get('/api/dashboard'));
    expect(other.participantsByStage).toEqual([]);
    // Administrators and auditors have no caseload: no dashboard (and no menu entry for it).
    const au = await (await signIn(env, auditor)).get('/api/dashboard');
    expect(au.statusCode).toBe(403);
    expect(json(au).error.code).toBe('forbidden');
  });

  it('a regional head of section counts her own regions only (participants, overdue follow-ups)', async () => {
    const saved = env.clock.now();
    // Each graduate has a follow-up that fell due in July 2019 (her caseworker's); it is June 2020.
    const db = env.booted.services.db.kysely;
    const ids = g.people.map(() => randomUUID());
    await db
      .insertInto('follow_ups')
      .values(
        g.people.map((p, i) => ({
          id: ids[i]!,
          participant_id: p.id,
          cohort_id: g.cohortId,
          point_months: 3,
          due_date: '2019-07-01',
          assignee_id: caseworker.id,
          status: 'DUE',
          cancel_reason: null,
          created_at: '2019-03-31T03:00:00.000Z',
          updated_at: '2019-03-31T03:00:00.000Z',
          version: 1,
        })),
      )
      .execute();
    env.clock.set(new Date('2020-06-01T02:00:00Z'));
    try {
      const whole = json(await (await signIn(env, manager)).get('/api/dashboard'));
      expect(whole.overdueFollowUps).toBeGreaterThanOrEqual(g.people.length);
      const bjb = json(await (await signIn(env, await seedUser(env, 'manager', ['6372']))).get('/api/dashboard'));
      expect(bjb.overdueFollowUps).toBe(whole.overdueFollowUps);
      const bjm = json(await (await signIn(env, await seedUser(env, 'manager', ['6371']))).get('/api/dashboard'));
      expect(bjm.participantsByStage).toEqual([]);
      expect(bjm.overdueFollowUps).toBe(0);
      // A caseworker counts the overdue follow-ups of her own cases.
      expect(json(await (await signIn(env, caseworker)).get('/api/dashboard')).overdueFollowUps).toBe(
        whole.overdueFollowUps,
      );
      expect(json(await (await signIn(env, cwBjm)).get('/api/dashboard')).overdueFollowUps).toBe(0);
    } finally {
      env.clock.set(saved);
      await db.deleteFrom('follow_ups').where('id', 'in', ids).execute();
    }
  });
});
