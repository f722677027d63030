// The participants of a cohort: code, preferred name, trade, status, waitlist position, attendance so far and
// the day each was enrolled (marked "dicatat terlambat" when entered long after it); enrolment of several at once,
// ticked from searches by code or name (all or none: the server's refusals in words, per person, with "put on the
// waitlist" when the cohort is full); leaving the cohort with a reason (stored encrypted, never listed).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { TRADE_TRACKS } from '../../../shared/codes.ts';
import { withCode } from '../../../shared/messages.ts';
import { enrollmentManyBody, enrollmentUpdateBody } from '../../../shared/programme-api.ts';
import { ApiError, type Body, newIdempotencyKey, type Reply, request } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { TextField } from '../../components/Field.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { DateField, RadioGroupInput, SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { EnteredLateBadge } from '../../components/EnteredLate.tsx';
import type { CohortTabProps } from './cohort-tab.ts';
import { formatPercent, pLabel, programmeError } from './shared.ts';

const ACTIVE = ['PLANNED', 'RECRUITING', 'RUNNING'];
type LeaveStatus = 'DROPPED_OUT' | 'WITHDRAWN';
type Enrollment = Reply<'GET /api/cohorts/:id/enrollments'>['items'][number];
type ParticipantSearchItem = Reply<'POST /api/participants/search'>['items'][number];
/** One person a bulk enrolment refused (409 enrolment_refused, details.refused), and why. */
interface EnrolmentRefusal {
  participantId: string;
  code: string;
  message: string;
}

const leaveForm = enrollmentUpdateBody.omit({ track: true });
/**
 * What the enrolment form carries of the bulk body (the people are ticked beside it): the trade, the day they
 * were enrolled (asked for, and never after today, as the server checks it) and whether the rest go on the
 * waitlist (set by the button pressed).
 */
