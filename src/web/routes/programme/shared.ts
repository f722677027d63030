// Helpers shared by the programme screens: rupiah, calendar dates and times in WITA, the code labels of
// this module, and the programme's own wording for some of the server's error codes.
import type { ParseKeys, TFunction } from 'i18next';
import { ApiError } from '../../data/client.ts';
import { errorMessage } from '../../errors.ts';
import { currentLanguage, currentLocale } from '../../i18n/index.ts';
import { formatDay } from '../../format.ts';
import { programmeId as catalogue } from '../../i18n/programme.id.ts';
import { isIsoDate, monthPeriodEnd, OFFICE_ZONE_ABBREVIATION } from '../../../shared/calendar.ts';

// ---------------------------------------------------------------- money
export { formatRupiah } from '../../format.ts';

// ---------------------------------------------------------------- calendar dates (no time zone): the shared calendar's
export { addDays, isIsoDate, isoWeekday, weekStart } from '../../../shared/calendar.ts';

/** The server's default end of a cohort: one month after the start, less a day (1 March → 31 March). */
export const defaultEndDate = (start: string): string => (isIsoDate(start) ? monthPeriodEnd(start, 1) : '');

/** "Jumat, 1 Maret 2019" / "Friday, 1 March 2019". */
export function formatWeekdayDate(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  const d = new Date(`${iso}T12:00:00Z`);
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}

/** "1 Maret 2019 – 31 Maret 2019". */
export const formatPeriod = (from: string, to: string) => `${formatDay(from)} – ${formatDay(to)}`;

/** "08.00–10.00 WITA" (Indonesian) or "08:00–10:00 WITA" (English): local times of the office's zone. */
export function formatTimeRange(start: string, end: string): string {
  const f = (s: string) => (currentLanguage() === 'en' ? s : s.replace(':', '.'));
  return `${f(start)}–${f(end)} ${OFFICE_ZONE_ABBREVIATION}`;
}

/** "80%" / "66,7%". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** "Kehadiran minimal 80%, semua sesi wajib diikuti" (", izin dihitung hadir paling banyak 2 kali" when allowed). */
export function ruleText(
  p: { completionRule: { minAttendanceRate: number; allMandatory: boolean; excusedAbsencesAllowed?: number } },
  t: TFunction,
): string {
  const rate = formatPercent(p.completionRule.minAttendanceRate);
  const base = p.completionRule.allMandatory
    ? t('programme.programmes.ruleAll', { rate })
    : t('programme.programmes.ruleRate', { rate });
  const excused = p.completionRule.excusedAbsencesAllowed ?? 0;
  return excused > 0 ? `${base}${t('programme.programmes.ruleExcused', { count: excused })}` : base;
}

// ---------------------------------------------------------------- code labels
type Codes = typeof catalogue.programme.codes;
export type ProgrammeCodeGroup = Exclude<keyof Codes, 'weekdays'>;

/** The label of one code of this module, e.g. pLabel('sessionTypes', 'RELIGIOUS_GUIDANCE', t) → "Bimbingan agama". */
export function pLabel(group: ProgrammeCodeGroup, code: string | null | undefined, t: TFunction): string {
  if (!code) return t('common.none');
  const table: Record<string, string> = catalogue.programme.codes[group];
  return Object.hasOwn(table, code) ? t(`programme.codes.${group}.${code}` as ParseKeys) : code;
}

export function weekdayLabel(day: number, t: TFunction): string {
  return t(`programme.codes.weekdays.${day}` as ParseKeys);
}

// ---------------------------------------------------------------- errors
type ProgrammeErrorCode = keyof typeof catalogue.programme.errors;
const isProgrammeErrorCode = (c: string): c is ProgrammeErrorCode => Object.hasOwn(catalogue.programme.errors, c);

/**
 * A message for a refusal on a programme screen: the programme's own wording of the error code (venue
 * booked, cohort full, no assessment, attendance too early or locked…); otherwise the code's generic text.
 */
export function programmeError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError && isProgrammeErrorCode(err.code)) return t(`programme.errors.${err.code}`);
  return errorMessage(err, t);
}
