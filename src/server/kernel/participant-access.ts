// Her record as every feature reaches it: loaded and authorised in one step (out of scope and absent are the same
// 404), her data key, whether a consent is active today, the code and name a list may show, a stage move that
// follows from work already authorised, and the audit events that name her. Features above participants
// (casework, programmes, aid, follow-ups, protection) stand on this, never on the participants feature's stores.
import { DEFAULT_STAGE_RULES, stageAfterEvent, type StageEvent } from '../../shared/stages.ts';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ParticipantsTable } from '../db/schema.ts';
import { ALL_IDENTITY_FIELDS, identityFieldsFor, type Action, type ParticipantFacts } from '../policy/index.ts';
import type { ParticipantKey } from '../crypto/participant-keys.ts';
import { CONSENT_PURPOSES, type Stage } from '../../shared/codes.ts';
import { compiledOnce } from '../db/connect.ts';
import { lockForUpdate, updateVersioned, whenTransactionEnds } from '../db/write.ts';
import { AppError, notFound } from '../errors.ts';
import type { AuditAction, AuditEvent, ResourceType } from '../audit/events.ts';
import type { RepoCore } from './context.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** The data-key column of an erased participant: no key, so no ciphertext of hers can be opened. */
export const ERASED = 'erased';

/** The sealed identity document. */
export interface Identity {
  fullName: string;
  preferredName: string;
  nik: string | null;
  birthDate: string;
  address: string | null;
  phone: string | null;
  emergencyContact: string | null;
}

/** Her record, loaded and authorised: the row and what the policy decides on. */
export interface Her {
  row: ParticipantsTable;
  facts: ParticipantFacts;
}

/** A consent counts on a day when it is given and not expired by then. */
export const isActiveConsent = (c: { status: string; expires_at: string | null }, today: string) =>
  c.status === 'given' && (c.expires_at === null || c.expires_at >= today);

export type ConsentRow = { purpose: string; status: string; expires_at: string | null };
const NO_CONSENTS: Readonly<Record<string, boolean>> = Object.freeze(
  Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, false])),
);
const consentsOf = compiledOnce((db, participantId: string) =>
  db.selectFrom('consents').select(['purpose', 'status', 'expires_at']).where('participant_id', '=', participantId),
);

export class ParticipantAccess {
  constructor(private readonly c: RepoCore) {}

  /**
   * Her row and the facts the policy decides on, unchecked. Inside a unit of work her row is locked (PostgreSQL)
   * until it commits: every change to her case (a consent, a stage move, an enrolment, an assessment …) is
   * decided on her current state, one at a time.
   */
  async load(exec: Executor, id: string): Promise<Her | null> {
    const q = exec.selectFrom('participants').selectAll().where('id', '=', id);
    const row = await lockForUpdate(exec, q).executeTakeFirst();
    if (!row) return null;
    const assigned = await exec
      .selectFrom('participant_assignments')
      .select('user_id')
      .where('participant_id', '=', id)
      .execute();
    return {
      row,
      facts: { type: 'participant', id, regionCode: row.region_code, assignedUserIds: assigned.map((a) => a.user_id) },
    };
  }

  /**
   * Loads and authorises in one step; out of scope and absent are the same 404. A refusal of a record that exists
   * is audited as a look at her that was refused (`refused`), and answered exactly as before.
   */
  async loadFor(exec: Executor, id: string, action: Action): Promise<Her> {
    const found = await this.load(exec, id);
    if (!found) throw notFound();
    try {
      this.c.check(action, found.facts);
    } catch (err) {
      await this.refused(exec, id, action);
      throw err;
    }
    return found;
  }

