// "Persetujuan & pelimpahan": which role approves each kind of decision on money (aid, budget lines) — the
// administrator changes it (If-Match on the setting's version), everyone else reads it — and the delegations
// while an approver is away (Plh./Plt.): the list with its status on the office's day, revocation by whoever
// may manage it, and a form to record one. An approver gives her own delegation only (the delegator is she);
// the administrator records any approver's. Whom to name comes from the server's list of accounts that may
// act for an approver within the asker's regions (no administrator, no auditor).
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { APPROVER_ROLES, approvalSettingBody, DELEGATION_TYPES, delegationBody } from '../../../shared/approvals.ts';
import { withCode } from '../../../shared/messages.ts';
import { ApiError, newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { DateField, RadioGroupInput, SelectInput, TextInput } from '../../forms/fields.tsx';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useSession, useUser } from '../../session.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { errorMessage } from '../../errors.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { roleLabel } from '../../labels.ts';
import { aLabel } from './shared.ts';

type ApprovalSetting = Reply<'GET /api/approval-settings'>['items'][number];
type Delegation = Reply<'GET /api/delegations'>['items'][number];
type DelegationCandidate = Reply<'GET /api/delegations/candidates'>['items'][number];

/** A refusal on this page in words (the generic texts: "changed by someone else", "already revoked" …). */
const say = (err: unknown, t: TFunction) => errorMessage(err, t);

function SettingRow({
  setting,
  editable,
  onSaved,
}: {
  setting: ApprovalSetting;
  editable: boolean;
  onSaved(message: string | null, error: unknown): void;
}) {
  const { t } = useTranslation();
  const kind = aLabel('approvalKinds', setting.kind, t);
  // The setting's version goes as If-Match: a change made meanwhile is refused (412), and the page reads the
  // settings again.
  const save = useApiMutation('PUT /api/approval-settings/:kind');
  // Follows the setting as it is read again (after a save, or someone else's).
  const form = useSchemaForm(approvalSettingBody, { values: { role: setting.role } });

  async function submit(values: z.output<typeof approvalSettingBody>) {
    if (values.role === setting.role) {
      onSaved(t('aid.approvals.unchanged'), null);
      return;
    }
    const answer = await save.mutateAsync({
      params: { kind: setting.kind },
      body: values,
      ifMatch: setting.version,
    });
    onSaved(t('aid.approvals.saved', { kind, role: roleLabel(answer.data.role, t) }), null);
  }

  return (
    <tr>
      <th scope="row" data-label={t('aid.approvals.colKind')}>
        {kind}
      </th>
      <td data-label={t('aid.approvals.colRole')}>
        {editable ? (
          <SchemaForm
            form={form}
            onSubmit={submit}
            onError={(err) => onSaved(null, err)}
            pending={save.isPending}
            className="inline-form"
          >
            <SelectInput name="role" id={`approver-${setting.kind}`} label={t('aid.approvals.roleFor', { kind })}>
              {APPROVER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r, t)}
                </option>
              ))}
            </SelectInput>
            <div className="button-row">
              <SubmitButton className="button button-secondary">
                {t('aid.approvals.save')}
                <span className="visually-hidden"> {t('aid.approvals.saveOf', { kind })}</span>
              </SubmitButton>
            </div>
          </SchemaForm>
        ) : (
          roleLabel(setting.role, t)
        )}
      </td>
    </tr>
  );
}

type DelegationStatus = 'active' | 'upcoming' | 'ended' | 'revoked';
function statusOf(d: Delegation, today: string): DelegationStatus {
  if (d.revokedAt) return 'revoked';
  if (today < d.startsOn) return 'upcoming';
  if (today > d.endsOn) return 'ended';
  return 'active';
}
const STATUS_BADGE: Record<DelegationStatus, string> = {
  active: 'badge-ok',
  upcoming: 'badge-stage',
  ended: 'badge-muted',
  revoked: 'badge-muted',
};
const STATUS_KEY = {
  active: 'aid.approvals.statusActive',
  upcoming: 'aid.approvals.statusUpcoming',
  ended: 'aid.approvals.statusEnded',
  revoked: 'aid.approvals.statusRevoked',
} as const;

