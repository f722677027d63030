// Unsaved changes are not lost by a slip: while `isDirty`, closing or reloading the tab asks the browser's own
// question (beforeunload), and following a link inside the app (wouter's <Link>, the navigation) asks first in
// the current language. The browser's Back button is not stopped (wouter moves on popstate before anyone can
// ask); a screen's own Cancel or programmatic navigate() asks through `confirmLeave()`.
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** A click that would make the app leave this page: a plain left click on a same-origin link to another page. */
function leavingClick(e: MouseEvent): boolean {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return false;
  const a = (e.target as Element | null)?.closest?.('a[href]');
  if (!(a instanceof HTMLAnchorElement) || a.hasAttribute('download')) return false;
  if (a.target && a.target !== '_self') return false;
  const to = new URL(a.href, window.location.href);
  if (to.origin !== window.location.origin) return false;
  // Only the #fragment changes (a skip link, an anchor in the page): nothing is left.
  return to.pathname !== window.location.pathname || to.search !== window.location.search;
}

export function useDirtyGuard(isDirty: boolean, message?: string): { confirmLeave(): boolean } {
  const { t } = useTranslation();
  const text = message ?? t('forms.unsaved');
  const state = useRef({ isDirty, text });
  state.current = { isDirty, text };

  const confirmLeave = useCallback(() => !state.current.isDirty || window.confirm(state.current.text), []);

  useEffect(() => {
    if (!isDirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers ask only when returnValue is set; its text is theirs, not ours.
      e.returnValue = '';
    };
    // Capture on the document runs before React's handlers on the root, so a refused click never reaches <Link>.
    const click = (e: MouseEvent) => {
      if (!leavingClick(e) || window.confirm(state.current.text)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [isDirty]);

  return { confirmLeave };
}
