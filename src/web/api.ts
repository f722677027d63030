// The one place the web app talks to the server. Every call returns typed data or throws an ApiError with
// the server's stable error code. The session cookie is HttpOnly: the app never sees or stores a token.
import type { z } from 'zod';
import type {
  AuditEntry,
  SessionUser,
  UserView,
  auditQuery,
  loginBody,
  mfaEnrolStartResponse,
  passwordChangeBody,
  setupBody,
  userCreateBody,
  userListQuery,
  userUpdateBody,
} from '../shared/api.ts';
import type { ErrorCode } from '../shared/errors.ts';
import type { ClientErrorCode } from './i18n/id.ts';

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

export type MfaChallenge = z.infer<typeof mfaEnrolStartResponse>;
export type UserFilter = z.input<typeof userListQuery>;
export type UserCreateInput = z.input<typeof userCreateBody>;
export type UserUpdateInput = z.input<typeof userUpdateBody>;
export type AuditFilter = Partial<z.input<typeof auditQuery>>;

/** Listeners hear every ApiError (the session uses this to notice an ended session). */
type Listener = (err: ApiError) => void;
const listeners = new Set<Listener>();
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type Query = Record<string, string | number | undefined | null>;
interface Options {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
}
interface Answer<T> {
  data: T;
  etag: string | null;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(v: unknown): v is { error: { code: string; message: string; details?: unknown; requestId?: string } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, opts: Options = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (method !== 'GET') {
    // The server accepts JSON only (it refuses form posts, which also closes simple-request CSRF).
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), init);
  } catch {
    throw report(new ApiError(0, 'network_error', 'The server could not be reached'));
  }
  const etag = res.headers.get('etag');
  if (res.status === 204) return { data: undefined as T, etag };
  let payload: unknown = undefined;
  const text = await res.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!res.ok) {
    if (isErrorBody(payload)) {
      const e = payload.error;
      throw report(new ApiError(res.status, e.code, e.message, e.details, e.requestId ?? res.headers.get('x-request-id') ?? undefined));
    }
    throw report(new ApiError(res.status, res.status >= 500 ? 'internal_error' : 'unexpected_response', `HTTP ${res.status}`));
  }
  if (payload === undefined) throw report(new ApiError(res.status, 'unexpected_response', 'The answer was not JSON'));
  return { data: payload as T, etag };
}

function report(err: ApiError): ApiError {
  for (const l of listeners) l(err);
  return err;
}

const data = <T>(p: Promise<Answer<T>>) => p.then((a) => a.data);

export interface Versioned<T> {
  item: T;
  /** The ETag to send back as If-Match when changing this record. */
  etag: string;
}
const versioned = (a: Answer<UserView>): Versioned<UserView> => ({ item: a.data, etag: a.etag ?? `"${a.data.version}"` });

export const api = {
  health: () => data(call<{ status: 'ok'; database: 'sqlite' | 'postgres' }>('GET', '/api/health')),

  setup: {
    status: () => data(call<{ setupNeeded: boolean }>('GET', '/api/setup')),
    mfa: (token: string) => data(call<MfaChallenge>('POST', '/api/setup/mfa', { body: { token } })),
    complete: (body: z.input<typeof setupBody>) => data(call<{ user: SessionUser }>('POST', '/api/setup', { body })).then((r) => r.user),
  },

  auth: {
    login: (body: z.input<typeof loginBody>) => data(call<{ user: SessionUser }>('POST', '/api/auth/login', { body })).then((r) => r.user),
    logout: () => data(call<void>('POST', '/api/auth/logout')),
    me: () => data(call<{ user: SessionUser }>('GET', '/api/auth/me')).then((r) => r.user),
    changePassword: (body: z.input<typeof passwordChangeBody>) =>
      data(call<{ user: SessionUser }>('POST', '/api/auth/password', { body })).then((r) => r.user),
    mfaEnrol: () => data(call<MfaChallenge>('POST', '/api/auth/mfa/enrol')),
    mfaConfirm: (totp: string) => data(call<{ user: SessionUser }>('POST', '/api/auth/mfa/confirm', { body: { totp } })).then((r) => r.user),
  },

  users: {
    list: (filter: UserFilter = {}) => data(call<{ items: UserView[] }>('GET', '/api/users', { query: filter })).then((r) => r.items),
    create: (body: UserCreateInput) => call<UserView>('POST', '/api/users', { body }).then(versioned),
    get: (id: string) => call<UserView>('GET', `/api/users/${encodeURIComponent(id)}`).then(versioned),
    /** Optimistic concurrency: the server answers 412 stale_version when someone changed the record meanwhile. */
    update: (id: string, etag: string, body: UserUpdateInput) =>
      call<UserView>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body, headers: { 'If-Match': etag } }).then(versioned),
  },

  audit: {
    list: (filter: AuditFilter = {}) =>
      data(call<{ items: AuditEntry[]; nextBefore: number | null }>('GET', '/api/audit', { query: filter as Query })),
  },
};
