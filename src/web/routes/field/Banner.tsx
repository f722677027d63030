// The field banner, on every page while field mode is on: offline or not, what waits to be sent, the conflicts
// (a link to them), the last sync. One short line on a 360 px phone.
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { fieldOn, useField } from './FieldProvider.tsx';
import { shortTime } from './time.ts';

export function FieldBanner() {
  const { t } = useTranslation();
  const field = useField();
  if (!fieldOn(field)) return null;
  const sync = field.sync;
  const offline = sync ? !sync.online : typeof navigator !== 'undefined' && navigator.onLine === false;
  const lastSync = sync?.lastSyncAt ?? field.meta?.lastSyncAt ?? null;
  return (
    <div className={`field-banner${offline ? ' field-banner-offline' : ''}`} role="status">
      <span className="visually-hidden">{t('field.banner.label')}: </span>
      {field.status === 'locked' ? <span className="field-banner-item">{t('field.banner.locked')}</span> : null}
      {offline ? <strong className="field-banner-item">{t('field.banner.offline')}</strong> : null}
      {sync && sync.waiting > 0 ? (
        <span className="field-banner-item">{t('field.banner.waiting', { count: sync.waiting })}</span>
      ) : null}
      {sync && sync.conflicts > 0 ? (
        <Link href="/field/conflicts" className="field-banner-item field-banner-conflicts">
          {t('field.banner.conflicts', { count: sync.conflicts })}
        </Link>
      ) : null}
      <span className="field-banner-item">
        {sync?.syncing
          ? t('field.banner.syncing')
          : lastSync
            ? t('field.banner.lastSync', { time: shortTime(lastSync) })
            : t('field.banner.neverSynced')}
      </span>
    </div>
  );
}
