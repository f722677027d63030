// Aggregate figures for the dashboard and the annual report, counted in SQL within the asker's regions.
// Only counts and sums leave this module; de-identification (suppression) is applied by the report module.
import type { RepoCore } from '../../kernel/context.ts';
import { overdueFollowUp } from '../../kernel/overdue.ts';
import { AppError } from '../../errors.ts';
import { REGENCIES, regenciesOf } from '../../../shared/regions.ts';
import { addDays, ZONE_OFFSET_HOURS } from '../../../shared/calendar.ts';
import type { budgetView } from '../../../shared/aid-api.ts';
import type { z } from 'zod';
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { CohortsTable, Database } from '../../db/schema.ts';
import type { dashboardView } from '../../../shared/report-api.ts';
import { isPostgres, sql, transact } from '../../db/write.ts';
import { EQUIPMENT_USES, type EquipmentUse, SESSION_TYPES, type SessionType } from '../../../shared/codes.ts';
import { dashboardSections, isNational, regionsInScope } from '../../policy/index.ts';

type DashboardView = z.infer<typeof dashboardView>;

export interface AnnualFigures {
  year: number;
  regions: string[];
  funnel: Record<
    string,
    { outreach: number; prospects: number; registered: number; assessed: number; enrolled: number; graduated: number }
  >;
  cohorts: {
    id: string;
    name: string;
    regionCode: string;
    startDate: string;
    enrolled: number;
    graduated: number;
    attendanceRate: number | null;
  }[];
  attendanceByType: { type: string; sessions: number; marks: number; attended: number }[];
  /** Held (not cancelled) sessions of the year each partner led, and their minutes from start and end times. */
  partners: { partnerId: string; name: string; sessions: number; minutes: number }[];
  aid: Record<string, { kits: number; value: number }>;
  /**
   * The year's handovers (the same ones `aid` counts) by what the first visit after each found the equipment to
   * be (EQUIPMENT_USES), and those with no such visit yet.
   */
  equipmentUse: { uses: Record<EquipmentUse, number>; notVisited: number };
  budget: {
    programme: string;
    ceiling: number;
    planned: number;
    realised: number;
    graduates: number;
    costPerGraduate: number | null;
  }[];
  followUp: { months: number; due: number; reached: number; businessRunning: number }[];
  narrative: string | null;
  /** Records of the year (by the day they happened) entered more than `days` days after it. */
  lateEntries: { days: number; registered: number; assessed: number; enrolled: number };
}

const n = (v: unknown) => Number(v ?? 0);

/** A cohort of the report's year with its own counts (ReportStore.yearCohorts). */
interface YearCohort {
  id: string;
  name: string;
  regionCode: string;
  startDate: string;
  status: string;
  enrolled: number;
  graduated: number;
  lateEnrolments: number;
  byType: Record<SessionType, { sessions: number; marks: number; attended: number }>;
}

/** No session of any activity type. */
const noActivities = (): YearCohort['byType'] =>
  Object.fromEntries(SESSION_TYPES.map((t) => [t, { sessions: 0, marks: 0, attended: 0 }])) as YearCohort['byType'];

/** Minutes between two office times "HH:MM" of one day (a session ends after it starts). */
export const sessionMinutes = (start: string, end: string): number => {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return Math.max(0, m(end) - m(start));
};

/** A programme's budget, as business aid reckons it (the repository hands aid's store in: a feature below). */
export interface BudgetSource {
  budget(programmeId: string): Promise<z.infer<typeof budgetView>>;
}

export class ReportStore {
  constructor(
    private readonly c: RepoCore,
    private readonly aid: BudgetSource,
  ) {}

  private get db() {
    return this.c.db;
  }

  /**
   * Counts that may lag a few seconds behind (the read replica when one is current; decision 043). The year's
   * narrative is not among them: its writer reads it back at once.
   */
  private get reads() {
    return this.c.lagTolerantDb;
  }

