// The participants of a cohort: code, preferred name, trade, status, waitlist position, attendance so far and
// the day each was enrolled (marked "dicatat terlambat" when entered long after it); enrolment of several at once,
// ticked from searches by code or name (all or none: the server's refusals in words, per person, with "put on the
// waitlist" when the cohort is full); leaving the cohort with a reason (stored encrypted, never listed).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, api, type ParticipantSearchItem } from '../../api.ts';
import {
  etagOf,
  programmeApi,
  type EnrolmentRefusal,
  type Enrollment,
  type EnrollmentManyInput,
} from '../../api-programme.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import type { CohortTabProps } from './cohort-tab.ts';
import { formatPercent, pLabel, programmeError } from './shared.ts';

const ACTIVE = ['PLANNED', 'RECRUITING', 'RUNNING'];
type LeaveStatus = 'DROPPED_OUT' | 'WITHDRAWN';

function LeaveForm({
  enrollment,
  onDone,
  onCancel,
}: {
  enrollment: Enrollment;
  onDone(e: Enrollment): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<LeaveStatus | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ status?: string; reason?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const next = {
      ...(status ? {} : { status: t('programme.common.required') }),
      ...(reason.trim() && reason.trim().length <= 500
        ? {}
        : { reason: t('programme.cohort.participants.leaveReasonError') }),
    };
    setErrors(next);
    if (next.status || next.reason) return;
    setBusy(true);
    try {
      onDone(
        await programmeApi.enrollments.leave(enrollment.id, etagOf(enrollment), {
          status: status as LeaveStatus,
          reason: reason.trim(),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="step prog-form" onSubmit={submit} noValidate aria-labelledby="leave-title">
      <h3 id="leave-title" ref={headingRef} tabIndex={-1}>
        {t('programme.cohort.participants.leaveTitle', { code: enrollment.code })}
      </h3>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <RadioGroup<LeaveStatus>
        id="leave-status"
        legend={t('programme.cohort.participants.leaveStatus')}
        error={errors.status}
        options={(['DROPPED_OUT', 'WITHDRAWN'] as const).map((s) => ({
          value: s,
          label: pLabel('enrollmentStatuses', s, t),
        }))}
        value={status}
        onChange={setStatus}
      />
      <TextAreaField
        id="leave-reason"
        label={t('programme.cohort.participants.leaveReason')}
        hint={t('programme.cohort.participants.leaveReasonHint')}
        error={errors.reason}
        value={reason}
        rows={3}
        maxLength={500}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={busy}>
          {busy ? t('common.saving') : t('programme.cohort.participants.leaveSubmit')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          {t('programme.common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The people a bulk enrolment refused, each with the reason in words (the server's code). */
function refusalsOf(err: unknown): EnrolmentRefusal[] {
  if (!(err instanceof ApiError) || err.code !== 'enrolment_refused') return [];
  const refused = (err.details as { refused?: unknown } | undefined)?.refused;
  return Array.isArray(refused) ? (refused as EnrolmentRefusal[]) : [];
}

/**
 * Enrolment of several people at once: candidates are found by code or name and ticked (from several searches
 * if need be), then enrolled in one request, all or none. When anyone is refused nobody is enrolled; the screen
 * says who and why, and keeps the choice so the refused can be taken out (or, when the cohort is full, the rest
 * put on the waitlist).
 */
function EnrolForm({
  cohortId,
  tracks,
  enrolled,
  onEnrolled,
}: {
  cohortId: string;
  tracks: string[];
  enrolled: Enrollment[];
  onEnrolled(items: Enrollment[]): void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<ParticipantSearchItem[] | null>(null);
  const [track, setTrack] = useState(tracks[0] ?? '');
  // The day they were enrolled, as it happened (a paper backlog is entered later); checked against each one's
  // registration and latest assessment by the server.
  const [enrolledOn, setEnrolledOn] = useState(() => todayInOffice());
  const [dateError, setDateError] = useState<string | undefined>(undefined);
  const [searchError, setSearchError] = useState<unknown>(null);
  /** Who is ticked, in the order ticked (places go in that order). */
  const [chosen, setChosen] = useState<ParticipantSearchItem[]>([]);
  const [refusal, setRefusal] = useState<{ error: unknown; people: EnrolmentRefusal[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const refusalRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refusal) refusalRef.current?.focus();
  }, [refusal]);

  async function search(e: FormEvent) {
    e.preventDefault();
    setSearchError(null);
    try {
      const r = await api.participants.search({ ...(q.trim() ? { q: q.trim() } : {}), pageSize: 10 });
      setResults(r.items);
    } catch (err) {
      setSearchError(err);
    }
  }

  const choose = (p: ParticipantSearchItem, on: boolean) =>
    setChosen((c) => (on ? [...c.filter((x) => x.id !== p.id), p] : c.filter((x) => x.id !== p.id)));

  async function enrol(waitlist = false) {
    if (chosen.length === 0) return;
    setRefusal(null);
    const dateProblem = !enrolledOn
      ? t('programme.cohort.participants.enrolledOnMissing')
      : enrolledOn > todayInOffice()
        ? t('dates.problems.future_date')
        : undefined;
    setDateError(dateProblem);
    if (dateProblem) {
      document.getElementById('enrol-on')?.focus();
      return;
    }
    setBusy(true);
    try {
      const items = await programmeApi.cohorts.enrolMany(cohortId, {
        participantIds: chosen.map((p) => p.id),
        waitlist,
        ...(track ? { track: track as EnrollmentManyInput['track'] } : {}),
        enrolledOn,
      });
      setChosen([]);
      onEnrolled(items);
    } catch (err) {
      const people = refusalsOf(err);
      setRefusal({ error: err, people });
      // A date before someone's registration or assessment: said beside the date too (who, in the list).
      if (people.some((r) => r.code === 'date_out_of_order'))
        setDateError(t('programme.cohort.participants.enrolledOnOutOfOrder'));
    } finally {
      setBusy(false);
    }
  }

  const inCohort = (id: string) =>
    enrolled.find((e) => e.participantId === id && ['ENROLLED', 'WAITLISTED'].includes(e.status));
  const codeOf = (id: string) => chosen.find((p) => p.id === id)?.code ?? id;
  // Those refused who are still chosen (taking one out of the choice takes her out of the list).
  const stillRefused = refusal?.people.filter((r) => chosen.some((p) => p.id === r.participantId)) ?? [];
  const onlyFull = stillRefused.length > 0 && stillRefused.every((r) => r.code === 'cohort_full');
  const showRefusal = refusal !== null && (refusal.people.length === 0 || stillRefused.length > 0);
  const count = chosen.length;
  return (
    <section className="step" aria-labelledby="enrol-title">
      <h3 id="enrol-title">{t('programme.cohort.participants.enrolTitle')}</h3>
      <p className="note">{t('programme.cohort.participants.enrolIntro')}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: <form role="search"> is the ARIA search-landmark pattern; a <search> element would have to wrap the form, adding a box around the element the .filters/.search-row CSS lays out */}
      <form
        className="search-row"
        role="search"
        aria-label={t('programme.cohort.participants.enrolTitle')}
        onSubmit={search}
      >
        <TextField
          id="enrol-q"
          type="search"
          label={t('programme.cohort.participants.search')}
          value={q}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={100}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <div className="button-row">
          <button type="submit" className="button button-secondary">
            {t('programme.cohort.participants.searchSubmit')}
          </button>
        </div>
      </form>
      {tracks.length > 1 ? (
        <SelectField
          id="enrol-track"
          label={t('programme.cohort.participants.track')}
          value={track}
          onChange={(e) => setTrack(e.currentTarget.value)}
        >
          {tracks.map((x) => (
            <option key={x} value={x}>
              {pLabel('tracks', x, t)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextField
        id="enrol-on"
        type="date"
        label={t('programme.cohort.participants.enrolledOn')}
        hint={t('programme.cohort.participants.enrolledOnHint')}
        error={dateError}
        value={enrolledOn}
        max={todayInOffice()}
        required
        onChange={(e) => {
          setEnrolledOn(e.currentTarget.value);
          setDateError(undefined);
        }}
      />
      <ErrorAlert error={searchError} />
      {results ? (
        results.length === 0 ? (
          <p role="status">{t('programme.cohort.participants.searchEmpty')}</p>
        ) : (
          <ul className="record-list enrol-results" aria-label={t('programme.cohort.participants.results')}>
            {results.map((p) => {
              const already = inCohort(p.id);
              return (
                <li key={p.id} className="record enrol-result">
                  {already ? (
                    <>
                      <p>
                        <span className="code-link">{p.code}</span> · {p.preferredName}
                        <br />
                        <span className="note">{codeLabel('stages', p.stage, t)}</span>
                      </p>
                      <span className="badge badge-ok">{pLabel('enrollmentStatuses', already.status, t)}</span>
                    </>
                  ) : (
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={chosen.some((x) => x.id === p.id)}
                        disabled={busy}
                        onChange={(e) => choose(p, e.currentTarget.checked)}
                      />
                      <span>
                        <span className="code-link">{p.code}</span> · {p.preferredName}
                        <br />
                        <span className="note">{codeLabel('stages', p.stage, t)}</span>
                      </span>
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
        )
      ) : null}
      {refusal && showRefusal ? (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={refusalRef}>
          {refusal.people.length > 0 ? (
            <>
              <p>
                <strong>{t('programme.cohort.participants.refusedTitle', { count: stillRefused.length })}</strong>
              </p>
              <ul className="plain-list">
                {stillRefused.map((r) => {
                  const code = codeOf(r.participantId);
                  return (
                    <li key={r.participantId}>
                      <p>
                        <strong>{code}</strong>: {programmeError(new ApiError(409, r.code, r.message), t)}
                      </p>
                      <div className="button-row">
                        {can('participant.read') && !['already_enrolled', 'cohort_full'].includes(r.code) ? (
                          <Link href={`/participants/${r.participantId}`}>
                            {t('programme.cohort.participants.openParticipant', { code })}
                          </Link>
                        ) : null}
                        {r.code !== 'cohort_full' ? (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            disabled={busy}
                            onClick={() => setChosen((c) => c.filter((x) => x.id !== r.participantId))}
                          >
                            {t('programme.cohort.participants.removeChosen', { code })}
                          </button>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ul>
              <p>{t('programme.cohort.participants.refusedKept')}</p>
              {onlyFull ? (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  onClick={() => void enrol(true)}
                >
                  {count === 1
                    ? t('programme.cohort.participants.putOnWaitlist', { code: chosen[0]!.code })
                    : t('programme.cohort.participants.putOnWaitlistMany', { count })}
                </button>
              ) : null}
            </>
          ) : (
            <p>{programmeError(refusal.error, t)}</p>
          )}
        </div>
      ) : null}
      <p aria-live="polite" className="count">
        {count === 0
          ? t('programme.cohort.participants.chosenNone')
          : t('programme.cohort.participants.chosen', { count, codes: chosen.map((p) => p.code).join(', ') })}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={busy || count === 0}
          onClick={() => void enrol()}
        >
          {busy ? t('common.saving') : t('programme.cohort.participants.enrolChosen', { count })}
        </button>
        {count > 0 ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              setChosen([]);
              setRefusal(null);
            }}
          >
            {t('programme.cohort.participants.clearChosen')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** "P-01 terdaftar …" for one; for several, who is enrolled and who went on the waitlist. */
function enrolledNotice(list: Enrollment[], t: TFunction): string {
  if (list.length === 1) {
    const e = list[0]!;
    return e.status === 'WAITLISTED'
      ? t('programme.cohort.participants.waitlisted', { code: e.code, n: e.waitlistPosition ?? 1 })
      : t('programme.cohort.participants.enrolled', { code: e.code });
  }
  const inRoom = list.filter((e) => e.status !== 'WAITLISTED').map((e) => e.code);
  const waiting = list.filter((e) => e.status === 'WAITLISTED').map((e) => e.code);
  return [
    inRoom.length
      ? t('programme.cohort.participants.enrolledMany', { count: inRoom.length, codes: inRoom.join(', ') })
      : '',
    waiting.length ? t('programme.cohort.participants.waitlistedMany', { codes: waiting.join(', ') }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function ParticipantsTab({ cohort, reload }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [items, setItems] = useState<Enrollment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [leaving, setLeaving] = useState<Enrollment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can('enrollment.manage');

  const load = useCallback(async () => {
    try {
      setItems(await programmeApi.cohorts.enrollments(cohort.id));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [cohort.id]);
  useEffect(() => {
    void load();
  }, [load]);

  const changed = async (message: string) => {
    setNotice(message);
    await Promise.all([load(), reload()]);
  };

  return (
    <div className="tab-content">
      <h2>{t('programme.cohort.participants.title')}</h2>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error} />
      {items === null && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items && items.length === 0 ? (
        <p>{t('programme.cohort.participants.empty')}</p>
      ) : items ? (
        <table className="data-table prog-table enrol-table">
          <caption className="visually-hidden">{t('programme.cohort.participants.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('programme.cohort.participants.colCode')}</th>
              <th scope="col">{t('programme.cohort.participants.colName')}</th>
              <th scope="col">{t('programme.cohort.participants.colTrack')}</th>
              <th scope="col">{t('programme.cohort.participants.colStatus')}</th>
              <th scope="col">{t('programme.cohort.participants.colWaitlist')}</th>
              <th scope="col">{t('programme.cohort.participants.colRate')}</th>
              <th scope="col">{t('programme.cohort.participants.colEnrolledOn')}</th>
              {manage ? <th scope="col">{t('programme.cohort.participants.colActions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} className={['DROPPED_OUT', 'WITHDRAWN'].includes(e.status) ? 'inactive' : undefined}>
                <th scope="row" data-label={t('programme.cohort.participants.colCode')}>
                  {can('participant.read') ? (
                    <Link href={`/participants/${e.participantId}`} className="code-link">
                      {e.code}
                    </Link>
                  ) : (
                    <span className="code-link">{e.code}</span>
                  )}
                </th>
                <td data-label={t('programme.cohort.participants.colName')}>{e.preferredName}</td>
                <td data-label={t('programme.cohort.participants.colTrack')}>
                  {e.track ? pLabel('tracks', e.track, t) : t('common.none')}
                </td>
                <td data-label={t('programme.cohort.participants.colStatus')}>
                  <span
                    className={`badge badge-${e.status === 'GRADUATED' ? 'ok' : e.status === 'WAITLISTED' ? 'warn' : e.status === 'ENROLLED' ? 'stage' : 'muted'}`}
                  >
                    {pLabel('enrollmentStatuses', e.status, t)}
                  </span>
                </td>
                <td data-label={t('programme.cohort.participants.colWaitlist')}>
                  {e.waitlistPosition
                    ? t('programme.cohort.participants.waitlistPosition', { n: e.waitlistPosition })
                    : t('common.none')}
                </td>
                <td data-label={t('programme.cohort.participants.colRate')}>
                  {/* Someone on the waitlist has not been in the sessions; the server still gives her a rate of 0. */}
                  {e.status === 'WAITLISTED' ? t('common.none') : formatPercent(e.attendanceRate)}
                </td>
                <td data-label={t('programme.cohort.participants.colEnrolledOn')}>
                  {formatDay(e.enrolledOn)} <EnteredLateBadge late={e.enteredLate} />
                </td>
                {manage ? (
                  <td data-label={t('programme.cohort.participants.colActions')}>
                    {['ENROLLED', 'WAITLISTED'].includes(e.status) ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={t('programme.cohort.participants.leaveOf', { code: e.code })}
                        onClick={() => {
                          setNotice(null);
                          setLeaving(e);
                        }}
                      >
                        {t('programme.cohort.participants.leave')}
                      </button>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {leaving ? (
        <LeaveForm
          key={leaving.id}
          enrollment={leaving}
          onCancel={() => setLeaving(null)}
          onDone={(e) => {
            setLeaving(null);
            void changed(
              t('programme.cohort.participants.left', {
                code: e.code,
                status: pLabel('enrollmentStatuses', e.status, t),
              }),
            );
          }}
        />
      ) : null}
      {manage && ACTIVE.includes(cohort.status) && items ? (
        <EnrolForm
          cohortId={cohort.id}
          tracks={cohort.tracks}
          enrolled={items}
          onEnrolled={(list) => void changed(enrolledNotice(list, t))}
        />
      ) : null}
    </div>
  );
}
