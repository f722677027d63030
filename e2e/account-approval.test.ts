// A second person for accounts that read cases, in Chromium: the administrator makes a caseworker, who waits and
// cannot sign in; the Users screens say so and name who may approve; Banjarmasin's head of section approves her
// from her work queue and refuses another with a reason; the caseworker then signs in. axe-core finds no serious
// problem on the account's page or on the head of section's start page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible, countIs } from './support/browser.ts';

describe.skipIf(SKIP_BROWSER)('an account that reads cases waits for a second person (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: SeededUser;
  let kasi: SeededUser;
  let adminPage: Page;
  const worker = { username: 'pendamping.baru', name: 'Nur Pendamping', password: 'awal-Sementara-2026-bjm' };

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  async function context(): Promise<BrowserContext> {
    const c = await browser.newContext();
    await c.clock.setFixedTime(server.clock.now());
    return c;
  }

  beforeAll(async () => {
    server = await startServer();
    admin = await server.seedUser('admin', ['63'], 'admin.akun');
    kasi = await server.seedUser('manager', ['6371'], 'kasi.bjm');
    await server.seedUser('manager', ['6372'], 'kasi.bjb');
    browser = await launchBrowser();
    adminPage = await (await context()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the administrator makes a caseworker: she waits, the screens say for whom, and she cannot sign in', async () => {
    const page = adminPage;
    await signInThroughForm(page, server, admin);
    await page.getByRole('navigation').getByRole('link', { name: 'Pengguna' }).click();
    await page.getByRole('link', { name: 'Tambah pengguna' }).click();
    await visible(page.getByText(/baru aktif setelah disetujui Kepala Seksi atau Kepala Bidang/));
    await page.getByLabel('Nama pengguna').fill(worker.username);
    await page.getByLabel(/Nama lengkap/).fill(worker.name);
    await page.getByLabel('Peran').selectOption({ label: 'Pekerja sosial / pendamping' });
    await page.getByRole('checkbox', { name: 'Kota Banjarmasin' }).check();
    await page.getByLabel('Kata sandi awal').fill(worker.password);
    await page.getByRole('button', { name: 'Buat akun' }).click();

    await visible(page.getByRole('heading', { level: 1, name: `Akun ${worker.username}` }));
    await visible(page.getByText(/Akun sudah dibuat dan menunggu persetujuan Kepala Seksi/));
    await visible(page.getByRole('heading', { level: 2, name: 'Persetujuan orang kedua: Menunggu persetujuan' }));
    await visible(page.getByText('staf belum dapat masuk sampai akun disetujui', { exact: false }));
    // Who may approve: Banjarmasin's head of section, not Banjarbaru's.
    const approvers = page.getByRole('definition').filter({ hasText: 'kasi.bjm' });
    await visible(approvers);
    expect(await approvers.textContent()).not.toContain('kasi.bjb');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Kembali ke daftar pengguna' }).click();
    const row = page.getByRole('row').filter({ hasText: worker.username });
    await visible(row.getByText('Menunggu persetujuan: Pekerja sosial / pendamping'));
    await visible(row.getByText(/dapat disetujui oleh kasi\.bjm/));

    // A second one, for the head of section to refuse.
    const second = await page.evaluate(async () => {
      const res = await fetch('/api/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          username: 'akun.lain',
          role: 'caseworker',
          regions: ['6371'],
          password: 'Akun-yang-akan-ditolak-1',
          name: 'Akun Lain',
        }),
      });
      return res.status;
    });
    expect(second).toBe(201);

    // She cannot sign in: the same answer as a wrong password.
    const other = await (await context()).newPage();
    await other.goto(`${server.url}/sign-in`);
    await other.getByLabel('Nama pengguna').fill(worker.username);
    await other.getByLabel('Kata sandi').fill(worker.password);
    await other.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(other.getByRole('alert').filter({ hasText: 'Nama pengguna atau kata sandi salah.' }));
    await other.context().close();
  });

  it('the head of section approves one from her work queue and refuses the other with a reason', async () => {
    const page = await (await context()).newPage();
    await signInThroughForm(page, server, kasi);
    const queue = page.getByRole('region', { name: /Yang menunggu Anda/ });
    await visible(queue.getByRole('heading', { level: 3, name: 'Akun staf menunggu persetujuan Anda (2)' }));
    await visible(queue.getByText('Diminta: Pekerja sosial / pendamping, wilayah Kota Banjarmasin').first());
    await visible(queue.getByText(/Diminta oleh admin\.akun/).first());
    expect(await seriousViolations(page)).toEqual([]);

    await queue.getByRole('button', { name: `Setujui akun ${worker.username}` }).click();
    await visible(queue.getByText(`Akun ${worker.username} disetujui.`));
    await visible(queue.getByRole('heading', { level: 3, name: 'Akun staf menunggu persetujuan Anda (1)' }));

    // A refusal asks why first.
    await queue.getByRole('button', { name: 'Tolak akun akun.lain' }).click();
    await queue.getByRole('button', { name: 'Kirim penolakan' }).click();
    await visible(queue.getByText('Tuliskan alasan penolakan.'));
    await queue.getByLabel('Alasan penolakan untuk akun.lain').fill('Bukan staf wilayah ini');
    await queue.getByRole('button', { name: 'Kirim penolakan' }).click();
    await visible(queue.getByText('Akun akun.lain ditolak. Administrator dapat membaca alasannya.'));
    await visible(queue.getByText('Tidak ada akun yang menunggu persetujuan Anda.'));
    await countIs(queue.getByRole('button', { name: /Setujui akun/ }), 0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('approved, she signs in (to choose her own password); the administrator reads both decisions', async () => {
    const page = await (await context()).newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Nama pengguna').fill(worker.username);
    await page.getByLabel('Kata sandi').fill(worker.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ganti kata sandi' }));
    await page.context().close();

    await adminPage.goto(`${server.url}/users`);
    const row = adminPage.getByRole('row').filter({ hasText: worker.username });
    await visible(row.getByText('Aktif'));
    await countIs(row.getByText(/Menunggu persetujuan/), 0);
    await adminPage.getByRole('link', { name: 'akun.lain' }).click();
    await visible(adminPage.getByText(/Ditolak oleh kasi\.bjm, .* Alasan: Bukan staf wilayah ini/));
  });
});
