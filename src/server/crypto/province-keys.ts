// Province keys (decision 044): each provincial office is its own data controller, so its participants' data keys
// are wrapped under a key of its own — 32 random bytes, stored only wrapped under the master key, one row per
// version in `province_keys`. Rotating a province's key re-wraps that province's data keys only; destroying it
// crypto-shreds every data key it wrapped, and nothing of another province changes. Blind indexes stay national
// (derived from the master key's root), so the national NIK duplicate review still finds a NIK in any province.
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ProvinceKeysTable } from '../db/schema.ts';
import { isPostgres } from '../db/write.ts';
import type { SyncRead } from '../db/sync-read.ts';
import type { KeyRing } from './keys.ts';
import { KeyError } from './keys.ts';
import { open, seal, SealError } from './seal.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** The wrapped column of a destroyed province key: nothing it wrapped opens again. */
export const DESTROYED = 'destroyed';

/** An opened province key: what wraps and unwraps its participants' data keys. */
export interface ProvinceKey {
  keyId: string;
  provinceCode: string;
  version: number;
  key: Buffer;
}

// p<province>v<version>-<8 random hex>: the random part keeps ids unique even when a version number is reused
// after a creation rolled back, so no process can hold other bytes under an id that the database names.
const KEY_ID = /^p(\d{2})v(\d+)-[0-9a-f]{8}$/;

/** Whether a sealed value's key id names a province key (else it names a master key). */
export const isProvinceKeyId = (keyId: string): boolean => KEY_ID.test(keyId);

/** The province whose key wraps a participant's data key: the first two digits of her region code. */
export const keyProvinceOf = (regionCode: string): string => regionCode.slice(0, 2);

const aad = (keyId: string) => `province_keys|key|${keyId}`;

/** A new province key's row (sealed under the current master key) and the opened key. */
export function newProvinceKeyRow(
  keys: KeyRing,
  provinceCode: string,
  version: number,
  now: string,
): { row: ProvinceKeysTable; key: ProvinceKey } {
  if (!/^\d{2}$/.test(provinceCode)) throw new KeyError(`Not a province code: ${provinceCode}`);
  const bytes = randomBytes(32);
  const keyId = `p${provinceCode}v${version}-${randomBytes(4).toString('hex')}`;
  return {
    row: {
      key_id: keyId,
      province_code: provinceCode,
      version,
      wrapped: seal(keys.kek, keys.kekId, bytes, aad(keyId)),
      status: 'current',
      created_at: now,
      retired_at: null,
      destroyed_at: null,
    },
    key: { keyId, provinceCode, version, key: bytes },
  };
}

/** Opens a province key row under the master key (current or previous) that wrapped it. */
export function openProvinceKeyRow(
  keys: KeyRing,
  row: Pick<ProvinceKeysTable, 'key_id' | 'province_code' | 'version' | 'wrapped'>,
): ProvinceKey {
  if (row.wrapped === DESTROYED) throw new SealError(`Province key ${row.key_id} was destroyed`);
  const kekId = row.wrapped.split('.')[1] ?? '';
  const kek = keys.kekById(kekId);
  if (!kek) throw new SealError(`Province key ${row.key_id} is wrapped under master key ${kekId}, not configured`);
  return {
    keyId: row.key_id,
    provinceCode: row.province_code,
    version: Number(row.version),
    key: open(kek, row.wrapped, aad(row.key_id)),
  };
}

/** Re-wraps a province key row's key under the current master key (master-key rotation); null when already so. */
export function rewrapProvinceKeyRow(
  keys: KeyRing,
  row: Pick<ProvinceKeysTable, 'key_id' | 'province_code' | 'version' | 'wrapped'>,
): string | null {
  if (row.wrapped === DESTROYED || row.wrapped.split('.')[1] === keys.kekId) return null;
  return seal(keys.kek, keys.kekId, openProvinceKeyRow(keys, row).key, aad(row.key_id));
}

const COLUMNS = ['key_id', 'province_code', 'version', 'wrapped', 'status'] as const;

