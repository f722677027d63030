// Attendance of one session, made for a facilitator's phone: ten people in under a minute. Each row shows
// the participant's code and preferred name with four large choices (Hadir, Terlambat, Izin, Tidak hadir);
// "Semua hadir" marks everyone present so only the exceptions need a tap; "Kosongkan" takes a mark back (she
// is "not marked yet" again, not absent); a note is optional; one Save
// button stays at the bottom of the screen. Before the session day, after the seven-day lock (except for
// the head of section) and for a cancelled session, the screen says so and nothing can be changed. After the
// lock, whoever marks the session asks the head of section to correct a participant's mark, row by row, or
// several marks at once with one reason; the requests waiting on the session are listed at the top, each request
// as it was asked, where the head of section decides each in one action.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '../../shared/codes.ts';
import { ApiError } from '../api.ts';
import {
  programmeApi,
  type AttendanceStatus,
  type AttendanceView,
  type Cohort,
  type OpenCorrection,
  type Session,
} from '../api-programme.ts';
import { useSession, useUser } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { formatDay, todayInOffice } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { NotFoundPage } from './NotFound.tsx';
import { formatTimeRange, formatWeekdayDate, pLabel, programmeError } from './programme/shared.ts';
import { SessionReportPanel } from './programme/SessionReport.tsx';
import { CorrectionsPanel, RequestCorrection, SessionCorrectionForm } from './programme/AttendanceCorrections.tsx';

interface Mark {
  status: AttendanceStatus | null;
  note: string;
}
type Marks = Record<string, Mark>;

const marksFrom = (v: AttendanceView): Marks =>
  Object.fromEntries(v.items.map((i) => [i.participantId, { status: i.status, note: i.note ?? '' }]));

