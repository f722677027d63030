// Reports, dashboard and import in Chromium. Fixture (through the API, on a clock set to 2019): a March 2019
// cohort in Banjarbaru whose three participants graduate, and outreach contacts. Then, on 28 November
// 2026: the head of section opens the annual report, picks 2019, sees the charts (an SVG in each chart
// figure) and the figures as tables, downloads the XLSX (it opens with exceljs and matches the screen),
// saves the narrative, switches to the version for sharing outside the office ("<11"), and downloads the
// identified list only after stating a reason. The dashboard shows participants by stage with a link to
// the list behind the figure. A caseworker imports a CSV: one bad row is named by row and column and
// nothing is registered; she saves the column mapping, reuses it after a reload with the fixed file,
// and registers every row while the progress bar reaches 100 %. axe-core finds no serious or critical
// problems on the report page, the dashboard and the import wizard, and nothing sticks out at 360 px.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import {
  countIs,
  horizontalOverflow,
  launchBrowser,
  SHOT_DIR,
  signInThroughForm,
  SKIP_BROWSER,
  visible,
} from './support/browser.ts';
import { graduatedCohort } from '../tests/support/cohort.ts';
import { testNik } from '../tests/support/participants.ts';
import type { TestEnv } from '../tests/support/env.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
const NOW = new Date('2026-11-28T01:15:00.000Z'); // 28 November 2026 09.15 WITA

