// The one table every list uses (TanStack Table underneath). A table with a caption, column headers (scope="col"),
// a row header per row (scope="row") and sortable headers as buttons with aria-sort on wide screens; on a phone
// each row is a card of "label: value" lines (the cells' data-label, styles.css) with the order chosen in a select.
//
// Two ways of sorting and paging:
// - server ('server' mode): the endpoint sorts and pages (manualSorting/manualPagination); the screen keeps sort
//   and page in the address (useUrlState) and passes them in, with the total the server counted;
// - client ('client' mode): for short bounded lists that arrive whole; the table sorts (and pages, when given a
//   page size) the rows itself, the screen still holding sort and page so that they can live in the address.
// The sort is the server's word for it: a column id, descending with a leading minus ('code', '-registeredOn').
//
// Wide lists offer a column chooser; the columns a user hides are remembered in localStorage per list (column ids
// only, never data). While a new page or order is read the last rows stay, marked busy (the screen's query uses
// placeholderData: keepPreviousData); before any rows came, a loading line; with none, the empty text.
import {
  type ColumnDef,
  getCoreRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  /** The column's id: the sort word sent to the server, the key of its visibility. */
  id: string;
  /** Its heading, also the label of the value on a card. */
  header: string;
  cell: (row: T) => ReactNode;
  /** This column's cell is the row's header (th scope="row"): the record's name or code. */
  rowHeader?: boolean;
  /**
   * Sortable: in server mode the server accepts `id` as a sort; in client mode the rows are ordered by this value
   * (true: by the id's own field is not known, so client mode needs a function).
   */
  sort?: true | ((row: T) => string | number | null | undefined);
  /** The first click sorts descending (dates: newest first). */
  descFirst?: boolean;
  /** May be hidden with the column chooser (never the row header). */
  hideable?: boolean;
  /** Hidden until the user shows it. */
  hiddenByDefault?: boolean;
  className?: string;
}

export interface Paging {
  page: number;
  pageSize: number;
  /** Server mode: how many rows match in all. Client mode: leave out (the rows' count). */
  total?: number;
  onPage(page: number): void;
}

export interface DataTableProps<T> {
  /** A short stable name of the list: DOM ids and the key under which hidden columns are remembered. */
  id: string;
  caption: string;
  /** Shown above the table as well as read by screen readers (default: read only). */
  showCaption?: boolean;
  columns: readonly Column<T>[];
  /** The rows to show; undefined while nothing has been read yet. */
  rows: readonly T[] | undefined;
  rowKey(row: T): string;
  rowClassName?(row: T): string | undefined;
  mode: 'server' | 'client';
  /** The current sort ('code', '-registeredOn'); empty for the rows' own order. */
  sort?: string;
  onSort?(sort: string): void;
  paging?: Paging;
  /** Offer the column chooser (wide lists). */
  columnChooser?: boolean;
  /** A newer page or order is being read: the rows shown are the last ones. */
  refreshing?: boolean;
  /** Nothing read yet and no error: the loading line. */
  loading?: boolean;
  /** What to say when there are no rows. */
  empty: ReactNode;
  /** Classes of the wrapper and of the table itself (a list's own styles). */
  className?: string;
  tableClassName?: string;
}

const STORE_PREFIX = 'berdaya.columns.';

/** The hidden columns remembered for this list, kept to ids the list still has and may hide. */
function rememberedHidden<T>(id: string, columns: readonly Column<T>[]): VisibilityState | null {
  try {
    const raw = localStorage.getItem(STORE_PREFIX + id);
    if (!raw) return null;
    const hidden: unknown = JSON.parse(raw);
    if (!Array.isArray(hidden)) return null;
    const state: VisibilityState = {};
    for (const c of columns) if (c.hideable && !c.rowHeader) state[c.id] = !hidden.includes(c.id);
    return state;
  } catch {
    return null; // storage refused (private mode) or a bad value: the defaults
  }
}

function rememberHidden(id: string, visibility: VisibilityState): void {
  try {
    const hidden = Object.entries(visibility)
      .filter(([, shown]) => !shown)
      .map(([col]) => col);
    localStorage.setItem(STORE_PREFIX + id, JSON.stringify(hidden));
  } catch {
    // Not remembered: the choice still holds on this screen.
  }
}

