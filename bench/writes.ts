// The concurrent-write figures of `npm run bench` (bench/run.ts), over real HTTP against the listening server,
// 20 loops at once on Node's fetch (one keep-alive connection per loop), each time-bound. Status codes are
// counted exactly, per request; nothing here is asserted.
//
//  - saves: each loop, again and again until the time is up, saves one of a few participants shared by all
//    loops — GET her record for the ETag, then PATCH it (a new address, so every save changes something) with
//    If-Match. Saves that collide must answer 412 `stale_version`. Reported: saves/s (PATCH 200s per second),
//    the share of 412s among PATCHes, every other status by method, status and code (5xx loudly), and "lost
//    updates": PATCH 200s acknowledged from a version (If-Match) already acknowledged for the same
//    participant — of two saves made from the same version only one may succeed.
//  - enrolments: distinct eligible participants (consent, confirmed assessment, approved plan — prepared here in
//    one transaction, as bench/bulk.ts writes programme delivery; see prepareEnrolments) enrolled with waitlist allowed into a few cohorts of small
//    capacity shared by all loops, until all are enrolled or the time is up. Reported: enrolments/s (201s per
//    second), ENROLLED/WAITLISTED, every non-2xx by status and code, and from the database afterwards the
//    cohorts holding more ENROLLED than their capacity and duplicate waitlist positions.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Services, RequestActor } from '../src/server/context.ts';
import type { AssessmentsTable, CasePlansTable, StageEventsTable } from '../src/server/db/schema.ts';
import type { AuditEvent } from '../src/server/audit/events.ts';
import { scopedRepo } from '../src/server/modules/repository.ts';
import { assessmentBody } from '../src/shared/casework-api.ts';
import { cohortBody } from '../src/shared/programme-api.ts';

export const LOOPS = 20;

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function pct(times: number[], p: number) {
  if (times.length === 0) return 0;
  const s = [...times].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
}

/** Status and error code of an answer, its body read to the end (so the connection is free again). */
async function answer(res: Response): Promise<{ status: number; code: string; body: Record<string, unknown> | null }> {
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  const code = (body?.error as { code?: string } | undefined)?.code ?? '';
  return { status: res.status, code, body };
}

function bump(m: Record<string, number>, k: string) {
  m[k] = (m[k] ?? 0) + 1;
}

/** Keys of `other` that are 5xx answers or failed requests (no answer at all). */
export function serverErrors(other: Record<string, number>): number {
  return Object.entries(other).reduce((n, [k, v]) => (/^\w+ (5\d\d|error)/.test(k) ? n + v : n), 0);
}

export interface SavesResult {
  loops: number;
  participants: number;
  seconds: number;
  /** PATCH answers 200 per second. */
  savesPerSecond: number;
  patches: number;
  ok: number;
  stale: number;
  /** stale / patches, in per cent. */
  staleShare: number;
  /** PATCH 200s from an If-Match version already acknowledged for the same participant (should be 0). */
  lostUpdates: number;
  /** Every other answer, "METHOD status code" → count (should be empty); "METHOD error …" when fetch failed. */
  other: Record<string, number>;
  serverErrors: number;
  /** One save = GET + PATCH, ms. */
  saveP50: number;
  saveP99: number;
}

