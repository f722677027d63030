// Attacks on accounts: an administrator who makes herself an account that reads cases. An account that may read
// cases (made, raised, given a region, made active again) waits for a second person — a head of section or Kepala
// Bidang whose regions hold it — and nobody approves her own; the first head of section of a province is made
// alone once, flagged; the server console stays direct and is audited and shown as such. On every database,
// against the app's real routes; the races send real requests at once (two app instances).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from '../support/env.ts';
import { errorCode, note, race, tally } from '../support/race.ts';
import { participantBody, testNik } from '../support/participants.ts';
import { systemRepo } from '../../src/server/modules/repository.ts';
import { createUser } from '../../src/server/modules/users/service.ts';
import { needsSecondPerson, needsSecondPersonFor, readsCases, stepsDown } from '../../src/server/policy/index.ts';
import { ROLES } from '../../src/shared/roles.ts';

const ifMatch = (v: number) => ({ 'if-match': `"${v}"` });
let ipCount = 0;
const freshIp = () => `10.77.${Math.floor(++ipCount / 250)}.${(ipCount % 250) + 1}`;

/** Signs in with a password only (no second factor): the status, as a person at the sign-in form would get. */
async function tryPassword(env: TestEnv, username: string, password: string) {
  return new Client(env.app, freshIp()).post('/api/auth/login', { username, password });
}

/** The audit rows naming an account, oldest first. */
async function auditOf(env: TestEnv, userId: string) {
  await env.booted.services.audit.drain();
  return env.booted.services.db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('resource_id', '=', userId)
    .orderBy('seq')
    .execute();
}

describe('the second-person rule, as the policy states it', () => {
  it('reads cases: manager, caseworker, psychologist; the Kepala Bidang reads none but approves accounts', () => {
    expect(ROLES.filter(readsCases)).toEqual(['manager', 'caseworker', 'psychologist']);
    expect(ROLES.filter(needsSecondPerson)).toEqual(['manager', 'caseworker', 'psychologist', 'head_of_division']);
  });

  it('raises wait, lowering and narrowing do not', () => {
    const cw = { role: 'caseworker' as const, regions: ['6371'], active: true };
    expect(needsSecondPersonFor(null, cw)).toBe(true);
    expect(needsSecondPersonFor({ ...cw, role: 'facilitator' }, cw)).toBe(true);
    expect(needsSecondPersonFor(cw, { ...cw, regions: ['6371', '6372'] })).toBe(true);
    expect(needsSecondPersonFor(cw, { ...cw, regions: ['63'] })).toBe(true);
    expect(needsSecondPersonFor({ ...cw, active: false }, cw)).toBe(true);
    expect(needsSecondPersonFor(cw, { ...cw, role: 'psychologist' })).toBe(true);
    expect(needsSecondPersonFor({ ...cw, role: 'manager' }, { ...cw, role: 'head_of_division' })).toBe(true);
    // A head of section who becomes a caseworker reads nothing she did not: at once.
    expect(stepsDown('manager', 'caseworker')).toBe(true);
    expect(needsSecondPersonFor({ ...cw, role: 'manager' }, cw)).toBe(false);
    expect(needsSecondPersonFor({ ...cw, regions: ['63'] }, cw)).toBe(false);
    expect(needsSecondPersonFor(cw, { ...cw, role: 'facilitator' })).toBe(false);
    expect(needsSecondPersonFor(cw, { ...cw, active: false })).toBe(false);
    expect(needsSecondPersonFor(null, { role: 'admin', regions: ['63'], active: true })).toBe(false);
  });
});

