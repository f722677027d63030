// New staff account. The password is an initial one: the person must change it at first sign-in.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { userCreateBody } from '../../shared/api.ts';
import { ROLES, roleRequiresMfa, type Role } from '../../shared/roles.ts';
import { api } from '../api.ts';
import { useUser } from '../session.tsx';
import { CheckboxGroup, SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { assignableRegions } from '../components/regions.ts';
import { hasErrors, serverFieldErrors, zodFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

/** A readable random password: four groups of four from letters and digits that are hard to confuse. */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export function UserNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('userNew.title'));
  const me = useUser();
  const [, navigate] = useLocation();
  const [form, setForm] = useState<{
    username: string;
    name: string;
    email: string;
    role: Role | '';
    regions: string[];
    password: string;
  }>({
    username: '',
    name: '',
    email: '',
    role: '',
    regions: [],
    password: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const messages = {
    username: t('validation.username'),
    name: t('validation.name'),
    email: t('validation.email'),
    role: t('validation.role'),
    regions: t('validation.regions'),
    password: t('validation.password'),
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    const body = {
      username: form.username,
      role: form.role,
      regions: form.regions,
      password: form.password,
      ...(form.name.trim() ? { name: form.name } : {}),
      ...(form.email.trim() ? { email: form.email } : {}),
    };
    const parsed = userCreateBody.safeParse(body);
    setError(null);
    if (!parsed.success) {
      setFieldErrors(zodFieldErrors(parsed.error, t, messages));
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const { item } = await api.users.create(parsed.data);
      navigate(`/users/${item.id}`, { state: { notice: 'created' } });
    } catch (err) {
      setError(err);
      setFieldErrors(serverFieldErrors(err, t, messages));
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>{t('userNew.title')}</h1>
      <p>{t('userNew.intro')}</p>
      <p>{t('accounts.user.newHint')}</p>
      <ErrorAlert key={attempt} error={error} />
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <TextField
          id="username"
          label={t('userNew.username')}
          hint={t('userNew.usernameHint')}
          error={fieldErrors.username}
          value={form.username}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, username: v }));
          }}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          id="name"
          label={`${t('userNew.name')} ${t('common.optional')}`}
          error={fieldErrors.name}
          value={form.name}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, name: v }));
          }}
          autoComplete="off"
        />
        <TextField
          id="email"
          type="email"
          label={`${t('userNew.email')} ${t('common.optional')}`}
          hint={t('userNew.emailHint')}
          error={fieldErrors.email}
          value={form.email}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, email: v }));
          }}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <SelectField
          id="role"
          label={t('userNew.role')}
          error={fieldErrors.role}
          hint={form.role && roleRequiresMfa(form.role) ? t('userNew.mfaNote') : undefined}
          value={form.role}
          onChange={(e) => {
            const v = e.currentTarget.value as Role | '';
            setForm((f) => ({ ...f, role: v }));
          }}
          required
        >
          <option value="">{t('userNew.chooseRole')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <CheckboxGroup
          id="regions"
          legend={t('userNew.regions')}
          hint={t('userNew.regionsHint')}
          error={fieldErrors.regions}
          options={assignableRegions(me.regions)}
          value={form.regions}
          onChange={(regions) => setForm((f) => ({ ...f, regions }))}
        />
        <TextField
          id="initial-password"
          label={t('userNew.password')}
          hint={t('userNew.passwordHint')}
          error={fieldErrors.password}
          value={form.password}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, password: v }));
          }}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setForm((f) => ({ ...f, password: randomPassword() }))}
          >
            {t('userNew.generate')}
          </button>
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('userNew.sending') : t('userNew.submit')}
          </button>
          <Link href="/users" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
