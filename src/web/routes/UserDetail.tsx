// One staff account: its details, what waits for a second person (and who may approve it), an edit form (name,
// role, regions) and the account actions (deactivate/reactivate, reset 2FA, reset password). Every change sends
// If-Match with the version the administrator opened; when someone else changed the account meanwhile (412), the
// conflict dialog shows both changes and she chooses to load the latest version or apply her own on top of it.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { userUpdateBody } from '../../shared/api.ts';
import { PROVINCE_ROLES, ROLES, type Role } from '../../shared/roles.ts';
import { useSession, useUser } from '../session.tsx';
import { StaffDevicesSection } from './field/Devices.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { assignableRegions } from '../components/regions.ts';
import type { Body, Reply } from '../data/client.ts';
import { useVersionedMutation } from '../data/conflict.tsx';
import { apiKey, invalidateResources, useApi, useApiMutation } from '../data/query.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { CheckboxGroupInput, SelectInput, TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { formatDateTime, regionList } from '../format.ts';
import { usePageTitle } from '../hooks.ts';

type UserView = Reply<'GET /api/users/:id'>;
type UserPatch = Body<'PATCH /api/users/:id'>;
/** The edit form: the update's name, e-mail, role and regions (an emptied name or e-mail is sent as null). */
const editSchema = userUpdateBody.pick({ name: true, email: true, role: true, regions: true }).required();
type EditValues = z.output<typeof editSchema>;
/** The password reset: the update's new initial password, required. */
const resetSchema = userUpdateBody.pick({ resetPassword: true }).required();
type Notice =
  | 'created'
  | 'createdPending'
  | 'saved'
  | 'savedPending'
  | 'deactivated'
  | 'reactivated'
  | 'mfaReset'
  | 'passwordReset'
  | 'withdrawn';

const formFrom = (u: UserView): z.input<typeof editSchema> => ({
  name: u.name,
  email: u.email,
  role: u.role,
  regions: [...u.regions],
});
const sameRegions = (a: readonly string[], b: readonly string[]) => [...a].sort().join(',') === [...b].sort().join(',');

function noticeText(n: Notice, t: TFunction): string {
  switch (n) {
    case 'created':
      return t('userDetail.created');
    case 'createdPending':
      return t('accounts.user.createdPending');
    case 'savedPending':
      return t('accounts.user.savedPending');
    case 'withdrawn':
      return t('accounts.user.withdrawn');
    case 'saved':
      return t('userDetail.saved');
    case 'deactivated':
      return t('userDetail.deactivated');
    case 'reactivated':
      return t('userDetail.reactivated');
    case 'mfaReset':
      return t('userDetail.mfaReset');
    case 'passwordReset':
      return t('userDetail.passwordReset');
  }
}

