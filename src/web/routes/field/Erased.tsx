// What the device says after its field cache was erased (sign-out, five wrong PINs, expiry, revoked, turned off).
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { FieldEraseReason } from '../../../shared/field-api.ts';

/** Why the cache is gone, and that what was not sent went with it (also on the sign-in page it leads to). */
export function ErasedAlert({ reason }: { reason: FieldEraseReason | null }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info" role="alert">
      <p>{reason ? t(`field.erased.reasons.${reason}`) : t('field.erased.unknown')}</p>
      {reason === 'turned_off' || reason === 'sign_out' ? null : <p>{t('field.erased.lost')}</p>}
    </div>
  );
}

export function ErasedNotice({ reason }: { reason: FieldEraseReason | null }) {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{t('field.erased.title')}</h1>
      <ErasedAlert reason={reason} />
      <p>
        <Link href="/sign-in">{t('field.erased.signIn')}</Link>
      </p>
    </section>
  );
}
