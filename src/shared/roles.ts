// Staff roles. Names are plain English in code; the UI translates them.
export const ROLES = ['admin', 'manager', 'caseworker', 'facilitator', 'psychologist', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must sign in with a TOTP second factor. */
export const ROLES_REQUIRING_MFA: readonly Role[] = ['admin', 'manager'];

export function roleRequiresMfa(role: Role): boolean {
  return ROLES_REQUIRING_MFA.includes(role);
}
