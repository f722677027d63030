// English for the list table (components/DataTable.tsx). Merged into the main catalogue under the key `table`;
// table.id.ts has the same keys.
import type { TableMessages } from './table.id.ts';

export const tableEn: { table: TableMessages } = {
  table: {
    sortBy: 'Sort by',
    defaultOrder: 'Default order',
    ascending: '{{column}}, ascending',
    descending: '{{column}}, descending',
    columns: 'Columns',
    columnsHidden: 'Columns ({{n}} hidden)',
    columnsLegend: 'Columns shown',
    paging: '{{caption}} pages',
    page: 'Page {{page}} of {{pages}}',
    prev: 'Previous',
    next: 'Next',
  },
};
