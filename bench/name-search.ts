// Name search at 100,000 on SQLite, three passes of 50 common-name searches over HTTP, printing p50/p95 each:
// `npx tsx bench/name-search.ts <dataDir> seed` seeds the province into <dataDir> first (~5 minutes); later runs
// (without `seed`) reuse it. Drop the OS caches before a run (`sync; echo 3 > /proc/sys/vm/drop_caches`, as
// root) to see the cold figure: the first pass is then cold and the later ones warm (docs/performance.md).
// The master key is a fixed test key: the data is synthetic and stays in <dataDir>.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import { buildApp } from '../src/server/http/app.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { bulkSeed } from './bulk.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: npx tsx bench/name-search.ts <dataDir> [seed]');
const TODAY = new Date('2026-11-28T01:00:00.000Z');
const clock = new ManualClock(TODAY.getTime());
const booted = await boot(loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
  keyRing: new KeyRing(Buffer.alloc(32)),
  clock,
});
try {
  const s = booted.services;
  const namesFile = path.join(dataDir, 'names.json');
  if (process.argv[3] === 'seed') {
    const seeded = await bulkSeed(s, clock, 100_000, 10, (l) => console.error(l));
    fs.writeFileSync(namesFile, JSON.stringify(seeded.probes.names));
  }
  const names = JSON.parse(fs.readFileSync(namesFile, 'utf8')) as string[];
  clock.set(TODAY);
  const { app, auth } = await buildApp(s, { webDir: path.join(dataDir, 'no-web') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  for (let pass = 1; pass <= 3; pass++) {
    // A user per pass: the API allows 60 searches a minute per user.
    const password = `Bench-password-${randomBytes(4).toString('hex')}`;
    const username = `bench.search${randomBytes(3).toString('hex')}`;
    await createUser(
      systemRepo(s, 'bench', 'name search'),
      auth,
      { username, role: 'caseworker', regions: ['63'], password },
      'cli',
    );
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username, password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/participants/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, cookie },
        body: JSON.stringify({ q: names[i % names.length] }),
      });
      if (res.status !== 200) throw new Error(`search: ${res.status} ${await res.text()}`);
      await res.json();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`pass ${pass}: name search p50 ${times[24]!.toFixed(1)} ms, p95 ${times[47]!.toFixed(1)} ms`);
  }
  await app.close();
} finally {
  await booted.close();
}
