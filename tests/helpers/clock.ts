import type { Clock } from '../../src/kernel/clock';

/**
 * The day the suites' inputs are written for: Monday 2 November 2026, 09:00 in Zhaoyuan. A
 * server a test starts without a clock of its own runs from here (see RunningClock), so dated
 * inputs such as a letter's `dueDate: '2026-12-31'` and the calendar they are checked against
 * stay the same whatever day the suite runs on.
 */
export const SUITE_DAY = '2026-11-02T01:00:00.000Z';

/** A clock tests move by hand: nobody sleeps for days. */
export class TestClock implements Clock {
  private current: Date;

  constructor(start: string | Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: string | Date): void {
    this.current = new Date(to);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A clock that starts at `start` and then runs at the wall clock's pace: retries, polls and
 * leases see time pass as they would, while the calendar stays where the suite's inputs expect.
 */
export class RunningClock implements Clock {
  private readonly offsetMs: number;

  constructor(start: string | Date) {
    this.offsetMs = new Date(start).getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/**
 * For servers started as a child process, which run on the wall clock: a due date `days`
 * calendar days after today in Zhaoyuan (UTC+8), as YYYY-MM-DD.
 */
export function wallClockDueDate(days = 60): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
