// @vitest-environment happy-dom
// The data layer in a DOM, with the network answered by a scripted fetch (the server's own behaviour is tested
// against real databases elsewhere): a versioned save sends If-Match and an Idempotency-Key, and on 412 opens the
// conflict dialog with the other person's fields beside hers — re-applying sends only her fields on the new
// version, reloading sends nothing; queries retry network failures only; a change marks its resource stale.
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/web/data/client.ts';
import { ConflictProvider, diffVersions, useVersionedMutation } from '../../src/web/data/conflict.tsx';
import { apiKey, invalidateResources, makeQueryClient, resourceOf, useApi } from '../../src/web/data/query.ts';
import { setLanguage } from '../../src/web/i18n/index.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await setLanguage('id');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ID = '7f3c2a10-0000-4000-8000-000000000001';

/** A partner organisation as the server presents it, at a version. */
function partner(version: number, over: Record<string, unknown> = {}) {
  return {
    id: ID,
    name: 'Yayasan Sehati',
    kind: 'LKS_LSM',
    sharingPurpose: 'SHARING_NGO',
    regionCode: '6372',
    address: 'Jl. A. Yani',
    contacts: [],
    active: true,
    version,
    ...over,
  };
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** fetch answered in order by `answers`; every request is recorded. */
function scriptFetch(answers: (() => Response)[]): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      sent.push({
        method: init.method ?? 'GET',
        url,
        headers: Object.fromEntries(Object.entries(init.headers ?? {})),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      const next = answers.shift();
      if (!next) throw new Error(`unexpected ${init.method} ${url}`);
      return next();
    }),
  );
  return sent;
}
const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function EditPartner({ onOutcome }: { onOutcome(o: string): void }) {
  const [base] = useState(partner(1));
  const update = useVersionedMutation('PATCH /api/partners/:id', {
    labelOf: (f) => ({ name: 'Nama', address: 'Alamat' })[f] ?? f,
  });
  return (
    <button
      type="button"
      onClick={async () => {
        const result = await update.save({
          call: { params: { id: ID }, body: { address: 'Jl. Veteran 5' } },
          base,
          record: { key: 'GET /api/partners/:id', args: { params: { id: ID } } },
        });
        onOutcome(result.outcome);
      }}
    >
      save
    </button>
  );
}

function renderWithData(node: React.ReactNode) {
  const client = makeQueryClient();
  render(
    <QueryClientProvider client={client}>
      <ConflictProvider>{node}</ConflictProvider>
    </QueryClientProvider>,
  );
  return client;
}

describe('the versioned save', () => {
  it('on 412 shows both versions and re-applies only her field on the new version', async () => {
    const sent = scriptFetch([
      json(412, { error: { code: 'stale_version', message: 'Changed meanwhile' } }),
      json(200, partner(2, { name: 'Yayasan Sehati Banjarbaru' })),
      json(200, partner(3, { name: 'Yayasan Sehati Banjarbaru', address: 'Jl. Veteran 5' })),
    ]);
    const outcomes: string[] = [];
    renderWithData(<EditPartner onOutcome={(o) => outcomes.push(o)} />);
    fireEvent.click(screen.getByText('save'));
    // The file's first save also loads the replies' schemas (parsed in tests): more than the default second when
    // the machine is busy.
    const dialog = await screen.findByRole('dialog', {}, { timeout: 5000 });
    expect(dialog.getAttribute('aria-labelledby')).toBe('conflict-title');
    expect(screen.getByText('Data ini diubah orang lain')).toBeTruthy();
    // Her field, theirs unchanged there: what it is now beside what she typed.
    const addressRow = dialog.querySelector('tr[data-field="address"]');
    expect(addressRow?.textContent).toContain('Jl. A. Yani');
    expect(addressRow?.textContent).toContain('Jl. Veteran 5');
    fireEvent.click(screen.getByText('Terapkan perubahan saya'));
    await waitFor(() => expect(outcomes).toEqual(['saved']));
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      `PATCH /api/partners/${ID}`,
      `GET /api/partners/${ID}`,
      `PATCH /api/partners/${ID}`,
    ]);
    expect(sent[0]?.headers['If-Match']).toBe('"1"');
    expect(sent[2]?.headers['If-Match']).toBe('"2"');
    expect(sent[2]?.body).toEqual({ address: 'Jl. Veteran 5' });
    // Each submission has its own key, so the retry on the new version is not taken for the first one.
    expect(sent[0]?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[2]?.headers['Idempotency-Key']).not.toBe(sent[0]?.headers['Idempotency-Key']);
  });

  it('on 412, choosing the latest version sends nothing more', async () => {
    const sent = scriptFetch([
      json(412, { error: { code: 'stale_version', message: 'Changed meanwhile' } }),
      json(200, partner(2, { address: 'Jl. Sudirman 1' })),
    ]);
    const outcomes: string[] = [];
    renderWithData(<EditPartner onOutcome={(o) => outcomes.push(o)} />);
    fireEvent.click(screen.getByText('save'));
    const dialog = await screen.findByRole('dialog');
    const addressRow = dialog.querySelector('tr[data-field="address"]');
    // Both changed the address: theirs, hers, and the warning that hers would replace theirs.
    expect(addressRow?.textContent).toContain('Jl. Sudirman 1');
    expect(addressRow?.textContent).toContain('diubah oleh Anda berdua');
    fireEvent.click(screen.getByText('Muat versi terbaru'));
    await waitFor(() => expect(outcomes).toEqual(['reloaded']));
    expect(sent).toHaveLength(2);
  });
});

