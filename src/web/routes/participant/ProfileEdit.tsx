// Her profile's edit form, over the change's shared schema: it sends only what changed, with If-Match; when
// someone changed the record meanwhile (412) the conflict dialog shows their fields beside hers, and she reloads
// or re-applies hers. A lazy part of the profile tab, loaded when she starts editing (it brings the form kit and
// the shared schemas, which reading her profile does not need).
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { NO_NIK_REASONS, PARTICIPATION_BASES, REFERRAL_SOURCES, SEXES } from '../../../shared/codes.ts';
import { checkNik } from '../../../shared/nik.ts';
import { participantUpdateBody } from '../../../shared/participants-api.ts';
import type { Reply } from '../../data/client.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { formatPhone } from '../../forms/id-input.ts';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { categoryLabel, codeLabel } from '../../labels.ts';
import { formatDay } from '../../format.ts';
import { CaseFields, IdentityFields, identityMessages } from './IdentityFields.tsx';

export type SaveWarning = Reply<'PATCH /api/participants/:id'>['warnings'][number];
type UpdateBody = z.input<typeof participantUpdateBody>;
type IdentityPatch = NonNullable<UpdateBody['identity']>;
type Participant = Reply<'GET /api/participants/:id'>;
/** Identity fields that, once they have a value, are changed but not emptied here. */
const KEEP_ONCE_SET = ['preferredName', 'address', 'phone', 'emergencyContact'] as const;
const IDENTITY_FIELDS = [
  'fullName',
  'preferredName',
  'nik',
  'noNikReason',
  'birthDate',
  'sex',
  'address',
  'phone',
  'emergencyContact',
] as const;

/** The edit form's values: the record's fields this user may see, shaped as the change's body. */
function formFrom(p: Participant): UpdateBody {
  const i = p.identity;
  const identity: IdentityPatch = {};
  if (i.fullName !== undefined) identity.fullName = i.fullName ?? undefined;
  if (i.preferredName !== undefined) identity.preferredName = i.preferredName ?? undefined;
  if (i.noNikReason !== undefined && !i.hasNik) identity.noNikReason = oneOf(NO_NIK_REASONS, i.noNikReason);
  if (i.birthDate !== undefined) identity.birthDate = i.birthDate ?? undefined;
  if (i.sex !== undefined) identity.sex = oneOf(SEXES, i.sex);
  if (i.address !== undefined) identity.address = i.address ?? undefined;
  if (i.phone !== undefined) identity.phone = i.phone ?? undefined;
  if (i.emergencyContact !== undefined) identity.emergencyContact = i.emergencyContact ?? undefined;
  return {
    category: p.category,
    referralSource: oneOf(REFERRAL_SOURCES, p.referralSource) ?? null,
    participationBasis: oneOf(PARTICIPATION_BASES, p.participationBasis),
    identity,
  };
}

/** The value when it is one of the codes, else undefined (a view's codes are plain strings). */
const oneOf = <T extends string>(codes: readonly T[], v: string | null | undefined): T | undefined =>
  codes.find((c) => c === v);

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** The fields of a record or of a change, flat, for comparing them with someone else's newer version. */
function flatFields(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return {};
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    if (k === 'identity' && typeof value === 'object' && value !== null) {
      for (const [ik, iv] of Object.entries(value)) {
        if ((IDENTITY_FIELDS as readonly string[]).includes(ik)) out[ik] = iv;
      }
    } else if (k === 'category' || k === 'referralSource' || k === 'participationBasis') out[k] = value;
  }
  return out;
}

/** Her changed fields (flat, as flatFields names them) as the change's body. */
function bodyOf(changed: Record<string, unknown>): UpdateBody {
  const body: Record<string, unknown> = {};
  const identity: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changed)) {
    if ((IDENTITY_FIELDS as readonly string[]).includes(k)) identity[k] = v;
    else body[k] = v;
  }
  if (Object.keys(identity).length) body.identity = identity;
  return participantUpdateBody.parse(body);
}

