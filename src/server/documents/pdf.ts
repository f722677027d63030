// Printed papers in the style of Indonesian government letters: the office header (kop surat), a document
// number, place and date, and named signatories. Rendered with pdfmake and its bundled Roboto fonts; no
// remote or local file other than those fonts may be read while rendering.
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { formatLocalDate, formatLocalDateTime, OFFICE_ZONE, type Zone } from '../../shared/calendar.ts';
import type { Office } from './offices.ts';

const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as {
  setFonts(f: object): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (p: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};
const fontDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: path.join(fontDir, 'Roboto-Regular.ttf'),
    bold: path.join(fontDir, 'Roboto-Medium.ttf'),
    italics: path.join(fontDir, 'Roboto-Italic.ttf'),
    bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(fontDir));

/** `28 November 2026`: a calendar date as it is, an instant by its local date in the zone (the printing office's). */
export function tanggal(value: string | Date, zone: Zone = OFFICE_ZONE): string {
  return formatLocalDate(value, zone);
}

/** `28 November 2026 09.15 WITA`: when a paper was printed or a thing happened, in the printing office's time. */
export function waktu(value: string | Date, zone: Zone = OFFICE_ZONE): string {
  return formatLocalDateTime(value, zone);
}

export interface Letter {
  /** The office whose letterhead it bears: the province of the record printed (documents/offices.ts). */
  office: Office;
  number: string;
  title: string;
  /** When the paper is dated (defaults to now). */
  date: Date;
  body: Content[];
  signatories: { role: string; name: string | null }[];
  /** Footer line, e.g. who printed it and when (identified documents say so). */
  footer: string;
}

export async function renderLetter(l: Letter): Promise<Buffer> {
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [50, 40, 50, 50],
    info: { title: l.title, creator: 'Berdaya' },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    footer: (page: number, pages: number) => ({
      text: `${l.footer} — halaman ${page} dari ${pages}`,
      fontSize: 7,
      color: '#555',
      margin: [50, 10, 50, 0],
    }),
    content: [
      { text: l.office.government, alignment: 'center', bold: true, fontSize: 12 },
      { text: l.office.office, alignment: 'center', bold: true, fontSize: 14 },
      { text: l.office.section, alignment: 'center', fontSize: 9 },
      { text: l.office.address, alignment: 'center', fontSize: 8, margin: [0, 0, 0, 4] },
      {
        canvas: [
          { type: 'line', x1: 0, y1: 0, x2: 495, y2: 0, lineWidth: 2 },
          { type: 'line', x1: 0, y1: 3, x2: 495, y2: 3, lineWidth: 0.5 },
        ],
      },
      {
        text: l.title.toUpperCase(),
        alignment: 'center',
        bold: true,
        fontSize: 12,
        margin: [0, 14, 0, 0],
        decoration: 'underline',
      },
      { text: `Nomor: ${l.number}`, alignment: 'center', margin: [0, 2, 0, 14] },
      ...l.body,
      { text: `${l.office.city}, ${tanggal(l.date, l.office.zone)}`, alignment: 'right', margin: [0, 20, 0, 6] },
      {
        columns: l.signatories.map((s) => ({
          stack: [
            { text: s.role, alignment: 'center' },
            { text: ' ', margin: [0, 30, 0, 0] },
            {
              text: s.name ?? '(.................................)',
              alignment: 'center',
              bold: true,
              decoration: 'underline',
            },
          ],
        })),
      },
    ],
  };
  return pdfmake.createPdf(doc).getBuffer();
}
