// Business aid through the scoped repository: versioned kits, budget lines and totals, allocations to
// graduates, and the handover (serah terima) with its papers. Every rupiah is an integer.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AllocationsTable, Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { CohortAccess } from '../../kernel/cohort-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { approvalUnder, isSecondPerson } from '../../policy/index.ts';
import { actingAsOf } from '../../kernel/approvals.ts';
import { maskNik } from '../../../shared/nik.ts';
import { prepareUpload } from '../participants/files.ts';
import { effectiveDate, enteredLate } from '../../kernel/effective-dates.ts';
import { lockForUpdate, nextVersion, transact, updateVersioned } from '../../db/write.ts';
import { onDomainEvent } from '../../kernel/events.ts';

type Executor = Kysely<Database> | Transaction<Database>;
type KitItem = { name: string; quantity: number; unit: string; unitPrice: number; supplier?: string };

const kitTotal = (items: KitItem[]) => items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);

// Aid is given to graduates: once any is proposed to one of a cohort (allocations are never withdrawn), its
// graduation can no longer be reopened.
onDomainEvent('graduation.reopened', async (trx, e) => {
  const aid = await trx.selectFrom('allocations').select('id').where('cohort_id', '=', e.cohortId).executeTakeFirst();
  if (aid) throw new AppError('graduation_has_aid', 409, 'Aid was already proposed to a graduate of this cohort');
});

