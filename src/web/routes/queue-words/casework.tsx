// The work queue's words from the casework catalogue, a lazy part declared with that area (see WorkQueue.tsx).
import { useTranslation } from 'react-i18next';
import { cwLabel } from '../../casework-labels.ts';

/** The kind of an alert about no participant (a flood of sign-in guesses on a staff account). */
export function AlertKindText({ code }: { code: string }) {
  const { t } = useTranslation();
  return <>{cwLabel('alertKinds', code, t)}</>;
}
