// Registering a participant, consent first: step 1 explains in simple words what is kept, why, who sees it
// and her rights, and records what she agrees to; step 2 (her details) opens only once she has agreed to
// take part and to the processing of her data. One form over the registration's shared schema (the consent
// step's fields once for all the purposes she ticks, her identity as the body carries it). One Idempotency-Key
// per submission, reused on retry, so a dropped connection on a phone never registers her twice.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CONSENT_METHODS, CONSENT_PURPOSES, REQUIRED_CONSENTS } from '../../shared/codes.ts';
import { withCode } from '../../shared/messages.ts';
import { checkNik } from '../../shared/nik.ts';
import { consentInput, isoDate, participantCreateBody } from '../../shared/participants-api.ts';
import { ApiError, type Body, newIdempotencyKey } from '../data/client.ts';
import { useApiMutation } from '../data/query.ts';
import {
  bodyField,
  CheckboxGroupInput,
  DateField,
  type FieldOf,
  RadioGroupInput,
  SchemaForm,
  SelectInput,
  SubmitButton,
  TextInput,
  useDirtyGuard,
  useSchemaForm,
} from '../forms/index.ts';
import { useUser } from '../session.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { codeLabel, codeOptions, isRequiredConsent, userKabKota } from '../labels.ts';
import { todayInOffice } from '../format.ts';
import { prospectParam } from '../casework-labels.ts';
import { usePageTitle } from '../hooks.ts';
import { participantErrorText } from './participant/shared.ts';
import { CaseFields, IdentityFields, identityMessages } from './participant/IdentityFields.tsx';

const LANGUAGES = ['id', 'bjn', 'en'] as const;
const VERBAL = 'VERBAL_WITH_WITNESS';

/**
 * The form: the registration's body without its consents list — the consent step's fields once, with the
 * purposes she agrees to — and whether she has a NIK. The order of the work is told before sending: consent and
 * registration never in the future, registered on or after consenting (the server checks all of it again).
 */
const registrationForm = participantCreateBody
  .pick({ regionCode: true, category: true, referralSource: true, participationBasis: true, identity: true })
  .extend({
    ...consentInput.pick({ method: true, explainedBy: true, language: true, givenAt: true, witness: true }).shape,
    purposes: z
      .array(z.enum(CONSENT_PURPOSES))
      .refine((ps) => REQUIRED_CONSENTS.every((p) => ps.includes(p)), { message: 'Both required consents' }),
    nikMode: z.enum(['nik', 'none']),
    registeredOn: isoDate,
  })
  // Runs whatever else is wrong, so every problem is told at once.
  .superRefine(
    (v, ctx) => {
      const issue = (path: PropertyKey[], message: string, code?: Parameters<typeof withCode>[0]) =>
        ctx.addIssue({ code: 'custom', path, message, ...(code ? withCode(code) : {}) });
      if (v.method === VERBAL && !v.witness) issue(['witness'], 'A spoken consent names its witness');
      const identity = v.identity ?? {};
      if (v.nikMode === 'nik') {
        if (!identity.nik?.trim()) issue(['identity', 'nik'], 'Give the NIK, or say she has none');
        else {
          const check = checkNik(identity.nik);
          if (!check.ok) issue(['identity', 'nik'], check.message, check.problem);
        }
      } else if (!identity.noNikReason) issue(['identity', 'noNikReason'], 'Why she has no NIK');
      const today = todayInOffice();
      if (typeof v.givenAt === 'string' && v.givenAt > today) issue(['givenAt'], 'In the future', 'future_date');
      if (typeof v.registeredOn === 'string') {
        if (v.registeredOn > today) issue(['registeredOn'], 'In the future', 'future_date');
        else if (typeof v.givenAt === 'string' && v.registeredOn < v.givenAt)
          issue(['registeredOn'], 'Before her consent', 'before_consent');
      }
    },
    { when: () => true },
  );
