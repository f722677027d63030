// Corrections of attendance after it locks. Whoever marks a session asks for one participant's mark to be changed,
// with a reason (sealed under her key); the head of section of the cohort's region approves — the mark changes in
// the same unit of work, audited as her own correction would be — or declines, once, whoever else decides at the
// same moment. One open request per session and participant (a partial unique index); nobody decides her own.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { CohortAccess } from '../../kernel/cohort-access.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { isSecondPerson } from '../../policy/index.ts';
import { officeToday } from '../../clock.ts';
import { nextVersion, transact } from '../../db/write.ts';
import type { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import { attendanceLocked } from './rules.ts';

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
   * Asks for one participant's mark on a locked session to be corrected. Before the lock there is nothing to ask:
   * the register is still open (409 correction_not_needed).
   */
  async request(sessionId: string, b: { participantId: string; status: AttendanceStatus; reason: string }) {
    return transact(this.db, async (trx) => {
      const { session, cohort } = await this.session(trx, sessionId, 'attendance.mark');
      if (session.cancelled === 1) throw new AppError('session_cancelled', 409, 'This session was cancelled');
      if (!attendanceLocked(session.date, officeToday(this.c.s.clock)))
        throw new AppError(
          'correction_not_needed',
          409,
          'Attendance of this session is still open: change it on the register',
        );
      const enrollmentId = await this.enrolment(trx, cohort.id, b.participantId);
      const mark = await trx
        .selectFrom('attendance')
        .select('status')
        .where('session_id', '=', sessionId)
        .where('enrollment_id', '=', enrollmentId)
        .executeTakeFirst();
      if (mark?.status === b.status)
        throw new AppError('validation_failed', 400, 'This is already her mark', [
          { field: 'body.status', message: 'Same as the mark on the register', code: 'unchanged' },
        ]);
      const her = await trx
        .selectFrom('participants')
        .select(['id', 'dek_wrapped'])
        .where('id', '=', b.participantId)
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      // Sent twice (two tabs, a double tap): the partial unique index keeps one open request per session and
      // participant, and the second is told so (409 correction_pending, from conflictFromDb).
      await trx
        .insertInto('attendance_corrections')
        .values({
          id,
          session_id: sessionId,
          participant_id: b.participantId,
          status_before: mark?.status ?? null,
          status_wanted: b.status,
          reason_ct: this.people.key(her).seal('attendance_corrections', 'reason', id, b.reason),
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
        b.participantId,
        'attendance.correction_request',
        { sessionId },
        { type: 'attendance_correction', id },
      );
      return { id, status: 'PENDING' as const };
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

  /**
   * The head of section of the cohort's region approves or declines a request, once: the status moves from
   * PENDING in the statement itself, so of two decisions at once the second is told it was already decided (409).
   * Approving changes her mark in the same unit of work; a refusal on the way (cancelled session, no longer
   * enrolled) undoes the decision too.
   */
  async decide(requestId: string, approve: boolean) {
    return transact(this.db, async (trx) => {
      const req = await trx
        .selectFrom('attendance_corrections')
        .selectAll()
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!req) throw notFound();
      const { session, cohort } = await this.session(trx, req.session_id, 'attendance.override_lock');
      const actor = this.c.actor;
      if (actor && !isSecondPerson(actor, req.requested_by))
        throw new AppError('second_person_required', 403, 'Someone else decides the correction you asked for');
      const status: Decision = approve ? 'APPROVED' : 'DECLINED';
      const claimed = await trx
        .updateTable('attendance_corrections')
        .set({ status, decided_by: this.c.actorId(), decided_at: this.c.now(), version: nextVersion })
        .where('id', '=', requestId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('already_decided', 409, 'This request was already decided');
      if (approve) {
        if (session.cancelled === 1) throw new AppError('session_cancelled', 409, 'This session was cancelled');
        const enrollmentId = await this.enrolment(trx, cohort.id, req.participant_id);
        const now = this.c.now();
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
        // The same trace as her own correction on the register, with the request it came from.
        await this.c.auditInTx(trx, {
          action: 'attendance.write',
          resourceType: 'session',
          resourceId: req.session_id,
          outcome: 'success',
          detail: { marked: 1, cleared: 0, correctionId: requestId },
        });
      }
      await this.people.changeAudited(
        trx,
        req.participant_id,
        approve ? 'attendance.correction_approve' : 'attendance.correction_decline',
        { sessionId: req.session_id },
        { type: 'attendance_correction', id: requestId },
      );
      return { id: requestId, status };
    });
  }
}
