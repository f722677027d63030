// Consents: each purpose with its status (in force, withdrawn, no longer in force), a withdrawal that asks
// first and takes effect at once, and a form to record a new consent for a purpose not yet in force.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CONSENT_METHODS, CONSENT_PURPOSES } from '../../../shared/codes.ts';
import { consentInput } from '../../../shared/participants-api.ts';
import { newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { DateField, SelectInput, TextInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useUser } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { codeLabel, codeOptions } from '../../labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { mayOn, participantErrorText, type TabProps, useRefreshWhenStale } from './shared.ts';

type ConsentView = Reply<'GET /api/participants/:id/consents'>['items'][number];
const LANGUAGES = ['id', 'bjn', 'en'] as const;

// A spoken consent names its witness: the server's body takes one, the form asks for it.
const consentForm = consentInput.superRefine((v, ctx) => {
  if (v.method === 'VERBAL_WITH_WITNESS' && !v.witness) {
    ctx.addIssue({ code: 'custom', path: ['witness'], message: 'witness' });
  }
});

function statusOf(c: ConsentView): 'active' | 'withdrawn' | 'expired' {
  if (c.status === 'withdrawn') return 'withdrawn';
  return c.active ? 'active' : 'expired';
}

export function ConsentsTab({ record }: TabProps) {
  const { t } = useTranslation();
  const me = useUser();
  const id = record.item.id;
  const consents = useApi('GET /api/participants/:id/consents', { params: { id } });
  const items = consents.data?.items;
  const [notice, setNotice] = useState<string | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const mayManage = mayOn(record, 'consent.manage');
  // Her consents are part of her record (what may be shown, shared and uploaded): both are read again.
  const refreshWhenStale = useRefreshWhenStale(id);
  const withdrawal = useApiMutation('POST /api/participants/:id/consents/:consentId/withdraw', {
    onError: refreshWhenStale,
  });
  const addition = useApiMutation('POST /api/participants/:id/consents', { onError: refreshWhenStale });

  const form = useSchemaForm(consentForm, {
    defaultValues: { explainedBy: me.name ?? me.username, language: 'id', givenAt: todayInOffice() },
    messages: {
      purpose: t('participant.consents.choosePurpose'),
      method: t('participantNew.invalid.method'),
      explainedBy: t('participantNew.invalid.explainedBy'),
      language: t('participantNew.invalid.language'),
      witness: t('participantNew.invalid.witness'),
    },
  });
  const purpose = form.watch('purpose');
  const verbal = form.watch('method') === 'VERBAL_WITH_WITNESS';

  const activePurposes = new Set((items ?? []).filter((c) => c.active).map((c) => c.purpose));
  const open = CONSENT_PURPOSES.filter((p) => !activePurposes.has(p));

  async function withdraw(c: ConsentView) {
    setNotice(null);
    addition.reset();
    try {
      await withdrawal.mutateAsync({ params: { id, consentId: c.id }, body: {} });
      setNotice(t('participant.consents.withdrawnNotice'));
    } catch {
      // Told in the alert above the list.
    }
  }

  async function add(values: z.output<typeof consentForm>) {
    setNotice(null);
    withdrawal.reset();
    const { witness, ...rest } = values;
    await addition.mutateAsync({
      params: { id },
      body: { ...rest, ...(values.method === 'VERBAL_WITH_WITNESS' ? { witness } : {}) },
      idempotencyKey: idempotencyKey.current,
    });
    idempotencyKey.current = newIdempotencyKey();
    setNotice(t('participant.consents.added'));
    form.reset({ ...values, purpose: undefined, witness: undefined });
  }

  const error = withdrawal.error ?? addition.error ?? consents.error;
  const busy = withdrawal.isPending || addition.isPending;
  return (
    <div className="tab-content">
      <h2>{t('participant.consents.title')}</h2>
      <p>{t('participant.consents.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert error={error} message={participantErrorText(error, t)} />
      {!items ? (
        consents.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : items.length === 0 ? (
        <p>{t('participant.consents.empty')}</p>
      ) : (
        <ul className="record-list">
          {items.map((c) => {
            const status = statusOf(c);
            const purpose = codeLabel('purposes', c.purpose, t);
            return (
              <li key={c.id} className={`record${status === 'active' ? '' : ' record-muted'}`}>
                <h3>
                  {purpose}{' '}
                  <span className={`badge ${status === 'active' ? 'badge-ok' : 'badge-muted'}`}>
                    {t(`participant.consents.${status}`)}
                  </span>
                </h3>
                <dl className="inline-details">
                  <div>
                    <dt>{t('participant.consents.givenAt')}</dt>
                    <dd>{formatDay(c.givenAt)}</dd>
                  </div>
                  <div>
                    <dt>{t('participant.consents.method')}</dt>
                    <dd>{codeLabel('methods', c.method, t)}</dd>
                  </div>
                  <div>
                    <dt>{t('participant.consents.explainedBy')}</dt>
                    <dd>{c.explainedBy}</dd>
                  </div>
                  <div>
                    <dt>{t('participant.consents.language')}</dt>
                    <dd>{codeLabel('languages', c.language, t)}</dd>
                  </div>
                  {c.expiresAt ? (
                    <div>
                      <dt>{t('participant.consents.expiresAt')}</dt>
                      <dd>{formatDay(c.expiresAt)}</dd>
                    </div>
                  ) : null}
                  {c.withdrawnAt ? (
                    <div>
                      <dt>{t('participant.consents.withdrawnAt')}</dt>
                      <dd>{formatDay(c.withdrawnAt)}</dd>
                    </div>
                  ) : null}
                </dl>
                {mayManage && c.status === 'given' ? (
                  <ConfirmAction
                    label={t('participant.consents.withdraw')}
                    question={t('participant.consents.withdrawConfirm', { purpose })}
                    confirmLabel={t('participant.consents.withdrawYes')}
                    busy={busy}
                    tone="secondary"
                    onConfirm={() => withdraw(c)}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      {mayManage && items ? (
        <>
          <h2>{t('participant.consents.add')}</h2>
          {open.length === 0 ? (
            <p>{t('participant.consents.allActive')}</p>
          ) : (
            <SchemaForm form={form} onSubmit={add} pending={addition.isPending} className="form">
              <SelectInput
                name="purpose"
                id="consent-purpose"
                label={t('participant.consents.purpose')}
                hint={purpose ? t(`codes.purposeHelp.${purpose}`) : undefined}
              >
                <option value="">{t('participant.consents.choosePurpose')}</option>
                {codeOptions('purposes', open, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectInput>
              <SelectInput name="method" id="consent-method" label={t('participantNew.method')}>
                <option value="">{t('participantNew.chooseMethod')}</option>
                {codeOptions('methods', CONSENT_METHODS, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectInput>
              {verbal ? (
                <TextInput
                  name="witness"
                  id="consent-witness"
                  label={t('participantNew.witness')}
                  hint={t('participantNew.witnessHint')}
                  autoComplete="off"
                  maxLength={120}
                />
              ) : null}
              <TextInput
                name="explainedBy"
                id="consent-explainedBy"
                label={t('participantNew.explainedBy')}
                autoComplete="off"
                maxLength={120}
              />
              <SelectInput name="language" id="consent-language" label={t('participantNew.language')}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {codeLabel('languages', l, t)}
                  </option>
                ))}
              </SelectInput>
              <DateField name="givenAt" id="consent-givenAt" label={t('participantNew.givenAt')} />
              <div className="button-row">
                <SubmitButton>{t('participant.consents.submit')}</SubmitButton>
              </div>
            </SchemaForm>
          )}
        </>
      ) : null}
    </div>
  );
}
