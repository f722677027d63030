// What every layer below HTTP needs to know about the process and about one request.
import type { Db } from './db/connect.ts';
import type { AuditWriter } from './audit/writer.ts';
import type { KeyRing } from './crypto/keys.ts';
import type { DataKeyCache } from './crypto/participant-keys.ts';
import type { Clock } from './clock.ts';
import type { AppConfig } from './env.ts';
import type { Actor } from './policy/index.ts';
import type { Mailer } from './notify/email.ts';
import type { UnitOfWork } from './db/write.ts';

export interface Services {
  db: Db;
  audit: AuditWriter;
  keys: KeyRing;
  /** Participants' unwrapped data keys, held a short while. */
  dataKeys: DataKeyCache;
  clock: Clock;
  config: AppConfig;
  /** Delivers notification e-mail; present only when SMTP is configured. */
  mail?: Mailer;
}

/** The signed-in staff member behind a request. */
export interface RequestActor extends Actor {
  username: string;
  /** Her name as her account gives it (null when it has none); absent for actors built outside a request. */
  name?: string | null;
}

/** How a paper or a screen names a staff member: her name, or her username when her account has none. */
export function staffName(a: { username: string; name?: string | null }): string {
  return a.name?.trim() || a.username;
}

export interface RequestMeta {
  requestId: string;
  ip: string | null;
  /** The request's open unit of work, when its whole work is one transaction (an Idempotency-Key request). */
  unit?: UnitOfWork | null;
  /**
   * A field device's request (its outbox sending what was recorded offline): the device and the time the work was
   * recorded on it, added to the detail of every audit event the request makes beside the server's own time.
   */
  device?: { deviceId?: string; deviceTime?: string } | null;
}
