// Casework calls (outreach, assessments, case plans, partners, referrals, the staff directory), through the
// one request helper of api.ts: same errors, same session handling, no fetch of its own.
import type { z } from 'zod';
import type {
  alertView,
  assessmentBody,
  assessmentDetailResponse,
  assessmentListResponse,
  casePlanBody,
  casePlanView,
  outreachBody,
  outreachListQuery,
  outreachListResponse,
  outreachView,
  partnerBody,
  partnerUpdateBody,
  partnerView,
  prospectView,
  referralBody,
  referralUpdateBody,
  referralView,
} from '../shared/casework-api.ts';
import type { staffListResponse } from '../shared/api.ts';
import type {
  assignmentHistoryResponse,
  assignmentRequestView,
  duplicateDecisionBody,
  duplicateReviewView,
  incomingTransfersResponse,
  openAssignmentRequestsResponse,
  participantView,
  transferView,
} from '../shared/participants-api.ts';
import type { Role } from '../shared/roles.ts';
import { call, type Versioned } from './api.ts';

export type OutreachInput = z.input<typeof outreachBody>;
export type OutreachView = z.infer<typeof outreachView>;
export type OutreachFilter = Partial<Omit<z.input<typeof outreachListQuery>, 'limit'>> & { limit?: number };
export type OutreachList = z.infer<typeof outreachListResponse>;
export type ProspectView = z.infer<typeof prospectView>;
export type AlertView = z.infer<typeof alertView>;
export type AssessmentInput = z.input<typeof assessmentBody>;
export type AssessmentAnswersInput = AssessmentInput['answers'];
export type AssessmentSummary = z.infer<typeof assessmentListResponse>['items'][number];
export type AssessmentDetail = z.infer<typeof assessmentDetailResponse>;
export type CasePlanInput = z.input<typeof casePlanBody>;
export type CasePlanItemInput = CasePlanInput['items'][number];
export type CasePlanView = z.infer<typeof casePlanView>;
export type PartnerInput = z.input<typeof partnerBody>;
export type AssignmentRequestItem = z.infer<typeof openAssignmentRequestsResponse>['items'][number];
export type AssignmentHistoryItem = z.infer<typeof assignmentHistoryResponse>['items'][number];
type AssignmentRequestView = z.infer<typeof assignmentRequestView>;
type TransferView = z.infer<typeof transferView>;
export type IncomingTransfer = z.infer<typeof incomingTransfersResponse>['items'][number];
type ParticipantRecord = z.infer<typeof participantView>;
export type PartnerUpdateInput = z.input<typeof partnerUpdateBody>;
export type PartnerView = z.infer<typeof partnerView>;
export type ReferralInput = z.input<typeof referralBody>;
export type ReferralUpdateInput = z.input<typeof referralUpdateBody>;
export type ReferralView = z.infer<typeof referralView>;
export type StaffMember = z.infer<typeof staffListResponse>['items'][number];

type Answer<T> = Awaited<ReturnType<typeof call<T>>>;
const data = <T>(p: Promise<Answer<T>>) => p.then((a) => a.data);
const versioned = <T extends { version: number }>(a: Answer<T>): Versioned<T> => ({
  item: a.data,
  etag: a.etag ?? `"${a.data.version}"`,
});
const enc = encodeURIComponent;
const pid = (id: string) => `/api/participants/${enc(id)}`;
const idem = (key: string) => ({ 'Idempotency-Key': key });
const ifMatch = (etag: string) => ({ 'If-Match': etag });

