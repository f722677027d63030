// The field engine's shapes: what the screens read (the vault's clear facts, the outbox's items, the sync state) and
// the open vault they work through.
import type { FieldEraseReason, FieldHeld, FieldSnapshot, FieldWriteKind } from '../../shared/field-api.ts';

/** Non-personal facts, stored in clear so the app can tell, before any PIN, that a field cache exists. */
export interface VaultMeta {
  deviceId: string;
  accountId: string;
  /** The name she gave the device ("HP Samsung saya"). */
  label: string;
  /** ISO. */
  createdAt: string;
  /** Last full sync that reached the server. */
  lastSyncAt: string | null;
  /** Last contact with the server; expiry counts from here. */
  lastOnlineAt: string;
  /** From the server. */
  offlineDays: number;
  /** 0..4; the fifth wrong PIN erases. */
  pinFailures: number;
  /** Counts only. */
  held: FieldHeld | null;
  /**
   * A hash of the conflicts the server last heard of (their ids and kinds): a pass contacts the server only when
   * they changed, so a sync with nothing new is the snapshot's one request. Absent before the first contact.
   */
  reportedConflicts?: string | null;
}

/** A wrong PIN; `remaining` attempts are left before the cache erases itself. */
export class WrongPinError extends Error {
  constructor(readonly remaining: number) {
    super(`Wrong PIN (${remaining} attempts left)`);
    this.name = 'WrongPinError';
  }
}

/** The cache is gone (or was just erased for `reason`). */
export class VaultErasedError extends Error {
  constructor(readonly reason: FieldEraseReason) {
    super(`The field cache was erased (${reason})`);
    this.name = 'VaultErasedError';
  }
}

export type OutboxRoute =
  | 'PUT /api/sessions/:id/attendance'
  | 'POST /api/follow-ups/:id/visits'
  | 'POST /api/participants/:id/notes'
  | 'POST /api/outreach';

/** What the outbox holds for one write (sealed as a whole in IndexedDB; only id/seq/state in clear). */
export interface OutboxItem {
  /** uuid; also its Idempotency-Key. */
  id: string;
  /** Order made. */
  seq: number;
  kind: FieldWriteKind;
  /** The route and its arguments, exactly as client.ts `request` takes them. */
  route: OutboxRoute;
  params?: { id: string };
  /** The shared schema's body. */
  body: unknown;
  /** The version it was based on. */
  ifMatch?: number;
  /** ISO, when she made it. */
  deviceTime: string;
  /** What the screens show about it without the cache (e.g. "PRT-0012 · Sari · 7 Des"). Sealed with the rest. */
  summary: string;
  state: 'waiting' | 'sending' | 'conflict';
  attempts: number;
  nextAttemptAt: string | null;
  conflict?: {
    /** 412, 409, 403, 404, 400, 422 (or another 4xx a rule answered with). */
    status: number;
    /** The server's error code (stale_version, attendance_locked, consent_required …). */
    code: string;
    openedAt: string;
    /** The current record as the server has it now, read when the conflict opened (attendanceView, follow-up detail …), or null when it cannot be read. */
    current: unknown | null;
    /** The current record's version (from its reply or its ETag) when it could be read: what resendMine sends as If-Match. */
    currentVersion?: number | null;
    /** Whether sending her version again can succeed (false when a rule refuses it: consent withdrawn, cohort closed, locked). */
    canResend: boolean;
  };
}

export type EnqueueArgs = Pick<OutboxItem, 'kind' | 'route' | 'params' | 'body' | 'ifMatch' | 'summary'>;

export interface SyncState {
  /** navigator.onLine and the last request's outcome. */
  online: boolean;
  syncing: boolean;
  /** Items waiting or sending. */
  waiting: number;
  conflicts: number;
  lastSyncAt: string | null;
  /** An ApiError code. */
  lastError: string | null;
  /** Set when this pass erased the cache (the server ordered it, or it expired): the screens leave field mode. */
  erased: FieldEraseReason | null;
}

/** The clear facts the sync itself keeps up to date. */
export type MetaPatch = Partial<
  Pick<VaultMeta, 'lastSyncAt' | 'lastOnlineAt' | 'offlineDays' | 'held' | 'reportedConflicts'>
>;

/** The open vault: the data key is in memory only, non-extractable. */
export interface OpenVault {
  readonly meta: VaultMeta;
  readSnapshot(): Promise<FieldSnapshot | null>;
  writeSnapshot(snapshot: FieldSnapshot, etag: string | null): Promise<void>;
  snapshotEtag(): Promise<string | null>;
  /** In seq order. */
  listOutbox(): Promise<OutboxItem[]>;
  /** Adds a write to the outbox (state waiting) and returns it. */
  enqueue(item: EnqueueArgs): Promise<OutboxItem>;
  updateItem(item: OutboxItem): Promise<void>;
  removeItem(id: string): Promise<void>;
  /** Puts `item` (a new id, same seq) in the place of the item `oldId`, in one transaction. */
  replaceItem(oldId: string, item: OutboxItem): Promise<void>;
  /** Records what a sync learned (last contact, last sync, the server's offline days, the counts held). */
  updateMeta(patch: MetaPatch): Promise<void>;
  /** A new PIN (after a reset with the server's key; needs the vault opened with the server key). */
  setPin(pin: string): Promise<void>;
  /** Forgets the key in memory. */
  lock(): void;
  readonly locked: boolean;
}
