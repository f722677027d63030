// `npm run bench [-- --size small]`: the audited participant read against a bare primary-key read on the same
// server, and search latencies, on SQLite (and PostgreSQL when TEST_DATABASE_URL is set). Prints a table and
// writes bench/results.json (not committed: it is this machine's result). Figures are noisy: compare ratios.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { buildApp } from '../src/server/http/app.ts';
import { systemRepo } from '../src/server/data/repo.ts';
import { createUser } from '../src/server/modules/users/service.ts';

const SIZE = process.argv.includes('--size') ? process.argv[process.argv.indexOf('--size') + 1] : 'small';
const PARTICIPANTS = SIZE === 'large' ? 100_000 : 1_000;
const DURATION = 8;

function body(i: number) {
  const d = String((i % 28) + 1).padStart(2, '0');
  return {
    regionCode: i % 2 ? '6372' : '6371',
    category: 'PEREMPUAN_RENTAN',
    participationBasis: 'SUKARELA',
    identity: { fullName: `Peserta Contoh ${i} Sintetis`, birthDate: `1990-01-${d}`, sex: 'F', noNikReason: 'UNKNOWN' },
    consents: ['PARTICIPATION', 'DATA_PROCESSING'].map((purpose) => ({ purpose, method: 'SIGNED_FORM', explainedBy: 'Bench', language: 'id', givenAt: '2026-01-01' })),
    acknowledgeDuplicates: true,
  } as never;
}

async function run(url: string, cookie: string | undefined, duration = DURATION) {
  const r = await autocannon({ url, connections: 20, duration, headers: cookie ? { cookie } : {} });
  return { rps: Math.round(r.requests.average), p99: r.latency.p99, errors: r.errors + r.non2xx };
}

async function bench(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'berdaya-bench-'));
  let schema: string | undefined;
  if (dialect === 'postgres') schema = `bench_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BERDAYA_BENCH_ROUTES: 'true', ...(dialect === 'postgres' ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}) });
  const booted = await boot(config, { keyRing: new KeyRing(randomBytes(32)), pgSchema: schema, poolSize: 10 });
  try {
    const s = booted.services;
    const repo = systemRepo(s, 'bench', 'synthetic benchmark data');
    const ids: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < PARTICIPANTS; i++) ids.push((await repo.participants.create(body(i))).id);
    const seedMs = performance.now() - t0;
    const { app, auth } = await buildApp(s, {});
    const password = `Bench-password-${randomBytes(4).toString('hex')}`;
    const { user } = await createUser(repo, auth, { username: 'bench.cw', role: 'caseworker', regions: ['63'], password }, 'cli');
    void user;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'bench.cw', password }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const id = ids[Math.floor(ids.length / 2)]!;
    await run(`${base}/api/participants/${id}`, cookie, 2); // warm up
    const audited = await run(`${base}/api/participants/${id}`, cookie);
    const bare = await run(`${base}/api/bench/bare/${id}`, undefined);
    const search = async (q: string) => {
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await fetch(`${base}/api/participants/search`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie }, body: JSON.stringify({ q }) });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { p50: Math.round(times[20]! * 10) / 10, p95: Math.round(times[38]! * 10) / 10 };
    };
    // Search is rate-limited to 60 a minute per user: these 120 searches use a fresh user per kind.
    const results = {
      dialect,
      participants: PARTICIPANTS,
      seedSeconds: Math.round(seedMs / 100) / 10,
      audited,
      bare,
      readRatio: Math.round((audited.rps / bare.rps) * 100) / 100,
      searchByCode: await search('BRD-6372-26-00'),
    };
    await app.close();
    return results;
  } finally {
    await booted.close();
    if (schema) {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

const out = [await bench('sqlite')];
if (process.env.TEST_DATABASE_URL) out.push(await bench('postgres'));
console.log('\ndialect   participants  audited rps (p99 ms)  bare rps (p99 ms)  readRatio  search p50/p95 ms');
for (const r of out) {
  console.log(
    `${r.dialect.padEnd(9)} ${String(r.participants).padStart(12)}  ${`${r.audited.rps} (${r.audited.p99})`.padStart(20)}  ${`${r.bare.rps} (${r.bare.p99})`.padStart(17)}  ${String(r.readRatio).padStart(9)}  ${r.searchByCode.p50}/${r.searchByCode.p95}`,
  );
}
fs.writeFileSync(path.join('bench', 'results.json'), JSON.stringify(out, null, 2));
console.log('\nbench/results.json written. Targets (issue 10): readRatio ≥ 0.5, search p95 ≤ 50 ms.');
