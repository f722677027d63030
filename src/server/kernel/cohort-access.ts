// A cohort as every feature reaches it: loaded and authorised in one step (out of scope and absent are the same
// 404), with the facts the policy decides on (its region, the facilitators of its sessions). Programmes owns
// cohorts; business aid and follow-ups, above it, reach a cohort through this.
import type { Kysely, Transaction } from 'kysely';
import type { CohortsTable, Database } from '../db/schema.ts';
import type { Action, CohortFacts } from '../policy/index.ts';
import { lockForUpdate } from '../db/write.ts';
import { notFound } from '../errors.ts';
import type { RepoCore } from './context.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export class CohortAccess {
  constructor(private readonly c: RepoCore) {}

  /** What the policy decides on for a cohort. */
  async facts(exec: Executor, cohort: CohortsTable): Promise<CohortFacts> {
    const f = await exec
      .selectFrom('sessions_schedule')
      .select('facilitator_id')
      .distinct()
      .where('cohort_id', '=', cohort.id)
      .where('facilitator_id', 'is not', null)
      .execute();
    return {
      type: 'cohort',
      id: cohort.id,
      regionCode: cohort.region_code,
      facilitatorIds: f.map((x) => x.facilitator_id!),
    };
  }

  /** Loads a cohort and authorises the action on it (404 out of scope). */
  async loadFor(exec: Executor, id: string, action: Action): Promise<{ cohort: CohortsTable; facts: CohortFacts }> {
    // Inside a unit of work the cohort row is locked (PostgreSQL) until it commits: its places, waitlist
    // and graduation are decided one writer at a time. Lock order: cohort, then venue, then participant.
    const q = exec.selectFrom('cohorts').selectAll().where('id', '=', id);
    const cohort = await lockForUpdate(exec, q).executeTakeFirst();
    if (!cohort) throw notFound();
    const facts = await this.facts(exec, cohort);
    this.c.check(action, facts);
    return { cohort, facts };
  }
}
