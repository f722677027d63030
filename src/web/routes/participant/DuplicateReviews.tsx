// The head of section's possible duplicates, on her start page: a registration made in another region whose NIK
// is that of a participant of hers. Its author was told nothing; she decides here, once, with a reason: the same
// woman (the other record is closed as a duplicate), two different women, or a registration refused. A decision
// someone else took meanwhile is told (409) and the list is loaded again.
import { useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { TextAreaField } from '../../components/Field.tsx';
import { formatDateTime } from '../../format.ts';

type Item = Reply<'GET /api/work-queue'>['sections'][number]['items'][number];
const DECISIONS = ['SAME_PERSON', 'DIFFERENT', 'REFUSED'] as const;
const NONE: Item[] = [];

export function DuplicateReviews() {
  const { t } = useTranslation();
  // The reviews that wait are a section of her work queue.
  const queue = useApi(
    'GET /api/work-queue',
    {},
    { select: (q) => q.sections.find((s) => s.kind === 'duplicate_reviews')?.items ?? NONE },
  );
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The held record is closed, kept or refused; the work queue (this list) follows every change by itself.
  const decision = useApiMutation('POST /api/duplicate-reviews/:id/decision', {
    invalidates: () => ['/api/participants'],
  });

  const decide = async (item: Item, decisionOf: (typeof DECISIONS)[number]) => {
    const reason = (reasons[item.id] ?? '').trim();
    if (!reason) {
      setMissing(item.id);
      return;
    }
    setMissing(null);
    setDone(null);
    try {
      await decision.mutateAsync({ params: { id: item.id }, body: { decision: decisionOf, reason } });
      setDone(t(`casework.duplicates.done.${decisionOf}`, { code: item.code, other: item.detail }));
    } catch {
      // Decided by someone else meanwhile (409): the list as it is now.
      await queue.refetch();
    } finally {
    }
  };

  const items = queue.data;
  const error = decision.error ?? queue.error;
  const busy = decision.isPending;
  if (!items) return queue.isPending ? null : <ErrorAlert error={error} />;
  if (items.length === 0 && !done && !error) return null;
  return (
    <section aria-labelledby="duplicate-reviews-title" className="panel">
      <h2 id="duplicate-reviews-title">
        {t('casework.duplicates.title')} ({items.length})
      </h2>
      <p className="hint">{t('casework.duplicates.intro')}</p>
      <div aria-live="polite">
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.id}>
            <p>
              <Link href={`/participants/${item.participantId}`}>
                {t('casework.duplicates.item', { code: item.code, name: item.name, other: item.detail })}
              </Link>{' '}
              <span className="muted-text">{formatDateTime(item.at)}</span>
            </p>
            <TextAreaField
              id={`duplicate-reason-${item.id}`}
              label={t('casework.duplicates.reason')}
              hint={t('casework.duplicates.reasonHint')}
              error={missing === item.id ? t('casework.duplicates.reasonRequired') : undefined}
              value={reasons[item.id] ?? ''}
              maxLength={500}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setReasons((r) => ({ ...r, [item.id]: v }));
              }}
            />
            <div className="button-row">
              {DECISIONS.map((d) => (
                <button
                  key={d}
                  type="button"
                  className={d === 'SAME_PERSON' ? 'button button-primary' : 'button button-secondary'}
                  disabled={busy}
                  onClick={() => void decide(item, d)}
                >
                  {t(`casework.duplicates.decide.${d}`)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
