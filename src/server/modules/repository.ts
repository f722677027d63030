// The per-request repository: the one path to personal data. It adds the policy's scope filter to every
// query (an out-of-scope id is simply not found), checks the policy for the action, writes the audit row
// (in the same transaction as a change; durably before returning for a read) and returns presented views.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Services, RequestActor, RequestMeta } from '../context.ts';
import type { AuditEvent } from '../audit/events.ts';
import { endOfLocalDay, OFFICE_ZONE, startOfLocalDay } from '../../shared/calendar.ts';
import {
  regionsWithinScope,
  ACCOUNT_MANAGER_ROLE,
  STAFF_WHO_TAKE_WORK,
  type Action,
  type Resource,
} from '../policy/index.ts';
import { RepoCore, type RepoActor } from '../kernel/context.ts';
import { ParticipantStore } from './participants/store.ts';
import { CaseworkStore } from './casework/store.ts';
import { ProgrammeStore } from './programmes/store.ts';
import { AidStore } from './aid/store.ts';
import { FollowUpStore } from './followups/store.ts';
import { ReportStore } from './reports/store.ts';
import { ImportStore } from './imports/store.ts';
import { ProtectionStore } from './protection/store.ts';
import { AppError, notFound } from '../errors.ts';
import type { Role } from '../../shared/roles.ts';
import type { UserView, AuditEntry } from '../../shared/api.ts';
import { findAccountById, insertAccount, type AccountRow } from '../kernel/accounts.ts';
import { presentAudit, presentUser } from './users/present.ts';
import { lockForUpdate, transact, updateVersioned } from '../db/write.ts';

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

export interface AuditFilter {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

export class Repository {
  private readonly core: RepoCore;
  // Each store is built when a route first asks for it: a read of one participant builds her store alone.
  #participants?: ParticipantStore;
  #casework?: CaseworkStore;
  #programmes?: ProgrammeStore;
  #aid?: AidStore;
  #followUps?: FollowUpStore;
  #reports?: ReportStore;
  #imports?: ImportStore;
  #protection?: ProtectionStore;

  constructor(s: Services, who: RepoActor, meta: RequestMeta) {
    this.core = new RepoCore(s, who, meta);
  }

  get participants(): ParticipantStore {
    this.#participants ??= new ParticipantStore(this.core);
    return this.#participants;
  }
  get casework(): CaseworkStore {
    this.#casework ??= new CaseworkStore(this.core, this.participants);
    return this.#casework;
  }
  get programmes(): ProgrammeStore {
    this.#programmes ??= new ProgrammeStore(this.core, this.participants);
    return this.#programmes;
  }
  get aid(): AidStore {
    this.#aid ??= new AidStore(this.core, this.participants, this.programmes);
    return this.#aid;
  }
  get followUps(): FollowUpStore {
    this.#followUps ??= new FollowUpStore(this.core, this.participants, this.programmes);
    return this.#followUps;
  }
  get reports(): ReportStore {
    this.#reports ??= new ReportStore(this.core, this.aid);
    return this.#reports;
  }
  get imports(): ImportStore {
    this.#imports ??= new ImportStore(this.core, this.participants);
    return this.#imports;
  }
  get protection(): ProtectionStore {
    this.#protection ??= new ProtectionStore(this.core, this.participants);
    return this.#protection;
  }

  private get s() {
    return this.core.s;
  }
  private get who() {
    return this.core.who;
  }
  private get db() {
    return this.core.db;
  }
  private event(e: Parameters<RepoCore['event']>[0]) {
    return this.core.event(e);
  }
  private check(action: Action, resource?: Resource) {
    this.core.check(action, resource);
  }

