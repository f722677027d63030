// Region reference data (reference/regions-id*.json from idn-area-data) and the rule that no region code is
// written as a literal in src/ outside the region module.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  districtsOf,
  KAB_KOTA,
  kabKotaCode,
  loadDistricts,
  PROVINCE_CODE,
  PROVINCES,
  province,
  REGENCIES,
  REGION_DATA_SOURCE,
  regenciesOf,
  regionName,
  SCOPE_REGION_CODES,
  timeZoneOf,
} from '../src/shared/regions.ts';
import { PROVINCE_CODES } from '../src/shared/provinces.ts';

const OFFICIAL_PROVINCE_CODES =
  '11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 81 82 91 92 93 94 95 96'.split(
    ' ',
  );

describe('region reference data', () => {
  it('has all 38 provinces, each with kabupaten/kota and a time zone', () => {
    expect(PROVINCES.map((p) => p.code)).toEqual(OFFICIAL_PROVINCE_CODES);
    expect(PROVINCE_CODES).toEqual(OFFICIAL_PROVINCE_CODES);
    for (const p of PROVINCES) {
      expect(p.name.length).toBeGreaterThan(2);
      expect(regenciesOf(p.code).length, p.code).toBeGreaterThan(0);
      expect(['WIB', 'WITA', 'WIT']).toContain(p.timeZone);
      expect(timeZoneOf(p.code)?.code).toBe(p.timeZone);
    }
    expect(REGENCIES).toHaveLength(514);
    expect(REGION_DATA_SOURCE.package).toMatch(/^idn-area-data@\d+\.\d+\.\d+$/);
  });

  it('counts kabupaten/kota as the Kemendagri data does', () => {
    expect(regenciesOf('35')).toHaveLength(38); // Jawa Timur
    expect(regenciesOf('63')).toHaveLength(13); // Kalimantan Selatan
    expect(province('91')?.name).toBe('Papua');
    expect(regenciesOf('91')).toHaveLength(9);
    expect(province('94')?.name).toBe('Papua Tengah');
    expect(regenciesOf('94')).toHaveLength(8);
    expect(province('97')).toBeUndefined();
  });

  it('assigns time zones by province', () => {
    expect(timeZoneOf('35')).toEqual({ code: 'WIB', utcOffsetHours: 7, iana: 'Asia/Jakarta' });
    expect(timeZoneOf('63')).toEqual({ code: 'WITA', utcOffsetHours: 8, iana: 'Asia/Makassar' });
    expect(timeZoneOf('94')).toEqual({ code: 'WIT', utcOffsetHours: 9, iana: 'Asia/Jayapura' });
    expect(timeZoneOf('61')?.code).toBe('WIB'); // Kalimantan Barat
    expect(timeZoneOf('64')?.code).toBe('WITA'); // Kalimantan Timur
    expect(timeZoneOf('51')?.code).toBe('WITA'); // Bali
    expect(timeZoneOf('82')?.code).toBe('WIT'); // Maluku Utara
  });

  it('has well-formed codes that nest in their parents', async () => {
    const seen = new Set<string>();
    for (const r of REGENCIES) {
      expect(r.code).toMatch(/^\d{4}$/);
      expect(province(r.code.slice(0, 2)), r.code).toBeDefined();
      expect(seen.has(r.code)).toBe(false);
      seen.add(r.code);
    }
    const districts = await loadDistricts();
    expect(await loadDistricts()).toBe(districts); // loaded once
    let total = 0;
    for (const [regency, list] of districts) {
      expect(seen.has(regency), regency).toBe(true);
      for (const d of list) expect(d.code).toMatch(new RegExp(`^${regency}\\d{2}$`));
      total += list.length;
    }
    expect(total).toBe(7285);
    expect(await districtsOf('6301')).toContainEqual({ code: '630101', name: 'Takisung' });
    expect((await districtsOf('6371')).length).toBeGreaterThan(0);
  });

  it('keeps the served province and its scope regions as before', () => {
    expect(PROVINCE_CODE).toBe('63');
    expect(KAB_KOTA.map((r) => r.code)).toEqual([
      '6301',
      '6302',
      '6303',
      '6304',
      '6305',
      '6306',
      '6307',
      '6308',
      '6309',
      '6310',
      '6311',
      '6371',
      '6372',
    ]);
    expect(SCOPE_REGION_CODES[0]).toBe('63');
    expect(regionName('63')).toBe('Provinsi Kalimantan Selatan');
    expect(regionName('6372')).toBe('Kota Banjarbaru');
    expect(regionName('6401')).toBe('Kabupaten Paser'); // any province's, for a deployment of several
    expect(regionName('64')).toBe('Provinsi Kalimantan Timur');
    expect(regionName('6399')).toBe('6399');
    expect(kabKotaCode('Kota Banjarmasin')).toBe('6371');
    expect(() => kabKotaCode('Kota Samarinda')).toThrow();
  });
});

describe('no region code literals in src/', () => {
  const SRC = path.join(import.meta.dirname, '..', 'src');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
    });
  const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');
  const REGION_MODULE = 'shared/regions.ts';
  // The synthetic demo data set names its own kabupaten/kota and kecamatan, like test fixtures do.
  const FIXTURES = new Set(['server/ops/seed.ts']);

  it("writes the province as PROVINCE_CODE, never '63'", () => {
    const hits = files(SRC)
      .filter((f) => rel(f) !== REGION_MODULE)
      .flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f: rel(f), i: i + 1, line })),
      )
      .filter(({ line }) => /(['"`])63\1/.test(line));
    expect(hits).toEqual([]);
  });

  it('looks kabupaten/kota and kecamatan codes up instead of writing them', () => {
    const hits = files(SRC)
      .filter((f) => rel(f) !== REGION_MODULE && !FIXTURES.has(rel(f)))
      .flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f: rel(f), i: i + 1, line })),
      )
      .filter(
        ({ line }) =>
          /(['"`])\d{2}\d{2}(\d{2})?\1/.test(line) &&
          [...line.matchAll(/(['"`])(\d{4}|\d{6})\1/g)].some((m) => province(m[2]!.slice(0, 2))),
      );
    expect(hits).toEqual([]);
  });
});
