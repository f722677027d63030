// The work queue, on top of the features: what waits for this person, in her scope, safety alerts first. It
// reads the features' tables through the one scope filter and owns none; a decision taken by anyone removes its
// item for everyone, because every section is a query of what is still undecided.
import { sql, type AliasedSelectQueryBuilder, type Expression, type SqlBool } from 'kysely';
import type { RepoCore } from '../../kernel/context.ts';
import { ParticipantAccess } from '../../kernel/participant-access.ts';
import { overdueFollowUp } from '../../kernel/overdue.ts';
import { worksOwnListOnly, type Action } from '../../policy/index.ts';
import { staffName } from '../../context.ts';
import type { QueueKind, WorkQueue, WorkQueueCounts } from '../../../shared/queue-api.ts';

type Row = {
  id: string;
  participant_id?: string | null;
  cohort_id?: string | null;
  session_id?: string | null;
  programme_id?: string | null;
  user_id?: string | null;
  user_name?: string | null;
  user_username?: string | null;
  /** Her participant code, when the item may name her by code only (not her name): a transfer between provinces. */
  code?: string | null;
  at: string | null;
  detail?: string | null;
};
/** What every section's query is: rows of this shape, counted in a subquery and listed first to last. */
interface SectionQuery {
  as(alias: 'q'): AliasedSelectQueryBuilder<Row, 'q'>;
  limit(n: number): { execute(): Promise<Row[]> };
}

/** Items listed per section (the count says how many wait in all). */
export const QUEUE_ITEMS = 20;

/** Which decision each section waits for: it is shown to whoever the policy allows to take it. */
const SECTION_ACTION: Record<QueueKind, Action> = {
  safety_alerts: 'alert.list',
  account_approvals: 'account_request.decide',
  assignment_requests: 'assignment.decide',
  duplicate_reviews: 'participant.resolve_duplicate',
  transfers: 'participant.read',
  province_transfers: 'transfer.province.answer',
  closures: 'participant.approve_closure',
  plans: 'caseplan.approve',
  assessments: 'assessment.review',
  allocations: 'allocation.approve',
  aid_decrees: 'aid.decree',
  budget_lines: 'budget.approve',
  attendance_corrections: 'attendance.override_lock',
  graduation_exceptions: 'graduation.exception_confirm',
  rights_requests: 'rights_request.decide',
  rights_requests_to_carry_out: 'protection.export',
  overdue_follow_ups: 'followup.worklist',
  sessions_today: 'attendance.mark',
  field_conflicts: 'field.device.read',
};

/** A device's conflict waits on her head of section once it has been open this long (by the device's clock). */
export const FIELD_CONFLICT_AGE_MS = 24 * 3600_000;

