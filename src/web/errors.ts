// Turning failures into words: a localized message per error code, per-field messages from the server's details
// or from the shared zod schemas run before sending, and the words of warnings and import rows. Every code comes
// from the one catalogue (src/shared/messages.ts) and is worded from the translation files with its params; the
// server's English `message` is never shown.
import type { TFunction } from 'i18next';
import { ApiError } from './data/client.ts';
import { id as catalogue } from './i18n/id.ts';
import {
  DATE_PROBLEMS,
  ERROR_CODES,
  IMPORT_ROW_PROBLEMS,
  IMPORT_SKIP_REASONS,
  NIK_PROBLEMS,
  PASSWORD_PROBLEMS,
  VALIDATION_ISSUES,
  WARNING_CODES,
  type MessageParams,
} from '../shared/messages.ts';

type KnownCode = keyof typeof catalogue.errors;
const isKnownCode = (c: string): c is KnownCode => Object.hasOwn(catalogue.errors, c);
type PasswordProblem = keyof typeof catalogue.passwordProblems;
const isPasswordProblem = (p: unknown): p is PasswordProblem =>
  typeof p === 'string' && Object.hasOwn(catalogue.passwordProblems, p);

function retryAfter(details: unknown): number {
  const s = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? s : 60;
}

/** The server's stable error code of a failure (e.g. 'cohort_full'), if it is an API error. */
export const errorCodeOf = (err: unknown): string | undefined => (err instanceof ApiError ? err.code : undefined);

/** A message for any failure, in the current language. */
export function errorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === 'too_many_attempts') return t('errors.too_many_attempts', { seconds: retryAfter(err.details) });
    if (
      err.code === 'password_policy' &&
      isPasswordProblem((err.details as { problem?: unknown } | undefined)?.problem)
    ) {
      return t(`passwordProblems.${(err.details as { problem: PasswordProblem }).problem}`);
    }
    if (isKnownCode(err.code)) return t(`errors.${err.code}`);
    return err.status >= 500 ? t('errors.internal_error') : t('errors.bad_request');
  }
  return t('errors.unexpected_response');
}

const has = (list: readonly string[], code: unknown): code is string => typeof code === 'string' && list.includes(code);

/** Params as i18next takes them: lists joined, and nothing that is not a plain value. */
function paramsOf(params: unknown): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!params || typeof params !== 'object') return out;
  for (const [k, v] of Object.entries(params as MessageParams)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.join(', ');
  }
  return out;
}

const SIZED = ['string', 'number', 'array', 'date'] as const;
const FORMATS = ['email', 'url', 'date', 'datetime', 'time', 'uuid', 'regex'] as const;

/**
 * The words of any code an error's details, a warning or an import row may carry (src/shared/messages.ts), with
 * its params: date order, NIK, password, warning, import row, field issue (sizes by what is measured, formats by
 * name), then error codes; an unknown code reads "this entry is not valid".
 */
export function detailMessage(code: unknown, params: unknown, t: TFunction): string {
  const p = paramsOf(params);
  if (has(DATE_PROBLEMS, code)) return t(`dates.problems.${code as (typeof DATE_PROBLEMS)[number]}`, p);
  if (has(NIK_PROBLEMS, code)) return t(`codes.nikProblems.${code as (typeof NIK_PROBLEMS)[number]}`, p);
  if (has(PASSWORD_PROBLEMS, code)) return t(`passwordProblems.${code as (typeof PASSWORD_PROBLEMS)[number]}`, p);
  if (has(WARNING_CODES, code)) return t(`codes.warnings.${code as (typeof WARNING_CODES)[number]}`, p);
  if (has(IMPORT_ROW_PROBLEMS, code))
    return t(`messages.importRows.${code as (typeof IMPORT_ROW_PROBLEMS)[number]}`, p);
  if (has(VALIDATION_ISSUES, code)) {
    const origin = SIZED.find((o) => o === p.origin);
    if (code === 'too_small' && origin) return t(`messages.tooSmall.${origin}`, p);
    if (code === 'too_big' && origin) return t(`messages.tooBig.${origin}`, p);
    const format = FORMATS.find((f) => f === p.format);
    if (code === 'invalid_format' && format) return t(`messages.formats.${format}`, p);
    return t(`messages.issues.${code as (typeof VALIDATION_ISSUES)[number]}`, p);
  }
  if (has(ERROR_CODES, code) && isKnownCode(code)) return t(`errors.${code}`, p);
  return t('validation.invalid');
}

/** A warning given with a saved record ({code, params?}), in the current language. */
export const warningMessage = (w: { code: string; params?: unknown }, t: TFunction): string =>
  detailMessage(w.code, w.params, t);

/**
 * Why one item of a refusal or conflict was refused (e.g. an entry of `enrolment_refused`'s list: {code, params?}),
 * in the current language.
 */
export const conflictReason = (r: { code?: unknown; params?: unknown }, t: TFunction): string =>
  detailMessage(r.code, r.params, t);

/** One problem of an import row ({code, params?}), in the current language. */
export const importRowMessage = (e: { code?: unknown; params?: unknown }, t: TFunction): string =>
  detailMessage(e.code, e.params, t);

/** Why an import row was skipped (she is registered already), in the current language. */
export const importSkipMessage = (s: { code?: unknown }, t: TFunction): string =>
  has(IMPORT_SKIP_REASONS, s.code)
    ? t(`messages.importSkipped.${s.code as (typeof IMPORT_SKIP_REASONS)[number]}`)
    : t('messages.importSkipped.already_registered_nik');
