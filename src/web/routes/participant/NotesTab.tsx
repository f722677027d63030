// Case notes: a form to add one (its type limited to what this user may write), the notes newest first,
// editing one's own note (If-Match; the earlier text is kept) and the history of an edited note.
import { useMemo, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { NOTE_TYPES } from '../../../shared/codes.ts';
import { noteCreateBody, noteUpdateBody } from '../../../shared/participants-api.ts';
import { newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useUser } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDateTime } from '../../format.ts';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { mayOn, participantErrorText, type TabProps } from './shared.ts';

type NoteType = (typeof NOTE_TYPES)[number];
type NoteView = Reply<'GET /api/participants/:id/notes'>['items'][number];
// Newest first, whatever order the server used.
const newestFirst = (r: Reply<'GET /api/participants/:id/notes'>) =>
  [...r.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export function NotesTab({ record }: TabProps) {
  const { t } = useTranslation();
  const me = useUser();
  const id = record.item.id;
  const types: NoteType[] = NOTE_TYPES.filter((ty) =>
    mayOn(record, ty === 'PSYCHOLOGICAL' ? 'note.create_psychological' : 'note.create'),
  );
  const list = useApi('GET /api/participants/:id/notes', { params: { id } }, { select: newestFirst });
  const notes = list.data;
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // The earlier texts of one note, read when she opens them.
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const historyQuery = useApi(
    'GET /api/participants/:id/notes/:noteId',
    { params: { id, noteId: historyOf ?? '' } },
    { enabled: historyOf !== null },
  );
  const history = historyOf !== null ? historyQuery.data : undefined;
  const idempotencyKey = useRef(newIdempotencyKey());
  const addition = useApiMutation('POST /api/participants/:id/notes');
  // The add form: the endpoint's body, its type limited to the options shown.
  const addMessages = useMemo(() => ({ body: t('participant.notes.invalidBody') }), [t]);
  const addForm = useSchemaForm(noteCreateBody, { defaultValues: { type: types[0] }, messages: addMessages });
  const type = useWatch({ control: addForm.control, name: 'type' });
  const draft = useWatch({ control: addForm.control, name: 'body' });
  // A note half written is not lost by following a link away (an edit guards itself).
  useDirtyGuard(Boolean(draft?.trim()));

  async function add(values: z.output<typeof noteCreateBody>) {
    setNotice(null);
    setFailure(null);
    await addition.mutateAsync({ params: { id }, body: values, idempotencyKey: idempotencyKey.current });
    idempotencyKey.current = newIdempotencyKey();
    addForm.reset({ type: values.type });
    setNotice(t('participant.notes.added'));
  }

  function toggleHistory(n: NoteView) {
    setHistoryOf((h) => (h === n.id ? null : n.id));
  }

  const error = failure ?? list.error ?? historyQuery.error;
  const busy = addition.isPending;
  return (
    <div className="tab-content">
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={addForm.formState.submitCount} error={error} message={participantErrorText(error, t)} />
      {types.length > 0 ? (
        <SchemaForm form={addForm} onSubmit={add} onError={setFailure} pending={addition.isPending} className="form">
          <h2>{t('participant.notes.add')}</h2>
          <SelectInput
            control={addForm.control}
            name="type"
            id="note-type"
            label={t('participant.notes.type')}
            hint={type === 'PSYCHOLOGICAL' ? t('participant.notes.privateHint') : undefined}
          >
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {codeLabel('noteTypes', ty, t)}
              </option>
            ))}
          </SelectInput>
          <TextAreaInput
            control={addForm.control}
            name="body"
            id="note-body"
            label={t('participant.notes.body')}
            rows={5}
            maxLength={20_000}
          />
          <div className="button-row">
            <SubmitButton disabled={busy} busyLabel={t('common.saving')}>
              {t('participant.notes.submit')}
            </SubmitButton>
          </div>
        </SchemaForm>
      ) : null}

      <h2>{t('participant.notes.title')}</h2>
      <div>
        {!notes ? (
          list.isPending ? (
            <p role="status">{t('app.loading')}</p>
          ) : null
        ) : notes.length === 0 ? (
          <p>{t('participant.notes.empty')}</p>
        ) : (
          <ul className="record-list" aria-label={t('participant.notes.list')}>
            {notes.map((n) => {
              const own = n.authorId === me.id;
              const isEditing = editing === n.id;
              return (
                <li key={n.id} className="record note-item">
                  <p className="record-meta">
                    <span className={`badge ${n.type === 'PSYCHOLOGICAL' ? 'badge-warn' : 'badge-muted'}`}>
                      {codeLabel('noteTypes', n.type, t)}
                    </span>{' '}
                    <span className="note">
                      {t('participant.notes.meta', {
                        author: n.author ?? t('common.none'),
                        at: formatDateTime(n.createdAt),
                      })}
                      {n.revisions > 0 ? ` · ${t('participant.notes.edited', { count: n.revisions })}` : null}
                    </span>
                  </p>
                  {isEditing ? (
                    <EditNote
                      participantId={id}
                      note={n}
                      onSaved={() => {
                        setEditing(null);
                        setHistoryOf(null);
                        setNotice(t('participant.notes.saved'));
                      }}
                      onFailed={setFailure}
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    <p className="prewrap note-body">{n.body}</p>
                  )}
                  <div className="button-row">
                    {own && !isEditing ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => {
                          setNotice(null);
                          setFailure(null);
                          setEditing(n.id);
                        }}
                      >
                        {t('participant.notes.edit')}
                      </button>
                    ) : null}
                    {n.revisions > 0 ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-expanded={historyOf === n.id}
                        onClick={() => toggleHistory(n)}
                      >
                        {historyOf === n.id ? t('participant.notes.hideHistory') : t('participant.notes.history')}
                      </button>
                    ) : null}
                  </div>
                  {history && history.note.id === n.id ? (
                    <div className="history">
                      <h3>{t('participant.notes.historyTitle')}</h3>
                      {history.revisions.length === 0 ? (
                        <p>{t('participant.notes.noHistory')}</p>
                      ) : (
                        <ol reversed>
                          {[...history.revisions].reverse().map((r) => (
                            <li key={r.version}>
                              <p className="note">
                                {t('participant.notes.version', {
                                  version: r.version,
                                  at: formatDateTime(r.editedAt),
                                  name: r.editedBy ?? t('common.none'),
                                })}
                              </p>
                              <p className="prewrap">{r.body}</p>
                            </li>
                          ))}
                        </ol>
                      )}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}

/** The note's text, whether from the list, the note as read with its history, or the body sent. */
const noteFields = (v: unknown): Record<string, unknown> => {
  const o = (typeof v === 'object' && v !== null ? v : {}) as { body?: unknown; note?: { body?: unknown } };
  return { body: o.note ? o.note.body : o.body };
};

/**
 * Her own note, edited. The save is based on the version shown (If-Match); when the note was edited meanwhile
 * the shared conflict dialog shows both texts, and she loads the latest or saves hers over it.
 */
function EditNote({
  participantId,
  note,
  onSaved,
  onFailed,
  onCancel,
}: {
  participantId: string;
  note: NoteView;
  onSaved(): void;
  onFailed(err: unknown): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  // The version she started from: a newer one read meanwhile (another tab) must not become her save's base.
  const [opened, setOpened] = useState(note);
  const update = useVersionedMutation('PATCH /api/participants/:id/notes/:noteId', {
    labelOf: () => t('participant.notes.body'),
    fieldsOf: noteFields,
  });
  const form = useSchemaForm(noteUpdateBody, {
    defaultValues: { body: note.body },
    messages: { body: t('participant.notes.invalidBody') },
  });
  useDirtyGuard(form.formState.isDirty);
  async function save(values: z.output<typeof noteUpdateBody>) {
    onFailed(null);
    const args = { params: { id: participantId, noteId: note.id } };
    const result = await update.save({
      call: { ...args, body: values },
      base: opened,
      record: { key: 'GET /api/participants/:id/notes/:noteId', args },
    });
    if (result.outcome === 'saved') {
      onSaved();
      return;
    }
    // She chose the latest version: the form starts again from its text (the list is read again too).
    setOpened(result.current.note);
    form.reset({ body: result.current.note.body });
  }
  return (
    <SchemaForm form={form} onSubmit={save} onError={onFailed} pending={update.isPending} className="form">
      <TextAreaInput
        name="body"
        id={`note-edit-${note.id}`}
        label={t('participant.notes.edit')}
        rows={5}
        maxLength={20_000}
        autoFocus
      />
      <div className="button-row">
        <SubmitButton>{t('participant.notes.saveEdit')}</SubmitButton>
        <button type="button" className="button button-secondary" disabled={update.isPending} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}