export function ProfileEdit({
  p,
  base,
  onError,
  onSaved,
  onReloaded,
  onCancel,
}: {
  /** Her record as shown now. */
  p: Participant;
  /** Her record when she started editing: her change is based on this version, whatever refreshes meanwhile. */
  base: Participant;
  onError(err: unknown): void;
  /** Saved (or nothing changed: no warnings), with what the server warns about. */
  onSaved(warnings: SaveWarning[]): void;
  /** She chose the latest version in the conflict dialog: the form starts again from it. */
  onReloaded(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const i = p.identity;
  const labels: Record<string, string> = {
    fullName: t('participant.profile.fullName'),
    preferredName: t('participant.profile.preferredName'),
    nik: t('participant.profile.nik'),
    noNikReason: t('participantNew.noNikReason'),
    birthDate: t('participant.profile.birthDate'),
    sex: t('participant.profile.sex'),
    address: t('participant.profile.address'),
    phone: t('participant.profile.phone'),
    emergencyContact: t('participant.profile.emergencyContact'),
    category: t('participant.profile.category'),
    referralSource: t('participant.profile.referralSource'),
    participationBasis: t('participant.profile.participationBasis'),
  };
  const labelOf = (field: string) => labels[field] ?? field;
  const format = (field: string, v: unknown): string => {
    const text = String(v);
    if (field === 'sex') return codeLabel('sexes', text, t);
    if (field === 'category') return categoryLabel(text);
    if (field === 'referralSource') return codeLabel('referralSources', text, t);
    if (field === 'participationBasis') return codeLabel('participationBases', text, t);
    if (field === 'noNikReason') return codeLabel('noNikReasons', text, t);
    if (field === 'birthDate') return formatDay(text);
    if (field === 'phone') return formatPhone(text);
    return text;
  };
  const update = useVersionedMutation('PATCH /api/participants/:id', {
    labelOf,
    format,
    fieldsOf: flatFields,
    reapplyBody: (_current, mine) => bodyOf(mine),
  });
  const messages = {
    ...identityMessages(t),
    'identity.phone': t('participantNew.invalid.phone'),
    category: t('participantNew.invalid.category'),
    referralSource: t('participantNew.invalid.referralSource'),
    participationBasis: t('participantNew.invalid.participationBasis'),
  };
  const form = useSchemaForm(participantUpdateBody, { defaultValues: formFrom(base), messages });
  const { isDirty } = form.formState;
  useDirtyGuard(isDirty);
  const typedNik = form.watch('identity.nik');

  /** Only what changed is sent. */
  async function save(values: z.output<typeof participantUpdateBody>) {
    onError(null);
    const before = formFrom(base);
    const patch: Record<string, unknown> = {};
    const identity: Record<string, unknown> = {};
    let refused = false;
    for (const k of IDENTITY_FIELDS) {
      const now = values.identity?.[k];
      const was = k === 'nik' ? undefined : before.identity?.[k];
      if (same(now, was)) continue;
      if ((KEEP_ONCE_SET as readonly string[]).includes(k) && (now ?? '') === '' && was) {
        form.setError(`identity.${k}`, { type: 'cannot_clear', message: t('participant.profile.cannotClear') });
        refused = true;
        continue;
      }
      if (k === 'nik' && now) {
        const check = checkNik(String(now));
        if (!check.ok) {
          form.setError('identity.nik', { type: 'invalid_nik', message: t(`codes.nikProblems.${check.problem}`) });
          refused = true;
        }
      }
      identity[k] = now;
    }
    if (refused) {
      form.kit.focusFirstInvalid();
      return;
    }
    for (const k of ['category', 'referralSource', 'participationBasis'] as const) {
      if (!same(values[k], before[k])) patch[k] = values[k] ?? null;
    }
    if (Object.keys(identity).length) patch.identity = identity;
    if (Object.keys(patch).length === 0) {
      onSaved([]);
      return;
    }
    const result = await update.save({
      call: { params: { id: p.id }, body: participantUpdateBody.parse(patch) },
      base,
      record: { key: 'GET /api/participants/:id', args: { params: { id: p.id } } },
    });
    if (result.outcome === 'reloaded') {
      onReloaded();
      return;
    }
    onSaved(result.answer.data.warnings);
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={save}
      onError={onError}
      fieldOf={(path) => path.replace(/^body\./, '')}
      pending={update.isPending}
      className="form"
    >
      <h2>{t('participant.profile.editTitle')}</h2>
      <IdentityFields
        idPrefix="edit-"
        // Only the fields this user may see come with her record.
        shows={(field) => field !== 'nik' && field !== 'noNikReason' && i[field] !== undefined}
        nikLabel={i.hasNik ? t('participant.profile.newNik') : t('participant.profile.addNik')}
        nikShown={i.nikMasked !== undefined}
        noNikReasonShown={i.nikMasked !== undefined && !i.hasNik && !typedNik?.trim()}
      />
      <CaseFields idPrefix="edit-" />
      <div className="button-row">
        <SubmitButton pending={update.isPending}>{t('common.save')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={update.isPending}>
          {t('common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}