function DelegationsTable({
  items,
  canRevoke,
  busy,
  onRevoke,
}: {
  items: Delegation[];
  canRevoke(d: Delegation): boolean;
  busy: boolean;
  onRevoke(d: Delegation): Promise<void>;
}) {
  const { t } = useTranslation();
  const today = todayInOffice();
  const kinds = (d: Delegation) =>
    d.kinds.length ? d.kinds.map((k) => aLabel('approvalKinds', k, t)).join(', ') : t('aid.approvals.nothing');
  return (
    <table className="data-table aid-delegations-table">
      <caption className="visually-hidden">{t('aid.approvals.delegationsTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('aid.approvals.colDelegate')}</th>
          <th scope="col">{t('aid.approvals.colDelegator')}</th>
          <th scope="col">{t('aid.approvals.colType')}</th>
          <th scope="col">{t('aid.approvals.colPeriod')}</th>
          <th scope="col">{t('aid.approvals.colLetter')}</th>
          <th scope="col">{t('aid.approvals.colKinds')}</th>
          <th scope="col">{t('aid.approvals.colStatus')}</th>
          <th scope="col">{t('aid.approvals.colActions')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const status = statusOf(d, today);
          return (
            <tr key={d.id}>
              <th scope="row" data-label={t('aid.approvals.colDelegate')}>
                {d.delegate.name}
                <span className="note aid-block">{roleLabel(d.delegate.role, t)}</span>
              </th>
              <td data-label={t('aid.approvals.colDelegator')}>
                {d.delegator.name}
                <span className="note aid-block">{roleLabel(d.delegator.role, t)}</span>
              </td>
              <td data-label={t('aid.approvals.colType')}>{aLabel('delegationTypes', d.type, t)}</td>
              <td data-label={t('aid.approvals.colPeriod')}>
                {t('aid.approvals.period', { from: formatDay(d.startsOn), to: formatDay(d.endsOn) })}
              </td>
              <td data-label={t('aid.approvals.colLetter')} className="break">
                {d.letterNumber}
              </td>
              <td data-label={t('aid.approvals.colKinds')}>{kinds(d)}</td>
              <td data-label={t('aid.approvals.colStatus')}>
                <span className={`badge ${STATUS_BADGE[status]}`}>{t(STATUS_KEY[status])}</span>
                {d.revokedAt ? <span className="note aid-block">{formatDay(d.revokedAt.slice(0, 10))}</span> : null}
              </td>
              <td data-label={t('aid.approvals.colActions')}>
                {status !== 'revoked' && status !== 'ended' && canRevoke(d) ? (
                  <ConfirmAction
                    label={t('aid.approvals.revoke')}
                    detail={d.delegate.name}
                    question={t('aid.approvals.revokeQuestion', {
                      name: d.delegate.name,
                      forName: d.delegator.name,
                    })}
                    confirmLabel={t('aid.approvals.revokeConfirm')}
                    busy={busy}
                    onConfirm={() => onRevoke(d)}
                  />
                ) : (
                  t('common.none')
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The delegation as the server takes it: someone else acts, from its start on. */
const delegationForm = delegationBody
  .refine((d) => d.delegateId !== d.delegatorId, { path: ['delegateId'] })
  .refine((d) => d.endsOn >= d.startsOn, { path: ['endsOn'], ...withCode('before_start') });

function DelegationFormView({
  forOthers,
  approverRoles,
  candidates,
  onSaved,
}: {
  /** The administrator names any approver as delegator; an approver is always the delegator herself. */
  forOthers: boolean;
  /** The roles the office's setting names as approvers now (who has something to hand on). */
  approverRoles: string[];
  candidates: DelegationCandidate[];
  onSaved(d: Delegation): void;
}) {
  const { t } = useTranslation();
  const me = useUser();
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const create = useApiMutation('POST /api/delegations');
  const form = useSchemaForm(delegationForm, {
    defaultValues: {
      delegatorId: forOthers ? undefined : me.id,
      startsOn: todayInOffice(),
      endsOn: todayInOffice(),
    },
    // The screen's words per field (an end before the start is worded by its own code).
    messages: {
      delegatorId: t('aid.approvals.form.delegatorError'),
      delegateId: t('aid.approvals.form.delegateError'),
      type: t('aid.approvals.form.typeError'),
      letterNumber: t('aid.approvals.form.letterError'),
    },
  });
  const delegatorId = useWatch({ control: form.control, name: 'delegatorId' });
  const delegators = candidates.filter((c) => approverRoles.includes(c.role));
  const delegates = candidates.filter((c) => c.id !== delegatorId);
  const who = (c: DelegationCandidate) => `${c.name} — ${roleLabel(c.role, t)}`;

  async function submit(values: z.output<typeof delegationBody>) {
    setError(null);
    try {
      const answer = await create.mutateAsync({ body: values, idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newIdempotencyKey();
      form.reset({ ...values, delegateId: undefined, type: undefined, letterNumber: undefined });
      onSaved(answer.data);
    } catch (err) {
      // The server names the field it refuses (body.delegateId …): said beside it.
      const first: unknown = err instanceof ApiError && Array.isArray(err.details) ? err.details[0] : undefined;
      const field =
        typeof first === 'object' && first !== null && 'field' in first && typeof first.field === 'string'
          ? first.field.replace(/^body\./, '')
          : '';
      if (err instanceof ApiError && err.code === 'delegation_invalid' && field in delegationBody.shape) {
        form.setError(
          field as keyof typeof delegationBody.shape,
          { type: 'server', message: say(err, t) },
          { shouldFocus: true },
        );
        return;
      }
      throw err;
    }
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={create.isPending}
      className="step prog-form"
      aria-labelledby="delegation-form-title"
    >
      <h2 id="delegation-form-title">{t('aid.approvals.form.title')}</h2>
      <ErrorAlert error={error} message={error ? say(error, t) : undefined} />
      {forOthers ? (
        <SelectInput name="delegatorId" id="delegatorId" label={t('aid.approvals.form.delegator')}>
          <option value="">{t('aid.approvals.form.choose')}</option>
          {delegators.map((c) => (
            <option key={c.id} value={c.id}>
              {who(c)}
            </option>
          ))}
        </SelectInput>
      ) : (
        <p>{t('aid.approvals.form.delegatorSelf', { name: me.name ?? me.username, role: roleLabel(me.role, t) })}</p>
      )}
      {delegates.length === 0 ? <p className="note">{t('aid.approvals.form.noCandidates')}</p> : null}
      <SelectInput
        name="delegateId"
        id="delegateId"
        label={t('aid.approvals.form.delegate')}
        hint={t('aid.approvals.form.delegateHint')}
      >
        <option value="">{t('aid.approvals.form.choose')}</option>
        {delegates.map((c) => (
          <option key={c.id} value={c.id}>
            {who(c)}
          </option>
        ))}
      </SelectInput>
      <RadioGroupInput
        name="type"
        id="type"
        legend={t('aid.approvals.form.type')}
        options={DELEGATION_TYPES.map((k) => ({ value: k, label: aLabel('delegationTypesLong', k, t) }))}
      />
      <div className="aid-grid">
        <DateField name="startsOn" id="startsOn" label={t('aid.approvals.form.startsOn')} />
        <DateField name="endsOn" id="endsOn" label={t('aid.approvals.form.endsOn')} />
      </div>
      <TextInput
        name="letterNumber"
        id="letterNumber"
        label={t('aid.approvals.form.letter')}
        maxLength={100}
        autoComplete="off"
      />
      <div className="button-row">
        <SubmitButton>{t('aid.approvals.form.submit')}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const manages = can('delegation.manage');
  const admin = can('approval.settings');
  const settingsQ = useApi('GET /api/approval-settings', {});
  const delegationsQ = useApi('GET /api/delegations', {});
  const candidates = useApi('GET /api/delegations/candidates', {}, { enabled: manages }).data?.items ?? [];
  const settings = settingsQ.data?.items ?? null;
  const delegations = delegationsQ.data?.items ?? null;
  const error = settingsQ.error ?? delegationsQ.error;
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const revocation = useApiMutation('POST /api/delegations/:id/revoke');
  usePageTitle(t('aid.approvals.title'));
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  async function revoke(d: Delegation) {
    setActionError(null);
    setNotice(null);
    try {
      await revocation.mutateAsync({ params: { id: d.id } });
      setNotice(t('aid.approvals.revoked', { name: d.delegate.name }));
    } catch (err) {
      setActionError(err);
      // Revoked by someone else meanwhile: the list is read again.
      void delegationsQ.refetch();
    }
  }

  // The administrator (the one who keeps the setting) revokes any she sees; an approver those she gave.
  const canRevoke = (d: Delegation) => manages && (admin || d.delegator.id === user?.id);
  const approverRoles = (settings ?? []).map((s) => s.role as string);
  return (
    <section className="prog aid">
      <h1>{t('aid.approvals.title')}</h1>
      <p>{t('aid.approvals.intro')}</p>
      {notice ? (
        <div ref={noticeRef} tabIndex={-1} className="alert alert-success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <ErrorAlert error={error} message={error ? say(error, t) : undefined} />
      <ErrorAlert error={actionError} message={actionError ? say(actionError, t) : undefined} />
      {settings === null && !error ? <p role="status">{t('aid.common.loading')}</p> : null}
      {settings ? (
        <section aria-labelledby="approvers-title">
          <h2 id="approvers-title">{t('aid.approvals.settingsTitle')}</h2>
          {!admin ? <p className="note">{t('aid.approvals.readOnly')}</p> : null}
          <table className="data-table aid-approvers-table">
            <caption className="visually-hidden">{t('aid.approvals.settingsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('aid.approvals.colKind')}</th>
                <th scope="col">{t('aid.approvals.colRole')}</th>
              </tr>
            </thead>
            <tbody>
              {settings.map((s) => (
                <SettingRow
                  key={s.kind}
                  setting={s}
                  editable={admin}
                  onSaved={(message, err) => {
                    setActionError(err);
                    setNotice(message);
                    // Changed meanwhile (412) or refused: the settings are read again.
                    if (err) void settingsQ.refetch();
                  }}
                />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {delegations ? (
        <section aria-labelledby="delegations-title">
          <h2 id="delegations-title">{t('aid.approvals.delegationsTitle')}</h2>
          {delegations.length === 0 ? (
            <p>{t('aid.approvals.delegationsEmpty')}</p>
          ) : (
            <DelegationsTable items={delegations} canRevoke={canRevoke} busy={revocation.isPending} onRevoke={revoke} />
          )}
        </section>
      ) : null}
      {manages && settings ? (
        <DelegationFormView
          forOthers={admin}
          approverRoles={approverRoles}
          candidates={candidates}
          onSaved={(d) => {
            setActionError(null);
            setNotice(
              t('aid.approvals.form.saved', {
                name: d.delegate.name,
                type: aLabel('delegationTypes', d.type, t),
                from: formatDay(d.startsOn),
                to: formatDay(d.endsOn),
              }),
            );
          }}
        />
      ) : null}
    </section>
  );
}
