// Routes and the gates in front of them: signed out → sign-in; must change password → that screen;
// must enrol 2FA → that screen; a section the user may not use → "not allowed".
import { Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.tsx';
import { allows, safeNext } from './nav.ts';
import { Layout } from './components/Layout.tsx';
import { UpdatePrompt } from './components/UpdatePrompt.tsx';
import { ForbiddenPage, NotFoundPage } from './routes/NotFound.tsx';
import { screen } from './lazy.ts';
import { usePrefetchApi } from './data/query.ts';
import { useField } from './routes/field/FieldProvider.tsx';

// Every screen loads on first use with its area's words (lazy.ts), so each page fetches only its own code.
const SetupPage = screen([], () => import('./routes/Setup.tsx').then((m) => m.SetupPage));
const SignInPage = screen([], () => import('./routes/SignIn.tsx').then((m) => m.SignInPage));
const ChangePasswordPage = screen([], () => import('./routes/ChangePassword.tsx').then((m) => m.ChangePasswordPage));
const MfaEnrolPage = screen([], () => import('./routes/MfaEnrol.tsx').then((m) => m.MfaEnrolPage));
const HomePage = screen([], () => import('./routes/Home.tsx').then((m) => m.HomePage));
const UsersPage = screen(['accounts'], () => import('./routes/Users.tsx').then((m) => m.UsersPage));
const UserNewPage = screen(['accounts'], () => import('./routes/UserNew.tsx').then((m) => m.UserNewPage));
const UserDetailPage = screen(['accounts', 'audit', 'field'], () =>
  import('./routes/UserDetail.tsx').then((m) => m.UserDetailPage),
);
const AuditPage = screen(['audit'], () => import('./routes/Audit.tsx').then((m) => m.AuditPage));
const AccountPage = screen(['field'], () => import('./routes/Account.tsx').then((m) => m.AccountPage));

const ParticipantsPage = screen([], () => import('./routes/Participants.tsx').then((m) => m.ParticipantsPage));
const ParticipantNewPage = screen(['casework'], () =>
  import('./routes/ParticipantNew.tsx').then((m) => m.ParticipantNewPage),
);
const ParticipantDetailPage = screen(['casework', 'followup', 'rights'], () =>
  import('./routes/ParticipantDetail.tsx').then((m) => m.ParticipantDetailPage),
);
const OutreachPage = screen(['casework'], () => import('./routes/Outreach.tsx').then((m) => m.OutreachPage));
const PartnersPage = screen(['casework'], () => import('./routes/Partners.tsx').then((m) => m.PartnersPage));

const ProgrammesPage = screen(['programme'], () => import('./routes/Programmes.tsx').then((m) => m.ProgrammesPage));
const ProgrammeStageRulesPage = screen(['programme'], () =>
  import('./routes/programme/StageRules.tsx').then((m) => m.ProgrammeStageRulesPage),
);
const VenuesPage = screen(['programme'], () => import('./routes/Venues.tsx').then((m) => m.VenuesPage));
const VenueDetailPage = screen(['programme'], () => import('./routes/Venues.tsx').then((m) => m.VenueDetailPage));
const CohortsPage = screen(['programme'], () => import('./routes/Cohorts.tsx').then((m) => m.CohortsPage));
const CohortNewPage = screen(['programme'], () => import('./routes/Cohorts.tsx').then((m) => m.CohortNewPage));
const CohortDetailPage = screen(['casework', 'programme', 'aid', 'followup'], () =>
  import('./routes/CohortDetail.tsx').then((m) => m.CohortDetailPage),
);
const AttendancePage = screen(['programme'], () => import('./routes/Attendance.tsx').then((m) => m.AttendancePage));

const KitsPage = screen(['programme', 'aid'], () => import('./routes/aid/Kits.tsx').then((m) => m.KitsPage));
const BudgetPage = screen(['programme', 'aid'], () => import('./routes/aid/Budget.tsx').then((m) => m.BudgetPage));
const HandoverPage = screen(['programme', 'aid'], () =>
  import('./routes/aid/Handover.tsx').then((m) => m.HandoverPage),
);
const ApprovalsPage = screen(['programme', 'aid'], () =>
  import('./routes/aid/Approvals.tsx').then((m) => m.ApprovalsPage),
);
const WorklistPage = screen(['followup'], () => import('./routes/followup/Worklist.tsx').then((m) => m.WorklistPage));
const FollowUpPage = screen(['casework', 'followup'], () =>
  import('./routes/followup/Visit.tsx').then((m) => m.FollowUpPage),
);
const ReportsPage = screen(['programme', 'report'], () =>
  import('./routes/reports/Reports.tsx').then((m) => m.ReportsPage),
);
const DashboardPage = screen(['programme', 'followup', 'report'], () =>
  import('./routes/reports/Dashboard.tsx').then((m) => m.DashboardPage),
);
const ImportPage = screen(['report'], () => import('./routes/reports/Import.tsx').then((m) => m.ImportPage));
// Field mode: the screens read the device's cache (no server reads), so they also work in the offline shell.
const FieldHomePage = screen(['field', 'programme', 'followup', 'casework'], () =>
  import('./routes/field/Home.tsx').then((m) => m.FieldHomePage),
);
const FieldUnlockPage = screen(['field'], () => import('./routes/field/Unlock.tsx').then((m) => m.UnlockPage));
const FieldSetupPage = screen(['field'], () => import('./routes/field/Setup.tsx').then((m) => m.FieldSetupPage));
const FieldPinPage = screen(['field'], () => import('./routes/field/Pin.tsx').then((m) => m.FieldPinPage));
const FieldSessionPage = screen(['field', 'programme'], () =>
  import('./routes/field/Session.tsx').then((m) => m.FieldSessionPage),
);
const FieldVisitPage = screen(['field', 'followup'], () =>
  import('./routes/field/Visit.tsx').then((m) => m.FieldVisitPage),
);
const FieldNotePage = screen(['field'], () => import('./routes/field/Note.tsx').then((m) => m.FieldNotePage));
const FieldOutreachPage = screen(['field', 'casework'], () =>
  import('./routes/field/Outreach.tsx').then((m) => m.FieldOutreachPage),
);
const FieldConflictsPage = screen(['field', 'programme', 'followup', 'casework'], () =>
  import('./routes/field/Conflicts.tsx').then((m) => m.FieldConflictsPage),
);
const StaffDevicesPage = screen(['field'], () =>
  import('./routes/field/StaffDevices.tsx').then((m) => m.StaffDevicesPage),
);
const FieldConflictPage = screen(['field', 'programme', 'followup', 'casework'], () =>
  import('./routes/field/Conflicts.tsx').then((m) => m.FieldConflictPage),
);
const RightsRequestsPage = screen(['rights'], () =>
  import('./routes/RightsRequests.tsx').then((m) => m.RightsRequestsPage),
);

/** The route needs this action, or any one of a list of them. */
function Requires({ action, children }: { action: string | readonly string[]; children: ReactNode }) {
  const { user } = useSession();
  return user && allows(user.can, action) ? children : <ForbiddenPage />;
}

// Signed out, the sign-in screen is what comes next: on its own address it is fetched beside the session check
// rather than after it.
if (window.location.pathname === '/sign-in') void import('./routes/SignIn.tsx');

/** Her record is asked for beside the screen's code and words, not after them: she shows one round trip sooner. */
function ParticipantRoute({ id }: { id: string }) {
  usePrefetchApi('GET /api/participants/:id', { params: { id } });
  return <ParticipantDetailPage id={id} />;
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

/** A screen before the navigation: setup, sign-in, a password or 2FA the server insists on. */
function Bare({ children }: { children: ReactNode }) {
  return (
    <Layout showNav={false}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </Layout>
  );
}

/** The field screens' routes: in the signed-in app (behind field.use) and in the offline shell. */
function fieldRoutes(guard: (children: ReactNode) => ReactNode) {
  return [
    <Route key="unlock" path="/field/unlock">
      {guard(<FieldUnlockPage />)}
    </Route>,
    <Route key="home" path="/field">
      {guard(<FieldHomePage />)}
    </Route>,
    <Route key="session" path="/field/sessions/:id">
      {(params) => guard(<FieldSessionPage id={params.id} />)}
    </Route>,
    <Route key="visit" path="/field/visits/:id">
      {(params) => guard(<FieldVisitPage id={params.id} />)}
    </Route>,
    <Route key="note" path="/field/notes/:id">
      {(params) => guard(<FieldNotePage participantId={params.id} />)}
    </Route>,
    <Route key="outreach" path="/field/outreach">
      {guard(<FieldOutreachPage />)}
    </Route>,
    <Route key="conflicts" path="/field/conflicts">
      {guard(<FieldConflictsPage />)}
    </Route>,
    <Route key="conflict" path="/field/conflicts/:id">
      {(params) => guard(<FieldConflictPage id={params.id} />)}
    </Route>,
  ];
}

/**
 * Started without a network and with a field cache on the device: the PIN, then the field screens (no
 * navigation: the rest of the app needs the server).
 */
function OfflineFieldShell() {
  const field = useField();
  const [location] = useLocation();
  if (!field.checked) {
    return (
      <Layout showNav={false}>
        <Loading />
      </Layout>
    );
  }
  if (field.status === 'locked' && location !== '/field/unlock') return <Redirect to="/field/unlock" replace />;
  if (field.status === 'open' && (location === '/field/unlock' || !location.startsWith('/field')))
    return <Redirect to="/field" replace />;
  return (
    <Layout showNav={false}>
      <Suspense fallback={<Loading />}>
        <Switch>
          {fieldRoutes((children) => children)}
          <Route>
            <FieldUnlockPage />
          </Route>
        </Switch>
      </Suspense>
    </Layout>
  );
}

/** The pages, and after them the prompt that a new version is ready: registered once, whatever the page. */
export function App() {
  return (
    <>
      <Pages />
      <UpdatePrompt />
    </>
  );
}

function Pages() {
  const { state } = useSession();
  const field = useField();
  const [location] = useLocation();
  const search = useSearch();

  // Setup works whatever the session: it decides for itself whether it is still needed.
  if (location === '/setup') {
    return (
      <Bare>
        <SetupPage />
      </Bare>
    );
  }
  if (state.status === 'loading') {
    return (
      <Layout showNav={false}>
        <Loading />
      </Layout>
    );
  }
  // Offline at start, with a field cache here (or not looked at yet): the field shell instead of sign-in.
  if (state.status === 'anonymous' && state.offline && location !== '/sign-in') {
    if (!field.checked || field.status === 'locked' || field.status === 'open' || field.status === 'erased')
      return <OfflineFieldShell />;
  }
  if (state.status === 'anonymous') {
    if (location === '/sign-in') {
      return (
        <Bare>
          <SignInPage reason={state.reason} />
        </Bare>
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
      <Bare>
        <ChangePasswordPage forced />
      </Bare>
    );
  }
  if (user.mustEnrolMfa) {
    return (
      <Bare>
        <MfaEnrolPage forced />
      </Bare>
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
                <ParticipantRoute id={params.id} />
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
          <Route path="/field/devices/:accountId">
            {(params) => (
              <Requires action="field.device.revoke">
                <StaffDevicesPage accountId={params.accountId} />
              </Requires>
            )}
          </Route>
          <Route path="/field/setup">
            <Requires action="field.use">
              <FieldSetupPage />
            </Requires>
          </Route>
          <Route path="/field/pin">
            <Requires action="field.use">
              <FieldPinPage />
            </Requires>
          </Route>
          {fieldRoutes((children) => (
            <Requires action="field.use">{children}</Requires>
          ))}
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
