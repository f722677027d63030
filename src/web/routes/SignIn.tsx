// Sign in: username and password; when the server answers mfa_required, the code field appears and the
// same form is sent again with the code. Typed input is kept on every error.
import { useRef, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { useSession } from '../session.tsx';
import { TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { hasErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';
import { safeNext } from '../nav.ts';

export function SignInPage({ reason }: { reason?: 'expired' | 'signed-out' }) {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!username.trim()) errs.username = t('validation.required');
    if (!password) errs.password = t('validation.required');
    if (needCode && !/^\d{6}$/.test(code)) errs.totp = t('validation.totp');
    setFieldErrors(errs);
    setAttempt((a) => a + 1);
    if (hasErrors(errs)) {
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await api.auth.login({ username, password, ...(needCode ? { totp: code } : {}) });
      setUser(user);
      navigate(safeNext(new URLSearchParams(search).get('next')), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'mfa_required') {
        setNeedCode(true);
        setError(null);
      } else {
        if (err instanceof ApiError && err.code === 'mfa_invalid') setFieldErrors({ totp: t('errors.mfa_invalid') });
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {reason === 'expired' ? <StatusMessage>{t('signIn.expired')}</StatusMessage> : null}
      {reason === 'signed-out' ? <StatusMessage>{t('signIn.signedOut')}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} />
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <TextField
          id="username"
          label={t('signIn.username')}
          error={fieldErrors.username}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          id="password"
          type="password"
          label={t('signIn.password')}
          error={fieldErrors.password}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          required
        />
        {needCode ? (
          <>
            <StatusMessage>{t('signIn.codePrompt')}</StatusMessage>
            <TextField
              id="totp"
              label={t('signIn.code')}
              hint={t('signIn.codeHint')}
              error={fieldErrors.totp}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\s+/g, ''))}
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
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('signIn.sending') : t('signIn.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
