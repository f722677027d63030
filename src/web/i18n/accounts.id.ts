// Bahasa Indonesia for the second person on accounts that may read cases: what waits on the Users screens, the
// approver's decision in her work queue, and the notices of accounts made without a second person on start pages.
// Merged into the main catalogue under the key `accounts`; accounts.en.ts has the same keys.

export const accountsId = {
  accounts: {
    approvals: {
      intro:
        'Akun ini dapat membuka data kasus. Sebelum dipakai, pastikan akun ini memang untuk staf yang Anda kenal dan wilayahnya benar.',
      kind: {
        CREATE: 'Akun baru',
        RAISE: 'Tambahan akses',
        REACTIVATE: 'Diaktifkan kembali',
        RESET:
          'Kata sandi atau verifikasi dua langkah diatur ulang administrator: pastikan staf sendiri yang memintanya',
      },
      asks: 'Diminta: {{role}}, wilayah {{regions}}',
      holds: 'Sekarang: {{role}}, wilayah {{regions}}',
      requestedBy: 'Diminta oleh {{who}}, {{at}}',
      email: 'E-mail: {{email}}',
      approve: 'Setujui akun {{username}}',
      refuse: 'Tolak akun {{username}}',
      reason: 'Alasan penolakan untuk {{username}}',
      reasonHint: 'Administrator akan membaca alasan ini. Tulis singkat dan jelas, misalnya "Bukan staf wilayah ini".',
      reasonRequired: 'Tuliskan alasan penolakan.',
      refuseSubmit: 'Kirim penolakan',
      cancel: 'Batal',
      approved: 'Akun {{username}} disetujui.',
      refused: 'Akun {{username}} ditolak. Administrator dapat membaca alasannya.',
      empty: 'Tidak ada akun yang menunggu persetujuan Anda.',
      field: {
        role: 'Peran yang diminta',
        regions: 'Wilayah yang diminta',
        decision: 'Keputusan Anda',
        approve: 'Setujui',
        refuse: 'Tolak',
      },
    },
    notices: {
      title: 'Akun yang dibuat tanpa orang kedua',
      intro:
        'Akun berikut dibuat tanpa persetujuan orang kedua. Periksa apakah Anda mengenal stafnya dan akun ini memang diperlukan. Pemberitahuan tetap tampil sampai Anda menandainya.',
      FIRST_APPROVER:
        '{{account}}: Kepala Seksi pertama di provinsi ini, dibuat oleh {{by}} pada {{at}} tanpa persetujuan orang kedua. Pengecualian ini hanya berlaku satu kali.',
      CONSOLE: '{{account}} ({{role}}, wilayah {{regions}}): dibuat di konsol server pada {{at}}.',
      inactive: 'Akun ini sekarang nonaktif.',
      seen: 'Sudah saya lihat: {{username}}',
      seenDone: 'Pemberitahuan untuk {{username}} ditandai sudah dilihat.',
    },
    user: {
      newHint:
        'Akun yang dapat membuka data kasus (Kepala Seksi, pekerja sosial/pendamping, psikolog) dan akun Kepala Bidang baru aktif setelah disetujui Kepala Seksi atau Kepala Bidang wilayahnya. Anda tidak dapat menyetujuinya sendiri.',
      waiting: 'Menunggu persetujuan',
      waitingBy: 'dapat disetujui oleh {{names}}',
      nobody: 'belum ada yang dapat menyetujui',
      title: 'Persetujuan orang kedua',
      CREATE: 'Akun ini dapat membuka data kasus, jadi belum aktif: staf belum dapat masuk sampai akun disetujui.',
      RAISE:
        'Perubahan ini menambah akses ke data kasus. Sampai disetujui, akun tetap {{role}} dengan wilayah {{regions}}.',
      REACTIVATE: 'Akun ini dapat membuka data kasus, jadi baru aktif kembali setelah disetujui.',
      RESET:
        'Kata sandi atau verifikasi dua langkah akun ini diatur ulang. Karena akun ini dapat membuka data kasus, akun baru aktif kembali setelah disetujui.',
      asks: 'Yang diminta',
      asksValue: '{{role}}, wilayah {{regions}}',
      requested: 'Diminta oleh',
      requestedValue: '{{who}}, {{at}}',
      approvers: 'Yang dapat menyetujui',
      noApprover:
        'Belum ada Kepala Seksi atau Kepala Bidang aktif yang wilayahnya mencakup semua wilayah ini. Pengelola server dapat membuat akun lewat konsol server.',
      withdraw: 'Tarik permintaan',
      withdrawConfirm: 'Tarik permintaan ini? Akun tetap seperti sekarang.',
      withdrawYes: 'Ya, tarik',
      withdrawn: 'Permintaan ditarik.',
      createdPending:
        'Akun sudah dibuat dan menunggu persetujuan Kepala Seksi atau Kepala Bidang wilayahnya. Staf dapat masuk setelah akun disetujui.',
      savedPending: 'Tersimpan. Tambahan aksesnya menunggu persetujuan Kepala Seksi atau Kepala Bidang wilayahnya.',
      lastTitle: 'Keputusan terakhir',
      last: {
        APPROVED: 'Disetujui oleh {{who}}, {{at}}.',
        REFUSED: 'Ditolak oleh {{who}}, {{at}}. Alasan: {{reason}}',
        WITHDRAWN: 'Permintaan terakhir ditarik, {{at}}.',
        FIRST_APPROVER:
          'Dibuat oleh {{who}} tanpa persetujuan orang kedua, sebagai Kepala Seksi pertama di provinsi ini, {{at}}.',
        CONSOLE: 'Dibuat di konsol server, {{at}}.',
      },
    },
  },
};

export type AccountsMessages = typeof accountsId;
