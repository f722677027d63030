// The one catalogue of what the server can say to a person: every error code (errors.ts), every problem a field
// or a detail names (validation issues, date order, NIK, password), every warning given with a saved record, and
// every problem of an import row. Each travels as a stable code with parameters; the web words each one in both
// languages from its translation files (src/web/i18n/messages.*.ts) and never shows the server's English text.
// Types below are what the server's error details and warnings are checked against, so a new code cannot be
// sent without being listed here first (and tests/i18n-catalogue.test.ts then asks for its words).
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import type { NikProblem, NikWarning } from './nik.ts';

export { ERROR_CODES, type ErrorCode };

/**
 * Problems of one field, as zod names them (a shared schema refused the value) and as the server's own rules name
 * them (a rule that needs the database or another record). Params: too_small/too_big {minimum | maximum, origin:
 * 'string' | 'number' | 'array' | 'date' …}; invalid_format {format}; invalid_value {values}.
 */
export const VALIDATION_ISSUES = [
  // zod's own issue codes
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
  // the server's rules
  'required',
  'invalid',
  'unknown',
  'range',
  'empty',
  'duplicate',
  'future',
  'unchanged',
  'same_user',
  'not_assignable',
  'not_another_region',
  'not_another_province',
  'not_enrolled',
  'not_applicable',
  'nik_or_reason',
  'duplicate_purpose',
  'declined',
  'before_handover',
  // refinements of the shared schemas and the forms (named with withCode)
  'before_start',
  'control_characters',
  'not_zero',
  'note_without_mark',
  'exactly_one',
  'no_columns_mapped',
  'equipment_note_without_use',
] as const;
export type ValidationIssue = (typeof VALIDATION_ISSUES)[number];

/** A date that breaks the work's order (400 date_out_of_order); `before_*` carry {date}: the record's own day. */
export const DATE_PROBLEMS = [
  'future_date',
  'before_consent',
  'before_registration',
  'before_assessment',
  'before_plan',
  'before_graduation',
  'before_decree',
  'before_handover',
  'outside_cohort',
] as const;
export type DateProblem = (typeof DATE_PROBLEMS)[number];

/** What makes a NIK impossible (400 invalid_nik; the detail's code). */
export const NIK_PROBLEMS = [
  'length',
  'digits',
  'day',
  'month',
  'date',
  'serial',
] as const satisfies readonly NikProblem[];

/** Why a password is refused (400 password_policy; the detail's `problem`). */
export const PASSWORD_PROBLEMS = ['too_short', 'too_long', 'common', 'contains_username', 'same'] as const;
export type PasswordProblemCode = (typeof PASSWORD_PROBLEMS)[number];

/** Warnings given with a saved record: it is saved, but something may be wrong and is worth a second look. */
export const WARNING_CODES = ['unknown_province', 'birth_date_mismatch', 'sex_mismatch', 'birth_date_future'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];
/** The NIK's warnings (shared/nik.ts) are all in the list: this fails to compile when one is added there only. */
export const NIK_WARNINGS_LISTED: NikWarning extends WarningCode ? true : never = true;

/**
 * What is wrong with one row of an import (beside the validation issues and NIK and date problems a row's field
 * may also carry): {row} names the earlier row with the same NIK.
 */
export const IMPORT_ROW_PROBLEMS = ['consent_required', 'same_nik_as_row', 'region_not_allowed'] as const;
export type ImportRowProblem = (typeof IMPORT_ROW_PROBLEMS)[number];

/** Why a row of an import is skipped: she is registered already (never registered twice). */
export const IMPORT_SKIP_REASONS = ['already_registered_nik', 'already_registered_name_dob'] as const;
export type ImportSkipReason = (typeof IMPORT_SKIP_REASONS)[number];

/**
 * Every code a field issue, a conflict's reason or a refusal in an error's details may carry: an item of
 * `enrolment_refused`'s list carries the error code that refused her, a field the problem it has.
 */
export type DetailCode =
  | ErrorCode
  | ValidationIssue
  | DateProblem
  | NikProblem
  | PasswordProblemCode
  | WarningCode
  | ImportRowProblem;

