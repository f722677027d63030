// Dashboard and annual report routes. Who gets de-identified figures is decided here from the policy:
// roles without identity access, and any export with share=external.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffName, type Services } from '../../context.ts';
import { officeToday } from '../../clock.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { can, isNational, provinceOf } from '../../policy/index.ts';
import { annualPdf, annualXlsx, shapeAnnual, type Audience } from './annual.ts';
import { officeOf } from '../../documents/offices.ts';
import { identifiedXlsx } from './identified.ts';
import {
  annualQuery,
  annualReportView,
  dashboardView,
  identifiedListQuery,
  narrativeBody,
} from '../../../shared/report-api.ts';

/** Thresholds are settings: 5 inside the office, 11 for anything shared outside; never below 3. */
export const THRESHOLD_INTERNAL = 5;
export const THRESHOLD_EXTERNAL = 11;

export function reportRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req));
  const tags = ['reports'];

  const build = async (req: FastifyRequest, q: z.infer<typeof annualQuery>) => {
    const actor = authOf(req).actor;
    // A national reader is outside each province's office (its own data controller): what she sees is shared
    // outside, suppressed at the external threshold.
    const audience: Audience =
      q.share === 'external' || isNational(actor)
        ? { threshold: THRESHOLD_EXTERNAL, share: 'external' }
        : can(actor, 'report.identified')
          ? { threshold: null, share: 'internal' }
          : { threshold: THRESHOLD_INTERNAL, share: 'internal' };
    // De-identified figures come from one fixed set of tables, the reader's whole scope, suppressed together: a
    // region chosen on its own would publish the same counts suppressed differently, and one release could be
    // subtracted from the other. The region filter is for figures as counted only.
    const region = audience.threshold === null ? q.region : undefined;
    const figures = await repo(req).reports.annual(q.year, region);
    return shapeAnnual(figures, region ?? null, audience);
  };
  const exported = async (
    req: FastifyRequest,
    format: string,
    q: z.infer<typeof annualQuery>,
    region: string | null,
  ) => {
    await repo(req).reports.recordExport(
      `annual:${q.year}:${region ?? provinceOf(authOf(req).actor)}`,
      format,
      q.share,
    );
  };

  r.get(
    '/api/dashboard',
    { schema: { tags, summary: 'Figures for the signed-in user’s own slice', response: { 200: dashboardView } } },
    async (req) => repo(req).reports.dashboard(),
  );

  r.get(
    '/api/reports/annual',
    {
      schema: {
        tags,
        summary:
          'Annual report as JSON (de-identified for roles without identity access or with share=external: then over the caller’s whole scope, region ignored)',
        querystring: annualQuery,
        response: { 200: annualReportView },
      },
    },
    async (req) => build(req, req.query),
  );

  r.get(
    '/api/reports/annual.xlsx',
    { schema: { tags, summary: 'Annual report as XLSX, one sheet per section', querystring: annualQuery } },
    async (req, reply) => {
      const report = await build(req, req.query);
      await exported(req, 'xlsx', req.query, report.region);
      const file = await annualXlsx(report, {
        generatedBy: staffName(authOf(req).actor),
        generatedAt: s.clock.now().toISOString(),
        office: officeOf(provinceOf(authOf(req).actor), s.config.offices),
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="laporan-tahunan-${req.query.year}${report.region ? `-${report.region}` : ''}${req.query.share === 'external' ? '-eksternal' : ''}.xlsx"`,
        )
        .send(file);
    },
  );

  r.get(
    '/api/reports/annual.pdf',
    { schema: { tags, summary: 'Annual report as PDF with charts', querystring: annualQuery } },
    async (req, reply) => {
      const report = await build(req, req.query);
      await exported(req, 'pdf', req.query, report.region);
      const file = await annualPdf(report, {
        generatedBy: staffName(authOf(req).actor),
        generatedAt: s.clock.now(),
        office: officeOf(provinceOf(authOf(req).actor), s.config.offices),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="laporan-tahunan-${req.query.year}.pdf"`)
        .send(file);
    },
  );

  r.get(
    '/api/reports/participants.xlsx',
    {
      schema: {
        tags,
        summary:
          'Identified participant list of the caller’s scope (report.identified); a stated reason is required and audited',
        querystring: identifiedListQuery,
      },
    },
    async (req, reply) => {
      const list = await repo(req).participants.identifiedList(req.query.reason, req.query.region);
      const file = await identifiedXlsx(list, { username: list.by.username, name: list.by.name, at: s.clock.now() });
      // The office's day, not UTC's: a list made at 07.30 WITA is dated that morning.
      const stamp = officeToday(s.clock);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="daftar-peserta-${list.region ?? 'cakupan'}-${stamp}.xlsx"`,
        )
        .send(file);
    },
  );

  r.put(
    '/api/reports/annual/narrative',
    {
      schema: {
        tags,
        summary: 'The narrative section of a year’s report (head of section)',
        body: narrativeBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await repo(req).reports.setNarrative(req.body.year, req.body.region, req.body.text);
      return reply.status(204).send(null);
    },
  );
}
