// The audit log (auditors, administrators): filters, newest first, "older" paging with nextBefore. The kind of
// action, of record and the period are in the address (a view of the log can be bookmarked and shared); who did it
// and which record stay in the screen's state only — a username or a record's id says whom it is about.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { auditQuery } from '../../shared/api.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { type QueryOf, type Reply, request } from '../data/client.ts';
import { apiKey } from '../data/query.ts';
import { useUrlState } from '../data/url-state.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { DateField, SelectInput, TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { formatDateTime } from '../format.ts';
import {
  ACTION_CODES,
  actionLabel,
  detailText,
  outcomeLabel,
  RESOURCE_TYPES,
  resourceTypeLabel,
} from '../audit-labels.ts';
import { usePageTitle } from '../hooks.ts';

const PAGE_SIZE = 50;
/** The filters: the list's query without its paging. */
const filterSchema = auditQuery.pick({
  actor: true,
  action: true,
  resourceType: true,
  resourceId: true,
  from: true,
  to: true,
});
type Filters = z.output<typeof filterSchema>;
type Entry = Reply<'GET /api/audit'>['items'][number];
/** The filters that identify no one, in the address; one that does not parse is left out. */
const URL_SHAPE = {
  action: filterSchema.shape.action.catch(undefined),
  resourceType: filterSchema.shape.resourceType.catch(undefined),
  from: filterSchema.shape.from.catch(undefined),
  to: filterSchema.shape.to.catch(undefined),
};
type Private = Pick<Filters, 'actor' | 'resourceId'>;

/**
 * The entries matching the filters, newest first, a page at a time: each further page starts below the last one
 * read (nextBefore). Keyed under /api/audit with the filters, so a change to the log marks it stale.
 */
function useAuditPages(filters: Filters) {
  const query: QueryOf<'GET /api/audit'> = { ...filters, limit: PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: [...apiKey('GET /api/audit', { query }), 'pages'],
    queryFn: ({ pageParam, signal }) =>
      request('GET /api/audit', { query: { ...query, ...(pageParam ? { before: pageParam } : {}) }, signal }).then(
        (a) => a.data,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    // Other filters: the entries shown stay (marked busy) until theirs come.
    placeholderData: keepPreviousData,
  });
}

