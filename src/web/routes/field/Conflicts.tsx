// Conflicts: writes the server refused (the record changed meanwhile, or a rule refuses them) stay on the device
// until she chooses. The list, and one conflict: her version beside the current one — for a register, person by
// person; for a visit, her answers beside the follow-up as it is now; for a note or an outreach contact, her text
// and the reason — with "Kirim versi saya" (when sending again can succeed) and "Pakai versi sekarang / Buang
// versi saya" (asked twice). Nothing is dropped without her choice.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { outreachBody } from '../../../shared/casework-api.ts';
import { visitBody } from '../../../shared/followup-api.ts';
import { noteCreateBody } from '../../../shared/participants-api.ts';
import { attendanceBody } from '../../../shared/programme-api.ts';
import { regionName } from '../../../shared/regions.ts';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDay } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import type { OutboxItem } from '../../field/index.ts';
import { useField } from './FieldProvider.tsx';
import { conflictReason, WhenOpen } from './shared.tsx';
import { shortTime } from './time.ts';

export function FieldConflictsPage() {
  return (
    <WhenOpen>
      <ConflictList />
    </WhenOpen>
  );
}

export function FieldConflictPage({ id }: { id: string }) {
  return (
    <WhenOpen>
      <ConflictById id={id} />
    </WhenOpen>
  );
}

