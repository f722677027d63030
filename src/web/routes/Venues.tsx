// Venues: the rented houses and buildings. The list (capacity, rent, contract, paid so far); the head of
// section adds a venue, edits it (If-Match) and records rent payments; the paid total follows.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { regionName } from '../../shared/regions.ts';
import { ApiError, type Versioned } from '../api.ts';
import { programmeApi, type Venue, type VenueInput } from '../api-programme.ts';
import { useSession, useUser } from '../session.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { formatDay, todayInOffice } from '../format.ts';
import { hasErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';
import { userKabKota } from '../labels.ts';
import { NotFoundPage } from './NotFound.tsx';
import { NumberField, RupiahField, wholeNumber } from './programme/fields.tsx';
import { formatPeriod, formatRupiah, groupDigits, isIsoDate, parseRupiah, programmeError } from './programme/shared.ts';

interface Form {
  name: string;
  address: string;
  regionCode: string;
  ownerName: string;
  capacity: string;
  facilities: string;
  rent: string;
  contractStart: string;
  contractEnd: string;
}

const formFrom = (v: Venue): Form => ({
  name: v.name,
  address: v.address,
  regionCode: v.regionCode,
  ownerName: v.ownerName,
  capacity: String(v.capacity),
  facilities: v.facilities.join(', '),
  rent: groupDigits(String(v.rentPerMonth)),
  contractStart: v.contractStart,
  contractEnd: v.contractEnd,
});

function parse(f: Form, t: TFunction): { body: VenueInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const req = t('programme.common.required');
  if (!f.name.trim() || f.name.trim().length > 150) errors.name = t('programme.venues.form.nameError');
  if (!f.address.trim() || f.address.trim().length > 300) errors.address = t('programme.venues.form.addressError');
  if (!f.regionCode) errors.regionCode = t('programme.venues.form.regionError');
  if (!f.ownerName.trim()) errors.ownerName = t('programme.venues.form.ownerError');
  const capacity = wholeNumber(f.capacity, 1, 500);
  if (capacity === null) errors.capacity = t('programme.venues.form.capacityError');
  const rent = parseRupiah(f.rent);
  if (rent === null) errors.rent = t('programme.venues.form.rentError');
  if (!isIsoDate(f.contractStart)) errors.contractStart = req;
  if (!isIsoDate(f.contractEnd)) errors.contractEnd = req;
  else if (isIsoDate(f.contractStart) && f.contractEnd < f.contractStart)
    errors.contractEnd = t('programme.common.dateRange');
  if (hasErrors(errors)) return { errors };
  return {
    body: {
      name: f.name.trim(),
      address: f.address.trim(),
      regionCode: f.regionCode,
      ownerName: f.ownerName.trim(),
      capacity: capacity!,
      facilities: f.facilities
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 30),
      rentPerMonth: rent!,
      contractStart: f.contractStart,
      contractEnd: f.contractEnd,
    },
  };
}

