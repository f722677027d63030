// The mixed workload of `npm run bench` (bench/run.ts) and the national run: a working day's requests from many
// signed-in staff of several roles and regions at once, over real HTTP against the listening server, for a fixed
// time. Each virtual user is one member of staff with her own session, one request at a time with a short pause
// between steps (think time), and asks only for what her role and regions allow:
//
//  - caseworker (regions: one kabupaten/kota): search 25 (a code of her caseload, a code's prefix, or a name
//    prefix), open one of her assigned participants 30, save a case note on one of them 10, her follow-up worklist
//    15, her work queue 10, her dashboard 10;
//  - facilitator (regions: one kabupaten/kota): take attendance on one of her sessions of the last seven days 60
//    (open the register, then save every mark with If-Match on the register's version: two requests), her
//    dashboard 20, her work queue 20;
//  - head of section (`manager`, the whole province): the work queue 30, the dashboard 25, open a participant of
//    the province 15, the follow-up worklist 10, search 10, the annual report (JSON) 7, its XLSX export 3.
//
// The numbers are relative weights of the steps a virtual user of that role draws (seeded, so one seed gives the
// same sequence of choices), after she has taken each of her steps once in a random order (her first look at each
// screen of the day; so every request type has a figure, and a run lasts until every user has finished that round). Search stays under the per-account limit (SEARCHES_PER_MINUTE in the server's clock
// minute, the window the server counts): a user whose budget for this minute is spent opens a participant instead,
// as a person who cannot type sixty searches a minute would; those are counted (`searchesDeferred`).
//
// Nobody collides by design: notes are new rows, and each session has one facilitator who takes its register one
// save at a time, so a 412 is a bug of the scenario or of the app, and counts as an error like any non-2xx answer
// or failed request. Latencies are per request (a step of two requests gives two), from sending to the end of the
// body. Nothing here is asserted.
import { randomBytes } from 'node:crypto';
import type { Services } from '../src/server/context.ts';
import type { AuthService } from '../src/server/modules/auth/service.ts';
import type { Role } from '../src/shared/roles.ts';
import { systemRepo, scopedRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { totpCode } from '../src/server/modules/auth/totp.ts';
import { SEARCHES_PER_MINUTE } from '../src/server/modules/participants/routes.ts';
import { addDays } from '../src/shared/calendar.ts';
import { Prng } from '../src/server/ops/seed/prng.ts';
import { GIVEN_NAMES } from '../src/server/ops/seed/names.ts';

/** A signed-in member of staff: her account, her session cookie ("berdaya_session=…"), her regions. */
export interface WorkloadUser {
  id: string;
  username: string;
  role: Role;
  cookie: string;
  regions: string[];
  /** Participants assigned to her (a caseworker opens and writes on these); else any of her regions'. */
  caseload?: string[];
}

export interface WorkloadParticipant {
  id: string;
  code: string;
}

/** A session a facilitator takes attendance on (held on or after today − 6, with enrolled participants). */
export interface WorkloadSession {
  id: string;
  cohortId: string;
  regionCode: string;
  facilitatorId: string;
}

export interface WorkloadOptions {
  base: string;
  users: WorkloadUser[];
  /** Participants by kabupaten/kota code (any province): what her regions hold, for opening and searching. */
  participantsByRegion: Record<string, WorkloadParticipant[]>;
  sessions: WorkloadSession[];
  seconds: number;
  /** Virtual users at once (the first `concurrency` users); default all of them. */
  concurrency?: number;
  /** The year of the annual report the heads of section open and export. */
  reportYear: number;
  /**
   * The server's clock, when it is a ManualClock: moved on with the wall clock during the run (so the search
   * limit's minute, the data-key cache and session idle times pass as in a real day) and read for the search budget.
   */
  clock?: { now(): Date; advance(ms: number): void };
  /** Pause between steps, uniform in [min, max] ms. Default [20, 80]. */
  thinkMs?: [number, number];
  seed?: number;
  log?: (l: string) => void;
}

export type RequestType =
  | 'search'
  | 'participant'
  | 'note.save'
  | 'attendance.open'
  | 'attendance.save'
  | 'followups'
  | 'queue'
  | 'dashboard'
  | 'report.annual'
  | 'report.xlsx';

export interface WorkloadRow {
  type: RequestType;
  n: number;
  /** Requests per second of this type over the run. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

export interface WorkloadResult {
  seconds: number;
  users: Record<string, number>;
  rows: WorkloadRow[];
  requests: number;
  /** All requests answered per second. */
  throughput: number;
  errors: number;
  /** "type status code" (or "type error message") → count. */
  errorsByKind: Record<string, number>;
  /** The first few failing answers, with the server's error body, for diagnosis. */
  errorSamples: string[];
  /** Searches a user would have made past her per-minute budget, made as a participant's opening instead. */
  searchesDeferred: number;
  think: [number, number];
}

type Step = 'search' | 'participant' | 'note' | 'attendance' | 'followups' | 'queue' | 'dashboard' | 'annual' | 'xlsx';

/** Steps and their weights per role (see the header). A role not listed here is not a workload role. */
export const WEIGHTS: Partial<Record<Role, Partial<Record<Step, number>>>> = {
  caseworker: { search: 25, participant: 30, note: 10, followups: 15, queue: 10, dashboard: 10 },
  facilitator: { attendance: 60, dashboard: 20, queue: 20 },
  manager: { queue: 30, dashboard: 25, participant: 15, followups: 10, search: 10, annual: 7, xlsx: 3 },
};

const TYPES: RequestType[] = [
  'search',
  'participant',
  'note.save',
  'attendance.open',
  'attendance.save',
  'followups',
  'queue',
  'dashboard',
  'report.annual',
  'report.xlsx',
];

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function pct(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inRegions = (regions: readonly string[], code: string) => regions.some((r) => code.startsWith(r));

export async function mixedWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const think: [number, number] = o.thinkMs ?? [20, 80];
  const users = o.users.slice(0, o.concurrency ?? o.users.length);
  const times = new Map<RequestType, number[]>(TYPES.map((t) => [t, []]));
  const failed = new Map<RequestType, number>(TYPES.map((t) => [t, 0]));
  const errorsByKind: Record<string, number> = {};
  const errorSamples: string[] = [];
  let deferred = 0;
  const regionCodes = Object.keys(o.participantsByRegion);
  const nowMs = () => (o.clock ? o.clock.now().getTime() : Date.now());

  /** One request: its time when it answered 2xx, else an error of its type. Returns the answer's body. */
  const call = async (
    type: RequestType,
    cookie: string,
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string>; binary?: boolean } = {},
  ): Promise<{ ok: boolean; body: unknown; etag: string | null }> => {
    const t = performance.now();
    try {
      const res = await fetch(`${o.base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          cookie,
          origin: o.base,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      let body: unknown = null;
      if (init.binary && res.ok) body = (await res.arrayBuffer()).byteLength;
      else {
        const text = await res.text();
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = text.slice(0, 300);
        }
      }
      const ms = performance.now() - t;
      if (res.status >= 200 && res.status < 300) {
        times.get(type)!.push(ms);
        return { ok: true, body, etag: res.headers.get('etag') };
      }
      const code = ((body as { error?: { code?: string } } | null)?.error?.code ?? '').toString();
      const kind = `${type} ${res.status} ${code}`.trim();
      errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
      failed.set(type, failed.get(type)! + 1);
      if (errorSamples.length < 10)
        errorSamples.push(`${init.method ?? 'GET'} ${path} → ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
      return { ok: false, body, etag: null };
    } catch (err) {
      const kind = `${type} error ${(err as Error).message}`;
      errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
      failed.set(type, failed.get(type)! + 1);
      if (errorSamples.length < 10) errorSamples.push(`${init.method ?? 'GET'} ${path} → ${(err as Error).message}`);
      return { ok: false, body: null, etag: null };
    }
  };

  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  // The server's clock follows the wall clock while the run lasts.
  let ticked = t0;
  const ticker = o.clock
    ? setInterval(() => {
        const now = performance.now();
        o.clock!.advance(Math.round(now - ticked));
        ticked = now;
      }, 50)
    : null;

  const vu = async (u: WorkloadUser, k: number) => {
    const weights = WEIGHTS[u.role];
    if (!weights) throw new Error(`mixed workload: no steps for role ${u.role}`);
    const rnd = new Prng(o.seed ?? 26, 1000 + k);
    const people = u.caseload?.length
      ? u.caseload
      : regionCodes.filter((r) => inRegions(u.regions, r)).flatMap((r) => o.participantsByRegion[r]!.map((p) => p.id));
    const codes = regionCodes
      .filter((r) => inRegions(u.regions, r))
      .flatMap((r) => o.participantsByRegion[r]!)
      .filter((p) => !u.caseload?.length || u.caseload.includes(p.id))
      .map((p) => p.code);
    const mySessions = o.sessions.filter((s) => s.facilitatorId === u.id);
    const steps = (Object.entries(weights) as [Step, number][]).filter(([step]) => {
      if (step === 'participant' || step === 'note') return people.length > 0;
      if (step === 'search') return codes.length > 0;
      if (step === 'attendance') return mySessions.length > 0;
      return true;
    });
    const total = steps.reduce((m, [, w]) => m + w, 0);
    const draw = (): Step => {
      let x = rnd.next() * total;
      for (const [step, w] of steps) {
        x -= w;
        if (x < 0) return step;
      }
      return steps[steps.length - 1]![0];
    };
    let searchWindow = -1;
    let searches = 0;
    const budget = SEARCHES_PER_MINUTE - 5;
    // Her first look at each of her screens, in a random order; then steps drawn by weight until the time is up.
    const first = steps.map(([step]) => step);
    for (let i = first.length - 1; i > 0; i--) {
      const j = rnd.int(0, i);
      [first[i], first[j]] = [first[j]!, first[i]!];
    }
    // Users start spread over the first think time, not all in the same millisecond.
    await sleep(rnd.int(0, think[1]));
    while (first.length > 0 || performance.now() < deadline) {
      let step = first.shift() ?? draw();
      if (step === 'search') {
        const w = Math.floor(nowMs() / 60_000);
        if (w !== searchWindow) {
          searchWindow = w;
          searches = 0;
        }
        if (searches >= budget) {
          deferred += 1;
          step = people.length ? 'participant' : 'dashboard';
        } else searches += 1;
      }
      switch (step) {
        case 'search': {
          const code = rnd.pick(codes);
          const r = rnd.next();
          // A code as written on her file, the start of one (BRD-6371-24-0…), or the first letters of a name.
          const q =
            r < 0.5 ? code : r < 0.7 ? code.slice(0, code.length - 2) : rnd.pick(GIVEN_NAMES).slice(0, rnd.int(3, 5));
          await call('search', u.cookie, '/api/participants/search', { method: 'POST', body: { q } });
          break;
        }
        case 'participant':
          await call('participant', u.cookie, `/api/participants/${rnd.pick(people)}`);
          break;
        case 'note':
          await call('note.save', u.cookie, `/api/participants/${rnd.pick(people)}/notes`, {
            method: 'POST',
            body: {
              type: rnd.chance(0.5) ? 'PHONE' : 'GENERAL',
              body: `Catatan uji beban (sintetis): dihubungi, keadaan baik, rencana kunjungan berikutnya ${rnd.int(1, 28)} hari lagi.`,
            },
          });
          break;
        case 'attendance': {
          const sess = rnd.pick(mySessions);
          const got = await call('attendance.open', u.cookie, `/api/sessions/${sess.id}/attendance`);
          if (!got.ok || !got.etag) break;
          const items = (got.body as { items: { participantId: string }[] }).items.map((i) => ({
            participantId: i.participantId,
            status: rnd.chance(0.9) ? 'PRESENT' : rnd.chance(0.5) ? 'LATE' : 'ABSENT',
          }));
          await call('attendance.save', u.cookie, `/api/sessions/${sess.id}/attendance`, {
            method: 'PUT',
            body: items,
            headers: { 'if-match': got.etag },
          });
          break;
        }
        case 'followups':
          await call('followups', u.cookie, '/api/follow-ups?status=open');
          break;
        case 'queue':
          await call('queue', u.cookie, '/api/work-queue');
          break;
        case 'dashboard':
          await call('dashboard', u.cookie, '/api/dashboard');
          break;
        case 'annual':
          await call('report.annual', u.cookie, `/api/reports/annual?year=${o.reportYear}`);
          break;
        case 'xlsx':
          await call('report.xlsx', u.cookie, `/api/reports/annual.xlsx?year=${o.reportYear}`, { binary: true });
          break;
      }
      await sleep(rnd.int(think[0], think[1]));
    }
  };

  try {
    await Promise.all(users.map((u, k) => vu(u, k)));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const rows: WorkloadRow[] = [];
  let requests = 0;
  let errors = 0;
  for (const type of TYPES) {
    const s = times.get(type)!.sort((a, b) => a - b);
    const e = failed.get(type)!;
    if (s.length + e === 0) continue;
    requests += s.length + e;
    errors += e;
    rows.push({
      type,
      n: s.length + e,
      rps: round((s.length + e) / elapsed),
      p50: pct(s, 50),
      p95: pct(s, 95),
      p99: pct(s, 99),
      errors: e,
    });
  }
  const byRole: Record<string, number> = {};
  for (const u of users) byRole[u.role] = (byRole[u.role] ?? 0) + 1;
  return {
    seconds: round(elapsed, 2),
    users: byRole,
    rows,
    requests,
    throughput: round(requests / elapsed),
    errors,
    errorsByKind,
    errorSamples,
    searchesDeferred: deferred,
    think,
  };
}

export interface PrepareOptions {
  s: Services;
  auth: AuthService;
  base: string;
  /** The server's clock (the office's day for the sessions; sign-in codes for heads of section). */
  clock: { now(): Date };
  /** The office's day (YYYY-MM-DD): sessions from six days before it to it are the facilitators' registers. */
  today: string;
  /** Kabupaten/kota codes to staff (any province); default every region that holds participants. */
  regions?: string[];
  caseworkersPerRegion?: number;
  facilitatorsPerRegion?: number;
  managersPerProvince?: number;
  /** Participants assigned to each caseworker by her head of section (through the assignment store). */
  caseload?: number;
  /** Sessions given to each facilitator (the head of section names her on the session, through the store). */
  sessionsPerFacilitator?: number;
  /** Participants of each region kept for opening and searching. */
  participantsPerRegion?: number;
  /** Usernames start with it (several runs in one database). */
  prefix?: string;
  log?: (l: string) => void;
}

export interface PreparedWorkload {
  users: WorkloadUser[];
  participantsByRegion: Record<string, WorkloadParticipant[]>;
  sessions: WorkloadSession[];
  setupSeconds: number;
}

/**
 * The staff of a mixed workload, made and signed in the way the office does it: accounts made as the server's CLI
 * makes them (own password; a head of section's two-step secret, whose code she types at sign-in), caseloads
 * assigned and sessions given to facilitators by a head of section through the stores, each one then signed in
 * through the API for her own session. Per province (the first two digits of a region): `managersPerProvince`
 * heads of section for the whole province; per kabupaten/kota: caseworkers and facilitators of that region.
 */
export async function prepareWorkload(p: PrepareOptions): Promise<PreparedWorkload> {
  const t0 = performance.now();
  const db = p.s.db.kysely;
  const prefix = p.prefix ?? 'wl';
  const perRegion = p.participantsPerRegion ?? 200;
  const regions =
    p.regions ??
    (
      await db.selectFrom('participants').select('region_code').groupBy('region_code').orderBy('region_code').execute()
    ).map((r) => r.region_code);
  const provinces = [...new Set(regions.map((r) => r.slice(0, 2)))];
  const participantsByRegion: Record<string, WorkloadParticipant[]> = {};
  for (const region of regions) {
    participantsByRegion[region] = await db
      .selectFrom('participants')
      .select(['id', 'code'])
      .where('region_code', '=', region)
      .where('erased_at', 'is', null)
      .orderBy('code')
      .limit(perRegion)
      .execute();
  }

  const password = `Beban-kerja-${randomBytes(6).toString('hex')}`;
  const sys = systemRepo(p.s, 'bench', 'synthetic mixed workload staff');
  const made: (Omit<WorkloadUser, 'cookie'> & { totpSecret?: string })[] = [];
  const byRole: Record<string, number> = {};
  const make = async (username: string, role: Role, regs: string[]) => {
    const { user, totpSecret } = await createUser(sys, p.auth, { username, role, regions: regs, password }, 'cli');
    const u: (typeof made)[number] = { id: user.id, username: user.username, role, regions: regs, totpSecret };
    made.push(u);
    byRole[role] = (byRole[role] ?? 0) + 1;
    return u;
  };
  const managers = new Map<string, { id: string; username: string; regions: string[] }>();
  for (const prov of provinces)
    for (let i = 0; i < (p.managersPerProvince ?? 1); i++) {
      const m = await make(`${prefix}.kasi.${prov}.${i + 1}`, 'manager', [prov]);
      if (!managers.has(prov)) managers.set(prov, m);
    }
  const asManager = (prov: string) => {
    const m = managers.get(prov)!;
    return scopedRepo(
      p.s,
      { id: m.id, username: m.username, role: 'manager', regions: m.regions },
      { requestId: randomBytes(8).toString('hex'), ip: null },
    );
  };

  const sessions: WorkloadSession[] = [];
  const from = addDays(p.today, -6);
  for (const region of regions) {
    const prov = region.slice(0, 2);
    for (let i = 0; i < (p.caseworkersPerRegion ?? 1); i++) {
      const cw = await make(`${prefix}.pendamping.${region}.${i + 1}`, 'caseworker', [region]);
      // Her caseload: a slice of the region's people of her own, assigned by her head of section.
      const n = p.caseload ?? 10;
      const mine = participantsByRegion[region]!.slice(i * n, (i + 1) * n).map((x) => x.id);
      for (const pid of mine) await asManager(prov).assignments.assign(pid, cw.id);
      cw.caseload = mine;
    }
    const nf = p.facilitatorsPerRegion ?? 1;
    if (nf === 0) continue;
    const per = p.sessionsPerFacilitator ?? 3;
    // Sessions of the last seven days (still open for marking) of the region's cohorts with people enrolled.
    const open = await db
      .selectFrom('sessions_schedule as ss')
      .innerJoin('cohorts as c', 'c.id', 'ss.cohort_id')
      .select(['ss.id', 'ss.cohort_id', 'ss.version'])
      .where('c.region_code', '=', region)
      .where('ss.date', '>=', from)
      .where('ss.date', '<=', p.today)
      .where('ss.cancelled', '=', 0)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('enrollments as e')
            .select('e.id')
            .whereRef('e.cohort_id', '=', 'ss.cohort_id')
            .where('e.status', '=', 'ENROLLED'),
        ),
      )
      .orderBy('ss.date', 'desc')
      .orderBy('ss.id')
      .limit(nf * per)
      .execute();
    for (let i = 0; i < nf && i * per < open.length; i++) {
      const f = await make(`${prefix}.fasilitator.${region}.${i + 1}`, 'facilitator', [region]);
      for (const x of open.slice(i * per, (i + 1) * per)) {
        await asManager(prov).programmes.updateSession(x.id, { facilitatorId: f.id }, x.version);
        sessions.push({ id: x.id, cohortId: x.cohort_id, regionCode: region, facilitatorId: f.id });
      }
    }
  }

  const users: WorkloadUser[] = [];
  for (const u of made) {
    const body: Record<string, string> = { username: u.username, password };
    if (u.totpSecret) body.totp = totpCode(u.totpSecret, p.clock.now());
    const res = await fetch(`${p.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: p.base },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`sign-in ${u.username}: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('berdaya_session='));
    if (!cookie) throw new Error(`sign-in ${u.username}: no session cookie`);
    const { totpSecret: _, ...rest } = u;
    users.push({ ...rest, cookie });
  }
  const setupSeconds = round((performance.now() - t0) / 1000);
  p.log?.(
    `mixed workload staff: ${users.length} (${Object.entries(byRole)
      .map(([r, n]) => `${r} ${n}`)
      .join(
        ', ',
      )}), ${sessions.length} sessions, ${regions.length} regions in ${provinces.length} province(s), made and signed in in ${setupSeconds} s`,
  );
  return { users, participantsByRegion, sessions, setupSeconds };
}

/** The table printed under the benchmark's: one line per request type. */
export function describeWorkload(label: string, w: WorkloadResult): string[] {
  const head = ['type', 'n', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
  const rows = w.rows.map((r) => [
    r.type,
    String(r.n),
    String(r.rps),
    String(r.p50),
    String(r.p95),
    String(r.p99),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  const out = [
    `${label} mixed workload: ${Object.entries(w.users)
      .map(([r, n]) => `${n} ${r}`)
      .join(
        ', ',
      )} for ${w.seconds} s (think ${w.think[0]}–${w.think[1]} ms): ${w.requests} requests, ${w.throughput} req/s, errors ${w.errors}${w.searchesDeferred ? `; ${w.searchesDeferred} searches deferred past the per-minute limit` : ''}`,
    line(head),
    ...rows.map(line),
  ];
  if (w.errors) {
    out.push(
      `!!! ${label} mixed workload errors: ${Object.entries(w.errorsByKind)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
    );
    for (const e of w.errorSamples) out.push(`    ${e}`);
  }
  return out;
}
