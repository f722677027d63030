// Referrals to partners: the list with each one's status (blocked ones marked: she withdrew the sharing
// consent), the partner's answer, the referral letter; and a form that says before sending which consent the
// chosen partner needs and whether she gave it. The server refuses a referral without it (403
// consent_required), and the page says so in words with a way to the consent tab.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { REFERRAL_SHARE_ITEMS } from '../../../shared/codes.ts';
import { referralBody, referralUpdateBody } from '../../../shared/casework-api.ts';
import { ApiError, fileUrl, newIdempotencyKey, pathOf, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { CheckboxGroupInput, DateField, SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { cwLabel, cwOptions } from '../../casework-labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { mayOn, type TabProps, useRefreshWhenStale } from './shared.ts';
import { dropNeed, peekNeed } from '../followup/handoff.ts';

type ReferralView = Reply<'GET /api/participants/:id/referrals'>['items'][number];
const ANSWERS = ['ACCEPTED', 'DECLINED', 'DONE'] as const;
const answerForm = referralUpdateBody.pick({ status: true, statusDate: true });

/** The purpose a consent_required answer names (details.missing). */
function missingPurpose(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'consent_required') return null;
  const missing = (err.details as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(missing) && typeof missing[0] === 'string' ? missing[0] : null;
}

export function ReferralsTab({ record, openConsents }: TabProps & { openConsents?: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const id = record.item.id;
  const consents = record.item.consents;
  const mayCreate = mayOn(record, 'referral.create');
  const mayUpdate = mayOn(record, 'referral.update');
  const referrals = useApi('GET /api/participants/:id/referrals', { params: { id } });
  const items = referrals.data?.items;
  const partnerList = useApi('GET /api/partners', {}, { enabled: mayCreate && can('partner.list') });
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  // Her consents may have changed elsewhere (a refusal for a missing consent): her record is read again.
  const refreshWhenStale = useRefreshWhenStale(id, ['consent_required']);
  const fail = (err: unknown) => {
    setFailure(err);
    setAttempt((a) => a + 1);
    refreshWhenStale(err);
  };
  const create = useApiMutation('POST /api/participants/:id/referrals');

  // A need noted at a follow-up visit comes in as the reason (once).
  const form = useSchemaForm(referralBody, {
    defaultValues: { reason: peekNeed(id, 'referrals') ?? undefined, shared: [], sentAt: todayInOffice() },
    messages: {
      partnerId: t('casework.referrals.invalid.partnerId'),
      reason: t('casework.referrals.invalid.reason'),
      shared: t('casework.referrals.invalid.shared'),
    },
  });
  useEffect(() => dropNeed(id, 'referrals'), [id]);

  const active = (partnerList.data?.items ?? []).filter((p) => p.active);
  const partnerId = form.watch('partnerId');
  const partner = active.find((p) => p.id === partnerId);
  const consentGiven = partner ? consents[partner.sharingPurpose] === true : false;
  const isBlocked = (r: ReferralView) => r.status === 'BLOCKED' || r.blockedAt !== null || consents[r.purpose] !== true;

  async function submit(values: z.output<typeof referralBody>) {
    setFailure(null);
    setNotice(null);
    try {
      await create.mutateAsync({
        params: { id },
        body: { ...values, shared: REFERRAL_SHARE_ITEMS.filter((s) => values.shared.includes(s)) },
        idempotencyKey: idempotencyKey.current,
      });
    } catch (err) {
      // A refusal created nothing, so the next attempt is a new submission; a lost answer keeps its key.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500)
        idempotencyKey.current = newIdempotencyKey();
      throw err;
    }
    idempotencyKey.current = newIdempotencyKey();
    form.reset({ shared: [], sentAt: todayInOffice() });
    setNotice(t('casework.referrals.created'));
  }

  const error = failure ?? referrals.error ?? partnerList.error;
  const purpose = missingPurpose(error);
  const errorText = purpose
    ? t('casework.referrals.consentRequired', { purpose: codeLabel('purposes', purpose, t) })
    : undefined;
  const consentLink = openConsents ? (
    <button type="button" className="button button-secondary button-small" onClick={openConsents}>
      {t('casework.referrals.toConsents')}
    </button>
  ) : null;

  return (
    <div className="tab-content">
      <h2>{t('casework.referrals.title')}</h2>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={errorText}>
        {purpose ? consentLink : null}
      </ErrorAlert>

      {!items ? (
        referrals.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : items.length === 0 ? (
        <p>{t('casework.referrals.none')}</p>
      ) : (
        <ul className="record-list" aria-label={t('casework.referrals.listLabel')}>
          {items.map((r) => {
            const blocked = isBlocked(r);
            return (
              <li key={r.id} className={`record${blocked ? ' record-blocked' : ''}`}>
                <h3>
                  {r.partnerName}{' '}
                  <span
                    className={`badge ${blocked ? 'badge-blocked' : r.status === 'DECLINED' ? 'badge-muted' : 'badge-ok'}`}
                  >
                    {blocked ? cwLabel('referralStatus', 'BLOCKED', t) : cwLabel('referralStatus', r.status, t)}
                  </span>
                </h3>
                {blocked ? <p className="blocked-text">{t('casework.referrals.blockedText')}</p> : null}
                <p className="prewrap">{r.reason}</p>
                <p className="note">
                  {t('casework.referrals.sentOn', { date: formatDay(r.sentAt) })}
                  {r.statusDate && r.status !== 'SENT'
                    ? ` · ${t('casework.referrals.statusOn', { status: cwLabel('referralStatus', r.status, t), date: formatDay(r.statusDate) })}`
                    : null}
                </p>
                <p className="note">
                  {t('casework.referrals.sharedList', {
                    list: r.shared.map((s) => cwLabel('shareItems', s, t)).join(', '),
                  })}
                </p>
                <p className="note">
                  {t('casework.referrals.purposeIs', { purpose: codeLabel('purposes', r.purpose, t) })}
                </p>
                {!blocked ? (
                  <p>
                    <a href={fileUrl('GET /api/referrals/:id/letter.pdf', { id: r.id })} download>
                      {t('casework.referrals.letter')}
                    </a>
                  </p>
                ) : null}
                {!blocked && mayUpdate && r.status !== 'DONE' ? (
                  <AnswerForm
                    participantId={id}
                    referral={r}
                    onSaved={() => {
                      setFailure(null);
                      setNotice(t('casework.referrals.statusSaved'));
                    }}
                    onFailed={fail}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      {mayCreate ? (
        <SchemaForm form={form} onSubmit={submit} onError={fail} pending={create.isPending} className="form panel">
          <h3>{t('casework.referrals.add')}</h3>
          {active.length === 0 ? <p className="hint">{t('casework.referrals.noPartners')}</p> : null}
          <SelectInput name="partnerId" id="referral-partner" label={t('casework.referrals.partner')}>
            <option value="">{t('casework.referrals.choosePartner')}</option>
            {active.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({cwLabel('partnerKinds', p.kind, t)})
              </option>
            ))}
          </SelectInput>
          {partner ? (
            <div className={`alert ${consentGiven ? 'alert-info' : 'alert-warn'}`} data-testid="referral-consent">
              <p>
                {t('casework.referrals.needsConsent', { purpose: codeLabel('purposes', partner.sharingPurpose, t) })}
              </p>
              <p>{consentGiven ? t('casework.referrals.consentGiven') : t('casework.referrals.consentMissing')}</p>
              {!consentGiven ? consentLink : null}
            </div>
          ) : null}
          <TextAreaInput
            name="reason"
            id="referral-reason"
            label={t('casework.referrals.reason')}
            rows={3}
            maxLength={2000}
          />
          <CheckboxGroupInput
            name="shared"
            id="referral-shared"
            legend={t('casework.referrals.shared')}
            hint={t('casework.referrals.sharedHint')}
            options={cwOptions('shareItems', REFERRAL_SHARE_ITEMS, t)}
          />
          <DateField name="sentAt" id="referral-sentAt" label={t('casework.referrals.sentAt')} />
          <div className="button-row">
            <SubmitButton busyLabel={t('common.sending')}>{t('casework.referrals.submit')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : null}
    </div>
  );
}

/**
 * The partner's answer to one referral, based on the version shown (If-Match): an answer recorded meanwhile opens
 * the shared conflict dialog (both answers side by side); her consent withdrawn is refused and the list read again.
 */
function AnswerForm({
  participantId,
  referral: r,
  onSaved,
  onFailed,
}: {
  participantId: string;
  referral: ReferralView;
  onSaved(): void;
  onFailed(err: unknown): void;
}) {
  const { t } = useTranslation();
  const refreshWhenStale = useRefreshWhenStale(participantId, ['referral_blocked']);
  // The list is her record's: the answer refreshes it there.
  const update = useVersionedMutation('PATCH /api/referrals/:id', {
    invalidates: [pathOf('GET /api/participants/:id', { id: participantId })],
    labelOf: (field) =>
      field === 'status'
        ? t('casework.referrals.newStatus')
        : field === 'statusDate'
          ? t('casework.referrals.statusDate')
          : field,
    format: (field, value) =>
      field === 'status' && typeof value === 'string'
        ? cwLabel('referralStatus', value, t)
        : field === 'statusDate' && typeof value === 'string'
          ? formatDay(value)
          : String(value),
  });
  const form = useSchemaForm(answerForm, {
    defaultValues: { statusDate: todayInOffice() },
    messages: { status: t('casework.referrals.invalid.status') },
  });
  async function save(values: z.output<typeof answerForm>) {
    const args = { params: { id: r.id } };
    try {
      const result = await update.save({
        call: { ...args, body: values },
        base: r,
        record: { key: 'GET /api/referrals/:id', args },
      });
      if (result.outcome === 'reloaded') return; // the list shows the latest answer; her form stays to choose again
    } catch (err) {
      refreshWhenStale(err);
      throw err;
    }
    form.reset({ statusDate: todayInOffice() });
    onSaved();
  }
  return (
    <SchemaForm form={form} className="inline-form" onSubmit={save} onError={onFailed} pending={update.isPending}>
      <SelectInput name="status" id={`status-${r.id}`} label={t('casework.referrals.newStatus')}>
        <option value="">{t('casework.referrals.chooseStatus')}</option>
        {cwOptions('referralStatus', ANSWERS, t).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectInput>
      <DateField name="statusDate" id={`status-date-${r.id}`} label={t('casework.referrals.statusDate')} />
      <div className="button-row">
        <SubmitButton className="button button-secondary button-small">
          {t('casework.referrals.saveStatus')}
        </SubmitButton>
      </div>
    </SchemaForm>
  );
}