  // ---------------- staff accounts ----------------
  readonly users = {
    list: async (filter: { role?: Role; active?: boolean }): Promise<UserView[]> => {
      this.check('user.list');
      // Only accounts whose every region lies within the administrator's own.
      let q = this.core.scoped('user', this.db.selectFrom('users').selectAll().orderBy('username'), { id: 'users.id' });
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
      await this.core.record(
        this.event({ action: 'user.list', resourceType: 'user', outcome: 'success', detail: { count: rows.length } }),
      );
      return rows.map((r) => presentUser({ ...r, regions: (byUser.get(r.id) ?? []).sort() }));
    },

    /** Active staff who can take a case or a session, in the asker's regions (or province-wide). */
    directory: async (
      role?: Role,
    ): Promise<{ id: string; username: string; name: string | null; role: Role; regions: string[] }[]> => {
      this.check('staff.list');
      let q = this.core.scoped(
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
      await this.core.record(
        this.event({ action: 'user.list', resourceType: 'staff', outcome: 'success', detail: { count: rows.length } }),
      );
      return rows.map((r) => ({
        ...r,
        role: r.role as Role,
        regions: regions
          .filter((x) => x.user_id === r.id)
          .map((x) => x.region_code)
          .sort(),
      }));
    },

    get: async (id: string): Promise<UserView> => {
      const row = await findAccountById(this.db, id);
      if (!row) throw notFound();
      this.check('user.read', { type: 'user', id: row.id, regions: row.regions });
      await this.core.record(
        this.event({ action: 'user.read', resourceType: 'user', resourceId: id, outcome: 'success' }),
      );
      return presentUser(row);
    },

    create: async (input: NewUserInput): Promise<UserView> => {
      this.check('user.create');
      if (this.who.kind === 'user' && !regionsWithinScope(this.who.actor, input.regions)) {
        throw new AppError('forbidden_region', 403, 'You can only give regions within your own scope');
      }
      const id = randomUUID();
      const at = this.s.clock.now().toISOString();
      return transact(this.db, async (trx) => {
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where('username', '=', input.username)
          .executeTakeFirst();
        if (taken) throw new AppError('username_taken', 409, 'That username is already in use', { field: 'username' });
        await insertAccount(trx, this.s.db.authChanges, {
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
        await this.core.auditInTx(trx, {
          action: 'user.create',
          resourceType: 'user',
          resourceId: id,
          outcome: 'success',
          detail: { role: input.role, regions: input.regions },
        });
        const row = await findAccountById(trx, id);
        return presentUser(row!);
      });
    },

    update: async (
      id: string,
      patch: UserPatch,
      expectedVersion: number,
      onChanged?: (trx: Transaction<Database>, before: AccountRow) => Promise<void>,
    ): Promise<UserView> => {
      return transact(this.db, async (trx) => {
        const before = await findAccountById(trx, id);
        if (!before) throw notFound();
        this.check('user.update', { type: 'user', id, regions: before.regions });
        if (before.version !== expectedVersion) {
          throw new AppError('stale_version', 412, STALE_ACCOUNT, { currentVersion: before.version });
        }
        if (this.who.kind === 'user') {
          if (patch.regions && !regionsWithinScope(this.who.actor, patch.regions)) {
            throw new AppError('forbidden_region', 403, 'You can only give regions within your own scope');
          }
          if (id === this.who.actor.id && (patch.active === false || (patch.role && patch.role !== before.role))) {
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

        await this.s.db.authChanges.writing(trx, async () => {
          await updateVersioned(
            trx,
            'users',
            id,
            expectedVersion,
            { ...set, updated_at: this.s.clock.now().toISOString() },
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
          this.event({
            action: 'user.update',
            resourceType: 'user',
            resourceId: id,
            outcome: 'success',
            detail: { fields: changed },
          }),
        ];
        if (set.active === 0)
          events.push(
            this.event({ action: 'user.deactivate', resourceType: 'user', resourceId: id, outcome: 'success' }),
          );
        if (patch.resetMfa)
          events.push(
            this.event({ action: 'user.mfa_reset', resourceType: 'user', resourceId: id, outcome: 'success' }),
          );
        if (patch.passwordHash)
          events.push(
            this.event({ action: 'user.password_reset', resourceType: 'user', resourceId: id, outcome: 'success' }),
          );
        await this.s.audit.appendInTx(trx, events);
        return presentUser((await findAccountById(trx, id))!);
      });
    },
  };

  // ---------------- the audit log itself ----------------
  readonly auditLog = {
    /** Breach response: every entry of a period, oldest first (the export is itself audited). */
    exportPeriod: async (from: string, to: string): Promise<AuditEntry[]> => {
      this.check('audit.read', { type: 'audit' });
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('at', '>=', toUtcBound(from, 'start'))
        .where('at', '<=', toUtcBound(to, 'end'))
        .orderBy('seq')
        .limit(1_000_000)
        .execute();
      await this.core.record(
        this.event({
          action: 'audit.export',
          resourceType: 'audit',
          outcome: 'success',
          detail: { from, to, count: rows.length },
        }),
      );
      return rows.map(presentAudit);
    },
    list: async (f: AuditFilter): Promise<{ items: AuditEntry[]; nextBefore: number | null }> => {
      this.check('audit.read', { type: 'audit' });
      let q = this.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(f.limit + 1);
      if (f.actor) q = q.where((eb) => eb.or([eb('actor', '=', f.actor!), eb('actor_id', '=', f.actor!)]));
      if (f.action) q = q.where('action', '=', f.action);
      if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
      if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
      if (f.from) q = q.where('at', '>=', toUtcBound(f.from, 'start'));
      if (f.to) q = q.where('at', '<=', toUtcBound(f.to, 'end'));
      if (f.before) q = q.where('seq', '<', f.before);
      const rows = await q.execute();
      const page = rows.slice(0, f.limit);
      const filterKeys = Object.entries(f)
        .filter(([k, v]) => v !== undefined && k !== 'limit')
        .map(([k]) => k);
      await this.core.record(
        this.event({
          action: 'audit.read',
          resourceType: 'audit',
          outcome: 'success',
          detail: { filters: filterKeys, count: page.length },
        }),
      );
      return {
        items: page.map(presentAudit),
        nextBefore: rows.length > f.limit ? Number(page[page.length - 1]!.seq) : null,
      };
    },
  };
}

/** A date (YYYY-MM-DD) is a whole day in the office's zone (WITA); a date-time is taken as given. */
function toUtcBound(value: string, side: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return (side === 'start' ? startOfLocalDay : endOfLocalDay)(value, OFFICE_ZONE).toISOString();
  return new Date(value).toISOString();
}

export const scopedRepo = (s: Services, actor: RequestActor, meta: RequestMeta) =>
  new Repository(s, { kind: 'user', actor }, meta);

/** Beyond any user's scope, on purpose: name the job and say why. Audited with the job as actor. */
export const systemRepo = (
  s: Services,
  name: string,
  reason: string,
  meta: RequestMeta = { requestId: randomUUID(), ip: null },
) => new Repository(s, { kind: 'system', name, reason }, meta);