/** '-registeredOn' → [{ id: 'registeredOn', desc: true }]. */
export function sortingOf(sort: string | undefined): SortingState {
  if (!sort) return [];
  return sort.startsWith('-') ? [{ id: sort.slice(1), desc: true }] : [{ id: sort, desc: false }];
}
export const sortWord = (id: string, desc: boolean): string => (desc ? `-${id}` : id);

/** The sort after a click on column `col`: the other direction when it is the current one, else its first. */
export function nextSort(current: string | undefined, col: Column<unknown>): string {
  const [s] = sortingOf(current);
  if (s?.id === col.id) return sortWord(col.id, !s.desc);
  return sortWord(col.id, Boolean(col.descFirst));
}

/** What a server-paged list's query tells the table (a TanStack Query result over a `{ items, total }` reply). */
interface PagedQuery {
  isPending: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  error: unknown;
  data?: { total: number } | undefined;
}

/**
 * The props of a list paged and sorted by the server, its sort and page kept in the address (useUrlState): the
 * loading line before any rows, the last rows kept while another page or order is read, a new order starting again
 * at the first page. Every server-mode list passes these, so they are written once.
 */
export function serverPaging<S extends string>(
  query: PagedQuery,
  url: { sort: S; page: number },
  setUrl: (patch: { sort?: S; page?: number }) => void,
  pageSize: number,
): Pick<DataTableProps<unknown>, 'mode' | 'loading' | 'refreshing' | 'sort' | 'onSort' | 'paging'> {
  return {
    mode: 'server',
    loading: query.isPending && !query.error,
    refreshing: query.isFetching && query.isPlaceholderData,
    sort: url.sort,
    // The table offers only the sorts of its columns, which are the route's whitelist (the server refuses others).
    onSort: (sort) => setUrl({ sort: sort as S, page: 1 }),
    paging: { page: url.page, pageSize, total: query.data?.total ?? 0, onPage: (page) => setUrl({ page }) },
  };
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const { columns, rows, mode, sort, onSort, paging } = props;
  const uid = useId();
  const [chooserOpen, setChooserOpen] = useState(false);
  const [visibility, setVisibility] = useState<VisibilityState>(() => {
    const remembered = rememberedHidden(props.id, columns);
    if (remembered) return remembered;
    const state: VisibilityState = {};
    for (const c of columns) if (c.hiddenByDefault) state[c.id] = false;
    return state;
  });

  const defs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.header,
        // Client mode orders by the column's value; server mode never sorts here.
        ...(typeof c.sort === 'function' ? { accessorFn: c.sort as (row: T) => unknown } : {}),
        enableSorting: Boolean(c.sort),
        sortUndefined: 'last' as const,
        enableHiding: Boolean(c.hideable && !c.rowHeader),
        cell: (ctx) => c.cell(ctx.row.original),
      })),
    [columns],
  );

  const sorting = useMemo(() => sortingOf(sort), [sort]);
  const client = mode === 'client';
  const table = useReactTable<T>({
    data: (rows ?? []) as T[],
    columns: defs,
    getRowId: (row) => props.rowKey(row),
    state: {
      sorting,
      columnVisibility: visibility,
      ...(paging ? { pagination: { pageIndex: paging.page - 1, pageSize: paging.pageSize } } : {}),
    },
    manualSorting: !client,
    manualPagination: !client || !paging,
    ...(paging && !client ? { rowCount: paging.total ?? 0 } : {}),
    getCoreRowModel: getCoreRowModel(),
    ...(client ? { getSortedRowModel: getSortedRowModel() } : {}),
    ...(client && paging ? { getPaginationRowModel: getPaginationRowModel() } : {}),
    onColumnVisibilityChange: (updater) => {
      setVisibility((old) => {
        const next = typeof updater === 'function' ? updater(old) : updater;
        rememberHidden(props.id, next);
        return next;
      });
    },
    enableMultiSort: false,
    autoResetPageIndex: false,
  });

  const byId = new Map(columns.map((c) => [c.id, c]));
  const sortable = columns.filter((c) => c.sort);
  const shown = table.getRowModel().rows;
  const total = paging ? (client ? (rows?.length ?? 0) : (paging.total ?? 0)) : (rows?.length ?? 0);
  const pages = paging ? Math.max(1, Math.ceil(total / paging.pageSize)) : 1;
  const [current] = sorting;

  if (rows === undefined) {
    return props.loading ? (
      <p role="status" className="loading">
        {t('app.loading')}
      </p>
    ) : null;
  }

  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const hiddenCount = hideable.filter((c) => !c.getIsVisible()).length;

  return (
    <div className={`data-table-wrap ${props.className ?? ''}`} aria-busy={props.refreshing || undefined}>
      {(props.columnChooser && hideable.length > 0) || (onSort && sortable.length > 0) ? (
        <div className="data-table-tools">
          {onSort && sortable.length > 0 ? (
            // On a phone the headers are not shown: the order is chosen here (hidden on wide screens).
            <div className="field data-table-sorter">
              <label htmlFor={`${uid}-sort`}>{t('table.sortBy')}</label>
              <select id={`${uid}-sort`} value={sort ?? ''} onChange={(e) => onSort(e.currentTarget.value)}>
                {sort ? null : <option value="">{t('table.defaultOrder')}</option>}
                {sortable.flatMap((c) => [
                  <option key={c.id} value={sortWord(c.id, false)}>
                    {t('table.ascending', { column: c.header })}
                  </option>,
                  <option key={`-${c.id}`} value={sortWord(c.id, true)}>
                    {t('table.descending', { column: c.header })}
                  </option>,
                ])}
              </select>
            </div>
          ) : null}
          {props.columnChooser && hideable.length > 0 ? (
            <details className="column-chooser" onToggle={(e) => setChooserOpen(e.currentTarget.open)}>
              <summary>{hiddenCount > 0 ? t('table.columnsHidden', { n: hiddenCount }) : t('table.columns')}</summary>
              {/* Rendered only while open: its checkboxes are labelled like the filters (Status, Wilayah). */}
              {chooserOpen ? (
                <fieldset>
                  <legend className="visually-hidden">{t('table.columnsLegend')}</legend>
                  {hideable.map((c) => (
                    <label key={c.id} className="checkbox">
                      <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />{' '}
                      {byId.get(c.id)?.header}
                    </label>
                  ))}
                </fieldset>
              ) : null}
            </details>
          ) : null}
        </div>
      ) : null}
      {shown.length === 0 ? (
        <div className="data-table-empty">{props.empty}</div>
      ) : (
        <table
          className={['data-table', onSort && sortable.length ? 'sortable' : '', props.tableClassName ?? '']
            .filter(Boolean)
            .join(' ')}
          id={`${props.id}-table`}
        >
          <caption className={props.showCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => {
                  const col = byId.get(h.column.id)!;
                  const active = current?.id === col.id ? current : undefined;
                  const ariaSort =
                    col.sort && onSort ? (active ? (active.desc ? 'descending' : 'ascending') : 'none') : undefined;
                  return (
                    <th key={h.id} scope="col" aria-sort={ariaSort} className={col.className}>
                      {col.sort && onSort ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={() => onSort(nextSort(sort, col as Column<unknown>))}
                        >
                          {col.header}
                          {/* The mark is drawn by CSS (no text of its own): aria-sort says the order to screen readers. */}
                          <span
                            aria-hidden="true"
                            className={`sort-mark ${active ? (active.desc ? 'sort-desc' : 'sort-asc') : 'sort-none'}`}
                          />
                        </button>
                      ) : (
                        col.header
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id} className={props.rowClassName?.(row.original)}>
                {row.getVisibleCells().map((cell) => {
                  const col = byId.get(cell.column.id)!;
                  const content = col.cell(row.original);
                  return col.rowHeader ? (
                    <th key={cell.id} scope="row" data-label={col.header} className={col.className}>
                      {content}
                    </th>
                  ) : (
                    <td key={cell.id} data-label={col.header} className={col.className}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paging && pages > 1 ? (
        <nav className="pager" aria-label={t('table.paging', { caption: props.caption })}>
          <button
            type="button"
            className="button button-secondary"
            disabled={paging.page <= 1}
            onClick={() => paging.onPage(paging.page - 1)}
          >
            {t('table.prev')}
          </button>
          <span>{t('table.page', { page: paging.page, pages })}</span>
          <button
            type="button"
            className="button button-secondary"
            disabled={paging.page >= pages}
            onClick={() => paging.onPage(paging.page + 1)}
          >
            {t('table.next')}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
