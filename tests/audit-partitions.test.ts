// The audit log by month on PostgreSQL (decision 042): entries land in their month's partition across a month
// boundary, a month without one lands in DEFAULT and is moved by the owner's step, the chain verifies across
// months, and `berdaya audit archive` moves months older than the retention to a file that verifies on its own,
// records an archive checkpoint and an audit event, drops their partitions, and leaves a log that still verifies
// from that checkpoint. On SQLite the log stays one table and the command refuses.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, makeEnv, pgUrlFor, tmpDir, type TestEnv } from './support/env.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';
import { checkpointHead, lastArchive, readCheckpointLines } from '../src/server/audit/checkpoints.ts';
import type { AuditEvent } from '../src/server/audit/events.ts';
import {
  ensureAuditMonths,
  listAuditPartitions,
  ownerAuditPartitions,
  partitionName,
} from '../src/server/db/partitions.ts';
import { ArchiveError, archiveAudit, verifyArchiveFile } from '../src/server/ops/audit-archive.ts';

const BIN = path.resolve('bin/berdaya.js');

function cli(env: TestEnv, args: string[], extra: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      BERDAYA_CLI_FROM_SOURCE: '1',
      BERDAYA_DATA_DIR: env.dataDir,
      BERDAYA_MASTER_KEY: env.keyRing.kek.toString('base64'),
      ...(env.pgSchema ? { DATABASE_URL: pgUrlFor(env.pgSchema) } : {}),
      ...extra,
    },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const event = (i: number): AuditEvent => ({
  action: 'audit.read',
  actorId: null,
  actor: 'reader',
  outcome: 'success',
  detail: { i },
});

/** Appends n entries dated `at` (in one unit of work, as a write's audit is). */
async function append(env: TestEnv, at: string, n = 1): Promise<void> {
  const s = env.booted.services;
  await s.db.kysely.transaction().execute((trx) =>
    s.audit.appendInTx(
      trx,
      Array.from({ length: n }, (_, i) => event(i)),
      new Date(at),
    ),
  );
}

/** Where each entry lives: seq → partition. */
async function placement(env: TestEnv): Promise<Map<number, string>> {
  const { rows } = await sql<{ seq: string; part: string }>`
    select seq, tableoid::regclass::text as part from audit_log order by seq`.execute(env.booted.services.db.kysely);
  return new Map(rows.map((r) => [Number(r.seq), r.part]));
}

const chain = (env: TestEnv, from?: { seq: number; hash: string }) =>
  verifyAuditChain(env.booted.services.db.kysely, env.keyRing.subkey('audit-chain'), 3, from);

