// The one audit path. Writes append inside the caller's transaction (a change and its audit stand or fall
// together). Reads are queued and committed in groups: every waiting response continues only after the
// batch holding its row is durable, so durability is kept while one flush serves many reads.
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { AUDIT_COLUMNS, chainRows } from './chain.ts';
import { compiledInsert, compiledOnce } from '../db/connect.ts';
import type { AuditEvent } from './events.ts';
import type { AuditFlushThread } from './flush-thread.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const MAX_BATCH = 512;
/** Rows are sent at once when this many are queued (see record). */
const SEND_AT = 8;
const ROWS_PER_INSERT = 200; // 13 columns × 200 stays under every bound-parameter limit

// The writer's statements run for every audited read (in groups): compiled once, then only bound.
const reserveSeq = compiledOnce((db, n: number) =>
  db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', n) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash']),
);
const setHeadHash = compiledOnce((db, hash: string) => db.updateTable('audit_head').set({ hash }).where('id', '=', 1));
const insertAuditRows = compiledInsert('audit_log', AUDIT_COLUMNS, ROWS_PER_INSERT);

/**
 * PostgreSQL: a batch as one statement, valid only if the head is still where this writer last left it. The
 * head moves to the batch's last row and the rows go in together, or (another writer moved the head first:
 * a write's own audit, another instance) nothing happens and no row comes back. One statement per batch
 * instead of five round trips (begin, reserve, insert, head hash, commit), and the head row's lock is held
 * for that one statement only. Compiled once per row count (at most ROWS_PER_INSERT shapes).
 */
const appendIfHeadByCount = new Map<number, (db: Executor, ...values: unknown[]) => Promise<unknown[]>>();
function appendIfHead(n: number) {
  let run = appendIfHeadByCount.get(n);
  if (!run) {
    const cols = sql.join(AUDIT_COLUMNS.map((c) => sql.ref(c)));
    run = compiledOnce((db, ...v: unknown[]) => {
      const tuples = Array.from(
        { length: n },
        (_, r) =>
          sql`(${sql.join(AUDIT_COLUMNS.map((c, i) => (c === 'seq' ? sql`cast(${v[4 + r * AUDIT_COLUMNS.length + i]} as bigint)` : sql`cast(${v[4 + r * AUDIT_COLUMNS.length + i]} as text)`)))})`,
      );
      const raw = sql`with h as (
          update audit_head set seq = cast(${v[0]} as bigint), hash = ${v[1]} where id = 1 and seq = cast(${v[2]} as bigint) and hash = ${v[3]} returning id
        )
        insert into audit_log (${cols})
        select ${sql.join(AUDIT_COLUMNS.map((c) => sql.ref(`v.${c}`)))} from (values ${sql.join(tuples)}) as v (${cols})
        where exists (select 1 from h)
        returning seq`;
      return { compile: () => raw.compile(db) };
    });
    appendIfHeadByCount.set(n, run);
  }
  return run;
}

