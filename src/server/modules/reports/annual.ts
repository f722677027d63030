// The annual report (laporan tahunan): figures shaped for reading, de-identified where the audience needs
// it, and written as JSON, XLSX (one sheet per section) and PDF (with bar charts), in Bahasa Indonesia.
import ExcelJS from 'exceljs';
import type { Content } from 'pdfmake/interfaces.js';
import type { AnnualFigures } from './store.ts';
import { regionName } from '../../../shared/regions.ts';
import { EQUIPMENT_USES, equipmentUseLabel, sessionTypeLabel } from '../../../shared/codes.ts';
import { renderLetter, waktu } from '../../documents/pdf.ts';
import type { Office } from '../../documents/offices.ts';
import { type Cell, MIN_THRESHOLD, type Model, type ModelCell, suppressReport } from './suppression.ts';

export const FUNNEL = ['outreach', 'prospects', 'registered', 'assessed', 'enrolled', 'graduated'] as const;
const FUNNEL_ID: Record<(typeof FUNNEL)[number], string> = {
  outreach: 'Kontak penjangkauan',
  prospects: 'Calon peserta',
  registered: 'Peserta terdaftar',
  assessed: 'Diasesmen',
  enrolled: 'Mengikuti angkatan',
  graduated: 'Lulus',
};

/** A row of the equipment-use table: a use a visit found, or no visit after the handover yet. */
export type EquipmentUseRow = (typeof EQUIPMENT_USES)[number] | 'NOT_VISITED';
export const NOT_VISITED_LABEL = 'Belum dikunjungi';

export interface Audience {
  /** null: figures as counted (identity-access roles inside the office). */
  threshold: number | null;
  share: 'internal' | 'external';
}

export interface AnnualReport {
  year: number;
  region: string | null;
  share: 'internal' | 'external';
  deidentified: boolean;
  threshold: number | null;
  /** How many counts the suppression step hid: small ones ("<t") and those hidden to protect them ("x"). */
  suppression?: { hidden: number; small: number; complementary: number } | null;
  funnel: { columns: string[]; rows: { regionCode: string; regionName: string; values: Cell[] }[]; totals: Cell[] };
  cohorts: {
    name: string;
    regionCode: string;
    startMonth: string;
    enrolled: Cell;
    graduated: Cell;
    attendanceRate: number | string | null;
  }[];
  attendanceByType: { type: string; label: string; sessions: number; attendanceRate: number | null }[];
  /** Organisations, not people: shown as counted for every audience. */
  partners: { name: string; sessions: number; hours: number }[];
  aid: {
    rows: { regionCode: string; regionName: string; kits: Cell; value: Cell }[];
    totals: { kits: Cell; value: Cell };
    /** The same handovers by the equipment use their first visit found; `total` is the kits total. */
    equipmentUse: { rows: { status: EquipmentUseRow; label: string; count: Cell }[]; total: Cell };
  };
  /** De-identified: a small graduate count is hidden, and the cost per graduate with it (it would give the count back). */
  budget: (Omit<AnnualFigures['budget'][number], 'graduates' | 'costPerGraduate'> & {
    graduates: Cell;
    costPerGraduate: Cell | null;
  })[];
  followUp: { months: number; due: Cell; reached: Cell; businessRunning: Cell }[];
  narrative: string | null;
  lateEntries: { days: number; registered: number; assessed: number; enrolled: number } | null;
}

