// Browsing the audit log (auditor, admin). Reading it is itself audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListResponse, auditQuery } from '../../../shared/api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../../data/repo.ts';
import { authOf, requestMeta } from '../../http/session.ts';

export function auditRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/audit', {
    schema: { tags: ['audit'], summary: 'Audit entries, newest first, with filters', querystring: auditQuery, response: { 200: auditListResponse } },
  }, async (req) => scopedRepo(s, authOf(req).actor, requestMeta(req)).auditLog.list(req.query));
}
