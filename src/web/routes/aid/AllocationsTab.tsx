// Business aid of a cohort (the "Bantuan" tab): once graduation is confirmed, each graduate is proposed the
// kit of her trade (or another kit, with a reason); the list shows each allocation's kit, value, status and who
// proposed it, the head of section approves at once all those she did not propose herself (four eyes on money:
// her own wait for another approver, and the screen says so), and each links to its page (items, handover, BAST).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { programmeApi, type Enrollment } from '../../api-programme.ts';
import { aidApi, type Allocation, type Kit } from '../../api-aid.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import type { CohortTabProps } from '../programme/cohort-tab.ts';
import { formatRupiah, pLabel } from '../programme/shared.ts';
import { aidError, aLabel } from './shared.ts';

const STATUS_BADGE: Record<Allocation['status'], string> = {
  PROPOSED: 'badge-warn',
  APPROVED: 'badge-stage',
  HANDED_OVER: 'badge-ok',
};

function ProposeForm({
  cohortId,
  pending,
  kits,
  tracks,
  onDone,
}: {
  cohortId: string;
  pending: Enrollment[];
  kits: Kit[];
  tracks: string[];
  onDone(count: number): Promise<void>;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<Record<string, { kitId: string; reason: string }>>({});
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const active = kits.filter((k) => k.active);
  const of = (id: string) => choice[id] ?? { kitId: '', reason: '' };
  const set = (id: string, patch: Partial<{ kitId: string; reason: string }>) =>
    setChoice((c) => ({ ...c, [id]: { ...(c[id] ?? { kitId: '', reason: '' }), ...patch } }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    const errors: FieldErrors = {};
    const overrides = [];
    for (const en of pending) {
      const c = of(en.id);
      if (!c.kitId) continue;
      const reason = c.reason.trim();
      if (!reason) errors[`reason-${en.id}`] = t('aid.allocations.reasonError');
      overrides.push({ enrollmentId: en.id, kitId: c.kitId, reason });
    }
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    setBusy(true);
    try {
      await aidApi.allocations.propose(cohortId, { overrides });
      setChoice({});
      await onDone(pending.length);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="propose-title">
      <h3 id="propose-title">{t('aid.allocations.proposeTitle')}</h3>
      <p>{t('aid.allocations.proposeIntro')}</p>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {pending.map((en) => {
        const who = `${en.code} (${en.preferredName})`;
        const trade = en.track ?? tracks[0] ?? null;
        const c = of(en.id);
        return (
          <div key={en.id} className="aid-propose-row">
            <SelectField
              id={`kit-${en.id}`}
              label={t('aid.allocations.kitFor', { who })}
              value={c.kitId}
              onChange={(e) => set(en.id, { kitId: e.currentTarget.value })}
            >
              <option value="">{t('aid.allocations.defaultKit', { trade: pLabel('tracks', trade, t) })}</option>
              {active.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} · {pLabel('tracks', k.trade, t)} · {formatRupiah(k.total)}
                </option>
              ))}
            </SelectField>
            {c.kitId ? (
              <TextAreaField
                id={`reason-${en.id}`}
                label={t('aid.allocations.reason', { who })}
                value={c.reason}
                rows={2}
                maxLength={500}
                error={fieldErrors[`reason-${en.id}`]}
                onChange={(e) => set(en.id, { reason: e.currentTarget.value })}
              />
            ) : null}
          </div>
        );
      })}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.allocations.propose', { count: pending.length })}
        </button>
      </div>
    </form>
  );
}

