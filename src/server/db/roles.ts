// Who may change the schema. On PostgreSQL the application need not own its tables: migrations run as the owner
// (DATABASE_MIGRATION_URL, or `berdaya migrate` with the owner's URL), and the server connects as a role that owns
// nothing and holds only the grants given here, after every migration run. A role that owns nothing cannot alter
// a table, disable or drop its triggers, or take ownership; without UPDATE, DELETE and TRUNCATE on the audit log
// it can only add to it (decision 032). With one URL (development, SQLite) the server migrates at start as before.
import { sql } from 'kysely';
import type { Db } from './connect.ts';
import { migrateToLatest, migrationNames } from './migrations.ts';
import { ownerAuditPartitions } from './partitions.ts';

/** Tables the application only appends to and reads: no UPDATE, DELETE or TRUNCATE for the app role. */
export const APPEND_ONLY_TABLES = ['audit_log'] as const;
/**
 * Tables the database fills itself from the audit log (a SECURITY DEFINER trigger writes them with the owner's
 * rights): the app role reads them and writes nothing, so it cannot add a look at her that never happened.
 */
export const DERIVED_TABLES = ['audit_subjects'] as const;
/** The migrator's bookkeeping: the app role reads it (to check the schema is current) and never writes it. */
export const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/** The connection's schema (its search_path's first), by object id. */
const OUR_SCHEMA = sql`(select oid from pg_catalog.pg_namespace where nspname = current_schema())`;

/** The database is not ready for this server (not migrated, or the server's role owns what it should not). */
export class DatabaseSetupError extends Error {}

/**
 * What a start does with the schema. It migrates (and grants `appRole`, when named) when it may: one URL, whose
 * role owns the schema. It only checks the schema is current when the owner migrates: the owner's URL is apart
 * (`ownerMigrates`), or the migrator's table belongs to another role, which a server holding only the app
 * role's URL sees. A role that may not create tables is told to run `berdaya migrate` as the owner.
 */
export async function prepareSchema(db: Db, opts: { ownerMigrates: boolean; appRole?: string }): Promise<string[]> {
  if (opts.ownerMigrates || (await migratedByAnotherRole(db))) {
    await requireMigrated(db);
    return [];
  }
  try {
    return await migrateAndGrant(db, opts.appRole);
  } catch (err) {
    // Permission denied, or no schema it may use (the app role's USAGE comes with the first migration run).
    if (!['42501', '3F000'].includes((err as { code?: string }).code ?? '')) throw err;
    throw new DatabaseSetupError(
      `DATABASE_URL's role may not change the schema (${(err as Error).message}). Run \`berdaya migrate\` as the owner (DATABASE_MIGRATION_URL) before starting the server.`,
    );
  }
}

/** PostgreSQL: the migrator's table exists and belongs to a role this connection cannot act as. */
async function migratedByAnotherRole(db: Db): Promise<boolean> {
  if (db.dialect !== 'postgres') return false;
  const { rows } = await sql<{ other: boolean }>`
    select exists (select 1 from pg_catalog.pg_class c
                    where c.relnamespace = ${OUR_SCHEMA} and c.relname = 'kysely_migration'
                      and not pg_has_role(current_user, c.relowner, 'USAGE')) as other`.execute(db.kysely);
  return rows[0]?.other === true;
}

/**
 * The migration step: migrations to the latest, then (PostgreSQL, when an application role is named and is not
 * the role running this) the app role's grants on every table, sequence and function of the schema.
 */
export async function migrateAndGrant(db: Db, appRole?: string): Promise<string[]> {
  const applied = await migrateToLatest(db);
  // The audit log's coming months, and entries that fell into its DEFAULT partition moved to their own (decision 042).
  await ownerAuditPartitions(db, new Date());
  if (db.dialect === 'postgres' && appRole) await grantAppRole(db, appRole);
  return applied;
}

/**
 * Gives `role` what the server needs in the connection's schema, as the schema's owner: USAGE on the schema;
 * SELECT, INSERT, UPDATE, DELETE on every table but the append-only ones (SELECT, INSERT) and the migrator's
 * (SELECT); USAGE and SELECT on sequences; EXECUTE on functions. Every table's grants are set afresh (what the
 * role held before is revoked first), so a table a migration made is covered on the run that made it; default
 * privileges cover tables the owner creates by other means in between. Refuses a role that could act as the
 * owner (a superuser, a member of the owner's role, an owner of anything in the schema).
 */
