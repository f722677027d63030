// Short times for the field screens, in the office's zone (WITA): "14.05" today, "7 Des 14.05" another day.
import { localDate } from '../../../shared/calendar.ts';
import { TIME_ZONE } from '../../format.ts';
import { currentLanguage, currentLocale } from '../../i18n/index.ts';

export function shortTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(currentLocale(), {
      timeZone: TIME_ZONE,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const clock = `${parts.hour}${currentLanguage() === 'en' ? ':' : '.'}${parts.minute}`;
  return localDate(d, TIME_ZONE) === localDate(now, TIME_ZONE) ? clock : `${parts.day} ${parts.month} ${clock}`;
}
