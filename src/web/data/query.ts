// Server state through TanStack Query. Each read is a query keyed by the resource's path and query
// (['api', '/api/participants/7f…/notes', null]); each write is a mutation that, once it succeeded, marks stale
// the queries under the resource it changed — in this tab and, through a BroadcastChannel, in the user's other
// tabs, which refetch when she returns to them. Only network failures are retried (with back-off); a refusal is
// an answer. Nothing here is persisted: the cache lives in memory only.
import {
  focusManager,
  QueryClient,
  useMutation,
  usePrefetchQuery,
  useQuery,
  useQueryClient,
  type Query,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import {
  type ApiError,
  isNetworkError,
  pathOf,
  request,
  type Answer,
  type CallArgs,
  type ReadRoute,
  type Reply,
  type RouteKey,
  type WriteRoute,
} from './client.ts';

export type ApiKey = readonly ['api', string, unknown];

/** The query key of route K called with these arguments: its path with parameters filled, and its query. */
export function apiKey<K extends ReadRoute>(key: K, args: CallArgs<K>): ApiKey {
  return ['api', pathOf(key, args.params), args.query ?? null];
}

/**
 * The resource a path belongs to, as the prefix whose queries a change makes stale: the collection and the record
 * ('/api/participants/7f…/notes/3a…' → '/api/participants/7f…'), or the collection for a path without a record.
 */
export function resourceOf(path: string): string {
  const parts = path.split('?')[0]?.split('/') ?? [];
  // ['', 'api', collection, id?, …]
  return parts.slice(0, Math.min(parts.length, 4)).join('/');
}

const matches = (prefixes: readonly string[]) => (q: Query) => {
  const k = q.queryKey;
  if (k[0] !== 'api' || typeof k[1] !== 'string') return false;
  const path = k[1];
  return prefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
};

const CHANNEL = 'berdaya.changes';
let channel: BroadcastChannel | null = null;

/**
 * Marks stale every query under these resources (and the collections they belong to) and refetches those on
 * screen; the user's other tabs hear of it and refetch when next focused.
 */
export function invalidateResources(client: QueryClient, prefixes: readonly string[], tell = true): Promise<void> {
  const all = new Set<string>();
  for (const p of prefixes) {
    all.add(p);
    // The collection's lists show the record too ('/api/participants' for '/api/participants/7f…').
    const collection = p.split('/').slice(0, 3).join('/');
    all.add(collection);
  }
  const list = [...all];
  if (tell) channel?.postMessage({ prefixes: list });
  return client.invalidateQueries({ predicate: matches(list) });
}

const retryDelay = (attempt: number) => Math.min(1000 * 2 ** attempt, 15_000);

/**
 * Coming back to the app is a focus: the tab shown again (visibilitychange) or its window focused again (another
 * window or app was in front), so a tab left open on her record refetches what changed while she was away.
 */
function listenForFocus(): void {
  if (typeof window === 'undefined') return;
  focusManager.setEventListener((setFocused) => {
    const onVisibility = () => setFocused(document.visibilityState === 'visible');
    const onFocus = () => setFocused(true);
    const onBlur = () => setFocused(false);
    window.addEventListener('visibilitychange', onVisibility, false);
    window.addEventListener('focus', onFocus, false);
    window.addEventListener('blur', onBlur, false);
    return () => {
      window.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
    };
  });
}

export function makeQueryClient(): QueryClient {
  listenForFocus();
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // Shown at once from the cache and refreshed in the background when older than this.
        staleTime: 20_000,
        gcTime: 5 * 60_000,
        retry: (count, err) => isNetworkError(err) && count < 3,
        retryDelay,
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
      },
      mutations: { retry: false },
    },
  });
  if (typeof BroadcastChannel !== 'undefined') {
    channel ??= new BroadcastChannel(CHANNEL);
    channel.onmessage = (e: MessageEvent<{ prefixes?: unknown }>) => {
      const prefixes = Array.isArray(e.data?.prefixes) ? e.data.prefixes.filter((p) => typeof p === 'string') : [];
      // Another tab changed these: refetched now when this tab is on screen (two windows side by side), else
      // marked stale and refetched when she comes back to it.
      if (!prefixes.length) return;
      const onScreen = typeof document !== 'undefined' && document.visibilityState === 'visible';
      void client.invalidateQueries({ predicate: matches(prefixes), refetchType: onScreen ? 'active' : 'none' });
    };
  }
  return client;
}

/** Everything after the signed-in user changes: no one's data stays in memory for the next. */
export function forgetEverything(client: QueryClient): void {
  client.clear();
}

type QueryOpts<K extends ReadRoute, T> = Omit<UseQueryOptions<Reply<K>, ApiError, T, ApiKey>, 'queryKey' | 'queryFn'>;

/** Reads route K: the reply from the cache at once when there is one, refreshed when stale; cancelled when the screen goes. */
export function useApi<K extends ReadRoute, T = Reply<K>>(key: K, args: CallArgs<K>, options: QueryOpts<K, T> = {}) {
  return useQuery<Reply<K>, ApiError, T, ApiKey>({
    queryKey: apiKey(key, args),
    queryFn: ({ signal }) => request(key, { ...args, signal }).then((a) => a.data),
    ...options,
  });
}

/**
 * Asks for route K while a lazy screen's code and words are still loading, so the reply is on its way one round
 * trip sooner; the screen's own useApi of the same route and arguments takes it up (one request). Called during
 * render, above the screen's Suspense boundary; nothing is asked when the cache already holds the reply.
 */
export function usePrefetchApi<K extends ReadRoute>(key: K, args: CallArgs<K>): void {
  usePrefetchQuery<Reply<K>, ApiError, Reply<K>, ApiKey>({
    queryKey: apiKey(key, args),
    queryFn: ({ signal }) => request(key, { ...args, signal }).then((a) => a.data),
  });
}

export interface MutationExtras<K extends WriteRoute> {
  /** More resources the change touches, beyond the one its path names (e.g. her record after an enrolment). */
  invalidates?: (args: CallArgs<K>, reply: Reply<K>) => readonly string[];
}

type MutationOpts<K extends WriteRoute> = Omit<
  UseMutationOptions<Answer<Reply<K>>, ApiError, CallArgs<K>>,
  'mutationFn'
> &
  MutationExtras<K>;

/** Changes something through route K; once it succeeded, the queries of what it changed are refreshed. */
export function useApiMutation<K extends WriteRoute>(key: K, options: MutationOpts<K> = {}) {
  const client = useQueryClient();
  const { invalidates, onSuccess, ...rest } = options;
  return useMutation<Answer<Reply<K>>, ApiError, CallArgs<K>>({
    mutationFn: (args) => request(key, args),
    ...rest,
    onSuccess: async (answer, args, onMutateResult, context) => {
      const own = resourceOf(pathOf(key, args.params));
      await invalidateResources(client, [own, ...(invalidates?.(args, answer.data) ?? [])]);
      await onSuccess?.(answer, args, onMutateResult, context);
    },
  });
}

export type { RouteKey };
