// Follow-up after graduation (bimbingan lanjut) through the scoped repository: scheduled from the
// programme's months, only with follow-up consent; visits sealed under her key; the risk of return is
// shown only to managers and the staff assigned to her.
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database, FollowUpState, FollowUpsTable } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { CohortAccess } from '../../kernel/cohort-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { effectiveDate, enteredLate } from '../../kernel/effective-dates.ts';
import { isActiveConsent, ParticipantAccess } from '../../kernel/participant-access.ts';
import { addDays, addMonthsClamped } from '../../../shared/calendar.ts';
import { queueAlertEmails } from '../../notify/email.ts';
import { INCOME_BAND_CODES, incomeBand } from '../../../shared/codes.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { lockForUpdate, nextVersion, sql, transact, updateVersioned } from '../../db/write.ts';
import { FOLLOW_UP_ASSIGNEE_ROLE, overseesRegion, worksOwnListOnly } from '../../policy/index.ts';
import { onDomainEvent } from '../../kernel/events.ts';
import { CLOSURES_FOLLOWED_UP } from '../../../shared/stages.ts';
import type { EquipmentUse } from '../../../shared/codes.ts';
import { checkEquipmentUse, type Handover } from './rules.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Schedules her follow-ups inside the graduation's transaction: one per month point after the graduation
 * date (month ends clamp: 31 March + 1 month = 30 April), only with follow-up consent.
 */
