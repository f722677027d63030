// Request and response schemas shared by the server (validation, OpenAPI) and the web app (forms, types).
// One schema per endpoint; a comment per field where the name does not say it all.
import { z } from 'zod';
import { ROLES } from './roles.ts';
import { isScopeRegionCode, NATION_CODE } from './regions.ts';
import { singleLine } from './text.ts';
import { withCode } from './messages.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Usernames: lower-case letters, digits, dot, dash, underscore; 3–64 characters. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, 'Use 3–64 lower-case letters, digits, dot, dash or underscore');

/** Passwords are taken as typed (no trimming); the common-password check runs on the server. */
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

export const roleSchema = z.enum(ROLES);
/** A staff e-mail address for notifications (lower-cased; the office's own or a work address). */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('Enter a valid e-mail address'));
export const regionCodeSchema = z.string().refine((c) => isScopeRegionCode(c) || c === NATION_CODE, {
  message: 'Unknown region code (use a province code such as 63, a kabupaten/kota code such as 6371, or ID)',
  ...withCode('unknown'),
});
/** A user's region scope: her province (63), one or more of its kabupaten/kota codes, or the nation (ID). */
export const regionsSchema = z.array(regionCodeSchema).min(1).max(20);

export const totpCodeSchema = z.string().regex(/^\d{6}$/, 'Six digits');

export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
});

// ---- auth ----
export const loginBody = z
  .object({
    username: z.string().trim().toLowerCase().min(1).max(64),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
    /** Six-digit code from the authenticator app; required for roles with two-factor sign-in. */
    totp: z.string().max(12).optional(),
  })
  .strict();

export const sessionUser = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  regions: z.array(z.string()),
  /** Set while the user must change the password before doing anything else. */
  mustChangePassword: z.boolean(),
  /** Set while the user's role needs two-factor sign-in and no authenticator is enrolled yet. */
  mustEnrolMfa: z.boolean(),
  mfaEnabled: z.boolean(),
  /** Actions this user may take at all (from the server's policy); the web app shows what these allow. */
  can: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const loginResponse = z.object({ user: sessionUser });
export const meResponse = z.object({ user: sessionUser });

export const passwordChangeBody = z
  .object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: passwordSchema })
  .strict();

export const mfaEnrolStartResponse = z.object({
  /** Base32 secret, for typing into an authenticator app by hand. */
  secret: z.string(),
  /** otpauth:// URI encoded in the QR code. */
  otpauthUri: z.string(),
  /** QR code as a PNG data URL. */
  qrDataUrl: z.string(),
});
export const mfaEnrolConfirmBody = z.object({ totp: totpCodeSchema }).strict();

// ---- first-admin setup ----
export const setupStatusResponse = z.object({ setupNeeded: z.boolean() });
export const setupMfaBody = z.object({ token: z.string().min(10).max(200) }).strict();
export const setupBody = z
  .object({
    /** The one-time token from the setup link printed by the server. */
    token: z.string().min(10).max(200),
    username: usernameSchema,
    name: singleLine(120).optional(),
    password: passwordSchema,
    /** The secret shown by POST /api/setup/mfa, echoed back with a code that proves it was enrolled. */
    totpSecret: z.string().regex(/^[A-Z2-7]{16,128}$/),
    totp: totpCodeSchema,
  })
  .strict();

// ---- users ----
/** A staff account as another screen names her. */
export const staffRef = z.object({ id: z.string(), username: z.string(), name: z.string().nullable() });

/**
 * Why an account waits for a second person: made, given more (a role or a region), made active again, or its
 * password or second factor reset by an administrator.
 */
export const ACCOUNT_REQUEST_KINDS = ['CREATE', 'RAISE', 'REACTIVATE', 'RESET'] as const;
/** Accounts made without a second person: the first head of section of a province, or on the server console. */
export const ACCOUNT_DIRECT_KINDS = ['FIRST_APPROVER', 'CONSOLE'] as const;

/**
 * What of an account waits for a second person: the role and regions it would get (a raised account keeps its
 * own meanwhile), who asked, and who may approve (active heads of section and Kepala Bidang whose regions hold
 * all of its, never whoever asked or the account herself). `version` is the If-Match of a decision.
 */
export const accountApproval = z.object({
  requestId: z.string(),
  kind: z.enum(ACCOUNT_REQUEST_KINDS),
  role: roleSchema,
  regions: z.array(z.string()),
  previousRole: roleSchema.nullable(),
  requestedBy: staffRef.nullable(),
  requestedAt: z.string(),
  version: z.number().int(),
  approvers: z.array(staffRef.extend({ role: roleSchema })),
});
/** How its last request ended, or that it was made without a second person. */
export const accountDecision = z.object({
  requestId: z.string(),
  kind: z.enum([...ACCOUNT_REQUEST_KINDS, ...ACCOUNT_DIRECT_KINDS]),
  status: z.enum(['APPROVED', 'REFUSED', 'WITHDRAWN', 'DIRECT']),
  role: roleSchema,
  by: staffRef.nullable(),
  at: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AccountApproval = z.infer<typeof accountApproval>;
export type AccountDecisionView = z.infer<typeof accountDecision>;

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  /** For notifications (alerts) when the office has configured e-mail. */
  email: z.string().nullable(),
  role: roleSchema,
  regions: z.array(z.string()),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** What waits for a second person (null: nothing). */
  approval: accountApproval.nullable(),
  /** How the last request ended, or that it was made without a second person (null: never asked). */
  lastDecision: accountDecision.nullable(),
});
export type UserView = z.infer<typeof userView>;

