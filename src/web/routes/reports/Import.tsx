// The import wizard: 1 choose an XLSX/CSV file (the server reads its headers), 2 match its columns to the
// fields (or use a saved mapping; save this one under a name), 3 the dry run with row-level problems (row,
// column, message; nothing is registered), 4 register every row in one go, with a progress bar fed by the
// server's own count, 5 the result. The chosen file and mapping stay in memory between steps, so going
// back loses nothing.
import { useEffect, useRef, useState } from 'react';
import { useController } from 'react-hook-form';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { IMPORT_FIELDS, importMappingBody, importMappingFields } from '../../../shared/import-api.ts';
import type { ImportField, importMapping } from '../../../shared/import-api.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { SchemaForm, SelectInput, SubmitButton, TextInput, useSchemaForm } from '../../forms/index.ts';
import { useSession } from '../../session.tsx';
import { SelectField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { usePageTitle } from '../../hooks.ts';
import { importRowMessage, importSkipMessage } from '../../errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { reportId as catalogue } from '../../i18n/report.id.ts';
import { reportEn as englishCatalogue } from '../../i18n/report.en.ts';

type Step = 'file' | 'map' | 'check' | 'commit' | 'done';
const STEPS: Step[] = ['file', 'map', 'check', 'commit', 'done'];
const POLL_MS = 500;

type ImportMapping = z.output<typeof importMapping>;
/** The mapping as the form holds it: a field with no column is undefined. */
type MappingValues = z.output<typeof importMappingFields>['mapping'];

/** Step 1: the file chosen (the browser's file input; the server reads its headers). */
const fileChoice = z.object({ file: z.instanceof(File) });
/** Saving the mapping: its name, under the saved mappings' shared schema (the mapping is the one on screen). */
const mappingName = importMappingBody.pick({ name: true });

/** The file input bound to the file form: what the browser gives is the form's value, its message under it. */
function FileInput({ hint }: { hint: string }) {
  const { t } = useTranslation();
  const { field, fieldState } = useController<z.input<typeof fileChoice>>({ name: 'file' });
  const error = fieldState.error?.message;
  const file = field.value as File | undefined;
  return (
    <div className="field">
      <label htmlFor="import-file">{t('report.import.file')}</label>
      <p id="import-file-hint" className="hint">
        {hint}
      </p>
      <input
        id="import-file"
        name="import-file"
        type="file"
        ref={field.ref}
        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-describedby={error ? 'import-file-hint import-file-error' : 'import-file-hint'}
        aria-invalid={error ? true : undefined}
        onChange={(e) => field.onChange(e.currentTarget.files?.[0] ?? undefined)}
        onBlur={field.onBlur}
      />
      {file ? <p className="note">{t('report.import.chosen', { name: file.name })}</p> : null}
      {error ? (
        <p id="import-file-error" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function uploadForm(file: File, mapping?: ImportMapping): FormData {
  const form = new FormData();
  // The server reads the fields in order: the mapping first, then the file.
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return form;
}

/** The mapping to send: only the fields given a column. */
function chosen(values: Partial<MappingValues> | undefined): ImportMapping {
  const out: ImportMapping = {};
  for (const f of IMPORT_FIELDS) {
    const column = values?.[f];
    if (column) out[f] = column;
  }
  return out;
}

const norm = (s: string) => s.toLocaleLowerCase('id-ID').replace(/[^a-z0-9]/g, '');

/** A column is matched automatically when its title is the field's name or its label in either language. */
function autoMapping(headers: readonly string[]): ImportMapping {
  const out: ImportMapping = {};
  for (const f of IMPORT_FIELDS) {
    const names = [f, catalogue.report.import.fields[f], englishCatalogue.report.import.fields[f]].map(norm);
    const h = headers.find((x) => names.includes(norm(x)));
    if (h) out[f] = h;
  }
  return out;
}

/** Keeps what still fits the file's headers; fills the rest automatically. */
function fitMapping(current: ImportMapping, headers: readonly string[]): ImportMapping {
  const auto = autoMapping(headers);
  const out: ImportMapping = {};
  for (const f of IMPORT_FIELDS) {
    const keep = current[f];
    if (keep && headers.includes(keep)) out[f] = keep;
    else if (auto[f]) out[f] = auto[f];
  }
  return out;
}

function ProgressBar({ done, total }: { done: number; total: number }) {
  const { t } = useTranslation();
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 100;
  const text = t('report.import.progressText', {
    done: new Intl.NumberFormat(currentLocale()).format(done),
    total: new Intl.NumberFormat(currentLocale()).format(total),
  });
  return (
    <div className="report-progress">
      <p id="import-progress-label" className="report-progress-label">
        {t('report.import.progress')}: {text} ({pct}%)
      </p>
      <div
        className="report-progress-track"
        role="progressbar"
        aria-labelledby="import-progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}% — ${text}`}
      >
        <div className="report-progress-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function ImportPage(_props: { id?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('report.import.title'));
  const { can } = useSession();
  const [step, setStep] = useState<Step>('file');
  // The file stays the file form's value between steps: going back to step 1 still has it.
  const fileForm = useSchemaForm(fileChoice, { messages: { file: t('report.import.fileRequired') } });
  const file = fileForm.watch('file') ?? null;
  // Step 2: a select per field over the same column rule as the upload's mapping; kept between steps as well.
  const mapForm = useSchemaForm(importMappingFields);
  const mapping = chosen(mapForm.watch('mapping'));
  const savedList = useApi(
    'GET /api/import-mappings',
    {},
    {
      select: (r) => [...r.items].sort((a, b) => a.name.localeCompare(b.name)),
    },
  );
  const saved = savedList.data ?? [];
  const [savedChoice, setSavedChoice] = useState('');
  const nameForm = useSchemaForm(mappingName, { messages: { name: t('report.import.saveNameRequired') } });
  // The kit asks for focus before React Hook Form has drawn the errors of a failed check of the form's own
  // (handleSubmit calls onInvalid first): asked again once each submit's errors are drawn.
  const fileSubmits = fileForm.formState.submitCount;
  const fileInvalid = Object.keys(fileForm.formState.errors).length > 0;
  const nameSubmits = nameForm.formState.submitCount;
  const nameInvalid = Object.keys(nameForm.formState.errors).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each submit is the trigger, not the values read
  useEffect(() => {
    if (fileSubmits && fileInvalid) fileForm.kit.focusFirstInvalid();
  }, [fileSubmits]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each submit is the trigger, not the values read
  useEffect(() => {
    if (nameSubmits && nameInvalid) nameForm.kit.focusFirstInvalid();
  }, [nameSubmits]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Each step's answer is its request's: the file's headers, the dry run, the registration.
  const previewing = useApiMutation('POST /api/imports/preview');
  const validating = useApiMutation('POST /api/imports');
  // Registering every row changes the participants, the figures of the dashboard and the reports.
  const committing = useApiMutation('POST /api/imports/:id/commit', {
    invalidates: () => ['/api/participants', '/api/dashboard', '/api/reports'],
  });
  const saveMappingCall = useApiMutation('POST /api/import-mappings');
  const removeMappingCall = useApiMutation('DELETE /api/import-mappings/:id');
  const preview = previewing.data?.data ?? null;
  const result = committing.data?.data ?? validating.data?.data ?? null;
  // While the commit runs, the server's own count of the rows it has registered.
  const running = useApi(
    'GET /api/imports/:id',
    { params: { id: result?.id ?? '' } },
    { enabled: step === 'commit' && !!result, refetchInterval: POLL_MS, staleTime: 0 },
  );
  const progress = running.data?.processedRows ?? 0;
  const busy = previewing.isPending || validating.isPending || committing.isPending;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  // Each new step is announced: focus goes to its heading (not on the first load).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `step` is the trigger (focus after each step change), not a value read in the body
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const go = (next: Step) => {
    setError(null);
    setNote(null);
    setStep(next);
  };

  async function readFile(values: z.output<typeof fileChoice>) {
    const { data: p } = await previewing.mutateAsync({ form: uploadForm(values.file) });
    mapForm.reset({ mapping: fitMapping(chosen(mapForm.getValues('mapping')), p.headers) });
    go('map');
  }

  function applySaved() {
    const m = saved.find((x) => x.id === savedChoice);
    if (!m || !preview) return;
    mapForm.reset({ mapping: fitMapping(m.mapping, preview.headers) });
    nameForm.reset({ name: m.name });
    setNote(t('report.import.applied', { name: m.name }));
  }

  async function removeSaved() {
    const m = saved.find((x) => x.id === savedChoice);
    if (!m) return;
    setError(null);
    try {
      await removeMappingCall.mutateAsync({ params: { id: m.id } });
      setSavedChoice('');
      setNote(t('report.import.removed', { name: m.name }));
    } catch (err) {
      setError(err);
    }
  }

  async function saveMapping(values: z.output<typeof mappingName>) {
    setNote(null);
    const mapping = chosen(mapForm.getValues('mapping'));
    // A mapping with no column chosen is refused by the same schema on the server; said beside the name.
    if (Object.keys(mapping).length === 0) {
      nameForm.setError('name', {
        type: 'no_columns_mapped',
        message: nameForm.kit.show('name', (tr) => tr('report.import.mapRequired')),
      });
      nameForm.kit.focusFirstInvalid();
      return;
    }
    const { data: m } = await saveMappingCall.mutateAsync({ body: { name: values.name, mapping } });
    setSavedChoice(m.id);
    setNote(t('report.import.savedOk', { name: m.name }));
  }

  async function check(values: z.output<typeof importMappingFields>) {
    if (!file) return;
    // A new dry run: the registration of an earlier one is no longer the result shown.
    committing.reset();
    // A column the server refuses is said on its field (body.mapping.<field> → mapping.<field>).
    await validating.mutateAsync({ form: uploadForm(file, chosen(values.mapping)) });
    go('check');
  }

  async function commit() {
    if (!result) return;
    go('commit');
    try {
      await committing.mutateAsync({ params: { id: result.id } });
      go('done');
    } catch (err) {
      setError(err);
      setStep('check');
    }
  }

  function restart() {
    fileForm.reset();
    mapForm.reset();
    nameForm.reset();
    previewing.reset();
    validating.reset();
    committing.reset();
    go('file');
  }

  const n = STEPS.indexOf(step) + 1;
  const fmt = (v: number) => new Intl.NumberFormat(currentLocale()).format(v);
  const mappedHeaders = new Set(Object.values(mapping));

  return (
    <section className="report-page report-import">
      <h1>{t('report.import.title')}</h1>
      <p>{t('report.import.intro')}</p>
      <ol className="report-steps" aria-label={t('report.import.stepsLabel')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={s === step ? 'step' : undefined}
            className={i < n - 1 ? 'report-step-done' : undefined}
          >
            {t(`report.import.steps.${s}`)}
          </li>
        ))}
      </ol>
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="report-step-number">{t('report.import.stepOf', { n })}: </span>
        {t(`report.import.steps.${step}`)}
      </h2>

      {note ? <StatusMessage tone="success">{note}</StatusMessage> : null}
      <ErrorAlert error={error} />

      {step === 'file' ? (
        <SchemaForm form={fileForm} onSubmit={readFile} onError={setError} pending={busy} className="form">
          <FileInput hint={t('report.import.fileHint')} />
          <div className="button-row">
            <SubmitButton busyLabel={t('report.import.reading')}>{t('report.import.readFile')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : null}

      {step === 'map' && preview && file ? (
        <>
          <p>
            {t('report.import.found', {
              name: file.name,
              rows: fmt(preview.totalRows),
              cols: fmt(preview.headers.length),
            })}
          </p>
          <section aria-labelledby="import-saved" className="panel">
            <h3 id="import-saved">{t('report.import.savedTitle')}</h3>
            <p className="hint">{t('report.import.savedIntro')}</p>
            {saved.length === 0 ? (
              <p>{t('report.import.noSaved')}</p>
            ) : (
              <>
                <SelectField
                  id="import-saved-choice"
                  label={t('report.import.saved')}
                  value={savedChoice}
                  onChange={(e) => setSavedChoice(e.currentTarget.value)}
                >
                  <option value="">{t('report.import.chooseSaved')}</option>
                  {saved.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </SelectField>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={!savedChoice}
                    onClick={applySaved}
                  >
                    {t('report.import.apply')}
                  </button>
                  {savedChoice ? (
                    <ConfirmAction
                      label={t('report.import.remove')}
                      question={`${t('report.import.remove')}?`}
                      confirmLabel={t('report.import.remove')}
                      onConfirm={removeSaved}
                      tone="secondary"
                    />
                  ) : null}
                </div>
              </>
            )}
          </section>

          <SchemaForm
            form={mapForm}
            onSubmit={check}
            onError={setError}
            pending={busy}
            id="import-map"
            className="form"
          >
            <fieldset className="subpanel report-mapping">
              <legend>{t('report.import.mapIntro')}</legend>
              <div className="report-mapping-grid">
                {IMPORT_FIELDS.map((f: ImportField) => (
                  <SelectInput
                    key={f}
                    control={mapForm.control}
                    name={`mapping.${f}`}
                    id={`map-${f}`}
                    label={t(`report.import.fields.${f}`)}
                  >
                    <option value="">{t('report.import.notInFile')}</option>
                    {preview.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                        {mapping[f] !== h && mappedHeaders.has(h) ? ' •' : ''}
                      </option>
                    ))}
                  </SelectInput>
                ))}
              </div>
            </fieldset>
            <div className="button-row">
              <SubmitButton busyLabel={t('report.import.checking')}>{t('report.import.check')}</SubmitButton>
              <button type="button" className="button button-secondary" onClick={() => go('file')} disabled={busy}>
                {t('report.import.chooseOther')}
              </button>
            </div>
          </SchemaForm>

          {/* Its own form (forms do not nest): Enter in the name saves the mapping on screen, not the dry run. */}
          <SchemaForm
            form={nameForm}
            onSubmit={saveMapping}
            onError={setError}
            pending={saveMappingCall.isPending}
            className="form report-save-mapping"
          >
            <TextInput
              control={nameForm.control}
              name="name"
              id="import-save-name"
              label={t('report.import.saveName')}
              hint={t('report.import.saveNameHint')}
              maxLength={80}
              autoComplete="off"
            />
            <div className="button-row">
              <SubmitButton className="button button-secondary">{t('report.import.save')}</SubmitButton>
            </div>
          </SchemaForm>
        </>
      ) : null}

      {step === 'check' && result ? (
        <>
          {result.status === 'VALIDATED' ? (
            <StatusMessage tone="success">
              <p>{t('report.import.valid', { count: result.totalRows })}</p>
              {result.skipped.length > 0 ? (
                <p>{t('report.import.skippedNote', { count: result.skipped.length })}</p>
              ) : null}
            </StatusMessage>
          ) : (
            <div className="alert alert-error" role="alert">
              <p>{t('report.import.invalid', { count: result.errors.length })}</p>
            </div>
          )}
          {result.errors.length > 0 ? (
            <section aria-labelledby="import-errors">
              <h3 id="import-errors">{t('report.import.errorsTitle')}</h3>
              <table className="data-table report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('report.import.colRow')}</th>
                    <th scope="col">{t('report.import.colColumn')}</th>
                    <th scope="col">{t('report.import.colMessage')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((er, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id and one cell may have several; a read-only list replaced whole by each run
                    <tr key={`${er.row}-${er.column}-${i}`}>
                      <th scope="row">
                        <span className="report-cell-label">{t('report.import.colRow')} </span>
                        {er.row}
                      </th>
                      <td data-label={t('report.import.colColumn')}>{er.column}</td>
                      <td data-label={t('report.import.colMessage')}>{importRowMessage(er, t)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          {result.skipped.length > 0 ? (
            <section aria-labelledby="import-skipped">
              <h3 id="import-skipped">{t('report.import.skippedTitle')}</h3>
              <table className="data-table report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('report.import.colRow')}</th>
                    <th scope="col">{t('report.import.colReason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.skipped.map((s) => (
                    <tr key={s.row}>
                      <th scope="row">
                        <span className="report-cell-label">{t('report.import.colRow')} </span>
                        {s.row}
                      </th>
                      <td data-label={t('report.import.colReason')}>{importSkipMessage(s, t)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          <div className="button-row">
            {result.status === 'VALIDATED' ? (
              <button type="button" className="button button-primary" onClick={() => void commit()} disabled={busy}>
                {t('report.import.commit')}
              </button>
            ) : null}
            <button type="button" className="button button-secondary" onClick={() => go('map')} disabled={busy}>
              {t('report.import.backToMap')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => go('file')} disabled={busy}>
              {t('report.import.chooseOther')}
            </button>
          </div>
        </>
      ) : null}

      {step === 'commit' && result ? (
        <>
          <p role="status">{t('report.import.committing')}</p>
          <ProgressBar done={progress} total={result.totalRows} />
        </>
      ) : null}

      {step === 'done' && result ? (
        <>
          <ProgressBar done={result.processedRows} total={result.totalRows} />
          <StatusMessage tone="success">
            {t('report.import.done', {
              created: fmt(result.result?.created ?? 0),
              skipped: fmt(result.result?.skipped ?? 0),
            })}
          </StatusMessage>
          <div className="button-row">
            {can('participant.list') ? (
              <Link href="/participants" className="button button-secondary">
                {t('report.import.openParticipants')}
              </Link>
            ) : null}
            <button type="button" className="button button-secondary" onClick={restart}>
              {t('report.import.again')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
