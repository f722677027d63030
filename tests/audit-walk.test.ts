// Every look at a woman's record leaves a trace that names her. This test walks every GET route the OpenAPI
// document declares, on both databases, as a head of section who may see her: a route whose path reaches her
// (her record, or one of her enrolment, follow-up, note, attachment) or whose answer shows her (her id, her code,
// her name) must have written, in that request, an audit event naming her (its resource is her record, or its
// detail carries her id), and that event must be in her access report. Routes that do not yet are listed in
// audit-walk-baseline.json, which may only shrink.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { DIALECTS, json, makeEnv, seedUser, signIn, type Client, type TestEnv } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';
import { multipart } from './support/participants.ts';

const BASELINE = path.join(import.meta.dirname, 'audit-walk-baseline.json');
const baseline: string[] = JSON.parse(fs.readFileSync(BASELINE, 'utf8'));

/** Query strings some reads need (a year; the reason for an identified list). */
const QUERY: Record<string, string> = {
  '/api/reports/annual': 'year=2019',
  '/api/reports/annual.pdf': 'year=2019',
  '/api/reports/annual.xlsx': 'year=2019',
  '/api/reports/participants.xlsx': 'reason=Pemeriksaan%20penerima%20bantuan%20usaha',
  '/api/audit': 'limit=10',
  '/api/audit/export.csv': 'limit=10',
};

/** What a person would read in an answer: JSON or CSV as text, a PDF's text, an XLSX's cells. */
async function readable(payload: Buffer, contentType: string): Promise<string> {
  if (contentType.includes('application/pdf') && payload.length > 200) {
    const { text } = await extractText(new Uint8Array(payload), { mergePages: true });
    return text;
  }
  if (contentType.includes('spreadsheetml')) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(payload as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    return cells.join('\n');
  }
  return payload.toString('utf8');
}

