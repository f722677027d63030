// Home: a greeting, what Berdaya is for, and a card for each section this user may open.
import { Suspense } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useUser } from '../session.tsx';
import { navFor } from '../nav.ts';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { screen } from '../lazy.ts';

// A caseworker's follow-up worklist heads her home screen; it loads on its own, after the page.
const MyWorklist = screen(['casework', 'followup'], () => import('./followup/Worklist.tsx').then((m) => m.MyWorklist));
// Whoever schedules cohorts is reminded when next year's office calendar is due and missing.
const CalendarWarning = screen(['programme'], () =>
  import('./programme/CalendarWarning.tsx').then((m) => m.CalendarWarning),
);

// Accounts made without a second person, until she has seen each (administrators and heads of section).
const AccountNotices = screen(['accounts'], () => import('./AccountNotices.tsx').then((m) => m.AccountNotices));
// What waits for this person (every role), safety alerts first.
const WorkQueue = screen(['casework', 'programme', 'aid', 'rights'], () =>
  import('./WorkQueue.tsx').then((m) => m.WorkQueue),
);
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
// Moving a worker's caseload (leave, resignation): whoever assigns cases.
const CaseloadReassign = screen(['casework'], () =>
  import('./participant/CaseloadReassign.tsx').then((m) => m.CaseloadReassign),
);

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const user = useUser();
  const cards = navFor(user.can).filter((e) => e.card);
  return (
    <section>
      <h1>{t('home.greeting', { name: user.name ?? user.username })}</h1>
      {user.can.includes('account_notice.list') ? (
        <Suspense fallback={null}>
          <AccountNotices />
        </Suspense>
      ) : null}
      <Suspense fallback={null}>
        {/* Refreshed by any change sent from a list below (a transfer answered, an assignment request decided). */}
        <WorkQueue />
      </Suspense>
      {user.can.includes('cohort.manage') ? (
        <Suspense fallback={null}>
          <CalendarWarning />
        </Suspense>
      ) : null}
      {user.can.includes('assignment.decide') ? (
        <Suspense fallback={null}>
          <AssignmentQueue />
        </Suspense>
      ) : null}
      {user.can.includes('participant.resolve_duplicate') ? (
        <Suspense fallback={null}>
          <DuplicateReviews />
        </Suspense>
      ) : null}
      {user.can.includes('participant.read') ? (
        <Suspense fallback={null}>
          <TransferQueue />
        </Suspense>
      ) : null}
      {user.can.includes('participant.assign') ? (
        <Suspense fallback={null}>
          <CaseloadReassign />
        </Suspense>
      ) : null}
      {user.role === 'caseworker' && user.can.includes('followup.worklist') ? (
        <Suspense fallback={null}>
          <MyWorklist />
        </Suspense>
      ) : null}
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
    </section>
  );
}
