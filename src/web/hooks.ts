// Small hooks shared by the screens.
import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title ("Pengguna — Berdaya"), following the language. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title === app ? app : `${title} — ${app}`;
  }, [title, app]);
}

/**
 * After a failed submit, moves focus to the first invalid field so keyboard and screen-reader users land
 * on it. `attempt` changes on every submit; the effect runs after the errors have been rendered.
 */
export function useFocusFirstInvalid(
  formRef: RefObject<HTMLFormElement | null>,
  attempt: number,
  hasFieldErrors: boolean,
): void {
  const last = useRef(0);
  useEffect(() => {
    if (attempt === last.current) return;
    last.current = attempt;
    if (!hasFieldErrors) return;
    const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!el) return;
    (el.tagName === 'FIELDSET' ? (el.querySelector<HTMLElement>('input') ?? el) : el).focus();
  }, [attempt, hasFieldErrors, formRef]);
}
