// The "Hasil" tab of a cohort: loads the outcomes panel (and its chart library) only when the tab is opened,
// so the cohort page stays light on a facilitator's phone.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { CohortTabProps } from '../programme/cohort-tab.ts';

const OutcomesPanel = lazy(() => import('./OutcomesPanel.tsx').then((m) => ({ default: m.OutcomesPanel })));

export function OutcomesTab({ cohort }: CohortTabProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          {t('followup.outcomes.loading')}
        </p>
      }
    >
      <OutcomesPanel cohortId={cohort.id} />
    </Suspense>
  );
}
