// Every word on the main screens comes from the translation files: in the pseudo-locale (localStorage
// 'berdaya.pseudo' = '1', src/web/i18n/pseudo.ts) each translated string is shown as ⟦…⟧ with accented vowels, so
// any visible text outside such brackets bypassed them — a hard-coded word or the server's English. Visits
// sign-in, home (the work queue), the participants list and one participant's page, cohorts, the follow-up
// worklist, users and the audit log; the programme screens (a graduated cohort's page and each of its tabs, a
// session's attendance, programmes, venues), aid (kits, budget), reports (dashboard, reports, imports),
// outreach, partners, her own account and the rights requests, each with data seeded through the server; and
// fails on any visible text node that is not transformed, except data: names, usernames, codes, numbers, dates
// and the region names of the reference list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible } from './support/browser.ts';
import { Client, json, type TestEnv } from '../tests/support/env.ts';
import { graduatedCohort } from '../tests/support/cohort.ts';
import { participantBody } from '../tests/support/participants.ts';
import { pseudo } from '../src/web/i18n/pseudo.ts';
import { KAB_KOTA, PROVINCE_CODE, regionName } from '../src/shared/regions.ts';

/** The sign-in form's words in the pseudo-locale. */
const PSEUDO_LABELS = {
  username: pseudo('Nama pengguna'),
  password: pseudo('Kata sandi'),
  code: /Kódé vérífíkásí/,
  submit: pseudo('Masuk'),
  greeting: /Sélámát dátáng/,
};

/** Dates and times as Intl prints them (the locale's month names are not our words), and the office's zone. */
const MONTHS =
  'Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Sep|Okt|Nov|Des';
const WEEKDAYS = 'Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu';
/** A date, a day with its weekday, a time or a period of them ("Jumat, 1 Maret 2019", "1 Maret – 31 Maret 2019"). */
const DATE = new RegExp(`^([\\d\\s.,:–—-]|\\b(${MONTHS}|${WEEKDAYS}|WITA|WIB|WIT)\\b)*$`);

