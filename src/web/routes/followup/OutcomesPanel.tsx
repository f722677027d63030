// Outcomes of one cohort's graduates: the share reached at each follow-up point and the share with a
// running business (a bar chart, with the same figures in a table for screen readers and for copying),
// the running business at 6 and 12 months in words, and how income bands moved since the assessment.
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../../data/query.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import type { Reply } from '../../data/client.ts';
import { formatShare } from './labels.ts';

const COLOURS = { reached: '#0b5d4b', running: '#1d4f91' };
type OutcomePoint = Reply<'GET /api/cohorts/:id/outcomes'>['points'][number];
const INCOME_CHANGES = ['up', 'same', 'down'] as const;
type IncomeChange = (typeof INCOME_CHANGES)[number];

export function OutcomesPanel({ cohortId }: { cohortId: string }) {
  const { t } = useTranslation();
  const { data, error } = useApi('GET /api/cohorts/:id/outcomes', { params: { id: cohortId } });
  if (!data) {
    return (
      <div className="tab-content">
        <h2>{t('followup.outcomes.title')}</h2>
        {error ? <ErrorAlert error={error} /> : <p role="status">{t('followup.outcomes.loading')}</p>}
      </div>
    );
  }

  const point = (months: number) => t('followup.point', { months });
  const countShare = (count: number, share: number) =>
    t('followup.outcomes.countShare', { count, share: formatShare(share) });
  const rows = data.points.map((p) => ({
    name: point(p.months),
    reached: Math.round(p.reachedShare * 1000) / 10,
    running: Math.round(p.businessRunningShare * 1000) / 10,
  }));
  const summary = data.points
    .map((p) =>
      t('followup.outcomes.chartPoint', {
        months: p.months,
        reached: formatShare(p.reachedShare),
        running: formatShare(p.businessRunningShare),
      }),
    )
    .join(' ');
  const highlights = data.points.filter((p) => p.months === 6 || p.months === 12);
  const income = data.incomeChange;
  const pointColumns: Column<OutcomePoint>[] = [
    { id: 'point', header: t('followup.outcomes.colPoint'), rowHeader: true, cell: (p) => point(p.months) },
    { id: 'due', header: t('followup.outcomes.colDue'), cell: (p) => p.due },
    {
      id: 'reached',
      header: t('followup.outcomes.colReached'),
      cell: (p) => <span data-testid={`fu-reached-${p.months}`}>{countShare(p.reached, p.reachedShare)}</span>,
    },
    {
      id: 'running',
      header: t('followup.outcomes.colRunning'),
      cell: (p) => countShare(p.businessRunning, p.businessRunningShare),
    },
  ];
  const incomeColumns: Column<IncomeChange>[] = [
    {
      id: 'change',
      header: t('followup.outcomes.colChange'),
      rowHeader: true,
      cell: (k) => t(`followup.outcomes.${k}`),
    },
    { id: 'count', header: t('followup.outcomes.colCount'), cell: (k) => income[k] },
  ];
  return (
    <div className="tab-content fu-outcomes">
      <h2>{t('followup.outcomes.title')}</h2>
      <ErrorAlert error={error} />
      <p className="hint">{t('followup.outcomes.intro')}</p>
      <p className="lead" data-testid="fu-graduates">
        {t('followup.outcomes.graduates', { count: data.graduates })}
      </p>
      {data.graduates === 0 ? (
        <p>{t('followup.outcomes.noGraduates')}</p>
      ) : (
        <>
          <div className="fu-chart" role="img" aria-label={t('followup.outcomes.chartLabel', { summary })}>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
                <YAxis
                  domain={[0, 100]}
                  ticks={[0, 25, 50, 75, 100]}
                  tickFormatter={(v: number) => `${v}%`}
                  tick={{ fontSize: 12 }}
                />
                <Tooltip formatter={(v) => `${String(v)}%`} />
                <Legend />
                <Bar
                  dataKey="reached"
                  name={t('followup.outcomes.reachedSeries')}
                  fill={COLOURS.reached}
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="running"
                  name={t('followup.outcomes.runningSeries')}
                  fill={COLOURS.running}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>

          <DataTable
            id="fu-outcomes"
            caption={t('followup.outcomes.tableCaption')}
            // One cohort's follow-up points (a fixed schedule of a few), answered whole: client mode.
            mode="client"
            columns={pointColumns}
            rows={data.points}
            rowKey={(p) => String(p.months)}
            tableClassName="fu-table fu-outcomes-table"
            empty={null}
          />

          {highlights.map((p) => (
            <p key={p.months}>
              {t('followup.outcomes.runningAt', {
                months: p.months,
                count: p.businessRunning,
                total: data.graduates,
                share: formatShare(p.businessRunningShare),
              })}
            </p>
          ))}

          <h3>{t('followup.outcomes.incomeTitle')}</h3>
          <p className="hint">{t('followup.outcomes.incomeIntro')}</p>
          <DataTable
            id="fu-income"
            caption={t('followup.outcomes.incomeCaption')}
            // Three rows, one per direction of change (up, same, down): client mode.
            mode="client"
            columns={incomeColumns}
            rows={INCOME_CHANGES}
            rowKey={(k) => k}
            tableClassName="fu-table fu-income-table"
            empty={null}
          />
        </>
      )}
    </div>
  );
}
