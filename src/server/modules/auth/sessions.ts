// Server-side sessions: a random 256-bit token in the cookie, only its SHA-256 in the database.
// Idle and absolute timeouts; revoked at sign-out, password change and deactivation.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { compiledOnce } from '../../db/connect.ts';
import type { SessionAccount } from '../../kernel/accounts.ts';
import type { AuthChanges } from '../../db/auth-changes.ts';
import { approvalGrantsOf } from '../../kernel/approvals.ts';
import { scopeWhere } from '../../kernel/scope.ts';
import type { ScopeFilter } from '../../policy/index.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** last_seen_at is written at most this often, so a busy user does not cost a write per request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/**
 * A session with its account (what a request needs of it: no password hash or TOTP secret) and the account's
 * regions, in one statement compiled once: it runs on every API request. One row per region (one with a null
 * region when she has none); the account columns are null when the account row is gone.
 */
const sessionAndAccountRows = compiledOnce((db, sessionId: string) =>
  db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('user_regions as r', 'r.user_id', 'u.id')
    .select([
      's.id as s_id',
      's.user_id as s_user_id',
      's.created_at as s_created_at',
      's.last_seen_at as s_last_seen_at',
      's.absolute_expires_at as s_absolute_expires_at',
      's.revoked_at as s_revoked_at',
      's.ip as s_ip',
      's.pending_totp_secret as s_pending_totp_secret',
      'u.id',
      'u.username',
      'u.name',
      'u.role',
      'u.must_change_password',
      'u.totp_enabled',
      'u.active',
      'r.region_code',
    ])
    .where('s.id', '=', sessionId)
    .orderBy('r.region_code'),
);

type Live = { session: SessionsTable; account: SessionAccount | undefined };
type Cached = { live: Live; mark: number; absoluteMs: number; lastSeenMs: number };

/** At most this many sessions are remembered (the least recently used leave first). */
export const SESSION_CACHE_SIZE = 10_000;

export class SessionStore {
  /**
   * Live sessions with their accounts, remembered between requests (decision 013) under the database's mark
   * of auth changes taken before they were read: any later change to a session, an account or its regions,
   * by whomever, moves the mark, and the entry is not used again. Only a live session that needs no write
   * (no touch, not near a timeout) is answered from here; everything else is read and decided as before.
   */
  private readonly cache = new Map<string, Cached>();
  /** How requests were answered (tests and profiling). */
  readonly lookups = { cached: 0, database: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
    private readonly changes: AuthChanges,
  ) {}

  async create(exec: Executor, userId: string, ip: string | null): Promise<{ token: string; id: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = hashToken(token);
    const now = this.clock.now();
    await this.changes.writing(exec, () =>
      exec
        .insertInto('sessions')
        .values({
          id,
          user_id: userId,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          absolute_expires_at: new Date(now.getTime() + this.timeouts.absoluteMs).toISOString(),
          revoked_at: null,
          ip,
          pending_totp_secret: null,
        })
        .execute(),
    );
    return { token, id };
  }

