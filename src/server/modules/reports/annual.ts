// The annual report (laporan tahunan): figures shaped for reading, de-identified where the audience needs
// it, and written as JSON, XLSX (one sheet per section) and PDF (with bar charts), in Bahasa Indonesia.
import ExcelJS from 'exceljs';
import type { Content } from 'pdfmake/interfaces.js';
import type { AnnualFigures } from './store.ts';
import { PROVINCE_CODE, regionName } from '../../../shared/regions.ts';
import { EQUIPMENT_USES, equipmentUseLabel, sessionTypeLabel } from '../../../shared/codes.ts';
import { renderLetter, waktu } from '../../documents/pdf.ts';
import { suppressCount, suppressSeries, type Cell } from './suppress.ts';

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

/** Shapes the figures; with a threshold, small cells are suppressed (complementary where totals show). */
export function shapeAnnual(f: AnnualFigures, region: string | null, aud: Audience): AnnualReport {
  const t = aud.threshold;
  const rows = f.regions.map((r) => ({ regionCode: r, regionName: regionName(r), values: [] as Cell[] }));
  const totals: Cell[] = [];
  for (const col of FUNNEL) {
    const values = f.regions.map((r) => f.funnel[r]![col]);
    const series =
      t === null
        ? { cells: values as Cell[], total: values.reduce((s, v) => s + v, 0) as Cell }
        : suppressSeries(values, t);
    series.cells.forEach((c, i) => {
      rows[i]!.values.push(c);
    });
    totals.push(series.total);
  }
  const kitSeries = f.regions.map((r) => f.aid[r]!.kits);
  const kits =
    t === null
      ? { cells: kitSeries as Cell[], total: kitSeries.reduce((s, v) => s + v, 0) as Cell }
      : suppressSeries(kitSeries, t);
  const aidRows = f.regions.map((r, i) => ({
    regionCode: r,
    regionName: regionName(r),
    kits: kits.cells[i]!,
    // A value next to a hidden count would let the count be inferred from the kit price: hide it too.
    value: typeof kits.cells[i] === 'string' ? 'x' : (f.aid[r]!.value as Cell),
  }));
  const valueTotal: Cell = typeof kits.total === 'string' ? 'x' : f.regions.reduce((s, r) => s + f.aid[r]!.value, 0);
  const count = (v: number) => (t === null ? v : suppressCount(v, t));
  // Counts of people whose total (the kits handed over) is published beside them: suppressed as a series, and
  // its total hidden whenever the kits total is, so neither gives the other's small cell back.
  const useStatuses: EquipmentUseRow[] = [...EQUIPMENT_USES, 'NOT_VISITED'];
  const useValues = useStatuses.map((u) => (u === 'NOT_VISITED' ? f.equipmentUse.notVisited : f.equipmentUse.uses[u]));
  const uses =
    t === null
      ? { cells: useValues as Cell[], total: useValues.reduce((s, v) => s + v, 0) as Cell }
      : suppressSeries(useValues, t);
  const equipmentUse = {
    rows: useStatuses.map((status, i) => ({
      status,
      label: status === 'NOT_VISITED' ? NOT_VISITED_LABEL : equipmentUseLabel(status),
      count: uses.cells[i]!,
    })),
    total: typeof kits.total === 'string' ? kits.total : uses.total,
  };
  return {
    year: f.year,
    region,
    share: aud.share,
    deidentified: t !== null,
    threshold: t,
    funnel: { columns: [...FUNNEL], rows, totals },
    cohorts: f.cohorts.map((c) => {
      const enrolled = count(c.enrolled);
      return {
        name: c.name,
        regionCode: c.regionCode,
        // De-identified outputs carry months, not exact dates.
        startMonth: c.startDate.slice(0, 7),
        enrolled,
        graduated: typeof enrolled === 'string' ? 'x' : count(c.graduated),
        attendanceRate: typeof enrolled === 'string' ? 'x' : c.attendanceRate,
      };
    }),
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
    aid: { rows: aidRows, totals: { kits: kits.total, value: valueTotal }, equipmentUse },
    budget: f.budget.map((b) => {
      const graduates = count(b.graduates);
      return { ...b, graduates, costPerGraduate: typeof graduates === 'string' ? 'x' : b.costPerGraduate };
    }),
    followUp: f.followUp.map((p) => ({
      months: p.months,
      due: count(p.due),
      reached: count(p.reached),
      businessRunning: count(p.businessRunning),
    })),
    narrative: f.narrative,
    // Back-entry is a note for the office itself; a report shared outside leaves it out.
    lateEntries: aud.share === 'external' ? null : f.lateEntries,
  };
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

export async function annualXlsx(r: AnnualReport, meta: { generatedBy: string; generatedAt: string }): Promise<Buffer> {
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
      ['Wilayah', r.region ? regionName(r.region) : 'Provinsi Kalimantan Selatan'],
      [
        'De-identifikasi',
        r.deidentified
          ? `Ya: angka 1–${(r.threshold ?? 0) - 1} ditampilkan sebagai <${r.threshold}; "x" = disembunyikan agar total tidak membuka angka kecil`
          : 'Tidak (untuk internal kantor)',
      ],
      ['Untuk', r.share === 'external' ? 'Dibagikan ke luar kantor' : 'Internal kantor'],
      ['Dibuat oleh', meta.generatedBy],
      ['Dibuat pada', waktu(meta.generatedAt)],
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

export async function annualPdf(r: AnnualReport, meta: { generatedBy: string; generatedAt: Date }): Promise<Buffer> {
  const funnelTotals = FUNNEL.map((c, i) => ({ label: FUNNEL_ID[c], value: r.funnel.totals[i]! }));
  const body: Content[] = [
    {
      text: `Tahun ${r.year} — ${r.region ? regionName(r.region) : 'Provinsi Kalimantan Selatan'}`,
      alignment: 'center',
      margin: [0, 0, 0, 4],
    },
    r.deidentified
      ? {
          text: `Data de-identifikasi: angka 1–${(r.threshold ?? 0) - 1} ditampilkan sebagai "<${r.threshold}", "x" disembunyikan agar total tidak membuka angka kecil.`,
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
    number: `LT/${r.year}/${r.region ?? PROVINCE_CODE}${r.share === 'external' ? '/EKS' : ''}`,
    title: 'Laporan Tahunan',
    date: meta.generatedAt,
    body,
    signatories: [{ role: 'Kepala Seksi', name: null }],
    footer: `Dibuat oleh ${meta.generatedBy} pada ${waktu(meta.generatedAt)}${r.deidentified ? ' — de-identifikasi' : ' — internal'}`,
  });
}
