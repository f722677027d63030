// The user's own account: who they are, password change, two-factor status, and field mode on her devices.
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useSession, useUser } from '../session.tsx';
import { regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { FieldAccountSection } from './field/Devices.tsx';

export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  const user = useUser();
  const { can } = useSession();
  return (
    <section className="narrow">
      <h1>{t('account.title')}</h1>
      <dl className="details">
        <div>
          <dt>{t('account.username')}</dt>
          <dd>{user.username}</dd>
        </div>
        <div>
          <dt>{t('account.name')}</dt>
          <dd>{user.name ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('account.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
        </div>
        <div>
          <dt>{t('account.regions')}</dt>
          <dd>{regionList(user.regions)}</dd>
        </div>
        <div>
          <dt>{t('account.mfa')}</dt>
          <dd>{user.mfaEnabled ? t('account.mfaActive') : t('status.mfaOff')}</dd>
        </div>
      </dl>
      <div className="button-row">
        <Link href="/account/password" className="button button-secondary">
          {t('account.changePassword')}
        </Link>
        {user.mfaEnabled ? null : (
          <Link href="/account/2fa" className="button button-secondary">
            {t('account.enableMfa')}
          </Link>
        )}
      </div>
      {can('field.use') ? <FieldAccountSection /> : null}
    </section>
  );
}
