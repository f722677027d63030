// Errors with stable codes. Modules throw these; the HTTP layer turns them into the one error shape.
import type { ErrorCode } from '../shared/errors.ts';
import type { FieldIssue } from '../shared/messages.ts';

/**
 * An error's details: a list of field issues, each with a code from the catalogue (src/shared/messages.ts), or an
 * object of parameters (`{ currentVersion }`, `{ missing }`, `{ refused: [...] }` …). A list of anything else does
 * not compile, so no problem reaches a person without its words.
 */
export type ErrorDetails = readonly FieldIssue[] | { readonly length?: never; readonly [key: string]: unknown };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** One message for absent and out-of-scope records alike, so a 404 reveals nothing. */
export const notFound = () => new AppError('not_found', 404, 'Not found');
export const forbidden = (message = 'Not allowed') => new AppError('forbidden', 403, message);
