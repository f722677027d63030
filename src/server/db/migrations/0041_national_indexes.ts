// Indexes the national size's plan check (bench/national.ts) found missing: at a million participants these
// reads walked a whole table for one person's or one worker's rows. Plain indexes, the same on both dialects.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0041 = (_dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    // Her follow-up visits on her record and the follow-up worklist's last visits (by participant).
    await db.schema
      .createIndex('follow_up_visits_participant_idx')
      .on('follow_up_visits')
      .column('participant_id')
      .execute();
    // Her aid on her record (equipment use after the handover).
    await db.schema.createIndex('allocations_participant_idx').on('allocations').column('participant_id').execute();
    // The outreach list: a worker's own contacts beside her regions' (region or worker, OR'd as two index scans).
    await db.schema.createIndex('outreach_worker_idx').on('outreach_contacts').column('worker_id').execute();
    // The work queue's case plans waiting for approval: a few rows of one status among all plans.
    await db.schema.createIndex('case_plans_status_idx').on('case_plans').column('status').execute();
  },
});