  /**
   * Records that someone the policy refuses asked for her record (`participant.access_denied`, outcome denied,
   * naming her and what was tried), so that her access report shows the attempt; the caller still gets only the
   * refusal it got before. Outside a transaction the event is durable before the answer. Inside the request's
   * unit of work it is written once the unit has ended (`record`); inside a transaction of its own it is written
   * once that transaction has ended — not before, as the audit writer's own connection would wait on its lock.
   */
  async refused(exec: Executor, id: string, attempted: Action): Promise<void> {
    const event = this.c.event({
      action: 'participant.access_denied',
      resourceType: 'participant',
      resourceId: id,
      outcome: 'denied',
      detail: { attempted },
    });
    if (!exec.isTransaction || this.c.meta.unit) return this.c.record(event);
    const write = () => {
      this.c.s.audit.record(event).catch(() => undefined);
    };
    try {
      whenTransactionEnds(exec, write);
    } catch {
      write(); // a transaction not opened by transact: queued now, committed once the lock is free
    }
  }

  /** Her data key, for records sealed under it. Gone after erasure: nothing of hers opens. */
  key(row: Pick<ParticipantsTable, 'id' | 'dek_wrapped'>): ParticipantKey {
    if (row.dek_wrapped === ERASED)
      throw new AppError('erased', 410, 'Her identifying data was erased; only statistics remain');
    return this.c.s.dataKeys.unwrap(row.id, row.dek_wrapped);
  }

  openIdentity(row: ParticipantsTable, key = this.key(row)): Identity {
    return JSON.parse(key.openText('participants', 'identity', row.id, row.identity_ct)) as Identity;
  }

  /** Her name as the actor may see it: the full name where the policy shows it, else the name she goes by. */
  shownName(row: ParticipantsTable): string | null {
    if (row.dek_wrapped === ERASED) return null;
    const fields = this.c.actor ? identityFieldsFor(this.c.actor) : ALL_IDENTITY_FIELDS;
    if (!fields.includes('fullName') && !fields.includes('preferredName')) return null;
    const idn = this.openIdentity(row);
    return fields.includes('fullName') ? idn.fullName : idn.preferredName;
  }

  /** Which purposes she has consented to, as of today in the office's zone. */
  consentMap(rows: ConsentRow[]): Record<string, boolean> {
    const today = this.c.today();
    const out: Record<string, boolean> = { ...NO_CONSENTS };
    for (const r of rows) if (isActiveConsent(r, today)) out[r.purpose] = true;
    return out;
  }

  async activeConsents(exec: Executor, id: string): Promise<Record<string, boolean>> {
    return this.consentMap(await consentsOf(exec, id));
  }

  /** Whether a purpose is consented to now (features ask before they act: referrals, photos, follow-up). */
  async hasActiveConsent(id: string, purpose: string, exec: Executor = this.c.db): Promise<boolean> {
    return (await this.activeConsents(exec, id))[purpose] === true;
  }

