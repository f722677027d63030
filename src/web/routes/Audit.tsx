// The audit log (auditors, administrators): filters, newest first, "older" paging with nextBefore.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../shared/api.ts';
import { api, type AuditFilter } from '../api.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { formatDateTime } from '../format.ts';
import {
  ACTION_CODES,
  actionLabel,
  detailText,
  outcomeLabel,
  RESOURCE_TYPES,
  resourceTypeLabel,
} from '../audit-labels.ts';
import { hasErrors, serverFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

const PAGE_SIZE = 50;
const EMPTY = { actor: '', action: '', resourceType: '', resourceId: '', from: '', to: '' };
type Filters = typeof EMPTY;

function toQuery(f: Filters): AuditFilter {
  const q: AuditFilter = { limit: PAGE_SIZE };
  for (const [k, v] of Object.entries(f) as [keyof Filters, string][]) if (v.trim()) q[k] = v.trim();
  return q;
}

export function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const [form, setForm] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  const fetchPage = useCallback(
    async (filters: Filters, before: number | null) => {
      setBusy(true);
      setError(null);
      try {
        const page = await api.audit.list({ ...toQuery(filters), ...(before ? { before } : {}) });
        setItems((prev) => (before && prev ? [...prev, ...page.items] : page.items));
        setNextBefore(page.nextBefore);
        setFieldErrors({});
      } catch (err) {
        setError(err);
        setFieldErrors(serverFieldErrors(err, t));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void fetchPage(EMPTY, null);
  }, [fetchPage]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    if (form.from && form.to && form.to < form.from) {
      setFieldErrors({ to: t('validation.dateRange') });
      return;
    }
    setApplied(form);
    void fetchPage(form, null);
  }

  const set = (k: keyof Filters) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: v }));
  };

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form ref={formRef} className="filters filters-wide" onSubmit={submit} noValidate aria-label={t('audit.filters')}>
        <TextField
          id="audit-actor"
          label={t('audit.actor')}
          error={fieldErrors.actor}
          value={form.actor}
          onChange={set('actor')}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="audit-action"
          label={t('audit.action')}
          error={fieldErrors.action}
          value={form.action}
          onChange={set('action')}
          list="audit-action-codes"
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id="audit-action-codes">
          {ACTION_CODES.map((c) => (
            <option key={c} value={c}>
              {actionLabel(c, t)}
            </option>
          ))}
        </datalist>
        <SelectField
          id="audit-resource-type"
          label={t('audit.resourceType')}
          error={fieldErrors.resourceType}
          value={form.resourceType}
          onChange={set('resourceType')}
        >
          <option value="">{t('audit.anyResourceType')}</option>
          {RESOURCE_TYPES.map((r) => (
            <option key={r} value={r}>
              {resourceTypeLabel(r, t)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="audit-resource-id"
          label={t('audit.resourceId')}
          error={fieldErrors.resourceId}
          value={form.resourceId}
          onChange={set('resourceId')}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="audit-from"
          type="date"
          label={t('audit.from')}
          error={fieldErrors.from}
          value={form.from}
          onChange={set('from')}
        />
        <TextField
          id="audit-to"
          type="date"
          label={t('audit.to')}
          error={fieldErrors.to}
          value={form.to}
          onChange={set('to')}
        />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('audit.apply')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              setForm(EMPTY);
              setApplied(EMPTY);
              setFieldErrors({});
              void fetchPage(EMPTY, null);
            }}
          >
            {t('audit.reset')}
          </button>
        </div>
      </form>
      <ErrorAlert key={attempt} error={error} />
      {items === null ? (
        busy ? (
          <p role="status">{t('app.loading')}</p>
        ) : null
      ) : (
        <>
          <p role="status" className="count">
            {t('audit.shown', { count: items.length })}
          </p>
          {items.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <table className="data-table audit-table">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.colAt')}</th>
                  <th scope="col">{t('audit.colActor')}</th>
                  <th scope="col">{t('audit.colAction')}</th>
                  <th scope="col">{t('audit.colResource')}</th>
                  <th scope="col">{t('audit.colOutcome')}</th>
                  <th scope="col">{t('audit.colDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.seq}>
                    <th scope="row" data-label={t('audit.colAt')}>
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </th>
                    <td data-label={t('audit.colActor')}>{e.actor ?? e.actorId ?? t('audit.system')}</td>
                    <td data-label={t('audit.colAction')}>
                      {actionLabel(e.action, t)} <code className="code-small">{e.action}</code>
                    </td>
                    <td data-label={t('audit.colResource')} className="break">
                      {e.resourceType ? (
                        <>
                          {resourceTypeLabel(e.resourceType, t)}
                          {e.resourceId ? (
                            <>
                              {' '}
                              <code className="code-small">{e.resourceId}</code>
                            </>
                          ) : null}
                        </>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                    <td data-label={t('audit.colOutcome')}>
                      <span className={`badge ${e.outcome === 'success' ? 'badge-ok' : 'badge-warn'}`}>
                        {outcomeLabel(e.outcome, t)}
                      </span>
                    </td>
                    <td data-label={t('audit.colDetail')} className="break">
                      {detailText(e.detail, t) || t('common.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {nextBefore !== null ? (
            <div className="button-row">
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => void fetchPage(applied, nextBefore)}
              >
                {busy ? t('audit.loadingOlder') : t('audit.older')}
              </button>
            </div>
          ) : items.length > 0 ? (
            <p className="note">{t('audit.end')}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
