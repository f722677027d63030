// Staff roles. Names are plain English in code; the UI translates them.
// head_of_division: Kepala Bidang (above the head of section, `manager`); ppk: Pejabat Pembuat Komitmen, the
// official who commits the office's money to procurement.
export const ROLES = [
  'admin',
  'manager',
  'caseworker',
  'facilitator',
  'psychologist',
  'auditor',
  'head_of_division',
  'ppk',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must sign in with a TOTP second factor: accounts, cases' decisions and the office's money. */
export const ROLES_REQUIRING_MFA: readonly Role[] = ['admin', 'manager', 'head_of_division', 'ppk'];

export function roleRequiresMfa(role: Role): boolean {
  return ROLES_REQUIRING_MFA.includes(role);
}
