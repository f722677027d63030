// Staff accounts, for the administrator who manages them (only accounts whose every region lies within hers),
// and the short staff directory the case and session screens choose from. Sign-in's own reads and writes of
// accounts are the credentials store (kernel/accounts.ts).
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditEvent } from '../../audit/events.ts';
import { regionsWithinScope, ACCOUNT_MANAGER_ROLE, STAFF_WHO_TAKE_WORK } from '../../policy/index.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Role } from '../../../shared/roles.ts';
import type { UserView } from '../../../shared/api.ts';
import { findAccountById, insertAccount, type AccountRow } from '../../kernel/accounts.ts';
import { presentUser } from './present.ts';
import { lockForUpdate, transact, updateVersioned } from '../../db/write.ts';

const STALE_ACCOUNT = 'This account was changed by someone else; reload and try again';

export interface NewUserInput {
  username: string;
  name: string | null;
  email?: string | null;
  role: Role;
  regions: string[];
  passwordHash: string;
  mustChangePassword: boolean;
  totpSecretSealed: (userId: string) => string | null;
}

export interface UserPatch {
  name?: string | null;
  email?: string | null;
  role?: Role;
  regions?: string[];
  active?: boolean;
  resetMfa?: true;
  passwordHash?: string;
}

export class UserStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  async list(filter: { role?: Role; active?: boolean }): Promise<UserView[]> {
    this.c.check('user.list');
    // Only accounts whose every region lies within the administrator's own.
    let q = this.c.scoped('user', this.db.selectFrom('users').selectAll().orderBy('username'), { id: 'users.id' });
    if (filter.role) q = q.where('role', '=', filter.role);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    const rows = await q.limit(1000).execute();
    const regions = rows.length
      ? await this.db
          .selectFrom('user_regions')
          .selectAll()
          .where(
            'user_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    const byUser = new Map<string, string[]>();
    for (const r of regions) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.region_code]);
    await this.c.record(
      this.c.event({ action: 'user.list', resourceType: 'user', outcome: 'success', detail: { count: rows.length } }),
    );
    return rows.map((r) => presentUser({ ...r, regions: (byUser.get(r.id) ?? []).sort() }));
  }

  /** Active staff who can take a case or a session, in the asker's regions (or province-wide). */
  async directory(
    role?: Role,
  ): Promise<{ id: string; username: string; name: string | null; role: Role; regions: string[] }[]> {
    this.c.check('staff.list');
    let q = this.c.scoped(
      'staff',
      this.db
        .selectFrom('users')
        .select(['id', 'username', 'name', 'role'])
        .where('active', '=', 1)
        .where('role', 'in', [...STAFF_WHO_TAKE_WORK])
        .orderBy('username'),
      { id: 'users.id' },
    );
    if (role) q = q.where('role', '=', role);
    const rows = await q.limit(500).execute();
    const regions = rows.length
      ? await this.db
          .selectFrom('user_regions')
          .selectAll()
          .where(
            'user_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    await this.c.record(
      this.c.event({ action: 'user.list', resourceType: 'staff', outcome: 'success', detail: { count: rows.length } }),
    );
    return rows.map((r) => ({
      ...r,
      role: r.role as Role,
      regions: regions
        .filter((x) => x.user_id === r.id)
        .map((x) => x.region_code)
        .sort(),
    }));
  }

  async get(id: string): Promise<UserView> {
    const row = await findAccountById(this.db, id);
    if (!row) throw notFound();
    this.c.check('user.read', { type: 'user', id: row.id, regions: row.regions });
    await this.c.record(
      this.c.event({ action: 'user.read', resourceType: 'user', resourceId: id, outcome: 'success' }),
    );
    return presentUser(row);
  }

  async create(input: NewUserInput): Promise<UserView> {
    this.c.check('user.create');
    if (this.c.who.kind === 'user' && !regionsWithinScope(this.c.who.actor, input.regions)) {
      throw new AppError('forbidden_region', 403, 'You can only give regions within your own scope');
    }
    const id = randomUUID();
    const at = this.c.s.clock.now().toISOString();
    return transact(this.db, async (trx) => {
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken) throw new AppError('username_taken', 409, 'That username is already in use', { field: 'username' });
      await insertAccount(trx, this.c.s.db.authChanges, {
        id,
        username: input.username,
        name: input.name,
        email: input.email ?? null,
        role: input.role,
        regions: input.regions,
        passwordHash: input.passwordHash,
        mustChangePassword: input.mustChangePassword,
        totpSecretSealed: input.totpSecretSealed(id),
        at,
      });
      await this.c.auditInTx(trx, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: id,
        outcome: 'success',
        detail: { role: input.role, regions: input.regions },
      });
      const row = await findAccountById(trx, id);
      return presentUser(row!);
    });
  }

  async update(
    id: string,
    patch: UserPatch,
    expectedVersion: number,
    onChanged?: (trx: Transaction<Database>, before: AccountRow) => Promise<void>,
  ): Promise<UserView> {
    return transact(this.db, async (trx) => {
      const before = await findAccountById(trx, id);
      if (!before) throw notFound();
      this.c.check('user.update', { type: 'user', id, regions: before.regions });
      if (before.version !== expectedVersion) {
        throw new AppError('stale_version', 412, STALE_ACCOUNT, { currentVersion: before.version });
      }
      if (this.c.who.kind === 'user') {
        if (patch.regions && !regionsWithinScope(this.c.who.actor, patch.regions)) {
          throw new AppError('forbidden_region', 403, 'You can only give regions within your own scope');
        }
        if (id === this.c.who.actor.id && (patch.active === false || (patch.role && patch.role !== before.role))) {
          throw new AppError('self_lockout', 409, 'You cannot deactivate your own account or change your own role');
        }
      }
      const changed: string[] = [];
      const set: Partial<Database['users']> = {};
      if (patch.name !== undefined && patch.name !== before.name) {
        set.name = patch.name;
        changed.push('name');
      }
      if (patch.email !== undefined && patch.email !== before.email) {
        set.email = patch.email;
        changed.push('email');
      }
      if (patch.role && patch.role !== before.role) {
        set.role = patch.role;
        changed.push('role');
      }
      if (patch.active !== undefined && (patch.active ? 1 : 0) !== before.active) {
        set.active = patch.active ? 1 : 0;
        changed.push('active');
      }
      if (patch.resetMfa) {
        set.totp_secret = null;
        set.totp_enabled = 0;
        set.totp_last_step = null;
        changed.push('mfa');
      }
      if (patch.passwordHash) {
        set.password_hash = patch.passwordHash;
        set.must_change_password = 1;
        changed.push('password');
      }
      const regionsChanged = patch.regions && patch.regions.slice().sort().join(',') !== before.regions.join(',');
      if (regionsChanged) changed.push('regions');
      if (changed.length === 0) return presentUser(before);

      // The last active administrator cannot be removed: someone must be able to manage accounts.
      const losesAdmin =
        before.role === ACCOUNT_MANAGER_ROLE &&
        before.active === 1 &&
        (set.active === 0 || (set.role && set.role !== ACCOUNT_MANAGER_ROLE));
      if (losesAdmin) {
        // The set of active administrators is locked (PostgreSQL; SQLite's write lock is already held), in id
        // order so two demotions cannot deadlock: of two administrators removing each other at once, the
        // second counts after the first has committed.
        const admins = await lockForUpdate(
          trx,
          trx
            .selectFrom('users')
            .select('id')
            .where('role', '=', ACCOUNT_MANAGER_ROLE)
            .where('active', '=', 1)
            .orderBy('id'),
        ).execute();
        if (admins.length <= 1)
          throw new AppError('last_admin', 409, 'The last active administrator cannot be removed');
      }

      await this.c.s.db.authChanges.writing(trx, async () => {
        await updateVersioned(
          trx,
          'users',
          id,
          expectedVersion,
          { ...set, updated_at: this.c.s.clock.now().toISOString() },
          STALE_ACCOUNT,
        );
        if (regionsChanged) {
          await trx.deleteFrom('user_regions').where('user_id', '=', id).execute();
          await trx
            .insertInto('user_regions')
            .values(patch.regions!.map((region_code) => ({ user_id: id, region_code })))
            .execute();
        }
      });
      if (onChanged) await onChanged(trx, before);
      const events: AuditEvent[] = [
        this.c.event({
          action: 'user.update',
          resourceType: 'user',
          resourceId: id,
          outcome: 'success',
          detail: { fields: changed },
        }),
      ];
      if (set.active === 0)
        events.push(
          this.c.event({ action: 'user.deactivate', resourceType: 'user', resourceId: id, outcome: 'success' }),
        );
      if (patch.resetMfa)
        events.push(
          this.c.event({ action: 'user.mfa_reset', resourceType: 'user', resourceId: id, outcome: 'success' }),
        );
      if (patch.passwordHash)
        events.push(
          this.c.event({ action: 'user.password_reset', resourceType: 'user', resourceId: id, outcome: 'success' }),
        );
      await this.c.s.audit.appendInTx(trx, events);
      return presentUser((await findAccountById(trx, id))!);
    });
  }
}
