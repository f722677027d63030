// Partner organisations (Puskesmas, UPTD PPA, KUA, psychologists, NGOs…): everyone who may refer sees the
// list and which consent a referral to each kind needs; heads of section and administrators add and change
// them (If-Match, so a change made meanwhile is not overwritten).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sharingPurposeFor } from '../../shared/codes.ts';
import { PROVINCE_CODE, regionName, SCOPE_REGIONS } from '../../shared/regions.ts';
import { ApiError } from '../api.ts';
import { casework, type PartnerInput, type PartnerView } from '../api-casework.ts';
import { useSession } from '../session.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { codeLabel } from '../labels.ts';
import { cwLabel, cwOptions } from '../casework-labels.ts';
import { PARTNER_KIND_LIST } from '../i18n/casework.id.ts';
import { hasErrors, type FieldErrors } from '../errors.ts';
import { useFocusFirstInvalid, usePageTitle } from '../hooks.ts';

interface ContactRow {
  name: string;
  role: string;
  phone: string;
  email: string;
}
interface Form {
  name: string;
  kind: string;
  regionCode: string;
  address: string;
  contacts: ContactRow[];
  active: boolean;
}
type Editing = { mode: 'new' } | { mode: 'edit'; id: string; etag: string; name: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emptyForm = (): Form => ({
  name: '',
  kind: '',
  regionCode: PROVINCE_CODE,
  address: '',
  contacts: [],
  active: true,
});
const formOf = (p: PartnerView): Form => ({
  name: p.name,
  kind: p.kind,
  regionCode: p.regionCode,
  address: p.address ?? '',
  contacts: p.contacts.map((c) => ({ name: c.name, role: c.role ?? '', phone: c.phone ?? '', email: c.email ?? '' })),
  active: p.active,
});

export function PartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t('casework.partners.title'));
  const { can } = useSession();
  const mayManage = can('partner.manage');
  const [items, setItems] = useState<PartnerView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState<Form>(emptyForm);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  useFocusFirstInvalid(formRef, attempt, hasErrors(fieldErrors));

  const load = useCallback(async () => {
    try {
      setItems(await casework.partners.list());
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (editing) formHeading.current?.focus();
  }, [editing]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setContact = (i: number, k: keyof ContactRow, v: string) =>
    setForm((f) => ({ ...f, contacts: f.contacts.map((c, j) => (j === i ? { ...c, [k]: v } : c)) }));

  async function startEdit(p: PartnerView) {
    setNotice(null);
    setError(null);
    setFieldErrors({});
    try {
      const fresh = await casework.partners.get(p.id);
      setForm(formOf(fresh.item));
      setEditing({ mode: 'edit', id: p.id, etag: fresh.etag, name: fresh.item.name });
    } catch (err) {
      setError(err);
    }
  }

  function localErrors(): FieldErrors {
    const out: FieldErrors = {};
    const name = form.name.trim();
    if (!name || name.length > 200) out.name = t('casework.partners.invalid.name');
    if (!form.kind) out.kind = t('casework.partners.invalid.kind');
    if (!form.regionCode) out.regionCode = t('casework.partners.invalid.regionCode');
    if (form.address.trim().length > 300) out.address = t('casework.partners.invalid.address');
    form.contacts.forEach((c, i) => {
      if (!c.name.trim()) out[`contact-${i}-name`] = t('casework.partners.invalid.contactName');
      if (c.email.trim() && !EMAIL.test(c.email.trim()))
        out[`contact-${i}-email`] = t('casework.partners.invalid.contactEmail');
      if (c.phone.trim().length > 30) out[`contact-${i}-phone`] = t('casework.partners.invalid.contactPhone');
    });
    return out;
  }

  function bodyOf(): PartnerInput {
    const opt = (v: string) => v.trim() || undefined;
    return {
      name: form.name.trim(),
      kind: form.kind,
      regionCode: form.regionCode,
      ...(opt(form.address) ? { address: form.address.trim() } : {}),
      contacts: form.contacts.map((c) => ({
        name: c.name.trim(),
        ...(opt(c.role) ? { role: c.role.trim() } : {}),
        ...(opt(c.phone) ? { phone: c.phone.trim() } : {}),
        ...(opt(c.email) ? { email: c.email.trim() } : {}),
      })),
      active: form.active,
    };
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    setAttempt((a) => a + 1);
    setError(null);
    setNotice(null);
    const local = localErrors();
    setFieldErrors(local);
    if (hasErrors(local)) return;
    setBusy(true);
    try {
      if (editing.mode === 'new') {
        await casework.partners.create(bodyOf());
        setNotice(t('casework.partners.created'));
      } else {
        await casework.partners.update(editing.id, editing.etag, bodyOf());
        setNotice(t('casework.partners.saved'));
      }
      setEditing(null);
      await load();
    } catch (err) {
      setError(err);
      if (editing.mode === 'edit' && err instanceof ApiError && err.code === 'stale_version') {
        // Someone changed it meanwhile: take the new version (so the next save can go through), keep what was typed.
        try {
          const fresh = await casework.partners.get(editing.id);
          setEditing({ ...editing, etag: fresh.etag, name: fresh.item.name });
          await load();
        } catch {
          // The error above is already shown.
        }
      }
    } finally {
      setBusy(false);
    }
  }

  const staleText =
    error instanceof ApiError && error.code === 'stale_version' ? t('casework.partners.stale') : undefined;

  return (
    <section className="partners">
      <div className="page-heading">
        <h1>{t('casework.partners.title')}</h1>
        {mayManage && !editing ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setForm(emptyForm());
              setFieldErrors({});
              setNotice(null);
              setError(null);
              setEditing({ mode: 'new' });
            }}
          >
            {t('casework.partners.add')}
          </button>
        ) : null}
      </div>
      <p className="lead">{t('casework.partners.intro')}</p>
      {notice ? <StatusMessage tone="success">{notice}</StatusMessage> : null}
      {!editing ? <ErrorAlert error={error} /> : null}

      {editing ? (
        <form ref={formRef} onSubmit={save} noValidate className="form panel">
          <h2 ref={formHeading} tabIndex={-1}>
            {editing.mode === 'new'
              ? t('casework.partners.formNew')
              : t('casework.partners.formEdit', { name: editing.name })}
          </h2>
          <ErrorAlert key={attempt} error={error} message={staleText} />
          <TextField
            id="partner-name"
            label={t('casework.partners.name')}
            error={fieldErrors.name}
            value={form.name}
            maxLength={200}
            onChange={(e) => set('name', e.currentTarget.value)}
            required
          />
          <SelectField
            id="partner-kind"
            label={t('casework.partners.kind')}
            hint={
              form.kind
                ? t('casework.partners.needsConsent', {
                    purpose: codeLabel('purposes', sharingPurposeFor(form.kind) ?? 'SHARING_NGO', t),
                  })
                : undefined
            }
            error={fieldErrors.kind}
            value={form.kind}
            onChange={(e) => set('kind', e.currentTarget.value)}
            required
          >
            <option value="">{t('casework.partners.chooseKind')}</option>
            {cwOptions('partnerKinds', PARTNER_KIND_LIST, t).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="partner-region"
            label={t('casework.partners.region')}
            error={fieldErrors.regionCode}
            value={form.regionCode}
            onChange={(e) => set('regionCode', e.currentTarget.value)}
            required
          >
            {SCOPE_REGIONS.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </SelectField>
          <TextField
            id="partner-address"
            label={t('casework.partners.address')}
            error={fieldErrors.address}
            value={form.address}
            maxLength={300}
            onChange={(e) => set('address', e.currentTarget.value)}
          />
          <fieldset className="field">
            <legend>{t('casework.partners.contacts')}</legend>
            {form.contacts.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: contact rows being edited have no id; their fields are controlled and their ids are positional (contact-${i}-name)
              <fieldset key={i} className="subpanel">
                <legend>{t('casework.partners.contactN', { n: i + 1 })}</legend>
                <TextField
                  id={`contact-${i}-name`}
                  label={t('casework.partners.contactName')}
                  error={fieldErrors[`contact-${i}-name`]}
                  value={c.name}
                  maxLength={120}
                  onChange={(e) => setContact(i, 'name', e.currentTarget.value)}
                />
                <TextField
                  id={`contact-${i}-role`}
                  label={t('casework.partners.contactRole')}
                  value={c.role}
                  maxLength={120}
                  onChange={(e) => setContact(i, 'role', e.currentTarget.value)}
                />
                <TextField
                  id={`contact-${i}-phone`}
                  type="tel"
                  label={t('casework.partners.contactPhone')}
                  error={fieldErrors[`contact-${i}-phone`]}
                  value={c.phone}
                  maxLength={30}
                  onChange={(e) => setContact(i, 'phone', e.currentTarget.value)}
                />
                <TextField
                  id={`contact-${i}-email`}
                  type="email"
                  label={t('casework.partners.contactEmail')}
                  error={fieldErrors[`contact-${i}-email`]}
                  value={c.email}
                  onChange={(e) => setContact(i, 'email', e.currentTarget.value)}
                />
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() =>
                    set(
                      'contacts',
                      form.contacts.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('casework.partners.removeContact', { n: i + 1 })}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={form.contacts.length >= 20}
              onClick={() => set('contacts', [...form.contacts, { name: '', role: '', phone: '', email: '' }])}
            >
              {t('casework.partners.addContact')}
            </button>
          </fieldset>
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                name="partner-active"
                checked={form.active}
                onChange={(e) => set('active', e.currentTarget.checked)}
              />
              <span>{t('casework.partners.active')}</span>
            </label>
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('casework.partners.save')}
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}

      {items === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : items.length === 0 ? (
        <p>{t('casework.partners.empty')}</p>
      ) : (
        <table className="data-table partner-table">
          <caption className="visually-hidden">{t('casework.partners.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('casework.partners.colName')}</th>
              <th scope="col">{t('casework.partners.colKind')}</th>
              <th scope="col">{t('casework.partners.colRegion')}</th>
              <th scope="col">{t('casework.partners.colConsent')}</th>
              <th scope="col">{t('casework.partners.colContacts')}</th>
              <th scope="col">{t('casework.partners.colStatus')}</th>
              {mayManage ? <th scope="col">{t('casework.partners.colAction')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} className={p.active ? undefined : 'inactive'}>
                <th scope="row" data-label={t('casework.partners.colName')}>
                  {p.name}
                </th>
                <td data-label={t('casework.partners.colKind')}>{cwLabel('partnerKinds', p.kind, t)}</td>
                <td data-label={t('casework.partners.colRegion')}>{regionName(p.regionCode)}</td>
                <td data-label={t('casework.partners.colConsent')}>{codeLabel('purposes', p.sharingPurpose, t)}</td>
                <td data-label={t('casework.partners.colContacts')}>
                  {p.contacts.length === 0
                    ? t('common.none')
                    : p.contacts.map((c) => [c.name, c.role, c.phone, c.email].filter(Boolean).join(', ')).join('; ')}
                </td>
                <td data-label={t('casework.partners.colStatus')}>
                  <span className={`badge ${p.active ? 'badge-ok' : 'badge-muted'}`}>
                    {p.active ? t('status.active') : t('status.inactive')}
                  </span>
                </td>
                {mayManage ? (
                  <td data-label={t('casework.partners.colAction')}>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={t('casework.partners.editLabel', { name: p.name })}
                      onClick={() => void startEdit(p)}
                    >
                      {t('casework.partners.edit')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
