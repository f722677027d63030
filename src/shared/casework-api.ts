// Schemas of outreach, assessment, case plans, partners and referrals.
import { z } from 'zod';
import { isScopeRegionCode } from './regions.ts';
import {
  EDUCATION_LEVELS,
  INTEREST_LEVELS,
  OUTREACH_CHANNELS,
  OUTREACH_MATERIALS,
  OUTREACH_OUTCOMES,
  OUTREACH_TOPICS,
  PARTNER_KIND_CODES,
  PLACE_KINDS,
  PLAN_ITEM_STATUSES,
  REFERRAL_SHARE_ITEMS,
  REFERRAL_STATUSES,
  RISK_LEVELS,
  SAFETY_RISKS,
  SERVICE_COMPONENTS,
  TESTING_REFERRAL,
  THERAPY_SUBTYPES,
  TRAFFICKING_INDICATORS,
  TRI_STATE,
  VOLUNTARY_ANSWERS,
} from './codes.ts';
import { isoDate, participantRegionSchema } from './participants-api.ts';
import { multiLine, singleLine } from './text.ts';
import { pageParams, sortsOf } from './paging.ts';

// ---------------------------------------------------------------- outreach
/** An outreach contact: no name, NIK or address can be given (unknown properties are refused). */
export const outreachBody = z
  .object({
    contactDate: isoDate,
    regionCode: participantRegionSchema,
    placeKind: z.enum(PLACE_KINDS),
    channel: z.enum(OUTREACH_CHANNELS),
    /** A name the person chose for herself, if she wants one; links repeated contacts. Not her name. */
    alias: singleLine(40).optional(),
    topics: z.array(z.enum(OUTREACH_TOPICS)).max(10).default([]),
    materials: z.array(z.enum(OUTREACH_MATERIALS)).max(10).default([]),
    interestLevel: z.enum(INTEREST_LEVELS),
    outcome: z.enum(OUTREACH_OUTCOMES),
    nextContactDate: isoDate.optional(),
    /** After a decline, a next contact is only planned when she asked for one. */
    nextContactRequested: z.boolean().optional(),
    /** Asked when the channel is police or Satpol PP: did she come of her own will? */
    cameVoluntarily: z.enum(VOLUNTARY_ANSWERS).optional(),
  })
  .strict();
export const outreachUpdateBody = outreachBody.omit({ regionCode: true }).partial().strict();

