// Cohorts (angkatan): the list in the user's scope (a facilitator sees only the cohorts she teaches in),
// "my sessions" with a direct way to the attendance screen, and the create form for the head of section,
// which says plainly when the chosen venue is already booked and by which cohort.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQueries, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { TRADE_TRACKS } from '../../shared/codes.ts';
import { yearsWithoutCalendar } from '../../shared/calendar.ts';
import { regionName } from '../../shared/regions.ts';
import { COHORT_SORTS, cohortBody } from '../../shared/programme-api.ts';
import { ApiError, newIdempotencyKey, type Reply, request } from '../data/client.ts';
import { apiKey, useApi, useApiMutation } from '../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../data/url-state.ts';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { useSession, useUser } from '../session.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { CheckboxGroupInput, SelectInput, TextInput, WholeNumberField } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { useDirtyGuard } from '../forms/dirty-guard.ts';
import { todayInOffice } from '../format.ts';
import { errorCodeOf } from '../errors.ts';
import { usePageTitle } from '../hooks.ts';
import { userKabKota } from '../labels.ts';
import {
  addDays,
  defaultEndDate,
  formatPeriod,
  formatTimeRange,
  formatWeekdayDate,
  isIsoDate,
  pLabel,
  programmeError,
} from './programme/shared.ts';

type Cohort = Reply<'GET /api/cohorts/:id'>;
type Session = Reply<'GET /api/cohorts/:id/sessions'>['items'][number];

const ACTIVE = ['PLANNED', 'RECRUITING', 'RUNNING'];

/** "Bimbingan agama" or the session's own title, for link names. */
export function sessionName(s: Session, t: TFunction): string {
  return s.title ? `${s.title} (${pLabel('sessionTypes', s.type, t)})` : pLabel('sessionTypes', s.type, t);
}

interface MySession {
  session: Session;
  cohort: Cohort;
}

