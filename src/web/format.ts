// Dates and times as people in South Kalimantan expect them: "28 November 2026 09.15 WITA" (Asia/Makassar).
import { regionName } from '../shared/regions.ts';
import { currentLanguage, currentLocale } from './i18n/index.ts';

export const TIME_ZONE = 'Asia/Makassar';

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

/** "28 November 2026 09.15 WITA" (Indonesian) or "28 November 2026 09:15 WITA" (English). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(formatter(currentLocale(), true).formatToParts(d).map((p) => [p.type, p.value]));
  const sep = currentLanguage() === 'en' ? ':' : '.';
  return `${parts.day} ${parts.month} ${parts.year} ${parts.hour}${sep}${parts.minute} WITA`;
}

/** "28 November 2026". */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(currentLocale(), false).format(d);
}

export function regionList(codes: readonly string[]): string {
  return codes.map(regionName).join(', ');
}