describe.skipIf(SKIP_BROWSER)('reports, dashboard and import (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let desk: BrowserContext;
  let page: Page;
  let manager: SeededUser;
  let caseworker: SeededUser;
  const cspErrors: string[] = [];

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  const participantCount = async () =>
    Number(
      (
        await server.booted.services.db.kysely
          .selectFrom('participants')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function newContext(opts: object = { viewport: { width: 1280, height: 900 } }): Promise<BrowserContext> {
    const c = await browser.newContext(opts);
    await c.clock.setFixedTime(server.clock.now());
    return c;
  }
  function watchConsole(p: Page) {
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  }

  beforeAll(async () => {
    server = await startServer();
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    // The API fixtures of tests/reports.test.ts, run against this server (its app and clock).
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const g = await graduatedCohort(
      env,
      { manager: { ...manager, regions: ['63'] }, caseworker: { ...caseworker, regions: ['6372'] } },
      [5, 5, 4],
    );
    const contact = {
      placeKind: 'JALAN',
      channel: 'JANGKAUAN_JALANAN',
      interestLevel: 'LOW',
      outcome: 'NOT_NOW',
      regionCode: '6372',
    };
    for (const day of ['2019-01-15', '2019-02-05'])
      expect((await g.cw.post('/api/outreach', { ...contact, contactDate: day })).statusCode).toBe(201);
    server.clock.set(NOW);
    browser = await launchBrowser();
    desk = await newContext();
    page = await desk.newPage();
    watchConsole(page);
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a manager opens the annual report, sees the charts, and downloads the XLSX', async () => {
    await signInThroughForm(page, server, manager);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Laporan tahunan' }));
    // The last full year is the default.
    expect(await page.getByLabel('Tahun', { exact: true }).inputValue()).toBe('2025');
    await page.getByLabel('Tahun', { exact: true }).selectOption('2019');

    // Charts: a named figure each, with the picture drawn as SVG.
    const funnel = page.getByRole('figure', { name: 'Grafik batang: capaian program tahun 2019, jumlah per tahap' });
    await visible(funnel.locator('svg[role="img"]'));
    await visible(
      page.getByRole('figure', { name: /tingkat kehadiran per jenis kegiatan tahun 2019/ }).locator('svg[role="img"]'),
    );
    await visible(
      page
        .getByRole('figure', { name: /rencana dan realisasi anggaran per program tahun 2019/ })
        .locator('svg[role="img"]'),
    );
    await countIs(page.locator('figure.report-chart svg[role="img"]'), 3);
    expect(await funnel.locator('svg').first().getAttribute('aria-label')).toBe(
      'Grafik batang: capaian program tahun 2019, jumlah per tahap',
    );
    // …and the same figures as tables.
    const bjb = page.getByRole('row', { name: /^Kota Banjarbaru/ }).first();
    await visible(bjb);
    expect((await bjb.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['2', '2', '3', '3', '3', '3']);
    await visible(page.getByRole('row').filter({ hasText: 'Angkatan 1' }).getByText('Maret 2019'));
    await visible(page.getByText('Untuk internal kantor: angka apa adanya.', { exact: false }));
    await page.screenshot({ path: path.join(SHOT_DIR, 'reports-annual.png'), fullPage: true });

    // The XLSX: a download that opens and says what the screen says.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('laporan-tahunan-2019.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('Capaian per wilayah')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[0] === 'Kota Banjarbaru')).toEqual(['Kota Banjarbaru', 2, 2, 3, 3, 3, 3]);
    let generatedBy: unknown;
    wb.getWorksheet('Ringkasan')!.eachRow((r) => {
      if (r.getCell(1).value === 'Dibuat oleh') generatedBy = r.getCell(2).value;
    });
    expect(generatedBy).toBe(manager.username);

    // The narrative of the head of section.
    await page.getByLabel('Narasi laporan').fill('Tiga peserta di Kota Banjarbaru lulus pelatihan tata boga.');
    await page.getByRole('button', { name: 'Simpan narasi' }).click();
    await visible(page.getByText('Narasi tersimpan.'));

    const violations = await seriousViolations(page);
    expect(violations, violations.join('\n')).toEqual([]);

    // For sharing outside the office: small counts become "<11", and the download link says so.
    await page.getByRole('checkbox', { name: 'Untuk dibagikan ke luar kantor' }).check();
    await visible(page.getByText(/angka 1 sampai 10 ditampilkan sebagai "<11"/));
    // The report says how many figures it hid, and the region picker is for figures as counted only.
    await visible(page.getByText(/^\d+ angka disembunyikan: \d+ karena kecil \("<11"\)/));
    expect(await page.getByLabel('Wilayah').isDisabled()).toBe(true);
    await expect
      .poll(
        async () =>
          (
            await page
              .getByRole('row', { name: /^Kota Banjarbaru/ })
              .first()
              .locator('td')
              .allTextContents()
          ).map((s) => s.trim()),
        { timeout: 10_000 },
      )
      .toEqual(['<11', '<11', '<11', '<11', '<11', '<11']);
    expect(await page.getByRole('link', { name: 'Unduh XLSX' }).getAttribute('href')).toBe(
      '/api/reports/annual.xlsx?year=2019&share=external',
    );

    // The identified list needs a reason first.
    await page.getByRole('button', { name: 'Unduh daftar (XLSX)' }).click();
    await visible(page.getByText('Tuliskan alasan yang jelas, paling sedikit 10 huruf.'));
    expect(await page.getByLabel('Alasan memerlukan daftar ini').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Alasan memerlukan daftar ini').fill('Verifikasi penerima bantuan usaha tahap 2');
    const [list] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh daftar (XLSX)' }).click(),
    ]);
    expect(list.suggestedFilename()).toMatch(/^daftar-peserta-cakupan-2026-11-28\.xlsx$/);
    const lwb = new ExcelJS.Workbook();
    await lwb.xlsx.readFile((await list.path())!);
    const head: Record<string, unknown> = {};
    lwb.getWorksheet('Daftar peserta')!.eachRow((r) => {
      head[String(r.getCell(1).value)] = r.getCell(2).value;
    });
    expect(String(head['Dibuat oleh'])).toContain(manager.username);
    expect(String(head['Dibuat pada'])).toContain('28 November 2026 09.15 WITA');
    expect(head.Alasan).toBe('Verifikasi penerima bantuan usaha tahap 2');
    expect(head['Jumlah peserta']).toBe('3');
    expect(cspErrors).toEqual([]);
  });

  it('the dashboard shows participants by stage and links each figure to the list behind it', async () => {
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Dasbor' }));
    await visible(page.getByText('Angka ringkas untuk bagian pekerjaan Anda, per 28 November 2026.'));
    await visible(
      page.getByRole('figure', { name: 'Grafik batang: jumlah peserta per tahap' }).locator('svg[role="img"]'),
    );
    await visible(page.getByRole('heading', { level: 2, name: 'Peserta per kabupaten/kota' }));
    await page.screenshot({ path: path.join(SHOT_DIR, 'dashboard.png'), fullPage: true });
    const violations = await seriousViolations(page);
    expect(violations, violations.join('\n')).toEqual([]);
    await page.getByRole('link', { name: 'Lihat peserta tahap Resosialisasi/reintegrasi' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Peserta' }));
    await expect
      .poll(() => page.getByLabel('Tahap', { exact: true }).inputValue(), { timeout: 10_000 })
      .toBe('RESOSIALISASI_REINTEGRASI');
    await countIs(page.locator('tbody tr'), 3);
    expect(cspErrors).toEqual([]);
  });

  it('imports a CSV: a bad row is named and nothing registered; the saved mapping is reused and every row registered', async () => {
    const ctx = await newContext();
    const p = await ctx.newPage();
    watchConsole(p);
    await signInThroughForm(p, server, caseworker);
    await p.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Impor data' }).click();
    await visible(p.getByRole('heading', { level: 1, name: 'Impor daftar peserta' }));
    await visible(p.getByRole('heading', { level: 2, name: /Pilih berkas/ }));

    const header =
      'Kab/Kota,Kategori,Nama lengkap,NIK,Alasan tanpa NIK,Tanggal lahir,JK,Setuju ikut,Setuju data,Dijelaskan oleh';
    const row = (name: string, birth: string, nik: string) =>
      `6372,PEREMPUAN_RENTAN,${name},${nik},,${birth},F,2026-11-02,2026-11-02,Pendamping Rina`;
    const good = [
      row('Melati Impor', '1990-01-02', testNik('1990-01-02')),
      row('Nurul Impor', '1991-02-03', testNik('1991-02-03')),
    ];
    const bad = row('Oktavia Impor', '1992-03-04', '6372015213950001'); // month 13: not a NIK
    const fixed = row('Oktavia Impor', '1992-03-04', testNik('1992-03-04'));
    const csv = (lines: string[]) => ({
      name: 'daftar-bjb.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...lines].join('\n')),
    });
    const before = await participantCount();

    // 1–2: the file's headers come back; the names the app knows are matched, the others chosen by hand.
    await p.getByLabel('Berkas daftar peserta').setInputFiles(csv([good[0]!, bad, good[1]!]));
    await p.getByRole('button', { name: 'Baca berkas' }).click();
    await visible(p.getByRole('heading', { level: 2, name: /Cocokkan kolom/ }));
    await visible(p.getByText('Berkas daftar-bjb.csv: 3 baris data, 10 kolom.'));
    expect(await p.getByLabel('Nama lengkap', { exact: true }).inputValue()).toBe('Nama lengkap');
    expect(await p.getByLabel('NIK', { exact: true }).inputValue()).toBe('NIK');
    await p.getByLabel('Kode kabupaten/kota').selectOption('Kab/Kota');
    await p.getByLabel('Jenis kelamin').selectOption('JK');
    await p.getByLabel('Tanggal persetujuan ikut program').selectOption('Setuju ikut');
    await p.getByLabel('Tanggal persetujuan pengolahan data').selectOption('Setuju data');
    await p.getByLabel('Nama pemetaan').fill('Daftar Dinsos Banjarbaru');
    await p.getByRole('button', { name: 'Simpan pemetaan' }).click();
    await visible(p.getByText('Pemetaan "Daftar Dinsos Banjarbaru" tersimpan.'));
    expect(
      (await server.booted.services.db.kysely.selectFrom('import_mappings').select('mapping').execute()).map((m) =>
        JSON.parse(m.mapping),
      ),
    ).toEqual([
      expect.objectContaining({
        regionCode: 'Kab/Kota',
        sex: 'JK',
        consentParticipation: 'Setuju ikut',
        consentDataProcessing: 'Setuju data',
        fullName: 'Nama lengkap',
      }),
    ]);
    let violations = await seriousViolations(p);
    expect(violations, violations.join('\n')).toEqual([]);

    // 3: the dry run names the row and the column, and says the problem in Indonesian; nobody is registered.
    await p.getByRole('button', { name: 'Periksa semua baris' }).click();
    await visible(p.getByRole('heading', { level: 2, name: /Hasil pemeriksaan/ }));
    await visible(p.getByText('1 masalah ditemukan. Tidak ada yang didaftarkan.', { exact: false }));
    const problem = p.getByRole('row').filter({ hasText: 'Angka ke-9 dan ke-10 (bulan lahir) harus 01–12.' });
    await visible(problem);
    expect(await problem.locator('th').textContent()).toContain('3');
    expect((await problem.locator('td').first().textContent())?.trim()).toBe('NIK');
    expect(await p.getByRole('button', { name: 'Daftarkan semua baris' }).count()).toBe(0);
    expect(await participantCount()).toBe(before);
    violations = await seriousViolations(p);
    expect(violations, violations.join('\n')).toEqual([]);

    // Next time (a reload: nothing in memory), the fixed file with the saved mapping.
    await p.reload();
    await visible(p.getByRole('heading', { level: 2, name: /Pilih berkas/ }));
    await p.getByLabel('Berkas daftar peserta').setInputFiles(csv([good[0]!, fixed, good[1]!]));
    await p.getByRole('button', { name: 'Baca berkas' }).click();
    await visible(p.getByRole('heading', { level: 2, name: /Cocokkan kolom/ }));
    expect(await p.getByLabel('Kode kabupaten/kota').inputValue()).toBe('');
    await p.getByRole('combobox', { name: 'Pemetaan tersimpan' }).selectOption({ label: 'Daftar Dinsos Banjarbaru' });
    await p.getByRole('button', { name: 'Pakai pemetaan ini' }).click();
    await visible(p.getByText('Pemetaan "Daftar Dinsos Banjarbaru" dipakai.'));
    expect(await p.getByLabel('Kode kabupaten/kota').inputValue()).toBe('Kab/Kota');
    expect(await p.getByLabel('Jenis kelamin').inputValue()).toBe('JK');
    await p.getByRole('button', { name: 'Periksa semua baris' }).click();
    await visible(p.getByText('Semua 3 baris benar. Belum ada yang didaftarkan.'));
    expect(await participantCount()).toBe(before);

    // 4–5: every row in one go; the progress bar ends at 100 %.
    await p.getByRole('button', { name: 'Daftarkan semua baris' }).click();
    await visible(p.getByText('Impor selesai: 3 peserta didaftarkan, 0 dilewati karena sudah terdaftar.'));
    const bar = p.getByRole('progressbar', { name: /Kemajuan impor/ });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 10_000 }).toBe('100');
    expect(await bar.getAttribute('aria-valuetext')).toContain('3 dari 3 baris');
    expect(await participantCount()).toBe(before + 3);
    violations = await seriousViolations(p);
    expect(violations, violations.join('\n')).toEqual([]);
    expect(cspErrors).toEqual([]);
    await ctx.close();
  });

  it('nothing sticks out sideways at 360 px on the report, the dashboard and the import wizard', async () => {
    const phone = await newContext(PHONE);
    const p = await phone.newPage();
    await signInThroughForm(p, server, caseworker);
    await p.goto(`${server.url}/reports`);
    await visible(p.getByRole('heading', { level: 1, name: 'Laporan tahunan' }));
    await p.getByLabel('Tahun', { exact: true }).selectOption('2019');
    await visible(p.getByRole('figure', { name: /capaian program tahun 2019/ }).locator('svg[role="img"]'));
    await visible(p.getByRole('row', { name: /^Kota Banjarbaru/ }).first());
    expect(await horizontalOverflow(p)).toBe(0);
    await p.screenshot({ path: path.join(SHOT_DIR, 'reports-annual-360.png'), fullPage: true });
    let violations = await seriousViolations(p);
    expect(violations, violations.join('\n')).toEqual([]);

    await p.goto(`${server.url}/dashboard`);
    await visible(p.getByRole('heading', { level: 1, name: 'Dasbor' }));
    await visible(p.getByRole('heading', { level: 2, name: 'Peserta yang Anda dampingi, per tahap' }));
    expect(await horizontalOverflow(p)).toBe(0);
    violations = await seriousViolations(p);
    expect(violations, violations.join('\n')).toEqual([]);

    await p.goto(`${server.url}/imports`);
    await visible(p.getByRole('heading', { level: 1, name: 'Impor daftar peserta' }));
    await p.getByLabel('Berkas daftar peserta').setInputFiles({
      name: 'x.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Nama lengkap,Kab/Kota\nPutri Uji,6372\n'),
    });
    await p.getByRole('button', { name: 'Baca berkas' }).click();
    await visible(p.getByRole('heading', { level: 2, name: /Cocokkan kolom/ }));
    expect(await horizontalOverflow(p)).toBe(0);
    await p.screenshot({ path: path.join(SHOT_DIR, 'import-map-360.png'), fullPage: true });
    await phone.close();
  });
});
