// Data-subject requests and breach response (UU PDP): her copy, erasure, legal hold, access report,
// and signing everybody out.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffName, type Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { authorize } from '../../policy/index.ts';
import { multiLine } from '../../../shared/text.ts';
import type { AuthService } from '../auth/service.ts';
import { exportPdf } from './documents.ts';

const idParams = z.object({ id: z.uuid() });

export function protectionRoutes(app: FastifyInstance, s: Services, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).protection;
  const tags = ['data protection'];

  r.get(
    '/api/participants/:id/export',
    { schema: { tags, summary: 'Everything held about her, for her (with the processing log)', params: idParams } },
    async (req, reply) => {
      const data = await repo(req).export(req.params.id);
      return reply.header('content-disposition', `attachment; filename="data-${data.code}.json"`).send(data);
    },
  );
  r.get(
    '/api/participants/:id/export.pdf',
    { schema: { tags, summary: 'Her copy as a readable PDF', params: idParams } },
    async (req, reply) => {
      const data = await repo(req).export(req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="data-${data.code}.pdf"`)
        .send(await exportPdf(data, staffName(authOf(req).actor), s.clock.now()));
    },
  );
  r.post(
    '/api/participants/:id/erase',
    {
      schema: {
        tags,
        summary: 'Erase her identity by destroying her data key; statistics remain (blocked by a legal hold)',
        params: idParams,
        body: z.object({ reason: z.enum(['REQUEST', 'CONSENT_WITHDRAWN']), note: multiLine(500).optional() }).strict(),
        response: { 200: z.object({ id: z.string(), code: z.string(), erasedAt: z.string().nullable() }) },
      },
    },
    async (req) => repo(req).erase(req.params.id, req.body.reason, req.body.note),
  );
  r.post(
    '/api/participants/:id/legal-hold',
    {
      schema: {
        tags,
        summary: 'Set (with a reason) or lift (null) a legal hold',
        params: idParams,
        body: z.object({ reason: multiLine(500).nullable() }).strict(),
        response: { 200: z.object({ legalHold: z.string().nullable() }) },
      },
    },
    async (req) => repo(req).setLegalHold(req.params.id, req.body.reason),
  );
  r.get(
    '/api/participants/:id/access-report',
    {
      schema: {
        tags,
        summary: 'Who read or changed her data, and when',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number().int(),
                at: z.string(),
                actor: z.string().nullable(),
                action: z.string(),
                outcome: z.string(),
                resourceType: z.string().nullable(),
                requestId: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await repo(req).accessReport(req.params.id) }),
  );
  r.post(
    '/api/sessions/revoke-all',
    {
      schema: {
        tags,
        summary: 'Sign everybody out at once (except this session)',
        response: { 200: z.object({ revoked: z.number().int() }) },
      },
    },
    async (req) => {
      const a = authOf(req);
      authorize(a.actor, 'session.revoke_all', undefined);
      return { revoked: await auth.revokeAll(a.account, a.session.id, requestMeta(req)) };
    },
  );
}
