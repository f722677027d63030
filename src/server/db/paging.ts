// One page of a list, in a whitelisted order (decision 039). The caller's query already carries its filters and
// the scope filter; this counts what it matches in all (the same query, its select cleared), orders it by the
// column the sort names (a leading minus: descending), then by a unique column in the same direction so that
// pages never overlap or skip a row, and takes the page. A page past the end answers no rows without a query.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';

/** A sortable column: a column reference (`'name'`, `'cohorts.starts_on'`) or an expression (`sql\`lower(name)\``). */
export type SortExpr = string | RawBuilder<unknown>;
/** With `nullsLast`, rows without a value come last whichever the direction (the same on both databases). */
export type SortColumn = SortExpr | { expr: SortExpr; nullsLast: true };

export interface PageOptions {
  /** The sort as the API takes it, already whitelisted by the route's zod enum: `column` or `-column`. */
  sort: string;
  /** The sort's column id (without its minus) → what to order by. A sort not here is refused. */
  columns: Record<string, SortColumn>;
  /** A unique column (the id, the code, the username) that breaks ties. */
  tieBreak: string;
  page: number;
  pageSize: number;
}

const expr = (e: SortExpr): RawBuilder<unknown> => (typeof e === 'string' ? sql.ref(e) : e);

export async function page<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  opts: PageOptions,
): Promise<{ rows: O[]; total: number }> {
  const desc = opts.sort.startsWith('-');
  const id = desc ? opts.sort.slice(1) : opts.sort;
  // Own keys only: a sort of `constructor` or `__proto__` is not a column.
  const column = Object.hasOwn(opts.columns, id) ? opts.columns[id] : undefined;
  if (column === undefined) throw new Error(`page: sort ${JSON.stringify(opts.sort)} is not among the list's columns`);
  const counted = await q
    .clearSelect()
    .clearOrderBy()
    .select(sql<number | string | bigint>`count(*)`.as('n'))
    .executeTakeFirst();
  const total = Number((counted as { n?: number | string | bigint } | undefined)?.n ?? 0);
  const offset = (opts.page - 1) * opts.pageSize;
  if (offset >= total) return { rows: [], total };
  const direction = desc ? 'desc' : 'asc';
  let ordered = q.clearOrderBy();
  if (typeof column === 'object' && 'nullsLast' in column) {
    ordered = ordered
      .orderBy(sql`case when ${expr(column.expr)} is null then 1 else 0 end`)
      .orderBy(expr(column.expr), direction);
  } else {
    ordered = ordered.orderBy(expr(column), direction);
  }
  if (column !== opts.tieBreak) ordered = ordered.orderBy(expr(opts.tieBreak), direction);
  const rows = await ordered.limit(opts.pageSize).offset(offset).execute();
  return { rows, total };
}
