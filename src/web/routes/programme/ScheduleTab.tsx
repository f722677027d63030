// The schedule of a cohort, by month and week: each session with its day, time (WITA), type, facilitator
// and place, a way to its attendance and its printed attendance sheet. The head of section creates
// sessions from a weekly rule (the dates shown first, national holidays skipped or moved, then created),
// adds one session, moves a session to another date or cancels it, or ticks several and cancels or moves
// them at once with one reason. Facilitators see their own sessions only.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormContext } from 'react-hook-form';
import { z } from 'zod';
import { SESSION_TYPES } from '../../../shared/codes.ts';
import {
  type generatePreviewResponse,
  generateRuleBody,
  sessionBody,
  sessionBulkBody,
  sessionUpdateBody,
} from '../../../shared/programme-api.ts';
import { ApiError, type Body, fileUrl, newIdempotencyKey, type Reply, request } from '../../data/client.ts';
import { invalidateResources, useApi, useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useSession, useUser } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { CheckboxGroupInput, RadioGroupInput, SelectInput, TextAreaInput, TextInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { errorCodeOf } from '../../errors.ts';
import { roleLabel } from '../../labels.ts';
import type { CohortTabProps } from './cohort-tab.ts';
import {
  addDays,
  formatPeriod,
  formatTimeRange,
  formatWeekdayDate,
  pLabel,
  programmeError,
  weekdayLabel,
  weekStart,
} from './shared.ts';

type Session = Reply<'GET /api/cohorts/:id/sessions'>['items'][number];
type StaffMember = Reply<'GET /api/staff'>['items'][number];
type PartnerOption = Reply<'GET /api/partners'>['items'][number];
// A dry run's answer: the dates the rule makes (the real run answers with the sessions it made).
type Preview = z.output<typeof generatePreviewResponse>;
type GenerateRule = Body<'POST /api/cohorts/:id/sessions/generate'>;

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
  const enabled = can('staff.list');
  const facilitators = useApi('GET /api/staff', { query: { role: 'facilitator' } }, { enabled }).data?.items ?? [];
  const psychologists = useApi('GET /api/staff', { query: { role: 'psychologist' } }, { enabled }).data?.items ?? [];
  return [...facilitators, ...psychologists];
}

/** Active partner organisations for the session forms; empty when the partner list is not ours to read. */
function usePartners(): PartnerOption[] {
  const { can } = useSession();
  const all = useApi('GET /api/partners', {}, { enabled: can('partner.list') }).data?.items ?? [];
  return all.filter((p) => p.active);
}

/** The fields a weekly rule and one session share, as both bodies name them. */
interface Common {
  type?: (typeof SESSION_TYPES)[number];
  title?: string;
  startTime?: string;
  endTime?: string;
  facilitatorId?: string;
  facilitatorName?: string;
  place?: string;
  partnerId?: string;
  partnerPerson?: string;
  mandatory?: boolean;
}

/** A person named by hand only when no account is chosen, a partner's person only with a partner. */
function commonBody<T extends Common>(v: T): T {
  const { facilitatorName, partnerPerson, ...rest } = v;
  return {
    ...rest,
    ...(v.facilitatorId ? {} : facilitatorName ? { facilitatorName } : {}),
    ...(v.partnerId && partnerPerson ? { partnerPerson } : {}),
  } as T;
}

/** End after start: said on the end time (both are times of the same day, "HH:MM"). */
function timesInOrder(setEndError: (message: string) => void, v: Common, t: TFunction): boolean {
  if (v.startTime && v.endTime && v.endTime <= v.startTime) {
    setEndError(t('programme.common.timeRange'));
    return false;
  }
  return true;
}

/**
 * The fields a rule and a single session share: type, title, times, facilitator, place, mandatory. With
 * `chooseType` the type starts unchosen ("choose a session type").
 */
