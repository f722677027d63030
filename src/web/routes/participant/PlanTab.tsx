// The intervention plan (rencana intervensi): goals by ATENSI component, each with a responsible staff member
// and/or partner, a due date and a status; an optional case conference. Saving sends If-Match, so a change
// made meanwhile is reported rather than overwritten; every save makes it a draft that the head of section
// approves here. The plan prints as a PDF for the case file.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { PLAN_ITEM_STATUSES, SERVICE_COMPONENTS, THERAPY_SUBTYPES } from '../../../shared/codes.ts';
import { ApiError, type Body, fileUrl, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useSession } from '../../session.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { cwLabel, cwOptions } from '../../casework-labels.ts';
import { roleLabel } from '../../labels.ts';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { dateOrderErrors, hasErrors, type FieldErrors } from '../../errors.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { mayOn, type TabProps, useRefreshWhenStale } from './shared.ts';
import { dropNeed, peekNeed } from '../followup/handoff.ts';

type Of<T extends readonly string[]> = T[number];
type CasePlanView = NonNullable<Reply<'GET /api/participants/:id/case-plan'>>;
type CasePlanInput = Body<'PUT /api/participants/:id/case-plan'>;
const NO_ITEMS: never[] = [];
interface Row {
  key: number;
  goal: string;
  component: Of<typeof SERVICE_COMPONENTS> | '';
  subtype: Of<typeof THERAPY_SUBTYPES> | '';
  responsibleUserId: string;
  partnerId: string;
  dueDate: string;
  status: Of<typeof PLAN_ITEM_STATUSES>;
}
interface PlanForm {
  rows: Row[];
  hasConference: boolean;
  conferenceDate: string;
  attendees: string;
  minutes: string;
}

let rowKey = 0;
const newRow = (): Row => ({
  key: ++rowKey,
  goal: '',
  component: '',
  subtype: '',
  responsibleUserId: '',
  partnerId: '',
  dueDate: '',
  status: 'PLANNED',
});
const oneOf = <T extends string>(list: readonly T[], v: string | undefined, fallback: T | ''): T | '' =>
  v && (list as readonly string[]).includes(v) ? (v as T) : fallback;

