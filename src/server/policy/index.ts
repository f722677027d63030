// Every allow-rule of Berdaya, in one place. Pure: given the actor and facts about a resource, it decides;
// it never queries. Out of scope → 404 (as if absent); visible but not allowed → 403; default deny.
import type { Role } from '../../shared/roles.ts';
import { APPROVAL_KINDS, DEFAULT_APPROVERS, type ApprovalKind } from '../../shared/approvals.ts';

export interface Actor {
  id: string;
  role: Role;
  /** Her province's two-digit code (the whole province) or kabupaten/kota codes, all in one province. */
  regions: readonly string[];
  /**
   * What she approves today: the kinds the office's setting gives her role, and those of an approver she acts
   * for (Plh./Plt.), with that delegation's id. Read with her session (kernel/approvals.ts); none when absent.
   */
  approves?: readonly Approval[];
}

/** A kind of decision the actor approves, and the delegation it comes from (null: her own role's). */
export interface Approval {
  kind: ApprovalKind;
  delegationId: string | null;
}

/** What the policy needs to know about a participant (never identity). */
export interface ParticipantFacts {
  type: 'participant';
  id: string;
  regionCode: string;
  assignedUserIds: readonly string[];
}

export type Resource =
  | { type: 'user'; id: string; regions: readonly string[] }
  | { type: 'audit' }
  | ParticipantFacts
  /** A case note: psychological notes are readable only by their author and assigned psychologists. */
  | { type: 'note'; participant: ParticipantFacts; noteType: string; authorId: string }
  /** An outreach contact (no identity): its region and the worker who recorded it. */
  | { type: 'outreach'; id: string; regionCode: string; workerId: string }
  /** A cohort: its region and the people who facilitate any of its sessions. */
  | CohortFacts
  /** A session of a cohort and its facilitator. */
  | { type: 'session'; id: string; cohort: CohortFacts; facilitatorId: string | null };

export interface CohortFacts {
  type: 'cohort';
  id: string;
  regionCode: string;
  facilitatorIds: readonly string[];
}

export type ResourceType = Resource['type'];

export const ACTIONS = [
  'user.list',
  'user.read',
  'user.create',
  'user.update',
  'staff.list',
  'audit.read',
  'participant.list',
  'participant.read',
  'participant.create',
  'participant.update',
  'participant.reveal_nik',
  'participant.assign',
  'assignment.request',
  'assignment.decide',
  'participant.transition',
  'participant.approve_closure',
  'consent.read',
  'consent.manage',
  'note.list',
  'note.read',
  'note.create',
  'note.create_psychological',
  'note.update',
  'attachment.read',
  'attachment.create',
  'outreach.list',
  'outreach.read',
  'outreach.create',
  'outreach.update',
  'alert.list',
  'assessment.read',
  'assessment.create',
  'assessment.review',
  'caseplan.read',
  'caseplan.write',
  'caseplan.approve',
  'partner.list',
  'partner.manage',
  'referral.read',
  'referral.create',
  'referral.update',
  'programme.read',
  'programme.manage',
  'venue.read',
  'venue.manage',
  'cohort.list',
  'cohort.read',
  'cohort.manage',
  'enrollment.manage',
  'session.manage',
  'attendance.read',
  'attendance.mark',
  'attendance.override_lock',
  'graduation.confirm',
  'graduation.reopen',
  'graduation.exception_request',
  'graduation.exception_read',
  'graduation.exception_confirm',
  'kit.read',
  'kit.manage',
  'budget.read',
  'budget.manage',
  'budget.approve',
  'allocation.read',
  'allocation.propose',
  'allocation.approve',
  'allocation.procure',
  'allocation.handover',
  'aid.decree',
  'approval.settings',
  'delegation.manage',
  'followup.worklist',
  'followup.read',
  'followup.record',
  'followup.read_risk',
  'outcome.read',
  'participant.reopen',
  'dashboard.read',
  'report.read',
  'report.identified',
  'report.narrative',
  'import.run',
  'protection.export',
  'protection.erase',
  'protection.legal_hold',
  'protection.access_report',
  'session.revoke_all',
] as const;

/** Data-subject requests and breach response: the data officer (admin) acts on records within her regions. */
const PROTECTION_ACTIONS: readonly string[] = [
  'protection.export',
  'protection.erase',
  'protection.legal_hold',
  'protection.access_report',
];
export type Action = (typeof ACTIONS)[number];

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404 };

