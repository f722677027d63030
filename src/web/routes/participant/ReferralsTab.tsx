// Referrals to partners: the list with each one's status (blocked ones marked: she withdrew the sharing
// consent), the partner's answer, the referral letter; and a form that says before sending which consent the
// chosen partner needs and whether she gave it. The server refuses a referral without it (403
// consent_required), and the page says so in words with a way to the consent tab.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REFERRAL_SHARE_ITEMS } from '../../../shared/codes.ts';
import { ApiError, newIdempotencyKey } from '../../api.ts';
import { casework, type PartnerView, type ReferralView } from '../../api-casework.ts';
import { useSession } from '../../session.tsx';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { cwLabel, cwOptions } from '../../casework-labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { isStale, mayOn, type TabProps } from './shared.ts';
import { dropNeed, peekNeed } from '../followup/handoff.ts';

type ShareItem = (typeof REFERRAL_SHARE_ITEMS)[number];
const ANSWERS = ['ACCEPTED', 'DECLINED', 'DONE'] as const;
type Answer = (typeof ANSWERS)[number];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The purpose a consent_required answer names (details.missing). */
function missingPurpose(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'consent_required') return null;
  const missing = (err.details as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(missing) && typeof missing[0] === 'string' ? missing[0] : null;
}

export function ReferralsTab({ record, reload, openConsents }: TabProps & { openConsents?: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const id = record.item.id;
  const consents = record.item.consents;
  const mayCreate = mayOn(record, 'referral.create');
  const mayUpdate = mayOn(record, 'referral.update');
  const [items, setItems] = useState<ReferralView[] | null>(null);
  const [partners, setPartners] = useState<PartnerView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A need noted at a follow-up visit comes in as the reason (once).
  const [form, setForm] = useState(() => ({
    partnerId: '',
    reason: peekNeed(id, 'referrals') ?? '',
    shared: [] as ShareItem[],
    sentAt: todayInOffice(),
  }));
  useEffect(() => dropNeed(id, 'referrals'), [id]);
  const [answers, setAnswers] = useState<Record<string, { status: Answer | ''; date: string }>>({});
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  const load = useCallback(async () => {
    try {
      setItems(await casework.referrals.list(id));
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!mayCreate || !can('partner.list')) return;
    casework.partners.list().then(setPartners, setError);
  }, [mayCreate, can]);

  const active = partners.filter((p) => p.active);
  const partner = active.find((p) => p.id === form.partnerId);
  const consentGiven = partner ? consents[partner.sharingPurpose] === true : false;
  const isBlocked = (r: ReferralView) => r.status === 'BLOCKED' || r.blockedAt !== null || consents[r.purpose] !== true;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const out: FieldErrors = {};
    if (!form.partnerId) out['referral-partner'] = t('casework.referrals.invalid.partnerId');
    const reason = form.reason.trim();
    if (!reason || reason.length > 2000) out['referral-reason'] = t('casework.referrals.invalid.reason');
    if (form.shared.length === 0) out['referral-shared'] = t('casework.referrals.invalid.shared');
    if (!ISO_DATE.test(form.sentAt)) out['referral-sentAt'] = t('casework.referrals.invalid.sentAt');
    setFieldErrors(out);
    if (hasErrors(out)) return;
    setBusy(true);
    try {
      await casework.referrals.create(
        id,
        {
          partnerId: form.partnerId,
          reason,
          shared: REFERRAL_SHARE_ITEMS.filter((s) => form.shared.includes(s)),
          sentAt: form.sentAt,
        },
        idempotencyKey.current,
      );
      idempotencyKey.current = newIdempotencyKey();
      setForm({ partnerId: '', reason: '', shared: [], sentAt: todayInOffice() });
      setNotice(t('casework.referrals.created'));
      await load();
    } catch (err) {
      setError(err);
      // A refusal created nothing, so the next attempt is a new submission; a lost answer keeps its key.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500)
        idempotencyKey.current = newIdempotencyKey();
      // Her consents may have changed elsewhere: the record's view of them is refreshed.
      if (missingPurpose(err)) void reload();
    } finally {
      setBusy(false);
    }
  }

  async function answer(r: ReferralView, e: FormEvent) {
    e.preventDefault();
    const a = answers[r.id] ?? { status: '', date: todayInOffice() };
    setError(null);
    setNotice(null);
    if (!a.status || !ISO_DATE.test(a.date)) {
      setFieldErrors({ [`status-${r.id}`]: t('casework.referrals.invalid.status') });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      await casework.referrals.update(r.id, r.version, { status: a.status, statusDate: a.date });
      setAnswers((x) => ({ ...x, [r.id]: { status: '', date: todayInOffice() } }));
      setNotice(t('casework.referrals.statusSaved'));
      await load();
    } catch (err) {
      setError(err);
      if (isStale(err) || (err instanceof ApiError && (err.status === 412 || err.code === 'referral_blocked')))
        await load();
    } finally {
      setBusy(false);
    }
  }

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

      {items === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : items.length === 0 ? (
        <p>{t('casework.referrals.none')}</p>
      ) : (
        <ul className="record-list" aria-label={t('casework.referrals.listLabel')}>
          {items.map((r) => {
            const blocked = isBlocked(r);
            const a = answers[r.id] ?? { status: '' as const, date: todayInOffice() };
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
                    <a href={casework.referrals.letterUrl(r.id)} download>
                      {t('casework.referrals.letter')}
                    </a>
                  </p>
                ) : null}
                {!blocked && mayUpdate && r.status !== 'DONE' ? (
                  <form className="inline-form" noValidate onSubmit={(e) => void answer(r, e)}>
                    <SelectField
                      id={`status-${r.id}`}
                      label={t('casework.referrals.newStatus')}
                      error={fieldErrors[`status-${r.id}`]}
                      value={a.status}
                      onChange={(e) => {
                        const status = e.currentTarget.value as Answer | '';
                        setAnswers((x) => ({ ...x, [r.id]: { ...a, status } }));
                      }}
                    >
                      <option value="">{t('casework.referrals.chooseStatus')}</option>
                      {cwOptions('referralStatus', ANSWERS, t).map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </SelectField>
                    <TextField
                      id={`status-date-${r.id}`}
                      type="date"
                      label={t('casework.referrals.statusDate')}
                      value={a.date}
                      onChange={(e) => {
                        const date = e.currentTarget.value;
                        setAnswers((x) => ({ ...x, [r.id]: { ...a, date } }));
                      }}
                    />
                    <div className="button-row">
                      <button type="submit" className="button button-secondary button-small" disabled={busy}>
                        {t('casework.referrals.saveStatus')}
                      </button>
                    </div>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      {mayCreate ? (
        <form ref={formRef} onSubmit={submit} noValidate className="form panel">
          <h3>{t('casework.referrals.add')}</h3>
          {active.length === 0 ? <p className="hint">{t('casework.referrals.noPartners')}</p> : null}
          <SelectField
            id="referral-partner"
            label={t('casework.referrals.partner')}
            error={fieldErrors['referral-partner']}
            value={form.partnerId}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, partnerId: v }));
            }}
          >
            <option value="">{t('casework.referrals.choosePartner')}</option>
            {active.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({cwLabel('partnerKinds', p.kind, t)})
              </option>
            ))}
          </SelectField>
          {partner ? (
            <div className={`alert ${consentGiven ? 'alert-info' : 'alert-warn'}`} data-testid="referral-consent">
              <p>
                {t('casework.referrals.needsConsent', { purpose: codeLabel('purposes', partner.sharingPurpose, t) })}
              </p>
              <p>{consentGiven ? t('casework.referrals.consentGiven') : t('casework.referrals.consentMissing')}</p>
              {!consentGiven ? consentLink : null}
            </div>
          ) : null}
          <TextAreaField
            id="referral-reason"
            label={t('casework.referrals.reason')}
            error={fieldErrors['referral-reason']}
            value={form.reason}
            rows={3}
            maxLength={2000}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, reason: v }));
            }}
          />
          <CheckboxGroup
            id="referral-shared"
            legend={t('casework.referrals.shared')}
            hint={t('casework.referrals.sharedHint')}
            error={fieldErrors['referral-shared']}
            options={cwOptions('shareItems', REFERRAL_SHARE_ITEMS, t)}
            value={form.shared}
            onChange={(next) => setForm((f) => ({ ...f, shared: next as ShareItem[] }))}
          />
          <TextField
            id="referral-sentAt"
            type="date"
            label={t('casework.referrals.sentAt')}
            error={fieldErrors['referral-sentAt']}
            value={form.sentAt}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, sentAt: v }));
            }}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.sending') : t('casework.referrals.submit')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