export function AttendancePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const search = useSearch();
  const cohortParam = new URLSearchParams(search).get('cohort');
  const [view, setView] = useState<AttendanceView | null>(null);
  const [corrections, setCorrections] = useState<OpenCorrection[]>([]);
  const [found, setFound] = useState<{ session: Session; cohort: Cohort } | null>(null);
  const [marks, setMarks] = useState<Marks>({});
  const [dirty, setDirty] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  /** A problem found before sending (nobody marked). */
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  usePageTitle(
    found
      ? `${t('programme.attendance.title')} — ${formatWeekdayDate(found.session.date)}`
      : t('programme.attendance.title'),
  );

  const load = useCallback(async () => {
    try {
      const v = await programmeApi.sessions.attendance(id);
      setView(v);
      setMarks(marksFrom(v));
      setDirty(false);
      setLoadError(null);
      // Corrections are asked for only once the register is locked.
      setCorrections(v.locked ? await programmeApi.sessions.corrections(id) : []);
    } catch (err) {
      setLoadError(err);
    }
    try {
      setFound(await programmeApi.sessions.get(id));
    } catch {
      setFound(null);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (notice || error || problem) noticeRef.current?.focus();
  }, [notice, error, problem]);

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;

  const session = found?.session;
  const today = todayInOffice();
  const mayMark = can('attendance.mark') || (!!session && session.facilitatorId === me.id);
  const future = !!session && session.date > today;
  const cancelled = !!session?.cancelled;
  const lockedForMe = !!view?.locked && !can('attendance.mark');
  const editable = !!view && mayMark && !future && !cancelled && !lockedForMe && view.items.length > 0;
  // Whoever marks the session but may no longer change it asks the head of section: one participant, or several.
  const mayAskCorrection = !!view && mayMark && lockedForMe && !cancelled;
  const askedFor = new Set(corrections.map((c) => c.participantId));
  const afterCorrection = async (message: string) => {
    await load();
    if (message) setNotice(message);
  };
  const backHref = found
    ? `/cohorts/${found.cohort.id}?tab=schedule`
    : cohortParam
      ? `/cohorts/${cohortParam}?tab=schedule`
      : '/cohorts';

  const setStatus = (pid: string, status: AttendanceStatus) => {
    setMarks((m) => ({ ...m, [pid]: { note: m[pid]?.note ?? '', status } }));
    setDirty(true);
    setNotice(null);
  };
  const setNote = (pid: string, note: string) => {
    setMarks((m) => ({ ...m, [pid]: { status: m[pid]?.status ?? null, note } }));
    setDirty(true);
    setNotice(null);
  };
  const clearMark = (pid: string) => {
    setMarks((m) => ({ ...m, [pid]: { note: '', status: null } }));
    setDirty(true);
    setNotice(null);
  };
  const allPresent = () => {
    setMarks((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { ...v, status: 'PRESENT' as const }])));
    setDirty(true);
    setNotice(null);
  };

  async function save() {
    if (!view) return;
    setError(null);
    setProblem(null);
    setNotice(null);
    const body: { participantId: string; status: AttendanceStatus | null; note?: string }[] = [];
    for (const i of view.items) {
      const mark = marks[i.participantId];
      if (mark?.status)
        body.push({
          participantId: i.participantId,
          status: mark.status,
          ...(mark.note.trim() ? { note: mark.note.trim().slice(0, 200) } : {}),
        });
      // A saved mark taken back: sent as cleared, so she is "not marked yet" again.
      else if (i.status) body.push({ participantId: i.participantId, status: null });
    }
    if (body.length === 0) {
      setProblem(t('programme.attendance.noneChosen'));
      return;
    }
    setBusy(true);
    try {
      const saved = await programmeApi.sessions.markAttendance(id, body);
      setView(saved);
      setMarks(marksFrom(saved));
      setDirty(false);
      setNotice(t('programme.attendance.saved', { count: body.length }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const counts = { present: 0, late: 0, excused: 0, absent: 0, open: 0 };
  for (const i of view?.items ?? []) {
    const s = marks[i.participantId]?.status;
    if (s === 'PRESENT') counts.present += 1;
    else if (s === 'LATE') counts.late += 1;
    else if (s === 'EXCUSED') counts.excused += 1;
    else if (s === 'ABSENT') counts.absent += 1;
    else counts.open += 1;
  }

  return (
    <section className="attendance prog">
      <p className="breadcrumb">
        <Link href={backHref}>
          {found || cohortParam ? t('programme.attendance.back') : t('programme.attendance.backToCohorts')}
        </Link>
      </p>
      <h1>{t('programme.attendance.title')}</h1>
      {session ? (
        <div className="attendance-session">
          <p className="attendance-when">
            <strong>{formatWeekdayDate(session.date)}</strong>
            <br />
            {formatTimeRange(session.startTime, session.endTime)}
          </p>
          <p>
            {session.title ?? pLabel('sessionTypes', session.type, t)}
            {session.title ? ` · ${pLabel('sessionTypes', session.type, t)}` : ''} · {found!.cohort.name}
            {session.mandatory ? (
              <>
                {' '}
                <span className="badge badge-warn">{t('programme.common.mandatory')}</span>
              </>
            ) : null}
          </p>
          {session.partner ? (
            <p>
              {t('programme.attendance.partner')}: <strong>{session.partner}</strong>
              {session.partnerPerson ? ` · ${session.partnerPerson}` : ''}
            </p>
          ) : null}
        </div>
      ) : null}
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {!view && !loadError ? <p role="status">{t('programme.attendance.loading')}</p> : null}
      {view ? (
        <>
          {cancelled ? <p className="alert alert-info">{t('programme.attendance.cancelled')}</p> : null}
          {future && !cancelled ? (
            <p className="alert alert-info">{t('programme.attendance.future', { date: formatDay(session!.date) })}</p>
          ) : null}
          {view.locked && !cancelled ? (
            <p className="alert alert-info">
              {!lockedForMe
                ? t('programme.attendance.lockedManager')
                : mayAskCorrection
                  ? t('programme.attendance.lockedAsk')
                  : t('programme.attendance.locked')}
            </p>
          ) : null}
          {view.locked ? <CorrectionsPanel items={corrections} onDecided={load} /> : null}
          {mayAskCorrection && view.items.length > 1 ? (
            <SessionCorrectionForm
              sessionId={id}
              participants={view.items}
              pending={askedFor}
              onSent={afterCorrection}
            />
          ) : null}
          {!mayMark ? <p className="note">{t('programme.attendance.readOnly')}</p> : null}
          {view.items.length === 0 ? <p>{t('programme.attendance.empty')}</p> : null}
          {editable ? (
            <div className="button-row">
              <button type="button" className="button button-secondary att-all" onClick={allPresent}>
                {t('programme.attendance.allPresent')}
              </button>
            </div>
          ) : null}
          <ul className="attendance-list">
            {view.items.map((p) => {
              const mark = marks[p.participantId] ?? { status: null, note: '' };
              const legendId = `att-${p.participantId}`;
              return (
                <li
                  key={p.participantId}
                  className={`attendance-row${mark.status ? ` att-row-${mark.status.toLowerCase()}` : ''}`}
                >
                  <fieldset disabled={!editable} aria-labelledby={legendId}>
                    <legend id={legendId} className="att-who">
                      <span className="code-link">{p.code}</span> <span className="att-name">{p.preferredName}</span>
                    </legend>
                    <div className="att-options">
                      {ATTENDANCE_STATUSES.map((st) => (
                        <label key={st} className={`att-option att-${st.toLowerCase()}`}>
                          <input
                            type="radio"
                            name={`status-${p.participantId}`}
                            value={st}
                            checked={mark.status === st}
                            onChange={() => setStatus(p.participantId, st)}
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
                    {editable && mark.status ? (
                      <button
                        type="button"
                        className="button button-secondary button-small att-clear"
                        onClick={() => clearMark(p.participantId)}
                      >
                        {t('programme.attendance.clear')}
                        <span className="visually-hidden"> {p.code}</span>
                      </button>
                    ) : null}
                    {editable || mark.note ? (
                      <details className="att-note" open={!!mark.note || undefined}>
                        <summary>
                          {t('programme.attendance.note')}
                          <span className="visually-hidden"> {p.code}</span>
                        </summary>
                        <label htmlFor={`note-${p.participantId}`} className="visually-hidden">
                          {t('programme.attendance.noteOf', { code: p.code })}
                        </label>
                        <input
                          id={`note-${p.participantId}`}
                          type="text"
                          value={mark.note}
                          maxLength={200}
                          placeholder={t('programme.attendance.noteHint')}
                          onChange={(e) => setNote(p.participantId, e.currentTarget.value)}
                        />
                      </details>
                    ) : null}
                  </fieldset>
                  {mayAskCorrection ? (
                    <RequestCorrection
                      sessionId={id}
                      participant={p}
                      pending={askedFor.has(p.participantId)}
                      onSent={afterCorrection}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
          <div className={`attendance-bar${editable ? ' attendance-bar-sticky' : ''}`}>
            <div ref={noticeRef} tabIndex={-1} className="result-anchor">
              {notice ? (
                <StatusMessage tone="success">
                  <p>{notice}</p>
                </StatusMessage>
              ) : null}
              <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
              {problem ? (
                <div className="alert alert-error" role="alert">
                  <p>{problem}</p>
                </div>
              ) : null}
            </div>
            <p className="att-summary">
              {t('programme.attendance.summary', counts)}
              {dirty ? (
                <>
                  <br />
                  <strong>{t('programme.attendance.unsaved')}</strong>
                </>
              ) : null}
            </p>
            {editable ? (
              <button
                type="button"
                className="button button-primary att-save"
                onClick={() => void save()}
                disabled={busy}
              >
                {busy ? t('common.saving') : t('programme.attendance.save')}
              </button>
            ) : null}
          </div>
          {session ? (
            <SessionReportPanel
              session={session}
              editable={mayMark && !future && !cancelled && !lockedForMe}
              onSaved={(saved) => setFound((f) => (f ? { ...f, session: saved } : f))}
            />
          ) : null}
          <p>
            <a href={programmeApi.sessions.sheetUrl(id)} download>
              {t('programme.attendance.sheet')}
            </a>
          </p>
        </>
      ) : null}
    </section>
  );
}
