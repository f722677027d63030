// axe-core scans of the main screens: no 'serious' or 'critical' violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible } from './support/browser.ts';

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)('accessibility scan with axe-core (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: SeededUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.seedUser('admin', ['63'], 'admin.axe');
    await server.seedUser('caseworker', ['6371']);
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function seriousViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  it('sign-in page, before and after the code step', async () => {
    await page.goto(`${server.url}/sign-in`);
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    expect(await seriousViolations()).toEqual([]);

    await page.getByLabel('Nama pengguna').fill(admin.username);
    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(page.getByLabel(/Kode verifikasi/));
    expect(await seriousViolations()).toEqual([]);
  });

  it('home page', async () => {
    await signInThroughForm(page, server, admin);
    expect(await seriousViolations()).toEqual([]);
  });

  it('users page, new-user form with errors, and a user detail page', async () => {
    await page.goto(`${server.url}/users`);
    await visible(page.getByRole('row').nth(1));
    expect(await seriousViolations()).toEqual([]);

    await page.goto(`${server.url}/users/new`);
    await page.getByRole('button', { name: 'Buat akun' }).click();
    await visible(page.getByText('Pilih minimal satu wilayah.'));
    expect(await seriousViolations()).toEqual([]);

    await page.goto(`${server.url}/users`);
    await page.getByRole('link', { name: admin.username }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Akun ${admin.username}` }));
    expect(await seriousViolations()).toEqual([]);
  });

  it('audit log', async () => {
    await page.goto(`${server.url}/audit`);
    await visible(page.getByRole('row').nth(1));
    expect(await seriousViolations()).toEqual([]);
  });
});
