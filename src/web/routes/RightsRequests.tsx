// Data-subject requests (her copy, erasure) as a workflow on one screen: whoever received a request records it
// by her code (opened from her record, the code is filled in); the head of section of her region approves or
// declines one that someone else recorded; the administrator carries out an approved one, once (her copy as a
// PDF or JSON file, or the erasure). Buttons follow the session's `can` list; the server decides in the end.
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { regionName } from '../../shared/regions.ts';
import {
  ERASURE_GROUNDS,
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUEST_STATUSES,
  type RightsRequestStatus,
  rightsRequestOpenBody,
} from '../../shared/rights-api.ts';
import { useSession } from '../session.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { type Reply, requestFile } from '../data/client.ts';
import { invalidateResources, useApi, useApiMutation } from '../data/query.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { SelectInput, TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { formatDateTime } from '../format.ts';
import { rightsLabel } from '../rights-labels.ts';
import { usePageTitle } from '../hooks.ts';

type RightsRequestView = Reply<'GET /api/rights-requests'>['items'][number];
const RIGHTS = '/api/rights-requests';

/** Opening a request by her code (as on her papers): the open body's fields, with the code required. */
const openForm = z.object({
  participantCode: rightsRequestOpenBody.shape.participantCode.unwrap(),
  kind: rightsRequestOpenBody.shape.kind,
  ground: rightsRequestOpenBody.shape.ground,
});