function ConflictList() {
  const { t } = useTranslation();
  usePageTitle(t('field.conflicts.title'));
  const conflicts = useField().outbox.filter((i) => i.state === 'conflict');
  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link href="/field">{t('field.back')}</Link>
      </p>
      <h1>{t('field.conflicts.title')}</h1>
      <p className="lead">{t('field.conflicts.intro')}</p>
      {conflicts.length === 0 ? <p>{t('field.conflicts.empty')}</p> : null}
      <ul className="card-list">
        {conflicts.map((i) => (
          <li key={i.id} className="card">
            <strong>{t(`field.kinds.${i.kind}`)}</strong> · {i.summary}
            <br />
            <span className="hint">
              {conflictReason(i, t)}
              {i.conflict ? ` · ${t('field.conflicts.openedAt', { time: shortTime(i.conflict.openedAt) })}` : ''}
            </span>
            <br />
            <Link href={`/field/conflicts/${i.id}`} className="button button-secondary button-small">
              {t('field.conflicts.open')}
              <span className="visually-hidden"> {i.summary}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConflictById({ id }: { id: string }) {
  const { t } = useTranslation();
  const item = useField().outbox.find((i) => i.id === id && i.state === 'conflict') ?? null;
  if (!item) {
    return (
      <section className="narrow">
        <h1>{t('field.conflicts.title')}</h1>
        <p>{t('field.conflicts.gone')}</p>
        <p>
          <Link href="/field/conflicts">{t('field.conflicts.back')}</Link>
        </p>
      </section>
    );
  }
  return <ConflictView item={item} />;
}

/** One conflict: both versions and her two choices. Exported for its component test. */
export function ConflictView({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  usePageTitle(t('field.conflicts.detailTitle', { kind: t(`field.kinds.${item.kind}`) }));
  const field = useField();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canResend = !!item.conflict?.canResend;

  async function choose(action: 'resend' | 'discard') {
    setBusy(true);
    setError(null);
    try {
      if (action === 'resend') await field.resend(item.id);
      else await field.discard(item.id);
      setNotice(action === 'resend' ? t('field.conflicts.resent') : t('field.conflicts.discarded'));
      navigate('/field/conflicts');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="field-conflict">
      <p className="breadcrumb">
        <Link href="/field/conflicts">{t('field.conflicts.back')}</Link>
      </p>
      <h1>{t('field.conflicts.detailTitle', { kind: t(`field.kinds.${item.kind}`) })}</h1>
      <p>{item.summary}</p>
      <dl className="details">
        <div>
          <dt>{t('field.conflicts.reason')}</dt>
          <dd>{conflictReason(item, t)}</dd>
        </div>
      </dl>
      <Versions item={item} />
      <section aria-labelledby="fc-choose" className="field-section">
        <h2 id="fc-choose">{t('field.conflicts.choose')}</h2>
        {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
        <ErrorAlert error={error} />
        {canResend ? (
          <>
            <p className="hint">{t('field.conflicts.resendHelp')}</p>
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() => void choose('resend')}
              >
                {t('field.conflicts.resend')}
              </button>
            </div>
          </>
        ) : (
          <p className="note">{t('field.conflicts.cannotResend')}</p>
        )}
        <ConfirmAction
          label={t('field.conflicts.discard')}
          question={t('field.conflicts.discardQuestion')}
          confirmLabel={t('field.conflicts.discardConfirm')}
          onConfirm={() => choose('discard')}
          busy={busy}
          tone="secondary"
        />
      </section>
    </section>
  );
}

const currentRegister = z.object({
  items: z.array(
    z.object({
      participantId: z.string(),
      code: z.string(),
      preferredName: z.string(),
      status: z.string().nullable(),
    }),
  ),
});
const currentFollowUp = z.object({
  status: z.string(),
  visits: z.array(z.object({ date: z.string() })).optional(),
});

const attendanceWord = (s: string | null | undefined, t: TFunction) =>
  s ? t(`programme.codes.attendance.${s}` as 'programme.codes.attendance.PRESENT') : t('field.attendance.notMarked');

/** Her version beside the current one, by kind. */
function Versions({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const snapshot = useField().snapshot;
  const current = item.conflict?.current ?? null;

  if (item.kind === 'attendance') {
    const mine = attendanceBody.safeParse(item.body);
    const now = currentRegister.safeParse(current);
    const session = snapshot?.sessions.find((s) => s.id === item.params?.id);
    const who = (pid: string) => {
      const p =
        (now.success ? now.data.items.find((i) => i.participantId === pid) : undefined) ??
        session?.people.find((x) => x.participantId === pid);
      return p ? `${p.code} ${p.preferredName}` : pid;
    };
    return (
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('field.conflicts.person')}</th>
              <th scope="col">{t('field.conflicts.mine')}</th>
              <th scope="col">{t('field.conflicts.current')}</th>
            </tr>
          </thead>
          <tbody>
            {(mine.success ? mine.data : []).map((m) => {
              const theirs = now.success ? now.data.items.find((i) => i.participantId === m.participantId) : undefined;
              return (
                <tr key={m.participantId}>
                  <th scope="row">{who(m.participantId)}</th>
                  <td>{attendanceWord(m.status, t)}</td>
                  <td>{now.success ? attendanceWord(theirs?.status, t) : t('field.conflicts.currentUnknown')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }

  if (item.kind === 'visit') {
    const mine = visitBody.safeParse(item.body);
    const now = currentFollowUp.safeParse(current);
    const last = now.success ? now.data.visits?.at(-1) : undefined;
    return (
      <div className="field-versions">
        <section aria-labelledby="fc-mine">
          <h2 id="fc-mine">{t('field.conflicts.mine')}</h2>
          {mine.success ? (
            <dl className="details">
              <div>
                <dt>{t('followup.visit.date')}</dt>
                <dd>{formatDay(mine.data.date)}</dd>
              </div>
              <div>
                <dt>{t('followup.visit.method')}</dt>
                <dd>{t(`followup.codes.methods.${mine.data.method}`)}</dd>
              </div>
              <div>
                <dt>{t('followup.visit.business')}</dt>
                <dd>{t(`followup.codes.business.${mine.data.businessStatus}`)}</dd>
              </div>
              <div>
                <dt>{t('followup.visit.risk')}</dt>
                <dd>{t(`followup.codes.risks.${mine.data.returnRisk}`)}</dd>
              </div>
              {mine.data.needs ? (
                <div>
                  <dt>{t('followup.visit.needs')}</dt>
                  <dd>{mine.data.needs}</dd>
                </div>
              ) : null}
              {mine.data.notes ? (
                <div>
                  <dt>{t('followup.visit.notes')}</dt>
                  <dd>{mine.data.notes}</dd>
                </div>
              ) : null}
            </dl>
          ) : null}
        </section>
        <section aria-labelledby="fc-current">
          <h2 id="fc-current">{t('field.conflicts.current')}</h2>
          {now.success ? (
            <dl className="details">
              <div>
                <dt>{t('field.conflicts.fields.status')}</dt>
                <dd>{t(`followup.codes.statuses.${now.data.status}` as 'followup.codes.statuses.DUE')}</dd>
              </div>
              {last ? (
                <div>
                  <dt>{t('followup.visit.date')}</dt>
                  <dd>{formatDay(last.date)}</dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <p>{t('field.conflicts.currentUnknown')}</p>
          )}
        </section>
      </div>
    );
  }

  if (item.kind === 'note') {
    const mine = noteCreateBody.safeParse(item.body);
    return (
      <section aria-labelledby="fc-mine">
        <h2 id="fc-mine">{t('field.conflicts.mine')}</h2>
        {mine.success ? (
          <>
            <p>{t(`codes.noteTypes.${mine.data.type}`)}</p>
            <p className="note-body">{mine.data.body}</p>
          </>
        ) : null}
      </section>
    );
  }

  const mine = outreachBody.safeParse(item.body);
  return (
    <section aria-labelledby="fc-mine">
      <h2 id="fc-mine">{t('field.conflicts.mine')}</h2>
      {mine.success ? (
        <dl className="details">
          <div>
            <dt>{t('field.conflicts.fields.date')}</dt>
            <dd>{formatDay(mine.data.contactDate)}</dd>
          </div>
          <div>
            <dt>{t('field.conflicts.fields.region')}</dt>
            <dd>{regionName(mine.data.regionCode)}</dd>
          </div>
          <div>
            <dt>{t('field.conflicts.fields.outcome')}</dt>
            <dd>{t(`casework.codes.outcomes.${mine.data.outcome}` as 'casework.codes.outcomes.DECLINED')}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
