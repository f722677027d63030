// A paper backlog entered late, in Chromium: in November 2026 the office enters its March 2019 cohort in Banjarbaru
// from the paper files. Ten women consented, were registered and assessed on their 2019 dates (one registered and
// assessed through the screens, the others through the API); their stages follow the work without anyone moving
// them, up to bimbingan lanjut after her case is closed with its goals reached and visited; all ten are enrolled on a 2019 date through the cohort's screen; one, excused (izin) from a mandatory
// session, graduates through an exception granted by the head of section and confirmed by the Kepala Bidang. The
// 2019 annual report counts 10 registered, 10 assessed, 10 enrolled and 10 graduated by the day each happened and
// notes that they were entered late; her certificate bears the course's end date, the day graduation was recorded
// and the day it was printed. axe-core finds no serious problem on the registration form and the report at 360 px.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { extractText } from 'unpdf';
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
import { participantBody, testNik } from '../tests/support/participants.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
const DESK = { viewport: { width: 1280, height: 900 } } as const;

/** The consents on her paper file, given on 4 February 2019 (she may be contacted after the programme). */
const CONSENTS_2019 = (['PARTICIPATION', 'DATA_PROCESSING', 'FOLLOW_UP_CONTACT'] as const).map((purpose) => ({
  purpose,
  method: 'SIGNED_FORM',
  explainedBy: 'Pendamping Rina',
  language: 'id',
  givenAt: '2019-02-04',
}));
const ANSWERS = {
  living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
  health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
  economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
  education: { level: 'SD', skills: [], desiredTrade: 'Kue' },
  srq20: Array(20).fill(false),
  trafficking: {},
  safety: { risks: ['NONE'] },
};

