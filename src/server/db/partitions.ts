// The audit log's monthly partitions on PostgreSQL (decision 042). SQLite keeps one plain table: nothing here
// runs there. A month's partition holds the entries whose `at` (ISO UTC text, compared as bytes: COLLATE "C")
// falls in that UTC month; entries of a month that has no partition yet land in the DEFAULT partition, so an
// append never fails for want of one.
//
// Who creates a month: the function `audit_log_add_month(month)`, made by migration 0038 and owned by the
// schema's owner (SECURITY DEFINER). The application's role, which owns nothing and may create nothing (decision
// 032), may call it: the daily job asks for this month and the next ones. The partition it makes belongs to the
// owner and grants nobody anything; the application reaches the rows through the parent `audit_log`, whose
// grants (SELECT, INSERT) are the ones checked.
import { sql, type QueryExecutorProvider } from 'kysely';
import type { Db } from './connect.ts';

/** Months made ahead of the current one by the daily job and by every migration run. */
export const AUDIT_MONTHS_AHEAD = 3;

/** The UTC month (`YYYY-MM`) of an instant, or of `iso` text. */
export function monthOf(at: Date | string): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 7);
}

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const d = new Date(Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 1));
  return d.toISOString().slice(0, 7);
}

/** The first instant of a month as the log writes times (the partition bounds). */
export function monthStart(month: string): string {
  return `${month}-01T00:00:00.000Z`;
}

/** A month's partition's name: audit_log_2026_03. */
export function partitionName(month: string): string {
  return `audit_log_${month.replace('-', '_')}`;
}

/**
 * The SQL of the migration's function (PostgreSQL). It makes the partition of one month unless it is there; it
 * skips a month whose entries already sit in the DEFAULT partition (PostgreSQL refuses such a partition; the
 * owner's `berdaya migrate` moves them, rehomeDefault). One caller at a time (an advisory lock), and it waits
 * at most two seconds for the log's lock: a month is made three months ahead, so a busy moment only delays it
 * to the next day's pass. The new table's privileges are revoked from every role but its owner (the schema's
 * default privileges would otherwise give the application's role UPDATE and DELETE on it), and it gets the
 * TRUNCATE trigger, which PostgreSQL does not clone from the parent (the row triggers it clones).
 */
export const ADD_MONTH_FUNCTION = `
CREATE OR REPLACE FUNCTION audit_log_add_month(month text) RETURNS boolean AS $$
DECLARE
  d date;
  lo text;
  hi text;
  part text;
  g text;
BEGIN
  IF month IS NULL OR month !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
    RAISE EXCEPTION 'audit_log_add_month: % is not a month (YYYY-MM)', month;
  END IF;
  d := to_date(month || '-01', 'YYYY-MM-DD');
  lo := to_char(d, 'YYYY-MM-DD') || 'T00:00:00.000Z';
  hi := to_char(d + interval '1 month', 'YYYY-MM-DD') || 'T00:00:00.000Z';
  part := 'audit_log_' || to_char(d, 'YYYY_MM');
  PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log_add_month'));
  IF to_regclass(quote_ident(current_schema()) || '.' || quote_ident(part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  IF EXISTS (SELECT 1 FROM audit_log_default WHERE at >= lo AND at < hi) THEN
    RETURN false;
  END IF;
  SET LOCAL lock_timeout = '2s';
  EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  FOR g IN
    SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
      FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) AS a
     WHERE c.oid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(part)) AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON TABLE %I FROM %s', part, g);
  END LOOP;
  EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()', part);
  RETURN true;
END; $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT`;

/** Whether the connection's audit log is partitioned (PostgreSQL after migration 0038). */
export async function auditLogPartitioned(db: Db): Promise<boolean> {
  if (db.dialect !== 'postgres') return false;
  const { rows } = await sql<{ p: boolean }>`
    select exists (select 1 from pg_catalog.pg_partitioned_table pt
                    where pt.partrelid = to_regclass(quote_ident(current_schema()) || '.audit_log')) as p`.execute(
    db.kysely,
  );
  return rows[0]?.p === true;
}

