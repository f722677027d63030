// A real Berdaya server for the browser tests: the project's own boot and app code on a fresh SQLite
// database in a temp folder, serving the built web app (dist/web) on 127.0.0.1 and a free port.
// The clock is a ManualClock so the tests decide which TOTP step is current.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/server/env.ts';
import { boot, type Booted } from '../../src/server/boot.ts';
import { KeyRing } from '../../src/server/crypto/keys.ts';
import { ManualClock } from '../../src/server/clock.ts';
import { buildApp, type BuiltApp } from '../../src/server/http/app.ts';
import { WEB_DIST_DIR } from '../../src/server/paths.ts';
import { systemRepo } from '../../src/server/modules/repository.ts';
import { createUser } from '../../src/server/modules/users/service.ts';
import { totpCode } from '../../src/server/modules/auth/totp.ts';
import type { Role } from '../../src/shared/roles.ts';

export interface SeededUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  /** Set for roles that sign in with a code (the account is created with 2FA already on, as by the CLI). */
  totpSecret?: string;
}

export interface E2EServer {
  /** http://127.0.0.1:PORT */
  url: string;
  clock: ManualClock;
  built: BuiltApp;
  booted: Booted;
  /** Moves the clock to the next 30-s step and returns the code for it (each step's code works once). */
  nextCode(secret: string): string;
  /**
   * An account made directly through the user service: by default as `berdaya user create` does (own
   * password, 2FA already on for roles that need it); with `asAdminScreen` as the Users screen does
   * (an initial password to change at first sign-in, 2FA still to enrol).
   */
  seedUser(role: Role, regions?: string[], username?: string, opts?: { asAdminScreen?: boolean }): Promise<SeededUser>;
  close(): Promise<void>;
}

/** The built web app; E2E_WEB_DIR lets parallel work build and test its own copy (vite build --outDir …). */
const WEB_DIR = process.env.E2E_WEB_DIR ? path.resolve(process.env.E2E_WEB_DIR) : WEB_DIST_DIR;

/** The built web app this run serves (a test that changes files serves a copy of it: `webDir`). */
export const E2E_WEB_DIR = WEB_DIR;

export async function startServer(opts: { webDir?: string } = {}): Promise<E2EServer> {
  const webDir = opts.webDir ?? WEB_DIR;
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`The web app is not built (${webDir}/index.html is missing): run "npx vite build" first.`);
  }
  const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'berdaya-e2e-'));
  const config = loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' });
  const clock = new ManualClock(Date.parse('2026-11-28T01:15:00.000Z')); // 28 November 2026 09.15 WITA
  const booted = await boot(config, { keyRing: new KeyRing(randomBytes(32)), clock });
  const built = await buildApp(booted.services, { webDir });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  // Fail fast, with the reason, when a signed-out browser cannot even load the app's page.
  const probe = await fetch(`${url}/sign-in`);
  if (probe.status !== 200 || !(probe.headers.get('content-type') ?? '').includes('text/html')) {
    const body = (await probe.text()).slice(0, 200);
    await built.app.close();
    await booted.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`GET /sign-in answered ${probe.status} (${body}): a signed-out browser cannot load the web app`);
  }
  let n = 0;
  return {
    url,
    clock,
    built,
    booted,
    nextCode(secret) {
      clock.advance(30_000);
      return totpCode(secret, clock.now());
    },
    async seedUser(role, regions = ['63'], username, opts = {}) {
      const name = username ?? `${role}${++n}`;
      const password = `Sungai-Martapura-${randomBytes(4).toString('hex')}`;
      const repo = systemRepo(booted.services, 'e2e', 'browser test fixture');
      const { user, totpSecret } = await createUser(
        repo,
        built.auth,
        { username: name, role, regions, password },
        opts.asAdminScreen ? 'administrator_screen' : 'cli',
      );
      return { id: user.id, username: user.username, password, role, ...(totpSecret ? { totpSecret } : {}) };
    },
    async close() {
      await built.app.close();
      await booted.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
