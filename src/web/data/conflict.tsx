// Saving over someone else's change. A versioned save sends the version it was based on (If-Match) and its
// Idempotency-Key; when the server answers 412, the record as it is now is fetched and one shared dialog shows,
// field by field, what the other person changed beside what she changed. She chooses: load the latest version
// (her changes dropped), or re-apply only the fields she changed on top of it (sent with the new version).
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isStaleVersion,
  newIdempotencyKey,
  pathOf,
  request,
  type Answer,
  type CallArgs,
  type ReadRoute,
  type Reply,
  type WriteRoute,
} from './client.ts';
import { apiKey, invalidateResources, resourceOf } from './query.ts';

export type ConflictChoice = 'reload' | 'reapply';

export interface FieldChange {
  field: string;
  label: string;
  before: unknown;
  theirs: unknown;
  mine: unknown;
  /** She changed it. */
  changedByMe: boolean;
  /** The other person changed it. */
  changedByThem: boolean;
}

export interface Conflict {
  changes: FieldChange[];
  /** Who saved the newer version, when the record says so. */
  who?: string;
  format?: (field: string, value: unknown) => string;
}

type Ask = (conflict: Conflict) => Promise<ConflictChoice>;
const ConflictContext = createContext<Ask | null>(null);

/** Compares two values as the form and the server see them (dates and arrays by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of `mine` that differ from `base`, and, for every field either side touched, the three values. */
export function diffVersions(
  base: Record<string, unknown>,
  current: Record<string, unknown>,
  mine: Record<string, unknown>,
  labelOf: (field: string) => string = (f) => f,
  /** Also show fields she did not send that the other person changed (the record's fields the form shows). */
  showAllOfBase = false,
  ignore: readonly string[] = ['version', 'updatedAt', 'updatedBy', 'etag'],
): { changes: FieldChange[]; mineChanged: Record<string, unknown> } {
  const mineChanged: Record<string, unknown> = {};
  const changes: FieldChange[] = [];
  const fields = new Set([...Object.keys(mine), ...Object.keys(current)]);
  for (const field of fields) {
    if (ignore.includes(field)) continue;
    const changedByMe = field in mine && !sameValue(mine[field], base[field]);
    const changedByThem = field in current && field in base && !sameValue(current[field], base[field]);
    if (changedByMe) mineChanged[field] = mine[field];
    // Only fields the form deals with are shown: the others are not hers to weigh.
    if ((changedByMe || changedByThem) && (field in mine || (showAllOfBase && field in base))) {
      changes.push({
        field,
        label: labelOf(field),
        before: base[field],
        theirs: current[field],
        mine: mine[field],
        changedByMe,
        changedByThem,
      });
    }
  }
  return { changes, mineChanged };
}

/** Holds the one conflict dialog of the app; screens reach it through useVersionedMutation. */
export function ConflictProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<{ conflict: Conflict; resolve: (c: ConflictChoice) => void } | null>(null);
  const ask = useCallback<Ask>((conflict) => new Promise((resolve) => setOpen({ conflict, resolve })), []);
  const choose = (c: ConflictChoice) => {
    open?.resolve(c);
    setOpen(null);
  };
  return (
    <ConflictContext.Provider value={ask}>
      {children}
      {open && <ConflictDialog conflict={open.conflict} onChoose={choose} />}
    </ConflictContext.Provider>
  );
}

