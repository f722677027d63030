// Change own password. Forced right after sign-in while the account still has an initial password.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { passwordChangeBody } from '../../shared/api.ts';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';
import { TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { hasErrors, serverFieldErrors, zodFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('password.title'));
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
    setDone(false);
  };
  const messages = { currentPassword: t('validation.required'), newPassword: t('validation.password') };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    const body = { currentPassword: form.currentPassword, newPassword: form.newPassword };
    const parsed = passwordChangeBody.safeParse(body);
    const errs: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error, t, messages);
    if (!errs.newPassword && form.newPassword !== form.confirm) errs.confirm = t('validation.confirm');
    setFieldErrors(errs);
    setError(null);
    if (hasErrors(errs)) return;
    setBusy(true);
    try {
      const user = await api.auth.changePassword(body);
      setForm({ currentPassword: '', newPassword: '', confirm: '' });
      setUser(user);
      if (forced) navigate('/', { replace: true });
      else setDone(true);
    } catch (err) {
      setError(err);
      setFieldErrors(serverFieldErrors(err, t, messages));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>{t('password.title')}</h1>
      <p>{forced ? t('password.forced') : t('password.intro')}</p>
      {done ? <StatusMessage tone="success">{t('password.done')}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} />
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        {/* Lets password managers tie the new password to the right account. */}
        <TextField
          id="current-password"
          type="password"
          label={t('password.current')}
          error={fieldErrors.currentPassword}
          value={form.currentPassword}
          onChange={set('currentPassword')}
          autoComplete="current-password"
          required
        />
        <TextField
          id="new-password"
          type="password"
          label={t('password.new')}
          hint={t('password.newHint')}
          error={fieldErrors.newPassword}
          value={form.newPassword}
          onChange={set('newPassword')}
          autoComplete="new-password"
          required
        />
        <TextField
          id="confirm-password"
          type="password"
          label={t('password.confirm')}
          error={fieldErrors.confirm}
          value={form.confirm}
          onChange={set('confirm')}
          autoComplete="new-password"
          required
        />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('password.sending') : t('password.submit')}
          </button>
          {forced ? null : (
            <Link href="/account" className="button button-secondary">
              {t('common.back')}
            </Link>
          )}
        </div>
      </form>
    </section>
  );
}
