// Import routes: upload (dry run), status, commit.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  importMapping,
  importMappingBody,
  importMappingList,
  importMappingView,
  importPreview,
  importView,
} from '../../../shared/import-api.ts';
import type { Services } from '../../context.ts';
import { scopedRepo } from '../repository.ts';
import { AppError } from '../../errors.ts';
import { authOf, requestMeta } from '../../http/kit/request.ts';
import { consumeRate } from '../../http/kit/rate-limit.ts';
import { parseSheet } from './parse.ts';

const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const idParams = z.object({ id: z.uuid() });

/** Import runs (dry runs) per account per hour: a real office checks a list a few times, never hundreds. */
export const IMPORTS_PER_HOUR = 30;

export function importRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = (req: FastifyRequest) => scopedRepo(s, authOf(req).actor, requestMeta(req)).imports;
  const tags = ['imports'];

  /** Reads the multipart body: an optional "mapping" field (JSON), then "file". */
  const readUpload = async (req: FastifyRequest) => {
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', 415, 'Send the file as multipart/form-data');
    let mapping: Record<string, string> = {};
    let file: Buffer | undefined;
    for await (const part of req.parts({
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 3, fieldSize: 10_000 },
    })) {
      if (part.type === 'field' && part.fieldname === 'mapping') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(part.value));
        } catch {
          throw new AppError('validation_failed', 400, 'The mapping is not valid JSON', [
            { field: 'body.mapping', message: 'JSON object', code: 'invalid' },
          ]);
        }
        const m = importMapping.safeParse(parsed);
        if (!m.success)
          throw new AppError(
            'validation_failed',
            400,
            'The mapping names unknown fields',
            m.error.issues.map((i) => ({
              field: `body.mapping.${i.path.join('.')}`,
              message: i.message,
              code: i.code,
            })),
          );
        mapping = m.data as Record<string, string>;
      } else if (part.type === 'file') {
        file = await part.toBuffer();
        if (part.file.truncated) throw new AppError('file_too_large', 413, 'Import files can be at most 10 MB');
      }
    }
    if (!file)
      throw new AppError('validation_failed', 400, 'Attach a file', [
        { field: 'body.file', message: 'Required', code: 'required' },
      ]);
    return { file, mapping };
  };

  r.post(
    '/api/imports',
    {
      config: { multipart: true },
      bodyLimit: MAX_IMPORT_BYTES + 64 * 1024,
      schema: {
        tags,
        summary: 'Upload an XLSX or CSV participant list (fields "mapping" as JSON, then "file"); validates every row',
        consumes: ['multipart/form-data'],
        response: { 201: importView },
      },
    },
    async (req, reply) => {
      // Each run checks every row against the register: counted per account before the file is read.
      await consumeRate(s, `import:${authOf(req).account.id}`, IMPORTS_PER_HOUR, 60 * 60_000, 'imports');
      const { file, mapping } = await readUpload(req);
      const sheet = await parseSheet(file);
      return reply.status(201).send(await repo(req).validate(file, sheet, mapping));
    },
  );

  r.post(
    '/api/imports/preview',
    {
      config: { multipart: true },
      bodyLimit: MAX_IMPORT_BYTES + 64 * 1024,
      schema: {
        tags,
        summary:
          'The column headers and row count of a file (field "file"), for mapping its columns; nothing is stored',
        consumes: ['multipart/form-data'],
        response: { 200: importPreview },
      },
    },
    async (req) => {
      const { file } = await readUpload(req);
      return repo(req).preview(await parseSheet(file));
    },
  );

  r.get(
    '/api/import-mappings',
    {
      schema: {
        tags,
        summary: 'Saved column mappings (shared by the office; header names only)',
        response: { 200: importMappingList },
      },
    },
    async (req) => ({
      items: await repo(req).listMappings(),
    }),
  );
  r.post(
    '/api/import-mappings',
    {
      schema: {
        tags,
        summary: 'Save a column mapping under a name (the same name replaces it)',
        body: importMappingBody,
        response: { 201: importMappingView },
      },
    },
    async (req, reply) => reply.status(201).send(await repo(req).saveMapping(req.body.name, req.body.mapping)),
  );
  r.delete(
    '/api/import-mappings/:id',
    { schema: { tags, summary: 'Delete a saved column mapping', params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await repo(req).deleteMapping(req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/imports/:id',
    {
      schema: {
        tags,
        summary: 'Status, progress and row errors of an import',
        params: idParams,
        response: { 200: importView },
      },
    },
    async (req) => repo(req).get(req.params.id),
  );
  r.post(
    '/api/imports/:id/commit',
    {
      schema: {
        tags,
        summary: 'Register every row in one transaction, or none',
        params: idParams,
        response: { 200: importView },
      },
    },
    async (req) => repo(req).commit(req.params.id),
  );
}
