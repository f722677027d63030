// First-run setup: creates the first administrator with the one-time link printed by the server
// (/setup#token=…). The token is read from the fragment, kept in memory only, and taken out of the
// address bar at once; it is sent in request bodies, never in a URL.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { passwordSchema, setupBody } from '../../shared/api.ts';
import { useSession } from '../session.tsx';
import { type MfaChallenge, TotpSetup } from '../components/TotpSetup.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { ApiError } from '../data/client.ts';
import { useApi, useApiMutation } from '../data/query.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { usePageTitle } from '../hooks.ts';

function tokenFromHash(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return new URLSearchParams(hash).get('token') ?? '';
}

const unavailable = (err: unknown) => err instanceof ApiError && err.code === 'setup_not_available';

export function SetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  // The token is read once from the address and kept in memory only.
  const [token] = useState(tokenFromHash);
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  // Whether setup is still needed does not change while she fills the form.
  const status = useApi('GET /api/setup', {}, { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false });
  // The secret is made by a POST, once per visit (even when effects run twice in development): not a read.
  const mfa = useApiMutation('POST /api/setup/mfa');
  const started = useRef(false);
  const needed = status.data?.setupNeeded === true;
  useEffect(() => {
    if (!needed || !token || started.current) return;
    started.current = true;
    mfa.mutate({ body: { token } });
  }, [needed, token, mfa.mutate]);

  const failure = status.error ?? mfa.error;
  // Once the form shows it stays until she is signed in (completing setup makes the status say it is done).
  const phase =
    (status.data?.setupNeeded === false && !mfa.data) || unavailable(failure)
      ? 'finished'
      : failure
        ? 'invalid'
        : needed && !token
          ? 'no-token'
          : mfa.data
            ? 'form'
            : 'checking';

  return (
    <section className="narrow">
      {phase === 'checking' ? (
        <>
          <h1>{t('setup.title')}</h1>
          <p role="status">{t('setup.checking')}</p>
        </>
      ) : phase === 'finished' ? (
        <>
          <h1>{t('setup.finished')}</h1>
          <p>{t('setup.finishedText')}</p>
          <p>
            <Link href="/sign-in" className="button button-primary">
              {t('setup.goSignIn')}
            </Link>
          </p>
        </>
      ) : phase === 'no-token' || phase === 'invalid' ? (
        <>
          <h1>{t('setup.invalid')}</h1>
          {phase === 'invalid' ? <ErrorAlert error={failure} /> : <p role="alert">{t('setup.noToken')}</p>}
          <p>
            <Link href="/sign-in">{t('setup.goSignIn')}</Link>
          </p>
        </>
      ) : mfa.data ? (
        <SetupForm token={token} challenge={mfa.data.data} />
      ) : null}
    </section>
  );
}

/** The setup body without what the page adds (the token, the secret), with the password typed twice. */
const setupForm = setupBody
  .omit({ token: true, totpSecret: true })
  .extend({ confirm: z.string() })
  .refine((v) => v.password === v.confirm, {
    path: ['confirm'],
    when: ({ value }) => passwordSchema.safeParse((value as { password?: unknown }).password).success,
  });

function SetupForm({ token, challenge }: { token: string; challenge: MfaChallenge }) {
  const { t } = useTranslation();
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>(null);
  const complete = useApiMutation('POST /api/setup');
  const form = useSchemaForm(setupForm, {
    defaultValues: { username: '', password: '', confirm: '', totp: '' },
    messages: {
      username: t('validation.username'),
      password: t('validation.password'),
      confirm: t('validation.confirm'),
      name: t('validation.name'),
      totp: t('validation.totp'),
    },
  });

  async function submit({ confirm: _, ...values }: z.output<typeof setupForm>) {
    const { data } = await complete.mutateAsync({ body: { ...values, token, totpSecret: challenge.secret } });
    setUser(data.user);
    navigate('/', { replace: true });
  }

  return (
    <>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <ErrorAlert key={form.formState.submitCount} error={error} />
      <SchemaForm form={form} onSubmit={submit} onError={setError} pending={complete.isPending} className="form">
        <h2>{t('setup.account')}</h2>
        <TextInput
          name="username"
          control={form.control}
          label={t('setup.username')}
          hint={t('setup.usernameHint')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextInput
          name="name"
          control={form.control}
          label={`${t('setup.name')} ${t('common.optional')}`}
          autoComplete="name"
        />
        <TextInput
          name="password"
          control={form.control}
          type="password"
          label={t('setup.password')}
          hint={t('setup.passwordHint')}
          autoComplete="new-password"
          required
        />
        <TextInput
          name="confirm"
          control={form.control}
          type="password"
          label={t('setup.confirm')}
          autoComplete="new-password"
          required
        />
        <h2>{t('setup.mfa')}</h2>
        <TotpSetup challenge={challenge} idPrefix="setup" />
        <div className="button-row">
          <SubmitButton busyLabel={t('setup.sending')}>{t('setup.submit')}</SubmitButton>
        </div>
      </SchemaForm>
    </>
  );
}
