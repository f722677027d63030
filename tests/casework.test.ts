// Outreach without identity, assessments (SRQ-20, trafficking screen), case plans, partners and referrals
// with consent, on every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, DIALECTS, json, makeEnv, seedUser, signIn, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody } from './support/participants.ts';
import { proposeRisk, srq20Score, diffAnswers } from '../src/server/modules/casework/rules.ts';
import { extractText } from 'unpdf';

async function pdfText(body: Buffer): Promise<string> {
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  return (await extractText(new Uint8Array(body), { mergePages: true })).text;
}

const contact = (over: Record<string, unknown> = {}) => ({
  contactDate: '2026-02-10',
  regionCode: '6372',
  placeKind: 'WARUNG_KAFE',
  channel: 'JANGKAUAN_JALANAN',
  topics: ['PROGRAM', 'KESEHATAN'],
  materials: ['BROSUR'],
  interestLevel: 'MEDIUM',
  outcome: 'NOT_NOW',
  nextContactDate: '2026-02-17',
  ...over,
});

const yesAt = (...idx: number[]) => Array.from({ length: 20 }, (_, i) => idx.includes(i + 1));
const answers = (over: Record<string, unknown> = {}) => ({
  living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'UNKNOWN' },
  health: { hasAccess: 'YES', bpjs: 'NO', testing: 'REFERRED' },
  economy: { monthlyIncome: 1_500_000, debts: 2_000_000, dependants: 2 },
  education: { level: 'SMP', skills: ['memasak'], desiredTrade: 'Tata boga (kue)' },
  srq20: yesAt(1, 3),
  trafficking: {},
  safety: { risks: ['NONE'] },
  strengths: 'Rajin, didukung ibu',
  ...over,
});

describe('SRQ-20 scoring and risk, by hand', () => {
  it('counts yes answers', () => {
    expect(srq20Score(yesAt())).toBe(0);
    expect(srq20Score(yesAt(1, 2, 3, 4, 5))).toBe(5);
    expect(srq20Score(yesAt(1, 2, 3, 4, 5, 6))).toBe(6);
    expect(srq20Score(yesAt(...Array.from({ length: 20 }, (_, i) => i + 1)))).toBe(20);
    expect(() => srq20Score([true, false])).toThrow();
  });
  it('proposes a risk level from the answers', () => {
    const base = answers() as never;
    expect(proposeRisk(base, 6)).toBe('LOW');
    expect(proposeRisk(answers({ srq20: yesAt(1, 2, 3, 4, 5) }) as never, 6)).toBe('LOW');
    expect(proposeRisk(answers({ srq20: yesAt(1, 2, 3, 4, 5, 6) }) as never, 6)).toBe('MEDIUM');
    expect(proposeRisk(answers({ srq20: yesAt(1, 2, 3, 4, 5) }) as never, 5)).toBe('MEDIUM');
    expect(proposeRisk(answers({ trafficking: { DEBT_BONDAGE: 'YES' } }) as never, 6)).toBe('HIGH');
    expect(proposeRisk(answers({ trafficking: { DEBT_BONDAGE: 'UNKNOWN' } }) as never, 6)).toBe('LOW');
    expect(proposeRisk(answers({ safety: { risks: ['THREAT_FROM_EXPLOITER'] } }) as never, 6)).toBe('HIGH');
    expect(
      proposeRisk(
        answers({ living: { situation: 'NO_FIXED_PLACE', familyContact: 'NO', familyAccepting: 'NO' } }) as never,
        6,
      ),
    ).toBe('MEDIUM');
  });
  it('lists what changed between versions', () => {
    expect(diffAnswers({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 }, d: 'x' })).toEqual([
      { path: 'a.c', from: 2, to: 3 },
      { path: 'd', from: null, to: 'x' },
    ]);
  });
});

