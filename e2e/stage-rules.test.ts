// A programme's stage rules in Chromium: the head of section opens them from the programme list, gives graduation
// a stage of the programme's own, sees it kept as the programme's own after a reload, puts it back on the office's
// rule and, after giving two events their own stages, puts all of them back at once; a refusal is told in words. A
// caseworker reads the same table without anything to change, on a 360 px phone. axe-core finds nothing on the
// screen.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { type Client, json, signIn, type TestEnv } from '../tests/support/env.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
const DESK = { viewport: { width: 1280, height: 900 } } as const;
const NAME = 'Rehabilitasi Sosial Perempuan 2026';

describe.skipIf(SKIP_BROWSER)("a programme's stage rules (Chromium)", () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser;
  let caseworker: SeededUser;
  let mgr: Client;
  let programmeId = '';

  async function violations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations.map(
      (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }
  async function context(opts: object): Promise<BrowserContext> {
    const c = await browser.newContext(opts);
    await c.clock.setFixedTime(server.clock.now());
    return c;
  }
  /** The table's row of one event, by its words in the first column. */
  const row = (p: Page, event: string) =>
    p.locator('tbody tr').filter({ has: p.getByRole('rowheader', { name: event, exact: true }) });
  const rulesOf = async () =>
    (json(await mgr.get(`/api/programmes/${programmeId}/stage-rules`)).items as { event: string; source: string }[])
      .filter((r) => r.source === 'programme')
      .map((r) => r.event);

  beforeAll(async () => {
    server = await startServer(); // 28 November 2026, 09.15 WITA
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    mgr = await signIn(env, { ...manager, regions: ['63'] });
    const programme = await mgr.post('/api/programmes', {
      name: NAME,
      year: 2026,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
      completionRule: { minAttendanceRate: 0.8, allMandatory: true, excusedAbsencesAllowed: 0 },
    });
    expect(programme.statusCode, programme.body).toBe(201);
    programmeId = json(programme).id;
    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the head of section gives graduation its own stage, sees it kept after a reload, and resets it', async () => {
    const desk = await context(DESK);
    const page = await desk.newPage();
    try {
      await signInThroughForm(page, server, manager);
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Program' }).click();
      await page.getByRole('link', { name: `Aturan tahapan ${NAME}` }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Aturan tahapan: ${NAME}` }));
      expect(new URL(page.url()).pathname).toBe(`/programmes/${programmeId}/stage-rules`);

      // Every event follows the office's rule; registration, closure and the visit after it cannot be changed.
      await countIs(page.locator('tbody tr'), 8);
      await countIs(page.locator('tbody').getByText('Aturan kantor', { exact: true }), 8);
      await countIs(page.locator('tbody').getByRole('combobox'), 5);
      await visible(row(page, 'Peserta didaftarkan').getByText('Selalu mengikuti aturan kantor'));
      expect(await row(page, 'Penutupan kasus disetujui').getByRole('combobox').count()).toBe(0);
      const graduation = page.getByLabel('Tahap untuk "Peserta lulus pelatihan"');
      expect(await graduation.inputValue()).toBe('RESOSIALISASI_REINTEGRASI');
      // A closing stage is never offered: only an approved closure closes a case.
      expect(await graduation.locator('option').allTextContents()).not.toContain('Terminasi');
      // Nothing changed yet: nothing to save, nothing to reset.
      expect(await page.getByRole('button', { name: 'Simpan aturan' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Kembalikan semua ke aturan kantor' }).count()).toBe(0);

      // After graduation her case stays in intervention in this programme (until the aid is handed over).
      await graduation.selectOption({ label: 'Intervensi' });
      await visible(row(page, 'Peserta lulus pelatihan').getByText('Belum disimpan'));
      await page.getByRole('button', { name: 'Simpan aturan' }).click();
      await visible(page.getByText('Aturan tahapan program ini tersimpan.'));
      await visible(row(page, 'Peserta lulus pelatihan').getByText('Aturan program ini'));
      expect(await rulesOf()).toEqual(['graduation']);

      await page.reload();
      await visible(page.getByRole('heading', { level: 1, name: `Aturan tahapan: ${NAME}` }));
      expect(await page.getByLabel('Tahap untuk "Peserta lulus pelatihan"').inputValue()).toBe('INTERVENSI');
      await visible(row(page, 'Peserta lulus pelatihan').getByText('Aturan program ini', { exact: true }));
      await countIs(page.locator('tbody').getByText('Aturan kantor', { exact: true }), 7);
      const found = await violations(page);
      expect(found, found.join('\n')).toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'stage-rules-desk.png'), fullPage: true });
      // The selects fit a phone's width too.
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await horizontalOverflow(page), 'the stage rules to change at 360 px').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOT_DIR, 'stage-rules-edit-360.png'), fullPage: true });
      await page.setViewportSize(DESK.viewport);

      // Back on the office's rule, from its own row.
      await page.getByRole('button', { name: 'Kembalikan ke aturan kantor: Peserta lulus pelatihan' }).click();
      await visible(page.getByText('"Peserta lulus pelatihan" kembali mengikuti aturan kantor.'));
      await visible(row(page, 'Peserta lulus pelatihan').getByText('Aturan kantor', { exact: true }));
      expect(await page.getByLabel('Tahap untuk "Peserta lulus pelatihan"').inputValue()).toBe(
        'RESOSIALISASI_REINTEGRASI',
      );
      expect(await rulesOf()).toEqual([]);

      // Two rules of its own, then all of them back at once.
      await page.getByLabel('Tahap untuk "Peserta terdaftar di angkatan pelatihan"').selectOption('RENCANA_INTERVENSI');
      await page.getByLabel('Tahap untuk "Serah terima bantuan usaha"').selectOption('INTERVENSI');
      await page.getByRole('button', { name: 'Simpan aturan' }).click();
      await visible(page.getByText('Aturan tahapan program ini tersimpan.'));
      await countIs(page.locator('tbody').getByText('Aturan program ini', { exact: true }), 2);
      expect((await rulesOf()).sort()).toEqual(['enrolment', 'handover']);
      await page.getByRole('button', { name: 'Kembalikan semua ke aturan kantor' }).click();
      await visible(page.getByText('Semua kegiatan kembali mengikuti aturan kantor.'));
      await countIs(page.locator('tbody').getByText('Aturan kantor', { exact: true }), 8);
      expect(await rulesOf()).toEqual([]);

      // A refusal is told in words (here the server is made to answer as it does to someone without the right).
      await page.route('**/api/programmes/*/stage-rules', (route) =>
        route.request().method() === 'PUT'
          ? route.fulfill({
              status: 403,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: 'forbidden', message: 'Forbidden', requestId: 'r-1' } }),
            })
          : route.continue(),
      );
      await page.getByLabel('Tahap untuk "Peserta lulus pelatihan"').selectOption('INTERVENSI');
      await page.getByRole('button', { name: 'Simpan aturan' }).click();
      await visible(page.getByRole('alert').getByText('Anda tidak memiliki izin untuk tindakan ini.'));
      // What was picked stays on screen, not saved.
      await visible(row(page, 'Peserta lulus pelatihan').getByText('Belum disimpan'));
      expect(await rulesOf()).toEqual([]);
      await page.unroute('**/api/programmes/*/stage-rules');

      // A field the server refuses is marked on its own row: the path counts in the list sent (here only the
      // handover's rule, the first sent), not in the table's rows.
      await page.getByLabel('Tahap untuk "Peserta lulus pelatihan"').selectOption('RESOSIALISASI_REINTEGRASI');
      await page.route('**/api/programmes/*/stage-rules', (route) =>
        route.request().method() === 'PUT'
          ? route.fulfill({
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({
                error: {
                  code: 'validation_failed',
                  message: 'Invalid',
                  requestId: 'r-2',
                  details: [{ field: 'body.rules.0.stage', code: 'invalid_value', params: {} }],
                },
              }),
            })
          : route.continue(),
      );
      const handover = page.getByLabel('Tahap untuk "Serah terima bantuan usaha"');
      await handover.selectOption('INTERVENSI');
      await page.getByRole('button', { name: 'Simpan aturan' }).click();
      await expect.poll(() => handover.getAttribute('aria-invalid')).toBe('true');
      // Not on the table's first row, which the path's index would name.
      expect(await page.locator('#stage-rule-assessment_approved').getAttribute('aria-invalid')).toBeNull();
      await expect.poll(() => handover.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.unroute('**/api/programmes/*/stage-rules');
    } finally {
      await desk.close();
    }
  });

  it('a caseworker reads the rules on a phone with nothing to change', async () => {
    const own = await mgr.request('PUT', `/api/programmes/${programmeId}/stage-rules`, {
      rules: [{ event: 'graduation', stage: 'INTERVENSI' }],
    });
    expect(own.statusCode, own.body).toBe(200);
    const phone = await context(PHONE);
    const page = await phone.newPage();
    try {
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/programmes`);
      await page.getByRole('link', { name: `Aturan tahapan ${NAME}` }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Aturan tahapan: ${NAME}` }));
      await visible(page.getByText('Hanya Kepala Seksi yang dapat mengubah aturan ini.'));
      await countIs(page.locator('tbody tr'), 8);
      const graduation = row(page, 'Peserta lulus pelatihan');
      await visible(graduation.getByText('Intervensi', { exact: true }));
      await visible(graduation.getByText('Aturan program ini', { exact: true }));
      await countIs(page.getByRole('combobox'), 0);
      expect(await page.getByRole('button', { name: /Simpan aturan|Kembalikan/ }).count()).toBe(0);
      expect(await horizontalOverflow(page), 'the stage rules at 360 px').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOT_DIR, 'stage-rules-360.png'), fullPage: true });
      const found = await violations(page);
      expect(found, found.join('\n')).toEqual([]);
      // The server refuses the change too (programme.manage is the head of section's).
      const refused = await page.evaluate(
        (id) =>
          fetch(`/api/programmes/${id}/stage-rules`, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ rules: [] }),
          }).then((r) => r.status),
        programmeId,
      );
      expect(refused).toBe(403);
    } finally {
      await phone.close();
    }
  });
});
