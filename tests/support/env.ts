// Test environments on real databases: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.
// Each environment works in its own SQLite file or PostgreSQL schema, so files and runs cannot collide.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type AppConfig } from '../../src/server/env.ts';
import { boot, type Booted } from '../../src/server/boot.ts';
import { KeyRing } from '../../src/server/crypto/keys.ts';
import { ManualClock } from '../../src/server/clock.ts';
import { buildApp, type BuiltApp } from '../../src/server/http/app.ts';
import { systemRepo } from '../../src/server/modules/repository.ts';
import { createUser } from '../../src/server/modules/users/service.ts';
import { totpCode } from '../../src/server/modules/auth/totp.ts';
import type { Role } from '../../src/shared/roles.ts';

export const PG_URL = process.env.TEST_DATABASE_URL;
export const DIALECTS: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
export const ORIGIN = 'http://berdaya.test';

export interface TestEnv {
  dialect: 'sqlite' | 'postgres';
  booted: Booted;
  built: BuiltApp;
  app: FastifyInstance;
  clock: ManualClock;
  config: AppConfig;
  keyRing: KeyRing;
  pgSchema?: string;
  dataDir: string;
  /** Another app instance on the same database (as behind a load balancer). */
  second(): Promise<{ app: FastifyInstance; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The PostgreSQL test URL with its search path set to one schema (as each test file's own). */
export function pgUrlFor(schema: string): string {
  const u = new URL(PG_URL!);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Waits (not a timing assertion: it only bounds the wait) until the condition holds. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function tmpDir(prefix = 'berdaya-test-'): string {
  return fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), prefix));
}

export async function makeEnv(
  dialect: 'sqlite' | 'postgres',
  overrides: Record<string, string> = {},
): Promise<TestEnv> {
  const dataDir = tmpDir();
  const pgSchema = dialect === 'postgres' ? `t_${process.pid}_${randomBytes(4).toString('hex')}` : undefined;
  const config = loadConfig({
    BERDAYA_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(dialect === 'postgres' ? { DATABASE_URL: PG_URL } : {}),
    ...overrides,
  });
  const keyRing = new KeyRing(randomBytes(32));
  const clock = new ManualClock(Date.parse('2026-03-02T01:00:00.000Z'));
  const booted = await boot(config, { keyRing, clock, pgSchema, poolSize: 5 });
  const built = await buildApp(booted.services, { webDir: path.join(dataDir, 'no-web') });
  await built.app.ready();
  const extra: { close(): Promise<void> }[] = [];
  return {
    dialect,
    booted,
    built,
    app: built.app,
    clock,
    config,
    keyRing,
    pgSchema,
    dataDir,
    async second() {
      const b2 = await boot(config, { keyRing, clock, pgSchema, poolSize: 5 });
      const a2 = await buildApp(b2.services, { webDir: path.join(dataDir, 'no-web') });
      await a2.app.ready();
      const handle = {
        app: a2.app,
        close: async () => {
          await a2.app.close();
          await b2.close();
        },
      };
      extra.push(handle);
      return handle;
    },
    async close() {
      for (const e of extra) await e.close().catch(() => {});
      await built.app.close();
      await booted.close();
      if (pgSchema) {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
        await c.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  regions: string[];
  totpSecret?: string;
}

let counter = 0;
/** Creates a staff account the way the server's CLI does (own password, 2FA secret for admin/manager). */
export async function seedUser(
  env: TestEnv,
  role: Role,
  regions: string[] = ['63'],
  username?: string,
): Promise<TestUser> {
  const name = username ?? `${role}${++counter}_${randomBytes(2).toString('hex')}`;
  const password = `Sungai-Martapura-${randomBytes(4).toString('hex')}`;
  const repo = systemRepo(env.booted.services, 'test', 'test fixture');
  const { user, totpSecret } = await createUser(
    repo,
    env.built.auth,
    { username: name, role, regions, password },
    'cli',
  );
  return { id: user.id, username: user.username, password, role, regions, totpSecret };
}

/** A tiny cookie-keeping client over app.inject that sends the app's Origin, as a browser would. */
export class Client {
  cookie: string | null = null;
  constructor(
    readonly app: FastifyInstance,
    private readonly ip = '10.0.0.1',
  ) {}

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: {
        host: 'berdaya.test',
        origin: ORIGIN,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const set = res.cookies.find((c) => c.name === 'berdaya_session');
    if (set) this.cookie = set.value ? `berdaya_session=${set.value}` : null;
    return res;
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }
  patch(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', url, body, headers);
  }
  put(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', url, body, headers);
  }
}

/** Signs in (with a fresh TOTP code when needed; advances the clock a step so codes are never replayed). */
export async function signIn(
  env: TestEnv,
  user: TestUser,
  app: FastifyInstance = env.app,
  ip?: string,
): Promise<Client> {
  const client = new Client(app, ip);
  const body: Record<string, string> = { username: user.username, password: user.password };
  if (user.totpSecret) {
    env.clock.advance(30_000);
    body.totp = totpCode(user.totpSecret, env.clock.now());
  }
  const res = await client.post('/api/auth/login', body);
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return client;
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read ad hoc (400+ call sites); a caller that wants checking passes T
export const json = <T = any>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;
