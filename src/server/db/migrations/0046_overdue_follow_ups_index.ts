// The points still due, by their day, as an expression that is NULL for every other point: the overdue counts of
// the work queue and the dashboard read it (kernel/overdue.ts). On PostgreSQL the index's expression gets statistics
// of its own, over the points still due, so the planner knows how few are overdue. Not partial: a partial index's
// statistics would be taken as the whole table's. The same on both dialects.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0046 = (_dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    await sql`create index follow_ups_overdue_idx on follow_ups ((case when status = 'DUE' then due_date end))`.execute(
      db,
    );
  },
});
