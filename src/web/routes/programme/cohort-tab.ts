// What every tab of the cohort page is given (the page imports the tabs; the tabs import only this).
import type { Reply } from '../../data/client.ts';

export interface CohortTabProps {
  cohort: Reply<'GET /api/cohorts/:id'>;
  programme: Reply<'GET /api/programmes/:id'> | null;
  /** Marks the cohort stale and reads it again (seat counts, status after graduation). */
  reload(): Promise<void>;
}
