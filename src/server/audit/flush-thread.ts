// Group commit off the main thread, for SQLite. better-sqlite3 is synchronous: a commit with synchronous=FULL
// blocks the event loop for its fsync (~0.5 ms here), and every other request waits. The read-audit batches
// (AuditWriter.record) are handed to a worker thread with its own connection instead; each waiting response
// still continues only once its row is committed there. Writes' audits stay in their own transaction
// (appendInTx on the main connection). The two connections are ordered by SQLite's write lock: the main
// connection begins every transaction IMMEDIATE (connect.ts), so neither ever has to upgrade a read snapshot.
// PostgreSQL needs none of this: its driver does not block the event loop.
import { Worker } from 'node:worker_threads';
import type { AuditEvent } from './events.ts';

export interface FlushThreadData {
  file: string;
  chainKey: Uint8Array;
  busyTimeoutMs: number;
}
export interface FlushRequest {
  id: number;
  items: { event: AuditEvent; at: Date }[];
}
/** One reply for every batch the thread committed together (or failed together: one transaction). */
export type FlushReply = { ids: number[]; ok: true } | { ids: number[]; ok: false; error: string };

/**
 * How long a batch may wait for the write lock. The main connection can hold it for a whole unit of work
 * (an import's commit of 10,000 rows takes seconds); reads queued meanwhile wait as they did on one connection.
 */
const BUSY_TIMEOUT_MS = 120_000;

function workerEntry(): { url: URL; workerData?: Record<string, unknown> } {
  const compiled = !import.meta.url.endsWith('.ts');
  const entry = new URL(compiled ? './flush-worker.js' : './flush-worker.ts', import.meta.url);
  return compiled
    ? { url: entry }
    : { url: new URL('./ts-worker-boot.mjs', import.meta.url), workerData: { __entry: entry.href } };
}

export class AuditFlushThread {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: () => void; reject: (e: unknown) => void }>();

  constructor(
    private readonly file: string,
    private readonly chainKey: Buffer,
  ) {}

  /**
   * Commits the batch in the flush thread; resolves once it is durable. Batches may be sent while earlier ones
   * are still out: the thread commits them in the order sent.
   */
  async append(items: FlushRequest['items']): Promise<void> {
    const worker = await this.start();
    const id = this.nextId++;
    // Referenced while a batch is out, so the process does not exit under a waiting response.
    worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, items } satisfies FlushRequest);
    });
  }

  /** Stops the thread (after the writer has drained). */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.ready = null;
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ close: true });
    });
  }

  private start(): Promise<Worker> {
    if (this.worker && this.ready) {
      const w = this.worker;
      return this.ready.then(() => w);
    }
    const { url, workerData } = workerEntry();
    const worker = new Worker(url, {
      workerData: {
        ...workerData,
        file: this.file,
        chainKey: new Uint8Array(this.chainKey),
        busyTimeoutMs: BUSY_TIMEOUT_MS,
      } satisfies FlushThreadData & Record<string, unknown>,
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onStartError = (err: unknown) => reject(err);
      worker.once('error', onStartError);
      worker.on('message', (msg: FlushReply | { ready: true }) => {
        if ('ready' in msg) {
          worker.off('error', onStartError);
          if (![...this.pending.values()].some((q) => q.worker === worker)) worker.unref();
          resolve();
          return;
        }
        for (const id of msg.ids) {
          const p = this.pending.get(id);
          if (!p) continue;
          this.pending.delete(id);
          if (msg.ok) p.resolve();
          else p.reject(new Error(`Audit flush failed: ${msg.error}`));
        }
        if (![...this.pending.values()].some((q) => q.worker === worker)) worker.unref();
      });
    });
    // A thread that dies fails what it held (and nothing sent to a newer thread); the next batch starts a new one.
    const fail = (err: unknown) => {
      if (this.worker === worker) {
        this.worker = null;
        this.ready = null;
      }
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.reject(err instanceof Error ? err : new Error(`Audit flush thread stopped (${String(err)})`));
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`Audit flush thread exited with code ${code}`)));
    // Referenced while starting and while a batch is out (append), so the process does not exit under a
    // waiting caller; unreferenced when idle, so an idle thread never keeps a finished process alive.
    return this.ready.then(() => worker);
  }
}
