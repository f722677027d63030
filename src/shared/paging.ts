// The page and order parameters every paged list takes (decision 039): a whitelisted sort — a column id,
// descending with a leading minus — and page/pageSize read from the query string's text. A route spreads
// `pageParams(...)` into its own `.object({...}).strict()` query schema, kept as its own exported const here in
// src/shared so the contract generator sees it.
import { z } from 'zod';

/** Each column either way: `['a', '-a', 'b', '-b', …]`, as a tuple `z.enum` takes. */
export function sortsOf<const C extends readonly string[]>(
  columns: C,
): readonly [C[number] | `-${C[number]}`, ...(C[number] | `-${C[number]}`)[]] {
  if (columns.length === 0) throw new Error('sortsOf: a list needs at least one sortable column');
  return columns.flatMap((c) => [c, `-${c}`]) as unknown as readonly [
    C[number] | `-${C[number]}`,
    ...(C[number] | `-${C[number]}`)[],
  ];
}

/**
 * The zod shape of a paged list's sort, page and pageSize (50 a page unless the list says otherwise, at most 200;
 * page at most 1000). A list that pickers read without paging defaults to a larger page so they still get it whole.
 */
export function pageParams<const S extends readonly [string, ...string[]]>(
  sorts: S,
  defaultSort: S[number],
  defaultPageSize = 50,
) {
  return {
    sort: z.enum(sorts).default(defaultSort as z.output<z.ZodEnum<z.core.util.ToEnum<S[number]>>>),
    // Numbers in the query string: typed as numbers for callers, read from text.
    page: z.coerce.number<number | string>().int().min(1).max(1000).default(1),
    pageSize: z.coerce.number<number | string>().int().min(1).max(200).default(defaultPageSize),
  };
}
