// Dates and times as people in South Kalimantan expect them: "28 November 2026 09.15 WITA" (Asia/Makassar).
import { regionName } from '../shared/regions.ts';
import { OFFICE_ZONE, OFFICE_ZONE_ABBREVIATION, todayIn } from '../shared/calendar.ts';
import { currentLanguage, currentLocale } from './i18n/index.ts';

export const TIME_ZONE = OFFICE_ZONE;

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** "28 November 2026 09.15 WITA" (Indonesian) or "28 November 2026 09:15 WITA" (English), in the office's zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    formatter(currentLocale(), true)
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const sep = currentLanguage() === 'en' ? ':' : '.';
  return `${parts.day} ${parts.month} ${parts.year} ${parts.hour}${sep}${parts.minute} ${OFFICE_ZONE_ABBREVIATION}`;
}

/** "28 November 2026". */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(currentLocale(), false).format(d);
}

export function regionList(codes: readonly string[]): string {
  return codes.map(regionName).join(', ');
}

/** A calendar date without a time ("1990-05-03", e.g. a birth date) as "3 Mei 1990": no time zone shifts it. */
export function formatDay(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return formatDate(isoDate);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}

/** Today's date in the office's time zone (from its province) as YYYY-MM-DD (the default for "date given" fields). */
export function todayInOffice(now: Date = new Date()): string {
  return todayIn(OFFICE_ZONE, now);
}

/** "420 KB", "1,2 MB" (Indonesian) or "1.2 MB" (English). */
export function formatSize(bytes: number): string {
  const n = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${n.format(Math.round(bytes / 1024))} KB`;
  return `${n.format(bytes / (1024 * 1024))} MB`;
}

const rupiahDigits = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
/**
 * "Rp 1.500.000", written the Indonesian way in both languages; no amount is "—". Here rather than with an area's
 * labels, so a screen that shows an amount needs no area's words.
 */
export function formatRupiah(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `Rp ${rupiahDigits.format(Math.round(n))}`;
}
