// The annual report (laporan tahunan): year and region pickers, each section as a table with a bar chart,
// downloads (XLSX, PDF) for inside the office or for sharing outside it (share=external: small counts
// hidden with the external threshold), the narrative for the head of section, and, for staff who may see
// identities, the identified participant list with a stated reason. The year defaults to the last full
// year: an annual report is read for a closed year; the current year can be picked too.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { identifiedReason, narrativeBody, type reportCell } from '../../../shared/report-api.ts';
import { z } from 'zod';
import { useSession, useUser } from '../../session.tsx';
import { SelectField } from '../../components/Field.tsx';
import { fileUrl, type QueryOf, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { TextAreaInput, TextInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { todayInOffice } from '../../format.ts';
import { userKabKota } from '../../labels.ts';
import { currentLocale } from '../../i18n/index.ts';
import { formatPercent, formatRupiah, pLabel } from '../programme/shared.ts';
import { BarFigure, BudgetBars, CHART_COLOURS } from './charts.tsx';

const FIRST_YEAR = 2015;

/** A published figure: a number in the user's digits, or the server's "<5" / "x" as given. */
type AnnualReport = Reply<'GET /api/reports/annual'>;
/** A figure as published: a count, or its label when it is hidden ("<5"). */
type ReportCell = z.output<typeof reportCell>;

export function cellText(v: ReportCell | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? new Intl.NumberFormat(currentLocale()).format(v) : v;
}
const money = (v: ReportCell | null) => (typeof v === 'number' ? formatRupiah(v) : cellText(v));
const rate = (v: number | string | null) => (typeof v === 'number' ? formatPercent(v) : cellText(v));
const drawn = (v: ReportCell) => (typeof v === 'number' ? v : null);

/** "Maret 2019" from "2019-03". */
function monthText(ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m) return ym;
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)),
  );
}

function funnelLabel(col: string, t: TFunction): string {
  const known = ['outreach', 'prospects', 'registered', 'assessed', 'enrolled', 'graduated'] as const;
  const k = known.find((x) => x === col);
  return k ? t(`report.funnel.${k}`) : col;
}

/**
 * What of the year was entered late (a paper backlog), counted by the day it happened: said beside the figures,
 * as the papers print it, for the office only (a report shared outside the office carries none).
 */
function LateEntryNote({ report }: { report: AnnualReport }) {
  const { t } = useTranslation();
  const l = report.lateEntries;
  if (!l || l.registered + l.assessed + l.enrolled === 0) return null;
  return (
    <aside className="alert alert-info" aria-labelledby="rep-late">
      <h3 id="rep-late">{t('report.annual.lateTitle')}</h3>
      <p>{t('report.annual.lateNote', l)}</p>
    </aside>
  );
}

