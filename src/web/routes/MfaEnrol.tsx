// Two-factor enrolment: a new secret (QR code and text), confirmed with a code from the app.
// Forced for roles that require it; optional for everyone else from the account page.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { totpCodeSchema } from '../../shared/api.ts';
import { api, type MfaChallenge } from '../api.ts';
import { useSession, useUser } from '../session.tsx';
import { TotpSetup } from '../components/TotpSetup.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { hasErrors, serverFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

export function MfaEnrolPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('mfa.title'));
  const user = useUser();
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const started = useRef(false);
  const alreadyOn = user.mfaEnabled;

  useEffect(() => {
    if (alreadyOn || started.current) return;
    started.current = true; // one secret per visit
    api.auth.mfaEnrol().then(setChallenge, setLoadError);
  }, [alreadyOn]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    const errs: FieldErrors = totpCodeSchema.safeParse(code).success ? {} : { totp: t('validation.totp') };
    setFieldErrors(errs);
    setError(null);
    if (hasErrors(errs)) return;
    setBusy(true);
    try {
      const updated = await api.auth.mfaConfirm(code);
      setUser(updated);
      navigate(forced ? '/' : '/account', { replace: true });
    } catch (err) {
      setError(err);
      setFieldErrors(serverFieldErrors(err, t, { totp: t('errors.mfa_invalid') }));
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>{t('mfa.title')}</h1>
      <p>{forced ? t('mfa.forced') : t('mfa.intro')}</p>
      {alreadyOn ? (
        <StatusMessage>{t('mfa.already')}</StatusMessage>
      ) : loadError ? (
        <ErrorAlert error={loadError} />
      ) : !challenge ? (
        <p role="status">{t('mfa.preparing')}</p>
      ) : (
        <>
          <ErrorAlert key={attempt} error={error} />
          <form ref={formRef} onSubmit={submit} noValidate className="form">
            <TotpSetup challenge={challenge} code={code} onCode={setCode} error={fieldErrors.totp} idPrefix="mfa" />
            <div className="button-row">
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? t('mfa.sending') : t('mfa.submit')}
              </button>
            </div>
          </form>
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
