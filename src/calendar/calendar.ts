/**
 * Working days (工作日) of the PRC statutory calendar, Asia/Shanghai.
 *
 * Base data comes from chinese-days (holidays and adjusted working days, 调休). Overrides let an
 * administrator load a year the package does not know yet. A date in a year neither source knows
 * is never guessed silently: it is computed Monday–Friday and the result is marked provisional.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has had no DST since 1991

export interface CalendarOverride {
  date: string;
  working: boolean;
}

export interface DayResult {
  date: string;
  /** true when some day on the way lies in a year the calendar does not know */
  provisional: boolean;
}

function yearsOf(dates: Iterable<string>): Set<number> {
  const years = new Set<number>();
  for (const d of dates) years.add(Number(d.slice(0, 4)));
  return years;
}

const BASE_HOLIDAYS = new Set(Object.keys(chineseDays.holidays));
const BASE_WORKDAYS = new Set(Object.keys(chineseDays.workdays));
const BASE_YEARS = yearsOf(BASE_HOLIDAYS);

/** Shifts a YYYY-MM-DD date by whole days. */
export function shiftDate(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 24:00 Asia/Shanghai at the end of a date (= 00:00 of the next day). */
export function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000 - SHANGHAI_OFFSET_MS);
}

/** Answers of addWorkingDays one calendar keeps; beyond it, it starts afresh. */
const MEMO_LIMIT = 10_000;

/** Immutable: a change to the days makes a new calendar, so its answers can be kept. */
export class WorkingCalendar {
  private readonly overrides: Map<string, boolean>;
  private readonly knownYears: Set<number>;
  /** every transition of an item recomputes its deadlines from the same few dates */
  private readonly memo = new Map<string, DayResult>();

  /** `loadedYears`: years an administrator declared complete in the override table. */
  constructor(overrides: readonly CalendarOverride[] = [], loadedYears: Iterable<number> = []) {
    this.overrides = new Map(overrides.map((o) => [o.date, o.working]));
    this.knownYears = new Set([...BASE_YEARS, ...loadedYears]);
  }

  knowsYear(year: number): boolean {
    return this.knownYears.has(year);
  }

  isWorkingDay(date: string): boolean {
    const override = this.overrides.get(date);
    if (override !== undefined) return override;
    if (BASE_HOLIDAYS.has(date)) return false;
    if (BASE_WORKDAYS.has(date)) return true;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The n-th working day after `date` (n > 0), or before it (n < 0); `date` itself is not
   * counted. n = 0 returns `date`.
   */
  addWorkingDays(date: string, n: number): DayResult {
    const key = `${date}|${n}`;
    const known = this.memo.get(key);
    if (known) return { ...known };
    const result = this.countWorkingDays(date, n);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, result);
    return { ...result };
  }

  private countWorkingDays(date: string, n: number): DayResult {
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let day = date;
    let provisional = false;
    while (remaining > 0) {
      day = shiftDate(day, step);
      if (!this.knowsYear(Number(day.slice(0, 4)))) provisional = true;
      if (this.isWorkingDay(day)) remaining--;
    }
    return { date: day, provisional };
  }
}
