// One cohort: a header (programme, region, venue, dates, status, seats, trades) and three parts as tabs:
// participants (enrolment of several at once with the server's refusals in words, waitlist, leaving with a
// reason), schedule (by month and week, sessions from a weekly rule shown before they are created, one
// session, move or cancel one or several, attendance and the printed sheet) and graduation (evaluate,
// confirm, certificates).
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { COHORT_STATUSES } from '../../shared/codes.ts';
import { regionName } from '../../shared/regions.ts';
import { cohortUpdateBody } from '../../shared/programme-api.ts';
import { ApiError, type Reply } from '../data/client.ts';
import { invalidateResources, useApi } from '../data/query.ts';
import { useVersionedMutation } from '../data/conflict.tsx';
import { useSession } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { SelectInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
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

type Cohort = Reply<'GET /api/cohorts/:id'>;
const statusForm = cohortUpdateBody.pick({ status: true }).required();

/** The cohort's status, changed by the head of section (If-Match: a change meanwhile opens the conflict dialog). */
function StatusForm({ cohort, onSaved }: { cohort: Cohort; onSaved(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(statusForm, { defaultValues: { status: cohort.status } });
  // The status shown follows the record when it changes (a save here, or a refresh).
  useEffect(() => form.reset({ status: cohort.status }), [cohort.status, form]);
  const update = useVersionedMutation('PATCH /api/cohorts/:id', {
    labelOf: () => t('programme.cohort.status'),
    format: (_field, value) => pLabel('cohortStatuses', String(value), t),
  });
  const chosen = form.watch('status');

  async function submit(values: z.output<typeof statusForm>) {
    setError(null);
    const args = { params: { id: cohort.id } };
    const result = await update.save({
      call: { ...args, body: values },
      base: cohort,
      record: { key: 'GET /api/cohorts/:id', args },
    });
    if (result.outcome === 'saved') onSaved();
  }
  return (
    <SchemaForm form={form} onSubmit={submit} onError={setError} pending={update.isPending} className="inline-form">
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <SelectInput<z.input<typeof statusForm>>
        name="status"
        id="cohort-status"
        label={t('programme.cohort.changeStatus')}
      >
        {COHORT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {pLabel('cohortStatuses', s, t)}
          </option>
        ))}
      </SelectInput>
      <SubmitButton className="button button-secondary" disabled={chosen === cohort.status}>
        {t('programme.cohort.saveStatus')}
      </SubmitButton>
    </SchemaForm>
  );
}

export function CohortDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const search = useSearch();
  const client = useQueryClient();
  const cohort = useApi('GET /api/cohorts/:id', { params: { id } });
  const loadError = cohort.error;
  const programmeId = cohort.data?.programmeId;
  const programme =
    useApi(
      'GET /api/programmes/:id',
      { params: { id: programmeId ?? '' } },
      { enabled: !!programmeId && can('programme.read') },
    ).data ?? null;
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
  usePageTitle(cohort.data ? cohort.data.name : t('programme.cohort.loading'));

  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  // The tabs' changes (an enrolment, a graduation, an allocation) make the cohort and what hangs under it stale.
  const reload = useCallback(() => invalidateResources(client, [`/api/cohorts/${id}`]), [client, id]);

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!cohort.data) {
    return (
      <section className="narrow">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('programme.cohort.loading')}</p>}
        <p>
          <Link href="/cohorts">{t('programme.cohort.back')}</Link>
        </p>
      </section>
    );
  }
  const c = cohort.data;
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
          <StatusForm cohort={c} onSaved={() => setNotice(t('programme.cohort.statusSaved'))} />
        ) : null}
      </header>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      {/* A refresh that failed: the cohort shown is the last one read. */}
      <ErrorAlert error={loadError} />
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
