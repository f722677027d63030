// The sync of an open field cache. One pass: contact (the device's token; the server may order an erasure) → the
// outbox, in the order she made it → the snapshot, sent only when it changed (If-None-Match). One pass at a time in
// a page, and — through the Web Locks API where the browser has it — one at a time across her open tabs.
import { FIELD_WRITE_KINDS, type FieldHeld, type FieldSnapshot } from '../../shared/field-api.ts';
import { ApiError, newIdempotencyKey, request, requestIfModified } from '../data/client.ts';
import { backoffMs, sendItem, toConflict } from './outbox.ts';
import type { EnqueueArgs, OpenVault, OutboxItem, SyncState } from './types.ts';
import { countWaiting, eraseVault, readDeviceToken, readMeta, reportPendingErasure } from './vault.ts';

const LOCK_NAME = 'berdaya-field-sync';
/** At most this many conflicts are reported in one contact (the server's limit). */
const MAX_REPORTED = 1000;

const isOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

const heldOf = (s: FieldSnapshot): FieldHeld => ({
  participants: s.participants.length,
  sessions: s.sessions.length,
  followUps: s.followUps.length,
});

type PassEnd = 'done' | 'stopped' | 'erased';

export class FieldSync {
  readonly #vault: OpenVault;
  readonly #now: () => Date;
  #state: SyncState;
  readonly #listeners = new Set<(s: SyncState) => void>();
  #running: Promise<void> | null = null;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #started = false;

