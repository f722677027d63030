// Warnings the server gives with a saved record, in words: each code worded from the message catalogue in the
// current language (the server's English sentence is never shown).
import { useTranslation } from 'react-i18next';
import { warningMessage } from '../../errors.ts';

/** A warning as the server sends it with a saved record: a catalogue code and its parameters. */
export interface SaveWarning {
  code: string;
  params?: unknown;
}

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
