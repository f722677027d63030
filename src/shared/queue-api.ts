// The work queue: what waits for the signed-in person, safety alerts first. Each item carries what its screen
// needs to open the decision in one click (her record, a cohort, a session, an allocation) and never more than a list may
// show of her (her code and the name she goes by).
import { z } from 'zod';

export const QUEUE_KINDS = [
  'safety_alerts',
  /** Accounts that may read cases, waiting for a second person (a head of section or Kepala Bidang). */
  'account_approvals',
  'assignment_requests',
  /** Registrations held as possible duplicates of a participant of her region (the item names both codes). */
  'duplicate_reviews',
  'transfers',
  /** Transfers of a case between provinces waiting for a head of section of either side (her code only). */
  'province_transfers',
  'closures',
  'plans',
  'assessments',
  'allocations',
  'aid_decrees',
  'budget_lines',
  'attendance_corrections',
  'graduation_exceptions',
  /** Data-subject requests: waiting for a head of section's decision; approved, waiting for the administrator. */
  'rights_requests',
  'rights_requests_to_carry_out',
  'overdue_follow_ups',
  'sessions_today',
  /** Conflicts a field device of staff in her regions has held for more than a day (the staff member's page). */
  'field_conflicts',
] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const queueItem = z.object({
  id: z.string(),
  participantId: z.string().nullable(),
  cohortId: z.string().nullable(),
  /** The session it is about (attendance to correct, a session today). */
  sessionId: z.string().nullable(),
  /** A programme (a budget line waits on its budget page). */
  programmeId: z.string().nullable(),
  /** A staff account it is about (a field device's conflict: whose device). */
  userId: z.string().nullable(),
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

/**
 * How many wait in each section, without the items: the count in the navigation. Counts name nobody, so reading
 * them is not audited (the queue itself, which lists people, is).
 */
export const workQueueCountsResponse = z.object({
  sections: z.array(z.object({ kind: z.enum(QUEUE_KINDS), count: z.number().int() })),
  total: z.number().int(),
});
export type WorkQueueCounts = z.infer<typeof workQueueCountsResponse>;
