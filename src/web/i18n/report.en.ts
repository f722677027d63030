// English for reports, dashboard and data import.
// Merged into the main catalogue under the key `report`; report.id.ts has the same keys.
import type { ReportMessages } from './report.id.ts';

export const reportEn: { report: ReportMessages } = {
  report: {
    nav: {
      reports: 'Reports',
      imports: 'Import',
    },
    cards: {
      reports: 'Annual report and dashboard, de-identified.',
      imports: 'Import a participant list from XLSX or CSV.',
    },
  },
};
