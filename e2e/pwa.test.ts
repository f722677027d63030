// The installable app in Chromium: the manifest is linked and names its icons; the service worker activates with
// the whole built shell precached, so with the network off a reload of `/` and of a deep link still shows Berdaya
// (the sign-in page, the session being unreadable offline), never Chromium's offline page; Cache Storage holds no
// answer from /api/ even after she has signed in and opened screens that read personal data. Then a new build is
// deployed (its service worker changes): the open app says a new version is available, and reloads into it when
// she asks. 127.0.0.1 is a secure context, so service workers work over plain HTTP here.
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { E2E_WEB_DIR, startServer, type E2EServer } from './support/server.ts';
import { ID_LABELS, launchBrowser, SHOT_DIR, signInThroughForm, SKIP_BROWSER, visible } from './support/browser.ts';

/** Waits until the page's service worker is active, and returns its state and script. */
function workerReady(page: Page) {
  return page.evaluate(async () => {
    const r = await navigator.serviceWorker.ready;
    const sw = r.active as ServiceWorker;
    if (sw.state !== 'activated')
      await new Promise<void>((done) =>
        sw.addEventListener('statechange', () => sw.state === 'activated' && done(), { once: false }),
      );
    return { state: sw.state, script: new URL(sw.scriptURL).pathname, scope: new URL(r.scope).pathname };
  });
}

/** Every request URL held in Cache Storage, by cache. */
function cachedUrls(page: Page) {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => r.url);
    }
    return out;
  });
}

/** The built files the app's screens load (scripts and styles under assets/), as URL paths. */
function builtAssets(dir: string): string[] {
  return fs
    .readdirSync(path.join(dir, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => `/assets/${f}`);
}

describe.skipIf(SKIP_BROWSER)('installable app (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('the shell offline', () => {
    let server: E2EServer;
    let context: BrowserContext;
    beforeAll(async () => {
      server = await startServer();
      context = await browser.newContext({ serviceWorkers: 'allow' });
    });
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    it('links a manifest with its name, start, display and icons', async () => {
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(href).toBe('/manifest.webmanifest');
      const res = await page.request.get(`${server.url}${href}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
      const manifest = await res.json();
      expect(manifest).toMatchObject({
        name: 'Berdaya',
        short_name: 'Berdaya',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0b5d4b',
        background_color: '#f5f7f6',
      });
      expect(manifest.description).toMatch(/rehabilitasi sosial/);
      const icons = manifest.icons as { src: string; sizes: string; type: string; purpose?: string }[];
      expect(icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual([
        '192x192 any',
        '512x512 any',
        '512x512 maskable',
      ]);
      for (const icon of icons) {
        const png = await page.request.get(`${server.url}${icon.src}`);
        expect(png.status(), icon.src).toBe(200);
        expect(png.headers()['content-type'], icon.src).toBe('image/png');
        // The PNG's own header says the size the manifest claims (width and height at bytes 16–23).
        const body = await png.body();
        const [w, h] = [body.readUInt32BE(16), body.readUInt32BE(20)];
        expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
      }
      await page.close();
    });

    it('activates the service worker with every screen precached, and shows the app offline', async () => {
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await visible(page.getByLabel(ID_LABELS.username));
      expect(await workerReady(page)).toEqual({ state: 'activated', script: '/sw.js', scope: '/' });
      expect(context.serviceWorkers().map((w) => new URL(w.url()).pathname)).toContain('/sw.js');

      // The precache holds the whole built shell: index.html and every script and style any screen loads.
      const held = Object.values(await cachedUrls(page))
        .flat()
        .map((u) => new URL(u).pathname);
      expect(held).toContain('/index.html');
      const missing = builtAssets(E2E_WEB_DIR).filter((a) => !held.includes(a));
      expect(missing).toEqual([]);

      // Signed in, through pages that read personal data while the worker controls them.
      const caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.pwa');
      await page.reload();
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/participants`);
      await visible(page.getByRole('heading', { level: 1 }));
      await page.goto(`${server.url}/follow-ups`);
      await visible(page.getByRole('heading', { level: 1 }));

      await context.setOffline(true);
      try {
        for (const url of ['/', '/participants', '/follow-ups/0197a3b2-0000-7000-8000-000000000000']) {
          await page.goto(`${server.url}${url}`);
          // The app's own page (its shell, then sign-in: the session cannot be read offline), not the browser's.
          await visible(page.getByLabel(ID_LABELS.username));
          expect(await page.title(), url).toMatch(/Berdaya$/);
          expect(await page.locator('header.site-header').count(), url).toBe(1);
        }
        await page.reload();
        await visible(page.getByLabel(ID_LABELS.username));
      } finally {
        await context.setOffline(false);
      }

      // No answer from the API is ever kept in Cache Storage: every cache, every request.
      const all = await cachedUrls(page);
      const fromApi = Object.entries(all).flatMap(([name, urls]) =>
        urls.filter((u) => new URL(u).pathname.startsWith('/api/')).map((u) => `${name}: ${u}`),
      );
      expect(Object.keys(all).length).toBeGreaterThan(0);
      expect(fromApi).toEqual([]);
      await page.close();
    });
  });

  describe('a new build', () => {
    let server: E2EServer;
    let context: BrowserContext;
    let webDir = '';
    beforeAll(async () => {
      // A copy of the build the server serves, so this test can "deploy" a new service worker into it.
      webDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'berdaya-pwa-web-'));
      fs.cpSync(E2E_WEB_DIR, webDir, { recursive: true });
      server = await startServer({ webDir });
      context = await browser.newContext({ serviceWorkers: 'allow' });
    });
    afterAll(async () => {
      await context?.close();
      await server?.close();
      if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
    });

    it('says a new version is available, and reloads into it when she asks', async () => {
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await visible(page.getByLabel(ID_LABELS.username));
      await workerReady(page);
      const banner = page.getByRole('status').filter({ hasText: 'Versi baru tersedia' });
      expect(await banner.count()).toBe(0);

      // Deployed: the service worker changes (as each build's precache list does), with its compressed copies.
      const sw = path.join(webDir, 'sw.js');
      const next = `${fs.readFileSync(sw, 'utf8')}\n// the next build\n`;
      fs.writeFileSync(sw, next);
      fs.writeFileSync(`${sw}.br`, brotliCompressSync(next));
      fs.writeFileSync(`${sw}.gz`, gzipSync(next));

      // The browser looks for a new worker on navigation; the new one installs and waits for her.
      await page.reload();
      await visible(banner, 20_000);
      const waiting = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return r?.waiting?.state ?? null;
      });
      expect(waiting).toBe('installed');
      // The banner passes the same axe scan as the main screens (no serious or critical violation).
      const scan = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
        [],
      );
      await page.screenshot({ path: path.join(SHOT_DIR, 'pwa-update-banner.png') });

      // The waiting worker takes over and the page reloads under it: no banner, nothing waiting.
      const reloaded = page.waitForEvent('load');
      await page.getByRole('button', { name: 'Muat ulang' }).click();
      await reloaded;
      await visible(page.getByLabel(ID_LABELS.username));
      const after = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { waiting: r?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(after).toEqual({ waiting: null, controlled: true });
      expect(await banner.count()).toBe(0);
      await page.close();
    });
  });
});
