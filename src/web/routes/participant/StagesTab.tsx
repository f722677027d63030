// Stages: the history of the case (newest first), a form to move it to one of the stages allowed from the
// current one (STAGE_MOVES), with the reason, and the closure reason when closing. A closure requested by a
// caseworker waits for the head of section, who sees approve / reject here.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CLOSURE_REASONS, STAGE_MOVES } from '../../../shared/codes.ts';
import { closureDecisionBody, transitionBody } from '../../../shared/participants-api.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel, codeOptions } from '../../labels.ts';
import { formatDateTime } from '../../format.ts';
import { mayOn, participantErrorText, type TabProps, useRefreshWhenStale } from './shared.ts';

// Closing the case says why.
const moveForm = transitionBody.superRefine((v, ctx) => {
  if (v.to === 'TERMINASI' && !v.closureReason) {
    ctx.addIssue({ code: 'custom', path: ['closureReason'], message: 'closureReason' });
  }
});
const decisionForm = closureDecisionBody.omit({ approve: true });

export function StagesTab({ record }: TabProps) {
  const { t } = useTranslation();
  const p = record.item;
  const timeline = useApi('GET /api/participants/:id/timeline', { params: { id: p.id } });
  const events = timeline.data?.items;
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const refreshWhenStale = useRefreshWhenStale(p.id);
  const fail = (err: unknown) => {
    setFailure(err);
    setAttempt((a) => a + 1);
    refreshWhenStale(err);
  };

  // A move is based on the stage she saw (If-Match): one made meanwhile opens the conflict dialog.
  const transition = useVersionedMutation('POST /api/participants/:id/transitions', {
    labelOf: (field) =>
      field === 'to'
        ? t('participant.stages.to')
        : field === 'closureReason'
          ? t('participant.stages.closureReason')
          : t('participant.stages.reason'),
    format: (field, value) =>
      field === 'to'
        ? codeLabel('stages', String(value), t)
        : field === 'closureReason'
          ? codeLabel('closureReasons', String(value), t)
          : String(value),
  });
  const closure = useApiMutation('POST /api/participants/:id/closure');

  const move = useSchemaForm(moveForm, {
    messages: {
      to: t('participant.stages.invalidStage'),
      reason: t('participant.stages.invalidReason'),
      closureReason: t('participant.stages.invalidClosure'),
    },
  });
  const to = move.watch('to');
  const decision = useSchemaForm(decisionForm, {
    messages: { reason: t('participant.stages.invalidReason') },
  });
  // Which of the two decision buttons sent the form.
  const approving = useRef(true);

  async function submitMove(values: z.output<typeof moveForm>) {
    setFailure(null);
    setNotice(null);
    const outcome = await transition.save({
      call: {
        params: { id: p.id },
        body: {
          to: values.to,
          reason: values.reason,
          ...(values.to === 'TERMINASI' && values.closureReason ? { closureReason: values.closureReason } : {}),
        },
      },
      base: p,
      record: { key: 'GET /api/participants/:id', args: { params: { id: p.id } } },
    });
    move.reset({});
    if (outcome.outcome === 'reloaded') return;
    const result = outcome.answer.data;
    setNotice(
      result.pendingApproval
        ? t('participant.stages.requested')
        : t('participant.stages.moved', { stage: codeLabel('stages', result.stage, t) }),
    );
  }

  async function submitDecision(values: z.output<typeof decisionForm>) {
    setFailure(null);
    setNotice(null);
    const approve = approving.current;
    await closure.mutateAsync({
      params: { id: p.id },
      body: { approve, ...(values.reason ? { reason: values.reason } : {}) },
    });
    setNotice(approve ? t('participant.stages.approved') : t('participant.stages.rejected'));
    decision.reset({});
  }

  const allowed = STAGE_MOVES[p.stage];
  const requestedBy = events ? [...events].reverse().find((e) => e.kind === 'closure_requested')?.actor : undefined;
  return (
    <div className="tab-content">
      <p className="lead">{t('participant.stages.current', { stage: codeLabel('stages', p.stage, t) })}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={failure ?? timeline.error} message={participantErrorText(failure, t)} />

      {p.pendingClosure ? (
        <fieldset className="pending" aria-labelledby="pending-title">
          <h2 id="pending-title">{t('participant.stages.pending')}</h2>
          <p>
            {t('participant.stages.pendingText', {
              at: formatDateTime(p.pendingClosure.requestedAt),
              reason: codeLabel('closureReasons', p.pendingClosure.reason, t),
            })}
            {requestedBy ? ` (${t('participant.stages.by', { name: requestedBy })})` : null}
          </p>
          {mayOn(record, 'participant.approve_closure') ? (
            <SchemaForm form={decision} onSubmit={submitDecision} onError={fail} pending={closure.isPending}>
              <TextAreaInput
                name="reason"
                id="decision-reason"
                label={`${t('participant.stages.decisionReason')} ${t('common.optional')}`}
                rows={3}
                maxLength={1000}
              />
              <div className="button-row">
                <SubmitButton
                  onClick={() => {
                    approving.current = true;
                  }}
                >
                  {t('participant.stages.approve')}
                </SubmitButton>
                <SubmitButton
                  className="button button-secondary"
                  onClick={() => {
                    approving.current = false;
                  }}
                >
                  {t('participant.stages.reject')}
                </SubmitButton>
              </div>
            </SchemaForm>
          ) : null}
        </fieldset>
      ) : null}

      {mayOn(record, 'participant.transition') && !p.pendingClosure && allowed.length > 0 ? (
        <SchemaForm form={move} onSubmit={submitMove} onError={fail} pending={transition.isPending} className="form">
          <h2>{t('participant.stages.move')}</h2>
          <SelectInput
            name="to"
            id="stage-to"
            label={t('participant.stages.to')}
            hint={allowed.includes('TERMINASI') ? t('participant.stages.closeNote') : undefined}
          >
            <option value="">{t('participant.stages.chooseStage')}</option>
            {allowed.map((s) => (
              <option key={s} value={s}>
                {codeLabel('stages', s, t)}
              </option>
            ))}
          </SelectInput>
          {to === 'TERMINASI' ? (
            <SelectInput name="closureReason" id="stage-closure-reason" label={t('participant.stages.closureReason')}>
              <option value="">{t('participant.stages.chooseClosure')}</option>
              {codeOptions('closureReasons', CLOSURE_REASONS, t).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectInput>
          ) : null}
          <TextAreaInput
            name="reason"
            id="stage-reason"
            label={t('participant.stages.reason')}
            hint={t('participant.stages.reasonHint')}
            rows={3}
            maxLength={1000}
          />
          <div className="button-row">
            <SubmitButton>{t('participant.stages.submit')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : null}

      <h2>{t('participant.stages.title')}</h2>
      {!events ? (
        timeline.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : events.length === 0 ? (
        <p>{t('participant.stages.empty')}</p>
      ) : (
        <ol className="timeline" reversed>
          {[...events].reverse().map((ev) => (
            <li key={ev.id} className="timeline-item">
              <p className="timeline-what">
                <strong>{codeLabel('timeline', ev.kind, t)}</strong>
                {': '}
                {ev.from && ev.from !== ev.to
                  ? t('participant.stages.fromTo', {
                      from: codeLabel('stages', ev.from, t),
                      to: codeLabel('stages', ev.to, t),
                    })
                  : codeLabel('stages', ev.to, t)}
              </p>
              <p className="note">
                <time dateTime={ev.at}>{formatDateTime(ev.at)}</time>
                {ev.actor ? ` · ${t('participant.stages.by', { name: ev.actor })}` : null}
                {ev.approvedBy && ev.kind !== 'move'
                  ? ` · ${t('participant.stages.approvedBy', { name: ev.approvedBy })}`
                  : null}
              </p>
              {ev.closureReason ? (
                <p>
                  {t('participant.stages.closureReason')}: {codeLabel('closureReasons', ev.closureReason, t)}
                </p>
              ) : null}
              {ev.reason ? (
                <p className="prewrap">
                  {t('participant.stages.reason')}: {ev.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
