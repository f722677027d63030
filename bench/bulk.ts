// The benchmark's synthetic province at scale (1,000 or 100,000 participants over the programme years
// 2019–2026, with ~10 attendance and ~10 audit rows per participant). `berdaya seed demo` walks every step
// through the API's stores (and takes ~75 ms per participant with everything around her); that is too slow for
// 100,000, so the benchmark takes a faster path, and states it:
//  - participants: the registry's own path — each body parsed with the API's schema, then
//    ParticipantStore.prepareCreate (policy, consents, NIK rules, blind indexes) and insertManyInTx (sealing under
//    her own data key, name tokens, consents, stage event, audit row; multi-row, as an import commits), a day's
//    registrations at a time, 500 to a transaction;
//  - programme delivery (assessments, plans, cohorts, sessions, enrolments, attendance, aid, follow-ups,
//    outreach): multi-row inserts shaped like the stores' rows, personal fields sealed with her data key;
//  - the audit history of that work and of staff reading records: AuditWriter.appendInTx (the real chain).
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Services } from '../src/server/context.ts';
import type { Database } from '../src/server/db/schema.ts';
import type { ManualClock } from '../src/server/clock.ts';
import type { AuditEvent } from '../src/server/audit/events.ts';
import { systemRepo } from '../src/server/modules/repository.ts';
import { refreshFollowUpStateInTx } from '../src/server/modules/followups/store.ts';
import { participantCreateBody } from '../src/shared/participants-api.ts';
import { programmeBody } from '../src/shared/programme-api.ts';
import { kitBody } from '../src/shared/aid-api.ts';
import { addDays, addMonthsClamped } from '../src/shared/calendar.ts';
import { Prng } from '../src/server/ops/seed/prng.ts';
import { GIVEN_NAMES, SECOND_NAMES, STREETS } from '../src/server/ops/seed/names.ts';
import { SYNTHETIC_NIK_SERIALS } from '../src/server/ops/seed.ts';
import { KAB_KOTA } from '../src/shared/regions.ts';

export const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
const REGIONS = KAB_KOTA.map((r) => r.code as string);
const TRADES = ['TATA_BOGA', 'MENJAHIT', 'SALON_KECANTIKAN', 'KATERING', 'KERAJINAN'];
const COHORT_SIZE = 16;
const SESSIONS = 13;

type Trx = Transaction<Database>;

/** Multi-row inserts under the bound-parameter limits of both databases. */
async function insertMany<T extends keyof Database>(
  trx: Trx,
  table: T,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(20_000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + per) as never)
      .execute();
  }
}

export interface BulkResult {
  participants: number;
  seconds: { participants: number; delivery: number };
  /** Things to search for: a code prefix, NIKs that exist, name prefixes. */
  probes: { codePrefix: string; niks: string[]; names: string[] };
  rows: Record<string, number>;
}

