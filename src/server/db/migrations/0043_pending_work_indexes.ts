// Work still to do among everything ever done: the assessments waiting for review and the follow-ups still due.
// Partial indexes hold only those rows, so the work queue and the follow-up worklist read them, not the whole table
// (the national plan check found both reading every row for a province-wide head of section). The same on both
// dialects.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0043 = (_dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('assessments_unreviewed_idx')
      .on('assessments')
      .column('participant_id')
      .where(sql.ref('reviewed_by'), 'is', null)
      .execute();
    // The worklist (due this week, overdue) and the queue's overdue follow-ups, in the order of their due date.
    await db.schema
      .createIndex('follow_ups_due_idx')
      .on('follow_ups')
      .column('due_date')
      .where(sql.ref('status'), '=', 'DUE')
      .execute();
  },
});
