// Turning field mode on, on her own phone: what the device will hold and for how long, that it must be her own
// phone and not a shared office computer, a name for the device and a PIN twice. The device is registered
// (POST /api/field/devices), the encrypted cache made with the server's key and the PIN, then filled.
import { useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { fieldDeviceRegisterBody } from '../../../shared/field-api.ts';
import { useApiMutation } from '../../data/query.ts';
import { SchemaForm, SubmitButton, TextInput, useSchemaForm } from '../../forms/index.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { fieldOn, useField } from './FieldProvider.tsx';

/** A new PIN, typed twice (here and on the new-PIN screen). */
export const newPinShape = { pin: z.string().regex(/^\d{6,12}$/), pinAgain: z.string() };
export function samePinTwice(v: { pin: string; pinAgain: string }, ctx: z.RefinementCtx): void {
  if (v.pin !== v.pinAgain) ctx.addIssue({ code: 'custom', path: ['pinAgain'], message: 'PINs differ' });
}
const setupForm = fieldDeviceRegisterBody.extend({ ...newPinShape, own: z.literal(true) }).superRefine(samePinTwice);
type SetupValues = z.output<typeof setupForm>;

export function FieldSetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('field.setup.title'));
  const field = useField();
  const register = useApiMutation('POST /api/field/devices');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const form = useSchemaForm(setupForm, {
    defaultValues: { label: '', pin: '', pinAgain: '' },
    messages: {
      pin: t('field.setup.pinInvalid'),
      pinAgain: t('field.setup.pinMismatch'),
      own: t('field.setup.ownRequired'),
    },
  });
  const ownError = form.formState.errors.own?.message;
  const days = field.meta?.offlineDays;

  async function turnOn(values: SetupValues) {
    setError(null);
    const { data } = await register.mutateAsync({ body: { label: values.label } });
    await field.turnOn(values.pin, data);
    form.reset({ label: '', pin: '', pinAgain: '' });
    setDone(true);
  }

  return (
    <section className="narrow field-setup">
      <p className="breadcrumb">
        <Link href="/account">{t('nav.account')}</Link>
      </p>
      <h1>{t('field.setup.title')}</h1>
      <p className="lead">{t('field.setup.intro')}</p>
      <h2>{t('field.setup.holdsTitle')}</h2>
      <ul>
        <li>{t('field.setup.holds.participants')}</li>
        <li>{t('field.setup.holds.sessions')}</li>
        <li>{t('field.setup.holds.followUps')}</li>
        <li>{t('field.setup.holds.outbox')}</li>
      </ul>
      <p>{t('field.setup.notHeld')}</p>
      <p className="alert alert-info">{t('field.setup.ownDevice')}</p>
      <p>{days ? t('field.setup.expiry', { days }) : t('field.setup.expiryUnknown')}</p>

      {done || fieldOn(field) ? (
        <StatusMessage tone="success">
          <p>{done ? t('field.setup.done') : t('field.setup.already')}</p>
          <p>
            <Link href="/field">{t('field.setup.open')}</Link>
          </p>
        </StatusMessage>
      ) : (
        <SchemaForm
          form={form}
          onSubmit={turnOn}
          onError={setError}
          pending={register.isPending}
          className="form"
          aria-labelledby="field-setup-form"
        >
          <h2 id="field-setup-form">{t('field.setup.submit')}</h2>
          <ErrorAlert error={error} />
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                {...form.register('own')}
                aria-invalid={ownError ? true : undefined}
                aria-describedby={ownError ? 'own-error' : undefined}
              />
              <span>{t('field.setup.ownConfirm')}</span>
            </label>
            {ownError ? (
              <p id="own-error" className="field-error">
                {ownError}
              </p>
            ) : null}
          </div>
          <TextInput
            name="label"
            label={t('field.setup.label')}
            hint={t('field.setup.labelHint')}
            maxLength={60}
            required
          />
          <NewPinFields />
          <div className="button-row">
            <SubmitButton busyLabel={t('field.setup.working')}>{t('field.setup.submit')}</SubmitButton>
          </div>
        </SchemaForm>
      )}
    </section>
  );
}

/** The new PIN and its repetition, as a numeric keypad that no browser offers to remember. */
export function NewPinFields() {
  const { t } = useTranslation();
  const pinInput = { type: 'password', inputMode: 'numeric', autoComplete: 'off', pattern: '[0-9]*' } as const;
  return (
    <>
      <TextInput
        name="pin"
        label={t('field.setup.pin')}
        hint={t('field.setup.pinHint')}
        {...pinInput}
        maxLength={12}
        required
      />
      <TextInput name="pinAgain" label={t('field.setup.pinAgain')} {...pinInput} maxLength={12} required />
    </>
  );
}
