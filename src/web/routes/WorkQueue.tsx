// What waits for the signed-in person, at the top of her start page: safety alerts first and set apart, then
// each kind of decision with its count and the oldest items, each one click from where it is decided.
import { Suspense, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Reply } from '../data/client.ts';
import { useApi } from '../data/query.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { formatDay } from '../format.ts';
import { openOnTab, type WantedTab } from './followup/handoff.ts';
import { useWorkQueueFollowsWrites } from '../queue-count.tsx';
import { screen } from '../lazy.ts';
import type { FieldWriteKind } from '../../shared/field-api.ts';

// Account requests are decided by a few (heads of section, Kepala Bidang): their list and its form load only
// for them, so everyone else's start page stays small.
const AccountApprovals = screen(['accounts'], () => import('./AccountApprovals.tsx').then((m) => m.AccountApprovals));

// Words from an area's catalogue, loaded with that area only when the queue lists such an item (the start page
// waits for them inside its Suspense boundary, so the queue appears once, complete).
const CorrectionText = screen(['programme'], () => import('./queue-words/programme.tsx').then((m) => m.CorrectionText));
const BudgetKindText = screen(['aid'], () => import('./queue-words/aid.tsx').then((m) => m.BudgetKindText));
const RightsKindText = screen(['rights'], () => import('./queue-words/rights.tsx').then((m) => m.RightsKindText));
const AlertKindText = screen(['casework'], () => import('./queue-words/casework.tsx').then((m) => m.AlertKindText));

/** What a field device's conflict can be about (the contract's kinds; a type import keeps zod off this page). */
const FIELD_WRITE_KINDS: readonly string[] = ['attendance', 'visit', 'note', 'outreach'] satisfies FieldWriteKind[];

type Section = Reply<'GET /api/work-queue'>['sections'][number];
type Item = Section['items'][number];

/** The tab of her page where a decision is taken, for the sections decided there. */
const TAB_OF: Partial<Record<Section['kind'], WantedTab>> = {
  plans: 'plan',
  assessments: 'assessment',
  closures: 'stages',
};

/** Where an item is decided. */
function linkOf(kind: Section['kind'], item: Item): string {
  switch (kind) {
    case 'allocations':
      return `/allocations/${item.id}`;
    case 'aid_decrees':
      // The letter is issued on the cohort's aid tab, where its approved aid is listed.
      return `/cohorts/${item.cohortId}?tab=aid`;
    case 'budget_lines':
      return `/budget/${item.programmeId}`;
    case 'sessions_today':
      return `/sessions/${item.id}/attendance`;
    case 'attendance_corrections':
      // Decided on the session's attendance screen, where the register and the reason are.
      return `/sessions/${item.sessionId}/attendance`;
    case 'graduation_exceptions':
      // Confirmed on the cohort's graduation tab, where her figures and the reason are.
      return `/cohorts/${item.cohortId}?tab=graduation`;
    case 'overdue_follow_ups':
      return `/follow-ups/${item.id}`;
    case 'assignment_requests':
      return '#assignment-queue-title';
    case 'transfers':
      return '#transfer-queue-title';
    case 'province_transfers':
      return '#province-transfer-queue-title';
    case 'duplicate_reviews':
      return '#duplicate-reviews-title';
    case 'rights_requests':
    case 'rights_requests_to_carry_out':
      return '/rights-requests';
    case 'field_conflicts':
      // Whose device holds it: her devices' page, which her head of section may read (the staff page may not).
      return item.userId ? `/field/devices/${item.userId}` : '/';
    case 'safety_alerts':
      // An alert about no participant (a flood of sign-in guesses on a staff account) is read with the others.
      return item.participantId ? `/participants/${item.participantId}` : '/outreach#alerts-title';
    default:
      return item.participantId ? `/participants/${item.participantId}` : '/follow-ups';
  }
}

/** What an item says: her code and the name she goes by; for a correction, also the mark it asks for. */
function itemText(kind: Section['kind'], item: Item, t: TFunction): ReactNode {
  const who = item.code ? `${item.code}${item.name ? ` (${item.name})` : ''}` : t('workQueue.open');
  if (kind === 'field_conflicts') {
    const what = FIELD_WRITE_KINDS.includes(item.detail ?? '')
      ? t(`workQueue.fieldConflictKind.${item.detail as FieldWriteKind}`)
      : (item.detail ?? '');
    return t('workQueue.fieldConflict', { who: item.name ?? t('workQueue.open'), what });
  }
  if (kind === 'aid_decrees') return t('workQueue.decree', { count: Number(item.detail ?? 0) });
  if (kind === 'safety_alerts' && !item.code && item.detail) return <AlertKindText code={item.detail} />;
  if (kind === 'budget_lines' && item.detail) return <BudgetKindText code={item.detail} />;
  // A request: what she asks for (and, for the head of section who decides it, whose it is).
  if ((kind === 'rights_requests' || kind === 'rights_requests_to_carry_out') && item.detail)
    return <RightsKindText code={item.detail} who={item.code ? who : null} />;
  if (kind === 'attendance_corrections' && item.detail) return <CorrectionText who={who} status={item.detail} />;
  return who;
}

/**
 * The queue is refreshed after any change the app sends (a transfer accepted, a request approved on the same
 * page), keeping what it shows until the fresh one arrives.
 */
export function WorkQueue() {
  const { t } = useTranslation();
  useWorkQueueFollowsWrites();
  const { data: queue, error } = useApi('GET /api/work-queue', {});
  // Accounts decided inside the queue stay in view with the outcome, even once none waits.
  const [decidedHere, setDecidedHere] = useState(false);
  if (!queue) return <ErrorAlert error={error} />;
  // Nothing this role decides (an administrator, an auditor): no panel at all.
  if (queue.sections.length === 0) return null;
  const waiting = queue.sections.filter((s) => s.count > 0 || (s.kind === 'account_approvals' && decidedHere));
  return (
    <section aria-labelledby="work-queue-title" className="panel">
      <h2 id="work-queue-title">
        {t('workQueue.title')} ({queue.total})
      </h2>
      {error ? <ErrorAlert error={error} /> : null}
      {waiting.length === 0 ? <p>{t('workQueue.empty')}</p> : null}
      {waiting.map((s) => (
        <div
          key={s.kind}
          className={s.kind === 'safety_alerts' ? 'alert alert-error' : undefined}
          role={s.kind === 'safety_alerts' ? 'alert' : undefined}
        >
          <h3>
            {t(`workQueue.kind.${s.kind}`)} ({s.count})
          </h3>
          {s.kind === 'account_approvals' ? (
            // Decided here, with what each account would get and a reason for a refusal.
            <Suspense fallback={null}>
              <AccountApprovals onDecided={() => setDecidedHere(true)} />
            </Suspense>
          ) : (
            <ul className="plain-list">
              {s.items.map((i) => (
                <li key={i.id}>
                  <Link
                    href={linkOf(s.kind, i)}
                    onClick={() => {
                      const tab = TAB_OF[s.kind];
                      if (tab && i.participantId) openOnTab(i.participantId, tab);
                    }}
                  >
                    {itemText(s.kind, i, t)}
                  </Link>{' '}
                  <span className="muted-text">{formatDay(i.at.slice(0, 10))}</span>
                </li>
              ))}
            </ul>
          )}
          {s.count > s.items.length && s.kind !== 'account_approvals' ? (
            <p>{t('workQueue.more', { count: s.count - s.items.length })}</p>
          ) : null}
        </div>
      ))}
    </section>
  );
}
