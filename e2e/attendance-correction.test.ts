// A correction of locked attendance, in Chromium: on a 360 px phone the session's facilitator finds the register
// locked and asks for one participant's mark to be corrected, with a reason; the head of section sees the count
// beside Beranda in the navigation (its number shown, its words read out), opens the request from her work queue
// in one click, and approves it on the session's register; the mark changes and the count goes down. axe-core
// finds no problems at all on the phone's register with the form and the request, on the start page with the
// count, and on the register where she decides; the phone has no sideways scrolling.
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
import { type Client, json, signIn, type TestEnv } from '../tests/support/env.ts';
import { readyParticipant } from '../tests/support/cohort.ts';

describe.skipIf(SKIP_BROWSER)('a correction of locked attendance (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser;
  let facilitator: SeededUser;
  let mgr: Client;
  let sessionId = '';
  const her = { id: '', code: '' };

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
    // A March 2019 cohort in Banjarbaru with one participant, through the API (its screens have their own tests).
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    server.clock.set(new Date('2019-02-20T02:00:00Z'));
    mgr = await signIn(env, { ...manager, regions: ['63'] });
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
    const p = await readyParticipant(cw, mgr);
    her.id = p.id;
    her.code = p.code;
    const e = await cw.post(`/api/cohorts/${cohort.id}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
    expect(e.statusCode, e.body).toBe(201);
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
    // Wednesday 20 March: the first Friday's register is locked; the head of section marked her absent on it.
    server.clock.set(new Date('2019-03-20T02:00:00Z'));
    mgr = await signIn(env, { ...manager, regions: ['63'] });
    const marked = await mgr.request('PUT', `/api/sessions/${sessionId}/attendance`, [
      { participantId: her.id, status: 'ABSENT' },
    ]);
    expect(marked.statusCode, marked.body).toBe(200);

    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the facilitator asks from a 360 px phone; the head of section sees the count, opens it from the queue and approves it', async () => {
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
    try {
      await signInThroughForm(phone, server, facilitator);
      await phone.goto(`${server.url}/sessions/${sessionId}/attendance`);
      await visible(phone.getByRole('heading', { level: 1, name: 'Kehadiran' }));
      await visible(phone.getByText(/sudah terkunci karena lebih dari 7 hari yang lalu\. Jika ada yang keliru/));
      // The register itself cannot be changed any more: no save button.
      await countIs(phone.getByRole('button', { name: 'Simpan kehadiran' }), 0);

      await phone.getByRole('button', { name: `Minta koreksi ${her.code}` }).click();
      const form = phone.getByRole('group', { name: `Minta koreksi kehadiran ${her.code}` });
      await visible(form);
      // Sent without a choice or a reason: told so, next to the fields.
      await form.getByRole('button', { name: 'Kirim permintaan' }).click();
      await visible(form.getByText('Pilih kehadiran yang benar.'));
      await visible(form.getByText('Tulis alasan paling sedikit 5 karakter.'));
      expect(await horizontalOverflow(phone), 'the request form at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'the request form with its errors').toEqual([]);

      await form.getByRole('radio', { name: 'Hadir', exact: true }).tap();
      await form.getByLabel('Alasan koreksi').fill('Tanda tangannya ada di daftar hadir kertas.');
      await form.getByRole('button', { name: 'Kirim permintaan' }).click();
      const sent = `Permintaan koreksi untuk ${her.code} terkirim. Kepala Seksi akan memutuskannya.`;
      await visible(phone.getByRole('status').filter({ hasText: sent }));
      expect(await focusedText(phone)).toBe(sent);
      await countIs(form, 0);
      await visible(phone.getByText('Koreksi menunggu keputusan'));
      const panel = phone.getByRole('region', { name: 'Permintaan koreksi kehadiran (1)' });
      await visible(panel.getByText('Alasan: Tanda tangannya ada di daftar hadir kertas.'));
      // She asked; she does not decide.
      await countIs(panel.getByRole('button', { name: /^Setujui|^Tolak/ }), 0);
      expect(await horizontalOverflow(phone), 'the register with the request at 360 px').toBeLessThanOrEqual(0);
      expect(await violations(phone), 'the register with the request (facilitator)').toEqual([]);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'attendance-correction-360.png'), fullPage: true });

      // The head of section: the count beside Beranda, its number shown and read out with what it counts.
      const waiting = json(await mgr.get('/api/work-queue/counts')).total as number;
      expect(waiting).toBeGreaterThanOrEqual(1);
      await signInThroughForm(boss, server, manager);
      const nav = boss.getByRole('navigation', { name: 'Menu utama' });
      const home = nav.getByRole('link', { name: `Beranda ${waiting} menunggu` });
      await visible(home);
      expect((await home.locator('.nav-count').textContent())?.startsWith(String(waiting))).toBe(true);
      const queue = boss.getByRole('region', { name: /^Yang menunggu Anda/ });
      await visible(queue.getByRole('heading', { level: 3, name: 'Koreksi kehadiran menunggu keputusan (1)' }));
      expect(await violations(boss), 'the start page with the count and the queue').toEqual([]);
      await boss.screenshot({ path: path.join(SHOT_DIR, 'attendance-correction-queue.png'), fullPage: true });

      // One click from the queue to where it is decided.
      await queue.getByRole('link', { name: new RegExp(`^${her.code} \\(.+\\): menjadi Hadir$`) }).click();
      await visible(boss.getByRole('heading', { level: 1, name: 'Kehadiran' }));
      const decide = boss.getByRole('region', { name: 'Permintaan koreksi kehadiran (1)' });
      await visible(decide.getByText(new RegExp(`^${her.code} \\(.+\\): dari Tidak hadir menjadi Hadir`)));
      await visible(decide.getByText(/Diminta oleh fasilitator\.bjb/));
      expect(await violations(boss), 'the register with a correction to decide').toEqual([]);
      await decide.getByRole('button', { name: `Setujui koreksi ${her.code}` }).click();
      const approved = `Koreksi ${her.code} disetujui: kehadirannya kini Hadir.`;
      await visible(boss.getByRole('status').filter({ hasText: approved }));
      expect(await focusedText(boss)).toBe(approved);
      await visible(boss.getByRole('region', { name: 'Permintaan koreksi kehadiran (0)' }));
      // The register shows her mark changed, and the count in the navigation went down.
      const mark = boss
        .getByRole('group', { name: new RegExp(her.code) })
        .getByRole('radio', { name: 'Hadir', exact: true });
      await visible(mark);
      expect(await mark.isChecked()).toBe(true);
      const fewer = waiting - 1;
      await visible(
        fewer > 0
          ? nav.getByRole('link', { name: `Beranda ${fewer} menunggu` })
          : nav.getByRole('link', { name: 'Beranda', exact: true }),
      );
      expect(await violations(boss), 'the register after the decision').toEqual([]);

      // Gone from the queue, and the facilitator sees her mark corrected.
      await nav.getByRole('link', { name: /^Beranda/ }).click();
      await visible(boss.getByRole('heading', { level: 1, name: /Selamat datang/ }));
      await visible(queue);
      await countIs(queue.getByRole('heading', { level: 3, name: /^Koreksi kehadiran/ }), 0);
      await phone.reload();
      await visible(phone.getByRole('heading', { level: 1, name: 'Kehadiran' }));
      await countIs(phone.getByText('Koreksi menunggu keputusan'), 0);
      await visible(phone.getByRole('button', { name: `Minta koreksi ${her.code}` }));
    } finally {
      await phoneCtx.close();
      await deskCtx.close();
    }
  });
});
