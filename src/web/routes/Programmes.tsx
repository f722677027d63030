// Programmes: the year's plan (budget ceiling in rupiah, target participants and regions, the completion
// rule, follow-up months). Everyone with programme.read sees the list; the head of section adds and edits
// (If-Match: a change made meanwhile opens the conflict dialog, her field values beside the other person's).
// Each programme links to its stage rules (programme/StageRules.tsx).
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { DefaultValues } from 'react-hook-form';
import { z } from 'zod';
import type { ParseKeys } from 'i18next';
import { KAB_KOTA } from '../../shared/regions.ts';
import { completionRule, DEFAULT_GRADUATION_REOPEN_DAYS, programmeBody } from '../../shared/programme-api.ts';
import { type Body, newIdempotencyKey, type Reply } from '../data/client.ts';
import { apiKey, useApi, useApiMutation } from '../data/query.ts';
import { useVersionedMutation } from '../data/conflict.tsx';
import { codeParam, useUrlState } from '../data/url-state.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { useSession } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { CheckboxGroupInput, MoneyField, TextAreaInput, TextInput, WholeNumberField } from '../forms/index.ts';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { bodyField } from '../forms/server-errors.ts';
import { useDirtyGuard } from '../forms/dirty-guard.ts';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { formatPeriod, formatRupiah, pLabel, programmeError, ruleText } from './programme/shared.ts';

type Programme = Reply<'GET /api/programmes/:id'>;

