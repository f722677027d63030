// The participant screens in Chromium: a caseworker of Kota Banjarbaru registers a participant consent
// first, finds her by code, opens her, writes a note and moves her to the assessment stage; the duplicate
// checks; a caseworker of Kota Banjarmasin cannot open her; a 360 px phone has no sideways scrolling; and
// axe-core finds no serious or critical problems on the list, the form and the participant page.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)('participants (Chromium)', () => {
  let server: E2EServer;
  /** A browser context whose clock shows the server's time (default dates in forms are the server's "today"). */
  async function desk(options?: Parameters<Browser['newContext']>[0]) {
    const ctx = await browser.newContext(options);
    await ctx.clock.setFixedTime(server.clock.now());
    return ctx;
  }
  let browser: Browser;
  let page: Page;
  let caseworker: SeededUser;
  let elsewhere: SeededUser;
  /** The participant registered in the first test. */
  const her = {
    id: '',
    code: '',
    fullName: 'Siti Aminah Rahmawati',
    preferredName: 'Ami',
    nik: '6372 0445 0690 0003',
    birthDate: '1990-06-05',
  };

  beforeAll(async () => {
    server = await startServer();
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    elsewhere = await server.seedUser('caseworker', ['6371'], 'pendamping.bjm');
    browser = await launchBrowser();
    page = await (await desk()).newPage();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const identityField = (p: Page) => p.getByLabel('Nama lengkap', { exact: true });

  /** Step 1 of the form: the two required consents (and any others), the method; the rest is prefilled. */
  async function giveConsent(p: Page, extra: RegExp[] = []) {
    await p.getByRole('checkbox', { name: /^Ikut program dan layanan/ }).check();
    await p.getByRole('checkbox', { name: /^Pengolahan data pribadi/ }).check();
    for (const name of extra) await p.getByRole('checkbox', { name }).check();
    await p.getByLabel('Cara persetujuan diberikan').selectOption({ label: 'Tanda tangan di formulir' });
  }

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  it('registers a participant consent first, finds her by code, adds a note and moves her to assessment', async () => {
    await signInThroughForm(page, server, caseworker);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Peserta' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Peserta' }));
    await page.getByRole('link', { name: 'Daftarkan peserta' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Daftarkan peserta' }));

    // Consent first: her details cannot be entered until both required consents are ticked.
    await visible(page.getByRole('heading', { name: 'Sampaikan kepada peserta dengan kata-kata sederhana' }));
    await visible(page.getByText('Apa pun pilihan Anda, Anda tetap akan dilayani dengan baik dan dihormati.'));
    await visible(page.getByText(/Data diri dapat diisi setelah dua persetujuan wajib dicentang/));
    await countIs(identityField(page), 0);
    await page.getByRole('checkbox', { name: /^Ikut program dan layanan/ }).check();
    await countIs(identityField(page), 0);
    await page.getByRole('checkbox', { name: /^Pengolahan data pribadi/ }).check();
    await visible(identityField(page));
    // Unticking one closes the step again.
    await page.getByRole('checkbox', { name: /^Pengolahan data pribadi/ }).uncheck();
    await countIs(identityField(page), 0);
    await giveConsent(page, [/^Dihubungi setelah program/]);
    // Prefilled: who explained (the signed-in user) and the language.
    expect(await page.getByLabel('Dijelaskan oleh').inputValue()).toBe(caseworker.username);
    expect(await page.getByLabel('Bahasa yang dipakai saat menjelaskan').inputValue()).toBe('id');

    await identityField(page).fill(her.fullName);
    await page.getByLabel(/^Nama panggilan/).fill(her.preferredName);
    // A NIK whose serial is 0000 is refused, with the wrong part named in words.
    await page.getByLabel('NIK (16 angka)').fill('6372044506900000');
    await page.getByLabel('Tanggal lahir').fill(her.birthDate);
    await page.getByLabel('Kategori').selectOption({ label: 'Penyintas eksploitasi / perdagangan orang' });
    // Her only region is preselected.
    expect(await page.getByLabel('Wilayah (kabupaten/kota)').inputValue()).toBe('6372');
    await page.getByRole('button', { name: 'Simpan pendaftaran' }).click();
    await visible(page.getByText('Empat angka terakhir (nomor urut) tidak boleh 0000.'));
    await expect(page.getByLabel('NIK (16 angka)').evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await page.getByLabel('NIK (16 angka)').fill(her.nik);
    await page.getByRole('button', { name: 'Simpan pendaftaran' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^BRD-6372-26-\d{4}$/ });
    await visible(heading);
    her.code = (await heading.textContent()) ?? '';
    her.id = new URL(page.url()).pathname.split('/').pop() ?? '';
    await visible(page.getByText(`Peserta terdaftar dengan kode ${her.code}.`));
    // The profile tab shows the full name; the NIK stays masked.
    await visible(page.getByRole('tab', { name: 'Profil', selected: true }));
    await visible(page.getByRole('definition').filter({ hasText: her.fullName }));
    await visible(page.getByText('6372********0003'));
    const consents = await page.evaluate((id) => fetch(`/api/participants/${id}`).then((r) => r.json()), her.id);
    expect(consents.consents).toMatchObject({
      PARTICIPATION: true,
      DATA_PROCESSING: true,
      FOLLOW_UP_CONTACT: true,
      PHOTO: false,
    });

    // The list: search by code (in the request body; the address stays /participants).
    await page.getByRole('link', { name: 'Kembali ke daftar peserta' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Peserta' }));
    await page.getByLabel('Kode peserta, nama, atau NIK lengkap').fill(her.code);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await visible(page.getByText(/^Jumlah peserta: 1$/));
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/participants');
    const row = page.getByRole('row').filter({ hasText: her.code });
    await visible(row);
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(her.preferredName);
    expect(rowText).toContain('Kota Banjarbaru');
    expect(rowText).toContain('Penerimaan');
    expect(rowText).toContain('Penyintas eksploitasi / perdagangan orang');
    // Lists never show the full name.
    expect(await page.locator('main').textContent()).not.toContain('Aminah');

    await row.getByRole('link', { name: her.code }).click();
    await visible(page.getByRole('heading', { level: 1, name: her.code }));

    // Tabs work by keyboard: arrow keys move the selection.
    await page.getByRole('tab', { name: 'Profil' }).focus();
    await page.keyboard.press('ArrowRight');
    await visible(page.getByRole('tab', { name: 'Persetujuan', selected: true }));
    await visible(page.getByRole('heading', { name: 'Persetujuan peserta' }));
    await page.keyboard.press('End');
    await visible(page.getByRole('tab', { name: 'Lampiran', selected: true }));

    // A note.
    await page.getByRole('tab', { name: 'Catatan' }).click();
    await page.getByLabel('Isi catatan').fill('Kunjungan pertama: ia ingin ikut pelatihan menjahit.');
    await page.getByRole('button', { name: 'Simpan catatan' }).click();
    await visible(page.getByText('Catatan tersimpan.'));
    const note = page.getByRole('list', { name: 'Daftar catatan, terbaru di atas' }).getByRole('listitem').first();
    await visible(note.getByText('Kunjungan pertama: ia ingin ikut pelatihan menjahit.'));
    expect(await note.textContent()).toContain('Umum');
    expect(await note.textContent()).toContain(caseworker.username);

    // Move to assessment: only the stages allowed from intake are offered, and a reason is required.
    await page.getByRole('tab', { name: 'Tahapan' }).click();
    await visible(page.getByText('Tahap sekarang: Penerimaan'));
    const options = await page.getByLabel('Tahap tujuan').locator('option').allTextContents();
    expect(options).toEqual(['Pilih tahap', 'Asesmen', 'Pendekatan awal', 'Terminasi']);
    await page.getByLabel('Tahap tujuan').selectOption({ label: 'Asesmen' });
    await page.getByRole('button', { name: 'Pindahkan' }).click();
    await visible(page.getByText('Tulis alasannya (paling banyak 1000 karakter).'));
    await page.getByLabel('Alasan', { exact: true }).fill('Penerimaan selesai; jadwal asesmen minggu depan.');
    await page.getByRole('button', { name: 'Pindahkan' }).click();
    await visible(page.getByText('Tahap diubah menjadi Asesmen.'));
    await visible(page.getByText('Tahap sekarang: Asesmen'));
    const latest = page.locator('ol.timeline > li').first();
    await visible(latest.getByText('Pindah tahap: Penerimaan → Asesmen'));
    expect(await latest.textContent()).toContain('Penerimaan selesai; jadwal asesmen minggu depan.');
    await visible(page.locator('.participant-header').getByText('Asesmen', { exact: true }));
    const saved = await page.evaluate((id) => fetch(`/api/participants/${id}`).then((r) => r.json()), her.id);
    expect(saved.stage).toBe('ASESMEN');
  });

  it('shows the whole NIK only after an explicit click, and hides it again on leaving', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await visible(page.getByRole('heading', { level: 1, name: her.code }));
    await visible(page.getByText('6372********0003'));
    await page.getByRole('button', { name: 'Tampilkan NIK' }).click();
    await visible(page.getByTestId('nik-value').filter({ hasText: '6372044506900003' }));
    await page.getByRole('tab', { name: 'Catatan' }).click();
    await page.getByRole('tab', { name: 'Profil' }).click();
    await visible(page.getByText('6372********0003'));
    await countIs(page.getByText('6372044506900003'), 0);
  });

  it('offers the possible duplicate and "save anyway", and links a NIK already registered', async () => {
    // Same name and birth date, no NIK: the likely match is shown before anything is saved.
    await page.goto(`${server.url}/participants/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Daftarkan peserta' }));
    await giveConsent(page);
    await identityField(page).fill(her.fullName);
    await page.getByRole('radio', { name: 'Tidak ada NIK / tidak tahu' }).check();
    await page.getByLabel('Alasan tidak ada NIK').selectOption({ label: 'KTP/KK hilang' });
    await page.getByLabel('Tanggal lahir').fill(her.birthDate);
    await page.getByLabel('Kategori').selectOption({ label: 'Perempuan rentan sosial ekonomi' });
    await page.getByRole('button', { name: 'Simpan pendaftaran' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Mungkin peserta ini sudah terdaftar' });
    await visible(alert);
    await visible(alert.getByRole('link', { name: `${her.code} (buka di tab baru)` }));
    await alert.getByRole('button', { name: 'Orangnya berbeda, tetap simpan' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^BRD-6372-26-\d{4}$/ });
    await visible(heading);
    expect(await heading.textContent()).not.toBe(her.code);

    // Her NIK again: refused, with a link to the record that has it.
    await page.goto(`${server.url}/participants/new`);
    await giveConsent(page);
    await identityField(page).fill('Nama Lain Sekali');
    await page.getByLabel('NIK (16 angka)').fill(her.nik);
    await page.getByLabel('Tanggal lahir').fill('1991-01-01');
    await page.getByLabel('Kategori').selectOption({ label: 'Perempuan rentan sosial ekonomi' });
    await page.getByRole('button', { name: 'Simpan pendaftaran' }).click();
    const dup = page.getByRole('alert').filter({ hasText: 'NIK ini sudah terdaftar' });
    await visible(dup);
    await dup.getByRole('link', { name: `Buka peserta ${her.code}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: her.code }));
  });

  it('has no serious or critical axe violations on the list, the create form and the participant page', async () => {
    await page.goto(`${server.url}/participants`);
    await visible(page.getByRole('row').nth(1));
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/participants/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Daftarkan peserta' }));
    expect(await seriousViolations(page)).toEqual([]);
    await giveConsent(page);
    await page.getByRole('button', { name: 'Simpan pendaftaran' }).click();
    await visible(page.getByText('Isi nama lengkap (paling banyak 150 karakter).'));
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/participants/${her.id}`);
    await visible(page.getByRole('heading', { level: 1, name: her.code }));
    expect(await seriousViolations(page)).toEqual([]);
    for (const tab of ['Persetujuan', 'Tahapan', 'Catatan', 'Lampiran']) {
      await page.getByRole('tab', { name: tab }).click();
      await visible(page.getByRole('tabpanel', { name: tab }).locator('h2').first());
      expect(await seriousViolations(page), tab).toEqual([]);
    }
  });

  it('has no horizontal overflow at 360 × 740 on the list, the create form and the participant page', async () => {
    const phone = await (
      await desk({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true })
    ).newPage();
    try {
      await signInThroughForm(phone, server, caseworker);
      await phone.goto(`${server.url}/participants`);
      await visible(phone.getByRole('row').filter({ hasText: her.code }));
      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'participants-360.png'), fullPage: true });

      await phone.goto(`${server.url}/participants/new`);
      await giveConsent(phone);
      await visible(identityField(phone));
      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'participant-new-360.png'), fullPage: true });

      await phone.goto(`${server.url}/participants/${her.id}`);
      await visible(phone.getByRole('heading', { level: 1, name: her.code }));
      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'participant-360.png'), fullPage: true });
      for (const [tab, shot] of [
        ['Tahapan', 'participant-stages-360.png'],
        ['Catatan', 'participant-notes-360.png'],
      ] as const) {
        await phone.getByRole('tab', { name: tab }).click();
        await visible(phone.getByRole('tabpanel', { name: tab }).locator('h2').first());
        expect(await horizontalOverflow(phone), tab).toBeLessThanOrEqual(0);
        await phone.screenshot({ path: path.join(SHOT_DIR, shot), fullPage: true });
      }
    } finally {
      await phone.context().close();
    }
  });

  it('edits her profile with If-Match; a change made meanwhile is shown beside hers and nothing typed is lost', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await visible(page.getByRole('heading', { level: 1, name: her.code }));
    await page.getByRole('button', { name: 'Ubah data' }).click();
    await page.getByLabel('Nomor telepon').fill('0812 5555 1234');
    // Meanwhile someone else changes her address (another tab, another caseworker).
    const other = await page.evaluate(async (id) => {
      const current = await fetch(`/api/participants/${id}`);
      const res = await fetch(`/api/participants/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': current.headers.get('etag') ?? '' },
        body: JSON.stringify({ identity: { address: 'Jl. Panglima Batur No. 7' } }),
      });
      return res.status;
    }, her.id);
    expect(other).toBe(200);
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    // The conflict dialog: their address beside her (unchanged) address, her phone beside theirs.
    const dialog = page.getByRole('dialog', { name: 'Data ini diubah orang lain' });
    await visible(dialog);
    await visible(dialog.locator('tr[data-field="address"]').getByText('Jl. Panglima Batur No. 7'));
    await visible(dialog.locator('tr[data-field="phone"]').getByText('0812-5555-1234'));
    await dialog.getByRole('button', { name: 'Terapkan perubahan saya' }).click();
    await visible(page.getByText('Perubahan tersimpan.'));
    // Shown as people read it; kept as the shared schema takes it.
    await visible(page.getByRole('definition').filter({ hasText: '0812-5555-1234' }));
    await visible(page.getByRole('definition').filter({ hasText: 'Jl. Panglima Batur No. 7' }));
    const saved = await page.evaluate((id) => fetch(`/api/participants/${id}`).then((r) => r.json()), her.id);
    expect(saved.identity).toMatchObject({ phone: '+6281255551234', address: 'Jl. Panglima Batur No. 7' });
  });

  it('edits her own note and shows the earlier text', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await page.getByRole('tab', { name: 'Catatan' }).click();
    const note = page.getByRole('list', { name: 'Daftar catatan, terbaru di atas' }).getByRole('listitem').first();
    await note.getByRole('button', { name: 'Ubah catatan' }).click();
    await note.getByLabel('Ubah catatan').fill('Kunjungan pertama: ia ingin ikut pelatihan menjahit dan tata boga.');
    await note.getByRole('button', { name: 'Simpan perubahan' }).click();
    await visible(page.getByText('Perubahan catatan tersimpan.'));
    await visible(note.getByText('Kunjungan pertama: ia ingin ikut pelatihan menjahit dan tata boga.'));
    await visible(note.getByText(/diubah 1 kali/));
    await note.getByRole('button', { name: 'Lihat riwayat' }).click();
    await visible(note.getByRole('heading', { name: 'Isi sebelumnya' }));
    await visible(note.getByText('Kunjungan pertama: ia ingin ikut pelatihan menjahit.', { exact: true }));
  });

  it('records and withdraws consent; a photo needs photo consent; files upload and download', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await page.getByRole('tab', { name: 'Lampiran' }).click();
    const kind = page.getByLabel('Jenis berkas');
    const file = page.getByLabel('Berkas', { exact: true });
    // Without photo consent the photo option cannot be chosen.
    expect(await kind.locator('option', { hasText: 'Foto' }).isDisabled()).toBe(true);
    // A text file is refused by the server, and the message says what is accepted.
    await kind.selectOption({ label: 'Dokumen' });
    await file.setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('bukan dokumen') });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Jenis berkas ini tidak didukung.' }));
    // A PDF is stored and offered as a download.
    await kind.selectOption({ label: 'Dokumen' });
    await file.setInputFiles({
      name: 'surat-rujukan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await visible(page.getByText('Berkas terunggah.'));
    const link = page.getByRole('link', { name: 'Unduh surat-rujukan.pdf' });
    await visible(link);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('surat-rujukan.pdf');

    // Photo consent, then a photo.
    await page.getByRole('tab', { name: 'Persetujuan' }).click();
    await page.getByLabel('Persetujuan untuk').selectOption({ label: 'Foto' });
    await page.getByLabel('Cara persetujuan diberikan').selectOption({ label: 'Cap jempol di formulir' });
    await page.getByRole('button', { name: 'Simpan persetujuan' }).click();
    await visible(page.getByText('Persetujuan tersimpan.'));
    const photoConsent = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Foto/ }) });
    await visible(photoConsent.getByText('Berlaku', { exact: true }));
    await page.getByRole('tab', { name: 'Lampiran' }).click();
    await page.getByLabel('Jenis berkas').selectOption({ label: 'Foto' });
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    await page
      .getByLabel('Berkas', { exact: true })
      .setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await visible(page.getByText('Berkas terunggah.'));
    await page.getByRole('tab', { name: 'Profil' }).click();
    await visible(page.getByRole('link', { name: 'Lihat foto (diunduh)' }));
    await countIs(page.locator('main img'), 0);

    // Withdrawing asks first, then takes effect at once: the photo is no longer offered.
    await page.getByRole('tab', { name: 'Persetujuan' }).click();
    await photoConsent.getByRole('button', { name: 'Cabut persetujuan' }).click();
    await visible(page.getByText('Cabut persetujuan "Foto"?', { exact: false }));
    await page.getByRole('button', { name: 'Ya, cabut' }).click();
    await visible(page.getByText('Persetujuan dicabut.'));
    await visible(photoConsent.getByText('Dicabut', { exact: true }));
    await page.getByRole('tab', { name: 'Profil' }).click();
    await visible(page.getByRole('heading', { name: 'Data diri' }));
    await countIs(page.getByRole('link', { name: 'Lihat foto (diunduh)' }), 0);
  });

  it('shows the participant page in English too', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('tab', { name: 'Profile', selected: true }));
    await visible(page.locator('.participant-header').getByText('Assessment', { exact: true }));
    await page.getByRole('tab', { name: 'Stages' }).click();
    await visible(page.getByText('Moved to another stage: Intake → Assessment'));
    await page.getByRole('button', { name: 'Indonesia' }).click();
    await visible(page.getByRole('tab', { name: 'Tahapan', selected: true }));
  });

  it('shows the not-found page to a caseworker of Kota Banjarmasin who opens her address', async () => {
    const other = await (await desk()).newPage();
    try {
      await signInThroughForm(other, server, elsewhere);
      await other.goto(`${server.url}/participants/${her.id}`);
      await visible(other.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }));
      expect(await other.locator('main').textContent()).not.toContain(her.code);
      // Her code finds nothing in that caseworker's list either.
      await other.goto(`${server.url}/participants`);
      await other.getByLabel('Kode peserta, nama, atau NIK lengkap').fill(her.code);
      await other.getByRole('button', { name: 'Cari', exact: true }).click();
      await visible(other.getByText(/^Jumlah peserta: 0$/));
    } finally {
      await other.context().close();
    }
  });

  it('a closure asked for by the caseworker waits for the head of section, who approves it', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await page.getByRole('tab', { name: 'Tahapan' }).click();
    await page.getByLabel('Tahap tujuan').selectOption({ label: 'Terminasi' });
    await page.getByLabel('Alasan penutupan').selectOption({ label: 'Mengundurkan diri' });
    await page.getByLabel('Alasan', { exact: true }).fill('Ia memilih bekerja di luar kota.');
    await page.getByRole('button', { name: 'Pindahkan' }).click();
    await visible(page.getByText('Permintaan penutupan terkirim dan menunggu persetujuan Kepala Seksi.'));
    await visible(page.getByRole('heading', { name: 'Penutupan kasus menunggu persetujuan' }));
    await countIs(page.getByRole('button', { name: 'Setujui penutupan' }), 0);
    await countIs(page.getByLabel('Tahap tujuan'), 0);

    const manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    const boss = await (await desk()).newPage();
    try {
      await signInThroughForm(boss, server, manager);
      await boss.goto(`${server.url}/participants/${her.id}`);
      await boss.getByRole('tab', { name: 'Tahapan' }).click();
      await visible(boss.getByText(/Alasan penutupan: Mengundurkan diri/));
      await boss.getByRole('button', { name: 'Setujui penutupan' }).click();
      await visible(boss.getByText('Penutupan disetujui. Kasus sekarang pada tahap Terminasi.'));
      await visible(boss.getByText('Tahap sekarang: Terminasi'));
      await visible(
        boss
          .locator('ol.timeline > li')
          .first()
          .getByText(/^Penutupan disetujui/),
      );
    } finally {
      await boss.context().close();
    }
  });
});
