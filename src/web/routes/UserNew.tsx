// New staff account. The password is an initial one: the person must change it at first sign-in.
import { useRef } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { userCreateBody } from '../../shared/api.ts';
import { PROVINCE_ROLES, roleRequiresMfa } from '../../shared/roles.ts';
import { useUser } from '../session.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { assignableRegions } from '../components/regions.ts';
import { newIdempotencyKey } from '../data/client.ts';
import { useApiMutation } from '../data/query.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { CheckboxGroupInput, SelectInput, TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { usePageTitle } from '../hooks.ts';

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
  const create = useApiMutation('POST /api/users');
  // One key per submission: a retry of it (the answer lost on a weak line) gets the account made the first time.
  const idempotencyKey = useRef(newIdempotencyKey());
  const form = useSchemaForm(userCreateBody, {
    defaultValues: { username: '', regions: [], password: '' },
    messages: {
      username: t('validation.username'),
      name: t('validation.name'),
      email: t('validation.email'),
      role: t('validation.role'),
      regions: t('validation.regions'),
      password: t('validation.password'),
    },
  });
  const role = form.watch('role');

  return (
    <section className="narrow">
      <h1>{t('userNew.title')}</h1>
      <p>{t('userNew.intro')}</p>
      <p>{t('accounts.user.newHint')}</p>
      <ErrorAlert error={create.error} />
      <SchemaForm
        form={form}
        pending={create.isPending}
        className="form"
        onSubmit={async (body) => {
          const { data: user } = await create.mutateAsync({ body, idempotencyKey: idempotencyKey.current });
          idempotencyKey.current = newIdempotencyKey();
          navigate(`/users/${user.id}`, { state: { notice: 'created' } });
        }}
      >
        <TextInput
          name="username"
          control={form.control}
          label={t('userNew.username')}
          hint={t('userNew.usernameHint')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextInput
          name="name"
          control={form.control}
          label={`${t('userNew.name')} ${t('common.optional')}`}
          autoComplete="off"
        />
        <TextInput
          name="email"
          control={form.control}
          type="email"
          label={`${t('userNew.email')} ${t('common.optional')}`}
          hint={t('userNew.emailHint')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <SelectInput
          name="role"
          control={form.control}
          label={t('userNew.role')}
          hint={role && roleRequiresMfa(role) ? t('userNew.mfaNote') : undefined}
          required
        >
          <option value="">{t('userNew.chooseRole')}</option>
          {PROVINCE_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectInput>
        <CheckboxGroupInput
          name="regions"
          control={form.control}
          legend={t('userNew.regions')}
          hint={t('userNew.regionsHint')}
          options={assignableRegions(me.regions)}
        />
        <TextInput
          name="password"
          control={form.control}
          id="initial-password"
          label={t('userNew.password')}
          hint={t('userNew.passwordHint')}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              form.setValue('password', randomPassword(), {
                shouldDirty: true,
                shouldValidate: form.formState.isSubmitted,
              })
            }
          >
            {t('userNew.generate')}
          </button>
        </div>
        <div className="button-row">
          <SubmitButton busyLabel={t('userNew.sending')}>{t('userNew.submit')}</SubmitButton>
          <Link href="/users" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </SchemaForm>
    </section>
  );
}
