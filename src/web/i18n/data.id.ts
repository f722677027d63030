// Words of the data layer: the dialog that shows a save which met someone else's newer change.
export const dataId = {
  conflict: {
    title: 'Data ini diubah orang lain',
    intro:
      'Sejak Anda membukanya, {{who}} menyimpan perubahan. Periksa kolom di bawah lalu pilih: muat versi terbaru (perubahan Anda dibuang), atau terapkan hanya kolom yang Anda ubah di atas versi terbaru.',
    someone: 'orang lain',
    field: 'Kolom',
    before: 'Saat Anda membuka',
    theirs: 'Versi terbaru',
    mine: 'Perubahan Anda',
    unchanged: '(tidak diubah)',
    empty: '(kosong)',
    reload: 'Muat versi terbaru',
    reapply: 'Terapkan perubahan saya',
    overlap: 'Kolom ini diubah oleh Anda berdua: perubahan Anda akan menggantikan versi terbaru.',
    noFields: 'Tidak ada kolom yang dapat dibandingkan.',
  },
  loading: 'Memuat…',
  refreshing: 'Memperbarui…',
  retry: 'Coba lagi',
  stale: 'Menampilkan data terakhir yang diketahui; belum dapat diperbarui.',
};
