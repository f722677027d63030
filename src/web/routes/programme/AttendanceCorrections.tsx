// Corrections of a locked register. Whoever marks the session asks, per participant or for several at once, for
// the right mark with a reason; the head of section of the region approves (the marks change) or declines each
// request here, once and as a whole — the work queue brings her to this screen. Her own requests are left for
// another head of section.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import { ApiError } from '../../api.ts';
import { programmeApi, type AttendanceStatus, type OpenCorrection } from '../../api-programme.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { formatDateTime } from '../../format.ts';
import { useSession, useUser } from '../../session.tsx';
import { pLabel, programmeError } from './shared.ts';

/** The requests waiting on this session, grouped as they were asked: one request is decided in one action. */
export function CorrectionsPanel({ items, onDecided }: { items: OpenCorrection[]; onDecided: () => Promise<void> }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const mayDecide = can('attendance.override_lock');
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
        await programmeApi.corrections.decide(first.id, approve);
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
        await programmeApi.corrections.decideBatch(first.batchId, approve);
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
      // Decided here or by someone else meanwhile: the list and the register are read again either way.
      await onDecided();
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

/**
 * A whole session's corrections in one request: for each participant whose correction is not already waiting, the
 * right mark or "unchanged", and one reason. The head of section decides the request in one action.
 */
export function SessionCorrectionForm({
  sessionId,
  participants,
  pending,
  onSent,
}: {
  sessionId: string;
  participants: { participantId: string; code: string; preferredName: string; status: AttendanceStatus | null }[];
  pending: ReadonlySet<string>;
  onSent: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState<Record<string, AttendanceStatus | ''>>({});
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ items?: string; reason?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const legendRef = useRef<HTMLLegendElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) legendRef.current?.focus();
  }, [open]);

  const askable = participants.filter((p) => !pending.has(p.participantId));
  if (askable.length === 0) return null;

  function close() {
    setOpen(false);
    setWanted({});
    setReason('');
    setProblems({});
    setError(null);
    window.setTimeout(() => openerRef.current?.focus(), 0);
  }

  async function send() {
    const items = askable.flatMap((p) => {
      const status = wanted[p.participantId];
      return status ? [{ participantId: p.participantId, status }] : [];
    });
    const found: typeof problems = {};
    if (items.length === 0) found.items = t('programme.corrections.batchNone');
    if (reason.trim().length < 5) found.reason = t('programme.corrections.reasonTooShort');
    setProblems(found);
    setError(null);
    if (found.items) {
      document.getElementById(`batch-${askable[0]!.participantId}`)?.focus();
      return;
    }
    if (found.reason) {
      document.getElementById('batch-reason')?.focus();
      return;
    }
    setBusy(true);
    try {
      await programmeApi.sessions.requestCorrections(sessionId, { items, reason: reason.trim() });
      setOpen(false);
      setWanted({});
      setReason('');
      await onSent(t('programme.corrections.batchSent', { count: items.length }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="session-correction-title" className="panel session-correction">
      <h2 id="session-correction-title">{t('programme.corrections.batchTitle')}</h2>
      <p>{t('programme.corrections.batchIntro')}</p>
      {!open ? (
        <button ref={openerRef} type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('programme.corrections.batchOpen')}
        </button>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <fieldset aria-describedby={`batch-hint${problems.items ? ' batch-error' : ''}`}>
            <legend ref={legendRef} tabIndex={-1}>
              {t('programme.corrections.batchLegend')}
            </legend>
            <p id="batch-hint" className="hint">
              {t('programme.corrections.batchHint')}
            </p>
            {problems.items ? (
              <p id="batch-error" className="field-error">
                {problems.items}
              </p>
            ) : null}
            {participants.map((p) =>
              pending.has(p.participantId) ? (
                <p key={p.participantId} className="note">
                  {t('programme.corrections.batchWaiting', { code: p.code, name: p.preferredName })}
                </p>
              ) : (
                <SelectField
                  key={p.participantId}
                  id={`batch-${p.participantId}`}
                  label={t('programme.corrections.batchRow', {
                    code: p.code,
                    name: p.preferredName,
                    status: p.status ? pLabel('attendance', p.status, t) : t('programme.corrections.notMarked'),
                  })}
                  value={wanted[p.participantId] ?? ''}
                  // The first choice, where the focus goes, names the problem.
                  aria-describedby={
                    problems.items && p.participantId === askable[0]!.participantId ? 'batch-error' : undefined
                  }
                  onChange={(e) => {
                    const v = e.currentTarget.value as AttendanceStatus | '';
                    setWanted((w) => ({ ...w, [p.participantId]: v }));
                  }}
                >
                  <option value="">{t('programme.corrections.unchanged')}</option>
                  {ATTENDANCE_STATUSES.filter((st) => st !== p.status).map((st) => (
                    <option key={st} value={st}>
                      {pLabel('attendance', st, t)}
                    </option>
                  ))}
                </SelectField>
              ),
            )}
          </fieldset>
          <TextField
            id="batch-reason"
            label={t('programme.corrections.reasonLabel')}
            hint={t('programme.corrections.reasonHint')}
            error={problems.reason}
            maxLength={300}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('programme.corrections.send')}
            </button>
            <button type="button" className="button button-secondary" onClick={close}>
              {t('programme.corrections.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * One participant's row on a locked register, for whoever marks the session: a button that opens a short form
 * (the right mark, a reason), or the word that a request already waits.
 */
export function RequestCorrection({
  sessionId,
  participant,
  pending,
  onSent,
}: {
  sessionId: string;
  participant: { participantId: string; code: string; status: AttendanceStatus | null };
  pending: boolean;
  onSent: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<AttendanceStatus | null>(null);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ status?: string; reason?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
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
          window.setTimeout(() => firstRef.current?.focus(), 0);
        }}
      >
        {t('programme.corrections.ask')}
        <span className="visually-hidden"> {participant.code}</span>
      </button>
    );

  const choices = ATTENDANCE_STATUSES.filter((s) => s !== participant.status);

  async function send() {
    const found: typeof problems = {};
    if (!status) found.status = t('programme.corrections.chooseStatus');
    if (reason.trim().length < 5) found.reason = t('programme.corrections.reasonTooShort');
    setProblems(found);
    setError(null);
    if (found.status) {
      firstRef.current?.focus();
      return;
    }
    if (found.reason) {
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await programmeApi.sessions.requestCorrection(sessionId, {
        participantId: pid,
        status: status!,
        reason: reason.trim(),
      });
      setOpen(false);
      await onSent(t('programme.corrections.sent', { code: participant.code }));
    } catch (err) {
      setError(err);
      // Someone asked for the same meanwhile: the register shows that it waits.
      if (err instanceof ApiError && err.code === 'correction_pending') await onSent('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="correction-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <fieldset
        aria-invalid={problems.status ? true : undefined}
        aria-describedby={problems.status ? `want-error-${pid}` : undefined}
      >
        <legend>{t('programme.corrections.askTitle', { code: participant.code })}</legend>
        <p>
          <strong>{t('programme.corrections.wanted')}</strong>
        </p>
        {problems.status ? (
          <p id={`want-error-${pid}`} className="field-error">
            {problems.status}
          </p>
        ) : null}
        <div className="att-options">
          {choices.map((st, i) => (
            <label key={st} className={`att-option att-${st.toLowerCase()}`}>
              <input
                ref={i === 0 ? firstRef : undefined}
                type="radio"
                name={`want-${pid}`}
                value={st}
                checked={status === st}
                onChange={() => setStatus(st)}
              />
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
        {problems.reason ? (
          <p id={`reason-error-${pid}`} className="field-error">
            {problems.reason}
          </p>
        ) : null}
        <input
          ref={reasonRef}
          id={`reason-${pid}`}
          type="text"
          maxLength={300}
          value={reason}
          aria-invalid={problems.reason ? true : undefined}
          aria-describedby={`reason-hint-${pid}${problems.reason ? ` reason-error-${pid}` : ''}`}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('programme.corrections.send')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setOpen(false);
              setProblems({});
              setError(null);
            }}
          >
            {t('programme.corrections.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
