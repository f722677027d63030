// Language switch: Bahasa Indonesia by default; English on request, kept across reloads, on <html lang>.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible, countIs } from './support/browser.ts';

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)('language switch (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: SeededUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.seedUser('admin', ['63'], 'admin.bahasa');
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const htmlLang = () => page.evaluate(() => document.documentElement.lang);

  it('starts in Indonesian, switches to English, and keeps English after a reload', async () => {
    await page.goto(`${server.url}/sign-in`);
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    expect(await htmlLang()).toBe('id');
    expect(await page.title()).toBe('Masuk — Berdaya');
    const indonesian = page.getByRole('button', { name: 'Indonesia' });
    const english = page.getByRole('button', { name: 'English' });
    expect(await indonesian.getAttribute('aria-pressed')).toBe('true');
    expect(await english.getAttribute('aria-pressed')).toBe('false');

    await english.click();
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));
    await visible(page.getByLabel('Username'));
    expect(await htmlLang()).toBe('en');
    expect(await english.getAttribute('aria-pressed')).toBe('true');
    await countIs(page.getByRole('heading', { name: 'Masuk' }), 0);

    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));
    expect(await htmlLang()).toBe('en');
    expect(await page.title()).toBe('Sign in — Berdaya');
  });

  it('shows the signed-in screens and error messages in English too, and switches back', async () => {
    // A wrong password: the server's code is shown in the chosen language.
    await page.getByLabel('Username').fill(admin.username);
    await page.getByLabel('Password').fill('not-the-right-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }));

    await signInThroughForm(page, server, admin, {
      username: 'Username',
      password: 'Password',
      code: /Verification code/,
      submit: 'Sign in',
      greeting: /Welcome/,
    });
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await visible(nav.getByRole('link', { name: 'Users' }));
    await visible(nav.getByRole('link', { name: 'Audit log' }));
    await visible(page.getByText('Administrator (data officer)'));

    await page.getByRole('button', { name: 'Indonesia' }).click();
    await visible(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pengguna' }));
    expect(await htmlLang()).toBe('id');
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
  });
});
