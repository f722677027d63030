// Key operations (decisions 008 and 044).
// - Master-key rotation: re-wraps the data root key and every province key under the current master key, and
//   moves data keys still wrapped under a master key (made before province keys) under their province's key. Run
//   it after starting the servers with the new key as BERDAYA_MASTER_KEY and the old one in
//   BERDAYA_PREVIOUS_MASTER_KEYS; afterwards the old key opens nothing and can be retired.
// - A province's key rotation: a new version, that province's data keys re-wrapped under it in batches, then the
//   old version destroyed. Resumable, safe beside registrations, and no other province's row is touched.
// - A province's erasure: its keys destroyed (crypto-shredding) and its participants erased as one erasure would.
import { sql } from 'kysely';
import type { Services } from '../context.ts';
import { open, seal, sealedKeyId } from '../crypto/seal.ts';
import { rewrapParticipantKeyUnder } from '../crypto/participant-keys.ts';
import { DESTROYED, keyProvinceOf, newProvinceKeyRow, rewrapProvinceKeyRow } from '../crypto/province-keys.ts';
import { ERASED } from '../kernel/participant-access.ts';
import { KeyError } from '../crypto/keys.ts';
import { lockForUpdate, transact, updateVersioned } from '../db/write.ts';
import { IDEMPOTENCY_FORGOTTEN } from '../db/schema.ts';
import { province as provinceNamed } from '../../shared/regions.ts';

/** Data keys under a province key (its id starts with p; a master key's is 8 hex digits). */
const UNDER_PROVINCE_KEY = 'v1.p%';

export async function rotateKeys(s: Services): Promise<{
  keyId: string;
  rootRewrapped: boolean;
  provinceKeysRewrapped: number;
  dataKeysRewrapped: number;
}> {
  const keys = s.keys;
  const provinces = s.dataKeys.provinces;
  const now = s.clock.now().toISOString();
  let rootRewrapped = false;
  let provinceKeysRewrapped = 0;
  let count = 0;
  await transact(s.db.kysely, async (trx) => {
    const stored = await trx
      .selectFrom('system_meta')
      .select('value')
      .where('key', '=', 'data_root_key')
      .executeTakeFirstOrThrow();
    const rootKeyId = sealedKeyId(stored.value);
    if (rootKeyId !== keys.kekId) {
      const kek = keys.kekById(rootKeyId);
      if (!kek) throw new KeyError(`The root key is wrapped under ${rootKeyId}, which is not configured`);
      const root = open(kek, stored.value, 'system_meta|data_root_key');
      await trx
        .updateTable('system_meta')
        .set({ value: seal(keys.kek, keys.kekId, root, 'system_meta|data_root_key') })
        .where('key', '=', 'data_root_key')
        .execute();
      rootRewrapped = true;
    }
    // Province keys: one re-wrap each, however many participants they hold.
    const rows = await lockForUpdate(
      trx,
      trx
        .selectFrom('province_keys')
        .select(['key_id', 'province_code', 'version', 'wrapped'])
        .where('status', '!=', 'destroyed'),
    ).execute();
    for (const r of rows) {
      const next = rewrapProvinceKeyRow(keys, r);
      if (next === null) continue;
      await trx.updateTable('province_keys').set({ wrapped: next }).where('key_id', '=', r.key_id).execute();
      provinceKeysRewrapped += 1;
    }
    // Data keys still under a master key move under their province's key (made on first need).
    const legacy = await trx
      .selectFrom('participants')
      .select(['id', 'region_code', 'dek_wrapped'])
      .where('dek_wrapped', '!=', ERASED)
      .where('dek_wrapped', 'not like', UNDER_PROVINCE_KEY)
      .execute();
    for (const r of legacy) {
      const target = await provinces.current(trx, keyProvinceOf(r.region_code), now);
      const next = rewrapParticipantKeyUnder(keys, provinces, r.id, r.dek_wrapped, target);
      await trx.updateTable('participants').set({ dek_wrapped: next }).where('id', '=', r.id).execute();
      count += 1;
    }
    await s.audit.appendInTx(trx, [
      {
        action: 'keys.rotate',
        actorId: null,
        actor: 'system:keys',
        outcome: 'success',
        resourceType: 'keys',
        resourceId: keys.kekId,
        detail: { rootRewrapped, provinceKeys: provinceKeysRewrapped, dataKeys: count },
      },
    ]);
  });
  return { keyId: keys.kekId, rootRewrapped, provinceKeysRewrapped, dataKeysRewrapped: count };
}

function checkProvince(code: string): void {
  if (!/^\d{2}$/.test(code) || !provinceNamed(code)) throw new KeyError(`Not a province code: ${code}`);
}