const RATE = /^\d+([.,]\d+)?$/;
const rateOf = (text: string) => Number(text.trim().replace(',', '.'));
const monthsOf = (text: string) =>
  [
    ...new Set(
      text
        .split(/[,;\s]+/)
        .filter(Boolean)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
const monthsSchema = programmeBody.shape.followUpMonths.unwrap();

/**
 * The programme's body with the completion rule and the follow-up months as she types them: the attendance rate in
 * percent ("80", "66,7") and the months as one text ("1, 3, 6, 12").
 */
const programmeForm = programmeBody.omit({ completionRule: true, followUpMonths: true }).extend({
  rate: z.string().refine((v) => RATE.test(v.trim()) && rateOf(v) <= 100),
  allMandatory: z.boolean(),
  excused: completionRule.shape.excusedAbsencesAllowed.unwrap(),
  followUp: z.string().refine((v) => monthsSchema.safeParse(monthsOf(v)).success),
});
type FormIn = z.input<typeof programmeForm>;
type FormOut = z.output<typeof programmeForm>;

const emptyForm = (): DefaultValues<FormIn> => ({
  name: '',
  year: new Date().getFullYear(),
  targetParticipants: 10,
  targetRegions: [],
  rate: '80',
  allMandatory: true,
  excused: 0,
  followUp: '1, 3, 6, 12',
  graduationReopenDays: DEFAULT_GRADUATION_REOPEN_DAYS,
});

const formFrom = (p: Programme): FormIn => ({
  name: p.name,
  year: p.year,
  ...(p.purpose ? { purpose: p.purpose } : {}),
  budgetCeiling: p.budgetCeiling,
  targetParticipants: p.targetParticipants,
  targetRegions: [...p.targetRegions],
  rate: String(Math.round(p.completionRule.minAttendanceRate * 1000) / 10).replace('.', ','),
  allMandatory: p.completionRule.allMandatory,
  excused: p.completionRule.excusedAbsencesAllowed,
  followUp: p.followUpMonths.join(', '),
  graduationReopenDays: p.graduationReopenDays,
});

const bodyOf = (v: FormOut): Body<'POST /api/programmes'> => ({
  name: v.name,
  year: v.year,
  ...(v.purpose ? { purpose: v.purpose } : {}),
  budgetCeiling: v.budgetCeiling,
  targetParticipants: v.targetParticipants,
  targetRegions: v.targetRegions,
  completionRule: {
    minAttendanceRate: Math.round(rateOf(v.rate) * 10) / 1000,
    allMandatory: v.allMandatory,
    excusedAbsencesAllowed: v.excused,
  },
  followUpMonths: monthsOf(v.followUp),
  graduationReopenDays: v.graduationReopenDays,
});

/** The server's paths inside the completion rule and the months, onto the fields that type them. */
const fieldOf = (path: string) => {
  const f = bodyField(path);
  if (f.startsWith('completionRule.minAttendanceRate')) return 'rate';
  if (f.startsWith('completionRule.excusedAbsencesAllowed')) return 'excused';
  if (f.startsWith('completionRule.allMandatory')) return 'allMandatory';
  if (f.startsWith('followUpMonths')) return 'followUp';
  return f;
};

const FIELD_LABELS: Record<string, ParseKeys> = {
  name: 'programme.programmes.form.name',
  year: 'programme.programmes.form.year',
  purpose: 'programme.programmes.form.purpose',
  budgetCeiling: 'programme.programmes.form.budget',
  targetParticipants: 'programme.programmes.form.target',
  targetRegions: 'programme.programmes.form.regions',
  completionRule: 'programme.programmes.colRule',
  followUpMonths: 'programme.programmes.form.followUp',
  graduationReopenDays: 'programme.programmes.form.reopenDays',
};

function ProgrammeForm({
  record,
  onSaved,
  onCancel,
}: {
  /** The programme being edited (as she opened it), or null for a new one. */
  record: Programme | null;
  onSaved(p: Programme, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  /** The version her changes are based on: the one opened, or the latest after she chose to load it. */
  const [base, setBase] = useState(record);
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const form = useSchemaForm(programmeForm, {
    defaultValues: record ? formFrom(record) : emptyForm(),
    messages: {
      name: t('programme.programmes.form.nameError'),
      year: t('programme.programmes.form.yearError'),
      budgetCeiling: t('programme.programmes.form.budgetError'),
      targetParticipants: t('programme.programmes.form.targetError'),
      rate: t('programme.programmes.form.rateError'),
      excused: t('programme.programmes.form.excusedError'),
      followUp: t('programme.programmes.form.followUpError'),
      graduationReopenDays: t('programme.programmes.form.reopenDaysError'),
    },
  });
  const { confirmLeave } = useDirtyGuard(form.formState.isDirty);
  const create = useApiMutation('POST /api/programmes');
  const update = useVersionedMutation('PATCH /api/programmes/:id', {
    labelOf: (field) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field),
  });

  async function submit(values: FormOut) {
    setError(null);
    const body = bodyOf(values);
    if (!base) {
      const { data } = await create.mutateAsync({ body, idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newIdempotencyKey();
      onSaved(data, true);
      return;
    }
    const args = { params: { id: base.id } };
    const result = await update.save({
      call: { ...args, body },
      base,
      record: { key: 'GET /api/programmes/:id', args },
    });
    if (result.outcome === 'saved') {
      onSaved(result.answer.data, false);
      return;
    }
    // She chose the latest version: the form shows it, to change again if she still wants to.
    const fresh = client.getQueryData<Programme>(apiKey('GET /api/programmes/:id', args));
    if (fresh) {
      setBase(fresh);
      form.reset(formFrom(fresh));
    }
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      fieldOf={fieldOf}
      pending={create.isPending || update.isPending}
      className="step prog-form"
      aria-labelledby="programme-form-title"
    >
      <h2 id="programme-form-title" ref={headingRef} tabIndex={-1}>
        {base ? t('programme.programmes.form.editTitle') : t('programme.programmes.form.newTitle')}
      </h2>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <TextInput<FormIn> name="name" id="programme-name" label={t('programme.programmes.form.name')} maxLength={150} />
      <WholeNumberField<FormIn>
        name="year"
        id="programme-year"
        label={t('programme.programmes.form.year')}
        maxLength={4}
      />
      <TextAreaInput<FormIn>
        name="purpose"
        id="programme-purpose"
        label={`${t('programme.programmes.form.purpose')} ${t('common.optional')}`}
        rows={3}
        maxLength={1000}
      />
      <MoneyField<FormIn>
        name="budgetCeiling"
        id="programme-budget"
        label={t('programme.programmes.form.budget')}
        hint={t('programme.common.rupiahHint')}
      />
      <WholeNumberField<FormIn>
        name="targetParticipants"
        id="programme-target"
        label={t('programme.programmes.form.target')}
        maxLength={6}
      />
      <CheckboxGroupInput<FormIn>
        name="targetRegions"
        id="programme-regions"
        legend={t('programme.programmes.form.regions')}
        options={KAB_KOTA.map((r) => ({ value: r.code, label: r.name }))}
      />
      <TextInput<FormIn>
        name="rate"
        id="programme-rate"
        label={t('programme.programmes.form.rate')}
        hint={t('programme.programmes.form.rateHint')}
        inputMode="decimal"
        maxLength={5}
        className="field-number"
        emptyValue=""
      />
      <label className="checkbox">
        <input type="checkbox" {...form.register('allMandatory')} />
        <span>{t('programme.programmes.form.allMandatory')}</span>
      </label>
      <WholeNumberField<FormIn>
        name="excused"
        id="programme-excused"
        label={t('programme.programmes.form.excused')}
        hint={t('programme.programmes.form.excusedHint')}
        maxLength={2}
      />
      <TextInput<FormIn>
        name="followUp"
        id="programme-followup"
        label={t('programme.programmes.form.followUp')}
        hint={t('programme.programmes.form.followUpHint')}
        maxLength={60}
        emptyValue=""
      />
      <WholeNumberField<FormIn>
        name="graduationReopenDays"
        id="programme-reopen-days"
        label={t('programme.programmes.form.reopenDays')}
        hint={t('programme.programmes.form.reopenDaysHint')}
        maxLength={3}
      />
      <div className="button-row">
        <SubmitButton>
          {base ? t('programme.programmes.form.submitEdit') : t('programme.programmes.form.submitNew')}
        </SubmitButton>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => confirmLeave() && onCancel()}
          disabled={create.isPending || update.isPending}
        >
          {t('programme.common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}

type ProgrammeRow = Reply<'GET /api/programmes'>['items'][number];
const PROGRAMME_SORTS = ['name', '-name', 'year', '-year', 'budget', '-budget', 'target', '-target'] as const;
/** The list's address: its order only (no filter; a programme's name identifies no one, but is not needed). */
const PROGRAMMES_URL = { sort: codeParam(PROGRAMME_SORTS, '-year') };

export function ProgrammesPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.programmes.title'));
  const { can } = useSession();
  const [url, setUrl] = useUrlState(PROGRAMMES_URL);
  // The list comes whole and is short (the office's few programmes a year): the table orders it here.
  const list = useApi('GET /api/programmes', {});
  const [editing, setEditing] = useState<'new' | Programme | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can('programme.manage');
  const items = list.data?.items;

  // Built each render: cheap.
  const columns: Column<ProgrammeRow>[] = [
    {
      id: 'name',
      header: t('programme.programmes.colName'),
      rowHeader: true,
      sort: (p) => p.name.toLocaleLowerCase('id'),
      cell: (p) => {
        // Its latest cohorts within her scope, as the server counted them (none for a reader without the cohort
        // list); the rest are on the cohorts list of this programme.
        const mine = p.cohorts?.latest ?? [];
        const total = p.cohorts?.total ?? 0;
        return (
          <>
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
                {total > mine.length ? (
                  <li>
                    <Link href={`/cohorts?programmeId=${p.id}`}>
                      {t('programme.programmes.allCohorts', { count: total, name: p.name })}
                    </Link>
                  </li>
                ) : null}
              </ul>
            ) : null}
          </>
        );
      },
    },
    {
      id: 'year',
      header: t('programme.programmes.colYear'),
      sort: (p) => p.year,
      descFirst: true,
      cell: (p) => p.year,
    },
    {
      id: 'budget',
      header: t('programme.programmes.colBudget'),
      className: 'num',
      sort: (p) => p.budgetCeiling,
      descFirst: true,
      cell: (p) => formatRupiah(p.budgetCeiling),
    },
    {
      id: 'target',
      header: t('programme.programmes.colTarget'),
      sort: (p) => p.targetParticipants,
      descFirst: true,
      cell: (p) => p.targetParticipants,
    },
    {
      id: 'regions',
      header: t('programme.programmes.colRegions'),
      hideable: true,
      cell: (p) => (p.targetRegions.length ? regionList(p.targetRegions) : t('programme.common.regionsNone')),
    },
    { id: 'rule', header: t('programme.programmes.colRule'), hideable: true, cell: (p) => ruleText(p, t) },
    {
      id: 'followUp',
      header: t('programme.programmes.colFollowUp'),
      hideable: true,
      cell: (p) =>
        p.followUpMonths.length
          ? t('programme.programmes.followUp', { months: p.followUpMonths.join(', ') })
          : t('common.none'),
    },
    ...(manage
      ? [
          {
            id: 'actions',
            header: t('programme.programmes.colActions'),
            cell: (p: ProgrammeRow) => (
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={t('programme.programmes.editOf', { name: p.name })}
                onClick={() => {
                  setNotice(null);
                  setEditing(p);
                }}
              >
                {t('programme.common.edit')}
              </button>
            ),
          },
        ]
      : []),
  ];

  return (
    <section className="prog">
      <div className="page-heading">
        <h1>{t('programme.programmes.title')}</h1>
        {manage && !editing ? (
          <button
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
          key={editing === 'new' ? 'new' : editing.id}
          record={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(p, created) => {
            setEditing(null);
            setNotice(
              created
                ? t('programme.programmes.created', { name: p.name })
                : t('programme.programmes.saved', { name: p.name }),
            );
          }}
        />
      ) : null}
      <ErrorAlert error={list.error} />
      {items ? <p className="count">{t('programme.programmes.count', { count: items.length })}</p> : null}
      <DataTable
        id="programmes"
        caption={t('programme.programmes.title')}
        mode="client"
        columns={columns}
        rows={items}
        rowKey={(p) => p.id}
        tableClassName="prog-table"
        loading={list.isPending && !list.error}
        sort={url.sort}
        onSort={(sort) => setUrl({ sort: sort as typeof url.sort })}
        columnChooser
        empty={<p>{t('programme.programmes.empty')}</p>}
      />
    </section>
  );
}
