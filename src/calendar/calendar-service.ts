/**
 * The working-day calendar as the API offers it: anyone signed in may ask; ADMIN (who operates
 * the system) and OFFICE (督查室, who receives the State Council notice and owns the deadlines)
 * may change it. Every input is checked here, before anything is written.
 */
import { z } from 'zod';
import { isoDate } from '../../machines/common.schemas';
import type { Actor, Role } from '../../machines/definition';
import type { Clock } from '../kernel/clock';
import { badInput, ErrorCode, WorkflowError, type InvalidField } from '../kernel/errors';
import type { DayResult } from './calendar';
import {
  calendarReadiness,
  describeDays,
  describeYear,
  describeYears,
  isStatutoryYear,
  type CalendarDayView,
  type CalendarReadiness,
  type CalendarYearView,
} from './calendar-days';
import type { CalendarStore } from './calendar-store';
import type { CalendarProvider } from './provider';

export const CALENDAR_MAINTAINERS: readonly Role[] = ['ADMIN', 'OFFICE'];
export const MAX_RANGE_DAYS = 400;
export const MAX_SHIFT_DAYS = 366;
export const MAX_BATCH_DAYS = 400;
const YEARS = { min: 2000, max: 2100 }; // as the calendar_year CHECK constraint

export interface CalendarDayInput {
  date: string;
  working: boolean;
  name?: string | null;
  note?: string | null;
}

export interface CalendarService {
  days(from: string, to: string): CalendarDayView[];
  years(): CalendarYearView[];
  isWorkingDay(date: string): boolean;
  addWorkingDays(date: string, days: number): DayResult;
  setDays(actor: Actor, days: CalendarDayInput[], markYearLoaded: number | null): Promise<CalendarDayView[]>;
  removeDay(actor: Actor, date: string): Promise<boolean>;
  setYearLoaded(actor: Actor, year: number, loaded: boolean, note: string | null): Promise<CalendarYearView>;
  readiness(now: Date): CalendarReadiness;
}

const year = z.number().int().min(YEARS.min).max(YEARS.max);
const writableDate = isoDate.refine((d) => year.safeParse(Number(d.slice(0, 4))).success, {
  message: `the year must be ${YEARS.min} to ${YEARS.max}`,
});
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => s || null);
const dayInput = z.object({ date: writableDate, working: z.boolean(), name: optionalText(100), note: optionalText(2000) });
const batch = z
  .array(dayInput)
  .max(MAX_BATCH_DAYS)
  .superRefine((days, ctx) => {
    const seen = new Set<string>();
    days.forEach((d, i) => {
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${d.date} is listed twice` });
      seen.add(d.date);
    });
  });

/** Parses `value` or refuses with BAD_USER_INPUT naming the field(s) under `path`. */
function parse<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // zod reports every failed check ('abc' is neither YYYY-MM-DD nor a real date): keep the first per field
  const fields = new Map<string, InvalidField>();
  for (const issue of result.error.issues) {
    const at = [path, ...issue.path].join('.');
    if (!fields.has(at)) fields.set(at, { path: at, message: issue.message });
  }
  throw badInput(`invalid ${path}`, [...fields.values()]);
}

export class CalendarAdmin implements CalendarService {
  constructor(
    private readonly store: CalendarStore,
    private readonly provider: CalendarProvider,
    private readonly clock: Clock,
    /** runs after every change, before the mutation answers: deadlines follow the calendar */
    private readonly afterChange: () => Promise<unknown> = async () => undefined,
  ) {}

  days(from: string, to: string): CalendarDayView[] {
    parse(isoDate, from, 'from');
    parse(isoDate, to, 'to');
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (span < 1) throw badInput('invalid range', [{ path: 'to', message: 'must not be before from' }]);
    if (span > MAX_RANGE_DAYS) {
      throw badInput('range too long', [{ path: 'to', message: `at most ${MAX_RANGE_DAYS} days from \`from\`` }]);
    }
    return describeDays(from, to, this.provider.current(), this.store.current());
  }

  years(): CalendarYearView[] {
    return describeYears(this.provider.current(), this.store.current());
  }

  isWorkingDay(date: string): boolean {
    return this.provider.current().isWorkingDay(parse(isoDate, date, 'date'));
  }

  addWorkingDays(date: string, days: number): DayResult {
    parse(isoDate, date, 'date');
    parse(z.number().int().min(-MAX_SHIFT_DAYS).max(MAX_SHIFT_DAYS), days, 'days');
    return this.provider.current().addWorkingDays(date, days);
  }

  /** How an office loads a State Council notice: every day of it, and the year, in one call. */
  async setDays(actor: Actor, days: CalendarDayInput[], markYearLoaded: number | null): Promise<CalendarDayView[]> {
    authorize(actor);
    const parsed = parse(batch, days, 'days');
    if (markYearLoaded != null) parse(year, markYearLoaded, 'markYearLoaded');
    if (!parsed.length && markYearLoaded == null) {
      throw badInput('nothing to set', [{ path: 'days', message: 'give at least one day, or markYearLoaded' }]);
    }
    const mark = markYearLoaded == null ? null : this.mark(markYearLoaded, null);
    await this.store.setDays(parsed, mark, actor, this.clock.now());
    await this.afterChange();
    const rows = this.store.current();
    const calendar = this.provider.current();
    return parsed
      .map((d) => d.date)
      .sort()
      .flatMap((d) => describeDays(d, d, calendar, rows));
  }

  async removeDay(actor: Actor, date: string): Promise<boolean> {
    authorize(actor);
    const removed = await this.store.removeDay(parse(isoDate, date, 'date'));
    if (removed) await this.afterChange();
    return removed;
  }

  async setYearLoaded(actor: Actor, y: number, loaded: boolean, note: string | null): Promise<CalendarYearView> {
    authorize(actor);
    parse(year, y, 'year');
    const text = parse(optionalText(2000), note, 'note');
    if (loaded) await this.store.markYearLoaded(this.mark(y, text), actor, this.clock.now());
    else await this.store.unmarkYearLoaded(y);
    await this.afterChange();
    return describeYear(y, this.provider.current(), this.store.current());
  }

  readiness(now: Date): CalendarReadiness {
    return calendarReadiness(this.provider.current(), this.store.current(), now);
  }

  private mark(y: number, note: string | null) {
    // a year chinese-days knows is complete anyway; any other must have its days loaded first
    return { year: y, note, requireDays: !isStatutoryYear(y) };
  }
}

function authorize(actor: Actor): void {
  if (!actor.roles.some((r) => CALENDAR_MAINTAINERS.includes(r))) {
    throw new WorkflowError(ErrorCode.FORBIDDEN, `only ${CALENDAR_MAINTAINERS.join(' or ')} may change the calendar`);
  }
}
