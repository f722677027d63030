// Schemas of the participant endpoints: registry, consent, stages, notes, attachments, search.
import { z } from 'zod';
import {
  ATTACHMENT_KINDS,
  CATEGORY_CODES,
  CLOSURE_REASONS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  NO_NIK_REASONS,
  NOTE_TYPES,
  PARTICIPATION_BASES,
  REFERRAL_SOURCES,
  SEXES,
  STAGES,
} from './codes.ts';
import { isRegencyCode } from './regions.ts';
import { multiLine, singleLine } from './text.ts';
import { withCode } from './messages.ts';

/** A kabupaten/kota code of any province (e.g. 6371 Banjarmasin, 6472 Samarinda); the policy keeps it in her scope. */
export const participantRegionSchema = z.string().refine(isRegencyCode, {
  message: 'Use a kabupaten/kota code such as 6371',
  ...withCode('unknown'),
});
/** ISO date (YYYY-MM-DD) that exists in the calendar. */
export const isoDate = z.iso.date();

export const identityInput = z
  .object({
    /** Full legal name (encrypted at rest). */
    fullName: singleLine(150),
    /** The name she wants to be called; shown in lists instead of the full name. */
    preferredName: singleLine(60).optional(),
    /** 16 digits; spaces, dots and dashes are ignored. Omit and give noNikReason when she has none. */
    nik: z.string().max(40).optional(),
    noNikReason: z.enum(NO_NIK_REASONS).optional(),
    birthDate: isoDate,
    sex: z.enum(SEXES),
    /** Where she lives: a region code (kabupaten/kota or below) and free text. */
    address: singleLine(300).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'Digits, spaces, + ( ) - only')
      .optional(),
    /** Emergency or family contact: name and phone, free text. */
    emergencyContact: singleLine(200).optional(),
  })
  .strict();
export type IdentityInput = z.infer<typeof identityInput>;

export const consentInput = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    method: z.enum(CONSENT_METHODS),
    /** Who explained it (staff name or username). */
    explainedBy: singleLine(120),
    /** Language used, e.g. "id" (Bahasa Indonesia) or "bjn" (Banjar). */
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'A language code such as id or bjn'),
    givenAt: isoDate,
    expiresAt: isoDate.optional(),
    /** The witness for a spoken consent. */
    witness: singleLine(120).optional(),
  })
  .strict();

export const participantCreateBody = z
  .object({
    regionCode: participantRegionSchema,
    category: z.enum(CATEGORY_CODES),
    referralSource: z.enum(REFERRAL_SOURCES).optional(),
    participationBasis: z.enum(PARTICIPATION_BASES).default('SUKARELA'),
    identity: identityInput,
    /** Must include PARTICIPATION and DATA_PROCESSING: nothing is stored without them. */
    consents: z.array(consentInput).min(1).max(20),
    beneficiaryDecision: z
      .object({ number: singleLine(100), date: isoDate })
      .strict()
      .optional(),
    /** Set after the user has looked at the likely duplicates the server reported and still wants to save. */
    acknowledgeDuplicates: z.boolean().optional(),
    /** The outreach prospect she was, when she agreed after outreach contacts (keeps the link). */
    prospectId: z.uuid().optional(),
    /** The day she was registered, as it happened (default today; never in the future; on or after her consents). */
    registeredOn: isoDate.optional(),
  })
  .strict();
export type ParticipantCreateBody = z.infer<typeof participantCreateBody>;

