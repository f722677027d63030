// What every tab of the cohort page is given (the page imports the tabs; the tabs import only this).
import type { Cohort, Programme } from '../../api-programme.ts';

export interface CohortTabProps {
  cohort: Cohort;
  programme: Programme | null;
  /** Loads the cohort again (seat counts, status after graduation). */
  reload(): Promise<void>;
}
