// Routes and the gates in front of them: signed out → sign-in; must change password → that screen;
// must enrol 2FA → that screen; a section the user may not use → "not allowed".
import { lazy, Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.tsx';
import { allows, safeNext } from './nav.ts';
import { Layout } from './components/Layout.tsx';
import { SetupPage } from './routes/Setup.tsx';
import { SignInPage } from './routes/SignIn.tsx';
import { ChangePasswordPage } from './routes/ChangePassword.tsx';
import { MfaEnrolPage } from './routes/MfaEnrol.tsx';
import { HomePage } from './routes/Home.tsx';
import { UsersPage } from './routes/Users.tsx';
import { UserNewPage } from './routes/UserNew.tsx';
import { UserDetailPage } from './routes/UserDetail.tsx';
import { AuditPage } from './routes/Audit.tsx';
import { AccountPage } from './routes/Account.tsx';
import { ForbiddenPage, NotFoundPage } from './routes/NotFound.tsx';

// The participant screens load on first use, so the first page stays small on a phone.
const ParticipantsPage = lazy(() => import('./routes/Participants.tsx').then((m) => ({ default: m.ParticipantsPage })));
const ParticipantNewPage = lazy(() =>
  import('./routes/ParticipantNew.tsx').then((m) => ({ default: m.ParticipantNewPage })),
);
const ParticipantDetailPage = lazy(() =>
  import('./routes/ParticipantDetail.tsx').then((m) => ({ default: m.ParticipantDetailPage })),
);
const OutreachPage = lazy(() => import('./routes/Outreach.tsx').then((m) => ({ default: m.OutreachPage })));
const PartnersPage = lazy(() => import('./routes/Partners.tsx').then((m) => ({ default: m.PartnersPage })));

// Programme delivery (programmes, venues, cohorts, attendance) also loads on first use.
const ProgrammesPage = lazy(() => import('./routes/Programmes.tsx').then((m) => ({ default: m.ProgrammesPage })));
const ProgrammeStageRulesPage = lazy(() =>
  import('./routes/programme/StageRules.tsx').then((m) => ({ default: m.ProgrammeStageRulesPage })),
);
const VenuesPage = lazy(() => import('./routes/Venues.tsx').then((m) => ({ default: m.VenuesPage })));
const VenueDetailPage = lazy(() => import('./routes/Venues.tsx').then((m) => ({ default: m.VenueDetailPage })));
const CohortsPage = lazy(() => import('./routes/Cohorts.tsx').then((m) => ({ default: m.CohortsPage })));
const CohortNewPage = lazy(() => import('./routes/Cohorts.tsx').then((m) => ({ default: m.CohortNewPage })));
const CohortDetailPage = lazy(() => import('./routes/CohortDetail.tsx').then((m) => ({ default: m.CohortDetailPage })));
const AttendancePage = lazy(() => import('./routes/Attendance.tsx').then((m) => ({ default: m.AttendancePage })));

// Business aid, follow-up and reports load on first use as well.
const KitsPage = lazy(() => import('./routes/aid/Kits.tsx').then((m) => ({ default: m.KitsPage })));
const BudgetPage = lazy(() => import('./routes/aid/Budget.tsx').then((m) => ({ default: m.BudgetPage })));
const HandoverPage = lazy(() => import('./routes/aid/Handover.tsx').then((m) => ({ default: m.HandoverPage })));
const ApprovalsPage = lazy(() => import('./routes/aid/Approvals.tsx').then((m) => ({ default: m.ApprovalsPage })));
const WorklistPage = lazy(() => import('./routes/followup/Worklist.tsx').then((m) => ({ default: m.WorklistPage })));
const FollowUpPage = lazy(() => import('./routes/followup/Visit.tsx').then((m) => ({ default: m.FollowUpPage })));
const ReportsPage = lazy(() => import('./routes/reports/Reports.tsx').then((m) => ({ default: m.ReportsPage })));
const DashboardPage = lazy(() => import('./routes/reports/Dashboard.tsx').then((m) => ({ default: m.DashboardPage })));
const ImportPage = lazy(() => import('./routes/reports/Import.tsx').then((m) => ({ default: m.ImportPage })));
const RightsRequestsPage = lazy(() =>
  import('./routes/RightsRequests.tsx').then((m) => ({ default: m.RightsRequestsPage })),
);

/** The route needs this action, or any one of a list of them. */
function Requires({ action, children }: { action: string | readonly string[]; children: ReactNode }) {
  const { user } = useSession();
  return user && allows(user.can, action) ? children : <ForbiddenPage />;
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function App() {
  const { state } = useSession();
  const [location] = useLocation();
  const search = useSearch();

  // Setup works whatever the session: it decides for itself whether it is still needed.
  if (location === '/setup') {
    return (
      <Layout showNav={false}>
        <SetupPage />
      </Layout>
    );
  }
  if (state.status === 'loading') {
    return (
      <Layout showNav={false}>
        <Loading />
      </Layout>
    );
  }
  if (state.status === 'anonymous') {
    if (location === '/sign-in') {
      return (
        <Layout showNav={false}>
          <SignInPage reason={state.reason} />
        </Layout>
      );
    }
    const next = location === '/' ? '' : `?next=${encodeURIComponent(location + (search ? `?${search}` : ''))}`;
    return <Redirect to={`/sign-in${next}`} replace />;
  }

  const { user } = state;
  if (location === '/sign-in') return <Redirect to={safeNext(new URLSearchParams(search).get('next'))} replace />;
  // The server refuses everything else until these are done, so the app asks for them first.
  if (user.mustChangePassword) {
    return (
      <Layout showNav={false}>
        <ChangePasswordPage forced />
      </Layout>
    );
  }
  if (user.mustEnrolMfa) {
    return (
      <Layout showNav={false}>
        <MfaEnrolPage forced />
      </Layout>
    );
  }

  return (
    <Layout showNav>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            <HomePage />
          </Route>
          <Route path="/users">
            <Requires action="user.list">
              <UsersPage />
            </Requires>
          </Route>
          <Route path="/users/new">
            <Requires action="user.create">
              <UserNewPage />
            </Requires>
          </Route>
          <Route path="/users/:id">
            {(params) => (
              <Requires action="user.read">
                <UserDetailPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/participants">
            <Requires action="participant.list">
              <ParticipantsPage />
            </Requires>
          </Route>
          <Route path="/participants/new">
            <Requires action="participant.create">
              <ParticipantNewPage />
            </Requires>
          </Route>
          <Route path="/participants/:id">
            {(params) => (
              <Requires action="participant.read">
                <ParticipantDetailPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/outreach">
            <Requires action="outreach.list">
              <OutreachPage />
            </Requires>
          </Route>
          <Route path="/partners">
            <Requires action="partner.list">
              <PartnersPage />
            </Requires>
          </Route>
          <Route path="/audit">
            <Requires action="audit.read">
              <AuditPage />
            </Requires>
          </Route>
          <Route path="/rights-requests">
            <Requires action="rights_request.list">
              <RightsRequestsPage />
            </Requires>
          </Route>
          <Route path="/programmes">
            <Requires action="programme.read">
              <ProgrammesPage />
            </Requires>
          </Route>
          <Route path="/programmes/:id/stage-rules">
            {(params) => (
              <Requires action="programme.read">
                <ProgrammeStageRulesPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/venues">
            <Requires action="venue.read">
              <VenuesPage />
            </Requires>
          </Route>
          <Route path="/venues/:id">
            {(params) => (
              <Requires action="venue.read">
                <VenueDetailPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/cohorts">
            <Requires action="cohort.list">
              <CohortsPage />
            </Requires>
          </Route>
          <Route path="/cohorts/new">
            <Requires action="cohort.manage">
              <CohortNewPage />
            </Requires>
          </Route>
          <Route path="/cohorts/:id">
            {(params) => (
              <Requires action="cohort.read">
                <CohortDetailPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/sessions/:id/attendance">
            {(params) => (
              <Requires action="attendance.read">
                <AttendancePage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/kits">
            <Requires action="kit.read">
              <KitsPage />
            </Requires>
          </Route>
          <Route path="/budget">
            <Requires action="budget.read">
              <BudgetPage />
            </Requires>
          </Route>
          <Route path="/budget/:id">
            {(params) => (
              <Requires action="budget.read">
                <BudgetPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/allocations/:id">
            {(params) => (
              <Requires action="allocation.read">
                <HandoverPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/approvals">
            <Requires action={['approval.settings', 'delegation.manage']}>
              <ApprovalsPage />
            </Requires>
          </Route>
          <Route path="/follow-ups">
            <Requires action="followup.worklist">
              <WorklistPage />
            </Requires>
          </Route>
          <Route path="/follow-ups/:id">
            {(params) => (
              <Requires action="followup.read">
                <FollowUpPage id={params.id} />
              </Requires>
            )}
          </Route>
          <Route path="/dashboard">
            <Requires action="dashboard.read">
              <DashboardPage />
            </Requires>
          </Route>
          <Route path="/reports">
            <Requires action="report.read">
              <ReportsPage />
            </Requires>
          </Route>
          <Route path="/imports">
            <Requires action="import.run">
              <ImportPage />
            </Requires>
          </Route>
          <Route path="/account">
            <AccountPage />
          </Route>
          <Route path="/account/password">
            <ChangePasswordPage />
          </Route>
          <Route path="/account/2fa">
            <MfaEnrolPage />
          </Route>
          <Route>
            <NotFoundPage />
          </Route>
        </Switch>
      </Suspense>
    </Layout>
  );
}
