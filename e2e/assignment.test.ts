// Who works on her case, in Chromium: the head of section assigns the psychologist from the participant's page,
// and the psychologist, who could not open the case before, now can; the history names both people on the case.
// A second caseworker of the region asks to be assigned from a 360 px phone, and the head of section approves
// the request from her start page with one click. axe-core finds no problems at all on the page
// with the panel and on the start page with the queue; the phone has no sideways scrolling.
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
describe.skipIf(SKIP_BROWSER)('who works on a case (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let caseworker: SeededUser;
  let colleague: SeededUser;
  let psychologist: SeededUser;
  let manager: SeededUser;
  /** The head of section's page, signed in for the whole file. */
  let boss: Page;
  const her = { id: '', code: '' };

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

  /** Every axe finding, whatever its impact (the other suites fail on serious and critical ones only). */
  async function violations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations.map(
      (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }

  const panel = (p: Page) => p.getByRole('region', { name: 'Petugas yang mendampingi' });
  /** The people on the case, as the panel lists them (the history is a separate list inside its disclosure). */
  const onCase = (p: Page) => panel(p).locator('ul > li');
  const historyLines = (p: Page) => panel(p).locator('details ol > li');
  const queue = (p: Page) => p.getByRole('region', { name: /^Permintaan penugasan/ });
  /** The text of whatever has the keyboard focus (after an action: its outcome, not the page's top). */
  const focusedText = (p: Page) => p.evaluate(() => document.activeElement?.textContent ?? '');

  beforeAll(async () => {
    server = await startServer();
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    colleague = await server.seedUser('caseworker', ['6372'], 'pendamping2.bjb');
    psychologist = await server.seedUser('psychologist', ['6372'], 'psikolog.bjb');
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });

    // The caseworker registers her (through the API: the registration form has its own tests), and is on
    // her case by that act.
    const registrar = await (await desk()).newPage();
    try {
      await signInThroughForm(registrar, server, caseworker);
      const created = await registrar.evaluate(async () => {
        const res = await fetch('/api/participants', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            regionCode: '6372',
            category: 'PENYINTAS_TPPO',
            referralSource: 'MANDIRI',
            participationBasis: 'SUKARELA',
            identity: {
              fullName: 'Rusmiati Handayani',
              preferredName: 'Rus',
              noNikReason: 'LOST',
              birthDate: '1995-03-14',
              sex: 'F',
            },
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
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      her.id = created.body.id;
      her.code = created.body.code;
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

  it('the head of section assigns the psychologist from the page; she can open the case only after it; the history shows both', async () => {
    // Before: the psychologist is on no case, so hers is "not found".
    const psy = await (await desk()).newPage();
    try {
      await signInThroughForm(psy, server, psychologist);
      await psy.goto(`${server.url}/participants/${her.id}`);
      await visible(psy.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }));
      await countIs(psy.getByRole('heading', { level: 1, name: her.code }), 0);

      await boss.goto(`${server.url}/participants/${her.id}`);
      await visible(boss.getByRole('heading', { level: 1, name: her.code }));
      await visible(panel(boss));
      await countIs(onCase(boss), 1);
      expect(await onCase(boss).first().textContent()).toContain('pendamping.bjb (Pekerja sosial / pendamping)');
      // She may take the registering caseworker off, but she is never offered herself.
      await visible(panel(boss).getByRole('button', { name: 'Lepaskan pendamping.bjb' }));
      const select = panel(boss).getByLabel('Tugaskan petugas');
      const options = await select.locator('option').allTextContents();
      expect(options).toEqual([
        'Pilih pekerja sosial atau psikolog',
        'pendamping2.bjb (Pekerja sosial / pendamping)',
        'psikolog.bjb (Psikolog)',
      ]);
      expect(await panel(boss).getByRole('button', { name: 'Tugaskan', exact: true }).isDisabled()).toBe(true);
      expect(await violations(boss), 'participant page with the panel (head of section)').toEqual([]);

      await select.selectOption({ label: 'psikolog.bjb (Psikolog)' });
      await panel(boss).getByRole('button', { name: 'Tugaskan', exact: true }).click();
      await visible(panel(boss).getByRole('status').filter({ hasText: 'psikolog.bjb ditugaskan pada kasus ini.' }));
      await countIs(onCase(boss), 2);
      expect(await focusedText(boss)).toBe('psikolog.bjb ditugaskan pada kasus ini.');
      await visible(panel(boss).getByRole('button', { name: 'Lepaskan psikolog.bjb' }));
      // Whoever is on the case is no longer offered.
      expect(await select.locator('option').allTextContents()).toEqual([
        'Pilih pekerja sosial atau psikolog',
        'pendamping2.bjb (Pekerja sosial / pendamping)',
      ]);

      // After: the psychologist opens the same case and sees herself on it.
      await psy.reload();
      await visible(psy.getByRole('heading', { level: 1, name: her.code }));
      await visible(panel(psy));
      await countIs(onCase(psy), 2);
      expect(await onCase(psy).allTextContents()).toEqual([
        'pendamping.bjb (Pekerja sosial / pendamping)',
        'psikolog.bjb (Psikolog)',
      ]);
      // Only the head of section assigns and takes people off; a psychologist does not ask either.
      await countIs(panel(psy).getByRole('button', { name: /^Lepaskan|^Tugaskan|^Minta ditugaskan/ }), 0);

      // The history: who registered her, and who was assigned by whom.
      await panel(psy).getByText('Riwayat petugas').click();
      await countIs(historyLines(psy), 2);
      const lines = await historyLines(psy).allTextContents();
      expect(lines[0]).toMatch(
        /^pendamping\.bjb \(Pekerja sosial \/ pendamping\) mendaftarkan peserta dan ditugaskan karena itu 28 November 2026 \d{2}\.\d{2} WITA$/,
      );
      expect(lines[1]).toMatch(
        /^psikolog\.bjb \(Psikolog\) ditugaskan oleh kasi\.rehsos 28 November 2026 \d{2}\.\d{2} WITA$/,
      );
    } finally {
      await psy.context().close();
    }

    // The head of section sees the same history, open on her page (and axe finds nothing there either).
    await panel(boss).getByText('Riwayat petugas').click();
    await countIs(historyLines(boss), 2);
    expect(await violations(boss), 'participant page with the history open').toEqual([]);
    await boss.screenshot({ path: path.join(SHOT_DIR, 'assignment-panel.png'), fullPage: true });
  });

  it('a second caseworker asks from a 360 px phone; the head of section approves it from her start page in one click', async () => {
    const phone = await phonePage();
    try {
      await signInThroughForm(phone, server, colleague);
      await phone.goto(`${server.url}/participants/${her.id}`);
      await visible(phone.getByRole('heading', { level: 1, name: her.code }));
      await visible(panel(phone));
      // She is not on the case: she may ask, not assign.
      await countIs(panel(phone).getByLabel('Tugaskan petugas'), 0);
      await countIs(panel(phone).getByRole('button', { name: /^Lepaskan/ }), 0);
      const reason = panel(phone).getByLabel('Alasan Anda ingin mendampingi kasus ini');
      await visible(reason);
      expect(await horizontalOverflow(phone), 'participant page at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'participant page with the request form (caseworker)').toEqual([]);

      // Too short a reason is refused on the spot, in words tied to the field.
      await reason.fill('Mau');
      await panel(phone).getByRole('button', { name: 'Minta ditugaskan' }).click();
      await visible(panel(phone).getByText('Tulis alasan paling sedikit 5 karakter.'));
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await violations(phone), 'request form with an error').toEqual([]);
      expect(await horizontalOverflow(phone), 'request form with an error at 360 px').toBeLessThanOrEqual(0);

      await reason.fill('Saya mendampingi kakaknya di Guntung Payung dan mengenal keluarganya.');
      await panel(phone).getByRole('button', { name: 'Minta ditugaskan' }).click();
      await visible(
        panel(phone)
          .getByRole('status')
          .filter({ hasText: 'Permintaan Anda terkirim. Kepala Seksi akan memutuskannya.' }),
      );
      // The form gives way to the confirmation, which has the focus: a second request would only be refused.
      await countIs(reason, 0);
      await countIs(panel(phone).getByRole('button', { name: 'Minta ditugaskan' }), 0);
      expect(await focusedText(phone)).toBe('Permintaan Anda terkirim. Kepala Seksi akan memutuskannya.');
      expect(await horizontalOverflow(phone), 'after the request at 360 px').toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'assignment-request-360.png'), fullPage: true });

      // The head of section's start page lists it, with the reason, and decides it with one click.
      await boss.goto(`${server.url}/`);
      await visible(boss.getByRole('heading', { level: 1, name: /Selamat datang/ }));
      await visible(boss.getByRole('heading', { level: 2, name: 'Permintaan penugasan (1)' }));
      const request = queue(boss).getByRole('listitem');
      await countIs(request, 1);
      await visible(request.getByRole('link', { name: `pendamping2.bjb meminta mendampingi ${her.code} (Rus)` }));
      await visible(request.getByText('Saya mendampingi kakaknya di Guntung Payung dan mengenal keluarganya.'));
      await visible(request.getByRole('button', { name: 'Tolak permintaan pendamping2.bjb' }));
      expect(await violations(boss), 'home with the queue').toEqual([]);
      await boss.screenshot({ path: path.join(SHOT_DIR, 'assignment-queue.png'), fullPage: true });

      await request.getByRole('button', { name: 'Setujui permintaan pendamping2.bjb' }).click();
      await visible(queue(boss).getByRole('status').filter({ hasText: 'Permintaan pendamping2.bjb disetujui.' }));
      await visible(boss.getByRole('heading', { level: 2, name: 'Permintaan penugasan (0)' }));
      expect(await focusedText(boss)).toBe('Permintaan pendamping2.bjb disetujui.');
      await visible(queue(boss).getByText('Tidak ada permintaan penugasan yang menunggu.'));
      await countIs(queue(boss).getByRole('listitem'), 0);
      // The work queue above it, on the same page, no longer counts it either.
      await countIs(
        boss
          .getByRole('region', { name: /^Yang menunggu Anda/ })
          .getByRole('heading', { level: 3, name: /^Permintaan penugasan/ }),
        0,
      );
      expect(await violations(boss), 'home with the queue emptied').toEqual([]);

      // The caseworker is now on the case: listed, with no request form any more; the history says how.
      await phone.reload();
      await visible(phone.getByRole('heading', { level: 1, name: her.code }));
      await countIs(onCase(phone), 3);
      expect(await onCase(phone).allTextContents()).toContain('pendamping2.bjb (Pekerja sosial / pendamping)');
      await countIs(panel(phone).getByLabel('Alasan Anda ingin mendampingi kasus ini'), 0);
      await countIs(panel(phone).getByRole('button', { name: 'Minta ditugaskan' }), 0);
      await panel(phone).getByText('Riwayat petugas').click();
      await countIs(historyLines(phone), 3);
      expect(await historyLines(phone).last().textContent()).toMatch(
        /^pendamping2\.bjb \(Pekerja sosial \/ pendamping\) ditugaskan atas permintaannya, disetujui oleh kasi\.rehsos /,
      );
      expect(await horizontalOverflow(phone), 'on the case at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'participant page, on the case (caseworker)').toEqual([]);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'assignment-on-case-360.png'), fullPage: true });

      // The head of section's page lists her too.
      await boss.goto(`${server.url}/participants/${her.id}`);
      await countIs(onCase(boss), 3);
      await visible(panel(boss).getByRole('button', { name: 'Lepaskan pendamping2.bjb' }));
    } finally {
      await phone.context().close();
    }
  });
});
