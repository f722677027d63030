// What the audit log shows of a participant to someone who may not read her record (an administrator, an
// auditor): nothing that points to her. Her id, the ids of records of hers (a note, an enrolment, an allocation …)
// and every participant id in an entry's detail are replaced by a token: the same id always gives the same token
// (so one person's trail can still be followed through the log), and no token can be turned back into an id
// without the server's key (an HMAC under a sub-key of the master key).
import { createHmac } from 'node:crypto';
import type { AuditLogTable } from '../../db/schema.ts';
import type { AuditEntry } from '../../../shared/api.ts';
import { presentAudit } from '../users/present.ts';

/**
 * Kinds of record whose ids name no participant: staff accounts, the office's programmes, cohorts, sessions,
 * kits, partners, letters and settings. Every other kind (her record and every record that hangs off her, and any
 * kind added later) has its id replaced.
 */
export const KEPT_RESOURCE_TYPES: readonly string[] = [
  'user',
  'staff',
  'audit',
  'keys',
  'email',
  'programme',
  'venue',
  'cohort',
  'session',
  'kit',
  'partner',
  'aid_decree',
  'approval_setting',
  'delegation',
  'report',
  'import',
  'import_mapping',
];

/** Detail keys whose ids name no participant; any other id in a detail is replaced. */
const KEPT_DETAIL_IDS: readonly string[] = [
  'cohortId',
  'sessionId',
  'programmeId',
  'venueId',
  'kitId',
  'partnerId',
  'decreeId',
  'budgetLineId',
  'delegationId',
  'delegatorId',
  'delegateId',
  'userId',
  'fromUserId',
  'toUserId',
  'receipt',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_PREFIX = 'anon-';

/** The participant ids an entry names: her record as its resource, and participantId(s) in its detail. */
export function participantIdsOf(r: AuditLogTable): string[] {
  const out: string[] = [];
  if (r.resource_type === 'participant' && r.resource_id) out.push(r.resource_id);
  const detail = parseDetail(r.detail);
  for (const [k, v] of Object.entries(detail ?? {}))
    if (/participant/i.test(k)) for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x) out.push(x);
  return out;
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export class AuditRedactor {
  private readonly cache = new Map<string, string>();
  /**
   * @param key the `audit-redaction` sub-key
   * @param readable participants the reader may read (her scope): entries naming only these are shown as they are
   */
  constructor(
    private readonly key: Buffer,
    private readonly readable: ReadonlySet<string>,
  ) {}

  /** The stable token for an id. */
  token(id: string): string {
    let t = this.cache.get(id);
    if (!t) {
      t = `${TOKEN_PREFIX}${createHmac('sha256', this.key).update(id).digest('hex').slice(0, 16)}`;
      this.cache.set(id, t);
    }
    return t;
  }

  /** The entry as the reader may see it. */
  present(r: AuditLogTable): AuditEntry {
    const entry = presentAudit(r);
    const named = participantIdsOf(r);
    // An entry about participants she may all read is shown whole (a role that reads cases); else redacted.
    if (named.length > 0 && named.every((id) => this.readable.has(id))) return entry;
    const keepsId = r.resource_type !== null && KEPT_RESOURCE_TYPES.includes(r.resource_type);
    return {
      ...entry,
      resourceId: entry.resourceId && !keepsId ? this.token(entry.resourceId) : entry.resourceId,
      detail: entry.detail ? this.redactDetail(entry.detail) : null,
    };
  }

  private redactDetail(detail: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(detail)) {
      const always = /participant/i.test(k);
      const kept = !always && KEPT_DETAIL_IDS.includes(k);
      const one = (x: unknown) => (typeof x === 'string' && !kept && (always || UUID.test(x)) ? this.token(x) : x);
      out[k] = Array.isArray(v) ? v.map(one) : one(v);
    }
    return out;
  }
}
