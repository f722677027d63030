// Schemas of the participant list import.
import { z } from 'zod';
import { singleLine } from './text.ts';
import { withCode } from './messages.ts';

/** The fields an import fills; a mapping names the file's column for each (defaults: the same names). */
export const IMPORT_FIELDS = [
  'regionCode',
  'category',
  'referralSource',
  'participationBasis',
  'fullName',
  'preferredName',
  'nik',
  'noNikReason',
  'birthDate',
  'sex',
  'address',
  'phone',
  'consentParticipation',
  'consentDataProcessing',
  'consentMethod',
  'consentExplainedBy',
  'consentLanguage',
  /** The day she was registered, as it happened (a paper backlog keeps its own dates). */
  'registeredOn',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** A column of the file, by its header. */
const importColumn = z.string().min(1).max(100);
export const importMapping = z.partialRecord(z.enum(IMPORT_FIELDS), importColumn);
/**
 * The column mapping as the import's form holds it: each field's column, or none (left out of the mapping sent).
 * The same rule per column as `importMapping`, which the upload's "mapping" field is validated with.
 */
export const importMappingFields = z
  .object({
    mapping: z
      .object(
        Object.fromEntries(IMPORT_FIELDS.map((f) => [f, importColumn.optional()])) as {
          [F in ImportField]: z.ZodOptional<typeof importColumn>;
        },
      )
      .strict(),
  })
  .strict();

export const importView = z.object({
  id: z.string(),
  status: z.enum(['VALIDATED', 'INVALID', 'COMMITTED']),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  /**
   * Row numbers count the header as row 1, as spreadsheets do. No values are echoed. `code` and `params` come
   * from the message catalogue (messages.ts), which the web words; `message` is English, for API users.
   */
  errors: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      code: z.string(),
      params: z.record(z.string(), z.unknown()).optional(),
      message: z.string(),
    }),
  ),
  /** Rows already registered (same NIK, or same name and birth date): skipped, never duplicated. */
  skipped: z.array(z.object({ row: z.number().int(), code: z.string(), reason: z.string() })),
  result: z.object({ created: z.number().int(), skipped: z.number().int() }).nullable(),
});

/** What the server found in an uploaded file before any row is checked: its column headers and row count. */
export const importPreview = z.object({
  headers: z.array(z.string()),
  totalRows: z.number().int(),
});

/**
 * A saved column mapping (field → the file's column header), shared by the office so the next list in the
 * same layout maps itself. Only header names: never a value from a row.
 */
export const importMappingBody = z
  .object({
    name: singleLine(80),
    mapping: importMapping.refine((m) => Object.keys(m).length > 0, {
      message: 'Map at least one column',
      ...withCode('no_columns_mapped'),
    }),
  })
  .strict();

export const importMappingView = z.object({
  id: z.string(),
  name: z.string(),
  mapping: importMapping,
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export const importMappingList = z.object({ items: z.array(importMappingView) });
