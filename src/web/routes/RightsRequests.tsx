// Data-subject requests (her copy, erasure) as a workflow on one screen: whoever received a request records it
// by her code (opened from her record, the code is filled in); the head of section of her region approves or
// declines one that someone else recorded; the administrator carries out an approved one, once (her copy as a
// PDF or JSON file, or the erasure). Buttons follow the session's `can` list; the server decides in the end.
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import { useHistoryState } from 'wouter/use-browser-location';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { regionName } from '../../shared/regions.ts';
import {
  ERASURE_GROUNDS,
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUEST_SORTS,
  RIGHTS_REQUEST_STATUSES,
  rightsRequestOpenBody,
} from '../../shared/rights-api.ts';
import { useSession } from '../session.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { newIdempotencyKey, type Reply, requestFile } from '../data/client.ts';
import { invalidateResources, useApi, useApiMutation } from '../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../data/url-state.ts';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { SelectInput, TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { formatDateTime } from '../format.ts';
import { rightsLabel } from '../rights-labels.ts';
import { usePageTitle } from '../hooks.ts';

type RightsRequestView = Reply<'GET /api/rights-requests'>['items'][number];
const RIGHTS = '/api/rights-requests';
const PAGE_SIZE = 50;
/** The list's status filter, the server's order and the page in the address (never her code or name). */
const URL_SHAPE = {
  status: codeParam(RIGHTS_REQUEST_STATUSES, ''),
  sort: codeParam(RIGHTS_REQUEST_SORTS, '-receivedAt'),
  page: pageParam(),
};

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
  // Opened from her record: her code comes in the history entry's state, never in the address.
  const fromRecord = useHistoryState<{ participantCode?: unknown } | null>();
  const client = useQueryClient();
  const [url, setUrl] = useUrlState(URL_SHAPE);
  // The page of the filter and order chosen; the previous one stays on screen while another is read.
  const list = useApi(
    'GET /api/rights-requests',
    {
      query: {
        ...(url.status ? { status: url.status } : {}),
        sort: url.sort,
        page: url.page,
        pageSize: PAGE_SIZE,
      },
    },
    { placeholderData: keepPreviousData },
  );
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
      participantCode: typeof fromRecord?.participantCode === 'string' ? fromRecord.participantCode : '',
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

  // The submission last tried: sent again unchanged (after a lost answer), it keeps its Idempotency-Key, so the
  // request is recorded once.
  const sent = useRef<{ key: string; body: string } | null>(null);

  async function open(values: z.output<typeof openForm>) {
    setActionError(null);
    setNotice(null);
    const body = {
      participantCode: values.participantCode,
      kind: values.kind,
      ...(values.kind === 'ERASURE' ? { ground: values.ground ?? 'REQUEST' } : {}),
    };
    const serialised = JSON.stringify(body);
    const key = sent.current?.body === serialised ? sent.current.key : newIdempotencyKey();
    sent.current = { key, body: serialised };
    const { data: r } = await openRequest.mutateAsync({ body, idempotencyKey: key });
    sent.current = null;
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

  const columns: Column<RightsRequestView>[] = [
    {
      id: 'who',
      header: t('rights.cols.who'),
      rowHeader: true,
      cell: (r) => (
        <>
          {r.participantId ? <Link href={`/participants/${r.participantId}`}>{who(r)}</Link> : who(r)}
          <br />
          <span className="muted-text">{regionName(r.regionCode)}</span>
        </>
      ),
    },
    {
      id: 'kind',
      header: t('rights.cols.kind'),
      sort: true,
      cell: (r) => (
        <>
          {rightsLabel('kinds', r.kind, t)}
          {r.ground ? (
            <>
              <br />
              <span className="muted-text">{rightsLabel('grounds', r.ground, t)}</span>
            </>
          ) : null}
        </>
      ),
    },
    { id: 'status', header: t('rights.cols.status'), sort: true, cell: (r) => rightsLabel('statuses', r.status, t) },
    {
      id: 'receivedAt',
      header: t('rights.cols.received'),
      sort: true,
      descFirst: true,
      cell: (r) => formatDateTime(r.receivedAt),
    },
    { id: 'openedBy', header: t('rights.cols.openedBy'), hideable: true, cell: (r) => r.openedBy.name },
    {
      id: 'decidedBy',
      header: t('rights.cols.decidedBy'),
      hideable: true,
      cell: (r) => (r.decidedBy ? `${r.decidedBy.name}, ${formatDateTime(r.decidedAt ?? '')}` : t('common.none')),
    },
    {
      id: 'carriedOutBy',
      header: t('rights.cols.carriedOutBy'),
      hideable: true,
      cell: (r) =>
        r.carriedOutBy ? `${r.carriedOutBy.name}, ${formatDateTime(r.completedAt ?? '')}` : t('common.none'),
    },
    { id: 'action', header: t('rights.cols.action'), cell: (r) => actions(r) ?? t('common.none') },
  ];

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
        value={url.status}
        onChange={(e) => setUrl({ status: e.currentTarget.value as typeof url.status, page: 1 })}
      >
        <option value="">{t('rights.all')}</option>
        {RIGHTS_REQUEST_STATUSES.map((s) => (
          <option key={s} value={s}>
            {rightsLabel('statuses', s, t)}
          </option>
        ))}
      </SelectField>
      <DataTable
        id="rights-requests"
        caption={t('rights.listTitle')}
        {...serverPaging(list, url, setUrl, PAGE_SIZE)}
        tableClassName="rights-table"
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        columnChooser
        empty={<p>{t('rights.empty')}</p>}
      />
    </section>
  );
}
