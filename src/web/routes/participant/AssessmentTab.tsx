// Assessment: versions newest first (SRQ-20 score, proposed and set risk, review), one version's answers
// with what changed since the previous one, the head of section's review, and the form for a new version in
// eight sections, one at a time on a phone, with a progress indicator and the SRQ-20 score counted live.
// What is typed survives switching tabs (kept in memory only: these answers never go to the device's storage).
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { type DefaultValues, type FieldErrors, useController, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import {
  EDUCATION_LEVELS,
  RISK_LEVELS,
  SAFETY_RISKS,
  TESTING_REFERRAL,
  TRAFFICKING_INDICATORS,
  TRI_STATE,
} from '../../../shared/codes.ts';
import { assessmentAnswers, assessmentBody } from '../../../shared/casework-api.ts';
import { withCode } from '../../../shared/messages.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { TextField } from '../../components/Field.tsx';
import { ChoiceChips, ToggleChips } from '../../components/Chips.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { type FieldMessages, type KitForm, SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { DateField, MoneyField, SelectInput, TextAreaInput, TextInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { cwLabel, cwOptions } from '../../casework-labels.ts';
import { LIVING_SITUATIONS, SRQ20_KEYS, TEST_RESULTS } from '../../i18n/casework.id.ts';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import { mayOn, type TabProps } from './shared.ts';
import { answerLabel, answerValue, SECTIONS, type Section, type SafetyRisk } from './assessment-model.ts';

type AssessmentDetail = Reply<'GET /api/participants/:id/assessments/:version'>;
const DETAIL = 'GET /api/participants/:id/assessments/:version';
const YES_NO = ['yes', 'no'] as const;

const answersShape = assessmentAnswers.shape;
/** A list typed as words separated by commas ("memasak, menjahit"). */
const commaList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A new version as the form holds it: the body the server takes, with the skills typed as one line, at least
 * one safety answer ("no known risk" is one), the day never after today, and — when she came through a raid or
 * a police / Satpol PP referral — every trafficking indicator answered (the server's rule for her).
 */
function assessmentForm(traffickingRequired: boolean) {
  return assessmentBody.extend({
    answers: assessmentAnswers.extend({
      education: answersShape.education.extend({
        skills: z.string().optional().transform(commaList).pipe(answersShape.education.shape.skills.unwrap()),
      }),
      // An indicator's chips, once shown, hold `undefined` until answered: that is no answer. The rule is checked
      // on the indicators themselves, so that it is told whatever else is still missing.
      trafficking: z
        .partialRecord(answersShape.trafficking.keyType, answersShape.trafficking.valueType.optional())
        .superRefine((answered, ctx) => {
          if (!traffickingRequired) return;
          for (const k of TRAFFICKING_INDICATORS)
            if (!answered[k])
              ctx.addIssue({ code: 'custom', path: [k], message: 'Required for her', ...withCode('required') });
        })
        .transform((answered) => {
          const out: z.output<typeof answersShape.trafficking> = {};
          for (const k of TRAFFICKING_INDICATORS) {
            const v = answered[k];
            if (v) out[k] = v;
          }
          return out;
        }),
      safety: answersShape.safety.extend({ risks: answersShape.safety.shape.risks.min(1) }),
    }),
    assessedOn: assessmentBody.shape.assessedOn.unwrap().refine((d) => d <= todayInOffice(), withCode('future_date')),
  });
}
type AssessmentSchema = ReturnType<typeof assessmentForm>;
type AssessmentIn = z.input<AssessmentSchema>;
type AssessmentForm = KitForm<AssessmentIn, z.output<AssessmentSchema>>;

/** The problems found in what is answered so far, by section (for the progress shown while she answers). */
function incompleteSections(schema: AssessmentSchema, values: unknown): Section[] {
  const result = schema.safeParse(values);
  if (result.success) return [];
  const found = new Set(result.error.issues.map((i) => (i.path[0] === 'answers' ? String(i.path[1]) : '')));
  return SECTIONS.filter((s) => found.has(s));
}

/** The sections with a problem shown on one of their fields (after a submit). */
function sectionsWithErrors(errors: FieldErrors<AssessmentIn>): Section[] {
  const answers = errors.answers;
  return answers ? SECTIONS.filter((s) => answers[s]) : [];
}

/** Every field worded as the assessment's own words say it (a generic problem; a specific code keeps its words). */
function assessmentMessages(t: TFunction): FieldMessages {
  const required = t('casework.assessment.invalid.required');
  const number = t('casework.assessment.invalid.number');
  const text = t('casework.assessment.invalid.text');
  const out: FieldMessages = {
    'answers.living.situation': required,
    'answers.living.familyContact': required,
    'answers.living.familyAccepting': required,
    'answers.living.notes': text,
    'answers.health.hasAccess': required,
    'answers.health.bpjs': required,
    'answers.health.testing': required,
    'answers.health.notes': text,
    'answers.economy.monthlyIncome': number,
    'answers.economy.debts': number,
    'answers.economy.dependants': number,
    'answers.education.level': required,
    'answers.education.desiredTrade': text,
    'answers.safety.risks': t('casework.assessment.invalid.risks'),
    'answers.safety.notes': text,
    'answers.strengths': text,
    confirmedRisk: t('casework.assessment.invalid.confirmedRisk'),
    assessedOn: t('casework.assessment.invalid.assessedOn'),
  };
  for (let i = 0; i < 20; i++) out[`answers.srq20.${i}`] = required;
  for (const k of TRAFFICKING_INDICATORS) out[`answers.trafficking.${k}`] = required;
  return out;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => list.find((x) => x === v);

/** A first version: nothing answered yet, dated today. */
const emptyValues = (): DefaultValues<AssessmentIn> => ({
  answers: { srq20: Array.from({ length: 20 }, () => undefined), trafficking: {}, safety: { risks: [] } },
  assessedOn: todayInOffice(),
});

/** A new version starts from the answers of the latest one (the risk level is set afresh, dated today). */
function valuesFromAnswers(answers: Record<string, unknown>, healthConsent: boolean): DefaultValues<AssessmentIn> {
  const living = obj(answers.living);
  const health = obj(answers.health);
  const economy = obj(answers.economy);
  const education = obj(answers.education);
  const safety = obj(answers.safety);
  const srq = Array.isArray(answers.srq20) ? answers.srq20 : [];
  const trafficking: Partial<Record<(typeof TRAFFICKING_INDICATORS)[number], (typeof TRI_STATE)[number]>> = {};
  for (const k of TRAFFICKING_INDICATORS) {
    const v = oneOf(TRI_STATE, obj(answers.trafficking)[k]);
    if (v) trafficking[k] = v;
  }
  return {
    answers: {
      living: {
        situation: oneOf(LIVING_SITUATIONS, living.situation),
        familyContact: oneOf(TRI_STATE, living.familyContact),
        familyAccepting: oneOf(TRI_STATE, living.familyAccepting),
        notes: str(living.notes),
      },
      health: {
        hasAccess: oneOf(TRI_STATE, health.hasAccess),
        bpjs: oneOf(TRI_STATE, health.bpjs),
        testing: oneOf(TESTING_REFERRAL, health.testing),
        // A test result is kept only with her consent to health data.
        testResult: healthConsent ? oneOf(TEST_RESULTS, health.testResult) : undefined,
        notes: str(health.notes),
      },
      economy: {
        monthlyIncome: num(economy.monthlyIncome),
        debts: num(economy.debts),
        dependants: num(economy.dependants),
      },
      education: {
        level: oneOf(EDUCATION_LEVELS, education.level),
        skills: Array.isArray(education.skills)
          ? str(education.skills.filter((s): s is string => typeof s === 'string').join(', '))
          : undefined,
        desiredTrade: str(education.desiredTrade),
      },
      srq20: Array.from({ length: 20 }, (_, i) => (typeof srq[i] === 'boolean' ? srq[i] : undefined)),
      trafficking,
      safety: {
        risks: Array.isArray(safety.risks)
          ? safety.risks.filter((r): r is SafetyRisk => (SAFETY_RISKS as readonly unknown[]).includes(r))
          : [],
        notes: str(safety.notes),
      },
      strengths: str(answers.strengths),
    },
    assessedOn: todayInOffice(),
  };
}

/** Unsent forms per participant, for this page visit only (never written to the device). */
const unsent = new Map<string, { base: DefaultValues<AssessmentIn>; values: AssessmentIn; step: number }>();

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
  const kept = unsent.get(id);
  const [editing, setEditing] = useState(kept !== undefined);
  const [step, setStep] = useState(kept?.step ?? 0);
  const busy = create.isPending || reviewing.isPending;
  const sectionHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const schema = useMemo(() => assessmentForm(traffickingRequired), [traffickingRequired]);
  const messages = useMemo(() => assessmentMessages(t), [t]);
  const form = useSchemaForm(schema, { defaultValues: kept?.base ?? emptyValues(), messages });
  // Answers left unsent when she switched tabs come back as she left them (still unsaved).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the tab opens
  useEffect(() => {
    if (kept) form.reset(kept.values, { keepDefaultValues: true });
  }, []);
  // …and are kept when the tab closes, for this page visit only.
  const leaving = useRef({ editing, step, base: kept?.base ?? emptyValues() });
  leaving.current.editing = editing;
  leaving.current.step = step;
  useEffect(
    () => () => {
      const { editing, step, base } = leaving.current;
      if (editing) unsent.set(id, { base, values: form.getValues(), step });
    },
    [id, form],
  );
  // Answers typed are not lost by closing the page or following a link away unsaved.
  useDirtyGuard(editing && form.formState.isDirty);

  // A step change made with the step buttons moves focus to the new section's heading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `step` is the trigger (focus after each step change), not a value read in the body
  useEffect(() => {
    if (moved.current) {
      moved.current = false;
      sectionHeading.current?.focus();
    }
  }, [step]);

  // After a submit refused (by the form's check or the server), the first section with a problem is shown and
  // its first invalid field takes the focus; the risk level and the day are on the last step.
  const { submitCount, errors } = form.formState;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each submit is the trigger; the errors are those it left
  useEffect(() => {
    if (!submitCount) return;
    const first = sectionsWithErrors(errors)[0];
    const next = first ? SECTIONS.indexOf(first) : errors.confirmedRisk || errors.assessedOn ? SECTIONS.length - 1 : -1;
    if (next < 0) return;
    setStep(next);
    form.kit.focusFirstInvalid();
  }, [submitCount]);

  function begin(base: DefaultValues<AssessmentIn>) {
    unsent.delete(id);
    leaving.current.base = base;
    form.reset(base);
    setStep(0);
    setEditing(true);
  }

  async function start() {
    setFailure(null);
    setNotice(null);
    setResultVersion(null);
    if (!latest) return begin(emptyValues());
    const detail = latestDetail.data ?? (await latestDetail.refetch()).data;
    if (!detail) {
      setFailure(latestDetail.error);
      return;
    }
    begin(valuesFromAnswers(detail.assessment.answers, healthConsent));
  }

  function cancel() {
    unsent.delete(id);
    setEditing(false);
    setFailure(null);
    form.reset(emptyValues());
  }

  function goTo(n: number) {
    moved.current = true;
    setStep(n);
  }

  async function save(body: z.output<AssessmentSchema>) {
    setNotice(null);
    const { data: saved } = await create.mutateAsync({ params: { id }, body });
    unsent.delete(id);
    setEditing(false);
    form.reset(emptyValues());
    setResultVersion(saved.assessment.version);
    setNotice(t('casework.assessment.saved', { version: saved.assessment.version }));
  }

  /** Sets the risk level again: a new version with the same answers as the one just saved. */
  async function saveReconfirm(confirmedRisk: z.output<typeof assessmentBody>['confirmedRisk']) {
    if (!result) return;
    // The answers as saved, read with the schema the body takes.
    const answers = assessmentAnswers.safeParse(result.assessment.answers);
    if (!answers.success) return;
    const { data: saved } = await create.mutateAsync({
      params: { id },
      body: { answers: answers.data, confirmedRisk },
    });
    setResultVersion(saved.assessment.version);
    setNotice(t('casework.assessment.saved', { version: saved.assessment.version }));
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
      {!editing ? <ErrorAlert error={error} message={consentText} /> : null}

      {result ? (
        <ResultPanel
          key={result.assessment.version}
          result={result}
          onSubmit={saveReconfirm}
          onError={setFailure}
          busy={busy}
          mayCreate={mayCreate}
        />
      ) : null}

      {editing ? (
        <AssessmentFormView
          form={form}
          schema={schema}
          step={step}
          goTo={goTo}
          onSubmit={save}
          onError={setFailure}
          onCancel={cancel}
          busy={busy}
          error={error}
          errorText={consentText}
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

/** The risk level set again, on the version just saved: its answers with another level. */
const reconfirmForm = assessmentBody.pick({ confirmedRisk: true });

function ResultPanel({
  result,
  onSubmit,
  onError,
  busy,
  mayCreate,
}: {
  result: AssessmentDetail;
  onSubmit(risk: z.output<typeof reconfirmForm>['confirmedRisk']): Promise<void>;
  onError(err: unknown): void;
  busy: boolean;
  mayCreate: boolean;
}) {
  const { t } = useTranslation();
  const a = result.assessment;
  const differs = a.proposedRisk !== a.confirmedRisk;
  // The system's proposal is offered first.
  const form = useSchemaForm(reconfirmForm, { defaultValues: { confirmedRisk: a.proposedRisk } });
  const reconfirm = useWatch({ control: form.control, name: 'confirmedRisk' });
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
        <SchemaForm
          form={form}
          onSubmit={(v) => onSubmit(v.confirmedRisk)}
          onError={onError}
          pending={busy}
          className="form"
        >
          <p>{t('casework.assessment.differs')}</p>
          <SelectInput
            control={form.control}
            name="confirmedRisk"
            id="reconfirm-risk"
            label={t('casework.assessment.reconfirm')}
          >
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {cwLabel('risk', r, t)}
              </option>
            ))}
          </SelectInput>
          <div className="button-row">
            <SubmitButton className="button button-secondary" disabled={reconfirm === a.confirmedRisk}>
              {t('casework.assessment.reconfirmSubmit')}
            </SubmitButton>
          </div>
        </SchemaForm>
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

/** ChoiceChips bound to the form: big choices for a phone, with the field's message under them. */
function Chips<V extends string>({
  name,
  ...rest
}: Omit<Parameters<typeof ChoiceChips<V>>[0], 'value' | 'onChange' | 'error'> & { name: string }) {
  const { field, fieldState } = useController({ name });
  return (
    <ChoiceChips<V>
      {...rest}
      value={(field.value as V | undefined) ?? ''}
      onChange={(v) => field.onChange(v)}
      error={fieldState.error?.message}
    />
  );
}

/** An SRQ-20 question: the form holds true or false, the chips say yes or no. */
function YesNoChips({ name, ...rest }: { name: string; id: string; legend: string; big?: boolean }) {
  const { t } = useTranslation();
  const { field, fieldState } = useController({ name });
  const options = [
    { value: 'yes' as const, label: t('common.yes') },
    { value: 'no' as const, label: t('common.no') },
  ];
  const v: unknown = field.value;
  return (
    <ChoiceChips<(typeof YES_NO)[number]>
      {...rest}
      options={options}
      value={v === true ? 'yes' : v === false ? 'no' : ''}
      onChange={(x) => field.onChange(x === 'yes')}
      error={fieldState.error?.message}
    />
  );
}

/** The safety risks: "no known risk" excludes the others, and choosing a risk takes it away. */
function RiskChips({ id, legend }: { id: string; legend: string }) {
  const { t } = useTranslation();
  const { field, fieldState } = useController<AssessmentIn, 'answers.safety.risks'>({ name: 'answers.safety.risks' });
  const risks = field.value ?? [];
  return (
    <ToggleChips<SafetyRisk>
      id={id}
      legend={legend}
      error={fieldState.error?.message}
      options={cwOptions('safety', SAFETY_RISKS, t)}
      value={risks}
      onChange={(next) => {
        const added = next.find((r) => !risks.includes(r));
        field.onChange(added === 'NONE' ? ['NONE'] : next.filter((r) => r !== 'NONE'));
      }}
    />
  );
}

/**
 * A whole number of people (dependants): digits only, held as a number. The form kit has no field for a count;
 * anything but a digit is not taken as she types.
 */
function CountInput({
  name,
  ...rest
}: {
  name: 'answers.economy.dependants';
  id: string;
  label: string;
  className?: string;
}) {
  const { field, fieldState } = useController<AssessmentIn, typeof name>({ name });
  return (
    <TextField
      {...rest}
      ref={field.ref}
      inputMode="numeric"
      autoComplete="off"
      value={field.value === undefined ? '' : String(field.value)}
      error={fieldState.error?.message}
      onChange={(e) => {
        const digits = e.currentTarget.value.replace(/\D/g, '').slice(0, 3);
        field.onChange(digits === '' ? undefined : Number(digits));
      }}
      onBlur={field.onBlur}
    />
  );
}

/** The message of the first item with a problem, when the errors are per item of a list. */
function itemMessage(errors: unknown): string | undefined {
  if (!errors || typeof errors !== 'object') return undefined;
  for (const e of Object.values(errors)) {
    if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string') return e.message;
  }
  return undefined;
}

/**
 * Her skills, typed on one line separated by commas. Drawn here rather than with the kit's TextInput: a problem
 * of one skill (too long) is the schema's at `answers.education.skills.<n>`, and is shown on the whole field.
 */
function SkillsInput({ id, label, hint }: { id: string; label: string; hint: string }) {
  const { field, fieldState } = useController<AssessmentIn, 'answers.education.skills'>({
    name: 'answers.education.skills',
  });
  return (
    <TextField
      id={id}
      ref={field.ref}
      label={label}
      hint={hint}
      value={field.value ?? ''}
      error={fieldState.error?.message ?? itemMessage(fieldState.error)}
      onChange={(e) => field.onChange(e.currentTarget.value || undefined)}
      onBlur={field.onBlur}
    />
  );
}

interface FormViewProps {
  form: AssessmentForm;
  schema: AssessmentSchema;
  step: number;
  goTo(n: number): void;
  onSubmit(values: z.output<AssessmentSchema>): Promise<void>;
  onError(err: unknown): void;
  onCancel(): void;
  busy: boolean;
  error: unknown;
  errorText?: string;
  sectionHeading: RefObject<HTMLHeadingElement | null>;
  healthConsent: boolean;
  traffickingRequired: boolean;
}

function AssessmentFormView(p: FormViewProps) {
  const { t } = useTranslation();
  const { form, step } = p;
  const section = SECTIONS[step]!;
  // What is answered so far, checked by the same schema: the sections still incomplete, the score.
  const values = useWatch({ control: form.control });
  const missing = new Set(incompleteSections(p.schema, values));
  const done = SECTIONS.length - missing.size;
  const last = step === SECTIONS.length - 1;
  const triOptions = cwOptions('triState', TRI_STATE, t);
  const submittedMissing = sectionsWithErrors(form.formState.errors);
  const srq20 = values.answers?.srq20 ?? [];

  const tri = (name: string, id: string, legend: string) => (
    <Chips key={id} name={name} id={id} big legend={legend} options={triOptions} />
  );

  let body: ReactNode;
  switch (section) {
    case 'living':
      body = (
        <>
          <Chips
            name="answers.living.situation"
            id="living-situation"
            legend={t('casework.assessment.living.situation')}
            options={cwOptions('living', LIVING_SITUATIONS, t)}
          />
          {tri('answers.living.familyContact', 'living-familyContact', t('casework.assessment.living.familyContact'))}
          {tri(
            'answers.living.familyAccepting',
            'living-familyAccepting',
            t('casework.assessment.living.familyAccepting'),
          )}
          <TextAreaInput
            control={form.control}
            name="answers.living.notes"
            id="living-notes"
            label={t('casework.assessment.living.notes')}
            rows={3}
            maxLength={2000}
          />
        </>
      );
      break;
    case 'health':
      body = (
        <>
          {tri('answers.health.hasAccess', 'health-hasAccess', t('casework.assessment.health.hasAccess'))}
          {tri('answers.health.bpjs', 'health-bpjs', t('casework.assessment.health.bpjs'))}
          <Chips
            name="answers.health.testing"
            id="health-testing"
            legend={t('casework.assessment.health.testing')}
            options={cwOptions('testing', TESTING_REFERRAL, t)}
          />
          {p.healthConsent ? (
            <SelectInput
              control={form.control}
              name="answers.health.testResult"
              id="health-testResult"
              label={t('casework.assessment.health.testResult')}
            >
              <option value="">{t('common.none')}</option>
              {cwOptions('testResults', TEST_RESULTS, t).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectInput>
          ) : (
            <p className="hint">{t('casework.assessment.health.testResultNoConsent')}</p>
          )}
          <TextAreaInput
            control={form.control}
            name="answers.health.notes"
            id="health-notes"
            label={t('casework.assessment.health.notes')}
            rows={3}
            maxLength={2000}
          />
        </>
      );
      break;
    case 'economy':
      body = (
        <>
          <MoneyField
            control={form.control}
            name="answers.economy.monthlyIncome"
            id="economy-monthlyIncome"
            label={t('casework.assessment.economy.monthlyIncome')}
            hint={t('casework.assessment.economy.moneyHint')}
          />
          <MoneyField
            control={form.control}
            name="answers.economy.debts"
            id="economy-debts"
            label={t('casework.assessment.economy.debts')}
            hint={t('casework.assessment.economy.moneyHint')}
          />
          <CountInput
            name="answers.economy.dependants"
            id="economy-dependants"
            label={t('casework.assessment.economy.dependants')}
            className="field-short"
          />
        </>
      );
      break;
    case 'education':
      body = (
        <>
          <Chips
            name="answers.education.level"
            id="education-level"
            legend={t('casework.assessment.education.level')}
            options={cwOptions('education', EDUCATION_LEVELS, t)}
          />
          <SkillsInput
            id="education-skills"
            label={t('casework.assessment.education.skills')}
            hint={t('casework.assessment.education.skillsHint')}
          />
          <TextInput
            control={form.control}
            name="answers.education.desiredTrade"
            id="education-desiredTrade"
            label={t('casework.assessment.education.desiredTrade')}
            maxLength={100}
          />
        </>
      );
      break;
    case 'srq20': {
      const answered = srq20.filter((x) => typeof x === 'boolean').length;
      const score = srq20.filter((x) => x === true).length;
      body = (
        <>
          <p>{t('casework.assessment.srq20.intro')}</p>
          <p className="srq-score" role="status">
            <strong>{t('casework.assessment.srq20.score', { score })}</strong> ·{' '}
            {t('casework.assessment.srq20.answered', { count: answered })}
          </p>
          {SRQ20_KEYS.map((k, i) => (
            <YesNoChips
              key={k}
              name={`answers.srq20.${i}`}
              id={`srq20-${i}`}
              big
              legend={t('casework.assessment.srq20.question', {
                n: i + 1,
                text: t(`casework.assessment.srq20.q.${k}`),
              })}
            />
          ))}
          {srq20[16] === true ? (
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
            tri(`answers.trafficking.${k}`, `trafficking-${k}`, cwLabel('trafficking', k, t)),
          )}
        </>
      );
      break;
    case 'safety':
      body = (
        <>
          <RiskChips id="safety-risks" legend={t('casework.assessment.safety.risks')} />
          <TextAreaInput
            control={form.control}
            name="answers.safety.notes"
            id="safety-notes"
            label={t('casework.assessment.safety.notes')}
            rows={3}
            maxLength={2000}
          />
        </>
      );
      break;
    case 'strengths':
      body = (
        <TextAreaInput
          control={form.control}
          name="answers.strengths"
          id="strengths"
          label={t('casework.assessment.strengths.label')}
          hint={t('casework.assessment.strengths.hint')}
          rows={4}
          maxLength={2000}
        />
      );
      break;
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={p.onSubmit}
      onError={p.onError}
      pending={p.busy}
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
      <ErrorAlert key={form.formState.submitCount} error={p.error} message={p.errorText} />
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
          <SelectInput
            control={form.control}
            name="confirmedRisk"
            id="confirmedRisk"
            label={t('casework.assessment.confirmedRisk')}
            hint={t('casework.assessment.confirmedRiskHint')}
          >
            <option value="">{t('casework.assessment.chooseRisk')}</option>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {cwLabel('risk', r, t)}
              </option>
            ))}
          </SelectInput>
          <DateField
            control={form.control}
            name="assessedOn"
            id="assessedOn"
            label={t('casework.assessment.assessedOn')}
            hint={t('casework.assessment.assessedOnHint')}
            required
          />
          <div className="button-row">
            <SubmitButton>{t('casework.assessment.submit')}</SubmitButton>
          </div>
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button-secondary button-small" disabled={p.busy} onClick={p.onCancel}>
          {t('casework.assessment.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}
