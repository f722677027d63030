// The regions an administrator can hand out: her whole province when she holds it, else her own.
import { scopeRegionsOf } from '../../shared/regions.ts';

/** The province of a staff member's regions (their first two digits; every region of hers lies in it). */
export const provinceOfRegions = (regions: readonly string[]): string => (regions[0] ?? '').slice(0, 2);

export function assignableRegions(actorRegions: readonly string[]): { value: string; label: string }[] {
  const province = provinceOfRegions(actorRegions);
  const provinceWide = actorRegions.includes(province);
  return scopeRegionsOf(province)
    .filter((r) => provinceWide || (r.code !== province && actorRegions.some((a) => r.code.startsWith(a))))
    .map((r) => ({ value: r.code, label: r.name }));
}
