// Region codes (Kemendagri) of South Kalimantan used for staff scope and record regions.
// Source: reference/kalsel-regions.csv (Kemendagri decree 2025). Province code 63 means "the whole province".
export const PROVINCE_CODE = '63';

export const KAB_KOTA = [
  { code: '6301', name: 'Kabupaten Tanah Laut' },
  { code: '6302', name: 'Kabupaten Kotabaru' },
  { code: '6303', name: 'Kabupaten Banjar' },
  { code: '6304', name: 'Kabupaten Barito Kuala' },
  { code: '6305', name: 'Kabupaten Tapin' },
  { code: '6306', name: 'Kabupaten Hulu Sungai Selatan' },
  { code: '6307', name: 'Kabupaten Hulu Sungai Tengah' },
  { code: '6308', name: 'Kabupaten Hulu Sungai Utara' },
  { code: '6309', name: 'Kabupaten Tabalong' },
  { code: '6310', name: 'Kabupaten Tanah Bumbu' },
  { code: '6311', name: 'Kabupaten Balangan' },
  { code: '6371', name: 'Kota Banjarmasin' },
  { code: '6372', name: 'Kota Banjarbaru' },
] as const;

export const SCOPE_REGIONS = [{ code: PROVINCE_CODE, name: 'Provinsi Kalimantan Selatan' }, ...KAB_KOTA] as const;
export const SCOPE_REGION_CODES: readonly string[] = SCOPE_REGIONS.map((r) => r.code);

export function regionName(code: string): string {
  return SCOPE_REGIONS.find((r) => r.code === code)?.name ?? code;
}
