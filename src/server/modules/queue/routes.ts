// GET /api/work-queue: what waits for the signed-in person (her start page); GET /api/work-queue/counts: how
// many, for the count in the navigation.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workQueueCountsResponse, workQueueResponse } from '../../../shared/queue-api.ts';
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
  r.get(
    '/api/work-queue/counts',
    {
      schema: {
        tags: ['work queue'],
        summary: 'How many wait in each section of your work queue, and in all (counts only: not audited)',
        response: { 200: workQueueCountsResponse },
      },
    },
    async (req) => scopedRepo(s, authOf(req).actor, requestMeta(req)).workQueue.counts(),
  );
}
