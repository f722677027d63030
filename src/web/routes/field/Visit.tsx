// A follow-up visit recorded on the device: the same questions as online (big choices for a phone), the
// equipment question when her first visit after a handover asks it (required) or may (optional), saved into the
// outbox with the follow-up's version (If-Match) and sent when there is a signal.
import { useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  BUSINESS_STATUSES,
  CONTACT_METHODS,
  EQUIPMENT_USES,
  INCOME_BAND_CODES,
  RETURN_RISKS,
  TRI_STATE,
} from '../../../shared/codes.ts';
import type { FieldFollowUp } from '../../../shared/field-api.ts';
import { visitBody } from '../../../shared/followup-api.ts';
import { withCode } from '../../../shared/messages.ts';
import {
  DateField,
  type FieldMessages,
  SchemaForm,
  SubmitButton,
  TextAreaInput,
  useSchemaForm,
} from '../../forms/index.ts';
import { ChoiceChips } from '../../components/Chips.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { fuOptions, incomeBandLabel } from '../followup/labels.ts';
import { useField } from './FieldProvider.tsx';
import { NotInCache, WhenOpen } from './shared.tsx';

const WELLBEING = ['1', '2', '3', '4', '5'] as const;
const YES_NO = ['yes', 'no'] as const;

function visitForm(equipment: FieldFollowUp['equipment']) {
  return visitBody
    .extend({
      date: visitBody.shape.date.refine((d) => d <= todayInOffice(), withCode('future_date')),
      wellbeing: z.enum(WELLBEING),
      safetyConcern: z.enum(YES_NO),
    })
    .superRefine((v, ctx) => {
      if (equipment === 'required' && !v.equipmentUse)
        ctx.addIssue({ code: 'custom', path: ['equipmentUse'], message: 'equipmentUse' });
      if (v.equipmentNote && !v.equipmentUse)
        ctx.addIssue({
          code: 'custom',
          path: ['equipmentNote'],
          message: 'A note on the equipment needs its use',
          ...withCode('equipment_note_without_use'),
        });
    });
}
type VisitValues = z.output<ReturnType<typeof visitForm>>;
const CHOICES = [
  'method',
  'businessStatus',
  'incomeBand',
  'kitInUse',
  'housingStable',
  'familySupport',
  'healthAccess',
  'documents',
  'wellbeing',
  'safetyConcern',
  'returnRisk',
] as const;

function Chips<V extends string>({
  name,
  ...rest
}: Omit<Parameters<typeof ChoiceChips<V>>[0], 'value' | 'onChange' | 'error'> & { name: string }) {
  const { field, fieldState } = useController({ name });
  return (
    <ChoiceChips<V>
      {...rest}
      value={(field.value as V | undefined) ?? ''}
      onChange={(v) => field.onChange(v)}
      error={fieldState.error?.message}
    />
  );
}

export function FieldVisitPage({ id }: { id: string }) {
  return (
    <WhenOpen>
      <FieldVisit id={id} />
    </WhenOpen>
  );
}

function FieldVisit({ id }: { id: string }) {
  const followUp = useField().snapshot?.followUps.find((f) => f.id === id) ?? null;
  return followUp ? <VisitForm followUp={followUp} /> : <NotInCache />;
}

