// Who approves what in this office, and who acts for an approver while she is away (Plh./Plt.). Both are read
// with every session (kernel/approvals.ts); each write is signalled like a change to an account (AuthChanges),
// so what someone may approve changes at her next request, on every instance.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RepoCore } from '../../kernel/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { nextVersion, transact } from '../../db/write.ts';
import { page, type SortColumn } from '../../db/paging.ts';
import {
  actsOnDelegationOf,
  isDelegable,
  recordsDelegationsForOthers,
  regionsWithinScope,
} from '../../policy/index.ts';
import {
  APPROVAL_KINDS,
  type ApprovalKind,
  type ApproverRole,
  type Delegation,
  type DelegationSort,
} from '../../../shared/approvals.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export class ApprovalStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  /** The office's setting: which role approves each kind of decision. Not personal data; every account may read it. */
  async settings(exec: Executor = this.db) {
    const rows = await exec.selectFrom('approval_settings').select(['kind', 'role', 'version']).execute();
    return APPROVAL_KINDS.flatMap((kind) => {
      const r = rows.find((x) => x.kind === kind);
      return r ? [{ kind, role: r.role as ApproverRole, version: r.version }] : [];
    });
  }

  /** One kind's setting with its version (what a change sends as If-Match); read as the list is, by anyone. */
  async setting(kind: ApprovalKind) {
    const found = (await this.settings()).find((x) => x.kind === kind);
    if (!found) throw notFound();
    return found;
  }

  async setApprover(kind: ApprovalKind, role: ApproverRole, expectedVersion: number) {
    this.c.check('approval.settings');
    await transact(this.db, async (trx) => {
      const changed = await this.c.s.db.authChanges.writing(trx, () =>
        trx
          .updateTable('approval_settings')
          .set({
            role,
            updated_by: this.c.actorId(),
            updated_at: this.c.now(),
            version: nextVersion,
          })
          .where('kind', '=', kind)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      );
      if (Number(changed.numUpdatedRows) !== 1) {
        const now = await trx
          .selectFrom('approval_settings')
          .select('version')
          .where('kind', '=', kind)
          .executeTakeFirst();
        if (!now) throw notFound();
        throw new AppError('stale_version', 412, 'This setting was changed meanwhile', { currentVersion: now.version });
      }
      await this.c.auditInTx(trx, {
        action: 'approval.setting',
        resourceType: 'approval_setting',
        resourceId: kind,
        outcome: 'success',
        detail: { role },
      });
    });
    return (await this.settings()).find((x) => x.kind === kind)!;
  }

  private async present(exec: Executor, ids: string[]): Promise<Delegation[]> {
    if (ids.length === 0) return [];
    const rows = await exec
      .selectFrom('delegations as d')
      .innerJoin('users as a', 'a.id', 'd.delegator_id')
      .innerJoin('users as b', 'b.id', 'd.delegate_id')
      .innerJoin('users as c', 'c.id', 'd.created_by')
      .selectAll('d')
      .select(['a.name as a_name', 'a.username as a_username', 'a.role as a_role'])
      .select(['b.name as b_name', 'b.username as b_username', 'b.role as b_role'])
      .select(['c.name as c_name', 'c.username as c_username'])
      .where('d.id', 'in', ids)
      .execute();
    const settings = await this.settings(exec);
    // In the order of `ids` (the page's order).
    const at = new Map(ids.map((id, i) => [id, i]));
    rows.sort((x, y) => at.get(x.id)! - at.get(y.id)!);
    return rows.map((d) => ({
      id: d.id,
      delegator: { id: d.delegator_id, name: d.a_name ?? d.a_username, role: d.a_role },
      delegate: { id: d.delegate_id, name: d.b_name ?? d.b_username, role: d.b_role },
      type: d.type as 'PLH' | 'PLT',
      startsOn: d.starts_on,
      endsOn: d.ends_on,
      letterNumber: d.letter_number,
      kinds: settings.filter((x) => x.role === d.a_role).map((x) => x.kind),
      createdBy: d.c_name ?? d.c_username,
      createdAt: d.created_at,
      revokedAt: d.revoked_at,
    }));
  }

  /**
   * The administrator sees every delegation in her regions (between two accounts whose regions lie within hers);
   * anyone else those she gives or holds. One page in the order asked, with how many there are in all.
   */
  async delegations(filter: { sort: DelegationSort; page: number; pageSize: number }) {
    const actor = this.c.actor;
    let q = this.db.selectFrom('delegations').select('delegations.id');
    if (actor && this.c.allowed('delegation.manage') && recordsDelegationsForOthers(actor)) {
      // Her scope is decided by the policy (regionsWithinScope) on each account named in a delegation; the
      // accounts within it bound the query, so that it counts, orders and pages the rows itself.
      const named = await this.db
        .selectFrom('user_regions')
        .select(['user_id', 'region_code'])
        .where((eb) =>
          eb.or([
            eb('user_id', 'in', eb.selectFrom('delegations').select('delegator_id')),
            eb('user_id', 'in', eb.selectFrom('delegations').select('delegate_id')),
          ]),
        )
        .execute();
      const regions = new Map<string, string[]>();
      for (const r of named) regions.set(r.user_id, [...(regions.get(r.user_id) ?? []), r.region_code]);
      const within = [...regions].filter(([, codes]) => regionsWithinScope(actor, codes)).map(([id]) => id);
      q =
        within.length === 0
          ? q.where(sql<boolean>`1 = 0`)
          : q.where('delegator_id', 'in', within).where('delegate_id', 'in', within);
    } else if (actor) {
      q = q.where((eb) => eb.or([eb('delegator_id', '=', actor.id), eb('delegate_id', '=', actor.id)]));
    }
    const { rows, total } = await page(q, {
      ...filter,
      columns: this.delegationSortColumns(),
      tieBreak: 'delegations.id',
    });
    return {
      items: await this.present(
        this.db,
        rows.map((r) => r.id),
      ),
      total,
    };
  }

  /** The sortable columns; the status as the screen words it on the office's day (in force, upcoming, ended, revoked). */
  private delegationSortColumns(): Record<string, SortColumn> {
    const today = this.c.today();
    return {
      startsOn: 'delegations.starts_on',
      endsOn: 'delegations.ends_on',
      type: 'delegations.type',
      letterNumber: sql`lower(delegations.letter_number)`,
      status: sql`case when delegations.revoked_at is not null then 3 when delegations.starts_on > ${today} then 1 when delegations.ends_on < ${today} then 2 else 0 end`,
    };
  }

  /**
   * Who may be named in a delegation: active accounts that may act for an approver (never an administrator or an
   * auditor), whose regions lie within the asker's. The approver picks her delegate from it; the administrator
   * both sides. Names and roles of colleagues only, as the staff directory gives them.
   */
  async candidates(): Promise<{ id: string; name: string; role: string }[]> {
    this.c.check('delegation.manage');
    const actor = this.c.actor!;
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'username', 'role'])
      .where('active', '=', 1)
      .orderBy('username')
      .limit(500)
      .execute();
    const regions = rows.length
      ? await this.db
          .selectFrom('user_regions')
          .select(['user_id', 'region_code'])
          .where(
            'user_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    const out = rows.filter(
      (r) =>
        isDelegable(r.role) &&
        regionsWithinScope(
          actor,
          regions.filter((x) => x.user_id === r.id).map((x) => x.region_code),
        ),
    );
    await this.c.record(
      this.c.event({ action: 'user.list', resourceType: 'staff', outcome: 'success', detail: { count: out.length } }),
    );
    return out.map((r) => ({ id: r.id, name: r.name ?? r.username, role: r.role }));
  }

  private async regionsOf(exec: Executor, userId: string) {
    return (await exec.selectFrom('user_regions').select('region_code').where('user_id', '=', userId).execute()).map(
      (r) => r.region_code,
    );
  }

  private async withinAdminScope(exec: Executor, delegationId: string) {
    const actor = this.c.actor!;
    const d = await exec
      .selectFrom('delegations')
      .select(['delegator_id', 'delegate_id'])
      .where('id', '=', delegationId)
      .executeTakeFirstOrThrow();
    return (
      regionsWithinScope(actor, await this.regionsOf(exec, d.delegator_id)) &&
      regionsWithinScope(actor, await this.regionsOf(exec, d.delegate_id))
    );
  }

  /**
   * A colleague acts for an approver for a period, by a numbered letter. The approver gives it (or the
   * administrator records it); she hands on what her role approves, never more, and never to herself, to an
   * administrator or to an auditor (who checks the decisions afterwards).
   */
  async delegate(b: {
    delegatorId: string;
    delegateId: string;
    type: 'PLH' | 'PLT';
    startsOn: string;
    endsOn: string;
    letterNumber: string;
  }) {
    this.c.check('delegation.manage');
    const actor = this.c.actor!;
    const invalid = (field: string, message: string) =>
      new AppError('delegation_invalid', 400, message, [{ field: `body.${field}`, message, code: 'invalid' }]);
    if (b.endsOn < b.startsOn) throw invalid('endsOn', 'The delegation ends before it starts');
    if (b.delegateId === b.delegatorId) throw invalid('delegateId', 'Nobody acts for herself');
    if (!actsOnDelegationOf(actor, b.delegatorId))
      throw invalid('delegatorId', 'An approver gives her own delegation; the administrator records others');
    const id = randomUUID();
    await transact(this.db, async (trx) => {
      const people = await trx
        .selectFrom('users')
        .select(['id', 'role', 'active'])
        .where('id', 'in', [b.delegatorId, b.delegateId])
        .execute();
      const from = people.find((p) => p.id === b.delegatorId);
      const to = people.find((p) => p.id === b.delegateId);
      if (!from || from.active !== 1) throw invalid('delegatorId', 'No such active account');
      if (!to || to.active !== 1) throw invalid('delegateId', 'No such active account');
      if (!(await this.settings(trx)).some((x) => x.role === from.role))
        throw invalid('delegatorId', 'Her role approves nothing in this office: there is nothing to delegate');
      if (!isDelegable(to.role)) throw invalid('delegateId', 'An administrator or an auditor does not approve');
      if (
        recordsDelegationsForOthers(actor) &&
        !(
          regionsWithinScope(actor, await this.regionsOf(trx, from.id)) &&
          regionsWithinScope(actor, await this.regionsOf(trx, to.id))
        )
      )
        throw notFound();
      await this.c.s.db.authChanges.writing(trx, () =>
        trx
          .insertInto('delegations')
          .values({
            id,
            delegator_id: b.delegatorId,
            delegate_id: b.delegateId,
            type: b.type,
            starts_on: b.startsOn,
            ends_on: b.endsOn,
            letter_number: b.letterNumber,
            created_by: actor.id,
            created_at: this.c.now(),
            revoked_at: null,
            revoked_by: null,
          })
          .execute(),
      );
      await this.c.auditInTx(trx, {
        action: 'delegation.write',
        resourceType: 'delegation',
        resourceId: id,
        outcome: 'success',
        detail: { delegatorId: b.delegatorId, delegateId: b.delegateId, type: b.type, from: b.startsOn, to: b.endsOn },
      });
    });
    return (await this.present(this.db, [id]))[0]!;
  }

  /** Ends a delegation at once (the approver is back early): once; a second revocation is told so. */
  async revoke(id: string) {
    this.c.check('delegation.manage');
    const actor = this.c.actor!;
    await transact(this.db, async (trx) => {
      const d = await trx.selectFrom('delegations').selectAll().where('id', '=', id).executeTakeFirst();
      if (!d) throw notFound();
      if (
        !actsOnDelegationOf(actor, d.delegator_id) ||
        (recordsDelegationsForOthers(actor) && !(await this.withinAdminScope(trx, id)))
      )
        throw notFound();
      const res = await this.c.s.db.authChanges.writing(trx, () =>
        trx
          .updateTable('delegations')
          .set({ revoked_at: this.c.now(), revoked_by: actor.id })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      );
      if (Number(res.numUpdatedRows) !== 1)
        throw new AppError('delegation_revoked', 409, 'This delegation was already revoked');
      await this.c.auditInTx(trx, {
        action: 'delegation.write',
        resourceType: 'delegation',
        resourceId: id,
        outcome: 'success',
        detail: { revoked: true },
      });
    });
    return (await this.present(this.db, [id]))[0]!;
  }
}
