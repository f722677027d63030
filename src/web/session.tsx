// Who is signed in. Loaded once from /api/auth/me, replaced by the answers of sign-in, setup, password
// change and 2FA enrolment, and dropped as soon as any call says the session has ended.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionUser } from '../shared/api.ts';
import { api, onApiError } from './api.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'expired' | 'signed-out' }
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

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queries = useQueryClient();
  // Whatever was read for one person is dropped when she signs out, her session ends or another signs in.
  const holder = useRef<string | null>(null);
  const userId = state.status === 'signed-in' ? state.user.id : null;
  useEffect(() => {
    if (holder.current !== null && holder.current !== userId) queries.clear();
    holder.current = userId;
  }, [userId, queries]);

  const refresh = useCallback(async () => {
    try {
      const user = await api.auth.me();
      setState({ status: 'signed-in', user });
    } catch {
      setState({ status: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onApiError((err) => {
        if (err.code === 'unauthenticated') {
          setState((s) => (s.status === 'signed-in' ? { status: 'anonymous', reason: 'expired' } : s));
        } else if (err.code === 'password_change_required' || err.code === 'mfa_enrolment_required') {
          // The account's state changed on the server (e.g. an administrator reset it): reload it.
          void refresh();
        }
      }),
    [refresh],
  );

  const setUser = useCallback((user: SessionUser) => setState({ status: 'signed-in', user }), []);
  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setState({ status: 'anonymous', reason: 'signed-out' });
    }
  }, []);

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
