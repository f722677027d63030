// Schemas of programmes, venues, cohorts, enrolments, sessions, attendance and graduation.
import { z } from 'zod';
import {
  ATTENDANCE_STATUSES,
  COHORT_STATUSES,
  ENROLLMENT_STATUSES,
  SESSION_TYPES,
  STAGES,
  TRADE_TRACKS,
} from './codes.ts';
import { STAGE_EVENTS } from './stages.ts';
import { isoDate, participantRegionSchema } from './participants-api.ts';
import { multiLine, singleLine } from './text.ts';
import { withCode } from './messages.ts';
import { pageParams, sortsOf } from './paging.ts';

const rupiah = z.number().int().min(0).max(1_000_000_000_000);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (WITA)');

/** How a cohort's participants graduate: attendance rate, mandatory sessions, excused absences. */
export const completionRule = z
  .object({
    /** Share of held sessions attended (present or late), 0–1. Default 0.8. */
    minAttendanceRate: z.number().min(0).max(1).default(0.8),
    /** Every session marked mandatory must be attended. Default true. */
    allMandatory: z.boolean().default(true),
    /**
     * How many excused absences (izin) count as attended, for the rate and for mandatory sessions alike, in the
     * order of the sessions; further ones count as absent. Default 0: only being there counts.
     */
    excusedAbsencesAllowed: z.number().int().min(0).max(31).default(0),
  })
  .strict();
/** Days after graduation is confirmed during which the head of section may reopen it. */
export const DEFAULT_GRADUATION_REOPEN_DAYS = 30;

export const programmeBody = z
  .object({
    name: singleLine(150),
    year: z.number().int().min(2015).max(2100),
    purpose: multiLine(1000).optional(),
    budgetCeiling: rupiah,
    targetParticipants: z.number().int().min(0).max(100_000),
    targetRegions: z.array(participantRegionSchema).max(13).default([]),
    completionRule: completionRule.default({ minAttendanceRate: 0.8, allMandatory: true, excusedAbsencesAllowed: 0 }),
    /** Months after graduation at which follow-ups fall due. */
    followUpMonths: z.array(z.number().int().min(1).max(60)).max(12).default([1, 3, 6, 12]),
    /** Days after its confirmation during which a cohort's graduation may be reopened (0: never). */
    graduationReopenDays: z.number().int().min(0).max(365).default(DEFAULT_GRADUATION_REOPEN_DAYS),
  })
  .strict();
export const programmeUpdateBody = programmeBody.partial().strict();
export const programmeView = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  purpose: z.string().nullable(),
  budgetCeiling: z.number().int(),
  targetParticipants: z.number().int(),
  targetRegions: z.array(z.string()),
  completionRule: z.object({
    minAttendanceRate: z.number(),
    allMandatory: z.boolean(),
    excusedAbsencesAllowed: z.number().int(),
  }),
  followUpMonths: z.array(z.number().int()),
  graduationReopenDays: z.number().int(),
  version: z.number().int(),
});
/** How many of its latest cohorts a programme in the list carries (the cohorts list has them all). */
export const PROGRAMME_LATEST_COHORTS = 5;
/**
 * A programme in the list with its cohorts within the asker's cohort scope: how many, and the latest few (newest
 * start first); null for a reader who may not list cohorts.
 */
export const programmeListItem = programmeView.extend({
  cohorts: z
    .object({
      total: z.number().int(),
      latest: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          startDate: z.string(),
          endDate: z.string(),
          status: z.enum(COHORT_STATUSES),
        }),
      ),
    })
    .nullable(),
});
export const programmeListResponse = z.object({ items: z.array(programmeListItem) });

export const venueBody = z
  .object({
    name: singleLine(150),
    address: singleLine(300),
    regionCode: participantRegionSchema,
    ownerName: singleLine(150),
    capacity: z.number().int().min(1).max(500),
    facilities: z.array(singleLine(60)).max(30).default([]),
    rentPerMonth: rupiah,
    contractStart: isoDate,
    contractEnd: isoDate,
  })
  .strict();
