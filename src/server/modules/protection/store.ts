// Data-protection operations (UU 27/2022): data-subject requests (her copy of everything held, erasure of her
// identity by destroying her data key — crypto-shredding) as a workflow, legal holds, the access report for breach
// response, and retention.
//
// A request is opened by whoever receives it (a caseworker or head of section from her record, an administrator by
// her code), approved or refused once by a head of section of her region who did not open it, and carried out once
// by an administrator: the request, not her record, is what the administrator is allowed to act on. Carrying out is
// counted per account (a few an hour), and more than a few a day alerts the heads of section of her region.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import { lockForUpdate, transact, updateVersioned } from '../../db/write.ts';
import { page } from '../../db/paging.ts';
import { IDEMPOTENCY_FORGOTTEN, type Database, type ParticipantsTable } from '../../db/schema.ts';
import { isSecondPerson, type Action, type RightsRequestFacts, type ScopeFilter } from '../../policy/index.ts';
import { consumeRate } from '../../http/kit/rate-limit.ts';
import { queueAlertEmails } from '../../notify/email.ts';
import { staffName } from '../../context.ts';
import { formatLocalDate, OFFICE_ZONE } from '../../../shared/calendar.ts';
import { SESSION_TYPE_LABELS, type SessionType } from '../../../shared/codes.ts';
import { whatHappened, whoDidIt, type ReportLang } from './access-words.ts';
import {
  RIGHTS_REQUEST_KINDS,
  type RightsRequestKind,
  type RightsRequestSort,
  type RightsRequestStatus,
  type RightsRequestView,
} from '../../../shared/rights-api.ts';

type Executor = Kysely<Database> | Transaction<Database>;
/** Her copy: everything held about her, with the log of who processed it. */
export type HerCopy = Awaited<ReturnType<ProtectionStore['copyOf']>>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Requests one account may open in an hour (naming a participant by her code must not become a way to probe). */
export const OPENS_PER_HOUR = 20;
/** Requests one administrator may carry out in an hour (counted before anything is read, so parallel ones count). */
export const CARRY_OUTS_PER_HOUR = 5;
/** More carried out than this by one account in a day alerts the heads of section (bulk use). */
export const BULK_ALERT_AFTER = 3;

/** What signing everybody out needs of the sign-in sessions (modules/auth/sessions.ts), handed in by the route. */
export interface SessionRevoker {
  revokeAllBut(exec: Executor, keepSessionId: string, scope: ScopeFilter): Promise<number>;
}

/** A request with what the policy decides on. */
interface LoadedRequest {
  id: string;
  participant_id: string;
  kind: string;
  outcome: string;
  note: string | null;
  handled_by: string;
  region_code: string;
  facts: RightsRequestFacts;
}

/** An erasure's ground, kept in the request's note as a code. */
const groundOf = (note: string | null): 'REQUEST' | 'CONSENT_WITHDRAWN' =>
  note === 'CONSENT_WITHDRAWN' ? 'CONSENT_WITHDRAWN' : 'REQUEST';

