// The SQLite audit flush thread (see flush-thread.ts). Owns one connection to the database file and commits
// the queued read-audit batches there, so the main thread is not blocked by the commit's fsync. Each batch is
// one IMMEDIATE transaction: the head row is updated first (the database's write lock orders the chain with
// every other writer, the main connection's in-transaction appends included), then the rows, then the hash.
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { AUDIT_COLUMNS, chainRows } from './chain.ts';
import type { FlushReply, FlushRequest, FlushThreadData } from './flush-thread.ts';

const ROWS_PER_INSERT = 200;
const data = workerData as FlushThreadData;
const key = Buffer.from(data.chainKey);
const db = new SqliteDatabase(data.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
db.pragma('foreign_keys = ON');
db.pragma('secure_delete = ON');

const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');
const rollback = db.prepare('rollback');
const reserve = db.prepare<[number], { seq: number; hash: string }>('update "audit_head" set "seq" = "seq" + ? where "id" = 1 returning "seq", "hash"');
const setHash = db.prepare('update "audit_head" set "hash" = ? where "id" = 1');
const columns = AUDIT_COLUMNS.map((c) => `"${c}"`).join(', ');
const row = `(${AUDIT_COLUMNS.map(() => '?').join(', ')})`;
const inserts = new Map<number, SqliteDatabase.Statement>();
const insertOf = (n: number) => {
  let st = inserts.get(n);
  if (!st) inserts.set(n, (st = db.prepare(`insert into "audit_log" (${columns}) values ${Array.from({ length: n }, () => row).join(', ')}`)));
  return st;
};

function append(items: FlushRequest['items']): void {
  begin.run();
  try {
    const head = reserve.get(items.length);
    if (!head) throw new Error('audit_head is missing');
    const { rows, last } = chainRows(key, head, items);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      insertOf(chunk.length).run(...chunk.flat());
    }
    setHash.run(last);
    commit.run();
  } catch (err) {
    if (db.inTransaction) rollback.run();
    throw err;
  }
}

const port = parentPort!;
port.on('message', (msg: FlushRequest | { close: true }) => {
  if ('close' in msg) {
    db.close();
    port.close();
    return;
  }
  let reply: FlushReply;
  try {
    append(msg.items);
    reply = { id: msg.id, ok: true };
  } catch (err) {
    reply = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