// What follow-up does when something happens to her elsewhere (kernel/events.ts), in the same transaction.
onDomainEvent('participant.graduated', async (trx, e) => {
  // Her visits go to her first assigned, active staff member of the follow-up role.
  const assignee = await trx
    .selectFrom('participant_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select('u.id')
    .where('a.participant_id', '=', e.participantId)
    .where('u.role', '=', FOLLOW_UP_ASSIGNEE_ROLE)
    .where('u.active', '=', 1)
    .orderBy('a.assigned_at')
    .executeTakeFirst();
  await scheduleFollowUpsInTx(trx, { ...e, assigneeId: assignee?.id ?? null, now: e.at });
});
onDomainEvent('participant.closed', async (trx, e) => {
  // Closed with her goals reached, she goes on to follow-up (bimbingan lanjut): her visits stay. Closed for any
  // other reason, whatever was still planned stops.
  if (e.closureReason && CLOSURES_FOLLOWED_UP.includes(e.closureReason)) return;
  await cancelOpenFollowUpsInTx(trx, e.participantId, 'case_closed', e.at);
});
onDomainEvent('consent.withdrawn', async (trx, e) => {
  // Follow-up contact stops at once when she withdraws that consent.
  if (e.purpose === 'FOLLOW_UP_CONTACT') await cancelOpenFollowUpsInTx(trx, e.participantId, 'consent_withdrawn', e.at);
});
onDomainEvent('graduation.reopened', async (trx, e) => {
  // A follow-up already done (or missed, unreachable) speaks of her life after graduation: the graduation stands.
  // Otherwise the visits it planned are cancelled; confirming again plans them anew.
  const done = await trx
    .selectFrom('follow_ups')
    .select('id')
    .where('cohort_id', '=', e.cohortId)
    .where('status', 'not in', ['DUE', 'CANCELLED'])
    .executeTakeFirst();
  if (done) throw new AppError('graduation_has_follow_ups', 409, 'A follow-up of a graduate was already recorded');
  const cancelled = await trx
    .updateTable('follow_ups')
    .set({ status: 'CANCELLED', cancel_reason: 'graduation_reopened', updated_at: e.at, version: nextVersion })
    .where('cohort_id', '=', e.cohortId)
    .where('status', '=', 'DUE')
    .returning('participant_id')
    .execute();
  await refreshFollowUpStateInTx(
    trx,
    cancelled.map((f) => f.participant_id),
  );
});

/** Where her follow-up stands, from her follow-ups as they are (participants.follow_up_state). */
const followUpStateNow = sql<FollowUpState | null>`(select case when count(*) = 0 then null
    when sum(case when f.status = 'DUE' then 1 else 0 end) > 0 then 'OPEN' else 'OVER' end
  from follow_ups f where f.participant_id = participants.id and f.status <> 'CANCELLED')`;

/**
 * Keeps participants.follow_up_state after a change to their follow-ups, in the change's transaction. Their rows are
 * locked first (in the order of their ids), so the statement that counts reads every follow-up committed before it:
 * two visits to two of her points at once each count the other's.
 */
export async function refreshFollowUpStateInTx(trx: Executor, participantIds: readonly string[]): Promise<void> {
  const ids = [...new Set(participantIds)].sort();
  if (!ids.length) return;
  await lockForUpdate(trx, trx.selectFrom('participants').select('id').where('id', 'in', ids).orderBy('id')).execute();
  await trx.updateTable('participants').set({ follow_up_state: followUpStateNow }).where('id', 'in', ids).execute();
}

async function scheduleFollowUpsInTx(
  trx: Executor,
  a: {
    participantId: string;
    cohortId: string;
    graduationDate: string;
    months: number[];
    assigneeId: string | null;
    now: string;
    today: string;
  },
): Promise<number> {
  const consents = await trx
    .selectFrom('consents')
    .select(['status', 'expires_at'])
    .where('participant_id', '=', a.participantId)
    .where('purpose', '=', 'FOLLOW_UP_CONTACT')
    .execute();
  if (!consents.some((c) => isActiveConsent(c, a.today))) return 0;
  for (const m of a.months) {
    await trx
      .insertInto('follow_ups')
      .values({
        id: randomUUID(),
        participant_id: a.participantId,
        cohort_id: a.cohortId,
        point_months: m,
        due_date: addMonthsClamped(a.graduationDate, m),
        assignee_id: a.assigneeId,
        status: 'DUE',
        cancel_reason: null,
        created_at: a.now,
        updated_at: a.now,
        version: 1,
      })
      .execute();
  }
  await refreshFollowUpStateInTx(trx, [a.participantId]);
  return a.months.length;
}

/** Cancels her open follow-ups at once (withdrawn follow-up consent, closed case). */
async function cancelOpenFollowUpsInTx(
  trx: Executor,
  participantId: string,
  reason: string,
  now: string,
): Promise<number> {
  const res = await trx
    .updateTable('follow_ups')
    .set({ status: 'CANCELLED', cancel_reason: reason, updated_at: now, version: nextVersion })
    .where('participant_id', '=', participantId)
    .where('status', '=', 'DUE')
    .executeTakeFirst();
  await refreshFollowUpStateInTx(trx, [participantId]);
  return Number(res.numUpdatedRows);
}

/** What keeps a follow-up from being recorded or marked: how it was closed (done, missed, unreachable, cancelled). */
function closedFollowUpCode(f: { status: string; cancel_reason: string | null }): ErrorCode {
  if (f.status === 'CANCELLED')
    return f.cancel_reason === 'consent_withdrawn' ? 'consent_withdrawn_follow_up' : 'follow_up_cancelled';
  if (f.status === 'MISSED') return 'follow_up_missed';
  if (f.status === 'UNREACHABLE') return 'follow_up_unreachable';
  return 'follow_up_done';
}

interface VisitAnswers {
  method: string;
  kitInUse: string;
  housingStable: string;
  familySupport: string;
  healthAccess: string;
  documents: string;
  wellbeing: number;
  safetyConcern: boolean;
  returnRisk: string;
  needs?: string;
  notes?: string;
  equipmentNote?: string;
}

export class FollowUpStore {
  private readonly people: ParticipantAccess;
  private readonly cohorts: CohortAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
    this.cohorts = new CohortAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private async present(exec: Executor, rows: (FollowUpsTable & { assignee: string | null })[]) {
    const names = await this.people.codesAndNames(exec, [...new Set(rows.map((r) => r.participant_id))]);
    const today = this.c.today();
    return rows.map((f) => ({
      id: f.id,
      participantId: f.participant_id,
      code: names.get(f.participant_id)?.code ?? '',
      preferredName: names.get(f.participant_id)?.preferredName ?? '',
      cohortId: f.cohort_id,
      pointMonths: f.point_months,
      dueDate: f.due_date,
      assigneeId: f.assignee_id,
      assignee: f.assignee,
      status: f.status as 'DUE',
      overdue: f.status === 'DUE' && f.due_date < today,
      cancelReason: f.cancel_reason,
      version: f.version,
    }));
  }

  private baseQuery(exec: Executor = this.db) {
    return exec
      .selectFrom('follow_ups as f')
      .leftJoin('users as u', 'u.id', 'f.assignee_id')
      .selectAll('f')
      .select('u.username as assignee');
  }

  /** The worklist: a caseworker's own (due this week, overdue); managers see their regions and a summary. */
  async worklist(q: { assignee?: string; status: 'due' | 'overdue' | 'open' | 'all' }) {
    this.c.check('followup.worklist');
    const actor = this.c.actor;
    const today = this.c.today();
    let query = this.c.scoped(
      'participant',
      this.baseQuery().innerJoin('participants as p', 'p.id', 'f.participant_id').orderBy('f.due_date'),
      { id: 'p.id', region: 'p.region_code' },
    );
    // Her own list: the follow-ups given to her (among the participants she may see).
    const ownOnly = q.assignee === 'me' || (!!actor && worksOwnListOnly(actor));
    if (ownOnly) query = query.where('f.assignee_id', '=', actor?.id ?? '');
    else if (q.assignee) query = query.where('u.username', '=', q.assignee);
    if (q.status === 'due')
      query = query
        .where('f.status', '=', 'DUE')
        .where('f.due_date', '>=', today)
        .where('f.due_date', '<=', addDays(today, 7));
    if (q.status === 'overdue') query = query.where('f.status', '=', 'DUE').where('f.due_date', '<', today);
    if (q.status === 'open') query = query.where('f.status', '=', 'DUE').where('f.due_date', '<=', addDays(today, 7));
    const rows = await query.select('p.region_code').limit(500).execute();
    const items = await this.present(this.db, rows);
    const decisions = await this.decisionsDue(ownOnly);
    await this.c.record(
      this.c.event({
        action: 'followup.read',
        resourceType: 'follow_up',
        outcome: 'success',
        // Who was shown (by code and name): each of them finds this list in her access report.
        detail: {
          count: items.length,
          status: q.status,
          decisions: decisions.length,
          participantIds: [...new Set([...items, ...decisions].map((i) => i.participantId))],
        },
      }),
    );
    if (!actor || !overseesRegion(actor)) return { items, decisions };
    const summary = new Map<string, { assignee: string | null; regionCode: string; overdue: number }>();
    for (const r of rows) {
      if (r.status !== 'DUE' || r.due_date >= today) continue;
      const k = `${r.assignee}|${r.region_code}`;
      summary.set(k, { assignee: r.assignee, regionCode: r.region_code, overdue: (summary.get(k)?.overdue ?? 0) + 1 });
    }
    return { items, overdueByAssignee: [...summary.values()], decisions };
  }

  /**
   * Open cases whose follow-up is over (none still due, at least one done, missed or unreachable) and no
   * closure waits for approval: the caseworker closes the case or continues it by choice.
   */
  private async decisionsDue(ownOnly: boolean) {
    const actor = this.c.actor;
    if (!actor) return [];
    // Her follow-ups (her own, for a caseworker's own list) that were not cancelled.
    const kept = (eb: ExpressionBuilder<Database, 'participants'>) =>
      eb
        .selectFrom('follow_ups as f')
        .whereRef('f.participant_id', '=', 'participants.id')
        .where('f.status', '<>', 'CANCELLED')
        .$if(ownOnly, (qb) => qb.where('f.assignee_id', '=', actor.id));
    // The open cases whose follow-up is over come from their partial index (participants_follow_up_over_idx); its
    // predicate's values are written as literals, which is how both databases match a query to a partial index.
    let q = this.db
      .selectFrom('participants')
      .select('participants.id as participant_id')
      .select((eb) => [
        kept(eb)
          .select((x) => x.fn.max('f.due_date').as('d'))
          .as('last_due'),
        kept(eb)
          .select((x) => x.fn.max('f.point_months').as('m'))
          .as('last_point'),
      ])
      .where('participants.follow_up_state', '=', sql.lit('OVER'))
      .where('participants.stage', '<>', sql.lit('TERMINASI'))
      .where('participants.pending_closure_at', 'is', null)
      .$if(ownOnly, (qb) => qb.where((eb) => eb.exists(kept(eb).select('f.id'))))
      .orderBy('last_due')
      .orderBy('participants.id')
      .limit(100);
    q = this.c.scoped('participant', q, { id: 'participants.id', region: 'participants.region_code' });
    const rows = await q.execute();
    const names = await this.people.codesAndNames(
      this.db,
      rows.map((r) => r.participant_id),
    );
    return rows.map((r) => ({
      participantId: r.participant_id,
      code: names.get(r.participant_id)?.code ?? '',
      preferredName: names.get(r.participant_id)?.preferredName ?? '',
      lastDueDate: String(r.last_due),
      lastPointMonths: Number(r.last_point),
    }));
  }

  /** Continues her case after the last follow-up: one more follow-up, `months` after the last one. */
  async continueAfterLast(participantId: string, months: number, reason: string) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'followup.record');
      if (row.stage === 'TERMINASI') throw new AppError('case_closed', 409, 'The case is closed; reopen it first');
      const all = await trx
        .selectFrom('follow_ups')
        .selectAll()
        .where('participant_id', '=', participantId)
        .where('status', '<>', 'CANCELLED')
        .orderBy('due_date', 'desc')
        .execute();
      if (all.length === 0) throw new AppError('no_follow_up', 409, 'She has no follow-up to continue from');
      if (all.some((f) => f.status === 'DUE')) throw new AppError('follow_up_open', 409, 'A follow-up is still open');
      const today = this.c.today();
      const consents = await trx
        .selectFrom('consents')
        .select(['status', 'expires_at'])
        .where('participant_id', '=', participantId)
        .where('purpose', '=', 'FOLLOW_UP_CONTACT')
        .execute();
      if (!consents.some((c) => isActiveConsent(c, today)))
        throw new AppError('consent_required', 403, 'Follow-up needs her consent to follow-up contact', {
          missing: ['FOLLOW_UP_CONTACT'],
        });
      const last = all[0]!;
      // From the last due date, or from today when that is long past: the next contact is never in the past.
      // biome-ignore lint/complexity/useMathMinMax: ISO dates compared as text, not numbers
      const from = last.due_date > today ? last.due_date : today;
      const now = this.c.now();
      const id = randomUUID();
      await trx
        .insertInto('follow_ups')
        .values({
          id,
          participant_id: participantId,
          cohort_id: last.cohort_id,
          point_months: Math.max(...all.map((f) => f.point_months)) + months,
          due_date: addMonthsClamped(from, months),
          assignee_id: last.assignee_id ?? this.c.actorId(),
          status: 'DUE',
          cancel_reason: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await refreshFollowUpStateInTx(trx, [participantId]);
      await this.people.changeAudited(
        trx,
        participantId,
        'followup.continue',
        { months, reason },
        { type: 'follow_up', id: id },
      );
    });
    return this.forParticipant(participantId);
  }

  async forParticipant(participantId: string) {
    const { row, facts } = await this.people.loadFor(this.db, participantId, 'followup.read');
    const showRisk = this.c.allowed('followup.read_risk', facts);
    const rows = await this.baseQuery().where('f.participant_id', '=', participantId).orderBy('f.due_date').execute();
    const visits = await this.db
      .selectFrom('follow_up_visits as v')
      .leftJoin('users as u', 'u.id', 'v.recorded_by')
      .selectAll('v')
      .select('u.username as recorder')
      .where('v.participant_id', '=', participantId)
      .orderBy('v.date')
      .execute();
    const key = this.people.key(row);
    const items = await this.present(this.db, rows);
    await this.people.readAudited(participantId, 'followup.read', { risk: showRisk });
    return items.map((f) => ({
      ...f,
      visits: visits
        .filter((v) => v.follow_up_id === f.id)
        .map((v) => {
          const a = JSON.parse(key.openText('follow_up_visits', 'answers', v.id, v.answers_ct)) as VisitAnswers;
          return {
            id: v.id,
            followUpId: v.follow_up_id,
            date: v.date,
            method: a.method,
            businessStatus: v.business_status,
            incomeBand: v.income_band,
            kitInUse: a.kitInUse,
            housingStable: a.housingStable,
            familySupport: a.familySupport,
            healthAccess: a.healthAccess,
            documents: a.documents,
            wellbeing: a.wellbeing,
            safetyConcern: a.safetyConcern,
            ...(showRisk ? { returnRisk: a.returnRisk } : {}),
            needs: a.needs ?? null,
            notes: a.notes ?? null,
            equipmentUse: (v.equipment_use as EquipmentUse | null) ?? null,
            equipmentNote: v.equipment_use ? (a.equipmentNote ?? null) : null,
            recordedBy: v.recorder ?? null,
          };
        }),
    }));
  }

  /** One follow-up with its visits, read as her follow-ups are (same check, same audit, same risk rule). */
  async get(id: string) {
    const f = await this.db.selectFrom('follow_ups').select('participant_id').where('id', '=', id).executeTakeFirst();
    if (!f) throw notFound();
    const item = (await this.forParticipant(f.participant_id)).find((x) => x.id === id);
    if (!item) throw notFound();
    const equipment = (await this.handovers(this.db, f.participant_id)).map((h) => ({
      allocationId: h.allocationId,
      kit: h.kit,
      handoverDate: h.handoverDate,
      recorded: h.recorded,
    }));
    return { ...item, equipment };
  }

  /**
   * The equipment handed over to her (business aid's allocations, read here as the annual report reads them:
   * a query of the table, no call into aid's store), latest first, and whether a visit has recorded its use.
   */
  private async handovers(exec: Executor, participantId: string): Promise<(Handover & { kit: string })[]> {
    const rows = await exec
      .selectFrom('allocations as a')
      .innerJoin('kit_versions as k', (j) =>
        j.onRef('k.kit_id', '=', 'a.kit_id').onRef('k.version', '=', 'a.kit_version'),
      )
      .select(['a.id', 'a.handover_date', 'k.name'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('follow_up_visits as v')
              .select('v.id')
              .whereRef('v.equipment_allocation_id', '=', 'a.id')
              .where('v.equipment_use', 'is not', null),
          )
          .as('recorded'),
      )
      .where('a.participant_id', '=', participantId)
      .where('a.status', '=', 'HANDED_OVER')
      .where('a.handover_date', 'is not', null)
      .orderBy('a.handover_date', 'desc')
      .orderBy('a.id', 'desc')
      .execute();
    return rows.map((r) => ({
      allocationId: r.id,
      kit: r.name,
      handoverDate: r.handover_date ?? '',
      // SQLite answers 0/1, PostgreSQL a boolean.
      recorded: Number(r.recorded) === 1,
    }));
  }

  private async loadFollowUp(exec: Executor, id: string) {
    const owner = await exec.selectFrom('follow_ups').select('participant_id').where('id', '=', id).executeTakeFirst();
    if (!owner) throw notFound();
    // Her row is locked first (in a unit of work), then the follow-up is read as it stands after any
    // concurrent visit to it has committed.
    const p = await this.people.loadFor(exec, owner.participant_id, 'followup.record');
    const f = await exec.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { f, ...p };
  }

  /** A visit completes the follow-up; a high risk or a safety concern alerts the head of section. */
  async recordVisit(
    id: string,
    b: {
      date: string;
      method: string;
      businessStatus: string;
      incomeBand: string;
      kitInUse: string;
      housingStable: string;
      familySupport: string;
      healthAccess: string;
      documents: string;
      wellbeing: number;
      safetyConcern: boolean;
      returnRisk: string;
      needs?: string;
      notes?: string;
      equipmentUse?: EquipmentUse;
      equipmentNote?: string;
    },
    /** The follow-up's version the visit was based on (If-Match, optional: a visit recorded offline sends it). */
    expectedVersion?: number,
  ) {
    let mailed = false;
    const participantId = await transact(this.db, async (trx) => {
      const { f, row } = await this.loadFollowUp(trx, id);
      if (expectedVersion !== undefined && f.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This follow-up was changed meanwhile', { currentVersion: f.version });
      if (f.status === 'CANCELLED')
        throw new AppError(
          closedFollowUpCode(f),
          409,
          f.cancel_reason === 'consent_withdrawn'
            ? 'She withdrew her consent to follow-up contact'
            : 'This follow-up was cancelled',
        );
      // One visit completes a follow-up: a second (a retry after a dropped connection) would count twice in the
      // outcomes. A follow-up marked missed or unreachable can still get its late visit.
      if (f.status === 'DONE')
        throw new AppError('follow_up_done', 409, 'A visit was already recorded for this follow-up');
      // As it happened: never in the future, never before her graduation (her cohort's last day).
      const today = this.c.today();
      const cohort = f.cohort_id
        ? await trx.selectFrom('cohorts').select('end_date').where('id', '=', f.cohort_id).executeTakeFirst()
        : undefined;
      const date = effectiveDate('body.date', b.date, today, [
        { date: row.registered_on, what: 'registration' },
        { date: cohort?.end_date, what: 'graduation' },
      ]);
      // Her row is locked (loadFollowUp), so two visits of hers cannot both be taken for the first after a handover.
      const equipmentAllocationId = checkEquipmentUse(await this.handovers(trx, f.participant_id), b);
      const visitId = randomUUID();
      // The equipment note is sealed with the other answers; its use is a column, for the annual report's counts.
      const { businessStatus, incomeBand: band, date: _given, equipmentUse, ...rest } = b;
      await trx
        .insertInto('follow_up_visits')
        .values({
          id: visitId,
          follow_up_id: id,
          participant_id: f.participant_id,
          date,
          business_status: businessStatus,
          income_band: band,
          answers_ct: this.people.key(row).seal('follow_up_visits', 'answers', visitId, JSON.stringify(rest)),
          recorded_by: this.c.actorId(),
          created_at: this.c.now(),
          equipment_allocation_id: equipmentAllocationId,
          equipment_use: equipmentAllocationId ? (equipmentUse ?? null) : null,
        })
        .execute();
      await updateVersioned(trx, 'follow_ups', id, f.version, { status: 'DONE', updated_at: this.c.now() });
      await refreshFollowUpStateInTx(trx, [f.participant_id]);
      if (b.safetyConcern || b.returnRisk === 'HIGH' || b.returnRisk === 'RETURNED') {
        await trx
          .insertInto('alerts')
          .values({
            id: randomUUID(),
            kind: b.safetyConcern ? 'followup_safety' : 'followup_risk',
            region_code: row.region_code,
            resource_type: 'follow_up',
            resource_id: id,
            created_at: this.c.now(),
            acknowledged_by: null,
            acknowledged_at: null,
          })
          .execute();
        mailed =
          (await queueAlertEmails(trx, this.c.s.config, this.c.now(), {
            kind: b.safetyConcern ? 'followup_safety' : 'followup_risk',
            regionCode: row.region_code,
          })) > 0;
      }
      // That equipment use was recorded may be said; what it was, and the note, are hers.
      await this.people.changeAudited(
        trx,
        f.participant_id,
        'followup.visit',
        equipmentAllocationId || enteredLate(date, today, this.c.s.config.lateEntryDays)
          ? {
              ...(equipmentAllocationId ? { equipmentUseRecorded: true } : {}),
              ...(enteredLate(date, today, this.c.s.config.lateEntryDays) ? { date, enteredLate: true } : {}),
            }
          : undefined,
        { type: 'follow_up', id: id },
      );
      // A visit after her case was closed with its goals reached: her case enters follow-up (bimbingan lanjut).
      await this.people.followEventInTx(trx, f.participant_id, 'follow_up_after_closure', 'Kunjungan bimbingan lanjut');
      return f.participant_id;
    });
    if (mailed) this.c.afterUnit(() => this.c.s.mail?.kick());
    return this.forParticipant(participantId);
  }

  async markMissed(id: string, status: 'MISSED' | 'UNREACHABLE', expectedVersion: number) {
    await transact(this.db, async (trx) => {
      const { f } = await this.loadFollowUp(trx, id);
      if (f.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This follow-up was changed meanwhile', { currentVersion: f.version });
      if (f.status !== 'DUE') throw new AppError(closedFollowUpCode(f), 409, 'Only an open follow-up can be marked');
      await updateVersioned(
        trx,
        'follow_ups',
        id,
        expectedVersion,
        { status, updated_at: this.c.now() },
        'This follow-up was changed meanwhile',
      );
      await refreshFollowUpStateInTx(trx, [f.participant_id]);
      await this.c.auditInTx(trx, {
        action: 'followup.update',
        resourceType: 'follow_up',
        resourceId: id,
        outcome: 'success',
        detail: { status, participantId: f.participant_id },
      });
    });
    const f = await this.baseQuery().where('f.id', '=', id).executeTakeFirstOrThrow();
    return (await this.present(this.db, [f]))[0]!;
  }

  /** Per cohort: share reached at each point, running businesses, income band change since assessment. */
  async outcomes(cohortId: string) {
    const { cohort } = await this.cohorts.loadFor(this.db, cohortId, 'outcome.read');
    const programme = await this.db
      .selectFrom('programmes')
      .select('follow_up_months')
      .where('id', '=', cohort.programme_id)
      .executeTakeFirstOrThrow();
    const months = JSON.parse(programme.follow_up_months) as number[];
    const graduates = await this.db
      .selectFrom('enrollments')
      .select('participant_id')
      .where('cohort_id', '=', cohortId)
      .where('status', '=', 'GRADUATED')
      .execute();
    const ids = graduates.map((g) => g.participant_id);
    const fus = ids.length
      ? await this.db
          .selectFrom('follow_ups')
          .selectAll()
          .where('cohort_id', '=', cohortId)
          .where('participant_id', 'in', ids)
          .execute()
      : [];
    const visits = ids.length
      ? await this.db
          .selectFrom('follow_up_visits')
          .select(['follow_up_id', 'participant_id', 'business_status', 'income_band', 'date'])
          .where('participant_id', 'in', ids)
          .execute()
      : [];
    const share = (n: number) => (ids.length === 0 ? 0 : Math.round((n / ids.length) * 10_000) / 10_000);
    const points = months.map((m) => {
      const atPoint = fus.filter((f) => f.point_months === m);
      const reachedIds = new Set(atPoint.filter((f) => f.status === 'DONE').map((f) => f.id));
      const running = visits.filter((v) => reachedIds.has(v.follow_up_id) && v.business_status === 'RUNNING').length;
      return {
        months: m,
        due: atPoint.length,
        reached: reachedIds.size,
        reachedShare: share(reachedIds.size),
        businessRunning: running,
        businessRunningShare: share(running),
      };
    });
    const incomeChange = { up: 0, same: 0, down: 0 };
    for (const pid of ids) {
      const latest = visits.filter((v) => v.participant_id === pid).sort((a, b) => b.date.localeCompare(a.date))[0];
      if (!latest) continue;
      const baseline = await this.assessedIncomeBand(pid);
      if (baseline === null) continue;
      const d = INCOME_BAND_CODES.indexOf(latest.income_band) - INCOME_BAND_CODES.indexOf(baseline);
      if (d > 0) incomeChange.up += 1;
      else if (d < 0) incomeChange.down += 1;
      else incomeChange.same += 1;
    }
    await this.c.record(
      this.c.event({
        action: 'followup.read',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        detail: { outcomes: true },
      }),
    );
    return { cohortId, graduates: ids.length, points, incomeChange };
  }

  private async assessedIncomeBand(participantId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('participants')
      .select(['id', 'dek_wrapped'])
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    const first = await this.db
      .selectFrom('assessments')
      .select(['version', 'answers_ct'])
      .where('participant_id', '=', participantId)
      .orderBy('version')
      .executeTakeFirst();
    if (!first) return null;
    const a = JSON.parse(
      this.people.key(row).openText('assessments', 'answers', `${participantId}:${first.version}`, first.answers_ct),
    ) as { economy: { monthlyIncome: number } };
    return incomeBand(a.economy.monthlyIncome);
  }
}
