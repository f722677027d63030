// One follow-up (from the worklist, her page or an alert): who and when, the visit form when it is still
// open (phone first: big choices, few words), or what the visit recorded. A follow-up that could not happen
// is marked missed or unreachable (If-Match: a change made meanwhile is refused and reloaded). After a visit
// that noted needs, the need can become a referral or a plan goal on her page, with the form filled in.
import { useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useController, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import {
  BUSINESS_STATUSES,
  CONTACT_METHODS,
  EQUIPMENT_USES,
  INCOME_BAND_CODES,
  RETURN_RISKS,
  TRI_STATE,
} from '../../../shared/codes.ts';
import { visitBody } from '../../../shared/followup-api.ts';
import { withCode } from '../../../shared/messages.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { DateField, TextAreaInput } from '../../forms/fields.tsx';
import { type FieldMessages, SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { WORK_QUEUE } from '../../queue-count.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ChoiceChips } from '../../components/Chips.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { daysBetween, fuLabel, fuOptions, incomeBandLabel } from './labels.ts';
import { VisitSummary } from './VisitSummary.tsx';
import { carryNeed, openOnFollowUps, type NeedTarget } from './handoff.ts';

type FollowUpDetail = Reply<'GET /api/follow-ups/:id'>;
const WELLBEING = ['1', '2', '3', '4', '5'] as const;
const YES_NO = ['yes', 'no'] as const;

type Equipment = FollowUpDetail['equipment'][number];
/** The handover a visit on `date` speaks of: her latest on or before that day (the server's rule). */
function handoverFor(equipment: readonly Equipment[], date: string): Equipment | null {
  let pick: Equipment | null = null;
  for (const e of equipment) {
    if (e.handoverDate > date) continue;
    if (
      !pick ||
      e.handoverDate > pick.handoverDate ||
      (e.handoverDate === pick.handoverDate && e.allocationId > pick.allocationId)
    )
      pick = e;
  }
  return pick;
}

/**
 * The visit as the server takes it, with what the chips hold (wellbeing '1'–'5', safety 'yes'/'no'), dated today
 * or earlier, and the equipment's use required while her latest handover on or before that day has none yet.
 */
function visitForm(equipment: readonly Equipment[]) {
  return visitBody
    .extend({
      date: visitBody.shape.date.refine((d) => d <= todayInOffice(), withCode('future_date')),
      wellbeing: z.enum(WELLBEING),
      safetyConcern: z.enum(YES_NO),
    })
    .superRefine((v, ctx) => {
      const handover = handoverFor(equipment, v.date);
      if (handover && !handover.recorded && !v.equipmentUse)
        ctx.addIssue({ code: 'custom', path: ['equipmentUse'], message: 'equipmentUse' });
      if (handover && v.equipmentNote && !v.equipmentUse)
        ctx.addIssue({
          code: 'custom',
          path: ['equipmentNote'],
          message: 'A note on the equipment needs its use',
          ...withCode('equipment_note_without_use'),
        });
    });
}
type VisitValues = z.output<ReturnType<typeof visitForm>>;
const CHOICES = [
  'method',
  'businessStatus',
  'incomeBand',
  'kitInUse',
  'housingStable',
  'familySupport',
  'healthAccess',
  'documents',
  'wellbeing',
  'safetyConcern',
  'returnRisk',
] as const;

/** ChoiceChips bound to the visit form: big choices for a phone, with the field's message under them. */
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

/** The codes that say the follow-up was closed meanwhile (visited, marked, cancelled): show what it is now. */
const CLOSED_FOLLOW_UP = [
  'consent_withdrawn_follow_up',
  'follow_up_cancelled',
  'follow_up_done',
  'follow_up_missed',
  'follow_up_unreachable',
] as const;
const isClosedFollowUp = (err: unknown): err is ApiError & { code: (typeof CLOSED_FOLLOW_UP)[number] } =>
  err instanceof ApiError && (CLOSED_FOLLOW_UP as readonly string[]).includes(err.code);

/** The server's refusal in words: a cancelled follow-up (consent withdrawn), one already done or marked, a stale copy. */
function visitErrorText(err: unknown, t: TFunction): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'stale_version' || err.code === 'precondition_required') return t('followup.visit.stale');
  if (isClosedFollowUp(err)) return t(`followup.visit.conflict.${err.code}`);
  return undefined;
}