  /** The kabupaten/kota of the request's province; of every province for a national reader. */
  private regencies(): string[] {
    const actor = this.c.actor;
    return (actor && isNational(actor) ? REGENCIES : regenciesOf(this.c.province)).map((r) => r.code);
  }

  /**
   * Everyone recorded lies in these regions, so a count may leave its region test out: the nation, or the whole
   * province of an office that records no other province's people.
   */
  private async holdsEveryone(regions: readonly string[]): Promise<boolean> {
    const actor = this.c.actor;
    if (actor && isNational(actor)) return true;
    return regions.length === this.regencies().length && (await this.c.onlyProvinceRecorded(this.c.province));
  }

  /** The regions the asker may count: her scope, narrowed to the requested region. */
  regionsFor(requested?: string): string[] {
    const actor = this.c.actor;
    const all = this.regencies();
    const mine = actor ? regionsInScope(actor, all) : all;
    if (!requested || requested === this.c.province) return mine;
    if (!mine.includes(requested)) throw new AppError('forbidden_region', 403, 'That region is outside your scope');
    return [requested];
  }

  async annual(year: number, region?: string): Promise<AnnualFigures> {
    this.c.check('report.read');
    const regions = this.regionsFor(region);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const funnel: AnnualFigures['funnel'] = Object.fromEntries(
      regions.map((r) => [r, { outreach: 0, prospects: 0, registered: 0, assessed: 0, enrolled: 0, graduated: 0 }]),
    );
    const add = (rows: { region: string; n: unknown }[], key: keyof AnnualFigures['funnel'][string]) => {
      for (const r of rows) if (funnel[r.region]) funnel[r.region]![key] += n(r.n);
    };
    // Everyone recorded lies in these regions (the nation; the whole province of a single-province office): the
    // region test is left out where it would make the database walk every participant by region instead of the
    // year's few.
    const wholeProvince = await this.holdsEveryone(regions);
    // Records of the year entered late (counted in the same queries as the funnel).
    const lateEntries = { days: this.c.s.config.lateEntryDays, registered: 0, assessed: 0, enrolled: 0 };
    const yearCohorts: YearCohort[] = [];
    if (regions.length > 0) {
      add(
        await this.reads
          .selectFrom('outreach_contacts')
          .select(['region_code as region', (eb) => eb.fn.countAll().as('n')])
          .where('contact_date', '>=', from)
          .where('contact_date', '<=', to)
          .where('region_code', 'in', regions)
          .groupBy('region_code')
          .execute(),
        'outreach',
      );
      add(
        await this.reads
          .selectFrom('prospects as p')
          .select(['p.region_code as region', (eb) => eb.fn.countAll().as('n')])
          .$if(!wholeProvince, (qb) => qb.where('p.region_code', 'in', regions))
          .where('p.id', 'in', (eb) =>
            eb
              .selectFrom('outreach_contacts')
              .select('prospect_id')
              .groupBy('prospect_id')
              .having((h) => h.fn.min('contact_date'), '>=', from)
              .having((h) => h.fn.min('contact_date'), '<=', to),
          )
          .groupBy('p.region_code')
          .execute(),
        'prospects',
      );
      // Counted by the day each happened (registered_on, assessed_on), not the day it was entered.
      const registered = await this.reads
        .selectFrom('participants')
        .select([
          'region_code as region',
          (eb) => eb.fn.countAll().as('n'),
          (eb) => eb.fn.sum<number>(this.whenLate('registered_on', 'created_at')).as('late'),
        ])
        .where('registered_on', '>=', from)
        .where('registered_on', '<=', to)
        .where('region_code', 'in', regions)
        .groupBy('region_code')
        .execute();
      add(registered, 'registered');
      lateEntries.registered = registered.reduce((sum, r) => sum + n(r.late), 0);
      // People assessed in the year (by the day it happened), and how many of those assessments were entered late.
      const assessed = await this.reads
        .selectFrom('assessments as a')
        .innerJoin('participants as p', 'p.id', 'a.participant_id')
        .select([
          'p.region_code as region',
          (eb) => eb.fn.count('a.participant_id').distinct().as('n'),
          (eb) => eb.fn.sum<number>(this.whenLate('a.assessed_on', 'a.assessed_at')).as('late'),
        ])
        .$if(!wholeProvince, (qb) => qb.where('p.region_code', 'in', regions))
        .where('a.assessed_on', '>=', from)
        .where('a.assessed_on', '<=', to)
        .groupBy('p.region_code')
        .execute();
      add(assessed, 'assessed');
      lateEntries.assessed = assessed.reduce((sum, r) => sum + n(r.late), 0);
      // The year's cohorts with their own figures, each read through the cohort's own index (yearCohorts).
      yearCohorts.push(...(await this.yearCohorts(from, to, regions)));
      for (const c of yearCohorts) {
        const f = funnel[c.regionCode];
        if (!f) continue;
        f.enrolled += c.enrolled;
        f.graduated += c.graduated;
        lateEntries.enrolled += c.lateEnrolments;
      }
    }

    const cohorts: AnnualFigures['cohorts'] = [];
    const byType = new Map<string, { sessions: number; marks: number; attended: number }>();
    for (const c of yearCohorts) {
      if (c.status === 'CANCELLED') continue;
      let marks = 0;
      let attended = 0;
      for (const [type, t] of Object.entries(c.byType)) {
        marks += t.marks;
        attended += t.attended;
        if (t.sessions === 0) continue;
        const sum = byType.get(type) ?? { sessions: 0, marks: 0, attended: 0 };
        sum.sessions += t.sessions;
        sum.marks += t.marks;
        sum.attended += t.attended;
        byType.set(type, sum);
      }
      cohorts.push({
        id: c.id,
        name: c.name,
        regionCode: c.regionCode,
        startDate: c.startDate,
        enrolled: c.enrolled,
        graduated: c.graduated,
        attendanceRate: marks > 0 ? Math.round((attended / marks) * 10_000) / 10_000 : null,
      });
    }
    const cohortIds = cohorts.map((c) => c.id);
    const attendanceByType = [...byType.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([type, t]) => ({ type, ...t }));

    // Sessions dated in the year (not by their cohort's start): a partner's year is the sessions it led in it.
    // Grouped by their times too, so minutes are summed here without date arithmetic in two SQL dialects.
    const partnerRows = regions.length
      ? await this.reads
          .selectFrom('sessions_schedule as s')
          .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
          .innerJoin('partners as p', 'p.id', 's.partner_id')
          .select(['p.id', 'p.name', 's.start_time', 's.end_time', (eb) => eb.fn.countAll().as('n')])
          .where('s.cancelled', '=', 0)
          .where('s.date', '>=', from)
          .where('s.date', '<=', to)
          .where('c.region_code', 'in', regions)
          .groupBy(['p.id', 'p.name', 's.start_time', 's.end_time'])
          .execute()
      : [];
    const byPartner = new Map<string, AnnualFigures['partners'][number]>();
    for (const r of partnerRows) {
      const p = byPartner.get(r.id) ?? { partnerId: r.id, name: r.name, sessions: 0, minutes: 0 };
      p.sessions += n(r.n);
      p.minutes += n(r.n) * sessionMinutes(r.start_time, r.end_time);
      byPartner.set(r.id, p);
    }
    const partners = [...byPartner.values()].sort((a, b) => a.name.localeCompare(b.name, 'id'));

    // The year's handovers by the region of their cohort, and by the use each one's first recorded visit found (by
    // the visit's date; a visit that did not record it, before it was asked for, does not count): offices learn
    // whether the tools are used.
    const aid: AnnualFigures['aid'] = Object.fromEntries(regions.map((r) => [r, { kits: 0, value: 0 }]));
    const equipmentUse: AnnualFigures['equipmentUse'] = {
      uses: Object.fromEntries(EQUIPMENT_USES.map((u) => [u, 0])) as Record<EquipmentUse, number>,
      notVisited: 0,
    };
    for (const c of regions.length ? await this.handoversByCohort(from, to, regions) : []) {
      const a = aid[c.regionCode];
      if (a) {
        a.kits += c.kits;
        a.value += c.value;
      }
      let visited = 0;
      for (const u of EQUIPMENT_USES) {
        equipmentUse.uses[u] += c.uses[u];
        visited += c.uses[u];
      }
      equipmentUse.notVisited += c.kits - visited;
    }

    const budget: AnnualFigures['budget'] = [];
    if (this.c.allowed('budget.read')) {
      const programmes = await this.reads
        .selectFrom('programmes')
        .select(['id', 'name'])
        .where('year', '=', year)
        .orderBy('name')
        .execute();
      for (const p of programmes) {
        const b = await this.aid.budget(p.id);
        budget.push({
          programme: p.name,
          ceiling: b.ceiling,
          planned: b.planned,
          realised: b.realised,
          graduates: b.graduates,
          costPerGraduate: b.costPerGraduate,
        });
      }
    }

    const followUp: AnnualFigures['followUp'] = [];
    if (cohortIds.length) {
      const rows = await this.reads
        .selectFrom('follow_ups as f')
        .leftJoin('follow_up_visits as v', 'v.follow_up_id', 'f.id')
        .select([
          'f.point_months',
          (eb) => eb.fn.count('f.id').distinct().as('due'),
          (eb) => eb.fn.sum<number>(eb.case().when('f.status', '=', 'DONE').then(1).else(0).end()).as('reached'),
          (eb) =>
            eb.fn.sum<number>(eb.case().when('v.business_status', '=', 'RUNNING').then(1).else(0).end()).as('running'),
        ])
        .where('f.cohort_id', 'in', cohortIds)
        .where('f.status', '!=', 'CANCELLED')
        .groupBy('f.point_months')
        .orderBy('f.point_months')
        .execute();
      for (const r of rows)
        followUp.push({
          months: n(r.point_months),
          due: n(r.due),
          reached: n(r.reached),
          businessRunning: n(r.running),
        });
    }

    const narrative = await this.db
      .selectFrom('report_narratives')
      .select('text')
      .where('year', '=', year)
      .where('region_key', '=', region ?? this.c.province)
      .executeTakeFirst();
    await this.c.record(
      this.c.event({
        action: 'report.read',
        resourceType: 'report',
        resourceId: `annual:${year}:${region ?? this.c.province}`,
        outcome: 'success',
      }),
    );
    return {
      lateEntries,
      year,
      regions,
      funnel,
      cohorts,
      attendanceByType,
      partners,
      aid,
      equipmentUse,
      budget,
      followUp,
      narrative: narrative?.text ?? null,
    };
  }

