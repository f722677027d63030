// The field sync over a real (in-memory) IndexedDB and Node's WebCrypto; only the network is scripted — fetch is the
// browser's boundary to the server, whose own behaviour is tested against real databases and, end to end, in
// Chromium. A pass: contact → the outbox in order (2xx removed, back-off on no answer or 5xx, 401 stops, 412 and a
// rule's refusal become conflicts with the current record) → the snapshot with If-None-Match.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldSnapshot } from '../../src/shared/field-api.ts';
import {
  contactLocked,
  createVault,
  eraseVault,
  FieldSync,
  type OpenVault,
  readMeta,
  reportPendingErasure,
} from '../../src/web/field/index.ts';

const DEVICE = '6f1c0c1e-56a5-4a7e-9a3e-0b8e3c6f1d11';
const SESSION = '0b3f7c59-8c42-4f36-a4a5-3f1a1a2f3c01';
const FOLLOW_UP = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
const PARTICIPANT = '2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6';
const SERVER_KEY = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');

class MemoryStorage {
  #m = new Map<string, string>();
  getItem(k: string) {
    return this.#m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.#m.set(k, String(v));
  }
  removeItem(k: string) {
    this.#m.delete(k);
  }
  clear() {
    this.#m.clear();
  }
}

const snapshot: FieldSnapshot = {
  generatedAt: '2026-01-05T02:00:00.000Z',
  offlineDays: 5,
  participants: [{ id: PARTICIPANT, code: 'PRT-0012', preferredName: 'Sari', stage: 'TRAINING', tasks: [] }],
  sessions: [],
  followUps: [],
  outreachRegions: [],
};
const register = (version: number) => ({ sessionId: SESSION, locked: false, version, items: [] });
const followUp = (version: number) => ({
  id: FOLLOW_UP,
  participantId: PARTICIPANT,
  code: 'PRT-0012',
  preferredName: 'Sari',
  cohortId: null,
  pointMonths: 3,
  dueDate: '2026-01-10',
  assigneeId: null,
  assignee: null,
  status: 'DUE',
  overdue: false,
  cancelReason: null,
  version,
  visits: [],
  equipment: [],
});
const note = {
  id: 'n-1',
  type: 'GENERAL',
  body: 'x',
  author: null,
  authorId: 'a',
  createdAt: 't',
  updatedAt: 't',
  version: 0,
  revisions: 0,
};

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}
type Handler = (call: Call) => Response | Promise<Response> | 'network';
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const failure = (status: number, code: string) => json(status, { error: { code, message: code, requestId: 'r' } });

