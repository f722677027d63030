// The field cache on a device, in Node over an in-memory IndexedDB (fake-indexeddb) and Node's own WebCrypto: opened
// by PIN or by the server's key, five wrong PINs and the offline limit erase it (leaving the erasure to report), the
// data key never leaves memory in clear, and IndexedDB holds no name or note in clear.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldSnapshot } from '../../src/shared/field-api.ts';
import {
  createVault,
  eraseVault,
  readMeta,
  unlockWithPin,
  unlockWithServerKey,
  VaultErasedError,
  WrongPinError,
} from '../../src/web/field/index.ts';

const ITERATIONS = 1_000;
const SERVER_KEY = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
const DEVICE = '6f1c0c1e-56a5-4a7e-9a3e-0b8e3c6f1d11';

/** localStorage as a browser has it (Node 20 has none). */
class MemoryStorage {
  #m = new Map<string, string>();
  get length() {
    return this.#m.size;
  }
  clear() {
    this.#m.clear();
  }
  getItem(k: string) {
    return this.#m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.#m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.#m.delete(k);
  }
  setItem(k: string, v: string) {
    this.#m.set(k, String(v));
  }
}

const create = (pin = '123456', iterations = ITERATIONS) =>
  createVault({
    pin,
    serverKey: SERVER_KEY,
    deviceId: DEVICE,
    deviceToken: 'tok-device-secret',
    accountId: 'acc-1',
    label: 'HP saya',
    offlineDays: 7,
    pbkdf2Iterations: iterations,
  });

const snapshot: FieldSnapshot = {
  generatedAt: '2026-01-05T02:00:00.000Z',
  offlineDays: 7,
  participants: [
    {
      id: 'p-1',
      code: 'PRT-0012',
      preferredName: 'Sari Wulandari',
      stage: 'TRAINING',
      tasks: [{ kind: 'visit', due: '2026-01-07' }],
    },
  ],
  sessions: [
    {
      id: 's-1',
      cohortId: 'c-1',
      cohortName: 'Kelas Menjahit Banjarmasin',
      date: '2026-01-06',
      startTime: '09:00',
      endTime: '12:00',
      type: 'TRAINING',
      title: 'Pola dasar',
      place: 'Balai Desa Kuin Utara',
      attendanceVersion: 3,
      locked: false,
      people: [{ participantId: 'p-1', code: 'PRT-0012', preferredName: 'Sari Wulandari', status: null }],
    },
  ],
  followUps: [],
  outreachRegions: ['63.71'],
};

