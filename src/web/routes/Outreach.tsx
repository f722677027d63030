// Outreach (pendekatan awal) on a phone in the evening: a contact in a few taps, with no name, NIK or
// address anywhere on the form. What is typed stays on the device (localStorage, per user) until the server
// has it, so a reload or a dropped connection loses nothing, and a retry carries the same Idempotency-Key so
// it never records the contact twice. Below: recent contacts, prospects, contacts per region and month, and
// for the head of section the alerts about people who may not have come of their own will.
import { keepPreviousData } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useController } from 'react-hook-form';
import type { z } from 'zod';
import {
  ENFORCEMENT_CHANNELS,
  INTEREST_LEVELS,
  OUTREACH_CHANNELS,
  OUTREACH_MATERIALS,
  OUTREACH_OUTCOMES,
  OUTREACH_TOPICS,
  PLACE_KINDS,
  VOLUNTARY_ANSWERS,
} from '../../shared/codes.ts';
import { outreachBody, PROSPECT_SORTS, PROSPECT_STATUSES } from '../../shared/casework-api.ts';
import { regionName } from '../../shared/regions.ts';
import { ApiError, type Body, newIdempotencyKey, type Reply } from '../data/client.ts';
import { useApi, useApiMutation } from '../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../data/url-state.ts';
import { DateField, SchemaForm, SelectInput, SubmitButton, TextInput, useSchemaForm } from '../forms/index.ts';
import { useSession, useUser } from '../session.tsx';
import { ChoiceChips, ToggleChips } from '../components/Chips.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { SelectField } from '../components/Field.tsx';
import { userKabKota } from '../labels.ts';
import { cwLabel, cwOptions, formatMonth } from '../casework-labels.ts';
import { formatDateTime, formatDay, todayInOffice } from '../format.ts';
import { usePageTitle } from '../hooks.ts';

type Of<T extends readonly string[]> = T[number];
type ProspectRow = Reply<'GET /api/outreach/prospects'>['items'][number];

const PROSPECT_PAGE_SIZE = 25;
/** The prospects' status filter, the server's order and the page in the address (never an alias). */
const URL_SHAPE = {
  prospects: codeParam(PROSPECT_STATUSES, ''),
  sort: codeParam(PROSPECT_SORTS, '-lastContactDate'),
  page: pageParam(),
};

/** The draft as kept on the device (an empty choice is ''), unchanged since drafts were first kept. */
interface Draft {
  contactDate: string;
  regionCode: string;
  placeKind: Of<typeof PLACE_KINDS> | '';
  channel: Of<typeof OUTREACH_CHANNELS> | '';
  alias: string;
  topics: Of<typeof OUTREACH_TOPICS>[];
  materials: Of<typeof OUTREACH_MATERIALS>[];
  interestLevel: Of<typeof INTEREST_LEVELS> | '';
  outcome: Of<typeof OUTREACH_OUTCOMES> | '';
  nextContactRequested: boolean;
  nextContactDate: string;
  cameVoluntarily: Of<typeof VOLUNTARY_ANSWERS> | '';
  /** The last submission tried: retried with the same key while its content is the same. */
  sent?: { key: string; body: string };
}

const DRAFT_VERSION = 1;
const draftKey = (userId: string) => `berdaya.outreach-draft.${userId}`;

function emptyDraft(regionCode: string): Draft {
  return {
    contactDate: todayInOffice(),
    regionCode,
    placeKind: '',
    channel: '',
    alias: '',
    topics: [],
    materials: [],
    interestLevel: '',
    outcome: '',
    nextContactRequested: false,
    nextContactDate: '',
    cameVoluntarily: '',
  };
}

/** Whether anything was entered beyond the defaults (a draft worth restoring and announcing). */
function hasContent(d: Draft): boolean {
  return !!(
    d.placeKind ||
    d.channel ||
    d.alias ||
    d.topics.length ||
    d.materials.length ||
    d.interestLevel ||
    d.outcome ||
    d.nextContactDate ||
    d.cameVoluntarily
  );
}

function readDraft(userId: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(userId));
    if (!raw) return null;
    const stored = JSON.parse(raw) as { v?: unknown; draft?: Draft };
    if (stored.v !== DRAFT_VERSION || !stored.draft || typeof stored.draft !== 'object') return null;
    return stored.draft;
  } catch {
    return null;
  }
}

