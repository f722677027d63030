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
  /**
   * Its place among the destinations a phone's top bar shows beside Beranda (lower first); entries without one
   * are only in the phone's menu. The bar takes the first PHONE_BAR_SIZE the user may open, so each role gets its
   * daily work from what it can do: cases and follow-ups for caseworkers and heads of section, cohorts for
   * facilitators, accounts and data requests for the administrator, the log and the money for auditors,
   * budget and kits for the Kepala Bidang and the PPK.
   */
  phone?: number;
}

export const NAV: readonly NavEntry[] = [
  { path: '/', label: 'nav.home' },
  {
    path: '/participants',
    label: 'nav.participants',
    card: 'home.cards.participants',
    requires: 'participant.list',
    phone: 1,
  },
  { path: '/outreach', label: 'casework.nav.outreach', card: 'casework.cards.outreach', requires: 'outreach.list' },
  { path: '/partners', label: 'casework.nav.partners', card: 'casework.cards.partners', requires: 'partner.list' },
  {
    path: '/programmes',
    label: 'programme.nav.programmes',
    card: 'programme.cards.programmes',
    requires: 'programme.read',
  },
  {
    path: '/cohorts',
    label: 'programme.nav.cohorts',
    card: 'programme.cards.cohorts',
    requires: 'cohort.list',
    phone: 8,
  },
  { path: '/venues', label: 'programme.nav.venues', card: 'programme.cards.venues', requires: 'venue.read' },
  { path: '/kits', label: 'aid.nav.kits', card: 'aid.cards.kits', requires: 'kit.read', phone: 7 },
  { path: '/budget', label: 'aid.nav.budget', card: 'aid.cards.budget', requires: 'budget.read', phone: 6 },
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
    phone: 2,
  },
  // Field mode (her own phone's cache of the next days, and what she records without a signal): in a
  // facilitator's bar after her cohorts; a caseworker finds it in the menu and on the banner.
  { path: '/field', label: 'field.nav', requires: 'field.use', phone: 9 },
  { path: '/dashboard', label: 'report.nav.dashboard', card: 'report.cards.dashboard', requires: 'dashboard.read' },
  { path: '/reports', label: 'report.nav.reports', card: 'report.cards.reports', requires: 'report.read' },
  { path: '/imports', label: 'report.nav.imports', card: 'report.cards.imports', requires: 'import.run' },
  { path: '/rights-requests', label: 'rights.nav', card: 'rights.card', requires: 'rights_request.list', phone: 4 },
  { path: '/users', label: 'nav.users', card: 'home.cards.users', requires: 'user.list', phone: 3 },
  { path: '/audit', label: 'nav.audit', card: 'home.cards.audit', requires: 'audit.read', phone: 5 },
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

/** How many destinations a phone's top bar shows beside Beranda (with the Menu button: four across 360 px). */
export const PHONE_BAR_SIZE = 2;

/**
 * A phone's split of the user's entries: the top bar (Beranda, then her first PHONE_BAR_SIZE ranked
 * destinations, in rank order) and the menu (everything else, in the navigation's order).
 */
export function phoneBarFor(entries: readonly NavEntry[]): { bar: NavEntry[]; menu: NavEntry[] } {
  const ranked = entries
    .filter((e) => e.phone !== undefined)
    .sort((a, b) => (a.phone ?? 0) - (b.phone ?? 0))
    .slice(0, PHONE_BAR_SIZE);
  const home = entries.filter((e) => e.path === '/');
  const bar = [...home, ...ranked];
  return { bar, menu: entries.filter((e) => !bar.includes(e)) };
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
