// A programme's stage rules: which stage each event of the work (an approved assessment, an enrolment, a
// graduation …) moves a case to in this programme, and whether that is the office's rule or the programme's own.
// Everyone who reads programmes sees the table; the head of section (programme.manage) picks a stage per event,
// saves, and puts one event or all of them back on the office's rule. Registration, closure and the visit after
// closure always follow the office (closing a case is a decision), so they are shown, never offered.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { STAGES, type Stage } from '../../../shared/codes.ts';
import { FIXED_STAGE_EVENTS, type StageEvent } from '../../../shared/stages.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { codeLabel } from '../../labels.ts';
import { usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { programmeError } from './shared.ts';

/** Stages only an approved closure reaches: the server refuses them in a programme's rule. */
const CLOSING: readonly Stage[] = ['TERMINASI', 'BIMBINGAN_LANJUT'];
const editable = (event: StageEvent) => !FIXED_STAGE_EVENTS.includes(event);
const selectId = (event: StageEvent) => `stage-rule-${event}`;
type StageRule = Reply<'GET /api/programmes/:id/stage-rules'>['items'][number];

/** The programme's own rules to send: those it has, with the stages chosen on screen in place of the saved ones. */
function ownRules(saved: StageRule[], changes: Partial<Record<StageEvent, Stage>>) {
  return saved
    .filter((r) => editable(r.event) && (r.source === 'programme' || changes[r.event] !== undefined))
    .map((r) => ({ event: r.event, stage: changes[r.event] ?? r.stage }));
}

export function ProgrammeStageRulesPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('programme.manage');
  const programmeQuery = useApi('GET /api/programmes/:id', { params: { id } });
  const rulesQuery = useApi('GET /api/programmes/:id/stage-rules', { params: { id } });
  const setRules = useApiMutation('PUT /api/programmes/:id/stage-rules');
  const programme = programmeQuery.data;
  const rules = rulesQuery.data?.items;
  const loadError = programmeQuery.error ?? rulesQuery.error;
  /** Stages picked on screen and not saved yet (only those that differ from the saved rule). */
  const [changes, setChanges] = useState<Partial<Record<StageEvent, Stage>>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const busy = setRules.isPending;
  /** The select to focus once a reset has re-rendered the table (its reset button is gone by then). */
  const [focusAfter, setFocusAfter] = useState<StageEvent | null>(null);
  usePageTitle(
    programme ? t('programme.stageRules.titleOf', { name: programme.name }) : t('programme.stageRules.title'),
  );

  useEffect(() => {
    if (!focusAfter) return;
    document.getElementById(selectId(focusAfter))?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!programme || !rules) {
    return (
      <section className="prog">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('programme.stageRules.loading')}</p>}
      </section>
    );
  }

  const eventLabel = (event: StageEvent) => codeLabel('stageEvents', event, t);
  const stageLabel = (stage: Stage) => codeLabel('stages', stage, t);
  const pending = Object.keys(changes).length > 0;
  const hasOwn = rules.some((r) => r.source === 'programme');

  /** Sends the programme's whole set of own rules; `keep` says which unsaved picks stay on screen afterwards. */
  async function send(
    body: { event: StageEvent; stage: Stage }[],
    message: string,
    keep: (event: StageEvent) => boolean,
  ) {
    setError(null);
    setNotice(null);
    try {
      const { items } = (await setRules.mutateAsync({ params: { id }, body: { rules: body } })).data;
      setChanges((c) => {
        const next: Partial<Record<StageEvent, Stage>> = {};
        for (const r of items) {
          const picked = c[r.event];
          if (picked !== undefined && keep(r.event) && picked !== r.stage) next[r.event] = picked;
        }
        return next;
      });
      setNotice(message);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    if (!rules || !pending) return;
    void send(ownRules(rules, changes), t('programme.stageRules.saved'), () => false);
  }

  // One event back on the office's rule: the saved own rules without it (picks on other rows stay, unsaved).
  async function resetRow(event: StageEvent) {
    if (!rules) return;
    const body = ownRules(rules, {}).filter((r) => r.event !== event);
    const done = await send(
      body,
      t('programme.stageRules.resetRowDone', { event: eventLabel(event) }),
      (e) => e !== event,
    );
    if (done) setFocusAfter(event);
  }

  function pick(rule: StageRule, stage: Stage) {
    setNotice(null);
    setChanges((c) => {
      const next = { ...c };
      if (stage === rule.stage) delete next[rule.event];
      else next[rule.event] = stage;
      return next;
    });
  }

  const options = (rule: StageRule) => STAGES.filter((s) => !CLOSING.includes(s) || s === rule.stage);

  return (
    <section className="prog stage-rules">
      <p className="breadcrumb">
        <Link href="/programmes">{t('programme.stageRules.back')}</Link>
      </p>
      <h1>{t('programme.stageRules.titleOf', { name: programme.name })}</h1>
      <p>{t('programme.stageRules.intro')}</p>
      <p className="note">{t('programme.stageRules.fixedNote')}</p>
      {manage ? null : <p className="note">{t('programme.stageRules.readOnly')}</p>}
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      {/* A refresh that failed: the rules shown are the last ones read. */}
      <ErrorAlert error={loadError} />
      <form onSubmit={save} noValidate aria-label={t('programme.stageRules.caption')}>
        <table className="data-table prog-table stage-rules-table">
          <caption className="visually-hidden">{t('programme.stageRules.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('programme.stageRules.colEvent')}</th>
              <th scope="col">{t('programme.stageRules.colStage')}</th>
              <th scope="col">{t('programme.stageRules.colSource')}</th>
              {manage ? <th scope="col">{t('programme.stageRules.colActions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => {
              const own = r.source === 'programme';
              const picked = changes[r.event];
              return (
                <tr key={r.event} data-event={r.event}>
                  <th scope="row" data-label={t('programme.stageRules.colEvent')}>
                    {eventLabel(r.event)}
                  </th>
                  <td data-label={t('programme.stageRules.colStage')}>
                    {manage && editable(r.event) ? (
                      <>
                        <label htmlFor={selectId(r.event)} className="visually-hidden">
                          {t('programme.stageRules.stageOf', { event: eventLabel(r.event) })}
                        </label>
                        <select
                          id={selectId(r.event)}
                          value={picked ?? r.stage}
                          disabled={busy}
                          onChange={(e) => pick(r, e.currentTarget.value as Stage)}
                        >
                          {options(r).map((s) => (
                            <option key={s} value={s}>
                              {stageLabel(s)}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      <>
                        {stageLabel(r.stage)}
                        {editable(r.event) ? null : (
                          <>
                            <br />
                            <span className="note">{t('programme.stageRules.fixed')}</span>
                          </>
                        )}
                      </>
                    )}
                  </td>
                  <td data-label={t('programme.stageRules.colSource')}>
                    <span className={`badge ${own ? 'badge-stage' : 'badge-muted'} stage-rule-source`}>
                      {own ? t('programme.stageRules.sourceProgramme') : t('programme.stageRules.sourceOffice')}
                    </span>
                    {picked !== undefined ? (
                      <>
                        {' '}
                        <span className="badge badge-warn">{t('programme.stageRules.unsaved')}</span>
                      </>
                    ) : null}
                  </td>
                  {manage ? (
                    <td data-label={t('programme.stageRules.colActions')}>
                      {own ? (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-label={t('programme.stageRules.resetRowOf', { event: eventLabel(r.event) })}
                          disabled={busy}
                          onClick={() => void resetRow(r.event)}
                        >
                          {t('programme.stageRules.resetRow')}
                        </button>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
        {manage ? (
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || !pending}>
              {busy ? t('common.saving') : t('programme.stageRules.save')}
            </button>
            {pending ? (
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => {
                  setChanges({});
                  setNotice(null);
                }}
              >
                {t('programme.stageRules.discard')}
              </button>
            ) : null}
            {hasOwn ? (
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={async () => {
                  if (await send([], t('programme.stageRules.resetAllDone'), () => false))
                    setFocusAfter(rules.find((r) => editable(r.event))?.event ?? null);
                }}
              >
                {t('programme.stageRules.resetAll')}
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
    </section>
  );
}