export class WorkQueueStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private scopedToHer<Q extends { where(e: Expression<SqlBool>): Q }>(q: Q): Q {
    return this.c.scoped('participant', q, { id: 'p.id', region: 'p.region_code' });
  }

  /** Counts all rows of a section's query. */
  private async count(q: SectionQuery): Promise<number> {
    const total = await this.db
      .selectFrom(q.as('q'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(total?.n ?? 0);
  }

  /** Counts all rows of a section's query and lists the first, oldest first. */
  private async section(q: SectionQuery): Promise<{ count: number; rows: Row[] }> {
    const count = await this.count(q);
    const rows = await q.limit(QUEUE_ITEMS).execute();
    return { count, rows };
  }

  private query(kind: QueueKind, today: string): SectionQuery {
    const me = this.c.actorId();
    const db = this.db;
    switch (kind) {
      case 'safety_alerts':
        return this.c.scoped(
          'alert',
          db
            .selectFrom('alerts')
            .leftJoin('follow_ups as f', (j) =>
              j.onRef('f.id', '=', 'alerts.resource_id').on('alerts.resource_type', '=', 'follow_up'),
            )
            .select(['alerts.id', 'f.participant_id', 'alerts.created_at as at', 'alerts.kind as detail'])
            .where('alerts.acknowledged_at', 'is', null)
            .orderBy('alerts.created_at'),
          { region: 'alerts.region_code' },
        );
      case 'account_approvals':
        // Accounts of her regions that wait for a second person: never her own, never one she asked for.
        return this.c.scoped(
          'account_request',
          db
            .selectFrom('account_requests as acr')
            .select(['acr.id', 'acr.requested_at as at', 'acr.role as detail'])
            .where('acr.status', '=', 'PENDING')
            .where('acr.user_id', '!=', me)
            .where((eb) => eb.or([eb('acr.requested_by', 'is', null), eb('acr.requested_by', '!=', me)]))
            .orderBy('acr.requested_at'),
          { id: 'acr.id' },
        );
      case 'assignment_requests':
        return this.scopedToHer(
          db
            .selectFrom('assignment_requests as r')
            .innerJoin('participants as p', 'p.id', 'r.participant_id')
            .select(['r.id', 'r.participant_id', 'r.requested_at as at'])
            .where('r.status', '=', 'PENDING')
            .orderBy('r.requested_at'),
        );
      case 'duplicate_reviews':
        // Her record is in the head of section's scope; the held registration is named by its code only.
        return this.scopedToHer(
          db
            .selectFrom('duplicate_reviews as dr')
            .innerJoin('participants as p', 'p.id', 'dr.existing_participant_id')
            .innerJoin('participants as h', 'h.id', 'dr.held_participant_id')
            .select([
              'dr.id',
              'dr.existing_participant_id as participant_id',
              'dr.requested_at as at',
              'h.code as detail',
            ])
            .where('dr.status', '=', 'PENDING')
            .orderBy('dr.requested_at'),
        );
      case 'transfers':
        // Addressed to her by name: not yet in her scope, so no scope filter but the addressee.
        return db
          .selectFrom('transfers as t')
          .select(['t.id', 't.participant_id', 't.requested_at as at', 't.from_region as detail'])
          .where('t.to_user_id', '=', me)
          .where('t.status', '=', 'PENDING')
          .orderBy('t.requested_at');
      case 'province_transfers': {
        // Either side's: her region (sending) or the kabupaten/kota she would go to (receiving) in the head of
        // section's scope. Named by her code only, never her name: the receiving side may not know who she is yet.
        const side = (region: 't2.from_region' | 't2.to_region') =>
          this.c.scoped(
            'caseload',
            db
              .selectFrom('transfers as t2')
              .select('t2.id')
              .where('t2.kind', '=', 'province')
              .where('t2.status', '=', 'PENDING'),
            { id: 't2.participant_id', region },
          );
        return db
          .selectFrom('transfers as t')
          .innerJoin('participants as p', 'p.id', 't.participant_id')
          .select([
            't.id',
            'p.code',
            't.requested_at as at',
            sql<string>`t.from_region || '>' || t.to_region`.as('detail'),
          ])
          .where('t.kind', '=', 'province')
          .where('t.status', '=', 'PENDING')
          .where((eb) => eb.or([eb('t.id', 'in', side('t2.from_region')), eb('t.id', 'in', side('t2.to_region'))]))
          .orderBy('t.requested_at');
      }
      case 'closures':
        return this.scopedToHer(
          db
            .selectFrom('participants as p')
            .select(['p.id', 'p.id as participant_id', 'p.pending_closure_at as at'])
            .where('p.pending_closure_reason', 'is not', null)
            .orderBy('p.pending_closure_at'),
        );
      case 'plans':
        return this.scopedToHer(
          db
            .selectFrom('case_plans as cp')
            .innerJoin('participants as p', 'p.id', 'cp.participant_id')
            .select(['cp.participant_id as id', 'cp.participant_id', 'cp.updated_at as at'])
            .where('cp.status', '=', 'DRAFT')
            .orderBy('cp.updated_at'),
        );
      case 'assessments':
        return this.scopedToHer(
          db
            .selectFrom('assessments as a')
            .innerJoin('participants as p', 'p.id', 'a.participant_id')
            .select((eb) => ['a.participant_id as id', 'a.participant_id', eb.fn.min('a.assessed_at').as('at')])
            .where('a.reviewed_by', 'is', null)
            .groupBy('a.participant_id')
            .orderBy('at'),
        );
      case 'allocations':
        // Four eyes: her own proposals wait for someone else.
        return this.c.scoped(
          'cohort',
          db
            .selectFrom('allocations as al')
            .innerJoin('cohorts', 'cohorts.id', 'al.cohort_id')
            .select(['al.id', 'al.participant_id', 'al.cohort_id', 'al.created_at as at'])
            .where('al.status', '=', 'PROPOSED')
            .where('al.created_by', '!=', me)
            .orderBy('al.created_at'),
          { id: 'cohorts.id', region: 'cohorts.region_code' },
        );
      case 'aid_decrees':
        // Cohorts whose approved aid no decision letter (SK) names yet: one item per cohort, with how many wait.
        return this.c.scoped(
          'cohort',
          db
            .selectFrom('allocations as al')
            .innerJoin('cohorts', 'cohorts.id', 'al.cohort_id')
            .select((eb) => [
              'al.cohort_id as id',
              'al.cohort_id',
              eb.fn.min('al.approved_at').as('at'),
              eb.cast<string>(eb.fn.countAll(), 'text').as('detail'),
            ])
            .where('al.status', '=', 'APPROVED')
            .where('al.decree_id', 'is', null)
            .groupBy('al.cohort_id')
            .orderBy('at'),
          { id: 'cohorts.id', region: 'cohorts.region_code' },
        );
      case 'budget_lines':
        // Budget lines proposed by someone else (programmes are the office's own, not a region's).
        return db
          .selectFrom('budget_lines as b')
          .select(['b.id', 'b.cohort_id', 'b.programme_id', 'b.created_at as at', 'b.kind as detail'])
          .where('b.status', '=', 'PROPOSED')
          .where('b.created_by', '!=', me)
          .orderBy('b.created_at');
      case 'attendance_corrections':
        // Whoever asked does not decide: her own requests wait for another head of section.
        return this.c.scoped(
          'session',
          db
            .selectFrom('attendance_corrections as ac')
            .innerJoin('sessions_schedule as s', 's.id', 'ac.session_id')
            .innerJoin('cohorts', 'cohorts.id', 's.cohort_id')
            .select([
              'ac.id',
              'ac.participant_id',
              's.cohort_id',
              'ac.session_id',
              'ac.requested_at as at',
              'ac.status_wanted as detail',
            ])
            .where('ac.status', '=', 'PENDING')
            .where('ac.requested_by', '!=', me)
            .orderBy('ac.requested_at'),
          { facilitator: 's.facilitator_id', region: 'cohorts.region_code' },
        );
      case 'graduation_exceptions':
        // Exceptions granted by someone else, waiting for the approver (decided on the cohort's graduation tab).
        return this.c.scoped(
          'cohort',
          db
            .selectFrom('graduation_exceptions as gx')
            .innerJoin('cohorts', 'cohorts.id', 'gx.cohort_id')
            .select(['gx.id', 'gx.participant_id', 'gx.cohort_id', 'gx.requested_at as at'])
            .where('gx.status', '=', 'PENDING')
            .where('gx.requested_by', '!=', me)
            .orderBy('gx.requested_at'),
          { id: 'cohorts.id', region: 'cohorts.region_code' },
        );
      case 'rights_requests':
        // Requests for a participant of her regions that someone else opened (she never decides her own).
        // (Her scope of requests is her regions and her own; without her own, it is her regions.)
        return this.c.scoped(
          'rights_request',
          db
            .selectFrom('rights_requests as rr')
            .innerJoin('participants as p', 'p.id', 'rr.participant_id')
            .select(['rr.id', 'rr.participant_id', 'rr.received_at as at', 'rr.kind as detail'])
            .where('rr.outcome', '=', 'PENDING')
            .where('rr.handled_by', '!=', me)
            .orderBy('rr.received_at'),
          { region: 'p.region_code', openedBy: 'rr.handled_by' },
        );
      case 'rights_requests_to_carry_out':
        // Approved requests of her regions, for the administrator: the request and its kind, never who it is for.
        return this.c.scoped(
          'rights_request',
          db
            .selectFrom('rights_requests as rr')
            .innerJoin('participants as p', 'p.id', 'rr.participant_id')
            .select(['rr.id', 'rr.decided_at as at', 'rr.kind as detail'])
            .where('rr.outcome', '=', 'APPROVED')
            .orderBy('rr.decided_at'),
          { region: 'p.region_code', openedBy: 'rr.handled_by' },
        );
      case 'overdue_follow_ups': {
        let q = this.scopedToHer(
          db
            .selectFrom('follow_ups as f')
            .innerJoin('participants as p', 'p.id', 'f.participant_id')
            .select(['f.id', 'f.participant_id', 'f.due_date as at'])
            .where(overdueFollowUp('f', today))
            .orderBy('f.due_date'),
        );
        const actor = this.c.actor;
        if (actor && worksOwnListOnly(actor)) q = q.where('f.assignee_id', '=', me);
        return q;
      }
      case 'sessions_today':
        return this.c.scoped(
          'session',
          db
            .selectFrom('sessions_schedule as s')
            .innerJoin('cohorts', 'cohorts.id', 's.cohort_id')
            .select(['s.id', 's.cohort_id', 's.id as session_id', 's.date as at', 's.type as detail'])
            .where('s.date', '=', today)
            .where('s.cancelled', '=', 0)
            .orderBy('s.start_time'),
          { facilitator: 's.facilitator_id', region: 'cohorts.region_code' },
        );
      case 'field_conflicts': {
        // Conflicts reported by devices of staff in her regions, open more than a day: kind and age only.
        const before = new Date(this.c.s.clock.now().getTime() - FIELD_CONFLICT_AGE_MS).toISOString();
        return this.c.scoped(
          'staff',
          db
            .selectFrom('field_conflicts as fc')
            .innerJoin('field_devices as fd', 'fd.id', 'fc.device_id')
            .innerJoin('users as u', 'u.id', 'fd.account_id')
            .select([
              'fc.item_id as id',
              'fd.account_id as user_id',
              'u.name as user_name',
              'u.username as user_username',
              'fc.opened_at as at',
              'fc.kind as detail',
            ])
            .where('fc.opened_at', '<', before)
            .orderBy('fc.opened_at')
            .orderBy('fc.item_id'),
          { id: 'fd.account_id' },
        );
      }
    }
  }

  /** Every section this person may decide, with what waits in it; audited with the participants it shows. */
  async mine(): Promise<WorkQueue> {
    const today = this.c.today();
    const sections: WorkQueue['sections'] = [];
    for (const [kind, action] of Object.entries(SECTION_ACTION) as [QueueKind, Action][]) {
      if (!this.c.allowed(action)) continue;
      const { count, rows } = await this.section(this.query(kind, today));
      const names = await this.people.codesAndNames(
        this.db,
        rows.flatMap((r) => (r.participant_id ? [r.participant_id] : [])),
      );
      sections.push({
        kind,
        count,
        items: rows.map((r) => {
          const her = r.participant_id ? names.get(r.participant_id) : undefined;
          return {
            id: r.id,
            participantId: r.participant_id ?? null,
            cohortId: r.cohort_id ?? null,
            sessionId: r.session_id ?? null,
            programmeId: r.programme_id ?? null,
            userId: r.user_id ?? null,
            code: her?.code ?? r.code ?? null,
            // A participant's name she goes by; for a staff member's item, the staff member's name.
            name:
              her?.preferredName ??
              (r.user_username ? staffName({ username: r.user_username, name: r.user_name ?? null }) : null),
            at: r.at ?? '',
            detail: r.detail ?? null,
          };
        }),
      });
    }
    const shown = [
      ...new Set(sections.flatMap((s) => s.items.flatMap((i) => (i.participantId ? [i.participantId] : [])))),
    ];
    await this.c.record(
      this.c.event({
        action: 'workqueue.read',
        resourceType: 'participant',
        outcome: 'success',
        detail: { sections: sections.length, participantIds: shown },
      }),
    );
    return { sections, total: sections.reduce((n, s) => n + s.count, 0) };
  }

  /**
   * How many wait in each section this person may decide, and in all: the same queries, counted only. Counts
   * name nobody, so this look is not audited (the navigation asks for it every minute).
   */
  async counts(): Promise<WorkQueueCounts> {
    const today = this.c.today();
    const sections: WorkQueueCounts['sections'] = [];
    for (const [kind, action] of Object.entries(SECTION_ACTION) as [QueueKind, Action][]) {
      if (!this.c.allowed(action)) continue;
      sections.push({ kind, count: await this.count(this.query(kind, today)) });
    }
    return { sections, total: sections.reduce((n, s) => n + s.count, 0) };
  }
}
