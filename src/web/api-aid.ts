// Business aid calls: the kit catalogue (versioned, If-Match), budget lines and totals, allocations to
// graduates, procurement, the handover (serah terima) with its papers, and returns or losses afterwards.
// Built on the one request helper of api.ts (`call`); types come from the shared zod schemas.
import type { z } from 'zod';
import { call, type Versioned } from './api.ts';
import type {
  aidDecreeBody,
  aidDecreeView,
  allocationProposeBody,
  allocationView,
  budgetLineBody,
  budgetLineDecisionBody,
  budgetLineView,
  budgetView,
  handoverBody,
  itemEventBody,
  itemEventView,
  kitBody,
  kitItem,
  kitUpdateBody,
  kitView,
  procurementBody,
  procurementExceptionBody,
} from '../shared/aid-api.ts';

export type Kit = z.infer<typeof kitView>;
export type KitItemInput = z.input<typeof kitItem>;
export type KitInput = z.input<typeof kitBody>;
export type KitUpdate = z.input<typeof kitUpdateBody>;
export type BudgetLine = z.infer<typeof budgetLineView>;
export type BudgetLineInput = z.input<typeof budgetLineBody>;
export type Budget = z.infer<typeof budgetView>;
export type Allocation = z.infer<typeof allocationView>;
export type AllocationItem = Allocation['items'][number];
export type ProposeInput = z.input<typeof allocationProposeBody>;
export type ProcurementInput = z.input<typeof procurementBody>;
export type ProcurementExceptionInput = z.input<typeof procurementExceptionBody>;
export type HandoverInput = z.input<typeof handoverBody>;
export type ItemEvent = z.infer<typeof itemEventView>;
export type ItemEventInput = z.input<typeof itemEventBody>;
export type BudgetDecision = z.input<typeof budgetLineDecisionBody>['decision'];
export type AidDecree = z.infer<typeof aidDecreeView>;
export type AidDecreeInput = z.input<typeof aidDecreeBody>;
/** A decision taken by a colleague acting for the approver (Plh./Plt.), or null. */
export type ActingAs = Allocation['actingAs'];

const enc = encodeURIComponent;
const versioned = <T extends { version: number }>(a: { data: T; etag: string | null }): Versioned<T> => ({
  item: a.data,
  etag: a.etag ?? `"${a.data.version}"`,
});
const aid = (id: string) => `/api/allocations/${enc(id)}`;

function upload(id: string, kind: 'signed-scan' | 'photo', file: File): Promise<Allocation> {
  const form = new FormData();
  form.append('file', file, file.name);
  return call<Allocation>('POST', `${aid(id)}/${kind}`, { form }).then((a) => a.data);
}

export const aidApi = {
  kits: {
    list: () => call<{ items: Kit[] }>('GET', '/api/kits').then((a) => a.data.items),
    get: (id: string) => call<Kit>('GET', `/api/kits/${enc(id)}`).then(versioned),
    create: (body: KitInput) => call<Kit>('POST', '/api/kits', { body }).then((a) => a.data),
    /** A new version of the kit (If-Match); 412 stale_version when it was changed meanwhile. */
    update: (id: string, etag: string, body: KitUpdate) =>
      call<Kit>('PATCH', `/api/kits/${enc(id)}`, { body, headers: { 'If-Match': etag } }).then(versioned),
  },

  budget: {
    get: (programmeId: string) => call<Budget>('GET', `/api/programmes/${enc(programmeId)}/budget`).then((a) => a.data),
    lines: (programmeId: string) =>
      call<{ items: BudgetLine[] }>('GET', `/api/programmes/${enc(programmeId)}/budget-lines`).then(
        (a) => a.data.items,
      ),
    /** 409 over_budget (details: plannedAfter, ceiling) unless confirmOverBudget is sent. */
    addLine: (programmeId: string, body: BudgetLineInput) =>
      call<BudgetLine>('POST', `/api/programmes/${enc(programmeId)}/budget-lines`, { body }).then((a) => a.data),
    /** The budget approver decides a proposed line once (403 second_person_required for its proposer, 409 already_decided). */
    decideLine: (lineId: string, decision: BudgetDecision) =>
      call<BudgetLine>('POST', `/api/budget-lines/${enc(lineId)}/decision`, { body: { decision } }).then((a) => a.data),
  },

  /** Beneficiary decisions (SK penetapan penerima manfaat): a handover needs one naming her. */
  decrees: {
    list: (cohortId: string) =>
      call<{ items: AidDecree[] }>('GET', `/api/cohorts/${enc(cohortId)}/aid-decrees`).then((a) => a.data.items),
    /**
     * Names every approved allocation of the cohort not yet in a letter; 409 nothing_to_decree, 409
     * decree_number_taken, 400 validation_failed with details on body.date (code future_date) when dated ahead.
     */
    issue: (cohortId: string, body: AidDecreeInput) =>
      call<AidDecree>('POST', `/api/cohorts/${enc(cohortId)}/aid-decrees`, { body }).then((a) => a.data),
    /** The letter as a PDF: a plain download link (Content-Disposition: attachment). */
    pdfUrl: (id: string) => `/api/aid-decrees/${enc(id)}/pdf`,
  },

  allocations: {
    list: (cohortId: string) =>
      call<{ items: Allocation[] }>('GET', `/api/cohorts/${enc(cohortId)}/allocations`).then((a) => a.data.items),
    propose: (cohortId: string, body: ProposeInput) =>
      call<{ items: Allocation[] }>('POST', `/api/cohorts/${enc(cohortId)}/allocations`, { body }).then(
        (a) => a.data.items,
      ),
    get: (id: string) => call<Allocation>('GET', aid(id)).then((a) => a.data),
    /** 403 second_person_required for whoever proposed it: another approver decides. */
    approve: (id: string) => call<Allocation>('POST', `${aid(id)}/approve`).then((a) => a.data),
    procurement: (id: string, body: ProcurementInput) =>
      call<Allocation>('POST', `${aid(id)}/procurement`, { body }).then((a) => a.data),
    /**
     * An approver lets the handover go ahead before every item is procured, with her reason (10–500 characters);
     * 403 for whoever may not approve, 409 once handed over or before approval.
     */
    procurementException: (id: string, body: ProcurementExceptionInput) =>
      call<Allocation>('POST', `${aid(id)}/procurement-exception`, { body }).then((a) => a.data),
    /** 409 items_not_procured (details.missing: item indexes) while an item is not received or ready and no exception is recorded. */
    handover: (id: string, body: HandoverInput) =>
      call<Allocation>('POST', `${aid(id)}/handover`, { body }).then((a) => a.data),
    /** Return or loss of one item after the handover (409 allocation_not_handed_over / exceeds_remaining_quantity). */
    itemEvent: (id: string, body: ItemEventInput) =>
      call<Allocation>('POST', `${aid(id)}/item-events`, { body }).then((a) => a.data),
    uploadSignedScan: (id: string, file: File) => upload(id, 'signed-scan', file),
    /** Only with her photo consent (403 consent_required otherwise). */
    uploadPhoto: (id: string, file: File) => upload(id, 'photo', file),
    /** The BAST as a PDF: a plain download link (Content-Disposition: attachment). */
    bastUrl: (id: string) => `${aid(id)}/bast.pdf`,
  },
};
