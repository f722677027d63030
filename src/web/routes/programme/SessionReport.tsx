// What happened at a held session, on its attendance screen: whether its partner came (when it names one) and a
// short report of what was discussed and done. Whoever marks the session's attendance records them, under the same
// rules (from the session's day, not on a cancelled one, not after the lock); everyone else who sees the session
// reads them. The report is about the session, never about a participant.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf, programmeApi, type Session } from '../../api-programme.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { RadioGroup, TextAreaField } from '../../components/Field.tsx';
import { programmeError } from './shared.ts';

type Attended = 'yes' | 'no' | 'unknown';
const attendedOf = (s: Session): Attended =>
  s.partnerAttended === null ? 'unknown' : s.partnerAttended ? 'yes' : 'no';

export function SessionReportPanel({
  session,
  editable,
  onSaved,
}: {
  session: Session;
  /** The signed-in person may record them now. */
  editable: boolean;
  onSaved(s: Session): void;
}) {
  const { t } = useTranslation();
  const [attended, setAttended] = useState<Attended>(attendedOf(session));
  const [report, setReport] = useState(session.report ?? '');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setAttended(attendedOf(session));
    setReport(session.report ?? '');
  }, [session]);

  const attendedLabel: Record<Attended, string> = {
    yes: t('programme.sessionReport.attendedYes'),
    no: t('programme.sessionReport.attendedNo'),
    unknown: t('programme.sessionReport.attendedUnknown'),
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const saved = await programmeApi.sessions.report(session.id, etagOf(session), {
        partnerAttended: session.partnerId ? (attended === 'unknown' ? null : attended === 'yes') : null,
        report: report.trim() ? report.trim() : null,
      });
      setNotice(t('programme.sessionReport.saved'));
      onSaved(saved.item);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="step session-report" aria-labelledby="session-report-title">
      <h2 id="session-report-title">{t('programme.sessionReport.title')}</h2>
      {editable ? (
        <form className="prog-form" onSubmit={save} noValidate aria-labelledby="session-report-title">
          <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
          {notice ? (
            <StatusMessage tone="success">
              <p>{notice}</p>
            </StatusMessage>
          ) : null}
          {session.partnerId ? (
            <RadioGroup<Attended>
              id="session-partner-attended"
              legend={`${t('programme.sessionReport.partnerAttended')}: ${session.partner ?? ''}`}
              options={(['yes', 'no', 'unknown'] as const).map((v) => ({ value: v, label: attendedLabel[v] }))}
              value={attended}
              onChange={setAttended}
            />
          ) : null}
          <TextAreaField
            id="session-report"
            label={t('programme.sessionReport.report')}
            hint={t('programme.sessionReport.reportHint')}
            value={report}
            maxLength={2000}
            onChange={(e) => setReport(e.currentTarget.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('programme.sessionReport.save')}
            </button>
          </div>
        </form>
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
