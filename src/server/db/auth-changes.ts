// Tells the session cache (SessionStore) whether sessions, accounts or their regions may have changed since
// a moment it remembers, whoever changed them: this instance, another one, the CLI, or SQL typed by an
// operator. Database triggers (migration 0015) are the source, so no writer can forget to signal.
//  - SQLite: the triggers count changes in `auth_epoch` in the writer's own transaction; reading the count
//    (one row, one column) tells exactly whether anything committed since.
//  - PostgreSQL: the triggers NOTIFY at commit; a dedicated connection LISTENs and counts notifications,
//    and this instance's own writes to those tables count at once, before and after their commit: the code
//    that makes them runs them through `writing`. Another writer's change therefore applies here once its
//    notification arrives (milliseconds after its commit). While that connection is down, not yet listening,
//    or has not answered its heartbeat lately, nothing can be told and nothing may be cached.
// Knows nothing of HTTP or of what a session is.
import pg from 'pg';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { whenTransactionEnds } from './write.ts';
import { systemClock, type Clock } from '../clock.ts';

export const AUTH_CHANNEL = 'berdaya_auth';

export interface AuthChanges {
  /**
   * A mark that differs from every earlier one once sessions, accounts or regions have changed (committed),
   * or null when that cannot be told now: then nothing is served from or kept in a cache. Take the mark
   * before reading what is to be cached.
   */
  mark(): Promise<number | null> | number | null;
  /**
   * Runs `write`, which changes sessions, accounts or their regions through `db` (a session's touch of
   * last_seen_at alone is not a change). Whatever a request read and cached meanwhile is out of date on this
   * instance at once: the change counts when it is sent and again once it has committed or rolled back.
   */
  writing<T>(db: Kysely<Database> | Transaction<Database>, write: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLite: the count the triggers keep, read fresh (a single-row primary-key read). */
export class SqliteAuthChanges implements AuthChanges {
  constructor(private readonly read: () => Promise<number | undefined>) {}
  async mark(): Promise<number | null> {
    try {
      return (await this.read()) ?? null;
    } catch {
      return null; // before migration 0015: never cache
    }
  }
  /** The triggers count the change in the writer's own transaction: nothing more to tell. */
  writing<T>(_db: unknown, write: () => Promise<T>): Promise<T> {
    return write();
  }
  async close(): Promise<void> {}
}

type Listener = { client: pg.Client; alive: boolean };

/**
 * How the listener proves it is alive and listening: every `everyMs` it asks its own connection whether it
 * still LISTENs on the channel; without a yes within `freshMs`, nothing more is served from a cache (a
 * connection can die without an error: a half-open TCP link, a failover; and behind a transaction-mode pooler
 * a LISTEN does not hold, so DATABASE_URL must reach PostgreSQL directly or through a session-mode pool).
 * A connection that is not listening within `deadMs` of its start, or gives no answer for `deadMs`, is given
 * up and opened anew a second later.
 */
export const LISTENER_HEARTBEAT = { everyMs: 500, freshMs: 1500, deadMs: 5000 };

/** PostgreSQL: counts notifications on a listening connection of its own, opened on first use. */
export class PgAuthChanges implements AuthChanges {
  private count = 0;
  private listener: Listener | null = null;
  private connecting: Listener | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** When the listening connection last answered (the clock's ticks). */
  private aliveAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clientConfig: pg.ClientConfig,
    private readonly clock: Clock = systemClock,
  ) {}

  mark(): number | null {
    if (!this.listener) {
      this.start();
      return null;
    }
    return this.clock.ticks() - this.aliveAt <= LISTENER_HEARTBEAT.freshMs ? this.count : null;
  }

  async writing<T>(db: Kysely<Database> | Transaction<Database>, write: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await write();
    } finally {
      whenTransactionEnds(db, () => this.count++);
    }
  }

  /** Whether notifications are being received and the connection answered lately (tests). */
  get isListening(): boolean {
    return this.mark() !== null;
  }

  /** The listening connection's backend pid (tests stop it to show the cache falls back to the database). */
  listenerPid(): number | undefined {
    return (this.listener?.client as unknown as { processID?: number } | undefined)?.processID;
  }

  private start(): void {
    if (this.connecting || this.listener || this.closed || this.retry) return;
    const l: Listener = { client: null as unknown as pg.Client, alive: true };
    this.connecting = l;
    // Connecting, asking for the schema and LISTEN must all be done by then.
    const deadline = setTimeout(() => lost(), LISTENER_HEARTBEAT.deadMs);
    deadline.unref();
    const lost = () => {
      clearTimeout(deadline);
      if (!l.alive) return;
      l.alive = false;
      if (this.listener === l) this.listener = null;
      if (this.connecting === l) this.connecting = null;
      this.count++;
      if (this.heartbeat && !this.listener) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
      l.client?.removeAllListeners('notification');
      void endQuickly(l.client);
      if (!this.closed && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          this.start();
        }, 1000);
        this.retry.unref();
      }
    };
    void (async () => {
      try {
        const client = new pg.Client({
          ...this.clientConfig,
          keepAlive: true,
          connectionTimeoutMillis: LISTENER_HEARTBEAT.deadMs,
        });
        l.client = client;
        client.on('error', lost);
        client.on('end', lost);
        await client.connect();
        // The triggers name the schema of the table that changed (TG_TABLE_SCHEMA); this instance's is ours.
        const schema = (await client.query<{ s: string }>('select current_schema() as s')).rows[0]?.s;
        client.on('notification', (n) => {
          if (n.channel === AUTH_CHANNEL && (n.payload === schema || !n.payload)) this.count++;
        });
        await client.query(`LISTEN ${AUTH_CHANNEL}`);
        if (this.closed || !l.alive) return lost();
        // Listening from here on: whatever committed before is read fresh by whoever marks from now.
        clearTimeout(deadline);
        this.connecting = null;
        this.listener = l;
        this.count++;
        this.aliveAt = this.clock.ticks();
        // The listener never keeps a finished process alive (the pool's own connections are closed by Db.close).
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
        // One question at a time; one left unanswered for deadMs means the connection is gone. (Counted from
        // when it was asked, so a clock moved forward by a test only makes the cache wait for the next answer.)
        let askedAt: number | null = null;
        this.heartbeat = setInterval(() => {
          if (askedAt !== null) {
            if (this.clock.ticks() - askedAt > LISTENER_HEARTBEAT.deadMs) lost();
            return;
          }
          askedAt = this.clock.ticks();
          client
            .query<{ listening: boolean }>('select $1 = any(array(select pg_listening_channels())) as listening', [
              AUTH_CHANNEL,
            ])
            .then((r) => {
              askedAt = null;
              if (!l.alive) return;
              if (r.rows[0]?.listening) this.aliveAt = this.clock.ticks();
              else lost();
            }, lost);
        }, LISTENER_HEARTBEAT.everyMs);
        this.heartbeat.unref();
      } catch {
        lost();
      }
    })();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const l of [this.listener, this.connecting]) {
      if (!l) continue;
      l.alive = false;
      await endQuickly(l.client);
    }
    this.listener = null;
    this.connecting = null;
  }
}

/** Ends a client, and cuts its socket if the server does not answer the goodbye soon (it may be gone). */
async function endQuickly(client: pg.Client | null | undefined): Promise<void> {
  if (!client) return;
  const stream = (client as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.end().catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, 500)))]);
  clearTimeout(timer);
  stream?.destroy?.();
}
