// Words for what the audit log records, in the current language: action codes, kinds of record, an event's
// detail. A code the catalogue does not know yet is shown as it is rather than hidden. Pure (no React), so the
// tests read the screen's words through these same functions.
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../shared/api.ts';
import type { ConsentPurpose } from '../shared/codes.ts';
import { regionName } from '../shared/regions.ts';
import type { Role } from '../shared/roles.ts';
import { id } from './i18n/id.ts';
import {
  type ActionKey,
  auditLabelsId,
  type DetailKey,
  type DocumentKind,
  type ResourceTypeKey,
} from './i18n/audit.id.ts';

// The shell's words (roles, codes) and the audit area's labels, as tables of what has words.
const catalogue = { ...id, audit: { ...id.audit, ...auditLabelsId } };

/** The action codes the catalogue labels, for the suggestions list ('auth.login' ↔ key 'auth_login'). */
export const ACTION_CODES = Object.keys(catalogue.audit.actions).map((k) => k.replace('_', '.'));
/** The kinds of record the catalogue labels, for the filter. */
export const RESOURCE_TYPES = Object.keys(catalogue.audit.resourceTypes);

/** The words for an action code ('auth.login' ↔ key 'auth_login'); a code the catalogue lacks is shown as it is. */
export function actionLabel(code: string, t: TFunction): string {
  const key = code.replace('.', '_');
  return Object.hasOwn(catalogue.audit.actions, key) ? t(`audit.actions.${key as ActionKey}`) : code;
}

/** The words for the kind of record an event names ('follow_up' → "Tindak lanjut"). */
export function resourceTypeLabel(type: string, t: TFunction): string {
  return Object.hasOwn(catalogue.audit.resourceTypes, type)
    ? t(`audit.resourceTypes.${type as ResourceTypeKey}`)
    : type;
}

export function outcomeLabel(outcome: string, t: TFunction): string {
  return outcome === 'success' || outcome === 'failure' || outcome === 'denied'
    ? t(`audit.outcomes.${outcome}`)
    : outcome;
}

/** One code of a detail in words, where its key says which codes it holds; anything else as it is. */
function detailCode(key: string, v: string, t: TFunction): string {
  if (key === 'kind' && Object.hasOwn(catalogue.audit.documentKinds, v))
    return t(`audit.documentKinds.${v as DocumentKind}`);
  if (key === 'role' && Object.hasOwn(catalogue.roles, v)) return t(`roles.${v as Role}`);
  if ((key === 'region' || key === 'regions') && /^\d+$/.test(v)) return regionName(v);
  if ((key === 'purpose' || key === 'consents') && Object.hasOwn(catalogue.codes.purposes, v))
    return t(`codes.purposes.${v as ConsentPurpose}`);
  return v;
}

function detailValue(key: string, v: unknown, t: TFunction): string {
  if (typeof v === 'boolean') return v ? t('audit.yes') : t('audit.no');
  if (typeof v === 'string') return detailCode(key, v, t);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? detailCode(key, x, t) : String(x))).join(', ');
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** "Jumlah: 1; Jenis: Rencana intervensi": each detail key in words where the catalogue has them. */
export function detailText(d: AuditEntry['detail'], t: TFunction): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => {
      const label = Object.hasOwn(catalogue.audit.detailKeys, k) ? t(`audit.detailKeys.${k as DetailKey}`) : k;
      return `${label}: ${detailValue(k, v, t)}`;
    })
    .join('; ');
}
