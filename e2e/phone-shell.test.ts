// The phone's shell in Chromium at 360 × 740: a caseworker's first screen is her work, not the navigation. On her
// start page (the work queue), her follow-up worklist and a participant's page, the main heading and the first
// item of content start above the fold, and the header with the navigation is at most 80 px high. The Menu
// button opens the rest of the navigation, the language and sign-out by keyboard (focus into the menu, Escape
// closes it and returns focus to the button); a page opened from it closes it. axe-core finds no serious or
// critical problem with the menu closed or open. A desktop keeps the full header and navigation.
// Set up through the API: one Banjarbaru cohort in September 2026 whose graduate agreed to be contacted; her
// one-month follow-up fell due on 30 October, so on the e2e clock (28 November 2026) it is overdue.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible } from './support/browser.ts';
import { Client, json } from '../tests/support/env.ts';
import { CONSENTS, participantBody } from '../tests/support/participants.ts';

const VIEWPORT = { width: 360, height: 740 };
const PHONE = { viewport: VIEWPORT, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
/** The most the header (with the navigation) may take of a phone's first screen. */
const MAX_NAV_PX = 80;
/** A time on a day, in WITA. */
const at = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+08:00`);
const NOW = new Date('2026-11-28T01:15:00.000Z'); // 28 November 2026 09.15 WITA, as startServer() sets it

describe.skipIf(SKIP_BROWSER)('the phone shell (Chromium, 360 × 740)', () => {
  let server: E2EServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let manager: SeededUser, caseworker: SeededUser;
  let her: { id: string; code: string };
  let shots: string;

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

  /** Registered with consent to follow-up contact, assessed, with an approved plan, enrolled in a September cohort, graduated. */
  async function graduate(): Promise<{ id: string; code: string }> {
    const [mgr, cw] = [await apiAs(manager), await apiAs(caseworker)];
    const programme = await mgr.post('/api/programmes', {
      name: 'Rehabilitasi Sosial Perempuan 2026',
      year: 2026,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
    });
    expect(programme.statusCode, programme.body).toBe(201);
    const cohort = await mgr.post('/api/cohorts', {
      programmeId: json(programme).id,
      regionCode: '6372',
      startDate: '2026-09-01',
      endDate: '2026-09-30',
      tracks: ['TATA_BOGA'],
    });
    expect(cohort.statusCode, cohort.body).toBe(201);
    const cohortId = json(cohort).id as string;
    const consents = [
      ...CONSENTS,
      {
        purpose: 'FOLLOW_UP_CONTACT',
        method: 'SIGNED_FORM',
        explainedBy: caseworker.username,
        language: 'id',
        givenAt: '2026-08-20',
      },
    ];
    const created = await cw.post(
      '/api/participants',
      participantBody({ consents }, { birthDate: '1994-01-10', preferredName: 'Ani' }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const p = json(created) as { id: string; code: string };
    const a = await cw.post(`/api/participants/${p.id}/assessments`, {
      answers: {
        living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
        health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
        economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
        education: { level: 'SD', skills: [] },
        srq20: Array(20).fill(false),
        trafficking: {},
        safety: { risks: ['NONE'] },
      },
      confirmedRisk: 'LOW',
    });
    expect(a.statusCode, a.body).toBe(201);
    for (const to of ['ASESMEN', 'RENCANA_INTERVENSI'])
      expect((await cw.post(`/api/participants/${p.id}/transitions`, { to, reason: 'lanjut' })).statusCode).toBe(200);
    const plan = await cw.request('PUT', `/api/participants/${p.id}/case-plan`, {
      items: [{ goal: 'Usaha kue rumahan', component: 'VOKASI_USAHA', dueDate: '2026-10-31' }],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect((await mgr.post(`/api/participants/${p.id}/case-plan/approve`)).statusCode).toBe(200);
    const e = await cw.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
    expect(e.statusCode, e.body).toBe(201);
    const generated = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      holidays: 'skip',
    });
    expect(generated.statusCode, generated.body).toBe(201);
    // On its last day she attended every session; the head of section confirms graduation.
    server.clock.set(at('2026-09-30', '15:00'));
    const boss = await apiAs(manager);
    for (const s of json(generated).items as { id: string }[]) {
      const r = await boss.request('PUT', `/api/sessions/${s.id}/attendance`, [
        { participantId: p.id, status: 'PRESENT' },
      ]);
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await boss.post(`/api/cohorts/${cohortId}/graduate`)).statusCode).toBe(200);
    const confirmed = await boss.post(`/api/cohorts/${cohortId}/graduate/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { id: p.id, code: p.code };
  }

  /** The element's top edge lies on the first screen (from the top of the page, no scrolling). */
  async function aboveFold(locator: Locator, what: string): Promise<void> {
    await visible(locator);
    const box = await locator.first().boundingBox();
    expect(box, what).not.toBeNull();
    expect(box!.y, `${what}: top at ${box!.y} px`).toBeGreaterThanOrEqual(0);
    expect(box!.y, `${what}: top at ${box!.y} px`).toBeLessThan(VIEWPORT.height);
  }

  /** The header, navigation included, takes at most MAX_NAV_PX of the screen. */
  async function compactHeader(p: Page): Promise<void> {
    const header = await p.locator('header.site-header').boundingBox();
    const nav = await p.getByRole('navigation', { name: 'Menu utama' }).boundingBox();
    expect(header && nav).toBeTruthy();
    expect(header!.height, `header ${header!.height} px`).toBeLessThanOrEqual(MAX_NAV_PX);
    expect(nav!.height, `navigation ${nav!.height} px`).toBeLessThanOrEqual(MAX_NAV_PX);
  }

  const focused = (p: Page) =>
    p.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName} ${el.textContent?.trim() ?? ''}` : '';
    });

  beforeAll(async () => {
    server = await startServer();
    server.clock.set(at('2026-08-20'));
    manager = await server.seedUser('manager', ['63'], 'kasi.ponsel');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.ponsel');
    her = await graduate();
    server.clock.set(NOW);
    shots = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'berdaya-phone-shell-'));
    browser = await launchBrowser();
    context = await browser.newContext(PHONE);
    await context.clock.setFixedTime(server.clock.now());
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (shots) fs.rmSync(shots, { recursive: true, force: true });
  });

  it('starts her day with her work queue on the first screen, under a bar of her three destinations', async () => {
    await signInThroughForm(page, server, caseworker);
    const nav = page.getByRole('navigation', { name: 'Menu utama' });
    // Beranda (with what waits), Peserta and Tindak lanjut in the bar; the rest behind Menu.
    await visible(nav.getByRole('link', { name: 'Beranda 1 menunggu' }));
    await visible(nav.getByRole('link', { name: 'Peserta' }));
    await visible(nav.getByRole('link', { name: 'Tindak lanjut' }));
    const menuButton = nav.getByRole('button', { name: 'Menu' });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link', { name: 'Penjangkauan' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Keluar' }).count()).toBe(0);
    await compactHeader(page);

    await aboveFold(page.getByRole('heading', { level: 1, name: /Selamat datang/ }), 'home heading');
    const queue = page.locator('section[aria-labelledby="work-queue-title"]');
    await aboveFold(queue.locator('#work-queue-title'), 'work queue heading');
    await aboveFold(queue.getByRole('listitem').first(), 'first item of the work queue');
    expect(await queue.getByRole('listitem').first().textContent()).toContain(her.code);
    expect(await seriousViolations(page), 'home, menu closed').toEqual([]);

    const shot = path.join(shots, 'home-360.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(0);
  });

  it('opens and closes the menu by keyboard: focus goes in, Escape brings it back to the button', async () => {
    const nav = page.getByRole('navigation', { name: 'Menu utama' });
    const menuButton = nav.getByRole('button', { name: 'Menu' });
    // From the page's start by Tab (a fresh load puts focus nowhere): the skip link, the three destinations, Menu.
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
    for (let i = 0; i < 10 && (await focused(page)) !== 'BUTTON Menu'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON Menu');

    await page.keyboard.press('Enter');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    const menu = page.locator(`#${await menuButton.getAttribute('aria-controls')}`);
    await visible(menu);
    // Focus moved to the menu's first link; the rest of her destinations, the language and sign-out are there.
    expect(await focused(page)).toBe('A Penjangkauan');
    await visible(nav.getByRole('link', { name: 'Akun' }));
    await visible(nav.getByRole('group', { name: 'Bahasa' }).getByRole('button', { name: 'English' }));
    await visible(nav.getByRole('button', { name: 'Keluar' }));
    expect(await seriousViolations(page), 'home, menu open').toEqual([]);
    const shot = path.join(shots, 'menu-360.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(0);

    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.isHidden()).toBe(true);
    expect(await focused(page)).toBe('BUTTON Menu');

    // Space opens it too; a page opened from it closes it, and focus moves to that page's heading.
    await page.keyboard.press('Space');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('A Penjangkauan');
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { level: 1, name: 'Penjangkauan' }));
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.isHidden()).toBe(true);
    expect(await focused(page)).toBe('H1 Penjangkauan');
    await compactHeader(page);
  });

  it('shows the follow-up worklist and its first row on the first screen', async () => {
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Tindak lanjut' }).click();
    await aboveFold(page.getByRole('heading', { level: 1, name: 'Tindak lanjut' }), 'worklist heading');
    const first = page.getByTestId('fu-overdue').getByRole('listitem').first();
    await aboveFold(first, 'first row of the worklist');
    expect(await first.textContent()).toContain(her.code);
    expect(
      await page
        .getByRole('navigation', { name: 'Menu utama' })
        .getByRole('link', { name: 'Tindak lanjut' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await compactHeader(page);
    const shot = path.join(shots, 'worklist-360.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(0);
  });

  it("shows a participant's header and first tab on the first screen", async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await aboveFold(page.getByRole('heading', { level: 1, name: her.code }), 'participant heading');
    await aboveFold(page.locator('header.participant-header'), "the participant's header");
    await aboveFold(page.getByRole('tab').first(), 'first tab');
    await compactHeader(page);
    const shot = path.join(shots, 'participant-360.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(0);
  });

  it('keeps the full header and navigation on a desktop', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await desk.clock.setFixedTime(server.clock.now());
      const p = await desk.newPage();
      await signInThroughForm(p, server, caseworker);
      const nav = p.getByRole('navigation', { name: 'Menu utama' });
      await visible(nav.getByRole('link', { name: 'Penjangkauan' }));
      await visible(nav.getByRole('link', { name: 'Akun' }));
      expect(await nav.getByRole('button', { name: 'Menu' }).count()).toBe(0);
      await visible(p.locator('header.site-header').getByRole('button', { name: 'Keluar' }));
      await visible(p.locator('header.site-header').getByRole('link', { name: 'Berdaya' }));
    } finally {
      await desk.close();
    }
  });
});
