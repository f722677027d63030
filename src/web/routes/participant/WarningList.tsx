// Warnings the server gives with a saved record, in words: known codes in the current language, others as
// the server wrote them.
import { useTranslation } from 'react-i18next';
import type { SaveWarning } from '../../api.ts';
import { codeLabel } from '../../labels.ts';
import { id as catalogue } from '../../i18n/id.ts';

export function WarningList({ warnings }: { warnings: readonly SaveWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <>
      <p>{t('participant.warnings')}</p>
      <ul>
        {warnings.map((w) => (
          <li key={w.code}>
            {Object.hasOwn(catalogue.codes.warnings, w.code) ? codeLabel('warnings', w.code, t) : w.message}
          </li>
        ))}
      </ul>
    </>
  );
}
