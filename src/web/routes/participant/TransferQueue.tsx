// Cases another region's head of section moved to me: each with her code, the name she goes by and why, to
// accept (the case becomes mine, in my region) or decline, in one click. Shown only when something waits.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDateTime, regionList } from '../../format.ts';

type IncomingTransfer = Reply<'GET /api/transfers/incoming'>['items'][number];

export function TransferQueue() {
  const { t } = useTranslation();
  const list = useApi('GET /api/transfers/incoming', {});
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  // An accepted case moves to her region and caseload; the work queue follows every change by itself.
  const reply = useApiMutation('POST /api/transfers/:id/answer', {
    invalidates: () => ['/api/participants'],
  });

  const answer = async (x: IncomingTransfer, accept: boolean) => {
    setDone(null);
    try {
      await reply.mutateAsync({ params: { id: x.id }, body: { accept } });
      setDone(t(accept ? 'casework.transfer.accepted' : 'casework.transfer.declined', { code: x.code }));
    } catch {
      // Taken back or answered meanwhile: the list as it is now.
      await list.refetch();
    } finally {
      outcome.current?.focus();
    }
  };

  const items = list.data?.items;
  const error = reply.error ?? list.error;
  const busy = reply.isPending;
  if (!items) return list.isPending ? null : <ErrorAlert error={error} />;
  if (items.length === 0 && !done && !error) return null;
  return (
    <section aria-labelledby="transfer-queue-title" className="panel">
      <h2 id="transfer-queue-title">
        {t('casework.transfer.queueTitle')} ({items.length})
      </h2>
      <div ref={outcome} tabIndex={-1}>
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      <ul className="plain-list">
        {items.map((x) => (
          <li key={x.id}>
            <p>
              {t('casework.transfer.item', {
                code: x.code,
                name: x.preferredName,
                from: regionList([x.fromRegion]),
                by: x.requestedBy,
              })}{' '}
              <span className="muted-text">{formatDateTime(x.requestedAt)}</span>
            </p>
            {x.reason ? <p>{x.reason}</p> : null}
            <div className="button-row">
              <button type="button" className="button button-primary" disabled={busy} onClick={() => answer(x, true)}>
                {t('casework.transfer.accept', { code: x.code })}
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => answer(x, false)}
              >
                {t('casework.transfer.decline', { code: x.code })}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
