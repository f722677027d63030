// A/B of name search at 100,000: `npx tsx bench/tmp-search.ts <dataDir> [seed]`
import fs from 'node:fs'; import path from 'node:path'; import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/server/env.ts'; import { boot } from '../src/server/boot.ts'; import { KeyRing } from '../src/server/crypto/keys.ts'; import { ManualClock } from '../src/server/clock.ts'; import { buildApp } from '../src/server/http/app.ts'; import { systemRepo } from '../src/server/data/repo.ts'; import { createUser } from '../src/server/modules/users/service.ts'; import { bulkSeed } from './bulk.ts';
const dataDir = process.argv[2]!; const doSeed = process.argv[3] === 'seed';
const ring = new KeyRing(Buffer.from('0'.repeat(64), 'hex'));
const clock = new ManualClock(new Date('2026-11-28T01:00:00.000Z').getTime());
const booted = await boot(loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { keyRing: ring, clock });
const s = booted.services;
let names: string[] = ['Sit', 'Nur', 'Ani'];
if (doSeed) { const r = await bulkSeed(s, clock, 100_000, 10, (l) => console.error(l)); names = r.probes.names; fs.writeFileSync(path.join(dataDir, 'names.json'), JSON.stringify(names)); }
else names = JSON.parse(fs.readFileSync(path.join(dataDir, 'names.json'), 'utf8'));
clock.set(new Date('2026-11-28T01:00:00.000Z'));
const { app, auth } = await buildApp(s, { webDir: path.join(dataDir, 'x') });
const password = `Bench-password-${randomBytes(4).toString('hex')}`;
const uname = `bench.s${randomBytes(3).toString('hex')}`;
await createUser(systemRepo(s, 'b', 'p'), auth, { username: uname, role: 'caseworker', regions: ['63'], password }, 'cli');
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: uname, password }) });
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
for (let rep = 0; rep < 3; rep++) {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) { const t = performance.now(); const res = await fetch(`${base}/api/participants/search`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie }, body: JSON.stringify({ q: names[i % names.length] }) }); await res.json(); times.push(performance.now() - t); }
  times.sort((a, b) => a - b); console.log(`name search p50 ${times[25]!.toFixed(1)} p95 ${times[47]!.toFixed(1)} ms`);
}
await app.close(); await booted.close();
