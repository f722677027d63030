// Words for the domain codes the server sends (stages, consent purposes, note types…), in the current
// language. A code the catalogue does not know yet is shown as it is rather than hidden.
import type { ParseKeys, TFunction } from 'i18next';
import { CATEGORIES, CONSENT_PURPOSES, REQUIRED_CONSENTS, type ConsentPurpose } from '../shared/codes.ts';
import { regenciesOf } from '../shared/regions.ts';
import { ROLES, type Role } from '../shared/roles.ts';
import { id as catalogue } from './i18n/id.ts';
import { currentLanguage } from './i18n/index.ts';
import { pseudoWords } from './i18n/pseudo.ts';

export type CodeGroup = keyof typeof catalogue.codes;

/** The label of a code of one group, e.g. codeLabel('stages', 'ASESMEN', t) → "Asesmen". */
export function codeLabel(group: CodeGroup, code: string | null | undefined, t: TFunction): string {
  if (!code) return t('common.none');
  const table: Record<string, string> = catalogue.codes[group];
  return Object.hasOwn(table, code) ? t(`codes.${group}.${code}` as ParseKeys) : code;
}

/** Category labels come with the codes themselves (respectful wording in both languages). */
export function categoryLabel(code: string): string {
  const c = CATEGORIES.find((x) => x.code === code);
  if (!c) return code;
  return pseudoWords(currentLanguage() === 'en' ? c.en : c.id);
}

/** Options of a code group, in the order of the shared list. */
export function codeOptions<C extends string>(
  group: CodeGroup,
  codes: readonly C[],
  t: TFunction,
): { value: C; label: string }[] {
  return codes.map((c) => ({ value: c, label: codeLabel(group, c, t) }));
}

export const isRequiredConsent = (p: string) => (REQUIRED_CONSENTS as readonly string[]).includes(p);
export const isConsentPurpose = (p: string): p is ConsentPurpose => (CONSENT_PURPOSES as readonly string[]).includes(p);

/** Kabupaten/kota a user may register in or filter by: all of them for the whole province, else her own. */
export function userKabKota(regions: readonly string[]): { code: string; name: string }[] {
  const province = (regions[0] ?? '').slice(0, 2);
  const provinceWide = regions.includes(province);
  return regenciesOf(province)
    .filter((r) => provinceWide || regions.some((a) => r.code.startsWith(a)))
    .map((r) => ({
      code: r.code,
      name: r.name,
    }));
}

export function roleLabel(role: string, t: TFunction): string {
  return (ROLES as readonly string[]).includes(role) ? t(`roles.${role as Role}`) : role;
}
