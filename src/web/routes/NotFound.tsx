// 404 and "not allowed" pages.
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../hooks.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <section className="narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  usePageTitle(t('forbidden.title'));
  return (
    <section className="narrow">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.text')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