export class AuditWriter {
  private queue: { event: AuditEvent; at: Date; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  /** Batches being committed. */
  private readonly out = new Set<Promise<void>>();
  /**
   * How many batches may be out at once. The flush thread takes them all and commits them in the order sent.
   * On this thread's connection (PostgreSQL), one: while it commits, the next batch grows. (Two at once, the
   * second waiting at the head row's lock, measured slower on PostgreSQL: more, smaller commits.)
   */
  private readonly maxOut: number;
  /** PostgreSQL: the head as this writer last left it (appendIfHead); null when unknown. */
  private head: { seq: number; hash: string } | null = null;
  private readonly postgres: boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly chainKey: Buffer,
    private readonly clock: Clock,
    /** SQLite: commit read batches in a worker thread (flush-thread.ts) instead of on this thread. */
    private readonly thread?: AuditFlushThread,
  ) {
    this.maxOut = thread ? Number.POSITIVE_INFINITY : 1;
    this.postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /**
   * Appends events in the caller's transaction. The head row is locked (UPDATE) first, which serialises
   * chain order across connections and app instances; call it at the end of the unit of work.
   */
  async appendInTx(trx: Executor, events: AuditEvent[], at: Date = this.clock.now()): Promise<void> {
    if (events.length === 0) return;
    await appendAuditRows(
      trx,
      this.chainKey,
      events.map((event) => ({ event, at })),
    );
  }

  /**
   * Queues an event and resolves once it is committed (group commit). Never await this inside a database
   * transaction: on SQLite the flush needs the write lock that transaction holds (it would wait until the
   * flush thread gives up). Use appendInTx there.
   */
  record(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, at: this.clock.now(), resolve, reject });
      // A burst of requests read in one turn of the event loop would otherwise all wait for that turn's end,
      // and then together for one commit while this thread has nothing left to do. Sending every SEND_AT rows
      // lets them be committed while this thread goes on with the rest of the burst.
      if (this.queue.length >= SEND_AT) this.flush();
      else this.schedule();
    });
  }

  /** Waits until everything queued so far is committed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.out.size > 0) {
      this.flush();
      if (this.out.size > 0) await Promise.race(this.out);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate lets the requests that arrived in the same turn of the event loop join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /**
   * Sends the queued rows as one batch, unless maxOut batches are already out: then they wait, and more join
   * them, until one comes back. A batch never waits for the one before it to be answered when it need not.
   */
  private flush(): void {
    if (this.queue.length === 0 || this.out.size >= this.maxOut) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    const items = batch.map(({ event, at }) => ({ event, at }));
    const commit = this.thread ? this.thread.append(items) : this.commitHere(items);
    const done = commit.then(
      () => {
        for (const item of batch) item.resolve();
      },
      (err: unknown) => {
        for (const item of batch) item.reject(err);
      },
    );
    this.out.add(done);
    void done.finally(() => {
      this.out.delete(done);
      if (this.queue.length > 0) this.schedule();
    });
    if (this.queue.length > 0) this.schedule();
  }

  /**
   * Commits a batch on this thread's connection. On PostgreSQL first as one statement from the head this
   * writer last left (appendIfHead); when another writer has moved it since, or it is not known yet, in a
   * transaction that locks the head row, which also tells where the head now is.
   */
  private async commitHere(items: { event: AuditEvent; at: Date }[]): Promise<void> {
    const known = this.head;
    this.head = null;
    if (this.postgres && known && items.length <= ROWS_PER_INSERT) {
      const { rows, last } = chainRows(this.chainKey, { seq: known.seq + items.length, hash: known.hash }, items);
      const inserted = await appendIfHead(items.length)(
        this.db,
        known.seq + items.length,
        last,
        known.seq,
        known.hash,
        ...rows.flat(),
      );
      if (inserted.length === items.length) {
        this.head = { seq: known.seq + items.length, hash: last };
        return;
      }
      if (inserted.length !== 0) throw new Error('audit append: the head moved while its rows were inserted');
    }
    const head = await this.db.transaction().execute((trx) => appendAuditRows(trx, this.chainKey, items));
    if (this.postgres) this.head = head;
  }
}

/**
 * Chains events onto the log inside the caller's transaction: the head row is updated first (its lock orders
 * the chain across connections, threads and app instances), then the rows, then the head's hash. With
 * appendIfHead above (PostgreSQL's one-statement batch, which falls back to this), the only place audit rows
 * are written, for this writer and the SQLite flush thread alike; both chain their rows with chainRows.
 */
export async function appendAuditRows(
  trx: Executor,
  chainKey: Buffer,
  items: readonly { event: AuditEvent; at: Date }[],
): Promise<{ seq: number; hash: string }> {
  const head = (await reserveSeq(trx, items.length))[0];
  if (!head) throw new Error('audit_head is missing');
  const { rows, last } = chainRows(chainKey, head, items);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await insertAuditRows(trx, rows.slice(i, i + ROWS_PER_INSERT));
  }
  await setHeadHash(trx, last);
  return { seq: Number(head.seq), hash: last };
}
