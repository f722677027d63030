// Field mode's state outside React: whether this device holds a field cache, the open vault (its data key in
// memory only), the FieldSync that sends the outbox, and what the screens show — the snapshot and the outbox,
// read from the vault into memory, never into the query cache. The engine (src/web/field/, with Dexie) is loaded
// on first use, so the app's first load does not carry it. Every change of state goes through one queue, so a
// sign-in, a PIN, a lock and a sign-out never interleave.
import type { FieldEraseReason, FieldSnapshot } from '../../../shared/field-api.ts';
import { ApiError } from '../../data/client.ts';
import type { FieldSync, OpenVault, OutboxItem, SyncState, VaultMeta } from '../../field/index.ts';
import { mayHoldField } from '../../field/presence.ts';

type Engine = typeof import('../../field/index.ts');
let enginePromise: Promise<Engine> | null = null;
/** The engine's module, fetched once. */
export function fieldEngine(): Promise<Engine> {
  enginePromise ??= import('../../field/index.ts').catch((err: unknown) => {
    enginePromise = null;
    throw err;
  });
  return enginePromise;
}

export type VaultStatus = 'none' | 'locked' | 'open' | 'erased';

export interface FieldState {
  /** Whether this device was looked at yet (before that, nothing is known). */
  checked: boolean;
  status: VaultStatus;
  meta: VaultMeta | null;
  /** Why the cache was erased (shown once), when it was. */
  erasedReason: FieldEraseReason | null;
  sync: SyncState | null;
  snapshot: FieldSnapshot | null;
  outbox: readonly OutboxItem[];
}

const INITIAL: FieldState = {
  checked: false,
  status: 'none',
  meta: null,
  erasedReason: null,
  sync: null,
  snapshot: null,
  outbox: [],
};

/** What the session says, as the store needs it. */
export type SessionFact =
  | { kind: 'signed-in'; accountId: string }
  | { kind: 'offline' }
  | { kind: 'anonymous' }
  | { kind: 'loading' };

/** The server's key for this device, asked for after a sign-in (POST /api/field/devices/:id/key). */
export type KeyRelease = (deviceId: string) => Promise<{ serverKey: string; offlineDays: number }>;

/** What registering this device gave (POST /api/field/devices). */
export interface Registration {
  device: { id: string; accountId: string; label: string };
  token: string;
  serverKey: string;
  offlineDays: number;
}

const refused = (err: unknown) => err instanceof ApiError && (err.status === 410 || err.status === 404);

export class FieldStore {
  private state: FieldState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private vault: OpenVault | null = null;
  private fieldSync: FieldSync | null = null;
  private stops: (() => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** The session situation last handled (signed-in:<id>, offline, anonymous). */
  private seen: string | null = null;
  private refreshing = false;
  private refreshAgain = false;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): FieldState => this.state;

