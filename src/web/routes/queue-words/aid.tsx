// The work queue's words from the aid catalogue, a lazy part declared with that area (see WorkQueue.tsx).
import { useTranslation } from 'react-i18next';
import { aLabel } from '../aid/shared.ts';

/** The kind of a budget line waiting for approval. */
export function BudgetKindText({ code }: { code: string }) {
  const { t } = useTranslation();
  return <>{aLabel('budgetKinds', code, t)}</>;
}
