// Staff accounts, for the administrator who manages them (only accounts whose every region lies within hers),
// and the short staff directory the case and session screens choose from. Sign-in's own reads and writes of
// accounts are the credentials store (kernel/accounts.ts).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditEvent } from '../../audit/events.ts';
import {
  regionsFitRole,
  regionsWithinScope,
  needsSecondPersonFor,
  resetNeedsSecondPerson,
  ACCOUNT_MANAGER_ROLE,
  STAFF_WHO_TAKE_WORK,
  type AccountAccess,
} from '../../policy/index.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Role } from '../../../shared/roles.ts';
import type { UserSort, UserView } from '../../../shared/api.ts';
import { findAccountById, insertAccount, type AccountRow } from '../../kernel/accounts.ts';
import { presentUser } from './present.ts';
import {
  accountStates,
  firstApproverAllowed,
  insertRequest,
  pendingRequestOf,
  retarget,
  withdrawRequest,
} from './requests.ts';
import { lockForUpdate, transact, updateVersioned } from '../../db/write.ts';
import { page, type SortColumn } from '../../db/paging.ts';

/**
 * The columns the staff list may be sorted by (the sort parameter without its minus). Names: without regard to
 * case, and accounts without one last on either database.
 */
const USER_SORT_COLUMNS: Record<string, SortColumn> = {
  username: 'username',
  name: { expr: sql`lower(name)`, nullsLast: true },
  role: 'role',
  createdAt: 'created_at',
};

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
  /** Made by the operator on the server console: direct, and shown on start pages as such. */
  viaConsole?: boolean;
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

/** An account's regions lie in one province; the nation is held by a national account alone, and alone. */
function assertRegionsFit(role: Role, regions: readonly string[]): void {
  if (new Set(regions.map((r) => r.slice(0, 2))).size !== 1 || !regionsFitRole(role, regions))
    throw new AppError(
      'regions_one_province',
      400,
      'An account’s regions lie in one province; only a national (ministry) account holds the nation (ID), and nothing else',
      { field: 'regions' },
    );
}

