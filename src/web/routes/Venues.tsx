// Venues: the rented houses and buildings. The list (capacity, rent, contract, paid so far); the head of
// section adds a venue, edits it (If-Match: a change made meanwhile opens the conflict dialog) and records rent
// payments; the paid total follows.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import type { ParseKeys } from 'i18next';
import type { DefaultValues } from 'react-hook-form';
import { z } from 'zod';
import { regionName } from '../../shared/regions.ts';
import { VENUE_SORTS, venueBody, venuePaymentBody } from '../../shared/programme-api.ts';
import { ApiError, type Body, fileUrl, newIdempotencyKey, type Reply } from '../data/client.ts';
import { apiKey, useApi, useApiMutation } from '../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../data/url-state.ts';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { useVersionedMutation } from '../data/conflict.tsx';
import { useSession, useUser } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { MoneyField, SelectInput, TextInput, WholeNumberField } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { useDirtyGuard } from '../forms/dirty-guard.ts';
import { formatDay, todayInOffice } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { userKabKota } from '../labels.ts';
import { NotFoundPage } from './NotFound.tsx';
import { formatPeriod, formatRupiah, programmeError } from './programme/shared.ts';

type Venue = Reply<'GET /api/venues/:id'>;
type Payment = Venue['payments'][number];

/** The venue's body with its facilities typed as one text ("dapur, oven"). */
const venueForm = venueBody.omit({ facilities: true }).extend({ facilities: z.string().max(600).optional() });
type FormIn = z.input<typeof venueForm>;
type FormOut = z.output<typeof venueForm>;

/** A region code as the venue body takes it (an office region), or nothing. */
const regionOf = (code: string | undefined) => venueBody.shape.regionCode.safeParse(code).data;

const facilitiesOf = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 30);

const formFrom = (v: Venue): DefaultValues<FormIn> => ({
  name: v.name,
  address: v.address,
  regionCode: regionOf(v.regionCode),
  ownerName: v.ownerName,
  capacity: v.capacity,
  ...(v.facilities.length ? { facilities: v.facilities.join(', ') } : {}),
  rentPerMonth: v.rentPerMonth,
  contractStart: v.contractStart,
  contractEnd: v.contractEnd,
});

const bodyOf = (v: FormOut): Body<'POST /api/venues'> => ({ ...v, facilities: facilitiesOf(v.facilities) });

const FIELD_LABELS: Record<string, ParseKeys> = {
  name: 'programme.venues.form.name',
  address: 'programme.venues.form.address',
  regionCode: 'programme.venues.form.region',
  ownerName: 'programme.venues.form.owner',
  capacity: 'programme.venues.form.capacity',
  facilities: 'programme.venues.form.facilities',
  rentPerMonth: 'programme.venues.form.rent',
  contractStart: 'programme.venues.form.contractStart',
  contractEnd: 'programme.venues.form.contractEnd',
};

