// English for follow-up after graduation and programme outcomes.
// Merged into the main catalogue under the key `followup`; followup.id.ts has the same keys.
import type { FollowUpMessages } from './followup.id.ts';

export const followupEn: { followup: FollowUpMessages } = {
  followup: {
    nav: {
      worklist: 'Follow-up',
    },
    cards: {
      worklist: 'Follow-ups due this week and overdue.',
    },
  },
};
