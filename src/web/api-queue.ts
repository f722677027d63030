// The work queue call, through the one request helper of api.ts.
import type { WorkQueue } from '../shared/queue-api.ts';
import { call } from './api.ts';

export type { WorkQueue };
export const workQueue = {
  mine: () => call<WorkQueue>('GET', '/api/work-queue').then((a) => a.data),
};