/**
 * Makes the partitions of `month` and the AUDIT_MONTHS_AHEAD after it (PostgreSQL; nothing on SQLite). Returns
 * the months made now. Any role that may execute the function may call it: the daily job runs it as the
 * application's role.
 */
export async function ensureAuditMonths(db: Db, now: Date, ahead = AUDIT_MONTHS_AHEAD): Promise<string[]> {
  if (!(await auditLogPartitioned(db))) return [];
  const made: string[] = [];
  for (let i = 0; i <= ahead; i++) {
    const month = addMonths(monthOf(now), i);
    const { rows } = await sql<{ made: boolean }>`select audit_log_add_month(${month}) as made`.execute(db.kysely);
    if (rows[0]?.made) made.push(month);
  }
  return made;
}

export interface AuditPartition {
  name: string;
  /** `YYYY-MM`, or null for the DEFAULT partition. */
  month: string | null;
  rows?: number;
}

/** The log's partitions, oldest month first, the DEFAULT one last. */
export async function listAuditPartitions(db: QueryExecutorProvider): Promise<AuditPartition[]> {
  const { rows } = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_catalog.pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
     where i.inhparent = to_regclass(quote_ident(current_schema()) || '.audit_log')`.execute(db);
  return rows
    .map((r) => {
      const m = /FROM \('(\d{4}-\d{2})-01T/.exec(r.bound);
      return { name: r.name, month: m ? m[1]! : null };
    })
    .sort((a, b) => (a.month === null ? 1 : b.month === null ? -1 : a.month.localeCompare(b.month)));
}

/**
 * The owner's part (every `berdaya migrate`, and migration 0038): the months ahead, and entries that landed in
 * the DEFAULT partition (their month had no partition: the job did not run for months, or a clock far off) moved
 * into partitions of their own months. In one transaction: the DEFAULT partition is detached and set aside, a new
 * empty one attached, each month it held made, its rows inserted again through the parent (the same rows, so the
 * chain is unchanged), and the old table dropped. A month before 1970 or after 9999 stays in DEFAULT.
 */
export async function ownerAuditPartitions(db: Db, now: Date): Promise<{ made: string[]; moved: number }> {
  if (!(await auditLogPartitioned(db))) return { made: [], moved: 0 };
  const made = await ensureAuditMonths(db, now);
  const moved = await db.kysely.transaction().execute(async (trx) => {
    const { rows } = await sql<{ month: string }>`
      select distinct substr(at, 1, 7) as month from audit_log_default
       where at ~ '^[0-9]{4}-(0[1-9]|1[0-2])-' order by 1`.execute(trx);
    if (rows.length === 0) return 0;
    await sql`lock table audit_log in access exclusive mode`.execute(trx);
    await sql`alter table audit_log detach partition audit_log_default`.execute(trx);
    await sql`alter table audit_log_default rename to audit_log_default_moving`.execute(trx);
    await createDefaultPartition(trx);
    for (const { month } of rows) {
      const r = await sql<{ made: boolean }>`select audit_log_add_month(${month}) as made`.execute(trx);
      if (r.rows[0]?.made) made.push(month);
    }
    const ins = await sql`insert into audit_log select * from audit_log_default_moving`.execute(trx);
    await sql`drop table audit_log_default_moving`.execute(trx);
    return Number(ins.numAffectedRows ?? 0);
  });
  return { made: [...new Set(made)].sort(), moved };
}

/** The DEFAULT partition, owner-only like the months', with its TRUNCATE trigger. */
export async function createDefaultPartition(db: QueryExecutorProvider): Promise<void> {
  await sql`create table audit_log_default partition of audit_log default`.execute(db);
  await sql`revoke all on table audit_log_default from public`.execute(db);
  const { rows } = await sql<{ g: string }>`
    select distinct a.grantee::regrole::text as g
      from pg_catalog.pg_class c cross join lateral aclexplode(c.relacl) as a
     where c.oid = to_regclass(quote_ident(current_schema()) || '.audit_log_default')
       and a.grantee <> c.relowner and a.grantee <> 0`.execute(db);
  for (const { g } of rows) await sql.raw(`revoke all on table audit_log_default from ${g}`).execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log_default
            for each statement execute function audit_log_append_only()`.execute(db);
}