export const venueUpdateBody = venueBody.partial().strict();
export const venuePaymentBody = z
  .object({ amount: rupiah.min(1), paidAt: isoDate, note: singleLine(200).optional() })
  .strict();
export const venueView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  regionCode: z.string(),
  ownerName: z.string(),
  capacity: z.number().int(),
  facilities: z.array(z.string()),
  rentPerMonth: z.number().int(),
  contractStart: z.string(),
  contractEnd: z.string(),
  payments: z.array(
    z.object({
      id: z.string(),
      amount: z.number().int(),
      paidAt: z.string(),
      note: z.string().nullable(),
      hasReceipt: z.boolean(),
    }),
  ),
  paidTotal: z.number().int(),
  /** The rent contract's file is held (download: GET /api/venues/{id}/contract). */
  hasContract: z.boolean(),
  version: z.number().int(),
});
/**
 * The venues list's order: by name, region (its code), capacity, rent, contract start or what has been paid.
 * A picker that does not page gets up to 200 (the office's rented places are a few per kabupaten/kota).
 */
export const VENUE_SORTS = sortsOf(['name', 'region', 'capacity', 'rent', 'contractPeriod', 'paid'] as const);
export type VenueSort = (typeof VENUE_SORTS)[number];
export const venueListQuery = z.object({ ...pageParams(VENUE_SORTS, 'name', 200) }).strict();
/** One page of the venues, and how many there are in all. */
export const venueListResponse = z.object({ items: z.array(venueView), total: z.number().int() });

export const cohortBody = z
  .object({
    programmeId: z.uuid(),
    name: singleLine(100).optional(),
    regionCode: participantRegionSchema,
    venueId: z.uuid().optional(),
    startDate: isoDate,
    /** Default: one month after the start. */
    endDate: isoDate.optional(),
    capacity: z.number().int().min(1).max(200).default(10),
    tracks: z.array(z.enum(TRADE_TRACKS)).min(1).max(10),
    /**
     * The head of section confirms dates in a year the office calendar (collective leave, local decrees) does
     * not cover yet; without it such dates are refused with 409 office_calendar_missing.
     */
    confirmWithoutCalendar: z.boolean().optional(),
  })
  .strict();
export const cohortUpdateBody = cohortBody
  .omit({ programmeId: true })
  .partial()
  .extend({ status: z.enum(COHORT_STATUSES).optional() })
  .strict();
export const cohortView = z.object({
  id: z.string(),
  programmeId: z.string(),
  name: z.string(),
  regionCode: z.string(),
  venueId: z.string().nullable(),
  venueName: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  capacity: z.number().int(),
  tracks: z.array(z.string()),
  status: z.enum(COHORT_STATUSES),
  enrolled: z.number().int(),
  waitlisted: z.number().int(),
  graduationConfirmedAt: z.string().nullable(),
  /** The last day (office date) on which its confirmed graduation may be reopened; null when not confirmed. */
  graduationReopenUntil: z.string().nullable(),
  version: z.number().int(),
});
/** One page of the cohorts, and how many match in all. */
export const cohortListResponse = z.object({ items: z.array(cohortView), total: z.number().int() });

/** Several people into one cohort at once, all or none (up to the size of a few cohorts). */
export const enrollmentManyBody = z
  .object({
    participantIds: z.array(z.uuid()).min(1).max(50),
    waitlist: z.boolean().default(false),
    /** The trade all of them follow (as one enrolment's track). */
    track: z.enum(TRADE_TRACKS).optional(),
    /** The day they were enrolled, as it happened (as one enrolment's enrolledOn; each checked against her own). */
    enrolledOn: isoDate.optional(),
  })
  .strict();
export const enrollmentBody = z
  .object({
    participantId: z.uuid(),
    track: z.enum(TRADE_TRACKS).optional(),
    /** Past capacity the enrolment is refused unless she is put on the waitlist (kept in order). */
    waitlist: z.boolean().optional(),
    /** The day she was enrolled, as it happened (default today; never in the future; on or after her assessment). */
    enrolledOn: isoDate.optional(),
  })
  .strict();
