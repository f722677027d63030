// Cohorts (angkatan): the list in the user's scope (a facilitator sees only the cohorts she teaches in),
// "my sessions" with a direct way to the attendance screen, and the create form for the head of section,
// which says plainly when the chosen venue is already booked and by which cohort.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { TRADE_TRACKS } from '../../shared/codes.ts';
import { yearsWithoutCalendar } from '../../shared/calendar.ts';
import { regionName } from '../../shared/regions.ts';
import type { ApiError } from '../api.ts';
import {
  programmeApi,
  type Cohort,
  type CohortInput,
  type OfficeCalendarStatus,
  type Programme,
  type Session,
  type Venue,
} from '../api-programme.ts';
import { useSession, useUser } from '../session.tsx';
import { CheckboxGroup, SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { todayInOffice } from '../format.ts';
import { errorCodeOf, hasErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';
import { userKabKota } from '../labels.ts';
import { NumberField, wholeNumber } from './programme/fields.tsx';
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
function MySessions({ cohorts }: { cohorts: Cohort[] }) {
  const { t } = useTranslation();
  const me = useUser();
  const { can } = useSession();
  const [items, setItems] = useState<MySession[] | null>(null);
  const today = todayInOffice();

  useEffect(() => {
    let current = true;
    const active = cohorts.filter((c) => ACTIVE.includes(c.status));
    Promise.all(
      active.map((c) =>
        programmeApi.cohorts.sessions(c.id).then((list) => list.map((session) => ({ session, cohort: c }))),
      ),
    )
      .then((lists) => {
        if (!current) return;
        const from = addDays(todayInOffice(), -7);
        setItems(
          lists
            .flat()
            .filter((x) => x.session.facilitatorId === me.id && !x.session.cancelled && x.session.date >= from)
            .sort((a, b) => (a.session.date + a.session.startTime).localeCompare(b.session.date + b.session.startTime)),
        );
      })
      .catch(() => current && setItems([]));
    return () => {
      current = false;
    };
  }, [cohorts, me.id]);

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

export function CohortsPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.cohorts.title'));
  const { can } = useSession();
  const [items, setItems] = useState<Cohort[] | null>(null);
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (can('programme.read')) programmeApi.programmes.list().then(setProgrammes, () => setProgrammes([]));
  }, [can]);
  useEffect(() => {
    let current = true;
    programmeApi.cohorts.list(programmeId || undefined).then(
      (r) => current && setItems(r),
      (err) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [programmeId]);

  const programmeName = (id: string) => programmes.find((p) => p.id === id)?.name;
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
      {items ? <MySessions cohorts={items} /> : null}
      {programmes.length > 1 ? (
        <div className="filters">
          <SelectField
            id="cohort-programme"
            label={t('programme.cohorts.programme')}
            value={programmeId}
            onChange={(e) => setProgrammeId(e.currentTarget.value)}
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
      {items === null && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items ? (
        <>
          <h2 className="visually-hidden">{t('programme.cohorts.title')}</h2>
          <p className="count">{t('programme.cohorts.count', { count: items.length })}</p>
          {items.length === 0 ? (
            <p>{t('programme.cohorts.empty')}</p>
          ) : (
            <table className="data-table prog-table">
              <caption className="visually-hidden">{t('programme.cohorts.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('programme.cohorts.colName')}</th>
                  {programmes.length ? <th scope="col">{t('programme.cohorts.colProgramme')}</th> : null}
                  <th scope="col">{t('programme.cohorts.colRegion')}</th>
                  <th scope="col">{t('programme.cohorts.colVenue')}</th>
                  <th scope="col">{t('programme.cohorts.colPeriod')}</th>
                  <th scope="col">{t('programme.cohorts.colStatus')}</th>
                  <th scope="col">{t('programme.cohorts.colSeats')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" data-label={t('programme.cohorts.colName')}>
                      <Link href={`/cohorts/${c.id}`}>{c.name}</Link>
                    </th>
                    {programmes.length ? (
                      <td data-label={t('programme.cohorts.colProgramme')}>
                        {programmeName(c.programmeId) ?? t('common.none')}
                      </td>
                    ) : null}
                    <td data-label={t('programme.cohorts.colRegion')}>{regionName(c.regionCode)}</td>
                    <td data-label={t('programme.cohorts.colVenue')}>
                      {c.venueName ?? t('programme.cohorts.noVenue')}
                    </td>
                    <td data-label={t('programme.cohorts.colPeriod')}>{formatPeriod(c.startDate, c.endDate)}</td>
                    <td data-label={t('programme.cohorts.colStatus')}>
                      <span
                        className={`badge badge-${c.status === 'CANCELLED' ? 'muted' : c.status === 'COMPLETED' ? 'ok' : 'stage'}`}
                      >
                        {pLabel('cohortStatuses', c.status, t)}
                      </span>
                    </td>
                    <td data-label={t('programme.cohorts.colSeats')}>
                      {t('programme.cohorts.seats', { enrolled: c.enrolled, capacity: c.capacity })}
                      {c.waitlisted ? ` · ${t('programme.cohorts.waiting', { count: c.waitlisted })}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}

interface Form {
  programmeId: string;
  name: string;
  regionCode: string;
  venueId: string;
  startDate: string;
  endDate: string;
  capacity: string;
  tracks: string[];
  /** Dates in a year without an office calendar, confirmed by the head of section. */
  confirmCalendar: boolean;
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
  const [, navigate] = useLocation();
  const regions = userKabKota(me.regions);
  const [programmes, setProgrammes] = useState<Programme[] | null>(null);
  const [venues, setVenues] = useState<Venue[]>([]);
  const [form, setForm] = useState<Form>({
    programmeId: '',
    name: '',
    regionCode: regions.length === 1 ? regions[0]!.code : '',
    venueId: '',
    startDate: '',
    endDate: '',
    capacity: '10',
    tracks: [],
    confirmCalendar: false,
  });
  const [calendar, setCalendar] = useState<OfficeCalendarStatus | null>(null);
  /** Years the server refused for want of an office calendar (when the list above could not be loaded). */
  const [refusedYears, setRefusedYears] = useState<number[]>([]);
  const confirmRef = useRef<HTMLInputElement>(null);
  const [endTouched, setEndTouched] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const bookedRef = useRef<HTMLDivElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  useEffect(() => {
    programmeApi.programmes.list().then((list) => {
      setProgrammes(list);
      if (list.length === 1) setForm((f) => ({ ...f, programmeId: list[0]!.id }));
    }, setError);
    programmeApi.venues.list().then(setVenues, () => setVenues([]));
    programmeApi.officeCalendar().then(
      (c) => setCalendar(c),
      () => setCalendar(null),
    );
  }, []);
  useEffect(() => {
    if (booked) bookedRef.current?.focus();
  }, [booked]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const suggestedEnd = useMemo(
    () => (isIsoDate(form.startDate) ? defaultEndDate(form.startDate) : ''),
    [form.startDate],
  );
  // Dates in a year the office calendar does not cover need the head of section's confirmation (the server
  // refuses them otherwise): its collective leave days are not known, and sessions could fall on them.
  const effectiveEnd = isIsoDate(form.endDate) ? form.endDate : suggestedEnd;
  const missingYears = useMemo(() => {
    if (!isIsoDate(form.startDate) || !effectiveEnd || effectiveEnd < form.startDate) return refusedYears;
    const fromList = calendar
      ? yearsWithoutCalendar(form.startDate, effectiveEnd, calendar.today, (y) => calendar.years.includes(y))
      : [];
    return [...new Set([...fromList, ...refusedYears])].sort();
  }, [form.startDate, effectiveEnd, calendar, refusedYears]);
  const yearsText = missingYears.join(', ');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setBooked(null);
    const errors: FieldErrors = {};
    if (!form.programmeId) errors.programmeId = t('programme.cohortNew.programmeError');
    if (!form.regionCode) errors.regionCode = t('programme.cohortNew.regionError');
    if (!isIsoDate(form.startDate)) errors.startDate = t('programme.cohortNew.startError');
    if (form.endDate && !isIsoDate(form.endDate)) errors.endDate = t('validation.invalid');
    else if (form.endDate && isIsoDate(form.startDate) && form.endDate < form.startDate)
      errors.endDate = t('programme.common.dateRange');
    const capacity = wholeNumber(form.capacity, 1, 200);
    if (capacity === null) errors.capacity = t('programme.cohortNew.capacityError');
    if (form.tracks.length === 0) errors.tracks = t('programme.cohortNew.tracksError');
    if (missingYears.length > 0 && !form.confirmCalendar)
      errors.confirmCalendar = t('programme.cohortNew.calendarConfirmError');
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    const body: CohortInput = {
      programmeId: form.programmeId,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      regionCode: form.regionCode,
      ...(form.venueId ? { venueId: form.venueId } : {}),
      startDate: form.startDate,
      ...(form.endDate ? { endDate: form.endDate } : {}),
      capacity: capacity!,
      tracks: form.tracks as CohortInput['tracks'],
      ...(missingYears.length > 0 && form.confirmCalendar ? { confirmWithoutCalendar: true } : {}),
    };
    setBusy(true);
    try {
      const created = await programmeApi.cohorts.create(body);
      navigate(`/cohorts/${created.id}`, { state: { notice: 'created', name: created.name } });
    } catch (err) {
      if (errorCodeOf(err) === 'venue_booked') {
        // Name the cohort that holds the venue and its dates (it is in the head of section's scope).
        const otherId = ((err as ApiError).details as { cohortId?: unknown }).cohortId;
        let other: Booked | null = null;
        if (typeof otherId === 'string') {
          try {
            const c = (await programmeApi.cohorts.get(otherId)).item;
            other = { id: c.id, name: c.name, period: formatPeriod(c.startDate, c.endDate) };
          } catch {
            other = null;
          }
        }
        setFieldErrors({ venueId: t('programme.errors.venue_booked') });
        if (other) setBooked(other);
        else setError(err);
      } else if (errorCodeOf(err) === 'office_calendar_missing') {
        // The calendar changed meanwhile, or its list could not be loaded: the same confirmation, for the
        // years the server named.
        const years = ((err as ApiError).details as { years?: unknown }).years;
        setRefusedYears(Array.isArray(years) ? years.filter((y): y is number => typeof y === 'number') : []);
        setForm((f) => ({ ...f, confirmCalendar: false }));
        setFieldErrors({ confirmCalendar: t('programme.cohortNew.calendarConfirmError') });
        setTimeout(() => confirmRef.current?.focus(), 0);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
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
      {programmes && programmes.length === 0 ? (
        <p className="alert alert-info">{t('programme.cohortNew.noProgrammes')}</p>
      ) : null}
      <form ref={formRef} className="form prog-form" onSubmit={submit} noValidate>
        <SelectField
          id="programmeId"
          label={t('programme.cohortNew.programme')}
          value={form.programmeId}
          error={fe.programmeId}
          onChange={(e) => set('programmeId', e.currentTarget.value)}
        >
          <option value="">{t('programme.cohortNew.programmeChoose')}</option>
          {(programmes ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.year})
            </option>
          ))}
        </SelectField>
        <TextField
          id="cohort-name"
          label={`${t('programme.cohortNew.name')} ${t('common.optional')}`}
          hint={t('programme.cohortNew.nameHint')}
          value={form.name}
          maxLength={100}
          onChange={(e) => set('name', e.currentTarget.value)}
        />
        <SelectField
          id="regionCode"
          label={t('programme.cohortNew.region')}
          value={form.regionCode}
          error={fe.regionCode}
          onChange={(e) => set('regionCode', e.currentTarget.value)}
        >
          <option value="">{t('programme.cohortNew.regionError')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="venueId"
          label={`${t('programme.cohortNew.venue')} ${t('common.optional')}`}
          value={form.venueId}
          error={fe.venueId}
          onChange={(e) => {
            set('venueId', e.currentTarget.value);
            setFieldErrors((x) => ({ ...x, venueId: undefined }));
            setBooked(null);
          }}
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
        </SelectField>
        <TextField
          id="startDate"
          type="date"
          label={t('programme.cohortNew.start')}
          value={form.startDate}
          error={fe.startDate}
          onChange={(e) => {
            const start = e.currentTarget.value;
            setRefusedYears([]);
            setForm((f) => ({
              ...f,
              startDate: start,
              endDate: endTouched ? f.endDate : isIsoDate(start) ? defaultEndDate(start) : '',
            }));
          }}
        />
        <TextField
          id="endDate"
          type="date"
          label={t('programme.cohortNew.end')}
          hint={
            suggestedEnd
              ? t('programme.cohortNew.endHint', { date: formatWeekdayDate(suggestedEnd) })
              : t('programme.cohortNew.endHintEmpty')
          }
          value={form.endDate}
          error={fe.endDate}
          onChange={(e) => {
            setEndTouched(true);
            setRefusedYears([]);
            set('endDate', e.currentTarget.value);
          }}
        />
        {missingYears.length > 0 ? (
          <div className="alert alert-warn" id="calendar-missing">
            <p>{t('programme.cohortNew.calendarMissing', { years: yearsText })}</p>
            <label className="checkbox">
              <input
                id="confirmCalendar"
                ref={confirmRef}
                type="checkbox"
                checked={form.confirmCalendar}
                aria-invalid={fe.confirmCalendar ? true : undefined}
                aria-describedby={fe.confirmCalendar ? 'confirmCalendar-error' : undefined}
                onChange={(e) => set('confirmCalendar', e.currentTarget.checked)}
              />
              <span>{t('programme.cohortNew.calendarConfirm', { years: yearsText })}</span>
            </label>
            {fe.confirmCalendar ? (
              <p id="confirmCalendar-error" className="field-error">
                {fe.confirmCalendar}
              </p>
            ) : null}
          </div>
        ) : null}
        <NumberField
          id="capacity"
          label={t('programme.cohortNew.capacity')}
          hint={t('programme.cohortNew.capacityHint')}
          value={form.capacity}
          error={fe.capacity}
          maxLength={3}
          onChange={(v) => set('capacity', v)}
        />
        <CheckboxGroup
          id="tracks"
          legend={t('programme.cohortNew.tracks')}
          error={fe.tracks}
          options={TRADE_TRACKS.map((c) => ({ value: c, label: pLabel('tracks', c, t) }))}
          value={form.tracks}
          onChange={(v) => set('tracks', v)}
        />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('common.saving') : t('programme.cohortNew.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
