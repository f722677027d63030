// Partner organisations (Puskesmas, UPTD PPA, KUA, psychologists, NGOs…): everyone who may refer sees the
// list and which consent a referral to each kind needs; heads of section and administrators add and change
// them (If-Match: a change made meanwhile opens the conflict dialog instead of being overwritten).
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PARTNER_SORTS, partnerBody } from '../../shared/casework-api.ts';
import { sharingPurposeFor } from '../../shared/codes.ts';
import { regionName, scopeRegionsOf } from '../../shared/regions.ts';
import { provinceOfRegions } from '../components/regions.ts';
import { useSession, useUser } from '../session.tsx';
import { ErrorAlert, StatusMessage } from '../components/Alert.tsx';
import { newIdempotencyKey, type Reply } from '../data/client.ts';
import { useVersionedMutation } from '../data/conflict.tsx';
import { apiKey, useApi, useApiMutation } from '../data/query.ts';
import { codeParam, pageParam, useUrlState } from '../data/url-state.ts';
import { type Column, DataTable, serverPaging } from '../components/DataTable.tsx';
import { useDirtyGuard } from '../forms/dirty-guard.ts';
import { SchemaForm, useSchemaForm } from '../forms/form.tsx';
import { SelectInput, TextInput } from '../forms/fields.tsx';
import { SubmitButton } from '../forms/SubmitButton.tsx';
import { codeLabel } from '../labels.ts';
import { cwLabel, cwOptions } from '../casework-labels.ts';
import { PARTNER_KIND_LIST } from '../i18n/casework.id.ts';
import { usePageTitle } from '../hooks.ts';

type PartnerView = Reply<'GET /api/partners/:id'>;
type FormIn = z.input<typeof partnerBody>;
type FormOut = z.output<typeof partnerBody>;
type Editing = { mode: 'new' } | { mode: 'edit'; id: string };
const MAX_CONTACTS = 20;

const emptyForm = (province: string): FormIn => ({
  name: '',
  kind: '',
  regionCode: province,
  contacts: [],
  active: true,
});
const formOf = (p: PartnerView): FormIn => ({
  name: p.name,
  kind: p.kind,
  regionCode: p.regionCode,
  ...(p.address ? { address: p.address } : {}),
  contacts: p.contacts.map((c) => ({ ...c })),
  active: p.active,
});

/** The labels of the fields, for the conflict dialog. */
const FIELD_LABELS = {
  name: 'casework.partners.name',
  kind: 'casework.partners.kind',
  regionCode: 'casework.partners.region',
  address: 'casework.partners.address',
  contacts: 'casework.partners.contacts',
  active: 'casework.partners.active',
} as const;
const isLabelled = (f: string): f is keyof typeof FIELD_LABELS => f in FIELD_LABELS;

type PartnerRow = Reply<'GET /api/partners'>['items'][number];
const PARTNERS_PAGE = 50;
/** The list's address: the server's order and the page. */
const PARTNERS_URL = { sort: codeParam(PARTNER_SORTS, 'name'), page: pageParam() };

