// The SQLite audit flush thread (see flush-thread.ts). Owns one connection to the database file, opened as the
// main one is (connect.ts: WAL, full sync, transactions begin IMMEDIATE), and commits the queued read-audit
// batches there through the one append path (appendAuditRows), so the main thread is not blocked by the
// commit's fsync.
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../db/connect.ts';
import { appendAuditRows } from './writer.ts';
import type { FlushReply, FlushRequest, FlushThreadData } from './flush-thread.ts';

const data = workerData as FlushThreadData;
const key = Buffer.from(data.chainKey);
const db = await connect({ sqlitePath: data.file, busyTimeoutMs: data.busyTimeoutMs });

const port = parentPort!;
port.on('message', (msg: FlushRequest | { close: true }) => {
  if ('close' in msg) {
    void db.close().finally(() => port.close());
    return;
  }
  // The writer sends one batch at a time; Kysely's one SQLite connection would run them in turn anyway.
  db.kysely
    .transaction()
    .execute((trx) => appendAuditRows(trx, key, msg.items))
    .then(
      () => port.postMessage({ id: msg.id, ok: true } satisfies FlushReply),
      (err: unknown) => port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies FlushReply),
    );
});
port.postMessage({ ready: true });