describe.skipIf(SKIP_BROWSER)('the 2019 cohort entered from paper in 2026 (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let manager: SeededUser;
  let caseworker: SeededUser;
  let kabid: SeededUser;
  let mgr: Client;
  let cw: Client;
  let cohortId = '';
  let cohortEnd = '';
  /** The nine entered through the API; the tenth is registered through the screen. */
  const people: { id: string; code: string }[] = [];
  const her = { id: '', code: '', fullName: 'Mariani Backlog', birthDate: '1990-06-15' };

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
  const group = (p: Page, name: string | RegExp) => p.getByRole('group', { name, exact: typeof name === 'string' });
  const choose = (p: Page, groupName: string | RegExp, option: string) =>
    group(p, groupName).getByRole('radio', { name: option, exact: true }).check();
  const stageOf = async (id: string) => json(await cw.get(`/api/participants/${id}`)).stage as string;

  beforeAll(async () => {
    server = await startServer(); // 28 November 2026, 09.15 WITA: the day the paper files are entered
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    kabid = await server.seedUser('head_of_division', ['63'], 'kabid.rehsos');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    mgr = await signIn(env, { ...manager, regions: ['63'] });
    cw = await signIn(env, { ...caseworker, regions: ['6372'] });
    const programme = json(
      await mgr.post('/api/programmes', {
        name: 'Pembinaan 2019',
        year: 2019,
        budgetCeiling: 100_000_000,
        targetParticipants: 10,
        completionRule: { minAttendanceRate: 0.8, allMandatory: true, excusedAbsencesAllowed: 0 },
      }),
    );
    const cohort = json(
      await mgr.post('/api/cohorts', {
        programmeId: programme.id,
        regionCode: '6372',
        startDate: '2019-03-01',
        capacity: 10,
        tracks: ['TATA_BOGA'],
      }),
    );
    cohortId = cohort.id;
    // Nine of them from their paper files: consented 4 February, registered 11 February, assessed 14 February 2019.
    for (let i = 0; i < 9; i++) {
      const birthDate = `199${i}-0${(i % 9) + 1}-1${i}`;
      const p = await cw.post(
        '/api/participants',
        participantBody({ consents: CONSENTS_2019, registeredOn: '2019-02-11' }, { birthDate }),
      );
      expect(p.statusCode, p.body).toBe(201);
      const a = await cw.post(`/api/participants/${json(p).id}/assessments`, {
        answers: ANSWERS,
        confirmedRisk: 'LOW',
        assessedOn: '2019-02-14',
      });
      expect(a.statusCode, a.body).toBe(201);
      people.push({ id: json(p).id, code: json(p).code });
    }
    browser = await launchBrowser();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the caseworker registers her on her 2019 date from a phone; a date before her consent is told beside it', async () => {
    const phone = await context(PHONE);
    const page = await phone.newPage();
    try {
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/participants/new`);
      await visible(page.getByRole('heading', { level: 1, name: 'Daftarkan peserta' }));
      await page.getByRole('checkbox', { name: /^Ikut program dan layanan/ }).check();
      await page.getByRole('checkbox', { name: /^Pengolahan data pribadi/ }).check();
      await page.getByRole('checkbox', { name: /^Dihubungi setelah program/ }).check();
      await page.getByLabel('Cara persetujuan diberikan').selectOption({ label: 'Tanda tangan di formulir' });
      await page.getByLabel('Tanggal persetujuan').fill('2019-02-04');
      await page.getByLabel('Nama lengkap', { exact: true }).fill(her.fullName);
      await page.getByLabel('NIK (16 angka)').fill(testNik(her.birthDate));
      await page.getByLabel('Tanggal lahir').fill(her.birthDate);
      await page.getByLabel('Kategori').selectOption({ label: 'Perempuan rentan sosial ekonomi' });
      // Today by default (shown as people write it), and never after it.
      const registered = page.getByLabel('Tanggal terdaftar (sesuai kejadian)');
      expect(await registered.inputValue()).toBe('28/11/2026');
      await visible(page.getByText(/Tidak boleh sebelum tanggal persetujuan atau sesudah hari ini/));
      // Registered before she consented: told beside the registration date, nothing sent.
      await registered.fill('2019-02-01');
      await page.getByRole('button', { name: 'Simpan pendaftaran', exact: true }).click();
      await visible(page.getByText('Tanggal ini sebelum tanggal persetujuannya.', { exact: false }));
      expect(await registered.getAttribute('aria-invalid')).toBe('true');
      expect(await horizontalOverflow(page), 'the registration form at 360 px').toBeLessThanOrEqual(0);
      const violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'backlog-registration-360.png'), fullPage: true });

      await registered.fill('2019-02-11');
      await page.getByRole('button', { name: 'Simpan pendaftaran', exact: true }).click();
      const code = page.getByRole('heading', { level: 1 });
      await visible(page.getByText(/^Peserta terdaftar dengan kode/));
      her.code = (await code.textContent())!.trim();
      her.id = page.url().split('/').pop()!;
      // Her page says the day she was registered, and that it was entered late.
      const summary = page.locator('.participant-header dl');
      await visible(summary.getByText('11 Februari 2019'));
      await visible(summary.getByText('dicatat terlambat'));
      expect(await summary.locator('.badge-late').textContent()).toContain(
        'dimasukkan ke sistem lama sesudah tanggal kejadiannya',
      );
      expect(await stageOf(her.id)).toBe('PENERIMAAN');
      expect(json(await cw.get(`/api/participants/${her.id}`))).toMatchObject({
        registeredOn: '2019-02-11',
        enteredLate: true,
      });
    } finally {
      await phone.close();
    }
  });

  it('the caseworker assesses her on her 2019 date through the assessment form', async () => {
    const desk = await context(DESK);
    const page = await desk.newPage();
    try {
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/participants/${her.id}`);
      await page.getByRole('tab', { name: 'Asesmen' }).click();
      await page.getByRole('button', { name: 'Isi asesmen' }).click();
      await choose(page, 'Tempat tinggal sekarang', 'Bersama keluarga');
      await choose(page, 'Masih berhubungan dengan keluarga?', 'Ya');
      await choose(page, 'Keluarga menerimanya?', 'Ya');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await choose(page, 'Bisa berobat ke layanan kesehatan?', 'Ya');
      await choose(page, 'Punya BPJS Kesehatan / KIS?', 'Ya');
      await choose(page, 'Tes kesehatan sukarela (misalnya HIV)', 'Dirujuk untuk tes');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByLabel('Penghasilan per bulan (rupiah)').fill('750.000');
      await page.getByLabel('Utang (rupiah)').fill('0');
      await page.getByLabel('Jumlah tanggungan (orang)').fill('1');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await choose(page, 'Pendidikan terakhir', 'SMP / sederajat');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      for (let n = 1; n <= 20; n++)
        await group(page, new RegExp(`^${n}\\. `))
          .getByRole('radio', { name: 'Tidak', exact: true })
          .check();
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await group(page, 'Risiko keamanan saat ini')
        .getByRole('checkbox', { name: 'Tidak ada risiko yang diketahui' })
        .check();
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByLabel('Tingkat risiko yang Anda tetapkan').selectOption({ label: 'Rendah' });
      const day = page.getByLabel('Tanggal asesmen');
      expect(await day.inputValue()).toBe('28/11/2026');
      // Before her registration: the server's answer, beside the date.
      await day.fill('2019-02-08');
      await page.getByRole('button', { name: 'Simpan asesmen' }).click();
      await visible(page.getByText('Tanggal ini sebelum tanggal ia terdaftar.'));
      expect(await day.getAttribute('aria-invalid')).toBe('true');
      await day.fill('2019-02-14');
      await page.getByRole('button', { name: 'Simpan asesmen' }).click();
      await visible(page.getByText('Asesmen versi 1 tersimpan.'));
      const versions = page.getByRole('list', { name: 'Versi asesmen, terbaru di atas' });
      await visible(versions.getByText('Versi 1 · 14 Februari 2019 · oleh pendamping.bjb'));
      await visible(versions.getByText('dicatat terlambat'));
      await visible(versions.getByText(/^Dimasukkan ke sistem 28 November 2026/));
      people.push({ id: her.id, code: her.code });
    } finally {
      await desk.close();
    }
  });

  it('approved assessments and plans move their stages by themselves; all ten are enrolled on a 2019 date', async () => {
    expect(people).toHaveLength(10);
    for (const p of people) {
      const reviewed = await mgr.post(`/api/participants/${p.id}/assessments/1/review`);
      expect(reviewed.statusCode, reviewed.body).toBe(200);
      expect(await stageOf(p.id)).toBe('ASESMEN');
      const plan = await cw.request('PUT', `/api/participants/${p.id}/case-plan`, {
        items: [{ goal: 'Tata boga', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }],
      });
      expect(plan.statusCode, plan.body).toBe(200);
      if (p.id === her.id) continue; // hers is approved on the screen, below
      const approved = await mgr.post(`/api/participants/${p.id}/case-plan/approve`, { approvedOn: '2019-02-18' });
      expect(approved.statusCode, approved.body).toBe(200);
    }

    const desk = await context(DESK);
    const page = await desk.newPage();
    try {
      await signInThroughForm(page, server, manager);
      // The head of section approves her plan on its day on paper: a day before her assessment is told beside it.
      await page.goto(`${server.url}/participants/${her.id}`);
      await page.getByRole('tab', { name: 'Rencana' }).click();
      const approvedOn = page.getByLabel('Tanggal rencana disetujui');
      expect(await approvedOn.inputValue()).toBe('28/11/2026');
      await approvedOn.fill('2019-02-12');
      await page.getByRole('button', { name: 'Setujui rencana' }).click();
      await visible(page.getByText('Tanggal ini sebelum tanggal asesmen terakhirnya.'));
      await approvedOn.fill('2019-02-18');
      await page.getByRole('button', { name: 'Setujui rencana' }).click();
      await visible(page.getByText('Rencana disetujui.'));
      expect(await page.getByTestId('plan-status').textContent()).toBe('Disetujui');
      const approvedNote = page.locator('p.note', { hasText: /Disetujui oleh .* pada 18 Februari 2019/ });
      await visible(approvedNote);
      await visible(approvedNote.getByText('dicatat terlambat'));
      // Nobody moved a case by hand (no transition was asked for): each stage followed from the work.
      await visible(page.locator('.participant-header').getByText('Rencana intervensi'));
      expect(await stageOf(her.id)).toBe('RENCANA_INTERVENSI');

      // All ten into the March 2019 cohort, enrolled on 25 February 2019.
      await page.goto(`${server.url}/cohorts/${cohortId}?tab=participants`);
      const enrolOn = page.getByLabel('Tanggal terdaftar di angkatan');
      expect(await enrolOn.inputValue()).toBe('28/11/2026');
      await enrolOn.fill('2019-02-25');
      await page.getByRole('button', { name: 'Cari', exact: true }).click();
      const results = page.getByRole('list', { name: 'Hasil pencarian' });
      await countIs(results.getByRole('checkbox'), 10);
      for (const box of await results.getByRole('checkbox').all()) await box.check();
      await page.getByRole('button', { name: 'Daftarkan 10 peserta terpilih' }).click();
      await countIs(page.locator('table.enrol-table tbody tr'), 10);
      // Each row says the day she was enrolled, and that it was entered late.
      const row = page.locator('table.enrol-table tbody tr').first();
      await visible(row.getByText('25 Februari 2019'));
      await visible(row.getByText('dicatat terlambat'));
    } finally {
      await desk.close();
    }
    for (const p of people) expect(await stageOf(p.id)).toBe('INTERVENSI');
  });

  it('one izin fails her; an exception granted and confirmed by a second person lets all ten graduate', async () => {
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
    for (const [n, s] of sessions.entries()) {
      const marked = await mgr.request(
        'PUT',
        `/api/sessions/${s.id}/attendance`,
        people.map((p) => ({ participantId: p.id, status: p.id === her.id && n === 2 ? 'EXCUSED' : 'PRESENT' })),
      );
      expect(marked.statusCode, marked.body).toBe(200);
    }
    const evaluated = await mgr.post(`/api/cohorts/${cohortId}/graduate`);
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const list = json(await mgr.get(`/api/cohorts/${cohortId}/enrollments`)).items as {
      id: string;
      participantId: string;
      result: { passed: boolean } | null;
    }[];
    const hers = list.find((e) => e.participantId === her.id)!;
    expect(hers.result).toMatchObject({ passed: false });
    const granted = await mgr.post(`/api/enrollments/${hers.id}/graduation-exception`, {
      reason: 'Izin karena dirawat di puskesmas pada sesi ketiga; surat keterangan ada di berkas kertas.',
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const head = await signIn(env, { ...kabid, regions: ['63'] });
    const decided = await head.post(`/api/graduation-exceptions/${json(granted).id}/decision`, { approve: true });
    expect(decided.statusCode, decided.body).toBe(200);
    const confirmed = await mgr.post(`/api/cohorts/${cohortId}/graduate/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((json(confirmed).items as { status: string }[]).every((e) => e.status === 'GRADUATED')).toBe(true);
    cohortEnd = json(await mgr.get(`/api/cohorts/${cohortId}`)).endDate;
    for (const p of people) expect(await stageOf(p.id)).toBe('RESOSIALISASI_REINTEGRASI');
  });

  it('closed with her goals reached, her first follow-up visit moves her case to bimbingan lanjut by itself', async () => {
    // Closing is a decision of the head of section; the visit after it moves her case without anyone moving it.
    const closed = await mgr.post(`/api/participants/${her.id}/transitions`, {
      to: 'TERMINASI',
      reason: 'Tujuan rencana intervensi tercapai; usaha kue berjalan.',
      closureReason: 'TUJUAN_TERCAPAI',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const due = (
      json(await cw.get(`/api/participants/${her.id}/follow-ups`)).items as { id: string; status: string }[]
    ).filter((f) => f.status === 'DUE');
    expect(due.length).toBeGreaterThan(0);
    const visit = await cw.post(`/api/follow-ups/${due[0]!.id}/visits`, {
      date: '2019-04-29',
      method: 'HOME_VISIT',
      businessStatus: 'RUNNING',
      incomeBand: '1M_2M',
      kitInUse: 'YES',
      housingStable: 'YES',
      familySupport: 'YES',
      healthAccess: 'YES',
      documents: 'YES',
      wellbeing: 4,
      safetyConcern: false,
      returnRisk: 'NO',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const desk = await context(DESK);
    const page = await desk.newPage();
    try {
      await signInThroughForm(page, server, caseworker);
      await page.goto(`${server.url}/participants/${her.id}`);
      await visible(page.locator('.participant-header').getByText('Bimbingan lanjut'));
    } finally {
      await desk.close();
    }
  });

  it('the 2019 report counts 10 · 10 · 10 · 10 by the day each happened and notes the late entries; the certificate shows its dates', async () => {
    const phone = await context(PHONE);
    const page = await phone.newPage();
    try {
      await signInThroughForm(page, server, manager);
      await page.goto(`${server.url}/reports`);
      await visible(page.getByRole('heading', { level: 1, name: 'Laporan tahunan' }));
      await page.getByLabel('Tahun', { exact: true }).selectOption('2019');
      await visible(page.getByRole('figure', { name: /capaian program tahun 2019/ }).locator('svg[role="img"]'));
      const bjb = page.getByRole('row', { name: /^Kota Banjarbaru/ }).first();
      await visible(bjb);
      // Outreach, prospects, registered, assessed, enrolled, graduated.
      await expect
        .poll(async () => (await bjb.locator('td').allTextContents()).map((s) => s.trim()), { timeout: 10_000 })
        .toEqual(['0', '0', '10', '10', '10', '10']);
      const note = page.getByRole('complementary', { name: 'Catatan: dicatat terlambat' });
      await visible(note.getByText(/pendaftaran 10, asesmen 10, pendaftaran ke angkatan 10\.$/));
      expect(await horizontalOverflow(page), 'the report at 360 px').toBeLessThanOrEqual(0);
      const violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.screenshot({ path: path.join(SHOT_DIR, 'backlog-report-360.png'), fullPage: true });

      // Her certificate: the day the course ended, the day graduation was recorded, the day it was printed.
      const enrolments = json(await mgr.get(`/api/cohorts/${cohortId}/enrollments`)).items as {
        id: string;
        participantId: string;
      }[];
      const hers = enrolments.find((e) => e.participantId === her.id)!;
      const pdf = await phone.request.get(`${server.url}/api/enrollments/${hers.id}/certificate.pdf`);
      expect(pdf.status()).toBe(200);
      const text = (await extractText(new Uint8Array(await pdf.body()), { mergePages: true })).text.replace(
        /\s+/g,
        ' ',
      );
      const [y, m, d] = cohortEnd.split('-');
      expect(y).toBe('2019');
      const bulan = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni'][Number(m) - 1];
      expect(text).toContain(`sampai dengan ${Number(d)} ${bulan} 2019`);
      expect(text).toContain('Kelulusan dicatat pada 28 November 2026');
      expect(text).toMatch(/Dicetak oleh kasi\.rehsos pada 28 November 2026/);
    } finally {
      await phone.close();
    }
  });
});
