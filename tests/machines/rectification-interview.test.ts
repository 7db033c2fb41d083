/** 约谈整改 (clause 23, rules M2) as a pure machine: no database, no clock, time only from `at`. */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { rectificationInterview as def, REVIEW_WORKING_DAYS } from '../../machines/rectificationInterview/rectificationInterview.definition';
import { allows, candidateEvents } from '../../src/engine/rules';
import { WorkingCalendar } from '../../src/calendar/calendar';
import { resolveDeadline } from '../../src/calendar/deadlines';

const { office, viceMayor: leader, otherViceMayor: otherLeader, executiveViceMayor: executive, mayor, town, otherTown } = machinePeople;


function must(s: AnyMachineSnapshot, type: string, payload: unknown, actor: Actor, at: string): AnyMachineSnapshot {
  const out = act(def, s, type, payload, actor, at);
  if (out.code !== 'OK') throw new Error(`${type} by ${actor.id}: ${out.code} ${JSON.stringify((out as any).issues ?? '')}`);
  return (out as { snapshot: AnyMachineSnapshot }).snapshot;
}

const raw = {
  unit: '罗峰街道',
  unitKind: 'TOWN',
  grounds: '有令不行',
  facts: '秸秆禁烧工作部署后仍多次出现焚烧点',
  leader: { id: 'vm-li', name: '李副市长' },
};
const start = () => initialTransition(def.machine, def.start.input.parse(raw))[0];
const scheduled = () =>
  must(start(), 'SCHEDULE', { time: '2026-11-04T09:00:00+08:00', place: '市政府第三会议室' }, office, '2026-11-02T01:00:00.000Z');
const held = () =>
  must(
    scheduled(),
    'HOLD_INTERVIEW',
    { criticism: '落实不力', requirements: '一周内排查全部焚烧点', rectificationDeadline: '2026-11-20' },
    leader,
    '2026-11-04T02:00:00.000Z',
  );
const reported = () => must(held(), 'REPORT_RESULT', { content: '已排查整改37处' }, town, '2026-11-18T02:00:00.000Z');
const deadlinesOf = (s: AnyMachineSnapshot) => def.states[s.value as string].deadlines?.(s.context) ?? [];

test('an interview goes from proposal to closed through a rejected report', () => {
  let s = reported();
  expect(s.value).toBe('reviewing');
  s = must(s, 'REJECT_RESULT', { reason: '3处未复查', newDeadline: '2026-11-30' }, leader, '2026-11-19T02:00:00.000Z');
  expect(s.value).toBe('rectifying');
  s = must(s, 'REPORT_RESULT', { content: '全部复查完毕' }, town, '2026-11-27T02:00:00.000Z');
  s = must(s, 'ACCEPT_RESULT', { comment: '同意办结' }, leader, '2026-11-30T02:00:00.000Z');
  expect(s.value).toBe('closed');
  expect(s.status).toBe('done');
  expect(def.states.closed.finalStatus ?? 'DONE').toBe('DONE');
  expect(s.context).toMatchObject({
    schedule: { place: '市政府第三会议室', by: { id: 'office-wang' } },
    interview: { criticism: '落实不力', requirements: '一周内排查全部焚烧点', by: { id: 'vm-li' } },
    rectificationDeadline: '2026-11-30',
    reports: 2,
    report: { content: '全部复查完毕', by: { unit: '罗峰街道' } },
    acceptance: { comment: '同意办结', at: '2026-11-30T02:00:00.000Z' },
  });
});

test('interview: a rejected report goes back to rectification with a new deadline and the reason recorded', () => {
  const s = must(reported(), 'REJECT_RESULT', { reason: '3处未复查', newDeadline: '2026-11-30' }, mayor, '2026-11-19T02:00:00.000Z');
  expect(s.context.rejections).toEqual([
    {
      reason: '3处未复查',
      previousDeadline: '2026-11-20',
      newDeadline: '2026-11-30',
      at: '2026-11-19T02:00:00.000Z',
      by: { id: 'mayor-chen', name: 'mayor-chen', unit: '市政府' },
    },
  ]);
  expect(deadlinesOf(s)).toMatchObject([{ kind: 'rectification', label: '整改期限', date: '2026-11-30' }]);
});