type RegistrationValues = z.output<typeof registrationForm>;
/** The fields with a wording of their own (participantNew.invalid.*). */
type InvalidKey =
  | 'purposes'
  | 'method'
  | 'explainedBy'
  | 'language'
  | 'givenAt'
  | 'witness'
  | 'regionCode'
  | 'category'
  | 'referralSource'
  | 'participationBasis'
  | 'registeredOn';

/** The server's field paths on the form's fields: a consent's field is the consent step's, the list its purposes. */
const fieldOf: FieldOf = (path) => {
  const field = bodyField(path);
  const consent = /^consents(?:\.\d+\.(\w+))?/.exec(field);
  return consent ? (consent[1] ?? 'purposes') : field;
};

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

/** The registration's body: one consent per purpose ticked, the NIK or the reason there is none. */
function bodyOf(
  v: RegistrationValues,
  prospectId: string | null,
  acknowledge: boolean,
): Body<'POST /api/participants'> {
  const { purposes, method, explainedBy, language, givenAt, witness, nikMode, identity, ...rest } = v;
  const { nik, noNikReason, ...who } = identity;
  return {
    ...rest,
    identity: { ...who, ...(nikMode === 'nik' ? { nik } : { noNikReason }) },
    consents: CONSENT_PURPOSES.filter((p) => purposes.includes(p)).map((purpose) => ({
      purpose,
      method,
      explainedBy,
      language,
      givenAt,
      ...(method === VERBAL && witness ? { witness } : {}),
    })),
    ...(acknowledge ? { acknowledgeDuplicates: true } : {}),
    ...(prospectId ? { prospectId } : {}),
  };
}

