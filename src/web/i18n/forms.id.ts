// Bahasa Indonesia for the form kit (src/web/forms): what a field says when the shared schema, or the way a person
// typed a date, an amount or a phone number, is not right; the submit button while it works; the warning before
// leaving unsaved changes. Merged into the main catalogue under the key `forms`; forms.en.ts has the same keys.

export const formsId = {
  forms: {
    required: 'Wajib diisi.',
    invalid: 'Isian ini belum benar.',
    tooShort: 'Minimal {{count}} karakter.',
    tooLong: 'Maksimal {{count}} karakter.',
    atLeast: 'Paling kecil {{minimum}}.',
    atMost: 'Paling besar {{maximum}}.',
    number: 'Isi dengan angka.',
    wholeNumber: 'Isi dengan bilangan bulat.',
    chooseOne: 'Pilih salah satu.',
    chooseAtLeast: 'Pilih minimal {{count}}.',
    chooseAtMost: 'Pilih paling banyak {{count}}.',
    email: 'Tulis alamat e-mail yang benar, misalnya nama@dinsos.kalselprov.go.id.',
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
    phone: {
      format: 'Tulis nomor telepon seperti 0812-3456-7890 atau +62 812-3456-7890.',
      length: 'Nomor telepon Indonesia berisi 9 sampai 13 angka, termasuk 0 di depan.',
    },
    submitting: 'Menyimpan…',
    unsaved: 'Ada perubahan yang belum disimpan. Tinggalkan halaman ini dan buang perubahan itu?',
  },
};

export type FormsMessages = (typeof formsId)['forms'];
