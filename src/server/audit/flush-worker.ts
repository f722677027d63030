// The SQLite audit flush thread (see flush-thread.ts). Owns one connection to the database file, opened as the
// main one is (connect.ts: WAL, full sync, transactions begin IMMEDIATE), and commits the queued read-audit
// batches there through the one append path (appendAuditRows), so the main thread is not blocked by the
// commit's fsync. Batches that arrive while a commit is running are committed together in the next one (in
// the order they arrived), so the commits keep pace with the reads however long one takes.
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../db/connect.ts';
import { appendAuditRows } from './writer.ts';
import type { FlushReply, FlushRequest, FlushThreadData } from './flush-thread.ts';

const data = workerData as FlushThreadData;
const key = Buffer.from(data.chainKey);
const db = await connect({ sqlitePath: data.file, busyTimeoutMs: data.busyTimeoutMs });

const port = parentPort!;
let waiting: FlushRequest[] = [];
let running = false;
let closing = false;

async function commitWaiting(): Promise<void> {
  while (waiting.length > 0) {
    const group = waiting;
    waiting = [];
    const ids = group.map((m) => m.id);
    try {
      await db.kysely.transaction().execute((trx) => appendAuditRows(trx, key, group.flatMap((m) => m.items)));
      port.postMessage({ ids, ok: true } satisfies FlushReply);
    } catch (err) {
      port.postMessage({ ids, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies FlushReply);
    }
  }
  running = false;
  if (closing) void db.close().finally(() => port.close());
}

port.on('message', (msg: FlushRequest | { close: true }) => {
  if ('close' in msg) {
    closing = true;
    if (!running) void db.close().finally(() => port.close());
    return;
  }
  waiting.push(msg);
  if (running) return;
  running = true;
  // Messages are delivered one by one, and a commit on this synchronous driver would run to its end before
  // the next is seen: wait for the end of this turn, so every batch already sent goes into this commit.
  setImmediate(() => void commitWaiting());
});
port.postMessage({ ready: true });