  /**
   * The cohorts starting in the year in these regions (cancelled ones too: their enrolments count in the funnel),
   * each with its enrolments and, by activity type, its held sessions, attendance marks and marks present or late.
   * Every figure is read one cohort at a time through the cohort's own index: a province's year is a few hundred
   * cohorts among every cohort of the nation, and one join over a list of them is planned by PostgreSQL as a scan of
   * every session, enrolment and mark there is. On PostgreSQL each cohort's figures are a LATERAL subquery (grouped,
   * so it is never flattened into a join and stays a per-cohort index scan); SQLite has no LATERAL, and walks a join
   * from the cohorts cohort by cohort through the same indexes.
   */
  private async yearCohorts(from: string, to: string, regions: readonly string[]): Promise<YearCohort[]> {
    const late = this.whenLate('e.enrolled_on', 'e.created_at');
    const cohortsOfYear = this.reads
      .selectFrom('cohorts as c')
      .where('c.start_date', '>=', from)
      .where('c.start_date', '<=', to)
      .where('c.region_code', 'in', regions);
    if (isPostgres(this.db)) return this.yearCohortsLateral(cohortsOfYear, late);
    // SQLite: the same two statements as joins from the cohorts, which SQLite walks cohort by cohort.
    const [enrolments, activities] = await Promise.all([
      cohortsOfYear
        .leftJoin('enrollments as e', (j) => j.onRef('e.cohort_id', '=', 'c.id').on('e.status', '!=', 'WAITLISTED'))
        .select((x) => [
          'c.id',
          'c.name',
          'c.region_code',
          'c.start_date',
          'c.status',
          x.fn.count<number>('e.id').as('enrolled'),
          x.fn.sum<number>(x.case().when('e.status', '=', 'GRADUATED').then(1).else(0).end()).as('graduated'),
          x.fn.sum<number>(late).as('late'),
        ])
        .groupBy(['c.id', 'c.name', 'c.region_code', 'c.start_date', 'c.status'])
        .orderBy('c.start_date')
        .orderBy('c.id')
        .execute(),
      cohortsOfYear
        .innerJoin('sessions_schedule as s', 's.cohort_id', 'c.id')
        .leftJoin('attendance as a', 'a.session_id', 's.id')
        .select((x) => [
          'c.id',
          's.type',
          x.fn.count('s.id').distinct().as('sessions'),
          x.fn.count('a.session_id').as('marks'),
          x.fn.sum<number>(x.case().when('a.status', 'in', ['PRESENT', 'LATE']).then(1).else(0).end()).as('attended'),
        ])
        .where('s.cancelled', '=', 0)
        .groupBy(['c.id', 's.type'])
        .execute(),
    ]);
    return this.cohortFigures(enrolments, activities);
  }

