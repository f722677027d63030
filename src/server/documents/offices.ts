// The office of each province as its printed papers name it (the kop surat) and the time zone its people live by.
// One deployment serves several provinces: a paper takes the letterhead of the province of the record it prints
// (a participant's or a cohort's region), a report that of its asker's province, and the national report the
// ministry's. Every province has a default derived from the region reference data; the home province keeps the
// office's own lines; an operator overrides any line of any province in a JSON file (BERDAYA_OFFICES_FILE).
import { NATION_CODE, PROVINCE_CODE, province, provinceOfRegion } from '../../shared/regions.ts';
import { zoneOfProvince, type Zone } from '../../shared/calendar.ts';
import type { OfficeOverrides } from '../env.ts';

/** The lines of a letterhead, the place a paper is signed in, and the zone its dates are written in. */
export interface Office {
  /** The province code, or NATION_CODE for the ministry. */
  code: string;
  /** "Provinsi Kalimantan Selatan", or "Nasional": how a report names the area it covers. */
  area: string;
  /** "PEMERINTAH PROVINSI KALIMANTAN SELATAN". */
  government: string;
  /** "DINAS SOSIAL". */
  office: string;
  section: string;
  /** Address, telephone, e-mail and website as one printed line. */
  address: string;
  /** Where papers are signed ("Banjarbaru, 7 Desember 2026"). */
  city: string;
  zone: Zone;
}

const SECTION = 'Seksi Rehabilitasi Sosial Tuna Sosial dan Korban Perdagangan Orang';

/** The home province's office, printed as it always has been. */
const HOME: Omit<Office, 'code' | 'area' | 'zone'> = {
  government: 'PEMERINTAH PROVINSI KALIMANTAN SELATAN',
  office: 'DINAS SOSIAL',
  section: SECTION,
  address: 'Jl. Letjen R. Soeprapto No. 8, Banjarbaru, Kalimantan Selatan',
  city: 'Banjarbaru',
};

function defaults(code: string): Office {
  if (code === NATION_CODE) {
    return {
      code,
      area: 'Nasional',
      government: 'REPUBLIK INDONESIA',
      office: 'KEMENTERIAN SOSIAL',
      section: 'Direktorat Rehabilitasi Sosial',
      address: 'Jakarta',
      city: 'Jakarta',
      // The ministry sits in Jakarta.
      zone: 'Asia/Jakarta',
    };
  }
  const name = province(code)!.name;
  const base =
    code === PROVINCE_CODE
      ? HOME
      : {
          government: `PEMERINTAH PROVINSI ${name.toUpperCase()}`,
          office: 'DINAS SOSIAL',
          section: SECTION,
          address: `Provinsi ${name}`,
          city: name,
        };
  return { code, area: `Provinsi ${name}`, ...base, zone: zoneOfProvince(code) };
}

const cache = new WeakMap<OfficeOverrides, Map<string, Office>>();
const none: OfficeOverrides = {};

/**
 * The office of the province a region code lies in (a province code, a kabupaten/kota code, or NATION_CODE for
 * the ministry), with the operator's lines over the defaults. An unknown code is the home province's.
 */
export function officeOf(region: string, overrides: OfficeOverrides = none): Office {
  const code = region === NATION_CODE ? NATION_CODE : (provinceOfRegion(region) ?? PROVINCE_CODE);
  let byCode = cache.get(overrides);
  if (!byCode) {
    byCode = new Map();
    cache.set(overrides, byCode);
  }
  let office = byCode.get(code);
  if (!office) {
    office = Object.freeze({ ...defaults(code), ...overrides[code] });
    byCode.set(code, office);
  }
  return office;
}

/** The home province's office (a single-province deployment's only one). */
export const HOME_OFFICE: Office = officeOf(PROVINCE_CODE);
