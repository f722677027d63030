// Graduation of a cohort: the head of section evaluates each enrolled participant against the programme's
// rule (sessions held, attended, rate, mandatory sessions missed, excused absences counted), checks the figures
// and confirms; the statuses become Lulus / Tidak lulus and graduates get a certificate (PDF). Caseworkers see
// the figures. A participant the rule fails may be granted an exception with a reason by the head of section; it
// counts only once another official (the office's approver of exceptions, by default the Kepala Bidang) approves
// it, and the approver, who does not read the register, sees the exceptions with her figures here. Graduation
// waits while an exception is undecided, and a confirmed graduation may be reopened, with a reason, up to the
// cohort's last day for it.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { programmeApi, type Enrollment, type GraduationException } from '../../api-programme.ts';
import { useSession, useUser } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { TextAreaField } from '../../components/Field.tsx';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { actingAsText } from '../aid/shared.ts';
import type { CohortTabProps } from './cohort-tab.ts';
import { formatPercent, pLabel, programmeError, ruleText } from './shared.ts';

const COUNTED = ['ENROLLED', 'GRADUATED', 'NOT_GRADUATED'];
/** The server's bounds for the reasons (graduationExceptionBody, graduationReopenBody). */
const EXCEPTION_REASON_MIN = 10;
const REOPEN_REASON_MIN = 5;

type Result = NonNullable<Enrollment['result']>;

/** Her figures in one sentence, as the approver weighs them. */
function figuresText(r: Result | null, t: TFunction): string {
  if (!r) return t('programme.cohort.graduation.noFigures');
  return t('programme.cohort.graduation.figures', {
    attended: r.attended,
    held: r.sessionsHeld,
    rate: formatPercent(r.rate),
    missed: r.mandatoryMissed,
    excused: r.excused ?? 0,
    counted: r.excusedCounted ?? 0,
  });
}

function ExceptionBadge({ status }: { status: GraduationException['status'] }) {
  const { t } = useTranslation();
  const tone = status === 'CONFIRMED' ? 'badge-ok' : status === 'DECLINED' ? 'badge-warn' : 'badge-stage';
  return <span className={`badge ${tone}`}>{t(`programme.cohort.graduation.exceptionStatuses.${status}`)}</span>;
}