  constructor(vault: OpenVault, opts?: { now?: () => Date }) {
    this.#vault = vault;
    this.#now = opts?.now ?? (() => new Date());
    this.#state = {
      online: !isOffline(),
      syncing: false,
      waiting: 0,
      conflicts: 0,
      lastSyncAt: vault.meta.lastSyncAt,
      lastError: null,
      erased: null,
    };
  }

  /** The current state; a new object after every change (fit for useSyncExternalStore). */
  get state(): SyncState {
    return this.#state;
  }

  subscribe(listener: (s: SyncState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(patch: Partial<SyncState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l(this.#state);
  }

  async #count(items?: OutboxItem[]): Promise<void> {
    if (this.#vault.locked) return;
    const list = items ?? (await this.#vault.listOutbox());
    this.#set({
      waiting: list.filter((i) => i.state !== 'conflict').length,
      conflicts: list.filter((i) => i.state === 'conflict').length,
    });
  }

  /** One pass (see the file's head). A call while a pass runs joins it. Never rejects: the outcome is in `state`. */
  syncNow(): Promise<void> {
    return this.#run(false);
  }

  /** `again`: the outbox changed, so a pass already under way is followed by one more (it may have listed it before). */
  #run(again: boolean): Promise<void> {
    if (this.#running) {
      if (again) this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          this.#set({ syncing: true });
          const end = await this.#exclusive(() => this.#pass());
          if (end === 'erased') break;
        } while (this.#again);
      } finally {
        this.#running = null;
        this.#set({ syncing: false });
        this.#schedule();
      }
    })();
    return this.#running;
  }

  /** Runs the pass under the cross-tab lock when the browser has one. */
  #exclusive(pass: () => Promise<PassEnd>): Promise<PassEnd> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? locks.request(LOCK_NAME, pass) : pass();
  }

  async #pass(): Promise<PassEnd> {
    try {
      if (this.#vault.locked) return 'stopped';
      if (isOffline()) {
        this.#set({ online: false });
        if (await this.#expireIfDue()) return 'erased';
        // Opened without a signal (the PIN after an offline start): the banner still counts what waits.
        await this.#count();
        return 'stopped';
      }
      // The contact reports the outbox's conflicts; while they are those the server last heard of, the pass skips
      // it: the snapshot's request alone then tells a revoked device (410) or an ended session (401, after which
      // the locked cache makes its own contact), so a sync with nothing new is one small request.
      const signature = await this.#conflictSignature();
      if (signature !== this.#vault.meta.reportedConflicts) {
        const contact = await this.#contact();
        if (contact !== 'done') return contact;
        await this.#vault.updateMeta({ reportedConflicts: signature });
      } else {
        await this.#count();
      }
      const outbox = await this.#sendOutbox();
      if (outbox !== 'done') return outbox;
      return await this.#snapshot();
    } catch (err) {
      // A closed database (erased in another tab) or a bug: stop quietly, the state says so.
      this.#set({ lastError: err instanceof ApiError ? err.code : 'unexpected_response' });
      return 'stopped';
    }
  }

  /** A hash of the open conflicts' ids and kinds (the meta that keeps it is stored in clear). */
  async #conflictSignature(): Promise<string> {
    const open = (await this.#vault.listOutbox())
      .filter((i) => i.state === 'conflict')
      .map((i) => `${i.id}:${i.kind}`)
      .sort()
      .join(',');
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`berdaya-field|conflicts|${open}`));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Without contact: erase when the offline limit has passed. */
  async #expireIfDue(): Promise<boolean> {
    const { lastOnlineAt, offlineDays } = this.#vault.meta;
    if (Date.parse(lastOnlineAt) + offlineDays * 86_400_000 >= this.#now().getTime()) return false;
    return this.#erase('expired');
  }

  async #erase(reason: Parameters<typeof eraseVault>[0]): Promise<true> {
    await eraseVault(reason);
    this.#set({ erased: reason, waiting: 0, conflicts: 0 });
    // The server learns of it now when there is a signal (an expiry offline is reported later, see the store).
    await reportPendingErasure().catch(() => undefined);
    return true;
  }

  /** A failure with no usable answer: offline (status 0) or the server in trouble. */
  #failed(err: unknown): void {
    const offline = !(err instanceof ApiError) || err.status === 0;
    this.#set({ online: !offline, lastError: err instanceof ApiError ? err.code : 'network_error' });
  }

  async #contact(): Promise<PassEnd> {
    const { deviceId } = this.#vault.meta;
    const token = await readDeviceToken();
    const items = await this.#vault.listOutbox();
    await this.#count(items);
    if (!token) return 'stopped';
    const conflicts = items
      .filter((i) => i.state === 'conflict' && FIELD_WRITE_KINDS.includes(i.kind))
      .slice(0, MAX_REPORTED)
      .map((i) => ({ id: i.id, kind: i.kind, openedAt: i.conflict?.openedAt ?? i.deviceTime }));
    try {
      const { data } = await request('POST /api/field/devices/:id/contact', {
        params: { id: deviceId },
        fieldToken: token,
        body: {
          deviceTime: this.#now().toISOString(),
          waiting: items.filter((i) => i.state !== 'conflict').length,
          conflicts,
        },
      });
      this.#set({ online: true });
      if (data.action === 'erase') {
        await this.#erase(data.reason ?? 'revoked');
        return 'erased';
      }
      await this.#vault.updateMeta({ lastOnlineAt: this.#now().toISOString(), offlineDays: data.offlineDays });
      return 'done';
    } catch (err) {
      if (err instanceof ApiError && err.status > 0 && err.status < 500) {
        // Refused (rate limit, a token the server does not know): the outbox goes with her session all the same.
        this.#set({ online: true, lastError: err.code });
        return 'done';
      }
      this.#failed(err);
      return (await this.#expireIfDue()) ? 'erased' : 'stopped';
    }
  }

  /** The outbox in seq order; conflicts wait for her and do not hold back the items after them. */
  async #sendOutbox(): Promise<PassEnd> {
    const { deviceId } = this.#vault.meta;
    const items = await this.#vault.listOutbox();
    for (const listed of items) {
      if (listed.state === 'conflict') continue;
      const now = this.#now();
      if (listed.nextAttemptAt && Date.parse(listed.nextAttemptAt) > now.getTime()) {
        // Its back-off has not run out, and the items after it keep their place behind it.
        await this.#count();
        return 'stopped';
      }
      const item: OutboxItem = { ...listed, state: 'sending' };
      await this.#vault.updateItem(item);
      const outcome = await sendItem(item, deviceId);
      switch (outcome.kind) {
        case 'sent':
          await this.#vault.removeItem(item.id);
          this.#set({ online: true });
          break;
        case 'retry': {
          const nextAttemptAt = new Date(now.getTime() + backoffMs(item.attempts)).toISOString();
          await this.#vault.updateItem({ ...item, state: 'waiting', attempts: item.attempts + 1, nextAttemptAt });
          this.#set({ online: !outcome.offline, lastError: outcome.code });
          await this.#count();
          return 'stopped';
        }
        case 'unauthenticated':
          await this.#vault.updateItem({ ...item, state: 'waiting' });
          this.#set({ online: true, lastError: 'unauthenticated' });
          await this.#count();
          return 'stopped';
        case 'conflict':
          await this.#vault.updateItem(await toConflict(item, outcome, now));
          this.#set({ online: true });
          break;
      }
      await this.#count();
    }
    return 'done';
  }

  async #snapshot(): Promise<PassEnd> {
    const { deviceId } = this.#vault.meta;
    const held = await this.#vault.snapshotEtag();
    try {
      const got = await requestIfModified('GET /api/field/snapshot', {
        device: { id: deviceId, time: this.#now().toISOString() },
        ...(held ? { ifNoneMatch: held } : {}),
      });
      const at = this.#now().toISOString();
      if (got.notModified) {
        await this.#vault.updateMeta({ lastSyncAt: at, lastOnlineAt: at });
      } else {
        await this.#vault.writeSnapshot(got.data, got.etag);
        await this.#vault.updateMeta({
          lastSyncAt: at,
          lastOnlineAt: at,
          offlineDays: got.data.offlineDays,
          held: heldOf(got.data),
        });
      }
      this.#set({ online: true, lastSyncAt: at, lastError: null });
      return 'done';
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) {
        await this.#erase('revoked');
        return 'erased';
      }
      if (err instanceof ApiError && err.status > 0 && err.status < 500 && err.status !== 429) {
        this.#set({ online: true, lastError: err.code });
      } else {
        this.#failed(err);
      }
      return 'stopped';
    }
  }

  /** Wakes for the earliest back-off to run out. */
  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#started || this.#vault.locked || this.#state.erased) return;
    void this.#vault
      .listOutbox()
      .then((items) => {
        const due = items
          .filter((i) => i.state !== 'conflict' && i.nextAttemptAt)
          .map((i) => Date.parse(i.nextAttemptAt ?? ''))
          .sort((a, b) => a - b)[0];
        if (due === undefined || !this.#started) return;
        const wait = Math.max(0, due - this.#now().getTime()) + 50;
        this.#timer = setTimeout(() => void this.syncNow(), wait);
      })
      .catch(() => undefined);
  }

  /** Listens to 'online', 'focus' and 'visibilitychange' (and a timer for back-off) and syncs; returns stop. */
  start(): () => void {
    this.#started = true;
    const online = (): void => {
      this.#set({ online: true });
      // The signal is back: what waited for it goes now, not at the end of its back-off.
      void this.#clearBackoff().then(() => this.#run(true));
    };
    const offline = (): void => this.#set({ online: false });
    const focus = (): void => void this.syncNow();
    const visible = (): void => {
      if (typeof document !== 'undefined' && document.visibilityState === 'visible') void this.syncNow();
    };
    const hasWindow = typeof window !== 'undefined';
    if (hasWindow) {
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      window.addEventListener('focus', focus);
    }
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', visible);
    void this.syncNow();
    return () => {
      this.#started = false;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      if (hasWindow) {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        window.removeEventListener('focus', focus);
      }
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', visible);
    };
  }

  async #clearBackoff(): Promise<void> {
    if (this.#vault.locked) return;
    for (const item of await this.#vault.listOutbox()) {
      if (item.state !== 'conflict' && item.nextAttemptAt)
        await this.#vault.updateItem({ ...item, nextAttemptAt: null });
    }
  }

  /** Records a write: into the outbox, then sent at once when online (not awaited: she goes on working). */
  async record(args: EnqueueArgs): Promise<OutboxItem> {
    const item = await this.#vault.enqueue(args);
    await this.#count();
    if (!isOffline()) void this.#run(true);
    return item;
  }

  /**
   * She keeps hers: it is sent again on the current version (read when the conflict opened) as If-Match. The
   * request differs from the one first sent, so it gets a new Idempotency-Key (a new id); it keeps its place.
   */
  async resendMine(id: string): Promise<void> {
    const item = (await this.#vault.listOutbox()).find((i) => i.id === id);
    if (!item) return;
    const version = item.conflict?.currentVersion ?? currentVersion(item.conflict?.current);
    const { conflict: _conflict, ...rest } = item;
    const next: OutboxItem = {
      ...rest,
      id: newIdempotencyKey(),
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: null,
      ...(version !== null ? { ifMatch: version } : {}),
    };
    await this.#vault.replaceItem(id, next);
    await this.#count();
    await this.#run(true);
  }

  /** She takes the current version: her item is removed. */
  async discardMine(id: string): Promise<void> {
    await this.#vault.removeItem(id);
    await this.#count();
    if (!isOffline()) void this.syncNow();
  }
}

