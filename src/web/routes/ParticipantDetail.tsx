// One participant: a header with what may be seen at a glance (code, preferred name, stage, region) and
// tabs for her profile, consents, stages, notes and attachments. Which tabs and buttons appear follows the
// record's own `can` list. Out of her scope the server answers 404, and the page says "not found".
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { regionName } from '../../shared/regions.ts';
import { api, ApiError, type ParticipantView, type SaveWarning, type Versioned } from '../api.ts';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { Tabs, type TabItem } from '../components/Tabs.tsx';
import { codeLabel } from '../labels.ts';
import { formatDay } from '../format.ts';
import { EnteredLateBadge } from '../components/EnteredLate.tsx';
import { usePageTitle } from '../hooks.ts';
import { NotFoundPage } from './NotFound.tsx';
import { mayOn } from './participant/shared.ts';
import { WarningList } from './participant/WarningList.tsx';
import { ProfileTab } from './participant/ProfileTab.tsx';
import { ConsentsTab } from './participant/ConsentsTab.tsx';
import { StagesTab } from './participant/StagesTab.tsx';
import { NotesTab } from './participant/NotesTab.tsx';
import { AttachmentsTab } from './participant/AttachmentsTab.tsx';
import { CaseworkTab, caseworkTabs, isCaseworkTab, type CaseworkTabKey } from './participant/CaseworkTabs.tsx';
import { FollowUpsTab } from './participant/FollowUpsTab.tsx';
import { carriedTab, tabOpened } from './followup/handoff.ts';
import { useSession } from '../session.tsx';

type TabKey = 'profile' | 'consents' | 'stages' | 'notes' | 'attachments' | CaseworkTabKey | 'followups';

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
  const [record, setRecord] = useState<Versioned<ParticipantView> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { can } = useSession();
  // A need carried from a follow-up visit opens her Referrals or Plan tab (see followup/handoff.ts).
  const [tab, setTab] = useState<TabKey>(() => carriedTab(id) ?? 'profile');
  const [created] = useState(createdNotice);
  usePageTitle(record ? t('participant.title', { code: record.item.code }) : t('participant.loading'));

  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  const reload = useCallback(async () => {
    try {
      const fresh = await api.participants.get(id);
      setRecord(fresh);
      setLoadError(null);
      return fresh;
    } catch (err) {
      setLoadError(err);
      return null;
    }
  }, [id]);

  useEffect(() => {
    setRecord(null);
    setTab(carriedTab(id) ?? 'profile');
    void reload();
  }, [reload, id]);
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
          <Link href={`/rights-requests?code=${encodeURIComponent(p.code)}`}>{t('rights.fromRecord')}</Link>
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
      </Tabs>
    </section>
  );
}
