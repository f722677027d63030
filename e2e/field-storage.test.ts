// Field mode at rest, in Chromium on a 360 px phone. A caseworker with three assigned participants (their full
// names, preferred names, codes and NIKs known here) and a case note written through the API turns field mode on;
// the first sync fills the cache; offline she writes a note and records an outreach contact, so the outbox holds
// both. Then everything the page can reach is read — every IndexedDB database, store and record (binary values as
// base64 and as decoded UTF-8), every Cache Storage entry (its URL and body), localStorage and sessionStorage, and
// the query cache in memory (TanStack Query's client, found through React's own fiber tree) — and none holds a
// name, a code, a NIK or a note's text, while the same search does find them on the visible page. The profile's
// IndexedDB, Local Storage, Session Storage and Cache Storage folders on disk are read too (UTF-8 and UTF-16).
// The field screens ask the server for nothing but field mode's own routes meanwhile. Erasure: sign-out, a
// deactivated account (at her next "Sinkronkan sekarang"; her session has ended, so sign-in says why the data is
// gone), a device revoked by the head of section and five wrong PINs offline (reported once back online) each
// delete `berdaya-field` and leave `device.cache_erased` with their reason in the audit. Roles without field
// mode see no banner and no "Lapangan"; an administrator cannot register a device. axe-core finds no serious or
// critical problem on the setup screen, the unlock screen and the account page's field section.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { E2E_WEB_DIR, startServer, type E2EServer, type SeededUser } from './support/server.ts';
import {
  CHROMIUM_PATH,
  countIs,
  launchBrowser,
  SHOT_DIR,
  signInThroughForm,
  SKIP_BROWSER,
  visible,
} from './support/browser.ts';
import { Client, json } from '../tests/support/env.ts';
import { participantBody } from '../tests/support/participants.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
const PIN = '480215';
const hex = () => randomBytes(3).toString('hex');
/** Texts no screen or bundle could hold by chance. */
const NOTE_SERVER = `Catatan server ${hex()}: ia takut pulang ke kos lama di Jalan Sungai Ulin.`;
const NOTE_DEVICE = `Catatan lapangan ${hex()}: bertemu di warung dekat pasar, ia minta ditemani ke puskesmas.`;
const ALIAS = `Samaran${hex()}`;
const DEVICE_LABEL = `HP Lapangan ${hex()}`;

type Person = { id: string; code: string; fullName: string; preferredName: string; nik: string };

/** Waits until the page's service worker is active (the precache filled). */
function workerReady(page: Page) {
  return page.evaluate(async () => {
    const r = await navigator.serviceWorker.ready;
    const sw = r.active as ServiceWorker;
    if (sw.state !== 'activated')
      await new Promise<void>((done) => sw.addEventListener('statechange', () => sw.state === 'activated' && done()));
    return sw.state;
  });
}

interface StorageScan {
  /** Where each needle was found (where: "idb berdaya-field/outbox[0]", "cache <name>"…; url for a cache entry). */
  hits: { where: string; url?: string; needle: string }[];
  databases: string[];
  stores: number;
  records: number;
  caches: number;
  cacheEntries: number;
  localKeys: string[];
  sessionKeys: string[];
  /** The query cache's keys (null when the client could not be found). */
  queryKeys: string[] | null;
  /** The device row's clear facts (a positive control: something is read). */
  meta: { deviceId?: string; label?: string } | null;
}

/**
 * Reads, inside the page, everything it can store or hold: every IndexedDB database/store/record, every Cache
 * Storage entry (URL and body), localStorage, sessionStorage, and TanStack Query's caches in memory, and looks for
 * each needle (case-insensitively) in their JSON, in binary values decoded as UTF-8, and in base64 of those bytes.
 */
