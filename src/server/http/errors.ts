// One error shape for every failure: {"error": {"code", "message", "details"?, "requestId"}}.
// Never a stack, SQL, path or version in a response.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { PolicyError } from '../policy/index.ts';
import { conflictFromDb } from '../db/write.ts';
import { issueFromZod, type FieldIssue } from '../../shared/messages.ts';

export function sendError(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(
      JSON.stringify({ error: { code, message, ...(details !== undefined ? { details } : {}), requestId: req.id } }),
    );
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return sendError(reply, req, err.status, err.code, err.message, err.details);
    }
    if (err instanceof PolicyError) {
      return sendError(
        reply,
        req,
        err.status,
        err.code,
        err.status === 404 ? 'Not found' : 'You are not allowed to do this',
      );
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // Per field: the path as the request named it, the issue's catalogue code and its params (the web words
      // them), and zod's English text for API users.
      const details: FieldIssue[] = err.validation.map((v) => {
        const issue = (v.params as { issue?: Parameters<typeof issueFromZod>[0] }).issue ?? {};
        const { code, params } = issueFromZod({ ...issue, message: issue.message ?? v.message });
        return {
          field: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
          message: v.message,
          code,
          ...(Object.keys(params).length ? { params } : {}),
        };
      });
      return sendError(reply, req, 400, 'validation_failed', 'Some fields are not valid', details);
    }
    // A write the database refused (a unique value taken meanwhile, a lock timeout …) is a conflict the user
    // can act on, not a fault of ours.
    const conflict = conflictFromDb(err);
    if (conflict) {
      if (conflict.headers) reply.headers(conflict.headers);
      return sendError(reply, req, conflict.status, conflict.code, conflict.message, conflict.details);
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, req, 413, 'payload_too_large', 'The request is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, req, 415, 'unsupported_media_type', 'Send JSON (Content-Type: application/json)');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, req, 400, 'bad_request', 'The body is not valid JSON');
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own client errors (bad JSON, __proto__ keys, bad content length …): say little.
      return sendError(
        reply,
        req,
        fe.statusCode,
        fe.statusCode === 429 ? 'rate_limited' : 'bad_request',
        'The request could not be understood',
      );
    }
    req.log.error(
      { err: { type: err.name, code: fe.code, message: err.message, stack: err.stack } },
      'unhandled error',
    );
    if (process.env.BERDAYA_DEBUG_ERRORS) console.error(err);
    return sendError(
      reply,
      req,
      500,
      'internal_error',
      'Something went wrong on our side; the request id helps us find it',
    );
  });
}
