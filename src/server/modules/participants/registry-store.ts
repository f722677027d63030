// The register of participants: registration (one, or many in an import's batch), her record as shown to each
// role, its changes, assignment, search and the identified list. Every query carries the actor's scope, identity is
// sealed under her own data key, and every read and write is audited (never with personal values).
import { localDate, OFFICE_ZONE } from '../../../shared/calendar.ts';
import { effectiveDate, enteredLate } from '../../kernel/effective-dates.ts';
import { randomUUID } from 'node:crypto';
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Database, ParticipantsTable } from '../../db/schema.ts';
import type { AuditEvent } from '../../audit/events.ts';
import { compiledOnce } from '../../db/connect.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { ERASED, ParticipantAccess, type ConsentRow, type Identity } from '../../kernel/participant-access.ts';
import { AppError, notFound } from '../../errors.ts';
import {
  identityFieldsFor,
  inRegionScope,
  type IdentityField,
  type ParticipantFacts,
  ALL_IDENTITY_FIELDS,
  assignedOnRegistration,
} from '../../policy/index.ts';
import { newParticipantKey, type ParticipantKey } from '../../crypto/participant-keys.ts';
import { keyProvinceOf, type ProvinceKey } from '../../crypto/province-keys.ts';
import { nameDobIndex, nameTokens, nikIndex, queryTokens } from '../../crypto/blind-index.ts';
import { checkNik, maskNik, normaliseNik } from '../../../shared/nik.ts';
import type { Stage } from '../../../shared/codes.ts';
import type {
  ParticipantCreateBody,
  ParticipantSort,
  ParticipantView,
  IdentityInput,
} from '../../../shared/participants-api.ts';
import { ACTIONS } from '../../policy/index.ts';
import { assertRequiredConsents, checkIdentityNik, participantCode, type Warning } from './rules.ts';
import { IDENTIFIED_REASON_MIN, identifiedReason } from '../../../shared/report-api.ts';
import { nextVersion, transact, updateVersioned } from '../../db/write.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface CreateCtx {
  id: string;
  identity: Identity;
  parts: ReturnType<typeof checkIdentityNik>['parts'];
  warnings: Warning[];
  nikIdx: string | null;
  dupIdx: string;
  now: string;
  today: string;
  /** The day she was registered, as it happened. */
  registeredOn: string;
  /** Entered more than the office's days after that day. */
  enteredLate: boolean;
  setBlocked: (b: { id: string; visible: boolean }) => void;
  /**
   * Her NIK belongs to a participant the registering person may not see: she is registered all the same, held for
   * review (no NIK index of her own until the review decides), answered exactly as a new registration.
   */
  heldFor?: { participantId: string; regionCode: string };
}

// The participant record is the commonest read of all: her row, her consents and her assigned
// staff come back in one statement (JSON sub-selects), compiled once.
// Columns by name, never `p.*`: on PostgreSQL the statement is prepared once per connection, and a prepared
// `*` would fail ("cached plan must not change result type") after another instance's migration adds a column.
const PARTICIPANT_COLUMNS = [
  'id',
  'code',
  'region_code',
  'category',
  'referral_source',
  'participation_basis',
  'stage',
  'sex',
  'has_nik',
  'no_nik_reason',
  'beneficiary_decision_no',
  'beneficiary_decision_date',
  'identity_ct',
  'preferred_name_ct',
  'nik_index',
  'held_nik_index',
  'held_for_review_at',
  'name_dob_index',
  'dek_wrapped',
  'pending_closure_reason',
  'pending_closure_by',
  'pending_closure_at',
  'created_by',
  'created_at',
  'registered_on',
  'updated_at',
  'version',
  'erased_at',
  'legal_hold_reason',
] as const satisfies readonly (keyof ParticipantsTable)[];
type RecordRow = ParticipantsTable & { consent_rows: unknown; staff_rows: unknown };
/**
 * Her record with her consents and assigned staff, one statement. PostgreSQL hands it back as one JSON value:
 * node-postgres describes and converts every column of every result anew (~1 µs a column), and the record has
 * thirty; its columns are text and integers, which JSON carries unchanged.
 */
const participantRecord = async (db: Kysely<Database>, id: string): Promise<RecordRow | undefined> => {
  const rows = await participantRecordRows(db, id);
  const first = rows[0];
  return first && 'record' in first ? (first.record as RecordRow) : (first as RecordRow | undefined);
};
const participantRecordRows = compiledOnce((db, id: string) => {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const record = recordQuery(db, id, postgres ? (pgJsonArrayFrom as typeof sqliteJsonArrayFrom) : sqliteJsonArrayFrom);
  return postgres ? db.selectFrom(record.as('r')).select(sql<RecordRow>`row_to_json(r)`.as('record')) : record;
});
function recordQuery(db: Kysely<Database>, id: string, jsonArrayFrom: typeof sqliteJsonArrayFrom) {
  return db
    .selectFrom('participants as p')
    .select(PARTICIPANT_COLUMNS.map((c) => `p.${c}` as const))
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('consents as c')
          .select(['c.purpose', 'c.status', 'c.expires_at'])
          .whereRef('c.participant_id', '=', 'p.id'),
      ).as('consent_rows'),
      jsonArrayFrom(
        eb
          .selectFrom('participant_assignments as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['u.id', 'u.username', 'u.name', 'u.role'])
          .whereRef('a.participant_id', '=', 'p.id'),
      ).as('staff_rows'),
    ])
    .where('p.id', '=', id);
}
/** The identity fields this role may see, in the view's order (no others are set). */
function shownIdentity(
  fields: readonly IdentityField[],
  idn: Identity,
  row: ParticipantsTable,
): ParticipantView['identity'] {
  const out: Record<string, unknown> = {};
  if (fields.includes('fullName')) out.fullName = idn.fullName;
  if (fields.includes('preferredName')) out.preferredName = idn.preferredName;
  if (fields.includes('nik')) out.nikMasked = idn.nik ? maskNik(idn.nik) : null;
  out.hasNik = row.has_nik === 1;
  out.noNikReason = row.no_nik_reason;
  if (fields.includes('birthDate')) out.birthDate = idn.birthDate;
  if (fields.includes('sex')) out.sex = row.sex;
  if (fields.includes('address')) out.address = idn.address;
  if (fields.includes('phone')) out.phone = idn.phone;
  if (fields.includes('emergencyContact')) out.emergencyContact = idn.emergencyContact;
  return out as ParticipantView['identity'];
}
const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const assignedStaffOf = compiledOnce((db, participantId: string) =>
  db
    .selectFrom('participant_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.id', 'u.username', 'u.name', 'u.role'])
    .where('a.participant_id', '=', participantId)
    .orderBy('u.username'),
);
type StaffRow = { id: string; username: string; name: string | null; role: string };

