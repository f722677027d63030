// A graduation exception, in Chromium: one participant was excused (izin) once from a mandatory session, so the
// programme's rule fails her at evaluation; the head of section grants her an exception with a reason on the
// cohort's graduation tab (a reason is required, told beside the field) and cannot confirm graduation while it
// waits; the Kepala Bidang, on a 360 px phone, follows the item in her work queue to the graduation tab, where she
// sees the reason and the figures without the register, and approves it; the head of section then confirms
// graduation and the participant is shown as graduated by exception, with the last day for reopening; reopening
// asks for a reason and leaves her enrolled and unevaluated, the exception standing. axe-core finds no serious
// problem on the graduation tab at 360 px and on the desktop, and the phone has no sideways scrolling.
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

describe.skipIf(SKIP_BROWSER)('a graduation exception approved by a second person (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser;
  let kabid: SeededUser;
  let cohortId = '';
  const her = { id: '', code: '' };
  const reason = 'Izin karena dirawat di puskesmas pada sesi ketiga; surat keterangan ada di berkas.';

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  const focusedText = (p: Page) => p.evaluate(() => document.activeElement?.textContent ?? '');

  beforeAll(async () => {
    server = await startServer();
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    const caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    kabid = await server.seedUser('head_of_division', ['63'], 'kabid.rehsos');
    // A March 2019 cohort in Banjarbaru with one participant and five mandatory Fridays, through the API.
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
    cohortId = cohort.id;
    const p = await readyParticipant(cw, mgr);
    her.id = p.id;
    her.code = p.code;
    const e = await cw.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
    expect(e.statusCode, e.body).toBe(201);
    const gen = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: [5],
      startTime: '08:00',
      endTime: '11:00',
      mandatory: true,
      holidays: 'skip',
    });
    expect(gen.statusCode, gen.body).toBe(201);
    const sessions = json(gen).items as { id: string }[];
    expect(sessions).toHaveLength(5);
    // Sunday 31 March: there every Friday but the third, when she was excused (izin).
    server.clock.set(new Date('2019-03-31T02:00:00Z'));
    mgr = await signIn(env, { ...manager, regions: ['63'] });
    for (const [n, s] of sessions.entries()) {
      const marked = await mgr.request('PUT', `/api/sessions/${s.id}/attendance`, [
        { participantId: her.id, status: n === 2 ? 'EXCUSED' : 'PRESENT' },
      ]);
      expect(marked.statusCode, marked.body).toBe(200);
    }

    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the head of section grants it, the Kepala Bidang approves it from her queue on a phone, and she graduates', async () => {
    const deskCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await deskCtx.clock.setFixedTime(server.clock.now());
    const desk = await deskCtx.newPage();
    const phoneCtx = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    await phoneCtx.clock.setFixedTime(server.clock.now());
    const phone = await phoneCtx.newPage();
    try {
      // The head of section evaluates: one izin from a mandatory session fails her under the rule.
      await signInThroughForm(desk, server, manager);
      await desk.goto(`${server.url}/cohorts/${cohortId}?tab=graduation`);
      const panel = desk.getByRole('tabpanel', { name: 'Kelulusan' });
      await panel.getByRole('button', { name: 'Nilai kelulusan' }).click();
      await visible(panel.getByText('Penilaian selesai. Periksa hasilnya, lalu konfirmasi.'));
      const row = panel.getByRole('row').filter({ hasText: her.code });
      await visible(row.getByText('Belum memenuhi syarat'));
      await visible(row.getByText('1 (0 dihitung hadir)'));

      // Granting asks for a reason, told beside the field.
      await row.getByRole('button', { name: `Beri pengecualian ${her.code}` }).click();
      const form = panel.getByRole('group', { name: new RegExp(`^Pengecualian untuk ${her.code}`) });
      await visible(form);
      await form.getByRole('button', { name: 'Kirim untuk disetujui' }).click();
      await visible(form.getByText('Tulis alasan paling sedikit 10 karakter.'));
      expect(await form.getByLabel('Alasan pengecualian').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('Alasan pengecualian').fill(reason);
      await form.getByRole('button', { name: 'Kirim untuk disetujui' }).click();
      const granted = `Pengecualian untuk ${her.code} terkirim dan menunggu persetujuan pejabat lain.`;
      await visible(panel.getByRole('status').filter({ hasText: granted }));
      expect(await focusedText(desk)).toBe(granted);
      await countIs(form, 0);
      const list = panel.getByRole('region', { name: 'Pengecualian kelulusan (1)' });
      await visible(list.getByText(`Alasan: ${reason}`));
      await visible(list.getByText('Pengecualian yang Anda berikan: menunggu pejabat lain.'));
      await visible(row.getByText('Menunggu persetujuan'));
      // Graduation waits while the exception is undecided; she never decides her own grant.
      await countIs(panel.getByRole('button', { name: 'Konfirmasi kelulusan' }), 0);
      await visible(panel.getByText(/^Masih ada pengecualian yang menunggu persetujuan/));
      await countIs(list.getByRole('button', { name: /^Setujui|^Tolak/ }), 0);
      expect(await seriousViolations(desk), 'the graduation tab with a waiting exception (desktop)').toEqual([]);

      // The Kepala Bidang, on her phone: the item in her work queue leads to the graduation tab.
      await signInThroughForm(phone, server, kabid);
      const queue = phone.getByRole('region', { name: /^Yang menunggu Anda/ });
      await visible(queue.getByRole('heading', { level: 3, name: 'Pengecualian kelulusan menunggu persetujuan (1)' }));
      await queue.getByRole('link', { name: new RegExp(`^${her.code}`) }).click();
      const kPanel = phone.getByRole('tabpanel', { name: 'Kelulusan' });
      const kList = kPanel.getByRole('region', { name: 'Pengecualian kelulusan (1)' });
      await visible(kList.getByText(`Alasan: ${reason}`));
      await visible(kList.getByText('Hadir 4 dari 5 sesi (80%), sesi wajib terlewat 1, izin 1 (0 dihitung hadir).'));
      await visible(kList.getByText(/Diberikan oleh kasi\.rehsos/));
      // She does not read the register: the tab shows the exceptions only.
      await countIs(kPanel.getByRole('table'), 0);
      expect(await horizontalOverflow(phone), 'the graduation tab at 360 px').toBeLessThanOrEqual(0);
      expect(await seriousViolations(phone), 'the graduation tab at 360 px (Kepala Bidang)').toEqual([]);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'graduation-exception-360.png'), fullPage: true });

      await kList.getByRole('button', { name: `Setujui pengecualian ${her.code}` }).click();
      const approved = `Pengecualian ${her.code} disetujui: ia lulus dengan pengecualian.`;
      await visible(kPanel.getByRole('status').filter({ hasText: approved }));
      expect(await focusedText(phone)).toBe(approved);
      await visible(kList.getByText('Disetujui', { exact: true }));
      await visible(kList.getByText(/Disetujui oleh kabid\.rehsos/));
      await countIs(kList.getByRole('button', { name: /^Setujui|^Tolak/ }), 0);
      expect(await seriousViolations(phone), 'the graduation tab after the decision at 360 px').toEqual([]);

      // The head of section confirms graduation: she is graduated, by exception.
      await desk.reload();
      const panel2 = desk.getByRole('tabpanel', { name: 'Kelulusan' });
      const row2 = panel2.getByRole('row').filter({ hasText: her.code });
      await visible(row2.getByText('Lulus dengan pengecualian'));
      await panel2.getByRole('button', { name: 'Konfirmasi kelulusan' }).click();
      await panel2.getByRole('button', { name: 'Ya, konfirmasi' }).click();
      await visible(panel2.getByText('Kelulusan dikonfirmasi: 1 lulus, 0 tidak lulus.'));
      await expect(row2.locator('[data-status]').textContent()).resolves.toBe('Lulus');
      await visible(row2.getByText('Lulus dengan pengecualian'));
      await visible(row2.getByRole('link', { name: `Sertifikat (PDF) ${her.code}` }));
      // Reopening stays possible up to thirty days after the day of confirmation.
      const reopen = panel2.getByRole('region', { name: 'Buka kembali kelulusan' });
      await visible(reopen.getByText(/sampai dengan 30 April 2019/));
      await visible(reopen.getByRole('button', { name: 'Buka kembali kelulusan' }));
      expect(await seriousViolations(desk), 'the graduation tab after confirmation (desktop)').toEqual([]);
      await desk.screenshot({ path: path.join(SHOT_DIR, 'graduation-exception-desktop.png'), fullPage: true });

      const enrolments = await desk.evaluate(
        (id) => fetch(`/api/cohorts/${id}/enrollments`).then((r) => r.json()),
        cohortId,
      );
      expect(enrolments.items).toMatchObject([
        { participantId: her.id, status: 'GRADUATED', result: { passed: true, byException: true } },
      ]);

      // Reopening asks for a reason (told beside the field); afterwards she is enrolled and unevaluated again,
      // and the approved exception still stands.
      await reopen.getByRole('button', { name: 'Buka kembali kelulusan' }).click();
      await reopen.getByRole('button', { name: 'Ya, buka kembali' }).click();
      await visible(reopen.getByText('Tulis alasan paling sedikit 5 karakter.'));
      await reopen.getByLabel('Alasan membuka kembali').fill('Koreksi kehadiran sesi pertama masih ditunggu.');
      await reopen.getByRole('button', { name: 'Ya, buka kembali' }).click();
      const reopened = 'Kelulusan dibuka kembali. Peserta kembali terdaftar; nilai ulang lalu konfirmasi lagi.';
      await visible(panel2.getByRole('status').filter({ hasText: reopened }));
      await expect(row2.locator('[data-status]').textContent()).resolves.toBe('Terdaftar');
      await visible(row2.getByText('Belum dinilai.'));
      await countIs(panel2.getByRole('region', { name: 'Buka kembali kelulusan' }), 0);
      await visible(panel2.getByRole('region', { name: 'Pengecualian kelulusan (1)' }).getByText('Disetujui'));
      expect(await seriousViolations(desk), 'the graduation tab after reopening (desktop)').toEqual([]);
    } finally {
      await deskCtx.close();
      await phoneCtx.close();
    }
  });
});
