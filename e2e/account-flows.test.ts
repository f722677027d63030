// Account screens beyond the first journey: forced 2FA enrolment for a new head of section, and an
// administrator editing an account while someone else changes it (If-Match / 412) — the region she adds waits for
// a second person — then deactivating it (which ends the wait).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible, countIs } from './support/browser.ts';

// Skipped only when Chromium is missing on a developer machine; in CI (CI set) it always runs (see SKIP_BROWSER).
describe.skipIf(SKIP_BROWSER)('account flows (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: SeededUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.seedUser('admin', ['63'], 'admin.akun');
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks a new head of section through the password change and then the forced 2FA enrolment', async () => {
    const manager = await server.seedUser('manager', ['6372'], 'kasi.banjarbaru', { asAdminScreen: true });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Nama pengguna').fill(manager.username);
    await page.getByLabel('Kata sandi').fill(manager.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();

    await visible(page.getByRole('heading', { level: 1, name: 'Ganti kata sandi' }));
    // A new password that is too short is stopped before sending, and what was typed stays.
    await page.getByLabel('Kata sandi saat ini').fill(manager.password);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('pendek');
    await page.getByLabel('Ulangi kata sandi baru').fill('pendek');
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await visible(page.getByText('Kata sandi minimal 12 karakter'));
    expect(await page.getByLabel('Kata sandi saat ini').inputValue()).toBe(manager.password);
    const fresh = 'Taman-Van-der-Pijl-Banjarbaru';
    await page.getByLabel('Kata sandi baru', { exact: true }).fill(fresh);
    await page.getByLabel('Ulangi kata sandi baru').fill(fresh);
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();

    await visible(page.getByRole('heading', { level: 1, name: 'Verifikasi dua langkah' }));
    await visible(page.getByText('Peran Anda wajib memakai verifikasi dua langkah'));
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByLabel(/Kode dari aplikasi/).fill('123');
    await page.getByRole('button', { name: 'Aktifkan' }).click();
    await visible(page.getByText('Masukkan tepat 6 angka.'));
    await page.getByLabel(/Kode dari aplikasi/).fill(server.nextCode(secret));
    await page.getByRole('button', { name: 'Aktifkan' }).click();

    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
    await page.getByRole('navigation').getByRole('link', { name: 'Akun' }).click();
    await visible(page.getByText(/^Aktif\. Jika ponsel Anda hilang/));
    await page.getByRole('button', { name: 'Keluar' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
  });

  it('saves edits with If-Match, survives a concurrent change (412) without losing input, and deactivates', async () => {
    const worker = await server.seedUser('caseworker', ['6371'], 'pendamping.edit');
    await signInThroughForm(page, server, admin);
    await page.goto(`${server.url}/users/${worker.id}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Akun pendamping.edit' }));

    // The administrator adds Kota Banjarbaru…
    await page.getByRole('checkbox', { name: 'Kota Banjarbaru' }).check();
    // …while someone else renames the account in another tab.
    const other = await page.evaluate(async (id) => {
      const current = await fetch(`/api/users/${id}`);
      const res = await fetch(`/api/users/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': current.headers.get('etag') ?? '' },
        body: JSON.stringify({ name: 'Nama dari tab lain' }),
      });
      return res.status;
    }, worker.id);
    expect(other).toBe(200);

    await page.getByRole('button', { name: 'Simpan' }).click();
    // The save met the other change: the conflict dialog shows her change beside the latest version.
    const dialog = page.getByRole('dialog', { name: 'Data ini diubah orang lain' });
    await visible(dialog);
    await visible(dialog.getByRole('row').filter({ hasText: 'Kota Banjarbaru' }));
    // She applies her change on top of the latest version: nothing she ticked is lost, nothing of theirs either.
    await dialog.getByRole('button', { name: 'Terapkan perubahan saya' }).click();
    // A region she did not hold gives her more cases to read: it waits for a head of section or Kepala Bidang.
    await visible(page.getByText(/^Tersimpan\. Tambahan aksesnya menunggu persetujuan/));
    await visible(
      page
        .getByRole('definition')
        .filter({ hasText: 'Pekerja sosial / pendamping, wilayah Kota Banjarmasin, Kota Banjarbaru' }),
    );
    await visible(page.getByRole('definition').filter({ hasText: 'Nama dari tab lain' }));
    expect(await page.getByLabel('Nama', { exact: true }).inputValue()).toBe('Nama dari tab lain');
    const saved = await page.evaluate((id) => fetch(`/api/users/${id}`).then((r) => r.json()), worker.id);
    expect(saved).toMatchObject({
      name: 'Nama dari tab lain',
      regions: ['6371'],
      approval: { kind: 'RAISE', regions: ['6371', '6372'] },
    });

    // Deactivation asks first.
    await page.getByRole('button', { name: 'Nonaktifkan akun' }).click();
    await visible(page.getByText('Nonaktifkan akun ini?'));
    await page.getByRole('button', { name: 'Ya, nonaktifkan' }).click();
    await visible(page.getByText('Akun dinonaktifkan.'));
    await visible(page.getByRole('button', { name: 'Aktifkan kembali akun' }));
    // Deactivating ends what waited.
    await countIs(page.getByRole('heading', { name: /Persetujuan orang kedua/ }), 0);
    await visible(page.getByText(/^Permintaan terakhir ditarik/));
    await page.getByRole('link', { name: 'Kembali ke daftar pengguna' }).click();
    await visible(page.getByText(/^Jumlah akun: 3$/));
    await page.getByLabel('Status').selectOption({ label: 'Nonaktif' });
    await visible(page.getByText(/^Jumlah akun: 1$/));
    await visible(page.getByRole('row').filter({ hasText: 'pendamping.edit' }));
    await countIs(page.getByRole('row').filter({ hasText: 'admin.akun' }), 0);
  });

  it('explains a wrong password (401) and a lock-out after repeated failures (429)', async () => {
    const target = await server.seedUser('facilitator', ['6372'], 'fasilitator.kue');
    await page.getByRole('button', { name: 'Keluar' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Masuk' }));
    await page.getByLabel('Nama pengguna').fill(target.username);
    const wrong = page.getByRole('alert').filter({ hasText: 'Nama pengguna atau kata sandi salah.' });
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Kata sandi').fill(`salah-${i}-kata-sandi`);
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await visible(wrong);
    }
    await page.getByLabel('Kata sandi').fill(target.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(
      page.getByRole('alert').filter({ hasText: /Terlalu banyak percobaan yang gagal\. Coba lagi dalam \d+ detik\./ }),
    );
    // Typed input is kept for the next try.
    expect(await page.getByLabel('Nama pengguna').inputValue()).toBe(target.username);
    server.clock.advance(31_000);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
  });

  it('shows the 404 page for an unknown address', async () => {
    await page.goto(`${server.url}/tidak-ada`);
    await visible(page.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }));
    await page.getByRole('link', { name: 'Kembali ke beranda' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Selamat datang/ }));
  });
});
