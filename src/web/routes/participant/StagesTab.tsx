// Stages: the history of the case (newest first), a form to move it to one of the stages allowed from the
// current one (STAGE_MOVES), with the reason, and the closure reason when closing. A closure requested by a
// caseworker waits for the head of section, who sees approve / reject here.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOSURE_REASONS, STAGE_MOVES, type Stage } from '../../../shared/codes.ts';
import { multiLine } from '../../../shared/text.ts';
import { api, type TimelineEvent } from '../../api.ts';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel, codeOptions } from '../../labels.ts';
import { formatDateTime } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { isStale, mayOn, participantErrorText, type TabProps } from './shared.ts';

type ClosureReason = (typeof CLOSURE_REASONS)[number];
const reasonSchema = multiLine(1000);

export function StagesTab({ record, reload }: TabProps) {
  const { t } = useTranslation();
  const p = record.item;
  const [events, setEvents] = useState<TimelineEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [to, setTo] = useState<Stage | ''>('');
  const [reason, setReason] = useState('');
  const [closureReason, setClosureReason] = useState<ClosureReason | ''>('');
  const [decisionReason, setDecisionReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  const load = useCallback(async () => {
    try {
      setEvents(await api.participants.timeline(p.id));
    } catch (err) {
      setError(err);
    }
  }, [p.id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function move(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const errors: FieldErrors = {};
    if (!to) errors.to = t('participant.stages.invalidStage');
    if (!reasonSchema.safeParse(reason).success) errors.reason = t('participant.stages.invalidReason');
    if (to === 'TERMINASI' && !closureReason) errors.closureReason = t('participant.stages.invalidClosure');
    setFieldErrors(errors);
    if (hasErrors(errors) || !to) return;
    setBusy(true);
    try {
      const result = await api.participants.transition(p.id, record.etag, {
        to,
        reason,
        ...(to === 'TERMINASI' && closureReason ? { closureReason } : {}),
      });
      setNotice(
        result.pendingApproval
          ? t('participant.stages.requested')
          : t('participant.stages.moved', { stage: codeLabel('stages', result.stage, t) }),
      );
      setTo('');
      setReason('');
      setClosureReason('');
      await Promise.all([reload(), load()]);
    } catch (err) {
      setError(err);
      if (isStale(err)) await Promise.all([reload(), load()]);
    } finally {
      setBusy(false);
    }
  }

  async function decide(approve: boolean) {
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const note = decisionReason.trim();
    if (note && !reasonSchema.safeParse(note).success) {
      setFieldErrors({ decisionReason: t('participant.stages.invalidReason') });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      await api.participants.decideClosure(p.id, approve, note || undefined);
      setNotice(approve ? t('participant.stages.approved') : t('participant.stages.rejected'));
      setDecisionReason('');
      await Promise.all([reload(), load()]);
    } catch (err) {
      setError(err);
      if (isStale(err)) await Promise.all([reload(), load()]);
    } finally {
      setBusy(false);
    }
  }

  const allowed = STAGE_MOVES[p.stage];
  const requestedBy = events ? [...events].reverse().find((e) => e.kind === 'closure_requested')?.actor : undefined;
  return (
    <div className="tab-content">
      <p className="lead">{t('participant.stages.current', { stage: codeLabel('stages', p.stage, t) })}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)} />

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
            <>
              <TextAreaField
                id="decision-reason"
                label={`${t('participant.stages.decisionReason')} ${t('common.optional')}`}
                error={fieldErrors.decisionReason}
                value={decisionReason}
                onChange={(e) => setDecisionReason(e.currentTarget.value)}
                rows={3}
                maxLength={1000}
              />
              <div className="button-row">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy}
                  onClick={() => void decide(true)}
                >
                  {t('participant.stages.approve')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  onClick={() => void decide(false)}
                >
                  {t('participant.stages.reject')}
                </button>
              </div>
            </>
          ) : null}
        </fieldset>
      ) : null}

      {mayOn(record, 'participant.transition') && !p.pendingClosure && allowed.length > 0 ? (
        <form ref={formRef} onSubmit={move} noValidate className="form">
          <h2>{t('participant.stages.move')}</h2>
          <SelectField
            id="stage-to"
            label={t('participant.stages.to')}
            hint={allowed.includes('TERMINASI') ? t('participant.stages.closeNote') : undefined}
            error={fieldErrors.to}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value as Stage | '')}
          >
            <option value="">{t('participant.stages.chooseStage')}</option>
            {allowed.map((s) => (
              <option key={s} value={s}>
                {codeLabel('stages', s, t)}
              </option>
            ))}
          </SelectField>
          {to === 'TERMINASI' ? (
            <SelectField
              id="stage-closure-reason"
              label={t('participant.stages.closureReason')}
              error={fieldErrors.closureReason}
              value={closureReason}
              onChange={(e) => setClosureReason(e.currentTarget.value as ClosureReason | '')}
            >
              <option value="">{t('participant.stages.chooseClosure')}</option>
              {codeOptions('closureReasons', CLOSURE_REASONS, t).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextAreaField
            id="stage-reason"
            label={t('participant.stages.reason')}
            hint={t('participant.stages.reasonHint')}
            error={fieldErrors.reason}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            rows={3}
            maxLength={1000}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('participant.stages.submit')}
            </button>
          </div>
        </form>
      ) : null}

      <h2>{t('participant.stages.title')}</h2>
      {events === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
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