const isMissing = (err: unknown) =>
  err instanceof ApiError && (err.status === 404 || (err.status === 400 && err.code === 'validation_failed'));

/** What is sent: equipment use only when the date falls after a handover (the group is shown then). */
function toBody(values: VisitValues, equipment: readonly Equipment[]) {
  const handover = handoverFor(equipment, values.date);
  const { wellbeing, safetyConcern, equipmentUse, equipmentNote, ...rest } = values;
  return {
    ...rest,
    wellbeing: Number(wellbeing),
    safetyConcern: safetyConcern === 'yes',
    ...(handover && equipmentUse ? { equipmentUse } : {}),
    ...(handover && equipmentUse && equipmentNote ? { equipmentNote } : {}),
  };
}

/** The visit form (phone first: big choices, few words); long, so leaving it with answers in it asks first. */
function VisitFormView({
  record,
  pending,
  error,
  errorText,
  attempt,
  onSubmit,
  onError,
}: {
  record: FollowUpDetail;
  pending: boolean;
  error: unknown;
  errorText: string | undefined;
  attempt: number;
  onSubmit(body: ReturnType<typeof toBody>): Promise<void>;
  onError(err: unknown): void;
}) {
  const { t } = useTranslation();
  const [today] = useState(todayInOffice);
  const schema = useMemo(() => visitForm(record.equipment), [record.equipment]);
  // The screen's words per field (a date ahead and a note without the equipment's use are worded by their codes).
  const messages: FieldMessages = {
    ...Object.fromEntries(CHOICES.map((k) => [k, t('followup.visit.choose')])),
    equipmentUse: t('followup.visit.choose'),
    date: t('followup.visit.invalidDate'),
    needs: t('followup.visit.invalidNeeds'),
    notes: t('followup.visit.invalidNotes'),
    equipmentNote: t('followup.visit.invalidEquipmentNote'),
  };
  const form = useSchemaForm(schema, { defaultValues: { date: today }, messages });
  const date = useWatch({ control: form.control, name: 'date' });
  useDirtyGuard(form.formState.isDirty);
  const handover = handoverFor(record.equipment, date ?? '');

  async function submit(values: VisitValues) {
    // Equipment use refused (asked for, or not applicable): the kit puts the refusal beside the field it names.
    await onSubmit(toBody(values, record.equipment));
    form.reset({ date: todayInOffice() });
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={onError}
      pending={pending}
      className="form fu-form"
      aria-labelledby="fu-form-title"
    >
      <h2 id="fu-form-title">{t('followup.visit.formTitle')}</h2>
      <p className="hint">{t('followup.visit.formIntro')}</p>
      <ErrorAlert key={attempt} error={error} message={errorText} />
      <DateField name="date" id="visit-date" label={t('followup.visit.date')} required />
      <Chips
        name="method"
        id="visit-method"
        legend={t('followup.visit.method')}
        options={fuOptions('methods', CONTACT_METHODS, t)}
      />
      <Chips
        name="businessStatus"
        id="visit-business"
        legend={t('followup.visit.business')}
        options={fuOptions('business', BUSINESS_STATUSES, t)}
      />
      <Chips
        name="incomeBand"
        id="visit-income"
        legend={t('followup.visit.income')}
        options={INCOME_BAND_CODES.map((c) => ({ value: c, label: incomeBandLabel(c, t) }))}
      />
      {handover ? (
        <>
          <Chips
            name="equipmentUse"
            id="visit-equipment"
            legend={
              handover.recorded
                ? `${t('followup.visit.equipment')} ${t('common.optional')}`
                : t('followup.visit.equipment')
            }
            hint={t(handover.recorded ? 'followup.visit.equipmentLater' : 'followup.visit.equipmentRequired', {
              kit: handover.kit,
              date: formatDay(handover.handoverDate),
            })}
            options={fuOptions('equipment', EQUIPMENT_USES, t)}
          />
          <TextAreaInput
            name="equipmentNote"
            id="visit-equipment-note"
            label={`${t('followup.visit.equipmentNote')} ${t('common.optional')}`}
            rows={2}
            maxLength={1000}
          />
        </>
      ) : null}
      <Chips
        name="kitInUse"
        id="visit-kit"
        legend={t('followup.visit.kit')}
        options={fuOptions('tri', TRI_STATE, t)}
        big
      />
      <Chips
        name="housingStable"
        id="visit-housing"
        legend={t('followup.visit.housing')}
        options={fuOptions('tri', TRI_STATE, t)}
        big
      />
      <Chips
        name="familySupport"
        id="visit-family"
        legend={t('followup.visit.family')}
        options={fuOptions('tri', TRI_STATE, t)}
        big
      />
      <Chips
        name="healthAccess"
        id="visit-health"
        legend={t('followup.visit.health')}
        options={fuOptions('tri', TRI_STATE, t)}
        big
      />
      <Chips
        name="documents"
        id="visit-documents"
        legend={t('followup.visit.documents')}
        options={fuOptions('tri', TRI_STATE, t)}
        big
      />
      <Chips
        name="wellbeing"
        id="visit-wellbeing"
        legend={t('followup.visit.wellbeing')}
        hint={t('followup.visit.wellbeingHint')}
        options={fuOptions('wellbeing', WELLBEING, t)}
      />
      <Chips
        name="safetyConcern"
        id="visit-safety"
        legend={t('followup.visit.safety')}
        hint={t('followup.visit.safetyHint')}
        options={[
          { value: 'yes', label: t('common.yes') },
          { value: 'no', label: t('common.no') },
        ]}
        big
      />
      <Chips
        name="returnRisk"
        id="visit-risk"
        legend={t('followup.visit.risk')}
        hint={t('followup.visit.riskHint')}
        options={fuOptions('risks', RETURN_RISKS, t)}
      />
      <TextAreaInput
        name="needs"
        id="visit-needs"
        label={`${t('followup.visit.needs')} ${t('common.optional')}`}
        hint={t('followup.visit.needsHint')}
        rows={3}
        maxLength={1000}
      />
      <TextAreaInput
        name="notes"
        id="visit-notes"
        label={`${t('followup.visit.notes')} ${t('common.optional')}`}
        rows={3}
        maxLength={2000}
      />
      <div className="button-row">
        <SubmitButton className="button button-primary fu-save">{t('followup.visit.submit')}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

export function FollowUpPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [, navigate] = useLocation();
  const recordQ = useApi('GET /api/follow-ups/:id', { params: { id } });
  const record = recordQ.data ?? null;
  const loadError = recordQ.error;
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<{ text: string; lastDone?: boolean } | null>(null);
  usePageTitle(record ? t('followup.visit.title', { code: record.code }) : t('followup.visit.loading'));
  // After marking it missed or unreachable: were there others still due? Then the case closes or continues.
  const hers = useApi(
    'GET /api/participants/:id/follow-ups',
    { params: { id: record?.participantId ?? '' } },
    { enabled: !!record && notice !== null && notice.lastDone === undefined },
  );
  const lastDone = notice?.lastDone ?? (hers.data ? !hers.data.items.some((x) => x.status === 'DUE') : false);
  // Her record, her cohort's outcomes, the alerts a visit raises and the work queue show what a visit changes.
  const touched = () =>
    record
      ? [
          `/api/participants/${record.participantId}`,
          ...(record.cohortId ? [`/api/cohorts/${record.cohortId}`] : []),
          '/api/alerts',
          WORK_QUEUE,
        ]
      : [];
  const recordVisit = useApiMutation('POST /api/follow-ups/:id/visits', { invalidates: touched });
  const marking = useVersionedMutation('PATCH /api/follow-ups/:id', {
    labelOf: (f) => (f === 'status' ? t('followup.visit.status') : f),
    format: (f, v) => (f === 'status' ? fuLabel('statuses', String(v), t) : String(v)),
    invalidates: touched(),
  });

  async function mark(status: 'MISSED' | 'UNREACHABLE') {
    if (!record) return;
    setError(null);
    setNotice(null);
    setAttempt((a) => a + 1);
    try {
      const result = await marking.save({
        call: { params: { id: record.id }, body: { status } },
        base: record,
        record: { key: 'GET /api/follow-ups/:id', args: { params: { id: record.id } } },
      });
      if (result.outcome === 'saved')
        setNotice({ text: t('followup.visit.marked', { status: fuLabel('statuses', status, t) }) });
    } catch (err) {
      setError(err);
      // Closed meanwhile (visited, marked, cancelled): what it is now is read again.
      if (isClosedFollowUp(err)) void recordQ.refetch();
    }
  }

  function carry(target: NeedTarget, text: string) {
    if (!record) return;
    carryNeed(record.participantId, target, text);
    navigate(`/participants/${record.participantId}`);
  }

  if (loadError && isMissing(loadError)) return <NotFoundPage />;
  if (!record) {
    return (
      <section className="narrow">
        {loadError ? (
          <>
            <h1>{t('followup.visit.loading')}</h1>
            <ErrorAlert error={loadError} />
          </>
        ) : (
          <p role="status">{t('followup.visit.loading')}</p>
        )}
        {can('followup.worklist') ? (
          <p>
            <Link href="/follow-ups">{t('followup.visit.back')}</Link>
          </p>
        ) : null}
      </section>
    );
  }

  const f = record;
  const mayRecord = can('followup.record');
  const open = f.status === 'DUE';
  const withNeeds = [...f.visits].reverse().find((v) => v.needs);
  const mayReferral = can('referral.create');
  const mayPlan = can('caseplan.write');
  const errorText = visitErrorText(error, t);
  return (
    <section className="fu-visit-page">
      <p className="breadcrumb">
        {can('followup.worklist') ? <Link href="/follow-ups">{t('followup.visit.back')}</Link> : null}
        {can('followup.worklist') && can('participant.read') ? ' · ' : null}
        {can('participant.read') ? (
          <Link href={`/participants/${f.participantId}`}>{t('followup.visit.toParticipant', { code: f.code })}</Link>
        ) : null}
      </p>
      <header className="participant-header">
        <h1>{t('followup.visit.title', { code: f.code })}</h1>
        <dl className="summary">
          {f.preferredName ? (
            <div>
              <dt>{t('followup.visit.preferredName')}</dt>
              <dd>{f.preferredName}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('followup.visit.point')}</dt>
            <dd>{t('followup.pointLong', { months: f.pointMonths })}</dd>
          </div>
          <div>
            <dt>{t('followup.visit.due')}</dt>
            <dd>
              {formatDay(f.dueDate)}{' '}
              {f.overdue ? (
                <span className="badge badge-warn">
                  {t('followup.worklist.daysLate', { count: daysBetween(f.dueDate, todayInOffice()) })}
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t('followup.visit.status')}</dt>
            <dd>
              <span className="badge badge-stage" data-testid="fu-status">
                {fuLabel('statuses', f.status, t)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('followup.visit.assignee')}</dt>
            <dd>{f.assignee ?? t('followup.worklist.unassigned')}</dd>
          </div>
        </dl>
      </header>

      {notice ? (
        <StatusMessage tone="success">
          <p>{notice.text}</p>
          {lastDone ? (
            <>
              <p>{t('followup.visit.lastDone')}</p>
              {can('participant.read') ? (
                <p>
                  <Link href={`/participants/${f.participantId}`} onClick={() => openOnFollowUps(f.participantId)}>
                    {t('followup.visit.toFollowUps')}
                  </Link>
                </p>
              ) : null}
            </>
          ) : null}
        </StatusMessage>
      ) : null}
      {!open || !mayRecord ? <ErrorAlert key={attempt} error={error} message={errorText} /> : null}

      {f.status === 'CANCELLED' ? (
        <p className="alert alert-info">
          {t('followup.visit.cancelled', { reason: fuLabel('cancelReasons', f.cancelReason ?? 'other', t) })}
        </p>
      ) : null}
      {f.status === 'MISSED' || f.status === 'UNREACHABLE' ? (
        <p className="alert alert-info">
          {t('followup.visit.closedWithout', { status: fuLabel('statuses', f.status, t) })}
        </p>
      ) : null}
      {open && !mayRecord ? <p className="note">{t('followup.visit.readOnly')}</p> : null}

      {open && mayRecord ? (
        <>
          <VisitFormView
            record={f}
            pending={recordVisit.isPending || marking.isPending}
            errorText={errorText}
            error={error}
            attempt={attempt}
            onSubmit={async (body) => {
              setError(null);
              setNotice(null);
              setAttempt((a) => a + 1);
              const answer = await recordVisit.mutateAsync({ params: { id: f.id }, body });
              const alerted = body.safetyConcern || body.returnRisk === 'HIGH' || body.returnRisk === 'RETURNED';
              setNotice({
                text: `${t('followup.visit.saved')}${alerted ? ` ${t('followup.visit.alerted')}` : ''}`,
                lastDone: !answer.data.items.some((x) => x.status === 'DUE'),
              });
            }}
            onError={(err) => {
              setError(err);
              setAttempt((a) => a + 1);
              // Cancelled or recorded meanwhile, or the equipment she holds changed: what it is now is read again;
              // what was typed stays in the form.
              if (
                isClosedFollowUp(err) ||
                (err instanceof ApiError &&
                  (err.code === 'equipment_use_required' || err.code === 'equipment_use_not_applicable'))
              )
                void recordQ.refetch();
            }}
          />

          <section className="fu-mark" aria-labelledby="fu-mark-title">
            <h2 id="fu-mark-title">{t('followup.visit.markTitle')}</h2>
            <p className="hint">{t('followup.visit.markIntro')}</p>
            <div className="button-row">
              <ConfirmAction
                tone="secondary"
                label={t('followup.visit.markUnreachable')}
                question={t('followup.visit.markQuestion', { status: fuLabel('statuses', 'UNREACHABLE', t) })}
                confirmLabel={t('followup.visit.markConfirm')}
                busy={marking.isPending || recordVisit.isPending}
                onConfirm={() => mark('UNREACHABLE')}
              />
              <ConfirmAction
                tone="secondary"
                label={t('followup.visit.markMissed')}
                question={t('followup.visit.markQuestion', { status: fuLabel('statuses', 'MISSED', t) })}
                confirmLabel={t('followup.visit.markConfirm')}
                busy={marking.isPending || recordVisit.isPending}
                onConfirm={() => mark('MISSED')}
              />
            </div>
          </section>
        </>
      ) : null}

      {f.visits.length > 0 ? (
        <section aria-labelledby="fu-visits-title">
          <h2 id="fu-visits-title">{t('followup.visit.visits')}</h2>
          {f.visits.map((v) => (
            <VisitSummary key={v.id} v={v} />
          ))}
        </section>
      ) : null}

      {withNeeds?.needs && (mayReferral || mayPlan) ? (
        <section className="panel fu-needs" aria-labelledby="fu-needs-title">
          <h2 id="fu-needs-title">{t('followup.visit.needsTitle')}</h2>
          <p className="prewrap">{withNeeds.needs}</p>
          <p className="hint">{t('followup.visit.needsIntro')}</p>
          <div className="button-row">
            {mayReferral ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => carry('referrals', withNeeds.needs ?? '')}
              >
                {t('followup.visit.toReferral')}
              </button>
            ) : null}
            {mayPlan ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => carry('plan', withNeeds.needs ?? '')}
              >
                {t('followup.visit.toPlan')}
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
    </section>
  );
}
