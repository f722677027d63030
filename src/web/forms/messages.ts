// A field's message from a zod issue, in the current language, never zod's English: the issue becomes a code of
// the one message catalogue with its params (src/shared/messages.ts issueFromZod: too_small with minimum 12 and
// origin string …) and is worded as errors.ts words the server's validation details (detailMessage), so a
// problem reads the same whether the form or the server found it.
import type { TFunction } from 'i18next';
import { issueFromZod } from '../../shared/messages.ts';
import { detailMessage } from '../errors.ts';
import type { InputProblem } from './id-input.ts';

/** The parts of a zod issue read here (with `reportInput`, zod keeps what was given). */
export interface IssueLike {
  code?: string;
  input?: unknown;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';
// Issues that, on an empty value, mean only that nothing was given (an enum's '' from an empty select …).
const EMPTY_MEANS_REQUIRED = new Set(['invalid_type', 'invalid_value', 'invalid_format', 'invalid_union']);

/** The message for one issue found by the form's schema. */
export function issueText(issue: IssueLike, t: TFunction): string {
  if (issue.code && EMPTY_MEANS_REQUIRED.has(issue.code) && 'input' in issue && isBlank(issue.input)) {
    return detailMessage('required', {}, t);
  }
  const { code, params } = issueFromZod(issue as Parameters<typeof issueFromZod>[0]);
  return detailMessage(code, params, t);
}

/** The message for a value the field itself could not read (a date that does not exist, sen in rupiah …). */
export function inputProblemMessage(problem: InputProblem, t: TFunction): string {
  return t(`forms.${problem}`);
}