function CommonFields({
  prefix,
  staff,
  partners,
  chooseType,
  children,
}: {
  prefix: string;
  staff: StaffMember[];
  partners: PartnerOption[];
  chooseType?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const form = useFormContext<Common>();
  const facilitatorId = form.watch('facilitatorId');
  const partnerId = form.watch('partnerId');
  return (
    <>
      <SelectInput<Common> name="type" id={`${prefix}-type`} label={t('programme.cohort.schedule.type')}>
        {chooseType ? <option value="">{t('programme.cohort.schedule.typeChoose')}</option> : null}
        {SESSION_TYPES.map((s) => (
          <option key={s} value={s}>
            {pLabel('sessionTypes', s, t)}
          </option>
        ))}
      </SelectInput>
      <TextInput<Common>
        name="title"
        id={`${prefix}-title`}
        label={`${t('programme.cohort.schedule.sessionTitle')} ${t('common.optional')}`}
        maxLength={150}
      />
      {children}
      <div className="time-pair">
        <TextInput<Common>
          name="startTime"
          id={`${prefix}-start`}
          type="time"
          label={t('programme.cohort.schedule.start')}
        />
        <TextInput<Common> name="endTime" id={`${prefix}-end`} type="time" label={t('programme.cohort.schedule.end')} />
      </div>
      {staff.length ? (
        <SelectInput<Common>
          name="facilitatorId"
          id={`${prefix}-facilitator`}
          label={t('programme.cohort.schedule.facilitatorUser')}
        >
          <option value="">{t('programme.cohort.schedule.facilitatorNone')}</option>
          {staff.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ?? u.username} ({roleLabel(u.role, t)})
            </option>
          ))}
        </SelectInput>
      ) : null}
      {!facilitatorId ? (
        <TextInput<Common>
          name="facilitatorName"
          id={`${prefix}-facilitator-name`}
          label={`${t('programme.cohort.schedule.facilitatorName')} ${t('common.optional')}`}
          hint={t('programme.cohort.schedule.facilitatorNameHint')}
          maxLength={120}
        />
      ) : null}
      {partners.length ? (
        <SelectInput<Common>
          name="partnerId"
          id={`${prefix}-partner`}
          label={`${t('programme.cohort.schedule.partnerField')} ${t('common.optional')}`}
          hint={t('programme.cohort.schedule.partnerHint')}
        >
          <option value="">{t('programme.cohort.schedule.partnerNone')}</option>
          {partners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectInput>
      ) : null}
      {partnerId ? (
        <>
          <TextInput<Common>
            name="partnerPerson"
            id={`${prefix}-partner-person`}
            label={`${t('programme.cohort.schedule.partnerPerson')} ${t('common.optional')}`}
            hint={t('programme.cohort.schedule.partnerPersonHint')}
            maxLength={120}
            list={`${prefix}-partner-contacts`}
          />
          <datalist id={`${prefix}-partner-contacts`}>
            {(partners.find((p) => p.id === partnerId)?.contacts ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.role ?? ''}
              </option>
            ))}
          </datalist>
        </>
      ) : null}
      <TextInput<Common>
        name="place"
        id={`${prefix}-place`}
        label={`${t('programme.cohort.schedule.place')} ${t('common.optional')}`}
        maxLength={200}
      />
      <label className="checkbox">
        <input type="checkbox" {...form.register('mandatory')} />
        <span>{t('programme.cohort.schedule.mandatory')}</span>
      </label>
    </>
  );
}

/** The rule's body with the days as the checkboxes' values ("5" for Friday). */
const ruleForm = generateRuleBody
  .omit({ weekdays: true, dryRun: true })
  .extend({ weekdays: z.array(z.string()).min(1).max(7) });
type RuleIn = z.input<typeof ruleForm>;
type RuleOut = z.output<typeof ruleForm>;

