// One participant: a header with what may be seen at a glance (code, preferred name, stage, region) and
// tabs for her profile, consents, stages, notes and attachments. Which tabs and buttons appear follows the
// record's own `can` list. Out of her scope the server answers 404, and the page says "not found".
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { regionName } from '../../shared/regions.ts';
import { ApiError, type Reply } from '../data/client.ts';
import { apiKey, useApi } from '../data/query.ts';
import type { TabProps } from './participant/shared.ts';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { Tabs, type TabItem } from '../components/Tabs.tsx';
import { codeLabel } from '../labels.ts';
import { formatDay } from '../format.ts';
import { EnteredLateBadge } from '../components/EnteredLate.tsx';
import { usePageTitle } from '../hooks.ts';
import { NotFoundPage } from './NotFound.tsx';
import { mayOn } from './participant/shared.ts';
import { WarningList } from './participant/WarningList.tsx';
import { CaseworkTab, caseworkTabs, isCaseworkTab, type CaseworkTabKey } from './participant/CaseworkTabs.tsx';
import { carriedTab, tabOpened } from './followup/handoff.ts';
import { useSession } from '../session.tsx';

// Each tab is its own chunk, loaded when it is first opened; the profile (the tab she starts on) is fetched with
// this page, beside her record, rather than after it.
const loadProfile = () => import('./participant/ProfileTab.tsx');
void loadProfile();
const ProfileTab = lazy(() => loadProfile().then((m) => ({ default: m.ProfileTab })));
const ConsentsTab = lazy(() => import('./participant/ConsentsTab.tsx').then((m) => ({ default: m.ConsentsTab })));
const StagesTab = lazy(() => import('./participant/StagesTab.tsx').then((m) => ({ default: m.StagesTab })));
const NotesTab = lazy(() => import('./participant/NotesTab.tsx').then((m) => ({ default: m.NotesTab })));
const AttachmentsTab = lazy(() =>
  import('./participant/AttachmentsTab.tsx').then((m) => ({ default: m.AttachmentsTab })),
);
const FollowUpsTab = lazy(() => import('./participant/FollowUpsTab.tsx').then((m) => ({ default: m.FollowUpsTab })));

type TabKey = 'profile' | 'consents' | 'stages' | 'notes' | 'attachments' | CaseworkTabKey | 'followups';

type SaveWarning = Reply<'POST /api/participants'>['warnings'][number];

interface Created {
  code: string;
  warnings: SaveWarning[];
}

/** The "registered" notice comes once, in the history entry written by the create form. */
function createdNotice(): Created | null {
  const s = window.history.state as { notice?: unknown; code?: unknown; warnings?: unknown } | null;
  if (s?.notice !== 'created' || typeof s.code !== 'string') return null;
  const warnings = Array.isArray(s.warnings)
    ? s.warnings.filter((w): w is SaveWarning => typeof w?.code === 'string' && typeof w?.message === 'string')
    : [];
  return { code: s.code, warnings };
}

const isMissing = (err: unknown) =>
  err instanceof ApiError && (err.status === 404 || (err.status === 400 && err.code === 'validation_failed'));

