// Staff accounts (administrators): a filterable list, sorted and paged by the server, that becomes a list of cards
// on a phone. The filters, order and page are in the address (a list can be bookmarked); no names are. An account
// waiting for a second person says so, with who may approve it.
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { USER_SORTS } from '../../shared/api.ts';
import { ROLES } from '../../shared/roles.ts';
import type { Reply } from '../data/client.ts';
import { useApi } from '../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../data/url-state.ts';
import { useSession } from '../session.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';

type UserRow = Reply<'GET /api/users'>['items'][number];

const PAGE_SIZE = 50;
/** The list's address: role and status filters, the server's order and the page. */
const URL_SHAPE = {
  role: codeParam(ROLES, ''),
  active: codeParam(['true', 'false'], ''),
  sort: codeParam(USER_SORTS, 'username'),
  page: pageParam(),
};

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('users.title'));
  const { can } = useSession();
  const [url, setUrl] = useUrlState(URL_SHAPE);
  // The page of the filters and order chosen; the previous one stays on screen while another is read.
  const users = useApi(
    'GET /api/users',
    {
      query: {
        ...(url.role ? { role: url.role } : {}),
        ...(url.active ? { active: url.active } : {}),
        sort: url.sort,
        page: url.page,
        pageSize: PAGE_SIZE,
      },
    },
    { placeholderData: keepPreviousData },
  );
  const { data, error } = users;
  const columns = useMemo<Column<UserRow>[]>(
    () => [
      {
        id: 'username',
        header: t('users.colUsername'),
        rowHeader: true,
        sort: true,
        cell: (u) => <Link href={`/users/${u.id}`}>{u.username}</Link>,
      },
      { id: 'name', header: t('users.colName'), sort: true, hideable: true, cell: (u) => u.name ?? t('common.none') },
      { id: 'role', header: t('users.colRole'), sort: true, hideable: true, cell: (u) => t(`roles.${u.role}`) },
      { id: 'regions', header: t('users.colRegions'), hideable: true, cell: (u) => regionList(u.regions) },
      { id: 'status', header: t('users.colStatus'), cell: (u) => <UserStatus u={u} /> },
      {
        id: 'mfa',
        header: t('users.colMfa'),
        hideable: true,
        cell: (u) => (u.mfaEnabled ? t('status.mfaOn') : t('status.mfaOff')),
      },
    ],
    [t],
  );

  return (
    <section>
      <div className="page-heading">
        <h1>{t('users.title')}</h1>
        {can('user.create') ? (
          <Link href="/users/new" className="button button-primary">
            {t('users.add')}
          </Link>
        ) : null}
      </div>
      <p>{t('users.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('users.filters')}>
        <SelectField
          id="filter-role"
          label={t('users.role')}
          value={url.role}
          onChange={(e) => setUrl({ role: e.currentTarget.value as typeof url.role, page: 1 })}
        >
          <option value="">{t('users.allRoles')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="filter-active"
          label={t('users.status')}
          value={url.active}
          onChange={(e) => setUrl({ active: e.currentTarget.value as typeof url.active, page: 1 })}
        >
          <option value="">{t('users.allStatus')}</option>
          <option value="true">{t('status.active')}</option>
          <option value="false">{t('status.inactive')}</option>
        </SelectField>
      </form>
      <ErrorAlert error={error} />
      {data ? (
        <p role="status" className="count">
          {t('users.count', { count: data.total })}
        </p>
      ) : null}
      <DataTable
        id="users"
        caption={t('users.title')}
        {...serverPaging(users, url, setUrl, PAGE_SIZE)}
        columns={columns}
        rows={data?.items}
        rowKey={(u) => u.id}
        rowClassName={(u) => (u.active ? undefined : 'inactive')}
        columnChooser
        empty={<p>{t('users.empty')}</p>}
      />
    </section>
  );
}

/** Active or not, or what the account waits for and from whom; a password still to change. */
function UserStatus({ u }: { u: UserRow }) {
  const { t } = useTranslation();
  return (
    <>
      {/* A new account waiting for a second person is not "inactive": it says what it waits for. */}
      {u.approval && !u.active ? null : (
        <span className={`badge ${u.active ? 'badge-ok' : 'badge-muted'}`}>
          {u.active ? t('status.active') : t('status.inactive')}
        </span>
      )}
      {u.approval ? (
        <>
          {' '}
          <span className="badge badge-warn">
            {t('accounts.user.waiting')}: {t(`roles.${u.approval.role}`)}
          </span>
          <span className="note">
            {' '}
            (
            {u.approval.approvers.length > 0
              ? t('accounts.user.waitingBy', {
                  names: u.approval.approvers.map((x) => x.name ?? x.username).join(', '),
                })
              : t('accounts.user.nobody')}
            )
          </span>
        </>
      ) : null}
      {u.mustChangePassword ? <span className="note"> ({t('users.mustChange')})</span> : null}
    </>
  );
}
