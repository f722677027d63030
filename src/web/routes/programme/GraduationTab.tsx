// Graduation of a cohort: the head of section evaluates each enrolled participant against the programme's
// rule (sessions held, attended, rate, mandatory sessions missed, excused absences counted), checks the figures
// and confirms; the statuses become Lulus / Tidak lulus and graduates get a certificate (PDF). Caseworkers see
// the figures. A participant the rule fails may be granted an exception with a reason by the head of section; it
// counts only once another official (the office's approver of exceptions, by default the Kepala Bidang) approves
// it, and the approver, who does not read the register, sees the exceptions with her figures here. Graduation
// waits while an exception is undecided, and a confirmed graduation may be reopened, with a reason, up to the
// cohort's last day for it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { graduationExceptionBody, graduationReopenBody } from '../../../shared/programme-api.ts';
import { fileUrl, type Reply } from '../../data/client.ts';
import { invalidateResources, useApi, useApiMutation } from '../../data/query.ts';
import { useSession, useUser } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { formatDateTime, formatDay, todayInOffice } from '../../format.ts';
import { actingAsText } from '../aid/shared.ts';
import type { CohortTabProps } from './cohort-tab.ts';
import { formatPercent, pLabel, programmeError, ruleText } from './shared.ts';

const COUNTED = ['ENROLLED', 'GRADUATED', 'NOT_GRADUATED'];
type Enrollment = Reply<'GET /api/cohorts/:id/enrollments'>['items'][number];
type GraduationException = Reply<'GET /api/cohorts/:id/graduation-exceptions'>['items'][number];
/** What a graduation step changes besides the cohort: her record's stage, the follow-ups it opens, the queue. */
const GRADUATION_TOUCHES = ['/api/participants', '/api/follow-ups', '/api/work-queue'];

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
  onGranted: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(graduationExceptionBody, {
    defaultValues: { reason: '' },
    messages: { reason: t('programme.cohort.graduation.reasonTooShort') },
  });
  const grant = useApiMutation('POST /api/enrollments/:id/graduation-exception', {
    invalidates: () => [`/api/cohorts/${enrolment.cohortId}`, '/api/work-queue'],
  });
  const areaId = `exception-reason-${enrolment.id}`;
  // The reason takes the focus once the form is shown.
  useEffect(() => document.getElementById(areaId)?.focus(), [areaId]);

  async function submit(body: z.output<typeof graduationExceptionBody>) {
    setError(null);
    await grant.mutateAsync({ params: { id: enrolment.id }, body });
    onGranted(t('programme.cohort.graduation.granted', { code: enrolment.code }));
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={grant.isPending}
      className="panel grant-exception"
    >
      <fieldset>
        <legend>
          {t('programme.cohort.graduation.grantTitle', { code: enrolment.code, name: enrolment.preferredName })}
        </legend>
        <p>{t('programme.cohort.graduation.grantIntro')}</p>
        <TextAreaInput<z.input<typeof graduationExceptionBody>>
          name="reason"
          id={areaId}
          label={t('programme.cohort.graduation.reasonLabel')}
          hint={t('programme.cohort.graduation.reasonHint')}
          maxLength={1000}
          emptyValue=""
        />
        <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
        <div className="button-row">
          <SubmitButton>{t('programme.cohort.graduation.send')}</SubmitButton>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('programme.cohort.graduation.cancel')}
          </button>
        </div>
      </fieldset>
    </SchemaForm>
  );
}

