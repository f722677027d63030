// Staff account administration (admin). Thin: validate → repository (scope, policy, audit) → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountDecisionBody,
  accountNoticeListResponse,
  accountRequestListResponse,
  accountRequestView,
  staffListResponse,
  staffQuery,
  userCreateBody,
  userListQuery,
  userListResponse,
  userUpdateBody,
  userView,
} from '../../../shared/api.ts';
import type { Services } from '../../context.ts';
import type { AuthService } from '../auth/service.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { idempotent } from '../../http/kit/idempotency.ts';
import { createUser, hashNewPassword, updateUser } from './service.ts';

const idParams = z.object({ id: z.uuid() });

export function userRoutes(app: FastifyInstance, s: Services, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const repoFor = (req: Parameters<typeof authOf>[0]) => scopedRepo(s, authOf(req).actor, requestMeta(req));

  r.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Staff accounts within the administrator’s regions',
        querystring: userListQuery,
        response: { 200: userListResponse },
      },
    },
    async (req) => {
      return repoFor(req).users.list({
        role: req.query.role,
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
        sort: req.query.sort,
        page: req.query.page,
        pageSize: req.query.pageSize,
      });
    },
  );

  r.get(
    '/api/staff',
    {
      schema: {
        tags,
        summary: 'Staff directory for assigning cases and sessions (managers, caseworkers)',
        querystring: staffQuery,
        response: { 200: staffListResponse },
      },
    },
    async (req) => ({ items: await repoFor(req).users.directory(req.query.role) }),
  );

  r.post(
    '/api/users',
    {
      schema: {
        tags,
        summary:
          'Create a staff account (Idempotency-Key accepted; must change the password at first sign-in). One that may read cases is made inactive and waits for a second person (approval), except the first head of section of the province (made once without one, flagged)',
        body: userCreateBody,
        response: { 201: userView },
      },
    },
    async (req, reply) => {
      // A retry with the same Idempotency-Key gets the first answer and makes no second account. The password is
      // hashed before the key's transaction: the hash is slow and must not hold the write lock.
      const hashed = await hashNewPassword(req.body);
      const user = await idempotent(
        req,
        reply,
        s,
        201,
        async () => (await createUser(repoFor(req), auth, req.body, 'administrator_screen', hashed)).user,
      );
      setEtag(reply, user.version);
      return reply.status(201).send(user);
    },
  );

  r.get(
    '/api/users/:id',
    {
      schema: { tags, summary: 'One staff account', params: idParams, response: { 200: userView } },
    },
    async (req, reply) => {
      const user = await repoFor(req).users.get(req.params.id);
      setEtag(reply, user.version);
      return user;
    },
  );

  r.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary:
          'Change, deactivate or reset a staff account (If-Match required). A change that gives more it may read (a case role, a new region, active again) waits for a second person; the account keeps what it holds meanwhile',
        params: idParams,
        body: userUpdateBody,
        headers: z.object({ 'if-match': z.string().optional() }),
        response: { 200: userView },
      },
    },
    async (req, reply) => {
      const version = ifMatchVersion(req);
      const user = await updateUser(repoFor(req), auth, req.params.id, req.body, version);
      setEtag(reply, user.version);
      return user;
    },
  );

  // ---- a second person for accounts that may read cases ----
  r.get(
    '/api/account-requests',
    {
      schema: {
        tags,
        summary:
          'Accounts waiting for you to approve them: in your regions, never your own or one you asked for (head of section, Kepala Bidang; audited)',
        response: { 200: accountRequestListResponse },
      },
    },
    async (req) => ({ items: await repoFor(req).accountRequests.pending() }),
  );

  r.get(
    '/api/account-requests/:id',
    {
      schema: {
        tags,
        summary:
          'One account request with its version, for whoever the list of waiting accounts would show it to (audited)',
        params: idParams,
        response: { 200: accountRequestView },
      },
    },
    async (req, reply) => {
      const item = await repoFor(req).accountRequests.get(req.params.id);
      setEtag(reply, item.version);
      return item;
    },
  );

  r.post(
    '/api/account-requests/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Approve (the account gets the role and regions asked, active) or refuse with a reason, once: a head of section or Kepala Bidang whose regions hold all of it, never an administrator, whoever asked or the account herself (If-Match: the request version; 409 already_decided, 412 stale_version, 403 second_person_required)',
        params: idParams,
        body: accountDecisionBody,
        headers: z.object({ 'if-match': z.string().optional() }),
        response: { 200: accountRequestView },
      },
    },
    async (req) =>
      repoFor(req).accountRequests.decide(req.params.id, ifMatchVersion(req), req.body.approve, req.body.reason),
  );

  r.post(
    '/api/account-requests/:id/withdraw',
    {
      schema: {
        tags,
        summary:
          'The administrator takes back a request that waits (If-Match: the request version; 409 already_decided)',
        params: idParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        response: { 200: accountRequestView },
      },
    },
    async (req) => repoFor(req).accountRequests.withdraw(req.params.id, ifMatchVersion(req)),
  );

  r.get(
    '/api/account-notices',
    {
      schema: {
        tags,
        summary:
          'Accounts made without a second person (the first head of section, the server console) that you have not acknowledged: administrators and heads of section of their regions',
        response: { 200: accountNoticeListResponse },
      },
    },
    async (req) => ({ items: await repoFor(req).accountRequests.notices() }),
  );

  r.post(
    '/api/account-notices/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'You have seen it: the notice leaves your start page (it stays on the others’ until each has seen it)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await repoFor(req).accountRequests.acknowledge(req.params.id);
      return reply.status(204).send(null);
    },
  );
}
