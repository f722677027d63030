// A programme's rules of which stage each event of the work enters.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { stageRulesBody, stageRulesResponse } from '../../../shared/programme-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';

export function stageRuleRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).stageRules;
  const params = z.object({ id: z.uuid() });
  r.get(
    '/api/programmes/:id/stage-rules',
    {
      schema: {
        tags: ['programmes'],
        summary: "Which stage each event of the work enters in this programme (its own rule or the office's)",
        params,
        response: { 200: stageRulesResponse },
      },
    },
    async (req) => ({ items: await repo(req).rules(req.params.id) }),
  );
  r.put(
    '/api/programmes/:id/stage-rules',
    {
      schema: {
        tags: ['programmes'],
        summary: "Set the programme's own stage rules (events left out follow the office's)",
        params,
        body: stageRulesBody,
        response: { 200: stageRulesResponse },
      },
    },
    async (req) => ({ items: await repo(req).setRules(req.params.id, req.body.rules) }),
  );
}
