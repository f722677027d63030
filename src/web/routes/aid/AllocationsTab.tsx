// Business aid of a cohort (the "Bantuan" tab): once graduation is confirmed, each graduate is proposed the
// kit of her trade (or another kit, with a reason); the list shows each allocation's kit, value, status, who
// proposed it and who approved it (with "Plh./Plt." when a colleague acted for the approver). The office's aid
// approver (by default the Kepala Bidang, or whoever acts for her) approves at once all those she did not
// propose herself (four eyes on money: her own wait for another approver, and the screen says so); others see
// whom the list waits for. Approved aid is then decided in a beneficiary decision letter (SK): the cohort's
// letters are listed with their PDF, and the approver issues one for every approved allocation not yet in a
// letter. Each allocation links to its page (items, handover, BAST), where the handover waits for the SK.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { aidDecreeBody, allocationProposeBody } from '../../../shared/aid-api.ts';
import { withCode } from '../../../shared/messages.ts';
import { ApiError, fileUrl, newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { DateField, SelectInput, TextAreaInput, TextInput } from '../../forms/fields.tsx';
import { type FieldMessages, SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { WORK_QUEUE } from '../../queue-count.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { formatDay, todayInOffice } from '../../format.ts';
import type { CohortTabProps } from '../programme/cohort-tab.ts';
import { formatRupiah, pLabel } from '../programme/shared.ts';
import { actingAsText, aidError, aLabel, useApproverName } from './shared.ts';

type Allocation = Reply<'GET /api/cohorts/:id/allocations'>['items'][number];
type AidDecree = Reply<'GET /api/cohorts/:id/aid-decrees'>['items'][number];
type Enrollment = Reply<'GET /api/cohorts/:id/enrollments'>['items'][number];
type Kit = Reply<'GET /api/kits'>['items'][number];

const STATUS_BADGE: Record<Allocation['status'], string> = {
  PROPOSED: 'badge-warn',
  APPROVED: 'badge-stage',
  HANDED_OVER: 'badge-ok',
};
const STATUS_ORDER: Record<Allocation['status'], number> = { PROPOSED: 0, APPROVED: 1, HANDED_OVER: 2 };

/** One alternative to the kit of her trade, as the server takes it (kit and reason). */
const override = allocationProposeBody.shape.overrides.unwrap().element;
/**
 * The proposal form: a row per graduate; a row with a kit chosen is an override and needs its reason (the
 * override's own rule), a row without one keeps the kit of her trade.
 */
const proposeForm = z.object({
  rows: z.array(
    z
      .object({ enrollmentId: override.shape.enrollmentId, kitId: z.string(), reason: z.string() })
      .superRefine((row, ctx) => {
        if (row.kitId && !override.shape.reason.safeParse(row.reason).success)
          ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason' });
      }),
  ),
});

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
  onDone(count: number): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const propose = useApiMutation('POST /api/cohorts/:id/allocations', {
    // The proposals wait in the aid approver's work queue.
    invalidates: () => [WORK_QUEUE],
  });
  const messages = useMemo(() => {
    const m: FieldMessages = {};
    for (let n = 0; n < pending.length; n++) m[`rows.${n}.reason`] = t('aid.allocations.reasonError');
    return m;
  }, [pending.length, t]);
  const form = useSchemaForm(proposeForm, {
    defaultValues: { rows: pending.map((en) => ({ enrollmentId: en.id, kitId: '', reason: '' })) },
    messages,
  });
  const rows = useWatch({ control: form.control, name: 'rows' });
  const active = kits.filter((k) => k.active);

  async function submit(values: z.output<typeof proposeForm>) {
    setError(null);
    const overrides = values.rows.flatMap((r) =>
      r.kitId ? [{ enrollmentId: r.enrollmentId, kitId: r.kitId, reason: r.reason.trim() }] : [],
    );
    await propose.mutateAsync({
      params: { id: cohortId },
      body: { overrides },
      idempotencyKey: idempotencyKey.current,
    });
    idempotencyKey.current = newIdempotencyKey();
    onDone(pending.length);
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={propose.isPending}
      className="step prog-form"
      aria-labelledby="propose-title"
    >
      <h3 id="propose-title">{t('aid.allocations.proposeTitle')}</h3>
      <p>{t('aid.allocations.proposeIntro')}</p>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {pending.map((en, n) => {
        const who = `${en.code} (${en.preferredName})`;
        const trade = en.track ?? tracks[0] ?? null;
        return (
          <div key={en.id} className="aid-propose-row">
            <SelectInput
              name={`rows.${n}.kitId`}
              id={`kit-${en.id}`}
              label={t('aid.allocations.kitFor', { who })}
              emptyValue=""
            >
              <option value="">{t('aid.allocations.defaultKit', { trade: pLabel('tracks', trade, t) })}</option>
              {active.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} · {pLabel('tracks', k.trade, t)} · {formatRupiah(k.total)}
                </option>
              ))}
            </SelectInput>
            {rows?.[n]?.kitId ? (
              <TextAreaInput
                name={`rows.${n}.reason`}
                id={`reason-${en.id}`}
                label={t('aid.allocations.reason', { who })}
                rows={2}
                maxLength={500}
                emptyValue=""
              />
            ) : null}
          </div>
        );
      })}
      <div className="button-row">
        <SubmitButton>{t('aid.allocations.propose', { count: pending.length })}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

