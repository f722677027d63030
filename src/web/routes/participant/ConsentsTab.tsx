// Consents: each purpose with its status (in force, withdrawn, no longer in force), a withdrawal that asks
// first and takes effect at once, and a form to record a new consent for a purpose not yet in force.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_METHODS, CONSENT_PURPOSES, type ConsentPurpose } from '../../../shared/codes.ts';
import { consentInput } from '../../../shared/participants-api.ts';
import { api, newIdempotencyKey, type ConsentView } from '../../api.ts';
import { useUser } from '../../session.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { codeLabel, codeOptions } from '../../labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { fieldOfPath, isStale, mayOn, participantErrorText, type TabProps } from './shared.ts';

type Method = (typeof CONSENT_METHODS)[number];
const LANGUAGES = ['id', 'bjn', 'en'] as const;

function statusOf(c: ConsentView): 'active' | 'withdrawn' | 'expired' {
  if (c.status === 'withdrawn') return 'withdrawn';
  return c.active ? 'active' : 'expired';
}

export function ConsentsTab({ record, reload }: TabProps) {
  const { t } = useTranslation();
  const me = useUser();
  const id = record.item.id;
  const [items, setItems] = useState<ConsentView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({
    purpose: '' as ConsentPurpose | '',
    method: '' as Method | '',
    explainedBy: me.name ?? me.username,
    language: 'id',
    givenAt: todayInOffice(),
    witness: '',
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const mayManage = mayOn(record, 'consent.manage');

  const load = useCallback(async () => {
    try {
      setItems(await api.participants.consents(id));
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const activePurposes = new Set((items ?? []).filter((c) => c.active).map((c) => c.purpose));
  const open = CONSENT_PURPOSES.filter((p) => !activePurposes.has(p));
  const verbal = form.method === 'VERBAL_WITH_WITNESS';

  async function withdraw(c: ConsentView) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      setItems(await api.participants.withdrawConsent(id, c.id));
      setNotice(t('participant.consents.withdrawnNotice'));
      await reload();
    } catch (err) {
      setError(err);
      if (isStale(err)) await load();
    } finally {
      setBusy(false);
    }
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const body = {
      purpose: form.purpose,
      method: form.method,
      explainedBy: form.explainedBy,
      language: form.language,
      givenAt: form.givenAt,
      ...(verbal && form.witness.trim() ? { witness: form.witness } : {}),
    };
    const parsed = consentInput.safeParse(body);
    const messages: Record<string, string> = {
      purpose: t('participant.consents.choosePurpose'),
      method: t('participantNew.invalid.method'),
      explainedBy: t('participantNew.invalid.explainedBy'),
      language: t('participantNew.invalid.language'),
      givenAt: t('participantNew.invalid.givenAt'),
      witness: t('participantNew.invalid.witness'),
    };
    const errors: FieldErrors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const f = fieldOfPath(issue.path.map(String).join('.'));
        if (f && !errors[f]) errors[f] = messages[f] ?? t('validation.invalid');
      }
    }
    if (verbal && !form.witness.trim()) errors.witness = messages.witness;
    setFieldErrors(errors);
    if (hasErrors(errors) || !parsed.success) return;
    setBusy(true);
    try {
      setItems(await api.participants.addConsent(id, parsed.data, idempotencyKey.current));
      idempotencyKey.current = newIdempotencyKey();
      setNotice(t('participant.consents.added'));
      setForm((f) => ({ ...f, purpose: '', witness: '' }));
      await reload();
    } catch (err) {
      setError(err);
      if (isStale(err)) await load();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="tab-content">
      <h2>{t('participant.consents.title')}</h2>
      <p>{t('participant.consents.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)} />
      {items === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
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
            <form ref={formRef} onSubmit={add} noValidate className="form">
              <SelectField
                id="consent-purpose"
                label={t('participant.consents.purpose')}
                hint={form.purpose ? t(`codes.purposeHelp.${form.purpose}`) : undefined}
                error={fieldErrors.purpose}
                value={form.purpose}
                onChange={(e) => {
                  const v = e.currentTarget.value as ConsentPurpose | '';
                  setForm((f) => ({ ...f, purpose: v }));
                }}
              >
                <option value="">{t('participant.consents.choosePurpose')}</option>
                {codeOptions('purposes', open, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="consent-method"
                label={t('participantNew.method')}
                error={fieldErrors.method}
                value={form.method}
                onChange={(e) => {
                  const v = e.currentTarget.value as Method | '';
                  setForm((f) => ({ ...f, method: v }));
                }}
              >
                <option value="">{t('participantNew.chooseMethod')}</option>
                {codeOptions('methods', CONSENT_METHODS, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              {verbal ? (
                <TextField
                  id="consent-witness"
                  label={t('participantNew.witness')}
                  hint={t('participantNew.witnessHint')}
                  error={fieldErrors.witness}
                  value={form.witness}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setForm((f) => ({ ...f, witness: v }));
                  }}
                  autoComplete="off"
                  maxLength={120}
                />
              ) : null}
              <TextField
                id="consent-explainedBy"
                label={t('participantNew.explainedBy')}
                error={fieldErrors.explainedBy}
                value={form.explainedBy}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setForm((f) => ({ ...f, explainedBy: v }));
                }}
                autoComplete="off"
                maxLength={120}
              />
              <SelectField
                id="consent-language"
                label={t('participantNew.language')}
                value={form.language}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setForm((f) => ({ ...f, language: v }));
                }}
              >
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {codeLabel('languages', l, t)}
                  </option>
                ))}
              </SelectField>
              <TextField
                id="consent-givenAt"
                type="date"
                label={t('participantNew.givenAt')}
                error={fieldErrors.givenAt}
                value={form.givenAt}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setForm((f) => ({ ...f, givenAt: v }));
                }}
              />
              <div className="button-row">
                <button type="submit" className="button button-primary" disabled={busy}>
                  {busy ? t('common.saving') : t('participant.consents.submit')}
                </button>
              </div>
            </form>
          )}
        </>
      ) : null}
    </div>
  );
}
