// Business aid of a cohort (the "Bantuan" tab): once graduation is confirmed, each graduate is proposed the
// kit of her trade (or another kit, with a reason); the list shows each allocation's kit, value, status, who
// proposed it and who approved it (with "Plh./Plt." when a colleague acted for the approver). The office's aid
// approver (by default the Kepala Bidang, or whoever acts for her) approves at once all those she did not
// propose herself (four eyes on money: her own wait for another approver, and the screen says so); others see
// whom the list waits for. Approved aid is then decided in a beneficiary decision letter (SK): the cohort's
// letters are listed with their PDF, and the approver issues one for every approved allocation not yet in a
// letter. Each allocation links to its page (items, handover, BAST), where the handover waits for the SK.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { programmeApi, type Enrollment } from '../../api-programme.ts';
import { aidApi, type AidDecree, type Allocation, type Kit } from '../../api-aid.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ApiError } from '../../api.ts';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { useFocusFirstInvalid } from '../../hooks.ts';
import type { CohortTabProps } from '../programme/cohort-tab.ts';
import { formatRupiah, isIsoDate, pLabel } from '../programme/shared.ts';
import { actingAsText, aidError, aLabel, fieldProblem, useApproverName } from './shared.ts';

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

/** The letter's signatory as it is printed: "Plh. Kepala Bidang …" when a colleague signed for the approver. */
function signatoryLine(d: AidDecree, t: TFunction): string {
  const title = d.actingAs
    ? `${aLabel('delegationTypes', d.actingAs.type, t)} ${d.signatory.title}`
    : d.signatory.title;
  return `${d.signatory.name}, ${title}`;
}

interface DecreeForm {
  number: string;
  date: string;
  signatoryTitle: string;
}