/**
 * Opened province keys, in memory only, for the life of the process (a few per province; decision 044). Loaded at
 * start; a key made by this process is remembered as it is made; one made elsewhere (another instance, the CLI's
 * rotation) is read the moment a data key wrapped under it is met — synchronously, because unwrapping is (the
 * participant read's hot path calls it on every row), through `syncRead`, once per key and process — and
 * `refresh` (every minute once keys are in use) learns of new and destroyed ones in the background.
 */
export class ProvinceKeyRing {
  private readonly opened = new Map<string, ProvinceKey>();
  private refresher: NodeJS.Timeout | null = null;

  constructor(
    private readonly keys: KeyRing,
    private readonly syncRead?: SyncRead,
  ) {}

  /** Reads every province key: new ones are opened, destroyed ones leave memory. */
  async refresh(db: Executor): Promise<void> {
    const rows = await db.selectFrom('province_keys').select(COLUMNS).execute();
    for (const r of rows) {
      if (r.status === 'destroyed') this.opened.delete(r.key_id);
      else if (!this.opened.has(r.key_id)) this.remember(r);
    }
  }

  /** Starts the background refresh (idempotent; unref'd, so it never keeps a process alive). */
  watch(db: Executor, everyMs = 60_000): void {
    if (this.refresher) return;
    this.refresher = setInterval(() => {
      this.refresh(db).catch(() => undefined);
    }, everyMs);
    this.refresher.unref();
  }

  /** The opened key with this id; read from the database when this process has not met it yet. */
  byId(keyId: string): ProvinceKey {
    const hit = this.opened.get(keyId);
    if (hit) return hit;
    const row = this.syncRead?.(`select ${COLUMNS.join(', ')} from province_keys where key_id = ?`, [keyId])[0] as
      | Pick<ProvinceKeysTable, (typeof COLUMNS)[number]>
      | undefined;
    if (!row) throw new SealError(`Province key ${keyId} is not known`);
    return this.remember(row);
  }

  /** Whether the key with this id is held in memory now (tests). */
  holds(keyId: string): boolean {
    return this.opened.has(keyId);
  }

  /**
   * The province's current key, made on first need. Inside a transaction on PostgreSQL the current row is held
   * FOR SHARE until commit, so a rotation (which takes it FOR UPDATE to retire it) waits for every data key being
   * wrapped under it, and a data key wrapped after the rotation committed finds the new version. Two first needs
   * at once: both insert, the one-current index lets one win, the other does nothing and reads the winner's key.
   */
  async current(exec: Executor, provinceCode: string, now: string): Promise<ProvinceKey> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const q = exec
        .selectFrom('province_keys')
        .select(COLUMNS)
        .where('province_code', '=', provinceCode)
        .where('status', '=', 'current');
      const row = await (exec.isTransaction && isPostgres(exec) ? q.forShare() : q).executeTakeFirst();
      if (row) return this.opened.get(row.key_id) ?? this.remember(row);
      const top = await exec
        .selectFrom('province_keys')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('province_code', '=', provinceCode)
        .executeTakeFirst();
      const made = newProvinceKeyRow(this.keys, provinceCode, Number(top?.v ?? 0) + 1, now);
      await exec
        .insertInto('province_keys')
        .values(made.row)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    throw new KeyError(`Province ${provinceCode} has no current key`);
  }

  /** Drops keys from memory (a destroyed province key, a retired version). */
  forget(keyIds: Iterable<string>): void {
    for (const id of keyIds) this.opened.delete(id);
  }

  /** Services closing: every key leaves memory. */
  clear(): void {
    this.opened.clear();
    if (this.refresher) clearInterval(this.refresher);
    this.refresher = null;
  }

  private remember(row: Pick<ProvinceKeysTable, 'key_id' | 'province_code' | 'version' | 'wrapped'>): ProvinceKey {
    const key = openProvinceKeyRow(this.keys, row);
    this.opened.set(key.keyId, key);
    return key;
  }
}
