// Corrections of a locked register. Whoever marks the session asks, per participant, for the right mark with a
// reason; the head of section of the region approves (the mark changes) or declines each one here, once — the
// work queue brings her to this screen. Her own requests are left for another head of section.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import { ApiError } from '../../api.ts';
import { programmeApi, type AttendanceStatus, type OpenCorrection } from '../../api-programme.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDateTime } from '../../format.ts';
import { useSession, useUser } from '../../session.tsx';
import { pLabel, programmeError } from './shared.ts';

/** The requests waiting on this session, with the head of section's two buttons on each (not on her own). */
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

  async function decide(c: OpenCorrection, approve: boolean) {
    setBusy(c.id);
    setNotice(null);
    setError(null);
    try {
      await programmeApi.corrections.decide(c.id, approve);
      setNotice(
        approve
          ? t('programme.corrections.approved', {
              code: c.code,
              status: pLabel('attendance', c.statusWanted, t),
            })
          : t('programme.corrections.declined', { code: c.code }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
      // Decided here or by someone else meanwhile: the list and the register are read again either way.
      await onDecided();
    }
  }

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
        {items.map((c) => (
          <li key={c.id}>
            <p>
              <strong>
                {t('programme.corrections.change', {
                  code: c.code,
                  name: c.preferredName,
                  from: pLabel('attendance', c.statusBefore, t),
                  to: pLabel('attendance', c.statusWanted, t),
                })}
              </strong>
              <br />
              {t('programme.corrections.requestedBy', {
                name: c.requestedBy.name ?? c.requestedBy.username,
                when: formatDateTime(c.requestedAt),
              })}
              <br />
              {c.reason === null
                ? t('programme.corrections.reasonGone')
                : t('programme.corrections.reason', { reason: c.reason })}
            </p>
            {mayDecide && c.requestedBy.id !== me.id ? (
              <div className="button-row">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy !== null}
                  onClick={() => void decide(c, true)}
                >
                  {t('programme.corrections.approve')}
                  <span className="visually-hidden"> {t('programme.corrections.of', { code: c.code })}</span>
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy !== null}
                  onClick={() => void decide(c, false)}
                >
                  {t('programme.corrections.decline')}
                  <span className="visually-hidden"> {t('programme.corrections.of', { code: c.code })}</span>
                </button>
              </div>
            ) : mayDecide ? (
              <p className="note">{t('programme.corrections.own')}</p>
            ) : null}
          </li>
        ))}
      </ul>
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
