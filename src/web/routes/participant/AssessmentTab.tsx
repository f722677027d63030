// Assessment: versions newest first (SRQ-20 score, proposed and set risk, review), one version's answers
// with what changed since the previous one, the head of section's review, and the form for a new version in
// eight sections, one at a time on a phone, with a progress indicator and the SRQ-20 score counted live.
// What is typed survives switching tabs (kept in memory only: these answers never go to the device's storage).
import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import {
  EDUCATION_LEVELS,
  RISK_LEVELS,
  SAFETY_RISKS,
  TESTING_REFERRAL,
  TRAFFICKING_INDICATORS,
  TRI_STATE,
} from '../../../shared/codes.ts';
import { assessmentAnswers } from '../../../shared/casework-api.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ChoiceChips, ToggleChips } from '../../components/Chips.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { cwLabel, cwOptions, formatRupiah } from '../../casework-labels.ts';
import { LIVING_SITUATIONS, SRQ20_KEYS, TEST_RESULTS } from '../../i18n/casework.id.ts';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { dateOrderErrors, hasErrors, type FieldErrors } from '../../errors.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { mayOn, type TabProps } from './shared.ts';
import {
  answerLabel,
  answerValue,
  bodyOf,
  emptyForm,
  fieldOfServerPath,
  formErrors,
  formFromAnswers,
  incompleteSections,
  parseAmount,
  SECTIONS,
  srqScore,
  type AssessmentForm,
  type Risk,
  type SafetyRisk,
} from './assessment-model.ts';

type AssessmentDetail = Reply<'GET /api/participants/:id/assessments/:version'>;
const DETAIL = 'GET /api/participants/:id/assessments/:version';

/** Unsent forms per participant, for this page visit only (never written to the device). */
const unsent = new Map<string, { form: AssessmentForm; step: number }>();

const YES_NO = ['yes', 'no'] as const;