function VisitForm({ followUp: f }: { followUp: FieldFollowUp }) {
  const { t } = useTranslation();
  usePageTitle(t('field.visit.title', { code: f.code }));
  const field = useField();
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>(null);
  const schema = useMemo(() => visitForm(f.equipment), [f.equipment]);
  const messages: FieldMessages = {
    ...Object.fromEntries(CHOICES.map((k) => [k, t('followup.visit.choose')])),
    equipmentUse: t('followup.visit.choose'),
    date: t('followup.visit.invalidDate'),
    needs: t('followup.visit.invalidNeeds'),
    notes: t('followup.visit.invalidNotes'),
    equipmentNote: t('followup.visit.invalidEquipmentNote'),
  };
  const form = useSchemaForm(schema, { defaultValues: { date: todayInOffice() }, messages });

  async function save(values: VisitValues) {
    const { wellbeing, safetyConcern, equipmentUse, equipmentNote, ...rest } = values;
    const body = {
      ...rest,
      wellbeing: Number(wellbeing),
      safetyConcern: safetyConcern === 'yes',
      ...(f.equipment !== 'none' && equipmentUse ? { equipmentUse } : {}),
      ...(f.equipment !== 'none' && equipmentUse && equipmentNote ? { equipmentNote } : {}),
    };
    await field.record({
      kind: 'visit',
      route: 'POST /api/follow-ups/:id/visits',
      params: { id: f.id },
      body: visitBody.parse(body),
      ifMatch: f.version,
      summary: `${f.code} · ${formatDay(values.date)}`,
    });
    form.reset({ date: todayInOffice() });
    navigate('/field');
  }

  return (
    <section className="fu-visit-page">
      <p className="breadcrumb">
        <Link href="/field">{t('field.back')}</Link>
      </p>
      <h1>{t('field.visit.title', { code: f.code })}</h1>
      <p>
        {f.preferredName} · {t('field.home.due', { date: formatDay(f.dueDate) })}
      </p>
      <SchemaForm
        form={form}
        onSubmit={save}
        onError={setError}
        className="form fu-form"
        aria-labelledby="fvisit-title"
      >
        <h2 id="fvisit-title">{t('followup.visit.formTitle')}</h2>
        <p className="hint">{t('field.recorded')}</p>
        <ErrorAlert error={error} />
        <DateField name="date" id="visit-date" label={t('followup.visit.date')} required />
        <Chips
          name="method"
          id="visit-method"
          legend={t('followup.visit.method')}
          options={fuOptions('methods', CONTACT_METHODS, t)}
        />
        <Chips
          name="businessStatus"
          id="visit-business"
          legend={t('followup.visit.business')}
          options={fuOptions('business', BUSINESS_STATUSES, t)}
        />
        <Chips
          name="incomeBand"
          id="visit-income"
          legend={t('followup.visit.income')}
          options={INCOME_BAND_CODES.map((c) => ({ value: c, label: incomeBandLabel(c, t) }))}
        />
        {f.equipment !== 'none' ? (
          <>
            <Chips
              name="equipmentUse"
              id="visit-equipment"
              legend={
                f.equipment === 'optional'
                  ? `${t('followup.visit.equipment')} ${t('common.optional')}`
                  : t('followup.visit.equipment')
              }
              options={fuOptions('equipment', EQUIPMENT_USES, t)}
            />
            <TextAreaInput
              name="equipmentNote"
              id="visit-equipment-note"
              label={`${t('followup.visit.equipmentNote')} ${t('common.optional')}`}
              rows={2}
              maxLength={1000}
            />
          </>
        ) : null}
        <Chips
          name="kitInUse"
          id="visit-kit"
          legend={t('followup.visit.kit')}
          options={fuOptions('tri', TRI_STATE, t)}
          big
        />
        <Chips
          name="housingStable"
          id="visit-housing"
          legend={t('followup.visit.housing')}
          options={fuOptions('tri', TRI_STATE, t)}
          big
        />
        <Chips
          name="familySupport"
          id="visit-family"
          legend={t('followup.visit.family')}
          options={fuOptions('tri', TRI_STATE, t)}
          big
        />
        <Chips
          name="healthAccess"
          id="visit-health"
          legend={t('followup.visit.health')}
          options={fuOptions('tri', TRI_STATE, t)}
          big
        />
        <Chips
          name="documents"
          id="visit-documents"
          legend={t('followup.visit.documents')}
          options={fuOptions('tri', TRI_STATE, t)}
          big
        />
        <Chips
          name="wellbeing"
          id="visit-wellbeing"
          legend={t('followup.visit.wellbeing')}
          hint={t('followup.visit.wellbeingHint')}
          options={fuOptions('wellbeing', WELLBEING, t)}
        />
        <Chips
          name="safetyConcern"
          id="visit-safety"
          legend={t('followup.visit.safety')}
          hint={t('followup.visit.safetyHint')}
          options={[
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
          big
        />
        <Chips
          name="returnRisk"
          id="visit-risk"
          legend={t('followup.visit.risk')}
          hint={t('followup.visit.riskHint')}
          options={fuOptions('risks', RETURN_RISKS, t)}
        />
        <TextAreaInput
          name="needs"
          id="visit-needs"
          label={`${t('followup.visit.needs')} ${t('common.optional')}`}
          rows={3}
          maxLength={1000}
        />
        <TextAreaInput
          name="notes"
          id="visit-notes"
          label={`${t('followup.visit.notes')} ${t('common.optional')}`}
          rows={3}
          maxLength={2000}
        />
        <div className="button-row">
          <SubmitButton className="button button-primary fu-save">{t('field.visit.save')}</SubmitButton>
        </div>
      </SchemaForm>
    </section>
  );
}
