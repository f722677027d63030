// Home: a greeting, what Berdaya is for, and a card for each section this user may open.
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useUser } from '../session.tsx';
import { navFor } from '../nav.ts';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const user = useUser();
  const cards = navFor(user.can).filter((e) => e.card);
  return (
    <section>
      <h1>{t('home.greeting', { name: user.name ?? user.username })}</h1>
      <p className="lead">{t('home.intro')}</p>
      <p>{t('home.who', { role: t(`roles.${user.role}`), regions: regionList(user.regions) })}</p>
      <h2>{t('home.sections')}</h2>
      <ul className="cards">
        {cards.map((c) => (
          <li key={c.path} className="card">
            <h3>
              <Link href={c.path}>{t(c.label)}</Link>
            </h3>
            {c.card ? <p>{t(c.card)}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
