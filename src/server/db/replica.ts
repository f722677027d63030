// Reads that tolerate a little lag — reports, dashboards, exports, searches — may go to a PostgreSQL streaming
// replica (DATABASE_READ_URL; decision 043). A store asks for them by name (`RepoCore.lagTolerantDb`); every
// other read, and every write, stays on the primary. The replica is used only while it is known to be at most
// the configured lag behind the primary; otherwise, and whenever a statement cannot reach it, the statement runs
// on the primary instead, so a replica that is behind, paused, restarting or gone costs freshness never an error.
//
// How far behind it is, is measured at most every `checkEveryMs`, when a lag-tolerant read asks (an idle server
// checks nothing), never per statement:
//  1. the primary's WAL position and its clock are read, then the standby's replayed position and the time of
//     the last transaction it replayed (the primary's clock, carried in the WAL);
//  2. the standby holds the primary's state as of some instant `freshAsOf`, known from below in two ways: the
//     latest earlier check whose primary position the standby has replayed past (it holds all that the primary
//     had then), and the last replayed commit's time (it holds the primary's state just after that commit),
//     turned into this process's time through the primary's clock read in (1) — no two machines' clocks are
//     compared;
//  3. a statement may use the replica while `now − freshAsOf ≤ maxLag`: the bound grows with time between checks,
//     so a verdict is never older than the lag it allows.
// A connection or shutdown error marks the replica unusable until a check finds it again; a query cancelled
// by recovery (a standby's conflict with replay) is simply run on the primary.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  Kysely,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import type { Database } from './schema.ts';
import { ScopedPostgresDialect } from './pg-introspector.ts';
import { PreparingPool } from './pg-pool.ts';

/** The replica's connections name themselves, so an operator (and the replica test) sees them in pg_stat_activity. */
export const REPLICA_APPLICATION_NAME = 'berdaya-reads';

export interface ReadReplicaOptions {
  /** postgres://… of the standby (or of a pooler in front of it). */
  url: string;
  /** The primary's pool: where a statement goes when the replica may not be used, and where the check reads the WAL position. */
  primary: PreparingPool;
  pgSchema?: string;
  poolSize?: number;
  /** The most a lag-tolerant read may lag behind the primary (BERDAYA_READ_MAX_LAG_SECONDS). */
  maxLagSeconds: number;
  /** Tells the operator when the replica stops or starts serving reads. */
  log?: (msg: string) => void;
}

export interface ReplicaState {
  /** Whether a lag-tolerant read now goes to the replica. */
  usable: boolean;
  /** How far behind the replica is known to be at most, in seconds (null: not known, e.g. unreachable). */
  lagSeconds: number | null;
  /** Why it is not used, when it is not. */
  reason: string | null;
}

