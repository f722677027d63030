// A second person for accounts that may read cases: the approver's list and decision, the administrator's
// withdrawal, and the notices of accounts made without one. Built on api.ts's `call`; types come from the shared
// zod schemas.
import { call } from './api.ts';
import type { AccountNotice, AccountRequestView } from '../shared/api.ts';

export type { AccountNotice, AccountRequestView };

const enc = encodeURIComponent;
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export const accountsApi = {
  /** Accounts waiting for this approver (head of section, Kepala Bidang) in her regions. */
  pending: () => call<{ items: AccountRequestView[] }>('GET', '/api/account-requests').then((a) => a.data.items),
  /**
   * Approve, or refuse with a reason, the version she looked at: 409 already_decided when someone decided first,
   * 412 stale_version when the account changed since.
   */
  decide: (id: string, version: number, approve: boolean, reason?: string) =>
    call<AccountRequestView>('POST', `/api/account-requests/${enc(id)}/decision`, {
      body: { approve, ...(reason ? { reason } : {}) },
      headers: ifMatch(version),
    }).then((a) => a.data),
  /** The administrator takes back a request that waits. */
  withdraw: (id: string, version: number) =>
    call<AccountRequestView>('POST', `/api/account-requests/${enc(id)}/withdraw`, { headers: ifMatch(version) }).then(
      (a) => a.data,
    ),
  /** Accounts made without a second person that this person has not acknowledged. */
  notices: () => call<{ items: AccountNotice[] }>('GET', '/api/account-notices').then((a) => a.data.items),
  acknowledge: (id: string) => call<null>('POST', `/api/account-notices/${enc(id)}/acknowledge`).then(() => undefined),
};
