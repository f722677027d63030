// Tells the session cache (SessionStore) whether sessions, accounts or their regions may have changed since
// a moment it remembers, whoever changed them: this instance, another one, the CLI, or SQL typed by an
// operator. Database triggers (migration 0015) are the source, so no writer can forget to signal.
//  - SQLite: the triggers count changes in `auth_epoch` in the writer's own transaction; reading the count
//    (one row, one column) tells exactly whether anything committed since.
//  - PostgreSQL: the triggers NOTIFY at commit; a dedicated connection LISTENs and counts notifications,
//    and this instance's own writes to those tables count at once, before and after their commit (connect.ts).
//    While that connection is down or not yet listening, nothing can be told and nothing may be cached.
// Knows nothing of HTTP or of what a session is.
import pg from 'pg';

export const AUTH_CHANNEL = 'berdaya_auth';

export interface AuthChanges {
  /**
   * A mark that differs from every earlier one once sessions, accounts or regions have changed (committed),
   * or null when that cannot be told now: then nothing is served from or kept in a cache. Take the mark
   * before reading what is to be cached.
   */
  mark(): Promise<number | null> | number | null;
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
  async close(): Promise<void> {}
}

type Listener = { client: pg.Client; alive: boolean };

/** PostgreSQL: counts notifications on a listening connection of its own, opened on first use. */
export class PgAuthChanges implements AuthChanges {
  private count = 0;
  private listener: Listener | null = null;
  private starting = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Where the count stands while listening; null while not listening. */
  private listening = false;

  constructor(private readonly clientConfig: pg.ClientConfig) {}

  mark(): number | null {
    if (!this.listening) {
      void this.start();
      return null;
    }
    return this.count;
  }

  /** This instance wrote to a watched table (counted before and after its commit, see connect.ts). */
  bump(): void {
    this.count++;
  }

  /** Whether notifications are being received (tests). */
  get isListening(): boolean {
    return this.listening;
  }

  /** The listening connection's backend pid (tests stop it to show the cache falls back to the database). */
  listenerPid(): number | undefined {
    return (this.listener?.client as unknown as { processID?: number } | undefined)?.processID;
  }

  private async start(): Promise<void> {
    if (this.starting || this.listening || this.closed || this.retry) return;
    this.starting = true;
    const client = new pg.Client(this.clientConfig);
    const l: Listener = { client, alive: true };
    const lost = () => {
      if (!l.alive) return;
      l.alive = false;
      if (this.listener === l) this.listener = null;
      this.listening = false;
      this.count++;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (!this.closed && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          void this.start();
        }, 1000);
        this.retry.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      const schema = (await client.query<{ s: string }>('select current_schema() as s')).rows[0]?.s;
      client.on('notification', (n) => {
        // One channel for the database; the payload names the schema whose tables changed.
        if (n.channel === AUTH_CHANNEL && (n.payload === schema || !n.payload)) this.count++;
      });
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      if (this.closed || !l.alive) {
        lost();
        return;
      }
      // Listening from here on: whatever committed before is read fresh by whoever marks from now.
      this.listener = l;
      this.count++;
      this.listening = true;
      // The listener never keeps a finished process alive (the pool's own connections are closed by Db.close).
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    } catch {
      lost();
    } finally {
      this.starting = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const l = this.listener;
    this.listener = null;
    if (l) {
      l.alive = false;
      await l.client.end().catch(() => {});
    }
  }
}
