// A case moves to another province only by a transfer a head of section of each province accepts, and the NIK check
// runs nationally through the possible-duplicate review, through the API on every database: until both accept her
// case stays where it is and the receiving province sees her code, category and stage, never her name or NIK; the
// second acceptance moves her region, re-wraps her data key under the receiving province's key, ends her old
// assignments and keeps her code; declining by either side ends it; one open transfer per case; two answers at once
// and an acceptance racing a second request end in typed 409s (raced on PostgreSQL as on SQLite). A NIK registered
// in another province is answered as a new registration and held for the existing record's head of section, who
// sees only the held code and may not close another province's registration without a transfer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealedKeyId } from '../src/server/crypto/seal.ts';
import { DIALECTS, json, makeEnv, seedUser, signIn, type Client, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';
import { note, race, tally } from './support/race.ts';

describe.each(DIALECTS)('transfers between provinces on %s', (dialect) => {
  let env: TestEnv;
  const u: Record<string, TestUser> = {};
  const c: Record<string, Client> = {};

  beforeAll(async () => {
    env = await makeEnv(dialect);
    const make: [string, Parameters<typeof seedUser>[1], string[]][] = [
      ['mgr63', 'manager', ['63']],
      ['mgr6372', 'manager', ['6372']],
      ['cw63', 'caseworker', ['6372']],
      ['mgr64', 'manager', ['64']],
      ['mgr6471', 'manager', ['6471']],
      ['mgr6472', 'manager', ['6472']],
      ['cw64', 'caseworker', ['6471']],
      ['ministry', 'ministry', ['ID']],
    ];
    for (const [key, role, regions] of make) u[key] = await seedUser(env, role, regions);
    for (const key of Object.keys(u)) c[key] = await signIn(env, u[key]!);
  });
  afterAll(async () => {
    await env?.close();
  });

  let n = 0;
  const register = async (who: Client, regionCode: string, nik?: string) => {
    n += 1;
    const fullName = `Sri Pindah Uji ${n}`;
    const res = await who.post(
      '/api/participants',
      participantBody(
        { regionCode },
        { fullName, nik: nik ?? testNik('1992-03-04', `${regionCode}${String(n).padStart(2, '0')}`) },
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    return { id: json(res).id as string, code: json(res).code as string, name: fullName };
  };
  const db = () => env.booted.services.db.kysely;
  const herRow = (id: string) =>
    db().selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const keyProvince = async (id: string) =>
    (
      await db()
        .selectFrom('province_keys')
        .select('province_code')
        .where('key_id', '=', sealedKeyId((await herRow(id)).dek_wrapped))
        .executeTakeFirstOrThrow()
    ).province_code;
  const ask = (who: Client, id: string, toRegion = '6471', reason = 'Pindah ke Balikpapan bersama keluarganya') =>
    who.post(`/api/participants/${id}/province-transfers`, { toRegion, reason });
  const answer = (who: Client, id: string, accept: boolean) =>
    who.post(`/api/province-transfers/${id}/answer`, { accept });
  const open = async (who: Client) => {
    const res = await who.get('/api/province-transfers');
    expect(res.statusCode, res.body).toBe(200);
    return json(res).items as Record<string, unknown>[];
  };

  it('moves her only when both heads of section accept: region, key under the new province, staff off, code kept', async () => {
    const p = await register(c.cw63!, '6372');
    // Only a head of section of her province asks, to a kabupaten/kota of another province.
    expect((await ask(c.cw63!, p.id)).statusCode).toBe(403);
    expect((await ask(c.mgr64!, p.id)).statusCode).toBe(404);
    expect((await ask(c.ministry!, p.id)).statusCode).toBe(404);
    const same = await ask(c.mgr63!, p.id, '6371');
    expect(same.statusCode).toBe(400);
    expect(json(same).error.details[0].code).toBe('not_another_province');
    expect((await ask(c.mgr63!, p.id, '9999')).statusCode).toBe(400);

    const asked = await ask(c.mgr6372!, p.id);
    expect(asked.statusCode, asked.body).toBe(201);
    const t = json(asked).id as string;
    // One open transfer per case, of either kind.
    const again = await ask(c.mgr63!, p.id, '6472');
    expect([again.statusCode, json(again).error.code]).toEqual([409, 'transfer_pending']);

    // The receiving province sees what it needs to decide, and nothing of who she is.
    const theirs = (await open(c.mgr64!)).find((i) => i.id === t)!;
    expect(theirs).toMatchObject({
      side: 'to',
      code: p.code,
      participantId: null,
      fromRegion: '6372',
      toRegion: '6471',
      reason: 'Pindah ke Balikpapan bersama keluarganya',
      fromAccepted: true,
      toAccepted: false,
    });
    expect(JSON.stringify(await open(c.mgr64!))).not.toContain(p.name);
    expect((await open(c.mgr6471!)).map((i) => i.id)).toContain(t);
    // A head of section of another kabupaten/kota of the receiving province does not answer for it.
    expect((await open(c.mgr6472!)).map((i) => i.id)).not.toContain(t);
    expect((await answer(c.mgr6472!, t, true)).statusCode).toBe(404);
    expect((await c.cw64!.get('/api/province-transfers')).statusCode).toBe(403);
    const mine = (await open(c.mgr63!)).find((i) => i.id === t)!;
    expect(mine).toMatchObject({ side: 'from', participantId: p.id });
    // Until then she stays where she is: not in the receiving province's reach.
    expect((await c.mgr64!.get(`/api/participants/${p.id}`)).statusCode).toBe(404);
    // The sending side has accepted by asking; accepting again is told.
    const twice = await answer(c.mgr63!, t, true);
    expect([twice.statusCode, json(twice).error.code]).toEqual([409, 'already_decided']);

    const before = await herRow(p.id);
    expect(await keyProvince(p.id)).toBe('63');
    const done = await answer(c.mgr64!, t, true);
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done)).toMatchObject({ status: 'ACCEPTED', toRegion: '6471' });

    const after = await herRow(p.id);
    expect(after).toMatchObject({ region_code: '6471', code: before.code });
    expect(after.dek_wrapped).not.toBe(before.dek_wrapped);
    expect(await keyProvince(p.id)).toBe('64');
    // Her record is now the receiving province's, readable there and no longer in the sending one.
    const read = await c.mgr64!.get(`/api/participants/${p.id}`);
    expect(read.statusCode).toBe(200);
    expect(json(read).identity.fullName).toBe(p.name);
    expect(json(read).code).toBe(p.code);
    expect((await c.mgr63!.get(`/api/participants/${p.id}`)).statusCode).toBe(404);
    expect((await c.cw63!.get(`/api/participants/${p.id}`)).statusCode).toBe(404);
    // Her staff in the old province came off her case, as the history says.
    const history = json(await c.mgr64!.get(`/api/participants/${p.id}/assignments/history`)).items as {
      kind: string;
      user: { id: string };
    }[];
    expect(history.map((h) => h.kind)).toEqual(['registered', 'transferred_out']);
    expect(history[1]!.user.id).toBe(u.cw63!.id);
    expect(
      await db().selectFrom('participant_assignments').selectAll().where('participant_id', '=', p.id).execute(),
    ).toEqual([]);
    // Done: out of both lists, and answered once.
    expect((await open(c.mgr64!)).map((i) => i.id)).not.toContain(t);
    const late = await answer(c.mgr6471!, t, false);
    expect([late.statusCode, json(late).error.code]).toEqual([409, 'already_decided']);
    // Audited on both sides: the ask by the sending head, the acceptance that moved her by the receiving one.
    const events = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('resource_id', '=', t)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.action, e.actor_id])).toEqual([
      ['transfer.request', u.mgr6372!.id],
      ['transfer.accept', u.mgr64!.id],
    ]);
  });

  it('declining by either side ends it; her case stays where it is', async () => {
    for (const who of ['mgr64', 'mgr63'] as const) {
      const p = await register(c.cw63!, '6372');
      const t = json(await ask(c.mgr63!, p.id)).id as string;
      const no = await answer(c[who]!, t, false);
      expect(no.statusCode, no.body).toBe(200);
      expect(json(no).status).toBe('DECLINED');
      expect((await herRow(p.id)).region_code).toBe('6372');
      expect(await keyProvince(p.id)).toBe('63');
      const yes = await answer(c.mgr64!, t, true);
      expect([yes.statusCode, json(yes).error.code]).toEqual([409, 'already_decided']);
      // Ended: a new request may be made.
      expect((await ask(c.mgr63!, p.id)).statusCode).toBe(201);
    }
  });

  it('two heads of section answering at once: one is taken, the other told (409)', async () => {
    const outcomes: Record<string, number>[] = [];
    for (let round = 0; round < 3; round++) {
      const p = await register(c.cw63!, '6372');
      const t = json(await ask(c.mgr63!, p.id)).id as string;
      // The receiving province-wide head and the receiving kabupaten/kota head accept, the sending head declines.
      const res = await race(3, (i) =>
        i === 0 ? answer(c.mgr64!, t, true) : i === 1 ? answer(c.mgr6471!, t, true) : answer(c.mgr6372!, t, false),
      );
      const tl = tally(res);
      outcomes.push(tl);
      expect(tl['200']).toBe(1);
      expect(tl['409 already_decided']).toBe(2);
      const row = await db().selectFrom('transfers').selectAll().where('id', '=', t).executeTakeFirstOrThrow();
      const her = await herRow(p.id);
      // Whichever won, her row says the same as the transfer's.
      expect(her.region_code).toBe(row.status === 'ACCEPTED' ? '6471' : '6372');
      expect(await keyProvince(p.id)).toBe(row.status === 'ACCEPTED' ? '64' : '63');
    }
    note(dialect, 'province transfer: two accept and one declines at once', outcomes);
  });

  it('an acceptance racing a second request: the request is refused (409) or finds her gone (404)', async () => {
    const outcomes: Record<string, number>[] = [];
    for (let round = 0; round < 3; round++) {
      const p = await register(c.cw63!, '6372');
      const t = json(await ask(c.mgr63!, p.id)).id as string;
      const [acc, req] = await race(2, (i) =>
        i === 0 ? answer(c.mgr64!, t, true) : ask(c.mgr6372!, p.id, '6472', 'Permintaan kedua bersamaan'),
      );
      outcomes.push(tally([acc!, req!]));
      expect(acc!.statusCode, acc!.body).toBe(200);
      // Before the move: another transfer is open (transfer_pending); after it: she is no longer the asker's.
      expect([409, 404]).toContain(req!.statusCode);
      if (req!.statusCode === 409) expect(json(req!).error.code).toBe('transfer_pending');
      expect(
        await db()
          .selectFrom('transfers')
          .select('id')
          .where('participant_id', '=', p.id)
          .where('status', '=', 'PENDING')
          .execute(),
      ).toEqual([]);
      expect((await herRow(p.id)).region_code).toBe('6471');
    }
    note(dialect, 'province transfer: acceptance against a second request', outcomes);
  });

  it('the waiting transfer is in both heads of section’s work queues, by code only on the receiving side', async () => {
    const p = await register(c.cw63!, '6372');
    const t = json(await ask(c.mgr63!, p.id)).id as string;
    const section = async (who: Client) => {
      const q = json(await who.get('/api/work-queue'));
      return q.sections.find((s: { kind: string }) => s.kind === 'province_transfers');
    };
    const theirs = await section(c.mgr64!);
    const item = theirs.items.find((i: { id: string }) => i.id === t);
    expect(item).toMatchObject({ participantId: null, code: p.code, name: null, detail: '6372>6471' });
    expect(JSON.stringify(theirs)).not.toContain(p.name);
    expect((await section(c.mgr63!)).items.map((i: { id: string }) => i.id)).toContain(t);
    expect(await section(c.cw64!)).toBeUndefined();
    // Once the receiving side has answered, nothing waits for either.
    expect((await answer(c.mgr64!, t, false)).statusCode).toBe(200);
    expect((await section(c.mgr64!)).items.map((i: { id: string }) => i.id)).not.toContain(t);
    expect((await section(c.mgr63!)).items.map((i: { id: string }) => i.id)).not.toContain(t);
  });

  it('a NIK recorded in another province is answered as a new registration and held for review, never an oracle', async () => {
    const nik = testNik('1990-11-12', '637205');
    const first = await register(c.cw63!, '6372', nik);
    // Registered in 64: the answer is a new registration's, as for any possible duplicate out of scope.
    const other = await c.cw64!.post(
      '/api/participants',
      participantBody({ regionCode: '6471' }, { fullName: 'Sri Pindah Ganda', nik }),
    );
    expect(other.statusCode, other.body).toBe(201);
    expect(Object.keys(json(other)).sort()).toEqual(
      Object.keys(json(await c.cw64!.post('/api/participants', participantBody({ regionCode: '6471' })))).sort(),
    );
    for (const secret of [first.id, first.code, 'duplicate', 'held']) expect(other.body).not.toContain(secret);
    const held = json(other) as { id: string; code: string };
    // Her own registration reads as any other of hers: nothing says it is held, or where the other one is.
    const mineRead = await c.cw64!.get(`/api/participants/${held.id}`);
    expect(mineRead.statusCode).toBe(200);
    expect(mineRead.body).not.toContain(first.code);
    expect(mineRead.body).not.toContain(first.id);
    // The existing record's head of section reviews it, seeing only the held registration's code.
    const q = json(await c.mgr63!.get('/api/work-queue'));
    const reviews = q.sections.find((s: { kind: string }) => s.kind === 'duplicate_reviews');
    const review = reviews.items.find((i: { detail: string }) => i.detail === held.code);
    expect(review).toMatchObject({ participantId: first.id });
    expect(JSON.stringify(reviews)).not.toContain('Sri Pindah Ganda');
    // The receiving province's head of section has nothing to review: the match is not hers to know.
    const q64 = json(await c.mgr64!.get('/api/work-queue'));
    const reviews64 = q64.sections.find((s: { kind: string }) => s.kind === 'duplicate_reviews');
    expect(JSON.stringify(reviews64 ?? {})).not.toContain(held.code);
    // Across provinces no merge and no refusal without a transfer; telling them apart releases the held one.
    for (const decision of ['SAME_PERSON', 'REFUSED']) {
      const res = await c.mgr63!.post(`/api/duplicate-reviews/${review.id}/decision`, {
        decision,
        reason: 'Periksa dengan kantor provinsi tujuan',
      });
      expect([res.statusCode, json(res).error.code]).toEqual([409, 'duplicate_across_provinces']);
    }
    expect((await herRow(held.id)).held_for_review_at).not.toBeNull();
    // After a transfer of her case to that province, its head of section decides it as any review of hers.
    const t = json(await ask(c.mgr63!, first.id)).id as string;
    expect((await answer(c.mgr64!, t, true)).statusCode).toBe(200);
    const same = await c.mgr64!.post(`/api/duplicate-reviews/${review.id}/decision`, {
      decision: 'SAME_PERSON',
      reason: 'Orang yang sama, kasusnya sudah dipindahkan',
    });
    expect(same.statusCode, same.body).toBe(200);
    expect((await herRow(held.id)).stage).toBe('TERMINASI');
  });
});
