// Two-factor enrolment: a new secret (QR code and text), confirmed with a code from the app.
// Forced for roles that require it; optional for everyone else from the account page.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { mfaEnrolConfirmBody } from '../../shared/api.ts';
import { useSession, useUser } from '../session.tsx';
import { TotpSetup } from '../components/TotpSetup.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { useApiMutation } from '../data/query.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { usePageTitle } from '../hooks.ts';

export function MfaEnrolPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('mfa.title'));
  const user = useUser();
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const alreadyOn = user.mfaEnabled;
  // The secret is made by a POST, once per visit (even when effects run twice in development): not a read.
  const enrol = useApiMutation('POST /api/auth/mfa/enrol');
  const started = useRef(false);
  useEffect(() => {
    if (alreadyOn || started.current) return;
    started.current = true;
    enrol.mutate({});
  }, [alreadyOn, enrol.mutate]);
  const challenge = enrol.data?.data;

  const confirm = useApiMutation('POST /api/auth/mfa/confirm');
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(mfaEnrolConfirmBody, {
    defaultValues: { totp: '' },
    messages: { totp: t('validation.totp') },
  });

  return (
    <section className="narrow">
      <h1>{t('mfa.title')}</h1>
      <p>{forced ? t('mfa.forced') : t('mfa.intro')}</p>
      {alreadyOn ? (
        <StatusMessage>{t('mfa.already')}</StatusMessage>
      ) : enrol.error ? (
        <ErrorAlert error={enrol.error} />
      ) : !challenge ? (
        <p role="status">{t('mfa.preparing')}</p>
      ) : (
        <>
          <ErrorAlert key={form.formState.submitCount} error={error} />
          <SchemaForm
            form={form}
            pending={confirm.isPending}
            onError={setError}
            className="form"
            onSubmit={async (body) => {
              const { data } = await confirm.mutateAsync({ body });
              setUser(data.user);
              navigate(forced ? '/' : '/account', { replace: true });
            }}
          >
            <TotpSetup challenge={challenge} idPrefix="mfa" />
            <div className="button-row">
              <SubmitButton busyLabel={t('mfa.sending')}>{t('mfa.submit')}</SubmitButton>
            </div>
          </SchemaForm>
        </>
      )}
      {forced ? null : (
        <p>
          <Link href="/account">{t('common.back')}</Link>
        </p>
      )}
    </section>
  );
}
