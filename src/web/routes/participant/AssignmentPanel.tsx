// Who works on her case, on her page. The head of section assigns a caseworker or the psychologist and takes
// someone off (never herself: the server refuses it); a caseworker who is not on the case asks to be, with a
// reason the head of section reads in her queue. The history says who came and went, and how.
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { assignBody, assignmentRequestBody, transferBody } from '../../../shared/participants-api.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SelectInput, TextAreaInput } from '../../forms/fields.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { roleLabel } from '../../labels.ts';
import { formatDateTime, regionList } from '../../format.ts';
import { useUser } from '../../session.tsx';
import { mayOn, type StaffMember, type TabProps, useCaseStaff } from './shared.ts';

// The forms' schemas (and zod with them) are fetched when a field of one first takes focus, not with her page.
const shared = () => import('../../../shared/participants-api.ts');

export function AssignmentPanel({ record }: Pick<TabProps, 'record'>) {
  const { t } = useTranslation();
  const user = useUser();
  const p = record.item;
  const mayAssign = mayOn(record, 'participant.assign');
  const onCase = p.assigned.some((a) => a.id === user.id);
  const mayAsk = mayOn(record, 'assignment.request') && !onCase;
  const { staff, error: staffError } = useCaseStaff(user.id, mayAssign);
  // The history is read when she opens it.
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyQuery = useApi(
    'GET /api/participants/:id/assignments/history',
    { params: { id: p.id } },
    { enabled: historyOpen },
  );
  const history = historyQuery.data?.items ?? null;
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // Her request went this visit: the form gives way to the confirmation (a second one would be refused).
  const [asked, setAsked] = useState(false);
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
  const busy =
    assignMutation.isPending || unassignMutation.isPending || requestMutation.isPending || transferMutation.isPending;

  const assignForm = useSchemaForm(() => shared().then((m) => m.assignBody));
  const chosen = useWatch({ control: assignForm.control, name: 'userId' });
  const askForm = useSchemaForm(() => shared().then((m) => m.assignmentRequestBody), {
    messages: { reason: t('casework.assignment.reasonInvalid') },
  });
  const transferForm = useSchemaForm(() => shared().then((m) => m.transferBody), {
    messages: { reason: t('casework.transfer.reasonInvalid') },
  });
  const transferTo = useWatch({ control: transferForm.control, name: 'toUserId' });

  const nameOf = (id: string) => {
    const who = staff.find((m) => m.id === id);
    return who?.name ?? who?.username ?? '';
  };

  /**
   * Runs one change; its outcome (done or refused) is said above the forms and takes the focus (a field's own
   * problem from the server is then placed and focused by the form kit).
   */
  const act = async (f: () => Promise<unknown>, message: string) => {
    setFailure(null);
    setDone(null);
    try {
      await f();
      setDone(message);
    } finally {
      setSettled((n) => n + 1);
    }
  };
  const assign = (values: z.output<typeof assignBody>) =>
    act(
      async () => {
        await assignMutation.mutateAsync({ params: { id: p.id }, body: values });
        assignForm.reset();
      },
      t('casework.assignment.assigned', { name: nameOf(values.userId) }),
    );

  const ask = (values: z.output<typeof assignmentRequestBody>) =>
    act(async () => {
      await requestMutation.mutateAsync({ params: { id: p.id }, body: values });
      askForm.reset();
      setAsked(true);
    }, t('casework.assignment.requested'));

  const transfer = (values: z.output<typeof transferBody>) =>
    act(
      async () => {
        await transferMutation.mutateAsync({ params: { id: p.id }, body: values });
        transferForm.reset();
      },
      t('casework.transfer.sent', { name: nameOf(values.toUserId) }),
    );

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
                      ).catch(setFailure)
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
        <SchemaForm form={assignForm} onSubmit={assign} onError={setFailure} pending={busy} className="form">
          <SelectInput
            control={assignForm.control}
            name="userId"
            id="assign-staff"
            label={t('casework.assignment.choose')}
          >
            <option value="">{t('casework.assignment.choosePlaceholder')}</option>
            {available.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name ?? m.username} ({roleLabel(m.role, t)})
              </option>
            ))}
          </SelectInput>
          <div className="button-row">
            <SubmitButton disabled={!chosen}>{t('casework.assignment.assign')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : null}
      {mayAsk && !asked ? (
        <SchemaForm form={askForm} onSubmit={ask} onError={setFailure} pending={busy} className="form">
          <TextAreaInput
            control={askForm.control}
            name="reason"
            id="assignment-reason"
            label={t('casework.assignment.reason')}
            hint={t('casework.assignment.reasonHint')}
            maxLength={500}
          />
          <div className="button-row">
            <SubmitButton>{t('casework.assignment.ask')}</SubmitButton>
          </div>
        </SchemaForm>
      ) : null}
      {mayAssign && elsewhere.length > 0 ? (
        <details>
          <summary>{t('casework.transfer.title')}</summary>
          <SchemaForm form={transferForm} onSubmit={transfer} onError={setFailure} pending={busy} className="form">
            <p>{t('casework.transfer.intro')}</p>
            <SelectInput
              control={transferForm.control}
              name="toUserId"
              id="transfer-to"
              label={t('casework.transfer.to')}
            >
              <option value="">{t('casework.transfer.choose')}</option>
              {elsewhere.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name ?? m.username} ({roleLabel(m.role, t)}, {regionList(m.regions)})
                </option>
              ))}
            </SelectInput>
            <TextAreaInput
              control={transferForm.control}
              name="reason"
              id="transfer-reason"
              label={t('casework.transfer.reason')}
              maxLength={500}
            />
            <div className="button-row">
              <SubmitButton disabled={!transferTo}>{t('casework.transfer.submit')}</SubmitButton>
            </div>
          </SchemaForm>
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
