// The one typed client: every call names a route of the server's contract (contract.gen.ts, generated from the
// routes the server registers), so its path parameters, query, body and reply are the shared zod schemas' types.
// Every failure is an ApiError with the server's stable code. The session cookie is HttpOnly: the app never sees
// or stores a token. In development and in tests each JSON reply is also parsed with its shared schema, so a
// server/client drift fails there; the production bundle carries no schema.
import type { ErrorCode } from '../../shared/errors.ts';
import { DEVICE_TIME_HEADER, FIELD_DEVICE_HEADER, FIELD_TOKEN_HEADER } from '../../shared/field-headers.ts';
import type { ClientErrorCode } from '../i18n/id.ts';
import { replySchemas, type Routes } from './contract.gen.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** One of the server's ErrorCode values, or a ClientErrorCode when no usable answer came back. */
    readonly code: ErrorCode | ClientErrorCode | (string & {}),
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A failure before any answer came (offline, DNS, reset): the only kind worth retrying by itself. */
export const isNetworkError = (err: unknown): boolean => err instanceof ApiError && err.status === 0;
/** Someone changed the record since it was read (If-Match did not match). */
export const isStaleVersion = (err: unknown): boolean =>
  err instanceof ApiError && (err.status === 412 || err.code === 'stale_version');

type Listener = (err: ApiError) => void;
const errorListeners = new Set<Listener>();
/** Listeners hear every ApiError (the session uses this to notice an ended session). */
export function onApiError(listener: Listener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}
export function reportError(err: ApiError): ApiError {
  for (const l of errorListeners) l(err);
  return err;
}

const writeListeners = new Set<(path: string) => void>();
/** Listeners hear that a change reached the server, whatever its answer (the navigation's count reloads). */
export function onWrite(listener: (path: string) => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}
export function reportWrite(path: string): void {
  for (const l of writeListeners) l(path);
}

/**
 * A key for one form submission, sent as Idempotency-Key and reused when the same submission is retried,
 * so a dropped connection never creates a record twice. crypto.randomUUID needs a secure context; the
 * random bytes do not.
 */
export function newIdempotencyKey(): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type RouteKey = keyof Routes;
type Method<K> = K extends `${infer M} ${string}` ? M : never;
/** Routes that read (GET) and answer JSON: what a query may name. */
export type ReadRoute = {
  [K in RouteKey]: Method<K> extends 'GET' ? (Routes[K]['kind'] extends 'json' ? K : never) : never;
}[RouteKey];
/** Routes that change something. */
export type WriteRoute = { [K in RouteKey]: Method<K> extends 'GET' ? never : K }[RouteKey];
export type Reply<K extends RouteKey> = Routes[K]['reply'];
export type Body<K extends RouteKey> = Routes[K]['body'];
export type QueryOf<K extends RouteKey> = Routes[K]['query'];
export type ParamsOf<K extends RouteKey> = Routes[K]['params'];

/** What a call of route K takes: its path parameters and body when it has them, its query when it reads one. */
export type CallArgs<K extends RouteKey> = (Routes[K]['params'] extends undefined
  ? { params?: undefined }
  : { params: Routes[K]['params'] }) &
  (Routes[K]['body'] extends undefined ? { body?: undefined } : { body: Routes[K]['body'] }) &
  (Routes[K]['query'] extends undefined ? { query?: undefined } : { query?: Routes[K]['query'] }) & {
    /** The version the change was based on (If-Match); the server answers 412 when it is no longer current. */
    ifMatch?: number | string;
    /** Sent as Idempotency-Key: the same key on a retry never makes a record twice. */
    idempotencyKey?: string;
    /** Sent as multipart/form-data instead of JSON (file uploads). */
    form?: FormData;
    signal?: AbortSignal;
    /** A field device's call: its id (x-field-device) and the time on it when the write was made (x-device-time). */
    device?: { id: string; time: string };
    /** A field device's own token (x-field-token), for the calls it makes without a session. */
    fieldToken?: string;
    /** The ETag of the copy held (If-None-Match): requestIfModified answers "not modified" on 304. */
    ifNoneMatch?: string;
  };

export interface Answer<T> {
  data: T;
  etag: string | null;
}

