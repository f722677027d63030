// Word lists of the SYNTHETIC demo province. Every person in the demo is made up: a given name and a
// second name drawn from these lists, a NIK whose serial lies in the reserved range 9900–9999 (see
// seed.ts), an address on an invented street. Nothing here describes a real person.

export const GIVEN_NAMES = [
  'Aulia', 'Rahmah', 'Nurul', 'Siti', 'Fitri', 'Dewi', 'Rina', 'Sari', 'Yuli', 'Wulan', 'Intan', 'Lestari',
  'Ratna', 'Hayati', 'Salmah', 'Jamilah', 'Norhayati', 'Mariani', 'Rusmini', 'Halimah', 'Zubaidah', 'Fatimah',
  'Aisyah', 'Puspita', 'Anisa', 'Nadia', 'Putri', 'Indah', 'Ayu', 'Eka', 'Dian', 'Mahmudah', 'Raudah',
  'Nurlaila', 'Hamidah', 'Samsiah', 'Normila', 'Arbainah', 'Masitah', 'Rabiatul', 'Kamariah', 'Hasanah',
  'Mardiana', 'Yusnita', 'Sulastri', 'Herlina', 'Erna', 'Mulyani', 'Rosita', 'Syahrini',
] as const;

export const SECOND_NAMES = [
  'Rahmawati', 'Susanti', 'Handayani', 'Wulandari', 'Maulida', 'Noorhasanah', 'Pratiwi', 'Safitri', 'Anggraini',
  'Hidayati', 'Fitriani', 'Rahmadani', 'Yuliana', 'Kurniasih', 'Oktaviani', 'Ramadhani', 'Apriliani',
  'Agustina', 'Novitasari', 'Mustika', 'Lestiana', 'Aprilia', 'Kamelia', 'Saputri', 'Damayanti', 'Permatasari',
  'Nuraini', 'Marlina', 'Sofiana', 'Hairunnisa', 'Jannah', 'Mardhiyah', 'Noorlatifah', 'Rizkiani', 'Zahra',
] as const;

/** Invented street names (the demo's addresses say they are synthetic). */
export const STREETS = ['Jl. Contoh Raya', 'Jl. Sintetis', 'Jl. Percobaan', 'Gg. Demo', 'Jl. Fiktif Indah', 'Komplek Uji Coba'] as const;

/** Aliases chosen at outreach: never names. */
export const ALIASES = ['Melati', 'Mawar', 'Kenanga', 'Anggrek', 'Teratai', 'Dahlia', 'Kamboja', 'Cempaka', 'Seroja', 'Flamboyan'] as const;

export const NOTE_TEXTS = [
  'Kunjungan rumah: kondisi tempat tinggal baik, keluarga mendukung rencana usaha. (data sintetis)',
  'Menelepon untuk mengingatkan jadwal asesmen; peserta bersedia datang. (data sintetis)',
  'Peserta menyampaikan minat pada usaha kue; dibahas bahan dan modal awal. (data sintetis)',
  'Koordinasi dengan puskesmas untuk pemeriksaan kesehatan umum. (data sintetis)',
  'Peserta menceritakan kemajuan latihan menjahit; semangat baik. (data sintetis)',
] as const;

export const PSY_NOTES = [
  'Sesi konseling individu: fokus pada rasa aman dan rencana ke depan. (data sintetis)',
  'Konseling lanjutan: tidur membaik, kecemasan berkurang. (data sintetis)',
] as const;
