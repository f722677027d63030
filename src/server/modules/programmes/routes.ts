// Programme delivery routes: thin, over the scoped repository.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attendanceBody,
  correctionBatchBody,
  correctionBatchView,
  correctionBody,
  correctionDecisionBody,
  graduationExceptionBody,
  graduationExceptionDecision,
  graduationExceptionDecisionBody,
  graduationExceptionListResponse,
  graduationReopenBody,
  correctionView,
  openCorrectionsResponse,
  sessionDetailResponse,
  attendanceView,
  cohortBody,
  cohortListResponse,
  cohortUpdateBody,
  cohortView,
  enrollmentBody,
  enrollmentManyBody,
  enrollmentListResponse,
  enrollmentUpdateBody,
  enrollmentView,
  generateRuleBody,
  generatePreviewResponse,
  officeCalendarStatus,
  graduationResponse,
  programmeBody,
  programmeListResponse,
  programmeUpdateBody,
  programmeView,
  sessionBody,
  sessionBulkBody,
  sessionListResponse,
  sessionReportBody,
  sessionUpdateBody,
  sessionView,
  venueBody,
  venueListResponse,
  venuePaymentBody,
  venueUpdateBody,
  venueView,
  cohortListQuery,
  venueListQuery,
} from '../../../shared/programme-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { idempotent } from '../../http/kit/idempotency.ts';
import { attendanceSheetPdf, certificatePdf, schedulePdf } from './documents.ts';
import { officeOf } from '../../documents/offices.ts';
import { AppError } from '../../errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../participants/files.ts';
import { calendarStatusOn } from './rules.ts';
import { officeToday } from '../../clock.ts';

const idParams = z.object({ id: z.uuid() });

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(pdf);
}

/** The one file of a multipart upload (receipt, contract), before its content is checked by the store. */
async function oneFile(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', 415, 'Send the file as multipart/form-data');
  const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
  if (!part)
    throw new AppError('validation_failed', 400, 'Attach a file', [
      { field: 'body.file', message: 'Required', code: 'required' },
    ]);
  const data = await part.toBuffer();
  if (part.file.truncated) throw new AppError('file_too_large', 413, 'Files can be at most 5 MB');
  return data;
}

/** A stored file sent as a download that the browser never renders in the app's origin. */
function sendFile(reply: FastifyReply, name: string, file: { bytes: Buffer; mime: string }) {
  return reply
    .header('content-type', file.mime)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.bytes);
}

