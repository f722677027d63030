// The web client's contract is what the server serves: regenerated from the routes the server registers, it
// must equal the committed src/web/data/contract.gen.ts, and every route's schemas must be shared ones.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectContract, renderContract } from '../scripts/contract-lib.ts';

describe('the client contract', () => {
  it('is current with the server’s routes, every schema named in src/shared', async () => {
    const { text, unnamed } = renderContract(await collectContract());
    expect(unnamed).toEqual([]);
    const committed = fs.readFileSync(new URL('../src/web/data/contract.gen.ts', import.meta.url), 'utf8');
    // Regenerate with `npx tsx scripts/contract.ts` when a route changes.
    expect(committed).toBe(text);
  });

  it('names each route once, with its path parameters', async () => {
    const { routes } = await collectContract();
    const keys = routes.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    const notes = routes.find((r) => r.key === 'GET /api/participants/:id/notes');
    expect(notes).toMatchObject({ params: ['id'], replyKind: 'json' });
    expect(notes?.reply).toMatch(/^participants-api#/);
  });
});