export const enrollmentUpdateBody = z
  .object({
    status: z.enum(['DROPPED_OUT', 'WITHDRAWN']),
    reason: multiLine(500),
    track: z.enum(TRADE_TRACKS).optional(),
  })
  .strict();
export const enrollmentView = z.object({
  id: z.string(),
  cohortId: z.string(),
  participantId: z.string(),
  /** Code and preferred name only: enough for a trainer's list, nothing of the case. */
  code: z.string(),
  preferredName: z.string(),
  track: z.string().nullable(),
  status: z.enum(ENROLLMENT_STATUSES),
  waitlistPosition: z.number().int().nullable(),
  attendanceRate: z.number().nullable(),
  /** The day she was enrolled, as it happened. */
  enrolledOn: z.string(),
  /** Entered more than the office's number of days after that day (back-entry is shown, never hidden). */
  enteredLate: z.boolean(),
  result: z
    .object({
      sessionsHeld: z.number().int(),
      attended: z.number().int(),
      rate: z.number(),
      mandatoryMissed: z.number().int(),
      /** Excused absences, and how many of them the programme counts as attended. */
      excused: z.number().int().optional(),
      excusedCounted: z.number().int().optional(),
      /** She passes by a confirmed exception to the rule (the figures alone fail her). */
      byException: z.boolean().optional(),
      passed: z.boolean(),
    })
    .nullable(),
  version: z.number().int(),
});
export const enrollmentListResponse = z.object({ items: z.array(enrollmentView) });

export const sessionBody = z
  .object({
    type: z.enum(SESSION_TYPES),
    title: singleLine(150).optional(),
    facilitatorId: z.uuid().optional(),
    /** A partner's person (e.g. the religious counsellor from KUA) when not a user. */
    facilitatorName: singleLine(120).optional(),
    place: singleLine(200).optional(),
    /** The partner organisation that leads the session (an active partner, as for referrals). */
    partnerId: z.uuid().optional(),
    /** The partner's person: one of its contact persons, or e.g. Kemenag's religious counsellor. */
    partnerPerson: singleLine(120).optional(),
    date: isoDate,
    startTime: hhmm,
    endTime: hhmm,
    mandatory: z.boolean().default(false),
  })
  .strict();
export const sessionUpdateBody = sessionBody
  .partial()
  .extend({
    cancelled: z.boolean().optional(),
    /** null: the session no longer names a partner (nor the partner's person). */
    partnerId: z.uuid().nullable().optional(),
    partnerPerson: singleLine(120).nullable().optional(),
  })
  .strict();
/**
 * What happened at a held session: whether the partner came (null = not recorded) and a short report. Written by
 * whoever marks its attendance; never a participant's name or data.
 */
export const sessionReportBody = z
  .object({
    partnerAttended: z.boolean().nullable(),
    /** null or empty clears it. */
    report: multiLine(2000, 0).nullable(),
  })
  .strict();
