// A 360 × 740 phone: no sideways scrolling on the main screens, and the main flow by keyboard alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { horizontalOverflow, launchBrowser, SHOT_DIR, SKIP_BROWSER, visible } from './support/browser.ts';

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)('phone width and keyboard (Chromium, 360 × 740)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: SeededUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.seedUser('admin', ['63'], 'admin.ponsel');
    // A few accounts with long names and many regions, so the users list has something to wrap.
    for (const [role, regions] of [
      ['caseworker', ['6371', '6372']],
      ['manager', ['63']],
      ['psychologist', ['6301', '6302', '6303', '6304', '6305', '6306']],
    ] as const) {
      await server.seedUser(role, [...regions]);
    }
    browser = await launchBrowser();
    page = await (
      await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
      })
    ).newPage();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Presses Tab until the focused element is the target, so the test drives the page by keyboard only. */
  async function tabTo(target: { id: string } | { navLink: string }, max = 30): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const hit = await page.evaluate((want) => {
        const el = document.activeElement;
        if (!el) return false;
        if ('id' in want) return el.id === want.id;
        return el.tagName === 'A' && el.textContent === want.navLink && !!el.closest('nav');
      }, target);
      if (hit) return;
    }
    throw new Error(`Tab never reached ${JSON.stringify(target)}`);
  }

  async function focusRingVisible(): Promise<boolean> {
    return page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      const s = getComputedStyle(el);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    });
  }

  it('has no horizontal overflow on the sign-in page', async () => {
    await page.goto(`${server.url}/sign-in`);
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('signs in with the keyboard alone (Tab, typing, Enter), with a visible focus ring', async () => {
    // The first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke isi utama');
    expect(await focusRingVisible()).toBe(true);

    await tabTo({ id: 'username' });
    expect(await focusRingVisible()).toBe(true);
    await page.keyboard.type(admin.username);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');

    // The code field appears and takes focus.
    await visible(page.getByLabel(/Kode verifikasi/));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('totp');
    await page.keyboard.type(server.nextCode(admin.totpSecret!));
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
  });

  it('has no horizontal overflow on home, and reaches the users list by keyboard', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SHOT_DIR, 'home-360.png'), fullPage: true });

    await tabTo({ navLink: 'Pengguna' });
    expect(await focusRingVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { level: 1, name: 'Pengguna' }));
    await visible(page.getByRole('row').filter({ hasText: 'psychologist' }));
    // After navigating, focus is on the new page's heading, so the next Tab continues from there.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SHOT_DIR, 'users-360.png'), fullPage: true });
  });

  it('opens the new-user form and the audit log at 360 px without overflow', async () => {
    for (const [url, heading, shot] of [
      ['/users/new', 'Tambah pengguna', 'user-new-360.png'],
      ['/audit', 'Log audit', 'audit-360.png'],
      ['/account', 'Akun saya', 'account-360.png'],
    ] as const) {
      await page.goto(`${server.url}${url}`);
      await visible(page.getByRole('heading', { level: 1, name: heading }));
      if (url === '/audit') await visible(page.getByRole('row').nth(1));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(360);
      await page.screenshot({ path: path.join(SHOT_DIR, shot), fullPage: true });
    }
  });
});