describe.each(DIALECTS)('accounts that read cases wait for a second person, on %s', (dialect) => {
  let env: TestEnv;
  let admin: TestUser;
  let a: Client;
  let bjm: TestUser;
  let kasiBjm: Client;
  let kasiBjb: Client;
  let kabid: Client;
  let herId: string;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    admin = await seedUser(env, 'admin', ['63'], 'admin.prov');
    bjm = await seedUser(env, 'manager', ['6371'], 'kasi.bjm');
    a = await signIn(env, admin);
    kasiBjm = await signIn(env, bjm);
    kasiBjb = await signIn(env, await seedUser(env, 'manager', ['6372'], 'kasi.bjb'));
    kabid = await signIn(env, await seedUser(env, 'head_of_division', ['63'], 'kabid'));
    const her = await kasiBjm.post(
      '/api/participants',
      participantBody({ regionCode: '6371' }, { nik: testNik('1994-03-03', '637101'), birthDate: '1994-03-03' }),
    );
    expect(her.statusCode, her.body).toBe(201);
    herId = json(her).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an administrator’s caseworker and head of section cannot sign in, nor read anything, before approval', async () => {
    const cw = await a.post('/api/users', {
      username: 'pendamping.baru',
      role: 'caseworker',
      regions: ['6371'],
      password: 'Pasar-Lama-Banjarmasin-1',
      name: 'Pendamping Baru',
    });
    expect(cw.statusCode, cw.body).toBe(201);
    const made = json(cw);
    expect(made).toMatchObject({ role: 'caseworker', active: false, approval: { kind: 'CREATE', role: 'caseworker' } });
    // Who must approve: the head of section of Banjarmasin and the province's Kepala Bidang, not Banjarbaru's.
    expect(made.approval.approvers.map((x: { username: string }) => x.username).sort()).toEqual(['kabid', 'kasi.bjm']);
    expect(made.approval.requestedBy).toMatchObject({ id: admin.id });

    // "A manager account for herself": made by the administrator, it waits like any other.
    const self = await a.post('/api/users', {
      username: 'admin.prov.kasi',
      role: 'manager',
      regions: ['63'],
      password: 'Akun-kedua-untuk-saya-1',
      name: 'Admin sebagai Kepala Seksi',
    });
    expect(self.statusCode, self.body).toBe(201);
    expect(json(self)).toMatchObject({ active: false, approval: { role: 'manager', regions: ['63'] } });

    // Neither signs in; the answer is the one a wrong password gets (nothing tells a waiting account apart).
    const wrong = await tryPassword(env, 'pendamping.baru', 'not-her-password-at-all');
    for (const [u, p] of [
      ['pendamping.baru', 'Pasar-Lama-Banjarmasin-1'],
      ['admin.prov.kasi', 'Akun-kedua-untuk-saya-1'],
    ] as const) {
      const res = await tryPassword(env, u, p);
      expect(res.statusCode).toBe(401);
      expect(res.body.replace(/"requestId":"[^"]+"/, '')).toBe(wrong.body.replace(/"requestId":"[^"]+"/, ''));
      expect(res.cookies.find((c) => c.name === 'berdaya_session' && c.value)).toBeUndefined();
    }

    // The administrator who asked cannot approve either (nor can any administrator).
    const byAdmin = await a.post(
      `/api/account-requests/${made.approval.requestId}/decision`,
      { approve: true },
      ifMatch(1),
    );
    expect(byAdmin.statusCode).toBe(403);
    expect((await a.get('/api/account-requests')).statusCode).toBe(403);
    // The head of section of another region does not even see it.
    const other = await kasiBjb.post(
      `/api/account-requests/${made.approval.requestId}/decision`,
      { approve: true },
      ifMatch(1),
    );
    expect(other.statusCode).toBe(404);
    expect(json(await kasiBjb.get('/api/account-requests')).items).toEqual([]);
    // The province-wide head of section's account waits for a province-wide approver: Banjarmasin's cannot.
    const selfId = json(self).approval.requestId;
    expect(
      (await kasiBjm.post(`/api/account-requests/${selfId}/decision`, { approve: true }, ifMatch(1))).statusCode,
    ).toBe(404);

    // Banjarmasin's head of section sees it in her work queue, with its count.
    const counts = json(await kasiBjm.get('/api/work-queue/counts'));
    expect(counts.sections.find((s: { kind: string }) => s.kind === 'account_approvals')?.count).toBe(1);
    const queue = json(await kasiBjm.get('/api/work-queue'));
    expect(queue.sections.find((s: { kind: string }) => s.kind === 'account_approvals').items[0]).toMatchObject({
      id: made.approval.requestId,
      detail: 'caseworker',
    });
    const listed = json(await kasiBjm.get('/api/account-requests')).items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ account: { username: 'pendamping.baru' }, role: 'caseworker', version: 1 });

    // A refusal needs a reason; without If-Match nothing is decided.
    const bare = await kasiBjm.post(
      `/api/account-requests/${made.approval.requestId}/decision`,
      { approve: false },
      ifMatch(1),
    );
    expect(bare.statusCode).toBe(400);
    expect(errorCode(bare)).toBe('reason_required');
    expect(
      (await kasiBjm.post(`/api/account-requests/${made.approval.requestId}/decision`, { approve: true })).statusCode,
    ).toBe(428);

    // Approved: now she signs in (to choose her own password) and reads Banjarmasin's cases.
    const ok = await kasiBjm.post(
      `/api/account-requests/${made.approval.requestId}/decision`,
      { approve: true },
      ifMatch(1),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ status: 'APPROVED', decidedBy: { username: 'kasi.bjm' } });
    const login = await tryPassword(env, 'pendamping.baru', 'Pasar-Lama-Banjarmasin-1');
    expect(login.statusCode).toBe(200);
    const c = new Client(env.app, freshIp());
    c.cookie = `berdaya_session=${login.cookies.find((k) => k.name === 'berdaya_session')!.value}`;
    expect(
      (
        await c.post('/api/auth/password', {
          currentPassword: 'Pasar-Lama-Banjarmasin-1',
          newPassword: 'Jembatan-Basit-Banjarmasin',
        })
      ).statusCode,
    ).toBe(200);
    expect((await c.get(`/api/participants/${herId}`)).statusCode).toBe(200);
    expect(json(await a.get(`/api/users/${made.id}`))).toMatchObject({
      active: true,
      approval: null,
      lastDecision: { status: 'APPROVED', by: { username: 'kasi.bjm' } },
    });
    expect(
      json(await kasiBjm.get('/api/work-queue/counts')).sections.find(
        (s: { kind: string }) => s.kind === 'account_approvals',
      )?.count,
    ).toBe(0);

    // The province's Kepala Bidang refuses the administrator's own head-of-section account, with a reason.
    const refused = await kabid.post(
      `/api/account-requests/${selfId}/decision`,
      { approve: false, reason: 'Administrator tidak merangkap kepala seksi' },
      ifMatch(1),
    );
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await tryPassword(env, 'admin.prov.kasi', 'Akun-kedua-untuk-saya-1')).statusCode).toBe(401);
    expect(json(await a.get(`/api/users/${json(self).id}`))).toMatchObject({
      active: false,
      approval: null,
      lastDecision: {
        status: 'REFUSED',
        reason: 'Administrator tidak merangkap kepala seksi',
        by: { username: 'kabid' },
      },
    });
    // Decided once.
    const again = await kabid.post(`/api/account-requests/${selfId}/decision`, { approve: true }, ifMatch(2));
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_decided');

    const trail = await auditOf(env, made.id);
    expect(trail.map((r) => `${r.action} ${r.actor}`)).toEqual(
      expect.arrayContaining(['user.create admin.prov', 'user.approval_request admin.prov', 'user.approve kasi.bjm']),
    );
    const refusal = (await auditOf(env, json(self).id)).find((r) => r.action === 'user.refuse')!;
    expect(refusal.actor).toBe('kabid');
    // The reason is the approver's words about an account: kept on the request, not in the audit detail.
    expect(refusal.detail).not.toContain('merangkap');
  });

  it('a raise from facilitator to caseworker waits while the old role stays; lowering and deactivating do not', async () => {
    const fasil = await seedUser(env, 'facilitator', ['6371'], 'fasil.bjm');
    const f = await signIn(env, fasil);
    expect((await f.get(`/api/participants/${herId}`)).statusCode).toBe(404);
    const v = json(await a.get(`/api/users/${fasil.id}`)).version;
    const raised = await a.patch(`/api/users/${fasil.id}`, { role: 'caseworker' }, ifMatch(v));
    expect(raised.statusCode, raised.body).toBe(200);
    const view = json(raised);
    expect(view).toMatchObject({
      role: 'facilitator',
      active: true,
      approval: { kind: 'RAISE', role: 'caseworker', previousRole: 'facilitator', regions: ['6371'] },
    });
    // Until approved she is what she was: no case record.
    expect(json(await f.get('/api/auth/me')).user.role).toBe('facilitator');
    expect((await f.get(`/api/participants/${herId}`)).statusCode).toBe(404);

    const ok = await kasiBjm.post(
      `/api/account-requests/${view.approval.requestId}/decision`,
      { approve: true },
      ifMatch(view.approval.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    // The next request of her open session is a caseworker's.
    expect(json(await f.get('/api/auth/me')).user.role).toBe('caseworker');
    expect((await f.get(`/api/participants/${herId}`)).statusCode).toBe(200);

    // A region she did not hold waits too, for an approver of all of them (Banjarmasin's head of section is not).
    const v2 = json(await a.get(`/api/users/${fasil.id}`)).version;
    const wider = json(await a.patch(`/api/users/${fasil.id}`, { regions: ['6371', '6372'] }, ifMatch(v2)));
    expect(wider).toMatchObject({ regions: ['6371'], approval: { kind: 'RAISE', regions: ['6371', '6372'] } });
    expect(wider.approval.approvers.map((x: { username: string }) => x.username)).toEqual(['kabid']);
    // Deactivating applies at once and ends the request.
    const off = await a.patch(`/api/users/${fasil.id}`, { active: false }, ifMatch(wider.version));
    expect(off.statusCode, off.body).toBe(200);
    expect(json(off)).toMatchObject({ active: false, approval: null, lastDecision: { status: 'WITHDRAWN' } });
    expect((await f.get('/api/auth/me')).statusCode).toBe(401);
    const late = await kabid.post(
      `/api/account-requests/${wider.approval.requestId}/decision`,
      { approve: true },
      ifMatch(wider.approval.version),
    );
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('already_decided');
    // Made active again, she waits again.
    const back = json(await a.patch(`/api/users/${fasil.id}`, { active: true }, ifMatch(json(off).version)));
    expect(back).toMatchObject({ active: false, approval: { kind: 'REACTIVATE', role: 'caseworker' } });

    // Lowering a head of section to caseworker applies at once.
    const kasi2 = await seedUser(env, 'manager', ['6372'], 'kasi.turun');
    const lowered = await a.patch(`/api/users/${kasi2.id}`, { role: 'caseworker' }, ifMatch(1));
    expect(json(lowered)).toMatchObject({ role: 'caseworker', approval: null });
  });

  it('a password or two-step reset of a case account leaves it waiting: the administrator cannot take it over', async () => {
    const kasi = await seedUser(env, 'manager', ['6371'], 'kasi.lupa');
    const k = await signIn(env, kasi);
    const reset = await a.patch(
      `/api/users/${kasi.id}`,
      { resetPassword: 'Kata-sandi-dari-admin-1', resetMfa: true },
      ifMatch(1),
    );
    expect(reset.statusCode, reset.body).toBe(200);
    const view = json(reset);
    expect(view).toMatchObject({ active: false, mfaEnabled: false, approval: { kind: 'RESET', role: 'manager' } });
    // Her sessions ended; the password the administrator chose opens nothing until a second person approves.
    expect((await k.get('/api/auth/me')).statusCode).toBe(401);
    expect((await tryPassword(env, 'kasi.lupa', 'Kata-sandi-dari-admin-1')).statusCode).toBe(401);
    const trail = (await auditOf(env, kasi.id)).map((r) => r.action);
    expect(trail).toEqual(expect.arrayContaining(['user.password_reset', 'user.mfa_reset', 'user.approval_request']));
    expect(trail).not.toContain('user.deactivate');
    const ok = await kabid.post(
      `/api/account-requests/${view.approval.requestId}/decision`,
      { approve: true },
      ifMatch(view.approval.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await tryPassword(env, 'kasi.lupa', 'Kata-sandi-dari-admin-1')).statusCode).toBe(200);
    // A facilitator reads no case: her reset applies at once.
    const fasil = await seedUser(env, 'facilitator', ['6371']);
    const plain = json(
      await a.patch(`/api/users/${fasil.id}`, { resetPassword: 'Fasilitator-lupa-sandi-1' }, ifMatch(1)),
    );
    expect(plain).toMatchObject({ active: true, approval: null });
  });

  it('nobody approves her own: not the administrator who asked, not the account herself', async () => {
    const kasiProv = await seedUser(env, 'manager', ['63'], 'kasi.prov');
    const k = await signIn(env, kasiProv);
    const raised = json(await a.patch(`/api/users/${kasiProv.id}`, { role: 'head_of_division' }, ifMatch(1)));
    expect(raised).toMatchObject({ role: 'manager', approval: { role: 'head_of_division', previousRole: 'manager' } });
    expect(raised.approval.approvers.map((x: { username: string }) => x.username)).toEqual(['kabid']);
    const mine = await k.post(
      `/api/account-requests/${raised.approval.requestId}/decision`,
      { approve: true },
      ifMatch(raised.approval.version),
    );
    expect(mine.statusCode).toBe(403);
    expect(errorCode(mine)).toBe('second_person_required');
    expect(json(await k.get('/api/account-requests')).items.map((x: { id: string }) => x.id)).not.toContain(
      raised.approval.requestId,
    );
    const byAdmin = await a.post(
      `/api/account-requests/${raised.approval.requestId}/decision`,
      { approve: true },
      ifMatch(raised.approval.version),
    );
    expect(byAdmin.statusCode).toBe(403);
    // One role per account: an administrator and a case role cannot be asked for together.
    const both = await a.post('/api/users', {
      username: 'dua.peran',
      role: ['admin', 'manager'],
      regions: ['63'],
      password: 'Dua-peran-sekaligus-1',
    });
    expect(both.statusCode).toBe(400);
    // An administrator raised to a case role waits like anyone, and stays an administrator meanwhile.
    const admin2 = await seedUser(env, 'admin', ['63'], 'admin.dua');
    const a2 = await signIn(env, admin2);
    const adminRaise = json(await a.patch(`/api/users/${admin2.id}`, { role: 'manager' }, ifMatch(1)));
    expect(adminRaise).toMatchObject({ role: 'admin', approval: { role: 'manager', previousRole: 'admin' } });
    expect(json(await a2.get('/api/auth/me')).user.role).toBe('admin');
    const ok = await kabid.post(
      `/api/account-requests/${raised.approval.requestId}/decision`,
      { approve: true },
      ifMatch(raised.approval.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(await k.get('/api/auth/me')).user.role).toBe('head_of_division');
  });

  it('two approvals at once: one 200, the others 409 already_decided (two app instances)', async () => {
    const made = json(
      await a.post('/api/users', {
        username: 'pendamping.balap',
        role: 'caseworker',
        regions: ['6371'],
        password: 'Balapan-persetujuan-2026',
      }),
    );
    const second = await env.second();
    const approvers = [kasiBjm, kabid].flatMap((c) => {
      const twin = new Client(second.app, freshIp());
      twin.cookie = c.cookie;
      return [c, twin];
    });
    const answers = await race(8, (i) =>
      approvers[i % approvers.length]!.post(
        `/api/account-requests/${made.approval.requestId}/decision`,
        { approve: i % 3 !== 2, ...(i % 3 === 2 ? { reason: 'Bukan pegawai kantor ini' } : {}) },
        ifMatch(1),
      ),
    );
    const t = tally(answers);
    note(dialect, 'eight approvals and refusals of one account at once', t);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(t['409 already_decided']).toBe(7);
    const decided = await env.booted.services.db.kysely
      .selectFrom('account_requests')
      .selectAll()
      .where('user_id', '=', made.id)
      .execute();
    expect(decided).toHaveLength(1);
    const events = (await auditOf(env, made.id)).filter(
      (r) => r.action === 'user.approve' || r.action === 'user.refuse',
    );
    expect(events).toHaveLength(1);
  });

  it('an approval racing the administrator’s change of the account: one wins, the other is told (412 / 409)', async () => {
    for (let round = 0; round < 4; round++) {
      const made = json(
        await a.post('/api/users', {
          username: `pendamping.ubah${round}`,
          role: 'caseworker',
          regions: ['6371'],
          password: `Balapan-ubah-akun-${round}-2026`,
        }),
      );
      const deactivate = round % 2 === 0;
      const [approve, change] = await Promise.all([
        kasiBjm.post(`/api/account-requests/${made.approval.requestId}/decision`, { approve: true }, ifMatch(1)),
        a.patch(`/api/users/${made.id}`, deactivate ? { active: false } : { name: 'Nama lain' }, ifMatch(made.version)),
      ]);
      note(dialect, `approve vs ${deactivate ? 'deactivate' : 'rename'} (round ${round})`, tally([approve, change]));
      const after = json(await a.get(`/api/users/${made.id}`));
      if (approve.statusCode === 200) {
        // The change was made from the version before the approval.
        expect(change.statusCode).toBe(412);
        expect(errorCode(change)).toBe('stale_version');
        expect(after).toMatchObject({ active: true, approval: null });
      } else {
        expect(change.statusCode).toBe(200);
        // Deactivated: the request was ended (409); renamed: what she was shown changed (412).
        expect(`${approve.statusCode} ${errorCode(approve)}`).toBe(
          deactivate ? '409 already_decided' : '412 stale_version',
        );
        expect(after.active).toBe(false);
        expect(after.approval === null).toBe(deactivate);
      }
    }
    // And told in order: a change of a waiting account moves what the approver must look at.
    const made = json(
      await a.post('/api/users', {
        username: 'pendamping.urut',
        role: 'caseworker',
        regions: ['6371'],
        password: 'Berurutan-ubah-akun-2026',
      }),
    );
    const renamed = json(await a.patch(`/api/users/${made.id}`, { regions: ['6371', '6372'] }, ifMatch(made.version)));
    expect(renamed.approval).toMatchObject({ regions: ['6371', '6372'], version: 2 });
    const stale = await kasiBjm.post(
      `/api/account-requests/${made.approval.requestId}/decision`,
      { approve: true },
      ifMatch(1),
    );
    // Now it gives Banjarbaru too: Banjarmasin's head of section no longer decides it.
    expect(stale.statusCode).toBe(404);
    const staleKabid = await kabid.post(
      `/api/account-requests/${made.approval.requestId}/decision`,
      { approve: true },
      ifMatch(1),
    );
    expect(staleKabid.statusCode).toBe(412);
    expect(json(staleKabid).error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
  });
});

describe.each(DIALECTS)('accounts made without a second person, on %s', (dialect) => {
  let env: TestEnv;
  let a: Client;
  let b: Client;
  let admin: TestUser;

  beforeAll(async () => {
    env = await makeEnv(dialect);
    admin = await seedUser(env, 'admin', ['63'], 'admin.satu');
    a = await signIn(env, admin);
    b = await signIn(env, await seedUser(env, 'admin', ['63'], 'admin.dua'));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the first head of section of a new installation is made alone exactly once, and flagged', async () => {
    // Two administrators make a head of section at the same moment, before any exists: one is the first.
    const [one, two] = await Promise.all([
      a.post('/api/users', {
        username: 'kasi.pertama',
        role: 'manager',
        regions: ['6371'],
        password: 'Kepala-seksi-pertama-1',
      }),
      b.post('/api/users', {
        username: 'kasi.kedua',
        role: 'manager',
        regions: ['6372'],
        password: 'Kepala-seksi-kedua-22',
      }),
    ]);
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    const made = [json(one), json(two)];
    note(
      dialect,
      'two first heads of section at once',
      made.map((m) => (m.active ? 'direct' : 'waits')),
    );
    const first = made.find((m) => m.active)!;
    const waiting = made.find((m) => !m.active)!;
    expect(first).toBeDefined();
    expect(waiting).toBeDefined();
    expect(first).toMatchObject({ approval: null, lastDecision: { kind: 'FIRST_APPROVER', status: 'DIRECT' } });
    expect(waiting.approval).toMatchObject({ kind: 'CREATE', role: 'manager' });
    const flag = (await auditOf(env, first.id)).find((r) => r.action === 'user.first_approver');
    expect(flag).toBeDefined();

    // Once, ever: with the first deactivated, the next head of section still waits.
    const off = await a.patch(`/api/users/${first.id}`, { active: false }, ifMatch(first.version));
    expect(off.statusCode, off.body).toBe(200);
    const third = json(
      await a.post('/api/users', {
        username: 'kasi.ketiga',
        role: 'manager',
        regions: ['6371'],
        password: 'Kepala-seksi-ketiga-3',
      }),
    );
    expect(third).toMatchObject({ active: false, approval: { kind: 'CREATE' } });
    const rows = await env.booted.services.db.kysely
      .selectFrom('account_requests')
      .select('id')
      .where('kind', '=', 'FIRST_APPROVER')
      .execute();
    expect(rows).toHaveLength(1);
    // Made active again, she too waits (for a second person the administrator is not).
    const again = json(await a.patch(`/api/users/${first.id}`, { active: true }, ifMatch(json(off).version)));
    expect(again).toMatchObject({ active: false, approval: { kind: 'REACTIVATE' } });

    // Every administrator sees it on her start page until she herself acknowledges it.
    const notices = json(await b.get('/api/account-notices')).items;
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'FIRST_APPROVER',
        account: expect.objectContaining({ username: first.username }),
      }),
    ]);
    expect((await a.post(`/api/account-notices/${notices[0].id}/acknowledge`)).statusCode).toBe(204);
    expect(json(await a.get('/api/account-notices')).items).toEqual([]);
    expect(json(await b.get('/api/account-notices')).items).toHaveLength(1);
    expect(
      (await auditOf(env, first.id)).some((r) => r.action === 'user.notice_acknowledge' && r.actor === 'admin.satu'),
    ).toBe(true);
  });

  it('the server console is direct, audited as the console, and shown on start pages as made there', async () => {
    const repo = systemRepo(env.booted.services, 'console', 'operator on the server creates an account');
    const { user } = await createUser(
      repo,
      env.built.auth,
      { username: 'kasi.konsol', role: 'manager', regions: ['6372'], password: 'Dibuat-di-konsol-server-1' },
      'console',
    );
    expect(user).toMatchObject({ active: true, approval: null, lastDecision: { kind: 'CONSOLE', status: 'DIRECT' } });
    const created = (await auditOf(env, user.id)).find((r) => r.action === 'user.create')!;
    expect(created.actor).toBe('system:console');
    expect(created.actor_id).toBeNull();
    expect(JSON.parse(created.detail!)).toMatchObject({ via: 'console' });

    const forAdmin = json(await a.get('/api/account-notices')).items;
    expect(forAdmin).toEqual([expect.objectContaining({ kind: 'CONSOLE', by: null })]);
    // A head of section of its region sees it too (the console's manager herself, and any other there).
    const kasi = await signIn(env, await seedUser(env, 'manager', ['6372'], 'kasi.bjb.lain'));
    expect(json(await kasi.get('/api/account-notices')).items.map((n: { kind: string }) => n.kind)).toContain(
      'CONSOLE',
    );
    // A caseworker does not.
    const cw = await signIn(env, await seedUser(env, 'caseworker', ['6372']));
    expect((await cw.get('/api/account-notices')).statusCode).toBe(403);
  });
});