/** An LSN "16/B374D848" as a number that orders as the WAL does. */
const lsn = (text: string): bigint => {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

/** Errors that say the replica cannot be reached (no SQLSTATE, connection class 08, shutting down, too many). */
function unreachable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** A standby cancelled the statement because replay needed what it read: the primary answers it instead. */
const recoveryConflict = (err: unknown) =>
  (err as { code?: unknown }).code === '40001' && /conflict with recovery/i.test(String((err as Error).message));

export class ReadReplica {
  /** The handle for lag-tolerant reads: statements go to the replica when it is current, else to the primary. */
  readonly kysely: Kysely<Database>;
  readonly maxLagMs: number;
  /** A quarter of the lag allowed (at most 2 s): a current replica is re-checked well before its bound runs out. */
  readonly checkEveryMs: number;
  private readonly replica: PreparingPool;
  private readonly primary: PreparingPool;
  private readonly log: (msg: string) => void;
  /** This process's time (performance.now) up to which the replica is known to hold the primary's state. */
  private freshAsOf = Number.NEGATIVE_INFINITY;
  private reason: string | null = 'not checked yet';
  /** Earlier checks' primary WAL positions with the time each was read. */
  private samples: { lsn: bigint; at: number }[] = [];
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | null = null;
  private servedLast: boolean | null = null;
  private closed = false;

  constructor(opts: ReadReplicaOptions) {
    this.maxLagMs = opts.maxLagSeconds * 1000;
    this.checkEveryMs = Math.min(2000, this.maxLagMs / 4);
    this.primary = opts.primary;
    this.log = opts.log ?? (() => {});
    const pool = new pg.Pool({
      connectionString: opts.url,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
      application_name: REPLICA_APPLICATION_NAME,
      max: opts.poolSize ?? 10,
      // A replica that does not answer must not hold a report up for long: the primary serves it.
      connectionTimeoutMillis: 2000,
    });
    // An idle connection the standby dropped (stopped, restarted): not a crash of ours; the next check decides.
    pool.on('error', (err) => this.markDown(err));
    this.replica = new PreparingPool(pool);
    this.kysely = new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool: new FallbackPool(this) }) });
  }

  /** Whether a statement starting now may use the replica; starts a check when the last is older than checkEveryMs. */
  usable(): boolean {
    const now = performance.now();
    if (now - this.checkedAt >= this.checkEveryMs && !this.checking && !this.closed) {
      this.checkedAt = now;
      this.checking = this.check().finally(() => {
        this.checking = null;
      });
    }
    return now - this.freshAsOf <= this.maxLagMs;
  }

  /** Checks now (start-up, tests) and waits for the answer. */
  async refresh(): Promise<ReplicaState> {
    await this.checking;
    this.checkedAt = performance.now();
    await this.check();
    return this.state();
  }

  state(): ReplicaState {
    const lag = performance.now() - this.freshAsOf;
    const usable = lag <= this.maxLagMs;
    return {
      usable,
      lagSeconds: Number.isFinite(lag) ? Math.max(0, lag) / 1000 : null,
      reason: usable ? null : (this.reason ?? `more than ${this.maxLagMs / 1000} s behind the primary`),
    };
  }

  private async check(): Promise<void> {
    try {
      // The primary first: a standby that has replayed past this position holds all the primary had committed now.
      // The write position covers every commit a reader can see because commits wait for their WAL to be written
      // (synchronous_commit is never turned off for the app's sessions; where an operator turns it off for the
      // server, pg_current_wal_insert_lsn() would be the position to read).
      const t0 = performance.now();
      const p = (
        await this.primary.pool.query<{ lsn: string; clock: string }>(
          'select pg_current_wal_lsn()::text as lsn, extract(epoch from clock_timestamp())::text as clock',
        )
      ).rows[0]!;
      const s = (
        await this.replica.pool.query<{ standby: boolean; lsn: string | null; replayed: string | null }>(
          `select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn,
                  extract(epoch from pg_last_xact_replay_timestamp())::text as replayed`,
        )
      ).rows[0]!;
      const t1 = performance.now();
      // A promoted standby is a primary of its own whose data part from the one we write to: never read from it.
      if (!s.standby || !s.lsn) return this.verdict(Number.NEGATIVE_INFINITY, 'not a standby in recovery');
      const replayed = lsn(s.lsn);
      this.samples.push({ lsn: lsn(p.lsn), at: t0 });
      let fresh = Number.NEGATIVE_INFINITY;
      for (const x of this.samples) if (x.lsn <= replayed && x.at > fresh) fresh = x.at;
      // The last replayed commit, on the primary's clock, placed on ours by the primary's clock read at t0.
      if (s.replayed !== null)
        fresh = Math.max(fresh, Math.min(t1, t0 + (Number(s.replayed) - Number(p.clock)) * 1000));
      // Samples older than the lag allowed can no longer make the replica usable.
      this.samples = this.samples.filter((x) => t1 - x.at <= this.maxLagMs || x.lsn > replayed).slice(-64);
      this.verdict(fresh, null);
    } catch (err) {
      this.verdict(Number.NEGATIVE_INFINITY, `unreachable: ${(err as Error).message}`);
    }
  }

  private verdict(freshAsOf: number, reason: string | null): void {
    this.freshAsOf = freshAsOf;
    this.reason = reason;
    const serves = this.state().usable;
    if (serves !== this.servedLast && !this.closed) {
      if (serves) this.log('read replica: serving lag-tolerant reads');
      else if (this.servedLast !== null)
        this.log(`read replica: not used, reads go to the primary (${this.state().reason})`);
      this.servedLast = serves;
    }
  }

  /** A statement could not reach the replica: nothing goes there until a check finds it again. */
  markDown(err: unknown): void {
    this.verdict(Number.NEGATIVE_INFINITY, `unreachable: ${(err as Error).message}`);
  }

  /** A connection for one statement (or a few, as Kysely uses them): the replica's when it may be used. */
  async connect(): Promise<PostgresPoolClient> {
    if (this.usable()) {
      try {
        return new FallbackClient(await this.replica.connect(), this, true);
      } catch (err) {
        this.markDown(err);
      }
    }
    return new FallbackClient(await this.primary.connect(), this, false);
  }

  /** Runs one statement on the primary (a statement the replica could not answer). */
  async onPrimary<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const client = await this.primary.connect();
    try {
      return await client.query<R>(sql, parameters);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.checking;
    await this.kysely.destroy();
  }

  /** Ends the replica's own pool (the primary's is the primary's to end). */
  end(): Promise<void> {
    return this.replica.end();
  }
}

/**
 * A connection of the lag-tolerant handle: the replica's, whose statement the primary answers when the replica
 * cannot, or the primary's. Either way it runs no transaction.
 */
class FallbackClient implements PostgresPoolClient {
  private broken = false;

  constructor(
    private readonly client: PostgresPoolClient,
    private readonly replica: ReadReplica,
    /** The replica's connection (a failed statement is run again on the primary), or the primary's. */
    private readonly onReplica: boolean,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    what: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // A stream is read where it started; lag-tolerant reads do not stream.
    if (typeof what !== 'string') return this.client.query(what);
    // One statement at a time: a transaction here could run its statements on two servers.
    if (/^\s*(begin|start\s+transaction)\b/i.test(what))
      return Promise.reject(new Error('The lag-tolerant handle runs single reads, never a transaction'));
    if (!this.onReplica) return this.client.query<R>(what, parameters ?? []);
    return this.client.query<R>(what, parameters ?? []).catch((err: unknown) => {
      if (unreachable(err)) {
        this.broken = true;
        this.replica.markDown(err);
      } else if (!recoveryConflict(err)) throw err;
      return this.replica.onPrimary<R>(what, parameters ?? []);
    });
  }

  release(): void {
    this.client.release(this.broken);
  }
}

/** Kysely's pool for the lag-tolerant handle: each connection is the replica's or the primary's, chosen at checkout. */
class FallbackPool implements PostgresPool {
  constructor(private readonly replica: ReadReplica) {}

  connect(): Promise<PostgresPoolClient> {
    return this.replica.connect();
  }

  end(): Promise<void> {
    return this.replica.end();
  }
}