export const participantCreateResponse = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const participantUpdateBody = z
  .object({
    category: z.enum(CATEGORY_CODES).optional(),
    referralSource: z.enum(REFERRAL_SOURCES).nullable().optional(),
    participationBasis: z.enum(PARTICIPATION_BASES).optional(),
    /** Partial identity; address, phone and emergency contact can be cleared with null. */
    identity: identityInput
      .partial()
      .extend({
        address: singleLine(300).nullable().optional(),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[0-9 ()-]{6,20}$/, 'Digits, spaces, + ( ) - only')
          .nullable()
          .optional(),
        emergencyContact: singleLine(200).nullable().optional(),
      })
      .strict()
      .optional(),
    beneficiaryDecision: z
      .object({ number: singleLine(100), date: isoDate })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export const identityView = z.object({
  fullName: z.string().optional(),
  preferredName: z.string().optional(),
  /** Masked (6372********0003) unless revealed through POST …/reveal-nik. */
  nikMasked: z.string().nullable().optional(),
  hasNik: z.boolean(),
  noNikReason: z.string().nullable(),
  birthDate: z.string().optional(),
  sex: z.string().optional(),
  address: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  emergencyContact: z.string().nullable().optional(),
});

export const participantView = z.object({
  id: z.string(),
  code: z.string(),
  regionCode: z.string(),
  category: z.string(),
  referralSource: z.string().nullable(),
  participationBasis: z.string(),
  stage: z.enum(STAGES),
  identity: identityView,
  beneficiaryDecision: z.object({ number: z.string(), date: z.string() }).nullable(),
  assigned: z.array(z.object({ id: z.string(), username: z.string(), name: z.string().nullable(), role: z.string() })),
  /** Active consent per purpose. */
  consents: z.record(z.string(), z.boolean()),
  /** Id of the current photo; null without photo consent. */
  photoAttachmentId: z.string().nullable(),
  pendingClosure: z.object({ reason: z.string(), requestedBy: z.string(), requestedAt: z.string() }).nullable(),
  /** The day she was registered, as it happened; createdAt is when it was entered. */
  registeredOn: z.string(),
  /** Entered more than the office's number of days after that day (back-entry, shown, never hidden). */
  enteredLate: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** Set when her identity was erased (crypto-shredding): only statistics remain. */
  erasedAt: z.string().nullable(),
  /** A legal hold that blocks erasure, with its reason (visible to those who may manage it). */
  legalHold: z.string().nullable(),
  /** What this user may do with this record (from the server's policy). */
  can: z.array(z.string()),
});
export type ParticipantView = z.infer<typeof participantView>;

/** The orders a participant search takes: by code or by the day she was registered, either way. */
export const PARTICIPANT_SORTS = ['code', '-code', 'registeredOn', '-registeredOn'] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];
export const searchBody = z
  .object({
    /** A code (BRD-…), an exact NIK, or the start of a name. */
    q: z.string().max(100).optional(),
    region: participantRegionSchema.optional(),
    stage: z.enum(STAGES).optional(),
    category: z.enum(CATEGORY_CODES).optional(),
    page: z.number().int().min(1).max(1000).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
    /** The order of the list: a column, descending with a leading minus (names are encrypted: not sortable). */
    sort: z.enum(PARTICIPANT_SORTS).default('code'),
  })
  .strict();
export const searchItem = z.object({
  id: z.string(),
  code: z.string(),
  preferredName: z.string(),
  regionCode: z.string(),
  stage: z.string(),
  category: z.string(),
  /** The day she was registered (ISO date). */
  registeredOn: z.string(),
});
export const searchResponse = z.object({ items: z.array(searchItem), total: z.number().int() });

export const consentView = z.object({
  id: z.string(),
  purpose: z.string(),
  status: z.enum(['given', 'withdrawn']),
  active: z.boolean(),
  method: z.string(),
  explainedBy: z.string(),
  language: z.string(),
  givenAt: z.string(),
  expiresAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  recordedAt: z.string(),
  version: z.number().int(),
});
export const consentListResponse = z.object({ items: z.array(consentView) });
export const withdrawBody = z.object({ withdrawnAt: isoDate.optional() }).strict();

export const transitionBody = z
  .object({
    to: z.enum(STAGES),
    reason: multiLine(1000),
    /** Required when moving to TERMINASI. */
    closureReason: z.enum(CLOSURE_REASONS).optional(),
  })
  .strict();
export const transitionResponse = z.object({
  stage: z.enum(STAGES),
  /** True when a closure was requested and waits for the head of section's approval. */
  pendingApproval: z.boolean(),
  version: z.number().int(),
});
export const closureDecisionBody = z.object({ approve: z.boolean(), reason: multiLine(1000).optional() }).strict();
export const timelineResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      reason: z.string().nullable(),
      closureReason: z.string().nullable(),
      actor: z.string().nullable(),
      approvedBy: z.string().nullable(),
      at: z.string(),
    }),
  ),
});

export const noteCreateBody = z.object({ type: z.enum(NOTE_TYPES), body: multiLine(20_000) }).strict();
export const noteUpdateBody = z.object({ body: multiLine(20_000) }).strict();
export const noteView = z.object({
  id: z.string(),
  type: z.string(),
  body: z.string(),
  author: z.string().nullable(),
  authorId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  revisions: z.number().int(),
});
export const noteListResponse = z.object({ items: z.array(noteView) });
/** A note with its earlier versions; `version` is the note's own (the version a save is based on). */
export const noteHistoryResponse = z.object({
  version: z.number().int(),
  note: noteView,
  revisions: z.array(
    z.object({ version: z.number().int(), body: z.string(), editedBy: z.string().nullable(), editedAt: z.string() }),
  ),
});

