// Home: a greeting, what Berdaya is for, and a card for each section this user may open.
//
// What waits for her (the work queue, the lists it points to, a caseworker's follow-ups) loads after the page
// and stands above its fixed part. So that nothing already on screen is pushed down when it arrives, the page
// below the greeting shows one loading line until the queue (and a caseworker's worklist) are read and their
// code and words are in, then everything at once. The queue and the worklist are read here, beside the code
// that shows them, rather than after it; a list of decisions loads only when the queue says one of its kind
// waits.
import { Suspense, useCallback, useLayoutEffect, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useUser } from '../session.tsx';
import { navFor } from '../nav.ts';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { screen } from '../lazy.ts';
import { useApi } from '../data/query.ts';
import type { Reply } from '../data/client.ts';

// A caseworker's follow-up worklist heads her home screen; it loads on its own, after the page.
const MyWorklist = screen(['followup'], () => import('./followup/Worklist.tsx').then((m) => m.MyWorklist));
// Whoever schedules cohorts is reminded when next year's office calendar is due and missing.
const CalendarWarning = screen(['programme'], () =>
  import('./programme/CalendarWarning.tsx').then((m) => m.CalendarWarning),
);

// Accounts made without a second person, until she has seen each (administrators and heads of section).
const AccountNotices = screen(['accounts'], () => import('./AccountNotices.tsx').then((m) => m.AccountNotices));
// What waits for this person (every role), safety alerts first.
const WorkQueue = screen([], () => import('./WorkQueue.tsx').then((m) => m.WorkQueue));
// The head of section's queue of assignment requests: what waits for her decision.
const AssignmentQueue = screen(['casework'], () =>
  import('./participant/AssignmentQueue.tsx').then((m) => m.AssignmentQueue),
);

// Registrations elsewhere with the NIK of one of her participants, waiting for her decision.
const DuplicateReviews = screen(['casework'], () =>
  import('./participant/DuplicateReviews.tsx').then((m) => m.DuplicateReviews),
);
// Cases another region moved to this worker, waiting for her answer.
const TransferQueue = screen(['casework'], () =>
  import('./participant/TransferQueue.tsx').then((m) => m.TransferQueue),
);
const ProvinceTransferQueue = screen(['casework'], () =>
  import('./participant/ProvinceTransferQueue.tsx').then((m) => m.ProvinceTransferQueue),
);
// Moving a worker's caseload (leave, resignation): whoever assigns cases.
const CaseloadReassign = screen(['casework'], () =>
  import('./participant/CaseloadReassign.tsx').then((m) => m.CaseloadReassign),
);

type QueueKind = Reply<'GET /api/work-queue'>['sections'][number]['kind'];

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading home-loading" role="status">
      {t('app.loading')}
    </p>
  );
}

/** Says once that the part beside it is on the page (its code and words are in). */
function Arrived({ name, onArrived }: { name: string; onArrived(name: string): void }) {
  useLayoutEffect(() => onArrived(name), [name, onArrived]);
  return null;
}

/**
 * A part of the page that loads late, in its own boundary: a part that loads again later (a list that now has
 * something) leaves the rest of the page in place.
 */
function Late({ name, onArrived, children }: { name: string; onArrived(name: string): void; children: ReactNode }) {
  return (
    <Suspense fallback={null}>
      {children}
      <Arrived name={name} onArrived={onArrived} />
    </Suspense>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const user = useUser();
  const cards = navFor(user.can).filter((e) => e.card);
  const worklistShown = user.role === 'caseworker' && user.can.includes('followup.worklist');
  // The same queries as the work queue's and the worklist's own (one request each), started with the page.
  const queue = useApi('GET /api/work-queue', {});
  const worklist = useApi(
    'GET /api/follow-ups',
    { query: { status: 'open', assignee: 'me' } },
    { enabled: worklistShown },
  );
  // A list of decisions shows while its kind waits, and stays once shown (with the outcome of a decision taken
  // in it) even when the queue, read again, says none is left; when the queue cannot be read, every list shows.
  const [listed, setListed] = useState<readonly QueueKind[]>([]);
  const waiting = (queue.data?.sections ?? []).filter((s) => s.count > 0).map((s) => s.kind);
  const newly = waiting.filter((k) => !listed.includes(k));
  if (newly.length) setListed([...listed, ...newly]);
  const lists = (kind: QueueKind) => (queue.isError && !queue.data) || listed.includes(kind) || waiting.includes(kind);

  const parts: [string, boolean, ReactNode][] = [
    ['notices', user.can.includes('account_notice.list'), <AccountNotices key="notices" />],
    // Refreshed by any change sent from a list below (a transfer answered, an assignment request decided).
    ['queue', true, <WorkQueue key="queue" />],
    ['calendar', user.can.includes('cohort.manage'), <CalendarWarning key="calendar" />],
    [
      'assignments',
      user.can.includes('assignment.decide') && lists('assignment_requests'),
      <AssignmentQueue key="assignments" />,
    ],
    [
      'duplicates',
      user.can.includes('participant.resolve_duplicate') && lists('duplicate_reviews'),
      <DuplicateReviews key="duplicates" />,
    ],
    ['transfers', user.can.includes('participant.read') && lists('transfers'), <TransferQueue key="transfers" />],
    [
      'provinceTransfers',
      user.can.includes('transfer.province.answer') && lists('province_transfers'),
      <ProvinceTransferQueue key="provinceTransfers" />,
    ],
    ['caseload', user.can.includes('participant.assign'), <CaseloadReassign key="caseload" />],
    ['worklist', worklistShown, <MyWorklist key="worklist" />],
  ];
  const shown = parts.filter(([, on]) => on);
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  const onArrived = useCallback((name: string) => setArrived((a) => (a.has(name) ? a : new Set([...a, name]))), []);
  // Revealed once: whatever loads later comes in its own place.
  const [revealed, setRevealed] = useState(false);
  const ready =
    !queue.isPending && (!worklistShown || !worklist.isPending) && shown.every(([name]) => arrived.has(name));
  if (ready && !revealed) setRevealed(true);
  return (
    <section>
      <h1>{t('home.greeting', { name: user.name ?? user.username })}</h1>
      {revealed ? null : <Loading />}
      <div hidden={!revealed}>
        {shown.map(([name, , part]) => (
          <Late key={name} name={name} onArrived={onArrived}>
            {part}
          </Late>
        ))}
        <p className="lead">{t('home.intro')}</p>
        <p>{t('home.who', { role: t(`roles.${user.role}`), regions: regionList(user.regions) })}</p>
        <h2>{t('home.sections')}</h2>
        <ul className="cards">
          {cards.map((c) => (
            <li key={c.path} className="card">
              <h3>
                <Link href={c.path}>{t(c.label)}</Link>
              </h3>
              {c.card ? <p>{t(c.card)}</p> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
