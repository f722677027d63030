// Participant routes: thin. Validation from the shared schemas; scope, policy, encryption and audit in the
// scoped repository; rules in rules.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  incomingTransfersResponse,
  provinceTransferBody,
  provinceTransfersResponse,
  transferAnswerBody,
  transferBody,
  transferView,
  assignmentDecisionBody,
  assignmentHistoryResponse,
  assignmentRequestBody,
  assignmentRequestView,
  caseloadReassignBody,
  caseloadReassignResponse,
  openAssignmentRequestsResponse,
  assignBody,
  attachmentListResponse,
  attachmentView,
  closureDecisionBody,
  consentInput,
  consentListResponse,
  noteCreateBody,
  noteHistoryResponse,
  noteListResponse,
  noteUpdateBody,
  duplicateDecisionBody,
  duplicateReviewView,
  noteView,
  participantCreateBody,
  participantCreateResponse,
  participantUpdateBody,
  participantUpdateResponse,
  participantView,
  revealNikResponse,
  searchBody,
  searchResponse,
  timelineResponse,
  transitionBody,
  transitionResponse,
  withdrawBody,
} from '../../../shared/participants-api.ts';
import { ATTACHMENT_KINDS } from '../../../shared/codes.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { AppError } from '../../errors.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { ifMatchVersion, setEtag } from '../../http/kit/etag.ts';
import { idempotent } from '../../http/kit/idempotency.ts';
import { consumeRate } from '../../http/kit/rate-limit.ts';
import { MAX_ATTACHMENT_BYTES } from './files.ts';

const idParams = z.object({ id: z.uuid() });
const noteParams = z.object({ id: z.uuid(), noteId: z.uuid() });
const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });
const attParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** Searches a signed-in user may run per minute: enough for work, too few to scrape the registry. */
export const SEARCHES_PER_MINUTE = 60;