/** Shapes the figures; with a threshold, the whole report goes through one suppression step (suppression.ts). */
export function shapeAnnual(f: AnnualFigures, region: string | null, aud: Audience): AnnualReport {
  const raw = shapeFigures(f, region, aud.share);
  return aud.threshold === null ? raw : deidentify(raw, aud.threshold);
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
const USE_STATUSES: EquipmentUseRow[] = [...EQUIPMENT_USES, 'NOT_VISITED'];

/** The report as counted: every figure a number. Cohort rows are left out of a report shared outside the office. */
function shapeFigures(f: AnnualFigures, region: string | null, share: Audience['share']): AnnualReport {
  const rows = f.regions.map((r) => ({
    regionCode: r,
    regionName: regionName(r),
    values: FUNNEL.map((col) => f.funnel[r]![col]) as Cell[],
  }));
  const useValues = USE_STATUSES.map((u) => (u === 'NOT_VISITED' ? f.equipmentUse.notVisited : f.equipmentUse.uses[u]));
  return {
    year: f.year,
    region,
    share,
    deidentified: false,
    threshold: null,
    suppression: null,
    funnel: {
      columns: [...FUNNEL],
      rows,
      totals: FUNNEL.map((col) => sum(f.regions.map((r) => f.funnel[r]![col]))),
    },
    cohorts:
      share === 'external'
        ? []
        : f.cohorts.map((c) => ({
            name: c.name,
            regionCode: c.regionCode,
            // De-identified outputs carry months, not exact dates.
            startMonth: c.startDate.slice(0, 7),
            enrolled: c.enrolled,
            graduated: c.graduated,
            attendanceRate: c.attendanceRate,
          })),
    attendanceByType: f.attendanceByType.map((a) => ({
      type: a.type,
      label: sessionTypeLabel(a.type),
      sessions: a.sessions,
      attendanceRate: a.marks > 0 ? Math.round((a.attended / a.marks) * 10_000) / 10_000 : null,
    })),
    partners: f.partners.map((p) => ({
      name: p.name,
      sessions: p.sessions,
      hours: Math.round((p.minutes / 60) * 100) / 100,
    })),
    aid: {
      rows: f.regions.map((r) => ({
        regionCode: r,
        regionName: regionName(r),
        kits: f.aid[r]!.kits,
        value: f.aid[r]!.value,
      })),
      totals: { kits: sum(f.regions.map((r) => f.aid[r]!.kits)), value: sum(f.regions.map((r) => f.aid[r]!.value)) },
      equipmentUse: {
        rows: USE_STATUSES.map((status, i) => ({
          status,
          label: status === 'NOT_VISITED' ? NOT_VISITED_LABEL : equipmentUseLabel(status),
          count: useValues[i]!,
        })),
        total: sum(useValues),
      },
    },
    budget: f.budget.map((b) => ({ ...b })),
    followUp: f.followUp.map((p) => ({ ...p })),
    narrative: f.narrative,
    // Back-entry is a note for the office itself; a report shared outside leaves it out.
    lateEntries: share === 'external' ? null : f.lateEntries,
  };
}

const num = (c: Cell | number | null): number => (typeof c === 'number' ? c : 0);

/**
 * The cells of a report as counted, and what a reader knows between them: each funnel column sums to its total;
 * a region's cohorts sum to its enrolled and graduated figures (with what cancelled cohorts held as a remainder
 * that is never published); the kits of the regions and the kits by equipment use both sum to the kits handed
 * over; the programmes' graduates sum to the year's graduates where they are the same people; graduates never
 * exceed those enrolled, nor follow-ups reached those due. Ids name each cell (`cellIds`).
 */
export function reportModel(raw: AnnualReport): Model {
  const cells: ModelCell[] = [];
  const sums: Model['sums'] = [];
  const leq: Model['leq'] = [];
  const cell = (id: string, value: number, rank: ModelCell['rank'], people = true) =>
    cells.push({ id, value, people, rank });
  const regions = raw.funnel.rows.map((r) => r.regionCode);
  FUNNEL.forEach((col, k) => {
    for (const row of raw.funnel.rows) cell(ids.funnel(row.regionCode, col), num(row.values[k]!), 1);
    cell(ids.funnel('*', col), num(raw.funnel.totals[k]!), 2);
    sums.push({ total: ids.funnel('*', col), parts: regions.map((r) => ids.funnel(r, col)) });
  });
  for (const r of [...regions, '*']) leq.push([ids.funnel(r, 'graduated'), ids.funnel(r, 'enrolled')]);
  raw.cohorts.forEach((c, i) => {
    cell(ids.cohort(i, 'enrolled'), num(c.enrolled), 0);
    cell(ids.cohort(i, 'graduated'), num(c.graduated), 0);
    leq.push([ids.cohort(i, 'graduated'), ids.cohort(i, 'enrolled')]);
  });
  if (raw.cohorts.length > 0) {
    for (const row of raw.funnel.rows) {
      for (const col of ['enrolled', 'graduated'] as const) {
        const mine = raw.cohorts.flatMap((c, i) => (c.regionCode === row.regionCode ? [i] : []));
        const parts = mine.map((i) => ids.cohort(i, col));
        const rest = num(row.values[FUNNEL.indexOf(col)]!) - sum(mine.map((i) => num(raw.cohorts[i]![col])));
        if (rest !== 0) {
          const id = `rest:${row.regionCode}:${col}`;
          cells.push({ id, value: rest, people: true, rank: 0, unpublished: true });
          parts.push(id);
        }
        sums.push({ total: ids.funnel(row.regionCode, col), parts });
      }
    }
  }
  for (const a of raw.aid.rows) cell(ids.aid(a.regionCode), num(a.kits), 1);
  cell(ids.aid('*'), num(raw.aid.totals.kits), 2);
  sums.push({ total: ids.aid('*'), parts: regions.map((r) => ids.aid(r)) });
  for (const u of raw.aid.equipmentUse.rows) cell(ids.use(u.status), num(u.count), 0);
  sums.push({ total: ids.aid('*'), parts: raw.aid.equipmentUse.rows.map((u) => ids.use(u.status)) });
  raw.budget.forEach((b, i) => {
    cell(ids.budget(i), num(b.graduates), 0);
  });
  const graduatesTotal = num(raw.funnel.totals[FUNNEL.indexOf('graduated')]!);
  if (raw.budget.length > 0 && sum(raw.budget.map((b) => num(b.graduates))) === graduatesTotal)
    sums.push({ total: ids.funnel('*', 'graduated'), parts: raw.budget.map((_, i) => ids.budget(i)) });
  for (const p of raw.followUp) {
    for (const k of ['due', 'reached', 'businessRunning'] as const) cell(ids.followUp(p.months, k), num(p[k]), 0);
    leq.push([ids.followUp(p.months, 'reached'), ids.followUp(p.months, 'due')]);
  }
  return { cells, sums, leq };
}

/** The id of each published count in the suppression model. */
export const ids = {
  funnel: (region: string, col: string) => `funnel:${region}:${col}`,
  cohort: (i: number, col: 'enrolled' | 'graduated') => `cohort:${i}:${col}`,
  aid: (region: string) => `kits:${region}`,
  use: (status: string) => `use:${status}`,
  budget: (i: number) => `budget:${i}:graduates`,
  followUp: (months: number, col: string) => `followup:${months}:${col}`,
};

/** Every count a report publishes, by its id in the model: what a reader has in hand. */
export function publishedCells(r: AnnualReport): Map<string, Cell> {
  const out = new Map<string, Cell>();
  FUNNEL.forEach((col, k) => {
    for (const row of r.funnel.rows) out.set(ids.funnel(row.regionCode, col), row.values[k]!);
    out.set(ids.funnel('*', col), r.funnel.totals[k]!);
  });
  r.cohorts.forEach((c, i) => {
    out.set(ids.cohort(i, 'enrolled'), c.enrolled);
    out.set(ids.cohort(i, 'graduated'), c.graduated);
  });
  for (const a of r.aid.rows) out.set(ids.aid(a.regionCode), a.kits);
  out.set(ids.aid('*'), r.aid.totals.kits);
  for (const u of r.aid.equipmentUse.rows) out.set(ids.use(u.status), u.count);
  r.budget.forEach((b, i) => {
    out.set(ids.budget(i), b.graduates);
  });
  for (const p of r.followUp)
    for (const k of ['due', 'reached', 'businessRunning'] as const) out.set(ids.followUp(p.months, k), p[k]);
  return out;
}

/**
 * The de-identified report: every count of every table through one suppression step, then the figures that
 * would give a hidden count back hidden with it (a cohort's attendance rate, a kit value, a cost per graduate).
 */
function deidentify(raw: AnnualReport, threshold: number): AnnualReport {
  const t = Math.max(MIN_THRESHOLD, threshold);
  const model = reportModel(raw);
  const s = suppressReport(model, t);
  const shown = (id: string): Cell => s.display.get(id)!;
  const hidden = (c: Cell) => typeof c === 'string';
  const kitsTotal = shown(ids.aid('*'));
  return {
    ...raw,
    deidentified: true,
    threshold: t,
    suppression: { hidden: s.primary + s.complementary, small: s.primary, complementary: s.complementary },
    funnel: {
      columns: raw.funnel.columns,
      rows: raw.funnel.rows.map((row) => ({
        ...row,
        values: FUNNEL.map((col) => shown(ids.funnel(row.regionCode, col))),
      })),
      totals: FUNNEL.map((col) => shown(ids.funnel('*', col))),
    },
    cohorts: raw.cohorts.map((c, i) => {
      const enrolled = shown(ids.cohort(i, 'enrolled'));
      // Attendance marks are people × sessions: the rate of a hidden count would give it back.
      return {
        ...c,
        enrolled,
        graduated: shown(ids.cohort(i, 'graduated')),
        attendanceRate: hidden(enrolled) ? 'x' : c.attendanceRate,
      };
    }),
    aid: {
      rows: raw.aid.rows.map((a) => {
        const kits = shown(ids.aid(a.regionCode));
        // A value next to a hidden count would let the count be inferred from the kit price: hidden too.
        return { ...a, kits, value: hidden(kits) ? 'x' : a.value };
      }),
      totals: { kits: kitsTotal, value: hidden(kitsTotal) ? 'x' : raw.aid.totals.value },
      equipmentUse: {
        rows: raw.aid.equipmentUse.rows.map((u) => ({ ...u, count: shown(ids.use(u.status)) })),
        // The same figure as the kits handed over: shown or hidden with it.
        total: kitsTotal,
      },
    },
    budget: raw.budget.map((b, i) => {
      const graduates = shown(ids.budget(i));
      // The cost per graduate would give a hidden graduate count back (realised ÷ cost).
      return { ...b, graduates, costPerGraduate: hidden(graduates) ? 'x' : b.costPerGraduate };
    }),
    followUp: raw.followUp.map((p) => ({
      months: p.months,
      due: shown(ids.followUp(p.months, 'due')),
      reached: shown(ids.followUp(p.months, 'reached')),
      businessRunning: shown(ids.followUp(p.months, 'businessRunning')),
    })),
  };
}

/** The note on what suppression hid, as every format prints it; null when nothing was hidden or nothing could be. */
export function suppressionNote(r: AnnualReport): string | null {
  if (!r.deidentified || !r.suppression) return null;
  const s = r.suppression;
  if (s.hidden === 0) return `Tidak ada angka yang disembunyikan (semua angka ${r.threshold} atau lebih, atau 0).`;
  return `${s.hidden} angka disembunyikan: ${s.small} karena kecil (<${r.threshold}) dan ${s.complementary} ("x") agar jumlah dan tabel lain tidak membukanya kembali.`;
}

/** The note on back-entered records, as the papers print it; null when there is none. */
export function lateEntryNote(r: AnnualReport): string | null {
  const l = r.lateEntries;
  if (!l || l.registered + l.assessed + l.enrolled === 0) return null;
  return `Dicatat terlambat (lebih dari ${l.days} hari setelah tanggal kejadian; dihitung menurut tanggal kejadian): pendaftaran ${l.registered}, asesmen ${l.assessed}, pendaftaran ke angkatan ${l.enrolled}.`;
}

/** Spreadsheet cells that a program could run as a formula are neutralised with a leading apostrophe. */
export function safeCell(v: Cell | null): string | number | null {
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

const pct = (v: number | string | null) =>
  typeof v === 'number' ? `${(v * 100).toFixed(1).replace('.', ',')}%` : (v ?? '-');
const hours = (v: number) => v.toLocaleString('id-ID', { maximumFractionDigits: 2 });
const rp = (v: Cell) => (typeof v === 'number' ? `Rp ${v.toLocaleString('id-ID')}` : v);

/** `meta.office`: the asker's province's office (the ministry's for the national report), whose area and zone it bears. */
export async function annualXlsx(
  r: AnnualReport,
  meta: { generatedBy: string; generatedAt: string; office: Office },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Berdaya';
  wb.created = new Date(meta.generatedAt);
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(header);
    const h = ws.getRow(1);
    h.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F5C4D' } };
    for (const row of rows) ws.addRow(row.map((c) => safeCell(c as Cell | null)));
    ws.columns.forEach((c, i) => {
      c.width = Math.max(
        12,
        Math.min(45, Math.max(...[header[i] ?? '', ...rows.map((r) => String(r[i] ?? ''))].map((s) => s.length)) + 2),
      );
    });
    return ws;
  };
  sheet(
    'Ringkasan',
    ['Keterangan', 'Nilai'],
    [
      ['Tahun', r.year],
      ['Wilayah', r.region ? regionName(r.region) : meta.office.area],
      [
        'De-identifikasi',
        r.deidentified
          ? `Ya: angka 1–${(r.threshold ?? 0) - 1} ditampilkan sebagai <${r.threshold}; "x" = disembunyikan agar total tidak membuka angka kecil`
          : 'Tidak (untuk internal kantor)',
      ],
      ...(r.deidentified ? [['Angka disembunyikan', suppressionNote(r) ?? '']] : []),
      ['Untuk', r.share === 'external' ? 'Dibagikan ke luar kantor' : 'Internal kantor'],
      ['Dibuat oleh', meta.generatedBy],
      ['Dibuat pada', waktu(meta.generatedAt, meta.office.zone)],
      ['Narasi', r.narrative ?? ''],
      ['Catatan', lateEntryNote(r) ?? ''],
    ],
  );
  sheet(
    'Capaian per wilayah',
    ['Kab/Kota', ...FUNNEL.map((c) => FUNNEL_ID[c])],
    [...r.funnel.rows.map((row) => [row.regionName, ...row.values]), ['Jumlah', ...r.funnel.totals]],
  );
  sheet(
    'Angkatan',
    ['Angkatan', 'Kab/Kota', 'Bulan mulai', 'Peserta', 'Lulus', 'Tingkat kehadiran'],
    r.cohorts.map((c) => [
      c.name,
      regionName(c.regionCode),
      c.startMonth,
      c.enrolled,
      c.graduated,
      typeof c.attendanceRate === 'number' ? c.attendanceRate : c.attendanceRate,
    ]),
  );
  sheet(
    'Kehadiran per kegiatan',
    ['Jenis kegiatan', 'Jumlah sesi', 'Tingkat kehadiran'],
    r.attendanceByType.map((a) => [a.label, a.sessions, a.attendanceRate]),
  );
  const partnerSheet = sheet(
    'Mitra',
    ['Mitra', 'Jumlah sesi', 'Jumlah jam'],
    r.partners.map((p) => [p.name, p.sessions, p.hours]),
  );
  sheet(
    'Bantuan usaha',
    ['Kab/Kota', 'Paket diserahkan', 'Nilai (Rp)'],
    [...r.aid.rows.map((a) => [a.regionName, a.kits, a.value]), ['Jumlah', r.aid.totals.kits, r.aid.totals.value]],
  );
  sheet(
    'Pemakaian peralatan',
    ['Keadaan peralatan pada kunjungan pertama', 'Paket'],
    [...r.aid.equipmentUse.rows.map((u) => [u.label, u.count]), ['Jumlah paket diserahkan', r.aid.equipmentUse.total]],
  );
  sheet(
    'Anggaran',
    ['Program', 'Pagu (Rp)', 'Rencana (Rp)', 'Realisasi (Rp)', 'Lulusan', 'Biaya per lulusan (Rp)'],
    r.budget.map((b) => [b.programme, b.ceiling, b.planned, b.realised, b.graduates, b.costPerGraduate]),
  );
  sheet(
    'Tindak lanjut',
    ['Bulan ke-', 'Dijadwalkan', 'Terjangkau', 'Usaha berjalan'],
    r.followUp.map((p) => [p.months, p.due, p.reached, p.businessRunning]),
  );
  for (const ws of wb.worksheets) {
    ws.eachRow((row, i) => {
      if (i === 1) return;
      row.eachCell((cell) => {
        if (typeof cell.value === 'number' && !Number.isInteger(cell.value)) cell.numFmt = '0.0%';
        else if (typeof cell.value === 'number') cell.numFmt = '#,##0';
      });
    });
  }
  // Hours are not rates: a fraction of an hour keeps a number format, not the percentage the loop above gives.
  partnerSheet.getColumn(3).eachCell((cell, i) => {
    if (i > 1) cell.numFmt = '#,##0.##';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A horizontal bar chart drawn with vectors (no images, no scripts). */
function barChart(title: string, bars: { label: string; value: number | string }[]): Content {
  const numeric = bars.map((b) => (typeof b.value === 'number' ? b.value : 0));
  const max = Math.max(1, ...numeric);
  const width = 260;
  return {
    stack: [
      { text: title, bold: true, margin: [0, 8, 0, 4] },
      ...bars.map((b) => ({
        columns: [
          { width: 150, text: b.label, fontSize: 8 },
          {
            width: width + 4,
            canvas: [
              {
                type: 'rect' as const,
                x: 0,
                y: 2,
                w: typeof b.value === 'number' ? Math.max(1, (b.value / max) * width) : 0,
                h: 8,
                color: '#1f5c4d',
              },
            ],
          },
          { width: '*', text: String(b.value), fontSize: 8 },
        ],
      })),
    ],
  };
}

export async function annualPdf(
  r: AnnualReport,
  meta: { generatedBy: string; generatedAt: Date; office: Office },
): Promise<Buffer> {
  const funnelTotals = FUNNEL.map((c, i) => ({ label: FUNNEL_ID[c], value: r.funnel.totals[i]! }));
  const body: Content[] = [
    {
      text: `Tahun ${r.year} — ${r.region ? regionName(r.region) : meta.office.area}`,
      alignment: 'center',
      margin: [0, 0, 0, 4],
    },
    r.deidentified
      ? {
          text: `Data de-identifikasi: angka 1–${(r.threshold ?? 0) - 1} ditampilkan sebagai "<${r.threshold}", "x" disembunyikan agar total tidak membuka angka kecil. ${suppressionNote(r) ?? ''}${r.share === 'external' ? ' Angka per angkatan tidak dimuat.' : ''}`,
          italics: true,
          fontSize: 8,
          margin: [0, 0, 0, 6],
        }
      : { text: 'Untuk internal kantor.', italics: true, fontSize: 8, margin: [0, 0, 0, 6] },
    barChart('Capaian program (jumlah)', funnelTotals),
    { text: 'Capaian per kabupaten/kota', bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ['*', ...FUNNEL.map(() => 52)],
        body: [
          ['Kab/Kota', ...FUNNEL.map((c) => FUNNEL_ID[c])].map((t) => ({
            text: t,
            bold: true,
            fillColor: '#eeeeee',
            fontSize: 7,
          })),
          ...r.funnel.rows.map((row) => [row.regionName, ...row.values.map(String)]),
          [{ text: 'Jumlah', bold: true }, ...r.funnel.totals.map((v) => ({ text: String(v), bold: true }))],
        ],
      },
      fontSize: 8,
    },
    { text: 'Angkatan', bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ['*', 90, 50, 45, 40, 55],
        body: [
          ['Angkatan', 'Kab/Kota', 'Mulai', 'Peserta', 'Lulus', 'Kehadiran'].map((t) => ({
            text: t,
            bold: true,
            fillColor: '#eeeeee',
          })),
          ...r.cohorts.map((c) => [
            c.name,
            regionName(c.regionCode),
            c.startMonth,
            String(c.enrolled),
            String(c.graduated),
            pct(c.attendanceRate),
          ]),
        ],
      },
      fontSize: 8,
    },
    barChart(
      'Tingkat kehadiran per jenis kegiatan (%)',
      r.attendanceByType.map((a) => ({
        label: a.label,
        value: a.attendanceRate === null ? '-' : Math.round(a.attendanceRate * 1000) / 10,
      })),
    ),
    { text: 'Sesi bersama mitra', bold: true, margin: [0, 10, 0, 4] },
    r.partners.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 80, 80],
            body: [
              ['Mitra', 'Jumlah sesi', 'Jumlah jam'].map((t) => ({ text: t, bold: true, fillColor: '#eeeeee' })),
              ...r.partners.map((p) => [p.name, String(p.sessions), hours(p.hours)]),
            ],
          },
          fontSize: 8,
        }
      : { text: 'Tidak ada sesi bersama mitra pada tahun ini.', italics: true, fontSize: 8 },
    { text: 'Bantuan usaha yang diserahkan', bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ['*', 80, 120],
        body: [
          ['Kab/Kota', 'Paket', 'Nilai'].map((t) => ({ text: t, bold: true, fillColor: '#eeeeee' })),
          ...r.aid.rows.map((a) => [a.regionName, String(a.kits), String(rp(a.value))]),
          [{ text: 'Jumlah', bold: true }, String(r.aid.totals.kits), String(rp(r.aid.totals.value))],
        ],
      },
      fontSize: 8,
    },
    { text: 'Pemakaian peralatan pada kunjungan pertama setelah serah terima', bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ['*', 80],
        body: [
          ['Keadaan peralatan', 'Paket'].map((t) => ({ text: t, bold: true, fillColor: '#eeeeee' })),
          ...r.aid.equipmentUse.rows.map((u) => [u.label, String(u.count)]),
          [{ text: 'Jumlah', bold: true }, String(r.aid.equipmentUse.total)],
        ],
      },
      fontSize: 8,
    },
    ...(r.budget.length
      ? [
          { text: 'Anggaran', bold: true, margin: [0, 10, 0, 4] } as Content,
          {
            table: {
              headerRows: 1,
              widths: ['*', 80, 80, 80, 80],
              body: [
                ['Program', 'Pagu', 'Rencana', 'Realisasi', 'Biaya per lulusan'].map((t) => ({
                  text: t,
                  bold: true,
                  fillColor: '#eeeeee',
                })),
                ...r.budget.map((b) =>
                  [
                    b.programme,
                    rp(b.ceiling),
                    rp(b.planned),
                    rp(b.realised),
                    b.costPerGraduate === null ? '-' : rp(b.costPerGraduate),
                  ].map(String),
                ),
              ],
            },
            fontSize: 8,
          } as Content,
        ]
      : []),
    { text: 'Tindak lanjut', bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: [60, 80, 80, 80],
        body: [
          ['Bulan ke-', 'Dijadwalkan', 'Terjangkau', 'Usaha berjalan'].map((t) => ({
            text: t,
            bold: true,
            fillColor: '#eeeeee',
          })),
          ...r.followUp.map((p) => [String(p.months), String(p.due), String(p.reached), String(p.businessRunning)]),
        ],
      },
      fontSize: 8,
    },
    ...(r.narrative
      ? [{ text: 'Narasi', bold: true, margin: [0, 10, 0, 4] } as Content, { text: r.narrative } as Content]
      : []),
    ...(lateEntryNote(r)
      ? [
          { text: 'Catatan', bold: true, margin: [0, 10, 0, 4] } as Content,
          { text: lateEntryNote(r)!, fontSize: 8 } as Content,
        ]
      : []),
  ];
  return renderLetter({
    office: meta.office,
    number: `LT/${r.year}/${r.region ?? meta.office.code}${r.share === 'external' ? '/EKS' : ''}`,
    title: 'Laporan Tahunan',
    date: meta.generatedAt,
    body,
    signatories: [{ role: 'Kepala Seksi', name: null }],
    footer: `Dibuat oleh ${meta.generatedBy} pada ${waktu(meta.generatedAt, meta.office.zone)}${r.deidentified ? ' — de-identifikasi' : ' — internal'}`,
  });
}
