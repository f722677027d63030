// Work that must happen once, with several app instances on one database (decision 015): each outbox e-mail
// is delivered once however many instances deliver at the same moment, and a message claimed by an instance
// that died is delivered by another after its lease; each daily job runs once per WITA day, a pass whose
// holder died is taken over, and a second SQLite server on the same data folder refuses to start.
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import {
  DIALECTS,
  json,
  makeEnv,
  seedUser,
  signIn,
  tmpDir,
  until,
  type TestEnv,
  type TestUser,
} from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { boot, type Booted } from '../src/server/boot.ts';
import { CLAIM_LEASE_MS, queueAlertEmails } from '../src/server/notify/email.ts';
import { JOB_LEASE_MS, Scheduler, type ScheduledJob } from '../src/server/jobs/scheduler.ts';
import type { AppConfig } from '../src/server/env.ts';

/** A local SMTP server that keeps what it receives (loopback, no TLS, no auth). */
async function startSink(): Promise<{ port: number; mails: { to: string[] }[]; close(): Promise<void> }> {
  const mails: { to: string[] }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as net.AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An "SMTP server" that accepts connections and never answers: a sender using it hangs mid-round. */
async function startHangingServer(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Another app instance on the env's database (as a second server behind a load balancer), with its own config. */
function instance(env: TestEnv, config: AppConfig = env.config): Promise<Booted> {
  return boot(config, { keyRing: env.keyRing, clock: env.clock, pgSchema: env.pgSchema, poolSize: 5 });
}

describe.each(DIALECTS)('outbox e-mail with several instances on %s', (dialect) => {
  let env: TestEnv;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let second: Booted;
  const managers: TestUser[] = [];
  const db = () => env.booted.services.db.kysely;

  beforeAll(async () => {
    sink = await startSink();
    env = await makeEnv(dialect, { SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
    second = await instance(env);
    for (let i = 0; i < 3; i++) {
      const m = await seedUser(env, 'manager', ['63']);
      await db()
        .updateTable('users')
        .set({ email: `kasi${i}@dinsos.test` })
        .where('id', '=', m.id)
        .execute();
      managers.push(m);
    }
  });
  afterAll(async () => {
    await second?.close();
    await env?.close();
    await sink?.close();
  });

  /** Writes `alerts` alerts' e-mails, as an alert's transaction does (one per head of section with an address). */
  async function queue(alerts: number): Promise<void> {
    for (let i = 0; i < alerts; i++) {
      env.clock.advance(1000);
      await queueAlertEmails(db(), env.config, env.clock.now().toISOString(), {
        kind: 'followup_risk',
        regionCode: '6372',
      });
    }
  }

  it('delivers each e-mail exactly once while two instances deliver at the same moment', async () => {
    const a = env.booted.services.mail!;
    const b = second.services.mail!;
    let expected = 0;
    for (let round = 0; round < 3; round++) {
      await queue(4);
      expected += 4 * managers.length;
      // Both instances' senders at once, repeatedly (as their timers and kicks would), until all is sent.
      await until(async () => {
        await Promise.all([a.deliverDue(), b.deliverDue(), a.deliverDue(), b.deliverDue()]);
        const left = await db().selectFrom('email_outbox').select('id').where('sent_at', 'is', null).execute();
        return left.length === 0;
      }, 'the outbox to be delivered');
      expect(sink.mails).toHaveLength(expected);
    }
    const rows = await db().selectFrom('email_outbox').selectAll().execute();
    expect(rows).toHaveLength(expected);
    expect(a.instanceId).not.toBe(b.instanceId);
    for (const r of rows) {
      expect(r).toMatchObject({ attempts: 1, failed_at: null, last_error: null, claim_expires_at: null });
      expect([a.instanceId, b.instanceId]).toContain(r.claimed_by);
    }
    // Each head of section got one e-mail per alert: 12, not more.
    for (let i = 0; i < managers.length; i++)
      expect(sink.mails.filter((m) => m.to[0] === `kasi${i}@dinsos.test`)).toHaveLength(12);
    // One "sent" audit entry per message.
    const audited = await db()
      .selectFrom('audit_log')
      .select('resource_id')
      .where('action', '=', 'notification.email_sent')
      .execute();
    expect(audited).toHaveLength(expected);
    expect(new Set(audited.map((r) => r.resource_id)).size).toBe(expected);
    expect(await a.deliverDue()).toBe(0);
    expect(await b.deliverDue()).toBe(0);
  });

  it('delivers, once, what an instance claimed and never sent, after its lease ran out', async () => {
    const b = second.services.mail!;
    const before = sink.mails.length;

    // An instance that claims and dies before sending anything.
    await queue(2);
    const dead = await instance(env);
    const claimed = await dead.services.mail!.claimDue();
    expect(claimed).toHaveLength(2 * managers.length);
    await dead.close();
    expect(await b.deliverDue()).toBe(0); // still held
    env.clock.advance(CLAIM_LEASE_MS - 1000);
    expect(await b.deliverDue()).toBe(0);
    env.clock.advance(2000);
    expect(await b.deliverDue()).toBe(2 * managers.length);
    expect(sink.mails.length - before).toBe(2 * managers.length);

    // An instance whose mail server hangs mid-round: it claimed the messages and is stuck sending the first.
    const hanging = await startHangingServer();
    const stuck = await instance(env, {
      ...env.config,
      smtp: { url: `smtp://127.0.0.1:${hanging.port}`, from: env.config.smtp!.from },
    });
    try {
      await queue(2);
      const ids = (await db().selectFrom('email_outbox').select('id').where('sent_at', 'is', null).execute()).map(
        (r) => r.id,
      );
      expect(ids).toHaveLength(2 * managers.length);
      const stuckRound = stuck.services.mail!.deliverDue();
      const stuckId = stuck.services.mail!.instanceId;
      await until(async () => hanging.connections() > 0, 'the stuck sender to connect');
      const held = await db().selectFrom('email_outbox').select('claimed_by').where('id', 'in', ids).execute();
      expect(held.every((r) => r.claimed_by === stuckId)).toBe(true);
      expect(await b.deliverDue()).toBe(0);
      env.clock.advance(CLAIM_LEASE_MS + 1000);
      expect(await b.deliverDue()).toBe(2 * managers.length);
      // The stuck sender's attempt now fails; it neither marks nor sends what it no longer holds.
      await hanging.close();
      expect(await stuckRound).toBe(0);
      const rows = await db().selectFrom('email_outbox').selectAll().where('id', 'in', ids).execute();
      for (const r of rows)
        expect(r).toMatchObject({ claimed_by: b.instanceId, attempts: 1, last_error: null, failed_at: null });
      expect(rows.every((r) => r.sent_at !== null)).toBe(true);
    } finally {
      await stuck.close();
      await hanging.close().catch(() => {});
    }
    expect(sink.mails.length - before).toBe(4 * managers.length);
    const audited = await db()
      .selectFrom('audit_log')
      .select('resource_id')
      .where('action', '=', 'notification.email_sent')
      .execute();
    expect(new Set(audited.map((r) => r.resource_id)).size).toBe(audited.length);
  });
});

/** A job that counts its passes and, while `hold` is set, waits until released. */
function countingJob(name: string) {
  const calls: string[] = [];
  let release: () => void = () => {};
  let hold: Promise<void> | null = null;
  const job = (who: string): ScheduledJob => ({
    name,
    async run() {
      calls.push(who);
      if (hold) await hold;
      return { n: calls.length };
    },
  });
  return {
    calls,
    job,
    hold() {
      hold = new Promise<void>((r) => (release = r));
    },
    release: () => {
      release();
      hold = null;
    },
  };
}

describe.each(DIALECTS)('daily jobs with several instances on %s', (dialect) => {
  let env: TestEnv;
  let second: Booted;
  const db = () => env.booted.services.db.kysely;
  const runs = (job: string) => db().selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('day').execute();

  beforeAll(async () => {
    env = await makeEnv(dialect);
    second = await instance(env);
  });
  afterAll(async () => {
    await second?.close();
    await env?.close();
  });

  it("runs a job's pass once a WITA day, whichever instances start and check", async () => {
    env.clock.set(new Date('2026-03-02T01:00:00Z')); // 09:00 WITA, 2 March
    const c = countingJob('count');
    c.hold();
    // Both instances start at once; each checks at start.
    const sa = env.booted.startBackground({ jobs: [c.job('a')] });
    const sb = second.startBackground({ jobs: [c.job('b')] });
    await until(() => c.calls.length === 1, 'one instance to start the pass');
    // The pass is running on one instance: the other's check (at start, and again now) skips it.
    const other = c.calls[0] === 'a' ? sb : sa;
    await other.idle();
    expect(await other.runDue()).toEqual([]);
    c.release();
    await sa.idle();
    await sb.idle();
    expect(c.calls).toHaveLength(1);
    let rows = await runs('count');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      day: '2026-03-02',
      attempts: 1,
      outcome: 'success',
      instance_id: (c.calls[0] === 'a' ? sa : sb).instanceId,
    });
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ n: 1 });

    // Later the same WITA day: nothing more.
    env.clock.set(new Date('2026-03-02T15:59:00Z')); // 23:59 WITA
    expect([...(await sa.runDue()), ...(await sb.runDue())]).toEqual([]);
    expect(c.calls).toHaveLength(1);

    // Midnight WITA (16:00 UTC) starts a new day: one pass again, from concurrent checks.
    env.clock.set(new Date('2026-03-02T16:00:00Z'));
    const ran = (await Promise.all([sa.runDue(), sb.runDue()])).flat();
    expect(ran).toEqual([{ job: 'count', day: '2026-03-03', outcome: 'success', detail: { n: 2 } }]);
    expect(c.calls).toHaveLength(2);
    rows = await runs('count');
    expect(rows.map((r) => [r.day, r.outcome])).toEqual([
      ['2026-03-02', 'success'],
      ['2026-03-03', 'success'],
    ]);
  });

  it('takes over a pass whose holder died, after its lease; the late holder does not overwrite it', async () => {
    env.clock.set(new Date('2026-03-05T02:00:00Z'));
    const calls: string[] = [];
    let wake: () => void = () => {};
    const asleep = new Promise<void>((r) => (wake = r));
    // The holder stops in the middle of its pass and renews its lease only hourly: to the others it died.
    const dying = new Scheduler(
      db(),
      env.clock,
      [
        {
          name: 'takeover',
          run: async () => {
            calls.push('dying');
            await asleep;
            return { by: 'dying' };
          },
        },
      ],
      { renewEveryMs: 3600_000 },
    );
    const survivor = new Scheduler(second.services.db.kysely, env.clock, [
      {
        name: 'takeover',
        run: async () => {
          calls.push('survivor');
          return { by: 'survivor' };
        },
      },
    ]);
    const dyingPass = dying.runDue();
    await until(() => calls.length === 1, 'the first holder to start');
    expect(await survivor.runDue()).toEqual([]);
    env.clock.advance(JOB_LEASE_MS - 60_000);
    expect(await survivor.runDue()).toEqual([]);
    env.clock.advance(2 * 60_000);
    expect(await survivor.runDue()).toEqual([
      { job: 'takeover', day: '2026-03-05', outcome: 'success', detail: { by: 'survivor' } },
    ]);
    let [row] = await runs('takeover');
    expect(row).toMatchObject({
      instance_id: survivor.instanceId,
      attempts: 2,
      outcome: 'success',
      detail: '{"by":"survivor"}',
    });
    // The first holder finishes late: its outcome does not replace the survivor's record.
    wake();
    expect(await dyingPass).toEqual([
      { job: 'takeover', day: '2026-03-05', outcome: 'success', detail: { by: 'dying' } },
    ]);
    [row] = await runs('takeover');
    expect(row).toMatchObject({
      instance_id: survivor.instanceId,
      attempts: 2,
      outcome: 'success',
      detail: '{"by":"survivor"}',
    });
    expect(await survivor.runDue()).toEqual([]);
    expect(await dying.runDue()).toEqual([]);
    expect(calls).toEqual(['dying', 'survivor']);
  });

  it('retries a failed pass at the next check, on any instance', async () => {
    env.clock.set(new Date('2026-03-06T02:00:00Z'));
    let fail = true;
    const job: ScheduledJob = {
      name: 'flaky',
      async run() {
        if (fail) throw new Error('database went away');
        return { ok: true };
      },
    };
    const a = new Scheduler(db(), env.clock, [job]);
    const b = new Scheduler(second.services.db.kysely, env.clock, [job]);
    expect(await a.runDue()).toEqual([
      { job: 'flaky', day: '2026-03-06', outcome: 'failure', detail: { error: 'database went away' } },
    ]);
    fail = false;
    expect(await b.runDue()).toEqual([{ job: 'flaky', day: '2026-03-06', outcome: 'success', detail: { ok: true } }]);
    expect(await runs('flaky')).toMatchObject([{ instance_id: b.instanceId, attempts: 2, outcome: 'success' }]);
    expect(await a.runDue()).toEqual([]);
  });
});

