// The annual report's main counts for one year and the whole province, written by hand as a few grouped
// queries: the baseline the report module is compared with (same figures, no per-cohort round trips).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/server/db/schema.ts';

export async function handWrittenAnnual(db: Kysely<Database>, year: number, pg = false) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // Entered more than 30 days after the day it happened (the office day of the entry, WITA).
  const late = (day: string, entered: string) =>
    pg
      ? sql.raw(
          `CASE WHEN (${day}::date + 30) < (${entered}::timestamptz AT TIME ZONE 'UTC' + interval '8 hours')::date THEN 1 ELSE 0 END`,
        )
      : sql.raw(`CASE WHEN date(${day}, '+30 days') < date(${entered}, '+8 hours') THEN 1 ELSE 0 END`);
  const q = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Record<string, unknown>[];
  return {
    outreach: await q(
      sql`SELECT region_code, count(*) AS n FROM outreach_contacts WHERE contact_date BETWEEN ${from} AND ${to} GROUP BY region_code`,
    ),
    prospects: await q(
      sql`SELECT p.region_code, count(*) AS n FROM prospects p JOIN (SELECT prospect_id, min(contact_date) AS first FROM outreach_contacts GROUP BY prospect_id) f ON f.prospect_id = p.id WHERE f.first BETWEEN ${from} AND ${to} GROUP BY p.region_code`,
    ),
    registered: await q(
      sql`SELECT region_code, count(*) AS n, sum(${late('registered_on', 'created_at')}) AS late FROM participants WHERE registered_on BETWEEN ${from} AND ${to} GROUP BY region_code`,
    ),
    assessed: await q(
      sql`SELECT p.region_code, count(DISTINCT a.participant_id) AS n, sum(${late('a.assessed_on', 'a.assessed_at')}) AS late FROM assessments a JOIN participants p ON p.id = a.participant_id WHERE a.assessed_on BETWEEN ${from} AND ${to} GROUP BY p.region_code`,
    ),
    enrolment: await q(
      sql`SELECT c.id, c.region_code, e.status, count(*) AS n, sum(${late('e.enrolled_on', 'e.created_at')}) AS late FROM enrollments e JOIN cohorts c ON c.id = e.cohort_id WHERE c.start_date BETWEEN ${from} AND ${to} AND e.status <> 'WAITLISTED' GROUP BY c.id, c.region_code, e.status`,
    ),
    cohortAttendance: await q(
      sql`SELECT s.cohort_id, count(*) AS total, sum(CASE WHEN a.status IN ('PRESENT', 'LATE') THEN 1 ELSE 0 END) AS attended FROM attendance a JOIN sessions_schedule s ON s.id = a.session_id JOIN cohorts c ON c.id = s.cohort_id WHERE c.start_date BETWEEN ${from} AND ${to} AND c.status <> 'CANCELLED' AND s.cancelled = 0 GROUP BY s.cohort_id`,
    ),
    byType: await q(
      sql`SELECT s.type, count(DISTINCT s.id) AS sessions, count(a.session_id) AS marks, sum(CASE WHEN a.status IN ('PRESENT', 'LATE') THEN 1 ELSE 0 END) AS attended FROM sessions_schedule s JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN attendance a ON a.session_id = s.id WHERE c.start_date BETWEEN ${from} AND ${to} AND c.status <> 'CANCELLED' AND s.cancelled = 0 GROUP BY s.type`,
    ),
    aid: await q(
      sql`SELECT c.region_code, count(*) AS kits, sum(a.value) AS value FROM allocations a JOIN cohorts c ON c.id = a.cohort_id WHERE a.status = 'HANDED_OVER' AND a.handover_date BETWEEN ${from} AND ${to} GROUP BY c.region_code`,
    ),
    partners: await q(
      sql`SELECT p.id, p.name, s.start_time, s.end_time, count(*) AS n FROM sessions_schedule s JOIN cohorts c ON c.id = s.cohort_id JOIN partners p ON p.id = s.partner_id WHERE s.cancelled = 0 AND s.date BETWEEN ${from} AND ${to} GROUP BY p.id, p.name, s.start_time, s.end_time`,
    ),
    equipmentUse: await q(
      sql`SELECT (SELECT v.equipment_use FROM follow_up_visits v WHERE v.equipment_allocation_id = a.id AND v.equipment_use IS NOT NULL ORDER BY v.date, v.created_at LIMIT 1) AS first_use FROM allocations a JOIN cohorts c ON c.id = a.cohort_id WHERE a.status = 'HANDED_OVER' AND a.handover_date BETWEEN ${from} AND ${to}`,
    ),
    followUp: await q(
      sql`SELECT f.point_months, count(DISTINCT f.id) AS due, sum(CASE WHEN f.status = 'DONE' THEN 1 ELSE 0 END) AS reached, sum(CASE WHEN v.business_status = 'RUNNING' THEN 1 ELSE 0 END) AS running FROM follow_ups f JOIN cohorts c ON c.id = f.cohort_id LEFT JOIN follow_up_visits v ON v.follow_up_id = f.id WHERE c.start_date BETWEEN ${from} AND ${to} AND c.status <> 'CANCELLED' AND f.status <> 'CANCELLED' GROUP BY f.point_months`,
    ),
  };
}