  private set(patch: Partial<FieldState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Runs one change after the ones before it. */
  private run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The session changed: open the cache with the server's key, erase another account's, or lock it. */
  onSession(fact: SessionFact, release: KeyRelease): void {
    if (fact.kind === 'loading') return;
    const key = fact.kind === 'signed-in' ? `signed-in:${fact.accountId}` : fact.kind;
    if (key === this.seen) return;
    this.seen = key;
    void this.run(async () => {
      // Most devices hold no field cache: they learn it without loading the engine (Dexie, the sealing code).
      if (!this.vault && !(await mayHoldField())) {
        this.set({ checked: true, status: this.state.status === 'erased' ? 'erased' : 'none', meta: null });
        return;
      }
      const engine = await fieldEngine();
      // An erasure made without a signal (five wrong PINs, the offline limit) is reported at the first chance.
      if (fact.kind !== 'offline') void engine.reportPendingErasure().catch(() => undefined);
      const meta = await engine.readMeta();
      if (!meta) {
        this.close();
        this.set({ checked: true, status: this.state.status === 'erased' ? 'erased' : 'none', meta: null });
        return;
      }
      if (fact.kind === 'anonymous') {
        // Signed out or the session ended: the key leaves memory; the cache waits for her PIN or next sign-in.
        this.close();
        this.set({ checked: true, status: 'locked', meta });
        // With a network and no session (she may no longer be able to sign in): the device's own contact, so a
        // revoked device or a deactivated account erases the cache now rather than at a sign-in that never comes.
        const erased = await engine.contactLocked();
        if (erased) this.set({ ...INITIAL, checked: true, status: 'erased', erasedReason: erased });
        return;
      }
      if (fact.kind === 'offline') {
        this.set({ checked: true, status: this.vault ? 'open' : 'locked', meta });
        return;
      }
      if (meta.accountId !== fact.accountId) {
        // Another person's cache on this device: it goes before anything of hers is read.
        this.close();
        await engine.eraseVault('sign_out');
        void engine.reportPendingErasure().catch(() => undefined);
        this.set({ ...INITIAL, checked: true });
        return;
      }
      if (this.vault) {
        this.set({ checked: true, status: 'open', meta: this.vault.meta });
        return;
      }
      this.set({ checked: true, status: 'locked', meta });
      try {
        const { serverKey } = await release(meta.deviceId);
        this.open(await engine.unlockWithServerKey(serverKey));
      } catch (err) {
        if (refused(err)) {
          // Revoked by a head of section (or no longer hers): the server's word erases the cache.
          this.close();
          await engine.eraseVault('revoked');
          void engine.reportPendingErasure().catch(() => undefined);
          this.set({ ...INITIAL, checked: true, status: 'erased', erasedReason: 'revoked' });
          return;
        }
        if (err instanceof engine.VaultErasedError) {
          this.set({ ...INITIAL, checked: true, status: 'erased', erasedReason: err.reason });
          return;
        }
        // Offline or the server busy: the PIN still opens it.
      }
    });
  }

  /** Turns field mode on: the device is registered (by the caller), the vault made, then a first sync. */
  turnOn(pin: string, registration: Registration): Promise<void> {
    return this.run(async () => {
      const engine = await fieldEngine();
      const vault = await engine.createVault({
        pin,
        serverKey: registration.serverKey,
        deviceId: registration.device.id,
        deviceToken: registration.token,
        accountId: registration.device.accountId,
        label: registration.device.label,
        offlineDays: registration.offlineDays,
      });
      this.seen = `signed-in:${registration.device.accountId}`;
      this.open(vault);
    });
  }

  /** Opens the cache with her PIN; throws WrongPinError (attempts left) or VaultErasedError (the fifth). */
  unlock(pin: string): Promise<void> {
    return this.run(async () => {
      const engine = await fieldEngine();
      try {
        this.open(await engine.unlockWithPin(pin));
      } catch (err) {
        if (err instanceof engine.VaultErasedError) {
          void engine.reportPendingErasure().catch(() => undefined);
          this.set({ ...INITIAL, checked: true, status: 'erased', erasedReason: err.reason });
        } else {
          this.set({ meta: await engine.readMeta() });
        }
        throw err;
      }
    });
  }

  /**
   * A new PIN (she forgot hers, or wants a longer one): online, the server's key opens the cache and the data key is
   * wrapped again under the new PIN.
   */
  setPin(pin: string, release: KeyRelease): Promise<void> {
    return this.run(async () => {
      const engine = await fieldEngine();
      const meta = this.vault?.meta ?? (await engine.readMeta());
      if (!meta) throw new engine.VaultErasedError('turned_off');
      const { serverKey } = await release(meta.deviceId);
      const vault = await engine.unlockWithServerKey(serverKey);
      await vault.setPin(pin);
      this.open(vault);
    });
  }

  /** Forgets the key in memory: the PIN (or the next sign-in) opens it again. */
  lock(): Promise<void> {
    return this.run(async () => {
      if (!this.vault) return;
      const meta = this.vault.meta;
      this.close();
      this.set({ status: 'locked', meta, snapshot: null, outbox: [], sync: null });
    });
  }

  /** Erases the cache on this device (sign-out, or turned off here) and reports it when the network allows. */
  erase(reason: FieldEraseReason): Promise<void> {
    return this.run(async () => {
      if (!this.vault && !(await mayHoldField())) {
        this.set({ ...INITIAL, checked: true });
        return;
      }
      const engine = await fieldEngine();
      const meta = await engine.readMeta();
      this.close();
      if (meta) {
        await engine.eraseVault(reason);
        await engine.reportPendingErasure().catch(() => undefined);
      }
      this.set({ ...INITIAL, checked: true });
    });
  }

  /** Records a write in the outbox (sent at once when online). */
  async record(item: Parameters<FieldSync['record']>[0]): Promise<OutboxItem> {
    const sync = this.fieldSync;
    if (!sync) throw new Error('field vault is not open');
    const made = await sync.record(item);
    this.refresh();
    return made;
  }

  async resend(id: string): Promise<void> {
    if (!this.fieldSync) throw new Error('field vault is not open');
    await this.fieldSync.resendMine(id);
    this.refresh();
  }

  async discard(id: string): Promise<void> {
    if (!this.fieldSync) throw new Error('field vault is not open');
    await this.fieldSync.discardMine(id);
    this.refresh();
  }

  async syncNow(): Promise<void> {
    if (!this.fieldSync) return;
    await this.fieldSync.syncNow();
    this.refresh();
  }

  private open(vault: OpenVault): void {
    this.close();
    this.vault = vault;
    void fieldEngine().then((engine) => {
      if (this.vault !== vault) return;
      const sync = new engine.FieldSync(vault);
      this.fieldSync = sync;
      this.stops.push(
        sync.subscribe((s) => {
          this.set({ sync: { ...s } });
          this.refresh();
        }),
      );
      this.stops.push(sync.start());
      this.set({ sync: { ...sync.state } });
      void sync
        .syncNow()
        .catch(() => undefined)
        .then(() => this.refresh());
    });
    this.set({ checked: true, status: 'open', meta: vault.meta, erasedReason: null });
    this.refresh();
  }

  private close(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.fieldSync = null;
    this.vault?.lock();
    this.vault = null;
  }

  /** Reads the snapshot and the outbox from the vault into memory (coalesced while one read runs). */
  private refresh(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    const vault = this.vault;
    if (!vault) return;
    this.refreshing = true;
    void (async () => {
      const engine = await fieldEngine();
      try {
        const [snapshot, outbox, meta] = await Promise.all([
          vault.readSnapshot(),
          vault.listOutbox(),
          engine.readMeta(),
        ]);
        if (this.vault !== vault) return;
        if (!meta) {
          // Erased under us (the server said so at contact, or it expired).
          this.close();
          this.set({ ...INITIAL, checked: true, status: 'erased' });
          return;
        }
        this.set({ snapshot, outbox, meta });
      } catch (err) {
        if (err instanceof engine.VaultErasedError && this.vault === vault) {
          this.close();
          this.set({ ...INITIAL, checked: true, status: 'erased', erasedReason: err.reason });
        }
      } finally {
        this.refreshing = false;
        if (this.refreshAgain) {
          this.refreshAgain = false;
          this.refresh();
        }
      }
    })();
  }
}
