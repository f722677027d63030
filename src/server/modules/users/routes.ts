// Staff account administration (admin). Thin: validate → repository (scope, policy, audit) → present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
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
import { createUser, updateUser } from './service.ts';

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
      const items = await repoFor(req).users.list({
        role: req.query.role,
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
      });
      return { items };
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
        summary: 'Create a staff account (must change the password at first sign-in)',
        body: userCreateBody,
        response: { 201: userView },
      },
    },
    async (req, reply) => {
      const { user } = await createUser(repoFor(req), auth, req.body, 'administrator_screen');
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
        summary: 'Change, deactivate or reset a staff account (If-Match required)',
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
}
