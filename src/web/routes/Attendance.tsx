// Attendance of one session, made for a facilitator's phone: ten people in under a minute. Each row shows
// the participant's code and preferred name with four large choices (Hadir, Terlambat, Izin, Tidak hadir);
// "Semua hadir" marks everyone present so only the exceptions need a tap; "Kosongkan" takes a mark back (she
// is "not marked yet" again, not absent); a note is optional; one Save
// button stays at the bottom of the screen. Before the session day, after the seven-day lock (except for
// the head of section) and for a cancelled session, the screen says so and nothing can be changed. After the
// lock, whoever marks the session asks the head of section to correct a participant's mark, row by row, or
// several marks at once with one reason; the requests waiting on the session are listed at the top, each request
// as it was asked, where the head of section decides each in one action.
import { useEffect, useRef, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '../../shared/codes.ts';
import { ApiError, fileUrl, type Reply } from '../data/client.ts';
import { useApi, useApiMutation } from '../data/query.ts';
import { useSession, useUser } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { formatDay, todayInOffice } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { NotFoundPage } from './NotFound.tsx';
import { formatTimeRange, formatWeekdayDate, pLabel, programmeError } from './programme/shared.ts';
import { SessionReportPanel } from './programme/SessionReport.tsx';
import { CorrectionsPanel, RequestCorrection, SessionCorrectionForm } from './programme/AttendanceCorrections.tsx';

type AttendanceView = Reply<'GET /api/sessions/:id/attendance'>;
type AttendanceStatus = NonNullable<AttendanceView['items'][number]['status']>;
interface Mark {
  status: AttendanceStatus | null;
  note: string;
}
type Marks = Record<string, Mark>;

const NO_MARK: Mark = { status: null, note: '' };
const savedMark = (i: AttendanceView['items'][number]): Mark => ({ status: i.status, note: i.note ?? '' });
const sameMark = (a: Mark, b: Mark) => a.status === b.status && a.note.trim() === b.note.trim();

export function AttendancePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const search = useSearch();
  const cohortParam = new URLSearchParams(search).get('cohort');
  const params = { params: { id } };
  const attendance = useApi('GET /api/sessions/:id/attendance', params);
  // The session and its cohort, for the heading and the rules; the register works without them.
  const found = useApi('GET /api/sessions/:id', params).data ?? null;
  const view = attendance.data;
  const loadError = attendance.error;
  // Corrections are asked for only once the register is locked.
  const corrections =
    useApi('GET /api/sessions/:id/attendance-corrections', params, { enabled: !!view?.locked }).data?.items ?? [];
  /**
   * Her marks not saved yet, over the saved register. They stay hers while a save is in flight and while the
   * register is read again: only a mark the server now holds as she set it leaves this list.
   */
  const [edits, setEdits] = useState<Marks>({});
  const cohortId = found?.cohort.id ?? cohortParam;
  const mark = useApiMutation('PUT /api/sessions/:id/attendance', {
    // The cohort's attendance rates and graduation figures follow the register.
    invalidates: () => (cohortId ? [`/api/cohorts/${cohortId}`] : []),
  });
  const [error, setError] = useState<unknown>(null);
  /** A problem found before sending (nobody marked). */
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const busy = mark.isPending;
  const noticeRef = useRef<HTMLDivElement>(null);
  usePageTitle(
    found
      ? `${t('programme.attendance.title')} — ${formatWeekdayDate(found.session.date)}`
      : t('programme.attendance.title'),
  );
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
    if (message) setNotice(message);
  };
  const backHref = found
    ? `/cohorts/${found.cohort.id}?tab=schedule`
    : cohortParam
      ? `/cohorts/${cohortParam}?tab=schedule`
      : '/cohorts';

  const items = view?.items ?? [];
  const markOf = (pid: string): Mark => {
    const saved = items.find((i) => i.participantId === pid);
    return edits[pid] ?? (saved ? savedMark(saved) : NO_MARK);
  };
  const unsaved = items.some((i) => {
    const e = edits[i.participantId];
    return !!e && !sameMark(e, savedMark(i));
  });
  const edit = (pid: string, change: (m: Mark) => Mark) => {
    setEdits((e) => ({ ...e, [pid]: change(e[pid] ?? markOf(pid)) }));
    setNotice(null);
  };
  const setStatus = (pid: string, status: AttendanceStatus) => edit(pid, (m) => ({ ...m, status }));
  const setNote = (pid: string, note: string) => edit(pid, (m) => ({ ...m, note }));
  const clearMark = (pid: string) => edit(pid, () => NO_MARK);
  const allPresent = () => {
    setEdits((e) =>
      Object.fromEntries(
        items.map((i) => [i.participantId, { ...(e[i.participantId] ?? savedMark(i)), status: 'PRESENT' as const }]),
      ),
    );
    setNotice(null);
  };

  async function save() {
    if (!view || busy) return;
    setError(null);
    setProblem(null);
    setNotice(null);
    const body: { participantId: string; status: AttendanceStatus | null; note?: string }[] = [];
    for (const i of view.items) {
      const m = markOf(i.participantId);
      if (m.status)
        body.push({
          participantId: i.participantId,
          status: m.status,
          ...(m.note.trim() ? { note: m.note.trim().slice(0, 200) } : {}),
        });
      // A saved mark taken back: sent as cleared, so she is "not marked yet" again.
      else if (i.status) body.push({ participantId: i.participantId, status: null });
    }
    if (body.length === 0) {
      setProblem(t('programme.attendance.noneChosen'));
      return;
    }
    try {
      const { data: saved } = await mark.mutateAsync({ params: { id }, body });
      // What the server now holds as she set it is saved; a mark changed again meanwhile stays hers.
      const held = new Map(saved.items.map((i) => [i.participantId, savedMark(i)]));
      setEdits((e) =>
        Object.fromEntries(
          Object.entries(e).filter(([pid, m]) => {
            const now = held.get(pid);
            return !now || !sameMark(m, now);
          }),
        ),
      );
      setNotice(t('programme.attendance.saved', { count: body.length }));
    } catch (err) {
      setError(err);
    }
  }

  const counts = { present: 0, late: 0, excused: 0, absent: 0, open: 0 };
  for (const i of items) {
    const s = markOf(i.participantId).status;
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
      {/* A failed read; when it was a refresh, the register below is the last one read. */}
      <ErrorAlert error={loadError} />
      {attendance.isPending ? <p role="status">{t('programme.attendance.loading')}</p> : null}
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
          {view.locked ? <CorrectionsPanel sessionId={id} cohortId={cohortId} items={corrections} /> : null}
          {mayAskCorrection && view.items.length > 1 ? (
            <SessionCorrectionForm
              sessionId={id}
              cohortId={cohortId}
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
              const mark = markOf(p.participantId);
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
                      cohortId={cohortId}
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
              {unsaved ? (
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
            <SessionReportPanel session={session} editable={mayMark && !future && !cancelled && !lockedForMe} />
          ) : null}
          <p>
            <a href={fileUrl('GET /api/sessions/:id/attendance-sheet.pdf', { id })} download>
              {t('programme.attendance.sheet')}
            </a>
          </p>
        </>
      ) : null}
    </section>
  );
}
