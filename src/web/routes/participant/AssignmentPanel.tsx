// Who works on her case, on her page. The head of section assigns a caseworker or the psychologist and takes
// someone off (never herself: the server refuses it); a caseworker who is not on the case asks to be, with a
// reason the head of section reads in her queue. The history says who came and went, and how.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { roleLabel } from '../../labels.ts';
import { formatDateTime, regionList } from '../../format.ts';
import { useUser } from '../../session.tsx';
import { mayOn, type StaffMember, type TabProps, useCaseStaff } from './shared.ts';

export function AssignmentPanel({ record }: Pick<TabProps, 'record'>) {
  const { t } = useTranslation();
  const user = useUser();
  const p = record.item;
  const mayAssign = mayOn(record, 'participant.assign');
  const onCase = p.assigned.some((a) => a.id === user.id);
  const mayAsk = mayOn(record, 'assignment.request') && !onCase;
  const { staff, error: staffError } = useCaseStaff(user.id, mayAssign);
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  // The history is read when she opens it.
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyQuery = useApi(
    'GET /api/participants/:id/assignments/history',
    { params: { id: p.id } },
    { enabled: historyOpen },
  );
  const history = historyQuery.data?.items ?? null;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // Her request went this visit: the form gives way to the confirmation (a second one would be refused).
  const [asked, setAsked] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const [transferReason, setTransferReason] = useState('');
  const [transferError, setTransferError] = useState<string | undefined>();
  // After each action the keyboard focus goes to its outcome: the button pressed is disabled or gone by then.
  const resultRef = useRef<HTMLDivElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) resultRef.current?.focus();
  }, [settled]);

  // Each change is to her record (who is on the case, its history); a request also joins the head of section's
  // list of requests.
  const assignMutation = useApiMutation('POST /api/participants/:id/assignments');
  const unassignMutation = useApiMutation('DELETE /api/participants/:id/assignments/:userId');
  const requestMutation = useApiMutation('POST /api/participants/:id/assignment-requests', {
    invalidates: () => ['/api/assignment-requests'],
  });
  const transferMutation = useApiMutation('POST /api/participants/:id/transfers');

  const act = async (f: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await f();
      setDone(message);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
      setSettled((n) => n + 1);
    }
  };

  const assign = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const who = staff.find((m) => m.id === chosen);
    void act(
      async () => {
        await assignMutation.mutateAsync({ params: { id: p.id }, body: { userId: chosen } });
        setChosen('');
      },
      t('casework.assignment.assigned', { name: who?.name ?? who?.username ?? '' }),
    );
  };

  const ask = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 5) {
      setReasonError(t('casework.assignment.reasonInvalid'));
      document.getElementById('assignment-reason')?.focus();
      return;
    }
    setReasonError(undefined);
    void act(async () => {
      await requestMutation.mutateAsync({ params: { id: p.id }, body: { reason: reason.trim() } });
      setReason('');
      setAsked(true);
    }, t('casework.assignment.requested'));
  };

  const transfer = (e: FormEvent) => {
    e.preventDefault();
    if (!transferTo) return;
    if (transferReason.trim().length < 5) {
      setTransferError(t('casework.transfer.reasonInvalid'));
      document.getElementById('transfer-reason')?.focus();
      return;
    }
    setTransferError(undefined);
    const who = staff.find((m) => m.id === transferTo);
    void act(
      async () => {
        await transferMutation.mutateAsync({
          params: { id: p.id },
          body: { toUserId: transferTo, reason: transferReason.trim() },
        });
        setTransferTo('');
        setTransferReason('');
      },
      t('casework.transfer.sent', { name: who?.name ?? who?.username ?? '' }),
    );
  };

  // Her own region's staff are assigned; a worker of another kabupaten/kota receives her case by a transfer.
  const ofHerRegion = (m: StaffMember) => m.regions.some((r) => p.regionCode.startsWith(r));
  const available = staff.filter((m) => ofHerRegion(m) && !p.assigned.some((a) => a.id === m.id));
  const elsewhere = staff.filter((m) => !ofHerRegion(m) && m.regions.every((r) => r.length > 2));

  const error = failure ?? staffError ?? historyQuery.error;
  if (!mayAssign && !mayAsk && p.assigned.length === 0) return null;
  return (
    <section aria-labelledby="assignment-title" className="panel">
      <h2 id="assignment-title">{t('casework.assignment.title')}</h2>
      {p.assigned.length ? (
        <ul className="plain-list">
          {p.assigned.map((a) => (
            <li key={a.id}>
              {a.name ?? a.username} ({roleLabel(a.role, t)})
              {mayAssign ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy}
                    onClick={() =>
                      act(
                        () => unassignMutation.mutateAsync({ params: { id: p.id, userId: a.id } }),
                        t('casework.assignment.unassigned', { name: a.name ?? a.username }),
                      )
                    }
                  >
                    {t('casework.assignment.unassign', { name: a.name ?? a.username })}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('casework.assignment.nobody')}</p>
      )}
      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
        <ErrorAlert error={error} />
      </div>
      {mayAssign ? (
        <form onSubmit={assign} className="form" noValidate>
          <SelectField
            id="assign-staff"
            label={t('casework.assignment.choose')}
            value={chosen}
            onChange={(e) => setChosen(e.currentTarget.value)}
          >
            <option value="">{t('casework.assignment.choosePlaceholder')}</option>
            {available.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name ?? m.username} ({roleLabel(m.role, t)})
              </option>
            ))}
          </SelectField>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || !chosen}>
              {t('casework.assignment.assign')}
            </button>
          </div>
        </form>
      ) : null}
      {mayAsk && !asked ? (
        <form onSubmit={ask} className="form" noValidate>
          <TextAreaField
            id="assignment-reason"
            label={t('casework.assignment.reason')}
            hint={t('casework.assignment.reasonHint')}
            error={reasonError}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('casework.assignment.ask')}
            </button>
          </div>
        </form>
      ) : null}
      {mayAssign && elsewhere.length > 0 ? (
        <details>
          <summary>{t('casework.transfer.title')}</summary>
          <form onSubmit={transfer} className="form" noValidate>
            <p>{t('casework.transfer.intro')}</p>
            <SelectField
              id="transfer-to"
              label={t('casework.transfer.to')}
              value={transferTo}
              onChange={(e) => setTransferTo(e.currentTarget.value)}
            >
              <option value="">{t('casework.transfer.choose')}</option>
              {elsewhere.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name ?? m.username} ({roleLabel(m.role, t)}, {regionList(m.regions)})
                </option>
              ))}
            </SelectField>
            <TextAreaField
              id="transfer-reason"
              label={t('casework.transfer.reason')}
              error={transferError}
              value={transferReason}
              maxLength={500}
              onChange={(e) => setTransferReason(e.currentTarget.value)}
            />
            <div className="button-row">
              <button type="submit" className="button button-primary" disabled={busy || !transferTo}>
                {t('casework.transfer.submit')}
              </button>
            </div>
          </form>
        </details>
      ) : null}
      <details
        onToggle={(e) => {
          if (e.currentTarget.open) setHistoryOpen(true);
        }}
      >
        <summary>{t('casework.assignment.history')}</summary>
        {history === null ? null : history.length === 0 ? (
          <p>{t('casework.assignment.historyEmpty')}</p>
        ) : (
          <ol className="plain-list">
            {history.map((h) => (
              <li key={h.id}>
                {t(`casework.assignment.kind.${h.kind}`, {
                  name: h.user.name ?? h.user.username,
                  role: roleLabel(h.user.role, t),
                  by: h.by ?? '—',
                })}{' '}
                <span className="muted-text">{formatDateTime(h.at)}</span>
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}