/** 20 loops saving `ids` (shared: loop i saves ids[i % ids.length]) until `seconds` have passed. */
export async function saves(base: string, cookie: string, ids: string[], seconds: number): Promise<SavesResult> {
  const other: Record<string, number> = {};
  const acknowledged = new Set<string>();
  const times: number[] = [];
  let patches = 0;
  let ok = 0;
  let stale = 0;
  let lost = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const loop = async (i: number) => {
    const id = ids[i % ids.length]!;
    for (let n = 0; performance.now() < deadline; n++) {
      const t = performance.now();
      let method = 'GET';
      try {
        const got = await fetch(`${base}/api/participants/${id}`, { headers: { cookie } });
        const etag = got.headers.get('etag');
        const g = await answer(got);
        if (g.status !== 200 || !etag) {
          bump(other, `GET ${g.status} ${g.code || (etag ? '' : 'no ETag')}`.trim());
          continue;
        }
        method = 'PATCH';
        patches += 1;
        const body = { identity: { address: `Jl. Uji Simpan ${i}-${n} (alamat sintetis)` } };
        const res = await fetch(`${base}/api/participants/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', origin: base, cookie, 'if-match': etag },
          body: JSON.stringify(body),
        });
        const p = await answer(res);
        if (p.status === 200) {
          ok += 1;
          const key = `${id} ${etag}`;
          if (acknowledged.has(key)) lost += 1;
          else acknowledged.add(key);
          times.push(performance.now() - t);
        } else if (p.status === 412 && p.code === 'stale_version') stale += 1;
        else bump(other, `PATCH ${p.status} ${p.code}`.trim());
      } catch (err) {
        bump(other, `${method} error ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: LOOPS }, (_, i) => loop(i)));
  const elapsed = (performance.now() - t0) / 1000;
  return {
    loops: LOOPS,
    participants: ids.length,
    seconds: round(elapsed, 2),
    savesPerSecond: round(ok / elapsed),
    patches,
    ok,
    stale,
    staleShare: patches ? round((stale / patches) * 100) : 0,
    lostUpdates: lost,
    other,
    serverErrors: serverErrors(other),
    saveP50: pct(times, 50),
    saveP99: pct(times, 99),
  };
}

export interface EnrolmentSetup {
  participants: string[];
  cohorts: { id: string; capacity: number }[];
  seconds: number;
}

/**
 * `n` participants made ready for a cohort, and `cohorts` new cohorts of `capacity` in this year's programme.
 * The participants are among those the bulk seed left in intake (no assessment, no enrolment) with an active
 * participation consent. Readying them the stores' way (two stage moves, an assessment, a plan and its approval:
 * five transactions each) took 6–10 s for 200 on this machine, more than the figure itself; so, as bench/bulk.ts
 * does for programme delivery, it is written here in one transaction with rows shaped like the stores' (typed
 * against the schema): a confirmed assessment (answers sealed under her data key), an approved case plan, her
 * stage moved PENERIMAAN → ASESMEN → RENCANA_INTERVENSI (version bumped, two stage events) and the audit rows of
 * that work through AuditWriter.appendInTx. The cohorts are made through the store, as a manager would.
 */
export async function prepareEnrolments(
  s: Services,
  cw: RequestActor,
  mgr: RequestActor,
  now: Date,
  n: number,
  cohorts: number,
  capacity: number,
  exclude: string[],
): Promise<EnrolmentSetup> {
  const db = s.db.kysely;
  const t0 = performance.now();
  const today = now.toISOString().slice(0, 10);
  const at = now.toISOString();
  let q = db
    .selectFrom('participants as p')
    .select(['p.id', 'p.dek_wrapped'])
    .where('p.stage', '=', 'PENERIMAAN')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('enrollments as e').select('e.id').whereRef('e.participant_id', '=', 'p.id'))),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('assessments as a').select('a.participant_id').whereRef('a.participant_id', '=', 'p.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('case_plans as cp').select('cp.participant_id').whereRef('cp.participant_id', '=', 'p.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('consents as c')
          .select('c.id')
          .whereRef('c.participant_id', '=', 'p.id')
          .where('c.purpose', '=', 'PARTICIPATION')
          .where('c.status', '=', 'given')
          .where((w) => w.or([w('c.expires_at', 'is', null), w('c.expires_at', '>=', today)])),
      ),
    )
    .orderBy('p.code')
    .limit(n);
  if (exclude.length) q = q.where('p.id', 'not in', exclude);
  const people = await q.execute();
  if (people.length < n) throw new Error(`enrolment setup: only ${people.length} participants in intake, ${n} wanted`);
  const ids = people.map((p) => p.id);
  const answers = assessmentBody.parse({
    answers: {
      living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
      health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
      economy: { monthlyIncome: 500_000, debts: 0, dependants: 1 },
      education: { level: 'SMP', skills: [], desiredTrade: 'Kue' },
      srq20: Array(20).fill(false),
      trafficking: {},
      safety: { risks: ['NONE'] },
    },
    confirmedRisk: 'LOW',
  }).answers;
  await db.transaction().execute(async (trx) => {
    const ordinals = await trx
      .selectFrom('stage_events')
      .select(['participant_id', (eb) => eb.fn.max('ordinal').as('m')])
      .where('participant_id', 'in', ids)
      .groupBy('participant_id')
      .execute();
    const last = new Map(ordinals.map((o) => [o.participant_id, Number(o.m)]));
    const assessments: Insertable<AssessmentsTable>[] = [];
    const plans: Insertable<CasePlansTable>[] = [];
    const events: Insertable<StageEventsTable>[] = [];
    const audit: AuditEvent[] = [];
    for (const p of people) {
      const key = s.dataKeys.unwrap(p.id, p.dek_wrapped);
      assessments.push({
        participant_id: p.id,
        version: 1,
        answers_ct: key.seal('assessments', 'answers', `${p.id}:1`, JSON.stringify(answers)),
        srq20_score: 0,
        srq20_threshold: s.config.srq20Threshold,
        proposed_risk: 'LOW',
        confirmed_risk: 'LOW',
        assessed_by: cw.id,
        assessed_at: at,
        assessed_on: at.slice(0, 10),
        reviewed_by: null,
        reviewed_at: null,
      });
      plans.push({
        participant_id: p.id,
        version: 1,
        status: 'APPROVED',
        conference_ct: null,
        approved_by: mgr.id,
        approved_at: at,
        updated_by: cw.id,
        updated_at: at,
      });
      const o = last.get(p.id) ?? 1;
      events.push({
        id: randomUUID(),
        participant_id: p.id,
        ordinal: o + 1,
        from_stage: 'PENERIMAAN',
        to_stage: 'ASESMEN',
        kind: 'move',
        reason_ct: null,
        closure_reason: null,
        actor_id: cw.id,
        approved_by: null,
        at,
      });
      events.push({
        id: randomUUID(),
        participant_id: p.id,
        ordinal: o + 2,
        from_stage: 'ASESMEN',
        to_stage: 'RENCANA_INTERVENSI',
        kind: 'move',
        reason_ct: null,
        closure_reason: null,
        actor_id: cw.id,
        approved_by: null,
        at,
      });
      const steps = [
        ['participant.transition', cw, { from: 'PENERIMAAN', to: 'ASESMEN' }],
        ['assessment.create', cw, null],
        ['participant.transition', cw, { from: 'ASESMEN', to: 'RENCANA_INTERVENSI' }],
        ['caseplan.write', cw, null],
        ['caseplan.approve', mgr, { version: 1 }],
      ] as const;
      for (const [action, actor, detail] of steps)
        audit.push({
          action,
          actorId: actor.id,
          actor: actor.username,
          resourceType: 'participant',
          resourceId: p.id,
          outcome: 'success',
          requestId: null,
          ip: null,
          detail,
        });
    }
    await trx.insertInto('assessments').values(assessments).execute();
    await trx.insertInto('case_plans').values(plans).execute();
    await trx.insertInto('stage_events').values(events).execute();
    await trx
      .updateTable('participants')
      .set((eb) => ({ stage: 'RENCANA_INTERVENSI', version: eb('version', '+', 2), updated_at: at }))
      .where('id', 'in', ids)
      .execute();
    await s.audit.appendInTx(trx, audit, now);
  });
  const year = now.getUTCFullYear();
  const programme = await db
    .selectFrom('programmes')
    .select('id')
    .where('year', '=', year)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!programme) throw new Error(`enrolment setup: no programme for ${year}`);
  const as = (actor: RequestActor) => scopedRepo(s, actor, { requestId: randomBytes(8).toString('hex'), ip: null });
  const made: { id: string; capacity: number }[] = [];
  for (let k = 0; k < cohorts; k++) {
    const c = await as(mgr).programmes.createCohort(
      cohortBody.parse({
        programmeId: programme.id,
        name: `Angkatan uji tulis ${k + 1} (sintetis)`,
        regionCode: '6371',
        startDate: '2026-12-14',
        capacity,
        tracks: ['TATA_BOGA'],
        confirmWithoutCalendar: true, // it runs into January 2027
      }),
    );
    made.push({ id: c.id, capacity: c.capacity });
  }
  return { participants: ids, cohorts: made, seconds: round((performance.now() - t0) / 1000) };
}