export const casework = {
  outreach: {
    list: (filter: OutreachFilter = {}) => data(call<OutreachList>('GET', '/api/outreach', { query: filter })),
    /** `idempotencyKey` stays the same while the same contact is retried, so a retry never records it twice. */
    create: (body: OutreachInput, idempotencyKey: string) =>
      data(call<OutreachView>('POST', '/api/outreach', { body, headers: idem(idempotencyKey) })),
    prospects: () => data(call<{ items: ProspectView[] }>('GET', '/api/outreach/prospects')).then((r) => r.items),
    alerts: () => data(call<{ items: AlertView[] }>('GET', '/api/alerts')).then((r) => r.items),
  },

  assessments: {
    list: (participantId: string) =>
      data(call<{ items: AssessmentSummary[] }>('GET', `${pid(participantId)}/assessments`)).then((r) => r.items),
    get: (participantId: string, version: number) =>
      data(call<AssessmentDetail>('GET', `${pid(participantId)}/assessments/${version}`)),
    create: (participantId: string, body: AssessmentInput) =>
      data(call<AssessmentDetail>('POST', `${pid(participantId)}/assessments`, { body })),
    review: (participantId: string, version: number) =>
      data(call<AssessmentDetail>('POST', `${pid(participantId)}/assessments/${version}/review`, { body: {} })),
  },

  casePlan: {
    /** The plan and its ETag, or null when there is none yet. */
    get: (participantId: string) =>
      call<CasePlanView | null>('GET', `${pid(participantId)}/case-plan`).then((a) =>
        a.data ? versioned({ data: a.data, etag: a.etag }) : null,
      ),
    /** If-Match with the ETag of the plan that was edited; none for the first plan. */
    put: (participantId: string, etag: string | null, body: CasePlanInput) =>
      call<CasePlanView>('PUT', `${pid(participantId)}/case-plan`, { body, headers: etag ? ifMatch(etag) : {} }).then(
        versioned,
      ),
    /** Approved on the day it happened (default today). */
    approve: (participantId: string, etag: string, approvedOn?: string) =>
      call<CasePlanView>('POST', `${pid(participantId)}/case-plan/approve`, {
        body: approvedOn ? { approvedOn } : {},
        headers: ifMatch(etag),
      }).then(versioned),
    /** For a plain download link (Content-Disposition: attachment). */
    pdfUrl: (participantId: string) => `${pid(participantId)}/case-plan.pdf`,
  },

  /** Who works on her case: the head of section assigns and takes off; a caseworker asks; caseloads move. */
  /** Registrations held as possible duplicates of a participant of her region: decided once by her head of section. */
  duplicates: {
    decide: (id: string, body: z.input<typeof duplicateDecisionBody>) =>
      data(call<z.infer<typeof duplicateReviewView>>('POST', `/api/duplicate-reviews/${enc(id)}/decision`, { body })),
  },
  assignments: {
    assign: (participantId: string, userId: string) =>
      data(call<ParticipantRecord>('POST', `${pid(participantId)}/assignments`, { body: { userId } })),
    unassign: (participantId: string, userId: string) =>
      data(call<ParticipantRecord>('DELETE', `${pid(participantId)}/assignments/${enc(userId)}`)),
    history: (participantId: string) =>
      data(call<{ items: AssignmentHistoryItem[] }>('GET', `${pid(participantId)}/assignments/history`)).then(
        (r) => r.items,
      ),
    request: (participantId: string, reason: string) =>
      data(call<AssignmentRequestView>('POST', `${pid(participantId)}/assignment-requests`, { body: { reason } })),
    open: () => data(call<{ items: AssignmentRequestItem[] }>('GET', '/api/assignment-requests')).then((r) => r.items),
    decide: (id: string, approve: boolean) =>
      data(call<AssignmentRequestView>('POST', `/api/assignment-requests/${enc(id)}/decision`, { body: { approve } })),
    transfer: (participantId: string, toUserId: string, reason: string) =>
      data(call<TransferView>('POST', `${pid(participantId)}/transfers`, { body: { toUserId, reason } })),
    incomingTransfers: () =>
      data(call<{ items: IncomingTransfer[] }>('GET', '/api/transfers/incoming')).then((r) => r.items),
    answerTransfer: (id: string, accept: boolean) =>
      data(call<TransferView>('POST', `/api/transfers/${enc(id)}/answer`, { body: { accept } })),
    reassignCaseload: (fromUserId: string, toUserId: string) =>
      data(call<{ moved: number }>('POST', `/api/caseloads/${enc(fromUserId)}/reassign`, { body: { toUserId } })),
  },

  staff: {
    list: (role?: Role) =>
      data(call<{ items: StaffMember[] }>('GET', '/api/staff', { query: { role } })).then((r) => r.items),
  },

  partners: {
    list: () => data(call<{ items: PartnerView[] }>('GET', '/api/partners')).then((r) => r.items),
    get: (id: string) => call<PartnerView>('GET', `/api/partners/${enc(id)}`).then(versioned),
    create: (body: PartnerInput) => call<PartnerView>('POST', '/api/partners', { body }).then(versioned),
    update: (id: string, etag: string, body: PartnerUpdateInput) =>
      call<PartnerView>('PATCH', `/api/partners/${enc(id)}`, { body, headers: ifMatch(etag) }).then(versioned),
  },

  referrals: {
    list: (participantId: string) =>
      data(call<{ items: ReferralView[] }>('GET', `${pid(participantId)}/referrals`)).then((r) => r.items),
    create: (participantId: string, body: ReferralInput, idempotencyKey: string) =>
      data(call<ReferralView>('POST', `${pid(participantId)}/referrals`, { body, headers: idem(idempotencyKey) })),
    update: (id: string, version: number, body: ReferralUpdateInput) =>
      data(call<ReferralView>('PATCH', `/api/referrals/${enc(id)}`, { body, headers: ifMatch(`"${version}"`) })),
    letterUrl: (id: string) => `/api/referrals/${enc(id)}/letter.pdf`,
  },
};
