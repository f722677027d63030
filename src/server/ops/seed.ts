// `berdaya seed demo`: a synthetic province (made-up people, NIKs in a reserved serial range, outreach, cohorts,
// attendance, aid, follow-ups and the audit history of all of it), the same for the same seed.
//
// Everything goes through the scoped repository, as the API does: each input is parsed with the API's own zod
// body schema, then handed to the same store method the route calls, as the staff member who would do it, so
// validation, encryption, blind indexes, policy checks and audit rows are exactly the API's. A manual clock
// walks through the programme years (January 2025 to DEMO_END), so every row and audit entry carries the time
// it would have had. Ids made by the stores are random (and ciphertext nonces are random by design); every
// choice and every value comes from the seed.
import { ManualClock } from '../clock.ts';
import type { Services, RequestActor } from '../context.ts';
import { AuditWriter } from '../audit/writer.ts';
import { scopedRepo, systemRepo, type Repository } from '../modules/repository.ts';
import { AuthService } from '../modules/auth/service.ts';
import { createUser } from '../modules/users/service.ts';
import { addDays, addMonthsClamped, OFFICE_ZONE, startOfLocalDay } from '../../shared/calendar.ts';
import type { Role } from '../../shared/roles.ts';
import { PROVINCE_CODE } from '../../shared/regions.ts';
import {
  participantCreateBody,
  transitionBody,
  noteCreateBody,
  closureDecisionBody,
  assignBody,
} from '../../shared/participants-api.ts';
import {
  assessmentBody,
  casePlanBody,
  outreachBody,
  partnerBody,
  referralBody,
  referralUpdateBody,
} from '../../shared/casework-api.ts';
import {
  attendanceBody,
  cohortBody,
  cohortUpdateBody,
  enrollmentBody,
  enrollmentUpdateBody,
  generateRuleBody,
  programmeBody,
  venueBody,
  venuePaymentBody,
} from '../../shared/programme-api.ts';
import { budgetLineBody, handoverBody, kitBody, procurementBody } from '../../shared/aid-api.ts';
import { approvalsOfRole } from '../policy/index.ts';
import { followUpUpdateBody, visitBody } from '../../shared/followup-api.ts';
import { Prng } from './seed/prng.ts';
import { ALIASES, GIVEN_NAMES, NOTE_TEXTS, PSY_NOTES, SECOND_NAMES, STREETS } from './seed/names.ts';
import { OUTREACH_TOPICS, PLACE_KINDS, REFERRAL_SOURCES, TRAFFICKING_INDICATORS } from '../../shared/codes.ts';

export const DEMO_DEFAULT_PARTICIPANTS = 200;
export const DEMO_DEFAULT_SEED = 1;
/** The first and the last day of the synthetic history (planning starts in November 2024; the demo's "today" is DEMO_END, 09:00 WITA). */
export const DEMO_START = '2024-11-04';
export const DEMO_END = '2026-11-28';
/** NIK serials of synthetic people: 9900–9999 (real serials count up from 0001). */
export const SYNTHETIC_NIK_SERIALS = [9900, 9999] as const;

export interface DemoOptions {
  participants?: number;
  seed?: number;
  /** The password of every demo account (default: derived from the seed). */
  password?: string;
  log?: (line: string) => void;
}

export interface DemoAccount {
  username: string;
  role: Role;
  regions: string[];
  totpSecret?: string;
}

export interface DemoResult {
  seed: number;
  participants: number;
  password: string;
  accounts: DemoAccount[];
  /** Rows per table after seeding. */
  counts: Record<string, number>;
}

/** Kecamatan codes (reference/regions-id-districts.json) where a synthetic NIK is "first issued". */
const KECAMATAN: Record<string, string[]> = {
  '6301': ['630101', '630102', '630103', '630104'],
  '6302': ['630201', '630202', '630203', '630204'],
  '6303': ['630301', '630302', '630303', '630304'],
  '6304': ['630401', '630402', '630403', '630404'],
  '6305': ['630501', '630502', '630503', '630504'],
  '6306': ['630601', '630602', '630603', '630604'],
  '6307': ['630701', '630702', '630703', '630704'],
  '6308': ['630801', '630802', '630803', '630804'],
  '6309': ['630901', '630902', '630903', '630904'],
  '6310': ['631001', '631002', '631003', '631004'],
  '6311': ['631101', '631102', '631103', '631104'],
  '6371': ['637101', '637102', '637103', '637104'],
  '6372': ['637202', '637203', '637204', '637205'],
};
const REGION_WEIGHTS: [string, number][] = [
  ['6371', 28],
  ['6372', 18],
  ['6303', 12],
  ['6310', 6],
  ['6301', 5],
  ['6304', 5],
  ['6305', 4],
  ['6306', 4],
  ['6307', 4],
  ['6308', 4],
  ['6309', 4],
  ['6302', 3],
  ['6311', 3],
];
const CITY = { '6371': 'Banjarmasin', '6372': 'Banjarbaru', '6303': 'Martapura' } as Record<string, string>;
const KIT_TRADES = ['TATA_BOGA', 'MENJAHIT', 'SALON_KECANTIKAN', 'KATERING', 'KERAJINAN'] as const;

// ------------------------------------------------------------------ time
const witaMs = (date: string, hour: number) =>
  startOfLocalDay(date, OFFICE_ZONE).getTime() + Math.round(hour * 3600_000);

