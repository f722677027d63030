// First-run setup: creates the first administrator with the one-time link printed by the server
// (/setup#token=…). The token is read from the fragment, kept in memory only, and taken out of the
// address bar at once; it is sent in request bodies, never in a URL.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { setupBody } from '../../shared/api.ts';
import { api, ApiError, type MfaChallenge } from '../api.ts';
import { useSession } from '../session.tsx';
import { TextField } from '../components/Field.tsx';
import { TotpSetup } from '../components/TotpSetup.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { hasErrors, serverFieldErrors, zodFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

type Phase =
  | { kind: 'checking' }
  | { kind: 'finished' }
  | { kind: 'no-token' }
  | { kind: 'invalid'; error: unknown }
  | { kind: 'form'; token: string; challenge: MfaChallenge };

function tokenFromHash(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return new URLSearchParams(hash).get('token') ?? '';
}

export function SetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // one secret per visit, even when effects run twice in development
    started.current = true;
    const token = tokenFromHash();
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
    void (async () => {
      try {
        const { setupNeeded } = await api.setup.status();
        if (!setupNeeded) return setPhase({ kind: 'finished' });
        if (!token) return setPhase({ kind: 'no-token' });
        const challenge = await api.setup.mfa(token);
        setPhase({ kind: 'form', token, challenge });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'setup_not_available') setPhase({ kind: 'finished' });
        else setPhase({ kind: 'invalid', error: err });
      }
    })();
  }, []);

  return (
    <section className="narrow">
      {phase.kind === 'checking' ? (
        <>
          <h1>{t('setup.title')}</h1>
          <p role="status">{t('setup.checking')}</p>
        </>
      ) : phase.kind === 'finished' ? (
        <>
          <h1>{t('setup.finished')}</h1>
          <p>{t('setup.finishedText')}</p>
          <p>
            <Link href="/sign-in" className="button button-primary">
              {t('setup.goSignIn')}
            </Link>
          </p>
        </>
      ) : phase.kind === 'no-token' || phase.kind === 'invalid' ? (
        <>
          <h1>{t('setup.invalid')}</h1>
          {phase.kind === 'invalid' ? <ErrorAlert error={phase.error} /> : <p role="alert">{t('setup.noToken')}</p>}
          <p>
            <Link href="/sign-in">{t('setup.goSignIn')}</Link>
          </p>
        </>
      ) : (
        <SetupForm token={phase.token} challenge={phase.challenge} />
      )}
    </section>
  );
}

function SetupForm({ token, challenge }: { token: string; challenge: MfaChallenge }) {
  const { t } = useTranslation();
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const [form, setForm] = useState({ username: '', name: '', password: '', confirm: '', totp: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  const messages = {
    username: t('validation.username'),
    password: t('validation.password'),
    name: t('validation.name'),
    totp: t('validation.totp'),
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    const body = {
      token,
      username: form.username,
      ...(form.name.trim() ? { name: form.name } : {}),
      password: form.password,
      totpSecret: challenge.secret,
      totp: form.totp,
    };
    const parsed = setupBody.safeParse(body);
    const errs: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error, t, messages);
    if (!errs.password && form.password !== form.confirm) errs.confirm = t('validation.confirm');
    setFieldErrors(errs);
    setError(null);
    if (hasErrors(errs)) return;
    setBusy(true);
    try {
      const user = await api.setup.complete(body);
      setUser(user);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
      setFieldErrors(serverFieldErrors(err, t, messages));
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <ErrorAlert key={attempt} error={error} />
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <h2>{t('setup.account')}</h2>
        <TextField
          id="username"
          label={t('setup.username')}
          hint={t('setup.usernameHint')}
          error={fieldErrors.username}
          value={form.username}
          onChange={set('username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          id="name"
          label={`${t('setup.name')} ${t('common.optional')}`}
          error={fieldErrors.name}
          value={form.name}
          onChange={set('name')}
          autoComplete="name"
        />
        <TextField
          id="password"
          type="password"
          label={t('setup.password')}
          hint={t('setup.passwordHint')}
          error={fieldErrors.password}
          value={form.password}
          onChange={set('password')}
          autoComplete="new-password"
          required
        />
        <TextField
          id="confirm"
          type="password"
          label={t('setup.confirm')}
          error={fieldErrors.confirm}
          value={form.confirm}
          onChange={set('confirm')}
          autoComplete="new-password"
          required
        />
        <h2>{t('setup.mfa')}</h2>
        <TotpSetup
          challenge={challenge}
          code={form.totp}
          onCode={(v) => setForm((f) => ({ ...f, totp: v }))}
          error={fieldErrors.totp}
          idPrefix="setup"
        />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('setup.sending') : t('setup.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
