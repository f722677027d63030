// The budget of a programme: the ceiling, planned and realised totals (realised includes venue payments and
// kits handed over; only approved lines count, and what still waits for approval is shown beside them), cost per
// participant and per graduate, a bar chart of planned vs realised per kind of cost (with the same figures as a
// table), the budget lines by kind with their status, who proposed and who decided each (with "Plh./Plt." when a
// colleague acted for the approver), buttons to approve or refuse for the office's budget approver on lines she
// did not propose (her own wait for another official), and — for the head of section — a form to propose a line
// that warns before saving when the plan (waiting lines included) would go over the ceiling and asks her to confirm.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { BUDGET_KINDS } from '../../../shared/codes.ts';
import { ApiError } from '../../api.ts';
import { programmeApi, type Cohort, type Programme } from '../../api-programme.ts';
import { aidApi, type Budget, type BudgetDecision, type BudgetLine, type BudgetLineInput } from '../../api-aid.ts';
import { useSession } from '../../session.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../../hooks.ts';
import { currentLocale } from '../../i18n/index.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { RupiahField } from '../programme/fields.tsx';
import { formatRupiah, parseRupiah } from '../programme/shared.ts';
import { actingAsText, aidError, aLabel, useApproverName } from './shared.ts';

type Kind = (typeof BUDGET_KINDS)[number];
const kindOrder = (k: string) => {
  const i = (BUDGET_KINDS as readonly string[]).indexOf(k);
  return i < 0 ? BUDGET_KINDS.length : i;
};

/** Choose a programme, then go to /budget/:id. */
function ProgrammePicker() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [items, setItems] = useState<Programme[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('aid.budget.title'));
  useEffect(() => {
    programmeApi.programmes.list().then(
      (ps) => {
        const sorted = [...ps].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name));
        setItems(sorted);
        setChosen((c) => c || sorted[0]?.id || '');
      },
      (err) => setError(err),
    );
  }, []);
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
            onChange={(e) => setChosen(e.currentTarget.value)}
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

