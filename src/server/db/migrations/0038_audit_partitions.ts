// The audit log partitioned by month on PostgreSQL (decision 042, a PostgreSQL-only step beside decision 002's
// one schema). SQLite keeps the plain table; the columns, and so the schema's types, are the same on both.
//
// PostgreSQL: the table is rebuilt in the migration's transaction — the old one renamed, the partitioned one
// made with the same columns (`at` compared as bytes, COLLATE "C": ISO UTC text, the partition key), its rows
// copied, the old one dropped. A copy under an exclusive lock is fine at an office's size (a few million rows,
// seconds); a national database that is already large would be moved by the same steps in a maintenance window.
// The partition key must be part of the primary key: (seq, at). Nothing references the log by key
// (audit_subjects holds seq numbers without a foreign key), so no constraint elsewhere changes. The triggers
// that refuse UPDATE and DELETE, and the one that fills audit_subjects, are made on the parent, which clones
// them to every partition, present and future; TRUNCATE's statement trigger is made on each partition too.
import { sql, type Migration } from 'kysely';
import type { DialectName } from '../connect.ts';
import { ADD_MONTH_FUNCTION, addMonths, AUDIT_MONTHS_AHEAD, createDefaultPartition, monthOf } from '../partitions.ts';

const COLUMNS =
  'seq, at, actor_id, actor, action, resource_type, resource_id, outcome, ip, request_id, detail, prev_hash, hash';

export const m0038 = (dialect: DialectName): Migration => ({
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was at its step (Kysely<any>)
  async up(db: any) {
    if (dialect !== 'postgres') return;
    await sql`lock table audit_log in access exclusive mode`.execute(db);
    await sql`alter table audit_log rename to audit_log_unpartitioned`.execute(db);
    // Index and constraint names are the schema's: the new table takes them over.
    await sql`alter table audit_log_unpartitioned drop constraint audit_log_pkey`.execute(db);
    await sql`drop index audit_at_idx, audit_actor_idx, audit_resource_idx`.execute(db);
    await sql
      .raw(`create table audit_log (
        seq bigint not null,
        at text collate "C" not null,
        actor_id text,
        actor text,
        action text not null,
        resource_type text,
        resource_id text,
        outcome text not null,
        ip text,
        request_id text,
        detail text,
        prev_hash text not null,
        hash text not null,
        constraint audit_log_pkey primary key (seq, at)
      ) partition by range (at)`)
      .execute(db);
    // The same indexes as before, made on the parent: every partition gets its own (the audit reader's actor
    // and record filters, the period filter of its export).
    await sql`create index audit_at_idx on audit_log (at)`.execute(db);
    await sql`create index audit_actor_idx on audit_log (actor_id, seq)`.execute(db);
    await sql`create index audit_resource_idx on audit_log (resource_type, resource_id, seq)`.execute(db);
    await createDefaultPartition(db);
    await sql.raw(ADD_MONTH_FUNCTION).execute(db);
    const { rows } = await sql<{ month: string }>`
      select distinct substr(at, 1, 7) as month from audit_log_unpartitioned
       where at ~ '^[0-9]{4}-(0[1-9]|1[0-2])-' order by 1`.execute(db);
    const now = monthOf(new Date());
    const months = new Set(rows.map((r) => r.month));
    for (let i = 0; i <= AUDIT_MONTHS_AHEAD; i++) months.add(addMonths(now, i));
    for (const month of [...months].sort()) await sql`select audit_log_add_month(${month})`.execute(db);
    await sql.raw(`insert into audit_log (${COLUMNS}) select ${COLUMNS} from audit_log_unpartitioned`).execute(db);
    await sql`drop table audit_log_unpartitioned`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log
              for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
              for each statement execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_subjects after insert on audit_log for each row
              when (NEW.detail ~* 'participant') execute function audit_subjects_of()`.execute(db);
  },
});