// ---- named checks ----
/** The province an actor belongs to: the first two digits of her regions (the region tree carries it). */
export const provinceOf = (a: Actor): string => (a.regions[0] ?? '').slice(0, 2);
export const isProvinceWide = (a: Actor) => a.regions.includes(provinceOf(a));
/**
 * The region (kabupaten/kota code or anything below it, e.g. a kecamatan code) lies in the actor's scope: in her
 * province, and in one of her regions unless she works province-wide.
 */
export const inRegionScope = (a: Actor, code: string) =>
  code.startsWith(provinceOf(a)) && (isProvinceWide(a) || a.regions.some((r) => code.startsWith(r)));
/** Every region of a list lies in the actor's scope (an admin may only hand out what it holds). */
export const regionsWithinScope = (a: Actor, codes: readonly string[]) =>
  codes.length > 0 &&
  codes.every((c) => (c.length === 2 ? c === provinceOf(a) && isProvinceWide(a) : inRegionScope(a, c)));
const isSelf = (a: Actor, r: { id: string }) => a.id === r.id;
const isAssigned = (a: Actor, r: { assignedUserIds: readonly string[] }) => r.assignedUserIds.includes(a.id);
const hasRole = (a: Actor, ...roles: Role[]) => roles.includes(a.role);
/** She approves this kind of decision today, by her role's setting or as Plh./Plt. of an approver. */
export const approvesKind = (a: Actor, kind: ApprovalKind) => !!a.approves?.some((x) => x.kind === kind);
/** The delegation a decision of this kind is taken under: null when her own role approves it. */
export const approvalUnder = (a: Actor, kind: ApprovalKind): string | null => {
  const mine = a.approves?.filter((x) => x.kind === kind) ?? [];
  return mine.some((x) => x.delegationId === null) ? null : (mine[0]?.delegationId ?? null);
};
/** What a role approves by the office's setting (kind → role), before any delegation. */
export const approvalsOfRole = (
  role: Role,
  setting: Readonly<Record<ApprovalKind, Role>> = DEFAULT_APPROVERS,
): Approval[] => APPROVAL_KINDS.filter((k) => setting[k] === role).map((kind) => ({ kind, delegationId: null }));
/** An approver by her own role (not acting for someone): she may name who acts for her. */
const approvesByRole = (a: Actor) => !!a.approves?.some((x) => x.delegationId === null);
/** The office's money: the Kepala Bidang and the PPK see programmes, budgets, kits and aid, never case records. */
const MONEY_OFFICIALS: Role[] = ['head_of_division', 'ppk'];

// ---- visibility: may the actor know that this record exists? ----
function visible(a: Actor, r: Resource, action?: Action): boolean {
  // The data officer answers data-subject requests for records in her regions, without case access.
  if (r.type === 'participant' && action && PROTECTION_ACTIONS.includes(action) && hasRole(a, 'admin'))
    return inRegionScope(a, r.regionCode);
  switch (r.type) {
    case 'user':
      return isSelf(a, r) || (hasRole(a, 'admin') && regionsWithinScope(a, r.regions));
    case 'audit':
      return hasRole(a, 'admin', 'auditor');
    case 'participant':
      if (hasRole(a, 'manager', 'caseworker')) return inRegionScope(a, r.regionCode) || isAssigned(a, r);
      if (hasRole(a, 'psychologist')) return isAssigned(a, r);
      return false; // admin, auditor, facilitator: no case records
    case 'outreach':
      return hasRole(a, 'manager', 'caseworker') && (inRegionScope(a, r.regionCode) || r.workerId === a.id);
    case 'cohort':
      if (hasRole(a, 'manager', 'caseworker', ...MONEY_OFFICIALS)) return inRegionScope(a, r.regionCode);
      // Facilitators and psychologists see the cohorts they teach in, nothing else.
      return hasRole(a, 'facilitator', 'psychologist') && r.facilitatorIds.includes(a.id);
    case 'session':
      if (hasRole(a, 'manager', 'caseworker')) return inRegionScope(a, r.cohort.regionCode);
      return hasRole(a, 'facilitator', 'psychologist') && r.facilitatorId === a.id;
    case 'note':
      if (!visible(a, r.participant)) return false;
      if (r.noteType === 'PSYCHOLOGICAL')
        return r.authorId === a.id || (hasRole(a, 'psychologist') && isAssigned(a, r.participant));
      return true;
  }
}

const participantOf = (r?: Resource): ParticipantFacts | undefined =>
  r?.type === 'participant' ? r : r?.type === 'note' ? r.participant : undefined;
