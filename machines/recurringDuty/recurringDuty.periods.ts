/**
 * Periods of a recurring duty as calendar dates (YYYY-MM-DD, Asia/Shanghai): pure date arithmetic,
 * no clock. A period is a calendar week (Monday to Sunday), month, quarter or year.
 */
import type { CurrentPeriod, DutyInput, PeriodKind } from './recurringDuty.types';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000; // no DST in China since 1991

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar date of an ISO instant (an event's `at`). */
export const shanghaiDay = (at: string): string => new Date(Date.parse(at) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

export function isPeriodStart(kind: PeriodKind, date: string): boolean {
  const [, m, d] = parts(date);
  if (kind === 'WEEK') return weekday(date) === 1;
  if (kind === 'MONTH') return d === 1;
  if (kind === 'QUARTER') return d === 1 && (m - 1) % 3 === 0;
  return d === 1 && m === 1;
}

/** The first day of the period that contains `date`. */
export function periodStartContaining(kind: PeriodKind, date: string): string {
  const [y, m] = parts(date);
  if (kind === 'WEEK') return addDays(date, -((weekday(date) + 6) % 7));
  if (kind === 'MONTH') return `${y}-${pad(m)}-01`;
  if (kind === 'QUARTER') return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
  return `${y}-01-01`;
}

/** The last day of the period starting on `start`. */
export function periodEndOf(kind: PeriodKind, start: string): string {
  const [y, m] = parts(start);
  if (kind === 'WEEK') return addDays(start, 6);
  if (kind === 'MONTH') return `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}`;
  if (kind === 'QUARTER') return `${y}-${pad(m + 2)}-${pad(lastDayOfMonth(y, m + 2))}`;
  return `${y}-12-31`;
}

export function periodLabel(kind: PeriodKind, start: string): string {
  const [y, m] = parts(start);
  if (kind === 'WEEK') return `${start}起当周`;
  if (kind === 'MONTH') return `${y}年${m}月`;
  if (kind === 'QUARTER') return `${y}年第${(m + 2) / 3}季度`;
  return `${y}年`;
}

/**
 * The days an occurrence may fall on: the whole period, or for a target day (每月20日左右) the
 * days within the tolerance of it, clamped to the month (a 31st target is the 30th in April).
 */
export function countingWindow(duty: Pick<DutyInput, 'period' | 'target'>, start: string): { start: string; end: string } {
  const end = periodEndOf(duty.period, start);
  // a target day is a day of the month (the start check refuses it on other periods)
  if (!duty.target || duty.period !== 'MONTH') return { start, end };
  const [y, m] = parts(start);
  const day = `${y}-${pad(m)}-${pad(Math.min(duty.target.day, lastDayOfMonth(y, m)))}`;
  const from = addDays(day, -duty.target.toleranceDays);
  const to = addDays(day, duty.target.toleranceDays);
  return { start: from < start ? start : from, end: to > end ? end : to };
}

/** The deadline's kind for a period: one kind per period, so a missed one can stay on record. */
export const periodDeadlineKind = (periodStart: string) => `period:${periodStart}`;

/** A fresh period starting on `start`, nothing recorded yet. */
export function openPeriod(duty: Pick<DutyInput, 'period' | 'target' | 'minimum' | 'share'>, start: string): CurrentPeriod {
  const window = countingWindow(duty, start);
  return {
    periodStart: start,
    periodEnd: periodEndOf(duty.period, start),
    windowStart: window.start,
    dueDate: window.end,
    periodLabel: periodLabel(duty.period, start),
    occurrences: [],
    done: 0,
    required: duty.minimum,
    shareDone: duty.share ? 0 : null,
  };
}

/** The first period, from `today` on, whose window has not closed: where a resumed duty goes on. */
export function firstOpenPeriodFrom(duty: Pick<DutyInput, 'period' | 'target'>, today: string): string {
  const start = periodStartContaining(duty.period, today);
  return countingWindow(duty, start).end < today ? addDays(periodEndOf(duty.period, start), 1) : start;
}