export function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const [shared, setShared] = useUrlState(URL_SHAPE);
  const [own, setOwn] = useState<Private>({});
  const applied = useMemo<Filters>(() => withoutEmpty({ ...shared, ...own }), [shared, own]);
  const pages = useAuditPages(applied);
  const items = pages.data?.pages.flatMap((p) => p.items);
  const busy = pages.isFetching;
  const form = useSchemaForm(filterSchema, { defaultValues: applied });
  const columns = useMemo<Column<Entry>[]>(
    () => [
      {
        id: 'at',
        header: t('audit.colAt'),
        rowHeader: true,
        cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time>,
      },
      {
        id: 'actor',
        header: t('audit.colActor'),
        hideable: true,
        cell: (e) => e.actor ?? e.actorId ?? t('audit.system'),
      },
      {
        id: 'action',
        header: t('audit.colAction'),
        cell: (e) => (
          <>
            {actionLabel(e.action, t)} <code className="code-small">{e.action}</code>
          </>
        ),
      },
      {
        id: 'resource',
        header: t('audit.colResource'),
        hideable: true,
        className: 'break',
        cell: (e) =>
          e.resourceType ? (
            <>
              {resourceTypeLabel(e.resourceType, t)}
              {e.resourceId ? (
                <>
                  {' '}
                  <code className="code-small">{e.resourceId}</code>
                </>
              ) : null}
            </>
          ) : (
            t('common.none')
          ),
      },
      {
        id: 'outcome',
        header: t('audit.colOutcome'),
        hideable: true,
        cell: (e) => (
          <span className={`badge ${e.outcome === 'success' ? 'badge-ok' : 'badge-warn'}`}>
            {outcomeLabel(e.outcome, t)}
          </span>
        ),
      },
      {
        id: 'detail',
        header: t('audit.colDetail'),
        hideable: true,
        className: 'break',
        cell: (e) => detailText(e.detail, t) || t('common.none'),
      },
    ],
    [t],
  );

  function apply(values: Filters) {
    setShared({ action: values.action, resourceType: values.resourceType, from: values.from, to: values.to });
    setOwn({ actor: values.actor, resourceId: values.resourceId });
  }

  function submit(values: Filters) {
    // The one rule across two fields: the end of the period is not before its start.
    if (values.from && values.to && values.to < values.from) {
      form.setError('to', { type: 'range', message: t('validation.dateRange') });
      form.kit.focusFirstInvalid();
      return;
    }
    // The same filters again read the log again (newer entries may have come).
    if (JSON.stringify(withoutEmpty(values)) === JSON.stringify(applied)) void pages.refetch();
    else apply(values);
  }

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <SchemaForm
        form={form}
        className="filters filters-wide"
        onSubmit={submit}
        pending={busy}
        aria-label={t('audit.filters')}
      >
        <TextInput
          name="actor"
          control={form.control}
          id="audit-actor"
          label={t('audit.actor')}
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput
          name="action"
          control={form.control}
          id="audit-action"
          label={t('audit.action')}
          list="audit-action-codes"
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id="audit-action-codes">
          {ACTION_CODES.map((c) => (
            <option key={c} value={c}>
              {actionLabel(c, t)}
            </option>
          ))}
        </datalist>
        <SelectInput
          name="resourceType"
          control={form.control}
          id="audit-resource-type"
          label={t('audit.resourceType')}
        >
          <option value="">{t('audit.anyResourceType')}</option>
          {RESOURCE_TYPES.map((r) => (
            <option key={r} value={r}>
              {resourceTypeLabel(r, t)}
            </option>
          ))}
        </SelectInput>
        <TextInput
          name="resourceId"
          control={form.control}
          id="audit-resource-id"
          label={t('audit.resourceId')}
          autoComplete="off"
          spellCheck={false}
        />
        <DateField name="from" control={form.control} id="audit-from" label={t('audit.from')} />
        <DateField name="to" control={form.control} id="audit-to" label={t('audit.to')} />
        <div className="button-row">
          <SubmitButton busyLabel={t('audit.apply')}>{t('audit.apply')}</SubmitButton>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              form.reset({});
              apply({});
            }}
          >
            {t('audit.reset')}
          </button>
        </div>
      </SchemaForm>
      <ErrorAlert error={pages.error} />
      {!items ? (
        pages.isPending && !pages.error ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : (
        <>
          <p role="status" className="count">
            {t('audit.shown', { count: items.length })}
          </p>
          <DataTable
            id="audit"
            caption={t('audit.title')}
            // Newest first as the log answers, a page at a time below (the log has no other order).
            mode="client"
            columns={columns}
            rows={items}
            rowKey={(e) => String(e.seq)}
            tableClassName="audit-table"
            refreshing={busy && !pages.isFetchingNextPage}
            columnChooser
            empty={<p>{t('audit.empty')}</p>}
          />
          {pages.hasNextPage ? (
            <div className="button-row">
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => void pages.fetchNextPage()}
              >
                {pages.isFetchingNextPage ? t('audit.loadingOlder') : t('audit.older')}
              </button>
            </div>
          ) : items.length > 0 ? (
            <p className="note">{t('audit.end')}</p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The filters without empty values, in a fixed order: the list's query key. */
function withoutEmpty(f: Filters): Filters {
  const out: Filters = {};
  for (const k of ['actor', 'action', 'resourceType', 'resourceId', 'from', 'to'] as const) {
    const v = f[k];
    if (v) out[k] = v;
  }
  return out;
}