/** Saves a file the browser was handed (her copy) under the server's name. */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function RightsRequestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('rights.title'));
  const { can, user } = useSession();
  const search = useSearch();
  const client = useQueryClient();
  const [status, setStatus] = useState<RightsRequestStatus | ''>('');
  const list = useApi(
    'GET /api/rights-requests',
    { query: status ? { status } : {} },
    { placeholderData: keepPreviousData },
  );
  const items = list.data?.items;
  const [actionError, setActionError] = useState<unknown>(null);
  const error = actionError ?? list.error;
  const [notice, setNotice] = useState<string | null>(null);
  const openRequest = useApiMutation('POST /api/rights-requests');
  const decision = useApiMutation('POST /api/rights-requests/:id/decision');
  // Her erasure changes her record too.
  const erasure = useApiMutation('POST /api/rights-requests/:id/erase', {
    invalidates: (_args, r) => (r.participantId ? [`/api/participants/${r.participantId}`] : []),
  });
  const [exporting, setExporting] = useState(false);
  const busy = openRequest.isPending || decision.isPending || erasure.isPending || exporting;
  const form = useSchemaForm(openForm, {
    defaultValues: {
      participantCode: new URLSearchParams(search).get('code') ?? '',
      kind: 'ACCESS',
      ground: 'REQUEST',
    },
    messages: { participantCode: t('rights.open.codeInvalid') },
  });
  const kind = form.watch('kind');

  /**
   * Runs one action on the list and shows its notice. A refused one (decided or carried out by someone else
   * meanwhile) reads the list again, so it shows what happened.
   */
  async function act(f: () => Promise<string>) {
    setActionError(null);
    setNotice(null);
    try {
      setNotice(await f());
    } catch (err) {
      setActionError(err);
      void invalidateResources(client, [RIGHTS]);
    }
  }

  async function open(values: z.output<typeof openForm>) {
    setActionError(null);
    setNotice(null);
    const { data: r } = await openRequest.mutateAsync({
      body: {
        participantCode: values.participantCode,
        kind: values.kind,
        ...(values.kind === 'ERASURE' ? { ground: values.ground ?? 'REQUEST' } : {}),
      },
    });
    form.reset({ participantCode: '', kind: values.kind, ground: values.ground });
    setNotice(t('rights.open.opened', { code: r.code }));
  }

  const who = (r: RightsRequestView) => `${r.code}${r.name ? ` (${r.name})` : ''}`;

  function actions(r: RightsRequestView) {
    if (r.status === 'PENDING' && can('rights_request.decide')) {
      if (r.openedBy.id === user?.id) return <span className="muted-text">{t('rights.ownRequest')}</span>;
      return (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await decision.mutateAsync({ params: { id: r.id }, body: { approve: true } });
                return t('rights.approved', { code: r.code });
              })
            }
          >
            {t('rights.approve')}
            <span className="visually-hidden"> {who(r)}</span>
          </button>
          <ConfirmAction
            label={t('rights.decline')}
            detail={who(r)}
            question={t('rights.declineQuestion')}
            confirmLabel={t('rights.decline')}
            tone="secondary"
            busy={busy}
            onConfirm={() =>
              act(async () => {
                await decision.mutateAsync({ params: { id: r.id }, body: { approve: false } });
                return t('rights.declined', { code: r.code });
              })
            }
          />
        </div>
      );
    }
    if (r.status === 'APPROVED' && r.kind === 'ACCESS' && can('protection.export')) {
      const copy = (format: 'pdf' | 'json') =>
        void act(async () => {
          setExporting(true);
          try {
            // Her copy is made once: the request is then carried out.
            const file = await requestFile('POST /api/rights-requests/:id/export', {
              params: { id: r.id },
              body: { format },
            });
            save(file.blob, file.filename);
            return t('rights.exported', { code: r.code, file: file.filename });
          } finally {
            setExporting(false);
            void invalidateResources(client, [RIGHTS]);
          }
        });
      return (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            onClick={() => copy('pdf')}
          >
            {t('rights.exportPdf')}
            <span className="visually-hidden"> {r.code}</span>
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={busy}
            onClick={() => copy('json')}
          >
            {t('rights.exportJson')}
            <span className="visually-hidden"> {r.code}</span>
          </button>
        </div>
      );
    }
    if (r.status === 'APPROVED' && r.kind === 'ERASURE' && can('protection.erase')) {
      return (
        <ConfirmAction
          label={t('rights.erase')}
          detail={r.code}
          question={t('rights.eraseQuestion', { code: r.code })}
          confirmLabel={t('rights.eraseConfirm')}
          busy={busy}
          onConfirm={() =>
            act(async () => {
              await erasure.mutateAsync({ params: { id: r.id } });
              return t('rights.erased', { code: r.code });
            })
          }
        />
      );
    }
    return null;
  }

  return (
    <section className="rights-requests">
      <h1>{t('rights.title')}</h1>
      <p className="lead">{t('rights.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert error={error} />

      {can('rights_request.open') ? (
        <SchemaForm form={form} onSubmit={open} onError={setActionError} pending={busy} className="form panel">
          <h2>{t('rights.open.title')}</h2>
          <TextInput
            name="participantCode"
            control={form.control}
            id="rights-code"
            label={t('rights.open.code')}
            hint={t('rights.open.codeHint')}
            maxLength={20}
            autoComplete="off"
            required
          />
          <SelectInput name="kind" control={form.control} id="rights-kind" label={t('rights.open.kind')}>
            {RIGHTS_REQUEST_KINDS.map((k) => (
              <option key={k} value={k}>
                {rightsLabel('kinds', k, t)}
              </option>
            ))}
          </SelectInput>
          {kind === 'ERASURE' ? (
            <SelectInput name="ground" control={form.control} id="rights-ground" label={t('rights.open.ground')}>
              {ERASURE_GROUNDS.map((g) => (
                <option key={g} value={g}>
                  {rightsLabel('grounds', g, t)}
                </option>
              ))}
            </SelectInput>
          ) : null}
          <div className="button-row">
            <SubmitButton busyLabel={t('rights.open.submit')}>{t('rights.open.submit')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : null}

      <h2>{t('rights.listTitle')}</h2>
      <p className="note">{t('rights.once')}</p>
      <SelectField
        id="rights-status"
        label={t('rights.filter')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as RightsRequestStatus | '')}
      >
        <option value="">{t('rights.all')}</option>
        {RIGHTS_REQUEST_STATUSES.map((s) => (
          <option key={s} value={s}>
            {rightsLabel('statuses', s, t)}
          </option>
        ))}
      </SelectField>
      {!items ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : items.length === 0 ? (
        <p>{t('rights.empty')}</p>
      ) : (
        <table className="data-table rights-table">
          <caption className="visually-hidden">{t('rights.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rights.cols.who')}</th>
              <th scope="col">{t('rights.cols.kind')}</th>
              <th scope="col">{t('rights.cols.status')}</th>
              <th scope="col">{t('rights.cols.received')}</th>
              <th scope="col">{t('rights.cols.openedBy')}</th>
              <th scope="col">{t('rights.cols.decidedBy')}</th>
              <th scope="col">{t('rights.cols.carriedOutBy')}</th>
              <th scope="col">{t('rights.cols.action')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <th scope="row" data-label={t('rights.cols.who')}>
                  {r.participantId ? <Link href={`/participants/${r.participantId}`}>{who(r)}</Link> : who(r)}
                  <br />
                  <span className="muted-text">{regionName(r.regionCode)}</span>
                </th>
                <td data-label={t('rights.cols.kind')}>
                  {rightsLabel('kinds', r.kind, t)}
                  {r.ground ? (
                    <>
                      <br />
                      <span className="muted-text">{rightsLabel('grounds', r.ground, t)}</span>
                    </>
                  ) : null}
                </td>
                <td data-label={t('rights.cols.status')}>{rightsLabel('statuses', r.status, t)}</td>
                <td data-label={t('rights.cols.received')}>{formatDateTime(r.receivedAt)}</td>
                <td data-label={t('rights.cols.openedBy')}>{r.openedBy.name}</td>
                <td data-label={t('rights.cols.decidedBy')}>
                  {r.decidedBy ? `${r.decidedBy.name}, ${formatDateTime(r.decidedAt ?? '')}` : t('common.none')}
                </td>
                <td data-label={t('rights.cols.carriedOutBy')}>
                  {r.carriedOutBy ? `${r.carriedOutBy.name}, ${formatDateTime(r.completedAt ?? '')}` : t('common.none')}
                </td>
                <td data-label={t('rights.cols.action')}>{actions(r) ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
