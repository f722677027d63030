// Who works on her case. The head of section assigns and takes staff off a case, and moves a whole caseload
// from one worker to another (leave, resignation); a caseworker asks to work on a case and the head of section
// decides, once, whoever else decides at the same moment. Nobody assigns herself: the caseworker who registers
// her is assigned by that act, and her history says so. Every change is kept in assignment_events and audited
// naming her.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import {
  type Actor,
  answersTransfer,
  CASE_STAFF_ROLES,
  inRegionScope,
  isProvinceWide,
  mayAssignTo,
  regionsWithinScope,
} from '../../policy/index.ts';
import type { Role } from '../../../shared/roles.ts';
import { nextVersion, transact, updateVersioned } from '../../db/write.ts';

type Executor = Kysely<Database> | Transaction<Database>;
type RowWithReason = { id: string; participant_id: string; reason_ct: string | null; dek_wrapped: string };

export type AssignmentEventKind =
  | 'registered'
  | 'assigned'
  | 'request_approved'
  | 'unassigned'
  | 'reassigned'
  | 'transferred_out'
  | 'transferred_in';

/** One line of her assignment history (her row is locked by the caller: the numbering is hers alone). */
export async function recordAssignmentEvent(
  c: RepoCore,
  trx: Executor,
  participantId: string,
  userId: string,
  kind: AssignmentEventKind,
): Promise<void> {
  const last = await trx
    .selectFrom('assignment_events')
    .select((eb) => eb.fn.max('ordinal').as('m'))
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  await trx
    .insertInto('assignment_events')
    .values({
      id: randomUUID(),
      participant_id: participantId,
      ordinal: Number(last?.m ?? 0) + 1,
      user_id: userId,
      kind,
      actor_id: c.actorId(),
      at: c.now(),
    })
    .execute();
}

