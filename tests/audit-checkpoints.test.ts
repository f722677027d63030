// Checkpoints of the audit chain's head outside the database (decision 031). An attacker with database access
// (triggers dropped or disabled) cuts the chain's end and moves the head back: the chain alone still verifies,
// the checkpoint file does not. Also: a rewritten chain, a line taken out of the file, a clean run, one
// instance per scheduled pass, and a checkpoint at a graceful close.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, makeEnv, pgUrlFor, type TestEnv } from './support/env.ts';
import { boot, type Booted } from '../src/server/boot.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';
import { chainHash, type ChainedFields } from '../src/server/audit/chain.ts';
import { verifyCheckpoints, type Checkpoint } from '../src/server/audit/checkpoints.ts';
import { CHECKPOINT_JOB, checkpointJob } from '../src/server/jobs/jobs.ts';
import type { AuditEvent } from '../src/server/audit/events.ts';

const BIN = path.resolve('bin/berdaya.js');

/** `berdaya` as a real process on the env's database, data folder and master key. */
function cli(env: TestEnv, args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      BERDAYA_CLI_FROM_SOURCE: '1',
      BERDAYA_DATA_DIR: env.dataDir,
      BERDAYA_MASTER_KEY: env.keyRing.kek.toString('base64'),
      ...(env.pgSchema ? { DATABASE_URL: pgUrlFor(env.pgSchema) } : {}),
    },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A connection of someone who can reach the database directly, outside the application. */
async function attacker(env: TestEnv) {
  if (env.dialect === 'sqlite') {
    const db = new SqliteDatabase(path.join(env.dataDir, 'berdaya.sqlite'));
    return {
      run: async (sql: string, params: unknown[] = []) => void db.prepare(sql).run(...params),
      all: async (sql: string) => db.prepare(sql).all() as Record<string, unknown>[],
      disableTriggers: async () => {
        db.exec('DROP TRIGGER audit_log_no_update');
        db.exec('DROP TRIGGER audit_log_no_delete');
      },
      close: async () => db.close(),
    };
  }
  const c = new pg.Client({ connectionString: pgUrlFor(env.pgSchema!) });
  await c.connect();
  const numbered = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    run: async (sql: string, params: unknown[] = []) => void (await c.query(numbered(sql), params)),
    all: async (sql: string) => (await c.query(sql)).rows as Record<string, unknown>[],
    disableTriggers: async () => void (await c.query('ALTER TABLE audit_log DISABLE TRIGGER USER')),
    close: () => c.end(),
  };
}

/** Removes the last n entries and moves the head back to the new last one, as the attack does. */
async function truncate(env: TestEnv, n: number): Promise<{ from: number; to: number }> {
  const a = await attacker(env);
  try {
    await a.disableTriggers();
    const to = Number((await a.all('SELECT MAX(seq) AS m FROM audit_log'))[0]!.m);
    await a.run('DELETE FROM audit_log WHERE seq > ?', [to - n]);
    await a.run(
      'UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_log), hash = (SELECT hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)) WHERE id = 1',
    );
    return { from: to - n + 1, to };
  } finally {
    await a.close();
  }
}

/**
 * Changes entry `seq` and chains every entry after it again, head included, with the chain key: the chain alone
 * verifies afterwards (someone who also obtained the chain key), the checkpoints do not.
 */
async function rewriteFrom(env: TestEnv, seq: number): Promise<void> {
  const key = env.keyRing.subkey('audit-chain');
  const a = await attacker(env);
  try {
    await a.disableTriggers();
    const rows = await a.all(`SELECT * FROM audit_log WHERE seq >= ${seq - 1} ORDER BY seq`);
    let prev = String(rows[0]!.hash);
    for (const row of rows.slice(1)) {
      const fields = { ...row, seq: Number(row.seq) } as unknown as ChainedFields & { hash: string; prev_hash: string };
      if (fields.seq === seq) fields.actor = 'someone-else';
      const hash = chainHash(key, prev, fields);
      await a.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
        fields.actor,
        prev,
        hash,
        fields.seq,
      ]);
      prev = hash;
    }
    await a.run('UPDATE audit_head SET hash = ? WHERE id = 1', [prev]);
  } finally {
    await a.close();
  }
}

