// Data-protection operations (UU 27/2022): her copy of everything held, erasure by destroying her data key
// (crypto-shredding), legal holds, the access report for breach response, and retention.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError } from '../../errors.ts';
import { transact, updateVersioned } from '../../db/write.ts';
import { IDEMPOTENCY_FORGOTTEN } from '../../db/schema.ts';

export class ProtectionStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private async logRequest(
    exec: Parameters<ParticipantAccess['loadFor']>[0],
    participantId: string,
    kind: string,
    outcome: string,
    note: string | null,
  ) {
    await exec
      .insertInto('rights_requests')
      .values({
        id: randomUUID(),
        participant_id: participantId,
        kind,
        received_at: this.c.now(),
        completed_at: this.c.now(),
        outcome,
        note,
        handled_by: this.c.actorId(),
      })
      .execute();
  }

  /** Everything held about her, for her (access right), with the log of who processed it. */
  async export(participantId: string) {
    const { row } = await this.people.loadFor(this.db, participantId, 'protection.export');
    if (row.dek_wrapped === ERASED)
      throw new AppError('erased', 410, 'Her identifying data was erased; only statistics remain');
    const key = this.people.key(row);
    const identity = JSON.parse(key.openText('participants', 'identity', row.id, row.identity_ct)) as Record<
      string,
      unknown
    >;
    const consents = await this.db
      .selectFrom('consents')
      .select(['purpose', 'status', 'method', 'language', 'given_at', 'expires_at', 'withdrawn_at'])
      .where('participant_id', '=', participantId)
      .orderBy('recorded_at')
      .execute();
    const events = await this.db
      .selectFrom('stage_events')
      .select(['id', 'kind', 'from_stage', 'to_stage', 'reason_ct', 'closure_reason', 'at'])
      .where('participant_id', '=', participantId)
      .orderBy('ordinal')
      .execute();
    const notes = await this.db
      .selectFrom('notes')
      .select(['id', 'type', 'body_ct', 'created_at'])
      .where('participant_id', '=', participantId)
      .orderBy('created_at')
      .execute();
    const assessments = await this.db
      .selectFrom('assessments')
      .select(['version', 'answers_ct', 'srq20_score', 'confirmed_risk', 'assessed_at'])
      .where('participant_id', '=', participantId)
      .orderBy('version')
      .execute();
    const enrollments = await this.db
      .selectFrom('enrollments as e')
      .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
      .select(['c.name', 'c.start_date', 'c.end_date', 'e.status', 'e.track'])
      .where('e.participant_id', '=', participantId)
      .execute();
    const processing = await this.accessReportRows(participantId);
    await transact(this.c.db, async (trx) => {
      await this.logRequest(trx, participantId, 'ACCESS', 'COMPLETED', null);
      await this.people.changeAudited(trx, participantId, 'protection.export');
    });
    return {
      code: row.code,
      region: row.region_code,
      category: row.category,
      stage: row.stage,
      registeredAt: row.created_at,
      identity,
      consents,
      stages: events.map((e) => ({
        kind: e.kind,
        from: e.from_stage,
        to: e.to_stage,
        reason: e.reason_ct ? key.openText('stage_events', 'reason', e.id, e.reason_ct) : null,
        closureReason: e.closure_reason,
        at: e.at,
      })),
      // Professional notes are part of her record; psychological notes are withheld from the copy (they can
      // be given through the psychologist, who may refuse where they would harm her or reveal others).
      notes: notes.map((n) =>
        n.type === 'PSYCHOLOGICAL'
          ? { type: n.type, createdAt: n.created_at, body: null, withheld: true }
          : {
              type: n.type,
              createdAt: n.created_at,
              body: key.openText('notes', 'body', n.id, n.body_ct),
              withheld: false,
            },
      ),
      assessments: assessments.map((a) => ({
        version: a.version,
        assessedAt: a.assessed_at,
        srq20Score: a.srq20_score,
        risk: a.confirmed_risk,
        answers: JSON.parse(
          key.openText('assessments', 'answers', `${participantId}:${a.version}`, a.answers_ct),
        ) as unknown,
      })),
      enrollments,
      processingLog: processing,
    };
  }

  /** Legal hold: blocks erasure and retention while a legal process needs the record (reason required). */
  async setLegalHold(participantId: string, reason: string | null) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'protection.legal_hold');
      await updateVersioned(trx, 'participants', participantId, row.version, {
        legal_hold_reason: reason,
        updated_at: this.c.now(),
      });
      await this.logRequest(trx, participantId, 'LEGAL_HOLD', 'COMPLETED', reason ? 'set' : 'lifted');
      await this.people.changeAudited(trx, participantId, 'protection.legal_hold', { active: reason !== null });
    });
    return { legalHold: reason };
  }

  /**
   * Erasure by crypto-shredding: her data key, blind indexes, name tokens, files and her outreach alias are
   * destroyed; what remains (region, category, stage, enrolments, attendance marks) counts in statistics
   * and points to nobody.
   */
  async erase(participantId: string, reason: 'REQUEST' | 'CONSENT_WITHDRAWN' | 'RETENTION', _note?: string) {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'protection.erase');
      if (row.dek_wrapped === ERASED) throw new AppError('erased', 410, 'Already erased');
      if (row.legal_hold_reason) {
        throw new AppError('legal_hold', 409, `A legal hold blocks erasure: ${row.legal_hold_reason}`);
      }
      const now = this.c.now();
      await updateVersioned(trx, 'participants', participantId, row.version, {
        dek_wrapped: ERASED,
        identity_ct: '',
        preferred_name_ct: '',
        nik_index: null,
        held_nik_index: null,
        name_dob_index: `erased:${participantId}`,
        erased_at: now,
        updated_at: now,
      });
      await trx.deleteFrom('participant_name_tokens').where('participant_id', '=', participantId).execute();
      await trx.deleteFrom('attachments').where('participant_id', '=', participantId).execute();
      await trx
        .updateTable('prospects')
        .set({ alias_ct: null, alias_index: null })
        .where('participant_id', '=', participantId)
        .execute();
      // Stored replies of retried requests are sealed with a system key and may quote her: forget them all. The
      // keys stay, marked forgotten, so that a retry is told it was done instead of doing it a second time.
      await trx
        .updateTable('idempotency_keys')
        .set({ status: IDEMPOTENCY_FORGOTTEN, body: '' })
        .where('status', '!=', IDEMPOTENCY_FORGOTTEN)
        .execute();
      await this.logRequest(trx, participantId, 'ERASURE', 'COMPLETED', reason);
      await this.people.changeAudited(trx, participantId, 'protection.erase', { reason });
    });
    this.c.s.dataKeys.forget(participantId);
    // Push the change out of the write-ahead log / dead rows so the old wrapped key is not left on disk.
    if (this.c.s.db.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
    else await sql`VACUUM participants`.execute(this.db);
    // Again: a read that loaded her row before the erasure committed may have unwrapped her key since.
    this.c.s.dataKeys.forget(participantId);
    const after = await this.db
      .selectFrom('participants')
      .select(['id', 'code', 'erased_at'])
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    return { id: after.id, code: after.code, erasedAt: after.erased_at };
  }

  private async accessReportRows(participantId: string) {
    const rows = await this.db
      .selectFrom('audit_log as a')
      // Her copy names the staff by their names: the log keeps the username, the account the name.
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select([
        'a.seq',
        'a.at',
        'a.actor',
        'u.name as actor_name',
        'a.action',
        'a.outcome',
        'a.resource_type',
        'a.request_id',
      ])
      .where((eb) =>
        eb.or([
          eb('a.resource_id', '=', participantId),
          eb('a.detail', 'like', `%"participantId":"${participantId}"%`),
        ]),
      )
      .orderBy('a.seq')
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor,
      /** Her name, else the username (or the system job) the log recorded. */
      actorName: r.actor_name?.trim() || r.actor,
      action: r.action,
      outcome: r.outcome,
      resourceType: r.resource_type,
      requestId: r.request_id,
    }));
  }

  /** Breach response: who read or changed her data, and when. */
  async accessReport(participantId: string) {
    await this.people.loadFor(this.db, participantId, 'protection.access_report');
    const items = await this.accessReportRows(participantId);
    await this.people.readAudited(participantId, 'protection.access_report', { entries: items.length });
    return items;
  }

  /** Cases closed longer than the retention period, not on hold and not yet erased. */
  async dueForRetention(years: number): Promise<{ id: string; code: string; closedAt: string }[]> {
    const cutoff = new Date(this.c.s.clock.now());
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
    const closed = await this.db
      .selectFrom('participants as p')
      .innerJoin('stage_events as e', 'e.participant_id', 'p.id')
      .select(['p.id', 'p.code', (eb) => eb.fn.max('e.at').as('closedAt')])
      .where('p.stage', '=', 'TERMINASI')
      .where('p.erased_at', 'is', null)
      .where('p.legal_hold_reason', 'is', null)
      .where('e.to_stage', '=', 'TERMINASI')
      .where('e.kind', 'in', ['move', 'closure_approved'])
      .groupBy(['p.id', 'p.code'])
      .execute();
    return closed
      .filter((c) => String(c.closedAt) < cutoff.toISOString())
      .map((c) => ({ id: c.id, code: c.code, closedAt: String(c.closedAt) }));
  }

  async runRetention(years: number, dryRun: boolean) {
    const due = await this.dueForRetention(years);
    let anonymised = 0;
    if (!dryRun) {
      for (const d of due) {
        try {
          await this.erase(d.id, 'RETENTION');
          anonymised += 1;
        } catch (err) {
          // Erased meanwhile (by hand, or by an overlapping pass) or put on legal hold meanwhile: nothing to do.
          if (err instanceof AppError && (err.code === 'erased' || err.code === 'legal_hold')) continue;
          throw err;
        }
      }
    }
    return { years, dryRun, anonymised, cases: due.map((d) => ({ code: d.code, closedAt: d.closedAt })) };
  }
}