export const generateRuleBody = z
  .object({
    type: z.enum(SESSION_TYPES),
    title: singleLine(150).optional(),
    /** ISO weekdays: 1 = Monday … 5 = Friday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    startTime: hhmm,
    endTime: hhmm,
    facilitatorId: z.uuid().optional(),
    facilitatorName: singleLine(120).optional(),
    place: singleLine(200).optional(),
    /** The partner organisation every generated session names (an active partner). */
    partnerId: z.uuid().optional(),
    partnerPerson: singleLine(120).optional(),
    mandatory: z.boolean().default(false),
    /** On a national holiday: skip the session, or move it to the next working day that has none. */
    holidays: z.enum(['skip', 'move']).default('skip'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Answer the dates the rule would make (200, generatePreviewResponse) and write nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();
/** What a weekly rule would make: the period it covers, each date (and where a holiday moved it from), and what it skips. */
export const generatePreviewResponse = z.object({
  from: z.string(),
  to: z.string(),
  dates: z.array(z.object({ date: z.string(), movedFrom: z.string().nullable() })),
  skipped: z.array(z.object({ date: z.string(), holiday: z.string() })),
});

/** Sessions of one cohort named with the version the client last saw (a stale one refuses the whole request). */
const sessionRefs = z
  .array(z.object({ id: z.uuid(), version: z.number().int().min(1) }).strict())
  .min(1)
  .max(100)
  .refine((a) => new Set(a.map((s) => s.id)).size === a.length, {
    message: 'Each session once',
    ...withCode('duplicate'),
  });
/**
 * Several sessions of a cohort cancelled, or moved by the same number of days, with one reason: all or none.
 * Each is checked as a change of one session is (its version, 412 stale_version); a cancelled one is neither
 * cancelled again nor moved (409 session_cancelled).
 */
export const sessionBulkBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('cancel'), sessions: sessionRefs, reason: multiLine(500) }).strict(),
  z
    .object({
      action: z.literal('move'),
      sessions: sessionRefs,
      reason: multiLine(500),
      /** Days later (positive) or earlier (negative), the same for each session. */
      shiftDays: z
        .number()
        .int()
        .min(-60)
        .max(60)
        .refine((n) => n !== 0, { message: 'Move by at least one day', ...withCode('not_zero') }),
    })
    .strict(),
]);
export const sessionView = z.object({
  id: z.string(),
  cohortId: z.string(),
  type: z.enum(SESSION_TYPES),
  title: z.string().nullable(),
  facilitatorId: z.string().nullable(),
  facilitator: z.string().nullable(),
  place: z.string().nullable(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  mandatory: z.boolean(),
  cancelled: z.boolean(),
  /** Set when the session was moved off a holiday: the date it would have had. */
  movedFrom: z.string().nullable(),
  partnerId: z.string().nullable(),
  /** The partner organisation's name. */
  partner: z.string().nullable(),
  partnerPerson: z.string().nullable(),
  /** Whether the partner came: null = not recorded. */
  partnerAttended: z.boolean().nullable(),
  /** The session's short report. */
  report: z.string().nullable(),
  version: z.number().int(),
});
/** One session with its cohort (the attendance screen opens from a link that names the session only). */
/** One session with its cohort; `version` is the session's own (the version a save of it is based on). */
export const sessionDetailResponse = z.object({ version: z.number().int(), session: sessionView, cohort: cohortView });
export const sessionListResponse = z.object({
  items: z.array(sessionView),
  /** Dates the rule skipped (holidays). */
  skipped: z.array(z.object({ date: z.string(), holiday: z.string() })).optional(),
});

/** status null clears a mark made by mistake (the participant is "not marked yet" again); a note needs a status. */
export const attendanceBody = z
  .array(
    z
      .object({
        participantId: z.uuid(),
        status: z.enum(ATTENDANCE_STATUSES).nullable(),
        note: singleLine(200).optional(),
      })
      .strict()
      .refine((i) => i.status !== null || i.note === undefined, {
        message: 'A cleared mark has no note',
        path: ['note'],
        ...withCode('note_without_mark'),
      }),
  )
  .min(1)
  .max(200);
export const attendanceView = z.object({
  sessionId: z.string(),
  /** The register's attendance version (also its ETag): sent back as If-Match by a register taken offline. */
  version: z.number().int(),
  locked: z.boolean(),
  items: z.array(
    z.object({
      participantId: z.string(),
      code: z.string(),
      preferredName: z.string(),
      status: z.enum(ATTENDANCE_STATUSES).nullable(),
      note: z.string().nullable(),
    }),
  ),
});
/** A correction asked for one participant's mark on a locked session; the head of section decides it. */
export const correctionBody = z
  .object({
    participantId: z.uuid(),
    status: z.enum(ATTENDANCE_STATUSES),
    reason: singleLine(300, 5),
  })
  .strict();
export const correctionDecisionBody = z.object({ approve: z.boolean() }).strict();
export const correctionView = z.object({ id: z.string(), status: z.enum(['PENDING', 'APPROVED', 'DECLINED']) });
/**
 * Corrections of several participants' marks on one locked session, with one reason: decided together, all or
 * none, in one decision.
 */
export const correctionBatchBody = z
  .object({
    items: z
      .array(z.object({ participantId: z.uuid(), status: z.enum(ATTENDANCE_STATUSES) }).strict())
      .min(1)
      .max(50),
    reason: singleLine(300, 5),
  })
  .strict();
export const correctionBatchView = z.object({
  id: z.string(),
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED']),
  count: z.number().int(),
});
export const openCorrectionsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      participantId: z.string(),
      code: z.string(),
      preferredName: z.string(),
      /** Her mark when the request was made (null: not marked). */
      statusBefore: z.enum(ATTENDANCE_STATUSES).nullable(),
      statusWanted: z.enum(ATTENDANCE_STATUSES),
      /** Null once she is erased (her key is gone). */
      reason: z.string().nullable(),
      requestedBy: z.object({ id: z.string(), username: z.string(), name: z.string().nullable() }),
      requestedAt: z.string(),
      /** The request it belongs to: corrections asked together are decided together. */
      batchId: z.string(),
    }),
  ),
});
export const graduationResponse = z.object({ confirmed: z.boolean(), items: z.array(enrollmentView) });
/** Reopening a confirmed graduation: why (kept in the audit trail's reason, sealed with the cohort's record). */
export const graduationReopenBody = z.object({ reason: multiLine(500, 5) }).strict();

