// Programmes: the year's plan (budget ceiling in rupiah, target participants and regions, the completion
// rule, follow-up months). Everyone with programme.read sees the list; the head of section adds and edits
// (If-Match: a change made meanwhile is reported and the latest version loaded, the typed values kept).
// Each programme links to its stage rules (programme/StageRules.tsx).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { KAB_KOTA } from '../../shared/regions.ts';
import { ApiError, type Versioned } from '../api.ts';
import { DEFAULT_GRADUATION_REOPEN_DAYS } from '../../shared/programme-api.ts';
import { programmeApi, type Cohort, type Programme, type ProgrammeInput } from '../api-programme.ts';
import { useSession } from '../session.tsx';
import { CheckboxGroup, TextAreaField, TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { regionList } from '../format.ts';
import { hasErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';
import { NumberField, RupiahField, wholeNumber } from './programme/fields.tsx';
import {
  formatPeriod,
  formatRupiah,
  groupDigits,
  parseRupiah,
  pLabel,
  programmeError,
  ruleText,
} from './programme/shared.ts';

interface Form {
  name: string;
  year: string;
  purpose: string;
  budget: string;
  target: string;
  regions: string[];
  rate: string;
  allMandatory: boolean;
  /** Excused absences (izin) counted as attended. */
  excused: string;
  followUp: string;
  /** Days after its confirmation during which a cohort's graduation may be reopened. */
  reopenDays: string;
}

const emptyForm = (): Form => ({
  name: '',
  year: String(new Date().getFullYear()),
  purpose: '',
  budget: '',
  target: '10',
  regions: [],
  rate: '80',
  allMandatory: true,
  excused: '0',
  followUp: '1, 3, 6, 12',
  reopenDays: String(DEFAULT_GRADUATION_REOPEN_DAYS),
});

const formFrom = (p: Programme): Form => ({
  name: p.name,
  year: String(p.year),
  purpose: p.purpose ?? '',
  budget: groupDigits(String(p.budgetCeiling)),
  target: String(p.targetParticipants),
  regions: [...p.targetRegions],
  rate: String(Math.round(p.completionRule.minAttendanceRate * 1000) / 10),
  allMandatory: p.completionRule.allMandatory,
  excused: String(p.completionRule.excusedAbsencesAllowed),
  followUp: p.followUpMonths.join(', '),
  reopenDays: String(p.graduationReopenDays),
});

/** The body to send, or the field messages. */
function parse(f: Form, t: TFunction): { body: ProgrammeInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  if (!name || name.length > 150) errors.name = t('programme.programmes.form.nameError');
  const year = wholeNumber(f.year, 2015, 2100);
  if (year === null) errors.year = t('programme.programmes.form.yearError');
  const budget = parseRupiah(f.budget);
  if (budget === null) errors.budget = t('programme.programmes.form.budgetError');
  const target = wholeNumber(f.target, 0, 100_000);
  if (target === null) errors.target = t('programme.programmes.form.targetError');
  const rateText = f.rate.trim().replace(',', '.');
  const rate = /^\d+(\.\d+)?$/.test(rateText) ? Number(rateText) : NaN;
  if (!(rate >= 0 && rate <= 100)) errors.rate = t('programme.programmes.form.rateError');
  const excused = wholeNumber(f.excused, 0, 31);
  if (excused === null) errors.excused = t('programme.programmes.form.excusedError');
  const reopenDays = wholeNumber(f.reopenDays, 0, 365);
  if (reopenDays === null) errors.reopenDays = t('programme.programmes.form.reopenDaysError');
  const parts = f.followUp.split(/[,;\s]+/).filter(Boolean);
  const months = parts.map((p) => wholeNumber(p, 1, 60));
  if (months.some((m) => m === null) || months.length > 12)
    errors.followUp = t('programme.programmes.form.followUpError');
  if (hasErrors(errors)) return { errors };
  return {
    body: {
      name,
      year: year!,
      ...(f.purpose.trim() ? { purpose: f.purpose.trim() } : {}),
      budgetCeiling: budget!,
      targetParticipants: target!,
      targetRegions: f.regions,
      completionRule: {
        minAttendanceRate: Math.round(rate * 10) / 1000,
        allMandatory: f.allMandatory,
        excusedAbsencesAllowed: excused!,
      },
      followUpMonths: [...new Set(months as number[])].sort((a, b) => a - b),
      graduationReopenDays: reopenDays!,
    },
  };
}

function ProgrammeForm({
  record,
  onSaved,
  onCancel,
}: {
  /** The programme being edited, or null for a new one. */
  record: Versioned<Programme> | null;
  onSaved(p: Programme, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(record);
  const [form, setForm] = useState<Form>(() => (record ? formFrom(record.item) : emptyForm()));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  useEffect(() => headingRef.current?.focus(), []);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    const parsed = parse(form, t);
    if ('errors' in parsed) {
      setFieldErrors(parsed.errors);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      if (current)
        onSaved((await programmeApi.programmes.update(current.item.id, current.etag, parsed.body)).item, false);
      else onSaved(await programmeApi.programmes.create(parsed.body), true);
    } catch (err) {
      setError(err);
      // Changed meanwhile: load the latest version to save against; what was typed stays.
      if (current && err instanceof ApiError && err.code === 'stale_version') {
        try {
          setCurrent(await programmeApi.programmes.get(current.item.id));
        } catch {
          // The error already shown is enough.
        }
      }
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="programme-form-title">
      <h2 id="programme-form-title" ref={headingRef} tabIndex={-1}>
        {current ? t('programme.programmes.form.editTitle') : t('programme.programmes.form.newTitle')}
      </h2>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <TextField
        id="programme-name"
        label={t('programme.programmes.form.name')}
        value={form.name}
        error={fe.name}
        maxLength={150}
        onChange={(e) => set('name', e.currentTarget.value)}
      />
      <NumberField
        id="programme-year"
        label={t('programme.programmes.form.year')}
        value={form.year}
        error={fe.year}
        maxLength={4}
        onChange={(v) => set('year', v)}
      />
      <TextAreaField
        id="programme-purpose"
        label={`${t('programme.programmes.form.purpose')} ${t('common.optional')}`}
        value={form.purpose}
        rows={3}
        maxLength={1000}
        onChange={(e) => set('purpose', e.currentTarget.value)}
      />
      <RupiahField
        id="programme-budget"
        label={t('programme.programmes.form.budget')}
        hint={t('programme.common.rupiahHint')}
        value={form.budget}
        error={fe.budget}
        onChange={(v) => set('budget', v)}
      />
      <NumberField
        id="programme-target"
        label={t('programme.programmes.form.target')}
        value={form.target}
        error={fe.target}
        maxLength={6}
        onChange={(v) => set('target', v)}
      />
      <CheckboxGroup
        id="programme-regions"
        legend={t('programme.programmes.form.regions')}
        options={KAB_KOTA.map((r) => ({ value: r.code, label: r.name }))}
        value={form.regions}
        onChange={(v) => set('regions', v)}
      />
      <TextField
        id="programme-rate"
        label={t('programme.programmes.form.rate')}
        hint={t('programme.programmes.form.rateHint')}
        inputMode="decimal"
        value={form.rate}
        error={fe.rate}
        maxLength={5}
        className="field-number"
        onChange={(e) => set('rate', e.currentTarget.value)}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.allMandatory}
          onChange={(e) => set('allMandatory', e.currentTarget.checked)}
        />
        <span>{t('programme.programmes.form.allMandatory')}</span>
      </label>
      <NumberField
        id="programme-excused"
        label={t('programme.programmes.form.excused')}
        hint={t('programme.programmes.form.excusedHint')}
        value={form.excused}
        error={fe.excused}
        maxLength={2}
        onChange={(v) => set('excused', v)}
      />
      <TextField
        id="programme-followup"
        label={t('programme.programmes.form.followUp')}
        hint={t('programme.programmes.form.followUpHint')}
        value={form.followUp}
        error={fe.followUp}
        maxLength={60}
        onChange={(e) => set('followUp', e.currentTarget.value)}
      />
      <NumberField
        id="programme-reopen-days"
        label={t('programme.programmes.form.reopenDays')}
        hint={t('programme.programmes.form.reopenDaysHint')}
        value={form.reopenDays}
        error={fe.reopenDays}
        maxLength={3}
        onChange={(v) => set('reopenDays', v)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy
            ? t('common.saving')
            : current
              ? t('programme.programmes.form.submitEdit')
              : t('programme.programmes.form.submitNew')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          {t('programme.common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function ProgrammesPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.programmes.title'));
  const { can } = useSession();
  const [items, setItems] = useState<Programme[] | null>(null);
  const [cohorts, setCohorts] = useState<Cohort[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<'new' | Versioned<Programme> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const manage = can('programme.manage');

  const load = useCallback(async () => {
    try {
      setItems(await programmeApi.programmes.list());
      setError(null);
    } catch (err) {
      setError(err);
    }
    if (can('cohort.list')) {
      try {
        setCohorts(await programmeApi.cohorts.list());
      } catch {
        setCohorts([]);
      }
    }
  }, [can]);
  useEffect(() => {
    void load();
  }, [load]);

  async function startEdit(id: string) {
    setNotice(null);
    try {
      setEditing(await programmeApi.programmes.get(id));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="prog">
      <div className="page-heading">
        <h1>{t('programme.programmes.title')}</h1>
        {manage && !editing ? (
          <button
            ref={addRef}
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            {t('programme.programmes.add')}
          </button>
        ) : null}
      </div>
      <p>{t('programme.programmes.intro')}</p>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      {editing ? (
        <ProgrammeForm
          key={editing === 'new' ? 'new' : editing.item.id}
          record={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(p, created) => {
            setEditing(null);
            setNotice(
              created
                ? t('programme.programmes.created', { name: p.name })
                : t('programme.programmes.saved', { name: p.name }),
            );
            void load();
          }}
        />
      ) : null}
      <ErrorAlert error={error} />
      {items === null && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items ? (
        <>
          <p className="count">{t('programme.programmes.count', { count: items.length })}</p>
          {items.length === 0 ? (
            <p>{t('programme.programmes.empty')}</p>
          ) : (
            <table className="data-table prog-table">
              <caption className="visually-hidden">{t('programme.programmes.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('programme.programmes.colName')}</th>
                  <th scope="col">{t('programme.programmes.colYear')}</th>
                  <th scope="col">{t('programme.programmes.colBudget')}</th>
                  <th scope="col">{t('programme.programmes.colTarget')}</th>
                  <th scope="col">{t('programme.programmes.colRegions')}</th>
                  <th scope="col">{t('programme.programmes.colRule')}</th>
                  <th scope="col">{t('programme.programmes.colFollowUp')}</th>
                  {manage ? <th scope="col">{t('programme.programmes.colActions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((p) => {
                  const mine = cohorts.filter((c) => c.programmeId === p.id);
                  return (
                    <tr key={p.id}>
                      <th scope="row" data-label={t('programme.programmes.colName')}>
                        {p.name}
                        <br />
                        <Link
                          href={`/programmes/${p.id}/stage-rules`}
                          aria-label={t('programme.stageRules.linkOf', { name: p.name })}
                        >
                          {t('programme.stageRules.link')}
                        </Link>
                        {mine.length > 0 ? (
                          <ul className="plain-list" aria-label={t('programme.programmes.cohorts')}>
                            {mine.map((c) => (
                              <li key={c.id}>
                                <Link href={`/cohorts/${c.id}`}>{c.name}</Link>{' '}
                                <span className="note">
                                  {formatPeriod(c.startDate, c.endDate)} · {pLabel('cohortStatuses', c.status, t)}
                                </span>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </th>
                      <td data-label={t('programme.programmes.colYear')}>{p.year}</td>
                      <td data-label={t('programme.programmes.colBudget')} className="num">
                        {formatRupiah(p.budgetCeiling)}
                      </td>
                      <td data-label={t('programme.programmes.colTarget')}>{p.targetParticipants}</td>
                      <td data-label={t('programme.programmes.colRegions')}>
                        {p.targetRegions.length ? regionList(p.targetRegions) : t('programme.common.regionsNone')}
                      </td>
                      <td data-label={t('programme.programmes.colRule')}>{ruleText(p, t)}</td>
                      <td data-label={t('programme.programmes.colFollowUp')}>
                        {p.followUpMonths.length
                          ? t('programme.programmes.followUp', { months: p.followUpMonths.join(', ') })
                          : t('common.none')}
                      </td>
                      {manage ? (
                        <td data-label={t('programme.programmes.colActions')}>
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            aria-label={t('programme.programmes.editOf', { name: p.name })}
                            onClick={() => void startEdit(p.id)}
                          >
                            {t('programme.common.edit')}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}