function BudgetChart({ budget }: { budget: Budget }) {
  const { t } = useTranslation();
  const data = [...budget.byKind]
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
    .map((k) => ({ label: aLabel('budgetKinds', k.kind, t), planned: k.planned, realised: k.realised }));
  const rows = [...budget.byKind].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
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
      <table className="data-table aid-budget-table">
        <caption className="visually-hidden">{t('aid.budget.chartTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('aid.budget.colKind')}</th>
            <th scope="col">{t('aid.budget.colPlanned')}</th>
            <th scope="col">{t('aid.budget.colRealised')}</th>
            <th scope="col">{t('aid.budget.colDifference')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((k) => (
            <tr key={k.kind}>
              <th scope="row" data-label={t('aid.budget.colKind')}>
                {aLabel('budgetKinds', k.kind, t)}
              </th>
              <td data-label={t('aid.budget.colPlanned')} className="num">
                {formatRupiah(k.planned)}
              </td>
              <td data-label={t('aid.budget.colRealised')} className="num">
                {formatRupiah(k.realised)}
              </td>
              <td data-label={t('aid.budget.colDifference')} className="num">
                {formatRupiah(k.planned - k.realised)}
              </td>
            </tr>
          ))}
          <tr className="aid-total-row">
            <th scope="row" data-label={t('aid.budget.colKind')}>
              {t('aid.budget.total')}
            </th>
            <td data-label={t('aid.budget.colPlanned')} className="num">
              {formatRupiah(budget.planned)}
            </td>
            <td data-label={t('aid.budget.colRealised')} className="num">
              {formatRupiah(budget.realised)}
            </td>
            <td data-label={t('aid.budget.colDifference')} className="num">
              {formatRupiah(budget.planned - budget.realised)}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

interface LineForm {
  kind: Kind;
  description: string;
  cohortId: string;
  planned: string;
  realised: string;
  confirm: boolean;
}
const emptyLine = (): LineForm => ({
  kind: 'FACILITATOR_FEES',
  description: '',
  cohortId: '',
  planned: '',
  realised: '',
  confirm: false,
});

function parseLine(f: LineForm, t: TFunction): { body: BudgetLineInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const description = f.description.trim();
  if (!description || description.length > 200) errors.description = t('aid.budget.form.descriptionError');
  const planned = parseRupiah(f.planned);
  if (planned === null || planned > 1_000_000_000_000) errors.planned = t('aid.budget.form.plannedError');
  const realised = f.realised.trim() ? parseRupiah(f.realised) : 0;
  if (realised === null || realised > 1_000_000_000_000) errors.realised = t('aid.budget.form.realisedError');
  if (hasErrors(errors)) return { errors };
  return {
    body: {
      kind: f.kind,
      description,
      planned: planned!,
      realised: realised!,
      ...(f.cohortId ? { cohortId: f.cohortId } : {}),
    },
  };
}

/** The over-the-ceiling figures: from the form before saving, or from the server's refusal. */
interface Over {
  after: number;
  ceiling: number;
}

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
  const [form, setForm] = useState<LineForm>(emptyLine);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState<Over | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = <K extends keyof LineForm>(k: K, v: LineForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  // The warning follows the amount: it goes away when the plan is back under the ceiling.
  // Lines still waiting for approval count against the ceiling too (as the server counts them).
  const committed = budget.planned + budget.awaitingApproval;
  const typed = parseRupiah(form.planned);
  const afterTyped = typed === null ? null : committed + typed;
  useEffect(() => {
    if (over && afterTyped !== null && afterTyped <= budget.ceiling) setOver(null);
  }, [afterTyped, budget.ceiling, over]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    const parsed = parseLine(form, t);
    if ('errors' in parsed) {
      setFieldErrors(parsed.errors);
      return;
    }
    const after = committed + parsed.body.planned;
    if (after > budget.ceiling && !form.confirm) {
      // Warned before it is saved: nothing is sent until the head of section confirms.
      setOver({ after, ceiling: budget.ceiling });
      setFieldErrors(over ? { confirm: t('aid.budget.form.overConfirmError') } : {});
      setTimeout(() => confirmRef.current?.focus(), 0);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const line = await aidApi.budget.addLine(programmeId, {
        ...parsed.body,
        ...(form.confirm ? { confirmOverBudget: true } : {}),
      });
      setForm(emptyLine());
      setOver(null);
      onSaved(line);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'over_budget') {
        // Someone added lines meanwhile: the server's figures, and the same confirmation.
        const d = err.details as { plannedAfter?: number; ceiling?: number };
        setOver({ after: d.plannedAfter ?? after, ceiling: d.ceiling ?? budget.ceiling });
        setForm((f) => ({ ...f, confirm: false }));
        setTimeout(() => confirmRef.current?.focus(), 0);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="budget-line-title">
      <h2 id="budget-line-title">{t('aid.budget.form.title')}</h2>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <SelectField
        id="line-kind"
        label={t('aid.budget.form.kind')}
        value={form.kind}
        onChange={(e) => set('kind', e.currentTarget.value as Kind)}
      >
        {BUDGET_KINDS.map((k) => (
          <option key={k} value={k}>
            {aLabel('budgetKinds', k, t)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="line-description"
        label={t('aid.budget.form.description')}
        value={form.description}
        error={fe.description}
        maxLength={200}
        onChange={(e) => set('description', e.currentTarget.value)}
      />
      <SelectField
        id="line-cohort"
        label={`${t('aid.budget.form.cohort')} ${t('common.optional')}`}
        value={form.cohortId}
        onChange={(e) => set('cohortId', e.currentTarget.value)}
      >
        <option value="">{t('aid.budget.wholeProgramme')}</option>
        {cohorts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <RupiahField
        id="line-planned"
        label={t('aid.budget.form.planned')}
        hint={t('aid.common.rupiahHint')}
        value={form.planned}
        error={fe.planned}
        onChange={(v) => set('planned', v)}
      />
      <RupiahField
        id="line-realised"
        label={`${t('aid.budget.form.realised')} ${t('common.optional')}`}
        value={form.realised}
        error={fe.realised}
        onChange={(v) => set('realised', v)}
      />
      {over ? (
        <div className="alert alert-warn" role="alert">
          <p>
            {t('aid.budget.form.overWarning', {
              after: formatRupiah(over.after),
              ceiling: formatRupiah(over.ceiling),
              over: formatRupiah(over.after - over.ceiling),
            })}
          </p>
          <p>{t('aid.budget.form.overNeedsManager')}</p>
          <label className="checkbox">
            <input
              ref={confirmRef}
              type="checkbox"
              checked={form.confirm}
              aria-invalid={fe.confirm ? true : undefined}
              aria-describedby={fe.confirm ? 'line-confirm-error' : undefined}
              onChange={(e) => set('confirm', e.currentTarget.checked)}
            />
            <span>{t('aid.budget.form.overConfirm')}</span>
          </label>
          {fe.confirm ? (
            <p id="line-confirm-error" className="field-error">
              {fe.confirm}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy
            ? t('common.saving')
            : over && form.confirm
              ? t('aid.budget.form.submitOver')
              : t('aid.budget.form.submit')}
        </button>
      </div>
    </form>
  );
}

const LINE_BADGE: Record<BudgetLine['status'], string> = {
  PROPOSED: 'badge-warn',
  APPROVED: 'badge-ok',
  REJECTED: 'badge-muted',
};

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
  const decides = can('budget.approve');
  const isOwn = (l: BudgetLine) => !!user && l.proposedBy.id === user.id;
  const kinds = [...new Set(lines.map((l) => l.kind))].sort((a, b) => kindOrder(a) - kindOrder(b));
  const cohortName = (id: string | null) =>
    id ? (cohorts.find((c) => c.id === id)?.name ?? '—') : t('aid.budget.wholeProgramme');
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
            <table className="data-table aid-lines-table">
              <caption className="visually-hidden">{label}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('aid.budget.colDescription')}</th>
                  <th scope="col">{t('aid.budget.colCohort')}</th>
                  <th scope="col">{t('aid.budget.colPlanned')}</th>
                  <th scope="col">{t('aid.budget.colRealised')}</th>
                  <th scope="col">{t('aid.budget.colStatus')}</th>
                  <th scope="col">{t('aid.budget.colProposedBy')}</th>
                  <th scope="col">{t('aid.budget.colDecidedBy')}</th>
                  {decides ? <th scope="col">{t('aid.budget.colActions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {mine.map((l) => (
                  <tr key={l.id}>
                    <th scope="row" data-label={t('aid.budget.colDescription')}>
                      {l.description}
                    </th>
                    <td data-label={t('aid.budget.colCohort')}>{cohortName(l.cohortId)}</td>
                    <td data-label={t('aid.budget.colPlanned')} className="num">
                      {formatRupiah(l.planned)}
                    </td>
                    <td data-label={t('aid.budget.colRealised')} className="num">
                      {formatRupiah(l.realised)}
                    </td>
                    <td data-label={t('aid.budget.colStatus')}>
                      <span className={`badge ${LINE_BADGE[l.status]}`}>
                        {aLabel('budgetLineStatuses', l.status, t)}
                      </span>
                    </td>
                    <td data-label={t('aid.budget.colProposedBy')}>
                      {l.proposedBy.name ?? t('common.none')}
                      {isOwn(l) ? ` ${t('aid.budget.you')}` : null}
                    </td>
                    <td data-label={t('aid.budget.colDecidedBy')}>
                      {l.decidedBy ? (
                        <>
                          {l.decidedBy}
                          {l.actingAs ? <span className="note aid-block">{actingAsText(l.actingAs, t)}</span> : null}
                        </>
                      ) : l.status === 'PROPOSED' ? (
                        <span className="note">{t('aid.budget.waitingFor', { approver })}</span>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                    {decides ? (
                      <td data-label={t('aid.budget.colActions')}>
                        {l.status !== 'PROPOSED' ? (
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
                              <span className="visually-hidden">
                                {' '}
                                {t('aid.budget.lineOf', { description: l.description })}
                              </span>
                            </button>
                            <button
                              type="button"
                              className="button button-secondary"
                              disabled={busy}
                              onClick={() => onDecide(l, 'REJECTED')}
                            >
                              {t('aid.budget.refuse')}
                              <span className="visually-hidden">
                                {' '}
                                {t('aid.budget.lineOf', { description: l.description })}
                              </span>
                            </button>
                          </div>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
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
  const [programme, setProgramme] = useState<Programme | null>(null);
  const [budget, setBudget] = useState<Budget | null>(null);
  const [lines, setLines] = useState<BudgetLine[]>([]);
  const [cohorts, setCohorts] = useState<Cohort[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [decideError, setDecideError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState(false);
  const approver = useApproverName('budget');
  usePageTitle(programme ? t('aid.budget.titleOf', { name: programme.name }) : t('aid.budget.title'));

  const load = useCallback(async () => {
    try {
      const [b, ls] = await Promise.all([aidApi.budget.get(id), aidApi.budget.lines(id)]);
      setBudget(b);
      setLines(ls);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
    programmeApi.programmes.get(id).then(
      (p) => setProgramme(p.item),
      () => setProgramme(null),
    );
    if (can('cohort.list')) programmeApi.cohorts.list(id).then(setCohorts, () => setCohorts([]));
  }, [id, load, can]);

  async function decide(line: BudgetLine, decision: BudgetDecision) {
    setDecideError(null);
    setNotice(null);
    setDeciding(true);
    try {
      await aidApi.budget.decideLine(line.id, decision);
      setNotice(
        t(decision === 'APPROVED' ? 'aid.budget.decidedApproved' : 'aid.budget.decidedRejected', {
          description: line.description,
        }),
      );
    } catch (err) {
      setDecideError(err);
    } finally {
      // Decided here or by someone else meanwhile: the lines and totals are read again either way.
      await load();
      setDeciding(false);
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
            cohorts={cohorts}
            approver={approver}
            busy={deciding}
            onDecide={(l, d) => void decide(l, d)}
          />
          {can('budget.manage') ? (
            <AddLineForm
              programmeId={id}
              budget={budget}
              cohorts={cohorts}
              onSaved={(line) => {
                setNotice(t('aid.budget.form.saved', { description: line.description, approver }));
                void load();
              }}
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
