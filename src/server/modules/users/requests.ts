// A second person for accounts that may read cases (decision 028). An administrator's creation of such an account,
// or a change that gives one more (a role that reads cases, a region it did not hold, being made active again),
// is a request: the account stays inactive, or keeps what it had, until a head of section or Kepala Bidang whose
// regions hold all it would get approves it. Requests are decided once; accounts made without a second person
// (the first head of section of a province, the server console) are rows too, shown on start pages until each
// administrator and head of section has acknowledged them. Who may decide is the policy's (approvesAccountFor).
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AccountRequestsTable, Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import type { AccountApproval, AccountDecisionView, AccountNotice, AccountRequestView } from '../../../shared/api.ts';
import type { Role } from '../../../shared/roles.ts';
import {
  ACCOUNT_APPROVER_ROLES,
  ACCOUNT_MANAGER_ROLE,
  FIRST_APPROVER_ROLE,
  approvesAccountFor,
  isSecondPerson,
  provinceOf,
  touchesRegions,
  type Actor,
} from '../../policy/index.ts';
import { findAccountById } from '../../kernel/accounts.ts';
import { AppError, notFound } from '../../errors.ts';
import { lockForUpdate, lockKey, nextVersion, transact, updateVersioned } from '../../db/write.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export type RequestRow = AccountRequestsTable & { regions: string[] };
type StaffRef = { id: string; username: string; name: string | null };

const STALE_REQUEST = 'This account was changed after you opened it; look at it again before deciding';
const DECIDED = 'This request was already decided';

/** Requests with the regions each would give, newest first. */
async function withRegions(db: Executor, rows: AccountRequestsTable[]): Promise<RequestRow[]> {
  if (rows.length === 0) return [];
  const regions = await db
    .selectFrom('account_request_regions')
    .selectAll()
    .where(
      'request_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('region_code')
    .execute();
  return rows.map((r) => ({
    ...r,
    regions: regions.filter((x) => x.request_id === r.id).map((x) => x.region_code),
  }));
}

export async function requestById(db: Executor, id: string): Promise<RequestRow | undefined> {
  const row = await db.selectFrom('account_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withRegions(db, [row]))[0] : undefined;
}

/** The request of this account that waits, if any (at most one: the partial unique index). */
export async function pendingRequestOf(db: Executor, userId: string): Promise<RequestRow | undefined> {
  const row = await db
    .selectFrom('account_requests')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return row ? (await withRegions(db, [row]))[0] : undefined;
}

export interface NewRequest {
  userId: string;
  province: string;
  kind: AccountRequestsTable['kind'];
  status: 'PENDING' | 'DIRECT';
  role: Role;
  previousRole: Role | null;
  regions: readonly string[];
  requestedBy: string | null;
  at: string;
}

/** Records a request (the caller holds the account's row lock, so its number is the next one). */
export async function insertRequest(trx: Transaction<Database>, r: NewRequest): Promise<string> {
  const id = randomUUID();
  const last = await trx
    .selectFrom('account_requests')
    .select((eb) => eb.fn.max('ordinal').as('n'))
    .where('user_id', '=', r.userId)
    .executeTakeFirst();
  await trx
    .insertInto('account_requests')
    .values({
      id,
      user_id: r.userId,
      province: r.province,
      kind: r.kind,
      role: r.role,
      previous_role: r.previousRole,
      status: r.status,
      requested_by: r.requestedBy,
      requested_at: r.at,
      decided_by: null,
      decided_at: null,
      reason: null,
      ordinal: Number(last?.n ?? 0) + 1,
      version: 1,
    })
    .execute();
  await trx
    .insertInto('account_request_regions')
    .values(r.regions.map((region_code) => ({ request_id: id, region_code })))
    .execute();
  return id;
}

/** A waiting request now asks for this role and these regions (what the approver sees moves on to its next version). */
export async function retarget(
  trx: Transaction<Database>,
  request: RequestRow,
  role: Role,
  regions: readonly string[],
): Promise<void> {
  await trx
    .updateTable('account_requests')
    .set({ role, version: nextVersion })
    .where('id', '=', request.id)
    .where('status', '=', 'PENDING')
    .execute();
  if (regions.join(',') !== request.regions.join(',')) {
    await trx.deleteFrom('account_request_regions').where('request_id', '=', request.id).execute();
    await trx
      .insertInto('account_request_regions')
      .values(regions.map((region_code) => ({ request_id: request.id, region_code })))
      .execute();
  }
}

/** Ends a waiting request without a decision (the account was changed so that it needs none, or deactivated). */
export async function withdrawRequest(
  trx: Transaction<Database>,
  requestId: string,
  by: string | null,
  at: string,
): Promise<boolean> {
  const res = await trx
    .updateTable('account_requests')
    .set({ status: 'WITHDRAWN', decided_by: by, decided_at: at, version: nextVersion })
    .where('id', '=', requestId)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Whether the administrator may make this head of section alone: she is the first approver of the province (no
 * active head of section or Kepala Bidang there) and the exception was never used in it. Taken under a lock on
 * the province's key, so of two administrators trying at once the second finds the first's; the partial unique
 * index (one FIRST_APPROVER per province) holds it even so.
 */
export async function firstApproverAllowed(trx: Transaction<Database>, role: Role, province: string): Promise<boolean> {
  if (role !== FIRST_APPROVER_ROLE) return false;
  await lockKey(trx, `account-first-approver:${province}`);
  const used = await trx
    .selectFrom('account_requests')
    .select('id')
    .where('province', '=', province)
    .where('kind', '=', 'FIRST_APPROVER')
    .executeTakeFirst();
  if (used) return false;
  const approver = await trx
    .selectFrom('users as u')
    .innerJoin('user_regions as ur', 'ur.user_id', 'u.id')
    .select('u.id')
    .where('u.active', '=', 1)
    .where('u.role', 'in', [...ACCOUNT_APPROVER_ROLES])
    .where('ur.region_code', 'like', `${province}%`)
    .executeTakeFirst();
  return !approver;
}

async function staffRefs(db: Executor, ids: (string | null)[]): Promise<Map<string, StaffRef & { role: Role }>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'name', 'role'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, { ...r, role: r.role as Role }]));
}
const ref = (m: Map<string, StaffRef>, id: string | null): StaffRef | null => {
  const s = id ? m.get(id) : undefined;
  return s ? { id: s.id, username: s.username, name: s.name } : null;
};

