// Alert e-mail on every database, against a real local SMTP sink (smtp-server): a high-risk follow-up
// visit mails the heads of section who cover her region and gave an address — and nobody else; the
// message holds no participant data; a server that is down is retried, never lost and never sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DIALECTS, json, makeEnv, seedUser, signIn, until, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps what it receives (no TLS, no auth: loopback only). */
async function startSink(port = 0): Promise<{ port: number; mails: Received[]; close(): Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as net.AddressInfo;
  return { port: address.port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const visit = (over: Record<string, unknown> = {}) => ({
  date: '2019-04-29',
  method: 'PHONE',
  businessStatus: 'RUNNING',
  incomeBand: '1M_2M',
  kitInUse: 'YES',
  housingStable: 'YES',
  familySupport: 'YES',
  healthAccess: 'YES',
  documents: 'YES',
  wellbeing: 4,
  safetyConcern: false,
  returnRisk: 'NO',
  ...over,
});

describe.each(DIALECTS)('alert e-mail on %s', (dialect) => {
  let env: TestEnv;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let admin: TestUser, manager: TestUser, otherManager: TestUser, silentManager: TestUser, caseworker: TestUser;

  beforeAll(async () => {
    sink = await startSink();
    env = await makeEnv(dialect, {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      SMTP_FROM: 'Berdaya <berdaya@dinsos.test>',
      HOST: '127.0.0.1',
      PORT: '3000',
    });
    admin = await seedUser(env, 'admin', ['63']);
    manager = await seedUser(env, 'manager', ['6372']);
    otherManager = await seedUser(env, 'manager', ['6371']);
    silentManager = await seedUser(env, 'manager', ['63']); // no address: in-app only
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    // Addresses are set by the administrator, through the API (lower-cased, validated).
    const adm = await signIn(env, admin);
    for (const [u, email] of [
      [manager, 'Kasi.Rehsos@Dinsos.test'],
      [otherManager, 'kasi.banjarmasin@dinsos.test'],
    ] as const) {
      const current = json(await adm.get(`/api/users/${u.id}`));
      const res = await adm.patch(`/api/users/${u.id}`, { email }, { 'if-match': `"${current.version}"` });
      expect(res.statusCode).toBe(200);
    }
    const bad = await adm.patch(`/api/users/${silentManager.id}`, { email: 'not an address' }, { 'if-match': '"1"' });
    expect(bad.statusCode).toBe(400);
    expect(json(await adm.get(`/api/users/${manager.id}`)).email).toBe('kasi.rehsos@dinsos.test');
  });
  afterAll(async () => {
    await env?.close();
    await sink?.close();
  });

  it('mails the heads of section of her region a message without personal data, once', async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 5], { followUpConsent: [true, true] });
    const [p1] = g.people;
    // Her visits come after the graduation (the clock goes forward, never back: TOTP steps only grow).
    env.clock.set(new Date('2019-07-01T01:00:00Z'));
    const cw = await signIn(env, caseworker);
    const fu = json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items[0];
    const participant = json(await cw.get(`/api/participants/${p1!.id}`));

    // An ordinary visit mails nobody.
    expect((await cw.post(`/api/follow-ups/${fu.id}/visits`, visit())).statusCode).toBe(201);
    const fu2 = json(await cw.get(`/api/participants/${p1!.id}/follow-ups`)).items[1];
    await env.booted.services.mail!.idle();
    expect(sink.mails).toEqual([]);

    // A high risk does: the alert and its e-mail were committed together, and the sender delivers it.
    expect(
      (await cw.post(`/api/follow-ups/${fu2.id}/visits`, visit({ returnRisk: 'HIGH', date: '2019-06-30' }))).statusCode,
    ).toBe(201);
    await until(() => sink.mails.length >= 1, 'the alert e-mail');
    await env.booted.services.mail!.idle();
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0]!;
    expect(mail.to).toEqual(['kasi.rehsos@dinsos.test']); // not Banjarmasin's head, not the one without an address
    expect(mail.raw).toContain('Subject: [Berdaya] Peringatan baru:');
    expect(mail.raw).toContain('Kota Banjarbaru');
    expect(mail.raw).toContain('http://127.0.0.1:3000/follow-ups');
    // Nothing about her: no code, no name, no record id.
    for (const secret of [participant.code, participant.preferredName, participant.fullName, p1!.id, fu2.id]) {
      if (secret) expect(mail.raw).not.toContain(secret);
    }

    // Marked sent (so a restart does not send it again) and audited as the mailer's act.
    const rows = await env.booted.services.db.kysely.selectFrom('email_outbox').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: manager.id, attempts: 1, failed_at: null, last_error: null });
    expect(rows[0]!.sent_at).not.toBeNull();
    expect(await env.booted.services.mail!.deliverDue()).toBe(0);
    expect(sink.mails).toHaveLength(1);
    const audit = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor', 'resource_id'])
      .where('action', '=', 'notification.email_sent')
      .execute();
    expect(audit).toEqual([{ action: 'notification.email_sent', actor: 'mailer', resource_id: rows[0]!.id }]);

    // The in-app alert is there as before.
    const mgr = await signIn(env, manager);
    expect(json(await mgr.get('/api/alerts')).items.map((a: { kind: string }) => a.kind)).toContain('followup_risk');
  });
});

describe.each(DIALECTS)('alert e-mail when the mail server is down, on %s', (dialect) => {
  let env: TestEnv;
  let port: number;
  let manager: TestUser, caseworker: TestUser;
  beforeAll(async () => {
    port = await freePort();
    env = await makeEnv(dialect, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    await env.booted.services.db.kysely
      .updateTable('users')
      .set({ email: 'kabid@dinsos.test' })
      .where('id', '=', manager.id)
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('keeps the message, retries later, and sends it once the server is back', async () => {
    const g = await graduatedCohort(env, { manager, caseworker }, [5], { followUpConsent: [true] });
    env.clock.set(new Date('2019-05-01T01:00:00Z'));
    const cw = await signIn(env, caseworker);
    const fu = json(await cw.get(`/api/participants/${g.people[0]!.id}/follow-ups`)).items[0];
    expect((await cw.post(`/api/follow-ups/${fu.id}/visits`, visit({ safetyConcern: true }))).statusCode).toBe(201);
    const mail = env.booted.services.mail!;
    await until(
      async () =>
        (await env.booted.services.db.kysely.selectFrom('email_outbox').select('attempts').executeTakeFirst())
          ?.attempts === 1,
      'the first attempt',
    );
    await mail.idle();
    let row = await env.booted.services.db.kysely.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.failed_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    expect(row.next_attempt_at > env.clock.now().toISOString()).toBe(true);
    // Not due yet: nothing is tried.
    expect(await mail.deliverDue()).toBe(0);

    const sink = await startSink(port);
    try {
      env.clock.advance(2 * 60_000);
      expect(await mail.deliverDue()).toBe(1);
      expect(sink.mails).toHaveLength(1);
      expect(sink.mails[0]!.to).toEqual(['kabid@dinsos.test']);
      expect(sink.mails[0]!.raw).toContain('keselamatan');
      row = await env.booted.services.db.kysely.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ attempts: 2, last_error: null, failed_at: null });
      expect(await mail.deliverDue()).toBe(0);
    } finally {
      await sink.close();
    }
  });
});
