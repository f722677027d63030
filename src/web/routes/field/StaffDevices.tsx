// A staff member's field devices, on a page of its own for her head of section: the work queue's "conflicts on a
// device" item opens it (the staff page itself is the administrator's). Her devices, their open conflicts, when each
// was last heard of, what each holds, and "Cabut" — the list and table of Devices.tsx.
import { useMemo } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { useApi } from '../../data/query.ts';
import { type DeviceArgs, DeviceTable } from './Devices.tsx';

export function StaffDevicesPage({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const args = useMemo<DeviceArgs>(() => ({ query: { accountId } }), [accountId]);
  // The same query as the table's: answered once.
  const list = useApi('GET /api/field/devices', args);
  const items = list.data?.items ?? [];
  const name = items[0]?.accountName;
  const title = name ? t('field.staffPage.title', { name }) : t('field.staff.title');
  usePageTitle(title);
  const conflicts = items.reduce((n, d) => n + d.openConflicts, 0);
  const lastContact =
    items
      .flatMap((d) => (d.lastContactAt ? [d.lastContactAt] : []))
      .sort()
      .at(-1) ?? null;

  return (
    <section aria-labelledby="staff-devices-page-title">
      <p className="breadcrumb">
        <Link href="/">{t('field.staffPage.back')}</Link>
      </p>
      <h1 id="staff-devices-page-title">{title}</h1>
      <p className="lead">{t('field.staff.intro')}</p>
      {list.data ? (
        <dl className="details">
          <div>
            <dt>{t('field.staffPage.openConflicts')}</dt>
            <dd>{conflicts}</dd>
          </div>
          <div>
            <dt>{t('field.staffPage.lastContact')}</dt>
            <dd>{lastContact ? formatDateTime(lastContact) : t('field.account.never')}</dd>
          </div>
        </dl>
      ) : null}
      <DeviceTable args={args} hereId={null} caption={t('field.staff.title')} />
    </section>
  );
}
