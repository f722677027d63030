// What a reader has in hand from a published annual report, read back from each format into the suppression
// model's cell ids (modules/reports/annual.ts `ids`), so that the interval check runs on what was published.
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { type AnnualReport, FUNNEL, ids } from '../../src/server/modules/reports/annual.ts';
import { regionName } from '../../src/shared/regions.ts';
import type { Cell } from '../../src/server/modules/reports/suppression.ts';

/** A sheet's rows below its header, each cell's value (numbers as numbers, text as text). */
function rowsOf(wb: ExcelJS.Workbook, name: string): Cell[][] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const rows: Cell[][] = [];
  ws.eachRow((r, i) => {
    if (i > 1) rows.push((r.values as unknown[]).slice(1).map((v) => (typeof v === 'number' ? v : String(v ?? ''))));
  });
  return rows;
}

/**
 * The counts of the XLSX, keyed like `publishedCells` of the JSON it was made from (`report` gives the order
 * of cohorts, budget lines and follow-up points, and the regions' names).
 */
export async function xlsxCells(file: Buffer, report: AnnualReport): Promise<Map<string, Cell>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as never);
  const out = new Map<string, Cell>();
  const funnel = rowsOf(wb, 'Capaian per wilayah');
  for (const row of funnel) {
    const region = row[0] === 'Jumlah' ? '*' : report.funnel.rows.find((r) => r.regionName === row[0])?.regionCode;
    if (!region) throw new Error(`unknown region ${row[0]}`);
    FUNNEL.forEach((col, k) => {
      out.set(ids.funnel(region, col), row[k + 1]!);
    });
  }
  rowsOf(wb, 'Angkatan').forEach((row, i) => {
    out.set(ids.cohort(i, 'enrolled'), row[3]!);
    out.set(ids.cohort(i, 'graduated'), row[4]!);
  });
  for (const row of rowsOf(wb, 'Bantuan usaha')) {
    const region = row[0] === 'Jumlah' ? '*' : report.aid.rows.find((r) => r.regionName === row[0])?.regionCode;
    out.set(ids.aid(region!), row[1]!);
  }
  const uses = rowsOf(wb, 'Pemakaian peralatan');
  report.aid.equipmentUse.rows.forEach((u, i) => {
    out.set(ids.use(u.status), uses[i]![1]!);
  });
  // The last row of the equipment sheet repeats the kits handed over.
  if (uses.at(-1)![1] !== out.get(ids.aid('*'))) throw new Error('equipment total differs from the kits total');
  rowsOf(wb, 'Anggaran').forEach((row, i) => {
    out.set(ids.budget(i), row[4]!);
  });
  for (const row of rowsOf(wb, 'Tindak lanjut')) {
    out.set(ids.followUp(Number(row[0]), 'due'), row[1]!);
    out.set(ids.followUp(Number(row[0]), 'reached'), row[2]!);
    out.set(ids.followUp(Number(row[0]), 'businessRunning'), row[3]!);
  }
  return out;
}

/** The PDF's text, one string (pages merged). */
export async function pdfText(file: Buffer): Promise<string> {
  return (await extractText(new Uint8Array(file), { mergePages: true })).text;
}

/** How a region's row of the funnel table reads in the PDF's text: its name, then each figure. */
export function pdfFunnelRow(report: AnnualReport, region: string): string {
  const row = report.funnel.rows.find((r) => r.regionCode === region)!;
  return [regionName(region), ...row.values.map(String)].join(' ');
}
