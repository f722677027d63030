// Profile: the identity fields this user may see (the only place her full name appears), the NIK masked
// until an explicit, audited "show" (hidden again when the tab or page is left), and an edit form over the
// change's shared schema that sends only what changed, with If-Match: when someone changed the record meanwhile
// (412) the conflict dialog shows their fields beside hers, and she reloads or re-applies hers.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CATEGORIES, NO_NIK_REASONS, PARTICIPATION_BASES, REFERRAL_SOURCES, SEXES } from '../../../shared/codes.ts';
import { checkNik } from '../../../shared/nik.ts';
import { participantUpdateBody } from '../../../shared/participants-api.ts';
import { fileUrl, type Reply } from '../../data/client.ts';
import { useApiMutation } from '../../data/query.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { DateField, PhoneField, RadioGroupInput, SelectInput, TextInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { formatPhone } from '../../forms/id-input.ts';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { categoryLabel, codeLabel, codeOptions, roleLabel } from '../../labels.ts';
import { formatDateTime, formatDay } from '../../format.ts';
import { WarningList } from './WarningList.tsx';
import { AssignmentPanel } from './AssignmentPanel.tsx';
import { mayOn, participantErrorText, type TabProps } from './shared.ts';

type SaveWarning = Reply<'PATCH /api/participants/:id'>['warnings'][number];
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

