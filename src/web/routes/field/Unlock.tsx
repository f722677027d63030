// The PIN that opens the field cache when the app starts without a network (6–12 digits). A wrong PIN says how
// many attempts are left; the fifth erases the cache, and the screen says so.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SchemaForm, SubmitButton, TextInput, useSchemaForm } from '../../forms/index.ts';
import { usePageTitle } from '../../hooks.ts';
import { fieldEngine } from './store.ts';
import { useField } from './FieldProvider.tsx';
import { ErasedNotice } from './Erased.tsx';

const pinForm = z.object({ pin: z.string().regex(/^\d{6,12}$/) });

export function UnlockPage() {
  const { t } = useTranslation();
  usePageTitle(t('field.unlock.title'));
  const field = useField();
  const [, navigate] = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useSchemaForm(pinForm, { defaultValues: { pin: '' }, messages: { pin: t('field.unlock.pinInvalid') } });

  if (field.status === 'erased') return <ErasedNotice reason={field.erasedReason} />;

  async function open(values: z.output<typeof pinForm>) {
    setProblem(null);
    const engine = await fieldEngine();
    try {
      await field.unlock(values.pin);
      form.reset({ pin: '' });
      navigate('/field');
    } catch (err) {
      form.reset({ pin: '' });
      if (err instanceof engine.WrongPinError) setProblem(t('field.unlock.wrong', { count: err.remaining }));
      else if (!(err instanceof engine.VaultErasedError)) setProblem(t('field.unlock.failed'));
    }
  }

  return (
    <section className="narrow field-unlock">
      <h1>{t('field.unlock.title')}</h1>
      <p className="lead">{t('field.unlock.intro')}</p>
      <SchemaForm form={form} onSubmit={open} className="form" aria-labelledby="field-unlock-title">
        <h2 id="field-unlock-title" className="visually-hidden">
          {t('field.unlock.title')}
        </h2>
        {problem ? (
          <div className="alert alert-error" role="alert">
            <p>{problem}</p>
          </div>
        ) : null}
        <TextInput
          name="pin"
          label={t('field.unlock.pin')}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          pattern="[0-9]*"
          maxLength={12}
          required
        />
        <div className="button-row">
          <SubmitButton busyLabel={t('field.unlock.working')}>{t('field.unlock.submit')}</SubmitButton>
        </div>
      </SchemaForm>
      <p>{t('field.unlock.forgot')}</p>
      <p>
        <Link href="/sign-in">{t('field.unlock.signIn')}</Link>
      </p>
    </section>
  );
}
