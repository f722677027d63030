// Words for the follow-up codes (contact method, business, income band, risk…) in the current language, and
// the small formatters the follow-up screens share. A code the catalogue does not know is shown as it is.
import type { ParseKeys, TFunction } from 'i18next';
import { INCOME_BANDS } from '../../../shared/codes.ts';
import { followupId } from '../../i18n/followup.id.ts';
import { currentLocale } from '../../i18n/index.ts';
import { formatRupiah } from '../../format.ts';

export type FollowUpGroup = keyof typeof followupId.followup.codes;

export function fuLabel(group: FollowUpGroup, code: string | number | null | undefined, t: TFunction): string {
  if (code === null || code === undefined || code === '') return t('common.none');
  const table: Record<string, string> = followupId.followup.codes[group];
  const key = String(code);
  return Object.hasOwn(table, key) ? t(`followup.codes.${group}.${key}` as ParseKeys) : key;
}

export function fuOptions<C extends string>(
  group: FollowUpGroup,
  codes: readonly C[],
  t: TFunction,
): { value: C; label: string }[] {
  return codes.map((c) => ({ value: c, label: fuLabel(group, c, t) }));
}

/** "Rp 1.000.000 – Rp 1.999.999", from the shared bands (so labels follow the server's bands). */
export function incomeBandLabel(code: string, t: TFunction): string {
  const i = INCOME_BANDS.findIndex((b) => b.code === code);
  if (i < 0) return code;
  const band = INCOME_BANDS[i]!;
  if (band.max <= 0) return t('followup.income.none');
  const from = i > 0 ? INCOME_BANDS[i - 1]!.max + 1 : 0;
  if (from <= 1) return t('followup.income.under', { to: formatRupiah(band.max + 1) });
  if (band.max >= Number.MAX_SAFE_INTEGER) return t('followup.income.over', { from: formatRupiah(from) });
  return t('followup.income.range', { from: formatRupiah(from), to: formatRupiah(band.max) });
}

/** 0.25 → "25%" in the current language. */
export function formatShare(share: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** Whole days from one calendar date (YYYY-MM-DD) to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
