// Data-subject requests (UU 27/2022 on personal data protection): her copy of everything held, or the erasure of
// her identity. Opened by whoever receives the request, approved by the head of section of her region (never the
// one who opened it), carried out once by the administrator. Shared by the server's routes and the web app.
import { z } from 'zod';
import { multiLine } from './text.ts';
import { withCode } from './messages.ts';
import { pageParams, sortsOf } from './paging.ts';

export const RIGHTS_REQUEST_KINDS = ['ACCESS', 'ERASURE'] as const;
export type RightsRequestKind = (typeof RIGHTS_REQUEST_KINDS)[number];
/** PENDING: waits for the head of section; APPROVED: for the administrator; COMPLETED: carried out; REFUSED. */
export const RIGHTS_REQUEST_STATUSES = ['PENDING', 'APPROVED', 'COMPLETED', 'REFUSED'] as const;
export type RightsRequestStatus = (typeof RIGHTS_REQUEST_STATUSES)[number];
/** Why her identity is to be erased: she asked, or she withdrew her consent to the processing of her data. */
export const ERASURE_GROUNDS = ['REQUEST', 'CONSENT_WITHDRAWN'] as const;
/** Her copy: a readable PDF, or the same data as JSON (to take elsewhere). */
export const EXPORT_FORMATS = ['pdf', 'json'] as const;

/** A participant's code as printed on her papers (BRD-6372-26-0001), with or without its BRD- prefix. */
const participantCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(BRD-)?\d{4}-\d{2}-\d{4}$/)
  .transform((c) => (c.startsWith('BRD-') ? c : `BRD-${c}`));

export const rightsRequestOpenBody = z
  .object({
    /** From her record (a caseworker or head of section who reads it). */
    participantId: z.uuid().optional(),
    /** From her papers (anyone who received the request, the administrator too). */
    participantCode: participantCode.optional(),
    kind: z.enum(RIGHTS_REQUEST_KINDS),
    /** For an erasure: why (default REQUEST). */
    ground: z.enum(ERASURE_GROUNDS).optional(),
  })
  .strict()
  .refine((b) => (b.participantId === undefined) !== (b.participantCode === undefined), {
    message: 'Name her by participantId or by participantCode (one of them)',
    ...withCode('exactly_one'),
  });

export const rightsRequestDecisionBody = z.object({ approve: z.boolean() }).strict();
export const rightsRequestExportBody = z.object({ format: z.enum(EXPORT_FORMATS).default('pdf') }).strict();
/** The requests list's order: when received, status, kind, her region — never her name. Newest first by default. */
export const RIGHTS_REQUEST_SORTS = sortsOf(['receivedAt', 'status', 'kind', 'region'] as const);
export type RightsRequestSort = (typeof RIGHTS_REQUEST_SORTS)[number];
export const rightsRequestListQuery = z
  .object({
    status: z.enum(RIGHTS_REQUEST_STATUSES).optional(),
    ...pageParams(RIGHTS_REQUEST_SORTS, '-receivedAt'),
  })
  .strict();

const staffRef = z.object({ id: z.string(), name: z.string() });
export const rightsRequestView = z.object({
  id: z.string(),
  kind: z.enum(RIGHTS_REQUEST_KINDS),
  /** For an erasure: its ground. */
  ground: z.enum(ERASURE_GROUNDS).nullable(),
  status: z.enum(RIGHTS_REQUEST_STATUSES),
  /** Her record's id and the name she goes by: only for someone who may read her record. */
  participantId: z.string().nullable(),
  name: z.string().nullable(),
  /** Her code, as on her papers (an administrator matches a request she received with it). */
  code: z.string(),
  regionCode: z.string(),
  receivedAt: z.string(),
  openedBy: staffRef,
  decidedBy: staffRef.nullable(),
  decidedAt: z.string().nullable(),
  carriedOutBy: staffRef.nullable(),
  completedAt: z.string().nullable(),
});
export type RightsRequestView = z.infer<typeof rightsRequestView>;
/** One page of the requests, and how many match in all. */
export const rightsRequestListResponse = z.object({ items: z.array(rightsRequestView), total: z.number().int() });
export type RightsRequestOpenInput = z.input<typeof rightsRequestOpenBody>;

/** Setting or lifting her legal hold (null lifts it). */
export const legalHoldBody = z.object({ reason: multiLine(500).nullable() }).strict();
export const legalHoldResponse = z.object({ legalHold: z.string().nullable() });
/** Her access report, in her language or the one asked for. */
export const accessReportQuery = z.object({ lang: z.enum(['id', 'en']).optional() }).strict();
export const accessReportResponse = z.object({
  language: z.enum(['id', 'en']),
  items: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actor: z.string().nullable(),
      actorName: z.string().nullable(),
      actorRole: z.string().nullable(),
      actorRegions: z.array(z.string()),
      action: z.string(),
      outcome: z.string(),
      resourceType: z.string().nullable(),
      requestId: z.string().nullable(),
      who: z.string(),
      what: z.string(),
    }),
  ),
});
