// One vocabulary for activity types: the printed schedule and attendance sheet, and the annual report's
// spreadsheet, name every type with the words the screens use. Rendered straight from the document functions;
// no database.
import { HOME_OFFICE } from '../src/server/documents/offices.ts';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { SESSION_TYPES } from '../src/shared/codes.ts';
import { attendanceSheetPdf, schedulePdf } from '../src/server/modules/programmes/documents.ts';
import { annualXlsx, shapeAnnual } from '../src/server/modules/reports/annual.ts';
import { programmeId } from '../src/web/i18n/programme.id.ts';
import { programmeEn } from '../src/web/i18n/programme.en.ts';

const NOW = new Date('2026-03-02T01:00:00Z');
/** The words a screen shows for each type (the Indonesian catalogue of the web app). */
const screenWords = programmeId.programme.codes.sessionTypes;

async function pdfText(pdf: Buffer): Promise<string> {
  return (await extractText(new Uint8Array(pdf), { mergePages: true })).text.replace(/\s+/g, ' ');
}

describe('activity types', () => {
  it('have words on the screens in both languages, and different words for different types', () => {
    for (const type of SESSION_TYPES) {
      expect(screenWords[type]).toBeTruthy();
      expect(programmeEn.programme.codes.sessionTypes[type]).toBeTruthy();
    }
    expect(new Set(SESSION_TYPES.map((t) => screenWords[t])).size).toBe(SESSION_TYPES.length);
  });

  it('are named on the printed schedule with the screens’ words', async () => {
    const text = await pdfText(
      await schedulePdf(
        {
          cohortName: 'Angkatan I 2026',
          startDate: '2026-03-02',
          endDate: '2026-03-31',
          sessions: SESSION_TYPES.map((type, i) => ({
            date: `2026-03-${String(2 + i).padStart(2, '0')}`,
            startTime: '09:00',
            endTime: '11:00',
            type,
            title: null,
            place: 'Aula',
            facilitator: 'Nur Aini',
            cancelled: false,
            movedFrom: null,
          })),
          printedBy: 'Siti Rahmah',
        },
        NOW,
        HOME_OFFICE,
      ),
    );
    for (const type of SESSION_TYPES) expect(text, type).toContain(screenWords[type]);
  });

  it.each(SESSION_TYPES)('is named on the attendance sheet of a %s session with the screens’ words', async (type) => {
    const text = await pdfText(
      await attendanceSheetPdf(
        {
          cohortName: 'Angkatan I 2026',
          session: {
            id: '00000000-0000-4000-8000-000000000001',
            type,
            title: null,
            date: '2026-03-02',
            startTime: '09:00',
            endTime: '11:00',
            facilitator: 'Nur Aini',
            place: 'Aula',
          },
          rows: [],
          printedBy: 'Siti Rahmah',
        },
        NOW,
        HOME_OFFICE,
      ),
    );
    expect(text).toContain(`Kegiatan : ${screenWords[type]}`);
  });

  it('are named in the annual report (its JSON labels and its spreadsheet) with the screens’ words', async () => {
    const report = shapeAnnual(
      {
        year: 2026,
        regions: [],
        funnel: {},
        cohorts: [],
        attendanceByType: SESSION_TYPES.map((type) => ({ type, sessions: 2, marks: 10, attended: 9 })),
        partners: [],
        aid: {},
        equipmentUse: { uses: { USED: 0, SOLD: 0, BROKEN: 0, NOT_STARTED: 0 }, notVisited: 0 },
        budget: [],
        followUp: [],
        narrative: null,
        lateEntries: { days: 30, registered: 0, assessed: 0, enrolled: 0 },
      },
      null,
      { threshold: null, share: 'internal' },
    );
    expect(report.attendanceByType.map((a) => a.label)).toEqual(SESSION_TYPES.map((t) => screenWords[t]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await annualXlsx(report, {
        generatedBy: 'Nur Aini',
        generatedAt: NOW.toISOString(),
        office: HOME_OFFICE,
      })) as never,
    );
    const ws = wb.getWorksheet('Kehadiran per kegiatan')!;
    const words: unknown[] = [];
    ws.eachRow((r, i) => {
      if (i > 1) words.push(r.getCell(1).value);
    });
    expect(words).toEqual(SESSION_TYPES.map((t) => screenWords[t]));
  });
});
