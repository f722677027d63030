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

export const notFound = (what = 'Resource') => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (message = 'Not allowed') => new AppError('forbidden', 403, message);
