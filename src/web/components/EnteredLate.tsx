// "dicatat terlambat": shown beside a record's date when it was entered long after the day it happened (a paper
// backlog entered later), so a back-entered record is never mistaken for one entered on time. The visible word
// is short; screen readers hear what it means.
import { useTranslation } from 'react-i18next';

export function EnteredLateBadge({ late }: { late: boolean }) {
  const { t } = useTranslation();
  if (!late) return null;
  return (
    <span className="badge badge-muted badge-late">
      {t('dates.enteredLate')}
      <span className="visually-hidden">: {t('dates.enteredLateHelp')}</span>
    </span>
  );
}
