// The day each participant was enrolled, on the cohort's participant list in Chromium: on 28 November 2026 the
// office enters from its paper file an enrolment of 20 January 2026 (long past the late-entry days), which shows
// its day and "dicatat terlambat"; an enrolment made today shows today's date and no such mark. The same in
// English ("entered late"). axe-core finds no serious problem on the list, and nothing sticks out at 360 px.
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
import { type Client, json, signIn, type TestEnv } from '../tests/support/env.ts';
import { participantBody } from '../tests/support/participants.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
const DESK = { viewport: { width: 1280, height: 900 } } as const;
const ANSWERS = {
  living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
  health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
  economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
  education: { level: 'SD', skills: [], desiredTrade: 'Kue' },
  srq20: Array(20).fill(false),
  trafficking: {},
  safety: { risks: ['NONE'] },
};

describe.skipIf(SKIP_BROWSER)("the cohort's participant list shows the day each was enrolled (Chromium)", () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser;
  let mgr: Client;
  let cw: Client;
  let cohortId = '';
  const late = { id: '', code: '' };
  const onTime = { id: '', code: '' };

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  async function context(opts: object): Promise<BrowserContext> {
    const c = await browser.newContext(opts);
    await c.clock.setFixedTime(server.clock.now());
    return c;
  }

  /** Registered, assessed (reviewed) and with an approved plan, on the days given (today when left out). */
  async function ready(
    days: { consent: string; registered?: string; assessed?: string; planApproved?: string },
    birthDate: string,
  ) {
    const consents = (['PARTICIPATION', 'DATA_PROCESSING'] as const).map((purpose) => ({
      purpose,
      method: 'SIGNED_FORM',
      explainedBy: 'Pendamping Rina',
      language: 'id',
      givenAt: days.consent,
    }));
    const p = await cw.post(
      '/api/participants',
      participantBody({ consents, ...(days.registered ? { registeredOn: days.registered } : {}) }, { birthDate }),
    );
    expect(p.statusCode, p.body).toBe(201);
    const { id, code } = json(p) as { id: string; code: string };
    const a = await cw.post(`/api/participants/${id}/assessments`, {
      answers: ANSWERS,
      confirmedRisk: 'LOW',
      ...(days.assessed ? { assessedOn: days.assessed } : {}),
    });
    expect(a.statusCode, a.body).toBe(201);
    expect((await mgr.post(`/api/participants/${id}/assessments/1/review`)).statusCode).toBe(200);
    const plan = await cw.request('PUT', `/api/participants/${id}/case-plan`, {
      items: [{ goal: 'Usaha kue rumahan', component: 'VOKASI_USAHA', dueDate: '2026-12-31' }],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const approved = await mgr.post(
      `/api/participants/${id}/case-plan/approve`,
      days.planApproved ? { approvedOn: days.planApproved } : undefined,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    return { id, code };
  }

  beforeAll(async () => {
    server = await startServer(); // 28 November 2026, 09.15 WITA
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    const caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    mgr = await signIn(env, { ...manager, regions: ['63'] });
    cw = await signIn(env, { ...caseworker, regions: ['6372'] });
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2026',
        year: 2026,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
        completionRule: { minAttendanceRate: 0.8, allMandatory: true, excusedAbsencesAllowed: 0 },
      }),
    );
    const cohort = await mgr.post('/api/cohorts', {
      programmeId: programme.id,
      regionCode: '6372',
      startDate: '2026-02-02',
      capacity: 10,
      tracks: ['TATA_BOGA'],
    });
    expect(cohort.statusCode, cohort.body).toBe(201);
    cohortId = json(cohort).id;

    // From her paper file: consented, registered, assessed and her plan approved in January 2026, enrolled on 20
    // January 2026.
    Object.assign(
      late,
      await ready(
        { consent: '2026-01-05', registered: '2026-01-06', assessed: '2026-01-08', planApproved: '2026-01-12' },
        '1991-03-04',
      ),
    );
    const back = await mgr.post(`/api/cohorts/${cohortId}/enrollments`, {
      participantId: late.id,
      enrolledOn: '2026-01-20',
    });
    expect(back.statusCode, back.body).toBe(201);
    // Enrolled today, as it happened.
    Object.assign(onTime, await ready({ consent: '2026-11-28' }, '1993-07-08'));
    const today = await mgr.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: onTime.id });
    expect(today.statusCode, today.body).toBe(201);
    expect(json(today)).toMatchObject({ enrolledOn: '2026-11-28', enteredLate: false });

    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rowOf = (p: Page, code: string) =>
    p.locator('table.enrol-table tbody tr').filter({ has: p.getByRole('rowheader', { name: code }) });

  it('a back-dated enrolment shows its day and "dicatat terlambat"; one made today shows no mark', async () => {
    const desk = await context(DESK);
    const page = await desk.newPage();
    try {
      await signInThroughForm(page, server, manager);
      await page.goto(`${server.url}/cohorts/${cohortId}?tab=participants`);
      await countIs(page.locator('table.enrol-table tbody tr'), 2);
      await visible(page.getByRole('columnheader', { name: 'Tanggal terdaftar' }));

      const backDated = rowOf(page, late.code);
      await visible(backDated.getByText('20 Januari 2026'));
      await visible(backDated.getByText('dicatat terlambat'));
      // The same badge as on her record: screen readers hear what the mark means.
      expect(await backDated.locator('.badge-late').textContent()).toContain(
        'dimasukkan ke sistem lama sesudah tanggal kejadiannya',
      );

      const sameDay = rowOf(page, onTime.code);
      await visible(sameDay.getByText('28 November 2026'));
      expect(await sameDay.locator('.badge-late').count()).toBe(0);

      const violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'enrolment-day-desk.png'), fullPage: true });
    } finally {
      await desk.close();
    }
  });

  it('on a phone and in English: the day and "entered late", nothing sticking out sideways', async () => {
    const phone = await context(PHONE);
    const page = await phone.newPage();
    try {
      await signInThroughForm(page, server, manager);
      await page.goto(`${server.url}/cohorts/${cohortId}?tab=participants`);
      await countIs(page.locator('table.enrol-table tbody tr'), 2);
      await visible(rowOf(page, late.code).getByText('dicatat terlambat'));
      expect(await horizontalOverflow(page), 'the participant list at 360 px').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOT_DIR, 'enrolment-day-360.png'), fullPage: true });

      // On a phone the language switch is in the menu.
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('button', { name: 'English' }).click();
      await visible(rowOf(page, late.code).getByText('20 January 2026'));
      await visible(rowOf(page, late.code).getByText('entered late'));
      expect(await rowOf(page, onTime.code).locator('.badge-late').count()).toBe(0);
    } finally {
      await phone.close();
    }
  });
});
