// Every allow-rule of Berdaya, in one place. Pure: given the actor and facts about a resource, it decides;
// it never queries. Out of scope → 404 (as if absent); visible but not allowed → 403; default deny.
import type { Role } from '../../shared/roles.ts';
import { APPROVAL_KINDS, DEFAULT_APPROVERS, type ApprovalKind } from '../../shared/approvals.ts';
import { NATION_CODE, provinceScopeCodes } from '../../shared/regions.ts';

export interface Actor {
  id: string;
  role: Role;
  /**
   * Her province's two-digit code (the whole province) or kabupaten/kota codes, all in one province; a national
   * (ministry) account holds the nation (`NATION_CODE`), in which no record lies.
   */
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
  | RightsRequestFacts
  | ParticipantFacts
  /** A case note: psychological notes are readable only by their author and assigned psychologists. */
  | { type: 'note'; participant: ParticipantFacts; noteType: string; authorId: string }
  /** An outreach contact (no identity): its region and the worker who recorded it. */
  | { type: 'outreach'; id: string; regionCode: string; workerId: string }
  /** A cohort: its region and the people who facilitate any of its sessions. */
  | CohortFacts
  /** A session of a cohort and its facilitator. */
  | { type: 'session'; id: string; cohort: CohortFacts; facilitatorId: string | null }
  /**
   * A request that an account may read cases (made, raised, or made active again): the account, the regions it
   * would hold, and who asked (null: nobody signed in).
   */
  | { type: 'account_request'; accountId: string; regions: readonly string[]; requestedBy: string | null }
  /** A phone registered for field mode: the account it belongs to, and that account's regions. */
  | { type: 'field_device'; accountId: string; accountRegions: readonly string[] };

export interface CohortFacts {
  type: 'cohort';
  id: string;
  regionCode: string;
  facilitatorIds: readonly string[];
}

/**
 * A data-subject request (her copy, erasure): the region of the participant it is for, and who opened it. It is
 * the only way an administrator reaches a participant's record (to carry out what the request asks, once).
 */
export interface RightsRequestFacts {
  type: 'rights_request';
  id: string;
  regionCode: string;
  openedBy: string;
}

export type ResourceType = Resource['type'];

export const ACTIONS = [
  'user.list',
  'user.read',
  'user.create',
  'user.update',
  'account_request.list',
  'account_request.decide',
  'account_notice.list',
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
  /** Asks that her case move to another province (the sending head of section; her ask is that side's acceptance). */
  'transfer.province.request',
  /** Lists, accepts or declines a transfer between provinces as a head of section of either side. */
  'transfer.province.answer',
  'participant.transition',
  'participant.approve_closure',
  /** Decides a registration held as a possible duplicate of a participant of her region. */
  'participant.resolve_duplicate',
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
  'rights_request.list',
  'rights_request.open',
  'rights_request.decide',
  'protection.export',
  'protection.erase',
  'protection.legal_hold',
  'protection.access_report',
  'session.revoke_all',
  /** Field mode: registering a phone of her own that holds an encrypted cache of her next days' work. */
  'field.use',
  'field.device.read',
  'field.device.revoke',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404 };

// ---- named checks ----
/**
 * The province an actor belongs to: the first two digits of her regions (the region tree carries it); the nation's
 * code for a national account. Every scope is bounded by it: a row of another province is never in it.
 */
export const provinceOf = (a: Actor): string => (a.regions[0] ?? '').slice(0, 2);
export const isProvinceWide = (a: Actor) => a.regions.includes(provinceOf(a));
/** A national account (the ministry's): de-identified aggregates of every province, never a person's record. */
export const isNational = (a: Actor) => a.regions.includes(NATION_CODE);
/** The regions a national account may hold: the nation and nothing beside it; any other account: not the nation. */
export const regionsFitRole = (role: Role, regions: readonly string[]) =>
  role === NATIONAL_ROLE ? regions.length === 1 && regions[0] === NATION_CODE : !regions.includes(NATION_CODE);
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
/**
 * Who approves an account that may read cases: the head of section or the Kepala Bidang whose regions hold all of
 * the account's. Never an administrator (she made the request), never by delegation.
 */
export const ACCOUNT_APPROVER_ROLES: readonly Role[] = ['manager', 'head_of_division'];
/** The national role: its account holds the nation (`NATION_CODE`) and reads suppressed aggregates only. */
export const NATIONAL_ROLE: Role = 'ministry';

// ---- visibility: may the actor know that this record exists? ----
function visible(a: Actor, r: Resource, action?: Action): boolean {
  // The administrator reads no case record. She may name a participant of her regions (by her code) only to open a
  // data-subject request she received; that tells her nothing of the record.
  if (r.type === 'participant' && action === 'rights_request.open' && hasRole(a, 'admin'))
    return inRegionScope(a, r.regionCode);
  switch (r.type) {
    case 'user':
      return isSelf(a, r) || (hasRole(a, 'admin') && regionsWithinScope(a, r.regions));
    case 'audit':
      return hasRole(a, 'admin', 'auditor');
    case 'account_request':
      // Its administrator, and the approvers whose regions hold every region it would give.
      return hasRole(a, 'admin', ...ACCOUNT_APPROVER_ROLES) && regionsWithinScope(a, r.regions);
    case 'rights_request':
      // Requests of her regions; a caseworker or head of section also those she opened herself.
      if (hasRole(a, 'admin')) return inRegionScope(a, r.regionCode);
      return hasRole(a, 'manager', 'caseworker') && (inRegionScope(a, r.regionCode) || r.openedBy === a.id);
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
    case 'field_device':
      // Need to know: her own, and the head of section of a region of hers; never the administrator.
      return r.accountId === a.id || (hasRole(a, FIELD_DEVICE_OVERSEER_ROLE) && touchesRegions(a, r.accountRegions));
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
  // An account that may read cases waits for a second person: the head of section or Kepala Bidang of its regions,
  // never the administrator who asked, never whoever asked or the account herself (isSecondPerson).
  'account_request.list': (a) => hasRole(a, ...ACCOUNT_APPROVER_ROLES),
  'account_request.decide': (a) => hasRole(a, ...ACCOUNT_APPROVER_ROLES),
  // Accounts made without a second person (the first head of section, the server console), on start pages.
  'account_notice.list': (a) => hasRole(a, 'admin', 'manager'),
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
  // A case moves to another province only when a head of section of each province accepts (provinceTransferSide).
  'transfer.province.request': (a) => hasRole(a, 'manager'),
  'transfer.province.answer': (a) => hasRole(a, 'manager'),
  'participant.transition': (a) => hasRole(a, 'manager', 'caseworker'),
  // Closing a case needs the head of section's approval.
  'participant.approve_closure': (a) => hasRole(a, 'manager'),
  'participant.resolve_duplicate': (a) => hasRole(a, 'manager'),
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
  'report.read': (a) => hasRole(a, 'manager', 'caseworker', 'auditor', 'head_of_division', NATIONAL_ROLE),
  // Figures without small-cell suppression: roles that may see identities anyway, inside the office.
  'report.identified': (a) => hasRole(a, 'manager', 'caseworker'),
  'report.narrative': (a) => hasRole(a, 'manager'),
  'import.run': (a) => hasRole(a, 'manager', 'caseworker'),
  // Data-subject requests (UU PDP: her copy, erasure): opened by whoever receives one; approved by the head of
  // section of her region, never the one who opened it (isSecondPerson, 403 second_person_required); carried out
  // by the administrator, once, for that request only (protection.export / protection.erase act on the request,
  // never on her record directly).
  'rights_request.list': (a) => hasRole(a, 'admin', 'manager', 'caseworker'),
  'rights_request.open': (a) => hasRole(a, 'admin', 'manager', 'caseworker'),
  'rights_request.decide': (a, r) =>
    hasRole(a, 'manager') &&
    (!r || (r.type === 'rights_request' && inRegionScope(a, r.regionCode) && isSecondPerson(a, r.openedBy))),
  'protection.export': (a, r) => hasRole(a, 'admin') && (!r || r.type === 'rights_request'),
  'protection.erase': (a, r) => hasRole(a, 'admin') && (!r || r.type === 'rights_request'),
  // A legal hold, and who looked at her record (breach response): the head of section, on a record she reads.
  'protection.legal_hold': (a) => hasRole(a, 'manager'),
  'protection.access_report': (a) => hasRole(a, 'manager'),
  // Signing out everybody whose accounts lie within her regions (all of them for a province-wide administrator).
  'session.revoke_all': (a) => hasRole(a, 'admin'),
  // Those who work in the field with a phone: caseworkers and facilitators.
  'field.use': (a) => hasRole(a, 'caseworker', 'facilitator'),
  // A device: its owner, and the head of section of her regions (who may revoke a lost phone's cache).
  'field.device.read': (a, r) =>
    hasRole(a, FIELD_DEVICE_OVERSEER_ROLE) || (r?.type === 'field_device' && r.accountId === a.id),
  'field.device.revoke': (a, r) =>
    hasRole(a, FIELD_DEVICE_OVERSEER_ROLE) || (r?.type === 'field_device' && r.accountId === a.id),
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
  /** `province`: set when the regions are a whole province (its code and each of its kabupaten/kota). */
  | { kind: 'regions'; regions: readonly string[]; province?: string; orAssignedTo?: string }
  | { kind: 'assigned'; userId: string };

/** The kinds of rows that hang off a person (or a staff account) and are filtered by scope. */
export type ScopeKind =
  | 'user'
  | 'account_request'
  | 'staff'
  | 'participant'
  | 'caseload'
  | 'outreach'
  | 'cohort'
  | 'session'
  | 'alert'
  | 'note'
  | 'rights_request'
  | 'audit';

/**
 * Psychological notes: their author and the psychologists assigned to her see them; every other note of a
 * participant in scope is visible. (The participant's own scope is applied by the query that reaches her.)
 */
export type NoteScope = { kind: 'all' } | { kind: 'psychological_by'; userId: string; orAssignedPsychologist: boolean };

/**
 * Her regions as a filter. A province-wide scope is her province and each of its kabupaten/kota, never "every row":
 * one deployment may hold several provinces, and one province's staff never see another's people.
 */
const regionScope = (actor: Actor, orAssignedTo?: string): ScopeFilter =>
  isProvinceWide(actor)
    ? {
        kind: 'regions',
        regions: provinceScopeCodes(provinceOf(actor)),
        province: provinceOf(actor),
        ...(orAssignedTo ? { orAssignedTo } : {}),
      }
    : { kind: 'regions', regions: actor.regions, ...(orAssignedTo ? { orAssignedTo } : {}) };

export function scopeFilter(actor: Actor, kind: Exclude<ScopeKind, 'note'>): ScopeFilter {
  switch (kind) {
    case 'user':
      return hasRole(actor, 'admin') ? regionScope(actor) : { kind: 'none' };
    case 'account_request':
      // Requests whose every region lies within hers: her administrator's, or an approver's to decide.
      return hasRole(actor, 'admin', ...ACCOUNT_APPROVER_ROLES) ? regionScope(actor) : { kind: 'none' };
    case 'staff':
      // The staff directory: colleagues in her regions, and the province-wide ones.
      if (!hasRole(actor, 'manager', 'caseworker')) return { kind: 'none' };
      return isProvinceWide(actor)
        ? regionScope(actor)
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
    case 'rights_request':
      // `orAssignedTo`: the requests she opened herself (as in `visible`).
      if (hasRole(actor, 'admin')) return regionScope(actor);
      return hasRole(actor, 'manager', 'caseworker') ? regionScope(actor, actor.id) : { kind: 'none' };
    case 'audit':
      // The audit log of her regions: entries by accounts that lie within her regions, and entries about such an
      // account or about a participant of her regions (kernel/scope.ts spells it out).
      return hasRole(actor, 'admin', 'auditor') ? regionScope(actor) : { kind: 'none' };
  }
}

/** Of a list of kabupaten/kota codes, those in the actor's scope (the regions she may count in a report). */
export const regionsInScope = (a: Actor, codes: readonly string[]): string[] =>
  isNational(a) && can(a, 'report.read') ? [...codes] : codes.filter((c) => inRegionScope(a, c));

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
/**
 * Who oversees the field devices of staff in her regions (reads their list, revokes one, sees their old conflicts
 * in her work queue). Her list of them is the staff directory's scope ('staff': colleagues with a region of hers,
 * and the province-wide ones), the same accounts `touchesRegions` lets her see one by one.
 */
export const FIELD_DEVICE_OVERSEER_ROLE: Role = 'manager';
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
/**
 * Which side of a transfer between provinces a head of section answers for: the sending one (her scope holds the
 * region the case is in) or the receiving one (her scope holds the kabupaten/kota it goes to); null: neither.
 */
export const provinceTransferSide = (a: Actor, t: { fromRegion: string; toRegion: string }): 'from' | 'to' | null =>
  !hasRole(a, 'manager') ? null : inRegionScope(a, t.fromRegion) ? 'from' : inRegionScope(a, t.toRegion) ? 'to' : null;
/** Nobody assigns herself to a case (the caseworker who registers her is assigned by that act). */
export const mayAssignTo = (a: Actor, userId: string) => a.id !== userId;
/** Who is assigned to a participant she registers: the caseworker or psychologist who registers her. */
export const assignedOnRegistration = (a: Actor) => hasRole(a, 'caseworker', 'psychologist');

// ---- accounts that may read cases: a second person ----
/** The first head of section of a province is made by its administrator alone, once: nobody could approve her yet. */
export const FIRST_APPROVER_ROLE: Role = 'manager';

/** A role as the policy sees it anywhere: no regions of its own, every approval it could be given. */
const anyoneOf = (role: Role): Actor => ({
  id: '',
  role,
  regions: [],
  approves: APPROVAL_KINDS.map((kind) => ({ kind, delegationId: null })),
});

/** A role that can ever read a case record (`participant.read`). */
export const readsCases = (role: Role): boolean => RULES['participant.read'](anyoneOf(role));

/** An account of this role waits for a second person: it reads cases, or it approves accounts that do. */
export const needsSecondPerson = (role: Role): boolean => readsCases(role) || ACCOUNT_APPROVER_ROLES.includes(role);

/** The actions that read (a record, a list, a figure, an identity): what a step down must not add. */
const READING = ACTIONS.filter((x) =>
  /\.(read|list|worklist|reveal_nik|read_risk|exception_read|access_report|export|identified)$/.test(x),
);
/** She reads the psychological notes of the women assigned to her (not only her own). */
const psychologicalNotesOf = (a: Actor) => {
  const n = noteScope(a);
  return n.kind === 'all' || n.orAssignedPsychologist;
};
const SCOPE_WIDTH: Record<ScopeFilter['kind'], number> = { none: 0, assigned: 1, regions: 2, all: 2 };
const SCOPED_KINDS = ['participant', 'caseload', 'outreach', 'cohort', 'session', 'alert', 'staff'] as const;

/**
 * Moving from one role to another takes nothing new to read and nothing new to approve: every reading action,
 * identity field, scope and approval of `to` is one `from` already has (a head of section who becomes a
 * caseworker). A psychologist reads psychological notes a caseworker does not, so neither steps down to the other.
 */
export function stepsDown(from: Role, to: Role): boolean {
  const a = anyoneOf(from);
  const b = anyoneOf(to);
  const fieldsA = identityFieldsFor(a);
  const approvesA = approvalsOfRole(from).map((x) => x.kind);
  return (
    READING.every((x) => !RULES[x](b) || RULES[x](a)) &&
    identityFieldsFor(b).every((f) => fieldsA.includes(f)) &&
    SCOPED_KINDS.every((k) => SCOPE_WIDTH[scopeFilter(b, k).kind] <= SCOPE_WIDTH[scopeFilter(a, k).kind]) &&
    (!psychologicalNotesOf(b) || psychologicalNotesOf(a)) &&
    approvalsOfRole(to).every((x) => approvesA.includes(x.kind)) &&
    (!ACCOUNT_APPROVER_ROLES.includes(to) || ACCOUNT_APPROVER_ROLES.includes(from))
  );
}

/** What an account may do, as far as the second-person rule asks: its role, its regions, whether it is active. */
export interface AccountAccess {
  role: Role;
  regions: readonly string[];
  active: boolean;
}

/** Every region of `inner` lies within one of `outer` (a province code holds each of its kabupaten/kota). */
export const regionsCover = (outer: readonly string[], inner: readonly string[]) =>
  inner.every((c) => outer.some((o) => c.startsWith(o)));

/**
 * A change of an account (or a new one: `before` null) that waits for a second person: it ends active in a role
 * that needs one, and it is new, made active again, given a region it did not hold, or moved to such a role
 * without stepping down. Lowering a role, narrowing regions and deactivating apply at once.
 */
export function needsSecondPersonFor(before: AccountAccess | null, after: AccountAccess): boolean {
  if (!after.active || !needsSecondPerson(after.role)) return false;
  if (!before?.active) return true;
  if (!regionsCover(before.regions, after.regions)) return true;
  return before.role !== after.role && !stepsDown(before.role, after.role);
}

/**
 * An administrator who resets the password or the second factor of an account knows how to sign in as her until she
 * changes it: for an account that needs a second person, the reset leaves it waiting as a new account does.
 */
export const resetNeedsSecondPerson = (after: AccountAccess): boolean => after.active && needsSecondPerson(after.role);

/**
 * Who approves an account request: an approver whose regions hold all it would give, and who is neither the one
 * who asked nor the account herself.
 */
export const approvesAccountFor = (
  approver: Actor,
  request: { accountId: string; regions: readonly string[]; requestedBy: string | null },
) =>
  ACCOUNT_APPROVER_ROLES.includes(approver.role) &&
  regionsWithinScope(approver, request.regions) &&
  isSecondPerson(approver, request.accountId) &&
  (request.requestedBy === null || isSecondPerson(approver, request.requestedBy));

/** An account's regions touch the actor's: she oversees one of them, or one of them holds hers. */
export const touchesRegions = (a: Actor, regions: readonly string[]) =>
  regions.some((c) => (c.length === 2 ? c === provinceOf(a) : inRegionScope(a, c)));

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
