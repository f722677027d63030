// The head of section's queue of assignment requests, on her start page: each one decided here, in one click. A
// request someone else decided meanwhile is gone from the list when it reloads (the server answers 409
// already_decided to the late decision, and the list is loaded again).
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDateTime } from '../../format.ts';

type AssignmentRequestItem = Reply<'GET /api/assignment-requests'>['items'][number];

export function AssignmentQueue() {
  const { t } = useTranslation();
  const list = useApi('GET /api/assignment-requests', {});
  const [done, setDone] = useState<string | null>(null);
  // After a decision the keyboard focus goes to its outcome: the request, and its buttons, are gone by then.
  const resultRef = useRef<HTMLDivElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) resultRef.current?.focus();
  }, [settled]);

  // Her record gains (or not) a caseworker; the work queue follows every change by itself.
  const decision = useApiMutation('POST /api/assignment-requests/:id/decision', {
    invalidates: () => ['/api/participants'],
  });

  const decide = async (r: AssignmentRequestItem, approve: boolean) => {
    const requester = r.requestedBy.name ?? r.requestedBy.username;
    setDone(null);
    try {
      await decision.mutateAsync({ params: { id: r.id }, body: { approve } });
      setDone(t(approve ? 'casework.assignment.queue.approved' : 'casework.assignment.queue.declined', { requester }));
    } catch {
      // Decided by someone else meanwhile (409): the list as it is now shows it gone.
      await list.refetch();
    } finally {
      setSettled((n) => n + 1);
    }
  };

  const items = list.data?.items;
  const error = decision.error ?? list.error;
  const busy = decision.isPending;
  if (!items) return list.isPending ? null : <ErrorAlert error={error} />;
  return (
    <section aria-labelledby="assignment-queue-title" className="panel">
      <h2 id="assignment-queue-title">
        {t('casework.assignment.queue.title')} ({items.length})
      </h2>
      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      {items.length === 0 ? (
        <p>{t('casework.assignment.queue.empty')}</p>
      ) : (
        <ul className="plain-list">
          {items.map((r) => {
            const requester = r.requestedBy.name ?? r.requestedBy.username;
            return (
              <li key={r.id}>
                <p>
                  <Link href={`/participants/${r.participantId}`}>
                    {t('casework.assignment.queue.item', { requester, code: r.code, name: r.preferredName })}
                  </Link>{' '}
                  <span className="muted-text">{formatDateTime(r.requestedAt)}</span>
                </p>
                {r.reason ? <p>{r.reason}</p> : null}
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy}
                    onClick={() => decide(r, true)}
                  >
                    {t('casework.assignment.queue.approve', { requester })}
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={busy}
                    onClick={() => decide(r, false)}
                  >
                    {t('casework.assignment.queue.decline', { requester })}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
