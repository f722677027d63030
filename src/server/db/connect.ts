// Opens the database for either dialect. Knows nothing of HTTP.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect, sql, type Compilable, type CompiledQuery, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { ScopedPostgresDialect } from './pg-introspector.ts';
import { PgAuthChanges, SqliteAuthChanges, type AuthChanges } from './auth-changes.ts';
import { PreparingPool, preparedStatements } from './pg-pool.ts';
import { ReadReplica } from './replica.ts';
import type { Clock } from '../clock.ts';
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from '../paths.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The SQLite file path (SQLite only), e.g. for backups and leak tests. */
  sqlitePath?: string;
  /** Whether sessions, accounts or their regions changed since a mark (the session cache asks; auth-changes.ts). */
  authChanges: AuthChanges;
  /** PostgreSQL with DATABASE_READ_URL: the streaming replica lag-tolerant reads may use (replica.ts, decision 043). */
  replica?: ReadReplica;
  close(): Promise<void>;
}

// PostgreSQL int8 (bigint, count(*)) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface ConnectOptions {
  /** postgres://… URL; when absent, SQLite at sqlitePath. */
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL schema to work in (tests use one schema per run); created when missing. */
  pgSchema?: string;
  poolSize?: number;
  /** SQLite: how long a statement waits for another connection's write lock (default 5 s). */
  busyTimeoutMs?: number;
  /** The clock the change signals' heartbeat is measured on (default: the system's). */
  clock?: Clock;
  /** PostgreSQL: a streaming replica for reads that tolerate lag, used while at most `readMaxLagSeconds` behind. */
  readUrl?: string;
  readMaxLagSeconds?: number;
  /** Where the replica says it stops or starts serving reads. */
  log?: (msg: string) => void;
}

export async function connect(opts: ConnectOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const schema = opts.pgSchema;
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('Invalid PostgreSQL schema name');
    if (schema) {
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await admin.end();
      }
    }
    const clientConfig = {
      connectionString: opts.databaseUrl,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    };
    const pool = new PreparingPool(new pg.Pool({ ...clientConfig, max: opts.poolSize ?? 10 }));
    const authChanges = new PgAuthChanges(clientConfig, opts.clock);
    const kysely = new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool }) });
    const replica = opts.readUrl
      ? new ReadReplica({
          url: opts.readUrl,
          primary: pool,
          pgSchema: schema,
          poolSize: opts.poolSize,
          maxLagSeconds: opts.readMaxLagSeconds ?? 5,
          log: opts.log,
        })
      : undefined;
    // Its first check starts now, so the first report after start finds it measured.
    replica?.usable();
    return {
      kysely,
      dialect: 'postgres',
      authChanges,
      ...(replica ? { replica } : {}),
      close: async () => {
        await replica?.close();
        await authChanges.close();
        await kysely.destroy();
      },
    };
  }
  const file = opts.sqlitePath;
  if (!file) throw new Error('sqlitePath is required without a databaseUrl');
  // The database is its owner's alone: the file exists with mode 0600 before SQLite opens it, so the -wal and
  // -shm files SQLite creates beside it take the same mode; ones an older version left readable are fixed.
  ensurePrivateDir(path.dirname(file));
  ensurePrivateFile(file);
  const sqlite = new SqliteDatabase(file);
  // Durability first: WAL with a full sync at every commit; the audit writer batches commits instead.
  sqlite.pragma('journal_mode = WAL');
  for (const side of [`${file}-wal`, `${file}-shm`]) if (fs.existsSync(side)) fs.chmodSync(side, PRIVATE_FILE_MODE);
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
  // Deleted or overwritten content is zeroed on disk: an erased participant's wrapped key does not linger in free pages.
  sqlite.pragma('secure_delete = ON');
  const database = withStatementCache(sqlite);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  directReads.set(kysely, (text, parameters) => {
    // Inside a transaction (this connection's, held by Kysely across awaits) a read must wait its turn.
    if (sqlite.inTransaction) return undefined;
    const stmt = database.prepare(text);
    // readonly, not reader: an UPDATE … RETURNING is a reader too, and writes take Kysely's path.
    return stmt.readonly ? stmt.all(parameters) : undefined;
  });
  const authChanges = new SqliteAuthChanges(async () => (await authEpoch(kysely))[0]?.n);
  return { kysely, dialect: 'sqlite', sqlitePath: file, authChanges, close: () => kysely.destroy() };
}

/**
 * Kysely's SQLite driver prepares every statement anew (parsing and planning it each time: ~40% of an
 * import's database time). This hands it a cached prepared statement per SQL text instead, from a bounded
 * LRU map. Safe because the driver has one connection behind a mutex and sets no per-statement mode
 * (raw/pluck/expand); a statement still iterating (a stream) is busy, so the caller then gets a fresh one.
 * Schema changes (migrations) are handled by SQLite itself, which re-prepares a stale statement.
 */
