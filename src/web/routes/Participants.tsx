// Participants: search (code, name prefix or exact NIK) with filters, a table that becomes cards on a phone,
// paging. Only codes and preferred names are listed. The search words travel in the request body and are
// kept in memory only (never in the address bar or in storage), so a shared laptop does not keep them.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, STAGES, type Stage } from '../../shared/codes.ts';
import { regionName } from '../../shared/regions.ts';
import { type ApiError, type Body, type Reply, request } from '../data/client.ts';
import { useSession, useUser } from '../session.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { categoryLabel, codeLabel, userKabKota } from '../labels.ts';
import { usePageTitle } from '../hooks.ts';

const PAGE_SIZE = 20;

interface Query {
  q: string;
  region: string;
  stage: Stage | '';
  category: string;
  page: number;
}
const EMPTY: Query = { q: '', region: '', stage: '', category: '', page: 1 };

/** The last search of this tab, so "back to the list" finds it again; never written anywhere. */
let remembered: { userId: string; query: Query } | null = null;

/** Filters named in the address by a dashboard link (?stage=…&region=…): codes only, never search words. */
function filtersFromAddress(): Query | null {
  const p = new URLSearchParams(window.location.search);
  const stage = p.get('stage') ?? '';
  const region = p.get('region') ?? '';
  if (!stage && !region) return null;
  return {
    ...EMPTY,
    stage: (STAGES as readonly string[]).includes(stage) ? (stage as Stage) : '',
    region: /^\d{4}$/.test(region) ? region : '',
  };
}

export function ParticipantsPage() {
  const { t } = useTranslation();
  usePageTitle(t('participants.title'));
  const me = useUser();
  const { can } = useSession();
  const [query, setQuery] = useState<Query>(
    () => filtersFromAddress() ?? (remembered?.userId === me.id ? remembered.query : EMPTY),
  );
  const [qInput, setQInput] = useState(query.q);
  const regions = userKabKota(me.regions);
  remembered = { userId: me.id, query };
  const body: Body<'POST /api/participants/search'> = {
    ...(query.q.trim() ? { q: query.q.trim() } : {}),
    ...(query.region ? { region: query.region } : {}),
    ...(query.stage ? { stage: query.stage } : {}),
    ...(query.category ? { category: query.category } : {}),
    page: query.page,
    pageSize: PAGE_SIZE,
  };
  // A search reads (its words go in the body, never the address). Each one is audited as a look at everyone it
  // shows, so it is read again only when the search changes or a change to a participant makes it stale, not on
  // focus; the previous page stays on screen meanwhile.
  const search = useQuery<Reply<'POST /api/participants/search'>, ApiError>({
    queryKey: ['api', '/api/participants/search', body],
    queryFn: ({ signal }) => request('POST /api/participants/search', { body, signal }).then((a) => a.data),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const result = search.data;
  const error = search.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    setQuery((q) => ({ ...q, q: qInput, page: 1 }));
  }
  const filter = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, q: qInput, page: 1 }));

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
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
            {query.q || qInput ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setQInput('');
                  setQuery((q) => ({ ...q, q: '', page: 1 }));
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
          value={query.region}
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
          value={query.stage}
          onChange={(e) => filter({ stage: e.currentTarget.value as Stage | '' })}
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
          value={query.category}
          onChange={(e) => filter({ category: e.currentTarget.value })}
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
      {search.isPending && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : result ? (
        <>
          <p role="status" className="count">
            {t('participants.count', { count: result.total })}
          </p>
          {result.items.length === 0 ? (
            <p>{t('participants.empty')}</p>
          ) : (
            <table className="data-table participant-table">
              <caption className="visually-hidden">{t('participants.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('participants.colCode')}</th>
                  <th scope="col">{t('participants.colName')}</th>
                  <th scope="col">{t('participants.colRegion')}</th>
                  <th scope="col">{t('participants.colStage')}</th>
                  <th scope="col">{t('participants.colCategory')}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" data-label={t('participants.colCode')}>
                      <Link href={`/participants/${p.id}`} className="code-link">
                        {p.code}
                      </Link>
                    </th>
                    <td data-label={t('participants.colName')}>{p.preferredName}</td>
                    <td data-label={t('participants.colRegion')}>{regionName(p.regionCode)}</td>
                    <td data-label={t('participants.colStage')}>{codeLabel('stages', p.stage, t)}</td>
                    <td data-label={t('participants.colCategory')}>{categoryLabel(p.category)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 ? (
            <nav className="pager" aria-label={t('participants.paging')}>
              <button
                type="button"
                className="button button-secondary"
                disabled={query.page <= 1}
                onClick={() => setQuery((q) => ({ ...q, page: q.page - 1 }))}
              >
                {t('participants.prev')}
              </button>
              <span>{t('participants.page', { page: query.page, pages })}</span>
              <button
                type="button"
                className="button button-secondary"
                disabled={query.page >= pages}
                onClick={() => setQuery((q) => ({ ...q, page: q.page + 1 }))}
              >
                {t('participants.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
