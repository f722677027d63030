// The request context every feature's store stands on: who is asking (a signed-in actor, or system work named for
// what it is), for which request, inside which unit of work; the policy check; the one scope filter; the one
// audit path.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { staffName, type Services, type RequestActor, type RequestMeta } from '../context.ts';
import type { AuditEvent } from '../audit/events.ts';
import {
  authorize,
  decide,
  noteScope,
  provinceOf,
  scopeFilter,
  type Action,
  type Resource,
  type ScopeFilter,
  type ScopeKind,
} from '../policy/index.ts';
import { scopeCondition, scopeWhere, type ScopeColumns } from './scope.ts';
import { PROVINCE_CODE } from '../../shared/regions.ts';
import { todayIn, type Zone } from '../../shared/calendar.ts';
import { officeOf, type Office } from '../documents/offices.ts';

export type RepoActor =
  | { kind: 'user'; actor: RequestActor }
  /** Work no signed-in user does (the CLI on the server, scheduled jobs): visibly named, audited as the job. */
  | { kind: 'system'; name: string; reason: string };

/** What every store of the repository shares: who is asking, for which request, and the one audit path. */
export class RepoCore {
  constructor(
    readonly s: Services,
    readonly who: RepoActor,
    readonly meta: RequestMeta,
  ) {}

  /** The database, or the open unit of work this request runs in (an Idempotency-Key request's one transaction). */
  get db(): Kysely<Database> {
    return this.meta.unit?.trx ?? this.s.db.kysely;
  }

  /**
   * For reads that tolerate a few seconds' lag — reports, dashboards, exports, searches — and nothing else: the
   * PostgreSQL read replica when one is configured and current (db/replica.ts, decision 043), else the same as
   * `db`; inside the request's unit of work, that unit. Never for a read that must see this user's own write
   * (her record after a save, an ETag or If-Match), the audit chain, sessions or anything a write decides on.
   */
  get lagTolerantDb(): Kysely<Database> {
    return this.meta.unit?.trx ?? this.s.db.replica?.kysely ?? this.s.db.kysely;
  }

  /**
   * Records an audit event: durably before returning (group commit), or inside the request's open unit of work
   * with it; a refusal inside a unit is recorded once the unit has ended, so its rollback does not take it along.
   */
  record(event: AuditEvent): Promise<void> {
    const unit = this.meta.unit;
    if (!unit) return this.s.audit.record(event);
    if (event.outcome === 'success') return this.s.audit.appendInTx(unit.trx, [event]);
    unit.after.push(() => this.s.audit.record(event));
    return Promise.resolve();
  }

  /**
   * Records the event of a change inside the change's own transaction: both commit, or neither does. The one
   * audit path for writes (reads use `record`).
   */
  auditInTx(trx: Kysely<Database>, e: Omit<AuditEvent, 'actorId' | 'actor' | 'ip' | 'requestId'>): Promise<void> {
    return this.s.audit.appendInTx(trx, [this.event(e)]);
  }

  /** Runs `f` once the request's unit of work has ended (at once outside one): e.g. kicking the e-mail sender. */
  afterUnit(f: () => void): void {
    if (this.meta.unit) this.meta.unit.after.push(async () => f());
    else f();
  }

  /** The time of this unit of work (the test-controlled clock). */
  now(): string {
    return this.s.clock.now().toISOString();
  }

  /** Who to record as having done something: the user, or 'system' for jobs. */
  actorId(): string {
    return this.actor?.id ?? 'system';
  }

  /**
   * The province this request works in: the actor's, read from her regions (the region tree carries it), or the
   * office's for system work. Every scope is bounded by it (policy `provinceOf`).
   */
  get province(): string {
    return this.who.kind === 'user' ? provinceOf(this.who.actor) : PROVINCE_CODE;
  }

  /**
   * The office of the request's province: its letterhead and the zone its people live by (the ministry's for a
   * national reader; the home province's for system work). Records of one province are judged in its zone.
   */
  get office(): Office {
    return officeOf(this.province, this.s.config.offices);
  }

  /** The time zone of the request's province (WIB, WITA or WIT). */
  get zone(): Zone {
    return this.office.zone;
  }

