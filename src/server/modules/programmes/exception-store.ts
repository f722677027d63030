// Exceptions to a programme's completion rule. The head of section grants one enrolled participant an exception,
// with a reason sealed under her key, when the evaluation failed her (an excused absence from a mandatory session,
// an illness); the office's approver of exceptions (default the Kepala Bidang, decision 022) confirms or declines
// it, once, never the one who granted it, and a decision taken as Plh./Plt. records the delegation. A confirmed
// exception makes her pass the evaluation. Everything happens before the cohort's graduation is confirmed, under
// the cohort's row lock, so a confirmation never passes over an exception being asked for or decided.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { CohortAccess } from '../../kernel/cohort-access.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { actingAsOf } from '../../kernel/approvals.ts';
import { AppError, notFound } from '../../errors.ts';
import { approvalUnder, isSecondPerson } from '../../policy/index.ts';
import { nextVersion, transact, updateVersioned } from '../../db/write.ts';
import type { GRADUATION_EXCEPTION_STATUSES } from '../../../shared/programme-api.ts';
import { type CompletionResult, withException } from './rules.ts';

type Executor = Kysely<Database> | Transaction<Database>;
type Status = (typeof GRADUATION_EXCEPTION_STATUSES)[number];

export class GraduationExceptionStore {
  private readonly people: ParticipantAccess;
  private readonly cohorts: CohortAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
    this.cohorts = new CohortAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private async enrolment(exec: Executor, id: string) {
    const e = await exec.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) throw notFound();
    return e;
  }

  /**
   * The head of section grants her an exception. Only for an enrolment whose evaluation failed her (409
   * graduation_not_evaluated before it, exception_not_needed when she passes or is no longer enrolled), before
   * graduation is confirmed; one waiting or confirmed per enrolment (409 exception_exists, the partial unique index).
   */
  async grant(enrollmentId: string, reason: string) {
    return transact(this.db, async (trx) => {
      const found = await this.enrolment(trx, enrollmentId);
      const { cohort } = await this.cohorts.loadFor(trx, found.cohort_id, 'graduation.exception_request');
      // Read again under the cohort's lock: an evaluation meanwhile is ordered before this.
      const e = await this.enrolment(trx, enrollmentId);
      if (cohort.graduation_confirmed_at)
        throw new AppError('graduation_confirmed', 409, 'Graduation of this cohort is already confirmed');
      if (e.status !== 'ENROLLED')
        throw new AppError('exception_not_needed', 409, 'She is not enrolled in this cohort any more');
      if (!e.result) throw new AppError('graduation_not_evaluated', 409, 'Evaluate the cohort first');
      if ((JSON.parse(e.result) as CompletionResult).passed)
        throw new AppError('exception_not_needed', 409, 'She meets the completion rule: no exception is needed');
      const her = await trx
        .selectFrom('participants')
        .select(['id', 'dek_wrapped'])
        .where('id', '=', e.participant_id)
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      await trx
        .insertInto('graduation_exceptions')
        .values({
          id,
          cohort_id: cohort.id,
          enrollment_id: e.id,
          participant_id: e.participant_id,
          reason_ct: this.people.key(her).seal('graduation_exceptions', 'reason', id, reason),
          status: 'PENDING',
          requested_by: this.c.actorId(),
          requested_at: this.c.now(),
          decided_by: null,
          decided_at: null,
          decided_delegation_id: null,
          version: 1,
        })
        .execute();
      await this.people.changeAudited(
        trx,
        e.participant_id,
        'graduation.exception_request',
        { cohortId: cohort.id, enrollmentId: e.id },
        { type: 'graduation_exception', id },
      );
      return { id, status: 'PENDING' as Status };
    });
  }

  /** A cohort's exceptions, oldest first, with their reasons: for the head of section and the approver; audited. */
  async listForCohort(cohortId: string) {
    await this.cohorts.loadFor(this.db, cohortId, 'graduation.exception_read');
    const rows = await this.db
      .selectFrom('graduation_exceptions as x')
      .innerJoin('participants as p', 'p.id', 'x.participant_id')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .innerJoin('users as r', 'r.id', 'x.requested_by')
      .leftJoin('users as d', 'd.id', 'x.decided_by')
      .select([
        'x.id',
        'x.enrollment_id',
        'x.participant_id',
        'x.status',
        'x.reason_ct',
        'x.requested_at',
        'x.decided_at',
        'x.decided_delegation_id',
        'p.dek_wrapped',
        'e.result',
        'r.id as requester_id',
        'r.name as requester_name',
        'r.username as requester_username',
        'd.id as decider_id',
        'd.name as decider_name',
        'd.username as decider_username',
      ])
      .where('x.cohort_id', '=', cohortId)
      .orderBy('x.requested_at')
      .orderBy('x.id')
      .execute();
    const names = await this.people.codesAndNames(
      this.db,
      rows.map((r) => r.participant_id),
    );
    const items = [];
    for (const r of rows)
      items.push({
        id: r.id,
        enrollmentId: r.enrollment_id,
        participantId: r.participant_id,
        code: names.get(r.participant_id)?.code ?? '',
        preferredName: names.get(r.participant_id)?.preferredName ?? '—',
        status: r.status,
        result: r.result ? (JSON.parse(r.result) as CompletionResult) : null,
        // Her key is gone once she is erased: the exception still shows, without its reason.
        reason:
          r.reason_ct && r.dek_wrapped !== ERASED
            ? this.people
                .key({ id: r.participant_id, dek_wrapped: r.dek_wrapped })
                .openText('graduation_exceptions', 'reason', r.id, r.reason_ct)
            : null,
        requestedBy: { id: r.requester_id, name: r.requester_name ?? r.requester_username },
        requestedAt: r.requested_at,
        decidedBy: r.decider_id ? { id: r.decider_id, name: r.decider_name ?? r.decider_username ?? '' } : null,
        decidedAt: r.decided_at,
        actingAs: await actingAsOf(this.db, r.decided_delegation_id),
      });
    await this.c.record(
      this.c.event({
        action: 'graduation.exception_list',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        detail: { count: items.length, participantIds: items.map((i) => i.participantId) },
      }),
    );
    return items;
  }

  /**
   * The approver confirms or declines, once: the status moves from PENDING in the statement itself, so of two
   * decisions at once the second is told it was already decided (409). Never the one who granted it (403
   * second_person_required). Confirming makes her evaluation a pass in the same unit of work.
   */
  async decide(exceptionId: string, approve: boolean) {
    return transact(this.db, async (trx) => {
      const x = await trx
        .selectFrom('graduation_exceptions')
        .selectAll()
        .where('id', '=', exceptionId)
        .executeTakeFirst();
      if (!x) throw notFound();
      const { cohort } = await this.cohorts.loadFor(trx, x.cohort_id, 'graduation.exception_confirm');
      const actor = this.c.actor;
      if (actor && !isSecondPerson(actor, x.requested_by))
        throw new AppError('second_person_required', 403, 'Someone else confirms the exception you granted');
      if (x.status === 'PENDING' && cohort.graduation_confirmed_at)
        throw new AppError('graduation_confirmed', 409, 'Graduation of this cohort is already confirmed');
      const status: Status = approve ? 'CONFIRMED' : 'DECLINED';
      // Taken as Plh./Plt. of the approver: the decision records the delegation.
      const delegationId = actor ? approvalUnder(actor, 'exception') : null;
      const claimed = await trx
        .updateTable('graduation_exceptions')
        .set({
          status,
          decided_by: this.c.actorId(),
          decided_at: this.c.now(),
          decided_delegation_id: delegationId,
          version: nextVersion,
        })
        .where('id', '=', exceptionId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('already_decided', 409, 'This exception was already decided');
      if (approve) {
        const e = await this.enrolment(trx, x.enrollment_id);
        if (e.status === 'ENROLLED' && e.result)
          await updateVersioned(trx, 'enrollments', e.id, e.version, {
            result: JSON.stringify(withException(JSON.parse(e.result) as CompletionResult)),
            updated_at: this.c.now(),
          });
      }
      await this.people.changeAudited(
        trx,
        x.participant_id,
        approve ? 'graduation.exception_confirm' : 'graduation.exception_decline',
        { cohortId: x.cohort_id, enrollmentId: x.enrollment_id, delegationId },
        { type: 'graduation_exception', id: exceptionId },
      );
      return { id: exceptionId, status };
    });
  }
}
