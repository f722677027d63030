// Field mode on the account pages: her own section (what this device holds, her registered devices, revoke one,
// turn field mode off here) and a head of section's list of a staff member's devices with revoke.
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { FieldDeviceView } from '../../../shared/field-api.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useApi } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../format.ts';
import { fieldOn, useField } from './FieldProvider.tsx';

export type DeviceArgs = { query: { accountId?: string } };

/** The devices of an account (hers, or a staff member's for a head of section), with "Cabut"; also on StaffDevices.tsx. */
export function DeviceTable({ args, hereId, caption }: { args: DeviceArgs; hereId: string | null; caption: string }) {
  const { t } = useTranslation();
  const list = useApi('GET /api/field/devices', args);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useVersionedMutation('POST /api/field/devices/:id/revoke', {
    labelOf: () => t('field.account.colStatus'),
    // The list is the record read again on a conflict: the device's status is what is compared.
    fieldsOf: (v) => {
      const items = (v as { items?: FieldDeviceView[] } | null)?.items;
      const d = items ? undefined : (v as FieldDeviceView | null);
      return d && typeof d === 'object' && 'status' in d ? { status: d.status } : {};
    },
  });

  const columns = useMemo<Column<FieldDeviceView>[]>(
    () => [
      {
        id: 'label',
        header: t('field.account.colLabel'),
        rowHeader: true,
        cell: (d) => (d.id === hereId ? `${d.label} (${t('field.account.thisDevice')})` : d.label),
      },
      { id: 'status', header: t('field.account.colStatus'), cell: (d) => t(`field.account.statuses.${d.status}`) },
      {
        id: 'contact',
        header: t('field.account.colContact'),
        cell: (d) => (d.lastContactAt ? formatDateTime(d.lastContactAt) : t('field.account.never')),
      },
      {
        id: 'held',
        header: t('field.account.colHeld'),
        cell: (d) => (d.held && d.status === 'ACTIVE' ? t('field.account.held', d.held) : t('common.none')),
      },
      { id: 'conflicts', header: t('field.account.colConflicts'), cell: (d) => d.openConflicts },
      {
        id: 'action',
        header: t('field.account.colAction'),
        cell: (d) =>
          d.status === 'ACTIVE' ? (
            <ConfirmAction
              label={t('field.account.revoke')}
              detail={d.label}
              question={t('field.account.revokeQuestion', { label: d.label })}
              confirmLabel={t('field.account.revokeConfirm')}
              busy={revoke.isPending}
              onConfirm={async () => {
                setError(null);
                setNotice(null);
                try {
                  const r = await revoke.save({
                    call: { params: { id: d.id }, body: {} },
                    base: d,
                    record: { key: 'GET /api/field/devices', args },
                  });
                  if (r.outcome === 'saved') setNotice(t('field.account.revoked'));
                } catch (err) {
                  setError(err);
                }
              }}
            />
          ) : (
            t('common.none')
          ),
      },
    ],
    [t, hereId, revoke, args],
  );

  return (
    <>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert error={error ?? list.error} />
      <DataTable
        id="field-devices"
        caption={caption}
        // One account's devices: at most three active and the few it had before, answered whole.
        mode="client"
        columns={columns}
        rows={list.data?.items}
        rowKey={(d) => d.id}
        loading={list.isPending}
        empty={<p>{t('field.account.devicesEmpty')}</p>}
      />
    </>
  );
}

/** Her own field mode, on her account page. */
export function FieldAccountSection() {
  const { t } = useTranslation();
  const field = useField();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const meta = field.meta;
  const on = fieldOn(field);
  const revoke = useVersionedMutation('POST /api/field/devices/:id/revoke', {});
  const mine = useApi('GET /api/field/devices', { query: {} });
  const args = useMemo<DeviceArgs>(() => ({ query: {} }), []);
  const hereDevice = mine.data?.items.find((d) => d.id === meta?.deviceId) ?? null;
  const waiting = field.sync?.waiting ?? field.outbox.length;

  async function turnOff() {
    setBusy(true);
    try {
      await field.eraseHere();
      if (hereDevice && hereDevice.status === 'ACTIVE')
        await revoke
          .save({
            call: { params: { id: hereDevice.id }, body: {} },
            base: hereDevice,
            record: { key: 'GET /api/field/devices', args },
          })
          .catch(() => undefined);
      setDone(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="field-account-title" className="field-account">
      <h2 id="field-account-title">{t('field.account.title')}</h2>
      <p>{t('field.account.intro')}</p>
      <h3>{t('field.account.here')}</h3>
      {done ? <StatusMessage tone="success">{t('field.account.turnedOff')}</StatusMessage> : null}
      {on && meta ? (
        <>
          <p>{meta.held ? t('field.account.hereOn', meta.held) : t('field.account.hereOnEmpty')}</p>
          <dl className="details">
            <div>
              <dt>{t('field.account.colLabel')}</dt>
              <dd>{meta.label}</dd>
            </div>
            <div>
              <dt>{t('field.account.lastSync')}</dt>
              <dd>{meta.lastSyncAt ? formatDateTime(meta.lastSyncAt) : t('field.account.never')}</dd>
            </div>
          </dl>
          <p>
            <Link href="/field">{t('field.setup.open')}</Link> · <Link href="/field/pin">{t('field.pin.link')}</Link>
          </p>
          {waiting > 0 ? (
            <p className="alert alert-info">{t('field.account.waitingWarning', { count: waiting })}</p>
          ) : null}
          <ConfirmAction
            label={t('field.account.turnOff')}
            question={t('field.account.turnOffQuestion')}
            confirmLabel={t('field.account.turnOffConfirm')}
            busy={busy}
            onConfirm={turnOff}
          />
        </>
      ) : (
        <>
          <p>{t('field.account.hereOff')}</p>
          <p>
            <Link href="/field/setup" className="button button-secondary">
              {t('field.account.turnOn')}
            </Link>
          </p>
        </>
      )}
      <h3>{t('field.account.devicesTitle')}</h3>
      <DeviceTable args={args} hereId={meta?.deviceId ?? null} caption={t('field.account.devicesTitle')} />
    </section>
  );
}

/** A staff member's devices, for a head of section on the staff page. */
export function StaffDevicesSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const args = useMemo<DeviceArgs>(() => ({ query: { accountId } }), [accountId]);
  return (
    <section aria-labelledby="staff-devices-title">
      <h2 id="staff-devices-title">{t('field.staff.title')}</h2>
      <p>{t('field.staff.intro')}</p>
      <DeviceTable args={args} hereId={null} caption={t('field.staff.title')} />
    </section>
  );
}
