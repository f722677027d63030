// What a feature's routes read from a request and write to a reply: the checked session, the request's
// meta for the audit and the unit of work, the session cookie. The hooks that set them are in http/session.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RequestMeta, Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { DEVICE_TIME_HEADER, FIELD_DEVICE_HEADER } from '../../../shared/field-api.ts';
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

export function requestMeta(req: FastifyRequest): RequestMeta {
  const meta: RequestMeta = { requestId: req.id, ip: req.ip ?? null, unit: req.unitOfWork };
  // Only a field device sends these; a browser's request pays for two header lookups.
  const deviceId = req.headers[FIELD_DEVICE_HEADER];
  const deviceTime = req.headers[DEVICE_TIME_HEADER];
  if (deviceId !== undefined || deviceTime !== undefined) meta.device = fieldDeviceMeta(deviceId, deviceTime);
  return meta;
}

const isoDateTime = z.iso.datetime({ offset: true });
const deviceIdShape = z.uuid();

/** The field device's headers, checked: a device time that is no ISO date-time is refused, as is a bad device id. */
function fieldDeviceMeta(
  deviceId: string | string[] | undefined,
  deviceTime: string | string[] | undefined,
): NonNullable<RequestMeta['device']> {
  const device: NonNullable<RequestMeta['device']> = {};
  if (deviceId !== undefined) {
    if (typeof deviceId !== 'string' || !deviceIdShape.safeParse(deviceId).success)
      throw new AppError('validation_failed', 400, 'The field device header is not a device id', [
        { field: `headers.${FIELD_DEVICE_HEADER}`, message: 'Not a device id', code: 'invalid' },
      ]);
    device.deviceId = deviceId;
  }
  if (deviceTime !== undefined) {
    if (typeof deviceTime !== 'string' || !isoDateTime.safeParse(deviceTime).success)
      throw new AppError('validation_failed', 400, 'The device time is not an ISO date-time', [
        { field: `headers.${DEVICE_TIME_HEADER}`, message: 'Not an ISO date-time', code: 'invalid' },
      ]);
    device.deviceTime = deviceTime;
  }
  return device;
}

/** For handlers of non-public routes: the auth the preValidation hook has checked. */
export function authOf(req: FastifyRequest): RequestAuth {
  if (!req.auth) throw new Error('authOf() on a route without a session check');
  return req.auth;
}
