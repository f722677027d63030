// @vitest-environment happy-dom
// The list table in a DOM: a server-sorted list toggles aria-sort and reads the new order (kept in the address),
// pages through the server's total keeping the last rows while the next page is read, hides columns the user
// chooses (remembered per list, ids only), says when there is nothing, sorts a short list by itself; the address
// parameters take their defaults when missing or invalid.
import { keepPreviousData, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { type Column, DataTable } from '../../src/web/components/DataTable.tsx';
import { codeParam, pageParam, readUrlState, useUrlState, writeUrlState } from '../../src/web/data/url-state.ts';
import { setLanguage } from '../../src/web/i18n/index.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await setLanguage('id');
});
beforeEach(() => {
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

interface Row {
  id: string;
  code: string;
  region: string;
  registeredOn: string;
}
const ROWS: Row[] = Array.from({ length: 45 }, (_, i) => ({
  id: `r${i}`,
  code: `BRD-6372-26-${String(i + 1).padStart(4, '0')}`,
  region: i % 2 ? 'Banjarbaru' : 'Banjarmasin',
  registeredOn: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
}));

const COLUMNS: Column<Row>[] = [
  { id: 'code', header: 'Kode', rowHeader: true, sort: (r) => r.code, cell: (r) => r.code },
  { id: 'region', header: 'Wilayah', hideable: true, cell: (r) => r.region },
  {
    id: 'registeredOn',
    header: 'Terdaftar',
    hideable: true,
    sort: (r) => r.registeredOn,
    descFirst: true,
    cell: (r) => r.registeredOn,
  },
];

const SHAPE = {
  sort: codeParam(['code', '-code', 'registeredOn', '-registeredOn'], 'code'),
  page: pageParam(),
};

type Fetch = (q: { sort: string; page: number }) => Promise<{ items: Row[]; total: number }>;

/** A list screen as the app writes one: its order and page in the address, read from a "server". */
function ServerList({ fetchPage }: { fetchPage: Fetch }) {
  const [url, setUrl] = useUrlState(SHAPE);
  const { data, isPending, isFetching, isPlaceholderData } = useQuery({
    queryKey: ['list', url.sort, url.page],
    queryFn: () => fetchPage({ sort: url.sort, page: url.page }),
    placeholderData: keepPreviousData,
  });
  return (
    <DataTable
      id="test-list"
      caption="Peserta"
      mode="server"
      columns={COLUMNS}
      rows={data?.items}
      rowKey={(r) => r.id}
      loading={isPending}
      refreshing={isFetching && isPlaceholderData}
      sort={url.sort}
      onSort={(sort) => setUrl({ sort: sort as typeof url.sort, page: 1 })}
      paging={{ page: url.page, pageSize: 20, total: data?.total ?? 0, onPage: (page) => setUrl({ page }) }}
      columnChooser
      empty={<p>Tidak ada peserta.</p>}
    />
  );
}

/** What the server does: sorts by the whitelisted column and cuts the page. */
const serverOf = (rows: Row[]) =>
  vi.fn<Fetch>(async ({ sort, page }) => {
    const desc = sort.startsWith('-');
    const key = (desc ? sort.slice(1) : sort) as 'code' | 'registeredOn';
    const sorted = [...rows].sort(
      (a, b) => a[key].localeCompare(b[key]) * (desc ? -1 : 1) || a.code.localeCompare(b.code),
    );
    return { items: sorted.slice((page - 1) * 20, page * 20), total: rows.length };
  });

function mount(fetchPage: Fetch, path = '/participants') {
  const loc = memoryLocation({ path, record: true });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={client}>
      <Router hook={loc.hook} searchHook={loc.searchHook}>
        <ServerList fetchPage={fetchPage} />
      </Router>
    </QueryClientProvider>,
  );
  return { ...view, loc };
}

const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(name) });
const codes = () => screen.getAllByRole('rowheader').map((th) => th.textContent);

