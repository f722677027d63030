// The server's daily jobs, each run once a WITA day by one instance (scheduler.ts). To add one (e.g. an
// audit checkpoint), append a { name, run } here: its passes are recorded in job_runs under that name.
import type { Services } from '../context.ts';
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

export function dailyJobs(services: Services): ScheduledJob[] {
  return [retentionJob(services)];
}
