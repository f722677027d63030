// Who approves what: the office's setting per kind of decision (administrator; If-Match), and delegations
// while an approver is away (Plh./Plt.): listed, recorded and revoked. Built on api.ts's `call`; types come
// from the shared zod schemas.
import type { z } from 'zod';
import { call, type Versioned } from './api.ts';
import type {
  ApprovalKind,
  ApproverRole,
  approvalSetting,
  delegation,
  delegationBody,
  delegationCandidatesResponse,
} from '../shared/approvals.ts';

export type ApprovalSetting = z.infer<typeof approvalSetting>;
export type Delegation = z.infer<typeof delegation>;
export type DelegationInput = z.input<typeof delegationBody>;
export type DelegationCandidate = z.infer<typeof delegationCandidatesResponse>['items'][number];

const enc = encodeURIComponent;

export const approvalsApi = {
  settings: {
    /** Which role approves aid and budget lines; any signed-in user may read it. */
    list: () => call<{ items: ApprovalSetting[] }>('GET', '/api/approval-settings').then((a) => a.data.items),
    /** The administrator names the role (If-Match: "<version>"); 412 stale_version when changed meanwhile. */
    set: (kind: ApprovalKind, role: ApproverRole, version: number) =>
      call<ApprovalSetting>('PUT', `/api/approval-settings/${enc(kind)}`, {
        body: { role },
        headers: { 'If-Match': `"${version}"` },
      }).then((a): Versioned<ApprovalSetting> => ({ item: a.data, etag: a.etag ?? `"${a.data.version}"` })),
  },
  delegations: {
    /** The administrator: all in her regions; anyone else: those she gives or holds. */
    list: () => call<{ items: Delegation[] }>('GET', '/api/delegations').then((a) => a.data.items),
    /** Accounts that may be named (delegate; for the administrator the delegator too), within her regions. */
    candidates: () =>
      call<{ items: DelegationCandidate[] }>('GET', '/api/delegations/candidates').then((a) => a.data.items),
    /** 400 delegation_invalid (details name the field) when it cannot be given so. */
    create: (body: DelegationInput) => call<Delegation>('POST', '/api/delegations', { body }).then((a) => a.data),
    /** Ends it at once; 409 delegation_revoked when it already was. */
    revoke: (id: string) => call<Delegation>('POST', `/api/delegations/${enc(id)}/revoke`).then((a) => a.data),
  },
};
