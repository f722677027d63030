// Kits, budget and allocation routes: thin, over the scoped repository.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  allocationListResponse,
  allocationProposeBody,
  allocationView,
  aidDecreeBody,
  aidDecreeListResponse,
  aidDecreeView,
  budgetLineBody,
  budgetLineDecisionBody,
  budgetLineListResponse,
  budgetLineView,
  budgetView,
  handoverBody,
  itemEventBody,
  kitBody,
  kitListResponse,
  kitUpdateBody,
  kitView,
  procurementBody,
  procurementExceptionBody,
} from '../../../shared/aid-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { AppError } from '../../errors.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { MAX_ATTACHMENT_BYTES } from '../participants/files.ts';
import { bastPdf, decreePdf } from './documents.ts';
import { officeOf } from '../../documents/offices.ts';

const idParams = z.object({ id: z.uuid() });

export function aidRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).aid;
  const tags = ['aid'];

  r.get(
    '/api/kits',
    { schema: { tags, summary: 'Kit catalogue', response: { 200: kitListResponse } } },
    async (req) => ({ items: await repo(req).listKits() }),
  );
  r.post(
    '/api/kits',
    { schema: { tags, summary: 'Add a kit', body: kitBody, response: { 201: kitView } } },
    async (req, reply) => reply.status(201).send(await repo(req).createKit(req.body)),
  );
  r.get(
    '/api/kits/:id',
    { schema: { tags, summary: 'One kit (current version)', params: idParams, response: { 200: kitView } } },
    async (req, reply) => {
      const k = await repo(req).getKit(req.params.id);
      setEtag(reply, k.version);
      return k;
    },
  );
  r.patch(
    '/api/kits/:id',
    {
      schema: {
        tags,
        summary: 'Change a kit: a new version (If-Match); handed-over kits keep theirs',
        params: idParams,
        body: kitUpdateBody,
        response: { 200: kitView },
      },
    },
    async (req, reply) => {
      const k = await repo(req).updateKit(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, k.version);
      return k;
    },
  );

  r.get(
    '/api/programmes/:id/budget-lines',
    {
      schema: {
        tags,
        summary: 'Budget lines of a programme',
        params: idParams,
        response: { 200: budgetLineListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listBudgetLines(req.params.id) }),
  );
  r.post(
    '/api/programmes/:id/budget-lines',
    {
      schema: {
        tags,
        summary: 'Add a budget line (over the ceiling only when the head of section confirms)',
        params: idParams,
        body: budgetLineBody,
        response: { 201: budgetLineView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).addBudgetLine(req.params.id, req.body)),
  );
  r.post(
    '/api/budget-lines/:id/decision',
    {
      schema: {
        tags,
        summary: "Approve or refuse a proposed budget line (the office's budget approver; never its proposer; once)",
        params: idParams,
        body: budgetLineDecisionBody,
        response: { 200: budgetLineView },
      },
    },
    async (req) => repo(req).decideBudgetLine(req.params.id, req.body.decision),
  );
  r.get(
    '/api/programmes/:id/budget',
    {
      schema: {
        tags,
        summary: 'Planned and realised totals, cost per participant and per graduate (integer rupiah)',
        params: idParams,
        response: { 200: budgetView },
      },
    },
    async (req) => repo(req).budget(req.params.id),
  );

  r.get(
    '/api/cohorts/:id/allocations',
    {
      schema: {
        tags,
        summary: 'Kit allocations of a cohort',
        params: idParams,
        response: { 200: allocationListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listAllocations(req.params.id) }),
  );
  r.post(
    '/api/cohorts/:id/allocations',
    {
      schema: {
        tags,
        summary: 'Propose each graduate the kit of her trade (alternatives with a reason)',
        params: idParams,
        body: allocationProposeBody,
        response: { 201: allocationListResponse },
      },
    },
    async (req, reply) => reply.status(201).send({ items: await repo(req).propose(req.params.id, req.body.overrides) }),
  );
  r.get(
    '/api/cohorts/:id/aid-decrees',
    {
      schema: {
        tags,
        summary: 'Beneficiary decisions (SK penetapan penerima manfaat) of a cohort',
        params: idParams,
        response: { 200: aidDecreeListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listDecrees(req.params.id) }),
  );
  r.post(
    '/api/cohorts/:id/aid-decrees',
    {
      schema: {
        tags,
        summary: 'Decide every approved allocation of the cohort not yet decided in one letter (the aid approver)',
        params: idParams,
        body: aidDecreeBody,
        response: { 201: aidDecreeView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).issueDecree(req.params.id, req.body)),
  );
  r.get(
    '/api/aid-decrees/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The beneficiary decision (SK) as a PDF (each name printed is audited)',
        params: idParams,
      },
    },
    async (req, reply) => {
      const d = await repo(req).decreeData(req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="sk-penerima-${d.decree.id.slice(0, 8)}.pdf"`)
        .send(await decreePdf(d, s.clock.now(), officeOf(d.region, s.config.offices)));
    },
  );
  r.get(
    '/api/allocations/:id',
    {
      schema: {
        tags,
        summary: 'One allocation with its items, handover and returns or losses',
        params: idParams,
        response: { 200: allocationView },
      },
    },
    async (req) => repo(req).getAllocation(req.params.id),
  );
  r.post(
    '/api/allocations/:id/approve',
    {
      schema: {
        tags,
        summary: "Approve an allocation (the office's aid approver, never its proposer)",
        params: idParams,
        response: { 200: allocationView },
      },
    },
    async (req) => repo(req).approve(req.params.id),
  );
  r.post(
    '/api/allocations/:id/procurement',
    {
      schema: {
        tags,
        summary: 'Procurement status per item',
        params: idParams,
        body: procurementBody,
        response: { 200: allocationView },
      },
    },
    async (req) => repo(req).setProcurement(req.params.id, req.body.items),
  );
  r.post(
    '/api/allocations/:id/procurement-exception',
    {
      schema: {
        tags,
        summary: 'An approver lets the handover go ahead before every item is procured, with a reason (audited)',
        params: idParams,
        body: procurementExceptionBody,
        response: { 200: allocationView },
      },
    },
    async (req) => repo(req).allowHandoverUnprocured(req.params.id, req.body.reason),
  );
  r.post(
    '/api/allocations/:id/handover',
    {
      schema: {
        tags,
        summary: 'Record the handover (serah terima) and her business',
        params: idParams,
        body: handoverBody,
        response: { 200: allocationView },
      },
    },
    async (req) => repo(req).handover(req.params.id, req.body),
  );
  r.post(
    '/api/allocations/:id/item-events',
    {
      schema: {
        tags,
        summary: 'Record the return or loss of a handed-over item (a new, linked record)',
        params: idParams,
        body: itemEventBody,
        response: { 201: allocationView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).recordItemEvent(req.params.id, req.body)),
  );
  for (const kind of ['signed-scan', 'photo'] as const) {
    r.post(
      `/api/allocations/:id/${kind}`,
      {
        config: { multipart: true },
        bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
        schema: {
          tags,
          summary:
            kind === 'photo'
              ? 'Handover photo (multipart "file"; only with photo consent)'
              : 'Signed BAST scan (multipart "file")',
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 200: allocationView },
        },
      },
      async (req) => {
        if (!req.isMultipart())
          throw new AppError('unsupported_media_type', 415, 'Send the file as multipart/form-data');
        const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
        if (!part)
          throw new AppError('validation_failed', 400, 'Attach a file', [
            { field: 'body.file', message: 'Required', code: 'required' },
          ]);
        const data = await part.toBuffer();
        if (part.file.truncated) throw new AppError('file_too_large', 413, 'Files can be at most 5 MB');
        return repo(req).attachHandoverFile(req.params.id, kind === 'photo' ? 'photo' : 'signed_scan', data);
      },
    );
  }
  r.get(
    '/api/allocations/:id/bast.pdf',
    { schema: { tags, summary: 'The handover paper (BAST) as a PDF', params: idParams } },
    async (req, reply) => {
      const d = await repo(req).bastData(req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="bast-${d.allocation.code}.pdf"`)
        .send(await bastPdf(d, s.clock.now(), officeOf(d.region, s.config.offices)));
    },
  );
}
