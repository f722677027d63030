// Writes reference/regions-id.json (provinces, time zones, kabupaten/kota) and reference/regions-id-districts.json
// (kecamatan) from the npm package idn-area-data, so the app does not depend on the package at run time.
//
//   npm pack idn-area-data@4.0.1 --pack-destination /tmp && tar xzf /tmp/idn-area-data-4.0.1.tgz -C /tmp
//   npx tsx scripts/reference-regions.ts /tmp/package          (default: node_modules/idn-area-data)
//
// Only the CSV files are read (the package's own loader wants Node >= 22). The data is under the Open Database
// License (ODbL 1.0); the package code is MIT. Codes are written without dots ("63.71" → "6371"), as in a NIK.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'node_modules/idn-area-data';
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
if (pkg.name !== 'idn-area-data') throw new Error(`${dir} is ${pkg.name}, not idn-area-data`);

/** RFC 4180 CSV: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const read = (file: string) => parseCsv(fs.readFileSync(path.join(dir, 'data', file), 'utf8'));
const plain = (code: string) => code.replaceAll('.', '');

// Time zones (Keppres 41/1987): WIB = Sumatra, Java, West and Central Kalimantan; WITA = Bali, Nusa Tenggara,
// South/East/North Kalimantan, Sulawesi; WIT = Maluku and Papua. Every province in the data must be in exactly one.
const ZONES = {
  WIB: ['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '61', '62'],
  WITA: ['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'],
  WIT: ['81', '82', '91', '92', '93', '94', '95', '96'],
} as const;
const zoneOf = (code: string) => {
  const zones = Object.entries(ZONES).filter(([, codes]) => (codes as readonly string[]).includes(code));
  if (zones.length !== 1) throw new Error(`province ${code}: ${zones.length} time zones`);
  return zones[0]![0];
};

const provinces = read('provinces.csv').map((p) => ({ code: p.code!, name: p.name!, timeZone: zoneOf(p.code!) }));
const known = new Set(provinces.map((p) => p.code));
for (const codes of Object.values(ZONES))
  for (const c of codes) if (!known.has(c)) throw new Error(`zone lists ${c}, not in the data`);

const regencies = read('regencies.csv').map((r) => {
  if (!known.has(r.province_code!) || !r.code!.startsWith(`${r.province_code}.`)) throw new Error(`regency ${r.code}`);
  return [plain(r.code!), r.name!];
});
const regencyCodes = new Set(regencies.map((r) => r[0]));
const districts = read('districts.csv').map((d) => {
  if (!regencyCodes.has(plain(d.regency_code!)) || !d.code!.startsWith(`${d.regency_code}.`))
    throw new Error(`district ${d.code}`);
  return [plain(d.code!), d.name!];
});

const source = {
  package: `${pkg.name}@${pkg.version}`,
  url: 'https://github.com/fityannugroho/idn-area-data',
  basis:
    'Keputusan Menteri Dalam Negeri 2025 on codes and data of administrative areas (the package docs/references.md, REF-2025-1)',
  license: 'Data: Open Database License (ODbL 1.0); package code: MIT',
  generatedBy: 'scripts/reference-regions.ts',
};
const tuples = (rows: string[][]) => rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
const write = (file: string, head: object, key: string, rows: string[][]) => {
  const top = JSON.stringify(head, null, 2).slice(0, -2);
  fs.writeFileSync(path.join('reference', file), `${top},\n  "${key}": [\n${tuples(rows)}\n  ]\n}\n`);
  console.log(`reference/${file}: ${rows.length} ${key}`);
};

write(
  'regions-id.json',
  {
    source,
    timeZones: {
      WIB: { utcOffsetHours: 7, iana: 'Asia/Jakarta' },
      WITA: { utcOffsetHours: 8, iana: 'Asia/Makassar' },
      WIT: { utcOffsetHours: 9, iana: 'Asia/Jayapura' },
    },
    provinces,
  },
  'regencies',
  regencies,
);
write('regions-id-districts.json', { source }, 'districts', districts);