/** The letter's signatory as it is printed: "Plh. Kepala Bidang …" when a colleague signed for the approver. */
function signatoryLine(d: AidDecree, t: TFunction): string {
  const title = d.actingAs
    ? `${aLabel('delegationTypes', d.actingAs.type, t)} ${d.signatory.title}`
    : d.signatory.title;
  return `${d.signatory.name}, ${title}`;
}

/** The letter as the server takes it, dated today or earlier (a letter is not dated ahead). */
const decreeForm = aidDecreeBody.extend({
  date: aidDecreeBody.shape.date.refine((d) => d <= todayInOffice(), withCode('future_date')),
});

/** The aid approver decides, in one letter, every approved allocation of the cohort not yet in a letter. */
function DecreeFormView({
  cohortId,
  waiting,
  onIssued,
}: {
  cohortId: string;
  waiting: number;
  onIssued(d: AidDecree): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const issue = useApiMutation('POST /api/cohorts/:id/aid-decrees', {
    // The allocations it names now carry the letter, on their own pages too.
    invalidates: () => ['/api/allocations'],
  });
  const [today] = useState(todayInOffice);
  const form = useSchemaForm(decreeForm, {
    defaultValues: { number: '', date: today, signatoryTitle: t('aid.decree.defaultTitle') },
    // The screen's words per field; a date ahead is worded by its own code, like the server's refusal.
    messages: { number: t('aid.decree.numberError'), signatoryTitle: t('aid.decree.signatoryTitleError') },
  });

  async function submit(values: z.output<typeof decreeForm>) {
    setError(null);
    try {
      const answer = await issue.mutateAsync({
        params: { id: cohortId },
        body: values,
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      form.reset({ ...values, number: '' });
      onIssued(answer.data);
    } catch (err) {
      // A number already given to another letter is said beside the number.
      if (err instanceof ApiError && err.code === 'decree_number_taken') {
        form.setError('number', { type: 'server', message: aidError(err, t) }, { shouldFocus: true });
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
      pending={issue.isPending}
      className="step prog-form"
      aria-labelledby="decree-form-title"
    >
      <h4 id="decree-form-title">{t('aid.decree.formTitle')}</h4>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <TextInput
        name="number"
        id="decree-number"
        label={t('aid.decree.number')}
        hint={t('aid.decree.numberHint')}
        maxLength={100}
        autoComplete="off"
      />
      <DateField name="date" id="decree-date" label={t('aid.decree.date')} />
      <TextInput
        name="signatoryTitle"
        id="decree-signatory"
        label={t('aid.decree.signatoryTitle')}
        hint={t('aid.decree.signatoryTitleHint')}
        maxLength={200}
      />
      <div className="button-row">
        <SubmitButton>{t('aid.decree.submit', { count: waiting })}</SubmitButton>
      </div>
    </SchemaForm>
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
  onIssued(d: AidDecree): void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  // A part of the cohort's aid tab, not a page of its own: its order stays on the screen.
  const [sort, setSort] = useState('-date');
  const decreeColumns: Column<AidDecree>[] = [
    {
      id: 'number',
      header: t('aid.decree.colNumber'),
      rowHeader: true,
      className: 'break',
      sort: (d) => d.number,
      cell: (d) => d.number,
    },
    {
      id: 'date',
      header: t('aid.decree.colDate'),
      sort: (d) => d.date,
      descFirst: true,
      cell: (d) => formatDay(d.date),
    },
    {
      id: 'signatory',
      header: t('aid.decree.colSignatory'),
      cell: (d) => (
        <>
          {signatoryLine(d, t)}
          {d.actingAs ? <span className="note aid-block">{actingAsText(d.actingAs, t)}</span> : null}
        </>
      ),
    },
    {
      id: 'recipients',
      header: t('aid.decree.colRecipients'),
      sort: (d) => d.recipients,
      cell: (d) => t('aid.decree.recipients', { count: d.recipients }),
    },
    {
      id: 'total',
      header: t('aid.decree.colTotal'),
      className: 'num',
      sort: (d) => d.total,
      descFirst: true,
      cell: (d) => formatRupiah(d.total),
    },
    {
      id: 'file',
      header: t('aid.decree.colFile'),
      cell: (d) => (
        <a
          href={fileUrl('GET /api/aid-decrees/:id/pdf', { id: d.id })}
          download
          aria-label={t('aid.decree.downloadOf', { number: d.number })}
        >
          {t('aid.decree.download')}
        </a>
      ),
    },
  ];
  return (
    <section aria-labelledby="decree-title" className="aid-decrees">
      <h3 id="decree-title">{t('aid.decree.title')}</h3>
      <p className="note">{t('aid.decree.intro')}</p>
      <DataTable
        id="aid-decrees"
        caption={t('aid.decree.title')}
        // A cohort's decision letters: one for each batch of approved aid, a handful per cohort; newest first.
        mode="client"
        columns={decreeColumns}
        rows={decrees}
        rowKey={(d) => d.id}
        tableClassName="aid-decrees-table"
        sort={sort}
        onSort={setSort}
        empty={<p>{t('aid.decree.empty')}</p>}
      />
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
  const proposes = can('allocation.propose');
  const allocations = useApi('GET /api/cohorts/:id/allocations', { params: { id: cohort.id } });
  const letters = useApi('GET /api/cohorts/:id/aid-decrees', { params: { id: cohort.id } });
  // The graduates are read only by whoever proposes aid (approvers may not read the register).
  const enrolments = useApi('GET /api/cohorts/:id/enrollments', { params: { id: cohort.id } }, { enabled: proposes });
  const kitList = useApi('GET /api/kits', {}, { enabled: can('kit.read') });
  const items = allocations.data?.items ?? null;
  const decrees = letters.data?.items ?? [];
  const graduates = (enrolments.data?.items ?? []).filter((e) => e.status === 'GRADUATED');
  const kits = kitList.data?.items ?? [];
  const error = allocations.error ?? letters.error ?? enrolments.error;
  const [notice, setNotice] = useState<string | null>(null);
  const [failures, setFailures] = useState<{ code: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const approver = useApproverName('aid');
  const approve = useApiMutation('POST /api/allocations/:id/approve', {
    // The cohort's list, and the approver's work queue.
    invalidates: () => [`/api/cohorts/${cohort.id}`, WORK_QUEUE],
  });
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const proposed = (items ?? []).filter((a) => a.status === 'PROPOSED');
  // Whoever proposed an allocation does not approve it: her own proposals are left for another approver.
  const isOwn = (a: Allocation) => !!user && a.proposedBy.id === user.id;
  const approvable = proposed.filter((a) => !isOwn(a));
  const ownCount = proposed.length - approvable.length;

  async function approveAll() {
    setNotice(null);
    setFailures([]);
    setBusy(true);
    let done = 0;
    const failed: { code: string; message: string }[] = [];
    // One approval per allocation: each is its own decision in the audit log.
    for (const a of approvable) {
      try {
        await approve.mutateAsync({ params: { id: a.id } });
        done++;
      } catch (err) {
        failed.push({ code: a.code, message: aidError(err, t) });
      }
    }
    setFailures(failed);
    setNotice(
      failed.length
        ? t('aid.allocations.approvePartly', { done, count: approvable.length })
        : t('aid.allocations.approvedAll', { count: done }),
    );
    setBusy(false);
  }

  // A tab of the cohort page, not a page of its own: the list's order stays on the screen.
  const [sort, setSort] = useState('');
  const columns: Column<Allocation>[] = [
    {
      id: 'code',
      header: t('aid.allocations.colWho'),
      rowHeader: true,
      sort: (a) => a.code,
      cell: (a) => (
        <>
          <span className="code-link">{a.code}</span> {a.preferredName}
        </>
      ),
    },
    {
      id: 'kit',
      header: t('aid.allocations.colKit'),
      sort: (a) => a.kitName.toLocaleLowerCase('id'),
      cell: (a) => (
        <>
          {a.kitName} · {t('aid.common.version', { version: a.kitVersion })}
          {a.alternativeReason ? <span className="note aid-block">{a.alternativeReason}</span> : null}
        </>
      ),
    },
    {
      id: 'value',
      header: t('aid.allocations.colValue'),
      className: 'num',
      sort: (a) => a.value,
      descFirst: true,
      cell: (a) => formatRupiah(a.value),
    },
    {
      id: 'status',
      header: t('aid.allocations.colStatus'),
      sort: (a) => STATUS_ORDER[a.status],
      cell: (a) => (
        <>
          <span className={`badge ${STATUS_BADGE[a.status]}`}>{aLabel('allocationStatuses', a.status, t)}</span>
          {a.approvedBy ? (
            <span className="note aid-block">
              {t('aid.allocations.approvedBy', { name: a.approvedBy })}
              {a.actingAs ? ` (${actingAsText(a.actingAs, t)})` : null}
            </span>
          ) : null}
          {a.decree ? (
            <span className="note aid-block">{t('aid.allocations.inDecree', { number: a.decree.number })}</span>
          ) : null}
        </>
      ),
    },
    {
      id: 'proposedBy',
      header: t('aid.allocations.colProposedBy'),
      cell: (a) => (
        <>
          {a.proposedBy.name ?? t('common.none')}
          {isOwn(a) ? ` ${t('aid.allocations.you')}` : null}
        </>
      ),
    },
    {
      id: 'actions',
      header: t('aid.allocations.colActions'),
      cell: (a) => (
        <Link href={`/allocations/${a.id}`} aria-label={t('aid.allocations.openOf', { code: a.code })}>
          {t('aid.allocations.open')}
        </Link>
      ),
    },
  ];

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
          key={pending.map((en) => en.id).join()}
          cohortId={cohort.id}
          pending={pending}
          kits={kits}
          tracks={cohort.tracks}
          onDone={(count) => {
            setFailures([]);
            setNotice(t('aid.allocations.proposed', { count }));
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
          <DataTable
            id="aid-allocations"
            caption={t('aid.allocations.listTitle')}
            // A cohort's allocations: at most one per enrolment (a cohort's places), so they come whole.
            mode="client"
            columns={columns}
            rows={items}
            rowKey={(a) => a.id}
            tableClassName="aid-allocations-table"
            sort={sort}
            onSort={setSort}
            empty={null}
          />
          <p className="total">{t('aid.allocations.totalValue', { total: formatRupiah(total) })}</p>
        </section>
      ) : null}
      {items?.some((a) => a.status !== 'PROPOSED') ? (
        <DecreeSection
          cohortId={cohort.id}
          decrees={decrees}
          waiting={items.filter((a) => a.status === 'APPROVED' && !a.decree).length}
          approver={approver}
          onIssued={(d) => {
            setFailures([]);
            setNotice(t('aid.decree.saved', { number: d.number, count: d.recipients, total: formatRupiah(d.total) }));
          }}
        />
      ) : null}
    </div>
  );
}