  /** Code and preferred name: what a trainer's list may show. */
  async codesAndNames(exec: Executor, ids: string[]): Promise<Map<string, { code: string; preferredName: string }>> {
    const out = new Map<string, { code: string; preferredName: string }>();
    if (ids.length === 0) return out;
    const rows = await exec
      .selectFrom('participants')
      .select(['id', 'code', 'preferred_name_ct', 'dek_wrapped'])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows)
      out.set(r.id, {
        code: r.code,
        preferredName:
          r.dek_wrapped === ERASED
            ? '—'
            : this.key(r).openText('participants', 'preferred_name', r.id, r.preferred_name_ct),
      });
    return out;
  }

  /** Events of one participant are numbered in order (writers of one participant serialise on her row). */
  async nextOrdinal(trx: Executor, id: string): Promise<number> {
    const row = await trx
      .selectFrom('stage_events')
      .select((eb) => eb.fn.max('ordinal').as('m'))
      .where('participant_id', '=', id)
      .executeTakeFirst();
    return Number(row?.m ?? 0) + 1;
  }

  /**
   * Moves her case as a consequence of something already authorised (enrolment, graduation, reopening), inside
   * the caller's transaction; skipped when the case is not at the expected stage.
   */
  async followStageInTx(trx: Executor, id: string, expectFrom: Stage, to: Stage, reason: string): Promise<boolean> {
    // Her row is locked (PostgreSQL) before her stage is read: a save of her record meanwhile waits for this
    // unit instead of making it fail, and her consents read next (follow-up scheduling) stay as read.
    const row = await lockForUpdate(
      trx,
      trx.selectFrom('participants').selectAll().where('id', '=', id),
    ).executeTakeFirst();
    if (!row || row.stage !== expectFrom) return false;
    await this.moveStage(trx, row, to, reason);
    return true;
  }

  /**
   * Moves her case as an event of the work says (an approved assessment, an enrolment, a handover …): to the stage
   * the programme's rule names for it (else the office's), when that stage lies ahead of hers (shared/stages.ts).
   * Inside the caller's transaction, after the use case was authorised; returns whether she moved.
   */
  async followEventInTx(
    trx: Executor,
    id: string,
    event: StageEvent,
    reason: string,
    programmeId?: string,
  ): Promise<boolean> {
    const rules = await trx
      .selectFrom('stage_rules')
      .select(['programme_id', 'stage'])
      .where('event', '=', event)
      .where('programme_id', 'in', programmeId ? ['', programmeId] : [''])
      .execute();
    const target = (
      (programmeId ? rules.find((r) => r.programme_id === programmeId) : undefined) ??
      rules.find((r) => r.programme_id === '')
    )?.stage as Stage | undefined;
    const row = await lockForUpdate(
      trx,
      trx.selectFrom('participants').selectAll().where('id', '=', id),
    ).executeTakeFirst();
    if (!row) return false;
    const to = stageAfterEvent(row.stage as Stage, target ?? DEFAULT_STAGE_RULES[event]);
    if (!to) return false;
    await this.moveStage(trx, row, to, reason);
    return true;
  }

  private async moveStage(trx: Executor, row: ParticipantsTable, to: Stage, reason: string): Promise<void> {
    const now = this.c.now();
    const eventId = randomUUID();
    await updateVersioned(trx, 'participants', row.id, row.version, { stage: to, updated_at: now });
    await trx
      .insertInto('stage_events')
      .values({
        id: eventId,
        participant_id: row.id,
        ordinal: await this.nextOrdinal(trx, row.id),
        from_stage: row.stage,
        to_stage: to,
        kind: 'move',
        reason_ct: this.key(row).seal('stage_events', 'reason', eventId, reason),
        closure_reason: null,
        actor_id: this.c.actorId(),
        approved_by: null,
        at: now,
      })
      .execute();
  }

  /**
   * A look at her records, audited before the answer leaves. The event names her: its resource is her record, or
   * the record of hers that was read (`of`: a note, an attachment …), with her id in the detail, so either way it
   * shows in her access report. `detail` never carries personal values.
   */
  readAudited(id: string, action: AuditAction, detail?: AuditEvent['detail'], of?: RecordOfHers): Promise<void> {
    return this.c.record(this.c.event(namingHer(id, action, detail, of)));
  }

  /** A change to her records, audited in the change's own transaction (both commit, or neither); names her as above. */
  changeAudited(
    trx: Executor,
    id: string,
    action: AuditAction,
    detail?: AuditEvent['detail'],
    of?: RecordOfHers,
  ): Promise<void> {
    return this.c.auditInTx(trx, namingHer(id, action, detail, of));
  }
}

/** A record that hangs off her (its type and id), when an event is about it rather than her record itself. */
export interface RecordOfHers {
  type: ResourceType;
  id: string;
}

function namingHer(id: string, action: AuditAction, detail: AuditEvent['detail'] | undefined, of?: RecordOfHers) {
  return {
    action,
    resourceType: of ? of.type : 'participant',
    resourceId: of ? of.id : id,
    outcome: 'success' as const,
    detail: of ? { participantId: id, ...detail } : detail,
  };
}
