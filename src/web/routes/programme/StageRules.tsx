// A programme's stage rules: which stage each event of the work (an approved assessment, an enrolment, a
// graduation …) moves a case to in this programme, and whether that is the office's rule or the programme's own.
// Everyone who reads programmes sees the table; the head of section (programme.manage) picks a stage per event,
// saves, and puts one event or all of them back on the office's rule. Registration, closure and the visit after
// closure always follow the office (closing a case is a decision), so they are shown, never offered.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { STAGES, type Stage } from '../../../shared/codes.ts';
import { stageRulesBody } from '../../../shared/programme-api.ts';
import { FIXED_STAGE_EVENTS, type StageEvent } from '../../../shared/stages.ts';
import { ApiError, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SchemaForm, SelectInput, SubmitButton, bodyField, useDirtyGuard, useSchemaForm } from '../../forms/index.ts';
import { codeLabel } from '../../labels.ts';
import { usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { programmeError } from './shared.ts';

/** Stages only an approved closure reaches: the server refuses them in a programme's rule. */
const CLOSING: readonly Stage[] = ['TERMINASI', 'BIMBINGAN_LANJUT'];
const editable = (event: StageEvent) => !FIXED_STAGE_EVENTS.includes(event);
const selectId = (event: StageEvent) => `stage-rule-${event}`;
type StageRule = Reply<'GET /api/programmes/:id/stage-rules'>['items'][number];
type RulesIn = z.input<typeof stageRulesBody>;
type Rule = { event: StageEvent; stage: Stage };

/**
 * The form's values: one row per event a programme may change, with its saved stage. The form is the body of the
 * PUT over every changeable event; what is sent is the programme's own rules (see `ownRules`).
 */
const valuesOf = (saved: readonly StageRule[]): RulesIn => ({
  rules: saved.filter((r) => editable(r.event)).map((r) => ({ event: r.event, stage: r.stage })),
});

/** The programme's own rules to send: those it has, and every event whose stage differs on screen from the saved. */
function ownRules(saved: readonly StageRule[], onScreen: readonly Rule[]): Rule[] {
  const picked = new Map(onScreen.map((r) => [r.event, r.stage]));
  return saved
    .filter((r) => editable(r.event))
    .map((r) => ({
      event: r.event,
      stage: picked.get(r.event) ?? r.stage,
      own: r.source === 'programme',
      was: r.stage,
    }))
    .filter((r) => r.own || r.stage !== r.was)
    .map(({ event, stage }) => ({ event, stage }));
}

export function ProgrammeStageRulesPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const programmeQuery = useApi('GET /api/programmes/:id', { params: { id } });
  const rulesQuery = useApi('GET /api/programmes/:id/stage-rules', { params: { id } });
  const programme = programmeQuery.data;
  const rules = rulesQuery.data?.items;
  const loadError = programmeQuery.error ?? rulesQuery.error;
  usePageTitle(
    programme ? t('programme.stageRules.titleOf', { name: programme.name }) : t('programme.stageRules.title'),
  );

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!programme || !rules) {
    return (
      <section className="prog">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('programme.stageRules.loading')}</p>}
      </section>
    );
  }
  return (
    <section className="prog stage-rules">
      <p className="breadcrumb">
        <Link href="/programmes">{t('programme.stageRules.back')}</Link>
      </p>
      <h1>{t('programme.stageRules.titleOf', { name: programme.name })}</h1>
      <p>{t('programme.stageRules.intro')}</p>
      <p className="note">{t('programme.stageRules.fixedNote')}</p>
      {/* A refresh that failed: the rules shown are the last ones read. */}
      <StageRulesForm id={id} rules={rules} loadError={loadError} />
    </section>
  );
}

/**
 * The table of events as a schema form over the PUT's body: a select per changeable event (for the head of
 * section), the saved rule's source beside it and "not saved" where the stage on screen differs. Saving sends the
 * programme's whole set of own rules; putting one event or all of them back on the office's rule sends the saved
 * set without them and keeps the other unsaved picks on screen. The rules have no version: the PUT replaces the
 * programme's whole set, and what was saved is read back from its answer.
 */