describe.each(DIALECTS.filter((d) => d === 'postgres'))('audit partitions on %s', (dialect) => {
  let env: TestEnv;
  beforeEach(async () => {
    env = await makeEnv(dialect);
  });
  afterEach(async () => {
    await env?.close();
  });

  it('entries land in their month across a month boundary; a month without a partition lands in DEFAULT and is moved', async () => {
    const db = env.booted.services.db;
    // Made at start for the clock's month (2026-03) and the three after it.
    const months = (await listAuditPartitions(db.kysely)).map((p) => p.month);
    expect(months).toEqual(expect.arrayContaining(['2026-03', '2026-04', '2026-05', '2026-06', null]));
    const before = (await placement(env)).size;

    // The writer's own path (group commit) on both sides of midnight UTC at the month's end.
    env.clock.set(new Date('2026-03-31T23:59:59.990Z'));
    await Promise.all([1, 2, 3].map((i) => env.booted.services.audit.record(event(i))));
    env.clock.set(new Date('2026-04-01T00:00:00.010Z'));
    await Promise.all([4, 5, 6].map((i) => env.booted.services.audit.record(event(i))));
    let where = await placement(env);
    const mine = [...where].filter(([seq]) => seq > before).map(([, part]) => part);
    expect(mine).toEqual([...Array(3).fill(partitionName('2026-03')), ...Array(3).fill(partitionName('2026-04'))]);
    expect(mine).not.toContain('audit_log_default');

    // A month nobody made (the job did not run for a year): DEFAULT takes it, the append does not fail.
    await append(env, '2027-09-10T08:00:00.000Z', 2);
    where = await placement(env);
    const late = [...where].filter(([seq]) => seq > before + 6);
    expect(late.map(([, p]) => p)).toEqual(['audit_log_default', 'audit_log_default']);
    // The app's job cannot make that month now (PostgreSQL would refuse a partition whose rows sit in DEFAULT):
    // it makes the months after it, and leaves that one to the owner.
    const made = await ensureAuditMonths(db, new Date('2027-09-15T00:00:00Z'));
    expect(made).toEqual(['2027-10', '2027-11', '2027-12']);
    // The owner's step (every `berdaya migrate`) moves them into their own month; the chain is unchanged.
    const moved = await ownerAuditPartitions(db, new Date('2027-09-15T00:00:00Z'));
    expect(moved.moved).toBe(2);
    expect(moved.made).toContain('2027-09');
    where = await placement(env);
    expect([...where].filter(([seq]) => seq > before + 6).map(([, p]) => p)).toEqual([
      partitionName('2027-09'),
      partitionName('2027-09'),
    ]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log_default`.execute(db.kysely);
    expect(rows[0]!.n).toBe(0);

    // Verification walks by sequence across the months (a page of 3 crosses each boundary).
    const v = await chain(env);
    expect(v).toMatchObject({ ok: true, checked: where.size, headSeq: where.size });
    // Every partition carries the parent's indexes (the key, at, actor, record), those made later included, so the
    // audit reader's queries by actor or record use an index in each month.
    const idx = await sql<{ part: string; n: number }>`
      select c.relname as part, count(i.indexrelid)::int as n
        from pg_inherits h join pg_class c on c.oid = h.inhrelid left join pg_index i on i.indrelid = c.oid
       where h.inhparent = 'audit_log'::regclass group by c.relname`.execute(db.kysely);
    expect(idx.rows.length).toBeGreaterThan(5);
    for (const r of idx.rows) expect(r.n, r.part).toBe(4);
  });

  it('berdaya audit archive: old months to a verifiable file, an archive checkpoint, an audit event; the log verifies from it', async () => {
    const db = env.booted.services.db;
    // Two months of 2024 (each made by the owner's step, as a database that has run for years has them).
    await append(env, '2024-01-15T02:00:00.000Z', 4);
    await append(env, '2024-02-10T02:00:00.000Z', 3);
    // An entry numbered in 2024's run but dated in this year's month (another instance's clock ahead): it stays in
    // the database with its month, and is archived with the 2024 entries around it.
    await append(env, '2026-03-01T00:00:00.000Z', 1);
    await append(env, '2024-02-28T23:00:00.000Z', 2);
    await ownerAuditPartitions(db, new Date('2026-03-02T00:00:00Z'));
    const months = (await listAuditPartitions(db.kysely)).map((p) => p.month);
    expect(months).toEqual(expect.arrayContaining(['2024-01', '2024-02']));
    // A checkpoint taken in 2024, at an entry that will be archived: afterwards it names the archive, not a cut.
    await checkpointHead(
      db.kysely,
      env.config.auditCheckpoints,
      env.keyRing.subkey('audit-checkpoints'),
      new Date('2024-03-01T00:00:00Z'),
      'scheduled',
    );
    await append(env, '2026-03-02T01:00:00.000Z', 3);
    const through = 10; // 4 + 3 + 1 + 2
    const before = await placement(env);
    expect(before.get(8)).toBe(partitionName('2026-03'));

    // A dry run says what would go and changes nothing.
    const dry = cli(env, ['audit', 'archive', '--dry-run'], { BERDAYA_AUDIT_RETENTION_YEARS: '1' });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ months: ['2024-01', '2024-02'], throughSeq: through, dryRun: true });
    expect((await placement(env)).size).toBe(before.size);
    // Younger than the retention: refused.
    const young = cli(env, ['audit', 'archive', '--before', '2026-03'], { BERDAYA_AUDIT_RETENTION_YEARS: '1' });
    expect(young.code).toBe(2);
    expect(young.stderr).toMatch(/kept 1 year/);

    const out = tmpDir('berdaya-archive-');
    const res = cli(env, ['audit', 'archive', '--out', out], { BERDAYA_AUDIT_RETENTION_YEARS: '1' });
    expect(res.code, res.stderr).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({ months: ['2024-01', '2024-02'], fromSeq: 1, throughSeq: through, rows: through });
    expect(path.dirname(result.file)).toBe(out);
    expect(fs.statSync(result.file).mode & 0o777).toBe(0o600);

    // The partitions are gone; the straggler stays with its month; nothing else was touched.
    const after = (await listAuditPartitions(db.kysely)).map((p) => p.month);
    expect(after).not.toContain('2024-01');
    expect(after).not.toContain('2024-02');
    const left = await placement(env);
    expect([...left.keys()].filter((s) => s <= through)).toEqual([8]);
    expect([...left.keys()].filter((s) => s > through).length).toBe(before.size - through + 1); // + the event

    // The file verifies on its own (the chain key only), and its last entry is the archive checkpoint.
    const check = await verifyArchiveFile(result.file, env.keyRing.subkey('audit-chain'));
    expect(check).toMatchObject({ ok: true, rows: through, fromSeq: 1, throughSeq: through, sha256: result.sha256 });
    const archive = lastArchive(
      readCheckpointLines(env.config.auditCheckpoints, env.keyRing.subkey('audit-checkpoints')),
    );
    expect(archive).toEqual({ seq: through, hash: check.lastHash });
    const fileCheck = cli(env, ['audit', 'archive', 'verify', result.file]);
    expect(fileCheck.code, fileCheck.stderr).toBe(0);

    // The event names the months, the range, the file and its hash.
    const ev = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'audit.archive').execute();
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.detail!)).toMatchObject({
      months: ['2024-01', '2024-02'],
      fromSeq: 1,
      throughSeq: through,
      rows: through,
      file: path.basename(result.file),
      sha256: result.sha256,
    });

    // Verification starts from the archive checkpoint; without it, the missing start is a broken chain.
    const verified = cli(env, ['audit', 'verify']);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/Audit chain OK .*entries 1–10 archived/);
    expect(await chain(env)).toMatchObject({ ok: false, firstBad: { seq: 1, reason: 'entry 1 is missing' } });
    expect((await chain(env, archive!)).ok).toBe(true);

    // A file altered after the fact fails its check.
    const bad = path.join(out, 'altered.ndjson.gz');
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const text = gunzipSync(fs.readFileSync(result.file)).toString('utf8').replace('"reader"', '"someone-else"');
    fs.writeFileSync(bad, gzipSync(text));
    expect((await verifyArchiveFile(bad, env.keyRing.subkey('audit-chain'))).ok).toBe(false);

    // A second run finds nothing older to move.
    const again = cli(env, ['audit', 'archive', '--out', out], { BERDAYA_AUDIT_RETENTION_YEARS: '1' });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ months: [], rows: 0 });
  }, 120_000);

  it('a chain broken inside the months to archive is not archived: nothing is dropped', async () => {
    const db = env.booted.services.db;
    await append(env, '2024-01-15T02:00:00.000Z', 3);
    await ownerAuditPartitions(db, new Date('2026-03-02T00:00:00Z'));
    await sql`alter table audit_log disable trigger user`.execute(db.kysely);
    await sql`update audit_log set actor = 'someone-else' where seq = 2`.execute(db.kysely);
    await sql`alter table audit_log enable trigger user`.execute(db.kysely);
    const owner = db;
    await expect(
      archiveAudit(env.booted.services, { owner, retentionYears: 1, dir: tmpDir('berdaya-archive-') }),
    ).rejects.toThrow(/entry 2 does not fit the chain/);
    expect((await listAuditPartitions(db.kysely)).map((p) => p.month)).toContain('2024-01');
    expect(readCheckpointLines(env.config.auditCheckpoints, env.keyRing.subkey('audit-checkpoints'))).toEqual([]);
  });
});

describe.each(DIALECTS.filter((d) => d === 'sqlite'))('audit archive on %s', (dialect) => {
  let env: TestEnv;
  beforeEach(async () => {
    env = await makeEnv(dialect);
  });
  afterEach(async () => {
    await env?.close();
  });

  it('refuses: the log is one table there, and stays whole', async () => {
    await append(env, '2020-01-15T02:00:00.000Z', 2);
    await expect(
      archiveAudit(env.booted.services, { owner: env.booted.services.db, retentionYears: 1, dir: env.dataDir }),
    ).rejects.toBeInstanceOf(ArchiveError);
    const res = cli(env, ['audit', 'archive']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/for PostgreSQL/);
    expect((await chain(env)).ok).toBe(true);
  });
});
