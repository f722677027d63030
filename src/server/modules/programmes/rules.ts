// Rules of programme delivery that do not depend on storage: dates, holidays, session generation and the
// completion rule. Holidays are data (reference/holidays-id.csv), updated each year from the joint decree.
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../../paths.ts';

let holidays: Map<string, string> | null = null;
/** National holidays by ISO date (the shipped list; later years must be added as they are decreed). */
export function nationalHolidays(): Map<string, string> {
  if (!holidays) {
    holidays = new Map();
    const lines = fs.readFileSync(path.join(REFERENCE_DIR, 'holidays-id.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const [date, name] = line.split(',');
      if (date && name) holidays.set(date, holidays.has(date) ? `${holidays.get(date)}; ${name}` : name);
    }
  }
  return holidays;
}

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, n: number) => toIso(new Date(toDate(iso).getTime() + n * DAY));
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (iso: string) => ((toDate(iso).getUTCDay() + 6) % 7) + 1;

/** Adds months, clamping to the month's end (31 March + 1 month = 30 April). */
export function addMonthsClamped(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Default cohort end: one month after the start, less a day (1 March → 31 March). */
export function defaultEndDate(start: string): string {
  return addDays(addMonthsClamped(start, 1), -1);
}

export interface GeneratedDate {
  date: string;
  movedFrom: string | null;
}

/**
 * Dates for a weekly rule between from and to (inclusive). A date that is a national holiday is skipped,
 * or moved to the next weekday (Monday–Friday) that is neither a holiday nor already taken by the rule
 * and still inside the period.
 */
export function generateDates(
  weekdays: readonly number[],
  from: string,
  to: string,
  mode: 'skip' | 'move',
  holidayMap: Map<string, string> = nationalHolidays(),
): { dates: GeneratedDate[]; skipped: { date: string; holiday: string }[] } {
  const wanted: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (weekdays.includes(isoWeekday(d))) wanted.push(d);
  const taken = new Set(wanted.filter((d) => !holidayMap.has(d)));
  const dates: GeneratedDate[] = [];
  const skipped: { date: string; holiday: string }[] = [];
  for (const d of wanted) {
    const holiday = holidayMap.get(d);
    if (!holiday) {
      dates.push({ date: d, movedFrom: null });
      continue;
    }
    if (mode === 'skip') {
      skipped.push({ date: d, holiday });
      continue;
    }
    let next = addDays(d, 1);
    while (next <= to && (isoWeekday(next) > 5 || holidayMap.has(next) || taken.has(next))) next = addDays(next, 1);
    if (next > to) skipped.push({ date: d, holiday });
    else {
      taken.add(next);
      dates.push({ date: next, movedFrom: d });
    }
  }
  dates.sort((a, b) => a.date.localeCompare(b.date));
  return { dates, skipped };
}

export interface CompletionRule {
  minAttendanceRate: number;
  allMandatory: boolean;
}

export interface CompletionResult {
  sessionsHeld: number;
  attended: number;
  rate: number;
  mandatoryMissed: number;
  passed: boolean;
}

/**
 * Evaluates one participant against the rule. Held sessions are those not cancelled; present and late
 * count as attended; excused does not (the rule is about being there). Rates compare exactly: 4 of 5 is
 * 0.8 and meets an 80% rule.
 */
export function evaluateCompletion(
  rule: CompletionRule,
  sessions: readonly { id: string; mandatory: boolean }[],
  attendedIds: ReadonlySet<string>,
): CompletionResult {
  const held = sessions.length;
  const attended = sessions.filter((s) => attendedIds.has(s.id)).length;
  const mandatoryMissed = sessions.filter((s) => s.mandatory && !attendedIds.has(s.id)).length;
  const rate = held === 0 ? 0 : attended / held;
  // Integer comparison in basis points avoids 0.8 * 5 = 4.000000000000001.
  const meetsRate = held > 0 && attended * 10_000 >= Math.round(rule.minAttendanceRate * 10_000) * held;
  return { sessionsHeld: held, attended, rate: Math.round(rate * 10_000) / 10_000, mandatoryMissed, passed: meetsRate && (!rule.allMandatory || mandatoryMissed === 0) };
}

/** Attendance locks seven days after the session (except for managers). */
export function attendanceLocked(sessionDate: string, today: string): boolean {
  return today > addDays(sessionDate, 7);
}
