// The schedule of a cohort, by month and week: each session with its day, time (WITA), type, facilitator
// and place, a way to its attendance and its printed attendance sheet. The head of section creates
// sessions from a weekly rule (the dates shown first, national holidays skipped or moved, then created),
// adds one session, moves a session to another date or cancels it, or ticks several and cancels or moves
// them at once with one reason. Facilitators see their own sessions only.
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { SESSION_TYPES } from '../../../shared/codes.ts';
import {
  etagOf,
  programmeApi,
  type GeneratePreview,
  type GenerateResult,
  type GenerateRule,
  type PartnerOption,
  type Session,
  type SessionInput,
  type StaffMember,
} from '../../api-programme.ts';
import { useSession, useUser } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { CheckboxGroup, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { errorCodeOf, hasErrors, type FieldErrors } from '../../errors.ts';
import type { ApiError } from '../../api.ts';
import { roleLabel } from '../../labels.ts';
import type { CohortTabProps } from './cohort-tab.ts';
import {
  addDays,
  formatPeriod,
  formatTimeRange,
  formatWeekdayDate,
  isIsoDate,
  pLabel,
  programmeError,
  weekdayLabel,
  weekStart,
} from './shared.ts';

type SessionType = (typeof SESSION_TYPES)[number];

/** "Bimbingan agama — Jumat, 1 Maret 2019": names a session in link and button names. */
const sessionLabel = (s: Session, t: TFunction) =>
  `${s.title ?? pLabel('sessionTypes', s.type, t)} — ${formatWeekdayDate(s.date)}`;

function monthTitle(iso: string): string {
  const d = new Date(`${iso.slice(0, 7)}-15T12:00:00Z`);
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(d);
}

/** Sessions by month, then by week (Monday to Sunday). */
function groupByMonthAndWeek(sessions: Session[]) {
  const months: { key: string; weeks: { start: string; items: Session[] }[] }[] = [];
  for (const s of sessions) {
    const mKey = s.date.slice(0, 7);
    let month = months.find((m) => m.key === mKey);
    if (!month) {
      month = { key: mKey, weeks: [] };
      months.push(month);
    }
    const start = weekStart(s.date);
    let week = month.weeks.find((w) => w.start === start);
    if (!week) {
      week = { start, items: [] };
      month.weeks.push(week);
    }
    week.items.push(s);
  }
  return months;
}

/** Facilitator accounts (and psychologists) for the session forms; empty when the directory is not ours to read. */
function useFacilitators(): StaffMember[] {
  const { can } = useSession();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    if (!can('staff.list')) return;
    Promise.all([programmeApi.staff('facilitator'), programmeApi.staff('psychologist')]).then(
      ([a, b]) => setStaff([...a, ...b]),
      () => setStaff([]),
    );
  }, [can]);
  return staff;
}

/** Active partner organisations for the session forms; empty when the partner list is not ours to read. */
function usePartners(): PartnerOption[] {
  const { can } = useSession();
  const [partners, setPartners] = useState<PartnerOption[]>([]);
  useEffect(() => {
    if (!can('partner.list')) return;
    programmeApi.partners().then(
      (all) => setPartners(all.filter((p) => p.active)),
      () => setPartners([]),
    );
  }, [can]);
  return partners;
}

interface Common {
  /** Empty until chosen where the form starts without one (the weekly rule). */
  type: SessionType | '';
  title: string;
  startTime: string;
  endTime: string;
  facilitatorId: string;
  facilitatorName: string;
  place: string;
  /** The partner organisation that leads the session, and its person (e.g. Kemenag's religious counsellor). */
  partnerId: string;
  partnerPerson: string;
  mandatory: boolean;
}

/**
 * The fields a rule and a single session share: type, title, times, facilitator, place, mandatory. With
 * `chooseType` the type starts unchosen ("choose a session type").
 */
