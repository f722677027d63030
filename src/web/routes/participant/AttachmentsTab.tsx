// Attachments: the list with download links (the server always sends files as downloads, never inline),
// and an upload form (kind first, then the file; JPEG, PNG or PDF up to 5 MB). A photo needs her photo
// consent: the option says so and stays unavailable until it is recorded.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_KINDS } from '../../../shared/codes.ts';
import { api, type AttachmentView } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDateTime, formatSize } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { mayOn, participantErrorText, type TabProps } from './shared.ts';

type Kind = (typeof ATTACHMENT_KINDS)[number];
const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf';

export function AttachmentsTab({ record, reload }: TabProps) {
  const { t } = useTranslation();
  const p = record.item;
  const [items, setItems] = useState<AttachmentView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<Kind | ''>('');
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input after an upload.
  const [inputKey, setInputKey] = useState(0);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const photoAllowed = p.consents.PHOTO === true;

  const load = useCallback(async () => {
    try {
      setItems(await api.participants.attachments(p.id));
    } catch (err) {
      setError(err);
    }
  }, [p.id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function upload(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const errors: FieldErrors = {};
    if (!kind) errors.kind = t('participant.attachments.invalidKind');
    if (!file) errors.file = t('participant.attachments.invalidFile');
    else if (file.size > MAX_BYTES) errors.file = t('participant.attachments.tooLarge');
    setFieldErrors(errors);
    if (hasErrors(errors) || !kind || !file) return;
    setBusy(true);
    try {
      await api.participants.upload(p.id, kind, file);
      setNotice(t('participant.attachments.uploaded'));
      setFile(null);
      setKind('');
      setInputKey((k) => k + 1);
      await load();
      if (kind === 'PHOTO') await reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="tab-content">
      <h2>{t('participant.attachments.title')}</h2>
      <p>{t('participant.attachments.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)} />
      {items === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : items.length === 0 ? (
        <p>{t('participant.attachments.empty')}</p>
      ) : (
        <table className="data-table attachment-table">
          <caption className="visually-hidden">{t('participant.attachments.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participant.attachments.colName')}</th>
              <th scope="col">{t('participant.attachments.colKind')}</th>
              <th scope="col">{t('participant.attachments.colSize')}</th>
              <th scope="col">{t('participant.attachments.colDate')}</th>
              <th scope="col">{t('participant.attachments.download')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <th scope="row" data-label={t('participant.attachments.colName')} className="break">
                  {a.fileName}
                </th>
                <td data-label={t('participant.attachments.colKind')}>{codeLabel('attachmentKinds', a.kind, t)}</td>
                <td data-label={t('participant.attachments.colSize')}>{formatSize(a.size)}</td>
                <td data-label={t('participant.attachments.colDate')}>{formatDateTime(a.createdAt)}</td>
                <td data-label={t('participant.attachments.download')}>
                  <a
                    href={api.participants.attachmentUrl(p.id, a.id)}
                    download={a.fileName}
                    aria-label={t('participant.attachments.downloadName', { name: a.fileName })}
                  >
                    {t('participant.attachments.download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {mayOn(record, 'attachment.create') ? (
        <form ref={formRef} onSubmit={upload} noValidate className="form">
          <h2>{t('participant.attachments.upload')}</h2>
          <SelectField
            id="attachment-kind"
            label={t('participant.attachments.kind')}
            error={fieldErrors.kind}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Kind | '')}
          >
            <option value="">{t('participant.attachments.chooseKind')}</option>
            {ATTACHMENT_KINDS.map((k) =>
              k === 'PHOTO' && !photoAllowed ? (
                <option key={k} value={k} disabled>
                  {t('participant.attachments.photoDisabled')}
                </option>
              ) : (
                <option key={k} value={k}>
                  {codeLabel('attachmentKinds', k, t)}
                </option>
              ),
            )}
          </SelectField>
          <TextField
            key={inputKey}
            id="attachment-file"
            type="file"
            label={t('participant.attachments.file')}
            hint={t('participant.attachments.fileHint')}
            error={fieldErrors.file}
            accept={ACCEPT}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('participant.attachments.sending') : t('participant.attachments.submit')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
