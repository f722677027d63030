// A session's register on the device: each enrolled person by code and preferred name with four choices, saved
// into the outbox with the register's version it was based on (If-Match), and sent when there is a signal. What
// she marked and has not been sent yet is shown over the cached register.
import { useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '../../../shared/codes.ts';
import { attendanceBody } from '../../../shared/programme-api.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { formatTimeRange, formatWeekdayDate, pLabel } from '../programme/shared.ts';
import { useField } from './FieldProvider.tsx';
import { NotInCache, WhenOpen } from './shared.tsx';

type Status = (typeof ATTENDANCE_STATUSES)[number];

export function FieldSessionPage({ id }: { id: string }) {
  return (
    <WhenOpen>
      <FieldSession id={id} />
    </WhenOpen>
  );
}

function FieldSession({ id }: { id: string }) {
  const { t } = useTranslation();
  const field = useField();
  const session = field.snapshot?.sessions.find((s) => s.id === id) ?? null;
  usePageTitle(session ? `${t('field.attendance.title')} — ${formatWeekdayDate(session.date)}` : t('field.title'));
  const [edits, setEdits] = useState<Record<string, Status | null>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!session) return <NotInCache />;

  // Her latest register of this session still in the outbox, over the cached one.
  const queued = new Map<string, Status | null>();
  for (const item of field.outbox) {
    if (item.kind !== 'attendance' || item.params?.id !== id) continue;
    const body = attendanceBody.safeParse(item.body);
    if (body.success) for (const m of body.data) queued.set(m.participantId, m.status);
  }
  const base = (pid: string, saved: Status | null) => (queued.has(pid) ? (queued.get(pid) ?? null) : saved);
  const markOf = (pid: string, saved: Status | null) => (pid in edits ? (edits[pid] ?? null) : base(pid, saved));
  // As online: a register opens on the session's day (the server refuses earlier marks as attendance_too_early).
  const future = session.date > todayInOffice();
  const editable = !session.locked && !future && session.people.length > 0;

  async function save() {
    if (!session || busy) return;
    setNotice(null);
    setProblem(null);
    setError(null);
    const body = session.people.flatMap((p): { participantId: string; status: Status | null }[] => {
      const now = markOf(p.participantId, p.status);
      if (now) return [{ participantId: p.participantId, status: now }];
      return p.status ? [{ participantId: p.participantId, status: null }] : [];
    });
    const checked = attendanceBody.safeParse(body);
    if (!checked.success) {
      setProblem(t('field.attendance.noneChosen'));
      return;
    }
    setBusy(true);
    try {
      await field.record({
        kind: 'attendance',
        route: 'PUT /api/sessions/:id/attendance',
        params: { id: session.id },
        body: checked.data,
        ifMatch: session.attendanceVersion,
        summary: t('field.attendance.summary', { date: formatWeekdayDate(session.date), cohort: session.cohortName }),
      });
      setEdits({});
      setNotice(t('field.recorded'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="attendance prog field-session">
      <p className="breadcrumb">
        <Link href="/field">{t('field.back')}</Link>
      </p>
      <h1>{t('field.attendance.title')}</h1>
      <p className="attendance-when">
        <strong>{formatWeekdayDate(session.date)}</strong> · {formatTimeRange(session.startTime, session.endTime)}
        <br />
        {session.title ?? pLabel('sessionTypes', session.type, t)} · {session.cohortName}
      </p>
      {session.locked ? <p className="alert alert-info">{t('field.attendance.lockedNote')}</p> : null}
      {future && !session.locked ? (
        <p className="alert alert-info">{t('programme.attendance.future', { date: formatDay(session.date) })}</p>
      ) : null}
      {editable ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary att-all"
            onClick={() => setEdits(Object.fromEntries(session.people.map((p) => [p.participantId, 'PRESENT'])))}
          >
            {t('field.attendance.allPresent')}
          </button>
        </div>
      ) : null}
      <ul className="attendance-list">
        {session.people.map((p) => {
          const mark = markOf(p.participantId, p.status);
          const legendId = `fatt-${p.participantId}`;
          return (
            <li key={p.participantId} className={`attendance-row${mark ? ` att-row-${mark.toLowerCase()}` : ''}`}>
              <fieldset disabled={!editable} aria-labelledby={legendId}>
                <legend id={legendId} className="att-who">
                  <span className="code-link">{p.code}</span> <span className="att-name">{p.preferredName}</span>
                </legend>
                <div className="att-options">
                  {ATTENDANCE_STATUSES.map((st) => (
                    <label key={st} className={`att-option att-${st.toLowerCase()}`}>
                      <input
                        type="radio"
                        name={`fstatus-${p.participantId}`}
                        value={st}
                        checked={mark === st}
                        onChange={() => {
                          setEdits((e) => ({ ...e, [p.participantId]: st }));
                          setNotice(null);
                        }}
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
              </fieldset>
            </li>
          );
        })}
      </ul>
      <div className={`attendance-bar${editable ? ' attendance-bar-sticky' : ''}`}>
        {notice ? (
          <StatusMessage tone="success">
            <p>{notice}</p>
          </StatusMessage>
        ) : null}
        <ErrorAlert error={error} />
        {problem ? (
          <div className="alert alert-error" role="alert">
            <p>{problem}</p>
          </div>
        ) : null}
        {editable ? (
          <button type="button" className="button button-primary att-save" onClick={() => void save()} disabled={busy}>
            {t('field.attendance.save')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
