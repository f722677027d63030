// One staff account: its details, what waits for a second person (and who may approve it), an edit form (name,
// role, regions) and the account actions (deactivate/reactivate, reset 2FA, reset password). Every change sends If-Match with the version seen;
// when someone else changed the account meanwhile (412), the latest version is loaded and the fields the
// administrator had edited keep what they typed.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { passwordSchema, userUpdateBody, type UserView } from '../../shared/api.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { api, ApiError, type UserUpdateInput, type Versioned } from '../api.ts';
import { accountsApi } from '../api-accounts.ts';
import { useSession, useUser } from '../session.tsx';
import { CheckboxGroup, SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { assignableRegions } from '../components/regions.ts';
import { formatDateTime, regionList } from '../format.ts';
import { hasErrors, serverFieldErrors, zodFieldErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

type EditForm = { name: string; email: string; role: Role; regions: string[] };
type EditField = keyof EditForm;
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

const formFrom = (u: UserView): EditForm => ({
  name: u.name ?? '',
  email: u.email ?? '',
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

export function UserDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const { can } = useSession();
  const [record, setRecord] = useState<Versioned<UserView> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<EditForm | null>(null);
  const dirty = useRef(new Set<EditField>());
  const [notice, setNotice] = useState<Notice | null>(() => {
    const n = (window.history.state as { notice?: unknown } | null)?.notice;
    return n === 'created' ? 'created' : null;
  });
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [newPassword, setNewPassword] = useState('');
  const editRef = useRef<HTMLFormElement>(null);
  const pwRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(editRef, attempt, hasErrors(fieldErrors));
  useFocusFirstInvalid(pwRef, attempt, hasErrors(fieldErrors));
  usePageTitle(record ? t('userDetail.title', { username: record.item.username }) : t('userDetail.loading'));

  /** Loads the latest version; fields the administrator has edited keep their typed values. */
  const load = useCallback(async () => {
    try {
      const fresh = await api.users.get(id);
      setRecord(fresh);
      setForm((f) => {
        const base = formFrom(fresh.item);
        if (!f) return base;
        return {
          name: dirty.current.has('name') ? f.name : base.name,
          email: dirty.current.has('email') ? f.email : base.email,
          role: dirty.current.has('role') ? f.role : base.role,
          regions: dirty.current.has('regions') ? f.regions : base.regions,
        };
      });
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [id]);

  // The "created" notice comes once, in the history entry; drop it so a reload does not repeat it.
  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  useEffect(() => {
    dirty.current.clear();
    setForm(null);
    setRecord(null);
    void load();
  }, [load]);

  const edit = <K extends EditField>(k: K, v: EditForm[K]) => {
    dirty.current.add(k);
    setForm((f) => (f ? { ...f, [k]: v } : f));
    setNotice(null);
  };

  /** Sends one change with If-Match; on 412 reloads and says so. Returns whether it was saved. */
  async function apply(patch: UserUpdateInput, done: Notice, messages: Record<string, string> = {}): Promise<boolean> {
    if (!record) return false;
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const saved = await api.users.update(id, record.etag, patch);
      // A change that gives more access is saved as a request: say that it waits, not that it is done.
      const asked = saved.item.approval;
      const before = record.item.approval;
      const waits = !!asked && (!before || before.requestId !== asked.requestId || before.version !== asked.version);
      setRecord(saved);
      setFieldErrors({});
      setNotice(waits && (done === 'saved' || done === 'reactivated') ? 'savedPending' : done);
      return true;
    } catch (err) {
      setError(err);
      setFieldErrors(serverFieldErrors(err, t, messages));
      if (err instanceof ApiError && (err.code === 'stale_version' || err.code === 'precondition_required'))
        await load();
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function saveEdits(e: FormEvent) {
    e.preventDefault();
    if (!record || !form) return;
    const current = record.item;
    const patch: UserUpdateInput = {};
    const name = form.name.trim() ? form.name : null;
    if (name !== current.name) patch.name = name;
    const email = form.email.trim() ? form.email.trim().toLowerCase() : null;
    if (email !== current.email) patch.email = email;
    if (form.role !== current.role) patch.role = form.role;
    if (!sameRegions(form.regions, current.regions)) patch.regions = form.regions;
    const messages = {
      name: t('validation.name'),
      email: t('validation.email'),
      role: t('validation.role'),
      regions: t('validation.regions'),
    };
    const parsed = userUpdateBody.safeParse(patch);
    if (!parsed.success) {
      setAttempt((a) => a + 1);
      setError(null);
      setFieldErrors(zodFieldErrors(parsed.error, t, messages));
      return;
    }
    if (Object.keys(patch).length === 0) {
      setFieldErrors({});
      setNotice('saved');
      return;
    }
    if (await apply(parsed.data, 'saved', messages)) dirty.current.clear();
  }

  async function resetPassword(e: FormEvent) {
    e.preventDefault();
    const messages = { resetPassword: t('validation.password') };
    if (!passwordSchema.safeParse(newPassword).success) {
      setAttempt((a) => a + 1);
      setError(null);
      setFieldErrors({ resetPassword: messages.resetPassword });
      return;
    }
    if (await apply({ resetPassword: newPassword }, 'passwordReset', messages)) setNewPassword('');
  }

  if (loadError && !record) {
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
  if (!record || !form) {
    return (
      <section className="narrow">
        <p role="status">{t('userDetail.loading')}</p>
      </section>
    );
  }

  const u = record.item;
  const self = u.id === me.id;
  const mayUpdate = can('user.update');
  const shown: Notice | null = notice === 'created' && u.approval ? 'createdPending' : notice;
  const staff = (p: { username: string; name: string | null } | null) => (p ? (p.name ?? p.username) : '');

  async function withdraw() {
    if (!u.approval) return;
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await accountsApi.withdraw(u.approval.requestId, u.approval.version);
      setNotice('withdrawn');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      await load();
    }
  }
  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link href="/users">{t('userDetail.back')}</Link>
      </p>
      <h1>{t('userDetail.title', { username: u.username })}</h1>
      {shown ? <StatusMessage tone="success">{noticeText(shown, t)}</StatusMessage> : null}
      <ErrorAlert key={attempt} error={error} />

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
          <form ref={editRef} onSubmit={saveEdits} noValidate className="form">
            <TextField
              id="edit-name"
              label={t('userDetail.name')}
              error={fieldErrors.name}
              value={form.name}
              onChange={(e) => edit('name', e.currentTarget.value)}
              autoComplete="off"
            />
            <TextField
              id="edit-email"
              type="email"
              label={t('userDetail.email')}
              hint={t('userNew.emailHint')}
              error={fieldErrors.email}
              value={form.email}
              onChange={(e) => edit('email', e.currentTarget.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
            <SelectField
              id="edit-role"
              label={t('userDetail.role')}
              error={fieldErrors.role}
              value={form.role}
              disabled={self}
              onChange={(e) => edit('role', e.currentTarget.value as Role)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </SelectField>
            <CheckboxGroup
              id="edit-regions"
              legend={t('userDetail.regions')}
              error={fieldErrors.regions}
              options={assignableRegions(me.regions)}
              value={form.regions}
              onChange={(v) => edit('regions', v)}
            />
            <div className="button-row">
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? t('common.saving') : t('common.save')}
              </button>
            </div>
          </form>

          <h2>{t('userDetail.actions')}</h2>
          <div className="actions">
            {self ? null : u.active ? (
              <ConfirmAction
                label={t('userDetail.deactivate')}
                question={t('userDetail.deactivateConfirm')}
                confirmLabel={t('userDetail.deactivateYes')}
                busy={busy}
                onConfirm={async () => {
                  await apply({ active: false }, 'deactivated');
                }}
              />
            ) : u.approval ? null : (
              // A new account waiting for approval is not deactivated: its request is taken back above.
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => void apply({ active: true }, 'reactivated')}
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
                onConfirm={async () => {
                  await apply({ resetMfa: true }, 'mfaReset');
                }}
              />
            ) : null}
          </div>

          <h3>{t('userDetail.resetPassword')}</h3>
          <p>{t('userDetail.resetPasswordIntro')}</p>
          <form ref={pwRef} onSubmit={resetPassword} noValidate className="form">
            <TextField
              id="reset-password"
              label={t('userDetail.newPassword')}
              hint={t('userNew.passwordHint')}
              error={fieldErrors.resetPassword}
              value={newPassword}
              onChange={(e) => setNewPassword(e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <div className="button-row">
              <button type="submit" className="button button-secondary" disabled={busy}>
                {t('userDetail.resetPasswordSubmit')}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}
