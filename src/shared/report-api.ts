// Schemas of the dashboard, the annual report and the identified participant list. The server answers
// with these shapes (response schemas); the web app takes its types from them.
import { z } from 'zod';
import { participantRegionSchema } from './participants-api.ts';
import { multiLine, singleLine } from './text.ts';

/** A figure as published: a number, or "<5" / "<11" (a small count) or "x" (hidden so a total reveals nothing). */
export const reportCell = z.union([z.number(), z.string()]);

export const annualReportView = z.object({
  year: z.number().int(),
  region: z.string().nullable(),
  share: z.enum(['internal', 'external']),
  deidentified: z.boolean(),
  threshold: z.number().int().nullable(),
  /**
   * How many counts were hidden in a de-identified report: small ones ("<5" / "<11") and those hidden ("x") so
   * that no total or other table gives one back; null for figures as counted.
   */
  suppression: z
    .object({ hidden: z.number().int(), small: z.number().int(), complementary: z.number().int() })
    .nullable()
    .optional(),
  funnel: z.object({
    columns: z.array(z.string()),
    rows: z.array(z.object({ regionCode: z.string(), regionName: z.string(), values: z.array(reportCell) })),
    totals: z.array(reportCell),
  }),
  cohorts: z.array(
    z.object({
      name: z.string(),
      regionCode: z.string(),
      startMonth: z.string(),
      enrolled: reportCell,
      graduated: reportCell,
      attendanceRate: z.union([z.number(), z.string()]).nullable(),
    }),
  ),
  attendanceByType: z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      sessions: z.number().int(),
      attendanceRate: z.number().nullable(),
    }),
  ),
  /** Partners' held (not cancelled) sessions dated in the year, and their hours (from start and end times). */
  partners: z.array(z.object({ name: z.string(), sessions: z.number().int(), hours: z.number() })),
  aid: z.object({
    rows: z.array(z.object({ regionCode: z.string(), regionName: z.string(), kits: reportCell, value: reportCell })),
    totals: z.object({ kits: reportCell, value: reportCell }),
    /**
     * The year's handovers by what the first visit after each found the equipment to be (USED, SOLD, BROKEN,
     * NOT_STARTED) and NOT_VISITED (no such visit yet); counts of people, suppressed as the others are.
     */
    equipmentUse: z.object({
      rows: z.array(
        z.object({
          status: z.enum(['USED', 'SOLD', 'BROKEN', 'NOT_STARTED', 'NOT_VISITED']),
          label: z.string(),
          count: reportCell,
        }),
      ),
      total: reportCell,
    }),
  }),
  budget: z.array(
    z.object({
      programme: z.string(),
      ceiling: z.number(),
      planned: z.number(),
      realised: z.number(),
      graduates: reportCell,
      costPerGraduate: reportCell.nullable(),
    }),
  ),
  followUp: z.array(
    z.object({ months: z.number().int(), due: reportCell, reached: reportCell, businessRunning: reportCell }),
  ),
  narrative: z.string().nullable(),
  /**
   * Records of the year entered more than `days` days after they happened (back-entry from paper), counted by the
   * day they happened: a note on the figures, for the office only (null in a report shared outside).
   */
  lateEntries: z
    .object({
      days: z.number().int(),
      registered: z.number().int(),
      assessed: z.number().int(),
      enrolled: z.number().int(),
    })
    .nullable(),
});

/** Each role's own slice: keys a role does not get are absent. */
export const dashboardView = z.object({
  today: z.string(),
  participantsByStage: z
    .array(z.object({ stage: z.string(), regionCode: z.string(), count: z.number().int() }))
    .optional(),
  overdueFollowUps: z.number().int().optional(),
  cohorts: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        regionCode: z.string(),
        startDate: z.string(),
        enrolled: z.number().int(),
        graduated: z.number().int(),
        attendanceRate: z.number().nullable(),
      }),
    )
    .optional(),
  budget: z
    .array(
      z.object({
        programme: z.string(),
        programmeId: z.string(),
        ceiling: z.number(),
        planned: z.number(),
        realised: z.number(),
        graduates: z.number(),
        overBudget: z.boolean(),
      }),
    )
    .optional(),
  upcomingSessions: z
    .array(z.object({ id: z.string(), date: z.string(), start_time: z.string(), type: z.string(), cohort: z.string() }))
    .optional(),
});

/** The shortest reason accepted for an identified list (a few words that say why). */
export const IDENTIFIED_REASON_MIN = 10;

/** The identified participant list (report.identified): why it is needed is stated and audited. */
export const identifiedListQuery = z
  .object({
    /** Checked in the repository (reason_required), so that the refusal has its own code. */
    reason: z.string().max(300).optional(),
    region: participantRegionSchema.optional(),
  })
  .strict();

export const identifiedReason = singleLine(300, IDENTIFIED_REASON_MIN);

/** Which year's report, of one region or all in scope, and for whom (external: de-identified with the external threshold, whatever the role). */
export const annualQuery = z
  .object({
    year: z.coerce.number().int().min(2015).max(2100),
    region: participantRegionSchema.optional(),
    /** external: de-identified with the external threshold, whatever the role. */
    share: z.enum(['internal', 'external']).default('internal'),
  })
  .strict();

/** The narrative section of a year's report. */
export const narrativeBody = z
  .object({
    year: z.number().int().min(2015).max(2100),
    region: participantRegionSchema.optional(),
    text: multiLine(20_000),
  })
  .strict();
