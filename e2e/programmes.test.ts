// Programme delivery in Chromium, on a clock the test controls (February–March 2019): the head of section
// plans a programme, adds a venue (with a rent payment) and a cohort in it, sees a second booking of the
// same venue refused with the cohort that holds it, and generates the Friday sessions of March 2019 (religious
// guidance led by the partner Kemenag and its counsellor) from a weekly-rule form that starts empty and shows the five dates before it creates them (the Nyepi Thursday
// shows as skipped, and makes nothing). Participants are enrolled several at once (the refusals in words per
// person, the choice kept, a waitlist when full). On the first Friday a facilitator marks attendance on a
// 360 px phone with taps (all present, one absent) and saves, then records that Kemenag came and a short report of
// the session; a later session is not open yet, an old one is
// locked. After the last Friday the head of section evaluates and confirms graduation: Lulus / Tidak lulus,
// certificates for graduates. Two of April's sessions are cancelled at once with one reason. axe-core finds
// no serious or critical problems on the cohort page and the attendance screen, and nothing sticks out
// sideways at 360 px.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import {
  horizontalOverflow,
  launchBrowser,
  SHOT_DIR,
  signInThroughForm,
  SKIP_BROWSER,
  visible,
  countIs,
} from './support/browser.ts';
import { Client, json } from '../tests/support/env.ts';
import { participantBody } from '../tests/support/participants.ts';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
/** 09.00 WITA on a day of 2019. */
const at = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+08:00`);

describe.skipIf(SKIP_BROWSER)('programme delivery (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let desk: BrowserContext;
  let page: Page;
  let manager: SeededUser;
  let caseworker: SeededUser;
  let facilitator: SeededUser;
  const ids = { programme: '', venue: '', cohort: '', april: '' };
  /** The five Friday sessions, in date order. */
  let fridays: { id: string; date: string }[] = [];
  /** Participants: A, B, C enrolled; D waitlisted; E whose plan is not approved. */
  const people: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; code: string }> = {} as never;

  /** Signs in through the API (app.inject), with a fresh code for accounts that have 2FA. */
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

  /** Moves the server's clock (and the browser's, for "today" on screen); sessions idle out, so sign in again. */
  async function travel(to: Date, ...contexts: BrowserContext[]) {
    server.clock.set(to);
    for (const c of contexts) await c.clock.setFixedTime(to);
  }

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  /** A participant with consent, an assessment and a case plan (approved unless said otherwise), as in tests/programmes.test.ts. */
  async function readyParticipant(cw: Client, mgr: Client, name: string, approve = true) {
    const consents = [
      {
        purpose: 'PARTICIPATION',
        method: 'SIGNED_FORM',
        explainedBy: caseworker.username,
        language: 'id',
        givenAt: '2019-02-18',
      },
      {
        purpose: 'DATA_PROCESSING',
        method: 'SIGNED_FORM',
        explainedBy: caseworker.username,
        language: 'id',
        givenAt: '2019-02-18',
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
        economy: { monthlyIncome: 0, debts: 0, dependants: 1 },
        education: { level: 'SD', skills: [] },
        srq20: Array(20).fill(false),
        trafficking: {},
        safety: { risks: ['NONE'] },
      },
      confirmedRisk: 'LOW',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(
      (await cw.post(`/api/participants/${p.id}/transitions`, { to: 'ASESMEN', reason: 'asesmen' })).statusCode,
    ).toBe(200);
    expect(
      (await cw.post(`/api/participants/${p.id}/transitions`, { to: 'RENCANA_INTERVENSI', reason: 'rencana' }))
        .statusCode,
    ).toBe(200);
    const plan = await cw.request('PUT', `/api/participants/${p.id}/case-plan`, {
      items: [{ goal: 'Usaha kue rumahan', component: 'VOKASI_USAHA', dueDate: '2019-03-31' }],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    if (approve) expect((await mgr.post(`/api/participants/${p.id}/case-plan/approve`)).statusCode).toBe(200);
    return { id: p.id, code: p.code };
  }

  beforeAll(async () => {
    server = await startServer();
    server.clock.set(at('2019-02-18'));
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    facilitator = await server.seedUser('facilitator', ['6372'], 'instruktur.roti');
    // The partner the Friday religious guidance names (partners are kept on their own page, not here).
    const kemenag = await (await apiAs(manager)).post('/api/partners', {
      name: 'Kemenag Kota Banjarbaru',
      kind: 'KEMENAG',
      regionCode: '6372',
      contacts: [{ name: 'Ustadzah Rahmah', role: 'Penyuluh agama Islam' }],
    });
    expect(kemenag.statusCode, kemenag.body).toBe(201);
    browser = await launchBrowser();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await desk.clock.setFixedTime(server.clock.now());
    page = await desk.newPage();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('plans a programme, adds a venue with a payment and a cohort in it, and generates the Fridays of March 2019', async () => {
    await signInThroughForm(page, server, manager);
    const nav = page.getByRole('navigation', { name: 'Menu utama' });

    // The programme: the budget is typed as digits and shown as rupiah.
    await nav.getByRole('link', { name: 'Program' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Program' }));
    await page.getByRole('button', { name: 'Tambah program' }).click();
    await page.getByLabel('Nama program').fill('Rehabilitasi Sosial Perempuan 2019');
    await page.getByLabel('Tahun anggaran').fill('2019');
    await page.getByLabel('Pagu anggaran').fill('150000000');
    expect(await page.getByLabel('Pagu anggaran').inputValue()).toBe('Rp 150.000.000');
    await page.getByLabel('Target jumlah peserta').fill('10');
    await page.getByRole('checkbox', { name: 'Kota Banjarbaru' }).check();
    await page.getByRole('button', { name: 'Simpan program' }).click();
    await visible(page.getByText('Program "Rehabilitasi Sosial Perempuan 2019" tersimpan.'));
    const programmeRow = page.getByRole('row').filter({ hasText: 'Rehabilitasi Sosial Perempuan 2019' });
    await visible(programmeRow.getByText('Rp 150.000.000'));
    expect(await programmeRow.textContent()).toContain('Kehadiran minimal 80%, semua sesi wajib diikuti');
    const programmes = await page.evaluate(() => fetch('/api/programmes').then((r) => r.json()));
    expect(programmes.items).toHaveLength(1);
    expect(programmes.items[0]).toMatchObject({
      budgetCeiling: 150_000_000,
      year: 2019,
      targetRegions: ['6372'],
      completionRule: { minAttendanceRate: 0.8, allMandatory: true },
    });
    ids.programme = programmes.items[0].id;

    // The venue, then a rent payment and the paid total.
    await nav.getByRole('link', { name: 'Tempat' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Tempat' }));
    await page.getByRole('button', { name: 'Tambah tempat' }).click();
    await page.getByLabel('Nama tempat').fill('Rumah Singgah Loktabat');
    await page.getByLabel('Alamat').fill('Jl. Loktabat Utara No. 12');
    await page.getByLabel('Wilayah (kabupaten/kota)').selectOption({ label: 'Kota Banjarbaru' });
    await page.getByLabel('Nama pemilik').fill('H. Abdullah');
    await page.getByLabel('Kapasitas (orang)').fill('12');
    await page.getByLabel(/^Fasilitas/).fill('dapur, oven');
    await page.getByLabel('Sewa per bulan').fill('3000000');
    await page.getByLabel('Kontrak mulai').fill('2019-03-01');
    await page.getByLabel('Kontrak berakhir').fill('2019-12-31');
    await page.getByRole('button', { name: 'Simpan tempat' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Rumah Singgah Loktabat' }));
    await visible(page.getByText('Tempat "Rumah Singgah Loktabat" tersimpan.'));
    ids.venue = new URL(page.url()).pathname.split('/').pop() ?? '';
    await visible(page.getByText('Jumlah dibayar: Rp 0'));
    await page.getByLabel('Jumlah dibayar').fill('3000000');
    await page.getByLabel('Tanggal bayar').fill('2019-03-01');
    await page.getByLabel(/^Keterangan/).fill('Sewa Maret');
    await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
    await visible(page.getByText('Pembayaran Rp 3.000.000 tercatat.'));
    await visible(page.getByText('Jumlah dibayar: Rp 3.000.000'));
    await visible(page.getByRole('row').filter({ hasText: '1 Maret 2019' }).getByText('Sewa Maret'));

    // The cohort in that venue: the end date defaults to one month.
    await nav.getByRole('link', { name: 'Angkatan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Angkatan' }));
    await page.getByRole('link', { name: 'Buat angkatan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Buat angkatan' }));
    // The programme list loads after the heading shows: poll until the default is selected.
    await expect
      .poll(() => page.getByLabel('Program', { exact: true }).inputValue(), { timeout: 10_000 })
      .toBe(ids.programme);
    await page.getByLabel('Wilayah (kabupaten/kota)').selectOption({ label: 'Kota Banjarbaru' });
    await page.getByLabel(/^Tempat/).selectOption({ label: 'Rumah Singgah Loktabat (Kota Banjarbaru, 12 orang)' });
    await page.getByLabel('Tanggal mulai').fill('2019-03-01');
    expect(await page.getByLabel('Tanggal selesai').inputValue()).toBe('2019-03-31');
    await page.getByLabel('Kapasitas (peserta)').fill('3');
    await page.getByRole('checkbox', { name: 'Tata boga' }).check();
    await page.getByRole('button', { name: 'Simpan angkatan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
    await visible(page.getByText('Angkatan "Angkatan 1" tersimpan.'));
    ids.cohort = new URL(page.url()).pathname.split('/').pop() ?? '';
    const header = page.locator('.cohort-header');
    expect(await header.textContent()).toContain('1 Maret 2019 – 31 Maret 2019');
    expect(await header.textContent()).toContain('Rumah Singgah Loktabat');

    // Religious guidance every Friday: five sessions in March 2019.
    await page.getByRole('tab', { name: 'Jadwal' }).click();
    await visible(page.getByText('Belum ada sesi.'));
    await page.getByRole('button', { name: 'Buat sesi dari aturan mingguan' }).click();
    const rule = page.getByRole('form', { name: 'Buat sesi dari aturan mingguan' });
    // The form starts empty: no type, no day ticked.
    expect(await rule.getByLabel('Jenis sesi').inputValue()).toBe('');
    for (const day of ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'])
      expect(await rule.getByRole('checkbox', { name: day }).isChecked(), day).toBe(false);
    await rule.getByRole('button', { name: 'Lihat tanggalnya' }).click();
    await visible(rule.getByText('Pilih jenis sesi.'));
    await visible(rule.getByText('Pilih minimal satu hari.'));
    // A day ticked before the type is chosen is not kept when the type changes.
    await rule.getByRole('checkbox', { name: 'Jumat' }).check();
    await rule.getByLabel('Jenis sesi').selectOption({ label: 'Pelatihan keterampilan' });
    expect(await rule.getByRole('checkbox', { name: 'Jumat' }).isChecked()).toBe(false);
    await visible(rule.getByText('Jenis sesi berubah, jadi pilihan hari dikosongkan. Pilih harinya lagi.'));
    await rule.getByLabel('Jenis sesi').selectOption({ label: 'Bimbingan agama' });
    await rule.getByRole('checkbox', { name: 'Jumat' }).check();
    await rule.getByLabel('Fasilitator (akun)').selectOption({ label: `${facilitator.username} (Fasilitator)` });
    await rule.getByLabel('Jam mulai (WITA)').fill('08:00');
    await rule.getByLabel('Jam selesai (WITA)').fill('10:00');
    // Friday's religious guidance is led by Kemenag's religious counsellor.
    await rule.getByLabel(/^Lembaga mitra/).selectOption({ label: 'Kemenag Kota Banjarbaru' });
    await rule.getByLabel(/^Orang dari mitra/).fill('Ustadzah Rahmah');
    // The dates first, nothing created yet.
    await rule.getByRole('button', { name: 'Lihat tanggalnya' }).click();
    const preview = page.getByRole('region', { name: '5 sesi pada tanggal ini:' });
    await visible(preview);
    expect(await preview.getByRole('listitem').allTextContents()).toEqual([
      'Jumat, 1 Maret 2019',
      'Jumat, 8 Maret 2019',
      'Jumat, 15 Maret 2019',
      'Jumat, 22 Maret 2019',
      'Jumat, 29 Maret 2019',
    ]);
    expect(
      (await page.evaluate((id) => fetch(`/api/cohorts/${id}/sessions`).then((r) => r.json()), ids.cohort)).items,
    ).toEqual([]);
    expect(await seriousViolations(page), 'the rule and its dates').toEqual([]);
    // A change to the form takes the dates away (they would no longer be what is created); back again.
    await rule.getByLabel('Jam selesai (WITA)').fill('10:30');
    await countIs(preview, 0);
    await rule.getByLabel('Jam selesai (WITA)').fill('10:00');
    await rule.getByRole('button', { name: 'Lihat tanggalnya' }).click();
    await preview.getByRole('button', { name: 'Buat 5 sesi ini' }).click();
    await visible(page.getByText('5 sesi dibuat.'));
    const sessions = page.locator('.session-item');
    await visible(sessions.nth(4));
    await countIs(sessions, 5);
    const headings = await page.locator('.session-item h5').allTextContents();
    expect(headings.map((h) => h.replace('Hari ini', '').trim())).toEqual([
      'Jumat, 1 Maret 2019',
      'Jumat, 8 Maret 2019',
      'Jumat, 15 Maret 2019',
      'Jumat, 22 Maret 2019',
      'Jumat, 29 Maret 2019',
    ]);
    await visible(page.getByText('Jumlah sesi: 5'));
    expect(await sessions.first().textContent()).toContain('08.00–10.00 WITA');
    expect(await sessions.first().textContent()).toContain(facilitator.username);
    expect(await sessions.first().textContent()).toContain('Wajib');
    expect(await sessions.first().textContent()).toContain('Kemenag Kota Banjarbaru · Ustadzah Rahmah');

    // A Thursday rule over Nyepi (7 March 2019) would make nothing: it says which holiday is skipped, and
    // offers nothing to create.
    await page.getByRole('button', { name: 'Buat sesi dari aturan mingguan' }).click();
    await rule.getByLabel('Jenis sesi').selectOption({ label: 'Kegiatan lain' });
    expect(await rule.getByRole('checkbox', { name: 'Jumat' }).isChecked()).toBe(false);
    await rule.getByRole('checkbox', { name: 'Kamis' }).check();
    await rule.getByLabel(/^Dari tanggal/).fill('2019-03-07');
    await rule.getByLabel(/^Sampai tanggal/).fill('2019-03-07');
    await rule.getByRole('button', { name: 'Lihat tanggalnya' }).click();
    const none = page.getByRole('region', {
      name: 'Aturan ini tidak membuat sesi apa pun pada 7 Maret 2019 – 7 Maret 2019.',
    });
    await visible(none);
    await visible(none.getByText('Kamis, 7 Maret 2019: Hari Suci Nyepi'));
    await countIs(none.getByRole('button'), 0);
    await page.getByRole('button', { name: 'Buat sesi dari aturan mingguan' }).click();
    await countIs(sessions, 5);

    const listed = await page.evaluate((id) => fetch(`/api/cohorts/${id}/sessions`).then((r) => r.json()), ids.cohort);
    fridays = listed.items.map((s: { id: string; date: string }) => ({ id: s.id, date: s.date }));
    expect(fridays.map((s) => s.date)).toEqual(['2019-03-01', '2019-03-08', '2019-03-15', '2019-03-22', '2019-03-29']);
  });

  it('refuses a second cohort in the booked venue and names the cohort that holds it', async () => {
    await page.goto(`${server.url}/cohorts/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Buat angkatan' }));
    await page.getByLabel('Wilayah (kabupaten/kota)').selectOption({ label: 'Kota Banjarbaru' });
    await page.getByLabel(/^Tempat/).selectOption({ label: 'Rumah Singgah Loktabat (Kota Banjarbaru, 12 orang)' });
    await page.getByLabel('Tanggal mulai').fill('2019-03-25');
    await page.getByRole('checkbox', { name: 'Menjahit' }).check();
    await page.getByRole('button', { name: 'Simpan angkatan' }).click();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'Tempat ini sudah dipakai Angkatan 1 pada 1 Maret 2019 – 31 Maret 2019.' });
    await visible(alert);
    await visible(alert.getByRole('link', { name: 'Buka Angkatan 1' }));
    expect(await page.getByLabel(/^Tempat/).getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/cohorts/new');
    const cohorts = await page.evaluate(() => fetch('/api/cohorts').then((r) => r.json()));
    expect(cohorts.items).toHaveLength(1);
  });

  it('enrols two participants at once, says per person why others cannot enrol, keeps the choice, and puts one on the waitlist when full', async () => {
    const cw = await apiAs(caseworker);
    const mgr = await apiAs(manager);
    people.A = await readyParticipant(cw, mgr, 'Ani');
    people.B = await readyParticipant(cw, mgr, 'Butet');
    people.C = await readyParticipant(cw, mgr, 'Cici');
    people.D = await readyParticipant(cw, mgr, 'Dewi');
    people.E = await readyParticipant(cw, mgr, 'Euis', false);
    // B through the API; A, C, D and E through the screen.
    const r = await cw.post(`/api/cohorts/${ids.cohort}/enrollments`, {
      participantId: people.B.id,
      track: 'TATA_BOGA',
    });
    expect(r.statusCode, r.body).toBe(201);

    await page.goto(`${server.url}/cohorts/${ids.cohort}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
    const panel = page.getByRole('tabpanel', { name: 'Peserta' });
    await visible(panel.getByRole('row').filter({ hasText: people.B.code }));
    const search = async (code: string) => {
      await panel.getByLabel('Kode atau nama peserta').fill(code);
      await panel.getByRole('button', { name: 'Cari', exact: true }).click();
      await visible(panel.getByRole('list', { name: 'Hasil pencarian' }).getByText(code));
    };

    // A and C ticked from two searches, enrolled in one click.
    const results = panel.getByRole('list', { name: 'Hasil pencarian' });
    await search(people.A.code);
    await results.getByRole('checkbox', { name: new RegExp(people.A.code) }).check();
    await search(people.C.code);
    await results.getByRole('checkbox', { name: new RegExp(people.C.code) }).check();
    await visible(panel.getByText(`2 peserta terpilih: ${people.A.code}, ${people.C.code}`));
    await panel.getByRole('button', { name: 'Daftarkan 2 peserta terpilih' }).click();
    await visible(page.getByText(`2 peserta terdaftar di angkatan ini: ${people.A.code}, ${people.C.code}.`));
    const rowA = panel.getByRole('row').filter({ hasText: people.A.code });
    await visible(rowA.getByText('Terdaftar'));
    expect(await rowA.textContent()).toContain('Ani');
    await visible(panel.getByRole('row').filter({ hasText: people.C.code }).getByText('Terdaftar'));
    await visible(panel.getByText('Belum ada peserta yang dicentang.'));

    // D and E together: nobody is enrolled; each is named with her reason, and the choice is kept.
    await search(people.D.code);
    await results.getByRole('checkbox', { name: new RegExp(people.D.code) }).check();
    await search(people.E.code);
    await results.getByRole('checkbox', { name: new RegExp(people.E.code) }).check();
    await panel.getByRole('button', { name: 'Daftarkan 2 peserta terpilih' }).click();
    const refused = panel
      .getByRole('alert')
      .filter({ hasText: 'Tidak ada yang didaftarkan: 2 peserta tidak dapat didaftarkan.' });
    await visible(refused);
    const reasonOf = (code: string) => refused.getByRole('listitem').filter({ hasText: code });
    expect(await reasonOf(people.D.code).textContent()).toContain('Angkatan ini sudah penuh.');
    expect(await reasonOf(people.E.code).textContent()).toContain(
      'Rencana intervensi peserta ini belum disetujui Kepala Seksi.',
    );
    await visible(refused.getByRole('link', { name: `Buka halaman peserta ${people.E.code}` }));
    await visible(panel.getByText(`2 peserta terpilih: ${people.D.code}, ${people.E.code}`));
    expect(await results.getByRole('checkbox', { name: new RegExp(people.E.code) }).isChecked()).toBe(true);
    expect(await seriousViolations(page), 'refused enrolment').toEqual([]);

    // E taken out of the choice; the cohort (3 places) is full, so D is offered the waitlist and put on it.
    await refused.getByRole('button', { name: `Hapus ${people.E.code} dari pilihan` }).click();
    const full = panel.getByRole('alert').filter({ hasText: 'Angkatan ini sudah penuh.' });
    await full.getByRole('button', { name: `Masukkan ${people.D.code} ke daftar tunggu` }).click();
    await visible(page.getByText(`${people.D.code} masuk daftar tunggu (urutan ke-1).`));
    const rowD = panel.getByRole('row').filter({ hasText: people.D.code });
    await visible(rowD.getByText('Daftar tunggu'));
    expect(await rowD.textContent()).toContain('ke-1');
    await visible(page.locator('.cohort-header').getByText('3 dari 3 · 1 di daftar tunggu'));
    // Lists show codes and preferred names only.
    expect(await page.locator('main').textContent()).not.toContain('Siti Test');

    const enrolments = json(await mgr.get(`/api/cohorts/${ids.cohort}/enrollments`)).items as {
      participantId: string;
      status: string;
    }[];
    expect(Object.fromEntries(enrolments.map((e) => [e.participantId, e.status]))).toEqual({
      [people.A.id]: 'ENROLLED',
      [people.B.id]: 'ENROLLED',
      [people.C.id]: 'ENROLLED',
      [people.D.id]: 'WAITLISTED',
    });
  });

  it('on the first Friday a facilitator marks attendance on a 360 px phone with a few taps', async () => {
    const phone = await browser.newContext(PHONE);
    try {
      await travel(at('2019-03-01', '08:30'), phone, desk);
      const p = await phone.newPage();
      await signInThroughForm(p, server, facilitator);
      await p.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Angkatan' }).click();
      await visible(p.getByRole('heading', { level: 1, name: 'Angkatan' }));
      // Her sessions: today's first, with the way to its attendance.
      const mine = p.locator('.my-sessions');
      await visible(mine.getByRole('heading', { name: 'Sesi saya' }));
      const today = mine.getByRole('listitem').filter({ hasText: 'Hari ini' });
      await visible(today);
      expect(await today.textContent()).toContain('Jumat, 1 Maret 2019');
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      await p.screenshot({ path: path.join(SHOT_DIR, 'cohorts-facilitator-360.png'), fullPage: true });
      await today.getByRole('link', { name: /^Isi kehadiran/ }).tap();

      await visible(p.getByRole('heading', { level: 1, name: 'Kehadiran' }));
      await visible(p.getByText('Jumat, 1 Maret 2019'));
      const rows = p.locator('.attendance-row');
      await visible(rows.nth(2));
      await countIs(rows, 3);
      // The waitlisted participant is not on the list.
      expect(await p.locator('main').textContent()).not.toContain(people.D.code);
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);

      await p.getByRole('button', { name: 'Semua hadir' }).tap();
      const groupB = p.getByRole('group', { name: new RegExp(people.B.code) });
      await groupB.getByRole('radio', { name: 'Tidak hadir' }).tap();
      await visible(p.getByText('Hadir 2 · Terlambat 0 · Izin 0 · Tidak hadir 1 · Belum diisi 0'));
      expect(await groupB.getByRole('radio', { name: 'Tidak hadir' }).isChecked()).toBe(true);
      expect(
        await p
          .getByRole('group', { name: new RegExp(people.A.code) })
          .getByRole('radio', { name: 'Hadir', exact: true })
          .isChecked(),
      ).toBe(true);
      await p.screenshot({ path: path.join(SHOT_DIR, 'attendance-360.png'), fullPage: true });
      await p.getByRole('button', { name: 'Simpan kehadiran' }).tap();
      await visible(p.getByText('Kehadiran tersimpan: 3 peserta.'));
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(p)).toEqual([]);

      const saved = await p.evaluate(
        (id) => fetch(`/api/sessions/${id}/attendance`).then((r) => r.json()),
        fridays[0]!.id,
      );
      expect(
        Object.fromEntries(
          saved.items.map((i: { participantId: string; status: string }) => [i.participantId, i.status]),
        ),
      ).toEqual({
        [people.A.id]: 'PRESENT',
        [people.B.id]: 'ABSENT',
        [people.C.id]: 'PRESENT',
      });
      // A reload shows what was saved.
      await p.reload();
      await visible(p.getByRole('heading', { level: 1, name: 'Kehadiran' }));
      await expect(
        p
          .getByRole('group', { name: new RegExp(people.B.code) })
          .getByRole('radio', { name: 'Tidak hadir' })
          .isChecked(),
      ).resolves.toBe(true);
      // A mark made by mistake is taken back: she is "not marked yet" again, not absent; then marked again.
      const groupC = p.getByRole('group', { name: new RegExp(people.C.code) });
      await groupC.getByRole('button', { name: `Kosongkan ${people.C.code}` }).tap();
      await visible(p.getByText('Hadir 1 · Terlambat 0 · Izin 0 · Tidak hadir 1 · Belum diisi 1'));
      await countIs(groupC.getByRole('button', { name: /^Kosongkan/ }), 0);
      await p.getByRole('button', { name: 'Simpan kehadiran' }).tap();
      await visible(p.getByText('Kehadiran tersimpan: 3 peserta.'));
      const afterClear = await p.evaluate(
        (id) => fetch(`/api/sessions/${id}/attendance`).then((r) => r.json()),
        fridays[0]!.id,
      );
      expect(
        afterClear.items.find((i: { participantId: string }) => i.participantId === people.C.id).status,
      ).toBeNull();
      await groupC.getByRole('radio', { name: 'Hadir', exact: true }).tap();
      await p.getByRole('button', { name: 'Simpan kehadiran' }).tap();
      await visible(p.getByText('Hadir 2 · Terlambat 0 · Izin 0 · Tidak hadir 1 · Belum diisi 0'));
      await visible(p.getByText('Kehadiran tersimpan: 3 peserta.'));
      const remarked = await p.evaluate(
        (id) => fetch(`/api/sessions/${id}/attendance`).then((r) => r.json()),
        fridays[0]!.id,
      );
      expect(remarked.items.find((i: { participantId: string }) => i.participantId === people.C.id).status).toBe(
        'PRESENT',
      );

      // The session names its partner; the facilitator records that Kemenag came and a short report.
      await visible(p.locator('.attendance-session').getByText('Kemenag Kota Banjarbaru'));
      expect(await p.locator('.attendance-session').textContent()).toContain('Ustadzah Rahmah');
      const partnerCame = p.getByRole('group', { name: 'Kehadiran mitra: Kemenag Kota Banjarbaru' });
      await partnerCame.getByRole('radio', { name: 'Hadir', exact: true }).tap();
      await p.getByLabel('Laporan singkat sesi').fill('Materi: sabar dan syukur. Peserta aktif bertanya.');
      await p.getByRole('button', { name: 'Simpan laporan sesi' }).tap();
      await visible(p.getByText('Laporan sesi tersimpan.'));
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(p), 'session report').toEqual([]);
      const reported = await p.evaluate((id) => fetch(`/api/sessions/${id}`).then((r) => r.json()), fridays[0]!.id);
      expect(reported.session).toMatchObject({
        partner: 'Kemenag Kota Banjarbaru',
        partnerPerson: 'Ustadzah Rahmah',
        partnerAttended: true,
        report: 'Materi: sabar dan syukur. Peserta aktif bertanya.',
      });

      // Next Friday's session is not open yet.
      await p.goto(`${server.url}/sessions/${fridays[1]!.id}/attendance?cohort=${ids.cohort}`);
      await visible(p.getByText('Sesi ini pada 8 Maret 2019. Kehadiran dapat diisi mulai hari itu.'));
      await countIs(p.getByRole('button', { name: 'Simpan kehadiran' }), 0);
      await expect(
        p
          .getByRole('group', { name: new RegExp(people.A.code) })
          .getByRole('radio', { name: 'Hadir', exact: true })
          .isDisabled(),
      ).resolves.toBe(true);
      await p.screenshot({ path: path.join(SHOT_DIR, 'attendance-future-360.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('after the last Friday the head of section evaluates and confirms graduation; graduates get certificates', async () => {
    // The other Fridays, marked through the API on the last one: B missed the first (mandatory) session.
    await travel(at('2019-03-29', '11:00'), desk);
    const mgr = await apiAs(manager);
    for (const s of fridays.slice(1)) {
      const r = await mgr.request('PUT', `/api/sessions/${s.id}/attendance`, [
        { participantId: people.A.id, status: 'PRESENT' },
        { participantId: people.B.id, status: 'PRESENT' },
        { participantId: people.C.id, status: s.date === '2019-03-15' ? 'LATE' : 'PRESENT' },
      ]);
      expect(r.statusCode, r.body).toBe(200);
    }

    // A week later the facilitator finds the first Friday locked.
    const phone = await browser.newContext(PHONE);
    try {
      await travel(at('2019-04-01'), phone, desk);
      const p = await phone.newPage();
      await signInThroughForm(p, server, facilitator);
      await p.goto(`${server.url}/sessions/${fridays[0]!.id}/attendance?cohort=${ids.cohort}`);
      await visible(p.getByText(/Kehadiran sesi ini sudah terkunci/));
      await countIs(p.getByRole('button', { name: 'Simpan kehadiran' }), 0);
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }

    await signInThroughForm(page, server, manager);
    await page.goto(`${server.url}/cohorts/${ids.cohort}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
    await page.getByRole('tab', { name: 'Kelulusan' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Kelulusan' });
    await visible(
      panel.getByText('Setiap peserta dinilai dengan aturan program: Kehadiran minimal 80%, semua sesi wajib diikuti.'),
    );
    await panel.getByRole('button', { name: 'Nilai kelulusan' }).click();
    await visible(panel.getByText('Penilaian selesai. Periksa hasilnya, lalu konfirmasi.'));
    const row = (code: string) => panel.getByRole('row').filter({ hasText: code });
    const cells = async (code: string) => (await row(code).locator('td').allTextContents()).map((s) => s.trim());
    // Name, held, attended, rate, mandatory missed, result, status, certificate.
    expect((await cells(people.A.code)).slice(0, 7)).toEqual([
      'Ani',
      '5',
      '5',
      '100%',
      '0',
      'Memenuhi syarat',
      'Terdaftar',
    ]);
    expect((await cells(people.B.code)).slice(0, 7)).toEqual([
      'Butet',
      '5',
      '4',
      '80%',
      '1',
      'Belum memenuhi syarat',
      'Terdaftar',
    ]);
    expect((await cells(people.C.code)).slice(0, 7)).toEqual([
      'Cici',
      '5',
      '5',
      '100%',
      '0',
      'Memenuhi syarat',
      'Terdaftar',
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'Konfirmasi kelulusan' }).click();
    await visible(panel.getByText(/Konfirmasi kelulusan angkatan ini\?/));
    await panel.getByRole('button', { name: 'Ya, konfirmasi' }).click();
    await visible(panel.getByText('Kelulusan dikonfirmasi: 2 lulus, 1 tidak lulus.'));
    await expect(row(people.A.code).locator('[data-status]').textContent()).resolves.toBe('Lulus');
    await expect(row(people.B.code).locator('[data-status]').textContent()).resolves.toBe('Tidak lulus');
    await expect(row(people.C.code).locator('[data-status]').textContent()).resolves.toBe('Lulus');
    await visible(page.getByTestId('cohort-status').filter({ hasText: 'Selesai' }));
    await countIs(row(people.B.code).getByRole('link', { name: /^Sertifikat/ }), 0);
    const link = row(people.A.code).getByRole('link', { name: `Sertifikat (PDF) ${people.A.code}` });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`sertifikat-${people.A.code}.pdf`);

    const enrolments = await page.evaluate(
      (id) => fetch(`/api/cohorts/${id}/enrollments`).then((r) => r.json()),
      ids.cohort,
    );
    expect(
      Object.fromEntries(
        enrolments.items.map((e: { participantId: string; status: string }) => [e.participantId, e.status]),
      ),
    ).toEqual({
      [people.A.id]: 'GRADUATED',
      [people.B.id]: 'NOT_GRADUATED',
      [people.C.id]: 'GRADUATED',
      [people.D.id]: 'WAITLISTED',
    });
  });

  it('has no serious or critical axe violations on the cohort page and the attendance screen', async () => {
    await page.goto(`${server.url}/cohorts/${ids.cohort}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Angkatan 1' }));
    for (const tab of ['Peserta', 'Jadwal', 'Kelulusan']) {
      await page.getByRole('tab', { name: tab }).click();
      await visible(page.getByRole('tabpanel', { name: tab }).locator('h2').first());
      await visible(page.getByRole('tabpanel', { name: tab }).locator('table, .session-item').first());
      expect(await seriousViolations(page), tab).toEqual([]);
    }
    // A confirmed cohort's schedule stays as it was: no tools to change it.
    await page.getByRole('tab', { name: 'Jadwal' }).click();
    await visible(page.locator('.session-item').first());
    await countIs(page.getByRole('button', { name: 'Buat sesi dari aturan mingguan' }), 0);
    // April's cohort (no venue yet) still has them: the rule form and a session's move form, open.
    const mgr = await apiAs(manager);
    const april = await mgr.post('/api/cohorts', {
      programmeId: ids.programme,
      regionCode: '6372',
      startDate: '2019-04-01',
      tracks: ['MENJAHIT'],
    });
    expect(april.statusCode, april.body).toBe(201);
    ids.april = json(april).id;
    const rule = await mgr.post(`/api/cohorts/${ids.april}/sessions/generate`, {
      type: 'PSYCHOLOGICAL_GROUP',
      weekdays: [5],
      startTime: '13:00',
      endTime: '15:00',
      facilitatorName: 'Ibu Psikolog',
      holidays: 'move',
      mandatory: true,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    // Good Friday (19 April 2019) moves to Monday 22 April.
    expect(json(rule).items.map((s: { date: string }) => s.date)).toEqual([
      '2019-04-05',
      '2019-04-12',
      '2019-04-22',
      '2019-04-26',
    ]);
    await page.goto(`${server.url}/cohorts/${ids.april}?tab=schedule`);
    await visible(page.getByRole('tab', { name: 'Jadwal', selected: true }));
    await visible(page.getByText('Dipindah dari 19 April 2019'));
    await page.getByRole('button', { name: 'Buat sesi dari aturan mingguan' }).click();
    await page
      .locator('.session-item')
      .first()
      .getByRole('button', { name: /^Pindahkan/ })
      .click();
    expect(await seriousViolations(page), 'schedule forms').toEqual([]);

    // The head of section may still correct the first Friday after the lock.
    await page.goto(`${server.url}/sessions/${fridays[0]!.id}/attendance?cohort=${ids.cohort}`);
    await visible(page.getByText(/Sebagai Kepala Seksi Anda masih dapat memperbaikinya/));
    await visible(page.getByRole('button', { name: 'Simpan kehadiran' }));
    expect(await seriousViolations(page), 'attendance').toEqual([]);
    for (const where of ['/programmes', '/venues', `/venues/${ids.venue}`, '/cohorts']) {
      await page.goto(`${server.url}${where}`);
      await visible(page.getByRole('heading', { level: 1 }));
      await visible(page.locator('main table').first());
      expect(await seriousViolations(page), where).toEqual([]);
    }

    // The same screens in English.
    await page.goto(`${server.url}/cohorts/${ids.cohort}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Schedule' }).click();
    await visible(page.getByRole('heading', { name: 'Friday, 1 March 2019' }));
    await visible(page.locator('.session-item').first().getByText('08:00–10:00 WITA'));
    await page.getByRole('tab', { name: 'Graduation' }).click();
    await visible(page.getByRole('row').filter({ hasText: people.B.code }).getByText('Not graduated'));
    await page.getByRole('button', { name: 'Indonesia' }).click();
    await visible(page.getByRole('tab', { name: 'Kelulusan', selected: true }));
  });

  it('cancels two of April’s sessions at once with one reason; every button names its session', async () => {
    await page.goto(`${server.url}/cohorts/${ids.april}?tab=schedule`);
    const panel = page.getByRole('tabpanel', { name: 'Jadwal' });
    await visible(panel.locator('.session-item').first());
    // No button says only "Batalkan sesi": each names the session it cancels.
    await countIs(panel.getByRole('button', { name: 'Batalkan sesi', exact: true }), 0);
    const label = (day: string) => `Bimbingan psikologis (kelompok) — Jumat, ${day} April 2019`;
    for (const day of ['5', '12', '26'])
      await visible(panel.getByRole('button', { name: `Batalkan sesi ${label(day)}`, exact: true }));
    await visible(panel.getByText('0 sesi terpilih.'));
    await panel.getByRole('checkbox', { name: `Pilih ${label('5')}`, exact: true }).check();
    await panel.getByRole('checkbox', { name: `Pilih ${label('12')}`, exact: true }).check();
    await visible(panel.getByText('2 sesi terpilih.'));
    // The reason is asked for first.
    await panel.getByRole('button', { name: 'Batalkan 2 sesi terpilih' }).click();
    await visible(panel.getByText('Tulis alasannya (paling banyak 500 karakter).'));
    await panel.getByLabel('Alasan').fill('Psikolog bertugas ke luar kota');
    expect(await seriousViolations(page), 'sessions chosen').toEqual([]);
    await panel.getByRole('button', { name: 'Batalkan 2 sesi terpilih' }).click();
    await visible(page.getByText(`2 sesi dibatalkan: ${label('5')}; ${label('12')}.`));
    await visible(panel.getByText('0 sesi terpilih.'));
    const listed = await page.evaluate((id) => fetch(`/api/cohorts/${id}/sessions`).then((r) => r.json()), ids.april);
    expect(listed.items.map((s: { date: string; cancelled: boolean }) => [s.date, s.cancelled])).toEqual([
      ['2019-04-05', true],
      ['2019-04-12', true],
      ['2019-04-22', false],
      ['2019-04-26', false],
    ]);
    // The cancelled ones can no longer be chosen; each can be brought back on its own.
    await countIs(panel.getByRole('checkbox', { name: /^Pilih / }), 2);
    await visible(panel.getByRole('button', { name: `Aktifkan lagi ${label('5')}`, exact: true }));
  });

  it('has no horizontal overflow at 360 × 740 on the programme screens', async () => {
    const phone = await browser.newContext(PHONE);
    try {
      await phone.clock.setFixedTime(server.clock.now());
      const p = await phone.newPage();
      await signInThroughForm(p, server, manager);
      const shots: [string, string, string?][] = [
        ['/programmes', 'programmes-360.png'],
        ['/venues', 'venues-360.png'],
        [`/venues/${ids.venue}`, 'venue-360.png'],
        ['/cohorts', 'cohorts-360.png'],
        ['/cohorts/new', 'cohort-new-360.png'],
        [`/cohorts/${ids.cohort}`, 'cohort-participants-360.png'],
        [`/cohorts/${ids.cohort}`, 'cohort-schedule-360.png', 'Jadwal'],
        [`/cohorts/${ids.april}`, 'cohort-schedule-tools-360.png', 'Jadwal'],
        [`/cohorts/${ids.april}`, 'cohort-enrol-360.png'],
        [`/cohorts/${ids.cohort}`, 'cohort-graduation-360.png', 'Kelulusan'],
        [`/sessions/${fridays[4]!.id}/attendance?cohort=${ids.cohort}`, 'attendance-manager-360.png'],
      ];
      for (const [where, shot, tab] of shots) {
        await p.goto(`${server.url}${where}`);
        await visible(p.getByRole('heading', { level: 1 })).catch(async (err: Error) => {
          await p.screenshot({ path: path.join(SHOT_DIR, `failed-${shot}`), fullPage: true });
          throw new Error(`${where}: ${err.message}`);
        });
        if (tab) {
          await p.getByRole('tab', { name: tab }).click();
          await visible(p.getByRole('tabpanel', { name: tab }).locator('h2').first());
        }
        await p.waitForLoadState('networkidle');
        if (shot === 'cohort-schedule-tools-360.png') {
          // The rule form with its dates, and a session chosen (the form for several sessions shows).
          await p.getByRole('button', { name: 'Buat sesi dari aturan mingguan' }).click();
          const rule = p.getByRole('form', { name: 'Buat sesi dari aturan mingguan' });
          await rule.getByLabel('Jenis sesi').selectOption({ label: 'Bimbingan agama' });
          await rule.getByRole('checkbox', { name: 'Jumat' }).check();
          await rule.getByRole('button', { name: 'Lihat tanggalnya' }).click();
          await visible(p.getByRole('region', { name: /sesi pada tanggal ini:$/ }));
          await p
            .getByRole('checkbox', { name: /^Pilih / })
            .first()
            .check();
          await visible(p.getByLabel('Alasan'));
        }
        if (shot === 'cohort-enrol-360.png') {
          // Candidates listed with their boxes, one ticked.
          await p.getByRole('button', { name: 'Cari', exact: true }).click();
          await p.getByRole('list', { name: 'Hasil pencarian' }).getByRole('checkbox').first().check();
          await visible(p.getByText(/^1 peserta terpilih/));
        }
        expect(await horizontalOverflow(p), shot).toBeLessThanOrEqual(0);
        await p.screenshot({ path: path.join(SHOT_DIR, shot), fullPage: true });
      }
    } finally {
      await phone.close();
    }
  });

  it('from 1 October warns the head of section that next year has no office calendar, and asks her to confirm a cohort in it', async () => {
    await travel(at('2019-10-01', '08:00'), desk);
    await signInThroughForm(page, server, manager);
    const warning = page.getByRole('region', { name: 'Kalender kantor 2020 belum ada' });
    await visible(warning);
    expect(await warning.textContent()).toContain('cuti bersama dan libur daerah 2020 belum dimuat');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/cohorts/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Buat angkatan' }));
    await page.getByLabel('Wilayah (kabupaten/kota)').selectOption({ label: 'Kota Banjarbaru' });
    await page.getByRole('checkbox', { name: 'Menjahit' }).check();
    await page.getByLabel('Tanggal mulai').fill('2019-11-04');
    const confirm = page.getByRole('checkbox', { name: /tetap menjadwalkan angkatan ini di 2020/ });
    expect(await confirm.count()).toBe(0); // November to early December 2019: nothing to confirm
    await page.getByLabel('Tanggal mulai').fill('2019-12-16');
    await visible(page.getByText('Kalender kantor 2020 (cuti bersama dan libur daerah menurut SKB) belum dimuat.'));
    await page.getByRole('button', { name: 'Simpan angkatan' }).click();
    await visible(page.getByText('Centang konfirmasi ini, atau pilih tanggal lain.'));
    expect(await confirm.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirmCalendar');
    expect(await seriousViolations(page)).toEqual([]);
    const before = (await page.evaluate(() => fetch('/api/cohorts').then((r) => r.json()))).items.length;
    expect(before).toBeGreaterThan(0);
    await confirm.check();
    await page.getByRole('button', { name: 'Simpan angkatan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /^Angkatan/ }));
    await visible(page.getByText('16 Desember 2019 – 15 Januari 2020'));
    const after = (await page.evaluate(() => fetch('/api/cohorts').then((r) => r.json()))).items;
    expect(after).toHaveLength(before + 1);
  });
});
