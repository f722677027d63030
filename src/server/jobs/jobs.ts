// The server's scheduled jobs, each pass run by one instance (scheduler.ts): once a WITA day, or once a period
// (everyMinutes). To add one, append a { name, run } here: its passes are recorded in job_runs under that name.
import type { Services } from '../context.ts';
import { checkpointHead } from '../audit/checkpoints.ts';
import { ensureAuditMonths } from '../db/partitions.ts';
import { systemRepo } from '../modules/repository.ts';
import type { ScheduledJob } from './scheduler.ts';

/** Anonymises the cases closed longer than BERDAYA_RETENTION_YEARS (the CLI runs the same on demand). */
export function retentionJob(services: Services): ScheduledJob {
  return {
    name: 'retention',
    async run() {
      const r = await systemRepo(services, 'retention', 'daily retention of closed cases').protection.runRetention(
        services.config.retentionYears,
        false,
      );
      // How many, not which: the cases' codes stay in the audit log's erasure events.
      return { years: r.years, anonymised: r.anonymised };
    },
  };
}

export const CHECKPOINT_JOB = 'audit-checkpoint';
/** Every half hour: with the scheduler's ten-minute checks, never more than forty minutes between two. */
export const CHECKPOINT_EVERY_MINUTES = 30;
/** The checkpoint job's own passes in job_runs are kept this long (48 a day). */
const CHECKPOINT_RUNS_KEPT_DAYS = 7;

/** Writes the audit chain's head, signed, to the checkpoint file outside the database (decision 031). */
export function checkpointJob(services: Services): ScheduledJob {
  return {
    name: CHECKPOINT_JOB,
    everyMinutes: CHECKPOINT_EVERY_MINUTES,
    async run() {
      const db = services.db.kysely;
      const c = await checkpointHead(
        db,
        services.config.auditCheckpoints,
        services.keys.subkey('audit-checkpoints'),
        services.clock.now(),
        'scheduled',
      );
      // Period keys sort as text ('2026-03-02T01:30Z'), so older passes are those below the cut-off's.
      const cutoff = new Date(services.clock.now().getTime() - CHECKPOINT_RUNS_KEPT_DAYS * 86_400_000).toISOString();
      await db
        .deleteFrom('job_runs')
        .where('job', '=', CHECKPOINT_JOB)
        .where('day', '<', cutoff.slice(0, 16))
        .execute();
      return { seq: c.seq };
    },
  };
}

/**
 * PostgreSQL: makes this month's and the next months' audit partitions ahead of need (decision 042), through the
 * owner's function the application's role may call. Entries of a month without one go to the DEFAULT partition.
 */
export function auditPartitionsJob(services: Services): ScheduledJob {
  return {
    name: 'audit-partitions',
    async run() {
      return { made: await ensureAuditMonths(services.db, services.clock.now()) };
    },
  };
}

export function dailyJobs(services: Services): ScheduledJob[] {
  return [retentionJob(services), checkpointJob(services), auditPartitionsJob(services)];
}