describe.each(DIALECTS)('retention as a daily job on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('anonymises a long-closed case once, when two instances start together', async () => {
    env.clock.set(new Date('2026-03-10T02:00:00Z'));
    const mgr = await signIn(env, manager);
    const p = json(
      await mgr.post('/api/participants', participantBody({}, { nik: undefined, noNikReason: 'UNKNOWN' })),
    );
    expect(
      (await mgr.post(`/api/participants/${p.id}/termination`, { reason: 'PINDAH', note: 'Pindah' })).statusCode,
    ).toBeLessThan(300);
    env.clock.set(new Date('2031-03-11T02:00:00Z')); // five years and a day later
    const second = await instance(env);
    try {
      // The server's own start: default jobs (retention), both instances at once.
      const sa = env.booted.startBackground();
      const sb = second.startBackground();
      await until(
        async () =>
          (
            await env.booted.services.db.kysely
              .selectFrom('job_runs')
              .select('outcome')
              .where('job', '=', 'retention')
              .executeTakeFirst()
          )?.outcome != null,
        'the retention pass',
      );
      await sa.idle();
      await sb.idle();
      const db = env.booted.services.db.kysely;
      const rows = await db.selectFrom('job_runs').selectAll().where('job', '=', 'retention').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ day: '2031-03-11', outcome: 'success', attempts: 1 });
      expect(JSON.parse(rows[0]!.detail!)).toEqual({ years: 5, anonymised: 1 });
      expect(
        (await db.selectFrom('participants').select('erased_at').where('id', '=', p.id).executeTakeFirstOrThrow())
          .erased_at,
      ).not.toBeNull();
      const erasures = await db
        .selectFrom('audit_log')
        .select(['actor', 'detail'])
        .where('action', '=', 'protection.erase')
        .where('resource_id', '=', p.id)
        .execute();
      expect(erasures).toHaveLength(1);
      expect(erasures[0]!.actor).toBe('system:retention');
    } finally {
      await second.close();
    }
  });
});

