// Her follow-ups after graduation: the schedule (1, 3, 6, 12 months…) with each one's status, the way to
// its visit form, and what the visits recorded (the risk of return only when the server sends it). Closing
// the case stays on the Stages tab (reason, approval by the head of section): this tab points there. When
// her follow-ups are over, the case closes or continues by choice: "continue" schedules one more follow-up
// with a reason. The head of section reopens a closed case here, with a reason.
import { useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { CONTINUE_REASONS, continueFollowUpBody, reopenBody } from '../../../shared/followup-api.ts';
import { ApiError } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDay } from '../../format.ts';
import { fuLabel } from '../followup/labels.ts';
import { VisitSummary } from '../followup/VisitSummary.tsx';
import { mayOn, type TabProps, useRefreshWhenStale } from './shared.ts';

const MONTHS = [1, 2, 3, 4, 5, 6, 9, 12] as const;
// The months come from a select (text): read as the number the body takes.
const continueForm = continueFollowUpBody.extend({ months: z.coerce.number().int().min(1).max(12) });

const CONTINUE_REFUSALS = ['follow_up_open', 'case_closed', 'no_follow_up'] as const;

/** Why continuing was refused, in words (consent to follow-up contact, an open follow-up, a closed case). */
function continueErrorText(err: unknown, t: TFunction): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'consent_required') return t('followup.tab.consentNeeded');
  const code = CONTINUE_REFUSALS.find((c) => c === err.code);
  if (code) return t(`followup.tab.conflict.${code}`);
  return undefined;
}

