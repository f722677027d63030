// Errors with stable codes. Modules throw these; the HTTP layer turns them into the one error shape.
import type { ErrorCode } from '../shared/errors.ts';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** One message for absent and out-of-scope records alike, so a 404 reveals nothing. */
export const notFound = () => new AppError('not_found', 404, 'Not found');
export const forbidden = (message = 'Not allowed') => new AppError('forbidden', 403, message);
