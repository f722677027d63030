// `berdaya seed demo`: the same seed gives the same province (compared row by row, with random ids replaced by
// labels and ciphertexts compared after decryption), the data passes the API's own validation and reads back
// through the API, and the audit chain of the synthetic history verifies.
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, makeEnv, signIn, type TestEnv } from './support/env.ts';
import { seedDemo, type DemoResult } from '../src/server/ops/seed.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { verifyAuditChain } from '../src/server/audit/verify.ts';
import { participantView, searchResponse } from '../src/shared/participants-api.ts';
import { checkNik } from '../src/shared/nik.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
// Random by design or keyed with this database's own keys: not comparable between two databases.
const SECRET_COLUMNS = /(_ct|_hash|^hash|^dek_wrapped|^nik_index|^name_dob_index|^alias_index|^totp_secret)$/;
const TABLES = [
  'users',
  'user_regions',
  'programmes',
  'venues',
  'venue_payments',
  'kits',
  'kit_versions',
  'partners',
  'budget_lines',
  'participant_code_seq',
  'participants',
  'participant_assignments',
  'assignment_requests',
  'assignment_events',
  'consents',
  'stage_events',
  'prospects',
  'outreach_contacts',
  'alerts',
  'notes',
  'note_revisions',
  'assessments',
  'case_plans',
  'case_plan_items',
  'referrals',
  'cohorts',
  'sessions_schedule',
  'enrollments',
  'attendance',
  'allocations',
  'follow_ups',
  'follow_up_visits',
  'report_narratives',
  'audit_log',
] as const;

/** Replaces ids by labels given in a deterministic order (first appearance over sorted rows). */
class Labels {
  private map = new Map<string, string>();
  mask(v: unknown): unknown {
    return typeof v === 'string' ? v.replace(UUID, (u) => this.map.get(u) ?? '?') : v;
  }
  label(v: unknown): unknown {
    return typeof v === 'string'
      ? v.replace(UUID, (u) => {
          if (!this.map.has(u)) this.map.set(u, `#${this.map.size}`);
          return this.map.get(u)!;
        })
      : v;
  }
  deep(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.deep(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.deep(x)]));
    return this.label(v);
  }
}

async function canonicalDump(env: TestEnv) {
  const s = env.booted.services;
  const db = s.db.kysely;
  const labels = new Labels();
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    let rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    rows = rows.map((r) =>
      Object.fromEntries(
        Object.entries(r)
          .filter(([k]) => !SECRET_COLUMNS.test(k))
          .map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
      ),
    );
    if (table === 'audit_log') rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    else
      rows.sort((a, b) =>
        JSON.stringify(Object.values(a).map((v) => labels.mask(v))).localeCompare(
          JSON.stringify(Object.values(b).map((v) => labels.mask(v))),
        ),
      );
    tables[table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, labels.label(v)])));
  }
  tables.participant_name_tokens = [
    Number(
      (
        await db
          .selectFrom('participant_name_tokens')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  ];
  // What the ciphertexts say, read back through the stores (which decrypt with each participant's own key).
  const repo = systemRepo(s, 'test', 'compare the demo seed');
  const people: unknown[] = [];
  for (const p of await db.selectFrom('participants').select('id').orderBy('code').execute()) {
    const assessments = await repo.casework.listAssessments(p.id);
    people.push({
      view: { ...(await repo.participants.get(p.id)), can: undefined },
      nik: await repo.participants.revealNik(p.id),
      timeline: await repo.stages.timeline(p.id),
      notes: await repo.notes.listNotes(p.id),
      assessment: assessments[0]
        ? (await repo.casework.getAssessment(p.id, assessments[0].version)).assessment.answers
        : null,
      plan: await repo.casework.getCasePlan(p.id),
      referrals: await repo.casework.listReferrals(p.id),
      followUps: await repo.followUps.forParticipant(p.id),
    });
  }
  const outreach = await repo.casework.listOutreach({ limit: 500 });
  return {
    tables,
    decrypted: labels.deep({ people, outreach: outreach.items.map((o) => ({ ...o, alias: o.alias })) }),
  };
}

const envs: TestEnv[] = [];
afterAll(async () => {
  for (const e of envs) await e.close();
});

describe.each(DIALECTS)('berdaya seed demo (%s)', (dialect) => {
  it('gives identical data for the same seed and different data for another', async () => {
    const [a, b, c] = [await makeEnv(dialect), await makeEnv(dialect), await makeEnv(dialect)];
    envs.push(a, b, c);
    const ra = await seedDemo(a.booted.services, { participants: 30, seed: 5 });
    const rb = await seedDemo(b.booted.services, { participants: 30, seed: 5 });
    await seedDemo(c.booted.services, { participants: 30, seed: 6 });
    expect(ra.counts).toEqual(rb.counts);
    expect(ra.counts.participants).toBe(30);
    expect(ra.counts.attendance).toBeGreaterThan(100);
    expect(ra.counts.follow_up_visits).toBeGreaterThan(0);
    expect(ra.counts.allocations).toBeGreaterThan(0);
    const [da, db, dc] = [await canonicalDump(a), await canonicalDump(b), await canonicalDump(c)];
    expect(da.tables).toEqual(db.tables);
    expect(da.decrypted).toEqual(db.decrypted);
    expect(JSON.stringify(dc.decrypted)).not.toEqual(JSON.stringify(da.decrypted));

    // The audit chain of the whole synthetic history verifies.
    const s = a.booted.services;
    expect((await verifyAuditChain(s.db.kysely, s.keys.subkey('audit-chain'))).ok).toBe(true);
    // Only into an empty database.
    await expect(seedDemo(s, { participants: 30, seed: 5 })).rejects.toThrow(/empty database/);

    await readsBackThroughTheApi(a, ra);
  }, 300_000);
});

async function readsBackThroughTheApi(env: TestEnv, r: DemoResult) {
  const manager = r.accounts.find((x) => x.role === 'manager')!;
  const client = await signIn(env, {
    id: '',
    username: manager.username,
    password: r.password,
    role: manager.role,
    regions: manager.regions,
    totpSecret: manager.totpSecret,
  });
  const found = searchResponse.parse(json(await client.post('/api/participants/search', { pageSize: 100 })));
  expect(found.total).toBe(30);
  for (const item of found.items) {
    const res = await client.get(`/api/participants/${item.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = participantView.parse(json(res));
    expect(view.identity.fullName).toMatch(/\S/);
    if (view.identity.hasNik) {
      // Synthetic NIKs: a valid format, a serial in the reserved range 9900–9999.
      expect(view.identity.nikMasked).toMatch(/^63\d{2}\*{8}99\d{2}$/);
      const nik = json(await client.post(`/api/participants/${item.id}/reveal-nik`, {})).nik as string;
      expect(checkNik(nik).ok).toBe(true);
    }
  }
  // A caseworker sees her own region's people; the dashboard and the annual report have figures.
  const cw = r.accounts.find((x) => x.username === 'demo.pendamping.bjm')!;
  const cwClient = await signIn(env, {
    id: '',
    username: cw.username,
    password: r.password,
    role: cw.role,
    regions: cw.regions,
  });
  expect((await cwClient.get('/api/dashboard')).statusCode).toBe(200);
  const report = await client.get('/api/reports/annual?year=2025');
  expect(report.statusCode, report.body).toBe(200);
}
