// Server-side sessions: a random 256-bit token in the cookie, only its SHA-256 in the database.
// Idle and absolute timeouts; revoked at sign-out, password change and deactivation.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** last_seen_at is written at most this often, so a busy user does not cost a write per request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

export class SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
  ) {}

  async create(exec: Executor, userId: string, ip: string | null): Promise<{ token: string; id: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = hashToken(token);
    const now = this.clock.now();
    await exec
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
      .execute();
    return { token, id };
  }

  /** The live session for a token, or a reason why there is none. */
  async resolve(token: string): Promise<{ session: SessionsTable } | { expired: SessionsTable } | null> {
    if (!token || token.length > 100) return null;
    const session = await this.db.selectFrom('sessions').selectAll().where('id', '=', hashToken(token)).executeTakeFirst();
    if (!session || session.revoked_at) return null;
    const now = this.clock.now().getTime();
    if (now >= Date.parse(session.absolute_expires_at) || now - Date.parse(session.last_seen_at) >= this.timeouts.idleMs) {
      await this.revoke(this.db, session.id);
      return { expired: session };
    }
    if (now - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: new Date(now).toISOString() }).where('id', '=', session.id).execute();
    }
    return { session };
  }

  async revoke(exec: Executor, sessionId: string): Promise<void> {
    await exec
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now().toISOString(), pending_totp_secret: null })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllForUser(exec: Executor, userId: string): Promise<void> {
    await exec
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now().toISOString(), pending_totp_secret: null })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async setPendingTotp(sessionId: string, sealed: string | null): Promise<void> {
    await this.db.updateTable('sessions').set({ pending_totp_secret: sealed }).where('id', '=', sessionId).execute();
  }
}