function writeDraft(userId: string, d: Draft | null): void {
  try {
    if (d) localStorage.setItem(draftKey(userId), JSON.stringify({ v: DRAFT_VERSION, draft: d }));
    else localStorage.removeItem(draftKey(userId));
  } catch {
    // Private mode or storage full: the form still works, it just is not kept.
  }
}

const enforcementChannel = (channel: string | undefined) => !!channel && ENFORCEMENT_CHANNELS.includes(channel);

/**
 * The contact's shared schema; the form asks besides whether she came of her own will when the police or Satpol
 * PP brought her (the server alerts the head of section on anything but yes).
 */
const contactForm = outreachBody.superRefine(
  (v, ctx) => {
    if (enforcementChannel(v.channel) && !v.cameVoluntarily)
      ctx.addIssue({ code: 'custom', path: ['cameVoluntarily'], message: 'Did she come of her own will?' });
  },
  { when: () => true },
);
type ContactInput = z.input<typeof contactForm>;
type ContactValues = z.output<typeof contactForm>;

/** The form's values of a draft (an empty choice is no value). */
function valuesOf(d: Draft): ContactInput {
  const some = <T extends string>(v: T | '' | undefined) => v || undefined;
  return {
    contactDate: some(d.contactDate),
    regionCode: some(d.regionCode),
    placeKind: some(d.placeKind),
    channel: some(d.channel),
    alias: some(d.alias),
    topics: d.topics ?? [],
    materials: d.materials ?? [],
    interestLevel: some(d.interestLevel),
    outcome: some(d.outcome),
    nextContactRequested: !!d.nextContactRequested,
    nextContactDate: some(d.nextContactDate),
    cameVoluntarily: some(d.cameVoluntarily),
  } as ContactInput;
}

/** The draft kept on the device for what the form holds now. */
function draftOf(v: Partial<ContactInput>, sent: Draft['sent']): Draft {
  return {
    contactDate: v.contactDate ?? '',
    regionCode: v.regionCode ?? '',
    placeKind: v.placeKind ?? '',
    channel: v.channel ?? '',
    alias: v.alias ?? '',
    topics: [...(v.topics ?? [])],
    materials: [...(v.materials ?? [])],
    interestLevel: v.interestLevel ?? '',
    outcome: v.outcome ?? '',
    nextContactRequested: !!v.nextContactRequested,
    nextContactDate: v.nextContactDate ?? '',
    cameVoluntarily: v.cameVoluntarily ?? '',
    ...(sent ? { sent } : {}),
  };
}

/** What is sent: the questions that apply to the answers given (a next contact after a decline only when asked). */
function bodyOf(v: ContactValues): Body<'POST /api/outreach'> {
  const declined = v.outcome === 'DECLINED';
  const offerNext = !declined || v.nextContactRequested;
  return {
    contactDate: v.contactDate,
    regionCode: v.regionCode,
    placeKind: v.placeKind,
    channel: v.channel,
    ...(v.alias ? { alias: v.alias } : {}),
    topics: OUTREACH_TOPICS.filter((x) => v.topics.includes(x)),
    materials: OUTREACH_MATERIALS.filter((x) => v.materials.includes(x)),
    interestLevel: v.interestLevel,
    outcome: v.outcome,
    ...(offerNext && v.nextContactDate ? { nextContactDate: v.nextContactDate } : {}),
    ...(declined && v.nextContactRequested ? { nextContactRequested: true } : {}),
    ...(enforcementChannel(v.channel) && v.cameVoluntarily ? { cameVoluntarily: v.cameVoluntarily } : {}),
  };
}

type ChipFrame = { name: keyof ContactInput & string; id?: string };

/** ChoiceChips bound to the contact form (the form kit has no chips of its own). */
function Chips<V extends string>({
  name,
  ...rest
}: Omit<Parameters<typeof ChoiceChips<V>>[0], 'value' | 'onChange' | 'error' | 'id'> & ChipFrame) {
  const { field, fieldState } = useController<ContactInput>({ name });
  return (
    <ChoiceChips<V>
      {...rest}
      id={rest.id ?? name}
      value={(field.value as V | undefined) ?? ''}
      onChange={(v) => field.onChange(v)}
      error={fieldState.error?.message}
    />
  );
}

