// Sessions remembered between requests (decision 013), on every database: used only while the database says
// nothing about sessions, accounts or regions changed; any change, by this instance or by any other writer
// (another connection, as the CLI or an operator would make), applies to the next request.
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  PG_URL,
  json,
  makeEnv,
  pgUrlFor,
  seedUser,
  signIn,
  until,
  type Client,
  type TestEnv,
} from './support/env.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { updateUser } from '../src/server/modules/users/service.ts';
import { LISTENER_HEARTBEAT, type PgAuthChanges } from '../src/server/db/auth-changes.ts';

describe.each(DIALECTS)('session cache on %s', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await makeEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });

  const lookups = () => ({ ...env.built.auth.sessions.lookups });
  const pgChanges = () => env.booted.services.db.authChanges as PgAuthChanges;

  /** A statement on a connection of its own, as the CLI, another instance or an operator would run it. */
  async function outside(sqliteText: string, pgText: string, params: unknown[]) {
    if (dialect === 'sqlite') {
      const db = new SqliteDatabase(env.booted.services.db.sqlitePath!);
      try {
        db.prepare(sqliteText).run(...params);
      } finally {
        db.close();
      }
      return;
    }
    const c = new pg.Client({ connectionString: pgUrlFor(env.pgSchema!) });
    await c.connect();
    try {
      await c.query(pgText, params);
    } finally {
      await c.end();
    }
  }

  /** Signed in, and the session served from memory (PostgreSQL: once the notifications are listened to). */
  async function cachedClient(): Promise<{ client: Client; userId: string }> {
    const user = await seedUser(env, 'caseworker', ['6371']);
    const client = await signIn(env, user);
    await until(async () => {
      const before = lookups().cached;
      expect((await client.get('/api/auth/me')).statusCode).toBe(200);
      return lookups().cached > before;
    }, 'the session is served from memory');
    return { client, userId: user.id };
  }

  it('reads a session once, then serves it from memory while nothing changes', async () => {
    const { client } = await cachedClient();
    const before = lookups();
    for (let i = 0; i < 5; i++) expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    const after = lookups();
    expect(after.cached - before.cached).toBe(5);
    expect(after.database - before.database).toBe(0);
  });

  it('a session revoked by another connection stops at once (PostgreSQL: when its notification arrives)', async () => {
    const { client } = await cachedClient();
    await outside(
      'UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL',
      'UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL',
      [env.clock.now().toISOString()],
    );
    if (dialect === 'sqlite') expect((await client.get('/api/auth/me')).statusCode).toBe(401);
    else
      await until(async () => (await client.get('/api/auth/me')).statusCode === 401, 'the revoked session is refused');
  });

  it('an account deactivated or given other regions by another connection applies to the next request', async () => {
    const a = await cachedClient();
    await outside(
      'UPDATE user_regions SET region_code = ? WHERE user_id = ?',
      'UPDATE user_regions SET region_code = $1 WHERE user_id = $2',
      ['6372', a.userId],
    );
    const regions = async () => json(await a.client.get('/api/auth/me')).user.regions as string[];
    if (dialect === 'sqlite') expect(await regions()).toEqual(['6372']);
    else await until(async () => (await regions())[0] === '6372', 'the new region is seen');

    const b = await cachedClient();
    await outside('UPDATE users SET active = 0 WHERE id = ?', 'UPDATE users SET active = 0 WHERE id = $1', [b.userId]);
    if (dialect === 'sqlite') expect((await b.client.get('/api/auth/me')).statusCode).toBe(401);
    else
      await until(
        async () => (await b.client.get('/api/auth/me')).statusCode === 401,
        'the deactivated account is refused',
      );
  });

  it('what she approves, changed by another connection (a delegation, the office setting), applies to the next request', async () => {
    const approver = await seedUser(env, 'head_of_division', ['63']);
    const a = await cachedClient();
    const can = async () => json(await a.client.get('/api/auth/me')).user.can as string[];
    expect(await can()).not.toContain('allocation.approve');
    const today = env.clock.now().toISOString().slice(0, 10);
    await outside(
      `INSERT INTO delegations (id, delegator_id, delegate_id, type, starts_on, ends_on, letter_number, created_by, created_at)
       VALUES (?, ?, ?, 'PLH', ?, ?, '800/1/2019', ?, ?)`,
      `INSERT INTO delegations (id, delegator_id, delegate_id, type, starts_on, ends_on, letter_number, created_by, created_at)
       VALUES ($1, $2, $3, 'PLH', $4, $5, '800/1/2019', $6, $7)`,
      [randomUUID(), approver.id, a.userId, today, today, approver.id, env.clock.now().toISOString()],
    );
    if (dialect === 'sqlite') expect(await can()).toContain('allocation.approve');
    else await until(async () => (await can()).includes('allocation.approve'), 'the delegation is seen');
    // The office names another role for aid: the Kepala Bidang's Plh. approves it no more.
    await outside(
      "UPDATE approval_settings SET role = 'ppk' WHERE kind = ?",
      "UPDATE approval_settings SET role = 'ppk' WHERE kind = $1",
      ['aid'],
    );
    if (dialect === 'sqlite') expect(await can()).not.toContain('allocation.approve');
    else await until(async () => !(await can()).includes('allocation.approve'), 'the setting is seen');
    await outside(
      "UPDATE approval_settings SET role = 'head_of_division' WHERE kind = ?",
      "UPDATE approval_settings SET role = 'head_of_division' WHERE kind = $1",
      ['aid'],
    );
  });

  it("this instance's own changes apply to the very next request, without waiting for any notification", async () => {
    const { client, userId } = await cachedClient();
    const repo = systemRepo(env.booted.services, 'test', 'session cache');
    const version = async () =>
      (
        await env.booted.services.db.kysely
          .selectFrom('users')
          .select('version')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow()
      ).version;
    await updateUser(repo, env.built.auth, userId, { regions: ['6303'] }, await version());
    expect(json(await client.get('/api/auth/me')).user.regions).toEqual(['6303']);
    await updateUser(repo, env.built.auth, userId, { active: false }, await version());
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a touch of last_seen_at alone keeps the session cached; the idle timeout is still decided on stored rows', async () => {
    const { client } = await cachedClient();
    env.clock.advance(61_000); // past the touch interval: read and touched, then remembered again
    // On PostgreSQL the listener's last answer is now a minute old on the clock: nothing is cached until it
    // answers again (within one heartbeat), as after a stall of the process.
    if (dialect === 'postgres') {
      expect(pgChanges().isListening).toBe(false);
      await until(() => pgChanges().isListening, 'the listener answers again');
    }
    const before = lookups();
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect(lookups().database - before.database).toBe(1);
    expect(lookups().cached - before.cached).toBe(1);
    env.clock.advance(env.config.sessionIdleMs + 1);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  if (dialect === 'postgres') {
    it("PostgreSQL: an operator's change from another search path, and a TRUNCATE, are noticed too", async () => {
      const a = await cachedClient();
      // The default search path: the table named with its schema, as an operator might.
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`UPDATE ${env.pgSchema}.users SET active = 0 WHERE id = $1`, [a.userId]);
        await until(
          async () => (await a.client.get('/api/auth/me')).statusCode === 401,
          'the deactivated account is refused',
        );
        const b = await cachedClient();
        await c.query(`TRUNCATE ${env.pgSchema}.sessions`);
        await until(
          async () => (await b.client.get('/api/auth/me')).statusCode === 401,
          'the truncated session is refused',
        );
      } finally {
        await c.end();
      }
    });

    it('PostgreSQL: without a recent answer from the listening connection, nothing is served from memory', async () => {
      const { client } = await cachedClient();
      const fresh = LISTENER_HEARTBEAT.freshMs;
      LISTENER_HEARTBEAT.freshMs = -1;
      try {
        const before = lookups();
        expect((await client.get('/api/auth/me')).statusCode).toBe(200);
        expect(lookups().cached).toBe(before.cached);
        expect(lookups().database).toBe(before.database + 1);
      } finally {
        LISTENER_HEARTBEAT.freshMs = fresh;
      }
    });
  }

  if (dialect === 'postgres')
    it('PostgreSQL: while nothing listens for changes, nothing is served from memory', async () => {
      const { client } = await cachedClient();
      const pid = pgChanges().listenerPid();
      expect(pid).toBeTypeOf('number');
      await outside('', 'SELECT pg_terminate_backend($1)', [pid]);
      await until(() => !pgChanges().isListening, 'the listener is known to be lost');
      const before = lookups();
      await outside('', 'UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL', [
        env.clock.now().toISOString(),
      ]);
      // Refused at once: the lost listener could not have told, so the session was read from the database.
      expect((await client.get('/api/auth/me')).statusCode).toBe(401);
      expect(lookups().cached).toBe(before.cached);
      await until(() => pgChanges().isListening, 'listening again');
    });
});

