// The first administrator's journey in Chromium: setup through the one-time link, sign-in with 2FA,
// creating a caseworker — who waits for a second person, approved by Banjarmasin's head of section — who must
// then change the initial password and sees only what she may use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type E2EServer } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible, countIs } from './support/browser.ts';

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)('first administrator journey (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  const admin = {
    username: 'operator.dinsos',
    name: 'Rina Operator',
    password: 'Banjarmasin-kota-seribu-sungai',
    secret: '',
  };
  const caseworker = {
    username: 'pendamping.bjm',
    name: 'Siti Pendamping',
    password: 'awal-Sementara-2026',
    newPassword: 'Pasar-terapung-Lok-Baintan',
  };

  beforeAll(async () => {
    server = await startServer();
    const issued = await server.built.setup.issueToken();
    if (!issued) throw new Error('a fresh database should need setup');
    token = issued;
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates the first administrator through /setup#token=… and lands on home signed in', async () => {
    await page.goto(`${server.url}/setup#token=${token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Penyiapan awal' }));
    // The token leaves the address bar at once.
    expect(page.url()).toBe(`${server.url}/setup`);
    await visible(page.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' }));

    await page.getByLabel('Nama pengguna').fill(admin.username);
    await page.getByLabel(/Nama lengkap/).fill(admin.name);
    await page.getByLabel('Kata sandi', { exact: true }).fill(admin.password);
    await page.getByLabel('Ulangi kata sandi').fill(admin.password);
    admin.secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(admin.secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel(/Kode dari aplikasi/).fill(server.nextCode(admin.secret));
    await page.getByRole('button', { name: 'Buat administrator' }).click();

    await visible(page.getByRole('heading', { level: 1, name: `Selamat datang, ${admin.name}` }));
    expect(new URL(page.url()).pathname).toBe('/');
    await visible(page.getByRole('navigation').getByRole('link', { name: 'Pengguna' }));
    // No caseload, so no dashboard: neither in the menu nor as a card on the home page.
    await countIs(page.getByRole('navigation').getByRole('link', { name: 'Dasbor' }), 0);
    await countIs(page.getByRole('main').getByRole('link', { name: /Dasbor/ }), 0);
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
    expect(me.user).toMatchObject({ username: admin.username, role: 'admin', mfaEnabled: true });
  });

  it('refuses the same setup link afterwards, on the page and in the API', async () => {
    await page.goto(`${server.url}/setup#token=${token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Penyiapan awal sudah selesai' }));
    await countIs(page.getByLabel('Nama pengguna'), 0);

    const answer = await page.evaluate(async (tok) => {
      const res = await fetch('/api/setup', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          token: tok,
          username: 'second.admin',
          password: 'another-long-password',
          totpSecret: 'JBSWY3DPEHPK3PXP',
          totp: '123456',
        }),
      });
      return { status: res.status, body: await res.json() };
    }, token);
    expect(answer.status).not.toBe(201);
    expect(['setup_not_available', 'setup_token_invalid']).toContain(answer.body.error.code);
  });

  it('signs out, then signs in with password and then the 2FA code', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    await visible(page.getByText('Anda sudah keluar.'));

    await page.getByLabel('Nama pengguna').fill(admin.username);
    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    // Password accepted: the code is asked for next, and the typed username stays.
    const code = page.getByLabel(/Kode verifikasi/);
    await visible(code);
    await expect(page.getByLabel('Nama pengguna').inputValue()).resolves.toBe(admin.username);
    await expect(code.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // A wrong code is refused with a message, then the right one lets the administrator in.
    await code.fill('000000');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Kode salah' }));

    await code.fill(server.nextCode(admin.secret));
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
  });

  it('creates a caseworker for Kota Banjarmasin; she must change her password and does not see Pengguna', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Pengguna' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Pengguna' }));
    await page.getByRole('link', { name: 'Tambah pengguna' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Tambah pengguna' }));

    // Submitting an empty form shows field errors and sends nothing.
    await page.getByRole('button', { name: 'Buat akun' }).click();
    await visible(page.getByText('Pilih minimal satu wilayah.'));

    await page.getByLabel('Nama pengguna').fill(caseworker.username);
    await page.getByLabel(/Nama lengkap/).fill(caseworker.name);
    await page.getByLabel('Peran').selectOption({ label: 'Pekerja sosial / pendamping' });
    await page.getByRole('checkbox', { name: 'Kota Banjarmasin' }).check();
    await page.getByLabel('Kata sandi awal').fill(caseworker.password);
    await page.getByRole('button', { name: 'Buat akun' }).click();

    await visible(page.getByRole('heading', { level: 1, name: `Akun ${caseworker.username}` }));
    // She reads cases: she waits for a second person, and in a new installation nobody can approve her yet.
    await visible(page.getByText(/^Akun sudah dibuat dan menunggu persetujuan/));
    await visible(page.getByText(/^Belum ada Kepala Seksi atau Kepala Bidang aktif/));
    await page.getByRole('link', { name: 'Kembali ke daftar pengguna' }).click();
    const row = page.getByRole('row').filter({ hasText: caseworker.username });
    await visible(row);
    expect(await row.textContent()).toContain('Kota Banjarmasin');
    expect(await row.textContent()).toContain('Menunggu persetujuan: Pekerja sosial / pendamping');

    // Banjarmasin's head of section (made on the server) approves her from her work queue.
    const kasi = await server.seedUser('manager', ['6371'], 'kasi.bjm');
    const kasiPage = await (await browser.newContext()).newPage();
    await signInThroughForm(kasiPage, server, kasi);
    await kasiPage.getByRole('button', { name: `Setujui akun ${caseworker.username}` }).click();
    await visible(kasiPage.getByText(`Akun ${caseworker.username} disetujui.`));
    await kasiPage.context().close();

    // Her first sign-in: the initial password works only to choose her own.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    await page.getByLabel('Nama pengguna').fill(caseworker.username);
    await page.getByLabel('Kata sandi').fill(caseworker.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ganti kata sandi' }));
    await countIs(page.getByRole('navigation'), 0);

    await page.getByLabel('Kata sandi saat ini').fill(caseworker.password);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill(caseworker.newPassword);
    await page.getByLabel('Ulangi kata sandi baru').fill(caseworker.newPassword);
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();

    await visible(page.getByRole('heading', { level: 1, name: `Selamat datang, ${caseworker.name}` }));
    expect(new URL(page.url()).pathname).toBe('/');
    const nav = page.getByRole('navigation', { name: 'Menu utama' });
    await visible(nav.getByRole('link', { name: 'Beranda' }));
    await visible(nav.getByRole('link', { name: 'Akun' }));
    await countIs(nav.getByRole('link', { name: 'Pengguna' }), 0);
    await countIs(nav.getByRole('link', { name: 'Log audit' }), 0);

    // Typing the address is no way round it either.
    await page.goto(`${server.url}/users`);
    await visible(page.getByRole('heading', { level: 1, name: 'Tidak diizinkan' }));
  });
});
