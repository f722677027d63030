// Casework in Chromium: an outreach worker of Kota Banjarbaru records contacts on a 360 px phone with a few
// taps (no name, NIK or address field exists), a reload in the middle keeps what was typed, and a lost answer
// retried never records the contact twice; a caseworker completes an assessment (versions, what changed) and an
// intervention plan, the head of section approves it; a referral without her sharing consent is refused in
// words; axe-core finds no serious or critical problems on the outreach page and the assessment and plan tabs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { OFFICE_ZONE, todayIn } from '../src/shared/calendar.ts';
import {
  horizontalOverflow,
  launchBrowser,
  SHOT_DIR,
  signInThroughForm,
  SKIP_BROWSER,
  visible,
  countIs,
} from './support/browser.ts';

/** Today in WITA, as the form's default (the browser runs on this machine's clock). */
/** Today in WITA by the server's clock (not the machine's: after 16.00 UTC the machine is already on tomorrow). */
let todayWita: () => string;

describe.skipIf(SKIP_BROWSER)('casework (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let caseworker: SeededUser;
  let manager: SeededUser;
  const her = { id: '', code: '' };

  beforeAll(async () => {
    server = await startServer();
    todayWita = () => todayIn(OFFICE_ZONE, server.clock.now());
    caseworker = await server.seedUser('caseworker', ['6372'], 'penjangkau.bjb');
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    browser = await launchBrowser();
    page = await (await desk()).newPage();
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    await signInThroughForm(page, server, caseworker);
    // A participant who came through a Satpol PP referral (so every trafficking indicator must be answered),
    // registered through the API as the registration form has its own tests.
    const created = await page.evaluate(async () => {
      const res = await fetch('/api/participants', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          regionCode: '6372',
          category: 'PENYINTAS_TPPO',
          referralSource: 'SATPOL_PP',
          participationBasis: 'SUKARELA',
          identity: {
            fullName: 'Rusmiati Handayani',
            preferredName: 'Rus',
            noNikReason: 'LOST',
            birthDate: '1995-03-14',
            sex: 'F',
          },
          consents: ['PARTICIPATION', 'DATA_PROCESSING'].map((purpose) => ({
            purpose,
            method: 'SIGNED_FORM',
            explainedBy: 'penjangkau.bjb',
            language: 'id',
            givenAt: '2026-11-28',
          })),
        }),
      });
      return { status: res.status, body: (await res.json()) as { id: string; code: string } };
    });
    expect(created.status).toBe(201);
    her.id = created.body.id;
    her.code = created.body.code;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  const group = (p: Page, name: string | RegExp) => p.getByRole('group', { name, exact: typeof name === 'string' });
  const choose = (p: Page, groupName: string | RegExp, option: string) =>
    group(p, groupName).getByRole('radio', { name: option, exact: true }).check();

  /** A desktop browser context whose clock shows the server's time. */
  async function desk() {
    const ctx = await browser.newContext();
    await ctx.clock.setFixedTime(server.clock.now());
    return ctx;
  }

  async function phonePage(): Promise<Page> {
    const ctx = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    // The browser's "today" (default dates in forms) must be the server's.
    await ctx.clock.setFixedTime(server.clock.now());
    return ctx.newPage();
  }

  it('records an outreach contact on a 360 px phone in a few taps; a reload keeps the draft; a retry after a lost answer saves it once', async () => {
    const phone = await phonePage();
    try {
      await signInThroughForm(phone, server, caseworker);
      // On a phone, outreach is in the menu behind the top bar's Menu button.
      const nav = phone.getByRole('navigation', { name: 'Menu utama' });
      await nav.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Penjangkauan' }).click();
      await visible(phone.getByRole('heading', { level: 1, name: 'Penjangkauan' }));
      const form = phone.locator('form', { has: phone.getByRole('heading', { name: 'Catat kontak' }) });
      await visible(form);

      // No identity can be entered: no name, NIK, address, phone or birth date field anywhere on the form.
      const names = await form
        .locator('input, select, textarea')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
      expect(names.length).toBeGreaterThan(10);
      for (const n of names) expect(n).not.toMatch(/full|name|nik|address|alamat|phone|telepon|birth/i);
      await countIs(form.getByLabel(/nama lengkap|NIK|alamat|telepon|tanggal lahir/i), 0);
      // Today (WITA, written as people write it) and her only region are already filled in.
      expect(await phone.getByLabel('Tanggal kontak').inputValue()).toBe(todayWita().split('-').reverse().join('/'));
      expect(await phone.getByLabel('Wilayah (kabupaten/kota)').inputValue()).toBe('6372');

      // A few taps…
      await choose(phone, /^Jenis tempat/, 'Warung / kafe');
      await choose(phone, 'Jalur kontak', 'Penjangkauan langsung');
      await phone.getByLabel('Nama samaran (tidak wajib)').fill('Mawar');
      await group(phone, 'Topik yang dibicarakan').getByRole('checkbox', { name: 'Kesehatan' }).check();
      // The "came of her own will" question appears only for the police and Satpol PP.
      await countIs(group(phone, 'Apakah ia datang atas kemauannya sendiri?'), 0);
      await choose(phone, 'Jalur kontak', 'Satpol PP');
      await visible(group(phone, 'Apakah ia datang atas kemauannya sendiri?'));
      await choose(phone, 'Jalur kontak', 'Penjangkauan langsung');
      await countIs(group(phone, 'Apakah ia datang atas kemauannya sendiri?'), 0);

      // …then the page reloads in the middle of typing: everything comes back.
      await phone.waitForFunction(() =>
        Object.keys(localStorage).some(
          (k) => k.startsWith('berdaya.outreach-draft') && localStorage.getItem(k)!.includes('Mawar'),
        ),
      );
      await phone.reload();
      await visible(phone.getByText('Isian yang belum terkirim dipulihkan dari perangkat ini.'));
      expect(await phone.getByLabel('Nama samaran (tidak wajib)').inputValue()).toBe('Mawar');
      expect(
        await group(phone, /^Jenis tempat/)
          .getByRole('radio', { name: 'Warung / kafe' })
          .isChecked(),
      ).toBe(true);
      expect(await group(phone, 'Jalur kontak').getByRole('radio', { name: 'Penjangkauan langsung' }).isChecked()).toBe(
        true,
      );
      expect(
        await group(phone, 'Topik yang dibicarakan').getByRole('checkbox', { name: 'Kesehatan' }).isChecked(),
      ).toBe(true);

      await group(phone, 'Bahan yang diberikan').getByRole('checkbox', { name: 'Brosur' }).check();
      await choose(phone, 'Minat terhadap program', 'Tinggi');
      // After a decline no next contact is offered, unless she asked for one.
      await choose(phone, 'Hasil kontak', 'Menolak');
      await countIs(phone.getByLabel('Rencana kontak berikutnya (tidak wajib)'), 0);
      await phone.getByRole('checkbox', { name: 'Dia minta dihubungi lagi' }).check();
      await visible(phone.getByLabel('Rencana kontak berikutnya (tidak wajib)'));
      await choose(phone, 'Hasil kontak', 'Tertarik');
      await phone.getByLabel('Rencana kontak berikutnya (tidak wajib)').fill('2026-12-05');
      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'outreach-form-360.png'), fullPage: true });
      await phone.getByRole('button', { name: 'Simpan kontak' }).click();
      await visible(phone.getByText('Kontak tersimpan.'));

      // The draft is gone, the form is empty again, and the contact is in the list.
      expect(await phone.getByLabel('Nama samaran (tidak wajib)').inputValue()).toBe('');
      expect(
        await phone.evaluate(() =>
          Object.keys(localStorage).filter(
            (k) => k.startsWith('berdaya.outreach-draft') && localStorage.getItem(k)!.includes('Mawar'),
          ),
        ),
      ).toEqual([]);
      const contact = phone
        .getByRole('list', { name: 'Kontak terakhir, terbaru di atas' })
        .getByRole('listitem')
        .first();
      await visible(contact.getByRole('heading', { name: /Mawar/ }));
      const text = (await contact.textContent()) ?? '';
      for (const s of [
        'Kota Banjarbaru',
        'Warung / kafe',
        'Penjangkauan langsung',
        'Tinggi',
        'Tertarik',
        'Kesehatan',
        'Brosur',
        '5 Desember 2026',
      ])
        expect(text).toContain(s);
      const prospect = phone.getByRole('row').filter({ hasText: 'Mawar' });
      await visible(prospect.getByRole('link', { name: 'Daftarkan Mawar sebagai peserta' }));
      await visible(phone.locator('table.small-table').getByRole('row').filter({ hasText: 'Kota Banjarbaru' }));

      // A second contact whose answer is lost on the way back: the form keeps it and says so; sending again
      // (same Idempotency-Key) records it once.
      await choose(phone, /^Jenis tempat/, 'Jalan / ruang terbuka');
      await choose(phone, 'Jalur kontak', 'Penjangkauan langsung');
      await phone.getByLabel('Nama samaran (tidak wajib)').fill('Melati');
      await choose(phone, 'Minat terhadap program', 'Rendah');
      await choose(phone, 'Hasil kontak', 'Belum sekarang');
      let lost = 0;
      await phone.route('**/api/outreach', async (route) => {
        if (route.request().method() === 'POST' && lost === 0) {
          lost++;
          await route.fetch(); // the server records it…
          await route.abort('connectionreset'); // …but the answer never arrives
        } else {
          await route.continue();
        }
      });
      await phone.getByRole('button', { name: 'Simpan kontak' }).click();
      const alert = phone.getByRole('alert').filter({ hasText: 'Tidak dapat terhubung ke server' });
      await visible(alert);
      await visible(alert.getByText(/Isian tetap ada di perangkat ini/));
      expect(await phone.getByLabel('Nama samaran (tidak wajib)').inputValue()).toBe('Melati');
      await phone.reload();
      await visible(phone.getByText('Isian yang belum terkirim dipulihkan dari perangkat ini.'));
      await phone.getByRole('button', { name: 'Simpan kontak' }).click();
      await visible(phone.getByText('Kontak tersimpan.'));
      expect(lost).toBe(1);
      const all = await phone.evaluate(() =>
        fetch('/api/outreach?limit=100').then((r) => r.json() as Promise<{ items: { alias: string | null }[] }>),
      );
      expect(all.items.filter((o) => o.alias === 'Melati')).toHaveLength(1);
      expect(all.items.filter((o) => o.alias === 'Mawar')).toHaveLength(1);

      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'outreach-360.png'), fullPage: true });
      // No full name anywhere on the outreach page.
      expect(await phone.locator('main').textContent()).not.toContain('Rusmiati');
      // Alerts are for the head of section only.
      await countIs(phone.getByRole('heading', { name: 'Peringatan' }), 0);
    } finally {
      await phone.context().close();
    }
  });

  it('a caseworker completes an assessment and a plan; the head of section approves the plan', async () => {
    await page.goto(`${server.url}/participants/${her.id}`);
    await visible(page.getByRole('heading', { level: 1, name: her.code }));
    await page.getByRole('tab', { name: 'Asesmen' }).click();
    await visible(page.getByText('Belum ada asesmen.'));
    await page.getByRole('button', { name: 'Isi asesmen' }).click();
    // Only the optional last section (strengths) counts as complete before anything is answered.
    await visible(page.getByText('1 dari 8 bagian lengkap'));

    // 1 Tempat tinggal
    await choose(page, 'Tempat tinggal sekarang', 'Bersama keluarga');
    await choose(page, 'Masih berhubungan dengan keluarga?', 'Ya');
    await choose(page, 'Keluarga menerimanya?', 'Tidak tahu');
    await visible(page.getByText('2 dari 8 bagian lengkap'));
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 2 Kesehatan: without consent to health data no test result can be kept.
    await visible(page.getByRole('heading', { name: 'Kesehatan', level: 4 }));
    await visible(page.getByText(/Hasil tes hanya dicatat bila ia menyetujui penyimpanan data kesehatan/));
    await choose(page, 'Bisa berobat ke layanan kesehatan?', 'Ya');
    await choose(page, 'Punya BPJS Kesehatan / KIS?', 'Tidak');
    await choose(page, 'Tes kesehatan sukarela (misalnya HIV)', 'Dirujuk untuk tes');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 3 Ekonomi
    await page.getByLabel('Penghasilan per bulan (rupiah)').fill('1.500.000');
    expect(await page.getByLabel('Penghasilan per bulan (rupiah)').inputValue()).toBe('Rp 1.500.000');
    await page.getByLabel('Utang (rupiah)').fill('0');
    await page.getByLabel('Jumlah tanggungan (orang)').fill('2');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 4 Pendidikan
    await choose(page, 'Pendidikan terakhir', 'SMP / sederajat');
    await page.getByLabel('Keterampilan yang dimiliki (tidak wajib)').fill('memasak, menjahit');
    await page.getByLabel('Keterampilan yang ingin dipelajari (tidak wajib)').fill('tata boga');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 5 SRQ-20: the score counts as she answers.
    await visible(page.getByText('Skor SRQ-20 sementara: 0 dari 20'));
    const yes = new Set([1, 3, 5, 8, 9, 12, 18]);
    for (let n = 1; n <= 20; n++) {
      await group(page, new RegExp(`^${n}\\. `))
        .getByRole('radio', { name: yes.has(n) ? 'Ya' : 'Tidak', exact: true })
        .check();
    }
    await visible(page.getByText('Skor SRQ-20 sementara: 7 dari 20'));
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 6 Trafficking: required for her (Satpol PP referral). Trying to save without it goes back there.
    await visible(page.getByText('Wajib dijawab semua: peserta datang melalui razia atau rujukan polisi / Satpol PP.'));
    await page.getByRole('button', { name: /Kekuatan/ }).click();
    await page.getByLabel('Tingkat risiko yang Anda tetapkan').selectOption({ label: 'Sedang' });
    await page.getByRole('button', { name: 'Simpan asesmen' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Lengkapi dulu: Indikator perdagangan orang, Keamanan.' }));
    await visible(page.getByRole('heading', { name: 'Indikator perdagangan orang', level: 4 }));
    for (const indicator of [
      'Ditipu soal pekerjaan atau syaratnya',
      'Dibatasi geraknya atau tidak boleh pergi',
      'KTP atau dokumen lain ditahan orang lain',
      'Upah ditahan atau tidak dibayar',
      'Diancam (dirinya atau keluarganya)',
      'Mengalami kekerasan fisik atau seksual',
      'Dijauhkan dari keluarga atau orang lain',
      'Kondisi kerja atau hidup yang merendahkan',
    ]) {
      await choose(page, indicator, 'Tidak');
    }
    await choose(page, 'Dijerat utang', 'Ya');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 7 Keamanan
    await group(page, 'Risiko keamanan saat ini')
      .getByRole('checkbox', { name: 'Tidak ada risiko yang diketahui' })
      .check();
    await page.getByRole('button', { name: 'Lanjut' }).click();
    // 8 Kekuatan, then save with the risk level she set.
    await page.getByLabel('Kekuatan dan harapannya (tidak wajib)').fill('Pandai memasak; kakaknya mendukung.');
    await visible(page.getByText('8 dari 8 bagian lengkap'));
    await page.getByRole('button', { name: 'Simpan asesmen' }).click();
    await visible(page.getByText('Asesmen versi 1 tersimpan.'));
    await visible(page.getByText('Skor SRQ-20: 7 dari 20 (ambang 6)'));
    // A trafficking indicator answered yes: the system proposes "high", different from "medium".
    expect(await page.getByTestId('proposed-risk').textContent()).toBe('Tinggi');
    await visible(page.getByText(/Usulan sistem berbeda dengan tingkat yang Anda tetapkan/));
    await page.getByLabel('Tetapkan ulang tingkat risiko').selectOption({ label: 'Tinggi' });
    await page.getByRole('button', { name: 'Simpan penetapan' }).click();
    await visible(page.getByText('Asesmen versi 2 tersimpan.'));

    // A new version starts from the latest answers; what changed is shown per version.
    await page.getByRole('button', { name: 'Buat versi baru' }).click();
    await page.getByRole('button', { name: /Ekonomi/ }).click();
    expect(await page.getByLabel('Penghasilan per bulan (rupiah)').inputValue()).toBe('Rp 1.500.000');
    await page.getByLabel('Jumlah tanggungan (orang)').fill('3');
    await page.getByRole('button', { name: /Kekuatan/ }).click();
    await page.getByLabel('Tingkat risiko yang Anda tetapkan').selectOption({ label: 'Tinggi' });
    await page.getByRole('button', { name: 'Simpan asesmen' }).click();
    await visible(page.getByText('Asesmen versi 3 tersimpan.'));
    const versions = page.getByRole('list', { name: 'Versi asesmen, terbaru di atas' });
    await countIs(versions.getByRole('listitem'), 3);
    await versions.getByRole('button', { name: 'Lihat versi 3' }).click();
    await visible(versions.getByText('Ekonomi: Jumlah tanggungan (orang)'));
    const change = versions.locator('ul.changes li').first();
    expect(await change.textContent()).toBe('Ekonomi: Jumlah tanggungan (orang): 2 → 3');
    const detail = versions.locator('dl.answers');
    await visible(detail.getByText('Pendidikan & keterampilan: Pendidikan terakhir'));
    await visible(detail.getByText('SMP / sederajat'));
    await visible(detail.getByText('Rp 1.500.000'));
    await countIs(versions.getByRole('button', { name: /sudah ditinjau/ }), 0);

    // The intervention plan: two goals (one therapy with its kind), a case conference; saved as a draft.
    await page.getByRole('tab', { name: 'Rencana' }).click();
    await visible(page.getByText('Belum ada rencana intervensi.'));
    await page.getByRole('button', { name: 'Susun rencana' }).click();
    const goal1 = group(page, 'Tujuan 1');
    await goal1.getByLabel('Tujuan', { exact: true }).fill('Mengikuti pelatihan tata boga sampai lulus.');
    await goal1
      .getByLabel('Komponen layanan (ATENSI)')
      .selectOption({ label: 'Pelatihan vokasi dan pembinaan kewirausahaan' });
    await countIs(goal1.getByLabel('Jenis terapi'), 0);
    await goal1
      .getByLabel('Penanggung jawab (staf)')
      .selectOption({ label: 'penjangkau.bjb (Pekerja sosial / pendamping)' });
    await goal1.getByLabel('Target selesai').fill('2027-03-31');
    await page.getByRole('button', { name: 'Tambah tujuan' }).click();
    const goal2 = group(page, 'Tujuan 2');
    await goal2.getByLabel('Tujuan', { exact: true }).fill('Konseling kelompok setiap Jumat.');
    await goal2.getByLabel('Komponen layanan (ATENSI)').selectOption({ label: 'Terapi' });
    await goal2.getByLabel('Jenis terapi').selectOption({ label: 'Psikososial' });
    await goal2.getByLabel('Target selesai').fill('2027-02-28');
    await page.getByRole('checkbox', { name: 'Ada temu bahas kasus' }).check();
    await page.getByLabel('Yang hadir').fill('Pekerja sosial\nPsikolog\nKepala Seksi');
    await page.getByRole('button', { name: 'Simpan rencana' }).click();
    await visible(page.getByText('Rencana tersimpan sebagai draf. Kepala Seksi perlu menyetujuinya.'));
    expect(await page.getByTestId('plan-status').textContent()).toBe('Draf, menunggu persetujuan Kepala Seksi');
    await visible(page.getByText('Konseling kelompok setiap Jumat.'));
    await visible(page.getByText('Terapi (Psikososial)'));
    await visible(page.getByRole('link', { name: 'Unduh rencana (PDF)' }));
    // Only the head of section approves.
    await countIs(page.getByRole('button', { name: 'Setujui rencana' }), 0);

    const boss = await (await desk()).newPage();
    try {
      await signInThroughForm(boss, server, manager);
      await boss.goto(`${server.url}/participants/${her.id}`);
      await boss.getByRole('tab', { name: 'Asesmen' }).click();
      await boss.getByRole('button', { name: 'Tandai versi 3 sudah ditinjau' }).click();
      await visible(boss.getByText('Asesmen versi 3 ditandai sudah ditinjau.'));
      await boss.getByRole('tab', { name: 'Rencana' }).click();
      await boss.getByRole('button', { name: 'Setujui rencana' }).click();
      await visible(boss.getByText('Rencana disetujui.'));
      expect(await boss.getByTestId('plan-status').textContent()).toBe('Disetujui');
      await visible(boss.getByText(/Disetujui oleh kasi\.rehsos/));
    } finally {
      await boss.context().close();
    }

    // The caseworker sees it approved.
    await page.reload();
    await page.getByRole('tab', { name: 'Rencana' }).click();
    await visible(page.getByTestId('plan-status'));
    expect(await page.getByTestId('plan-status').textContent()).toBe('Disetujui');
    const plan = await page.evaluate((id) => fetch(`/api/participants/${id}/case-plan`).then((r) => r.json()), her.id);
    expect(plan).toMatchObject({
      status: 'APPROVED',
      items: [{ component: 'VOKASI_USAHA' }, { component: 'TERAPI', subtype: 'PSIKOSOSIAL' }],
    });
  });

  it('the head of section adds a partner; a referral needs her sharing consent (refused in words without it) and is blocked when she withdraws it', async () => {
    // A contact through Satpol PP with someone who did not come of her own will alerts the head of section.
    const raid = await page.evaluate(async (contactDate) => {
      const res = await fetch('/api/outreach', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          contactDate,
          regionCode: '6372',
          placeKind: 'PENGINAPAN',
          channel: 'SATPOL_PP',
          interestLevel: 'LOW',
          outcome: 'NOT_NOW',
          cameVoluntarily: 'NO',
        }),
      });
      return res.status;
    }, todayWita());
    expect(raid).toBe(201);

    const boss = await (await desk()).newPage();
    try {
      await signInThroughForm(boss, server, manager);
      await boss.goto(`${server.url}/outreach`);
      const alerts = boss.getByRole('region', { name: 'Peringatan' });
      await visible(alerts.getByText(/orangnya mungkin tidak datang atas kemauannya sendiri/));
      await visible(alerts.getByText(/Kota Banjarbaru/));
      await boss.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Mitra' }).click();
      await visible(boss.getByRole('heading', { level: 1, name: 'Mitra' }));
      await boss.getByRole('button', { name: 'Tambah mitra' }).click();
      await boss.getByLabel('Nama lembaga').fill('Puskesmas Guntung Payung');
      await boss.getByLabel('Jenis mitra').selectOption({ label: 'Puskesmas' });
      await visible(boss.getByText('Perlu persetujuan: Berbagi dengan layanan kesehatan'));
      await boss.getByLabel('Wilayah', { exact: true }).selectOption({ label: 'Kota Banjarbaru' });
      await boss.getByRole('button', { name: 'Tambah narahubung' }).click();
      await boss.getByLabel('Nama', { exact: true }).fill('dr. Rina');
      await boss.getByRole('button', { name: 'Simpan mitra' }).click();
      await visible(boss.getByText('Mitra ditambahkan.'));
      await visible(boss.getByRole('row').filter({ hasText: 'Puskesmas Guntung Payung' }).getByText('dr. Rina'));
    } finally {
      await boss.context().close();
    }

    await page.goto(`${server.url}/participants/${her.id}`);
    await page.getByRole('tab', { name: 'Rujukan' }).click();
    await visible(page.getByText('Belum ada rujukan.'));
    await page.getByLabel('Mitra tujuan').selectOption({ label: 'Puskesmas Guntung Payung (Puskesmas)' });
    await visible(
      page.getByTestId('referral-consent').getByText('Peserta belum memberikan persetujuan ini.', { exact: false }),
    );
    await page.getByLabel('Alasan rujukan').fill('Pemeriksaan kesehatan rutin.');
    await group(page, /^Data yang dibagikan/)
      .getByRole('checkbox', { name: 'Nama lengkap' })
      .check();
    await page.getByRole('button', { name: 'Kirim rujukan' }).click();
    const refused = page.getByRole('alert').filter({
      hasText: 'peserta belum menyetujui berbagi data dengan jenis mitra ini (Berbagi dengan layanan kesehatan)',
    });
    await visible(refused);
    await refused.getByRole('button', { name: 'Buka tab Persetujuan' }).click();
    await visible(page.getByRole('tab', { name: 'Persetujuan', selected: true }));

    // With her consent recorded, the referral goes; the partner's answer is recorded; the letter is offered.
    await page.getByLabel('Persetujuan untuk').selectOption({ label: 'Berbagi dengan layanan kesehatan' });
    await page.getByLabel('Cara persetujuan diberikan').selectOption({ label: 'Tanda tangan di formulir' });
    await page.getByRole('button', { name: 'Simpan persetujuan' }).click();
    await visible(page.getByText('Persetujuan tersimpan.'));
    await page.getByRole('tab', { name: 'Rujukan' }).click();
    await page.getByLabel('Mitra tujuan').selectOption({ label: 'Puskesmas Guntung Payung (Puskesmas)' });
    await visible(page.getByTestId('referral-consent').getByText('Persetujuan ini sudah diberikan.'));
    await page.getByLabel('Alasan rujukan').fill('Pemeriksaan kesehatan rutin.');
    await group(page, /^Data yang dibagikan/)
      .getByRole('checkbox', { name: 'Nama lengkap' })
      .check();
    await page.getByRole('button', { name: 'Kirim rujukan' }).click();
    await visible(page.getByText('Rujukan tercatat.'));
    const referral = page.getByRole('list', { name: 'Daftar rujukan' }).getByRole('listitem').first();
    await visible(referral.getByText('Terkirim', { exact: true }));
    await visible(referral.getByRole('link', { name: 'Unduh surat rujukan (PDF)' }));
    await referral.getByLabel('Status baru').selectOption({ label: 'Diterima mitra' });
    await referral.getByRole('button', { name: 'Simpan status' }).click();
    await visible(page.getByText('Status rujukan diperbarui.'));
    await visible(referral.getByText('Diterima mitra', { exact: true }));

    // She withdraws that consent: the referral is blocked, said in words, with no letter and no status form.
    await page.getByRole('tab', { name: 'Persetujuan' }).click();
    const consent = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /^Berbagi dengan layanan kesehatan/ }) });
    await consent.getByRole('button', { name: 'Cabut persetujuan' }).click();
    await page.getByRole('button', { name: 'Ya, cabut' }).click();
    await visible(page.getByText('Persetujuan dicabut.'));
    await page.getByRole('tab', { name: 'Rujukan' }).click();
    await visible(referral.getByText('Diblokir', { exact: true }));
    await visible(referral.getByText(/Peserta mencabut persetujuan berbagi data untuk layanan ini/));
    await countIs(referral.getByRole('link', { name: 'Unduh surat rujukan (PDF)' }), 0);
    await countIs(referral.getByLabel('Status baru'), 0);
  });

  it('has no serious or critical axe violations on outreach, the assessment tab and the plan tab; no sideways scroll at 360 px', async () => {
    await page.goto(`${server.url}/outreach`);
    await visible(page.getByRole('heading', { level: 1, name: 'Penjangkauan' }));
    await visible(page.getByRole('list', { name: 'Kontak terakhir, terbaru di atas' }));
    expect(await seriousViolations(page), 'outreach').toEqual([]);
    // With errors shown.
    await page.getByRole('button', { name: 'Simpan kontak' }).click();
    await visible(page.getByText('Pilih jenis tempat.'));
    expect(await seriousViolations(page), 'outreach with errors').toEqual([]);

    await page.goto(`${server.url}/participants/${her.id}`);
    await page.getByRole('tab', { name: 'Asesmen' }).click();
    await visible(page.getByRole('list', { name: 'Versi asesmen, terbaru di atas' }));
    await page.getByRole('button', { name: 'Lihat versi 3' }).click();
    expect(await seriousViolations(page), 'assessment versions').toEqual([]);
    await page.getByRole('button', { name: 'Buat versi baru' }).click();
    await visible(page.getByRole('heading', { name: 'Tempat tinggal', level: 4 }));
    expect(await seriousViolations(page), 'assessment form').toEqual([]);
    await page.getByRole('button', { name: /SRQ-20/ }).click();
    await visible(page.getByText(/Skor SRQ-20 sementara/));
    expect(await seriousViolations(page), 'assessment SRQ-20').toEqual([]);

    await page.getByRole('tab', { name: 'Rencana' }).click();
    await visible(page.getByTestId('plan-status'));
    expect(await seriousViolations(page), 'plan').toEqual([]);
    await page.getByRole('button', { name: 'Ubah rencana' }).click();
    await visible(group(page, 'Tujuan 1'));
    expect(await seriousViolations(page), 'plan editor').toEqual([]);

    const phone = await phonePage();
    try {
      await signInThroughForm(phone, server, caseworker);
      await phone.goto(`${server.url}/participants/${her.id}`);
      await phone.getByRole('tab', { name: 'Asesmen' }).click();
      await phone.getByRole('button', { name: 'Buat versi baru' }).click();
      await phone.getByRole('button', { name: /SRQ-20/ }).click();
      await visible(phone.getByText(/Skor SRQ-20 sementara/));
      expect(await horizontalOverflow(phone), 'assessment').toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'assessment-360.png'), fullPage: true });
      await phone.getByRole('tab', { name: 'Rencana' }).click();
      await visible(phone.getByTestId('plan-status'));
      expect(await horizontalOverflow(phone), 'plan').toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'plan-360.png'), fullPage: true });
      await phone.getByRole('button', { name: 'Ubah rencana' }).click();
      await visible(group(phone, 'Tujuan 1'));
      expect(await horizontalOverflow(phone), 'plan editor').toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'plan-edit-360.png'), fullPage: true });
      await phone.getByRole('tab', { name: 'Rujukan' }).click();
      await visible(phone.getByRole('heading', { name: 'Rujukan', level: 2 }));
      expect(await horizontalOverflow(phone), 'referrals').toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'referrals-360.png'), fullPage: true });
      await phone.goto(`${server.url}/partners`);
      await visible(phone.getByRole('row').filter({ hasText: 'Puskesmas Guntung Payung' }));
      expect(await horizontalOverflow(phone), 'partners').toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SHOT_DIR, 'partners-360.png'), fullPage: true });
    } finally {
      await phone.context().close();
    }
  });

  it('shows the casework screens in English too, with no untranslated keys', async () => {
    await page.goto(`${server.url}/outreach`);
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Outreach' }));
    await visible(page.getByRole('heading', { name: 'Record a contact' }));
    await visible(page.getByRole('heading', { name: 'Contacts per region per month' }));
    expect(await page.locator('main').textContent()).not.toMatch(/casework\.|Penjangkauan langsung|Kontak/);
    await page.goto(`${server.url}/participants/${her.id}`);
    for (const [tab, heading] of [
      ['Assessment', 'Assessment versions'],
      ['Plan', 'Intervention plan'],
      ['Referrals', 'Referrals'],
    ] as const) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await visible(page.getByRole('heading', { name: heading, exact: true }));
      expect(await page.getByRole('tabpanel', { name: tab }).textContent(), tab).not.toMatch(/casework\./);
    }
    await visible(page.getByText('Blocked', { exact: true }));
    await page.getByRole('button', { name: 'Indonesia' }).click();
    await visible(page.getByRole('tab', { name: 'Rujukan', selected: true }));
  });
});
