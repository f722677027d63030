// Chromium for the browser tests (Debian's, through playwright-core), and small helpers the tests share.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { E2EServer, SeededUser } from './server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Without Chromium on a developer machine the browser suites are skipped (apt-get install chromium);
 * in CI (CI set) they always run, so a missing browser fails the run instead of hiding it.
 */
export const SKIP_BROWSER = !fs.existsSync(CHROMIUM_PATH) && !process.env.CI;

/**
 * Chromium for the tests. Its contexts block service workers unless a test asks for them
 * (`serviceWorkers: 'allow'`: the installable app's and field mode's tests): otherwise every fresh context would
 * install the worker and precache the whole built shell, which no other test needs.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: 'block', ...options });
  return browser;
}

/** Where screenshots go (git-ignored). */
export const SHOT_DIR = fileURLToPath(new URL('../../.tmp/', import.meta.url));

/** Waits until the locator is visible (Playwright's own assertion library is not used with Vitest). */
export async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

/**
 * Waits until the locator matches exactly `n` elements. The screens re-render after a save (the list
 * is fetched again), so an immediate count can still see the previous state; this polls instead.
 */
export async function countIs(locator: Locator, n: number, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  let last = await locator.count();
  while (last !== n) {
    if (Date.now() > until)
      throw new Error(`expected ${n} element(s) for ${String(locator)}, found ${last} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
    last = await locator.count();
  }
}

/** Signs in through the sign-in form, with the code step when the account has 2FA. Lands on home. */
export async function signInThroughForm(
  page: Page,
  server: E2EServer,
  user: SeededUser,
  labels = ID_LABELS,
): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel(labels.username).fill(user.username);
  await page.getByLabel(labels.password, { exact: true }).fill(user.password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  if (user.totpSecret) {
    await visible(page.getByLabel(labels.code));
    await page.getByLabel(labels.code).fill(server.nextCode(user.totpSecret));
    await page.getByRole('button', { name: labels.submit, exact: true }).click();
  }
  await visible(page.getByRole('heading', { level: 1, name: labels.greeting }));
}

export const ID_LABELS = {
  username: 'Nama pengguna',
  password: 'Kata sandi',
  code: /Kode verifikasi/,
  submit: 'Masuk',
  greeting: /Selamat datang/,
};

/** The page's horizontal overflow in CSS pixels (0 when nothing sticks out). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
