// The head of section's start page in Chromium: a draft intervention plan waits in her work queue and is
// approved one click away from it; a caseworker's whole caseload moves to a colleague, who then has those cases
// and whose history on them says so; a case goes to a worker of Kota Banjarmasin, who accepts it on a 360 px
// phone and then opens it, while the Banjarbaru caseworker who had it can no longer find it. axe-core finds no
// problems at all on both start pages and on the participant page with the transfer form open;
// the receiving worker's phone has no sideways scrolling.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
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

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)("the head of section's start page: plans, caseloads, transfers (Chromium)", () => {
  let server: E2EServer;
  let browser: Browser;
  let caseworker: SeededUser;
  let colleague: SeededUser;
  let faraway: SeededUser;
  let manager: SeededUser;
  /** The head of section's page, signed in for the whole file. */
  let boss: Page;
  /** Two participants the caseworker registered (so both are on her caseload). */
  const rus = { id: '', code: '' };
  const wati = { id: '', code: '' };

  /** A desktop browser context whose clock shows the server's time. */
  async function desk() {
    const ctx = await browser.newContext();
    await ctx.clock.setFixedTime(server.clock.now());
    return ctx;
  }

  async function phonePage(): Promise<Page> {
    const ctx = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    await ctx.clock.setFixedTime(server.clock.now());
    return ctx.newPage();
  }

  /** Every axe finding, whatever its impact (as the assignment suite; others fail on serious and critical only). */
  async function violations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations.map(
      (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }

  const workQueue = (p: Page) => p.getByRole('region', { name: /^Yang menunggu Anda/ });
  const caseload = (p: Page) => p.getByRole('region', { name: 'Pindahkan beban kasus' });
  const transfers = (p: Page) => p.getByRole('region', { name: /^Kasus dari wilayah lain \(/ });
  const panel = (p: Page) => p.getByRole('region', { name: 'Petugas yang mendampingi' });
  const onCase = (p: Page) => panel(p).locator('ul > li');
  const historyLines = (p: Page) => panel(p).locator('details ol > li');
  const focusedText = (p: Page) => p.evaluate(() => document.activeElement?.textContent ?? '');
  const CW = 'Pekerja sosial / pendamping';

  async function goHome(p: Page) {
    await p.goto(`${server.url}/`);
    await visible(p.getByRole('heading', { level: 1, name: /Selamat datang/ }));
    await visible(workQueue(p));
  }

  beforeAll(async () => {
    server = await startServer();
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    colleague = await server.seedUser('caseworker', ['6372'], 'pendamping2.bjb');
    faraway = await server.seedUser('caseworker', ['6371'], 'pendamping.bjm');
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });

    // The caseworker registers both (through the API: the registration form has its own tests) and writes a
    // draft plan for the first; the plan editor has its own test too.
    const registrar = await (await desk()).newPage();
    try {
      await signInThroughForm(registrar, server, caseworker);
      for (const [who, fullName, preferredName] of [
        [rus, 'Rusmiati Handayani', 'Rus'],
        [wati, 'Hermawati Lestari', 'Wati'],
      ] as const) {
        const created = await registrar.evaluate(
          async ({ fullName, preferredName }) => {
            const res = await fetch('/api/participants', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                regionCode: '6372',
                category: 'PENYINTAS_TPPO',
                referralSource: 'MANDIRI',
                participationBasis: 'SUKARELA',
                identity: { fullName, preferredName, noNikReason: 'LOST', birthDate: '1995-03-14', sex: 'F' },
                consents: ['PARTICIPATION', 'DATA_PROCESSING'].map((purpose) => ({
                  purpose,
                  method: 'SIGNED_FORM',
                  explainedBy: 'pendamping.bjb',
                  language: 'id',
                  givenAt: '2026-11-28',
                })),
              }),
            });
            return { status: res.status, body: (await res.json()) as { id: string; code: string } };
          },
          { fullName, preferredName },
        );
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        who.id = created.body.id;
        who.code = created.body.code;
      }
      const plan = await registrar.evaluate(async (id) => {
        const res = await fetch(`/api/participants/${id}/case-plan`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            items: [{ goal: 'Pelatihan tata boga di LKS', component: 'VOKASI_USAHA', dueDate: '2027-02-26' }],
          }),
        });
        return { status: res.status, body: await res.text() };
      }, rus.id);
      expect(plan.status, plan.body).toBe(200);
    } finally {
      await registrar.context().close();
    }

    boss = await (await desk()).newPage();
    await signInThroughForm(boss, server, manager);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a draft plan waits in her work queue; one click opens the case, she approves it, and it is gone from the queue', async () => {
    await goHome(boss);
    const plans = workQueue(boss).getByRole('heading', {
      level: 3,
      name: 'Rencana intervensi menunggu persetujuan (1)',
    });
    await visible(plans);
    const item = workQueue(boss).getByRole('link', { name: `${rus.code} (Rus)` });
    await countIs(item, 1);
    expect(await violations(boss), 'home with the work queue and the caseload form').toEqual([]);
    await boss.screenshot({ path: path.join(SHOT_DIR, 'caseload-home-queue.png'), fullPage: true });

    await item.click();
    await visible(boss.getByRole('heading', { level: 1, name: rus.code }));
    expect(new URL(boss.url()).pathname).toBe(`/participants/${rus.id}`);
    // Her page opens on the plan, where the decision is taken: no further click to find it.
    expect(await boss.getByRole('tab', { name: 'Rencana' }).getAttribute('aria-selected')).toBe('true');
    await visible(boss.getByTestId('plan-status'));
    expect(await boss.getByTestId('plan-status').textContent()).toBe('Draf, menunggu persetujuan Kepala Seksi');
    await visible(boss.getByText('Pelatihan tata boga di LKS'));
    await boss.getByRole('button', { name: 'Setujui rencana' }).click();
    await visible(boss.getByText('Rencana disetujui.'));
    expect(await boss.getByTestId('plan-status').textContent()).toBe('Disetujui');
    await countIs(boss.getByRole('button', { name: 'Setujui rencana' }), 0);

    // Back on her start page the section is gone: nothing of that kind waits any more.
    await goHome(boss);
    await countIs(
      workQueue(boss).getByRole('heading', { level: 3, name: /^Rencana intervensi menunggu persetujuan/ }),
      0,
    );
    await countIs(workQueue(boss).getByRole('link', { name: `${rus.code} (Rus)` }), 0);
  });

  it("she moves a caseworker's whole caseload to a colleague, who then has those cases; the history says so", async () => {
    await goHome(boss);
    const form = caseload(boss);
    await visible(form);
    const from = form.getByLabel('Petugas yang kasusnya dipindahkan');
    const to = form.getByLabel('Petugas yang menerima');
    const submit = form.getByRole('button', { name: 'Pindahkan semua kasus' });
    expect(await submit.isDisabled()).toBe(true);
    await from.selectOption({ label: `pendamping.bjb (${CW})` });
    // Whoever leaves is not offered to take over her own cases.
    expect(await to.locator('option').allTextContents()).not.toContain(`pendamping.bjb (${CW})`);
    await to.selectOption({ label: `pendamping2.bjb (${CW})` });
    expect(await violations(boss), 'caseload form filled in').toEqual([]);
    await submit.click();
    // Asked once more before every case moves; the question takes the focus.
    const question = `Semua kasus pendamping.bjb (${CW}) di wilayah Anda akan didampingi pendamping2.bjb (${CW}). Lanjutkan?`;
    await visible(form.getByText(question));
    expect(await focusedText(boss)).toBe(question);
    expect(await violations(boss), 'caseload move asked once more').toEqual([]);
    await form.getByRole('button', { name: 'Ya, pindahkan semua kasus' }).click();
    const message = `2 kasus dipindahkan dari pendamping.bjb (${CW}) kepada pendamping2.bjb (${CW}).`;
    await visible(form.getByRole('status').filter({ hasText: message }));
    expect(await focusedText(boss)).toBe(message);
    // The form is cleared for the next one.
    expect(await from.inputValue()).toBe('');
    expect(await submit.isDisabled()).toBe(true);
    expect(await violations(boss), 'home after moving a caseload').toEqual([]);
    await boss.screenshot({ path: path.join(SHOT_DIR, 'caseload-moved.png'), fullPage: true });

    const taker = await (await desk()).newPage();
    try {
      await signInThroughForm(taker, server, colleague);
      await taker.goto(`${server.url}/participants`);
      await visible(taker.getByRole('heading', { level: 1, name: 'Peserta' }));
      await visible(taker.getByRole('link', { name: rus.code, exact: true }));
      await visible(taker.getByRole('link', { name: wati.code, exact: true }));

      await taker.getByRole('link', { name: wati.code, exact: true }).click();
      await visible(taker.getByRole('heading', { level: 1, name: wati.code }));
      // She alone is on the case now; the caseworker who left is off it.
      await countIs(onCase(taker), 1);
      expect(await onCase(taker).allTextContents()).toEqual([`pendamping2.bjb (${CW})`]);
      await panel(taker).getByText('Riwayat petugas').click();
      await countIs(historyLines(taker), 3);
      const lines = await historyLines(taker).allTextContents();
      expect(lines[0]).toMatch(/^pendamping\.bjb \(.+\) mendaftarkan peserta dan ditugaskan karena itu /);
      expect(lines[1]).toMatch(/^pendamping\.bjb \(.+\) dilepas oleh kasi\.rehsos /);
      expect(lines[2]).toMatch(
        /^pendamping2\.bjb \(Pekerja sosial \/ pendamping\) menerima kasus ini dari pemindahan beban kasus oleh kasi\.rehsos 28 November 2026 \d{2}\.\d{2} WITA$/,
      );

      // The other case moved with it.
      await taker.goto(`${server.url}/participants/${rus.id}`);
      await visible(taker.getByRole('heading', { level: 1, name: rus.code }));
      await countIs(onCase(taker), 1);
      expect(await onCase(taker).allTextContents()).toEqual([`pendamping2.bjb (${CW})`]);
    } finally {
      await taker.context().close();
    }
  });

  it('a case goes to a worker of Kota Banjarmasin, who accepts it on her phone and opens it; the Banjarbaru caseworker no longer finds it', async () => {
    await boss.goto(`${server.url}/participants/${wati.id}`);
    await visible(boss.getByRole('heading', { level: 1, name: wati.code }));
    await visible(panel(boss));
    await panel(boss).getByText('Pindahkan kasus ke wilayah lain').click();
    const to = panel(boss).getByLabel('Petugas di wilayah tujuan');
    await visible(to);
    // Only workers of another kabupaten/kota are offered, with their region.
    expect(await to.locator('option').allTextContents()).toEqual([
      'Pilih petugas',
      `pendamping.bjm (${CW}, Kota Banjarmasin)`,
    ]);
    expect(await violations(boss), 'participant page with the transfer form open').toEqual([]);
    await to.selectOption({ label: `pendamping.bjm (${CW}, Kota Banjarmasin)` });
    await panel(boss).getByLabel('Alasan pemindahan').fill('Pindah domisili ke Banjarmasin, tinggal bersama kakaknya.');
    await panel(boss).getByRole('button', { name: 'Kirim pemindahan' }).click();
    const sent = 'Pemindahan dikirim kepada pendamping.bjm. Kasus tetap di sini sampai ia menerimanya.';
    await visible(panel(boss).getByRole('status').filter({ hasText: sent }));
    expect(await focusedText(boss)).toBe(sent);
    expect(await violations(boss), 'participant page after sending the transfer').toEqual([]);
    await boss.screenshot({ path: path.join(SHOT_DIR, 'caseload-transfer-sent.png'), fullPage: true });

    const phone = await phonePage();
    try {
      await signInThroughForm(phone, server, faraway);
      // Not hers yet: the case itself stays out of her reach until she accepts.
      await phone.goto(`${server.url}/participants/${wati.id}`);
      await visible(phone.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }));

      await goHome(phone);
      await visible(
        workQueue(phone).getByRole('heading', { level: 3, name: 'Kasus dari wilayah lain menunggu jawaban Anda (1)' }),
      );
      await visible(phone.getByRole('heading', { level: 2, name: 'Kasus dari wilayah lain (1)' }));
      const item = transfers(phone).getByRole('listitem');
      await countIs(item, 1);
      await visible(item.getByText(`${wati.code} (Wati) dari Kota Banjarbaru, dikirim oleh kasi.rehsos`));
      await visible(item.getByText('Pindah domisili ke Banjarmasin, tinggal bersama kakaknya.'));
      await visible(item.getByRole('button', { name: `Tolak kasus ${wati.code}` }));
      expect(await horizontalOverflow(phone), 'home with the transfer queue at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'home with the transfer queue (phone)').toEqual([]);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'caseload-transfer-queue-360.png'), fullPage: true });

      await item.getByRole('button', { name: `Terima kasus ${wati.code}` }).click();
      const accepted = `Kasus ${wati.code} kini Anda dampingi.`;
      await visible(transfers(phone).getByRole('status').filter({ hasText: accepted }));
      await visible(phone.getByRole('heading', { level: 2, name: 'Kasus dari wilayah lain (0)' }));
      expect(await focusedText(phone)).toBe(accepted);
      await countIs(transfers(phone).getByRole('listitem'), 0);
      // The work queue on the same page no longer counts it either.
      await countIs(workQueue(phone).getByRole('heading', { level: 3, name: /^Kasus dari wilayah lain menunggu/ }), 0);
      expect(await horizontalOverflow(phone), 'home after accepting at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'home after accepting (phone)').toEqual([]);

      // She opens the case from her list: now in Kota Banjarmasin, with her alone on it.
      await phone.goto(`${server.url}/participants`);
      await phone.getByRole('link', { name: wati.code, exact: true }).click();
      await visible(phone.getByRole('heading', { level: 1, name: wati.code }));
      await visible(phone.locator('.participant-header').getByText('Kota Banjarmasin'));
      await countIs(onCase(phone), 1);
      expect(await onCase(phone).allTextContents()).toEqual([`pendamping.bjm (${CW})`]);
      await panel(phone).getByText('Riwayat petugas').click();
      await countIs(historyLines(phone), 5);
      const lines = await historyLines(phone).allTextContents();
      expect(lines[3]).toMatch(
        /^pendamping2\.bjb \(.+\) tidak lagi mendampingi karena kasus dipindahkan ke wilayah lain /,
      );
      expect(lines[4]).toMatch(/^pendamping\.bjm \(.+\) menerima kasus ini dari wilayah lain /);
      expect(await horizontalOverflow(phone), 'her new case at 360 px').toBeLessThanOrEqual(0);
    } finally {
      await phone.context().close();
    }

    // The Banjarbaru caseworker who had the case can no longer find it; the other case is still hers.
    const before = await (await desk()).newPage();
    try {
      await signInThroughForm(before, server, colleague);
      await before.goto(`${server.url}/participants/${wati.id}`);
      await visible(before.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }));
      await countIs(before.getByRole('heading', { level: 1, name: wati.code }), 0);
      await before.goto(`${server.url}/participants/${rus.id}`);
      await visible(before.getByRole('heading', { level: 1, name: rus.code }));
    } finally {
      await before.context().close();
    }
  });
});
