// Schemas of follow-up (bimbingan lanjut), visits, termination and outcomes.
import { z } from 'zod';
import {
  BUSINESS_STATUSES,
  CLOSURE_REASONS,
  CONTACT_METHODS,
  EQUIPMENT_USES,
  FOLLOW_UP_STATUSES,
  INCOME_BAND_CODES,
  RETURN_RISKS,
  TRI_STATE,
} from './codes.ts';
import { isoDate } from './participants-api.ts';
import { multiLine } from './text.ts';

export const followUpQuery = z
  .object({
    /** "me" for the signed-in caseworker's own list. */
    assignee: z.string().max(64).optional(),
    /** due = due within the next 7 days; overdue = past its date and not done. */
    status: z.enum(['due', 'overdue', 'open', 'all']).default('open'),
  })
  .strict();
export const followUpView = z.object({
  id: z.string(),
  participantId: z.string(),
  code: z.string(),
  preferredName: z.string(),
  cohortId: z.string().nullable(),
  pointMonths: z.number().int(),
  dueDate: z.string(),
  assigneeId: z.string().nullable(),
  assignee: z.string().nullable(),
  status: z.enum(FOLLOW_UP_STATUSES),
  overdue: z.boolean(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
export const followUpListResponse = z.object({
  items: z.array(followUpView),
  /** For managers: overdue follow-ups per caseworker and region. */
  overdueByAssignee: z
    .array(z.object({ assignee: z.string().nullable(), regionCode: z.string(), overdue: z.number().int() }))
    .optional(),
  /** Cases whose last follow-up is over: close them (termination) or continue with another follow-up. */
  decisions: z
    .array(
      z.object({
        participantId: z.string(),
        code: z.string(),
        preferredName: z.string(),
        lastDueDate: z.string(),
        lastPointMonths: z.number().int(),
      }),
    )
    .optional(),
});
/** After her last follow-up the case continues by choice: one more follow-up, some months after the last. */
export const CONTINUE_REASONS = [
  'GOALS_NOT_YET_REACHED',
  'HER_REQUEST',
  'RISK_REMAINS',
  'BUSINESS_SUPPORT',
  'OTHER',
] as const;
export const continueFollowUpBody = z
  .object({ months: z.number().int().min(1).max(12), reason: z.enum(CONTINUE_REASONS) })
  .strict();
export const followUpUpdateBody = z
  .object({ status: z.enum(['MISSED', 'UNREACHABLE']), note: multiLine(500).optional() })
  .strict();

export const visitBody = z
  .object({
    date: isoDate,
    method: z.enum(CONTACT_METHODS),
    businessStatus: z.enum(BUSINESS_STATUSES),
    incomeBand: z.enum(INCOME_BAND_CODES),
    kitInUse: z.enum(TRI_STATE),
    housingStable: z.enum(TRI_STATE),
    familySupport: z.enum(TRI_STATE),
    healthAccess: z.enum(TRI_STATE),
    documents: z.enum(TRI_STATE),
    /** Short wellbeing scale, 1 (very bad) to 5 (very good). */
    wellbeing: z.number().int().min(1).max(5),
    safetyConcern: z.boolean(),
    /** Risk of return to sex work: visible only to assigned staff and managers. */
    returnRisk: z.enum(RETURN_RISKS),
    needs: multiLine(1000).optional(),
    notes: multiLine(2000).optional(),
    /**
     * What became of the equipment handed over to her (her latest handover on or before the visit's date).
     * Required on the first visit after that handover, optional later; refused when she has none.
     */
    equipmentUse: z.enum(EQUIPMENT_USES).optional(),
    /** A few words on it (sealed with the visit's other answers); only with equipmentUse. */
    equipmentNote: multiLine(1000).optional(),
  })
  .strict();
export const visitView = z.object({
  id: z.string(),
  followUpId: z.string(),
  date: z.string(),
  method: z.string(),
  businessStatus: z.string(),
  incomeBand: z.string(),
  kitInUse: z.string(),
  housingStable: z.string(),
  familySupport: z.string(),
  healthAccess: z.string(),
  documents: z.string(),
  wellbeing: z.number().int(),
  safetyConcern: z.boolean(),
  /** Absent for those who may not see it. */
  returnRisk: z.string().optional(),
  needs: z.string().nullable(),
  notes: z.string().nullable(),
  /** Null when the visit recorded none (no equipment, or a later visit that left it out). */
  equipmentUse: z.enum(EQUIPMENT_USES).nullable(),
  equipmentNote: z.string().nullable(),
  recordedBy: z.string().nullable(),
});
export const participantFollowUpsResponse = z.object({
  items: z.array(followUpView.extend({ visits: z.array(visitView) })),
});
/** One follow-up with its visits (GET /api/follow-ups/:id: the visit screen opens from the worklist or an alert). */
export const followUpDetailResponse = followUpView.extend({
  visits: z.array(visitView),
  /**
   * The equipment handed over to her, latest first: the visit form asks for its use when the visit's date is
   * on or after a handover, and requires it while that handover's use is not yet recorded (`recorded`).
   */
  equipment: z.array(
    z.object({ allocationId: z.string(), kit: z.string(), handoverDate: z.string(), recorded: z.boolean() }),
  ),
});

export const terminationBody = z.object({ reason: z.enum(CLOSURE_REASONS), note: multiLine(1000) }).strict();
export const reopenBody = z.object({ reason: multiLine(1000) }).strict();

export const outcomesResponse = z.object({
  cohortId: z.string(),
  graduates: z.number().int(),
  points: z.array(
    z.object({
      months: z.number().int(),
      due: z.number().int(),
      reached: z.number().int(),
      /** reached / graduates, 0–1 (4 decimals). */
      reachedShare: z.number(),
      businessRunning: z.number().int(),
      businessRunningShare: z.number(),
    }),
  ),
  /** Latest visit's income band compared with the assessment's (per graduate reached at least once). */
  incomeChange: z.object({ up: z.number().int(), same: z.number().int(), down: z.number().int() }),
});

/** A head of section's decision on ending her follow-up early (approve unless told otherwise). */
export const terminationDecisionBody = z
  .object({ approve: z.boolean().default(true), reason: z.string().max(1000).optional() })
  .strict();
