// Bahasa Indonesia for tindak lanjut (bimbingan lanjut) setelah kelulusan dan hasil program.
// Merged into the main catalogue under the key `followup`; followup.en.ts has the same keys.
export const followupId = {
  followup: {
    nav: {
      worklist: 'Tindak lanjut',
    },
    cards: {
      worklist: 'Tindak lanjut yang jatuh tempo minggu ini dan yang terlambat.',
    },
  },
};

export type FollowUpMessages = typeof followupId.followup;
