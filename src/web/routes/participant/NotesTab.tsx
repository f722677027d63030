// Case notes: a form to add one (its type limited to what this user may write), the notes newest first,
// editing one's own note (If-Match; the earlier text is kept) and the history of an edited note.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { NOTE_TYPES } from '../../../shared/codes.ts';
import { noteCreateBody } from '../../../shared/participants-api.ts';
import { multiLine } from '../../../shared/text.ts';
import { api, ApiError, newIdempotencyKey, type NoteHistory, type NoteView } from '../../api.ts';
import { useUser } from '../../session.tsx';
import { TextAreaField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDateTime } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { isStale, mayOn, participantErrorText, type TabProps } from './shared.ts';

type NoteType = (typeof NOTE_TYPES)[number];
const bodySchema = multiLine(20_000);

export function NotesTab({ record }: TabProps) {
  const { t } = useTranslation();
  const me = useUser();
  const id = record.item.id;
  const types: NoteType[] = NOTE_TYPES.filter((ty) =>
    mayOn(record, ty === 'PSYCHOLOGICAL' ? 'note.create_psychological' : 'note.create'),
  );
  const [notes, setNotes] = useState<NoteView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<{ id: string; version: number; body: string } | null>(null);
  const [history, setHistory] = useState<NoteHistory | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  // The add form: the endpoint's body, its type limited to the options shown.
  const addMessages = useMemo(() => ({ body: t('participant.notes.invalidBody') }), [t]);
  const addForm = useSchemaForm(noteCreateBody, { defaultValues: { type: types[0] }, messages: addMessages });
  const type = useWatch({ control: addForm.control, name: 'type' });
  const draft = useWatch({ control: addForm.control, name: 'body' });
  const editChanged = editing !== null && editing.body !== notes?.find((n) => n.id === editing.id)?.body;
  // A note half written (or an edit not saved) is not lost by following a link away.
  useDirtyGuard(Boolean(draft?.trim()) || editChanged);

  const load = useCallback(async () => {
    try {
      const items = await api.participants.notes(id);
      // Newest first, whatever order the server used.
      setNotes([...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function add(values: z.output<typeof noteCreateBody>) {
    setNotice(null);
    await api.participants.addNote(id, values, idempotencyKey.current);
    idempotencyKey.current = newIdempotencyKey();
    addForm.reset({ type: values.type });
    setNotice(t('participant.notes.added'));
    await load();
  }

  async function saveEdit(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    if (!bodySchema.safeParse(editing.body).success) {
      setFieldErrors({ editBody: t('participant.notes.invalidBody') });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const saved = await api.participants.updateNote(id, editing.id, editing.version, editing.body);
      setNotes((list) => (list ? list.map((n) => (n.id === saved.id ? saved : n)) : list));
      setEditing(null);
      setHistory(null);
      setNotice(t('participant.notes.saved'));
    } catch (err) {
      setError(err);
      if (isStale(err) || (err instanceof ApiError && err.status === 412)) {
        // Someone edited it meanwhile: show the latest text under the form and keep what was typed,
        // with the new version so the next save goes through.
        try {
          const fresh = await api.participants.noteHistory(id, editing.id);
          setNotes((list) => (list ? list.map((n) => (n.id === fresh.note.id ? fresh.note : n)) : list));
          setEditing((ed) => (ed ? { ...ed, version: fresh.note.version } : ed));
        } catch {
          await load();
        }
      }
    } finally {
      setBusy(false);
    }
  }

  async function toggleHistory(n: NoteView) {
    if (history?.note.id === n.id) {
      setHistory(null);
      return;
    }
    setError(null);
    try {
      setHistory(await api.participants.noteHistory(id, n.id));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="tab-content">
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert
        key={`${attempt}-${addForm.formState.submitCount}`}
        error={error}
        message={participantErrorText(error, t)}
      />
      {types.length > 0 ? (
        <SchemaForm form={addForm} onSubmit={add} onError={setError} className="form">
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
        {notes === null ? (
          error ? null : (
            <p role="status">{t('app.loading')}</p>
          )
        ) : notes.length === 0 ? (
          <p>{t('participant.notes.empty')}</p>
        ) : (
          <ul className="record-list" aria-label={t('participant.notes.list')}>
            {notes.map((n) => {
              const own = n.authorId === me.id;
              const isEditing = editing?.id === n.id;
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
                    <form onSubmit={saveEdit} noValidate className="form">
                      <TextAreaField
                        id={`note-edit-${n.id}`}
                        label={t('participant.notes.edit')}
                        error={fieldErrors.editBody}
                        value={editing.body}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          setEditing((ed) => (ed ? { ...ed, body: v } : ed));
                        }}
                        rows={5}
                        maxLength={20_000}
                        autoFocus
                      />
                      <div className="button-row">
                        <button type="submit" className="button button-primary" disabled={busy}>
                          {busy ? t('common.saving') : t('participant.notes.saveEdit')}
                        </button>
                        <button
                          type="button"
                          className="button button-secondary"
                          disabled={busy}
                          onClick={() => setEditing(null)}
                        >
                          {t('common.cancel')}
                        </button>
                      </div>
                    </form>
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
                          setFieldErrors({});
                          setEditing({ id: n.id, version: n.version, body: n.body });
                        }}
                      >
                        {t('participant.notes.edit')}
                      </button>
                    ) : null}
                    {n.revisions > 0 ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-expanded={history?.note.id === n.id}
                        onClick={() => void toggleHistory(n)}
                      >
                        {history?.note.id === n.id
                          ? t('participant.notes.hideHistory')
                          : t('participant.notes.history')}
                      </button>
                    ) : null}
                  </div>
                  {history?.note.id === n.id ? (
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
