// Schemas of kits, budget lines, allocations and handovers (serah terima).
import { z } from 'zod';
import { BUDGET_KINDS, BUSINESS_KINDS, PROCUREMENT_STATUSES, TRADE_TRACKS } from './codes.ts';
import { isoDate, participantRegionSchema } from './participants-api.ts';
import { multiLine, singleLine } from './text.ts';
import { actingAs } from './approvals.ts';

const rupiah = z.number().int().min(0).max(1_000_000_000_000);

export const kitItem = z
  .object({
    name: singleLine(120),
    quantity: z.number().int().min(1).max(10_000),
    unit: singleLine(20),
    /** Integer rupiah per unit. */
    unitPrice: rupiah,
    supplier: singleLine(120).optional(),
  })
  .strict();
export const kitBody = z
  .object({ trade: z.enum(TRADE_TRACKS), name: singleLine(120), items: z.array(kitItem).min(1).max(100) })
  .strict();
export const kitUpdateBody = z
  .object({
    name: singleLine(120).optional(),
    items: z.array(kitItem).min(1).max(100).optional(),
    active: z.boolean().optional(),
  })
  .strict();
const kitItemOut = z.object({
  name: z.string(),
  quantity: z.number().int(),
  unit: z.string(),
  unitPrice: z.number().int(),
  supplier: z.string().optional(),
});
export const kitView = z.object({
  id: z.string(),
  trade: z.string(),
  name: z.string(),
  /** Each change makes a new version; kits already handed over keep the version they had. */
  version: z.number().int(),
  items: z.array(kitItemOut),
  total: z.number().int(),
  active: z.boolean(),
});
export const kitListResponse = z.object({ items: z.array(kitView) });

export const budgetLineBody = z
  .object({
    kind: z.enum(BUDGET_KINDS),
    description: singleLine(200),
    cohortId: z.uuid().optional(),
    planned: rupiah,
    realised: rupiah.default(0),
    /** A manager saves a line that takes the plan over the programme's ceiling by confirming it. */
    confirmOverBudget: z.boolean().optional(),
  })
  .strict();
/** A line counts in the plan once a second person (the office's budget approver) has approved it. */
export const BUDGET_LINE_STATUSES = ['PROPOSED', 'APPROVED', 'REJECTED'] as const;
export const budgetLineView = z.object({
  id: z.string(),
  kind: z.string(),
  description: z.string(),
  cohortId: z.string().nullable(),
  planned: z.number().int(),
  realised: z.number().int(),
  status: z.enum(BUDGET_LINE_STATUSES),
  proposedBy: z.object({ id: z.string(), name: z.string().nullable() }),
  decidedBy: z.string().nullable(),
  /** Decided by a colleague acting for the approver (Plh./Plt.). */
  actingAs,
});
export const budgetLineDecisionBody = z.object({ decision: z.enum(['APPROVED', 'REJECTED']) }).strict();
export const budgetLineListResponse = z.object({ items: z.array(budgetLineView) });
export const budgetView = z.object({
  programmeId: z.string(),
  ceiling: z.number().int(),
  byKind: z.array(z.object({ kind: z.string(), planned: z.number().int(), realised: z.number().int() })),
  planned: z.number().int(),
  /** Realised: lines' realised amounts plus venue payments and the value of handed-over kits. */
  realised: z.number().int(),
  venuePayments: z.number().int(),
  kitsHandedOver: z.number().int(),
  participants: z.number().int(),
  graduates: z.number().int(),
  /** Integer rupiah, rounded down; null when there is nobody to divide by. */
  costPerParticipant: z.number().int().nullable(),
  costPerGraduate: z.number().int().nullable(),
  overBudget: z.boolean(),
  /** Value of handed-over items later returned or lost (shown alongside; realised spend stays as paid). */
  kitsReturnedOrLost: z.number().int(),
  /** Planned amounts of lines still waiting for approval (not counted above). */
  awaitingApproval: z.number().int(),
});

export const allocationProposeBody = z
  .object({
    /** Alternatives to the kit of her trade, each with a reason. */
    overrides: z
      .array(z.object({ enrollmentId: z.uuid(), kitId: z.uuid(), reason: multiLine(500) }).strict())
      .max(200)
      .default([]),
  })
  .strict();
