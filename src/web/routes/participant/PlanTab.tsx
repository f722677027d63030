// The intervention plan (rencana intervensi): goals by ATENSI component, each with a responsible staff member
// and/or partner, a due date and a status; an optional case conference. Saving sends If-Match, so a change
// made meanwhile is reported rather than overwritten; every save makes it a draft that the head of section
// approves here. The plan prints as a PDF for the case file.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_ITEM_STATUSES, SERVICE_COMPONENTS, THERAPY_SUBTYPES } from '../../../shared/codes.ts';
import { ApiError, type Versioned } from '../../api.ts';
import {
  casework,
  type CasePlanInput,
  type CasePlanView,
  type PartnerView,
  type StaffMember,
} from '../../api-casework.ts';
import { useSession } from '../../session.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { cwLabel, cwOptions } from '../../casework-labels.ts';
import { roleLabel } from '../../labels.ts';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { dateOrderErrors, hasErrors, type FieldErrors } from '../../errors.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { mayOn, type TabProps } from './shared.ts';
import { dropNeed, peekNeed } from '../followup/handoff.ts';

type Of<T extends readonly string[]> = T[number];
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

export function PlanTab({ record, reload }: TabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const id = record.item.id;
  const mayWrite = mayOn(record, 'caseplan.write');
  const mayApprove = mayOn(record, 'caseplan.approve');
  const [plan, setPlan] = useState<Versioned<CasePlanView> | null | undefined>(undefined);
  const [form, setForm] = useState<PlanForm | null>(null);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [partners, setPartners] = useState<PartnerView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [approvedOn, setApprovedOn] = useState(todayInOffice);
  const formRef = useRef<HTMLFormElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  const load = useCallback(async () => {
    try {
      const fresh = await casework.casePlan.get(id);
      setPlan(fresh);
      return fresh;
    } catch (err) {
      setError(err);
      return undefined;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // A need noted at a follow-up visit opens the editor with it as a new goal (once).
  useEffect(() => {
    const need = plan === undefined || !mayWrite ? null : peekNeed(id, 'plan');
    if (!need) return;
    dropNeed(id, 'plan');
    const f = formOf(plan?.item ?? null);
    const row = { ...newRow(), goal: need.slice(0, 500) };
    setForm({ ...f, rows: plan ? [...f.rows, row] : [row] });
  }, [plan, mayWrite, id]);

  // Names for the selects, loaded when the editor opens (not on every keystroke).
  const editorOpen = form !== null;
  useEffect(() => {
    if (!editorOpen) return;
    let live = true;
    void (async () => {
      const [s, p] = await Promise.all([
        can('staff.list') ? casework.staff.list().catch(() => []) : Promise.resolve([]),
        can('partner.list') ? casework.partners.list().catch(() => []) : Promise.resolve([]),
      ]);
      if (live) {
        setStaff(s);
        setPartners(p);
      }
    })();
    return () => {
      live = false;
    };
  }, [editorOpen, can]);

  function edit() {
    setNotice(null);
    setError(null);
    setFieldErrors({});
    setForm(formOf(plan?.item ?? null));
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
    setError(null);
    setNotice(null);
    const local = localErrors(form);
    setFieldErrors(local);
    if (hasErrors(local)) return;
    setBusy(true);
    try {
      const saved = await casework.casePlan.put(id, plan?.etag ?? null, bodyOf(form));
      setPlan(saved);
      setForm(null);
      setNotice(t('casework.plan.saved'));
    } catch (err) {
      setError(err);
      // Changed meanwhile (or written by someone else first): show the latest, keep what was typed; the
      // next save carries the new ETag.
      if (err instanceof ApiError && (err.code === 'stale_version' || err.code === 'precondition_required'))
        await load();
    } finally {
      setBusy(false);
    }
  }

  async function approve() {
    if (!plan) return;
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      setFieldErrors({});
      setPlan(await casework.casePlan.approve(id, plan.etag, approvedOn));
      setNotice(t('casework.plan.approved'));
      // Her stage follows the approval (the programme's rule): the header shows where she is now.
      await reload();
    } catch (err) {
      setError(err);
      setFieldErrors(dateOrderErrors(err, t));
      if (err instanceof ApiError && err.code === 'stale_version') await load();
    } finally {
      setBusy(false);
    }
  }

  const staleText =
    error instanceof ApiError && (error.code === 'stale_version' || error.code === 'precondition_required')
      ? t('casework.plan.stale')
      : undefined;
  const p = plan?.item;

  return (
    <div className="tab-content">
      <h2>{t('casework.plan.title')}</h2>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      {!form ? <ErrorAlert error={error} message={staleText} /> : null}

      {plan === undefined ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
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
            <a className="button button-secondary" href={casework.casePlan.pdfUrl(id)} download>
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
                setError(null);
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
