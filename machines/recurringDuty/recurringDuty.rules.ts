/**
 * 常态化履职: the quota and the checks the machine's guards and the definition share. Pure
 * functions of the duty, the context and a date.
 */
import type { Actor, PayloadIssue } from '../definition';
import { addDays, countingWindow, isPeriodStart, periodEndOf } from './recurringDuty.periods';
import { MAKE_UP_KIND, type DutyContext, type DutyInput, type Occurrence, type PeriodRecord } from './recurringDuty.types';

/** The clause, as a refusal cites it: 第14条“市政府领导班子成员每月至少安排1天接待群众来访”. */
export const citing = (c: Pick<DutyInput, 'clause'>) => `第${c.clause.number}条“${c.clause.text}”`;

/** What counts so far: 补学 never does; a DAYS duty counts days, a COUNT duty occurrences. */
export function tally(
  duty: Pick<DutyInput, 'measure' | 'share'>,
  occurrences: readonly Occurrence[],
): { done: number; shareDone: number | null } {
  const counted = occurrences.filter((o) => o.kind !== MAKE_UP_KIND);
  const measure = (o: Occurrence) => (duty.measure === 'DAYS' ? o.days : 1);
  const done = counted.reduce((sum, o) => sum + measure(o), 0);
  const share = duty.share;
  const shareDone = share ? counted.filter((o) => o.kind === share.kind).reduce((sum, o) => sum + measure(o), 0) : null;
  return { done, shareDone };
}

/** The period's quota: enough counted, and (占比) enough of them of the share's kind. */
export function quotaMet(c: Pick<DutyContext, 'done' | 'required' | 'share' | 'shareDone'>): boolean {
  if (c.done < c.required) return false;
  // 0.5 × 3 is 1.5: compared with a tolerance so 0.7 × 10 still asks for 7
  return !c.share || (c.shareDone ?? 0) >= c.share.atLeast * c.done - 1e-9;
}

/** The owner: the person, or any member of the unit. */
export const isOwner = (c: Pick<DutyInput, 'ownerPerson' | 'ownerUnit'>, actor: Pick<Actor, 'id' | 'unit'>): boolean =>
  (c.ownerPerson !== undefined && actor.id === c.ownerPerson.id) || (c.ownerUnit !== undefined && actor.unit === c.ownerUnit);

export const owesMakeUp = (c: Pick<DutyContext, 'makeUpsOwed'>, personId: string): boolean =>
  c.makeUpsOwed.some((m) => m.person.id === personId);

/** Missed periods the office has not yet handled: they keep the duty RED and on its tasks. */
export const unacknowledgedMisses = (c: Pick<DutyContext, 'periods'>): PeriodRecord[] =>
  c.periods.filter((p) => p.outcome === 'MISSED' && !p.acknowledged);

export function inputIssues(input: DutyInput, today: string): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  if ((input.ownerPerson === undefined) === (input.ownerUnit === undefined))
    issues.push({ path: 'ownerPerson', message: 'name exactly one owner: ownerPerson or ownerUnit' });
  if (!isPeriodStart(input.period, input.periodStart))
    issues.push({ path: 'periodStart', message: `must be the first day of a ${input.period} period (a Monday, the 1st of a month, quarter or year)` });
  else if (countingWindow(input, input.periodStart).end < today)
    issues.push({ path: 'periodStart', message: `the period starting ${input.periodStart} is already over (today ${today})` });
  if (input.kinds.includes(MAKE_UP_KIND)) issues.push({ path: 'kinds', message: `${MAKE_UP_KIND} is set by makeUp, not a kind` });
  if (new Set(input.kinds).size !== input.kinds.length) issues.push({ path: 'kinds', message: 'a kind is listed twice' });
  if (input.share && !input.kinds.includes(input.share.kind))
    issues.push({ path: 'share.kind', message: `must be one of kinds (${input.kinds.join('、') || 'none listed'})` });
  if (input.target && input.period !== 'MONTH') issues.push({ path: 'target', message: 'a target day is for MONTH duties only' });
  if (input.measure === 'DAYS' && isPeriodStart(input.period, input.periodStart)) {
    const length = (Date.parse(periodEndOf(input.period, input.periodStart)) - Date.parse(input.periodStart)) / 86_400_000 + 1;
    if (input.minimum > length) issues.push({ path: 'minimum', message: `more days than the period has (${length})` });
  }
  return issues;
}

/** The occurrence's days lie inside the current period (its window) and are not in the future. */
function dateIssues(c: DutyContext, date: string, days: number, today: string): PayloadIssue[] {
  const last = addDays(date, days - 1);
  if (date < c.windowStart || last > c.dueDate) {
    const where = c.target
      ? `本期计数时段（${c.windowStart}至${c.dueDate}，${c.target.day}日前后${c.target.toleranceDays}天）`
      : `本期（${c.periodLabel}：${c.windowStart}至${c.dueDate}）`;
    return [{ path: 'date', message: `${date}${days > 1 ? `起${days}天` : ''}不在${where}内，按${citing(c)}不计入` }];
  }
  if (last > today) return [{ path: 'date', message: `must not be after today (${today})` }];
  return [];
}

export function occurrenceIssues(
  c: DutyContext,
  p: { date: string; days?: number; kind?: string; absentees?: { id: string }[] },
  today: string,
): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  if (p.days !== undefined && c.measure !== 'DAYS') issues.push({ path: 'days', message: 'only for duties counted in days' });
  issues.push(...dateIssues(c, p.date, p.days ?? 1, today));
  if (c.kinds.length && p.kind === undefined) issues.push({ path: 'kind', message: `required: one of ${c.kinds.join('、')}` });
  else if (p.kind !== undefined && !c.kinds.includes(p.kind))
    issues.push({ path: 'kind', message: c.kinds.length ? `must be one of ${c.kinds.join('、')}` : 'this duty has no kinds' });
  const absentees = p.absentees ?? [];
  if (absentees.length && !c.makeUp) issues.push({ path: 'absentees', message: `only for duties with ${MAKE_UP_KIND}` });
  if (new Set(absentees.map((a) => a.id)).size !== absentees.length) issues.push({ path: 'absentees', message: 'a person is listed twice' });
  return issues;
}

/** A make-up names someone who owes one, for a session on or before its date. */
export function makeUpIssues(c: DutyContext, p: { date: string; person: { id: string } }, today: string): PayloadIssue[] {
  const owed = c.makeUpsOwed.find((m) => m.person.id === p.person.id);
  if (!owed) return [{ path: 'person', message: `${p.person.id} owes no ${MAKE_UP_KIND}` }];
  const issues = dateIssues(c, p.date, 1, today);
  if (!issues.length && p.date < owed.sessionDate)
    issues.push({ path: 'date', message: `must not be before the session missed (${owed.sessionDate})` });
  return issues;
}