describe('DataTable, sorted and paged by the server', () => {
  it('is a table with a caption, column headers and row headers; the sortable headers say their order', async () => {
    mount(serverOf(ROWS));
    const table = await screen.findByRole('table', { name: 'Peserta' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.getAttribute('scope')),
    ).toEqual(['col', 'col', 'col']);
    expect(header('Kode').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Terdaftar').getAttribute('aria-sort')).toBe('none');
    // Not sortable: no aria-sort, no button.
    expect(header('Wilayah').hasAttribute('aria-sort')).toBe(false);
    expect(within(header('Wilayah')).queryByRole('button')).toBeNull();
    expect(screen.getAllByRole('rowheader')[0]?.getAttribute('scope')).toBe('row');
    // Each cell carries its label for the card layout.
    expect(within(table).getAllByRole('cell')[0]?.getAttribute('data-label')).toBe('Wilayah');
  });

  it('toggles aria-sort and asks the server for the new order, kept in the address', async () => {
    const fetchPage = serverOf(ROWS);
    const { loc } = mount(fetchPage);
    await screen.findByRole('table');
    fireEvent.click(within(header('Kode')).getByRole('button'));
    await waitFor(() => expect(header('Kode').getAttribute('aria-sort')).toBe('descending'));
    expect(fetchPage).toHaveBeenLastCalledWith({ sort: '-code', page: 1 });
    expect(loc.history?.at(-1)).toBe('/participants?sort=-code');
    await waitFor(() => expect(codes()[0]).toBe('BRD-6372-26-0045'));

    // Another column: its first direction (newest first for a date), the previous one back to "none".
    fireEvent.click(within(header('Terdaftar')).getByRole('button'));
    await waitFor(() => expect(header('Terdaftar').getAttribute('aria-sort')).toBe('descending'));
    expect(header('Kode').getAttribute('aria-sort')).toBe('none');
    expect(fetchPage).toHaveBeenLastCalledWith({ sort: '-registeredOn', page: 1 });
    // Back to the default order: it leaves the address.
    fireEvent.click(within(header('Terdaftar')).getByRole('button'));
    fireEvent.change(screen.getByLabelText('Urutkan'), { target: { value: 'code' } });
    await waitFor(() => expect(header('Kode').getAttribute('aria-sort')).toBe('ascending'));
    expect(loc.history?.at(-1)).toBe('/participants');
  });

  it('reads the order and page from the address, taking the defaults for invalid ones', async () => {
    const fetchPage = serverOf(ROWS);
    mount(fetchPage, '/participants?sort=-registeredOn&page=2');
    await screen.findByRole('table');
    expect(fetchPage).toHaveBeenCalledWith({ sort: '-registeredOn', page: 2 });
    cleanup();
    const again = serverOf(ROWS);
    mount(again, '/participants?sort=nik&page=-3');
    await screen.findByRole('table');
    expect(again).toHaveBeenCalledWith({ sort: 'code', page: 1 });
  });

  it('pages through the total, keeping the last rows on screen (busy) while the next page is read', async () => {
    let release: () => void = () => {};
    const server = serverOf(ROWS);
    const fetchPage = vi.fn<Fetch>(async (q) => {
      if (q.page === 2) await new Promise<void>((r) => (release = r));
      return server(q);
    });
    const { loc, container } = mount(fetchPage);
    await screen.findByText('Halaman 1 dari 3');
    expect(screen.getByRole('button', { name: 'Sebelumnya' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Berikutnya' }));
    await waitFor(() => expect(fetchPage).toHaveBeenLastCalledWith({ sort: 'code', page: 2 }));
    // Still the first page's rows, marked busy.
    expect(codes()[0]).toBe('BRD-6372-26-0001');
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull();
    await act(async () => release());
    await waitFor(() => expect(codes()[0]).toBe('BRD-6372-26-0021'));
    expect(container.querySelector('[aria-busy="true"]')).toBeNull();
    expect(screen.getByText('Halaman 2 dari 3')).toBeTruthy();
    expect(loc.history?.at(-1)).toBe('/participants?page=2');
    // A new order starts again at the first page.
    fireEvent.click(within(header('Kode')).getByRole('button'));
    await waitFor(() => expect(fetchPage).toHaveBeenLastCalledWith({ sort: '-code', page: 1 }));
  });

  it('hides the columns the user chooses, and remembers them for this list (ids only)', async () => {
    mount(serverOf(ROWS));
    await screen.findByRole('table');
    fireEvent.click(screen.getByText('Kolom'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Wilayah' }));
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: 'Wilayah' })).toBeNull());
    expect(screen.getByText('Kolom (1 disembunyikan)')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('berdaya.columns.test-list') ?? 'null')).toEqual(['region']);
    // The row header cannot be hidden.
    expect(screen.queryByRole('checkbox', { name: 'Kode' })).toBeNull();
    cleanup();
    mount(serverOf(ROWS));
    await screen.findByRole('table');
    expect(screen.queryByRole('columnheader', { name: 'Wilayah' })).toBeNull();
    expect(header('Terdaftar')).toBeTruthy();
  });

  it('says when there is nothing, and shows the loading line before anything came', async () => {
    let release: () => void = () => {};
    const fetchPage = vi.fn<Fetch>(async () => {
      await new Promise<void>((r) => (release = r));
      return { items: [], total: 0 };
    });
    mount(fetchPage);
    expect(screen.getByRole('status').textContent).toMatch(/Memuat/);
    await act(async () => release());
    await screen.findByText('Tidak ada peserta.');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});

/** A short list that arrives whole: the table orders it, the order still in the address. */
function ClientList({ rows }: { rows: Row[] }) {
  const [url, setUrl] = useUrlState(SHAPE);
  return (
    <DataTable
      id="short"
      caption="Daftar"
      mode="client"
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => r.id}
      sort={url.sort}
      onSort={(s) => setUrl({ sort: s as typeof url.sort })}
      empty="—"
    />
  );
}
describe('DataTable, a short list sorted by itself', () => {
  it('orders the rows it was given by the chosen column', async () => {
    const rows = ROWS.slice(0, 5);
    const loc = memoryLocation({ path: '/short?sort=-code' });
    render(
      <Router hook={loc.hook} searchHook={loc.searchHook}>
        <ClientList rows={rows} />
      </Router>,
    );
    expect(codes()).toEqual(rows.map((r) => r.code).reverse());
    fireEvent.click(within(header('Kode')).getByRole('button'));
    await waitFor(() => expect(codes()).toEqual(rows.map((r) => r.code)));
  });
});

describe('url state', () => {
  it('reads each parameter by its schema, defaults for the missing and the invalid, and writes only changes', () => {
    expect(readUrlState(SHAPE, 'sort=-code&page=4')).toEqual({ sort: '-code', page: 4 });
    expect(readUrlState(SHAPE, 'sort=drop&page=x')).toEqual({ sort: 'code', page: 1 });
    expect(readUrlState(SHAPE, '')).toEqual({ sort: 'code', page: 1 });
    expect(writeUrlState(SHAPE, 'stage=PELATIHAN&page=3', { page: 1 })).toBe('stage=PELATIHAN');
    expect(writeUrlState(SHAPE, '', { sort: '-registeredOn', page: 2 })).toBe('sort=-registeredOn&page=2');
  });
});
