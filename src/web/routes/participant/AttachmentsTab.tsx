// Attachments: the list with download links (the server always sends files as downloads, never inline),
// and an upload form (kind first, then the file; JPEG, PNG or PDF up to 5 MB). A photo needs her photo
// consent: the option says so and stays unavailable until it is recorded.
import { useState } from 'react';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ATTACHMENT_KINDS } from '../../../shared/codes.ts';
import { attachmentView } from '../../../shared/participants-api.ts';
import { fileUrl, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { SelectInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { TextField } from '../../components/Field.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDateTime, formatSize } from '../../format.ts';
import { mayOn, participantErrorText, type TabProps } from './shared.ts';

type Attachment = Reply<'GET /api/participants/:id/attachments'>['items'][number];
const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf';

// The upload is multipart (kind first, then the file), so it has no JSON body schema: the form takes the kind
// as the stored attachment has it, and the chosen file.
const uploadForm = attachmentView.pick({ kind: true }).extend({
  file: z.custom<File>((v) => typeof File !== 'undefined' && v instanceof File),
});

export function AttachmentsTab({ record }: TabProps) {
  const { t } = useTranslation();
  const p = record.item;
  const list = useApi('GET /api/participants/:id/attachments', { params: { id: p.id } });
  const items = list.data?.items;
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // A new key empties the file input after an upload.
  const [inputKey, setInputKey] = useState(0);
  const photoAllowed = p.consents.PHOTO === true;
  // A photo becomes her record's photo: the upload refreshes her record with the list.
  const upload = useApiMutation('POST /api/participants/:id/attachments');

  const form = useSchemaForm(uploadForm, {
    messages: { kind: t('participant.attachments.invalidKind'), file: t('participant.attachments.invalidFile') },
  });
  const file = useController({ name: 'file', control: form.control });

  async function send(values: z.output<typeof uploadForm>) {
    setFailure(null);
    setNotice(null);
    if (values.file.size > MAX_BYTES) {
      form.setError('file', { type: 'too_big', message: t('participant.attachments.tooLarge') });
      form.kit.focusFirstInvalid();
      return;
    }
    const body = new FormData();
    body.append('kind', values.kind);
    body.append('file', values.file, values.file.name);
    await upload.mutateAsync({ params: { id: p.id }, form: body });
    setNotice(t('participant.attachments.uploaded'));
    form.reset({});
    setInputKey((k) => k + 1);
  }

  // The order is what the user is doing on this tab (her record's address carries only the tab).
  const [sort, setSort] = useState('');
  const columns: Column<Attachment>[] = [
    {
      id: 'fileName',
      header: t('participant.attachments.colName'),
      rowHeader: true,
      className: 'break',
      cell: (a) => a.fileName,
      sort: (a) => a.fileName.toLocaleLowerCase('id'),
    },
    {
      id: 'kind',
      header: t('participant.attachments.colKind'),
      cell: (a) => codeLabel('attachmentKinds', a.kind, t),
      sort: (a) => codeLabel('attachmentKinds', a.kind, t),
    },
    { id: 'size', header: t('participant.attachments.colSize'), cell: (a) => formatSize(a.size), sort: (a) => a.size },
    {
      id: 'createdAt',
      header: t('participant.attachments.colDate'),
      cell: (a) => formatDateTime(a.createdAt),
      sort: (a) => a.createdAt,
      descFirst: true,
    },
    {
      id: 'download',
      header: t('participant.attachments.download'),
      cell: (a) => (
        <a
          href={fileUrl('GET /api/participants/:id/attachments/:attachmentId/content', {
            id: p.id,
            attachmentId: a.id,
          })}
          download={a.fileName}
          aria-label={t('participant.attachments.downloadName', { name: a.fileName })}
        >
          {t('participant.attachments.download')}
        </a>
      ),
    },
  ];

  const error = failure ?? list.error;
  return (
    <div className="tab-content">
      <h2>{t('participant.attachments.title')}</h2>
      <p>{t('participant.attachments.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)} />
      <DataTable
        id="attachments"
        caption={t('participant.attachments.title')}
        // One participant's attachments: a handful of files, which the endpoint answers whole.
        mode="client"
        columns={columns}
        rows={items}
        rowKey={(a) => a.id}
        tableClassName="attachment-table"
        loading={list.isPending}
        sort={sort}
        onSort={setSort}
        empty={<p>{t('participant.attachments.empty')}</p>}
      />

      {mayOn(record, 'attachment.create') ? (
        <SchemaForm
          form={form}
          onSubmit={send}
          onError={(err) => {
            setFailure(err);
            setAttempt((n) => n + 1);
          }}
          pending={upload.isPending}
          className="form"
        >
          <h2>{t('participant.attachments.upload')}</h2>
          <SelectInput name="kind" id="attachment-kind" label={t('participant.attachments.kind')}>
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
          </SelectInput>
          <TextField
            key={inputKey}
            id="attachment-file"
            ref={file.field.ref}
            type="file"
            label={t('participant.attachments.file')}
            hint={t('participant.attachments.fileHint')}
            error={file.fieldState.error?.message}
            accept={ACCEPT}
            onChange={(e) => file.field.onChange(e.currentTarget.files?.[0] ?? undefined)}
            onBlur={file.field.onBlur}
          />
          <div className="button-row">
            <SubmitButton busyLabel={t('participant.attachments.sending')}>
              {t('participant.attachments.submit')}
            </SubmitButton>
          </div>
        </SchemaForm>
      ) : null}
    </div>
  );
}
