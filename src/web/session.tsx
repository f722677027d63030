// Who is signed in: the answer of GET /api/auth/me, held as a query (refetched when she comes back to the tab, so a
// sign-out in another tab is noticed), replaced by the answers of sign-in, setup, password change and 2FA
// enrolment, and dropped as soon as any call says the session has ended. Whatever was read for one person is
// removed from memory when she signs out, her session ends or someone else signs in.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionUser } from '../shared/api.ts';
import { isNetworkError, onApiError, request } from './data/client.ts';
import { apiKey, useApi } from './data/query.ts';

export type SessionState =
  | { status: 'loading' }
  /** `offline`: the session could not be read for want of a network (field mode may open its cache then). */
  | { status: 'anonymous'; reason?: 'expired' | 'signed-out'; offline?: true }
  | { status: 'signed-in'; user: SessionUser };

interface SessionApi {
  state: SessionState;
  /** The signed-in user, or null. */
  user: SessionUser | null;
  setUser(user: SessionUser): void;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
  /** Whether the signed-in user may take this action (from the server's `can` list, never from role names). */
  can(action: string): boolean;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Work done before the app signs out (field mode erases the device's cache first). */
const beforeSignOut = new Set<() => Promise<void>>();
export function onBeforeSignOut(job: () => Promise<void>): () => void {
  beforeSignOut.add(job);
  return () => beforeSignOut.delete(job);
}
const ME = apiKey('GET /api/auth/me', {});
const isMe = (key: readonly unknown[]) => key[0] === ME[0] && key[1] === ME[1];

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const me = useApi('GET /api/auth/me', {}, { retry: false, staleTime: 60_000 });
  // Why she is signed out (the sign-in page says so); what the server says of the session is the query.
  const [reason, setReason] = useState<'expired' | 'signed-out' | undefined>(undefined);

  const state: SessionState = me.data
    ? { status: 'signed-in', user: me.data.user }
    : me.isPending && me.fetchStatus !== 'idle'
      ? { status: 'loading' }
      : me.error || me.data === null || !me.isPending
        ? {
            status: 'anonymous',
            ...(reason ? { reason } : {}),
            ...(isNetworkError(me.error) ? { offline: true as const } : {}),
          }
        : { status: 'loading' };

  const userId = me.data?.user.id ?? null;
  const holder = useRef<string | null>(null);
  useEffect(() => {
    if (holder.current !== null && holder.current !== userId) {
      queries.removeQueries({ predicate: (q) => !isMe(q.queryKey) });
    }
    holder.current = userId;
  }, [userId, queries]);

  const { refetch } = me;
  const refresh = useCallback(async () => {
    await refetch();
  }, [refetch]);

  const endSession = useCallback(
    (why: 'expired' | 'signed-out') => {
      setReason(why);
      queries.removeQueries({ predicate: (q) => !isMe(q.queryKey) });
      queries.setQueryData(ME, null);
    },
    [queries],
  );

  useEffect(
    () =>
      onApiError((err) => {
        if (err.code === 'unauthenticated') {
          if (queries.getQueryData(ME)) endSession('expired');
        } else if (err.code === 'password_change_required' || err.code === 'mfa_enrolment_required') {
          // The account's state changed on the server (e.g. an administrator reset it): reload it.
          void refresh();
        }
      }),
    [refresh, endSession, queries],
  );

  // Started without a network: the session is read again when the signal returns, so the app leaves the offline
  // field shell by itself. (The query library's reconnect refetch does not fire here: it never saw the network go.)
  const offlineStart = state.status === 'anonymous' && !!state.offline;
  useEffect(() => {
    if (!offlineStart || typeof window === 'undefined') return;
    const again = (): void => void refresh();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [offlineStart, refresh]);

  const setUser = useCallback(
    (user: SessionUser) => {
      setReason(undefined);
      queries.setQueryData(ME, { user });
    },
    [queries],
  );
  const signOut = useCallback(async () => {
    try {
      await Promise.all([...beforeSignOut].map((job) => job().catch(() => undefined)));
      await request('POST /api/auth/logout', {});
    } finally {
      endSession('signed-out');
    }
  }, [endSession]);

  const value = useMemo<SessionApi>(() => {
    const user = state.status === 'signed-in' ? state.user : null;
    return { state, user, setUser, signOut, refresh, can: (action) => !!user && user.can.includes(action) };
  }, [state, setUser, signOut, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside <SessionProvider>');
  return s;
}

/** For screens that are only rendered for a signed-in user. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser() without a signed-in user');
  return user;
}
