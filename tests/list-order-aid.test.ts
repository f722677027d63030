// The delegations list's order and pages on every database: a whitelisted sort (first day, last day, type, letter,
// status on the office's day), newest first by default, the id breaking ties; pages never overlap, the total
// counts every delegation she may see (the administrator's regions, else those she gives or holds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv } from './support/env.ts';

type Row = {
  id: string;
  type: string;
  startsOn: string;
  endsOn: string;
  letterNumber: string;
  revokedAt: string | null;
};
type Answer = { items: Row[]; total: number };

describe.each(DIALECTS)('delegations: order and pages on %s', (dialect) => {
  let env: TestEnv;
  let head: Client, headBjm: Client, delegate: Client, caseworker: Client;
  let admin: Client, adminBjb: Client, adminBjm: Client;
  /** Hers, by letter: the office's day is 2 March 2026. */
  const ids: Record<string, string> = {};
  let otherId = '';

  beforeAll(async () => {
    env = await makeEnv(dialect);
    const [h, hm, mgr, mgrBjm, cw, adm, admBjb, admBjm] = await Promise.all([
      seedUser(env, 'head_of_division', ['6372']),
      seedUser(env, 'head_of_division', ['6371']),
      seedUser(env, 'manager', ['6372']),
      seedUser(env, 'manager', ['6371']),
      seedUser(env, 'caseworker', ['6372']),
      seedUser(env, 'admin', ['63']),
      seedUser(env, 'admin', ['6372']),
      seedUser(env, 'admin', ['6371']),
    ]);
    // One after another: each sign-in with a code takes the next step of the clock.
    head = await signIn(env, h);
    headBjm = await signIn(env, hm);
    delegate = await signIn(env, mgr);
    caseworker = await signIn(env, cw);
    admin = await signIn(env, adm);
    adminBjb = await signIn(env, admBjb);
    adminBjm = await signIn(env, admBjm);
    // Five given by the Kepala Bidang of Banjarbaru to her Kepala Seksi: ended, in force (two from the same day),
    // upcoming and revoked; letters out of their order and in mixed case.
    const given: [string, 'PLH' | 'PLT', string, string][] = [
      ['b/2', 'PLH', '2026-01-10', '2026-01-20'],
      ['A/1', 'PLT', '2026-03-01', '2026-03-31'],
      ['c/3', 'PLH', '2026-04-01', '2026-04-05'],
      ['D/4', 'PLH', '2026-02-01', '2026-02-28'],
      ['e/5', 'PLH', '2026-03-01', '2026-03-10'],
    ];
    for (const [letterNumber, type, startsOn, endsOn] of given) {
      const res = await head.post('/api/delegations', {
        delegatorId: h.id,
        delegateId: mgr.id,
        type,
        startsOn,
        endsOn,
        letterNumber,
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[letterNumber] = (json(res) as { id: string }).id;
    }
    expect((await head.post(`/api/delegations/${ids['D/4']}/revoke`)).statusCode).toBe(200);
    // One in Banjarmasin, between accounts the Banjarbaru administrator may not manage.
    const other = await headBjm.post('/api/delegations', {
      delegatorId: hm.id,
      delegateId: mgrBjm.id,
      type: 'PLT',
      startsOn: '2026-02-15',
      endsOn: '2026-05-15',
      letterNumber: 'f/6',
    });
    expect(other.statusCode, other.body).toBe(201);
    otherId = (json(other) as { id: string }).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const list = async (c: Client, qs = '') => {
    const res = await c.get(`/api/delegations${qs ? `?${qs}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return json(res) as Answer;
  };
  const letters = (a: Answer) => a.items.map((i) => i.letterNumber);
  /** The two of 1 March in the id's order, as the tie-break puts them. */
  const sameDay = () => [ids['A/1']!, ids['e/5']!].sort().map((id) => (id === ids['A/1'] ? 'A/1' : 'e/5'));

  it('newest first by default, the id breaking ties in the same direction; by first day either way', async () => {
    const byDefault = await list(head);
    expect(byDefault.total).toBe(5);
    expect(letters(byDefault)).toEqual(['c/3', ...[...sameDay()].reverse(), 'D/4', 'b/2']);
    expect(letters(await list(head, 'sort=-startsOn'))).toEqual(letters(byDefault));
    expect(letters(await list(head, 'sort=startsOn'))).toEqual([...letters(byDefault)].reverse());
  });

  it('by last day, type, letter regardless of case, and status on the office’s day, either way', async () => {
    const endsOn = await list(head, 'sort=endsOn');
    expect(letters(endsOn)).toEqual(['b/2', 'D/4', 'e/5', 'A/1', 'c/3']);
    expect(letters(await list(head, 'sort=-endsOn'))).toEqual([...letters(endsOn)].reverse());
    const byLetter = await list(head, 'sort=letterNumber');
    expect(letters(byLetter)).toEqual(['A/1', 'b/2', 'c/3', 'D/4', 'e/5']);
    expect(letters(await list(head, 'sort=-letterNumber'))).toEqual([...letters(byLetter)].reverse());
    const byType = await list(head, 'sort=type');
    expect(byType.items.map((i) => i.type)).toEqual(['PLH', 'PLH', 'PLH', 'PLH', 'PLT']);
    expect((await list(head, 'sort=-type')).items.map((i) => i.type)).toEqual(['PLT', 'PLH', 'PLH', 'PLH', 'PLH']);
    // In force, upcoming, ended, revoked.
    const byStatus = await list(head, 'sort=status');
    expect(letters(byStatus)).toEqual([...sameDay(), 'c/3', 'b/2', 'D/4']);
    expect(byStatus.items.at(-1)?.revokedAt).not.toBeNull();
    expect(letters(await list(head, 'sort=-status'))).toEqual([...letters(byStatus)].reverse());
  });

  it('pages through every order without overlap, the total the same on each page', async () => {
    for (const sort of ['-startsOn', 'startsOn', 'status', '-type', 'endsOn']) {
      const whole = (await list(head, `sort=${sort}`)).items.map((i) => i.id);
      const seen: string[] = [];
      for (const page of [1, 2, 3, 4]) {
        const r = await list(head, `sort=${sort}&page=${page}&pageSize=2`);
        expect(r.total, sort).toBe(5);
        expect(r.items.length).toBe(page < 3 ? 2 : page === 3 ? 1 : 0);
        seen.push(...r.items.map((i) => i.id));
      }
      expect(seen, sort).toEqual(whole);
      expect(new Set(seen).size).toBe(5);
    }
  });

  it('counts and pages within each asker’s own delegations or the administrator’s regions', async () => {
    const theirs = await list(delegate, 'pageSize=2');
    expect(theirs.total).toBe(5);
    expect(theirs.items).toHaveLength(2);
    expect((await list(caseworker)).total).toBe(0);
    expect((await list(headBjm)).items.map((i) => i.id)).toEqual([otherId]);
    const all = await list(admin, 'sort=startsOn');
    expect(all.total).toBe(6);
    expect(all.items.map((i) => i.id)).toContain(otherId);
    const bjb = await list(adminBjb, 'sort=startsOn&pageSize=3');
    expect(bjb.total).toBe(5);
    expect(bjb.items.map((i) => i.letterNumber)).toEqual(['b/2', 'D/4', ...sameDay()].slice(0, 3));
    expect((await list(adminBjb, 'sort=startsOn&page=2&pageSize=3')).items.map((i) => i.id)).not.toContain(otherId);
    expect((await list(adminBjm)).items.map((i) => i.id)).toEqual([otherId]);
  });

  it('refuses a sort outside the whitelist and pages out of range', async () => {
    for (const qs of [
      'sort=delegator_id',
      'sort=created_by',
      'sort=constructor',
      'sort=-',
      'page=0',
      'pageSize=1000',
      'page=x',
    ]) {
      expect((await head.get(`/api/delegations?${qs}`)).statusCode, qs).toBe(400);
    }
  });
});
