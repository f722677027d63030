// Checkpoints of the audit chain's head, kept outside the database (decision 031). Someone who can write to the
// database but holds neither the master key nor this file can cut the chain's end and move the head back to the
// new last row: the chain still verifies on its own. A checkpoint taken before the cut names an entry (its seq
// and hash) that is then missing or different, and `berdaya audit verify` compares the chain with every line.
//
// The file is append-only (opened with O_APPEND, mode 0600), one JSON line per checkpoint. Each line carries
// the SHA-256 of the line before it (the first one a row of zeros), so the file is a chain too: a removed or
// inserted line breaks the link of the line after it. Each line is signed with HMAC-SHA-256 under the
// `audit-checkpoints` sub-key, derived from the data root key that only the master key unwraps.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../paths.ts';

export const CHECKPOINT_FILE_START = '0'.repeat(64);

/**
 * `archive`: written by `berdaya audit archive` (decision 042) at the last entry moved out of the database: the
 * chain in the database then starts after it, and verification starts from it.
 */
export type CheckpointReason = 'scheduled' | 'shutdown' | 'manual' | 'archive';

export interface Checkpoint {
  /** Format version. */
  v: 1;
  /** The chain's head: its last entry's seq and hash (0 and zeros while the log is empty). */
  seq: number;
  hash: string;
  /** When it was taken (ISO). */
  at: string;
  reason: CheckpointReason;
  /** SHA-256 (hex) of the previous line of the file, as written; CHECKPOINT_FILE_START for the first. */
  prev: string;
  /** HMAC-SHA-256 (hex) over the fields above. */
  sig: string;
}

function signedText(c: Omit<Checkpoint, 'sig'>): string {
  return JSON.stringify(['berdaya-audit-checkpoint', c.v, c.seq, c.hash, c.at, c.reason, c.prev]);
}

function sign(key: Buffer, c: Omit<Checkpoint, 'sig'>): string {
  return createHmac('sha256', key).update(signedText(c)).digest('hex');
}

