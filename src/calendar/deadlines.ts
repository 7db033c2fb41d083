/**
 * Turns the deadlines a state declares (machines/definition.ts DeadlineSpec) into instants, and
 * derives the 蓝黄红 alert level from them.
 */
import type { DeadlineSpec } from '../../machines/definition';
import { partyTokens } from '../../machines/parties';
import { endOfShanghaiDay, shanghaiDate, type WorkingCalendar } from './calendar';

export type AlertLevel = 'BLUE' | 'YELLOW' | 'RED';
export const ALERT_LEVELS: readonly AlertLevel[] = ['BLUE', 'YELLOW', 'RED'];

export interface Deadline {
  kind: string;
  label: string;
  due: Date;
  warnAt: Date;
  /** computed for a year the calendar does not know yet (weekends-only), to be recomputed */
  provisional: boolean;
  /** party tokens told when the deadline passes */
  escalateTo: string[];
}

const laterOf = (a: Date, b: Date) => (a > b ? a : b);

export function resolveDeadline(spec: DeadlineSpec, calendar: WorkingCalendar): Deadline {
  const { kind, label } = spec;
  const escalateTo = partyTokens(spec.escalateTo);
  if ('minutes' in spec) {
    const from = Date.parse(spec.from);
    const allowed = spec.minutes * 60_000;
    return {
      kind,
      label,
      due: new Date(from + allowed),
      warnAt: new Date(from + allowed * 0.75),
      provisional: false,
      escalateTo,
    };
  }
  if ('workingDays' in spec && spec.graceWorkingDays) {
    // a periodic report: YELLOW once the report is late, RED when the grace is over too
    const from = new Date(spec.from);
    const late = calendar.addWorkingDays(shanghaiDate(from), spec.workingDays);
    const red = calendar.addWorkingDays(late.date, spec.graceWorkingDays);
    return {
      kind,
      label,
      due: endOfShanghaiDay(red.date),
      warnAt: endOfShanghaiDay(late.date),
      provisional: late.provisional || red.provisional,
      escalateTo,
    };
  }
  const warnDays = spec.warnWorkingDays ?? 1;
  let dueDay: string;
  let provisional: boolean;
  let from: Date | null = null;
  if ('workingDays' in spec) {
    from = new Date(spec.from);
    const result = calendar.addWorkingDays(shanghaiDate(from), spec.workingDays);
    dueDay = result.date;
    provisional = result.provisional;
  } else {
    dueDay = spec.date;
    provisional = !calendar.knowsYear(Number(spec.date.slice(0, 4)));
  }
  const warnDay = calendar.addWorkingDays(dueDay, -warnDays);
  const warnAt = endOfShanghaiDay(warnDay.date);
  return {
    kind,
    label,
    due: endOfShanghaiDay(dueDay),
    warnAt: from ? laterOf(warnAt, from) : warnAt,
    provisional: provisional || warnDay.provisional,
    escalateTo,
  };
}

/** The level at `now` of a workflow whose nearest deadline is `due`, warned from `warnAt`. */
export function alertLevelAt(due: Date | null, warnAt: Date | null, now: Date): AlertLevel {
  if (!due) return 'BLUE';
  if (now >= due) return 'RED';
  if (warnAt && now >= warnAt) return 'YELLOW';
  return 'BLUE';
}

/** The nearest due time and the earliest warning among a state's deadlines. */
export function nearest(deadlines: readonly Deadline[]): { due: Date | null; warnAt: Date | null; provisional: boolean } {
  let due: Date | null = null;
  let warnAt: Date | null = null;
  for (const d of deadlines) {
    if (!due || d.due < due) due = d.due;
    if (!warnAt || d.warnAt < warnAt) warnAt = d.warnAt;
  }
  return { due, warnAt, provisional: deadlines.some((d) => d.provisional) };
}