/** The actor is one of the staff assigned to this participant. */
const assignedTo = (a: Actor, r?: Resource) => {
  const p = participantOf(r);
  return !!p && isAssigned(a, p);
};

// ---- permissions: given that it is visible, may the actor do this? One line per action. ----
const RULES: Record<Action, (a: Actor, r?: Resource) => boolean> = {
  'user.list': (a) => hasRole(a, 'admin'),
  'user.read': (a) => hasRole(a, 'admin'),
  'user.create': (a) => hasRole(a, 'admin'),
  'user.update': (a) => hasRole(a, 'admin'),
  // A short staff directory (name, role, regions) for assigning cases and sessions.
  'staff.list': (a) => hasRole(a, 'manager', 'caseworker'),
  'audit.read': (a) => hasRole(a, 'admin', 'auditor'),
  'participant.list': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'participant.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'participant.create': (a) => hasRole(a, 'manager', 'caseworker'),
  'participant.update': (a) => hasRole(a, 'manager', 'caseworker'),
  // The whole NIK: the manager and the caseworkers assigned to her; everyone else sees it masked.
  'participant.reveal_nik': (a, r) => hasRole(a, 'manager') || (hasRole(a, 'caseworker') && assignedTo(a, r)),
  // Who works on a case is the head of section's decision; a caseworker asks for it (assignment.request).
  'participant.assign': (a) => hasRole(a, 'manager'),
  'assignment.request': (a) => hasRole(a, 'caseworker'),
  'assignment.decide': (a) => hasRole(a, 'manager'),
  'participant.transition': (a) => hasRole(a, 'manager', 'caseworker'),
  // Closing a case needs the head of section's approval.
  'participant.approve_closure': (a) => hasRole(a, 'manager'),
  'consent.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'consent.manage': (a) => hasRole(a, 'manager', 'caseworker'),
  'note.list': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'note.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'note.create': (a) => hasRole(a, 'manager', 'caseworker'),
  'note.create_psychological': (a, r) => hasRole(a, 'psychologist') && assignedTo(a, r),
  // Notes are edited by their author only; every edit keeps the previous text.
  'note.update': (a, r) => r?.type === 'note' && r.authorId === a.id,
  'attachment.read': (a) => hasRole(a, 'manager', 'caseworker'),
  'attachment.create': (a) => hasRole(a, 'manager', 'caseworker'),
  'outreach.list': (a) => hasRole(a, 'manager', 'caseworker'),
  'outreach.read': (a) => hasRole(a, 'manager', 'caseworker'),
  'outreach.create': (a) => hasRole(a, 'manager', 'caseworker'),
  // The worker who recorded a contact corrects it; the manager too.
  'outreach.update': (a, r) => hasRole(a, 'manager') || (r?.type === 'outreach' && r.workerId === a.id),
  'alert.list': (a) => hasRole(a, 'manager'),
  'assessment.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'assessment.create': (a) => hasRole(a, 'manager', 'caseworker'),
  'assessment.review': (a) => hasRole(a, 'manager'),
  'caseplan.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'caseplan.write': (a) => hasRole(a, 'manager', 'caseworker'),
  'caseplan.approve': (a) => hasRole(a, 'manager'),
  'partner.list': (a) => hasRole(a, 'admin', 'manager', 'caseworker', 'psychologist'),
  'partner.manage': (a) => hasRole(a, 'admin', 'manager'),
  'referral.read': (a) => hasRole(a, 'manager', 'caseworker'),
  'referral.create': (a) => hasRole(a, 'manager', 'caseworker'),
  'referral.update': (a) => hasRole(a, 'manager', 'caseworker'),
  'programme.read': (a) => hasRole(a, 'manager', 'caseworker', 'auditor', ...MONEY_OFFICIALS),
  'programme.manage': (a) => hasRole(a, 'manager'),
  'venue.read': (a) => hasRole(a, 'manager', 'caseworker'),
  'venue.manage': (a) => hasRole(a, 'manager'),
  'cohort.list': (a) => hasRole(a, 'manager', 'caseworker', 'facilitator', 'psychologist', ...MONEY_OFFICIALS),
  'cohort.read': (a) => hasRole(a, 'manager', 'caseworker', 'facilitator', 'psychologist', ...MONEY_OFFICIALS),
  'cohort.manage': (a) => hasRole(a, 'manager'),
  'enrollment.manage': (a) => hasRole(a, 'manager', 'caseworker'),
  'session.manage': (a) => hasRole(a, 'manager'),
  'attendance.read': (a) => hasRole(a, 'manager', 'caseworker', 'facilitator', 'psychologist'),
  // The facilitator of the session marks it; the head of section can correct any (also after the lock).
  'attendance.mark': (a, r) => hasRole(a, 'manager') || (r?.type === 'session' && r.facilitatorId === a.id),
  // After the seven-day lock only the head of section corrects attendance: directly, or by approving a correction
  // that whoever marks the session asked for.
  'attendance.override_lock': (a) => hasRole(a, 'manager'),
  'graduation.confirm': (a) => hasRole(a, 'manager'),
  // A confirmed graduation is reopened by the head of section, within the programme's window.
  'graduation.reopen': (a) => hasRole(a, 'manager'),
  // An exception to the completion rule: the head of section grants it, the office's approver of exceptions
  // (default the Kepala Bidang) confirms it, never the one who granted it (isSecondPerson); both read its reason.
  'graduation.exception_request': (a) => hasRole(a, 'manager'),
  'graduation.exception_read': (a) => hasRole(a, 'manager') || approvesKind(a, 'exception'),
  'graduation.exception_confirm': (a) => approvesKind(a, 'exception'),
  'kit.read': (a) => hasRole(a, 'manager', 'caseworker', 'auditor', ...MONEY_OFFICIALS),
  'kit.manage': (a) => hasRole(a, 'manager'),
  // Where the money went: the auditor reads budgets too (amounts, never identities).
  'budget.read': (a) => hasRole(a, 'manager', 'auditor', ...MONEY_OFFICIALS),
  // The head of section proposes budget lines; the role the office names approves them (default the Kepala
  // Bidang), never the one who proposed (isSecondPerson).
  'budget.manage': (a) => hasRole(a, 'manager'),
  'budget.approve': (a) => approvesKind(a, 'budget'),
  // Who receives aid (her code and the name she goes by) is known to whoever proposes, approves or buys it.
  'allocation.read': (a) => hasRole(a, 'manager', 'caseworker', ...MONEY_OFFICIALS),
  'allocation.propose': (a) => hasRole(a, 'manager', 'caseworker'),
  // Approving aid, deciding it in a letter (SK) and allowing an unprocured handover: the office's aid approver.
  'allocation.approve': (a) => approvesKind(a, 'aid'),
  'allocation.procure': (a) => hasRole(a, 'manager', 'caseworker', 'ppk'),
  'allocation.handover': (a) => hasRole(a, 'manager', 'caseworker'),
  'aid.decree': (a) => approvesKind(a, 'aid'),
  // Which role approves what is the office's setting, kept by its administrator.
  'approval.settings': (a) => hasRole(a, 'admin'),
  // Who acts for an approver while she is away: the administrator, or the approver herself.
  'delegation.manage': (a) => hasRole(a, 'admin') || approvesByRole(a),
  'followup.worklist': (a) => hasRole(a, 'manager', 'caseworker'),
  'followup.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'followup.record': (a) => hasRole(a, 'manager', 'caseworker'),
  // The risk of return to sex work: managers and the staff assigned to her, nobody else.
  'followup.read_risk': (a, r) =>
    hasRole(a, 'manager') || (hasRole(a, 'caseworker', 'psychologist') && assignedTo(a, r)),
  'outcome.read': (a) => hasRole(a, 'manager', 'caseworker'),
  'participant.reopen': (a) => hasRole(a, 'manager'),
  // Each role's own slice of work in figures; administrators and auditors have no caseload, so no dashboard.
  'dashboard.read': (a) => hasRole(a, 'manager', 'caseworker', 'facilitator', 'psychologist'),
  'report.read': (a) => hasRole(a, 'manager', 'caseworker', 'auditor', 'head_of_division'),
  // Figures without small-cell suppression: roles that may see identities anyway, inside the office.
  'report.identified': (a) => hasRole(a, 'manager', 'caseworker'),
  'report.narrative': (a) => hasRole(a, 'manager'),
  'import.run': (a) => hasRole(a, 'manager', 'caseworker'),
  // Rights requests (UU PDP): her copy, erasure, legal hold; and who looked at her record.
  'protection.export': (a) => hasRole(a, 'admin', 'manager'),
  'protection.erase': (a) => hasRole(a, 'admin', 'manager'),
  'protection.legal_hold': (a) => hasRole(a, 'admin', 'manager'),
  'protection.access_report': (a) => hasRole(a, 'admin', 'manager'),
  'session.revoke_all': (a) => hasRole(a, 'admin'),
};

