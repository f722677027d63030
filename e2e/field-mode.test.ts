// Field mode in Chromium on a 360 px phone, on the e2e clock (Saturday 28 November 2026, 09.15 WITA). Set up
// through the API: a Banjarbaru cohort whose sessions (Wednesday 25, Thursday 26, Friday 27 November) she
// facilitates, with two participants enrolled; and a September cohort whose graduate's one-month follow-up has
// been overdue since 30 October, in a caseworker's caseload.
// The facilitator turns field mode on (her own phone, a PIN), waits for the first sync and the service worker,
// and loses the signal: she marks three registers (next week's opens on its day only), and the banner says
// offline and what waits. The page reloads without a network: the app opens (PIN, then the field home) with her
// registers still waiting. Meanwhile the head of section marks two of those sessions differently. The signal
// returns ('online'; no button pressed): the app leaves the offline shell, the untouched register reaches the
// server once; the other two become conflicts — hers beside the current marks, nothing sent until
// she chooses. She keeps hers on one (the server then has her marks) and takes the current one on the other
// (only after confirming). The caseworker, offline, logs an outreach contact, records the visit and writes a case
// note; a reload offline keeps them; back online the first answer is lost on the way (the device never sees it)
// and the retry with the same Idempotency-Key records nothing twice. The audit log holds each write once, with
// the device's id and time. axe-core finds no serious or critical problem on the field home, the register, the
// visit form and the conflict view; nothing sticks out at 360 px.
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
const PIN_F = '482916';
const PIN_C = '730215';
const NOTE = 'Bertemu di rumah ibunya; usaha kue masih jalan.';

