// Change own password. Forced right after sign-in while the account still has an initial password.
import { useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { passwordChangeBody, passwordSchema } from '../../shared/api.ts';
import { useApiMutation } from '../data/query.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { usePageTitle } from '../hooks.ts';

// The endpoint's body and the repeated new password, which must match it (checked once the new password itself
// is right, so one message at a time).
const changeForm = passwordChangeBody.extend({ confirm: z.string() }).refine((v) => v.newPassword === v.confirm, {
  path: ['confirm'],
  when: ({ value }) => passwordSchema.safeParse((value as { newPassword?: unknown }).newPassword).success,
});

export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('password.title'));
  const { setUser } = useSession();
  const change = useApiMutation('POST /api/auth/password');
  const [, navigate] = useLocation();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const messages = useMemo(
    () => ({
      currentPassword: t('validation.required'),
      newPassword: t('validation.password'),
      confirm: t('validation.confirm'),
    }),
    [t],
  );
  const form = useSchemaForm(changeForm, { messages });

  async function submit({ confirm: _, ...body }: z.output<typeof changeForm>) {
    const { user } = (await change.mutateAsync({ body })).data;
    form.reset();
    setUser(user);
    if (forced) navigate('/', { replace: true });
    else setDone(true);
  }

  return (
    <section className="narrow">
      <h1>{t('password.title')}</h1>
      <p>{forced ? t('password.forced') : t('password.intro')}</p>
      {done && !form.formState.isDirty ? <StatusMessage tone="success">{t('password.done')}</StatusMessage> : null}
      <ErrorAlert key={form.formState.submitCount} error={error} />
      <SchemaForm form={form} onSubmit={submit} onError={setError} className="form">
        {/* Lets password managers tie the new password to the right account. */}
        <TextInput
          control={form.control}
          name="currentPassword"
          id="current-password"
          type="password"
          label={t('password.current')}
          autoComplete="current-password"
          required
        />
        <TextInput
          control={form.control}
          name="newPassword"
          id="new-password"
          type="password"
          label={t('password.new')}
          hint={t('password.newHint')}
          autoComplete="new-password"
          required
        />
        <TextInput
          control={form.control}
          name="confirm"
          id="confirm-password"
          type="password"
          label={t('password.confirm')}
          autoComplete="new-password"
          required
        />
        <div className="button-row">
          <SubmitButton busyLabel={t('password.sending')}>{t('password.submit')}</SubmitButton>
          {forced ? null : (
            <Link href="/account" className="button button-secondary">
              {t('common.back')}
            </Link>
          )}
        </div>
      </SchemaForm>
    </section>
  );
}
