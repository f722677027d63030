// "Persetujuan & pelimpahan": which role approves each kind of decision on money (aid, budget lines) — the
// administrator changes it (If-Match on the setting's version), everyone else reads it — and the delegations
// while an approver is away (Plh./Plt.): the list with its status on the office's day, revocation by whoever
// may manage it, and a form to record one. An approver gives her own delegation only (the delegator is she);
// the administrator records any approver's. Whom to name comes from the server's list of accounts that may
// act for an approver within the asker's regions (no administrator, no auditor).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { APPROVER_ROLES, DELEGATION_TYPES, type ApproverRole, type DelegationType } from '../../../shared/approvals.ts';
import { ApiError } from '../../api.ts';
import { approvalsApi, type ApprovalSetting, type Delegation, type DelegationCandidate } from '../../api-approvals.ts';
import { useSession, useUser } from '../../session.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { RadioGroup, SelectField, TextField } from '../../components/Field.tsx';
import { errorMessage, hasErrors, type FieldErrors } from '../../errors.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { useFocusFirstInvalid, usePageTitle } from '../../hooks.ts';
import { roleLabel } from '../../labels.ts';
import { isIsoDate } from '../programme/shared.ts';
import { aLabel } from './shared.ts';

/** A refusal on this page in words (the generic texts: "changed by someone else", "already revoked" …). */
const say = (err: unknown, t: TFunction) => errorMessage(err, t);

function SettingRow({
  setting,
  editable,
  onSaved,
}: {
  setting: ApprovalSetting;
  editable: boolean;
  onSaved(next: ApprovalSetting | null, message: string | null, error: unknown): Promise<void>;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState<ApproverRole>(setting.role);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRole(setting.role), [setting.role]);
  const kind = aLabel('approvalKinds', setting.kind, t);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (role === setting.role) {
      await onSaved(null, t('aid.approvals.unchanged'), null);
      return;
    }
    setBusy(true);
    try {
      const next = await approvalsApi.settings.set(setting.kind, role, setting.version);
      await onSaved(next.item, t('aid.approvals.saved', { kind, role: roleLabel(next.item.role, t) }), null);
    } catch (err) {
      // Changed meanwhile (412) or refused: the setting is read again and the reason shown.
      await onSaved(null, null, err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <th scope="row" data-label={t('aid.approvals.colKind')}>
        {kind}
      </th>
      <td data-label={t('aid.approvals.colRole')}>
        {editable ? (
          <form className="inline-form" onSubmit={save}>
            <SelectField
              id={`approver-${setting.kind}`}
              label={t('aid.approvals.roleFor', { kind })}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as ApproverRole)}
            >
              {APPROVER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r, t)}
                </option>
              ))}
            </SelectField>
            <div className="button-row">
              <button type="submit" className="button button-secondary" disabled={busy}>
                {busy ? t('common.saving') : t('aid.approvals.save')}
                <span className="visually-hidden"> {t('aid.approvals.saveOf', { kind })}</span>
              </button>
            </div>
          </form>
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