test('interview: only the interviewed unit reports its rectification result', () => {
  const s = held();
  for (const actor of [otherTown, office, leader, mayor]) expect(act(def, s, 'REPORT_RESULT', { content: 'x' }, actor, '2026-11-18T02:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, s, 'REPORT_RESULT', { content: '已整改' }, town, '2026-11-18T02:00:00.000Z').code).toBe('OK');
});

test('interview: only the interviewing leader, or the mayor, reviews the report', () => {
  const s = reported();
  for (const actor of [otherLeader, executive, office, town]) {
    expect(act(def, s, 'ACCEPT_RESULT', {}, actor, '2026-11-19T02:00:00.000Z').code).toBe('FORBIDDEN');
    expect(act(def, s, 'REJECT_RESULT', { reason: 'x', newDeadline: '2026-12-01' }, actor, '2026-11-19T02:00:00.000Z').code).toBe('FORBIDDEN');
  }
  expect(act(def, s, 'ACCEPT_RESULT', {}, leader, '2026-11-19T02:00:00.000Z').code).toBe('OK');
  expect(act(def, s, 'ACCEPT_RESULT', {}, mayor, '2026-11-19T02:00:00.000Z').code).toBe('OK');
});

test('interview: the office or the interviewing leader schedules it, and only that leader records the interview', () => {
  const s = start();
  expect(act(def, s, 'SCHEDULE', { time: '2026-11-04T09:00:00+08:00', place: '会议室' }, town, '2026-11-02T01:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, s, 'SCHEDULE', { time: '2026-11-04T09:00:00+08:00', place: '会议室' }, otherLeader, '2026-11-02T01:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, s, 'SCHEDULE', { time: '2026-11-04T09:00:00+08:00', place: '会议室' }, leader, '2026-11-02T01:00:00.000Z').code).toBe('OK');
  const hold = { criticism: 'x', requirements: 'y', rectificationDeadline: '2026-11-20' };
  for (const actor of [office, otherLeader, mayor]) expect(act(def, scheduled(), 'HOLD_INTERVIEW', hold, actor, '2026-11-04T02:00:00.000Z').code).toBe('FORBIDDEN');
});

test('interview: a rescheduled interview keeps the new time and the reason', () => {
  const s = must(scheduled(), 'RESCHEDULE', { time: '2026-11-05T15:00:00+08:00', place: '第一会议室', reason: '领导公务冲突' }, leader, '2026-11-03T01:00:00.000Z');
  expect(s.value).toBe('scheduled');
  expect(s.context.schedule).toMatchObject({ time: '2026-11-05T15:00:00+08:00', place: '第一会议室' });
  expect(s.context.reschedules).toHaveLength(1);
  expect(deadlinesOf(s)).toMatchObject([{ kind: 'interview', label: '约谈日期', date: '2026-11-05' }]);
});

test('interview: the rectification deadline must fall after the interview day, and a new deadline after the report', () => {
  const hold = { criticism: 'x', requirements: 'y', rectificationDeadline: '2026-11-04' };
  expect(act(def, scheduled(), 'HOLD_INTERVIEW', hold, leader, '2026-11-04T02:00:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT',
    issues: [{ path: 'rectificationDeadline' }],
  });
  expect(act(def, reported(), 'REJECT_RESULT', { reason: 'x', newDeadline: '2026-11-18' }, leader, '2026-11-19T02:00:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT',
    issues: [{ path: 'newDeadline' }],
  });
  expect(act(def, reported(), 'REJECT_RESULT', { newDeadline: '2026-12-18' }, leader, '2026-11-19T02:00:00.000Z').code).toBe('BAD_USER_INPUT');
});

test('interview: cancellation needs a reason, works from any open state and never from a final one', () => {
  expect(act(def, held(), 'CANCEL', {}, leader, '2026-11-05T01:00:00.000Z').code).toBe('BAD_USER_INPUT');
  expect(act(def, held(), 'CANCEL', { reason: '误' }, office, '2026-11-05T01:00:00.000Z').code).toBe('FORBIDDEN');
  for (const s of [start(), scheduled(), held(), reported()]) {
    const cancelled = must(s, 'CANCEL', { reason: '情况已核实不属实' }, leader, '2026-11-19T01:00:00.000Z');
    expect(cancelled.value).toBe('cancelled');
    expect(cancelled.context.cancellation).toMatchObject({ reason: '情况已核实不属实', by: { id: 'vm-li' } });
  }
  expect(def.states.cancelled.finalStatus).toBe('CANCELLED');
  const closed = must(reported(), 'ACCEPT_RESULT', {}, leader, '2026-11-19T02:00:00.000Z');
  expect(act(def, closed, 'CANCEL', { reason: 'x' }, leader, '2026-11-20T02:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('events a state does not handle leave the snapshot unchanged', () => {
  const s = start();
  const event = { type: 'REPORT_RESULT', payload: { content: 'x' }, actor: town, at: '2026-11-02T01:00:00.000Z' } as any;
  expect(s.can(event)).toBe(false);
  expect(transition(def.machine, s, event)[0]).toBe(s);
  const r = reported();
  const again = { type: 'HOLD_INTERVIEW', payload: { criticism: 'x', requirements: 'y', rectificationDeadline: '2027-01-01' }, actor: leader, at: '2026-11-19T02:00:00.000Z' } as any;
  expect(transition(def.machine, r, again)[0]).toBe(r);
  expect(act(def, r, 'REPORT_RESULT', { content: 'x' }, town, '2026-11-19T02:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('each state declares its deadlines: interview day, rectification date, and a review period in working days', () => {
  expect(deadlinesOf(start())).toEqual([]);
  expect(deadlinesOf(scheduled())).toMatchObject([{ kind: 'interview', label: '约谈日期', date: '2026-11-04' }]);
  // an overdue rectification escalates to the interviewing leader (M2)
  expect(deadlinesOf(held())).toEqual([
    { kind: 'rectification', label: '整改期限', date: '2026-11-20', escalateTo: { people: ['vm-li'] } },
  ]);
  const review = deadlinesOf(reported());
  expect(review).toMatchObject([{ kind: 'review', label: '审核期限', workingDays: REVIEW_WORKING_DAYS, from: '2026-11-18T02:00:00.000Z' }]);
  // reported Wednesday 18 November: five working days end at 24:00 Wednesday 25 November (Shanghai)
  expect(resolveDeadline(review[0], new WorkingCalendar()).due.toISOString()).toBe('2026-11-25T16:00:00.000Z');
});

test('the office and the leadership may propose an interview; units may not, and the grounds are a closed list', () => {
  for (const actor of [office, leader, executive, mayor]) expect(allows(def, def.start.allow, actor, null)).toBe(true);
  expect(allows(def, def.start.allow, town, null)).toBe(false);
  expect(def.start.input.safeParse({ ...raw, grounds: '其他' }).success).toBe(false);
  expect(def.start.input.safeParse({ ...raw, unitKind: 'VILLAGE' }).success).toBe(false);
});

test('the interview names the interviewed unit and the interviewing leader, with Chinese labels throughout', () => {
  expect(def.describe(start().context)).toEqual({ title: '约谈整改：罗峰街道（有令不行）', units: ['罗峰街道'], people: ['vm-li'] });
  for (const state of Object.keys(def.machine.root.states)) expect(def.states[state].label).toMatch(/\p{Script=Han}/u);
  for (const e of Object.values(def.events)) expect(e.label).toMatch(/\p{Script=Han}/u);
});
