// The identified participant list as XLSX: who made it, when and why are printed above the table, so a
// copy that travels still says where it came from. Cells that a program could run as a formula are
// neutralised as in the annual report.
import ExcelJS from 'exceljs';
import { CATEGORIES } from '../../../shared/codes.ts';
import { regionName } from '../../../shared/regions.ts';
import { OFFICE_ZONE, OFFICE_ZONE_ABBREVIATION } from '../../../shared/calendar.ts';
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

/** "28 November 2026 09.15 WITA". */
export function witaText(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('id-ID', {
      timeZone: OFFICE_ZONE,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day} ${p.month} ${p.year} ${p.hour}.${p.minute} ${OFFICE_ZONE_ABBREVIATION}`;
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
    ['Dibuat pada', `${witaText(meta.at)} (${meta.at.toISOString()})`],
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
    ws.addRow(
      [
        p.code,
        p.fullName,
        p.preferredName,
        regionName(p.regionCode),
        STAGE_ID[p.stage] ?? p.stage,
        CATEGORIES.find((c) => c.code === p.category)?.id ?? p.category,
        new Date(Date.parse(p.registeredAt) + 8 * 3_600_000).toISOString().slice(0, 10),
      ].map((c) => safeCell(c)),
    );
  }
  ws.columns.forEach((c, i) => {
    c.width = [18, 32, 18, 28, 26, 30, 12][i] ?? 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
