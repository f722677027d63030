// An outreach contact recorded on the device: no name, NIK or address, in the regions her cache allows, kept
// sealed in the outbox until it is sent (with its own Idempotency-Key, so it is never recorded twice).
import { useState } from 'react';
import { Link } from 'wouter';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  ENFORCEMENT_CHANNELS,
  INTEREST_LEVELS,
  OUTREACH_CHANNELS,
  OUTREACH_MATERIALS,
  OUTREACH_OUTCOMES,
  OUTREACH_TOPICS,
  PLACE_KINDS,
  VOLUNTARY_ANSWERS,
} from '../../../shared/codes.ts';
import { outreachBody } from '../../../shared/casework-api.ts';
import { regionName } from '../../../shared/regions.ts';
import { DateField, SchemaForm, SelectInput, SubmitButton, TextInput, useSchemaForm } from '../../forms/index.ts';
import { ChoiceChips, ToggleChips } from '../../components/Chips.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { cwOptions } from '../../casework-labels.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { useField } from './FieldProvider.tsx';
import { WhenOpen } from './shared.tsx';

const enforcementChannel = (channel: string | undefined) => !!channel && ENFORCEMENT_CHANNELS.includes(channel);
const contactForm = outreachBody.superRefine(
  (v, ctx) => {
    if (enforcementChannel(v.channel) && !v.cameVoluntarily)
      ctx.addIssue({ code: 'custom', path: ['cameVoluntarily'], message: 'Did she come of her own will?' });
  },
  { when: () => true },
);
type ContactValues = z.output<typeof contactForm>;

function Chips<V extends string>({
  name,
  ...rest
}: Omit<Parameters<typeof ChoiceChips<V>>[0], 'value' | 'onChange' | 'error' | 'id'> & { name: string }) {
  const { field, fieldState } = useController({ name });
  return (
    <ChoiceChips<V>
      {...rest}
      id={name}
      value={(field.value as V | undefined) ?? ''}
      onChange={(v) => field.onChange(v)}
      error={fieldState.error?.message}
    />
  );
}

function Toggles<V extends string>({
  name,
  ...rest
}: Omit<Parameters<typeof ToggleChips<V>>[0], 'value' | 'onChange' | 'error' | 'id'> & { name: string }) {
  const { field, fieldState } = useController({ name });
  return (
    <ToggleChips<V>
      {...rest}
      id={name}
      value={(field.value as V[] | undefined) ?? []}
      onChange={(v) => field.onChange(v)}
      error={fieldState.error?.message}
    />
  );
}

export function FieldOutreachPage() {
  return (
    <WhenOpen>
      <FieldOutreach />
    </WhenOpen>
  );
}