/** Sessions the signed-in user leads in the active cohorts, from a week ago onwards (what can still be marked). */
function MySessions() {
  const { t } = useTranslation();
  const me = useUser();
  const { can } = useSession();
  const today = todayInOffice();
  // Its own read, whatever page, order or programme the list below shows: the latest-starting cohorts in her
  // scope (the active ones are among the newest; a facilitator sees only those she teaches in).
  const latest = useApi('GET /api/cohorts', { query: { sort: '-startDate', pageSize: 200 } }).data?.items;
  const active = (latest ?? []).filter((c) => ACTIVE.includes(c.status));
  // One query per active cohort's sessions (each its own resource, refreshed when that cohort's schedule changes).
  const lists = useQueries({
    queries: active.map((c) => {
      const args = { params: { id: c.id } };
      return {
        queryKey: apiKey('GET /api/cohorts/:id/sessions', args),
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          request('GET /api/cohorts/:id/sessions', { ...args, signal }).then((a) => a.data),
      };
    }),
  });
  // Shown once every list has answered (a list that failed counts as empty: this is a shortcut, not the schedule).
  const from = addDays(today, -7);
  const items: MySession[] | null =
    !latest || lists.some((q) => q.isPending)
      ? null
      : lists
          .flatMap((q, i) => (q.data?.items ?? []).map((session) => ({ session, cohort: active[i]! })))
          .filter((x) => x.session.facilitatorId === me.id && !x.session.cancelled && x.session.date >= from)
          .sort((a, b) => (a.session.date + a.session.startTime).localeCompare(b.session.date + b.session.startTime));

  if (items === null) return null;
  if (items.length === 0) {
    // Staff who manage cohorts may lead no sessions at all; for those who only teach, say there is nothing now.
    if (can('enrollment.manage') || can('cohort.manage')) return null;
    return (
      <section className="my-sessions" aria-labelledby="my-sessions-title">
        <h2 id="my-sessions-title">{t('programme.cohorts.mySessions')}</h2>
        <p>{t('programme.cohorts.mySessionsEmpty')}</p>
      </section>
    );
  }
  return (
    <section className="my-sessions" aria-labelledby="my-sessions-title">
      <h2 id="my-sessions-title">{t('programme.cohorts.mySessions')}</h2>
      <p className="note">{t('programme.cohorts.mySessionsIntro')}</p>
      <ul className="session-cards">
        {items.slice(0, 30).map(({ session: s, cohort: c }) => (
          <li key={s.id} className={`session-card${s.date === today ? ' session-today' : ''}`}>
            <p className="session-when">
              <strong>{formatWeekdayDate(s.date)}</strong>{' '}
              {s.date === today ? <span className="badge badge-ok">{t('programme.common.today')}</span> : null}
              <br />
              {formatTimeRange(s.startTime, s.endTime)}
            </p>
            <p className="session-what">
              {sessionName(s, t)} · {c.name}
            </p>
            {s.date <= today ? (
              <Link href={`/sessions/${s.id}/attendance?cohort=${c.id}`} className="button button-primary">
                {t('programme.cohorts.markAttendance')}
                <span className="visually-hidden"> {formatWeekdayDate(s.date)}</span>
              </Link>
            ) : (
              <Link href={`/sessions/${s.id}/attendance?cohort=${c.id}`}>
                {t('programme.cohort.schedule.view')}
                <span className="visually-hidden"> {formatWeekdayDate(s.date)}</span>
              </Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

type CohortRow = Reply<'GET /api/cohorts'>['items'][number];
const COHORTS_PAGE = 25;
/** The list's address: the programme chosen (an id, no one's name), the order and the page. */
const COHORTS_URL = {
  programmeId: z.uuid().or(z.literal('')).catch(''),
  sort: codeParam(COHORT_SORTS, '-startDate'),
  page: pageParam(),
};

export function CohortsPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.cohorts.title'));
  const { can } = useSession();
  const [url, setUrl] = useUrlState(COHORTS_URL);
  const programmeId = url.programmeId;
  // Programme names beside each cohort, for those who read programmes.
  const programmes = useApi('GET /api/programmes', {}, { enabled: can('programme.read') }).data?.items ?? [];
  // One page of the programme chosen, in the order chosen, sorted and paged by the server (the cohorts grow year
  // by year); the previous page stays on screen while the next one loads.
  const list = useApi(
    'GET /api/cohorts',
    {
      query: {
        ...(programmeId ? { programmeId } : {}),
        sort: url.sort,
        page: url.page,
        pageSize: COHORTS_PAGE,
      },
    },
    { placeholderData: keepPreviousData },
  );
  const items = list.data?.items;
  const error = list.error;

  const programmeName = (id: string) => programmes.find((p) => p.id === id)?.name;
  const withProgrammes = programmes.length > 0;
  // Built each render: cheap, and the programme names arrive after the list.
  const columns: Column<CohortRow>[] = [
    {
      id: 'name',
      header: t('programme.cohorts.colName'),
      rowHeader: true,
      sort: true,
      cell: (c) => <Link href={`/cohorts/${c.id}`}>{c.name}</Link>,
    },
    ...(withProgrammes
      ? [
          {
            id: 'programme',
            header: t('programme.cohorts.colProgramme'),
            hideable: true,
            cell: (c: CohortRow) => programmeName(c.programmeId) ?? t('common.none'),
          },
        ]
      : []),
    {
      id: 'region',
      header: t('programme.cohorts.colRegion'),
      hideable: true,
      sort: true,
      cell: (c) => regionName(c.regionCode),
    },
    {
      id: 'venue',
      header: t('programme.cohorts.colVenue'),
      hideable: true,
      cell: (c) => c.venueName ?? t('programme.cohorts.noVenue'),
    },
    {
      id: 'startDate',
      header: t('programme.cohorts.colPeriod'),
      sort: true,
      descFirst: true,
      cell: (c) => formatPeriod(c.startDate, c.endDate),
    },
    {
      id: 'status',
      header: t('programme.cohorts.colStatus'),
      sort: true,
      cell: (c) => (
        <span
          className={`badge badge-${c.status === 'CANCELLED' ? 'muted' : c.status === 'COMPLETED' ? 'ok' : 'stage'}`}
        >
          {pLabel('cohortStatuses', c.status, t)}
        </span>
      ),
    },
    {
      id: 'seats',
      header: t('programme.cohorts.colSeats'),
      hideable: true,
      cell: (c) => (
        <>
          {t('programme.cohorts.seats', { enrolled: c.enrolled, capacity: c.capacity })}
          {c.waitlisted ? ` · ${t('programme.cohorts.waiting', { count: c.waitlisted })}` : ''}
        </>
      ),
    },
  ];
  return (
    <section className="prog">
      <div className="page-heading">
        <h1>{t('programme.cohorts.title')}</h1>
        {can('cohort.manage') ? (
          <Link href="/cohorts/new" className="button button-primary">
            {t('programme.cohorts.add')}
          </Link>
        ) : null}
      </div>
      <p>{t('programme.cohorts.intro')}</p>
      <MySessions />
      {programmes.length > 1 ? (
        <div className="filters">
          <SelectField
            id="cohort-programme"
            label={t('programme.cohorts.programme')}
            value={programmeId}
            onChange={(e) => setUrl({ programmeId: e.currentTarget.value, page: 1 })}
          >
            <option value="">{t('programme.cohorts.allProgrammes')}</option>
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.year})
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      <ErrorAlert error={error} />
      {items ? (
        <>
          <h2 className="visually-hidden">{t('programme.cohorts.title')}</h2>
          <p className="count">{t('programme.cohorts.count', { count: list.data?.total ?? items.length })}</p>
        </>
      ) : null}
      <DataTable
        id="cohorts"
        caption={t('programme.cohorts.title')}
        {...serverPaging(list, url, setUrl, COHORTS_PAGE)}
        columns={columns}
        rows={items}
        rowKey={(c) => c.id}
        tableClassName="prog-table"
        columnChooser
        empty={<p>{t('programme.cohorts.empty')}</p>}
      />
    </section>
  );
}

/** The cohort's body with the office-calendar confirmation as the checkbox she ticks. */
const cohortForm = cohortBody.omit({ confirmWithoutCalendar: true }).extend({ confirmCalendar: z.boolean() });
type FormIn = z.input<typeof cohortForm>;
type FormOut = z.output<typeof cohortForm>;
type Calendar = Reply<'GET /api/office-calendar'>;

/** Years between start and end that the office calendar does not cover, with those the server refused. */
function missingYearsOf(
  start: string | undefined,
  end: string | undefined,
  calendar: Calendar | undefined,
  refused: number[],
) {
  const last = isIsoDate(end ?? '') ? end! : isIsoDate(start ?? '') ? defaultEndDate(start!) : '';
  if (!start || !isIsoDate(start) || !last || last < start) return refused;
  const fromList = calendar ? yearsWithoutCalendar(start, last, calendar.today, (y) => calendar.years.includes(y)) : [];
  return [...new Set([...fromList, ...refused])].sort();
}

/** The cohort holding the venue, when the server refused the booking. */
interface Booked {
  id: string;
  name: string;
  period: string;
}

export function CohortNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.cohortNew.title'));
  const me = useUser();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const regions = userKabKota(me.regions);
  const programmeList = useApi('GET /api/programmes', {});
  const programmes = programmeList.data?.items;
  const venues = useApi('GET /api/venues', {}).data?.items ?? [];
  // Without the calendar's years the server still refuses uncovered years, and the same confirmation follows.
  const calendar = useApi('GET /api/office-calendar', {}).data;
  /** Years the server refused for want of an office calendar (when the list above could not be loaded). */
  const [refusedYears, setRefusedYears] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const bookedRef = useRef<HTMLDivElement>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  // The confirmation is needed only while the dates fall in a year the calendar does not cover: the check reads
  // the latest calendar and refusals, so one schema serves the whole visit.
  const latest = useRef({ calendar, refusedYears });
  latest.current = { calendar, refusedYears };
  const schema = useMemo(
    () =>
      cohortForm.superRefine(
        (v, ctx) => {
          const years = missingYearsOf(v.startDate, v.endDate, latest.current.calendar, latest.current.refusedYears);
          if (years.length > 0 && !v.confirmCalendar)
            ctx.addIssue({ code: 'custom', path: ['confirmCalendar'], message: 'confirm' });
          // Said along with the other fields' problems, not after them.
        },
        { when: () => true },
      ),
    [],
  );
  const form = useSchemaForm(schema, {
    defaultValues: {
      regionCode: regions.length === 1 ? cohortBody.shape.regionCode.safeParse(regions[0]!.code).data : undefined,
      capacity: 10,
      tracks: [],
      confirmCalendar: false,
    },
    messages: {
      programmeId: t('programme.cohortNew.programmeError'),
      regionCode: t('programme.cohortNew.regionError'),
      startDate: t('programme.cohortNew.startError'),
      capacity: t('programme.cohortNew.capacityError'),
      tracks: t('programme.cohortNew.tracksError'),
      confirmCalendar: t('programme.cohortNew.calendarConfirmError'),
    },
  });
  useDirtyGuard(form.formState.isDirty);
  const create = useApiMutation('POST /api/cohorts');

  // One programme: it is the one chosen.
  const onlyProgramme = programmes?.length === 1 ? programmes[0]!.id : null;
  useEffect(() => {
    if (onlyProgramme && !form.getValues('programmeId')) form.setValue('programmeId', onlyProgramme);
  }, [onlyProgramme, form]);
  // The end follows the start (one month) until she sets it herself; a new date forgets the server's refusal.
  const endTouched = useRef(false);
  useEffect(() => {
    const sub = form.watch((v, { name, type }) => {
      if (name === 'endDate' && type === 'change') endTouched.current = true;
      if ((name === 'startDate' || name === 'endDate') && type === 'change') setRefusedYears([]);
      if (name === 'startDate' && type === 'change' && !endTouched.current) {
        const start = v.startDate ?? '';
        form.setValue('endDate', isIsoDate(start) ? defaultEndDate(start) : undefined);
      }
      if (name === 'venueId' && type === 'change') setBooked(null);
    });
    return () => sub.unsubscribe();
  }, [form]);
  useEffect(() => {
    if (booked) bookedRef.current?.focus();
  }, [booked]);

  const startDate = form.watch('startDate');
  const endDate = form.watch('endDate');
  const suggestedEnd = startDate && isIsoDate(startDate) ? defaultEndDate(startDate) : '';
  // Dates in a year the office calendar does not cover need the head of section's confirmation (the server
  // refuses them otherwise): its collective leave days are not known, and sessions could fall on them.
  const missingYears = missingYearsOf(startDate, endDate, calendar, refusedYears);
  const yearsText = missingYears.join(', ');

  async function submit({ confirmCalendar, ...values }: FormOut) {
    setError(null);
    setBooked(null);
    try {
      const { data: created } = await create.mutateAsync({
        body: { ...values, ...(missingYears.length > 0 && confirmCalendar ? { confirmWithoutCalendar: true } : {}) },
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      navigate(`/cohorts/${created.id}`, { state: { notice: 'created', name: created.name } });
    } catch (err) {
      if (errorCodeOf(err) === 'venue_booked') {
        // Name the cohort that holds the venue and its dates (it is in the head of section's scope).
        const details = err instanceof ApiError ? err.details : undefined;
        const otherId = details && typeof details === 'object' && 'cohortId' in details ? details.cohortId : undefined;
        let other: Booked | null = null;
        if (typeof otherId === 'string') {
          const args = { params: { id: otherId } };
          const c = await client
            .fetchQuery({
              queryKey: apiKey('GET /api/cohorts/:id', args),
              queryFn: ({ signal }) => request('GET /api/cohorts/:id', { ...args, signal }).then((a) => a.data),
            })
            .catch(() => null);
          if (c) other = { id: c.id, name: c.name, period: formatPeriod(c.startDate, c.endDate) };
        }
        form.setError('venueId', { type: 'server', message: t('programme.errors.venue_booked') });
        if (other) setBooked(other);
        else setError(err);
      } else if (errorCodeOf(err) === 'office_calendar_missing') {
        // The calendar changed meanwhile, or its list could not be loaded: the same confirmation, for the
        // years the server named.
        const details = err instanceof ApiError ? err.details : undefined;
        const years = details && typeof details === 'object' && 'years' in details ? details.years : undefined;
        setRefusedYears(Array.isArray(years) ? years.filter((y): y is number => typeof y === 'number') : []);
        form.setValue('confirmCalendar', false);
        form.setError('confirmCalendar', { type: 'server', message: t('programme.cohortNew.calendarConfirmError') });
        form.kit.focusFirstInvalid();
      } else {
        throw err;
      }
    }
  }

  // Read from the form's live state (reading formState.errors subscribes to its changes): the render that moves
  // focus after a refused submit already marks the checkbox invalid.
  void form.formState.errors;
  const confirmError = form.getFieldState('confirmCalendar').error?.message;
  return (
    <section className="narrow prog">
      <p className="breadcrumb">
        <Link href="/cohorts">{t('programme.cohortNew.back')}</Link>
      </p>
      <h1>{t('programme.cohortNew.title')}</h1>
      {booked ? (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={bookedRef}>
          <p>{t('programme.cohortNew.venueBookedBy', { name: booked.name, period: booked.period })}</p>
          <p>
            <Link href={`/cohorts/${booked.id}`}>{t('programme.cohortNew.openOther', { name: booked.name })}</Link>
          </p>
        </div>
      ) : null}
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <ErrorAlert error={programmeList.error} />
      {programmes && programmes.length === 0 ? (
        <p className="alert alert-info">{t('programme.cohortNew.noProgrammes')}</p>
      ) : null}
      <SchemaForm
        form={form}
        onSubmit={submit}
        onError={setError}
        pending={create.isPending}
        className="form prog-form"
      >
        <SelectInput<FormIn> name="programmeId" id="programmeId" label={t('programme.cohortNew.programme')}>
          <option value="">{t('programme.cohortNew.programmeChoose')}</option>
          {(programmes ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.year})
            </option>
          ))}
        </SelectInput>
        <TextInput<FormIn>
          name="name"
          id="cohort-name"
          label={`${t('programme.cohortNew.name')} ${t('common.optional')}`}
          hint={t('programme.cohortNew.nameHint')}
          maxLength={100}
        />
        <SelectInput<FormIn> name="regionCode" id="regionCode" label={t('programme.cohortNew.region')}>
          <option value="">{t('programme.cohortNew.regionError')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectInput>
        <SelectInput<FormIn>
          name="venueId"
          id="venueId"
          label={`${t('programme.cohortNew.venue')} ${t('common.optional')}`}
        >
          <option value="">{t('programme.cohortNew.venueNone')}</option>
          {venues.map((v) => (
            <option key={v.id} value={v.id}>
              {t('programme.cohortNew.venueOption', {
                name: v.name,
                region: regionName(v.regionCode),
                capacity: v.capacity,
              })}
            </option>
          ))}
        </SelectInput>
        <TextInput<FormIn> name="startDate" id="startDate" type="date" label={t('programme.cohortNew.start')} />
        <TextInput<FormIn>
          name="endDate"
          id="endDate"
          type="date"
          label={t('programme.cohortNew.end')}
          hint={
            suggestedEnd
              ? t('programme.cohortNew.endHint', { date: formatWeekdayDate(suggestedEnd) })
              : t('programme.cohortNew.endHintEmpty')
          }
        />
        {missingYears.length > 0 ? (
          <div className="alert alert-warn" id="calendar-missing">
            <p>{t('programme.cohortNew.calendarMissing', { years: yearsText })}</p>
            <label className="checkbox">
              <input
                id="confirmCalendar"
                type="checkbox"
                aria-invalid={confirmError ? true : undefined}
                aria-describedby={confirmError ? 'confirmCalendar-error' : undefined}
                {...form.register('confirmCalendar')}
              />
              <span>{t('programme.cohortNew.calendarConfirm', { years: yearsText })}</span>
            </label>
            {confirmError ? (
              <p id="confirmCalendar-error" className="field-error">
                {confirmError}
              </p>
            ) : null}
          </div>
        ) : null}
        <WholeNumberField<FormIn>
          name="capacity"
          id="capacity"
          label={t('programme.cohortNew.capacity')}
          hint={t('programme.cohortNew.capacityHint')}
          maxLength={3}
        />
        <CheckboxGroupInput<FormIn>
          name="tracks"
          id="tracks"
          legend={t('programme.cohortNew.tracks')}
          options={TRADE_TRACKS.map((c) => ({ value: c, label: pLabel('tracks', c, t) }))}
        />
        <div className="button-row">
          <SubmitButton>{t('programme.cohortNew.submit')}</SubmitButton>
        </div>
      </SchemaForm>
    </section>
  );
}
