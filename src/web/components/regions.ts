// The regions an administrator can hand out: the whole province when they hold it, else their own.
import { PROVINCE_CODE, SCOPE_REGIONS } from '../../shared/regions.ts';

export function assignableRegions(actorRegions: readonly string[]): { value: string; label: string }[] {
  const provinceWide = actorRegions.includes(PROVINCE_CODE);
  return SCOPE_REGIONS.filter(
    (r) => provinceWide || (r.code !== PROVINCE_CODE && actorRegions.some((a) => r.code.startsWith(a))),
  ).map((r) => ({ value: r.code, label: r.name }));
}