/** Events in time order; an event may plan later ones. Ties keep the order they were planned in. */
class Agenda {
  private heap: { t: number; n: number; run: () => Promise<void> }[] = [];
  private n = 0;
  at(date: string, hour: number, run: () => Promise<void>): void {
    this.push({ t: witaMs(date, hour), n: this.n++, run });
  }
  private less(a: { t: number; n: number }, b: { t: number; n: number }) {
    return a.t < b.t || (a.t === b.t && a.n < b.n);
  }
  private push(e: { t: number; n: number; run: () => Promise<void> }) {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop() {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

interface Staff extends RequestActor {
  username: string;
}

interface Person {
  n: number;
  region: string;
  fullName: string;
  preferredName: string;
  birthDate: string;
  nik: string | null;
  category: string;
  referralSource: string;
  basis: string;
  consents: string[];
  id?: string;
  code?: string;
  cw: Staff;
  enrollmentId?: string;
  enrollmentVersion?: number;
  attendP: number;
  dropAt: number | null;
  planItems: number;
}

interface Cohort {
  i: number;
  region: string;
  start: string;
  end: string;
  tracks: string[];
  programmeId?: string;
  programmeYear: number;
  id?: string;
  version?: number;
  members: Person[];
  active: Person[];
  sessions: { id: string; date: string; type: string }[];
}

export async function seedDemo(base: Services, opts: DemoOptions = {}): Promise<DemoResult> {
  const N = opts.participants ?? DEMO_DEFAULT_PARTICIPANTS;
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  if (!Number.isInteger(N) || N < 10 || N > 20_000) throw new Error('--participants: a whole number from 10 to 20000');
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)
    throw new Error('--seed: a whole number from 0 to 2147483648');
  const log = opts.log ?? (() => {});
  const db = base.db.kysely;
  const taken = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const takenP = await db.selectFrom('participants').select('id').limit(1).executeTakeFirst();
  if (taken || takenP)
    throw new Error('The demo is seeded into an empty database only: this one already has accounts or participants.');

  const clock = new ManualClock(witaMs(DEMO_START, 7));
  const audit = new AuditWriter(db, base.keys.subkey('audit-chain'), clock);
  const s: Services = { ...base, clock, audit };
  const rnd = new Prng(seed, 1);
  const rid = new Prng(seed, 2);
  const password = opts.password ?? `Demo-Sintetis-${new Prng(seed, 3).int(100000, 999999)}`;
  const meta = () => ({ requestId: rid.uuid(), ip: null });
  const sys = (): Repository => systemRepo(s, 'seed-demo', 'synthetic demo province', meta());
  const as = (u: Staff): Repository => scopedRepo(s, u, meta());
  const endMs = witaMs(DEMO_END, 9);
  const agenda = new Agenda();

  // ---------------------------------------------------------------- staff
  await db
    .insertInto('system_meta')
    .values({
      key: 'synthetic_demo',
      value: JSON.stringify({
        seed,
        participants: N,
        note: 'SYNTHETIC DEMO DATA: made-up people; NIK serials 9900-9999',
      }),
    })
    .execute();
  const auth = new AuthService(s);
  const accounts: DemoAccount[] = [];
  const mk = async (username: string, role: Role, regions: string[], name: string): Promise<Staff> => {
    const { user, totpSecret } = await createUser(sys(), auth, { username, role, regions, password, name }, 'cli');
    accounts.push({ username, role, regions, ...(totpSecret ? { totpSecret } : {}) });
    // What each approves is the office's default setting (aid and budget: the Kepala Bidang).
    return { id: user.id, username, role, regions, approves: approvalsOfRole(role) };
  };
  await mk('demo.admin', 'admin', [PROVINCE_CODE], 'Admin Demo (sintetis)');
  const mgr = await mk('demo.kepala', 'manager', [PROVINCE_CODE], 'Kepala Seksi Demo (sintetis)');
  const kabid = await mk('demo.kabid', 'head_of_division', [PROVINCE_CODE], 'Kepala Bidang Demo (sintetis)');
  await mk('demo.ppk', 'ppk', [PROVINCE_CODE], 'PPK Demo (sintetis)');
  const cws = [
    await mk('demo.pendamping.bjm', 'caseworker', ['6371'], 'Pendamping Banjarmasin (sintetis)'),
    await mk('demo.pendamping.bjb', 'caseworker', ['6372'], 'Pendamping Banjarbaru (sintetis)'),
    await mk('demo.pendamping.banjar', 'caseworker', ['6303', '6304', '6305'], 'Pendamping Banjar (sintetis)'),
    await mk(
      'demo.pendamping.utara',
      'caseworker',
      ['6306', '6307', '6308', '6309', '6311'],
      'Pendamping Banua Enam (sintetis)',
    ),
    await mk('demo.pendamping.selatan', 'caseworker', ['6301', '6302', '6310'], 'Pendamping Pesisir (sintetis)'),
  ];
  const fac = await mk('demo.fasilitator', 'facilitator', [PROVINCE_CODE], 'Fasilitator Demo (sintetis)');
  const psy = await mk('demo.psikolog', 'psychologist', [PROVINCE_CODE], 'Psikolog Demo (sintetis)');
  await mk('demo.auditor', 'auditor', [PROVINCE_CODE], 'Auditor Demo (sintetis)');
  const cwFor = (region: string) => cws.find((c) => c.regions.includes(region))!;
  let decreeNo = 0;

  // ---------------------------------------------------------------- plan
  const usedNik = new Set<string>();
  const usedNameDob = new Set<string>();
  let personNo = 0;
  const person = (region: string, cohortBound: boolean): Person => {
    let fullName = '';
    let birthDate = '';
    do {
      const given = rnd.pick(GIVEN_NAMES);
      fullName = rnd.chance(0.85) ? `${given} ${rnd.pick(SECOND_NAMES)}` : given;
      const y = rnd.int(1977, 2006);
      const m = rnd.int(1, 12);
      const d = rnd.int(1, 28);
      birthDate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    } while (usedNameDob.has(`${fullName}|${birthDate}`));
    usedNameDob.add(`${fullName}|${birthDate}`);
    let nik: string | null = null;
    if (rnd.chance(0.8)) {
      const kec = rnd.pick(KECAMATAN[region]!);
      const [y, m, d] = birthDate.split('-');
      let serial = rnd.int(SYNTHETIC_NIK_SERIALS[0], SYNTHETIC_NIK_SERIALS[1]);
      do {
        nik = `${kec}${String(Number(d) + 40).padStart(2, '0')}${m}${y!.slice(2)}${serial}`;
        serial = serial === SYNTHETIC_NIK_SERIALS[1] ? SYNTHETIC_NIK_SERIALS[0] : serial + 1;
      } while (usedNik.has(nik));
      usedNik.add(nik);
    }
    const category = rnd.weighted([
      ['PEREMPUAN_RENTAN', 40],
      ['MANTAN_PEKERJA_SEKS', 30],
      ['PENYINTAS_TPPO', 12],
      ['KORBAN_KEKERASAN', 12],
      ['PEKERJA_MIGRAN_BERMASALAH', 6],
    ] as const);
    const referralSource = rnd.weighted(
      REFERRAL_SOURCES.map(
        (r) =>
          [
            r,
            r === 'MANDIRI' ? 25 : r === 'SATPOL_PP' ? 12 : r === 'LKS_LSM' ? 14 : r === 'KELUARGA' ? 10 : 5,
          ] as const,
      ),
    );
    const basis =
      referralSource === 'SATPOL_PP'
        ? rnd.chance(0.6)
          ? 'RUJUKAN_PENEGAKAN_PERDA'
          : 'SUKARELA'
        : ['UPTD_PPA', 'POLISI', 'KEMENSOS_SENTRA', 'RUMAH_SINGGAH'].includes(referralSource)
          ? 'RUJUKAN_LEMBAGA'
          : 'SUKARELA';
    const consents = ['PARTICIPATION', 'DATA_PROCESSING'];
    if (rnd.chance(cohortBound ? 0.85 : 0.6)) consents.push('FOLLOW_UP_CONTACT');
    if (rnd.chance(0.35)) consents.push('SHARING_HEALTH');
    if (rnd.chance(0.25)) consents.push('PHOTO');
    if (rnd.chance(0.15)) consents.push('SHARING_PSYCHOLOGIST');
    const attendP = rnd.chance(0.85) ? 0.96 : 0.7;
    return {
      n: ++personNo,
      region,
      fullName,
      preferredName: fullName.split(' ')[0]!,
      birthDate,
      nik,
      category,
      referralSource,
      basis,
      consents,
      cw: cwFor(region),
      attendP,
      dropAt: rnd.chance(0.05) ? rnd.int(3, 10) : null,
      planItems: rnd.int(2, 4),
    };
  };

  const months: string[] = [];
  for (let d = '2025-03-01'; d <= '2026-11-01'; d = addMonthsClamped(d, 1)) months.push(d);
  const K = Math.max(2, Math.round((N * 0.65) / 10));
  const cohorts: Cohort[] = [];
  for (let i = 0; i < K; i++) {
    const month = months[Math.min(months.length - 1, Math.floor((i * months.length) / K))]!;
    const start = nextWeekday(addDays(month, 7 * (i % 3)), 1);
    const region = i % 4 === 0 ? '6371' : i % 4 === 1 ? '6372' : rnd.weighted(REGION_WEIGHTS);
    cohorts.push({
      i,
      region,
      start,
      end: addDays(addMonthsClamped(start, 1), -1),
      tracks: rnd.some(KIT_TRADES, rnd.chance(0.6) ? 1 : 2),
      programmeYear: Number(start.slice(0, 4)),
      members: [],
      active: [],
      sessions: [],
    });
  }
  const inCohorts = Math.round(N * 0.65);
  const people: Person[] = [];
  for (let j = 0; j < inCohorts; j++) {
    const c = cohorts[j % K]!;
    const p = person(c.region, true);
    c.members.push(p);
    people.push(p);
  }
  const loose: Person[] = [];
  for (let j = inCohorts; j < N; j++) {
    const p = person(rnd.weighted(REGION_WEIGHTS), false);
    loose.push(p);
    people.push(p);
  }

  // ---------------------------------------------------------------- reference data (January 2025)
  const partners: Record<string, string> = {};
  const venues: { id: string; region: string; busyUntil: string }[] = [];
  const kits: Record<string, string> = {};
  const programmes: Record<number, string> = {};
  agenda.at(DEMO_START, 8, async () => {
    for (const [name, kind, regionCode] of [
      ['Puskesmas Contoh Banjarmasin (sintetis)', 'PUSKESMAS', '6371'],
      ['Puskesmas Contoh Banjarbaru (sintetis)', 'PUSKESMAS', '6372'],
      ['KUA Contoh (sintetis)', 'KEMENAG', PROVINCE_CODE],
      ['UPTD PPA Contoh (sintetis)', 'UPTD_PPA', PROVINCE_CODE],
      ['LSM Perempuan Contoh (sintetis)', 'LSM', PROVINCE_CODE],
      ['Psikolog Mitra Contoh (sintetis)', 'PSIKOLOG', PROVINCE_CODE],
    ] as const) {
      const b = partnerBody.parse({
        name,
        kind,
        regionCode,
        address: `${rnd.pick(STREETS)} No. ${rnd.int(1, 99)}`,
        contacts: [
          { name: 'Petugas Contoh', role: 'Koordinator', phone: `0511 ${rnd.int(100, 999)} ${rnd.int(1000, 9999)}` },
        ],
      });
      partners[`${kind}:${regionCode}`] = (await as(mgr).casework.createPartner(b)).id;
    }
    for (const [trade, name, items] of [
      [
        'TATA_BOGA',
        'Paket usaha kue',
        [
          ['Oven gas', 1, 'unit', 1_450_000],
          ['Mixer', 1, 'unit', 650_000],
          ['Loyang dan cetakan', 10, 'buah', 35_000],
          ['Bahan kue awal', 1, 'paket', 500_000],
        ],
      ],
      [
        'MENJAHIT',
        'Paket usaha jahit',
        [
          ['Mesin jahit portable', 1, 'unit', 1_850_000],
          ['Gunting dan alat ukur', 1, 'set', 150_000],
          ['Kain awal', 10, 'meter', 40_000],
        ],
      ],
      [
        'SALON_KECANTIKAN',
        'Paket usaha salon',
        [
          ['Kursi salon', 1, 'unit', 900_000],
          ['Hair dryer', 1, 'unit', 350_000],
          ['Perlengkapan salon', 1, 'set', 1_200_000],
        ],
      ],
      [
        'KATERING',
        'Paket usaha katering',
        [
          ['Kompor dua tungku', 1, 'unit', 750_000],
          ['Panci dan wajan', 1, 'set', 600_000],
          ['Wadah makanan', 100, 'buah', 5_000],
          ['Bahan awal', 1, 'paket', 700_000],
        ],
      ],
      [
        'KERAJINAN',
        'Paket usaha kerajinan sasirangan',
        [
          ['Kain mori', 20, 'meter', 30_000],
          ['Pewarna', 1, 'paket', 450_000],
          ['Peralatan celup', 1, 'set', 800_000],
        ],
      ],
    ] as const) {
      const b = kitBody.parse({
        trade,
        name,
        items: items.map(([n, quantity, unit, unitPrice]) => ({
          name: n,
          quantity,
          unit,
          unitPrice,
          supplier: 'Toko Contoh (sintetis)',
        })),
      });
      kits[trade] = (await as(mgr).aid.createKit(b)).id;
    }
    for (const [region, name] of [
      ['6371', 'Rumah Belajar Contoh Banjarmasin (sintetis)'],
      ['6372', 'Rumah Singgah Contoh Banjarbaru (sintetis)'],
      ['6303', 'Balai Contoh Martapura (sintetis)'],
    ] as const) {
      const rent = rnd.int(25, 45) * 100_000;
      const b = venueBody.parse({
        name,
        address: `${rnd.pick(STREETS)} No. ${rnd.int(1, 99)}, ${CITY[region]}`,
        regionCode: region,
        ownerName: 'Pemilik Contoh (sintetis)',
        capacity: 15,
        facilities: ['Dapur', 'Ruang kelas', 'Kamar mandi'],
        rentPerMonth: rent,
        contractStart: '2025-01-01',
        contractEnd: '2026-12-31',
      });
      const v = await as(mgr).programmes.createVenue(b);
      venues.push({ id: v.id, region, busyUntil: '2000-01-01' });
      for (let m = '2025-01-05'; m <= DEMO_END; m = addMonthsClamped(m, 1)) {
        const month = m;
        agenda.at(month, 10, async () => {
          await as(mgr).programmes.addVenuePayment(
            v.id,
            venuePaymentBody.parse({ amount: rent, paidAt: month, note: `Sewa ${month.slice(0, 7)}` }),
          );
        });
      }
    }
  });
  for (const year of [2025, 2026]) {
    const inYear = cohorts.filter((c) => c.programmeYear === year);
    const ceiling =
      Math.ceil(((inYear.length * 10 * 3_600_000 + inYear.length * 30_000_000) * 1.25) / 1_000_000) * 1_000_000;
    agenda.at(year === 2025 ? DEMO_START : '2025-10-01', 9, async () => {
      const p = await as(mgr).programmes.createProgramme(
        programmeBody.parse({
          name: `Rehabilitasi Sosial Berbasis Komunitas ${year}`,
          year,
          purpose:
            'Pelatihan keterampilan, bimbingan agama dan psikososial, serta bantuan usaha bagi perempuan rentan (data sintetis).',
          budgetCeiling: Math.max(ceiling, 50_000_000),
          targetParticipants: inYear.length * 10,
          targetRegions: [...new Set(inYear.map((c) => c.region))].sort(),
        }),
      );
      programmes[year] = p.id;
      for (const [kind, description, planned] of [
        ['FACILITATOR_FEES', 'Honor fasilitator dan narasumber', inYear.length * 12_000_000],
        ['MEALS_TRANSPORT', 'Konsumsi dan transport peserta', inYear.length * 9_000_000],
        ['MATERIALS', 'Bahan praktik', inYear.length * 4_000_000],
        ['KITS', 'Paket bantuan usaha', inYear.length * 10 * 3_400_000],
      ] as const) {
        // The head of section proposes each line; the Kepala Bidang approves it (four eyes on money).
        if (planned > 0) {
          const line = await as(mgr).aid.addBudgetLine(p.id, budgetLineBody.parse({ kind, description, planned }));
          await as(kabid).aid.decideBudgetLine(line.id, 'APPROVED');
        }
      }
    });
  }

  // ---------------------------------------------------------------- journeys
  const register = async (p: Person, date: string, prospectId?: string) => {
    const body = participantCreateBody.parse({
      regionCode: p.region,
      category: p.category,
      referralSource: p.referralSource,
      participationBasis: p.basis,
      identity: {
        fullName: p.fullName,
        ...(rnd.chance(0.3) ? { preferredName: p.preferredName } : {}),
        ...(p.nik
          ? { nik: p.nik }
          : { noNikReason: rnd.pick(['NEVER_REGISTERED', 'LOST', 'HELD_BY_OTHERS', 'UNKNOWN'] as const) }),
        birthDate: p.birthDate,
        sex: 'F',
        address: `${rnd.pick(STREETS)} No. ${rnd.int(1, 150)}, ${CITY[p.region] ?? `Kab. ${p.region}`} (alamat sintetis)`,
        ...(rnd.chance(0.8) ? { phone: `08${rnd.int(11, 59)} ${rnd.int(1000, 9999)} ${rnd.int(1000, 9999)}` } : {}),
        ...(rnd.chance(0.5)
          ? { emergencyContact: `Kakak, 08${rnd.int(11, 59)} ${rnd.int(1000, 9999)} ${rnd.int(1000, 9999)} (sintetis)` }
          : {}),
      },
      consents: p.consents
        .map((purpose) => ({
          purpose,
          method: rnd.weighted([
            ['SIGNED_FORM', 8],
            ['THUMBPRINT', 1],
            ['VERBAL_WITH_WITNESS', 1],
          ] as const),
          explainedBy: p.cw.username,
          language: rnd.chance(0.3) ? 'bjn' : 'id',
          givenAt: date,
        }))
        .map((c) => (c.method === 'VERBAL_WITH_WITNESS' ? { ...c, witness: 'Saksi Contoh (sintetis)' } : c)),
      ...(rnd.chance(0.3)
        ? { beneficiaryDecision: { number: `460/${rnd.int(100, 999)}/Dinsos/${date.slice(0, 4)}`, date } }
        : {}),
      ...(prospectId ? { prospectId } : {}),
    });
    const created = await as(p.cw).participants.create(body);
    p.id = created.id;
    p.code = created.code;
  };

  const outreachThenRegister = async (p: Person, reg: string) => {
    const contacts = rnd.int(1, 3);
    const alias = `${rnd.pick(ALIASES)} ${String(p.n).padStart(3, '0')}`;
    const channel =
      p.referralSource === 'SATPOL_PP'
        ? 'SATPOL_PP'
        : rnd.pick(['JANGKAUAN_JALANAN', 'PUSKESMAS', 'LSM', 'TOKOH_MASYARAKAT'] as const);
    let prospectId: string | undefined;
    for (let k = 0; k < contacts; k++) {
      const date = addDays(reg, -7 * (contacts - k) - rnd.int(0, 4));
      const last = k === contacts - 1;
      agenda.at(date, 10 + rnd.next() * 5, async () => {
        const o = await as(p.cw).casework.createOutreach(
          outreachBody.parse({
            contactDate: date,
            regionCode: p.region,
            placeKind: rnd.pick(PLACE_KINDS.filter((x) => x !== 'DARING')),
            channel,
            alias,
            topics: rnd.some(
              OUTREACH_TOPICS.filter((x) => x !== 'LAINNYA'),
              rnd.int(1, 3),
            ),
            materials: rnd.chance(0.7) ? ['BROSUR', 'KONTAK_LAYANAN'] : [],
            interestLevel: last ? 'HIGH' : rnd.pick(['LOW', 'MEDIUM'] as const),
            outcome: last ? 'INTERESTED' : 'NOT_NOW',
            ...(last ? {} : { nextContactDate: addDays(date, 7) }),
            ...(channel === 'SATPOL_PP'
              ? {
                  cameVoluntarily: rnd.weighted([
                    ['YES', 6],
                    ['UNKNOWN', 3],
                    ['NO', 1],
                  ] as const),
                }
              : {}),
          }),
        );
        prospectId = o.prospectId ?? undefined;
      });
    }
    agenda.at(reg, 9 + rnd.next() * 6, async () => register(p, reg, prospectId));
  };

  const intake = (p: Person, reg: string) => {
    if (rnd.chance(0.55)) outreachThenRegister(p, reg);
    else agenda.at(reg, 9 + rnd.next() * 6, async () => register(p, reg));
    if (rnd.chance(0.4)) {
      const d = addDays(reg, rnd.int(1, 20));
      agenda.at(d, 14 + rnd.next() * 2, async () => {
        await as(p.cw).notes.createNote(
          p.id!,
          ...note(
            noteCreateBody.parse({
              type: rnd.pick(['GENERAL', 'HOME_VISIT', 'PHONE'] as const),
              body: rnd.pick(NOTE_TEXTS),
            }),
          ),
        );
      });
    }
    if (p.consents.includes('SHARING_HEALTH') && rnd.chance(0.7)) {
      const d = addDays(reg, rnd.int(3, 9));
      agenda.at(d, 11 + rnd.next() * 3, async () => {
        const partnerId = partners[`PUSKESMAS:${p.region === '6372' ? '6372' : '6371'}`]!;
        const ref = await as(p.cw).casework.createReferral(
          p.id!,
          referralBody.parse({
            partnerId,
            reason: 'Pemeriksaan kesehatan umum (data sintetis).',
            shared: ['NAME', 'BIRTH_DATE'],
            sentAt: d,
          }),
        );
        const d2 = addDays(d, rnd.int(2, 6));
        agenda.at(d2, 10, async () => {
          const u = await as(p.cw).casework.updateReferral(
            ref.id,
            referralUpdateBody.parse({ status: 'ACCEPTED', statusDate: d2 }),
            ref.version,
          );
          const d3 = addDays(d2, rnd.int(5, 20));
          agenda.at(d3, 10, async () => {
            await as(p.cw).casework.updateReferral(
              ref.id,
              referralUpdateBody.parse({ status: 'DONE', statusDate: d3 }),
              u.version,
            );
          });
        });
      });
    }
  };

  const assess = (p: Person, date: string) => {
    agenda.at(date, 9 + rnd.next() * 2, async () => {
      const b = transitionBody.parse({ to: 'ASESMEN', reason: 'Mulai asesmen kebutuhan (data sintetis).' });
      await as(p.cw).stages.transition(p.id!, b.to, b.reason, undefined);
    });
    const d = addDays(date, rnd.int(1, 4));
    agenda.at(d, 10 + rnd.next() * 4, async () => {
      const srq = Array.from({ length: 20 }, () => rnd.chance(0.22));
      const screen = Object.fromEntries(
        TRAFFICKING_INDICATORS.map((k) => [
          k,
          p.category === 'PENYINTAS_TPPO' && rnd.chance(0.4)
            ? 'YES'
            : rnd.weighted([
                ['NO', 8],
                ['UNKNOWN', 2],
              ] as const),
        ]),
      );
      const b = assessmentBody.parse({
        answers: {
          living: {
            situation: rnd.pick(['RENTED', 'WITH_FAMILY', 'OWN_HOME', 'SHELTER', 'NO_FIXED_PLACE'] as const),
            familyContact: rnd.pick(['YES', 'NO', 'UNKNOWN'] as const),
            familyAccepting: rnd.pick(['YES', 'NO', 'UNKNOWN'] as const),
          },
          health: {
            hasAccess: rnd.chance(0.8) ? 'YES' : 'NO',
            bpjs: rnd.chance(0.6) ? 'YES' : 'NO',
            testing: rnd.pick(['NOT_DISCUSSED', 'OFFERED_DECLINED', 'REFERRED', 'DONE'] as const),
          },
          economy: {
            monthlyIncome: rnd.int(0, 30) * 50_000,
            debts: rnd.int(0, 20) * 250_000,
            dependants: rnd.int(0, 4),
          },
          education: {
            level: rnd.pick(['SD', 'SMP', 'SMA', 'NONE'] as const),
            skills: rnd.chance(0.5) ? ['Memasak'] : [],
            desiredTrade: rnd.pick(['Kue', 'Menjahit', 'Salon', 'Katering', 'Kerajinan']),
          },
          srq20: srq,
          trafficking: screen,
          safety: {
            risks: rnd.chance(0.8)
              ? ['NONE']
              : [rnd.pick(['DOMESTIC_VIOLENCE', 'HOMELESSNESS', 'THREAT_FROM_EXPLOITER'] as const)],
          },
          strengths: 'Tekun dan ingin mandiri (data sintetis).',
        },
        confirmedRisk: rnd.weighted([
          ['LOW', 6],
          ['MEDIUM', 3],
          ['HIGH', 1],
        ] as const),
      });
      const a = await as(p.cw).casework.createAssessment(p.id!, b.answers, b.confirmedRisk);
      if (rnd.chance(0.5)) {
        agenda.at(addDays(d, rnd.int(1, 5)), 15, async () => {
          await as(mgr).casework.reviewAssessment(p.id!, a.version);
        });
      }
    });
  };

  const plan = (p: Person, date: string, approveBy: string) => {
    agenda.at(date, 9 + rnd.next() * 3, async () => {
      const t = transitionBody.parse({
        to: 'RENCANA_INTERVENSI',
        reason: 'Asesmen selesai; menyusun rencana intervensi (data sintetis).',
      });
      await as(p.cw).stages.transition(p.id!, t.to, t.reason, undefined);
      const goals: [string, string, string?][] = [
        ['Menguasai keterampilan usaha pilihan', 'VOKASI_USAHA'],
        ['Bimbingan mental spiritual mingguan', 'TERAPI', 'MENTAL_SPIRITUAL'],
        ['Konseling psikososial kelompok', 'TERAPI', 'PSIKOSOSIAL'],
        ['Dukungan keluarga untuk reintegrasi', 'KELUARGA'],
      ];
      const b = casePlanBody.parse({
        items: goals.slice(0, p.planItems).map(([goal, component, subtype], k) => ({
          goal: `${goal} (data sintetis)`,
          component,
          ...(subtype ? { subtype } : {}),
          ...(k === 0 ? { responsibleUserId: p.cw.id } : {}),
          ...(component === 'TERAPI' && subtype === 'MENTAL_SPIRITUAL'
            ? { partnerId: partners[`KEMENAG:${PROVINCE_CODE}`] }
            : {}),
          dueDate: addDays(date, 60 + 30 * k),
        })),
        conference: {
          date,
          attendees: [p.cw.username, mgr.username, 'Peserta'],
          minutes: 'Rencana disepakati bersama peserta (data sintetis).',
        },
      });
      await as(p.cw).casework.putCasePlan(p.id!, b, undefined);
    });
    agenda.at(approveBy, 15 + rnd.next(), async () => {
      await as(mgr).casework.approveCasePlan(p.id!, undefined);
    });
  };

  // Loose participants: some only registered, some assessed, some ready for a cohort, some closed.
  for (const p of loose) {
    const reg = addDays('2025-01-13', rnd.int(0, 680));
    intake(p, reg);
    const path = rnd.weighted([
      ['intake', 25],
      ['assessed', 20],
      ['ready', 30],
      ['closed', 25],
    ] as const);
    if (path === 'assessed' || path === 'ready') assess(p, addDays(reg, rnd.int(2, 6)));
    if (path === 'ready') plan(p, addDays(reg, rnd.int(11, 13)), addDays(reg, rnd.int(14, 17)));
    if (path === 'closed') {
      const d = addDays(reg, rnd.int(10, 60));
      agenda.at(d, 13 + rnd.next() * 2, async () => {
        const b = transitionBody.parse({
          to: 'TERMINASI',
          reason: 'Peserta memutuskan berhenti (data sintetis).',
          closureReason: rnd.pick(['MENGUNDURKAN_DIRI', 'PINDAH', 'TIDAK_TERJANGKAU'] as const),
        });
        await as(p.cw).stages.transition(p.id!, b.to, b.reason, b.closureReason);
        if (rnd.chance(0.75)) {
          agenda.at(addDays(d, rnd.int(1, 6)), 16, async () => {
            const c = closureDecisionBody.parse({ approve: true, reason: 'Disetujui (data sintetis).' });
            await as(mgr).stages.decideClosure(p.id!, c.approve, c.reason);
          });
        }
      });
    }
  }

  // Outreach contacts of people who did not (or not yet) register.
  for (let k = 0; k < Math.round(N * 0.4); k++) {
    const region = rnd.weighted(REGION_WEIGHTS);
    const date = addDays('2025-01-08', rnd.int(0, 687));
    const channel = rnd.pick(['JANGKAUAN_JALANAN', 'PUSKESMAS', 'LSM', 'TOKOH_MASYARAKAT', 'SATPOL_PP'] as const);
    const outcome = rnd.weighted([
      ['NOT_NOW', 5],
      ['DECLINED', 3],
      ['REFERRED_ELSEWHERE', 1],
      ['INTERESTED', 1],
    ] as const);
    const hasAlias = rnd.chance(0.5);
    agenda.at(date, 10 + rnd.next() * 6, async () => {
      await as(cwFor(region)).casework.createOutreach(
        outreachBody.parse({
          contactDate: date,
          regionCode: region,
          placeKind: rnd.pick(PLACE_KINDS),
          channel,
          ...(hasAlias ? { alias: `${rnd.pick(ALIASES)} K${k + 1}` } : {}),
          topics: rnd.some(
            OUTREACH_TOPICS.filter((x) => x !== 'LAINNYA'),
            rnd.int(1, 3),
          ),
          materials: rnd.chance(0.5) ? ['BROSUR'] : [],
          interestLevel: rnd.pick(['LOW', 'MEDIUM'] as const),
          outcome,
          ...(outcome === 'NOT_NOW' ? { nextContactDate: addDays(date, rnd.int(7, 30)) } : {}),
          ...(channel === 'SATPOL_PP'
            ? {
                cameVoluntarily: rnd.weighted([
                  ['YES', 5],
                  ['UNKNOWN', 3],
                  ['NO', 2],
                ] as const),
              }
            : {}),
        }),
      );
    });
  }
  // The head of section reads and acknowledges alerts every few weeks.
  for (let d = '2025-02-03'; d <= DEMO_END; d = addDays(d, 21)) {
    agenda.at(d, 16.5, async () => {
      const alerts = await as(mgr).casework.listAlerts();
      for (const a of alerts.filter((x) => !x.acknowledgedAt).slice(0, 3))
        await as(mgr).casework.acknowledgeAlert(a.id);
    });
  }

  // Cohorts and the people in them.
  for (const c of cohorts) {
    const created = addDays(c.start, -70);
    agenda.at(created, 9.5, async () => {
      c.programmeId = programmes[c.programmeYear];
      const venue = venues.find((v) => v.region === c.region && v.busyUntil < c.start);
      if (venue) venue.busyUntil = c.end;
      const v = await as(mgr).programmes.createCohort(
        cohortBody.parse({
          programmeId: c.programmeId,
          regionCode: c.region,
          ...(venue ? { venueId: venue.id } : {}),
          startDate: c.start,
          capacity: 12,
          tracks: c.tracks,
          // The reference data holds office calendars for recent years only; the story plans January cohorts
          // in November, as an office does, and its head of section confirms what is missing.
          confirmWithoutCalendar: true,
        }),
      );
      c.id = v.id;
      c.version = v.version;
      const rules = [
        {
          type: 'TRADE_SKILL',
          title: 'Praktik keterampilan',
          weekdays: [2, 4],
          startTime: '08:00',
          endTime: '12:00',
          facilitatorId: fac.id,
          mandatory: false,
        },
        {
          type: 'ENTREPRENEURSHIP',
          title: 'Kewirausahaan',
          weekdays: [1],
          startTime: '13:00',
          endTime: '15:00',
          facilitatorName: 'Pendamping Usaha (sintetis)',
          mandatory: false,
        },
        {
          type: 'PSYCHOLOGICAL_GROUP',
          title: 'Bimbingan psikososial',
          weekdays: [3],
          startTime: '09:00',
          endTime: '11:00',
          facilitatorId: psy.id,
          mandatory: false,
        },
        {
          type: 'RELIGIOUS_GUIDANCE',
          title: 'Bimbingan mental spiritual',
          weekdays: [5],
          startTime: '08:00',
          endTime: '10:00',
          facilitatorName: 'Penyuluh Agama KUA (sintetis)',
          mandatory: true,
        },
      ];
      for (const r of rules) {
        const res = await as(mgr).programmes.generateSessions(
          c.id,
          generateRuleBody.parse({ ...r, holidays: 'skip', place: venue ? 'Ruang kelas' : 'Aula kantor dinas' }),
        );
        for (const sess of res.items) c.sessions.push({ id: sess.id, date: sess.date, type: sess.type });
      }
      c.sessions.sort((a, b) => a.date.localeCompare(b.date) || a.type.localeCompare(b.type));
      const u = await as(mgr).programmes.updateCohort(
        c.id,
        cohortUpdateBody.parse({ status: 'RECRUITING' }),
        c.version,
      );
      c.version = u.version;
      for (const [n, sess] of c.sessions.entries()) {
        agenda.at(sess.date, 13 + (n % 4) * 0.25, async () => {
          for (const p of [...c.active]) {
            if (p.dropAt !== null && n >= p.dropAt) {
              const l = await as(p.cw).programmes.leave(
                p.enrollmentId!,
                enrollmentUpdateBody.parse({
                  status: 'DROPPED_OUT',
                  reason: 'Tidak dapat melanjutkan karena urusan keluarga (data sintetis).',
                }),
                p.enrollmentVersion!,
              );
              p.enrollmentVersion = l.version;
              c.active.splice(c.active.indexOf(p), 1);
            }
          }
          if (c.active.length === 0) return;
          const marker = sess.type === 'TRADE_SKILL' ? fac : sess.type === 'PSYCHOLOGICAL_GROUP' ? psy : mgr;
          const items = attendanceBody.parse(
            c.active.map((p) => {
              const r = rnd.next();
              const status =
                r < p.attendP ? (rnd.chance(0.1) ? 'LATE' : 'PRESENT') : rnd.chance(0.5) ? 'EXCUSED' : 'ABSENT';
              return {
                participantId: p.id!,
                status,
                ...(status === 'EXCUSED' ? { note: 'Izin sakit (sintetis)' } : {}),
              };
            }),
          );
          await as(marker).programmes.markAttendance(sess.id, items);
        });
      }
    });
    agenda.at(c.start, 7.5, async () => {
      const u = await as(mgr).programmes.updateCohort(c.id!, cohortUpdateBody.parse({ status: 'RUNNING' }), c.version!);
      c.version = u.version;
    });
    for (const p of c.members) {
      const reg = addDays(c.start, -rnd.int(30, 55));
      intake(p, reg);
      assess(p, addDays(reg, rnd.int(2, 5)));
      plan(p, addDays(reg, rnd.int(10, 12)), addDays(reg, rnd.int(13, 16)));
      if (p.consents.includes('SHARING_PSYCHOLOGIST') || rnd.chance(0.1)) {
        agenda.at(addDays(reg, 16), 10, async () => {
          await as(mgr).assignments.assign(p.id!, assignBody.parse({ userId: psy.id }).userId);
        });
        agenda.at(addDays(reg, 20), 11, async () => {
          await as(psy).notes.createNote(
            p.id!,
            ...note(noteCreateBody.parse({ type: 'PSYCHOLOGICAL', body: rnd.pick(PSY_NOTES) })),
          );
        });
      }
      agenda.at(addDays(c.start, -rnd.int(3, 10)), 10 + rnd.next() * 5, async () => {
        const full = c.active.length >= 12;
        const b = enrollmentBody.parse({
          participantId: p.id,
          track: rnd.pick(c.tracks),
          ...(full ? { waitlist: true } : {}),
        });
        const e = await as(p.cw).programmes.enrol(c.id!, b.participantId, b.track, b.waitlist);
        if (e.status === 'ENROLLED') {
          p.enrollmentId = e.id;
          p.enrollmentVersion = e.version;
          c.active.push(p);
        }
      });
    }
    // Graduation, aid and follow-up. Who has received her kit (on which day), and whose first visit after it
    // has said what became of it: that visit must (the follow-up store's rule).
    const gradDay = addDays(c.end, 1);
    const handedOn = new Map<string, string>();
    const useRecorded = new Set<string>();
    agenda.at(gradDay, 10, async () => {
      if (c.active.length === 0) return;
      await as(mgr).programmes.evaluateGraduation(c.id!);
      const res = await as(mgr).programmes.confirmGraduation(c.id!);
      const graduates = res.items.filter((e) => String(e.status) === 'GRADUATED');
      if (graduates.length === 0) return;
      const proposeDay = addDays(gradDay, rnd.int(3, 7));
      agenda.at(proposeDay, 10, async () => {
        // The cohort's caseworker proposes and the Kepala Bidang approves: four eyes on money. A week after
        // the proposal (after every approval) she decides them in one letter (SK), before any handover.
        const proposed = await as(c.active[0]!.cw).aid.propose(c.id!, []);
        agenda.at(addDays(proposeDay, 6), 9, async () => {
          decreeNo++;
          await as(kabid).aid.issueDecree(c.id!, {
            number: `460/${String(decreeNo).padStart(3, '0')}/RS-PTPPO/Dinsos (sintetis)`,
            date: addDays(proposeDay, 6),
            signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
          });
        });
        // In the cohort's own order: the list's order among allocations made in one transaction is the
        // database's to choose, and each draws from the seeded generator.
        const allocations = c.active.flatMap((x) => proposed.filter((a) => a.participantId === x.id));
        for (const a of allocations) {
          const p = c.active.find((x) => x.id === a.participantId)!;
          const approveDay = addDays(proposeDay, rnd.int(2, 5));
          agenda.at(approveDay, 11, async () => {
            await as(kabid).aid.approve(a.id);
            const ready = addDays(approveDay, rnd.int(5, 10));
            agenda.at(ready, 11, async () => {
              await as(p.cw).aid.setProcurement(
                a.id,
                procurementBody.parse({ items: a.items.map((_, index) => ({ index, status: 'READY' })) }).items,
              );
              const handDay = addDays(ready, rnd.int(3, 10));
              agenda.at(handDay, 10, async () => {
                await as(p.cw).aid.handover(
                  a.id,
                  handoverBody.parse({
                    date: handDay,
                    place: `Kantor Dinas Sosial (sintetis), ${CITY[c.region] ?? c.region}`,
                    handedOverBy: p.cw.username,
                    receivedBy: p.preferredName,
                    serials: a.items.some((i) => i.unit === 'unit') ? [{ index: 0, serial: `SN-DEMO-${p.n}` }] : [],
                    business: {
                      kind: rnd.pick(['KUE_ROTI', 'WARUNG_MAKAN', 'KATERING', 'JAHIT', 'SALON', 'KERAJINAN'] as const),
                      regionCode: p.region,
                      startDate: addDays(handDay, rnd.int(3, 20)),
                    },
                  }),
                );
                handedOn.set(p.id!, handDay);
              });
            });
          });
        }
      });
      // Follow-up visits on (or a little after) each due date that falls before the end of the demo.
      agenda.at(addDays(gradDay, 1), 9, async () => {
        for (const e of graduates) {
          const p = c.active.find((x) => x.id === e.participantId)!;
          const fus = await as(p.cw).followUps.forParticipant(p.id!);
          const last = fus[fus.length - 1];
          for (const f of fus) {
            const day = addDays(f.dueDate, rnd.int(0, 9));
            const fate = rnd.weighted([
              ['visit', 85],
              ['missed', 6],
              ['unreachable', 4],
              ['open', 5],
            ] as const);
            if (fate === 'open') continue;
            agenda.at(day, 10 + rnd.next() * 5, async () => {
              if (fate === 'visit') {
                const running = rnd.chance(0.7);
                const risk = rnd.weighted([
                  ['NO', 80],
                  ['SOME', 15],
                  ['HIGH', 4],
                  ['RETURNED', 1],
                ] as const);
                const handDay = handedOn.get(p.id!);
                const firstAfterHandover = !!handDay && handDay <= day && !useRecorded.has(p.id!);
                const equipmentUse = firstAfterHandover
                  ? running
                    ? 'USED'
                    : rnd.weighted([
                        ['NOT_STARTED', 50],
                        ['SOLD', 30],
                        ['BROKEN', 20],
                      ] as const)
                  : undefined;
                if (equipmentUse) useRecorded.add(p.id!);
                await as(p.cw).followUps.recordVisit(
                  f.id,
                  visitBody.parse({
                    date: day,
                    method: rnd.pick(['HOME_VISIT', 'PHONE', 'MESSAGE', 'OFFICE'] as const),
                    businessStatus: running ? 'RUNNING' : rnd.pick(['PAUSED', 'CLOSED', 'NEVER_STARTED'] as const),
                    incomeBand: running
                      ? rnd.pick(['500K_1M', '1M_2M', '2M_3M'] as const)
                      : rnd.pick(['NONE', 'UNDER_500K'] as const),
                    kitInUse: running ? 'YES' : rnd.pick(['NO', 'UNKNOWN'] as const),
                    housingStable: rnd.chance(0.85) ? 'YES' : 'NO',
                    familySupport: rnd.chance(0.75) ? 'YES' : 'UNKNOWN',
                    healthAccess: rnd.chance(0.8) ? 'YES' : 'NO',
                    documents: rnd.chance(0.7) ? 'YES' : 'NO',
                    wellbeing: rnd.int(2, 5),
                    safetyConcern: rnd.chance(0.03),
                    returnRisk: risk,
                    ...(rnd.chance(0.3) ? { needs: 'Modal tambahan untuk bahan baku (sintetis).' } : {}),
                    notes: 'Kunjungan lanjutan tercatat (data sintetis).',
                    ...(equipmentUse
                      ? {
                          equipmentUse,
                          ...(equipmentUse === 'USED' ? {} : { equipmentNote: 'Keadaan peralatan (data sintetis).' }),
                        }
                      : {}),
                  }),
                );
                if (f === last && rnd.chance(0.5)) {
                  agenda.at(addDays(day, 7), 15, async () => {
                    const b = transitionBody.parse({
                      to: 'TERMINASI',
                      reason: 'Bimbingan lanjut selesai; tujuan tercapai (data sintetis).',
                      closureReason: 'TUJUAN_TERCAPAI',
                    });
                    await as(mgr).stages.transition(p.id!, b.to, b.reason, b.closureReason);
                  });
                }
              } else {
                const b = followUpUpdateBody.parse({
                  status: fate === 'missed' ? 'MISSED' : 'UNREACHABLE',
                  note: 'Tidak dapat dihubungi (sintetis).',
                });
                await as(p.cw).followUps.markMissed(f.id, b.status, f.version);
              }
            });
          }
        }
      });
    });
  }
  // The narrative of the first year's report.
  agenda.at('2026-01-20', 14, async () => {
    await as(mgr).reports.setNarrative(
      2025,
      undefined,
      'Tahun pertama program berbasis komunitas: kelompok di kota dan kabupaten, bantuan usaha, dan bimbingan lanjut (data sintetis demo).',
    );
  });

  // ---------------------------------------------------------------- run
  let last = 0;
  let done = 0;
  for (let e = agenda.pop(); e; e = agenda.pop()) {
    if (e.t > endMs) continue;
    // Distinct, increasing times: a few seconds apart when events share a slot.
    last = Math.max(e.t, last + 5_000);
    clock.set(new Date(last));
    await e.run();
    if (++done % 2000 === 0) log(`… ${done} steps, ${new Date(last).toISOString().slice(0, 10)}`);
  }
  await audit.drain();

  const counts: Record<string, number> = {};
  for (const t of [
    'participants',
    'outreach_contacts',
    'prospects',
    'cohorts',
    'enrollments',
    'sessions_schedule',
    'attendance',
    'allocations',
    'follow_ups',
    'follow_up_visits',
    'notes',
    'referrals',
    'audit_log',
  ] as const) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[t] = Number(r.n);
  }
  return { seed, participants: N, password, accounts, counts };
}

// The route's argument order for a parsed note body.
function note(b: { type: string; body: string }): [string, string] {
  return [b.type, b.body];
}

/** The first date on or after `iso` that falls on the ISO weekday (1 = Monday). */
function nextWeekday(iso: string, weekday: number): string {
  let d = iso;
  for (let i = 0; i < 7; i++) {
    const wd = ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (wd === weekday) return d;
    d = addDays(d, 1);
  }
  return d;
}
