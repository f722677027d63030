// Transfers of a case between provinces that wait for this head of section, on either side: by her code, category
// and the regions only (the receiving province learns who she is once both have accepted). The receiving side
// accepts or declines; the sending side, whose ask was its acceptance, may withdraw it. Shown only when something
// waits.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDateTime, regionList } from '../../format.ts';
import { categoryLabel } from '../../labels.ts';

type ProvinceTransfer = Reply<'GET /api/province-transfers'>['items'][number];

export function ProvinceTransferQueue() {
  const { t } = useTranslation();
  const list = useApi('GET /api/province-transfers', {});
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const reply = useApiMutation('POST /api/province-transfers/:id/answer', {
    invalidates: () => ['/api/participants', '/api/province-transfers'],
  });

  const answer = async (x: ProvinceTransfer, accept: boolean) => {
    setDone(null);
    try {
      const res = await reply.mutateAsync({ params: { id: x.id }, body: { accept } });
      setDone(
        t(
          res.data.status === 'DECLINED' ? 'casework.provinceTransfer.declined' : 'casework.provinceTransfer.accepted',
          {
            code: x.code,
          },
        ),
      );
    } catch {
      // Answered meanwhile by someone else: the list as it is now.
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
    <section aria-labelledby="province-transfer-queue-title" className="panel">
      <h2 id="province-transfer-queue-title">
        {t('casework.provinceTransfer.queueTitle')} ({items.length})
      </h2>
      <div ref={outcome} tabIndex={-1}>
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      <ul className="plain-list">
        {items.map((x) => {
          const mineToAccept = x.side === 'to' ? !x.toAccepted : !x.fromAccepted;
          return (
            <li key={x.id}>
              <p>
                {x.side === 'to'
                  ? t('casework.provinceTransfer.incoming', {
                      code: x.code,
                      category: categoryLabel(x.category),
                      from: regionList([x.fromRegion]),
                      to: regionList([x.toRegion]),
                      by: x.requestedBy,
                    })
                  : t('casework.provinceTransfer.outgoing', {
                      code: x.code,
                      to: regionList([x.toRegion]),
                      by: x.requestedBy,
                    })}{' '}
                <span className="muted-text">{formatDateTime(x.requestedAt)}</span>
              </p>
              {x.reason ? <p>{x.reason}</p> : null}
              <div className="button-row">
                {mineToAccept ? (
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy}
                    onClick={() => answer(x, true)}
                  >
                    {t('casework.provinceTransfer.accept', { code: x.code })}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  onClick={() => answer(x, false)}
                >
                  {t(x.side === 'from' ? 'casework.provinceTransfer.withdraw' : 'casework.provinceTransfer.decline', {
                    code: x.code,
                  })}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