export function AllocationsTab({ cohort }: CohortTabProps) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const [items, setItems] = useState<Allocation[] | null>(null);
  const [graduates, setGraduates] = useState<Enrollment[]>([]);
  const [kits, setKits] = useState<Kit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failures, setFailures] = useState<{ code: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const [allocations, enrolments] = await Promise.all([
        aidApi.allocations.list(cohort.id),
        programmeApi.cohorts.enrollments(cohort.id),
      ]);
      setItems(allocations);
      setGraduates(enrolments.filter((e) => e.status === 'GRADUATED'));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [cohort.id]);
  useEffect(() => {
    void load();
    if (can('kit.read')) aidApi.kits.list().then(setKits, () => setKits([]));
  }, [load, can]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const proposed = (items ?? []).filter((a) => a.status === 'PROPOSED');
  // Whoever proposed an allocation does not approve it: her own proposals are left for another approver.
  const isOwn = (a: Allocation) => !!user && a.proposedBy.id === user.id;
  const approvable = proposed.filter((a) => !isOwn(a));
  const ownCount = proposed.length - approvable.length;

  async function approveAll() {
    setError(null);
    setNotice(null);
    setFailures([]);
    setBusy(true);
    let done = 0;
    const failed: { code: string; message: string }[] = [];
    // One approval per allocation: each is its own decision in the audit log.
    for (const a of approvable) {
      try {
        await aidApi.allocations.approve(a.id);
        done++;
      } catch (err) {
        failed.push({ code: a.code, message: aidError(err, t) });
      }
    }
    await load();
    setFailures(failed);
    setNotice(
      failed.length
        ? t('aid.allocations.approvePartly', { done, count: approvable.length })
        : t('aid.allocations.approvedAll', { count: done }),
    );
    setBusy(false);
  }

  const pending = graduates.filter((g) => !(items ?? []).some((a) => a.enrollmentId === g.id));
  const total = (items ?? []).reduce((s, a) => s + a.value, 0);
  return (
    <div className="aid-allocations">
      <h2>{t('aid.allocations.title')}</h2>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {notice ? (
        <div
          ref={noticeRef}
          tabIndex={-1}
          className={`alert ${failures.length ? 'alert-warn' : 'alert-success'}`}
          role="status"
        >
          <p>{notice}</p>
          {failures.length ? (
            <ul>
              {failures.map((f) => (
                <li key={f.code}>
                  {f.code}: {f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {items === null && !error ? <p role="status">{t('aid.common.loading')}</p> : null}
      {items !== null && graduates.length === 0 && items.length === 0 ? <p>{t('aid.allocations.notYet')}</p> : null}
      {items !== null && pending.length > 0 && can('allocation.propose') ? (
        <ProposeForm
          cohortId={cohort.id}
          pending={pending}
          kits={kits}
          tracks={cohort.tracks}
          onDone={async (count) => {
            setFailures([]);
            setNotice(t('aid.allocations.proposed', { count }));
            await load();
          }}
        />
      ) : null}
      {items !== null && items.length > 0 ? (
        <section aria-labelledby="allocations-list-title">
          <h3 id="allocations-list-title">{t('aid.allocations.listTitle')}</h3>
          {proposed.length > 0 ? (
            can('allocation.approve') ? (
              <>
                {approvable.length > 0 ? (
                  <div className="button-row">
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={busy}
                      onClick={() => void approveAll()}
                    >
                      {busy
                        ? t('aid.allocations.approving')
                        : t('aid.allocations.approveAll', { count: approvable.length })}
                    </button>
                  </div>
                ) : null}
                {ownCount > 0 ? <p className="note">{t('aid.allocations.ownProposals', { count: ownCount })}</p> : null}
              </>
            ) : (
              <p className="note">{t('aid.allocations.waitingApproval', { count: proposed.length })}</p>
            )
          ) : null}
          <table className="data-table aid-allocations-table">
            <caption className="visually-hidden">{t('aid.allocations.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('aid.allocations.colWho')}</th>
                <th scope="col">{t('aid.allocations.colKit')}</th>
                <th scope="col">{t('aid.allocations.colValue')}</th>
                <th scope="col">{t('aid.allocations.colStatus')}</th>
                <th scope="col">{t('aid.allocations.colProposedBy')}</th>
                <th scope="col">{t('aid.allocations.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row" data-label={t('aid.allocations.colWho')}>
                    <span className="code-link">{a.code}</span> {a.preferredName}
                  </th>
                  <td data-label={t('aid.allocations.colKit')}>
                    {a.kitName} · {t('aid.common.version', { version: a.kitVersion })}
                    {a.alternativeReason ? <span className="note aid-block">{a.alternativeReason}</span> : null}
                  </td>
                  <td data-label={t('aid.allocations.colValue')} className="num">
                    {formatRupiah(a.value)}
                  </td>
                  <td data-label={t('aid.allocations.colStatus')}>
                    <span className={`badge ${STATUS_BADGE[a.status]}`}>
                      {aLabel('allocationStatuses', a.status, t)}
                    </span>
                  </td>
                  <td data-label={t('aid.allocations.colProposedBy')}>
                    {a.proposedBy.name ?? t('common.none')}
                    {isOwn(a) ? ` ${t('aid.allocations.you')}` : null}
                  </td>
                  <td data-label={t('aid.allocations.colActions')}>
                    <Link href={`/allocations/${a.id}`} aria-label={t('aid.allocations.openOf', { code: a.code })}>
                      {t('aid.allocations.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="total">{t('aid.allocations.totalValue', { total: formatRupiah(total) })}</p>
        </section>
      ) : null}
    </div>
  );
}
