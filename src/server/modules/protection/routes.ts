// Data-subject requests and breach response (UU PDP): requests for her copy or erasure (opened, decided, carried
// out once), legal hold, access report, and signing everybody out (within the caller's regions).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffName, type Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { idempotent } from '../../http/kit/idempotency.ts';
import {
  rightsRequestDecisionBody,
  rightsRequestExportBody,
  rightsRequestListQuery,
  rightsRequestListResponse,
  rightsRequestOpenBody,
  rightsRequestView,
  legalHoldBody,
  legalHoldResponse,
  accessReportQuery,
  accessReportResponse,
} from '../../../shared/rights-api.ts';
import { revokeAllResponse } from '../../../shared/api.ts';
import type { AuthService } from '../auth/service.ts';
import { exportPdf } from './documents.ts';
import { officeOf } from '../../documents/offices.ts';

const idParams = z.object({ id: z.uuid() });

export function protectionRoutes(app: FastifyInstance, s: Services, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).protection;
  const tags = ['data protection'];

  r.get(
    '/api/rights-requests',
    {
      schema: {
        tags,
        summary:
          'Data-subject requests in your scope, newest first or in a whitelisted order (never her name), paged, with the total (her name and record only for who may read it; audited)',
        querystring: rightsRequestListQuery,
        response: { 200: rightsRequestListResponse },
      },
    },
    async (req) => repo(req).listRequests(req.query),
  );
  r.post(
    '/api/rights-requests',
    {
      schema: {
        tags,
        summary:
          'Open a request for her copy or the erasure of her identity: from her record (participantId) or her papers (participantCode, an administrator within her regions too); 409 request_pending while one of its kind is open (Idempotency-Key accepted)',
        body: rightsRequestOpenBody,
        response: { 201: rightsRequestView },
      },
    },
    async (req, reply) => {
      // Counted before the key's transaction (like a registration's NIK check): a retry counts too.
      await repo(req).countOpening();
      const opened = await idempotent(req, reply, s, 201, () => repo(req).openRequest(req.body));
      return reply.code(201).send(opened);
    },
  );
  r.post(
    '/api/rights-requests/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Approve or refuse a request, once: a head of section of her region, never who opened it (409 already_decided, 403 second_person_required)',
        params: idParams,
        body: rightsRequestDecisionBody,
        response: { 200: rightsRequestView },
      },
    },
    async (req) => repo(req).decideRequest(req.params.id, req.body.approve),
  );
  r.post(
    '/api/rights-requests/:id/export',
    {
      schema: {
        tags,
        summary:
          'Carry out an approved request for her copy, once (the administrator): everything held about her, with the processing log, as PDF or JSON; rate-limited, logged on her record',
        params: idParams,
        body: rightsRequestExportBody,
      },
    },
    async (req, reply) => {
      const data = await repo(req).carryOutExport(req.params.id, req.body.format);
      if (req.body.format === 'json')
        return reply
          .header('content-disposition', `attachment; filename="data-${data.code}.json"`)
          .header('content-type', 'application/json; charset=utf-8')
          .send(JSON.stringify(data));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="data-${data.code}.pdf"`)
        .send(
          await exportPdf(data, staffName(authOf(req).actor), s.clock.now(), officeOf(data.region, s.config.offices)),
        );
    },
  );
  r.post(
    '/api/rights-requests/:id/erase',
    {
      schema: {
        tags,
        summary:
          'Carry out an approved erasure request, once (the administrator): her data key is destroyed, statistics remain; a legal hold blocks it (409 legal_hold)',
        params: idParams,
        response: { 200: rightsRequestView },
      },
    },
    async (req) => repo(req).carryOutErasure(req.params.id),
  );
  r.post(
    '/api/participants/:id/legal-hold',
    {
      schema: {
        tags,
        summary: 'Set (with a reason) or lift (null) a legal hold',
        params: idParams,
        body: legalHoldBody,
        response: { 200: legalHoldResponse },
      },
    },
    async (req) => repo(req).setLegalHold(req.params.id, req.body.reason),
  );
  r.get(
    '/api/participants/:id/access-report',
    {
      schema: {
        tags,
        summary:
          'Who read or changed her data, saw her in a list, a search or a printed paper, or was refused her record, and when — each entry in words, in her language (or the one asked for)',
        params: idParams,
        querystring: accessReportQuery,
        response: {
          200: accessReportResponse,
        },
      },
    },
    async (req) => repo(req).accessReport(req.params.id, req.query.lang),
  );
  r.post(
    '/api/sessions/revoke-all',
    {
      schema: {
        tags,
        summary:
          'Sign out at once everybody whose account lies within your regions (a province-wide administrator: everybody), except this session',
        response: { 200: revokeAllResponse },
      },
    },
    async (req) => ({ revoked: await repo(req).revokeSessions(auth.sessions, authOf(req).session.id) }),
  );
}
