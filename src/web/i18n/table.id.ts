// Bahasa Indonesia for the list table (components/DataTable.tsx): ordering, the column chooser and the pages.
// Merged into the main catalogue under the key `table`; table.en.ts has the same keys.

export const tableId = {
  table: {
    sortBy: 'Urutkan',
    defaultOrder: 'Urutan bawaan',
    ascending: '{{column}}, naik',
    descending: '{{column}}, turun',
    columns: 'Kolom',
    columnsHidden: 'Kolom ({{n}} disembunyikan)',
    columnsLegend: 'Kolom yang ditampilkan',
    paging: 'Halaman {{caption}}',
    page: 'Halaman {{page}} dari {{pages}}',
    prev: 'Sebelumnya',
    next: 'Berikutnya',
  },
};
export type TableMessages = (typeof tableId)['table'];