describe('one server per SQLite data folder', () => {
  const ROOT = path.resolve('.');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  function start(env: Record<string, string>): {
    child: ChildProcess;
    running: Promise<string>;
    exited: Promise<{ code: number | null; out: string }>;
  } {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
      env: {
        PATH: process.env.PATH!,
        TMPDIR: process.env.TMPDIR ?? '/tmp',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        ...env,
      },
      cwd: ROOT,
    });
    children.push(child);
    let out = '';
    let onRunning: (base: string) => void = () => {};
    const running = new Promise<string>((resolve) => (onRunning = resolve));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) onRunning(m[1]!);
    });
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
      child.once('exit', (code) => resolve({ code, out })),
    );
    return { child, running, exited };
  }
  const firstOf = <T>(p: Promise<T>, exited: Promise<{ out: string }>) =>
    Promise.race([p, exited.then((e) => Promise.reject(new Error(`server exited: ${e.out}`)))]);

  it('refuses a second server on the same data folder, and starts again once the first is gone', async () => {
    const env = { BERDAYA_DATA_DIR: tmpDir('berdaya-lock-'), BERDAYA_MASTER_KEY: randomBytes(32).toString('base64') };
    const first = start(env);
    const base = await firstOf(first.running, first.exited);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    const second = start(env);
    const refused = await second.exited;
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('Another Berdaya server is already running');
    expect(refused.out).toContain(path.join(env.BERDAYA_DATA_DIR, 'berdaya.lock'));
    expect(refused.out).not.toContain('running at');

    // The CLI still opens the database while the server runs.
    const migrate = spawnSync(process.execPath, [path.join(ROOT, 'bin/berdaya.js'), 'migrate'], {
      env: { PATH: process.env.PATH!, TMPDIR: process.env.TMPDIR ?? '/tmp', BERDAYA_CLI_FROM_SOURCE: '1', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(migrate.status, migrate.stderr).toBe(0);

    // A server killed outright leaves no stale lock: the next one starts.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = start(env);
    await firstOf(third.running, third.exited);
    third.child.kill('SIGTERM');
    await third.exited;
  });
});