/** The aid approver decides, in one letter, every approved allocation of the cohort not yet in a letter. */
function DecreeFormView({
  cohortId,
  waiting,
  onIssued,
}: {
  cohortId: string;
  waiting: number;
  onIssued(d: AidDecree): Promise<void>;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<DecreeForm>(() => ({
    number: '',
    date: todayInOffice(),
    signatoryTitle: t('aid.decree.defaultTitle'),
  }));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = <K extends keyof DecreeForm>(k: K, v: DecreeForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setError(null);
    const number = form.number.trim();
    const signatoryTitle = form.signatoryTitle.trim();
    const errors: FieldErrors = {};
    if (!number || number.length > 100) errors.number = t('aid.decree.numberError');
    if (!isIsoDate(form.date)) errors.date = t('aid.decree.dateError');
    else if (form.date > todayInOffice()) errors.date = t('aid.errors.dateFuture');
    if (!signatoryTitle || signatoryTitle.length > 200) errors.signatoryTitle = t('aid.decree.signatoryTitleError');
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    setBusy(true);
    try {
      const d = await aidApi.decrees.issue(cohortId, { number, date: form.date, signatoryTitle });
      setForm((f) => ({ ...f, number: '' }));
      await onIssued(d);
    } catch (err) {
      // The server's refusals of one field are said beside it; anything else above the form.
      const date = fieldProblem(err, 'date');
      if (err instanceof ApiError && err.code === 'decree_number_taken') setFieldErrors({ number: aidError(err, t) });
      else if (date)
        setFieldErrors({ date: date.startsWith('future') ? t('aid.errors.dateFuture') : t('validation.invalid') });
      else if (fieldProblem(err, 'number')) setFieldErrors({ number: t('aid.decree.numberError') });
      else if (fieldProblem(err, 'signatoryTitle'))
        setFieldErrors({ signatoryTitle: t('aid.decree.signatoryTitleError') });
      else setError(err);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="decree-form-title">
      <h4 id="decree-form-title">{t('aid.decree.formTitle')}</h4>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <TextField
        id="decree-number"
        label={t('aid.decree.number')}
        hint={t('aid.decree.numberHint')}
        value={form.number}
        error={fe.number}
        maxLength={100}
        autoComplete="off"
        onChange={(e) => set('number', e.currentTarget.value)}
      />
      <TextField
        id="decree-date"
        type="date"
        label={t('aid.decree.date')}
        value={form.date}
        error={fe.date}
        max={todayInOffice()}
        onChange={(e) => set('date', e.currentTarget.value)}
      />
      <TextField
        id="decree-signatory"
        label={t('aid.decree.signatoryTitle')}
        hint={t('aid.decree.signatoryTitleHint')}
        value={form.signatoryTitle}
        error={fe.signatoryTitle}
        maxLength={200}
        onChange={(e) => set('signatoryTitle', e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.decree.submit', { count: waiting })}
        </button>
      </div>
    </form>
  );
}

function DecreeSection({
  cohortId,
  decrees,
  waiting,
  approver,
  onIssued,
}: {
  cohortId: string;
  decrees: AidDecree[];
  /** Approved allocations no letter names yet. */
  waiting: number;
  approver: string;
  onIssued(d: AidDecree): Promise<void>;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  return (
    <section aria-labelledby="decree-title" className="aid-decrees">
      <h3 id="decree-title">{t('aid.decree.title')}</h3>
      <p className="note">{t('aid.decree.intro')}</p>
      {decrees.length === 0 ? (
        <p>{t('aid.decree.empty')}</p>
      ) : (
        <table className="data-table aid-decrees-table">
          <caption className="visually-hidden">{t('aid.decree.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('aid.decree.colNumber')}</th>
              <th scope="col">{t('aid.decree.colDate')}</th>
              <th scope="col">{t('aid.decree.colSignatory')}</th>
              <th scope="col">{t('aid.decree.colRecipients')}</th>
              <th scope="col">{t('aid.decree.colTotal')}</th>
              <th scope="col">{t('aid.decree.colFile')}</th>
            </tr>
          </thead>
          <tbody>
            {decrees.map((d) => (
              <tr key={d.id}>
                <th scope="row" data-label={t('aid.decree.colNumber')} className="break">
                  {d.number}
                </th>
                <td data-label={t('aid.decree.colDate')}>{formatDay(d.date)}</td>
                <td data-label={t('aid.decree.colSignatory')}>
                  {signatoryLine(d, t)}
                  {d.actingAs ? <span className="note aid-block">{actingAsText(d.actingAs, t)}</span> : null}
                </td>
                <td data-label={t('aid.decree.colRecipients')}>
                  {t('aid.decree.recipients', { count: d.recipients })}
                </td>
                <td data-label={t('aid.decree.colTotal')} className="num">
                  {formatRupiah(d.total)}
                </td>
                <td data-label={t('aid.decree.colFile')}>
                  <a
                    href={aidApi.decrees.pdfUrl(d.id)}
                    download
                    aria-label={t('aid.decree.downloadOf', { number: d.number })}
                  >
                    {t('aid.decree.download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {waiting === 0 ? (
        <p className="note">{t('aid.decree.noneWaiting')}</p>
      ) : can('aid.decree') ? (
        <>
          <p className="alert alert-info">{t('aid.decree.waiting', { count: waiting })}</p>
          <DecreeFormView cohortId={cohortId} waiting={waiting} onIssued={onIssued} />
        </>
      ) : (
        <p className="note">{t('aid.decree.waitingOthers', { count: waiting, approver })}</p>
      )}
    </section>
  );
}

export function AllocationsTab({ cohort }: CohortTabProps) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const [items, setItems] = useState<Allocation[] | null>(null);
  const [decrees, setDecrees] = useState<AidDecree[]>([]);
  const [graduates, setGraduates] = useState<Enrollment[]>([]);
  const [kits, setKits] = useState<Kit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failures, setFailures] = useState<{ code: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const approver = useApproverName('aid');
  const proposes = can('allocation.propose');

  const load = useCallback(async () => {
    try {
      // The graduates are read only by whoever proposes aid (approvers may not read the register).
      const [allocations, enrolments, letters] = await Promise.all([
        aidApi.allocations.list(cohort.id),
        proposes ? programmeApi.cohorts.enrollments(cohort.id) : Promise.resolve([]),
        aidApi.decrees.list(cohort.id),
      ]);
      setItems(allocations);
      setDecrees(letters);
      setGraduates(enrolments.filter((e) => e.status === 'GRADUATED'));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [cohort.id, proposes]);
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
              <p className="note">{t('aid.allocations.waitingApproval', { count: proposed.length, approver })}</p>
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
                    {a.approvedBy ? (
                      <span className="note aid-block">
                        {t('aid.allocations.approvedBy', { name: a.approvedBy })}
                        {a.actingAs ? ` (${actingAsText(a.actingAs, t)})` : null}
                      </span>
                    ) : null}
                    {a.decree ? (
                      <span className="note aid-block">
                        {t('aid.allocations.inDecree', { number: a.decree.number })}
                      </span>
                    ) : null}
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
      {items?.some((a) => a.status !== 'PROPOSED') ? (
        <DecreeSection
          cohortId={cohort.id}
          decrees={decrees}
          waiting={items.filter((a) => a.status === 'APPROVED' && !a.decree).length}
          approver={approver}
          onIssued={async (d) => {
            setFailures([]);
            setNotice(t('aid.decree.saved', { number: d.number, count: d.recipients, total: formatRupiah(d.total) }));
            await load();
          }}
        />
      ) : null}
    </div>
  );
}
