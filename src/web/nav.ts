// The navigation, as data: each section names the action (from the server's `can` list) that unlocks it.
// Modules to come are added here as one entry each (as Peserta is), likewise Penjangkauan, Program, Bantuan,
// Tindak lanjut and Laporan.
import type { ParseKeys } from 'i18next';

export interface NavEntry {
  path: string;
  label: ParseKeys;
  /** A short description for the home page card; entries without one get no card. */
  card?: ParseKeys;
  /** The action the user needs (any one of a list); undefined means every signed-in user. */
  requires?: string | readonly string[];
}

export const NAV: readonly NavEntry[] = [
  { path: '/', label: 'nav.home' },
  { path: '/participants', label: 'nav.participants', card: 'home.cards.participants', requires: 'participant.list' },
  { path: '/outreach', label: 'casework.nav.outreach', card: 'casework.cards.outreach', requires: 'outreach.list' },
  { path: '/partners', label: 'casework.nav.partners', card: 'casework.cards.partners', requires: 'partner.list' },
  {
    path: '/programmes',
    label: 'programme.nav.programmes',
    card: 'programme.cards.programmes',
    requires: 'programme.read',
  },
  { path: '/cohorts', label: 'programme.nav.cohorts', card: 'programme.cards.cohorts', requires: 'cohort.list' },
  { path: '/venues', label: 'programme.nav.venues', card: 'programme.cards.venues', requires: 'venue.read' },
  { path: '/kits', label: 'aid.nav.kits', card: 'aid.cards.kits', requires: 'kit.read' },
  { path: '/budget', label: 'aid.nav.budget', card: 'aid.cards.budget', requires: 'budget.read' },
  {
    path: '/approvals',
    label: 'aid.nav.approvals',
    card: 'aid.cards.approvals',
    requires: ['approval.settings', 'delegation.manage'],
  },
  {
    path: '/follow-ups',
    label: 'followup.nav.worklist',
    card: 'followup.cards.worklist',
    requires: 'followup.worklist',
  },
  { path: '/dashboard', label: 'report.nav.dashboard', card: 'report.cards.dashboard', requires: 'dashboard.read' },
  { path: '/reports', label: 'report.nav.reports', card: 'report.cards.reports', requires: 'report.read' },
  { path: '/imports', label: 'report.nav.imports', card: 'report.cards.imports', requires: 'import.run' },
  { path: '/rights-requests', label: 'rights.nav', card: 'rights.card', requires: 'rights_request.list' },
  { path: '/users', label: 'nav.users', card: 'home.cards.users', requires: 'user.list' },
  { path: '/audit', label: 'nav.audit', card: 'home.cards.audit', requires: 'audit.read' },
  { path: '/account', label: 'nav.account', card: 'home.cards.account' },
];

/** Whether `can` holds the action an entry (or a route) needs, or one of the actions it lists. */
export function allows(can: readonly string[], requires: NavEntry['requires']): boolean {
  if (!requires) return true;
  return typeof requires === 'string' ? can.includes(requires) : requires.some((r) => can.includes(r));
}

export function navFor(can: readonly string[]): NavEntry[] {
  return NAV.filter((e) => allows(can, e.requires));
}

/** The entry a path belongs to (the longest matching prefix), for aria-current. */
export function activeEntry(path: string, entries: readonly NavEntry[]): NavEntry | undefined {
  return [...entries]
    .filter((e) => (e.path === '/' ? path === '/' : path === e.path || path.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Only same-site paths are followed after sign-in (no "//evil.example" or "https://…"). */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
