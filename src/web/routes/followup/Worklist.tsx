// The follow-up worklist: what is overdue (oldest first) and what falls due in the next seven days, each
// with the way to its visit form. A caseworker sees her own (also at the top of home); the head of section
// sees her regions, the overdue count per caseworker and region, and the open alerts that visits raised
// (high risk, safety concern) with "mark as handled". Both also see the cases whose last follow-up has
// passed, to close or continue by choice.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { regionName } from '../../../shared/regions.ts';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { daysBetween, fuLabel } from './labels.ts';
import { openOnFollowUps } from './handoff.ts';

type FollowUpList = Reply<'GET /api/follow-ups'>;

// The head of section's overdue summary is a sortable table (TanStack Table, its order in the address through
// zod): it loads only where it shows, so a caseworker's worklist and start page carry neither.
const OverdueSummary = lazy(() => import('./OverdueSummary.tsx').then((m) => ({ default: m.OverdueSummary })));
type FollowUp = FollowUpList['items'][number];
type Decision = NonNullable<FollowUpList['decisions']>[number];

type Level = 2 | 3;

function Heading({ level, id, children }: { level: Level; id?: string; children: string }) {
  return level === 2 ? <h2 id={id}>{children}</h2> : <h3 id={id}>{children}</h3>;
}

function ItemHeading({ level, children }: { level: Level; children: ReactNode }) {
  return level === 2 ? <h3 className="fu-item-title">{children}</h3> : <h4 className="fu-item-title">{children}</h4>;
}

function WorklistItem({
  f,
  level,
  today,
  showAssignee,
}: {
  f: FollowUp;
  level: Level;
  today: string;
  showAssignee: boolean;
}) {
  const { t } = useTranslation();
  const late = f.overdue ? daysBetween(f.dueDate, today) : 0;
  return (
    <li className={`record fu-item${f.overdue ? ' fu-item-late' : ''}`}>
      <ItemHeading level={level}>
        <Link href={`/follow-ups/${f.id}`}>{f.preferredName ? `${f.code} · ${f.preferredName}` : f.code}</Link>
      </ItemHeading>
      <p className="fu-item-meta">
        {t('followup.pointLong', { months: f.pointMonths })} ·{' '}
        {t('followup.worklist.dueOn', { date: formatDay(f.dueDate) })}{' '}
        {f.overdue ? (
          <span className="badge badge-warn">{t('followup.worklist.daysLate', { count: late })}</span>
        ) : f.dueDate === today ? (
          <span className="badge badge-ok">{t('followup.worklist.today')}</span>
        ) : null}
      </p>
      {showAssignee ? (
        <p className="note">
          {f.assignee ? t('followup.worklist.assignee', { name: f.assignee }) : t('followup.worklist.unassigned')}
        </p>
      ) : null}
    </li>
  );
}