export const outreachView = z.object({
  id: z.string(),
  contactDate: z.string(),
  regionCode: z.string(),
  placeKind: z.string(),
  channel: z.string(),
  alias: z.string().nullable(),
  topics: z.array(z.string()),
  materials: z.array(z.string()),
  interestLevel: z.string(),
  outcome: z.string(),
  nextContactDate: z.string().nullable(),
  cameVoluntarily: z.string().nullable(),
  prospectId: z.string().nullable(),
  worker: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export const outreachListQuery = z
  .object({
    region: participantRegionSchema.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    prospectId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export const outreachListResponse = z.object({
  items: z.array(outreachView),
  /** Contacts per region and month (YYYY-MM) within the filter and the user's scope. */
  countsByMonth: z.array(z.object({ month: z.string(), regionCode: z.string(), contacts: z.number().int() })),
});
/** Where a prospect stands: still open, declined, or registered as a participant. */
export const PROSPECT_STATUSES = ['OPEN', 'DECLINED', 'REGISTERED'] as const;
export const prospectView = z.object({
  id: z.string(),
  regionCode: z.string(),
  alias: z.string().nullable(),
  contacts: z.number().int(),
  firstContactDate: z.string(),
  lastContactDate: z.string(),
  lastOutcome: z.string(),
  nextContactDate: z.string().nullable(),
  status: z.enum(PROSPECT_STATUSES),
  participantId: z.string().nullable(),
});
/**
 * The prospects list's order: by her last or first contact, how many contacts, her status or region — never by
 * her alias (sealed). Newest last contact first by default.
 */
export const PROSPECT_SORTS = sortsOf(['lastContactDate', 'firstContactDate', 'contacts', 'status', 'region'] as const);
export type ProspectSort = (typeof PROSPECT_SORTS)[number];
export const prospectListQuery = z
  .object({
    status: z.enum(PROSPECT_STATUSES).optional(),
    region: participantRegionSchema.optional(),
    ...pageParams(PROSPECT_SORTS, '-lastContactDate'),
  })
  .strict();
/** One page of the prospects, and how many match in all. */
export const prospectListResponse = z.object({ items: z.array(prospectView), total: z.number().int() });
export const alertView = z.object({
  id: z.string(),
  kind: z.string(),
  regionCode: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export const alertListResponse = z.object({ items: z.array(alertView) });

// ---------------------------------------------------------------- assessment
const yesNoUnknown = z.enum(TRI_STATE);
export const assessmentAnswers = z
  .object({
    living: z
      .object({
        /** e.g. own house, rented room, with family, no fixed place */
        situation: z.enum(['OWN_HOME', 'RENTED', 'WITH_FAMILY', 'EMPLOYER', 'SHELTER', 'NO_FIXED_PLACE']),
        familyContact: yesNoUnknown,
        familyAccepting: yesNoUnknown,
        notes: multiLine(2000).optional(),
      })
      .strict(),
    health: z
      .object({
        hasAccess: yesNoUnknown,
        bpjs: yesNoUnknown,
        /** Voluntary testing: only whether it was referred or done, unless she consented to health data. */
        testing: z.enum(TESTING_REFERRAL),
        /** Only with HEALTH_DATA consent. */
        testResult: z.enum(['NEGATIVE', 'POSITIVE', 'INCONCLUSIVE']).optional(),
        notes: multiLine(2000).optional(),
      })
      .strict(),
    economy: z
      .object({
        monthlyIncome: z.number().int().min(0).max(1_000_000_000),
        debts: z.number().int().min(0).max(10_000_000_000),
        dependants: z.number().int().min(0).max(30),
      })
      .strict(),
    education: z
      .object({
        level: z.enum(EDUCATION_LEVELS),
        skills: z.array(singleLine(60)).max(20).default([]),
        desiredTrade: singleLine(100).optional(),
      })
      .strict(),
    /** SRQ-20: twenty yes/no answers, in the questionnaire's order. */
    srq20: z.array(z.boolean()).length(20),
    /** ILO indicators; all required when she came through a raid or a police/Satpol PP referral. */
    trafficking: z.partialRecord(z.enum(TRAFFICKING_INDICATORS), yesNoUnknown),
    safety: z.object({ risks: z.array(z.enum(SAFETY_RISKS)).max(10), notes: multiLine(2000).optional() }).strict(),
    strengths: multiLine(2000).optional(),
  })
  .strict();
export type AssessmentAnswers = z.infer<typeof assessmentAnswers>;

export const assessmentBody = z
  .object({
    answers: assessmentAnswers,
    /** The caseworker's confirmed risk level (the server proposes one from the answers). */
    confirmedRisk: z.enum(RISK_LEVELS),
    /** The day she was assessed, as it happened (default today; never in the future; on or after registration). */
    assessedOn: isoDate.optional(),
  })
  .strict();
// Response schemas carry no transforms (they are used to serialise, and a transform cannot run backwards).
export const assessmentView = z.object({
  version: z.number().int(),
  /** The answers as submitted (see assessmentAnswers). */
  answers: z.record(z.string(), z.unknown()),
  srq20Score: z.number().int(),
  srq20Threshold: z.number().int(),
  srq20AboveThreshold: z.boolean(),
  proposedRisk: z.enum(RISK_LEVELS),
  confirmedRisk: z.enum(RISK_LEVELS),
  assessedBy: z.string().nullable(),
  assessedAt: z.string(),
  /** The day it happened; assessedAt is when it was entered. */
  assessedOn: z.string(),
  enteredLate: z.boolean(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export const assessmentListResponse = z.object({
  items: z.array(assessmentView.omit({ answers: true })),
});
export const assessmentDetailResponse = z.object({
  assessment: assessmentView,
  /** What changed since the previous version: dotted paths with the old and new values. */
  changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })),
});

// ---------------------------------------------------------------- case plan
export const planItemInput = z
  .object({
    goal: multiLine(500),
    component: z.enum(SERVICE_COMPONENTS),
    subtype: z.enum(THERAPY_SUBTYPES).optional(),
    responsibleUserId: z.uuid().optional(),
    partnerId: z.uuid().optional(),
    dueDate: isoDate,
    status: z.enum(PLAN_ITEM_STATUSES).default('PLANNED'),
  })
  .strict();
export const casePlanBody = z
  .object({
    items: z.array(planItemInput).min(1).max(50),
    conference: z
      .object({ date: isoDate, attendees: z.array(singleLine(120)).max(30), minutes: multiLine(10_000).optional() })
      .strict()
      .optional(),
  })
  .strict();
export const casePlanView = z.object({
  version: z.number().int(),
  status: z.enum(['DRAFT', 'APPROVED']),
  items: z.array(
    z.object({
      id: z.string(),
      goal: z.string(),
      component: z.string(),
      subtype: z.string().optional(),
      responsibleUserId: z.string().optional(),
      partnerId: z.string().optional(),
      dueDate: z.string(),
      status: z.string(),
      /** The responsible staff member by name (her username when her account has none). */
      responsible: z.string().nullable(),
      partner: z.string().nullable(),
    }),
  ),
  conference: z.object({ date: z.string(), attendees: z.array(z.string()), minutes: z.string().optional() }).nullable(),
  /** Who approved the plan, by name (her username when her account has none). */
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** The day it was approved, as it happened (approvedAt is when that was entered). */
  approvedOn: z.string().nullable(),
  /** Approved more than the office's number of days before it was entered. */
  enteredLate: z.boolean(),
  updatedAt: z.string(),
});
/** The approval of a case plan: the day it happened (default today; never in the future, nor before her assessment). */
export const casePlanApproveBody = z.object({ approvedOn: isoDate.optional() }).strict().nullish();

// ---------------------------------------------------------------- partners
export const partnerContact = z
  .object({
    name: singleLine(120),
    role: singleLine(120).optional(),
    phone: z.string().trim().max(30).optional(),
    email: z.email().optional(),
  })
  .strict();
export const partnerBody = z
  .object({
    name: singleLine(200),
    kind: z.enum(PARTNER_KIND_CODES),
    regionCode: z.string().refine(isScopeRegionCode, 'A province code (63) or a kabupaten/kota code (6371)'),
    address: singleLine(300).optional(),
    contacts: z.array(partnerContact).max(20).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export const partnerUpdateBody = partnerBody.partial().strict();
export const partnerView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  /** The consent purpose a referral to this partner needs. */
  sharingPurpose: z.string(),
  regionCode: z.string(),
  address: z.string().nullable(),
  contacts: z.array(
    z.object({
      name: z.string(),
      role: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().optional(),
    }),
  ),
  active: z.boolean(),
  version: z.number().int(),
});
/**
 * The partners list's order: by name, kind (its code), region (its code) or status (active first). The pickers of
 * the plan, referral and session forms read it without paging and get up to 200 (a few dozen in an office).
 */
export const PARTNER_SORTS = sortsOf(['name', 'kind', 'region', 'status'] as const);
export type PartnerSort = (typeof PARTNER_SORTS)[number];
export const partnerListQuery = z.object({ ...pageParams(PARTNER_SORTS, 'name', 200) }).strict();
/** One page of the partners, and how many there are in all. */
export const partnerListResponse = z.object({ items: z.array(partnerView), total: z.number().int() });

// ---------------------------------------------------------------- referrals
export const referralBody = z
  .object({
    partnerId: z.uuid(),
    reason: multiLine(2000),
    /** What is shared with the partner; all of it needs her sharing consent for the partner's kind. */
    shared: z.array(z.enum(REFERRAL_SHARE_ITEMS)).min(1).max(REFERRAL_SHARE_ITEMS.length),
    sentAt: isoDate,
  })
  .strict();
export const referralUpdateBody = z
  .object({ status: z.enum(['ACCEPTED', 'DECLINED', 'DONE']), statusDate: isoDate, note: multiLine(1000).optional() })
  .strict();
export const referralView = z.object({
  id: z.string(),
  participantId: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  purpose: z.string(),
  reason: z.string(),
  shared: z.array(z.string()),
  status: z.enum(REFERRAL_STATUSES),
  sentAt: z.string(),
  statusDate: z.string().nullable(),
  blockedAt: z.string().nullable(),
  version: z.number().int(),
});
export const referralListResponse = z.object({ items: z.array(referralView) });

/** Her case plan, or null before one is drafted. */
export const casePlanReply = casePlanView.nullable();
