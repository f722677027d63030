// A data-subject request in Chromium, open → approve → carry out: the caseworker records, from her record, that a
// participant asked for a copy of her data; the administrator sees the request by code only, with nothing to do
// while it waits and no way into the record; the head of section follows it from her work queue and approves it
// (her own request she could not); the administrator makes the copy as a PDF once, and then it is carried out
// for good. The screen reads in English too, and axe-core finds no serious problem on it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type E2EServer, type SeededUser } from './support/server.ts';
import { countIs, launchBrowser, signInThroughForm, SKIP_BROWSER, visible } from './support/browser.ts';
import { json, signIn, type TestEnv } from '../tests/support/env.ts';
import { participantBody, testNik } from '../tests/support/participants.ts';

describe.skipIf(SKIP_BROWSER)('a data-subject request, opened, approved and carried out once (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let caseworker: SeededUser;
  let manager: SeededUser;
  let admin: SeededUser;
  const her = { id: '', code: '' };

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async function pageAs(user: SeededUser): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.clock.setFixedTime(server.clock.now());
    const page = await ctx.newPage();
    await signInThroughForm(page, server, user);
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    caseworker = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    manager = await server.seedUser('manager', ['63'], 'kasi.rehsos');
    admin = await server.seedUser('admin', ['63'], 'operator.data');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const cw = await signIn(env, { ...caseworker, regions: ['6372'] });
    const created = await cw.post(
      '/api/participants',
      participantBody({}, { fullName: 'Ratna Salinan', preferredName: 'Ratna', nik: testNik('1990-10-10') }),
    );
    expect(created.statusCode, created.body).toBe(201);
    her.id = json(created).id;
    her.code = json(created).code;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the caseworker records it from her record; the administrator sees its code only and cannot act yet', async () => {
    const cw = await pageAs(caseworker);
    await cw.goto(`${server.url}/participants/${her.id}`);
    await visible(cw.getByRole('heading', { level: 1, name: her.code }));
    await cw.getByRole('link', { name: 'Catat permintaan salinan atau penghapusan data' }).click();
    await visible(cw.getByRole('heading', { level: 1, name: 'Permintaan hak subjek data' }));
    // Her code is filled in from her record, carried in the history entry and never in the address; a copy of her
    // data is what she asked for.
    expect(await cw.getByLabel('Kode peserta').inputValue()).toBe(her.code);
    expect(cw.url()).not.toContain(her.code);
    expect(await cw.getByLabel('Yang ia minta').inputValue()).toBe('ACCESS');
    await cw.getByRole('button', { name: 'Catat permintaan' }).click();
    await visible(cw.getByRole('status').filter({ hasText: `Permintaan untuk ${her.code} dicatat` }));
    const row = cw.getByRole('row').filter({ hasText: her.code });
    await visible(row.getByText('Menunggu keputusan kepala seksi'));
    await cw.context().close();

    const adm = await pageAs(admin);
    const nav = adm.getByRole('navigation');
    // Accounts, not cases: no list of participants, and her record is closed to her.
    await countIs(nav.getByRole('link', { name: 'Peserta' }), 0);
    await nav.getByRole('link', { name: 'Permintaan data pribadi' }).click();
    await visible(adm.getByRole('heading', { level: 1, name: 'Permintaan hak subjek data' }));
    const adminRow = adm.getByRole('row').filter({ hasText: her.code });
    await visible(adminRow.getByText('Menunggu keputusan kepala seksi'));
    // Her code, never her name nor a way to her record; nothing to carry out while it waits.
    await countIs(adminRow.getByText('Ratna'), 0);
    await countIs(adminRow.getByRole('link'), 0);
    await countIs(adminRow.getByRole('button'), 0);
    await adm.goto(`${server.url}/participants/${her.id}`);
    await visible(adm.getByRole('heading', { level: 1, name: 'Tidak diizinkan' }));
    await adm.context().close();
  });

  it('the head of section follows it from her work queue and approves it', async () => {
    const mgr = await pageAs(manager);
    const queue = mgr.getByRole('region', { name: /^Yang menunggu Anda/ });
    await visible(queue.getByRole('heading', { name: /Permintaan hak subjek data menunggu keputusan Anda \(1\)/ }));
    await queue.getByRole('link', { name: `${her.code} (Ratna): Salinan datanya` }).click();
    await visible(mgr.getByRole('heading', { level: 1, name: 'Permintaan hak subjek data' }));
    const row = mgr.getByRole('row').filter({ hasText: her.code });
    // She reads the record, so the request names her and leads to it.
    await visible(row.getByRole('link', { name: `${her.code} (Ratna)` }));
    await row.getByRole('button', { name: /^Setujui/ }).click();
    await visible(mgr.getByRole('status').filter({ hasText: `Permintaan untuk ${her.code} disetujui` }));
    await visible(row.getByText('Disetujui, menunggu dilaksanakan administrator'));
    expect(await seriousViolations(mgr)).toEqual([]);
    await mgr.context().close();
  });

  it('the administrator makes her copy as a PDF, once; the screen reads in English too', async () => {
    const adm = await pageAs(admin);
    const queue = adm.getByRole('region', { name: /^Yang menunggu Anda/ });
    await queue.getByRole('link', { name: 'Salinan datanya' }).click();
    await visible(adm.getByRole('heading', { level: 1, name: 'Permintaan hak subjek data' }));
    const row = adm.getByRole('row').filter({ hasText: her.code });
    const [download] = await Promise.all([
      adm.waitForEvent('download'),
      row.getByRole('button', { name: /^Buat salinan \(PDF\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`data-${her.code}.pdf`);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await visible(adm.getByRole('status').filter({ hasText: `Salinan data ${her.code} dibuat dan diunduh` }));
    await visible(row.getByText('Sudah dilaksanakan'));
    // Carried out: nothing more to do with it.
    await countIs(row.getByRole('button'), 0);
    const again = await adm.evaluate(async () => {
      const list = await fetch('/api/rights-requests').then((r) => r.json());
      const id = list.items[0].id as string;
      const res = await fetch(`/api/rights-requests/${id}/export`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ format: 'pdf' }),
      });
      return { status: res.status, code: (await res.json()).error.code };
    });
    expect(again).toEqual({ status: 409, code: 'request_completed' });

    await adm.getByRole('button', { name: 'English' }).click();
    await visible(adm.getByRole('heading', { level: 1, name: 'Data-subject requests' }));
    await visible(row.getByText('Carried out'));
    await visible(row.getByText('A copy of her data'));
    expect(await seriousViolations(adm)).toEqual([]);
    await adm.context().close();
  });
});