  /** PostgreSQL's form of yearCohorts: each cohort's figures a grouped LATERAL subquery. */
  private async yearCohortsLateral(
    cohortsOfYear: SelectQueryBuilder<Database & { c: CohortsTable }, 'c', object>,
    late: ReturnType<ReportStore['whenLate']>,
  ): Promise<YearCohort[]> {
    const [enrolments, activities] = await Promise.all([
      cohortsOfYear
        .crossJoinLateral((eb) =>
          eb
            .selectFrom('enrollments as e')
            .select((x) => [
              x.fn.countAll<number>().as('enrolled'),
              x.fn.sum<number>(x.case().when('e.status', '=', 'GRADUATED').then(1).else(0).end()).as('graduated'),
              x.fn.sum<number>(late).as('late'),
            ])
            .whereRef('e.cohort_id', '=', 'c.id')
            .where('e.status', '!=', 'WAITLISTED')
            .as('e'),
        )
        .select(['c.id', 'c.name', 'c.region_code', 'c.start_date', 'c.status', 'e.enrolled', 'e.graduated', 'e.late'])
        .orderBy('c.start_date')
        .orderBy('c.id')
        .execute(),
      cohortsOfYear
        .crossJoinLateral((eb) =>
          eb
            .selectFrom('sessions_schedule as s')
            .leftJoin('attendance as a', 'a.session_id', 's.id')
            .select((x) => [
              's.type',
              x.fn.count('s.id').distinct().as('sessions'),
              x.fn.count('a.session_id').as('marks'),
              x.fn
                .sum<number>(x.case().when('a.status', 'in', ['PRESENT', 'LATE']).then(1).else(0).end())
                .as('attended'),
            ])
            .whereRef('s.cohort_id', '=', 'c.id')
            .where('s.cancelled', '=', 0)
            .groupBy('s.type')
            .as('t'),
        )
        .select(['c.id', 't.type', 't.sessions', 't.marks', 't.attended'])
        .execute(),
    ]);
    return this.cohortFigures(enrolments, activities);
  }

