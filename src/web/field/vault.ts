// The field cache on this device: the Dexie database `berdaya-field`. Its clear columns are ids, seq, state, counts
// and timestamps only (and the device's label and token, see MetaRow); every other value is sealed with the data
// key (crypto.ts) with its table and key bound in as associated data. Opened by her PIN offline, or by the key the
// server releases at sign-in; five wrong PINs, the offline limit, sign-out or the server's order erase it.
import { Dexie, type Table } from 'dexie';
import type { FieldEraseReason, FieldSnapshot } from '../../shared/field-api.ts';
import { ApiError, newIdempotencyKey, request } from '../data/client.ts';
import {
  generateDataKey,
  PBKDF2_ITERATIONS,
  pinKey,
  randomBytes,
  type Sealed,
  seal,
  serverKey,
  unseal,
  unwrap,
  type Wrapped,
  wrap,
} from './crypto.ts';
import {
  type EnqueueArgs,
  type MetaPatch,
  type OpenVault,
  type OutboxItem,
  VaultErasedError,
  type VaultMeta,
  WrongPinError,
} from './types.ts';
import { DB_NAME, PENDING_ERASURE_KEY } from './presence.ts';

export { DB_NAME, PENDING_ERASURE_KEY };
export const MAX_PIN_FAILURES = 5;
export const PIN_RULE = { minLength: 6, maxLength: 12 } as const;

/** Digits only, 6 to 12 of them. */
export const isValidPin = (pin: string): boolean =>
  new RegExp(`^\\d{${PIN_RULE.minLength},${PIN_RULE.maxLength}}$`).test(pin);

/**
 * The one clear row. The device token is here, not sealed: it must work before any PIN — the contact on start-up is
 * how a revoked device learns to erase itself, and an erasure must be reported after the key is gone. It grants
 * nothing but reporting this device's contact and erasure (no record, no session).
 */
interface MetaRow extends VaultMeta {
  key: 'meta';
  deviceToken: string;
}
/** The data key wrapped twice, with the PIN key's salt and work factor. */
interface WrappedRow {
  key: 'keys';
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  pin: Wrapped;
  server: Wrapped;
}
interface SealedRow extends Sealed {
  key: string;
}
interface OutboxRow extends Sealed {
  id: string;
  seq: number;
  state: OutboxItem['state'];
}
/** The part of an outbox item that is sealed (all but its id, seq and state). */
type OutboxSealed = Omit<OutboxItem, 'id' | 'seq' | 'state'>;

class FieldDb extends Dexie {
  declare meta: Table<MetaRow, string>;
  declare wrapped: Table<WrappedRow, string>;
  declare snapshot: Table<SealedRow, string>;
  declare outbox: Table<OutboxRow, string>;
  constructor() {
    super(DB_NAME);
    this.version(1).stores({ meta: '&key', wrapped: '&key', snapshot: '&key', outbox: '&id, seq' });
  }
}

let database: FieldDb | null = null;
const db = (): FieldDb => {
  database ??= new FieldDb();
  return database;
};

/** Every vault opened in this page, so that an erasure forgets all their keys. */
const openVaults = new Set<Vault>();

const publicMeta = ({ key: _key, deviceToken: _token, ...meta }: MetaRow): VaultMeta => meta;

const expired = (meta: VaultMeta, now: number): boolean =>
  Date.parse(meta.lastOnlineAt) + meta.offlineDays * 86_400_000 < now;

class Vault implements OpenVault {
  #key: CryptoKey | null;
  /** The server's key, kept only when the vault was opened with it: the one way to set a new PIN. */
  #serverKek: CryptoKey | null;
  #meta: VaultMeta;

  constructor(meta: VaultMeta, key: CryptoKey, serverKek: CryptoKey | null) {
    this.#meta = meta;
    this.#key = key;
    this.#serverKek = serverKek;
    openVaults.add(this);
  }

  get meta(): VaultMeta {
    return this.#meta;
  }

  get locked(): boolean {
    return this.#key === null;
  }

  /** Set when an erasure locked this vault: its readers then say the cache is gone, not merely locked. */
  #erased: FieldEraseReason | null = null;