export interface EnrolmentsResult {
  loops: number;
  participants: number;
  cohorts: number;
  capacity: number;
  setupSeconds: number;
  seconds: number;
  /** 201s per second. */
  enrolmentsPerSecond: number;
  requests: number;
  created: number;
  enrolled: number;
  waitlisted: number;
  /** Non-2xx by "status code" → count (should be empty); "error …" when fetch failed. */
  non2xx: Record<string, number>;
  /** non-2xx / requests, in per cent. */
  non2xxShare: number;
  serverErrors: number;
  /** From the database afterwards (should both be 0). */
  cohortsOverCapacity: number;
  seatsOverCapacity: number;
  duplicateWaitlistPositions: number;
  p50: number;
  p99: number;
}

/** 20 loops enrolling the prepared participants (participant k into cohort k mod cohorts) until done or `seconds` have passed. */
export async function enrolments(
  s: Services,
  base: string,
  cookie: string,
  setup: EnrolmentSetup,
  seconds: number,
): Promise<EnrolmentsResult> {
  const non2xx: Record<string, number> = {};
  const times: number[] = [];
  let requests = 0;
  let created = 0;
  let enrolled = 0;
  let waitlisted = 0;
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const loop = async () => {
    while (next < setup.participants.length && performance.now() < deadline) {
      const k = next++;
      const cohort = setup.cohorts[k % setup.cohorts.length]!;
      const t = performance.now();
      try {
        const res = await fetch(`${base}/api/cohorts/${cohort.id}/enrollments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base, cookie },
          body: JSON.stringify({ participantId: setup.participants[k], track: 'TATA_BOGA', waitlist: true }),
        });
        const a = await answer(res);
        requests += 1;
        if (a.status >= 200 && a.status < 300) {
          created += 1;
          times.push(performance.now() - t);
          if (a.body?.status === 'ENROLLED') enrolled += 1;
          else if (a.body?.status === 'WAITLISTED') waitlisted += 1;
        } else bump(non2xx, `POST ${a.status} ${a.code}`.trim());
      } catch (err) {
        requests += 1;
        bump(non2xx, `POST error ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: LOOPS }, () => loop()));
  const elapsed = (performance.now() - t0) / 1000;
  const db = s.db.kysely;
  const ids = setup.cohorts.map((c) => c.id);
  const counts = await db
    .selectFrom('enrollments')
    .select(['cohort_id', (eb) => eb.fn.countAll().as('n')])
    .where('cohort_id', 'in', ids)
    .where('status', '=', 'ENROLLED')
    .groupBy('cohort_id')
    .execute();
  let cohortsOver = 0;
  let seatsOver = 0;
  for (const c of setup.cohorts) {
    const n = Number(counts.find((x) => x.cohort_id === c.id)?.n ?? 0);
    if (n > c.capacity) {
      cohortsOver += 1;
      seatsOver += n - c.capacity;
    }
  }
  const seqs = await db
    .selectFrom('enrollments')
    .select(['cohort_id', 'waitlist_seq', (eb) => eb.fn.countAll().as('n')])
    .where('cohort_id', 'in', ids)
    .where('waitlist_seq', 'is not', null)
    .groupBy(['cohort_id', 'waitlist_seq'])
    .execute();
  const dupSeq = seqs.reduce((m, r) => m + Math.max(0, Number(r.n) - 1), 0);
  const failed = Object.values(non2xx).reduce((m, v) => m + v, 0);
  return {
    loops: LOOPS,
    participants: setup.participants.length,
    cohorts: setup.cohorts.length,
    capacity: setup.cohorts[0]?.capacity ?? 0,
    setupSeconds: setup.seconds,
    seconds: round(elapsed, 2),
    enrolmentsPerSecond: round(created / elapsed),
    requests,
    created,
    enrolled,
    waitlisted,
    non2xx,
    non2xxShare: requests ? round((failed / requests) * 100) : 0,
    serverErrors: serverErrors(non2xx),
    cohortsOverCapacity: cohortsOver,
    seatsOverCapacity: seatsOver,
    duplicateWaitlistPositions: dupSeq,
    p50: pct(times, 50),
    p99: pct(times, 99),
  };
}

/** One line per scenario for the log under the table; loud when something answered 5xx or broke a rule. */
export function describeWrites(label: string, w: { saves: SavesResult; enrolments: EnrolmentsResult }): string[] {
  const sv = w.saves;
  const en = w.enrolments;
  const fmt = (m: Record<string, number>) =>
    Object.keys(m).length
      ? Object.entries(m)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')
      : 'none';
  const lines = [
    `${label} saves: ${sv.ok} saved in ${sv.seconds} s = ${sv.savesPerSecond}/s (${sv.loops} loops on ${sv.participants} participants; save p50/p99 ${sv.saveP50}/${sv.saveP99} ms); ` +
      `${sv.patches} PATCHes: 200 ${sv.ok}, 412 stale_version ${sv.stale} (${sv.staleShare}%), other: ${fmt(sv.other)}; lost updates (200 from an already acknowledged version): ${sv.lostUpdates}`,
    `${label} enrolments: ${en.created} of ${en.participants} in ${en.seconds} s = ${en.enrolmentsPerSecond}/s (${en.cohorts} cohorts of ${en.capacity}; ENROLLED ${en.enrolled}, WAITLISTED ${en.waitlisted}; p50/p99 ${en.p50}/${en.p99} ms; setup ${en.setupSeconds} s); ` +
      `non-2xx: ${fmt(en.non2xx)}; cohorts over capacity: ${en.cohortsOverCapacity} (+${en.seatsOverCapacity} seats); duplicate waitlist positions: ${en.duplicateWaitlistPositions}`,
  ];
  if (sv.serverErrors || en.serverErrors)
    lines.push(`!!! ${label}: ${sv.serverErrors + en.serverErrors} answers were 5xx or failed requests — see above`);
  if (sv.lostUpdates)
    lines.push(
      `!!! ${label}: ${sv.lostUpdates} saves answered 200 from a version another save had already changed (lost updates)`,
    );
  if (en.cohortsOverCapacity || en.duplicateWaitlistPositions)
    lines.push(`!!! ${label}: enrolments broke the cohort rules (over capacity or duplicate waitlist positions)`);
  return lines;
}