/** Identity fields a role may see in a participant record it can read (NIK is masked unless revealed). */
export type IdentityField =
  | 'fullName'
  | 'preferredName'
  | 'nik'
  | 'birthDate'
  | 'sex'
  | 'address'
  | 'phone'
  | 'emergencyContact';
/** Every identity field (system work, which no person reads on a screen: exports, the CLI). */
export const ALL_IDENTITY_FIELDS: readonly IdentityField[] = [
  'fullName',
  'preferredName',
  'nik',
  'birthDate',
  'sex',
  'address',
  'phone',
  'emergencyContact',
];
export function identityFieldsFor(a: Actor): readonly IdentityField[] {
  if (hasRole(a, 'manager', 'caseworker'))
    return ['fullName', 'preferredName', 'nik', 'birthDate', 'sex', 'address', 'phone', 'emergencyContact'];
  if (hasRole(a, 'psychologist')) return ['fullName', 'preferredName', 'birthDate', 'sex'];
  return ['preferredName'];
}

/** The one question every route asks. */
export function decide(actor: Actor, action: Action, resource?: Resource): Decision {
  if (resource && !visible(actor, resource, action)) return { allowed: false, status: 404 };
  const rule = RULES[action];
  if (!rule?.(actor, resource)) return { allowed: false, status: 403 };
  return { allowed: true };
}

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return decide(actor, action, resource).allowed;
}

