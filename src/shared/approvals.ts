// Who approves what: an office names, for each kind of decision on money, the role that approves it; while
// that person is away a colleague acts for her (Plh. or Plt.) for a period, and every decision made so
// records it.
import { z } from 'zod';
import { pageParams, sortsOf } from './paging.ts';
import type { Role } from './roles.ts';

/**
 * Decisions a second person approves: aid to a beneficiary, a line of the budget, and an exception to a
 * programme's completion rule for one participant (she graduates though the rule fails her).
 */
export const APPROVAL_KINDS = ['aid', 'budget', 'exception'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** The roles an office may name as approvers (never the one who proposes: see the policy's isSecondPerson). */
export const APPROVER_ROLES = ['head_of_division', 'ppk', 'manager'] as const satisfies readonly Role[];
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** Without an office's own setting: the Kepala Bidang approves each; the head of section proposes. */
export const DEFAULT_APPROVERS: Record<ApprovalKind, ApproverRole> = {
  aid: 'head_of_division',
  budget: 'head_of_division',
  exception: 'head_of_division',
};

/** Pelaksana harian (a short absence) and pelaksana tugas (a vacancy or a long one). */
export const DELEGATION_TYPES = ['PLH', 'PLT'] as const;
export type DelegationType = (typeof DELEGATION_TYPES)[number];

export const approvalSetting = z.object({
  kind: z.enum(APPROVAL_KINDS),
  role: z.enum(APPROVER_ROLES),
  version: z.number().int(),
});
export const approvalSettingsResponse = z.object({ items: z.array(approvalSetting) });
export const approvalSettingBody = z.object({ role: z.enum(APPROVER_ROLES) }).strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const delegationBody = z
  .object({
    delegatorId: z.string().uuid(),
    delegateId: z.string().uuid(),
    type: z.enum(DELEGATION_TYPES),
    startsOn: isoDate,
    endsOn: isoDate,
    /** The letter that appoints her (surat perintah), as the office numbers it. */
    letterNumber: z.string().trim().min(1).max(100),
  })
  .strict();
export const delegation = z.object({
  id: z.string(),
  delegator: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  delegate: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  type: z.enum(DELEGATION_TYPES),
  startsOn: z.string(),
  endsOn: z.string(),
  letterNumber: z.string(),
  /** The kinds of decision she takes over (what the delegator's role approves now). */
  kinds: z.array(z.enum(APPROVAL_KINDS)),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
/**
 * The delegations' orders: by the first or the last day, the type, the letter, or the status on the office's day
 * (in force, upcoming, ended, revoked). Newest first unless asked otherwise.
 */
export const DELEGATION_SORTS = sortsOf(['startsOn', 'endsOn', 'type', 'letterNumber', 'status'] as const);
export type DelegationSort = (typeof DELEGATION_SORTS)[number];
export const delegationListQuery = z.object({ ...pageParams(DELEGATION_SORTS, '-startsOn') }).strict();
/** One page of the delegations she may see, and how many there are in all (revoked and ended ones included). */
export const delegationsResponse = z.object({ items: z.array(delegation), total: z.number().int() });
export type Delegation = z.infer<typeof delegation>;

/** Accounts that may be named in a delegation (as delegate, or for the administrator as delegator too). */
export const delegationCandidatesResponse = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
});

/** How a decision was taken: by the approver herself, or by a colleague acting for her. */
export const actingAs = z
  .object({ type: z.enum(DELEGATION_TYPES), forName: z.string(), letterNumber: z.string() })
  .nullable();
