// `berdaya audit archive`: months of the audit log older than the retention (BERDAYA_AUDIT_RETENTION_YEARS) moved
// out of the database into an archive file, on PostgreSQL, where the log is partitioned by month (decision 042).
// The application never deletes audit entries; this command runs as the schema's owner (DATABASE_MIGRATION_URL,
// else DATABASE_URL), the only role that may detach and drop a partition.
//
// In this order, so that a crash at any step loses nothing and a second run finishes the work:
// 1. every entry from the last archive's end (or the first) to N — the last entry dated before the boundary — is
//    read in order, its link and hash checked, and written to a gzip'd NDJSON file (a header with where the chain
//    stood before it, one line per entry with its hashes, a trailer), forced to disk, then renamed into place;
// 2. a signed checkpoint of entry N, reason `archive`, is appended to the checkpoint file (decision 031): the
//    database's chain now starts after it, and `berdaya audit verify` starts there;
// 3. an `audit.archive` event names the months, the range, the file and its SHA-256;
// 4. the months' partitions are detached and dropped, in one transaction under the log's exclusive lock.
// An entry numbered at or before N but dated in a later month (another instance's clock, a batch queued across
// midnight) stays in the database with its month, and is in the file too; verification skips it.
// On SQLite the log is one table and the command refuses: there the log stays whole, and its backups are its archive.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import readline from 'node:readline';
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Services } from '../context.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { AUDIT_COLUMNS, chainHash, GENESIS_HASH } from '../audit/chain.ts';
import { appendCheckpoint, lastArchive, readCheckpointLines } from '../audit/checkpoints.ts';
import { addMonths, listAuditPartitions, monthOf, monthStart } from '../db/partitions.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../paths.ts';

export class ArchiveError extends Error {}

export const ARCHIVE_FORMAT = 'berdaya-audit-archive';

export interface ArchiveOptions {
  /** A connection as the schema's owner (PostgreSQL). */
  owner: Db;
  retentionYears: number;
  /** Where the archive files go. */
  dir: string;
  /** Archive only months before this one (`YYYY-MM`); never later than the retention allows. */
  before?: string;
  dryRun?: boolean;
}

export interface ArchiveResult {
  /** Months before this one were archived. */
  before: string;
  months: string[];
  /** The entries written to the file (none when an earlier run wrote them and only the drop remained). */
  fromSeq: number | null;
  throughSeq: number | null;
  rows: number;
  file: string | null;
  sha256: string | null;
  dryRun: boolean;
}

interface Header {
  format: typeof ARCHIVE_FORMAT;
  v: 1;
  before: string;
  months: string[];
  fromSeq: number;
  throughSeq: number;
  /** The hash the first entry links to: the previous archive's last entry, or the chain's start. */
  prevHash: string;
  createdAt: string;
}

/** The months an archive may take now: those wholly older than the retention, or than `before` when earlier. */
export function archiveBoundary(now: Date, retentionYears: number, before?: string): string {
  const limit = addMonths(monthOf(now), -12 * retentionYears);
  if (before === undefined) return limit;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(before)) throw new ArchiveError(`--before ${before}: a month, YYYY-MM`);
  if (before > limit) {
    throw new ArchiveError(
      `--before ${before}: entries are kept ${retentionYears} year(s) (BERDAYA_AUDIT_RETENTION_YEARS); the latest month that may be archived now is before ${limit}`,
    );
  }
  return before;
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export async function archiveAudit(s: Services, opts: ArchiveOptions): Promise<ArchiveResult> {
  const owner = opts.owner;
  if (owner.dialect !== 'postgres') {
    throw new ArchiveError(
      'berdaya audit archive is for PostgreSQL, where the audit log is partitioned by month. On SQLite the log stays whole; its backups are its archive.',
    );
  }
  const now = s.clock.now();
  const before = archiveBoundary(now, opts.retentionYears, opts.before);
  const boundary = monthStart(before);
  const partitions = (await listAuditPartitions(owner.kysely)).filter((p) => p.month !== null && p.month < before);
  const months = partitions.map((p) => p.month!);
  const result: ArchiveResult = {
    before,
    months,
    fromSeq: null,
    throughSeq: null,
    rows: 0,
    file: null,
    sha256: null,
    dryRun: !!opts.dryRun,
  };
  if (partitions.length === 0) return result;

  const chainKey = s.keys.subkey('audit-chain');
  const cpKey = s.keys.subkey('audit-checkpoints');
  const previous = lastArchive(readCheckpointLines(s.config.auditCheckpoints, cpKey)) ?? {
    seq: 0,
    hash: GENESIS_HASH,
  };
  const last = await sql<{ n: string | null }>`select max(seq) as n from audit_log where at < ${boundary}`.execute(
    owner.kysely,
  );
  const through = last.rows[0]?.n == null ? 0 : Number(last.rows[0].n);
  if (through > previous.seq) {
    result.fromSeq = previous.seq + 1;
    result.throughSeq = through;
  }
  if (opts.dryRun) {
    if (result.throughSeq !== null) result.rows = result.throughSeq - previous.seq;
    return result;
  }

  if (result.throughSeq !== null) {
    const written = await writeArchive(owner, chainKey, opts.dir, {
      format: ARCHIVE_FORMAT,
      v: 1,
      before,
      months,
      fromSeq: previous.seq + 1,
      throughSeq: through,
      prevHash: previous.hash,
      createdAt: now.toISOString(),
    });
    Object.assign(result, written);
    await appendCheckpoint(s.config.auditCheckpoints, cpKey, { seq: through, hash: written.lastHash }, now, 'archive');
  }
  // Every entry dated before the boundary is now at or before the last archive checkpoint: the file holds it.
  const event = [
    {
      action: 'audit.archive',
      actorId: null,
      actor: 'console',
      resourceType: 'audit',
      outcome: 'success',
      detail: {
        before,
        months,
        fromSeq: result.fromSeq,
        throughSeq: result.throughSeq ?? previous.seq,
        rows: result.rows,
        file: result.file ? path.basename(result.file) : null,
        sha256: result.sha256,
      },
    } as const,
  ];
  await owner.kysely.transaction().execute((trx) => s.audit.appendInTx(trx, event, now));
  await owner.kysely.transaction().execute(async (trx) => {
    // Waits at most this long for the appends under way; the app's next appends wait behind the lock meanwhile.
    await sql`set local lock_timeout = '10s'`.execute(trx);
    await sql`lock table audit_log in access exclusive mode`.execute(trx);
    for (const p of partitions) {
      await sql`alter table audit_log detach partition ${sql.id(p.name)}`.execute(trx);
      await sql`drop table ${sql.id(p.name)}`.execute(trx);
    }
  });
  return result;
}