  /** A year's cohorts from their enrolment counts and their sessions and marks by activity type. */
  private cohortFigures(
    enrolments: {
      id: string;
      name: string;
      region_code: string;
      start_date: string;
      status: string;
      enrolled: unknown;
      graduated: unknown;
      late: unknown;
    }[],
    activities: { id: string; type: string; sessions: unknown; marks: unknown; attended: unknown }[],
  ): YearCohort[] {
    const byCohort = new Map<string, YearCohort['byType']>();
    for (const r of activities) {
      let types = byCohort.get(r.id);
      if (!types) {
        types = noActivities();
        byCohort.set(r.id, types);
      }
      const t = types[r.type as SessionType];
      if (t) {
        t.sessions = n(r.sessions);
        t.marks = n(r.marks);
        t.attended = n(r.attended);
      }
    }
    return enrolments.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      startDate: r.start_date,
      status: r.status,
      enrolled: n(r.enrolled),
      graduated: n(r.graduated),
      lateEnrolments: n(r.late),
      byType: byCohort.get(r.id) ?? noActivities(),
    }));
  }

  /**
   * Kits handed over in the year, by cohort of these regions (a cohort of any year: a kit is handed over after
   * its cohort ends), with their value and how many of them the first visit that recorded a use found in each
   * use. One cohort's allocations at a time, through their cohort index (see yearCohorts).
   */
  private async handoversByCohort(
    from: string,
    to: string,
    regions: readonly string[],
  ): Promise<{ regionCode: string; kits: number; value: number; uses: Record<EquipmentUse, number> }[]> {
    const firstUse = (eb: ExpressionBuilder<Database, 'allocations'>) =>
      eb
        .selectFrom('follow_up_visits as v')
        .select('v.equipment_use')
        .whereRef('v.equipment_allocation_id', '=', 'allocations.id')
        .where('v.equipment_use', 'is not', null)
        .orderBy('v.date')
        .orderBy('v.created_at')
        .limit(1);
    // On PostgreSQL one grouped LATERAL subquery per cohort (see yearCohorts); on SQLite a join from the cohorts.
    const rows = isPostgres(this.db)
      ? await this.reads
          .selectFrom('cohorts as c')
          .crossJoinLateral((eb) =>
            eb
              .selectFrom((x) =>
                x
                  .selectFrom('allocations')
                  .select((y) => ['allocations.value', firstUse(y).as('first_use')])
                  .where('allocations.cohort_id', '=', sql.ref<string>('c.id'))
                  .where('allocations.status', '=', 'HANDED_OVER')
                  .where('allocations.handover_date', '>=', from)
                  .where('allocations.handover_date', '<=', to)
                  .as('h'),
              )
              .select((x) => [
                'h.first_use',
                x.fn.countAll<number>().as('kits'),
                x.fn.sum<number>('h.value').as('value'),
              ])
              .groupBy('h.first_use')
              .as('u'),
          )
          .select(['c.region_code', 'u.first_use', 'u.kits', 'u.value'])
          .where('c.start_date', '<=', to)
          .where('c.region_code', 'in', regions)
          .execute()
      : await this.reads
          .selectFrom((x) =>
            x
              .selectFrom('cohorts as c')
              .innerJoin('allocations', 'allocations.cohort_id', 'c.id')
              .select((y) => ['c.region_code', 'allocations.value', firstUse(y).as('first_use')])
              .where('allocations.status', '=', 'HANDED_OVER')
              .where('allocations.handover_date', '>=', from)
              .where('allocations.handover_date', '<=', to)
              .where('c.start_date', '<=', to)
              .where('c.region_code', 'in', regions)
              .as('h'),
          )
          .select((x) => [
            'h.region_code',
            'h.first_use',
            x.fn.countAll<number>().as('kits'),
            x.fn.sum<number>('h.value').as('value'),
          ])
          .groupBy(['h.region_code', 'h.first_use'])
          .execute();
    return rows.map((r) => {
      const uses = Object.fromEntries(EQUIPMENT_USES.map((u) => [u, 0])) as Record<EquipmentUse, number>;
      const use = r.first_use as EquipmentUse | null;
      if (use && Object.hasOwn(uses, use)) uses[use] = n(r.kits);
      return { regionCode: r.region_code, kits: n(r.kits), value: n(r.value), uses };
    });
  }

  /**
   * 1 for a record entered more than the office's number of days after the day it happened, else 0: the entry
   * instant's office day against that day (Indonesia keeps no summer time: a fixed offset).
   */
  private whenLate(day: string, entered: string) {
    const days = this.c.s.config.lateEntryDays;
    const hours = ZONE_OFFSET_HOURS[this.c.zone];
    return isPostgres(this.db)
      ? sql<number>`case when (${sql.ref(day)}::date + ${sql.lit(days)}) < (${sql.ref(entered)}::timestamptz at time zone 'UTC' + interval '${sql.raw(String(hours))} hours')::date then 1 else 0 end`
      : sql<number>`case when date(${sql.ref(day)}, '+${sql.raw(String(days))} days') < date(${sql.ref(entered)}, '+${sql.raw(String(hours))} hours') then 1 else 0 end`;
  }

  /** Every export is audited with its format and audience. */
  async recordExport(resourceId: string, format: string, share: string) {
    await this.c.record(
      this.c.event({
        action: 'report.export',
        resourceType: 'report',
        resourceId,
        outcome: 'success',
        detail: { format, share },
      }),
    );
  }

  async setNarrative(year: number, region: string | undefined, text: string) {
    this.c.check('report.narrative');
    this.regionsFor(region);
    const key = region ?? this.c.province;
    await transact(this.db, async (trx) => {
      const now = this.c.s.clock.now().toISOString();
      await trx
        .insertInto('report_narratives')
        .values({ year, region_key: key, text, updated_by: this.c.actor?.id ?? 'system', updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['year', 'region_key'])
            .doUpdateSet({ text, updated_by: this.c.actor?.id ?? 'system', updated_at: now }),
        )
        .execute();
      await this.c.auditInTx(trx, {
        action: 'report.narrative',
        resourceType: 'report',
        resourceId: `annual:${year}:${key}`,
        outcome: 'success',
      });
    });
  }

  /** The dashboard: each role's own slice, counts only. */
  async dashboard() {
    this.c.check('dashboard.read');
    const actor = this.c.actor;
    const today = this.c.today();
    const year = Number(today.slice(0, 4));
    const out: DashboardView = { today };
    // System work (the CLI) sees every section.
    const sections = actor ? dashboardSections(actor) : { caseload: true, programme: true, sessions: true };
    if (sections.caseload) {
      // Her own slice: the head of section's regions, a caseworker's own cases (kernel/scope.ts).
      const q = this.c.scoped(
        'caseload',
        this.reads
          .selectFrom('participants as p')
          .select(['p.stage', 'p.region_code', (eb) => eb.fn.countAll().as('n')])
          .groupBy(['p.stage', 'p.region_code']),
        { id: 'p.id', region: 'p.region_code' },
      );
      out.participantsByStage = (await q.execute()).map((r) => ({
        stage: r.stage,
        regionCode: r.region_code,
        count: n(r.n),
      }));
      const fu = this.c.scoped(
        'caseload',
        this.reads
          .selectFrom('follow_ups as f')
          .innerJoin('participants as p', 'p.id', 'f.participant_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where(overdueFollowUp('f', today)),
        { id: 'p.id', region: 'p.region_code' },
      );
      out.overdueFollowUps = n((await fu.executeTakeFirst())?.n);
    }
    if (sections.programme) {
      const regions = this.regionsFor();
      out.cohorts = (await this.annual(year)).cohorts.filter((c) => regions.includes(c.regionCode));
      const programmes = await this.reads
        .selectFrom('programmes')
        .select(['id', 'name'])
        .where('year', '=', year)
        .execute();
      out.budget = await Promise.all(
        programmes.map(async (p) => ({ programme: p.name, ...(await this.aid.budget(p.id)) })),
      );
    }
    if (sections.sessions) {
      const s = this.c.scoped(
        'session',
        this.reads
          .selectFrom('sessions_schedule as s')
          .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
          .select(['s.id', 's.date', 's.start_time', 's.type', 'c.name as cohort'])
          .where('s.cancelled', '=', 0)
          .where('s.date', '>=', today)
          .where('s.date', '<=', addDays(today, 7))
          .orderBy('s.date')
          .limit(50),
        { facilitator: 's.facilitator_id', region: 'c.region_code' },
      );
      out.upcomingSessions = await s.execute();
    }
    return out;
  }
}