function CommonFields({
  prefix,
  value,
  errors,
  staff,
  partners,
  chooseType,
  onChange,
  children,
}: {
  prefix: string;
  value: Common;
  errors: FieldErrors;
  staff: StaffMember[];
  partners: PartnerOption[];
  chooseType?: boolean;
  onChange(v: Partial<Common>): void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        id={`${prefix}-type`}
        label={t('programme.cohort.schedule.type')}
        value={value.type}
        error={errors.type}
        onChange={(e) => onChange({ type: e.currentTarget.value as SessionType | '' })}
      >
        {chooseType ? <option value="">{t('programme.cohort.schedule.typeChoose')}</option> : null}
        {SESSION_TYPES.map((s) => (
          <option key={s} value={s}>
            {pLabel('sessionTypes', s, t)}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`${prefix}-title`}
        label={`${t('programme.cohort.schedule.sessionTitle')} ${t('common.optional')}`}
        value={value.title}
        maxLength={150}
        onChange={(e) => onChange({ title: e.currentTarget.value })}
      />
      {children}
      <div className="time-pair">
        <TextField
          id={`${prefix}-start`}
          type="time"
          label={t('programme.cohort.schedule.start')}
          value={value.startTime}
          error={errors.startTime}
          onChange={(e) => onChange({ startTime: e.currentTarget.value })}
        />
        <TextField
          id={`${prefix}-end`}
          type="time"
          label={t('programme.cohort.schedule.end')}
          value={value.endTime}
          error={errors.endTime}
          onChange={(e) => onChange({ endTime: e.currentTarget.value })}
        />
      </div>
      {staff.length ? (
        <SelectField
          id={`${prefix}-facilitator`}
          label={t('programme.cohort.schedule.facilitatorUser')}
          value={value.facilitatorId}
          onChange={(e) => onChange({ facilitatorId: e.currentTarget.value })}
        >
          <option value="">{t('programme.cohort.schedule.facilitatorNone')}</option>
          {staff.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ?? u.username} ({roleLabel(u.role, t)})
            </option>
          ))}
        </SelectField>
      ) : null}
      {!value.facilitatorId ? (
        <TextField
          id={`${prefix}-facilitator-name`}
          label={`${t('programme.cohort.schedule.facilitatorName')} ${t('common.optional')}`}
          hint={t('programme.cohort.schedule.facilitatorNameHint')}
          value={value.facilitatorName}
          maxLength={120}
          onChange={(e) => onChange({ facilitatorName: e.currentTarget.value })}
        />
      ) : null}
      {partners.length ? (
        <SelectField
          id={`${prefix}-partner`}
          label={`${t('programme.cohort.schedule.partnerField')} ${t('common.optional')}`}
          hint={t('programme.cohort.schedule.partnerHint')}
          value={value.partnerId}
          error={errors.partnerId}
          onChange={(e) =>
            onChange({ partnerId: e.currentTarget.value, ...(e.currentTarget.value ? {} : { partnerPerson: '' }) })
          }
        >
          <option value="">{t('programme.cohort.schedule.partnerNone')}</option>
          {partners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {value.partnerId ? (
        <>
          <TextField
            id={`${prefix}-partner-person`}
            label={`${t('programme.cohort.schedule.partnerPerson')} ${t('common.optional')}`}
            hint={t('programme.cohort.schedule.partnerPersonHint')}
            value={value.partnerPerson}
            maxLength={120}
            list={`${prefix}-partner-contacts`}
            onChange={(e) => onChange({ partnerPerson: e.currentTarget.value })}
          />
          <datalist id={`${prefix}-partner-contacts`}>
            {(partners.find((p) => p.id === value.partnerId)?.contacts ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.role ?? ''}
              </option>
            ))}
          </datalist>
        </>
      ) : null}
      <TextField
        id={`${prefix}-place`}
        label={`${t('programme.cohort.schedule.place')} ${t('common.optional')}`}
        value={value.place}
        maxLength={200}
        onChange={(e) => onChange({ place: e.currentTarget.value })}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value.mandatory}
          onChange={(e) => onChange({ mandatory: e.currentTarget.checked })}
        />
        <span>{t('programme.cohort.schedule.mandatory')}</span>
      </label>
    </>
  );
}

function commonBody(v: Common & { type: SessionType }) {
  return {
    type: v.type,
    ...(v.title.trim() ? { title: v.title.trim() } : {}),
    startTime: v.startTime,
    endTime: v.endTime,
    ...(v.facilitatorId
      ? { facilitatorId: v.facilitatorId }
      : v.facilitatorName.trim()
        ? { facilitatorName: v.facilitatorName.trim() }
        : {}),
    ...(v.place.trim() ? { place: v.place.trim() } : {}),
    ...(v.partnerId
      ? { partnerId: v.partnerId, ...(v.partnerPerson.trim() ? { partnerPerson: v.partnerPerson.trim() } : {}) }
      : {}),
    mandatory: v.mandatory,
  };
}