/**
 * Writes entries fromSeq..throughSeq to `<dir>/audit-<from>-<through>.ndjson.gz`, checking each link and hash as
 * it goes (a broken chain is never archived: the command stops and drops nothing), forced to disk before it is
 * renamed into place.
 */
async function writeArchive(
  owner: Db,
  chainKey: Buffer,
  dir: string,
  header: Header,
): Promise<{ file: string; sha256: string; rows: number; lastHash: string }> {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const name = `audit-${String(header.fromSeq).padStart(12, '0')}-${String(header.throughSeq).padStart(12, '0')}.ndjson.gz`;
  const file = path.join(dir, name);
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp, { mode: PRIVATE_FILE_MODE });
  const gz = createGzip();
  const digest = createHash('sha256');
  gz.on('data', (chunk: Buffer) => digest.update(chunk));
  gz.pipe(out);
  const write = async (line: unknown) => {
    if (!gz.write(`${JSON.stringify(line)}\n`)) await once(gz, 'drain');
  };
  await write(header);
  let prev = header.prevHash;
  let expected = header.fromSeq;
  const page = 5000;
  while (expected <= header.throughSeq) {
    const rows = await owner.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expected)
      .where('seq', '<=', header.throughSeq)
      .orderBy('seq')
      .limit(page)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) throw new ArchiveError(`entry ${expected} is missing: nothing archived`);
      const { hash, prev_hash, ...fields } = row;
      if (prev_hash !== prev || chainHash(chainKey, prev, { ...fields, seq }) !== hash) {
        throw new ArchiveError(`entry ${seq} does not fit the chain: nothing archived (run berdaya audit verify)`);
      }
      await write(AUDIT_COLUMNS.map((c) => (c === 'seq' ? seq : row[c])));
      prev = hash;
      expected += 1;
    }
  }
  if (expected !== header.throughSeq + 1) throw new ArchiveError(`entry ${expected} is missing: nothing archived`);
  await write({
    end: true,
    rows: header.throughSeq - header.fromSeq + 1,
    throughSeq: header.throughSeq,
    lastHash: prev,
  });
  gz.end();
  await once(out, 'finish');
  const fd = fs.openSync(tmp, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(dir);
  return { file, sha256: digest.digest('hex'), rows: header.throughSeq - header.fromSeq + 1, lastHash: prev };
}

export interface ArchiveCheck {
  ok: boolean;
  rows: number;
  fromSeq: number;
  throughSeq: number;
  lastHash: string;
  sha256: string;
  problem?: string;
}

/**
 * Checks an archive file without the database's rows: its header, every entry's link and hash (the chain key, so the
 * master key), the numbering without a gap, and the trailer. The caller compares lastHash with the archive
 * checkpoint of throughSeq.
 */
export async function verifyArchiveFile(file: string, chainKey: Buffer): Promise<ArchiveCheck> {
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let header: Header | null = null;
  let prev = '';
  let expected = 0;
  let rows = 0;
  let end = null as { rows: number; throughSeq: number; lastHash: string } | null;
  const fail = (problem: string): ArchiveCheck => ({
    ok: false,
    rows,
    fromSeq: header?.fromSeq ?? 0,
    throughSeq: header?.throughSeq ?? 0,
    lastHash: prev,
    sha256,
    problem,
  });
  for await (const line of lines) {
    if (line === '') continue;
    const value = JSON.parse(line) as unknown;
    if (header === null) {
      const h = value as Header;
      if (h.format !== ARCHIVE_FORMAT || h.v !== 1) return fail('not a Berdaya audit archive');
      header = h;
      prev = h.prevHash;
      expected = h.fromSeq;
      continue;
    }
    if (end) return fail('lines after the trailer');
    if (!Array.isArray(value)) {
      end = value as typeof end;
      continue;
    }
    const row = Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c, value[i]])) as unknown as AuditLogTable;
    if (row.seq !== expected) return fail(`entry ${expected} is missing (found ${row.seq})`);
    const { hash, prev_hash, ...fields } = row;
    if (prev_hash !== prev) return fail(`entry ${row.seq}: prev_hash does not match the previous entry`);
    if (chainHash(chainKey, prev, fields) !== hash) return fail(`entry ${row.seq}: hash does not match the entry`);
    prev = hash;
    expected += 1;
    rows += 1;
  }
  if (!header) return fail('empty file');
  if (!end) return fail('no trailer: the file was cut short');
  if (expected !== header.throughSeq + 1 || end.rows !== rows || end.lastHash !== prev) {
    return fail(`the trailer does not match the entries (${rows} read, through ${expected - 1})`);
  }
  return { ok: true, rows, fromSeq: header.fromSeq, throughSeq: header.throughSeq, lastHash: prev, sha256 };
}