function currentVersion(current: unknown): number | null {
  return typeof current === 'object' && current !== null && 'version' in current && typeof current.version === 'number'
    ? current.version
    : null;
}

/**
 * The contact of a locked cache (the app started with a network but no session: she cannot sign in, perhaps
 * because her account was deactivated). With the device's token alone, so a revoked device or a deactivated
 * account still erases its cache at its next contact; no conflicts are reported (their kinds are sealed), so the
 * server keeps the last report. Answers the reason when the cache was erased, else null (kept, or no answer).
 */
export async function contactLocked(
  now: () => Date = () => new Date(),
): Promise<'revoked' | 'account_inactive' | null> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return null;
  const meta = await readMeta();
  const token = meta ? await readDeviceToken() : null;
  if (!meta || !token) return null;
  try {
    const { data } = await request('POST /api/field/devices/:id/contact', {
      params: { id: meta.deviceId },
      fieldToken: token,
      body: { deviceTime: now().toISOString(), waiting: await countWaiting() },
    });
    if (data.action !== 'erase') return null;
    const reason = data.reason ?? 'revoked';
    await eraseVault(reason);
    await reportPendingErasure();
    return reason;
  } catch {
    // No answer, or refused: the cache stays locked; the next start or sign-in tries again.
    return null;
  }
}
