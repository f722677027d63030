// The national size (PostgreSQL only): 1,000,000 participants over every kabupaten/kota of the 38 provinces, spread
// evenly over the kabupaten/kota (so a province holds participants in proportion to its number of kabupaten/kota),
// registered from January 2025 to the benchmark's "today" (2026-11-28), with ~10 attendance and ~10 audit rows per
// participant and the other tables in proportion. bench/bulk.ts's path (Kysely multi-row inserts, 500 registrations
// to a transaction) takes ~4 minutes for 100,000; this one has to do ten times as much in 15 minutes, so it keeps
// the same code for everything personal and changes only how rows reach the database:
//  - every registration body is parsed with the API's schema (participantCreateBody), checked and indexed by
//    RegistryStore.prepareCreate as the caseworker of her kabupaten/kota (policy, consents, NIK rules, NIK and
//    name-and-birth-date blind indexes), and turned into rows by the registry's own registrationRows (her data key
//    from newParticipantKey, wrapped under the current key code; identity and preferred name sealed under it;
//    consents, stage event, her caseworker's assignment, the audit event); her name tokens by nameTokens;
//  - notes are parsed with noteCreateBody and sealed under her key exactly as NoteStore seals them; assessments'
//    answers and follow-up visits' answers are sealed under her key with the stores' table|column|id bindings;
//  - every audit row is chained by chainRows, the audit writer's own chaining code, under the chain key the
//    server uses, in one unbroken chain from the head the database holds, and the head is moved to its end; so
//    `verifyAuditChain` over the whole national log is a real verification;
//  - rows go in with COPY (pg-copy-streams), a kabupaten/kota at a time, one transaction each, while the next one is
//    generated: the database does its inserts, constraint checks, triggers and index maintenance as for any insert.
// Staff are inserted directly (one password hash for all of them): per province a head of section (manager,
// the province), a facilitator and a psychologist (the province), and two caseworkers per kabupaten/kota.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Services } from '../src/server/context.ts';
import type { ManualClock } from '../src/server/clock.ts';
import type { AuditEvent } from '../src/server/audit/events.ts';
import { AUDIT_COLUMNS, chainRows } from '../src/server/audit/chain.ts';
import type { ParticipantKey } from '../src/server/crypto/participant-keys.ts';
import { nameTokens } from '../src/server/crypto/blind-index.ts';
import { scopedRepo, systemRepo } from '../src/server/modules/repository.ts';
import type { CreateCtx } from '../src/server/modules/participants/registry-store.ts';
import { participantCode } from '../src/server/modules/participants/rules.ts';
import { hashPassword } from '../src/server/modules/auth/passwords.ts';
import { participantCreateBody, noteCreateBody, type ParticipantCreateBody } from '../src/shared/participants-api.ts';
import { programmeBody } from '../src/shared/programme-api.ts';
import { kitBody } from '../src/shared/aid-api.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { addDays as calendarAddDays, addMonthsClamped as calendarAddMonths } from '../src/shared/calendar.ts';
import { NATION_CODE, PROVINCES, REGENCIES } from '../src/shared/regions.ts';
import { Prng } from '../src/server/ops/seed/prng.ts';
import { GIVEN_NAMES, SECOND_NAMES, STREETS } from '../src/server/ops/seed/names.ts';
import { SYNTHETIC_NIK_SERIALS } from '../src/server/ops/seed.ts';

export const NATIONAL_YEARS = [2025, 2026];
const TODAY = '2026-11-28';
const TRADES = ['TATA_BOGA', 'MENJAHIT', 'SALON_KECANTIKAN', 'KATERING', 'KERAJINAN'];
const COHORT_SIZE = 16;
const SESSIONS = 13;
const CASEWORKERS_PER_REGENCY = 2;

type Row = Record<string, unknown>;
type Tables = Map<string, Row[]>;

export interface StaffMember {
  id: string;
  username: string;
  role: Role;
  regions: string[];
}

export interface NationalResult {
  participants: number;
  seconds: { staff: number; participants: number; total: number };
  rows: Record<string, number>;
  staff: StaffMember[];
  /** Things to search for, by province: code prefixes, NIKs that exist, name prefixes. */
  probes: { codePrefix: string; niks: string[]; names: string[] };
  /** Per kabupaten/kota generation and writing, summed (they overlap). */
  generateSeconds: number;
  writeSeconds: number;
  copySecondsByTable: Record<string, number>;
  indexSeconds: number;
}

