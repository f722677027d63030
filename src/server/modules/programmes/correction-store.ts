// Corrections of attendance after it locks. Whoever marks a session asks for one or several participants' marks
// to be changed, in one request with one reason (sealed under each one's key); the head of section of the
// cohort's region approves — every mark changes in the same unit of work, audited as her own correction would be —
// or declines, once and for the whole request, whoever else decides at the same moment. One open correction per
// session and participant (a partial unique index); nobody decides her own.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { CohortAccess } from '../../kernel/cohort-access.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { isSecondPerson } from '../../policy/index.ts';
import { nextVersion, transact } from '../../db/write.ts';
import type { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import { attendanceLocked } from './rules.ts';
import { raiseAttendanceVersion } from './attendance-version.ts';

type Executor = Kysely<Database> | Transaction<Database>;
type Decision = 'APPROVED' | 'DECLINED';
type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export class AttendanceCorrectionStore {
  private readonly people: ParticipantAccess;
  private readonly cohorts: CohortAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
    this.cohorts = new CohortAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  /** A session and its cohort, the action authorised on it (404 out of the cohort's region, 403 not allowed). */
  private async session(
    exec: Executor,
    sessionId: string,
    action: 'attendance.read' | 'attendance.mark' | 'attendance.override_lock',
  ) {
    const session = await exec
      .selectFrom('sessions_schedule')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!session) throw notFound();
    const cohort = await exec
      .selectFrom('cohorts')
      .selectAll()
      .where('id', '=', session.cohort_id)
      .executeTakeFirstOrThrow();
    this.c.check(action, {
      type: 'session',
      id: session.id,
      cohort: await this.cohorts.facts(exec, cohort),
      facilitatorId: session.facilitator_id,
    });
    return { session, cohort };
  }

  /** Her enrolment in the cohort, as marking attendance requires it (enrolled); else 400. */
  private async enrolment(exec: Executor, cohortId: string, participantId: string) {
    const e = await exec
      .selectFrom('enrollments')
      .select('id')
      .where('cohort_id', '=', cohortId)
      .where('participant_id', '=', participantId)
      .where('status', '=', 'ENROLLED')
      .executeTakeFirst();
    if (!e)
      throw new AppError('validation_failed', 400, 'She is not enrolled in this cohort', [
        { field: 'body.participantId', message: `${participantId} is not enrolled`, code: 'not_enrolled' },
      ]);
    return e.id;
  }

  /**
   * Asks for one participant's mark on a locked session to be corrected: a request of its own (a batch of one).
   */
  async request(sessionId: string, b: { participantId: string; status: AttendanceStatus; reason: string }) {
    const { id } = await this.requestBatch(sessionId, [{ participantId: b.participantId, status: b.status }], b.reason);
    return { id, status: 'PENDING' as const };
  }

  /**
   * Asks, in one request with one reason, for several participants' marks on a locked session to be corrected;
   * the head of section decides them together. All or none: anyone not enrolled, a mark already as asked, or a
   * correction of hers already waiting (409 correction_pending) refuses the whole request. Before the lock there
   * is nothing to ask: the register is still open (409 correction_not_needed). The request's id is its first row's.
   */
  async requestBatch(sessionId: string, items: { participantId: string; status: AttendanceStatus }[], reason: string) {
    return transact(this.db, async (trx) => {
      const { session, cohort } = await this.session(trx, sessionId, 'attendance.mark');
      if (session.cancelled === 1) throw new AppError('session_cancelled', 409, 'This session was cancelled');
      if (!attendanceLocked(session.date, this.c.today()))
        throw new AppError(
          'correction_not_needed',
          409,
          'Attendance of this session is still open: change it on the register',
        );
      const seen = new Set<string>();
      for (const [i, item] of items.entries()) {
        if (seen.has(item.participantId))
          throw new AppError('validation_failed', 400, 'She is named twice', [
            { field: `body.items.${i}.participantId`, message: 'Named twice', code: 'duplicate' },
          ]);
        seen.add(item.participantId);
      }
      const batchId = randomUUID();
      const now = this.c.now();
      let first = true;
      for (const [i, item] of items.entries()) {
        const enrollmentId = await this.enrolment(trx, cohort.id, item.participantId);
        const mark = await trx
          .selectFrom('attendance')
          .select('status')
          .where('session_id', '=', sessionId)
          .where('enrollment_id', '=', enrollmentId)
          .executeTakeFirst();
        if (mark?.status === item.status)
          throw new AppError('validation_failed', 400, 'This is already her mark', [
            {
              field: items.length === 1 ? 'body.status' : `body.items.${i}.status`,
              message: 'Same as the mark on the register',
              code: 'unchanged',
            },
          ]);
        const her = await trx
          .selectFrom('participants')
          .select(['id', 'dek_wrapped'])
          .where('id', '=', item.participantId)
          .executeTakeFirstOrThrow();
        // The request's own id is its first row's; a request of one is exactly as before.
        const id = first ? batchId : randomUUID();
        first = false;
        // Sent twice (two tabs, a double tap): the partial unique index keeps one open request per session and
        // participant, and the second is told so (409 correction_pending, from conflictFromDb).
        await trx
          .insertInto('attendance_corrections')
          .values({
            id,
            session_id: sessionId,
            participant_id: item.participantId,
            status_before: mark?.status ?? null,
            status_wanted: item.status,
            // One reason for the request, sealed under each one's key (it is about her attendance).
            reason_ct: this.people.key(her).seal('attendance_corrections', 'reason', id, reason),
            status: 'PENDING',
            requested_by: this.c.actorId(),
            requested_at: now,
            decided_by: null,
            decided_at: null,
            version: 1,
            batch_id: batchId,
          })
          .execute();
        await this.people.changeAudited(
          trx,
          item.participantId,
          'attendance.correction_request',
          { sessionId, batchId },
          { type: 'attendance_correction', id },
        );
      }
      return { id: batchId, status: 'PENDING' as const, count: items.length };
    });
  }

  /** The open requests of one session, oldest first, for whoever sees its attendance; audited with whom they name. */
  async openForSession(sessionId: string) {
    await this.session(this.db, sessionId, 'attendance.read');
    const rows = await this.db
      .selectFrom('attendance_corrections as r')
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .innerJoin('users as u', 'u.id', 'r.requested_by')
      .select([
        'r.id',
        'r.participant_id',
        'r.status_before',
        'r.status_wanted',
        'r.reason_ct',
        'r.requested_at',
        'r.batch_id',
        'p.dek_wrapped',
        'u.id as user_id',
        'u.username',
        'u.name',
      ])
      .where('r.session_id', '=', sessionId)
      .where('r.status', '=', 'PENDING')
      .orderBy('r.requested_at')
      .orderBy('r.id')
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
      statusBefore: r.status_before as AttendanceStatus | null,
      statusWanted: r.status_wanted as AttendanceStatus,
      // Her key is gone once she is erased: the request still shows, without its reason.
      reason:
        r.reason_ct && r.dek_wrapped !== ERASED
          ? this.people
              .key({ id: r.participant_id, dek_wrapped: r.dek_wrapped })
              .openText('attendance_corrections', 'reason', r.id, r.reason_ct)
          : null,
      requestedBy: { id: r.user_id, username: r.username, name: r.name },
      requestedAt: r.requested_at,
      batchId: r.batch_id,
    }));
    await this.c.record(
      this.c.event({
        action: 'attendance.correction_list',
        resourceType: 'session',
        resourceId: sessionId,
        outcome: 'success',
        detail: { count: items.length, participantIds: items.map((i) => i.participantId) },
      }),
    );
    return items;
  }

  /** Decides the request a correction belongs to: every correction asked with it, together (decideBatch). */
  async decide(requestId: string, approve: boolean) {
    const row = await this.db
      .selectFrom('attendance_corrections')
      .select('batch_id')
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!row) throw notFound();
    const { status } = await this.decideBatch(row.batch_id, approve);
    return { id: requestId, status };
  }

  /**
   * The head of section of the cohort's region approves or declines a request — every correction asked in it —
   * in one decision, once: the statuses move from PENDING in the statement itself, and unless all of them moved,
   * someone decided first (409 already_decided, nothing changed). Approving changes every mark in the same unit of
   * work; a refusal on the way (cancelled session, someone no longer enrolled) undoes the whole decision.
   */
  async decideBatch(batchId: string, approve: boolean) {
    return transact(this.db, async (trx) => {
      const rows = await trx
        .selectFrom('attendance_corrections')
        .selectAll()
        .where('batch_id', '=', batchId)
        .orderBy('id')
        .execute();
      const head = rows[0];
      if (!head) throw notFound();
      const { session, cohort } = await this.session(trx, head.session_id, 'attendance.override_lock');
      const actor = this.c.actor;
      if (actor && !isSecondPerson(actor, head.requested_by))
        throw new AppError('second_person_required', 403, 'Someone else decides the correction you asked for');
      const status: Decision = approve ? 'APPROVED' : 'DECLINED';
      const claimed = await trx
        .updateTable('attendance_corrections')
        .set({ status, decided_by: this.c.actorId(), decided_at: this.c.now(), version: nextVersion })
        .where('batch_id', '=', batchId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== rows.length)
        throw new AppError('already_decided', 409, 'This request was already decided');
      if (approve && session.cancelled === 1)
        throw new AppError('session_cancelled', 409, 'This session was cancelled');
      const now = this.c.now();
      for (const req of rows) {
        if (approve) {
          const enrollmentId = await this.enrolment(trx, cohort.id, req.participant_id);
          // Her note on the register stays; only the mark changes, made by the head of section who decided.
          await trx
            .insertInto('attendance')
            .values({
              session_id: req.session_id,
              enrollment_id: enrollmentId,
              status: req.status_wanted,
              note_ct: null,
              marked_by: this.c.actorId(),
              marked_at: now,
            })
            .onConflict((oc) =>
              oc
                .columns(['session_id', 'enrollment_id'])
                .doUpdateSet({ status: req.status_wanted, marked_by: this.c.actorId(), marked_at: now }),
            )
            .execute();
        }
        await this.people.changeAudited(
          trx,
          req.participant_id,
          approve ? 'attendance.correction_approve' : 'attendance.correction_decline',
          { sessionId: req.session_id, batchId },
          { type: 'attendance_correction', id: req.id },
        );
      }
      if (approve) await raiseAttendanceVersion(trx, head.session_id);
      if (approve)
        // The same trace as her own correction on the register, with the request it came from.
        await this.c.auditInTx(trx, {
          action: 'attendance.write',
          resourceType: 'session',
          resourceId: head.session_id,
          outcome: 'success',
          detail: { marked: rows.length, cleared: 0, correctionId: batchId },
        });
      return { id: batchId, status, count: rows.length };
    });
  }
}