  /**
   * The live session for a token and its account as stored now (role, regions, state: a change by anyone
   * applies to the next request), or a reason why there is none. One statement, or none when the database's
   * mark says nothing changed since this session was last read here.
   */
  async resolveWithAccount(
    token: string,
  ): Promise<{ session: SessionsTable; account: SessionAccount | undefined } | { expired: SessionsTable } | null> {
    if (!token || token.length > 100) return null;
    const id = hashToken(token);
    const mark = await this.changes.mark();
    const now = this.clock.now().getTime();
    if (mark !== null) {
      const hit = this.cache.get(id);
      if (hit) {
        this.cache.delete(id);
        // Served only while nothing changed and nothing is due: the touch, the idle and absolute timeouts are
        // decided on fresh rows (the remembered last_seen_at is never newer than the stored one).
        if (
          hit.mark === mark &&
          now < hit.absoluteMs &&
          now - hit.lastSeenMs < Math.min(TOUCH_EVERY_MS, this.timeouts.idleMs)
        ) {
          this.cache.set(id, hit);
          this.lookups.cached++;
          return hit.live;
        }
      }
    }
    this.lookups.database++;
    const rows = await sessionAndAccountRows(this.db, id);
    const first = rows[0];
    if (!first || first.s_revoked_at) return null;
    const session: SessionsTable = {
      id: first.s_id,
      user_id: first.s_user_id,
      created_at: first.s_created_at,
      last_seen_at: first.s_last_seen_at,
      absolute_expires_at: first.s_absolute_expires_at,
      revoked_at: first.s_revoked_at,
      ip: first.s_ip,
      pending_totp_secret: first.s_pending_totp_secret,
    };
    if (
      now >= Date.parse(session.absolute_expires_at) ||
      now - Date.parse(session.last_seen_at) >= this.timeouts.idleMs
    ) {
      await this.revoke(this.db, session.id);
      return { expired: session };
    }
    let lastSeenMs = Date.parse(session.last_seen_at);
    if (now - lastSeenMs >= TOUCH_EVERY_MS) {
      // The touch alone is not a change of what a session grants (no change signal; the triggers ignore it too).
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(now).toISOString() })
        .where('id', '=', session.id)
        .execute();
      lastSeenMs = now;
      session.last_seen_at = new Date(now).toISOString();
    }
    const account: SessionAccount | undefined =
      first.id === null
        ? undefined
        : {
            id: first.id,
            username: first.username!,
            name: first.name,
            role: first.role!,
            must_change_password: first.must_change_password!,
            totp_enabled: first.totp_enabled!,
            active: first.active!,
            regions: rows.flatMap((r) => (r.region_code ? [r.region_code] : [])),
          };
    // What she approves is read with her account (only for an active one: nobody else acts).
    if (account?.active === 1) account.grants = await approvalGrantsOf(this.db, account.id, account.role);
    const live: Live = { session, account };
    if (mark !== null) {
      // Shared by the requests it answers: frozen, so none can change it for the others.
      if (account) {
        Object.freeze(account.regions);
        if (account.grants) Object.freeze(account.grants);
      }
      Object.freeze(account);
      Object.freeze(session);
      this.cache.set(id, {
        live: Object.freeze(live),
        mark,
        absoluteMs: Date.parse(session.absolute_expires_at),
        lastSeenMs,
      });
      if (this.cache.size > SESSION_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return live;
  }

  async revoke(exec: Executor, sessionId: string): Promise<void> {
    await this.changes.writing(exec, () =>
      exec
        .updateTable('sessions')
        .set({ revoked_at: this.clock.now().toISOString(), pending_totp_secret: null })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute(),
    );
  }

  async revokeAllForUser(exec: Executor, userId: string): Promise<void> {
    await this.changes.writing(exec, () =>
      exec
        .updateTable('sessions')
        .set({ revoked_at: this.clock.now().toISOString(), pending_totp_secret: null })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute(),
    );
  }

  /**
   * Ends every live session but one (a breach response) of the accounts within `scope` (the caller's scope of
   * staff accounts: all for a province-wide administrator, else those whose every region lies within hers); how
   * many were ended.
   */
  async revokeAllBut(exec: Executor, keepSessionId: string, scope: ScopeFilter): Promise<number> {
    const res = await this.changes.writing(exec, () =>
      scopeWhere(
        'user',
        exec
          .updateTable('sessions')
          .set({ revoked_at: this.clock.now().toISOString(), pending_totp_secret: null })
          .where('revoked_at', 'is', null)
          .where('id', '!=', keepSessionId),
        { id: 'sessions.user_id' },
        scope,
      ).executeTakeFirst(),
    );
    return Number(res.numUpdatedRows);
  }

  async setPendingTotp(exec: Executor, sessionId: string, sealed: string | null): Promise<void> {
    await this.changes.writing(exec, () =>
      exec.updateTable('sessions').set({ pending_totp_secret: sealed }).where('id', '=', sessionId).execute(),
    );
  }
}
