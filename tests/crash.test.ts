// Crash safety: the server is killed with SIGKILL in the middle of a stream of writes and audited reads.
// After a restart every acknowledged write is there, every acknowledged read has its audit row, nothing is
// half-written, and the audit chain verifies.
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, PG_URL, pgUrlFor, tmpDir } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';

const ROOT = path.resolve('.');
const schemas: string[] = [];
afterAll(async () => {
  if (!schemas.length) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
      env: {
        PATH: process.env.PATH!,
        TMPDIR: process.env.TMPDIR ?? '/tmp',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        ...env,
      },
      cwd: ROOT,
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1]! });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
  });
}

describe.each(DIALECTS)('crash safety on %s', (dialect) => {
  it('loses no acknowledged write or read audit after SIGKILL', async () => {
    const env: Record<string, string> = {
      BERDAYA_DATA_DIR: tmpDir('berdaya-crash-'),
      BERDAYA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    if (dialect === 'postgres') {
      const schema = `t_crash_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      env.DATABASE_URL = pgUrlFor(schema);
    }
    const created = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/berdaya.js'),
        'user',
        'create',
        '--username',
        'pendamping',
        '--role',
        'caseworker',
        '--region',
        '6372',
      ],
      {
        input: 'Sungai-Martapura-kuat-99\n',
        env: { ...process.env, ...env, BERDAYA_CLI_FROM_SOURCE: '1' },
        encoding: 'utf8',
      },
    );
    expect(created.status, created.stderr).toBe(0);

    const { child, base } = await startServer(env);
    const headers = { 'content-type': 'application/json', origin: base };
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'pendamping', password: 'Sungai-Martapura-kuat-99' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const acknowledged: string[] = [];
    const readRequests: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/api/participants`, {
            method: 'POST',
            headers: { ...headers, cookie },
            body: JSON.stringify(participantBody()),
          });
          if (res.status !== 201) continue;
          const { id } = (await res.json()) as { id: string };
          acknowledged.push(id);
          const read = await fetch(`${base}/api/participants/${id}`, { headers: { cookie } });
          if (read.status === 200) readRequests.push(read.headers.get('x-request-id')!);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 20));
    // Listen for the exit before killing: the event may fire before the workers have noticed.
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited;

    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const booted = await boot(config);
    try {
      const db = booted.services.db.kysely;
      const ids = new Set((await db.selectFrom('participants').select('id').execute()).map((r) => r.id));
      for (const id of acknowledged) expect(ids.has(id), id).toBe(true);
      // No half-written registration: each has its consents, its stage event and its create audit.
      for (const id of ids) {
        expect((await db.selectFrom('consents').select('id').where('participant_id', '=', id).execute()).length).toBe(
          2,
        );
        expect(
          (await db.selectFrom('stage_events').select('id').where('participant_id', '=', id).execute()).length,
        ).toBe(1);
        expect(
          await db
            .selectFrom('audit_log')
            .select('seq')
            .where('resource_id', '=', id)
            .where('action', '=', 'participant.create')
            .executeTakeFirst(),
        ).toBeTruthy();
      }
      const audited = new Set(
        (await db.selectFrom('audit_log').select('request_id').where('action', '=', 'participant.read').execute()).map(
          (r) => r.request_id,
        ),
      );
      for (const rid of readRequests) expect(audited.has(rid), rid).toBe(true);
      const chain = await verifyAuditChain(db, booted.services.keys.subkey('audit-chain'));
      expect(chain.ok, JSON.stringify(chain.firstBad)).toBe(true);
    } finally {
      await booted.close();
    }
  });
});