/** The cohort's exceptions with reasons and her figures; the approver decides others' waiting ones here. */
function ExceptionsList({
  cohortId,
  items,
  confirmed,
  onDecided,
}: {
  cohortId: string;
  items: GraduationException[];
  confirmed: boolean;
  onDecided: (message: string | null, error: unknown) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useUser();
  const client = useQueryClient();
  const mayApprove = can('graduation.exception_confirm');
  const touched = [`/api/cohorts/${cohortId}`, '/api/work-queue'];
  // Decided here or by someone else meanwhile: the lists are read again either way.
  const decision = useApiMutation('POST /api/graduation-exceptions/:id/decision', {
    invalidates: () => touched,
    onError: () => void invalidateResources(client, touched),
  });
  const busy = decision.isPending;

  async function decide(x: GraduationException, approve: boolean) {
    try {
      await decision.mutateAsync({ params: { id: x.id }, body: { approve } });
      onDecided(
        approve
          ? t('programme.cohort.graduation.approvedNotice', { code: x.code })
          : t('programme.cohort.graduation.declinedNotice', { code: x.code }),
        null,
      );
    } catch (err) {
      onDecided(null, err);
    }
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
  onReopened: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const form = useSchemaForm(graduationReopenBody, {
    defaultValues: { reason: '' },
    messages: { reason: t('programme.cohort.graduation.reopenTooShort') },
  });
  const reopen = useApiMutation('POST /api/cohorts/:id/graduate/reopen', { invalidates: () => GRADUATION_TOUCHES });
  // The reason takes the focus when the form opens.
  useEffect(() => {
    if (open) document.getElementById('graduation-reopen-reason')?.focus();
  }, [open]);

  async function submit(body: z.output<typeof graduationReopenBody>) {
    setError(null);
    await reopen.mutateAsync({ params: { id: cohortId }, body });
    onReopened();
  }

  return (
    <section aria-labelledby="graduation-reopen-title" className="panel graduation-reopen">
      <h3 id="graduation-reopen-title">{t('programme.cohort.graduation.reopen')}</h3>
      <p>{t('programme.cohort.graduation.reopenUntil', { date: formatDay(until) })}</p>
      {open ? (
        <SchemaForm form={form} onSubmit={submit} onError={setError} pending={reopen.isPending}>
          <TextAreaInput<z.input<typeof graduationReopenBody>>
            name="reason"
            id="graduation-reopen-reason"
            label={t('programme.cohort.graduation.reopenReason')}
            hint={t('programme.cohort.graduation.reopenHint')}
            maxLength={500}
            emptyValue=""
          />
          <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
          <div className="button-row">
            <SubmitButton className="button button-danger">{t('programme.cohort.graduation.reopenYes')}</SubmitButton>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setOpen(false);
                form.clearErrors();
                setError(null);
                window.setTimeout(() => openerRef.current?.focus(), 0);
              }}
            >
              {t('programme.cohort.graduation.cancel')}
            </button>
          </div>
        </SchemaForm>
      ) : (
        <button ref={openerRef} type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('programme.cohort.graduation.reopen')}
        </button>
      )}
    </section>
  );
}