/** The labels of the fields a change can carry, for the conflict dialog. */
const FIELD_LABELS = {
  name: 'userDetail.name',
  email: 'userDetail.email',
  role: 'userDetail.role',
  regions: 'userDetail.regions',
  active: 'userDetail.status',
  resetMfa: 'userDetail.mfa',
  resetPassword: 'userDetail.newPassword',
} as const;
const isLabelled = (field: string): field is keyof typeof FIELD_LABELS => field in FIELD_LABELS;
const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export function UserDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const { can } = useSession();
  const client = useQueryClient();
  const args = { params: { id } };
  const { data: latest, error: loadError } = useApi('GET /api/users/:id', args);
  // The account as the administrator opened it: the version her changes are based on (If-Match).
  const [base, setBase] = useState<UserView | null>(null);
  const [notice, setNotice] = useState<Notice | null>(() => {
    const n = (window.history.state as { notice?: unknown } | null)?.notice;
    return n === 'created' ? 'created' : null;
  });
  const [error, setError] = useState<unknown>(null);
  const form = useSchemaForm(editSchema, {
    values: useMemo(() => (base ? formFrom(base) : undefined), [base]),
    messages: {
      name: t('validation.name'),
      email: t('validation.email'),
      role: t('validation.role'),
      regions: t('validation.regions'),
    },
  });
  const passwordForm = useSchemaForm(resetSchema, {
    defaultValues: { resetPassword: '' },
    messages: { resetPassword: t('validation.password') },
  });
  // The first read, another account, or a newer version while nothing is being edited: the form follows it.
  if (latest && (!base || base.id !== latest.id || (latest.version !== base.version && !form.formState.isDirty))) {
    setBase(latest);
  }
  const record = base && base.id === id ? base : null;
  usePageTitle(record ? t('userDetail.title', { username: record.username }) : t('userDetail.loading'));

  const update = useVersionedMutation('PATCH /api/users/:id', {
    labelOf: (field) => (isLabelled(field) ? t(FIELD_LABELS[field]) : field),
    format: (field, value) => {
      if (field === 'resetPassword') return '••••••••';
      if (field === 'regions' && Array.isArray(value)) return regionList(value.map(String));
      if (field === 'role' && isRole(value)) return t(`roles.${value}`);
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      return String(value);
    },
  });
  const withdrawal = useApiMutation('POST /api/account-requests/:id/withdraw', {
    invalidates: () => [`/api/users/${id}`],
    // Decided or changed meanwhile: the account is read again either way.
    onError: () => void invalidateResources(client, [`/api/users/${id}`]),
  });
  const busy = update.isPending || withdrawal.isPending;

  // The "created" notice comes once, in the history entry; drop it so a reload does not repeat it.
  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  /**
   * Sends one change with If-Match. On 412 the conflict dialog decides: her change applied on the latest version,
   * or the latest version loaded (nothing saved). Returns whether it was saved; other failures throw.
   */
  async function apply(patch: UserPatch, done: Notice): Promise<boolean> {
    if (!record) return false;
    setError(null);
    setNotice(null);
    const result = await update.save({
      call: { ...args, body: patch },
      base: record,
      record: { key: 'GET /api/users/:id', args },
    });
    if (result.outcome === 'reloaded') {
      const fresh = client.getQueryData<UserView>(apiKey('GET /api/users/:id', args));
      if (fresh) setBase(fresh);
      return false;
    }
    const saved = result.answer.data;
    // A change that gives more access is saved as a request: say that it waits, not that it is done.
    const asked = saved.approval;
    const before = record.approval;
    const waits = !!asked && (!before || before.requestId !== asked.requestId || before.version !== asked.version);
    setBase(saved);
    setNotice(waits && (done === 'saved' || done === 'reactivated') ? 'savedPending' : done);
    return true;
  }

  /** An account action (deactivate, 2FA reset …): its failure goes to the alert. */
  async function act(patch: UserPatch, done: Notice) {
    try {
      await apply(patch, done);
    } catch (err) {
      setError(err);
    }
  }

  async function saveEdits(values: EditValues) {
    if (!record) return;
    const patch: UserPatch = {};
    if (values.name !== record.name) patch.name = values.name;
    if (values.email !== record.email) patch.email = values.email;
    if (values.role !== record.role) patch.role = values.role;
    if (!sameRegions(values.regions, record.regions)) patch.regions = values.regions;
    if (Object.keys(patch).length === 0) {
      setError(null);
      setNotice('saved');
      return;
    }
    await apply(patch, 'saved');
  }

  if (!record && loadError) {
    return (
      <section className="narrow">
        <h1>{t('userDetail.loading')}</h1>
        <ErrorAlert error={loadError} />
        <p>
          <Link href="/users">{t('userDetail.back')}</Link>
        </p>
      </section>
    );
  }
  if (!record) {
    return (
      <section className="narrow">
        <p role="status">{t('userDetail.loading')}</p>
      </section>
    );
  }

  const u = record;
  const self = u.id === me.id;
  const mayUpdate = can('user.update');
  const shown: Notice | null = notice === 'created' && u.approval ? 'createdPending' : notice;
  const staff = (p: { username: string; name: string | null } | null) => (p ? (p.name ?? p.username) : '');

  async function withdraw() {
    if (!u.approval) return;
    setError(null);
    setNotice(null);
    try {
      await withdrawal.mutateAsync({ params: { id: u.approval.requestId }, ifMatch: u.approval.version });
      setNotice('withdrawn');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link href="/users">{t('userDetail.back')}</Link>
      </p>
      <h1>{t('userDetail.title', { username: u.username })}</h1>
      {shown ? <StatusMessage tone="success">{noticeText(shown, t)}</StatusMessage> : null}
      <ErrorAlert error={error} />
      {/* A newer read that failed: what was read last stays on screen. */}
      {loadError && !error ? <ErrorAlert error={loadError} /> : null}

      <h2>{t('userDetail.summary')}</h2>
      <dl className="details">
        <div>
          <dt>{t('userDetail.username')}</dt>
          <dd>{u.username}</dd>
        </div>
        <div>
          <dt>{t('userDetail.name')}</dt>
          <dd>{u.name ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('userDetail.email')}</dt>
          <dd>{u.email ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('userDetail.role')}</dt>
          <dd>{t(`roles.${u.role}`)}</dd>
        </div>
        <div>
          <dt>{t('userDetail.regions')}</dt>
          <dd>{regionList(u.regions)}</dd>
        </div>
        <div>
          <dt>{t('userDetail.status')}</dt>
          <dd>
            {u.approval && !u.active
              ? t('accounts.user.waiting')
              : u.active
                ? t('status.active')
                : t('status.inactive')}
          </dd>
        </div>
        <div>
          <dt>{t('userDetail.mfa')}</dt>
          <dd>{u.mfaEnabled ? t('status.mfaOn') : t('status.mfaOff')}</dd>
        </div>
        <div>
          <dt>{t('userDetail.mustChange')}</dt>
          <dd>{u.mustChangePassword ? t('common.yes') : t('common.no')}</dd>
        </div>
        <div>
          <dt>{t('userDetail.createdAt')}</dt>
          <dd>{formatDateTime(u.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('userDetail.updatedAt')}</dt>
          <dd>{formatDateTime(u.updatedAt)}</dd>
        </div>
      </dl>

      {u.approval ? (
        <section aria-labelledby="approval-title">
          <h2 id="approval-title">
            {t('accounts.user.title')}: {t('accounts.user.waiting')}
          </h2>
          <p>
            {u.approval.kind === 'RAISE'
              ? t('accounts.user.RAISE', { role: t(`roles.${u.role}`), regions: regionList(u.regions) })
              : t(`accounts.user.${u.approval.kind}`)}
          </p>
          <dl className="details">
            <div>
              <dt>{t('accounts.user.asks')}</dt>
              <dd>
                {t('accounts.user.asksValue', {
                  role: t(`roles.${u.approval.role}`),
                  regions: regionList(u.approval.regions),
                })}
              </dd>
            </div>
            <div>
              <dt>{t('accounts.user.requested')}</dt>
              <dd>
                {t('accounts.user.requestedValue', {
                  who: staff(u.approval.requestedBy),
                  at: formatDateTime(u.approval.requestedAt),
                })}
              </dd>
            </div>
            <div>
              <dt>{t('accounts.user.approvers')}</dt>
              <dd>
                {u.approval.approvers.length > 0
                  ? u.approval.approvers.map((x) => `${staff(x)} (${t(`roles.${x.role}`)})`).join(', ')
                  : t('accounts.user.noApprover')}
              </dd>
            </div>
          </dl>
          {mayUpdate ? (
            <div className="actions">
              <ConfirmAction
                label={t('accounts.user.withdraw')}
                question={t('accounts.user.withdrawConfirm')}
                confirmLabel={t('accounts.user.withdrawYes')}
                busy={busy}
                tone="secondary"
                onConfirm={withdraw}
              />
            </div>
          ) : null}
        </section>
      ) : null}
      {u.lastDecision ? (
        <>
          <h2>{t('accounts.user.lastTitle')}</h2>
          <p>
            {t(
              `accounts.user.last.${u.lastDecision.status === 'DIRECT' ? (u.lastDecision.kind === 'CONSOLE' ? 'CONSOLE' : 'FIRST_APPROVER') : u.lastDecision.status}`,
              {
                who: staff(u.lastDecision.by),
                at: u.lastDecision.at ? formatDateTime(u.lastDecision.at) : '',
                reason: u.lastDecision.reason ?? '',
              },
            )}
          </p>
        </>
      ) : null}

      {mayUpdate ? (
        <>
          <h2>{t('userDetail.edit')}</h2>
          {self ? <p className="note">{t('userDetail.self')}</p> : null}
          <SchemaForm form={form} onSubmit={saveEdits} onError={setError} pending={busy} className="form">
            <TextInput
              name="name"
              control={form.control}
              id="edit-name"
              label={t('userDetail.name')}
              emptyValue={null}
              autoComplete="off"
            />
            <TextInput
              name="email"
              control={form.control}
              id="edit-email"
              type="email"
              label={t('userDetail.email')}
              hint={t('userNew.emailHint')}
              emptyValue={null}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
            <SelectInput name="role" control={form.control} id="edit-role" label={t('userDetail.role')} disabled={self}>
              {PROVINCE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </SelectInput>
            <CheckboxGroupInput
              name="regions"
              control={form.control}
              id="edit-regions"
              legend={t('userDetail.regions')}
              options={assignableRegions(me.regions)}
            />
            <div className="button-row">
              <SubmitButton busyLabel={t('common.saving')}>{t('common.save')}</SubmitButton>
            </div>
          </SchemaForm>

          <h2>{t('userDetail.actions')}</h2>
          <div className="actions">
            {self ? null : u.active ? (
              <ConfirmAction
                label={t('userDetail.deactivate')}
                question={t('userDetail.deactivateConfirm')}
                confirmLabel={t('userDetail.deactivateYes')}
                busy={busy}
                onConfirm={() => act({ active: false }, 'deactivated')}
              />
            ) : u.approval ? null : (
              // A new account waiting for approval is not deactivated: its request is taken back above.
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => void act({ active: true }, 'reactivated')}
              >
                {t('userDetail.reactivate')}
              </button>
            )}
            {u.mfaEnabled ? (
              <ConfirmAction
                label={t('userDetail.resetMfa')}
                question={t('userDetail.resetMfaConfirm')}
                confirmLabel={t('userDetail.resetMfaYes')}
                busy={busy}
                tone="secondary"
                onConfirm={() => act({ resetMfa: true }, 'mfaReset')}
              />
            ) : null}
          </div>

          <h3>{t('userDetail.resetPassword')}</h3>
          <p>{t('userDetail.resetPasswordIntro')}</p>
          <SchemaForm
            form={passwordForm}
            pending={busy}
            className="form"
            onError={setError}
            onSubmit={async (values) => {
              if (await apply(values, 'passwordReset')) passwordForm.reset({ resetPassword: '' });
            }}
          >
            <TextInput
              name="resetPassword"
              control={passwordForm.control}
              id="reset-password"
              label={t('userDetail.newPassword')}
              hint={t('userNew.passwordHint')}
              autoComplete="off"
              spellCheck={false}
            />
            <div className="button-row">
              <SubmitButton className="button button-secondary">{t('userDetail.resetPasswordSubmit')}</SubmitButton>
            </div>
          </SchemaForm>
        </>
      ) : null}
      {can('field.device.revoke') && !self ? <StaffDevicesSection accountId={u.id} /> : null}
    </section>
  );
}