/** The head of section's form for one participant: a required reason, sent to the approver. */
function GrantExceptionForm({
  enrolment,
  onGranted,
  onCancel,
}: {
  enrolment: Enrollment;
  onGranted: (message: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const areaId = `exception-reason-${enrolment.id}`;
  const focusArea = () => document.getElementById(areaId)?.focus();
  // The reason takes the focus once the form is shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form opens
  useEffect(focusArea, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (reason.trim().length < EXCEPTION_REASON_MIN) {
      setProblem(t('programme.cohort.graduation.reasonTooShort'));
      focusArea();
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      await programmeApi.enrollments.grantException(enrolment.id, reason.trim());
      await onGranted(t('programme.cohort.graduation.granted', { code: enrolment.code }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel grant-exception" noValidate onSubmit={submit}>
      <fieldset>
        <legend>
          {t('programme.cohort.graduation.grantTitle', { code: enrolment.code, name: enrolment.preferredName })}
        </legend>
        <p>{t('programme.cohort.graduation.grantIntro')}</p>
        <TextAreaField
          id={areaId}
          label={t('programme.cohort.graduation.reasonLabel')}
          hint={t('programme.cohort.graduation.reasonHint')}
          error={problem}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('common.saving') : t('programme.cohort.graduation.send')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('programme.cohort.graduation.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** The cohort's exceptions with reasons and her figures; the approver decides others' waiting ones here. */
function ExceptionsList({
  items,
  confirmed,
  onDecided,
}: {
  items: GraduationException[];
  confirmed: boolean;
  onDecided: (message: string | null, error: unknown) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const mayApprove = can('graduation.exception_confirm');
  const [busy, setBusy] = useState(false);

  async function decide(x: GraduationException, approve: boolean) {
    setBusy(true);
    let message: string | null = null;
    let failure: unknown = null;
    try {
      await programmeApi.graduationExceptions.decide(x.id, approve);
      message = approve
        ? t('programme.cohort.graduation.approvedNotice', { code: x.code })
        : t('programme.cohort.graduation.declinedNotice', { code: x.code });
    } catch (err) {
      failure = err;
    } finally {
      setBusy(false);
    }
    // Decided here or by someone else meanwhile: the lists are read again either way.
    await onDecided(message, failure);
  }

  return (
    <section aria-labelledby="graduation-exceptions-title" className="panel graduation-exceptions">
      <h3 id="graduation-exceptions-title">
        {t('programme.cohort.graduation.exceptionsTitle')} ({items.length})
      </h3>
      {items.length === 0 ? <p>{t('programme.cohort.graduation.exceptionsEmpty')}</p> : null}
      <ul className="plain-list correction-list">
        {items.map((x) => {
          const mine = x.requestedBy.id === me.id;
          return (
            <li key={x.id} data-exception={x.id}>
              <p>
                <strong>
                  {x.code} ({x.preferredName})
                </strong>{' '}
                <ExceptionBadge status={x.status} />
                {x.result?.byException ? (
                  <>
                    {' '}
                    <span className="badge badge-ok">{t('programme.cohort.graduation.passedByException')}</span>
                  </>
                ) : null}
                <br />
                {figuresText(x.result, t)}
                <br />
                {x.reason === null
                  ? t('programme.cohort.graduation.reasonGone')
                  : t('programme.cohort.graduation.reason', { reason: x.reason })}
                <br />
                {t('programme.cohort.graduation.grantedBy', {
                  name: x.requestedBy.name,
                  when: formatDateTime(x.requestedAt),
                })}
                {x.decidedBy && x.decidedAt ? (
                  <>
                    <br />
                    {t(
                      x.status === 'CONFIRMED'
                        ? 'programme.cohort.graduation.confirmedBy'
                        : 'programme.cohort.graduation.declinedBy',
                      { name: x.decidedBy.name, when: formatDateTime(x.decidedAt) },
                    )}
                    {x.actingAs ? ` (${actingAsText(x.actingAs, t)})` : null}
                  </>
                ) : null}
              </p>
              {x.status === 'PENDING' && mine ? (
                <p className="note">{t('programme.cohort.graduation.ownWaiting')}</p>
              ) : x.status === 'PENDING' && mayApprove && !confirmed ? (
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy}
                    onClick={() => void decide(x, true)}
                  >
                    {t('programme.cohort.graduation.approve')}
                    <span className="visually-hidden"> {t('programme.cohort.graduation.of', { code: x.code })}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={busy}
                    onClick={() => void decide(x, false)}
                  >
                    {t('programme.cohort.graduation.decline')}
                    <span className="visually-hidden"> {t('programme.cohort.graduation.of', { code: x.code })}</span>
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Reopening a confirmed graduation, with a reason, up to the cohort's last day for it. */
function ReopenGraduation({
  cohortId,
  until,
  onReopened,
}: {
  cohortId: string;
  until: string;
  onReopened: (items: Enrollment[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const openerRef = useRef<HTMLButtonElement>(null);
  const focusArea = () => document.getElementById('graduation-reopen-reason')?.focus();
  // The reason takes the focus when the form opens.
  useEffect(() => {
    if (open) document.getElementById('graduation-reopen-reason')?.focus();
  }, [open]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (reason.trim().length < REOPEN_REASON_MIN) {
      setProblem(t('programme.cohort.graduation.reopenTooShort'));
      focusArea();
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      const r = await programmeApi.cohorts.reopen(cohortId, reason.trim());
      await onReopened(r.items);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="graduation-reopen-title" className="panel graduation-reopen">
      <h3 id="graduation-reopen-title">{t('programme.cohort.graduation.reopen')}</h3>
      <p>{t('programme.cohort.graduation.reopenUntil', { date: formatDay(until) })}</p>
      {open ? (
        <form noValidate onSubmit={submit}>
          <TextAreaField
            id="graduation-reopen-reason"
            label={t('programme.cohort.graduation.reopenReason')}
            hint={t('programme.cohort.graduation.reopenHint')}
            error={problem}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={busy}>
              {busy ? t('common.saving') : t('programme.cohort.graduation.reopenYes')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setOpen(false);
                setProblem(undefined);
                setError(null);
                window.setTimeout(() => openerRef.current?.focus(), 0);
              }}
            >
              {t('programme.cohort.graduation.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button ref={openerRef} type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('programme.cohort.graduation.reopen')}
        </button>
      )}
    </section>
  );
}

export function GraduationTab({ cohort, programme, reload }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [items, setItems] = useState<Enrollment[] | null>(null);
  const [exceptions, setExceptions] = useState<GraduationException[] | null>(null);
  const [granting, setGranting] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const manage = can('graduation.confirm');
  // The approver of exceptions (the Kepala Bidang) does not read the register: she sees the exceptions only.
  const readRegister = can('attendance.read');
  const readExceptions = can('graduation.exception_read');
  const mayGrant = can('graduation.exception_request');
  const confirmed = !!cohort.graduationConfirmedAt;
  const reopenUntil = cohort.graduationReopenUntil;
  const mayReopen = can('graduation.reopen') && confirmed && !!reopenUntil && todayInOffice() <= reopenUntil;
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const [list, xs] = await Promise.all([
        readRegister ? programmeApi.cohorts.enrollments(cohort.id) : Promise.resolve(null),
        readExceptions ? programmeApi.cohorts.exceptions(cohort.id) : Promise.resolve(null),
      ]);
      setItems(list ? list.filter((e) => COUNTED.includes(e.status)) : null);
      setExceptions(xs);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [cohort.id, readRegister, readExceptions]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (notice || error) noticeRef.current?.focus();
  }, [notice, error]);

  async function evaluate() {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const r = await programmeApi.cohorts.evaluate(cohort.id);
      setItems(r.items.filter((e) => COUNTED.includes(e.status)));
      setNotice(t('programme.cohort.graduation.evaluated'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const r = await programmeApi.cohorts.confirm(cohort.id);
      const list = r.items.filter((e) => COUNTED.includes(e.status));
      setItems(list);
      const graduates = list.filter((e) => e.status === 'GRADUATED').length;
      setNotice(t('programme.cohort.graduation.confirmedNotice', { graduates, others: list.length - graduates }));
      await reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // The latest exception of each enrolment (the list comes oldest first).
  const exceptionOf = new Map((exceptions ?? []).map((x) => [x.enrollmentId, x]));
  const pending = (exceptions ?? []).some((x) => x.status === 'PENDING');
  const evaluated = !!items && items.length > 0 && items.every((e) => e.result);
  const certificates = can('participant.read');
  const mayGrantTo = (e: Enrollment) => {
    const x = exceptionOf.get(e.id);
    return (
      mayGrant &&
      !confirmed &&
      e.status === 'ENROLLED' &&
      !!e.result &&
      !e.result.passed &&
      (!x || x.status === 'DECLINED')
    );
  };
  const grantingTo = granting ? items?.find((e) => e.id === granting) : undefined;
  const approverOnly = !readRegister && readExceptions;

  return (
    <div className="tab-content">
      <h2>{t('programme.cohort.graduation.title')}</h2>
      <p>
        {programme
          ? t('programme.cohort.graduation.intro', { rule: ruleText(programme, t) })
          : t('programme.cohort.graduation.introNoRule')}
      </p>
      {approverOnly ? (
        <p className="note">{t('programme.cohort.graduation.exceptionsIntroApprover')}</p>
      ) : !manage ? (
        <p className="note">{t('programme.cohort.graduation.onlyManager')}</p>
      ) : null}
      <div ref={noticeRef} tabIndex={-1} className="result-anchor">
        {notice ? (
          <StatusMessage tone="success">
            <p>{notice}</p>
          </StatusMessage>
        ) : null}
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      </div>
      {manage && !confirmed && items && items.length > 0 ? (
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void evaluate()} disabled={busy}>
            {evaluated ? t('programme.cohort.graduation.reevaluate') : t('programme.cohort.graduation.evaluate')}
          </button>
        </div>
      ) : null}
      {!readRegister ? null : items === null && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items && items.length === 0 ? (
        <p>{t('programme.cohort.graduation.empty')}</p>
      ) : items ? (
        <table className="data-table prog-table graduation-table">
          <caption className="visually-hidden">{t('programme.cohort.graduation.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('programme.cohort.graduation.colCode')}</th>
              <th scope="col">{t('programme.cohort.graduation.colName')}</th>
              <th scope="col">{t('programme.cohort.graduation.colHeld')}</th>
              <th scope="col">{t('programme.cohort.graduation.colAttended')}</th>
              <th scope="col">{t('programme.cohort.graduation.colRate')}</th>
              <th scope="col">{t('programme.cohort.graduation.colMandatoryMissed')}</th>
              <th scope="col">{t('programme.cohort.graduation.colResult')}</th>
              <th scope="col">{t('programme.cohort.graduation.colStatus')}</th>
              <th scope="col">{t('programme.cohort.graduation.colExcused')}</th>
              {readExceptions ? <th scope="col">{t('programme.cohort.graduation.colException')}</th> : null}
              {certificates ? <th scope="col">{t('programme.cohort.graduation.colCertificate')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((e) => {
              const x = exceptionOf.get(e.id);
              return (
                <tr key={e.id}>
                  <th scope="row" data-label={t('programme.cohort.graduation.colCode')}>
                    <span className="code-link">{e.code}</span>
                  </th>
                  <td data-label={t('programme.cohort.graduation.colName')}>{e.preferredName}</td>
                  {e.result ? (
                    <>
                      <td data-label={t('programme.cohort.graduation.colHeld')}>{e.result.sessionsHeld}</td>
                      <td data-label={t('programme.cohort.graduation.colAttended')}>{e.result.attended}</td>
                      <td data-label={t('programme.cohort.graduation.colRate')}>{formatPercent(e.result.rate)}</td>
                      <td data-label={t('programme.cohort.graduation.colMandatoryMissed')}>
                        {e.result.mandatoryMissed}
                      </td>
                      <td data-label={t('programme.cohort.graduation.colResult')}>
                        <span className={`badge ${e.result.passed ? 'badge-ok' : 'badge-warn'}`}>
                          {e.result.byException
                            ? t('programme.cohort.graduation.passedByException')
                            : e.result.passed
                              ? t('programme.cohort.graduation.passed')
                              : t('programme.cohort.graduation.failed')}
                        </span>
                      </td>
                    </>
                  ) : (
                    <td data-label={t('programme.cohort.graduation.colResult')} colSpan={5}>
                      {t('programme.cohort.graduation.notEvaluated')}
                    </td>
                  )}
                  <td data-label={t('programme.cohort.graduation.colStatus')} data-status={e.status}>
                    <span
                      className={`badge ${e.status === 'GRADUATED' ? 'badge-ok' : e.status === 'NOT_GRADUATED' ? 'badge-warn' : 'badge-stage'}`}
                    >
                      {pLabel('enrollmentStatuses', e.status, t)}
                    </span>
                  </td>
                  <td data-label={t('programme.cohort.graduation.colExcused')}>
                    {e.result
                      ? t('programme.cohort.graduation.excusedValue', {
                          excused: e.result.excused ?? 0,
                          counted: e.result.excusedCounted ?? 0,
                        })
                      : t('common.none')}
                  </td>
                  {readExceptions ? (
                    <td data-label={t('programme.cohort.graduation.colException')}>
                      {x ? <ExceptionBadge status={x.status} /> : null}
                      {mayGrantTo(e) ? (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-expanded={granting === e.id}
                          onClick={() => {
                            setNotice(null);
                            setGranting(e.id);
                          }}
                        >
                          {t('programme.cohort.graduation.grant')}
                          <span className="visually-hidden"> {e.code}</span>
                        </button>
                      ) : x ? null : (
                        t('common.none')
                      )}
                    </td>
                  ) : null}
                  {certificates ? (
                    <td data-label={t('programme.cohort.graduation.colCertificate')}>
                      {e.status === 'GRADUATED' ? (
                        <a href={programmeApi.enrollments.certificateUrl(e.id)} download>
                          {t('programme.cohort.graduation.certificate')}
                          <span className="visually-hidden"> {e.code}</span>
                        </a>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {grantingTo && mayGrantTo(grantingTo) ? (
        <GrantExceptionForm
          key={grantingTo.id}
          enrolment={grantingTo}
          onCancel={() => setGranting(null)}
          onGranted={async (message) => {
            setGranting(null);
            await load();
            setError(null);
            setNotice(message);
          }}
        />
      ) : null}
      {readExceptions && exceptions && (exceptions.length > 0 || approverOnly) ? (
        <ExceptionsList
          items={exceptions}
          confirmed={confirmed}
          onDecided={async (message, failure) => {
            await load();
            setNotice(message);
            setError(failure);
          }}
        />
      ) : null}
      {manage && !confirmed && evaluated && pending ? (
        <p className="note">{t('programme.cohort.graduation.pendingBlocks')}</p>
      ) : null}
      {manage && !confirmed && evaluated && !pending ? (
        <ConfirmAction
          label={t('programme.cohort.graduation.confirm')}
          question={t('programme.cohort.graduation.confirmQuestion')}
          confirmLabel={t('programme.cohort.graduation.confirmYes')}
          busy={busy}
          tone="danger"
          onConfirm={confirm}
        />
      ) : null}
      {mayReopen && reopenUntil ? (
        <ReopenGraduation
          cohortId={cohort.id}
          until={reopenUntil}
          onReopened={async (list) => {
            setItems(list.filter((e) => COUNTED.includes(e.status)));
            await reload();
            await load();
            setError(null);
            setNotice(t('programme.cohort.graduation.reopened'));
          }}
        />
      ) : null}
    </div>
  );
}
