// Her follow-ups after graduation: the schedule (1, 3, 6, 12 months…) with each one's status, the way to
// its visit form, and what the visits recorded (the risk of return only when the server sends it). Closing
// the case stays on the Stages tab (reason, approval by the head of section): this tab points there. When
// her follow-ups are over, the case closes or continues by choice: "continue" schedules one more follow-up
// with a reason. The head of section reopens a closed case here, with a reason.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { multiLine } from '../../../shared/text.ts';
import { CONTINUE_REASONS } from '../../../shared/followup-api.ts';
import { ApiError } from '../../api.ts';
import { followups, type FollowUpWithVisits } from '../../api-followup.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { codeLabel } from '../../labels.ts';
import { formatDay } from '../../format.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { fuLabel } from '../followup/labels.ts';
import { VisitSummary } from '../followup/VisitSummary.tsx';
import { mayOn, type TabProps } from './shared.ts';

const reasonSchema = multiLine(1000);
type ContinueReason = (typeof CONTINUE_REASONS)[number];
const MONTHS = [1, 2, 3, 4, 5, 6, 9, 12] as const;

const CONTINUE_REFUSALS = ['follow_up_open', 'case_closed', 'no_follow_up'] as const;

/** Why continuing was refused, in words (consent to follow-up contact, an open follow-up, a closed case). */
function continueErrorText(err: unknown, t: TFunction): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'consent_required') return t('followup.tab.consentNeeded');
  const code = CONTINUE_REFUSALS.find((c) => c === err.code);
  if (code) return t(`followup.tab.conflict.${code}`);
  return undefined;
}

export function FollowUpsTab({ record, reload, openStages }: TabProps & { openStages(): void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const p = record.item;
  const [items, setItems] = useState<FollowUpWithVisits[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, !!reasonError);
  const [months, setMonths] = useState(3);
  const [continueReason, setContinueReason] = useState<ContinueReason | ''>('');
  const [continueError, setContinueError] = useState<string | undefined>(undefined);
  const continueRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(continueRef, attempt, !!continueError);
  // Opened from the worklist's "close or continue" list: later visits start on the profile again.

  const load = useCallback(async () => {
    try {
      setItems(await followups.forParticipant(p.id));
    } catch (err) {
      setError(err);
    }
  }, [p.id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function reopen(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const text = reason.trim();
    if (!text || !reasonSchema.safeParse(text).success) {
      setReasonError(t('followup.tab.invalidReason'));
      return;
    }
    setReasonError(undefined);
    setBusy(true);
    try {
      const reopened = await followups.reopen(p.id, text);
      setReason('');
      setNotice(t('followup.tab.reopened', { stage: codeLabel('stages', reopened.stage, t) }));
      await Promise.all([reload(), load()]);
    } catch (err) {
      setError(err);
      await reload();
    } finally {
      setBusy(false);
    }
  }

  async function continueCase(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    if (!continueReason) {
      setContinueError(t('followup.tab.invalidContinueReason'));
      return;
    }
    setContinueError(undefined);
    setBusy(true);
    try {
      const all = await followups.continueAfterLast(p.id, { months, reason: continueReason });
      setItems(all);
      setContinueReason('');
      const next = all.filter((f) => f.status === 'DUE').sort((a, b) => b.dueDate.localeCompare(a.dueDate))[0];
      if (next) setNotice(t('followup.tab.continued', { months: next.pointMonths, date: formatDay(next.dueDate) }));
    } catch (err) {
      setError(err);
      await load();
    } finally {
      setBusy(false);
    }
  }

  const closed = p.stage === 'TERMINASI';
  // As the server decides it: nothing still due, at least one follow-up that was not cancelled.
  const allDone =
    items !== null && !items.some((f) => f.status === 'DUE') && items.some((f) => f.status !== 'CANCELLED');
  const mayRecord = can('followup.record');
  return (
    <div className="tab-content fu-tab">
      <h2>{t('followup.tab.title')}</h2>
      <p className="hint">{t('followup.tab.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} message={continueErrorText(error, t)} />

      {items === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
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
              <form ref={formRef} className="form" noValidate onSubmit={reopen}>
                <TextAreaField
                  id="fu-reopen-reason"
                  label={t('followup.tab.reopenReason')}
                  hint={t('followup.tab.reopenHint')}
                  error={reasonError}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  rows={3}
                  maxLength={1000}
                />
                <div className="button-row">
                  <button type="submit" className="button button-primary" disabled={busy}>
                    {busy ? t('common.saving') : t('followup.tab.reopen')}
                  </button>
                </div>
              </form>
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
              <form
                ref={continueRef}
                className="form"
                noValidate
                onSubmit={continueCase}
                aria-labelledby="fu-continue-title"
              >
                <h3 id="fu-continue-title">{t('followup.tab.continueTitle')}</h3>
                <p className="hint">{t('followup.tab.continueIntro')}</p>
                <SelectField
                  id="fu-continue-months"
                  label={t('followup.tab.continueMonths')}
                  value={String(months)}
                  onChange={(e) => setMonths(Number(e.currentTarget.value))}
                >
                  {MONTHS.map((m) => (
                    <option key={m} value={m}>
                      {t('followup.tab.monthsOption', { count: m })}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  id="fu-continue-reason"
                  label={t('followup.tab.continueReason')}
                  error={continueError}
                  value={continueReason}
                  onChange={(e) => setContinueReason(e.currentTarget.value as ContinueReason | '')}
                >
                  <option value="">{t('followup.tab.chooseReason')}</option>
                  {CONTINUE_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {fuLabel('continueReasons', r, t)}
                    </option>
                  ))}
                </SelectField>
                <div className="button-row">
                  <button type="submit" className="button button-primary" disabled={busy}>
                    {busy ? t('common.saving') : t('followup.tab.continueSubmit')}
                  </button>
                </div>
              </form>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
