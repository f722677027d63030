// Sign-in routes: thin; the rules are in service.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  loginBody,
  loginResponse,
  meResponse,
  mfaEnrolConfirmBody,
  mfaEnrolStartResponse,
  passwordChangeBody,
} from '../../../shared/api.ts';
import type { Services } from '../../context.ts';
import type { AuthService } from './service.ts';
import { toSessionUser } from './service.ts';
import { officeToday } from '../../clock.ts';
import {
  authOf,
  clearSessionCookie,
  deviceCookieName,
  requestMeta,
  setDeviceCookie,
  setSessionCookie,
} from '../../http/kit/request.ts';

export function authRoutes(app: FastifyInstance, s: Services, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Sign in (TOTP code required for admin and manager)',
        body: loginBody,
        response: { 200: loginResponse },
      },
    },
    async (req, reply) => {
      const { user, token, deviceCookie } = await auth.login(
        req.body,
        requestMeta(req),
        req.cookies[deviceCookieName(s.config.https)],
      );
      setSessionCookie(reply, s, token);
      setDeviceCookie(reply, s, deviceCookie);
      return { user };
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { auth: 'partial' },
      schema: { tags, summary: 'Sign out (the session ends on the server)', response: { 204: z.null() } },
    },
    async (req, reply) => {
      const a = authOf(req);
      await auth.logout(a.session.id, a.account, requestMeta(req));
      clearSessionCookie(reply, s);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { auth: 'partial' },
      schema: { tags, summary: 'The signed-in user', response: { 200: meResponse } },
    },
    async (req) => ({ user: toSessionUser(authOf(req).account, officeToday(s.clock)) }),
  );

  r.post(
    '/api/auth/password',
    {
      config: { auth: 'partial' },
      schema: {
        tags,
        summary: 'Change own password; ends all other sessions',
        body: passwordChangeBody,
        response: { 200: meResponse },
      },
    },
    async (req, reply) => {
      const a = authOf(req);
      const { token, user } = await auth.changePassword(a.account, req.body, requestMeta(req));
      setSessionCookie(reply, s, token);
      return { user };
    },
  );

  r.post(
    '/api/auth/mfa/enrol',
    {
      config: { auth: 'partial' },
      schema: {
        tags,
        summary: 'Start two-factor enrolment: a new secret and its QR code',
        response: { 200: mfaEnrolStartResponse },
      },
    },
    async (req) => {
      const a = authOf(req);
      return auth.startMfaEnrolment(a.session.id, a.account);
    },
  );

  r.post(
    '/api/auth/mfa/confirm',
    {
      config: { auth: 'partial' },
      schema: {
        tags,
        summary: 'Finish two-factor enrolment with a code from the app',
        body: mfaEnrolConfirmBody,
        response: { 200: meResponse },
      },
    },
    async (req) => {
      const a = authOf(req);
      const user = await auth.confirmMfaEnrolment(a.session.id, a.account, req.body.totp, requestMeta(req));
      return { user };
    },
  );
}
