// The identified participant list as XLSX: who made it, when and why are printed above the table, so a
// copy that travels still says where it came from. Cells that a program could run as a formula are
// neutralised as in the annual report.
import ExcelJS from 'exceljs';
import { CATEGORIES } from '../../../shared/codes.ts';
import { regionName } from '../../../shared/regions.ts';
import { formatLocalDateTime, localDate, OFFICE_ZONE } from '../../../shared/calendar.ts';
import { safeCell } from './annual.ts';

export interface IdentifiedList {
  reason: string;
  region: string | null;
  items: {
    code: string;
    fullName: string;
    preferredName: string;
    regionCode: string;
    stage: string;
    category: string;
    registeredAt: string;
  }[];
}

const STAGE_ID: Record<string, string> = {
  PENDEKATAN_AWAL: 'Pendekatan awal',
  PENERIMAAN: 'Penerimaan',
  ASESMEN: 'Asesmen',
  RENCANA_INTERVENSI: 'Rencana intervensi',
  INTERVENSI: 'Intervensi',
  RESOSIALISASI_REINTEGRASI: 'Resosialisasi dan reintegrasi',
  TERMINASI: 'Terminasi',
  BIMBINGAN_LANJUT: 'Bimbingan lanjut',
};

/**
 * A calendar date (YYYY-MM-DD) as a spreadsheet date: exceljs writes a Date by its UTC day, so the day's UTC
 * midnight is that day in the sheet, whatever the zone of the computer that opens it.
 */
function spreadsheetDay(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

export const IDENTIFIED_HEADER = [
  'Kode',
  'Nama lengkap',
  'Nama panggilan',
  'Kab/Kota',
  'Tahap',
  'Kategori',
  'Terdaftar',
];

export async function identifiedXlsx(
  list: IdentifiedList,
  meta: { username: string; name: string | null; at: Date },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Berdaya';
  wb.created = meta.at;
  const ws = wb.addWorksheet('Daftar peserta');
  const head: [string, string][] = [
    ['Daftar peserta (dengan identitas)', 'RAHASIA — hanya untuk keperluan yang disebut di bawah; jangan diteruskan.'],
    ['Dibuat oleh', meta.name ? `${meta.name} (${meta.username})` : meta.username],
    ['Dibuat pada', formatLocalDateTime(meta.at, OFFICE_ZONE)],
    ['Alasan', list.reason],
    ['Wilayah', list.region ? regionName(list.region) : 'Semua wilayah dalam cakupan pengguna'],
    ['Jumlah peserta', String(list.items.length)],
  ];
  for (const [k, v] of head) ws.addRow([k, safeCell(v)]).getCell(1).font = { bold: true };
  ws.addRow([]);
  const header = ws.addRow(IDENTIFIED_HEADER);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F5C4D' } };
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  for (const p of list.items) {
    ws.addRow([
      ...[
        p.code,
        p.fullName,
        p.preferredName,
        regionName(p.regionCode),
        STAGE_ID[p.stage] ?? p.stage,
        CATEGORIES.find((c) => c.code === p.category)?.id ?? p.category,
      ].map((c) => safeCell(c)),
      spreadsheetDay(localDate(p.registeredAt, OFFICE_ZONE)),
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = [18, 32, 18, 28, 26, 30, 18][i] ?? 14;
  });
  // The day she registered, in the office's zone, as a date cell (sorts and filters as a date).
  ws.getColumn(IDENTIFIED_HEADER.length).numFmt = 'd mmmm yyyy';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