describe.skipIf(SKIP_BROWSER)('field mode offline and back (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser, caseworker: SeededUser, facilitator: SeededUser;
  /** The November cohort's sessions she facilitates, by day. */
  const sessions = { wed: '', thu: '', fri: '' };
  /** Enrolled in November's cohort. */
  const enrolled: { id: string; code: string }[] = [];
  /** The September graduate and her one-month follow-up. */
  const ani = { id: '', code: '', followUp: '' };

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

  async function screenCheck(p: Page, name: string): Promise<void> {
    expect(await horizontalOverflow(p), `${name} at 360 px`).toBeLessThanOrEqual(0);
    expect(await seriousViolations(p), name).toEqual([]);
    await p.screenshot({ path: path.join(SHOT_DIR, `field-${name}-360.png`), fullPage: true });
  }

  /** Registered, assessed, with an approved plan; consent to follow-up contact when asked. */
  async function readyParticipant(cw: Client, mgr: Client, name: string, followUpConsent: boolean) {
    const consents = followUpConsent
      ? [
          ...CONSENTS,
          {
            purpose: 'FOLLOW_UP_CONTACT',
            method: 'SIGNED_FORM',
            explainedBy: caseworker.username,
            language: 'id',
            givenAt: '2026-08-20',
          },
        ]
      : CONSENTS;
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
      items: [{ goal: 'Usaha kue rumahan', component: 'VOKASI_USAHA', dueDate: '2026-12-31' }],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect((await mgr.post(`/api/participants/${p.id}/case-plan/approve`)).statusCode).toBe(200);
    return { id: p.id, code: p.code };
  }

  async function cohortWith(
    mgr: Client,
    cw: Client,
    programmeId: string,
    range: { start: string; end: string; weekdays: number[]; facilitatorId?: string },
    names: string[],
    followUpConsent: boolean,
  ) {
    const created = await mgr.post('/api/cohorts', {
      programmeId,
      regionCode: '6372',
      startDate: range.start,
      endDate: range.end,
      tracks: ['TATA_BOGA'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const cohortId = json(created).id as string;
    const ps = [];
    for (const n of names) {
      const p = await readyParticipant(cw, mgr, n, followUpConsent);
      const e = await cw.post(`/api/cohorts/${cohortId}/enrollments`, { participantId: p.id, track: 'TATA_BOGA' });
      expect(e.statusCode, e.body).toBe(201);
      ps.push(p);
    }
    const generated = await mgr.post(`/api/cohorts/${cohortId}/sessions/generate`, {
      type: 'TRADE_SKILL',
      weekdays: range.weekdays,
      startTime: '08:00',
      endTime: '11:00',
      holidays: 'skip',
      ...(range.facilitatorId ? { facilitatorId: range.facilitatorId } : {}),
    });
    expect(generated.statusCode, generated.body).toBe(201);
    return { cohortId, ps, sessions: json(generated).items as { id: string; date: string }[] };
  }

  async function phonePage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'allow' });
    await context.clock.setFixedTime(server.clock.now());
    return { context, page: await context.newPage() };
  }

  /** Waits until the page's service worker is active (then a reload without a network opens the app). */
  function workerReady(page: Page) {
    return page.evaluate(async () => {
      const r = await navigator.serviceWorker.ready;
      const sw = r.active as ServiceWorker;
      if (sw.state !== 'activated')
        await new Promise<void>((done) => sw.addEventListener('statechange', () => sw.state === 'activated' && done()));
      return sw.state;
    });
  }

  /** Turns field mode on from the setup screen and waits for the first sync to fill the field home. */
  async function turnOn(page: Page, pin: string, label: string): Promise<void> {
    await page.goto(`${server.url}/field/setup`);
    await visible(page.getByRole('heading', { level: 1, name: 'Nyalakan mode lapangan' }));
    await page.getByRole('checkbox', { name: 'Ini ponsel saya sendiri dan tidak dipakai orang lain.' }).check();
    await page.getByLabel(/^Nama perangkat/).fill(label);
    await page.getByLabel(/^PIN/).fill(pin);
    await page.getByLabel(/^Ulangi PIN/).fill(pin);
    await page.getByRole('button', { name: 'Nyalakan mode lapangan' }).click();
    await page.getByRole('link', { name: 'Buka halaman lapangan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
    // The first sync has filled the cache: the snapshot's sections are shown.
    await visible(page.getByRole('heading', { level: 2, name: 'Sesi saya' }), 20_000);
    await visible(banner(page).filter({ hasText: /Sinkron terakhir/ }));
    expect(await workerReady(page)).toBe('activated');
    // The worker takes the page it was installed from (no reload needed before the signal goes).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
  }

  const banner = (page: Page) => page.locator('.field-banner');
  const outboxList = (page: Page) => page.getByRole('region', { name: 'Belum terkirim' }).getByRole('listitem');

  /** Reloads without a network: the offline shell asks for the PIN, then opens the field home. */
  async function reloadOffline(page: Page, pin: string): Promise<void> {
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Buka data lapangan' }));
    expect(new URL(page.url()).pathname).toBe('/field/unlock');
    await page.getByLabel('PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Buka', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
    await visible(banner(page).getByText('Luring'));
  }

  /** Marks each person of the register shown, then saves it into the outbox. */
  async function markRegister(page: Page, marks: Record<string, string>): Promise<void> {
    await visible(page.getByRole('heading', { level: 1, name: 'Kehadiran sesi' }));
    for (const [code, word] of Object.entries(marks)) {
      const group = page.getByRole('group', { name: new RegExp(`^${code} `) });
      await group.getByRole('radio', { name: word, exact: true }).check();
    }
    await page.getByRole('button', { name: 'Simpan kehadiran' }).click();
    await visible(page.getByText('Tersimpan di perangkat. Akan dikirim otomatis saat ada sinyal.'));
  }

  /** The register of a session as the server has it. */
  async function serverMarks(sessionId: string): Promise<Record<string, string | null>> {
    const mgr = await apiAs(manager);
    const res = await mgr.get(`/api/sessions/${sessionId}/attendance`);
    expect(res.statusCode, res.body).toBe(200);
    const items = json(res).items as { participantId: string; status: string | null }[];
    return Object.fromEntries(items.map((i) => [i.participantId, i.status]));
  }

  /** The id of the one field device the account registered (her own list). */
  async function deviceOf(user: SeededUser): Promise<string> {
    const res = await (await apiAs(user)).get('/api/field/devices');
    expect(res.statusCode, res.body).toBe(200);
    const items = json(res).items as { id: string; label: string }[];
    expect(items).toHaveLength(1);
    return items[0]!.id;
  }

  /** The audit rows of these actions (oldest first), with their detail. */
  async function auditRows(actions: string[], actorId: string) {
    const rows = await server.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'resource_id', 'detail', 'outcome'])
      .where('action', 'in', actions)
      .where('actor_id', '=', actorId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : {} }));
  }

  beforeAll(async () => {
    server = await startServer();
    server.clock.set(at('2026-08-20'));
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.lapangan');
    facilitator = await server.seedUser('facilitator', ['6372'], 'fasilitator.lapangan');
    // The clock only moves forward here: one-time codes cannot be used again at an earlier step.
    let mgr = await apiAs(manager);
    let cw = await apiAs(caseworker);
    const programme = await mgr.post('/api/programmes', {
      name: 'Rehabilitasi Sosial Perempuan 2026',
      year: 2026,
      budgetCeiling: 150_000_000,
      targetParticipants: 10,
    });
    expect(programme.statusCode, programme.body).toBe(201);
    const programmeId = json(programme).id as string;

    // September: Ani graduates on the 30th; her one-month follow-up falls due on 30 October (overdue now).
    const sep = await cohortWith(
      mgr,
      cw,
      programmeId,
      { start: '2026-09-01', end: '2026-09-30', weekdays: [5] },
      ['Ani'],
      true,
    );
    // November: two participants, Wednesday to Friday sessions that the facilitator runs.
    const nov = await cohortWith(
      mgr,
      cw,
      programmeId,
      { start: '2026-11-23', end: '2026-12-18', weekdays: [3, 4, 5], facilitatorId: facilitator.id },
      ['Dewi', 'Eka'],
      false,
    );
    enrolled.push(...nov.ps);
    const day = (d: string) => nov.sessions.find((s) => s.date === d)?.id ?? '';
    [sessions.wed, sessions.thu, sessions.fri] = [day('2026-11-25'), day('2026-11-26'), day('2026-11-27')];
    expect(Object.values(sessions).every(Boolean)).toBe(true);

    server.clock.set(at('2026-09-30', '15:00'));
    mgr = await apiAs(manager);
    for (const s of sep.sessions) {
      const r = await mgr.request(
        'PUT',
        `/api/sessions/${s.id}/attendance`,
        sep.ps.map((p) => ({ participantId: p.id, status: 'PRESENT' })),
      );
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await mgr.post(`/api/cohorts/${sep.cohortId}/graduate`)).statusCode).toBe(200);
    const confirmed = await mgr.post(`/api/cohorts/${sep.cohortId}/graduate/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    server.clock.set(NOW);
    cw = await apiAs(caseworker);
    Object.assign(ani, sep.ps[0]);
    const fus = json(await cw.get(`/api/participants/${ani.id}/follow-ups`)).items as {
      id: string;
      dueDate: string;
    }[];
    expect(fus[0]?.dueDate).toBe('2026-10-30');
    ani.followUp = fus[0]!.id;

    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a facilitator marks registers offline; a reload keeps them; online they arrive once, and a changed register becomes her choice', async () => {
    const { context, page } = await phonePage();
    const [dewi, eka] = [enrolled[0]!, enrolled[1]!];
    try {
      await signInThroughForm(page, server, facilitator);
      await turnOn(page, PIN_F, 'Ponsel Fasilitator');
      // Her sessions from seven days back through the offline period: Wednesday to Friday, this week and next.
      await countIs(page.getByRole('link', { name: /^Isi kehadiran / }), 6);
      // She records no outreach (not her role): the section is not offered.
      await countIs(page.getByRole('link', { name: 'Catat kontak penjangkauan' }), 0);
      await screenCheck(page, 'home');
      // Next week's register opens on its day, as online: shown, but nothing to mark or save yet.
      await page.getByRole('link', { name: /^Isi kehadiran .*4 Desember/ }).click();
      await visible(page.getByText('Sesi ini pada 4 Desember 2026. Kehadiran dapat diisi mulai hari itu.'));
      await countIs(page.getByRole('button', { name: 'Simpan kehadiran' }), 0);
      expect(await page.getByRole('radio').first().isDisabled()).toBe(true);
      await page.getByRole('link', { name: 'Kembali ke halaman lapangan' }).click();

      // No signal. She marks Friday's register: saved on the device, the banner says offline and 1 waiting.
      await context.setOffline(true);
      await visible(banner(page).getByText('Luring'));
      await page.getByRole('link', { name: /^Isi kehadiran .*27 November/ }).click();
      await markRegister(page, { [dewi.code]: 'Hadir', [eka.code]: 'Izin' });
      await visible(banner(page).getByText('1 menunggu dikirim'));
      await visible(banner(page).getByText('Luring'));
      await screenCheck(page, 'register');

      // Thursday's and Wednesday's registers too.
      await page.getByRole('link', { name: 'Kembali ke halaman lapangan' }).click();
      await page.getByRole('link', { name: /^Isi kehadiran .*26 November/ }).click();
      await markRegister(page, { [dewi.code]: 'Hadir', [eka.code]: 'Hadir' });
      await page.getByRole('link', { name: 'Kembali ke halaman lapangan' }).click();
      await page.getByRole('link', { name: /^Isi kehadiran .*25 November/ }).click();
      await markRegister(page, { [dewi.code]: 'Terlambat', [eka.code]: 'Hadir' });
      await visible(banner(page).getByText('3 menunggu dikirim'));

      // The page reloads with no network: the app opens (PIN, then the field home) and all three still wait.
      await reloadOffline(page, PIN_F);
      await visible(banner(page).getByText('3 menunggu dikirim'));
      await countIs(outboxList(page), 3);
      for (const d of ['27 November', '26 November', '25 November'])
        await visible(outboxList(page).filter({ hasText: d }));

      // Meanwhile the head of section marks Thursday and Wednesday differently.
      const mgr = await apiAs(manager);
      for (const id of [sessions.thu, sessions.wed]) {
        const r = await mgr.request('PUT', `/api/sessions/${id}/attendance`, [
          { participantId: dewi.id, status: 'ABSENT' },
          { participantId: eka.id, status: 'EXCUSED' },
        ]);
        expect(r.statusCode, r.body).toBe(200);
      }
      const theirs = { [dewi.id]: 'ABSENT', [eka.id]: 'EXCUSED' };

      // The signal returns: the outbox sends by itself (the 'online' event), no button pressed.
      await context.setOffline(false);
      await visible(banner(page).getByRole('link', { name: '2 konflik' }), 20_000);
      // And the app leaves the offline shell by itself: her session is read again, the menu is back.
      await visible(page.getByRole('navigation', { name: 'Menu utama' }));
      await countIs(banner(page).getByText(/menunggu dikirim/), 0);
      expect(await serverMarks(sessions.fri)).toEqual({ [dewi.id]: 'PRESENT', [eka.id]: 'EXCUSED' });
      // Nothing of the two conflicts was sent: the server keeps the head of section's marks, even after a sync.
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await visible(banner(page).getByText(/Sinkron terakhir/));
      expect(await serverMarks(sessions.thu)).toEqual(theirs);
      expect(await serverMarks(sessions.wed)).toEqual(theirs);

      // Thursday: hers beside the current marks; she keeps hers.
      await banner(page).getByRole('link', { name: '2 konflik' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Konflik' }));
      await page.getByRole('link', { name: /^Lihat dan pilih .*26 November/ }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Konflik: Kehadiran' }));
      expect(new URL(page.url()).pathname).toMatch(/^\/field\/conflicts\/[\w-]+$/);
      const table = page.getByRole('table');
      await visible(table.getByRole('columnheader', { name: 'Versi saya' }));
      await visible(table.getByRole('columnheader', { name: 'Versi sekarang di server' }));
      const rowDewi = table.getByRole('row', { name: new RegExp(`^${dewi.code} `) });
      await visible(rowDewi);
      expect(await rowDewi.getByRole('cell').allTextContents()).toEqual(['Hadir', 'Tidak hadir']);
      const rowEka = table.getByRole('row', { name: new RegExp(`^${eka.code} `) });
      expect(await rowEka.getByRole('cell').allTextContents()).toEqual(['Hadir', 'Izin']);
      await screenCheck(page, 'conflict');
      await page.getByRole('button', { name: 'Kirim versi saya' }).click();
      await visible(banner(page).getByRole('link', { name: '1 konflik' }));
      await visible(banner(page).getByText(/Sinkron terakhir/));
      expect(await serverMarks(sessions.thu)).toEqual({ [dewi.id]: 'PRESENT', [eka.id]: 'PRESENT' });

      // Wednesday: she takes the current marks, but only once she confirms.
      await page.goto(`${server.url}/field/conflicts`);
      await page.getByRole('link', { name: /^Lihat dan pilih .*25 November/ }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Konflik: Kehadiran' }));
      await page.getByRole('button', { name: 'Pakai versi sekarang / Buang versi saya' }).click();
      await visible(page.getByText('Buang versi Anda?', { exact: false }));
      expect(await banner(page).getByRole('link', { name: '1 konflik' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Ya, buang versi saya' }).click();
      await countIs(banner(page).getByRole('link', { name: /konflik/ }), 0);
      expect(await serverMarks(sessions.wed)).toEqual(theirs);
      await page.goto(`${server.url}/field`);
      await visible(page.getByText('Semua catatan sudah terkirim.'));

      // Each register she sent reached the server once, with her device's id and time in the audit.
      const rows = await auditRows(['attendance.write'], facilitator.id);
      const bySession = (id: string) => rows.filter((r) => r.resource_id === id && r.outcome === 'success');
      expect(bySession(sessions.fri)).toHaveLength(1);
      expect(bySession(sessions.thu)).toHaveLength(1);
      expect(bySession(sessions.wed)).toHaveLength(0);
      const device = await deviceOf(facilitator);
      for (const r of [...bySession(sessions.fri), ...bySession(sessions.thu)]) {
        expect(r.detail.deviceId).toBe(device);
        expect(Date.parse(String(r.detail.deviceTime))).not.toBeNaN();
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a caseworker records an outreach contact, a visit and a note offline; a lost answer is not recorded twice', async () => {
    const { context, page } = await phonePage();
    try {
      await signInThroughForm(page, server, caseworker);
      await turnOn(page, PIN_C, 'Ponsel Pendamping');
      await visible(page.getByRole('link', { name: `Catat kunjungan ${ani.code}` }));

      await context.setOffline(true);
      await visible(banner(page).getByText('Luring'));

      // An outreach contact.
      await page.getByRole('link', { name: 'Catat kontak penjangkauan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Kontak penjangkauan' }));
      const choose = (group: string | RegExp, answer: string) =>
        page.getByRole('group', { name: group }).getByRole('radio', { name: answer, exact: true }).check();
      await choose(/^Jenis tempat/, 'Warung / kafe');
      await choose('Jalur kontak', 'Penjangkauan langsung');
      await page.getByLabel('Nama samaran (tidak wajib)').fill('Kenanga');
      await choose('Minat terhadap program', 'Tinggi');
      await choose('Hasil kontak', 'Tertarik');
      await page.getByRole('button', { name: 'Simpan kontak' }).click();
      await visible(page.getByText('Tersimpan di perangkat. Akan dikirim otomatis saat ada sinyal.'));
      await visible(banner(page).getByText('1 menunggu dikirim'));
      await page.getByRole('link', { name: 'Kembali ke halaman lapangan' }).click();

      // The overdue follow-up's visit.
      await page.getByRole('link', { name: `Catat kunjungan ${ani.code}` }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Kunjungan ${ani.code}` }));
      await screenCheck(page, 'visit');
      await choose('Cara kontak', 'Kunjungan rumah');
      await choose('Usaha', 'Berjalan');
      await choose('Penghasilan per bulan', 'Rp 1.000.000 – Rp 1.999.999');
      await choose('Paket usaha masih dipakai', 'Ya');
      await choose('Tempat tinggal stabil', 'Ya');
      await choose('Ada dukungan keluarga', 'Ya');
      await choose('Dapat mengakses layanan kesehatan', 'Ya');
      await choose('Dokumen kependudukan (KTP, KK) ada', 'Ya');
      await choose('Kesejahteraan (1–5)', '4 · Baik');
      await choose('Ada kekhawatiran keselamatan', 'Tidak');
      await choose('Risiko kembali ke pekerjaan seks', 'Tidak ada');
      await page.getByRole('button', { name: 'Simpan kunjungan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
      await visible(banner(page).getByText('2 menunggu dikirim'));

      // A case note on her.
      await page.getByRole('link', { name: `Tulis catatan ${ani.code}` }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Catatan kasus ${ani.code}` }));
      await page.getByLabel('Isi catatan').fill(NOTE);
      await page.getByRole('button', { name: 'Simpan catatan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Lapangan' }));
      await visible(banner(page).getByText('3 menunggu dikirim'));

      // A reload with no network keeps all three.
      await reloadOffline(page, PIN_C);
      await visible(banner(page).getByText('3 menunggu dikirim'));
      await countIs(outboxList(page), 3);
      for (const kind of ['Penjangkauan', 'Kunjungan', 'Catatan'])
        await visible(outboxList(page).filter({ hasText: kind }));

      // The signal returns, but the first answer is lost on the way back: the server recorded the contact and
      // the device never learnt it. The outbox keeps it (and what follows it) and says it still waits.
      let lost = 0;
      let posts = 0;
      await context.route('**/api/outreach', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts++;
        if (lost === 0) {
          lost++;
          await route.fetch();
          await route.abort('connectionreset');
        } else {
          await route.continue();
        }
      });
      await context.setOffline(false);
      await expect.poll(() => lost, { timeout: 15_000 }).toBe(1);
      await visible(banner(page).getByText('3 menunggu dikirim'));
      // The signal drops and comes back: the same contact goes again with its Idempotency-Key, then the rest.
      await context.setOffline(true);
      await context.setOffline(false);
      await countIs(banner(page).getByText(/menunggu dikirim/), 0, 20_000);
      await visible(page.getByText('Semua catatan sudah terkirim.'));
      expect(posts).toBe(2);
      await context.unroute('**/api/outreach');

      // On the server, each once.
      const cw = await apiAs(caseworker);
      const outreach = json(await cw.get('/api/outreach?limit=100')).items as { alias: string | null }[];
      expect(outreach.filter((o) => o.alias === 'Kenanga')).toHaveLength(1);
      const fu = json(await cw.get(`/api/follow-ups/${ani.followUp}`)) as { visits: { method: string }[] };
      expect(fu.visits).toHaveLength(1);
      expect(fu.visits[0]).toMatchObject({ method: 'HOME_VISIT', businessStatus: 'RUNNING', returnRisk: 'NO' });
      const notes = json(await cw.get(`/api/participants/${ani.id}/notes`)).items as { body?: string }[];
      expect(notes.filter((n) => n.body === NOTE)).toHaveLength(1);

      const rows = await auditRows(['outreach.create', 'followup.visit', 'note.create'], caseworker.id);
      const ok = rows.filter((r) => r.outcome === 'success');
      expect(ok.map((r) => r.action).sort()).toEqual(['followup.visit', 'note.create', 'outreach.create']);
      const device = await deviceOf(caseworker);
      for (const r of ok) {
        expect(r.detail.deviceId, r.action).toBe(device);
        expect(Date.parse(String(r.detail.deviceTime)), r.action).not.toBeNaN();
      }
    } finally {
      await context.close();
    }
  }, 120_000);
});
