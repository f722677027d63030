// A whole session's corrections in one request, in Chromium: on a 360 px phone the facilitator of a locked session
// chooses the right mark for two of its three participants and gives one reason (sent without a choice, she is
// told so beside the choices); the request shows as one, with both changes; the head of section approves it in one
// action on the register and both marks change, the third stays. axe-core finds no problems on the phone's form
// and on the register where it is decided; the phone has no sideways scrolling.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
import { json, signIn, type TestEnv } from '../tests/support/env.ts';
import { readyParticipant } from '../tests/support/cohort.ts';

describe.skipIf(SKIP_BROWSER)("a session's corrections asked and decided at once (Chromium)", () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser;
  let facilitator: SeededUser;
  let sessionId = '';
  const people: { id: string; code: string }[] = [];

  /** Every axe finding, whatever its impact. */
  async function violations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations.map(
      (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }
  const focusedText = (p: Page) => p.evaluate(() => document.activeElement?.textContent ?? '');

  beforeAll(async () => {
    server = await startServer();
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    const caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    facilitator = await server.seedUser('facilitator', ['6372'], 'fasilitator.bjb');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    server.clock.set(new Date('2019-02-20T02:00:00Z'));
    let mgr = await signIn(env, { ...manager, regions: ['63'] });
    const cw = await signIn(env, { ...caseworker, regions: ['6372'] });
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2019',
        year: 2019,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
      }),
    );
    const cohort = json(
      await mgr.post('/api/cohorts', {
        programmeId: programme.id,
        regionCode: '6372',
        startDate: '2019-03-01',
        tracks: ['TATA_BOGA'],
      }),
    );
    for (let i = 0; i < 3; i++) {
      const p = await readyParticipant(cw, mgr);
      const e = await cw.post(`/api/cohorts/${cohort.id}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
      expect(e.statusCode, e.body).toBe(201);
      people.push(p);
    }
    const gen = await mgr.post(`/api/cohorts/${cohort.id}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      facilitatorId: facilitator.id,
      holidays: 'skip',
    });
    expect(gen.statusCode, gen.body).toBe(201);
    sessionId = json(gen).items[0].id; // Friday 1 March
    // Wednesday 20 March: the first Friday's register is locked, with everyone marked absent on it.
    server.clock.set(new Date('2019-03-20T02:00:00Z'));
    mgr = await signIn(env, { ...manager, regions: ['63'] });
    const marked = await mgr.request(
      'PUT',
      `/api/sessions/${sessionId}/attendance`,
      people.map((p) => ({ participantId: p.id, status: 'ABSENT' })),
    );
    expect(marked.statusCode, marked.body).toBe(200);

    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the facilitator asks for two marks with one reason on a phone; the head of section approves both at once', async () => {
    const phoneCtx = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    await phoneCtx.clock.setFixedTime(server.clock.now());
    const phone = await phoneCtx.newPage();
    const deskCtx = await browser.newContext();
    await deskCtx.clock.setFixedTime(server.clock.now());
    const boss = await deskCtx.newPage();
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    try {
      await signInThroughForm(phone, server, facilitator);
      await phone.goto(`${server.url}/sessions/${sessionId}/attendance`);
      const section = phone.getByRole('region', { name: 'Koreksi beberapa peserta sekaligus' });
      await section.getByRole('button', { name: 'Koreksi beberapa peserta' }).click();
      const choices = section.getByRole('group', { name: 'Kehadiran yang benar' });
      await visible(choices);
      // Sent with nothing chosen and no reason: told so, beside the choices and the reason.
      await section.getByRole('button', { name: 'Kirim permintaan' }).click();
      await visible(choices.getByText('Pilih kehadiran yang benar untuk paling sedikit satu peserta.'));
      await visible(section.getByText('Tulis alasan paling sedikit 5 karakter.'));
      expect(await horizontalOverflow(phone), 'the session form at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'the session form with its errors').toEqual([]);

      await choices.getByLabel(new RegExp(`^${a.code} .*kini Tidak hadir`)).selectOption({ label: 'Hadir' });
      await choices.getByLabel(new RegExp(`^${b.code} .*kini Tidak hadir`)).selectOption({ label: 'Terlambat' });
      await section.getByLabel('Alasan koreksi').fill('Daftar hadir kertas ditandatangani keduanya.');
      await section.getByRole('button', { name: 'Kirim permintaan' }).click();
      const sent = 'Permintaan koreksi untuk 2 peserta terkirim. Kepala Seksi akan memutuskannya sekaligus.';
      await visible(phone.getByRole('status').filter({ hasText: sent }));
      expect(await focusedText(phone)).toBe(sent);
      const panel = phone.getByRole('region', { name: 'Permintaan koreksi kehadiran (2)' });
      await visible(panel.getByText('Permintaan untuk 2 peserta sekaligus'));
      await visible(panel.getByText(new RegExp(`^${a.code} \\(.+\\): dari Tidak hadir menjadi Hadir$`)));
      await visible(panel.getByText(new RegExp(`^${b.code} \\(.+\\): dari Tidak hadir menjadi Terlambat$`)));
      await countIs(panel.getByRole('button', { name: /^Setujui|^Tolak/ }), 0);
      // The third can still be asked for on her own; the two waiting ones cannot.
      await visible(phone.getByRole('button', { name: `Minta koreksi ${c.code}` }));
      await countIs(phone.getByRole('button', { name: `Minta koreksi ${a.code}` }), 0);
      expect(await horizontalOverflow(phone), 'the register with the request at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'the register with the request (facilitator)').toEqual([]);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'session-correction-360.png'), fullPage: true });

      // The head of section decides the request in one action.
      await signInThroughForm(boss, server, manager);
      await boss.goto(`${server.url}/sessions/${sessionId}/attendance`);
      const decide = boss.getByRole('region', { name: 'Permintaan koreksi kehadiran (2)' });
      await visible(decide.getByText(/Diminta oleh fasilitator\.bjb/));
      await visible(decide.getByText('Alasan: Daftar hadir kertas ditandatangani keduanya.'));
      expect(await violations(boss), 'the register with a session request to decide').toEqual([]);
      await decide.getByRole('button', { name: 'Setujui semua permintaan 2 peserta dari fasilitator.bjb' }).click();
      const approved = 'Permintaan untuk 2 peserta disetujui: kehadiran mereka sudah diubah.';
      await visible(boss.getByRole('status').filter({ hasText: approved }));
      expect(await focusedText(boss)).toBe(approved);
      await visible(boss.getByRole('region', { name: 'Permintaan koreksi kehadiran (0)' }));
      const mark = (code: string, label: string) =>
        boss.getByRole('group', { name: new RegExp(code) }).getByRole('radio', { name: label, exact: true });
      await visible(mark(a.code, 'Hadir'));
      expect(await mark(a.code, 'Hadir').isChecked()).toBe(true);
      expect(await mark(b.code, 'Terlambat').isChecked()).toBe(true);
      expect(await mark(c.code, 'Tidak hadir').isChecked()).toBe(true);
      expect(await violations(boss), 'the register after the decision').toEqual([]);
    } finally {
      await phoneCtx.close();
      await deskCtx.close();
    }
  });
});
