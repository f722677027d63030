// The page frame: skip link, header (name, language, sign-out), the navigation the user may use (Beranda with the
// count of what waits in her work queue), main. Below 40em (a phone) the header is one compact bar instead: Beranda
// and the role's main destinations, and a Menu button that discloses the rest with the language and sign-out, so
// the first screen is the page's own content.
import { Suspense, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.tsx';
import { activeEntry, navFor, phoneBarFor, type NavEntry } from '../nav.ts';
import { currentLanguage, LANGUAGES, setLanguage } from '../i18n/index.ts';
import { NavQueueCount } from '../queue-count.tsx';
import { screen } from '../lazy.ts';
import { fieldOn, useFieldIfAny } from '../routes/field/FieldProvider.tsx';

// The field banner and its words load only on a device where field mode is on.
const FieldBanner = screen(['field'], () => import('../routes/field/Banner.tsx').then((m) => m.FieldBanner));

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

/** The width from which the full header and navigation show (the stylesheet's own breakpoint). */
const WIDE_QUERY = '(min-width: 40em)';

function subscribeWide(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const query = window.matchMedia(WIDE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the window is wider than a phone; true where the browser cannot tell. */
function useWide(): boolean {
  return useSyncExternalStore(subscribeWide, () =>
    typeof window.matchMedia === 'function' ? window.matchMedia(WIDE_QUERY).matches : true,
  );
}

function SignOutButton() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const [, navigate] = useLocation();
  const [leaving, setLeaving] = useState(false);
  return (
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
  );
}

function NavLink({ entry, current, onClick }: { entry: NavEntry; current: boolean; onClick?: () => void }) {
  const { t } = useTranslation();
  return (
    <Link href={entry.path} aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t(entry.label)}
      {entry.path === '/' ? <NavQueueCount /> : null}
    </Link>
  );
}

/**
 * A phone's header: one bar with Beranda, the role's main destinations and a Menu button (a disclosure: focus
 * moves to its first link when it opens; Escape closes it and returns focus to the button). The menu holds the
 * other destinations, the language and sign-out; it closes when a page opens.
 */
function PhoneNav({ entries, active }: { entries: readonly NavEntry[]; active: NavEntry | undefined }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const { bar, menu } = phoneBarFor(entries);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `location` is the trigger (a page opened), not a value read in the body
  useEffect(() => {
    setOpen(false);
  }, [location]);

  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>('a, button')?.focus();
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  return (
    // Escape anywhere in the navigation (the button or the open menu) closes the menu.
    <nav className="phone-nav" aria-label={t('nav.label')} onKeyDown={onKeyDown}>
      <div className="phone-bar">
        <ul className="phone-bar-links">
          {bar.map((e) => (
            <li key={e.path}>
              <NavLink entry={e} current={active === e} />
            </li>
          ))}
        </ul>
        <button
          ref={buttonRef}
          type="button"
          className={`phone-menu-button${active && menu.includes(active) ? ' phone-menu-button-current' : ''}`}
          aria-expanded={open}
          aria-controls="phone-menu"
          onClick={() => setOpen((o) => !o)}
        >
          <span className="phone-menu-icon" aria-hidden="true" />
          {t('nav.menu')}
        </button>
      </div>
      <div id="phone-menu" className="phone-menu" ref={panelRef} hidden={!open}>
        {menu.length > 0 ? (
          <ul className="phone-menu-links">
            {menu.map((e) => (
              <li key={e.path}>
                <NavLink entry={e} current={active === e} onClick={() => setOpen(false)} />
              </li>
            ))}
          </ul>
        ) : null}
        <div className="phone-menu-tools">
          <LanguageSwitch />
          <SignOutButton />
        </div>
      </div>
    </nav>
  );
}

export function Layout({ children, showNav }: { children: ReactNode; showNav: boolean }) {
  const { t } = useTranslation();
  const { user, state } = useSession();
  const [location] = useLocation();
  const wide = useWide();
  // While the session is being read, a page other than sign-in and setup will most likely show the navigation:
  // its bar's height is kept free meanwhile, so the page does not jump when the navigation arrives.
  const navLikely = state.status === 'loading' && showNav === false && location !== '/sign-in' && location !== '/setup';
  const mainRef = useRef<HTMLElement>(null);
  const entries = user && showNav ? navFor(user.can) : [];
  const active = activeEntry(location, entries);
  const field = useFieldIfAny();

  // On each navigation after the first, move focus to the new page's heading so screen readers announce it. A page
  // whose code is still loading shows no heading yet (React keeps the previous page's, hidden, until it comes):
  // focus waits on main and moves to the heading when it shows, unless the user has moved on meanwhile. Focus
  // never stays on a link that was just hidden (the phone's menu closes as its page opens).
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `location` is the trigger (each navigation), not a value read in the body
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    const heading = () =>
      Array.from(main.querySelectorAll<HTMLElement>('h1')).find((h) => h.getClientRects().length > 0);
    const focusOn = (el: HTMLElement) => {
      if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
      el.focus();
    };
    const shown = heading();
    if (shown) {
      focusOn(shown);
      return;
    }
    focusOn(main);
    const observer = new MutationObserver(() => {
      const h = heading();
      if (!h) return;
      observer.disconnect();
      if (document.activeElement === main || document.activeElement === document.body) focusOn(h);
    });
    observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'hidden'] });
    const timer = window.setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
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
      {entries.length > 0 && !wide ? (
        <header className="site-header">
          <PhoneNav entries={entries} active={active} />
        </header>
      ) : navLikely && !wide ? (
        <header className="site-header">
          <div className="phone-bar phone-bar-pending">
            <span className="brand-name">{t('app.name')}</span>
          </div>
        </header>
      ) : (
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
              {user ? <SignOutButton /> : null}
            </div>
          </div>
          {entries.length > 0 ? (
            <nav className="main-nav" aria-label={t('nav.label')}>
              <ul>
                {entries.map((e) => (
                  <li key={e.path}>
                    <NavLink entry={e} current={active === e} />
                  </li>
                ))}
              </ul>
            </nav>
          ) : navLikely ? (
            <div className="main-nav main-nav-pending" aria-hidden="true" />
          ) : null}
        </header>
      )}
      {field && fieldOn(field) ? (
        <Suspense fallback={null}>
          <FieldBanner />
        </Suspense>
      ) : null}
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}