/** Overdue first, then due this week; each part says when it is empty. */
export function WorklistSections({
  items,
  level,
  showAssignee = false,
}: {
  items: readonly FollowUp[];
  level: Level;
  showAssignee?: boolean;
}) {
  const { t } = useTranslation();
  const today = todayInOffice();
  const byDate = (a: FollowUp, b: FollowUp) => a.dueDate.localeCompare(b.dueDate) || a.code.localeCompare(b.code);
  const overdue = items.filter((f) => f.status === 'DUE' && f.overdue).sort(byDate);
  const due = items.filter((f) => f.status === 'DUE' && !f.overdue).sort(byDate);
  const idBase = level === 2 ? 'fu-list' : 'fu-home';
  return (
    <div className="fu-sections">
      <section aria-labelledby={`${idBase}-overdue`}>
        <Heading level={level} id={`${idBase}-overdue`}>
          {t('followup.worklist.overdue', { count: overdue.length })}
        </Heading>
        {overdue.length === 0 ? (
          <p>{t('followup.worklist.noneOverdue')}</p>
        ) : (
          <ul className="record-list fu-list" data-testid="fu-overdue">
            {overdue.map((f) => (
              <WorklistItem key={f.id} f={f} level={level} today={today} showAssignee={showAssignee} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`${idBase}-due`}>
        <Heading level={level} id={`${idBase}-due`}>
          {t('followup.worklist.due', { count: due.length })}
        </Heading>
        {due.length === 0 ? (
          <p>{t('followup.worklist.noneDue')}</p>
        ) : (
          <ul className="record-list fu-list" data-testid="fu-due">
            {due.map((f) => (
              <WorklistItem key={f.id} f={f} level={level} today={today} showAssignee={showAssignee} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Cases whose last follow-up has passed: close or continue, by choice, on her follow-up tab. */
export function DecisionList({ decisions, level }: { decisions: readonly Decision[]; level: Level }) {
  const { t } = useTranslation();
  if (decisions.length === 0) return null;
  const id = level === 2 ? 'fu-list-decisions' : 'fu-home-decisions';
  return (
    <section aria-labelledby={id}>
      <Heading level={level} id={id}>
        {t('followup.worklist.decisions', { count: decisions.length })}
      </Heading>
      <p className="hint">{t('followup.worklist.decisionsIntro')}</p>
      <ul className="record-list fu-list" data-testid="fu-decisions">
        {decisions.map((d) => (
          <li key={d.participantId} className="record fu-item">
            <ItemHeading level={level}>
              <Link href={`/participants/${d.participantId}`} onClick={() => openOnFollowUps(d.participantId)}>
                {d.preferredName ? `${d.code} · ${d.preferredName}` : d.code}
              </Link>
            </ItemHeading>
            <p className="fu-item-meta">
              {t('followup.worklist.lastPoint', { months: d.lastPointMonths, date: formatDay(d.lastDueDate) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Her open follow-ups (mine) or all those in her regions, with the cases to close or continue. */
function useWorklist(mine: boolean) {
  const { data, error } = useApi('GET /api/follow-ups', {
    query: { status: 'open', ...(mine ? { assignee: 'me' } : {}) },
  });
  return { list: data ?? null, error };
}

/** The caseworker's own worklist at the top of home. */
export function MyWorklist() {
  const { t } = useTranslation();
  const { list, error } = useWorklist(true);
  const empty = list !== null && list.items.length === 0 && (list.decisions ?? []).length === 0;
  return (
    <section className="fu-home panel" aria-labelledby="fu-home-title">
      <h2 id="fu-home-title">{t('followup.worklist.mine')}</h2>
      <ErrorAlert error={error} />
      {list === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : empty ? (
        <p>{t('followup.worklist.mineEmpty')}</p>
      ) : (
        <>
          <p className="hint">{t('followup.worklist.mineIntro')}</p>
          <WorklistSections items={list.items} level={3} />
          <DecisionList decisions={list.decisions ?? []} level={3} />
        </>
      )}
      <p>
        <Link href="/follow-ups">{t('followup.worklist.seeAll')}</Link>
      </p>
    </section>
  );
}

function FollowUpAlerts() {
  const { t } = useTranslation();
  const { data, error: loadError } = useApi('GET /api/alerts', {});
  const alerts = data?.items ?? null;
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const acknowledgement = useApiMutation('POST /api/alerts/:id/acknowledge');
  const busy = acknowledgement.isPending ? acknowledgement.variables?.params.id : null;
  const error = actionError ?? loadError;
  async function acknowledge(id: string) {
    setActionError(null);
    setNotice(null);
    try {
      await acknowledgement.mutateAsync({ params: { id } });
      setNotice(t('followup.worklist.acknowledged'));
    } catch (err) {
      setActionError(err);
    }
  }
  const open = (alerts ?? []).filter((a) => a.kind.startsWith('followup_') && !a.acknowledgedAt);
  return (
    <section aria-labelledby="fu-alerts-title">
      <h2 id="fu-alerts-title">{t('followup.worklist.alertsTitle')}</h2>
      <p className="hint">{t('followup.worklist.alertsIntro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert error={error} />
      {alerts === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : open.length === 0 ? (
        <p>{t('followup.worklist.alertsEmpty')}</p>
      ) : (
        <ul className="record-list" data-testid="fu-alerts">
          {open.map((a) => (
            <li key={a.id} className="record record-alert">
              <p className="record-meta note">
                {t('followup.worklist.alertMeta', {
                  region: regionName(a.regionCode),
                  at: formatDateTime(a.createdAt),
                })}
              </p>
              <p id={`fu-alert-${a.id}`}>{fuLabel('alerts', a.kind, t)}</p>
              <div className="button-row">
                {a.resourceType === 'follow_up' ? (
                  <Link className="button button-secondary" href={`/follow-ups/${a.resourceId}`}>
                    {t('followup.worklist.openFollowUp')}
                  </Link>
                ) : null}
                <button
                  type="button"
                  className="button button-primary"
                  aria-describedby={`fu-alert-${a.id}`}
                  disabled={busy === a.id}
                  onClick={() => void acknowledge(a.id)}
                >
                  {t('followup.worklist.acknowledge')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function WorklistPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  usePageTitle(t('followup.worklist.title'));
  const { list, error } = useWorklist(false);
  const summary = list?.overdueByAssignee;
  return (
    <section className="fu-worklist">
      <h1>{t('followup.worklist.title')}</h1>
      <p className="lead">{t('followup.worklist.intro')}</p>
      <ErrorAlert error={error} />
      {list === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : (
        <WorklistSections items={list.items} level={2} showAssignee={summary !== undefined} />
      )}
      {list ? <DecisionList decisions={list.decisions ?? []} level={2} /> : null}
      {summary ? (
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t('app.loading')}
            </p>
          }
        >
          <OverdueSummary rows={summary} />
        </Suspense>
      ) : null}
      {can('alert.list') ? <FollowUpAlerts /> : null}
    </section>
  );
}
