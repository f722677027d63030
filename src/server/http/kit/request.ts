// What a feature's routes read from a request and write to a reply: the checked session, the request's
// meta for the audit and the unit of work, the session cookie. The hooks that set them are in http/session.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../context.ts';
import type { RequestAuth } from './types.ts';

export function cookieName(https: boolean) {
  return https ? '__Host-berdaya_session' : 'berdaya_session';
}

export function setSessionCookie(reply: FastifyReply, s: Services, token: string) {
  reply.setCookie(cookieName(s.config.https), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: s.config.https,
  });
}

/** The device cookie: a sign-in from a browser that signed in before is counted on its own (see auth/throttle.ts). */
export function deviceCookieName(https: boolean) {
  return https ? '__Host-berdaya_device' : 'berdaya_device';
}

export function setDeviceCookie(reply: FastifyReply, s: Services, value: string) {
  reply.setCookie(deviceCookieName(s.config.https), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: s.config.https,
    maxAge: 180 * 24 * 60 * 60,
  });
}

export function clearSessionCookie(reply: FastifyReply, s: Services) {
  reply.clearCookie(cookieName(s.config.https), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: s.config.https,
  });
}

export function requestMeta(req: FastifyRequest) {
  return { requestId: req.id, ip: req.ip ?? null, unit: req.unitOfWork };
}

/** For handlers of non-public routes: the auth the preValidation hook has checked. */
export function authOf(req: FastifyRequest): RequestAuth {
  if (!req.auth) throw new Error('authOf() on a route without a session check');
  return req.auth;
}
