// Browsing the audit log (auditor, admin). Reading it is itself audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditExportQuery, auditListResponse, auditQuery } from '../../../shared/api.ts';
import { safeCell } from '../reports/annual.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';

export function auditRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first, with filters',
        querystring: auditQuery,
        response: { 200: auditListResponse },
      },
    },
    async (req) => scopedRepo(s, authOf(req).actor, requestMeta(req)).auditLog.list(req.query),
  );

  r.get(
    '/api/audit/export.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every audit entry of a period as CSV (breach response; audited)',
        querystring: auditExportQuery,
      },
    },
    async (req, reply) => {
      const items = await scopedRepo(s, authOf(req).actor, requestMeta(req)).auditLog.exportPeriod(
        req.query.from,
        req.query.to,
      );
      const esc = (v: unknown) => {
        const text = String(
          safeCell(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : (v as string)) ??
            '',
        );
        return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      };
      const header = [
        'seq',
        'at',
        'actorId',
        'actor',
        'action',
        'resourceType',
        'resourceId',
        'outcome',
        'ip',
        'requestId',
        'detail',
      ];
      const lines = [header.join(','), ...items.map((e) => header.map((h) => esc(e[h as keyof typeof e])).join(','))];
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${req.query.from}-${req.query.to}.csv"`)
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );
}
