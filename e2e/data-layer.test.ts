// The web app's data layer in Chromium: two tabs of one participant agree without a reload (a save in one shows
// in the other when it is looked at again), and a save over someone else's newer change opens the conflict dialog
// with both versions, from which she re-applies only her own field — for her record, and for a case note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { launchBrowser, signInThroughForm, SKIP_BROWSER, visible } from './support/browser.ts';

describe.skipIf(SKIP_BROWSER)('data layer (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let context: BrowserContext;
  let caseworker: SeededUser;
  let id = '';

  beforeAll(async () => {
    server = await startServer();
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.tab');
    browser = await launchBrowser();
    context = await browser.newContext();
    await context.clock.setFixedTime(server.clock.now());
    const page = await context.newPage();
    await signInThroughForm(page, server, caseworker);
    // Her record is made through the API the registration form uses; these tests are about what comes after.
    const res = await page.request.post(`${server.url}/api/participants`, {
      headers: { Origin: server.url, 'Content-Type': 'application/json' },
      data: {
        regionCode: '6372',
        category: 'PEREMPUAN_RENTAN',
        referralSource: 'MANDIRI',
        participationBasis: 'SUKARELA',
        identity: {
          fullName: 'Nur Halimah',
          preferredName: 'Imah',
          nik: '6372014504950001',
          birthDate: '1995-04-05',
          sex: 'F',
          address: 'Jl. Ahmad Yani km 33',
          phone: '0812 5555 1234',
        },
        consents: ['PARTICIPATION', 'DATA_PROCESSING'].map((purpose) => ({
          purpose,
          method: 'SIGNED_FORM',
          explainedBy: 'Pendamping Rina',
          language: 'id',
          givenAt: '2026-11-20',
        })),
      },
    });
    expect(res.status()).toBe(201);
    id = (await res.json()).id;
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openHer(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/participants/${id}`);
    await visible(page.getByRole('heading', { level: 2, name: 'Data diri' }));
    return page;
  }
  const shownValue = (page: Page, label: string) =>
    page
      .locator('dl.details div')
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator('dd');

  async function edit(page: Page) {
    await page.getByRole('button', { name: 'Ubah data', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Ubah data peserta' }));
  }

  it('asks for her record once when her page opens, beside the screen’s code (a read is audited once)', async () => {
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/participants/${id}`) asked.push(r.method());
    });
    await page.goto(`${server.url}/participants/${id}`);
    await visible(page.getByRole('heading', { level: 2, name: 'Data diri' }));
    expect(asked).toEqual(['GET']);
    await page.close();
  });

  it('a save in one tab shows in the other tab of the same participant when it is looked at again', async () => {
    const first = await openHer();
    const second = await openHer();
    await expect.poll(() => shownValue(second, 'Alamat').textContent()).toBe('Jl. Ahmad Yani km 33');

    await first.bringToFront();
    await edit(first);
    await first.getByLabel('Alamat', { exact: true }).fill('Jl. Panglima Batur 12');
    await first.getByRole('button', { name: 'Simpan', exact: true }).click();
    await visible(first.getByText('Perubahan tersimpan.'));

    // No reload: the second tab hears of the change; on screen, it refetches at once (a hidden tab marks it stale
    // and refetches when shown again — headless Chromium keeps every tab visible, so that path is not seen here).
    const navigations: string[] = [];
    second.on('framenavigated', (f) => navigations.push(f.url()));
    await second.bringToFront();
    await expect
      .poll(() => shownValue(second, 'Alamat').textContent(), { timeout: 10_000 })
      .toBe('Jl. Panglima Batur 12');
    expect(navigations).toEqual([]);
    await first.close();
    await second.close();
  });

  it('a save over a newer version opens the conflict dialog with both versions; she re-applies her own field', async () => {
    const mine = await openHer();
    const theirs = await openHer();
    // She starts editing on the version she sees …
    await mine.bringToFront();
    await edit(mine);
    await mine.getByLabel('Nama panggilan', { exact: true }).fill('Halimah');
    // … while a colleague's tab changes the address of the same record.
    await theirs.bringToFront();
    await edit(theirs);
    await theirs.getByLabel('Alamat', { exact: true }).fill('Gang Mawar 3, Landasan Ulin');
    await theirs.getByRole('button', { name: 'Simpan', exact: true }).click();
    await visible(theirs.getByText('Perubahan tersimpan.'));

    await mine.bringToFront();
    // Her form kept what she typed while her tab refreshed the record in the background.
    expect(await mine.getByLabel('Nama panggilan', { exact: true }).inputValue()).toBe('Halimah');
    await mine.getByRole('button', { name: 'Simpan', exact: true }).click();
    const dialog = mine.getByRole('dialog', { name: 'Data ini diubah orang lain' });
    try {
      await visible(dialog);
    } catch (err) {
      await mine.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/conflict-missing.png`, fullPage: true });
      throw err;
    }
    const row = (field: string) => dialog.locator(`tr[data-field="${field}"]`);
    // Their change beside hers: the address they saved (she left it), the name she typed (they left it).
    await expect.poll(() => row('address').locator('td').first().textContent()).toBe('Gang Mawar 3, Landasan Ulin');
    expect(await row('address').locator('td').nth(1).textContent()).toBe('(tidak diubah)');
    expect(await row('preferredName').locator('td').nth(1).textContent()).toContain('Halimah');
    expect(await row('preferredName').locator('td').first().textContent()).toBe('Imah');

    await dialog.getByRole('button', { name: 'Terapkan perubahan saya' }).click();
    await visible(mine.getByText('Perubahan tersimpan.'));
    // Both changes hold: hers re-applied on top of theirs, nothing overwritten.
    await expect.poll(() => shownValue(mine, 'Nama panggilan').textContent()).toBe('Halimah');
    expect(await shownValue(mine, 'Alamat').textContent()).toBe('Gang Mawar 3, Landasan Ulin');
    await mine.close();
    await theirs.close();
  });

  it('a case note saved over a newer edit opens the same dialog with both texts; she keeps hers', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const made = await page.request.post(`${server.url}/api/participants/${id}/notes`, {
      headers: { Origin: server.url, 'Content-Type': 'application/json' },
      data: { type: 'HOME_VISIT', body: 'Kunjungan rumah: ibunya sakit.' },
    });
    expect(made.status()).toBe(201);
    await page.close();
    const openNote = async () => {
      const tab = await openHer();
      await tab.getByRole('tab', { name: 'Catatan' }).click();
      const note = tab.getByRole('list', { name: 'Daftar catatan, terbaru di atas' }).getByRole('listitem').first();
      await note.getByRole('button', { name: 'Ubah catatan' }).click();
      return { tab, note };
    };
    // She starts editing the note in one tab …
    const mine = await openNote();
    await mine.note.getByLabel('Ubah catatan').fill('Kunjungan rumah: ibunya sakit, ia minta jadwal sore.');
    // … while in another tab the note is edited and saved first.
    const theirs = await openNote();
    await theirs.note.getByLabel('Ubah catatan').fill('Kunjungan rumah: ibunya sudah dirawat di puskesmas.');
    await theirs.note.getByRole('button', { name: 'Simpan perubahan' }).click();
    await visible(theirs.tab.getByText('Perubahan catatan tersimpan.'));

    await mine.tab.bringToFront();
    await mine.note.getByRole('button', { name: 'Simpan perubahan' }).click();
    const dialog = mine.tab.getByRole('dialog', { name: 'Data ini diubah orang lain' });
    await visible(dialog);
    const row = dialog.locator('tr[data-field="body"]');
    await expect
      .poll(() => row.locator('td').first().textContent())
      .toBe('Kunjungan rumah: ibunya sudah dirawat di puskesmas.');
    expect(await row.locator('td').nth(1).textContent()).toContain(
      'Kunjungan rumah: ibunya sakit, ia minta jadwal sore.',
    );
    expect(await row.locator('th').textContent()).toBe('Isi catatan');

    await dialog.getByRole('button', { name: 'Terapkan perubahan saya' }).click();
    await visible(mine.tab.getByText('Perubahan catatan tersimpan.'));
    // Hers is the latest text, and theirs is kept among the earlier ones (version 2 of 3).
    const history = await mine.tab.evaluate(
      ([pid]) =>
        fetch(`/api/participants/${pid}/notes`)
          .then((r) => r.json())
          .then((l) => fetch(`/api/participants/${pid}/notes/${l.items[0].id}`))
          .then((r) => r.json()),
      [id],
    );
    expect(history.version).toBe(3);
    expect(history.note.body).toBe('Kunjungan rumah: ibunya sakit, ia minta jadwal sore.');
    expect(history.revisions.map((r: { body: string }) => r.body)).toContain(
      'Kunjungan rumah: ibunya sudah dirawat di puskesmas.',
    );
    await mine.tab.close();
    await theirs.tab.close();
  });
});
