// Scheduled work that must run once a day, whichever of several app instances is up (decision 015).
// Each pass of a job belongs to a calendar day in WITA (the office's day). At start and then every few
// minutes each instance checks its jobs: the first to insert the (job, day) row in job_runs runs the pass,
// the others see the row and skip it. While it runs the holder renews a lease on the row; a pass whose
// holder died (lease run out, never finished) or that failed is taken over by the next check of any
// instance (up to JOB_MAX_ATTEMPTS a day). The finished row records the outcome and what the pass did.
// A job may instead run once every few minutes (everyMinutes, e.g. the audit checkpoint): its passes are then
// keyed by the period's start in UTC (`2026-03-02T01:30Z`) in the same column, with the same claim and lease.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { officeToday } from '../clock.ts';

export interface ScheduledJob {
  /** Unique; the key of its passes in job_runs. */
  name: string;
  /**
   * Run once per period of this many minutes (a divisor of 1440) instead of once a WITA day. A pass may start
   * up to the check interval (JOB_CHECK_MS) after its period begins.
   */
  everyMinutes?: number;
  /** One pass; what it returns is recorded as the pass's detail (keep it free of personal data). */
  run(): Promise<Record<string, unknown> | undefined>;
}

export interface SchedulerOptions {
  /** How often to look for a pass that has not run today (real time). */
  checkEveryMs?: number;
  /** How long a claimed pass is held without a renewal (by the injected clock). */
  leaseMs?: number;
  /** How often a running pass renews its lease (real time). */
  renewEveryMs?: number;
  log?: (msg: string) => void;
}

export interface PassResult {
  job: string;
  day: string;
  outcome: 'success' | 'failure';
  detail: Record<string, unknown>;
}

export const JOB_CHECK_MS = 10 * 60_000;
export const JOB_LEASE_MS = 10 * 60_000;
/** A day's pass is tried at most this often (failures and holders that died); the next day starts afresh. */
export const JOB_MAX_ATTEMPTS = 5;

/** The key of the period of `minutes` that `at` falls in: its start in UTC, to the minute (`2026-03-02T01:30Z`). */
export function periodKey(at: Date, minutes: number): string {
  const ms = minutes * 60_000;
  return `${new Date(Math.floor(at.getTime() / ms) * ms).toISOString().slice(0, 16)}Z`;
}

export class Scheduler {
  /** This instance's random id, written into the passes it claims. */
  readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassResult[]> | null = null;
  private readonly checkEveryMs: number;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly log: (msg: string) => void;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly jobs: ScheduledJob[],
    opts: SchedulerOptions = {},
  ) {
    this.checkEveryMs = opts.checkEveryMs ?? JOB_CHECK_MS;
    this.leaseMs = opts.leaseMs ?? JOB_LEASE_MS;
    this.renewEveryMs = opts.renewEveryMs ?? Math.max(1000, Math.floor(this.leaseMs / 4));
    this.log = opts.log ?? (() => {});
  }

  /** Checks now, then every checkEveryMs. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.checkEveryMs);
    this.timer.unref();
    this.kick();
  }

  private kick(): void {
    if (this.running) return; // a long pass is still running: the next check comes after it
    this.running = this.runDue()
      .catch((err: unknown) => {
        this.log(`scheduled jobs check failed: ${err instanceof Error ? err.message : String(err)}`);
        return [];
      })
      .finally(() => {
        this.running = null;
      });
  }

  /** One check: runs each job whose pass for today this instance could claim. Returns the passes it ran. */
  async runDue(): Promise<PassResult[]> {
    const ran: PassResult[] = [];
    for (const job of this.jobs) {
      const day = job.everyMinutes ? periodKey(this.clock.now(), job.everyMinutes) : officeToday(this.clock);
      if (!(await this.claim(job.name, day))) continue;
      ran.push(await this.runClaimed(job, day));
    }
    return ran;
  }

  /**
   * Claims the job's pass for the day, atomically: the insert of its (job, day) row, or — when the row is
   * there — the take-over of a pass whose holder's lease ran out before it finished, or that failed.
   */
  private async claim(job: string, day: string): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const lease = this.leaseUntil();
    const inserted = await this.db
      .insertInto('job_runs')
      .values({
        job,
        day,
        instance_id: this.instanceId,
        started_at: now,
        lease_expires_at: lease,
        attempts: 1,
        finished_at: null,
        outcome: null,
        detail: null,
      })
      .onConflict((oc) => oc.columns(['job', 'day']).doNothing())
      .returning('job')
      .execute();
    if (inserted.length === 1) return true;
    const taken = await this.db
      .updateTable('job_runs')
      .set((eb) => ({
        instance_id: this.instanceId,
        started_at: now,
        lease_expires_at: lease,
        attempts: eb('attempts', '+', 1),
        finished_at: null,
        outcome: null,
        detail: null,
      }))
      .where('job', '=', job)
      .where('day', '=', day)
      .where('attempts', '<', JOB_MAX_ATTEMPTS)
      .where((eb) =>
        eb.or([
          eb.and([eb('finished_at', 'is', null), eb('lease_expires_at', '<', now)]),
          eb('outcome', '=', 'failure'),
        ]),
      )
      .returning('attempts')
      .execute();
    if (taken.length === 1) this.log(`job ${job}: the pass of ${day} is taken over (attempt ${taken[0]!.attempts})`);
    return taken.length === 1;
  }

  private async runClaimed(job: ScheduledJob, day: string): Promise<PassResult> {
    const renewal = setInterval(() => {
      this.db
        .updateTable('job_runs')
        .set({ lease_expires_at: this.leaseUntil() })
        .where('job', '=', job.name)
        .where('day', '=', day)
        .where('instance_id', '=', this.instanceId)
        .where('finished_at', 'is', null)
        .execute()
        .catch((err: unknown) => this.log(`job ${job.name}: lease renewal failed: ${String(err)}`));
    }, this.renewEveryMs);
    renewal.unref();
    let result: PassResult;
    try {
      result = { job: job.name, day, outcome: 'success', detail: (await job.run()) ?? {} };
    } catch (err) {
      result = {
        job: job.name,
        day,
        outcome: 'failure',
        detail: { error: (err instanceof Error ? err.message : String(err)).slice(0, 500) },
      };
      this.log(`job ${job.name} (${day}) failed: ${result.detail.error as string}`);
    } finally {
      clearInterval(renewal);
    }
    // Recorded only while the pass is still this instance's: after a take-over the new holder's row stands.
    const recorded = await this.db
      .updateTable('job_runs')
      .set({
        finished_at: this.clock.now().toISOString(),
        outcome: result.outcome,
        detail: JSON.stringify(result.detail),
      })
      .where('job', '=', job.name)
      .where('day', '=', day)
      .where('instance_id', '=', this.instanceId)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (Number(recorded.numUpdatedRows) !== 1)
      this.log(`job ${job.name} (${day}) finished after another instance had taken its pass over`);
    return result;
  }

  private leaseUntil(): string {
    return new Date(this.clock.now().getTime() + this.leaseMs).toISOString();
  }

  /** Waits for the current check (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }
}
