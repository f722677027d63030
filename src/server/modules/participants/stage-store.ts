// Her case's stages: a move by the rules of the stage plan, a closure that waits for the head of section when
// someone else closes it, and the timeline of every move.
import { randomUUID } from 'node:crypto';
import type { RepoCore } from '../../kernel/context.ts';
import { ParticipantAccess } from '../../kernel/participant-access.ts';
import { raise } from '../../kernel/events.ts';
import { AppError } from '../../errors.ts';
import type { Stage } from '../../../shared/codes.ts';
import { transact, updateVersioned } from '../../db/write.ts';
import { assertMove } from './rules.ts';

export class StageStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  async transition(id: string, to: Stage, reason: string, closureReason: string | undefined, ifMatch?: number) {
    return transact(this.db, async (trx) => {
      const { row, facts } = await this.people.loadFor(trx, id, 'participant.transition');
      if (ifMatch !== undefined && ifMatch !== row.version) {
        throw new AppError('stale_version', 412, 'This record was changed by someone else; reload and try again', {
          currentVersion: row.version,
        });
      }
      const from = row.stage as Stage;
      assertMove(from, to);
      if (to === 'TERMINASI' && !closureReason) {
        throw new AppError('validation_failed', 400, 'Give the reason for closing the case', [
          { field: 'body.closureReason', message: 'Required when closing', code: 'required' },
        ]);
      }
      if (row.pending_closure_reason)
        throw new AppError('closure_pending', 409, 'A closure of this case waits for approval');
      if (to === 'INTERVENSI') {
        const plan = await trx
          .selectFrom('case_plans')
          .select('status')
          .where('participant_id', '=', id)
          .executeTakeFirst();
        if (plan?.status !== 'APPROVED')
          throw new AppError(
            'plan_not_approved',
            409,
            'The case plan must be approved by the head of section before intervention starts',
          );
      }
      const key = this.people.key(row);
      const eventId = randomUUID();
      const now = this.c.now();
      const actorId = this.c.actorId();
      const closingWithoutApproval = to === 'TERMINASI' && !this.c.allowed('participant.approve_closure', facts);
      let version: number;
      if (closingWithoutApproval) {
        version = await updateVersioned(trx, 'participants', id, row.version, {
          pending_closure_reason: closureReason!,
          pending_closure_by: actorId,
          pending_closure_at: now,
          updated_at: now,
        });
      } else {
        version = await updateVersioned(trx, 'participants', id, row.version, { stage: to, updated_at: now });
        if (to === 'TERMINASI')
          await raise(trx, 'participant.closed', { participantId: id, at: now, closureReason: closureReason ?? null });
      }
      await trx
        .insertInto('stage_events')
        .values({
          id: eventId,
          participant_id: id,
          ordinal: await this.people.nextOrdinal(trx, id),
          from_stage: from,
          to_stage: to,
          kind: closingWithoutApproval ? 'closure_requested' : 'move',
          reason_ct: key.seal('stage_events', 'reason', eventId, reason),
          closure_reason: closureReason ?? null,
          actor_id: actorId,
          approved_by: to === 'TERMINASI' && !closingWithoutApproval ? actorId : null,
          at: now,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        id,
        closingWithoutApproval ? 'participant.closure_request' : 'participant.transition',
        { from, to },
      );
      return { stage: closingWithoutApproval ? from : to, pendingApproval: closingWithoutApproval, version };
    });
  }

  async decideClosure(id: string, approve: boolean, reason: string | undefined) {
    return transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, id, 'participant.approve_closure');
      if (!row.pending_closure_reason)
        throw new AppError('no_pending_closure', 409, 'No closure of this case waits for approval');
      const now = this.c.now();
      const eventId = randomUUID();
      const actorId = this.c.actorId();
      if (approve)
        await raise(trx, 'participant.closed', {
          participantId: id,
          at: now,
          closureReason: row.pending_closure_reason,
        });
      const version = await updateVersioned(trx, 'participants', id, row.version, {
        ...(approve ? { stage: 'TERMINASI' } : {}),
        pending_closure_reason: null,
        pending_closure_by: null,
        pending_closure_at: null,
        updated_at: now,
      });
      await trx
        .insertInto('stage_events')
        .values({
          id: eventId,
          participant_id: id,
          ordinal: await this.people.nextOrdinal(trx, id),
          from_stage: row.stage,
          to_stage: approve ? 'TERMINASI' : row.stage,
          kind: approve ? 'closure_approved' : 'closure_rejected',
          reason_ct: reason ? this.people.key(row).seal('stage_events', 'reason', eventId, reason) : null,
          closure_reason: row.pending_closure_reason,
          actor_id: actorId,
          approved_by: approve ? actorId : null,
          at: now,
        })
        .execute();
      await this.people.changeAudited(trx, id, approve ? 'participant.closure_approve' : 'participant.closure_reject');
      return { stage: (approve ? 'TERMINASI' : row.stage) as Stage, pendingApproval: false, version };
    });
  }

  async timeline(id: string) {
    const { row } = await this.people.loadFor(this.db, id, 'participant.read');
    const key = this.people.key(row);
    const events = await this.db
      .selectFrom('stage_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .leftJoin('users as ap', 'ap.id', 'e.approved_by')
      .select([
        'e.id',
        'e.kind',
        'e.from_stage',
        'e.to_stage',
        'e.reason_ct',
        'e.closure_reason',
        'e.at',
        'u.username as actor',
        'ap.username as approver',
      ])
      .where('e.participant_id', '=', id)
      .orderBy('e.ordinal')
      .execute();
    await this.people.readAudited(id, 'participant.timeline_read');
    return events.map((e) => ({
      id: e.id,
      kind: e.kind,
      from: e.from_stage,
      to: e.to_stage,
      reason: e.reason_ct ? key.openText('stage_events', 'reason', e.id, e.reason_ct) : null,
      closureReason: e.closure_reason,
      actor: e.actor ?? null,
      approvedBy: e.approver ?? null,
      at: e.at,
    }));
  }

  /** Reopens a closed case with a reason, back to the stage it was closed from. */
  async reopen(participantId: string, reason: string) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'participant.reopen');
      if (row.stage !== 'TERMINASI') throw new AppError('case_not_closed', 409, 'Only a closed case can be reopened');
      const last = await trx
        .selectFrom('stage_events')
        .select('from_stage')
        .where('participant_id', '=', participantId)
        .where('to_stage', '=', 'TERMINASI')
        .where('kind', 'in', ['move', 'closure_approved'])
        .orderBy('ordinal', 'desc')
        .executeTakeFirst();
      const back = (last?.from_stage ?? 'RESOSIALISASI_REINTEGRASI') as Stage;
      await this.people.followStageInTx(
        trx,
        participantId,
        'TERMINASI',
        back === 'TERMINASI' ? 'RESOSIALISASI_REINTEGRASI' : back,
        `Dibuka kembali: ${reason}`,
      );
      await this.people.changeAudited(trx, participantId, 'participant.reopen');
    });
  }
}
