// The one place the web app talks to the server. Every call returns typed data or throws an ApiError with
// the server's stable error code. The session cookie is HttpOnly: the app never sees or stores a token.
import type { z } from 'zod';
import type { SessionUser, loginBody, passwordChangeBody } from '../shared/api.ts';
import type {
  attachmentView,
  consentInput,
  consentView,
  noteHistoryResponse,
  noteView,
  participantUpdateBody,
  participantView,
  timelineResponse,
  transitionBody,
  transitionResponse,
} from '../shared/participants-api.ts';
import { ApiError, failureOf, reportError, reportWrite } from './data/client.ts';

export { ApiError, newIdempotencyKey, onApiError, onWrite } from './data/client.ts';

export type ParticipantView = z.infer<typeof participantView>;
export type ParticipantUpdateInput = z.input<typeof participantUpdateBody>;
export type ConsentView = z.infer<typeof consentView>;
export type ConsentInput = z.input<typeof consentInput>;
export type TimelineEvent = z.infer<typeof timelineResponse>['items'][number];
export type TransitionInput = z.input<typeof transitionBody>;
export type TransitionResult = z.infer<typeof transitionResponse>;
export type NoteView = z.infer<typeof noteView>;
export type NoteHistory = z.infer<typeof noteHistoryResponse>;
export type AttachmentView = z.infer<typeof attachmentView>;
/** A warning the server gives with a saved record (e.g. the NIK's birth date differs from the one recorded). */
export interface SaveWarning {
  code: string;
  message: string;
}

type Query = Record<string, string | number | undefined | null>;
interface Options {
  body?: unknown;
  /** Sent as multipart/form-data instead of JSON (file uploads); the browser sets the Content-Type. */
  form?: FormData;
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

export async function call<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  opts: Options = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (method !== 'GET' && opts.form) {
    // Only the upload routes accept multipart; the browser adds the boundary and its own Origin header.
    init.body = opts.form;
  } else if (method !== 'GET') {
    // The server accepts JSON only (it refuses form posts, which also closes simple-request CSRF).
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), init);
  } catch {
    throw reportError(new ApiError(0, 'network_error', 'The server could not be reached'));
  }
  // A change anyone's work queue may count (a decision, a request, or a 409 saying someone else took it).
  if (method !== 'GET') reportWrite(path);
  if (!res.ok) throw await failureOf(res);
  const etag = res.headers.get('etag');
  if (res.status === 204) return { data: undefined as T, etag };
  let payload: unknown;
  try {
    const text = await res.text();
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (payload === undefined) {
    throw reportError(new ApiError(res.status, 'unexpected_response', 'The answer was not JSON'));
  }
  return { data: payload as T, etag };
}

const data = <T>(p: Promise<Answer<T>>) => p.then((a) => a.data);

export interface Versioned<T> {
  item: T;
  /** The ETag to send back as If-Match when changing this record. */
  etag: string;
}
const versioned = <T extends { version: number }>(a: Answer<T>): Versioned<T> => ({
  item: a.data,
  etag: a.etag ?? `"${a.data.version}"`,
});

const pid = (id: string) => `/api/participants/${encodeURIComponent(id)}`;
const idem = (key: string) => ({ 'Idempotency-Key': key });

/** Uploads one file to a participant: the field "kind" goes first, then "file" (the server reads them in order). */
function uploadAttachment(participantId: string, kind: AttachmentView['kind'], file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  return data(call<AttachmentView>('POST', `${pid(participantId)}/attachments`, { form }));
}

export const api = {
  auth: {
    login: (body: z.input<typeof loginBody>) =>
      data(call<{ user: SessionUser }>('POST', '/api/auth/login', { body })).then((r) => r.user),
    logout: () => data(call<void>('POST', '/api/auth/logout')),
    me: () => data(call<{ user: SessionUser }>('GET', '/api/auth/me')).then((r) => r.user),
    changePassword: (body: z.input<typeof passwordChangeBody>) =>
      data(call<{ user: SessionUser }>('POST', '/api/auth/password', { body })).then((r) => r.user),
  },

  participants: {
    get: (id: string) => call<ParticipantView>('GET', pid(id)).then(versioned),
    update: (id: string, etag: string, body: ParticipantUpdateInput) =>
      call<ParticipantView & { warnings: SaveWarning[] }>('PATCH', pid(id), {
        body,
        headers: { 'If-Match': etag },
      }).then((a) => {
        const { warnings, ...item } = a.data;
        return { ...versioned({ data: item, etag: a.etag }), warnings };
      }),
    revealNik: (id: string) => data(call<{ nik: string | null }>('POST', `${pid(id)}/reveal-nik`)).then((r) => r.nik),
    consents: (id: string) => data(call<{ items: ConsentView[] }>('GET', `${pid(id)}/consents`)).then((r) => r.items),
    addConsent: (id: string, body: ConsentInput, idempotencyKey: string) =>
      data(call<{ items: ConsentView[] }>('POST', `${pid(id)}/consents`, { body, headers: idem(idempotencyKey) })).then(
        (r) => r.items,
      ),
    withdrawConsent: (id: string, consentId: string) =>
      data(
        call<{ items: ConsentView[] }>('POST', `${pid(id)}/consents/${encodeURIComponent(consentId)}/withdraw`, {
          body: {},
        }),
      ).then((r) => r.items),
    /** Sends If-Match so a move made on an old view of the case is refused (412). */
    transition: (id: string, etag: string, body: TransitionInput) =>
      data(call<TransitionResult>('POST', `${pid(id)}/transitions`, { body, headers: { 'If-Match': etag } })),
    decideClosure: (id: string, approve: boolean, reason?: string) =>
      data(call<TransitionResult>('POST', `${pid(id)}/closure`, { body: { approve, ...(reason ? { reason } : {}) } })),
    timeline: (id: string) => data(call<{ items: TimelineEvent[] }>('GET', `${pid(id)}/timeline`)).then((r) => r.items),
    notes: (id: string) => data(call<{ items: NoteView[] }>('GET', `${pid(id)}/notes`)).then((r) => r.items),
    addNote: (id: string, body: { type: NoteView['type']; body: string }, idempotencyKey: string) =>
      data(call<NoteView>('POST', `${pid(id)}/notes`, { body, headers: idem(idempotencyKey) })),
    noteHistory: (id: string, noteId: string) =>
      data(call<NoteHistory>('GET', `${pid(id)}/notes/${encodeURIComponent(noteId)}`)),
    updateNote: (id: string, noteId: string, version: number, body: string) =>
      data(
        call<NoteView>('PATCH', `${pid(id)}/notes/${encodeURIComponent(noteId)}`, {
          body: { body },
          headers: { 'If-Match': `"${version}"` },
        }),
      ),
    attachments: (id: string) =>
      data(call<{ items: AttachmentView[] }>('GET', `${pid(id)}/attachments`)).then((r) => r.items),
    upload: uploadAttachment,
    /** For a plain download link: the server answers with Content-Disposition: attachment. */
    attachmentUrl: (id: string, attachmentId: string) =>
      `${pid(id)}/attachments/${encodeURIComponent(attachmentId)}/content`,
  },
};
