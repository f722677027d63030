// The audit log itself, for administrators and auditors: read a page, or export a period (breach response).
// Reading it is audited too. Both are in the reader's scope (the one scope filter, kind 'audit': entries by
// accounts of her regions and about accounts or participants of her regions), and name no participant she may
// not read (redact.ts).
import type { SelectQueryBuilder } from 'kysely';
import type { RepoCore } from '../../kernel/context.ts';
import type { AuditLogTable, Database } from '../../db/schema.ts';
import type { AuditEntry } from '../../../shared/api.ts';
import { endOfLocalDay, OFFICE_ZONE, startOfLocalDay } from '../../../shared/calendar.ts';
import { AuditRedactor, KEPT_RESOURCE_TYPES, participantIdsOf } from './redact.ts';

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

  /** The audit log in the reader's scope. */
  private scoped<O>(q: SelectQueryBuilder<Database, 'audit_log', O>) {
    return this.c.scoped('audit', q, {
      actor: 'audit_log.actor_id',
      resourceType: 'audit_log.resource_type',
      resourceId: 'audit_log.resource_id',
    });
  }

  /** Presents the rows as the reader may see them: ids of participants outside her scope become tokens. */
  private async present(rows: AuditLogTable[]): Promise<AuditEntry[]> {
    const named = [...new Set(rows.flatMap(participantIdsOf))];
    const readable = new Set<string>();
    if (named.length > 0 && this.c.scope('participant').kind !== 'none') {
      for (let i = 0; i < named.length; i += 500) {
        const found = await this.c
          .scoped(
            'participant',
            this.db
              .selectFrom('participants as p')
              .select('p.id')
              .where('p.id', 'in', named.slice(i, i + 500)),
            { id: 'p.id', region: 'p.region_code' },
          )
          .execute();
        for (const f of found) readable.add(f.id);
      }
    }
    const redactor = new AuditRedactor(this.c.s.keys.subkey('audit-redaction'), readable);
    return rows.map((r) => redactor.present(r));
  }

  /** Breach response: every entry of a period, oldest first (the export is itself audited). */
  async exportPeriod(from: string, to: string): Promise<AuditEntry[]> {
    this.c.check('audit.read', { type: 'audit' });
    const rows = await this.scoped(
      this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('at', '>=', toUtcBound(from, 'start'))
        .where('at', '<=', toUtcBound(to, 'end'))
        .orderBy('seq')
        .limit(1_000_000),
    ).execute();
    await this.c.record(
      this.c.event({
        action: 'audit.export',
        resourceType: 'audit',
        outcome: 'success',
        detail: { from, to, count: rows.length },
      }),
    );
    return this.present(rows);
  }
  async list(f: AuditFilter): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
    this.c.check('audit.read', { type: 'audit' });
    let q = this.scoped(
      this.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(f.limit + 1),
    );
    if (f.actor) q = q.where((eb) => eb.or([eb('actor', '=', f.actor!), eb('actor_id', '=', f.actor!)]));
    if (f.action) q = q.where('action', '=', f.action);
    if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
    // A record's id finds its entries only for kinds whose ids name no participant: an id of hers (or of a record
    // of hers) is shown as a token, and must not be confirmed by a search either.
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId).where('resource_type', 'in', KEPT_RESOURCE_TYPES);
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
      items: await this.present(page),
      nextBefore: rows.length > f.limit ? Number(page[page.length - 1]!.seq) : null,
    };
  }
}