  /** Today's date (YYYY-MM-DD) in the request's province: what "today", "due" and "overdue" mean for her work. */
  today(): string {
    return todayIn(this.zone, this.s.clock.now());
  }

  /** The signed-in actor, or null for system work. */
  get actor(): RequestActor | null {
    return this.who.kind === 'user' ? this.who.actor : null;
  }

  /** The actor as printed papers name her (her name, else her username), or 'system' for system work. */
  get actorName(): string {
    return this.who.kind === 'user' ? staffName(this.who.actor) : 'system';
  }

  event(e: Omit<AuditEvent, 'actorId' | 'actor' | 'ip' | 'requestId'>): AuditEvent {
    // Built field by field, one shape for every event (every audited read makes one).
    const who = this.who;
    return {
      action: e.action,
      actorId: who.kind === 'user' ? who.actor.id : null,
      actor: who.kind === 'user' ? who.actor.username : `system:${who.name}`,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      outcome: e.outcome,
      ip: this.meta.ip,
      requestId: this.meta.requestId,
      // A field device's write: which device, and when it was recorded there (the row's time is the server's).
      detail: this.meta.device ? { ...e.detail, ...this.meta.device } : e.detail,
    };
  }

  check(action: Action, resource?: Resource): void {
    if (this.who.kind === 'system') return; // system work is authorised by whoever runs it on the server
    authorize(this.who.actor, action, resource);
  }

  allowed(action: Action, resource?: Resource): boolean {
    if (this.who.kind === 'system') return true;
    return decide(this.who.actor, action, resource).allowed;
  }

  /** What the policy decides about the actor's scope for a kind of row (system work: everything). */
  scope(kind: Exclude<ScopeKind, 'note'>): ScopeFilter {
    return this.who.kind === 'system' ? { kind: 'all' } : scopeFilter(this.who.actor, kind);
  }

  /**
   * Every participant of the deployment lies in the actor's scope for rows of `kind`: system work, or a whole
   * province when no participant of another province is recorded (a single-province office). A query may then leave
   * its region test out of a count; the rows it reads still carry the scope. Two indexed probes.
   */
  async scopeHoldsEveryone(kind: 'participant' | 'caseload'): Promise<boolean> {
    const f = this.scope(kind);
    if (f.kind === 'all') return true;
    return f.kind === 'regions' && !!f.province && (await this.onlyProvinceRecorded(f.province));
  }

  /** No participant of another province than `province` is recorded (a single-province office). Two indexed probes. */
  async onlyProvinceRecorded(province: string): Promise<boolean> {
    // The lowest and highest region recorded: each one end of the region index, whatever the statistics say (an
    // `exists` over a range may be planned as a sequential scan that stops at the first row of another province).
    const { rows } = await sql<{
      lo: string | null;
      hi: string | null;
    }>`select (select min(region_code) from participants) as lo, (select max(region_code) from participants) as hi`.execute(
      this.db,
    );
    const { lo, hi } = rows[0] ?? { lo: null, hi: null };
    return (lo === null || lo.startsWith(province)) && (hi === null || hi.startsWith(province));
  }

  /** The actor's scope for rows of `kind` as a condition (null: every row), for SQL that is not a query builder. */
  scopedCondition(kind: Exclude<ScopeKind, 'note'>, cols: ScopeColumns[typeof kind]): Expression<SqlBool> | null {
    return scopeCondition(this.scope(kind), kind, cols as never, this.s.db.dialect);
  }

  /** The query with the actor's scope for rows of `kind` as its `where` (kernel/scope.ts, the one scope filter). */
  scoped<K extends ScopeKind, Q extends { where(e: Expression<SqlBool>): Q }>(kind: K, q: Q, cols: ScopeColumns[K]): Q {
    const filter =
      kind === 'note'
        ? this.who.kind === 'system'
          ? { kind: 'all' as const }
          : noteScope(this.who.actor)
        : this.scope(kind as Exclude<ScopeKind, 'note'>);
    return scopeWhere(kind, q, cols, filter as Parameters<typeof scopeWhere<K, Q>>[3], this.s.db.dialect);
  }
}