function formOf(plan: CasePlanView | null): PlanForm {
  if (!plan)
    return { rows: [newRow()], hasConference: false, conferenceDate: todayInOffice(), attendees: '', minutes: '' };
  return {
    rows: plan.items.map((i) => ({
      key: ++rowKey,
      goal: i.goal,
      component: oneOf(SERVICE_COMPONENTS, i.component, ''),
      subtype: oneOf(THERAPY_SUBTYPES, i.subtype, ''),
      responsibleUserId: i.responsibleUserId ?? '',
      partnerId: i.partnerId ?? '',
      dueDate: i.dueDate,
      status: oneOf(PLAN_ITEM_STATUSES, i.status, 'PLANNED') || 'PLANNED',
    })),
    hasConference: !!plan.conference,
    conferenceDate: plan.conference?.date ?? todayInOffice(),
    attendees: plan.conference?.attendees.join('\n') ?? '',
    minutes: plan.conference?.minutes ?? '',
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function PlanTab({ record }: TabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const id = record.item.id;
  const mayWrite = mayOn(record, 'caseplan.write');
  const mayApprove = mayOn(record, 'caseplan.approve');
  // undefined while it is read; null when she has no plan yet.
  const planQuery = useApi('GET /api/participants/:id/case-plan', { params: { id } });
  const plan = planQuery.data;
  const [form, setForm] = useState<PlanForm | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [approvedOn, setApprovedOn] = useState(todayInOffice);
  const formRef = useRef<HTMLFormElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  // A plan changed (or written first) by someone else meanwhile: her record's plan is read again.
  const refreshWhenStale = useRefreshWhenStale(id, ['precondition_required']);

  // A change of her plan is based on the version shown (If-Match): one saved meanwhile opens the conflict dialog.
  // Re-applied, her plan is sent whole: a plan is written as one (a conference left out would be removed).
  const sent = useRef<CasePlanInput>({ items: [] });
  const saveChange = useVersionedMutation('PUT /api/participants/:id/case-plan', {
    labelOf: (field) => (field === 'conference' ? t('casework.plan.conference') : t('casework.plan.itemsLabel')),
    format: (field, value) => planValue(field, value, t),
    reapplyBody: () => sent.current,
  });
  // The first plan has no version to send.
  const saveFirst = useApiMutation('PUT /api/participants/:id/case-plan', { onError: refreshWhenStale });
  // Approving it moves her stage (the programme's rule): her record is refreshed with the plan.
  const approval = useApiMutation('POST /api/participants/:id/case-plan/approve', { onError: refreshWhenStale });
  const busy = saveChange.isPending || saveFirst.isPending || approval.isPending;

  // A need noted at a follow-up visit opens the editor with it as a new goal (once).
  useEffect(() => {
    const need = plan === undefined || !mayWrite ? null : peekNeed(id, 'plan');
    if (!need) return;
    dropNeed(id, 'plan');
    const f = formOf(plan ?? null);
    const row = { ...newRow(), goal: need.slice(0, 500) };
    setForm({ ...f, rows: plan ? [...f.rows, row] : [row] });
  }, [plan, mayWrite, id]);

  // Names for the selects, read when the editor opens; without them the selects offer only what the plan names.
  const editorOpen = form !== null;
  const staffQuery = useApi('GET /api/staff', {}, { enabled: editorOpen && can('staff.list') });
  const partnerQuery = useApi('GET /api/partners', {}, { enabled: editorOpen && can('partner.list') });
  const staff = staffQuery.data?.items ?? NO_ITEMS;
  const partners = partnerQuery.data?.items ?? NO_ITEMS;

  function edit() {
    setNotice(null);
    setFailure(null);
    setFieldErrors({});
    setForm(formOf(plan ?? null));
  }
  useEffect(() => {
    if (editorOpen) formHeading.current?.focus();
  }, [editorOpen]);

  const setRow = (key: number, patch: Partial<Row>) =>
    setForm((f) => (f ? { ...f, rows: f.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) } : f));

  function localErrors(f: PlanForm): FieldErrors {
    const out: FieldErrors = {};
    if (f.rows.length === 0) out.items = t('casework.plan.invalid.items');
    f.rows.forEach((r) => {
      const goal = r.goal.trim();
      if (!goal || goal.length > 500) out[`goal-${r.key}`] = t('casework.plan.invalid.goal');
      if (!r.component) out[`component-${r.key}`] = t('casework.plan.invalid.component');
      if (!ISO_DATE.test(r.dueDate)) out[`due-${r.key}`] = t('casework.plan.invalid.dueDate');
    });
    if (f.hasConference && !ISO_DATE.test(f.conferenceDate))
      out.conferenceDate = t('casework.plan.invalid.conferenceDate');
    return out;
  }

  function bodyOf(f: PlanForm): CasePlanInput {
    const attendees = f.attendees
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 30);
    return {
      items: f.rows.map((r) => ({
        goal: r.goal.trim(),
        component: r.component as Of<typeof SERVICE_COMPONENTS>,
        ...(r.component === 'TERAPI' && r.subtype ? { subtype: r.subtype } : {}),
        ...(r.responsibleUserId ? { responsibleUserId: r.responsibleUserId } : {}),
        ...(r.partnerId ? { partnerId: r.partnerId } : {}),
        dueDate: r.dueDate,
        status: r.status,
      })),
      ...(f.hasConference
        ? {
            conference: {
              date: f.conferenceDate,
              attendees,
              ...(f.minutes.trim() ? { minutes: f.minutes.trim() } : {}),
            },
          }
        : {}),
    };
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setAttempt((a) => a + 1);
    setFailure(null);
    setNotice(null);
    const local = localErrors(form);
    setFieldErrors(local);
    if (hasErrors(local)) return;
    const body = bodyOf(form);
    sent.current = body;
    try {
      if (plan) {
        const outcome = await saveChange.save({
          call: { params: { id }, body },
          base: plan,
          record: { key: 'GET /api/participants/:id/case-plan', args: { params: { id } } },
        });
        if (outcome.outcome === 'reloaded') {
          // She chose the latest version: the editor starts again from it.
          const fresh = await planQuery.refetch();
          setForm(formOf(fresh.data ?? null));
          return;
        }
      } else {
        await saveFirst.mutateAsync({ params: { id }, body });
      }
      setForm(null);
      setNotice(t('casework.plan.saved'));
    } catch (err) {
      setFailure(err);
    }
  }

  async function approve() {
    if (!plan) return;
    setFailure(null);
    setNotice(null);
    setFieldErrors({});
    try {
      await approval.mutateAsync({ params: { id }, body: { approvedOn }, ifMatch: plan.version });
      setNotice(t('casework.plan.approved'));
    } catch (err) {
      setFailure(err);
      setFieldErrors(dateOrderErrors(err, t));
    }
  }

  const error = failure ?? planQuery.error;
  const staleText =
    error instanceof ApiError && (error.code === 'stale_version' || error.code === 'precondition_required')
      ? t('casework.plan.stale')
      : undefined;
  const p = plan ?? undefined;

  return (
    <div className="tab-content">
      <h2>{t('casework.plan.title')}</h2>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      {!form ? <ErrorAlert error={error} message={staleText} /> : null}

      {plan === undefined ? (
        planQuery.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : !p ? (
        <p>{t('casework.plan.none')}</p>
      ) : (
        <div className="plan-view">
          <p>
            <span className="visually-hidden">{t('casework.plan.statusLabel')}: </span>
            <span className={`badge ${p.status === 'APPROVED' ? 'badge-ok' : 'badge-warn'}`} data-testid="plan-status">
              {t(`casework.plan.status.${p.status}`)}
            </span>
          </p>
          <p className="note">
            {t('casework.plan.versionMeta', { version: p.version, at: formatDateTime(p.updatedAt) })}
            {p.status === 'APPROVED' && p.approvedAt ? (
              <>
                {` · ${t('casework.plan.approvedMeta', {
                  by: p.approvedBy ?? t('common.none'),
                  on: formatDay(p.approvedOn ?? p.approvedAt.slice(0, 10)),
                  at: formatDateTime(p.approvedAt),
                })} `}
                <EnteredLateBadge late={p.enteredLate} />
              </>
            ) : null}
          </p>
          <ol className="record-list plan-items" aria-label={t('casework.plan.itemsLabel')}>
            {p.items.map((i, n) => (
              <li key={i.id} className="record">
                <h3>{t('casework.plan.goalN', { n: n + 1 })}</h3>
                <p className="prewrap">{i.goal}</p>
                <dl className="inline-details">
                  <div>
                    <dt>{t('casework.plan.component')}</dt>
                    <dd>
                      {cwLabel('components', i.component, t)}
                      {i.subtype ? ` (${cwLabel('therapy', i.subtype, t)})` : ''}
                    </dd>
                  </div>
                  {i.responsible ? (
                    <div>
                      <dt>{t('casework.plan.responsible')}</dt>
                      <dd>{i.responsible}</dd>
                    </div>
                  ) : null}
                  {i.partner ? (
                    <div>
                      <dt>{t('casework.plan.partner')}</dt>
                      <dd>{i.partner}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>{t('casework.plan.dueDate')}</dt>
                    <dd>{formatDay(i.dueDate)}</dd>
                  </div>
                  <div>
                    <dt>{t('casework.plan.itemStatus')}</dt>
                    <dd>{cwLabel('planStatus', i.status, t)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ol>
          {p.conference ? (
            <div className="record">
              <h3>{t('casework.plan.conference')}</h3>
              <p>
                {t('casework.plan.conferenceMeta', {
                  date: formatDay(p.conference.date),
                  list: p.conference.attendees.join(', ') || t('common.none'),
                })}
              </p>
              {p.conference.minutes ? <p className="prewrap">{p.conference.minutes}</p> : null}
            </div>
          ) : null}
          {mayApprove && p.status === 'DRAFT' && !form ? (
            <TextField
              id="approvedOn"
              type="date"
              label={t('casework.plan.approvedOn')}
              hint={t('casework.plan.approvedOnHint')}
              error={fieldErrors.approvedOn}
              value={approvedOn}
              max={todayInOffice()}
              required
              onChange={(e) => setApprovedOn(e.currentTarget.value)}
            />
          ) : null}
          <div className="button-row">
            {mayApprove && p.status === 'DRAFT' && !form ? (
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void approve()}>
                {busy ? t('common.saving') : t('casework.plan.approve')}
              </button>
            ) : null}
            <a
              className="button button-secondary"
              href={fileUrl('GET /api/participants/:id/case-plan.pdf', { id })}
              download
            >
              {t('casework.plan.pdf')}
            </a>
          </div>
        </div>
      )}

      {mayWrite && !form && plan !== undefined ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={edit}>
            {p ? t('casework.plan.edit') : t('casework.plan.create')}
          </button>
        </div>
      ) : null}

      {form ? (
        <form ref={formRef} onSubmit={save} noValidate className="form panel plan-form">
          <h3 ref={formHeading} tabIndex={-1}>
            {p ? t('casework.plan.edit') : t('casework.plan.create')}
          </h3>
          <p className="hint">{t('casework.plan.editHint')}</p>
          <ErrorAlert key={attempt} error={error} message={staleText} />
          {fieldErrors.items ? (
            <p className="field-error" role="alert">
              {fieldErrors.items}
            </p>
          ) : null}
          {form.rows.map((r, n) => (
            <fieldset key={r.key} className="subpanel plan-row">
              <legend>{t('casework.plan.goalN', { n: n + 1 })}</legend>
              <TextAreaField
                id={`goal-${r.key}`}
                label={t('casework.plan.goal')}
                error={fieldErrors[`goal-${r.key}`]}
                value={r.goal}
                rows={2}
                maxLength={500}
                onChange={(e) => setRow(r.key, { goal: e.currentTarget.value })}
              />
              <SelectField
                id={`component-${r.key}`}
                label={t('casework.plan.component')}
                error={fieldErrors[`component-${r.key}`]}
                value={r.component}
                onChange={(e) => {
                  const component = e.currentTarget.value as Row['component'];
                  setRow(r.key, { component, ...(component !== 'TERAPI' ? { subtype: '' } : {}) });
                }}
              >
                <option value="">{t('casework.plan.chooseComponent')}</option>
                {cwOptions('components', SERVICE_COMPONENTS, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              {r.component === 'TERAPI' ? (
                <SelectField
                  id={`subtype-${r.key}`}
                  label={t('casework.plan.subtype')}
                  value={r.subtype}
                  onChange={(e) => setRow(r.key, { subtype: e.currentTarget.value as Row['subtype'] })}
                >
                  <option value="">{t('casework.plan.chooseSubtype')}</option>
                  {cwOptions('therapy', THERAPY_SUBTYPES, t).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
              ) : null}
              <SelectField
                id={`responsible-${r.key}`}
                label={t('casework.plan.responsible')}
                value={r.responsibleUserId}
                onChange={(e) => setRow(r.key, { responsibleUserId: e.currentTarget.value })}
              >
                <option value="">{t('casework.plan.noneOption')}</option>
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name ?? s.username} ({roleLabel(s.role, t)})
                  </option>
                ))}
                {r.responsibleUserId && !staff.some((s) => s.id === r.responsibleUserId) ? (
                  <option value={r.responsibleUserId}>
                    {p?.items.find((i) => i.responsibleUserId === r.responsibleUserId)?.responsible ?? '…'}
                  </option>
                ) : null}
              </SelectField>
              <SelectField
                id={`partner-${r.key}`}
                label={t('casework.plan.partner')}
                value={r.partnerId}
                onChange={(e) => setRow(r.key, { partnerId: e.currentTarget.value })}
              >
                <option value="">{t('casework.plan.noneOption')}</option>
                {partners
                  .filter((x) => x.active || x.id === r.partnerId)
                  .map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
                {r.partnerId && !partners.some((x) => x.id === r.partnerId) ? (
                  <option value={r.partnerId}>
                    {p?.items.find((i) => i.partnerId === r.partnerId)?.partner ?? '…'}
                  </option>
                ) : null}
              </SelectField>
              <div className="outreach-pair">
                <TextField
                  id={`due-${r.key}`}
                  type="date"
                  label={t('casework.plan.dueDate')}
                  error={fieldErrors[`due-${r.key}`]}
                  value={r.dueDate}
                  onChange={(e) => setRow(r.key, { dueDate: e.currentTarget.value })}
                />
                <SelectField
                  id={`status-${r.key}`}
                  label={t('casework.plan.itemStatus')}
                  value={r.status}
                  onChange={(e) => setRow(r.key, { status: e.currentTarget.value as Row['status'] })}
                >
                  {cwOptions('planStatus', PLAN_ITEM_STATUSES, t).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
              </div>
              {form.rows.length > 1 ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => setForm((f) => (f ? { ...f, rows: f.rows.filter((x) => x.key !== r.key) } : f))}
                >
                  {t('casework.plan.removeItem', { n: n + 1 })}
                </button>
              ) : null}
            </fieldset>
          ))}
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              disabled={form.rows.length >= 50}
              onClick={() => setForm((f) => (f ? { ...f, rows: [...f.rows, newRow()] } : f))}
            >
              {t('casework.plan.addItem')}
            </button>
          </div>

          <fieldset className="subpanel">
            <legend>{t('casework.plan.conference')}</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                name="hasConference"
                checked={form.hasConference}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setForm((f) => (f ? { ...f, hasConference: on } : f));
                }}
              />
              <span>{t('casework.plan.hasConference')}</span>
            </label>
            {form.hasConference ? (
              <>
                <TextField
                  id="conferenceDate"
                  type="date"
                  label={t('casework.plan.conferenceDate')}
                  error={fieldErrors.conferenceDate}
                  value={form.conferenceDate}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setForm((f) => (f ? { ...f, conferenceDate: v } : f));
                  }}
                />
                <TextAreaField
                  id="attendees"
                  label={t('casework.plan.attendees')}
                  hint={t('casework.plan.attendeesHint')}
                  value={form.attendees}
                  rows={3}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setForm((f) => (f ? { ...f, attendees: v } : f));
                  }}
                />
                <TextAreaField
                  id="minutes"
                  label={t('casework.plan.minutes')}
                  value={form.minutes}
                  rows={4}
                  maxLength={10_000}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setForm((f) => (f ? { ...f, minutes: v } : f));
                  }}
                />
              </>
            ) : null}
          </fieldset>

          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('casework.plan.save')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => {
                setForm(null);
                setFailure(null);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** A plan's part as the conflict dialog shows it: its goals one per line, or the conference's day. */
function planValue(field: string, value: unknown, t: TFunction): string {
  if (field === 'items' && Array.isArray(value)) {
    return value
      .map((i: { goal?: unknown }, n) => `${t('casework.plan.goalN', { n: n + 1 })}: ${String(i.goal ?? '')}`)
      .join('; ');
  }
  if (field === 'conference' && value && typeof value === 'object' && 'date' in value) {
    return `${t('casework.plan.conference')}: ${formatDay(String(value.date))}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
