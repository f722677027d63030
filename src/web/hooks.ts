// Small hooks shared by the screens.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title ("Pengguna — Berdaya"), following the language. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title === app ? app : `${title} — ${app}`;
  }, [title, app]);
}