/** The path of route K with its parameters filled in ('/api/participants/:id' → '/api/participants/7f…'). */
export function pathOf<K extends RouteKey>(key: K, params?: ParamsOf<K>): string {
  const template = key.slice(key.indexOf(' ') + 1);
  const values: Record<string, string> = params ?? {};
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`${key}: missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
}

export function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function isErrorBody(
  v: unknown,
): v is { error: { code: string; message: string; details?: unknown; requestId?: string } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = v.error;
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string';
}

/** Turns a non-2xx answer into the ApiError the listeners hear. */
export async function failureOf(res: Response): Promise<ApiError> {
  let payload: unknown;
  try {
    const text = await res.text();
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (isErrorBody(payload)) {
    const e = payload.error;
    return reportError(
      new ApiError(
        res.status,
        e.code,
        e.message,
        e.details,
        e.requestId ?? res.headers.get('x-request-id') ?? undefined,
      ),
    );
  }
  return reportError(
    new ApiError(res.status, res.status >= 500 ? 'internal_error' : 'unexpected_response', `HTTP ${res.status}`),
  );
}

const CHECK_REPLIES = import.meta.env.DEV || import.meta.env.MODE === 'test';

async function checkReply(key: RouteKey, data: unknown): Promise<void> {
  const load = replySchemas[key];
  if (!load) return;
  const result = (await load()).safeParse(data);
  if (!result.success) {
    throw new ApiError(
      200,
      'unexpected_response',
      `${key}: the reply does not match its schema: ${result.error.message}`,
    );
  }
}

async function send<K extends RouteKey>(key: K, args: CallArgs<K>, accept: string): Promise<Response> {
  const method = key.slice(0, key.indexOf(' '));
  const path = pathOf(key, args.params) + queryString(args.query);
  const headers: Record<string, string> = { Accept: accept };
  if (args.ifMatch !== undefined) {
    headers['If-Match'] = typeof args.ifMatch === 'number' ? `"${args.ifMatch}"` : args.ifMatch;
  }
  if (args.idempotencyKey) headers['Idempotency-Key'] = args.idempotencyKey;
  if (args.device) {
    headers[FIELD_DEVICE_HEADER] = args.device.id;
    headers[DEVICE_TIME_HEADER] = args.device.time;
  }
  if (args.fieldToken) headers[FIELD_TOKEN_HEADER] = args.fieldToken;
  const init: RequestInit = { method, credentials: 'same-origin', headers, signal: args.signal ?? null };
  if (args.ifNoneMatch) {
    headers['If-None-Match'] = args.ifNoneMatch;
    // The answer is compared by the server, not by the browser's cache (which would turn a 304 into a 200).
    init.cache = 'no-store';
  }
  if (method !== 'GET' && args.form) {
    // Only the upload routes accept multipart; the browser adds the boundary.
    init.body = args.form;
  } else if (method !== 'GET') {
    // The server accepts JSON only (it refuses form posts, which also closes simple-request CSRF).
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(args.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (args.signal?.aborted) throw err;
    throw reportError(new ApiError(0, 'network_error', 'The server could not be reached'));
  }
  // A change anyone's work queue may count (a decision, a request, or a 409 saying someone else took it).
  if (method !== 'GET') reportWrite(path);
  return res;
}

/** Calls route K and returns its reply, typed by the route's shared schema, with the record's ETag. */
export async function request<K extends RouteKey>(key: K, args: CallArgs<K>): Promise<Answer<Reply<K>>> {
  const res = await send(key, args, 'application/json');
  if (!res.ok) throw await failureOf(res);
  return answerOf(key, res);
}

/** What a conditional read (If-None-Match) answers: the new reply, or that the copy held is still current. */
export type ConditionalAnswer<T> = (Answer<T> & { notModified: false }) | { notModified: true; etag: string | null };

/** Calls route K with If-None-Match (args.ifNoneMatch): a 304 is "not modified", not a failure. */
export async function requestIfModified<K extends RouteKey>(
  key: K,
  args: CallArgs<K>,
): Promise<ConditionalAnswer<Reply<K>>> {
  const res = await send(key, args, 'application/json');
  if (res.status === 304) return { notModified: true, etag: res.headers.get('etag') ?? args.ifNoneMatch ?? null };
  if (!res.ok) throw await failureOf(res);
  return { ...(await answerOf(key, res)), notModified: false };
}

async function answerOf<K extends RouteKey>(key: K, res: Response): Promise<Answer<Reply<K>>> {
  const etag = res.headers.get('etag');
  const text = res.status === 204 ? '' : await res.text();
  if (!text) return { data: undefined as Reply<K>, etag };
  let data: Reply<K>;
  try {
    data = JSON.parse(text);
  } catch {
    throw reportError(new ApiError(res.status, 'unexpected_response', 'The answer was not JSON'));
  }
  if (CHECK_REPLIES) await checkReply(key, data);
  return { data, etag };
}

/** Calls route K and returns only its reply. */
export const fetchReply = <K extends RouteKey>(key: K, args: CallArgs<K>): Promise<Reply<K>> =>
  request(key, args).then((a) => a.data);

/** Calls a route that answers with a file (a PDF, a spreadsheet, her copy): the file and the name the server gives it. */
export async function requestFile<K extends RouteKey>(
  key: K,
  args: CallArgs<K>,
): Promise<{ blob: Blob; filename: string }> {
  const res = await send(key, args, '*/*');
  if (!res.ok) throw await failureOf(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
  return { blob: await res.blob(), filename };
}

/** The address of a file route, for a plain download link (the server answers with Content-Disposition). */
export const fileUrl = <K extends RouteKey>(key: K, params: ParamsOf<K>, query?: QueryOf<K>): string =>
  pathOf(key, params) + queryString(query);