describe.each(DIALECTS)('casework on %s', (dialect) => {
  let env: TestEnv;
  let cwBjb: TestUser, cwBjm: TestUser, manager: TestUser, admin: TestUser;
  let bjb: Client, bjm: Client, mgr: Client, adm: Client;
  beforeAll(async () => {
    env = await makeEnv(dialect);
    cwBjb = await seedUser(env, 'caseworker', ['6372']);
    cwBjm = await seedUser(env, 'caseworker', ['6371']);
    manager = await seedUser(env, 'manager', ['63']);
    admin = await seedUser(env, 'admin', ['63']);
    [bjb, bjm, mgr, adm] = await Promise.all([
      signIn(env, cwBjb),
      signIn(env, cwBjm),
      signIn(env, manager),
      signIn(env, admin),
    ]);
  });
  afterAll(async () => {
    await env?.close();
  });
  const newParticipant = async (over: Record<string, unknown> = {}) => {
    const res = await bjb.post('/api/participants', participantBody(over));
    expect(res.statusCode, res.body).toBe(201);
    return json(res).id as string;
  };

  it('an outreach contact stores no name, NIK or address', async () => {
    for (const extra of [
      { name: 'Siti' },
      { nik: '6372015204950001' },
      { address: 'Jl. A. Yani' },
      { fullName: 'Siti' },
    ]) {
      const res = await bjb.post('/api/outreach', contact(extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
    }
    const ok = await bjb.post('/api/outreach', contact({ alias: 'Mawar' }));
    expect(ok.statusCode).toBe(201);
    const o = json(ok);
    expect(Object.keys(o).sort()).toEqual([
      'alias',
      'cameVoluntarily',
      'channel',
      'contactDate',
      'createdAt',
      'id',
      'interestLevel',
      'materials',
      'nextContactDate',
      'outcome',
      'placeKind',
      'prospectId',
      'regionCode',
      'topics',
      'version',
      'worker',
    ]);
    const row = await env.booted.services.db.kysely
      .selectFrom('prospects')
      .selectAll()
      .where('id', '=', o.prospectId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('Mawar');
  });

  it('repeated contacts with the same alias in a region are one prospect; a decline is respected', async () => {
    const a = json(await bjb.post('/api/outreach', contact({ alias: 'Melati Putih' })));
    const b = json(
      await bjb.post(
        '/api/outreach',
        contact({ alias: 'melati  putih', contactDate: '2026-02-17', interestLevel: 'HIGH', outcome: 'INTERESTED' }),
      ),
    );
    expect(b.prospectId).toBe(a.prospectId);
    const other = json(await bjm.post('/api/outreach', contact({ alias: 'Melati Putih', regionCode: '6371' })));
    expect(other.prospectId).not.toBe(a.prospectId);
    const pushed = await bjb.post(
      '/api/outreach',
      contact({ alias: 'Anggrek', outcome: 'DECLINED', nextContactDate: '2026-03-01' }),
    );
    expect(pushed.statusCode).toBe(400);
    expect(json(pushed).error.details[0].field).toBe('body.nextContactDate');
    const asked = await bjb.post(
      '/api/outreach',
      contact({ alias: 'Anggrek', outcome: 'DECLINED', nextContactDate: '2026-03-01', nextContactRequested: true }),
    );
    expect(asked.statusCode).toBe(201);
    const prospects = json(await bjb.get('/api/outreach/prospects')).items;
    const melati = prospects.find((p: { id: string }) => p.id === a.prospectId);
    expect(melati).toMatchObject({ contacts: 2, alias: 'Melati Putih', lastOutcome: 'INTERESTED', status: 'OPEN' });
    // The prospect becomes a participant only through the consent-first create, which keeps the link.
    const created = await bjb.post('/api/participants', participantBody({ prospectId: a.prospectId }));
    expect(created.statusCode).toBe(201);
    const after = json(await bjb.get('/api/outreach/prospects')).items.find(
      (p: { id: string }) => p.id === a.prospectId,
    );
    expect(after).toMatchObject({ status: 'REGISTERED', participantId: json(created).id });
  });

  it('police and Satpol PP contacts ask whether she came freely, and alert the manager if not', async () => {
    const missing = await bjb.post('/api/outreach', contact({ channel: 'SATPOL_PP' }));
    expect(missing.statusCode).toBe(400);
    expect(json(missing).error.details[0].field).toBe('body.cameVoluntarily');
    const o = json(await bjb.post('/api/outreach', contact({ channel: 'SATPOL_PP', cameVoluntarily: 'NO' })));
    const alerts = json(await mgr.get('/api/alerts')).items;
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'involuntary_referral', resourceId: o.id, regionCode: '6372' }),
      ]),
    );
    expect((await bjb.get('/api/alerts')).statusCode).toBe(403);
    const alertId = alerts.find((a: { resourceId: string }) => a.resourceId === o.id).id;
    const acked = json(await mgr.post(`/api/alerts/${alertId}/acknowledge`)).items.find(
      (a: { id: string }) => a.id === alertId,
    );
    expect(acked.acknowledgedAt).toBeTruthy();
    const future = await bjb.post('/api/outreach', contact({ contactDate: '2099-01-01' }));
    expect(future.statusCode).toBe(400);
  });

  it('outreach lists and counts per region and month stay within scope; other regions get 404', async () => {
    const o = json(await bjb.post('/api/outreach', contact({ contactDate: '2026-01-05' })));
    const list = json(await bjb.get('/api/outreach?from=2026-01-01&to=2026-01-31'));
    expect(list.items.map((i: { id: string }) => i.id)).toContain(o.id);
    expect(list.countsByMonth).toEqual(
      expect.arrayContaining([expect.objectContaining({ month: '2026-01', regionCode: '6372' })]),
    );
    const theirs = json(await bjm.get('/api/outreach'));
    expect(theirs.items.map((i: { id: string }) => i.id)).not.toContain(o.id);
    expect(theirs.countsByMonth.every((c: { regionCode: string }) => c.regionCode === '6371')).toBe(true);
    expect((await bjm.get(`/api/outreach/${o.id}`)).statusCode).toBe(404);
    expect(
      (await bjm.patch(`/api/outreach/${o.id}`, { interestLevel: 'HIGH' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(404);
    expect((await bjm.post('/api/outreach', contact())).statusCode).toBe(403);
    const upd = await bjb.patch(`/api/outreach/${o.id}`, { interestLevel: 'HIGH' }, { 'if-match': '"1"' });
    expect(upd.statusCode).toBe(200);
    expect(json(upd)).toMatchObject({ interestLevel: 'HIGH', version: 2 });
  });

  it('assessments: SRQ-20 scored, risk proposed and confirmed, versions with changes, manager review', async () => {
    const pid = await newParticipant();
    const first = await bjb.post(`/api/participants/${pid}/assessments`, {
      answers: answers({ srq20: yesAt(1, 2, 3, 4, 5, 6, 7) }),
      confirmedRisk: 'MEDIUM',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(json(first).assessment).toMatchObject({
      version: 1,
      srq20Score: 7,
      srq20Threshold: 6,
      srq20AboveThreshold: true,
      proposedRisk: 'MEDIUM',
      confirmedRisk: 'MEDIUM',
    });
    const second = json(
      await bjb.post(`/api/participants/${pid}/assessments`, {
        answers: answers({ srq20: yesAt(1, 2), economy: { monthlyIncome: 2_000_000, debts: 0, dependants: 2 } }),
        confirmedRisk: 'LOW',
      }),
    );
    expect(second.assessment.version).toBe(2);
    const paths = second.changes.map((c: { path: string }) => c.path);
    expect(paths).toEqual(expect.arrayContaining(['economy.debts', 'economy.monthlyIncome', 'srq20']));
    expect(paths).not.toContain('living.situation');
    expect(
      json(await bjb.get(`/api/participants/${pid}/assessments`)).items.map((a: { version: number }) => a.version),
    ).toEqual([2, 1]);
    expect((await bjb.post(`/api/participants/${pid}/assessments/2/review`)).statusCode).toBe(403);
    const reviewed = json(await mgr.post(`/api/participants/${pid}/assessments/2/review`));
    expect(reviewed.assessment.reviewedBy).toBe(manager.username);
    // Health results only with health-data consent.
    const result = await bjb.post(`/api/participants/${pid}/assessments`, {
      answers: answers({ health: { hasAccess: 'YES', bpjs: 'NO', testing: 'DONE', testResult: 'NEGATIVE' } }),
      confirmedRisk: 'LOW',
    });
    expect(result.statusCode).toBe(403);
    expect(json(result).error).toMatchObject({ code: 'consent_required', details: { missing: ['HEALTH_DATA'] } });
    // Sealed at rest.
    const raw = await env.booted.services.db.kysely
      .selectFrom('assessments')
      .select('answers_ct')
      .where('participant_id', '=', pid)
      .execute();
    expect(JSON.stringify(raw)).not.toContain('didukung ibu');
  });

  it('anyone who came through a raid is screened on every trafficking indicator', async () => {
    const pid = await newParticipant({ referralSource: 'SATPOL_PP', participationBasis: 'RUJUKAN_PENEGAKAN_PERDA' });
    const missing = await bjb.post(`/api/participants/${pid}/assessments`, {
      answers: answers({ trafficking: { DECEPTION: 'NO' } }),
      confirmedRisk: 'LOW',
    });
    expect(missing.statusCode).toBe(400);
    expect(json(missing).error.details.map((d: { field: string }) => d.field)).toContain(
      'body.answers.trafficking.DEBT_BONDAGE',
    );
    const all = Object.fromEntries(
      [
        'DECEPTION',
        'RESTRICTED_MOVEMENT',
        'DEBT_BONDAGE',
        'WITHHELD_DOCUMENTS',
        'WITHHELD_WAGES',
        'THREATS',
        'VIOLENCE',
        'ISOLATION',
        'ABUSIVE_CONDITIONS',
      ].map((k) => [k, 'UNKNOWN']),
    );
    const ok = await bjb.post(`/api/participants/${pid}/assessments`, {
      answers: answers({ trafficking: { ...all, WITHHELD_DOCUMENTS: 'YES' } }),
      confirmedRisk: 'HIGH',
    });
    expect(ok.statusCode).toBe(201);
    expect(json(ok).assessment.proposedRisk).toBe('HIGH');
  });

  it('a case plan needs the head of section’s approval before intervention', async () => {
    const pid = await newParticipant();
    const partner = json(
      await mgr.post('/api/partners', {
        name: 'Kantor Urusan Agama Banjarbaru Utara',
        kind: 'KEMENAG',
        regionCode: '6372',
        contacts: [{ name: 'Ustadzah Halimah', phone: '0511 000' }],
      }),
    );
    const plan = await bjb.request('PUT', `/api/participants/${pid}/case-plan`, {
      items: [
        {
          goal: 'Menguasai pembuatan kue basah untuk dijual',
          component: 'VOKASI_USAHA',
          dueDate: '2026-03-31',
          responsibleUserId: cwBjb.id,
        },
        {
          goal: 'Bimbingan rohani setiap Jumat',
          component: 'TERAPI',
          subtype: 'MENTAL_SPIRITUAL',
          dueDate: '2026-03-31',
          partnerId: partner.id,
        },
      ],
      conference: {
        date: '2026-02-25',
        attendees: ['Pekerja sosial', 'Psikolog', 'KUA'],
        minutes: 'Disepakati pelatihan tata boga',
      },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(json(plan)).toMatchObject({ version: 1, status: 'DRAFT' });
    expect(json(plan).items[1]).toMatchObject({
      partner: 'Kantor Urusan Agama Banjarbaru Utara',
      subtype: 'MENTAL_SPIRITUAL',
    });
    const noMatch = await bjb.request('PUT', `/api/participants/${pid}/case-plan`, {
      items: [{ goal: 'x', component: 'BANSOS', dueDate: '2026-03-31' }],
    });
    expect(noMatch.statusCode).toBe(428);
    for (const [to, reason] of [
      ['ASESMEN', 'a'],
      ['RENCANA_INTERVENSI', 'b'],
    ]) {
      expect((await bjb.post(`/api/participants/${pid}/transitions`, { to, reason })).statusCode).toBe(200);
    }
    const early = await bjb.post(`/api/participants/${pid}/transitions`, { to: 'INTERVENSI', reason: 'mulai' });
    expect(early.statusCode).toBe(409);
    expect(json(early).error.code).toBe('plan_not_approved');
    expect((await bjb.post(`/api/participants/${pid}/case-plan/approve`)).statusCode).toBe(403);
    const approved = await mgr.post(`/api/participants/${pid}/case-plan/approve`, {}, { 'if-match': '"1"' });
    expect(approved.statusCode).toBe(200);
    expect(json(approved)).toMatchObject({ status: 'APPROVED', approvedBy: manager.username });
    expect(
      (await bjb.post(`/api/participants/${pid}/transitions`, { to: 'INTERVENSI', reason: 'mulai' })).statusCode,
    ).toBe(200);
    // The printed plan for the case file.
    const pdf = await bjb.get(`/api/participants/${pid}/case-plan.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('RENCANA INTERVENSI');
    expect(text).toContain('DINAS SOSIAL');
    expect(text).toContain('Menguasai pembuatan kue basah');
    expect(text).toContain(manager.username);
    expect((await bjm.get(`/api/participants/${pid}/case-plan.pdf`)).statusCode).toBe(404);
    // Editing an approved plan makes it a draft again.
    const edited = await bjb.request(
      'PUT',
      `/api/participants/${pid}/case-plan`,
      { items: [{ goal: 'Tambah modal usaha', component: 'BANSOS', dueDate: '2026-04-30' }] },
      { 'if-match': '"1"' },
    );
    expect(json(edited)).toMatchObject({ version: 2, status: 'DRAFT', approvedBy: null });
  });

  it('referrals need sharing consent, and are blocked at once when it is withdrawn', async () => {
    const pid = await newParticipant();
    const puskesmas = json(
      await mgr.post('/api/partners', { name: 'Puskesmas Guntung Payung', kind: 'PUSKESMAS', regionCode: '6372' }),
    );
    expect(puskesmas.sharingPurpose).toBe('SHARING_HEALTH');
    const body = {
      partnerId: puskesmas.id,
      reason: 'Pemeriksaan kesehatan dan tes sukarela',
      shared: ['NAME', 'BIRTH_DATE'],
      sentAt: '2026-03-03',
    };
    const refused = await bjb.post(`/api/participants/${pid}/referrals`, body);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error).toMatchObject({ code: 'consent_required', details: { missing: ['SHARING_HEALTH'] } });
    const consents = json(
      await bjb.post(`/api/participants/${pid}/consents`, {
        purpose: 'SHARING_HEALTH',
        method: 'SIGNED_FORM',
        explainedBy: 'Rina',
        language: 'id',
        givenAt: '2026-03-02',
      }),
    ).items;
    const ref = await bjb.post(`/api/participants/${pid}/referrals`, body);
    expect(ref.statusCode).toBe(201);
    const r = json(ref);
    expect(r).toMatchObject({ status: 'SENT', purpose: 'SHARING_HEALTH', partnerName: 'Puskesmas Guntung Payung' });
    expect(
      (
        await bjb.patch(
          `/api/referrals/${r.id}`,
          { status: 'ACCEPTED', statusDate: '2026-03-04' },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200);
    // The letter holds what she agreed to share (name, birth date) and nothing else (no phone, address, NIK).
    const view = json(await bjb.get(`/api/participants/${pid}`));
    const letter = await pdfText((await bjb.get(`/api/referrals/${r.id}/letter.pdf`)).rawPayload);
    expect(letter).toContain('SURAT RUJUKAN');
    expect(letter).toContain(view.identity.fullName);
    expect(letter).toContain(view.identity.birthDate);
    expect(letter).not.toContain(view.identity.phone);
    expect(letter).not.toContain('Ahmad Yani');
    expect(letter).not.toContain('NIK');
    const sharing = consents.find((c: { purpose: string }) => c.purpose === 'SHARING_HEALTH');
    await bjb.post(`/api/participants/${pid}/consents/${sharing.id}/withdraw`, {});
    const list = json(await bjb.get(`/api/participants/${pid}/referrals`)).items;
    expect(list[0]).toMatchObject({ id: r.id, status: 'BLOCKED' });
    expect(list[0].blockedAt).toBeTruthy();
    const after = await bjb.patch(
      `/api/referrals/${r.id}`,
      { status: 'DONE', statusDate: '2026-03-10' },
      { 'if-match': '"3"' },
    );
    expect(after.statusCode).toBe(409);
    expect(json(after).error.code).toBe('referral_blocked');
    expect((await bjb.get(`/api/referrals/${r.id}/letter.pdf`)).statusCode).toBe(409);
    expect((await bjb.post(`/api/participants/${pid}/referrals`, body)).statusCode).toBe(403);
  });

  it('one referral is read with its version, in scope only, and the read is audited naming her', async () => {
    const pid = await newParticipant();
    const partner = json(
      await mgr.post('/api/partners', { name: 'Puskesmas Landasan Ulin', kind: 'PUSKESMAS', regionCode: '6372' }),
    );
    await bjb.post(`/api/participants/${pid}/consents`, {
      purpose: 'SHARING_HEALTH',
      method: 'SIGNED_FORM',
      explainedBy: 'Rina',
      language: 'id',
      givenAt: '2026-03-02',
    });
    const r = json(
      await bjb.post(`/api/participants/${pid}/referrals`, {
        partnerId: partner.id,
        reason: 'Pemeriksaan kesehatan',
        shared: ['NAME'],
        sentAt: '2026-03-03',
      }),
    );
    const first = await bjb.get(`/api/referrals/${r.id}`);
    expect(first.statusCode).toBe(200);
    expect(json(first)).toMatchObject({ id: r.id, version: 1, status: 'SENT', reason: 'Pemeriksaan kesehatan' });
    expect(first.headers.etag).toBe('"1"');
    await bjb.patch(`/api/referrals/${r.id}`, { status: 'ACCEPTED', statusDate: '2026-03-04' }, { 'if-match': '"1"' });
    expect(json(await bjb.get(`/api/referrals/${r.id}`))).toMatchObject({ version: 2, status: 'ACCEPTED' });
    // Out of her region: the same 404 as her list of referrals, and no answer at all for an unknown id.
    expect((await bjm.get(`/api/referrals/${r.id}`)).statusCode).toBe(404);
    expect((await bjb.get('/api/referrals/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const reads = await env.booted.services.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'referral.read')
      .where('resource_id', '=', r.id)
      .execute();
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ resource_type: 'referral', actor_id: cwBjb.id, outcome: 'success' });
    expect(JSON.parse(reads[0]!.detail ?? '{}')).toMatchObject({ participantId: pid });
    expect(reads[0]!.detail).not.toContain('Pemeriksaan');
  });

  it('a caseworker of another region gets 404 for assessments, plans and referrals', async () => {
    const pid = await newParticipant();
    await bjb.post(`/api/participants/${pid}/assessments`, { answers: answers(), confirmedRisk: 'LOW' });
    for (const url of [
      `/api/participants/${pid}/assessments`,
      `/api/participants/${pid}/assessments/1`,
      `/api/participants/${pid}/case-plan`,
      `/api/participants/${pid}/referrals`,
    ]) {
      expect((await bjm.get(url)).statusCode, url).toBe(404);
    }
    expect(
      (await bjm.post(`/api/participants/${pid}/assessments`, { answers: answers(), confirmedRisk: 'LOW' })).statusCode,
    ).toBe(404);
    expect(
      (
        await bjm.request('PUT', `/api/participants/${pid}/case-plan`, {
          items: [{ goal: 'x', component: 'BANSOS', dueDate: '2026-04-30' }],
        })
      ).statusCode,
    ).toBe(404);
  });

  it('partners: managers and admins manage, caseworkers read, facilitators cannot', async () => {
    expect((await bjb.post('/api/partners', { name: 'LSM X', kind: 'LSM', regionCode: '63' })).statusCode).toBe(403);
    const p = json(
      await adm.post('/api/partners', { name: 'Dukcapil Kota Banjarbaru', kind: 'DUKCAPIL', regionCode: '6372' }),
    );
    expect((await bjb.get(`/api/partners/${p.id}`)).statusCode).toBe(200);
    const fac = await signIn(env, await seedUser(env, 'facilitator', ['6372']));
    expect((await fac.get('/api/partners')).statusCode).toBe(403);
    expect((await mgr.patch(`/api/partners/${p.id}`, { active: false }, { 'if-match': '"1"' })).statusCode).toBe(200);
  });
});