export const DETAIL_CODES: readonly DetailCode[] = [
  ...new Set<DetailCode>([
    ...ERROR_CODES,
    ...VALIDATION_ISSUES,
    ...DATE_PROBLEMS,
    ...NIK_PROBLEMS,
    ...PASSWORD_PROBLEMS,
    ...WARNING_CODES,
    ...IMPORT_ROW_PROBLEMS,
  ]),
];
export const isDetailCode = (c: unknown): c is DetailCode =>
  typeof c === 'string' && (DETAIL_CODES as readonly string[]).includes(c);

/** Parameters a message is worded with: numbers, days, names of formats; never a person's data. */
export type MessageParams = Record<string, string | number | boolean | readonly (string | number)[]>;

/**
 * The options of a refinement that names its catalogue code, so that the server's validation details and the
 * web's forms word it from the catalogue (issueFromZod reads `params.code`), never by its English `message`:
 * `.refine(ok, { message: 'Ends before it starts', path: ['endsOn'], ...withCode('before_start') })`, or in a
 * superRefine `ctx.addIssue({ code: 'custom', path, message, ...withCode('equipment_note_without_use') })`.
 */
export const withCode = (code: DetailCode, params: Record<string, string | number | boolean> = {}) => ({
  params: { ...params, code },
});

/**
 * One problem of one field, as the server sends it in an error's details: the field's path as the request named
 * it (`body.identity.nik`), the problem's code, its parameters, and an English sentence for logs and API users
 * (the web never shows it).
 */
export interface FieldIssue {
  field: string;
  code: DetailCode;
  params?: MessageParams;
  message?: string;
}

/** A warning given with a saved record. */
export interface SaveWarningBody {
  code: WarningCode;
  params?: MessageParams;
  message: string;
}

/** One problem of an import row: the row (the header is row 1), the file's column, the problem and its params. */
export interface ImportRowIssue {
  row: number;
  column: string;
  code: DetailCode;
  params?: MessageParams;
  message: string;
}

/** The parts of a zod issue a message needs (zod 4's issue, read loosely so any version's shape is accepted). */
interface ZodIssueLike {
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  inclusive?: unknown;
  format?: unknown;
  expected?: unknown;
  values?: unknown;
  divisor?: unknown;
  keys?: unknown;
  params?: unknown;
  message?: unknown;
}

const num = (v: unknown): number | string | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'bigint'
      ? String(v)
      : v instanceof Date
        ? v.toISOString().slice(0, 10)
        : undefined;

/**
 * A zod issue as a catalogue code with its params: sizes {minimum | maximum, origin, inclusive}, formats {format},
 * types {expected}, choices {values}. A refinement may name its own catalogue code in `params.code` (with its own
 * params beside it); any other refinement is `custom`, worded as "not valid".
 */
export function issueFromZod(issue: ZodIssueLike): { code: DetailCode; params: MessageParams } {
  const params: MessageParams = {};
  const min = num(issue.minimum);
  const max = num(issue.maximum);
  if (min !== undefined) params.minimum = min;
  if (max !== undefined) params.maximum = max;
  if (typeof issue.origin === 'string') params.origin = issue.origin;
  if (typeof issue.inclusive === 'boolean') params.inclusive = issue.inclusive;
  if (typeof issue.format === 'string') params.format = issue.format;
  if (typeof issue.expected === 'string') params.expected = issue.expected;
  if (typeof issue.divisor === 'number') params.divisor = issue.divisor;
  if (Array.isArray(issue.values))
    params.values = issue.values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  if (Array.isArray(issue.keys)) params.keys = issue.keys.filter((k): k is string => typeof k === 'string');
  if (issue.code === 'custom' && issue.params && typeof issue.params === 'object') {
    const own = issue.params as Record<string, unknown>;
    if (isDetailCode(own.code)) {
      for (const [k, v] of Object.entries(own))
        if (k !== 'code' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) params[k] = v;
      return { code: own.code, params };
    }
  }
  // An empty required string reads better as "required" than as "at least 1 character".
  if (issue.code === 'too_small' && params.origin === 'string' && params.minimum === 1)
    return { code: 'required', params: {} };
  // zod keeps no input in its issues; a missing value says so in its own (English) text.
  if (
    issue.code === 'invalid_type' &&
    typeof issue.message === 'string' &&
    issue.message.endsWith('received undefined')
  )
    return { code: 'required', params: {} };
  const code = isDetailCode(issue.code) ? issue.code : 'invalid';
  return { code, params };
}
