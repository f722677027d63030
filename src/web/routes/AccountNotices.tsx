// On the start page of administrators and heads of section: accounts made without a second person (the first head
// of section of the province, accounts made on the server console), each until she herself marks it as seen.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import type { Reply } from '../data/client.ts';
import { useApi, useApiMutation } from '../data/query.ts';
import { formatDateTime, regionList } from '../format.ts';

type AccountNotice = Reply<'GET /api/account-notices'>['items'][number];

export function AccountNotices() {
  const { t } = useTranslation();
  const { data, error: loadError } = useApi('GET /api/account-notices', {});
  const items = data?.items;
  const [done, setDone] = useState<string | null>(null);
  const acknowledge = useApiMutation('POST /api/account-notices/:id/acknowledge');
  const busy = acknowledge.isPending;
  const error = acknowledge.error ?? loadError;
  const resultRef = useRef<HTMLDivElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) resultRef.current?.focus();
  }, [settled]);

  const seen = async (n: AccountNotice) => {
    setDone(null);
    try {
      await acknowledge.mutateAsync({ params: { id: n.id } });
      setDone(t('accounts.notices.seenDone', { username: n.account.username }));
    } catch {
      // Shown from the mutation's error.
    } finally {
      setSettled((x) => x + 1);
    }
  };

  if (!items) return <ErrorAlert error={error} />;
  // Nothing to say: no panel, unless it says what was just marked.
  if (items.length === 0 && !done && !error) return null;
  return (
    <section aria-labelledby="account-notices-title" className="panel">
      <h2 id="account-notices-title">
        {t('accounts.notices.title')} ({items.length})
      </h2>
      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      {items.length > 0 ? (
        <div className="alert alert-warn">
          <p>{t('accounts.notices.intro')}</p>
          <ul className="plain-list">
            {items.map((n) => {
              const account = `${n.account.name ?? n.account.username} (${n.account.username})`;
              return (
                <li key={n.id}>
                  <p>
                    {n.kind === 'FIRST_APPROVER'
                      ? t('accounts.notices.FIRST_APPROVER', {
                          account,
                          by: n.by ? (n.by.name ?? n.by.username) : '',
                          at: formatDateTime(n.at),
                        })
                      : t('accounts.notices.CONSOLE', {
                          account,
                          role: t(`roles.${n.account.role}`),
                          regions: regionList(n.account.regions),
                          at: formatDateTime(n.at),
                        })}
                    {n.account.active ? null : ` ${t('accounts.notices.inactive')}`}
                  </p>
                  <div className="button-row">
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={busy}
                      onClick={() => void seen(n)}
                    >
                      {t('accounts.notices.seen', { username: n.account.username })}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
