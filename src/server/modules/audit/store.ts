// The audit log itself, for administrators and auditors: read a page, or export a period (breach response).
// Reading it is audited too.
import type { RepoCore } from '../../kernel/context.ts';
import type { AuditEntry } from '../../../shared/api.ts';
import { endOfLocalDay, OFFICE_ZONE, startOfLocalDay } from '../../../shared/calendar.ts';
import { presentAudit } from '../users/present.ts';

export interface AuditFilter {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** A date (YYYY-MM-DD) is a whole day in the office's time zone; a date-time is taken as given. */
function toUtcBound(value: string, side: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return (side === 'start' ? startOfLocalDay : endOfLocalDay)(value, OFFICE_ZONE).toISOString();
  return new Date(value).toISOString();
}

export class AuditLogStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  /** Breach response: every entry of a period, oldest first (the export is itself audited). */
  async exportPeriod(from: string, to: string): Promise<AuditEntry[]> {
    this.c.check('audit.read', { type: 'audit' });
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('at', '>=', toUtcBound(from, 'start'))
      .where('at', '<=', toUtcBound(to, 'end'))
      .orderBy('seq')
      .limit(1_000_000)
      .execute();
    await this.c.record(
      this.c.event({
        action: 'audit.export',
        resourceType: 'audit',
        outcome: 'success',
        detail: { from, to, count: rows.length },
      }),
    );
    return rows.map(presentAudit);
  }
  async list(f: AuditFilter): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
    this.c.check('audit.read', { type: 'audit' });
    let q = this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(f.limit + 1);
    if (f.actor) q = q.where((eb) => eb.or([eb('actor', '=', f.actor!), eb('actor_id', '=', f.actor!)]));
    if (f.action) q = q.where('action', '=', f.action);
    if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    if (f.from) q = q.where('at', '>=', toUtcBound(f.from, 'start'));
    if (f.to) q = q.where('at', '<=', toUtcBound(f.to, 'end'));
    if (f.before) q = q.where('seq', '<', f.before);
    const rows = await q.execute();
    const page = rows.slice(0, f.limit);
    const filterKeys = Object.entries(f)
      .filter(([k, v]) => v !== undefined && k !== 'limit')
      .map(([k]) => k);
    await this.c.record(
      this.c.event({
        action: 'audit.read',
        resourceType: 'audit',
        outcome: 'success',
        detail: { filters: filterKeys, count: page.length },
      }),
    );
    return {
      items: page.map(presentAudit),
      nextBefore: rows.length > f.limit ? Number(page[page.length - 1]!.seq) : null,
    };
  }
}
