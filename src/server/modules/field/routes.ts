// Field mode's routes (decision 040): registering a device of hers, the key it gets after each sign-in, the list
// of devices (hers; a staff member's for her head of section), revoking one; and the two calls a device makes
// without a session, with its own token: its contact, and the report that it erased its cache.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  FIELD_TOKEN_HEADER,
  fieldContactBody,
  fieldContactResponse,
  fieldDeviceKeyResponse,
  fieldDeviceListQuery,
  fieldDeviceListResponse,
  fieldDeviceRegisterBody,
  fieldDeviceRegisterResponse,
  fieldDeviceRevokeBody,
  fieldDeviceView,
  fieldErasedBody,
} from '../../../shared/field-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo, systemRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { consumeRate } from '../../http/kit/rate-limit.ts';
import { fieldSnapshotRoutes } from './snapshot-routes.ts';

const idParams = z.object({ id: z.uuid() });

/** Calls a device makes without a session (contact, erased), per device id and window. */
const DEVICE_CALLS_PER_WINDOW = 120;
const DEVICE_CALL_WINDOW_MS = 3600_000;

export function fieldRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req));
  /** No session: the device is known by its token alone, checked by the store. */
  const deviceRepo = (req: FastifyRequest) =>
    systemRepo(s, 'field-device', 'a registered device reports with its own token', requestMeta(req));
  const tokenOf = (req: FastifyRequest): string | undefined => {
    const raw = req.headers[FIELD_TOKEN_HEADER];
    return typeof raw === 'string' ? raw : undefined;
  };
  const limited = (id: string) =>
    consumeRate(s, `field-device:${id}`, DEVICE_CALLS_PER_WINDOW, DEVICE_CALL_WINDOW_MS, 'calls from this device');
  const tags = ['field'];

  r.post(
    '/api/field/devices',
    {
      schema: {
        tags,
        summary: 'Register this device for field mode (at most three active per account)',
        body: fieldDeviceRegisterBody,
        response: { 201: fieldDeviceRegisterResponse },
      },
    },
    async (req, reply) => {
      const store = repo(req).fieldDevices;
      const made = await store.register(req.body.label);
      setEtag(reply, made.device.version);
      return reply.status(201).send({ ...made, offlineDays: store.offlineDays });
    },
  );
  r.post(
    '/api/field/devices/:id/key',
    {
      schema: {
        tags,
        summary: "The server's key for her own active device (after each sign-in)",
        params: idParams,
        response: { 200: fieldDeviceKeyResponse },
      },
    },
    async (req) => {
      const store = repo(req).fieldDevices;
      return { ...(await store.releaseKey(req.params.id)), offlineDays: store.offlineDays };
    },
  );
  r.get(
    '/api/field/devices',
    {
      schema: {
        tags,
        summary: "Her devices, or (accountId) a staff member's for the head of section of her regions",
        querystring: fieldDeviceListQuery,
        response: { 200: fieldDeviceListResponse },
      },
    },
    async (req) => ({ items: await repo(req).fieldDevices.list(req.query.accountId) }),
  );
  r.post(
    '/api/field/devices/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a device (If-Match): its cache is erased at its next contact, its key never released again',
        params: idParams,
        body: fieldDeviceRevokeBody,
        response: { 200: fieldDeviceView },
      },
    },
    async (req, reply) => {
      const d = await repo(req).fieldDevices.revoke(req.params.id, ifMatchVersion(req));
      setEtag(reply, d.version);
      return d;
    },
  );
  r.post(
    '/api/field/devices/:id/contact',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'A device reports (x-field-token, no session): whether to keep or erase its cache',
        params: idParams,
        body: fieldContactBody,
        response: { 200: fieldContactResponse },
      },
    },
    async (req, reply) => {
      await limited(req.params.id);
      reply.header('cache-control', 'no-store');
      return deviceRepo(req).fieldDevices.contact(req.params.id, tokenOf(req), req.body);
    },
  );
  r.post(
    '/api/field/devices/:id/erased',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'A device reports (x-field-token, no session) that it erased its cache',
        params: idParams,
        body: fieldErasedBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await limited(req.params.id);
      await deviceRepo(req).fieldDevices.erased(req.params.id, tokenOf(req), req.body);
      return reply.status(204).send(null);
    },
  );

  // ---- the device's snapshot (snapshot.ts, its own file): registered here ----
  fieldSnapshotRoutes(app, s);
}