/** What a created rule made, as its preview showed it: the dates, those moved off a holiday, those skipped. */
export interface Generated {
  count: number;
  moved: { from: string; to: string }[];
  skipped: Preview['skipped'];
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
  onDone(r: Generated): void;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(ruleForm, {
    defaultValues: { startTime: '08:00', endTime: '10:00', mandatory: true, weekdays: [], holidays: 'skip' },
    messages: {
      type: t('programme.cohort.schedule.typeError'),
      weekdays: t('programme.cohort.schedule.weekdaysError'),
    },
  });
  const [weekdaysCleared, setWeekdaysCleared] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The rule the server was asked about and its answer; cleared by any change to the form. */
  const [preview, setPreview] = useState<{ rule: GenerateRule; dates: Preview } | null>(null);
  const previewRef = useRef<HTMLElement>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  // Asking for the dates writes nothing: it is not a change of the cohort.
  const ask = useMutation({
    mutationFn: (rule: GenerateRule) =>
      request('POST /api/cohorts/:id/sessions/generate', { params: { id: cohortId }, body: { ...rule, dryRun: true } }),
  });
  const generate = useApiMutation('POST /api/cohorts/:id/sessions/generate');
  const busy = ask.isPending || generate.isPending;
  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);
  // Any change takes the dates away (they would no longer be what is created); a new type takes the days too.
  const lastType = useRef<string | undefined>(undefined);
  useEffect(() => {
    const sub = form.watch((v, { name, type }) => {
      if (type !== 'change') return;
      setPreview(null);
      setError(null);
      if (name === 'type' && v.type !== lastType.current) {
        lastType.current = v.type;
        // The days were chosen for another kind of session: they are not kept for this one.
        setWeekdaysCleared((v.weekdays ?? []).length > 0);
        if ((v.weekdays ?? []).length > 0) form.setValue('weekdays', []);
      }
      if (name === 'weekdays') setWeekdaysCleared(false);
      if (name === 'partnerId' && !v.partnerId) form.setValue('partnerPerson', undefined);
    });
    return () => sub.unsubscribe();
  }, [form]);

  async function showDates(v: RuleOut) {
    setError(null);
    if (!timesInOrder((message) => form.setError('endTime', { type: 'order', message }), v, t))
      return form.kit.focusFirstInvalid();
    if (v.from && v.to && v.to < v.from) {
      form.setError('to', { type: 'order', message: t('programme.common.dateRange') });
      return form.kit.focusFirstInvalid();
    }
    const rule: GenerateRule = {
      ...commonBody(v),
      weekdays: v.weekdays.map(Number).sort((a, b) => a - b),
    };
    const { data } = await ask.mutateAsync(rule);
    // A dry run answers with the dates (200); only the real run answers with sessions (201).
    if (!('dates' in data)) return;
    // The period the server resolved goes with the rule, so creating makes exactly the dates shown.
    setPreview({ rule: { ...rule, from: data.from, to: data.to }, dates: data });
  }

  async function create() {
    if (!preview) return;
    setError(null);
    try {
      await generate.mutateAsync({
        params: { id: cohortId },
        body: preview.rule,
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      onDone({
        count: preview.dates.dates.length,
        moved: preview.dates.dates.flatMap((d) => (d.movedFrom ? [{ from: d.movedFrom, to: d.date }] : [])),
        skipped: preview.dates.skipped,
      });
    } catch (err) {
      setError(err);
    }
  }

  const count = preview?.dates.dates.length ?? 0;
  return (
    <>
      <SchemaForm
        form={form}
        onSubmit={showDates}
        onError={setError}
        pending={busy}
        className="prog-form"
        aria-label={t('programme.cohort.schedule.generateTitle')}
      >
        <p className="note">{t('programme.cohort.schedule.generateIntro')}</p>
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
        <CommonFields prefix="rule" staff={staff} partners={partners} chooseType>
          <CheckboxGroupInput<RuleIn>
            name="weekdays"
            id="rule-weekdays"
            legend={t('programme.cohort.schedule.weekdays')}
            hint={weekdaysCleared ? t('programme.cohort.schedule.weekdaysCleared') : undefined}
            options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayLabel(d, t) }))}
          />
        </CommonFields>
        <RadioGroupInput<RuleIn, 'skip' | 'move'>
          name="holidays"
          id="rule-holidays"
          legend={t('programme.cohort.schedule.holidays')}
          options={[
            { value: 'skip', label: t('programme.cohort.schedule.holidaysSkip') },
            { value: 'move', label: t('programme.cohort.schedule.holidaysMove') },
          ]}
        />
        <p className="hint" id="rule-range-hint">
          {t('programme.cohort.schedule.rangeHint', { period })}
        </p>
        <div className="time-pair">
          <TextInput<RuleIn>
            name="from"
            id="rule-from"
            type="date"
            label={`${t('programme.cohort.schedule.from')} ${t('common.optional')}`}
          />
          <TextInput<RuleIn>
            name="to"
            id="rule-to"
            type="date"
            label={`${t('programme.cohort.schedule.to')} ${t('common.optional')}`}
          />
        </div>
        <div className="button-row">
          <SubmitButton className="button button-secondary" busyLabel={t('programme.cohort.schedule.preview')}>
            {t('programme.cohort.schedule.preview')}
          </SubmitButton>
        </div>
      </SchemaForm>
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
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy}
                  aria-busy={generate.isPending || undefined}
                  onClick={() => void create()}
                >
                  {generate.isPending ? t('common.saving') : t('programme.cohort.schedule.confirmGenerate', { count })}
                </button>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** The fields of a session the schedule changes, from the session, the session as read with its cohort, or a body. */
