// A synchronous read of committed rows, for the rare moment a synchronous caller must see a row another process
// committed and cannot wait for a promise: a province key created or rotated elsewhere, met while unwrapping a data
// key (crypto/province-keys.ts). SQLite: a short read-only connection of its own (better-sqlite3 is synchronous).
// PostgreSQL: a worker thread with one connection runs the query while this thread waits on a shared buffer
// (Atomics.wait) — the event loop stops for one round trip, which is why nothing on a common path may use it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

export type SyncRead = (text: string, values: readonly (string | number)[]) => Record<string, unknown>[];

export interface SyncReader {
  read: SyncRead;
  close(): Promise<void>;
}

export interface SyncReadTarget {
  /** postgres://… ; when absent, the SQLite file. */
  databaseUrl?: string;
  pgSchema?: string;
  sqlitePath?: string;
}

const TIMEOUT_MS = 10_000;
const REPLY_BYTES = 256 * 1024;

// CommonJS, evaluated: no file to ship beside the compiled server, and `pg` resolved from here, not the cwd.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const client = new pg.Client(workerData.clientConfig);
const ready = client.connect();
ready.catch(() => {});
parentPort.on('message', async ({ text, values, shared }) => {
  let out;
  try {
    await ready;
    out = JSON.stringify({ rows: (await client.query(text, values)).rows });
  } catch (e) {
    out = JSON.stringify({ error: String((e && e.message) || e) });
  }
  let bytes = Buffer.from(out, 'utf8');
  const data = new Uint8Array(shared, 8);
  if (bytes.length > data.length) bytes = Buffer.from(JSON.stringify({ error: 'reply too large' }), 'utf8');
  data.set(bytes);
  const head = new Int32Array(shared, 0, 2);
  head[1] = bytes.length;
  Atomics.store(head, 0, 1);
  Atomics.notify(head, 0);
});
`;

export function syncReader(target: SyncReadTarget): SyncReader {
  if (!target.databaseUrl) {
    const file = target.sqlitePath;
    if (!file) throw new Error('syncReader: sqlitePath is required without a databaseUrl');
    return {
      read(text, values) {
        const conn = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
        try {
          return conn.prepare(text).all(...values) as Record<string, unknown>[];
        } finally {
          conn.close();
        }
      },
      close: async () => {},
    };
  }
  let worker: Worker | null = null;
  const clientConfig = {
    connectionString: target.databaseUrl,
    ...(target.pgSchema ? { options: `-c search_path=${target.pgSchema}` } : {}),
  };
  return {
    read(text, values) {
      if (!worker) {
        worker = new Worker(WORKER, {
          eval: true,
          workerData: { pgPath: createRequire(import.meta.url).resolve('pg'), clientConfig },
        });
        worker.unref();
      }
      const shared = new SharedArrayBuffer(8 + REPLY_BYTES);
      const head = new Int32Array(shared, 0, 2);
      // PostgreSQL's placeholders are $1, $2 …; callers write ? as for SQLite.
      let n = 0;
      worker.postMessage({ text: text.replace(/\?/g, () => `$${++n}`), values, shared });
      if (Atomics.wait(head, 0, 0, TIMEOUT_MS) === 'timed-out') throw new Error('syncReader: no answer in time');
      const reply = JSON.parse(Buffer.from(new Uint8Array(shared, 8, head[1])).toString('utf8')) as {
        rows?: Record<string, unknown>[];
        error?: string;
      };
      if (reply.error !== undefined) throw new Error(`syncReader: ${reply.error}`);
      return reply.rows ?? [];
    },
    close: async () => {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
