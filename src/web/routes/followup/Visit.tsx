// One follow-up (from the worklist, her page or an alert): who and when, the visit form when it is still
// open (phone first: big choices, few words), or what the visit recorded. A follow-up that could not happen
// is marked missed or unreachable (If-Match: a change made meanwhile is refused and reloaded). After a visit
// that noted needs, the need can become a referral or a plan goal on her page, with the form filled in.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  BUSINESS_STATUSES,
  CONTACT_METHODS,
  EQUIPMENT_USES,
  INCOME_BAND_CODES,
  RETURN_RISKS,
  TRI_STATE,
} from '../../../shared/codes.ts';
import { multiLine } from '../../../shared/text.ts';
import { ApiError, type Versioned } from '../../api.ts';
import { followups, type FollowUpDetail, type VisitInput } from '../../api-followup.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { TextAreaField, TextField } from '../../components/Field.tsx';
import { ChoiceChips } from '../../components/Chips.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { formatDay, todayInOffice } from '../../format.ts';
import { dateOrderErrors, errorMessage, hasErrors, serverFieldErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { daysBetween, fuLabel, fuOptions, incomeBandLabel } from './labels.ts';
import { VisitSummary } from './VisitSummary.tsx';
import { carryNeed, openOnFollowUps, type NeedTarget } from './handoff.ts';

type Of<T extends readonly string[]> = T[number];
type Tri = Of<typeof TRI_STATE>;
const WELLBEING = ['1', '2', '3', '4', '5'] as const;
const YES_NO = ['yes', 'no'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const needsSchema = multiLine(1000);
const notesSchema = multiLine(2000);
const equipmentNoteSchema = multiLine(1000);

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

interface VisitForm {
  date: string;
  method: Of<typeof CONTACT_METHODS> | '';
  businessStatus: Of<typeof BUSINESS_STATUSES> | '';
  incomeBand: string;
  kitInUse: Tri | '';
  housingStable: Tri | '';
  familySupport: Tri | '';
  healthAccess: Tri | '';
  documents: Tri | '';
  wellbeing: Of<typeof WELLBEING> | '';
  safetyConcern: Of<typeof YES_NO> | '';
  returnRisk: Of<typeof RETURN_RISKS> | '';
  needs: string;
  notes: string;
  equipmentUse: Of<typeof EQUIPMENT_USES> | '';
  equipmentNote: string;
}
const emptyForm = (): VisitForm => ({
  date: todayInOffice(),
  method: '',
  businessStatus: '',
  incomeBand: '',
  kitInUse: '',
  housingStable: '',
  familySupport: '',
  healthAccess: '',
  documents: '',
  wellbeing: '',
  safetyConcern: '',
  returnRisk: '',
  needs: '',
  notes: '',
  equipmentUse: '',
  equipmentNote: '',
});
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

export function FollowUpPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [, navigate] = useLocation();
  const [record, setRecord] = useState<Versioned<FollowUpDetail> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<VisitForm>(emptyForm);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ text: string; lastDone: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  usePageTitle(record ? t('followup.visit.title', { code: record.item.code }) : t('followup.visit.loading'));

  const load = useCallback(async () => {
    try {
      setRecord(await followups.get(id));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [id]);
  useEffect(() => {
    setRecord(null);
    void load();
  }, [load]);

  const set =
    <K extends keyof VisitForm>(k: K) =>
    (v: VisitForm[K]) =>
      setForm((f) => ({ ...f, [k]: v }));

  function localErrors(f: VisitForm): FieldErrors {
    const out: FieldErrors = {};
    const handover = record ? handoverFor(record.item.equipment, f.date) : null;
    if (handover && !handover.recorded && !f.equipmentUse) out.equipmentUse = t('followup.visit.choose');
    if (handover && f.equipmentNote.trim()) {
      if (!f.equipmentUse) out.equipmentNote = t('followup.visit.equipmentNoteWithoutUse');
      else if (!equipmentNoteSchema.safeParse(f.equipmentNote.trim()).success)
        out.equipmentNote = t('followup.visit.invalidEquipmentNote');
    }
    if (!ISO_DATE.test(f.date) || f.date > todayInOffice()) out.date = t('followup.visit.invalidDate');
    for (const k of CHOICES) if (!f[k]) out[k] = t('followup.visit.choose');
    if (f.needs.trim() && !needsSchema.safeParse(f.needs.trim()).success) out.needs = t('followup.visit.invalidNeeds');
    if (f.notes.trim() && !notesSchema.safeParse(f.notes.trim()).success) out.notes = t('followup.visit.invalidNotes');
    return out;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!record) return;
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const local = localErrors(form);
    setFieldErrors(local);
    if (hasErrors(local)) return;
    // Equipment use goes with the visit only when the date falls after a handover (the group is shown then).
    const handover = handoverFor(record.item.equipment, form.date);
    const equipmentUse = handover && form.equipmentUse ? form.equipmentUse : undefined;
    const body: VisitInput = {
      date: form.date,
      method: form.method as Of<typeof CONTACT_METHODS>,
      businessStatus: form.businessStatus as Of<typeof BUSINESS_STATUSES>,
      incomeBand: form.incomeBand,
      kitInUse: form.kitInUse as Tri,
      housingStable: form.housingStable as Tri,
      familySupport: form.familySupport as Tri,
      healthAccess: form.healthAccess as Tri,
      documents: form.documents as Tri,
      wellbeing: Number(form.wellbeing),
      safetyConcern: form.safetyConcern === 'yes',
      returnRisk: form.returnRisk as Of<typeof RETURN_RISKS>,
      ...(form.needs.trim() ? { needs: form.needs.trim() } : {}),
      ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
      ...(equipmentUse ? { equipmentUse } : {}),
      ...(equipmentUse && form.equipmentNote.trim() ? { equipmentNote: form.equipmentNote.trim() } : {}),
    };
    setBusy(true);
    try {
      const all = await followups.recordVisit(record.item.id, body);
      const mine = all.find((f) => f.id === record.item.id);
      if (mine) {
        const equipment = record.item.equipment.map((e) =>
          equipmentUse && e.allocationId === handover?.allocationId ? { ...e, recorded: true } : e,
        );
        setRecord({ item: { ...mine, equipment }, etag: `"${mine.version}"` });
      } else await load();
      const alerted = body.safetyConcern || body.returnRisk === 'HIGH' || body.returnRisk === 'RETURNED';
      setNotice({
        text: `${t('followup.visit.saved')}${alerted ? ` ${t('followup.visit.alerted')}` : ''}`,
        lastDone: !all.some((f) => f.status === 'DUE'),
      });
      setForm(emptyForm());
      setFieldErrors({});
    } catch (err) {
      setError(err);
      const fields = { ...serverFieldErrors(err, t), ...dateOrderErrors(err, t) };
      // Equipment use refused (asked for, or not applicable): the field says why, and what she holds is reloaded.
      if (
        err instanceof ApiError &&
        (err.code === 'equipment_use_required' || err.code === 'equipment_use_not_applicable')
      )
        fields.equipmentUse = errorMessage(err, t);
      setFieldErrors(fields);
      // Cancelled or recorded meanwhile: show what it is now; what was typed stays in the form.
      if (isClosedFollowUp(err) || fields.equipmentUse) await load();
    } finally {
      setBusy(false);
    }
  }

  async function mark(status: 'MISSED' | 'UNREACHABLE') {
    if (!record) return;
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const marked = await followups.mark(record.item.id, record.etag, { status });
      setRecord({
        item: { ...marked.item, visits: record.item.visits, equipment: record.item.equipment },
        etag: marked.etag,
      });
      // Was it her last? Then the case closes or continues by choice.
      const all = await followups.forParticipant(record.item.participantId).catch(() => null);
      setNotice({
        text: t('followup.visit.marked', { status: fuLabel('statuses', status, t) }),
        lastDone: !!all && !all.some((x) => x.status === 'DUE'),
      });
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && (err.status === 412 || err.status === 428 || isClosedFollowUp(err))) await load();
    } finally {
      setBusy(false);
    }
  }

  function carry(target: NeedTarget, text: string) {
    if (!record) return;
    carryNeed(record.item.participantId, target, text);
    navigate(`/participants/${record.item.participantId}`);
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

  const f = record.item;
  const mayRecord = can('followup.record');
  const open = f.status === 'DUE';
  const withNeeds = [...f.visits].reverse().find((v) => v.needs);
  const mayReferral = can('referral.create');
  const mayPlan = can('caseplan.write');
  const errorText = visitErrorText(error, t);
  const handover = handoverFor(f.equipment, form.date);
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
          {notice.lastDone ? (
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
          <form ref={formRef} className="form fu-form" noValidate onSubmit={submit} aria-labelledby="fu-form-title">
            <h2 id="fu-form-title">{t('followup.visit.formTitle')}</h2>
            <p className="hint">{t('followup.visit.formIntro')}</p>
            <ErrorAlert key={attempt} error={error} message={errorText} />
            <TextField
              id="visit-date"
              type="date"
              label={t('followup.visit.date')}
              error={fieldErrors.date}
              value={form.date}
              max={todayInOffice()}
              onChange={(e) => set('date')(e.currentTarget.value)}
              required
            />
            <ChoiceChips
              id="visit-method"
              legend={t('followup.visit.method')}
              error={fieldErrors.method}
              options={fuOptions('methods', CONTACT_METHODS, t)}
              value={form.method}
              onChange={set('method')}
            />
            <ChoiceChips
              id="visit-business"
              legend={t('followup.visit.business')}
              error={fieldErrors.businessStatus}
              options={fuOptions('business', BUSINESS_STATUSES, t)}
              value={form.businessStatus}
              onChange={set('businessStatus')}
            />
            <ChoiceChips
              id="visit-income"
              legend={t('followup.visit.income')}
              error={fieldErrors.incomeBand}
              options={INCOME_BAND_CODES.map((c) => ({ value: c, label: incomeBandLabel(c, t) }))}
              value={form.incomeBand}
              onChange={set('incomeBand')}
            />
            {handover ? (
              <>
                <ChoiceChips
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
                  error={fieldErrors.equipmentUse}
                  options={fuOptions('equipment', EQUIPMENT_USES, t)}
                  value={form.equipmentUse}
                  onChange={set('equipmentUse')}
                />
                <TextAreaField
                  id="visit-equipment-note"
                  label={`${t('followup.visit.equipmentNote')} ${t('common.optional')}`}
                  error={fieldErrors.equipmentNote}
                  value={form.equipmentNote}
                  onChange={(e) => set('equipmentNote')(e.currentTarget.value)}
                  rows={2}
                  maxLength={1000}
                />
              </>
            ) : null}
            <ChoiceChips
              id="visit-kit"
              legend={t('followup.visit.kit')}
              error={fieldErrors.kitInUse}
              options={fuOptions('tri', TRI_STATE, t)}
              value={form.kitInUse}
              onChange={set('kitInUse')}
              big
            />
            <ChoiceChips
              id="visit-housing"
              legend={t('followup.visit.housing')}
              error={fieldErrors.housingStable}
              options={fuOptions('tri', TRI_STATE, t)}
              value={form.housingStable}
              onChange={set('housingStable')}
              big
            />
            <ChoiceChips
              id="visit-family"
              legend={t('followup.visit.family')}
              error={fieldErrors.familySupport}
              options={fuOptions('tri', TRI_STATE, t)}
              value={form.familySupport}
              onChange={set('familySupport')}
              big
            />
            <ChoiceChips
              id="visit-health"
              legend={t('followup.visit.health')}
              error={fieldErrors.healthAccess}
              options={fuOptions('tri', TRI_STATE, t)}
              value={form.healthAccess}
              onChange={set('healthAccess')}
              big
            />
            <ChoiceChips
              id="visit-documents"
              legend={t('followup.visit.documents')}
              error={fieldErrors.documents}
              options={fuOptions('tri', TRI_STATE, t)}
              value={form.documents}
              onChange={set('documents')}
              big
            />
            <ChoiceChips
              id="visit-wellbeing"
              legend={t('followup.visit.wellbeing')}
              hint={t('followup.visit.wellbeingHint')}
              error={fieldErrors.wellbeing}
              options={fuOptions('wellbeing', WELLBEING, t)}
              value={form.wellbeing}
              onChange={set('wellbeing')}
            />
            <ChoiceChips
              id="visit-safety"
              legend={t('followup.visit.safety')}
              hint={t('followup.visit.safetyHint')}
              error={fieldErrors.safetyConcern}
              options={[
                { value: 'yes', label: t('common.yes') },
                { value: 'no', label: t('common.no') },
              ]}
              value={form.safetyConcern}
              onChange={set('safetyConcern')}
              big
            />
            <ChoiceChips
              id="visit-risk"
              legend={t('followup.visit.risk')}
              hint={t('followup.visit.riskHint')}
              error={fieldErrors.returnRisk}
              options={fuOptions('risks', RETURN_RISKS, t)}
              value={form.returnRisk}
              onChange={set('returnRisk')}
            />
            <TextAreaField
              id="visit-needs"
              label={`${t('followup.visit.needs')} ${t('common.optional')}`}
              hint={t('followup.visit.needsHint')}
              error={fieldErrors.needs}
              value={form.needs}
              onChange={(e) => set('needs')(e.currentTarget.value)}
              rows={3}
              maxLength={1000}
            />
            <TextAreaField
              id="visit-notes"
              label={`${t('followup.visit.notes')} ${t('common.optional')}`}
              error={fieldErrors.notes}
              value={form.notes}
              onChange={(e) => set('notes')(e.currentTarget.value)}
              rows={3}
              maxLength={2000}
            />
            <div className="button-row">
              <button type="submit" className="button button-primary fu-save" disabled={busy}>
                {busy ? t('common.saving') : t('followup.visit.submit')}
              </button>
            </div>
          </form>

          <section className="fu-mark" aria-labelledby="fu-mark-title">
            <h2 id="fu-mark-title">{t('followup.visit.markTitle')}</h2>
            <p className="hint">{t('followup.visit.markIntro')}</p>
            <div className="button-row">
              <ConfirmAction
                tone="secondary"
                label={t('followup.visit.markUnreachable')}
                question={t('followup.visit.markQuestion', { status: fuLabel('statuses', 'UNREACHABLE', t) })}
                confirmLabel={t('followup.visit.markConfirm')}
                busy={busy}
                onConfirm={() => mark('UNREACHABLE')}
              />
              <ConfirmAction
                tone="secondary"
                label={t('followup.visit.markMissed')}
                question={t('followup.visit.markQuestion', { status: fuLabel('statuses', 'MISSED', t) })}
                confirmLabel={t('followup.visit.markConfirm')}
                busy={busy}
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