export const GRADUATION_EXCEPTION_STATUSES = ['PENDING', 'CONFIRMED', 'DECLINED'] as const;
/** The head of section grants one participant an exception to the completion rule; the approver confirms it. */
export const graduationExceptionBody = z.object({ reason: multiLine(1000, 10) }).strict();
export const graduationExceptionDecisionBody = z.object({ approve: z.boolean() }).strict();
export const graduationExceptionView = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  participantId: z.string(),
  code: z.string(),
  preferredName: z.string(),
  status: z.enum(GRADUATION_EXCEPTION_STATUSES),
  /** Her evaluation, as the approver weighs it (she does not see the cohort's register). */
  result: enrollmentView.shape.result,
  /** Null once she is erased (her key is gone). */
  reason: z.string().nullable(),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  requestedAt: z.string(),
  decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  /** Decided by a colleague acting for the approver (Plh./Plt.). */
  actingAs: z.object({ type: z.enum(['PLH', 'PLT']), forName: z.string(), letterNumber: z.string() }).nullable(),
});
export const graduationExceptionListResponse = z.object({ items: z.array(graduationExceptionView) });
export const graduationExceptionDecision = z.object({
  id: z.string(),
  status: z.enum(GRADUATION_EXCEPTION_STATUSES),
});

/**
 * Which years the office calendar (collective leave, local decrees) covers, for planning: from 1 October the
 * head of section is warned when next year's is still missing (cohorts are planned months ahead).
 */
export const officeCalendarStatus = z.object({
  /** Today in the office's time zone. */
  today: z.string(),
  /** Years the office calendar covers, ascending. */
  years: z.array(z.number().int()),
  /** Years of that list still provisional (not yet checked against the joint decree). */
  provisionalYears: z.array(z.number().int()),
  nextYear: z.number().int(),
  /** True from 1 October (office time) while next year is not covered. */
  warnNextYearMissing: z.boolean(),
});

/** Which stage each event of the work enters in a programme: its own rule, or the office's. */
export const stageRulesResponse = z.object({
  items: z.array(
    z.object({ event: z.enum(STAGE_EVENTS), stage: z.enum(STAGES), source: z.enum(['office', 'programme']) }),
  ),
});
export const stageRulesBody = z
  .object({
    /** The programme's own rules; an event left out follows the office's. */
    rules: z.array(z.object({ event: z.enum(STAGE_EVENTS), stage: z.enum(STAGES) }).strict()).max(STAGE_EVENTS.length),
  })
  .strict();

/** The cohorts list's order: by name, region (its code), start day or status; the latest start first by default. */
export const COHORT_SORTS = sortsOf(['name', 'region', 'startDate', 'status'] as const);
export type CohortSort = (typeof COHORT_SORTS)[number];
/**
 * The cohorts list, of one programme or all. A caller that does not page (the budget's cohorts) gets up to 200,
 * newest first; the programmes list carries each programme's count itself.
 */
export const cohortListQuery = z
  .object({ programmeId: z.uuid().optional(), ...pageParams(COHORT_SORTS, '-startDate', 200) })
  .strict();