  #dataKey(): CryptoKey {
    if (this.#erased) throw new VaultErasedError(this.#erased);
    if (!this.#key) throw new Error('The field cache is locked');
    return this.#key;
  }

  async readSnapshot(): Promise<FieldSnapshot | null> {
    const key = this.#dataKey();
    const row = await db().snapshot.get('snapshot');
    return row ? unseal<FieldSnapshot>(key, 'snapshot', 'snapshot', row) : null;
  }

  async writeSnapshot(snapshot: FieldSnapshot, etag: string | null): Promise<void> {
    const key = this.#dataKey();
    // Sealed before the transaction: an IndexedDB transaction closes while WebCrypto works.
    const body = await seal(key, 'snapshot', 'snapshot', snapshot);
    const tag = await seal(key, 'snapshot', 'etag', etag);
    await db().snapshot.bulkPut([
      { key: 'snapshot', ...body },
      { key: 'etag', ...tag },
    ]);
  }

  async snapshotEtag(): Promise<string | null> {
    const key = this.#dataKey();
    const row = await db().snapshot.get('etag');
    return row ? unseal<string | null>(key, 'snapshot', 'etag', row) : null;
  }

  async listOutbox(): Promise<OutboxItem[]> {
    const key = this.#dataKey();
    const rows = await db().outbox.orderBy('seq').toArray();
    return Promise.all(
      rows.map(async (row) => ({
        ...(await unseal<OutboxSealed>(key, 'outbox', row.id, row)),
        id: row.id,
        seq: row.seq,
        state: row.state,
      })),
    );
  }

  async #row(item: OutboxItem): Promise<OutboxRow> {
    const { id, seq, state, ...rest } = item;
    const sealed = await seal(this.#dataKey(), 'outbox', id, rest satisfies OutboxSealed);
    return { id, seq, state, ...sealed };
  }

  async enqueue(args: EnqueueArgs): Promise<OutboxItem> {
    const item: OutboxItem = {
      id: newIdempotencyKey(),
      seq: 0,
      kind: args.kind,
      route: args.route,
      ...(args.params ? { params: args.params } : {}),
      body: args.body,
      ...(args.ifMatch !== undefined ? { ifMatch: args.ifMatch } : {}),
      deviceTime: new Date().toISOString(),
      summary: args.summary,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: null,
    };
    const row = await this.#row(item);
    const d = db();
    await d.transaction('rw', d.outbox, async () => {
      const last = await d.outbox.orderBy('seq').last();
      item.seq = row.seq = (last?.seq ?? 0) + 1;
      await d.outbox.add(row);
    });
    return item;
  }

  async updateItem(item: OutboxItem): Promise<void> {
    await db().outbox.put(await this.#row(item));
  }

  async removeItem(id: string): Promise<void> {
    this.#dataKey();
    await db().outbox.delete(id);
  }

  async replaceItem(oldId: string, item: OutboxItem): Promise<void> {
    const row = await this.#row(item);
    const d = db();
    await d.transaction('rw', d.outbox, async () => {
      await d.outbox.delete(oldId);
      await d.outbox.put(row);
    });
  }

  async updateMeta(patch: MetaPatch): Promise<void> {
    this.#dataKey();
    const d = db();
    const next = await d.transaction('rw', d.meta, async () => {
      const row = await d.meta.get('meta');
      if (!row) throw new VaultErasedError('turned_off');
      const updated: MetaRow = { ...row, ...patch };
      await d.meta.put(updated);
      return updated;
    });
    this.#meta = publicMeta(next);
  }

  async setPin(pin: string): Promise<void> {
    if (!isValidPin(pin)) throw new Error('A PIN is 6 to 12 digits');
    const serverKek = this.#serverKek;
    if (!serverKek || this.locked) throw new Error('A new PIN needs the vault opened with the server key');
    const d = db();
    const keys = await d.wrapped.get('keys');
    if (!keys) throw new VaultErasedError('turned_off');
    const salt = randomBytes(16);
    // The only extractable copy of the data key after creation: wrapped under the new PIN key and dropped.
    const extractable = await unwrap(keys.server, serverKek, 'server', true);
    const pinWrapped = await wrap(extractable, await pinKey(pin, salt, keys.iterations), 'pin');
    await d.transaction('rw', d.wrapped, d.meta, async () => {
      await d.wrapped.put({ ...keys, salt, pin: pinWrapped });
      await d.meta.update('meta', { pinFailures: 0 });
    });
    this.#meta = { ...this.#meta, pinFailures: 0 };
  }

  lock(): void {
    this.#key = null;
    this.#serverKek = null;
    openVaults.delete(this);
  }

  /** Locks it for good: the cache it opened was erased. */
  erased(reason: FieldEraseReason): void {
    this.#erased = reason;
    this.lock();
  }
}

/** The clear facts of the field cache on this device; null when there is none. */
export async function readMeta(): Promise<VaultMeta | null> {
  // Asked on every start: a device without field mode is not left with an empty database.
  if (!database && !(await Dexie.exists(DB_NAME))) return null;
  const row = await db().meta.get('meta');
  return row ? publicMeta(row) : null;
}

/** The device's token (clear, see MetaRow), for the calls a device makes without a session. */
export async function readDeviceToken(): Promise<string | null> {
  return (await db().meta.get('meta'))?.deviceToken ?? null;
}

/** How many writes wait in the outbox, from the items' clear state alone (no key needed). */
export async function countWaiting(): Promise<number> {
  if (!database && !(await Dexie.exists(DB_NAME))) return 0;
  return db()
    .outbox.filter((row) => row.state !== 'conflict')
    .count();
}

/** Turns field mode on: a new data key, wrapped under her PIN and under the server's key. */
export async function createVault(args: {
  pin: string;
  /** base64, 32 bytes. */
  serverKey: string;
  deviceId: string;
  deviceToken: string;
  accountId: string;
  label: string;
  offlineDays: number;
  /** PBKDF2's work factor; PBKDF2_ITERATIONS unless a test asks for less (never below 1 000). */
  pbkdf2Iterations?: number;
}): Promise<OpenVault> {
  if (!isValidPin(args.pin)) throw new Error('A PIN is 6 to 12 digits');
  const d = db();
  if (await d.meta.get('meta')) throw new Error('A field cache already exists on this device');
  const iterations = args.pbkdf2Iterations ?? PBKDF2_ITERATIONS;
  const salt = randomBytes(16);
  const pinKek = await pinKey(args.pin, salt, iterations);
  const serverKek = await serverKey(args.serverKey);
  const generated = await generateDataKey();
  const pin = await wrap(generated, pinKek, 'pin');
  const server = await wrap(generated, serverKek, 'server');
  // The key kept in memory is the non-extractable one unwrapped from the PIN's wrapping; the generated one is dropped.
  const key = await unwrap(pin, pinKek, 'pin');
  const now = new Date().toISOString();
  const meta: VaultMeta = {
    deviceId: args.deviceId,
    accountId: args.accountId,
    label: args.label,
    createdAt: now,
    lastSyncAt: null,
    lastOnlineAt: now,
    offlineDays: args.offlineDays,
    pinFailures: 0,
    held: null,
  };
  await d.transaction('rw', d.meta, d.wrapped, async () => {
    await d.wrapped.put({ key: 'keys', salt, iterations, pin, server });
    await d.meta.put({ key: 'meta', deviceToken: args.deviceToken, ...meta });
  });
  return new Vault(meta, key, serverKek);
}

async function requireMeta(): Promise<MetaRow> {
  const row = await db().meta.get('meta');
  if (!row) throw new Error('There is no field cache on this device');
  return row;
}

/**
 * Opens the cache with her PIN. The failure is counted before the PIN is checked, so closing the page during the
 * check does not undo it; the fifth wrong PIN erases the cache, as does the offline limit.
 */
export async function unlockWithPin(pin: string): Promise<OpenVault> {
  const meta = await requireMeta();
  if (expired(meta, Date.now())) {
    await eraseVault('expired');
    throw new VaultErasedError('expired');
  }
  if (meta.pinFailures >= MAX_PIN_FAILURES) {
    await eraseVault('pin_failures');
    throw new VaultErasedError('pin_failures');
  }
  // A PIN that cannot be one is refused before counting: it reveals nothing.
  if (!isValidPin(pin)) throw new WrongPinError(MAX_PIN_FAILURES - meta.pinFailures);
  const d = db();
  const failures = await d.transaction('rw', d.meta, async () => {
    const row = await d.meta.get('meta');
    if (!row) throw new Error('There is no field cache on this device');
    await d.meta.update('meta', { pinFailures: row.pinFailures + 1 });
    return row.pinFailures + 1;
  });
  const keys = await d.wrapped.get('keys');
  if (!keys) throw new Error('There is no field cache on this device');
  let key: CryptoKey;
  try {
    key = await unwrap(keys.pin, await pinKey(pin, keys.salt, keys.iterations), 'pin');
  } catch {
    if (failures >= MAX_PIN_FAILURES) {
      await eraseVault('pin_failures');
      throw new VaultErasedError('pin_failures');
    }
    throw new WrongPinError(MAX_PIN_FAILURES - failures);
  }
  await d.meta.update('meta', { pinFailures: 0 });
  return new Vault({ ...publicMeta(meta), pinFailures: 0 }, key, null);
}

/**
 * Opens the cache with the key the server released at sign-in (so she is online and signed in): clears the PIN
 * failures, counts as contact, and lets her set a new PIN.
 */
export async function unlockWithServerKey(key: string): Promise<OpenVault> {
  const meta = await requireMeta();
  const d = db();
  const keys = await d.wrapped.get('keys');
  if (!keys) throw new Error('There is no field cache on this device');
  const serverKek = await serverKey(key);
  const dataKey = await unwrap(keys.server, serverKek, 'server');
  const lastOnlineAt = new Date().toISOString();
  await d.meta.update('meta', { pinFailures: 0, lastOnlineAt });
  return new Vault({ ...publicMeta(meta), pinFailures: 0, lastOnlineAt }, dataKey, serverKek);
}

// ---------------------------------------------------------------- erasure
interface PendingErasure {
  deviceId: string;
  token: string;
  reason: FieldEraseReason;
  at: string;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function readPending(): PendingErasure[] {
  const text = storage()?.getItem(PENDING_ERASURE_KEY);
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    const list = Array.isArray(value) ? value : [value];
    return list.filter(
      (p): p is PendingErasure =>
        typeof p === 'object' && p !== null && typeof p.deviceId === 'string' && typeof p.token === 'string',
    );
  } catch {
    return [];
  }
}

function writePending(list: PendingErasure[]): void {
  const s = storage();
  if (!s) return;
  if (list.length === 0) s.removeItem(PENDING_ERASURE_KEY);
  else s.setItem(PENDING_ERASURE_KEY, JSON.stringify(list));
}

/**
 * Deletes the database and every key in memory, and leaves a small report (device, token, reason, time) in
 * localStorage for reportPendingErasure: the server learns of the erasure even when it happened offline.
 */
export async function eraseVault(reason: FieldEraseReason): Promise<void> {
  const d = db();
  let row: MetaRow | undefined;
  try {
    row = await d.meta.get('meta');
  } catch {
    row = undefined;
  }
  if (row) {
    const { deviceId, deviceToken } = row;
    const others = readPending().filter((p) => p.deviceId !== deviceId);
    writePending([...others, { deviceId, token: deviceToken, reason, at: new Date().toISOString() }]);
  }
  for (const v of [...openVaults]) v.erased(reason);
  d.close();
  database = null;
  await Dexie.delete(DB_NAME);
}

/** Sends the erasures not yet reported; each is dropped once the server has it (2xx) or does not know the device (404). */
export async function reportPendingErasure(): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  for (const p of readPending()) {
    try {
      await request('POST /api/field/devices/:id/erased', {
        params: { id: p.deviceId },
        body: { reason: p.reason, deviceTime: p.at },
        fieldToken: p.token,
      });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) continue;
    }
    writePending(readPending().filter((q) => q.deviceId !== p.deviceId));
  }
}
