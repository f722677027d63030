// The write path every unit of work shares, the same on SQLite and PostgreSQL (decision 014):
// - `transact` runs a transaction and retries it, a bounded number of times, when PostgreSQL aborts it for a
//   deadlock or a serialization failure (the whole callback runs again on fresh reads);
// - `updateVersioned` is the only way a row with a `version` column is changed (no versioned row is deleted): the
//   version condition is part of the statement itself, so of two saves made from the same version exactly one
//   matches and the other is told 412 `stale_version`, never acknowledged and lost;
// - `lockForUpdate` takes the row lock that serialises a rule spanning rows (a cohort's capacity, a venue's
//   bookings, the set of active administrators) on PostgreSQL; SQLite's write transactions begin IMMEDIATE
//   and are already one at a time;
// - `conflictFromDb` turns what a database refuses (unique, foreign key, exclusion; busy, lock timeout,
//   deadlock, serialization) into a typed 409, never a 500.
import { PostgresAdapter, sql, type Kysely, type SelectQueryBuilder, type Transaction, type Updateable } from 'kysely';
import type { Database } from './schema.ts';
import { AppError, notFound } from '../errors.ts';
import type { ErrorCode } from '../../shared/errors.ts';

export { sql };

type Executor = Kysely<Database> | Transaction<Database>;

/** Tables whose rows carry an id and a version (ETag). */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: string; version: number } ? T : never;
}[keyof Database];

/** Versioned tables of one row per participant, keyed by participant_id (her assessment, her case plan). */
export type KeyedVersionedTable = {
  [T in keyof Database]: Database[T] extends { participant_id: string; version: number }
    ? Database[T] extends { id: string }
      ? never
      : T
    : never;
}[keyof Database];
export type RowKey = { column: 'participant_id'; value: string };

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** How often a transaction PostgreSQL aborted for a deadlock or a serialization failure is run again. */
export const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `fn` in one transaction (SQLite: BEGIN IMMEDIATE, see connect.ts; PostgreSQL: READ COMMITTED). When
 * PostgreSQL aborts it as a deadlock victim or for a serialization failure, it is run again from the start
 * (after a short random pause), at most TRANSACTION_ATTEMPTS times; then 409 `write_conflict`.
 */
export async function transact<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  // Given the open unit of work (an Idempotency-Key request runs its whole work in one), join it: its commit
  // is the one that counts, and a retry runs it whole.
  if (db.isTransaction) {
    try {
      return await fn(db as Transaction<Database>);
    } catch (err) {
      throw conflictFromDb(err) ?? err;
    }
  }
  for (let attempt = 1; ; attempt++) {
    const ends: (() => void)[] = [];
    try {
      return await db.transaction().execute((trx) => {
        endings.set(trx, ends);
        return fn(trx);
      });
    } catch (err) {
      ended(ends);
      if (!isRetryable(err) || attempt >= TRANSACTION_ATTEMPTS) throw conflictFromDb(err) ?? err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    } finally {
      ended(ends);
    }
  }
}

/** What must run once a transaction opened by `transact` has committed or rolled back, by transaction. */
const endings = new WeakMap<Transaction<Database>, (() => void)[]>();
function ended(ends: (() => void)[]): void {
  for (const f of ends.splice(0)) f();
}

/**
 * Runs `f` once the transaction `db` has ended (committed or rolled back), or at once when `db` is not a
 * transaction (each statement has then ended when it returns). A transaction must be one `transact` opened.
 */
export function whenTransactionEnds(db: Executor, f: () => void): void {
  if (!db.isTransaction) {
    f();
    return;
  }
  const ends = endings.get(db as Transaction<Database>);
  if (!ends) throw new Error('whenTransactionEnds: the transaction was not opened by transact()');
  ends.push(f);
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * One request's unit of work, open while its transaction is: the stores read and write through it
 * (RepoCore.db) and append their audit events to it (RepoCore.record), so everything the request does stands
 * or falls together. Passed explicitly in the request's meta (not through AsyncLocalStorage, which on Node 20
 * slows every promise of the process once it is used).
 */
export interface UnitOfWork {
  trx: Transaction<Database>;
  /** What must happen once the unit has ended, whether it committed or not (the audit of a refusal). */
  after: (() => Promise<void>)[];
}

/** `version + 1`, for the rare update of many versioned rows at once (every row it touches moves on). */
export const nextVersion = sql<number>`version + 1`;

/**
 * `UPDATE table SET …, version = version + 1 WHERE id = ? AND version = ?`: the new version, or 412
 * `stale_version` (with the current version) when the row was changed since `expected` was read, or 404 when
 * it is gone. On PostgreSQL a concurrent save of the same row waits for the first to commit and then finds
 * the version moved on.
 */