/** ToggleChips bound to the contact form. */
function Toggles<V extends string>({
  name,
  ...rest
}: Omit<Parameters<typeof ToggleChips<V>>[0], 'value' | 'onChange' | 'error' | 'id'> & ChipFrame) {
  const { field, fieldState } = useController<ContactInput>({ name });
  return (
    <ToggleChips<V>
      {...rest}
      id={rest.id ?? name}
      value={(field.value as V[] | undefined) ?? []}
      onChange={(v) => field.onChange(v)}
      error={fieldState.error?.message}
    />
  );
}

export function OutreachPage() {
  const { t } = useTranslation();
  usePageTitle(t('casework.outreach.title'));
  const me = useUser();
  const { can } = useSession();
  const regions = userKabKota(me.regions);
  const defaultRegion = regions.length === 1 ? regions[0]!.code : '';
  const [stored] = useState(() => readDraft(me.id));
  const [showRestored, setShowRestored] = useState(() => !!stored && hasContent(stored));
  // The last submission tried (its key and content), kept with the draft until the server has it.
  const sent = useRef<Draft['sent']>(stored?.sent);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped when the form starts again empty: its fields are drawn anew, since a bound field falls back to the
  // value it first showed (a restored draft's) when a reset leaves it without one.
  const [fresh, setFresh] = useState(0);
  const form = useSchemaForm(contactForm, {
    defaultValues: valuesOf(stored ?? emptyDraft(defaultRegion)),
    messages: Object.fromEntries(
      (
        [
          'contactDate',
          'regionCode',
          'placeKind',
          'channel',
          'interestLevel',
          'outcome',
          'cameVoluntarily',
          'nextContactDate',
          'alias',
        ] as const
      ).map((k) => [k, t(`casework.outreach.invalid.${k}`)]),
    ),
  });

  // Every change is kept on the device at once: a reload in the middle of typing loses nothing.
  useEffect(() => {
    writeDraft(me.id, draftOf(form.getValues(), sent.current));
    const sub = form.watch((values, { name }) => {
      if (name) setShowRestored(false);
      writeDraft(me.id, draftOf(values as Partial<ContactInput>, sent.current));
    });
    return () => sub.unsubscribe();
  }, [form, me.id]);

  // The kit asks for focus before React Hook Form has drawn the errors of a failed check of the form's own
  // (handleSubmit calls onInvalid first): asked again once the submit's errors are drawn.
  const { submitCount, errors } = form.formState;
  const invalid = Object.keys(errors).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each submit is the trigger, not the values read
  useEffect(() => {
    if (submitCount && invalid) form.kit.focusFirstInvalid();
  }, [submitCount]);

  const mayAlerts = can('alert.list');
  const mayRegister = can('participant.create');
  const mayOpen = can('participant.read');
  const mayCreate = can('outreach.create');

  const recent = useApi('GET /api/outreach', { query: { limit: 20 } });
  const [url, setUrl] = useUrlState(URL_SHAPE);
  // The page of prospects asked for; the previous one stays on screen while another is read.
  const prospectList = useApi(
    'GET /api/outreach/prospects',
    {
      query: {
        ...(url.prospects ? { status: url.prospects } : {}),
        sort: url.sort,
        page: url.page,
        pageSize: PROSPECT_PAGE_SIZE,
      },
    },
    { placeholderData: keepPreviousData },
  );
  // Follow-up alerts have their own place (the follow-up worklist); here only those about outreach.
  const alertList = useApi(
    'GET /api/alerts',
    {},
    { enabled: mayAlerts, select: (r) => r.items.filter((x) => x.resourceType === 'outreach') },
  );
  const list = recent.data ?? null;
  const alerts = mayAlerts ? (alertList.data ?? null) : null;
  const loadError = recent.error ?? prospectList.error ?? alertList.error;
  // A contact recorded changes the list and the prospects it may have added to.
  const create = useApiMutation('POST /api/outreach');
  const busy = create.isPending;

  const channel = form.watch('channel');
  const outcome = form.watch('outcome');
  const asked = form.watch('nextContactRequested');
  const enforcement = enforcementChannel(channel);
  const declined = outcome === 'DECLINED';
  const offerNext = !declined || !!asked;
  const content = hasContent(draftOf(form.watch(), undefined));

  async function record(values: ContactValues) {
    setNotice(null);
    setShowRestored(false);
    const body = bodyOf(values);
    const serialised = JSON.stringify(body);
    // The same content is the same submission: it keeps its key, so a retry after a lost answer is safe.
    const key = sent.current && sent.current.body === serialised ? sent.current.key : newIdempotencyKey();
    sent.current = { key, body: serialised };
    writeDraft(me.id, draftOf(form.getValues(), sent.current));
    await create.mutateAsync({ body, idempotencyKey: key });
    sent.current = undefined;
    form.reset(valuesOf(emptyDraft(values.regionCode || defaultRegion)));
    setFresh((n) => n + 1);
    setNotice(t('casework.outreach.saved'));
  }

  function discard() {
    sent.current = undefined;
    form.reset(valuesOf(emptyDraft(defaultRegion)));
    setFresh((n) => n + 1);
    setError(null);
    setNotice(null);
    setShowRestored(false);
  }

  // Whatever went wrong, the entries stay on the device; a lost connection only needs sending again.
  const connectionLost = error instanceof ApiError && (error.status === 0 || error.status >= 500);

  const prospectColumns = useMemo<Column<ProspectRow>[]>(() => {
    const aliasOf = (p: ProspectRow) => p.alias ?? t('casework.outreach.noAlias');
    return [
      { id: 'alias', header: t('casework.outreach.colAlias'), rowHeader: true, cell: aliasOf },
      {
        id: 'region',
        header: t('casework.outreach.colRegion'),
        sort: true,
        hideable: true,
        cell: (p) => regionName(p.regionCode),
      },
      {
        id: 'contacts',
        header: t('casework.outreach.colContacts'),
        sort: true,
        descFirst: true,
        cell: (p) => p.contacts,
      },
      {
        id: 'firstContactDate',
        header: t('casework.outreach.colFirstContact'),
        sort: true,
        descFirst: true,
        hideable: true,
        hiddenByDefault: true,
        cell: (p) => formatDay(p.firstContactDate),
      },
      {
        id: 'lastContactDate',
        header: t('casework.outreach.colLastOutcome'),
        sort: true,
        descFirst: true,
        cell: (p) => `${cwLabel('outcomes', p.lastOutcome, t)} (${formatDay(p.lastContactDate)})`,
      },
      {
        id: 'next',
        header: t('casework.outreach.colNext'),
        hideable: true,
        cell: (p) => (p.nextContactDate ? formatDay(p.nextContactDate) : t('common.none')),
      },
      {
        id: 'status',
        header: t('casework.outreach.colStatus'),
        sort: true,
        cell: (p) => (
          <span className={`badge ${p.status === 'OPEN' ? 'badge-ok' : 'badge-muted'}`}>
            {cwLabel('prospectStatus', p.status, t)}
          </span>
        ),
      },
      {
        id: 'action',
        header: t('casework.outreach.colAction'),
        cell: (p) =>
          p.status === 'OPEN' && mayRegister ? (
            <Link
              href={`/participants/new?prospect=${encodeURIComponent(p.id)}`}
              className="button button-secondary button-small"
              aria-label={t('casework.outreach.registerLabel', { alias: aliasOf(p) })}
            >
              {t('casework.outreach.register')}
            </Link>
          ) : p.status === 'REGISTERED' && p.participantId && mayOpen ? (
            <Link href={`/participants/${encodeURIComponent(p.participantId)}`}>
              {t('casework.outreach.openParticipant')}
            </Link>
          ) : (
            t('common.none')
          ),
      },
    ];
  }, [t, mayRegister, mayOpen]);

  return (
    <section className="outreach">
      <h1>{t('casework.outreach.title')}</h1>
      <p className="lead">{t('casework.outreach.intro')}</p>

      {mayCreate ? (
        <SchemaForm
          form={form}
          onSubmit={record}
          onError={setError}
          pending={busy}
          className="form outreach-form"
          aria-labelledby="outreach-form-title"
        >
          <h2 id="outreach-form-title">{t('casework.outreach.formTitle')}</h2>
          <p className="hint">{t('casework.outreach.draftNote')}</p>
          {showRestored ? <StatusMessage>{t('casework.outreach.draftRestored')}</StatusMessage> : null}
          {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
          <ErrorAlert key={form.formState.submitCount} error={error}>
            <p>{connectionLost ? t('casework.outreach.draftKept') : t('casework.outreach.draftKeptFix')}</p>
          </ErrorAlert>

          <Fragment key={fresh}>
            <div className="outreach-pair">
              <DateField
                control={form.control}
                name="contactDate"
                label={t('casework.outreach.contactDate')}
                required
              />
              <SelectInput control={form.control} name="regionCode" label={t('casework.outreach.region')} required>
                {regions.length !== 1 ? <option value="">{t('casework.outreach.chooseRegion')}</option> : null}
                {regions.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </SelectInput>
            </div>

            <Chips
              name="placeKind"
              legend={t('casework.outreach.placeKind')}
              hint={t('casework.outreach.placeHint')}
              options={cwOptions('placeKinds', PLACE_KINDS, t)}
            />
            <Chips
              name="channel"
              legend={t('casework.outreach.channel')}
              options={cwOptions('channels', OUTREACH_CHANNELS, t)}
            />
            {enforcement ? (
              <Chips
                name="cameVoluntarily"
                legend={t('casework.outreach.cameVoluntarily')}
                hint={t('casework.outreach.cameVoluntarilyHint')}
                options={cwOptions('voluntary', VOLUNTARY_ANSWERS, t)}
              />
            ) : null}
            <TextInput
              control={form.control}
              name="alias"
              label={t('casework.outreach.alias')}
              hint={t('casework.outreach.aliasHint')}
              maxLength={40}
              autoComplete="off"
              autoCapitalize="words"
              spellCheck={false}
            />
            <Toggles
              name="topics"
              legend={t('casework.outreach.topics')}
              options={cwOptions('topics', OUTREACH_TOPICS, t)}
            />
            <Toggles
              name="materials"
              legend={t('casework.outreach.materials')}
              options={cwOptions('materials', OUTREACH_MATERIALS, t)}
            />
            <Chips
              name="interestLevel"
              big
              legend={t('casework.outreach.interest')}
              options={cwOptions('interest', INTEREST_LEVELS, t)}
            />
            <Chips
              name="outcome"
              legend={t('casework.outreach.outcome')}
              options={cwOptions('outcomes', OUTREACH_OUTCOMES, t)}
            />
            {declined ? (
              <div className="field">
                <p className="hint">{t('casework.outreach.declinedNote')}</p>
                <label className="checkbox">
                  <input type="checkbox" {...form.register('nextContactRequested')} />
                  <span>{t('casework.outreach.askedAgain')}</span>
                </label>
              </div>
            ) : null}
            {offerNext ? (
              <DateField control={form.control} name="nextContactDate" label={t('casework.outreach.nextContact')} />
            ) : null}
          </Fragment>
          <div className="button-row">
            <SubmitButton className="button button-primary button-wide">{t('casework.outreach.submit')}</SubmitButton>
            {content ? (
              <button type="button" className="button button-secondary" disabled={busy} onClick={discard}>
                {t('casework.outreach.discardDraft')}
              </button>
            ) : null}
          </div>
        </SchemaForm>
      ) : null}

      <ErrorAlert error={loadError} />

      {mayAlerts ? (
        <section aria-labelledby="alerts-title">
          <h2 id="alerts-title">{t('casework.outreach.alerts')}</h2>
          <p className="hint">{t('casework.outreach.alertsIntro')}</p>
          {alerts === null ? null : alerts.length === 0 ? (
            <p>{t('casework.outreach.noAlerts')}</p>
          ) : (
            <ul className="record-list">
              {alerts.map((a) => (
                <li key={a.id} className="record record-alert">
                  <p className="record-meta note">
                    {t('casework.outreach.alertMeta', {
                      region: regionName(a.regionCode),
                      at: formatDateTime(a.createdAt),
                    })}
                  </p>
                  <p>{cwLabel('alertKinds', a.kind, t)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t('casework.outreach.recent')}</h2>
        {list === null ? (
          loadError ? null : (
            <p role="status">{t('app.loading')}</p>
          )
        ) : list.items.length === 0 ? (
          <p>{t('casework.outreach.noContacts')}</p>
        ) : (
          <ul className="record-list" aria-label={t('casework.outreach.recentLabel')}>
            {list.items.map((o) => (
              <li key={o.id} className="record outreach-item">
                <h3>
                  {formatDay(o.contactDate)} ·{' '}
                  {o.alias ?? <span className="muted-text">{t('casework.outreach.noAlias')}</span>}
                </h3>
                <dl className="inline-details">
                  <div>
                    <dt>{t('casework.outreach.colRegion')}</dt>
                    <dd>{regionName(o.regionCode)}</dd>
                  </div>
                  <div>
                    <dt>{t('casework.outreach.placeKind')}</dt>
                    <dd>{cwLabel('placeKinds', o.placeKind, t)}</dd>
                  </div>
                  <div>
                    <dt>{t('casework.outreach.channel')}</dt>
                    <dd>{cwLabel('channels', o.channel, t)}</dd>
                  </div>
                  <div>
                    <dt>{t('casework.outreach.interest')}</dt>
                    <dd>{cwLabel('interest', o.interestLevel, t)}</dd>
                  </div>
                  <div>
                    <dt>{t('casework.outreach.outcome')}</dt>
                    <dd>{cwLabel('outcomes', o.outcome, t)}</dd>
                  </div>
                  {o.topics.length > 0 ? (
                    <div>
                      <dt>{t('casework.outreach.topics')}</dt>
                      <dd>{o.topics.map((x) => cwLabel('topics', x, t)).join(', ')}</dd>
                    </div>
                  ) : null}
                  {o.materials.length > 0 ? (
                    <div>
                      <dt>{t('casework.outreach.materials')}</dt>
                      <dd>{o.materials.map((x) => cwLabel('materials', x, t)).join(', ')}</dd>
                    </div>
                  ) : null}
                  {o.cameVoluntarily ? (
                    <div>
                      <dt>{t('casework.outreach.cameVoluntarily')}</dt>
                      <dd>{cwLabel('voluntary', o.cameVoluntarily, t)}</dd>
                    </div>
                  ) : null}
                  {o.nextContactDate ? (
                    <div>
                      <dt>{t('casework.outreach.colNext')}</dt>
                      <dd>{formatDay(o.nextContactDate)}</dd>
                    </div>
                  ) : null}
                </dl>
                {o.worker ? <p className="note">{t('casework.outreach.recordedBy', { name: o.worker })}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="prospects-title">
        <h2 id="prospects-title">{t('casework.outreach.prospects')}</h2>
        <p className="hint">{t('casework.outreach.prospectsIntro')}</p>
        <SelectField
          id="prospect-status"
          label={t('casework.outreach.prospectFilter')}
          value={url.prospects}
          onChange={(e) => setUrl({ prospects: e.currentTarget.value as typeof url.prospects, page: 1 })}
        >
          <option value="">{t('casework.outreach.allProspects')}</option>
          {PROSPECT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {cwLabel('prospectStatus', s, t)}
            </option>
          ))}
        </SelectField>
        <DataTable
          id="prospects"
          caption={t('casework.outreach.prospects')}
          {...serverPaging(prospectList, url, setUrl, PROSPECT_PAGE_SIZE)}
          tableClassName="prospect-table"
          columns={prospectColumns}
          rows={prospectList.data?.items}
          rowKey={(p) => p.id}
          columnChooser
          empty={<p>{t('casework.outreach.noProspects')}</p>}
        />
      </section>

      {/* Counts, not records (one line per month and region of her scope): a summary table, not a list. */}
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t('casework.outreach.counts')}</h2>
        {list === null ? null : list.countsByMonth.length === 0 ? (
          <p>{t('casework.outreach.noCounts')}</p>
        ) : (
          <table className="small-table">
            <caption className="visually-hidden">{t('casework.outreach.counts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('casework.outreach.colMonth')}</th>
                <th scope="col">{t('casework.outreach.colRegion')}</th>
                <th scope="col" className="num">
                  {t('casework.outreach.colContacts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.countsByMonth.map((c) => (
                <tr key={`${c.month}|${c.regionCode}`}>
                  <td>{formatMonth(c.month)}</td>
                  <td>{regionName(c.regionCode)}</td>
                  <td className="num">{c.contacts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