function FieldOutreach() {
  const { t } = useTranslation();
  usePageTitle(t('field.outreach.title'));
  const field = useField();
  const regions = field.snapshot?.outreachRegions ?? [];
  const defaults = () => ({
    contactDate: todayInOffice(),
    ...(regions.length === 1 ? { regionCode: regions[0] } : {}),
    topics: [],
    materials: [],
  });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fresh, setFresh] = useState(0);
  const form = useSchemaForm(contactForm, {
    defaultValues: defaults(),
    messages: Object.fromEntries(
      (
        [
          'contactDate',
          'regionCode',
          'placeKind',
          'channel',
          'interestLevel',
          'outcome',
          'cameVoluntarily',
          'nextContactDate',
          'alias',
        ] as const
      ).map((k) => [k, t(`casework.outreach.invalid.${k}`)]),
    ),
  });
  const channel = form.watch('channel');
  const outcome = form.watch('outcome');
  const asked = form.watch('nextContactRequested');
  const declined = outcome === 'DECLINED';
  const offerNext = !declined || !!asked;

  async function save(v: ContactValues) {
    setNotice(null);
    const body = outreachBody.parse({
      contactDate: v.contactDate,
      regionCode: v.regionCode,
      placeKind: v.placeKind,
      channel: v.channel,
      ...(v.alias ? { alias: v.alias } : {}),
      topics: OUTREACH_TOPICS.filter((x) => v.topics.includes(x)),
      materials: OUTREACH_MATERIALS.filter((x) => v.materials.includes(x)),
      interestLevel: v.interestLevel,
      outcome: v.outcome,
      ...(offerNext && v.nextContactDate ? { nextContactDate: v.nextContactDate } : {}),
      ...(declined && v.nextContactRequested ? { nextContactRequested: true } : {}),
      ...(enforcementChannel(v.channel) && v.cameVoluntarily ? { cameVoluntarily: v.cameVoluntarily } : {}),
    });
    await field.record({
      kind: 'outreach',
      route: 'POST /api/outreach',
      body,
      summary: `${regionName(body.regionCode)} · ${formatDay(body.contactDate)}`,
    });
    form.reset(defaults());
    setFresh((n) => n + 1);
    setNotice(t('field.recorded'));
  }

  return (
    <section className="outreach">
      <p className="breadcrumb">
        <Link href="/field">{t('field.back')}</Link>
      </p>
      <h1>{t('field.outreach.title')}</h1>
      <p className="lead">{t('field.outreach.intro')}</p>
      {regions.length === 0 ? <p className="alert alert-info">{t('field.outreach.noRegions')}</p> : null}
      <SchemaForm
        form={form}
        onSubmit={save}
        onError={setError}
        className="form outreach-form"
        aria-labelledby="foutreach-title"
      >
        <h2 id="foutreach-title" className="visually-hidden">
          {t('field.outreach.title')}
        </h2>
        {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
        <ErrorAlert error={error} />
        <div key={fresh}>
          <div className="outreach-pair">
            <DateField name="contactDate" label={t('casework.outreach.contactDate')} required />
            <SelectInput name="regionCode" label={t('casework.outreach.region')} required>
              {regions.length !== 1 ? <option value="">{t('casework.outreach.chooseRegion')}</option> : null}
              {regions.map((r) => (
                <option key={r} value={r}>
                  {regionName(r)}
                </option>
              ))}
            </SelectInput>
          </div>
          <Chips
            name="placeKind"
            legend={t('casework.outreach.placeKind')}
            hint={t('casework.outreach.placeHint')}
            options={cwOptions('placeKinds', PLACE_KINDS, t)}
          />
          <Chips
            name="channel"
            legend={t('casework.outreach.channel')}
            options={cwOptions('channels', OUTREACH_CHANNELS, t)}
          />
          {enforcementChannel(channel) ? (
            <Chips
              name="cameVoluntarily"
              legend={t('casework.outreach.cameVoluntarily')}
              hint={t('casework.outreach.cameVoluntarilyHint')}
              options={cwOptions('voluntary', VOLUNTARY_ANSWERS, t)}
            />
          ) : null}
          <TextInput
            name="alias"
            label={t('casework.outreach.alias')}
            hint={t('casework.outreach.aliasHint')}
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
          />
          <Toggles
            name="topics"
            legend={t('casework.outreach.topics')}
            options={cwOptions('topics', OUTREACH_TOPICS, t)}
          />
          <Toggles
            name="materials"
            legend={t('casework.outreach.materials')}
            options={cwOptions('materials', OUTREACH_MATERIALS, t)}
          />
          <Chips
            name="interestLevel"
            big
            legend={t('casework.outreach.interest')}
            options={cwOptions('interest', INTEREST_LEVELS, t)}
          />
          <Chips
            name="outcome"
            legend={t('casework.outreach.outcome')}
            options={cwOptions('outcomes', OUTREACH_OUTCOMES, t)}
          />
          {declined ? (
            <div className="field">
              <p className="hint">{t('casework.outreach.declinedNote')}</p>
              <label className="checkbox">
                <input type="checkbox" {...form.register('nextContactRequested')} />
                <span>{t('casework.outreach.askedAgain')}</span>
              </label>
            </div>
          ) : null}
          {offerNext ? <DateField name="nextContactDate" label={t('casework.outreach.nextContact')} /> : null}
        </div>
        <div className="button-row">
          <SubmitButton className="button button-primary button-wide">{t('field.outreach.save')}</SubmitButton>
        </div>
      </SchemaForm>
    </section>
  );
}
