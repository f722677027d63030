// Registering a participant, consent first: step 1 explains in simple words what is kept, why, who sees it
// and her rights, and records what she agrees to; step 2 (her details) opens only once she has agreed to
// take part and to the processing of her data. One Idempotency-Key per submission, reused on retry, so a
// dropped connection on a phone never registers her twice.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  CATEGORIES,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  NO_NIK_REASONS,
  PARTICIPATION_BASES,
  REFERRAL_SOURCES,
  REQUIRED_CONSENTS,
  SEXES,
  type ConsentPurpose,
} from '../../shared/codes.ts';
import { checkNik } from '../../shared/nik.ts';
import { participantCreateBody } from '../../shared/participants-api.ts';
import { ApiError, type Body, newIdempotencyKey } from '../data/client.ts';
import { useApiMutation } from '../data/query.ts';
import { useUser } from '../session.tsx';
import { CheckboxGroup, RadioGroup, SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { categoryLabel, codeLabel, codeOptions, isRequiredConsent, userKabKota } from '../labels.ts';
import { dateOrderErrors, hasErrors, type FieldErrors } from '../errors.ts';
import { todayInOffice } from '../format.ts';
import { prospectParam } from '../casework-labels.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';
import { fieldOfPath, nikProblemOf, participantErrorText, serverPathErrors } from './participant/shared.ts';

type Method = (typeof CONSENT_METHODS)[number];
type Language = 'id' | 'bjn' | 'en';
const LANGUAGES: readonly Language[] = ['id', 'bjn', 'en'];

interface Form {
  purposes: ConsentPurpose[];
  method: Method | '';
  explainedBy: string;
  language: Language;
  givenAt: string;
  witness: string;
  fullName: string;
  preferredName: string;
  nikMode: 'nik' | 'none';
  nik: string;
  noNikReason: string;
  birthDate: string;
  sex: 'F' | 'M';
  address: string;
  phone: string;
  emergencyContact: string;
  regionCode: string;
  category: string;
  referralSource: string;
  participationBasis: (typeof PARTICIPATION_BASES)[number];
  /** The day she was registered, as it happened (a paper backlog is entered later): on or after her consent. */
  registeredOn: string;
}

type Duplicate =
  | { kind: 'here'; participantId: string; code: string }
  | { kind: 'elsewhere' }
  | { kind: 'possible'; matches: { participantId: string; code: string }[] };

function duplicateOf(err: unknown): Duplicate | null {
  if (!(err instanceof ApiError)) return null;
  const d = (err.details ?? {}) as Record<string, unknown>;
  if (err.code === 'duplicate_nik') {
    if (typeof d.participantId === 'string' && typeof d.code === 'string')
      return { kind: 'here', participantId: d.participantId, code: d.code };
    return { kind: 'elsewhere' };
  }
  if (err.code === 'possible_duplicate' && Array.isArray(d.matches)) {
    const matches = d.matches.filter(
      (m): m is { participantId: string; code: string } =>
        typeof m?.participantId === 'string' && typeof m?.code === 'string',
    );
    return { kind: 'possible', matches };
  }
  return null;
}

const trimmed = (v: string) => (v.trim() ? { value: v.trim() } : null);

function messagesFor(t: TFunction): Record<string, string> {
  return Object.fromEntries(
    (
      [
        'purposes',
        'method',
        'explainedBy',
        'language',
        'givenAt',
        'witness',
        'fullName',
        'preferredName',
        'nik',
        'noNikReason',
        'birthDate',
        'sex',
        'address',
        'phone',
        'emergencyContact',
        'regionCode',
        'category',
        'referralSource',
        'participationBasis',
        'registeredOn',
      ] as const
    ).map((k) => [k, t(`participantNew.invalid.${k}`)]),
  );
}

export function ParticipantNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('participantNew.title'));
  const me = useUser();
  const [, navigate] = useLocation();
  const prospectId = prospectParam(useSearch());
  const regions = userKabKota(me.regions);
  const [form, setForm] = useState<Form>(() => ({
    purposes: [],
    method: '',
    explainedBy: me.name ?? me.username,
    language: 'id',
    givenAt: todayInOffice(),
    witness: '',
    fullName: '',
    preferredName: '',
    nikMode: 'nik',
    nik: '',
    noNikReason: '',
    birthDate: '',
    sex: 'F',
    address: '',
    phone: '',
    emergencyContact: '',
    regionCode: regions.length === 1 ? regions[0]!.code : '',
    category: '',
    referralSource: '',
    participationBasis: 'SUKARELA',
    registeredOn: todayInOffice(),
  }));
  // Registering her from a prospect of outreach changes that prospect too.
  const create = useApiMutation('POST /api/participants', {
    invalidates: () => (prospectId ? ['/api/outreach'] : []),
  });
  const busy = create.isPending;
  const [error, setError] = useState<unknown>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  // One key per submission: kept across retries of it, renewed only after a registration succeeded.
  const idempotencyKey = useRef(newIdempotencyKey());
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const messages = useMemo(() => messagesFor(t), [t]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const consentGiven = REQUIRED_CONSENTS.every((p) => form.purposes.includes(p));
  const verbal = form.method === 'VERBAL_WITH_WITNESS';

  function bodyOf(acknowledgeDuplicates: boolean): Body<'POST /api/participants'> {
    const opt = (k: 'preferredName' | 'address' | 'phone' | 'emergencyContact') => {
      const v = trimmed(form[k]);
      return v ? { [k]: v.value } : {};
    };
    const witness = verbal ? trimmed(form.witness) : null;
    return {
      regionCode: form.regionCode,
      category: form.category,
      ...(form.referralSource ? { referralSource: form.referralSource as (typeof REFERRAL_SOURCES)[number] } : {}),
      participationBasis: form.participationBasis,
      registeredOn: form.registeredOn,
      identity: {
        fullName: form.fullName,
        ...opt('preferredName'),
        ...(form.nikMode === 'nik'
          ? { nik: form.nik }
          : form.noNikReason
            ? { noNikReason: form.noNikReason as (typeof NO_NIK_REASONS)[number] }
            : {}),
        birthDate: form.birthDate,
        sex: form.sex,
        ...opt('address'),
        ...opt('phone'),
        ...opt('emergencyContact'),
      },
      consents: CONSENT_PURPOSES.filter((p) => form.purposes.includes(p)).map((purpose) => ({
        purpose,
        method: form.method as Method,
        explainedBy: form.explainedBy,
        language: form.language,
        givenAt: form.givenAt,
        ...(witness ? { witness: witness.value } : {}),
      })),
      ...(acknowledgeDuplicates ? { acknowledgeDuplicates: true } : {}),
      ...(prospectId ? { prospectId } : {}),
    };
  }

  /** Checks on the phone first (no round trip on a slow connection); the server checks everything again. */
  function localErrors(body: Body<'POST /api/participants'>): FieldErrors {
    const out: FieldErrors = {};
    const parsed = participantCreateBody.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOfPath(issue.path.map(String).join('.'));
        if (field && !out[field]) out[field] = messages[field] ?? t('validation.invalid');
      }
    }
    if (!consentGiven) out.purposes = messages.purposes;
    if (verbal && !form.witness.trim()) out.witness = messages.witness;
    if (form.nikMode === 'nik') {
      if (!form.nik.trim()) out.nik = messages.nik;
      else {
        const check = checkNik(form.nik);
        if (!check.ok) out.nik = t(`codes.nikProblems.${check.problem}`);
      }
    } else if (!form.noNikReason) out.noNikReason = messages.noNikReason;
    // The order of the work, told before sending: never in the future, registered on or after consenting.
    const today = todayInOffice();
    if (!out.givenAt && form.givenAt > today) out.givenAt = t('dates.problems.future_date');
    if (!out.registeredOn && form.registeredOn > today) out.registeredOn = t('dates.problems.future_date');
    else if (!out.registeredOn && form.givenAt && form.registeredOn && form.registeredOn < form.givenAt)
      out.registeredOn = t('dates.problems.before_consent');
    return out;
  }

  async function send(acknowledgeDuplicates: boolean) {
    setAttempt((a) => a + 1);
    setError(null);
    const body = bodyOf(acknowledgeDuplicates);
    const local = localErrors(body);
    if (hasErrors(local)) {
      setFieldErrors(local);
      setDuplicate(null);
      return;
    }
    setFieldErrors({});
    try {
      const { data: created } = await create.mutateAsync({
        body: participantCreateBody.parse(body),
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      navigate(`/participants/${created.id}`, {
        state: { notice: 'created', code: created.code, warnings: created.warnings },
      });
    } catch (err) {
      setError(err);
      setDuplicate(duplicateOf(err));
      const fields = { ...serverPathErrors(err, messages, t), ...dateOrderErrors(err, t, fieldOfPath) };
      const problem = nikProblemOf(err);
      if (problem) fields.nik = t(`codes.nikProblems.${problem}`);
      setFieldErrors(fields);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void send(false);
  }

  const purposeOptions = CONSENT_PURPOSES.map((p) => ({
    value: p,
    label: isRequiredConsent(p)
      ? `${codeLabel('purposes', p, t)} ${t('participantNew.required')}`
      : codeLabel('purposes', p, t),
    description: t(`codes.purposeHelp.${p}`),
  }));

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link href="/participants">{t('participant.back')}</Link>
      </p>
      <h1>{t('participantNew.title')}</h1>
      <p>{t('participantNew.intro')}</p>
      {prospectId ? <p className="alert alert-info">{t('casework.prospectLinked')}</p> : null}
      <ErrorAlert key={attempt} error={error} message={participantErrorText(error, t)}>
        {duplicate?.kind === 'here' ? (
          <p>
            {t('participantNew.duplicateHere', { code: duplicate.code })}{' '}
            <Link href={`/participants/${duplicate.participantId}`}>
              {t('participantNew.openExisting', { code: duplicate.code })}
            </Link>
          </p>
        ) : duplicate?.kind === 'elsewhere' ? (
          <p>{t('participantNew.duplicateElsewhere')}</p>
        ) : duplicate?.kind === 'possible' ? (
          <>
            <p>{t('participantNew.possibleTitle')}</p>
            <ul>
              {duplicate.matches.map((m) => (
                <li key={m.participantId}>
                  <a href={`/participants/${m.participantId}`} target="_blank" rel="noopener noreferrer">
                    {t('participantNew.possibleOpen', { code: m.code })}
                  </a>
                </li>
              ))}
            </ul>
            <div className="button-row">
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => void send(true)}>
                {t('participantNew.saveAnyway')}
              </button>
            </div>
          </>
        ) : null}
      </ErrorAlert>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <section className="step" aria-labelledby="step1-title">
          <h2 id="step1-title">{t('participantNew.step1')}</h2>
          <fieldset className="explain" aria-labelledby="explain-title">
            <h3 id="explain-title">{t('participantNew.explainTitle')}</h3>
            <ul>
              <li>{t('participantNew.explainWhat')}</li>
              <li>{t('participantNew.explainWhy')}</li>
              <li>{t('participantNew.explainWho')}</li>
              <li>{t('participantNew.explainRights')}</li>
              <li>{t('participantNew.explainStill')}</li>
            </ul>
          </fieldset>
          <CheckboxGroup
            id="purposes"
            legend={t('participantNew.purposes')}
            hint={t('participantNew.purposesHint')}
            error={fieldErrors.purposes}
            options={purposeOptions}
            value={form.purposes}
            onChange={(v) => set('purposes', v as ConsentPurpose[])}
          />
          <SelectField
            id="method"
            label={t('participantNew.method')}
            error={fieldErrors.method}
            value={form.method}
            onChange={(e) => set('method', e.currentTarget.value as Method | '')}
            required
          >
            <option value="">{t('participantNew.chooseMethod')}</option>
            {codeOptions('methods', CONSENT_METHODS, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          {verbal ? (
            <TextField
              id="witness"
              label={t('participantNew.witness')}
              hint={t('participantNew.witnessHint')}
              error={fieldErrors.witness}
              value={form.witness}
              onChange={(e) => set('witness', e.currentTarget.value)}
              autoComplete="off"
              maxLength={120}
              required
            />
          ) : null}
          <TextField
            id="explainedBy"
            label={t('participantNew.explainedBy')}
            error={fieldErrors.explainedBy}
            value={form.explainedBy}
            onChange={(e) => set('explainedBy', e.currentTarget.value)}
            autoComplete="off"
            maxLength={120}
            required
          />
          <SelectField
            id="language"
            label={t('participantNew.language')}
            error={fieldErrors.language}
            value={form.language}
            onChange={(e) => set('language', e.currentTarget.value as Language)}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {codeLabel('languages', l, t)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="givenAt"
            type="date"
            label={t('participantNew.givenAt')}
            error={fieldErrors.givenAt}
            value={form.givenAt}
            onChange={(e) => set('givenAt', e.currentTarget.value)}
            max={todayInOffice()}
            required
          />
        </section>

        <section className="step" aria-labelledby="step2-title">
          <h2 id="step2-title">{t('participantNew.step2')}</h2>
          {!consentGiven ? (
            <p className="alert alert-info" id="identity-locked">
              {t('participantNew.locked')}
            </p>
          ) : (
            <>
              <TextField
                id="fullName"
                label={t('participantNew.fullName')}
                hint={t('participantNew.fullNameHint')}
                error={fieldErrors.fullName}
                value={form.fullName}
                onChange={(e) => set('fullName', e.currentTarget.value)}
                autoComplete="off"
                maxLength={150}
                required
              />
              <TextField
                id="preferredName"
                label={`${t('participantNew.preferredName')} ${t('common.optional')}`}
                hint={t('participantNew.preferredNameHint')}
                error={fieldErrors.preferredName}
                value={form.preferredName}
                onChange={(e) => set('preferredName', e.currentTarget.value)}
                autoComplete="off"
                maxLength={60}
              />
              <RadioGroup
                id="nikMode"
                legend={t('participantNew.nikChoice')}
                options={[
                  { value: 'nik', label: t('participantNew.hasNik') },
                  { value: 'none', label: t('participantNew.noNik') },
                ]}
                value={form.nikMode}
                onChange={(v) => set('nikMode', v)}
              />
              {form.nikMode === 'nik' ? (
                <TextField
                  id="nik"
                  label={t('participantNew.nik')}
                  hint={t('participantNew.nikHint')}
                  error={fieldErrors.nik}
                  value={form.nik}
                  onChange={(e) => set('nik', e.currentTarget.value)}
                  inputMode="numeric"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={40}
                  className="field-nik"
                />
              ) : (
                <SelectField
                  id="noNikReason"
                  label={t('participantNew.noNikReason')}
                  error={fieldErrors.noNikReason}
                  value={form.noNikReason}
                  onChange={(e) => set('noNikReason', e.currentTarget.value)}
                >
                  <option value="">{t('participantNew.chooseReason')}</option>
                  {codeOptions('noNikReasons', NO_NIK_REASONS, t).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
              )}
              <TextField
                id="birthDate"
                type="date"
                label={t('participantNew.birthDate')}
                error={fieldErrors.birthDate}
                value={form.birthDate}
                onChange={(e) => set('birthDate', e.currentTarget.value)}
                required
              />
              <RadioGroup
                id="sex"
                legend={t('participantNew.sex')}
                error={fieldErrors.sex}
                options={codeOptions('sexes', SEXES, t)}
                value={form.sex}
                onChange={(v) => set('sex', v)}
              />
              <TextField
                id="address"
                label={`${t('participantNew.address')} ${t('common.optional')}`}
                error={fieldErrors.address}
                value={form.address}
                onChange={(e) => set('address', e.currentTarget.value)}
                autoComplete="off"
                maxLength={300}
              />
              <TextField
                id="phone"
                type="tel"
                label={`${t('participantNew.phone')} ${t('common.optional')}`}
                hint={t('participantNew.phoneHint')}
                error={fieldErrors.phone}
                value={form.phone}
                onChange={(e) => set('phone', e.currentTarget.value)}
                autoComplete="off"
                maxLength={20}
              />
              <TextField
                id="emergencyContact"
                label={`${t('participantNew.emergencyContact')} ${t('common.optional')}`}
                error={fieldErrors.emergencyContact}
                value={form.emergencyContact}
                onChange={(e) => set('emergencyContact', e.currentTarget.value)}
                autoComplete="off"
                maxLength={200}
              />
              <SelectField
                id="regionCode"
                label={t('participantNew.region')}
                error={fieldErrors.regionCode}
                value={form.regionCode}
                onChange={(e) => set('regionCode', e.currentTarget.value)}
                required
              >
                <option value="">{t('participantNew.chooseRegion')}</option>
                {regions.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="category"
                label={t('participantNew.category')}
                error={fieldErrors.category}
                value={form.category}
                onChange={(e) => set('category', e.currentTarget.value)}
                required
              >
                <option value="">{t('participantNew.chooseCategory')}</option>
                {CATEGORIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {categoryLabel(c.code)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="referralSource"
                label={`${t('participantNew.referralSource')} ${t('common.optional')}`}
                error={fieldErrors.referralSource}
                value={form.referralSource}
                onChange={(e) => set('referralSource', e.currentTarget.value)}
              >
                <option value="">{t('participantNew.noReferral')}</option>
                {codeOptions('referralSources', REFERRAL_SOURCES, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="participationBasis"
                label={t('participantNew.participationBasis')}
                error={fieldErrors.participationBasis}
                value={form.participationBasis}
                onChange={(e) => set('participationBasis', e.currentTarget.value as Form['participationBasis'])}
              >
                {codeOptions('participationBases', PARTICIPATION_BASES, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              <TextField
                id="registeredOn"
                type="date"
                label={t('participantNew.registeredOn')}
                hint={t('participantNew.registeredOnHint')}
                error={fieldErrors.registeredOn}
                value={form.registeredOn}
                onChange={(e) => set('registeredOn', e.currentTarget.value)}
                max={todayInOffice()}
                required
              />
            </>
          )}
        </section>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('participantNew.sending') : t('participantNew.submit')}
          </button>
          <Link href="/participants" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
