// Which role approves what (the office's setting) and who acts for an approver (Plh./Plt.).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  APPROVAL_KINDS,
  approvalSetting,
  approvalSettingBody,
  approvalSettingsResponse,
  delegation,
  delegationBody,
  delegationCandidatesResponse,
  delegationListQuery,
  delegationsResponse,
} from '../../../shared/approvals.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';

export function approvalRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).approvals;
  const tags = ['approvals'];
  r.get(
    '/api/approval-settings',
    {
      schema: {
        tags,
        summary: 'Which role approves each kind of decision on money (aid, budget)',
        response: { 200: approvalSettingsResponse },
      },
    },
    async (req) => ({ items: await repo(req).settings() }),
  );
  r.get(
    '/api/approval-settings/:kind',
    {
      schema: {
        tags,
        summary: 'Which role approves one kind of decision, with its version (the If-Match of a change)',
        params: z.object({ kind: z.enum(APPROVAL_KINDS) }),
        response: { 200: approvalSetting },
      },
    },
    async (req, reply) => {
      const out = await repo(req).setting(req.params.kind);
      setEtag(reply, out.version);
      return out;
    },
  );
  r.put(
    '/api/approval-settings/:kind',
    {
      schema: {
        tags,
        summary: 'Name the role that approves a kind of decision (administrator; If-Match)',
        params: z.object({ kind: z.enum(APPROVAL_KINDS) }),
        body: approvalSettingBody,
        response: { 200: approvalSetting },
      },
    },
    async (req, reply) => {
      const out = await repo(req).setApprover(req.params.kind, req.body.role, ifMatchVersion(req));
      setEtag(reply, out.version);
      return out;
    },
  );
  r.get(
    '/api/delegations',
    {
      schema: {
        tags,
        summary:
          'Delegations (Plh./Plt.): all in her regions for the administrator, else those she gives or holds; one page in a whitelisted order, with the total',
        querystring: delegationListQuery,
        response: { 200: delegationsResponse },
      },
    },
    async (req) => repo(req).delegations(req.query),
  );
  r.get(
    '/api/delegations/candidates',
    {
      schema: {
        tags,
        summary: 'Accounts that may be named in a delegation, within her regions (the approver or the administrator)',
        response: { 200: delegationCandidatesResponse },
      },
    },
    async (req) => ({ items: await repo(req).candidates() }),
  );
  r.post(
    '/api/delegations',
    {
      schema: {
        tags,
        summary: 'A colleague acts for an approver for a period (by the approver herself, or the administrator)',
        body: delegationBody,
        response: { 201: delegation },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).delegate(req.body)),
  );
  r.post(
    '/api/delegations/:id/revoke',
    {
      schema: {
        tags,
        summary: 'End a delegation at once (once)',
        params: z.object({ id: z.uuid() }),
        response: { 200: delegation },
      },
    },
    async (req) => repo(req).revoke(req.params.id),
  );
}
