// The field snapshot's route: what her registered device holds for the next days. Small on the wire: gzip when
// the device accepts it (the only route that compresses: @fastify/compress is registered with global: false), and
// a sync with nothing new is one 304 (If-None-Match against the content's hash). Never cached on the way
// (Cache-Control: no-store, as every API answer).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIELD_DEVICE_HEADER, fieldSnapshot } from '../../../shared/field-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';

export function fieldSnapshotRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/field/snapshot',
    {
      compress: { encodings: ['gzip'] },
      schema: {
        tags: ['field'],
        summary:
          "Her device's snapshot (header x-field-device: her own ACTIVE device, else 404 / 410 field_device_revoked); ETag, If-None-Match → 304; gzip",
        response: { 200: fieldSnapshot, 304: z.null() },
      },
    },
    async (req, reply) => {
      const raw = req.headers[FIELD_DEVICE_HEADER];
      const inm = req.headers['if-none-match'];
      const { etag, snapshot } = await scopedRepo(s, authOf(req).actor, requestMeta(req)).fieldSnapshot.fill(
        typeof raw === 'string' ? raw : undefined,
        typeof inm === 'string' ? inm : undefined,
      );
      reply.header('etag', etag);
      if (!snapshot) return reply.status(304).send(null);
      return snapshot;
    },
  );
}
