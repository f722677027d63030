// What happened at a held session, on its attendance screen: whether its partner came (when it names one) and a
// short report of what was discussed and done. Whoever marks the session's attendance records them, under the same
// rules (from the session's day, not on a cancelled one, not after the lock); everyone else who sees the session
// reads them. The report is about the session, never about a participant.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { sessionReportBody } from '../../../shared/programme-api.ts';
import type { Reply } from '../../data/client.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { RadioGroupInput, TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { programmeError } from './shared.ts';

type Session = Reply<'GET /api/sessions/:id'>['session'];
type Attended = 'yes' | 'no' | 'unknown';
const attendedOf = (s: Session): Attended =>
  s.partnerAttended === null ? 'unknown' : s.partnerAttended ? 'yes' : 'no';

/** The report's body with "did the partner come" as the three answers she picks from. */
const reportForm = sessionReportBody
  .omit({ partnerAttended: true })
  .extend({ attended: z.enum(['yes', 'no', 'unknown']) });
type FormIn = z.input<typeof reportForm>;
const valuesOf = (s: Session): FormIn => ({ attended: attendedOf(s), report: s.report });
/** The report's fields, from the session, the session as read with its cohort, or the body sent. */
const reportFields = (v: unknown): Record<string, unknown> => {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const s = (typeof o.session === 'object' && o.session !== null ? o.session : o) as Record<string, unknown>;
  return { partnerAttended: s.partnerAttended ?? null, report: s.report ?? null };
};

export function SessionReportPanel({
  session,
  editable,
}: {
  session: Session;
  /** The signed-in person may record them now. */
  editable: boolean;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSchemaForm(reportForm, { defaultValues: valuesOf(session) });
  // The version her form was filled from: the base of her save (If-Match and the conflict dialog's "before").
  const [opened, setOpened] = useState(session);
  // A newer version read (someone else's report, or a refresh) is shown unless she is typing one of her own.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the version changes
  useEffect(() => {
    if (form.formState.isDirty) return;
    form.reset(valuesOf(session));
    setOpened(session);
  }, [session.version]);
  const attendedLabel: Record<Attended, string> = {
    yes: t('programme.sessionReport.attendedYes'),
    no: t('programme.sessionReport.attendedNo'),
    unknown: t('programme.sessionReport.attendedUnknown'),
  };
  // The session's own version is sent (If-Match). A report saved meanwhile opens the shared conflict dialog: the
  // other report beside hers, to load the latest or save hers over it.
  const save = useVersionedMutation('PUT /api/sessions/:id/report', {
    fieldsOf: reportFields,
    labelOf: (field) =>
      field === 'partnerAttended' ? t('programme.sessionReport.partnerAttended') : t('programme.sessionReport.report'),
    format: (field, value) =>
      field === 'partnerAttended' ? attendedLabel[value === true ? 'yes' : 'no'] : String(value),
    // Both fields are sent again (the server takes the whole report), hers over the latest.
    reapplyBody: (current, mine) => ({
      partnerAttended: ('partnerAttended' in mine ? mine.partnerAttended : current.partnerAttended) as boolean | null,
      report: ('report' in mine ? mine.report : current.report) as string | null,
    }),
  });

  async function submit({ attended, report }: z.output<typeof reportForm>) {
    setError(null);
    setNotice(null);
    const args = { params: { id: session.id } };
    const result = await save.save({
      call: {
        ...args,
        body: {
          partnerAttended: session.partnerId ? (attended === 'unknown' ? null : attended === 'yes') : null,
          report: report ? report : null,
        },
      },
      base: opened,
      record: { key: 'GET /api/sessions/:id', args },
    });
    if (result.outcome === 'reloaded') {
      setOpened(result.current.session);
      form.reset(valuesOf(result.current.session));
      return;
    }
    setOpened(result.answer.data);
    form.reset({ attended, report: report || null });
    setNotice(t('programme.sessionReport.saved'));
  }

  return (
    <section className="step session-report" aria-labelledby="session-report-title">
      <h2 id="session-report-title">{t('programme.sessionReport.title')}</h2>
      {editable ? (
        <SchemaForm
          form={form}
          onSubmit={submit}
          onError={setError}
          pending={save.isPending}
          className="prog-form"
          aria-labelledby="session-report-title"
        >
          <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
          {notice ? (
            <StatusMessage tone="success">
              <p>{notice}</p>
            </StatusMessage>
          ) : null}
          {session.partnerId ? (
            <RadioGroupInput<FormIn, Attended>
              name="attended"
              id="session-partner-attended"
              legend={`${t('programme.sessionReport.partnerAttended')}: ${session.partner ?? ''}`}
              options={(['yes', 'no', 'unknown'] as const).map((v) => ({ value: v, label: attendedLabel[v] }))}
            />
          ) : null}
          <TextAreaInput<FormIn>
            name="report"
            id="session-report"
            label={t('programme.sessionReport.report')}
            hint={t('programme.sessionReport.reportHint')}
            maxLength={2000}
            emptyValue={null}
          />
          <div className="button-row">
            <SubmitButton>{t('programme.sessionReport.save')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : (
        <dl className="inline-details">
          {session.partnerId ? (
            <div>
              <dt>{t('programme.sessionReport.partnerAttended')}</dt>
              <dd>{attendedLabel[attendedOf(session)]}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('programme.sessionReport.report')}</dt>
            <dd className="prewrap">{session.report ?? t('programme.sessionReport.reportNone')}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
