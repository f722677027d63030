// The work queue's words from the programme catalogue, a lazy part declared with that area (see WorkQueue.tsx).
import { useTranslation } from 'react-i18next';
import { pLabel } from '../programme/shared.ts';

/** "BRD-… (Sari): Hadir" — an attendance correction and the mark it asks for. */
export function CorrectionText({ who, status }: { who: string; status: string }) {
  const { t } = useTranslation();
  return <>{t('workQueue.correction', { who, status: pLabel('attendance', status, t) })}</>;
}
