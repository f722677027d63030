// Bahasa Indonesia for the form kit (src/web/forms): what a field says when a date, an amount or a phone number is
// typed in a way it cannot read (what the shared schemas find is worded from messages.id.ts); the submit button
// while it works; the warning before leaving unsaved changes. Merged into the main catalogue under the key
// `forms`; forms.en.ts has the same keys.

export const formsId = {
  forms: {
    date: {
      format: 'Tulis tanggal sebagai hh/bb/tttt, misalnya 28/11/2026.',
      impossible: 'Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.',
      year: 'Tulis tahun dengan 4 angka, antara 1900 dan 2100.',
      placeholder: 'hh/bb/tttt',
    },
    money: {
      format: 'Tulis jumlah rupiah dengan angka saja, misalnya 3.000.000.',
      cents: 'Tulis jumlah rupiah tanpa sen.',
      tooLarge: 'Jumlah ini terlalu besar.',
    },
    number: {
      format: 'Tulis angka bulat saja, misalnya 12.',
      tooLarge: 'Angka ini terlalu besar.',
    },
    phone: {
      format: 'Tulis nomor telepon seperti 0812-3456-7890 atau +62 812-3456-7890.',
      length: 'Nomor telepon Indonesia berisi 9 sampai 13 angka, termasuk 0 di depan.',
    },
    submitting: 'Menyimpan…',
    unsaved: 'Ada perubahan yang belum disimpan. Tinggalkan halaman ini dan buang perubahan itu?',
  },
};

export type FormsMessages = (typeof formsId)['forms'];
