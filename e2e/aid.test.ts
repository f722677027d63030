// Business aid in Chromium, on a clock the test controls (March 2019): a March cohort in Banjarbaru has
// graduated (set up through the API: two graduates, one not). The head of section builds the kit catalogue
// (a kit, then a new version of it; another kit deactivated) and proposes the budget (a line over the ceiling is
// warned about before anything is saved and saved only once she confirms); the lines wait for the Kepala Bidang,
// who approves them on the budget page (only then do they count). The caseworker proposes aid for the graduates
// (one with another kit and its reason); the head of section is not the aid approver: she sees whom the list
// waits for, and where she proposes herself (another cohort) no approve button is offered and the server refuses
// her approval (403). The Kepala Bidang approves them all, the allocation page says the handover waits for the
// beneficiary decision letter (SK), and she issues the SK from the aid tab (a future date and an empty number
// refused beside their fields); the SK downloads as a PDF naming each recipient by the full name of her record.
// The head of section records one handover on the desk: the form names the items not yet procured and the save
// explains why it is refused until every item is received or ready, then the BAST downloaded as a PDF (her
// full name from her record, the amount in words), the signed scan uploaded, no photo without photo consent,
// and a lost item recorded afterwards. For the other allocation the Kepala Bidang records an exception with her
// reason (handover before every item is procured), and the caseworker hands it over on a 360 px phone. Last,
// the Kepala Bidang names a Plh. for her absence on the approvals page, and revokes it; the administrator names
// the PPK as approver of budget lines there, and a change of the aid approver made meanwhile in another tab opens
// the conflict dialog on her save. axe-core finds no
// serious or critical problems on the kit editor, the budget page, the aid tab and its SK form, the handover
// form, the exception form and the approvals page, and nothing sticks out sideways at 360 px.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { extractText } from 'unpdf';
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
import { json, type TestEnv } from '../tests/support/env.ts';
import { graduatedCohort } from '../tests/support/cohort.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
/** A small real PDF: what a scanner would send. */
const SIGNED_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.skipIf(SKIP_BROWSER)('business aid (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let desk: BrowserContext;
  let page: Page;
  let manager: SeededUser;
  let caseworker: SeededUser;
  /** The Kepala Bidang: the office's approver of aid and budget lines (the default setting). */
  let kabid: SeededUser;
  let kabidDesk: BrowserContext;
  let kp: Page;
  /** The second cohort's head of section: the Kepala Bidang names her Plh. */
  let secondManager: SeededUser;
  const ids = {
    programme: '',
    cohort: '',
    /** Another graduated cohort, where the head of section proposes aid herself. */
    ownCohort: '',
    allocationA: '',
    allocationB: '',
    participantA: '',
    cateringKit: '',
  };
  /** The two graduates (A keeps the kit of her trade, B gets another kit) and the one who did not graduate. */
  const codes = { A: '', B: '', C: '' };

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  beforeAll(async () => {
    server = await startServer();
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    kabid = await server.seedUser('head_of_division', ['63'], 'kabid.rehsos');
    // The cohort of March 2019 through the API, as tests/aid.test.ts builds it: attendance 5, 5 and 2 of 5.
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const g = await graduatedCohort(
      env,
      { manager: { ...manager, regions: ['63'] }, caseworker: { ...caseworker, regions: ['6372'] } },
      [5, 5, 2],
    );
    ids.programme = g.programmeId;
    ids.cohort = g.cohortId;
    const byStatus = (s: string) => g.enrollments.filter((e) => e.status === s);
    expect(byStatus('GRADUATED')).toHaveLength(2);
    codes.A = byStatus('GRADUATED')[0]!.code;
    codes.B = byStatus('GRADUATED')[1]!.code;
    codes.C = byStatus('NOT_GRADUATED')[0]!.code;
    // Two more kits in the catalogue: one for catering (B's alternative) and one for sewing (deactivated on screen).
    const catering = await g.mgr.post('/api/kits', {
      trade: 'KATERING',
      name: 'Paket usaha katering',
      items: [
        { name: 'Kompor dua tungku', quantity: 1, unit: 'unit', unitPrice: 900_000 },
        { name: 'Panci besar', quantity: 2, unit: 'buah', unitPrice: 250_000 },
      ],
    });
    expect(catering.statusCode, catering.body).toBe(201);
    ids.cateringKit = json(catering).id;
    expect(
      (
        await g.mgr.post('/api/kits', {
          trade: 'MENJAHIT',
          name: 'Paket usaha jahit',
          items: [{ name: 'Mesin jahit', quantity: 1, unit: 'unit', unitPrice: 1_500_000 }],
        })
      ).statusCode,
    ).toBe(201);
    // Another graduated cohort, in a programme of its own (the budget figures below stay those of the first). Its
    // set-up turns the clock back to February, and a sign-in code is never accepted twice, so other staff accounts
    // set it up; the head of section proposes its aid herself on screen.
    const second = await g.mgr.post('/api/programmes', {
      name: 'Pembinaan 2019 gelombang kedua',
      year: 2019,
      budgetCeiling: 50_000_000,
      targetParticipants: 5,
    });
    expect(second.statusCode, second.body).toBe(201);
    secondManager = await server.seedUser('manager', ['63'], 'kasi.kedua');
    const own = await graduatedCohort(
      env,
      {
        manager: { ...secondManager, regions: ['63'] },
        caseworker: { ...(await server.seedUser('caseworker', ['6372'], 'pendamping.kedua')), regions: ['6372'] },
      },
      [5],
      { programmeId: json(second).id },
    );
    ids.ownCohort = own.cohortId;

    browser = await launchBrowser();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await desk.clock.setFixedTime(server.clock.now());
    page = await desk.newPage();
    kabidDesk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await kabidDesk.clock.setFixedTime(server.clock.now());
    kp = await kabidDesk.newPage();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds the kit catalogue: a kit with its items, then a new version; another kit deactivated', async () => {
    await signInThroughForm(page, server, manager);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Paket bantuan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Paket bantuan usaha' }));
    await visible(page.getByRole('heading', { level: 2, name: 'Katering' }));

    await page.getByRole('button', { name: 'Tambah paket' }).click();
    const form = page.getByRole('form', { name: 'Paket baru' });
    await visible(form);
    await form.getByLabel('Keterampilan').selectOption({ label: 'Tata boga' });
    await form.getByLabel('Nama paket').fill('Paket usaha kue');
    const item = (n: number) => form.getByRole('group', { name: `Barang ${n}` });
    await item(1).getByLabel('Nama barang').fill('Oven gas');
    await item(1).getByLabel('Harga satuan').fill('1750000');
    expect(await item(1).getByLabel('Harga satuan').inputValue()).toBe('Rp 1.750.000');
    await item(1)
      .getByLabel(/^Pemasok/)
      .fill('Toko Sinar Banjarbaru');
    await form.getByRole('button', { name: 'Tambah barang' }).click();
    await item(2).getByLabel('Nama barang').fill('Mixer');
    await item(2).getByLabel('Harga satuan').fill('650000');
    await form.getByRole('button', { name: 'Tambah barang' }).click();
    await item(3).getByLabel('Nama barang').fill('Loyang');
    await item(3).getByLabel('Jumlah', { exact: true }).fill('3');
    await item(3).getByLabel('Satuan', { exact: true }).fill('buah');
    await item(3).getByLabel('Harga satuan').fill('45000');
    await visible(form.getByText('Nilai paket: Rp 2.535.000'));
    expect(await seriousViolations(page), 'kit editor').toEqual([]);
    // Empty price on a fourth item: refused on the field, nothing lost.
    await form.getByRole('button', { name: 'Tambah barang' }).click();
    await item(4).getByLabel('Nama barang').fill('Bahan kue awal');
    await form.getByRole('button', { name: 'Simpan paket' }).click();
    await visible(item(4).getByText('Isi harga satuan dalam rupiah.'));
    expect(await item(4).getByLabel('Harga satuan').getAttribute('aria-invalid')).toBe('true');
    expect(await item(1).getByLabel('Nama barang').inputValue()).toBe('Oven gas');
    await form.getByRole('button', { name: 'Hapus barang 4' }).click();
    await form.getByRole('button', { name: 'Simpan paket' }).click();
    await visible(page.getByText('Paket "Paket usaha kue" tersimpan.'));
    const row = page.getByRole('row').filter({ hasText: 'Paket usaha kue' });
    await visible(row.getByText('Versi 1'));
    await visible(row.getByText('Rp 2.535.000'));
    expect(await row.textContent()).toContain('Loyang × 3 buah');

    // A change is a new version.
    await page.getByRole('button', { name: 'Ubah paket Paket usaha kue' }).click();
    const edit = page.getByRole('form', { name: 'Ubah paket: versi baru' });
    await visible(edit.getByText(/Menyimpan perubahan membuat versi 2/));
    await edit.getByRole('group', { name: 'Barang 2' }).getByLabel('Harga satuan').fill('700000');
    await edit.getByRole('button', { name: 'Simpan versi baru' }).click();
    await visible(page.getByText('Paket "Paket usaha kue" tersimpan sebagai versi 2.'));
    await visible(row.getByText('Versi 2'));
    await visible(row.getByText('Rp 2.585.000'));

    // The sewing kit is no longer offered.
    await page.getByRole('button', { name: 'Nonaktifkan paket Paket usaha jahit' }).click();
    await visible(page.getByText(/Paket "Paket usaha jahit" dinonaktifkan/));
    await visible(
      page.getByRole('row').filter({ hasText: 'Paket usaha jahit' }).getByText('Nonaktif', { exact: true }),
    );
    const kits = (await page.evaluate(() => fetch('/api/kits').then((r) => r.json()))).items as {
      name: string;
      version: number;
      total: number;
      active: boolean;
    }[];
    expect(kits.find((k) => k.name === 'Paket usaha kue')).toMatchObject({
      version: 2,
      total: 2_585_000,
      active: true,
    });
    expect(kits.find((k) => k.name === 'Paket usaha jahit')).toMatchObject({ active: false });
    await page.screenshot({ path: path.join(SHOT_DIR, 'aid-kits.png'), fullPage: true });
    expect(await seriousViolations(page), 'kit list').toEqual([]);
  });

  it('plans the budget: a line over the ceiling is warned about first and saved only when the head of section confirms; the Kepala Bidang approves the lines', async () => {
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Anggaran' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Anggaran' }));
    await expect
      .poll(() => page.getByLabel('Program', { exact: true }).inputValue(), { timeout: 10_000 })
      .toBe(ids.programme);
    await page.getByRole('button', { name: 'Buka anggaran' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Anggaran: Pembinaan 2019 (2019)' }));
    expect(new URL(page.url()).pathname).toBe(`/budget/${ids.programme}`);
    await visible(page.getByText('Belum ada baris anggaran.'));

    const form = page.getByRole('form', { name: 'Tambah baris anggaran' });
    await form.getByLabel('Jenis biaya').selectOption({ label: 'Honor fasilitator' });
    await form.getByLabel('Uraian').fill('Honor instruktur tata boga');
    await form.getByLabel('Rencana', { exact: true }).fill('4000000');
    await form.getByLabel(/^Realisasi/).fill('3500000');
    await form.getByRole('button', { name: 'Simpan baris' }).click();
    await visible(
      page.getByText('Baris "Honor instruktur tata boga" tersimpan dan menunggu persetujuan Kepala Bidang.'),
    );
    await visible(page.getByRole('heading', { level: 3, name: 'Honor fasilitator' }));

    // 99 million more takes the plan over the 100 million ceiling: a warning, and nothing is sent.
    await form.getByLabel('Jenis biaya').selectOption({ label: 'Konsumsi dan transport' });
    await form.getByLabel('Uraian').fill('Konsumsi peserta Maret');
    await form.getByLabel('Rencana', { exact: true }).fill('99000000');
    await form.getByRole('button', { name: 'Simpan baris' }).click();
    const warning = form.getByRole('alert').filter({
      hasText: 'Baris ini membuat rencana menjadi Rp 103.000.000, melebihi pagu Rp 100.000.000 sebesar Rp 3.000.000.',
    });
    await visible(warning);
    expect(await seriousViolations(page), 'budget with the warning').toEqual([]);
    let lines = (
      await page.evaluate((id) => fetch(`/api/programmes/${id}/budget-lines`).then((r) => r.json()), ids.programme)
    ).items;
    expect(lines).toHaveLength(1);
    // Saving again without the tick is refused on the tick box; what was typed stays.
    await form.getByRole('button', { name: 'Simpan baris' }).click();
    await visible(form.getByText('Centang persetujuan ini untuk menyimpan di atas pagu.'));
    expect(await form.getByLabel('Uraian').inputValue()).toBe('Konsumsi peserta Maret');
    await form.getByRole('checkbox', { name: 'Saya Kepala Seksi dan menyetujui rencana melebihi pagu.' }).check();
    await form.getByRole('button', { name: 'Simpan melebihi pagu' }).click();
    await visible(page.getByText('Baris "Konsumsi peserta Maret" tersimpan dan menunggu persetujuan Kepala Bidang.'));
    lines = (
      await page.evaluate((id) => fetch(`/api/programmes/${id}/budget-lines`).then((r) => r.json()), ids.programme)
    ).items;
    expect(lines.map((l: { planned: number; status: string }) => [l.planned, l.status])).toEqual([
      [4_000_000, 'PROPOSED'],
      [99_000_000, 'PROPOSED'],
    ]);
    // Proposed lines wait: they do not count yet, and she is offered no decision on them.
    await visible(page.getByText('Menunggu persetujuan: Rp 103.000.000'));
    await countIs(page.getByRole('button', { name: /^Setujui baris/ }), 0);
    await countIs(page.getByText('Menunggu persetujuan Kepala Bidang', { exact: true }), 2);

    // The Kepala Bidang approves both lines on the same page; then they count.
    await signInThroughForm(kp, server, kabid);
    await kp.goto(`${server.url}/budget/${ids.programme}`);
    await visible(kp.getByRole('heading', { level: 1, name: 'Anggaran: Pembinaan 2019 (2019)' }));
    const feesRow = kp.getByRole('row').filter({ hasText: 'Honor instruktur tata boga' });
    await visible(feesRow.getByText('Diusulkan', { exact: true }));
    expect(await feesRow.textContent()).toContain(manager.username);
    expect(await seriousViolations(kp), 'budget page with decisions').toEqual([]);
    await kp.getByRole('button', { name: 'Setujui baris Honor instruktur tata boga' }).click();
    await visible(kp.getByText('Baris "Honor instruktur tata boga" disetujui.'));
    await kp.getByRole('button', { name: 'Setujui baris Konsumsi peserta Maret' }).click();
    await visible(kp.getByText('Baris "Konsumsi peserta Maret" disetujui.'));
    await countIs(kp.getByText('Disetujui', { exact: true }), 2);
    await countIs(kp.getByText(/^Menunggu persetujuan: /), 0);
    expect(await feesRow.textContent()).toContain(kabid.username);
    await page.reload();
    await visible(page.getByText('Rencana atau realisasi sudah melebihi pagu program.'));

    // The chart has a name; the same figures are in a table.
    await visible(page.getByRole('img', { name: 'Grafik batang rencana dan realisasi per jenis biaya' }));
    await expect
      .poll(() => page.locator('.aid-chart-box .recharts-bar-rectangle').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const figures = page.getByRole('table', { name: 'Rencana dan realisasi per jenis biaya' });
    const fees = figures.getByRole('row').filter({ hasText: 'Honor fasilitator' });
    expect((await fees.locator('td').allTextContents()).map((s) => s.trim())).toEqual([
      'Rp 4.000.000',
      'Rp 3.500.000',
      'Rp 500.000',
    ]);
    expect(await figures.getByRole('row').filter({ hasText: 'Jumlah' }).textContent()).toContain('Rp 103.000.000');
    // 3 participants, 2 graduates: 3.500.000 / 3 and / 2, rounded down.
    await visible(page.getByText('Rp 1.166.666 (3 orang)'));
    await visible(page.getByText('Rp 1.750.000 (2 orang)'));
    await page.screenshot({ path: path.join(SHOT_DIR, 'aid-budget.png'), fullPage: true });
    expect(await seriousViolations(page), 'budget page').toEqual([]);
  });

  it('the caseworker proposes aid for the graduates (one with another kit and its reason); the Kepala Bidang approves them all and decides them in an SK; the head of section does not approve', async () => {
    // The caseworker proposes, at her own desk.
    const cwDesk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await cwDesk.clock.setFixedTime(server.clock.now());
      const p = await cwDesk.newPage();
      await signInThroughForm(p, server, caseworker);
      await p.goto(`${server.url}/cohorts/${ids.cohort}`);
      await visible(p.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
      await p.getByRole('tab', { name: 'Bantuan' }).click();
      const panel = p.getByRole('tabpanel', { name: 'Bantuan' });
      const propose = panel.getByRole('form', { name: 'Usulkan bantuan' });
      await visible(propose);
      // Only the graduates are offered; the one who did not graduate is not.
      await visible(propose.getByLabel(`Paket untuk ${codes.A} (Siti)`));
      expect(await panel.textContent()).not.toContain(codes.C);
      expect(await propose.getByLabel(`Paket untuk ${codes.A} (Siti)`).locator('option:checked').textContent()).toBe(
        'Sesuai keterampilan: Tata boga',
      );
      // The deactivated kit is not among the alternatives.
      await countIs(
        propose.getByLabel(`Paket untuk ${codes.B} (Siti)`).locator('option', { hasText: 'Paket usaha jahit' }),
        0,
      );
      await propose.getByLabel(`Paket untuk ${codes.B} (Siti)`).selectOption(ids.cateringKit);
      await propose.getByRole('button', { name: 'Usulkan bantuan untuk 2 lulusan' }).click();
      await visible(propose.getByText('Tulis alasan memilih paket lain.'));
      expect(await seriousViolations(p), 'aid tab with the proposal form').toEqual([]);
      await propose
        .getByLabel(`Alasan memilih paket lain untuk ${codes.B} (Siti)`)
        .fill('Ia sudah menerima pesanan nasi kotak dari tetangga dan ingin membuka katering.');
      await propose.getByRole('button', { name: 'Usulkan bantuan untuk 2 lulusan' }).click();
      await visible(panel.getByText('Usulan bantuan tersimpan: 2 lulusan.'));
      const rows = panel.getByRole('table', { name: 'Daftar bantuan' }).locator('tbody tr');
      await countIs(rows, 2);
      await countIs(rows.getByText('Diusulkan', { exact: true }), 2);
      const rowA = rows.filter({ hasText: codes.A });
      expect(await rowA.textContent()).toContain('Paket usaha kue · Versi 2');
      expect(await rowA.textContent()).toContain('Rp 2.585.000');
      expect(await rows.filter({ hasText: codes.B }).textContent()).toContain('Paket usaha katering');
      await visible(panel.getByText('Jumlah nilai bantuan: Rp 3.985.000'));
      // She does not approve: the list waits for the Kepala Bidang.
      await visible(panel.getByText('Menunggu persetujuan Kepala Bidang: 2 alokasi.'));
      await countIs(panel.getByRole('button', { name: /^Setujui semua/ }), 0);
      expect(await seriousViolations(p), 'aid tab').toEqual([]);
    } finally {
      await cwDesk.close();
    }

    // The head of section sees who proposed each; she is not the aid approver, so she is offered no approval.
    await page.goto(`${server.url}/cohorts/${ids.cohort}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
    await page.getByRole('tab', { name: 'Bantuan' }).click();
    const mgrPanel = page.getByRole('tabpanel', { name: 'Bantuan' });
    const mgrRows = mgrPanel.getByRole('table', { name: 'Daftar bantuan' }).locator('tbody tr');
    await countIs(mgrRows, 2);
    await countIs(mgrRows.getByText(caseworker.username, { exact: true }), 2);
    await visible(mgrPanel.getByText('Menunggu persetujuan Kepala Bidang: 2 alokasi.'));
    await countIs(mgrPanel.getByRole('button', { name: /^Setujui semua/ }), 0);

    // Where she proposes herself (another cohort) it is the same, and the server refuses her approval.
    await page.goto(`${server.url}/cohorts/${ids.ownCohort}?tab=aid`);
    const ownPanel = page.getByRole('tabpanel', { name: 'Bantuan' });
    await ownPanel.getByRole('button', { name: 'Usulkan bantuan untuk 1 lulusan' }).click();
    await visible(ownPanel.getByText('Usulan bantuan tersimpan: 1 lulusan.'));
    await visible(ownPanel.getByText('Menunggu persetujuan Kepala Bidang: 1 alokasi.'));
    await countIs(ownPanel.getByRole('button', { name: /^Setujui semua/ }), 0);
    expect(await seriousViolations(page), 'aid tab with her own proposal').toEqual([]);
    const own = (
      await page.evaluate((id) => fetch(`/api/cohorts/${id}/allocations`).then((r) => r.json()), ids.ownCohort)
    ).items as { id: string; proposedBy: { id: string } }[];
    expect(own[0]!.proposedBy.id).toBe(manager.id);
    await ownPanel.getByRole('link', { name: /^Buka bantuan/ }).click();
    await visible(page.getByText('Alokasi ini menunggu persetujuan Kepala Bidang.'));
    await countIs(page.getByRole('button', { name: 'Setujui alokasi' }), 0);
    const refused = await page.evaluate(
      (id) =>
        fetch(`/api/allocations/${id}/approve`, { method: 'POST', headers: { Accept: 'application/json' } }).then(
          async (r) => ({ status: r.status, code: (await r.json()).error?.code }),
        ),
      own[0]!.id,
    );
    expect(refused.status).toBe(403);

    // The Kepala Bidang sees who proposed each and approves them all.
    await kp.goto(`${server.url}/cohorts/${ids.cohort}`);
    await visible(kp.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
    await kp.getByRole('tab', { name: 'Bantuan' }).click();
    const panel = kp.getByRole('tabpanel', { name: 'Bantuan' });
    const rows = panel.getByRole('table', { name: 'Daftar bantuan' }).locator('tbody tr');
    await countIs(rows, 2);
    await countIs(rows.getByText('Diusulkan', { exact: true }), 2);
    await countIs(rows.getByText(caseworker.username, { exact: true }), 2);
    await kp.screenshot({ path: path.join(SHOT_DIR, 'aid-allocations.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Setujui semua (2)' }).click();
    await visible(panel.getByText('2 alokasi disetujui.'));
    await countIs(rows.getByText('Disetujui', { exact: true }), 2);
    await countIs(rows.getByText(`Disetujui oleh ${kabid.username}`), 2);
    await countIs(panel.getByRole('button', { name: /^Setujui semua/ }), 0);
    const listed = (
      await kp.evaluate((id) => fetch(`/api/cohorts/${id}/allocations`).then((r) => r.json()), ids.cohort)
    ).items as {
      id: string;
      participantId: string;
      code: string;
      status: string;
      approvedBy: string;
      proposedBy: { id: string };
      decree: unknown;
    }[];
    expect(listed.map((a) => [a.code, a.status, a.proposedBy.id, a.approvedBy, a.decree])).toEqual([
      [codes.A, 'APPROVED', caseworker.id, kabid.username, null],
      [codes.B, 'APPROVED', caseworker.id, kabid.username, null],
    ]);
    ids.allocationA = listed.find((a) => a.code === codes.A)!.id;
    ids.participantA = listed.find((a) => a.code === codes.A)!.participantId;
    ids.allocationB = listed.find((a) => a.code === codes.B)!.id;
    const participantB = listed.find((a) => a.code === codes.B)!.participantId;

    // Approved but in no letter yet: the handover waits for the SK. The head of section is told so; the
    // Kepala Bidang is also given the way back to the aid tab.
    await page.goto(`${server.url}/allocations/${ids.allocationA}`);
    await visible(page.getByText(/menunggu SK penetapan penerima manfaat/));
    await countIs(page.getByRole('form', { name: 'Serah terima', exact: true }), 0);
    await countIs(page.getByRole('link', { name: 'Terbitkan SK di tab Bantuan angkatan' }), 0);
    await kp.goto(`${server.url}/allocations/${ids.allocationA}`);
    await kp.getByRole('link', { name: 'Terbitkan SK di tab Bantuan angkatan' }).click();

    // The SK, from the aid tab: a date ahead and an empty number are refused beside their fields.
    const decrees = panel.getByRole('region', { name: 'Surat Keputusan penetapan penerima manfaat (SK)' });
    await visible(decrees.getByText('2 usulan disetujui menunggu SK'));
    await visible(decrees.getByText('Belum ada SK untuk angkatan ini.'));
    const sk = decrees.getByRole('form', { name: 'Terbitkan SK' });
    expect(await sk.getByLabel('Tanggal SK').inputValue()).toBe('31/03/2019');
    expect(await sk.getByLabel('Jabatan penanda tangan').inputValue()).toBe('Kepala Bidang Rehabilitasi Sosial');
    await sk.getByLabel('Tanggal SK').fill('2019-04-02');
    await sk.getByRole('button', { name: 'Terbitkan SK untuk 2 penerima' }).click();
    await visible(sk.getByText('Isi nomor SK (paling banyak 100 karakter).'));
    await visible(sk.getByText('Tanggal ini belum terjadi: isi tanggal hari ini atau sebelumnya.'));
    expect(await sk.getByLabel('Nomor SK').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(kp), 'aid tab with the SK form').toEqual([]);
    await sk.getByLabel('Nomor SK').fill('460/012/RS/2019');
    await sk.getByLabel('Tanggal SK').fill('2019-03-31');
    await sk.getByRole('button', { name: 'Terbitkan SK untuk 2 penerima' }).click();
    await visible(panel.getByText(/^SK 460\/012\/RS\/2019 terbit: 2 penerima, Rp 3\.985\.000\./));
    const letter = decrees.getByRole('table').getByRole('row').filter({ hasText: '460/012/RS/2019' });
    await visible(letter.getByText('31 Maret 2019'));
    await visible(letter.getByText(`${kabid.username}, Kepala Bidang Rehabilitasi Sosial`));
    await visible(letter.getByText('2 orang'));
    await visible(letter.getByText('Rp 3.985.000'));
    await countIs(rows.getByText('SK 460/012/RS/2019'), 2);
    await countIs(sk, 0);
    await visible(decrees.getByText('Tidak ada usulan disetujui yang menunggu SK.'));
    expect(await seriousViolations(kp), 'aid tab with the SK').toEqual([]);
    // The letter as a PDF: each recipient by the full name of her record.
    const [download] = await Promise.all([
      kp.waitForEvent('download'),
      letter.getByRole('link', { name: 'Unduh PDF SK 460/012/RS/2019' }).click(),
    ]);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await extractText(new Uint8Array(bytes), { mergePages: true })).text;
    for (const id of [ids.participantA, participantB]) {
      const her = await page.evaluate((pid) => fetch(`/api/participants/${pid}`).then((r) => r.json()), id);
      expect(text).toContain(her.identity.fullName);
    }
    expect(text).toContain('460/012/RS/2019');
  });

  it('records one handover on the desk: procurement of every item, the form, the BAST as a PDF, the signed scan; no photo without consent', async () => {
    await page.goto(`${server.url}/cohorts/${ids.cohort}?tab=aid`);
    const panel = page.getByRole('tabpanel', { name: 'Bantuan' });
    await panel.getByRole('link', { name: `Buka bantuan ${codes.A}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Bantuan usaha: ${codes.A}` }));
    await visible(page.getByRole('link', { name: 'Kembali ke angkatan: Angkatan 1' }));
    await visible(page.locator('.participant-header').getByText('Nomor 460/012/RS/2019, 31 Maret 2019'));

    await page.getByLabel('Pengadaan: Oven gas').selectOption({ label: 'Siap diserahkan' });
    await page.getByRole('button', { name: 'Simpan status pengadaan' }).click();
    await visible(page.getByText('Status pengadaan tersimpan.'));
    await visible(
      page
        .getByRole('table', { name: 'Barang', exact: true })
        .getByRole('row')
        .filter({ hasText: 'Oven gas' })
        .getByText('Siap diserahkan'),
    );

    const form = page.getByRole('form', { name: 'Serah terima', exact: true });
    // The form names what is not procured yet.
    const notProcured = form.getByText('Barang yang belum diterima di gudang atau siap diserahkan: Mixer, Loyang.');
    await visible(notProcured);
    expect(await form.getByLabel('Tanggal serah terima').inputValue()).toBe('31/03/2019');
    expect(await form.getByLabel('Wilayah usaha (kabupaten/kota)').inputValue()).toBe('6372');
    // Nothing typed yet: each missing field says so, and nothing is saved.
    await form.getByRole('button', { name: 'Simpan serah terima' }).click();
    await visible(form.getByText('Isi tempat serah terima.'));
    await visible(form.getByText('Pilih jenis usaha.'));
    await form.getByLabel('Tempat').fill('Aula Dinas Sosial Provinsi Kalimantan Selatan');
    await form.getByLabel('Diserahkan oleh (petugas)').fill('Drs. Ahmad Fauzi');
    await form.getByLabel('Diterima oleh').fill('Siti');
    await form.getByLabel('No. seri Oven gas').fill('OVN-2019-0001');
    await form.getByLabel('Jenis usaha').selectOption({ label: 'Kue dan roti' });
    await form.getByLabel('Tanggal mulai usaha').fill('2019-04-08');
    expect(await seriousViolations(page), 'handover form').toEqual([]);
    // Saved before the mixer and the tins are in: refused, and the form says why; what was typed stays.
    await form.getByRole('button', { name: 'Simpan serah terima' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'Ada barang yang belum diadakan.' }));
    expect(await form.getByLabel('Tempat').inputValue()).toBe('Aula Dinas Sosial Provinsi Kalimantan Selatan');
    await page.getByLabel('Pengadaan: Mixer').selectOption({ label: 'Diterima di gudang' });
    await page.getByLabel('Pengadaan: Loyang').selectOption({ label: 'Diterima di gudang' });
    await page.getByRole('button', { name: 'Simpan status pengadaan' }).click();
    await visible(
      page
        .getByRole('table', { name: 'Barang', exact: true })
        .getByRole('row')
        .filter({ hasText: 'Loyang' })
        .getByText('Diterima di gudang'),
    );
    await countIs(notProcured, 0);
    await form.getByRole('button', { name: 'Simpan serah terima' }).click();
    await visible(page.getByText('Serah terima tersimpan. Unduh BAST, minta tanda tangan, lalu unggah pindaiannya.'));
    await visible(page.locator('.participant-header').getByText('Sudah diserahkan'));
    await countIs(page.getByRole('form', { name: 'Serah terima', exact: true }), 0);
    await visible(page.getByText('Bantuan ini sudah diserahkan; data serah terima hanya dapat dibaca.'));
    await visible(page.getByText('Pindaian BAST bertanda tangan belum diunggah.'));
    await visible(page.getByRole('table', { name: 'Barang', exact: true }).getByText('OVN-2019-0001'));
    // No photo consent: no upload, and why not.
    await visible(
      page.getByText(/Foto serah terima tidak dapat diunggah karena peserta belum memberikan persetujuan foto/),
    );
    await countIs(page.getByLabel('Foto serah terima'), 0);

    // The BAST, as a PDF.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh BAST (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bast-${codes.A}.pdf`);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
    // It names her as her record does, and gives the amount in words.
    const her = await page.evaluate((id) => fetch(`/api/participants/${id}`).then((r) => r.json()), ids.participantA);
    const bast = (await extractText(new Uint8Array(bytes), { mergePages: true })).text;
    expect(bast).toContain(her.identity.fullName);
    expect(bast).toContain('Terbilang: Dua juta lima ratus delapan puluh lima ribu rupiah');

    // The signed scan.
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await visible(page.getByText('Pilih berkasnya terlebih dahulu.'));
    await page
      .getByLabel('Pindaian BAST bertanda tangan', { exact: true })
      .setInputFiles({ name: 'bast-ditandatangani.pdf', mimeType: 'application/pdf', buffer: SIGNED_PDF });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await visible(page.getByText('Pindaian BAST tersimpan.'));
    await visible(page.getByText('Pindaian BAST bertanda tangan sudah tersimpan.'));
    const saved = await page.evaluate((id) => fetch(`/api/allocations/${id}`).then((r) => r.json()), ids.allocationA);
    expect(saved).toMatchObject({
      status: 'HANDED_OVER',
      handover: {
        date: '2019-03-31',
        place: 'Aula Dinas Sosial Provinsi Kalimantan Selatan',
        handedOverBy: 'Drs. Ahmad Fauzi',
        receivedBy: 'Siti',
        hasSignedScan: true,
        hasPhoto: false,
      },
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-08' },
      photoConsent: false,
    });
    expect(
      saved.items.map((i: { serial: string | null; procurement: string | null }) => [i.serial, i.procurement]),
    ).toEqual([
      ['OVN-2019-0001', 'READY'],
      [null, 'RECEIVED'],
      [null, 'RECEIVED'],
    ]);

    // Later a baking tin is lost: a new record; the handover stays as it was.
    const events = page.getByRole('form', { name: 'Catat pengembalian atau kehilangan' });
    await events.getByLabel('Barang', { exact: true }).selectOption({ label: 'Loyang (3 buah)' });
    await events.getByRole('radio', { name: 'Hilang' }).check();
    await events.getByLabel(/^Keterangan/).fill('Terbawa banjir di rumah kontrakan');
    await events.getByRole('button', { name: 'Simpan catatan' }).click();
    await visible(page.getByText('Catatan tersimpan: Loyang hilang.'));
    const lost = page
      .getByRole('table', { name: 'Pengembalian dan kehilangan barang' })
      .getByRole('row')
      .filter({ hasText: 'Loyang' });
    await visible(lost.getByText('Rp 45.000'));
    expect(await lost.textContent()).toContain('Terbawa banjir di rumah kontrakan');
    expect(await lost.textContent()).toContain(manager.username);
    expect(await seriousViolations(page), 'handed-over allocation').toEqual([]);
    await page.screenshot({ path: path.join(SHOT_DIR, 'aid-handover-done.png'), fullPage: true });

    // Handed-over kits count as realised; the lost tin does not lower it.
    const budget = await page.evaluate(
      (id) => fetch(`/api/programmes/${id}/budget`).then((r) => r.json()),
      ids.programme,
    );
    expect(budget).toMatchObject({
      kitsHandedOver: 2_585_000,
      realised: 3_500_000 + 2_585_000,
      kitsReturnedOrLost: 45_000,
    });
  });

  it('the Kepala Bidang allows the other handover before its items are procured; the caseworker records it on a 360 px phone', async () => {
    // Nothing of the catering kit is procured yet: the form says so to the head of section, who may not allow it.
    await page.goto(`${server.url}/allocations/${ids.allocationB}`);
    await visible(page.getByRole('heading', { level: 1, name: `Bantuan usaha: ${codes.B}` }));
    await visible(
      page
        .getByRole('form', { name: 'Serah terima', exact: true })
        .getByText('Barang yang belum diterima di gudang atau siap diserahkan: Kompor dua tungku, Panci besar.'),
    );
    await countIs(page.getByRole('form', { name: 'Izinkan serah terima sebelum semua barang diadakan' }), 0);
    // The Kepala Bidang, who approved it, records an exception with her reason.
    await kp.goto(`${server.url}/allocations/${ids.allocationB}`);
    await visible(kp.getByRole('heading', { level: 1, name: `Bantuan usaha: ${codes.B}` }));
    const exception = kp.getByRole('form', { name: 'Izinkan serah terima sebelum semua barang diadakan' });
    await exception.getByLabel('Alasan').fill('Segera');
    await exception.getByRole('button', { name: 'Izinkan serah terima' }).click();
    await visible(exception.getByText('Tulis alasannya, 10 sampai 500 karakter.'));
    expect(await exception.getByLabel('Alasan').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(kp), 'exception form').toEqual([]);
    const reason = 'Kompor dan panci dibeli bersama kelompok usaha katering; nota menyusul.';
    await exception.getByLabel('Alasan').fill(reason);
    await exception.getByRole('button', { name: 'Izinkan serah terima' }).click();
    await visible(kp.getByText('Pengecualian tersimpan: serah terima dapat dicatat sebelum semua barang diadakan.'));
    await countIs(exception, 0);
    const recorded = kp.getByRole('region', { name: 'Serah terima diizinkan sebelum semua barang diadakan' });
    await visible(recorded.getByText(reason));
    expect(await recorded.textContent()).toContain(kabid.username);
    expect(await seriousViolations(kp), 'allocation with the exception').toEqual([]);
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: `Bantuan usaha: ${codes.B}` }));
    await countIs(page.getByText(/Barang yang belum diterima di gudang/), 0);

    const phone = await browser.newContext(PHONE);
    try {
      await phone.clock.setFixedTime(server.clock.now());
      const p = await phone.newPage();
      await signInThroughForm(p, server, caseworker);
      await p.goto(`${server.url}/allocations/${ids.allocationB}`);
      await visible(p.getByRole('heading', { level: 1, name: `Bantuan usaha: ${codes.B}` }));
      const form = p.getByRole('form', { name: 'Serah terima', exact: true });
      await visible(form);
      await visible(p.getByText('Ia sudah menerima pesanan nasi kotak dari tetangga dan ingin membuka katering.'));
      // She sees the exception and who allowed it; only an approver records one.
      await visible(p.getByText(reason));
      await countIs(p.getByRole('form', { name: 'Izinkan serah terima sebelum semua barang diadakan' }), 0);
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(p), 'handover form at 360 px').toEqual([]);
      await form.getByLabel('Tempat').fill('Rumah peserta, Kelurahan Guntung Manggis');
      await form.getByLabel('Diserahkan oleh (petugas)').fill(caseworker.username);
      await form.getByLabel('Diterima oleh').fill('Siti');
      await form.getByLabel('Jenis usaha').selectOption({ label: 'Katering' });
      await p.screenshot({ path: path.join(SHOT_DIR, 'aid-handover-360.png'), fullPage: true });
      await form.getByRole('button', { name: 'Simpan serah terima' }).tap();
      await visible(p.getByText('Serah terima tersimpan. Unduh BAST, minta tanda tangan, lalu unggah pindaiannya.'));
      await visible(p.getByRole('link', { name: 'Unduh BAST (PDF)' }));
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }
  });

  it('the Kepala Bidang names a Plh. for her absence on the approvals page, then revokes it; the administrator changes who approves budget lines', async () => {
    await kp.goto(`${server.url}/`);
    await kp
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Persetujuan & pelimpahan' })
      .click();
    await visible(kp.getByRole('heading', { level: 1, name: 'Persetujuan & pelimpahan' }));
    // The setting is the administrator's: she reads it.
    const approvers = kp.getByRole('table', { name: 'Pejabat yang menyetujui' });
    expect(await approvers.getByRole('row').filter({ hasText: 'Bantuan usaha' }).textContent()).toContain(
      'Kepala Bidang',
    );
    await countIs(approvers.getByRole('combobox'), 0);
    await visible(kp.getByText('Belum ada pelimpahan.'));
    const form = kp.getByRole('form', { name: 'Catat pelimpahan' });
    await visible(form.getByText(`Yang melimpahkan: Anda sendiri (${kabid.username}, Kepala Bidang)`));
    // Nothing chosen: each field says what it needs, and nothing is sent.
    await form.getByRole('button', { name: 'Catat pelimpahan' }).click();
    await visible(form.getByText('Pilih pelaksana (bukan orang yang melimpahkan).'));
    await visible(form.getByText('Pilih jenis pelimpahan.'));
    await visible(form.getByText('Isi nomor surat perintah (paling banyak 100 karakter).'));
    expect(await seriousViolations(kp), 'approvals page with the form refused').toEqual([]);
    await form
      .getByLabel('Pelaksana', { exact: true })
      .selectOption({ label: `${secondManager.username} — Kepala Seksi` });
    await form.getByRole('radio', { name: /^Plh\./ }).check();
    await form.getByLabel('Sampai tanggal').fill('2019-04-02');
    await form.getByLabel('Nomor surat perintah').fill('800/045/Dinsos/2019');
    await form.getByRole('button', { name: 'Catat pelimpahan' }).click();
    await visible(
      kp.getByText(`Pelimpahan tersimpan: ${secondManager.username} sebagai Plh. 31 Maret 2019 s.d. 2 April 2019.`),
    );
    const row = kp.getByRole('table', { name: 'Pelimpahan (Plh./Plt.)' }).getByRole('row').filter({
      hasText: '800/045/Dinsos/2019',
    });
    await visible(row.getByText('Berlaku', { exact: true }));
    expect(await row.textContent()).toContain('Bantuan usaha (persetujuan dan SK), Baris anggaran');
    const given = (await kp.evaluate(() => fetch('/api/delegations').then((r) => r.json()))).items;
    expect(given).toMatchObject([
      {
        delegator: { id: kabid.id },
        delegate: { id: secondManager.id },
        type: 'PLH',
        startsOn: '2019-03-31',
        endsOn: '2019-04-02',
        letterNumber: '800/045/Dinsos/2019',
        revokedAt: null,
      },
    ]);
    expect(await seriousViolations(kp), 'approvals page with a delegation').toEqual([]);
    await kp.screenshot({ path: path.join(SHOT_DIR, 'aid-approvals.png'), fullPage: true });

    // She is back early: revoked, once asked.
    await row.getByRole('button', { name: `Cabut ${secondManager.username}` }).click();
    await row.getByRole('button', { name: `Ya, cabut ${secondManager.username}` }).click();
    await visible(kp.getByText(`Pelimpahan kepada ${secondManager.username} dicabut.`));
    await visible(row.getByText('Dicabut', { exact: true }));
    await countIs(row.getByRole('button', { name: /^Cabut/ }), 0);

    // The administrator keeps the setting: she names the PPK for budget lines (If-Match on its version), and
    // records delegations for any approver.
    const adminDesk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await adminDesk.clock.setFixedTime(server.clock.now());
      const a = await adminDesk.newPage();
      await signInThroughForm(a, server, await server.seedUser('admin', ['63'], 'admin.dinsos'));
      await a
        .getByRole('navigation', { name: 'Menu utama' })
        .getByRole('link', { name: 'Persetujuan & pelimpahan' })
        .click();
      await visible(a.getByRole('heading', { level: 1, name: 'Persetujuan & pelimpahan' }));
      // She sees the Kepala Bidang's delegation, revoked.
      await visible(
        a.getByRole('row').filter({ hasText: '800/045/Dinsos/2019' }).getByText('Dicabut', { exact: true }),
      );
      const budgetApprover = a.getByLabel('Yang menyetujui: Baris anggaran');
      expect(await budgetApprover.inputValue()).toBe('head_of_division');
      await budgetApprover.selectOption({ label: 'Pejabat Pembuat Komitmen (PPK)' });
      await a.getByRole('button', { name: 'Simpan pejabat untuk Baris anggaran' }).click();
      await visible(a.getByText('Baris anggaran: kini disetujui oleh Pejabat Pembuat Komitmen (PPK).'));
      const settings = (await a.evaluate(() => fetch('/api/approval-settings').then((r) => r.json()))).items;
      expect(settings.find((x: { kind: string }) => x.kind === 'budget')).toMatchObject({ role: 'ppk', version: 2 });
      // Another tab names the PPK for aid meanwhile: her save on this page, made against the version she read,
      // opens the conflict dialog (the other choice beside hers) instead of overwriting it; she keeps her own.
      const meanwhile = await a.evaluate(() =>
        fetch('/api/approval-settings/aid', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': '"1"' },
          body: JSON.stringify({ role: 'ppk' }),
        }).then((r) => r.status),
      );
      expect(meanwhile).toBe(200);
      const aidApprover = a.getByLabel('Yang menyetujui: Bantuan usaha');
      expect(await aidApprover.inputValue()).toBe('head_of_division');
      await aidApprover.selectOption({ label: 'Kepala Seksi' });
      await a.getByRole('button', { name: 'Simpan pejabat untuk Bantuan usaha' }).click();
      const dialog = a.getByRole('dialog', { name: 'Data ini diubah orang lain' });
      await visible(dialog);
      const role = dialog.locator('tr[data-field="role"]');
      expect(await role.locator('td').allTextContents()).toEqual([
        'Pejabat Pembuat Komitmen (PPK)',
        expect.stringContaining('Kepala Seksi'),
      ]);
      await dialog.getByRole('button', { name: 'Terapkan perubahan saya' }).click();
      await countIs(dialog, 0);
      await visible(a.getByText('Bantuan usaha (persetujuan dan SK): kini disetujui oleh Kepala Seksi.'));
      expect(await aidApprover.inputValue()).toBe('manager');
      const after = (await a.evaluate(() => fetch('/api/approval-settings/aid').then((r) => r.json()))) as unknown;
      expect(after).toEqual({ kind: 'aid', role: 'manager', version: 3 });
      // The delegator is hers to choose: approvers only.
      const delegator = a.getByRole('form', { name: 'Catat pelimpahan' }).getByLabel('Yang melimpahkan');
      await countIs(delegator.locator('option', { hasText: `${kabid.username} — Kepala Bidang` }), 1);
      await countIs(delegator.locator('option', { hasText: caseworker.username }), 0);
      expect(await seriousViolations(a), 'approvals page for the administrator').toEqual([]);
    } finally {
      await adminDesk.close();
    }

    // The same page on a phone.
    const phone = await browser.newContext(PHONE);
    try {
      await phone.clock.setFixedTime(server.clock.now());
      const p = await phone.newPage();
      await signInThroughForm(p, server, kabid);
      await p.goto(`${server.url}/approvals`);
      await visible(p.getByRole('heading', { level: 1, name: 'Persetujuan & pelimpahan' }));
      await visible(p.getByText('800/045/Dinsos/2019'));
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(p), 'approvals page at 360 px').toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
