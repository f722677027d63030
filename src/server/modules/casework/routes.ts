// Outreach, assessment, case plan, partner and referral routes: thin, over the scoped repository.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alertListResponse,
  assessmentBody,
  assessmentDetailResponse,
  assessmentListResponse,
  casePlanBody,
  casePlanApproveBody,
  casePlanReply,
  casePlanView,
  outreachBody,
  outreachListQuery,
  outreachListResponse,
  outreachUpdateBody,
  outreachView,
  partnerBody,
  partnerListQuery,
  partnerListResponse,
  partnerUpdateBody,
  partnerView,
  prospectListQuery,
  prospectListResponse,
  referralBody,
  referralListResponse,
  referralUpdateBody,
  referralView,
} from '../../../shared/casework-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { idempotent } from '../../http/kit/idempotency.ts';
import { casePlanPdf, referralLetterPdf } from './documents.ts';
import { officeOf } from '../../documents/offices.ts';
import type { FastifyReply } from 'fastify';

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });

export function caseworkRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).casework;

  // ---- outreach
  r.get(
    '/api/outreach',
    {
      schema: {
        tags: ['outreach'],
        summary: 'Outreach contacts in your scope, with counts per region and month',
        querystring: outreachListQuery,
        response: { 200: outreachListResponse },
      },
    },
    async (req) => repo(req).listOutreach(req.query),
  );

  r.post(
    '/api/outreach',
    {
      schema: {
        tags: ['outreach'],
        summary: 'Record an outreach contact: no name, NIK or address (Idempotency-Key accepted)',
        body: outreachBody,
        response: { 201: outreachView },
      },
    },
    async (req, reply) => {
      const o = await idempotent(req, reply, s, 201, () => repo(req).createOutreach(req.body));
      setEtag(reply, o.version);
      return reply.status(201).send(o);
    },
  );

  r.get(
    '/api/outreach/prospects',
    {
      schema: {
        tags: ['outreach'],
        summary:
          'Prospects (repeated contacts under one self-chosen alias in a region) in your scope: filtered by status and region, sorted by a whitelisted column (never the alias) and paged, with the total',
        querystring: prospectListQuery,
        response: { 200: prospectListResponse },
      },
    },
    async (req) => repo(req).listProspects(req.query),
  );

  r.get(
    '/api/outreach/:id',
    {
      schema: {
        tags: ['outreach'],
        summary: 'One outreach contact',
        params: idParams,
        response: { 200: outreachView },
      },
    },
    async (req, reply) => {
      const o = await repo(req).getOutreach(req.params.id);
      setEtag(reply, o.version);
      return o;
    },
  );

  r.patch(
    '/api/outreach/:id',
    {
      schema: {
        tags: ['outreach'],
        summary: 'Correct an outreach contact (If-Match required)',
        params: idParams,
        body: outreachUpdateBody,
        response: { 200: outreachView },
      },
    },
    async (req, reply) => {
      const o = await repo(req).updateOutreach(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, o.version);
      return o;
    },
  );

  r.get(
    '/api/alerts',
    {
      schema: {
        tags: ['outreach'],
        summary: 'Alerts for the head of section (e.g. a person who did not come of her own will)',
        response: { 200: alertListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listAlerts() }),
  );

  r.post(
    '/api/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['outreach'],
        summary: 'Mark an alert as seen (head of section)',
        params: idParams,
        response: { 200: alertListResponse },
      },
    },
    async (req) => ({ items: await repo(req).acknowledgeAlert(req.params.id) }),
  );

  // ---- assessments
  r.get(
    '/api/participants/:id/assessments',
    {
      schema: {
        tags: ['assessment'],
        summary: 'Assessment versions',
        params: idParams,
        response: { 200: assessmentListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listAssessments(req.params.id) }),
  );

  r.post(
    '/api/participants/:id/assessments',
    {
      schema: {
        tags: ['assessment'],
        summary: 'A new assessment version (SRQ-20 scored, risk proposed)',
        params: idParams,
        body: assessmentBody,
        response: { 201: assessmentDetailResponse },
      },
    },
    async (req, reply) => {
      const created = await repo(req).createAssessment(
        req.params.id,
        req.body.answers,
        req.body.confirmedRisk,
        req.body.assessedOn,
      );
      return reply.status(201).send(await repo(req).getAssessment(req.params.id, created.version));
    },
  );

  r.get(
    '/api/participants/:id/assessments/:version',
    {
      schema: {
        tags: ['assessment'],
        summary: 'One assessment version and what changed since the previous one',
        params: versionParams,
        response: { 200: assessmentDetailResponse },
      },
    },
    async (req) => repo(req).getAssessment(req.params.id, req.params.version),
  );

  r.post(
    '/api/participants/:id/assessments/:version/review',
    {
      schema: {
        tags: ['assessment'],
        summary: 'The head of section reviews an assessment',
        params: versionParams,
        response: { 200: assessmentDetailResponse },
      },
    },
    async (req) => repo(req).reviewAssessment(req.params.id, req.params.version),
  );

  // ---- case plan
  r.get(
    '/api/participants/:id/case-plan',
    {
      schema: {
        tags: ['case plan'],
        summary: 'The case plan (null when none yet)',
        params: idParams,
        response: { 200: casePlanReply },
      },
    },
    async (req, reply) => {
      const plan = await repo(req).getCasePlan(req.params.id);
      if (plan) setEtag(reply, plan.version);
      return plan;
    },
  );

  r.put(
    '/api/participants/:id/case-plan',
    {
      schema: {
        tags: ['case plan'],
        summary: 'Write the case plan (If-Match when one exists); it becomes a draft until approved',
        params: idParams,
        body: casePlanBody,
        response: { 200: casePlanView },
      },
    },
    async (req, reply) => {
      const plan = await repo(req).putCasePlan(
        req.params.id,
        req.body,
        req.headers['if-match'] ? ifMatchVersion(req) : undefined,
      );
      setEtag(reply, plan.version);
      return plan;
    },
  );

  r.post(
    '/api/participants/:id/case-plan/approve',
    {
      schema: {
        tags: ['case plan'],
        summary:
          'The head of section approves the plan on the day it happened (approvedOn: default today; If-Match optional)',
        params: idParams,
        body: casePlanApproveBody,
        response: { 200: casePlanView },
      },
    },
    async (req, reply) => {
      const plan = await repo(req).approveCasePlan(
        req.params.id,
        req.headers['if-match'] ? ifMatchVersion(req) : undefined,
        req.body?.approvedOn,
      );
      setEtag(reply, plan.version);
      return plan;
    },
  );

  // ---- partners
  r.get(
    '/api/partners',
    {
      schema: {
        tags: ['partners'],
        summary: 'Partner organisations, one page in a whitelisted order',
        querystring: partnerListQuery,
        response: { 200: partnerListResponse },
      },
    },
    async (req) => repo(req).listPartners(req.query),
  );

  r.post(
    '/api/partners',
    {
      schema: {
        tags: ['partners'],
        summary: 'Add a partner organisation (Idempotency-Key accepted)',
        body: partnerBody,
        response: { 201: partnerView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await idempotent(req, reply, s, 201, () => repo(req).createPartner(req.body))),
  );

  r.get(
    '/api/partners/:id',
    {
      schema: { tags: ['partners'], summary: 'One partner', params: idParams, response: { 200: partnerView } },
    },
    async (req, reply) => {
      const p = await repo(req).getPartner(req.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );

  r.patch(
    '/api/partners/:id',
    {
      schema: {
        tags: ['partners'],
        summary: 'Change a partner (If-Match required)',
        params: idParams,
        body: partnerUpdateBody,
        response: { 200: partnerView },
      },
    },
    async (req, reply) => {
      const p = await repo(req).updatePartner(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, p.version);
      return p;
    },
  );

  // ---- referrals
  r.get(
    '/api/participants/:id/referrals',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Her referrals',
        params: idParams,
        response: { 200: referralListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listReferrals(req.params.id) }),
  );

  r.post(
    '/api/participants/:id/referrals',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Refer her to a partner (refused without her sharing consent for that kind of partner)',
        params: idParams,
        body: referralBody,
        response: { 201: referralView },
      },
    },
    async (req, reply) => {
      const ref = await idempotent(req, reply, s, 201, () => repo(req).createReferral(req.params.id, req.body));
      setEtag(reply, ref.version);
      return reply.status(201).send(ref);
    },
  );

  r.get(
    '/api/referrals/:id',
    {
      schema: {
        tags: ['referrals'],
        summary: 'One referral, with its version (whoever may read her referrals; audited)',
        params: idParams,
        response: { 200: referralView },
      },
    },
    async (req, reply) => {
      const ref = await repo(req).getReferral(req.params.id);
      setEtag(reply, ref.version);
      return ref;
    },
  );

  r.patch(
    '/api/referrals/:id',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Record the partner’s answer (If-Match required); blocked after consent is withdrawn',
        params: idParams,
        body: referralUpdateBody,
        response: { 200: referralView },
      },
    },
    async (req, reply) => {
      const ref = await repo(req).updateReferral(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, ref.version);
      return ref;
    },
  );

  // ---- printed papers
  r.get(
    '/api/participants/:id/case-plan.pdf',
    {
      schema: { tags: ['case plan'], summary: 'The case plan as a PDF for the case file (audited)', params: idParams },
    },
    async (req, reply) => {
      const d = await repo(req).casePlanDocument(req.params.id);
      return sendPdf(
        reply,
        `rencana-intervensi-${d.code}.pdf`,
        await casePlanPdf(d, s.clock.now(), officeOf(d.region, s.config.offices)),
      );
    },
  );

  r.get(
    '/api/referrals/:id/letter.pdf',
    {
      schema: {
        tags: ['referrals'],
        summary: 'The referral letter as a PDF: only what her consent allows (audited)',
        params: idParams,
      },
    },
    async (req, reply) => {
      const d = await repo(req).referralLetterData(req.params.id);
      return sendPdf(
        reply,
        `surat-rujukan-${d.code}.pdf`,
        await referralLetterPdf(d, s.clock.now(), officeOf(d.region, s.config.offices)),
      );
    },
  );
}