const scheduleFields = (v: unknown): Record<string, unknown> => {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const s = (typeof o.session === 'object' && o.session !== null ? o.session : o) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of ['date', 'cancelled'] as const) if (f in s) out[f] = s[f];
  return out;
};

/**
 * A change of one session (moved, cancelled, restored) with the version it was read at (If-Match). A change made
 * meanwhile opens the shared conflict dialog (the other change beside hers): she loads the latest (null is
 * answered; the schedule is read again) or applies hers over it.
 */
function useSessionChange(cohortId: string) {
  const { t } = useTranslation();
  const update = useVersionedMutation('PATCH /api/sessions/:id', {
    invalidates: [`/api/cohorts/${cohortId}`],
    fieldsOf: scheduleFields,
    labelOf: (field) =>
      field === 'date' ? t('programme.cohort.schedule.moveDate') : t('programme.cohort.schedule.stateField'),
    format: (field, value) =>
      field === 'date' && typeof value === 'string'
        ? formatDay(value)
        : field === 'cancelled'
          ? value
            ? t('programme.common.cancelled')
            : t('programme.cohort.schedule.goesAhead')
          : String(value),
  });
  return {
    isPending: update.isPending,
    async change(session: Session, body: Body<'PATCH /api/sessions/:id'>): Promise<Session | null> {
      const args = { params: { id: session.id } };
      const result = await update.save({
        call: { ...args, body },
        base: session,
        record: { key: 'GET /api/sessions/:id', args },
      });
      return result.outcome === 'saved' ? result.answer.data : null;
    },
  };
}

