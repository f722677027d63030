// Programmes, venues, cohorts, enrolments, sessions, attendance and graduation through the scoped
// repository. Facilitators reach only their own sessions and see participants by code and preferred name.
import { effectiveDate, enteredLate } from '../../kernel/effective-dates.ts';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  CohortsTable,
  Database,
  EnrollmentsTable,
  ProgrammesTable,
  SessionsScheduleTable,
  VenuesTable,
} from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import type { AuditEvent } from '../../audit/events.ts';
import { CohortAccess } from '../../kernel/cohort-access.ts';
import type { ParticipantKey } from '../../crypto/participant-keys.ts';
import { AppError, notFound } from '../../errors.ts';
import { inRegionScope, SESSION_FACILITATOR_ROLES } from '../../policy/index.ts';
import type { Role } from '../../../shared/roles.ts';
import {
  attendanceLocked,
  defaultEndDate,
  completionRuleOf,
  evaluateCompletion,
  generateDates,
  reopenUntil,
  withException,
  holidayLookup,
  type CompletionRule,
  assertCohortDates,
  assertWithinCohort,
  yearsToConfirm,
} from './rules.ts';
import { isActiveConsent, ParticipantAccess } from '../../kernel/participant-access.ts';
import { prepareUpload } from '../participants/files.ts';
import { open, seal } from '../../crypto/seal.ts';
import { raise } from '../../kernel/events.ts';
import { lockForUpdate, transact, updateVersioned } from '../../db/write.ts';
import { raiseAttendanceVersion } from './attendance-version.ts';
import { addDays, localDate, OFFICE_ZONE } from '../../../shared/calendar.ts';
import {
  DEFAULT_GRADUATION_REOPEN_DAYS,
  PROGRAMME_LATEST_COHORTS,
  type CohortSort,
  type programmeListItem,
  type VenueSort,
} from '../../../shared/programme-api.ts';
import { page, type SortColumn } from '../../db/paging.ts';

/** One of a programme's latest cohorts, as the programmes list carries it. */
type CohortSummary = NonNullable<z.infer<typeof programmeListItem>['cohorts']>['latest'][number];

/** The office date of an instant (a confirmation's day). */
const officeDateOf = (instant: string) => localDate(instant, OFFICE_ZONE);

type Executor = Kysely<Database> | Transaction<Database>;

/** A weekly rule of sessions (generateRuleBody). */
interface WeeklyRule {
  type: string;
  title?: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  facilitatorId?: string;
  facilitatorName?: string;
  place?: string;
  partnerId?: string;
  partnerPerson?: string;
  mandatory: boolean;
  holidays: 'skip' | 'move';
  from?: string;
  to?: string;
}

/** What a change of one session may set (sessionUpdateBody). */
type SessionChange = Partial<{
  type: string;
  title: string;
  facilitatorId: string;
  facilitatorName: string;
  place: string;
  date: string;
  startTime: string;
  endTime: string;
  mandatory: boolean;
  cancelled: boolean;
  /** null: the session names no partner any more (nor the partner's person). */
  partnerId: string | null;
  partnerPerson: string | null;
}>;

/** What happened at a held session (sessionReportBody). */
interface SessionReport {
  partnerAttended: boolean | null;
  report: string | null;
}

const ACTIVE_COHORT = ['PLANNED', 'RECRUITING', 'RUNNING'];

/** The venues list's sorts (without the minus) → their columns; names without regard to case. */
const VENUE_SORT_COLUMNS: Record<string, SortColumn> = {
  name: sql`lower(venues.name)`,
  region: 'venues.region_code',
  capacity: 'venues.capacity',
  rent: 'venues.rent_per_month',
  contractPeriod: 'venues.contract_start',
  paid: sql`(select coalesce(sum(vp.amount), 0) from venue_payments vp where vp.venue_id = venues.id)`,
};
/** The cohorts list's sorts (without the minus) → their columns. */
const COHORT_SORT_COLUMNS: Record<string, SortColumn> = {
  name: sql`lower(cohorts.name)`,
  region: 'cohorts.region_code',
  startDate: 'cohorts.start_date',
  status: 'cohorts.status',
};

export class ProgrammeStore {
  private readonly people: ParticipantAccess;
  private readonly cohorts: CohortAccess;
  constructor(private readonly c: RepoCore) {
    this.people = new ParticipantAccess(c);
    this.cohorts = new CohortAccess(c);
  }

  private get db() {
    return this.c.db;
  }
  // ================================================================ programmes
  private presentProgramme(p: ProgrammesTable) {
    return {
      id: p.id,
      name: p.name,
      year: p.year,
      purpose: p.purpose,
      budgetCeiling: Number(p.budget_ceiling),
      targetParticipants: p.target_participants,
      targetRegions: JSON.parse(p.target_regions) as string[],
      completionRule: completionRuleOf(p.completion_rule),
      followUpMonths: JSON.parse(p.follow_up_months) as number[],
      graduationReopenDays: p.graduation_reopen_days,
      version: p.version,
    };
  }

  async listProgrammes() {
    this.c.check('programme.read');
    const rows = await this.db.selectFrom('programmes').selectAll().orderBy('year', 'desc').orderBy('name').execute();
    // A reader who may not list cohorts (the auditor) gets the programmes alone.
    const cohorts = this.c.allowed('cohort.list') ? await this.cohortsByProgramme() : null;
    return rows.map((p) => ({
      ...this.presentProgramme(p),
      cohorts: cohorts ? (cohorts.get(p.id) ?? { total: 0, latest: [] }) : null,
    }));
  }

  /**
   * Each programme's cohorts within the asker's cohort scope (the cohorts list's filter): how many, and the latest
   * few, newest start first as the cohorts list orders them by default.
   */
  private async cohortsByProgramme() {
    const cols = { id: 'cohorts.id', region: 'cohorts.region_code' };
    const counts = await this.c
      .scoped(
        'cohort',
        this.db.selectFrom('cohorts').select(['cohorts.programme_id', (eb) => eb.fn.countAll().as('n')]),
        cols,
      )
      .groupBy('cohorts.programme_id')
      .execute();
    const ranked = this.c.scoped(
      'cohort',
      this.db
        .selectFrom('cohorts')
        .select([
          'cohorts.id',
          'cohorts.programme_id',
          'cohorts.name',
          'cohorts.start_date',
          'cohorts.end_date',
          'cohorts.status',
          sql<number>`row_number() over (partition by cohorts.programme_id order by cohorts.start_date desc, cohorts.id desc)`.as(
            'rn',
          ),
        ]),
      cols,
    );
    const latest = await this.db
      .selectFrom(ranked.as('r'))
      .selectAll()
      .where('r.rn', '<=', PROGRAMME_LATEST_COHORTS)
      .orderBy('r.programme_id')
      .orderBy('r.rn')
      .execute();
    const out = new Map<string, { total: number; latest: CohortSummary[] }>();
    for (const c of counts) out.set(c.programme_id, { total: Number(c.n), latest: [] });
    for (const c of latest)
      out.get(c.programme_id)?.latest.push({
        id: c.id,
        name: c.name,
        startDate: c.start_date,
        endDate: c.end_date,
        status: c.status as CohortSummary['status'],
      });
    return out;
  }

