// The `berdaya` command and start-up checks, run as real processes.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, PG_URL, pgUrlFor, tmpDir } from './support/env.ts';

const BIN = path.resolve('bin/berdaya.js');

function cli(args: string[], env: Record<string, string>, input = '') {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, TMPDIR: process.env.TMPDIR ?? '/tmp', BERDAYA_CLI_FROM_SOURCE: '1', ...env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const schemas: string[] = [];
afterAll(async () => {
  if (!PG_URL || schemas.length === 0) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

/** The CLI's environment; on PostgreSQL a schema of its own, selected through the URL's search_path option. */
function envFor(dialect: 'sqlite' | 'postgres') {
  const dataDir = tmpDir('berdaya-cli-');
  const env: Record<string, string> = {
    BERDAYA_DATA_DIR: dataDir,
    BERDAYA_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  let schema = '';
  if (dialect === 'postgres') {
    schema = `t_cli_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    env.DATABASE_URL = pgUrlFor(schema);
  }
  return { env, schema };
}

describe.each(DIALECTS)('berdaya CLI on %s', (dialect) => {
  const { env, schema } = envFor(dialect);
  beforeAll(async () => {
    if (!schema) return;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
  });

  it('migrate, create users (password from stdin), verify the audit chain, and catch tampering', () => {
    const m = cli(['migrate'], env);
    expect(m.code, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ database: dialect });

    const admin = cli(
      ['user', 'create', '--username', 'operator', '--role', 'admin', '--name', 'Operator Data'],
      env,
      'Kandangan-ketupat-2026\n',
    );
    expect(admin.code, admin.stderr).toBe(0);
    const out = JSON.parse(admin.stdout);
    expect(out).toMatchObject({ username: 'operator', role: 'admin' });
    expect(out.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.totpSecret).toMatch(/^[A-Z2-7]{32}$/);

    const cw = cli(
      ['user', 'create', '--username', 'pendamping1', '--role', 'caseworker', '--region', '6371', '--region', '6372'],
      env,
      'Kandangan-ketupat-2027\n',
    );
    expect(cw.code, cw.stderr).toBe(0);
    expect(JSON.parse(cw.stdout)).not.toHaveProperty('totpSecret');

    const weak = cli(['user', 'create', '--username', 'weak', '--role', 'caseworker'], env, 'password\n');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('password_policy');
    const badRole = cli(['user', 'create', '--username', 'xbad', '--role', 'boss'], env, 'Kandangan-ketupat-2028\n');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');

    const ok = cli(['audit', 'verify'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Audit chain OK \(2 rows, 0 checkpoints\)/);
  });

  it('an account made on the console is audited as the console and kept as made there (no second person)', async () => {
    const rows =
      dialect === 'sqlite'
        ? (() => {
            const db = new SqliteDatabase(path.join(env.BERDAYA_DATA_DIR!, 'berdaya.sqlite'), { readonly: true });
            const out = {
              audit: db.prepare("SELECT actor, actor_id, detail FROM audit_log WHERE action = 'user.create'").all(),
              requests: db.prepare('SELECT kind, status, requested_by FROM account_requests').all(),
            };
            db.close();
            return out;
          })()
        : await (async () => {
            const c = new pg.Client({ connectionString: PG_URL });
            await c.connect();
            const audit = await c.query(
              `SELECT actor, actor_id, detail FROM ${schema}.audit_log WHERE action = 'user.create'`,
            );
            const requests = await c.query(`SELECT kind, status, requested_by FROM ${schema}.account_requests`);
            await c.end();
            return { audit: audit.rows, requests: requests.rows };
          })();
    expect(rows.audit).toHaveLength(2);
    for (const r of rows.audit as { actor: string; actor_id: string | null; detail: string }[]) {
      expect(r).toMatchObject({ actor: 'system:console', actor_id: null });
      expect(JSON.parse(r.detail)).toMatchObject({ via: 'console' });
    }
    expect(rows.requests).toEqual([
      { kind: 'CONSOLE', status: 'DIRECT', requested_by: null },
      { kind: 'CONSOLE', status: 'DIRECT', requested_by: null },
    ]);
  });

  it('audit verify fails and names the entry after a direct change in the database', async () => {
    if (dialect === 'sqlite') {
      const db = new SqliteDatabase(path.join(env.BERDAYA_DATA_DIR!, 'berdaya.sqlite'));
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare('UPDATE audit_log SET detail = \'{"role":"caseworker"}\' WHERE seq = 1').run();
      db.close();
    } else {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`ALTER TABLE ${schema}.audit_log DISABLE TRIGGER audit_log_no_change`);
      await c.query(`UPDATE ${schema}.audit_log SET detail = '{"role":"caseworker"}' WHERE seq = 1`);
      await c.end();
    }
    const res = cli(['audit', 'verify'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/BROKEN at entry 1/);
  });

  it('a wrong master key is refused at start with a clear message', () => {
    const res = cli(['migrate'], { ...env, BERDAYA_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/master key .* does not match this database/);
  });
});

describe('start-up configuration', () => {
  it('a wrong value stops start-up with a message naming the variable', () => {
    const res = cli(['migrate'], { BERDAYA_DATA_DIR: tmpDir(), PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT');
    const res2 = cli(['migrate'], { BERDAYA_DATA_DIR: tmpDir(), DATABASE_URL: 'mysql://x' });
    expect(res2.stderr).toContain('DATABASE_URL');
    const res3 = cli(['migrate'], { BERDAYA_DATA_DIR: tmpDir(), BERDAYA_MASTER_KEY: 'too-short' });
    expect(res3.code).toBe(2);
    expect(res3.stderr).toContain('BERDAYA_MASTER_KEY');
  });

  it('first run creates the SQLite database (WAL, full sync) and a 0600 key file', () => {
    const dataDir = tmpDir();
    const res = cli(['migrate'], { BERDAYA_DATA_DIR: dataDir });
    expect(res.code, res.stderr).toBe(0);
    const keyFile = path.join(dataDir, 'master.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const db = new SqliteDatabase(path.join(dataDir, 'berdaya.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // A second run reuses the key (the stored check value matches).
    expect(cli(['migrate'], { BERDAYA_DATA_DIR: dataDir }).code).toBe(0);
  });
});
