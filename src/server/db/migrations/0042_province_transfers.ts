// A case moves to another province by a transfer that a head of section of each province accepts. It is a row of
// `transfers` like a transfer within the province (so the one-open-transfer-per-case index covers both kinds), with
// its kind, no worker it is addressed to (a head of section of the receiving province answers), and each side's
// acceptance. `to_user_id` loses its NOT NULL: PostgreSQL drops it in place; SQLite cannot, so the table is rebuilt
// with the same columns and indexes (nothing references `transfers`). The resulting schema is the same on both.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

const NEW_COLUMNS = ['kind', 'from_accepted_by', 'from_accepted_at', 'to_accepted_by', 'to_accepted_at'] as const;

export const m0042 = (dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely's documented Kysely<any>)
  async up(db: Kysely<any>) {
    if (dialect === 'postgres') {
      await sql`alter table transfers alter column to_user_id drop not null`.execute(db);
      await db.schema
        .alterTable('transfers')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('region'))
        .execute();
      for (const c of NEW_COLUMNS.slice(1)) await db.schema.alterTable('transfers').addColumn(c, 'text').execute();
    } else await rebuildOnSqlite(db);
    // The open transfers between provinces, for the heads of section of either side (their work queue).
    await db.schema.createIndex('transfers_kind_status_idx').on('transfers').columns(['kind', 'status']).execute();
  },
});

// biome-ignore lint/suspicious/noExplicitAny: as above
async function rebuildOnSqlite(db: Kysely<any>) {
  await db.schema
    .createTable('transfers_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
    .addColumn('from_region', 'text', (c) => c.notNull())
    .addColumn('to_region', 'text', (c) => c.notNull())
    .addColumn('to_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('reason_ct', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('region'))
    .addColumn('from_accepted_by', 'text')
    .addColumn('from_accepted_at', 'text')
    .addColumn('to_accepted_by', 'text')
    .addColumn('to_accepted_at', 'text')
    .execute();
  await sql`insert into transfers_next (id, participant_id, from_region, to_region, to_user_id, reason_ct, status,
      requested_by, requested_at, decided_by, decided_at, version)
      select id, participant_id, from_region, to_region, to_user_id, reason_ct, status, requested_by, requested_at,
      decided_by, decided_at, version from transfers`.execute(db);
  await db.schema.dropTable('transfers').execute();
  await db.schema.alterTable('transfers_next').renameTo('transfers').execute();
  await db.schema
    .createIndex('transfers_open_uq')
    .on('transfers')
    .column('participant_id')
    .unique()
    .where(sql.ref('status'), '=', 'PENDING')
    .execute();
  await db.schema.createIndex('transfers_to_user_idx').on('transfers').columns(['to_user_id', 'status']).execute();
}
