// The head of section's reminder, from 1 October, that next year's office calendar (collective leave, local
// holidays) is not loaded yet: cohorts for that year are being planned now. Loads on its own, after the page;
// a failure to read the calendar shows nothing (the reminder is not the page's business).
import { useTranslation } from 'react-i18next';
import { useApi } from '../../data/query.ts';

export function CalendarWarning() {
  const { t } = useTranslation();
  const { data } = useApi('GET /api/office-calendar', {});
  if (!data?.warnNextYearMissing) return null;
  const year = data.nextYear;
  return (
    <section className="alert alert-warn" aria-labelledby="calendar-warning-title">
      <h2 id="calendar-warning-title">{t('programme.calendarWarning.title', { year })}</h2>
      <p>{t('programme.calendarWarning.body', { year })}</p>
    </section>
  );
}
