// Bahasa Indonesia: the words of the message catalogue's field problems and import rows (src/shared/messages.ts).
// Error codes are worded in `errors`, date problems in `dates.problems`, NIK problems and warnings in `codes`,
// password problems in `passwordProblems` (id.ts). messages.en.ts has exactly the same keys.
import type { ImportRowProblem, ImportSkipReason, ValidationIssue } from '../../shared/messages.ts';

/** Sizes worded by what is measured: letters of a text, a number, items chosen, a date. */
type Sized = 'string' | 'number' | 'array' | 'date';

export const messagesId: {
  messages: {
    issues: Record<ValidationIssue, string>;
    tooSmall: Record<Sized, string>;
    tooBig: Record<Sized, string>;
    formats: Record<'email' | 'url' | 'date' | 'datetime' | 'time' | 'uuid' | 'regex', string>;
    importRows: Record<ImportRowProblem, string>;
    importSkipped: Record<ImportSkipReason, string>;
  };
} = {
  messages: {
    issues: {
      invalid_type: 'Isian ini belum benar (jenis isiannya salah).',
      too_small: 'Isian ini terlalu kecil: paling sedikit {{minimum}}.',
      too_big: 'Isian ini terlalu besar: paling banyak {{maximum}}.',
      invalid_format: 'Bentuk isian ini belum benar.',
      not_multiple_of: 'Isi kelipatan {{divisor}}.',
      unrecognized_keys: 'Permintaan berisi isian yang tidak dikenal.',
      invalid_union: 'Isian ini belum benar.',
      invalid_key: 'Isian ini belum benar.',
      invalid_element: 'Salah satu isian dalam daftar ini belum benar.',
      invalid_value: 'Pilih salah satu pilihan yang tersedia.',
      custom: 'Isian ini belum benar.',
      required: 'Wajib diisi.',
      invalid: 'Isian ini belum benar.',
      unknown: 'Pilihan ini tidak dikenal atau sudah tidak ada. Pilih dari daftar.',
      range: 'Isian ini di luar rentang yang diperbolehkan.',
      empty: 'Berkas ini tidak berisi data.',
      duplicate: 'Isian ini tercantum lebih dari satu kali.',
      future: 'Tanggal ini belum terjadi: isi tanggal hari ini atau sebelumnya.',
      unchanged: 'Tidak ada yang berubah: pilih nilai yang berbeda dari yang sekarang.',
      same_user: 'Pilih petugas lain, bukan petugas yang sama.',
      not_assignable: 'Pilih pekerja sosial, psikolog atau Kepala Seksi yang aktif.',
      not_another_region: 'Pilih petugas dari kabupaten/kota lain.',
      not_another_province: 'Pilih kabupaten/kota di provinsi lain.',
      not_enrolled: 'Peserta ini tidak terdaftar di angkatan ini.',
      not_applicable: 'Isian ini tidak berlaku di sini.',
      nik_or_reason: 'Isi NIK, atau pilih alasan peserta tidak memiliki NIK.',
      duplicate_purpose: 'Setiap jenis persetujuan dicatat satu kali saja.',
      declined: 'Peserta menolak: rencanakan kontak berikutnya hanya bila ia memintanya.',
      before_handover: 'Tanggal ini sebelum serah terima bantuan.',
      before_start: 'Tanggal ini sebelum tanggal mulai.',
      control_characters: 'Isian ini berisi karakter kendali yang tidak dapat disimpan. Ketik ulang isiannya.',
      not_zero: 'Isi angka selain 0.',
      note_without_mark: 'Catatan hanya untuk kehadiran yang ditandai.',
      exactly_one: 'Isi salah satu saja.',
      no_columns_mapped: 'Pasangkan paling sedikit satu kolom.',
      equipment_note_without_use: 'Pilih dulu keadaan peralatan untuk catatan ini.',
    },
    tooSmall: {
      string: 'Terlalu pendek: paling sedikit {{minimum}} karakter.',
      number: 'Paling kecil {{minimum}}.',
      array: 'Pilih paling sedikit {{minimum}}.',
      date: 'Tanggal ini terlalu awal: paling awal {{minimum}}.',
    },
    tooBig: {
      string: 'Terlalu panjang: paling banyak {{maximum}} karakter.',
      number: 'Paling besar {{maximum}}.',
      array: 'Pilih paling banyak {{maximum}}.',
      date: 'Tanggal ini terlalu akhir: paling akhir {{maximum}}.',
    },
    formats: {
      email: 'Tulis alamat e-mail yang benar, misalnya nama@dinsos.kalselprov.go.id.',
      url: 'Tulis alamat web yang lengkap, diawali https://.',
      date: 'Tulis tanggal yang benar (tahun-bulan-tanggal).',
      datetime: 'Tulis tanggal dan jam yang benar.',
      time: 'Tulis jam yang benar (jam:menit).',
      uuid: 'Kode ini tidak dikenal.',
      regex: 'Bentuk isian ini belum benar.',
    },
    importRows: {
      consent_required: 'Isi tanggal persetujuan untuk ikut program dan untuk pengolahan data.',
      same_nik_as_row: 'NIK ini sama dengan NIK di baris {{row}}.',
      region_not_allowed: 'Wilayah ini di luar cakupan Anda: Anda hanya dapat mendaftarkan peserta di wilayah Anda.',
    },
    importSkipped: {
      already_registered_nik: 'Sudah terdaftar (NIK sama); baris ini dilewati.',
      already_registered_name_dob: 'Sudah terdaftar (nama dan tanggal lahir sama); baris ini dilewati.',
    },
  },
};