  async getProgramme(id: string) {
    this.c.check('programme.read');
    const p = await this.db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) throw notFound();
    return this.presentProgramme(p);
  }

  async createProgramme(b: {
    name: string;
    year: number;
    purpose?: string;
    budgetCeiling: number;
    targetParticipants: number;
    targetRegions: string[];
    completionRule: CompletionRule;
    followUpMonths: number[];
    graduationReopenDays?: number;
  }) {
    this.c.check('programme.manage');
    const id = randomUUID();
    const now = this.c.now();
    await transact(this.db, async (trx) => {
      await trx
        .insertInto('programmes')
        .values({
          id,
          name: b.name,
          year: b.year,
          purpose: b.purpose ?? null,
          budget_ceiling: b.budgetCeiling,
          target_participants: b.targetParticipants,
          target_regions: JSON.stringify(b.targetRegions),
          completion_rule: JSON.stringify(b.completionRule),
          follow_up_months: JSON.stringify([...new Set(b.followUpMonths)].sort((x, y) => x - y)),
          graduation_reopen_days: b.graduationReopenDays ?? DEFAULT_GRADUATION_REOPEN_DAYS,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'programme.write',
        resourceType: 'programme',
        resourceId: id,
        outcome: 'success',
        detail: { created: true },
      });
    });
    return this.getProgramme(id);
  }

  async updateProgramme(
    id: string,
    b: Partial<{
      name: string;
      year: number;
      purpose: string;
      budgetCeiling: number;
      targetParticipants: number;
      targetRegions: string[];
      completionRule: CompletionRule;
      followUpMonths: number[];
      graduationReopenDays: number;
    }>,
    expectedVersion: number,
  ) {
    this.c.check('programme.manage');
    await transact(this.db, async (trx) => {
      const p = await trx.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!p) throw notFound();
      if (p.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This programme was changed meanwhile', { currentVersion: p.version });
      await updateVersioned(
        trx,
        'programmes',
        id,
        expectedVersion,
        {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.year !== undefined ? { year: b.year } : {}),
          ...(b.purpose !== undefined ? { purpose: b.purpose } : {}),
          ...(b.budgetCeiling !== undefined ? { budget_ceiling: b.budgetCeiling } : {}),
          ...(b.targetParticipants !== undefined ? { target_participants: b.targetParticipants } : {}),
          ...(b.targetRegions !== undefined ? { target_regions: JSON.stringify(b.targetRegions) } : {}),
          ...(b.completionRule !== undefined ? { completion_rule: JSON.stringify(b.completionRule) } : {}),
          ...(b.followUpMonths !== undefined ? { follow_up_months: JSON.stringify(b.followUpMonths) } : {}),
          ...(b.graduationReopenDays !== undefined ? { graduation_reopen_days: b.graduationReopenDays } : {}),
          updated_at: this.c.now(),
        },
        'This programme was changed meanwhile',
      );
      await this.c.auditInTx(trx, {
        action: 'programme.write',
        resourceType: 'programme',
        resourceId: id,
        outcome: 'success',
        detail: { fields: Object.keys(b) },
      });
    });
    return this.getProgramme(id);
  }

  // ================================================================ venues
  private async presentVenue(v: VenuesTable, exec: Executor = this.db) {
    const payments = await exec
      .selectFrom('venue_payments')
      .selectAll()
      .where('venue_id', '=', v.id)
      .orderBy('paid_at')
      .execute();
    return {
      id: v.id,
      name: v.name,
      address: v.address,
      regionCode: v.region_code,
      ownerName: v.owner_name,
      capacity: v.capacity,
      facilities: JSON.parse(v.facilities) as string[],
      rentPerMonth: Number(v.rent_per_month),
      contractStart: v.contract_start,
      contractEnd: v.contract_end,
      payments: payments.map((p) => ({
        id: p.id,
        amount: Number(p.amount),
        paidAt: p.paid_at,
        note: p.note,
        hasReceipt: !!p.receipt_ct,
      })),
      paidTotal: payments.reduce((sum, p) => sum + Number(p.amount), 0),
      hasContract: !!v.contract_ct,
      version: v.version,
    };
  }

  async listVenues(filter: { sort: VenueSort; page: number; pageSize: number }) {
    this.c.check('venue.read');
    const { rows, total } = await page(this.db.selectFrom('venues').selectAll(), {
      ...filter,
      columns: VENUE_SORT_COLUMNS,
      tieBreak: 'venues.id',
    });
    return { items: await Promise.all(rows.map((v) => this.presentVenue(v))), total };
  }

  async getVenue(id: string) {
    this.c.check('venue.read');
    const v = await this.db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
    if (!v) throw notFound();
    return this.presentVenue(v);
  }

  async createVenue(b: {
    name: string;
    address: string;
    regionCode: string;
    ownerName: string;
    capacity: number;
    facilities: string[];
    rentPerMonth: number;
    contractStart: string;
    contractEnd: string;
  }) {
    this.c.check('venue.manage');
    if (b.contractEnd < b.contractStart)
      throw new AppError('validation_failed', 400, 'The contract ends before it starts', [
        { field: 'body.contractEnd', message: 'Before the start', code: 'range' },
      ]);
    const id = randomUUID();
    const now = this.c.now();
    await transact(this.db, async (trx) => {
      await trx
        .insertInto('venues')
        .values({
          id,
          name: b.name,
          address: b.address,
          region_code: b.regionCode,
          owner_name: b.ownerName,
          capacity: b.capacity,
          facilities: JSON.stringify(b.facilities),
          rent_per_month: b.rentPerMonth,
          contract_start: b.contractStart,
          contract_end: b.contractEnd,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'venue.write',
        resourceType: 'venue',
        resourceId: id,
        outcome: 'success',
        detail: { created: true },
      });
    });
    return this.getVenue(id);
  }

  async updateVenue(
    id: string,
    b: Partial<{
      name: string;
      address: string;
      regionCode: string;
      ownerName: string;
      capacity: number;
      facilities: string[];
      rentPerMonth: number;
      contractStart: string;
      contractEnd: string;
    }>,
    expectedVersion: number,
  ) {
    this.c.check('venue.manage');
    await transact(this.db, async (trx) => {
      const v = await trx.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
      if (!v) throw notFound();
      if (v.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This venue was changed meanwhile', { currentVersion: v.version });
      await updateVersioned(
        trx,
        'venues',
        id,
        expectedVersion,
        {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.address !== undefined ? { address: b.address } : {}),
          ...(b.regionCode !== undefined ? { region_code: b.regionCode } : {}),
          ...(b.ownerName !== undefined ? { owner_name: b.ownerName } : {}),
          ...(b.capacity !== undefined ? { capacity: b.capacity } : {}),
          ...(b.facilities !== undefined ? { facilities: JSON.stringify(b.facilities) } : {}),
          ...(b.rentPerMonth !== undefined ? { rent_per_month: b.rentPerMonth } : {}),
          ...(b.contractStart !== undefined ? { contract_start: b.contractStart } : {}),
          ...(b.contractEnd !== undefined ? { contract_end: b.contractEnd } : {}),
          updated_at: this.c.now(),
        },
        'This venue was changed meanwhile',
      );
      await this.c.auditInTx(trx, {
        action: 'venue.write',
        resourceType: 'venue',
        resourceId: id,
        outcome: 'success',
        detail: { fields: Object.keys(b) },
      });
    });
    return this.getVenue(id);
  }

  async addVenuePayment(id: string, b: { amount: number; paidAt: string; note?: string }) {
    this.c.check('venue.manage');
    await transact(this.db, async (trx) => {
      if (!(await trx.selectFrom('venues').select('id').where('id', '=', id).executeTakeFirst())) throw notFound();
      const pid = randomUUID();
      await trx
        .insertInto('venue_payments')
        .values({
          id: pid,
          venue_id: id,
          amount: b.amount,
          paid_at: b.paidAt,
          note: b.note ?? null,
          receipt_ct: null,
          receipt_mime: null,
          created_by: this.c.actorId(),
          created_at: this.c.now(),
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'venue.write',
        resourceType: 'venue',
        resourceId: id,
        outcome: 'success',
        detail: { payment: b.amount },
      });
    });
    return this.getVenue(id);
  }

  /** The receipt scan of a rent payment: type from content, sealed, downloaded as an attachment. */
  async attachReceipt(venueId: string, paymentId: string, data: Buffer) {
    this.c.check('venue.manage');
    const { bytes, type } = prepareUpload(data, 'DOCUMENT');
    await transact(this.db, async (trx) => {
      const p = await trx
        .selectFrom('venue_payments')
        .select('id')
        .where('id', '=', paymentId)
        .where('venue_id', '=', venueId)
        .executeTakeFirst();
      if (!p) throw notFound();
      await trx
        .updateTable('venue_payments')
        .set({
          receipt_ct: seal(
            this.c.s.keys.subkey('system-secrets'),
            this.c.s.keys.kekId,
            bytes,
            `venue_payments|receipt|${paymentId}`,
          ),
          receipt_mime: type.mime,
        })
        .where('id', '=', paymentId)
        .execute();
      await this.c.auditInTx(trx, {
        action: 'venue.write',
        resourceType: 'venue',
        resourceId: venueId,
        outcome: 'success',
        detail: { receipt: paymentId },
      });
    });
    return this.getVenue(venueId);
  }

  async receipt(venueId: string, paymentId: string): Promise<{ bytes: Buffer; mime: string }> {
    this.c.check('venue.read');
    const p = await this.db
      .selectFrom('venue_payments')
      .select(['receipt_ct', 'receipt_mime'])
      .where('id', '=', paymentId)
      .where('venue_id', '=', venueId)
      .executeTakeFirst();
    if (!p?.receipt_ct) throw notFound();
    return {
      bytes: open(this.c.s.keys.subkey('system-secrets'), p.receipt_ct, `venue_payments|receipt|${paymentId}`),
      mime: p.receipt_mime ?? 'application/octet-stream',
    };
  }

  /** The rent contract's file: type and size checked from content as every upload is, sealed, audited. */
  async attachContract(venueId: string, data: Buffer) {
    this.c.check('venue.manage');
    const { bytes, type } = prepareUpload(data, 'DOCUMENT');
    await transact(this.db, async (trx) => {
      if (!(await trx.selectFrom('venues').select('id').where('id', '=', venueId).executeTakeFirst())) throw notFound();
      await trx
        .updateTable('venues')
        .set({
          contract_ct: seal(
            this.c.s.keys.subkey('system-secrets'),
            this.c.s.keys.kekId,
            bytes,
            `venues|contract|${venueId}`,
          ),
          contract_mime: type.mime,
          updated_at: this.c.now(),
        })
        .where('id', '=', venueId)
        .execute();
      await this.c.auditInTx(trx, {
        action: 'venue.contract_upload',
        resourceType: 'venue',
        resourceId: venueId,
        outcome: 'success',
        detail: { mime: type.mime, bytes: bytes.length },
      });
    });
    return this.getVenue(venueId);
  }

  /** The rent contract's file, for whoever may see venues; each download is audited before it is answered. */
  async contract(venueId: string): Promise<{ bytes: Buffer; mime: string }> {
    this.c.check('venue.read');
    const v = await this.db
      .selectFrom('venues')
      .select(['contract_ct', 'contract_mime'])
      .where('id', '=', venueId)
      .executeTakeFirst();
    if (!v?.contract_ct) throw notFound();
    const bytes = open(this.c.s.keys.subkey('system-secrets'), v.contract_ct, `venues|contract|${venueId}`);
    await this.c.record(
      this.c.event({ action: 'venue.contract_read', resourceType: 'venue', resourceId: venueId, outcome: 'success' }),
    );
    return { bytes, mime: v.contract_mime ?? 'application/octet-stream' };
  }

  // ================================================================ cohorts
  private async presentCohort(cohort: CohortsTable, exec: Executor = this.db) {
    const counts = await exec
      .selectFrom('enrollments')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('cohort_id', '=', cohort.id)
      .groupBy('status')
      .execute();
    const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    const venue = cohort.venue_id
      ? await exec.selectFrom('venues').select('name').where('id', '=', cohort.venue_id).executeTakeFirst()
      : undefined;
    const reopenDays = cohort.graduation_confirmed_at
      ? (
          await exec
            .selectFrom('programmes')
            .select('graduation_reopen_days')
            .where('id', '=', cohort.programme_id)
            .executeTakeFirst()
        )?.graduation_reopen_days
      : undefined;
    return {
      id: cohort.id,
      programmeId: cohort.programme_id,
      name: cohort.name,
      regionCode: cohort.region_code,
      venueId: cohort.venue_id,
      venueName: venue?.name ?? null,
      startDate: cohort.start_date,
      endDate: cohort.end_date,
      capacity: cohort.capacity,
      tracks: JSON.parse(cohort.tracks) as string[],
      status: cohort.status as 'PLANNED',
      enrolled: n('ENROLLED') + n('GRADUATED') + n('NOT_GRADUATED'),
      waitlisted: n('WAITLISTED'),
      graduationConfirmedAt: cohort.graduation_confirmed_at,
      graduationReopenUntil:
        cohort.graduation_confirmed_at && reopenDays
          ? reopenUntil(officeDateOf(cohort.graduation_confirmed_at), reopenDays)
          : null,
      version: cohort.version,
    };
  }

  /** One venue, one cohort at a time: overlapping bookings are refused. */
  private async assertVenueFree(exec: Executor, venueId: string, start: string, end: string, exceptCohort?: string) {
    // The venue's row is locked first (PostgreSQL): two bookings of one venue are checked one after the other.
    const venue = await lockForUpdate(
      exec,
      exec.selectFrom('venues').select('id').where('id', '=', venueId),
    ).executeTakeFirst();
    if (!venue)
      throw new AppError('validation_failed', 400, 'Unknown venue', [
        { field: 'body.venueId', message: 'Unknown venue', code: 'unknown' },
      ]);
    let q = exec
      .selectFrom('cohorts')
      .select(['id', 'name', 'start_date', 'end_date'])
      .where('venue_id', '=', venueId)
      .where('status', '!=', 'CANCELLED')
      .where('start_date', '<=', end)
      .where('end_date', '>=', start);
    if (exceptCohort) q = q.where('id', '!=', exceptCohort);
    const clash = await q.executeTakeFirst();
    if (clash)
      throw new AppError(
        'venue_booked',
        409,
        `The venue is booked by ${clash.name} from ${clash.start_date} to ${clash.end_date}`,
        { cohortId: clash.id },
      );
  }

  async listCohorts(filter: { programmeId?: string; sort: CohortSort; page: number; pageSize: number }) {
    this.c.check('cohort.list');
    let q = this.c.scoped('cohort', this.db.selectFrom('cohorts').selectAll(), {
      id: 'cohorts.id',
      region: 'cohorts.region_code',
    });
    if (filter.programmeId) q = q.where('programme_id', '=', filter.programmeId);
    const { rows, total } = await page(q, { ...filter, columns: COHORT_SORT_COLUMNS, tieBreak: 'cohorts.id' });
    return { items: await Promise.all(rows.map((c) => this.presentCohort(c))), total };
  }

  async getCohort(id: string) {
    const { cohort } = await this.cohorts.loadFor(this.db, id, 'cohort.read');
    return this.presentCohort(cohort);
  }

  async createCohort(b: {
    programmeId: string;
    name?: string;
    regionCode: string;
    venueId?: string;
    startDate: string;
    endDate?: string;
    capacity: number;
    tracks: string[];
    confirmWithoutCalendar?: boolean;
  }) {
    this.c.check('cohort.manage');
    const actor = this.c.actor;
    if (actor && !inRegionScope(actor, b.regionCode))
      throw new AppError('forbidden_region', 403, 'Cohorts in your own regions only');
    const end = b.endDate ?? defaultEndDate(b.startDate);
    assertCohortDates(b.startDate, end, 'body.endDate', this.c.today(), b.confirmWithoutCalendar);
    const id = randomUUID();
    const now = this.c.now();
    return transact(this.db, async (trx) => {
      const programme = await trx
        .selectFrom('programmes')
        .select(['id', 'name'])
        .where('id', '=', b.programmeId)
        .executeTakeFirst();
      if (!programme)
        throw new AppError('validation_failed', 400, 'Unknown programme', [
          { field: 'body.programmeId', message: 'Unknown programme', code: 'unknown' },
        ]);
      if (b.venueId) {
        if (!(await trx.selectFrom('venues').select('id').where('id', '=', b.venueId).executeTakeFirst()))
          throw new AppError('validation_failed', 400, 'Unknown venue', [
            { field: 'body.venueId', message: 'Unknown venue', code: 'unknown' },
          ]);
        await this.assertVenueFree(trx, b.venueId, b.startDate, end);
      }
      const count = await trx
        .selectFrom('cohorts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('programme_id', '=', b.programmeId)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('cohorts')
        .values({
          id,
          programme_id: b.programmeId,
          name: b.name ?? `Angkatan ${Number(count.n) + 1}`,
          region_code: b.regionCode,
          venue_id: b.venueId ?? null,
          start_date: b.startDate,
          end_date: end,
          capacity: b.capacity,
          tracks: JSON.stringify(b.tracks),
          status: 'PLANNED',
          graduation_confirmed_at: null,
          graduation_confirmed_by: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'cohort.write',
        resourceType: 'cohort',
        resourceId: id,
        outcome: 'success',
        detail: {
          created: true,
          ...(b.confirmWithoutCalendar
            ? {
                confirmedWithoutCalendar: yearsToConfirm(b.startDate, end, this.c.today()).join(', '),
              }
            : {}),
        },
      });
      return this.presentCohort(
        await trx.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        trx,
      );
    });
  }

  async updateCohort(
    id: string,
    b: Partial<{
      name: string;
      regionCode: string;
      venueId: string;
      startDate: string;
      endDate: string;
      capacity: number;
      tracks: string[];
      status: string;
      confirmWithoutCalendar: boolean;
    }>,
    expectedVersion: number,
  ) {
    return transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, id, 'cohort.manage');
      if (cohort.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This cohort was changed meanwhile', {
          currentVersion: cohort.version,
        });
      const start = b.startDate ?? cohort.start_date;
      const end = b.endDate ?? cohort.end_date;
      if (b.startDate || b.endDate)
        assertCohortDates(
          start,
          end,
          b.endDate ? 'body.endDate' : 'body.startDate',
          this.c.today(),
          b.confirmWithoutCalendar,
        );
      const venue = b.venueId ?? cohort.venue_id;
      // A cohort that comes back from CANCELLED takes its venue again: checked like a new booking.
      const reinstated = b.status !== undefined && b.status !== 'CANCELLED' && cohort.status === 'CANCELLED';
      if (venue && (b.venueId || b.startDate || b.endDate || reinstated))
        await this.assertVenueFree(trx, venue, start, end, id);
      await updateVersioned(
        trx,
        'cohorts',
        id,
        expectedVersion,
        {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.regionCode !== undefined ? { region_code: b.regionCode } : {}),
          ...(b.venueId !== undefined ? { venue_id: b.venueId } : {}),
          start_date: start,
          end_date: end,
          ...(b.capacity !== undefined ? { capacity: b.capacity } : {}),
          ...(b.tracks !== undefined ? { tracks: JSON.stringify(b.tracks) } : {}),
          ...(b.status !== undefined ? { status: b.status } : {}),
          updated_at: this.c.now(),
        },
        'This cohort was changed meanwhile',
      );
      await this.c.auditInTx(trx, {
        action: 'cohort.write',
        resourceType: 'cohort',
        resourceId: id,
        outcome: 'success',
        detail: {
          fields: Object.keys(b).filter((k) => k !== 'confirmWithoutCalendar'),
          ...(b.confirmWithoutCalendar
            ? { confirmedWithoutCalendar: yearsToConfirm(start, end, this.c.today()).join(', ') }
            : {}),
        },
      });
      return this.presentCohort(
        await trx.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        trx,
      );
    });
  }

  // ================================================================ enrolments
  private async presentEnrollments(exec: Executor, rows: EnrollmentsTable[]) {
    const names = await this.people.codesAndNames(
      exec,
      rows.map((r) => r.participant_id),
    );
    const rates = await this.attendanceRates(exec, rows);
    return rows.map((e) => ({
      id: e.id,
      cohortId: e.cohort_id,
      participantId: e.participant_id,
      code: names.get(e.participant_id)?.code ?? '',
      preferredName: names.get(e.participant_id)?.preferredName ?? '',
      track: e.track,
      status: e.status as 'ENROLLED',
      waitlistPosition:
        e.status === 'WAITLISTED'
          ? rows.filter((x) => x.status === 'WAITLISTED' && (x.waitlist_seq ?? 0) <= (e.waitlist_seq ?? 0)).length
          : null,
      attendanceRate: rates.get(e.id) ?? null,
      enrolledOn: e.enrolled_on,
      enteredLate: enteredLate(e.enrolled_on, officeDateOf(e.created_at), this.c.s.config.lateEntryDays),
      result: e.result
        ? (JSON.parse(e.result) as {
            sessionsHeld: number;
            attended: number;
            rate: number;
            mandatoryMissed: number;
            passed: boolean;
          })
        : null,
      version: e.version,
    }));
  }

  /** Live attendance rate: attended (present or late) of the sessions held so far. */
  private async attendanceRates(exec: Executor, rows: EnrollmentsTable[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const cohortIds = [...new Set(rows.map((r) => r.cohort_id))];
    if (cohortIds.length === 0) return out;
    const today = this.c.today();
    const held = await exec
      .selectFrom('sessions_schedule')
      .select(['cohort_id', (eb) => eb.fn.countAll().as('n')])
      .where('cohort_id', 'in', cohortIds)
      .where('cancelled', '=', 0)
      .where('date', '<=', today)
      .groupBy('cohort_id')
      .execute();
    const attended = await exec
      .selectFrom('attendance as a')
      .innerJoin('sessions_schedule as s', 's.id', 'a.session_id')
      .select(['a.enrollment_id', (eb) => eb.fn.countAll().as('n')])
      .where(
        'a.enrollment_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('a.status', 'in', ['PRESENT', 'LATE'])
      .where('s.cancelled', '=', 0)
      .groupBy('a.enrollment_id')
      .execute();
    for (const r of rows) {
      if (r.status === 'WAITLISTED') continue; // not in the room: no rate
      const h = Number(held.find((x) => x.cohort_id === r.cohort_id)?.n ?? 0);
      if (h > 0)
        out.set(
          r.id,
          Math.round((Number(attended.find((x) => x.enrollment_id === r.id)?.n ?? 0) / h) * 10_000) / 10_000,
        );
    }
    return out;
  }

  async listEnrollments(cohortId: string) {
    await this.cohorts.loadFor(this.db, cohortId, 'attendance.read');
    const rows = await this.db
      .selectFrom('enrollments')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    await this.c.record(
      this.c.event({
        action: 'enrollment.read',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        // Who was seen: her access report shows every list she appeared in.
        detail: { count: rows.length, participantIds: rows.map((r) => r.participant_id) },
      }),
    );
    return this.presentEnrollments(this.db, rows);
  }

  /**
   * Enrols her when she has participation consent, an assessment and an approved case plan; past capacity
   * she joins the waitlist in order. One active cohort at a time. Enrolment starts the intervention stage.
   */
  async enrol(cohortId: string, participantId: string, track?: string, waitlist = false, enrolledOn?: string) {
    return transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'enrollment.manage');
      const id = await this.enrolInTx(trx, cohort, participantId, track, waitlist, enrolledOn);
      const rows = await trx.selectFrom('enrollments').selectAll().where('cohort_id', '=', cohortId).execute();
      return (await this.presentEnrollments(trx, rows)).find((e) => e.id === id)!;
    });
  }

  /**
   * Enrols several people at once, all or none: each is checked as one enrolment is (consent, assessment,
   * approved plan, not in another cohort), places are given in the order asked, and past capacity the rest go on
   * the waitlist when allowed. If anyone is refused nothing is written, and the answer says who and why.
   */
  async enrolMany(cohortId: string, participantIds: string[], waitlist: boolean, track?: string, enrolledOn?: string) {
    return transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'enrollment.manage');
      const refused: { participantId: string; code: string; message: string }[] = [];
      const ids: string[] = [];
      for (const participantId of [...new Set(participantIds)]) {
        try {
          ids.push(await this.enrolInTx(trx, cohort, participantId, track, waitlist, enrolledOn));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          refused.push({ participantId, code: err.code, message: err.message });
        }
      }
      if (refused.length > 0)
        throw new AppError(
          'enrolment_refused',
          409,
          `${refused.length} of ${participantIds.length} cannot be enrolled; nobody was enrolled`,
          { refused },
        );
      const rows = await trx.selectFrom('enrollments').selectAll().where('cohort_id', '=', cohortId).execute();
      const all = await this.presentEnrollments(trx, rows);
      return ids.map((id) => all.find((e) => e.id === id)!);
    });
  }

  /** One enrolment inside the caller's unit, the cohort already loaded, authorised and locked. */
  private async enrolInTx(
    trx: Executor,
    cohort: CohortsTable,
    participantId: string,
    track: string | undefined,
    waitlist: boolean,
    enrolledOn?: string,
  ): Promise<string> {
    const cohortId = cohort.id;
    const { row: her } = await this.people.loadFor(trx, participantId, 'participant.update');
    if (!ACTIVE_COHORT.includes(cohort.status))
      throw new AppError('cohort_closed', 409, 'This cohort no longer takes participants');
    const today = this.c.today();
    const consents = await trx
      .selectFrom('consents')
      .select(['status', 'expires_at'])
      .where('participant_id', '=', participantId)
      .where('purpose', '=', 'PARTICIPATION')
      .execute();
    if (!consents.some((c) => isActiveConsent(c, today)))
      throw new AppError('consent_required', 403, 'She has not (or no longer) consented to take part', {
        missing: ['PARTICIPATION'],
      });
    const assessment = await trx
      .selectFrom('assessments')
      .select((eb) => eb.fn.max('assessed_on').as('on'))
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    if (!assessment?.on)
      throw new AppError('no_assessment', 409, 'Assess her first: enrolment needs a confirmed assessment');
    const plan = await trx
      .selectFrom('case_plans')
      .select(['status', 'approved_on'])
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    if (plan?.status !== 'APPROVED')
      throw new AppError('plan_not_approved', 409, 'Her case plan must be approved before she enrols');
    // As it happened: never in the future, never before she was registered, assessed and her plan approved.
    const day = effectiveDate('body.enrolledOn', enrolledOn, today, [
      { date: her.registered_on, what: 'registration' },
      { date: assessment.on, what: 'assessment' },
      { date: plan.approved_on, what: 'plan' },
    ]);
    const busy = await trx
      .selectFrom('enrollments as e')
      .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
      .select('c.name')
      .where('e.participant_id', '=', participantId)
      .where('e.status', 'in', ['ENROLLED', 'WAITLISTED'])
      .where('c.status', 'in', ACTIVE_COHORT)
      .executeTakeFirst();
    if (busy) throw new AppError('already_enrolled', 409, `She is already in ${busy.name}`);
    const enrolled = await trx
      .selectFrom('enrollments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('cohort_id', '=', cohortId)
      .where('status', '=', 'ENROLLED')
      .executeTakeFirstOrThrow();
    const full = Number(enrolled.n) >= cohort.capacity;
    if (full && !waitlist)
      throw new AppError(
        'cohort_full',
        409,
        `The cohort is full (${cohort.capacity}); she can be put on the waitlist`,
        { capacity: cohort.capacity },
      );
    let seq: number | null = null;
    if (full) {
      const last = await trx
        .selectFrom('enrollments')
        .select((eb) => eb.fn.max('waitlist_seq').as('m'))
        .where('cohort_id', '=', cohortId)
        .executeTakeFirst();
      seq = Number(last?.m ?? 0) + 1;
    }
    const id = randomUUID();
    const now = this.c.now();
    await trx
      .insertInto('enrollments')
      .values({
        id,
        cohort_id: cohortId,
        participant_id: participantId,
        track: track ?? null,
        status: full ? 'WAITLISTED' : 'ENROLLED',
        waitlist_seq: seq,
        reason_ct: null,
        result: null,
        enrolled_on: day,
        created_by: this.c.actorId(),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    if (!full)
      await this.people.followEventInTx(
        trx,
        participantId,
        'enrolment',
        `Terdaftar di ${cohort.name}`,
        cohort.programme_id,
      );
    await this.people.changeAudited(
      trx,
      participantId,
      'enrollment.write',
      {
        cohortId,
        status: full ? 'WAITLISTED' : 'ENROLLED',
        ...(enteredLate(day, today, this.c.s.config.lateEntryDays) ? { enrolledOn: day, enteredLate: true } : {}),
      },
      { type: 'enrollment', id: id },
    );
    return id;
  }

  /** Drop-out or withdrawal, with a reason; the first on the waitlist takes the place. */
  async leave(enrollmentId: string, b: { status: string; reason: string }, expectedVersion: number) {
    return transact(this.db, async (trx) => {
      const e = await trx.selectFrom('enrollments').selectAll().where('id', '=', enrollmentId).executeTakeFirst();
      if (!e) throw notFound();
      const { cohort } = await this.cohorts.loadFor(trx, e.cohort_id, 'enrollment.manage');
      const { row } = await this.people.loadFor(trx, e.participant_id, 'participant.update');
      if (e.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This enrolment was changed meanwhile', { currentVersion: e.version });
      if (!['ENROLLED', 'WAITLISTED'].includes(e.status))
        throw new AppError('enrollment_closed', 409, 'This enrolment is already closed');
      await updateVersioned(
        trx,
        'enrollments',
        enrollmentId,
        expectedVersion,
        {
          status: b.status,
          reason_ct: this.people.key(row).seal('enrollments', 'reason', e.id, b.reason),
          updated_at: this.c.now(),
        },
        'This enrolment was changed meanwhile',
      );
      if (e.status === 'ENROLLED') {
        const next = await trx
          .selectFrom('enrollments')
          .selectAll()
          .where('cohort_id', '=', cohort.id)
          .where('status', '=', 'WAITLISTED')
          .orderBy('waitlist_seq')
          .executeTakeFirst();
        if (next) {
          await updateVersioned(trx, 'enrollments', next.id, next.version, {
            status: 'ENROLLED',
            waitlist_seq: null,
            updated_at: this.c.now(),
          });
          await this.people.followEventInTx(
            trx,
            next.participant_id,
            'enrolment',
            `Terdaftar di ${cohort.name} dari daftar tunggu`,
            cohort.programme_id,
          );
          // The place freed goes to the first on the waitlist: her enrolment changed, and the event says so.
          await this.people.changeAudited(
            trx,
            next.participant_id,
            'enrollment.write',
            { status: 'ENROLLED', fromWaitlist: true },
            { type: 'enrollment', id: next.id },
          );
        }
      }
      await this.people.changeAudited(
        trx,
        e.participant_id,
        'enrollment.write',
        { status: b.status },
        { type: 'enrollment', id: enrollmentId },
      );
      const rows = await trx.selectFrom('enrollments').selectAll().where('cohort_id', '=', cohort.id).execute();
      return (await this.presentEnrollments(trx, rows)).find((x) => x.id === enrollmentId)!;
    });
  }

  // ================================================================ sessions
  private async presentSessions(exec: Executor, rows: SessionsScheduleTable[]) {
    const ids = [...new Set(rows.map((r) => r.facilitator_id).filter((x): x is string => !!x))];
    const users = ids.length
      ? await exec.selectFrom('users').select(['id', 'name', 'username']).where('id', 'in', ids).execute()
      : [];
    const partnerIds = [...new Set(rows.map((r) => r.partner_id).filter((x): x is string => !!x))];
    const partners = new Map(
      (partnerIds.length
        ? await exec.selectFrom('partners').select(['id', 'name']).where('id', 'in', partnerIds).execute()
        : []
      ).map((p) => [p.id, p.name]),
    );
    return rows.map((s) => ({
      id: s.id,
      cohortId: s.cohort_id,
      type: s.type as 'OTHER',
      title: s.title,
      facilitatorId: s.facilitator_id,
      facilitator:
        s.facilitator_name ??
        users.find((u) => u.id === s.facilitator_id)?.name ??
        users.find((u) => u.id === s.facilitator_id)?.username ??
        null,
      place: s.place,
      date: s.date,
      startTime: s.start_time,
      endTime: s.end_time,
      mandatory: s.mandatory === 1,
      cancelled: s.cancelled === 1,
      movedFrom: s.moved_from,
      partnerId: s.partner_id,
      partner: s.partner_id ? (partners.get(s.partner_id) ?? null) : null,
      partnerPerson: s.partner_person,
      partnerAttended: s.partner_attended === null ? null : s.partner_attended === 1,
      report: s.report,
      version: s.version,
    }));
  }

  async listSessions(cohortId: string) {
    const { cohort } = await this.cohorts.loadFor(this.db, cohortId, 'cohort.read');
    // Facilitators see their own sessions only.
    const q = this.c.scoped(
      'session',
      this.db
        .selectFrom('sessions_schedule as s')
        .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
        .selectAll('s')
        .where('s.cohort_id', '=', cohort.id)
        .orderBy('s.date')
        .orderBy('s.start_time'),
      { facilitator: 's.facilitator_id', region: 'c.region_code' },
    );
    return this.presentSessions(this.db, await q.execute());
  }

  private async assertFacilitator(exec: Executor, id: string | undefined) {
    if (!id) return;
    const u = await exec.selectFrom('users').select(['role', 'active']).where('id', '=', id).executeTakeFirst();
    if (u?.active !== 1 || !SESSION_FACILITATOR_ROLES.includes(u.role as Role)) {
      throw new AppError(
        'validation_failed',
        400,
        'The facilitator must be an active facilitator, psychologist or caseworker account',
        [{ field: 'body.facilitatorId', message: 'Not a facilitator account', code: 'invalid' }],
      );
    }
  }

  /**
   * A partner a session names: it exists and is active (the same partners referrals go to; an inactive one is no
   * longer worked with). The partner's person needs the partner.
   */
  private async assertPartner(exec: Executor, partnerId: string | null | undefined, partnerPerson?: string | null) {
    if (!partnerId) {
      if (partnerPerson)
        throw new AppError('validation_failed', 400, 'Name the partner organisation of this person', [
          { field: 'body.partnerId', message: 'Required with partnerPerson', code: 'required' },
        ]);
      return;
    }
    const p = await exec.selectFrom('partners').select('active').where('id', '=', partnerId).executeTakeFirst();
    if (p?.active !== 1)
      throw new AppError('partner_unavailable', 400, 'Choose an active partner: this one is unknown or inactive', [
        { field: 'body.partnerId', message: 'Unknown or inactive partner', code: 'unknown' },
      ]);
  }

  async addSession(
    cohortId: string,
    b: {
      type: string;
      title?: string;
      facilitatorId?: string;
      facilitatorName?: string;
      place?: string;
      partnerId?: string;
      partnerPerson?: string;
      date: string;
      startTime: string;
      endTime: string;
      mandatory: boolean;
    },
  ) {
    return transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'session.manage');
      await this.assertFacilitator(trx, b.facilitatorId);
      await this.assertPartner(trx, b.partnerId, b.partnerPerson);
      if (b.endTime <= b.startTime)
        throw new AppError('validation_failed', 400, 'The session ends before it starts', [
          { field: 'body.endTime', message: 'After the start', code: 'range' },
        ]);
      assertWithinCohort(cohort, b.date, 'body.date');
      const id = randomUUID();
      await trx
        .insertInto('sessions_schedule')
        .values({
          id,
          cohort_id: cohort.id,
          type: b.type,
          title: b.title ?? null,
          facilitator_id: b.facilitatorId ?? null,
          facilitator_name: b.facilitatorName ?? null,
          place: b.place ?? null,
          partner_id: b.partnerId ?? null,
          partner_person: b.partnerPerson ?? null,
          date: b.date,
          start_time: b.startTime,
          end_time: b.endTime,
          mandatory: b.mandatory ? 1 : 0,
          cancelled: 0,
          moved_from: null,
          created_at: this.c.now(),
          version: 1,
          attendance_version: 0,
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'session.write',
        resourceType: 'session',
        resourceId: id,
        outcome: 'success',
        detail: { cohortId, ...(b.partnerId ? { partnerId: b.partnerId } : {}) },
      });
      return (
        await this.presentSessions(trx, [
          await trx.selectFrom('sessions_schedule').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        ])
      )[0]!;
    });
  }

  /** A weekly rule's dates in a cohort, after its checks (facilitator, times): the dry run's and the writing's. */
  private async planSessions(exec: Executor, cohort: CohortsTable, rule: WeeklyRule) {
    await this.assertFacilitator(exec, rule.facilitatorId);
    await this.assertPartner(exec, rule.partnerId, rule.partnerPerson);
    if (rule.endTime <= rule.startTime)
      throw new AppError('validation_failed', 400, 'The session ends before it starts', [
        { field: 'body.endTime', message: 'After the start', code: 'range' },
      ]);
    const from = rule.from ?? cohort.start_date;
    const to = rule.to ?? cohort.end_date;
    const { dates, skipped } = generateDates(rule.weekdays, from, to, rule.holidays, holidayLookup(cohort.region_code));
    return { from, to, dates, skipped };
  }

  /**
   * The dates a weekly rule would make, writing nothing: the period, each date (moved off a holiday or not) and
   * the holidays skipped. Generating with the same rule and period makes exactly these.
   */
  async previewSessions(cohortId: string, rule: WeeklyRule) {
    const { cohort } = await this.cohorts.loadFor(this.db, cohortId, 'session.manage');
    const { from, to, dates, skipped } = await this.planSessions(this.db, cohort, rule);
    return { from, to, dates: dates.map((d) => ({ date: d.date, movedFrom: d.movedFrom })), skipped };
  }

  async generateSessions(cohortId: string, rule: WeeklyRule) {
    return transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'session.manage');
      const { dates, skipped } = await this.planSessions(trx, cohort, rule);
      const now = this.c.now();
      const ids: string[] = [];
      for (const d of dates) {
        const id = randomUUID();
        ids.push(id);
        await trx
          .insertInto('sessions_schedule')
          .values({
            id,
            cohort_id: cohort.id,
            type: rule.type,
            title: rule.title ?? null,
            facilitator_id: rule.facilitatorId ?? null,
            facilitator_name: rule.facilitatorName ?? null,
            place: rule.place ?? null,
            partner_id: rule.partnerId ?? null,
            partner_person: rule.partnerPerson ?? null,
            date: d.date,
            start_time: rule.startTime,
            end_time: rule.endTime,
            mandatory: rule.mandatory ? 1 : 0,
            cancelled: 0,
            moved_from: d.movedFrom,
            created_at: now,
            version: 1,
            attendance_version: 0,
          })
          .execute();
      }
      await this.c.auditInTx(trx, {
        action: 'session.write',
        resourceType: 'cohort',
        resourceId: cohort.id,
        outcome: 'success',
        detail: {
          generated: ids.length,
          skipped: skipped.length,
          ...(rule.partnerId ? { partnerId: rule.partnerId } : {}),
        },
      });
      const rows = ids.length
        ? await trx.selectFrom('sessions_schedule').selectAll().where('id', 'in', ids).orderBy('date').execute()
        : [];
      return { items: await this.presentSessions(trx, rows), skipped };
    });
  }

  async updateSession(sessionId: string, b: SessionChange, expectedVersion: number) {
    return transact(this.db, async (trx) => {
      const s = await trx.selectFrom('sessions_schedule').selectAll().where('id', '=', sessionId).executeTakeFirst();
      if (!s) throw notFound();
      await this.cohorts.loadFor(trx, s.cohort_id, 'session.manage');
      if (s.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This session was changed meanwhile', { currentVersion: s.version });
      // A cancelled session is not cancelled again, moved or edited; only restored (as the bulk route holds too).
      if (s.cancelled === 1 && b.cancelled !== false)
        throw new AppError('session_cancelled', 409, 'This session is cancelled; restore it before changing it');
      await this.changeSessionInTx(trx, s, expectedVersion, b, { fields: Object.keys(b) });
      return (
        await this.presentSessions(trx, [
          await trx.selectFrom('sessions_schedule').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow(),
        ])
      )[0]!;
    });
  }

  /**
   * One session changed inside the caller's unit (its cohort loaded, authorised and locked, its version checked):
   * the facilitator must be one, a new date keeps the date it was first planned on, and the version moves on
   * (412 if it changed meanwhile). Audited on the session.
   */
  private async changeSessionInTx(
    trx: Executor,
    s: SessionsScheduleTable,
    expectedVersion: number,
    b: SessionChange,
    detail: NonNullable<AuditEvent['detail']>,
  ) {
    await this.assertFacilitator(trx, b.facilitatorId);
    if (b.date !== undefined)
      assertWithinCohort(
        await trx
          .selectFrom('cohorts')
          .select(['start_date', 'end_date'])
          .where('id', '=', s.cohort_id)
          .executeTakeFirstOrThrow(),
        b.date,
        'body.date',
      );
    const partnerId = b.partnerId !== undefined ? b.partnerId : s.partner_id;
    // Taking the partner off takes its person off too, unless a person is given.
    const partnerPerson =
      b.partnerPerson !== undefined ? b.partnerPerson : b.partnerId === null ? null : s.partner_person;
    // A new partner is checked; a new person alone needs a partner already named.
    if (b.partnerId !== undefined) await this.assertPartner(trx, b.partnerId, partnerPerson);
    else if (b.partnerPerson && !partnerId) await this.assertPartner(trx, null, b.partnerPerson);
    await updateVersioned(
      trx,
      'sessions_schedule',
      s.id,
      expectedVersion,
      {
        ...(b.type !== undefined ? { type: b.type } : {}),
        ...(b.title !== undefined ? { title: b.title } : {}),
        ...(b.facilitatorId !== undefined ? { facilitator_id: b.facilitatorId } : {}),
        ...(b.facilitatorName !== undefined ? { facilitator_name: b.facilitatorName } : {}),
        ...(b.place !== undefined ? { place: b.place } : {}),
        ...(b.date !== undefined ? { date: b.date, moved_from: s.moved_from ?? s.date } : {}),
        ...(b.startTime !== undefined ? { start_time: b.startTime } : {}),
        ...(b.endTime !== undefined ? { end_time: b.endTime } : {}),
        ...(b.mandatory !== undefined ? { mandatory: b.mandatory ? 1 : 0 } : {}),
        ...(b.cancelled !== undefined ? { cancelled: b.cancelled ? 1 : 0 } : {}),
        ...(b.partnerId !== undefined || b.partnerPerson !== undefined
          ? { partner_id: partnerId, partner_person: partnerPerson }
          : {}),
      },
      'This session was changed meanwhile',
    );
    await this.c.auditInTx(trx, {
      action: 'session.write',
      resourceType: 'session',
      resourceId: s.id,
      outcome: 'success',
      detail,
    });
  }

  /**
   * Several sessions of one cohort cancelled, or moved by the same number of days, with one reason, in one unit
   * under the cohort's lock: all or none. Every session must be of this cohort (404), at the version the client
   * names (412 stale_version, with each stale session's current version) and not cancelled (409
   * session_cancelled); each is then changed as a change of one session is, and audited on its own with the
   * reason.
   */
  async changeSessions(
    cohortId: string,
    b: { action: 'cancel' | 'move'; sessions: { id: string; version: number }[]; reason: string; shiftDays?: number },
  ) {
    return transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'session.manage');
      const rows = await trx
        .selectFrom('sessions_schedule')
        .selectAll()
        .where('cohort_id', '=', cohort.id)
        .where(
          'id',
          'in',
          b.sessions.map((x) => x.id),
        )
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      if (b.sessions.some((x) => !byId.has(x.id))) throw notFound();
      const stale = b.sessions
        .filter((x) => byId.get(x.id)!.version !== x.version)
        .map((x) => ({ id: x.id, currentVersion: byId.get(x.id)!.version }));
      if (stale.length > 0)
        throw new AppError(
          'stale_version',
          412,
          `${stale.length} of ${b.sessions.length} sessions were changed meanwhile; nothing was changed`,
          { sessions: stale },
        );
      const cancelled = rows.filter((r) => r.cancelled === 1).map((r) => r.id);
      if (cancelled.length > 0)
        throw new AppError(
          'session_cancelled',
          409,
          `${cancelled.length} of ${b.sessions.length} sessions are already cancelled; nothing was changed`,
          { sessionIds: cancelled },
        );
      for (const x of b.sessions) {
        const s = byId.get(x.id)!;
        if (b.action === 'cancel') {
          await this.changeSessionInTx(
            trx,
            s,
            x.version,
            { cancelled: true },
            { fields: ['cancelled'], reason: b.reason },
          );
        } else {
          const to = addDays(s.date, b.shiftDays!);
          await this.changeSessionInTx(
            trx,
            s,
            x.version,
            { date: to },
            { fields: ['date'], from: s.date, to, reason: b.reason },
          );
        }
      }
      const changed = await trx
        .selectFrom('sessions_schedule')
        .selectAll()
        .where(
          'id',
          'in',
          b.sessions.map((x) => x.id),
        )
        .orderBy('date')
        .orderBy('start_time')
        .execute();
      return this.presentSessions(trx, changed);
    });
  }

  // ================================================================ attendance
  private async loadSession(exec: Executor, sessionId: string, action: 'attendance.read' | 'attendance.mark') {
    const s = await exec.selectFrom('sessions_schedule').selectAll().where('id', '=', sessionId).executeTakeFirst();
    if (!s) throw notFound();
    const cohort = await exec.selectFrom('cohorts').selectAll().where('id', '=', s.cohort_id).executeTakeFirstOrThrow();
    const facts = await this.cohorts.facts(exec, cohort);
    this.c.check(action, { type: 'session', id: s.id, cohort: facts, facilitatorId: s.facilitator_id });
    return { session: s, cohort };
  }

  /** One session and its cohort, for whoever may see its attendance (its facilitator, staff of the region). */
  async getSession(sessionId: string) {
    const { session, cohort } = await this.loadSession(this.db, sessionId, 'attendance.read');
    const [view] = await this.presentSessions(this.db, [session]);
    return { version: view!.version, session: view!, cohort: await this.presentCohort(cohort) };
  }

  /**
   * What happened at a held session: whether its partner came, and its short report. Recorded by whoever marks its
   * attendance, under attendance's rules (not before the day, not on a cancelled session, and after the seven-day
   * lock only by whoever may correct attendance), at the version the client saw (412 stale_version). The audit
   * row names the fields, never the report's words.
   */
  async recordSessionReport(sessionId: string, b: SessionReport, expectedVersion: number) {
    return transact(this.db, async (trx) => {
      const { session, cohort } = await this.loadSession(trx, sessionId, 'attendance.mark');
      if (session.version !== expectedVersion)
        throw new AppError('stale_version', 412, 'This session was changed meanwhile', {
          currentVersion: session.version,
        });
      if (session.cancelled === 1) throw new AppError('session_cancelled', 409, 'This session was cancelled');
      const today = this.c.today();
      if (session.date > today)
        throw new AppError('attendance_too_early', 409, 'Attendance is marked on or after the day of the session');
      if (
        attendanceLocked(session.date, today) &&
        !this.c.allowed('attendance.override_lock', {
          type: 'session',
          id: session.id,
          cohort: await this.cohorts.facts(trx, cohort),
          facilitatorId: session.facilitator_id,
        })
      )
        throw new AppError(
          'attendance_locked',
          409,
          'Attendance locks seven days after the session; ask the head of section to correct it',
        );
      if (b.partnerAttended !== null && !session.partner_id)
        throw new AppError('validation_failed', 400, 'This session names no partner', [
          { field: 'body.partnerAttended', message: 'The session names no partner', code: 'invalid' },
        ]);
      const report = b.report?.trim() ? b.report : null;
      await updateVersioned(
        trx,
        'sessions_schedule',
        session.id,
        expectedVersion,
        { partner_attended: b.partnerAttended === null ? null : b.partnerAttended ? 1 : 0, report },
        'This session was changed meanwhile',
      );
      await this.c.auditInTx(trx, {
        action: 'session.report',
        resourceType: 'session',
        resourceId: session.id,
        outcome: 'success',
        detail: { partnerAttended: b.partnerAttended, report: report !== null },
      });
      return (
        await this.presentSessions(trx, [
          await trx.selectFrom('sessions_schedule').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow(),
        ])
      )[0]!;
    });
  }

  /** A session's register: who is on it, marked how. Audited with the participants it shows. */
  async getAttendance(sessionId: string) {
    const register = await this.attendanceRegister(sessionId);
    await this.c.record(
      this.c.event({
        action: 'attendance.read',
        resourceType: 'session',
        resourceId: sessionId,
        outcome: 'success',
        detail: { participantIds: register.items.map((i) => i.participantId) },
      }),
    );
    return register;
  }

  private async attendanceRegister(sessionId: string, exec: Executor = this.db) {
    const { session, cohort } = await this.loadSession(exec, sessionId, 'attendance.read');
    const enrolments = await exec
      .selectFrom('enrollments')
      .selectAll()
      .where('cohort_id', '=', cohort.id)
      .where('status', 'in', ['ENROLLED', 'GRADUATED', 'NOT_GRADUATED', 'DROPPED_OUT'])
      .orderBy('created_at')
      .execute();
    const marks = await exec.selectFrom('attendance').selectAll().where('session_id', '=', sessionId).execute();
    const names = await this.people.codesAndNames(
      exec,
      enrolments.map((e) => e.participant_id),
    );
    const keys = new Map<string, ParticipantKey>();
    if (marks.some((m) => m.note_ct)) {
      const rows = await exec
        .selectFrom('participants')
        .select(['id', 'dek_wrapped'])
        .where(
          'id',
          'in',
          enrolments.map((e) => e.participant_id),
        )
        .execute();
      for (const r of rows) keys.set(r.id, this.people.key(r));
    }
    const today = this.c.today();
    return {
      sessionId,
      version: session.attendance_version,
      locked: attendanceLocked(session.date, today),
      items: enrolments
        .filter((e) => e.status !== 'DROPPED_OUT' || marks.some((m) => m.enrollment_id === e.id))
        .map((e) => {
          const m = marks.find((x) => x.enrollment_id === e.id);
          return {
            participantId: e.participant_id,
            code: names.get(e.participant_id)?.code ?? '',
            preferredName: names.get(e.participant_id)?.preferredName ?? '',
            status: (m?.status ?? null) as 'PRESENT' | null,
            note: m?.note_ct
              ? keys.get(e.participant_id)!.openText('attendance', 'note', `${sessionId}:${e.id}`, m.note_ct)
              : null,
          };
        }),
    };
  }

  /**
   * Marks a session's register. `expectedVersion` (If-Match, optional): the register's attendance version the
   * marks were based on (a register taken offline); when it moved on meanwhile, 412 stale_version and nothing is
   * written. Every mark raises the version, under the session's row lock.
   */
  async markAttendance(
    sessionId: string,
    items: { participantId: string; status: string | null; note?: string }[],
    expectedVersion?: number,
  ) {
    await transact(this.db, async (trx) => {
      const { session, cohort } = await this.loadSession(trx, sessionId, 'attendance.mark');
      // Locked before its version is compared: two registers based on one version cannot both be taken.
      const locked = await lockForUpdate(
        trx,
        trx.selectFrom('sessions_schedule').select('attendance_version').where('id', '=', sessionId),
      ).executeTakeFirstOrThrow();
      if (expectedVersion !== undefined && locked.attendance_version !== expectedVersion)
        throw new AppError('stale_version', 412, 'The register was changed meanwhile', {
          currentVersion: locked.attendance_version,
        });
      if (session.cancelled === 1) throw new AppError('session_cancelled', 409, 'This session was cancelled');
      const today = this.c.today();
      if (session.date > today)
        throw new AppError('attendance_too_early', 409, 'Attendance is marked on or after the day of the session');
      const facts = {
        type: 'session' as const,
        id: session.id,
        cohort: await this.cohorts.facts(trx, cohort),
        facilitatorId: session.facilitator_id,
      };
      if (attendanceLocked(session.date, today) && !this.c.allowed('attendance.override_lock', facts)) {
        throw new AppError(
          'attendance_locked',
          409,
          'Attendance locks seven days after the session; ask the head of section to correct it',
        );
      }
      const enrolments = await trx
        .selectFrom('enrollments')
        .select(['id', 'participant_id'])
        .where('cohort_id', '=', cohort.id)
        .where('status', '=', 'ENROLLED')
        .execute();
      const byParticipant = new Map(enrolments.map((e) => [e.participant_id, e.id]));
      const unknown = items.filter((i) => !byParticipant.has(i.participantId));
      if (unknown.length > 0) {
        throw new AppError(
          'validation_failed',
          400,
          'Someone on the list is not enrolled in this cohort',
          unknown.map((u) => ({
            field: 'body.participantId',
            message: `${u.participantId} is not enrolled`,
            code: 'not_enrolled' as const,
          })),
        );
      }
      const dekRows = items.some((i) => i.note && i.status !== null)
        ? await trx
            .selectFrom('participants')
            .select(['id', 'dek_wrapped'])
            .where(
              'id',
              'in',
              items.map((i) => i.participantId),
            )
            .execute()
        : [];
      const now = this.c.now();
      let cleared = 0;
      for (const i of items) {
        const enrollmentId = byParticipant.get(i.participantId)!;
        if (i.status === null) {
          // Cleared: she is "not marked yet" again (a mark made by mistake), not absent.
          const res = await trx
            .deleteFrom('attendance')
            .where('session_id', '=', sessionId)
            .where('enrollment_id', '=', enrollmentId)
            .executeTakeFirst();
          cleared += Number(res.numDeletedRows);
          continue;
        }
        const status = i.status;
        const dek = dekRows.find((r) => r.id === i.participantId);
        const note_ct =
          i.note && dek
            ? this.people.key(dek).seal('attendance', 'note', `${sessionId}:${enrollmentId}`, i.note)
            : null;
        await trx
          .insertInto('attendance')
          .values({
            session_id: sessionId,
            enrollment_id: enrollmentId,
            status,
            note_ct,
            marked_by: this.c.actorId(),
            marked_at: now,
          })
          .onConflict((oc) =>
            oc
              .columns(['session_id', 'enrollment_id'])
              .doUpdateSet({ status, note_ct, marked_by: this.c.actorId(), marked_at: now }),
          )
          .execute();
      }
      await raiseAttendanceVersion(trx, sessionId);
      await this.c.auditInTx(trx, {
        action: 'attendance.write',
        resourceType: 'session',
        resourceId: sessionId,
        outcome: 'success',
        detail: {
          marked: items.length - items.filter((i) => i.status === null).length,
          cleared,
        },
      });
    });
    return this.getAttendance(sessionId);
  }

  // ================================================================ graduation
  /** Evaluates every enrolled participant against the programme's rule; the manager then confirms. */
  async evaluateGraduation(cohortId: string) {
    await transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'graduation.confirm');
      if (cohort.graduation_confirmed_at)
        throw new AppError('graduation_confirmed', 409, 'Graduation of this cohort is already confirmed');
      const programme = await trx
        .selectFrom('programmes')
        .select('completion_rule')
        .where('id', '=', cohort.programme_id)
        .executeTakeFirstOrThrow();
      const rule = completionRuleOf(programme.completion_rule);
      // In their order: excused absences are counted as attended earliest first.
      const sessions = await trx
        .selectFrom('sessions_schedule')
        .select(['id', 'mandatory'])
        .where('cohort_id', '=', cohortId)
        .where('cancelled', '=', 0)
        .orderBy('date')
        .orderBy('start_time')
        .orderBy('id')
        .execute();
      const excepted = new Set(
        (
          await trx
            .selectFrom('graduation_exceptions')
            .select('enrollment_id')
            .where('cohort_id', '=', cohortId)
            .where('status', '=', 'CONFIRMED')
            .execute()
        ).map((x) => x.enrollment_id),
      );
      const enrolments = await trx
        .selectFrom('enrollments as e')
        .innerJoin('participants as p', 'p.id', 'e.participant_id')
        .selectAll('e')
        .where('e.cohort_id', '=', cohortId)
        .where('e.status', '=', 'ENROLLED')
        // Enrolment order, then participant code: the same order on every database and every run.
        .orderBy('e.created_at')
        .orderBy('p.code')
        .execute();
      for (const e of enrolments) {
        const marks = await trx
          .selectFrom('attendance')
          .select(['session_id', 'status'])
          .where('enrollment_id', '=', e.id)
          .where('status', 'in', ['PRESENT', 'LATE', 'EXCUSED'])
          .execute();
        const figures = evaluateCompletion(
          rule,
          sessions.map((s) => ({ id: s.id, mandatory: s.mandatory === 1 })),
          new Set(marks.filter((m) => m.status !== 'EXCUSED').map((m) => m.session_id)),
          new Set(marks.filter((m) => m.status === 'EXCUSED').map((m) => m.session_id)),
        );
        const result = excepted.has(e.id) ? withException(figures) : figures;
        await updateVersioned(trx, 'enrollments', e.id, e.version, {
          result: JSON.stringify(result),
          updated_at: this.c.now(),
        });
      }
      await this.c.auditInTx(trx, {
        action: 'graduation.evaluate',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        detail: { evaluated: enrolments.length, participantIds: enrolments.map((e) => e.participant_id) },
      });
    });
    return { confirmed: false, items: await this.listEnrollmentsNoAudit(cohortId) };
  }

  private async listEnrollmentsNoAudit(cohortId: string) {
    const rows = await this.db
      .selectFrom('enrollments')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .orderBy('created_at')
      .execute();
    return this.presentEnrollments(this.db, rows);
  }

  /** The manager confirms: graduated or not, the cohort completes, graduates move to reintegration. */
  async confirmGraduation(cohortId: string) {
    await transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'graduation.confirm');
      if (cohort.graduation_confirmed_at)
        throw new AppError('graduation_confirmed', 409, 'Graduation of this cohort is already confirmed');
      const programme = await trx
        .selectFrom('programmes')
        .select('follow_up_months')
        .where('id', '=', cohort.programme_id)
        .executeTakeFirstOrThrow();
      const enrolments = await trx
        .selectFrom('enrollments as e')
        .innerJoin('participants as p', 'p.id', 'e.participant_id')
        .selectAll('e')
        .where('e.cohort_id', '=', cohortId)
        .where('e.status', '=', 'ENROLLED')
        // Enrolment order, then participant code: the same order on every database and every run.
        .orderBy('e.created_at')
        .orderBy('p.code')
        .execute();
      if (enrolments.some((e) => !e.result))
        throw new AppError('graduation_not_evaluated', 409, 'Evaluate the cohort first');
      // An exception still waiting for its approver would be lost: she would fail before it is decided. The
      // cohort's row lock (above) orders this against an exception asked for or decided at the same moment.
      const waiting = await trx
        .selectFrom('graduation_exceptions')
        .select('id')
        .where('cohort_id', '=', cohortId)
        .where('status', '=', 'PENDING')
        .execute();
      if (waiting.length > 0)
        throw new AppError('exceptions_pending', 409, 'An exception waits for its approver: it is decided first', {
          count: waiting.length,
        });
      let graduates = 0;
      for (const e of enrolments) {
        const passed = (JSON.parse(e.result!) as { passed: boolean }).passed;
        await updateVersioned(trx, 'enrollments', e.id, e.version, {
          status: passed ? 'GRADUATED' : 'NOT_GRADUATED',
          updated_at: this.c.now(),
        });
        if (passed) {
          graduates += 1;
          await this.people.followEventInTx(
            trx,
            e.participant_id,
            'graduation',
            `Lulus dari ${cohort.name}`,
            cohort.programme_id,
          );
          await raise(trx, 'participant.graduated', {
            participantId: e.participant_id,
            cohortId,
            graduationDate: cohort.end_date,
            months: JSON.parse(programme.follow_up_months) as number[],
            at: this.c.now(),
            today: this.c.today(),
          });
        }
      }
      await updateVersioned(trx, 'cohorts', cohortId, cohort.version, {
        status: 'COMPLETED',
        graduation_confirmed_at: this.c.now(),
        graduation_confirmed_by: this.c.actorId(),
        updated_at: this.c.now(),
      });
      await this.c.auditInTx(trx, {
        action: 'graduation.confirm',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        detail: { graduates, evaluated: enrolments.length, participantIds: enrolments.map((e) => e.participant_id) },
      });
    });
    return { confirmed: true, items: await this.listEnrollmentsNoAudit(cohortId) };
  }

  /**
   * The head of section reopens a confirmed graduation within the programme's window (days after the day it was
   * confirmed, office time), with a reason: the enrolments are open again and unevaluated, graduates step back
   * to the intervention stage, and whatever graduation planned for them is undone by the features that own it
   * (their follow-ups are cancelled). Refused when something was built on it: aid to any of them (409
   * graduation_has_aid), a follow-up already done (409 graduation_has_follow_ups). Exceptions confirmed stay.
   */
  async reopenGraduation(cohortId: string, reason: string) {
    await transact(this.db, async (trx) => {
      const { cohort } = await this.cohorts.loadFor(trx, cohortId, 'graduation.reopen');
      if (!cohort.graduation_confirmed_at)
        throw new AppError('graduation_not_confirmed', 409, 'Graduation of this cohort is not confirmed');
      const programme = await trx
        .selectFrom('programmes')
        .select('graduation_reopen_days')
        .where('id', '=', cohort.programme_id)
        .executeTakeFirstOrThrow();
      const until = reopenUntil(officeDateOf(cohort.graduation_confirmed_at), programme.graduation_reopen_days);
      if (programme.graduation_reopen_days === 0 || this.c.today() > until)
        throw new AppError('reopen_window_closed', 409, 'The time to reopen this graduation has passed', {
          until: programme.graduation_reopen_days === 0 ? null : until,
        });
      const enrolments = await trx
        .selectFrom('enrollments as e')
        .innerJoin('participants as p', 'p.id', 'e.participant_id')
        .selectAll('e')
        .where('e.cohort_id', '=', cohortId)
        .where('e.status', 'in', ['GRADUATED', 'NOT_GRADUATED'])
        .orderBy('e.created_at')
        .orderBy('p.code')
        .execute();
      const graduates = enrolments.filter((e) => e.status === 'GRADUATED').map((e) => e.participant_id);
      // Aid and follow-ups hang off graduation: they refuse, or undo what it planned, in this unit of work.
      await raise(trx, 'graduation.reopened', { cohortId, participantIds: graduates, at: this.c.now() });
      for (const e of enrolments) {
        await updateVersioned(trx, 'enrollments', e.id, e.version, {
          status: 'ENROLLED',
          result: null,
          updated_at: this.c.now(),
        });
        if (e.status === 'GRADUATED')
          await this.people.followStageInTx(
            trx,
            e.participant_id,
            'RESOSIALISASI_REINTEGRASI',
            'INTERVENSI',
            `Kelulusan ${cohort.name} dibuka kembali`,
          );
      }
      await updateVersioned(trx, 'cohorts', cohortId, cohort.version, {
        status: 'RUNNING',
        graduation_confirmed_at: null,
        graduation_confirmed_by: null,
        updated_at: this.c.now(),
      });
      const reopeningId = randomUUID();
      await trx
        .insertInto('graduation_reopenings')
        .values({
          id: reopeningId,
          cohort_id: cohortId,
          confirmed_at: cohort.graduation_confirmed_at,
          confirmed_by: cohort.graduation_confirmed_by,
          reason_ct: seal(
            this.c.s.keys.subkey('system-secrets'),
            this.c.s.keys.kekId,
            reason,
            `graduation_reopenings|reason|${reopeningId}`,
          ),
          reopened_by: this.c.actorId(),
          reopened_at: this.c.now(),
        })
        .execute();
      await this.c.auditInTx(trx, {
        action: 'graduation.reopen',
        resourceType: 'cohort',
        resourceId: cohortId,
        outcome: 'success',
        detail: {
          reopeningId,
          graduates: graduates.length,
          participantIds: enrolments.map((e) => e.participant_id),
        },
      });
    });
    return { confirmed: false, items: await this.listEnrollmentsNoAudit(cohortId) };
  }

  // ================================================================ printed papers
  async attendanceSheetData(sessionId: string) {
    const attendance = await this.attendanceRegister(sessionId);
    const s = await this.db
      .selectFrom('sessions_schedule')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    const session = (await this.presentSessions(this.db, [s]))[0]!;
    const cohort = await this.db
      .selectFrom('cohorts')
      .select(['name', 'region_code'])
      .where('id', '=', s.cohort_id)
      .executeTakeFirstOrThrow();
    await this.c.record(
      this.c.event({
        action: 'document.print',
        resourceType: 'session',
        resourceId: sessionId,
        outcome: 'success',
        detail: { kind: 'attendance_sheet', participantIds: attendance.items.map((i) => i.participantId) },
      }),
    );
    return {
      cohortName: cohort.name,
      region: cohort.region_code,
      session,
      rows: attendance.items,
      printedBy: this.c.actorName,
    };
  }

  async scheduleData(cohortId: string) {
    const sessions = await this.listSessions(cohortId);
    const cohort = await this.db
      .selectFrom('cohorts')
      .select(['name', 'start_date', 'end_date', 'region_code'])
      .where('id', '=', cohortId)
      .executeTakeFirstOrThrow();
    return {
      cohortName: cohort.name,
      region: cohort.region_code,
      startDate: cohort.start_date,
      endDate: cohort.end_date,
      sessions,
      printedBy: this.c.actorName,
    };
  }

  async certificateData(enrollmentId: string) {
    const e = await this.db.selectFrom('enrollments').selectAll().where('id', '=', enrollmentId).executeTakeFirst();
    if (!e) throw notFound();
    await this.cohorts.loadFor(this.db, e.cohort_id, 'cohort.read');
    const { row } = await this.people.loadFor(this.db, e.participant_id, 'participant.read');
    if (e.status !== 'GRADUATED')
      throw new AppError('not_graduated', 409, 'A certificate is for a graduate of a confirmed cohort');
    const cohort = await this.db
      .selectFrom('cohorts as c')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .select(['c.name', 'c.start_date', 'c.end_date', 'c.graduation_confirmed_at', 'p.name as programme'])
      .where('c.id', '=', e.cohort_id)
      .executeTakeFirstOrThrow();
    const identity = JSON.parse(this.people.key(row).openText('participants', 'identity', row.id, row.identity_ct)) as {
      fullName: string;
    };
    await this.people.readAudited(row.id, 'document.print', { kind: 'certificate', enrollmentId });
    return {
      code: row.code,
      region: row.region_code,
      fullName: identity.fullName,
      track: e.track,
      cohort,
      printedBy: this.c.actorName,
    };
  }
}