describe.skipIf(SKIP_BROWSER)('pseudo-locale: no word bypasses the translation files (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: SeededUser;
  let manager: SeededUser;
  let participant: { id: string; code: string; name: string };
  /** The graduated cohort of March 2019 and what hangs on it. */
  const ids = { programme: '', cohort: '', session: '', venue: '' };
  /** Data a screen may show as it is: people's names, usernames, codes. */
  const data = new Set<string>(['Berdaya']);

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

  async function pseudoContext(): Promise<BrowserContext> {
    const ctx = await browser.newContext();
    await ctx.clock.setFixedTime(server.clock.now());
    await ctx.addInitScript(() => localStorage.setItem('berdaya.pseudo', '1'));
    return ctx;
  }

  beforeAll(async () => {
    server = await startServer();
    // A cohort of March 2019 that has graduated (attendance 5 and 2 of 5: one graduate, one not), as
    // tests/aid.test.ts builds it; its set-up turns the clock back, so it comes first, with staff of its own.
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const g = await graduatedCohort(
      env,
      {
        manager: { ...(await server.seedUser('manager', ['63'], 'kasi.kohort')), regions: ['63'] },
        caseworker: { ...(await server.seedUser('caseworker', ['6372'], 'pendamping.kohort')), regions: ['6372'] },
      },
      [5, 2],
    );
    ids.programme = g.programmeId;
    ids.cohort = g.cohortId;
    for (const e of g.enrollments) data.add(e.code);
    for (const p of g.people) {
      const her = json(await g.mgr.get(`/api/participants/${p.id}`));
      data.add(her.identity?.fullName ?? her.fullName);
    }
    data.add('Pembinaan 2019');
    // The cohort's name as the server gave it ("Angkatan 1": a name, as a person would give one).
    data.add(json(await g.mgr.get(`/api/cohorts/${ids.cohort}`)).name);
    data.add('Siti');
    const sessions = json(await g.mgr.get(`/api/cohorts/${ids.cohort}/sessions`)).items as { id: string }[];
    ids.session = sessions[0]!.id;
    const kit = await g.mgr.post('/api/kits', {
      trade: 'TATA_BOGA',
      name: 'Paket usaha kue',
      items: [{ name: 'Oven listrik', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
    });
    expect(kit.statusCode, kit.body).toBe(201);
    const venue = await g.mgr.post('/api/venues', {
      name: 'Rumah Singgah Loktabat',
      address: 'Jl. Loktabat Utara',
      regionCode: '6372',
      ownerName: 'H. Abdullah',
      capacity: 12,
      facilities: ['dapur'],
      rentPerMonth: 3_000_000,
      contractStart: '2019-03-01',
      contractEnd: '2019-12-31',
    });
    expect(venue.statusCode, venue.body).toBe(201);
    ids.venue = json(venue).id;
    const partner = await g.mgr.post('/api/partners', {
      name: 'Puskesmas Guntung Payung',
      kind: 'PUSKESMAS',
      regionCode: '6372',
    });
    expect(partner.statusCode, partner.body).toBe(201);
    const contact = await g.cw.post('/api/outreach', {
      placeKind: 'JALAN',
      channel: 'JANGKAUAN_JALANAN',
      interestLevel: 'LOW',
      outcome: 'NOT_NOW',
      contactDate: '2019-03-10',
      regionCode: '6372',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const asked = await g.cw.post('/api/rights-requests', { participantId: g.people[0]!.id, kind: 'ACCESS' });
    expect(asked.statusCode, asked.body).toBe(201);
    for (const d of [
      'kasi.kohort',
      'pendamping.kohort',
      'Paket usaha kue',
      'Oven listrik',
      'Rumah Singgah Loktabat',
      'Jl. Loktabat Utara',
      'H. Abdullah',
      'dapur',
      'Puskesmas Guntung Payung',
    ])
      data.add(d);

    admin = await server.seedUser('admin', ['63'], 'admin.pseudo');
    manager = await server.seedUser('manager', ['63'], 'kasi.pseudo');
    const caseworker = await server.seedUser('caseworker', ['6372'], 'pekerja.pseudo');
    const cw = await apiAs(caseworker);
    const body = participantBody({}, { fullName: 'Nurul Pseudo', preferredName: 'Nurul' });
    const created = await cw.post('/api/participants', body);
    expect(created.statusCode, created.body).toBe(201);
    participant = { id: json(created).id, code: json(created).code, name: 'Nurul Pseudo' };
    for (const d of [
      admin.username,
      manager.username,
      caseworker.username,
      participant.name,
      'Nurul',
      participant.code,
      body.identity.address,
      body.identity.phone,
      body.identity.nik,
      ...KAB_KOTA.map((r) => r.name),
      regionName(PROVINCE_CODE),
    ])
      data.add(d);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * The visible text of the page outside every ⟦…⟧, node by node in document order (a translated string split by
   * markup, or with data filled in, keeps its brackets open across nodes), less what is data.
   */
  async function untransformed(page: Page): Promise<string[]> {
    await page.waitForLoadState('networkidle');
    // Wait for the screen to settle (lazy screens, lists loading).
    await page.waitForTimeout(300);
    const outside = await page.evaluate(() => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let depth = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        // Codes shown as codes (an audit entry's action and record id) are data.
        if (!parent || parent.closest('script, style, noscript, template, code')) continue;
        const shown = parent.checkVisibility({ visibilityProperty: true, opacityProperty: false });
        let out = '';
        for (const ch of n.textContent ?? '') {
          if (ch === '⟦') depth++;
          else if (ch === '⟧') {
            depth = Math.max(0, depth - 1);
            out += ' ';
          } else if (depth === 0) out += ch;
        }
        if (!shown) continue;
        for (const piece of out.split(/\s{2,}/)) if (piece.trim()) found.push(piece.trim());
      }
      return found;
    });
    return outside.filter((s) => !isData(s));
  }

  function isData(s: string): boolean {
    if (data.has(s)) return true;
    if (/^[\s\d.,:;/()%+\-–—−·•|×#*…'"?!✓]*$/.test(s)) return true; // numbers, punctuation, a drawn tick
    if (s === 'Rp') return true; // the rupiah sign before an amount's field
    if (DATE.test(s)) return true;
    if (/^[A-Z0-9]+([-/.][A-Z0-9]+)+$/.test(s)) return true; // codes (BJB-2026-0001, 6372)
    if (/^Rp\s?[\d.]+$/.test(s)) return true;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return true; // record ids
    if (/^(anon-[0-9a-f]+|system:[a-z0-9-]+)$/.test(s)) return true; // tokens and system actors in the audit log
    // Data between punctuation or numbers ("Nurul Pseudo,", "(admin.pseudo)").
    const bare = s.replace(/^[\s\d.,:;()·•–—-]+|[\s\d.,:;()·•–—-]+$/g, '');
    // A code with her name ("BRD-6372-19-0001 (Siti)").
    const named = /^(.+?)\s+\((.+)\)[:.,]?$/.exec(s);
    if (named && isData(named[1]!) && isData(named[2]!)) return true;
    // A list of data ("anon-…, anon-…" in an audit entry's detail).
    if (/[,;]\s/.test(bare) && bare.split(/[,;]\s+/).every((part) => isData(part))) return true;
    // A code as a value of an audit entry's detail ("⟦Jenis⟧: filter;", "⟦Jenis⟧: PUSKESMAS"): the server's code,
    // shown as it is.
    return data.has(bare) || (bare !== s && isData(bare)) || /^([a-z][a-z0-9_]*|[A-Z][A-Z0-9_]*)$/.test(bare);
  }

  async function check(page: Page, url: string, ready: () => Promise<unknown>): Promise<string[]> {
    await page.goto(`${server.url}${url}`);
    await ready();
    return (await untransformed(page)).map((s) => `${url}: ${s}`);
  }

  it('shows every word of the main screens transformed', async () => {
    const problems: string[] = [];
    const h1 = (page: Page) => () => visible(page.getByRole('heading', { level: 1 }));

    const ctx = await pseudoContext();
    const page = await ctx.newPage();
    problems.push(...(await check(page, '/sign-in', h1(page))));
    // The server's answer to a wrong password is shown in the catalogue's words, never its English.
    await page.getByLabel(PSEUDO_LABELS.username).fill(manager.username);
    await page.getByLabel(PSEUDO_LABELS.password, { exact: true }).fill('not-the-right-password');
    await page.getByRole('button', { name: PSEUDO_LABELS.submit, exact: true }).click();
    await visible(page.getByRole('alert').filter({ hasText: '⟦' }));
    problems.push(...(await untransformed(page)).map((s) => `/sign-in (wrong password): ${s}`));

    await signInThroughForm(page, server, manager, PSEUDO_LABELS);
    problems.push(...(await check(page, '/', h1(page))));
    problems.push(...(await check(page, '/participants', h1(page))));
    problems.push(
      ...(await check(page, `/participants/${participant.id}`, () =>
        visible(page.getByRole('heading', { level: 1, name: participant.code })),
      )),
    );
    problems.push(...(await check(page, '/cohorts', h1(page))));
    problems.push(...(await check(page, '/follow-ups', h1(page))));

    // The programme screens: a graduated cohort's page and each of its tabs, a session's attendance.
    for (const tab of ['participants', 'schedule', 'graduation', 'aid', 'outcomes']) {
      problems.push(
        ...(await check(page, `/cohorts/${ids.cohort}?tab=${tab}`, () =>
          visible(page.getByRole('tab', { selected: true })),
        )),
      );
    }
    problems.push(...(await check(page, `/sessions/${ids.session}/attendance`, h1(page))));
    problems.push(...(await check(page, '/programmes', h1(page))));
    problems.push(...(await check(page, '/venues', h1(page))));
    problems.push(...(await check(page, `/venues/${ids.venue}`, h1(page))));
    // Aid: the kits and the budget, the programme's own budget.
    problems.push(...(await check(page, '/kits', h1(page))));
    problems.push(...(await check(page, '/budget', h1(page))));
    problems.push(...(await check(page, `/budget/${ids.programme}`, h1(page))));
    // Reports: her office's figures, the annual reports, imports.
    problems.push(...(await check(page, '/dashboard', h1(page))));
    problems.push(...(await check(page, '/reports', h1(page))));
    problems.push(...(await check(page, '/imports', h1(page))));
    // Outreach, partners, her own account, the rights requests.
    problems.push(...(await check(page, '/outreach', h1(page))));
    problems.push(...(await check(page, '/partners', h1(page))));
    problems.push(...(await check(page, '/account', h1(page))));
    problems.push(...(await check(page, '/rights-requests', h1(page))));
    await ctx.close();

    const adminCtx = await pseudoContext();
    const adminPage = await adminCtx.newPage();
    await signInThroughForm(adminPage, server, admin, PSEUDO_LABELS);
    problems.push(...(await check(adminPage, '/users', h1(adminPage))));
    problems.push(...(await check(adminPage, '/audit', h1(adminPage))));
    // The check itself: a word put on the page without the translation files is found, data is not.
    await adminPage.evaluate(() => {
      const p = document.createElement('p');
      p.append('Saved successfully', document.createElement('br'), 'admin.pseudo');
      document.querySelector('main')?.append(p);
    });
    expect(await untransformed(adminPage)).toEqual(['Saved successfully']);
    await adminCtx.close();

    expect(problems).toEqual([]);
  }, 180_000); // one walk over some twenty-five screens: more than one test's usual minute on a busy machine

  it('leaves the words alone without the switch', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/sign-in`);
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    expect(await page.locator('body').textContent()).not.toContain('⟦');
    await ctx.close();
  });
});