export function programmeRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).programmes;
  const corrections = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).corrections;
  const exceptions = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).exceptions;
  const tags = ['programmes'];

  r.get(
    '/api/office-calendar',
    {
      schema: {
        tags,
        summary: 'Which years the office calendar covers; whether next year is due (from 1 October)',
        response: { 200: officeCalendarStatus },
      },
    },
    async () => calendarStatusOn(officeToday(s.clock)),
  );
  r.get(
    '/api/programmes',
    { schema: { tags, summary: 'Programmes', response: { 200: programmeListResponse } } },
    async (req) => ({ items: await repo(req).listProgrammes() }),
  );
  r.post(
    '/api/programmes',
    {
      schema: {
        tags,
        summary: 'Plan a programme (head of section)',
        body: programmeBody,
        response: { 201: programmeView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).createProgramme(req.body)),
  );
  r.get(
    '/api/programmes/:id',
    { schema: { tags, summary: 'One programme', params: idParams, response: { 200: programmeView } } },
    async (req, reply) => {
      const p = await repo(req).getProgramme(req.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );
  r.patch(
    '/api/programmes/:id',
    {
      schema: {
        tags,
        summary: 'Change a programme (If-Match)',
        params: idParams,
        body: programmeUpdateBody,
        response: { 200: programmeView },
      },
    },
    async (req, reply) => {
      const p = await repo(req).updateProgramme(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, p.version);
      return p;
    },
  );

  r.get(
    '/api/venues',
    {
      schema: {
        tags: ['venues'],
        summary: 'Rented venues, one page in a whitelisted order',
        querystring: venueListQuery,
        response: { 200: venueListResponse },
      },
    },
    async (req) => repo(req).listVenues(req.query),
  );
  r.post(
    '/api/venues',
    { schema: { tags: ['venues'], summary: 'Add a venue', body: venueBody, response: { 201: venueView } } },
    async (req, reply) => reply.status(201).send(await repo(req).createVenue(req.body)),
  );
  r.get(
    '/api/venues/:id',
    {
      schema: {
        tags: ['venues'],
        summary: 'One venue with its payments',
        params: idParams,
        response: { 200: venueView },
      },
    },
    async (req, reply) => {
      const v = await repo(req).getVenue(req.params.id);
      setEtag(reply, v.version);
      return v;
    },
  );
  r.patch(
    '/api/venues/:id',
    {
      schema: {
        tags: ['venues'],
        summary: 'Change a venue (If-Match)',
        params: idParams,
        body: venueUpdateBody,
        response: { 200: venueView },
      },
    },
    async (req, reply) => {
      const v = await repo(req).updateVenue(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, v.version);
      return v;
    },
  );
  r.post(
    '/api/venues/:id/payments',
    {
      schema: {
        tags: ['venues'],
        summary: 'Record a rent payment',
        params: idParams,
        body: venuePaymentBody,
        response: { 201: venueView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).addVenuePayment(req.params.id, req.body)),
  );

  const paymentParams = z.object({ id: z.uuid(), paymentId: z.uuid() });
  r.post(
    '/api/venues/:id/payments/:paymentId/receipt',
    {
      config: { multipart: true },
      bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
      schema: {
        tags: ['venues'],
        summary: 'Attach the receipt scan of a payment (multipart "file": JPEG, PNG or PDF)',
        params: paymentParams,
        consumes: ['multipart/form-data'],
        response: { 200: venueView },
      },
    },
    async (req) => repo(req).attachReceipt(req.params.id, req.params.paymentId, await oneFile(req)),
  );
  r.get(
    '/api/venues/:id/payments/:paymentId/receipt',
    { schema: { tags: ['venues'], summary: 'Download the receipt scan', params: paymentParams } },
    async (req, reply) => sendFile(reply, 'kuitansi', await repo(req).receipt(req.params.id, req.params.paymentId)),
  );
  r.post(
    '/api/venues/:id/contract',
    {
      config: { multipart: true },
      bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
      schema: {
        tags: ['venues'],
        summary: 'Upload the rent contract (multipart "file": JPEG, PNG or PDF; replaces the one held)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 200: venueView },
      },
    },
    async (req) => repo(req).attachContract(req.params.id, await oneFile(req)),
  );
  r.get(
    '/api/venues/:id/contract',
    { schema: { tags: ['venues'], summary: 'Download the rent contract (audited)', params: idParams } },
    async (req, reply) => {
      const file = await repo(req).contract(req.params.id);
      const ext = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' }[file.mime] ?? 'bin';
      return sendFile(reply, `kontrak-sewa.${ext}`, file);
    },
  );

  r.get(
    '/api/cohorts',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Cohorts in your scope (facilitators: where they teach), one page in a whitelisted order',
        querystring: cohortListQuery,
        response: { 200: cohortListResponse },
      },
    },
    async (req) => repo(req).listCohorts(req.query),
  );
  r.post(
    '/api/cohorts',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Create a cohort (a venue booking that overlaps another is refused)',
        body: cohortBody,
        response: { 201: cohortView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).createCohort(req.body)),
  );
  r.get(
    '/api/cohorts/:id',
    { schema: { tags: ['cohorts'], summary: 'One cohort', params: idParams, response: { 200: cohortView } } },
    async (req, reply) => {
      const c = await repo(req).getCohort(req.params.id);
      setEtag(reply, c.version);
      return c;
    },
  );
  r.patch(
    '/api/cohorts/:id',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Change a cohort (If-Match)',
        params: idParams,
        body: cohortUpdateBody,
        response: { 200: cohortView },
      },
    },
    async (req, reply) => {
      const c = await repo(req).updateCohort(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, c.version);
      return c;
    },
  );

  r.get(
    '/api/cohorts/:id/enrollments',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Enrolments: code, preferred name, status, attendance rate',
        params: idParams,
        response: { 200: enrollmentListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listEnrollments(req.params.id) }),
  );
  r.post(
    '/api/cohorts/:id/enrollments',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Enrol a participant (consent, assessment and approved plan required; waitlist past capacity)',
        params: idParams,
        body: enrollmentBody,
        response: { 201: enrollmentView },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await repo(req).enrol(
            req.params.id,
            req.body.participantId,
            req.body.track,
            req.body.waitlist,
            req.body.enrolledOn,
          ),
        ),
  );
  r.post(
    '/api/cohorts/:id/enrollments/bulk',
    {
      schema: {
        tags: ['cohorts'],
        summary:
          'Enrol several participants at once, all or none (409 enrolment_refused names who cannot be enrolled and why)',
        params: idParams,
        body: enrollmentManyBody,
        response: { 201: enrollmentListResponse },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        items: await repo(req).enrolMany(
          req.params.id,
          req.body.participantIds,
          req.body.waitlist,
          req.body.track,
          req.body.enrolledOn,
        ),
      }),
  );
  r.patch(
    '/api/enrollments/:id',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Drop-out or withdrawal with a reason (If-Match)',
        params: idParams,
        body: enrollmentUpdateBody,
        response: { 200: enrollmentView },
      },
    },
    async (req) => repo(req).leave(req.params.id, req.body, ifMatchVersion(req)),
  );

  r.get(
    '/api/cohorts/:id/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'The schedule (facilitators: their own sessions)',
        params: idParams,
        response: { 200: sessionListResponse },
      },
    },
    async (req) => ({ items: await repo(req).listSessions(req.params.id) }),
  );
  r.post(
    '/api/cohorts/:id/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Add one session',
        params: idParams,
        body: sessionBody,
        response: { 201: sessionView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).addSession(req.params.id, req.body)),
  );
  r.post(
    '/api/cohorts/:id/sessions/generate',
    {
      schema: {
        tags: ['sessions'],
        summary:
          'Generate sessions from a weekly rule; national holidays skipped or moved (dryRun: the dates it would make, 200, nothing written)',
        params: idParams,
        body: generateRuleBody,
        response: { 201: sessionListResponse, 200: generatePreviewResponse },
      },
    },
    async (req, reply) =>
      req.body.dryRun
        ? reply.status(200).send(await repo(req).previewSessions(req.params.id, req.body))
        : reply.status(201).send(await repo(req).generateSessions(req.params.id, req.body)),
  );
  r.post(
    '/api/cohorts/:id/sessions/bulk',
    {
      schema: {
        tags: ['sessions'],
        summary:
          'Cancel several sessions of a cohort, or move them by a number of days, with one reason: all or none (412 stale_version, 409 session_cancelled)',
        params: idParams,
        body: sessionBulkBody,
        response: { 200: sessionListResponse },
      },
    },
    async (req) => ({ items: await repo(req).changeSessions(req.params.id, req.body) }),
  );
  r.patch(
    '/api/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Move, change or cancel one session (If-Match)',
        params: idParams,
        body: sessionUpdateBody,
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const sess = await repo(req).updateSession(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, sess.version);
      return sess;
    },
  );
  r.put(
    '/api/sessions/:id/report',
    {
      schema: {
        tags: ['sessions'],
        summary:
          "Record whether the session's partner came and its short report (whoever marks its attendance; If-Match)",
        params: idParams,
        body: sessionReportBody,
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const sess = await repo(req).recordSessionReport(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, sess.version);
      return sess;
    },
  );
  r.get(
    '/api/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'One session with its cohort (its facilitator, staff of the region)',
        params: idParams,
        response: { 200: sessionDetailResponse },
      },
    },
    async (req, reply) => {
      const d = await repo(req).getSession(req.params.id);
      setEtag(reply, d.session.version);
      return d;
    },
  );
  r.get(
    '/api/sessions/:id/attendance',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Attendance of a session',
        params: idParams,
        response: { 200: attendanceView },
      },
    },
    async (req, reply) => {
      const a = await repo(req).getAttendance(req.params.id);
      setEtag(reply, a.version);
      return a;
    },
  );
  r.put(
    '/api/sessions/:id/attendance',
    {
      schema: {
        tags: ['sessions'],
        summary:
          "Mark attendance (locks seven days after the session, except for managers; optional If-Match: the register's version, 412 stale_version when it changed; Idempotency-Key)",
        params: idParams,
        body: attendanceBody,
        response: { 200: attendanceView },
      },
    },
    async (req, reply) => {
      const expected = req.headers['if-match'] === undefined ? undefined : ifMatchVersion(req);
      const a = await idempotent(req, reply, s, 200, () => repo(req).markAttendance(req.params.id, req.body, expected));
      setEtag(reply, a.version);
      return a;
    },
  );
  r.post(
    '/api/sessions/:id/attendance-corrections',
    {
      schema: {
        tags: ['sessions'],
        summary:
          "Ask the head of section to correct one participant's mark after attendance locked (whoever marks the session; 409 correction_not_needed before the lock, correction_pending while one waits)",
        params: idParams,
        body: correctionBody,
        response: { 201: correctionView },
      },
    },
    async (req, reply) => {
      const created = await corrections(req).request(req.params.id, req.body);
      return reply.code(201).send(created);
    },
  );
  r.post(
    '/api/sessions/:id/attendance-correction-batches',
    {
      schema: {
        tags: ['sessions'],
        summary:
          "Ask, in one request with one reason, for several participants' marks on a locked session to be corrected; decided together, all or none (409 correction_not_needed before the lock, correction_pending when one of them already waits)",
        params: idParams,
        body: correctionBatchBody,
        response: { 201: correctionBatchView },
      },
    },
    async (req, reply) => {
      const created = await corrections(req).requestBatch(req.params.id, req.body.items, req.body.reason);
      return reply.code(201).send(created);
    },
  );
  r.post(
    '/api/attendance-correction-batches/:id/decision',
    {
      schema: {
        tags: ['sessions'],
        summary:
          "Approve (every mark changes) or decline a session's correction request in one decision, once: the head of section of the cohort's region, never its requester (409 already_decided, 403 second_person_required)",
        params: idParams,
        body: correctionDecisionBody,
        response: { 200: correctionBatchView },
      },
    },
    async (req) => corrections(req).decideBatch(req.params.id, req.body.approve),
  );
  r.get(
    '/api/sessions/:id/attendance-corrections',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Corrections of this session waiting for the head of section, oldest first (audited)',
        params: idParams,
        response: { 200: openCorrectionsResponse },
      },
    },
    async (req) => ({ items: await corrections(req).openForSession(req.params.id) }),
  );
  r.post(
    '/api/attendance-corrections/:id/decision',
    {
      schema: {
        tags: ['sessions'],
        summary:
          "Approve (the mark changes) or decline a correction, once: the head of section of the cohort's region, never its requester (409 already_decided, 403 second_person_required)",
        params: idParams,
        body: correctionDecisionBody,
        response: { 200: correctionView },
      },
    },
    async (req) => corrections(req).decide(req.params.id, req.body.approve),
  );

  r.post(
    '/api/cohorts/:id/graduate',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Evaluate each enrolment against the completion rule',
        params: idParams,
        response: { 200: graduationResponse },
      },
    },
    async (req) => repo(req).evaluateGraduation(req.params.id),
  );
  r.post(
    '/api/cohorts/:id/graduate/confirm',
    {
      schema: {
        tags: ['cohorts'],
        summary: 'Confirm graduation (head of section)',
        params: idParams,
        response: { 200: graduationResponse },
      },
    },
    async (req) => repo(req).confirmGraduation(req.params.id),
  );
  r.post(
    '/api/cohorts/:id/graduate/reopen',
    {
      schema: {
        tags: ['cohorts'],
        summary:
          "Reopen a confirmed graduation within the programme's window, with a reason (head of section; 409 reopen_window_closed, graduation_has_aid, graduation_has_follow_ups)",
        params: idParams,
        body: graduationReopenBody,
        response: { 200: graduationResponse },
      },
    },
    async (req) => repo(req).reopenGraduation(req.params.id, req.body.reason),
  );
  r.post(
    '/api/enrollments/:id/graduation-exception',
    {
      schema: {
        tags: ['cohorts'],
        summary:
          'Grant her an exception to the completion rule, with a reason (head of section; the approver of exceptions confirms; 409 exception_exists, exception_not_needed)',
        params: idParams,
        body: graduationExceptionBody,
        response: { 201: graduationExceptionDecision },
      },
    },
    async (req, reply) => reply.code(201).send(await exceptions(req).grant(req.params.id, req.body.reason)),
  );
  r.get(
    '/api/cohorts/:id/graduation-exceptions',
    {
      schema: {
        tags: ['cohorts'],
        summary: "A cohort's graduation exceptions with their reasons (head of section and approver; audited)",
        params: idParams,
        response: { 200: graduationExceptionListResponse },
      },
    },
    async (req) => ({ items: await exceptions(req).listForCohort(req.params.id) }),
  );
  r.post(
    '/api/graduation-exceptions/:id/decision',
    {
      schema: {
        tags: ['cohorts'],
        summary:
          'Confirm or decline an exception, once: the office approver of exceptions, never who granted it (409 already_decided, 403 second_person_required)',
        params: idParams,
        body: graduationExceptionDecisionBody,
        response: { 200: graduationExceptionDecision },
      },
    },
    async (req) => exceptions(req).decide(req.params.id, req.body.approve),
  );

  r.get(
    '/api/sessions/:id/attendance-sheet.pdf',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Attendance sheet (daftar hadir) with a signature column',
        params: idParams,
      },
    },
    async (req, reply) => {
      const d = await repo(req).attendanceSheetData(req.params.id);
      return sendPdf(
        reply,
        `daftar-hadir-${d.session.date}.pdf`,
        await attendanceSheetPdf(d, s.clock.now(), officeOf(d.region, s.config.offices)),
      );
    },
  );
  r.get(
    '/api/cohorts/:id/schedule.pdf',
    { schema: { tags: ['sessions'], summary: 'The printable schedule of a cohort', params: idParams } },
    async (req, reply) => {
      const d = await repo(req).scheduleData(req.params.id);
      return sendPdf(
        reply,
        `jadwal-${d.startDate}.pdf`,
        await schedulePdf(d, s.clock.now(), officeOf(d.region, s.config.offices)),
      );
    },
  );
  r.get(
    '/api/enrollments/:id/certificate.pdf',
    { schema: { tags: ['cohorts'], summary: 'Certificate (sertifikat) of a graduate', params: idParams } },
    async (req, reply) => {
      const d = await repo(req).certificateData(req.params.id);
      return sendPdf(
        reply,
        `sertifikat-${d.code}.pdf`,
        await certificatePdf(d, s.clock.now(), officeOf(d.region, s.config.offices)),
      );
    },
  );
}
