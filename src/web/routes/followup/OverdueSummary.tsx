// The head of section's overdue follow-ups per caseworker and region, on the follow-up worklist: a short list
// (one row per caseworker and region of her scope) ordered on the screen, its order in the address. A lazy part
// of the worklist (see Worklist.tsx).
import { useTranslation } from 'react-i18next';
import { regionName } from '../../../shared/regions.ts';
import type { Reply } from '../../data/client.ts';
import { codeParam, useUrlState } from '../../data/url-state.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';

type SummaryRow = NonNullable<Reply<'GET /api/follow-ups'>['overdueByAssignee']>[number];
/** The summary's order in the address (names are never there: only the column and its direction). */
const SUMMARY_URL = {
  sort: codeParam(['assignee', '-assignee', 'region', '-region', 'overdue', '-overdue'], '-overdue'),
};

export function OverdueSummary({ rows }: { rows: readonly SummaryRow[] }) {
  const { t } = useTranslation();
  const [url, setUrl] = useUrlState(SUMMARY_URL);
  const columns: Column<SummaryRow>[] = [
    {
      id: 'assignee',
      header: t('followup.worklist.colAssignee'),
      rowHeader: true,
      sort: (r) => r.assignee?.toLocaleLowerCase('id'),
      cell: (r) => r.assignee ?? t('followup.worklist.unassigned'),
    },
    {
      id: 'region',
      header: t('followup.worklist.colRegion'),
      sort: (r) => regionName(r.regionCode),
      cell: (r) => regionName(r.regionCode),
    },
    {
      id: 'overdue',
      header: t('followup.worklist.colOverdue'),
      sort: (r) => r.overdue,
      descFirst: true,
      cell: (r) => r.overdue,
    },
  ];
  return (
    <section aria-labelledby="fu-summary-title">
      <h2 id="fu-summary-title">{t('followup.worklist.summaryTitle')}</h2>
      <DataTable
        id="fu-summary"
        caption={t('followup.worklist.summaryTitle')}
        // One row per caseworker and region of the asker's scope: a short list, ordered here.
        mode="client"
        columns={columns}
        rows={rows}
        rowKey={(r) => `${r.assignee ?? ''}|${r.regionCode}`}
        tableClassName="fu-table"
        sort={url.sort}
        onSort={(sort) => setUrl({ sort: sort as typeof url.sort })}
        empty={<p>{t('followup.worklist.summaryEmpty')}</p>}
      />
    </section>
  );
}
