// The submit button of a schema form: while the form is submitting (or the mutation given to <SchemaForm> is
// pending) it says so (aria-busy and a "Menyimpan…" label) and is disabled, which also stops Enter in a field
// from submitting again; <SchemaForm> ignores a second submit meanwhile as well.
import type { ComponentProps, ReactNode } from 'react';
import { useFormState } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useFormKit } from './form.tsx';

export function SubmitButton({
  children,
  busyLabel,
  pending = false,
  className = 'button button-primary',
  disabled,
  ...rest
}: Omit<ComponentProps<'button'>, 'type'> & {
  children: ReactNode;
  /** What the button says while working; "Menyimpan…" / "Saving…" by default. */
  busyLabel?: ReactNode;
  /** A mutation of the form's own still running, when it is not given to <SchemaForm>. */
  pending?: boolean;
}) {
  const { t } = useTranslation();
  const { isSubmitting } = useFormState();
  const kit = useFormKit();
  const busy = isSubmitting || pending || kit.pending;
  return (
    <button {...rest} type="submit" className={className} disabled={busy || disabled} aria-busy={busy || undefined}>
      {busy ? (busyLabel ?? t('forms.submitting')) : children}
    </button>
  );
}
