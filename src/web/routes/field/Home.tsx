// The field home: her work for the next days from the device's cache — participants with open tasks, her
// sessions, her follow-ups, a way to record an outreach contact — and the outbox (waiting and conflicts). Nothing
// here asks the server: it all comes from the cache opened in memory.
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { formatTimeRange, formatWeekdayDate, pLabel } from '../programme/shared.ts';
import { useField } from './FieldProvider.tsx';
import { taskLabel, WhenOpen } from './shared.tsx';
import { shortTime } from './time.ts';

export function FieldHomePage() {
  return (
    <WhenOpen>
      <FieldHome />
    </WhenOpen>
  );
}

function FieldHome() {
  const { t } = useTranslation();
  usePageTitle(t('field.home.title'));
  const field = useField();
  const snap = field.snapshot;
  const outbox = field.outbox;
  const conflicts = outbox.filter((i) => i.state === 'conflict');
  const waiting = outbox.filter((i) => i.state !== 'conflict');
  const withTasks = snap?.participants.filter((p) => p.tasks.length > 0) ?? [];

  return (
    <section className="field-home">
      <h1>{t('field.home.title')}</h1>
      <p className="lead">{t('field.home.intro')}</p>
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={!!field.sync?.syncing}
          onClick={() => void field.syncNow()}
        >
          {t('field.home.syncNow')}
        </button>
      </div>
      {snap ? (
        <p className="hint">{t('field.home.generatedAt', { time: shortTime(snap.generatedAt) })}</p>
      ) : (
        <p role="status">{t('field.home.empty')}</p>
      )}

      <section aria-labelledby="field-outbox-title" className="field-section">
        <h2 id="field-outbox-title">{t('field.home.outboxTitle')}</h2>
        {outbox.length === 0 ? <p>{t('field.home.outboxEmpty')}</p> : null}
        {conflicts.length > 0 ? (
          <p>
            <Link href="/field/conflicts" className="button button-primary">
              {t('field.home.toConflicts')} ({conflicts.length})
            </Link>
          </p>
        ) : null}
        {waiting.length > 0 ? (
          <ul className="card-list">
            {waiting.map((i) => (
              <li key={i.id} className="card">
                <strong>{t(`field.kinds.${i.kind}`)}</strong> · {i.summary}
                <br />
                <span className="hint">
                  {i.state === 'sending' ? t('field.home.outboxSending') : t('field.home.outboxWaiting')} ·{' '}
                  {t('field.home.madeAt', { time: shortTime(i.deviceTime) })}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      {snap ? (
        <>
          <section aria-labelledby="field-sessions-title" className="field-section">
            <h2 id="field-sessions-title">{t('field.home.sessionsTitle')}</h2>
            {snap.sessions.length === 0 ? <p>{t('field.home.sessionsEmpty')}</p> : null}
            <ul className="card-list">
              {snap.sessions.map((s) => (
                <li key={s.id} className="card">
                  <strong>{formatWeekdayDate(s.date)}</strong> · {formatTimeRange(s.startTime, s.endTime)}
                  <br />
                  {s.title ?? pLabel('sessionTypes', s.type, t)} · {s.cohortName}
                  {s.place ? ` · ${s.place}` : ''}
                  <br />
                  <span className="hint">{t('field.home.people', { count: s.people.length })}</span>
                  {s.locked ? <span className="badge badge-muted">{t('field.home.locked')}</span> : null}
                  <br />
                  <Link href={`/field/sessions/${s.id}`} className="button button-secondary button-small">
                    {t('field.home.takeAttendance')}
                    <span className="visually-hidden">
                      {' '}
                      {formatWeekdayDate(s.date)} {s.cohortName}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="field-followups-title" className="field-section">
            <h2 id="field-followups-title">{t('field.home.followUpsTitle')}</h2>
            {snap.followUps.length === 0 ? <p>{t('field.home.followUpsEmpty')}</p> : null}
            <ul className="card-list">
              {snap.followUps.map((f) => (
                <li key={f.id} className="card">
                  <span className="code-link">{f.code}</span> {f.preferredName}
                  <br />
                  <span className="hint">{t('field.home.due', { date: formatDay(f.dueDate) })}</span>
                  <br />
                  <Link href={`/field/visits/${f.id}`} className="button button-secondary button-small">
                    {t('field.home.recordVisit')}
                    <span className="visually-hidden"> {f.code}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="field-participants-title" className="field-section">
            <h2 id="field-participants-title">{t('field.home.participantsTitle')}</h2>
            {withTasks.length === 0 ? <p>{t('field.home.participantsEmpty')}</p> : null}
            <ul className="card-list">
              {withTasks.map((p) => (
                <li key={p.id} className="card">
                  <span className="code-link">{p.code}</span> {p.preferredName}
                  <ul>
                    {p.tasks.map((task, n) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a participant's tasks have no id of their own
                      <li key={n}>
                        {taskLabel(task.kind, t)}
                        {task.due ? ` · ${t('field.home.due', { date: formatDay(task.due) })}` : ''}
                      </li>
                    ))}
                  </ul>
                  <Link href={`/field/notes/${p.id}`} className="button button-secondary button-small">
                    {t('field.home.writeNote')}
                    <span className="visually-hidden"> {p.code}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>

          {/* Only for whoever records outreach (the snapshot names her regions; a facilitator has none). */}
          {snap.outreachRegions.length > 0 ? (
            <section aria-labelledby="field-outreach-title" className="field-section">
              <h2 id="field-outreach-title">{t('field.home.outreachTitle')}</h2>
              <p>
                <Link href="/field/outreach" className="button button-secondary">
                  {t('field.home.outreach')}
                </Link>
              </p>
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
