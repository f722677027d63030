// Table types for Kysely. Conventions that hold on both dialects: ids are text, times are ISO-8601 UTC text
// with milliseconds (sortable as text), booleans are integers 0/1, money is integer rupiah.
import type { Generated } from 'kysely';

export interface SystemMetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  username: string;
  name: string | null;
  role: string;
  password_hash: string;
  must_change_password: number;
  /** TOTP secret sealed with the system-secrets key; null when not enrolled. */
  totp_secret: string | null;
  totp_enabled: number;
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: number | null;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserRegionsTable {
  user_id: string;
  region_code: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  /** Pending TOTP secret during enrolment (sealed), confirmed by a code before it is moved to the user. */
  pending_totp_secret: string | null;
}

export interface LoginThrottleTable {
  /** "user:<username>" or "ip:<address>". */
  key: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface SetupTokensTable {
  id: string;
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface Database {
  system_meta: SystemMetaTable;
  users: UsersTable;
  user_regions: UserRegionsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export type { Generated };