/** What a search result is made of (search: the query builder's select and the code-order walk alike). */
const SEARCH_COLUMNS = [
  'id',
  'code',
  'region_code',
  'stage',
  'category',
  'registered_on',
  'preferred_name_ct',
  'dek_wrapped',
] as const satisfies readonly (keyof ParticipantsTable)[];
/** A name search with more matches than this may walk the code index on SQLite (search). */
export const NAME_WALK_FROM = 200;
/**
 * The walk is taken while it visits at most this many index entries per match the planner would fetch
 * instead: a step reads the index in order and probes the token index, a fetch is a random table row.
 */
const WALK_STEPS_PER_MATCH = 4;

const PARTICIPANT_ACTIONS = ACTIONS.filter(
  (a) =>
    /^(participant|consent|note|attachment|assessment|caseplan|referral|assignment)\./.test(a) &&
    a !== 'participant.list',
);

/**
 * A search's order: the whitelisted sort, with the code (unique) as the tie-break so pages never overlap. A code
 * search on PostgreSQL orders under the "C" collation so that its LIKE and its order use the one index.
 */
function orderSearch<O>(
  q: SelectQueryBuilder<Database & { p: ParticipantsTable }, 'p', O>,
  sort: ParticipantSort,
  byteCodes: boolean,
) {
  const code = byteCodes ? sql`p.code collate "C"` : sql`p.code`;
  switch (sort) {
    case 'code':
      return q.orderBy(code);
    case '-code':
      return q.orderBy(code, 'desc');
    case 'registeredOn':
      return q.orderBy('p.registered_on').orderBy(code);
    case '-registeredOn':
      return q.orderBy('p.registered_on', 'desc').orderBy(code);
  }
}

