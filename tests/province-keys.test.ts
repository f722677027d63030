// Province keys (decision 044): each province's participants' data keys hang under a key of that province; one
// province's key is rotated (resumably, beside registrations) or destroyed without another province's rows
// changing; data keys of the older form (under the master key) still open and move under their province's key;
// a key made by another instance is met on first use; a transfer re-wraps her data key for the new province.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, makeEnv, type TestEnv } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { boot, type Booted } from '../src/server/boot.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { sealedKeyId, seal } from '../src/server/crypto/seal.ts';
import { isProvinceKeyId, openProvinceKeyRow } from '../src/server/crypto/province-keys.ts';
import { eraseProvince, rotateKeys, rotateProvinceKey } from '../src/server/ops/keys.ts';
import { transact } from '../src/server/db/write.ts';
import { PROVINCE_CODE, PROVINCES, regenciesOf } from '../src/shared/regions.ts';
import type { Services } from '../src/server/context.ts';

const HOME = PROVINCE_CODE;
const OTHER = PROVINCES.find((p) => p.code !== HOME)!.code;
const THIRD = PROVINCES.find((p) => p.code !== HOME && p.code !== OTHER)!.code;
const regionOf = (province: string, i = 0) => regenciesOf(province)[i]!.code;

describe.each(DIALECTS)('province keys on %s', (dialect) => {
  let env: TestEnv;
  let s: Services;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    s = env.booted.services;
  });
  afterAll(async () => {
    await env.close();
  });

  const create = async (svc: Services, regionCode: string, name = `Kunci ${randomBytes(3).toString('hex')}`) =>
    (
      await systemRepo(svc, 'test', 'fixture').participants.create(
        participantBody({ regionCode }, { fullName: name }) as never,
      )
    ).id;
  const read = (svc: Services, id: string) => systemRepo(svc, 'test', 'read back').participants.get(id);
  const wrappedOf = async (id: string) =>
    (await s.db.kysely.selectFrom('participants').select('dek_wrapped').where('id', '=', id).executeTakeFirstOrThrow())
      .dek_wrapped;
  const keysOf = (province: string) =>
    s.db.kysely
      .selectFrom('province_keys')
      .selectAll()
      .where('province_code', '=', province)
      .orderBy('version')
      .execute();

  it('wraps each data key under its own province key, made on first need and stored only wrapped', async () => {
    const a = await create(s, regionOf(HOME));
    const b = await create(s, regionOf(OTHER));
    const [ka] = await keysOf(HOME);
    const [kb] = await keysOf(OTHER);
    expect(ka).toMatchObject({ province_code: HOME, version: 1, status: 'current' });
    expect(kb).toMatchObject({ province_code: OTHER, version: 1, status: 'current' });
    expect(sealedKeyId(await wrappedOf(a))).toBe(ka!.key_id);
    expect(sealedKeyId(await wrappedOf(b))).toBe(kb!.key_id);
    // The stored key is sealed under the master key, bound to its own row.
    expect(sealedKeyId(ka!.wrapped)).toBe(env.keyRing.kekId);
    expect(() => openProvinceKeyRow(env.keyRing, { ...ka!, key_id: kb!.key_id })).toThrow();
    // A second registration in the same province uses the same key.
    const a2 = await create(s, regionOf(HOME, 1));
    expect(sealedKeyId(await wrappedOf(a2))).toBe(ka!.key_id);
    expect((await keysOf(HOME)).length).toBe(1);
    expect((await read(s, a)).identity.fullName).toMatch(/^Kunci/);
    expect((await read(s, b)).identity.fullName).toMatch(/^Kunci/);
  });

  it('meets a province key made by another instance when a data key under it is first read', async () => {
    const other: Booted = await boot(env.config, { keyRing: env.keyRing, clock: env.clock, pgSchema: env.pgSchema });
    try {
      const id = await create(other.services, regionOf(THIRD), 'Kunci Instansi Lain');
      const keyId = sealedKeyId(await wrappedOf(id));
      expect(isProvinceKeyId(keyId)).toBe(true);
      expect(s.dataKeys.provinces.holds(keyId)).toBe(false);
      expect((await read(s, id)).identity.fullName).toBe('Kunci Instansi Lain');
      expect(s.dataKeys.provinces.holds(keyId)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("rotates one province's key in resumable batches; the older master-key form moves too; others stay as they were", async () => {
    const home = [await create(s, regionOf(HOME)), await create(s, regionOf(HOME)), await create(s, regionOf(HOME))];
    // One data key of the older form: wrapped under the master key itself, as before province keys.
    const legacyId = home[0]!;
    const dek = s.dataKeys.unwrap(legacyId, await wrappedOf(legacyId));
    const raw = (dek as unknown as { dek: Buffer }).dek;
    await s.db.kysely
      .updateTable('participants')
      .set({ dek_wrapped: seal(env.keyRing.kek, env.keyRing.kekId, raw, `participant_keys|dek|${legacyId}`) })
      .where('id', '=', legacyId)
      .execute();
    expect(sealedKeyId(await wrappedOf(legacyId))).toBe(env.keyRing.kekId);
    expect((await read(s, legacyId)).identity.fullName).toMatch(/^Kunci/);

    const othersBefore = await s.db.kysely
      .selectFrom('participants')
      .select(['id', 'dek_wrapped', 'version'])
      .where('region_code', 'not like', `${HOME}%`)
      .orderBy('id')
      .execute();
    const otherKeysBefore = await s.db.kysely
      .selectFrom('province_keys')
      .selectAll()
      .where('province_code', '!=', HOME)
      .orderBy('key_id')
      .execute();
    const [old] = await keysOf(HOME);

    // Stopped after one batch of two: the new version is current, the old one retired, some rows still to move.
    const first = await rotateProvinceKey(s, HOME, { batchSize: 2, maxBatches: 1 });
    expect(first).toMatchObject({ done: false, resumed: false, version: 2, dataKeysRewrapped: 2 });
    expect((await keysOf(HOME)).map((k) => k.status)).toEqual(['retired', 'current']);
    // A registration meanwhile takes the new version; every record still reads.
    const during = await create(s, regionOf(HOME));
    expect(sealedKeyId(await wrappedOf(during))).toBe(first.keyId);
    for (const id of home) expect((await read(s, id)).identity.fullName).toMatch(/^Kunci/);

    // Run again: it resumes (no third version), moves the rest, destroys the old version.
    const second = await rotateProvinceKey(s, HOME, { batchSize: 2 });
    expect(second).toMatchObject({ done: true, resumed: true, version: 2, keyId: first.keyId, retiredDestroyed: 1 });
    const after = await keysOf(HOME);
    expect(after.map((k) => [k.version, k.status])).toEqual([
      [1, 'destroyed'],
      [2, 'current'],
    ]);
    expect(after[0]!.wrapped).toBe('destroyed');
    expect(s.dataKeys.provinces.holds(old!.key_id)).toBe(false);
    const homeRows = await s.db.kysely
      .selectFrom('participants')
      .select(['id', 'dek_wrapped'])
      .where('region_code', 'like', `${HOME}%`)
      .where('dek_wrapped', '!=', 'erased')
      .execute();
    for (const r of homeRows) expect(sealedKeyId(r.dek_wrapped)).toBe(first.keyId);
    for (const id of [...home, during]) expect((await read(s, id)).identity.fullName).toMatch(/^Kunci/);

    // Nothing of another province changed: not a data key, not a version, not a key row.
    const othersAfter = await s.db.kysely
      .selectFrom('participants')
      .select(['id', 'dek_wrapped', 'version'])
      .where('region_code', 'not like', `${HOME}%`)
      .orderBy('id')
      .execute();
    expect(othersAfter).toEqual(othersBefore);
    expect(
      await s.db.kysely
        .selectFrom('province_keys')
        .selectAll()
        .where('province_code', '!=', HOME)
        .orderBy('key_id')
        .execute(),
    ).toEqual(otherKeysBefore);
    const audit = await s.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'keys.province_rotate')
      .execute();
    expect(audit.length).toBe(1);
  });

  it("a transfer re-wraps her data key from her province's key to the new province's, inside its transaction", async () => {
    const id = await create(s, regionOf(HOME), 'Kunci Pindah');
    const to = regionOf(OTHER, 1);
    await transact(s.db.kysely, async (trx) => {
      const row = await trx
        .selectFrom('participants')
        .select(['dek_wrapped'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const next = await s.dataKeys.rewrapForRegion(trx, id, row.dek_wrapped, to, s.clock.now().toISOString());
      await trx.updateTable('participants').set({ region_code: to, dek_wrapped: next }).where('id', '=', id).execute();
    });
    const [current] = (await keysOf(OTHER)).filter((k) => k.status === 'current');
    expect(sealedKeyId(await wrappedOf(id))).toBe(current!.key_id);
    expect((await read(s, id)).identity.fullName).toBe('Kunci Pindah');
  });

  it('master-key rotation re-wraps province keys (cheap) and moves any data key still under the master key', async () => {
    const id = await create(s, regionOf(OTHER));
    const raw = (s.dataKeys.unwrap(id, await wrappedOf(id)) as unknown as { dek: Buffer }).dek;
    await s.db.kysely
      .updateTable('participants')
      .set({ dek_wrapped: seal(env.keyRing.kek, env.keyRing.kekId, raw, `participant_keys|dek|${id}`) })
      .where('id', '=', id)
      .execute();
    const result = await rotateKeys(s);
    // Same master key: nothing of the root or the province keys to re-wrap; the one old-form data key moves.
    expect(result).toMatchObject({ rootRewrapped: false, provinceKeysRewrapped: 0, dataKeysRewrapped: 1 });
    expect(isProvinceKeyId(sealedKeyId(await wrappedOf(id)))).toBe(true);
    expect((await read(s, id)).identity.fullName).toMatch(/^Kunci/);
  });

  it("erases a province: its keys destroyed, its participants unreadable and erased; another province's read as before", async () => {
    const gone = [await create(s, regionOf(THIRD), 'Kunci Hapus'), await create(s, regionOf(THIRD, 1))];
    const kept = await create(s, regionOf(OTHER), 'Kunci Tetap');
    const keptBefore = await wrappedOf(kept);
    await expect(eraseProvince(s, THIRD, OTHER)).rejects.toThrow(/confirmation/);
    // A legal hold on one of them blocks the whole erasure.
    await s.db.kysely
      .updateTable('participants')
      .set({ legal_hold_reason: 'perkara' })
      .where('id', '=', gone[1]!)
      .execute();
    await expect(eraseProvince(s, THIRD, THIRD)).rejects.toThrow(/legal hold/);
    expect((await read(s, gone[0]!)).identity.fullName).toBe('Kunci Hapus');
    await s.db.kysely.updateTable('participants').set({ legal_hold_reason: null }).where('id', '=', gone[1]!).execute();

    const keyRows = await keysOf(THIRD);
    const result = await eraseProvince(s, THIRD, THIRD);
    expect(result).toMatchObject({ province: THIRD, keysDestroyed: keyRows.length });
    expect(result.participantsErased).toBeGreaterThanOrEqual(3);
    for (const k of await keysOf(THIRD)) expect(k).toMatchObject({ status: 'destroyed', wrapped: 'destroyed' });
    for (const k of keyRows) expect(s.dataKeys.provinces.holds(k.key_id)).toBe(false);
    for (const id of gone) {
      // Read as after one erasure: her record without anything that identifies her.
      const view = await read(s, id);
      expect(view.erasedAt).not.toBeNull();
      expect(view.identity).not.toHaveProperty('fullName');
      const row = await s.db.kysely
        .selectFrom('participants')
        .select(['dek_wrapped', 'identity_ct', 'nik_index', 'erased_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ dek_wrapped: 'erased', identity_ct: '', nik_index: null });
      expect(row.erased_at).not.toBeNull();
      const tokens = await s.db.kysely
        .selectFrom('participant_name_tokens')
        .select('token')
        .where('participant_id', '=', id)
        .execute();
      expect(tokens).toEqual([]);
    }
    // A copy of a data key taken before (a backup, a replica) no longer opens: its province key is gone.
    expect(() => s.dataKeys.provinces.byId(keyRows[0]!.key_id)).toThrow();
    expect(await wrappedOf(kept)).toBe(keptBefore);
    expect((await read(s, kept)).identity.fullName).toBe('Kunci Tetap');
    // Registering there again makes a new key; the destroyed versions stay destroyed.
    const again = await create(s, regionOf(THIRD));
    expect((await read(s, again)).identity.fullName).toMatch(/^Kunci/);
    expect((await keysOf(THIRD)).filter((k) => k.status === 'current').length).toBe(1);
  });
});

// Races on PostgreSQL, with several app instances on one database.
describe.skipIf(!DIALECTS.includes('postgres'))('province keys under concurrency on postgres', () => {
  let env: TestEnv;
  let a: Services;
  let others: Booted[] = [];
  beforeAll(async () => {
    env = await makeEnv('postgres');
    a = env.booted.services;
    others = [
      await boot(env.config, { keyRing: env.keyRing, clock: env.clock, pgSchema: env.pgSchema, poolSize: 8 }),
      await boot(env.config, { keyRing: env.keyRing, clock: env.clock, pgSchema: env.pgSchema, poolSize: 8 }),
    ];
  });
  afterAll(async () => {
    for (const o of others) await o.close();
    await env.close();
  });
  const create = (svc: Services, regionCode: string) =>
    systemRepo(svc, 'test', 'race')
      .participants.create(participantBody({ regionCode }) as never)
      .then((p) => p.id);
  const keysOf = (province: string) =>
    a.db.kysely.selectFrom('province_keys').selectAll().where('province_code', '=', province).execute();
  const wrappedIn = (province: string) =>
    a.db.kysely
      .selectFrom('participants')
      .select(['id', 'dek_wrapped'])
      .where('region_code', 'like', `${province}%`)
      .execute();

  it("two instances making a province's first key at once: one wins, the other reads it", async () => {
    const services = [a, ...others.map((o) => o.services)];
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => create(services[i % services.length]!, regionOf(OTHER, i % 3))),
    );
    const keys = await keysOf(OTHER);
    expect(keys.length).toBe(1);
    for (const r of await wrappedIn(OTHER)) expect(sealedKeyId(r.dek_wrapped)).toBe(keys[0]!.key_id);
    for (const svc of services)
      for (const id of ids) expect((await systemRepo(svc, 'test', 'read').participants.get(id)).id).toBe(id);
  });

  it('a rotation waits for a registration holding the current key, then moves her data key too', async () => {
    await create(a, regionOf(HOME));
    const [old] = await keysOf(HOME);
    const b = others[0]!.services;
    // A registration's unit of work on another instance holds the current version (FOR SHARE) …
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let got!: () => void;
    const gotKey = new Promise<void>((r) => {
      got = r;
    });
    const registration = transact(b.db.kysely, async (trx) => {
      const key = await b.dataKeys.provinces.current(trx, HOME, b.clock.now().toISOString());
      got();
      await held;
      return key.keyId;
    });
    await gotKey;
    // … so the rotation's switch cannot retire it until that unit commits.
    const rotation = rotateProvinceKey(a, HOME, { batchSize: 3 });
    let rotated = false;
    rotation.then(
      () => {
        rotated = true;
      },
      () => {
        rotated = true;
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(rotated).toBe(false);
    expect((await keysOf(HOME)).find((k) => k.key_id === old!.key_id)?.status).toBe('current');
    // Meanwhile a registration on a third instance waits too, and then takes the new version.
    const waiting = create(others[1]!.services, regionOf(HOME));
    release();
    expect(await registration).toBe(old!.key_id);
    const result = await rotation;
    const late = await waiting;
    expect(result).toMatchObject({ done: true, version: 2, retiredDestroyed: 1 });
    for (const r of await wrappedIn(HOME)) expect(sealedKeyId(r.dek_wrapped)).toBe(result.keyId);
    expect((await systemRepo(a, 'test', 'read').participants.get(late)).id).toBe(late);
  });

  it('registrations racing a rotation all end under the new version, and every record reads', async () => {
    const services = [a, ...others.map((o) => o.services)];
    await Promise.all(Array.from({ length: 10 }, (_, i) => create(services[i % 3]!, regionOf(HOME, i % 2))));
    const racing = Promise.all(
      Array.from({ length: 24 }, (_, i) => create(services[(i % 2) + 1]!, regionOf(HOME, i % 2))),
    );
    const result = await rotateProvinceKey(a, HOME, { batchSize: 4 });
    const ids = await racing;
    expect(result.done).toBe(true);
    // A registration that committed after the rotation's passes is under the new version already.
    for (const r of await wrappedIn(HOME)) expect(sealedKeyId(r.dek_wrapped)).toBe(result.keyId);
    expect((await keysOf(HOME)).filter((k) => k.status !== 'destroyed').length).toBe(1);
    for (const id of ids) expect((await systemRepo(a, 'test', 'read').participants.get(id)).id).toBe(id);
  });
});
