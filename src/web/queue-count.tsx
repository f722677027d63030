// The number on Beranda in the navigation: how many items wait in the signed-in person's work queue. One count
// for the whole app, read from GET /api/work-queue/counts while the navigation shows — at once, every minute,
// when the window comes back into view, and after any change the app sends (a decision here, or a 409 saying
// someone else took it first) — and handed over by the start page whenever it reads the whole queue.
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { onWrite } from './api.ts';
import { workQueue } from './api-queue.ts';

/** How often the count is read again while nothing else asks for it. */
export const QUEUE_COUNT_INTERVAL_MS = 60_000;

let total: number | null = null;
const subscribers = new Set<() => void>();
let loading = false;
/** A change arrived while a read was under way: that read may predate it, so read once more after it. */
let again = false;

function publish(n: number | null) {
  if (n === total) return;
  total = n;
  for (const s of subscribers) s();
}

/** The start page has just read the whole queue: its total is the count. */
export function queueTotalRead(n: number): void {
  publish(n);
}

/** Reads the count again (one read at a time; a change during a read asks for one more). */
export function reloadQueueCount(): void {
  if (loading) {
    again = true;
    return;
  }
  loading = true;
  workQueue
    .counts()
    .then(
      (c) => publish(c.total),
      () => undefined,
    )
    .finally(() => {
      loading = false;
      if (again) {
        again = false;
        reloadQueueCount();
      }
    });
}

function subscribe(s: () => void) {
  subscribers.add(s);
  return () => subscribers.delete(s);
}

/** The count, kept fresh while the calling component is shown; null until first read. */
export function useQueueCount(): number | null {
  useEffect(() => {
    reloadQueueCount();
    const timer = window.setInterval(reloadQueueCount, QUEUE_COUNT_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') reloadQueueCount();
    };
    window.addEventListener('focus', reloadQueueCount);
    document.addEventListener('visibilitychange', onVisible);
    // Signing in or out is no change to anyone's queue (and the count would only be refused after sign-out).
    const stop = onWrite((path) => {
      if (!path.startsWith('/api/auth/')) reloadQueueCount();
    });
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', reloadQueueCount);
      document.removeEventListener('visibilitychange', onVisible);
      stop();
    };
  }, []);
  return useSyncExternalStore(subscribe, () => total);
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