export class UserStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  async list(filter: {
    role?: Role;
    active?: boolean;
    sort?: UserSort;
    page?: number;
    pageSize?: number;
  }): Promise<{ items: UserView[]; total: number }> {
    this.c.check('user.list');
    // Only accounts whose every region lies within the administrator's own.
    let q = this.c.scoped('user', this.db.selectFrom('users').selectAll(), { id: 'users.id' });
    if (filter.role) q = q.where('role', '=', filter.role);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    // The whitelisted column, then the username (unique) so that pages never overlap.
    const { rows, total } = await page(q, {
      sort: filter.sort ?? 'username',
      columns: USER_SORT_COLUMNS,
      tieBreak: 'username',
      page: filter.page ?? 1,
      pageSize: filter.pageSize ?? 50,
    });
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
    const states = await accountStates(
      this.db,
      rows.map((r) => r.id),
    );
    await this.c.record(
      this.c.event({ action: 'user.list', resourceType: 'user', outcome: 'success', detail: { count: rows.length } }),
    );
    return {
      items: rows.map((r) => presentUser({ ...r, regions: (byUser.get(r.id) ?? []).sort() }, states.get(r.id))),
      total,
    };
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
    const state = (await accountStates(this.db, [id])).get(id);
    await this.c.record(
      this.c.event({ action: 'user.read', resourceType: 'user', resourceId: id, outcome: 'success' }),
    );
    return presentUser(row, state);
  }

  /** The account as its screen shows it: with what waits for a second person, and how the last request ended. */
  private async present(db: Kysely<Database>, id: string): Promise<UserView> {
    const row = await findAccountById(db, id);
    if (!row) throw notFound();
    return presentUser(row, (await accountStates(db, [id])).get(id));
  }

  async create(input: NewUserInput): Promise<UserView> {
    this.c.check('user.create');
    if (this.c.who.kind === 'user' && !regionsWithinScope(this.c.who.actor, input.regions)) {
      throw new AppError('forbidden_region', 403, 'You can only give regions within your own scope');
    }
    assertRegionsFit(input.role, input.regions);
    const id = randomUUID();
    const at = this.c.s.clock.now().toISOString();
    // The account's own province (the console makes accounts of any province).
    const province = input.regions[0]!.slice(0, 2);
    const actor = this.c.actor;
    return transact(this.db, async (trx) => {
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken) throw new AppError('username_taken', 409, 'That username is already in use', { field: 'username' });
      // An administrator's account that may read cases waits for a second person, except the first head of section
      // of the province (nobody could approve her yet), made alone once and flagged. The console and named system
      // work (tests, the demo seed) are direct: whoever runs them holds the master key.
      let asked: 'PENDING' | 'FIRST_APPROVER' | 'CONSOLE' | null = null;
      if (actor && needsSecondPersonFor(null, { role: input.role, regions: input.regions, active: true }))
        asked = (await firstApproverAllowed(trx, input.role, province)) ? 'FIRST_APPROVER' : 'PENDING';
      else if (!actor && input.viaConsole) asked = 'CONSOLE';
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
        active: asked !== 'PENDING',
      });
      const requestId = asked
        ? await insertRequest(trx, {
            userId: id,
            province,
            kind: asked === 'PENDING' ? 'CREATE' : asked,
            status: asked === 'PENDING' ? 'PENDING' : 'DIRECT',
            role: input.role,
            previousRole: null,
            regions: input.regions,
            requestedBy: actor?.id ?? null,
            at,
          })
        : null;
      await this.c.auditInTx(trx, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: id,
        outcome: 'success',
        detail: {
          role: input.role,
          regions: input.regions,
          ...(asked === 'PENDING' ? { status: 'pending' } : {}),
          ...(asked === 'CONSOLE' ? { via: 'console' } : {}),
        },
      });
      if (requestId && asked !== 'CONSOLE')
        await this.c.auditInTx(trx, {
          action: asked === 'PENDING' ? 'user.approval_request' : 'user.first_approver',
          resourceType: 'user',
          resourceId: id,
          outcome: 'success',
          detail: {
            accountRequestId: requestId,
            kind: asked === 'PENDING' ? 'CREATE' : asked,
            role: input.role,
            regions: input.regions,
          },
        });
      return this.present(trx, id);
    });
  }

  /**
   * Changes an account. A change an administrator makes that gives an account more it may read (a role that reads
   * cases, a region it did not hold, being made active again: the policy's needsSecondPersonFor) is not applied but
   * asked for: the account keeps what it holds (an inactive one holds the asked role and regions, to no effect)
   * until a second person approves. An administrator's reset of its password or second factor leaves such an
   * account inactive until approved, like a new one. While a request waits, a change of the account moves it on (the approver's
   * If-Match no longer matches), and a change that needs no second person (a lower role, deactivation) ends it.
   */
  async update(
    id: string,
    patch: UserPatch,
    expectedVersion: number,
    onChanged?: (trx: Transaction<Database>, before: AccountRow) => Promise<void>,
  ): Promise<UserView> {
    return transact(this.db, async (trx) => {
      // The row lock every change of an account and every decision on it takes first (requests.ts, decide).
      await lockForUpdate(trx, trx.selectFrom('users').select('id').where('id', '=', id)).execute();
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
      const pending = await pendingRequestOf(trx, id);
      // What it holds, what it is to hold (a waiting request's), and what this change makes of that.
      const holds: AccountAccess = { role: before.role as Role, regions: before.regions, active: before.active === 1 };
      const wanted: AccountAccess = pending
        ? { role: pending.role as Role, regions: pending.regions, active: true }
        : holds;
      const after: AccountAccess = {
        role: patch.role ?? wanted.role,
        regions: patch.regions ? [...patch.regions].sort() : wanted.regions,
        active: patch.active ?? wanted.active,
      };
      assertRegionsFit(after.role, after.regions);
      const resets = !!(patch.passwordHash || patch.resetMfa);
      const asks =
        this.c.who.kind === 'user' && (needsSecondPersonFor(holds, after) || (resets && resetNeedsSecondPerson(after)));
      // The account's row: what it is to hold, or while it asks, what it holds (an inactive one, or one whose
      // password or second factor was reset: inactive, with what it asks).
      const row: AccountAccess = !asks ? after : holds.active && !resets ? holds : { ...after, active: false };

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
      if (row.role !== before.role) {
        set.role = row.role;
        changed.push('role');
      }
      if (row.active !== holds.active) {
        set.active = row.active ? 1 : 0;
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
      const regionsChanged = row.regions.join(',') !== before.regions.join(',');
      if (regionsChanged) changed.push('regions');
      const retargets =
        asks && !!pending && (pending.role !== after.role || pending.regions.join(',') !== after.regions.join(','));
      if (changed.length === 0 && !retargets && (asks ? !!pending : !pending)) return this.present(trx, id);

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

      const at = this.c.s.clock.now().toISOString();
      await this.c.s.db.authChanges.writing(trx, async () => {
        await updateVersioned(trx, 'users', id, expectedVersion, { ...set, updated_at: at }, STALE_ACCOUNT);
        if (regionsChanged) {
          await trx.deleteFrom('user_regions').where('user_id', '=', id).execute();
          await trx
            .insertInto('user_regions')
            .values(row.regions.map((region_code) => ({ user_id: id, region_code })))
            .execute();
        }
      });
      if (onChanged) await onChanged(trx, before);

      const events: AuditEvent[] = [];
      if (changed.length > 0)
        events.push(
          this.c.event({
            action: 'user.update',
            resourceType: 'user',
            resourceId: id,
            outcome: 'success',
            detail: { fields: changed },
          }),
        );
      if (asks) {
        // What the approver sees moves on with any change of the account: she approves what she looked at.
        let requestId = pending?.id;
        if (pending) await retarget(trx, pending, after.role, after.regions);
        else
          requestId = await insertRequest(trx, {
            userId: id,
            province: this.c.province,
            kind: resets ? 'RESET' : holds.active ? 'RAISE' : 'REACTIVATE',
            status: 'PENDING',
            role: after.role,
            previousRole: holds.active ? holds.role : null,
            regions: after.regions,
            requestedBy: this.c.actorId(),
            at,
          });
        if (!pending || retargets)
          events.push(
            this.c.event({
              action: 'user.approval_request',
              resourceType: 'user',
              resourceId: id,
              outcome: 'success',
              detail: {
                accountRequestId: requestId!,
                kind: pending?.kind ?? (resets ? 'RESET' : holds.active ? 'RAISE' : 'REACTIVATE'),
                role: after.role,
                regions: [...after.regions],
                ...(holds.active ? { previousRole: holds.role } : {}),
              },
            }),
          );
      } else if (pending && (await withdrawRequest(trx, pending.id, this.c.actorId(), at))) {
        events.push(
          this.c.event({
            action: 'user.request_withdraw',
            resourceType: 'user',
            resourceId: id,
            outcome: 'success',
            detail: { accountRequestId: pending.id },
          }),
        );
      }
      if (set.active === 0 && !asks)
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
      return this.present(trx, id);
    });
  }
}
