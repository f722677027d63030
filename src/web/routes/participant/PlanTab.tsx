// The intervention plan (rencana intervensi): goals by ATENSI component, each with a responsible staff member
// and/or partner, a due date and a status; an optional case conference. Saving sends If-Match, so a change
// made meanwhile is reported rather than overwritten; every save makes it a draft that the head of section
// approves here. The plan prints as a PDF for the case file.
import { useEffect, useMemo, useRef, useState } from 'react';
import { type DefaultValues, useController, useFieldArray, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { PLAN_ITEM_STATUSES, SERVICE_COMPONENTS, THERAPY_SUBTYPES } from '../../../shared/codes.ts';
import { casePlanApproveBody, casePlanBody } from '../../../shared/casework-api.ts';
import { ApiError, type Body, fileUrl, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useSession } from '../../session.tsx';
import { TextAreaField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { type FieldMessages, SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { DateField, SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { cwLabel, cwOptions } from '../../casework-labels.ts';
import { roleLabel } from '../../labels.ts';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import { mayOn, type TabProps, useRefreshWhenStale } from './shared.ts';
import { dropNeed, peekNeed } from '../followup/handoff.ts';

type CasePlanView = NonNullable<Reply<'GET /api/participants/:id/case-plan'>>;
type CasePlanInput = Body<'PUT /api/participants/:id/case-plan'>;
const NO_ITEMS: never[] = [];
/** Most goals a plan takes (the body's own limit). */
const MAX_GOALS = 50;

const conferenceBody = casePlanBody.shape.conference.unwrap();
/** The attendees as typed: one a line, blank lines left out. */
const attendeeLines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The plan as the editor holds it: the body, with the conference's attendees typed one a line. A goal's therapy
 * kind is sent only with the therapy component (a kind chosen before the component changed is left out).
 */
const planForm = casePlanBody
  .extend({
    conference: conferenceBody
      .extend({ attendees: z.string().optional().transform(attendeeLines).pipe(conferenceBody.shape.attendees) })
      .optional(),
  })
  .transform((plan) => ({
    ...plan,
    items: plan.items.map(({ subtype, ...item }) =>
      item.component === 'TERAPI' && subtype ? { ...item, subtype } : item,
    ),
  }));
type PlanIn = z.input<typeof planForm>;
type PlanItemIn = PlanIn['items'][number];
type PlanOut = z.output<typeof planForm>;

/** The approval: its day, asked for (today unless the paper says otherwise). */
const approveForm = casePlanApproveBody.unwrap().unwrap().required();

// A new goal: nothing answered yet but its status (the fields left out are the ones still to fill in).
const newItem = () => ({ status: 'PLANNED' }) as PlanItemIn;
const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined => list.find((x) => x === v);

/** The editor's values for her plan as saved (one empty goal when she has none yet). */
function valuesOf(plan: CasePlanView | null): DefaultValues<PlanIn> {
  if (!plan) return { items: [newItem()] };
  return {
    items: plan.items.map((i) => ({
      goal: i.goal,
      component: oneOf(SERVICE_COMPONENTS, i.component),
      subtype: oneOf(THERAPY_SUBTYPES, i.subtype),
      responsibleUserId: i.responsibleUserId,
      partnerId: i.partnerId,
      dueDate: i.dueDate,
      status: oneOf(PLAN_ITEM_STATUSES, i.status) ?? 'PLANNED',
    })),
    ...(plan.conference
      ? {
          conference: {
            date: plan.conference.date,
            attendees: plan.conference.attendees.join('\n'),
            minutes: plan.conference.minutes,
          },
        }
      : {}),
  };
}

/** Each goal's fields worded as the plan's own words say them (by position; a plan has at most 50 goals). */
function planMessages(t: TFunction): FieldMessages {
  const out: FieldMessages = {
    items: t('casework.plan.invalid.items'),
    'conference.date': t('casework.plan.invalid.conferenceDate'),
  };
  for (let n = 0; n < MAX_GOALS; n++) {
    out[`items.${n}.goal`] = t('casework.plan.invalid.goal');
    out[`items.${n}.component`] = t('casework.plan.invalid.component');
    out[`items.${n}.dueDate`] = t('casework.plan.invalid.dueDate');
  }
  return out;
}

export function PlanTab({ record }: TabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const id = record.item.id;
  const mayWrite = mayOn(record, 'caseplan.write');
  const mayApprove = mayOn(record, 'caseplan.approve');
  // undefined while it is read; null when she has no plan yet.
  const planQuery = useApi('GET /api/participants/:id/case-plan', { params: { id } });
  const plan = planQuery.data;
  const [editing, setEditing] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  // A plan changed (or written first) by someone else meanwhile: her record's plan is read again.
  const refreshWhenStale = useRefreshWhenStale(id, ['precondition_required']);

  const messages = useMemo(() => planMessages(t), [t]);
  const form = useSchemaForm(planForm, { defaultValues: valuesOf(null), messages });
  const goals = useFieldArray({ control: form.control, name: 'items' });
  const rows = useWatch({ control: form.control, name: 'items' });
  const conference = useWatch({ control: form.control, name: 'conference' });
  // The conference as typed before its box was unticked: ticked again, it comes back.
  const stashedConference = useRef<PlanIn['conference']>(undefined);
  // A plan half written is not lost by following a link away.
  useDirtyGuard(editing && form.formState.isDirty);

  const today = todayInOffice();
  const approval = useSchemaForm(approveForm, { defaultValues: { approvedOn: today } });

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
  const approving = useApiMutation('POST /api/participants/:id/case-plan/approve', { onError: refreshWhenStale });
  const busy = saveChange.isPending || saveFirst.isPending || approving.isPending;

  /** Opens the editor on `values` (her plan as saved, or with a goal carried from a follow-up visit). */
  function open(values: DefaultValues<PlanIn>) {
    setNotice(null);
    setFailure(null);
    stashedConference.current = undefined;
    form.reset(values);
    setEditing(true);
  }

  // A need noted at a follow-up visit opens the editor with it as a new goal (once).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `open` only resets the form and opens the editor; the need is read when her plan is known
  useEffect(() => {
    const need = plan === undefined || !mayWrite ? null : peekNeed(id, 'plan');
    if (!need) return;
    dropNeed(id, 'plan');
    const goal = { ...newItem(), goal: need.slice(0, 500) };
    const saved = valuesOf(plan ?? null);
    open({ ...saved, items: plan ? [...(saved.items ?? []), goal] : [goal] });
  }, [plan, mayWrite, id]);

  // Names for the selects, read when the editor opens; without them the selects offer only what the plan names.
  const staffQuery = useApi('GET /api/staff', {}, { enabled: editing && can('staff.list') });
  const partnerQuery = useApi('GET /api/partners', {}, { enabled: editing && can('partner.list') });
  const staff = staffQuery.data?.items ?? NO_ITEMS;
  const partners = partnerQuery.data?.items ?? NO_ITEMS;

  useEffect(() => {
    if (editing) formHeading.current?.focus();
  }, [editing]);

  function toggleConference(on: boolean) {
    if (!on) stashedConference.current = form.getValues('conference');
    form.setValue('conference', on ? (stashedConference.current ?? { date: today }) : undefined, {
      shouldDirty: true,
    });
  }

  async function save(body: PlanOut) {
    setNotice(null);
    sent.current = body;
    if (plan) {
      const outcome = await saveChange.save({
        call: { params: { id }, body },
        base: plan,
        record: { key: 'GET /api/participants/:id/case-plan', args: { params: { id } } },
      });
      if (outcome.outcome === 'reloaded') {
        // She chose the latest version: the editor starts again from it.
        const fresh = await planQuery.refetch();
        form.reset(valuesOf(fresh.data ?? null));
        return;
      }
    } else {
      await saveFirst.mutateAsync({ params: { id }, body });
    }
    setEditing(false);
    form.reset(valuesOf(null));
    setNotice(t('casework.plan.saved'));
  }

  async function approve(body: z.output<typeof approveForm>) {
    if (!plan) return;
    setNotice(null);
    await approving.mutateAsync({ params: { id }, body, ifMatch: plan.version });
    setNotice(t('casework.plan.approved'));
  }

  const error = failure ?? planQuery.error;
  const staleText =
    error instanceof ApiError && (error.code === 'stale_version' || error.code === 'precondition_required')
      ? t('casework.plan.stale')
      : undefined;
  const p = plan ?? undefined;
  const itemsError = form.formState.errors.items;
  const itemsMessage = itemsError?.message ?? itemsError?.root?.message;

  const pdf = (
    <a className="button button-secondary" href={fileUrl('GET /api/participants/:id/case-plan.pdf', { id })} download>
      {t('casework.plan.pdf')}
    </a>
  );

  return (
    <div className="tab-content">
      <h2>{t('casework.plan.title')}</h2>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      {!editing ? <ErrorAlert error={error} message={staleText} /> : null}

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
          {mayApprove && p.status === 'DRAFT' && !editing ? (
            <SchemaForm form={approval} onSubmit={approve} onError={setFailure} pending={busy}>
              <DateField
                control={approval.control}
                name="approvedOn"
                id="approvedOn"
                label={t('casework.plan.approvedOn')}
                hint={t('casework.plan.approvedOnHint')}
                required
              />
              <div className="button-row">
                <SubmitButton>{t('casework.plan.approve')}</SubmitButton>
                {pdf}
              </div>
            </SchemaForm>
          ) : (
            <div className="button-row">{pdf}</div>
          )}
        </div>
      )}

      {mayWrite && !editing && plan !== undefined ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => open(valuesOf(plan))}>
            {p ? t('casework.plan.edit') : t('casework.plan.create')}
          </button>
        </div>
      ) : null}

      {editing ? (
        <SchemaForm form={form} onSubmit={save} onError={setFailure} pending={busy} className="form panel plan-form">
          <h3 ref={formHeading} tabIndex={-1}>
            {p ? t('casework.plan.edit') : t('casework.plan.create')}
          </h3>
          <p className="hint">{t('casework.plan.editHint')}</p>
          <ErrorAlert key={form.formState.submitCount} error={error} message={staleText} />
          {itemsMessage ? (
            <p className="field-error" role="alert">
              {itemsMessage}
            </p>
          ) : null}
          {goals.fields.map((goal, n) => {
            const row = rows?.[n];
            return (
              <fieldset key={goal.id} className="subpanel plan-row">
                <legend>{t('casework.plan.goalN', { n: n + 1 })}</legend>
                <TextAreaInput
                  control={form.control}
                  name={`items.${n}.goal`}
                  id={`goal-${n}`}
                  label={t('casework.plan.goal')}
                  rows={2}
                  maxLength={500}
                />
                <SelectInput
                  control={form.control}
                  name={`items.${n}.component`}
                  id={`component-${n}`}
                  label={t('casework.plan.component')}
                >
                  <option value="">{t('casework.plan.chooseComponent')}</option>
                  {cwOptions('components', SERVICE_COMPONENTS, t).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </SelectInput>
                {row?.component === 'TERAPI' ? (
                  <SelectInput
                    control={form.control}
                    name={`items.${n}.subtype`}
                    id={`subtype-${n}`}
                    label={t('casework.plan.subtype')}
                  >
                    <option value="">{t('casework.plan.chooseSubtype')}</option>
                    {cwOptions('therapy', THERAPY_SUBTYPES, t).map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </SelectInput>
                ) : null}
                <SelectInput
                  control={form.control}
                  name={`items.${n}.responsibleUserId`}
                  id={`responsible-${n}`}
                  label={t('casework.plan.responsible')}
                >
                  <option value="">{t('casework.plan.noneOption')}</option>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name ?? s.username} ({roleLabel(s.role, t)})
                    </option>
                  ))}
                  {row?.responsibleUserId && !staff.some((s) => s.id === row.responsibleUserId) ? (
                    <option value={row.responsibleUserId}>
                      {p?.items.find((i) => i.responsibleUserId === row.responsibleUserId)?.responsible ?? '…'}
                    </option>
                  ) : null}
                </SelectInput>
                <SelectInput
                  control={form.control}
                  name={`items.${n}.partnerId`}
                  id={`partner-${n}`}
                  label={t('casework.plan.partner')}
                >
                  <option value="">{t('casework.plan.noneOption')}</option>
                  {partners
                    .filter((x) => x.active || x.id === row?.partnerId)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  {row?.partnerId && !partners.some((x) => x.id === row.partnerId) ? (
                    <option value={row.partnerId}>
                      {p?.items.find((i) => i.partnerId === row.partnerId)?.partner ?? '…'}
                    </option>
                  ) : null}
                </SelectInput>
                <div className="outreach-pair">
                  <DateField
                    control={form.control}
                    name={`items.${n}.dueDate`}
                    id={`due-${n}`}
                    label={t('casework.plan.dueDate')}
                  />
                  <SelectInput
                    control={form.control}
                    name={`items.${n}.status`}
                    id={`status-${n}`}
                    label={t('casework.plan.itemStatus')}
                  >
                    {cwOptions('planStatus', PLAN_ITEM_STATUSES, t).map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </SelectInput>
                </div>
                {goals.fields.length > 1 ? (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => goals.remove(n)}
                  >
                    {t('casework.plan.removeItem', { n: n + 1 })}
                  </button>
                ) : null}
              </fieldset>
            );
          })}
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              disabled={goals.fields.length >= MAX_GOALS}
              onClick={() => goals.append(newItem(), { shouldFocus: false })}
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
                checked={conference !== undefined}
                onChange={(e) => toggleConference(e.currentTarget.checked)}
              />
              <span>{t('casework.plan.hasConference')}</span>
            </label>
            {conference !== undefined ? (
              <>
                <DateField
                  control={form.control}
                  name="conference.date"
                  id="conferenceDate"
                  label={t('casework.plan.conferenceDate')}
                />
                <AttendeesInput />
                <TextAreaInput
                  control={form.control}
                  name="conference.minutes"
                  id="minutes"
                  label={t('casework.plan.minutes')}
                  rows={4}
                  maxLength={10_000}
                />
              </>
            ) : null}
          </fieldset>

          <div className="button-row">
            <SubmitButton>{t('casework.plan.save')}</SubmitButton>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => {
                setEditing(false);
                setFailure(null);
                form.reset(valuesOf(null));
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </SchemaForm>
      ) : null}
    </div>
  );
}

/** The message of the first line with a problem, when the errors are per line (an array of them). */
function lineMessage(errors: unknown): string | undefined {
  if (!errors || typeof errors !== 'object') return undefined;
  for (const e of Object.values(errors)) {
    if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string') return e.message;
  }
  return undefined;
}

/**
 * The attendees, one a line. Drawn here rather than with the kit's TextAreaInput: a problem of one line (too
 * long) is the schema's at `conference.attendees.<line>`, and is shown on the whole field.
 */
function AttendeesInput() {
  const { t } = useTranslation();
  const { field, fieldState } = useController<PlanIn, 'conference.attendees'>({ name: 'conference.attendees' });
  const error = fieldState.error?.message ?? lineMessage(fieldState.error);
  return (
    <TextAreaField
      id="attendees"
      ref={field.ref}
      label={t('casework.plan.attendees')}
      hint={t('casework.plan.attendeesHint')}
      error={error}
      value={field.value ?? ''}
      rows={3}
      onChange={(e) => field.onChange(e.currentTarget.value || undefined)}
      onBlur={field.onBlur}
    />
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