interface DelegationForm {
  delegatorId: string;
  delegateId: string;
  type: DelegationType | '';
  startsOn: string;
  endsOn: string;
  letterNumber: string;
}

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
  onSaved(d: Delegation): Promise<void>;
}) {
  const { t } = useTranslation();
  const me = useUser();
  const [form, setForm] = useState<DelegationForm>(() => ({
    delegatorId: forOthers ? '' : me.id,
    delegateId: '',
    type: '',
    startsOn: todayInOffice(),
    endsOn: todayInOffice(),
    letterNumber: '',
  }));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = <K extends keyof DelegationForm>(k: K, v: DelegationForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const delegators = candidates.filter((c) => approverRoles.includes(c.role));
  const delegates = candidates.filter((c) => c.id !== form.delegatorId);
  const who = (c: DelegationCandidate) => `${c.name} — ${roleLabel(c.role, t)}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setError(null);
    const errors: FieldErrors = {};
    if (!form.delegatorId) errors.delegatorId = t('aid.approvals.form.delegatorError');
    if (!form.delegateId || form.delegateId === form.delegatorId)
      errors.delegateId = t('aid.approvals.form.delegateError');
    if (!form.type) errors.type = t('aid.approvals.form.typeError');
    if (!isIsoDate(form.startsOn)) errors.startsOn = t('aid.approvals.form.dateError');
    if (!isIsoDate(form.endsOn)) errors.endsOn = t('aid.approvals.form.dateError');
    else if (isIsoDate(form.startsOn) && form.endsOn < form.startsOn)
      errors.endsOn = t('aid.approvals.form.endsBeforeStart');
    const letterNumber = form.letterNumber.trim();
    if (!letterNumber || letterNumber.length > 100) errors.letterNumber = t('aid.approvals.form.letterError');
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    setBusy(true);
    try {
      const d = await approvalsApi.delegations.create({
        delegatorId: form.delegatorId,
        delegateId: form.delegateId,
        type: form.type as DelegationType,
        startsOn: form.startsOn,
        endsOn: form.endsOn,
        letterNumber,
      });
      setForm((f) => ({ ...f, delegateId: '', type: '', letterNumber: '' }));
      await onSaved(d);
    } catch (err) {
      // The server names the field it refuses (body.delegateId …): said beside it.
      const field =
        err instanceof ApiError && Array.isArray(err.details)
          ? String((err.details as { field?: unknown }[])[0]?.field ?? '').replace(/^body\./, '')
          : '';
      if (field && field in form) {
        setFieldErrors({ [field]: say(err, t) });
        setAttempt((n) => n + 1);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="delegation-form-title">
      <h2 id="delegation-form-title">{t('aid.approvals.form.title')}</h2>
      <ErrorAlert error={error} message={error ? say(error, t) : undefined} />
      {forOthers ? (
        <SelectField
          id="delegatorId"
          label={t('aid.approvals.form.delegator')}
          value={form.delegatorId}
          error={fe.delegatorId}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, delegatorId: v, delegateId: f.delegateId === v ? '' : f.delegateId }));
          }}
        >
          <option value="">{t('aid.approvals.form.choose')}</option>
          {delegators.map((c) => (
            <option key={c.id} value={c.id}>
              {who(c)}
            </option>
          ))}
        </SelectField>
      ) : (
        <p>{t('aid.approvals.form.delegatorSelf', { name: me.name ?? me.username, role: roleLabel(me.role, t) })}</p>
      )}
      {delegates.length === 0 ? <p className="note">{t('aid.approvals.form.noCandidates')}</p> : null}
      <SelectField
        id="delegateId"
        label={t('aid.approvals.form.delegate')}
        hint={t('aid.approvals.form.delegateHint')}
        value={form.delegateId}
        error={fe.delegateId}
        onChange={(e) => set('delegateId', e.currentTarget.value)}
      >
        <option value="">{t('aid.approvals.form.choose')}</option>
        {delegates.map((c) => (
          <option key={c.id} value={c.id}>
            {who(c)}
          </option>
        ))}
      </SelectField>
      <RadioGroup<DelegationType>
        id="type"
        legend={t('aid.approvals.form.type')}
        error={fe.type}
        options={DELEGATION_TYPES.map((k) => ({ value: k, label: aLabel('delegationTypesLong', k, t) }))}
        value={form.type}
        onChange={(v) => set('type', v)}
      />
      <div className="aid-grid">
        <TextField
          id="startsOn"
          type="date"
          label={t('aid.approvals.form.startsOn')}
          value={form.startsOn}
          error={fe.startsOn}
          onChange={(e) => set('startsOn', e.currentTarget.value)}
        />
        <TextField
          id="endsOn"
          type="date"
          label={t('aid.approvals.form.endsOn')}
          value={form.endsOn}
          error={fe.endsOn}
          onChange={(e) => set('endsOn', e.currentTarget.value)}
        />
      </div>
      <TextField
        id="letterNumber"
        label={t('aid.approvals.form.letter')}
        value={form.letterNumber}
        error={fe.letterNumber}
        maxLength={100}
        autoComplete="off"
        onChange={(e) => set('letterNumber', e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.approvals.form.submit')}
        </button>
      </div>
    </form>
  );
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const [settings, setSettings] = useState<ApprovalSetting[] | null>(null);
  const [delegations, setDelegations] = useState<Delegation[] | null>(null);
  const [candidates, setCandidates] = useState<DelegationCandidate[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  usePageTitle(t('aid.approvals.title'));
  const manages = can('delegation.manage');
  const admin = can('approval.settings');

  const load = useCallback(async () => {
    try {
      const [s, d] = await Promise.all([approvalsApi.settings.list(), approvalsApi.delegations.list()]);
      setSettings(s);
      setDelegations(d);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void load();
    if (manages) approvalsApi.delegations.candidates().then(setCandidates, () => setCandidates([]));
  }, [load, manages]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  async function revoke(d: Delegation) {
    setActionError(null);
    setNotice(null);
    setBusy(true);
    try {
      await approvalsApi.delegations.revoke(d.id);
      setNotice(t('aid.approvals.revoked', { name: d.delegate.name }));
    } catch (err) {
      setActionError(err);
    } finally {
      await load();
      setBusy(false);
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
                  onSaved={async (next, message, err) => {
                    setActionError(err);
                    setNotice(message);
                    if (next) setSettings((all) => (all ?? []).map((x) => (x.kind === next.kind ? next : x)));
                    else if (err) await load();
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
            <DelegationsTable items={delegations} canRevoke={canRevoke} busy={busy} onRevoke={revoke} />
          )}
        </section>
      ) : null}
      {manages && settings ? (
        <DelegationFormView
          forOthers={admin}
          approverRoles={approverRoles}
          candidates={candidates}
          onSaved={async (d) => {
            setActionError(null);
            setNotice(
              t('aid.approvals.form.saved', {
                name: d.delegate.name,
                type: aLabel('delegationTypes', d.type, t),
                from: formatDay(d.startsOn),
                to: formatDay(d.endsOn),
              }),
            );
            await load();
          }}
        />
      ) : null}
    </section>
  );
}