function scanStorage(page: Page, needles: string[]): Promise<StorageScan> {
  return page.evaluate(async (needles) => {
    const lower = needles.map((n) => n.toLowerCase());
    const hits: { where: string; url?: string; needle: string }[] = [];
    const look = (where: string, text: string, url?: string) => {
      const t = text.toLowerCase();
      lower.forEach((n, i) => {
        if (t.includes(n)) hits.push({ where, ...(url ? { url } : {}), needle: needles[i]! });
      });
    };
    const utf8 = new TextDecoder('utf-8', { fatal: false });
    const utf16 = new TextDecoder('utf-16le', { fatal: false });
    const b64 = (bytes: Uint8Array) => {
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    };
    /** A JSON-able copy, with bytes as {base64, utf8, utf16} so the search sees what they say. */
    const plain = (v: unknown, depth = 0): unknown => {
      if (depth > 30) return '[deep]';
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
        const bytes =
          v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        return {
          base64: b64(bytes),
          utf8: utf8.decode(bytes),
          utf16: utf16.decode(bytes.byteLength % 2 ? bytes.subarray(1) : bytes),
        };
      }
      if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return `[CryptoKey ${v.type}]`;
      if (v instanceof Date) return v.toISOString();
      if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
      if (v && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, depth + 1)]));
      return v;
    };
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((ok, fail) => {
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });

    let stores = 0;
    let records = 0;
    let meta: { deviceId?: string; label?: string } | null = null;
    const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
    for (const name of databases) {
      const open = indexedDB.open(name);
      const db = await req(open);
      try {
        for (const store of Array.from(db.objectStoreNames)) {
          stores++;
          const tx = db.transaction(store, 'readonly');
          const os = tx.objectStore(store);
          const [keys, values] = await Promise.all([req(os.getAllKeys()), req(os.getAll())]);
          records += values.length;
          look(`idb ${name}/${store} keys`, JSON.stringify(plain(keys)));
          values.forEach((v, i) => {
            look(`idb ${name}/${store}[${i}]`, JSON.stringify(plain(v)));
            if (store === 'meta' && v && typeof v === 'object' && 'deviceId' in v)
              meta = { deviceId: String(v.deviceId), label: String((v as { label?: string }).label) };
          });
        }
      } finally {
        db.close();
      }
    }

    let cacheEntries = 0;
    const cacheNames = await caches.keys();
    for (const name of cacheNames) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        cacheEntries++;
        look(`cache ${name} url`, decodeURIComponent(request.url));
        const res = await cache.match(request);
        if (!res) continue;
        const bytes = new Uint8Array(await res.arrayBuffer());
        look(`cache ${name}`, utf8.decode(bytes), request.url);
      }
    }

    const localKeys = Object.keys(localStorage);
    for (const k of localKeys) look(`localStorage ${k}`, `${k}=${localStorage.getItem(k)}`);
    const sessionKeys = Object.keys(sessionStorage);
    for (const k of sessionKeys) look(`sessionStorage ${k}`, `${k}=${sessionStorage.getItem(k)}`);

    // TanStack Query keeps its caches in memory: its client is the QueryClientProvider's prop, reached through
    // React's fiber tree from the root element (the page's own objects, nothing injected into the app).
    let queryKeys: string[] | null = null;
    const rootEl = document.getElementById('root') as (HTMLElement & Record<string, unknown>) | null;
    const containerKey = rootEl ? Object.keys(rootEl).find((k) => k.startsWith('__reactContainer$')) : undefined;
    type Fiber = { child: Fiber | null; sibling: Fiber | null; memoizedProps: Record<string, unknown> | null };
    const stack: Fiber[] = containerKey ? [rootEl![containerKey] as Fiber] : [];
    type QC = {
      getQueryCache(): { getAll(): { queryKey: unknown; state: { data: unknown; error: unknown } }[] };
      getMutationCache(): { getAll(): { state: { data: unknown; variables: unknown; error: unknown } }[] };
    };
    let client: QC | null = null;
    while (stack.length && !client) {
      const f = stack.pop()!;
      const c = f.memoizedProps?.client as QC | undefined;
      if (c && typeof c.getQueryCache === 'function') client = c;
      if (f.sibling) stack.push(f.sibling);
      if (f.child) stack.push(f.child);
    }
    if (client) {
      const queries = client.getQueryCache().getAll();
      queryKeys = queries.map((q) => JSON.stringify(q.queryKey));
      for (const q of queries) look(`query ${JSON.stringify(q.queryKey)}`, JSON.stringify(plain(q.state)));
      for (const [i, m] of client.getMutationCache().getAll().entries())
        look(`mutation ${i}`, JSON.stringify(plain(m.state)));
    }

    return {
      hits,
      databases,
      stores,
      records,
      caches: cacheNames.length,
      cacheEntries,
      localKeys,
      sessionKeys,
      queryKeys,
      meta: meta as { deviceId?: string; label?: string } | null,
    };
  }, needles);
}

