// One allocation of business aid: who receives it, who proposed it (she does not approve it herself), who approved
// it (with "Plh./Plt." when a colleague acted for the approver) and the beneficiary decision letter (SK) that names
// her, the kit (the version she was given) item by item with procurement status, then — once an SK names her; until
// then the page says it waits for the SK — the handover (serah terima) form — date,
// place, who handed over and who received, serial numbers, her business — which works on a phone. Nothing is
// handed over before every item is received or ready: the form names what is still missing, and an approver may
// record an exception with her reason, which the page then shows. After the handover the allocation is read-only:
// the BAST to download, the signed scan to upload, a photo only with her photo consent (else why not), and
// returns or losses of items as new, linked records.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { BUSINESS_KINDS, PROCUREMENT_STATUSES } from '../../../shared/codes.ts';
import { ITEM_EVENT_KINDS } from '../../../shared/aid-api.ts';
import { KAB_KOTA, regionName } from '../../../shared/regions.ts';
import { ApiError } from '../../api.ts';
import { aidApi, type Allocation, type HandoverInput, type ItemEventInput } from '../../api-aid.ts';
import { programmeApi, type Cohort } from '../../api-programme.ts';
import { useSession } from '../../session.tsx';
import { RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { dateOrderErrors, hasErrors, type FieldErrors } from '../../errors.ts';
import { formatDay, todayInOffice } from '../../format.ts';
import { useFocusFirstInvalid, usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { NumberField, wholeNumber } from '../programme/fields.tsx';
import { formatRupiah, isIsoDate } from '../programme/shared.ts';
import { actingAsText, aidError, aLabel, fieldProblem, useApproverName } from './shared.ts';

type Procurement = (typeof PROCUREMENT_STATUSES)[number];
type BusinessKind = (typeof BUSINESS_KINDS)[number];
type EventKind = (typeof ITEM_EVENT_KINDS)[number];

/** The server's words for a refused date, on the date field. */
function dateMessage(err: unknown, field: string, t: TFunction): string | undefined {
  const problem = fieldProblem(err, field);
  if (problem === 'future') return t('aid.errors.dateFuture');
  if (problem === 'before_handover') return t('aid.errors.dateBeforeHandover');
  return problem ? t('validation.invalid') : undefined;
}

function ItemsTable({ a }: { a: Allocation }) {
  const { t } = useTranslation();
  return (
    <table className="data-table aid-items-table">
      <caption className="visually-hidden">{t('aid.handover.items')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('aid.handover.colItem')}</th>
          <th scope="col">{t('aid.handover.colQuantity')}</th>
          <th scope="col">{t('aid.handover.colUnitPrice')}</th>
          <th scope="col">{t('aid.handover.colSubtotal')}</th>
          <th scope="col">{t('aid.handover.colProcurement')}</th>
          <th scope="col">{t('aid.handover.colSerial')}</th>
        </tr>
      </thead>
      <tbody>
        {a.items.map((i, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
          <tr key={n}>
            <th scope="row" data-label={t('aid.handover.colItem')}>
              {i.name}
              {i.supplier ? <span className="note aid-block">{i.supplier}</span> : null}
            </th>
            <td data-label={t('aid.handover.colQuantity')}>
              {i.quantity} {i.unit}
            </td>
            <td data-label={t('aid.handover.colUnitPrice')} className="num">
              {formatRupiah(i.unitPrice)}
            </td>
            <td data-label={t('aid.handover.colSubtotal')} className="num">
              {formatRupiah(i.quantity * i.unitPrice)}
            </td>
            <td data-label={t('aid.handover.colProcurement')}>
              {i.procurement ? aLabel('procurement', i.procurement, t) : t('aid.common.noProcurement')}
            </td>
            <td data-label={t('aid.handover.colSerial')} className="break">
              {i.serial ?? t('common.none')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProcurementForm({ a, onSaved }: { a: Allocation; onSaved(next: Allocation): void }) {
  const { t } = useTranslation();
  const [statuses, setStatuses] = useState<(Procurement | '')[]>(() => a.items.map((i) => i.procurement ?? ''));
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const items = statuses.flatMap((s, index) =>
      s && s !== a.items[index]?.procurement ? [{ index, status: s }] : [],
    );
    if (items.length === 0) {
      setNotice(t('aid.handover.procurementNothing'));
      return;
    }
    setBusy(true);
    try {
      onSaved(await aidApi.allocations.procurement(a.id, { items }));
      setNotice(t('aid.handover.procurementSaved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="step prog-form" onSubmit={submit} noValidate aria-labelledby="procurement-title">
      <h2 id="procurement-title">{t('aid.handover.procurementTitle')}</h2>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {notice ? (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <div className="aid-grid">
        {a.items.map((i, n) => (
          <SelectField
            // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
            key={n}
            id={`procurement-${n}`}
            label={t('aid.handover.procurementOf', { item: i.name })}
            value={statuses[n] ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value as Procurement | '';
              setStatuses((s) => s.map((x, k) => (k === n ? v : x)));
            }}
          >
            <option value="" disabled={!!i.procurement}>
              {t('aid.common.noProcurement')}
            </option>
            {PROCUREMENT_STATUSES.map((p) => (
              <option key={p} value={p}>
                {aLabel('procurement', p, t)}
              </option>
            ))}
          </SelectField>
        ))}
      </div>
      <div className="button-row">
        <button type="submit" className="button button-secondary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.handover.procurementSave')}
        </button>
      </div>
    </form>
  );
}

/** The items not yet received in the store or ready to hand over, by name: the handover waits for them. */
function unprocured(a: Allocation): string[] {
  return a.items.flatMap((i) => (i.procurement === 'RECEIVED' || i.procurement === 'READY' ? [] : [i.name]));
}

/** An approver lets the handover go ahead before every item is procured; her reason is required and kept. */
function ExceptionForm({ a, onSaved }: { a: Allocation; onSaved(next: Allocation): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setError(null);
    const text = reason.trim();
    // The server's bounds (10–500 characters), said on the field before anything is sent.
    if (text.length < 10 || text.length > 500) {
      setFieldErrors({ reason: t('aid.handover.exceptionReasonError') });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      onSaved(await aidApi.allocations.procurementException(a.id, { reason: text }));
    } catch (err) {
      if (fieldProblem(err, 'reason')) setFieldErrors({ reason: t('aid.handover.exceptionReasonError') });
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="exception-title">
      <h2 id="exception-title">{t('aid.handover.exceptionFormTitle')}</h2>
      <p className="note">{t('aid.handover.exceptionIntro')}</p>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <TextAreaField
        id="exception-reason"
        label={t('aid.handover.exceptionReason')}
        hint={t('aid.handover.exceptionReasonHint')}
        value={reason}
        error={fieldErrors.reason}
        rows={3}
        maxLength={500}
        required
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-secondary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.handover.exceptionSubmit')}
        </button>
      </div>
    </form>
  );
}

/** The recorded exception: who allowed the handover before every item was procured, and why. */
function ExceptionRecord({ a }: { a: Allocation }) {
  const { t } = useTranslation();
  const e = a.procurementException!;
  const missing = unprocured(a);
  return (
    <section aria-labelledby="exception-record-title" className="step">
      <h2 id="exception-record-title">{t('aid.handover.exceptionTitle')}</h2>
      <dl className="summary aid-dl">
        <div>
          <dt>{t('aid.handover.exceptionBy')}</dt>
          <dd>{e.by}</dd>
        </div>
        <div>
          <dt>{t('aid.handover.exceptionReasonLabel')}</dt>
          <dd className="break">{e.reason}</dd>
        </div>
        {missing.length > 0 && a.status !== 'HANDED_OVER' ? (
          <div>
            <dt>{t('aid.handover.exceptionMissing')}</dt>
            <dd>{missing.join(', ')}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

interface HandoverForm {
  date: string;
  place: string;
  handedOverBy: string;
  receivedBy: string;
  serials: string[];
  businessKind: BusinessKind | '';
  regionCode: string;
  startDate: string;
}

function parseHandover(f: HandoverForm, t: TFunction): { body: HandoverInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!isIsoDate(f.date)) errors.date = t('aid.handover.dateError');
  const place = f.place.trim();
  if (!place || place.length > 200) errors.place = t('aid.handover.placeError');
  const handedOverBy = f.handedOverBy.trim();
  if (!handedOverBy || handedOverBy.length > 120) errors.handedOverBy = t('aid.handover.handedOverByError');
  const receivedBy = f.receivedBy.trim();
  if (!receivedBy || receivedBy.length > 120) errors.receivedBy = t('aid.handover.receivedByError');
  if (!f.businessKind) errors.businessKind = t('aid.handover.businessKindError');
  if (!f.regionCode) errors.regionCode = t('aid.handover.businessRegionError');
  if (!isIsoDate(f.startDate)) errors.startDate = t('aid.handover.businessStartError');
  if (hasErrors(errors)) return { errors };
  return {
    body: {
      date: f.date,
      place,
      handedOverBy,
      receivedBy,
      serials: f.serials.flatMap((s, index) => (s.trim() ? [{ index, serial: s.trim() }] : [])),
      business: {
        kind: f.businessKind as BusinessKind,
        regionCode: f.regionCode as HandoverInput['business']['regionCode'],
        startDate: f.startDate,
      },
    },
  };
}

function HandoverFormView({
  a,
  defaultRegion,
  missing,
  onSaved,
}: {
  a: Allocation;
  defaultRegion: string;
  /** Items that still hold the handover back (none once an approver recorded an exception). */
  missing: string[];
  onSaved(next: Allocation): void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<HandoverForm>(() => ({
    date: todayInOffice(),
    place: '',
    handedOverBy: '',
    receivedBy: '',
    serials: a.items.map((i) => i.serial ?? ''),
    businessKind: '',
    regionCode: defaultRegion,
    startDate: todayInOffice(),
  }));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = <K extends keyof HandoverForm>(k: K, v: HandoverForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  useEffect(() => {
    setForm((f) => (f.regionCode ? f : { ...f, regionCode: defaultRegion }));
  }, [defaultRegion]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setError(null);
    const parsed = parseHandover(form, t);
    if ('errors' in parsed) {
      setFieldErrors(parsed.errors);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      onSaved(await aidApi.allocations.handover(a.id, parsed.body));
    } catch (err) {
      setError(err);
      setFieldErrors(dateOrderErrors(err, t));
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form
      ref={formRef}
      className="step prog-form aid-handover-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="handover-title"
    >
      <h2 id="handover-title">{t('aid.handover.formTitle')}</h2>
      <p className="note">{t('aid.handover.formNote')}</p>
      {missing.length > 0 ? (
        <div className="alert alert-warn">
          <p>{t('aid.handover.missingItems', { items: missing.join(', ') })}</p>
          <p>{t('aid.handover.missingHow')}</p>
        </div>
      ) : null}
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <TextField
        id="handover-date"
        type="date"
        label={t('aid.handover.date')}
        value={form.date}
        error={fe.date}
        onChange={(e) => set('date', e.currentTarget.value)}
      />
      <TextField
        id="handover-place"
        label={t('aid.handover.place')}
        value={form.place}
        error={fe.place}
        maxLength={200}
        onChange={(e) => set('place', e.currentTarget.value)}
      />
      <TextField
        id="handover-by"
        label={t('aid.handover.handedOverBy')}
        value={form.handedOverBy}
        error={fe.handedOverBy}
        maxLength={120}
        autoComplete="off"
        onChange={(e) => set('handedOverBy', e.currentTarget.value)}
      />
      <TextField
        id="handover-received"
        label={t('aid.handover.receivedBy')}
        hint={t('aid.handover.receivedByHint')}
        value={form.receivedBy}
        error={fe.receivedBy}
        maxLength={120}
        autoComplete="off"
        onChange={(e) => set('receivedBy', e.currentTarget.value)}
      />
      <fieldset className="field">
        <legend>{t('aid.handover.serials')}</legend>
        {a.items.map((i, n) => (
          <TextField
            // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
            key={n}
            id={`serial-${n}`}
            label={t('aid.handover.serialOf', { item: i.name })}
            value={form.serials[n] ?? ''}
            maxLength={80}
            autoComplete="off"
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, serials: f.serials.map((s, k) => (k === n ? v : s)) }));
            }}
          />
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>{t('aid.handover.business')}</legend>
        <SelectField
          id="business-kind"
          label={t('aid.handover.businessKind')}
          value={form.businessKind}
          error={fe.businessKind}
          onChange={(e) => set('businessKind', e.currentTarget.value as BusinessKind | '')}
        >
          <option value="">{t('aid.handover.choose')}</option>
          {BUSINESS_KINDS.map((k) => (
            <option key={k} value={k}>
              {aLabel('businessKinds', k, t)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="business-region"
          label={t('aid.handover.businessRegion')}
          value={form.regionCode}
          error={fe.regionCode}
          onChange={(e) => set('regionCode', e.currentTarget.value)}
        >
          <option value="">{t('aid.handover.choose')}</option>
          {KAB_KOTA.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id="business-start"
          type="date"
          label={t('aid.handover.businessStart')}
          value={form.startDate}
          error={fe.startDate}
          onChange={(e) => set('startDate', e.currentTarget.value)}
        />
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.handover.submit')}
        </button>
      </div>
    </form>
  );
}

/** One file to upload (the signed scan or the photo): a labelled file input and a button. */
function UploadForm({
  id,
  labelledBy,
  label,
  hint,
  accept,
  onUpload,
  saved,
}: {
  id: string;
  /** The heading that names the form (its button is "Upload" in each). */
  labelledBy: string;
  label: string;
  hint: string;
  accept: string;
  onUpload(file: File): Promise<Allocation>;
  saved: string;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (!file) {
      setMissing(true);
      inputRef.current?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      await onUpload(file);
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
      setNotice(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form aid-upload" onSubmit={submit} noValidate aria-labelledby={labelledBy}>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
        <input
          ref={inputRef}
          id={id}
          name={id}
          type="file"
          accept={accept}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? `${id}-hint ${id}-error` : `${id}-hint`}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setMissing(false);
          }}
        />
        {missing ? (
          <p id={`${id}-error`} className="field-error">
            {t('aid.handover.fileRequired')}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="submit" className="button button-secondary" disabled={busy}>
          {busy ? t('aid.handover.uploading') : t('aid.handover.upload')}
        </button>
      </div>
    </form>
  );
}

interface EventForm {
  index: string;
  kind: EventKind | '';
  quantity: string;
  date: string;
  note: string;
}

function ItemEventForm({ a, onSaved }: { a: Allocation; onSaved(next: Allocation, saved: string): void }) {
  const { t } = useTranslation();
  const remaining = a.items.map(
    (i, n) => i.quantity - a.itemEvents.filter((e) => e.index === n).reduce((s, e) => s + e.quantity, 0),
  );
  const firstOpen = remaining.findIndex((r) => r > 0);
  const [form, setForm] = useState<EventForm>(() => ({
    index: String(Math.max(firstOpen, 0)),
    kind: 'RETURNED',
    quantity: '1',
    date: todayInOffice(),
    note: '',
  }));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  const set = <K extends keyof EventForm>(k: K, v: EventForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  if (firstOpen < 0) return null;
  // An item fully returned or lost drops out of the list: fall back to the first that is still with her.
  const selected = (remaining[Number(form.index)] ?? 0) > 0 ? form.index : String(firstOpen);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempt((n) => n + 1);
    setError(null);
    const errors: FieldErrors = {};
    const index = Number(selected);
    const quantity = wholeNumber(form.quantity, 1, 10_000);
    if (quantity === null) errors.quantity = t('aid.handover.eventQuantityError');
    if (!isIsoDate(form.date)) errors.date = t('aid.handover.eventDateError');
    setFieldErrors(errors);
    if (hasErrors(errors) || !form.kind) return;
    const body: ItemEventInput = {
      index,
      kind: form.kind,
      quantity: quantity!,
      date: form.date,
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
    };
    setBusy(true);
    try {
      const next = await aidApi.allocations.itemEvent(a.id, body);
      const saved = t('aid.handover.eventSaved', {
        item: a.items[index]?.name ?? '',
        kind: aLabel('itemEvents', form.kind, t).toLowerCase(),
      });
      setForm((f) => ({ ...f, quantity: '1', note: '' }));
      onSaved(next, saved);
    } catch (err) {
      const dateProblem = dateMessage(err, 'date', t);
      if (dateProblem) setFieldErrors({ date: dateProblem });
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fe = fieldErrors;
  return (
    <form ref={formRef} className="step prog-form" onSubmit={submit} noValidate aria-labelledby="event-form-title">
      <h3 id="event-form-title">{t('aid.handover.eventFormTitle')}</h3>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <SelectField
        id="event-item"
        label={t('aid.handover.eventItem')}
        value={selected}
        onChange={(e) => set('index', e.currentTarget.value)}
      >
        {a.items.map((i, n) =>
          remaining[n]! > 0 ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
            <option key={n} value={String(n)}>
              {i.name} ({remaining[n]} {i.unit})
            </option>
          ) : null,
        )}
      </SelectField>
      <RadioGroup<EventKind>
        id="event-kind"
        legend={t('aid.handover.eventKind')}
        options={ITEM_EVENT_KINDS.map((k) => ({ value: k, label: aLabel('itemEvents', k, t) }))}
        value={form.kind}
        onChange={(v) => set('kind', v)}
      />
      <NumberField
        id="event-quantity"
        label={t('aid.handover.eventQuantity')}
        value={form.quantity}
        error={fe.quantity}
        maxLength={5}
        onChange={(v) => set('quantity', v)}
      />
      <TextField
        id="event-date"
        type="date"
        label={t('aid.handover.eventDate')}
        value={form.date}
        error={fe.date}
        onChange={(e) => set('date', e.currentTarget.value)}
      />
      <TextAreaField
        id="event-note"
        label={`${t('aid.handover.eventNote')} ${t('common.optional')}`}
        value={form.note}
        rows={2}
        maxLength={500}
        onChange={(e) => set('note', e.currentTarget.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('aid.handover.eventSubmit')}
        </button>
      </div>
    </form>
  );
}

function HandedOver({ a, onChange }: { a: Allocation; onChange(next: Allocation): void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('allocation.handover');
  const h = a.handover!;
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <section aria-labelledby="done-title" className="step aid-done">
        <h2 id="done-title">{t('aid.handover.done')}</h2>
        <p className="note">{t('aid.handover.readOnly')}</p>
        <dl className="summary aid-dl">
          <div>
            <dt>{t('aid.handover.date')}</dt>
            <dd>{formatDay(h.date)}</dd>
          </div>
          <div>
            <dt>{t('aid.handover.place')}</dt>
            <dd>{h.place}</dd>
          </div>
          <div>
            <dt>{t('aid.handover.handedOverBy')}</dt>
            <dd>{h.handedOverBy}</dd>
          </div>
          <div>
            <dt>{t('aid.handover.receivedBy')}</dt>
            <dd>{h.receivedBy}</dd>
          </div>
          {a.business ? (
            <>
              <div>
                <dt>{t('aid.handover.businessKind')}</dt>
                <dd>{aLabel('businessKinds', a.business.kind, t)}</dd>
              </div>
              <div>
                <dt>{t('aid.handover.businessRegion')}</dt>
                <dd>{regionName(a.business.regionCode)}</dd>
              </div>
              <div>
                <dt>{t('aid.handover.businessStart')}</dt>
                <dd>{formatDay(a.business.startDate)}</dd>
              </div>
            </>
          ) : null}
        </dl>
        <p>
          <a className="button button-primary" href={aidApi.allocations.bastUrl(a.id)} download>
            {t('aid.handover.bast')}
          </a>
        </p>

        <h3 id="scan-title">{t('aid.handover.scanTitle')}</h3>
        <p>
          <span className={`badge ${h.hasSignedScan ? 'badge-ok' : 'badge-warn'}`}>
            {h.hasSignedScan ? t('aid.handover.scanPresent') : t('aid.handover.scanMissing')}
          </span>
        </p>
        {manage ? (
          <UploadForm
            id="signed-scan"
            labelledBy="scan-title"
            label={h.hasSignedScan ? t('aid.handover.scanReplaceFile') : t('aid.handover.scanFile')}
            hint={t('aid.handover.fileHint')}
            accept="application/pdf,image/jpeg,image/png"
            saved={t('aid.handover.scanSaved')}
            onUpload={async (file) => {
              const next = await aidApi.allocations.uploadSignedScan(a.id, file);
              onChange(next);
              return next;
            }}
          />
        ) : null}

        <h3 id="photo-title">{t('aid.handover.photoTitle')}</h3>
        {h.hasPhoto ? <p>{t('aid.handover.photoPresent')}</p> : null}
        {!a.photoConsent ? (
          <p className="alert alert-info">{t('aid.handover.photoNoConsent')}</p>
        ) : manage ? (
          <UploadForm
            id="handover-photo"
            labelledBy="photo-title"
            label={t('aid.handover.photoFile')}
            hint={t('aid.handover.photoHint')}
            accept="image/jpeg,image/png"
            saved={t('aid.handover.photoSaved')}
            onUpload={async (file) => {
              const next = await aidApi.allocations.uploadPhoto(a.id, file);
              onChange(next);
              return next;
            }}
          />
        ) : null}
      </section>

      <section aria-labelledby="events-title" className="aid-events">
        <h2 id="events-title">{t('aid.handover.eventsTitle')}</h2>
        <p className="note">{t('aid.handover.eventsIntro')}</p>
        {notice ? (
          <StatusMessage tone="success">
            <p>{notice}</p>
          </StatusMessage>
        ) : null}
        {a.itemEvents.length === 0 ? (
          <p>{t('aid.handover.eventsEmpty')}</p>
        ) : (
          <table className="data-table aid-events-table">
            <caption className="visually-hidden">{t('aid.handover.eventsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('aid.handover.colDate')}</th>
                <th scope="col">{t('aid.handover.colItem')}</th>
                <th scope="col">{t('aid.handover.colKind')}</th>
                <th scope="col">{t('aid.handover.colQuantity')}</th>
                <th scope="col">{t('aid.handover.value')}</th>
                <th scope="col">{t('aid.handover.colNote')}</th>
                <th scope="col">{t('aid.handover.colRecordedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {a.itemEvents.map((e) => (
                <tr key={e.id}>
                  <th scope="row" data-label={t('aid.handover.colDate')}>
                    {formatDay(e.date)}
                  </th>
                  <td data-label={t('aid.handover.colItem')}>{e.itemName}</td>
                  <td data-label={t('aid.handover.colKind')}>
                    <span className={`badge ${e.kind === 'LOST' ? 'badge-warn' : 'badge-muted'}`}>
                      {aLabel('itemEvents', e.kind, t)}
                    </span>
                  </td>
                  <td data-label={t('aid.handover.colQuantity')}>{e.quantity}</td>
                  <td data-label={t('aid.handover.value')} className="num">
                    {formatRupiah(e.value)}
                  </td>
                  <td data-label={t('aid.handover.colNote')} className="break">
                    {e.note ?? t('common.none')}
                  </td>
                  <td data-label={t('aid.handover.colRecordedBy')}>{e.recordedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {manage ? (
          <ItemEventForm
            a={a}
            onSaved={(next, saved) => {
              onChange(next);
              setNotice(saved);
            }}
          />
        ) : null}
      </section>
    </>
  );
}

export function HandoverPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const [a, setA] = useState<Allocation | null>(null);
  const [cohort, setCohort] = useState<Cohort | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const approver = useApproverName('aid');
  usePageTitle(a ? t('aid.handover.title', { code: a.code }) : t('aid.handover.loading'));

  const load = useCallback(async () => {
    try {
      setA(await aidApi.allocations.get(id));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const cohortId = a?.cohortId;
  useEffect(() => {
    if (cohortId)
      programmeApi.cohorts.get(cohortId).then(
        (c) => setCohort(c.item),
        () => setCohort(null),
      );
  }, [cohortId]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  async function approve() {
    if (!a) return;
    setError(null);
    setBusy(true);
    try {
      setA(await aidApi.allocations.approve(a.id));
      setNotice(t('aid.handover.approved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!a) {
    return (
      <section className="narrow">
        {loadError ? <ErrorAlert error={loadError} /> : <p role="status">{t('aid.handover.loading')}</p>}
      </section>
    );
  }
  // Whoever proposed it is not offered its approval (four eyes on money); the page says who decides instead.
  const ownProposal = !!user && a.proposedBy.id === user.id;
  const missing = unprocured(a);
  return (
    <section className="prog aid aid-handover">
      <p className="breadcrumb">
        <Link href={`/cohorts/${a.cohortId}?tab=aid`}>
          {cohort ? `${t('aid.handover.back')}: ${cohort.name}` : t('aid.handover.back')}
        </Link>
      </p>
      <header className="participant-header">
        <h1>{t('aid.handover.title', { code: a.code })}</h1>
        <dl className="summary">
          <div>
            <dt>{t('aid.handover.who')}</dt>
            <dd>
              {a.preferredName} <span className="code-small">{a.code}</span>
            </dd>
          </div>
          <div>
            <dt>{t('aid.handover.status')}</dt>
            <dd>
              <span
                className={`badge ${a.status === 'HANDED_OVER' ? 'badge-ok' : a.status === 'APPROVED' ? 'badge-stage' : 'badge-warn'}`}
              >
                {aLabel('allocationStatuses', a.status, t)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('aid.handover.kit')}</dt>
            <dd>
              {a.kitName} · {t('aid.common.version', { version: a.kitVersion })}
            </dd>
          </div>
          <div>
            <dt>{t('aid.handover.value')}</dt>
            <dd className="num">{formatRupiah(a.value)}</dd>
          </div>
          <div>
            <dt>{t('aid.handover.proposedBy')}</dt>
            <dd>{a.proposedBy.name ?? t('common.none')}</dd>
          </div>
          {a.approvedBy ? (
            <div>
              <dt>{t('aid.handover.approvedBy')}</dt>
              <dd>
                {a.approvedBy}
                {a.actingAs ? <span className="note aid-block">{actingAsText(a.actingAs, t)}</span> : null}
              </dd>
            </div>
          ) : null}
          {a.decree ? (
            <div>
              <dt>{t('aid.handover.decree')}</dt>
              <dd className="break">
                {t('aid.handover.decreeValue', { number: a.decree.number, date: formatDay(a.decree.date) })}
              </dd>
            </div>
          ) : null}
          {a.alternativeReason ? (
            <div>
              <dt>{t('aid.handover.alternativeReason')}</dt>
              <dd>{a.alternativeReason}</dd>
            </div>
          ) : null}
        </dl>
      </header>
      {notice ? (
        <div ref={noticeRef} tabIndex={-1} className="alert alert-success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {a.status === 'PROPOSED' ? (
        <div className="alert alert-info">
          <p>{t('aid.handover.waiting', { approver })}</p>
          {!can('allocation.approve') ? null : ownProposal ? (
            <p>{t('aid.handover.ownProposal')}</p>
          ) : (
            <div className="button-row">
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void approve()}>
                {t('aid.handover.approve')}
              </button>
            </div>
          )}
        </div>
      ) : null}

      <section aria-labelledby="items-title">
        <h2 id="items-title">{t('aid.handover.items')}</h2>
        <ItemsTable a={a} />
      </section>

      {a.status !== 'HANDED_OVER' && can('allocation.procure') ? <ProcurementForm a={a} onSaved={setA} /> : null}
      {a.procurementException ? <ExceptionRecord a={a} /> : null}
      {a.status === 'APPROVED' && missing.length > 0 && !a.procurementException && can('allocation.approve') ? (
        <ExceptionForm
          a={a}
          onSaved={(next) => {
            setA(next);
            setNotice(t('aid.handover.exceptionSaved'));
          }}
        />
      ) : null}
      {a.status === 'APPROVED' && !a.decree ? (
        // Nothing is handed over before a decision letter names her: the form waits for the SK.
        <div className="alert alert-info">
          <p>{t('aid.handover.waitingDecree')}</p>
          {can('aid.decree') ? (
            <p>
              <Link href={`/cohorts/${a.cohortId}?tab=aid`}>{t('aid.handover.toDecree')}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {a.status === 'APPROVED' && a.decree && can('allocation.handover') ? (
        <HandoverFormView
          a={a}
          defaultRegion={cohort?.regionCode ?? ''}
          missing={a.procurementException ? [] : missing}
          onSaved={(next) => {
            setA(next);
            setNotice(t('aid.handover.saved'));
          }}
        />
      ) : null}
      {a.status === 'HANDED_OVER' ? <HandedOver a={a} onChange={setA} /> : null}
    </section>
  );
}
