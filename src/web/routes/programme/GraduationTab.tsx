// Graduation of a cohort: the head of section evaluates each enrolled participant against the programme's
// rule (sessions held, attended, rate, mandatory sessions missed), checks the figures and confirms; the
// statuses become Lulus / Tidak lulus and graduates get a certificate (PDF). Caseworkers see the figures.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeApi, type Enrollment } from '../../api-programme.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import type { CohortTabProps } from './cohort-tab.ts';
import { formatPercent, pLabel, programmeError, ruleText } from './shared.ts';

const COUNTED = ['ENROLLED', 'GRADUATED', 'NOT_GRADUATED'];

export function GraduationTab({ cohort, programme, reload }: CohortTabProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [items, setItems] = useState<Enrollment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const manage = can('graduation.confirm');
  const confirmed = !!cohort.graduationConfirmedAt;
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setItems((await programmeApi.cohorts.enrollments(cohort.id)).filter((e) => COUNTED.includes(e.status)));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [cohort.id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

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

  const evaluated = !!items && items.length > 0 && items.every((e) => e.result);
  const certificates = can('participant.read');
  return (
    <div className="tab-content">
      <h2>{t('programme.cohort.graduation.title')}</h2>
      <p>
        {programme
          ? t('programme.cohort.graduation.intro', { rule: ruleText(programme, t) })
          : t('programme.cohort.graduation.introNoRule')}
      </p>
      {!manage ? <p className="note">{t('programme.cohort.graduation.onlyManager')}</p> : null}
      <div ref={noticeRef} tabIndex={-1} className="result-anchor">
        {notice ? (
          <StatusMessage tone="success">
            <p>{notice}</p>
          </StatusMessage>
        ) : null}
      </div>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      {manage && !confirmed && items && items.length > 0 ? (
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void evaluate()} disabled={busy}>
            {evaluated ? t('programme.cohort.graduation.reevaluate') : t('programme.cohort.graduation.evaluate')}
          </button>
        </div>
      ) : null}
      {items === null && !error ? (
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
              {certificates ? <th scope="col">{t('programme.cohort.graduation.colCertificate')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
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
                    <td data-label={t('programme.cohort.graduation.colMandatoryMissed')}>{e.result.mandatoryMissed}</td>
                    <td data-label={t('programme.cohort.graduation.colResult')}>
                      <span className={`badge ${e.result.passed ? 'badge-ok' : 'badge-warn'}`}>
                        {e.result.passed
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
            ))}
          </tbody>
        </table>
      ) : null}
      {manage && !confirmed && evaluated ? (
        <ConfirmAction
          label={t('programme.cohort.graduation.confirm')}
          question={t('programme.cohort.graduation.confirmQuestion')}
          confirmLabel={t('programme.cohort.graduation.confirmYes')}
          busy={busy}
          tone="danger"
          onConfirm={confirm}
        />
      ) : null}
    </div>
  );
}
