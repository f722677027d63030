// GET /api/work-queue: what waits for the signed-in person (her start page, and the counts in the navigation).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workQueueResponse } from '../../../shared/queue-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';

export function workQueueRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/work-queue',
    {
      schema: {
        tags: ['work queue'],
        summary: 'What waits for you, in your scope: safety alerts first, then each decision you may take (audited)',
        response: { 200: workQueueResponse },
      },
    },
    async (req) => scopedRepo(s, authOf(req).actor, requestMeta(req)).workQueue.mine(),
  );
}
