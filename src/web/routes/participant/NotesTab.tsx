// Case notes: a form to add one (its type limited to what this user may write), the notes newest first,
// editing one's own note (If-Match; the earlier text is kept) and the history of an edited note.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_TYPES } from '../../../shared/codes.ts';
import { multiLine } from '../../../shared/text.ts';
import { api, ApiError, newIdempotencyKey, type NoteHistory, type NoteView } from '../../api.ts';
import { useUser } from '../../session.tsx';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDateTime } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
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
  const [type, setType] = useState<NoteType | ''>(types[0] ?? '');
  const [body, setBody] = useState('');
  const [editing, setEditing] = useState<{ id: string; version: number; body: string } | null>(null);
  const [history, setHistory] = useState<NoteHistory | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

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

  async function add(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const errors: FieldErrors = {};
    if (!bodySchema.safeParse(body).success) errors.body = t('participant.notes.invalidBody');
    setFieldErrors(errors);
    if (hasErrors(errors) || !type) return;
    setBusy(true);
    try {
      await api.participants.addNote(id, { type, body }, idempotencyKey.current);
      idempotencyKey.current = newIdempotencyKey();
      setBody('');
      setNotice(t('participant.notes.added'));
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)} />
      {types.length > 0 ? (
        <form ref={formRef} onSubmit={add} noValidate className="form">
          <h2>{t('participant.notes.add')}</h2>
          <SelectField
            id="note-type"
            label={t('participant.notes.type')}
            hint={type === 'PSYCHOLOGICAL' ? t('participant.notes.privateHint') : undefined}
            value={type}
            onChange={(e) => setType(e.currentTarget.value as NoteType)}
          >
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {codeLabel('noteTypes', ty, t)}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            id="note-body"
            label={t('participant.notes.body')}
            error={fieldErrors.body}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            rows={5}
            maxLength={20_000}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('participant.notes.submit')}
            </button>
          </div>
        </form>
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
