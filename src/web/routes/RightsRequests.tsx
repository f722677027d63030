// Data-subject requests (her copy, erasure) as a workflow on one screen: whoever received a request records it
// by her code (opened from her record, the code is filled in); the head of section of her region approves or
// declines one that someone else recorded; the administrator carries out an approved one, once (her copy as a
// PDF or JSON file, or the erasure). Buttons follow the session's `can` list; the server decides in the end.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { regionName } from '../../shared/regions.ts';
import { ERASURE_GROUNDS, RIGHTS_REQUEST_KINDS, RIGHTS_REQUEST_STATUSES } from '../../shared/rights-api.ts';
import { rights, type RightsRequestStatus, type RightsRequestView } from '../api-rights.ts';
import { useSession } from '../session.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { formatDateTime } from '../format.ts';
import { rightsLabel } from '../rights-labels.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

const CODE = /^(BRD-)?\d{4}-\d{2}-\d{4}$/i;

/** Saves a file the browser was handed (her copy) under the server's name. */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function RightsRequestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('rights.title'));
  const { can, user } = useSession();
  const search = useSearch();
  const [items, setItems] = useState<RightsRequestView[] | null>(null);
  const [status, setStatus] = useState<RightsRequestStatus | ''>('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState(() => new URLSearchParams(search).get('code') ?? '');
  const [kind, setKind] = useState<(typeof RIGHTS_REQUEST_KINDS)[number]>('ACCESS');
  const [ground, setGround] = useState<(typeof ERASURE_GROUNDS)[number]>('REQUEST');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, !!codeError);

  const load = useCallback(async () => {
    try {
      setItems(await rights.list(status || undefined));
    } catch (err) {
      setError(err);
    }
  }, [status]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs one action on the list, then shows its notice and the list as it is now. */
  async function act(f: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await f());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      await load();
    }
  }

  async function open(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    const trimmed = code.trim();
    const invalid = CODE.test(trimmed) ? undefined : t('rights.open.codeInvalid');
    setCodeError(invalid);
    if (invalid) return;
    await act(async () => {
      const r = await rights.open({
        participantCode: trimmed,
        kind,
        ...(kind === 'ERASURE' ? { ground } : {}),
      });
      setCode('');
      return t('rights.open.opened', { code: r.code });
    });
  }

  const who = (r: RightsRequestView) => `${r.code}${r.name ? ` (${r.name})` : ''}`;

  function actions(r: RightsRequestView) {
    if (r.status === 'PENDING' && can('rights_request.decide')) {
      if (r.openedBy.id === user?.id) return <span className="muted-text">{t('rights.ownRequest')}</span>;
      return (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await rights.decide(r.id, true);
                return t('rights.approved', { code: r.code });
              })
            }
          >
            {t('rights.approve')}
            <span className="visually-hidden"> {who(r)}</span>
          </button>
          <ConfirmAction
            label={t('rights.decline')}
            detail={who(r)}
            question={t('rights.declineQuestion')}
            confirmLabel={t('rights.decline')}
            tone="secondary"
            busy={busy}
            onConfirm={() =>
              act(async () => {
                await rights.decide(r.id, false);
                return t('rights.declined', { code: r.code });
              })
            }
          />
        </div>
      );
    }
    if (r.status === 'APPROVED' && r.kind === 'ACCESS' && can('protection.export')) {
      const copy = (format: 'pdf' | 'json') =>
        void act(async () => {
          const file = await rights.exportCopy(r.id, format);
          save(file.blob, file.filename);
          return t('rights.exported', { code: r.code, file: file.filename });
        });
      return (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            onClick={() => copy('pdf')}
          >
            {t('rights.exportPdf')}
            <span className="visually-hidden"> {r.code}</span>
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={busy}
            onClick={() => copy('json')}
          >
            {t('rights.exportJson')}
            <span className="visually-hidden"> {r.code}</span>
          </button>
        </div>
      );
    }
    if (r.status === 'APPROVED' && r.kind === 'ERASURE' && can('protection.erase')) {
      return (
        <ConfirmAction
          label={t('rights.erase')}
          detail={r.code}
          question={t('rights.eraseQuestion', { code: r.code })}
          confirmLabel={t('rights.eraseConfirm')}
          busy={busy}
          onConfirm={() =>
            act(async () => {
              await rights.erase(r.id);
              return t('rights.erased', { code: r.code });
            })
          }
        />
      );
    }
    return null;
  }

  return (
    <section className="rights-requests">
      <h1>{t('rights.title')}</h1>
      <p className="lead">{t('rights.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      <ErrorAlert error={error} />

      {can('rights_request.open') ? (
        <form ref={formRef} onSubmit={open} noValidate className="form panel">
          <h2>{t('rights.open.title')}</h2>
          <TextField
            id="rights-code"
            label={t('rights.open.code')}
            hint={t('rights.open.codeHint')}
            error={codeError}
            value={code}
            maxLength={20}
            autoComplete="off"
            onChange={(e) => setCode(e.currentTarget.value)}
            required
          />
          <SelectField
            id="rights-kind"
            label={t('rights.open.kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
          >
            {RIGHTS_REQUEST_KINDS.map((k) => (
              <option key={k} value={k}>
                {rightsLabel('kinds', k, t)}
              </option>
            ))}
          </SelectField>
          {kind === 'ERASURE' ? (
            <SelectField
              id="rights-ground"
              label={t('rights.open.ground')}
              value={ground}
              onChange={(e) => setGround(e.currentTarget.value as typeof ground)}
            >
              {ERASURE_GROUNDS.map((g) => (
                <option key={g} value={g}>
                  {rightsLabel('grounds', g, t)}
                </option>
              ))}
            </SelectField>
          ) : null}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('rights.open.submit')}
            </button>
          </div>
        </form>
      ) : null}

      <h2>{t('rights.listTitle')}</h2>
      <p className="note">{t('rights.once')}</p>
      <SelectField
        id="rights-status"
        label={t('rights.filter')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as RightsRequestStatus | '')}
      >
        <option value="">{t('rights.all')}</option>
        {RIGHTS_REQUEST_STATUSES.map((s) => (
          <option key={s} value={s}>
            {rightsLabel('statuses', s, t)}
          </option>
        ))}
      </SelectField>
      {items === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : items.length === 0 ? (
        <p>{t('rights.empty')}</p>
      ) : (
        <table className="data-table rights-table">
          <caption className="visually-hidden">{t('rights.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rights.cols.who')}</th>
              <th scope="col">{t('rights.cols.kind')}</th>
              <th scope="col">{t('rights.cols.status')}</th>
              <th scope="col">{t('rights.cols.received')}</th>
              <th scope="col">{t('rights.cols.openedBy')}</th>
              <th scope="col">{t('rights.cols.decidedBy')}</th>
              <th scope="col">{t('rights.cols.carriedOutBy')}</th>
              <th scope="col">{t('rights.cols.action')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <th scope="row" data-label={t('rights.cols.who')}>
                  {r.participantId ? <Link href={`/participants/${r.participantId}`}>{who(r)}</Link> : who(r)}
                  <br />
                  <span className="muted-text">{regionName(r.regionCode)}</span>
                </th>
                <td data-label={t('rights.cols.kind')}>
                  {rightsLabel('kinds', r.kind, t)}
                  {r.ground ? (
                    <>
                      <br />
                      <span className="muted-text">{rightsLabel('grounds', r.ground, t)}</span>
                    </>
                  ) : null}
                </td>
                <td data-label={t('rights.cols.status')}>{rightsLabel('statuses', r.status, t)}</td>
                <td data-label={t('rights.cols.received')}>{formatDateTime(r.receivedAt)}</td>
                <td data-label={t('rights.cols.openedBy')}>{r.openedBy.name}</td>
                <td data-label={t('rights.cols.decidedBy')}>
                  {r.decidedBy ? `${r.decidedBy.name}, ${formatDateTime(r.decidedAt ?? '')}` : t('common.none')}
                </td>
                <td data-label={t('rights.cols.carriedOutBy')}>
                  {r.carriedOutBy ? `${r.carriedOutBy.name}, ${formatDateTime(r.completedAt ?? '')}` : t('common.none')}
                </td>
                <td data-label={t('rights.cols.action')}>{actions(r) ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