function Sections({ report }: { report: AnnualReport }) {
  const { t } = useTranslation();
  const year = report.year;
  const hiddenNote = report.deidentified
    ? t('report.common.hiddenNotDrawn', { threshold: report.threshold ?? 5 })
    : undefined;
  const cols = report.funnel.columns;
  return (
    <>
      <section aria-labelledby="rep-funnel">
        <h2 id="rep-funnel">{t('report.annual.funnelTitle')}</h2>
        <BarFigure
          id="chart-funnel"
          caption={t('report.annual.funnelChart', { year })}
          rows={cols.map((c, i) => ({ label: funnelLabel(c, t), value: drawn(report.funnel.totals[i] ?? 0) }))}
          series={[{ key: 'value', name: t('report.common.total'), colour: CHART_COLOURS.primary }]}
          note={hiddenNote}
        />
        <LateEntryNote report={report} />
        <h3>{t('report.annual.funnelByRegion')}</h3>
        <table className="data-table report-table">
          <thead>
            <tr>
              <th scope="col">{t('report.common.region')}</th>
              {cols.map((c) => (
                <th scope="col" key={c} className="num">
                  {funnelLabel(c, t)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.funnel.rows.map((r) => (
              <tr key={r.regionCode}>
                <th scope="row">{r.regionName}</th>
                {r.values.map((v, i) => (
                  <td key={cols[i]} className="num" data-label={funnelLabel(cols[i] ?? '', t)}>
                    {cellText(v)}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="report-total">
              <th scope="row">{t('report.common.total')}</th>
              {report.funnel.totals.map((v, i) => (
                <td key={cols[i]} className="num" data-label={funnelLabel(cols[i] ?? '', t)}>
                  {cellText(v)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="rep-cohorts">
        <h2 id="rep-cohorts">{t('report.annual.cohortsTitle')}</h2>
        {report.cohorts.length === 0 ? (
          <p>{t('report.annual.noCohorts')}</p>
        ) : (
          <table className="data-table report-table">
            <thead>
              <tr>
                <th scope="col">{t('report.annual.colCohort')}</th>
                <th scope="col">{t('report.common.region')}</th>
                <th scope="col">{t('report.annual.colStart')}</th>
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
              {report.cohorts.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the aggregate report carries no cohort ids and names may repeat; a read-only table replaced whole on each load
                <tr key={`${c.name}-${i}`}>
                  <th scope="row">{c.name}</th>
                  <td data-label={t('report.common.region')}>
                    {report.funnel.rows.find((r) => r.regionCode === c.regionCode)?.regionName ?? c.regionCode}
                  </td>
                  <td data-label={t('report.annual.colStart')}>{monthText(c.startMonth)}</td>
                  <td className="num" data-label={t('report.annual.colEnrolled')}>
                    {cellText(c.enrolled)}
                  </td>
                  <td className="num" data-label={t('report.annual.colGraduated')}>
                    {cellText(c.graduated)}
                  </td>
                  <td className="num" data-label={t('report.annual.colAttendance')}>
                    {rate(c.attendanceRate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="rep-attendance">
        <h2 id="rep-attendance">{t('report.annual.attendanceTitle')}</h2>
        {report.attendanceByType.length === 0 ? (
          <p>{t('report.annual.noAttendance')}</p>
        ) : (
          <>
            <BarFigure
              id="chart-attendance"
              caption={t('report.annual.attendanceChart', { year })}
              rows={report.attendanceByType.map((a) => ({
                label: pLabel('sessionTypes', a.type, t),
                value: a.attendanceRate === null ? null : Math.round(a.attendanceRate * 1000) / 10,
              }))}
              series={[{ key: 'value', name: t('report.annual.colAttendance'), colour: CHART_COLOURS.primary }]}
              format={(v) => `${new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 }).format(v)}%`}
              max={100}
            />
            <table className="data-table report-table">
              <thead>
                <tr>
                  <th scope="col">{t('report.annual.colType')}</th>
                  <th scope="col" className="num">
                    {t('report.annual.colSessions')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.annual.colAttendance')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.attendanceByType.map((a) => (
                  <tr key={a.type}>
                    <th scope="row">{pLabel('sessionTypes', a.type, t)}</th>
                    <td className="num" data-label={t('report.annual.colSessions')}>
                      {cellText(a.sessions)}
                    </td>
                    <td className="num" data-label={t('report.annual.colAttendance')}>
                      {rate(a.attendanceRate)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="rep-partners">
        <h2 id="rep-partners">{t('report.annual.partnersTitle')}</h2>
        {report.partners.length === 0 ? (
          <p>{t('report.annual.noPartners')}</p>
        ) : (
          <table className="data-table report-table">
            <caption className="visually-hidden">{t('report.annual.partnersIntro')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.annual.colPartner')}</th>
                <th scope="col" className="num">
                  {t('report.annual.colSessions')}
                </th>
                <th scope="col" className="num">
                  {t('report.annual.colHours')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.partners.map((p) => (
                <tr key={p.name}>
                  <th scope="row">{p.name}</th>
                  <td className="num" data-label={t('report.annual.colSessions')}>
                    {cellText(p.sessions)}
                  </td>
                  <td className="num" data-label={t('report.annual.colHours')}>
                    {new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 2 }).format(p.hours)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="rep-aid">
        <h2 id="rep-aid">{t('report.annual.aidTitle')}</h2>
        <table className="data-table report-table">
          <thead>
            <tr>
              <th scope="col">{t('report.common.region')}</th>
              <th scope="col" className="num">
                {t('report.annual.colKits')}
              </th>
              <th scope="col" className="num">
                {t('report.annual.colValue')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.aid.rows.map((a) => (
              <tr key={a.regionCode}>
                <th scope="row">{a.regionName}</th>
                <td className="num" data-label={t('report.annual.colKits')}>
                  {cellText(a.kits)}
                </td>
                <td className="num" data-label={t('report.annual.colValue')}>
                  {money(a.value)}
                </td>
              </tr>
            ))}
            <tr className="report-total">
              <th scope="row">{t('report.common.total')}</th>
              <td className="num" data-label={t('report.annual.colKits')}>
                {cellText(report.aid.totals.kits)}
              </td>
              <td className="num" data-label={t('report.annual.colValue')}>
                {money(report.aid.totals.value)}
              </td>
            </tr>
          </tbody>
        </table>
        <h3 id="rep-equipment">{t('report.annual.equipmentTitle')}</h3>
        <p className="hint">{t('report.annual.equipmentIntro')}</p>
        <table className="data-table report-table" aria-labelledby="rep-equipment" data-testid="report-equipment">
          <thead>
            <tr>
              <th scope="col">{t('report.annual.colEquipment')}</th>
              <th scope="col" className="num">
                {t('report.annual.colKits')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.aid.equipmentUse.rows.map((u) => (
              <tr key={u.status}>
                <th scope="row">{t(`report.annual.equipmentUses.${u.status}`)}</th>
                <td className="num" data-label={t('report.annual.colKits')}>
                  {cellText(u.count)}
                </td>
              </tr>
            ))}
            <tr className="report-total">
              <th scope="row">{t('report.common.total')}</th>
              <td className="num" data-label={t('report.annual.colKits')}>
                {cellText(report.aid.equipmentUse.total)}
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      {report.budget.length > 0 ? (
        <section aria-labelledby="rep-budget">
          <h2 id="rep-budget">{t('report.annual.budgetTitle')}</h2>
          <BudgetBars id="chart-budget" caption={t('report.annual.budgetChart', { year })} budget={report.budget} />
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
                <th scope="col" className="num">
                  {t('report.annual.colGraduates')}
                </th>
                <th scope="col" className="num">
                  {t('report.annual.colCostPerGraduate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.budget.map((b) => (
                <tr key={b.programme}>
                  <th scope="row">{b.programme}</th>
                  <td className="num" data-label={t('report.annual.colCeiling')}>
                    {formatRupiah(b.ceiling)}
                  </td>
                  <td className="num" data-label={t('report.annual.colPlanned')}>
                    {formatRupiah(b.planned)}
                  </td>
                  <td className="num" data-label={t('report.annual.colRealised')}>
                    {formatRupiah(b.realised)}
                  </td>
                  <td className="num" data-label={t('report.annual.colGraduates')}>
                    {cellText(b.graduates)}
                  </td>
                  <td className="num" data-label={t('report.annual.colCostPerGraduate')}>
                    {money(b.costPerGraduate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="rep-followup">
        <h2 id="rep-followup">{t('report.annual.followUpTitle')}</h2>
        {report.followUp.length === 0 ? (
          <p>{t('report.annual.noFollowUp')}</p>
        ) : (
          <table className="data-table report-table">
            <thead>
              <tr>
                <th scope="col">{t('report.annual.colMonths')}</th>
                <th scope="col" className="num">
                  {t('report.annual.colDue')}
                </th>
                <th scope="col" className="num">
                  {t('report.annual.colReached')}
                </th>
                <th scope="col" className="num">
                  {t('report.annual.colRunning')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.followUp.map((f) => (
                <tr key={f.months}>
                  <th scope="row">{f.months}</th>
                  <td className="num" data-label={t('report.annual.colDue')}>
                    {cellText(f.due)}
                  </td>
                  <td className="num" data-label={t('report.annual.colReached')}>
                    {cellText(f.reached)}
                  </td>
                  <td className="num" data-label={t('report.annual.colRunning')}>
                    {cellText(f.businessRunning)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** The narrative's form: its text (the year and region are the report's). */
const narrativeForm = narrativeBody.pick({ text: true });

/** The narrative: read by everyone, written by the head of section (report.narrative) for this year and region. */
function Narrative({ year, region, text }: { year: number; region: string; text: string | null }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // The report of every share and region of the year shows it: all are read again once it is saved.
  const save = useApiMutation('PUT /api/reports/annual/narrative');
  const form = useSchemaForm(narrativeForm, {
    defaultValues: { text: text ?? '' },
    messages: { text: t('report.annual.narrativeRequired') },
  });
  // The form shows the report's text: another year's or region's, or the one just saved as read back.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the text of the report shown
  useEffect(() => form.reset({ text: text ?? '' }), [text]);
  // Another year or region: no "saved" notice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the notice is cleared when another year or region is shown
  useEffect(() => setSaved(false), [year, region]);

  return (
    <section aria-labelledby="rep-narrative">
      <h2 id="rep-narrative">{t('report.annual.narrativeTitle')}</h2>
      {can('report.narrative') ? (
        <SchemaForm
          form={form}
          className="form"
          pending={save.isPending}
          onError={setError}
          onSubmit={async (values) => {
            setSaved(false);
            await save.mutateAsync({ body: { year, ...(region ? { region } : {}), text: values.text } });
            setSaved(true);
          }}
        >
          <TextAreaInput
            name="text"
            control={form.control}
            id="narrative"
            label={t('report.annual.narrativeLabel')}
            hint={t('report.annual.narrativeHint')}
            rows={6}
            maxLength={20_000}
          />
          <ErrorAlert error={error} />
          {saved ? <StatusMessage tone="success">{t('report.annual.narrativeSaved')}</StatusMessage> : null}
          <div className="button-row">
            <SubmitButton busyLabel={t('common.saving')}>{t('report.annual.narrativeSave')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : text ? (
        <p className="prewrap">{text}</p>
      ) : (
        <p>{t('report.annual.narrativeEmpty')}</p>
      )}
    </section>
  );
}

/** The identified list's reason (the server's own rule, from the shared schema). */
const identifiedForm = z.object({ reason: identifiedReason });

/** The identified list: a reason of at least 10 characters, then a download. */
function IdentifiedList({ region }: { region: string }) {
  const { t } = useTranslation();
  const [started, setStarted] = useState(false);
  const form = useSchemaForm(identifiedForm, {
    defaultValues: { reason: '' },
    messages: { reason: t('report.identified.reasonError') },
  });

  function submit({ reason }: z.output<typeof identifiedForm>) {
    setStarted(false);
    // A plain download, as the other files: the session cookie goes with it, the server sends an attachment. The
    // reason travels in the address of this one download (server logs drop queries).
    const a = document.createElement('a');
    a.href = fileUrl('GET /api/reports/participants.xlsx', undefined, { reason, ...(region ? { region } : {}) });
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setStarted(true);
  }

  return (
    <section aria-labelledby="rep-identified" className="panel report-identified">
      <h2 id="rep-identified">{t('report.identified.title')}</h2>
      <p>{t('report.identified.intro')}</p>
      <SchemaForm form={form} className="form" onSubmit={submit}>
        <TextInput
          name="reason"
          control={form.control}
          id="identified-reason"
          label={t('report.identified.reason')}
          hint={t('report.identified.reasonHint')}
          maxLength={300}
          autoComplete="off"
        />
        <div className="button-row">
          <SubmitButton className="button button-secondary" busyLabel={t('report.identified.download')}>
            {t('report.identified.download')}
          </SubmitButton>
        </div>
        {started ? <StatusMessage>{t('report.identified.started')}</StatusMessage> : null}
      </SchemaForm>
    </section>
  );
}

export function ReportsPage(_props: { id?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('report.annual.title'));
  const me = useUser();
  const { can } = useSession();
  const thisYear = Number(todayInOffice().slice(0, 4));
  const [year, setYear] = useState(thisYear - 1);
  const [region, setRegion] = useState('');
  const [external, setExternal] = useState(false);
  const externalId = useId();
  const regions = userKabKota(me.regions);
  const provinceWide = me.regions.includes(me.regions[0]?.slice(0, 2) ?? '');
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  // De-identified figures always cover the whole scope, suppressed together (a region on its own could be
  // subtracted from the whole): the region picker is for figures as counted only.
  const wholeScope = external || !can('report.identified');
  const chosen = wholeScope ? undefined : region || undefined;
  const query: QueryOf<'GET /api/reports/annual'> = {
    year,
    ...(chosen ? { region: chosen } : {}),
    ...(external ? { share: 'external' as const } : {}),
  };
  // Another year, region or share is another report: the loading line shows until it comes, never the last one.
  const { data: report, error } = useApi('GET /api/reports/annual', { query });

  return (
    <section className="report-page">
      <h1>{t('report.annual.title')}</h1>
      <p>{t('report.annual.intro')}</p>

      <form
        className="filters report-filters"
        aria-label={t('report.annual.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          id="report-year"
          label={t('report.annual.year')}
          hint={t('report.annual.yearHint', { year: thisYear - 1 })}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="report-region"
          label={t('report.annual.region')}
          hint={wholeScope ? t('report.annual.regionWholeScope') : undefined}
          disabled={wholeScope}
          value={wholeScope ? '' : region}
          onChange={(e) => setRegion(e.currentTarget.value)}
        >
          <option value="">{provinceWide ? t('report.annual.province') : t('report.annual.allMine')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label className="checkbox" htmlFor={externalId}>
            <input
              id={externalId}
              type="checkbox"
              checked={external}
              aria-describedby={`${externalId}-hint`}
              onChange={(e) => setExternal(e.currentTarget.checked)}
            />
            <span>{t('report.annual.external')}</span>
          </label>
          <p id={`${externalId}-hint`} className="hint">
            {t('report.annual.externalHint')}
          </p>
        </div>
      </form>

      <section aria-labelledby="rep-downloads" className="report-downloads">
        <h2 id="rep-downloads">{t('report.annual.downloads')}</h2>
        {report ? (
          <p className="note">
            {report.deidentified
              ? t('report.annual.deidentified', { max: (report.threshold ?? 5) - 1, threshold: report.threshold ?? 5 })
              : t('report.annual.internal')}
          </p>
        ) : null}
        {report?.deidentified && report.suppression ? (
          <p className="note" data-testid="report-hidden-count">
            {report.suppression.hidden === 0
              ? t('report.annual.hiddenNone')
              : t('report.annual.hiddenCount', {
                  hidden: report.suppression.hidden,
                  small: report.suppression.small,
                  complementary: report.suppression.complementary,
                  threshold: report.threshold ?? 5,
                })}
          </p>
        ) : null}
        <div className="button-row">
          <a
            className="button button-primary"
            href={fileUrl('GET /api/reports/annual.xlsx', undefined, query)}
            download
          >
            {t('report.annual.xlsx')}
          </a>
          <a
            className="button button-secondary"
            href={fileUrl('GET /api/reports/annual.pdf', undefined, query)}
            download
          >
            {t('report.annual.pdf')}
          </a>
        </div>
        <p className="hint">{t('report.annual.downloadNote')}</p>
      </section>

      <ErrorAlert error={error} />
      {!report && !error ? (
        <p className="loading" role="status">
          {t('report.common.loading')}
        </p>
      ) : null}
      {report ? (
        <>
          <Sections report={report} />
          <Narrative year={year} region={region} text={report.narrative} />
        </>
      ) : null}

      {can('report.identified') ? <IdentifiedList region={region} /> : null}
    </section>
  );
}
