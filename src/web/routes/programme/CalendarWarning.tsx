// The head of section's reminder, from 1 October, that next year's office calendar (collective leave, local
// holidays) is not loaded yet: cohorts for that year are being planned now. Loads on its own, after the page.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeApi } from '../../api-programme.ts';

export function CalendarWarning() {
  const { t } = useTranslation();
  const [year, setYear] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    programmeApi.officeCalendar().then(
      (c) => {
        if (current) setYear(c.warnNextYearMissing ? c.nextYear : null);
      },
      () => {},
    );
    return () => {
      current = false;
    };
  }, []);
  if (year === null) return null;
  return (
    <section className="alert alert-warn" aria-labelledby="calendar-warning-title">
      <h2 id="calendar-warning-title">{t('programme.calendarWarning.title', { year })}</h2>
      <p>{t('programme.calendarWarning.body', { year })}</p>
    </section>
  );
}
