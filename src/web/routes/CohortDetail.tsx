// One cohort: a header (programme, region, venue, dates, status, seats, trades) and three parts as tabs:
// participants (enrolment of several at once with the server's refusals in words, waitlist, leaving with a
// reason), schedule (by month and week, sessions from a weekly rule shown before they are created, one
// session, move or cancel one or several, attendance and the printed sheet) and graduation (evaluate,
// confirm, certificates).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { COHORT_STATUSES } from '../../shared/codes.ts';
import { regionName } from '../../shared/regions.ts';
import { ApiError, type Versioned } from '../api.ts';
import { programmeApi, type Cohort, type CohortUpdate, type Programme } from '../api-programme.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { SelectField } from '../components/Field.tsx';
import { Tabs, type TabItem } from '../components/Tabs.tsx';
import { formatDateTime } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { NotFoundPage } from './NotFound.tsx';
import { formatPeriod, pLabel, programmeError } from './programme/shared.ts';
import { ParticipantsTab } from './programme/ParticipantsTab.tsx';
import { ScheduleTab } from './programme/ScheduleTab.tsx';
import { GraduationTab } from './programme/GraduationTab.tsx';
import { AllocationsTab } from './aid/AllocationsTab.tsx';
import { OutcomesTab } from './followup/OutcomesTab.tsx';
import type { CohortTabProps } from './programme/cohort-tab.ts';

type TabKey = 'participants' | 'schedule' | 'graduation' | 'aid' | 'outcomes';
const TAB_KEYS: readonly TabKey[] = ['participants', 'schedule', 'graduation', 'aid', 'outcomes'];

function StatusForm({ record, onSaved }: { record: Versioned<Cohort>; onSaved(c: Versioned<Cohort>): void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(record.item.status);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setStatus(record.item.status), [record]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onSaved(await programmeApi.cohorts.update(record.item.id, record.etag, { status } as CohortUpdate));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <SelectField
        id="cohort-status"
        label={t('programme.cohort.changeStatus')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as Cohort['status'])}
      >
        {COHORT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {pLabel('cohortStatuses', s, t)}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="button button-secondary" disabled={busy || status === record.item.status}>
        {busy ? t('common.saving') : t('programme.cohort.saveStatus')}
      </button>
    </form>
  );
}

export function CohortDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const search = useSearch();
  const [record, setRecord] = useState<Versioned<Cohort> | null>(null);
  const [programme, setProgramme] = useState<Programme | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(() => {
    const s = window.history.state as { notice?: unknown; name?: unknown } | null;
    return s?.notice === 'created' && typeof s.name === 'string'
      ? t('programme.cohortNew.created', { name: s.name })
      : null;
  });
  const [tab, setTab] = useState<TabKey>(() => {
    const wanted = new URLSearchParams(search).get('tab');
    return TAB_KEYS.find((k) => k === wanted) ?? 'participants';
  });
  usePageTitle(record ? record.item.name : t('programme.cohort.loading'));

  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  const reload = useCallback(async () => {
    try {
      const fresh = await programmeApi.cohorts.get(id);
      setRecord(fresh);
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const programmeId = record?.item.programmeId;
  useEffect(() => {
    if (programmeId && can('programme.read'))
      programmeApi.programmes.get(programmeId).then(
        (p) => setProgramme(p.item),
        () => setProgramme(null),
      );
  }, [programmeId, can]);

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!record) {
    return (
      <section className="narrow">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('programme.cohort.loading')}</p>}
        <p>
          <Link href="/cohorts">{t('programme.cohort.back')}</Link>
        </p>
      </section>
    );
  }
  const c = record.item;
  const showGraduation = can('graduation.confirm') || can('enrollment.manage') || can('graduation.exception_read');
  // The register of participants is for those who work with them; the Kepala Bidang and the PPK, who decide on
  // money, see the cohort's schedule, graduation exceptions and aid, never its register.
  const tabs: TabItem<TabKey>[] = [
    ...(can('attendance.read')
      ? [{ key: 'participants' as const, label: t('programme.cohort.tabs.participants') }]
      : []),
    { key: 'schedule', label: t('programme.cohort.tabs.schedule') },
    ...(showGraduation ? [{ key: 'graduation' as const, label: t('programme.cohort.tabs.graduation') }] : []),
    ...(can('allocation.read') ? [{ key: 'aid' as const, label: t('aid.allocations.tab') }] : []),
    ...(can('outcome.read') ? [{ key: 'outcomes' as const, label: t('followup.tabs.outcomes') }] : []),
  ];
  const props: CohortTabProps = { cohort: c, programme, reload };
  // The tab asked for (or the first), when it is one this person has; else her first tab.
  const shown: TabKey = tabs.some((x) => x.key === tab) ? tab : (tabs[0]?.key ?? 'schedule');
  return (
    <section className="prog cohort">
      <p className="breadcrumb">
        <Link href="/cohorts">{t('programme.cohort.back')}</Link>
      </p>
      <header className="participant-header cohort-header">
        <h1>{c.name}</h1>
        <dl className="summary">
          {programme ? (
            <div>
              <dt>{t('programme.cohort.programme')}</dt>
              <dd>
                {programme.name} ({programme.year})
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t('programme.cohort.region')}</dt>
            <dd>{regionName(c.regionCode)}</dd>
          </div>
          <div>
            <dt>{t('programme.cohort.venue')}</dt>
            <dd>{c.venueName ?? t('programme.cohorts.noVenue')}</dd>
          </div>
          <div>
            <dt>{t('programme.cohort.period')}</dt>
            <dd>{formatPeriod(c.startDate, c.endDate)}</dd>
          </div>
          <div>
            <dt>{t('programme.cohort.status')}</dt>
            <dd>
              <span className="badge badge-stage" data-testid="cohort-status">
                {pLabel('cohortStatuses', c.status, t)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('programme.cohort.seats')}</dt>
            <dd>
              {t('programme.cohort.seatsValue', { enrolled: c.enrolled, capacity: c.capacity, waiting: c.waitlisted })}
            </dd>
          </div>
          <div>
            <dt>{t('programme.cohort.tracks')}</dt>
            <dd>{c.tracks.map((x) => pLabel('tracks', x, t)).join(', ')}</dd>
          </div>
        </dl>
        {c.graduationConfirmedAt ? (
          <p className="note">{t('programme.cohort.confirmedAt', { date: formatDateTime(c.graduationConfirmedAt) })}</p>
        ) : null}
        {can('cohort.manage') && !c.graduationConfirmedAt ? (
          <StatusForm
            record={record}
            onSaved={(saved) => {
              setRecord(saved);
              setNotice(t('programme.cohort.statusSaved'));
            }}
          />
        ) : null}
      </header>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <Tabs<TabKey>
        idPrefix="cohort"
        label={t('programme.cohort.tabs.label')}
        tabs={tabs}
        selected={shown}
        onSelect={setTab}
      >
        {shown === 'participants' ? <ParticipantsTab {...props} /> : null}
        {shown === 'schedule' ? <ScheduleTab {...props} /> : null}
        {shown === 'graduation' ? <GraduationTab {...props} /> : null}
        {shown === 'aid' ? <AllocationsTab {...props} /> : null}
        {shown === 'outcomes' ? <OutcomesTab {...props} /> : null}
      </Tabs>
    </section>
  );
}
