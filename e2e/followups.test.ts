// Follow-up after graduation in Chromium, on the e2e clock (28 November 2026, 09.15 WITA). Set up through the
// API: two Banjarbaru cohorts whose graduates agreed to be contacted — September's (two graduates; their
// one-month follow-ups fell due on 30 October, so they are overdue) and October's (one graduate, due on
// 30 November, this week). The caseworker sees her worklist on home and at /follow-ups, opens an overdue
// follow-up on a 360 px phone, records the visit (a missing answer is named and nothing typed is lost), and
// the cohort's outcomes panel moves from 0% to 50% reached at one month. The need she noted opens her plan and
// referral forms filled in. The head of section sees the overdue count per caseworker and region and the
// alert the high risk raised, and marks it handled; a colleague who is not assigned reads the visit without
// the risk of return; a facilitator and an auditor cannot open follow-ups at all. A follow-up that could not
// happen is marked unreachable; a closed case is reopened with a reason. After her last follow-up the worklist
// asks to close or continue, and "continue" schedules one more. axe-core finds no serious or critical
// problems on the worklist, the visit form, her follow-up tab and the outcomes tab; nothing sticks out at 360 px.
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
import { Client, json } from '../tests/support/env.ts';
import { CONSENTS, participantBody } from '../tests/support/participants.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
/** A time on a day, in WITA. */
const at = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+08:00`);
const NOW = new Date('2026-11-28T01:15:00.000Z'); // 28 November 2026 09.15 WITA, as startServer() sets it
const NEED = 'Modal tambahan untuk membeli oven kedua';

describe.skipIf(SKIP_BROWSER)('follow-up after graduation (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser, caseworker: SeededUser, colleague: SeededUser, facilitator: SeededUser, auditor: SeededUser;
  const cohorts = { sep: '', oct: '' };
  /** A and B graduated in September, C in October. */
  const people: Record<'A' | 'B' | 'C', { id: string; code: string }> = {} as never;
  /** Their one-month follow-ups. */
  const fu: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

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

  /** Registered, assessed (income Rp 500.000), with an approved plan, and consent to follow-up contact. */
  async function readyParticipant(cw: Client, mgr: Client, name: string) {
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
      participantBody({ consents }, { birthDate: '1994-01-10', preferredName: name }),
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
    return { id: p.id, code: p.code };
  }

  /** A cohort of Friday sessions with these participants enrolled (on the clock's day: 20 August). */
  async function plannedCohort(
    mgr: Client,
    cw: Client,
    programmeId: string,
    start: string,
    end: string,
    names: string[],
  ) {
    const created = await mgr.post('/api/cohorts', {
      programmeId,
      regionCode: '6372',
      startDate: start,
      endDate: end,
      tracks: ['TATA_BOGA'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const cohortId = json(created).id as string;
    const ps = [];
    for (const n of names) {
      const p = await readyParticipant(cw, mgr, n);
      const e = await cw.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
      expect(e.statusCode, e.body).toBe(201);
      ps.push(p);
    }
    const generated = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      holidays: 'skip',
    });
    expect(generated.statusCode, generated.body).toBe(201);
    return { cohortId, ps, sessions: json(generated).items as { id: string }[], end };
  }

  /** On its last day everyone attended every session; the head of section confirms graduation. */
  async function graduate(c: Awaited<ReturnType<typeof plannedCohort>>) {
    server.clock.set(at(c.end, '15:00'));
    const mgr = await apiAs(manager);
    for (const s of c.sessions) {
      const r = await mgr.request(
        'PUT',
        `/api/sessions/${s.id}/attendance`,
        c.ps.map((p) => ({ participantId: p.id, status: 'PRESENT' })),
      );
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await mgr.post(`/api/cohorts/${c.cohortId}/graduate`)).statusCode).toBe(200);
    const confirmed = await mgr.post(`/api/cohorts/${c.cohortId}/graduate/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  }

  /** The first (one-month) follow-up of a participant. */
  async function firstFollowUp(c: Client, participantId: string): Promise<{ id: string; dueDate: string }> {
    const items = json(await c.get(`/api/participants/${participantId}/follow-ups`)).items as {
      id: string;
      dueDate: string;
      pointMonths: number;
    }[];
    expect(items.map((f) => f.pointMonths)).toEqual([1, 3, 6, 12]);
    return items[0]!;
  }

  async function phonePage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(PHONE);
    await context.clock.setFixedTime(server.clock.now());
    return { context, page: await context.newPage() };
  }

  beforeAll(async () => {
    server = await startServer();
    server.clock.set(at('2026-08-20'));
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    colleague = await server.seedUser('caseworker', ['6372'], 'pendamping.lain');
    facilitator = await server.seedUser('facilitator', ['6372'], 'instruktur.roti');
    auditor = await server.seedUser('auditor', ['63'], 'inspektorat');
    // The clock only moves forward here: one-time codes cannot be used again at an earlier step.
    const [mgr, cw0] = [await apiAs(manager), await apiAs(caseworker)];
    const programme = await mgr.post('/api/programmes', {
      name: 'Rehabilitasi Sosial Perempuan 2026',
      year: 2026,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
    });
    expect(programme.statusCode, programme.body).toBe(201);
    const programmeId = json(programme).id as string;
    const sep = await plannedCohort(mgr, cw0, programmeId, '2026-09-01', '2026-09-30', ['Ani', 'Butet']);
    const oct = await plannedCohort(mgr, cw0, programmeId, '2026-10-01', '2026-10-30', ['Cici']);
    await graduate(sep);
    await graduate(oct);
    cohorts.sep = sep.cohortId;
    cohorts.oct = oct.cohortId;
    [people.A, people.B] = [sep.ps[0]!, sep.ps[1]!];
    people.C = oct.ps[0]!;
    server.clock.set(NOW);
    const cw = await apiAs(caseworker);
    const [a, b, c] = [
      await firstFollowUp(cw, people.A.id),
      await firstFollowUp(cw, people.B.id),
      await firstFollowUp(cw, people.C.id),
    ];
    expect([a.dueDate, b.dueDate, c.dueDate]).toEqual(['2026-10-30', '2026-10-30', '2026-11-30']);
    [fu.A, fu.B, fu.C] = [a.id, b.id, c.id];
    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a caseworker opens her worklist, records a visit on a 360 px phone, and the outcomes panel changes', async () => {
    const { context, page } = await phonePage();
    try {
      await signInThroughForm(page, server, caseworker);
      // Home starts with her worklist: two overdue since 30 October, one due on 30 November.
      const mine = page.locator('section.fu-home');
      await visible(mine.getByRole('heading', { level: 2, name: 'Tindak lanjut saya' }));
      await visible(mine.getByRole('heading', { level: 3, name: 'Terlambat (2)' }));
      await visible(mine.getByRole('heading', { level: 3, name: 'Jatuh tempo minggu ini (1)' }));
      const itemA = mine.getByRole('listitem').filter({ hasText: people.A.code });
      expect(await itemA.textContent()).toContain('Bulan ke-1 setelah lulus · Jatuh tempo 30 Oktober 2026');
      expect(await itemA.textContent()).toContain('Terlambat 29 hari');
      expect(await mine.getByTestId('fu-due').textContent()).toContain(people.C.code);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), 'home').toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'followup-home-360.png'), fullPage: true });

      // The outcomes of September's cohort before the visit: nobody reached at one month yet.
      await page.goto(`${server.url}/cohorts/${cohorts.sep}?tab=outcomes`);
      const outcomes = page.getByRole('tabpanel', { name: 'Hasil' });
      await visible(outcomes.getByRole('heading', { level: 2, name: 'Hasil tindak lanjut' }));
      await visible(outcomes.getByText('Jumlah lulusan: 2'));
      await expect(outcomes.getByTestId('fu-reached-1').textContent()).resolves.toBe('0 (0%)');
      await visible(outcomes.getByRole('img', { name: /Bulan ke-1: terjangkau 0%/ }));

      // The full worklist, from the menu; her overdue follow-up opens the visit form.
      await page.goto(`${server.url}/follow-ups`);
      await visible(page.getByRole('heading', { level: 1, name: 'Tindak lanjut' }));
      const overdue = page.getByTestId('fu-overdue').getByRole('listitem');
      await countIs(overdue, 2);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), 'worklist').toEqual([]);
      await page.getByRole('link', { name: `${people.A.code} · Ani` }).tap();
      await visible(page.getByRole('heading', { level: 1, name: `Tindak lanjut ${people.A.code}` }));
      const form = page.getByRole('form', { name: 'Catat kunjungan' });
      await visible(form);
      expect(await form.getByLabel('Tanggal kunjungan').inputValue()).toBe('28/11/2026');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), 'visit form').toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'followup-visit-360.png'), fullPage: true });

      // Saving with answers missing names them and keeps what was typed.
      await form.getByLabel(/^Kebutuhan yang muncul/).fill(NEED);
      await form.getByRole('group', { name: 'Cara kontak' }).getByRole('radio', { name: 'Kunjungan rumah' }).tap();
      await form.getByRole('button', { name: 'Simpan kunjungan' }).tap();
      await visible(form.getByRole('group', { name: 'Usaha' }).getByText('Pilih salah satu jawaban.'));
      await countIs(form.locator('.field-error'), 10);
      expect(await form.getByLabel(/^Kebutuhan yang muncul/).inputValue()).toBe(NEED);
      expect(
        await form
          .getByRole('group', { name: 'Cara kontak' })
          .getByRole('radio', { name: 'Kunjungan rumah' })
          .isChecked(),
      ).toBe(true);

      const choose = (group: string | RegExp, answer: string) =>
        form.getByRole('group', { name: group }).getByRole('radio', { name: answer, exact: true }).tap();
      await choose('Usaha', 'Berjalan');
      await choose('Penghasilan per bulan', 'Rp 1.000.000 – Rp 1.999.999');
      await choose('Paket usaha masih dipakai', 'Ya');
      await choose('Tempat tinggal stabil', 'Ya');
      await choose('Ada dukungan keluarga', 'Ya');
      await choose('Dapat mengakses layanan kesehatan', 'Ya');
      await choose('Dokumen kependudukan (KTP, KK) ada', 'Tidak');
      await choose('Kesejahteraan (1–5)', '4 · Baik');
      await choose('Ada kekhawatiran keselamatan', 'Tidak');
      await choose('Risiko kembali ke pekerjaan seks', 'Tinggi');
      await form.getByRole('button', { name: 'Simpan kunjungan' }).tap();
      await visible(
        page
          .getByRole('status')
          .filter({ hasText: 'Kunjungan tersimpan. Tindak lanjut ini selesai. Kepala Seksi sudah diberi tahu.' }),
      );
      await visible(page.getByTestId('fu-status').filter({ hasText: 'Selesai' }));
      await countIs(page.getByRole('form', { name: 'Catat kunjungan' }), 0);
      const result = page.locator('.fu-visit');
      await visible(result.getByRole('heading', { name: 'Kunjungan 28 November 2026' }));
      expect(await result.textContent()).toContain('Risiko kembali ke pekerjaan seks');
      expect(await result.textContent()).toContain('Tinggi');
      expect(await result.textContent()).toContain('Rp 1.000.000 – Rp 1.999.999');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOT_DIR, 'followup-visit-saved-360.png'), fullPage: true });

      // Stored as sent.
      const saved = await page.evaluate((id) => fetch(`/api/follow-ups/${id}`).then((r) => r.json()), fu.A);
      expect(saved).toMatchObject({
        status: 'DONE',
        visits: [
          {
            date: '2026-11-28',
            method: 'HOME_VISIT',
            businessStatus: 'RUNNING',
            incomeBand: '1M_2M',
            documents: 'NO',
            wellbeing: 4,
            safetyConcern: false,
            returnRisk: 'HIGH',
            needs: NEED,
          },
        ],
      });

      // The outcomes panel now counts her: one of two graduates reached at one month, her business running.
      await page.goto(`${server.url}/cohorts/${cohorts.sep}?tab=outcomes`);
      await visible(outcomes.getByRole('heading', { level: 2, name: 'Hasil tindak lanjut' }));
      await visible(outcomes.getByTestId('fu-reached-1').filter({ hasText: '1 (50%)' }));
      await visible(outcomes.getByRole('img', { name: /Bulan ke-1: terjangkau 50%, usaha berjalan 50%/ }));
      const income = outcomes.locator('.fu-income-table');
      await expect(income.getByRole('row').filter({ hasText: 'Naik' }).locator('td').textContent()).resolves.toBe('1');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), 'outcomes').toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'followup-outcomes-360.png'), fullPage: true });

      // Back on the worklist only B is overdue.
      await page.goto(`${server.url}/follow-ups`);
      await visible(page.getByRole('heading', { level: 2, name: 'Terlambat (1)' }));
      await countIs(page.getByTestId('fu-overdue').getByRole('listitem'), 1);
      expect(await page.getByTestId('fu-overdue').textContent()).toContain(people.B.code);
    } finally {
      await context.close();
    }
  });

  it('turns the need she noted into a plan goal or a referral, with the form filled in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.clock.setFixedTime(server.clock.now());
      const page = await context.newPage();
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/follow-ups/${fu.A}`);
      const needs = page.getByRole('region', { name: 'Tindak lanjuti kebutuhannya' });
      await visible(needs.getByText(NEED));
      await needs.getByRole('button', { name: 'Jadikan tujuan rencana intervensi' }).click();
      await visible(page.getByRole('heading', { level: 1, name: people.A.code }));
      await visible(page.getByRole('tab', { name: 'Rencana', selected: true }));
      const goals = page.getByRole('tabpanel', { name: 'Rencana' }).getByLabel('Tujuan', { exact: true });
      await countIs(goals, 2);
      expect(await goals.nth(1).inputValue()).toBe(NEED);

      await page.goto(`${server.url}/follow-ups/${fu.A}`);
      await needs.getByRole('button', { name: 'Jadikan rujukan' }).click();
      await visible(page.getByRole('tab', { name: 'Rujukan', selected: true }));
      await visible(page.getByLabel('Alasan rujukan'));
      expect(await page.getByLabel('Alasan rujukan').inputValue()).toBe(NEED);
      // Carried once, in memory: opening her page again starts on the profile with empty forms.
      await page.reload();
      await visible(page.getByRole('tab', { name: 'Profil', selected: true }));
    } finally {
      await context.close();
    }
  });

  it('the head of section sees overdue per caseworker and region, and marks the alert handled', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.clock.setFixedTime(server.clock.now());
      const page = await context.newPage();
      await signInThroughForm(page, server, manager);
      // No worklist on the head of section's home: it is the caseworker's.
      await countIs(page.locator('section.fu-home'), 0);
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Tindak lanjut' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Tindak lanjut' }));
      const summary = page.getByRole('table', { name: 'Keterlambatan per pendamping dan wilayah' });
      await visible(summary);
      const row = summary.getByRole('row').filter({ hasText: 'pendamping.bjb' });
      expect((await row.locator('th, td').allTextContents()).map((s) => s.trim())).toEqual([
        'pendamping.bjb',
        'Kota Banjarbaru',
        '1',
      ]);
      expect(await page.getByTestId('fu-overdue').textContent()).toContain('Pendamping: pendamping.bjb');

      const alerts = page.getByTestId('fu-alerts').getByRole('listitem');
      await countIs(alerts, 1);
      expect(await alerts.first().textContent()).toContain(
        'Kunjungan tindak lanjut mencatat risiko tinggi kembali ke pekerjaan seks.',
      );
      expect(await seriousViolations(page), 'manager worklist').toEqual([]);
      await alerts.first().getByRole('link', { name: 'Buka tindak lanjut' }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Tindak lanjut ${people.A.code}` }));
      expect(await page.locator('.fu-visit').textContent()).toContain('Risiko kembali ke pekerjaan seks');
      await page.goBack();
      await countIs(alerts, 1);
      await alerts.first().getByRole('button', { name: 'Tandai sudah ditangani' }).click();
      await visible(page.getByText('Peringatan ditandai sudah ditangani.'));
      await visible(page.getByText('Tidak ada peringatan yang terbuka.'));
      const stored = await page.evaluate(() => fetch('/api/alerts').then((r) => r.json()));
      expect(
        stored.items.filter(
          (a: { kind: string; acknowledgedAt: string | null }) => a.kind === 'followup_risk' && a.acknowledgedAt,
        ),
      ).toHaveLength(1);

      // The same screens in English.
      await page.getByRole('button', { name: 'English' }).click();
      await visible(page.getByRole('heading', { level: 2, name: 'Overdue (1)' }));
      expect(await page.getByTestId('fu-overdue').textContent()).toContain(
        'Month 1 after graduation · Due 30 October 2026',
      );
      await visible(page.getByRole('table', { name: 'Overdue by caseworker and region' }));
      await page.goto(`${server.url}/cohorts/${cohorts.sep}?tab=outcomes`);
      const outcomes = page.getByRole('tabpanel', { name: 'Outcomes' });
      await visible(outcomes.getByRole('heading', { level: 2, name: 'Follow-up outcomes' }));
      await visible(outcomes.getByRole('img', { name: /Month 1: reached 50%, business running 50%/ }));
      expect(await seriousViolations(page), 'outcomes (desktop)').toEqual([]);
      await page.getByRole('button', { name: 'Indonesia' }).click();
      await visible(page.getByRole('tab', { name: 'Hasil', selected: true }));
    } finally {
      await context.close();
    }
  });

  it('keeps the risk of return from a colleague who is not assigned, and follow-ups from facilitators and auditors', async () => {
    const { context, page } = await phonePage();
    try {
      await signInThroughForm(page, server, colleague);
      await page.goto(`${server.url}/follow-ups/${fu.A}`);
      const result = page.locator('.fu-visit');
      await visible(result.getByRole('heading', { name: 'Kunjungan 28 November 2026' }));
      expect(await result.textContent()).toContain('Berjalan');
      expect(await page.locator('main').textContent()).not.toContain('Risiko kembali');
      // Not hers: her own worklist on home is empty.
      await page.goto(`${server.url}/`);
      await visible(page.getByText('Tidak ada tindak lanjut yang terlambat atau jatuh tempo minggu ini.'));
    } finally {
      await context.close();
    }
    for (const user of [facilitator, auditor]) {
      const other = await phonePage();
      try {
        await signInThroughForm(other.page, server, user);
        // Neither in the phone's top bar nor in its menu.
        const nav = other.page.getByRole('navigation', { name: 'Menu utama' });
        await nav.getByRole('button', { name: 'Menu' }).click();
        await visible(nav.getByRole('link', { name: 'Akun' }));
        await countIs(nav.getByRole('link', { name: 'Tindak lanjut' }), 0);
        await countIs(other.page.locator('section.fu-home'), 0);
        await other.page.goto(`${server.url}/follow-ups/${fu.A}`);
        await visible(other.page.getByRole('heading', { level: 1, name: 'Tidak diizinkan' }));
        expect(await other.page.locator('main').textContent()).not.toContain('Risiko kembali');
        await other.page.goto(`${server.url}/follow-ups`);
        await visible(other.page.getByRole('heading', { level: 1, name: 'Tidak diizinkan' }));
      } finally {
        await other.context.close();
      }
    }
  });

  it('marks a follow-up that could not happen, lists her follow-ups, and reopens a closed case with a reason', async () => {
    const { context, page } = await phonePage();
    try {
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/follow-ups/${fu.B}`);
      await visible(page.getByRole('heading', { level: 1, name: `Tindak lanjut ${people.B.code}` }));
      await page.getByRole('button', { name: 'Tandai tidak dapat dihubungi' }).tap();
      await visible(
        page.getByText(
          'Tandai tindak lanjut ini "Tidak dapat dihubungi"? Setelah itu tidak dapat dicatat kunjungannya.',
        ),
      );
      await page.getByRole('button', { name: 'Ya, tandai' }).tap();
      await visible(page.getByText('Tindak lanjut ditandai: Tidak dapat dihubungi.'));
      await visible(page.getByTestId('fu-status').filter({ hasText: 'Tidak dapat dihubungi' }));
      await countIs(page.getByRole('form', { name: 'Catat kunjungan' }), 0);

      // Her page: the follow-up tab lists the four points with their status.
      await page.getByRole('link', { name: `Halaman peserta ${people.B.code}` }).tap();
      await visible(page.getByRole('heading', { level: 1, name: people.B.code }));
      await page.getByRole('tab', { name: 'Tindak lanjut' }).tap();
      const tab = page.getByRole('tabpanel', { name: 'Tindak lanjut' });
      await visible(tab.getByRole('heading', { level: 2, name: 'Tindak lanjut setelah lulus' }));
      const points = tab.locator('.fu-schedule > li');
      await countIs(points, 4);
      expect(await points.nth(0).textContent()).toContain('Tidak dapat dihubungi');
      expect(await points.nth(1).textContent()).toContain('Bulan ke-3 setelah lulus');
      await visible(points.nth(1).getByRole('link', { name: 'Catat kunjungan Bulan ke-3' }));
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), 'follow-up tab').toEqual([]);
      // Closing goes through the Stages tab (reason, approval).
      await tab.getByRole('button', { name: 'Buka tab Tahapan' }).tap();
      await visible(page.getByRole('tab', { name: 'Tahapan', selected: true }));
    } finally {
      await context.close();
    }

    // Closed (requested by the caseworker, approved by the head of section), her open follow-ups cancelled.
    const cw = await apiAs(caseworker);
    expect(
      (
        await cw.post(`/api/participants/${people.B.id}/termination`, {
          reason: 'TIDAK_TERJANGKAU',
          note: 'Tidak dapat dihubungi tiga kali',
        })
      ).statusCode,
    ).toBe(202);
    const mgr = await apiAs(manager);
    expect((await mgr.post(`/api/participants/${people.B.id}/termination/approve`, {})).statusCode).toBe(200);

    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await desk.clock.setFixedTime(server.clock.now());
      const page = await desk.newPage();
      await signInThroughForm(page, server, manager);
      await page.goto(`${server.url}/participants/${people.B.id}`);
      await visible(page.getByRole('heading', { level: 1, name: people.B.code }));
      await page.getByRole('tab', { name: 'Tindak lanjut' }).click();
      const tab = page.getByRole('tabpanel', { name: 'Tindak lanjut' });
      await visible(tab.getByText('Kasus ini sudah ditutup (terminasi).'));
      expect(await tab.locator('.fu-schedule > li').nth(1).textContent()).toContain('kasusnya ditutup');
      await tab.getByRole('button', { name: 'Buka kembali kasus' }).click();
      await visible(tab.getByText('Tulis alasannya (maksimal 1.000 karakter).'));
      await tab.getByLabel('Alasan membuka kembali').fill('Ia datang ke kantor dan meminta pendampingan lagi');
      expect(await seriousViolations(page), 'reopen form').toEqual([]);
      await tab.getByRole('button', { name: 'Buka kembali kasus' }).click();
      await visible(tab.getByText('Kasus dibuka kembali: Resosialisasi/reintegrasi.'));
      const after = await page.evaluate((id) => fetch(`/api/participants/${id}`).then((r) => r.json()), people.B.id);
      expect(after.stage).toBe('RESOSIALISASI_REINTEGRASI');
    } finally {
      await desk.close();
    }
  });

  it('after her last follow-up the case closes or continues by choice: the worklist asks, "continue" schedules one more', async () => {
    // C's later follow-ups were missed; the one due this week is the last still open.
    const cw = await apiAs(caseworker);
    const later = (
      json(await cw.get(`/api/participants/${people.C.id}/follow-ups`)).items as {
        id: string;
        version: number;
        pointMonths: number;
      }[]
    ).filter((f) => f.pointMonths > 1);
    for (const f of later)
      expect(
        (await cw.patch(`/api/follow-ups/${f.id}`, { status: 'MISSED' }, { 'if-match': `"${f.version}"` })).statusCode,
      ).toBe(200);

    const { context, page } = await phonePage();
    try {
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/follow-ups/${fu.C}`);
      await visible(page.getByRole('heading', { level: 1, name: `Tindak lanjut ${people.C.code}` }));
      await page.getByRole('button', { name: 'Tandai tidak dapat dihubungi' }).tap();
      await page.getByRole('button', { name: 'Ya, tandai' }).tap();
      const done = page.getByRole('status').filter({ hasText: 'Tindak lanjut ditandai: Tidak dapat dihubungi.' });
      await visible(done.getByText(/^Ini tindak lanjut terakhirnya/));
      await visible(done.getByRole('link', { name: 'Tutup atau lanjutkan di halaman peserta' }));

      // The worklist asks for the decision.
      await page.goto(`${server.url}/follow-ups`);
      // (B is there too: her case was reopened and none of her follow-ups is still due.)
      await visible(page.getByRole('heading', { level: 2, name: 'Perlu keputusan: tutup atau lanjutkan (2)' }));
      await countIs(page.getByTestId('fu-decisions').getByRole('listitem'), 2);
      const decision = page.getByTestId('fu-decisions').getByRole('listitem').filter({ hasText: people.C.code });
      expect(await decision.textContent()).toContain(
        'Tindak lanjut terakhir: bulan ke-12, jatuh tempo 30 Oktober 2027',
      );
      await decision.getByRole('link', { name: `${people.C.code} · Cici` }).tap();
      await visible(page.getByRole('heading', { level: 1, name: people.C.code }));
      await visible(page.getByRole('tab', { name: 'Tindak lanjut', selected: true }));
      const tab = page.getByRole('tabpanel', { name: 'Tindak lanjut' });
      await visible(
        tab.getByText(
          'Semua tindak lanjutnya sudah selesai. Kasus dapat ditutup atau pendampingan dilanjutkan, sesuai pilihan bersama peserta.',
        ),
      );

      // Continue: a reason is needed; one more follow-up three months after the last due date.
      const form = tab.getByRole('form', { name: 'Lanjutkan pendampingan' });
      await form.getByRole('button', { name: 'Jadwalkan tindak lanjut berikutnya' }).tap();
      await visible(form.getByText('Pilih alasan melanjutkan.'));
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), 'continue form').toEqual([]);
      await form.getByLabel('Tindak lanjut berikutnya setelah').selectOption({ label: '3 bulan' });
      await form.getByLabel('Alasan melanjutkan').selectOption({ label: 'Atas permintaannya' });
      await form.getByRole('button', { name: 'Jadwalkan tindak lanjut berikutnya' }).tap();
      await visible(tab.getByText('Tindak lanjut berikutnya dijadwalkan: bulan ke-15, jatuh tempo 30 Januari 2028.'));
      await countIs(tab.locator('.fu-schedule > li'), 5);
      await countIs(tab.getByRole('form', { name: 'Lanjutkan pendampingan' }), 0);
      await page.screenshot({ path: path.join(SHOT_DIR, 'followup-continued-360.png'), fullPage: true });

      // Nothing left to decide for her (B's decision remains); her page opens on the profile again.
      await page.goto(`${server.url}/follow-ups`);
      await visible(page.getByRole('heading', { level: 2, name: 'Perlu keputusan: tutup atau lanjutkan (1)' }));
      await countIs(page.getByTestId('fu-decisions').getByRole('listitem').filter({ hasText: people.C.code }), 0);
      await page.goto(`${server.url}/participants/${people.C.id}`);
      await visible(page.getByRole('tab', { name: 'Profil', selected: true }));
    } finally {
      await context.close();
    }
  });
});