// The calendar's date arithmetic, remembered: the seed asks the same few hundred days millions of times.
const memo = new Map<string, string>();
const remembered = (f: (iso: string, n: number) => string, tag: string) => (iso: string, n: number) => {
  const k = `${tag}${iso}|${n}`;
  let v = memo.get(k);
  if (v === undefined) {
    v = f(iso, n);
    memo.set(k, v);
  }
  return v;
};
const addDays = remembered(calendarAddDays, 'd');
const addMonthsClamped = remembered(calendarAddMonths, 'm');

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------- COPY
function esc(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

/** Rows (objects of one shape, or value arrays with their columns) as COPY's text format, in chunks. */
interface CopyText {
  table: string;
  columns: string[];
  chunks: string[];
  rows: number;
}

function copyText(table: string, rows: Row[] | unknown[][], columns?: string[]): CopyText {
  const cols = rows.length === 0 ? [] : (columns ?? Object.keys(rows[0] as Row));
  const arrays = columns ? (rows as unknown[][]) : null;
  const chunks: string[] = [];
  for (let i = 0; i < rows.length; i += 2000) {
    let out = '';
    for (let k = i; k < Math.min(rows.length, i + 2000); k++) {
      const vals = arrays ? arrays[k]! : cols.map((c) => (rows[k] as Row)[c]);
      out += `${vals.map(esc).join('\t')}\n`;
    }
    chunks.push(out);
  }
  return { table, columns: cols, chunks, rows: rows.length };
}

async function sendCopy(client: pg.ClientBase, t: CopyText) {
  if (t.rows === 0) return;
  const stream = client.query(copyFrom(`COPY ${t.table} (${t.columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(t.chunks), stream);
}

/** COPY rows (objects of one shape, or value arrays with their columns) into a table, in text format. */
export async function copyInto(client: pg.ClientBase, table: string, rows: Row[] | unknown[][], columns?: string[]) {
  await sendCopy(client, copyText(table, rows, columns));
}

/** The loaded tables, parents before children (the order the foreign keys, made again after the load, name them). */
const ORDER = [
  'participants',
  'participant_name_tokens',
  'participant_assignments',
  'assignment_events',
  'consents',
  'stage_events',
  'cohorts',
  'sessions_schedule',
  'enrollments',
  'attendance',
  'assessments',
  'case_plans',
  'allocations',
  'follow_ups',
  'follow_up_visits',
  'notes',
  'prospects',
  'outreach_contacts',
];

// ---------------------------------------------------------------- keys and indexes after the data
interface Deferred {
  keys: number;
  indexes: number;
  foreignKeys: number;
  restore(): Promise<void>;
}

/**
 * Drops the tables' primary keys, unique constraints, indexes and the foreign keys from or to them, remembering each
 * definition as the migrations left it (pg_get_constraintdef / pg_get_indexdef); `restore` makes them again in
 * pg_restore's order. Nothing is left out: a key or foreign key that no longer holds fails the restore, and the run.
 */
async function deferKeys(client: pg.ClientBase, tables: string[]): Promise<Deferred> {
  const q = async <R extends pg.QueryResultRow>(text: string) => (await client.query<R>(text, [tables])).rows;
  const inSchema = `n.nspname = current_schema()`;
  const foreignKeys = await q<{ tbl: string; name: string; def: string }>(
    `select t.relname as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
       left join pg_class f on f.oid = c.confrelid
      where ${inSchema} and c.contype = 'f' and (t.relname = any($1) or f.relname = any($1))`,
  );
  const keys = await q<{ tbl: string; name: string; def: string }>(
    `select t.relname as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      where ${inSchema} and c.contype in ('p', 'u') and t.relkind = 'r' and not t.relispartition
        and t.relname = any($1)`,
  );
  const indexes = await q<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where ${inSchema} and t.relkind = 'r' and not t.relispartition and t.relname = any($1)
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid and c.conrelid = t.oid)`,
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE "${fk.tbl}" DROP CONSTRAINT "${fk.name}"`);
  for (const k of keys) await client.query(`ALTER TABLE "${k.tbl}" DROP CONSTRAINT "${k.name}"`);
  for (const ix of indexes) await client.query(`DROP INDEX "${ix.name}"`);
  return {
    keys: keys.length,
    indexes: indexes.length,
    foreignKeys: foreignKeys.length,
    async restore() {
      await client.query(`SET maintenance_work_mem = '1GB'`);
      for (const k of keys) await client.query(`ALTER TABLE "${k.tbl}" ADD CONSTRAINT "${k.name}" ${k.def}`);
      for (const ix of indexes) await client.query(ix.def);
      for (const fk of foreignKeys) await client.query(`ALTER TABLE "${fk.tbl}" ADD CONSTRAINT "${fk.name}" ${fk.def}`);
      await client.query('RESET maintenance_work_mem');
    },
  };
}

// ---------------------------------------------------------------- the seed
export async function seedNational(
  s: Services,
  clock: ManualClock,
  copyClient: pg.ClientBase,
  n: number,
  seed: number,
  password: string,
  log: (l: string) => void,
  /** More connections that write kabupaten/kota beside copyClient (a COPY keeps one server process busy). */
  extraWriters: pg.ClientBase[] = [],
): Promise<NationalResult> {
  const t0 = performance.now();
  const db = s.db.kysely;
  const rnd = new Prng(seed, 26);
  const sys = systemRepo(s, 'bench-seed', 'synthetic national benchmark data');
  const chainKey = s.keys.subkey('audit-chain');
  // A bulk load's own session: its commits need not wait for the disk one by one (no planner setting).
  for (const c of [copyClient, ...extraWriters]) await c.query('SET synchronous_commit = off');

  // ---------------------------------------------------------------- staff
  const hash = await hashPassword(password);
  const staff: StaffMember[] = [];
  const now0 = '2024-11-01T01:00:00.000Z';
  const caseworkersOf = new Map<string, StaffMember[]>();
  const provinceStaff = new Map<string, Record<string, StaffMember>>();
  const add = (username: string, role: Role, regions: string[]) => {
    const m = { id: randomUUID(), username, role, regions };
    staff.push(m);
    return m;
  };
  for (const p of PROVINCES) {
    const regs = REGENCIES.filter((r) => r.code.startsWith(p.code));
    provinceStaff.set(p.code, {
      manager: add(`kasi.${p.code}`, 'manager', [p.code]),
      facilitator: add(`fasilitator.${p.code}`, 'facilitator', [p.code]),
      psychologist: add(`psikolog.${p.code}`, 'psychologist', [p.code]),
    });
    for (const r of regs)
      caseworkersOf.set(
        r.code,
        Array.from({ length: CASEWORKERS_PER_REGENCY }, (_, i) =>
          add(`pendamping.${r.code}.${i + 1}`, 'caseworker', [r.code]),
        ),
      );
  }
  // The national (ministry) role, when the policy has it.
  if ((ROLES as readonly string[]).includes('ministry')) add('kemensos.1', 'ministry' as Role, [NATION_CODE]);
  await copyInto(
    copyClient,
    'users',
    staff.map((m) => ({
      id: m.id,
      username: m.username,
      name: null,
      role: m.role,
      password_hash: hash,
      must_change_password: 0,
      totp_secret: null,
      totp_enabled: 0,
      active: 1,
      created_at: now0,
      updated_at: now0,
      version: 1,
    })),
  );
  await copyInto(
    copyClient,
    'user_regions',
    staff.flatMap((m) => m.regions.map((r) => ({ user_id: m.id, region_code: r }))),
  );
  const tStaff = (performance.now() - t0) / 1000;

  // ---------------------------------------------------------------- programmes and kits (through their stores)
  clock.set(new Date('2024-11-15T01:00:00Z'));
  const kits: { id: string; trade: string; total: number }[] = [];
  for (const trade of TRADES) {
    const k = await sys.aid.createKit(
      kitBody.parse({
        trade,
        name: `Paket ${trade.toLowerCase()} (sintetis)`,
        items: [
          { name: 'Peralatan utama', quantity: 1, unit: 'unit', unitPrice: 2_000_000 },
          { name: 'Bahan awal', quantity: 1, unit: 'paket', unitPrice: 900_000 },
        ],
      }),
    );
    kits.push({ id: k.id, trade, total: k.total });
  }
  const programmes = new Map<number, string>();
  for (const year of NATIONAL_YEARS) {
    clock.set(new Date(`${year - 1}-11-15T01:00:00Z`));
    const p = await sys.programmes.createProgramme(
      programmeBody.parse({
        name: `Rehabilitasi Sosial Nasional ${year} (sintetis)`,
        year,
        budgetCeiling: 500_000_000_000,
        // The API allows a target of at most 100,000 for one programme.
        targetParticipants: Math.min(100_000, Math.ceil(n / NATIONAL_YEARS.length)),
      }),
    );
    programmes.set(year, p.id);
  }
  // A bulk load's usual order (pg_restore's): the data first, then the keys and indexes, then the foreign keys.
  // The loaded tables' primary keys, unique constraints and indexes and every foreign key that touches them are
  // dropped here and made again after the load from their own definitions; building a unique key checks every row,
  // and adding a foreign key validates every row. The audit log (partitioned, appended in chain order) keeps its key.
  const deferred = await deferKeys(copyClient, [...ORDER, 'audit_subjects']);
  // The chain continues from the head the database holds (the stores above appended to it).
  let head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  head = { seq: Number(head.seq), hash: head.hash };

  // ---------------------------------------------------------------- kabupaten/kota by kabupaten/kota
  const rows: Record<string, number> = {};
  const tableMs: Record<string, number> = {};
  const codeSeq = new Map<string, number>();
  const niks: string[] = [];
  const names: string[] = [];
  let made = 0;
  let genMs = 0;
  let writeMs = 0;
  let failed: unknown = null;
  const regencies = REGENCIES.map((r) => r.code);
  // Writers: each takes the next kabupaten/kota made (its rows already in COPY's text) and writes it in one
  // transaction. With the keys and foreign keys made after the load, kabupaten/kota are independent of each other.
  const writers = [copyClient, ...extraWriters];
  const ready: CopyText[][] = [];
  let done = false;
  let wake: (() => void) | null = null;
  const room: { free: (() => void) | null } = { free: null };
  const signal = () => {
    wake?.();
    wake = null;
  };
  const freeRoom = () => {
    room.free?.();
    room.free = null;
  };
  const writer = async (client: pg.ClientBase) => {
    for (;;) {
      const batch = ready.shift();
      freeRoom();
      if (!batch) {
        if (done || failed) return;
        await new Promise<void>((resolve) => {
          const prev = wake;
          wake = () => {
            prev?.();
            resolve();
          };
        });
        continue;
      }
      const t = performance.now();
      try {
        await client.query('BEGIN');
        for (const part of batch) {
          const t1 = performance.now();
          await sendCopy(client, part);
          tableMs[part.table] = (tableMs[part.table] ?? 0) + performance.now() - t1;
          rows[part.table] = (rows[part.table] ?? 0) + part.rows;
        }
        await client.query('COMMIT');
      } catch (e) {
        failed ??= e;
        await client.query('ROLLBACK').catch(() => {});
        signal();
        freeRoom();
        return;
      }
      writeMs += performance.now() - t;
    }
  };
  const writing = Promise.all(writers.map(writer));
  for (const [ri, region] of regencies.entries()) {
    const count = Math.floor(((ri + 1) * n) / regencies.length) - Math.floor((ri * n) / regencies.length);
    const t = performance.now();
    const { tables, events } = await generateRegency(s, clock, rnd, {
      region,
      count,
      caseworkers: caseworkersOf.get(region)!,
      province: provinceStaff.get(region.slice(0, 2))!,
      programmes,
      kits,
      codeSeq,
      probes: { niks, names },
      wrapping: await provinceWrapping(s, region.slice(0, 2), '2025-01-01T00:00:00.000Z'),
    });
    // One chain: seq and hash follow the head left by the previous kabupaten/kota.
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    const { rows: audit, last } = chainRows(chainKey, { seq: head.seq + events.length, hash: head.hash }, events);
    head = { seq: head.seq + events.length, hash: last };
    const batch = ORDER.map((table) => copyText(table, tables.get(table) ?? []));
    batch.push(copyText('audit_log', audit, [...AUDIT_COLUMNS]));
    genMs += performance.now() - t;
    // At most as many kabupaten/kota wait as there are writers (the memory a batch holds stays bounded).
    while (ready.length >= writers.length && !failed) await new Promise<void>((resolve) => (room.free = resolve));
    if (failed) break;
    ready.push(batch);
    signal();
    made += count;
    if (ri % 25 === 24 || ri === regencies.length - 1)
      log(
        `  ${made} participants (${ri + 1}/${regencies.length} kabupaten/kota), ${Math.round((performance.now() - t0) / 1000)} s`,
      );
  }
  done = true;
  signal();
  await writing;
  if (failed) throw failed;
  await copyClient.query('BEGIN');
  await copyClient.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [head.seq, head.hash]);
  for (const [k, last] of codeSeq) {
    const [region, year2] = k.split('|') as [string, string];
    await copyClient.query(
      'INSERT INTO participant_code_seq (region_code, year2, last) VALUES ($1, $2, $3) ON CONFLICT (region_code, year2) DO UPDATE SET last = EXCLUDED.last',
      [region, year2, last],
    );
  }
  await copyClient.query('COMMIT');
  const tIndexes = performance.now();
  await deferred.restore();
  const indexSeconds = (performance.now() - tIndexes) / 1000;
  log(
    `  ${deferred.keys} keys, ${deferred.indexes} indexes and ${deferred.foreignKeys} foreign keys made again in ${Math.round(indexSeconds)} s`,
  );
  await copyClient.query('SET synchronous_commit = on');
  const total = (performance.now() - t0) / 1000;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    participants: made,
    seconds: { staff: round(tStaff), participants: round(total - tStaff), total: round(total) },
    rows,
    staff,
    probes: { codePrefix: 'BRD-3171-25-00', niks, names },
    generateSeconds: round(genMs / 1000),
    indexSeconds: round(indexSeconds),
    copySecondsByTable: Object.fromEntries(Object.entries(tableMs).map(([k, v]) => [k, round(v / 1000)])),
    writeSeconds: round(writeMs / 1000),
  };
}

interface RegencyPlan {
  region: string;
  count: number;
  caseworkers: StaffMember[];
  province: Record<string, StaffMember>;
  programmes: Map<number, string>;
  kits: { id: string; trade: string; total: number }[];
  codeSeq: Map<string, number>;
  probes: { niks: string[]; names: string[] };
  /** Her province's key, which wraps her data key, when the key code has province keys (else the master key does). */
  wrapping: unknown;
}

/** The current key of a province, through the data-key code, when it has province keys. */
async function provinceWrapping(s: Services, province: string, now: string): Promise<unknown> {
  const provinces = (
    s.dataKeys as unknown as {
      provinces?: { current(exec: unknown, province: string, now: string): Promise<unknown> };
    }
  ).provinces;
  return provinces ? provinces.current(s.db.kysely, province, now) : undefined;
}

type RegistrationRows = (
  input: ParticipantCreateBody,
  ctx: CreateCtx,
  code: string,
  wrapping?: unknown,
) => {
  participant: Row & { id: string; created_at: string; dek_wrapped: string };
  assignment: Row | null;
  assignmentEvent: Row | null;
  consents: Row[];
  stageEvent: Row;
  event: AuditEvent;
};

async function generateRegency(s: Services, clock: ManualClock, rnd: Prng, plan: RegencyPlan) {
  const { region, count } = plan;
  const tables: Tables = new Map(ORDER.map((t) => [t, []]));
  const push = (t: string, r: Row) => tables.get(t)!.push(r);
  const events: { event: AuditEvent; at: Date }[] = [];
  const ev = (at: string, actor: StaffMember, e: Omit<AuditEvent, 'actorId' | 'actor' | 'requestId' | 'ip'>) =>
    events.push({
      event: { actorId: actor.id, actor: actor.username, requestId: null, ip: null, ...e },
      at: new Date(at),
    });
  const used = new Set<string>();
  const people: { id: string; key: ParticipantKey; registered: string; cw: StaffMember }[] = [];
  const start = Date.parse('2025-01-02T01:00:00Z');
  const span = Date.parse('2026-11-27T08:00:00Z') - start;
  const { manager, facilitator, psychologist } = plan.province as Record<
    'manager' | 'facilitator' | 'psychologist',
    StaffMember
  >;

  // ---------------------------------------------------------------- registrations, in time order
  for (let i = 0; i < count; i++) {
    // Lets the previous kabupaten/kota's COPY go on feeding the database while this one is made.
    if (i % 25 === 24) await yieldToIo();
    const at = new Date(start + Math.floor(((i + 0.5) * span) / count));
    clock.set(at);
    const cw = plan.caseworkers[i % plan.caseworkers.length]!;
    const repo = scopedRepo(
      s,
      { id: cw.id, username: cw.username, role: cw.role, regions: cw.regions },
      { requestId: randomUUID(), ip: null },
    );
    const year = at.getUTCFullYear();
    const given = rnd.pick(GIVEN_NAMES);
    const fullName = `${given} ${rnd.pick(SECOND_NAMES)} ${rnd.pick(SECOND_NAMES)}`;
    const y = rnd.int(year - 45, year - 18);
    const m = String(rnd.int(1, 12)).padStart(2, '0');
    const d = String(rnd.int(1, 28)).padStart(2, '0');
    let nik: string | undefined;
    if (rnd.chance(0.8)) {
      const kec = `${region}${String(rnd.int(1, 9)).padStart(2, '0')}`;
      let serial = rnd.int(SYNTHETIC_NIK_SERIALS[0], SYNTHETIC_NIK_SERIALS[1]);
      for (let tries = 0; ; tries++) {
        nik = `${kec}${Number(d) + 40}${m}${String(y).slice(2)}${serial}`;
        if (!used.has(nik)) break;
        serial = serial === SYNTHETIC_NIK_SERIALS[1] ? SYNTHETIC_NIK_SERIALS[0] : serial + 1;
        if (tries > 100) {
          nik = undefined;
          break;
        }
      }
      if (nik) used.add(nik);
      if (nik && plan.probes.niks.length < 300 && rnd.chance(0.001)) plan.probes.niks.push(nik);
    }
    if (plan.probes.names.length < 300 && rnd.chance(0.001))
      plan.probes.names.push(given.slice(0, rnd.int(3, given.length)));
    const today = at.toISOString().slice(0, 10);
    const body = participantCreateBody.parse({
      regionCode: region,
      category: rnd.pick(['PEREMPUAN_RENTAN', 'MANTAN_PEKERJA_SEKS', 'PENYINTAS_TPPO', 'KORBAN_KEKERASAN']),
      referralSource: rnd.pick(['MANDIRI', 'KELUARGA', 'LKS_LSM', 'RUMAH_SINGGAH', 'PUSKESMAS']),
      participationBasis: 'SUKARELA',
      identity: {
        fullName,
        ...(nik ? { nik } : { noNikReason: 'UNKNOWN' }),
        birthDate: `${y}-${m}-${d}`,
        sex: 'F',
        address: `${rnd.pick(STREETS)} No. ${rnd.int(1, 150)} (alamat sintetis)`,
        phone: `08${rnd.int(11, 59)} ${rnd.int(1000, 9999)} ${rnd.int(1000, 9999)}`,
      },
      consents: ['PARTICIPATION', 'DATA_PROCESSING', 'FOLLOW_UP_CONTACT'].map((purpose) => ({
        purpose,
        method: 'SIGNED_FORM',
        explainedBy: 'Pendamping (sintetis)',
        language: 'id',
        givenAt: today,
      })),
      acknowledgeDuplicates: true,
    });
    const ctx = repo.participants.prepareCreate(body);
    const y4 = ctx.today.slice(0, 4);
    const seqKey = `${region}|${y4.slice(2)}`;
    const next = (plan.codeSeq.get(seqKey) ?? 0) + 1;
    plan.codeSeq.set(seqKey, next);
    // The registry's own rows for a registration (private: the import's insertManyInTx calls it the same way).
    const registrationRows = (
      repo.participants as unknown as { registrationRows: RegistrationRows }
    ).registrationRows.bind(repo.participants);
    const r = registrationRows(body, ctx, participantCode(region, y4, next), plan.wrapping);
    push('participants', r.participant);
    for (const token of nameTokens(s.keys, [ctx.identity.fullName, ctx.identity.preferredName]))
      push('participant_name_tokens', { token, participant_id: ctx.id });
    if (r.assignment) push('participant_assignments', r.assignment);
    if (r.assignmentEvent) push('assignment_events', r.assignmentEvent);
    for (const c of r.consents) push('consents', c);
    push('stage_events', r.stageEvent);
    events.push({ event: r.event, at });
    people.push({
      id: ctx.id,
      key: s.dataKeys.unwrap(ctx.id, r.participant.dek_wrapped),
      registered: r.participant.created_at,
      cw,
    });
    // Half of them get a case note from their caseworker a week later (the API's body schema, sealed as NoteStore does).
    if (rnd.chance(0.5)) {
      const noteAt = `${addDays(today, 7)}T03:00:00.000Z`;
      if (noteAt.slice(0, 10) < TODAY) {
        const note = noteCreateBody.parse({
          type: 'GENERAL',
          body: `Kunjungan awal (catatan sintetis ${rnd.int(1, 9999)}).`,
        });
        const noteId = randomUUID();
        push('notes', {
          id: noteId,
          participant_id: ctx.id,
          type: note.type,
          body_ct: people[people.length - 1]!.key.seal('notes', 'body', noteId, note.body),
          author_id: cw.id,
          created_at: noteAt,
          updated_at: noteAt,
          version: 1,
        });
        ev(noteAt, cw, {
          action: 'note.create',
          resourceType: 'participant',
          resourceId: ctx.id,
          outcome: 'success',
          detail: { type: note.type },
        });
      }
    }
  }

  // ---------------------------------------------------------------- programme delivery: three in four in a cohort
  const stage = new Map<string, string[]>();
  // Where each graduate's follow-up stands (participants.follow_up_state), from the points made below.
  const followUpState = new Map<string, 'OPEN' | 'OVER'>();
  const joining = people.filter(() => rnd.chance(0.75));
  let cohortNo = 0;
  for (let i = 0; i < joining.length; i += COHORT_SIZE) {
    const members = joining.slice(i, i + COHORT_SIZE);
    const lastReg = members[members.length - 1]!.registered.slice(0, 10);
    const year = Number(lastReg.slice(0, 4));
    const start = addDays(lastReg, 21) > `${year}-12-01` ? `${year}-12-01` : addDays(lastReg, 21);
    if (start >= TODAY) continue;
    const end = addDays(addMonthsClamped(start, 1), -1);
    const cohortId = randomUUID();
    const trade = TRADES[cohortNo % TRADES.length]!;
    const kit = plan.kits.find((k) => k.trade === trade)!;
    const done = end < TODAY;
    push('cohorts', {
      id: cohortId,
      programme_id: plan.programmes.get(year)!,
      name: `Angkatan ${++cohortNo} ${region}`,
      region_code: region,
      venue_id: null,
      start_date: start,
      end_date: end,
      capacity: COHORT_SIZE,
      tracks: JSON.stringify([trade]),
      status: done ? 'COMPLETED' : 'RUNNING',
      graduation_confirmed_at: done ? `${addDays(end, 1)}T02:00:00.000Z` : null,
      graduation_confirmed_by: done ? manager.id : null,
      created_at: `${addDays(start, -40)}T02:00:00.000Z`,
      updated_at: `${addDays(end, 1)}T02:00:00.000Z`,
      version: 3,
    });
    const sess: { id: string; date: string }[] = [];
    for (let k = 0; k < SESSIONS; k++) {
      const date = addDays(start, Math.floor((k * 28) / SESSIONS));
      const type = k % 4 === 3 ? 'RELIGIOUS_GUIDANCE' : k % 4 === 2 ? 'PSYCHOLOGICAL_GROUP' : 'TRADE_SKILL';
      const id = randomUUID();
      sess.push({ id, date });
      push('sessions_schedule', {
        id,
        cohort_id: cohortId,
        type,
        title: null,
        facilitator_id: facilitator.id,
        facilitator_name: null,
        place: null,
        date,
        start_time: '08:00',
        end_time: '11:00',
        mandatory: 0,
        cancelled: 0,
        moved_from: null,
        created_at: `${addDays(start, -30)}T02:00:00.000Z`,
        version: 1,
      });
      if (date < TODAY)
        ev(`${date}T06:00:00.000Z`, facilitator, {
          action: 'attendance.write',
          resourceType: 'session',
          resourceId: id,
          outcome: 'success',
          detail: { marked: members.length },
        });
    }
    await yieldToIo();
    for (const p of members) {
      const reg = p.registered.slice(0, 10);
      const assessedAt = `${addDays(reg, 4)}T03:00:00.000Z`;
      const reviewedAt = `${addDays(reg, 8)}T03:00:00.000Z`;
      const answers = {
        living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
        health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
        economy: { monthlyIncome: rnd.int(0, 20) * 50_000, debts: 0, dependants: rnd.int(0, 3) },
        education: { level: 'SMP', skills: [] },
        srq20: Array.from({ length: 20 }, () => rnd.chance(0.2)),
        trafficking: {},
        safety: { risks: ['NONE'] },
      };
      push('assessments', {
        participant_id: p.id,
        version: 1,
        answers_ct: p.key.seal('assessments', 'answers', `${p.id}:1`, JSON.stringify(answers)),
        srq20_score: answers.srq20.filter(Boolean).length,
        srq20_threshold: 6,
        proposed_risk: 'LOW',
        confirmed_risk: 'LOW',
        assessed_by: p.cw.id,
        assessed_at: assessedAt,
        assessed_on: assessedAt.slice(0, 10),
        // The head of section reviews it before she approves the case plan (the recent ones still wait).
        reviewed_by: reviewedAt.slice(0, 10) < TODAY ? manager.id : null,
        reviewed_at: reviewedAt.slice(0, 10) < TODAY ? reviewedAt : null,
      });
      const approvedAt = `${addDays(reg, 12)}T03:00:00.000Z`;
      push('case_plans', {
        participant_id: p.id,
        version: 1,
        status: 'APPROVED',
        conference_ct: null,
        approved_by: manager.id,
        approved_at: approvedAt,
        approved_on: approvedAt.slice(0, 10),
        updated_by: p.cw.id,
        updated_at: `${addDays(reg, 10)}T03:00:00.000Z`,
      });
      const attends = rnd.chance(0.85) ? 0.95 : 0.6;
      let attended = 0;
      const enrolmentId = randomUUID();
      let held = 0;
      for (const x of sess) {
        if (x.date >= TODAY) continue;
        held += 1;
        const status = rnd.next() < attends ? 'PRESENT' : 'ABSENT';
        if (status === 'PRESENT') attended += 1;
        push('attendance', {
          session_id: x.id,
          enrollment_id: enrolmentId,
          status,
          note_ct: null,
          marked_by: facilitator.id,
          marked_at: `${x.date}T06:00:00.000Z`,
        });
      }
      const passed = attended / SESSIONS >= 0.8;
      const status = !done ? 'ENROLLED' : passed ? 'GRADUATED' : 'NOT_GRADUATED';
      push('enrollments', {
        id: enrolmentId,
        cohort_id: cohortId,
        participant_id: p.id,
        track: trade,
        status,
        waitlist_seq: null,
        reason_ct: null,
        result: done
          ? JSON.stringify({
              sessionsHeld: held,
              attended,
              rate: Math.round((attended / SESSIONS) * 10_000) / 10_000,
              mandatoryMissed: 0,
              passed,
            })
          : null,
        enrolled_on: addDays(start, -5),
        created_by: p.cw.id,
        created_at: `${addDays(start, -5)}T02:00:00.000Z`,
        updated_at: `${addDays(end, 1)}T02:00:00.000Z`,
        version: done ? 3 : 1,
      });
      stage.set(
        p.id,
        status === 'GRADUATED'
          ? ['ASESMEN', 'RENCANA_INTERVENSI', 'INTERVENSI', 'RESOSIALISASI_REINTEGRASI']
          : ['ASESMEN', 'RENCANA_INTERVENSI', 'INTERVENSI'],
      );
      for (const [action, at, who] of [
        ['assessment.create', assessedAt, p.cw],
        ['assessment.review', reviewedAt, manager],
        ['caseplan.write', `${addDays(reg, 10)}T03:00:00.000Z`, p.cw],
        ['caseplan.approve', approvedAt, manager],
        ['enrollment.write', `${addDays(start, -5)}T02:00:00.000Z`, p.cw],
      ] as const) {
        if (at.slice(0, 10) < TODAY)
          ev(at, who, { action, resourceType: 'participant', resourceId: p.id, outcome: 'success' });
      }
      // Her caseworker, the head of section and the psychologist read her record a few times over the months.
      for (let r = 0; r < 5; r++) {
        const at = `${addDays(reg, 5 + r * 9)}T04:00:00.000Z`;
        if (at.slice(0, 10) < TODAY)
          ev(at, r === 4 ? manager : r === 3 ? psychologist : p.cw, {
            action: 'participant.read',
            resourceType: 'participant',
            resourceId: p.id,
            outcome: 'success',
          });
      }
      if (status === 'GRADUATED') {
        const handover = addDays(end, 21);
        const allocationId = randomUUID();
        push('allocations', {
          id: allocationId,
          cohort_id: cohortId,
          enrollment_id: enrolmentId,
          participant_id: p.id,
          kit_id: kit.id,
          kit_version: 1,
          alternative_reason_ct: null,
          status: handover < TODAY ? 'HANDED_OVER' : 'APPROVED',
          procurement: JSON.stringify(['READY', 'READY']),
          serials: JSON.stringify([null, null]),
          value: kit.total,
          approved_by: manager.id,
          approved_at: `${addDays(end, 10)}T02:00:00.000Z`,
          handover_date: handover < TODAY ? handover : null,
          handover_place: handover < TODAY ? 'Kantor dinas (sintetis)' : null,
          handover_people_ct: null,
          signed_scan_ct: null,
          photo_ct: null,
          business_kind: 'KUE_ROTI',
          business_region: region,
          business_start: addDays(handover, 10),
          created_by: p.cw.id,
          created_at: `${addDays(end, 5)}T02:00:00.000Z`,
          version: 3,
        });
        // Her caseworker marks a point missed within a month of its day, and two months after her last point the
        // case is closed (the decision the worklist asks for): what an office's records look like years on.
        const closed = addMonthsClamped(end, 12) < addDays(TODAY, -60);
        if (closed) stage.get(p.id)!.push('TERMINASI');
        for (const months of [1, 3, 6, 12]) {
          const due = addMonthsClamped(end, months);
          const fid = randomUUID();
          const visited = due < '2026-11-20' && rnd.chance(0.85);
          const missed = !visited && due < addDays(TODAY, -30);
          if (!visited && !missed) followUpState.set(p.id, 'OPEN');
          else if (!followUpState.has(p.id)) followUpState.set(p.id, 'OVER');
          push('follow_ups', {
            id: fid,
            participant_id: p.id,
            cohort_id: cohortId,
            point_months: months,
            due_date: due,
            assignee_id: p.cw.id,
            status: visited ? 'DONE' : missed ? 'MISSED' : 'DUE',
            cancel_reason: null,
            created_at: `${addDays(end, 1)}T02:00:00.000Z`,
            updated_at: `${visited ? due : missed ? addDays(due, 30) : addDays(end, 1)}T02:00:00.000Z`,
            version: visited || missed ? 2 : 1,
          });
          if (visited) {
            const vid = randomUUID();
            push('follow_up_visits', {
              id: vid,
              follow_up_id: fid,
              participant_id: p.id,
              date: due,
              business_status: rnd.chance(0.7) ? 'RUNNING' : 'PAUSED',
              income_band: '500K_1M',
              answers_ct: p.key.seal(
                'follow_up_visits',
                'answers',
                vid,
                JSON.stringify({
                  method: 'HOME_VISIT',
                  kitInUse: 'YES',
                  housingStable: 'YES',
                  familySupport: 'YES',
                  healthAccess: 'YES',
                  documents: 'YES',
                  wellbeing: 4,
                  safetyConcern: false,
                  returnRisk: 'NO',
                }),
              ),
              recorded_by: p.cw.id,
              created_at: `${due}T04:00:00.000Z`,
            });
            ev(`${due}T04:00:00.000Z`, p.cw, {
              action: 'followup.visit',
              resourceType: 'follow_up',
              resourceId: fid,
              outcome: 'success',
              detail: { participantId: p.id },
            });
          }
        }
      }
    }
  }
  // Stage moves: the participant row's stage and version, and one stage event per move.
  const byId = new Map(tables.get('participants')!.map((p) => [p.id as string, p]));
  for (const [id, moves] of stage) {
    const p = byId.get(id)!;
    p.stage = moves[moves.length - 1];
    p.follow_up_state = followUpState.get(id) ?? null;
    p.version = 2;
    moves.forEach((to, k) => {
      push('stage_events', {
        id: randomUUID(),
        participant_id: id,
        ordinal: k + 2,
        from_stage: k === 0 ? 'PENERIMAAN' : moves[k - 1],
        to_stage: to,
        kind: 'move',
        reason_ct: null,
        // The head of section closes the case herself (no approval to wait for), as the app records it.
        closure_reason: to === 'TERMINASI' ? 'TUJUAN_TERCAPAI' : null,
        actor_id: manager.id,
        approved_by: null,
        at: `${(p.created_at as string).slice(0, 10) < '2026-01-01' ? '2025' : '2026'}-11-27T00:00:00.000Z`,
      });
    });
  }
  // Outreach: about one contact for every two people registered.
  for (let i = 0; i < Math.round(count / 2); i++) {
    const date = addDays('2025-01-01', rnd.int(0, 695));
    if (date >= TODAY) continue;
    const pid = randomUUID();
    const worker = plan.caseworkers[i % plan.caseworkers.length]!;
    push('prospects', {
      id: pid,
      region_code: region,
      alias_index: null,
      alias_ct: null,
      status: 'OPEN',
      participant_id: null,
      created_at: `${date}T03:00:00.000Z`,
    });
    push('outreach_contacts', {
      id: randomUUID(),
      prospect_id: pid,
      region_code: region,
      contact_date: date,
      place_kind: 'JALAN',
      channel: 'JANGKAUAN_JALANAN',
      topics: '["PROGRAM"]',
      materials: '[]',
      interest_level: 'MEDIUM',
      outcome: 'NOT_NOW',
      next_contact_date: null,
      came_voluntarily: null,
      worker_id: worker.id,
      created_at: `${date}T03:00:00.000Z`,
      updated_at: `${date}T03:00:00.000Z`,
      version: 1,
    });
  }
  for (const p of people) s.dataKeys.forget(p.id);
  return { tables, events };
}
