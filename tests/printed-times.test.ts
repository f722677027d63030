// Printed papers and spreadsheets give every time in the office's zone, as Indonesians write it ("7 Desember
// 2026 03.41 WITA"), never as a UTC stamp: 19:41 UTC on 6 December is already 7 December in South Kalimantan.
// Rendered straight from the document functions; no database.
import { HOME_OFFICE } from '../src/server/documents/offices.ts';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { formatLocalDate, formatLocalDateTime } from '../src/shared/calendar.ts';
import { casePlanPdf } from '../src/server/modules/casework/documents.ts';
import { exportPdf } from '../src/server/modules/protection/documents.ts';
import { annualXlsx, type AnnualReport } from '../src/server/modules/reports/annual.ts';
import { identifiedXlsx } from '../src/server/modules/reports/identified.ts';

const NOW = new Date('2026-12-06T19:41:39.388Z');
const LOCAL = '7 Desember 2026 03.41 WITA';
/** An ISO date-time stamp, with or without its Z. */
const ISO_STAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

async function pdfText(pdf: Buffer): Promise<string> {
  return (await extractText(new Uint8Array(pdf), { mergePages: true })).text.replace(/\s+/g, ' ');
}

async function cells(xlsx: Buffer): Promise<{ sheet: string; row: number; col: number; value: unknown }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as never);
  const out: { sheet: string; row: number; col: number; value: unknown }[] = [];
  for (const ws of wb.worksheets)
    ws.eachRow((r, row) => r.eachCell((c, col) => out.push({ sheet: ws.name, row, col, value: c.value })));
  return out;
}

describe('the calendar writes times out', () => {
  it('in the office zone, in Indonesian', () => {
    expect(formatLocalDateTime(NOW)).toBe(LOCAL);
    expect(formatLocalDateTime('2026-12-06T15:59:00Z')).toBe('6 Desember 2026 23.59 WITA');
    expect(formatLocalDateTime('2026-12-06T15:59:00Z', 'Asia/Jakarta')).toBe('6 Desember 2026 22.59 WIB');
    expect(formatLocalDate(NOW)).toBe('7 Desember 2026');
    // A calendar date is a day, not an instant: no zone moves it.
    expect(formatLocalDate('1990-05-03')).toBe('3 Mei 1990');
  });
});

describe('printed papers', () => {
  it('date and stamp a case plan in WITA', async () => {
    const text = await pdfText(
      await casePlanPdf(
        {
          code: 'BRD-6372-0001',
          name: 'Ani',
          printedBy: 'Siti Rahmah',
          plan: {
            version: 2,
            status: 'APPROVED',
            items: [],
            conference: null,
            approvedBy: 'Nur Aini',
            approvedAt: '2026-12-06T17:00:00.000Z',
          },
        },
        NOW,
        HOME_OFFICE,
      ),
    );
    expect(text).toContain(`dicetak oleh Siti Rahmah pada ${LOCAL}`);
    expect(text).toContain('Disetujui 7 Desember 2026');
    expect(text).toContain('Banjarbaru, 7 Desember 2026');
    expect(text).not.toMatch(ISO_STAMP);
    expect(text).not.toContain('2026-12-06');
  });

  it('give her copy’s processing log in WITA', async () => {
    const data = {
      code: 'BRD-6372-0001',
      registeredAt: '2026-03-01T01:00:00.000Z',
      identity: { fullName: 'Ani Lestari', preferredName: 'Ani' },
      consents: [],
      stages: [],
      notes: [],
      assessments: [],
      enrollments: [],
      processingLog: [
        { at: NOW.toISOString(), actor: 'siti.rahmah', actorName: 'Siti Rahmah', action: 'participant.read' },
      ],
    } as unknown as Parameters<typeof exportPdf>[0];
    const text = await pdfText(await exportPdf(data, 'Petugas Data', NOW, HOME_OFFICE));
    expect(text).toContain(LOCAL);
    expect(text).toContain(`dicetak oleh Petugas Data pada ${LOCAL}`);
    expect(text).toContain('Siti Rahmah');
    expect(text).not.toMatch(ISO_STAMP);
  });
});

describe('spreadsheets', () => {
  const annual: AnnualReport = {
    year: 2026,
    region: null,
    share: 'internal',
    deidentified: false,
    threshold: null,
    funnel: { columns: [], rows: [], totals: [] },
    cohorts: [],
    attendanceByType: [],
    partners: [],
    aid: { rows: [], totals: { kits: 0, value: 0 }, equipmentUse: { rows: [], total: 0 } },
    budget: [],
    followUp: [],
    narrative: null,
    lateEntries: null,
  };

  it('say when the annual report was made in WITA', async () => {
    const all = await cells(
      await annualXlsx(annual, { generatedBy: 'Nur Aini', generatedAt: NOW.toISOString(), office: HOME_OFFICE }),
    );
    const made = all.find((c) => c.sheet === 'Ringkasan' && c.value === 'Dibuat pada')!;
    expect(all.find((c) => c.sheet === 'Ringkasan' && c.row === made.row && c.col === 2)?.value).toBe(LOCAL);
    expect(JSON.stringify(all.map((c) => c.value))).not.toMatch(ISO_STAMP);
  });

  it('say when the identified list was made in WITA, and give each registration day as a local date', async () => {
    const all = await cells(
      await identifiedXlsx(
        {
          reason: 'Verifikasi penerima bantuan usaha',
          region: '6372',
          items: [
            {
              code: 'BRD-6372-0001',
              fullName: 'Ani Lestari',
              preferredName: 'Ani',
              regionCode: '6372',
              stage: 'INTERVENSI',
              category: 'PEREMPUAN_RENTAN',
              registeredAt: NOW.toISOString(),
            },
          ],
        },
        { username: 'nur.aini', name: 'Nur Aini', at: NOW },
      ),
    );
    const made = all.find((c) => c.value === 'Dibuat pada')!;
    expect(all.find((c) => c.row === made.row && c.col === 2)?.value).toBe(LOCAL);
    const registered = all.find((c) => c.value instanceof Date)!;
    // A date cell of the local day (7 December), not of the UTC one (6 December).
    expect((registered.value as Date).toISOString().slice(0, 10)).toBe('2026-12-07');
    const text = JSON.stringify(all.filter((c) => !(c.value instanceof Date)).map((c) => c.value));
    expect(text).not.toMatch(ISO_STAMP);
  });
});
