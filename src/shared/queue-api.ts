// The work queue: what waits for the signed-in person, safety alerts first. Each item carries what its screen
// needs to open the decision in one click (her record, a cohort, an allocation) and never more than a list may
// show of her (her code and the name she goes by).
import { z } from 'zod';

export const QUEUE_KINDS = [
  'safety_alerts',
  'assignment_requests',
  'transfers',
  'closures',
  'plans',
  'assessments',
  'allocations',
  'overdue_follow_ups',
  'sessions_today',
] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const queueItem = z.object({
  id: z.string(),
  participantId: z.string().nullable(),
  cohortId: z.string().nullable(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  /** When it started waiting (or, for a session, its date). */
  at: z.string(),
  /** A short code for what it is (an alert's kind, a session's type); never personal data. */
  detail: z.string().nullable(),
});
export const queueSection = z.object({
  kind: z.enum(QUEUE_KINDS),
  /** All that wait, of which the first items are listed. */
  count: z.number().int(),
  items: z.array(queueItem),
});
export const workQueueResponse = z.object({ sections: z.array(queueSection), total: z.number().int() });
export type WorkQueue = z.infer<typeof workQueueResponse>;
