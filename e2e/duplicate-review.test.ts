// A possible duplicate decided by a second person, in Chromium: a Banjarbaru caseworker registers a woman whose
// NIK is that of a Banjarmasin participant and is told nothing but "registered"; Banjarmasin's head of section
// finds the pair on her start page, gives a reason and decides "the same woman"; the held record is closed. axe
// finds no serious problem on the panel.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SKIP_BROWSER, signInThroughForm, visible } from './support/browser.ts';
import { type E2EServer, type SeededUser, startServer } from './support/server.ts';
import { type Client, json, signIn, type TestEnv } from '../tests/support/env.ts';
import { participantBody, testNik } from '../tests/support/participants.ts';

describe.skipIf(SKIP_BROWSER)('a possible duplicate decided by the other region’s head of section (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;
  let headBjm: SeededUser;
  let bjb: Client;
  const theirs = { id: '', code: '' };
  const held = { id: '', code: '' };

  beforeAll(async () => {
    server = await startServer();
    headBjm = await server.seedUser('manager', ['6371'], 'kasi.banjarmasin');
    const cwBjm = await server.seedUser('caseworker', ['6371'], 'pendamping.bjm');
    const cwBjb = await server.seedUser('caseworker', ['6372'], 'pendamping.bjb');
    const env = { app: server.built.app, clock: server.clock } as unknown as TestEnv;
    const bjm = await signIn(env, { ...cwBjm, regions: ['6371'] });
    bjb = await signIn(env, { ...cwBjb, regions: ['6372'] });
    const nik = testNik('1992-09-10', '637102');
    const first = await bjm.post(
      '/api/participants',
      participantBody({ regionCode: '6371' }, { nik, birthDate: '1992-09-10' }),
    );
    expect(first.statusCode, first.body).toBe(201);
    Object.assign(theirs, { id: json(first).id, code: json(first).code });
    const probe = await bjb.post('/api/participants', participantBody({}, { nik, birthDate: '1992-09-10' }));
    expect(probe.statusCode, probe.body).toBe(201);
    Object.assign(held, { id: json(probe).id, code: json(probe).code });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('she decides "the same woman" with a reason; the held registration is closed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.clock.setFixedTime(server.clock.now());
    const page = await context.newPage();
    try {
      await signInThroughForm(page, server, headBjm);
      const panel = page.locator('section', { has: page.getByRole('heading', { name: /Kemungkinan data ganda/ }) });
      await visible(panel.getByText(`NIK sama dengan pendaftaran ${held.code}`));
      await visible(panel.getByRole('link', { name: new RegExp(theirs.code) }));
      const axe = await new AxeBuilder({ page }).include('#duplicate-reviews-title').analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      // No reason, no decision.
      await panel.getByRole('button', { name: 'Orang yang sama' }).click();
      await visible(panel.getByText('Tuliskan alasan keputusan.'));
      await panel.getByLabel('Alasan keputusan').fill('Dikonfirmasi lewat telepon dengan kepala seksi Banjarbaru.');
      await panel.getByRole('button', { name: 'Orang yang sama' }).click();
      await visible(page.getByText(`Diputuskan: ${held.code} adalah orang yang sama dengan ${theirs.code}`));
    } finally {
      await context.close();
    }
    expect(json(await bjb.get(`/api/participants/${held.id}`)).stage).toBe('TERMINASI');
  });
});