export const STATEMENT_CACHE_SIZE = 500;
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sqlText: string): SqliteDatabase.Statement {
      // Every transaction takes the write lock when it begins. Another connection writes to this file (the
      // audit flush thread, another instance): a deferred transaction that read first and then wrote would
      // fail with SQLITE_BUSY instead of waiting, if that connection committed in between.
      const text = sqlText === 'begin' ? 'begin immediate' : sqlText;
      const hit = cache.get(text);
      if (hit) {
        if (hit.busy) return sqlite.prepare(text);
        // Most recently used last: Map keeps insertion order.
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      cache.set(text, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

/**
 * SQLite: a fixed-shape read (compiledOnce) outside any transaction runs on the cached statement at once,
 * without Kysely's connection queue and its promises (about a fifth of a primary-key read's time). Only when
 * no transaction is open on the connection, so it never reads another unit of work's uncommitted rows; a
 * transaction's own reads (a Transaction is not the root instance) and every write take Kysely's path.
 */
const directReads = new WeakMap<object, (text: string, parameters: readonly unknown[]) => unknown[] | undefined>();

/**
 * A query whose shape never changes, compiled to SQL once per dialect instead of on every call (building and
 * compiling a Kysely query costs more than running a primary-key lookup in SQLite); only its parameters vary.
 * For the statements of the hottest path (every API request, the participant record). `build` receives
 * stand-ins for the parameters and must use each as a bound value (=, not IN lists or identifiers).
 */
export function compiledOnce<A extends unknown[], R>(build: (db: Kysely<Database>, ...params: A) => Compilable<R>) {
  const byDialect = new Map<unknown, { compiled: CompiledQuery<R>; slots: (number | { value: unknown })[] }>();
  return async (db: Kysely<Database> | Transaction<Database>, ...args: A): Promise<R[]> => {
    const adapter = db.getExecutor().adapter.constructor;
    let entry = byDialect.get(adapter);
    if (!entry) {
      const compiled = build(db, ...(args.map((_, i) => `\u0000param${i}\u0000`) as A)).compile();
      const slots = compiled.parameters.map((p) => {
        const m = typeof p === 'string' ? /^\u0000param(\d+)\u0000$/.exec(p) : null;
        return m ? Number(m[1]) : { value: p };
      });
      if (new Set(slots.filter((x) => typeof x === 'number')).size !== args.length)
        throw new Error('compiledOnce: every parameter must appear as a bound value');
      entry = { compiled, slots };
      byDialect.set(adapter, entry);
      preparedStatements.declare(compiled.sql);
    }
    const parameters = entry.slots.map((x) => (typeof x === 'number' ? args[x] : x.value));
    const direct = directReads.get(db);
    if (direct) {
      const rows = direct(entry.compiled.sql, parameters);
      if (rows) return rows as R[];
    }
    return (await db.executeQuery<R>({ ...entry.compiled, parameters })).rows;
  };
}

/** SQLite: the count of session, account and region changes kept by migration 0015's triggers. */
const authEpoch = compiledOnce((db) => db.selectFrom('auth_epoch').select('n').where('id', '=', 1));

/**
 * A multi-row INSERT of fixed columns, compiled once per dialect and row count (so at most `maxRows` shapes),
 * then only bound: for hot multi-row writes such as the audit writer's batches. Rows are given as arrays in
 * the order of `columns`.
 */
export function compiledInsert<T extends keyof Database & string>(
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  maxRows: number,
) {
  // One compiledOnce per row count, its parameters the rows' values in order.
  const byCount = new Map<
    number,
    (db: Kysely<Database> | Transaction<Database>, ...values: unknown[]) => Promise<unknown[]>
  >();
  return async (db: Kysely<Database> | Transaction<Database>, rows: readonly (readonly unknown[])[]): Promise<void> => {
    if (rows.length === 0) return;
    if (rows.length > maxRows) throw new Error(`compiledInsert: at most ${maxRows} rows per statement`);
    let insert = byCount.get(rows.length);
    if (!insert) {
      const n = rows.length;
      insert = compiledOnce((k, ...values: unknown[]) =>
        (k.insertInto(table) as unknown as { values(v: unknown): Compilable<unknown> }).values(
          Array.from({ length: n }, (_, r) =>
            Object.fromEntries(columns.map((c, i) => [c, values[r * columns.length + i]])),
          ),
        ),
      );
      byCount.set(n, insert);
    }
    await insert(db, ...rows.flat());
  };
}

export { sql };