export class AssignmentStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  /** An active account of a role that takes cases, with her regions (as the policy sees an actor); else 400. */
  private async caseStaff(exec: Executor, userId: string, field: string): Promise<Actor> {
    const user = await exec
      .selectFrom('users')
      .select(['id', 'role', 'active'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (user?.active !== 1 || !CASE_STAFF_ROLES.includes(user.role as Role))
      throw new AppError('validation_failed', 400, 'Choose an active caseworker, psychologist or manager', [
        { field, message: 'Not an account that takes cases', code: 'not_assignable' },
      ]);
    const regions = await exec.selectFrom('user_regions').select('region_code').where('user_id', '=', userId).execute();
    return { id: user.id, role: user.role as Role, regions: regions.map((r) => r.region_code) };
  }

  /**
   * A member of staff who may be given her case here: one who takes cases, working within the asker's own regions
   * (a head of section hands cases only to her own staff) and covering the region the case is in (a worker of
   * another kabupaten/kota receives a case only by a transfer she accepts).
   */
  private async assignable(exec: Executor, userId: string, caseRegion: string): Promise<Actor> {
    const staff = await this.caseStaff(exec, userId, 'body.userId');
    const actor = this.c.actor;
    if (actor && !regionsWithinScope(actor, staff.regions))
      throw new AppError('assignee_out_of_region', 409, 'This staff member works outside your regions');
    if (!inRegionScope(staff, caseRegion))
      throw new AppError(
        'assignee_out_of_region',
        409,
        'This staff member works in another kabupaten/kota: transfer the case to her instead',
      );
    return staff;
  }

  /** A reason sealed under her key, or null once she is erased (her key is gone; the list still shows). */
  private reasonOf(table: 'assignment_requests' | 'transfers', r: RowWithReason): string | null {
    if (!r.reason_ct || r.dek_wrapped === ERASED) return null;
    return this.people
      .key({ id: r.participant_id, dek_wrapped: r.dek_wrapped })
      .openText(table, 'reason', r.id, r.reason_ct);
  }

  /** One line of her assignment history (her row is locked by the caller: the numbering is hers alone). */
  private event(trx: Executor, participantId: string, userId: string, kind: AssignmentEventKind) {
    return recordAssignmentEvent(this.c, trx, participantId, userId, kind);
  }

  /** Adds a member of staff to her case (the head of section; never oneself). Assigning twice changes nothing. */
  async assign(participantId: string, userId: string): Promise<void> {
    await transact(this.db, async (trx) => {
      const { row, facts } = await this.people.loadFor(trx, participantId, 'participant.assign');
      const actor = this.c.actor;
      if (actor && !mayAssignTo(actor, userId))
        throw new AppError('self_assignment', 403, 'Nobody assigns herself to a case; ask the head of section');
      const user = await this.assignable(trx, userId, row.region_code);
      if (facts.assignedUserIds.includes(userId)) return;
      await trx
        .insertInto('participant_assignments')
        .values({
          participant_id: participantId,
          user_id: userId,
          assigned_by: this.c.actorId(),
          assigned_at: this.c.now(),
        })
        .execute();
      await this.event(trx, participantId, userId, 'assigned');
      await this.people.changeAudited(trx, participantId, 'participant.assign', { userId, role: user.role });
    });
  }

  /** Takes a member of staff off her case (the head of section). */
  async unassign(participantId: string, userId: string): Promise<void> {
    await transact(this.db, async (trx) => {
      await this.people.loadFor(trx, participantId, 'participant.assign');
      const gone = await trx
        .deleteFrom('participant_assignments')
        .where('participant_id', '=', participantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1)
        throw new AppError('not_assigned', 409, 'This staff member is not assigned to her case');
      await this.event(trx, participantId, userId, 'unassigned');
      await this.people.changeAudited(trx, participantId, 'participant.unassign', { userId });
    });
  }

  /** A caseworker asks to work on her case, with a reason (sealed under her key); one open request at a time. */
  async request(participantId: string, reason: string) {
    return transact(this.db, async (trx) => {
      const { row, facts } = await this.people.loadFor(trx, participantId, 'assignment.request');
      const me = this.c.actorId();
      if (facts.assignedUserIds.includes(me))
        throw new AppError('already_assigned', 409, 'You are already assigned to this case');
      const id = randomUUID();
      // Sent twice (two tabs, a double tap): the partial unique index keeps one open request per person and
      // case, and the second is told so (409 request_pending, from conflictFromDb).
      await trx
        .insertInto('assignment_requests')
        .values({
          id,
          participant_id: participantId,
          user_id: me,
          reason_ct: this.people.key(row).seal('assignment_requests', 'reason', id, reason),
          status: 'PENDING',
          requested_at: this.c.now(),
          decided_by: null,
          decided_at: null,
          version: 1,
        })
        .execute();
      await this.people.changeAudited(trx, participantId, 'assignment.request', undefined, {
        type: 'assignment_request',
        id,
      });
      return { id, status: 'PENDING' as const };
    });
  }

  /** The open requests of the head of section's regions, oldest first (her work queue). */
  async openRequests() {
    this.c.check('assignment.decide');
    const q = this.db
      .selectFrom('assignment_requests as r')
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select([
        'r.id',
        'r.participant_id',
        'r.reason_ct',
        'r.requested_at',
        'r.version',
        'p.region_code',
        'p.dek_wrapped',
        'u.id as user_id',
        'u.username',
        'u.name',
      ])
      .where('r.status', '=', 'PENDING');
    const rows = await this.c
      .scoped('participant', q, { id: 'p.id', region: 'p.region_code' })
      .orderBy('r.requested_at')
      .orderBy('r.id')
      .limit(200)
      .execute();
    const names = await this.people.codesAndNames(
      this.db,
      rows.map((r) => r.participant_id),
    );
    const items = rows.map((r) => ({
      id: r.id,
      participantId: r.participant_id,
      code: names.get(r.participant_id)?.code ?? '',
      preferredName: names.get(r.participant_id)?.preferredName ?? '—',
      regionCode: r.region_code,
      requestedBy: { id: r.user_id, username: r.username, name: r.name },
      reason: this.reasonOf('assignment_requests', r),
      requestedAt: r.requested_at,
      version: r.version,
    }));
    await this.c.record(
      this.c.event({
        action: 'assignment.list',
        resourceType: 'assignment_request',
        outcome: 'success',
        detail: { count: items.length, participantIds: items.map((i) => i.participantId) },
      }),
    );
    return items;
  }

  /**
   * The head of section approves or declines a request. Decided once: the status moves from PENDING in the
   * statement itself, so of two decisions at once the second is told it was already decided (409).
   */
  async decide(requestId: string, approve: boolean) {
    return transact(this.db, async (trx) => {
      const req = await trx
        .selectFrom('assignment_requests')
        .selectAll()
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!req) throw notFound();
      const { row } = await this.people.loadFor(trx, req.participant_id, 'assignment.decide');
      const claimed = await trx
        .updateTable('assignment_requests')
        .set({
          status: approve ? 'APPROVED' : 'DECLINED',
          decided_by: this.c.actorId(),
          decided_at: this.c.now(),
          version: nextVersion,
        })
        .where('id', '=', requestId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('already_decided', 409, 'This request was already decided');
      if (approve) {
        const actor = this.c.actor;
        if (actor && !mayAssignTo(actor, req.user_id))
          throw new AppError('self_assignment', 403, 'Nobody assigns herself to a case');
        await this.assignable(trx, req.user_id, row.region_code);
        const added = await trx
          .insertInto('participant_assignments')
          .values({
            participant_id: req.participant_id,
            user_id: req.user_id,
            assigned_by: this.c.actorId(),
            assigned_at: this.c.now(),
          })
          .onConflict((oc) => oc.columns(['participant_id', 'user_id']).doNothing())
          .executeTakeFirst();
        if (Number(added.numInsertedOrUpdatedRows ?? 0) > 0)
          await this.event(trx, req.participant_id, req.user_id, 'request_approved');
      }
      await this.people.changeAudited(
        trx,
        req.participant_id,
        approve ? 'assignment.approve' : 'assignment.decline',
        { userId: req.user_id },
        { type: 'assignment_request', id: requestId },
      );
      return { id: requestId, status: approve ? ('APPROVED' as const) : ('DECLINED' as const) };
    });
  }

  /** Who worked on her case, as it happened. */
  async history(participantId: string) {
    await this.people.loadFor(this.db, participantId, 'participant.read');
    const rows = await this.db
      .selectFrom('assignment_events as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('users as by', 'by.id', 'e.actor_id')
      .select([
        'e.id',
        'e.kind',
        'e.at',
        'u.id as user_id',
        'u.username',
        'u.name',
        'u.role',
        'by.name as by_name',
        'by.username as by_username',
      ])
      .where('e.participant_id', '=', participantId)
      .orderBy('e.ordinal')
      .execute();
    await this.people.readAudited(participantId, 'assignment.history_read');
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as AssignmentEventKind,
      at: r.at,
      user: { id: r.user_id, username: r.username, name: r.name, role: r.role },
      by: r.by_name ?? r.by_username ?? null,
    }));
  }

  /**
   * Moves every case of one worker in the head of section's scope to another (leave, resignation): the second
   * is assigned where she was not already, the first taken off; each case's history and audit say so.
   */
  async reassignCaseload(fromUserId: string, toUserId: string) {
    this.c.check('participant.assign');
    const actor = this.c.actor;
    if (actor && !mayAssignTo(actor, toUserId))
      throw new AppError('self_assignment', 403, 'Nobody assigns herself to a case; ask the head of section');
    if (fromUserId === toUserId)
      throw new AppError('validation_failed', 400, 'Choose another staff member to take the caseload', [
        { field: 'body.toUserId', message: 'Same as the current worker', code: 'same_user' },
      ]);
    return transact(this.db, async (trx) => {
      const q = trx
        .selectFrom('participant_assignments as a')
        .innerJoin('participants as p', 'p.id', 'a.participant_id')
        .select(['p.id', 'p.region_code'])
        .where('a.user_id', '=', fromUserId);
      const cases = await this.c
        .scoped('participant', q, { id: 'p.id', region: 'p.region_code' })
        .orderBy('p.id')
        .execute();
      const moved: string[] = [];
      for (const p of cases) {
        // Her row first (locked on PostgreSQL): the same order as every other change to her case.
        await this.people.loadFor(trx, p.id, 'participant.assign');
        await this.assignable(trx, toUserId, p.region_code);
        const gone = await trx
          .deleteFrom('participant_assignments')
          .where('participant_id', '=', p.id)
          .where('user_id', '=', fromUserId)
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) !== 1) continue; // taken off meanwhile
        await trx
          .insertInto('participant_assignments')
          .values({ participant_id: p.id, user_id: toUserId, assigned_by: this.c.actorId(), assigned_at: this.c.now() })
          .onConflict((oc) => oc.columns(['participant_id', 'user_id']).doNothing())
          .execute();
        await this.event(trx, p.id, fromUserId, 'unassigned');
        await this.event(trx, p.id, toUserId, 'reassigned');
        await this.people.changeAudited(trx, p.id, 'participant.reassign', { fromUserId, toUserId });
        moved.push(p.id);
      }
      return { moved: moved.length };
    });
  }

  /**
   * The head of section moves her case to a worker of another kabupaten/kota (she moved house, a service is
   * nearer): the case stays where it is until that worker accepts. One open transfer per case.
   */
  async requestTransfer(participantId: string, toUserId: string, reason: string) {
    return transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'participant.assign');
      const asActor = await this.caseStaff(trx, toUserId, 'body.toUserId');
      // The receiving region is her worker's own kabupaten/kota, in this province, and not the one she is in.
      const toRegion = asActor.regions.find((r) => r.length > 2);
      if (!toRegion || isProvinceWide(asActor) || inRegionScope(asActor, row.region_code) || !this.inProvince(toRegion))
        throw new AppError(
          'validation_failed',
          400,
          'Transfer to a worker of another kabupaten/kota of this province',
          [{ field: 'body.toUserId', message: 'Not a worker of another kabupaten/kota', code: 'not_another_region' }],
        );
      const id = randomUUID();
      await trx
        .insertInto('transfers')
        .values({
          id,
          participant_id: participantId,
          from_region: row.region_code,
          to_region: toRegion,
          to_user_id: toUserId,
          reason_ct: this.people.key(row).seal('transfers', 'reason', id, reason),
          status: 'PENDING',
          requested_by: this.c.actorId(),
          requested_at: this.c.now(),
          decided_by: null,
          decided_at: null,
          version: 1,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        participantId,
        'transfer.request',
        { fromRegion: row.region_code, toRegion, toUserId },
        { type: 'transfer', id },
      );
      return { id, status: 'PENDING' as const, toRegion };
    });
  }

  private inProvince(region: string) {
    return region.startsWith(this.c.province);
  }

  /** Transfers addressed to me that wait for my answer: her code and the name she goes by, and why. */
  async incomingTransfers() {
    const rows = await this.db
      .selectFrom('transfers as t')
      .innerJoin('participants as p', 'p.id', 't.participant_id')
      .leftJoin('users as u', 'u.id', 't.requested_by')
      .select([
        't.id',
        't.participant_id',
        't.from_region',
        't.to_region',
        't.reason_ct',
        't.requested_at',
        'p.dek_wrapped',
        'u.name as by_name',
        'u.username as by_username',
      ])
      .where('t.to_user_id', '=', this.c.actorId())
      .where('t.status', '=', 'PENDING')
      .orderBy('t.requested_at')
      .execute();
    const names = await this.people.codesAndNames(
      this.db,
      rows.map((r) => r.participant_id),
    );
    const items = rows.map((r) => ({
      id: r.id,
      participantId: r.participant_id,
      code: names.get(r.participant_id)?.code ?? '',
      preferredName: names.get(r.participant_id)?.preferredName ?? '—',
      fromRegion: r.from_region,
      toRegion: r.to_region,
      requestedBy: r.by_name ?? r.by_username ?? '',
      reason: this.reasonOf('transfers', r),
      requestedAt: r.requested_at,
    }));
    await this.c.record(
      this.c.event({
        action: 'transfer.list',
        resourceType: 'transfer',
        outcome: 'success',
        detail: { count: items.length, participantIds: items.map((i) => i.participantId) },
      }),
    );
    return items;
  }

  /**
   * The worker a transfer is addressed to accepts or declines it, once. Accepting moves her case to that
   * worker's region: she is assigned, the staff of the old region are taken off, and the history says so.
   */
  async answerTransfer(transferId: string, accept: boolean) {
    return transact(this.db, async (trx) => {
      const t = await trx.selectFrom('transfers').selectAll().where('id', '=', transferId).executeTakeFirst();
      const actor = this.c.actor;
      // Addressed to someone else (or a transfer between provinces, answered by heads of section): as if absent.
      const toUserId = t?.kind === 'region' ? t.to_user_id : null;
      if (!t || !toUserId || (actor && !answersTransfer(actor, { toUserId }))) throw notFound();
      // Her row first (locked on PostgreSQL), as every change to her case; she is not yet in this worker's scope.
      const her = await this.people.load(trx, t.participant_id);
      if (!her) throw notFound();
      const claimed = await trx
        .updateTable('transfers')
        .set({
          status: accept ? 'ACCEPTED' : 'DECLINED',
          decided_by: this.c.actorId(),
          decided_at: this.c.now(),
          version: nextVersion,
        })
        .where('id', '=', transferId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('already_decided', 409, 'This transfer was already answered');
      if (accept) {
        await updateVersioned(trx, 'participants', t.participant_id, her.row.version, {
          region_code: t.to_region,
          updated_at: this.c.now(),
        });
        const before = await trx
          .deleteFrom('participant_assignments')
          .where('participant_id', '=', t.participant_id)
          .returning('user_id')
          .execute();
        for (const b of before.sort((x, y) => x.user_id.localeCompare(y.user_id)))
          await this.event(trx, t.participant_id, b.user_id, 'transferred_out');
        await trx
          .insertInto('participant_assignments')
          .values({
            participant_id: t.participant_id,
            user_id: toUserId,
            assigned_by: this.c.actorId(),
            assigned_at: this.c.now(),
          })
          .execute();
        await this.event(trx, t.participant_id, toUserId, 'transferred_in');
      }
      await this.people.changeAudited(
        trx,
        t.participant_id,
        accept ? 'transfer.accept' : 'transfer.decline',
        { fromRegion: t.from_region, toRegion: t.to_region },
        { type: 'transfer', id: transferId },
      );
      return { id: transferId, status: accept ? ('ACCEPTED' as const) : ('DECLINED' as const) };
    });
  }
}