const oneForm = sessionBody;
type OneIn = z.input<typeof oneForm>;

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
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(oneForm, {
    defaultValues: { type: 'TRADE_SKILL', startTime: '09:00', endTime: '12:00', mandatory: false, date: defaultDate },
    messages: { type: t('programme.cohort.schedule.typeError') },
  });
  const idempotencyKey = useRef(newIdempotencyKey());
  const add = useApiMutation('POST /api/cohorts/:id/sessions');
  useEffect(() => {
    const sub = form.watch((v, { name, type }) => {
      if (type === 'change' && name === 'partnerId' && !v.partnerId) form.setValue('partnerPerson', undefined);
    });
    return () => sub.unsubscribe();
  }, [form]);

  async function submit(v: z.output<typeof oneForm>) {
    setError(null);
    if (!timesInOrder((message) => form.setError('endTime', { type: 'order', message }), v, t))
      return form.kit.focusFirstInvalid();
    const { data } = await add.mutateAsync({
      params: { id: cohortId },
      body: commonBody(v),
      idempotencyKey: idempotencyKey.current,
    });
    idempotencyKey.current = newIdempotencyKey();
    onDone(data);
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={add.isPending}
      className="prog-form"
      aria-label={t('programme.cohort.schedule.addTitle')}
    >
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <CommonFields prefix="one" staff={staff} partners={partners}>
        <TextInput<OneIn> name="date" id="one-date" type="date" label={t('programme.cohort.schedule.date')} />
      </CommonFields>
      <div className="button-row">
        <SubmitButton>{t('programme.cohort.schedule.add')}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

const moveForm = sessionUpdateBody.pick({ date: true }).required();

function MoveForm({
  session,
  cohortId,
  onDone,
  onCancel,
}: {
  session: Session;
  cohortId: string;
  onDone(s: Session): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(moveForm, { defaultValues: { date: session.date } });
  // The version she opened the form on is the base of the move, even if the schedule is read again meanwhile.
  const [opened] = useState(session);
  const change = useSessionChange(cohortId);
  const inputRef = useRef<HTMLDivElement>(null);
  useEffect(() => inputRef.current?.querySelector('input')?.focus(), []);

  async function submit(body: z.output<typeof moveForm>) {
    setError(null);
    const saved = await change.change(opened, body);
    // She chose the latest version: the schedule shows it, and she may move it again or cancel.
    if (saved) onDone(saved);
    else onCancel();
  }
  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={change.isPending}
      className="inline-form"
      aria-label={t('programme.cohort.schedule.moveOf', { session: sessionLabel(session, t) })}
    >
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <div ref={inputRef}>
        <TextInput<z.input<typeof moveForm>>
          name="date"
          id={`move-${session.id}`}
          type="date"
          label={t('programme.cohort.schedule.moveDate')}
        />
      </div>
      <div className="button-row">
        <SubmitButton
          className="button button-primary button-small"
          busyLabel={t('programme.cohort.schedule.moveSubmit')}
        >
          {t('programme.cohort.schedule.moveSubmit')}
        </SubmitButton>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={onCancel}
          disabled={change.isPending}
        >
          {t('programme.common.cancel')}
        </button>
      </div>
    </SchemaForm>
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
  const change = useSessionChange(cohortId);
  const busy = change.isPending;
  const label = sessionLabel(s, t);
  const mayMark = can('attendance.mark') || s.facilitatorId === me.id;

  async function setCancelled(cancelled: boolean) {
    setError(null);
    try {
      const saved = await change.change(s, { cancelled });
      if (!saved) return;
      onChanged(
        saved,
        cancelled
          ? t('programme.cohort.schedule.cancelledNotice', { session: label })
          : t('programme.cohort.schedule.restored', { session: label }),
      );
    } catch (err) {
      setError(err);
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
        <a
          href={fileUrl('GET /api/sessions/:id/attendance-sheet.pdf', { id: s.id })}
          download
          className="button button-secondary button-small"
        >
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
          cohortId={cohortId}
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

const SHIFT = /^-?\d+$/;
/** One reason for all of them (the shared bulk body's), and the days to move by as typed ("-7", "14"). */
const bulkForm = z.object({
  reason: sessionBulkBody.options[0].shape.reason,
  shift: z.string().optional(),
});
type BulkIn = z.input<typeof bulkForm>;

/**
 * The sessions ticked in the list, cancelled or moved by a number of days with one reason, in one request: all
 * or none. When someone changed one of them meanwhile nothing is changed, the list is loaded again and the
 * choice kept, so the user checks and tries again.
 */
function BulkSessions({
  cohortId,
  chosen,
  onDone,
  onClear,
}: {
  cohortId: string;
  chosen: Session[];
  onDone(before: Session[], after: Session[], action: 'cancel' | 'move'): void;
  onClear(): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<{ err: unknown; message: string } | null>(null);
  /** The button that sent the form: cancel (the form's own submit) or move. */
  const action = useRef<'cancel' | 'move'>('cancel');
  const schema = useRef(
    bulkForm.superRefine(
      (v, ctx) => {
        const days = Number(v.shift);
        if (action.current === 'move' && !(SHIFT.test((v.shift ?? '').trim()) && days !== 0 && Math.abs(days) <= 60))
          ctx.addIssue({ code: 'custom', path: ['shift'], message: 'shift' });
        // Said along with a missing reason, not after it.
      },
      { when: () => true },
    ),
  ).current;
  const form = useSchemaForm(schema, {
    defaultValues: { reason: '' },
    messages: {
      reason: t('programme.cohort.schedule.bulkReasonError'),
      shift: t('programme.cohort.schedule.bulkShiftError'),
    },
  });
  const bulk = useApiMutation('POST /api/cohorts/:id/sessions/bulk');
  const count = chosen.length;

  async function run({ reason, shift }: z.output<typeof bulkForm>) {
    setError(null);
    const sessions = chosen.map((x) => ({ id: x.id, version: x.version }));
    const move = action.current === 'move';
    try {
      const { data } = await bulk.mutateAsync({
        params: { id: cohortId },
        body: move
          ? { action: 'move', sessions, reason, shiftDays: Number(shift) }
          : { action: 'cancel', sessions, reason },
      });
      form.reset({ reason: '' });
      onDone(chosen, data.items, move ? 'move' : 'cancel');
    } catch (err) {
      const code = errorCodeOf(err);
      if (code === 'stale_version' || code === 'session_cancelled') {
        // Someone changed one of them meanwhile: the schedule is read again and the choice kept.
        void invalidateResources(client, [`/api/cohorts/${cohortId}`]);
        const details = err instanceof ApiError ? err.details : undefined;
        const ids =
          details && typeof details === 'object' && 'sessionIds' in details && Array.isArray(details.sessionIds)
            ? details.sessionIds
            : [];
        const names = chosen.filter((x) => ids.includes(x.id)).map((x) => sessionLabel(x, t));
        setError({
          err,
          message:
            code === 'stale_version'
              ? t('programme.cohort.schedule.bulkStale')
              : t('programme.cohort.schedule.bulkAlreadyCancelled', { sessions: names.join('; ') }),
        });
      } else {
        throw err;
      }
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
        <SchemaForm
          form={form}
          onSubmit={run}
          onError={(err) => setError({ err, message: programmeError(err, t) })}
          pending={bulk.isPending}
          className="prog-form"
          aria-labelledby="bulk-title"
        >
          <TextAreaInput<BulkIn>
            name="reason"
            id="bulk-reason"
            label={t('programme.cohort.schedule.bulkReason')}
            hint={t('programme.cohort.schedule.bulkReasonHint')}
            rows={2}
            maxLength={500}
            emptyValue=""
          />
          <TextInput<BulkIn>
            name="shift"
            id="bulk-shift"
            type="number"
            inputMode="numeric"
            min={-60}
            max={60}
            step={1}
            label={t('programme.cohort.schedule.bulkShift')}
            hint={t('programme.cohort.schedule.bulkShiftHint')}
          />
          <div className="button-row">
            <button
              type="submit"
              className="button button-danger"
              disabled={bulk.isPending}
              onClick={() => {
                action.current = 'cancel';
              }}
            >
              {t('programme.cohort.schedule.bulkCancel', { count })}
            </button>
            <button
              type="submit"
              className="button button-secondary"
              disabled={bulk.isPending}
              onClick={() => {
                action.current = 'move';
              }}
            >
              {t('programme.cohort.schedule.bulkMove', { count })}
            </button>
            <button type="button" className="button button-secondary" disabled={bulk.isPending} onClick={onClear}>
              {t('programme.cohort.schedule.bulkClear')}
            </button>
          </div>
        </SchemaForm>
      ) : null}
    </section>
  );
}

export function ScheduleTab({ cohort }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const schedule = useApi('GET /api/cohorts/:id/sessions', { params: { id: cohort.id } });
  const items = schedule.data?.items ?? null;
  const error = schedule.error;
  const [notice, setNotice] = useState<string | null>(null);
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [open, setOpen] = useState<'generate' | 'add' | null>(null);
  /** Ids of the sessions ticked for a change of several at once. */
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  // A cohort whose graduation is confirmed keeps its schedule as it was.
  const manage = can('session.manage') && !cohort.graduationConfirmedAt;
  const staff = useFacilitators();
  const partners = usePartners();
  const today = todayInOffice();
  const resultRef = useRef<HTMLDivElement>(null);

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
        <a
          href={fileUrl('GET /api/cohorts/:id/schedule.pdf', { id: cohort.id })}
          download
          className="button button-secondary button-small"
        >
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
            <p>{t('programme.cohort.schedule.generated', { count: generated.count })}</p>
            {generated.skipped.length ? (
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
            {generated.moved.length ? (
              <>
                <p className="result-title">{t('programme.cohort.schedule.movedTitle')}</p>
                <ul className="holiday-list">
                  {generated.moved.map((x) => (
                    <li key={x.to}>
                      {t('programme.cohort.schedule.movedItem', {
                        from: formatWeekdayDate(x.from),
                        to: formatWeekdayDate(x.to),
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
                  }}
                />
              </>
            ) : null}
          </div>
        </div>
      ) : null}
      <ErrorAlert error={error} />
      {schedule.isPending ? (
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
                        onChanged={(_saved, message) => {
                          setGenerated(null);
                          setNotice(message);
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