/** Reserves `n` consecutive code numbers for a region and year (one upsert); returns the first. */
async function reserveCodes(trx: Transaction<Database>, regionCode: string, year: string, n: number): Promise<number> {
  const seq = await trx
    .insertInto('participant_code_seq')
    .values({ region_code: regionCode, year2: year.slice(2), last: n })
    .onConflict((oc) =>
      oc.columns(['region_code', 'year2']).doUpdateSet((eb) => ({ last: eb('participant_code_seq.last', '+', n) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(seq.last) - n + 1;
}

export class RegistryStore {
  private readonly people: ParticipantAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
  }

  private get db() {
    return this.c.db;
  }
  private get keys() {
    return this.c.s.keys;
  }

  private sealIdentity(key: ParticipantKey, id: string, identity: Identity) {
    return {
      identity_ct: key.seal('participants', 'identity', id, JSON.stringify(identity)),
      preferred_name_ct: key.seal('participants', 'preferred_name', id, identity.preferredName),
    };
  }

  private async writeIndexes(trx: Executor, id: string, identity: Identity) {
    await trx.deleteFrom('participant_name_tokens').where('participant_id', '=', id).execute();
    const tokens = nameTokens(this.keys, [identity.fullName, identity.preferredName]);
    for (let i = 0; i < tokens.length; i += 200) {
      await trx
        .insertInto('participant_name_tokens')
        .values(tokens.slice(i, i + 200).map((token) => ({ token, participant_id: id })))
        .execute();
    }
  }

  /** Adds the actor's scope to a query over participants (aliased p): the one scope filter (kernel/scope.ts). */
  private scoped<O>(q: SelectQueryBuilder<Database & { p: ParticipantsTable }, 'p', O>) {
    return this.c.scoped('participant', q, { id: 'p.id', region: 'p.region_code' });
  }

  private async usernameOf(id: string | null): Promise<string | null> {
    if (!id) return null;
    return (
      (await this.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirst())?.username ?? null
    );
  }

  private canList(facts: ParticipantFacts): string[] {
    return PARTICIPANT_ACTIONS.filter((a) => this.c.allowed(a, facts));
  }

  // ------------------------------------------------------------------ registry
  /** The checks of a registration that need no database: scope, consents, NIK; and its blind indexes. */
  prepareCreate(input: ParticipantCreateBody): CreateCtx {
    const actor = this.c.actor;
    this.c.check('participant.create');
    if (actor && !inRegionScope(actor, input.regionCode)) {
      throw new AppError('forbidden_region', 403, 'You can only register participants in your own regions');
    }
    assertRequiredConsents(input.consents.map((c) => c.purpose));
    const { parts, warnings } = checkIdentityNik(input.identity);
    const identity = identityOf(input.identity);
    const today = this.c.today();
    // Her consents come first: none is given in the future, and she is registered on or after each.
    for (const [i, c] of input.consents.entries()) effectiveDate(`body.consents.${i}.givenAt`, c.givenAt, today);
    const registeredOn = effectiveDate(
      'body.registeredOn',
      input.registeredOn,
      today,
      input.consents.map((c) => ({ date: c.givenAt, what: 'consent' as const })),
    );
    return {
      id: randomUUID(),
      identity,
      parts,
      warnings,
      nikIdx: parts ? nikIndex(this.keys, parts.normalised) : null,
      dupIdx: nameDobIndex(this.keys, identity.fullName, identity.birthDate),
      now: this.c.now(),
      today,
      registeredOn,
      enteredLate: enteredLate(registeredOn, today, this.c.s.config.lateEntryDays),
      setBlocked: () => {},
    };
  }

  async create(
    input: ParticipantCreateBody,
  ): Promise<{ id: string; code: string; version: number; warnings: Warning[] }> {
    const ctx = this.prepareCreate(input);
    // Audited after the transaction ends: a queued audit write cannot run while this transaction holds
    // the (single) SQLite connection.
    let blocked: { id: string; visible: boolean } | null = null;
    ctx.setBlocked = (b) => (blocked = b);
    try {
      return await transact(this.db, (trx) => this.insertInTx(trx, input, ctx));
    } catch (err) {
      const b = blocked as { id: string; visible: boolean } | null;
      if (b) {
        await this.c.record(
          this.c.event({
            action: 'participant.duplicate_blocked',
            resourceType: 'participant',
            resourceId: b.id,
            outcome: 'denied',
            detail: { visible: b.visible },
          }),
        );
      } else if (err instanceof AppError && err.code === 'duplicate_nik') {
        // The same NIK registered at the same moment by someone else: the unique index refused this one.
        await this.c.record(
          this.c.event({
            action: 'participant.duplicate_blocked',
            resourceType: 'participant',
            resourceId: null,
            outcome: 'denied',
            detail: { visible: false, concurrent: true },
          }),
        );
      }
      throw err;
    }
  }

  /** Inserts one registration inside the caller's transaction (an import commits many in one). */
  async insertInTx(trx: Transaction<Database>, input: ParticipantCreateBody, ctx: CreateCtx) {
    const { id, identity, nikIdx, dupIdx, today } = ctx;
    const actor = this.c.actor;
    if (nikIdx) {
      const existing = await trx
        .selectFrom('participants')
        .select('id')
        .where('nik_index', '=', nikIdx)
        .executeTakeFirst();
      if (existing) {
        const found = (await this.people.load(trx, existing.id))!;
        if (this.c.allowed('participant.read', found.facts)) {
          ctx.setBlocked({ id: existing.id, visible: true });
          throw new AppError(
            'duplicate_nik',
            409,
            `A participant with this NIK is already registered (${found.row.code})`,
            { participantId: existing.id, code: found.row.code },
          );
        }
        // Outside her scope nothing tells that the NIK is known: no refusal, no other answer, no other path
        // through the code than a new registration's. The record is held for the other region's head of section.
        ctx.heldFor = { participantId: existing.id, regionCode: found.row.region_code };
      }
    }
    if (!input.acknowledgeDuplicates) {
      const likely = await this.scoped(
        trx.selectFrom('participants as p').select(['p.id', 'p.code']).where('p.name_dob_index', '=', dupIdx),
      ).execute();
      if (likely.length > 0) {
        throw new AppError(
          'possible_duplicate',
          409,
          'A participant with the same name and birth date exists: check before saving',
          {
            matches: likely.map((l) => ({ participantId: l.id, code: l.code })),
          },
        );
      }
    }
    if (input.prospectId) {
      const prospect = await trx
        .selectFrom('prospects')
        .select(['id', 'region_code', 'status'])
        .where('id', '=', input.prospectId)
        .executeTakeFirst();
      if (!prospect || (actor && !inRegionScope(actor, prospect.region_code))) throw notFound();
      if (prospect.status === 'REGISTERED')
        throw new AppError('prospect_registered', 409, 'This prospect is already registered as a participant');
      // Conditional: of two registrations from one prospect at once, only one turns it into a participant.
      const claimed = await trx
        .updateTable('prospects')
        .set({ status: 'REGISTERED', participant_id: id })
        .where('id', '=', input.prospectId)
        .where('status', '!=', 'REGISTERED')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('prospect_registered', 409, 'This prospect is already registered as a participant');
    }
    const year = today.slice(0, 4);
    const code = participantCode(input.regionCode, year, await reserveCodes(trx, input.regionCode, year, 1));
    const rows = this.registrationRows(input, ctx, code, await this.provinceKey(trx, input.regionCode, ctx.now));
    await trx.insertInto('participants').values(rows.participant).execute();
    await this.writeIndexes(trx, id, identity);
    if (rows.assignment) await trx.insertInto('participant_assignments').values(rows.assignment).execute();
    if (rows.assignmentEvent) await trx.insertInto('assignment_events').values(rows.assignmentEvent).execute();
    for (const c of rows.consents) await trx.insertInto('consents').values(c).execute();
    await trx.insertInto('stage_events').values(rows.stageEvent).execute();
    await this.c.s.audit.appendInTx(trx, [rows.event, ...(await this.holdForReview(trx, [ctx]))]);
    return { id, code, version: 1, warnings: this.registrationWarnings(input, ctx) };
  }

  /**
   * The reviews of registrations held as possible duplicates, in their transaction, and the events that put the
   * match on the existing participant's record (every duplicate check that found her is in her history).
   */
  private async holdForReview(
    trx: Transaction<Database>,
    held: Pick<CreateCtx, 'id' | 'now' | 'heldFor'>[],
  ): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (const ctx of held) {
      if (!ctx.heldFor) continue;
      const { id: reviewId } = await trx
        .insertInto('duplicate_reviews')
        .values({
          id: randomUUID(),
          held_participant_id: ctx.id,
          existing_participant_id: ctx.heldFor.participantId,
          region_code: ctx.heldFor.regionCode,
          status: 'PENDING',
          requested_by: this.c.actor?.id ?? 'system',
          requested_at: ctx.now,
          decided_by: null,
          decided_at: null,
          reason: null,
          version: 1,
        })
        // Held again (a changed NIK of a record already reviewed once): the review opens anew.
        .onConflict((oc) =>
          oc.column('held_participant_id').doUpdateSet((eb) => ({
            existing_participant_id: ctx.heldFor!.participantId,
            region_code: ctx.heldFor!.regionCode,
            status: 'PENDING',
            requested_by: this.c.actor?.id ?? 'system',
            requested_at: ctx.now,
            decided_by: null,
            decided_at: null,
            reason: null,
            version: eb('duplicate_reviews.version', '+', 1),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      events.push(
        this.c.event({
          action: 'participant.duplicate_matched',
          resourceType: 'participant',
          resourceId: ctx.heldFor.participantId,
          outcome: 'success',
          detail: { heldParticipantId: ctx.id, reviewId },
        }),
      );
    }
    return events;
  }

  /**
   * The head of section of the existing record's region decides a held registration, once (409
   * duplicate_review_decided after anyone did): the same woman (the held record is closed as her duplicate),
   * different women (the held one is released; her NIK stays without an index, in dispute), or refused (a
   * registration not in good faith: closed). Audited on both records.
   */
  async decideDuplicate(reviewId: string, decision: 'SAME_PERSON' | 'DIFFERENT' | 'REFUSED', reason: string) {
    return transact(this.db, async (trx) => {
      const review = await trx
        .selectFrom('duplicate_reviews')
        .selectAll()
        .where('id', '=', reviewId)
        .executeTakeFirst();
      if (!review) throw notFound();
      // Her record decides who may: the head of section of its region (others get 404/403 as for her record).
      const existing = (await this.people.loadFor(trx, review.existing_participant_id, 'participant.resolve_duplicate'))
        .row;
      const now = this.c.now();
      const actorId = this.c.actorId();
      // Conditional on its state: of two decisions at once, one wins and the other is told.
      const claimed = await trx
        .updateTable('duplicate_reviews')
        .set({ status: decision, decided_by: actorId, decided_at: now, reason, version: nextVersion })
        .where('id', '=', reviewId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('duplicate_review_decided', 409, 'This possible duplicate was already decided');
      const held = (await this.people.load(trx, review.held_participant_id))!.row;
      // Across provinces the existing record's head of section may tell them apart (the held one is released), but
      // not close another province's registration: one case of hers is transferred first (then both are in one
      // province, and its head of section decides). The claim above is undone with the transaction.
      if (decision !== 'DIFFERENT' && keyProvinceOf(held.region_code) !== keyProvinceOf(existing.region_code))
        throw new AppError(
          'duplicate_across_provinces',
          409,
          'The held registration is in another province: transfer one case first, or tell them apart',
        );
      if (decision === 'DIFFERENT') {
        await trx
          .updateTable('participants')
          .set({ held_for_review_at: null, updated_at: now, version: nextVersion })
          .where('id', '=', held.id)
          .execute();
      } else {
        await trx
          .updateTable('participants')
          .set({ held_for_review_at: null, stage: 'TERMINASI', updated_at: now, version: nextVersion })
          .where('id', '=', held.id)
          .execute();
        const eventId = randomUUID();
        await trx
          .insertInto('stage_events')
          .values({
            id: eventId,
            participant_id: held.id,
            ordinal: await this.people.nextOrdinal(trx, held.id),
            from_stage: held.stage,
            to_stage: 'TERMINASI',
            kind: 'move',
            reason_ct: this.people
              .key(held)
              .seal(
                'stage_events',
                'reason',
                eventId,
                decision === 'SAME_PERSON' ? `Data ganda: ${reason}` : `Pendaftaran ditolak: ${reason}`,
              ),
            closure_reason: 'LAINNYA',
            actor_id: actorId,
            approved_by: actorId,
            at: now,
          })
          .execute();
      }
      await this.c.s.audit.appendInTx(
        trx,
        [review.existing_participant_id, held.id].map((participantId) =>
          this.c.event({
            action: 'duplicate.decide',
            resourceType: 'participant',
            resourceId: participantId,
            outcome: 'success',
            detail: { reviewId, decision },
          }),
        ),
      );
      return {
        id: review.id,
        status: decision,
        existingParticipantId: review.existing_participant_id,
        heldCode: held.code,
        requestedAt: review.requested_at,
        decidedAt: now,
      };
    });
  }

  /**
   * Her province's current key, which wraps her data key (decision 044): made on first need, and held (PostgreSQL)
   * until this unit of work commits, so a rotation of that province's key waits for it. A batch asks once a province.
   */
  private async provinceKey(
    trx: Transaction<Database>,
    regionCode: string,
    now: string,
    asked = new Map<string, ProvinceKey>(),
  ): Promise<ProvinceKey> {
    const province = keyProvinceOf(regionCode);
    let key = asked.get(province);
    if (!key) {
      key = await this.c.s.dataKeys.provinces.current(trx, province, now);
      asked.set(province, key);
    }
    return key;
  }

  private registrationWarnings(input: ParticipantCreateBody, ctx: CreateCtx): Warning[] {
    return [
      ...ctx.warnings,
      ...(ctx.today < input.identity.birthDate
        ? [{ code: 'birth_date_future' as const, message: 'The birth date is in the future' }]
        : []),
    ];
  }

  /** The rows one registration writes (her record sealed under a new data key, consents, first stage event) and its audit event. */
  private registrationRows(input: ParticipantCreateBody, ctx: CreateCtx, code: string, wrapping: ProvinceKey) {
    const { id, identity, parts, nikIdx, dupIdx, now } = ctx;
    const actor = this.c.actor;
    const { key, wrapped } = newParticipantKey(wrapping, id);
    const participant: ParticipantsTable = {
      id,
      code,
      region_code: input.regionCode,
      category: input.category,
      referral_source: input.referralSource ?? null,
      participation_basis: input.participationBasis,
      stage: 'PENERIMAAN',
      sex: input.identity.sex,
      has_nik: parts ? 1 : 0,
      no_nik_reason: parts ? null : (input.identity.noNikReason ?? null),
      beneficiary_decision_no: input.beneficiaryDecision?.number ?? null,
      beneficiary_decision_date: input.beneficiaryDecision?.date ?? null,
      ...this.sealIdentity(key, id, { ...identity, nik: parts?.normalised ?? null }),
      nik_index: ctx.heldFor ? null : nikIdx,
      held_nik_index: ctx.heldFor ? nikIdx : null,
      held_for_review_at: ctx.heldFor ? now : null,
      name_dob_index: dupIdx,
      dek_wrapped: wrapped,
      pending_closure_reason: null,
      pending_closure_by: null,
      pending_closure_at: null,
      follow_up_state: null,
      erased_at: null,
      legal_hold_reason: null,
      registered_on: ctx.registeredOn,
      created_by: actor?.id ?? 'system',
      created_at: now,
      updated_at: now,
      version: 1,
    };
    const assignment =
      actor && assignedOnRegistration(actor)
        ? { participant_id: id, user_id: actor.id, assigned_by: actor.id, assigned_at: now }
        : null;
    // Her history of who works on her case begins here: the one who registers her is assigned by that act.
    const assignmentEvent = assignment
      ? {
          id: randomUUID(),
          participant_id: id,
          ordinal: 1,
          user_id: assignment.user_id,
          kind: 'registered',
          actor_id: assignment.user_id,
          at: now,
        }
      : null;
    const consents = input.consents.map((c) => {
      const cid = randomUUID();
      return {
        id: cid,
        participant_id: id,
        purpose: c.purpose,
        status: 'given',
        method: c.method,
        explained_by: c.explainedBy,
        language: c.language,
        given_at: c.givenAt,
        expires_at: c.expiresAt ?? null,
        witness_ct: c.witness ? key.seal('consents', 'witness', cid, c.witness) : null,
        scan_attachment_id: null,
        withdrawn_at: null,
        withdrawn_by: null,
        recorded_by: actor?.id ?? 'system',
        recorded_at: now,
        version: 1,
      };
    });
    const stageEvent = {
      id: randomUUID(),
      participant_id: id,
      ordinal: 1,
      from_stage: null,
      to_stage: 'PENERIMAAN',
      kind: 'registered',
      reason_ct: null,
      closure_reason: null,
      actor_id: actor?.id ?? 'system',
      approved_by: null,
      at: now,
    };
    const event = this.c.event({
      action: 'participant.create',
      resourceType: 'participant',
      resourceId: id,
      outcome: 'success',
      detail: {
        region: input.regionCode,
        consents: input.consents.map((c) => c.purpose),
        hasNik: !!parts,
        ...(ctx.enteredLate ? { registeredOn: ctx.registeredOn, enteredLate: true } : {}),
      },
    });
    return { participant, assignment, assignmentEvent, consents, stageEvent, event };
  }

  /**
   * Registers many people inside the caller's transaction with a few multi-row statements (an import commits
   * thousands at once): the same rows, codes and audit events as insertInTx one by one, in the same order.
   * Someone already registered is skipped, never duplicated: same NIK (here or earlier in the batch), or, for
   * someone without a NIK, the same name and birth date unless `sameNameDob` is 'allow' (acknowledged
   * duplicates). Not for prospects (registration from outreach goes through create). `extraEvents` are
   * appended to the audit after the registrations, in the same append.
   */
  async insertManyInTx(
    trx: Transaction<Database>,
    items: { input: ParticipantCreateBody; ctx: CreateCtx }[],
    opts: { sameNameDob: 'skip' | 'allow'; extraEvents?: (created: number, skipped: number) => AuditEvent[] },
  ): Promise<{ created: { id: string; code: string }[]; skipped: number }> {
    if (items.some((it) => it.input.prospectId)) throw new Error('insertManyInTx does not register prospects');
    const existing = async (column: 'nik_index' | 'name_dob_index', values: string[]) => {
      const found = new Set<string>();
      for (let i = 0; i < values.length; i += 500) {
        const rows = await trx
          .selectFrom('participants')
          .select(column)
          .where(column, 'in', values.slice(i, i + 500))
          .execute();
        for (const r of rows) if (r[column]) found.add(r[column]);
      }
      return found;
    };
    const wanted = [...new Set(items.flatMap((it) => (it.ctx.nikIdx ? [it.ctx.nikIdx] : [])))];
    // A NIK of someone the importer may not see is no reason to skip the row (that would tell her the NIK is
    // known): the row is registered and held for review, as one registration would be.
    const niks = new Set<string>();
    const elsewhere = new Map<string, { participantId: string; regionCode: string }>();
    for (let i = 0; i < wanted.length; i += 500) {
      const slice = wanted.slice(i, i + 500);
      const all = await trx
        .selectFrom('participants')
        .select(['id', 'region_code', 'nik_index'])
        .where('nik_index', 'in', slice)
        .execute();
      const seen = new Set(
        (
          await this.scoped(
            trx.selectFrom('participants as p').select('p.id').where('p.nik_index', 'in', slice),
          ).execute()
        ).map((r) => r.id),
      );
      for (const r of all) {
        if (!r.nik_index) continue;
        if (seen.has(r.id)) niks.add(r.nik_index);
        else elsewhere.set(r.nik_index, { participantId: r.id, regionCode: r.region_code });
      }
    }
    for (const it of items)
      if (it.ctx.nikIdx && elsewhere.has(it.ctx.nikIdx)) it.ctx.heldFor = elsewhere.get(it.ctx.nikIdx);
    const names =
      opts.sameNameDob === 'skip'
        ? await existing('name_dob_index', [...new Set(items.flatMap((it) => (it.ctx.nikIdx ? [] : [it.ctx.dupIdx])))])
        : new Set<string>();
    const todo: typeof items = [];
    for (const it of items) {
      const seen = it.ctx.nikIdx ? niks : opts.sameNameDob === 'skip' ? names : null;
      const idx = it.ctx.nikIdx ?? it.ctx.dupIdx;
      if (seen?.has(idx)) continue;
      seen?.add(idx);
      todo.push(it);
    }
    // Codes: one upsert per region and year reserves a block, handed out in order as one by one would.
    const blocks = new Map<string, { region: string; year: string; n: number; next: number }>();
    for (const { input, ctx } of todo) {
      const k = `${input.regionCode}|${ctx.today.slice(0, 4)}`;
      const b = blocks.get(k) ?? { region: input.regionCode, year: ctx.today.slice(0, 4), n: 0, next: 0 };
      b.n += 1;
      blocks.set(k, b);
    }
    // In key order, so two imports at once take the sequence rows' locks in the same order (no deadlock).
    for (const k of [...blocks.keys()].sort()) {
      const b = blocks.get(k)!;
      b.next = await reserveCodes(trx, b.region, b.year, b.n);
    }
    const participants: ParticipantsTable[] = [];
    const tokens: { token: string; participant_id: string }[] = [];
    const assignments: NonNullable<ReturnType<RegistryStore['registrationRows']>['assignment']>[] = [];
    const assignmentEvents: NonNullable<ReturnType<RegistryStore['registrationRows']>['assignmentEvent']>[] = [];
    const consents: ReturnType<RegistryStore['registrationRows']>['consents'] = [];
    const stageEvents: ReturnType<RegistryStore['registrationRows']>['stageEvent'][] = [];
    const events: AuditEvent[] = [];
    const created: { id: string; code: string }[] = [];
    const provinceKeys = new Map<string, ProvinceKey>();
    for (const { input, ctx } of todo) {
      const b = blocks.get(`${input.regionCode}|${ctx.today.slice(0, 4)}`)!;
      const code = participantCode(input.regionCode, ctx.today.slice(0, 4), b.next++);
      const rows = this.registrationRows(
        input,
        ctx,
        code,
        await this.provinceKey(trx, input.regionCode, ctx.now, provinceKeys),
      );
      participants.push(rows.participant);
      for (const token of nameTokens(this.keys, [ctx.identity.fullName, ctx.identity.preferredName]))
        tokens.push({ token, participant_id: ctx.id });
      if (rows.assignment) assignments.push(rows.assignment);
      if (rows.assignmentEvent) assignmentEvents.push(rows.assignmentEvent);
      consents.push(...rows.consents);
      stageEvents.push(rows.stageEvent);
      events.push(rows.event);
      created.push({ id: ctx.id, code });
    }
    await insertChunked(trx, 'participants', participants);
    await insertChunked(trx, 'participant_name_tokens', tokens);
    await insertChunked(trx, 'participant_assignments', assignments);
    await insertChunked(trx, 'assignment_events', assignmentEvents);
    await insertChunked(trx, 'consents', consents);
    await insertChunked(trx, 'stage_events', stageEvents);
    const skipped = items.length - todo.length;
    const held = await this.holdForReview(
      trx,
      todo.map((t) => t.ctx),
    );
    await this.c.s.audit.appendInTx(trx, [...events, ...held, ...(opts.extraEvents?.(created.length, skipped) ?? [])]);
    return { created, skipped };
  }

  async get(id: string): Promise<ParticipantView> {
    const found = await participantRecord(this.db, id);
    if (!found) throw notFound();
    const { consent_rows, staff_rows, ...row } = found;
    const assigned = fromJson<StaffRow[]>(staff_rows).sort((a, b) =>
      a.username < b.username ? -1 : a.username > b.username ? 1 : 0,
    );
    const facts: ParticipantFacts = {
      type: 'participant',
      id,
      regionCode: row.region_code,
      assignedUserIds: assigned.map((a) => a.id),
    };
    try {
      this.c.check('participant.read', facts);
    } catch (err) {
      await this.people.refused(this.db, id, 'participant.read');
      throw err;
    }
    const view = await this.present(row, facts, assigned, this.people.consentMap(fromJson<ConsentRow[]>(consent_rows)));
    await this.people.readAudited(id, 'participant.read');
    return view;
  }

  private assignedStaff(participantId: string) {
    return assignedStaffOf(this.db, participantId);
  }

  private async present(
    row: ParticipantsTable,
    facts: ParticipantFacts,
    staff?: StaffRow[],
    consentMap?: Record<string, boolean>,
  ): Promise<ParticipantView> {
    const actor = this.c.actor;
    const erased = row.dek_wrapped === ERASED;
    const fields = erased ? [] : actor ? identityFieldsFor(actor) : ALL_IDENTITY_FIELDS;
    const idn: Identity = erased
      ? {
          fullName: '',
          preferredName: '',
          nik: null,
          birthDate: '',
          address: null,
          phone: null,
          emergencyContact: null,
        }
      : this.people.openIdentity(row);
    const consents = consentMap ?? (await this.people.activeConsents(this.db, row.id));
    const assigned = staff ?? (await this.assignedStaff(row.id));
    let photoAttachmentId: string | null = null;
    if (!erased && consents.PHOTO && this.c.allowed('attachment.read', facts)) {
      const photo = await this.db
        .selectFrom('attachments')
        .select('id')
        .where('participant_id', '=', row.id)
        .where('kind', '=', 'PHOTO')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      photoAttachmentId = photo?.id ?? null;
    }
    return {
      id: row.id,
      code: row.code,
      regionCode: row.region_code,
      category: row.category,
      referralSource: row.referral_source,
      participationBasis: row.participation_basis,
      stage: row.stage as Stage,
      identity: shownIdentity(fields, idn, row),
      beneficiaryDecision: row.beneficiary_decision_no
        ? { number: row.beneficiary_decision_no, date: row.beneficiary_decision_date ?? '' }
        : null,
      assigned: assigned.map((u) => ({ id: u.id, username: u.username, name: u.name, role: u.role })),
      consents,
      photoAttachmentId,
      pendingClosure: row.pending_closure_reason
        ? {
            reason: row.pending_closure_reason,
            requestedBy: (await this.usernameOf(row.pending_closure_by)) ?? '',
            requestedAt: row.pending_closure_at ?? '',
          }
        : null,
      registeredOn: row.registered_on,
      enteredLate: enteredLate(
        row.registered_on,
        localDate(row.created_at, OFFICE_ZONE),
        this.c.s.config.lateEntryDays,
      ),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
      erasedAt: row.erased_at,
      legalHold: row.legal_hold_reason,
      can: erased ? [] : this.canList(facts),
    };
  }

  async revealNik(id: string): Promise<string | null> {
    const { row } = await this.people.loadFor(this.db, id, 'participant.reveal_nik');
    const nik = this.people.openIdentity(row).nik;
    await this.people.readAudited(id, 'participant.nik_reveal');
    return nik;
  }

  async update(
    id: string,
    patch: {
      category?: string;
      referralSource?: string | null;
      participationBasis?: string;
      identity?: Partial<Omit<IdentityInput, 'address' | 'phone' | 'emergencyContact'>> & {
        address?: string | null;
        phone?: string | null;
        emergencyContact?: string | null;
      };
      beneficiaryDecision?: { number: string; date: string } | null;
    },
    expectedVersion: number,
  ): Promise<{ view: ParticipantView; warnings: Warning[] }> {
    let warnings: Warning[] = [];
    const result = await transact(this.db, async (trx) => {
      let newIdentity: Identity | null = null;
      let heldReview: CreateCtx['heldFor'];
      const { row, facts } = await this.people.loadFor(trx, id, 'participant.update');
      if (row.version !== expectedVersion) {
        throw new AppError('stale_version', 412, 'This record was changed by someone else; reload and try again', {
          currentVersion: row.version,
        });
      }
      const changed: string[] = [];
      const set: Partial<ParticipantsTable> = {};
      if (patch.category !== undefined && patch.category !== row.category) {
        set.category = patch.category;
        changed.push('category');
      }
      if (patch.referralSource !== undefined && patch.referralSource !== row.referral_source) {
        set.referral_source = patch.referralSource;
        changed.push('referralSource');
      }
      if (patch.participationBasis !== undefined && patch.participationBasis !== row.participation_basis) {
        set.participation_basis = patch.participationBasis;
        changed.push('participationBasis');
      }
      if (patch.beneficiaryDecision !== undefined) {
        set.beneficiary_decision_no = patch.beneficiaryDecision?.number ?? null;
        set.beneficiary_decision_date = patch.beneficiaryDecision?.date ?? null;
        changed.push('beneficiaryDecision');
      }
      if (patch.identity && Object.keys(patch.identity).length > 0) {
        const key = this.people.key(row);
        const before = this.people.openIdentity(row, key);
        const p = patch.identity;
        const next: Identity = {
          fullName: p.fullName ?? before.fullName,
          preferredName:
            p.preferredName ??
            (p.fullName && before.preferredName === firstWord(before.fullName)
              ? firstWord(p.fullName)
              : before.preferredName),
          nik: before.nik,
          birthDate: p.birthDate ?? before.birthDate,
          address: p.address !== undefined ? p.address : before.address,
          phone: p.phone !== undefined ? p.phone : before.phone,
          emergencyContact: p.emergencyContact !== undefined ? p.emergencyContact : before.emergencyContact,
        };
        if (p.nik !== undefined || p.noNikReason !== undefined) {
          const { parts, warnings: w } = checkIdentityNik({
            nik: p.nik,
            noNikReason: p.noNikReason,
            birthDate: next.birthDate,
            sex: p.sex ?? row.sex,
          });
          warnings = w;
          next.nik = parts?.normalised ?? null;
          const idx = parts ? nikIndex(this.keys, parts.normalised) : null;
          let heldFor: CreateCtx['heldFor'];
          if (idx && idx !== row.nik_index) {
            const other = await trx
              .selectFrom('participants')
              .select('id')
              .where('nik_index', '=', idx)
              .executeTakeFirst();
            if (other) {
              const found = (await this.people.load(trx, other.id))!;
              if (this.c.allowed('participant.read', found.facts))
                throw new AppError(
                  'duplicate_nik',
                  409,
                  `Another participant has this NIK (${found.row.code}); the head of section can resolve it`,
                  { participantId: other.id, code: found.row.code },
                );
              // Someone she may not see: saved as any change is, and held for that record's head of section.
              heldFor = { participantId: other.id, regionCode: found.row.region_code };
            }
          }
          if (heldFor) {
            set.held_nik_index = idx;
            set.held_for_review_at = this.c.now();
            heldReview = heldFor;
          }
          set.nik_index = heldFor ? null : idx;
          set.has_nik = parts ? 1 : 0;
          set.no_nik_reason = parts ? null : (p.noNikReason ?? null);
        }
        if (p.sex !== undefined) set.sex = p.sex;
        Object.assign(set, this.sealIdentity(key, id, next));
        set.name_dob_index = nameDobIndex(this.keys, next.fullName, next.birthDate);
        newIdentity = next;
        changed.push(...Object.keys(p).map((k) => `identity.${k}`));
      }
      if (changed.length === 0) return { row, facts };
      // The version is claimed before her search tokens are rewritten: of two saves from one version, the
      // second stops here (412) and never touches the tokens the first is writing.
      await updateVersioned(trx, 'participants', id, expectedVersion, { ...set, updated_at: this.c.now() });
      if (heldReview)
        await this.c.s.audit.appendInTx(
          trx,
          await this.holdForReview(trx, [{ id, now: this.c.now(), heldFor: heldReview }]),
        );
      if (newIdentity) await this.writeIndexes(trx, id, newIdentity);
      await this.people.changeAudited(trx, id, 'participant.update', { fields: changed });
      return (await this.people.load(trx, id))!;
    });
    return { view: await this.present(result.row, result.facts), warnings };
  }

  // ------------------------------------------------------------------ search
  async search(f: {
    q?: string;
    region?: string;
    stage?: string;
    category?: string;
    page: number;
    pageSize: number;
    sort?: ParticipantSort;
  }) {
    this.c.check('participant.list');
    // A search may lag a few seconds (the read replica when one is current; decision 043): a registration
    // leads to her page, read from the primary, not back to the search.
    const db = this.c.lagTolerantDb;
    let q = this.scoped(db.selectFrom('participants as p').select(SEARCH_COLUMNS.map((c) => `p.${c}` as const)));
    let kind = 'filter';
    let nameTokens: string[] = [];
    const byteCodes = this.c.s.db.dialect === 'postgres';
    const text = f.q?.trim() ?? '';
    if (text) {
      const nik = normaliseNik(text);
      if (/^\d{16}$/.test(nik)) {
        kind = 'nik';
        q = q.where('p.nik_index', '=', checkNik(nik).ok ? nikIndex(this.keys, nik) : 'none');
      } else if (/^BRD-[0-9-]*$/i.test(text) || /^\d{4}-\d{2}(-\d{0,4})?$/.test(text)) {
        // A code, with or without its BRD- prefix (region-year-sequence).
        kind = 'code';
        const code = text.toUpperCase().startsWith('BRD-') ? text.toUpperCase() : `BRD-${text}`;
        // PostgreSQL: LIKE and the order under the "C" collation, so that one index (0012) serves both — under
        // the default collation it walked the code index from the start, filtering. Codes are
        // ASCII of one shape, so the order is the same.
        q = byteCodes
          ? q.where(sql<string>`p.code collate "C"`, 'like', `${code}%`)
          : q.where('p.code', 'like', `${code}%`);
      } else {
        kind = 'name';
        const tokens = queryTokens(this.keys, text);
        nameTokens = tokens;
        if (tokens.length === 0) q = q.where((eb) => eb.val(1), '=', 0);
        for (const t of tokens) {
          q = q.where('p.id', 'in', (eb) =>
            eb.selectFrom('participant_name_tokens').select('participant_id').where('token', '=', t),
          );
        }
      }
    }
    if (f.region) q = q.where('p.region_code', '=', f.region);
    if (f.stage) q = q.where('p.stage', '=', f.stage);
    if (f.category) q = q.where('p.category', '=', f.category);
    // A common name prefix matches thousands: with nothing else to filter (everyone recorded is in scope: the
    // whole province of a single-province office), they are counted in the token index alone, without visiting each
    // participant row. Every token row belongs to an existing participant (foreign key), so the count is the same.
    const [first, ...rest] = nameTokens;
    const tokensOnly =
      first !== undefined && !f.region && !f.stage && !f.category && (await this.c.scopeHoldsEveryone('participant'));
    const totalRow = tokensOnly
      ? await rest
          .reduce(
            (tq, t) =>
              tq.where('t.participant_id', 'in', (eb) =>
                eb.selectFrom('participant_name_tokens').select('participant_id').where('token', '=', t),
              ),
            db
              .selectFrom('participant_name_tokens as t')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('t.token', '=', first),
          )
          .executeTakeFirstOrThrow()
      : await q
          .clearSelect()
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
    const total = Number(totalRow.n);
    const offset = (f.page - 1) * f.pageSize;
    // SQLite, a common name with the whole province in scope and no other filter: walk the participants in
    // code order through the (code, id) index, testing each id against the token index, and read only the
    // page's rows. Its planner would otherwise fetch every match to sort them — thousands of rows, each a page
    // read when not in memory. The walk visits about (offset + page size) × participants / matches entries,
    // so a rare name, or a page deep into a common one, is cheaper the planner's way.
    // The walk tests the scope last, on the rows it reads anyway (tokensOnly says everyone recorded was in scope when
    // counted; a participant of another province registered since is still never read).
    const sort = f.sort ?? 'code';
    const walkScope = this.c.scopedCondition('participant', { id: 'p.id', region: 'p.region_code' });
    let walkCodes = false;
    if (sort === 'code' && tokensOnly && !byteCodes && total > NAME_WALK_FROM && offset < total) {
      const n = Number(
        (await sql<{ n: number | null }>`select max(rowid) as n from participants`.execute(db)).rows[0]?.n ?? 0,
      );
      walkCodes = ((offset + f.pageSize) * n) / total <= WALK_STEPS_PER_MATCH * total;
    }
    const rows =
      offset >= total
        ? [] // past the last match: nothing to read
        : walkCodes
          ? (
              await sql<Pick<ParticipantsTable, (typeof SEARCH_COLUMNS)[number]>>`
                select ${sql.join(SEARCH_COLUMNS.map((c) => sql.ref(`p.${c}`)))}
                from participants as p indexed by participants_code_id_idx
                where ${sql.join(
                  nameTokens.map(
                    (t) =>
                      sql`exists (select 1 from participant_name_tokens as t where t.token = ${t} and t.participant_id = p.id)`,
                  ),
                  sql` and `,
                )}${walkScope ? sql` and ${walkScope}` : sql``}
                order by p.code limit ${f.pageSize} offset ${offset}`.execute(db)
            ).rows
          : await orderSearch(q, sort, kind === 'code' && byteCodes)
              .limit(f.pageSize)
              .offset(offset)
              .execute();
    const items = rows.map((r) => ({
      id: r.id,
      code: r.code,
      preferredName:
        r.dek_wrapped === ERASED
          ? '—'
          : this.c.s.dataKeys
              .unwrap(r.id, r.dek_wrapped)
              .openText('participants', 'preferred_name', r.id, r.preferred_name_ct),
      regionCode: r.region_code,
      stage: r.stage,
      category: r.category,
      registeredOn: r.registered_on,
    }));
    await this.c.record(
      this.c.event({
        action: 'participant.search',
        resourceType: 'participant',
        outcome: 'success',
        detail: { kind, count: items.length, participantIds: items.map((i) => i.id) },
      }),
    );
    return { items, total };
  }

  /**
   * The identified participant list of the reports page (report.identified): the asker's scope, narrowed to
   * one kabupaten/kota when asked. A stated reason is required and goes into the audit, once for the list
   * and once on each participant listed (so it shows in her access report). No NIK, address or phone.
   */
  async identifiedList(reason: string | undefined, region: string | undefined) {
    this.c.check('report.identified');
    const stated = identifiedReason.safeParse(reason ?? '');
    if (!stated.success)
      throw new AppError(
        'reason_required',
        400,
        `State why the list is needed (at least ${IDENTIFIED_REASON_MIN} characters)`,
        [{ field: 'querystring.reason', message: 'Required', code: 'too_small' }],
      );
    const actor = this.c.actor;
    if (region && actor && !inRegionScope(actor, region))
      throw new AppError('forbidden_region', 403, 'That region is outside your scope');
    // An export that may lag a few seconds (decision 043); its audit is written on the primary below.
    let q = this.scoped(
      this.c.lagTolerantDb
        .selectFrom('participants as p')
        .select([
          'p.id',
          'p.code',
          'p.region_code',
          'p.stage',
          'p.category',
          'p.created_at',
          'p.identity_ct',
          'p.preferred_name_ct',
          'p.dek_wrapped',
        ]),
    );
    if (region) q = q.where('p.region_code', '=', region);
    const rows = await q.orderBy('p.code').execute();
    const items = rows.map((r) => {
      const erased = r.dek_wrapped === ERASED;
      const key = erased ? null : this.c.s.dataKeys.unwrap(r.id, r.dek_wrapped);
      const identity = key
        ? (JSON.parse(key.openText('participants', 'identity', r.id, r.identity_ct)) as Identity)
        : null;
      return {
        id: r.id,
        code: r.code,
        fullName: identity?.fullName ?? '—',
        preferredName: key ? key.openText('participants', 'preferred_name', r.id, r.preferred_name_ct) : '—',
        regionCode: r.region_code,
        stage: r.stage,
        category: r.category,
        registeredAt: r.created_at,
      };
    });
    const detail = { reason: stated.data, region: region ?? null };
    await transact(this.db, (trx) =>
      this.c.s.audit.appendInTx(trx, [
        this.c.event({
          action: 'report.identified_export',
          resourceType: 'report',
          resourceId: `participants:${region ?? 'scope'}`,
          outcome: 'success',
          detail: { ...detail, count: items.length },
        }),
        ...items.map((p) =>
          this.c.event({
            action: 'report.identified_export',
            resourceType: 'participant',
            resourceId: p.id,
            outcome: 'success',
            detail,
          }),
        ),
      ]),
    );
    const me = actor
      ? await this.db.selectFrom('users').select(['username', 'name']).where('id', '=', actor.id).executeTakeFirst()
      : undefined;
    return {
      reason: stated.data,
      region: region ?? null,
      items,
      by: { username: me?.username ?? 'system', name: me?.name ?? null },
    };
  }
}

/** Multi-row inserts kept under the bound-parameter limits of both databases (SQLite 32,766; PostgreSQL 65,535). */
async function insertChunked<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: object[],
): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(16_000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + per) as never)
      .execute();
}

function firstWord(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

function identityOf(i: IdentityInput): Identity {
  return {
    fullName: i.fullName,
    preferredName: i.preferredName ?? firstWord(i.fullName),
    nik: null,
    birthDate: i.birthDate,
    address: i.address ?? null,
    phone: i.phone ?? null,
    emergencyContact: i.emergencyContact ?? null,
  };
}
