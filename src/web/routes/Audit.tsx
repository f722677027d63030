// The audit log (auditors, administrators): filters, newest first, "older" paging with nextBefore.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { auditQuery } from '../../shared/api.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { type QueryOf, request } from '../data/client.ts';
import { apiKey } from '../data/query.ts';
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
  });
}

export function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const [applied, setApplied] = useState<Filters>({});
  const pages = useAuditPages(applied);
  const items = pages.data?.pages.flatMap((p) => p.items);
  const busy = pages.isFetching;
  const form = useSchemaForm(filterSchema, { defaultValues: {} });

  function submit(values: Filters) {
    // The one rule across two fields: the end of the period is not before its start.
    if (values.from && values.to && values.to < values.from) {
      form.setError('to', { type: 'range', message: t('validation.dateRange') });
      form.kit.focusFirstInvalid();
      return;
    }
    // The same filters again read the log again (newer entries may have come).
    if (JSON.stringify(values) === JSON.stringify(applied)) void pages.refetch();
    else setApplied(values);
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
              setApplied({});
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
          {items.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <table className="data-table audit-table">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.colAt')}</th>
                  <th scope="col">{t('audit.colActor')}</th>
                  <th scope="col">{t('audit.colAction')}</th>
                  <th scope="col">{t('audit.colResource')}</th>
                  <th scope="col">{t('audit.colOutcome')}</th>
                  <th scope="col">{t('audit.colDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.seq}>
                    <th scope="row" data-label={t('audit.colAt')}>
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </th>
                    <td data-label={t('audit.colActor')}>{e.actor ?? e.actorId ?? t('audit.system')}</td>
                    <td data-label={t('audit.colAction')}>
                      {actionLabel(e.action, t)} <code className="code-small">{e.action}</code>
                    </td>
                    <td data-label={t('audit.colResource')} className="break">
                      {e.resourceType ? (
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
                      )}
                    </td>
                    <td data-label={t('audit.colOutcome')}>
                      <span className={`badge ${e.outcome === 'success' ? 'badge-ok' : 'badge-warn'}`}>
                        {outcomeLabel(e.outcome, t)}
                      </span>
                    </td>
                    <td data-label={t('audit.colDetail')} className="break">
                      {detailText(e.detail, t) || t('common.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
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
