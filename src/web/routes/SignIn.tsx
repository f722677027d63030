// Sign in: username and password; when the server answers mfa_required, the code field appears and the
// same form is sent again with the code. Typed input is kept on every error.
import { Suspense, useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { loginBody } from '../../shared/api.ts';
import { ApiError } from '../data/client.ts';
import { useApiMutation } from '../data/query.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { usePageTitle } from '../hooks.ts';
import { safeNext } from '../nav.ts';
import { screen } from '../lazy.ts';
import { useFieldIfAny } from './field/FieldProvider.tsx';

// The session ended as the field cache was erased (an account deactivated, a device revoked): she lands here and
// is told why the field data is gone. Its words load with it, only then.
const FieldErased = screen(['field'], () => import('./field/Erased.tsx').then((m) => m.ErasedAlert));

// The endpoint's body; the code, once asked for, is six digits (absent until then). Loaded when a field first takes
// focus: the sign-in page is the first page, and zod with the shared schemas stays out of what it needs to paint.
const signInForm = () =>
  import('../../shared/api.ts').then(({ loginBody, totpCodeSchema }) =>
    loginBody.extend({ totp: totpCodeSchema.optional() }),
  );
type SignInValues = z.output<typeof loginBody>;

export function SignInPage({ reason }: { reason?: 'expired' | 'signed-out' }) {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
  const { setUser } = useSession();
  const login = useApiMutation('POST /api/auth/login');
  const [, navigate] = useLocation();
  const search = useSearch();
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = useFieldIfAny();
  const messages = useMemo(
    () => ({ username: t('validation.required'), password: t('validation.required'), totp: t('validation.totp') }),
    [t],
  );
  const form = useSchemaForm(signInForm, { messages });

  async function submit(body: SignInValues) {
    try {
      const { user } = (await login.mutateAsync({ body })).data;
      setUser(user);
      navigate(safeNext(new URLSearchParams(search).get('next')), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'mfa_required') {
        // The code field appears (empty, so leaving it empty reads "six digits"); no alert.
        setNeedCode(true);
        form.setValue('totp', '');
        return;
      }
      if (err instanceof ApiError && err.code === 'mfa_invalid') {
        form.setError('totp', { type: 'server', message: t('errors.mfa_invalid') });
        form.kit.focusFirstInvalid();
      }
      throw err;
    }
  }

  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {reason === 'expired' ? <StatusMessage>{t('signIn.expired')}</StatusMessage> : null}
      {reason === 'signed-out' ? <StatusMessage>{t('signIn.signedOut')}</StatusMessage> : null}
      {field?.status === 'erased' ? (
        <Suspense fallback={null}>
          <FieldErased reason={field.erasedReason} />
        </Suspense>
      ) : null}
      <ErrorAlert key={form.formState.submitCount} error={error} />
      <SchemaForm form={form} onSubmit={submit} onError={setError} className="form">
        <TextInput
          control={form.control}
          name="username"
          label={t('signIn.username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextInput
          control={form.control}
          name="password"
          type="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          required
        />
        {needCode ? (
          <>
            <StatusMessage>{t('signIn.codePrompt')}</StatusMessage>
            <TextInput
              control={form.control}
              name="totp"
              label={t('signIn.code')}
              hint={t('signIn.codeHint')}
              emptyValue=""
              transform={(v) => v.replace(/\s+/g, '')}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              autoFocus
              required
              className="field-code"
            />
          </>
        ) : null}
        <div className="button-row">
          <SubmitButton busyLabel={t('signIn.sending')}>{t('signIn.submit')}</SubmitButton>
        </div>
      </SchemaForm>
    </section>
  );
}