export function GraduationTab({ cohort, programme }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [granting, setGranting] = useState<string | null>(null);
  // The order of the register, for this visit of the tab (the tab is part of the cohort's page).
  const [sort, setSort] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can('graduation.confirm');
  // The approver of exceptions (the Kepala Bidang) does not read the register: she sees the exceptions only.
  const readRegister = can('attendance.read');
  const readExceptions = can('graduation.exception_read');
  const mayGrant = can('graduation.exception_request');
  const confirmed = !!cohort.graduationConfirmedAt;
  const reopenUntil = cohort.graduationReopenUntil;
  const mayReopen = can('graduation.reopen') && confirmed && !!reopenUntil && todayInOffice() <= reopenUntil;
  const noticeRef = useRef<HTMLDivElement>(null);

  const params = { params: { id: cohort.id } };
  const register = useApi('GET /api/cohorts/:id/enrollments', params, { enabled: readRegister });
  const exceptionList = useApi('GET /api/cohorts/:id/graduation-exceptions', params, { enabled: readExceptions });
  const items = register.data ? register.data.items.filter((e) => COUNTED.includes(e.status)) : null;
  const exceptions = exceptionList.data?.items ?? null;
  const loadError = register.error ?? exceptionList.error;
  const evaluation = useApiMutation('POST /api/cohorts/:id/graduate');
  const confirmation = useApiMutation('POST /api/cohorts/:id/graduate/confirm', {
    invalidates: () => GRADUATION_TOUCHES,
  });
  const busy = evaluation.isPending || confirmation.isPending;
  useEffect(() => {
    if (notice || error) noticeRef.current?.focus();
  }, [notice, error]);

  async function evaluate() {
    setError(null);
    setNotice(null);
    try {
      await evaluation.mutateAsync(params);
      setNotice(t('programme.cohort.graduation.evaluated'));
    } catch (err) {
      setError(err);
    }
  }

  async function confirm() {
    setError(null);
    setNotice(null);
    try {
      const { data } = await confirmation.mutateAsync(params);
      const list = data.items.filter((e) => COUNTED.includes(e.status));
      const graduates = list.filter((e) => e.status === 'GRADUATED').length;
      setNotice(t('programme.cohort.graduation.confirmedNotice', { graduates, others: list.length - graduates }));
    } catch (err) {
      setError(err);
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
  const none = t('common.none');
  const columns: Column<Enrollment>[] = [
    {
      id: 'code',
      header: t('programme.cohort.graduation.colCode'),
      rowHeader: true,
      sort: (e) => e.code,
      cell: (e) => <span className="code-link">{e.code}</span>,
    },
    {
      id: 'name',
      header: t('programme.cohort.graduation.colName'),
      sort: (e) => e.preferredName.toLocaleLowerCase('id'),
      cell: (e) => e.preferredName,
    },
    { id: 'held', header: t('programme.cohort.graduation.colHeld'), cell: (e) => e.result?.sessionsHeld ?? none },
    { id: 'attended', header: t('programme.cohort.graduation.colAttended'), cell: (e) => e.result?.attended ?? none },
    {
      id: 'rate',
      header: t('programme.cohort.graduation.colRate'),
      sort: (e) => e.result?.rate,
      cell: (e) => (e.result ? formatPercent(e.result.rate) : none),
    },
    {
      id: 'mandatoryMissed',
      header: t('programme.cohort.graduation.colMandatoryMissed'),
      cell: (e) => e.result?.mandatoryMissed ?? none,
    },
    {
      id: 'result',
      header: t('programme.cohort.graduation.colResult'),
      cell: (e) =>
        e.result ? (
          <span className={`badge ${e.result.passed ? 'badge-ok' : 'badge-warn'}`}>
            {e.result.byException
              ? t('programme.cohort.graduation.passedByException')
              : e.result.passed
                ? t('programme.cohort.graduation.passed')
                : t('programme.cohort.graduation.failed')}
          </span>
        ) : (
          t('programme.cohort.graduation.notEvaluated')
        ),
    },
    {
      id: 'status',
      header: t('programme.cohort.graduation.colStatus'),
      sort: (e) => pLabel('enrollmentStatuses', e.status, t),
      cell: (e) => (
        <span
          data-status={e.status}
          className={`badge ${e.status === 'GRADUATED' ? 'badge-ok' : e.status === 'NOT_GRADUATED' ? 'badge-warn' : 'badge-stage'}`}
        >
          {pLabel('enrollmentStatuses', e.status, t)}
        </span>
      ),
    },
    {
      id: 'excused',
      header: t('programme.cohort.graduation.colExcused'),
      cell: (e) =>
        e.result
          ? t('programme.cohort.graduation.excusedValue', {
              excused: e.result.excused ?? 0,
              counted: e.result.excusedCounted ?? 0,
            })
          : none,
    },
    ...(readExceptions
      ? [
          {
            id: 'exception',
            header: t('programme.cohort.graduation.colException'),
            cell: (e: Enrollment) => {
              const x = exceptionOf.get(e.id);
              return (
                <>
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
                    none
                  )}
                </>
              );
            },
          },
        ]
      : []),
    ...(certificates
      ? [
          {
            id: 'certificate',
            header: t('programme.cohort.graduation.colCertificate'),
            cell: (e: Enrollment) =>
              e.status === 'GRADUATED' ? (
                <a href={fileUrl('GET /api/enrollments/:id/certificate.pdf', { id: e.id })} download>
                  {t('programme.cohort.graduation.certificate')}
                  <span className="visually-hidden"> {e.code}</span>
                </a>
              ) : (
                none
              ),
          },
        ]
      : []),
  ];
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
        {/* A failed read; when it was a refresh, the figures below are the last ones read. */}
        <ErrorAlert error={loadError} />
      </div>
      {manage && !confirmed && items && items.length > 0 ? (
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void evaluate()} disabled={busy}>
            {evaluated ? t('programme.cohort.graduation.reevaluate') : t('programme.cohort.graduation.evaluate')}
          </button>
        </div>
      ) : null}
      {readRegister ? (
        // A cohort's register is bounded by its capacity (a few dozen at most) and comes whole: client mode.
        <DataTable
          id="graduation"
          caption={t('programme.cohort.graduation.title')}
          mode="client"
          columns={columns}
          rows={items ?? undefined}
          rowKey={(e) => e.id}
          tableClassName="prog-table graduation-table"
          loading={register.isPending && !register.error}
          sort={sort}
          onSort={setSort}
          empty={<p>{t('programme.cohort.graduation.empty')}</p>}
        />
      ) : null}
      {grantingTo && mayGrantTo(grantingTo) ? (
        <GrantExceptionForm
          key={grantingTo.id}
          enrolment={grantingTo}
          onCancel={() => setGranting(null)}
          onGranted={(message) => {
            setGranting(null);
            setError(null);
            setNotice(message);
          }}
        />
      ) : null}
      {readExceptions && exceptions && (exceptions.length > 0 || approverOnly) ? (
        <ExceptionsList
          cohortId={cohort.id}
          items={exceptions}
          confirmed={confirmed}
          onDecided={(message, failure) => {
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
          onReopened={() => {
            setError(null);
            setNotice(t('programme.cohort.graduation.reopened'));
          }}
        />
      ) : null}
    </div>
  );
}
