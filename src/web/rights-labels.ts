// Words for data-subject requests' codes (what she asks for, where a request stands, an erasure's ground), in the
// current language; a code the catalogue does not know is shown as it is.
import type { ParseKeys, TFunction } from 'i18next';
import { rightsId as catalogue } from './i18n/rights.id.ts';

type Group = 'kinds' | 'statuses' | 'grounds';

export function rightsLabel(group: Group, code: string | null | undefined, t: TFunction): string {
  if (!code) return t('common.none');
  const table: Record<string, string> = catalogue.rights[group];
  return Object.hasOwn(table, code) ? t(`rights.${group}.${code}` as ParseKeys) : code;
}
