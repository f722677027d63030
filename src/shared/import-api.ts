// Schemas of the participant list import.
import { z } from 'zod';

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
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const importMapping = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1).max(100));

export const importView = z.object({
  id: z.string(),
  status: z.enum(['VALIDATED', 'INVALID', 'COMMITTED']),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  /** Row numbers count the header as row 1, as spreadsheets do. No values are echoed. */
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  /** Rows already registered (same NIK, or same name and birth date): skipped, never duplicated. */
  skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  result: z.object({ created: z.number().int(), skipped: z.number().int() }).nullable(),
});
