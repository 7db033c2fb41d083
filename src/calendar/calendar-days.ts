/**
 * What the calendar says about a day or a year, and where that comes from: for administrators
 * checking what they loaded, and for the readiness report. Pure: the caller passes the calendar
 * in force and the rows it was built from.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { Actor } from '../../machines/definition';
import { shanghaiDate, shiftDate, WorkingCalendar } from './calendar';
import type { CalendarDayRow, CalendarRows } from './calendar-store';

export type CalendarSource = 'STATUTORY' | 'OVERRIDE' | 'WEEKDAY_RULE';

export interface CalendarDayView {
  date: string;
  working: boolean;
  name: string | null;
  note: string | null;
  source: CalendarSource;
  /** the year is not known: the answer is the Monday–Friday guess */
  provisional: boolean;
  createdBy: Actor | null;
  createdAt: Date | null;
}

export interface CalendarYearView {
  year: number;
  known: boolean;
  /** STATUTORY: chinese-days knows it; OVERRIDE: an administrator marked it loaded; null: neither */
  source: Exclude<CalendarSource, 'WEEKDAY_RULE'> | null;
  overrideDays: number;
  loadedBy: Actor | null;
  loadedAt: Date | null;
  note: string | null;
}

export interface CalendarReadiness {
  knownYears: number[];
  nextYearLoaded: boolean;
  warning: string | null;
}

const HOLIDAYS: Record<string, string> = chineseDays.holidays;
const WORKDAYS: Record<string, string> = chineseDays.workdays;
/** the calendar without overrides: what chinese-days alone knows */
const STATUTORY = new WorkingCalendar();
const STATUTORY_YEARS = [...new Set(Object.keys(HOLIDAYS).map((d) => Number(d.slice(0, 4))))]
  .filter((y) => STATUTORY.knowsYear(y))
  .sort((a, b) => a - b);

export const isStatutoryYear = (year: number) => STATUTORY.knowsYear(year);

/** chinese-days entries read "National Day,国庆节,3": the Chinese name is the second part */
const chineseName = (entry: string) => entry.split(',')[1] ?? entry;

const yearOf = (date: string) => Number(date.slice(0, 4));

function describeDay(date: string, calendar: WorkingCalendar, override: CalendarDayRow | undefined): CalendarDayView {
  const common = { date, working: calendar.isWorkingDay(date), provisional: !calendar.knowsYear(yearOf(date)) };
  if (override) {
    const { name, note, createdBy, createdAt } = override;
    return { ...common, name, note, source: 'OVERRIDE', createdBy, createdAt };
  }
  const holiday = HOLIDAYS[date];
  const workday = WORKDAYS[date];
  const source = holiday || workday ? 'STATUTORY' : 'WEEKDAY_RULE';
  const name = holiday ? chineseName(holiday) : workday ? `${chineseName(workday)}调休补班` : null;
  return { ...common, name, note: null, source, createdBy: null, createdAt: null };
}

/** Every date from `from` to `to`, both included. */
export function describeDays(from: string, to: string, calendar: WorkingCalendar, rows: CalendarRows): CalendarDayView[] {
  const overrides = new Map(rows.days.map((d) => [d.date, d]));
  const views: CalendarDayView[] = [];
  for (let day = from; day <= to; day = shiftDate(day, 1)) views.push(describeDay(day, calendar, overrides.get(day)));
  return views;
}

export function describeYear(year: number, calendar: WorkingCalendar, rows: CalendarRows): CalendarYearView {
  const loaded = rows.years.find((y) => y.year === year);
  const source = isStatutoryYear(year) ? 'STATUTORY' : loaded ? 'OVERRIDE' : null;
  return {
    year,
    known: calendar.knowsYear(year),
    source,
    overrideDays: rows.days.filter((d) => yearOf(d.date) === year).length,
    loadedBy: loaded?.loadedBy ?? null,
    loadedAt: loaded?.loadedAt ?? null,
    note: loaded?.note ?? null,
  };
}

/** Known years, and years with override days that are not marked loaded yet (known: false). */
export function describeYears(calendar: WorkingCalendar, rows: CalendarRows): CalendarYearView[] {
  const years = new Set([...STATUTORY_YEARS, ...rows.years.map((y) => y.year), ...rows.days.map((d) => yearOf(d.date))]);
  return [...years].sort((a, b) => a - b).map((y) => describeYear(y, calendar, rows));
}

/**
 * For /readyz. A warning, never a failure: an unloaded year only makes deadlines provisional.
 * Warns all year when the current year is unknown, and in December when the next one is.
 */
export function calendarReadiness(calendar: WorkingCalendar, rows: CalendarRows, now: Date): CalendarReadiness {
  const today = shanghaiDate(now);
  const year = yearOf(today);
  const knownYears = describeYears(calendar, rows)
    .filter((y) => y.known)
    .map((y) => y.year);
  const nextYearLoaded = calendar.knowsYear(year + 1);
  let warning: string | null = null;
  if (!calendar.knowsYear(year)) {
    warning = `the statutory calendar of ${year} is not loaded: deadlines this year are computed Monday–Friday and marked provisional; load the State Council notice (setCalendarDays)`;
  } else if (today.slice(5, 7) === '12' && !nextYearLoaded) {
    warning = `the statutory calendar of ${year + 1} is not loaded: deadlines falling in ${year + 1} are provisional; load the State Council notice (setCalendarDays with markYearLoaded: ${year + 1})`;
  }
  return { knownYears, nextYearLoaded, warning };
}
