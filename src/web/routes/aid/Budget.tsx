// The budget of a programme: the ceiling, planned and realised totals (realised includes venue payments and
// kits handed over; only approved lines count, and what still waits for approval is shown beside them), cost per
// participant and per graduate, a bar chart of planned vs realised per kind of cost (with the same figures as a
// table), the budget lines by kind with their status, who proposed and who decided each (with "Plh./Plt." when a
// colleague acted for the approver), buttons to approve or refuse for the office's budget approver on lines she
// did not propose (her own wait for another official), and — for the head of section — a form to propose a line
// that warns before saving when the plan (waiting lines included) would go over the ceiling and asks her to confirm.
import { useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { budgetLineBody } from '../../../shared/aid-api.ts';
import { BUDGET_KINDS } from '../../../shared/codes.ts';
import { ApiError, newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { codeParam, useUrlState } from '../../data/url-state.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { MoneyField, SelectInput, TextInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { WORK_QUEUE } from '../../queue-count.tsx';
import { useSession } from '../../session.tsx';
import { SelectField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { currentLocale } from '../../i18n/index.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { formatRupiah } from '../programme/shared.ts';
import { actingAsText, aidError, aLabel, useApproverName } from './shared.ts';

type Budget = Reply<'GET /api/programmes/:id/budget'>;
type BudgetLine = Reply<'GET /api/programmes/:id/budget-lines'>['items'][number];
type Cohort = Reply<'GET /api/cohorts'>['items'][number];
type BudgetDecision = 'APPROVED' | 'REJECTED';

type Kind = (typeof BUDGET_KINDS)[number];
const kindOrder = (k: string) => {
  const i = (BUDGET_KINDS as readonly string[]).indexOf(k);
  return i < 0 ? BUDGET_KINDS.length : i;
};

/** Choose a programme, then go to /budget/:id. */
function ProgrammePicker() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const { data, error } = useApi('GET /api/programmes', {});
  const items = data ? [...data.items].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name)) : null;
  const [picked, setPicked] = useState('');
  // The latest programme is offered until she picks another.
  const chosen = picked || items?.[0]?.id || '';
  usePageTitle(t('aid.budget.title'));
  return (
    <section className="prog aid narrow">
      <h1>{t('aid.budget.title')}</h1>
      <p>{t('aid.budget.intro')}</p>
      <ErrorAlert error={error} />
      {items === null && !error ? <p role="status">{t('aid.common.loading')}</p> : null}
      {items && items.length === 0 ? <p>{t('aid.budget.noProgrammes')}</p> : null}
      {items && items.length > 0 ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) navigate(`/budget/${chosen}`);
          }}
        >
          <SelectField
            id="budget-programme"
            label={t('aid.budget.choose')}
            value={chosen}
            onChange={(e) => setPicked(e.currentTarget.value)}
          >
            {items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.year})
              </option>
            ))}
          </SelectField>
          <div className="button-row">
            <button type="submit" className="button button-primary">
              {t('aid.budget.open')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** "150 jt" / "150M": short amounts for the chart's axis. */
function compactRupiah(n: number): string {
  return new Intl.NumberFormat(currentLocale(), { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** A row of the figures table: one kind of cost, or the total. */
interface FigureRow {
  kind: string;
  label: string;
  planned: number;
  realised: number;
  total?: boolean;
}

function BudgetChart({ budget }: { budget: Budget }) {
  const { t } = useTranslation();
  const data = [...budget.byKind]
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
    .map((k) => ({ label: aLabel('budgetKinds', k.kind, t), planned: k.planned, realised: k.realised }));
  const figures: FigureRow[] = [
    ...[...budget.byKind]
      .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
      .map((k) => ({
        kind: k.kind,
        label: aLabel('budgetKinds', k.kind, t),
        planned: k.planned,
        realised: k.realised,
      })),
    { kind: '', label: t('aid.budget.total'), planned: budget.planned, realised: budget.realised, total: true },
  ];
  const figureColumns: Column<FigureRow>[] = [
    { id: 'kind', header: t('aid.budget.colKind'), rowHeader: true, cell: (r) => r.label },
    { id: 'planned', header: t('aid.budget.colPlanned'), className: 'num', cell: (r) => formatRupiah(r.planned) },
    { id: 'realised', header: t('aid.budget.colRealised'), className: 'num', cell: (r) => formatRupiah(r.realised) },
    {
      id: 'difference',
      header: t('aid.budget.colDifference'),
      className: 'num',
      cell: (r) => formatRupiah(r.planned - r.realised),
    },
  ];
  return (
    <section aria-labelledby="budget-chart-title">
      <h2 id="budget-chart-title">{t('aid.budget.chartTitle')}</h2>
      <figure className="aid-chart">
        {/* The drawing is an image with a name; the figures themselves are in the table that follows. */}
        <div
          role="img"
          aria-label={t('aid.budget.chartLabel')}
          aria-describedby="budget-chart-desc"
          className="aid-chart-box"
          style={{ height: 80 + data.length * 56 }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={data}
              layout="vertical"
              accessibilityLayer={false}
              margin={{ top: 4, right: 12, bottom: 4, left: 4 }}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={compactRupiah} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} interval={0} />
              <Tooltip formatter={(v) => formatRupiah(Number(v))} />
              <Legend />
              <Bar dataKey="planned" name={t('aid.budget.planned')} fill="#0b5d4b" isAnimationActive={false} />
              <Bar dataKey="realised" name={t('aid.budget.realised')} fill="#b86e00" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <figcaption id="budget-chart-desc" className="note">
          {t('aid.budget.chartDescription')}
        </figcaption>
      </figure>
      <DataTable
        id="aid-budget"
        caption={t('aid.budget.chartTitle')}
        // One row per kind of cost (a fixed list of kinds) and the total last: the kinds' own order, not sortable.
        mode="client"
        columns={figureColumns}
        rows={figures}
        rowKey={(r) => r.kind}
        rowClassName={(r) => (r.total ? 'aid-total-row' : undefined)}
        tableClassName="aid-budget-table"
        empty={null}
      />
    </section>
  );
}

/** The over-the-ceiling figures: from the form before saving, or from the server's refusal. */
interface Over {
  after: number;
  ceiling: number;
}

const overDetails = (d: unknown): { plannedAfter?: unknown; ceiling?: unknown } =>
  typeof d === 'object' && d !== null ? d : {};

function AddLineForm({
  programmeId,
  budget,
  cohorts,
  onSaved,
}: {
  programmeId: string;
  budget: Budget;
  cohorts: Cohort[];
  onSaved(line: BudgetLine): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState<Over | null>(null);
  const confirmRef = useRef<HTMLInputElement | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const add = useApiMutation('POST /api/programmes/:id/budget-lines', {
    // A proposed line waits in the budget approver's work queue.
    invalidates: () => [WORK_QUEUE],
  });
  const form = useSchemaForm(budgetLineBody, {
    defaultValues: { kind: 'FACILITATOR_FEES', description: '', confirmOverBudget: false },
    messages: {
      description: t('aid.budget.form.descriptionError'),
      planned: t('aid.budget.form.plannedError'),
      realised: t('aid.budget.form.realisedError'),
    },
  });
  const confirmField = form.register('confirmOverBudget');
  const [planned, confirm] = useWatch({ control: form.control, name: ['planned', 'confirmOverBudget'] });

  // Lines still waiting for approval count against the ceiling too (as the server counts them).
  const committed = budget.planned + budget.awaitingApproval;
  // The warning follows the amount: it goes away when the plan is back under the ceiling.
  const shownOver = over && (planned === undefined || committed + planned > budget.ceiling) ? over : null;
  const focusConfirm = () => setTimeout(() => confirmRef.current?.focus(), 0);

  async function submit(values: {
    kind: Kind;
    description: string;
    cohortId?: string | undefined;
    planned: number;
    realised: number;
    confirmOverBudget?: boolean | undefined;
  }) {
    setError(null);
    const after = committed + values.planned;
    if (after > budget.ceiling && !values.confirmOverBudget) {
      // Warned before it is saved: nothing is sent until the head of section confirms.
      if (shownOver)
        form.setError('confirmOverBudget', { type: 'manual', message: t('aid.budget.form.overConfirmError') });
      setOver({ after, ceiling: budget.ceiling });
      focusConfirm();
      return;
    }
    try {
      const answer = await add.mutateAsync({
        params: { id: programmeId },
        body: {
          kind: values.kind,
          description: values.description,
          planned: values.planned,
          realised: values.realised,
          ...(values.cohortId ? { cohortId: values.cohortId } : {}),
          ...(values.confirmOverBudget ? { confirmOverBudget: true } : {}),
        },
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      form.reset();
      setOver(null);
      onSaved(answer.data);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'over_budget') {
        // Someone added lines meanwhile: the server's figures, and the same confirmation.
        const d = overDetails(err.details);
        setOver({
          after: typeof d.plannedAfter === 'number' ? d.plannedAfter : after,
          ceiling: typeof d.ceiling === 'number' ? d.ceiling : budget.ceiling,
        });
        form.setValue('confirmOverBudget', false);
        focusConfirm();
      } else throw err;
    }
  }

  const confirmError = form.formState.errors.confirmOverBudget?.message;
  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={add.isPending}
      className="step prog-form"
      aria-labelledby="budget-line-title"
    >
      <h2 id="budget-line-title">{t('aid.budget.form.title')}</h2>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <SelectInput name="kind" id="line-kind" label={t('aid.budget.form.kind')}>
        {BUDGET_KINDS.map((k) => (
          <option key={k} value={k}>
            {aLabel('budgetKinds', k, t)}
          </option>
        ))}
      </SelectInput>
      <TextInput name="description" id="line-description" label={t('aid.budget.form.description')} maxLength={200} />
      <SelectInput name="cohortId" id="line-cohort" label={`${t('aid.budget.form.cohort')} ${t('common.optional')}`}>
        <option value="">{t('aid.budget.wholeProgramme')}</option>
        {cohorts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectInput>
      <MoneyField
        name="planned"
        id="line-planned"
        label={t('aid.budget.form.planned')}
        hint={t('aid.common.rupiahHint')}
      />
      <MoneyField
        name="realised"
        id="line-realised"
        label={`${t('aid.budget.form.realised')} ${t('common.optional')}`}
      />
      {shownOver ? (
        <div className="alert alert-warn" role="alert">
          <p>
            {t('aid.budget.form.overWarning', {
              after: formatRupiah(shownOver.after),
              ceiling: formatRupiah(shownOver.ceiling),
              over: formatRupiah(shownOver.after - shownOver.ceiling),
            })}
          </p>
          <p>{t('aid.budget.form.overNeedsManager')}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              {...confirmField}
              ref={(el) => {
                confirmRef.current = el;
                confirmField.ref(el);
              }}
              aria-invalid={confirmError ? true : undefined}
              aria-describedby={confirmError ? 'line-confirm-error' : undefined}
            />
            <span>{t('aid.budget.form.overConfirm')}</span>
          </label>
          {confirmError ? (
            <p id="line-confirm-error" className="field-error">
              {confirmError}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="button-row">
        <SubmitButton>
          {shownOver && confirm ? t('aid.budget.form.submitOver') : t('aid.budget.form.submit')}
        </SubmitButton>
      </div>
    </SchemaForm>
  );
}

const LINE_BADGE: Record<BudgetLine['status'], string> = {
  PROPOSED: 'badge-warn',
  APPROVED: 'badge-ok',
  REJECTED: 'badge-muted',
};

/** The budget page's address: the order of the lines (the same in every kind's table). */
const BUDGET_URL = {
  sort: codeParam(
    [
      'description',
      '-description',
      'cohort',
      '-cohort',
      'planned',
      '-planned',
      'realised',
      '-realised',
      'status',
      '-status',
    ],
    '',
  ),
};
const STATUS_ORDER: Record<BudgetLine['status'], number> = { PROPOSED: 0, APPROVED: 1, REJECTED: 2 };

function LinesByKind({
  lines,
  cohorts,
  approver,
  busy,
  onDecide,
}: {
  lines: BudgetLine[];
  cohorts: Cohort[];
  approver: string;
  busy: boolean;
  onDecide(line: BudgetLine, decision: BudgetDecision): void;
}) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const [url, setUrl] = useUrlState(BUDGET_URL);
  const decides = can('budget.approve');
  const isOwn = (l: BudgetLine) => !!user && l.proposedBy.id === user.id;
  const kinds = [...new Set(lines.map((l) => l.kind))].sort((a, b) => kindOrder(a) - kindOrder(b));
  const cohortName = (id: string | null) =>
    id ? (cohorts.find((c) => c.id === id)?.name ?? '—') : t('aid.budget.wholeProgramme');
  const columns: Column<BudgetLine>[] = [
    {
      id: 'description',
      header: t('aid.budget.colDescription'),
      rowHeader: true,
      sort: (l) => l.description.toLocaleLowerCase('id'),
      cell: (l) => l.description,
    },
    {
      id: 'cohort',
      header: t('aid.budget.colCohort'),
      sort: (l) => cohortName(l.cohortId).toLocaleLowerCase('id'),
      cell: (l) => cohortName(l.cohortId),
    },
    {
      id: 'planned',
      header: t('aid.budget.colPlanned'),
      className: 'num',
      sort: (l) => l.planned,
      descFirst: true,
      cell: (l) => formatRupiah(l.planned),
    },
    {
      id: 'realised',
      header: t('aid.budget.colRealised'),
      className: 'num',
      sort: (l) => l.realised,
      descFirst: true,
      cell: (l) => formatRupiah(l.realised),
    },
    {
      id: 'status',
      header: t('aid.budget.colStatus'),
      sort: (l) => STATUS_ORDER[l.status],
      cell: (l) => <span className={`badge ${LINE_BADGE[l.status]}`}>{aLabel('budgetLineStatuses', l.status, t)}</span>,
    },
    {
      id: 'proposedBy',
      header: t('aid.budget.colProposedBy'),
      cell: (l) => (
        <>
          {l.proposedBy.name ?? t('common.none')}
          {isOwn(l) ? ` ${t('aid.budget.you')}` : null}
        </>
      ),
    },
    {
      id: 'decidedBy',
      header: t('aid.budget.colDecidedBy'),
      cell: (l) =>
        l.decidedBy ? (
          <>
            {l.decidedBy}
            {l.actingAs ? <span className="note aid-block">{actingAsText(l.actingAs, t)}</span> : null}
          </>
        ) : l.status === 'PROPOSED' ? (
          <span className="note">{t('aid.budget.waitingFor', { approver })}</span>
        ) : (
          t('common.none')
        ),
    },
    ...(decides
      ? [
          {
            id: 'actions',
            header: t('aid.budget.colActions'),
            cell: (l: BudgetLine) =>
              l.status !== 'PROPOSED' ? (
                t('common.none')
              ) : isOwn(l) ? (
                <span className="note">{t('aid.budget.ownLine')}</span>
              ) : (
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy}
                    onClick={() => onDecide(l, 'APPROVED')}
                  >
                    {t('aid.budget.approve')}
                    <span className="visually-hidden"> {t('aid.budget.lineOf', { description: l.description })}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={busy}
                    onClick={() => onDecide(l, 'REJECTED')}
                  >
                    {t('aid.budget.refuse')}
                    <span className="visually-hidden"> {t('aid.budget.lineOf', { description: l.description })}</span>
                  </button>
                </div>
              ),
          },
        ]
      : []),
  ];
  return (
    <section aria-labelledby="budget-lines-title">
      <h2 id="budget-lines-title">{t('aid.budget.lines')}</h2>
      {lines.length === 0 ? <p>{t('aid.budget.linesEmpty')}</p> : null}
      {kinds.map((kind) => {
        const mine = lines.filter((l) => l.kind === kind);
        // As the totals: only approved lines count.
        const approved = mine.filter((l) => l.status === 'APPROVED');
        const label = aLabel('budgetKinds', kind, t);
        return (
          <section key={kind} aria-labelledby={`lines-${kind}`}>
            <h3 id={`lines-${kind}`}>{label}</h3>
            <DataTable
              id={`aid-lines-${kind}`}
              caption={label}
              // A programme-year's budget lines: a few dozen, proposed by hand per kind of cost, so they come whole
              // and are ordered here (one order for every kind's table).
              mode="client"
              columns={columns}
              rows={mine}
              rowKey={(l) => l.id}
              tableClassName="aid-lines-table"
              sort={url.sort}
              onSort={(sort) => setUrl({ sort: sort as typeof url.sort })}
              empty={null}
            />
            <p className="note">
              {t('aid.budget.subtotal', {
                kind: label,
                planned: formatRupiah(approved.reduce((s, l) => s + l.planned, 0)),
                realised: formatRupiah(approved.reduce((s, l) => s + l.realised, 0)),
              })}
            </p>
          </section>
        );
      })}
    </section>
  );
}

function ProgrammeBudget({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const budgetQ = useApi('GET /api/programmes/:id/budget', { params: { id } });
  const linesQ = useApi('GET /api/programmes/:id/budget-lines', { params: { id } });
  const programme = useApi('GET /api/programmes/:id', { params: { id } }).data ?? null;
  const cohorts = useApi('GET /api/cohorts', { query: { programmeId: id } }, { enabled: can('cohort.list') }).data
    ?.items;
  const budget = budgetQ.data ?? null;
  const lines = linesQ.data?.items ?? [];
  const error = budgetQ.error ?? linesQ.error;
  const [notice, setNotice] = useState<string | null>(null);
  const [decideError, setDecideError] = useState<unknown>(null);
  const approver = useApproverName('budget');
  const decision = useApiMutation('POST /api/budget-lines/:id/decision', {
    // The programme's totals and lines, and the approver's work queue.
    invalidates: () => [`/api/programmes/${id}`, WORK_QUEUE],
  });
  usePageTitle(programme ? t('aid.budget.titleOf', { name: programme.name }) : t('aid.budget.title'));

  async function decide(line: BudgetLine, d: BudgetDecision) {
    setDecideError(null);
    setNotice(null);
    try {
      await decision.mutateAsync({ params: { id: line.id }, body: { decision: d } });
      setNotice(
        t(d === 'APPROVED' ? 'aid.budget.decidedApproved' : 'aid.budget.decidedRejected', {
          description: line.description,
        }),
      );
    } catch (err) {
      setDecideError(err);
      // Decided by someone else meanwhile: the lines and totals are read again.
      void budgetQ.refetch();
      void linesQ.refetch();
    }
  }

  if (error instanceof ApiError && (error.status === 404 || error.code === 'validation_failed'))
    return <NotFoundPage />;
  return (
    <section className="prog aid">
      <p className="breadcrumb">
        <Link href="/budget">{t('aid.budget.other')}</Link>
      </p>
      <h1>
        {programme ? t('aid.budget.titleOf', { name: `${programme.name} (${programme.year})` }) : t('aid.budget.title')}
      </h1>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <ErrorAlert error={decideError} message={decideError ? aidError(decideError, t) : undefined} />
      {!budget && !error ? <p role="status">{t('aid.common.loading')}</p> : null}
      {budget ? (
        <>
          <section aria-labelledby="budget-summary-title" className="participant-header aid-summary">
            <h2 id="budget-summary-title">{t('aid.budget.summary')}</h2>
            <dl className="summary">
              <div>
                <dt>{t('aid.budget.ceiling')}</dt>
                <dd className="num">{formatRupiah(budget.ceiling)}</dd>
              </div>
              <div>
                <dt>{t('aid.budget.planned')}</dt>
                <dd className="num">{formatRupiah(budget.planned)}</dd>
              </div>
              <div>
                <dt>{t('aid.budget.realised')}</dt>
                <dd className="num">{formatRupiah(budget.realised)}</dd>
              </div>
              <div>
                <dt>{t('aid.budget.remaining')}</dt>
                <dd className="num">{formatRupiah(budget.ceiling - budget.realised)}</dd>
              </div>
              <div>
                <dt>{t('aid.budget.perParticipant')}</dt>
                <dd>
                  {budget.costPerParticipant === null
                    ? t('aid.budget.noneToDivide')
                    : formatRupiah(budget.costPerParticipant)}{' '}
                  ({t('aid.budget.people', { count: budget.participants })})
                </dd>
              </div>
              <div>
                <dt>{t('aid.budget.perGraduate')}</dt>
                <dd>
                  {budget.costPerGraduate === null
                    ? t('aid.budget.noneToDivide')
                    : formatRupiah(budget.costPerGraduate)}{' '}
                  ({t('aid.budget.people', { count: budget.graduates })})
                </dd>
              </div>
            </dl>
            {budget.awaitingApproval > 0 ? (
              <p className="total">
                {t('aid.budget.awaitingApproval', { amount: formatRupiah(budget.awaitingApproval) })}
              </p>
            ) : null}
            <p className="note">{t('aid.budget.approvedOnly')}</p>
            <p className="note">
              {t('aid.budget.realisedIncludes', {
                venue: formatRupiah(budget.venuePayments),
                kits: formatRupiah(budget.kitsHandedOver),
              })}
            </p>
            {budget.kitsReturnedOrLost > 0 ? (
              <p className="note">
                {t('aid.budget.returnedOrLost', { value: formatRupiah(budget.kitsReturnedOrLost) })}
              </p>
            ) : null}
            {budget.overBudget ? (
              <div className="alert alert-warn">
                <p>{t('aid.budget.overBudget')}</p>
              </div>
            ) : null}
          </section>
          <BudgetChart budget={budget} />
          <LinesByKind
            lines={lines}
            cohorts={cohorts ?? []}
            approver={approver}
            busy={decision.isPending}
            onDecide={(l, d) => void decide(l, d)}
          />
          {can('budget.manage') ? (
            <AddLineForm
              programmeId={id}
              budget={budget}
              cohorts={cohorts ?? []}
              onSaved={(line) => setNotice(t('aid.budget.form.saved', { description: line.description, approver }))}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export function BudgetPage({ id }: { id?: string }) {
  return id ? <ProgrammeBudget key={id} id={id} /> : <ProgrammePicker />;
}
