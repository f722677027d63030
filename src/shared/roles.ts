// Staff roles. Names are plain English in code; the UI translates them.
// head_of_division: Kepala Bidang (above the head of section, `manager`); ppk: Pejabat Pembuat Komitmen, the
// official who commits the office's money to procurement. ministry: the national ministry's (Kemensos) reader of
// de-identified aggregates of every province; never a person's record.
export const ROLES = [
  'admin',
  'manager',
  'caseworker',
  'facilitator',
  'psychologist',
  'auditor',
  'head_of_division',
  'ppk',
  'ministry',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must sign in with a TOTP second factor: accounts, cases' decisions and the office's money. */
export const ROLES_REQUIRING_MFA: readonly Role[] = ['admin', 'manager', 'head_of_division', 'ppk', 'ministry'];

/** Roles a provincial administrator gives; the national role's accounts are made on the server console. */
export const PROVINCE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'ministry');

export function roleRequiresMfa(role: Role): boolean {
  return ROLES_REQUIRING_MFA.includes(role);
}
