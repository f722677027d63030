// One calendar for every Indonesian time zone, used by the server and the web app alike: the zone of a
// province, today and the local date of an instant in a zone, a local day as UTC instants, calendar-date
// arithmetic (days, months clamped to the month's end, ISO week days), weekly session recurrence, and dates and
// times written out as Indonesian papers print them ("7 Desember 2026 03.41 WITA"). Built on
// date-fns with @date-fns/tz: no offset is written by hand. Holidays live in holidays.ts (server only: it
// carries the date-holidays package, which must stay out of the web's first-load bundle).
import { TZDate } from '@date-fns/tz';
import { addDays as dfAddDays, addMonths, getISODay } from 'date-fns';
import { PROVINCE_CODE } from './regions.ts';

export type Zone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
/** How a zone is written after a time: WIB, WITA, WIT. */
export const ZONE_ABBREVIATION: Record<Zone, 'WIB' | 'WITA' | 'WIT'> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const PROVINCE_ZONES = new Map<string, Zone>([
  ...[...range(11, 19), '21', ...range(31, 36), '61', '62'].map((c) => [c, 'Asia/Jakarta'] as const),
  ...[...range(51, 53), ...range(63, 65), ...range(71, 76)].map((c) => [c, 'Asia/Makassar'] as const),
  ...['81', '82', ...range(91, 97)].map((c) => [c, 'Asia/Jayapura'] as const),
]);

/** The zone of a province, by its two-digit Kemendagri code (a longer region code is read by its first two digits). */
export function zoneOfProvince(code: string): Zone {
  const zone = PROVINCE_ZONES.get(code.slice(0, 2));
  if (!zone) throw new RangeError(`No time zone known for province code ${code}`);
  return zone;
}

/** The zone of the office's own province (WITA for South Kalimantan). */
export const OFFICE_ZONE: Zone = zoneOfProvince(PROVINCE_CODE);
/** Its abbreviation as written beside a time of day ("09.00 WITA"). */
export const OFFICE_ZONE_ABBREVIATION = ZONE_ABBREVIATION[OFFICE_ZONE];

