// Bahasa Indonesia for bantuan usaha: katalog paket, anggaran, alokasi dan serah terima (BAST).
// Merged into the main catalogue under the key `aid`; aid.en.ts has the same keys.
export const aidId = {
  aid: {
    nav: {
      kits: 'Paket bantuan',
      budget: 'Anggaran',
    },
    cards: {
      kits: 'Katalog paket bantuan usaha per keterampilan.',
      budget: 'Anggaran program: rencana dan realisasi.',
    },
  },
};

export type AidMessages = typeof aidId.aid;
