// Turning failures into words: a localized message per error code, and per-field messages from the
// server's details or from the shared zod schemas run before sending.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from './api.ts';
import { id as catalogue } from './i18n/id.ts';

export type FieldErrors = Partial<Record<string, string>>;

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

/**
 * Field messages from a server error: validation details ([{field: 'body.username', …}]) or a single
 * {field, problem} detail (password policy, taken username, wrong code). Fields are named as in the body.
 */
export function serverFieldErrors(err: unknown, t: TFunction, messages: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {};
  if (!(err instanceof ApiError)) return out;
  const d = err.details;
  if (err.code === 'validation_failed' && Array.isArray(d)) {
    for (const item of d) {
      const raw = typeof item?.field === 'string' ? item.field : '';
      const field = raw.replace(/^(body|querystring|params|headers)\./, '').split('.')[0] ?? '';
      if (field && !out[field]) out[field] = messages[field] ?? t('validation.invalid');
    }
  } else if (d && typeof d === 'object' && typeof (d as { field?: unknown }).field === 'string') {
    out[(d as { field: string }).field] = errorMessage(err, t);
  }
  return out;
}

/** Field messages from a zod safeParse failure; `messages` gives the wording per field. */
export function zodFieldErrors(error: z.ZodError, t: TFunction, messages: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field && !out[field]) out[field] = messages[field] ?? t('validation.invalid');
  }
  return out;
}

export const hasErrors = (e: FieldErrors) => Object.values(e).some(Boolean);

const DATE_PROBLEMS = [
  'future_date',
  'before_consent',
  'before_registration',
  'before_assessment',
  'before_plan',
  'before_graduation',
  'before_decree',
  'outside_cohort',
] as const;

/**
 * Field messages from a date_out_of_order answer ([{field: 'body.registeredOn', code: 'before_consent'}]): the rule
 * the date broke, beside the field the server names. `fieldOf` turns the server's path into the form's field.
 */
export function dateOrderErrors(
  err: unknown,
  t: TFunction,
  fieldOf: (path: string) => string = (path) => path.replace(/^body\./, '').split('.')[0] ?? '',
): FieldErrors {
  const out: FieldErrors = {};
  if (!(err instanceof ApiError) || err.code !== 'date_out_of_order' || !Array.isArray(err.details)) return out;
  for (const item of err.details as { field?: unknown; code?: unknown }[]) {
    if (typeof item?.field !== 'string') continue;
    const field = fieldOf(item.field);
    const problem = DATE_PROBLEMS.find((p) => p === item.code);
    if (field && !out[field]) out[field] = problem ? t(`dates.problems.${problem}`) : t('validation.invalid');
  }
  return out;
}
