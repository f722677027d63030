// The one scope filter: turns what the policy decides about an actor's scope (policy/index.ts: scopeFilter,
// noteScope) into the `where` clause of a query, for every kind of row that hangs off a person. Every query of
// such rows goes through `scopeWhere`; no role name or region rule is written as SQL anywhere else.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { NoteScope, ScopeFilter, ScopeKind } from '../policy/index.ts';

/** The columns (qualified by the query's aliases) the filter needs of each kind of row. */
export interface ScopeColumns {
  /** A person's rows: her id and her region (her record, follow-ups, dashboards…). */
  participant: { id: string; region: string };
  /** Her rows as someone's own slice of work: as participant. */
  caseload: { id: string; region: string };
  /** An outreach contact: its region and the worker who recorded it. */
  outreach: { region: string; worker: string };
  /** A cohort: its id and region. */
  cohort: { id: string; region: string };
  /** A session: its facilitator and its cohort's region. */
  session: { facilitator: string; region: string };
  /** A safety alert: its region. */
  alert: { region: string };
  /** A staff account, for its administrator: its id (its regions are in user_regions). */
  user: { id: string };
  /** A request that an account may read cases: its id (the regions it would give are in account_request_regions). */
  account_request: { id: string };
  /** A colleague in the staff directory: her id (her regions are in user_regions). */
  staff: { id: string };
  /** A case note: its type, author and participant. */
  note: { type: string; author: string; participant: string };
  /** A data-subject request: her region (from her record) and who opened it. */
  rights_request: { region: string; openedBy: string };
  /** An audit entry: who acted, and the kind and id of the record it names. */
  audit: { actor: string; resourceType: string; resourceId: string };
}

type Filter<K extends ScopeKind> = K extends 'note' ? NoteScope : ScopeFilter;

const NOTHING = sql<SqlBool>`1 = 0`;
const ref = (column: string) => sql.ref(column);
const inList = (column: string, values: readonly string[]) =>
  values.length === 0 ? NOTHING : sql<SqlBool>`${ref(column)} in (${sql.join([...values])})`;
/**
 * A row's region in the filter's regions. A whole province (SQLite): the same test behind a unary plus, which keeps
 * it from SQLite's index choice. SQLite plans without statistics and would read a province's every row through the
 * region index (a multi-index OR) before applying a selective term such as a code prefix; in a single-province
 * office the province's regions hold every row, so the region test only filters. PostgreSQL weighs it by its
 * statistics.
 */
const regionIn = (column: string, f: Extract<ScopeFilter, { kind: 'regions' }>, dialect: ScopeDialect | undefined) =>
  f.province && dialect === 'sqlite' && f.regions.length > 0
    ? sql<SqlBool>`+${ref(column)} in (${sql.join([...f.regions])})`
    : inList(column, f.regions);
/**
 * The database a condition is written for: the same rows on both, each in the form its planner can index (unsaid:
 * the plain forms, which both accept).
 */
export type ScopeDialect = 'sqlite' | 'postgres';
// "Her regions or assigned to her": PostgreSQL cannot use an index for `x in (subquery)` beside an `or` and would read
// every participant; an array of her assignments (read once, an InitPlan) lets it combine two index scans. SQLite's
// planner takes each side of the `or` to an index in the plain form.
const assignedTo = (participantId: string, userId: string, dialect: ScopeDialect | undefined) =>
  dialect === 'postgres'
    ? sql<SqlBool>`${ref(participantId)} = any(array(select participant_id from participant_assignments where user_id = ${userId}))`
    : sql<SqlBool>`${ref(participantId)} in (select participant_id from participant_assignments where user_id = ${userId})`;
const or = (...parts: Expression<SqlBool>[]) =>
  parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;

