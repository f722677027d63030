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
import { FieldStore, type FieldState, type KeyRelease, type Registration, type SessionFact } from './store.ts';

export interface FieldApi extends FieldState {
  /** Registers this device (the caller's POST /api/field/devices answer) and makes its cache. */
  turnOn(pin: string, registration: Registration): Promise<void>;
  unlock(pin: string): Promise<void>;
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
  const [store] = useState(() => new FieldStore());
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
    store.onSession(fact, (id) => latestRelease.current(id));
  }, [factKey, store]);

  useEffect(() => onBeforeSignOut(() => store.erase('sign_out')), [store]);

  const api = useMemo<FieldApi>(
    () => ({
      ...state,
      turnOn: (pin, registration) => store.turnOn(pin, registration),
      unlock: (pin) => store.unlock(pin),
      lock: () => store.lock(),
      eraseHere: () => store.erase('turned_off'),
      record: (item) => store.record(item),
      resend: (id) => store.resend(id),
      discard: (id) => store.discard(id),
      syncNow: () => store.syncNow(),
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