/** Active approvers with their regions, as actors the policy can ask about. */
async function activeApprovers(db: Executor): Promise<(Actor & { username: string; name: string | null })[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('user_regions as ur', 'ur.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.name', 'u.role', 'ur.region_code'])
    .where('u.active', '=', 1)
    .where('u.role', 'in', [...ACCOUNT_APPROVER_ROLES])
    .orderBy('u.username')
    .execute();
  const byId = new Map<string, Actor & { username: string; name: string | null; regions: string[] }>();
  for (const r of rows) {
    const a = byId.get(r.id) ?? { id: r.id, username: r.username, name: r.name, role: r.role as Role, regions: [] };
    if (r.region_code) a.regions.push(r.region_code);
    byId.set(r.id, a);
  }
  return [...byId.values()];
}

/** What the Users screens show of each account: what waits, who may approve it, and how the last request ended. */
export async function accountStates(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, { approval: AccountApproval | null; lastDecision: AccountDecisionView | null }>> {
  const out = new Map<string, { approval: AccountApproval | null; lastDecision: AccountDecisionView | null }>();
  if (userIds.length === 0) return out;
  const rows = await withRegions(
    db,
    await db
      .selectFrom('account_requests')
      .selectAll()
      .where('user_id', 'in', [...userIds])
      .orderBy('ordinal', 'desc')
      .execute(),
  );
  if (rows.length === 0) return out;
  const people = await staffRefs(
    db,
    rows.flatMap((r) => [r.requested_by, r.decided_by]),
  );
  const approvers = rows.some((r) => r.status === 'PENDING') ? await activeApprovers(db) : [];
  for (const id of userIds) {
    const mine = rows.filter((r) => r.user_id === id);
    const open = mine.find((r) => r.status === 'PENDING');
    const last = mine.find((r) => r.status !== 'PENDING');
    out.set(id, {
      approval: open
        ? {
            requestId: open.id,
            kind: open.kind as AccountApproval['kind'],
            role: open.role as Role,
            regions: open.regions,
            previousRole: (open.previous_role as Role | null) ?? null,
            requestedBy: ref(people, open.requested_by),
            requestedAt: open.requested_at,
            version: open.version,
            approvers: approvers
              .filter((a) =>
                approvesAccountFor(a, { accountId: id, regions: open.regions, requestedBy: open.requested_by }),
              )
              .map((a) => ({ id: a.id, username: a.username, name: a.name, role: a.role })),
          }
        : null,
      lastDecision: last
        ? {
            requestId: last.id,
            kind: last.kind,
            status: last.status as AccountDecisionView['status'],
            role: last.role as Role,
            by: ref(people, last.status === 'DIRECT' ? last.requested_by : last.decided_by),
            at: last.status === 'DIRECT' ? last.requested_at : last.decided_at,
            reason: last.reason,
          }
        : null,
    });
  }
  return out;
}

/** The approver's side: what waits for her, her decision, the administrator's withdrawal, and the notices. */
export class AccountRequestStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  private async views(db: Executor, rows: RequestRow[]): Promise<AccountRequestView[]> {
    if (rows.length === 0) return [];
    const people = await staffRefs(
      db,
      rows.flatMap((r) => [r.requested_by, r.decided_by]),
    );
    const accounts = await db
      .selectFrom('users')
      .select(['id', 'username', 'name', 'email'])
      .where(
        'id',
        'in',
        rows.map((r) => r.user_id),
      )
      .execute();
    const held = await db
      .selectFrom('user_regions')
      .selectAll()
      .where(
        'user_id',
        'in',
        rows.map((r) => r.user_id),
      )
      .orderBy('region_code')
      .execute();
    return rows.flatMap((r) => {
      const account = accounts.find((a) => a.id === r.user_id);
      if (!account) return [];
      return [
        {
          id: r.id,
          version: r.version,
          kind: r.kind as AccountRequestView['kind'],
          status: r.status as AccountRequestView['status'],
          role: r.role as Role,
          regions: r.regions,
          previousRole: (r.previous_role as Role | null) ?? null,
          currentRegions: held.filter((x) => x.user_id === r.user_id).map((x) => x.region_code),
          account,
          requestedBy: ref(people, r.requested_by),
          requestedAt: r.requested_at,
          decidedBy: ref(people, r.decided_by),
          decidedAt: r.decided_at,
          reason: r.reason,
        },
      ];
    });
  }

  /** The requests she may decide, oldest first: in her regions, never her own account's nor one she asked for. */
  async pending(): Promise<AccountRequestView[]> {
    this.c.check('account_request.list');
    const me = this.c.actorId();
    const rows = await this.c
      .scoped(
        'account_request',
        this.db
          .selectFrom('account_requests as r')
          .selectAll('r')
          .where('r.status', '=', 'PENDING')
          .where('r.user_id', '!=', me)
          .where((eb) => eb.or([eb('r.requested_by', 'is', null), eb('r.requested_by', '!=', me)]))
          .orderBy('r.requested_at')
          .orderBy('r.id'),
        { id: 'r.id' },
      )
      .limit(200)
      .execute();
    const items = await this.views(this.db, await withRegions(this.db, rows));
    await this.c.record(
      this.c.event({
        action: 'user.list',
        resourceType: 'user',
        outcome: 'success',
        detail: { list: 'account_requests', count: items.length },
      }),
    );
    return items;
  }

  /**
   * One request, as the list shows it, for whoever the list would show it to (her regions, never her own account's
   * nor one she asked for); read again after a decision found it changed. Audited like the list.
   */
  async get(requestId: string): Promise<AccountRequestView> {
    this.c.check('account_request.list');
    const me = this.c.actorId();
    const rows = await this.c
      .scoped(
        'account_request',
        this.db
          .selectFrom('account_requests as r')
          .selectAll('r')
          .where('r.id', '=', requestId)
          .where('r.status', '!=', 'DIRECT')
          .where('r.user_id', '!=', me)
          .where((eb) => eb.or([eb('r.requested_by', 'is', null), eb('r.requested_by', '!=', me)])),
        { id: 'r.id' },
      )
      .execute();
    const [item] = await this.views(this.db, await withRegions(this.db, rows));
    if (!item) throw notFound();
    await this.c.record(
      this.c.event({
        action: 'user.read',
        resourceType: 'user',
        resourceId: item.account.id,
        outcome: 'success',
        detail: { accountRequest: item.id },
      }),
    );
    return item;
  }

  /**
   * Approves (the account gets the role and regions asked for, active) or refuses (with a reason) a request, once.
   * The account's row is locked first — as every change of it does — so a decision and the administrator's change
   * of the same account are one after the other: of two decisions the second finds it decided (409
   * already_decided); a decision of what was shown before the account changed is 412 stale_version.
   */
  async decide(requestId: string, expectedVersion: number, approve: boolean, reason?: string) {
    if (!approve && !reason?.trim())
      throw new AppError('reason_required', 400, 'Say why the account is refused', { field: 'reason' });
    const first = await requestById(this.db, requestId);
    if (!first || first.status === 'DIRECT') throw notFound();
    const facts = {
      type: 'account_request' as const,
      accountId: first.user_id,
      regions: first.regions,
      requestedBy: first.requested_by,
    };
    this.c.check('account_request.decide', facts);
    const actor = this.c.actor;
    if (
      actor &&
      !(isSecondPerson(actor, first.user_id) && (!first.requested_by || isSecondPerson(actor, first.requested_by)))
    )
      throw new AppError(
        'second_person_required',
        403,
        'Someone else approves this account: it is yours, or you asked for it',
      );
    if (actor && !approvesAccountFor(actor, facts)) throw notFound();
    const at = this.c.now();
    const result = await transact(this.db, async (trx) => {
      await lockForUpdate(trx, trx.selectFrom('users').select('id').where('id', '=', first.user_id)).execute();
      const request = await requestById(trx, requestId);
      if (!request) throw notFound();
      if (request.status !== 'PENDING') throw new AppError('already_decided', 409, DECIDED);
      if (request.version !== expectedVersion)
        throw new AppError('stale_version', 412, STALE_REQUEST, { currentVersion: request.version });
      // What was checked outside the lock must still hold of what is decided (the administrator may have moved it).
      if (actor && !approvesAccountFor(actor, { ...facts, regions: request.regions })) throw notFound();
      const claimed = await trx
        .updateTable('account_requests')
        .set({
          status: approve ? 'APPROVED' : 'REFUSED',
          decided_by: this.c.actorId(),
          decided_at: at,
          reason: approve ? null : reason!.trim(),
          version: nextVersion,
        })
        .where('id', '=', requestId)
        .where('status', '=', 'PENDING')
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('already_decided', 409, DECIDED);
      if (approve) await this.grant(trx, request, at);
      await this.c.auditInTx(trx, {
        action: approve ? 'user.approve' : 'user.refuse',
        resourceType: 'user',
        resourceId: request.user_id,
        outcome: 'success',
        detail: { accountRequestId: request.id, kind: request.kind, role: request.role, regions: request.regions },
      });
      return (await this.views(trx, [(await requestById(trx, requestId))!]))[0]!;
    });
    return result;
  }

  /** The account gets what was approved: its role, its regions, active. */
  private async grant(trx: Transaction<Database>, request: RequestRow, at: string) {
    const before = await findAccountById(trx, request.user_id);
    if (!before) throw notFound();
    // An administrator raised to a case role stops being one: someone must still manage accounts.
    if (before.role === ACCOUNT_MANAGER_ROLE && before.active === 1 && request.role !== ACCOUNT_MANAGER_ROLE) {
      const admins = await lockForUpdate(
        trx,
        trx
          .selectFrom('users')
          .select('id')
          .where('role', '=', ACCOUNT_MANAGER_ROLE)
          .where('active', '=', 1)
          .orderBy('id'),
      ).execute();
      if (admins.length <= 1) throw new AppError('last_admin', 409, 'The last active administrator cannot be removed');
    }
    await this.c.s.db.authChanges.writing(trx, async () => {
      await updateVersioned(trx, 'users', request.user_id, before.version, {
        role: request.role,
        active: 1,
        updated_at: at,
      });
      if (request.regions.join(',') !== before.regions.join(',')) {
        await trx.deleteFrom('user_regions').where('user_id', '=', request.user_id).execute();
        await trx
          .insertInto('user_regions')
          .values(request.regions.map((region_code) => ({ user_id: request.user_id, region_code })))
          .execute();
      }
    });
  }

  /** The administrator takes back a request that waits (the account keeps what it has; a new one stays inactive). */
  async withdraw(requestId: string, expectedVersion: number) {
    const first = await requestById(this.db, requestId);
    if (!first || first.status === 'DIRECT') throw notFound();
    const account = await findAccountById(this.db, first.user_id);
    if (!account) throw notFound();
    this.c.check('user.update', { type: 'user', id: account.id, regions: account.regions });
    return transact(this.db, async (trx) => {
      await lockForUpdate(trx, trx.selectFrom('users').select('id').where('id', '=', first.user_id)).execute();
      const request = await requestById(trx, requestId);
      if (!request) throw notFound();
      if (request.status !== 'PENDING') throw new AppError('already_decided', 409, DECIDED);
      if (request.version !== expectedVersion)
        throw new AppError('stale_version', 412, STALE_REQUEST, { currentVersion: request.version });
      await withdrawRequest(trx, requestId, this.c.actorId(), this.c.now());
      await this.c.auditInTx(trx, {
        action: 'user.request_withdraw',
        resourceType: 'user',
        resourceId: request.user_id,
        outcome: 'success',
        detail: { accountRequestId: request.id },
      });
      return (await this.views(trx, [(await requestById(trx, requestId))!]))[0]!;
    });
  }

  /** Made without a second person, in her regions' reach, and not yet acknowledged by her: oldest first. */
  private async unacknowledged(db: Executor): Promise<RequestRow[]> {
    const me = this.c.actorId();
    const rows = await db
      .selectFrom('account_requests as r')
      .selectAll('r')
      .where('r.status', '=', 'DIRECT')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('account_notice_acks as k')
              .select('k.request_id')
              .whereRef('k.request_id', '=', 'r.id')
              .where('k.user_id', '=', me),
          ),
        ),
      )
      .orderBy('r.requested_at')
      .orderBy('r.id')
      .limit(500)
      .execute();
    const actor = this.c.actor;
    return (await withRegions(db, rows)).filter(
      (r) =>
        !actor || (r.province === provinceOf(actor) && (r.user_id === actor.id || touchesRegions(actor, r.regions))),
    );
  }

  /** Accounts made without a second person that she has not acknowledged (her start page). */
  async notices(): Promise<AccountNotice[]> {
    this.c.check('account_notice.list');
    const rows = await this.unacknowledged(this.db);
    const people = await staffRefs(this.db, [...rows.map((r) => r.requested_by), ...rows.map((r) => r.user_id)]);
    const active = rows.length
      ? await this.db
          .selectFrom('users')
          .select(['id', 'active'])
          .where(
            'id',
            'in',
            rows.map((r) => r.user_id),
          )
          .execute()
      : [];
    const items = rows.flatMap((r) => {
      const account = people.get(r.user_id);
      if (!account) return [];
      return [
        {
          id: r.id,
          kind: r.kind as AccountNotice['kind'],
          at: r.requested_at,
          account: {
            id: account.id,
            username: account.username,
            name: account.name,
            role: r.role as Role,
            regions: r.regions,
            active: active.find((a) => a.id === r.user_id)?.active === 1,
          },
          by: ref(people, r.requested_by),
        },
      ];
    });
    if (items.length > 0)
      await this.c.record(
        this.c.event({
          action: 'user.list',
          resourceType: 'user',
          outcome: 'success',
          detail: { list: 'account_notices', count: items.length },
        }),
      );
    return items;
  }

  /** She has seen it: it leaves her start page (everyone else's stays until each has seen it). */
  async acknowledge(noticeId: string): Promise<void> {
    this.c.check('account_notice.list');
    await transact(this.db, async (trx) => {
      const row = (await this.unacknowledged(trx)).find((r) => r.id === noticeId);
      if (!row) {
        const seen = await trx
          .selectFrom('account_notice_acks')
          .select('request_id')
          .where('request_id', '=', noticeId)
          .where('user_id', '=', this.c.actorId())
          .executeTakeFirst();
        if (seen) return;
        throw notFound();
      }
      await trx
        .insertInto('account_notice_acks')
        .values({ request_id: noticeId, user_id: this.c.actorId(), at: this.c.now() })
        .onConflict((oc) => oc.columns(['request_id', 'user_id']).doNothing())
        .execute();
      await this.c.auditInTx(trx, {
        action: 'user.notice_acknowledge',
        resourceType: 'user',
        resourceId: row.user_id,
        outcome: 'success',
        detail: { accountRequestId: row.id, kind: row.kind },
      });
    });
  }
}
