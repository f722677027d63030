// Bar charts for the report screens (recharts). Each chart is a figure named by its caption; the picture
// itself is one image with that name, because every figure in it is also in a table next to it. Hidden
// figures ("<5", "x") are not drawn. No animation, no hover-only information.
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { formatRupiah } from '../programme/shared.ts';

export interface ChartSeries {
  key: string;
  name: string;
  colour: string;
}

export type ChartRow = { label: string } & Record<string, string | number | null>;

/** Colours with at least 3:1 contrast against the white background. */
export const CHART_COLOURS = { primary: '#0b5d4b', secondary: '#1d4f91', warn: '#7a4a00' } as const;

export function BarFigure({
  id,
  caption,
  rows,
  series,
  format = (v: number) => new Intl.NumberFormat(currentLocale()).format(v),
  note,
  max,
}: {
  id: string;
  caption: string;
  rows: ChartRow[];
  series: ChartSeries[];
  format?: (v: number) => string;
  /** Said under the chart (e.g. that hidden figures are not drawn). */
  note?: string;
  /** A fixed end of the value axis (e.g. 100 for percentages). */
  max?: number;
}) {
  const height = Math.max(120, rows.length * (series.length > 1 ? 56 : 38) + (series.length > 1 ? 70 : 40));
  const label = (v: unknown) => (typeof v === 'number' ? format(v) : '');
  return (
    <figure className="report-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <div className="report-chart-box" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 64, bottom: 4, left: 4 }}
            accessibilityLayer={false}
            role="img"
            aria-label={caption}
          >
            <CartesianGrid horizontal={false} stroke="#c9d1d6" />
            <XAxis
              type="number"
              domain={[0, max ?? 'auto']}
              tickFormatter={label}
              tick={{ fontSize: 12, fill: '#1b1f23' }}
              allowDecimals={false}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={140}
              tick={{ fontSize: 12, fill: '#1b1f23' }}
              interval={0}
              tickFormatter={(v: unknown) => String(v).replace(/\//g, '/ ')}
            />
            {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 13 }} /> : null}
            {series.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                fill={s.colour}
                isAnimationActive={false}
                barSize={series.length > 1 ? 14 : 20}
              >
                <LabelList
                  dataKey={s.key}
                  position="right"
                  formatter={label}
                  style={{ fontSize: 12, fill: '#1b1f23' }}
                />
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {note ? <p className="note report-chart-note">{note}</p> : null}
    </figure>
  );
}

/** Planned against realised spending per programme: the budget figure of the dashboard and the annual report. */
export function BudgetBars({
  id,
  caption,
  budget,
}: {
  id: string;
  caption: string;
  budget: { programme: string; planned: number; realised: number }[];
}) {
  const { t } = useTranslation();
  return (
    <BarFigure
      id={id}
      caption={caption}
      rows={budget.map((b) => ({ label: b.programme, planned: b.planned, realised: b.realised }))}
      series={[
        { key: 'planned', name: t('report.annual.colPlanned'), colour: CHART_COLOURS.secondary },
        { key: 'realised', name: t('report.annual.colRealised'), colour: CHART_COLOURS.primary },
      ]}
      format={(v) => formatRupiah(v)}
    />
  );
}
