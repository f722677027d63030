// First-admin setup routes (public, but useless without the one-time token printed by the server).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  loginResponse,
  mfaEnrolStartResponse,
  setupBody,
  setupMfaBody,
  setupStatusResponse,
} from '../../../shared/api.ts';
import type { Services } from '../../context.ts';
import type { SetupService } from './service.ts';
import { requestMeta, setSessionCookie } from '../../http/kit/request.ts';
import { consumeRate } from '../../http/kit/rate-limit.ts';

/** Tries of the one-time setup link per address per minute (the link is long; this keeps a guesser slow too). */
export const SETUP_TRIES_PER_MINUTE = 10;

export function setupRoutes(app: FastifyInstance, s: Services, setup: SetupService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['setup'];

  r.get(
    '/api/setup',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Whether the first administrator still has to be created',
        response: { 200: setupStatusResponse },
      },
    },
    async () => ({ setupNeeded: await setup.setupNeeded() }),
  );

  r.post(
    '/api/setup/mfa',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'A TOTP secret and QR code for the first administrator',
        body: setupMfaBody,
        response: { 200: mfaEnrolStartResponse },
      },
    },
    async (req) => {
      await consumeRate(s, `setup:${req.ip}`, SETUP_TRIES_PER_MINUTE, 60_000, 'setup attempts');
      return setup.mfaChallenge(req.body.token);
    },
  );

  r.post(
    '/api/setup',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Create the first administrator with the one-time token',
        body: setupBody,
        response: { 201: loginResponse },
      },
    },
    async (req, reply) => {
      await consumeRate(s, `setup:${req.ip}`, SETUP_TRIES_PER_MINUTE, 60_000, 'setup attempts');
      const { user, token } = await setup.complete(req.body, requestMeta(req));
      setSessionCookie(reply, s, token);
      return reply.status(201).send({ user });
    },
  );
}
