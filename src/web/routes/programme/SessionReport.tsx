// What happened at a held session, on its attendance screen: whether its partner came (when it names one) and a
// short report of what was discussed and done. Whoever marks the session's attendance records them, under the same
// rules (from the session's day, not on a cancelled one, not after the lock); everyone else who sees the session
// reads them. The report is about the session, never about a participant.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { sessionReportBody } from '../../../shared/programme-api.ts';
import { isStaleVersion, type Reply } from '../../data/client.ts';
import { invalidateResources, useApiMutation } from '../../data/query.ts';
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

export function SessionReportPanel({
  session,
  editable,
}: {
  session: Session;
  /** The signed-in person may record them now. */
  editable: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSchemaForm(reportForm, { defaultValues: valuesOf(session) });
  // A newer version read (someone else's report, or a refresh) is shown unless she is typing one of her own.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the version changes
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(valuesOf(session));
  }, [session.version]);
  // The session's own version is sent (If-Match). No read answers the session alone, so a change made meanwhile
  // is said in the alert and the session read again; what she typed stays, to save over the new version.
  const save = useApiMutation('PUT /api/sessions/:id/report', {
    onError: (err) => {
      if (isStaleVersion(err)) void invalidateResources(client, [`/api/sessions/${session.id}`]);
    },
  });

  const attendedLabel: Record<Attended, string> = {
    yes: t('programme.sessionReport.attendedYes'),
    no: t('programme.sessionReport.attendedNo'),
    unknown: t('programme.sessionReport.attendedUnknown'),
  };

  async function submit({ attended, report }: z.output<typeof reportForm>) {
    setError(null);
    setNotice(null);
    await save.mutateAsync({
      params: { id: session.id },
      ifMatch: session.version,
      body: {
        partnerAttended: session.partnerId ? (attended === 'unknown' ? null : attended === 'yes') : null,
        report: report ? report : null,
      },
    });
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