function timeErrors(v: Common, t: TFunction): FieldErrors {
  const e: FieldErrors = {};
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!hhmm.test(v.startTime)) e.startTime = t('programme.common.required');
  if (!hhmm.test(v.endTime)) e.endTime = t('programme.common.required');
  else if (hhmm.test(v.startTime) && v.endTime <= v.startTime) e.endTime = t('programme.common.timeRange');
  return e;
}

/**
 * A weekly rule in two steps: the form starts with no type and no day chosen; "show the dates" asks the server
 * what the rule would make (holidays skipped or moved, nothing written), and only that list's button creates
 * them, over the same period. Any change to the form clears the list; a change of type clears the days too.
 */
function GenerateForm({
  cohortId,
  period,
  staff,
  partners,
  onDone,
}: {
  cohortId: string;
  period: string;
  staff: StaffMember[];
  partners: PartnerOption[];
  onDone(r: GenerateResult): void;
}) {
  const { t } = useTranslation();
  const [common, setCommon] = useState<Common>({
    type: '',
    title: '',
    startTime: '08:00',
    endTime: '10:00',
    facilitatorId: '',
    facilitatorName: '',
    place: '',
    partnerId: '',
    partnerPerson: '',
    mandatory: true,
  });
  const [weekdays, setWeekdays] = useState<string[]>([]);
  const [weekdaysCleared, setWeekdaysCleared] = useState(false);
  const [holidays, setHolidays] = useState<'skip' | 'move'>('skip');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** The rule the server was asked about and its answer; cleared by any change to the form. */
  const [preview, setPreview] = useState<{ rule: GenerateRule; dates: GeneratePreview } | null>(null);
  const previewRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);

  const changed = () => {
    setPreview(null);
    setError(null);
  };

  async function showDates(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const errs: FieldErrors = { ...timeErrors(common, t) };
    if (!common.type) errs.type = t('programme.cohort.schedule.typeError');
    if (weekdays.length === 0) errs.weekdays = t('programme.cohort.schedule.weekdaysError');
    if (from && to && isIsoDate(from) && isIsoDate(to) && to < from) errs.to = t('programme.common.dateRange');
    setErrors(errs);
    if (hasErrors(errs) || !common.type) {
      (e.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const rule: GenerateRule = {
      ...commonBody({ ...common, type: common.type }),
      weekdays: weekdays.map(Number).sort((a, b) => a - b),
      holidays,
      ...(isIsoDate(from) ? { from } : {}),
      ...(isIsoDate(to) ? { to } : {}),
    };
    setBusy(true);
    try {
      const dates = await programmeApi.cohorts.previewSessions(cohortId, rule);
      // The period the server resolved goes with the rule, so creating makes exactly the dates shown.
      setPreview({ rule: { ...rule, from: dates.from, to: dates.to }, dates });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function create() {
    if (!preview) return;
    setError(null);
    setBusy(true);
    try {
      onDone(await programmeApi.cohorts.generate(cohortId, preview.rule));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const count = preview?.dates.dates.length ?? 0;
  return (
    <>
      <form
        className="prog-form"
        onSubmit={showDates}
        noValidate
        aria-label={t('programme.cohort.schedule.generateTitle')}
      >
        <p className="note">{t('programme.cohort.schedule.generateIntro')}</p>
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
        <CommonFields
          prefix="rule"
          value={common}
          errors={errors}
          staff={staff}
          partners={partners}
          chooseType
          onChange={(v) => {
            changed();
            if (v.type !== undefined && v.type !== common.type) {
              // The days were chosen for another kind of session: they are not kept for this one.
              setWeekdaysCleared(weekdays.length > 0);
              setWeekdays([]);
            }
            setCommon((c) => ({ ...c, ...v }));
          }}
        >
          <CheckboxGroup
            id="rule-weekdays"
            legend={t('programme.cohort.schedule.weekdays')}
            hint={weekdaysCleared ? t('programme.cohort.schedule.weekdaysCleared') : undefined}
            error={errors.weekdays}
            options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayLabel(d, t) }))}
            value={weekdays}
            onChange={(v) => {
              changed();
              setWeekdaysCleared(false);
              setWeekdays(v);
            }}
          />
        </CommonFields>
        <RadioGroup<'skip' | 'move'>
          id="rule-holidays"
          legend={t('programme.cohort.schedule.holidays')}
          options={[
            { value: 'skip', label: t('programme.cohort.schedule.holidaysSkip') },
            { value: 'move', label: t('programme.cohort.schedule.holidaysMove') },
          ]}
          value={holidays}
          onChange={(v) => {
            changed();
            setHolidays(v);
          }}
        />
        <p className="hint" id="rule-range-hint">
          {t('programme.cohort.schedule.rangeHint', { period })}
        </p>
        <div className="time-pair">
          <TextField
            id="rule-from"
            type="date"
            label={`${t('programme.cohort.schedule.from')} ${t('common.optional')}`}
            value={from}
            onChange={(e) => {
              changed();
              setFrom(e.currentTarget.value);
            }}
          />
          <TextField
            id="rule-to"
            type="date"
            label={`${t('programme.cohort.schedule.to')} ${t('common.optional')}`}
            value={to}
            error={errors.to}
            onChange={(e) => {
              changed();
              setTo(e.currentTarget.value);
            }}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {t('programme.cohort.schedule.preview')}
          </button>
        </div>
      </form>
      {preview ? (
        <section className="step" ref={previewRef} tabIndex={-1} aria-labelledby="rule-preview-title">
          <h4 id="rule-preview-title">
            {count > 0
              ? t('programme.cohort.schedule.previewTitle', { count })
              : t('programme.cohort.schedule.previewNone', {
                  period: formatPeriod(preview.dates.from, preview.dates.to),
                })}
          </h4>
          {count > 0 ? (
            <ol className="holiday-list">
              {preview.dates.dates.map((d) => (
                <li key={d.date}>
                  {d.movedFrom
                    ? t('programme.cohort.schedule.previewMoved', {
                        date: formatWeekdayDate(d.date),
                        from: formatWeekdayDate(d.movedFrom),
                      })
                    : formatWeekdayDate(d.date)}
                </li>
              ))}
            </ol>
          ) : null}
          {preview.dates.skipped.length ? (
            <>
              <p className="result-title">{t('programme.cohort.schedule.skippedTitle')}</p>
              <ul className="holiday-list">
                {preview.dates.skipped.map((x) => (
                  <li key={x.date}>
                    {t('programme.cohort.schedule.skipped', { date: formatWeekdayDate(x.date), holiday: x.holiday })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {count > 0 ? (
            <>
              <p className="hint">{t('programme.cohort.schedule.previewHint')}</p>
              <div className="button-row">
                <button type="button" className="button button-primary" disabled={busy} onClick={() => void create()}>
                  {busy ? t('common.saving') : t('programme.cohort.schedule.confirmGenerate', { count })}
                </button>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function AddSessionForm({
  cohortId,
  defaultDate,
  staff,
  partners,
  onDone,
}: {
  cohortId: string;
  defaultDate: string;
  staff: StaffMember[];
  partners: PartnerOption[];
  onDone(s: Session): void;
}) {
  const { t } = useTranslation();
  const [common, setCommon] = useState<Common>({
    type: 'TRADE_SKILL',
    title: '',
    startTime: '09:00',
    endTime: '12:00',
    facilitatorId: '',
    facilitatorName: '',
    place: '',
    partnerId: '',
    partnerPerson: '',
    mandatory: false,
  });
  const [date, setDate] = useState(defaultDate);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const errs: FieldErrors = { ...timeErrors(common, t) };
    if (!common.type) errs.type = t('programme.cohort.schedule.typeError');
    if (!isIsoDate(date)) errs.date = t('programme.common.required');
    setErrors(errs);
    if (hasErrors(errs) || !common.type) {
      (e.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const body: SessionInput = { ...commonBody({ ...common, type: common.type }), date };
    setBusy(true);
    try {
      onDone(await programmeApi.cohorts.addSession(cohortId, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="prog-form" onSubmit={submit} noValidate aria-label={t('programme.cohort.schedule.addTitle')}>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <CommonFields
        prefix="one"
        value={common}
        errors={errors}
        staff={staff}
        partners={partners}
        onChange={(v) => setCommon((c) => ({ ...c, ...v }))}
      >
        <TextField
          id="one-date"
          type="date"
          label={t('programme.cohort.schedule.date')}
          value={date}
          error={errors.date}
          onChange={(e) => setDate(e.currentTarget.value)}
        />
      </CommonFields>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('programme.cohort.schedule.add')}
        </button>
      </div>
    </form>
  );
}

function MoveForm({ session, onDone, onCancel }: { session: Session; onDone(s: Session): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(session.date);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLDivElement>(null);
  useEffect(() => inputRef.current?.querySelector('input')?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!isIsoDate(date)) {
      setFieldError(t('programme.common.required'));
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      onDone(await programmeApi.sessions.update(session.id, etagOf(session), { date }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="inline-form"
      onSubmit={submit}
      noValidate
      aria-label={t('programme.cohort.schedule.moveOf', { session: sessionLabel(session, t) })}
    >
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <div ref={inputRef}>
        <TextField
          id={`move-${session.id}`}
          type="date"
          label={t('programme.cohort.schedule.moveDate')}
          value={date}
          error={fieldError}
          onChange={(e) => setDate(e.currentTarget.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {t('programme.cohort.schedule.moveSubmit')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onCancel} disabled={busy}>
          {t('programme.common.cancel')}
        </button>
      </div>
    </form>
  );
}

function SessionItem({
  s,
  cohortId,
  today,
  manage,
  chosen,
  onChoose,
  onChanged,
}: {
  s: Session;
  cohortId: string;
  today: string;
  manage: boolean;
  /** Ticked for a change of several sessions at once. */
  chosen: boolean;
  onChoose(on: boolean): void;
  onChanged(s: Session, message: string): void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const [moving, setMoving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const label = sessionLabel(s, t);
  const mayMark = can('attendance.mark') || s.facilitatorId === me.id;

  async function setCancelled(cancelled: boolean) {
    setError(null);
    setBusy(true);
    try {
      const saved = await programmeApi.sessions.update(s.id, etagOf(s), { cancelled });
      onChanged(
        saved,
        cancelled
          ? t('programme.cohort.schedule.cancelledNotice', { session: label })
          : t('programme.cohort.schedule.restored', { session: label }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li
      className={`record session-item${s.cancelled ? ' record-muted' : ''}${s.date === today ? ' session-today' : ''}`}
    >
      {manage && !s.cancelled ? (
        <label className="checkbox">
          <input type="checkbox" checked={chosen} onChange={(e) => onChoose(e.currentTarget.checked)} />
          <span>
            {t('programme.cohort.schedule.choose')}
            <span className="visually-hidden"> {label}</span>
          </span>
        </label>
      ) : null}
      <h5 className="session-heading">
        {formatWeekdayDate(s.date)}
        {s.date === today ? <span className="badge badge-ok">{t('programme.common.today')}</span> : null}
      </h5>
      <p className="session-what">
        <strong>{s.title ?? pLabel('sessionTypes', s.type, t)}</strong>
        {s.title ? ` · ${pLabel('sessionTypes', s.type, t)}` : ''}{' '}
        {s.mandatory ? <span className="badge badge-warn">{t('programme.common.mandatory')}</span> : null}{' '}
        {s.cancelled ? <span className="badge badge-muted">{t('programme.common.cancelled')}</span> : null}
      </p>
      <dl className="inline-details">
        <div>
          <dt>{t('programme.cohort.schedule.time')}</dt>
          <dd>{formatTimeRange(s.startTime, s.endTime)}</dd>
        </div>
        <div>
          <dt>{t('programme.cohort.schedule.facilitator')}</dt>
          <dd>{s.facilitator ?? t('common.none')}</dd>
        </div>
        {s.partner ? (
          <div>
            <dt>{t('programme.cohort.schedule.partner')}</dt>
            <dd>{s.partnerPerson ? `${s.partner} · ${s.partnerPerson}` : s.partner}</dd>
          </div>
        ) : null}
        {s.place ? (
          <div>
            <dt>{t('programme.cohort.schedule.place')}</dt>
            <dd>{s.place}</dd>
          </div>
        ) : null}
      </dl>
      {s.movedFrom ? (
        <p className="note">{t('programme.cohort.schedule.movedFrom', { date: formatDay(s.movedFrom) })}</p>
      ) : null}
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <div className="button-row">
        {!s.cancelled ? (
          <Link
            href={`/sessions/${s.id}/attendance?cohort=${cohortId}`}
            className={`button button-small ${mayMark && s.date <= today ? 'button-primary' : 'button-secondary'}`}
          >
            {mayMark ? t('programme.cohort.schedule.mark') : t('programme.cohort.schedule.view')}
            <span className="visually-hidden"> {label}</span>
          </Link>
        ) : null}
        <a href={programmeApi.sessions.sheetUrl(s.id)} download className="button button-secondary button-small">
          {t('programme.cohort.schedule.sheet')}
          <span className="visually-hidden"> {label}</span>
        </a>
        {manage && !moving ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setMoving(true)}
            disabled={busy}
          >
            {t('programme.cohort.schedule.move')}
            <span className="visually-hidden"> {label}</span>
          </button>
        ) : null}
        {manage && s.cancelled ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => void setCancelled(false)}
            disabled={busy}
          >
            {t('programme.cohort.schedule.restore')}
            <span className="visually-hidden"> {label}</span>
          </button>
        ) : null}
      </div>
      {manage && moving ? (
        <MoveForm
          session={s}
          onCancel={() => setMoving(false)}
          onDone={(saved) => {
            setMoving(false);
            onChanged(saved, t('programme.cohort.schedule.moved', { date: formatWeekdayDate(saved.date) }));
          }}
        />
      ) : null}
      {manage && !s.cancelled ? (
        <ConfirmAction
          label={t('programme.cohort.schedule.cancel')}
          detail={label}
          question={t('programme.cohort.schedule.cancelQuestion', { session: label })}
          confirmLabel={t('programme.cohort.schedule.cancelConfirm')}
          busy={busy}
          tone="secondary"
          onConfirm={() => setCancelled(true)}
        />
      ) : null}
    </li>
  );
}

/**
 * The sessions ticked in the list, cancelled or moved by a number of days with one reason, in one request: all
 * or none. When someone changed one of them meanwhile nothing is changed, the list is loaded again and the
 * choice kept, so the user checks and tries again.
 */
function BulkSessions({
  cohortId,
  chosen,
  onDone,
  onRefused,
  onClear,
}: {
  cohortId: string;
  chosen: Session[];
  onDone(before: Session[], after: Session[], action: 'cancel' | 'move'): void;
  onRefused(): Promise<void>;
  onClear(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [shift, setShift] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<{ err: unknown; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const count = chosen.length;

  async function run(action: 'cancel' | 'move') {
    setError(null);
    const text = reason.trim();
    const days = Number(shift);
    const errs: FieldErrors = {
      ...(text && text.length <= 500 ? {} : { reason: t('programme.cohort.schedule.bulkReasonError') }),
      ...(action === 'move' && !(/^-?\d+$/.test(shift.trim()) && days !== 0 && Math.abs(days) <= 60)
        ? { shift: t('programme.cohort.schedule.bulkShiftError') }
        : {}),
    };
    setErrors(errs);
    if (hasErrors(errs)) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const sessions = chosen.map((x) => ({ id: x.id, version: x.version }));
    setBusy(true);
    try {
      const after = await programmeApi.cohorts.changeSessions(
        cohortId,
        action === 'cancel' ? { action, sessions, reason: text } : { action, sessions, reason: text, shiftDays: days },
      );
      setReason('');
      setShift('');
      onDone(chosen, after, action);
    } catch (err) {
      const code = errorCodeOf(err);
      if (code === 'stale_version') {
        setError({ err, message: t('programme.cohort.schedule.bulkStale') });
        await onRefused();
      } else if (code === 'session_cancelled') {
        const ids = ((err as ApiError).details as { sessionIds?: string[] } | undefined)?.sessionIds ?? [];
        const names = chosen.filter((x) => ids.includes(x.id)).map((x) => sessionLabel(x, t));
        setError({ err, message: t('programme.cohort.schedule.bulkAlreadyCancelled', { sessions: names.join('; ') }) });
        await onRefused();
      } else {
        setError({ err, message: programmeError(err, t) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="step" aria-labelledby="bulk-title">
      <h3 id="bulk-title">{t('programme.cohort.schedule.bulkTitle')}</h3>
      <p className="note">{t('programme.cohort.schedule.bulkIntro')}</p>
      <p aria-live="polite" className="count">
        {t('programme.cohort.schedule.bulkCount', { count })}
      </p>
      <ErrorAlert error={error?.err} message={error?.message} />
      {count > 0 ? (
        <form
          ref={formRef}
          className="prog-form"
          noValidate
          aria-labelledby="bulk-title"
          onSubmit={(e) => {
            e.preventDefault();
            void run('cancel');
          }}
        >
          <TextAreaField
            id="bulk-reason"
            label={t('programme.cohort.schedule.bulkReason')}
            hint={t('programme.cohort.schedule.bulkReasonHint')}
            error={errors.reason}
            value={reason}
            rows={2}
            maxLength={500}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <TextField
            id="bulk-shift"
            type="number"
            inputMode="numeric"
            min={-60}
            max={60}
            step={1}
            label={t('programme.cohort.schedule.bulkShift')}
            hint={t('programme.cohort.schedule.bulkShiftHint')}
            error={errors.shift}
            value={shift}
            onChange={(e) => setShift(e.currentTarget.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={busy}>
              {t('programme.cohort.schedule.bulkCancel', { count })}
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => void run('move')}>
              {t('programme.cohort.schedule.bulkMove', { count })}
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={onClear}>
              {t('programme.cohort.schedule.bulkClear')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function ScheduleTab({ cohort }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [generated, setGenerated] = useState<GenerateResult | null>(null);
  const [open, setOpen] = useState<'generate' | 'add' | null>(null);
  /** Ids of the sessions ticked for a change of several at once. */
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  // A cohort whose graduation is confirmed keeps its schedule as it was.
  const manage = can('session.manage') && !cohort.graduationConfirmedAt;
  const staff = useFacilitators();
  const partners = usePartners();
  const today = todayInOffice();
  const resultRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setItems(await programmeApi.cohorts.sessions(cohort.id));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [cohort.id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (generated || notice) resultRef.current?.focus();
  }, [generated, notice]);

  const period = formatPeriod(cohort.startDate, cohort.endDate);
  const months = items ? groupByMonthAndWeek(items) : [];
  // Only sessions still open can be changed together; a choice of one cancelled meanwhile falls away.
  const chosenSessions = (items ?? []).filter((s) => chosen.has(s.id) && !s.cancelled);
  const choose = (id: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="tab-content">
      <h2>{t('programme.cohort.schedule.title')}</h2>
      <p>
        <a href={programmeApi.cohorts.scheduleUrl(cohort.id)} download className="button button-secondary button-small">
          {t('programme.cohort.schedule.print')}
        </a>
      </p>
      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {notice ? (
          <StatusMessage tone="success">
            <p>{notice}</p>
          </StatusMessage>
        ) : null}
        {generated ? (
          <StatusMessage tone="success">
            <p>{t('programme.cohort.schedule.generated', { count: generated.items.length })}</p>
            {generated.skipped?.length ? (
              <>
                <p className="result-title">{t('programme.cohort.schedule.skippedTitle')}</p>
                <ul className="holiday-list">
                  {generated.skipped.map((x) => (
                    <li key={x.date}>
                      {t('programme.cohort.schedule.skipped', { date: formatWeekdayDate(x.date), holiday: x.holiday })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {generated.items.some((x) => x.movedFrom) ? (
              <>
                <p className="result-title">{t('programme.cohort.schedule.movedTitle')}</p>
                <ul className="holiday-list">
                  {generated.items
                    .filter((x) => x.movedFrom)
                    .map((x) => (
                      <li key={x.id}>
                        {t('programme.cohort.schedule.movedItem', {
                          from: formatWeekdayDate(x.movedFrom!),
                          to: formatWeekdayDate(x.date),
                        })}
                      </li>
                    ))}
                </ul>
              </>
            ) : null}
          </StatusMessage>
        ) : null}
      </div>
      {manage ? (
        <div className="schedule-tools">
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={open === 'generate'}
              aria-controls="schedule-generate"
              onClick={() => setOpen(open === 'generate' ? null : 'generate')}
            >
              {t('programme.cohort.schedule.generateTitle')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={open === 'add'}
              aria-controls="schedule-add"
              onClick={() => setOpen(open === 'add' ? null : 'add')}
            >
              {t('programme.cohort.schedule.addTitle')}
            </button>
          </div>
          <div id="schedule-generate" hidden={open !== 'generate'} className="step">
            {open === 'generate' ? (
              <>
                <h3>{t('programme.cohort.schedule.generateTitle')}</h3>
                <GenerateForm
                  cohortId={cohort.id}
                  period={period}
                  staff={staff}
                  partners={partners}
                  onDone={(r) => {
                    setNotice(null);
                    setGenerated(r);
                    setOpen(null);
                    void load();
                  }}
                />
              </>
            ) : null}
          </div>
          <div id="schedule-add" hidden={open !== 'add'} className="step">
            {open === 'add' ? (
              <>
                <h3>{t('programme.cohort.schedule.addTitle')}</h3>
                <AddSessionForm
                  cohortId={cohort.id}
                  defaultDate={today >= cohort.startDate && today <= cohort.endDate ? today : cohort.startDate}
                  staff={staff}
                  partners={partners}
                  onDone={(s) => {
                    setGenerated(null);
                    setNotice(t('programme.cohort.schedule.added', { session: sessionLabel(s, t) }));
                    setOpen(null);
                    void load();
                  }}
                />
              </>
            ) : null}
          </div>
        </div>
      ) : null}
      <ErrorAlert error={error} />
      {items === null && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items && items.length === 0 ? (
        <p>{t('programme.cohort.schedule.empty')}</p>
      ) : items ? (
        <>
          <p className="count">
            {t('programme.cohort.schedule.count', { count: items.filter((s) => !s.cancelled).length })}
          </p>
          {manage && items.some((s) => !s.cancelled) ? (
            <BulkSessions
              cohortId={cohort.id}
              chosen={chosenSessions}
              onClear={() => setChosen(new Set())}
              onRefused={load}
              onDone={(before, after, action) => {
                setGenerated(null);
                setChosen(new Set());
                const names =
                  action === 'cancel'
                    ? after.map((x) => sessionLabel(x, t))
                    : after.map((x) => {
                        const was = before.find((b) => b.id === x.id);
                        return `${was ? formatWeekdayDate(was.date) : ''} → ${formatWeekdayDate(x.date)}`;
                      });
                setNotice(
                  t(
                    action === 'cancel'
                      ? 'programme.cohort.schedule.bulkCancelled'
                      : 'programme.cohort.schedule.bulkMoved',
                    { count: after.length, sessions: names.join('; ') },
                  ),
                );
                void load();
              }}
            />
          ) : null}
          {months.map((m) => (
            <section key={m.key} className="schedule-month" aria-labelledby={`month-${m.key}`}>
              <h3 id={`month-${m.key}`}>{monthTitle(m.key)}</h3>
              {m.weeks.map((w) => (
                <section key={w.start} className="schedule-week" aria-labelledby={`week-${m.key}-${w.start}`}>
                  <h4 id={`week-${m.key}-${w.start}`}>
                    {t('programme.cohort.schedule.week', {
                      from: formatDay(w.start),
                      to: formatDay(addDays(w.start, 6)),
                    })}
                  </h4>
                  <ul className="record-list session-list">
                    {w.items.map((s) => (
                      <SessionItem
                        key={s.id}
                        s={s}
                        cohortId={cohort.id}
                        today={today}
                        manage={manage}
                        chosen={chosen.has(s.id)}
                        onChoose={(on) => choose(s.id, on)}
                        onChanged={(saved, message) => {
                          setGenerated(null);
                          setNotice(message);
                          setItems((list) =>
                            list
                              ? list
                                  .map((x) => (x.id === saved.id ? saved : x))
                                  .sort((a, b) => (a.date + a.startTime).localeCompare(b.date + b.startTime))
                              : list,
                          );
                        }}
                      />
                    ))}
                  </ul>
                </section>
              ))}
            </section>
          ))}
        </>
      ) : null}
    </div>
  );
}