export async function bulkSeed(
  s: Services,
  clock: ManualClock,
  n: number,
  seed: number,
  log: (l: string) => void = () => {},
): Promise<BulkResult> {
  const db = s.db.kysely;
  const rnd = new Prng(seed, 11);
  const repo = systemRepo(s, 'bench-seed', 'synthetic benchmark province');
  const t0 = performance.now();
  const niks: string[] = [];
  const names: string[] = [];
  const used = new Set<string>();
  // ---------------------------------------------------------------- participants, year by year
  const perYear = Math.ceil(n / YEARS.length);
  let made = 0;
  for (const year of YEARS) {
    const count = Math.min(perYear, n - made);
    // The last year stops at the benchmark's "today" (2026-11-28).
    const dayMs = ((year === 2026 ? 325 : 364) * 86_400_000) / (count + 1);
    clock.set(new Date(`${year}-01-02T01:00:00Z`));
    for (let i = 0; i < count; i += 500) {
      const batch = Math.min(500, count - i);
      await db.transaction().execute(async (trx) => {
        // Registered a day at a time with insertManyInTx (as an import commits): each day's audit rows carry that day.
        let group: {
          input: ReturnType<typeof participantCreateBody.parse>;
          ctx: ReturnType<typeof repo.participants.prepareCreate>;
        }[] = [];
        const flush = async () => {
          if (group.length) await repo.participants.insertManyInTx(trx, group, { sameNameDob: 'allow' });
          group = [];
        };
        for (let k = 0; k < batch; k++) {
          if (
            group.length &&
            new Date(clock.now().getTime() + dayMs).toISOString().slice(0, 10) !== group[0]!.ctx.now.slice(0, 10)
          )
            await flush();
          clock.advance(dayMs);
          const region = rnd.pick(REGIONS);
          const given = rnd.pick(GIVEN_NAMES);
          const fullName = `${given} ${rnd.pick(SECOND_NAMES)} ${rnd.pick(SECOND_NAMES)}`;
          const y = rnd.int(year - 45, year - 18);
          const m = String(rnd.int(1, 12)).padStart(2, '0');
          const d = String(rnd.int(1, 28)).padStart(2, '0');
          let nik: string | undefined;
          if (rnd.chance(0.8)) {
            const kec = `${region}${String(rnd.int(1, 9)).padStart(2, '0')}`;
            let serial = rnd.int(SYNTHETIC_NIK_SERIALS[0], SYNTHETIC_NIK_SERIALS[1]);
            do {
              nik = `${kec}${Number(d) + 40}${m}${String(y).slice(2)}${serial}`;
              serial = serial === SYNTHETIC_NIK_SERIALS[1] ? SYNTHETIC_NIK_SERIALS[0] : serial + 1;
            } while (used.has(nik));
            used.add(nik);
            if (niks.length < 200 && rnd.chance(0.05)) niks.push(nik);
          }
          if (names.length < 200 && rnd.chance(0.05)) names.push(given.slice(0, rnd.int(3, given.length)));
          const today = clock.now().toISOString().slice(0, 10);
          const body = participantCreateBody.parse({
            regionCode: region,
            category: rnd.pick(['PEREMPUAN_RENTAN', 'MANTAN_PEKERJA_SEKS', 'PENYINTAS_TPPO', 'KORBAN_KEKERASAN']),
            referralSource: rnd.pick(['MANDIRI', 'KELUARGA', 'LKS_LSM', 'RUMAH_SINGGAH', 'PUSKESMAS']),
            participationBasis: 'SUKARELA',
            identity: {
              fullName,
              ...(nik ? { nik } : { noNikReason: 'UNKNOWN' }),
              birthDate: `${y}-${m}-${d}`,
              sex: 'F',
              address: `${rnd.pick(STREETS)} No. ${rnd.int(1, 150)} (alamat sintetis)`,
              phone: `08${rnd.int(11, 59)} ${rnd.int(1000, 9999)} ${rnd.int(1000, 9999)}`,
            },
            consents: ['PARTICIPATION', 'DATA_PROCESSING', 'FOLLOW_UP_CONTACT'].map((purpose) => ({
              purpose,
              method: 'SIGNED_FORM',
              explainedBy: 'Pendamping (sintetis)',
              language: 'id',
              givenAt: today,
            })),
            acknowledgeDuplicates: true,
          });
          group.push({ input: body, ctx: repo.participants.prepareCreate(body) });
        }
        await flush();
      });
      made += batch;
      if (made % 10_000 < 500) log(`  ${made} participants`);
    }
  }
  const tParticipants = (performance.now() - t0) / 1000;

  // ---------------------------------------------------------------- programmes, kits, staff
  const t1 = performance.now();
  clock.set(new Date('2018-11-01T01:00:00Z'));
  const kits: { id: string; trade: string; total: number }[] = [];
  for (const trade of TRADES) {
    const k = await repo.aid.createKit(
      kitBody.parse({
        trade,
        name: `Paket ${trade.toLowerCase()} (sintetis)`,
        items: [
          { name: 'Peralatan utama', quantity: 1, unit: 'unit', unitPrice: 2_000_000 },
          { name: 'Bahan awal', quantity: 1, unit: 'paket', unitPrice: 900_000 },
        ],
      }),
    );
    kits.push({ id: k.id, trade, total: k.total });
  }
  const staffId = (await db.selectFrom('users').select('id').orderBy('username').executeTakeFirst())?.id ?? 'system';

  // ---------------------------------------------------------------- delivery, year by year
  const rows: Record<string, number> = {};
  const count = (t: string, k: number) => (rows[t] = (rows[t] ?? 0) + k);
  for (const year of YEARS) {
    clock.set(new Date(`${year - 1}-11-15T01:00:00Z`));
    const programme = await repo.programmes.createProgramme(
      programmeBody.parse({
        name: `Rehabilitasi Sosial ${year} (sintetis)`,
        year,
        budgetCeiling: 5_000_000_000,
        targetParticipants: perYear,
      }),
    );
    const people = await db
      .selectFrom('participants')
      .select(['id', 'region_code', 'created_at', 'dek_wrapped', 'code'])
      .where('created_at', '>=', `${year}-01-01`)
      .where('created_at', '<', `${year + 1}-01-01`)
      .orderBy('created_at')
      .execute();
    // Three in four join a cohort of their region; the rest stay in intake or assessment.
    const byRegion = new Map<string, typeof people>();
    for (const p of people) {
      if (!rnd.chance(0.75)) continue;
      const list = byRegion.get(p.region_code);
      if (list) list.push(p);
      else byRegion.set(p.region_code, [p]);
    }
    await db.transaction().execute(async (trx) => {
      const audit: { event: AuditEvent; at: Date }[] = [];
      const ev = (at: string, e: Omit<AuditEvent, 'actorId' | 'actor'>) =>
        audit.push({
          event: { actorId: staffId, actor: 'bench.staff', requestId: null, ip: null, ...e },
          at: new Date(at),
        });
      const cohorts: Record<string, unknown>[] = [];
      const sessions: Record<string, unknown>[] = [];
      const enrolments: Record<string, unknown>[] = [];
      const attendance: Record<string, unknown>[] = [];
      const assessments: Record<string, unknown>[] = [];
      const plans: Record<string, unknown>[] = [];
      const allocations: Record<string, unknown>[] = [];
      const followUps: Record<string, unknown>[] = [];
      const visits: Record<string, unknown>[] = [];
      const prospects: Record<string, unknown>[] = [];
      const outreach: Record<string, unknown>[] = [];
      const stage = new Map<string, string[]>();
      let cohortNo = 0;
      for (const [region, list] of [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        for (let i = 0; i < list.length; i += COHORT_SIZE) {
          const members = list.slice(i, i + COHORT_SIZE);
          const lastReg = members[members.length - 1]!.created_at.slice(0, 10);
          const start = addDays(lastReg, 21) > `${year}-12-01` ? `${year}-12-01` : addDays(lastReg, 21);
          const end = addDays(addMonthsClamped(start, 1), -1);
          const cohortId = randomUUID();
          const trade = TRADES[cohortNo % TRADES.length]!;
          const kit = kits.find((k) => k.trade === trade)!;
          const done = end < '2026-11-28';
          cohorts.push({
            id: cohortId,
            programme_id: programme.id,
            name: `Angkatan ${++cohortNo} ${region}`,
            region_code: region,
            venue_id: null,
            start_date: start,
            end_date: end,
            capacity: COHORT_SIZE,
            tracks: JSON.stringify([trade]),
            status: done ? 'COMPLETED' : 'RUNNING',
            graduation_confirmed_at: done ? `${addDays(end, 1)}T02:00:00.000Z` : null,
            graduation_confirmed_by: done ? staffId : null,
            created_at: `${addDays(start, -40)}T02:00:00.000Z`,
            updated_at: `${addDays(end, 1)}T02:00:00.000Z`,
            version: 3,
          });
          const sess: { id: string; date: string; type: string }[] = [];
          for (let k = 0; k < SESSIONS; k++) {
            const date = addDays(start, Math.floor((k * 28) / SESSIONS));
            const type = k % 4 === 3 ? 'RELIGIOUS_GUIDANCE' : k % 4 === 2 ? 'PSYCHOLOGICAL_GROUP' : 'TRADE_SKILL';
            const id = randomUUID();
            sess.push({ id, date, type });
            sessions.push({
              id,
              cohort_id: cohortId,
              type,
              title: null,
              facilitator_id: null,
              facilitator_name: 'Fasilitator (sintetis)',
              place: null,
              date,
              start_time: '08:00',
              end_time: '11:00',
              mandatory: 0,
              cancelled: 0,
              moved_from: null,
              created_at: `${addDays(start, -30)}T02:00:00.000Z`,
              version: 1,
            });
            if (date <= '2026-11-27')
              ev(`${date}T06:00:00.000Z`, {
                action: 'attendance.write',
                resourceType: 'session',
                resourceId: id,
                outcome: 'success',
                detail: { marked: members.length },
              });
          }
          for (const p of members) {
            const key = s.dataKeys.unwrap(p.id, p.dek_wrapped);
            const reg = p.created_at;
            const assessedAt = `${addDays(reg.slice(0, 10), 4)}T03:00:00.000Z`;
            const answers = {
              living: { situation: 'RENTED', familyContact: 'YES', familyAccepting: 'YES' },
              health: { hasAccess: 'YES', bpjs: 'YES', testing: 'NOT_DISCUSSED' },
              economy: { monthlyIncome: rnd.int(0, 20) * 50_000, debts: 0, dependants: rnd.int(0, 3) },
              education: { level: 'SMP', skills: [] },
              srq20: Array.from({ length: 20 }, () => rnd.chance(0.2)),
              trafficking: {},
              safety: { risks: ['NONE'] },
            };
            assessments.push({
              participant_id: p.id,
              version: 1,
              answers_ct: key.seal('assessments', 'answers', `${p.id}:1`, JSON.stringify(answers)),
              srq20_score: answers.srq20.filter(Boolean).length,
              srq20_threshold: 6,
              proposed_risk: 'LOW',
              confirmed_risk: 'LOW',
              assessed_by: staffId,
              assessed_at: assessedAt,
              assessed_on: assessedAt.slice(0, 10),
              // Reviewed before the plan is approved, as an office does (none would wait in the queue for years).
              reviewed_by: staffId,
              reviewed_at: `${addDays(reg.slice(0, 10), 8)}T03:00:00.000Z`,
            });
            plans.push({
              participant_id: p.id,
              version: 1,
              status: 'APPROVED',
              conference_ct: null,
              approved_by: staffId,
              approved_at: `${addDays(reg.slice(0, 10), 12)}T03:00:00.000Z`,
              updated_by: staffId,
              updated_at: `${addDays(reg.slice(0, 10), 10)}T03:00:00.000Z`,
            });
            const attends = rnd.chance(0.85) ? 0.95 : 0.6;
            let attended = 0;
            const enrolmentId = randomUUID();
            for (const x of sess) {
              if (x.date > '2026-11-27') continue;
              const status = rnd.next() < attends ? 'PRESENT' : 'ABSENT';
              if (status === 'PRESENT') attended += 1;
              attendance.push({
                session_id: x.id,
                enrollment_id: enrolmentId,
                status,
                note_ct: null,
                marked_by: staffId,
                marked_at: `${x.date}T06:00:00.000Z`,
              });
            }
            const passed = attended / SESSIONS >= 0.8;
            const status = !done ? 'ENROLLED' : passed ? 'GRADUATED' : 'NOT_GRADUATED';
            enrolments.push({
              id: enrolmentId,
              cohort_id: cohortId,
              participant_id: p.id,
              track: trade,
              status,
              waitlist_seq: null,
              reason_ct: null,
              result: done
                ? JSON.stringify({
                    sessionsHeld: SESSIONS,
                    attended,
                    rate: Math.round((attended / SESSIONS) * 10_000) / 10_000,
                    mandatoryMissed: 0,
                    passed,
                  })
                : null,
              enrolled_on: addDays(start, -5),
              created_by: staffId,
              created_at: `${addDays(start, -5)}T02:00:00.000Z`,
              updated_at: `${addDays(end, 1)}T02:00:00.000Z`,
              version: done ? 3 : 1,
            });
            stage.set(
              p.id,
              status === 'GRADUATED'
                ? ['ASESMEN', 'RENCANA_INTERVENSI', 'INTERVENSI', 'RESOSIALISASI_REINTEGRASI']
                : ['ASESMEN', 'RENCANA_INTERVENSI', 'INTERVENSI'],
            );
            for (const [action, at] of [
              ['assessment.create', assessedAt],
              ['caseplan.write', plans[plans.length - 1]!.updated_at],
              ['caseplan.approve', plans[plans.length - 1]!.approved_at],
              ['enrollment.write', `${addDays(start, -5)}T02:00:00.000Z`],
            ] as const) {
              ev(at as string, { action, resourceType: 'participant', resourceId: p.id, outcome: 'success' });
            }
            // Staff read her record a few times over the year (list, open, check plan and attendance).
            for (let r = 0; r < 5; r++)
              ev(`${addDays(reg.slice(0, 10), 5 + r * 9)}T04:00:00.000Z`, {
                action: 'participant.read',
                resourceType: 'participant',
                resourceId: p.id,
                outcome: 'success',
              });
            if (status === 'GRADUATED') {
              const handover = addDays(end, 21);
              allocations.push({
                id: randomUUID(),
                cohort_id: cohortId,
                enrollment_id: enrolmentId,
                participant_id: p.id,
                kit_id: kit.id,
                kit_version: 1,
                alternative_reason_ct: null,
                status: handover < '2026-11-28' ? 'HANDED_OVER' : 'APPROVED',
                procurement: JSON.stringify(['READY', 'READY']),
                serials: JSON.stringify([null, null]),
                value: kit.total,
                approved_by: staffId,
                approved_at: `${addDays(end, 10)}T02:00:00.000Z`,
                handover_date: handover < '2026-11-28' ? handover : null,
                handover_place: handover < '2026-11-28' ? 'Kantor dinas (sintetis)' : null,
                handover_people_ct: null,
                signed_scan_ct: null,
                photo_ct: null,
                business_kind: 'KUE_ROTI',
                business_region: region,
                business_start: addDays(handover, 10),
                created_by: staffId,
                created_at: `${addDays(end, 5)}T02:00:00.000Z`,
                version: 3,
              });
              for (const months of [1, 3, 6, 12]) {
                const due = addMonthsClamped(end, months);
                const fid = randomUUID();
                const visited = due < '2026-11-20' && rnd.chance(0.85);
                followUps.push({
                  id: fid,
                  participant_id: p.id,
                  cohort_id: cohortId,
                  point_months: months,
                  due_date: due,
                  assignee_id: null,
                  status: visited ? 'DONE' : 'DUE',
                  cancel_reason: null,
                  created_at: `${addDays(end, 1)}T02:00:00.000Z`,
                  updated_at: `${visited ? due : addDays(end, 1)}T02:00:00.000Z`,
                  version: visited ? 2 : 1,
                });
                if (visited) {
                  const vid = randomUUID();
                  visits.push({
                    id: vid,
                    follow_up_id: fid,
                    participant_id: p.id,
                    date: due,
                    business_status: rnd.chance(0.7) ? 'RUNNING' : 'PAUSED',
                    income_band: '500K_1M',
                    answers_ct: key.seal(
                      'follow_up_visits',
                      'answers',
                      vid,
                      JSON.stringify({
                        method: 'HOME_VISIT',
                        kitInUse: 'YES',
                        housingStable: 'YES',
                        familySupport: 'YES',
                        healthAccess: 'YES',
                        documents: 'YES',
                        wellbeing: 4,
                        safetyConcern: false,
                        returnRisk: 'NO',
                      }),
                    ),
                    recorded_by: staffId,
                    created_at: `${due}T04:00:00.000Z`,
                  });
                  ev(`${due}T04:00:00.000Z`, {
                    action: 'followup.visit',
                    resourceType: 'follow_up',
                    resourceId: fid,
                    outcome: 'success',
                    detail: { participantId: p.id },
                  });
                }
              }
            }
          }
        }
      }
      // Outreach: about one contact for every two people registered that year.
      for (let i = 0; i < Math.round(people.length / 2); i++) {
        const region = rnd.pick(REGIONS);
        const date = addDays(`${year}-01-01`, rnd.int(0, 330));
        if (date > '2026-11-27') continue;
        const pid = randomUUID();
        prospects.push({
          id: pid,
          region_code: region,
          alias_index: null,
          alias_ct: null,
          status: 'OPEN',
          participant_id: null,
          created_at: `${date}T03:00:00.000Z`,
        });
        outreach.push({
          id: randomUUID(),
          prospect_id: pid,
          region_code: region,
          contact_date: date,
          place_kind: 'JALAN',
          channel: 'JANGKAUAN_JALANAN',
          topics: '["PROGRAM"]',
          materials: '[]',
          interest_level: 'MEDIUM',
          outcome: 'NOT_NOW',
          next_contact_date: null,
          came_voluntarily: null,
          worker_id: staffId,
          created_at: `${date}T03:00:00.000Z`,
          updated_at: `${date}T03:00:00.000Z`,
          version: 1,
        });
      }
      await insertMany(trx, 'cohorts', cohorts);
      await insertMany(trx, 'sessions_schedule', sessions);
      await insertMany(trx, 'enrollments', enrolments);
      await insertMany(trx, 'attendance', attendance);
      await insertMany(trx, 'assessments', assessments);
      await insertMany(trx, 'case_plans', plans);
      await insertMany(trx, 'allocations', allocations);
      await insertMany(trx, 'follow_ups', followUps);
      await insertMany(trx, 'follow_up_visits', visits);
      await refreshFollowUpStateInTx(
        trx,
        followUps.map((f) => f.participant_id as string),
      );
      await insertMany(trx, 'prospects', prospects);
      await insertMany(trx, 'outreach_contacts', outreach);
      // Stage moves: the participant row and one stage event per move (reason sealed under her key).
      const byFinal = new Map<string, string[]>();
      const events: Record<string, unknown>[] = [];
      for (const [id, moves] of stage) {
        const final = moves[moves.length - 1]!;
        const list = byFinal.get(final);
        if (list) list.push(id);
        else byFinal.set(final, [id]);
        moves.forEach((to, k) => {
          events.push({
            id: randomUUID(),
            participant_id: id,
            ordinal: k + 2,
            from_stage: k === 0 ? 'PENERIMAAN' : moves[k - 1],
            to_stage: to,
            kind: 'move',
            reason_ct: null,
            closure_reason: null,
            actor_id: staffId,
            approved_by: null,
            at: `${year}-12-31T00:00:00.000Z`,
          });
        });
      }
      for (const [final, ids] of byFinal) {
        for (let i = 0; i < ids.length; i += 500)
          await trx
            .updateTable('participants')
            .set((eb) => ({ stage: final, version: eb('version', '+', 1) }))
            .where('id', 'in', ids.slice(i, i + 500))
            .execute();
      }
      await insertMany(trx, 'stage_events', events);
      audit.sort((a, b) => a.at.getTime() - b.at.getTime());
      for (let i = 0; i < audit.length; i += 5000) {
        const chunk = audit.slice(i, i + 5000);
        // One append per chunk keeps the chain exact; the chunk carries each event's own time.
        for (const group of groupByTime(chunk)) await s.audit.appendInTx(trx, group.events, group.at);
      }
      for (const [t, r] of Object.entries({
        cohorts,
        sessions_schedule: sessions,
        enrollments: enrolments,
        attendance,
        assessments,
        allocations,
        follow_ups: followUps,
        follow_up_visits: visits,
        outreach_contacts: outreach,
        stage_events: events,
        audit,
      }))
        count(t, r.length);
    });
    log(`  ${year}: ${people.length} registered, ${rows.cohorts ?? 0} cohorts so far`);
  }
  return {
    participants: n,
    seconds: {
      participants: Math.round(tParticipants * 10) / 10,
      delivery: Math.round(((performance.now() - t1) / 1000) * 10) / 10,
    },
    probes: { codePrefix: 'BRD-6371-24-00', niks, names },
    rows,
  };
}

/** appendInTx stamps one time per call: group consecutive events of the same day. */
function groupByTime(items: { event: AuditEvent; at: Date }[]) {
  const out: { at: Date; events: AuditEvent[] }[] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (last && last.at.toISOString().slice(0, 10) === it.at.toISOString().slice(0, 10)) last.events.push(it.event);
    else out.push({ at: it.at, events: [it.event] });
  }
  return out;
}
