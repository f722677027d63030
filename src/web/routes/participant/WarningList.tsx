// Warnings the server gives with a saved record, in words: each code worded from the message catalogue in the
// current language (the server's English sentence is never shown).
import { useTranslation } from 'react-i18next';
import type { SaveWarning } from '../../api.ts';
import { warningMessage } from '../../errors.ts';

export function WarningList({ warnings }: { warnings: readonly SaveWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <>
      <p>{t('participant.warnings')}</p>
      <ul>
        {warnings.map((w) => (
          <li key={w.code}>{warningMessage(w, t)}</li>
        ))}
      </ul>
    </>
  );
}