export function participantRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['participants'];
  // Each handler builds the one store it needs over the request's context.
  const stores = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req));
  const repo = (req: FastifyRequest) => stores(req).participants;

  r.post(
    '/api/participants',
    {
      schema: {
        tags,
        summary:
          'Register a participant; her participation and data-processing consents come in the same request (Idempotency-Key accepted)',
        body: participantCreateBody,
        response: { 201: participantCreateResponse },
      },
    },
    async (req, reply) => {
      // Every registration with a NIK checks it against the whole register: counted per account, like searches.
      if (req.body.identity.nik)
        await consumeRate(
          s,
          `nik-check:${authOf(req).account.id}`,
          s.config.nikChecksPerHour,
          60 * 60_000,
          'registrations',
        );
      const created = await idempotent(req, reply, s, 201, () => repo(req).create(req.body));
      setEtag(reply, created.version);
      return reply.status(201).send(created);
    },
  );

  r.post(
    '/api/participants/search',
    {
      schema: {
        tags,
        summary: 'Search by code, exact NIK or name prefix, within your scope (terms in the body, never the URL)',
        body: searchBody,
        response: { 200: searchResponse },
      },
    },
    async (req) => {
      await consumeRate(s, `search:${authOf(req).account.id}`, SEARCHES_PER_MINUTE, 60_000);
      return repo(req).search(req.body);
    },
  );

  r.get(
    '/api/participants/:id',
    {
      schema: {
        tags,
        summary: 'A participant record (identity decrypted for roles that may see it; audited)',
        params: idParams,
        response: { 200: participantView },
      },
    },
    async (req, reply) => {
      const view = await repo(req).get(req.params.id);
      setEtag(reply, view.version);
      return view;
    },
  );

  r.patch(
    '/api/participants/:id',
    {
      schema: {
        tags,
        summary:
          'Change a participant record (If-Match required). Region, stage, owner and consent cannot be set here.',
        params: idParams,
        body: participantUpdateBody,
        response: {
          200: participantUpdateResponse,
        },
      },
    },
    async (req, reply) => {
      const { view, warnings } = await repo(req).update(req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, view.version);
      return { ...view, warnings };
    },
  );

  r.post(
    '/api/participants/:id/reveal-nik',
    {
      schema: {
        tags,
        summary: 'The whole NIK, for those who need it (audited)',
        params: idParams,
        response: { 200: revealNikResponse },
      },
    },
    async (req) => ({ nik: await repo(req).revealNik(req.params.id) }),
  );

  // ---- who works on her case
  r.post(
    '/api/participants/:id/assignments',
    {
      schema: {
        tags,
        summary: 'Assign a caseworker, psychologist or manager to her case (head of section; never oneself)',
        params: idParams,
        body: assignBody,
        response: { 200: participantView },
      },
    },
    async (req) => {
      const st = stores(req);
      await st.assignments.assign(req.params.id, req.body.userId);
      return st.participants.get(req.params.id);
    },
  );
  r.delete(
    '/api/participants/:id/assignments/:userId',
    {
      schema: {
        tags,
        summary: 'Take a member of staff off her case (head of section)',
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        response: { 200: participantView },
      },
    },
    async (req) => {
      const st = stores(req);
      await st.assignments.unassign(req.params.id, req.params.userId);
      return st.participants.get(req.params.id);
    },
  );
  r.get(
    '/api/participants/:id/assignments/history',
    {
      schema: {
        tags,
        summary: 'Who worked on her case, as it happened (audited)',
        params: idParams,
        response: { 200: assignmentHistoryResponse },
      },
    },
    async (req) => ({ items: await stores(req).assignments.history(req.params.id) }),
  );
  r.post(
    '/api/participants/:id/assignment-requests',
    {
      schema: {
        tags,
        summary: 'Ask to work on her case; the head of section decides (caseworker)',
        params: idParams,
        body: assignmentRequestBody,
        response: { 201: assignmentRequestView },
      },
    },
    async (req, reply) => {
      const created = await stores(req).assignments.request(req.params.id, req.body.reason);
      return reply.code(201).send(created);
    },
  );
  r.get(
    '/api/assignment-requests',
    {
      schema: {
        tags,
        summary: "Open assignment requests of the head of section's regions, oldest first (audited)",
        response: { 200: openAssignmentRequestsResponse },
      },
    },
    async (req) => ({ items: await stores(req).assignments.openRequests() }),
  );
  r.post(
    '/api/assignment-requests/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve or decline an assignment request, once (409 already_decided after anyone decided it)',
        params: idParams,
        body: assignmentDecisionBody,
        response: { 200: assignmentRequestView },
      },
    },
    async (req) => stores(req).assignments.decide(req.params.id, req.body.approve),
  );
  r.post(
    '/api/duplicate-reviews/:id/decision',
    {
      schema: {
        tags,
        summary:
          "Decide a registration held as a possible duplicate of a participant of one's region (head of section; once: 409 duplicate_review_decided)",
        params: idParams,
        body: duplicateDecisionBody,
        response: { 200: duplicateReviewView },
      },
    },
    async (req) => repo(req).decideDuplicate(req.params.id, req.body.decision, req.body.reason),
  );
  r.post(
    '/api/participants/:id/transfers',
    {
      schema: {
        tags,
        summary: "Transfer her case to another kabupaten/kota's worker, who accepts or declines (head of section)",
        params: idParams,
        body: transferBody,
        response: { 201: transferView },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await stores(req).assignments.requestTransfer(req.params.id, req.body.toUserId, req.body.reason)),
  );
  r.get(
    '/api/transfers/incoming',
    {
      schema: {
        tags,
        summary: 'Transfers addressed to you that wait for your answer (audited)',
        response: { 200: incomingTransfersResponse },
      },
    },
    async (req) => ({ items: await stores(req).assignments.incomingTransfers() }),
  );
  r.post(
    '/api/transfers/:id/answer',
    {
      schema: {
        tags,
        summary: 'Accept or decline a transfer addressed to you, once; accepting moves the case to your region',
        params: idParams,
        body: transferAnswerBody,
        response: { 200: transferView },
      },
    },
    async (req) => stores(req).assignments.answerTransfer(req.params.id, req.body.accept),
  );
  r.post(
    '/api/participants/:id/province-transfers',
    {
      schema: {
        tags,
        summary:
          "Ask that her case move to a kabupaten/kota of another province (sending head of section; her ask is her side's acceptance; 409 transfer_pending)",
        params: idParams,
        body: provinceTransferBody,
        response: { 201: transferView },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await stores(req).provinceTransfers.request(req.params.id, req.body.toRegion, req.body.reason)),
  );
  r.get(
    '/api/province-transfers',
    {
      schema: {
        tags,
        summary:
          'Open transfers between provinces you answer for, sending or receiving (head of section; no name or NIK; audited)',
        response: { 200: provinceTransfersResponse },
      },
    },
    async (req) => ({ items: await stores(req).provinceTransfers.open() }),
  );
  r.post(
    '/api/province-transfers/:id/answer',
    {
      schema: {
        tags,
        summary:
          "Accept or decline a transfer between provinces for your side, once (409 already_decided); the second side's acceptance moves her",
        params: idParams,
        body: transferAnswerBody,
        response: { 200: transferView },
      },
    },
    async (req) => stores(req).provinceTransfers.answer(req.params.id, req.body.accept),
  );
  r.post(
    '/api/caseloads/:id/reassign',
    {
      schema: {
        tags,
        summary: "Move a worker's cases in your regions to another (leave, resignation; head of section)",
        params: idParams,
        body: caseloadReassignBody,
        response: { 200: caseloadReassignResponse },
      },
    },
    async (req) => stores(req).assignments.reassignCaseload(req.params.id, req.body.toUserId),
  );

  // ---- consent
  r.get(
    '/api/participants/:id/consents',
    {
      schema: { tags, summary: 'Her consents per purpose', params: idParams, response: { 200: consentListResponse } },
    },
    async (req) => ({ items: await stores(req).consents.listConsents(req.params.id) }),
  );

  r.post(
    '/api/participants/:id/consents',
    {
      schema: {
        tags,
        summary: 'Record a consent for one purpose',
        params: idParams,
        body: consentInput,
        response: { 201: consentListResponse },
      },
    },
    async (req, reply) => {
      const items = await idempotent(req, reply, s, 201, async () => ({
        items: await stores(req).consents.addConsent(req.params.id, req.body),
      }));
      return reply.status(201).send(items);
    },
  );

  r.post(
    '/api/participants/:id/consents/:consentId/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a consent; what depends on it stops at once',
        params: consentParams,
        body: withdrawBody,
        response: { 200: consentListResponse },
      },
    },
    async (req) => ({
      items: await stores(req).consents.withdrawConsent(req.params.id, req.params.consentId, req.body.withdrawnAt),
    }),
  );

  // ---- stages
  r.post(
    '/api/participants/:id/transitions',
    {
      schema: {
        tags,
        summary:
          'Move the case to another stage; closing (TERMINASI) waits for the head of section unless a manager closes it',
        params: idParams,
        body: transitionBody,
        response: { 200: transitionResponse, 202: transitionResponse },
      },
    },
    async (req, reply) => {
      const ifMatch = req.headers['if-match'] ? ifMatchVersion(req) : undefined;
      const result = await stores(req).stages.transition(
        req.params.id,
        req.body.to,
        req.body.reason,
        req.body.closureReason,
        ifMatch,
      );
      setEtag(reply, result.version);
      return reply.status(result.pendingApproval ? 202 : 200).send(result);
    },
  );

  r.post(
    '/api/participants/:id/closure',
    {
      schema: {
        tags,
        summary: 'Approve or reject a requested closure (head of section)',
        params: idParams,
        body: closureDecisionBody,
        response: { 200: transitionResponse },
      },
    },
    async (req, reply) => {
      const result = await stores(req).stages.decideClosure(req.params.id, req.body.approve, req.body.reason);
      setEtag(reply, result.version);
      return result;
    },
  );

  r.get(
    '/api/participants/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Stage history: who moved the case, when and why',
        params: idParams,
        response: { 200: timelineResponse },
      },
    },
    async (req) => ({ items: await stores(req).stages.timeline(req.params.id) }),
  );

  // ---- notes
  r.get(
    '/api/participants/:id/notes',
    {
      schema: {
        tags,
        summary: 'Case notes you may read (psychological notes only for their author and assigned psychologists)',
        params: idParams,
        response: { 200: noteListResponse },
      },
    },
    async (req) => ({ items: await stores(req).notes.listNotes(req.params.id) }),
  );

  r.post(
    '/api/participants/:id/notes',
    {
      schema: {
        tags,
        summary: 'Write a case note (Idempotency-Key accepted)',
        params: idParams,
        body: noteCreateBody,
        response: { 201: noteView },
      },
    },
    async (req, reply) => {
      const note = await idempotent(req, reply, s, 201, () =>
        stores(req).notes.createNote(req.params.id, req.body.type, req.body.body),
      );
      setEtag(reply, note.version);
      return reply.status(201).send(note);
    },
  );

  r.get(
    '/api/participants/:id/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'A note with its earlier versions',
        params: noteParams,
        response: { 200: noteHistoryResponse },
      },
    },
    async (req, reply) => {
      const h = await stores(req).notes.noteHistory(req.params.id, req.params.noteId);
      setEtag(reply, h.note.version);
      return h;
    },
  );

  r.patch(
    '/api/participants/:id/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Edit your note (If-Match required; the earlier text is kept)',
        params: noteParams,
        body: noteUpdateBody,
        response: { 200: noteView },
      },
    },
    async (req, reply) => {
      const note = await stores(req).notes.updateNote(
        req.params.id,
        req.params.noteId,
        req.body.body,
        ifMatchVersion(req),
      );
      setEtag(reply, note.version);
      return note;
    },
  );

  // ---- attachments
  r.get(
    '/api/participants/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Attachments (photos only while photo consent is active)',
        params: idParams,
        response: { 200: attachmentListResponse },
      },
    },
    async (req) => ({ items: await stores(req).attachments.listAttachments(req.params.id) }),
  );

  r.post(
    '/api/participants/:id/attachments',
    {
      config: { multipart: true },
      bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
      schema: {
        tags,
        summary:
          'Upload a file (multipart/form-data: field "kind" then field "file"; JPEG, PNG or PDF up to 5 MB; stored encrypted, image metadata removed)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: attachmentView },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', 415, 'Send the file as multipart/form-data');
      let kind: string | undefined;
      let file: { name: string; data: Buffer } | undefined;
      for await (const part of req.parts({
        limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, fieldSize: 100 },
      })) {
        if (part.type === 'field' && part.fieldname === 'kind') kind = String(part.value);
        else if (part.type === 'file' && part.fieldname === 'file') {
          const data = await part.toBuffer();
          if (part.file.truncated) throw new AppError('file_too_large', 413, 'Files can be at most 5 MB');
          file = { name: part.filename ?? 'file', data };
        } else if (part.type === 'file') {
          part.file.resume();
        }
      }
      if (!kind || !(ATTACHMENT_KINDS as readonly string[]).includes(kind)) {
        throw new AppError('validation_failed', 400, 'Give the kind of file', [
          { field: 'body.kind', message: `One of ${ATTACHMENT_KINDS.join(', ')}`, code: 'invalid_value' },
        ]);
      }
      if (!file)
        throw new AppError('validation_failed', 400, 'Attach a file', [
          { field: 'body.file', message: 'Required', code: 'required' },
        ]);
      const att = await stores(req).attachments.addAttachment(req.params.id, kind, file.name, file.data);
      return reply.status(201).send(att);
    },
  );

  r.get(
    '/api/participants/:id/attachments/:attachmentId/content',
    {
      schema: {
        tags,
        summary: 'Download an attachment (always as a download, never rendered inline)',
        params: attParams,
      },
    },
    async (req, reply) => {
      const { bytes, mime, fileName } = await stores(req).attachments.attachmentContent(
        req.params.id,
        req.params.attachmentId,
      );
      return reply
        .header('content-type', mime)
        .header(
          'content-disposition',
          `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
}