describe('diffVersions', () => {
  it('names what each side changed, and only her changed fields are re-applied', () => {
    const base = { a: 1, b: 'x', c: null, version: 1 };
    const current = { a: 2, b: 'x', c: null, version: 2 };
    const mine = { b: 'y', c: '' };
    const { changes, mineChanged } = diffVersions(base, current, mine);
    expect(mineChanged).toEqual({ b: 'y' });
    expect(changes.map((c) => [c.field, c.changedByMe, c.changedByThem])).toEqual([['b', true, false]]);
    const all = diffVersions(base, current, mine, (f) => f, true);
    expect(all.changes.map((c) => c.field).sort()).toEqual(['a', 'b']);
  });
});

function Partners() {
  const q = useApi('GET /api/partners', {});
  if (q.error) return <p>error {q.error.code}</p>;
  return <p>{q.data ? `rows ${q.data.items.length}` : 'loading'}</p>;
}

describe('queries', () => {
  it('retry a network failure, and show the answer', async () => {
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        calls++;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return json(200, { items: [], total: 0 })();
      }),
    );
    renderWithData(<Partners />);
    await screen.findByText('rows 0', undefined, { timeout: 4000 });
    expect(calls).toBe(2);
  });

  it('do not retry a refusal', async () => {
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        calls++;
        return json(403, { error: { code: 'forbidden', message: 'No' } })();
      }),
    );
    renderWithData(<Partners />);
    await screen.findByText('error forbidden');
    expect(calls).toBe(1);
  });

  it('a change marks stale every query under its resource and the collection lists, nothing else', async () => {
    const client = makeQueryClient();
    const keys = [
      apiKey('GET /api/partners', {}),
      apiKey('GET /api/partners/:id', { params: { id: ID } }),
      apiKey('GET /api/cohorts', {}),
    ];
    for (const k of keys) client.setQueryData(k, { items: [] });
    await act(() => invalidateResources(client, [resourceOf(`/api/partners/${ID}/anything`)], false));
    expect(keys.map((k) => client.getQueryState(k)?.isInvalidated)).toEqual([true, true, false]);
    expect(resourceOf(`/api/participants/${ID}/notes/abc`)).toBe(`/api/participants/${ID}`);
    expect(resourceOf('/api/participants?x=1')).toBe('/api/participants');
  });

  it('a reply that does not match its shared schema fails in tests, not on a screen', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(200, { items: 'not a list' })()),
    );
    renderWithData(<Partners />);
    await screen.findByText('error unexpected_response');
    expect(ApiError).toBeDefined();
  });
});
