// The web app as a phone gets it: first-load JavaScript per screen, and Lighthouse (mobile) on the screens a
// caseworker opens most. Run by bench/run.ts (`npm run bench`; `--web-only` runs this part alone).
//
//  - First-load JS, measured in Chromium (/usr/bin/chromium through playwright-core): every script the page
//    fetches from our server until the network is idle (entry, module preloads, the screen's lazy chunks and
//    its areas' words), each counted at the size of its .gz file (gzip -9, what the build writes beside it).
//  - Lighthouse 12.2.3, programmatically: its default mobile profile (simulated slow 4G, a mid-range phone's
//    CPU), performance and accessibility, three runs per page (a cold cache each), medians. Signed-in pages get
//    the session cookie on every request (`extraHeaders`). `--no-lighthouse` skips it.
//
// The server is the real one (boot + buildApp) on a fresh SQLite file with a small synthetic province, serving
// the built web app: dist/web when its manifest is there, otherwise (or with --build) a build into
// dist/web-bench, so a running test's dist/web is never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import { buildApp } from '../src/server/http/app.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { bulkSeed } from './bulk.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TODAY = new Date('2026-11-28T01:00:00.000Z');
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface PageFigures {
  name: string;
  path: string;
  /** First-load JS, gzipped, and the scripts it counts. */
  jsKB: number;
  scripts: string[];
  lighthouse?: {
    performance: number;
    accessibility: number;
    fcpMs: number;
    lcpMs: number;
    tbtMs: number;
    cls: number;
    runs: { performance: number; accessibility: number; fcpMs: number; lcpMs: number; tbtMs: number }[];
    /** Audits under 1 in the median run's accessibility category (what to fix when it is below 100). */
    failing: string[];
  };
}

/** The built web app, built first when asked or when no build with a manifest is there. */
export function builtWeb(rebuild: boolean): string | null {
  const own = path.resolve('dist/web-bench');
  const hasManifest = (d: string) => fs.existsSync(path.join(d, '.vite', 'manifest.json'));
  if (!rebuild && hasManifest(path.resolve('dist/web'))) return path.resolve('dist/web');
  if (!rebuild && hasManifest(own)) return own;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', own, '--emptyOutDir'], {
    stdio: 'inherit',
  });
  return r.status === 0 ? own : null;
}

