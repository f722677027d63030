// Development and tests only: starts a worker thread whose entry is TypeScript source (the built server
// starts the compiled .js entry directly and never loads this file).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