/** What became of a handed-over item afterwards: a new, linked record; the handover stays as it was. */
export const ITEM_EVENT_KINDS = ['RETURNED', 'LOST'] as const;
export const itemEventBody = z
  .object({
    /** The item's position in the allocation's list (0-based). */
    index: z.number().int().min(0).max(99),
    kind: z.enum(ITEM_EVENT_KINDS),
    date: isoDate,
    /** How many of the item (default 1); together with earlier records at most what was handed over. */
    quantity: z.number().int().min(1).max(10_000).default(1),
    note: multiLine(500).optional(),
  })
  .strict();
export const itemEventView = z.object({
  id: z.string(),
  index: z.number().int(),
  itemName: z.string(),
  kind: z.enum(ITEM_EVENT_KINDS),
  quantity: z.number().int(),
  /** Integer rupiah at the unit price of the version handed over; realised spend is not reduced by it. */
  value: z.number().int(),
  date: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});

export const allocationView = z.object({
  id: z.string(),
  cohortId: z.string(),
  enrollmentId: z.string(),
  participantId: z.string(),
  code: z.string(),
  preferredName: z.string(),
  kitId: z.string(),
  kitName: z.string(),
  kitVersion: z.number().int(),
  alternativeReason: z.string().nullable(),
  status: z.enum(['PROPOSED', 'APPROVED', 'HANDED_OVER']),
  items: z.array(
    kitItemOut.extend({ procurement: z.enum(PROCUREMENT_STATUSES).nullable(), serial: z.string().nullable() }),
  ),
  value: z.number().int(),
  approvedBy: z.string().nullable(),
  /** Approved by a colleague acting for the approver (Plh./Plt.). */
  actingAs,
  /** The beneficiary decision (SK) that names her for this aid; a handover needs it. */
  decree: z.object({ id: z.string(), number: z.string(), date: z.string() }).nullable(),
  /** Who proposed it: she may not approve it (four eyes on money). */
  proposedBy: z.object({ id: z.string(), name: z.string().nullable() }),
  /** An approver's exception that lets the handover go ahead before every item is procured. */
  procurementException: z.object({ by: z.string(), reason: z.string() }).nullable(),
  handover: z
    .object({
      date: z.string(),
      place: z.string(),
      handedOverBy: z.string(),
      receivedBy: z.string(),
      hasSignedScan: z.boolean(),
      hasPhoto: z.boolean(),
    })
    .nullable(),
  business: z.object({ kind: z.string(), regionCode: z.string(), startDate: z.string() }).nullable(),
  /** Whether she has an active photo consent (a handover photo is possible only then). */
  photoConsent: z.boolean(),
  /** Returns and losses recorded after the handover, oldest first. */
  itemEvents: z.array(itemEventView),
  version: z.number().int(),
});
export const allocationListResponse = z.object({ items: z.array(allocationView) });

/** The beneficiary decision (SK penetapan penerima manfaat): every approved allocation of the cohort not yet in one. */
export const aidDecreeBody = z
  .object({
    number: singleLine(100),
    date: isoDate,
    /** As the letter names the signatory's office (e.g. "Kepala Bidang Rehabilitasi Sosial"). */
    signatoryTitle: singleLine(200),
  })
  .strict();
export const aidDecreeView = z.object({
  id: z.string(),
  cohortId: z.string(),
  number: z.string(),
  date: z.string(),
  signatory: z.object({ id: z.string(), name: z.string(), title: z.string() }),
  actingAs,
  recipients: z.number().int(),
  total: z.number().int(),
  createdAt: z.string(),
});
export const aidDecreeListResponse = z.object({ items: z.array(aidDecreeView) });
export const procurementExceptionBody = z.object({ reason: z.string().trim().min(10).max(500) }).strict();
export const procurementBody = z
  .object({
    items: z.array(z.object({ index: z.number().int().min(0), status: z.enum(PROCUREMENT_STATUSES) }).strict()).min(1),
  })
  .strict();
export const handoverBody = z
  .object({
    date: isoDate,
    place: singleLine(200),
    /** The officer who handed the kit over. */
    handedOverBy: singleLine(120),
    /** Who received it (normally the participant herself). */
    receivedBy: singleLine(120),
    serials: z
      .array(z.object({ index: z.number().int().min(0), serial: singleLine(80) }).strict())
      .max(100)
      .default([]),
    business: z
      .object({ kind: z.enum(BUSINESS_KINDS), regionCode: participantRegionSchema, startDate: isoDate })
      .strict(),
  })
  .strict();
