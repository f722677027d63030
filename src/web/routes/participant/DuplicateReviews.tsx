// The head of section's possible duplicates, on her start page: a registration made in another region whose NIK
// is that of a participant of hers. Its author was told nothing; she decides here, once, with a reason: the same
// woman (the other record is closed as a duplicate), two different women, or a registration refused. A decision
// someone else took meanwhile is told (409) and the list is loaded again.
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { duplicateDecisionBody } from '../../../shared/participants-api.ts';
import type { Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { formatDateTime } from '../../format.ts';

type Item = Reply<'GET /api/work-queue'>['sections'][number]['items'][number];
type Decision = z.output<typeof duplicateDecisionBody>['decision'];
const DECISIONS = duplicateDecisionBody.shape.decision.options;
const NONE: Item[] = [];

export function DuplicateReviews() {
  const { t } = useTranslation();
  // The reviews that wait are a section of her work queue.
  const queue = useApi(
    'GET /api/work-queue',
    {},
    { select: (q) => q.sections.find((s) => s.kind === 'duplicate_reviews')?.items ?? NONE },
  );
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // The held record is closed, kept or refused; the work queue (this list) follows every change by itself.
  const decision = useApiMutation('POST /api/duplicate-reviews/:id/decision', {
    invalidates: () => ['/api/participants'],
  });

  const decide = async (item: Item, body: z.output<typeof duplicateDecisionBody>) => {
    setDone(null);
    try {
      await decision.mutateAsync({ params: { id: item.id }, body });
      setDone(t(`casework.duplicates.done.${body.decision}`, { code: item.code, other: item.detail }));
    } catch (err) {
      // Decided by someone else meanwhile (409): the list as it is now.
      void queue.refetch();
      throw err;
    }
  };

  const items = queue.data;
  const error = failure ?? queue.error;
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
            <DecisionForm
              item={item}
              busy={decision.isPending}
              onDecide={(body) => decide(item, body)}
              onError={setFailure}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One review's reason and its three decisions: the button pressed says which (the body's `decision`). */
function DecisionForm({
  item,
  busy,
  onDecide,
  onError,
}: {
  item: Item;
  busy: boolean;
  onDecide(body: z.output<typeof duplicateDecisionBody>): Promise<void>;
  onError(err: unknown): void;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(duplicateDecisionBody, {
    messages: { reason: t('casework.duplicates.reasonRequired') },
  });
  const pressed = useWatch({ control: form.control, name: 'decision' });
  return (
    <SchemaForm form={form} onSubmit={onDecide} onError={onError} pending={busy}>
      <TextAreaInput
        control={form.control}
        name="reason"
        id={`duplicate-reason-${item.id}`}
        label={t('casework.duplicates.reason')}
        hint={t('casework.duplicates.reasonHint')}
        maxLength={500}
      />
      <div className="button-row">
        {DECISIONS.map((d: Decision) => (
          <SubmitButton
            key={d}
            className={d === 'SAME_PERSON' ? 'button button-primary' : 'button button-secondary'}
            // Only the decision pressed says it is being saved; the others keep their words, disabled meanwhile.
            busyLabel={pressed === d ? undefined : t(`casework.duplicates.decide.${d}`)}
            onClick={() => form.setValue('decision', d)}
          >
            {t(`casework.duplicates.decide.${d}`)}
          </SubmitButton>
        ))}
      </div>
    </SchemaForm>
  );
}
