// Province codes (Kemendagri), from reference/regions-id.json; used to warn about unknown NIK provinces.
import { PROVINCES } from './regions.ts';

export const PROVINCE_CODES: readonly string[] = PROVINCES.map((p) => p.code);