describe.each(DIALECTS)('every look at her is audited, walked route by route, on %s', (dialect) => {
  let env: TestEnv;
  let mgr: Client;
  /** Her caseworker, with a phone of hers registered for field mode: the snapshot is read by its own device. */
  let cw: Client;
  let device: string;
  let her: { id: string; code: string; fullName: string };
  const ids: Record<string, string> = {};
  const walked: { route: string; touches: boolean; names: boolean; status: number; requestId: string }[] = [];

  beforeAll(async () => {
    env = await makeEnv(dialect);
    const manager = await seedUser(env, 'manager', ['63']);
    const caseworker = await seedUser(env, 'caseworker', ['6372']);
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 4, 3], { followUpConsent: [true, true, true] });
    mgr = g.mgr;
    const p = json(await g.cw.get(`/api/participants/${g.people[0]!.id}`));
    her = { id: p.id, code: p.code, fullName: p.identity.fullName };
    ids.participant = her.id;
    ids.cohort = g.cohortId;
    ids.programme = g.programmeId;
    ids.enrollment = g.enrollments.find((e) => e.participantId === her.id)!.id;
    ids.session = json(await mgr.get(`/api/cohorts/${g.cohortId}/sessions`)).items[0].id;
    const note = await g.cw.post(`/api/participants/${her.id}/notes`, { type: 'GENERAL', body: 'Datang tepat waktu.' });
    expect(note.statusCode, note.body).toBe(201);
    ids.note = json(note).id;
    const m = multipart('DOCUMENT', 'surat-keterangan.pdf', Buffer.from('%PDF-1.4\n% surat keterangan domisili\n'));
    const upload = await env.app.inject({
      method: 'POST',
      url: `/api/participants/${her.id}/attachments`,
      payload: m.payload,
      headers: {
        host: 'berdaya.test',
        origin: 'http://berdaya.test',
        cookie: g.cw.cookie!,
        'content-type': m.contentType,
      },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    ids.attachment = json(upload).id;
    const followUps = json(await mgr.get(`/api/participants/${her.id}/follow-ups`)).items;
    expect(followUps.length).toBeGreaterThan(0);
    ids.followUp = followUps[0].id;
    ids.user = caseworker.id;
    // Her business aid, handed over (the BAST prints her name).
    const kit = await mgr.post('/api/kits', {
      trade: 'TATA_BOGA',
      name: 'Paket usaha kue',
      items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
    });
    expect(kit.statusCode, kit.body).toBe(201);
    const proposed = json(await g.cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items;
    ids.allocation = proposed.find((a: { participantId: string }) => a.participantId === her.id).id;
    // The Kepala Bidang approves it and decides it in a letter (SK) that names her.
    const head = await signIn(env, await seedUser(env, 'head_of_division', ['63']));
    expect((await head.post(`/api/allocations/${ids.allocation}/approve`)).statusCode).toBe(200);
    const decree = await head.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
      number: '460/003/RS-PTPPO/2019',
      date: '2019-03-31',
      signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
    });
    expect(decree.statusCode, decree.body).toBe(201);
    ids.decree = json(decree).id;
    const bought = await g.cw.post(`/api/allocations/${ids.allocation}/procurement`, {
      items: [{ index: 0, status: 'RECEIVED' }],
    });
    expect(bought.statusCode, bought.body).toBe(200);
    const handed = await g.cw.post(`/api/allocations/${ids.allocation}/handover`, {
      date: '2019-03-31',
      place: 'Aula Dinas Sosial Provinsi',
      handedOverBy: 'Drs. Ahmad Fauzi',
      receivedBy: her.fullName,
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
    });
    expect(handed.statusCode, handed.body).toBe(200);
    // A referral to a health partner, with her consent to share (the letter names her).
    const partner = json(
      await mgr.post('/api/partners', { name: 'Puskesmas Guntung Payung', kind: 'PUSKESMAS', regionCode: '6372' }),
    );
    const consent = await g.cw.post(`/api/participants/${her.id}/consents`, {
      purpose: 'SHARING_HEALTH',
      method: 'SIGNED_FORM',
      explainedBy: 'Rina',
      language: 'id',
      givenAt: '2019-03-30',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const referral = await g.cw.post(`/api/participants/${her.id}/referrals`, {
      partnerId: partner.id,
      reason: 'Pemeriksaan kesehatan dan tes sukarela',
      shared: ['NAME', 'BIRTH_DATE'],
      sentAt: '2019-03-31',
    });
    expect(referral.statusCode, referral.body).toBe(201);
    ids.referral = json(referral).id;
    // An outreach contact (no identity: not hers).
    const contact = await g.cw.post('/api/outreach', {
      placeKind: 'JALAN',
      channel: 'JANGKAUAN_JALANAN',
      interestLevel: 'LOW',
      outcome: 'NOT_NOW',
      contactDate: '2019-03-10',
      regionCode: '6372',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    ids.outreach = json(contact).id;
    // She asked for a copy of her data: the list of requests shows her.
    const asked = await g.cw.post('/api/rights-requests', { participantId: her.id, kind: 'ACCESS' });
    expect(asked.statusCode, asked.body).toBe(201);
    mgr = await signIn(env, manager);
    cw = await signIn(env, caseworker);
    const registered = await cw.post('/api/field/devices', { label: 'HP pendamping' });
    expect(registered.statusCode, registered.body).toBe(201);
    device = json(registered).device.id;
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The concrete path for a route template, or null when the fixture holds nothing to fill it with. */
  function concrete(template: string): { url: string; reachesHer: boolean } | null {
    const by: [RegExp, string, boolean][] = [
      [/^\/api\/participants\/\{id\}/, ids.participant!, true],
      [/^\/api\/cohorts\/\{id\}/, ids.cohort!, false],
      [/^\/api\/sessions\/\{id\}/, ids.session!, false],
      [/^\/api\/enrollments\/\{id\}/, ids.enrollment!, true],
      [/^\/api\/follow-ups\/\{id\}/, ids.followUp!, true],
      [/^\/api\/programmes\/\{id\}/, ids.programme!, false],
      [/^\/api\/users\/\{id\}/, ids.user!, false],
      [/^\/api\/allocations\/\{id\}/, ids.allocation!, true],
      [/^\/api\/aid-decrees\/\{id\}/, ids.decree!, true],
      [/^\/api\/referrals\/\{id\}/, ids.referral!, true],
      [/^\/api\/outreach\/\{id\}/, ids.outreach!, false],
    ];
    let url = template;
    let reachesHer = false;
    const first = by.find(([re]) => re.test(template));
    if (first) {
      url = url.replace('{id}', first[1]);
      reachesHer = first[2];
    }
    url = url.replace('{noteId}', ids.note!).replace('{attachmentId}', ids.attachment!).replace('{version}', '1');
    if (url.includes('{')) return null;
    if (url.includes('{noteId}')) reachesHer = true;
    const q = QUERY[template];
    return { url: q ? `${url}?${q}` : url, reachesHer: reachesHer || template.includes('{noteId}') };
  }

  it('walks every GET route; each that reaches or shows her names her in its audit', async () => {
    const doc = json(await mgr.get('/api/openapi.json'));
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([p]) => p)
      .sort();
    expect(routes.length).toBeGreaterThan(40);
    const db = env.booted.services.db.kysely;
    const skipped: string[] = [];
    for (const route of routes) {
      const c = concrete(route);
      if (!c) {
        skipped.push(route);
        continue;
      }
      // The field snapshot answers only a device's own account (x-field-device): her caseworker's phone reads it.
      const res =
        route === '/api/field/snapshot' ? await cw.get(c.url, { 'x-field-device': device }) : await mgr.get(c.url);
      const body = await readable(res.rawPayload, String(res.headers['content-type'] ?? ''));
      const shows = [her.id, her.code, her.fullName].some((s) => body.includes(s));
      const touches = res.statusCode < 300 && (c.reachesHer || shows);
      const requestId = res.headers['x-request-id'] as string;
      const events = await db
        .selectFrom('audit_log')
        .select(['resource_type', 'resource_id', 'detail'])
        .where('request_id', '=', requestId)
        .execute();
      const names = events.some(
        (e) => (e.resource_type === 'participant' && e.resource_id === her.id) || (e.detail ?? '').includes(her.id),
      );
      walked.push({ route, touches, names, status: res.statusCode, requestId });
    }
    // What the walk could not fill from the fixture (venues, kits, imports …): none of them is hers.
    expect(skipped.filter((r) => r.startsWith('/api/participants/'))).toEqual([]);
    const touched = walked.filter((w) => w.touches);
    // Her caseworker's device holds her: the snapshot shows her, so it must name her where her report finds it.
    expect(walked.find((w) => w.route === '/api/field/snapshot')).toMatchObject({ status: 200, touches: true });
    expect(touched.length).toBeGreaterThan(15);
    // Named in the log is not enough: her access report must find the event (and word it).
    const report = await mgr.get(`/api/participants/${her.id}/access-report`);
    expect(report.statusCode, report.body).toBe(200);
    const items = json(report).items as { requestId: string | null; what: string }[];
    const reported = new Set(items.map((i) => i.requestId));
    expect(items.every((i) => i.what.length > 0 && !/^[a-z_]+\.[a-z_]+$/.test(i.what))).toBe(true);
    const unnamed = touched.filter((w) => !w.names || !reported.has(w.requestId)).map((w) => `GET ${w.route}`);
    // A route that now names her leaves the baseline; a new route that does not fails.
    expect(
      unnamed.filter((r) => !baseline.includes(r)),
      'routes that show her but leave no trace of her',
    ).toEqual([]);
    expect(
      baseline.filter((r) => !unnamed.includes(r)),
      'baseline entries that now name her (delete them)',
    ).toEqual([]);
  });
});
