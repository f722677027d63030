// Bahasa Indonesia for data-subject requests (UU 27/2022 tentang Pelindungan Data Pribadi): her copy of her data,
// or the erasure of her identity. Merged into the main catalogue under the key `rights`; rights.en.ts has the
// same keys.

export const rightsId = {
  rights: {
    title: 'Permintaan hak subjek data',
    intro:
      'Peserta berhak meminta salinan semua data tentang dirinya, atau meminta data pribadinya dihapus. Siapa pun yang menerima permintaannya mencatatnya di sini. Kepala seksi wilayahnya menyetujui atau menolaknya (bukan orang yang mencatat). Administrator melaksanakannya satu kali, dan pelaksanaannya tercatat pada data peserta.',
    fromRecord: 'Catat permintaan salinan atau penghapusan data',
    open: {
      title: 'Catat permintaan baru',
      code: 'Kode peserta',
      codeHint: 'Seperti tertulis pada kartu atau berkasnya, misalnya BRD-6372-26-0001.',
      codeInvalid: 'Tulis kodenya seperti BRD-6372-26-0001.',
      kind: 'Yang ia minta',
      ground: 'Dasar penghapusan',
      submit: 'Catat permintaan',
      opened: 'Permintaan untuk {{code}} dicatat. Kepala seksi wilayahnya akan memutuskannya.',
    },
    kinds: {
      ACCESS: 'Salinan datanya',
      ERASURE: 'Penghapusan data pribadinya',
    },
    grounds: {
      REQUEST: 'Atas permintaannya sendiri',
      CONSENT_WITHDRAWN: 'Ia menarik persetujuan pengolahan datanya',
    },
    statuses: {
      PENDING: 'Menunggu keputusan kepala seksi',
      APPROVED: 'Disetujui, menunggu dilaksanakan administrator',
      COMPLETED: 'Sudah dilaksanakan',
      REFUSED: 'Ditolak',
    },
    filter: 'Tampilkan',
    all: 'Semua permintaan',
    listTitle: 'Daftar permintaan',
    empty: 'Tidak ada permintaan.',
    cols: {
      who: 'Peserta',
      kind: 'Permintaan',
      status: 'Status',
      received: 'Diterima',
      openedBy: 'Dicatat oleh',
      decidedBy: 'Diputuskan oleh',
      carriedOutBy: 'Dilaksanakan oleh',
      action: 'Tindakan',
    },
    approve: 'Setujui',
    decline: 'Tolak',
    declineQuestion: 'Tolak permintaan ini? Keputusan hanya diambil satu kali.',
    approved: 'Permintaan untuk {{code}} disetujui. Administrator dapat melaksanakannya.',
    declined: 'Permintaan untuk {{code}} ditolak.',
    ownRequest: 'Anda yang mencatatnya; kepala seksi lain yang memutuskan.',
    exportPdf: 'Buat salinan (PDF)',
    exportJson: 'Buat salinan (JSON)',
    exported:
      'Salinan data {{code}} dibuat dan diunduh ({{file}}). Serahkan langsung kepadanya, lalu hapus berkas dari komputer ini.',
    erase: 'Hapus data pribadinya',
    eraseQuestion:
      'Data pribadi {{code}} akan dihapus untuk selamanya (nama, NIK, alamat, catatan, berkas). Angka statistik tetap. Lanjutkan?',
    eraseConfirm: 'Ya, hapus',
    erased: 'Data pribadi {{code}} telah dihapus.',
    once: 'Setiap permintaan hanya dapat dilaksanakan satu kali.',
  },
};

export type RightsMessages = (typeof rightsId)['rights'];
