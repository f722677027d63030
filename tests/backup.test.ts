// Backups on every database: taken by the CLI while the app writes, verified, restored into an empty target
// that passes its integrity check, holds an unbroken audit chain and equals the source at the backup point.
import path from 'node:path';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, PG_URL, json, makeEnv, pgUrlFor, seedUser, signIn, tmpDir, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';

const BIN = path.resolve('bin/berdaya.js');
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH!, TMPDIR: process.env.TMPDIR ?? '/tmp', BERDAYA_CLI_FROM_SOURCE: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  let env: TestEnv;
  const extraDatabases: string[] = [];
  beforeAll(async () => {
    env = await makeEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
    if (extraDatabases.length) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      for (const d of extraDatabases) await c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
      await c.end();
    }
  });

  it('a backup taken during writes restores to a consistent copy', async () => {
    const cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    for (let i = 0; i < 5; i++) expect((await cw.post('/api/participants', participantBody())).statusCode).toBe(201);
    const keyEnv = {
      BERDAYA_MASTER_KEY: env.keyRing.kek.toString('base64'),
      BERDAYA_DATA_DIR: env.dataDir,
      ...(dialect === 'postgres' ? { DATABASE_URL: pgUrlFor(env.pgSchema!) } : {}),
    };
    const file = path.join(tmpDir('berdaya-bk-'), 'backup.bdb');
    // Writes go on while the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        if ((await cw.post('/api/participants', participantBody())).statusCode === 201) written += 1;
      }
    })();
    const res = await cli(['backup', file], keyEnv);
    writing = false;
    await writer;
    expect(res.code, res.stderr).toBe(0);
    expect(written).toBeGreaterThan(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Encrypted: no table names or codes in the clear.
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/participants|BRD-6372/);

    const verified = await cli(['backup', 'verify', file], keyEnv);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, dialect });
    const wrongKey = await cli(['backup', 'verify', file], {
      ...keyEnv,
      BERDAYA_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    expect(wrongKey.code).toBe(1);

    // Restore into an empty target.
    const targetDir = tmpDir('berdaya-restore-');
    let targetEnv: Record<string, string> = {
      BERDAYA_MASTER_KEY: keyEnv.BERDAYA_MASTER_KEY,
      BERDAYA_DATA_DIR: targetDir,
    };
    if (dialect === 'postgres') {
      // An empty database of its own (pg_restore recreates the schema by name), so parallel test files
      // are never disturbed.
      const dbName = `berdaya_restore_${randomBytes(4).toString('hex')}`;
      extraDatabases.push(dbName);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`CREATE DATABASE ${dbName}`);
      await c.end();
      const u = new URL(PG_URL!);
      u.pathname = `/${dbName}`;
      targetEnv = { ...targetEnv, DATABASE_URL: u.toString() };
      const restored = await cli(['restore', file], targetEnv);
      expect(restored.code, restored.stderr).toBe(0);
      u.searchParams.set('options', `-c search_path=${env.pgSchema}`);
      targetEnv.DATABASE_URL = u.toString();
    } else {
      const restored = await cli(['restore', file], targetEnv);
      expect(restored.code, restored.stderr).toBe(0);
      expect((await cli(['restore', file], targetEnv)).code).not.toBe(0); // never over existing data
    }
    const config = loadConfig({ ...targetEnv, LOG_LEVEL: 'silent' });
    const copy = await boot(config, { keyRing: env.keyRing });
    try {
      const chain = await verifyAuditChain(copy.services.db.kysely, env.keyRing.subkey('audit-chain'));
      expect(chain.ok, JSON.stringify(chain.firstBad)).toBe(true);
      const restoredRows = await copy.services.db.kysely
        .selectFrom('participants')
        .select(['id', 'code', 'identity_ct', 'version'])
        .orderBy('code')
        .execute();
      const sourceRows = await env.booted.services.db.kysely
        .selectFrom('participants')
        .select(['id', 'code', 'identity_ct', 'version'])
        .orderBy('code')
        .execute();
      expect(restoredRows.length).toBeGreaterThanOrEqual(5);
      expect(restoredRows.length).toBeLessThanOrEqual(sourceRows.length);
      // Equal to the source at the backup point: every restored row is the source's row, unchanged.
      for (const r of restoredRows) expect(sourceRows.find((x) => x.id === r.id)).toEqual(r);
      // And it reads back with the key.
      const { scopedRepo } = await import('../src/server/modules/repository.ts');
      const admin = await copy.services.db.kysely
        .selectFrom('users')
        .select(['id', 'username'])
        .where('role', '=', 'caseworker')
        .executeTakeFirstOrThrow();
      const view = await scopedRepo(
        copy.services,
        { id: admin.id, username: admin.username, role: 'caseworker', regions: ['6372'] },
        { requestId: 'r', ip: null },
      ).participants.get(restoredRows[0]!.id);
      expect(view.identity.fullName).toMatch(/^Siti Test/);
    } finally {
      await copy.close();
    }
    void json;
  });
});