export interface ProvinceRotation {
  province: string;
  keyId: string;
  version: number;
  /** Whether this run finished a rotation an earlier run began (the new version already existed). */
  resumed: boolean;
  dataKeysRewrapped: number;
  /** Old versions destroyed at the end; 0 when the run stopped early (maxBatches) and must be run again. */
  retiredDestroyed: number;
  done: boolean;
}

/**
 * Rotates one province's key. (1) In one transaction the current version is retired (its row updated, so on
 * PostgreSQL the update waits for every registration that holds it FOR SHARE, and registrations after the commit
 * find the new version) and a new version made current. (2) The province's data keys not under the new version —
 * retired versions' and the older master-key form's — are re-wrapped in batches, each batch one transaction
 * holding its rows' locks (a transfer or an erasure of one of them waits, or is waited for). (3) When none is left,
 * the retired versions are destroyed. A run that stops (a crash, `maxBatches`) is finished by running it again: a
 * retired version still present means a rotation is under way, and no new version is made.
 */
export async function rotateProvinceKey(
  s: Services,
  province: string,
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<ProvinceRotation> {
  checkProvince(province);
  const db = s.db.kysely;
  const provinces = s.dataKeys.provinces;
  const batchSize = opts.batchSize ?? 500;
  const now = () => s.clock.now().toISOString();
  const resumed = await transact(db, async (trx) => {
    const retired = await trx
      .selectFrom('province_keys')
      .select('key_id')
      .where('province_code', '=', province)
      .where('status', '=', 'retired')
      .executeTakeFirst();
    if (retired) return true;
    const current = await lockForUpdate(
      trx,
      trx
        .selectFrom('province_keys')
        .select(['key_id', 'version'])
        .where('province_code', '=', province)
        .where('status', '=', 'current'),
    ).executeTakeFirst();
    if (current)
      await trx
        .updateTable('province_keys')
        .set({ status: 'retired', retired_at: now() })
        .where('key_id', '=', current.key_id)
        .execute();
    const top = await trx
      .selectFrom('province_keys')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('province_code', '=', province)
      .executeTakeFirst();
    await trx
      .insertInto('province_keys')
      .values(newProvinceKeyRow(s.keys, province, Number(top?.v ?? 0) + 1, now()).row)
      .execute();
    return false;
  });
  const target = await provinces.current(db, province, now());
  const underTarget = `v1.${target.keyId}.%`;
  let moved = 0;
  let after = '';
  let batches = 0;
  for (;;) {
    if (opts.maxBatches !== undefined && batches >= opts.maxBatches)
      return {
        province,
        keyId: target.keyId,
        version: target.version,
        resumed,
        dataKeysRewrapped: moved,
        retiredDestroyed: 0,
        done: false,
      };
    batches += 1;
    const n = await transact(db, async (trx) => {
      const rows = await lockForUpdate(
        trx,
        trx
          .selectFrom('participants')
          .select(['id', 'dek_wrapped'])
          .where('region_code', 'like', `${province}%`)
          .where('dek_wrapped', '!=', ERASED)
          .where('dek_wrapped', 'not like', underTarget)
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize),
      ).execute();
      for (const r of rows) {
        const next = rewrapParticipantKeyUnder(s.keys, provinces, r.id, r.dek_wrapped, target);
        await trx.updateTable('participants').set({ dek_wrapped: next }).where('id', '=', r.id).execute();
      }
      if (rows.length) after = rows[rows.length - 1]!.id;
      return rows.length;
    });
    moved += n;
    if (n < batchSize) break;
  }
  // Nothing can be wrapped under a retired version any more (registrations and transfers take the current one),
  // so when none is left the retired versions are destroyed; one left (a row the passes did not reach) is an error.
  const destroyed = await transact(db, async (trx) => {
    const left = await trx
      .selectFrom('participants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('region_code', 'like', `${province}%`)
      .where('dek_wrapped', '!=', ERASED)
      .where('dek_wrapped', 'not like', underTarget)
      .executeTakeFirstOrThrow();
    if (Number(left.n) > 0)
      throw new KeyError(`${left.n} data keys of province ${province} are not re-wrapped yet; run the rotation again`);
    const retired = await trx
      .updateTable('province_keys')
      .set({ status: 'destroyed', wrapped: DESTROYED, destroyed_at: now() })
      .where('province_code', '=', province)
      .where('status', '=', 'retired')
      .returning('key_id')
      .execute();
    await s.audit.appendInTx(trx, [
      {
        action: 'keys.province_rotate',
        actorId: null,
        actor: 'system:keys',
        outcome: 'success',
        resourceType: 'keys',
        resourceId: target.keyId,
        detail: { province, version: target.version, dataKeys: moved, resumed, retiredDestroyed: retired.length },
      },
    ]);
    return retired.map((r) => r.key_id);
  });
  provinces.forget(destroyed);
  await pushOutOfFiles(s);
  return {
    province,
    keyId: target.keyId,
    version: target.version,
    resumed,
    dataKeysRewrapped: moved,
    retiredDestroyed: destroyed.length,
    done: true,
  };
}

export interface ProvinceErasure {
  province: string;
  keysDestroyed: number;
  participantsErased: number;
  prospectAliasesCleared: number;
}

/**
 * Erases one province's personal data as its data controller may decide (decision 044), after the operator typed
 * the province's code again (`confirm`). In one transaction: every version of the province's key is destroyed
 * (crypto-shredding: each data key it wrapped, in the database, its write-ahead log, a replica or a backup made
 * from now on, can never be opened again), and each of its participants not yet erased is erased as one erasure
 * does (decision 008): data key `erased`, identity and name emptied, blind indexes and name tokens, files and her
 * outreach alias deleted; stored idempotent replies forgotten. The province's unregistered outreach aliases are
 * cleared too (sealed under a national system key, so destroying the province key would not reach them). Refused
 * while any of its participants is under a legal hold. Rows stay for statistics, as after one erasure.
 */
export async function eraseProvince(s: Services, province: string, confirm: string): Promise<ProvinceErasure> {
  checkProvince(province);
  if (confirm !== province)
    throw new KeyError(`Erasing province ${province} needs its code typed again as the confirmation`);
  const db = s.db.kysely;
  const now = s.clock.now().toISOString();
  const inProvince = `${province}%`;
  const result = await transact(db, async (trx) => {
    const held = await trx
      .selectFrom('participants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('region_code', 'like', inProvince)
      .where('legal_hold_reason', 'is not', null)
      .where('dek_wrapped', '!=', ERASED)
      .executeTakeFirstOrThrow();
    if (Number(held.n) > 0)
      throw new KeyError(`${held.n} participants of province ${province} are under a legal hold; nothing was erased`);
    const keys = await trx
      .updateTable('province_keys')
      .set({ status: 'destroyed', wrapped: DESTROYED, destroyed_at: now })
      .where('province_code', '=', province)
      .where('status', '!=', 'destroyed')
      .returning('key_id')
      .execute();
    const people = await lockForUpdate(
      trx,
      trx
        .selectFrom('participants')
        .select(['id', 'version'])
        .where('region_code', 'like', inProvince)
        .where('dek_wrapped', '!=', ERASED),
    ).execute();
    for (const p of people)
      await updateVersioned(trx, 'participants', p.id, p.version, {
        dek_wrapped: ERASED,
        identity_ct: '',
        preferred_name_ct: '',
        nik_index: null,
        held_nik_index: null,
        name_dob_index: `erased:${p.id}`,
        erased_at: now,
        updated_at: now,
      });
    const ofProvince = trx.selectFrom('participants').select('id').where('region_code', 'like', inProvince);
    await trx.deleteFrom('participant_name_tokens').where('participant_id', 'in', ofProvince).execute();
    await trx.deleteFrom('attachments').where('participant_id', 'in', ofProvince).execute();
    const aliases = await trx
      .updateTable('prospects')
      .set({ alias_ct: null, alias_index: null })
      .where('region_code', 'like', inProvince)
      .where((eb) => eb.or([eb('alias_ct', 'is not', null), eb('alias_index', 'is not', null)]))
      .executeTakeFirst();
    await trx
      .updateTable('idempotency_keys')
      .set({ status: IDEMPOTENCY_FORGOTTEN, body: '' })
      .where('status', '!=', IDEMPOTENCY_FORGOTTEN)
      .execute();
    const erased: ProvinceErasure = {
      province,
      keysDestroyed: keys.length,
      participantsErased: people.length,
      prospectAliasesCleared: Number(aliases.numUpdatedRows),
    };
    await s.audit.appendInTx(trx, [
      {
        action: 'keys.province_erase',
        actorId: null,
        actor: 'system:keys',
        outcome: 'success',
        resourceType: 'keys',
        resourceId: province,
        detail: { ...erased },
      },
    ]);
    return { erased, keyIds: keys.map((k) => k.key_id), ids: people.map((p) => p.id) };
  });
  s.dataKeys.provinces.forget(result.keyIds);
  for (const id of result.ids) s.dataKeys.forget(id);
  await pushOutOfFiles(s);
  return result.erased;
}

/** The old wrapped keys leave the files: SQLite's write-ahead log is checkpointed, PostgreSQL vacuums the tables. */
async function pushOutOfFiles(s: Services): Promise<void> {
  if (s.db.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(s.db.kysely);
  else {
    await sql`VACUUM province_keys`.execute(s.db.kysely);
    await sql`VACUUM participants`.execute(s.db.kysely);
  }
}
