// Accounts waiting for this head of section or Kepala Bidang, inside her work queue: each with what it would get,
// what it holds now and who asked, approved in one click or refused with a reason. A decision someone else took
// meanwhile (409) or a change of the account since she looked (412) is said, and the list is loaded again.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsApi, type AccountRequestView } from '../api-accounts.ts';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { TextAreaField } from '../components/Field.tsx';
import { formatDateTime, regionList } from '../format.ts';

const who = (p: { username: string; name: string | null } | null) => (p ? (p.name ?? p.username) : '');

/** `onDecided` tells the queue around it that something was decided (its counts change). */
export function AccountApprovals({ onDecided }: { onDecided?: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<AccountRequestView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  // After a decision the keyboard focus goes to its outcome: the request, and its buttons, are gone by then.
  const resultRef = useRef<HTMLDivElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) resultRef.current?.focus();
  }, [settled]);

  const load = useCallback(() => accountsApi.pending().then(setItems, setError), []);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (r: AccountRequestView, approve: boolean, why?: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await accountsApi.decide(r.id, r.version, approve, why);
      setDone(
        t(approve ? 'accounts.approvals.approved' : 'accounts.approvals.refused', { username: r.account.username }),
      );
      setRefusing(null);
      setReason('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      await load();
      onDecided?.();
      setSettled((n) => n + 1);
    }
  };

  const refuse = (r: AccountRequestView) => (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError(t('accounts.approvals.reasonRequired'));
      return;
    }
    setReasonError(undefined);
    void decide(r, false, reason.trim());
  };

  if (items === null) return <ErrorAlert error={error} />;
  return (
    <div>
      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      {items.length === 0 ? (
        <p>{t('accounts.approvals.empty')}</p>
      ) : (
        <>
          <p>{t('accounts.approvals.intro')}</p>
          <ul className="plain-list">
            {items.map((r) => (
              <li key={r.id}>
                <p>
                  <strong>{who(r.account)}</strong> ({r.account.username}) — {t(`accounts.approvals.kind.${r.kind}`)}
                </p>
                <p>
                  {t('accounts.approvals.asks', { role: t(`roles.${r.role}`), regions: regionList(r.regions) })}
                  {r.previousRole ? (
                    <>
                      <br />
                      {t('accounts.approvals.holds', {
                        role: t(`roles.${r.previousRole}`),
                        regions: regionList(r.currentRegions),
                      })}
                    </>
                  ) : null}
                  {r.account.email ? (
                    <>
                      <br />
                      {t('accounts.approvals.email', { email: r.account.email })}
                    </>
                  ) : null}
                  <br />
                  <span className="muted-text">
                    {t('accounts.approvals.requestedBy', {
                      who: who(r.requestedBy),
                      at: formatDateTime(r.requestedAt),
                    })}
                  </span>
                </p>
                {refusing === r.id ? (
                  <form onSubmit={refuse(r)} noValidate className="form">
                    <TextAreaField
                      id={`refuse-${r.id}`}
                      label={t('accounts.approvals.reason', { username: r.account.username })}
                      hint={t('accounts.approvals.reasonHint')}
                      error={reasonError}
                      value={reason}
                      maxLength={500}
                      rows={2}
                      onChange={(e) => setReason(e.currentTarget.value)}
                    />
                    <div className="button-row">
                      <button type="submit" className="button button-danger" disabled={busy}>
                        {t('accounts.approvals.refuseSubmit')}
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={busy}
                        onClick={() => {
                          setRefusing(null);
                          setReasonError(undefined);
                        }}
                      >
                        {t('accounts.approvals.cancel')}
                      </button>
                    </div>
                  </form>
                ) : (
                  <div className="button-row">
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={busy}
                      onClick={() => void decide(r, true)}
                    >
                      {t('accounts.approvals.approve', { username: r.account.username })}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={busy}
                      onClick={() => {
                        setRefusing(r.id);
                        setReason('');
                        setReasonError(undefined);
                      }}
                    >
                      {t('accounts.approvals.refuse', { username: r.account.username })}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
