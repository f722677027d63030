// Corrections of a locked register. Whoever marks the session asks, per participant or for several at once, for
// the right mark with a reason; the head of section of the region approves (the marks change) or declines each
// request here, once and as a whole — the work queue brings her to this screen. Her own requests are left for
// another head of section.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import { correctionBatchBody, correctionBody } from '../../../shared/programme-api.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { invalidateResources, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SelectInput, TextInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { formatDateTime } from '../../format.ts';
import { useSession, useUser } from '../../session.tsx';
import { pLabel, programmeError } from './shared.ts';

type OpenCorrection = Reply<'GET /api/sessions/:id/attendance-corrections'>['items'][number];
type AttendanceStatus = OpenCorrection['statusWanted'];

/** What a correction (asked or decided) changes besides itself: the session's register, the cohort's figures, the queue. */
const touched = (sessionId: string, cohortId?: string | null) => [
  `/api/sessions/${sessionId}`,
  '/api/work-queue',
  ...(cohortId ? [`/api/cohorts/${cohortId}`] : []),
];

/** The requests waiting on this session, grouped as they were asked: one request is decided in one action. */
export function CorrectionsPanel({
  sessionId,
  cohortId,
  items,
}: {
  sessionId: string;
  cohortId?: string | null;
  items: OpenCorrection[];
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const client = useQueryClient();
  const mayDecide = can('attendance.override_lock');
  // Decided here or by someone else meanwhile: the list and the register are read again either way.
  const options = {
    invalidates: () => touched(sessionId, cohortId),
    onError: () => void invalidateResources(client, touched(sessionId, cohortId)),
  };
  const decideOne = useApiMutation('POST /api/attendance-corrections/:id/decision', options);
  const decideBatch = useApiMutation('POST /api/attendance-correction-batches/:id/decision', options);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice || error) resultRef.current?.focus();
  }, [notice, error]);

  if (items.length === 0 && !notice && !error) return null;

  // Corrections asked together (one batch) stay together, in the order they came.
  const groups: OpenCorrection[][] = [];
  const byBatch = new Map<string, OpenCorrection[]>();
  for (const c of items) {
    const group = byBatch.get(c.batchId);
    if (group) group.push(c);
    else {
      const fresh = [c];
      byBatch.set(c.batchId, fresh);
      groups.push(fresh);
    }
  }

  async function decide(group: OpenCorrection[], approve: boolean) {
    const first = group[0]!;
    setBusy(first.batchId);
    setNotice(null);
    setError(null);
    try {
      if (group.length === 1) {
        await decideOne.mutateAsync({ params: { id: first.id }, body: { approve } });
        setNotice(
          approve
            ? t('programme.corrections.approved', {
                code: first.code,
                status: pLabel('attendance', first.statusWanted, t),
              })
            : t('programme.corrections.declined', { code: first.code }),
        );
      } else {
        // The whole request, all or none, in one decision.
        await decideBatch.mutateAsync({ params: { id: first.batchId }, body: { approve } });
        setNotice(
          t(approve ? 'programme.corrections.groupApproved' : 'programme.corrections.groupDeclined', {
            count: group.length,
          }),
        );
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const changeText = (c: OpenCorrection) =>
    t('programme.corrections.change', {
      code: c.code,
      name: c.preferredName,
      from: pLabel('attendance', c.statusBefore, t),
      to: pLabel('attendance', c.statusWanted, t),
    });

  return (
    <section aria-labelledby="corrections-title" className="panel corrections">
      <h2 id="corrections-title">
        {t('programme.corrections.title')} ({items.length})
      </h2>
      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {notice ? (
          <StatusMessage tone="success">
            <p>{notice}</p>
          </StatusMessage>
        ) : null}
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      </div>
      {items.length > 0 ? <p>{t('programme.corrections.intro', { count: items.length })}</p> : null}
      <ul className="plain-list correction-list">
        {groups.map((group) => {
          const first = group[0]!;
          const several = group.length > 1;
          const asker = first.requestedBy.name ?? first.requestedBy.username;
          const what = several
            ? t('programme.corrections.ofGroup', { count: group.length, name: asker })
            : t('programme.corrections.of', { code: first.code });
          return (
            <li key={first.batchId}>
              {several ? (
                <>
                  <p>
                    <strong>{t('programme.corrections.group', { count: group.length })}</strong>
                  </p>
                  <ul className="correction-group">
                    {group.map((c) => (
                      <li key={c.id}>{changeText(c)}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <p>
                {several ? null : (
                  <>
                    <strong>{changeText(first)}</strong>
                    <br />
                  </>
                )}
                {t('programme.corrections.requestedBy', { name: asker, when: formatDateTime(first.requestedAt) })}
                <br />
                {first.reason === null
                  ? t('programme.corrections.reasonGone')
                  : t('programme.corrections.reason', { reason: first.reason })}
              </p>
              {mayDecide && first.requestedBy.id !== me.id ? (
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy !== null}
                    onClick={() => void decide(group, true)}
                  >
                    {several ? t('programme.corrections.approveAll') : t('programme.corrections.approve')}
                    <span className="visually-hidden"> {what}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={busy !== null}
                    onClick={() => void decide(group, false)}
                  >
                    {several ? t('programme.corrections.declineAll') : t('programme.corrections.decline')}
                    <span className="visually-hidden"> {what}</span>
                  </button>
                </div>
              ) : mayDecide ? (
                <p className="note">{t('programme.corrections.own')}</p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The batch's body with each participant's wanted mark as a choice of its own ('' for unchanged). */
const batchForm = correctionBatchBody.omit({ items: true }).extend({
  // At least one mark chosen: checked on the choices themselves, so it is said along with the reason's problem.
  wanted: z
    .record(z.string(), z.enum(ATTENDANCE_STATUSES).or(z.literal('')).optional())
    .refine((w) => Object.values(w).some(Boolean)),
});
type BatchIn = z.input<typeof batchForm>;

/**
 * The message of an error on a group of fields: React Hook Form keeps it as the group's own, or under `root` when
 * a field of the group is named like a list's index (an id starting with a digit).
 */
function messageOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  if ('message' in error && typeof error.message === 'string') return error.message;
  return 'root' in error ? messageOf(error.root) : undefined;
}

/**
 * A whole session's corrections in one request: for each participant whose correction is not already waiting, the
 * right mark or "unchanged", and one reason. The head of section decides the request in one action.
 */
export function SessionCorrectionForm({
  sessionId,
  cohortId,
  participants,
  pending,
  onSent,
}: {
  sessionId: string;
  cohortId?: string | null;
  participants: { participantId: string; code: string; preferredName: string; status: AttendanceStatus | null }[];
  pending: ReadonlySet<string>;
  onSent: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const legendRef = useRef<HTMLLegendElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const form = useSchemaForm(batchForm, {
    // Every row starts "unchanged".
    defaultValues: { wanted: Object.fromEntries(participants.map((p) => [p.participantId, '' as const])), reason: '' },
    messages: {
      wanted: t('programme.corrections.batchNone'),
      reason: t('programme.corrections.reasonTooShort'),
    },
  });
  const send = useApiMutation('POST /api/sessions/:id/attendance-correction-batches', {
    invalidates: () => touched(sessionId, cohortId),
  });
  useEffect(() => {
    if (open) legendRef.current?.focus();
  }, [open]);

  const askable = participants.filter((p) => !pending.has(p.participantId));
  if (askable.length === 0) return null;

  function close() {
    setOpen(false);
    form.reset();
    setError(null);
    window.setTimeout(() => openerRef.current?.focus(), 0);
  }

  async function submit({ wanted, reason }: z.output<typeof batchForm>) {
    setError(null);
    const items = askable.flatMap((p) => {
      const status = wanted[p.participantId];
      return status ? [{ participantId: p.participantId, status }] : [];
    });
    await send.mutateAsync({ params: { id: sessionId }, body: { items, reason } });
    setOpen(false);
    form.reset();
    await onSent(t('programme.corrections.batchSent', { count: items.length }));
  }

  // The form's live state (reading formState.errors subscribes): the render that moves focus already shows it.
  void form.formState.errors;
  const noneChosen = messageOf(form.getFieldState('wanted').error);
  return (
    <section aria-labelledby="session-correction-title" className="panel session-correction">
      <h2 id="session-correction-title">{t('programme.corrections.batchTitle')}</h2>
      <p>{t('programme.corrections.batchIntro')}</p>
      {!open ? (
        <button ref={openerRef} type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('programme.corrections.batchOpen')}
        </button>
      ) : (
        <SchemaForm form={form} onSubmit={submit} onError={setError} pending={send.isPending}>
          <fieldset aria-describedby={`batch-hint${noneChosen ? ' batch-error' : ''}`}>
            <legend ref={legendRef} tabIndex={-1}>
              {t('programme.corrections.batchLegend')}
            </legend>
            <p id="batch-hint" className="hint">
              {t('programme.corrections.batchHint')}
            </p>
            {noneChosen ? (
              <p id="batch-error" className="field-error">
                {noneChosen}
              </p>
            ) : null}
            {participants.map((p) =>
              pending.has(p.participantId) ? (
                <p key={p.participantId} className="note">
                  {t('programme.corrections.batchWaiting', { code: p.code, name: p.preferredName })}
                </p>
              ) : (
                <SelectInput<BatchIn>
                  key={p.participantId}
                  name={`wanted.${p.participantId}`}
                  id={`batch-${p.participantId}`}
                  label={t('programme.corrections.batchRow', {
                    code: p.code,
                    name: p.preferredName,
                    status: p.status ? pLabel('attendance', p.status, t) : t('programme.corrections.notMarked'),
                  })}
                  emptyValue=""
                  // The first choice, where the focus goes, names the problem.
                  {...(noneChosen && p.participantId === askable[0]!.participantId
                    ? { 'aria-invalid': true, 'aria-describedby': 'batch-error' }
                    : {})}
                >
                  <option value="">{t('programme.corrections.unchanged')}</option>
                  {ATTENDANCE_STATUSES.filter((st) => st !== p.status).map((st) => (
                    <option key={st} value={st}>
                      {pLabel('attendance', st, t)}
                    </option>
                  ))}
                </SelectInput>
              ),
            )}
          </fieldset>
          <TextInput<BatchIn>
            name="reason"
            id="batch-reason"
            label={t('programme.corrections.reasonLabel')}
            hint={t('programme.corrections.reasonHint')}
            maxLength={300}
            emptyValue=""
          />
          <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
          <div className="button-row">
            <SubmitButton busyLabel={t('programme.corrections.send')}>{t('programme.corrections.send')}</SubmitButton>
            <button type="button" className="button button-secondary" onClick={close}>
              {t('programme.corrections.cancel')}
            </button>
          </div>
        </SchemaForm>
      )}
    </section>
  );
}

/** One participant's request: the right mark and a reason. */
const oneForm = correctionBody.omit({ participantId: true });

/**
 * One participant's row on a locked register, for whoever marks the session: a button that opens a short form
 * (the right mark, a reason), or the word that a request already waits.
 */
export function RequestCorrection({
  sessionId,
  cohortId,
  participant,
  pending,
  onSent,
}: {
  sessionId: string;
  cohortId?: string | null;
  participant: { participantId: string; code: string; status: AttendanceStatus | null };
  pending: boolean;
  onSent: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(oneForm, {
    defaultValues: { reason: '' },
    messages: {
      status: t('programme.corrections.chooseStatus'),
      reason: t('programme.corrections.reasonTooShort'),
    },
  });
  const send = useApiMutation('POST /api/sessions/:id/attendance-corrections', {
    invalidates: () => touched(sessionId, cohortId),
    // Someone asked for the same meanwhile: the register is read again and shows that it waits.
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'correction_pending')
        void invalidateResources(client, touched(sessionId, cohortId));
    },
  });
  const pid = participant.participantId;

  if (pending)
    return (
      <p className="note correction-pending">
        <span className="badge badge-warn">{t('programme.corrections.pending')}</span>
      </p>
    );

  if (!open)
    return (
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => {
          setOpen(true);
          // The form's first choice takes the focus once it is shown.
          window.setTimeout(() => document.querySelector<HTMLInputElement>(`#want-${pid} input`)?.focus(), 0);
        }}
      >
        {t('programme.corrections.ask')}
        <span className="visually-hidden"> {participant.code}</span>
      </button>
    );

  const choices = ATTENDANCE_STATUSES.filter((s) => s !== participant.status);
  // The form's live state (reading formState.errors subscribes): the render that moves focus already shows them.
  void form.formState.errors;
  const statusError = form.getFieldState('status').error?.message;
  const reasonError = form.getFieldState('reason').error?.message;

  async function submit(values: z.output<typeof oneForm>) {
    setError(null);
    await send.mutateAsync({ params: { id: sessionId }, body: { participantId: pid, ...values } });
    setOpen(false);
    await onSent(t('programme.corrections.sent', { code: participant.code }));
  }

  return (
    <SchemaForm form={form} onSubmit={submit} onError={setError} pending={send.isPending} className="correction-form">
      <fieldset
        id={`want-${pid}`}
        aria-invalid={statusError ? true : undefined}
        aria-describedby={statusError ? `want-error-${pid}` : undefined}
      >
        <legend>{t('programme.corrections.askTitle', { code: participant.code })}</legend>
        <p>
          <strong>{t('programme.corrections.wanted')}</strong>
        </p>
        {statusError ? (
          <p id={`want-error-${pid}`} className="field-error">
            {statusError}
          </p>
        ) : null}
        <div className="att-options">
          {choices.map((st) => (
            <label key={st} className={`att-option att-${st.toLowerCase()}`}>
              {/* Radios group by form: each row's request is a form of its own. */}
              <input type="radio" value={st} {...form.register('status')} />
              <span className="att-face">
                <span className="att-tick" aria-hidden="true">
                  ✓
                </span>
                {pLabel('attendance', st, t)}
              </span>
            </label>
          ))}
        </div>
        <label htmlFor={`reason-${pid}`}>{t('programme.corrections.reasonLabel')}</label>
        <p id={`reason-hint-${pid}`} className="hint">
          {t('programme.corrections.reasonHint')}
        </p>
        {reasonError ? (
          <p id={`reason-error-${pid}`} className="field-error">
            {reasonError}
          </p>
        ) : null}
        <input
          id={`reason-${pid}`}
          type="text"
          maxLength={300}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={`reason-hint-${pid}${reasonError ? ` reason-error-${pid}` : ''}`}
          {...form.register('reason')}
        />
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
        <div className="button-row">
          <SubmitButton busyLabel={t('programme.corrections.send')}>{t('programme.corrections.send')}</SubmitButton>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setOpen(false);
              form.clearErrors();
              setError(null);
            }}
          >
            {t('programme.corrections.cancel')}
          </button>
        </div>
      </fieldset>
    </SchemaForm>
  );
}
