// The casework tabs of the participant page (assessment, intervention plan, referrals): which of them this
// user sees (from the record's own `can` list), and their content, loaded on first use.
import { lazy, Suspense } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TabItem } from '../../components/Tabs.tsx';
import { mayOn, type ParticipantRecord, type TabProps } from './shared.ts';

const AssessmentTab = lazy(() => import('./AssessmentTab.tsx').then((m) => ({ default: m.AssessmentTab })));
const PlanTab = lazy(() => import('./PlanTab.tsx').then((m) => ({ default: m.PlanTab })));
const ReferralsTab = lazy(() => import('./ReferralsTab.tsx').then((m) => ({ default: m.ReferralsTab })));

export const CASEWORK_TABS = ['assessment', 'plan', 'referrals'] as const;
export type CaseworkTabKey = (typeof CASEWORK_TABS)[number];
export const isCaseworkTab = (k: string): k is CaseworkTabKey => (CASEWORK_TABS as readonly string[]).includes(k);

const NEEDS: Record<CaseworkTabKey, string> = {
  assessment: 'assessment.read',
  plan: 'caseplan.read',
  referrals: 'referral.read',
};

export function caseworkTabs(record: ParticipantRecord, t: TFunction): TabItem<CaseworkTabKey>[] {
  return CASEWORK_TABS.filter((k) => mayOn(record, NEEDS[k])).map((k) => ({ key: k, label: t(`casework.tabs.${k}`) }));
}

export function CaseworkTab({ tab, openConsents, ...props }: TabProps & { tab: CaseworkTabKey; openConsents(): void }) {
  const { t } = useTranslation();
  // The button that opened the consent tab disappears with this panel: focus goes to that tab instead.
  const toConsents = () => {
    openConsents();
    requestAnimationFrame(() => document.getElementById('participant-tab-consents')?.focus());
  };
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          {t('casework.loadingTab')}
        </p>
      }
    >
      {tab === 'assessment' ? <AssessmentTab {...props} /> : null}
      {tab === 'plan' ? <PlanTab {...props} /> : null}
      {tab === 'referrals' ? (
        <ReferralsTab {...props} openConsents={mayOn(props.record, 'consent.read') ? toConsents : undefined} />
      ) : null}
    </Suspense>
  );
}
