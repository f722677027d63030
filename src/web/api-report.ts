// Reports, dashboard and import calls, on the one request helper of api.ts (`call`). Types come from the
// shared zod schemas. Downloads (XLSX, PDF, the identified list) are plain links: the session cookie goes
// with them and the server answers with Content-Disposition: attachment.
import type { z } from 'zod';
import { call } from './api.ts';
import type { annualReportView, dashboardView, reportCell } from '../shared/report-api.ts';
import type {
  ImportField,
  importMapping,
  importMappingBody,
  importMappingList,
  importMappingView,
  importPreview,
  importView,
} from '../shared/import-api.ts';

export type AnnualReport = z.infer<typeof annualReportView>;
export type Dashboard = z.infer<typeof dashboardView>;
export type ReportCell = z.infer<typeof reportCell>;
export type ImportView = z.infer<typeof importView>;
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportMapping = z.infer<typeof importMapping>;
export type SavedMapping = z.infer<typeof importMappingView>;
export type SavedMappingInput = z.input<typeof importMappingBody>;
export type { ImportField };

export interface AnnualQuery {
  year: number;
  /** A kabupaten/kota code; absent for the whole province (the user's scope). */
  region?: string;
  share?: 'internal' | 'external';
}

const enc = encodeURIComponent;

function annualQs(q: AnnualQuery): string {
  const p = new URLSearchParams({ year: String(q.year) });
  if (q.region) p.set('region', q.region);
  if (q.share === 'external') p.set('share', 'external');
  return p.toString();
}

export const reportApi = {
  dashboard: () => call<Dashboard>('GET', '/api/dashboard').then((a) => a.data),

  annual: (q: AnnualQuery) => call<AnnualReport>('GET', `/api/reports/annual?${annualQs(q)}`).then((a) => a.data),
  setNarrative: (year: number, region: string | undefined, text: string) =>
    call<void>('PUT', '/api/reports/annual/narrative', { body: { year, ...(region ? { region } : {}), text } }).then(
      () => undefined,
    ),
  /** Download links (Content-Disposition: attachment). */
  annualXlsxUrl: (q: AnnualQuery) => `/api/reports/annual.xlsx?${annualQs(q)}`,
  annualPdfUrl: (q: AnnualQuery) => `/api/reports/annual.pdf?${annualQs(q)}`,
  /** The identified list: the reason travels in the address of this one download (server logs drop queries). */
  identifiedUrl: (reason: string, region?: string) => {
    const p = new URLSearchParams({ reason });
    if (region) p.set('region', region);
    return `/api/reports/participants.xlsx?${p.toString()}`;
  },
};

function uploadForm(file: File, mapping?: ImportMapping): FormData {
  const form = new FormData();
  // The server reads the fields in order: the mapping first, then the file.
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return form;
}

export const importApi = {
  /** The file's headers and row count; nothing is stored. */
  preview: (file: File) =>
    call<ImportPreview>('POST', '/api/imports/preview', { form: uploadForm(file) }).then((a) => a.data),
  /** The dry run: every row is checked; nothing is registered yet. */
  validate: (file: File, mapping: ImportMapping) =>
    call<ImportView>('POST', '/api/imports', { form: uploadForm(file, mapping) }).then((a) => a.data),
  get: (id: string) => call<ImportView>('GET', `/api/imports/${enc(id)}`).then((a) => a.data),
  commit: (id: string) => call<ImportView>('POST', `/api/imports/${enc(id)}/commit`).then((a) => a.data),

  mappings: {
    list: () => call<z.infer<typeof importMappingList>>('GET', '/api/import-mappings').then((a) => a.data.items),
    save: (body: SavedMappingInput) => call<SavedMapping>('POST', '/api/import-mappings', { body }).then((a) => a.data),
    remove: (id: string) => call<void>('DELETE', `/api/import-mappings/${enc(id)}`).then(() => undefined),
  },
};