function VenueForm({
  record,
  onSaved,
  onCancel,
}: {
  /** The venue being edited (as she opened it), or null for a new one. */
  record: Venue | null;
  onSaved(v: Venue): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const me = useUser();
  const client = useQueryClient();
  const regions = userKabKota(me.regions);
  const [base, setBase] = useState(record);
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const defaults: DefaultValues<FormIn> = record
    ? formFrom(record)
    : { regionCode: regions.length === 1 ? regionOf(regions[0]!.code) : undefined, capacity: 10 };
  const form = useSchemaForm(venueForm, {
    defaultValues: defaults,
    messages: {
      name: t('programme.venues.form.nameError'),
      address: t('programme.venues.form.addressError'),
      regionCode: t('programme.venues.form.regionError'),
      ownerName: t('programme.venues.form.ownerError'),
      capacity: t('programme.venues.form.capacityError'),
      rentPerMonth: t('programme.venues.form.rentError'),
    },
  });
  const { confirmLeave } = useDirtyGuard(form.formState.isDirty);
  const create = useApiMutation('POST /api/venues');
  const update = useVersionedMutation('PATCH /api/venues/:id', {
    labelOf: (field) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field),
  });

  async function submit(values: FormOut) {
    setError(null);
    const body = bodyOf(values);
    if (!base) {
      const { data } = await create.mutateAsync({ body, idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newIdempotencyKey();
      onSaved(data);
      return;
    }
    const args = { params: { id: base.id } };
    const result = await update.save({ call: { ...args, body }, base, record: { key: 'GET /api/venues/:id', args } });
    if (result.outcome === 'saved') {
      onSaved(result.answer.data);
      return;
    }
    const fresh = client.getQueryData<Venue>(apiKey('GET /api/venues/:id', args));
    if (fresh) {
      setBase(fresh);
      form.reset(formFrom(fresh));
    }
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={create.isPending || update.isPending}
      className="step prog-form"
      aria-labelledby="venue-form-title"
    >
      <h2 id="venue-form-title" ref={headingRef} tabIndex={-1}>
        {base ? t('programme.venues.editTitle') : t('programme.venues.form.newTitle')}
      </h2>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <TextInput<FormIn> name="name" id="venue-name" label={t('programme.venues.form.name')} maxLength={150} />
      <TextInput<FormIn> name="address" id="venue-address" label={t('programme.venues.form.address')} maxLength={300} />
      <SelectInput<FormIn> name="regionCode" id="venue-region" label={t('programme.venues.form.region')}>
        <option value="">{t('programme.venues.form.regionError')}</option>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </SelectInput>
      <TextInput<FormIn> name="ownerName" id="venue-owner" label={t('programme.venues.form.owner')} maxLength={150} />
      <WholeNumberField<FormIn>
        name="capacity"
        id="venue-capacity"
        label={t('programme.venues.form.capacity')}
        maxLength={3}
      />
      <TextInput<FormIn>
        name="facilities"
        id="venue-facilities"
        label={`${t('programme.venues.form.facilities')} ${t('common.optional')}`}
        hint={t('programme.venues.form.facilitiesHint')}
        maxLength={600}
      />
      <MoneyField<FormIn>
        name="rentPerMonth"
        id="venue-rent"
        label={t('programme.venues.form.rent')}
        hint={t('programme.common.rupiahHint')}
      />
      <TextInput<FormIn>
        name="contractStart"
        id="venue-contract-start"
        type="date"
        label={t('programme.venues.form.contractStart')}
      />
      <TextInput<FormIn>
        name="contractEnd"
        id="venue-contract-end"
        type="date"
        label={t('programme.venues.form.contractEnd')}
      />
      <div className="button-row">
        <SubmitButton>
          {base ? t('programme.venues.form.submitEdit') : t('programme.venues.form.submitNew')}
        </SubmitButton>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => confirmLeave() && onCancel()}
          disabled={create.isPending || update.isPending}
        >
          {t('programme.common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}

type VenueRow = Reply<'GET /api/venues'>['items'][number];
const VENUES_PAGE = 50;
/** The list's address: the server's order and the page. */
const VENUES_URL = { sort: codeParam(VENUE_SORTS, 'name'), page: pageParam() };

export function VenuesPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.venues.title'));
  const { can } = useSession();
  const [, navigate] = useLocation();
  const [url, setUrl] = useUrlState(VENUES_URL);
  // One page in the order chosen, sorted and paged by the server; the previous page stays while the next loads.
  const list = useApi(
    'GET /api/venues',
    { query: { sort: url.sort, page: url.page, pageSize: VENUES_PAGE } },
    { placeholderData: keepPreviousData },
  );
  const items = list.data?.items;
  const [adding, setAdding] = useState(false);
  const manage = can('venue.manage');
  const columns: Column<VenueRow>[] = [
    {
      id: 'name',
      header: t('programme.venues.colName'),
      rowHeader: true,
      sort: true,
      cell: (v) => <Link href={`/venues/${v.id}`}>{v.name}</Link>,
    },
    {
      id: 'region',
      header: t('programme.venues.colRegion'),
      hideable: true,
      sort: true,
      cell: (v) => regionName(v.regionCode),
    },
    {
      id: 'capacity',
      header: t('programme.venues.colCapacity'),
      hideable: true,
      sort: true,
      cell: (v) => t('programme.venues.people', { count: v.capacity }),
    },
    {
      id: 'rent',
      header: t('programme.venues.colRent'),
      hideable: true,
      className: 'num',
      sort: true,
      cell: (v) => formatRupiah(v.rentPerMonth),
    },
    {
      id: 'contractPeriod',
      header: t('programme.venues.colContract'),
      hideable: true,
      sort: true,
      descFirst: true,
      cell: (v) => formatPeriod(v.contractStart, v.contractEnd),
    },
    {
      id: 'paid',
      header: t('programme.venues.colPaid'),
      hideable: true,
      className: 'num',
      sort: true,
      cell: (v) => formatRupiah(v.paidTotal),
    },
    {
      id: 'contract',
      header: t('programme.venues.contract'),
      hideable: true,
      cell: (v) => (v.hasContract ? t('programme.venues.contractHeld') : t('programme.venues.contractMissing')),
    },
  ];

  return (
    <section className="prog">
      <div className="page-heading">
        <h1>{t('programme.venues.title')}</h1>
        {manage && !adding ? (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            {t('programme.venues.add')}
          </button>
        ) : null}
      </div>
      <p>{t('programme.venues.intro')}</p>
      {adding ? (
        <VenueForm
          record={null}
          onCancel={() => setAdding(false)}
          onSaved={(v) => navigate(`/venues/${v.id}`, { state: { notice: 'created', name: v.name } })}
        />
      ) : null}
      <ErrorAlert error={list.error} />
      {list.data ? <p className="count">{t('programme.venues.count', { count: list.data.total })}</p> : null}
      <DataTable
        id="venues"
        caption={t('programme.venues.title')}
        {...serverPaging(list, url, setUrl, VENUES_PAGE)}
        columns={columns}
        rows={items}
        rowKey={(v) => v.id}
        tableClassName="prog-table"
        columnChooser
        empty={<p>{t('programme.venues.empty')}</p>}
      />
    </section>
  );
}

const paymentForm = venuePaymentBody;
type PaymentIn = z.input<typeof paymentForm>;

function PaymentForm({ venue, onSaved }: { venue: Venue; onSaved(amount: number): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const form = useSchemaForm(paymentForm, {
    defaultValues: { paidAt: todayInOffice() },
    messages: { amount: t('programme.venues.form.amountError') },
  });
  const add = useApiMutation('POST /api/venues/:id/payments');

  async function submit(values: z.output<typeof paymentForm>) {
    setError(null);
    await add.mutateAsync({ params: { id: venue.id }, body: values, idempotencyKey: idempotencyKey.current });
    idempotencyKey.current = newIdempotencyKey();
    form.reset({ paidAt: values.paidAt });
    onSaved(values.amount);
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={add.isPending}
      className="step prog-form"
      aria-labelledby="payment-form-title"
    >
      <h3 id="payment-form-title">{t('programme.venues.addPayment')}</h3>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <MoneyField<PaymentIn>
        name="amount"
        id="payment-amount"
        label={t('programme.venues.form.amount')}
        hint={t('programme.common.rupiahHint')}
      />
      <TextInput<PaymentIn> name="paidAt" id="payment-date" type="date" label={t('programme.venues.form.paidAt')} />
      <TextInput<PaymentIn>
        name="note"
        id="payment-note"
        label={`${t('programme.venues.form.note')} ${t('common.optional')}`}
        maxLength={200}
      />
      <div className="button-row">
        <SubmitButton>{t('programme.venues.form.submitPayment')}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

export function VenueDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const venue = useApi('GET /api/venues/:id', { params: { id } });
  const loadError = venue.error;
  /** The venue as it was when she opened the edit form (the version her changes are based on). */
  const [editing, setEditing] = useState<Venue | null>(null);
  const receipt = useApiMutation('POST /api/venues/:id/payments/:paymentId/receipt');
  const [notice, setNotice] = useState<string | null>(() => {
    const s = window.history.state as { notice?: unknown; name?: unknown } | null;
    return s?.notice === 'created' && typeof s.name === 'string'
      ? t('programme.venues.created', { name: s.name })
      : null;
  });
  usePageTitle(venue.data ? venue.data.name : t('programme.venues.loading'));
  const manage = can('venue.manage');

  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!venue.data) {
    return (
      <section className="narrow">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('programme.venues.loading')}</p>}
        <p>
          <Link href="/venues">{t('programme.venues.back')}</Link>
        </p>
      </section>
    );
  }
  const v = venue.data;
  const paymentColumns: Column<Payment>[] = [
    { id: 'paidAt', header: t('programme.venues.colPaidAt'), rowHeader: true, cell: (p) => formatDay(p.paidAt) },
    { id: 'amount', header: t('programme.venues.colAmount'), className: 'num', cell: (p) => formatRupiah(p.amount) },
    { id: 'note', header: t('programme.venues.colNote'), cell: (p) => p.note ?? t('common.none') },
    {
      id: 'receipt',
      header: t('programme.venues.colReceipt'),
      cell: (p) =>
        p.hasReceipt ? (
          <a href={fileUrl('GET /api/venues/:id/payments/:paymentId/receipt', { id: v.id, paymentId: p.id })} download>
            {t('programme.venues.receiptDownload')}
          </a>
        ) : manage ? (
          <label className="file-inline">
            <span className="visually-hidden">
              {t('programme.venues.receiptUpload')} {formatDay(p.paidAt)}
            </span>
            <input
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              disabled={receipt.isPending}
              onChange={async (e) => {
                const file = e.currentTarget.files?.[0];
                if (!file) return;
                const upload = new FormData();
                upload.append('file', file, file.name);
                try {
                  await receipt.mutateAsync({ params: { id: v.id, paymentId: p.id }, form: upload });
                  setNotice(t('programme.venues.receiptSaved'));
                } catch {
                  setNotice(t('programme.venues.receiptFailed'));
                }
              }}
            />
          </label>
        ) : (
          t('common.none')
        ),
    },
  ];
  return (
    <section className="prog">
      <p className="breadcrumb">
        <Link href="/venues">{t('programme.venues.back')}</Link>
      </p>
      <div className="page-heading">
        <h1>{v.name}</h1>
        {manage && !editing ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setNotice(null);
              setEditing(v);
            }}
          >
            {t('programme.venues.editTitle')}
          </button>
        ) : null}
      </div>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      {/* A refresh that failed: the venue shown is the last one read. */}
      <ErrorAlert error={loadError} />
      {editing ? (
        <VenueForm
          record={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setNotice(t('programme.common.saved'));
          }}
        />
      ) : null}
      <h2>{t('programme.venues.details')}</h2>
      <dl className="details">
        <div>
          <dt>{t('programme.venues.address')}</dt>
          <dd>{v.address}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.colRegion')}</dt>
          <dd>{regionName(v.regionCode)}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.owner')}</dt>
          <dd>{v.ownerName}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.colCapacity')}</dt>
          <dd>{t('programme.venues.people', { count: v.capacity })}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.facilities')}</dt>
          <dd>{v.facilities.length ? v.facilities.join(', ') : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.colRent')}</dt>
          <dd>{formatRupiah(v.rentPerMonth)}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.colContract')}</dt>
          <dd>{formatPeriod(v.contractStart, v.contractEnd)}</dd>
        </div>
        <div>
          <dt>{t('programme.venues.contract')}</dt>
          <dd>
            {v.hasContract ? (
              <a href={fileUrl('GET /api/venues/:id/contract', { id: v.id })} download>
                {t('programme.venues.contractDownload')}
              </a>
            ) : (
              t('programme.venues.contractMissing')
            )}
          </dd>
        </div>
      </dl>
      {manage ? (
        <ContractUpload
          venueId={v.id}
          held={v.hasContract}
          onSaved={() => setNotice(t('programme.venues.contractSaved'))}
        />
      ) : null}
      <h2>{t('programme.venues.payments')}</h2>
      <p className="total" data-testid="paid-total">
        {t('programme.venues.paidTotal', { amount: formatRupiah(v.paidTotal) })}
      </p>
      <DataTable
        id="venue-payments"
        caption={t('programme.venues.payments')}
        // One venue's rent payments, a few a year over its contract, all in the venue's own reply: bounded, so
        // the table shows them whole in the order recorded.
        mode="client"
        columns={paymentColumns}
        rows={v.payments}
        rowKey={(p) => p.id}
        tableClassName="prog-table"
        empty={<p>{t('programme.venues.paymentsEmpty')}</p>}
      />
      {manage ? (
        <PaymentForm
          venue={v}
          onSaved={(amount) => setNotice(t('programme.venues.paymentSaved', { amount: formatRupiah(amount) }))}
        />
      ) : null}
    </section>
  );
}

/** The rent contract's file chosen and sent at once; the server checks its type from its content. */
function ContractUpload({ venueId, held, onSaved }: { venueId: string; held: boolean; onSaved(): void }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const upload = useApiMutation('POST /api/venues/:id/contract');
  const busy = upload.isPending;
  return (
    <div className="field">
      <label htmlFor="venue-contract">
        {held ? t('programme.venues.contractReplace') : t('programme.venues.contractUpload')}
      </label>
      <input
        id="venue-contract"
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        disabled={busy}
        aria-describedby={failed ? 'venue-contract-error' : undefined}
        onChange={async (e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          setFailed(false);
          const body = new FormData();
          body.append('file', file, file.name);
          try {
            await upload.mutateAsync({ params: { id: venueId }, form: body });
            input.value = '';
            onSaved();
          } catch {
            setFailed(true);
          }
        }}
      />
      {failed ? (
        <p id="venue-contract-error" className="field-error" role="alert">
          {t('programme.venues.contractFailed')}
        </p>
      ) : null}
    </div>
  );
}
