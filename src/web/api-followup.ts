// Follow-up calls (the worklist, one follow-up, her follow-ups and visits, marking missed, continuing after the
// last one, reopening, a cohort's outcomes) and the alerts they raise, through the one request helper of
// api.ts: same errors, same session handling, no fetch of its own. Types come from the shared zod schemas.
import type { z } from 'zod';
import type {
  continueFollowUpBody,
  followUpDetailResponse,
  followUpListResponse,
  followUpQuery,
  followUpUpdateBody,
  followUpView,
  outcomesResponse,
  participantFollowUpsResponse,
  visitBody,
  visitView,
} from '../shared/followup-api.ts';
import type { alertListResponse } from '../shared/casework-api.ts';
import type { participantView } from '../shared/participants-api.ts';
import { call, type Versioned } from './api.ts';

export type FollowUpFilter = Partial<z.input<typeof followUpQuery>>;
export type FollowUpList = z.infer<typeof followUpListResponse>;
export type FollowUp = z.infer<typeof followUpView>;
export type FollowUpDetail = z.infer<typeof followUpDetailResponse>;
export type FollowUpWithVisits = z.infer<typeof participantFollowUpsResponse>['items'][number];
export type VisitInput = z.input<typeof visitBody>;
export type Visit = z.infer<typeof visitView>;
export type FollowUpMark = z.input<typeof followUpUpdateBody>;
export type Outcomes = z.infer<typeof outcomesResponse>;
export type ContinueInput = z.input<typeof continueFollowUpBody>;
export type Decision = NonNullable<FollowUpList['decisions']>[number];
export type Alert = z.infer<typeof alertListResponse>['items'][number];
type ParticipantView = z.infer<typeof participantView>;

type Answer<T> = Awaited<ReturnType<typeof call<T>>>;
const data = <T>(p: Promise<Answer<T>>) => p.then((a) => a.data);
const versioned = <T extends { version: number }>(a: Answer<T>): Versioned<T> => ({
  item: a.data,
  etag: a.etag ?? `"${a.data.version}"`,
});
const enc = encodeURIComponent;
const pid = (id: string) => `/api/participants/${enc(id)}`;
const fid = (id: string) => `/api/follow-ups/${enc(id)}`;

export const followups = {
  /** Due this week and overdue (status "open"); managers also get the overdue count per caseworker and region. */
  worklist: (filter: FollowUpFilter = {}) => data(call<FollowUpList>('GET', '/api/follow-ups', { query: filter })),
  /** One follow-up with its visits, and the ETag to send when marking it missed. */
  get: (id: string) => call<FollowUpDetail>('GET', fid(id)).then(versioned),
  /** Her follow-ups with their visits (the risk of return only comes to those who may see it). */
  forParticipant: (participantId: string) =>
    data(call<{ items: FollowUpWithVisits[] }>('GET', `${pid(participantId)}/follow-ups`)).then((r) => r.items),
  /** Records a visit (the follow-up is then done); answers with all her follow-ups. */
  recordVisit: (id: string, body: VisitInput) =>
    data(call<{ items: FollowUpWithVisits[] }>('POST', `${fid(id)}/visits`, { body })).then((r) => r.items),
  /** Missed or unreachable, with If-Match: a follow-up changed meanwhile is refused (412). */
  mark: (id: string, etag: string, body: FollowUpMark) =>
    call<FollowUp>('PATCH', fid(id), { body, headers: { 'If-Match': etag } }).then(versioned),
  /** After her last follow-up: one more, `months` after the last (or after today), by choice with a reason. */
  continueAfterLast: (participantId: string, body: ContinueInput) =>
    data(call<{ items: FollowUpWithVisits[] }>('POST', `${pid(participantId)}/follow-ups/continue`, { body })).then(
      (r) => r.items,
    ),
  reopen: (participantId: string, reason: string) =>
    data(call<ParticipantView>('POST', `${pid(participantId)}/reopen`, { body: { reason } })),
  outcomes: (cohortId: string) => data(call<Outcomes>('GET', `/api/cohorts/${enc(cohortId)}/outcomes`)),

  alerts: {
    list: () => data(call<{ items: Alert[] }>('GET', '/api/alerts')).then((r) => r.items),
    acknowledge: (id: string) =>
      data(call<{ items: Alert[] }>('POST', `/api/alerts/${enc(id)}/acknowledge`, { body: {} })).then((r) => r.items),
  },
};