export function ParticipantDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const queries = useQueryClient();
  const query = useApi(
    'GET /api/participants/:id',
    { params: { id } },
    { retry: (n, err) => !isMissing(err) && n < 2 },
  );
  const loadError = query.error;
  // The tabs receive her record with the version a change is based on; a change refreshes the query.
  const data = query.data;
  const record = useMemo(() => (data ? { item: data, etag: `"${data.version}"` } : null), [data]);
  const { refetch } = query;
  const reload = useCallback<TabProps['reload']>(async () => {
    const fresh = await refetch();
    return fresh.data ? { item: fresh.data, etag: `"${fresh.data.version}"` } : null;
  }, [refetch]);
  const setRecord = useCallback<TabProps['setRecord']>(
    (r) => queries.setQueryData(apiKey('GET /api/participants/:id', { params: { id } }), r.item),
    [queries, id],
  );
  // A need carried from a follow-up visit opens her Referrals or Plan tab (see followup/handoff.ts).
  const [tab, setTab] = useState<TabKey>(() => carriedTab(id) ?? 'profile');
  const [created] = useState(createdNotice);
  usePageTitle(record ? t('participant.title', { code: record.item.code }) : t('participant.loading'));

  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);
  // Another participant opened in the same page starts on her own first tab.
  const [shownId, setShownId] = useState(id);
  if (shownId !== id) {
    setShownId(id);
    setTab(carriedTab(id) ?? 'profile');
  }
  // A tab asked for from elsewhere (the work queue's plan, assessment or closure) is opened once, then forgotten.
  const loaded = record?.item.id;
  useEffect(() => {
    if (loaded) tabOpened(loaded);
  }, [loaded]);

  if (loadError && isMissing(loadError)) return <NotFoundPage />;
  if (!record) {
    return (
      <section className="narrow">
        {loadError ? (
          <>
            <h1>{t('participant.loading')}</h1>
            <ErrorAlert error={loadError} />
          </>
        ) : (
          <p role="status">{t('participant.loading')}</p>
        )}
        <p>
          <Link href="/participants">{t('participant.back')}</Link>
        </p>
      </section>
    );
  }

  const p = record.item;
  const tabs: TabItem<TabKey>[] = [
    { key: 'profile', label: t('participant.tabs.profile') },
    ...(mayOn(record, 'consent.read') ? [{ key: 'consents' as const, label: t('participant.tabs.consents') }] : []),
    { key: 'stages', label: t('participant.tabs.stages') },
    ...caseworkTabs(record, t),
    ...(can('followup.read') ? [{ key: 'followups' as const, label: t('followup.nav.worklist') }] : []),
    ...(mayOn(record, 'note.read') ? [{ key: 'notes' as const, label: t('participant.tabs.notes') }] : []),
    ...(mayOn(record, 'attachment.read')
      ? [{ key: 'attachments' as const, label: t('participant.tabs.attachments') }]
      : []),
  ];
  const props = { record, reload, setRecord };
  return (
    <section className="participant">
      <p className="breadcrumb">
        <Link href="/participants">{t('participant.back')}</Link>
      </p>
      <header className="participant-header">
        <h1 className="participant-code">{p.code}</h1>
        <dl className="summary">
          {p.identity.preferredName !== undefined ? (
            <div>
              <dt>{t('participant.preferredName')}</dt>
              <dd>{p.identity.preferredName}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('participant.stage')}</dt>
            <dd>
              <span className="badge badge-stage">{codeLabel('stages', p.stage, t)}</span>
              {p.pendingClosure ? <span className="badge badge-warn">{t('participant.stages.pending')}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t('participant.region')}</dt>
            <dd>{regionName(p.regionCode)}</dd>
          </div>
          <div>
            <dt>{t('participant.registeredOn')}</dt>
            <dd>
              {formatDay(p.registeredOn)} <EnteredLateBadge late={p.enteredLate} />
            </dd>
          </div>
        </dl>
      </header>
      {can('rights_request.open') ? (
        <p className="participant-rights">
          {/* Her code goes in the history entry's state, never the address (kept in history, bookmarks, logs). */}
          <Link href="/rights-requests" state={{ participantCode: p.code }}>
            {t('rights.fromRecord')}
          </Link>
        </p>
      ) : null}
      {created && created.code === p.code ? (
        <StatusMessage tone="success">
          <p>{t('participant.created', { code: created.code })}</p>
          <WarningList warnings={created.warnings} />
        </StatusMessage>
      ) : null}
      {loadError ? <ErrorAlert error={loadError} /> : null}
      <Tabs<TabKey>
        idPrefix="participant"
        label={t('participant.tabs.label')}
        tabs={tabs}
        selected={tab}
        onSelect={setTab}
      >
        <Suspense
          fallback={
            <p className="loading tab-loading" role="status">
              {t('casework.loadingTab')}
            </p>
          }
        >
          {tab === 'profile' ? <ProfileTab {...props} /> : null}
          {tab === 'consents' ? <ConsentsTab {...props} /> : null}
          {tab === 'stages' ? <StagesTab {...props} /> : null}
          {isCaseworkTab(tab) ? <CaseworkTab tab={tab} {...props} openConsents={() => setTab('consents')} /> : null}
          {tab === 'followups' ? (
            <FollowUpsTab
              {...props}
              openStages={() => {
                setTab('stages');
                requestAnimationFrame(() => document.getElementById('participant-tab-stages')?.focus());
              }}
            />
          ) : null}
          {tab === 'notes' ? <NotesTab {...props} /> : null}
          {tab === 'attachments' ? <AttachmentsTab {...props} /> : null}
        </Suspense>
      </Tabs>
    </section>
  );
}
