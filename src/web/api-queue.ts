// The work queue call, through the one request helper of api.ts.
import type { WorkQueue, WorkQueueCounts } from '../shared/queue-api.ts';
import { call } from './api.ts';

export type { WorkQueue, WorkQueueCounts };
export const workQueue = {
  mine: () => call<WorkQueue>('GET', '/api/work-queue').then((a) => a.data),
  /** How many wait, per section and in all (the count in the navigation; not audited). */
  counts: () => call<WorkQueueCounts>('GET', '/api/work-queue/counts').then((a) => a.data),
};
