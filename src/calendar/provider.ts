/** Hands the engine the calendar in force; reloadable when administrators change overrides. */
import { shanghaiDate, WorkingCalendar, type CalendarOverride } from './calendar';

export interface WorkflowCalendar {
  current(): WorkingCalendar;
  /** today's date in Asia/Shanghai */
  today(now: Date): string;
}

export class CalendarProvider implements WorkflowCalendar {
  private calendar: WorkingCalendar;

  constructor(overrides: readonly CalendarOverride[] = [], loadedYears: Iterable<number> = []) {
    this.calendar = new WorkingCalendar(overrides, loadedYears);
  }

  current(): WorkingCalendar {
    return this.calendar;
  }

  today(now: Date): string {
    return shanghaiDate(now);
  }

  replace(overrides: readonly CalendarOverride[], loadedYears: Iterable<number>): void {
    this.calendar = new WorkingCalendar(overrides, loadedYears);
  }
}
