// Sending one outbox item, and what the server's answer makes of it: removed (2xx), tried again later with back-off
// (no answer, 5xx, 429), left as it is until she signs in again (401), or a conflict she decides (a 412 or a rule's
// refusal), with the record as the server has it now beside hers.
import { ApiError, type Body, request } from '../data/client.ts';
import type { OutboxItem } from './types.ts';

/** Back-off after a failure with no usable answer: 5 s × 2^attempts, at most 5 minutes. */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 300_000;
export const backoffMs = (attempts: number): number => Math.min(BACKOFF_BASE_MS * 2 ** attempts, BACKOFF_MAX_MS);

export type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; code: string; offline: boolean }
  | { kind: 'unauthenticated' }
  | { kind: 'conflict'; status: number; code: string };

const id = (item: OutboxItem): string => {
  if (!item.params) throw new Error(`${item.route}: missing path parameter id`);
  return item.params.id;
};

/** Sends the item as it stands, with its Idempotency-Key (its id), If-Match and the device's headers. */
async function post(item: OutboxItem, deviceId: string): Promise<void> {
  const common = {
    idempotencyKey: item.id,
    device: { id: deviceId, time: item.deviceTime },
    ...(item.ifMatch !== undefined ? { ifMatch: item.ifMatch } : {}),
  };
  // The body was built by the screen from the route's shared schema when she recorded it; the server checks it again.
  switch (item.route) {
    case 'PUT /api/sessions/:id/attendance':
      await request(item.route, {
        ...common,
        params: { id: id(item) },
        body: item.body as Body<typeof item.route>,
      });
      return;
    case 'POST /api/follow-ups/:id/visits':
      await request(item.route, { ...common, params: { id: id(item) }, body: item.body as Body<typeof item.route> });
      return;
    case 'POST /api/participants/:id/notes':
      await request(item.route, {
        ...common,
        params: { id: id(item) },
        body: item.body as Body<typeof item.route>,
      });
      return;
    case 'POST /api/outreach':
      await request(item.route, { ...common, body: item.body as Body<typeof item.route> });
      return;
  }
}

/** Sends one item and says what its answer means; never throws. */
export async function sendItem(item: OutboxItem, deviceId: string): Promise<Outcome> {
  try {
    await post(item, deviceId);
    return { kind: 'sent' };
  } catch (err) {
    if (!(err instanceof ApiError)) return { kind: 'retry', code: 'network_error', offline: true };
    // The server took it but its reply did not match the schema this build expects: it is done all the same.
    if (err.status >= 200 && err.status < 300) return { kind: 'sent' };
    if (err.status === 0) return { kind: 'retry', code: err.code, offline: true };
    if (err.status >= 500 || err.status === 429) return { kind: 'retry', code: err.code, offline: false };
    if (err.status === 401) return { kind: 'unauthenticated' };
    return { kind: 'conflict', status: err.status, code: err.code };
  }
}

/** A version from an ETag ("12" or W/"12"), or null. */
export function versionOfEtag(etag: string | null): number | null {
  const m = etag ? /^(?:W\/)?"?(\d+)"?$/.exec(etag.trim()) : null;
  return m ? Number(m[1]) : null;
}

function versionOf(data: unknown, etag: string | null): number | null {
  if (typeof data === 'object' && data !== null && 'version' in data && typeof data.version === 'number') {
    return data.version;
  }
  return versionOfEtag(etag);
}

/** The record as the server has it now, to show beside hers: a session's register or a follow-up; else null. */
export async function readCurrent(item: OutboxItem): Promise<{ current: unknown | null; version: number | null }> {
  try {
    if (item.route === 'PUT /api/sessions/:id/attendance') {
      const got = await request('GET /api/sessions/:id/attendance', { params: { id: id(item) } });
      return { current: got.data, version: versionOf(got.data, got.etag) };
    }
    if (item.route === 'POST /api/follow-ups/:id/visits') {
      const got = await request('GET /api/follow-ups/:id', { params: { id: id(item) } });
      return { current: got.data, version: versionOf(got.data, got.etag) };
    }
  } catch {
    // Out of her scope now, gone, or no signal: she still sees her own version.
  }
  return { current: null, version: null };
}

/** Makes the item a conflict (not lost: it stays in the outbox until she decides). */
export async function toConflict(
  item: OutboxItem,
  outcome: { status: number; code: string },
  now: Date,
): Promise<OutboxItem> {
  const { current, version } = await readCurrent(item);
  return {
    ...item,
    state: 'conflict',
    nextAttemptAt: null,
    conflict: {
      status: outcome.status,
      code: outcome.code,
      openedAt: now.toISOString(),
      current,
      currentVersion: version,
      canResend: outcome.status === 412 && outcome.code === 'stale_version',
    },
  };
}
