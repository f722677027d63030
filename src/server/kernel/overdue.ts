// "A follow-up point still due whose day has passed", written as the expression of follow_ups_overdue_idx
// (migration 0046): `case when status = 'DUE' then due_date end < today`. The expression is NULL for every point
// done, missed, unreachable or cancelled, so PostgreSQL's statistics on the index's expression describe the points
// still due alone (a date column's statistics over every point ever planned put most of them in the past, and the
// counts were planned as a scan of every follow-up); SQLite uses the index when the query's expression is the
// index's own. Both databases read the same rows as `status = 'DUE' and due_date < today`.
import { sql, type Expression, type SqlBool } from 'kysely';

/** Her point `alias` is still due and its day is before `today` (an ISO date). */
export function overdueFollowUp(alias: string, today: string): Expression<SqlBool> {
  return sql<SqlBool>`(case when ${sql.ref(`${alias}.status`)} = 'DUE' then ${sql.ref(`${alias}.due_date`)} end) < ${today}`;
}