const enrolForm = enrollmentManyBody.pick({ track: true, waitlist: true }).extend({
  enrolledOn: enrollmentManyBody.shape.enrolledOn.unwrap().refine((d) => d <= todayInOffice(), withCode('future_date')),
});
type LeaveIn = z.input<typeof leaveForm>;

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
  const [error, setError] = useState<unknown>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const form = useSchemaForm(leaveForm, {
    defaultValues: { reason: '' },
    messages: {
      status: t('programme.common.required'),
      reason: t('programme.cohort.participants.leaveReasonError'),
    },
  });
  // Her enrolment's version is sent (If-Match); no read answers one enrolment, so a change meanwhile is an alert.
  const leave = useApiMutation('PATCH /api/enrollments/:id', {
    invalidates: () => [`/api/cohorts/${enrollment.cohortId}`, `/api/participants/${enrollment.participantId}`],
  });

  async function submit(body: z.output<typeof leaveForm>) {
    setError(null);
    const { data } = await leave.mutateAsync({ params: { id: enrollment.id }, ifMatch: enrollment.version, body });
    onDone(data);
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={leave.isPending}
      className="step prog-form"
      aria-labelledby="leave-title"
    >
      <h3 id="leave-title" ref={headingRef} tabIndex={-1}>
        {t('programme.cohort.participants.leaveTitle', { code: enrollment.code })}
      </h3>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <RadioGroupInput<LeaveIn, LeaveStatus>
        name="status"
        id="leave-status"
        legend={t('programme.cohort.participants.leaveStatus')}
        options={(['DROPPED_OUT', 'WITHDRAWN'] as const).map((s) => ({
          value: s,
          label: pLabel('enrollmentStatuses', s, t),
        }))}
      />
      <TextAreaInput<LeaveIn>
        name="reason"
        id="leave-reason"
        label={t('programme.cohort.participants.leaveReason')}
        hint={t('programme.cohort.participants.leaveReasonHint')}
        rows={3}
        maxLength={500}
        emptyValue=""
      />
      <div className="button-row">
        <SubmitButton className="button button-danger">{t('programme.cohort.participants.leaveSubmit')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={leave.isPending}>
          {t('programme.common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}

/** The people a bulk enrolment refused, each with the reason in words (the server's code). */
function refusalsOf(err: unknown): EnrolmentRefusal[] {
  if (!(err instanceof ApiError) || err.code !== 'enrolment_refused') return [];
  const details = err.details;
  const refused = details && typeof details === 'object' && 'refused' in details ? details.refused : undefined;
  if (!Array.isArray(refused)) return [];
  return refused.flatMap((r: unknown) =>
    r && typeof r === 'object' && 'participantId' in r && 'code' in r
      ? [
          {
            participantId: String(r.participantId),
            code: String(r.code),
            message: 'message' in r ? String(r.message) : '',
          },
        ]
      : [],
  );
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
  /** The search she asked for (a search reads: it is a query of its own, not a change). */
  const [asked, setAsked] = useState<Body<'POST /api/participants/search'> | null>(null);
  const found = useQuery({
    queryKey: ['api', '/api/participants/search', asked],
    queryFn: ({ signal }) => request('POST /api/participants/search', { body: asked!, signal }).then((a) => a.data),
    enabled: asked !== null,
  });
  const results = asked ? (found.data?.items ?? null) : null;
  const searchError = found.error;
  const idempotencyKey = useRef(newIdempotencyKey());
  const enrolMany = useApiMutation('POST /api/cohorts/:id/enrollments/bulk', {
    // Each one enrolled: her record's stage follows the enrolment.
    invalidates: (args) => args.body.participantIds.map((id) => `/api/participants/${id}`),
  });
  // The trade all of them follow and the day they were enrolled, as it happened (a paper backlog is entered
  // later; checked against each one's registration and latest assessment by the server), over the bulk body.
  const today = todayInOffice();
  const firstTrack = TRADE_TRACKS.find((x) => x === tracks[0]);
  const form = useSchemaForm(enrolForm, {
    defaultValues: { enrolledOn: today, waitlist: false, ...(firstTrack ? { track: firstTrack } : {}) },
    messages: { enrolledOn: t('programme.cohort.participants.enrolledOnMissing') },
  });
  /** Who is ticked, in the order ticked (places go in that order). */
  const [chosen, setChosen] = useState<ParticipantSearchItem[]>([]);
  const [refusal, setRefusal] = useState<{ error: unknown; people: EnrolmentRefusal[] } | null>(null);
  const busy = enrolMany.isPending;
  const refusalRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refusal) refusalRef.current?.focus();
  }, [refusal]);

  function search(e: FormEvent) {
    e.preventDefault();
    const next = { ...(q.trim() ? { q: q.trim() } : {}), pageSize: 10 };
    // The same search again reads again (someone may have registered meanwhile).
    if (JSON.stringify(next) === JSON.stringify(asked)) void found.refetch();
    else setAsked(next);
  }

  const choose = (p: ParticipantSearchItem, on: boolean) =>
    setChosen((c) => (on ? [...c.filter((x) => x.id !== p.id), p] : c.filter((x) => x.id !== p.id)));

  async function enrol(values: z.output<typeof enrolForm>) {
    if (chosen.length === 0) return;
    setRefusal(null);
    try {
      const { data } = await enrolMany.mutateAsync({
        params: { id: cohortId },
        body: { ...values, participantIds: chosen.map((p) => p.id) },
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      setChosen([]);
      form.setValue('waitlist', false);
      onEnrolled(data.items);
    } catch (err) {
      const people = refusalsOf(err);
      // A refused request is a new submission once the choice changes.
      idempotencyKey.current = newIdempotencyKey();
      form.setValue('waitlist', false);
      // A date before someone's registration or assessment: said beside the date too (who, in the list).
      if (people.some((r) => r.code === 'date_out_of_order'))
        form.setError('enrolledOn', {
          type: 'server',
          message: form.kit.show('enrolledOn', (tr) => tr('programme.cohort.participants.enrolledOnOutOfOrder')),
        });
      setRefusal({ error: err, people });
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
      <SchemaForm form={form} onSubmit={enrol} pending={busy}>
        {tracks.length > 1 ? (
          <SelectInput
            control={form.control}
            name="track"
            id="enrol-track"
            label={t('programme.cohort.participants.track')}
          >
            {tracks.map((x) => (
              <option key={x} value={x}>
                {pLabel('tracks', x, t)}
              </option>
            ))}
          </SelectInput>
        ) : null}
        <DateField
          control={form.control}
          name="enrolledOn"
          id="enrol-on"
          label={t('programme.cohort.participants.enrolledOn')}
          hint={t('programme.cohort.participants.enrolledOnHint')}
          required
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
                  <SubmitButton className="button button-secondary" onClick={() => form.setValue('waitlist', true)}>
                    {count === 1
                      ? t('programme.cohort.participants.putOnWaitlist', { code: chosen[0]!.code })
                      : t('programme.cohort.participants.putOnWaitlistMany', { count })}
                  </SubmitButton>
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
          <SubmitButton disabled={count === 0}>
            {t('programme.cohort.participants.enrolChosen', { count })}
          </SubmitButton>
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
      </SchemaForm>
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

export function ParticipantsTab({ cohort }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const register = useApi('GET /api/cohorts/:id/enrollments', { params: { id: cohort.id } });
  const items = register.data?.items ?? null;
  const error = register.error;
  const [leaving, setLeaving] = useState<Enrollment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can('enrollment.manage');
  // The enrolment's own change refreshes the cohort (its seats) and this list.
  const changed = (message: string) => setNotice(message);
  // The order of the list, for this visit of the tab (the tab is part of the cohort's page).
  const [sort, setSort] = useState('');
  const columns: Column<Enrollment>[] = [
    {
      id: 'code',
      header: t('programme.cohort.participants.colCode'),
      rowHeader: true,
      sort: (e) => e.code,
      cell: (e) =>
        can('participant.read') ? (
          <Link href={`/participants/${e.participantId}`} className="code-link">
            {e.code}
          </Link>
        ) : (
          <span className="code-link">{e.code}</span>
        ),
    },
    {
      id: 'name',
      header: t('programme.cohort.participants.colName'),
      sort: (e) => e.preferredName.toLocaleLowerCase('id'),
      cell: (e) => e.preferredName,
    },
    {
      id: 'track',
      header: t('programme.cohort.participants.colTrack'),
      cell: (e) => (e.track ? pLabel('tracks', e.track, t) : t('common.none')),
    },
    {
      id: 'status',
      header: t('programme.cohort.participants.colStatus'),
      sort: (e) => pLabel('enrollmentStatuses', e.status, t),
      cell: (e) => (
        <span
          className={`badge badge-${e.status === 'GRADUATED' ? 'ok' : e.status === 'WAITLISTED' ? 'warn' : e.status === 'ENROLLED' ? 'stage' : 'muted'}`}
        >
          {pLabel('enrollmentStatuses', e.status, t)}
        </span>
      ),
    },
    {
      id: 'waitlist',
      header: t('programme.cohort.participants.colWaitlist'),
      sort: (e) => e.waitlistPosition ?? undefined,
      cell: (e) =>
        e.waitlistPosition
          ? t('programme.cohort.participants.waitlistPosition', { n: e.waitlistPosition })
          : t('common.none'),
    },
    {
      id: 'rate',
      header: t('programme.cohort.participants.colRate'),
      // Someone on the waitlist has not been in the sessions; the server still gives her a rate of 0.
      sort: (e) => (e.status === 'WAITLISTED' ? undefined : e.attendanceRate),
      cell: (e) => (e.status === 'WAITLISTED' ? t('common.none') : formatPercent(e.attendanceRate)),
    },
    {
      id: 'enrolledOn',
      header: t('programme.cohort.participants.colEnrolledOn'),
      sort: (e) => e.enrolledOn,
      descFirst: true,
      cell: (e) => (
        <>
          {formatDay(e.enrolledOn)} <EnteredLateBadge late={e.enteredLate} />
        </>
      ),
    },
    ...(manage
      ? [
          {
            id: 'actions',
            header: t('programme.cohort.participants.colActions'),
            cell: (e: Enrollment) =>
              ['ENROLLED', 'WAITLISTED'].includes(e.status) ? (
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
              ),
          },
        ]
      : []),
  ];

  return (
    <div className="tab-content">
      <h2>{t('programme.cohort.participants.title')}</h2>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error} />
      {/* A cohort's enrolments are bounded by its capacity (and a short waitlist) and come whole: client mode. */}
      <DataTable
        id="enrolments"
        caption={t('programme.cohort.participants.title')}
        mode="client"
        columns={columns}
        rows={items ?? undefined}
        rowKey={(e) => e.id}
        rowClassName={(e) => (['DROPPED_OUT', 'WITHDRAWN'].includes(e.status) ? 'inactive' : undefined)}
        tableClassName="prog-table enrol-table"
        loading={register.isPending && !error}
        sort={sort}
        onSort={setSort}
        empty={<p>{t('programme.cohort.participants.empty')}</p>}
      />
      {leaving ? (
        <LeaveForm
          key={leaving.id}
          enrollment={leaving}
          onCancel={() => setLeaving(null)}
          onDone={(e) => {
            setLeaving(null);
            changed(
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
          onEnrolled={(list) => changed(enrolledNotice(list, t))}
        />
      ) : null}
    </div>
  );
}
