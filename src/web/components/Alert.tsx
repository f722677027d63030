// Messages: errors are announced at once (role="alert"), confirmations politely (role="status").
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../data/client.ts';
import { errorMessage } from '../errors.ts';

/** `message` replaces the generic text for the error's code when a screen knows better (e.g. which NIK digit is wrong). */
export function ErrorAlert({ error, message, children }: { error: unknown; message?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  const requestId = error instanceof ApiError && error.status >= 500 ? error.requestId : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{message ?? errorMessage(error, t)}</p>
      {requestId ? <p className="request-id">{t('common.requestId', { id: requestId })}</p> : null}
      {children}
    </div>
  );
}

export function StatusMessage({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}