/**
 * Which rows of a kind an actor may know exist, as data: kernel/scope.ts (`scopeWhere`) turns it into the
 * `where` clause of every query, so that out-of-scope rows are never loaded. `assigned` means, by kind: the
 * participants she is assigned to (participant), the cohorts and sessions she facilitates (cohort, session).
 */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'regions'; regions: readonly string[]; orAssignedTo?: string }
  | { kind: 'assigned'; userId: string };

/** The kinds of rows that hang off a person (or a staff account) and are filtered by scope. */
export type ScopeKind =
  | 'user'
  | 'staff'
  | 'participant'
  | 'caseload'
  | 'outreach'
  | 'cohort'
  | 'session'
  | 'alert'
  | 'note';

/**
 * Psychological notes: their author and the psychologists assigned to her see them; every other note of a
 * participant in scope is visible. (The participant's own scope is applied by the query that reaches her.)
 */
export type NoteScope = { kind: 'all' } | { kind: 'psychological_by'; userId: string; orAssignedPsychologist: boolean };

const regionScope = (actor: Actor, orAssignedTo?: string): ScopeFilter =>
  isProvinceWide(actor)
    ? { kind: 'all' }
    : { kind: 'regions', regions: actor.regions, ...(orAssignedTo ? { orAssignedTo } : {}) };

export function scopeFilter(actor: Actor, kind: Exclude<ScopeKind, 'note'>): ScopeFilter {
  switch (kind) {
    case 'user':
      return hasRole(actor, 'admin') ? regionScope(actor) : { kind: 'none' };
    case 'staff':
      // The staff directory: colleagues in her regions, and the province-wide ones.
      if (!hasRole(actor, 'manager', 'caseworker')) return { kind: 'none' };
      return isProvinceWide(actor)
        ? { kind: 'all' }
        : { kind: 'regions', regions: [...actor.regions, provinceOf(actor)] };
    case 'participant':
      if (hasRole(actor, 'manager', 'caseworker')) return regionScope(actor, actor.id);
      return hasRole(actor, 'psychologist') ? { kind: 'assigned', userId: actor.id } : { kind: 'none' };
    case 'caseload':
      // Her own slice of work: the head of section's regions; a caseworker's or psychologist's own cases.
      if (hasRole(actor, 'manager')) return regionScope(actor);
      return hasRole(actor, 'caseworker', 'psychologist') ? { kind: 'assigned', userId: actor.id } : { kind: 'none' };
    case 'outreach':
      return hasRole(actor, 'manager', 'caseworker') ? regionScope(actor, actor.id) : { kind: 'none' };
    case 'cohort':
      if (hasRole(actor, 'manager', 'caseworker', ...MONEY_OFFICIALS)) return regionScope(actor);
      return hasRole(actor, 'facilitator', 'psychologist') ? { kind: 'assigned', userId: actor.id } : { kind: 'none' };
    case 'session':
      if (hasRole(actor, 'manager', 'caseworker')) return regionScope(actor);
      // Facilitators and psychologists: the cohorts they teach in, and in them their own sessions.
      return hasRole(actor, 'facilitator', 'psychologist') ? { kind: 'assigned', userId: actor.id } : { kind: 'none' };
    case 'alert':
      return hasRole(actor, 'manager') ? regionScope(actor) : { kind: 'none' };
  }
}