/** The scripted server: a handler per "METHOD /path"; contact keeps and the snapshot answers by default. */
function server(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const defaults: Record<string, Handler> = {
    [`POST /api/field/devices/${DEVICE}/contact`]: () =>
      json(200, { action: 'keep', reason: null, offlineDays: 5, serverTime: new Date().toISOString() }),
    'GET /api/field/snapshot': (c) =>
      c.headers['if-none-match'] === '"s1"'
        ? new Response(null, { status: 304 })
        : json(200, snapshot, { etag: '"s1"' }),
  };
  const fetchStub = vi.fn(async (path: string, init: RequestInit) => {
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const call: Call = {
      method: init.method ?? 'GET',
      path,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const h = handlers[`${call.method} ${path}`] ?? defaults[`${call.method} ${path}`];
    if (!h) return failure(404, 'not_found');
    const res = await h(call);
    if (res === 'network') throw new TypeError('Failed to fetch');
    return res;
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    calls,
    writes: () => calls.filter((c) => c.method !== 'GET' && !c.path.startsWith('/api/field/')),
    paths: () => calls.map((c) => `${c.method} ${c.path}`),
  };
}

let vault: OpenVault;
let clock: number;
const now = () => new Date(clock);

const attendance = (v: OpenVault, ifMatch = 3, summary = 'register') =>
  v.enqueue({
    kind: 'attendance',
    route: 'PUT /api/sessions/:id/attendance',
    params: { id: SESSION },
    body: [{ participantId: PARTICIPANT, status: 'PRESENT' }],
    ifMatch,
    summary,
  });
const noteItem = (v: OpenVault, text = 'catatan') =>
  v.enqueue({
    kind: 'note',
    route: 'POST /api/participants/:id/notes',
    params: { id: PARTICIPANT },
    body: { type: 'GENERAL', body: text },
    summary: 'note',
  });

beforeEach(async () => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  await eraseVault('turned_off');
  localStorage.clear();
  clock = Date.parse('2026-01-05T03:00:00.000Z');
  vault = await createVault({
    pin: '123456',
    serverKey: SERVER_KEY,
    deviceId: DEVICE,
    deviceToken: 'tok-1',
    accountId: 'acc-1',
    label: 'HP',
    offlineDays: 7,
    pbkdf2Iterations: 1_000,
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a sync pass', () => {
  it('contacts, sends the outbox in order with its headers, removes what was taken, then fetches the snapshot', async () => {
    const net = server({
      [`PUT /api/sessions/${SESSION}/attendance`]: () => json(200, register(4), { etag: '"4"' }),
      [`POST /api/participants/${PARTICIPANT}/notes`]: () => json(201, note),
    });
    const a = await attendance(vault);
    const n = await noteItem(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    expect(net.paths()).toEqual([
      `POST /api/field/devices/${DEVICE}/contact`,
      `PUT /api/sessions/${SESSION}/attendance`,
      `POST /api/participants/${PARTICIPANT}/notes`,
      'GET /api/field/snapshot',
    ]);
    const [contact, put, post, snap] = net.calls;
    expect(contact?.headers['x-field-token']).toBe('tok-1');
    expect(contact?.body).toEqual({ deviceTime: now().toISOString(), waiting: 2, conflicts: [] });
    expect(put?.headers).toMatchObject({
      'idempotency-key': a.id,
      'if-match': '"3"',
      'x-field-device': DEVICE,
      'x-device-time': a.deviceTime,
    });
    expect(post?.headers['idempotency-key']).toBe(n.id);
    expect(post?.headers['if-match']).toBeUndefined();
    expect(snap?.headers['x-field-device']).toBe(DEVICE);
    expect(snap?.headers['if-none-match']).toBeUndefined();
    expect(await vault.listOutbox()).toEqual([]);
    expect(await vault.readSnapshot()).toEqual(snapshot);
    expect(sync.state).toMatchObject({ online: true, waiting: 0, conflicts: 0, lastError: null });
    expect(sync.state.lastSyncAt).toBe(now().toISOString());
    expect(await readMeta()).toMatchObject({
      lastSyncAt: now().toISOString(),
      lastOnlineAt: now().toISOString(),
      offlineDays: 5,
      held: { participants: 1, sessions: 0, followUps: 0 },
    });

    // Nothing new: one small request answered 304, and the copy held stays.
    net.calls.length = 0;
    await sync.syncNow();
    expect(net.calls.find((c) => c.path === '/api/field/snapshot')?.headers['if-none-match']).toBe('"s1"');
    // The conflicts are those the server heard of at the first contact, so no contact: the snapshot's request alone.
    expect(net.paths()).toEqual(['GET /api/field/snapshot']);
    expect(await vault.readSnapshot()).toEqual(snapshot);
  });

  it('backs off on no answer and on 5xx (5 s × 2^n), keeps the order, and tries again when due', async () => {
    let answer: 'network' | 500 | 200 = 'network';
    const net = server({
      [`PUT /api/sessions/${SESSION}/attendance`]: () =>
        answer === 'network' ? 'network' : answer === 500 ? failure(500, 'internal_error') : json(200, register(4)),
      [`POST /api/participants/${PARTICIPANT}/notes`]: () => json(201, note),
    });
    await attendance(vault);
    await noteItem(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    let [first, second] = await vault.listOutbox();
    expect(first).toMatchObject({
      state: 'waiting',
      attempts: 1,
      nextAttemptAt: new Date(clock + 5_000).toISOString(),
    });
    expect(second).toMatchObject({ state: 'waiting', attempts: 0 });
    expect(net.writes()).toHaveLength(1);
    expect(net.paths()).not.toContain('GET /api/field/snapshot');
    expect(sync.state).toMatchObject({ online: false, lastError: 'network_error', waiting: 2 });

    // Not yet due: nothing is sent, not even the item behind it.
    net.calls.length = 0;
    clock += 4_000;
    await sync.syncNow();
    expect(net.writes()).toHaveLength(0);

    answer = 500;
    clock += 1_000;
    await sync.syncNow();
    [first] = await vault.listOutbox();
    expect(first).toMatchObject({ attempts: 2, nextAttemptAt: new Date(clock + 10_000).toISOString() });
    expect(sync.state).toMatchObject({ online: true, lastError: 'internal_error' });

    answer = 200;
    clock += 10_000;
    net.calls.length = 0;
    await sync.syncNow();
    expect(net.writes().map((c) => c.path)).toEqual([
      `/api/sessions/${SESSION}/attendance`,
      `/api/participants/${PARTICIPANT}/notes`,
    ]);
    expect(await vault.listOutbox()).toEqual([]);
  });

  it('caps the back-off at five minutes', async () => {
    server({ [`PUT /api/sessions/${SESSION}/attendance`]: () => failure(503, 'internal_error') });
    const a = await attendance(vault);
    await vault.updateItem({ ...a, attempts: 9 });
    await new FieldSync(vault, { now }).syncNow();
    expect((await vault.listOutbox())[0]?.nextAttemptAt).toBe(new Date(clock + 300_000).toISOString());
  });

  it('stops at a 401 and leaves the item as it was', async () => {
    const net = server({
      [`PUT /api/sessions/${SESSION}/attendance`]: () => failure(401, 'unauthenticated'),
    });
    const a = await attendance(vault);
    await noteItem(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    expect(net.writes()).toHaveLength(1);
    expect(net.paths()).not.toContain('GET /api/field/snapshot');
    const [first] = await vault.listOutbox();
    expect(first).toEqual({ ...a, state: 'waiting' });
    expect(sync.state).toMatchObject({ lastError: 'unauthenticated', waiting: 2 });
  });

  it('makes a 412 a conflict with the current register beside hers, reports it, and re-sends hers on the current version', async () => {
    const version = 7;
    const net = server({
      [`PUT /api/sessions/${SESSION}/attendance`]: (c) =>
        c.headers['if-match'] === `"${version}"` ? json(200, register(version + 1)) : failure(412, 'stale_version'),
      [`GET /api/sessions/${SESSION}/attendance`]: () => json(200, register(version), { etag: `"${version}"` }),
      [`POST /api/participants/${PARTICIPANT}/notes`]: () => json(201, note),
    });
    const a = await attendance(vault, 3);
    const n = await noteItem(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    // The conflict does not hold back the note behind it.
    expect(net.writes().map((c) => c.method)).toEqual(['PUT', 'POST']);
    const [conflict, ...rest] = await vault.listOutbox();
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({
      id: a.id,
      seq: a.seq,
      state: 'conflict',
      conflict: {
        status: 412,
        code: 'stale_version',
        openedAt: now().toISOString(),
        current: register(7),
        currentVersion: 7,
        canResend: true,
      },
    });
    expect(sync.state).toMatchObject({ waiting: 0, conflicts: 1 });
    expect(n.seq).toBeGreaterThan(a.seq);

    // The next contact reports it: kind and age, no content.
    net.calls.length = 0;
    clock += 60_000;
    await sync.syncNow();
    expect(net.calls[0]?.body).toEqual({
      deviceTime: now().toISOString(),
      waiting: 0,
      conflicts: [{ id: a.id, kind: 'attendance', openedAt: new Date(clock - 60_000).toISOString() }],
    });

    net.calls.length = 0;
    await sync.resendMine(a.id);
    const put = net.writes()[0];
    expect(put?.headers['if-match']).toBe('"7"');
    expect(put?.headers['idempotency-key']).not.toBe(a.id);
    expect(put?.headers['x-device-time']).toBe(a.deviceTime);
    expect(put?.body).toEqual(a.body);
    expect(await vault.listOutbox()).toEqual([]);
    expect(sync.state.conflicts).toBe(0);
  });

  it('keeps the resent item in its place in the order', async () => {
    let puts = 0;
    server({
      [`PUT /api/sessions/${SESSION}/attendance`]: () =>
        ++puts === 1 ? failure(412, 'stale_version') : failure(503, 'internal_error'),
      [`GET /api/sessions/${SESSION}/attendance`]: () => json(200, register(9)),
      [`POST /api/participants/${PARTICIPANT}/notes`]: () => failure(503, 'internal_error'),
    });
    const a = await attendance(vault);
    await noteItem(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    await sync.resendMine(a.id);
    const items = await vault.listOutbox();
    expect(items.map((i) => [i.seq, i.kind, i.state])).toEqual([
      [1, 'attendance', 'waiting'],
      [2, 'note', 'waiting'],
    ]);
    expect(items[0]?.id).not.toBe(a.id);
    expect(items[0]?.ifMatch).toBe(9);
  });

  it('makes a rule’s refusal a conflict that cannot be re-sent; discarding removes it', async () => {
    server({
      [`PUT /api/sessions/${SESSION}/attendance`]: () => failure(409, 'attendance_locked'),
      [`GET /api/sessions/${SESSION}/attendance`]: () => json(200, register(3)),
      [`POST /api/participants/${PARTICIPANT}/notes`]: () => failure(403, 'consent_required'),
    });
    const a = await attendance(vault);
    const n = await noteItem(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    const [ca, cn] = await vault.listOutbox();
    expect(ca?.conflict).toMatchObject({
      status: 409,
      code: 'attendance_locked',
      canResend: false,
      current: register(3),
    });
    expect(cn?.conflict).toMatchObject({ status: 403, code: 'consent_required', canResend: false, current: null });
    await sync.discardMine(a.id);
    expect((await vault.listOutbox()).map((i) => i.id)).toEqual([n.id]);
  });

  it('reads the follow-up as it stands when a visit meets a 412', async () => {
    server({
      [`POST /api/follow-ups/${FOLLOW_UP}/visits`]: () => failure(412, 'stale_version'),
      [`GET /api/follow-ups/${FOLLOW_UP}`]: () => json(200, followUp(5), { etag: '"5"' }),
    });
    await vault.enqueue({
      kind: 'visit',
      route: 'POST /api/follow-ups/:id/visits',
      params: { id: FOLLOW_UP },
      body: { date: '2026-01-05' },
      ifMatch: 4,
      summary: 'visit',
    });
    await new FieldSync(vault, { now }).syncNow();
    const [v] = await vault.listOutbox();
    expect(v?.conflict).toMatchObject({ status: 412, canResend: true, currentVersion: 5, current: followUp(5) });
  });

  it('erases the cache when the contact says so, sends nothing, reports the erasure at once and again later if that failed', async () => {
    const net = server({
      [`POST /api/field/devices/${DEVICE}/contact`]: () =>
        json(200, { action: 'erase', reason: 'revoked', offlineDays: 7, serverTime: new Date().toISOString() }),
      [`POST /api/field/devices/${DEVICE}/erased`]: () => failure(500, 'internal_error'),
    });
    await attendance(vault);
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    // No record is sent: the contact, then the report of the erasure it ordered (which failed here).
    expect(net.paths()).toEqual([
      `POST /api/field/devices/${DEVICE}/contact`,
      `POST /api/field/devices/${DEVICE}/erased`,
    ]);
    expect(sync.state.erased).toBe('revoked');
    expect(vault.locked).toBe(true);
    await expect(vault.readSnapshot()).rejects.toMatchObject({ name: 'VaultErasedError', reason: 'revoked' });
    expect(await readMeta()).toBeNull();

    let erasedAnswer = 500;
    const report = server({
      [`POST /api/field/devices/${DEVICE}/erased`]: () =>
        erasedAnswer === 204 ? new Response(null, { status: 204 }) : failure(erasedAnswer, 'internal_error'),
    });
    await reportPendingErasure();
    expect(localStorage.getItem('berdaya.field.erased')).toContain(DEVICE);
    erasedAnswer = 204;
    await reportPendingErasure();
    expect(report.calls.at(-1)).toMatchObject({
      headers: { 'x-field-token': 'tok-1' },
      body: { reason: 'revoked', deviceTime: expect.any(String) },
    });
    expect(localStorage.getItem('berdaya.field.erased')).toBeNull();
  });

  it('a locked cache contacts with its token alone (no conflicts sent) and erases when told; kept otherwise', async () => {
    await attendance(vault);
    vault.lock();
    const keep = server({
      [`POST /api/field/devices/${DEVICE}/contact`]: () =>
        json(200, { action: 'keep', reason: null, offlineDays: 7, serverTime: new Date().toISOString() }),
    });
    expect(await contactLocked(now)).toBeNull();
    expect(keep.calls.at(-1)).toMatchObject({ headers: { 'x-field-token': 'tok-1' }, body: { waiting: 1 } });
    expect(keep.calls.at(-1)?.body).not.toHaveProperty('conflicts');
    expect(await readMeta()).not.toBeNull();

    const erase = server({
      [`POST /api/field/devices/${DEVICE}/contact`]: () =>
        json(200, {
          action: 'erase',
          reason: 'account_inactive',
          offlineDays: 7,
          serverTime: new Date().toISOString(),
        }),
      [`POST /api/field/devices/${DEVICE}/erased`]: () => new Response(null, { status: 204 }),
    });
    expect(await contactLocked(now)).toBe('account_inactive');
    expect(await readMeta()).toBeNull();
    expect(erase.calls.at(-1)).toMatchObject({ body: { reason: 'account_inactive' } });
    expect(localStorage.getItem('berdaya.field.erased')).toBeNull();
  });

  it('never runs two passes at once: a second call joins, and what is recorded meanwhile goes in the pass after', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const net = server({
      [`PUT /api/sessions/${SESSION}/attendance`]: async () => {
        await gate;
        return json(200, register(4));
      },
      [`POST /api/participants/${PARTICIPANT}/notes`]: () => json(201, note),
    });
    await attendance(vault);
    const sync = new FieldSync(vault, { now });
    const first = sync.syncNow();
    await vi.waitFor(() => expect(net.writes()).toHaveLength(1));
    // Recorded while the pass runs (after it listed the outbox): it goes in the pass after.
    await sync.record({
      kind: 'note',
      route: 'POST /api/participants/:id/notes',
      params: { id: PARTICIPANT },
      body: { type: 'GENERAL', body: 'catatan' },
      summary: 'note',
    });
    const second = sync.syncNow();
    const third = sync.syncNow();
    release();
    await Promise.all([first, second, third]);
    expect(net.writes().map((c) => c.method)).toEqual(['PUT', 'POST']);
    // Two passes (two snapshot reads); one contact, since no conflict opened between them.
    expect(net.paths().filter((p) => p.endsWith('/snapshot'))).toHaveLength(2);
    expect(net.paths().filter((p) => p.endsWith('/contact'))).toHaveLength(1);
    expect(await vault.listOutbox()).toEqual([]);
  });

  it('erases an expired cache when the server cannot be reached', async () => {
    server({ [`POST /api/field/devices/${DEVICE}/contact`]: () => 'network' });
    const sync = new FieldSync(vault, { now });
    await sync.syncNow();
    expect(await readMeta()).not.toBeNull();
    clock = Date.now() + 8 * 86_400_000;
    await sync.syncNow();
    expect(sync.state.erased).toBe('expired');
    expect(await readMeta()).toBeNull();
  });

  it('counts what waits and the conflicts when a pass starts without a signal (nothing is sent)', async () => {
    const api = server({});
    await attendance(vault);
    await noteItem(vault);
    vi.stubGlobal('navigator', { onLine: false });
    const sync = new FieldSync(vault, { now });
    expect(sync.state.waiting).toBe(0);
    await sync.syncNow();
    expect(sync.state).toMatchObject({ online: false, waiting: 2, conflicts: 0 });
    expect(api.calls).toEqual([]);
  });
});
