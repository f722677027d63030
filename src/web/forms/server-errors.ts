// The server's field errors on the form's fields, through form.setError: every detail that names a field and a
// catalogue code — validation_failed's ([{field: 'body.x.y', code, params}]), date_out_of_order's (the rule the
// date broke), and those of any other refusal that points at fields (invalid_nik with the NIK's problem,
// partner_unavailable with `unknown` …) — worded from the catalogue as the form's own check words the same issue
// (errors.ts detailMessage), and a single {field, problem} detail (taken username, password policy, wrong code).
import i18next, { type TFunction } from 'i18next';
import type { FieldPath, FieldValues, UseFormReturn } from 'react-hook-form';
import { ApiError } from '../data/client.ts';
import { ERROR_CODES, isDetailCode, VALIDATION_ISSUES } from '../../shared/messages.ts';
import { errorMessage } from '../errors.ts';
import type { FormKit } from './kit.ts';
import { codeWording, type FieldMessages, type Wording } from './messages.ts';

/** Turns the server's field path ('body.identity.birthDate') into the form's field name. */
export type FieldOf = (path: string) => string;

/** The default: the path without its part of the request ('body.', 'querystring.' …), dotted as the form's. */
export const bodyField: FieldOf = (path) => path.replace(/^(body|querystring|params|headers)\./, '');

type AnyForm = Pick<UseFormReturn<FieldValues, unknown, unknown>, 'setError' | 'control'> & { kit?: FormKit };

/**
 * Sets the server's field errors on `form` and, for a kit form, moves focus to the first invalid field once
 * they are shown (and keeps their wording, so they follow a language switch). A path the form has no field for
 * is tried by its first part ('items.0.name' → 'items'), then left to the alert. Returns the fields that got a
 * message.
 */
export function applyServerErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T, unknown, unknown>, 'setError' | 'control'> & { kit?: FormKit },
  err: unknown,
  fieldOf: FieldOf = bodyField,
  t: TFunction = i18next.t,
): string[] {
  const f = form as unknown as AnyForm;
  const mounted = f.control._names.mount;
  const placed: string[] = [];
  for (const [path, wording] of serverWordings(err, fieldOf)) {
    const name = mounted.has(path) ? path : (path.split('.')[0] ?? '');
    if (!name || !mounted.has(name) || placed.includes(name)) continue;
    const message = f.kit ? f.kit.show(name, wording) : wording(t, {});
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
  messages: FieldMessages = {},
): [string, string][] {
  return serverWordings(err, fieldOf).map(([path, wording]) => [path, wording(t, messages)]);
}

const has = (list: readonly string[], code: string) => list.includes(code);

/**
 * The wording of each field a failure points at, by the form's field path, in the server's order. Beside a
 * refusal of its own (partner_unavailable, equipment_use_required, delegation_invalid …) a detail is worded by
 * the refusal's code, which says more than a field issue such as `unknown` or `required`, unless the detail names
 * a problem of its own kind (the NIK's month, a date before her consent).
 */
export function serverWordings(err: unknown, fieldOf: FieldOf = bodyField): [string, Wording][] {
  if (!(err instanceof ApiError)) return [];
  const out: [string, Wording][] = [];
  const add = (path: string, wording: Wording) => {
    if (path && !out.some(([p]) => p === path)) out.push([path, wording]);
  };
  const d = err.details;
  if (Array.isArray(d)) {
    const ownCode = err.code !== 'validation_failed' && err.code !== 'date_out_of_order';
    for (const item of d as unknown[]) {
      if (!item || typeof item !== 'object') continue;
      const { field, code, params } = item as { field?: unknown; code?: unknown; params?: unknown };
      if (typeof field !== 'string') continue;
      const path = fieldOf(field);
      if (ownCode && (!isDetailCode(code) || has(VALIDATION_ISSUES, code) || has(ERROR_CODES, code))) {
        add(path, codeWording(path, err.code, undefined));
      } else add(path, codeWording(path, code, params));
    }
    return out;
  }
  // A single {field, problem} detail: the refusal's own words (a taken username, the password's problem).
  if (d && typeof d === 'object' && typeof (d as { field?: unknown }).field === 'string') {
    add(fieldOf((d as { field: string }).field), (t) => errorMessage(err, t));
  }
  return out;
}