/** A stable id from a text (an alert raised once per account, day and region, however many race to raise it). */
function idFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class ProtectionStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }

  private async logRequest(exec: Executor, participantId: string, kind: string, outcome: string, note: string | null) {
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
        decided_by: null,
        decided_at: null,
        carried_out_by: null,
      })
      .execute();
  }

  // ================================================================ data-subject requests
  /**
   * Counts one opening against the account's hour (429 beyond OPENS_PER_HOUR). Called before `openRequest`'s unit
   * of work and outside it: the count is written at once and stays when the opening then fails, and it must not
   * wait on the transaction an Idempotency-Key opens around the work.
   */
  async countOpening(): Promise<void> {
    this.c.check('rights_request.open');
    if (this.c.actor)
      await consumeRate(this.c.s, `rights-open:${this.c.actor.id}`, OPENS_PER_HOUR, HOUR_MS, 'requests opened');
  }

  /**
   * Opens a request for her: from her record (participantId, whoever reads it) or from her papers (participantCode,
   * an administrator too, within her regions). One open request of a kind per participant (409 request_pending).
   * The caller has counted it first (`countOpening`).
   */
  async openRequest(b: {
    participantId?: string;
    participantCode?: string;
    kind: RightsRequestKind;
    ground?: 'REQUEST' | 'CONSENT_WITHDRAWN';
  }): Promise<RightsRequestView> {
    this.c.check('rights_request.open');
    let participantId = b.participantId;
    if (b.participantCode) {
      const found = await this.db
        .selectFrom('participants')
        .select('id')
        .where('code', '=', b.participantCode)
        .executeTakeFirst();
      if (!found) throw notFound();
      participantId = found.id;
    }
    const id = randomUUID();
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId!, 'rights_request.open');
      if (row.dek_wrapped === ERASED)
        throw new AppError('erased', 410, 'Her identifying data was erased; only statistics remain');
      await trx
        .insertInto('rights_requests')
        .values({
          id,
          participant_id: row.id,
          kind: b.kind,
          received_at: this.c.now(),
          completed_at: null,
          outcome: 'PENDING',
          note: b.kind === 'ERASURE' ? (b.ground ?? 'REQUEST') : null,
          handled_by: this.c.actorId(),
          decided_by: null,
          decided_at: null,
          carried_out_by: null,
        })
        .execute();
      await this.people.changeAudited(trx, row.id, 'protection.request_open', { requestId: id, kind: b.kind });
    });
    return this.viewOf(id);
  }

  /** Requests in her scope (her regions; those she opened), newest first; audited with the participants shown. */
  /**
   * One page of the requests in the asker's scope, in a whitelisted order (never her name: it is sealed), the
   * request's id breaking ties, with how many match in all.
   */
  async listRequests(f: {
    status?: RightsRequestStatus;
    sort: RightsRequestSort;
    page: number;
    pageSize: number;
  }): Promise<{ items: RightsRequestView[]; total: number }> {
    this.c.check('rights_request.list');
    let q = this.requestQuery();
    if (f.status) q = q.where('r.outcome', '=', f.status);
    const { rows, total } = await page(q, {
      sort: f.sort,
      columns: { receivedAt: 'r.received_at', status: 'r.outcome', kind: 'r.kind', region: 'p.region_code' },
      tieBreak: 'r.id',
      page: f.page,
      pageSize: f.pageSize,
    });
    const items = await this.present(rows);
    await this.c.record(
      this.c.event({
        action: 'protection.request_list',
        resourceType: 'participant',
        outcome: 'success',
        detail: { count: items.length, participantIds: items.map((i) => i.participantIdForAudit) },
      }),
    );
    return { items: items.map(({ participantIdForAudit: _, ...v }) => v), total };
  }

  /** Approves or refuses a request, once: a head of section of her region who did not open it. */
  async decideRequest(id: string, approve: boolean): Promise<RightsRequestView> {
    await transact(this.db, async (trx) => {
      const r = await this.loadRequest(trx, id);
      const actor = this.c.actor;
      if (actor && !isSecondPerson(actor, r.handled_by))
        throw new AppError('second_person_required', 403, 'A request you opened is decided by another head of section');
      this.c.check('rights_request.decide', r.facts);
      const res = await trx
        .updateTable('rights_requests')
        .set({ outcome: approve ? 'APPROVED' : 'REFUSED', decided_by: this.c.actorId(), decided_at: this.c.now() })
        .where('id', '=', id)
        .where('outcome', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        throw new AppError('already_decided', 409, 'This request was already decided');
      await this.people.changeAudited(
        trx,
        r.participant_id,
        approve ? 'protection.request_approve' : 'protection.request_decline',
        { requestId: id, kind: r.kind },
      );
    });
    return this.viewOf(id);
  }

  /**
   * Her copy, for an approved request for it, once: the administrator carries it out. Counted before anything is
   * read (429 beyond CARRY_OUTS_PER_HOUR); the request is marked done in the same transaction as the event that
   * names her and the request, so of two at once only one gets the copy (409 request_completed).
   */
  async carryOutExport(id: string, format: 'pdf' | 'json'): Promise<HerCopy> {
    await this.countCarryOut('protection.export');
    const r = await this.loadRequest(this.db, id, 'protection.export');
    this.assertCarriable(r, 'ACCESS');
    const her = await this.people.load(this.db, r.participant_id);
    if (!her) throw notFound();
    const copy = await this.copyOf(her.row);
    await transact(this.db, async (trx) => {
      await this.complete(trx, id);
      await this.people.changeAudited(trx, r.participant_id, 'protection.export', { requestId: id, format });
    });
    await this.countBulk(r.region_code);
    return copy;
  }

  /** Erases her identity for an approved erasure request, once (a legal hold still blocks it: 409 legal_hold). */
  async carryOutErasure(id: string): Promise<RightsRequestView> {
    await this.countCarryOut('protection.erase');
    let participantId = '';
    let region = '';
    await transact(this.db, async (trx) => {
      const r = await this.loadRequest(trx, id, 'protection.erase');
      this.assertCarriable(r, 'ERASURE');
      const her = await this.people.load(trx, r.participant_id);
      if (!her) throw notFound();
      participantId = r.participant_id;
      region = r.region_code;
      const ground = groundOf(r.note);
      await this.eraseInTx(trx, her.row);
      await this.complete(trx, id);
      await this.people.changeAudited(trx, participantId, 'protection.erase', { reason: ground, requestId: id });
    });
    await this.afterErasure(participantId);
    await this.countBulk(region);
    return this.viewOf(id);
  }

  /** The request's own checks, before anything of hers is read. */
  private assertCarriable(r: LoadedRequest, kind: RightsRequestKind) {
    if (r.kind !== kind)
      throw new AppError(
        'request_kind_mismatch',
        409,
        `This request asks for ${r.kind === 'ACCESS' ? 'her copy' : 'erasure'}`,
      );
    if (r.outcome === 'COMPLETED') throw new AppError('request_completed', 409, 'This request was already carried out');
    if (r.outcome !== 'APPROVED')
      throw new AppError('request_not_approved', 409, 'This request waits for the head of section, or was refused');
  }

  /** Marks the request carried out, only if it still waits for it. */
  private async complete(trx: Executor, id: string) {
    const res = await trx
      .updateTable('rights_requests')
      .set({ outcome: 'COMPLETED', completed_at: this.c.now(), carried_out_by: this.c.actorId() })
      .where('id', '=', id)
      .where('outcome', '=', 'APPROVED')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError('request_completed', 409, 'This request was already carried out');
  }

  /** Only who may carry out requests is counted; the count is taken in the statement that reads it. */
  private async countCarryOut(action: Action) {
    this.c.check(action);
    const actor = this.c.actor;
    if (actor)
      await consumeRate(this.c.s, `rights-carry:${actor.id}`, CARRY_OUTS_PER_HOUR, HOUR_MS, 'requests carried out');
  }

  /**
   * Bulk use: more than BULK_ALERT_AFTER requests carried out by one account in a day raises an alert for the
   * heads of section of her region (once per account, day and region; e-mailed where SMTP is set up).
   */
  private async countBulk(regionCode: string) {
    const actor = this.c.actor;
    if (!actor) return;
    try {
      await consumeRate(this.c.s, `rights-bulk:${actor.id}`, BULK_ALERT_AFTER, DAY_MS);
      return;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'rate_limited')) throw err;
    }
    const now = this.c.now();
    const day = new Date(Math.floor(Date.parse(now) / DAY_MS) * DAY_MS).toISOString();
    let mailed = 0;
    await transact(this.db, async (trx) => {
      const res = await trx
        .insertInto('alerts')
        .values({
          id: idFrom(`bulk_rights_use|${actor.id}|${day}|${regionCode}`),
          kind: 'bulk_rights_use',
          region_code: regionCode,
          resource_type: 'user',
          resource_id: actor.id,
          created_at: now,
          acknowledged_by: null,
          acknowledged_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1)
        mailed = await queueAlertEmails(trx, this.c.s.config, now, { kind: 'bulk_rights_use', regionCode });
    });
    if (mailed > 0) this.c.afterUnit(() => this.c.s.mail?.kick());
  }

  /** Requests with her region and the staff who acted, in the actor's scope (kind 'rights_request'). */
  private requestQuery() {
    const q = this.db
      .selectFrom('rights_requests as r')
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .leftJoin('users as o', 'o.id', 'r.handled_by')
      .leftJoin('users as d', 'd.id', 'r.decided_by')
      .leftJoin('users as x', 'x.id', 'r.carried_out_by')
      .select([
        'r.id',
        'r.participant_id',
        'r.kind',
        'r.outcome',
        'r.note',
        'r.received_at',
        'r.handled_by',
        'r.decided_by',
        'r.decided_at',
        'r.carried_out_by',
        'r.completed_at',
        'p.code',
        'p.region_code',
        'o.username as o_username',
        'o.name as o_name',
        'd.username as d_username',
        'd.name as d_name',
        'x.username as x_username',
        'x.name as x_name',
      ])
      .where('r.kind', 'in', RIGHTS_REQUEST_KINDS);
    return this.c.scoped('rights_request', q, { region: 'p.region_code', openedBy: 'r.handled_by' });
  }

  /** Views of requests: her id and name only for someone who may read her record. */
  private async present(rows: Awaited<ReturnType<ReturnType<ProtectionStore['requestQuery']>['execute']>>) {
    const ids = [...new Set(rows.map((r) => r.participant_id))];
    const readable = new Set<string>();
    if (ids.length > 0 && this.c.scope('participant').kind !== 'none') {
      const found = await this.c
        .scoped('participant', this.db.selectFrom('participants as p').select('p.id').where('p.id', 'in', ids), {
          id: 'p.id',
          region: 'p.region_code',
        })
        .execute();
      for (const f of found) readable.add(f.id);
    }
    const names = await this.people.codesAndNames(this.db, [...readable]);
    const staff = (id: string | null, username: string | null, name: string | null) =>
      id ? { id, name: username ? staffName({ username, name }) : id } : null;
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as RightsRequestKind,
      ground: r.kind === 'ERASURE' ? groundOf(r.note) : null,
      status: r.outcome as RightsRequestStatus,
      participantId: readable.has(r.participant_id) ? r.participant_id : null,
      name: names.get(r.participant_id)?.preferredName ?? null,
      code: r.code,
      regionCode: r.region_code,
      receivedAt: r.received_at,
      openedBy: staff(r.handled_by, r.o_username, r.o_name)!,
      decidedBy: staff(r.decided_by, r.d_username, r.d_name),
      decidedAt: r.decided_at,
      carriedOutBy: staff(r.carried_out_by, r.x_username, r.x_name),
      completedAt: r.completed_at,
      participantIdForAudit: r.participant_id,
    }));
  }

  /** One request as its answer shows it (after a change already audited on her record). */
  private async viewOf(id: string): Promise<RightsRequestView> {
    const row = await this.requestQuery().where('r.id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const [{ participantIdForAudit: _, ...v }] = (await this.present([row])) as [
      RightsRequestView & { participantIdForAudit: string },
    ];
    return v;
  }

  /** A request (locked in a unit of work) and its facts, checked for `action` when given (404 out of scope). */
  private async loadRequest(exec: Executor, id: string, action?: Action): Promise<LoadedRequest> {
    const row = await lockForUpdate(
      exec,
      exec
        .selectFrom('rights_requests as r')
        .innerJoin('participants as p', 'p.id', 'r.participant_id')
        .select(['r.id', 'r.participant_id', 'r.kind', 'r.outcome', 'r.note', 'r.handled_by', 'p.region_code'])
        .where('r.id', '=', id)
        .where('r.kind', 'in', RIGHTS_REQUEST_KINDS),
    ).executeTakeFirst();
    if (!row) throw notFound();
    const facts: RightsRequestFacts = {
      type: 'rights_request',
      id: row.id,
      regionCode: row.region_code,
      openedBy: row.handled_by,
    };
    // Out of her scope: as if absent (whoever may see a request may list requests).
    if (!this.c.allowed('rights_request.list', facts)) throw notFound();
    if (action) this.c.check(action, facts);
    return { ...row, facts };
  }

  // ================================================================ her copy
  /** Everything held about her, for her (access right), with the log of who processed it. */
  private async copyOf(row: ParticipantsTable) {
    const participantId = row.id;
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
    // In the copy's language, Bahasa Indonesia, as its PDF prints it.
    const processing = await this.accessReportRows(participantId, 'id');
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
   * Erasure by crypto-shredding, as system work (retention; the command line): her data key, blind indexes, name
   * tokens, files and her outreach alias are destroyed; what remains (region, category, stage, enrolments,
   * attendance marks) counts in statistics and points to nobody. A person erases only through a request.
   */
  async erase(participantId: string, reason: 'REQUEST' | 'CONSENT_WITHDRAWN' | 'RETENTION') {
    await transact(this.db, async (trx) => {
      const { row } = await this.people.loadFor(trx, participantId, 'protection.erase');
      await this.eraseInTx(trx, row);
      await this.logRequest(trx, participantId, 'ERASURE', 'COMPLETED', reason);
      await this.people.changeAudited(trx, participantId, 'protection.erase', { reason });
    });
    await this.afterErasure(participantId);
    const after = await this.db
      .selectFrom('participants')
      .select(['id', 'code', 'erased_at'])
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    return { id: after.id, code: after.code, erasedAt: after.erased_at };
  }

  /** Destroys what identifies her, in the caller's transaction (her row is locked by whoever loaded it). */
  private async eraseInTx(trx: Executor, row: ParticipantsTable) {
    const participantId = row.id;
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
  }

  /** After an erasure committed: her key leaves memory, and the old wrapped key leaves the files. */
  private async afterErasure(participantId: string) {
    this.c.s.dataKeys.forget(participantId);
    // Push the change out of the write-ahead log / dead rows so the old wrapped key is not left on disk.
    if (this.c.s.db.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
    else await sql`VACUUM participants`.execute(this.db);
    // Again: a read that loaded her row before the erasure committed may have unwrapped her key since.
    this.c.s.dataKeys.forget(participantId);
  }

  /**
   * Every audit entry that names her, oldest first, each in words: entries about her record (resource participant,
   * by the log's resource index) and entries that name her in their detail — a list or a search she appeared in, a
   * paper that printed her name, a refused look (audit_subjects, filled on append). Who: her name (else her
   * username) as the log's rule gives it, with her role and regions.
   */
  private async accessReportRows(participantId: string, lang: ReportLang) {
    const db = this.db;
    const naming = db
      .selectFrom('audit_log')
      .select('seq')
      .where('resource_type', '=', 'participant')
      .where('resource_id', '=', participantId)
      .union(db.selectFrom('audit_subjects').select('seq').where('participant_id', '=', participantId));
    const rows = await db
      .selectFrom('audit_log as a')
      // Her copy names the staff by their names: the log keeps the username, the account the name.
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select([
        'a.seq',
        'a.at',
        'a.actor',
        'a.actor_id',
        'u.name as actor_name',
        'u.role as actor_role',
        'a.action',
        'a.outcome',
        'a.resource_type',
        'a.resource_id',
        'a.request_id',
        'a.detail',
      ])
      .where('a.seq', 'in', naming)
      .orderBy('a.seq')
      .execute();
    const ids = (type: string) => [
      ...new Set(rows.filter((r) => r.resource_type === type && r.resource_id).map((r) => r.resource_id!)),
    ];
    const actorIds = [...new Set(rows.map((r) => r.actor_id).filter((x): x is string => x !== null))];
    const regions = new Map<string, string[]>();
    for (const r of actorIds.length === 0
      ? []
      : await db
          .selectFrom('user_regions')
          .select(['user_id', 'region_code'])
          .where('user_id', 'in', actorIds)
          .orderBy('region_code')
          .execute())
      regions.set(r.user_id, [...(regions.get(r.user_id) ?? []), r.region_code]);
    const cohortIds = ids('cohort');
    const cohorts = new Map(
      (cohortIds.length === 0
        ? []
        : await db.selectFrom('cohorts').select(['id', 'name']).where('id', 'in', cohortIds).execute()
      ).map((c) => [c.id, c.name]),
    );
    const sessionIds = ids('session');
    const sessions = new Map(
      (sessionIds.length === 0
        ? []
        : await db
            .selectFrom('sessions_schedule')
            .select(['id', 'title', 'type', 'date'])
            .where('id', 'in', sessionIds)
            .execute()
      ).map((x) => [
        x.id,
        `“${x.title ?? SESSION_TYPE_LABELS[x.type as SessionType]?.[lang] ?? x.type}” (${lang === 'id' ? formatLocalDate(x.date, OFFICE_ZONE) : x.date})`,
      ]),
    );
    return rows.map((r) => {
      const actorName = r.actor_name?.trim() || r.actor;
      const detail = parseDetail(r.detail);
      return {
        seq: Number(r.seq),
        at: r.at,
        actor: r.actor,
        /** Her name, else the username (or the system job) the log recorded. */
        actorName,
        actorRole: r.actor_role ?? null,
        actorRegions: r.actor_id ? (regions.get(r.actor_id) ?? []) : [],
        action: r.action,
        outcome: r.outcome,
        resourceType: r.resource_type,
        requestId: r.request_id,
        /** Who, in words: name, role and regions (or the system job). */
        who: whoDidIt(
          {
            actorName,
            role: r.actor_role ?? null,
            regions: r.actor_id ? (regions.get(r.actor_id) ?? []) : [],
            system: r.actor_id === null,
          },
          lang,
        ),
        /** What, in words. */
        what: whatHappened(
          {
            action: r.action,
            outcome: r.outcome,
            resourceType: r.resource_type,
            aboutHer: r.resource_type === 'participant' && r.resource_id === participantId,
            detail,
            cohort: r.resource_type === 'cohort' && r.resource_id ? cohorts.get(r.resource_id) : undefined,
            session: r.resource_type === 'session' && r.resource_id ? sessions.get(r.resource_id) : undefined,
          },
          lang,
        ),
      };
    });
  }

  /**
   * Breach response: who read or changed her data, saw her in a list or a search, printed a paper with her name, or
   * was refused her record — and when, in words, in her language (the language her latest consent was explained
   * in, where the report has it; else Bahasa Indonesia) unless the reader asks for the other.
   */
  async accessReport(participantId: string, lang?: ReportLang) {
    await this.people.loadFor(this.db, participantId, 'protection.access_report');
    const language = lang ?? (await this.languageOf(participantId));
    const items = await this.accessReportRows(participantId, language);
    await this.people.readAudited(participantId, 'protection.access_report', { entries: items.length });
    return { language, items };
  }

  /** Her language for the report: that of her latest consent when it is English, else Bahasa Indonesia. */
  private async languageOf(participantId: string): Promise<ReportLang> {
    const latest = await this.db
      .selectFrom('consents')
      .select('language')
      .where('participant_id', '=', participantId)
      .orderBy('recorded_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return latest?.language.toLowerCase().startsWith('en') ? 'en' : 'id';
  }

  /**
   * Breach response: ends every session but the caller's of the accounts within her scope of staff accounts (a
   * province-wide administrator: everybody's; one of a kabupaten/kota: accounts whose every region lies within
   * hers, so never a province-wide colleague's). Audited with how many were ended.
   */
  async revokeSessions(sessions: SessionRevoker, keepSessionId: string): Promise<number> {
    this.c.check('session.revoke_all');
    return transact(this.db, async (trx) => {
      const revoked = await sessions.revokeAllBut(trx, keepSessionId, this.c.scope('user'));
      await this.c.auditInTx(trx, {
        action: 'session.revoke_all',
        resourceType: 'session',
        outcome: 'success',
        detail: { revoked },
      });
      return revoked;
    });
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

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
