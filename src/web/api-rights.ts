// Data-subject requests (her copy, erasure), through the one request helpers of api.ts.
import type { RightsRequestOpenInput, RightsRequestStatus, RightsRequestView } from '../shared/rights-api.ts';
import { call, postForFile } from './api.ts';

export type { RightsRequestView, RightsRequestOpenInput, RightsRequestStatus };
const rid = (id: string) => `/api/rights-requests/${encodeURIComponent(id)}`;

export const rights = {
  list: (status?: RightsRequestStatus) =>
    call<{ items: RightsRequestView[] }>('GET', '/api/rights-requests', { query: { status } }).then(
      (a) => a.data.items,
    ),
  open: (body: RightsRequestOpenInput) =>
    call<RightsRequestView>('POST', '/api/rights-requests', { body }).then((a) => a.data),
  /** The head of section of her region, never who opened it. */
  decide: (id: string, approve: boolean) =>
    call<RightsRequestView>('POST', `${rid(id)}/decision`, { body: { approve } }).then((a) => a.data),
  /** The administrator, once: her copy as a file. */
  exportCopy: (id: string, format: 'pdf' | 'json') => postForFile(`${rid(id)}/export`, { format }),
  /** The administrator, once: her identity erased. */
  erase: (id: string) => call<RightsRequestView>('POST', `${rid(id)}/erase`).then((a) => a.data),
};
