// What an account approves: the kinds of decision the office's setting gives her role, and those of an approver
// she acts for (Plh./Plt.) during the delegation's period. Read with her session, whenever the session is read
// fresh (a change to the setting or to a delegation is signalled like a change to her account: decision 013),
// and narrowed to the day at every request, so a delegation starts and ends on its dates.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { APPROVAL_KINDS, type ApprovalKind } from '../../shared/approvals.ts';
import type { Approval } from '../policy/index.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A kind she approves; with a delegation, only between its first and last day (office dates, inclusive). */
export interface ApprovalGrant {
  kind: ApprovalKind;
  delegationId: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

const isKind = (k: string): k is ApprovalKind => (APPROVAL_KINDS as readonly string[]).includes(k);

export async function approvalGrantsOf(db: Executor, userId: string, role: string): Promise<ApprovalGrant[]> {
  const settings = await db.selectFrom('approval_settings').select(['kind', 'role']).execute();
  const kindsOf = (r: string) =>
    settings.filter((s) => s.role === r && isKind(s.kind)).map((s) => s.kind as ApprovalKind);
  const grants: ApprovalGrant[] = kindsOf(role).map((kind) => ({
    kind,
    delegationId: null,
    startsOn: null,
    endsOn: null,
  }));
  // She acts for an approver only while that approver's account is active and the delegation is not revoked.
  const acting = await db
    .selectFrom('delegations as d')
    .innerJoin('users as u', 'u.id', 'd.delegator_id')
    .select(['d.id', 'd.starts_on', 'd.ends_on', 'u.role'])
    .where('d.delegate_id', '=', userId)
    .where('d.revoked_at', 'is', null)
    .where('u.active', '=', 1)
    .execute();
  for (const d of acting)
    for (const kind of kindsOf(d.role))
      grants.push({ kind, delegationId: d.id, startsOn: d.starts_on, endsOn: d.ends_on });
  return grants;
}

/** The grants that hold on an office day. */
export function approvalsOn(grants: readonly ApprovalGrant[] | undefined, today: string): Approval[] {
  return (grants ?? [])
    .filter((g) => g.startsOn === null || (g.startsOn <= today && today <= (g.endsOn ?? today)))
    .map((g) => ({ kind: g.kind, delegationId: g.delegationId }));
}

/** How a decision taken under a delegation is shown: "Plh." for whom, and by which letter; null for her own role. */
export async function actingAsOf(
  db: Executor,
  delegationId: string | null,
): Promise<{ type: 'PLH' | 'PLT'; forName: string; letterNumber: string } | null> {
  if (!delegationId) return null;
  const d = await db
    .selectFrom('delegations as d')
    .innerJoin('users as u', 'u.id', 'd.delegator_id')
    .select(['d.type', 'd.letter_number', 'u.name', 'u.username'])
    .where('d.id', '=', delegationId)
    .executeTakeFirst();
  if (!d) return null;
  return { type: d.type as 'PLH' | 'PLT', forName: d.name ?? d.username, letterNumber: d.letter_number };
}
