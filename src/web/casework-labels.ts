// Words for the casework codes (outreach, assessment, plan, referral, partner), in the current language.
// A code the catalogue does not know is shown as it is rather than hidden.
import type { ParseKeys, TFunction } from 'i18next';
import { caseworkId, type CaseworkCodes } from './i18n/casework.id.ts';
import { currentLocale } from './i18n/index.ts';

export type CaseworkGroup = keyof CaseworkCodes;

export function cwLabel(group: CaseworkGroup, code: string | null | undefined, t: TFunction): string {
  if (!code) return t('common.none');
  const table: Record<string, string> = caseworkId.casework.codes[group];
  return Object.hasOwn(table, code) ? t(`casework.codes.${group}.${code}` as ParseKeys) : code;
}

export function cwOptions<C extends string>(
  group: CaseworkGroup,
  codes: readonly C[],
  t: TFunction,
): { value: C; label: string }[] {
  return codes.map((c) => ({ value: c, label: cwLabel(group, c, t) }));
}

export { formatRupiah } from './format.ts';

/** "November 2026" for a YYYY-MM month. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(d);
}

/** The outreach prospect a registration comes from (?prospect=<uuid>), or '' when there is none. */
export function prospectParam(search: string): string {
  const v = new URLSearchParams(search).get('prospect') ?? '';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : '';
}