beforeEach(async () => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  await eraseVault('turned_off');
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the field vault', () => {
  it('is created, locked, and opened again with the PIN', async () => {
    expect(await readMeta()).toBeNull();
    const vault = await create();
    await vault.writeSnapshot(snapshot, '"abc"');
    const meta = await readMeta();
    expect(meta).toMatchObject({ deviceId: DEVICE, accountId: 'acc-1', pinFailures: 0, offlineDays: 7 });
    expect(meta).not.toHaveProperty('deviceToken');
    vault.lock();
    expect(vault.locked).toBe(true);
    await expect(vault.readSnapshot()).rejects.toThrow(/locked/);
    const again = await unlockWithPin('123456');
    expect(await again.readSnapshot()).toEqual(snapshot);
    expect(await again.snapshotEtag()).toBe('"abc"');
  });

  it('counts wrong PINs, clears the count on the right one, and erases at the fifth', async () => {
    (await create()).lock();
    await expect(unlockWithPin('000000')).rejects.toMatchObject({ name: 'WrongPinError', remaining: 4 });
    expect((await readMeta())?.pinFailures).toBe(1);
    (await unlockWithPin('123456')).lock();
    expect((await readMeta())?.pinFailures).toBe(0);
    for (const remaining of [4, 3, 2, 1]) {
      const err = await unlockWithPin('999999').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongPinError);
      expect(err).toMatchObject({ remaining });
    }
    const fifth = await unlockWithPin('999999').catch((e: unknown) => e);
    expect(fifth).toBeInstanceOf(VaultErasedError);
    expect(fifth).toMatchObject({ reason: 'pin_failures' });
    expect(await readMeta()).toBeNull();
    const pending = JSON.parse(localStorage.getItem('berdaya.field.erased') ?? '[]');
    expect(pending).toEqual([
      { deviceId: DEVICE, token: 'tok-device-secret', reason: 'pin_failures', at: expect.any(String) },
    ]);
  });

  it('stores a wrong PIN’s count before the PIN check ends (closing the page mid-check does not undo it)', async () => {
    (await create('123456', 300_000)).lock();
    let settled = false;
    const attempt = unlockWithPin('000000')
      .catch(() => undefined)
      .finally(() => {
        settled = true;
      });
    let seenBeforeEnd = false;
    while (!settled) {
      if ((await readMeta())?.pinFailures === 1 && !settled) seenBeforeEnd = true;
      await new Promise((r) => setTimeout(r, 1));
    }
    await attempt;
    expect(seenBeforeEnd).toBe(true);
  });

  it('opens with the server’s key, which alone can set a new PIN', async () => {
    (await create()).lock();
    await unlockWithPin('111111').catch(() => undefined);
    const byServer = await unlockWithServerKey(SERVER_KEY);
    expect((await readMeta())?.pinFailures).toBe(0);
    await byServer.setPin('24681357');
    byServer.lock();
    await expect(unlockWithPin('123456')).rejects.toBeInstanceOf(WrongPinError);
    const byPin = await unlockWithPin('24681357');
    await expect(byPin.setPin('13572468')).rejects.toThrow(/server key/);
    const other = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    await expect(unlockWithServerKey(other)).rejects.toThrow();
  });

  it('erases itself when opened after its offline limit', async () => {
    (await create()).lock();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 7 * 86_400_000 + 60_000);
    const err = await unlockWithPin('123456').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultErasedError);
    expect(err).toMatchObject({ reason: 'expired' });
    expect(await readMeta()).toBeNull();
    expect(localStorage.getItem('berdaya.field.erased')).toContain('"expired"');
  });

  it('keeps the data key non-extractable in memory (only setPin unwraps an extractable copy, and drops it)', async () => {
    const unwrapped: CryptoKey[] = [];
    const real = crypto.subtle.unwrapKey.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'unwrapKey').mockImplementation(async (...args: Parameters<SubtleCrypto['unwrapKey']>) => {
      const key = await real(...args);
      unwrapped.push(key);
      return key;
    });
    const created = await create();
    created.lock();
    await unlockWithPin('123456');
    await unlockWithServerKey(SERVER_KEY);
    expect(unwrapped).toHaveLength(3);
    for (const key of unwrapped) {
      expect(key.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    }
  });

  it('keeps the outbox in the order it was made', async () => {
    const vault = await create();
    const a = await vault.enqueue({
      kind: 'note',
      route: 'POST /api/participants/:id/notes',
      params: { id: 'p-1' },
      body: { type: 'GENERAL', body: 'satu' },
      summary: '1',
    });
    const b = await vault.enqueue({ kind: 'outreach', route: 'POST /api/outreach', body: {}, summary: '2' });
    const c = await vault.enqueue({
      kind: 'attendance',
      route: 'PUT /api/sessions/:id/attendance',
      params: { id: 's-1' },
      body: [],
      ifMatch: 3,
      summary: '3',
    });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    await vault.updateItem({ ...a, state: 'conflict' });
    await vault.replaceItem(b.id, { ...b, id: 'b2', attempts: 2 });
    expect((await vault.listOutbox()).map((i) => [i.id, i.seq, i.state])).toEqual([
      [a.id, 1, 'conflict'],
      ['b2', 2, 'waiting'],
      [c.id, 3, 'waiting'],
    ]);
    await vault.removeItem('b2');
    const d = await vault.enqueue({ kind: 'outreach', route: 'POST /api/outreach', body: {}, summary: '4' });
    expect((await vault.listOutbox()).map((i) => i.id)).toEqual([a.id, c.id, d.id]);
    expect((await vault.listOutbox())[1]).toMatchObject({ ifMatch: 3, params: { id: 's-1' }, summary: '3' });
  });

  it('holds no name, note or summary in clear in IndexedDB', async () => {
    const vault = await create();
    await vault.writeSnapshot(snapshot, '"etag-1"');
    await vault.enqueue({
      kind: 'note',
      route: 'POST /api/participants/:id/notes',
      params: { id: 'p-1' },
      body: { type: 'GENERAL', body: 'Dia bercerita tentang anaknya yang sakit' },
      summary: 'PRT-0012 · Sari Wulandari · 7 Jan',
    });
    const dump = await rawDump('berdaya-field');
    // The walker sees the clear columns (the checks can fail).
    expect(dump).toContain(DEVICE);
    for (const secret of [
      'Sari Wulandari',
      'Wulandari',
      'PRT-0012',
      'anaknya',
      'Kelas Menjahit',
      'Balai Desa Kuin',
      'Pola dasar',
      'p-1',
      'etag-1',
    ]) {
      expect(dump, secret).not.toContain(secret);
    }
  });

  it('refuses a sealed record moved to another place', async () => {
    const vault = await create();
    const a = await vault.enqueue({ kind: 'outreach', route: 'POST /api/outreach', body: { x: 1 }, summary: 'a' });
    await vault.enqueue({ kind: 'outreach', route: 'POST /api/outreach', body: { x: 2 }, summary: 'b' });
    await moveRaw('berdaya-field', 'outbox', a.id, 'moved-id');
    await expect(vault.listOutbox()).rejects.toThrow();
  });
});

/** Every value of every object store of an IndexedDB database, as text (bytes decoded both as UTF-8 and Latin-1). */
async function rawDump(name: string): Promise<string> {
  const db = await openRaw(name);
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
      const bytes = v instanceof Uint8Array ? v : new Uint8Array(v);
      parts.push(new TextDecoder().decode(bytes), Buffer.from(bytes).toString('latin1'));
    } else if (typeof v === 'string' || typeof v === 'number') parts.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        parts.push(k);
        walk(x);
      }
    }
  };
  for (const store of Array.from(db.objectStoreNames)) {
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    walk(all);
  }
  db.close();
  return parts.join('\n');
}

async function moveRaw(name: string, store: string, from: string, to: string): Promise<void> {
  const db = await openRaw(name);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    const os = tx.objectStore(store);
    const req = os.get(from);
    req.onsuccess = () => {
      os.delete(from);
      os.put({ ...req.result, id: to });
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
