// A field's message, in the current language, never zod's English: a zod issue becomes a code of the one message
// catalogue with its params (src/shared/messages.ts issueFromZod: too_small with minimum 12 and origin string …;
// a refinement that names its own code in `params.code` is that code) and is worded as errors.ts words the
// server's details (detailMessage), so a problem reads the same whether the form or the server found it.
// A message is kept as a wording (a function of the language), so a message already shown can follow a language
// switch.
import type { TFunction } from 'i18next';
import { issueFromZod, type MessageParams } from '../../shared/messages.ts';
import { detailMessage } from '../errors.ts';
import type { InputProblem } from './id-input.ts';

/** Per-field wording that replaces the one made from a generic issue (by field path, e.g. `newPassword`). */
export type FieldMessages = Partial<Record<string, string>>;

/** How a field's message is worded: again in the new language when it changes, with the screen's latest words. */
export type Wording = (t: TFunction, messages: FieldMessages) => string;

/** The parts of a zod issue read here (with `reportInput`, zod keeps what was given). */
export interface IssueLike {
  code?: string;
  input?: unknown;
  params?: unknown;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';
// Issues that, on an empty value, mean only that nothing was given (an enum's '' from an empty select …).
const EMPTY_MEANS_REQUIRED = new Set(['invalid_type', 'invalid_value', 'invalid_format', 'invalid_union']);

/**
 * Codes that say only that a value is not right in general (zod's own issue codes — a size, a format, a type —
 * and `required`/`invalid`): a screen's per-field wording says it better. Every other code (a server rule such
 * as `not_enrolled`, a date-order or NIK problem, a refinement's own code such as `before_start`) says more than
 * a field's general wording, so it is worded from the catalogue even where the field has one.
 */
const GENERIC = new Set([
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
  'required',
  'invalid',
]);

/** Whether a field's own wording replaces this code's words. */
export const isGeneric = (code: unknown): boolean => typeof code !== 'string' || GENERIC.has(code);

/** A catalogue code with its params, for the field at `path`: the field's wording for a generic one. */
export function codeWording(path: string, code: unknown, params: unknown): Wording {
  return (t, messages) => {
    const own = isGeneric(code) ? messages[path] : undefined;
    return own ?? detailMessage(code, params, t);
  };
}

/** The catalogue code and params of one issue found by the form's schema (an empty value is `required`). */
export function issueCode(issue: IssueLike): { code: string; params: MessageParams } {
  if (issue.code && EMPTY_MEANS_REQUIRED.has(issue.code) && 'input' in issue && isBlank(issue.input)) {
    return { code: 'required', params: {} };
  }
  return issueFromZod(issue as Parameters<typeof issueFromZod>[0]);
}

/** The wording of one issue found by the form's schema at `path`. */
export function issueWording(path: string, issue: IssueLike): Wording {
  const { code, params } = issueCode(issue);
  return codeWording(path, code, params);
}

/** The message for one issue found by the form's schema (without a field's own wording). */
export function issueText(issue: IssueLike, t: TFunction): string {
  const { code, params } = issueCode(issue);
  return detailMessage(code, params, t);
}

/** The wording of a value the field itself could not read (a date that does not exist, sen in rupiah …). */
export const inputProblemWording =
  (name: string, problem: InputProblem): Wording =>
  (t, messages) =>
    messages[name] ?? inputProblemMessage(problem, t);

/** The message for a value the field itself could not read (a date that does not exist, sen in rupiah …). */
export function inputProblemMessage(problem: InputProblem, t: TFunction): string {
  return t(`forms.${problem}`);
}
