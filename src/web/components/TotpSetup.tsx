// The authenticator set-up block shared by first-admin setup and 2FA enrolment: QR code, the key as text
// for typing by hand, and the field for the code that proves the app was set up (the form's `totp`, inside a
// <SchemaForm>).
import { useTranslation } from 'react-i18next';
import type { Reply } from '../data/client.ts';
import { TextInput } from '../forms/fields.tsx';

/** The new secret: as text, as an otpauth:// address and as its QR code. */
export type MfaChallenge = Reply<'POST /api/auth/mfa/enrol'>;

/** "JBSW Y3DP EHPK 3PXP": groups of four are easier to type from a screen. */
export const groupSecret = (s: string) => s.match(/.{1,4}/g)?.join(' ') ?? s;

const noSpaces = (v: string) => v.replace(/\s+/g, '');

export function TotpSetup({ challenge, idPrefix }: { challenge: MfaChallenge; idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <div className="totp-setup">
      <p>{t('totp.steps')}</p>
      <img className="qr" src={challenge.qrDataUrl} alt={t('totp.qrAlt')} width={240} height={240} />
      <p className="secret-label" id={`${idPrefix}-secret-label`}>
        {t('totp.secret')}
      </p>
      <p>
        <code className="secret" data-testid="totp-secret" aria-describedby={`${idPrefix}-secret-label`}>
          {groupSecret(challenge.secret)}
        </code>
      </p>
      <TextInput
        name="totp"
        id={`${idPrefix}-code`}
        label={t('totp.code')}
        hint={t('totp.codeHint')}
        transform={noSpaces}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        required
        className="field-code"
      />
    </div>
  );
}
