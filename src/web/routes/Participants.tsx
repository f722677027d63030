// Participants: search (code, name prefix or exact NIK) with filters, a table that becomes cards on a phone,
// sorted and paged by the server. Only codes and preferred names are listed. The region, stage and category
// filters, the order and the page are in the address (a list can be bookmarked and shared; the dashboard links to
// ?stage=… and ?region=…). The search words travel in the request body and are kept in memory only (never in the
// address bar or in storage), so a shared laptop does not keep them.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CATEGORY_CODES, CATEGORIES, STAGES } from '../../shared/codes.ts';
import { regionName } from '../../shared/regions.ts';
import { PARTICIPANT_SORTS, participantRegionSchema } from '../../shared/participants-api.ts';
import { type ApiError, type Body, type Reply, request } from '../data/client.ts';
import { codeParam, pageParam, type UrlState, useUrlState, writeUrlState } from '../data/url-state.ts';
import { useSession, useUser } from '../session.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { categoryLabel, codeLabel, userKabKota } from '../labels.ts';
import { formatDay } from '../format.ts';
import { usePageTitle } from '../hooks.ts';

const PAGE_SIZE = 20;

type Row = Reply<'POST /api/participants/search'>['items'][number];

/** The list's address: filters that identify no one, the order and the page. Never the search words. */
const URL_SHAPE = {
  region: participantRegionSchema.or(z.literal('')).catch(''),
  stage: codeParam(STAGES, ''),
  category: codeParam(CATEGORY_CODES, ''),
  sort: codeParam(PARTICIPANT_SORTS, 'code'),
  page: pageParam(),
};
type Filters = UrlState<typeof URL_SHAPE>;

/**
 * The last search of this tab, so "back to the list" finds it again: the words in memory only, never written
 * anywhere, and the address's filters to put back when the list is opened without any.
 */
let remembered: { userId: string; q: string; filters: Filters } | null = null;

export function ParticipantsPage() {
  const { t } = useTranslation();
  usePageTitle(t('participants.title'));
  const me = useUser();
  const { can } = useSession();
  const [url, setUrl] = useUrlState(URL_SHAPE);
  const search = useSearch();
  // Her last look at the list in this tab, when the list is opened without filters of its own (a dashboard link
  // names its filters and starts a new look).
  const mine = !search && remembered?.userId === me.id ? remembered : null;
  const restoring = mine !== null && writeUrlState(URL_SHAPE, '', mine.filters) !== '';
  const [q, setQ] = useState(mine?.q ?? '');
  const [qInput, setQInput] = useState(q);
  const regions = userKabKota(me.regions);
  remembered = { userId: me.id, q, filters: url };
  // Opened without filters ("back to the list"): the filters of her last look, put back into the address once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening the list
  useEffect(() => {
    if (restoring) setUrl(mine.filters);
  }, []);
  const body: Body<'POST /api/participants/search'> = {
    ...(q.trim() ? { q: q.trim() } : {}),
    ...(url.region ? { region: url.region } : {}),
    ...(url.stage ? { stage: url.stage } : {}),
    ...(url.category ? { category: url.category } : {}),
    page: url.page,
    pageSize: PAGE_SIZE,
    sort: url.sort,
  };
  // A search reads (its words go in the body, never the address). Each one is audited as a look at everyone it
  // shows, so it is read again only when the search changes or a change to a participant makes it stale, not on
  // focus; the previous page stays on screen meanwhile.
  const found = useQuery<Reply<'POST /api/participants/search'>, ApiError>({
    queryKey: ['api', '/api/participants/search', body],
    queryFn: ({ signal }) => request('POST /api/participants/search', { body, signal }).then((a) => a.data),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    // Not before her filters are back: each search is audited, and an unfiltered one would be a needless look.
    enabled: !restoring,
  });
  const result = found.data;
  const error = found.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    setQ(qInput);
    setUrl({ page: 1 });
  }
  const filter = (patch: Partial<Filters>) => {
    setQ(qInput);
    setUrl({ ...patch, page: 1 });
  };
  const columns: Column<Row>[] = [
    {
      id: 'code',
      header: t('participants.colCode'),
      rowHeader: true,
      sort: true,
      cell: (p) => (
        <Link href={`/participants/${p.id}`} className="code-link">
          {p.code}
        </Link>
      ),
    },
    { id: 'name', header: t('participants.colName'), cell: (p) => p.preferredName },
    { id: 'region', header: t('participants.colRegion'), hideable: true, cell: (p) => regionName(p.regionCode) },
    { id: 'stage', header: t('participants.colStage'), hideable: true, cell: (p) => codeLabel('stages', p.stage, t) },
    { id: 'category', header: t('participants.colCategory'), hideable: true, cell: (p) => categoryLabel(p.category) },
    {
      id: 'registeredOn',
      header: t('participants.colRegistered'),
      hideable: true,
      sort: true,
      descFirst: true,
      cell: (p) => formatDay(p.registeredOn),
    },
  ];

  return (
    <section>
      <div className="page-heading">
        <h1>{t('participants.title')}</h1>
        {can('participant.create') ? (
          <Link href="/participants/new" className="button button-primary">
            {t('participants.add')}
          </Link>
        ) : null}
      </div>
      <p>{t('participants.intro')}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: <form role="search"> is the ARIA search-landmark pattern; a <search> element would have to wrap the form, adding a box around the element the .filters/.search-row CSS lays out */}
      <form className="filters search-form" role="search" aria-label={t('participants.search')} onSubmit={submit}>
        <div className="search-row">
          <TextField
            id="participant-q"
            type="search"
            label={t('participants.q')}
            hint={t('participants.qHint')}
            value={qInput}
            onChange={(e) => setQInput(e.currentTarget.value)}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={100}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary">
              {t('participants.submit')}
            </button>
            {q || qInput ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setQInput('');
                  setQ('');
                  setUrl({ page: 1 });
                }}
              >
                {t('participants.reset')}
              </button>
            ) : null}
          </div>
        </div>
        <SelectField
          id="filter-region"
          label={t('participants.region')}
          value={url.region}
          onChange={(e) => filter({ region: e.currentTarget.value })}
        >
          <option value="">{t('participants.allRegions')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="filter-stage"
          label={t('participants.stage')}
          value={url.stage}
          onChange={(e) => filter({ stage: e.currentTarget.value as Filters['stage'] })}
        >
          <option value="">{t('participants.allStages')}</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {codeLabel('stages', s, t)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="filter-category"
          label={t('participants.category')}
          value={url.category}
          onChange={(e) => filter({ category: e.currentTarget.value as Filters['category'] })}
        >
          <option value="">{t('participants.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option key={c.code} value={c.code}>
              {categoryLabel(c.code)}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorAlert error={error} />
      {result ? (
        <p role="status" className="count">
          {t('participants.count', { count: result.total })}
        </p>
      ) : null}
      <DataTable
        id="participants"
        caption={t('participants.title')}
        {...serverPaging(found, url, setUrl, PAGE_SIZE)}
        columns={columns}
        rows={result?.items}
        rowKey={(p) => p.id}
        tableClassName="participant-table"
        columnChooser
        empty={<p>{t('participants.empty')}</p>}
      />
    </section>
  );
}
