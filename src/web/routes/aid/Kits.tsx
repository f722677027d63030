// The kit catalogue: business starter kits per trade, each a list of items with quantity, unit, unit price
// and supplier. The head of section adds kits, changes them (each change is a new version, sent with
// If-Match; a change made meanwhile is reported and the latest loaded, the typed values kept) and
// deactivates them. Allocations keep the version they were given.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { TRADE_TRACKS } from '../../../shared/codes.ts';
import { ApiError, type Versioned } from '../../api.ts';
import { aidApi, type Kit, type KitInput, type KitItemInput } from '../../api-aid.ts';
import { useSession } from '../../session.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { hasErrors, type FieldErrors } from '../../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../../hooks.ts';
import { NumberField, RupiahField, wholeNumber } from '../programme/fields.tsx';
import { formatRupiah, groupDigits, parseRupiah, pLabel } from '../programme/shared.ts';
import { aidError } from './shared.ts';

interface ItemForm {
  key: number;
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  supplier: string;
}
interface Form {
  trade: string;
  name: string;
  items: ItemForm[];
}

let nextKey = 1;
const emptyItem = (): ItemForm => ({
  key: nextKey++,
  name: '',
  quantity: '1',
  unit: 'unit',
  unitPrice: '',
  supplier: '',
});
const formFrom = (k: Kit): Form => ({
  trade: k.trade,
  name: k.name,
  items: k.items.map((i) => ({
    key: nextKey++,
    name: i.name,
    quantity: String(i.quantity),
    unit: i.unit,
    unitPrice: groupDigits(String(i.unitPrice)),
    supplier: i.supplier ?? '',
  })),
});

/** The running total while typing (integer rupiah; unparsable rows count as nothing). */
function totalOf(items: ItemForm[]): number {
  return items.reduce((sum, i) => sum + (wholeNumber(i.quantity, 1, 10_000) ?? 0) * (parseRupiah(i.unitPrice) ?? 0), 0);
}

function parse(f: Form, t: TFunction): { body: KitInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  if (!name || name.length > 120) errors.name = t('aid.kits.form.nameError');
  const items: KitItemInput[] = [];
  f.items.forEach((i, n) => {
    const itemName = i.name.trim();
    if (!itemName || itemName.length > 120) errors[`item-${n}-name`] = t('aid.kits.form.itemNameError');
    const quantity = wholeNumber(i.quantity, 1, 10_000);
    if (quantity === null) errors[`item-${n}-quantity`] = t('aid.kits.form.quantityError');
    const unit = i.unit.trim();
    if (!unit || unit.length > 20) errors[`item-${n}-unit`] = t('aid.kits.form.unitError');
    const unitPrice = parseRupiah(i.unitPrice);
    if (unitPrice === null || unitPrice > 1_000_000_000_000)
      errors[`item-${n}-unitPrice`] = t('aid.kits.form.unitPriceError');
    const supplier = i.supplier.trim();
    items.push({
      name: itemName,
      quantity: quantity ?? 1,
      unit,
      unitPrice: unitPrice ?? 0,
      ...(supplier ? { supplier } : {}),
    });
  });
  if (hasErrors(errors)) return { errors };
  return { body: { trade: f.trade as KitInput['trade'], name, items } };
}