function VenueForm({
  record,
  onSaved,
  onCancel,
}: {
  record: Versioned<Venue> | null;
  onSaved(v: Venue): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const me = useUser();
  const regions = userKabKota(me.regions);
  const [current, setCurrent] = useState(record);
  const [form, setForm] = useState<Form>(() =>
    record
      ? formFrom(record.item)
      : {
          name: '',
          address: '',
          regionCode: regions.length === 1 ? regions[0]!.code : '',
          ownerName: '',
          capacity: '10',
          facilities: '',
          rent: '',
          contractStart: '',
          contractEnd: '',
        },
  );
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  useEffect(() => headingRef.current?.focus(), []);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    const parsed = parse(form, t);
    if ('errors' in parsed) {
      setFieldErrors(parsed.errors);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      onSaved(
        current
          ? (await programmeApi.venues.update(current.item.id, current.etag, parsed.body)).item
          : await programmeApi.venues.create(parsed.body),
      );
    } catch (err) {
      setError(err);
      if (current && err instanceof ApiError && err.code === 'stale_version') {
        try {
          setCurrent(await programmeApi.venues.get(current.item.id));
        } catch {
          // The error already shown is enough.
        }
      }
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="venue-form-title">
      <h2 id="venue-form-title" ref={headingRef} tabIndex={-1}>
        {current ? t('programme.venues.editTitle') : t('programme.venues.form.newTitle')}
      </h2>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <TextField
        id="venue-name"
        label={t('programme.venues.form.name')}
        value={form.name}
        error={fe.name}
        maxLength={150}
        onChange={(e) => set('name', e.currentTarget.value)}
      />
      <TextField
        id="venue-address"
        label={t('programme.venues.form.address')}
        value={form.address}
        error={fe.address}
        maxLength={300}
        onChange={(e) => set('address', e.currentTarget.value)}
      />
      <SelectField
        id="venue-region"
        label={t('programme.venues.form.region')}
        value={form.regionCode}
        error={fe.regionCode}
        onChange={(e) => set('regionCode', e.currentTarget.value)}
      >
        <option value="">{t('programme.venues.form.regionError')}</option>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </SelectField>
      <TextField
        id="venue-owner"
        label={t('programme.venues.form.owner')}
        value={form.ownerName}
        error={fe.ownerName}
        maxLength={150}
        onChange={(e) => set('ownerName', e.currentTarget.value)}
      />
      <NumberField
        id="venue-capacity"
        label={t('programme.venues.form.capacity')}
        value={form.capacity}
        error={fe.capacity}
        maxLength={3}
        onChange={(v) => set('capacity', v)}
      />
      <TextField
        id="venue-facilities"
        label={`${t('programme.venues.form.facilities')} ${t('common.optional')}`}
        hint={t('programme.venues.form.facilitiesHint')}
        value={form.facilities}
        maxLength={600}
        onChange={(e) => set('facilities', e.currentTarget.value)}
      />
      <RupiahField
        id="venue-rent"
        label={t('programme.venues.form.rent')}
        hint={t('programme.common.rupiahHint')}
        value={form.rent}
        error={fe.rent}
        onChange={(v) => set('rent', v)}
      />
      <TextField
        id="venue-contract-start"
        type="date"
        label={t('programme.venues.form.contractStart')}
        value={form.contractStart}
        error={fe.contractStart}
        onChange={(e) => set('contractStart', e.currentTarget.value)}
      />
      <TextField
        id="venue-contract-end"
        type="date"
        label={t('programme.venues.form.contractEnd')}
        value={form.contractEnd}
        error={fe.contractEnd}
        onChange={(e) => set('contractEnd', e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy
            ? t('common.saving')
            : current
              ? t('programme.venues.form.submitEdit')
              : t('programme.venues.form.submitNew')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          {t('programme.common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function VenuesPage() {
  const { t } = useTranslation();
  usePageTitle(t('programme.venues.title'));
  const { can } = useSession();
  const [, navigate] = useLocation();
  const [items, setItems] = useState<Venue[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const manage = can('venue.manage');

  useEffect(() => {
    programmeApi.venues.list().then(setItems, setError);
  }, []);

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
      <ErrorAlert error={error} />
      {items === null && !error ? (
        <p role="status">{t('app.loading')}</p>
      ) : items ? (
        <>
          <p className="count">{t('programme.venues.count', { count: items.length })}</p>
          {items.length === 0 ? (
            <p>{t('programme.venues.empty')}</p>
          ) : (
            <table className="data-table prog-table">
              <caption className="visually-hidden">{t('programme.venues.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('programme.venues.colName')}</th>
                  <th scope="col">{t('programme.venues.colRegion')}</th>
                  <th scope="col">{t('programme.venues.colCapacity')}</th>
                  <th scope="col">{t('programme.venues.colRent')}</th>
                  <th scope="col">{t('programme.venues.colContract')}</th>
                  <th scope="col">{t('programme.venues.colPaid')}</th>
                  <th scope="col">{t('programme.venues.contract')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => (
                  <tr key={v.id}>
                    <th scope="row" data-label={t('programme.venues.colName')}>
                      <Link href={`/venues/${v.id}`}>{v.name}</Link>
                    </th>
                    <td data-label={t('programme.venues.colRegion')}>{regionName(v.regionCode)}</td>
                    <td data-label={t('programme.venues.colCapacity')}>
                      {t('programme.venues.people', { count: v.capacity })}
                    </td>
                    <td data-label={t('programme.venues.colRent')} className="num">
                      {formatRupiah(v.rentPerMonth)}
                    </td>
                    <td data-label={t('programme.venues.colContract')}>
                      {formatPeriod(v.contractStart, v.contractEnd)}
                    </td>
                    <td data-label={t('programme.venues.colPaid')} className="num">
                      {formatRupiah(v.paidTotal)}
                    </td>
                    <td data-label={t('programme.venues.contract')}>
                      {v.hasContract ? t('programme.venues.contractHeld') : t('programme.venues.contractMissing')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}

function PaymentForm({ venue, onSaved }: { venue: Venue; onSaved(v: Venue, amount: number): void }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  const [paidAt, setPaidAt] = useState(() => todayInOffice());
  const [note, setNote] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((a) => a + 1);
    setError(null);
    const errors: FieldErrors = {};
    const n = parseRupiah(amount);
    if (n === null || n < 1) errors.amount = t('programme.venues.form.amountError');
    if (!isIsoDate(paidAt)) errors.paidAt = t('programme.common.required');
    setFieldErrors(errors);
    if (hasErrors(errors)) return;
    setBusy(true);
    try {
      const saved = await programmeApi.venues.addPayment(venue.id, {
        amount: n!,
        paidAt,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setAmount('');
      setNote('');
      onSaved(saved, n!);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="payment-form-title">
      <h3 id="payment-form-title">{t('programme.venues.addPayment')}</h3>
      <ErrorAlert error={error} message={error ? programmeError(error, t) : undefined} />
      <RupiahField
        id="payment-amount"
        label={t('programme.venues.form.amount')}
        hint={t('programme.common.rupiahHint')}
        value={amount}
        error={fieldErrors.amount}
        onChange={setAmount}
      />
      <TextField
        id="payment-date"
        type="date"
        label={t('programme.venues.form.paidAt')}
        value={paidAt}
        error={fieldErrors.paidAt}
        onChange={(e) => setPaidAt(e.currentTarget.value)}
      />
      <TextField
        id="payment-note"
        label={`${t('programme.venues.form.note')} ${t('common.optional')}`}
        value={note}
        maxLength={200}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('programme.venues.form.submitPayment')}
        </button>
      </div>
    </form>
  );
}

export function VenueDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [record, setRecord] = useState<Versioned<Venue> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(() => {
    const s = window.history.state as { notice?: unknown; name?: unknown } | null;
    return s?.notice === 'created' && typeof s.name === 'string'
      ? t('programme.venues.created', { name: s.name })
      : null;
  });
  usePageTitle(record ? record.item.name : t('programme.venues.loading'));
  const manage = can('venue.manage');

  useEffect(() => {
    if ((window.history.state as { notice?: unknown } | null)?.notice) window.history.replaceState(null, '');
  }, []);

  const load = useCallback(async () => {
    try {
      setRecord(await programmeApi.venues.get(id));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!record) {
    return (
      <section className="narrow">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('programme.venues.loading')}</p>}
        <p>
          <Link href="/venues">{t('programme.venues.back')}</Link>
        </p>
      </section>
    );
  }
  const v = record.item;
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
              setEditing(true);
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
      {editing ? (
        <VenueForm
          record={record}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setRecord({ item: saved, etag: `"${saved.version}"` });
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
              <a href={programmeApi.venues.contractUrl(v.id)} download>
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
          onSaved={(saved) => {
            setRecord({ item: saved, etag: `"${saved.version}"` });
            setNotice(t('programme.venues.contractSaved'));
          }}
        />
      ) : null}
      <h2>{t('programme.venues.payments')}</h2>
      <p className="total" data-testid="paid-total">
        {t('programme.venues.paidTotal', { amount: formatRupiah(v.paidTotal) })}
      </p>
      {v.payments.length === 0 ? (
        <p>{t('programme.venues.paymentsEmpty')}</p>
      ) : (
        <table className="data-table prog-table">
          <caption className="visually-hidden">{t('programme.venues.payments')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('programme.venues.colPaidAt')}</th>
              <th scope="col">{t('programme.venues.colAmount')}</th>
              <th scope="col">{t('programme.venues.colNote')}</th>
              <th scope="col">{t('programme.venues.colReceipt')}</th>
            </tr>
          </thead>
          <tbody>
            {v.payments.map((p) => (
              <tr key={p.id}>
                <th scope="row" data-label={t('programme.venues.colPaidAt')}>
                  {formatDay(p.paidAt)}
                </th>
                <td data-label={t('programme.venues.colAmount')} className="num">
                  {formatRupiah(p.amount)}
                </td>
                <td data-label={t('programme.venues.colNote')}>{p.note ?? t('common.none')}</td>
                <td data-label={t('programme.venues.colReceipt')}>
                  {p.hasReceipt ? (
                    <a href={programmeApi.venues.receiptUrl(v.id, p.id)} download>
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
                        onChange={async (e) => {
                          const file = e.currentTarget.files?.[0];
                          if (!file) return;
                          try {
                            const saved = await programmeApi.venues.uploadReceipt(v.id, p.id, file);
                            setRecord({ item: saved, etag: `"${saved.version}"` });
                            setNotice(t('programme.venues.receiptSaved'));
                          } catch {
                            setNotice(t('programme.venues.receiptFailed'));
                          }
                        }}
                      />
                    </label>
                  ) : (
                    t('common.none')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage ? (
        <PaymentForm
          venue={v}
          onSaved={(saved, amount) => {
            setRecord({ item: saved, etag: `"${saved.version}"` });
            setNotice(t('programme.venues.paymentSaved', { amount: formatRupiah(amount) }));
          }}
        />
      ) : null}
    </section>
  );
}

/** The rent contract's file chosen and sent at once; the server checks its type from its content. */
function ContractUpload({ venueId, held, onSaved }: { venueId: string; held: boolean; onSaved(v: Venue): void }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
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
          setBusy(true);
          try {
            onSaved(await programmeApi.venues.uploadContract(venueId, file));
            input.value = '';
          } catch {
            setFailed(true);
          } finally {
            setBusy(false);
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
