// The work queue's words from the rights catalogue, a lazy part declared with that area (see WorkQueue.tsx).
import { useTranslation } from 'react-i18next';
import { rightsLabel } from '../../rights-labels.ts';

/** What she asks for, and for the head of section who decides it, whose request it is. */
export function RightsKindText({ code, who }: { code: string; who: string | null }) {
  const { t } = useTranslation();
  const what = rightsLabel('kinds', code, t);
  return <>{who ? `${who}: ${what}` : what}</>;
}
