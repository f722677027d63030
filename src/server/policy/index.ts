// Every allow-rule of Berdaya, in one place. Pure: given the actor and facts about a resource, it decides;
// it never queries. Out of scope → 404 (as if absent); visible but not allowed → 403; default deny.
import { PROVINCE_CODE } from '../../shared/regions.ts';
import type { Role } from '../../shared/roles.ts';

export interface Actor {
  id: string;
  role: Role;
  /** '63' (the whole province) or kabupaten/kota codes. */
  regions: readonly string[];
}

export type Resource =
  | { type: 'user'; id: string; regions: readonly string[] }
  | { type: 'audit' }
  | { type: 'participant'; id: string; regionCode: string; assignedUserIds: readonly string[] };

export type ResourceType = Resource['type'];

export const ACTIONS = [
  'user.list',
  'user.read',
  'user.create',
  'user.update',
  'audit.read',
  'participant.list',
  'participant.read',
  'participant.create',
  'participant.update',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404 };

// ---- named checks ----
export const isProvinceWide = (a: Actor) => a.regions.includes(PROVINCE_CODE);
/** The region (kabupaten/kota code or anything below it, e.g. a kecamatan code) lies in the actor's scope. */
export const inRegionScope = (a: Actor, code: string) => isProvinceWide(a) || a.regions.some((r) => code.startsWith(r));
/** Every region of a list lies in the actor's scope (an admin may only hand out what it holds). */
export const regionsWithinScope = (a: Actor, codes: readonly string[]) =>
  codes.length > 0 && codes.every((c) => (c === PROVINCE_CODE ? isProvinceWide(a) : inRegionScope(a, c)));
const isSelf = (a: Actor, r: { id: string }) => a.id === r.id;
const isAssigned = (a: Actor, r: { assignedUserIds: readonly string[] }) => r.assignedUserIds.includes(a.id);
const hasRole = (a: Actor, ...roles: Role[]) => roles.includes(a.role);

// ---- visibility: may the actor know that this record exists? ----
function visible(a: Actor, r: Resource): boolean {
  switch (r.type) {
    case 'user':
      return isSelf(a, r) || (hasRole(a, 'admin') && regionsWithinScope(a, r.regions));
    case 'audit':
      return hasRole(a, 'admin', 'auditor');
    case 'participant':
      if (hasRole(a, 'manager', 'caseworker')) return inRegionScope(a, r.regionCode) || isAssigned(a, r);
      if (hasRole(a, 'psychologist')) return isAssigned(a, r);
      return false; // admin, auditor, facilitator: no case records
  }
}

// ---- permissions: given that it is visible, may the actor do this? One line per action. ----
const RULES: Record<Action, (a: Actor, r?: Resource) => boolean> = {
  'user.list': (a) => hasRole(a, 'admin'),
  'user.read': (a) => hasRole(a, 'admin'),
  'user.create': (a) => hasRole(a, 'admin'),
  'user.update': (a) => hasRole(a, 'admin'),
  'audit.read': (a) => hasRole(a, 'admin', 'auditor'),
  'participant.list': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'participant.read': (a) => hasRole(a, 'manager', 'caseworker', 'psychologist'),
  'participant.create': (a) => hasRole(a, 'manager', 'caseworker'),
  'participant.update': (a) => hasRole(a, 'manager', 'caseworker'),
};

/** The one question every route asks. */
export function decide(actor: Actor, action: Action, resource?: Resource): Decision {
  if (resource && !visible(actor, resource)) return { allowed: false, status: 404 };
  const rule = RULES[action];
  if (!rule || !rule(actor, resource)) return { allowed: false, status: 403 };
  return { allowed: true };
}

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return decide(actor, action, resource).allowed;
}

/** The filter a repository adds to a list query so that out-of-scope rows are never loaded. */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'regions'; regions: readonly string[]; orAssignedTo?: string }
  | { kind: 'assigned'; userId: string };

export function scopeFilter(actor: Actor, type: 'user' | 'participant'): ScopeFilter {
  if (type === 'user') {
    if (!hasRole(actor, 'admin')) return { kind: 'none' };
    return isProvinceWide(actor) ? { kind: 'all' } : { kind: 'regions', regions: actor.regions };
  }
  if (hasRole(actor, 'manager', 'caseworker')) {
    return isProvinceWide(actor) ? { kind: 'all' } : { kind: 'regions', regions: actor.regions, orAssignedTo: actor.id };
  }
  if (hasRole(actor, 'psychologist')) return { kind: 'assigned', userId: actor.id };
  return { kind: 'none' };
}

/**
 * Throws the fitting error (404 out of scope, 403 not allowed) unless the action is allowed, and narrows
 * the resource so that code after it can only use a record that was checked.
 */
export function authorize<R extends Resource | undefined>(actor: Actor, action: Action, resource: R): asserts resource is R {
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
