// Reading an uploaded participant list: XLSX (first sheet) or CSV (UTF-8, comma or semicolon), first row
// headers. Values come back as trimmed strings; dates in XLSX cells become ISO dates.
import ExcelJS from 'exceljs';
import { AppError } from '../../errors.ts';

export const MAX_IMPORT_ROWS = 20_000;

export interface ParsedSheet {
  headers: string[];
  rows: Record<string, string>[];
}

function parseCsv(text: string): string[][] {
  const delimiter =
    (text.split('\n')[0] ?? '').split(';').length > (text.split('\n')[0] ?? '').split(',').length ? ';' : ',';
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out.filter((r) => r.some((c) => c.trim() !== ''));
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    return '';
  }
  return String(v);
}

export async function parseSheet(buf: Buffer): Promise<ParsedSheet> {
  let grid: string[][];
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as never);
    } catch {
      throw new AppError('unsupported_file_type', 415, 'The XLSX file cannot be read');
    }
    const ws = wb.worksheets[0];
    if (!ws)
      throw new AppError('validation_failed', 400, 'The workbook has no sheet', [
        { field: 'body.file', message: 'No sheet', code: 'empty' },
      ]);
    grid = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value).trim());
      grid.push(cells);
    });
  } else {
    if (buf.includes(0)) throw new AppError('unsupported_file_type', 415, 'Upload an XLSX or a CSV (UTF-8 text) file');
    grid = parseCsv(buf.toString('utf8').replace(/^\uFEFF/, ''));
  }
  if (grid.length < 2)
    throw new AppError('validation_failed', 400, 'The file has no data rows under its header row', [
      { field: 'body.file', message: 'No rows', code: 'empty' },
    ]);
  if (grid.length - 1 > MAX_IMPORT_ROWS)
    throw new AppError('payload_too_large', 413, `At most ${MAX_IMPORT_ROWS} rows per import`);
  const headers = grid[0]!.map((h) => h.trim());
  const rows = grid.slice(1).map((cells) => Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])));
  return { headers, rows };
}