/** Every file under `dir` (recursively) searched for each needle as UTF-8/Latin-1 and as UTF-16LE bytes. */
function scanFiles(dir: string, needles: string[]): { files: number; bytes: number; hits: string[] } {
  const hits: string[] = [];
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const data = fs.readFileSync(p);
        files++;
        bytes += data.length;
        for (const n of needles) {
          if (data.includes(Buffer.from(n, 'utf8')) || data.includes(Buffer.from(n, 'utf16le')))
            hits.push(`${path.relative(dir, p)}: ${n}`);
        }
      }
    }
  };
  walk(dir);
  return { files, bytes, hits };
}

describe.skipIf(SKIP_BROWSER)('field mode at rest and its erasure (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser, admin: SeededUser, caseworker: SeededUser;
  const people: Person[] = [];

  async function apiAs(user: SeededUser): Promise<Client> {
    const c = new Client(server.built.app);
    const res = await c.post('/api/auth/login', {
      username: user.username,
      password: user.password,
      ...(user.totpSecret ? { totp: server.nextCode(user.totpSecret) } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
    return c;
  }

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  /** The device.cache_erased events of a device, as reasons. */
  async function erasedReasons(deviceId: string): Promise<string[]> {
    const rows = await server.booted.services.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'device.cache_erased')
      .where('resource_id', '=', deviceId)
      .execute();
    return rows.map((r) => (JSON.parse(String(r.detail)) as { reason: string }).reason);
  }

  /** Polls until the audit holds device.cache_erased with this reason for the device. */
  async function erasureAudited(deviceId: string, reason: string, timeout = 10_000): Promise<void> {
    const until = Date.now() + timeout;
    while (!(await erasedReasons(deviceId)).includes(reason)) {
      if (Date.now() > until)
        throw new Error(`no device.cache_erased (${reason}) for ${deviceId}: ${await erasedReasons(deviceId)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const fieldDbNames = (page: Page) =>
    page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'berdaya-field'));

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'allow' });
    await context.clock.setFixedTime(server.clock.now());
    return { context, page: await context.newPage() };
  }

  /** From a signed-in page: the setup form filled and sent; lands on the field home after its first sync. */
  async function turnOn(page: Page, label: string): Promise<void> {
    await page.goto(`${server.url}/field/setup`);
    await visible(page.getByRole('heading', { level: 1, name: 'Nyalakan mode lapangan' }));
    await page.getByLabel('Ini ponsel saya sendiri dan tidak dipakai orang lain.').check();
    await page.getByLabel('Nama perangkat').fill(label);
    await page.getByLabel('PIN (6–12 angka)').fill(PIN);
    await page.getByLabel('Ulangi PIN').fill(PIN);
    await page.getByRole('button', { name: 'Nyalakan mode lapangan' }).click();
    await page.getByRole('link', { name: 'Buka halaman lapangan' }).click({ timeout: 20_000 });
    await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
    await visible(page.getByRole('status').filter({ hasText: 'Sinkron terakhir' }), 20_000);
  }

  /** Her device id, read through her own device list. */
  async function deviceOf(user: SeededUser, label: string): Promise<{ id: string; version: number }> {
    const c = await apiAs(user);
    const items = json(await c.get('/api/field/devices')).items as { id: string; label: string; version: number }[];
    const d = items.find((x) => x.label === label);
    if (!d) throw new Error(`no device ${label}`);
    return d;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    manager = await server.seedUser('manager', ['63'], 'kasi.lapangan');
    admin = await server.seedUser('admin', ['63'], 'admin.lapangan');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.lapangan');
    const cw = await apiAs(caseworker);
    for (const [i, birthDate] of ['1991-03-14', '1996-07-02', '1999-11-23'].entries()) {
      const fullName = `Ratna Kusumawardani ${hex()}`;
      const preferredName = `Wulan${hex()}`;
      const body = participantBody({}, { fullName, preferredName, birthDate });
      const created = await cw.post('/api/participants', body);
      expect(created.statusCode, created.body).toBe(201);
      const p = json(created) as { id: string; code: string };
      people.push({ ...p, fullName, preferredName, nik: (body.identity as { nik: string }).nik });
      if (i === 0) {
        const note = await cw.post(`/api/participants/${p.id}/notes`, { type: 'GENERAL', body: NOTE_SERVER });
        expect(note.statusCode, note.body).toBe(201);
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('holds no name, code, NIK or note text in IndexedDB, Cache Storage, web storage, the query cache or the profile on disk; sign-out erases it', async () => {
    const needles = [
      ...people.flatMap((p) => [p.fullName, p.preferredName, p.code, p.nik]),
      NOTE_SERVER,
      NOTE_DEVICE,
      ALIAS,
    ];
    // A profile of its own, so its IndexedDB folder on disk can be read too.
    const userDataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'berdaya-field-profile-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'],
      ...PHONE,
    });
    try {
      await context.clock.setFixedTime(server.clock.now());
      const page = context.pages()[0] ?? (await context.newPage());
      await signInThroughForm(page, server, caseworker);
      expect(await workerReady(page)).toBe('activated');

      // A fresh page on her account page: the query cache holds only what this page and the field screens read.
      await page.goto(`${server.url}/account`);
      const section = page.getByRole('region', { name: 'Mode lapangan' });
      await visible(section.getByText('Perangkat ini tidak menyimpan data lapangan.'));
      expect(await seriousViolations(page), 'account page, field section').toEqual([]);
      await section.getByRole('link', { name: 'Nyalakan di perangkat ini' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Nyalakan mode lapangan' }));
      expect(await seriousViolations(page), 'setup').toEqual([]);
      await page.getByLabel('Ini ponsel saya sendiri dan tidak dipakai orang lain.').check();
      await page.getByLabel('Nama perangkat').fill(DEVICE_LABEL);
      await page.getByLabel('PIN (6–12 angka)').fill(PIN);
      await page.getByLabel('Ulangi PIN').fill(PIN);
      await page.getByRole('button', { name: 'Nyalakan mode lapangan' }).click();
      await page.getByRole('link', { name: 'Buka halaman lapangan' }).click({ timeout: 20_000 });
      await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
      // The first sync is done: her participants are on the screen (from the cache, in memory).
      for (const p of people) await visible(page.getByText(p.preferredName));
      await visible(page.getByRole('status').filter({ hasText: 'Sinkron terakhir' }));

      // From here on the field screens ask the server for nothing but field mode's own routes.
      const reads: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/') && !u.pathname.startsWith('/api/field/'))
          reads.push(`${r.method()} ${u.pathname}`);
      });
      const [first] = people;
      await page.getByRole('link', { name: `Tulis catatan ${first!.code}` }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Catatan kasus ${first!.code}` }));
      await page.getByRole('link', { name: 'Kembali ke halaman lapangan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));

      // Offline: a note and an outreach contact go into the outbox.
      await context.setOffline(true);
      await visible(page.getByRole('status').filter({ hasText: 'Luring' }));
      await page.getByRole('link', { name: `Tulis catatan ${first!.code}` }).click();
      await page.getByLabel('Isi catatan').fill(NOTE_DEVICE);
      await page.getByRole('button', { name: 'Simpan catatan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
      await page.getByRole('link', { name: 'Catat kontak penjangkauan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Kontak penjangkauan' }));
      const group = (name: string | RegExp) => page.getByRole('group', { name, exact: typeof name === 'string' });
      await group(/^Jenis tempat/)
        .getByRole('radio', { name: 'Warung / kafe', exact: true })
        .check();
      await group('Jalur kontak').getByRole('radio', { name: 'Penjangkauan langsung', exact: true }).check();
      await page.getByLabel('Nama samaran (tidak wajib)').fill(ALIAS);
      await group('Minat terhadap program').getByRole('radio', { name: 'Tinggi', exact: true }).check();
      await group('Hasil kontak').getByRole('radio', { name: 'Tertarik', exact: true }).check();
      await page.getByRole('button', { name: 'Simpan kontak' }).click();
      await visible(page.getByText('Tersimpan di perangkat. Akan dikirim otomatis saat ada sinyal.'));
      await visible(page.getByRole('status').filter({ hasText: '2 menunggu dikirim' }));
      await page.getByRole('link', { name: 'Kembali ke halaman lapangan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
      await page.screenshot({ path: path.join(SHOT_DIR, 'field-storage-outbox-360.png'), fullPage: true });

      // The positive control: the same search finds them on the visible page (names and codes from the cache).
      const onScreen = await page.evaluate((needles) => {
        // biome-ignore lint/performance/useDomNodeTextContent: what she sees on the screen, as rendered
        const text = document.body.innerText.toLowerCase();
        return needles.filter((n) => text.includes(n.toLowerCase()));
      }, needles);
      for (const p of people) {
        expect(onScreen).toContain(p.preferredName);
        expect(onScreen).toContain(p.code);
      }

      const scan = await scanStorage(page, needles);
      // A precached file of the built app holds what every copy of the app holds (an example code in a hint can
      // equal a real code): such a hit is the shipped file's own text, not something stored on this device.
      const shipped = (h: StorageScan['hits'][number]) => {
        if (!h.url) return false;
        const file = path.join(E2E_WEB_DIR, new URL(h.url).pathname);
        return fs.existsSync(file) && fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').includes(h.needle);
      };
      expect(scan.hits.filter((h) => !shipped(h))).toEqual([]);
      // What was read: the field cache with its four stores and the outbox's two items, the precache, the query cache.
      expect(scan.databases).toContain('berdaya-field');
      expect(scan.stores).toBeGreaterThanOrEqual(4);
      expect(scan.records).toBeGreaterThanOrEqual(6);
      expect(scan.meta?.label).toBe(DEVICE_LABEL);
      expect(scan.cacheEntries).toBeGreaterThan(10);
      expect(scan.queryKeys).not.toBeNull();
      expect(scan.queryKeys!.length).toBeGreaterThan(0);
      // The field screens read no personal data from the server (their data is the cache, held in memory).
      expect(reads).toEqual([]);

      // The profile on disk: IndexedDB's LevelDB and blob files, Local/Session Storage, Cache Storage. The device's
      // name, stored in clear, is the control that the search reads what IndexedDB wrote.
      const profile = path.join(userDataDir, 'Default');
      const [idbDisk, ...others] = ['IndexedDB', 'Local Storage', 'Session Storage'].map((d) =>
        scanFiles(path.join(profile, d), [...needles, DEVICE_LABEL]),
      );
      expect(idbDisk!.files).toBeGreaterThan(0);
      expect(idbDisk!.hits.some((h) => h.endsWith(`: ${DEVICE_LABEL}`))).toBe(true);
      expect(
        [...idbDisk!.hits, ...others.flatMap((d) => d.hits)].filter((h) => !h.endsWith(`: ${DEVICE_LABEL}`)),
      ).toEqual([]);
      // Cache Storage on disk holds the precached build: a needle that is text of the shipped app is no hit.
      const inBuild = new Set(needles.filter((n) => scanFiles(E2E_WEB_DIR, [n]).hits.length > 0));
      const cacheDisk = scanFiles(
        path.join(profile, 'Service Worker'),
        needles.filter((n) => !inBuild.has(n)),
      );
      expect(cacheDisk.files).toBeGreaterThan(10);
      expect(cacheDisk.hits).toEqual([]);

      // Back online, the outbox goes out on its own; the server has her note.
      await context.setOffline(false);
      await countIs(page.getByRole('status').filter({ hasText: 'menunggu dikirim' }), 0, 20_000);
      const cw = await apiAs(caseworker);
      const notes = json(await cw.get(`/api/participants/${first!.id}/notes`)).items as { body: string }[];
      expect(notes.map((n) => n.body)).toContain(NOTE_DEVICE);

      // Sign-out erases the cache, and the server hears of it.
      const device = await deviceOf(caseworker, DEVICE_LABEL);
      expect(device.id).toBe(scan.meta?.deviceId);
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('button', { name: 'Keluar' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
      expect(await fieldDbNames(page)).toEqual([]);
      await erasureAudited(device.id, 'sign_out');
    } finally {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  it('a deactivated account: at the next contact the cache is erased, and the screen says so', async () => {
    const worker = await server.seedUser('caseworker', ['6372'], 'pendamping.nonaktif');
    const label = `HP Nonaktif ${hex()}`;
    const { context, page } = await phone();
    try {
      await signInThroughForm(page, server, worker);
      await turnOn(page, label);
      const device = await deviceOf(worker, label);
      // The administrator deactivates her account (her sessions end at once).
      const adm = await apiAs(admin);
      const read = await adm.get(`/api/users/${worker.id}`);
      const changed = await adm.patch(
        `/api/users/${worker.id}`,
        { active: false },
        { 'if-match': String(read.headers.etag) },
      );
      expect(changed.statusCode, changed.body).toBe(200);

      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      // Her session has ended too, so she lands on sign-in, which says why the field data is gone.
      await visible(
        page
          .getByRole('alert')
          .filter({ hasText: 'Akun ini tidak aktif lagi, jadi data lapangan di perangkat ini sudah dihapus.' }),
      );
      expect(await fieldDbNames(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'field-erased-account-inactive-360.png'), fullPage: true });
      expect(await seriousViolations(page), 'sign-in after the erasure').toEqual([]);
      await erasureAudited(device.id, 'account_inactive');
    } finally {
      await context.close();
    }
  });

  it('a device revoked by the head of section: at the next contact the cache is erased, and the screen says so', async () => {
    const worker = await server.seedUser('caseworker', ['6372'], 'pendamping.dicabut');
    const label = `HP Dicabut ${hex()}`;
    const { context, page } = await phone();
    try {
      await signInThroughForm(page, server, worker);
      await turnOn(page, label);
      const device = await deviceOf(worker, label);
      const boss = await apiAs(manager);
      const revoked = await boss.post(
        `/api/field/devices/${device.id}/revoke`,
        {},
        { 'if-match': `"${device.version}"` },
      );
      expect(revoked.statusCode, revoked.body).toBe(200);

      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Data lapangan sudah dihapus' }));
      await visible(page.getByText('Perangkat ini sudah dicabut, jadi data lapangan di perangkat ini sudah dihapus.'));
      expect(await fieldDbNames(page)).toEqual([]);
      await erasureAudited(device.id, 'revoked');
    } finally {
      await context.close();
    }
  });

  it('five wrong PINs offline erase the cache; the erasure is reported once the device is back online', async () => {
    const worker = await server.seedUser('caseworker', ['6372'], 'pendamping.pin');
    const label = `HP PIN ${hex()}`;
    const { context, page } = await phone();
    try {
      await signInThroughForm(page, server, worker);
      expect(await workerReady(page)).toBe('activated');
      await turnOn(page, label);
      const device = await deviceOf(worker, label);

      await context.setOffline(true);
      await page.reload();
      await visible(page.getByRole('heading', { level: 1, name: 'Buka data lapangan' }));
      expect(await seriousViolations(page), 'unlock').toEqual([]);
      for (let left = 4; left >= 1; left--) {
        await page.getByLabel('PIN', { exact: true }).fill('111111');
        await page.getByRole('button', { name: 'Buka' }).click();
        await visible(page.getByRole('alert').filter({ hasText: `PIN salah. Sisa ${left} kali percobaan` }));
      }
      await page.getByLabel('PIN', { exact: true }).fill('111111');
      await page.getByRole('button', { name: 'Buka' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Data lapangan sudah dihapus' }));
      await visible(page.getByText('PIN salah lima kali, jadi data lapangan di perangkat ini sudah dihapus.'));
      expect(await fieldDbNames(page)).toEqual([]);

      // Online again, the app reports the erasure it could not send.
      // (Her session is still valid: the app opens on her home, with field mode off on this device.)
      await context.setOffline(false);
      await page.goto(`${server.url}/`);
      await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
      await erasureAudited(device.id, 'pin_failures');
      await countIs(page.getByRole('status').filter({ hasText: 'Keadaan mode lapangan' }), 0);
    } finally {
      await context.close();
    }
  });

  it('roles without field mode: no banner, no "Lapangan"; an administrator cannot register a device', async () => {
    for (const user of [manager, admin]) {
      const { context, page } = await phone();
      try {
        await signInThroughForm(page, server, user);
        const nav = page.getByRole('navigation', { name: 'Menu utama' });
        await nav.getByRole('button', { name: 'Menu' }).click();
        await visible(nav.getByRole('link', { name: 'Akun' }));
        await countIs(page.getByRole('link', { name: 'Lapangan', exact: true }), 0);
        await countIs(page.getByRole('status').filter({ hasText: 'Keadaan mode lapangan' }), 0);
        await page.goto(`${server.url}/account`);
        await visible(page.getByRole('heading', { level: 1 }));
        await countIs(page.getByRole('region', { name: 'Mode lapangan' }), 0);
        await countIs(page.getByRole('status').filter({ hasText: 'Keadaan mode lapangan' }), 0);
      } finally {
        await context.close();
      }
    }
    const adm = await apiAs(admin);
    const refused = await adm.post('/api/field/devices', { label: 'HP admin' });
    expect(refused.statusCode, refused.body).toBe(403);
  });
});
