// English for business aid: kit catalogue, budget, allocations and handover (BAST).
// Merged into the main catalogue under the key `aid`; aid.id.ts has the same keys.
import type { AidMessages } from './aid.id.ts';

export const aidEn: { aid: AidMessages } = {
  aid: {
    nav: {
      kits: 'Kits',
      budget: 'Budget',
    },
    cards: {
      kits: 'Business starter kits per trade.',
      budget: 'Programme budget: planned and realised.',
    },
  },
};
