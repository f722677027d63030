// The dashboard: each role's own slice, as the server gives it (the head of section: participants by stage
// and region, this year's cohorts and their attendance, upcoming sessions, overdue follow-ups, budget;
// a caseworker: the participants she supports and her overdue follow-ups; a facilitator: her sessions).
// Figures link to the lists behind them when the user may open those lists.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { OFFICE_ZONE_ABBREVIATION } from '../../../shared/calendar.ts';
import { useTranslation } from 'react-i18next';
import { STAGES } from '../../../shared/codes.ts';
import { regionName } from '../../../shared/regions.ts';
import { useApi } from '../../data/query.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { formatDay } from '../../format.ts';
import { codeLabel } from '../../labels.ts';
import { currentLanguage, currentLocale } from '../../i18n/index.ts';
import { formatPercent, formatRupiah, formatWeekdayDate, pLabel } from '../programme/shared.ts';
import { BarFigure, BudgetBars, CHART_COLOURS } from './charts.tsx';

const num = (n: number) => new Intl.NumberFormat(currentLocale()).format(n);
const stageOrder = (s: string) => {
  const i = (STAGES as readonly string[]).indexOf(s);
  return i === -1 ? STAGES.length : i;
};

function Stat({ label, value, href }: { label: string; value: number; href?: string | null }) {
  const body = (
    <>
      <span className="report-stat-value">{num(value)}</span> <span className="report-stat-label">{label}</span>
    </>
  );
  return <li className="report-stat">{href ? <Link href={href}>{body}</Link> : body}</li>;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="report-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function DashboardPage(_props: { id?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('report.dashboard.title'));
  const { can, user } = useSession();
  const { data, error } = useApi('GET /api/dashboard', {});

  const canList = can('participant.list');
  const byStage = new Map<string, number>();
  const byRegion = new Map<string, number>();
  for (const r of data?.participantsByStage ?? []) {
    byStage.set(r.stage, (byStage.get(r.stage) ?? 0) + r.count);
    byRegion.set(r.regionCode, (byRegion.get(r.regionCode) ?? 0) + r.count);
  }
  const stages = [...byStage.entries()].sort((a, b) => stageOrder(a[0]) - stageOrder(b[0]));
  const regions = [...byRegion.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const totalParticipants = stages.reduce((s, [, n]) => s + n, 0);
  // A caseworker's figures are the participants assigned to her; the head of section's, her regions.
  const mine = user?.role === 'caseworker';
  const hasAny =
    !!data &&
    (data.participantsByStage !== undefined ||
      data.overdueFollowUps !== undefined ||
      data.cohorts !== undefined ||
      data.upcomingSessions !== undefined ||
      data.budget !== undefined);

  return (
    <section className="report-page">
      <h1>{t('report.dashboard.title')}</h1>
      {data ? <p>{t('report.dashboard.intro', { date: formatDay(data.today) })}</p> : null}
      <ErrorAlert error={error} />
      {!data && !error ? (
        <p className="loading" role="status">
          {t('report.common.loading')}
        </p>
      ) : null}
      {data && !hasAny ? <p>{t('report.dashboard.nothing')}</p> : null}

      {data && hasAny ? (
        <section aria-labelledby="dash-summary">
          <h2 id="dash-summary" className="visually-hidden">
            {t('report.dashboard.summary')}
          </h2>
          <ul className="report-stats">
            {data.participantsByStage ? (
              <Stat
                label={t('report.dashboard.statParticipants')}
                value={totalParticipants}
                href={canList ? '/participants' : null}
              />
            ) : null}
            {data.overdueFollowUps !== undefined ? (
              <Stat
                label={t('report.dashboard.statOverdue')}
                value={data.overdueFollowUps}
                href={can('followup.worklist') ? '/follow-ups' : null}
              />
            ) : null}
            {data.cohorts ? (
              <Stat
                label={t('report.dashboard.statCohorts')}
                value={data.cohorts.length}
                href={can('cohort.list') ? '/cohorts' : null}
              />
            ) : null}
            {data.upcomingSessions ? (
              <Stat label={t('report.dashboard.statSessions')} value={data.upcomingSessions.length} />
            ) : null}
          </ul>
        </section>
      ) : null}

      {data?.participantsByStage ? (
        <Section id="dash-stage" title={mine ? t('report.dashboard.stageTitleMine') : t('report.dashboard.stageTitle')}>
          {stages.length === 0 ? (
            <p>{t('report.dashboard.noParticipants')}</p>
          ) : (
            <>
              <BarFigure
                id="chart-stage"
                caption={t('report.dashboard.stageChart')}
                rows={stages.map(([stage, n]) => ({ label: codeLabel('stages', stage, t), value: n }))}
                series={[{ key: 'value', name: t('report.dashboard.colCount'), colour: CHART_COLOURS.primary }]}
              />
              <table className="data-table report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('report.dashboard.colStage')}</th>
                    <th scope="col" className="num">
                      {t('report.dashboard.colCount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stages.map(([stage, n]) => (
                    <tr key={stage}>
                      <th scope="row">
                        {canList ? (
                          <Link
                            href={`/participants?stage=${encodeURIComponent(stage)}`}
                            aria-label={t('report.dashboard.openStage', { stage: codeLabel('stages', stage, t) })}
                          >
                            {codeLabel('stages', stage, t)}
                          </Link>
                        ) : (
                          codeLabel('stages', stage, t)
                        )}
                      </th>
                      <td className="num" data-label={t('report.dashboard.colCount')}>
                        {num(n)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Section>
      ) : null}

      {data?.participantsByStage && !mine && regions.length > 0 ? (
        <Section id="dash-region" title={t('report.dashboard.regionTitle')}>
          <table className="data-table report-table">
            <thead>
              <tr>
                <th scope="col">{t('report.common.region')}</th>
                <th scope="col" className="num">
                  {t('report.dashboard.colCount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {regions.map(([code, n]) => (
                <tr key={code}>
                  <th scope="row">
                    {canList ? (
                      <Link
                        href={`/participants?region=${encodeURIComponent(code)}`}
                        aria-label={t('report.dashboard.openRegion', { region: regionName(code) })}
                      >
                        {regionName(code)}
                      </Link>
                    ) : (
                      regionName(code)
                    )}
                  </th>
                  <td className="num" data-label={t('report.dashboard.colCount')}>
                    {num(n)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}

      {data?.overdueFollowUps !== undefined ? (
        <Section id="dash-overdue" title={t('report.dashboard.overdueTitle')}>
          <p>
            {data.overdueFollowUps > 0
              ? t('report.dashboard.overdueText', { count: data.overdueFollowUps })
              : t('report.dashboard.overdueNone')}
          </p>
          {can('followup.worklist') ? <Link href="/follow-ups">{t('report.dashboard.openWorklist')}</Link> : null}
        </Section>
      ) : null}

      {data?.cohorts ? (
        <Section id="dash-cohorts" title={t('report.dashboard.cohortsTitle')}>
          {data.cohorts.length === 0 ? (
            <p>{t('report.dashboard.noCohorts')}</p>
          ) : (
            <>
              <BarFigure
                id="chart-cohorts"
                caption={t('report.dashboard.cohortsChart')}
                rows={data.cohorts.map((c) => ({
                  label: c.name,
                  value: c.attendanceRate === null ? null : Math.round(c.attendanceRate * 1000) / 10,
                }))}
                series={[{ key: 'value', name: t('report.annual.colAttendance'), colour: CHART_COLOURS.primary }]}
                format={(v) => `${new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 }).format(v)}%`}
                max={100}
              />
              <table className="data-table report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('report.annual.colCohort')}</th>
                    <th scope="col">{t('report.common.region')}</th>
                    <th scope="col" className="num">
                      {t('report.annual.colEnrolled')}
                    </th>
                    <th scope="col" className="num">
                      {t('report.annual.colGraduated')}
                    </th>
                    <th scope="col" className="num">
                      {t('report.annual.colAttendance')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.cohorts.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        {can('cohort.read') ? (
                          <Link href={`/cohorts/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                        ) : (
                          c.name
                        )}
                      </th>
                      <td data-label={t('report.common.region')}>{regionName(c.regionCode)}</td>
                      <td className="num" data-label={t('report.annual.colEnrolled')}>
                        {num(c.enrolled)}
                      </td>
                      <td className="num" data-label={t('report.annual.colGraduated')}>
                        {num(c.graduated)}
                      </td>
                      <td className="num" data-label={t('report.annual.colAttendance')}>
                        {formatPercent(c.attendanceRate)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Section>
      ) : null}

      {data?.upcomingSessions ? (
        <Section id="dash-sessions" title={t('report.dashboard.sessionsTitle')}>
          {data.upcomingSessions.length === 0 ? (
            <p>{t('report.dashboard.noSessions')}</p>
          ) : (
            <table className="data-table report-table">
              <thead>
                <tr>
                  <th scope="col">{t('report.dashboard.colDate')}</th>
                  <th scope="col">{t('report.dashboard.colTime')}</th>
                  <th scope="col">{t('report.dashboard.colSession')}</th>
                  <th scope="col">{t('report.annual.colCohort')}</th>
                </tr>
              </thead>
              <tbody>
                {data.upcomingSessions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {can('attendance.read') ? (
                        <Link href={`/sessions/${encodeURIComponent(s.id)}/attendance`}>
                          {formatWeekdayDate(s.date)}
                        </Link>
                      ) : (
                        formatWeekdayDate(s.date)
                      )}
                    </th>
                    <td
                      data-label={t('report.dashboard.colTime')}
                    >{`${currentLanguage() === 'en' ? s.start_time : s.start_time.replace(':', '.')} ${OFFICE_ZONE_ABBREVIATION}`}</td>
                    <td data-label={t('report.dashboard.colSession')}>{pLabel('sessionTypes', s.type, t)}</td>
                    <td data-label={t('report.annual.colCohort')}>{s.cohort}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      ) : null}

      {data?.budget && data.budget.length > 0 ? (
        <Section id="dash-budget" title={t('report.dashboard.budgetTitle')}>
          <BudgetBars id="chart-budget" caption={t('report.dashboard.budgetChart')} budget={data.budget} />
          <table className="data-table report-table">
            <thead>
              <tr>
                <th scope="col">{t('report.annual.colProgramme')}</th>
                <th scope="col" className="num">
                  {t('report.annual.colCeiling')}
                </th>
                <th scope="col" className="num">
                  {t('report.annual.colPlanned')}
                </th>
                <th scope="col" className="num">
                  {t('report.annual.colRealised')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.budget.map((b) => (
                <tr key={b.programmeId}>
                  <th scope="row">
                    {can('budget.read') ? (
                      <Link
                        href={`/budget/${encodeURIComponent(b.programmeId)}`}
                        aria-label={t('report.dashboard.openBudget', { programme: b.programme })}
                      >
                        {b.programme}
                      </Link>
                    ) : (
                      b.programme
                    )}{' '}
                    {b.overBudget ? <span className="badge badge-warn">{t('report.dashboard.overBudget')}</span> : null}
                  </th>
                  <td className="num" data-label={t('report.annual.colCeiling')}>
                    {formatRupiah(b.ceiling)}
                  </td>
                  <td className="num" data-label={t('report.annual.colPlanned')}>
                    {formatRupiah(b.planned)}
                  </td>
                  <td className="num" data-label={t('report.annual.colRealised')}>
                    {formatRupiah(b.realised)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
    </section>
  );
}