describe('the PostgreSQL listener against a server that never answers', () => {
  it('gives up a start that does not finish in time, and closes without waiting for the server', async () => {
    const net = await import('node:net');
    const { PgAuthChanges } = await import('../src/server/db/auth-changes.ts');
    const sockets: import('node:net').Socket[] = [];
    const closed: number[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.resume(); // read (and drop) what arrives, so that its end is seen
      s.on('error', () => {});
      s.on('close', () => closed.push(Date.now()));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const dead = LISTENER_HEARTBEAT.deadMs;
    LISTENER_HEARTBEAT.deadMs = 300;
    const changes = new PgAuthChanges({ host: '127.0.0.1', port, user: 'nobody', database: 'none' });
    try {
      expect(changes.mark()).toBeNull();
      await until(() => closed.length >= 1, 'the first attempt is given up', 3000);
      await until(() => sockets.length >= 2, 'a second attempt is made', 3000);
      expect(changes.mark()).toBeNull();
      const t = Date.now();
      await changes.close();
      expect(Date.now() - t).toBeLessThan(2000);
    } finally {
      LISTENER_HEARTBEAT.deadMs = dead;
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('the code that changes sessions, accounts or regions', () => {
  /** Where each call of `…writing(` opens and closes, by its balanced parentheses. */
  function writingSpans(text: string): [number, number][] {
    const spans: [number, number][] = [];
    for (const m of text.matchAll(/\.writing\(/g)) {
      let depth = 0;
      for (let i = m.index + m[0].length - 1; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) {
          spans.push([m.index, i]);
          break;
        }
      }
    }
    return spans;
  }

  it('tells the session cache of every change it makes (AuthChanges.writing), the touch of last_seen_at aside', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const files = fs
      .readdirSync('src/server', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.includes('migrations'))
      .map((f) => path.join('src/server', f));
    const writes =
      /(insertInto|updateTable|deleteFrom)\(\s*'(sessions|users|user_regions|approval_settings|delegations)'|updateVersioned\(\s*\w+,\s*'users'/g;
    const unsignalled: string[] = [];
    let found = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const spans = writingSpans(text);
      for (const m of text.matchAll(writes)) {
        found++;
        const touch = /^\)\s*\.set\(\{ last_seen_at: [^,}]+\}\)/.test(text.slice(m.index + m[0].length));
        if (touch || spans.some(([a, b]) => a < m.index && m.index < b)) continue;
        unsignalled.push(`${file}:${text.slice(0, m.index).split('\n').length}`);
      }
    }
    expect(found).toBeGreaterThan(10);
    expect(unsignalled).toEqual([]);
  });
});
