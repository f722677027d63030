// Accounts waiting for this head of section or Kepala Bidang, inside her work queue: each with what it would get,
// what it holds now and who asked, approved in one click or refused with a reason. A decision someone else took
// meanwhile (409) is said and the list loaded again; a change of the request since she looked (412) opens the
// shared conflict dialog: what it asks now beside her decision, to load it again or decide on what it asks now.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountDecisionBody } from '../../shared/api.ts';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import type { Role } from '../../shared/roles.ts';
import type { Body, Reply } from '../data/client.ts';
import { useVersionedMutation } from '../data/conflict.tsx';
import { invalidateResources, useApi } from '../data/query.ts';
import { formatDateTime, regionList } from '../format.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { TextAreaInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';

type AccountRequest = Reply<'GET /api/account-requests'>['items'][number];

const who = (p: { username: string; name: string | null } | null) => (p ? (p.name ?? p.username) : '');

/**
 * What the conflict dialog compares: what the request asks (role, regions), and her decision (from the body sent,
 * which names no field of the request).
 */
const requestFields = (v: unknown): Record<string, unknown> => {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if ('approve' in o) return { decision: o.approve ? 'approve' : 'refuse' };
  return { role: o.role, regions: o.regions };
};

/** A refusal's form: the decision's body with its reason required. */
const refusal = accountDecisionBody.pick({ reason: true }).required();

/**
 * `onDecided` tells the queue around it, as a decision is sent, that one is being taken here: the queue keeps this
 * list in view with its outcome even when the queue, refreshed after the change, counts none waiting.
 */
export function AccountApprovals({ onDecided }: { onDecided?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { data, error: loadError } = useApi('GET /api/account-requests', {});
  const items = data?.items;
  const [done, setDone] = useState<string | null>(null);
  const [refusing, setRefusing] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  // Approve, or refuse with a reason, the version she looked at: 409 already_decided when someone decided first
  // (the list is read again); 412 stale_version when the request changed since (the conflict dialog).
  const sent = useRef<Body<'POST /api/account-requests/:id/decision'>>({ approve: false });
  const decision = useVersionedMutation('POST /api/account-requests/:id/decision', {
    invalidates: ['/api/account-requests'],
    fieldsOf: requestFields,
    labelOf: (field) => t(`accounts.approvals.field.${field as 'role' | 'regions' | 'decision'}`),
    format: (field, value) =>
      field === 'role'
        ? t(`roles.${value as Role}`)
        : field === 'regions' && Array.isArray(value)
          ? regionList(value as string[])
          : field === 'decision'
            ? t(value === 'approve' ? 'accounts.approvals.field.approve' : 'accounts.approvals.field.refuse')
            : String(value),
    // Her decision, as she sent it, on the request as it is now.
    reapplyBody: () => sent.current,
  });
  const busy = decision.isPending;
  const error = failure ?? loadError;
  // After a decision the keyboard focus goes to its outcome: the request, and its buttons, are gone by then.
  const resultRef = useRef<HTMLDivElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) resultRef.current?.focus();
  }, [settled]);

  const decide = async (r: AccountRequest, approve: boolean, reason?: string) => {
    setDone(null);
    setFailure(null);
    onDecided?.();
    try {
      const body = { approve, ...(reason ? { reason } : {}) };
      sent.current = body;
      const args = { params: { id: r.id } };
      const result = await decision.save({
        call: { ...args, body },
        base: r,
        record: { key: 'GET /api/account-requests/:id', args },
      });
      if (result.outcome === 'saved') {
        setDone(
          t(approve ? 'accounts.approvals.approved' : 'accounts.approvals.refused', {
            username: r.account.username,
          }),
        );
        setRefusing(null);
      }
    } catch (err) {
      setFailure(err);
      void invalidateResources(client, ['/api/account-requests']);
    } finally {
      setSettled((n) => n + 1);
    }
  };

  if (!items) return <ErrorAlert error={error} />;
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
                  <RefuseForm
                    request={r}
                    busy={busy}
                    onRefuse={(reason) => decide(r, false, reason)}
                    onCancel={() => setRefusing(null)}
                  />
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
                      onClick={() => setRefusing(r.id)}
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

/** Why she refuses this account: required, one line of up to 500 characters. */
function RefuseForm({
  request: r,
  busy,
  onRefuse,
  onCancel,
}: {
  request: AccountRequest;
  busy: boolean;
  onRefuse(reason: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(refusal, { messages: { reason: t('accounts.approvals.reasonRequired') } });
  return (
    <SchemaForm form={form} onSubmit={(v) => onRefuse(v.reason)} pending={busy} className="form">
      <TextAreaInput
        name="reason"
        control={form.control}
        id={`refuse-${r.id}`}
        label={t('accounts.approvals.reason', { username: r.account.username })}
        hint={t('accounts.approvals.reasonHint')}
        maxLength={500}
        rows={2}
      />
      <div className="button-row">
        <SubmitButton className="button button-danger" busyLabel={t('accounts.approvals.refuseSubmit')}>
          {t('accounts.approvals.refuseSubmit')}
        </SubmitButton>
        <button type="button" className="button button-secondary" disabled={busy} onClick={onCancel}>
          {t('accounts.approvals.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}
