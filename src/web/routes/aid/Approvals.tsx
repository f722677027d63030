// "Persetujuan & pelimpahan": which role approves each kind of decision on money (aid, budget lines) — the
// administrator changes it (If-Match on the setting's version; a change made meanwhile opens the conflict
// dialog), everyone else reads it — and the delegations
// while an approver is away (Plh./Plt.): the list with its status on the office's day, revocation by whoever
// may manage it, and a form to record one. An approver gives her own delegation only (the delegator is she);
// the administrator records any approver's. Whom to name comes from the server's list of accounts that may
// act for an approver within the asker's regions (no administrator, no auditor).
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import {
  APPROVER_ROLES,
  approvalSettingBody,
  DELEGATION_SORTS,
  DELEGATION_TYPES,
  delegationBody,
} from '../../../shared/approvals.ts';
import { withCode } from '../../../shared/messages.ts';
import { ApiError, newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useApi, useApiMutation } from '../../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../../data/url-state.ts';
import { type Column, DataTable, serverPaging } from '../../components/DataTable.tsx';
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

/** The role that approves one kind, as a small form for the administrator (her save sends the version as If-Match). */
function SettingRole({
  setting,
  onSaved,
}: {
  setting: ApprovalSetting;
  onSaved(message: string | null, error: unknown): void;
}) {
  const { t } = useTranslation();
  const kind = aLabel('approvalKinds', setting.kind, t);
  // A change made meanwhile (412) opens the conflict dialog: her choice beside the other person's.
  const save = useVersionedMutation('PUT /api/approval-settings/:kind', {
    labelOf: (f) => (f === 'role' ? t('aid.approvals.roleFor', { kind }) : f),
    format: (f, v) => (f === 'role' && typeof v === 'string' ? roleLabel(v, t) : String(v)),
  });
  // Follows the setting as it is read again (after a save, or someone else's).
  const form = useSchemaForm(approvalSettingBody, { values: { role: setting.role } });

  async function submit(values: z.output<typeof approvalSettingBody>) {
    if (values.role === setting.role) {
      onSaved(t('aid.approvals.unchanged'), null);
      return;
    }
    const args = { params: { kind: setting.kind } };
    const result = await save.save({
      call: { ...args, body: values },
      base: setting,
      record: { key: 'GET /api/approval-settings/:kind', args },
    });
    if (result.outcome === 'saved') {
      onSaved(t('aid.approvals.saved', { kind, role: roleLabel(result.answer.data.role, t) }), null);
    } else {
      // She chose the latest version: the form shows it.
      form.reset({ role: result.current.role });
      onSaved(null, null);
    }
  }

  return (
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

/** The approvals page's address: the server's order of the delegations and the page. */
const APPROVALS_URL = { sort: codeParam(DELEGATION_SORTS, '-startsOn'), page: pageParam() };
const DELEGATIONS_PAGE = 50;

function DelegationsTable({
  list,
  canRevoke,
  busy,
  onRevoke,
}: {
  list: ReturnType<typeof useDelegations>['list'];
  canRevoke(d: Delegation): boolean;
  busy: boolean;
  onRevoke(d: Delegation): Promise<void>;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useUrlState(APPROVALS_URL);
  const today = todayInOffice();
  const kinds = (d: Delegation) =>
    d.kinds.length ? d.kinds.map((k) => aLabel('approvalKinds', k, t)).join(', ') : t('aid.approvals.nothing');
  const columns: Column<Delegation>[] = [
    {
      id: 'delegate',
      header: t('aid.approvals.colDelegate'),
      rowHeader: true,
      cell: (d) => (
        <>
          {d.delegate.name}
          <span className="note aid-block">{roleLabel(d.delegate.role, t)}</span>
        </>
      ),
    },
    {
      id: 'delegator',
      header: t('aid.approvals.colDelegator'),
      hideable: true,
      cell: (d) => (
        <>
          {d.delegator.name}
          <span className="note aid-block">{roleLabel(d.delegator.role, t)}</span>
        </>
      ),
    },
    {
      id: 'type',
      header: t('aid.approvals.colType'),
      hideable: true,
      sort: true,
      cell: (d) => aLabel('delegationTypes', d.type, t),
    },
    {
      // Ordered by its first day.
      id: 'startsOn',
      header: t('aid.approvals.colPeriod'),
      sort: true,
      descFirst: true,
      cell: (d) => t('aid.approvals.period', { from: formatDay(d.startsOn), to: formatDay(d.endsOn) }),
    },
    {
      id: 'letterNumber',
      header: t('aid.approvals.colLetter'),
      className: 'break',
      sort: true,
      cell: (d) => d.letterNumber,
    },
    { id: 'kinds', header: t('aid.approvals.colKinds'), hideable: true, cell: kinds },
    {
      id: 'status',
      header: t('aid.approvals.colStatus'),
      // The server's order: in force, upcoming, ended, revoked.
      sort: true,
      cell: (d) => {
        const status = statusOf(d, today);
        return (
          <>
            <span className={`badge ${STATUS_BADGE[status]}`}>{t(STATUS_KEY[status])}</span>
            {d.revokedAt ? <span className="note aid-block">{formatDay(d.revokedAt.slice(0, 10))}</span> : null}
          </>
        );
      },
    },
    {
      id: 'actions',
      header: t('aid.approvals.colActions'),
      cell: (d) => {
        const status = statusOf(d, today);
        return status !== 'revoked' && status !== 'ended' && canRevoke(d) ? (
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
        );
      },
    },
  ];
  return (
    <DataTable
      id="aid-delegations"
      caption={t('aid.approvals.delegationsTitle')}
      // Every delegation the office records stays (revoked and ended ones too): sorted and paged by the server.
      {...serverPaging(list, url, setUrl, DELEGATIONS_PAGE)}
      columns={columns}
      rows={list.data?.items}
      rowKey={(d) => d.id}
      tableClassName="aid-delegations-table"
      columnChooser
      empty={<p>{t('aid.approvals.delegationsEmpty')}</p>}
    />
  );
}

/** One page of the delegations in the order of the address; the last page stays while the next is read. */
function useDelegations() {
  const [url] = useUrlState(APPROVALS_URL);
  const list = useApi(
    'GET /api/delegations',
    { query: { sort: url.sort, page: url.page, pageSize: DELEGATIONS_PAGE } },
    { placeholderData: keepPreviousData },
  );
  return { list };
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
  const { list: delegationsQ } = useDelegations();
  const candidates = useApi('GET /api/delegations/candidates', {}, { enabled: manages }).data?.items ?? [];
  const settings = settingsQ.data?.items ?? null;
  const delegations = delegationsQ.data ?? null;
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
          <DataTable
            id="aid-approvers"
            caption={t('aid.approvals.settingsTitle')}
            // One row per kind of decision (three), in the kinds' own order.
            mode="client"
            columns={[
              {
                id: 'kind',
                header: t('aid.approvals.colKind'),
                rowHeader: true,
                cell: (s: ApprovalSetting) => aLabel('approvalKinds', s.kind, t),
              },
              {
                id: 'role',
                header: t('aid.approvals.colRole'),
                cell: (s: ApprovalSetting) =>
                  admin ? (
                    <SettingRole
                      setting={s}
                      onSaved={(message, err) => {
                        setActionError(err);
                        setNotice(message);
                        // Refused for another reason: the settings are read again.
                        if (err) void settingsQ.refetch();
                      }}
                    />
                  ) : (
                    roleLabel(s.role, t)
                  ),
              },
            ]}
            rows={settings}
            rowKey={(s) => s.kind}
            tableClassName="aid-approvers-table"
            empty={null}
          />
        </section>
      ) : null}
      {delegations ? (
        <section aria-labelledby="delegations-title">
          <h2 id="delegations-title">{t('aid.approvals.delegationsTitle')}</h2>
          <DelegationsTable list={delegationsQ} canRevoke={canRevoke} busy={revocation.isPending} onRevoke={revoke} />
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
