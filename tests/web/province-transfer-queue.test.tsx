// @vitest-environment happy-dom
// The head of section's list of transfers between provinces, in a DOM over a scripted fetch (the server's side is
// tested against real databases in tests/province-transfers.test.ts): the receiving side reads her code, category
// and regions and may accept or decline; the sending side, whose ask was its acceptance, may only withdraw.
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeQueryClient } from '../../src/web/data/query.ts';
import { loadAreas, setLanguage } from '../../src/web/i18n/index.ts';
import { ProvinceTransferQueue } from '../../src/web/routes/participant/ProvinceTransferQueue.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await setLanguage('id');
  await loadAreas(['casework']);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const item = (over: Record<string, unknown>) => ({
  id: 't1',
  side: 'to',
  code: 'BRD-6372-26-0007',
  category: 'PEREMPUAN_RENTAN',
  stage: 'PENERIMAAN',
  participantId: null,
  fromRegion: '6372',
  toRegion: '6471',
  requestedBy: 'Bu Kasi Banjarbaru',
  reason: 'Pindah ke Balikpapan bersama keluarganya',
  requestedAt: '2026-03-02T01:00:00.000Z',
  fromAccepted: true,
  toAccepted: false,
  version: 1,
  ...over,
});

function serve(items: unknown[]) {
  const sent: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      sent.push({
        method: init.method ?? 'GET',
        url,
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      const body = url.includes('/answer') ? { id: 't1', status: 'ACCEPTED', toRegion: '6471' } : { items };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  return sent;
}

const show = () =>
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ProvinceTransferQueue />
    </QueryClientProvider>,
  );

describe('transfers between provinces on the home page', () => {
  it('the receiving side accepts by her code, and is told to assign her staff', async () => {
    const sent = serve([item({})]);
    show();
    await screen.findByRole('button', { name: 'Terima kasus BRD-6372-26-0007' });
    expect(screen.getByText('Pindah ke Balikpapan bersama keluarganya')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Terima kasus BRD-6372-26-0007' }));
    await screen.findByText('Kasus BRD-6372-26-0007 kini milik provinsi Anda. Tugaskan petugasnya.');
    expect(sent.find((s) => s.method === 'POST')).toMatchObject({
      url: '/api/province-transfers/t1/answer',
      body: { accept: true },
    });
  });

  it('the sending side, having accepted by asking, may only withdraw', async () => {
    serve([item({ side: 'from', participantId: 'p1' })]);
    show();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Batalkan pemindahan kasus BRD-6372-26-0007' })).toBeTruthy(),
    );
    expect(screen.queryByRole('button', { name: /Terima kasus/ })).toBeNull();
  });
});