export function ProfileTab(props: TabProps) {
  const { record } = props;
  const { t } = useTranslation();
  const p = record.item;
  const i = p.identity;
  // The record as it was when she started editing: her change is based on this version, whatever refreshes meanwhile.
  const [base, setBase] = useState<Participant | null>(null);
  const editing = base !== null;
  const setEditing = (on: boolean) => setBase(on ? p : null);
  const [savedWarnings, setSavedWarnings] = useState<SaveWarning[] | null>(null);
  const reveal = useApiMutation('POST /api/participants/:id/reveal-nik');
  // The full NIK is shown only from the answer of an explicit, audited request, and only until hidden.
  const [nikShown, setNikShown] = useState(false);
  const nik = nikShown ? (reveal.data?.data.nik ?? null) : null;
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
  const [error, setError] = useState<unknown>(null);
  const messages = {
    'identity.fullName': t('participantNew.invalid.fullName'),
    'identity.preferredName': t('participantNew.invalid.preferredName'),
    'identity.nik': t('participantNew.invalid.nik'),
    'identity.noNikReason': t('participantNew.invalid.noNikReason'),
    'identity.birthDate': t('participantNew.invalid.birthDate'),
    'identity.sex': t('participantNew.invalid.sex'),
    'identity.address': t('participantNew.invalid.address'),
    'identity.phone': t('participantNew.invalid.phone'),
    'identity.emergencyContact': t('participantNew.invalid.emergencyContact'),
    category: t('participantNew.invalid.category'),
    referralSource: t('participantNew.invalid.referralSource'),
    participationBasis: t('participantNew.invalid.participationBasis'),
  };
  const form = useSchemaForm(participantUpdateBody, { defaultValues: formFrom(p), messages });
  const { isDirty } = form.formState;
  useDirtyGuard(editing && isDirty);
  const typedNik = form.watch('identity.nik');

  function startEditing() {
    form.reset(formFrom(p));
    setError(null);
    setSavedWarnings(null);
    setEditing(true);
  }

  /** Only what changed is sent. */
  async function save(values: z.output<typeof participantUpdateBody>) {
    setError(null);
    setSavedWarnings(null);
    if (!base) return;
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
      setEditing(false);
      setSavedWarnings([]);
      return;
    }
    const result = await update.save({
      call: { params: { id: p.id }, body: participantUpdateBody.parse(patch) },
      base,
      record: { key: 'GET /api/participants/:id', args: { params: { id: p.id } } },
    });
    if (result.outcome === 'reloaded') {
      // She chose the latest version: the form starts again from it.
      setEditing(false);
      return;
    }
    setEditing(false);
    setNikShown(false);
    setSavedWarnings(result.answer.data.warnings);
  }

  const mayEdit = mayOn(record, 'participant.update');
  const mayReveal = mayOn(record, 'participant.reveal_nik');
  const row = (label: string, value: string | null | undefined) =>
    value === undefined ? null : (
      <div>
        <dt>{label}</dt>
        <dd>{value === null || value === '' ? t('common.none') : value}</dd>
      </div>
    );

  return (
    <div className="tab-content">
      {savedWarnings ? (
        <StatusMessage tone="success">
          <p>{t('participant.profile.saved')}</p>
          <WarningList warnings={savedWarnings} />
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error ?? reveal.error} message={participantErrorText(error ?? reveal.error, t)} />

      <h2>{t('participant.profile.identity')}</h2>
      <dl className="details">
        {row(t('participant.profile.fullName'), i.fullName)}
        {row(t('participant.profile.preferredName'), i.preferredName)}
        {i.nikMasked !== undefined ? (
          <div>
            <dt>{t('participant.profile.nik')}</dt>
            <dd>
              {i.hasNik ? (
                <>
                  <span className="nik" data-testid="nik-value">
                    {nik ?? i.nikMasked ?? t('common.none')}
                  </span>
                  {mayReveal ? (
                    nik ? (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => setNikShown(false)}
                      >
                        {t('participant.profile.hideNik')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => reveal.mutate({ params: { id: p.id } }, { onSuccess: () => setNikShown(true) })}
                        disabled={reveal.isPending}
                      >
                        {reveal.isPending ? t('participant.profile.revealing') : t('participant.profile.showNik')}
                      </button>
                    )
                  ) : null}
                  {nik ? <span className="note nik-note">{t('participant.profile.nikRevealed')}</span> : null}
                </>
              ) : (
                t('participant.profile.noNik', { reason: codeLabel('noNikReasons', i.noNikReason, t) })
              )}
            </dd>
          </div>
        ) : null}
        {row(t('participant.profile.birthDate'), i.birthDate === undefined ? undefined : formatDay(i.birthDate))}
        {row(t('participant.profile.sex'), i.sex === undefined ? undefined : codeLabel('sexes', i.sex, t))}
        {row(t('participant.profile.address'), i.address)}
        {row(t('participant.profile.phone'), i.phone ? formatPhone(i.phone) : i.phone)}
        {row(t('participant.profile.emergencyContact'), i.emergencyContact)}
        {p.photoAttachmentId && mayOn(record, 'attachment.read') ? (
          <div>
            <dt>{t('participant.profile.photo')}</dt>
            <dd>
              <a
                href={fileUrl('GET /api/participants/:id/attachments/:attachmentId/content', {
                  id: p.id,
                  attachmentId: p.photoAttachmentId,
                })}
                download
              >
                {t('participant.profile.photoLink')}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>

      <h2>{t('participant.profile.case')}</h2>
      <dl className="details">
        {row(t('participant.profile.category'), categoryLabel(p.category))}
        {row(
          t('participant.profile.referralSource'),
          p.referralSource ? codeLabel('referralSources', p.referralSource, t) : null,
        )}
        {row(t('participant.profile.participationBasis'), codeLabel('participationBases', p.participationBasis, t))}
        {p.beneficiaryDecision
          ? row(
              t('participant.profile.beneficiaryDecision'),
              t('participant.profile.beneficiaryDecisionValue', {
                number: p.beneficiaryDecision.number,
                date: formatDay(p.beneficiaryDecision.date),
              }),
            )
          : null}
        {row(
          t('participant.profile.assigned'),
          p.assigned.length
            ? p.assigned.map((a) => `${a.name ?? a.username} (${roleLabel(a.role, t)})`).join(', ')
            : null,
        )}
        {row(t('participant.profile.createdAt'), formatDateTime(p.createdAt))}
        {row(t('participant.profile.updatedAt'), formatDateTime(p.updatedAt))}
      </dl>

      <AssignmentPanel {...props} />

      {mayEdit && !editing ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={startEditing}>
            {t('participant.profile.edit')}
          </button>
        </div>
      ) : null}
      {mayEdit && editing ? (
        <SchemaForm
          form={form}
          onSubmit={save}
          onError={setError}
          fieldOf={(path) => path.replace(/^body\./, '')}
          pending={update.isPending}
          className="form"
        >
          <h2>{t('participant.profile.editTitle')}</h2>
          {i.fullName !== undefined ? (
            <TextInput
              control={form.control}
              name="identity.fullName"
              id="edit-fullName"
              label={t('participantNew.fullName')}
              autoComplete="off"
              maxLength={150}
            />
          ) : null}
          {i.preferredName !== undefined ? (
            <TextInput
              control={form.control}
              name="identity.preferredName"
              id="edit-preferredName"
              label={t('participantNew.preferredName')}
              hint={t('participantNew.preferredNameHint')}
              autoComplete="off"
              maxLength={60}
            />
          ) : null}
          {i.nikMasked !== undefined ? (
            <TextInput
              control={form.control}
              name="identity.nik"
              id="edit-nik"
              label={i.hasNik ? t('participant.profile.newNik') : t('participant.profile.addNik')}
              hint={t('participantNew.nikHint')}
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={40}
              className="field-nik"
            />
          ) : null}
          {i.nikMasked !== undefined && !i.hasNik && !typedNik?.trim() ? (
            <SelectInput
              control={form.control}
              name="identity.noNikReason"
              id="edit-noNikReason"
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
          {i.birthDate !== undefined ? (
            <DateField
              control={form.control}
              name="identity.birthDate"
              id="edit-birthDate"
              label={t('participantNew.birthDate')}
            />
          ) : null}
          {i.sex !== undefined ? (
            <RadioGroupInput
              control={form.control}
              name="identity.sex"
              id="edit-sex"
              legend={t('participantNew.sex')}
              options={codeOptions('sexes', SEXES, t)}
            />
          ) : null}
          {i.address !== undefined ? (
            <TextInput
              control={form.control}
              name="identity.address"
              id="edit-address"
              label={t('participantNew.address')}
              autoComplete="off"
              maxLength={300}
            />
          ) : null}
          {i.phone !== undefined ? (
            <PhoneField
              control={form.control}
              name="identity.phone"
              id="edit-phone"
              label={t('participantNew.phone')}
              hint={t('participantNew.phoneHint')}
              autoComplete="off"
            />
          ) : null}
          {i.emergencyContact !== undefined ? (
            <TextInput
              control={form.control}
              name="identity.emergencyContact"
              id="edit-emergencyContact"
              label={t('participantNew.emergencyContact')}
              autoComplete="off"
              maxLength={200}
            />
          ) : null}
          <SelectInput control={form.control} name="category" id="edit-category" label={t('participantNew.category')}>
            {CATEGORIES.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryLabel(c.code)}
              </option>
            ))}
          </SelectInput>
          <SelectInput
            control={form.control}
            name="referralSource"
            id="edit-referralSource"
            label={t('participantNew.referralSource')}
            emptyValue={null}
          >
            <option value="">{t('participantNew.noReferral')}</option>
            {codeOptions('referralSources', REFERRAL_SOURCES, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectInput>
          <SelectInput
            control={form.control}
            name="participationBasis"
            id="edit-participationBasis"
            label={t('participantNew.participationBasis')}
          >
            {codeOptions('participationBases', PARTICIPATION_BASES, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectInput>
          <div className="button-row">
            <SubmitButton pending={update.isPending}>{t('common.save')}</SubmitButton>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setEditing(false)}
              disabled={update.isPending}
            >
              {t('common.cancel')}
            </button>
          </div>
        </SchemaForm>
      ) : null}
    </div>
  );
}
