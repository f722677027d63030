// Outreach (pendekatan awal) on a phone in the evening: a contact in a few taps, with no name, NIK or
// address anywhere on the form. What is typed stays on the device (localStorage, per user) until the server
// has it, so a reload or a dropped connection loses nothing, and a retry carries the same Idempotency-Key so
// it never records the contact twice. Below: recent contacts, prospects, contacts per region and month, and
// for the head of section the alerts about people who may not have come of their own will.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
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
import { regionName } from '../../shared/regions.ts';
import { ApiError, type Body, newIdempotencyKey } from '../data/client.ts';
import { useApi, useApiMutation } from '../data/query.ts';
import { useSession, useUser } from '../session.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ChoiceChips, ToggleChips } from '../components/Chips.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { userKabKota } from '../labels.ts';
import { cwLabel, cwOptions, formatMonth } from '../casework-labels.ts';
import { formatDateTime, formatDay, todayInOffice } from '../format.ts';
import { hasErrors, serverFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

type Of<T extends readonly string[]> = T[number];

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function OutreachPage() {
  const { t } = useTranslation();
  usePageTitle(t('casework.outreach.title'));
  const me = useUser();
  const { can } = useSession();
  const regions = userKabKota(me.regions);
  const defaultRegion = regions.length === 1 ? regions[0]!.code : '';
  const [restored] = useState(() => {
    const d = readDraft(me.id);
    return d && hasContent(d) ? d : null;
  });
  const [form, setForm] = useState<Draft>(() => restored ?? readDraft(me.id) ?? emptyDraft(defaultRegion));
  const [showRestored, setShowRestored] = useState(!!restored);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  const mayAlerts = can('alert.list');
  const mayRegister = can('participant.create');
  const mayOpen = can('participant.read');
  const mayCreate = can('outreach.create');

  // Every change is kept on the device at once: a reload in the middle of typing loses nothing.
  useEffect(() => {
    writeDraft(me.id, form);
  }, [me.id, form]);

  const recent = useApi('GET /api/outreach', { query: { limit: 20 } });
  const prospectList = useApi('GET /api/outreach/prospects', {});
  // Follow-up alerts have their own place (the follow-up worklist); here only those about outreach.
  const alertList = useApi(
    'GET /api/alerts',
    {},
    { enabled: mayAlerts, select: (r) => r.items.filter((x) => x.resourceType === 'outreach') },
  );
  const list = recent.data ?? null;
  const prospects = prospectList.data?.items ?? null;
  const alerts = mayAlerts ? (alertList.data ?? null) : null;
  const loadError = recent.error ?? prospectList.error ?? alertList.error;
  // A contact recorded changes the list and the prospects it may have added to.
  const create = useApiMutation('POST /api/outreach');
  const busy = create.isPending;

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setShowRestored(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const enforcement = !!form.channel && ENFORCEMENT_CHANNELS.includes(form.channel);
  const declined = form.outcome === 'DECLINED';
  const offerNext = !declined || form.nextContactRequested;

  const messages = useMemo(
    () =>
      Object.fromEntries(
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
      ) as Record<string, string>,
    [t],
  );

  function bodyOf(d: Draft): Body<'POST /api/outreach'> {
    const alias = d.alias.trim();
    return {
      contactDate: d.contactDate,
      regionCode: d.regionCode,
      placeKind: d.placeKind as Of<typeof PLACE_KINDS>,
      channel: d.channel as Of<typeof OUTREACH_CHANNELS>,
      ...(alias ? { alias } : {}),
      topics: OUTREACH_TOPICS.filter((x) => d.topics.includes(x)),
      materials: OUTREACH_MATERIALS.filter((x) => d.materials.includes(x)),
      interestLevel: d.interestLevel as Of<typeof INTEREST_LEVELS>,
      outcome: d.outcome as Of<typeof OUTREACH_OUTCOMES>,
      ...(offerNext && d.nextContactDate ? { nextContactDate: d.nextContactDate } : {}),
      ...(declined && d.nextContactRequested ? { nextContactRequested: true } : {}),
      ...(enforcement && d.cameVoluntarily ? { cameVoluntarily: d.cameVoluntarily } : {}),
    };
  }

  function localErrors(d: Draft): FieldErrors {
    const out: FieldErrors = {};
    if (!ISO_DATE.test(d.contactDate)) out.contactDate = messages.contactDate;
    if (!d.regionCode) out.regionCode = messages.regionCode;
    if (!d.placeKind) out.placeKind = messages.placeKind;
    if (!d.channel) out.channel = messages.channel;
    if (d.alias.trim().length > 40) out.alias = messages.alias;
    if (!d.interestLevel) out.interestLevel = messages.interestLevel;
    if (!d.outcome) out.outcome = messages.outcome;
    if (enforcement && !d.cameVoluntarily) out.cameVoluntarily = messages.cameVoluntarily;
    if (offerNext && d.nextContactDate && !ISO_DATE.test(d.nextContactDate))
      out.nextContactDate = messages.nextContactDate;
    return out;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    setShowRestored(false);
    const local = localErrors(form);
    setFieldErrors(local);
    if (hasErrors(local)) return;
    const body = bodyOf(form);
    const serialised = JSON.stringify(body);
    // The same content is the same submission: it keeps its key, so a retry after a lost answer is safe.
    const key = form.sent && form.sent.body === serialised ? form.sent.key : newIdempotencyKey();
    const withKey: Draft = { ...form, sent: { key, body: serialised } };
    setForm(withKey);
    writeDraft(me.id, withKey);
    try {
      await create.mutateAsync({ body, idempotencyKey: key });
      const fresh = emptyDraft(form.regionCode || defaultRegion);
      writeDraft(me.id, null);
      setForm(fresh);
      setNotice(t('casework.outreach.saved'));
    } catch (err) {
      setError(err);
      setFieldErrors(serverFieldErrors(err, t, messages));
    }
  }

  function discard() {
    setForm(emptyDraft(defaultRegion));
    setFieldErrors({});
    setError(null);
    setNotice(null);
    setShowRestored(false);
  }

  // Whatever went wrong, the entries stay on the device; a lost connection only needs sending again.
  const connectionLost = error instanceof ApiError && (error.status === 0 || error.status >= 500);

  return (
    <section className="outreach">
      <h1>{t('casework.outreach.title')}</h1>
      <p className="lead">{t('casework.outreach.intro')}</p>

      {mayCreate ? (
        <form
          ref={formRef}
          onSubmit={submit}
          noValidate
          className="form outreach-form"
          aria-labelledby="outreach-form-title"
        >
          <h2 id="outreach-form-title">{t('casework.outreach.formTitle')}</h2>
          <p className="hint">{t('casework.outreach.draftNote')}</p>
          {showRestored ? <StatusMessage>{t('casework.outreach.draftRestored')}</StatusMessage> : null}
          {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
          <ErrorAlert key={attempt} error={error}>
            <p>{connectionLost ? t('casework.outreach.draftKept') : t('casework.outreach.draftKeptFix')}</p>
          </ErrorAlert>

          <div className="outreach-pair">
            <TextField
              id="contactDate"
              type="date"
              label={t('casework.outreach.contactDate')}
              error={fieldErrors.contactDate}
              value={form.contactDate}
              max={todayInOffice()}
              onChange={(e) => set('contactDate', e.currentTarget.value)}
              required
            />
            <SelectField
              id="regionCode"
              label={t('casework.outreach.region')}
              error={fieldErrors.regionCode}
              value={form.regionCode}
              onChange={(e) => set('regionCode', e.currentTarget.value)}
              required
            >
              {regions.length !== 1 ? <option value="">{t('casework.outreach.chooseRegion')}</option> : null}
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </SelectField>
          </div>

          <ChoiceChips
            id="placeKind"
            legend={t('casework.outreach.placeKind')}
            hint={t('casework.outreach.placeHint')}
            error={fieldErrors.placeKind}
            options={cwOptions('placeKinds', PLACE_KINDS, t)}
            value={form.placeKind}
            onChange={(v) => set('placeKind', v)}
          />
          <ChoiceChips
            id="channel"
            legend={t('casework.outreach.channel')}
            error={fieldErrors.channel}
            options={cwOptions('channels', OUTREACH_CHANNELS, t)}
            value={form.channel}
            onChange={(v) => set('channel', v)}
          />
          {enforcement ? (
            <ChoiceChips
              id="cameVoluntarily"
              legend={t('casework.outreach.cameVoluntarily')}
              hint={t('casework.outreach.cameVoluntarilyHint')}
              error={fieldErrors.cameVoluntarily}
              options={cwOptions('voluntary', VOLUNTARY_ANSWERS, t)}
              value={form.cameVoluntarily}
              onChange={(v) => set('cameVoluntarily', v)}
            />
          ) : null}
          <TextField
            id="alias"
            label={t('casework.outreach.alias')}
            hint={t('casework.outreach.aliasHint')}
            error={fieldErrors.alias}
            value={form.alias}
            maxLength={40}
            autoComplete="off"
            autoCapitalize="words"
            spellCheck={false}
            onChange={(e) => set('alias', e.currentTarget.value)}
          />
          <ToggleChips
            id="topics"
            legend={t('casework.outreach.topics')}
            options={cwOptions('topics', OUTREACH_TOPICS, t)}
            value={form.topics}
            onChange={(v) => set('topics', v)}
          />
          <ToggleChips
            id="materials"
            legend={t('casework.outreach.materials')}
            options={cwOptions('materials', OUTREACH_MATERIALS, t)}
            value={form.materials}
            onChange={(v) => set('materials', v)}
          />
          <ChoiceChips
            id="interestLevel"
            big
            legend={t('casework.outreach.interest')}
            error={fieldErrors.interestLevel}
            options={cwOptions('interest', INTEREST_LEVELS, t)}
            value={form.interestLevel}
            onChange={(v) => set('interestLevel', v)}
          />
          <ChoiceChips
            id="outcome"
            legend={t('casework.outreach.outcome')}
            error={fieldErrors.outcome}
            options={cwOptions('outcomes', OUTREACH_OUTCOMES, t)}
            value={form.outcome}
            onChange={(v) => set('outcome', v)}
          />
          {declined ? (
            <div className="field">
              <p className="hint">{t('casework.outreach.declinedNote')}</p>
              <label className="checkbox">
                <input
                  type="checkbox"
                  name="nextContactRequested"
                  checked={form.nextContactRequested}
                  onChange={(e) => set('nextContactRequested', e.currentTarget.checked)}
                />
                <span>{t('casework.outreach.askedAgain')}</span>
              </label>
            </div>
          ) : null}
          {offerNext ? (
            <TextField
              id="nextContactDate"
              type="date"
              label={t('casework.outreach.nextContact')}
              error={fieldErrors.nextContactDate}
              value={form.nextContactDate}
              min={form.contactDate || undefined}
              onChange={(e) => set('nextContactDate', e.currentTarget.value)}
            />
          ) : null}
          <div className="button-row">
            <button type="submit" className="button button-primary button-wide" disabled={busy}>
              {busy ? t('common.saving') : t('casework.outreach.submit')}
            </button>
            {hasContent(form) ? (
              <button type="button" className="button button-secondary" disabled={busy} onClick={discard}>
                {t('casework.outreach.discardDraft')}
              </button>
            ) : null}
          </div>
        </form>
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
        {prospects === null ? null : prospects.length === 0 ? (
          <p>{t('casework.outreach.noProspects')}</p>
        ) : (
          <table className="data-table prospect-table">
            <caption className="visually-hidden">{t('casework.outreach.prospects')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('casework.outreach.colAlias')}</th>
                <th scope="col">{t('casework.outreach.colRegion')}</th>
                <th scope="col">{t('casework.outreach.colContacts')}</th>
                <th scope="col">{t('casework.outreach.colLastOutcome')}</th>
                <th scope="col">{t('casework.outreach.colNext')}</th>
                <th scope="col">{t('casework.outreach.colStatus')}</th>
                <th scope="col">{t('casework.outreach.colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {prospects.map((p) => {
                const alias = p.alias ?? t('casework.outreach.noAlias');
                return (
                  <tr key={p.id}>
                    <th scope="row" data-label={t('casework.outreach.colAlias')}>
                      {alias}
                    </th>
                    <td data-label={t('casework.outreach.colRegion')}>{regionName(p.regionCode)}</td>
                    <td data-label={t('casework.outreach.colContacts')}>{p.contacts}</td>
                    <td data-label={t('casework.outreach.colLastOutcome')}>
                      {cwLabel('outcomes', p.lastOutcome, t)} ({formatDay(p.lastContactDate)})
                    </td>
                    <td data-label={t('casework.outreach.colNext')}>
                      {p.nextContactDate ? formatDay(p.nextContactDate) : t('common.none')}
                    </td>
                    <td data-label={t('casework.outreach.colStatus')}>
                      <span className={`badge ${p.status === 'OPEN' ? 'badge-ok' : 'badge-muted'}`}>
                        {cwLabel('prospectStatus', p.status, t)}
                      </span>
                    </td>
                    <td data-label={t('casework.outreach.colAction')}>
                      {p.status === 'OPEN' && mayRegister ? (
                        <Link
                          href={`/participants/new?prospect=${encodeURIComponent(p.id)}`}
                          className="button button-secondary button-small"
                          aria-label={t('casework.outreach.registerLabel', { alias })}
                        >
                          {t('casework.outreach.register')}
                        </Link>
                      ) : p.status === 'REGISTERED' && p.participantId && mayOpen ? (
                        <Link href={`/participants/${encodeURIComponent(p.participantId)}`}>
                          {t('casework.outreach.openParticipant')}
                        </Link>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

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