export async function updateVersioned<T extends VersionedTable | KeyedVersionedTable>(
  db: Executor,
  table: T,
  id: string | RowKey,
  expected: number,
  set: Omit<Updateable<Database[T]>, 'version'>,
  message = 'This record was changed by someone else; reload and try again',
): Promise<number> {
  const [column, value] = typeof id === 'string' ? ['id', id] : [id.column, id.value];
  // Kysely cannot type a table chosen at run time; the column names are checked by the table types above.
  const k = db as unknown as Kysely<Record<string, { id: string; version: number }>>;
  const row = await k
    .updateTable(table as string)
    .set({ ...(set as object), version: nextVersion } as never)
    .where(column as 'id', '=', value)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  if (row) return Number(row.version);
  throw await staleOrMissing(k, table, column, value, message);
}

async function staleOrMissing(
  k: Kysely<Record<string, { id: string; version: number }>>,
  table: string,
  column: string,
  value: string,
  message: string,
): Promise<AppError> {
  const current = await k
    .selectFrom(table)
    .select('version')
    .where(column as 'id', '=', value)
    .executeTakeFirst();
  if (!current) return notFound();
  return new AppError('stale_version', 412, message, { currentVersion: Number(current.version) });
}

/**
 * Adds FOR UPDATE on PostgreSQL: the rows read stay locked until the transaction ends, so a rule checked on
 * them (a cohort's free places, a venue's bookings) cannot be invalidated by a concurrent transaction
 * between the check and the write. SQLite needs nothing: a write transaction holds the database's one write
 * lock from its start.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(
  db: Executor,
  q: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  // Outside a transaction a lock would end with its own statement: then it is a plain read.
  return db.isTransaction && isPostgres(db) ? q.forUpdate() : q;
}

/**
 * Serialises the units of work that decide on one value no row stands for yet (PostgreSQL: a transaction-level
 * advisory lock on the key's hash, released at commit; SQLite: its write transaction already does), e.g. the
 * first contact under a new alias, which creates the prospect the next contact must find.
 */
export async function lockKey(trx: Transaction<Database>, key: string): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** Which error code a unique index stands for (by table and column); others are `already_exists`. */
const UNIQUE_CODES: { match: RegExp; code: ErrorCode; message: string }[] = [
  {
    match: /participants.*nik/i,
    code: 'duplicate_nik',
    message: 'This NIK is already registered for another participant',
  },
  { match: /users.*username/i, code: 'username_taken', message: 'That username is already in use' },
  {
    match: /transfers/i,
    code: 'transfer_pending',
    message: 'A transfer of this case already waits for an answer',
  },
  { match: /aid_decrees/i, code: 'decree_number_taken', message: 'This decision letter number is already used' },
  {
    match: /assignment_requests/i,
    code: 'request_pending',
    message: 'A request of yours for this case already waits for a decision',
  },
  {
    match: /rights_requests/i,
    code: 'request_pending',
    message: 'A request of this kind for her is already open',
  },
  {
    match: /graduation_exceptions/i,
    code: 'exception_exists',
    message: 'An exception for her already waits for its approver or was confirmed',
  },
  {
    match: /attendance_corrections/i,
    code: 'correction_pending',
    message: "A correction of this participant's attendance on this session already waits for a decision",
  },
];

/**
 * What a database refused, as a 409 a client can act on; null for anything that is not a conflict (a real
 * fault stays a 500). PostgreSQL SQLSTATEs and SQLite result codes alike.
 */
export function conflictFromDb(err: unknown): AppError | null {
  if (err instanceof AppError || !err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; constraint?: unknown; table?: unknown; message?: unknown; detail?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const text = `${String(e.table ?? '')} ${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const known = UNIQUE_CODES.find((u) => u.match.test(text));
    return known
      ? new AppError(known.code, 409, known.message)
      : new AppError('already_exists', 409, 'A record with the same unique value already exists');
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError(
      'referenced_record',
      409,
      'This refers to a record that no longer exists, or is still referred to by another',
    );
  }
  if (code === '23P01')
    return new AppError(
      'write_conflict',
      409,
      'This overlaps with something saved at the same time; reload and try again',
    );
  if (
    code === '40001' ||
    code === '40P01' ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === '55P03'
  ) {
    return new AppError('write_conflict', 409, 'Someone else was saving at the same moment; try again', undefined, {
      'retry-after': '1',
    });
  }
  return null;
}