export function ParticipantNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('participantNew.title'));
  const me = useUser();
  const [, navigate] = useLocation();
  const prospectId = prospectParam(useSearch());
  const regions = userKabKota(me.regions);
  const invalid = (k: InvalidKey) => t(`participantNew.invalid.${k}`);
  const form = useSchemaForm(registrationForm, {
    defaultValues: {
      purposes: [],
      explainedBy: me.name ?? me.username,
      language: 'id',
      givenAt: todayInOffice(),
      nikMode: 'nik',
      identity: { sex: 'F' },
      ...(regions.length === 1 ? { regionCode: regions[0]!.code } : {}),
      participationBasis: 'SUKARELA',
      registeredOn: todayInOffice(),
    },
    // The phone number is worded by its field (what could not be read in it), the dates' problems by their code.
    messages: {
      purposes: invalid('purposes'),
      method: invalid('method'),
      explainedBy: invalid('explainedBy'),
      language: invalid('language'),
      givenAt: invalid('givenAt'),
      witness: invalid('witness'),
      ...identityMessages(t),
      regionCode: invalid('regionCode'),
      category: invalid('category'),
      referralSource: invalid('referralSource'),
      participationBasis: invalid('participationBasis'),
      registeredOn: invalid('registeredOn'),
    },
  });
  // Registering her from a prospect of outreach changes that prospect too.
  const create = useApiMutation('POST /api/participants', {
    invalidates: () => (prospectId ? ['/api/outreach'] : []),
  });
  const [error, setError] = useState<unknown>(null);
  const duplicate = duplicateOf(error);
  // One key per submission: kept across retries of it, renewed only after a registration succeeded.
  const idempotencyKey = useRef(newIdempotencyKey());
  // "Save anyway" submits the same form once more, saying she was shown the possible duplicates.
  const acknowledge = useRef(false);
  // Her NIK is registered already: the way on is her existing record, which its link opens without asking.
  useDirtyGuard(form.formState.isDirty && duplicate?.kind !== 'here');
  // The kit asks for focus before React Hook Form has drawn the errors of a failed check of the form's own
  // (handleSubmit calls onInvalid first): asked again once the submit's errors are drawn.
  const { submitCount, errors } = form.formState;
  const refused = Object.keys(errors).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each submit is the trigger, not the values read
  useEffect(() => {
    if (submitCount && refused) form.kit.focusFirstInvalid();
  }, [submitCount]);

  const purposes = form.watch('purposes');
  const consentGiven = REQUIRED_CONSENTS.every((p) => purposes.includes(p));
  const verbal = form.watch('method') === VERBAL;
  const nikMode = form.watch('nikMode');

  async function register(values: RegistrationValues) {
    const acknowledgeDuplicates = acknowledge.current;
    acknowledge.current = false;
    const { data: created } = await create.mutateAsync({
      body: bodyOf(values, prospectId, acknowledgeDuplicates),
      idempotencyKey: idempotencyKey.current,
    });
    idempotencyKey.current = newIdempotencyKey();
    navigate(`/participants/${created.id}`, {
      state: { notice: 'created', code: created.code, warnings: created.warnings },
    });
  }

  function saveAnyway() {
    acknowledge.current = true;
    form.kit.formRef.current?.requestSubmit();
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
      <ErrorAlert key={form.formState.submitCount} error={error} message={participantErrorText(error, t)}>
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
              <button
                type="button"
                className="button button-secondary"
                disabled={create.isPending}
                onClick={saveAnyway}
              >
                {t('participantNew.saveAnyway')}
              </button>
            </div>
          </>
        ) : null}
      </ErrorAlert>
      <SchemaForm
        form={form}
        onSubmit={register}
        onError={setError}
        fieldOf={fieldOf}
        pending={create.isPending}
        className="form"
      >
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
          <CheckboxGroupInput
            control={form.control}
            name="purposes"
            legend={t('participantNew.purposes')}
            hint={t('participantNew.purposesHint')}
            options={purposeOptions}
          />
          <SelectInput control={form.control} name="method" label={t('participantNew.method')} required>
            <option value="">{t('participantNew.chooseMethod')}</option>
            {codeOptions('methods', CONSENT_METHODS, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectInput>
          {verbal ? (
            <TextInput
              control={form.control}
              name="witness"
              label={t('participantNew.witness')}
              hint={t('participantNew.witnessHint')}
              autoComplete="off"
              maxLength={120}
              required
            />
          ) : null}
          <TextInput
            control={form.control}
            name="explainedBy"
            label={t('participantNew.explainedBy')}
            autoComplete="off"
            maxLength={120}
            required
          />
          <SelectInput control={form.control} name="language" label={t('participantNew.language')}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {codeLabel('languages', l, t)}
              </option>
            ))}
          </SelectInput>
          <DateField control={form.control} name="givenAt" label={t('participantNew.givenAt')} required />
        </section>

        <section className="step" aria-labelledby="step2-title">
          <h2 id="step2-title">{t('participantNew.step2')}</h2>
          {!consentGiven ? (
            <p className="alert alert-info" id="identity-locked">
              {t('participantNew.locked')}
            </p>
          ) : (
            <>
              <IdentityFields
                registering
                nikLabel={t('participantNew.nik')}
                nikChoice={
                  <RadioGroupInput
                    control={form.control}
                    name="nikMode"
                    legend={t('participantNew.nikChoice')}
                    options={[
                      { value: 'nik', label: t('participantNew.hasNik') },
                      { value: 'none', label: t('participantNew.noNik') },
                    ]}
                  />
                }
                nikShown={nikMode === 'nik'}
                noNikReasonShown={nikMode !== 'nik'}
              />
              <SelectInput control={form.control} name="regionCode" label={t('participantNew.region')} required>
                <option value="">{t('participantNew.chooseRegion')}</option>
                {regions.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </SelectInput>
              <CaseFields registering />
              <DateField
                control={form.control}
                name="registeredOn"
                label={t('participantNew.registeredOn')}
                hint={t('participantNew.registeredOnHint')}
                required
              />
            </>
          )}
        </section>
        <div className="button-row">
          <SubmitButton busyLabel={t('participantNew.sending')}>{t('participantNew.submit')}</SubmitButton>
          <Link href="/participants" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </SchemaForm>
    </section>
  );
}
