// Her access report is complete, on both databases: every output that showed her name or identity — her
// certificate, the BAST of her aid, the SK that lists her, a session's printed attendance sheet, the cohort's
// enrolment list, a session's register, a search that found her — and every refused attempt at her record by
// someone outside her scope is an audit event naming her, and her access report lists each of them in words, in her
// language, with who did it (name, role, regions).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS, json, makeEnv, seedUser, signIn, type Client, type TestEnv, type TestUser } from './support/env.ts';
import { graduatedCohort } from './support/cohort.ts';
import { AUDIT_ACTIONS } from '../src/server/audit/events.ts';
import { ACTION_WORDS } from '../src/server/modules/protection/access-words.ts';
import { auditLabelsId } from '../src/web/i18n/audit.id.ts';
import { auditLabelsEn } from '../src/web/i18n/audit.en.ts';

interface Entry {
  seq: number;
  actor: string | null;
  action: string;
  outcome: string;
  who: string;
  what: string;
  actorRole: string | null;
  actorRegions: string[];
}

describe.each(DIALECTS)('her access report lists every look at her, on %s', (dialect) => {
  let env: TestEnv;
  let manager: TestUser, caseworker: TestUser, outsider: TestUser;
  let mgr: Client, cw: Client;
  let her: { id: string; code: string };
  let other: { id: string };
  let cohortName: string;
  let session: { id: string; date: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await makeEnv(dialect);
    manager = await seedUser(env, 'manager', ['63']);
    caseworker = await seedUser(env, 'caseworker', ['6372']);
    outsider = await seedUser(env, 'caseworker', ['6371']);
    const g = await graduatedCohort(env, { manager, caseworker }, [5, 4, 3]);
    [mgr, cw] = [g.mgr, g.cw];
    her = g.people[0]!;
    other = g.people[2]!;
    ids.cohort = g.cohortId;
    ids.enrollment = g.enrollments.find((e) => e.participantId === her.id)!.id;
    cohortName = json(await mgr.get(`/api/cohorts/${g.cohortId}`)).name;
    session = json(await mgr.get(`/api/cohorts/${g.cohortId}/sessions`)).items[0];
    // Her aid, approved, decided in an SK and handed over (the handover path of tests/aid.test.ts).
    const kit = await mgr.post('/api/kits', {
      trade: 'TATA_BOGA',
      name: 'Paket usaha kue',
      items: [{ name: 'Oven gas', quantity: 1, unit: 'unit', unitPrice: 1_750_000 }],
    });
    expect(kit.statusCode, kit.body).toBe(201);
    const proposed = json(await cw.post(`/api/cohorts/${g.cohortId}/allocations`, {})).items;
    ids.allocation = proposed.find((a: { participantId: string }) => a.participantId === her.id).id;
    const head = await signIn(env, await seedUser(env, 'head_of_division', ['63']));
    expect((await head.post(`/api/allocations/${ids.allocation}/approve`)).statusCode).toBe(200);
    const decree = await head.post(`/api/cohorts/${g.cohortId}/aid-decrees`, {
      number: '460/007/RS-PTPPO/2019',
      date: '2019-03-31',
      signatoryTitle: 'Kepala Bidang Rehabilitasi Sosial',
    });
    expect(decree.statusCode, decree.body).toBe(201);
    ids.decree = json(decree).id;
    const bought = await cw.post(`/api/allocations/${ids.allocation}/procurement`, {
      items: [{ index: 0, status: 'RECEIVED' }],
    });
    expect(bought.statusCode, bought.body).toBe(200);
    const fullName = json(await cw.get(`/api/participants/${her.id}`)).identity.fullName;
    const handed = await cw.post(`/api/allocations/${ids.allocation}/handover`, {
      date: '2019-03-31',
      place: 'Aula Dinas Sosial Provinsi',
      handedOverBy: 'Drs. Ahmad Fauzi',
      receivedBy: fullName,
      business: { kind: 'KUE_ROTI', regionCode: '6372', startDate: '2019-04-10' },
    });
    expect(handed.statusCode, handed.body).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
  });
  const db = () => env.booted.services.db.kysely;

  const report = async (lang?: 'id' | 'en'): Promise<{ language: string; items: Entry[] }> => {
    const res = await mgr.get(`/api/participants/${her.id}/access-report${lang ? `?lang=${lang}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return json(res);
  };
  /** The entries after `since` of one actor and action. */
  const entries = (items: Entry[], since: number, actor: string, action: string) =>
    items.filter((e) => e.seq > since && e.actor === actor && e.action === action);
  const lastSeq = async () => Math.max(0, ...(await report()).items.map((e) => e.seq));

  it('lists the papers printed with her name: certificate, BAST, SK, attendance sheet', async () => {
    const since = await lastSeq();
    for (const url of [
      `/api/enrollments/${ids.enrollment}/certificate.pdf`,
      `/api/allocations/${ids.allocation}/bast.pdf`,
      `/api/aid-decrees/${ids.decree}/pdf`,
    ]) {
      const res = await cw.get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
    }
    const sheet = await mgr.get(`/api/sessions/${session.id}/attendance-sheet.pdf`);
    expect(sheet.statusCode, sheet.body.slice(0, 200)).toBe(200);
    const { items, language } = await report();
    expect(language).toBe('id');
    const printed = entries(items, since, caseworker.username, 'document.print').map((e) => e.what);
    expect(printed).toEqual([
      'Sertifikat dicetak',
      'Berita acara serah terima (BAST) bantuan dicetak',
      'Tercantum dalam SK penerima bantuan yang dicetak',
    ]);
    const byCw = entries(items, since, caseworker.username, 'document.print')[0]!;
    expect(byCw.who).toBe(`${caseworker.username} — Pekerja sosial / pendamping, Kota Banjarbaru`);
    expect(byCw).toMatchObject({ actorRole: 'caseworker', actorRegions: ['6372'], outcome: 'success' });
    const sheets = entries(items, since, manager.username, 'document.print');
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.what).toMatch(
      /^Tercantum dalam daftar hadir sesi “Pelatihan keterampilan” \(.+ 2019\) yang dicetak$/,
    );
    expect(sheets[0]!.who).toBe(`${manager.username} — Kepala Seksi, Provinsi Kalimantan Selatan`);
  });

  it('lists the cohort enrolment list and the session register she appeared in', async () => {
    const since = await lastSeq();
    expect((await mgr.get(`/api/cohorts/${ids.cohort}/enrollments`)).statusCode).toBe(200);
    const register = await cw.get(`/api/sessions/${session.id}/attendance`);
    expect(register.statusCode, register.body).toBe(200);
    expect(JSON.stringify(json(register))).toContain(her.id);
    const { items } = await report();
    expect(entries(items, since, manager.username, 'enrollment.read').map((e) => e.what)).toEqual([
      `Tercantum dalam daftar peserta angkatan ${cohortName}`,
    ]);
    const read = entries(items, since, caseworker.username, 'attendance.read');
    expect(read).toHaveLength(1);
    expect(read[0]!.what).toMatch(/^Tercantum dalam daftar hadir sesi “Pelatihan keterampilan” \(.+ 2019\)$/);
  });

  it('lists a search that found her, once per search, and not a search that did not', async () => {
    const since = await lastSeq();
    const found = json(await cw.post('/api/participants/search', { q: her.code }));
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([her.id]);
    const missed = json(await cw.post('/api/participants/search', { q: 'BRD-0000-9999' }));
    expect(missed.items).toEqual([]);
    const { items } = await report();
    expect(entries(items, since, caseworker.username, 'participant.search').map((e) => e.what)).toEqual([
      'Muncul di hasil pencarian',
    ]);
    // One event per search, listing every hit.
    const events = await db()
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'participant.search')
      .where('actor', '=', caseworker.username)
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(JSON.parse(events[1]!.detail!).participantIds).toEqual([her.id]);
  });

  it('lists a refused attempt at her record, answered exactly as for a record that does not exist', async () => {
    const since = await lastSeq();
    const out = await signIn(env, outsider);
    const refused = await out.get(`/api/participants/${her.id}`);
    const absent = await out.get(`/api/participants/${randomUUID()}`);
    expect(refused.statusCode).toBe(404);
    const answer = (r: typeof refused) => ({ ...json(r).error, requestId: undefined });
    expect(answer(refused)).toEqual(answer(absent));
    expect((await out.get(`/api/participants/${her.id}/consents`)).statusCode).toBe(404);
    // A refused change inside its own transaction is recorded once that transaction has ended.
    const note = await out.post(`/api/participants/${her.id}/notes`, { type: 'GENERAL', body: 'Coba' });
    expect(note.statusCode).toBe(404);
    await vi.waitFor(
      async () => {
        const n = await db()
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'participant.access_denied')
          .where('actor', '=', outsider.username)
          .execute();
        expect(n).toHaveLength(3);
      },
      { timeout: 5000 },
    );
    const { items } = await report();
    const tries = entries(items, since, outsider.username, 'participant.access_denied');
    expect(tries).toHaveLength(3);
    for (const t of tries) {
      expect(t.outcome).toBe('denied');
      expect(t.what).toBe('Percobaan membuka data tanpa hak akses');
      expect(t.who).toBe(`${outsider.username} — Pekerja sosial / pendamping, Kota Banjarmasin`);
    }
    // Someone in scope reading her record leaves no refusal; a record that does not exist names nobody.
    expect((await cw.get(`/api/participants/${her.id}`)).statusCode).toBe(200);
    const denied = await db()
      .selectFrom('audit_log')
      .select(['actor', 'resource_id'])
      .where('action', '=', 'participant.access_denied')
      .execute();
    expect(denied.every((d) => d.actor === outsider.username && d.resource_id === her.id)).toBe(true);
  });

  it('names only the participants shown: another graduate’s report has her lists but not her certificate', async () => {
    const res = await mgr.get(`/api/participants/${other.id}/access-report`);
    expect(res.statusCode, res.body).toBe(200);
    const items = json(res).items as Entry[];
    expect(items.some((e) => e.action === 'enrollment.read')).toBe(true);
    expect(items.some((e) => e.action === 'participant.access_denied')).toBe(false);
    expect(items.some((e) => e.what === 'Sertifikat dicetak')).toBe(false);
  });

  it('speaks English when asked, and her copy carries the same words', async () => {
    const { items, language } = await report('en');
    expect(language).toBe('en');
    const whats = items.map((e) => e.what);
    expect(whats).toEqual(
      expect.arrayContaining([
        'Certificate printed',
        'Aid handover record (BAST) printed',
        'Appeared in search results',
        'Attempt to open her record without access',
        `Listed in the participant list of cohort ${cohortName}`,
      ]),
    );
    expect(items.find((e) => e.action === 'participant.access_denied')!.who).toBe(
      `${outsider.username} — Social worker / companion, Kota Banjarmasin`,
    );
  });
});

describe('the report words every action as the audit log screen does', () => {
  it('has the same words as both audit catalogues, for every action', () => {
    for (const a of AUDIT_ACTIONS) {
      const key = a.replace('.', '_') as keyof typeof auditLabelsId.actions;
      expect(ACTION_WORDS[a], a).toEqual({ id: auditLabelsId.actions[key], en: auditLabelsEn.actions[key] });
    }
  });
});
