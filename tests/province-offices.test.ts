// Each province's office in one deployment: a printed paper bears the letterhead of the province of the record it
// prints (a report that of its asker's province; the ministry's report the nation's), and "today" for a request is
// the date in its province's time zone (WIB, WITA or WIT), through the API on every database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_OFFICE, officeOf } from '../src/server/documents/offices.ts';
import { ConfigError, loadConfig } from '../src/server/env.ts';
import { DIALECTS, json, makeEnv, seedUser, signIn, type Client, type TestEnv, type TestUser } from './support/env.ts';
import { participantBody, testNik } from './support/participants.ts';
import { pdfText } from './support/report-cells.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('office profiles', () => {
  it('keep the home province’s lines and derive any other province’s from the reference data', () => {
    expect(officeOf('6372')).toBe(HOME_OFFICE);
    expect(HOME_OFFICE).toMatchObject({
      government: 'PEMERINTAH PROVINSI KALIMANTAN SELATAN',
      office: 'DINAS SOSIAL',
      address: 'Jl. Letjen R. Soeprapto No. 8, Banjarbaru, Kalimantan Selatan',
      city: 'Banjarbaru',
      zone: 'Asia/Makassar',
    });
    expect(officeOf('6471')).toMatchObject({
      code: '64',
      area: 'Provinsi Kalimantan Timur',
      government: 'PEMERINTAH PROVINSI KALIMANTAN TIMUR',
      office: 'DINAS SOSIAL',
      zone: 'Asia/Makassar',
    });
    expect(officeOf('31').zone).toBe('Asia/Jakarta');
    expect(officeOf('9471').zone).toBe('Asia/Jayapura');
    expect(officeOf('ID')).toMatchObject({ area: 'Nasional', office: 'KEMENTERIAN SOSIAL' });
  });

  it('take an operator’s lines from BERDAYA_OFFICES_FILE, and a wrong file stops start-up', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'offices-'));
    const good = path.join(dir, 'offices.json');
    writeFileSync(good, JSON.stringify({ '64': { address: 'Jl. Basuki Rahmat No. 1, Samarinda', city: 'Samarinda' } }));
    const config = loadConfig({ BERDAYA_OFFICES_FILE: good });
    expect(officeOf('6471', config.offices)).toMatchObject({
      government: 'PEMERINTAH PROVINSI KALIMANTAN TIMUR',
      address: 'Jl. Basuki Rahmat No. 1, Samarinda',
      city: 'Samarinda',
    });
    expect(officeOf('6372', config.offices)).toEqual(HOME_OFFICE);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ '64': { telephone: '0541' } }));
    expect(() => loadConfig({ BERDAYA_OFFICES_FILE: bad })).toThrow(ConfigError);
  });
});

