// The read replica on real PostgreSQL clusters: a primary and a streaming standby made here with the machine's
// server binaries (initdb, pg_ctl, pg_basebackup, run as the postgres user when the test runs as root), on free
// ports, removed afterwards. Shows which reads the standby serves (decision 043): reports, dashboards and
// searches go to it while it is current — proved by data only the primary has yet, with replay paused, and by
// the queries the standby's pg_stat_activity shows — a read of her own write goes to the primary, a standby held
// behind more than the lag allowed or stopped leaves the reads to the primary, and no request fails.
// Without the binaries a developer's run skips it with a notice; in CI (CI set) that is a failure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../src/server/boot.ts';
import { ManualClock } from '../src/server/clock.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { loadConfig } from '../src/server/env.ts';
import { buildApp, type BuiltApp } from '../src/server/http/app.ts';
import { json, seedUser, signIn, until, type Client, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';

const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup'] as const;

/** The newest /usr/lib/postgresql/<version>/bin holding the tools, else `pg_config --bindir`, else initdb's on the PATH. */
function serverBin(): string | null {
  const has = (dir: string) => TOOLS.every((t) => fs.existsSync(path.join(dir, t)));
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (has(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  for (const dir of [
    cfg.status === 0 ? cfg.stdout.trim() : '',
    onPath.status === 0 ? path.dirname(onPath.stdout.trim()) : '',
  ])
    if (dir && has(dir)) return dir;
  return null;
}

const BIN = serverBin();
const IN_CI = !!process.env.CI;
if (!BIN && !IN_CI)
  console.warn(
    'read-replica.test.ts skipped: no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) in /usr/lib/postgresql/*/bin, ' +
      'pg_config --bindir or the PATH. Install them (Debian: apt-get install postgresql) to run it; in CI it is required.',
  );

// The server tools refuse to run as root: then they run as postgres, in a folder it owns.
const AS_ROOT = process.getuid?.() === 0;
function run(tool: string, args: string[]): string {
  const bin = path.join(BIN!, tool);
  const r = AS_ROOT
    ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' })
    : spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Cluster {
  dir: string;
  port: number;
  url: string;
}

let root = '';
const clusters: Cluster[] = [];

function stopCluster(c: Cluster, mode: 'fast' | 'immediate'): void {
  try {
    run('pg_ctl', ['-D', c.dir, '-m', mode, '-w', '-t', '20', 'stop']);
  } catch {
    // pg_ctl could not stop it: its postmaster goes by its pid.
    const pidFile = path.join(c.dir, 'postmaster.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {}
    }
  }
}

function removeClusters(): void {
  for (const c of clusters.splice(0))
    if (fs.existsSync(path.join(c.dir, 'postmaster.pid'))) stopCluster(c, 'immediate');
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = '';
}

async function makeClusters(): Promise<{ primary: Cluster; standby: Cluster }> {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'berdaya-replica-'));
  // A worker that dies leaves no server behind (afterAll does not run then).
  process.once('exit', removeClusters);
  if (AS_ROOT) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('Running as root needs a postgres user to run the server binaries as');
    fs.chownSync(root, Number(id.stdout), Number(gid.stdout));
  }
  const [pPort, sPort] = [await freePort(), await freePort()];
  const primary: Cluster = {
    dir: path.join(root, 'primary'),
    port: pPort,
    url: `postgres://postgres@127.0.0.1:${pPort}/postgres`,
  };
  const standby: Cluster = {
    dir: path.join(root, 'standby'),
    port: sPort,
    url: `postgres://postgres@127.0.0.1:${sPort}/postgres`,
  };
  run('initdb', ['-D', primary.dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const common = [
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${root}'`,
    'max_connections = 60',
    'shared_buffers = 32MB',
    // Test clusters: nothing here must survive a crash of the machine.
    'fsync = off',
  ];
  fs.appendFileSync(
    path.join(primary.dir, 'postgresql.conf'),
    `\n${[...common, `port = ${pPort}`, 'wal_level = replica', 'max_wal_senders = 4', 'hot_standby = on'].join('\n')}\n`,
  );
  clusters.push(primary);
  run('pg_ctl', ['-D', primary.dir, '-l', path.join(root, 'primary.log'), '-w', '-t', '30', 'start']);
  // The standby: a base backup of the primary that follows it by streaming (-R writes primary_conninfo and
  // standby.signal).
  run('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(pPort),
    '-U',
    'postgres',
    '-D',
    standby.dir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
    '--no-sync',
  ]);
  fs.appendFileSync(path.join(standby.dir, 'postgresql.conf'), `\nport = ${sPort}\n`);
  clusters.push(standby);
  run('pg_ctl', ['-D', standby.dir, '-l', path.join(root, 'standby.log'), '-w', '-t', '30', 'start']);
  return { primary, standby };
}

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

interface Instance {
  env: TestEnv;
  booted: Booted;
  built: BuiltApp;
  close(): Promise<void>;
}

describe.skipIf(!BIN && !IN_CI)('reports from a read replica (a real primary and standby)', () => {
  let primary: Cluster;
  let standby: Cluster;
  const keyRing = new KeyRing(randomBytes(32));
  const clock = new ManualClock(Date.parse('2026-03-02T01:00:00.000Z'));
  const instances: Instance[] = [];
  // A: allows a minute of lag (so with replay paused it keeps reading the standby); B: one second.
  let a: Instance;
  let b: Instance;
  let mgr: TestUser;
  let viaA: Client;
  let viaB: Client;

  /** One app instance on the primary with the standby as DATABASE_READ_URL, its connections named `name`. */
  async function instance(name: string, maxLagSeconds: number): Promise<Instance> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berdaya-replica-app-'));
    const readUrl = new URL(standby.url);
    readUrl.searchParams.set('application_name', name);
    const config = loadConfig({
      BERDAYA_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: readUrl.toString(),
      BERDAYA_READ_MAX_LAG_SECONDS: String(maxLagSeconds),
    });
    const booted = await boot(config, { keyRing, clock, poolSize: 4 });
    const built = await buildApp(booted.services, { webDir: path.join(dataDir, 'no-web') });
    await built.app.ready();
    const env = { dialect: 'postgres', booted, built, app: built.app, clock, config, keyRing, dataDir } as TestEnv;
    const inst: Instance = {
      env,
      booted,
      built,
      close: async () => {
        await built.app.close();
        await booted.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
    instances.push(inst);
    return inst;
  }

  /** The standby has replayed all the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const { lsn } = (await query<{ lsn: string }>(primary.url, 'select pg_current_wal_lsn()::text as lsn'))[0]!;
    await until(
      async () =>
        (await query<{ ok: boolean }>(standby.url, 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn]))[0]!
          .ok,
      'the standby to replay the primary',
    );
  }

  const registeredOnStandby = async () =>
    Number((await query<{ n: string }>(standby.url, 'select count(*) as n from participants'))[0]!.n);

  const dashboardCount = async (c: Client): Promise<number> => {
    const res = await c.get('/api/dashboard');
    expect(res.statusCode).toBe(200);
    return (json(res).participantsByStage as { count: number }[]).reduce((s, x) => s + x.count, 0);
  };

  /** Whether instance `name` ran a statement on participants on the standby after the standby's time `since`. */
  const standbyServed = async (name: string, since: string) =>
    (
      await query<{ n: string }>(
        standby.url,
        `select count(*) as n from pg_stat_activity
          where application_name = $1 and query_start >= $2::timestamptz and query ilike '%"participants"%'`,
        [name, since],
      )
    )[0]!.n !== '0';
  const standbyNow = async () => (await query<{ t: string }>(standby.url, 'select clock_timestamp()::text as t'))[0]!.t;

  beforeAll(async () => {
    if (!BIN)
      throw new Error(
        'CI needs the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) for the replica test: .ci/run installs them',
      );
    ({ primary, standby } = await makeClusters());
    // A migrates the primary's schema at its start; the standby receives it by replication.
    a = await instance('berdaya-reads-a', 60);
    b = await instance('berdaya-reads-b', 1);
    mgr = await seedUser(a.env, 'manager', ['63']);
    viaA = await signIn(a.env, mgr);
    viaB = await signIn(b.env, mgr, b.built.app);
    await caughtUp();
  });

  afterAll(async () => {
    for (const i of instances.splice(0)) await i.close().catch(() => {});
    removeClusters();
  });

  it('serves reports, dashboards and searches from the standby, and her own write from the primary', async () => {
    const first = json(await viaA.post('/api/participants', participantBody()));
    await caughtUp();
    expect(await registeredOnStandby()).toBe(1);
    expect((await a.booted.services.db.replica!.refresh()).usable).toBe(true);

    // Replay paused: what the primary writes from now on is missing on the standby.
    await query(standby.url, 'select pg_wal_replay_pause()');
    // A pause is asked for, then taken: until it is, the standby may still replay what the primary writes next.
    await until(
      async () =>
        (await query<{ s: string }>(standby.url, 'select pg_get_wal_replay_pause_state() as s'))[0]?.s === 'paused',
      'replay to pause',
    );
    const name = `Wulan Replika ${randomBytes(3).toString('hex')}`;
    const res = await viaA.post('/api/participants', participantBody({}, { fullName: name }));
    expect(res.statusCode).toBe(201);
    const second = json(res);
    expect(await registeredOnStandby()).toBe(1);

    // Her own write, read at once: her page comes from the primary, with its ETag.
    const page = await viaA.get(`/api/participants/${second.id}`);
    expect(page.statusCode).toBe(200);
    expect(json(page).identity.fullName).toBe(name);
    expect(page.headers.etag).toBeTruthy();

    // Lag-tolerant reads on A (a minute allowed): the standby answers, without the second registration.
    const since = await standbyNow();
    expect(await dashboardCount(viaA)).toBe(1);
    const found = json(await viaA.post('/api/participants/search', { q: name }));
    expect(found.total).toBe(0);
    const byCode = json(await viaA.post('/api/participants/search', { q: first.code }));
    expect(byCode.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    const funnel = json(await viaA.get('/api/reports/annual?year=2026')).funnel;
    expect(funnel.totals[funnel.columns.indexOf('registered')]).toBe(1);
    expect(await standbyServed('berdaya-reads-a', since)).toBe(true);
    // The reads were audited, on the primary (the standby takes no writes).
    const audited = await query<{ action: string }>(
      primary.url,
      `select action from audit_log where actor_id = $1 and action in ('participant.search', 'report.read') order by seq`,
      [mgr.id],
    );
    expect(audited.map((r) => r.action)).toEqual(
      expect.arrayContaining(['participant.search', 'participant.search', 'report.read']),
    );
  });

  it('leaves the reads to the primary while the standby is further behind than allowed, and returns when it catches up', async () => {
    // Replay is still paused with the second registration missing: B allows one second of lag.
    expect(await registeredOnStandby()).toBe(1);
    // B's dashboard counts the registration only the primary holds: it reads the primary while the standby lags.
    await until(async () => (await dashboardCount(viaB)) === 2, 'B to read the primary');
    const name = `Sari Lanjut ${randomBytes(3).toString('hex')}`;
    await viaB.post('/api/participants', participantBody({}, { fullName: name }));
    // Her search on B finds her once B's bound says the standby is too far behind (it only grows while paused).
    let foundOnB = 0;
    for (let i = 0; i < 20 && foundOnB !== 1; i++) {
      foundOnB = json(await viaB.post('/api/participants/search', { q: name })).total;
      if (foundOnB !== 1) await new Promise((r) => setTimeout(r, 250));
    }
    expect(foundOnB).toBe(1);
    // A, which allows a minute, still reads the paused standby.
    expect(json(await viaA.post('/api/participants/search', { q: name })).total).toBe(0);

    await query(standby.url, 'select pg_wal_replay_resume()');
    await caughtUp();
    expect(await registeredOnStandby()).toBe(3);
    // B finds the standby current again and sends its dashboard there.
    await until(async () => {
      const since = await standbyNow();
      expect(await dashboardCount(viaB)).toBe(3);
      return standbyServed('berdaya-reads-b', since);
    }, 'B to read the standby again');
  });

  it('answers from the primary, without an error, when the standby is stopped', async () => {
    const standbyCluster = clusters.find((c) => c.dir === standby.dir)!;
    // A's last check found the standby current: its next statements meet a server that is gone.
    expect((await a.booted.services.db.replica!.refresh()).usable).toBe(true);
    stopCluster(standbyCluster, 'fast');
    const name = `Dewi Sesudah ${randomBytes(3).toString('hex')}`;
    expect((await viaA.post('/api/participants', participantBody({}, { fullName: name }))).statusCode).toBe(201);
    for (const c of [viaA, viaB]) {
      expect(await dashboardCount(c)).toBe(4);
      const s = await c.post('/api/participants/search', { q: name });
      expect(s.statusCode).toBe(200);
      expect(json(s).total).toBe(1);
      expect((await c.get('/api/reports/annual?year=2026')).statusCode).toBe(200);
    }
    expect(a.booted.services.db.replica!.state()).toMatchObject({ usable: false });
    expect(b.booted.services.db.replica!.state()).toMatchObject({ usable: false });
  });
});

describe('read replica configuration', () => {
  it('needs a PostgreSQL primary, and defaults to five seconds of lag', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://r@standby/db' })).toThrow(/DATABASE_READ_URL/);
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://p@primary/db', DATABASE_READ_URL: 'mysql://r@standby/db' }),
    ).toThrow(/DATABASE_READ_URL/);
    const config = loadConfig({
      DATABASE_URL: 'postgres://p@primary/db',
      DATABASE_READ_URL: 'postgres://r@standby/db',
    });
    expect(config).toMatchObject({ readUrl: 'postgres://r@standby/db', readMaxLagSeconds: 5 });
    expect(loadConfig({}).readUrl).toBeUndefined();
  });
});