/** The link the next line carries: the SHA-256 of this line exactly as written (without its newline). */
export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** The chain's head as the database records it. */
export async function readAuditHead(db: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/** The last line of the file (empty and comment lines skipped), read from its end; null when there is none. */
function lastLine(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const size = fs.fstatSync(fd).size;
    // A line is a few hundred bytes; read more from the end until a whole line is in hand.
    for (let want = 4096; ; want *= 4) {
      const length = Math.min(size, want);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      const lines = buf.toString('utf8').split('\n');
      // The first piece may be cut off unless the read reached the file's start.
      const whole = length === size ? lines : lines.slice(1);
      for (let i = whole.length - 1; i >= 0; i--) {
        const line = whole[i]!.trim();
        if (line !== '' && !line.startsWith('#')) return line;
      }
      if (length === size) return null;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether the file ends in the middle of a line (a write cut short): the next line must then start afresh. */
function endsMidLine(fd: number): boolean {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return false;
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, size - 1);
  return b[0] !== 0x0a;
}

const LOCK_STALE_MS = 30_000;

/**
 * Runs `fn` (synchronous) while holding `<file>.lock`, so that two processes appending to one file (a shutdown
 * and the scheduled pass on one host) each link to the line the other wrote. Within one process `fn` is
 * synchronous, so no two appends interleave. A lock left by a process that died is taken after 30 seconds.
 */
async function withFileLock<T>(file: string, fn: () => T): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', PRIVATE_FILE_MODE));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      } catch {
        // removed meanwhile: try again
      }
      if (Date.now() > deadline) throw new Error(`audit checkpoint: ${lock} is held by another process`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Appends one signed checkpoint of `head` to the file and forces it to disk. The folder is created (0700) when
 * missing; the file is created 0600 and made 0600 if it was not.
 */
export async function appendCheckpoint(
  file: string,
  key: Buffer,
  head: { seq: number; hash: string },
  at: Date,
  reason: CheckpointReason,
): Promise<Checkpoint> {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return withFileLock(file, () => {
    const before = lastLine(file);
    const fields: Omit<Checkpoint, 'sig'> = {
      v: 1,
      seq: head.seq,
      hash: head.hash,
      at: at.toISOString(),
      reason,
      prev: before === null ? CHECKPOINT_FILE_START : lineHash(before),
    };
    const checkpoint: Checkpoint = { ...fields, sig: sign(key, fields) };
    const fd = fs.openSync(
      file,
      fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT,
      PRIVATE_FILE_MODE,
    );
    try {
      fs.fchmodSync(fd, PRIVATE_FILE_MODE);
      const rd = fs.openSync(file, 'r');
      let lead = '';
      try {
        if (endsMidLine(rd)) lead = '\n';
      } finally {
        fs.closeSync(rd);
      }
      fs.writeSync(fd, `${lead}${JSON.stringify(checkpoint)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return checkpoint;
  });
}

/** Takes a checkpoint of the database's head now. */
export async function checkpointHead(
  db: Kysely<Database>,
  file: string,
  key: Buffer,
  at: Date,
  reason: CheckpointReason,
): Promise<Checkpoint> {
  return appendCheckpoint(file, key, await readAuditHead(db), at, reason);
}

export interface CheckpointLine {
  /** 1-based line number in the text read. */
  line: number;
  checkpoint: Checkpoint;
}

export interface CheckpointProblem {
  kind: 'truncated' | 'rewritten' | 'tampered' | 'gap';
  line: number;
  message: string;
}

function isCheckpoint(x: unknown): x is Checkpoint {
  const c = x as Checkpoint;
  return (
    typeof x === 'object' &&
    x !== null &&
    c.v === 1 &&
    Number.isSafeInteger(c.seq) &&
    c.seq >= 0 &&
    typeof c.hash === 'string' &&
    typeof c.at === 'string' &&
    typeof c.reason === 'string' &&
    typeof c.prev === 'string' &&
    typeof c.sig === 'string' &&
    /^[0-9a-f]{64}$/.test(c.sig)
  );
}

/**
 * Reads a checkpoint file (or its printed copy: lines starting with # are skipped) and checks each line's
 * signature and its link to the line before. Lines that fail are reported and not used against the chain.
 */
export function readCheckpointFile(
  text: string,
  key: Buffer,
): { lines: CheckpointLine[]; problems: CheckpointProblem[] } {
  const lines: CheckpointLine[] = [];
  const problems: CheckpointProblem[] = [];
  let prevRaw: string | null = null;
  let prevLine = 0;
  text.split('\n').forEach((rawLine, i) => {
    const raw = rawLine.trim();
    const n = i + 1;
    if (raw === '' || raw.startsWith('#')) return;
    const expectedPrev = prevRaw === null ? CHECKPOINT_FILE_START : lineHash(prevRaw);
    prevRaw = raw;
    const before = prevLine;
    prevLine = n;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = null;
    }
    if (!isCheckpoint(parsed)) {
      problems.push({
        kind: 'tampered',
        line: n,
        message: `checkpoint file line ${n} is not a checkpoint (altered or cut short)`,
      });
      return;
    }
    const { sig, ...fields } = parsed;
    const good = Buffer.from(sign(key, fields), 'hex');
    if (!timingSafeEqual(good, Buffer.from(sig, 'hex'))) {
      problems.push({
        kind: 'tampered',
        line: n,
        message: `checkpoint file line ${n}: the signature does not match (the line was altered, or not signed under this master key)`,
      });
      return;
    }
    if (parsed.prev !== expectedPrev) {
      problems.push({
        kind: 'gap',
        line: n,
        message:
          before === 0
            ? `checkpoint file line ${n} does not start the file: the lines before it were removed (gap)`
            : `checkpoint file line ${n} does not follow line ${before}: a line between them was removed or inserted (gap)`,
      });
    }
    lines.push({ line: n, checkpoint: parsed });
  });
  return { lines, problems };
}

/**
 * Compares the database's chain with each checkpoint: an entry a checkpoint names must still be there with the
 * same hash. A checkpoint beyond the head means entries were removed from the end; a different hash means the
 * chain was rewritten up to that entry (or cut and written again past it).
 */
export async function checkChainAgainst(
  db: Kysely<Database>,
  lines: readonly CheckpointLine[],
  /** Entries up to this one were archived out of the database (decision 042): checkpoints there name the archive. */
  archivedThrough = 0,
): Promise<CheckpointProblem[]> {
  const problems: CheckpointProblem[] = [];
  const head = await readAuditHead(db);
  const last = await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const lastSeq = Math.max(head.seq, last ? Number(last.seq) : 0);
  const wanted = [...new Set(lines.map((l) => l.checkpoint.seq).filter((s) => s > archivedThrough && s <= lastSeq))];
  const hashes = new Map<number, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) hashes.set(Number(r.seq), r.hash);
  }
  for (const { line, checkpoint: c } of lines) {
    const when = `checkpoint of ${c.at} (file line ${line})`;
    if (c.seq > lastSeq) {
      problems.push({
        kind: 'truncated',
        line,
        message: `${when} records entry ${c.seq}, but the chain ends at entry ${lastSeq}: entries ${lastSeq + 1}–${c.seq} were removed from its end (truncated)`,
      });
      continue;
    }
    if (c.seq === 0 || c.seq <= archivedThrough) continue;
    const found = hashes.get(c.seq);
    if (found === undefined) {
      problems.push({
        kind: 'truncated',
        line,
        message: `${when} records entry ${c.seq}, which is no longer in the log (removed)`,
      });
    } else if (found !== c.hash) {
      problems.push({
        kind: 'rewritten',
        line,
        message: `${when} records entry ${c.seq} with hash ${c.hash.slice(0, 16)}…, but the log's entry ${c.seq} has ${found.slice(0, 16)}…: the chain was rewritten up to there (or cut and written again past it)`,
      });
    }
  }
  return problems;
}

/**
 * The last archive checkpoint among well-signed lines (decision 042): the entry the database's chain continues
 * from after `berdaya audit archive` moved the entries up to it into an archive file; null when none was archived.
 */
export function lastArchive(lines: readonly CheckpointLine[]): { seq: number; hash: string } | null {
  let found: { seq: number; hash: string } | null = null;
  for (const { checkpoint: c } of lines) {
    if (c.reason === 'archive' && (!found || c.seq > found.seq)) found = { seq: c.seq, hash: c.hash };
  }
  return found;
}

/** The file's well-signed lines; none when it is missing. */
export function readCheckpointLines(file: string, key: Buffer): CheckpointLine[] {
  try {
    return readCheckpointFile(fs.readFileSync(file, 'utf8'), key).lines;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Reads the file and checks it and the chain; a missing file is no checkpoints (the caller says so). `archive` is
 * where an archive left the chain's start (lastArchive), which the chain's own verification starts from.
 */
export async function verifyCheckpoints(
  db: Kysely<Database>,
  key: Buffer,
  file: string,
): Promise<{
  exists: boolean;
  checkpoints: number;
  problems: CheckpointProblem[];
  archive: { seq: number; hash: string } | null;
}> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { exists: false, checkpoints: 0, problems: [], archive: null };
    throw err;
  }
  const { lines, problems } = readCheckpointFile(text, key);
  const archive = lastArchive(lines);
  const chain = await checkChainAgainst(db, lines, archive?.seq ?? 0);
  return {
    exists: true,
    checkpoints: lines.length,
    problems: [...problems, ...chain].sort((a, b) => a.line - b.line),
    archive,
  };
}

/**
 * The file as a page for an off-site copy: a table a person reads, then the raw lines. Every line but the raw
 * ones starts with #, so the printed copy can itself be checked (`berdaya audit verify --checkpoints COPY`).
 */
export function printCheckpoints(text: string, file: string, now: Date): string {
  const raw = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const out = [
    `# Berdaya audit checkpoints — ${file}`,
    `# printed ${now.toISOString()}, ${raw.length} line(s), SHA-256 of the file's lines: ${lineHash(raw.join('\n'))}`,
    '#',
    '# line  taken at (UTC)            reason     entry  head hash',
  ];
  raw.forEach((line, i) => {
    let c: Partial<Checkpoint> = {};
    try {
      c = JSON.parse(line) as Checkpoint;
    } catch {
      // printed raw below; verify reports it
    }
    out.push(
      `# ${String(i + 1).padStart(4)}  ${String(c.at ?? '?').padEnd(24)}  ${String(c.reason ?? '?').padEnd(9)}  ${String(c.seq ?? '?').padStart(5)}  ${c.hash ?? '?'}`,
    );
  });
  out.push('#', '# Raw lines (keep exactly as printed):', ...raw);
  return `${out.join('\n')}\n`;
}
