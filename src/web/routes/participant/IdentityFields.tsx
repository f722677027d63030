// Her identity's fields and the facts of her case (category, referral, basis of participation), drawn once for
// the registration and for the edit of her profile. Inside a schema form whose values carry `identity` as the
// shared identity schema does (`identity.fullName` …) and the case's fields at the top level; the names are
// checked against those shapes. Registration marks what is optional and asks for what is required; her profile
// shows only the fields the user may see and names its controls `edit-…`.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { CATEGORIES, NO_NIK_REASONS, PARTICIPATION_BASES, REFERRAL_SOURCES, SEXES } from '../../../shared/codes.ts';
import type { identityInput, participantUpdateBody } from '../../../shared/participants-api.ts';
import { DateField, PhoneField, RadioGroupInput, SelectInput, TextInput } from '../../forms/fields.tsx';
import { categoryLabel, codeOptions } from '../../labels.ts';

export type IdentityField = keyof z.input<typeof identityInput>;
/** The form's shape these fields are named by: the identity as the shared schema has it, and the case's fields. */
type Shape = { identity: Partial<z.input<typeof identityInput>> } & Pick<
  z.input<typeof participantUpdateBody>,
  'category' | 'referralSource' | 'participationBasis'
>;

/** The wording of the identity fields' generic problems (the phone's are worded by its field). */
export function identityMessages(t: TFunction) {
  const invalid = (k: Exclude<IdentityField, 'phone'>) => t(`participantNew.invalid.${k}`);
  return {
    'identity.fullName': invalid('fullName'),
    'identity.preferredName': invalid('preferredName'),
    'identity.nik': invalid('nik'),
    'identity.noNikReason': invalid('noNikReason'),
    'identity.birthDate': invalid('birthDate'),
    'identity.sex': invalid('sex'),
    'identity.address': invalid('address'),
    'identity.emergencyContact': invalid('emergencyContact'),
  };
}

export function IdentityFields({
  idPrefix = '',
  registering = false,
  shows = () => true,
  nikLabel,
  nikChoice,
  nikShown,
  noNikReasonShown,
}: {
  /** Before each control's id ('' on registration, 'edit-' on her profile): labels and tests find them by it. */
  idPrefix?: string;
  /** Registration: optional fields say so, required ones are marked, the full name explains itself. */
  registering?: boolean;
  /** The fields this user may see (her profile); all of them by default. */
  shows?(field: IdentityField): boolean;
  /** The NIK's label: "NIK" on registration; a new one, or one added, on her profile. */
  nikLabel: string;
  /** Before the NIK: registration's choice between her NIK and the reason she has none. */
  nikChoice?: ReactNode;
  nikShown: boolean;
  noNikReasonShown: boolean;
}) {
  const { t } = useTranslation();
  const optional = (label: string) => (registering ? `${label} ${t('common.optional')}` : label);
  return (
    <>
      {shows('fullName') ? (
        <TextInput<Shape>
          name="identity.fullName"
          id={`${idPrefix}fullName`}
          label={t('participantNew.fullName')}
          hint={registering ? t('participantNew.fullNameHint') : undefined}
          autoComplete="off"
          maxLength={150}
          required={registering}
        />
      ) : null}
      {shows('preferredName') ? (
        <TextInput<Shape>
          name="identity.preferredName"
          id={`${idPrefix}preferredName`}
          label={optional(t('participantNew.preferredName'))}
          hint={t('participantNew.preferredNameHint')}
          autoComplete="off"
          maxLength={60}
        />
      ) : null}
      {nikChoice}
      {nikShown ? (
        <TextInput<Shape>
          name="identity.nik"
          id={`${idPrefix}nik`}
          label={nikLabel}
          hint={t('participantNew.nikHint')}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          className="field-nik"
        />
      ) : null}
      {noNikReasonShown ? (
        <SelectInput<Shape>
          name="identity.noNikReason"
          id={`${idPrefix}noNikReason`}
          label={t('participantNew.noNikReason')}
        >
          <option value="">{t('participantNew.chooseReason')}</option>
          {codeOptions('noNikReasons', NO_NIK_REASONS, t).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectInput>
      ) : null}
      {shows('birthDate') ? (
        <DateField<Shape>
          name="identity.birthDate"
          id={`${idPrefix}birthDate`}
          label={t('participantNew.birthDate')}
          required={registering}
        />
      ) : null}
      {shows('sex') ? (
        <RadioGroupInput<Shape>
          name="identity.sex"
          id={`${idPrefix}sex`}
          legend={t('participantNew.sex')}
          options={codeOptions('sexes', SEXES, t)}
        />
      ) : null}
      {shows('address') ? (
        <TextInput<Shape>
          name="identity.address"
          id={`${idPrefix}address`}
          label={optional(t('participantNew.address'))}
          autoComplete="off"
          maxLength={300}
        />
      ) : null}
      {shows('phone') ? (
        <PhoneField<Shape>
          name="identity.phone"
          id={`${idPrefix}phone`}
          label={optional(t('participantNew.phone'))}
          hint={t('participantNew.phoneHint')}
          autoComplete="off"
          maxLength={registering ? 20 : undefined}
        />
      ) : null}
      {shows('emergencyContact') ? (
        <TextInput<Shape>
          name="identity.emergencyContact"
          id={`${idPrefix}emergencyContact`}
          label={optional(t('participantNew.emergencyContact'))}
          autoComplete="off"
          maxLength={200}
        />
      ) : null}
    </>
  );
}

/** The facts of her case: her category, who referred her (if anyone) and on what basis she takes part. */
export function CaseFields({ idPrefix = '', registering = false }: { idPrefix?: string; registering?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <SelectInput<Shape>
        name="category"
        id={`${idPrefix}category`}
        label={t('participantNew.category')}
        required={registering}
      >
        {registering ? <option value="">{t('participantNew.chooseCategory')}</option> : null}
        {CATEGORIES.map((c) => (
          <option key={c.code} value={c.code}>
            {categoryLabel(c.code)}
          </option>
        ))}
      </SelectInput>
      <SelectInput<Shape>
        name="referralSource"
        id={`${idPrefix}referralSource`}
        label={
          registering
            ? `${t('participantNew.referralSource')} ${t('common.optional')}`
            : t('participantNew.referralSource')
        }
        // Her profile clears it with null; a registration leaves it out.
        emptyValue={registering ? undefined : null}
      >
        <option value="">{t('participantNew.noReferral')}</option>
        {codeOptions('referralSources', REFERRAL_SOURCES, t).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectInput>
      <SelectInput<Shape>
        name="participationBasis"
        id={`${idPrefix}participationBasis`}
        label={t('participantNew.participationBasis')}
      >
        {codeOptions('participationBases', PARTICIPATION_BASES, t).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectInput>
    </>
  );
}
