// The annual report and the dashboard read a province's year one cohort at a time: the cohorts of her regions by
// their start (and a programme's cohorts for its budget) come from an index, and the year's assessments are
// counted from an index that holds what the count needs (the day, the person, the entry instant), so neither
// reads the whole table at the national size. The same on both dialects.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0044 = (_dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('cohorts_region_start_idx')
      .on('cohorts')
      .columns(['region_code', 'start_date'])
      .execute();
    await db.schema.createIndex('cohorts_programme_idx').on('cohorts').column('programme_id').execute();
    await db.schema.dropIndex('assessments_assessed_on_idx').execute();
    await db.schema
      .createIndex('assessments_assessed_on_idx')
      .on('assessments')
      .columns(['assessed_on', 'participant_id', 'assessed_at'])
      .execute();
  },
});
