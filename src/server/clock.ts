// Time comes from a clock the tests can control (due dates, timeouts, lockouts, and how long a cache keeps
// what it holds). Timers only wake the process; what is due is decided by the clock.
import { performance } from 'node:perf_hooks';
import { OFFICE_ZONE, todayIn } from '../shared/calendar.ts';

export interface Clock {
  /** The date and time now (for what is stored and shown). */
  now(): Date;
  /** Milliseconds on a clock that never goes back, for measuring how long something has been held. */
  ticks(): number;
}
export const systemClock: Clock = { now: () => new Date(), ticks: () => performance.now() };

/** A clock that stands still until a test moves it (both readings move together). */
export class ManualClock implements Clock {
  constructor(private t: number = Date.now()) {}
  now(): Date {
    return new Date(this.t);
  }
  ticks(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(d: Date): void {
    this.t = d.getTime();
  }
}

export const iso = (d: Date): string => d.toISOString();

/** Today's date in the office's time zone (from its province: WITA for South Kalimantan), the date its people live by. */
export function officeToday(clock: Clock): string {
  return todayIn(OFFICE_ZONE, clock.now());
}
