// Optimistic concurrency over HTTP: responses carry ETag "<version>"; updates must send If-Match.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';

export function setEtag(reply: FastifyReply, version: number) {
  reply.header('etag', `"${version}"`);
}

/** The version the client last saw: 428 without If-Match, 400 when it cannot be read. */
export function ifMatchVersion(req: FastifyRequest): number {
  const raw = req.headers['if-match'];
  if (!raw) throw new AppError('precondition_required', 428, 'Send If-Match with the ETag you last received');
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!m) throw new AppError('bad_request', 400, 'If-Match must be the ETag you last received');
  return Number(m[1]);
}
