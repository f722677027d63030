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

async function commit(group: FlushRequest[]): Promise<void> {
  await db.kysely.transaction().execute((trx) =>
    appendAuditRows(
      trx,
      key,
      group.flatMap((m) => m.items),
    ),
  );
}

async function commitWaiting(): Promise<void> {
  while (waiting.length > 0) {
    const group = waiting;
    waiting = [];
    try {
      await commit(group);
      port.postMessage({ ids: group.map((m) => m.id), ok: true } satisfies FlushReply);
    } catch (err) {
      // Nothing of the group was written. Each batch is tried again on its own, so one that cannot be written
      // fails only its own requests, as it did before batches were grouped.
      for (const m of group) {
        try {
          if (group.length === 1) throw err;
          await commit([m]);
          port.postMessage({ ids: [m.id], ok: true } satisfies FlushReply);
        } catch (e) {
          port.postMessage({
            ids: [m.id],
            ok: false,
            error: e instanceof Error ? e.message : String(e),
          } satisfies FlushReply);
        }
      }
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
