// `npm run bench -- --size national` (PostgreSQL only, TEST_DATABASE_URL): the national size and its plan check.
//  1. seeds 1,000,000 participants over the 38 provinces into a schema of its own (bench/national-seed.ts), then
//     VACUUM (ANALYZE) of its tables (what autovacuum does after a bulk load; no planner setting is changed);
//  2. the plan check: the real server, in this process, answers a walk of every GET route of its OpenAPI document
//     (and the participant search) for staff of several roles and provinces; every statement the driver is handed
//     meanwhile is captured (pg.Client's query wrapped here, in the bench, never in the app) and EXPLAINed
//     (FORMAT JSON) with its own parameters; each plan is printed, and the run fails (exit code 1) when one reads a
//     table of more than PLAN_BIG_TABLE rows with a Seq Scan;
//  3. the figures: search p50/p95, the annual report (the largest province's, as its head of section, and the
//     nation's) against bench/report-sql.ts, an import of 100,000 rows (five imports of 20,000, the most one import
//     takes), the verification of the whole audit chain, and the mixed workload (bench/workload.ts) when present.
// Timings are printed, never asserted. The schema is dropped at the end unless --keep.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import { buildApp } from '../src/server/http/app.ts';
import { scopedRepo, systemRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { totpCode } from '../src/server/modules/auth/totp.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';
import { PROVINCES, REGENCIES } from '../src/shared/regions.ts';
import type { Role } from '../src/shared/roles.ts';
import { handWrittenAnnual } from './report-sql.ts';
import { seedNational, type StaffMember } from './national-seed.ts';

/**
 * A CPU profile of this process's main thread (the server runs in it, beside the bench's own requests) from now
 * until the returned function is called, written to bench/<name>.cpuprofile (Chrome's DevTools opens it).
 */
async function cpuProfile(on: boolean | undefined, name: string): Promise<() => Promise<void>> {
  if (!on) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    const file = path.join('bench', `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`[postgres national] CPU profile written to ${file}`);
  };
}

/** A Seq Scan of a table with more rows than this fails the plan check (a small lookup table is fine). */
export const PLAN_BIG_TABLE = 50_000;
const REPORT_YEAR = 2025;
const TODAY = new Date('2026-11-28T01:00:00.000Z');
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (times: number[], p: number) => {
  const s = [...times].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
};

// ---------------------------------------------------------------- statements the driver is handed
const captured = new Map<string, unknown[]>();
let capturing = false;
const originalQuery = pg.Client.prototype.query;
// biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this only looks at its first two arguments
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  if (capturing) {
    const [config, values] = args;
    const text: unknown = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string' && !captured.has(text))
      captured.set(text, (typeof config === 'string' ? values : (config?.values ?? values)) ?? []);
  }
  // biome-ignore lint/suspicious/noExplicitAny: forwarded as given
  return (originalQuery as any).apply(this, args);
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

function walkPlan(node: PlanNode, visit: (n: PlanNode) => void) {
  visit(node);
  for (const c of node.Plans ?? []) walkPlan(c, visit);
}

function compactPlan(node: PlanNode): string {
  const own = `${node['Node Type']}${node['Relation Name'] ? ` ${node['Relation Name']}` : ''}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`;
  return node.Plans?.length ? `${own} [${node.Plans.map(compactPlan).join('; ')}]` : own;
}

function importCsv(from: number, rows: number): Buffer {
  const head =
    'regionCode,category,participationBasis,fullName,nik,birthDate,sex,address,phone,consentParticipation,consentDataProcessing,consentExplainedBy';
  const lines = [head];
  for (let i = from; i < from + rows; i++) {
    const d = String((i % 28) + 1).padStart(2, '0');
    const m = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const y = 1975 + (Math.floor(i / 336) % 30);
    // District xx99 is not used by the seed (kecamatan 01–09); serials 9900–9999 are the synthetic range.
    const nik = `637199${Number(d) + 40}${m}${String(y).slice(2)}${9900 + (Math.floor(i / 10_080) % 100)}`;
    lines.push(
      `6371,PEREMPUAN_RENTAN,SUKARELA,Peserta Impor ${i} Sintetis,${nik},${y}-${m}-${d},F,Jl. Sintetis No. ${i % 200},0812 0000 ${String(i % 10_000).padStart(4, '0')},2026-11-20,2026-11-20,Pendamping`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function multipart(fileName: string, data: Buffer) {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n{}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface NationalOptions {
  pgUrl: string;
  participants?: number;
  keep?: boolean;
  /** A CPU profile of the five imports (bench/national-import.cpuprofile). */
  profileImport?: boolean;
  /** A CPU profile of the mixed workload (bench/national-workload.cpuprofile). */
  profileWorkload?: boolean;
  /** Seconds of mixed workload (bench/workload.ts), 0 for none. */
  workloadSeconds?: number;
  /** Seed, vacuum and stop (timing the seed alone). */
  seedOnly?: boolean;
  log?: (l: string) => void;
}

export async function runNational(o: NationalOptions) {
  const n = o.participants ?? 1_000_000;
  const log = o.log ?? ((l: string) => console.error(`[postgres national] ${l}`));
  const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'berdaya-national-'));
  const schema = `national_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: o.pgUrl });
  const clock = new ManualClock(TODAY.getTime());
  const booted = await boot(config, { keyRing: new KeyRing(randomBytes(32)), clock, pgSchema: schema, poolSize: 10 });
  const side = new pg.Client({ connectionString: o.pgUrl, options: `-c search_path=${schema}` });
  await side.connect();
  // A second writer for the seed: one COPY keeps one server process busy, and this machine has two cores.
  const side2 = new pg.Client({ connectionString: o.pgUrl, options: `-c search_path=${schema}` });
  await side2.connect();
  const password = `Bench-national-${randomBytes(4).toString('hex')}`;
  const planFile = path.join('bench', 'national-plans.txt');
  const planFailuresFile = path.join('bench', 'national-plan-failures.json');
  let planFailures: string[] = [];
  try {
    const s = booted.services;
    const db = s.db.kysely;
    log(`schema ${schema}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    log(`seeding ${n} participants over ${PROVINCES.length} provinces, ${REGENCIES.length} kabupaten/kota…`);
    const seeded = await seedNational(s, clock, side, n, 26, password, log, [side2]);
    log(`seeded in ${seeded.seconds.total} s (generation ${seeded.generateSeconds} s, COPY ${seeded.writeSeconds} s)`);
    log(`COPY seconds by table: ${JSON.stringify(seeded.copySecondsByTable)}`);
    log(`rows: ${JSON.stringify(seeded.rows)}`);
    let t = performance.now();
    const tables = (
      await side.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      )
    ).rows.map((r) => `"${r.name}"`);
    await side.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
    const vacuumSeconds = round((performance.now() - t) / 1000);
    log(`VACUUM (ANALYZE) ${vacuumSeconds} s`);
    if (o.seedOnly) return null;
    const sizes = new Map(
      (
        await side.query<{ relname: string; n: number }>(
          `select c.relname, greatest(c.reltuples, 0)::bigint as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = current_schema() and c.relkind in ('r', 'p')`,
        )
      ).rows.map((r) => [r.relname, Number(r.n)]),
    );
    const dbBytes = Number(
      (
        await side.query<{ b: string }>(
          `select sum(pg_total_relation_size(c.oid))::bigint as b from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = current_schema() and c.relkind = 'r'`,
        )
      ).rows[0]!.b,
    );

    // ---------------------------------------------------------------- the server and its staff
    clock.set(TODAY);
    const { app, auth } = await buildApp(s, { webDir: path.join(dataDir, 'no-web') });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const signIn = async (username: string, pw: string, totpSecret?: string) => {
      if (totpSecret) clock.advance(30_000);
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({
          username,
          password: pw,
          ...(totpSecret ? { totp: totpCode(totpSecret, clock.now()) } : {}),
        }),
      });
      if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const sys = systemRepo(s, 'bench', 'national benchmark staff');
    // Heads of section sign in with a second factor: made as the CLI makes them, with their own secret.
    const heads = new Map<string, { id: string; username: string; cookie: string }>();
    const headOf = async (province: string) => {
      let h = heads.get(province);
      if (!h) {
        const pw = `Bench-head-${randomBytes(4).toString('hex')}`;
        const { user, totpSecret } = await createUser(
          sys,
          auth,
          { username: `bench.kasi.${province}`, role: 'manager', regions: [province], password: pw },
          'cli',
        );
        h = { id: user.id, username: user.username, cookie: await signIn(user.username, pw, totpSecret) };
        heads.set(province, h);
      }
      return h;
    };
    const seededUser = (role: Role, regionPrefix: string) =>
      seeded.staff.find((m) => m.role === role && m.regions[0]!.startsWith(regionPrefix))!;
    const byProvince = new Map<string, number>();
    for (const r of REGENCIES) byProvince.set(r.code.slice(0, 2), (byProvince.get(r.code.slice(0, 2)) ?? 0) + 1);
    const largest = [...byProvince.entries()].sort((a, b) => b[1] - a[1])[0]![0];

    // ---------------------------------------------------------------- plan check
    log('plan check: walking the routes…');
    const spec = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>>;
    };
    const walkers: { label: string; cookie: string; regions: string[]; userId: string }[] = [];
    for (const [role, prefix] of [
      ['caseworker', '6371'],
      ['caseworker', largest],
      ['facilitator', '35'],
      ['psychologist', '73'],
    ] as const) {
      const m: StaffMember = seededUser(role, prefix);
      walkers.push({
        label: `${role} ${m.regions.join(',')}`,
        cookie: await signIn(m.username, password),
        regions: m.regions,
        userId: m.id,
      });
    }
    for (const p of ['63', largest]) {
      const h = await headOf(p);
      walkers.push({ label: `manager ${p}`, cookie: h.cookie, regions: [p], userId: h.id });
    }
    const ministry = seeded.staff.find((m) => (m.role as string) === 'ministry');
    if (ministry)
      walkers.push({
        label: 'ministry',
        cookie: await signIn(ministry.username, password),
        regions: ministry.regions,
        userId: ministry.id,
      });
    const idsFor = async (regions: string[], userId: string) => {
      const inScope = (col: string) =>
        sql.raw(regions.map((r) => `${col} like '${r.replace(/[^0-9A-Z]/g, '')}%'`).join(' or ') || 'false');
      const one = async (q: ReturnType<typeof sql>) =>
        ((await q.execute(db)).rows[0] as { id?: string } | undefined)?.id;
      // Someone who reached the follow-ups (her record has the most to show), in her caseload or her regions.
      const participant =
        (await one(
          sql`select a.participant_id as id from participant_assignments a where a.user_id = ${userId} and exists (select 1 from follow_ups f where f.participant_id = a.participant_id) limit 1`,
        )) ??
        (await one(
          sql`select p.id from participants p where (${inScope('p.region_code')}) and exists (select 1 from follow_ups f where f.participant_id = p.id) limit 1`,
        ));
      const cohort = await one(sql`select id from cohorts where ${inScope('region_code')} limit 1`);
      return {
        participant,
        cohort,
        session: cohort
          ? await one(sql`select id from sessions_schedule where cohort_id = ${cohort} limit 1`)
          : undefined,
        programme: await one(sql`select id from programmes limit 1`),
        followup: participant
          ? await one(sql`select id from follow_ups where participant_id = ${participant} limit 1`)
          : undefined,
        note: participant
          ? await one(sql`select id from notes where participant_id = ${participant} limit 1`)
          : undefined,
        allocation: participant
          ? await one(sql`select id from allocations where participant_id = ${participant} limit 1`)
          : undefined,
        kit: await one(sql`select id from kits limit 1`),
        user: userId,
      } as Record<string, string | undefined>;
    };
    const kindOf: Record<string, string> = {
      participants: 'participant',
      cohorts: 'cohort',
      sessions: 'session',
      programmes: 'programme',
      'follow-ups': 'followup',
      followups: 'followup',
      notes: 'note',
      allocations: 'allocation',
      kits: 'kit',
      users: 'user',
    };
    const queryValue = (name: string, regions: string[]): string | undefined =>
      ({
        year: String(REPORT_YEAR),
        region: regions[0],
        from: `${REPORT_YEAR}-01-01`,
        to: `${REPORT_YEAR}-12-31`,
        q: 'Sit',
      })[name];
    const walked: { label: string; route: string; status: number }[] = [];
    const skipped = new Set<string>();
    const reached = new Set<string>();
    for (const w of walkers) {
      capturing = false; // the bench's own look-ups are no user's request
      const ids = await idsFor(w.regions, w.userId);
      capturing = true;
      for (const [route, methods] of Object.entries(spec.paths)) {
        const op = methods.get;
        if (!op || route.startsWith('/api/bench') || route.startsWith('/api/auth') || route === '/api/openapi.json')
          continue;
        let ok = true;
        const segs = route.split('/');
        const url = segs
          .map((seg, i) => {
            const m = /^\{(\w+)\}$/.exec(seg);
            if (!m) return seg;
            const kind = m[1] === 'id' ? kindOf[segs[i - 1]!] : m[1]!.replace(/Id$/, '').toLowerCase();
            const v = kind ? ids[kind] : undefined;
            if (!v) ok = false;
            return v ?? seg;
          })
          .join('/');
        const query = new URLSearchParams();
        for (const p of op.parameters ?? []) {
          if (p.in !== 'query' || !p.required) continue;
          const v = queryValue(p.name, w.regions);
          if (v === undefined) ok = false;
          else query.set(p.name, v);
        }
        if (!ok) {
          skipped.add(route);
          continue;
        }
        reached.add(route);
        const res = await fetch(`${base}${url}${query.size ? `?${query}` : ''}`, {
          headers: { origin: base, cookie: w.cookie },
        });
        await res.arrayBuffer();
        walked.push({ label: w.label, route, status: res.status });
      }
      for (const q of [
        seeded.probes.codePrefix,
        seeded.probes.niks[0] ?? '3171014101909901',
        seeded.probes.names[0] ?? 'Sit',
      ]) {
        const res = await fetch(`${base}/api/participants/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base, cookie: w.cookie },
          body: JSON.stringify({ q }),
        });
        await res.arrayBuffer();
        walked.push({ label: w.label, route: 'POST /api/participants/search', status: res.status });
      }
    }
    capturing = false;
    for (const r of reached) skipped.delete(r);
    const statuses: Record<string, number> = {};
    for (const w of walked) statuses[w.status] = (statuses[w.status] ?? 0) + 1;
    log(
      `walked ${walked.length} requests (${Object.entries(statuses)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}); ${skipped.size} routes skipped for want of an id: ${[...skipped].join(' ')}`,
    );
    const planLines: string[] = [];
    const failing: { text: string; values: unknown[]; scans: string[] }[] = [];
    let explained = 0;
    for (const [text, values] of captured) {
      if (!/^\s*(select|with|update|delete)\b/i.test(text)) continue;
      let plan: PlanNode;
      try {
        const r = await side.query(`EXPLAIN (FORMAT JSON) ${text}`, values as unknown[]);
        plan = (r.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan;
      } catch (e) {
        planLines.push(`-- could not EXPLAIN (${(e as Error).message}): ${text.slice(0, 200)}`);
        continue;
      }
      explained += 1;
      const bad: string[] = [];
      walkPlan(plan, (node) => {
        const rel = node['Relation Name'];
        if (node['Node Type'] === 'Seq Scan' && rel && (sizes.get(rel) ?? 0) > PLAN_BIG_TABLE)
          bad.push(`${rel} (${sizes.get(rel)} rows)`);
      });
      const line = `${bad.length ? 'SEQ SCAN ' : 'ok '} ${compactPlan(plan)}\n    ${text.replace(/\s+/g, ' ')}`;
      planLines.push(line);
      if (bad.length) {
        planFailures.push(`Seq Scan of ${bad.join(', ')}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
        failing.push({ text, values: values as unknown[], scans: bad });
      }
    }
    fs.writeFileSync(planFile, `${planLines.join('\n')}\n`);
    // The failing statements with their parameters, to EXPLAIN again (on a schema kept with --keep).
    fs.writeFileSync(planFailuresFile, `${JSON.stringify(failing, null, 1)}\n`);
    for (const l of planLines) console.log(l);
    log(
      `plan check: ${explained} statements explained, ${planFailures.length} with a Seq Scan of a big table (plans in ${planFile})`,
    );

    // ---------------------------------------------------------------- search
    log('search…');
    const searchAs = async (terms: string[], users: StaffMember[]) => {
      const times: number[] = [];
      let hits = 0;
      for (const u of users) {
        const cookie = await signIn(u.username, password);
        for (let i = 0; i < 25; i++) {
          const t1 = performance.now();
          const res = await fetch(`${base}/api/participants/search`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: base, cookie },
            body: JSON.stringify({ q: terms[i % terms.length] }),
          });
          const body = (await res.json()) as { total?: number };
          times.push(performance.now() - t1);
          if (res.status !== 200) throw new Error(`search: ${res.status} ${JSON.stringify(body)}`);
          if ((body.total ?? 0) > 0) hits += 1;
        }
      }
      return { p50: pct(times, 50), p95: pct(times, 95), hits, n: times.length };
    };
    const cws = seeded.staff.filter((m) => m.role === 'caseworker');
    const pickCw = (k: number) => Array.from({ length: 2 }, (_, i) => cws[(k * 97 + i * 211) % cws.length]!);
    const codeTerms = (u: StaffMember[]) => u.map((m) => `BRD-${m.regions[0]}-25-00`);
    const search = {
      code: await searchAs(codeTerms(pickCw(1)), pickCw(1)),
      nik: await searchAs(seeded.probes.niks.length ? seeded.probes.niks : ['6371014101909901'], pickCw(2)),
      name: await searchAs(seeded.probes.names.length ? seeded.probes.names : ['Sit'], pickCw(3)),
    };

    // ---------------------------------------------------------------- annual reports
    log('annual reports…');
    const headRepo = (h: { id: string; username: string }, province: string) =>
      scopedRepo(
        s,
        { id: h.id, username: h.username, role: 'manager', regions: [province] },
        {
          requestId: randomBytes(8).toString('hex'),
          ip: null,
        },
      );
    const big = await headOf(largest);
    const timeIt = async (f: () => Promise<unknown>) => {
      await f();
      const xs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t1 = performance.now();
        await f();
        xs.push(performance.now() - t1);
      }
      return round(median(xs));
    };
    const provinceReportMs = await timeIt(() => headRepo(big, largest).reports.annual(REPORT_YEAR));
    // The nation's figures: the ministry's own report (compared with the hand-written SQL), and every province's
    // head of section's report in turn (the same figures, 38 times a report's fixed cost).
    for (const p of PROVINCES) await headOf(p.code);
    const nationalReportMs = await timeIt(async () => {
      for (const p of PROVINCES) await headRepo(await headOf(p.code), p.code).reports.annual(REPORT_YEAR);
    });
    const ministryReportMs = ministry
      ? await timeIt(() =>
          scopedRepo(
            s,
            { id: ministry.id, username: ministry.username, role: ministry.role, regions: ministry.regions },
            { requestId: randomBytes(8).toString('hex'), ip: null },
          )
            .reports.annual(REPORT_YEAR)
            .catch((e: Error) => e.message),
        )
      : null;
    const sqlMs = await timeIt(() => handWrittenAnnual(db, REPORT_YEAR, true));
    const annualReport = {
      province: largest,
      provinceMs: provinceReportMs,
      nationalMs: nationalReportMs,
      nationalHow: 'each province head of section in turn',
      ministryMs: ministryReportMs,
      sqlMs,
      ratio: round((ministryReportMs ?? nationalReportMs) / sqlMs, 2),
    };

    // ---------------------------------------------------------------- import of 100,000 rows (5 × 20,000)
    log('import of 100,000 rows…');
    const importer = await signIn(seededUser('caseworker', '6371').username, password);
    let importSeconds = 0;
    let uploadSeconds = 0;
    let created = 0;
    const stopImportProfile = await cpuProfile(o.profileImport, 'national-import');
    for (let k = 0; k < 5; k++) {
      const { body, contentType } = multipart(`national-${k}.csv`, importCsv(k * 20_000, 20_000));
      t = performance.now();
      const up = await fetch(`${base}/api/imports`, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: base, cookie: importer },
        body,
      });
      const upBody = (await up.json()) as { id: string; status: string };
      if (up.status !== 201 || upBody.status !== 'VALIDATED')
        throw new Error(`import upload: ${up.status} ${JSON.stringify(upBody).slice(0, 500)}`);
      uploadSeconds += (performance.now() - t) / 1000;
      const commit = await fetch(`${base}/api/imports/${upBody.id}/commit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, cookie: importer },
        body: '{}',
      });
      const commitBody = (await commit.json()) as { result?: { created: number } };
      if (commit.status !== 200)
        throw new Error(`import commit: ${commit.status} ${JSON.stringify(commitBody).slice(0, 500)}`);
      importSeconds += (performance.now() - t) / 1000;
      created += commitBody.result?.created ?? 0;
    }
    await stopImportProfile();

    // ---------------------------------------------------------------- the whole audit chain
    log('audit chain verification…');
    t = performance.now();
    const verified = await verifyAuditChain(db, s.keys.subkey('audit-chain'));
    const verifySeconds = round((performance.now() - t) / 1000);
    if (!verified.ok) throw new Error(`audit chain: ${JSON.stringify(verified.firstBad)}`);

    // ---------------------------------------------------------------- mixed workload (when bench/workload.ts exists)
    let workload: unknown = null;
    let workloadLines: string[] = [];
    if (o.workloadSeconds) {
      const spec = './workload.ts';
      const wl = (await import(spec).catch(() => null)) as typeof import('./workload.ts') | null;
      if (wl) {
        log(`mixed workload, ${o.workloadSeconds} s…`);
        const regions = ['6371', '6372', `${largest}71`, REGENCIES.find((r) => r.code.startsWith('35'))!.code].filter(
          (r) => REGENCIES.some((x) => x.code === r),
        );
        const prepared = await wl.prepareWorkload({
          s,
          auth,
          base,
          clock,
          today: TODAY.toISOString().slice(0, 10),
          regions,
          log,
        });
        const stopWorkloadProfile = await cpuProfile(o.profileWorkload, 'national-workload');
        const w = await wl.mixedWorkload({
          base,
          users: prepared.users,
          participantsByRegion: prepared.participantsByRegion,
          sessions: prepared.sessions,
          seconds: o.workloadSeconds,
          reportYear: REPORT_YEAR,
          clock,
          log,
        });
        await stopWorkloadProfile();
        workload = w;
        workloadLines = wl.describeWorkload('postgres national', w);
      } else log('bench/workload.ts is not there: no mixed workload');
    }

    const counts: Record<string, number> = {};
    for (const table of ['participants', 'attendance', 'audit_log', 'cohorts', 'enrollments', 'notes'] as const)
      counts[table] = Number((await side.query(`select count(*) as n from ${table}`)).rows[0].n);
    await app.close();
    const result = {
      at: new Date().toISOString(),
      participants: n,
      seedSeconds: seeded.seconds,
      generateSeconds: seeded.generateSeconds,
      copySeconds: seeded.writeSeconds,
      vacuumSeconds,
      databaseGB: round(dbBytes / 1024 ** 3, 2),
      rowsSeeded: seeded.rows,
      rowsAfter: counts,
      plans: { explained, failures: planFailures, walked: walked.length, skipped: [...skipped] },
      search,
      annualReport,
      import: { rows: 100_000, created, seconds: round(importSeconds) },
      auditVerify: { rows: verified.checked, seconds: verifySeconds },
      workload,
    };
    fs.writeFileSync(path.join('bench', 'results-national.json'), JSON.stringify(result, null, 2));
    console.log('');
    console.log(`national size on PostgreSQL: ${n.toLocaleString('en')} participants, ${PROVINCES.length} provinces`);
    console.log(
      `  seed ${seeded.seconds.total} s (staff ${seeded.seconds.staff} s; generation ${seeded.generateSeconds} s and COPY ${seeded.writeSeconds} s overlapping), VACUUM (ANALYZE) ${vacuumSeconds} s, ${result.databaseGB} GB`,
    );
    console.log(
      `  rows: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}`,
    );
    console.log(
      `  search p50/p95 ms: code ${search.code.p50}/${search.code.p95}, NIK ${search.nik.p50}/${search.nik.p95}, name ${search.name.p50}/${search.name.p95}`,
    );
    console.log(
      `  annual report ${REPORT_YEAR}: province ${largest} ${provinceReportMs} ms; the nation's ${ministryReportMs !== null ? `(the ministry's) ${ministryReportMs}` : `(${annualReport.nationalHow}) ${nationalReportMs}`} ms against hand SQL ${sqlMs} ms: ratio ${annualReport.ratio}; ${annualReport.nationalHow} ${nationalReportMs} ms`,
    );
    console.log(
      `  import of 100,000 rows (5 × 20,000): ${round(importSeconds)} s (upload and dry run ${round(uploadSeconds)} s, commit ${round(importSeconds - uploadSeconds)} s), ${created} created`,
    );
    console.log(`  audit chain verified: ${verified.checked.toLocaleString('en')} rows in ${verifySeconds} s`);
    for (const l of workloadLines) console.log(`  ${l}`);
    console.log(
      `  plan check: ${explained} statements from ${walked.length} requests, ${planFailures.length} Seq Scans of a table above ${PLAN_BIG_TABLE.toLocaleString('en')} rows`,
    );
    console.log(
      '  Targets: seed ≤ 15 min; search p95 ≤ 50 ms; national annual report ≤ 2 s and ≤ 1.5× its hand SQL; import of 100,000 rows ≤ 60 s; audit verification timed.',
    );
    console.log('bench/results-national.json written.');
    return result;
  } finally {
    await booted.close();
    if (o.keep) log(`kept schema ${schema}`);
    else await side.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((e) => log(`drop: ${(e as Error).message}`));
    await side.end();
    await side2.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (planFailures.length) {
      console.error(`\nPLAN CHECK FAILED: ${planFailures.length} statements scan a big table sequentially:`);
      for (const f of planFailures) console.error(`  - ${f}`);
      process.exitCode = 1;
    }
    planFailures = [];
  }
}
