// The page frame: skip link, header (name, language, sign-out), the navigation the user may use (Beranda with the
// count of what waits in her work queue), main.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.tsx';
import { activeEntry, navFor } from '../nav.ts';
import { currentLanguage, LANGUAGES, setLanguage } from '../i18n/index.ts';
import { NavQueueCount } from '../queue-count.tsx';

function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a header toolbar of toggle buttons, not form fields; a <fieldset> would take the global fieldset rule (margin 0 0 1rem, min-width 0) and shift the header bar
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          className="lang-button"
          lang={l}
          aria-pressed={lang === l}
          onClick={() => void setLanguage(l)}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}

export function Layout({ children, showNav }: { children: ReactNode; showNav: boolean }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const [location, navigate] = useLocation();
  const [leaving, setLeaving] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const entries = user && showNav ? navFor(user.can) : [];
  const active = activeEntry(location, entries);

  // On each navigation after the first, move focus to the new page's heading so screen readers announce it.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `location` is the trigger (each navigation), not a value read in the body
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target = mainRef.current?.querySelector<HTMLElement>('h1') ?? mainRef.current;
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    }
  }, [location]);

  return (
    <div className="page">
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is in-page navigation to #main (works without JS); onClick only moves focus without putting #main in the URL */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="header-bar">
          <div className="brand">
            <Link href="/" className="brand-name">
              {t('app.name')}
            </Link>
            <span className="brand-org">{t('app.org')}</span>
          </div>
          <div className="header-tools">
            <LanguageSwitch />
            {user ? (
              <button
                type="button"
                className="button button-secondary sign-out"
                disabled={leaving}
                onClick={async () => {
                  setLeaving(true);
                  try {
                    await signOut();
                  } finally {
                    setLeaving(false);
                    navigate('/sign-in');
                  }
                }}
              >
                {leaving ? t('nav.signingOut') : t('nav.signOut')}
              </button>
            ) : null}
          </div>
        </div>
        {entries.length > 0 ? (
          <nav className="main-nav" aria-label={t('nav.label')}>
            <ul>
              {entries.map((e) => (
                <li key={e.path}>
                  <Link href={e.path} aria-current={active === e ? 'page' : undefined}>
                    {t(e.label)}
                    {e.path === '/' ? <NavQueueCount /> : null}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}
