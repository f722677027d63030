// Words the shell shows whatever screen is open: each area's entry in the navigation and its card on the start
// page, and the work queue (its count sits beside Beranda in the navigation; the queue heads every start page).
// The rest of each area's words load with its screens (areas.ts), so the first page carries only these.
export const shellId = {
  /** The banner a new version of the app shows (components/UpdatePrompt.tsx). */
  pwa: { updateAvailable: 'Versi baru tersedia', reload: 'Muat ulang' },
  casework: {
    nav: { outreach: 'Penjangkauan', partners: 'Mitra' },
    cards: {
      outreach: 'Catat kontak penjangkauan tanpa identitas, lihat prospek dan jumlah kontak per wilayah.',
      partners: 'Lembaga mitra untuk rujukan dan pelaksanaan rencana intervensi.',
    },
  },
  programme: {
    nav: {
      programmes: 'Program',
      cohorts: 'Angkatan',
      venues: 'Tempat',
    },
    cards: {
      programmes: 'Rencana program tahunan: pagu anggaran, target peserta, wilayah sasaran dan aturan kelulusan.',
      cohorts: 'Angkatan pelatihan: peserta, jadwal sesi, kehadiran dan kelulusan.',
      venues: 'Rumah atau gedung yang disewa untuk pelatihan: kontrak, kapasitas dan pembayaran sewa.',
    },
  },
  aid: {
    nav: {
      kits: 'Paket bantuan',
      budget: 'Anggaran',
      approvals: 'Persetujuan & pelimpahan',
    },
    cards: {
      kits: 'Katalog paket bantuan usaha per keterampilan.',
      budget: 'Anggaran program: rencana dan realisasi.',
      approvals: 'Pejabat yang menyetujui bantuan dan anggaran, serta pelimpahan Plh./Plt.',
    },
  },
  followup: {
    nav: {
      worklist: 'Tindak lanjut',
    },
    cards: {
      worklist: 'Tindak lanjut yang jatuh tempo minggu ini dan yang terlambat.',
    },
  },
  report: {
    nav: {
      reports: 'Laporan',
      imports: 'Impor data',
      dashboard: 'Dasbor',
    },
    cards: {
      reports: 'Laporan tahunan dan dasbor, tanpa identitas.',
      imports: 'Impor daftar peserta dari XLSX atau CSV.',
      dashboard: 'Angka ringkas bagian pekerjaan Anda: peserta, angkatan, sesi, tindak lanjut dan anggaran.',
    },
  },
  field: {
    nav: 'Lapangan',
  },
  rights: {
    nav: 'Permintaan data pribadi',
    card: 'Permintaan salinan atau penghapusan data pribadi peserta: dicatat, disetujui, dilaksanakan.',
  },
  workQueue: {
    title: 'Yang menunggu Anda',
    empty: 'Tidak ada yang menunggu. Terima kasih.',
    more: 'dan {{count}} lainnya',
    open: 'Buka',
    /** The count on Beranda in the navigation: the number shows, and is read out with what it counts. */
    navCount: '{{count}} menunggu',
    /** A correction in the queue: whose mark, and what it should become. */
    correction: '{{who}}: menjadi {{status}}',
    /** Approved aid of a cohort that no decision letter names yet. */
    decree: '{{count}} usulan disetujui belum masuk SK',
    kind: {
      safety_alerts: 'Peringatan keselamatan',
      account_approvals: 'Akun staf menunggu persetujuan Anda',
      assignment_requests: 'Permintaan penugasan',
      duplicate_reviews: 'Kemungkinan data ganda menunggu keputusan Anda',
      transfers: 'Kasus dari wilayah lain menunggu jawaban Anda',
      province_transfers: 'Pemindahan kasus antarprovinsi menunggu jawaban Anda',
      closures: 'Penutupan kasus menunggu persetujuan',
      plans: 'Rencana intervensi menunggu persetujuan',
      assessments: 'Asesmen menunggu telaah',
      allocations: 'Usulan bantuan menunggu persetujuan',
      aid_decrees: 'Usulan bantuan yang disetujui menunggu SK penetapan',
      budget_lines: 'Baris anggaran menunggu persetujuan',
      attendance_corrections: 'Koreksi kehadiran menunggu keputusan',
      graduation_exceptions: 'Pengecualian kelulusan menunggu persetujuan',
      rights_requests: 'Permintaan hak subjek data menunggu keputusan Anda',
      rights_requests_to_carry_out: 'Permintaan hak subjek data yang disetujui, menunggu dilaksanakan',
      overdue_follow_ups: 'Pemantauan yang terlambat',
      sessions_today: 'Sesi hari ini',
      field_conflicts: 'Catatan lapangan yang bertentangan, terbuka lebih dari sehari',
    },
    /** A field device's conflict: whose device, and what was recorded on it. */
    fieldConflict: '{{who}}: {{what}}',
    fieldConflictKind: {
      attendance: 'daftar hadir',
      visit: 'kunjungan tindak lanjut',
      note: 'catatan kasus',
      outreach: 'kontak penjangkauan',
    },
  },
};

export type ShellMessages = typeof shellId;