export class AidStore {
  private readonly people: ParticipantAccess;
  private readonly cohorts: CohortAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
    this.cohorts = new CohortAccess(c);
  }

  private get db() {
    return this.c.db;
  }
  // ================================================================ kits
  private async kitView(exec: Executor, kitId: string, version?: number) {
    const kit = await exec.selectFrom('kits').selectAll().where('id', '=', kitId).executeTakeFirst();
    if (!kit) throw notFound();
    const v = await exec
      .selectFrom('kit_versions')
      .selectAll()
      .where('kit_id', '=', kitId)
      .where('version', '=', version ?? kit.current_version)
      .executeTakeFirstOrThrow();
    return {
      id: kit.id,
      trade: kit.trade,
      name: v.name,
      version: v.version,
      items: JSON.parse(v.items) as KitItem[],
      total: Number(v.total),
      active: kit.active === 1,
    };
  }

  async listKits() {
    this.c.check('kit.read');
    const kits = await this.db.selectFrom('kits').select('id').orderBy('trade').execute();
    return Promise.all(kits.map((k) => this.kitView(this.db, k.id)));
  }

  async getKit(id: string) {
    this.c.check('kit.read');
    return this.kitView(this.db, id);
  }

  async createKit(b: { trade: string; name: string; items: KitItem[] }) {
    this.c.check('kit.manage');
    const id = randomUUID();
    const now = this.c.now();
    await transact(this.db, async (trx) => {
      await trx
        .insertInto('kits')
        .values({ id, trade: b.trade, current_version: 1, active: 1, created_at: now })
        .execute();
      await trx
        .insertInto('kit_versions')
        .values({
          kit_id: id,
          version: 1,
          name: b.name,
          items: JSON.stringify(b.items),
          total: kitTotal(b.items),
          created_by: this.c.actorId(),
          created_at: now,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'kit.write',
        resourceType: 'kit',
        resourceId: id,
        outcome: 'success',
        detail: { version: 1 },
      });
    });
    return this.getKit(id);
  }

  /** A change is a new version; allocations keep the version they were given. */
  async updateKit(id: string, b: { name?: string; items?: KitItem[]; active?: boolean }, expectedVersion: number) {
    this.c.check('kit.manage');
    await transact(this.db, async (trx) => {
      const current = await this.kitView(trx, id);
      if (current.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This kit was changed meanwhile', { currentVersion: current.version });
      if (b.name !== undefined || b.items !== undefined) {
        const items = b.items ?? current.items;
        // A kit's version is the number of its newest kit_versions row: claimed first, with the version the
        // editor saw as the condition, so of two edits from one version the second is told 412.
        const next = expectedVersion + 1;
        const claimed = await trx
          .updateTable('kits')
          .set({ current_version: next })
          .where('id', '=', id)
          .where('current_version', '=', expectedVersion)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1)
          throw new AppError('stale_version', 412, 'This kit was changed meanwhile', {
            currentVersion: (await this.kitView(trx, id)).version,
          });
        await trx
          .insertInto('kit_versions')
          .values({
            kit_id: id,
            version: next,
            name: b.name ?? current.name,
            items: JSON.stringify(items),
            total: kitTotal(items),
            created_by: this.c.actorId(),
            created_at: this.c.now(),
          })
          .execute();
      }
      if (b.active !== undefined)
        await trx
          .updateTable('kits')
          .set({ active: b.active ? 1 : 0 })
          .where('id', '=', id)
          .execute();
      await this.c.auditInTx(trx, {
        action: 'kit.write',
        resourceType: 'kit',
        resourceId: id,
        outcome: 'success',
        detail: { fields: Object.keys(b) },
      });
    });
    return this.getKit(id);
  }

  // ================================================================ budget
  async listBudgetLines(programmeId: string) {
    this.c.check('budget.read');
    const rows = await this.db
      .selectFrom('budget_lines')
      .selectAll()
      .where('programme_id', '=', programmeId)
      .orderBy('created_at')
      .execute();
    const out = [];
    for (const l of rows)
      out.push({
        id: l.id,
        kind: l.kind,
        description: l.description,
        cohortId: l.cohort_id,
        planned: Number(l.planned),
        realised: Number(l.realised),
        status: l.status as 'PROPOSED' | 'APPROVED' | 'REJECTED',
        proposedBy: { id: l.created_by, name: await this.staffNameOf(this.db, l.created_by) },
        decidedBy: await this.staffNameOf(this.db, l.approved_by),
        actingAs: await actingAsOf(this.db, l.approved_delegation_id),
      });
    return out;
  }

  private async staffNameOf(exec: Executor, uid: string | null): Promise<string | null> {
    if (!uid) return null;
    const u = await exec.selectFrom('users').select(['name', 'username']).where('id', '=', uid).executeTakeFirst();
    return u ? (u.name ?? u.username) : null;
  }

  /**
   * The budget approver decides a proposed line, once: a second decision (by anyone, in any tab) finds it decided
   * (409 already_decided). Whoever proposed it never decides it (403 second_person_required).
   */
  async decideBudgetLine(id: string, decision: 'APPROVED' | 'REJECTED') {
    this.c.check('budget.approve');
    const actor = this.c.actor!;
    const programmeId = await transact(this.db, async (trx) => {
      const line = await trx.selectFrom('budget_lines').selectAll().where('id', '=', id).executeTakeFirst();
      if (!line) throw notFound();
      if (!isSecondPerson(actor, line.created_by))
        throw new AppError(
          'second_person_required',
          403,
          'Whoever proposed a budget line cannot approve it: another approver decides',
        );
      const delegationId = approvalUnder(actor, 'budget');
      // Decided once: the update applies only while the line is still proposed.
      const res = await trx
        .updateTable('budget_lines')
        .set({
          status: decision,
          approved_by: actor.id,
          approved_at: this.c.now(),
          approved_delegation_id: delegationId,
        })
        .where('id', '=', id)
        .where('status', '=', 'PROPOSED')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        throw new AppError('already_decided', 409, 'This budget line was already decided');
      await this.c.auditInTx(trx, {
        action: 'budget.write',
        resourceType: 'programme',
        resourceId: line.programme_id,
        outcome: 'success',
        detail: { budgetLineId: id, decision, planned: Number(line.planned), delegationId },
      });
      return line.programme_id;
    });
    return (await this.listBudgetLines(programmeId)).find((l) => l.id === id)!;
  }

  async addBudgetLine(
    programmeId: string,
    b: {
      kind: string;
      description: string;
      cohortId?: string;
      planned: number;
      realised: number;
      confirmOverBudget?: boolean;
    },
  ) {
    this.c.check('budget.manage');
    const id = randomUUID();
    await transact(this.db, async (trx) => {
      // The programme's row is locked (PostgreSQL) while the plan is summed: two lines added at once are
      // checked against the ceiling one after the other.
      const programme = await lockForUpdate(
        trx,
        trx.selectFrom('programmes').select(['budget_ceiling']).where('id', '=', programmeId),
      ).executeTakeFirst();
      if (!programme) throw notFound();
      if (
        b.cohortId &&
        !(await trx
          .selectFrom('cohorts')
          .select('id')
          .where('id', '=', b.cohortId)
          .where('programme_id', '=', programmeId)
          .executeTakeFirst())
      ) {
        throw new AppError('validation_failed', 400, 'That cohort is not part of this programme', [
          { field: 'body.cohortId', message: 'Not in this programme', code: 'invalid' },
        ]);
      }
      // Lines waiting for approval count against the ceiling too: approving them can never take it over.
      const sum = await trx
        .selectFrom('budget_lines')
        .select((eb) => eb.fn.sum<number>('planned').as('s'))
        .where('programme_id', '=', programmeId)
        .where('status', '!=', 'REJECTED')
        .executeTakeFirst();
      const plannedAfter = Number(sum?.s ?? 0) + b.planned;
      if (plannedAfter > Number(programme.budget_ceiling) && !b.confirmOverBudget) {
        throw new AppError(
          'over_budget',
          409,
          `This takes the plan to Rp ${plannedAfter.toLocaleString('id-ID')}, over the ceiling of Rp ${Number(programme.budget_ceiling).toLocaleString('id-ID')}; the head of section must confirm`,
          {
            plannedAfter,
            ceiling: Number(programme.budget_ceiling),
          },
        );
      }
      await trx
        .insertInto('budget_lines')
        .values({
          id,
          programme_id: programmeId,
          cohort_id: b.cohortId ?? null,
          kind: b.kind,
          description: b.description,
          planned: b.planned,
          realised: b.realised,
          status: 'PROPOSED',
          approved_by: null,
          approved_at: null,
          approved_delegation_id: null,
          created_by: this.c.actorId(),
          created_at: this.c.now(),
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'budget.write',
        resourceType: 'programme',
        resourceId: programmeId,
        outcome: 'success',
        detail: {
          kind: b.kind,
          planned: b.planned,
          overBudget: plannedAfter > Number(programme.budget_ceiling),
        },
      });
    });
    return (await this.listBudgetLines(programmeId)).find((l) => l.id === id)!;
  }

  /** Totals in integer rupiah; realised includes venue payments in the cohorts' months and handed-over kits. */
  async budget(programmeId: string) {
    this.c.check('budget.read');
    const programme = await this.db
      .selectFrom('programmes')
      .selectAll()
      .where('id', '=', programmeId)
      .executeTakeFirst();
    if (!programme) throw notFound();
    const all = await this.listBudgetLines(programmeId);
    const lines = all.filter((l) => l.status === 'APPROVED');
    const awaitingApproval = all.filter((l) => l.status === 'PROPOSED').reduce((sum, l) => sum + l.planned, 0);
    // With each cohort the value of the kits it has handed over, read through the cohort's index one cohort at a
    // time: a programme of a national office has thousands of cohorts, and a list of them all is planned as a scan
    // of every allocation.
    const cohorts = await this.db
      .selectFrom('cohorts as c')
      .select(['c.id', 'c.venue_id', 'c.start_date', 'c.end_date'])
      .select((eb) =>
        eb
          .selectFrom('allocations as a')
          .select((x) => x.fn.sum<number>('a.value').as('s'))
          .whereRef('a.cohort_id', '=', 'c.id')
          .where('a.status', '=', 'HANDED_OVER')
          .as('kits'),
      )
      .where('c.programme_id', '=', programmeId)
      .where('c.status', '!=', 'CANCELLED')
      .execute();
    let venuePayments = 0;
    for (const c of cohorts) {
      if (!c.venue_id) continue;
      // Rent paid for the cohort's stay: payments dated from a month before the start to its end.
      const from = new Date(Date.parse(`${c.start_date}T00:00:00Z`) - 31 * 86_400_000).toISOString().slice(0, 10);
      const p = await this.db
        .selectFrom('venue_payments')
        .select((eb) => eb.fn.sum<number>('amount').as('s'))
        .where('venue_id', '=', c.venue_id)
        .where('paid_at', '>=', from)
        .where('paid_at', '<=', c.end_date)
        .executeTakeFirst();
      venuePayments += Number(p?.s ?? 0);
    }
    const cohortIds = cohorts.map((c) => c.id);
    const kitsHandedOver = cohorts.reduce((sum, c) => sum + Number(c.kits ?? 0), 0);
    // Returned or lost items are shown alongside; the money was spent, so realised stays as it is.
    const gone = cohortIds.length
      ? await this.db
          .selectFrom('allocation_item_events as e')
          .innerJoin('allocations as a', 'a.id', 'e.allocation_id')
          .select((eb) => eb.fn.sum<number>('e.value').as('s'))
          .where('a.cohort_id', 'in', cohortIds)
          .executeTakeFirst()
      : undefined;
    const kitsReturnedOrLost = Number(gone?.s ?? 0);
    const counts = cohortIds.length
      ? await this.db
          .selectFrom('enrollments')
          .select(['status', (eb) => eb.fn.countAll().as('n')])
          .where('cohort_id', 'in', cohortIds)
          .groupBy('status')
          .execute()
      : [];
    const n = (...st: string[]) => counts.filter((c) => st.includes(c.status)).reduce((s, c) => s + Number(c.n), 0);
    const participants = n('ENROLLED', 'GRADUATED', 'NOT_GRADUATED', 'DROPPED_OUT', 'WITHDRAWN');
    const graduates = n('GRADUATED');
    const kinds = [...new Set(['VENUE_RENT', 'KITS', ...lines.map((l) => l.kind)])];
    const byKind = kinds.map((kind) => {
      const ls = lines.filter((l) => l.kind === kind);
      const extra = kind === 'VENUE_RENT' ? venuePayments : kind === 'KITS' ? kitsHandedOver : 0;
      return {
        kind,
        planned: ls.reduce((s, l) => s + l.planned, 0),
        realised: ls.reduce((s, l) => s + l.realised, 0) + extra,
      };
    });
    const planned = byKind.reduce((s, k) => s + k.planned, 0);
    const realised = byKind.reduce((s, k) => s + k.realised, 0);
    return {
      programmeId,
      ceiling: Number(programme.budget_ceiling),
      byKind,
      planned,
      realised,
      venuePayments,
      kitsHandedOver,
      participants,
      graduates,
      costPerParticipant: participants > 0 ? Math.floor(realised / participants) : null,
      costPerGraduate: graduates > 0 ? Math.floor(realised / graduates) : null,
      overBudget: planned > Number(programme.budget_ceiling) || realised > Number(programme.budget_ceiling),
      kitsReturnedOrLost,
      awaitingApproval,
    };
  }

  // ================================================================ allocations
  private async presentAllocations(exec: Executor, rows: AllocationsTable[]) {
    const names = await this.people.codesAndNames(
      exec,
      rows.map((r) => r.participant_id),
    );
    const decreeIds = [...new Set(rows.flatMap((r) => (r.decree_id ? [r.decree_id] : [])))];
    const decrees = new Map(
      (decreeIds.length
        ? await exec
            .selectFrom('aid_decrees')
            .select(['id', 'number', 'decree_date'])
            .where('id', 'in', decreeIds)
            .execute()
        : []
      ).map((d) => [d.id, { id: d.id, number: d.number, date: d.decree_date }]),
    );
    const out = [];
    for (const a of rows) {
      const kit = await this.kitView(exec, a.kit_id, a.kit_version);
      const procurement = JSON.parse(a.procurement) as (string | null)[];
      const serials = JSON.parse(a.serials) as (string | null)[];
      const approver = a.approved_by
        ? await exec.selectFrom('users').select(['name', 'username']).where('id', '=', a.approved_by).executeTakeFirst()
        : undefined;
      const nameOf = async (uid: string | null) => {
        if (!uid) return null;
        const u = await exec.selectFrom('users').select(['name', 'username']).where('id', '=', uid).executeTakeFirst();
        return u ? (u.name ?? u.username) : null;
      };
      let exceptionReason: string | null = null;
      let people: { handedOverBy: string; receivedBy: string } | null = null;
      let reason: string | null = null;
      const events = await exec
        .selectFrom('allocation_item_events')
        .selectAll()
        .where('allocation_id', '=', a.id)
        .orderBy('seq')
        .execute();
      const notes = new Map<string, string>();
      if (
        a.handover_people_ct ||
        a.alternative_reason_ct ||
        a.procurement_exception_ct ||
        events.some((e) => e.note_ct)
      ) {
        const row = await exec
          .selectFrom('participants')
          .select(['id', 'dek_wrapped'])
          .where('id', '=', a.participant_id)
          .executeTakeFirstOrThrow();
        const key = this.people.key(row);
        if (a.handover_people_ct)
          people = JSON.parse(key.openText('allocations', 'handover_people', a.id, a.handover_people_ct)) as {
            handedOverBy: string;
            receivedBy: string;
          };
        if (a.alternative_reason_ct)
          reason = key.openText('allocations', 'alternative_reason', a.id, a.alternative_reason_ct);
        if (a.procurement_exception_ct)
          exceptionReason = key.openText('allocations', 'procurement_exception', a.id, a.procurement_exception_ct);
        for (const e of events)
          if (e.note_ct) notes.set(e.id, key.openText('allocation_item_events', 'note', e.id, e.note_ct));
      }
      const recorders = new Map<string, string>();
      for (const uid of new Set(events.map((e) => e.recorded_by))) {
        recorders.set(
          uid,
          (await exec.selectFrom('users').select('username').where('id', '=', uid).executeTakeFirst())?.username ?? '',
        );
      }
      out.push({
        id: a.id,
        cohortId: a.cohort_id,
        enrollmentId: a.enrollment_id,
        participantId: a.participant_id,
        code: names.get(a.participant_id)?.code ?? '',
        preferredName: names.get(a.participant_id)?.preferredName ?? '',
        kitId: a.kit_id,
        kitName: kit.name,
        kitVersion: a.kit_version,
        alternativeReason: reason,
        status: a.status as 'PROPOSED',
        items: kit.items.map((i, idx) => ({
          ...i,
          procurement: (procurement[idx] ?? null) as 'ORDERED' | null,
          serial: serials[idx] ?? null,
        })),
        value: Number(a.value),
        approvedBy: approver ? (approver.name ?? approver.username) : null,
        actingAs: await actingAsOf(exec, a.approved_delegation_id),
        decree: a.decree_id ? (decrees.get(a.decree_id) ?? null) : null,
        proposedBy: { id: a.created_by, name: await nameOf(a.created_by) },
        procurementException: a.procurement_exception_by
          ? { by: (await nameOf(a.procurement_exception_by)) ?? '', reason: exceptionReason ?? '' }
          : null,
        handover: a.handover_date
          ? {
              date: a.handover_date,
              place: a.handover_place ?? '',
              handedOverBy: people?.handedOverBy ?? '',
              receivedBy: people?.receivedBy ?? '',
              hasSignedScan: !!a.signed_scan_ct,
              hasPhoto: !!a.photo_ct,
            }
          : null,
        business: a.business_kind
          ? { kind: a.business_kind, regionCode: a.business_region ?? '', startDate: a.business_start ?? '' }
          : null,
        photoConsent: await this.people.hasActiveConsent(a.participant_id, 'PHOTO', exec),
        itemEvents: events.map((e) => ({
          id: e.id,
          index: e.item_index,
          itemName: kit.items[e.item_index]?.name ?? '',
          kind: e.kind as 'RETURNED' | 'LOST',
          quantity: e.quantity,
          value: Number(e.value),
          date: e.date,
          note: notes.get(e.id) ?? null,
          recordedBy: recorders.get(e.recorded_by) ?? '',
          createdAt: e.created_at,
        })),
        version: a.version,
      });
    }
    return out;
  }

  async listAllocations(cohortId: string) {
    await this.cohorts.loadFor(this.db, cohortId, 'allocation.read');
    const rows = await this.db
      .selectFrom('allocations')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .orderBy('created_at')
      .execute();
    await this.c.record(
      this.c.event({
        action: 'allocation.read',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        detail: { count: rows.length, participantIds: rows.map((r) => r.participant_id) },
      }),
    );
    return this.presentAllocations(this.db, rows);
  }

  /** Proposes each graduate the kit of her trade (or a chosen alternative, with a reason). */
  async propose(cohortId: string, overrides: { enrollmentId: string; kitId: string; reason: string }[]) {
    await transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'allocation.propose');
      // In enrolment order, then by participant code (enrolments of the same instant): proposals and their audit
      // come out the same on every database and every run.
      const enrolments = await trx
        .selectFrom('enrollments as e')
        .innerJoin('participants as p', 'p.id', 'e.participant_id')
        .selectAll('e')
        .where('e.cohort_id', '=', cohortId)
        .orderBy('e.created_at')
        .orderBy('p.code')
        .execute();
      for (const o of overrides) {
        const e = enrolments.find((x) => x.id === o.enrollmentId);
        if (e?.status !== 'GRADUATED')
          throw new AppError('not_graduated', 409, 'Aid is for graduates of this cohort only', {
            enrollmentId: o.enrollmentId,
          });
      }
      const graduates = enrolments.filter((e) => e.status === 'GRADUATED');
      const existing = new Set(
        (await trx.selectFrom('allocations').select('enrollment_id').where('cohort_id', '=', cohortId).execute()).map(
          (a) => a.enrollment_id,
        ),
      );
      const tracks = JSON.parse(cohort.tracks) as string[];
      for (const e of graduates) {
        if (existing.has(e.id)) continue;
        const override = overrides.find((o) => o.enrollmentId === e.id);
        const trade = e.track ?? tracks[0];
        const kit = override
          ? await trx
              .selectFrom('kits')
              .selectAll()
              .where('id', '=', override.kitId)
              .where('active', '=', 1)
              .executeTakeFirst()
          : await trx
              .selectFrom('kits')
              .selectAll()
              .where('trade', '=', trade ?? '')
              .where('active', '=', 1)
              .orderBy('created_at', 'desc')
              .executeTakeFirst();
        if (!kit)
          throw new AppError(
            'no_active_kit',
            409,
            `No active kit for the trade ${trade}; add one to the catalogue first`,
            { trade: trade ?? null },
          );
        const v = await this.kitView(trx, kit.id);
        const id = randomUUID();
        const row = await trx
          .selectFrom('participants')
          .select(['id', 'dek_wrapped'])
          .where('id', '=', e.participant_id)
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('allocations')
          .values({
            id,
            cohort_id: cohortId,
            enrollment_id: e.id,
            participant_id: e.participant_id,
            kit_id: kit.id,
            kit_version: v.version,
            alternative_reason_ct: override
              ? this.people.key(row).seal('allocations', 'alternative_reason', id, override.reason)
              : null,
            status: 'PROPOSED',
            procurement: JSON.stringify(v.items.map(() => null)),
            serials: JSON.stringify(v.items.map(() => null)),
            value: v.total,
            approved_by: null,
            approved_at: null,
            handover_date: null,
            handover_place: null,
            handover_people_ct: null,
            signed_scan_ct: null,
            photo_ct: null,
            business_kind: null,
            business_region: null,
            business_start: null,
            handover_by: null,
            procurement_exception_by: null,
            procurement_exception_ct: null,
            created_by: this.c.actorId(),
            created_at: this.c.now(),
            version: 1,
          })
          .execute();
        await this.people.changeAudited(
          trx,
          e.participant_id,
          'allocation.write',
          { kitId: kit.id, kitVersion: v.version, value: v.total },
          { type: 'allocation', id: id },
        );
      }
    });
    return this.listAllocations(cohortId);
  }

  private async loadAllocation(
    exec: Executor,
    id: string,
    action: 'allocation.read' | 'allocation.approve' | 'allocation.procure' | 'allocation.handover',
  ) {
    const owner = await exec.selectFrom('allocations').select('cohort_id').where('id', '=', id).executeTakeFirst();
    if (!owner) throw notFound();
    // The cohort's row is locked first (in a unit of work): its allocations are then read and changed by one
    // writer at a time (approval, procurement, handover, returns counted against each other).
    await this.cohorts.loadFor(exec, owner.cohort_id, action);
    return exec.selectFrom('allocations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** One allocation, as its page shows it. */
  async getAllocation(id: string) {
    const a = await this.loadAllocation(this.db, id, 'allocation.read');
    await this.people.readAudited(a.participant_id, 'allocation.read', { allocationId: id });
    return (await this.presentAllocations(this.db, [a]))[0]!;
  }

  async approve(id: string) {
    await transact(this.db, async (trx) => {
      const a = await this.loadAllocation(trx, id, 'allocation.approve');
      if (a.status !== 'PROPOSED')
        throw new AppError(
          a.status === 'HANDED_OVER' ? 'allocation_handed_over' : 'allocation_not_proposed',
          409,
          'Only a proposed allocation can be approved',
        );
      const actor = this.c.actor;
      if (actor && !isSecondPerson(actor, a.created_by))
        throw new AppError(
          'second_person_required',
          403,
          'Whoever proposed an allocation cannot approve it: another approver decides',
        );
      // Taken as Plh./Plt. of the approver: the decision records the delegation.
      const delegationId = actor ? approvalUnder(actor, 'aid') : null;
      await updateVersioned(trx, 'allocations', id, a.version, {
        status: 'APPROVED',
        approved_by: this.c.actorId(),
        approved_at: this.c.now(),
        approved_delegation_id: delegationId,
      });
      await this.c.auditInTx(trx, {
        action: 'allocation.write',
        resourceType: 'allocation',
        resourceId: id,
        outcome: 'success',
        detail: { approved: true, participantId: a.participant_id, delegationId },
      });
    });
    return (
      await this.presentAllocations(this.db, [
        await this.db.selectFrom('allocations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ])
    )[0]!;
  }

  async setProcurement(id: string, items: { index: number; status: string }[]) {
    await transact(this.db, async (trx) => {
      const a = await this.loadAllocation(trx, id, 'allocation.procure');
      if (a.status === 'HANDED_OVER')
        throw new AppError('allocation_handed_over', 409, 'Handed over: the allocation is read-only');
      const procurement = JSON.parse(a.procurement) as (string | null)[];
      for (const i of items) {
        if (i.index >= procurement.length)
          throw new AppError('validation_failed', 400, 'No such item', [
            { field: 'body.items.index', message: 'Out of range', code: 'range' },
          ]);
        procurement[i.index] = i.status;
      }
      await updateVersioned(trx, 'allocations', id, a.version, { procurement: JSON.stringify(procurement) });
      await this.c.auditInTx(trx, {
        action: 'allocation.write',
        resourceType: 'allocation',
        resourceId: id,
        outcome: 'success',
        detail: { procurement: items.length, participantId: a.participant_id },
      });
    });
    return (
      await this.presentAllocations(this.db, [
        await this.db.selectFrom('allocations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ])
    )[0]!;
  }

  /**
   * An approver lets the handover go ahead before every item is procured (an item bought by the participant's
   * group, a delivery that cannot wait for the graduation): her reason is kept, sealed, and audited.
   */
  async allowHandoverUnprocured(id: string, reason: string) {
    await transact(this.db, async (trx) => {
      const a = await this.loadAllocation(trx, id, 'allocation.approve');
      if (a.status !== 'APPROVED')
        throw new AppError(
          a.status === 'HANDED_OVER' ? 'allocation_handed_over' : 'allocation_not_approved',
          409,
          a.status === 'HANDED_OVER' ? 'Already handed over' : 'Approve the allocation first',
        );
      const row = await trx
        .selectFrom('participants')
        .select(['id', 'dek_wrapped'])
        .where('id', '=', a.participant_id)
        .executeTakeFirstOrThrow();
      const delegationId = this.c.actor ? approvalUnder(this.c.actor, 'aid') : null;
      await updateVersioned(trx, 'allocations', id, a.version, {
        procurement_exception_by: this.c.actorId(),
        procurement_exception_ct: this.people.key(row).seal('allocations', 'procurement_exception', id, reason),
        procurement_exception_delegation_id: delegationId,
      });
      await this.people.changeAudited(
        trx,
        a.participant_id,
        'allocation.procurement_exception',
        {
          unprocured: (JSON.parse(a.procurement) as (string | null)[]).filter((p) => p !== 'RECEIVED' && p !== 'READY')
            .length,
          delegationId,
        },
        { type: 'allocation', id },
      );
    });
    return this.getAllocation(id);
  }

  /** The handover: after it the allocation is read-only (corrections are new, linked records). */
  async handover(
    id: string,
    b: {
      date: string;
      place: string;
      handedOverBy: string;
      receivedBy: string;
      serials: { index: number; serial: string }[];
      business: { kind: string; regionCode: string; startDate: string };
    },
  ) {
    await transact(this.db, async (trx) => {
      const a = await this.loadAllocation(trx, id, 'allocation.handover');
      if (a.status !== 'APPROVED')
        throw new AppError(
          a.status === 'HANDED_OVER' ? 'allocation_handed_over' : 'allocation_not_approved',
          409,
          a.status === 'HANDED_OVER' ? 'Already handed over' : 'The approver must approve the allocation first',
        );
      // Aid is handed over only to a beneficiary named in a decision letter (SK penetapan penerima manfaat).
      if (!a.decree_id)
        throw new AppError(
          'decree_required',
          409,
          'Aid is handed over only after the beneficiary decision (SK) names her: the approver issues it first',
        );
      // Nothing is handed over that was not procured, unless an approver recorded an exception for it.
      const procurement = JSON.parse(a.procurement) as (string | null)[];
      const missing = procurement.flatMap((p, i) => (p === 'RECEIVED' || p === 'READY' ? [] : [i]));
      if (missing.length > 0 && !a.procurement_exception_by)
        throw new AppError(
          'items_not_procured',
          409,
          'Some items are not procured yet: record them as received, or an approver records an exception',
          { missing },
        );
      const serials = JSON.parse(a.serials) as (string | null)[];
      for (const s of b.serials) {
        if (s.index >= serials.length)
          throw new AppError('validation_failed', 400, 'No such item', [
            { field: 'body.serials.index', message: 'Out of range', code: 'range' },
          ]);
        serials[s.index] = s.serial;
      }
      // As it happened: never in the future, never before her graduation (her cohort's last day) nor before the
      // decision letter that names her.
      const today = this.c.today();
      const dates = await trx
        .selectFrom('cohorts as c')
        .leftJoin('aid_decrees as d', (j) => j.on('d.id', '=', a.decree_id))
        .select(['c.end_date', 'd.decree_date'])
        .where('c.id', '=', a.cohort_id)
        .executeTakeFirstOrThrow();
      const day = effectiveDate('body.date', b.date, today, [
        { date: dates.end_date, what: 'graduation' },
        { date: dates.decree_date, what: 'decree' },
      ]);
      const row = await trx
        .selectFrom('participants')
        .select(['id', 'dek_wrapped'])
        .where('id', '=', a.participant_id)
        .executeTakeFirstOrThrow();
      await updateVersioned(trx, 'allocations', id, a.version, {
        status: 'HANDED_OVER',
        serials: JSON.stringify(serials),
        handover_date: b.date,
        handover_place: b.place,
        handover_people_ct: this.people
          .key(row)
          .seal(
            'allocations',
            'handover_people',
            id,
            JSON.stringify({ handedOverBy: b.handedOverBy, receivedBy: b.receivedBy }),
          ),
        business_kind: b.business.kind,
        business_region: b.business.regionCode,
        business_start: b.business.startDate,
        handover_by: this.c.actorId(),
      });
      const programme = await trx
        .selectFrom('cohorts')
        .select('programme_id')
        .where('id', '=', a.cohort_id)
        .executeTakeFirstOrThrow();
      await this.people.followEventInTx(
        trx,
        a.participant_id,
        'handover',
        'Bantuan usaha diserahterimakan',
        programme.programme_id,
      );
      await this.c.auditInTx(trx, {
        action: 'allocation.handover',
        resourceType: 'allocation',
        resourceId: id,
        outcome: 'success',
        detail: {
          value: Number(a.value),
          items: serials.length,
          participantId: a.participant_id,
          ...(enteredLate(day, today, this.c.s.config.lateEntryDays) ? { date: day, enteredLate: true } : {}),
        },
      });
    });
    return (
      await this.presentAllocations(this.db, [
        await this.db.selectFrom('allocations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ])
    )[0]!;
  }

  /** The signed BAST scan, or the handover photo (only with her photo consent); stored sealed. */
  async attachHandoverFile(id: string, kind: 'signed_scan' | 'photo', data: Buffer) {
    const { bytes } = prepareUpload(data, kind === 'photo' ? 'PHOTO' : 'DOCUMENT');
    await transact(this.db, async (trx) => {
      const a = await this.loadAllocation(trx, id, 'allocation.handover');
      if (a.status !== 'HANDED_OVER')
        throw new AppError('allocation_not_handed_over', 409, 'Record the handover first');
      if (kind === 'photo' && !(await this.people.hasActiveConsent(a.participant_id, 'PHOTO', trx))) {
        throw new AppError('consent_required', 403, 'A handover photo needs her photo consent', { missing: ['PHOTO'] });
      }
      const row = await trx
        .selectFrom('participants')
        .select(['id', 'dek_wrapped'])
        .where('id', '=', a.participant_id)
        .executeTakeFirstOrThrow();
      const sealed = this.people.key(row).seal('allocations', kind, id, bytes);
      await trx
        .updateTable('allocations')
        .set(kind === 'photo' ? { photo_ct: sealed } : { signed_scan_ct: sealed })
        .where('id', '=', id)
        .execute();
      await this.c.auditInTx(trx, {
        action: 'allocation.handover',
        resourceType: 'allocation',
        resourceId: id,
        outcome: 'success',
        detail: { file: kind, size: bytes.length, participantId: a.participant_id },
      });
    });
    return (
      await this.presentAllocations(this.db, [
        await this.db.selectFrom('allocations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ])
    )[0]!;
  }

  /**
   * Return or loss of a handed-over item: a new record linked to the allocation, which itself stays as
   * handed over (the BAST does not change). At most the quantity handed over can be returned or lost, on
   * or after the handover day and not in the future. Realised spend is not reduced: the money was spent.
   */
  async recordItemEvent(
    id: string,
    b: { index: number; kind: 'RETURNED' | 'LOST'; date: string; quantity: number; note?: string },
  ) {
    const eventId = randomUUID();
    await transact(this.db, async (trx) => {
      const a = await this.loadAllocation(trx, id, 'allocation.handover');
      if (a.status !== 'HANDED_OVER')
        throw new AppError('allocation_not_handed_over', 409, 'A return or loss is recorded after the handover');
      const kit = await this.kitView(trx, a.kit_id, a.kit_version);
      const item = kit.items[b.index];
      if (!item)
        throw new AppError('validation_failed', 400, 'No such item', [
          { field: 'body.index', message: 'Out of range', code: 'range' },
        ]);
      if (b.date < (a.handover_date ?? '')) {
        throw new AppError('validation_failed', 400, 'The date is before the handover', [
          { field: 'body.date', message: 'Not before the handover', code: 'before_handover' },
        ]);
      }
      if (b.date > this.c.today()) {
        throw new AppError('validation_failed', 400, 'The date is in the future', [
          { field: 'body.date', message: 'Not after today', code: 'future' },
        ]);
      }
      const earlier = await trx
        .selectFrom('allocation_item_events')
        .select(['item_index', 'quantity', 'seq'])
        .where('allocation_id', '=', id)
        .execute();
      const settled = earlier.filter((e) => e.item_index === b.index).reduce((sum, e) => sum + e.quantity, 0);
      const seq = earlier.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
      if (settled + b.quantity > item.quantity) {
        throw new AppError(
          'exceeds_remaining_quantity',
          409,
          `Only ${item.quantity - settled} of this item remain with her`,
          { remaining: item.quantity - settled },
        );
      }
      let noteCt: string | null = null;
      if (b.note) {
        const row = await trx
          .selectFrom('participants')
          .select(['id', 'dek_wrapped'])
          .where('id', '=', a.participant_id)
          .executeTakeFirstOrThrow();
        noteCt = this.people.key(row).seal('allocation_item_events', 'note', eventId, b.note);
      }
      await trx
        .insertInto('allocation_item_events')
        .values({
          id: eventId,
          allocation_id: id,
          seq,
          item_index: b.index,
          kind: b.kind,
          quantity: b.quantity,
          value: b.quantity * item.unitPrice,
          date: b.date,
          note_ct: noteCt,
          recorded_by: this.c.actorId(),
          created_at: this.c.now(),
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'allocation.item_event',
        resourceType: 'allocation',
        resourceId: id,
        outcome: 'success',
        detail: {
          kind: b.kind,
          index: b.index,
          quantity: b.quantity,
        },
      });
    });
    return this.getAllocation(id);
  }

  // ================================================================ beneficiary decisions (SK)
  private async presentDecrees(exec: Executor, rows: { id: string }[]) {
    const out = [];
    for (const { id } of rows) {
      const d = await exec
        .selectFrom('aid_decrees as d')
        .innerJoin('users as u', 'u.id', 'd.signed_by')
        .select(['d.id', 'd.cohort_id', 'd.number', 'd.decree_date', 'd.signed_by', 'd.signatory_title'])
        .select(['d.delegation_id', 'd.created_at', 'u.name', 'u.username'])
        .where('d.id', '=', id)
        .executeTakeFirstOrThrow();
      const sum = await exec
        .selectFrom('allocations')
        .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum<number>('value').as('v')])
        .where('decree_id', '=', id)
        .executeTakeFirst();
      out.push({
        id: d.id,
        cohortId: d.cohort_id,
        number: d.number,
        date: d.decree_date,
        signatory: { id: d.signed_by, name: d.name ?? d.username, title: d.signatory_title },
        actingAs: await actingAsOf(exec, d.delegation_id),
        recipients: Number(sum?.n ?? 0),
        total: Number(sum?.v ?? 0),
        createdAt: d.created_at,
      });
    }
    return out;
  }

  async listDecrees(cohortId: string) {
    await this.cohorts.loadFor(this.db, cohortId, 'allocation.read');
    const rows = await this.db
      .selectFrom('aid_decrees')
      .select('id')
      .where('cohort_id', '=', cohortId)
      .orderBy('decree_date')
      .orderBy('created_at')
      .execute();
    return this.presentDecrees(this.db, rows);
  }

  /**
   * The aid approver decides, in one letter, every approved allocation of the cohort that no letter names yet
   * (under the cohort's lock: two letters at once never share an allocation). Its number is unique (409
   * decree_number_taken); its date is never in the future.
   */
  async issueDecree(cohortId: string, b: { number: string; date: string; signatoryTitle: string }) {
    const id = randomUUID();
    await transact(this.db, async (trx) => {
      await this.cohorts.loadFor(trx, cohortId, 'aid.decree');
      if (b.date > this.c.today())
        throw new AppError('validation_failed', 400, 'A decision letter is not dated in the future', [
          { field: 'body.date', message: 'In the future', code: 'future_date' },
        ]);
      // In the order of her code: the letter's list and its audit event come out the same on every database.
      const approved = await trx
        .selectFrom('allocations as a')
        .innerJoin('participants as p', 'p.id', 'a.participant_id')
        .select(['a.id', 'a.participant_id', 'a.value'])
        .where('a.cohort_id', '=', cohortId)
        .where('a.status', '=', 'APPROVED')
        .where('a.decree_id', 'is', null)
        .orderBy('p.code')
        .execute();
      if (approved.length === 0)
        throw new AppError('nothing_to_decree', 409, 'No approved aid of this cohort waits for a decision letter');
      const delegationId = this.c.actor ? approvalUnder(this.c.actor, 'aid') : null;
      await trx
        .insertInto('aid_decrees')
        .values({
          id,
          cohort_id: cohortId,
          number: b.number,
          decree_date: b.date,
          signed_by: this.c.actorId(),
          signatory_title: b.signatoryTitle,
          delegation_id: delegationId,
          created_at: this.c.now(),
        })
        .execute();
      await trx
        .updateTable('allocations')
        .set({ decree_id: id, version: nextVersion })
        .where(
          'id',
          'in',
          approved.map((a) => a.id),
        )
        .where('decree_id', 'is', null)
        .execute();
      await this.c.auditInTx(trx, {
        action: 'aid.decree',
        resourceType: 'aid_decree',
        resourceId: id,
        outcome: 'success',
        detail: {
          cohortId,
          recipients: approved.length,
          total: approved.reduce((sum, a) => sum + Number(a.value), 0),
          participantIds: approved.map((a) => a.participant_id),
          delegationId,
        },
      });
    });
    return (await this.presentDecrees(this.db, [{ id }]))[0]!;
  }

  /**
   * The letter as printed: each recipient by the full name of her record (a letter names its beneficiaries),
   * her code and her items; every name opened is audited as a print of her record.
   */
  async decreeData(id: string) {
    const owner = await this.db.selectFrom('aid_decrees').select('cohort_id').where('id', '=', id).executeTakeFirst();
    if (!owner) throw notFound();
    const { cohort } = await this.cohorts.loadFor(this.db, owner.cohort_id, 'allocation.read');
    const [decree] = await this.presentDecrees(this.db, [{ id }]);
    const rows = await this.db
      .selectFrom('allocations as a')
      .innerJoin('participants as p', 'p.id', 'a.participant_id')
      .selectAll('a')
      .select(['p.code as p_code'])
      .where('a.decree_id', '=', id)
      .orderBy('p.code')
      .execute();
    const recipients = [];
    for (const a of rows) {
      const her = await this.people.load(this.db, a.participant_id);
      const erased = !her || her.row.dek_wrapped === ERASED;
      const kit = await this.kitView(this.db, a.kit_id, a.kit_version);
      recipients.push({
        code: a.p_code,
        fullName: erased ? null : this.people.openIdentity(her.row).fullName,
        kitName: kit.name,
        items: kit.items.map((i) => ({ name: i.name, quantity: i.quantity, unit: i.unit })),
        value: Number(a.value),
      });
      await this.people.readAudited(a.participant_id, 'document.print', { kind: 'aid_decree', decreeId: id });
    }
    const programme = await this.db
      .selectFrom('programmes')
      .select('name')
      .where('id', '=', cohort.programme_id)
      .executeTakeFirst();
    return {
      decree: decree!,
      region: cohort.region_code,
      cohortName: cohort.name,
      programmeName: programme?.name ?? '',
      recipients,
      printedBy: this.c.actorName,
    };
  }

  async bastData(id: string) {
    const a = await this.loadAllocation(this.db, id, 'allocation.read');
    if (a.status !== 'HANDED_OVER')
      throw new AppError('allocation_not_handed_over', 409, 'The handover paper is made at the handover');
    const [view] = await this.presentAllocations(this.db, [a]);
    const { row } = await this.people.loadFor(this.db, a.participant_id, 'participant.read');
    // The recipient as her record names her (never the nickname typed at the handover), with her NIK masked as
    // the office's form has it; who handed over as the account that recorded it.
    const identity = this.people.openIdentity(row);
    const recorder = a.handover_by
      ? await this.db
          .selectFrom('users')
          .select(['name', 'username'])
          .where('id', '=', a.handover_by)
          .executeTakeFirst()
      : undefined;
    await this.people.readAudited(a.participant_id, 'document.print', { kind: 'bast', allocationId: id });
    return {
      allocation: view!,
      region: row.region_code,
      fullName: identity.fullName,
      nikMasked: identity.nik ? maskNik(identity.nik) : null,
      handedOverBy: recorder ? (recorder.name ?? recorder.username) : view!.handover!.handedOverBy,
      printedBy: this.c.actorName,
    };
  }
}
