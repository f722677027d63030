// Staff accounts (administrators): a filterable table that becomes a list of cards on a phone. An account waiting
// for a second person says so, with who may approve it.
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../shared/roles.ts';
import { useApi } from '../data/query.ts';
import { useSession } from '../session.tsx';
import { SelectField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';

type StatusFilter = '' | 'true' | 'false';

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('users.title'));
  const { can } = useSession();
  const [role, setRole] = useState<Role | ''>('');
  const [active, setActive] = useState<StatusFilter>('');
  // The list of the filters chosen; the previous list stays on screen while another filter's is read.
  const { data, error, isPending } = useApi(
    'GET /api/users',
    { query: { ...(role ? { role } : {}), ...(active ? { active } : {}) } },
    { placeholderData: keepPreviousData },
  );
  const items = data?.items;

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
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role | '')}
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
          value={active}
          onChange={(e) => setActive(e.currentTarget.value as StatusFilter)}
        >
          <option value="">{t('users.allStatus')}</option>
          <option value="true">{t('status.active')}</option>
          <option value="false">{t('status.inactive')}</option>
        </SelectField>
      </form>
      <ErrorAlert error={error} />
      {isPending && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items ? (
        <>
          <p role="status" className="count">
            {t('users.count', { count: items.length })}
          </p>
          {items.length === 0 ? (
            <p>{t('users.empty')}</p>
          ) : (
            <table className="data-table">
              <caption className="visually-hidden">{t('users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.colUsername')}</th>
                  <th scope="col">{t('users.colName')}</th>
                  <th scope="col">{t('users.colRole')}</th>
                  <th scope="col">{t('users.colRegions')}</th>
                  <th scope="col">{t('users.colStatus')}</th>
                  <th scope="col">{t('users.colMfa')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                    <th scope="row" data-label={t('users.colUsername')}>
                      <Link href={`/users/${u.id}`}>{u.username}</Link>
                    </th>
                    <td data-label={t('users.colName')}>{u.name ?? t('common.none')}</td>
                    <td data-label={t('users.colRole')}>{t(`roles.${u.role}`)}</td>
                    <td data-label={t('users.colRegions')}>{regionList(u.regions)}</td>
                    <td data-label={t('users.colStatus')}>
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
                    </td>
                    <td data-label={t('users.colMfa')}>{u.mfaEnabled ? t('status.mfaOn') : t('status.mfaOff')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}
