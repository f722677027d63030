// `npx tsx bench/profile-read.ts [--seconds 8] [--bare] [--rounds N] [--sql-times] [--pg]`: a quick look at the audited read alone (no seeding
// of 1,000, no import): 200 participants on SQLite (or PostgreSQL with TEST_DATABASE_URL and --pg), then
// autocannon on GET /api/participants/:id for the given seconds, printing rps and the statements each read
// ran. Run under `node --cpu-prof --import tsx bench/profile-read.ts` to profile it.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import { buildApp } from '../src/server/http/app.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { bulkSeed } from './bulk.ts';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const seconds = Number(arg('--seconds') ?? 8);
const usePg = process.argv.includes('--pg') && !!process.env.TEST_DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'berdaya-prof-'));
const schema = usePg ? `prof_${randomBytes(4).toString('hex')}` : undefined;
const config = loadConfig({
  BERDAYA_DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  BERDAYA_BENCH_ROUTES: 'true',
  ...(usePg ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
});
const clock = new ManualClock(new Date('2026-11-28T01:00:00.000Z').getTime());
const booted = await boot(config, { keyRing: new KeyRing(randomBytes(32)), clock, pgSchema: schema, poolSize: 10 });
try {
  const s = booted.services;
  await bulkSeed(s, clock, 200, 3);
  clock.set(new Date('2026-11-28T01:00:00.000Z'));
  const { app, auth } = await buildApp(s, { webDir: path.join(dataDir, 'no-web') });
  const password = `Bench-password-${randomBytes(4).toString('hex')}`;
  await createUser(
    systemRepo(s, 'bench', 'profile'),
    auth,
    { username: 'bench.reader', role: 'caseworker', regions: ['63'], password },
    'cli',
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: 'bench.reader', password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const id = (
    await s.db.kysely
      .selectFrom('participants')
      .select('id')
      .orderBy('code')
      .limit(1)
      .offset(100)
      .executeTakeFirstOrThrow()
  ).id;
  const url = process.argv.includes('--bare') ? `${base}/api/bench/bare/${id}` : `${base}/api/participants/${id}`;
  // Statements per read: count what the driver is asked to run during one request.
  const q = s.db.kysely.getExecutor();
  let statements = 0;
  const orig = q.executeQuery.bind(q);
  (q as { executeQuery: typeof q.executeQuery }).executeQuery = ((...a: Parameters<typeof orig>) => {
    statements++;
    return orig(...a);
  }) as typeof q.executeQuery;
  await fetch(url, { headers: { cookie } });
  console.log(
    `statements through Kysely's executor for one read, its audit flush included (SQLite's fixed-shape reads bypass it): ${statements}`,
  );
  (q as { executeQuery: typeof q.executeQuery }).executeQuery = orig;
  // The bare route is read without the session cookie, as the bench reads it.
  const headers = url.includes('/bench/bare/') ? {} : { cookie };
  await autocannon({ url, connections: 20, duration: 2, headers });
  // --sql-times (SQLite): time spent in each statement text during the run.
  const times = new Map<string, { n: number; ms: number }>();
  if (process.argv.includes('--sql-times') && !usePg) {
    const Sqlite = (await import('better-sqlite3')).default;
    const probe = new Sqlite(':memory:').prepare('select 1');
    const proto = Object.getPrototypeOf(probe) as Record<string, (...a: unknown[]) => unknown>;
    for (const m of ['all', 'run', 'get']) {
      const f = proto[m]!;
      proto[m] = function (this: { source: string }, ...a: unknown[]) {
        const t = performance.now();
        try {
          return f.apply(this, a);
        } finally {
          const e = times.get(this.source) ?? { n: 0, ms: 0 };
          e.n += 1;
          e.ms += performance.now() - t;
          times.set(this.source, e);
        }
      };
    }
  }
  const r = await autocannon({ url, connections: 20, duration: seconds, headers });
  for (const [sqlText, e] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10))
    console.log(`${e.ms.toFixed(0).padStart(6)} ms ${String(e.n).padStart(6)}× ${sqlText.slice(0, 150)}`);
  if (times.size)
    console.log(
      `all statements: ${[...times.values()].reduce((a, e) => a + e.ms, 0).toFixed(0)} ms for ${r.requests.total} reads`,
    );
  console.log(
    `${url.includes('bare') ? 'bare' : 'audited'}: ${Math.round(r.requests.average)} rps, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`,
  );
  // --rounds N: audited and bare alternately, N times each, for a ratio less at the mercy of a noisy machine.
  const rounds = Number(arg('--rounds') ?? 0);
  const bareUrl = `${base}/api/bench/bare/${id}`;
  const auditedUrl = `${base}/api/participants/${id}`;
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // CPU time of this process (server and load generator) per request: steadier than rps on a shared machine.
    let cpu = process.cpuUsage();
    let elu = performance.eventLoopUtilization();
    const a = await autocannon({ url: auditedUrl, connections: 20, duration: seconds, headers: { cookie } });
    const aCpu = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000 / a.requests.total;
    const aElu = performance.eventLoopUtilization(elu).utilization;
    elu = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
    const b = await autocannon({ url: bareUrl, connections: 20, duration: seconds });
    const bCpu = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000 / b.requests.total;
    const bElu = performance.eventLoopUtilization(elu).utilization;
    ratios.push(a.requests.average / b.requests.average);
    console.log(
      `round ${i + 1}: audited ${Math.round(a.requests.average)} rps (${aCpu.toFixed(2)} ms CPU each), bare ${Math.round(b.requests.average)} rps (${bCpu.toFixed(2)} ms CPU each), ratio ${(a.requests.average / b.requests.average).toFixed(2)}, CPU ratio ${(bCpu / aCpu).toFixed(2)}, main thread busy ${(aElu * 100).toFixed(0)}% / ${(bElu * 100).toFixed(0)}%`,
    );
  }
  if (rounds) console.log(`median ratio ${[...ratios].sort()[Math.floor(rounds / 2)]!.toFixed(2)}`);
  await app.close();
} finally {
  await booted.close();
  if (schema) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