/** Of a list of kabupaten/kota codes, those in the actor's scope (the regions she may count in a report). */
export const regionsInScope = (a: Actor, codes: readonly string[]): string[] =>
  isProvinceWide(a) ? [...codes] : codes.filter((c) => inRegionScope(a, c));

export function noteScope(actor: Actor): NoteScope {
  return { kind: 'psychological_by', userId: actor.id, orAssignedPsychologist: hasRole(actor, 'psychologist') };
}

// ---- who is who, for the queries that look for staff (role names live here, nowhere else) ----
/** Staff who take a case or a session (the staff directory). */
export const STAFF_WHO_TAKE_WORK: readonly Role[] = ['manager', 'caseworker', 'psychologist', 'facilitator'];
/** Who may be assigned to a participant's case. */
export const CASE_STAFF_ROLES: readonly Role[] = ['caseworker', 'psychologist', 'manager'];
/** Who may facilitate a session. */
export const SESSION_FACILITATOR_ROLES: readonly Role[] = ['facilitator', 'psychologist', 'caseworker', 'manager'];
/** A graduate's follow-up visits go to her (first) assigned staff member of this role. */
export const FOLLOW_UP_ASSIGNEE_ROLE: Role = 'caseworker';
/** Who is told of a safety alert in her region by e-mail. */
export const ALERT_RECIPIENT_ROLE: Role = 'manager';
/** Accounts that manage accounts: the last active one cannot be removed. */
export const ACCOUNT_MANAGER_ROLE: Role = 'admin';

/** What a dashboard holds for an actor: her caseload, the programme's money and cohorts, upcoming sessions. */
export function dashboardSections(a: Actor): { caseload: boolean; programme: boolean; sessions: boolean } {
  return {
    caseload: hasRole(a, 'manager', 'caseworker'),
    programme: hasRole(a, 'manager'),
    sessions: hasRole(a, 'manager', 'facilitator', 'psychologist'),
  };
}

/** A caseworker's follow-up worklist is her own; the head of section sees her regions' (and may pick a worker). */
export const worksOwnListOnly = (a: Actor) => hasRole(a, 'caseworker');
/** The head of section sees the overdue work of her regions by worker. */
export const overseesRegion = (a: Actor) => hasRole(a, 'manager');
/** Four eyes on money: whoever proposed a decision (an aid allocation) is not the one who approves it. */
export const isSecondPerson = (a: Actor, proposedBy: string) => a.id !== proposedBy;
/** The administrator records delegations between others (within her regions); an approver only her own. */
export const recordsDelegationsForOthers = (a: Actor) => hasRole(a, 'admin');
/** Who gives or ends a delegation of this approver: she herself, or the administrator (within her regions). */
export const actsOnDelegationOf = (a: Actor, delegatorId: string) =>
  recordsDelegationsForOthers(a) || a.id === delegatorId;
/** Who may act for an approver (Plh./Plt.): staff who take decisions, never an administrator or an auditor. */
export const isDelegable = (role: string) => role !== 'admin' && role !== 'auditor';
/** A transfer is answered by the worker it is addressed to, and only by her. */
export const answersTransfer = (a: Actor, t: { toUserId: string }) => a.id === t.toUserId;
/** Nobody assigns herself to a case (the caseworker who registers her is assigned by that act). */
export const mayAssignTo = (a: Actor, userId: string) => a.id !== userId;
/** Who is assigned to a participant she registers: the caseworker or psychologist who registers her. */
export const assignedOnRegistration = (a: Actor) => hasRole(a, 'caseworker', 'psychologist');

/**
 * Throws the fitting error (404 out of scope, 403 not allowed) unless the action is allowed, and narrows
 * the resource so that code after it can only use a record that was checked.
 */
export function authorize<R extends Resource | undefined>(
  actor: Actor,
  action: Action,
  resource: R,
): asserts resource is R {
  const d = decide(actor, action, resource);
  if (!d.allowed) throw d.status === 404 ? new PolicyError('not_found', 404) : new PolicyError('forbidden', 403);
}

export class PolicyError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden',
    readonly status: 403 | 404,
  ) {
    super(code === 'not_found' ? 'Not found' : 'Not allowed');
  }
}
