// Follow-up, termination and outcome routes: thin, over the scoped repository.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  continueFollowUpBody,
  followUpDetailResponse,
  followUpListResponse,
  followUpQuery,
  followUpUpdateBody,
  followUpView,
  outcomesResponse,
  participantFollowUpsResponse,
  reopenBody,
  terminationBody,
  visitBody,
  terminationDecisionBody,
} from '../../../shared/followup-api.ts';
import { participantView, transitionResponse } from '../../../shared/participants-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { idempotent } from '../../http/kit/idempotency.ts';

const idParams = z.object({ id: z.uuid() });

export function followUpRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req));
  const tags = ['follow-up'];

  r.get(
    '/api/follow-ups',
    {
      schema: {
        tags,
        summary: 'Worklist: due this week and overdue (managers also get overdue per caseworker)',
        querystring: followUpQuery,
        response: { 200: followUpListResponse },
      },
    },
    async (req) => repo(req).followUps.worklist(req.query),
  );
  r.get(
    '/api/participants/:id/follow-ups',
    {
      schema: {
        tags,
        summary: 'Her follow-ups and visits (risk of return only for assigned staff and managers)',
        params: idParams,
        response: { 200: participantFollowUpsResponse },
      },
    },
    async (req) => ({ items: await repo(req).followUps.forParticipant(req.params.id) }),
  );
  r.get(
    '/api/follow-ups/:id',
    {
      schema: {
        tags,
        summary: 'One follow-up with its visits (risk of return only for assigned staff and managers)',
        params: idParams,
        response: { 200: followUpDetailResponse },
      },
    },
    async (req, reply) => {
      const f = await repo(req).followUps.get(req.params.id);
      setEtag(reply, f.version);
      return f;
    },
  );
  r.post(
    '/api/follow-ups/:id/visits',
    {
      schema: {
        tags,
        summary:
          "Record a follow-up visit (completes the follow-up; optional If-Match: the follow-up's version, 412 stale_version when it changed; Idempotency-Key)",
        params: idParams,
        body: visitBody,
        response: { 201: participantFollowUpsResponse },
      },
    },
    async (req, reply) => {
      const expected = req.headers['if-match'] === undefined ? undefined : ifMatchVersion(req);
      const items = await idempotent(req, reply, s, 201, () =>
        repo(req).followUps.recordVisit(req.params.id, req.body, expected),
      );
      return reply.status(201).send({ items });
    },
  );
  r.patch(
    '/api/follow-ups/:id',
    {
      schema: {
        tags,
        summary: 'Mark a follow-up missed or unreachable (If-Match)',
        params: idParams,
        body: followUpUpdateBody,
        response: { 200: followUpView },
      },
    },
    async (req, reply) => {
      const f = await repo(req).followUps.markMissed(req.params.id, req.body.status, ifMatchVersion(req));
      setEtag(reply, f.version);
      return f;
    },
  );

  r.post(
    '/api/participants/:id/follow-ups/continue',
    {
      schema: {
        tags,
        summary: 'After her last follow-up: continue the case with one more follow-up (by choice, with a reason)',
        params: idParams,
        body: continueFollowUpBody,
        response: { 201: participantFollowUpsResponse },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send({ items: await repo(req).followUps.continueAfterLast(req.params.id, req.body.months, req.body.reason) }),
  );
  r.post(
    '/api/participants/:id/termination',
    {
      schema: {
        tags,
        summary: 'Close the case with a reason (waits for the head of section unless a manager closes it)',
        params: idParams,
        body: terminationBody,
        response: { 200: transitionResponse, 202: transitionResponse },
      },
    },
    async (req, reply) => {
      const result = await repo(req).stages.transition(req.params.id, 'TERMINASI', req.body.note, req.body.reason);
      return reply.status(result.pendingApproval ? 202 : 200).send(result);
    },
  );
  r.post(
    '/api/participants/:id/termination/approve',
    {
      schema: {
        tags,
        summary: 'Approve (or reject with approve:false) a requested closure',
        params: idParams,
        body: terminationDecisionBody,
        response: { 200: transitionResponse },
      },
    },
    async (req) => repo(req).stages.decideClosure(req.params.id, req.body.approve, req.body.reason),
  );
  r.post(
    '/api/participants/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed case with a reason (head of section)',
        params: idParams,
        body: reopenBody,
        response: { 200: participantView },
      },
    },
    async (req) => {
      const r = repo(req);
      await r.stages.reopen(req.params.id, req.body.reason);
      return r.participants.get(req.params.id);
    },
  );
  r.get(
    '/api/cohorts/:id/outcomes',
    {
      schema: {
        tags,
        summary: 'Outcomes of a cohort: reached at each point, running businesses, income change',
        params: idParams,
        response: { 200: outcomesResponse },
      },
    },
    async (req) => repo(req).followUps.outcomes(req.params.id),
  );
}