export const attachmentView = z.object({
  id: z.string(),
  kind: z.enum(ATTACHMENT_KINDS),
  mime: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  createdAt: z.string(),
});
export const attachmentListResponse = z.object({ items: z.array(attachmentView) });
export const assignBody = z.object({ userId: z.uuid() }).strict();
/** Why a caseworker asks to work on a case (for the head of section; sealed under her data key). */
export const assignmentRequestBody = z.object({ reason: z.string().trim().min(5).max(500) }).strict();
export const assignmentRequestView = z.object({ id: z.string(), status: z.enum(['PENDING', 'APPROVED', 'DECLINED']) });
export const assignmentDecisionBody = z.object({ approve: z.boolean() }).strict();
const staffRef = z.object({ id: z.string(), username: z.string(), name: z.string().nullable() });
export const openAssignmentRequestsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      participantId: z.string(),
      code: z.string(),
      preferredName: z.string(),
      regionCode: z.string(),
      requestedBy: staffRef,
      reason: z.string().nullable(),
      requestedAt: z.string(),
      version: z.number().int(),
    }),
  ),
});
export const ASSIGNMENT_EVENT_KINDS = [
  'registered',
  'assigned',
  'request_approved',
  'unassigned',
  'reassigned',
  'transferred_out',
  'transferred_in',
] as const;
export const assignmentHistoryResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(ASSIGNMENT_EVENT_KINDS),
      at: z.string(),
      user: staffRef.extend({ role: z.string() }),
      by: z.string().nullable(),
    }),
  ),
});
export const transferBody = z.object({ toUserId: z.uuid(), reason: z.string().trim().min(5).max(500) }).strict();
export const transferView = z.object({
  id: z.string(),
  status: z.enum(['PENDING', 'ACCEPTED', 'DECLINED']),
  toRegion: z.string().optional(),
});
export const transferAnswerBody = z.object({ accept: z.boolean() }).strict();
export const incomingTransfersResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      participantId: z.string(),
      code: z.string(),
      preferredName: z.string(),
      fromRegion: z.string(),
      toRegion: z.string(),
      requestedBy: z.string(),
      reason: z.string().nullable(),
      requestedAt: z.string(),
    }),
  ),
});
/** A transfer of her case to another province: the kabupaten/kota it goes to, and why. */
export const provinceTransferBody = z
  .object({ toRegion: z.string().regex(/^\d{4}$/), reason: z.string().trim().min(5).max(500) })
  .strict();
/**
 * Open transfers between provinces a head of section answers for, on either side. Never her name or NIK: the
 * receiving province learns who she is only once both sides have accepted.
 */
export const provinceTransfersResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      side: z.enum(['from', 'to']),
      code: z.string(),
      category: z.string(),
      stage: z.string(),
      /** Her record's id on the sending side only (where she is in scope); null on the receiving side. */
      participantId: z.string().nullable(),
      fromRegion: z.string(),
      toRegion: z.string(),
      requestedBy: z.string(),
      reason: z.string().nullable(),
      requestedAt: z.string(),
      fromAccepted: z.boolean(),
      toAccepted: z.boolean(),
      version: z.number().int(),
    }),
  ),
});
export const caseloadReassignBody = z.object({ toUserId: z.uuid() }).strict();
export const caseloadReassignResponse = z.object({ moved: z.number().int() });
export const revealNikResponse = z.object({ nik: z.string().nullable() });

/** The decision on a registration held as a possible duplicate (by the head of section of the other record's region). */
export const duplicateDecisionBody = z
  .object({
    /** SAME_PERSON: the held record is closed as her duplicate; DIFFERENT: both stay; REFUSED: not in good faith. */
    decision: z.enum(['SAME_PERSON', 'DIFFERENT', 'REFUSED']),
    reason: multiLine(500),
  })
  .strict();
export const duplicateReviewView = z.object({
  id: z.string(),
  status: z.enum(['PENDING', 'SAME_PERSON', 'DIFFERENT', 'REFUSED']),
  /** Her record, in the decider's region. */
  existingParticipantId: z.string(),
  /** The held registration's code (its record is another region's). */
  heldCode: z.string(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
});

/** Her record after a change, with the warnings the change raised (e.g. the NIK's birth date differs). */
export const participantUpdateResponse = participantView.extend({
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
