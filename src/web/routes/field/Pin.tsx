// A new PIN for the field cache on this device, online: she forgot hers (the server's key opens the cache, so the
// old PIN is not asked for) or wants a longer one. Reached from the account page and the PIN screen's hint.
import { useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SchemaForm, SubmitButton, useSchemaForm } from '../../forms/index.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { fieldOn, useField } from './FieldProvider.tsx';
import { NewPinFields, newPinShape, samePinTwice } from './Setup.tsx';

const pinForm = z.object(newPinShape).superRefine(samePinTwice);
type PinValues = z.output<typeof pinForm>;

export function FieldPinPage() {
  const { t } = useTranslation();
  usePageTitle(t('field.pin.title'));
  const field = useField();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const form = useSchemaForm(pinForm, {
    defaultValues: { pin: '', pinAgain: '' },
    messages: { pin: t('field.setup.pinInvalid'), pinAgain: t('field.setup.pinMismatch') },
  });

  async function save(values: PinValues) {
    setError(null);
    setDone(false);
    await field.setPin(values.pin);
    form.reset({ pin: '', pinAgain: '' });
    setDone(true);
  }

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link href="/account">{t('nav.account')}</Link>
      </p>
      <h1>{t('field.pin.title')}</h1>
      <p className="lead">{t('field.pin.intro')}</p>
      {done ? <StatusMessage tone="success">{t('field.pin.done')}</StatusMessage> : null}
      {fieldOn(field) ? (
        <SchemaForm form={form} onSubmit={save} onError={setError} className="form" aria-labelledby="field-pin-form">
          <h2 id="field-pin-form">{t('field.pin.submit')}</h2>
          <ErrorAlert error={error} />
          <NewPinFields />
          <div className="button-row">
            <SubmitButton busyLabel={t('field.pin.working')}>{t('field.pin.submit')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : (
        <p>{t('field.account.hereOff')}</p>
      )}
    </section>
  );
}