function StageRulesForm({ id, rules, loadError }: { id: string; rules: StageRule[]; loadError: unknown }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('programme.manage');
  const setRules = useApiMutation('PUT /api/programmes/:id/stage-rules');
  const form = useSchemaForm(stageRulesBody, { defaultValues: valuesOf(rules) });
  const onScreen = (useWatch({ control: form.control, name: 'rules' }) ?? []) as Rule[];
  const { isDirty } = form.formState;
  useDirtyGuard(isDirty);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const busy = setRules.isPending;
  /** The select to focus once a reset has re-rendered the table (its reset button is gone by then). */
  const [focusAfter, setFocusAfter] = useState<StageEvent | null>(null);
  /** The rules last sent: the server's field paths (body.rules.N.stage) count in this list, not in the form's. */
  const sent = useRef<Rule[]>([]);
  const rowOf = (event: StageEvent) => form.getValues('rules').findIndex((r) => r.event === event);

  /**
   * The form on a newly saved set: its defaults become the saved stages; a stage picked on screen and not saved
   * stays when `keep` says so and it still differs from the saved one.
   */
  const rebase = useRef((saved: readonly StageRule[], keep: (event: StageEvent) => boolean) => {
    const before = new Map((form.getValues('rules') as Rule[]).map((r) => [r.event, r.stage]));
    const next = valuesOf(saved);
    form.reset(next);
    next.rules.forEach((r, i) => {
      const picked = before.get(r.event);
      if (picked !== undefined && picked !== r.stage && keep(r.event))
        form.setValue(`rules.${i}.stage`, picked, { shouldDirty: true });
    });
  });
  // Read again (after a save, or changed by someone else meanwhile): the saved stages follow, her picks stay.
  useEffect(() => {
    rebase.current(rules, () => true);
  }, [rules]);

  useEffect(() => {
    if (!focusAfter) return;
    document.getElementById(selectId(focusAfter))?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  const eventLabel = (event: StageEvent) => codeLabel('stageEvents', event, t);
  const stageLabel = (stage: Stage) => codeLabel('stages', stage, t);
  const hasOwn = rules.some((r) => r.source === 'programme');
  const pickedOf = new Map(onScreen.map((r) => [r.event, r.stage]));

  /** Sends the programme's whole set of own rules; `keep` says which unsaved picks stay on screen afterwards. */
  async function send(body: Rule[], keep: (event: StageEvent) => boolean) {
    sent.current = body;
    const { items } = (await setRules.mutateAsync({ params: { id }, body: { rules: body } })).data;
    rebase.current(items, keep);
  }

  async function save(values: z.output<typeof stageRulesBody>) {
    setNotice(null);
    await send(ownRules(rules, values.rules), () => false);
    setNotice(t('programme.stageRules.saved'));
  }

  /** Puts events back on the office's rule (one, or all with `event` null), outside the form's own submit. */
  async function reset(event: StageEvent | null) {
    setError(null);
    setNotice(null);
    form.clearErrors();
    try {
      const body = event ? ownRules(rules, []).filter((r) => r.event !== event) : [];
      await send(body, (e) => event !== null && e !== event);
      setNotice(
        event
          ? t('programme.stageRules.resetRowDone', { event: eventLabel(event) })
          : t('programme.stageRules.resetAllDone'),
      );
      setFocusAfter(event ?? rules.find((r) => editable(r.event))?.event ?? null);
    } catch (err) {
      setError(err);
    }
  }

  /** The server's `rules.N.stage` (N in the list sent) onto the form's row of the same event. */
  const fieldOf = (path: string) => {
    const f = bodyField(path);
    const m = /^rules\.(\d+)(\..*)?$/.exec(f);
    const rule = m ? sent.current[Number(m[1])] : undefined;
    if (!m || !rule) return f;
    const row = rowOf(rule.event);
    return row < 0 ? f : `rules.${row}${m[2] ?? '.stage'}`;
  };

  const options = (rule: StageRule) => STAGES.filter((s) => !CLOSING.includes(s) || s === rule.stage);

  return (
    <>
      {manage ? null : <p className="note">{t('programme.stageRules.readOnly')}</p>}
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <ErrorAlert error={loadError} />
      <SchemaForm
        form={form}
        onSubmit={save}
        onError={setError}
        fieldOf={fieldOf}
        pending={busy}
        aria-label={t('programme.stageRules.caption')}
      >
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
              const row = onScreen.findIndex((x) => x.event === r.event);
              const picked = pickedOf.get(r.event);
              const unsaved = picked !== undefined && picked !== r.stage;
              return (
                <tr key={r.event} data-event={r.event}>
                  <th scope="row" data-label={t('programme.stageRules.colEvent')}>
                    {eventLabel(r.event)}
                  </th>
                  <td data-label={t('programme.stageRules.colStage')}>
                    {manage && editable(r.event) && row >= 0 ? (
                      <SelectInput<RulesIn>
                        name={`rules.${row}.stage`}
                        id={selectId(r.event)}
                        label={
                          <span className="visually-hidden">
                            {t('programme.stageRules.stageOf', { event: eventLabel(r.event) })}
                          </span>
                        }
                        disabled={busy}
                      >
                        {options(r).map((s) => (
                          <option key={s} value={s}>
                            {stageLabel(s)}
                          </option>
                        ))}
                      </SelectInput>
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
                    {unsaved ? (
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
                          onClick={() => void reset(r.event)}
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
            <SubmitButton disabled={!isDirty}>{t('programme.stageRules.save')}</SubmitButton>
            {isDirty ? (
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => {
                  form.reset();
                  setNotice(null);
                  setError(null);
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
                onClick={() => void reset(null)}
              >
                {t('programme.stageRules.resetAll')}
              </button>
            ) : null}
          </div>
        ) : null}
      </SchemaForm>
    </>
  );
}
