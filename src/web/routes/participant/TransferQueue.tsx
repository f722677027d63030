// Cases another region's head of section moved to me: each with her code, the name she goes by and why, to
// accept (the case becomes mine, in my region) or decline, in one click. Shown only when something waits.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casework, type IncomingTransfer } from '../../api-casework.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDateTime, regionList } from '../../format.ts';

/** `onAnswered` tells the page an answer was given (its work queue counts what waits). */
export function TransferQueue({ onAnswered }: { onAnswered?: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<IncomingTransfer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);
  const load = useCallback(() => casework.assignments.incomingTransfers().then(setItems, setError), []);
  useEffect(() => {
    void load();
  }, [load]);

  const answer = async (x: IncomingTransfer, accept: boolean) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await casework.assignments.answerTransfer(x.id, accept);
      setDone(t(accept ? 'casework.transfer.accepted' : 'casework.transfer.declined', { code: x.code }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      await load();
      onAnswered?.();
      outcome.current?.focus();
    }
  };

  if (items === null) return <ErrorAlert error={error} />;
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