export async function grantAppRole(db: Db, role: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const { rows } = await sql<{ me: string; schema: string | null; found: boolean }>`
      select current_user as me, current_schema() as schema,
             exists (select 1 from pg_catalog.pg_roles where rolname = ${role}) as found`.execute(trx);
    const who = rows[0]!;
    // One role for everything (development): nothing to grant.
    if (who.me === role) return;
    if (!who.schema) throw new DatabaseSetupError('No schema to grant on: the connection has no current schema.');
    if (!who.found) {
      throw new DatabaseSetupError(
        `The application role "${role}" does not exist. Create it (LOGIN, nothing else) before migrating: see the README, "Production on PostgreSQL".`,
      );
    }
    const { rows: risks } = await sql<{ superuser: boolean; member: boolean; owns: boolean }>`
      select (select rolsuper from pg_catalog.pg_roles where rolname = ${role}) as superuser,
             pg_has_role(${role}, current_user, 'MEMBER') as member,
             exists (select 1 from pg_catalog.pg_class c join pg_catalog.pg_roles r on r.oid = c.relowner
                      where c.relnamespace = ${OUR_SCHEMA} and r.rolname = ${role})
               or exists (select 1 from pg_catalog.pg_namespace n join pg_catalog.pg_roles r on r.oid = n.nspowner
                      where n.oid = ${OUR_SCHEMA} and r.rolname = ${role}) as owns`.execute(trx);
    const risk = risks[0]!;
    if (risk.superuser || risk.member || risk.owns) {
      throw new DatabaseSetupError(
        `The application role "${role}" ${risk.superuser ? 'is a superuser' : risk.member ? `is a member of "${who.me}"` : `owns objects in schema "${who.schema}"`}: ` +
          'the server must connect as a role that owns nothing and cannot act as the owner.',
      );
    }
    const r = sql.id(role);
    const s = sql.id(who.schema);
    await sql`grant usage on schema ${s} to ${r}`.execute(trx);
    // Objects it created would be its own: the role may create nothing in the schema.
    await sql`revoke create on schema ${s} from ${r}`.execute(trx);
    const tables = await sql<{ name: string; partition: boolean }>`
      select c.relname as name, c.relispartition as partition from pg_catalog.pg_class c
       where c.relnamespace = ${OUR_SCHEMA} and c.relkind in ('r', 'p', 'v')
       order by c.relname`.execute(trx);
    for (const { name, partition } of tables.rows) {
      const t = sql.id(name);
      await sql`revoke all on table ${t} from ${r}`.execute(trx);
      // A partition (the audit log's months, decision 042) grants nothing: rows are reached through the parent,
      // whose grants are the ones checked.
      if (partition) continue;
      if (
        (MIGRATOR_TABLES as readonly string[]).includes(name) ||
        (DERIVED_TABLES as readonly string[]).includes(name)
      ) {
        await sql`grant select on table ${t} to ${r}`.execute(trx);
      } else if ((APPEND_ONLY_TABLES as readonly string[]).includes(name)) {
        await sql`grant select, insert on table ${t} to ${r}`.execute(trx);
      } else {
        await sql`grant select, insert, update, delete on table ${t} to ${r}`.execute(trx);
      }
    }
    await sql`grant usage, select on all sequences in schema ${s} to ${r}`.execute(trx);
    await sql`grant execute on all functions in schema ${s} to ${r}`.execute(trx);
    await sql`alter default privileges in schema ${s} grant select, insert, update, delete on tables to ${r}`.execute(
      trx,
    );
    await sql`alter default privileges in schema ${s} grant usage, select on sequences to ${r}`.execute(trx);
    await sql`alter default privileges in schema ${s} grant execute on functions to ${r}`.execute(trx);
    const { rows: creates } = await sql<{ can: boolean }>`
      select has_schema_privilege(${role}, current_schema(), 'CREATE') as can`.execute(trx);
    if (creates[0]?.can) {
      throw new DatabaseSetupError(
        `The application role "${role}" may still create objects in schema "${who.schema}" (through PUBLIC or another role): ` +
          `run REVOKE CREATE ON SCHEMA ${who.schema} FROM PUBLIC as its owner.`,
      );
    }
  });
}

/**
 * The server's check when the owner migrates (DATABASE_MIGRATION_URL is set): the schema is at the latest
 * migration, and (PostgreSQL) the server's role owns none of it and is no superuser. Throws a message saying
 * what to do otherwise.
 */
export async function requireMigrated(db: Db): Promise<void> {
  const run = 'Run `berdaya migrate` as the owner (DATABASE_MIGRATION_URL) before starting the server.';
  let done: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db.kysely);
    done = new Set(rows.map((r) => r.name));
  } catch (err) {
    const code = (err as { code?: string }).code;
    // Not there (or not visible to this role yet: the grants come with the first migration run).
    if (code === '42P01' || code === '42501' || /no such table/.test((err as Error).message)) {
      throw new DatabaseSetupError(
        `The database has no migrations this role can see: it is not migrated, or the migration step did not grant this role its access (BERDAYA_APP_ROLE). ${run}`,
      );
    }
    throw err;
  }
  const pending = migrationNames(db.dialect).filter((n) => !done.has(n));
  if (pending.length) {
    throw new DatabaseSetupError(
      `The database is not at the latest migration (${pending.length} pending: ${pending.join(', ')}). ${run}`,
    );
  }
  if (db.dialect !== 'postgres') return;
  const { rows } = await sql<{ me: string; superuser: boolean; owns: boolean }>`
    select current_user as me,
           coalesce((select rolsuper from pg_catalog.pg_roles where rolname = current_user), false) as superuser,
           exists (select 1 from pg_catalog.pg_class c
                    where c.relnamespace = ${OUR_SCHEMA}
                      and pg_has_role(current_user, c.relowner, 'USAGE')) as owns`.execute(db.kysely);
  const me = rows[0]!;
  if (me.superuser || me.owns) {
    throw new DatabaseSetupError(
      `DATABASE_URL connects as "${me.me}", which ${me.superuser ? 'is a superuser' : 'owns the tables'}. ` +
        'With DATABASE_MIGRATION_URL set the server connects as the application role, which owns nothing ' +
        '(README, "Production on PostgreSQL").',
    );
  }
}