/** A request waiting for an approver, as her work queue shows it: the account, what it would get, who asked. */
export const accountRequestView = z.object({
  id: z.string(),
  version: z.number().int(),
  kind: z.enum(ACCOUNT_REQUEST_KINDS),
  status: z.enum(['PENDING', 'APPROVED', 'REFUSED', 'WITHDRAWN']),
  role: roleSchema,
  regions: z.array(z.string()),
  previousRole: roleSchema.nullable(),
  /** What the account holds now (a raise keeps it until approved). */
  currentRegions: z.array(z.string()),
  account: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  requestedBy: staffRef.nullable(),
  requestedAt: z.string(),
  decidedBy: staffRef.nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AccountRequestView = z.infer<typeof accountRequestView>;
export const accountRequestListResponse = z.object({ items: z.array(accountRequestView) });
/** Approve, or refuse with a reason (400 reason_required without one). */
export const accountDecisionBody = z.object({ approve: z.boolean(), reason: singleLine(500).optional() }).strict();

/** An account made without a second person, on start pages until each administrator and head of section saw it. */
export const accountNotice = z.object({
  id: z.string(),
  kind: z.enum(ACCOUNT_DIRECT_KINDS),
  at: z.string(),
  account: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string().nullable(),
    role: roleSchema,
    regions: z.array(z.string()),
    active: z.boolean(),
  }),
  /** The administrator who made it (null: the server console). */
  by: staffRef.nullable(),
});
export type AccountNotice = z.infer<typeof accountNotice>;
export const accountNoticeListResponse = z.object({ items: z.array(accountNotice) });

export const userCreateBody = z
  .object({
    username: usernameSchema,
    role: roleSchema,
    regions: regionsSchema,
    /** Initial password; the user must change it at first sign-in. */
    password: passwordSchema,
    name: singleLine(120).optional(),
    email: emailSchema.optional(),
  })
  .strict();

export const userUpdateBody = z
  .object({
    name: singleLine(120).nullable().optional(),
    email: emailSchema.nullable().optional(),
    role: roleSchema.optional(),
    regions: regionsSchema.optional(),
    /** false deactivates the account (sessions end at once); users are never deleted. */
    active: z.boolean().optional(),
    /** true removes the enrolled authenticator; the user enrols again at next sign-in. */
    resetMfa: z.literal(true).optional(),
    /** A new initial password; the user must change it at next sign-in. */
    resetPassword: passwordSchema.optional(),
  })
  .strict();

/** The orders of the staff list: a column, descending with a leading minus. */
export const USER_SORTS = [
  'username',
  '-username',
  'name',
  '-name',
  'role',
  '-role',
  'createdAt',
  '-createdAt',
] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const userListQuery = z
  .object({
    role: roleSchema.optional(),
    active: z.enum(['true', 'false']).optional(),
    sort: z.enum(USER_SORTS).default('username'),
    // Numbers in the query string: typed as numbers for callers, read from text.
    page: z.coerce.number<number | string>().int().min(1).max(1000).default(1),
    pageSize: z.coerce.number<number | string>().int().min(1).max(200).default(50),
  })
  .strict();
/** One page of the accounts, and how many match the filters in all. */
export const userListResponse = z.object({ items: z.array(userView), total: z.number().int() });
export const staffQuery = z.object({ role: roleSchema.optional() }).strict();
export const staffListResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      name: z.string().nullable(),
      role: roleSchema,
      regions: z.array(z.string()),
    }),
  ),
});

// ---- audit ----
export const auditQuery = z
  .object({
    actor: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    resourceType: z.string().max(64).optional(),
    resourceId: z.string().max(64).optional(),
    /** ISO date or date-time (inclusive). */
    from: z.iso.date().or(z.iso.datetime()).optional(),
    /** ISO date or date-time (inclusive: a date means the whole day, WITA). */
    to: z.iso.date().or(z.iso.datetime()).optional(),
    /** Return entries with a sequence number below this (for paging back). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actor: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditListResponse = z.object({ items: z.array(auditEntry), nextBefore: z.number().int().nullable() });

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});

/** The audit log's CSV: the days it covers. */
export const auditExportQuery = z.object({ from: z.iso.date(), to: z.iso.date() }).strict();
/** Signing out every account in the caller's regions: how many sessions ended. */
export const revokeAllResponse = z.object({ revoked: z.number().int() });
