// The server's field errors on the form's fields, through form.setError: validation_failed details
// ([{field: 'body.x.y', code, params}], worded from the catalogue as the form's own check words the same issue:
// errors.ts detailMessage), date_out_of_order details (the rule the date broke: errors.ts dateOrderErrors) and a
// single {field, problem} detail (taken username, password policy, wrong code: errors.ts serverFieldErrors).
import i18next, { type TFunction } from 'i18next';
import type { FieldPath, FieldValues, UseFormReturn } from 'react-hook-form';
import { ApiError } from '../api.ts';
import { dateOrderErrors, detailMessage, serverFieldErrors } from '../errors.ts';
import type { FormKit } from './form.tsx';

/** Turns the server's field path ('body.identity.birthDate') into the form's field name. */
export type FieldOf = (path: string) => string;

/** The default: the path without its part of the request ('body.', 'querystring.' …), dotted as the form's. */
export const bodyField: FieldOf = (path) => path.replace(/^(body|querystring|params|headers)\./, '');

type AnyForm = Pick<UseFormReturn<FieldValues, unknown, unknown>, 'setError' | 'control'> & { kit?: FormKit };

/**
 * Sets the server's field errors on `form` and, for a kit form, moves focus to the first invalid field once
 * they are shown. A path the form has no field for is tried by its first part ('items.0.name' → 'items'), then
 * left to the alert. Returns the fields that got a message.
 */
export function applyServerErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T, unknown, unknown>, 'setError' | 'control'> & { kit?: FormKit },
  err: unknown,
  fieldOf: FieldOf = bodyField,
  t: TFunction = i18next.t,
): string[] {
  const f = form as unknown as AnyForm;
  const found = serverMessages(err, t, fieldOf, f.kit?.messages() ?? {});
  const mounted = f.control._names.mount;
  const placed: string[] = [];
  for (const [path, message] of found) {
    const name = mounted.has(path) ? path : (path.split('.')[0] ?? '');
    if (!name || !mounted.has(name) || placed.includes(name)) continue;
    f.setError(name as FieldPath<FieldValues>, { type: 'server', message });
    placed.push(name);
  }
  if (placed.length) f.kit?.focusFirstInvalid();
  return placed;
}

/** The server's field messages of a failure, by the form's field path, in the server's order. */
export function serverMessages(
  err: unknown,
  t: TFunction,
  fieldOf: FieldOf = bodyField,
  messages: Partial<Record<string, string>> = {},
): [string, string][] {
  if (!(err instanceof ApiError)) return [];
  if (err.code === 'validation_failed' && Array.isArray(err.details)) {
    const out: [string, string][] = [];
    for (const item of err.details as unknown[]) {
      if (!item || typeof item !== 'object') continue;
      const { field, code, params } = item as { field?: unknown; code?: unknown; params?: unknown };
      if (typeof field !== 'string') continue;
      const path = fieldOf(field);
      if (!path || out.some(([p]) => p === path)) continue;
      out.push([path, messages[path] ?? detailMessage(code, params, t)]);
    }
    return out;
  }
  if (err.code === 'date_out_of_order') return entries(dateOrderErrors(err, t, fieldOf));
  return entries(serverFieldErrors(err, t, messages as Record<string, string>)).map(([path, message]) => [
    fieldOf(path),
    message,
  ]);
}

const entries = (e: Partial<Record<string, string>>): [string, string][] =>
  Object.entries(e).filter((kv): kv is [string, string] => typeof kv[1] === 'string');
