// The credentials store: the system path that authentication uses to load and update staff accounts
// before (or while) a signed-in actor exists. Everything an administrator does to accounts goes through
// the scoped repository instead (modules/repository.ts). Every change it makes is told to the session cache (AuthChanges).
import type { Kysely, Transaction } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
import type { Role } from '../../shared/roles.ts';
import { compiledOnce } from '../db/connect.ts';
import { nextVersion } from '../db/write.ts';
import type { AuthChanges } from '../db/auth-changes.ts';
import { approvalGrantsOf, type ApprovalGrant } from './approvals.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface AccountRow extends UsersTable {
  regions: string[];
}

/**
 * What a request needs of its signed-in account (read with the session on every API request): no password
 * hash, no TOTP secret, nothing else. Whatever needs more reads the account when it needs it.
 */
export type SessionAccount = Pick<
  UsersTable,
  'id' | 'username' | 'name' | 'role' | 'active' | 'must_change_password' | 'totp_enabled'
> & {
  regions: string[];
  /** What she approves (kernel/approvals.ts), read with the session; absent: nothing. */
  grants?: ApprovalGrant[];
};

async function withRegions(db: Executor, user: UsersTable | undefined): Promise<AccountRow | undefined> {
  if (!user) return undefined;
  const regions = await db
    .selectFrom('user_regions')
    .select('region_code')
    .where('user_id', '=', user.id)
    .orderBy('region_code')
    .execute();
  return { ...user, regions: regions.map((r) => r.region_code) };
}

export async function findAccountByUsername(db: Executor, username: string): Promise<AccountRow | undefined> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return withRegions(db, user);
}

// Columns by name, never `u.*` (prepared statements on PostgreSQL: see PARTICIPANT_COLUMNS in participants.ts).
const USER_COLUMNS = [
  'id',
  'username',
  'name',
  'role',
  'password_hash',
  'must_change_password',
  'totp_secret',
  'totp_enabled',
  'totp_last_step',
  'active',
  'email',
  'created_at',
  'updated_at',
  'version',
] as const satisfies readonly (keyof UsersTable)[];

/** The user and her regions in one statement, compiled once. */
const accountRows = compiledOnce((db, userId: string) =>
  db
    .selectFrom('users as u')
    .leftJoin('user_regions as r', 'r.user_id', 'u.id')
    .select(USER_COLUMNS.map((c) => `u.${c}` as const))
    .select('r.region_code')
    .where('u.id', '=', userId)
    .orderBy('r.region_code'),
);

export async function findAccountById(db: Executor, id: string): Promise<AccountRow | undefined> {
  const rows = await accountRows(db, id);
  const first = rows[0];
  if (!first) return undefined;
  const { region_code: _region, ...user } = first;
  return { ...user, regions: rows.flatMap((r) => (r.region_code ? [r.region_code] : [])) };
}

/** Her account with what she approves, as a session carries it. */
export async function withGrants<A extends { id: string; role: string }>(
  db: Executor,
  account: A,
): Promise<A & { grants: ApprovalGrant[] }> {
  return { ...account, grants: await approvalGrantsOf(db, account.id, account.role) };
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewAccount {
  id: string;
  username: string;
  name: string | null;
  email?: string | null;
  role: Role;
  regions: readonly string[];
  passwordHash: string;
  mustChangePassword: boolean;
  totpSecretSealed: string | null;
  at: string;
  /** False: made inactive, waiting for a second person (default true). */
  active?: boolean;
}

export async function insertAccount(db: Executor, changes: AuthChanges, a: NewAccount): Promise<void> {
  await changes.writing(db, async () => {
    await db
      .insertInto('users')
      .values({
        id: a.id,
        username: a.username,
        name: a.name,
        email: a.email ?? null,
        role: a.role,
        password_hash: a.passwordHash,
        must_change_password: a.mustChangePassword ? 1 : 0,
        totp_secret: a.totpSecretSealed,
        totp_enabled: a.totpSecretSealed ? 1 : 0,
        totp_last_step: null,
        active: a.active === false ? 0 : 1,
        created_at: a.at,
        updated_at: a.at,
        version: 1,
      })
      .execute();
    await db
      .insertInto('user_regions')
      .values(a.regions.map((region_code) => ({ user_id: a.id, region_code })))
      .execute();
  });
}

export async function setPassword(
  db: Executor,
  changes: AuthChanges,
  userId: string,
  passwordHash: string,
  mustChange: boolean,
  at: string,
) {
  await changes.writing(db, () =>
    db
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: mustChange ? 1 : 0,
        updated_at: at,
        version: nextVersion,
      })
      .where('id', '=', userId)
      .execute(),
  );
}

export async function enableTotp(
  db: Executor,
  changes: AuthChanges,
  userId: string,
  sealedSecret: string,
  step: number,
  at: string,
) {
  await changes.writing(db, () =>
    db
      .updateTable('users')
      .set({
        totp_secret: sealedSecret,
        totp_enabled: 1,
        totp_last_step: step,
        updated_at: at,
        version: nextVersion,
      })
      .where('id', '=', userId)
      .execute(),
  );
}

/**
 * Records a used TOTP step; succeeds only if it is newer than the last one, so a code (even one raced in
 * two parallel requests) is accepted once.
 */
export async function consumeTotpStep(
  db: Executor,
  changes: AuthChanges,
  userId: string,
  step: number,
): Promise<boolean> {
  const res = await changes.writing(db, () =>
    db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst(),
  );
  return Number(res.numUpdatedRows) === 1;
}
