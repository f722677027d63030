// The number on Beranda in the navigation: how many items wait in the signed-in person's work queue. A query of
// GET /api/work-queue/counts while the navigation shows — at once, every minute, whenever the window comes back
// into view, and after any change the app sends (a decision here, or a 409 saying someone else took it first),
// which marks the whole work queue stale (the count and the start page's queue) in this tab and the others.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onWrite } from './data/client.ts';
import { invalidateResources, useApi } from './data/query.ts';

/** How often the count is read again while nothing else asks for it. */
export const QUEUE_COUNT_INTERVAL_MS = 60_000;

/** The resource every work-queue query lives under (the queue and its counts). */
export const WORK_QUEUE = '/api/work-queue';

// One listener for the app however many screens watch the queue, so a change refetches it once.
let watchers = 0;
let stopWatching: (() => void) | null = null;

/**
 * While the calling component is shown, any change the app sends marks the work queue stale. Signing in or out
 * is no change to anyone's queue (and the count would only be refused after sign-out).
 */
export function useWorkQueueFollowsWrites(): void {
  const client = useQueryClient();
  useEffect(() => {
    if (watchers++ === 0) stopWatching = onWrite((path) => followWrite(client, path));
    return () => {
      if (--watchers === 0) {
        stopWatching?.();
        stopWatching = null;
      }
    };
  }, [client]);
}

function followWrite(client: QueryClient, path: string): void {
  // A search is sent as a POST (its words stay out of the address) but changes nothing.
  if (path.startsWith('/api/auth/') || path.startsWith('/api/setup') || path === '/api/participants/search') return;
  void invalidateResources(client, [WORK_QUEUE]);
}

/** The count, kept fresh while the calling component is shown; null until first read. */
export function useQueueCount(): number | null {
  useWorkQueueFollowsWrites();
  const { data } = useApi(
    'GET /api/work-queue/counts',
    {},
    { refetchInterval: QUEUE_COUNT_INTERVAL_MS, refetchOnWindowFocus: 'always' },
  );
  return data?.total ?? null;
}

/**
 * The count as the navigation shows it beside Beranda: the number for the eye, and for a screen reader what it
 * counts ("3 menunggu"), read as part of the link's name. Nothing when nothing waits.
 */
export function NavQueueCount() {
  const { t } = useTranslation();
  const n = useQueueCount();
  if (!n) return null;
  return (
    <span className="nav-count">
      <span aria-hidden="true">{n}</span>
      <span className="visually-hidden"> {t('workQueue.navCount', { count: n })}</span>
    </span>
  );
}
