// Rules of programme delivery that do not depend on storage: holidays, session generation and the completion
// rule. Dates and recurrence are the shared calendar's (src/shared/calendar.ts); holidays are data: the decreed
// national list (reference/holidays-id.csv), the date-holidays package for later years, and the office calendar
// (reference/office-calendar.json: collective leave and local decrees), updated each year from the joint decree.
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../../paths.ts';
import { AppError } from '../../errors.ts';
import {
  addDays,
  monthPeriodEnd,
  sessionDates,
  type GeneratedDate,
  type HolidayLookup,
  yearsWithoutCalendar,
} from '../../../shared/calendar.ts';
import { HolidayCalendar, type OfficeCalendar } from '../../../shared/holidays.ts';
import { PROVINCE_CODE } from '../../../shared/regions.ts';

/** The decreed national holidays shipped in reference/holidays-id.csv, by ISO date. */
export function decreedNationalHolidays(): Map<string, string> {
  const map = new Map<string, string>();
  const lines = fs.readFileSync(path.join(REFERENCE_DIR, 'holidays-id.csv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [date, name] = line.split(',');
    if (date && name) map.set(date, map.has(date) ? `${map.get(date)}; ${name}` : name);
  }
  return map;
}

let calendar: HolidayCalendar | null = null;
/** The holiday calendar over the shipped reference files (loaded once). */
export function holidayCalendar(): HolidayCalendar {
  if (!calendar) {
    const office = JSON.parse(
      fs.readFileSync(path.join(REFERENCE_DIR, 'office-calendar.json'), 'utf8'),
    ) as OfficeCalendar;
    calendar = new HolidayCalendar(office, decreedNationalHolidays());
  }
  return calendar;
}

export const isHoliday = (date: string, region: string = PROVINCE_CODE) => holidayCalendar().isHoliday(date, region);
export const holidaysBetween = (from: string, to: string, region: string = PROVINCE_CODE) =>
  holidayCalendar().holidaysBetween(from, to, region);
export const hasCalendarFor = (year: number) => holidayCalendar().hasCalendarFor(year);

/** The coming years from `from` to `to` that the office calendar does not cover (the shared calendar's rule). */
export const yearsToConfirm = (from: string, to: string, today: string) =>
  yearsWithoutCalendar(from, to, today, hasCalendarFor);

/** The month and day from which next year's missing office calendar is worth a warning (cohorts are planned ahead). */
export const CALENDAR_WARNING_FROM = '10-01';

/** Which years the office calendar covers, and whether next year's is overdue, on `today` (office time). */
export function calendarStatusOn(today: string) {
  const { years, provisional } = holidayCalendar().calendarYears();
  const nextYear = Number(today.slice(0, 4)) + 1;
  return {
    today,
    years,
    provisionalYears: provisional,
    nextYear,
    warnNextYearMissing: today.slice(5) >= CALENDAR_WARNING_FROM && !years.includes(nextYear),
  };
}

/**
 * A cohort's dates: it ends on or after it starts (400, on `field`), and dates in a coming year without an office
 * calendar are refused unless the head of section confirms them (409): that year's collective leave days would not
 * be known, and sessions would be planned on them.
 */
export function assertCohortDates(
  from: string,
  to: string,
  field: string,
  today: string,
  confirmed: boolean | undefined,
): void {
  if (to < from)
    throw new AppError('validation_failed', 400, 'The cohort ends before it starts', [
      { field, message: 'Before the start', code: 'range' },
    ]);
  const missing = yearsToConfirm(from, to, today);
  if (missing.length === 0 || confirmed) return;
  throw new AppError(
    'office_calendar_missing',
    409,
    `The office calendar (collective leave, local holidays) for ${missing.join(', ')} is not loaded yet: confirm to schedule with national holidays only`,
    { years: missing },
  );
}
/** The holiday lookup of a province or kabupaten/kota. */
export const holidayLookup =
  (region: string = PROVINCE_CODE): HolidayLookup =>
  (date) =>
    holidayCalendar().holidayName(date, region);

/** Default cohort end: one month after the start, less a day (1 March → 31 March). */
export const defaultEndDate = (start: string): string => monthPeriodEnd(start, 1);

/**
 * Dates for a weekly rule between from and to (inclusive). A date that is a holiday (national, collective leave
 * or local) is skipped, or moved to the next weekday (Monday–Friday) that is neither a holiday nor already taken
 * by the rule and still inside the period.
 */
export function generateDates(
  weekdays: readonly number[],
  from: string,
  to: string,
  mode: 'skip' | 'move',
  holidays: Map<string, string> | HolidayLookup = holidayLookup(),
): { dates: GeneratedDate[]; skipped: { date: string; holiday: string }[] } {
  return sessionDates(weekdays, from, to, mode, holidays instanceof Map ? (d) => holidays.get(d) : holidays);
}

export interface CompletionRule {
  minAttendanceRate: number;
  allMandatory: boolean;
  /** Excused absences counted as attended (absent in rules saved before the setting: none). */
  excusedAbsencesAllowed?: number;
}

export interface CompletionResult {
  sessionsHeld: number;
  attended: number;
  rate: number;
  mandatoryMissed: number;
  excused: number;
  excusedCounted: number;
  passed: boolean;
  /** She passes by a confirmed exception, the figures alone failing her. */
  byException?: boolean;
}

/** The rule as stored, with the settings added since read as their defaults. */
export const completionRuleOf = (json: string): Required<CompletionRule> => {
  const r = JSON.parse(json) as CompletionRule;
  return { ...r, excusedAbsencesAllowed: r.excusedAbsencesAllowed ?? 0 };
};

/**
 * Evaluates one participant against the rule. Held sessions are those not cancelled, given in their order;
 * present and late count as attended; excused absences count as attended up to the programme's allowance, the
 * earliest first (an office's "izin paling banyak dua kali": the third counts as absent), for the rate and for
 * mandatory sessions alike. Rates compare exactly: 4 of 5 is 0.8 and meets an 80% rule.
 */
export function evaluateCompletion(
  rule: CompletionRule,
  sessions: readonly { id: string; mandatory: boolean }[],
  attendedIds: ReadonlySet<string>,
  excusedIds: ReadonlySet<string> = new Set(),
): CompletionResult {
  const allowance = rule.excusedAbsencesAllowed ?? 0;
  const excused = sessions.filter((s) => excusedIds.has(s.id) && !attendedIds.has(s.id));
  const forgiven = new Set(excused.slice(0, allowance).map((s) => s.id));
  const counts = (id: string) => attendedIds.has(id) || forgiven.has(id);
  const held = sessions.length;
  const attended = sessions.filter((s) => counts(s.id)).length;
  const mandatoryMissed = sessions.filter((s) => s.mandatory && !counts(s.id)).length;
  const rate = held === 0 ? 0 : attended / held;
  // Integer comparison in basis points avoids 0.8 * 5 = 4.000000000000001.
  const meetsRate = held > 0 && attended * 10_000 >= Math.round(rule.minAttendanceRate * 10_000) * held;
  return {
    sessionsHeld: held,
    attended,
    rate: Math.round(rate * 10_000) / 10_000,
    mandatoryMissed,
    excused: excused.length,
    excusedCounted: forgiven.size,
    passed: meetsRate && (!rule.allMandatory || mandatoryMissed === 0),
  };
}

/** A confirmed exception makes her pass; the figures stay as they are. */
export const withException = (r: CompletionResult): CompletionResult =>
  r.passed ? r : { ...r, passed: true, byException: true };

/** The last office day on which a graduation confirmed at `confirmedOn` may be reopened. */
export const reopenUntil = (confirmedOn: string, days: number): string => addDays(confirmedOn, days);

/** Attendance locks seven days after the session (except for managers). */
export function attendanceLocked(sessionDate: string, today: string): boolean {
  return today > addDays(sessionDate, 7);
}

/**
 * A session lies within its cohort's dates (400 date_out_of_order, code outside_cohort): its attendance is part of
 * that course, and the completion rule counts only the cohort's own sessions.
 */
export function assertWithinCohort(cohort: { start_date: string; end_date: string }, date: string, field: string) {
  if (date < cohort.start_date || date > cohort.end_date)
    throw new AppError(
      'date_out_of_order',
      400,
      `The date ${date} is outside the cohort's dates (${cohort.start_date} to ${cohort.end_date})`,
      [{ field, message: `Within ${cohort.start_date} to ${cohort.end_date}`, code: 'outside_cohort' }],
    );
}
