// One allocation of business aid: who receives it, who proposed it (she does not approve it herself), who approved
// it (with "Plh./Plt." when a colleague acted for the approver) and the beneficiary decision letter (SK) that names
// her, the kit (the version she was given) item by item with procurement status, then — once an SK names her; until
// then the page says it waits for the SK — the handover (serah terima) form — date,
// place, who handed over and who received, serial numbers, her business — which works on a phone. Nothing is
// handed over before every item is received or ready: the form names what is still missing, and an approver may
// record an exception with her reason, which the page then shows. After the handover the allocation is read-only:
// the BAST to download, the signed scan to upload, a photo only with her photo consent (else why not), and
// returns or losses of items as new, linked records.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BUSINESS_KINDS, PROCUREMENT_STATUSES } from '../../../shared/codes.ts';
import {
  handoverBody,
  ITEM_EVENT_KINDS,
  itemEventBody,
  procurementBody,
  procurementExceptionBody,
} from '../../../shared/aid-api.ts';
import { KAB_KOTA, regionName } from '../../../shared/regions.ts';
import { ApiError, fileUrl, newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useApi, useApiMutation } from '../../data/query.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import {
  DateField,
  RadioGroupInput,
  SelectInput,
  TextAreaInput,
  TextInput,
  WholeNumberField,
} from '../../forms/index.ts';
import { SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { WORK_QUEUE } from '../../queue-count.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { formatDay, todayInOffice } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFound.tsx';
import { formatRupiah } from '../programme/shared.ts';
import { actingAsText, aidError, aLabel, useApproverName } from './shared.ts';

type Allocation = Reply<'GET /api/allocations/:id'>;

/** The server's problem code for one body field ({field: 'body.date', code: 'before_handover'}), if any. */
function fieldProblem(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed' || !Array.isArray(err.details)) return undefined;
  const hit: unknown = err.details.find(
    (d: unknown) => typeof d === 'object' && d !== null && 'field' in d && d.field === `body.${field}`,
  );
  if (typeof hit !== 'object' || hit === null) return undefined;
  return 'code' in hit && typeof hit.code === 'string' ? hit.code : 'invalid';
}

type Item = Allocation['items'][number] & { index: number };

function ItemsTable({ a }: { a: Allocation }) {
  const { t } = useTranslation();
  // The items are addressed by their position in the kit (procurement, serials, item events): that is their key.
  const rows: Item[] = a.items.map((i, index) => ({ ...i, index }));
  const columns: Column<Item>[] = [
    {
      id: 'item',
      header: t('aid.handover.colItem'),
      rowHeader: true,
      cell: (i) => (
        <>
          {i.name}
          {i.supplier ? <span className="note aid-block">{i.supplier}</span> : null}
        </>
      ),
    },
    { id: 'quantity', header: t('aid.handover.colQuantity'), cell: (i) => `${i.quantity} ${i.unit}` },
    {
      id: 'unitPrice',
      header: t('aid.handover.colUnitPrice'),
      className: 'num',
      cell: (i) => formatRupiah(i.unitPrice),
    },
    {
      id: 'subtotal',
      header: t('aid.handover.colSubtotal'),
      className: 'num',
      cell: (i) => formatRupiah(i.quantity * i.unitPrice),
    },
    {
      id: 'procurement',
      header: t('aid.handover.colProcurement'),
      cell: (i) => (i.procurement ? aLabel('procurement', i.procurement, t) : t('aid.common.noProcurement')),
    },
    {
      id: 'serial',
      header: t('aid.handover.colSerial'),
      className: 'break',
      cell: (i) => i.serial ?? t('common.none'),
    },
  ];
  return (
    <DataTable
      id="aid-items"
      caption={t('aid.handover.items')}
      // The items of one kit version (at most 100, the kit's own limit), in the kit's order: not sortable.
      mode="client"
      columns={columns}
      rows={rows}
      rowKey={(i) => String(i.index)}
      tableClassName="aid-items-table"
      empty={null}
    />
  );
}

/** Each item's status as chosen (nothing chosen yet: ''); only the changed ones are sent. */
const procurementForm = z.object({
  statuses: z.array(procurementBody.shape.items.element.shape.status.or(z.literal(''))),
});

function ProcurementForm({ a }: { a: Allocation }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useApiMutation('POST /api/allocations/:id/procurement');
  const form = useSchemaForm(procurementForm, {
    // Follows the allocation as it is read again (after a save, or someone else's).
    values: { statuses: a.items.map((i) => i.procurement ?? '') },
  });

  async function submit(values: z.output<typeof procurementForm>) {
    setError(null);
    setNotice(null);
    const items = values.statuses.flatMap((s, index) =>
      s && s !== a.items[index]?.procurement ? [{ index, status: s }] : [],
    );
    if (items.length === 0) {
      setNotice(t('aid.handover.procurementNothing'));
      return;
    }
    await save.mutateAsync({ params: { id: a.id }, body: { items } });
    setNotice(t('aid.handover.procurementSaved'));
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={save.isPending}
      className="step prog-form"
      aria-labelledby="procurement-title"
    >
      <h2 id="procurement-title">{t('aid.handover.procurementTitle')}</h2>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {notice ? (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      <div className="aid-grid">
        {a.items.map((i, n) => (
          <SelectInput
            // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
            key={n}
            name={`statuses.${n}`}
            id={`procurement-${n}`}
            label={t('aid.handover.procurementOf', { item: i.name })}
            emptyValue=""
          >
            <option value="" disabled={!!i.procurement}>
              {t('aid.common.noProcurement')}
            </option>
            {PROCUREMENT_STATUSES.map((p) => (
              <option key={p} value={p}>
                {aLabel('procurement', p, t)}
              </option>
            ))}
          </SelectInput>
        ))}
      </div>
      <div className="button-row">
        <SubmitButton className="button button-secondary">{t('aid.handover.procurementSave')}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

/** The items not yet received in the store or ready to hand over, by name: the handover waits for them. */
function unprocured(a: Allocation): string[] {
  return a.items.flatMap((i) => (i.procurement === 'RECEIVED' || i.procurement === 'READY' ? [] : [i.name]));
}

/** An approver lets the handover go ahead before every item is procured; her reason is required and kept. */
function ExceptionForm({ a, onSaved }: { a: Allocation; onSaved(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const save = useApiMutation('POST /api/allocations/:id/procurement-exception', {
    invalidates: () => [`/api/cohorts/${a.cohortId}`],
  });
  const form = useSchemaForm(procurementExceptionBody, {
    defaultValues: { reason: '' },
    // The server's bounds (10–500 characters), said on the field before anything is sent.
    messages: { reason: t('aid.handover.exceptionReasonError') },
  });

  async function submit(values: z.output<typeof procurementExceptionBody>) {
    setError(null);
    await save.mutateAsync({ params: { id: a.id }, body: values });
    onSaved();
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={save.isPending}
      className="step prog-form"
      aria-labelledby="exception-title"
    >
      <h2 id="exception-title">{t('aid.handover.exceptionFormTitle')}</h2>
      <p className="note">{t('aid.handover.exceptionIntro')}</p>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <TextAreaInput
        name="reason"
        id="exception-reason"
        label={t('aid.handover.exceptionReason')}
        hint={t('aid.handover.exceptionReasonHint')}
        rows={3}
        maxLength={500}
        required
        emptyValue=""
      />
      <div className="button-row">
        <SubmitButton className="button button-secondary">{t('aid.handover.exceptionSubmit')}</SubmitButton>
      </div>
    </SchemaForm>
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

/** The handover as the server takes it, with one serial number per item (empty: none) instead of a list. */
const handoverForm = handoverBody.omit({ serials: true }).extend({ serials: z.array(z.string().trim().max(80)) });

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
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const save = useApiMutation('POST /api/allocations/:id/handover', {
    // The cohort's list, her record (her business) and the programme's realised spend.
    invalidates: () => [`/api/cohorts/${a.cohortId}`, `/api/participants/${a.participantId}`, '/api/programmes'],
  });
  const form = useSchemaForm(handoverForm, {
    defaultValues: {
      date: todayInOffice(),
      place: '',
      handedOverBy: '',
      receivedBy: '',
      serials: a.items.map((i) => i.serial ?? ''),
      business: { regionCode: defaultRegion || undefined, startDate: todayInOffice() },
    },
    messages: {
      date: t('aid.handover.dateError'),
      place: t('aid.handover.placeError'),
      handedOverBy: t('aid.handover.handedOverByError'),
      receivedBy: t('aid.handover.receivedByError'),
      'business.kind': t('aid.handover.businessKindError'),
      'business.regionCode': t('aid.handover.businessRegionError'),
      'business.startDate': t('aid.handover.businessStartError'),
    },
  });

  async function submit(values: z.output<typeof handoverForm>) {
    setError(null);
    await save.mutateAsync({
      params: { id: a.id },
      body: { ...values, serials: values.serials.flatMap((serial, index) => (serial ? [{ index, serial }] : [])) },
    });
    onSaved();
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={save.isPending}
      className="step prog-form aid-handover-form"
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
      <DateField name="date" id="handover-date" label={t('aid.handover.date')} />
      <TextInput name="place" id="handover-place" label={t('aid.handover.place')} maxLength={200} />
      <TextInput
        name="handedOverBy"
        id="handover-by"
        label={t('aid.handover.handedOverBy')}
        maxLength={120}
        autoComplete="off"
      />
      <TextInput
        name="receivedBy"
        id="handover-received"
        label={t('aid.handover.receivedBy')}
        hint={t('aid.handover.receivedByHint')}
        maxLength={120}
        autoComplete="off"
      />
      <fieldset className="field">
        <legend>{t('aid.handover.serials')}</legend>
        {a.items.map((i, n) => (
          <TextInput
            // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
            key={n}
            name={`serials.${n}`}
            id={`serial-${n}`}
            label={t('aid.handover.serialOf', { item: i.name })}
            maxLength={80}
            autoComplete="off"
            emptyValue=""
          />
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>{t('aid.handover.business')}</legend>
        <SelectInput name="business.kind" id="business-kind" label={t('aid.handover.businessKind')}>
          <option value="">{t('aid.handover.choose')}</option>
          {BUSINESS_KINDS.map((k) => (
            <option key={k} value={k}>
              {aLabel('businessKinds', k, t)}
            </option>
          ))}
        </SelectInput>
        <SelectInput name="business.regionCode" id="business-region" label={t('aid.handover.businessRegion')}>
          <option value="">{t('aid.handover.choose')}</option>
          {KAB_KOTA.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectInput>
        <DateField name="business.startDate" id="business-start" label={t('aid.handover.businessStart')} />
      </fieldset>
      <div className="button-row">
        <SubmitButton>{t('aid.handover.submit')}</SubmitButton>
      </div>
    </SchemaForm>
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
  onUpload(file: File): Promise<unknown>;
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

/** A return or loss as the server takes it, with the item chosen by its position as the select gives it. */
const itemEventForm = itemEventBody.omit({ index: true }).extend({ index: z.string() });

function ItemEventForm({ a, onSaved }: { a: Allocation; onSaved(saved: string): void }) {
  const { t } = useTranslation();
  const remaining = a.items.map(
    (i, n) => i.quantity - a.itemEvents.filter((e) => e.index === n).reduce((s, e) => s + e.quantity, 0),
  );
  const firstOpen = remaining.findIndex((r) => r > 0);
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const save = useApiMutation('POST /api/allocations/:id/item-events', {
    // The programme's figures show what was returned or lost.
    invalidates: () => ['/api/programmes'],
  });
  const form = useSchemaForm(itemEventForm, {
    defaultValues: { index: String(Math.max(firstOpen, 0)), kind: 'RETURNED', quantity: 1, date: todayInOffice() },
    messages: { quantity: t('aid.handover.eventQuantityError'), date: t('aid.handover.eventDateError') },
  });
  if (firstOpen < 0) return null;

  async function submit(values: z.output<typeof itemEventForm>) {
    setError(null);
    // An item fully returned or lost drops out of the list: the first that is still with her is meant then.
    const index = (remaining[Number(values.index)] ?? 0) > 0 ? Number(values.index) : firstOpen;
    try {
      await save.mutateAsync({
        params: { id: a.id },
        body: { ...values, index },
        idempotencyKey: idempotencyKey.current,
      });
    } catch (err) {
      // A date the server refuses (ahead, or before the handover) is said beside the date.
      const problem = fieldProblem(err, 'date');
      if (problem === 'future' || problem === 'before_handover') {
        const message = problem === 'future' ? t('aid.errors.dateFuture') : t('aid.errors.dateBeforeHandover');
        form.setError('date', { type: 'server', message }, { shouldFocus: true });
        return;
      }
      throw err;
    }
    idempotencyKey.current = newIdempotencyKey();
    form.reset({ ...values, index: String(index), quantity: 1, note: undefined });
    onSaved(
      t('aid.handover.eventSaved', {
        item: a.items[index]?.name ?? '',
        kind: aLabel('itemEvents', values.kind, t).toLowerCase(),
      }),
    );
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={save.isPending}
      className="step prog-form"
      aria-labelledby="event-form-title"
    >
      <h3 id="event-form-title">{t('aid.handover.eventFormTitle')}</h3>
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      <SelectInput name="index" id="event-item" label={t('aid.handover.eventItem')}>
        {a.items.map((i, n) =>
          remaining[n]! > 0 ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: an allocation's items have no id: the API addresses them by position (procurement, serials, item events) and the list is a fixed snapshot
            <option key={n} value={String(n)}>
              {i.name} ({remaining[n]} {i.unit})
            </option>
          ) : null,
        )}
      </SelectInput>
      <RadioGroupInput
        name="kind"
        id="event-kind"
        legend={t('aid.handover.eventKind')}
        options={ITEM_EVENT_KINDS.map((k) => ({ value: k, label: aLabel('itemEvents', k, t) }))}
      />
      <WholeNumberField name="quantity" id="event-quantity" label={t('aid.handover.eventQuantity')} maxLength={6} />
      <DateField name="date" id="event-date" label={t('aid.handover.eventDate')} />
      <TextAreaInput
        name="note"
        id="event-note"
        label={`${t('aid.handover.eventNote')} ${t('common.optional')}`}
        rows={2}
        maxLength={500}
      />
      <div className="button-row">
        <SubmitButton>{t('aid.handover.eventSubmit')}</SubmitButton>
      </div>
    </SchemaForm>
  );
}

function HandedOver({ a }: { a: Allocation }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('allocation.handover');
  const h = a.handover!;
  const [notice, setNotice] = useState<string | null>(null);
  const scan = useApiMutation('POST /api/allocations/:id/signed-scan');
  const photo = useApiMutation('POST /api/allocations/:id/photo');
  const eventColumns: Column<Allocation['itemEvents'][number]>[] = [
    { id: 'date', header: t('aid.handover.colDate'), rowHeader: true, cell: (e) => formatDay(e.date) },
    { id: 'item', header: t('aid.handover.colItem'), cell: (e) => e.itemName },
    {
      id: 'kind',
      header: t('aid.handover.colKind'),
      cell: (e) => (
        <span className={`badge ${e.kind === 'LOST' ? 'badge-warn' : 'badge-muted'}`}>
          {aLabel('itemEvents', e.kind, t)}
        </span>
      ),
    },
    { id: 'quantity', header: t('aid.handover.colQuantity'), cell: (e) => e.quantity },
    { id: 'value', header: t('aid.handover.value'), className: 'num', cell: (e) => formatRupiah(e.value) },
    { id: 'note', header: t('aid.handover.colNote'), className: 'break', cell: (e) => e.note ?? t('common.none') },
    { id: 'recordedBy', header: t('aid.handover.colRecordedBy'), cell: (e) => e.recordedBy },
  ];
  /** The chosen file as the upload routes take it (multipart, one part named "file"). */
  const fileForm = (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return form;
  };
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
          <a
            className="button button-primary"
            href={fileUrl('GET /api/allocations/:id/bast.pdf', { id: a.id })}
            download
          >
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
            onUpload={(file) => scan.mutateAsync({ params: { id: a.id }, form: fileForm(file) })}
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
            onUpload={(file) => photo.mutateAsync({ params: { id: a.id }, form: fileForm(file) })}
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
        <DataTable
          id="aid-events"
          caption={t('aid.handover.eventsTitle')}
          // Returns and losses of one allocation's items: at most one per unit handed over; in the order recorded.
          mode="client"
          columns={eventColumns}
          rows={a.itemEvents}
          rowKey={(e) => e.id}
          tableClassName="aid-events-table"
          empty={<p>{t('aid.handover.eventsEmpty')}</p>}
        />
        {manage ? <ItemEventForm a={a} onSaved={setNotice} /> : null}
      </section>
    </>
  );
}

export function HandoverPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const allocation = useApi('GET /api/allocations/:id', { params: { id } });
  const a = allocation.data ?? null;
  const loadError = allocation.error;
  const cohortQ = useApi('GET /api/cohorts/:id', { params: { id: a?.cohortId ?? '' } }, { enabled: !!a });
  const cohort = cohortQ.data ?? null;
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const approver = useApproverName('aid');
  const approval = useApiMutation('POST /api/allocations/:id/approve', {
    // The cohort's list, and the approver's work queue.
    invalidates: () => (a ? [`/api/cohorts/${a.cohortId}`, WORK_QUEUE] : [WORK_QUEUE]),
  });
  usePageTitle(a ? t('aid.handover.title', { code: a.code }) : t('aid.handover.loading'));
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  async function approve() {
    if (!a) return;
    setError(null);
    try {
      await approval.mutateAsync({ params: { id: a.id } });
      setNotice(t('aid.handover.approved'));
    } catch (err) {
      setError(err);
    }
  }

  if (loadError instanceof ApiError && (loadError.status === 404 || loadError.code === 'validation_failed'))
    return <NotFoundPage />;
  if (!a) {
    return (
      <section className="narrow">
        {loadError ? (
          <ErrorAlert error={loadError} message={aidError(loadError, t)} />
        ) : (
          <p role="status">{t('aid.handover.loading')}</p>
        )}
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
              <button
                type="button"
                className="button button-primary"
                disabled={approval.isPending}
                onClick={() => void approve()}
              >
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

      {a.status !== 'HANDED_OVER' && can('allocation.procure') ? <ProcurementForm a={a} /> : null}
      {a.procurementException ? <ExceptionRecord a={a} /> : null}
      {a.status === 'APPROVED' && missing.length > 0 && !a.procurementException && can('allocation.approve') ? (
        <ExceptionForm a={a} onSaved={() => setNotice(t('aid.handover.exceptionSaved'))} />
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
      {a.status === 'APPROVED' && a.decree && can('allocation.handover') && !cohortQ.isPending ? (
        // Opened once the cohort is read (or could not be): its region is the business's region by default.
        <HandoverFormView
          a={a}
          defaultRegion={cohort?.regionCode ?? ''}
          missing={a.procurementException ? [] : missing}
          onSaved={() => setNotice(t('aid.handover.saved'))}
        />
      ) : null}
      {a.status === 'HANDED_OVER' ? <HandedOver a={a} /> : null}
    </section>
  );
}