describe.each(DIALECTS)('province offices on %s', (dialect) => {
  let env: TestEnv;
  const u: Record<string, TestUser> = {};
  const c: Record<string, Client> = {};
  const p: Record<string, string> = {};

  beforeAll(async () => {
    env = await makeEnv(dialect);
    const make: [string, Parameters<typeof seedUser>[1], string[]][] = [
      ['cw63', 'caseworker', ['6372']],
      ['mgr63', 'manager', ['63']],
      ['cw64', 'caseworker', ['6471']],
      ['mgr64', 'manager', ['64']],
      ['cw31', 'caseworker', ['3171']],
      ['ministry', 'ministry', ['ID']],
    ];
    for (const [key, role, regions] of make) u[key] = await seedUser(env, role, regions);
    for (const key of Object.keys(u)) c[key] = await signIn(env, u[key]!);
    for (const [key, region] of [
      ['cw63', '6372'],
      ['cw64', '6471'],
      ['cw31', '3171'],
    ] as const) {
      const res = await c[key]!.post(
        '/api/participants',
        participantBody({ regionCode: region }, { nik: testNik('1994-05-06', `${region}01`) }),
      );
      expect(res.statusCode, res.body).toBe(201);
      p[key] = json(res).id;
    }
  });
  afterAll(async () => {
    await env?.close();
  });

  it('prints a Kalimantan Timur record’s case plan on Kalimantan Timur’s letterhead, and South Kalimantan’s as before', async () => {
    const texts: Record<string, string> = {};
    for (const key of ['cw63', 'cw64'] as const) {
      const plan = await c[key]!.request('PUT', `/api/participants/${p[key]}/case-plan`, {
        items: [{ goal: 'Pelatihan menjahit', component: 'VOKASI_USAHA', dueDate: '2026-03-31' }],
      });
      expect(plan.statusCode, plan.body).toBe(200);
      const pdf = await c[key]!.get(`/api/participants/${p[key]}/case-plan.pdf`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      texts[key] = await pdfText(pdf.rawPayload);
    }
    expect(texts.cw64).toContain('PEMERINTAH PROVINSI KALIMANTAN TIMUR');
    expect(texts.cw64).not.toContain('KALIMANTAN SELATAN');
    expect(texts.cw64).not.toContain('Banjarbaru');
    expect(texts.cw63).toContain('PEMERINTAH PROVINSI KALIMANTAN SELATAN');
    expect(texts.cw63).toContain('Jl. Letjen R. Soeprapto No. 8, Banjarbaru, Kalimantan Selatan');
    expect(texts.cw63).toContain('Banjarbaru, 2 Maret 2026');
    expect(texts.cw63).not.toContain('KALIMANTAN TIMUR');
  });

  it('titles and numbers the annual report for its asker’s province, and the ministry’s for the nation', async () => {
    const of = async (who: Client) => {
      const res = await who.get('/api/reports/annual.pdf?year=2026');
      expect(res.statusCode, res.body).toBe(200);
      return pdfText(res.rawPayload);
    };
    const t64 = await of(c.mgr64!);
    expect(t64).toContain('PEMERINTAH PROVINSI KALIMANTAN TIMUR');
    expect(t64).toContain('Tahun 2026 — Provinsi Kalimantan Timur');
    expect(t64).toContain('LT/2026/64');
    const t63 = await of(c.mgr63!);
    expect(t63).toContain('PEMERINTAH PROVINSI KALIMANTAN SELATAN');
    expect(t63).toContain('Tahun 2026 — Provinsi Kalimantan Selatan');
    expect(t63).toContain('LT/2026/63');
    const national = await of(c.ministry!);
    expect(national).toContain('KEMENTERIAN SOSIAL');
    expect(national).toContain('Tahun 2026 — Nasional');
    expect(national).not.toContain('KALIMANTAN SELATAN');
  });

  it('judges a follow-up due today by its province’s day: at 23.30 WIB it is still due in Jakarta, overdue in WITA', async () => {
    const db = env.booted.services.db.kysely;
    const day = '2026-03-10';
    for (const key of ['cw31', 'cw64'] as const) {
      await db
        .insertInto('follow_ups')
        .values({
          id: randomUUID(),
          participant_id: p[key]!,
          cohort_id: null,
          point_months: 3,
          due_date: day,
          assignee_id: u[key]!.id,
          status: 'DUE',
          cancel_reason: null,
          created_at: '2026-03-01T00:00:00.000Z',
          updated_at: '2026-03-01T00:00:00.000Z',
          version: 1,
        })
        .execute();
    }
    const list = async (key: string, status: string) => {
      const res = await c[key]!.get(`/api/follow-ups?status=${status}&assignee=me`);
      expect(res.statusCode, res.body).toBe(200);
      return json(res).items as { participantId: string; overdue: boolean }[];
    };
    // 23.30 WIB on the due day is 00.30 WITA the next day.
    env.clock.set(new Date('2026-03-10T16:30:00.000Z'));
    env.clock.set(new Date('2026-03-10T16:30:00.000Z'));
    // Signed in afresh (a minute passes): the sessions of before lapsed while the clock moved on.
    for (const key of ['cw31', 'cw64']) c[key] = await signIn(env, u[key]!);
    const jakartaDue = await list('cw31', 'due');
    expect(jakartaDue.map((f) => [f.participantId, f.overdue])).toEqual([[p.cw31, false]]);
    expect(await list('cw31', 'overdue')).toEqual([]);
    const kaltimOverdue = await list('cw64', 'overdue');
    expect(kaltimOverdue.map((f) => [f.participantId, f.overdue])).toEqual([[p.cw64, true]]);
    expect(await list('cw64', 'due')).toEqual([]);
    // Half an hour later the day has ended in Jakarta too.
    env.clock.advance(30 * 60_000);
    c.cw31 = await signIn(env, u.cw31!);
    expect((await list('cw31', 'overdue')).map((f) => f.participantId)).toEqual([p.cw31]);
  });
});
