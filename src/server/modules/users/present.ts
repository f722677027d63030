// Presenters: responses are shaped on purpose; hashes, secrets and internal columns never leave the server.
import type { UserView, AuditEntry } from '../../../shared/api.ts';
import type { Role } from '../../../shared/roles.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import type { AccountRow } from '../../kernel/accounts.ts';

/** What waits for a second person and how the last request ended (requests.ts, accountStates). */
export type AccountState = Pick<UserView, 'approval' | 'lastDecision'>;
const NOTHING_ASKED: AccountState = { approval: null, lastDecision: null };

export function presentUser(u: AccountRow, state: AccountState = NOTHING_ASKED): UserView {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    role: u.role as Role,
    regions: u.regions,
    active: u.active === 1,
    mfaEnabled: u.totp_enabled === 1,
    mustChangePassword: u.must_change_password === 1,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
    version: u.version,
    approval: state.approval,
    lastDecision: state.lastDecision,
  };
}

export function presentAudit(r: AuditLogTable): AuditEntry {
  let detail: Record<string, unknown> | null = null;
  if (r.detail) {
    try {
      detail = JSON.parse(r.detail) as Record<string, unknown>;
    } catch {
      detail = { unparsable: true };
    }
  }
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actor: r.actor,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.request_id,
    detail,
  };
}