// ---------------------------------------------------------------- instants and local days
// YYYY-MM-DD of a zoned date by its own getters (date-fns' format would bring its locale into the web bundle).
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ymd = (d: TZDate) => `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Hours ahead of UTC: Indonesia's zones have whole-hour offsets and no daylight saving. */
export const ZONE_OFFSET_HOURS: Record<Zone, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/**
 * The local date (YYYY-MM-DD) of an instant in a zone: the UTC date of the instant moved by the zone's fixed offset
 * (asked on every record read, so without building a zoned date each time).
 */
export function localDate(instant: Date | string | number, zone: Zone): string {
  return new Date(new Date(instant).getTime() + ZONE_OFFSET_HOURS[zone] * 3_600_000).toISOString().slice(0, 10);
}

// Asked on every record read: worked out once an hour of the given time per zone. Indonesia's zones have
// whole-hour offsets and no daylight saving, so a date cannot change inside a UTC hour.
const todayCache = new Map<Zone, { hour: number; day: string }>();
/** Today's date (YYYY-MM-DD) in a zone. */
export function todayIn(zone: Zone, now: Date = new Date()): string {
  const hour = Math.floor(now.getTime() / 3_600_000);
  const cached = todayCache.get(zone);
  if (cached && cached.hour === hour) return cached.day;
  const day = localDate(now, zone);
  todayCache.set(zone, { hour, day });
  return day;
}

const parts = (iso: string) => iso.split('-').map(Number) as [number, number, number];

/** The instant a local date and time ("HH:mm", default midnight) happens in a zone. */
export function localInstant(date: string, zone: Zone, time = '00:00'): Date {
  const [y, m, d] = parts(date);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, zone).getTime());
}

/** The first instant of a local day, as a UTC instant. */
export const startOfLocalDay = (date: string, zone: Zone): Date => localInstant(date, zone);
/** The last millisecond of a local day, as a UTC instant. */
export const endOfLocalDay = (date: string, zone: Zone): Date =>
  new Date(startOfLocalDay(addDays(date, 1), zone).getTime() - 1);

// ---------------------------------------------------------------- written out, as printed
// Indonesian month names by hand, like ymd above: the same words on every machine, whatever its ICU data.
const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/**
 * A date as Indonesian papers write it: "7 Desember 2026". A calendar date (YYYY-MM-DD: a birth date, a session's
 * day) is written as it is; an instant (ISO date-time or Date) by its local date in the zone (the office's by
 * default), so 19:41 UTC on 6 December is 7 December in WITA.
 */
export function formatLocalDate(value: string | Date, zone: Zone = OFFICE_ZONE): string {
  const [y, m, d] =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? parts(value) : parts(localDate(value, zone));
  return `${d} ${MONTHS_ID[m - 1]} ${y}`;
}

/** An instant as Indonesian papers write it, in the zone (the office's by default): "7 Desember 2026 03.41 WITA". */
export function formatLocalDateTime(instant: string | Date | number, zone: Zone = OFFICE_ZONE): string {
  const t = new TZDate(new Date(instant).getTime(), zone);
  const [y, m, d] = parts(ymd(t));
  return `${d} ${MONTHS_ID[m - 1]} ${y} ${pad(t.getHours())}.${pad(t.getMinutes())} ${ZONE_ABBREVIATION[zone]}`;
}

// ---------------------------------------------------------------- calendar dates (no zone)
const utcDay = (iso: string) => {
  const [y, m, d] = parts(iso);
  return new TZDate(y, m - 1, d, 'UTC');
};
const isoOf = (d: TZDate) => ymd(d);

export const isIsoDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(utcDay(s).getTime()) && isoOf(utcDay(s)) === s;
export const addDays = (iso: string, n: number): string => isoOf(dfAddDays(utcDay(iso), n));
/** Adds months, clamping to the month's end (31 January + 1 month = 28 or 29 February). */
export const addMonthsClamped = (iso: string, months: number): string => isoOf(addMonths(utcDay(iso), months));
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (iso: string): number => getISODay(utcDay(iso));
/** The Monday of the week of a date. */
export const weekStart = (iso: string): string => addDays(iso, 1 - isoWeekday(iso));
/** The last day of a period of whole months from a start (1 March, 1 month → 31 March; 31 January → 27/28 February). */
export const monthPeriodEnd = (start: string, months = 1): string => addDays(addMonthsClamped(start, months), -1);

/**
 * The years from `from` to `to` (ISO dates) after the year of `today` that `covered` does not hold: the years
 * being planned into without an office calendar. This year's and past years' dates are work done or under way (a
 * backlog entered from paper), not planning. Server and web ask the same question with it.
 */
export function yearsWithoutCalendar(
  from: string,
  to: string,
  today: string,
  covered: (year: number) => boolean,
): number[] {
  const missing: number[] = [];
  const first = Math.max(Number(from.slice(0, 4)), Number(today.slice(0, 4)) + 1);
  for (let y = first; y <= Number(to.slice(0, 4)); y++) if (!covered(y)) missing.push(y);
  return missing;
}

/** Every date from from to to, inclusive. */
export function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

// ---------------------------------------------------------------- session recurrence
/** The name of the holiday (or holidays) on a date, or undefined for a working day. */
export type HolidayLookup = (date: string) => string | undefined;

export interface GeneratedDate {
  date: string;
  movedFrom: string | null;
}

/** The dates of a weekly rule (ISO weekdays) between from and to, inclusive. */
export function weeklyDates(weekdays: readonly number[], from: string, to: string): string[] {
  return eachDate(from, to).filter((d) => weekdays.includes(isoWeekday(d)));
}

/**
 * Dates for a weekly rule between from and to (inclusive). A date that is a holiday is skipped, or moved to the
 * next weekday (Monday–Friday) that is neither a holiday nor already taken by the rule and still inside the period.
 */
export function sessionDates(
  weekdays: readonly number[],
  from: string,
  to: string,
  mode: 'skip' | 'move',
  holidayOf: HolidayLookup,
): { dates: GeneratedDate[]; skipped: { date: string; holiday: string }[] } {
  const wanted = weeklyDates(weekdays, from, to);
  const taken = new Set(wanted.filter((d) => !holidayOf(d)));
  const dates: GeneratedDate[] = [];
  const skipped: { date: string; holiday: string }[] = [];
  for (const d of wanted) {
    const holiday = holidayOf(d);
    if (!holiday) {
      dates.push({ date: d, movedFrom: null });
      continue;
    }
    if (mode === 'skip') {
      skipped.push({ date: d, holiday });
      continue;
    }
    let next = addDays(d, 1);
    while (next <= to && (isoWeekday(next) > 5 || holidayOf(next) || taken.has(next))) next = addDays(next, 1);
    if (next > to) skipped.push({ date: d, holiday });
    else {
      taken.add(next);
      dates.push({ date: next, movedFrom: d });
    }
  }
  dates.sort((a, b) => a.date.localeCompare(b.date));
  return { dates, skipped };
}