export function PartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t('casework.partners.title'));
  const { can } = useSession();
  const mayManage = can('partner.manage');
  const [url, setUrl] = useUrlState(PARTNERS_URL);
  // One page in the order chosen, sorted and paged by the server; the previous page stays while the next loads.
  const list = useApi(
    'GET /api/partners',
    { query: { sort: url.sort, page: url.page, pageSize: PARTNERS_PAGE } },
    { placeholderData: keepPreviousData },
  );
  const items = list.data?.items;
  const error = list.error;
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const columns: Column<PartnerRow>[] = [
    {
      id: 'name',
      header: t('casework.partners.colName'),
      rowHeader: true,
      sort: true,
      cell: (p) => p.name,
    },
    {
      id: 'kind',
      header: t('casework.partners.colKind'),
      hideable: true,
      sort: true,
      cell: (p) => cwLabel('partnerKinds', p.kind, t),
    },
    {
      id: 'region',
      header: t('casework.partners.colRegion'),
      hideable: true,
      sort: true,
      cell: (p) => regionName(p.regionCode),
    },
    {
      id: 'consent',
      header: t('casework.partners.colConsent'),
      hideable: true,
      cell: (p) => codeLabel('purposes', p.sharingPurpose, t),
    },
    {
      id: 'contacts',
      header: t('casework.partners.colContacts'),
      hideable: true,
      cell: (p) =>
        p.contacts.length === 0
          ? t('common.none')
          : p.contacts.map((c) => [c.name, c.role, c.phone, c.email].filter(Boolean).join(', ')).join('; '),
    },
    {
      id: 'status',
      header: t('casework.partners.colStatus'),
      sort: true,
      cell: (p) => (
        <span className={`badge ${p.active ? 'badge-ok' : 'badge-muted'}`}>
          {p.active ? t('status.active') : t('status.inactive')}
        </span>
      ),
    },
    ...(mayManage
      ? [
          {
            id: 'action',
            header: t('casework.partners.colAction'),
            cell: (p: PartnerRow) => (
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={t('casework.partners.editLabel', { name: p.name })}
                onClick={() => startEdit(p)}
              >
                {t('casework.partners.edit')}
              </button>
            ),
          },
        ]
      : []),
  ];

  function startEdit(p: { id: string }) {
    setNotice(null);
    setEditing({ mode: 'edit', id: p.id });
  }

  return (
    <section className="partners">
      <div className="page-heading">
        <h1>{t('casework.partners.title')}</h1>
        {mayManage && !editing ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
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

      {editing?.mode === 'new' ? (
        <PartnerForm
          base={null}
          onDone={(text) => {
            setNotice(text);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : editing?.mode === 'edit' ? (
        <EditPartner
          key={editing.id}
          id={editing.id}
          onDone={(text) => {
            setNotice(text);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <DataTable
        id="partners"
        caption={t('casework.partners.title')}
        {...serverPaging(list, url, setUrl, PARTNERS_PAGE)}
        columns={columns}
        rows={items}
        rowKey={(p) => p.id}
        rowClassName={(p) => (p.active ? undefined : 'inactive')}
        tableClassName="partner-table"
        columnChooser
        empty={<p>{t('casework.partners.empty')}</p>}
      />
    </section>
  );
}

/** The partner as it is now, read before her changes: the version they are based on. */
function EditPartner({ id, onDone, onCancel }: { id: string; onDone(text: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const partner = useApi('GET /api/partners/:id', { params: { id } }, { staleTime: 0 });
  if (!partner.data) {
    return partner.error ? (
      <div className="panel">
        <ErrorAlert error={partner.error} />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    ) : (
      <p role="status">{t('app.loading')}</p>
    );
  }
  return <PartnerForm base={partner.data} onDone={onDone} onCancel={onCancel} />;
}

function PartnerForm({
  base: opened,
  onDone,
  onCancel,
}: {
  /** The partner being changed (as opened), or null for a new one. */
  base: PartnerView | null;
  onDone(text: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const province = provinceOfRegions(useUser().regions);
  const [base, setBase] = useState(opened);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // One key per submission of a new partner: a retry after a lost answer adds her once.
  const idempotencyKey = useRef(newIdempotencyKey());
  useEffect(() => heading.current?.focus(), []);
  const messages = useMemo(() => {
    const m: Record<string, string> = {
      name: t('casework.partners.invalid.name'),
      kind: t('casework.partners.invalid.kind'),
      regionCode: t('casework.partners.invalid.regionCode'),
      address: t('casework.partners.invalid.address'),
    };
    for (let i = 0; i < MAX_CONTACTS; i++) {
      m[`contacts.${i}.name`] = t('casework.partners.invalid.contactName');
      m[`contacts.${i}.email`] = t('casework.partners.invalid.contactEmail');
      m[`contacts.${i}.phone`] = t('casework.partners.invalid.contactPhone');
    }
    return m;
  }, [t]);
  const form = useSchemaForm(partnerBody, {
    values: useMemo(() => (base ? formOf(base) : emptyForm(province)), [base, province]),
    messages,
  });
  const contacts = useFieldArray({ control: form.control, name: 'contacts' });
  const { confirmLeave } = useDirtyGuard(form.formState.isDirty);
  const kind = form.watch('kind');
  const create = useApiMutation('POST /api/partners');
  const update = useVersionedMutation('PATCH /api/partners/:id', {
    labelOf: (field) => (isLabelled(field) ? t(FIELD_LABELS[field]) : field),
    format: (field, value) => {
      if (field === 'kind' && typeof value === 'string') return cwLabel('partnerKinds', value, t);
      if (field === 'regionCode' && typeof value === 'string') return regionName(value);
      if (field === 'active') return value ? t('status.active') : t('status.inactive');
      if (field === 'contacts' && Array.isArray(value))
        return value
          .map((c: Record<string, unknown>) => [c.name, c.role, c.phone, c.email].filter(Boolean).join(', '))
          .join('; ');
      return String(value);
    },
  });

  async function save(values: FormOut) {
    if (!base) {
      await create.mutateAsync({ body: values, idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newIdempotencyKey();
      form.reset(values);
      onDone(t('casework.partners.created'));
      return;
    }
    const args = { params: { id: base.id } };
    const result = await update.save({
      call: { ...args, body: values },
      base,
      record: { key: 'GET /api/partners/:id', args },
    });
    if (result.outcome === 'saved') {
      form.reset(values);
      onDone(t('casework.partners.saved'));
      return;
    }
    // She chose the latest version: the form shows it.
    const fresh = client.getQueryData<PartnerView>(apiKey('GET /api/partners/:id', args));
    if (fresh) setBase(fresh);
  }

  return (
    <SchemaForm
      form={form}
      onSubmit={save}
      onError={setError}
      pending={create.isPending || update.isPending}
      className="form panel"
    >
      <h2 ref={heading} tabIndex={-1}>
        {base ? t('casework.partners.formEdit', { name: base.name }) : t('casework.partners.formNew')}
      </h2>
      <ErrorAlert key={form.formState.submitCount} error={error} />
      <TextInput
        name="name"
        control={form.control}
        id="partner-name"
        label={t('casework.partners.name')}
        maxLength={200}
        required
      />
      <SelectInput
        name="kind"
        control={form.control}
        id="partner-kind"
        label={t('casework.partners.kind')}
        hint={
          kind
            ? t('casework.partners.needsConsent', {
                purpose: codeLabel('purposes', sharingPurposeFor(kind) ?? 'SHARING_NGO', t),
              })
            : undefined
        }
        required
      >
        <option value="">{t('casework.partners.chooseKind')}</option>
        {cwOptions('partnerKinds', PARTNER_KIND_LIST, t).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectInput>
      <SelectInput
        name="regionCode"
        control={form.control}
        id="partner-region"
        label={t('casework.partners.region')}
        required
      >
        {scopeRegionsOf(province).map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </SelectInput>
      <TextInput
        name="address"
        control={form.control}
        id="partner-address"
        label={t('casework.partners.address')}
        maxLength={300}
      />
      <fieldset className="field">
        <legend>{t('casework.partners.contacts')}</legend>
        {contacts.fields.map((c, i) => (
          <fieldset key={c.id} className="subpanel">
            <legend>{t('casework.partners.contactN', { n: i + 1 })}</legend>
            <TextInput
              name={`contacts.${i}.name`}
              control={form.control}
              id={`contact-${i}-name`}
              label={t('casework.partners.contactName')}
              maxLength={120}
            />
            <TextInput
              name={`contacts.${i}.role`}
              control={form.control}
              id={`contact-${i}-role`}
              label={t('casework.partners.contactRole')}
              maxLength={120}
            />
            <TextInput
              name={`contacts.${i}.phone`}
              control={form.control}
              id={`contact-${i}-phone`}
              type="tel"
              label={t('casework.partners.contactPhone')}
              maxLength={30}
            />
            <TextInput
              name={`contacts.${i}.email`}
              control={form.control}
              id={`contact-${i}-email`}
              type="email"
              label={t('casework.partners.contactEmail')}
            />
            <button type="button" className="button button-secondary button-small" onClick={() => contacts.remove(i)}>
              {t('casework.partners.removeContact', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={contacts.fields.length >= MAX_CONTACTS}
          onClick={() => contacts.append({ name: '' })}
        >
          {t('casework.partners.addContact')}
        </button>
      </fieldset>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" id="partner-active" {...form.register('active')} />
          <span>{t('casework.partners.active')}</span>
        </label>
      </div>
      <div className="button-row">
        <SubmitButton busyLabel={t('common.saving')}>{t('casework.partners.save')}</SubmitButton>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            if (confirmLeave()) onCancel();
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </SchemaForm>
  );
}
