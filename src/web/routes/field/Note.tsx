// A case note written on the device (type and text), kept sealed in the outbox until it is sent.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { NOTE_TYPES } from '../../../shared/codes.ts';
import type { FieldParticipant } from '../../../shared/field-api.ts';
import { noteCreateBody } from '../../../shared/participants-api.ts';
import { SchemaForm, SelectInput, SubmitButton, TextAreaInput, useSchemaForm } from '../../forms/index.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { useField } from './FieldProvider.tsx';
import { NotInCache, WhenOpen } from './shared.tsx';

export function FieldNotePage({ participantId }: { participantId: string }) {
  return (
    <WhenOpen>
      <FieldNote participantId={participantId} />
    </WhenOpen>
  );
}

function FieldNote({ participantId }: { participantId: string }) {
  const person = useField().snapshot?.participants.find((p) => p.id === participantId) ?? null;
  return person ? <NoteForm person={person} /> : <NotInCache />;
}

function NoteForm({ person }: { person: FieldParticipant }) {
  const { t } = useTranslation();
  usePageTitle(t('field.note.title', { code: person.code }));
  const field = useField();
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(noteCreateBody, {
    defaultValues: { type: 'GENERAL' },
    messages: { body: t('field.note.bodyInvalid') },
  });

  async function save(values: z.output<typeof noteCreateBody>) {
    await field.record({
      kind: 'note',
      route: 'POST /api/participants/:id/notes',
      params: { id: person.id },
      body: values,
      summary: `${person.code} · ${t(`codes.noteTypes.${values.type}`)}`,
    });
    form.reset({ type: 'GENERAL' });
    navigate('/field');
  }

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link href="/field">{t('field.back')}</Link>
      </p>
      <h1>{t('field.note.title', { code: person.code })}</h1>
      <p>{person.preferredName}</p>
      <SchemaForm form={form} onSubmit={save} onError={setError} className="form" aria-labelledby="fnote-title">
        <h2 id="fnote-title" className="visually-hidden">
          {t('field.note.title', { code: person.code })}
        </h2>
        <p className="hint">{t('field.recorded')}</p>
        <ErrorAlert error={error} />
        <SelectInput name="type" label={t('field.note.type')} required>
          {NOTE_TYPES.map((c) => (
            <option key={c} value={c}>
              {t(`codes.noteTypes.${c}`)}
            </option>
          ))}
        </SelectInput>
        <TextAreaInput name="body" label={t('field.note.body')} rows={8} maxLength={20_000} required />
        <div className="button-row">
          <SubmitButton>{t('field.note.save')}</SubmitButton>
        </div>
      </SchemaForm>
    </section>
  );
}