export function AssessmentTab({ record }: TabProps) {
  const { t } = useTranslation();
  const id = record.item.id;
  const mayCreate = mayOn(record, 'assessment.create');
  const mayReview = mayOn(record, 'assessment.review');
  const healthConsent = record.item.consents.HEALTH_DATA === true;
  const traffickingRequired =
    record.item.participationBasis === 'RUJUKAN_PENEGAKAN_PERDA' ||
    record.item.referralSource === 'SATPOL_PP' ||
    record.item.referralSource === 'POLISI';

  const list = useApi('GET /api/participants/:id/assessments', { params: { id } });
  const versions = list.data?.items;
  const latest = versions?.[0];
  // The latest version's answers start a new version: read beside the list for whoever may write one.
  const latestDetail = useApi(
    DETAIL,
    { params: { id, version: String(latest?.version ?? 0) } },
    { enabled: mayCreate && latest !== undefined },
  );
  // The version whose answers are shown, and the one she has just saved (its result and proposed risk).
  const [openVersion, setOpenVersion] = useState<number | null>(null);
  const openDetail = useApi(
    DETAIL,
    { params: { id, version: String(openVersion ?? 0) } },
    { enabled: openVersion !== null },
  );
  const open = openVersion !== null ? openDetail.data : undefined;
  const [resultVersion, setResultVersion] = useState<number | null>(null);
  const resultDetail = useApi(
    DETAIL,
    { params: { id, version: String(resultVersion ?? 0) } },
    { enabled: resultVersion !== null },
  );
  const result = resultVersion !== null ? (resultDetail.data ?? null) : null;
  // A new version or a review changes her record (the review moves her stage): both refresh it with the list.
  const create = useApiMutation('POST /api/participants/:id/assessments');
  const reviewing = useApiMutation('POST /api/participants/:id/assessments/:version/review');

  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reconfirm, setReconfirm] = useState<Risk | ''>('');
  const [form, setForm] = useState<AssessmentForm | null>(() => unsent.get(id)?.form ?? null);
  const [step, setStep] = useState(() => unsent.get(id)?.step ?? 0);
  const busy = create.isPending || reviewing.isPending;
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const sectionHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  useEffect(() => {
    if (form) unsent.set(id, { form, step });
  }, [id, form, step]);

  // A step change made with the step buttons moves focus to the new section's heading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `step` is the trigger (focus after each step change), not a value read in the body
  useEffect(() => {
    if (moved.current) {
      moved.current = false;
      sectionHeading.current?.focus();
    }
  }, [step]);

  async function start() {
    setFailure(null);
    setNotice(null);
    setResultVersion(null);
    setFieldErrors({});
    if (latest) {
      const detail = latestDetail.data ?? (await latestDetail.refetch()).data;
      if (!detail) {
        setFailure(latestDetail.error);
        return;
      }
      setForm(formFromAnswers(detail.assessment.answers, healthConsent));
    } else {
      setForm(emptyForm());
    }
    setStep(0);
  }

  function cancel() {
    unsent.delete(id);
    setForm(null);
    setFieldErrors({});
    setFailure(null);
  }

  const update = (fn: (f: AssessmentForm) => AssessmentForm) => setForm((f) => (f ? fn(f) : f));

  function goTo(n: number) {
    moved.current = true;
    setStep(n);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setAttempt((a) => a + 1);
    setFailure(null);
    setNotice(null);
    const errors = formErrors(form, traffickingRequired, t);
    if (!form.confirmedRisk) errors.confirmedRisk = t('casework.assessment.invalid.confirmedRisk');
    if (!form.assessedOn) errors.assessedOn = t('casework.assessment.invalid.assessedOn');
    else if (form.assessedOn > todayInOffice()) errors.assessedOn = t('dates.problems.future_date');
    const missing = incompleteSections(errors);
    if (missing.length > 0) setStep(SECTIONS.indexOf(missing[0]!));
    else if (errors.confirmedRisk || errors.assessedOn) setStep(SECTIONS.length - 1);
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    try {
      const { data: saved } = await create.mutateAsync({
        params: { id },
        body: bodyOf(form, healthConsent, form.confirmedRisk as Risk),
      });
      unsent.delete(id);
      setForm(null);
      setResultVersion(saved.assessment.version);
      setReconfirm(saved.assessment.proposedRisk);
      setNotice(t('casework.assessment.saved', { version: saved.assessment.version }));
    } catch (err) {
      setFailure(err);
      if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
        const fields: FieldErrors = {};
        for (const d of err.details as { field?: unknown }[]) {
          if (typeof d?.field === 'string')
            fields[fieldOfServerPath(d.field)] = t('casework.assessment.invalid.required');
        }
        const missingServer = incompleteSections(fields);
        if (missingServer.length > 0) setStep(SECTIONS.indexOf(missingServer[0]!));
        setFieldErrors(fields);
      }
      // A date out of the work's order (before her registration, or in the future): told beside the date.
      const dated = dateOrderErrors(err, t, fieldOfServerPath);
      if (hasErrors(dated)) {
        setStep(SECTIONS.length - 1);
        setFieldErrors(dated);
      }
    }
  }

  /** Sets the risk level again: a new version with the same answers. */
  async function saveReconfirm(e: FormEvent) {
    e.preventDefault();
    if (!result || !reconfirm) return;
    setFailure(null);
    // The same answers as the version just saved, read with the schema the body takes.
    const answers = assessmentAnswers.safeParse(result.assessment.answers);
    if (!answers.success) return;
    try {
      const { data: saved } = await create.mutateAsync({
        params: { id },
        body: { answers: answers.data, confirmedRisk: reconfirm },
      });
      setResultVersion(saved.assessment.version);
      setNotice(t('casework.assessment.saved', { version: saved.assessment.version }));
    } catch (err) {
      setFailure(err);
    }
  }

  function toggle(version: number) {
    setOpenVersion((v) => (v === version ? null : version));
  }

  async function review(version: number) {
    setFailure(null);
    setNotice(null);
    try {
      await reviewing.mutateAsync({ params: { id, version: String(version) } });
      setNotice(t('casework.assessment.reviewed', { version }));
    } catch (err) {
      setFailure(err);
    }
  }

  const error = failure ?? list.error ?? openDetail.error ?? resultDetail.error;

  const consentText =
    error instanceof ApiError && error.code === 'consent_required'
      ? t('casework.assessment.health.testResultNoConsent')
      : undefined;

  return (
    <div className="tab-content">
      <h2>{t('casework.assessment.title')}</h2>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      {!form ? <ErrorAlert error={error} message={consentText} /> : null}

      {result ? (
        <ResultPanel
          result={result}
          reconfirm={reconfirm}
          setReconfirm={setReconfirm}
          onSubmit={saveReconfirm}
          busy={busy}
          mayCreate={mayCreate}
        />
      ) : null}

      {form ? (
        <AssessmentFormView
          form={form}
          update={update}
          step={step}
          goTo={goTo}
          onSubmit={save}
          onCancel={cancel}
          busy={busy}
          error={error}
          errorText={consentText}
          attempt={attempt}
          fieldErrors={fieldErrors}
          formRef={formRef}
          sectionHeading={sectionHeading}
          healthConsent={healthConsent}
          traffickingRequired={traffickingRequired}
        />
      ) : mayCreate ? (
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void start()}>
            {latest ? t('casework.assessment.startNew') : t('casework.assessment.start')}
          </button>
          {latest ? <p className="hint">{t('casework.assessment.newHint')}</p> : null}
        </div>
      ) : null}

      <h3>{t('casework.assessment.versions')}</h3>
      {!versions ? (
        list.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : versions.length === 0 ? (
        <p>{t('casework.assessment.none')}</p>
      ) : (
        <ul className="record-list" aria-label={t('casework.assessment.versionsLabel')}>
          {versions.map((v) => (
            <li key={v.version} className="record">
              <p className="record-meta">
                <strong>
                  {t('casework.assessment.meta', {
                    version: v.version,
                    on: formatDay(v.assessedOn),
                    by: v.assessedBy ?? t('common.none'),
                  })}
                </strong>{' '}
                <EnteredLateBadge late={v.enteredLate} />
              </p>
              <p className="note">{t('casework.assessment.enteredAt', { at: formatDateTime(v.assessedAt) })}</p>
              <dl className="inline-details">
                <div>
                  <dt>SRQ-20</dt>
                  <dd>
                    {v.srq20Score}/20{' '}
                    {v.srq20AboveThreshold ? <span className="badge badge-warn">≥ {v.srq20Threshold}</span> : null}
                  </dd>
                </div>
                <div>
                  <dt>{t('casework.assessment.proposed')}</dt>
                  <dd>{cwLabel('risk', v.proposedRisk, t)}</dd>
                </div>
                <div>
                  <dt>{t('casework.assessment.confirmed')}</dt>
                  <dd>
                    <span className={`badge risk-${v.confirmedRisk.toLowerCase()}`}>
                      {cwLabel('risk', v.confirmedRisk, t)}
                    </span>
                  </dd>
                </div>
              </dl>
              <p className="note">
                {v.reviewedAt
                  ? t('casework.assessment.reviewedMeta', {
                      by: v.reviewedBy ?? t('common.none'),
                      at: formatDateTime(v.reviewedAt),
                    })
                  : t('casework.assessment.notReviewed')}
              </p>
              <div className="button-row">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-expanded={openVersion === v.version}
                  onClick={() => toggle(v.version)}
                >
                  {openVersion === v.version
                    ? t('casework.assessment.hide', { version: v.version })
                    : t('casework.assessment.view', { version: v.version })}
                </button>
                {mayReview && !v.reviewedAt ? (
                  <button
                    type="button"
                    className="button button-primary button-small"
                    disabled={busy}
                    onClick={() => void review(v.version)}
                  >
                    {t('casework.assessment.review', { version: v.version })}
                  </button>
                ) : null}
              </div>
              {open && open.assessment.version === v.version ? <VersionDetail detail={open} /> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ResultPanel({
  result,
  reconfirm,
  setReconfirm,
  onSubmit,
  busy,
  mayCreate,
}: {
  result: AssessmentDetail;
  reconfirm: Risk | '';
  setReconfirm(r: Risk | ''): void;
  onSubmit(e: FormEvent): void;
  busy: boolean;
  mayCreate: boolean;
}) {
  const { t } = useTranslation();
  const a = result.assessment;
  const differs = a.proposedRisk !== a.confirmedRisk;
  return (
    <div className="panel result-panel">
      <p>{t('casework.assessment.srqResult', { score: a.srq20Score, threshold: a.srq20Threshold })}</p>
      {a.srq20AboveThreshold ? <p className="alert alert-warn">{t('casework.assessment.aboveThreshold')}</p> : null}
      <dl className="inline-details">
        <div>
          <dt>{t('casework.assessment.proposed')}</dt>
          <dd data-testid="proposed-risk">{cwLabel('risk', a.proposedRisk, t)}</dd>
        </div>
        <div>
          <dt>{t('casework.assessment.confirmed')}</dt>
          <dd>{cwLabel('risk', a.confirmedRisk, t)}</dd>
        </div>
      </dl>
      {differs && mayCreate ? (
        <form onSubmit={onSubmit} noValidate className="form">
          <p>{t('casework.assessment.differs')}</p>
          <SelectField
            id="reconfirm-risk"
            label={t('casework.assessment.reconfirm')}
            value={reconfirm}
            onChange={(e) => setReconfirm(e.currentTarget.value as Risk)}
          >
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {cwLabel('risk', r, t)}
              </option>
            ))}
          </SelectField>
          <div className="button-row">
            <button type="submit" className="button button-secondary" disabled={busy || reconfirm === a.confirmedRisk}>
              {t('casework.assessment.reconfirmSubmit')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function VersionDetail({ detail }: { detail: AssessmentDetail }) {
  const { t } = useTranslation();
  const a = detail.assessment;
  const answers = a.answers;
  const rows: { path: string; value: unknown }[] = [];
  for (const section of SECTIONS) {
    const v = answers[section];
    if (section === 'srq20' || section === 'strengths') continue;
    if (v && typeof v === 'object' && !Array.isArray(v))
      for (const [k, x] of Object.entries(v)) rows.push({ path: `${section}.${k}`, value: x });
  }
  const srq = Array.isArray(answers.srq20) ? (answers.srq20 as unknown[]) : [];
  const yesOn = srq.map((x, i) => (x === true ? i + 1 : 0)).filter(Boolean);
  return (
    <div className="history">
      <h4>{t('casework.assessment.detail', { version: a.version })}</h4>
      <dl className="answers">
        {rows.map((r) => (
          <div key={r.path}>
            <dt>{answerLabel(r.path, t)}</dt>
            <dd>{answerValue(r.path, r.value, t)}</dd>
          </div>
        ))}
        <div>
          <dt>SRQ-20</dt>
          <dd>
            {t('casework.assessment.srqSummary', { score: a.srq20Score })}
            {yesOn.length ? ` (${yesOn.join(', ')})` : ''}
          </dd>
        </div>
        {typeof answers.strengths === 'string' ? (
          <div>
            <dt>{t('casework.assessment.sections.strengths')}</dt>
            <dd className="prewrap">{answers.strengths}</dd>
          </div>
        ) : null}
      </dl>
      <h4>{t('casework.assessment.changes')}</h4>
      {a.version === 1 ? (
        <p>{t('casework.assessment.firstVersion')}</p>
      ) : detail.changes.length === 0 ? (
        <p>{t('casework.assessment.noChanges')}</p>
      ) : (
        <ul className="changes">
          {detail.changes.map((c) => (
            <li key={c.path}>
              {c.path === 'srq20' ? (
                <SrqChange from={c.from} to={c.to} />
              ) : (
                <ChangeLine path={c.path} from={c.from} to={c.to} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChangeLine({ path, from, to }: { path: string; from: unknown; to: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{answerLabel(path, t)}</strong>: <del>{answerValue(path, from, t)}</del> →{' '}
      <ins>{answerValue(path, to, t)}</ins>
    </>
  );
}

function SrqChange({ from, to }: { from: unknown; to: unknown }) {
  const { t } = useTranslation();
  const a = Array.isArray(from) ? from : [];
  const b = Array.isArray(to) ? to : [];
  const changed = b.map((x, i) => (x !== a[i] ? i + 1 : 0)).filter(Boolean);
  const score = (xs: unknown[]) => xs.filter((x) => x === true).length;
  return (
    <>
      <strong>SRQ-20</strong>: <del>{score(a)}</del> → <ins>{score(b)}</ins>.{' '}
      {t('casework.assessment.srqChanged', { list: changed.join(', ') })}
    </>
  );
}

// ---------------------------------------------------------------- the form

interface FormViewProps {
  form: AssessmentForm;
  update(fn: (f: AssessmentForm) => AssessmentForm): void;
  step: number;
  goTo(n: number): void;
  onSubmit(e: FormEvent): void;
  onCancel(): void;
  busy: boolean;
  error: unknown;
  errorText?: string;
  attempt: number;
  fieldErrors: FieldErrors;
  formRef: RefObject<HTMLFormElement | null>;
  sectionHeading: RefObject<HTMLHeadingElement | null>;
  healthConsent: boolean;
  traffickingRequired: boolean;
}

function AssessmentFormView(p: FormViewProps) {
  const { t } = useTranslation();
  const { form, update, step, fieldErrors: fe } = p;
  const section = SECTIONS[step]!;
  const sectionErrors = formErrors(form, p.traffickingRequired, t);
  const missing = new Set(incompleteSections(sectionErrors));
  const done = SECTIONS.length - missing.size;
  const last = step === SECTIONS.length - 1;
  const triOptions = cwOptions('triState', TRI_STATE, t);
  const submittedMissing = incompleteSections(p.fieldErrors);

  const tri = (id: string, legend: string, value: string, onChange: (v: (typeof TRI_STATE)[number]) => void) => (
    <ChoiceChips
      key={id}
      id={id}
      big
      legend={legend}
      error={fe[id]}
      options={triOptions}
      value={value as (typeof TRI_STATE)[number] | ''}
      onChange={onChange}
    />
  );

  let body: ReactNode;
  switch (section) {
    case 'living':
      body = (
        <>
          <ChoiceChips
            id="living-situation"
            legend={t('casework.assessment.living.situation')}
            error={fe['living-situation']}
            options={cwOptions('living', LIVING_SITUATIONS, t)}
            value={form.living.situation}
            onChange={(v) => update((f) => ({ ...f, living: { ...f.living, situation: v } }))}
          />
          {tri('living-familyContact', t('casework.assessment.living.familyContact'), form.living.familyContact, (v) =>
            update((f) => ({ ...f, living: { ...f.living, familyContact: v } })),
          )}
          {tri(
            'living-familyAccepting',
            t('casework.assessment.living.familyAccepting'),
            form.living.familyAccepting,
            (v) => update((f) => ({ ...f, living: { ...f.living, familyAccepting: v } })),
          )}
          <TextAreaField
            id="living-notes"
            label={t('casework.assessment.living.notes')}
            error={fe['living-notes']}
            value={form.living.notes}
            rows={3}
            maxLength={2000}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, living: { ...f.living, notes: v } }));
            }}
          />
        </>
      );
      break;
    case 'health':
      body = (
        <>
          {tri('health-hasAccess', t('casework.assessment.health.hasAccess'), form.health.hasAccess, (v) =>
            update((f) => ({ ...f, health: { ...f.health, hasAccess: v } })),
          )}
          {tri('health-bpjs', t('casework.assessment.health.bpjs'), form.health.bpjs, (v) =>
            update((f) => ({ ...f, health: { ...f.health, bpjs: v } })),
          )}
          <ChoiceChips
            id="health-testing"
            legend={t('casework.assessment.health.testing')}
            error={fe['health-testing']}
            options={cwOptions('testing', TESTING_REFERRAL, t)}
            value={form.health.testing}
            onChange={(v) => update((f) => ({ ...f, health: { ...f.health, testing: v } }))}
          />
          {p.healthConsent ? (
            <SelectField
              id="health-testResult"
              label={t('casework.assessment.health.testResult')}
              value={form.health.testResult}
              onChange={(e) => {
                const v = e.currentTarget.value as AssessmentForm['health']['testResult'];
                update((f) => ({ ...f, health: { ...f.health, testResult: v } }));
              }}
            >
              <option value="">{t('common.none')}</option>
              {cwOptions('testResults', TEST_RESULTS, t).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          ) : (
            <p className="hint">{t('casework.assessment.health.testResultNoConsent')}</p>
          )}
          <TextAreaField
            id="health-notes"
            label={t('casework.assessment.health.notes')}
            error={fe['health-notes']}
            value={form.health.notes}
            rows={3}
            maxLength={2000}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, health: { ...f.health, notes: v } }));
            }}
          />
        </>
      );
      break;
    case 'economy': {
      const money = (k: 'monthlyIncome' | 'debts', label: string) => {
        const n = parseAmount(form.economy[k]);
        return (
          <TextField
            id={`economy-${k}`}
            label={label}
            hint={
              <>
                {t('casework.assessment.economy.moneyHint')}
                {n !== null ? (
                  <span className="amount">
                    {' '}
                    {t('casework.assessment.economy.amount', { amount: formatRupiah(n) })}
                  </span>
                ) : null}
              </>
            }
            error={fe[`economy-${k}`]}
            value={form.economy[k]}
            inputMode="numeric"
            autoComplete="off"
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, economy: { ...f.economy, [k]: v } }));
            }}
          />
        );
      };
      body = (
        <>
          {money('monthlyIncome', t('casework.assessment.economy.monthlyIncome'))}
          {money('debts', t('casework.assessment.economy.debts'))}
          <TextField
            id="economy-dependants"
            label={t('casework.assessment.economy.dependants')}
            error={fe['economy-dependants']}
            value={form.economy.dependants}
            inputMode="numeric"
            autoComplete="off"
            className="field-short"
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, economy: { ...f.economy, dependants: v } }));
            }}
          />
        </>
      );
      break;
    }
    case 'education':
      body = (
        <>
          <ChoiceChips
            id="education-level"
            legend={t('casework.assessment.education.level')}
            error={fe['education-level']}
            options={cwOptions('education', EDUCATION_LEVELS, t)}
            value={form.education.level}
            onChange={(v) => update((f) => ({ ...f, education: { ...f.education, level: v } }))}
          />
          <TextField
            id="education-skills"
            label={t('casework.assessment.education.skills')}
            hint={t('casework.assessment.education.skillsHint')}
            value={form.education.skills}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, education: { ...f.education, skills: v } }));
            }}
          />
          <TextField
            id="education-desiredTrade"
            label={t('casework.assessment.education.desiredTrade')}
            error={fe['education-desiredTrade']}
            value={form.education.desiredTrade}
            maxLength={100}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, education: { ...f.education, desiredTrade: v } }));
            }}
          />
        </>
      );
      break;
    case 'srq20': {
      const answered = form.srq20.filter((x) => x !== null).length;
      const yesNo = [
        { value: 'yes' as const, label: t('common.yes') },
        { value: 'no' as const, label: t('common.no') },
      ];
      body = (
        <>
          <p>{t('casework.assessment.srq20.intro')}</p>
          <p className="srq-score" role="status">
            <strong>{t('casework.assessment.srq20.score', { score: srqScore(form) })}</strong> ·{' '}
            {t('casework.assessment.srq20.answered', { count: answered })}
          </p>
          {SRQ20_KEYS.map((k, i) => {
            const v = form.srq20[i];
            return (
              <ChoiceChips<(typeof YES_NO)[number]>
                key={k}
                id={`srq20-${i}`}
                big
                legend={t('casework.assessment.srq20.question', {
                  n: i + 1,
                  text: t(`casework.assessment.srq20.q.${k}`),
                })}
                error={fe[`srq20-${i}`]}
                options={yesNo}
                value={v === null || v === undefined ? '' : v ? 'yes' : 'no'}
                onChange={(x) => update((f) => ({ ...f, srq20: f.srq20.map((y, j) => (j === i ? x === 'yes' : y)) }))}
              />
            );
          })}
          {form.srq20[16] === true ? (
            <p className="alert alert-info">{t('casework.assessment.srq20.selfHarmNote')}</p>
          ) : null}
        </>
      );
      break;
    }
    case 'trafficking':
      body = (
        <>
          <p>{t('casework.assessment.trafficking.intro')}</p>
          <p className={p.traffickingRequired ? 'alert alert-info' : 'hint'}>
            {p.traffickingRequired
              ? t('casework.assessment.trafficking.required')
              : t('casework.assessment.trafficking.optional')}
          </p>
          {TRAFFICKING_INDICATORS.map((k) =>
            tri(`trafficking-${k}`, cwLabel('trafficking', k, t), form.trafficking[k] ?? '', (v) =>
              update((f) => ({ ...f, trafficking: { ...f.trafficking, [k]: v } })),
            ),
          )}
        </>
      );
      break;
    case 'safety':
      body = (
        <>
          <ToggleChips<SafetyRisk>
            id="safety-risks"
            legend={t('casework.assessment.safety.risks')}
            error={fe['safety-risks']}
            options={cwOptions('safety', SAFETY_RISKS, t)}
            value={form.safety.risks}
            onChange={(next) => {
              // "No known risk" excludes the others, and choosing a risk takes it away.
              const added = next.find((r) => !form.safety.risks.includes(r));
              const risks = added === 'NONE' ? ['NONE' as const] : next.filter((r) => r !== 'NONE');
              update((f) => ({ ...f, safety: { ...f.safety, risks } }));
            }}
          />
          <TextAreaField
            id="safety-notes"
            label={t('casework.assessment.safety.notes')}
            error={fe['safety-notes']}
            value={form.safety.notes}
            rows={3}
            maxLength={2000}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, safety: { ...f.safety, notes: v } }));
            }}
          />
        </>
      );
      break;
    case 'strengths':
      body = (
        <TextAreaField
          id="strengths"
          label={t('casework.assessment.strengths.label')}
          hint={t('casework.assessment.strengths.hint')}
          error={fe.strengths}
          value={form.strengths}
          rows={4}
          maxLength={2000}
          onChange={(e) => {
            const v = e.currentTarget.value;
            update((f) => ({ ...f, strengths: v }));
          }}
        />
      );
      break;
  }

  return (
    <form
      ref={p.formRef}
      onSubmit={p.onSubmit}
      noValidate
      className="form panel assessment-form"
      aria-labelledby="assessment-form-title"
    >
      <h3 id="assessment-form-title">{t('casework.assessment.formTitle')}</h3>
      <div className="progress">
        <p id="assessment-progress">{t('casework.assessment.progress', { done, total: SECTIONS.length })}</p>
        <progress value={done} max={SECTIONS.length} aria-labelledby="assessment-progress" />
      </div>
      <ol className="step-list" aria-label={t('casework.assessment.sectionsLabel')}>
        {SECTIONS.map((s, i) => {
          const ok = !missing.has(s);
          return (
            <li key={s}>
              <button
                type="button"
                className={`step-button${ok ? ' step-done' : ''}`}
                aria-current={i === step ? 'step' : undefined}
                onClick={() => p.goTo(i)}
              >
                <span aria-hidden="true">{ok ? '✓' : i + 1}</span> {t(`casework.assessment.sections.${s}`)}
                <span className="visually-hidden">
                  , {ok ? t('casework.assessment.complete') : t('casework.assessment.incomplete')}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <ErrorAlert key={p.attempt} error={p.error} message={p.errorText} />
      {submittedMissing.length > 0 ? (
        <p className="alert alert-error" role="alert">
          {t('casework.assessment.incompleteList', {
            list: submittedMissing.map((s) => t(`casework.assessment.sections.${s}`)).join(', '),
          })}
        </p>
      ) : null}
      <section className="assessment-section" aria-labelledby="assessment-section-title">
        <p className="note">{t('casework.assessment.step', { n: step + 1, total: SECTIONS.length })}</p>
        <h4 id="assessment-section-title" ref={p.sectionHeading} tabIndex={-1}>
          {t(`casework.assessment.sections.${section}`)}
        </h4>
        {body}
      </section>
      <div className="button-row">
        {step > 0 ? (
          <button type="button" className="button button-secondary" onClick={() => p.goTo(step - 1)}>
            {t('casework.assessment.prev')}
          </button>
        ) : null}
        {!last ? (
          <button type="button" className="button button-primary" onClick={() => p.goTo(step + 1)}>
            {t('casework.assessment.next')}
          </button>
        ) : null}
      </div>
      {last ? (
        <div className="confirm-risk">
          <SelectField
            id="confirmedRisk"
            label={t('casework.assessment.confirmedRisk')}
            hint={t('casework.assessment.confirmedRiskHint')}
            error={fe.confirmedRisk}
            value={form.confirmedRisk}
            onChange={(e) => {
              const v = e.currentTarget.value as Risk | '';
              update((f) => ({ ...f, confirmedRisk: v }));
            }}
          >
            <option value="">{t('casework.assessment.chooseRisk')}</option>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {cwLabel('risk', r, t)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="assessedOn"
            type="date"
            label={t('casework.assessment.assessedOn')}
            hint={t('casework.assessment.assessedOnHint')}
            error={fe.assessedOn}
            value={form.assessedOn}
            max={todayInOffice()}
            required
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, assessedOn: v }));
            }}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={p.busy}>
              {p.busy ? t('common.saving') : t('casework.assessment.submit')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button-secondary button-small" disabled={p.busy} onClick={p.onCancel}>
          {t('casework.assessment.cancel')}
        </button>
      </div>
    </form>
  );
}
