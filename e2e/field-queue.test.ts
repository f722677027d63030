// A conflict left on a caseworker's phone reaches her head of section, in Chromium: the phone reports, with its own
// token and no session, a register it could not send two days ago; the head of section finds it in her work queue,
// opens the caseworker's devices (a page she may read: the staff page is the administrator's), sees the phone and
// revokes it. At 360 px, axe finds nothing serious on the page; the phone's next contact is told to erase.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_TOKEN_HEADER } from '../src/shared/field-api.ts';
import { horizontalOverflow, launchBrowser, SKIP_BROWSER, signInThroughForm, visible } from './support/browser.ts';
import { type E2EServer, type SeededUser, startServer } from './support/server.ts';
import { Client, json, signIn, type TestEnv } from '../tests/support/env.ts';

describe.skipIf(SKIP_BROWSER)('a conflict on a phone, seen and acted on by the head of section (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let head: SeededUser;
  let rina: SeededUser;
  let phone: Client;
  const device = { id: '', token: '' };
  const contact = (at: string) =>
    phone.post(
      `/api/field/devices/${device.id}/contact`,
      {
        deviceTime: at,
        waiting: 1,
        conflicts: [
          {
            id: '5d0b8e4a-2f61-4c7e-9a3b-7e1f0c2d4b6a',
            kind: 'attendance',
            openedAt: new Date(server.clock.now().getTime() - 2 * 86_400_000).toISOString(),
          },
        ],
      },
      { [FIELD_TOKEN_HEADER]: device.token },
    );

  beforeAll(async () => {
    server = await startServer();
    head = await server.seedUser('manager', ['6372'], 'kasi.banjarbaru');
    rina = await server.seedUser('caseworker', ['6372'], 'pendamping.rina');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const cw = await signIn(env, { ...rina, regions: ['6372'] });
    const made = await cw.post('/api/field/devices', { label: 'HP Rina' });
    expect(made.statusCode, made.body).toBe(201);
    Object.assign(device, { id: json(made).device.id, token: json(made).token });
    // The phone's own call: no session, its token only.
    phone = new Client(server.built.app);
    const heard = await contact(server.clock.now().toISOString());
    expect(heard.statusCode, heard.body).toBe(200);
    expect(json(heard).action).toBe('keep');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('she opens the queue item, sees the phone and its conflict, and revokes it', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, serviceWorkers: 'allow' });
    await context.clock.setFixedTime(server.clock.now());
    const page = await context.newPage();
    try {
      await signInThroughForm(page, server, head);
      const section = page.locator('section', {
        has: page.getByRole('heading', { name: /Catatan lapangan yang bertentangan/ }),
      });
      const item = section.getByRole('link', { name: /pendamping\.rina/ });
      await visible(item);
      await item.click();
      await page.waitForURL(`**/field/devices/${rina.id}`);
      await visible(page.getByRole('heading', { level: 1, name: 'Perangkat mode lapangan pendamping.rina' }));
      await visible(page.getByRole('table').getByText('HP Rina', { exact: true }));
      // Her open conflicts, from what the phone reported.
      const conflicts = page.locator('dl.details div', { hasText: 'Konflik terbuka' });
      await expect.poll(() => conflicts.locator('dd').textContent()).toBe('1');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: /^Cabut/ }).click();
      await page.getByRole('button', { name: 'Ya, cabut' }).click();
      await visible(page.getByText('Perangkat dicabut.'));
      await visible(page.getByRole('table').getByText('Dicabut', { exact: true }));
    } finally {
      await context.close();
    }
    // From then on the phone is told to erase its cache.
    const told = await contact(server.clock.now().toISOString());
    expect(told.statusCode, told.body).toBe(200);
    expect(json(told)).toMatchObject({ action: 'erase', reason: 'revoked' });
  });
});