export function ConflictDialog({ conflict, onChoose }: { conflict: Conflict; onChoose: (c: ConflictChoice) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('data.conflict.empty');
    if (conflict.format) return conflict.format(field, v);
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  };
  return (
    <dialog
      ref={ref}
      className="conflict-dialog"
      aria-labelledby="conflict-title"
      aria-describedby="conflict-intro"
      // Escape is the safe choice: nothing she typed is sent, the latest version is loaded.
      onCancel={(e) => {
        e.preventDefault();
        onChoose('reload');
      }}
    >
      <h2 id="conflict-title">{t('data.conflict.title')}</h2>
      <p id="conflict-intro">{t('data.conflict.intro', { who: conflict.who ?? t('data.conflict.someone') })}</p>
      {conflict.changes.length === 0 ? (
        <p>{t('data.conflict.noFields')}</p>
      ) : (
        <div className="conflict-scroll">
          <table className="conflict-table">
            <thead>
              <tr>
                <th scope="col">{t('data.conflict.field')}</th>
                <th scope="col">{t('data.conflict.theirs')}</th>
                <th scope="col">{t('data.conflict.mine')}</th>
              </tr>
            </thead>
            <tbody>
              {conflict.changes.map((c) => (
                <tr key={c.field} data-field={c.field}>
                  <th scope="row">{c.label}</th>
                  <td className={c.changedByThem ? 'changed' : undefined}>{show(c.field, c.theirs)}</td>
                  <td className={c.changedByMe ? 'changed' : undefined}>
                    {c.changedByMe ? show(c.field, c.mine) : t('data.conflict.unchanged')}
                    {c.changedByMe && c.changedByThem && <span className="hint"> {t('data.conflict.overlap')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => onChoose('reload')}>
          {t('data.conflict.reload')}
        </button>
        <button type="button" className="button button-primary" onClick={() => onChoose('reapply')}>
          {t('data.conflict.reapply')}
        </button>
      </div>
    </dialog>
  );
}

export type VersionedOutcome<K extends WriteRoute, R extends ReadRoute = ReadRoute> =
  | { outcome: 'saved'; answer: Answer<Reply<K>> }
  /** She chose the latest version: here it is, to start the form again from. */
  | { outcome: 'reloaded'; current: Reply<R> };

export interface VersionedArgs<K extends WriteRoute, R extends ReadRoute> {
  /** The call: path parameters, body (only what the form carries) and query. */
  call: Omit<CallArgs<K>, 'ifMatch' | 'idempotencyKey'>;
  /** The record as she opened it (its version is sent as If-Match). */
  base: { version: number } & object;
  /** Where the record is read, to fetch it as it is now after a 412. */
  record: { key: R; args: CallArgs<R> };
}

export interface VersionedOptions<K extends WriteRoute> {
  /** The label of each field in the dialog. */
  labelOf?: (field: string) => string;
  format?: (field: string, value: unknown) => string;
  /**
   * The fields compared, by name, from the record (as opened and as it is now) and from the body, where they are
   * shaped differently (a nested identity, say); by default the top-level properties of the body. When given, every
   * field it names that the other person changed is shown, not only those she sent.
   */
  fieldsOf?: (value: unknown) => Record<string, unknown>;
  /** Builds the body sent when she re-applies (from her changed fields, as fieldsOf names them): by default those fields. */
  reapplyBody?: (current: Record<string, unknown>, mineChanged: Record<string, unknown>) => CallArgs<K>['body'];
  /** More resources the change touches. */
  invalidates?: readonly string[];
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v)) : {};

/**
 * A save of a versioned record: If-Match and Idempotency-Key on every attempt, and on 412 the shared conflict
 * dialog. Resolves with the saved answer, or with 'reloaded' when she chose the latest version (the record's
 * queries are refreshed either way). Other failures reject as ApiError.
 */
export function useVersionedMutation<K extends WriteRoute>(key: K, options: VersionedOptions<K> = {}) {
  const ask = useContext(ConflictContext);
  const client = useQueryClient();
  const [isPending, setPending] = useState(false);
  const idempotency = useRef(newIdempotencyKey());

  const save = useCallback(
    async <R extends ReadRoute>(args: VersionedArgs<K, R>): Promise<VersionedOutcome<K, R>> => {
      if (!ask) throw new Error('useVersionedMutation needs a ConflictProvider');
      setPending(true);
      const refresh = () =>
        invalidateResources(client, [resourceOf(pathOf(key, args.call.params)), ...(options.invalidates ?? [])]);
      try {
        let version = args.base.version;
        let call: CallArgs<K> = { ...args.call } as CallArgs<K>;
        const fieldsOf = options.fieldsOf ?? asRecord;
        const mine = fieldsOf(args.call.body);
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            const answer = await request(key, { ...call, ifMatch: version, idempotencyKey: idempotency.current });
            idempotency.current = newIdempotencyKey();
            await refresh();
            return { outcome: 'saved', answer };
          } catch (err) {
            if (!isStaleVersion(err)) throw err;
            const current = await client.fetchQuery({
              queryKey: apiKey(args.record.key, args.record.args),
              queryFn: ({ signal }) => request(args.record.key, { ...args.record.args, signal }).then((a) => a.data),
              staleTime: 0,
            });
            const now = fieldsOf(current);
            const { changes, mineChanged } = diffVersions(
              fieldsOf(args.base),
              now,
              mine,
              options.labelOf,
              options.fieldsOf !== undefined,
            );
            const latest = asRecord(current);
            const who = typeof latest.updatedByName === 'string' ? latest.updatedByName : undefined;
            const choice = await ask({ changes, who, format: options.format });
            if (choice === 'reload') {
              idempotency.current = newIdempotencyKey();
              await refresh();
              return { outcome: 'reloaded', current };
            }
            version = typeof latest.version === 'number' ? latest.version : version;
            call = {
              ...call,
              body: options.reapplyBody ? options.reapplyBody(now, mineChanged) : mineChanged,
            } as CallArgs<K>;
            // A new attempt with a new body is a new submission.
            idempotency.current = newIdempotencyKey();
          }
        }
        throw new Error('The record kept changing while saving');
      } finally {
        setPending(false);
      }
    },
    [ask, client, key, options],
  );
  return { save, isPending };
}
