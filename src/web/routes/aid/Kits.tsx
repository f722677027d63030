// The kit catalogue: business starter kits per trade, each a list of items with quantity, unit, unit price
// and supplier. The head of section adds kits, changes them (each change is a new version, sent with
// If-Match; a change made meanwhile is reported and the latest loaded, the typed values kept) and
// deactivates them. Allocations keep the version they were given.
import { useMemo, useRef, useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { kitBody, type kitItem } from '../../../shared/aid-api.ts';
import { TRADE_TRACKS } from '../../../shared/codes.ts';
import { newIdempotencyKey, type Reply } from '../../data/client.ts';
import { useVersionedMutation } from '../../data/conflict.tsx';
import { useApi, useApiMutation } from '../../data/query.ts';
import { codeParam, useUrlState } from '../../data/url-state.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { useDirtyGuard } from '../../forms/dirty-guard.ts';
import { MoneyField, SelectInput, TextInput, WholeNumberField } from '../../forms/index.ts';
import { type FieldMessages, SchemaForm, useSchemaForm } from '../../forms/form.tsx';
import { SubmitButton } from '../../forms/SubmitButton.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { usePageTitle } from '../../hooks.ts';
import { formatRupiah, pLabel } from '../programme/shared.ts';
import { aidError } from './shared.ts';

type Kit = Reply<'GET /api/kits/:id'>;
type KitRow = Reply<'GET /api/kits'>['items'][number];
/** The catalogue's address: its order only (one order for every trade's table). */
const KITS_URL = {
  sort: codeParam(['name', '-name', 'version', '-version', 'total', '-total', 'status', '-status'], 'name'),
};
type KitValues = {
  trade: (typeof TRADE_TRACKS)[number];
  name: string;
  items: { name: string; quantity?: number; unit: string; unitPrice?: number; supplier?: string }[];
};

// A new row: its price is left empty for her to type (the schema asks for it on save).
const emptyItem = () => ({ name: '', quantity: 1, unit: 'unit' }) as z.input<typeof kitItem>;
const valuesOf = (k: Kit): KitValues => ({
  trade: TRADE_TRACKS.find((x) => x === k.trade) ?? TRADE_TRACKS[0],
  name: k.name,
  items: k.items.map((i) => ({
    name: i.name,
    quantity: i.quantity,
    unit: i.unit,
    unitPrice: i.unitPrice,
    ...(i.supplier ? { supplier: i.supplier } : {}),
  })),
});

/** The running total while typing (integer rupiah; rows not yet readable count as nothing). */
function totalOf(items: KitValues['items']): number {
  return items.reduce((sum, i) => sum + (i.quantity ?? 0) * (i.unitPrice ?? 0), 0);
}

/** The screen's own words for each field, for every item row a kit may have (100). */
function kitMessages(t: TFunction): FieldMessages {
  const messages: FieldMessages = { name: t('aid.kits.form.nameError') };
  for (let n = 0; n < 100; n++) {
    messages[`items.${n}.name`] = t('aid.kits.form.itemNameError');
    messages[`items.${n}.quantity`] = t('aid.kits.form.quantityError');
    messages[`items.${n}.unit`] = t('aid.kits.form.unitError');
    messages[`items.${n}.unitPrice`] = t('aid.kits.form.unitPriceError');
  }
  return messages;
}

/** A new kit (no record) or a new version of one (the record as opened: its version goes as If-Match). */
function KitForm({
  record,
  onSaved,
  onCancel,
}: {
  record: Kit | null;
  onSaved(k: Kit, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  // The version this form saves against: the record as opened, or the latest after a conflict was reloaded.
  const [base, setBase] = useState(record);
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const create = useApiMutation('POST /api/kits');
  const update = useVersionedMutation('PATCH /api/kits/:id', {
    labelOf: (f) => (f === 'name' ? t('aid.kits.form.name') : f === 'items' ? t('aid.kits.form.items') : f),
    format: (f, v) =>
      f === 'items' && Array.isArray(v)
        ? v
            .map((i: { name?: string; quantity?: number; unit?: string }) => `${i.name} × ${i.quantity} ${i.unit}`)
            .join(', ')
        : String(v),
  });
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const messages = useMemo(() => kitMessages(t), [t]);
  const form = useSchemaForm(kitBody, {
    defaultValues: record ? valuesOf(record) : { trade: TRADE_TRACKS[0], name: '', items: [emptyItem()] },
    messages,
  });
  const items = useFieldArray({ control: form.control, name: 'items' });
  const watched = useWatch({ control: form.control, name: 'items' }) as KitValues['items'];
  const { confirmLeave } = useDirtyGuard(form.formState.isDirty);

  async function submit(values: KitValues) {
    setError(null);
    const items = values.items.map((i) => ({
      name: i.name,
      quantity: i.quantity ?? 1,
      unit: i.unit,
      unitPrice: i.unitPrice ?? 0,
      ...(i.supplier ? { supplier: i.supplier } : {}),
    }));
    if (!base) {
      const answer = await create.mutateAsync({
        body: { trade: values.trade, name: values.name, items },
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      form.reset(values);
      onSaved(answer.data, true);
      return;
    }
    const result = await update.save({
      call: { params: { id: base.id }, body: { name: values.name, items } },
      base,
      record: { key: 'GET /api/kits/:id', args: { params: { id: base.id } } },
    });
    if (result.outcome === 'saved') {
      form.reset(values);
      onSaved(result.answer.data, false);
    } else {
      // She chose the latest version: the form shows it, and the next save is made against it.
      setBase(result.current);
      form.reset(valuesOf(result.current));
    }
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={submit}
      onError={setError}
      pending={create.isPending || update.isPending}
      className="step prog-form aid-kit-form"
      aria-labelledby="kit-form-title"
    >
      <h2
        id="kit-form-title"
        tabIndex={-1}
        ref={(el) => {
          // Focus moves to the form's heading once, when the form opens.
          if (el && headingRef.current !== el) {
            headingRef.current = el;
            el.focus();
          }
        }}
      >
        {base ? t('aid.kits.form.editTitle') : t('aid.kits.form.newTitle')}
      </h2>
      {base ? <p className="note">{t('aid.kits.form.editNote', { version: base.version + 1 })}</p> : null}
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {base ? (
        <p>
          <strong>{t('aid.kits.form.trade')}:</strong> {pLabel('tracks', base.trade, t)}
        </p>
      ) : (
        <SelectInput name="trade" id="kit-trade" label={t('aid.kits.form.trade')}>
          {TRADE_TRACKS.map((tr) => (
            <option key={tr} value={tr}>
              {pLabel('tracks', tr, t)}
            </option>
          ))}
        </SelectInput>
      )}
      <TextInput name="name" id="kit-name" label={t('aid.kits.form.name')} maxLength={120} />
      <h3>{t('aid.kits.form.items')}</h3>
      <ol className="aid-kit-items">
        {items.fields.map((item, n) => (
          <li key={item.id}>
            <fieldset className="aid-kit-item">
              <legend>{t('aid.kits.form.item', { n: n + 1 })}</legend>
              <TextInput
                name={`items.${n}.name`}
                id={`item-${n}-name`}
                label={t('aid.kits.form.itemName')}
                maxLength={120}
              />
              <div className="aid-pair">
                <WholeNumberField
                  name={`items.${n}.quantity`}
                  id={`item-${n}-quantity`}
                  label={t('aid.kits.form.quantity')}
                  maxLength={6}
                />
                <TextInput
                  name={`items.${n}.unit`}
                  id={`item-${n}-unit`}
                  label={t('aid.kits.form.unit')}
                  hint={t('aid.kits.form.unitHint')}
                  maxLength={20}
                />
              </div>
              <MoneyField
                name={`items.${n}.unitPrice`}
                id={`item-${n}-unitPrice`}
                label={t('aid.kits.form.unitPrice')}
                hint={t('aid.common.rupiahHint')}
              />
              <TextInput
                name={`items.${n}.supplier`}
                id={`item-${n}-supplier`}
                label={`${t('aid.kits.form.supplier')} ${t('common.optional')}`}
                maxLength={120}
              />
              {items.fields.length > 1 ? (
                <button type="button" className="button button-secondary button-small" onClick={() => items.remove(n)}>
                  {t('aid.kits.form.removeItem', { n: n + 1 })}
                </button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={items.fields.length >= 100}
          onClick={() => items.append(emptyItem(), { shouldFocus: false })}
        >
          {t('aid.kits.form.addItem')}
        </button>
      </div>
      <p className="total" aria-live="polite">
        {t('aid.kits.form.total', { total: formatRupiah(totalOf(watched ?? [])) })}
      </p>
      <div className="button-row">
        <SubmitButton>{base ? t('aid.kits.form.submitEdit') : t('aid.kits.form.submitNew')}</SubmitButton>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            if (confirmLeave()) onCancel();
          }}
          disabled={create.isPending || update.isPending}
        >
          {t('aid.common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}

/** The kit as it is now, read before its form opens (the version the change is based on). */
function EditKit({ id, onSaved, onCancel }: { id: string; onSaved(k: Kit, created: boolean): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { data, error } = useApi('GET /api/kits/:id', { params: { id } }, { staleTime: 0 });
  if (!data) {
    return error ? (
      <ErrorAlert error={error} message={aidError(error, t)} />
    ) : (
      <p role="status">{t('aid.common.loading')}</p>
    );
  }
  return <KitForm record={data} onSaved={onSaved} onCancel={onCancel} />;
}

export function KitsPage(_props: { id?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('aid.kits.title'));
  const { can } = useSession();
  const manage = can('kit.manage');
  const { data, error } = useApi('GET /api/kits', {});
  const items = data?.items ?? null;
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const activate = useVersionedMutation('PATCH /api/kits/:id', {
    labelOf: (f) => (f === 'active' ? t('aid.kits.colStatus') : f),
    format: (_f, v) => (v ? t('aid.kits.active') : t('aid.kits.inactive')),
  });

  async function setActive(k: Kit, active: boolean) {
    setNotice(null);
    setActionError(null);
    setBusyId(k.id);
    try {
      const result = await activate.save({
        call: { params: { id: k.id }, body: { active } },
        base: k,
        record: { key: 'GET /api/kits/:id', args: { params: { id: k.id } } },
      });
      if (result.outcome === 'saved')
        setNotice(active ? t('aid.kits.activated', { name: k.name }) : t('aid.kits.deactivated', { name: k.name }));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusyId(null);
    }
  }

  function saved(k: Kit, created: boolean) {
    setEditing(null);
    setNotice(
      created ? t('aid.kits.created', { name: k.name }) : t('aid.kits.saved', { name: k.name, version: k.version }),
    );
  }

  const [url, setUrl] = useUrlState(KITS_URL);
  const columns: Column<KitRow>[] = [
    {
      id: 'name',
      header: t('aid.kits.colName'),
      rowHeader: true,
      sort: (k) => k.name.toLocaleLowerCase('id'),
      cell: (k) => k.name,
    },
    {
      id: 'version',
      header: t('aid.kits.colVersion'),
      sort: (k) => k.version,
      descFirst: true,
      cell: (k) => t('aid.common.version', { version: k.version }),
    },
    {
      id: 'items',
      header: t('aid.kits.colItems'),
      cell: (k) => (
        <ul className="plain-list">
          {k.items.map((i, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a kit's items have no id (name may repeat); a read-only list of the fetched kit, never reordered in place
            <li key={n}>{t('aid.kits.itemLine', { name: i.name, quantity: i.quantity, unit: i.unit })}</li>
          ))}
        </ul>
      ),
    },
    {
      id: 'total',
      header: t('aid.kits.colTotal'),
      className: 'num',
      sort: (k) => k.total,
      descFirst: true,
      cell: (k) => formatRupiah(k.total),
    },
    {
      id: 'status',
      header: t('aid.kits.colStatus'),
      sort: (k) => (k.active ? 0 : 1),
      cell: (k) => (
        <span className={`badge ${k.active ? 'badge-ok' : 'badge-muted'}`}>
          {k.active ? t('aid.kits.active') : t('aid.kits.inactive')}
        </span>
      ),
    },
    ...(manage
      ? [
          {
            id: 'actions',
            header: t('aid.kits.colActions'),
            cell: (k: KitRow) => (
              <div className="button-row aid-row-actions">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t('aid.kits.editOf', { name: k.name })}
                  disabled={!!editing}
                  onClick={() => {
                    setNotice(null);
                    setActionError(null);
                    setEditing(k.id);
                  }}
                >
                  {t('aid.common.edit')}
                </button>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={
                    k.active ? t('aid.kits.deactivateOf', { name: k.name }) : t('aid.kits.activateOf', { name: k.name })
                  }
                  disabled={busyId === k.id}
                  onClick={() => void setActive(k, !k.active)}
                >
                  {k.active ? t('aid.kits.deactivate') : t('aid.kits.activate')}
                </button>
              </div>
            ),
          },
        ]
      : []),
  ];

  const trades = TRADE_TRACKS.filter((tr) => items?.some((k) => k.trade === tr));
  return (
    <section className="prog aid">
      <div className="page-heading">
        <h1>{t('aid.kits.title')}</h1>
        {manage && !editing ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            {t('aid.kits.add')}
          </button>
        ) : null}
      </div>
      <p>{t('aid.kits.intro')}</p>
      {notice ? (
        <StatusMessage tone="success">
          <p>{notice}</p>
        </StatusMessage>
      ) : null}
      {editing ? (
        editing === 'new' ? (
          <KitForm key="new" record={null} onCancel={() => setEditing(null)} onSaved={saved} />
        ) : (
          <EditKit key={editing} id={editing} onCancel={() => setEditing(null)} onSaved={saved} />
        )
      ) : null}
      <ErrorAlert error={actionError} message={actionError ? aidError(actionError, t) : undefined} />
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {items === null && !error ? (
        <p role="status">{t('aid.common.loading')}</p>
      ) : items ? (
        <>
          <p className="count">{t('aid.kits.count', { count: items.length })}</p>
          {items.length === 0 ? <p>{t('aid.kits.empty')}</p> : null}
          {trades.map((tr) => (
            <section key={tr} aria-labelledby={`kits-${tr}`}>
              <h2 id={`kits-${tr}`}>{pLabel('tracks', tr, t)}</h2>
              <DataTable
                id={`aid-kits-${tr}`}
                caption={pLabel('tracks', tr, t)}
                // The office's kit catalogue: a few kits per trade, changed by new versions rather than new rows, so
                // the list comes whole and is ordered here.
                mode="client"
                columns={columns}
                rows={items.filter((k) => k.trade === tr)}
                rowKey={(k) => k.id}
                rowClassName={(k) => (k.active ? undefined : 'inactive')}
                tableClassName="aid-kits-table"
                sort={url.sort}
                onSort={(sort) => setUrl({ sort: sort as typeof url.sort })}
                empty={<p>{t('aid.kits.empty')}</p>}
              />
            </section>
          ))}
        </>
      ) : null}
    </section>
  );
}