const read = (i: number): AuditEvent => ({
  action: 'audit.read',
  actorId: null,
  actor: 'reader',
  outcome: 'success',
  detail: { i },
});

async function writeRows(env: TestEnv, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, (_, i) => env.booted.services.audit.record(read(i))));
}

const checkpointFile = (env: TestEnv) => env.config.auditCheckpoints;
const fileLines = (env: TestEnv): Checkpoint[] =>
  fs
    .readFileSync(checkpointFile(env), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Checkpoint);
const head = async (env: TestEnv) =>
  Number(
    (
      await env.booted.services.db.kysely
        .selectFrom('audit_head')
        .select('seq')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow()
    ).seq,
  );
const verify = (env: TestEnv) =>
  verifyCheckpoints(
    env.booted.services.db.kysely,
    env.booted.services.keys.subkey('audit-checkpoints'),
    checkpointFile(env),
  );

describe.each(DIALECTS)('audit checkpoints on %s', (dialect) => {
  let env: TestEnv;
  beforeEach(async () => {
    env = await makeEnv(dialect);
  });
  afterEach(async () => {
    await env?.close();
  });

  /** The server's scheduled work: the checkpoint pass (with retention) of the current half hour. */
  async function scheduledCheckpoint(): Promise<void> {
    await env.booted.startBackground().idle();
  }

  it('a truncated chain whose head was moved back is reported by `berdaya audit verify` (exit 1)', async () => {
    await writeRows(env, 40);
    await scheduledCheckpoint();
    const lines = fileLines(env);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reason: 'scheduled', seq: await head(env) });
    expect(fs.statSync(checkpointFile(env)).mode & 0o777).toBe(0o600);

    const clean = cli(env, ['audit', 'verify']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(new RegExp(`Audit chain OK \\(${lines[0]!.seq} rows, 1 checkpoints\\)`));

    const cut = await truncate(env, 30);
    // The chain alone cannot tell: this is what went through before.
    const chainOnly = await verifyAuditChain(env.booted.services.db.kysely, env.keyRing.subkey('audit-chain'));
    expect(chainOnly.ok).toBe(true);

    const res = cli(env, ['audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).not.toMatch(/Audit chain OK/);
    expect(res.stderr).toContain('Audit checkpoint TRUNCATED');
    expect(res.stderr).toContain(
      `records entry ${cut.to}, but the chain ends at entry ${cut.from - 1}: entries ${cut.from}–${cut.to} were removed`,
    );
  });

  it('entries written again over a cut end, and a chain rewritten with its key, are reported as rewritten', async () => {
    await writeRows(env, 40);
    await scheduledCheckpoint();
    const at = fileLines(env)[0]!.seq;

    // Cut 30 and let the application write 35 more: the head passes the checkpoint again, with other entries.
    await truncate(env, 30);
    await writeRows(env, 35);
    expect(await head(env)).toBeGreaterThan(at);
    expect((await verifyAuditChain(env.booted.services.db.kysely, env.keyRing.subkey('audit-chain'))).ok).toBe(true);
    let r = await verify(env);
    expect(r.problems.map((p) => p.kind)).toEqual(['rewritten']);
    expect(r.problems[0]!.message).toMatch(
      new RegExp(`records entry ${at} with hash .* but the log's entry ${at} has`),
    );

    // The CLI says so too.
    const res = cli(env, ['audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Audit checkpoint REWRITTEN');

    // A fresh environment: one entry changed and everything after it chained again with the chain key.
    await env.close();
    env = await makeEnv(dialect);
    await writeRows(env, 20);
    await scheduledCheckpoint();
    await rewriteFrom(env, 5);
    expect((await verifyAuditChain(env.booted.services.db.kysely, env.keyRing.subkey('audit-chain'))).ok).toBe(true);
    r = await verify(env);
    expect(r.problems.map((p) => p.kind)).toEqual(['rewritten']);
  });

  it('a line taken out of the checkpoint file, or an altered line, is reported', async () => {
    await writeRows(env, 5);
    await scheduledCheckpoint();
    for (const n of [3, 4]) {
      env.clock.advance(30 * 60_000);
      await writeRows(env, n);
      const ran = await env.booted.startBackground().runDue();
      expect(ran.map((p) => p.job)).toContain(CHECKPOINT_JOB);
    }
    const original = fs.readFileSync(checkpointFile(env), 'utf8');
    const lines = original.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect((await verify(env)).problems).toEqual([]);

    // The middle line removed: the third no longer follows the first.
    fs.writeFileSync(checkpointFile(env), `${lines[0]}\n${lines[2]}\n`);
    let r = await verify(env);
    expect(r.problems).toEqual([
      expect.objectContaining({ kind: 'gap', line: 2, message: expect.stringMatching(/does not follow line 1/) }),
    ]);
    const res = cli(env, ['audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Audit checkpoint GAP');

    // The first line removed: the file no longer starts where it did.
    fs.writeFileSync(checkpointFile(env), `${lines[1]}\n${lines[2]}\n`);
    r = await verify(env);
    expect(r.problems.map((p) => [p.kind, p.line])).toEqual([['gap', 1]]);

    // A line's entry changed (to hide a cut at that point): its signature fails.
    const forged = { ...(JSON.parse(lines[1]!) as Checkpoint), seq: 1 };
    fs.writeFileSync(checkpointFile(env), `${lines[0]}\n${JSON.stringify(forged)}\n${lines[2]}\n`);
    r = await verify(env);
    expect(r.problems.map((p) => p.kind)).toEqual(['tampered', 'gap']);
    expect(r.problems[0]!.message).toMatch(/line 2: the signature does not match/);
  });

  it('a clean log with its checkpoints verifies, from the file and from its printed copy', async () => {
    await writeRows(env, 12);
    await scheduledCheckpoint();
    env.clock.advance(30 * 60_000);
    await writeRows(env, 3);
    await env.booted.startBackground().runDue();
    const res = cli(env, ['audit', 'verify']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`Audit chain OK \\(${await head(env)} rows, 2 checkpoints\\)`));

    const printed = cli(env, ['audit', 'checkpoints', 'print']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/# {4}1 {2}2026-03-02T01:00:00\.000Z {2}scheduled/);
    for (const line of fs.readFileSync(checkpointFile(env), 'utf8').split('\n').filter(Boolean))
      expect(printed.stdout).toContain(`\n${line}\n`);
    const copy = path.join(env.dataDir, 'off-site-copy.txt');
    fs.writeFileSync(copy, printed.stdout);
    const fromCopy = cli(env, ['audit', 'verify', '--checkpoints', copy]);
    expect(fromCopy.code, fromCopy.stderr).toBe(0);
    expect(fromCopy.stdout).toMatch(/2 checkpoints/);
  });

  it('the scheduled checkpoint runs on one of two instances; a graceful close writes one', async () => {
    const second: Booted = await boot(env.config, {
      keyRing: env.keyRing,
      clock: env.clock,
      pgSchema: env.pgSchema,
      poolSize: 5,
    });
    let open = true;
    try {
      await writeRows(env, 7);
      const sa = env.booted.startBackground({ jobs: [checkpointJob(env.booted.services)] });
      const sb = second.startBackground({ jobs: [checkpointJob(second.services)] });
      await sa.idle();
      await sb.idle();
      // Both checked at start and again now, at once: one pass, one line.
      const again = (await Promise.all([sa.runDue(), sb.runDue()])).flat();
      expect(again).toEqual([]);
      expect(fileLines(env)).toHaveLength(1);
      const runs = await env.booted.services.db.kysely
        .selectFrom('job_runs')
        .selectAll()
        .where('job', '=', CHECKPOINT_JOB)
        .execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ day: '2026-03-02T01:00Z', outcome: 'success' });
      expect([sa.instanceId, sb.instanceId]).toContain(runs[0]!.instance_id);

      // The next half hour: again one pass between them.
      env.clock.advance(30 * 60_000);
      const ran = (await Promise.all([sa.runDue(), sb.runDue()])).flat();
      expect(ran).toHaveLength(1);
      expect(fileLines(env).map((c) => c.reason)).toEqual(['scheduled', 'scheduled']);

      // The second instance shuts down after more reads: its last head is in the file.
      await writeRows(env, 4);
      await second.close();
      open = false;
      const last = fileLines(env).at(-1)!;
      expect(last).toMatchObject({ reason: 'shutdown', seq: await head(env) });
      expect((await verify(env)).problems).toEqual([]);
    } finally {
      if (open) await second.close();
    }
  });
});