export function FollowUpsTab({ record, openStages }: TabProps & { openStages(): void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const p = record.item;
  const followUps = useApi('GET /api/participants/:id/follow-ups', { params: { id: p.id } });
  const items = followUps.data?.items;
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // A refusal saying her case moved on (an open follow-up, a closed case) reads her record and schedule again.
  const refreshWhenStale = useRefreshWhenStale(p.id, CONTINUE_REFUSALS);
  const fail = (err: unknown) => {
    setFailure(err);
    setAttempt((a) => a + 1);
    refreshWhenStale(err);
  };
  // Reopening moves her stage and her follow-ups; continuing schedules one more: the worklists count them.
  const reopening = useApiMutation('POST /api/participants/:id/reopen', {
    invalidates: () => ['/api/follow-ups'],
  });
  const continuing = useApiMutation('POST /api/participants/:id/follow-ups/continue', {
    invalidates: () => ['/api/follow-ups'],
  });

  const reopenForm = useSchemaForm(reopenBody, { messages: { reason: t('followup.tab.invalidReason') } });
  const continueCaseForm = useSchemaForm(continueForm, {
    defaultValues: { months: 3 },
    messages: { reason: t('followup.tab.invalidContinueReason') },
  });

  async function reopen(values: z.output<typeof reopenBody>) {
    setFailure(null);
    setNotice(null);
    const { data: reopened } = await reopening.mutateAsync({ params: { id: p.id }, body: values });
    reopenForm.reset({});
    setNotice(t('followup.tab.reopened', { stage: codeLabel('stages', reopened.stage, t) }));
  }

  async function continueCase(values: z.output<typeof continueForm>) {
    setFailure(null);
    setNotice(null);
    const { data } = await continuing.mutateAsync({ params: { id: p.id }, body: values });
    continueCaseForm.reset({ months: values.months });
    const next = data.items.filter((f) => f.status === 'DUE').sort((a, b) => b.dueDate.localeCompare(a.dueDate))[0];
    if (next) setNotice(t('followup.tab.continued', { months: next.pointMonths, date: formatDay(next.dueDate) }));
  }

  const error = failure ?? followUps.error;
  const closed = p.stage === 'TERMINASI';
  // As the server decides it: nothing still due, at least one follow-up that was not cancelled.
  const allDone =
    items !== undefined && !items.some((f) => f.status === 'DUE') && items.some((f) => f.status !== 'CANCELLED');
  const mayRecord = can('followup.record');
  return (
    <div className="tab-content fu-tab">
      <h2>{t('followup.tab.title')}</h2>
      <p className="hint">{t('followup.tab.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={continueErrorText(error, t)} />

      {!items ? (
        followUps.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : items.length === 0 ? (
        <p>{t('followup.tab.empty')}</p>
      ) : (
        <ol className="record-list fu-schedule">
          {items.map((f) => {
            const point = t('followup.point', { months: f.pointMonths });
            return (
              <li key={f.id} className={`record${f.status === 'CANCELLED' ? ' record-muted' : ''}`}>
                <h3>
                  {t('followup.pointLong', { months: f.pointMonths })}{' '}
                  <span
                    className={`badge ${f.status === 'DONE' ? 'badge-ok' : f.overdue ? 'badge-warn' : 'badge-muted'}`}
                  >
                    {fuLabel('statuses', f.status, t)}
                  </span>
                </h3>
                <p className="record-meta">
                  {t('followup.worklist.dueOn', { date: formatDay(f.dueDate) })}
                  {' · '}
                  {f.assignee
                    ? t('followup.worklist.assignee', { name: f.assignee })
                    : t('followup.worklist.unassigned')}
                </p>
                {f.status === 'CANCELLED' ? (
                  <p className="note">
                    {t('followup.visit.cancelled', { reason: fuLabel('cancelReasons', f.cancelReason ?? 'other', t) })}
                  </p>
                ) : null}
                {f.visits.map((v) => (
                  <VisitSummary key={v.id} v={v} headingLevel={4} />
                ))}
                <p>
                  <Link href={`/follow-ups/${f.id}`}>
                    {f.status === 'DUE' && mayRecord
                      ? t('followup.tab.record', { point })
                      : t('followup.tab.open', { point })}
                  </Link>
                </p>
              </li>
            );
          })}
        </ol>
      )}

      <section aria-labelledby="fu-closure-title">
        <h2 id="fu-closure-title">{t('followup.tab.closureTitle')}</h2>
        {closed ? (
          <>
            <p>{t('followup.tab.closed')}</p>
            {mayOn(record, 'participant.reopen') ? (
              <SchemaForm
                form={reopenForm}
                className="form"
                onSubmit={reopen}
                onError={fail}
                pending={reopening.isPending}
              >
                <TextAreaInput
                  name="reason"
                  id="fu-reopen-reason"
                  label={t('followup.tab.reopenReason')}
                  hint={t('followup.tab.reopenHint')}
                  rows={3}
                  maxLength={1000}
                />
                <div className="button-row">
                  <SubmitButton>{t('followup.tab.reopen')}</SubmitButton>
                </div>
              </SchemaForm>
            ) : null}
          </>
        ) : (
          <>
            {p.pendingClosure ? (
              <p>{t('followup.tab.pending')}</p>
            ) : allDone ? (
              <p>{t('followup.tab.allDone')}</p>
            ) : null}
            {!p.pendingClosure ? <p className="hint">{t('followup.tab.closeHint')}</p> : null}
            <div className="button-row">
              <button type="button" className="button button-secondary" onClick={openStages}>
                {t('followup.tab.toStages')}
              </button>
            </div>
            {allDone && !p.pendingClosure && mayRecord ? (
              <SchemaForm
                form={continueCaseForm}
                className="form"
                onSubmit={continueCase}
                onError={fail}
                pending={continuing.isPending}
                aria-labelledby="fu-continue-title"
              >
                <h3 id="fu-continue-title">{t('followup.tab.continueTitle')}</h3>
                <p className="hint">{t('followup.tab.continueIntro')}</p>
                <SelectInput name="months" id="fu-continue-months" label={t('followup.tab.continueMonths')}>
                  {MONTHS.map((m) => (
                    <option key={m} value={m}>
                      {t('followup.tab.monthsOption', { count: m })}
                    </option>
                  ))}
                </SelectInput>
                <SelectInput name="reason" id="fu-continue-reason" label={t('followup.tab.continueReason')}>
                  <option value="">{t('followup.tab.chooseReason')}</option>
                  {CONTINUE_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {fuLabel('continueReasons', r, t)}
                    </option>
                  ))}
                </SelectInput>
                <div className="button-row">
                  <SubmitButton>{t('followup.tab.continueSubmit')}</SubmitButton>
                </div>
              </SchemaForm>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