/** The condition for rows of `kind` within `filter`; null when every row is in scope. */
export function scopeCondition<K extends ScopeKind>(
  filter: Filter<K>,
  kind: K,
  cols: ScopeColumns[K],
  dialect?: ScopeDialect,
): Expression<SqlBool> | null {
  if (kind === 'note') {
    const f = filter as NoteScope;
    if (f.kind === 'all') return null;
    const c = cols as ScopeColumns['note'];
    return or(
      sql<SqlBool>`${ref(c.type)} <> 'PSYCHOLOGICAL'`,
      sql<SqlBool>`${ref(c.author)} = ${f.userId}`,
      ...(f.orAssignedPsychologist ? [assignedTo(c.participant, f.userId, dialect)] : []),
    );
  }
  const f = filter as ScopeFilter;
  if (f.kind === 'all') return null;
  if (f.kind === 'none') return NOTHING;
  switch (kind) {
    case 'participant':
    case 'caseload': {
      const c = cols as ScopeColumns['participant'];
      if (f.kind === 'assigned') return assignedTo(c.id, f.userId, dialect);
      return or(regionIn(c.region, f, dialect), ...(f.orAssignedTo ? [assignedTo(c.id, f.orAssignedTo, dialect)] : []));
    }
    case 'outreach': {
      const c = cols as ScopeColumns['outreach'];
      if (f.kind === 'assigned') return sql<SqlBool>`${ref(c.worker)} = ${f.userId}`;
      return or(
        regionIn(c.region, f, dialect),
        ...(f.orAssignedTo ? [sql<SqlBool>`${ref(c.worker)} = ${f.orAssignedTo}`] : []),
      );
    }
    case 'cohort': {
      const c = cols as ScopeColumns['cohort'];
      if (f.kind === 'assigned')
        return sql<SqlBool>`${ref(c.id)} in (select cohort_id from sessions_schedule where facilitator_id = ${f.userId})`;
      return regionIn(c.region, f, dialect);
    }
    case 'session': {
      const c = cols as ScopeColumns['session'];
      if (f.kind === 'assigned') return sql<SqlBool>`${ref(c.facilitator)} = ${f.userId}`;
      return regionIn(c.region, f, dialect);
    }
    case 'alert': {
      const c = cols as ScopeColumns['alert'];
      return f.kind === 'regions' ? regionIn(c.region, f, dialect) : NOTHING;
    }
    case 'staff': {
      const c = cols as ScopeColumns['staff'];
      if (f.kind !== 'regions' || f.regions.length === 0) return NOTHING;
      return sql<SqlBool>`${ref(c.id)} in (select user_id from user_regions where region_code in (${sql.join([...f.regions])}))`;
    }
    case 'user': {
      const c = cols as ScopeColumns['user'];
      if (f.kind !== 'regions' || f.regions.length === 0) return NOTHING;
      // Only accounts whose every region lies within the asker's own.
      return sql<SqlBool>`not exists (select 1 from user_regions ur where ur.user_id = ${ref(c.id)} and ur.region_code not in (${sql.join([...f.regions])}))`;
    }
    case 'account_request': {
      const c = cols as ScopeColumns['account_request'];
      if (f.kind !== 'regions' || f.regions.length === 0) return NOTHING;
      // Only requests whose every region lies within the asker's own.
      return sql<SqlBool>`not exists (select 1 from account_request_regions arr where arr.request_id = ${ref(c.id)} and arr.region_code not in (${sql.join([...f.regions])}))`;
    }
    case 'rights_request': {
      const c = cols as ScopeColumns['rights_request'];
      if (f.kind === 'assigned') return sql<SqlBool>`${ref(c.openedBy)} = ${f.userId}`;
      return or(
        regionIn(c.region, f, dialect),
        ...(f.orAssignedTo ? [sql<SqlBool>`${ref(c.openedBy)} = ${f.orAssignedTo}`] : []),
      );
    }
    case 'audit': {
      const c = cols as ScopeColumns['audit'];
      if (f.kind !== 'regions' || f.regions.length === 0) return NOTHING;
      const regions = sql.join([...f.regions]);
      // An account of her regions: one with regions, all of them within hers (as for 'user'). System work and
      // sign-in attempts without an account belong to no region: only a province-wide reader sees them (those that
      // name no account or participant; one that names them is her province's when they are).
      const within = (id: Expression<unknown>) =>
        sql<SqlBool>`(${id} in (select ur.user_id from user_regions ur where ur.region_code in (${regions})) and ${id} not in (select ur.user_id from user_regions ur where ur.region_code not in (${regions})))`;
      return or(
        within(ref(c.actor)),
        sql<SqlBool>`(${ref(c.resourceType)} = 'user' and ${within(ref(c.resourceId))})`,
        sql<SqlBool>`(${ref(c.resourceType)} = 'participant' and ${ref(c.resourceId)} in (select p.id from participants p where p.region_code in (${regions})))`,
        // A province-wide reader also sees the server's own work that names no account or participant.
        ...(f.province
          ? [sql<SqlBool>`(${ref(c.actor)} is null and ${ref(c.resourceType)} not in ('user', 'participant'))`]
          : []),
      );
    }
  }
  return NOTHING;
}

/** Adds the scope condition for rows of `kind` to a query (anything with `where(expression)`). */
export function scopeWhere<K extends ScopeKind, Q extends { where(e: Expression<SqlBool>): Q }>(
  kind: K,
  q: Q,
  cols: ScopeColumns[K],
  filter: Filter<K>,
  dialect?: ScopeDialect,
): Q {
  const condition = scopeCondition(filter, kind, cols, dialect);
  return condition ? q.where(condition) : q;
}