/** The gzip size of a built file: its .gz beside it, or gzip -9 of it (an older build without one). */
function gzSize(dir: string, urlPath: string): number {
  const file = path.join(dir, decodeURIComponent(urlPath).replace(/^\//, ''));
  if (fs.existsSync(`${file}.gz`)) return fs.statSync(`${file}.gz`).size;
  return fs.existsSync(file) ? gzipSync(fs.readFileSync(file), { level: 9 }).length : 0;
}

export async function webBench(opts: {
  /** The built web app to serve. */
  dir: string;
  lighthouse: boolean;
  runs: number;
  log: (l: string) => void;
}): Promise<{ dir: string; pages: PageFigures[] }> {
  const dir = opts.dir;
  const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'berdaya-bench-web-'));
  const config = loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const clock = new ManualClock(TODAY.getTime());
  const booted = await boot(config, { keyRing: new KeyRing(randomBytes(32)), clock });
  try {
    const s = booted.services;
    opts.log('web: seeding 200 participants…');
    await bulkSeed(s, clock, 200, 10);
    clock.set(TODAY);
    const { app, auth } = await buildApp(s, { webDir: dir });
    const password = `Bench-password-${randomBytes(4).toString('hex')}`;
    await createUser(
      systemRepo(s, 'bench', 'synthetic benchmark data'),
      auth,
      { username: 'bench.web', role: 'caseworker', regions: ['63'], password },
      'cli',
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'bench.web', password }),
    });
    if (login.status !== 200) throw new Error(`web sign-in: ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const participant = await s.db.kysely
      .selectFrom('participants')
      .select('id')
      .orderBy('code')
      .executeTakeFirstOrThrow();

    const pages: { name: string; path: string; signedIn: boolean }[] = [
      { name: 'sign-in', path: '/sign-in', signedIn: false },
      { name: 'start page (caseworker)', path: '/', signedIn: true },
      { name: 'follow-ups', path: '/follow-ups', signedIn: true },
      { name: 'participant', path: `/participants/${participant.id}`, signedIn: true },
    ];

    // ---- first-load JS in Chromium
    opts.log('web: first-load JS…');
    const out: PageFigures[] = [];
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      for (const p of pages) {
        const context = await browser.newContext();
        if (p.signedIn) {
          const [name, value] = cookie.split('=') as [string, string];
          await context.addCookies([{ name, value, url: base }]);
        }
        const page = await context.newPage();
        const scripts = new Set<string>();
        page.on('request', (r) => {
          if (r.resourceType() === 'script' && r.url().startsWith(base)) scripts.add(new URL(r.url()).pathname);
        });
        await page.goto(`${base}${p.path}`, { waitUntil: 'networkidle' });
        const files = [...scripts].sort();
        out.push({
          name: p.name,
          path: p.path,
          jsKB: round(files.reduce((n, f) => n + gzSize(dir, f), 0) / 1024),
          scripts: files,
        });
        await context.close();
      }
    } finally {
      await browser.close();
    }

    // ---- Lighthouse, mobile, median of the runs
    if (opts.lighthouse) {
      const chrome = await chromeLauncher.launch({
        chromePath: CHROMIUM,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
      });
      try {
        for (const [i, p] of pages.entries()) {
          const runs: NonNullable<PageFigures['lighthouse']>['runs'] = [];
          const failing: string[][] = [];
          let cls = 0;
          for (let r = 0; r < opts.runs; r++) {
            opts.log(`web: Lighthouse ${p.name} ${r + 1}/${opts.runs}…`);
            // A run whose trace failed (NO_NAVSTART and the like, on a busy machine) is run again, twice at most.
            let lhr: NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'] | undefined;
            for (let attempt = 0; attempt < 3; attempt++) {
              const result = await lighthouse(`${base}${p.path}`, {
                port: chrome.port,
                output: 'json',
                logLevel: 'error',
                onlyCategories: ['performance', 'accessibility'],
                ...(p.signedIn ? { extraHeaders: { Cookie: cookie } } : {}),
              });
              lhr = result?.lhr;
              if (lhr && !lhr.runtimeError) break;
              opts.log(`web: Lighthouse ${p.name}: ${lhr?.runtimeError?.message ?? 'no result'}, again…`);
            }
            if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse on ${p.path}: ${lhr?.runtimeError?.message}`);
            const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
            runs.push({
              performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
              accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
              fcpMs: Math.round(audit('first-contentful-paint')),
              lcpMs: Math.round(audit('largest-contentful-paint')),
              tbtMs: Math.round(audit('total-blocking-time')),
            });
            cls = Math.max(cls, audit('cumulative-layout-shift'));
            failing.push(
              (lhr.categories.accessibility?.auditRefs ?? [])
                .filter((a) => a.weight > 0 && (lhr.audits[a.id]?.score ?? 1) < 1)
                .map((a) => a.id),
            );
          }
          const m = (k: keyof (typeof runs)[number]) => median(runs.map((x) => x[k]));
          out[i]!.lighthouse = {
            performance: m('performance'),
            accessibility: m('accessibility'),
            fcpMs: m('fcpMs'),
            lcpMs: m('lcpMs'),
            tbtMs: m('tbtMs'),
            cls: round(cls, 3),
            runs,
            failing: [...new Set(failing.flat())],
          };
        }
      } finally {
        chrome.kill();
      }
    }
    await app.close();
    return { dir: path.relative(process.cwd(), dir), pages: out };
  } finally {
    await booted.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The lines the benchmark prints for the web app. */
export function describeWeb(web: { dir: string; pages: PageFigures[] }): string[] {
  const lines = [`web app (${web.dir}): first-load JS gzipped, measured in Chromium until network idle`];
  for (const p of web.pages) {
    const lh = p.lighthouse;
    lines.push(
      `  ${p.name.padEnd(24)} JS ${String(p.jsKB).padStart(6)} KB (${p.scripts.length} scripts)` +
        (lh
          ? `  Lighthouse mobile: performance ${lh.performance}, accessibility ${lh.accessibility}; FCP ${(lh.fcpMs / 1000).toFixed(1)} s, LCP ${(lh.lcpMs / 1000).toFixed(1)} s, TBT ${lh.tbtMs} ms, CLS ${lh.cls} (median of ${lh.runs.length}: performance ${lh.runs.map((r) => r.performance).join('/')})${lh.failing.length ? ` a11y failing: ${lh.failing.join(', ')}` : ''}`
          : ''),
    );
  }
  return lines;
}
