// Field mode's devices on every database: who may register one (at most three active, under the account's lock),
// the key released to her own active device only and never after a revocation, who sees and revokes a device
// (its owner, the head of section of her regions; never an administrator), the device's contact and erasure
// without a session, idempotency keys kept past the longest offline period, and old conflicts in the head of
// section's work queue.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, Client, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { forgetOldIdempotencyKeys, idempotencyKeepMs } from '../src/server/http/kit/idempotency.ts';
import { tokenHash } from '../src/server/modules/field/store.ts';

const DAY = 24 * 3600_000;

describe.each(DIALECTS)('field devices on %s', (dialect) => {
  let env: TestEnv;
  let cwUser: TestUser;
  let mgrUser: TestUser;
  let cw: Client;
  let cw2: Client;
  let fac: Client;
  let mgr: Client;
  let mgrOther: Client;
  let admin: Client;
  const db = () => env.booted.services.db.kysely;

  /** A device client with no session (as a phone whose session ended). */
  const device = () => new Client(env.app, '10.0.0.9');

  async function register(c: Client, label = 'Ponsel kerja') {
    const res = await c.post('/api/field/devices', { label });
    return res;
  }

  beforeAll(async () => {
    env = await makeEnv(dialect);
    cwUser = await seedUser(env, 'caseworker', ['6372']);
    cw = await signIn(env, cwUser);
    cw2 = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    mgrUser = await seedUser(env, 'manager', ['6372']);
    mgr = await signIn(env, mgrUser);
    mgrOther = await signIn(env, await seedUser(env, 'manager', ['6371']));
    admin = await signIn(env, await seedUser(env, 'admin', ['63']));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a caseworker and a facilitator register; an admin, a psychologist and a head of section may not', async () => {
    const res = await register(cw);
    expect(res.statusCode, res.body).toBe(201);
    const body = json(res);
    expect(body.device).toMatchObject({ accountId: cwUser.id, status: 'ACTIVE', openConflicts: 0, held: null });
    expect(Buffer.from(body.token, 'base64url')).toHaveLength(32);
    expect(Buffer.from(body.serverKey, 'base64')).toHaveLength(32);
    expect(body.offlineDays).toBe(7);
    const row = await db()
      .selectFrom('field_devices')
      .selectAll()
      .where('id', '=', body.device.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(tokenHash(body.token));
    expect(row.server_key_ct).not.toContain(body.serverKey);
    expect((await register(fac)).statusCode).toBe(201);

    const psy = await signIn(env, await seedUser(env, 'psychologist', ['6372']));
    for (const c of [admin, psy, mgr]) expect((await register(c)).statusCode).toBe(403);

    // Her key, again after sign-in: the same key, audited.
    const key = await cw.post(`/api/field/devices/${body.device.id}/key`);
    expect(key.statusCode, key.body).toBe(200);
    expect(json(key)).toEqual({ serverKey: body.serverKey, offlineDays: 7 });
    const events = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', body.device.id)
      .execute();
    expect(events.map((e) => e.action).sort()).toEqual(['device.key_released', 'device.registered']);
  });

  it('only the owner and a head of section of her region see and revoke a device', async () => {
    const made = json(await register(cw, 'Tablet'));
    const id = made.device.id;
    // Not the owner: another caseworker gets no key, no list, no revocation.
    expect((await cw2.post(`/api/field/devices/${id}/key`)).statusCode).toBe(404);
    expect((await mgr.post(`/api/field/devices/${id}/key`)).statusCode).toBe(404);
    expect((await cw2.get(`/api/field/devices?accountId=${cwUser.id}`)).statusCode).toBe(404);
    expect((await cw2.post(`/api/field/devices/${id}/revoke`, {}, { 'if-match': '"1"' })).statusCode).toBe(404);
    // An administrator of the province: need to know, none.
    expect((await admin.get(`/api/field/devices?accountId=${cwUser.id}`)).statusCode).toBe(404);
    expect((await admin.post(`/api/field/devices/${id}/revoke`, {}, { 'if-match': '"1"' })).statusCode).toBe(404);
    // A head of section of another region.
    expect((await mgrOther.get(`/api/field/devices?accountId=${cwUser.id}`)).statusCode).toBe(404);
    expect((await mgrOther.post(`/api/field/devices/${id}/revoke`, {}, { 'if-match': '"1"' })).statusCode).toBe(404);
    // Her own list, and her head of section's view of it.
    const mine = json(await cw.get('/api/field/devices'));
    expect(mine.items.map((d: { id: string }) => d.id)).toContain(id);
    expect(json(await cw2.get('/api/field/devices')).items).toEqual([]);
    const seen = await mgr.get(`/api/field/devices?accountId=${cwUser.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const item = json(seen).items.find((d: { id: string }) => d.id === id);
    expect(item).toMatchObject({ accountId: cwUser.id, accountName: cwUser.username, status: 'ACTIVE' });
    // Her head of section's look at a staff member's devices is audited (as a look at her account is); her own is not.
    const looks = await db()
      .selectFrom('audit_log')
      .select(['actor_id', 'resource_id'])
      .where('action', '=', 'device.list')
      .execute();
    expect(looks).toEqual([{ actor_id: mgrUser.id, resource_id: cwUser.id }]);

    expect((await mgr.post(`/api/field/devices/${id}/revoke`, {}, { 'if-match': '"9"' })).statusCode).toBe(412);
    expect((await mgr.post(`/api/field/devices/${id}/revoke`, {})).statusCode).toBe(428);
    const revoked = await mgr.post(`/api/field/devices/${id}/revoke`, {}, { 'if-match': '"1"' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(json(revoked)).toMatchObject({ status: 'REVOKED', version: 2 });
    const key = await cw.post(`/api/field/devices/${id}/key`);
    expect(key.statusCode).toBe(410);
    expect(json(key).error.code).toBe('field_device_revoked');

    // Its contact is told to erase; a wrong token or an unknown device is not found.
    const d = device();
    const contact = (token: string, deviceId = id) =>
      d.post(
        `/api/field/devices/${deviceId}/contact`,
        { deviceTime: new Date().toISOString(), waiting: 0, conflicts: [] },
        { 'x-field-token': token },
      );
    expect((await contact('x'.repeat(43))).statusCode).toBe(404);
    expect((await contact(made.token, randomUUID())).statusCode).toBe(404);
    const told = await contact(made.token);
    expect(told.statusCode, told.body).toBe(200);
    expect(json(told)).toMatchObject({ action: 'erase', reason: 'revoked', offlineDays: 7 });
  });

  it('a device keeps its cache while active, reports its conflicts (replaced each time), and erases', async () => {
    const made = json(await register(fac, 'Ponsel fasilitator'));
    const id = made.device.id;
    const d = device();
    const at = env.clock.now().toISOString();
    const c1 = { id: randomUUID(), kind: 'attendance', openedAt: at };
    const c2 = { id: randomUUID(), kind: 'note', openedAt: at };
    const send = (conflicts: unknown[]) =>
      d.post(
        `/api/field/devices/${id}/contact`,
        { deviceTime: at, waiting: conflicts.length, conflicts },
        { 'x-field-token': made.token },
      );
    const first = await send([c1, c2]);
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ action: 'keep', reason: null, serverTime: at });
    const held = async () =>
      (await db().selectFrom('field_conflicts').select('item_id').where('device_id', '=', id).execute())
        .map((r) => r.item_id)
        .sort();
    expect(await held()).toEqual([c1.id, c2.id].sort());
    expect((await send([c2])).statusCode).toBe(200);
    expect(await held()).toEqual([c2.id]);
    // A locked cache sends no conflicts (their kinds are sealed): the last report stands.
    const locked = await d.post(
      `/api/field/devices/${id}/contact`,
      { deviceTime: at, waiting: 3 },
      { 'x-field-token': made.token },
    );
    expect(locked.statusCode, locked.body).toBe(200);
    expect(json(locked)).toMatchObject({ action: 'keep', reason: null });
    expect(await held()).toEqual([c2.id]);
    const mine = json(await fac.get('/api/field/devices')).items.find((x: { id: string }) => x.id === id);
    expect(mine).toMatchObject({ openConflicts: 1, lastContactAt: at, version: 1 });

    const erased = await d.post(
      `/api/field/devices/${id}/erased`,
      { reason: 'pin_failures', deviceTime: at },
      { 'x-field-token': made.token },
    );
    expect(erased.statusCode, erased.body).toBe(204);
    const row = await db().selectFrom('field_devices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'ERASED', erase_reason: 'pin_failures', erased_at: at });
    expect(await held()).toEqual([]);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'device.cache_erased')
      .where('resource_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(made.device.accountId);
    expect(JSON.parse(String(audit.detail))).toMatchObject({ reason: 'pin_failures', deviceTime: at, deviceId: id });
    // Wrong token: as if absent.
    expect(
      (
        await d.post(
          `/api/field/devices/${id}/erased`,
          { reason: 'sign_out', deviceTime: at },
          { 'x-field-token': 'nope' },
        )
      ).statusCode,
    ).toBe(404);
  });

  it('a deactivated account: its device is told to erase (account_inactive)', async () => {
    const user = await seedUser(env, 'caseworker', ['6372']);
    const c = await signIn(env, user);
    const made = json(await register(c));
    const repo = systemRepo(env.booted.services, 'test', 'deactivate an account');
    const { version } = await db()
      .selectFrom('users')
      .select('version')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    await repo.users.update(user.id, { active: false }, version);
    const told = await device().post(
      `/api/field/devices/${made.device.id}/contact`,
      { deviceTime: env.clock.now().toISOString(), waiting: 0, conflicts: [] },
      { 'x-field-token': made.token },
    );
    expect(told.statusCode, told.body).toBe(200);
    expect(json(told)).toMatchObject({ action: 'erase', reason: 'account_inactive' });
    // The same from a locked cache (she cannot sign in any more, so it has no session and sends no conflicts).
    const lockedTold = await device().post(
      `/api/field/devices/${made.device.id}/contact`,
      { deviceTime: env.clock.now().toISOString(), waiting: 1 },
      { 'x-field-token': made.token },
    );
    expect(json(lockedTold)).toMatchObject({ action: 'erase', reason: 'account_inactive' });
  });

  it("the head of section's queue lists conflicts open for more than a day, in her regions only", async () => {
    const user = await seedUser(env, 'caseworker', ['6372']);
    const c = await signIn(env, user);
    const made = json(await register(c));
    const now = env.clock.now().getTime();
    const old = { id: randomUUID(), kind: 'visit', openedAt: new Date(now - DAY - 60_000).toISOString() };
    const young = { id: randomUUID(), kind: 'outreach', openedAt: new Date(now - DAY + 60_000).toISOString() };
    const res = await device().post(
      `/api/field/devices/${made.device.id}/contact`,
      { deviceTime: new Date(now).toISOString(), waiting: 2, conflicts: [old, young] },
      { 'x-field-token': made.token },
    );
    expect(res.statusCode, res.body).toBe(200);
    const section = (q: { sections: { kind: string; count: number; items: { id: string }[] }[] }) =>
      q.sections.find((s) => s.kind === 'field_conflicts');
    const queue = json(await mgr.get('/api/work-queue'));
    const mine = section(queue)!;
    expect(mine.items.map((i) => i.id)).toContain(old.id);
    expect(mine.items.map((i) => i.id)).not.toContain(young.id);
    expect(mine.items.find((i) => i.id === old.id)).toMatchObject({
      userId: user.id,
      name: user.username,
      detail: 'visit',
      at: old.openedAt,
    });
    const counts = json(await mgr.get('/api/work-queue/counts'));
    expect(section(counts)?.count).toBe(mine.count);
    // Another region's head of section: not hers; a caseworker has no such section.
    const other = section(json(await mgrOther.get('/api/work-queue')));
    expect(other?.items.map((i) => i.id) ?? []).not.toContain(old.id);
    expect(section(json(await cw.get('/api/work-queue')))).toBeUndefined();
  });

  it('idempotency keys outlive the longest offline period: a replay after 5 days gives the first reply', async () => {
    expect(idempotencyKeepMs(env.booted.services.config)).toBe(8 * DAY);
    const body = {
      contactDate: '2026-03-01',
      regionCode: '6372',
      placeKind: 'WARUNG_KAFE',
      channel: 'JANGKAUAN_JALANAN',
      interestLevel: 'MEDIUM',
      outcome: 'NOT_NOW',
    };
    const key = `field-${randomUUID()}`;
    const first = await cw.post('/api/outreach', body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    env.clock.advance(5 * DAY);
    // The forgetting step, at the clock's time, keeps it.
    await forgetOldIdempotencyKeys(env.booted.services);
    const again = await (await signIn(env, cwUser)).post('/api/outreach', body, { 'idempotency-key': key });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again).id).toBe(json(first).id);
    const made = await db()
      .selectFrom('outreach_contacts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', '=', json(first).id)
      .executeTakeFirstOrThrow();
    expect(Number(made.n)).toBe(1);
    // Past the keeping time it is forgotten.
    env.clock.advance(4 * DAY);
    await forgetOldIdempotencyKeys(env.booted.services);
    expect(await db().selectFrom('idempotency_keys').select('key_hash').execute()).toEqual([]);
  });

  describe('races', () => {
    it('four registrations at once for one account: exactly three ACTIVE, the rest 409', async () => {
      const user = await seedUser(env, 'caseworker', ['6372']);
      const c = await signIn(env, user);
      for (let round = 0; round < 3; round++) {
        const replies = await Promise.all([1, 2, 3, 4].map((n) => register(c, `Ponsel ${round}-${n}`)));
        const codes = replies.map((r) => r.statusCode).sort();
        const active = await db()
          .selectFrom('field_devices')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('account_id', '=', user.id)
          .where('status', '=', 'ACTIVE')
          .executeTakeFirstOrThrow();
        expect(Number(active.n)).toBe(3);
        if (round === 0) expect(codes).toEqual([201, 201, 201, 409]);
        else expect(codes).toEqual([409, 409, 409, 409]);
        for (const r of replies.filter((x) => x.statusCode === 409))
          expect(json(r).error.code).toBe('field_device_limit');
      }
    });

    it('a revocation racing key releases: no key is released after the revocation committed', async () => {
      const user = await seedUser(env, 'facilitator', ['6372']);
      const owner = await signIn(env, user);
      // A fresh session: an earlier test moved the clock on by days.
      const boss = await signIn(env, mgrUser);
      for (let round = 0; round < 8; round++) {
        // Space for a fresh device each round: the last one was revoked.
        const made = await register(owner, `Ronde ${round}`);
        expect(made.statusCode, made.body).toBe(201);
        const id = json(made).device.id;
        let revokedAt = Number.POSITIVE_INFINITY;
        const afterRevoke: number[] = [];
        const release = async () => {
          const startedAfter = Date.now() > revokedAt;
          const r = await owner.post(`/api/field/devices/${id}/key`);
          if (startedAfter) afterRevoke.push(r.statusCode);
          return r.statusCode;
        };
        const releases = Array.from({ length: 6 }, async (_, i) => {
          await new Promise((res) => setTimeout(res, i * 2));
          return release();
        });
        const revoke = boss.post(`/api/field/devices/${id}/revoke`, {}, { 'if-match': '"1"' }).then((r) => {
          revokedAt = Date.now();
          return r;
        });
        const [rev, ...codes] = await Promise.all([revoke, ...releases]);
        expect(rev.statusCode, rev.body).toBe(200);
        for (const code of codes) expect([200, 410]).toContain(code);
        // After the revocation's reply, every release is refused.
        for (let i = 0; i < 3; i++) afterRevoke.push(await release());
        expect(afterRevoke.every((code) => code === 410)).toBe(true);
        // And in the audit chain, every release precedes the revocation.
        const events = await db()
          .selectFrom('audit_log')
          .select(['seq', 'action'])
          .where('resource_id', '=', id)
          .where('action', 'in', ['device.key_released', 'device.revoked'])
          .orderBy('seq')
          .execute();
        expect(events.at(-1)?.action).toBe('device.revoked');
        expect(events.filter((e) => e.action === 'device.key_released')).toHaveLength(
          codes.filter((c) => c === 200).length,
        );
      }
    });
  });
});
