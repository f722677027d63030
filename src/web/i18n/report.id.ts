// Bahasa Indonesia for laporan, dasbor dan impor data.
// Merged into the main catalogue under the key `report`; report.en.ts has the same keys.
export const reportId = {
  report: {
    nav: {
      reports: 'Laporan',
      imports: 'Impor data',
    },
    cards: {
      reports: 'Laporan tahunan dan dasbor, tanpa identitas.',
      imports: 'Impor daftar peserta dari XLSX atau CSV.',
    },
  },
};

export type ReportMessages = typeof reportId.report;
