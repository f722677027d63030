// Field mode in React: the store (store.ts) as a context. It follows the session — after a sign-in the server's
// key opens this device's cache (no PIN), a refused key erases it, another account's cache is erased, and an
// offline start leaves it for the PIN — and it erases the cache before the app signs out. Personal data read from
// the cache stays in this context's memory, never in the query cache.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useApiMutation } from '../../data/query.ts';
import { onBeforeSignOut, useSession } from '../../session.tsx';
import type { FieldSync, OutboxItem } from '../../field/index.ts';
import { mayHoldField } from '../../field/presence.ts';
import type { FieldState, FieldStore, KeyRelease, Registration, SessionFact } from './store.ts';

const NOTHING: FieldState = {
  checked: false,
  status: 'none',
  meta: null,
  erasedReason: null,
  sync: null,
  snapshot: null,
  outbox: [],
};

/**
 * The store, loaded only on a device that may hold field mode (or when she turns it on): every other user's first
 * load carries neither it nor the engine. Until then the state says whether the device was looked at.
 */
class LazyFieldStore {
  #store: FieldStore | null = null;
  #loading: Promise<FieldStore> | null = null;
  #state: FieldState = NOTHING;
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  readonly getState = (): FieldState => this.#store?.getState() ?? this.#state;

  #emit(): void {
    for (const l of this.#listeners) l();
  }

  load(): Promise<FieldStore> {
    this.#loading ??= import('./store.ts').then((m) => {
      const store = new m.FieldStore();
      store.subscribe(() => this.#emit());
      this.#store = store;
      this.#emit();
      return store;
    });
    return this.#loading;
  }

  async onSession(fact: SessionFact, release: KeyRelease): Promise<void> {
    if (fact.kind === 'loading') return;
    if (!this.#store && !(await mayHoldField())) {
      this.#state = { ...this.#state, checked: true };
      this.#emit();
      return;
    }
    (await this.load()).onSession(fact, release);
  }

  /** Work on the cache; a device that holds none has nothing to erase or lock. */
  async ifLoaded(work: (store: FieldStore) => Promise<void>): Promise<void> {
    if (this.#store || (await mayHoldField())) await work(await this.load());
  }
}

export interface FieldApi extends FieldState {
  /** Registers this device (the caller's POST /api/field/devices answer) and makes its cache. */
  turnOn(pin: string, registration: Registration): Promise<void>;
  unlock(pin: string): Promise<void>;
  /** A new PIN, online (the server's key opens the cache). */
  setPin(pin: string): Promise<void>;
  lock(): Promise<void>;
  /** Erases the cache here (turned off on this device). */
  eraseHere(): Promise<void>;
  record(item: Parameters<FieldSync['record']>[0]): Promise<OutboxItem>;
  resend(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  syncNow(): Promise<void>;
}

export const FieldContext = createContext<FieldApi | null>(null);

export function FieldProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => new LazyFieldStore());
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { state: session } = useSession();

  const keyRelease = useApiMutation('POST /api/field/devices/:id/key');
  const { mutateAsync: releaseKey, reset: forgetKey } = keyRelease;

  const fact: SessionFact =
    session.status === 'signed-in'
      ? { kind: 'signed-in', accountId: session.user.id }
      : session.status === 'anonymous'
        ? session.offline
          ? { kind: 'offline' }
          : { kind: 'anonymous' }
        : { kind: 'loading' };
  const factKey = fact.kind === 'signed-in' ? `${fact.kind}:${fact.accountId}` : fact.kind;

  // The key is held only while the vault is opened with it: the mutation forgets its answer at once.
  const release = useCallback<KeyRelease>(
    async (id) => {
      try {
        return (await releaseKey({ params: { id } })).data;
      } finally {
        forgetKey();
      }
    },
    [releaseKey, forgetKey],
  );
  const latestRelease = useRef(release);
  latestRelease.current = release;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the session's situation (factKey) is the trigger
  useEffect(() => {
    void store.onSession(fact, (id) => latestRelease.current(id));
  }, [factKey, store]);

  useEffect(() => onBeforeSignOut(() => store.ifLoaded((s) => s.erase('sign_out'))), [store]);

  const api = useMemo<FieldApi>(
    () => ({
      ...state,
      turnOn: async (pin, registration) => (await store.load()).turnOn(pin, registration),
      unlock: async (pin) => (await store.load()).unlock(pin),
      setPin: async (pin) => (await store.load()).setPin(pin, (id) => latestRelease.current(id)),
      lock: () => store.ifLoaded((s) => s.lock()),
      eraseHere: () => store.ifLoaded((s) => s.erase('turned_off')),
      record: async (item) => (await store.load()).record(item),
      resend: async (id) => (await store.load()).resend(id),
      discard: async (id) => (await store.load()).discard(id),
      syncNow: async () => (await store.load()).syncNow(),
    }),
    [state, store],
  );
  return <FieldContext.Provider value={api}>{children}</FieldContext.Provider>;
}

export function useField(): FieldApi {
  const f = useContext(FieldContext);
  if (!f) throw new Error('useField() outside <FieldProvider>');
  return f;
}

/** The field context, or null outside its provider (the page frame in a component test). */
export function useFieldIfAny(): FieldApi | null {
  return useContext(FieldContext);
}

/** Whether field mode is on for this device (a cache exists, open or waiting for the PIN). */
export const fieldOn = (f: Pick<FieldState, 'status'>) => f.status === 'open' || f.status === 'locked';
