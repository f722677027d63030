// Profile: the identity fields this user may see (the only place her full name appears), the NIK masked
// until an explicit, audited "show" (hidden again when the tab or page is left), and an edit form that
// sends If-Match; when someone changed the record meanwhile (412) the latest version is loaded and the
// fields being edited keep what was typed.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, NO_NIK_REASONS, PARTICIPATION_BASES, REFERRAL_SOURCES, SEXES } from '../../../shared/codes.ts';
import { checkNik } from '../../../shared/nik.ts';
import { participantUpdateBody } from '../../../shared/participants-api.ts';
import { api, ApiError, type ParticipantUpdateInput, type ParticipantView, type SaveWarning } from '../../api.ts';
import { RadioGroup, SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { categoryLabel, codeLabel, codeOptions, roleLabel } from '../../labels.ts';
import { formatDateTime, formatDay } from '../../format.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import { WarningList } from './WarningList.tsx';
import { AssignmentPanel } from './AssignmentPanel.tsx';
import { fieldOfPath, mayOn, nikProblemOf, participantErrorText, serverPathErrors, type TabProps } from './shared.ts';

interface EditForm {
  fullName: string;
  preferredName: string;
  nik: string;
  noNikReason: string;
  birthDate: string;
  sex: string;
  address: string;
  phone: string;
  emergencyContact: string;
  category: string;
  referralSource: string;
  participationBasis: string;
}
type EditField = keyof EditForm;
const OPTIONAL_IDENTITY = ['address', 'phone', 'emergencyContact'] as const;

function formFrom(p: ParticipantView): EditForm {
  const i = p.identity;
  return {
    fullName: i.fullName ?? '',
    preferredName: i.preferredName ?? '',
    nik: '',
    noNikReason: i.noNikReason ?? '',
    birthDate: i.birthDate ?? '',
    sex: i.sex ?? '',
    address: i.address ?? '',
    phone: i.phone ?? '',
    emergencyContact: i.emergencyContact ?? '',
    category: p.category,
    referralSource: p.referralSource ?? '',
    participationBasis: p.participationBasis,
  };
}

export function ProfileTab({ record, reload, setRecord }: TabProps) {
  const { t } = useTranslation();
  const p = record.item;
  const i = p.identity;
  const [nik, setNik] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<EditForm>(() => formFrom(p));
  const dirty = useRef(new Set<EditField>());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ warnings: SaveWarning[] } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const messages: Record<string, string> = {
    fullName: t('participantNew.invalid.fullName'),
    preferredName: t('participantNew.invalid.preferredName'),
    nik: t('participantNew.invalid.nik'),
    noNikReason: t('participantNew.invalid.noNikReason'),
    birthDate: t('participantNew.invalid.birthDate'),
    sex: t('participantNew.invalid.sex'),
    address: t('participantNew.invalid.address'),
    phone: t('participantNew.invalid.phone'),
    emergencyContact: t('participantNew.invalid.emergencyContact'),
    category: t('participantNew.invalid.category'),
    referralSource: t('participantNew.invalid.referralSource'),
    participationBasis: t('participantNew.invalid.participationBasis'),
  };

  const edit = <K extends EditField>(k: K, v: EditForm[K]) => {
    dirty.current.add(k);
    setForm((f) => ({ ...f, [k]: v }));
    setNotice(null);
  };

  async function reveal() {
    setError(null);
    setRevealing(true);
    try {
      setNik(await api.participants.revealNik(p.id));
    } catch (err) {
      setError(err);
    } finally {
      setRevealing(false);
    }
  }

  function startEditing() {
    dirty.current.clear();
    setForm(formFrom(p));
    setFieldErrors({});
    setError(null);
    setNotice(null);
    setEditing(true);
  }

  /** Only what changed is sent; empty optional fields that had a value cannot be cleared (see the hint). */
  function patchOf(): { patch: ParticipantUpdateInput; errors: FieldErrors } {
    const errors: FieldErrors = {};
    const identity: NonNullable<ParticipantUpdateInput['identity']> = {};
    if (i.fullName !== undefined && form.fullName !== i.fullName) identity.fullName = form.fullName;
    if (i.preferredName !== undefined && form.preferredName !== i.preferredName) {
      if (form.preferredName.trim()) identity.preferredName = form.preferredName;
      else errors.preferredName = t('participant.profile.cannotClear');
    }
    if (i.birthDate !== undefined && form.birthDate !== i.birthDate) identity.birthDate = form.birthDate;
    if (i.sex !== undefined && form.sex !== i.sex) identity.sex = form.sex as (typeof SEXES)[number];
    for (const k of OPTIONAL_IDENTITY) {
      const before = i[k];
      if (before === undefined || form[k] === (before ?? '')) continue;
      if (form[k].trim()) identity[k] = form[k];
      else if (before) errors[k] = t('participant.profile.cannotClear');
    }
    if (form.nik.trim()) {
      const check = checkNik(form.nik);
      if (!check.ok) errors.nik = t(`codes.nikProblems.${check.problem}`);
      identity.nik = form.nik;
    } else if (!i.hasNik && form.noNikReason && form.noNikReason !== (i.noNikReason ?? '')) {
      identity.noNikReason = form.noNikReason as (typeof NO_NIK_REASONS)[number];
    }
    const patch: ParticipantUpdateInput = {};
    if (form.category !== p.category) patch.category = form.category;
    if (form.referralSource !== (p.referralSource ?? ''))
      patch.referralSource = (form.referralSource || null) as ParticipantUpdateInput['referralSource'];
    if (form.participationBasis !== p.participationBasis)
      patch.participationBasis = form.participationBasis as (typeof PARTICIPATION_BASES)[number];
    if (Object.keys(identity).length > 0) patch.identity = identity;
    const parsed = participantUpdateBody.safeParse(patch);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOfPath(issue.path.map(String).join('.'));
        if (field && !errors[field]) errors[field] = messages[field] ?? t('validation.invalid');
      }
    }
    return { patch, errors };
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const { patch, errors } = patchOf();
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      setNotice({ warnings: [] });
      return;
    }
    setBusy(true);
    try {
      const saved = await api.participants.update(p.id, record.etag, participantUpdateBody.parse(patch));
      setRecord({ item: saved.item, etag: saved.etag });
      dirty.current.clear();
      setEditing(false);
      setNik(null);
      setNotice({ warnings: saved.warnings });
    } catch (err) {
      setError(err);
      const fields = serverPathErrors(err, messages, t);
      const problem = nikProblemOf(err);
      if (problem) fields.nik = t(`codes.nikProblems.${problem}`);
      setFieldErrors(fields);
      if (err instanceof ApiError && (err.code === 'stale_version' || err.code === 'precondition_required')) {
        const fresh = await reload();
        if (fresh) {
          const base = formFrom(fresh.item);
          setForm((f) => {
            const merged = { ...base };
            for (const k of dirty.current) merged[k] = f[k];
            return merged;
          });
        }
      }
    } finally {
      setBusy(false);
    }
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
      {notice ? (
        <StatusMessage tone="success">
          <p>{t('participant.profile.saved')}</p>
          <WarningList warnings={notice.warnings} />
        </StatusMessage>
      ) : null}
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)} />

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
                        onClick={() => setNik(null)}
                      >
                        {t('participant.profile.hideNik')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => void reveal()}
                        disabled={revealing}
                      >
                        {revealing ? t('participant.profile.revealing') : t('participant.profile.showNik')}
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
        {row(t('participant.profile.phone'), i.phone)}
        {row(t('participant.profile.emergencyContact'), i.emergencyContact)}
        {p.photoAttachmentId && mayOn(record, 'attachment.read') ? (
          <div>
            <dt>{t('participant.profile.photo')}</dt>
            <dd>
              <a href={api.participants.attachmentUrl(p.id, p.photoAttachmentId)} download>
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

      <AssignmentPanel record={record} reload={reload} setRecord={setRecord} />

      {mayEdit && !editing ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={startEditing}>
            {t('participant.profile.edit')}
          </button>
        </div>
      ) : null}
      {mayEdit && editing ? (
        <form ref={formRef} onSubmit={save} noValidate className="form">
          <h2>{t('participant.profile.editTitle')}</h2>
          {i.fullName !== undefined ? (
            <TextField
              id="edit-fullName"
              label={t('participantNew.fullName')}
              error={fieldErrors.fullName}
              value={form.fullName}
              onChange={(e) => edit('fullName', e.currentTarget.value)}
              autoComplete="off"
              maxLength={150}
            />
          ) : null}
          {i.preferredName !== undefined ? (
            <TextField
              id="edit-preferredName"
              label={t('participantNew.preferredName')}
              hint={t('participantNew.preferredNameHint')}
              error={fieldErrors.preferredName}
              value={form.preferredName}
              onChange={(e) => edit('preferredName', e.currentTarget.value)}
              autoComplete="off"
              maxLength={60}
            />
          ) : null}
          {i.nikMasked !== undefined ? (
            <TextField
              id="edit-nik"
              label={i.hasNik ? t('participant.profile.newNik') : t('participant.profile.addNik')}
              hint={t('participantNew.nikHint')}
              error={fieldErrors.nik}
              value={form.nik}
              onChange={(e) => edit('nik', e.currentTarget.value)}
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={40}
              className="field-nik"
            />
          ) : null}
          {i.nikMasked !== undefined && !i.hasNik && !form.nik.trim() ? (
            <SelectField
              id="edit-noNikReason"
              label={t('participantNew.noNikReason')}
              error={fieldErrors.noNikReason}
              value={form.noNikReason}
              onChange={(e) => edit('noNikReason', e.currentTarget.value)}
            >
              <option value="">{t('participantNew.chooseReason')}</option>
              {codeOptions('noNikReasons', NO_NIK_REASONS, t).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          ) : null}
          {i.birthDate !== undefined ? (
            <TextField
              id="edit-birthDate"
              type="date"
              label={t('participantNew.birthDate')}
              error={fieldErrors.birthDate}
              value={form.birthDate}
              onChange={(e) => edit('birthDate', e.currentTarget.value)}
            />
          ) : null}
          {i.sex !== undefined ? (
            <RadioGroup
              id="edit-sex"
              legend={t('participantNew.sex')}
              error={fieldErrors.sex}
              options={codeOptions('sexes', SEXES, t)}
              value={form.sex as (typeof SEXES)[number]}
              onChange={(v) => edit('sex', v)}
            />
          ) : null}
          {i.address !== undefined ? (
            <TextField
              id="edit-address"
              label={t('participantNew.address')}
              error={fieldErrors.address}
              value={form.address}
              onChange={(e) => edit('address', e.currentTarget.value)}
              autoComplete="off"
              maxLength={300}
            />
          ) : null}
          {i.phone !== undefined ? (
            <TextField
              id="edit-phone"
              type="tel"
              label={t('participantNew.phone')}
              hint={t('participantNew.phoneHint')}
              error={fieldErrors.phone}
              value={form.phone}
              onChange={(e) => edit('phone', e.currentTarget.value)}
              autoComplete="off"
              maxLength={20}
            />
          ) : null}
          {i.emergencyContact !== undefined ? (
            <TextField
              id="edit-emergencyContact"
              label={t('participantNew.emergencyContact')}
              error={fieldErrors.emergencyContact}
              value={form.emergencyContact}
              onChange={(e) => edit('emergencyContact', e.currentTarget.value)}
              autoComplete="off"
              maxLength={200}
            />
          ) : null}
          <SelectField
            id="edit-category"
            label={t('participantNew.category')}
            error={fieldErrors.category}
            value={form.category}
            onChange={(e) => edit('category', e.currentTarget.value)}
          >
            {CATEGORIES.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryLabel(c.code)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="edit-referralSource"
            label={t('participantNew.referralSource')}
            error={fieldErrors.referralSource}
            value={form.referralSource}
            onChange={(e) => edit('referralSource', e.currentTarget.value)}
          >
            <option value="">{t('participantNew.noReferral')}</option>
            {codeOptions('referralSources', REFERRAL_SOURCES, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="edit-participationBasis"
            label={t('participantNew.participationBasis')}
            error={fieldErrors.participationBasis}
            value={form.participationBasis}
            onChange={(e) => edit('participationBasis', e.currentTarget.value)}
          >
            {codeOptions('participationBases', PARTICIPATION_BASES, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