function KitForm({
  record,
  onSaved,
  onCancel,
}: {
  record: Versioned<Kit> | null;
  onSaved(k: Kit, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(record);
  const [form, setForm] = useState<Form>(() =>
    record ? formFrom(record.item) : { trade: TRADE_TRACKS[0], name: '', items: [emptyItem()] },
  );
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));
  useEffect(() => headingRef.current?.focus(), []);
  const setItem = (n: number, patch: Partial<ItemForm>) =>
    setForm((f) => ({ ...f, items: f.items.map((i, k) => (k === n ? { ...i, ...patch } : i)) }));

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
      if (current) {
        const { name, items } = parsed.body;
        onSaved((await aidApi.kits.update(current.item.id, current.etag, { name, items })).item, false);
      } else onSaved(await aidApi.kits.create(parsed.body), true);
    } catch (err) {
      setError(err);
      // Changed meanwhile: load the latest version to save against; what was typed stays.
      if (current && err instanceof ApiError && err.code === 'stale_version') {
        try {
          setCurrent(await aidApi.kits.get(current.item.id));
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
    <form
      ref={formRef}
      className="step prog-form aid-kit-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="kit-form-title"
    >
      <h2 id="kit-form-title" ref={headingRef} tabIndex={-1}>
        {current ? t('aid.kits.form.editTitle') : t('aid.kits.form.newTitle')}
      </h2>
      {current ? <p className="note">{t('aid.kits.form.editNote', { version: current.item.version + 1 })}</p> : null}
      <ErrorAlert error={error} message={error ? aidError(error, t) : undefined} />
      {current ? (
        <p>
          <strong>{t('aid.kits.form.trade')}:</strong> {pLabel('tracks', current.item.trade, t)}
        </p>
      ) : (
        <SelectField
          id="kit-trade"
          label={t('aid.kits.form.trade')}
          value={form.trade}
          onChange={(e) => {
            const trade = e.currentTarget.value;
            setForm((f) => ({ ...f, trade }));
          }}
        >
          {TRADE_TRACKS.map((tr) => (
            <option key={tr} value={tr}>
              {pLabel('tracks', tr, t)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        id="kit-name"
        label={t('aid.kits.form.name')}
        value={form.name}
        error={fe.name}
        maxLength={120}
        onChange={(e) => {
          const name = e.currentTarget.value;
          setForm((f) => ({ ...f, name }));
        }}
      />
      <h3>{t('aid.kits.form.items')}</h3>
      <ol className="aid-kit-items">
        {form.items.map((item, n) => (
          <li key={item.key}>
            <fieldset className="aid-kit-item">
              <legend>{t('aid.kits.form.item', { n: n + 1 })}</legend>
              <TextField
                id={`item-${n}-name`}
                label={t('aid.kits.form.itemName')}
                value={item.name}
                error={fe[`item-${n}-name`]}
                maxLength={120}
                onChange={(e) => setItem(n, { name: e.currentTarget.value })}
              />
              <div className="aid-pair">
                <NumberField
                  id={`item-${n}-quantity`}
                  label={t('aid.kits.form.quantity')}
                  value={item.quantity}
                  error={fe[`item-${n}-quantity`]}
                  maxLength={5}
                  onChange={(v) => setItem(n, { quantity: v })}
                />
                <TextField
                  id={`item-${n}-unit`}
                  label={t('aid.kits.form.unit')}
                  hint={t('aid.kits.form.unitHint')}
                  value={item.unit}
                  error={fe[`item-${n}-unit`]}
                  maxLength={20}
                  onChange={(e) => setItem(n, { unit: e.currentTarget.value })}
                />
              </div>
              <RupiahField
                id={`item-${n}-unitPrice`}
                label={t('aid.kits.form.unitPrice')}
                hint={t('aid.common.rupiahHint')}
                value={item.unitPrice}
                error={fe[`item-${n}-unitPrice`]}
                onChange={(v) => setItem(n, { unitPrice: v })}
              />
              <TextField
                id={`item-${n}-supplier`}
                label={`${t('aid.kits.form.supplier')} ${t('common.optional')}`}
                value={item.supplier}
                maxLength={120}
                onChange={(e) => setItem(n, { supplier: e.currentTarget.value })}
              />
              {form.items.length > 1 ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => setForm((f) => ({ ...f, items: f.items.filter((_, k) => k !== n) }))}
                >
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
          disabled={form.items.length >= 100}
          onClick={() => setForm((f) => ({ ...f, items: [...f.items, emptyItem()] }))}
        >
          {t('aid.kits.form.addItem')}
        </button>
      </div>
      <p className="total" aria-live="polite">
        {t('aid.kits.form.total', { total: formatRupiah(totalOf(form.items)) })}
      </p>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : current ? t('aid.kits.form.submitEdit') : t('aid.kits.form.submitNew')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          {t('aid.common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function KitsPage(_props: { id?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('aid.kits.title'));
  const { can } = useSession();
  const manage = can('kit.manage');
  const [items, setItems] = useState<Kit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<'new' | Versioned<Kit> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await aidApi.kits.list());
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function startEdit(id: string) {
    setNotice(null);
    setError(null);
    try {
      setEditing(await aidApi.kits.get(id));
    } catch (err) {
      setError(err);
    }
  }

  async function setActive(k: Kit, active: boolean) {
    setNotice(null);
    setError(null);
    setBusyId(k.id);
    try {
      const fresh = await aidApi.kits.get(k.id);
      await aidApi.kits.update(k.id, fresh.etag, { active });
      setNotice(active ? t('aid.kits.activated', { name: k.name }) : t('aid.kits.deactivated', { name: k.name }));
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  }

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
        <KitForm
          key={editing === 'new' ? 'new' : editing.item.id}
          record={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(k, created) => {
            setEditing(null);
            setNotice(
              created
                ? t('aid.kits.created', { name: k.name })
                : t('aid.kits.saved', { name: k.name, version: k.version }),
            );
            void load();
          }}
        />
      ) : null}
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
              <table className="data-table aid-kits-table">
                <caption className="visually-hidden">{pLabel('tracks', tr, t)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('aid.kits.colName')}</th>
                    <th scope="col">{t('aid.kits.colVersion')}</th>
                    <th scope="col">{t('aid.kits.colItems')}</th>
                    <th scope="col">{t('aid.kits.colTotal')}</th>
                    <th scope="col">{t('aid.kits.colStatus')}</th>
                    {manage ? <th scope="col">{t('aid.kits.colActions')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {items
                    .filter((k) => k.trade === tr)
                    .map((k) => (
                      <tr key={k.id} className={k.active ? undefined : 'inactive'}>
                        <th scope="row" data-label={t('aid.kits.colName')}>
                          {k.name}
                        </th>
                        <td data-label={t('aid.kits.colVersion')}>{t('aid.common.version', { version: k.version })}</td>
                        <td data-label={t('aid.kits.colItems')}>
                          <ul className="plain-list">
                            {k.items.map((i, n) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: a kit's items have no id (name may repeat); a read-only list of the fetched kit, never reordered in place
                              <li key={n}>
                                {t('aid.kits.itemLine', { name: i.name, quantity: i.quantity, unit: i.unit })}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td data-label={t('aid.kits.colTotal')} className="num">
                          {formatRupiah(k.total)}
                        </td>
                        <td data-label={t('aid.kits.colStatus')}>
                          <span className={`badge ${k.active ? 'badge-ok' : 'badge-muted'}`}>
                            {k.active ? t('aid.kits.active') : t('aid.kits.inactive')}
                          </span>
                        </td>
                        {manage ? (
                          <td data-label={t('aid.kits.colActions')}>
                            <div className="button-row aid-row-actions">
                              <button
                                type="button"
                                className="button button-secondary button-small"
                                aria-label={t('aid.kits.editOf', { name: k.name })}
                                disabled={!!editing}
                                onClick={() => void startEdit(k.id)}
                              >
                                {t('aid.common.edit')}
                              </button>
                              <button
                                type="button"
                                className="button button-secondary button-small"
                                aria-label={
                                  k.active
                                    ? t('aid.kits.deactivateOf', { name: k.name })
                                    : t('aid.kits.activateOf', { name: k.name })
                                }
                                disabled={busyId === k.id}
                                onClick={() => void setActive(k, !k.active)}
                              >
                                {k.active ? t('aid.kits.deactivate') : t('aid.kits.activate')}
                              </button>
                            </div>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      ) : null}
    </section>
  );
}
