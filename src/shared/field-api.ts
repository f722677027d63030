// Field mode (decision 040): a phone a caseworker or facilitator registers as her own holds an encrypted cache of
// her next days' work (the snapshot) and an outbox of what she records without a signal. What crosses the wire
// here is the minimum the field screens show: a participant's code and the name she goes by, never a NIK, an
// address or a note's text.
import { z } from 'zod';
import { ATTENDANCE_STATUSES } from './codes.ts';
import { singleLine } from './text.ts';

export const FIELD_DEVICE_STATUSES = ['ACTIVE', 'REVOKED', 'ERASED'] as const;
export type FieldDeviceStatus = (typeof FIELD_DEVICE_STATUSES)[number];

/** Why a device's cache was erased (reported by the device, or ordered by the server). */
export const FIELD_ERASE_REASONS = [
  'sign_out',
  'pin_failures',
  'expired',
  'revoked',
  'account_inactive',
  'turned_off',
] as const;
export type FieldEraseReason = (typeof FIELD_ERASE_REASONS)[number];

/** What can be recorded offline; also the kind of an outbox conflict a device reports. */
export const FIELD_WRITE_KINDS = ['attendance', 'visit', 'note', 'outreach'] as const;
export type FieldWriteKind = (typeof FIELD_WRITE_KINDS)[number];

export { DEVICE_TIME_HEADER, FIELD_DEVICE_HEADER, FIELD_TOKEN_HEADER } from './field-headers.ts';

/** Counts of what a device's cache holds: shown on her account page; never who. */
export const fieldHeld = z.object({
  participants: z.number().int(),
  sessions: z.number().int(),
  followUps: z.number().int(),
});
export type FieldHeld = z.infer<typeof fieldHeld>;

export const fieldDeviceView = z.object({
  id: z.string(),
  accountId: z.string(),
  /** The account's name (for a head of section's list). */
  accountName: z.string(),
  label: z.string(),
  status: z.enum(FIELD_DEVICE_STATUSES),
  createdAt: z.string(),
  lastContactAt: z.string().nullable(),
  filledAt: z.string().nullable(),
  held: fieldHeld.nullable(),
  revokedAt: z.string().nullable(),
  erasedAt: z.string().nullable(),
  eraseReason: z.enum(FIELD_ERASE_REASONS).nullable(),
  /** Open conflicts the device last reported. */
  openConflicts: z.number().int(),
  version: z.number().int(),
});
export type FieldDeviceView = z.infer<typeof fieldDeviceView>;

export const fieldDeviceRegisterBody = z.object({ label: singleLine(60) }).strict();
/** The token and the server's key are given once here; the key again at each sign-in (POST …/key). */
export const fieldDeviceRegisterResponse = z.object({
  device: fieldDeviceView,
  /** The device's token (base64url, 32 bytes): kept on the device, sent as x-field-token. */
  token: z.string(),
  /** The server's wrapping key (base64, 32 bytes): held only in memory on the device. */
  serverKey: z.string(),
  /** How many days a cache may go without reaching the server before it erases itself. */
  offlineDays: z.number().int(),
});
export const fieldDeviceKeyResponse = z.object({ serverKey: z.string(), offlineDays: z.number().int() });
export const fieldDeviceListQuery = z.object({ accountId: z.uuid().optional() }).strict();
export const fieldDeviceListResponse = z.object({ items: z.array(fieldDeviceView) });
export const fieldDeviceRevokeBody = z.object({}).strict();

export const fieldConflictReport = z
  .object({
    /** The outbox item's id (also its Idempotency-Key). */
    id: z.uuid(),
    kind: z.enum(FIELD_WRITE_KINDS),
    /** When the item became a conflict, by the device's clock. */
    openedAt: z.iso.datetime(),
  })
  .strict();
/** A device's contact (no session needed; x-field-token): how it stands, and whether it must erase. */
export const fieldContactBody = z
  .object({
    deviceTime: z.iso.datetime(),
    waiting: z.number().int().min(0).max(100_000),
    /**
     * The outbox's open conflicts. Absent when the cache is locked (their kinds are sealed until the PIN or the
     * server's key opens it): the device's last report then stands.
     */
    conflicts: z.array(fieldConflictReport).max(1000).optional(),
  })
  .strict();
export const fieldContactResponse = z.object({
  action: z.enum(['keep', 'erase']),
  reason: z.enum(['revoked', 'account_inactive']).nullable(),
  offlineDays: z.number().int(),
  serverTime: z.string(),
});
export const fieldErasedBody = z.object({ reason: z.enum(FIELD_ERASE_REASONS), deviceTime: z.iso.datetime() }).strict();

// ---------------------------------------------------------------- the snapshot
/**
 * The open tasks a participant's entry names (fieldTask.kind): a follow-up visit due (with its day), an
 * assessment not yet made, a case plan not yet written after it.
 */
export const FIELD_TASK_KINDS = ['follow_up', 'assessment', 'plan'] as const;
export type FieldTaskKind = (typeof FIELD_TASK_KINDS)[number];
export const fieldTask = z.object({
  /** A short code (a queue kind or a stage task); worded by the web app. */
  kind: z.string(),
  due: z.string().nullable(),
});
export const fieldParticipant = z.object({
  id: z.string(),
  code: z.string(),
  preferredName: z.string(),
  stage: z.string(),
  tasks: z.array(fieldTask),
});
export const fieldSessionPerson = z.object({
  participantId: z.string(),
  code: z.string(),
  preferredName: z.string(),
  status: z.enum(ATTENDANCE_STATUSES).nullable(),
});
export const fieldSession = z.object({
  id: z.string(),
  cohortId: z.string(),
  cohortName: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  type: z.string(),
  title: z.string().nullable(),
  place: z.string().nullable(),
  /** The register's version: a register taken on the device is sent with it as If-Match. */
  attendanceVersion: z.number().int(),
  locked: z.boolean(),
  people: z.array(fieldSessionPerson),
});
export const fieldFollowUp = z.object({
  id: z.string(),
  participantId: z.string(),
  code: z.string(),
  preferredName: z.string(),
  dueDate: z.string(),
  status: z.string(),
  /** The follow-up's version: a visit recorded on the device is sent with it as If-Match. */
  version: z.number().int(),
  /** Whether the visit form must ask what became of her equipment (her first visit after a handover). */
  equipment: z.enum(['required', 'optional', 'none']),
});
export const fieldSnapshot = z.object({
  generatedAt: z.string(),
  offlineDays: z.number().int(),
  participants: z.array(fieldParticipant),
  sessions: z.array(fieldSession),
  followUps: z.array(fieldFollowUp),
  /** Regions she may record an outreach contact in. */
  outreachRegions: z.array(z.string()),
});
export type FieldSnapshot = z.infer<typeof fieldSnapshot>;
export type FieldSession = z.infer<typeof fieldSession>;
export type FieldFollowUp = z.infer<typeof fieldFollowUp>;
export type FieldParticipant = z.infer<typeof fieldParticipant>;
