/** 重大事项 (clause 22) as a pure machine: no database, no clock, time only from `at`. */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Actor } from '../../machines/definition';
import { majorMatter as def } from '../../machines/majorMatter/majorMatter.definition';
import { pendingMatters } from '../../machines/majorMatter/majorMatter.rules';
import { REPORT_GRACE_WORKING_DAYS, REPORT_WORKING_DAYS } from '../../machines/majorMatter/majorMatter.types';
import { allows } from '../../src/engine/rules';
import { draftScope } from '../../src/engine/redaction';
import { WorkingCalendar } from '../../src/calendar/calendar';
import { resolveDeadline } from '../../src/calendar/deadlines';

const { office, viceMayor: leader, otherViceMayor, executiveViceMayor, mayor, housing, development, finance, justice, town } = machinePeople;

function must(s: AnyMachineSnapshot, type: string, payload: unknown, actor: Actor, at: string): AnyMachineSnapshot {
  const out = act(def, s, type, payload, actor, at);
  if (out.code !== 'OK') throw new Error(`${type} by ${actor.id}: ${out.code} ${JSON.stringify((out as any).issues ?? '')}`);
  return (out as { snapshot: AnyMachineSnapshot }).snapshot;
}

const MATTERS = [
  { title: '老旧小区改造攻坚', goal: '年内完成42个小区改造', leadUnit: '市住建局', coUnits: ['罗峰街道'] },
  { title: '重点项目建设', goal: '20个省市重点项目全部开工', leadUnit: '市发改局' },
  { title: '财源建设', goal: '一般公共预算收入增长6%', leadUnit: '市财政局' },
  { title: '法治政府建设', goal: '创建省级法治政府示范市', leadUnit: '市司法局' },
];
const unitOf: Record<string, Actor> = { 市住建局: housing, 市发改局: development, 市财政局: finance, 市司法局: justice };

const start = (extra: Record<string, unknown> = {}) =>
  initialTransition(def.machine, def.start.input.parse({ year: 2026, leader: { id: 'vm-li', name: '李副市长' }, ...extra }))[0];
// Monday 5 January 2026, 09:00 Shanghai
const T0 = '2026-01-05T01:00:00.000Z';
function drafted(n = 3, at = T0): AnyMachineSnapshot {
  let s = start();
  for (const m of MATTERS.slice(0, n)) s = must(s, 'ADD_MATTER', m, leader, at);
  return s;
}
const submitted = (n = 3) => must(drafted(n), 'SUBMIT', {}, leader, '2026-01-20T01:00:00.000Z');
/** confirmed by the mayor on Tuesday 10 February 2026: the first report is for Q1 */
const confirmed = (n = 3, at = '2026-02-10T01:00:00.000Z') => must(submitted(n), 'CONFIRM', { comment: '同意' }, mayor, at);
const report = (s: AnyMachineSnapshot, matterId: string, quarter: number, at: string, who: Actor = leader) =>
  must(s, 'REPORT_PROGRESS', { matterId, quarter, content: `第${quarter}季度按计划推进` }, who, at);
/** every open matter yet to report for the quarter now due reports, by its unit in charge */
function reportAll(s: AnyMachineSnapshot, at: string): AnyMachineSnapshot {
  const q = s.context.reportQuarter;
  for (const m of pendingMatters(s.context)) s = report(s, m.id, q, at, unitOf[m.leadUnit]);
  return s;
}
const deadlinesOf = (s: AnyMachineSnapshot) => def.states[s.value as string].deadlines?.(s.context) ?? [];
const resolved = (s: AnyMachineSnapshot) => deadlinesOf(s).map((d) => resolveDeadline(d, new WorkingCalendar()));
const awaitingOf = (s: AnyMachineSnapshot) => def.states[s.value as string].awaiting?.(s.context);

test('第22条: a leader proposes 3-4 matters, the government confirms the list, each quarter every matter reports, and the year ends with every outcome', () => {
  let s = confirmed(4);
  expect(s.value).toBe('underway');
  expect(s.context.confirmation).toMatchObject({ via: 'MAYOR', meeting: null, comment: '同意', by: { id: 'mayor-chen' } });
  expect(s.context.matters.map((m: any) => m.id)).toEqual(['M1', 'M2', 'M3', 'M4']);
  expect(s.context.reportQuarter).toBe(1);
  s = reportAll(s, '2026-04-02T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(2);
  s = reportAll(s, '2026-07-03T01:00:00.000Z');
  s = reportAll(s, '2026-10-12T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(4);
  s = must(s, 'COMPLETE_MATTER', { matterId: 'M1', summary: '42个小区全部完工' }, leader, '2026-12-10T01:00:00.000Z');
  s = reportAll(s, '2027-01-05T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(5);
  expect(s.context.reports.filter((r: any) => r.matterId === 'M1').map((r: any) => r.quarter)).toEqual([1, 2, 3]);
  s = must(s, 'COMPLETE_MATTER', { matterId: 'M2', summary: '全部开工' }, leader, '2027-01-06T01:00:00.000Z');
  s = must(s, 'CARRY_OVER_MATTER', { matterId: 'M3', reason: '税源项目跨年度投产' }, leader, '2027-01-06T01:00:00.000Z');
  expect(s.value).toBe('underway');
  s = must(s, 'DROP_MATTER', { matterId: 'M4', reason: '并入全市法治建设总体安排' }, mayor, '2027-01-06T02:00:00.000Z');
  expect(s.value).toBe('concluded');
  expect(s.status).toBe('done');
  expect(s.context.matters.map((m: any) => [m.id, m.outcome.kind])).toEqual([
    ['M1', 'COMPLETED'], ['M2', 'COMPLETED'], ['M3', 'CARRIED_OVER'], ['M4', 'DROPPED'],
  ]);
  expect(s.context.matters[3].outcome).toMatchObject({ reason: '并入全市法治建设总体安排', summary: null, by: { id: 'mayor-chen' } });
});

test('第22条: a fifth matter is not added (3-4项)', () => {
  const s = drafted(4);
  const out = act(def, s, 'ADD_MATTER', { title: '第五项', goal: 'x', leadUnit: '市审计局' }, leader, T0);
  expect(out).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matters' }] });
  expect((out as any).issues[0].message).toMatch(/第22条.*3-4项/);
});

test('第22条: a list of fewer than 3 or more than 4 matters is not submitted', () => {
  for (const n of [0, 2]) {
    const out = act(def, drafted(n), 'SUBMIT', {}, leader, T0);
    expect(out).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matters' }] });
    expect((out as any).issues[0].message).toMatch(/第22条/);
  }
  // a record holding five (edited by hand) is refused all the same
  const forged = def.machine.resolveState({ value: 'drafting', context: { ...drafted(4).context, matters: [...drafted(4).context.matters, { ...MATTERS[0], id: 'M9', coUnits: [], outcome: null }] } });
  expect(act(def, forged, 'SUBMIT', {}, leader, T0)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matters' }] });
  for (const n of [3, 4]) expect(must(drafted(n), 'SUBMIT', {}, leader, T0).value).toBe('confirming');
});

test('第22条: the leader adds and removes matters while drafting; a removed number is not given again', () => {
  let s = drafted(3);
  expect(act(def, s, 'ADD_MATTER', MATTERS[3], otherViceMayor, T0).code).toBe('FORBIDDEN');
  expect(act(def, s, 'ADD_MATTER', MATTERS[3], office, T0).code).toBe('FORBIDDEN');
  expect(act(def, s, 'REMOVE_MATTER', { matterId: 'M2' }, mayor, T0).code).toBe('FORBIDDEN');
  expect(act(def, s, 'REMOVE_MATTER', { matterId: 'M7' }, leader, T0)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matterId' }] });
  expect(act(def, s, 'ADD_MATTER', { ...MATTERS[3], title: MATTERS[0].title }, leader, T0)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'title' }] });
  expect(act(def, s, 'ADD_MATTER', { ...MATTERS[3], coUnits: ['市司法局'] }, leader, T0)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'coUnits' }] });
  s = must(s, 'REMOVE_MATTER', { matterId: 'M2', reason: '并入M1' }, leader, T0);
  s = must(s, 'ADD_MATTER', MATTERS[3], leader, T0);
  expect(s.context.matters.map((m: any) => m.id)).toEqual(['M1', 'M3', 'M4']);
  expect(s.context.matters[0]).toEqual({ id: 'M1', ...MATTERS[0], outcome: null });
  // after submission the list is the government's to confirm or return
  const sent = must(s, 'SUBMIT', { note: '请审定' }, leader, T0);
  expect(act(def, sent, 'ADD_MATTER', MATTERS[1], leader, T0).code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, sent, 'REMOVE_MATTER', { matterId: 'M1' }, leader, T0).code).toBe('EVENT_NOT_ACCEPTED');
});

test('第22条: the list is due by the end of the first quarter: YELLOW the working day before, RED after, escalated to the office', () => {
  const s = drafted(2);
  expect(deadlinesOf(s)).toEqual([{ kind: 'list', label: '提交重大事项', date: '2026-03-31', escalateTo: { roles: ['OFFICE'] } }]);
  expect(resolved(s)).toMatchObject([{ warnAt: new Date('2026-03-30T16:00:00.000Z'), due: new Date('2026-03-31T16:00:00.000Z'), escalateTo: ['role:OFFICE'] }]);
  expect(awaitingOf(s)).toEqual({ people: ['vm-li'] });
  // the timer's DEADLINE_PASSED is kept on the record; the list can still be submitted late
  const late = transition(def.machine, s, { type: 'DEADLINE_PASSED', payload: { kind: 'list', label: '提交重大事项', due: '2026-03-31T16:00:00.000Z' }, actor: { id: 'system', name: '系统', roles: [], unit: 'system' }, at: '2026-03-31T16:00:00.000Z' } as any)[0];
  expect(late.context.late).toEqual([{ kind: 'list', quarter: null, matters: [], due: '2026-03-31T16:00:00.000Z' }]);
  expect(deadlinesOf(must(must(late, 'ADD_MATTER', MATTERS[2], leader, '2026-04-01T01:00:00.000Z'), 'SUBMIT', {}, leader, '2026-04-01T01:00:00.000Z'))).toEqual([]);
});

test('第22条: the government confirms the list: the mayor, or the office recording the executive meeting with its date and number', () => {
  const s = submitted();
  expect(awaitingOf(s)).toEqual({ roles: ['MAYOR', 'OFFICE'] });
  for (const who of [leader, executiveViceMayor, office]) expect(act(def, s, 'CONFIRM', {}, who, '2026-02-10T01:00:00.000Z').code).toBe('FORBIDDEN');
  for (const who of [leader, mayor]) {
    expect(act(def, s, 'RECORD_MEETING_DECISION', { meetingDate: '2026-02-10', meetingNumber: '第3次', decision: 'CONFIRMED' }, who, '2026-02-10T01:00:00.000Z').code).toBe('FORBIDDEN');
  }
  const meeting = (extra: Record<string, unknown>) => ({ meetingDate: '2026-02-10', meetingNumber: '2026年第3次', decision: 'CONFIRMED', ...extra });
  expect(act(def, s, 'RECORD_MEETING_DECISION', meeting({ meetingDate: '2026-02-11' }), office, '2026-02-10T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'meetingDate' }] });
  expect(act(def, s, 'RECORD_MEETING_DECISION', meeting({ meetingDate: '2026-01-19' }), office, '2026-02-10T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'meetingDate' }] });
  expect(act(def, s, 'RECORD_MEETING_DECISION', meeting({ meetingNumber: undefined }), office, '2026-02-10T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'meetingNumber' }] });
  expect(act(def, s, 'RECORD_MEETING_DECISION', meeting({ reason: 'x' }), office, '2026-02-10T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  const c = must(s, 'RECORD_MEETING_DECISION', meeting({ comment: '原则同意' }), office, '2026-02-10T01:00:00.000Z');
  expect(c.value).toBe('underway');
  expect(c.context.confirmation).toMatchObject({ via: 'MEETING', meeting: { date: '2026-02-10', number: '2026年第3次' }, comment: '原则同意', by: { id: 'office-wang' } });
});

test('第22条: a list returned by the mayor or by the meeting goes back to the leader with the reason, and is submitted again', () => {
  const s = submitted();
  expect(act(def, s, 'RETURN', {}, mayor, '2026-02-10T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  expect(act(def, s, 'RETURN', { reason: 'x' }, office, '2026-02-10T01:00:00.000Z').code).toBe('FORBIDDEN');
  let back = must(s, 'RETURN', { reason: '第3项不属于需要全力突破的事项' }, mayor, '2026-02-10T01:00:00.000Z');
  expect(back.value).toBe('drafting');
  expect(awaitingOf(back)).toEqual({ people: ['vm-li'] });
  back = must(back, 'REMOVE_MATTER', { matterId: 'M3' }, leader, '2026-02-11T01:00:00.000Z');
  back = must(must(back, 'ADD_MATTER', MATTERS[3], leader, '2026-02-11T01:00:00.000Z'), 'SUBMIT', {}, leader, '2026-02-11T01:00:00.000Z');
  const meeting = { meetingDate: '2026-02-12', meetingNumber: '2026年第4次', decision: 'RETURNED' };
  expect(act(def, back, 'RECORD_MEETING_DECISION', meeting, office, '2026-02-12T08:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  const again = must(back, 'RECORD_MEETING_DECISION', { ...meeting, reason: '目标需量化' }, office, '2026-02-12T08:00:00.000Z');
  expect(again.value).toBe('drafting');
  expect(again.context.submissions).toBe(2);
  expect(again.context.returns).toMatchObject([
    { via: 'MAYOR', reason: '第3项不属于需要全力突破的事项', meeting: null, by: { id: 'mayor-chen' } },
    { via: 'MEETING', reason: '目标需量化', meeting: { date: '2026-02-12', number: '2026年第4次' }, by: { id: 'office-wang' } },
  ]);
});

test('第22条: every quarter each open matter reports once, by the leader or the unit in charge of that matter', () => {
  let s = confirmed();
  expect(awaitingOf(s)).toEqual({ people: ['vm-li'], units: ['市住建局', '市发改局', '市财政局'] });
  const at = '2026-03-20T01:00:00.000Z';
  // a unit in charge of another matter: the relation holds, the matter is not its own
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 1, content: 'x' }, development, at).code).toBe('EVENT_NOT_ACCEPTED');
  // a co-unit, a unit with no matter, another vice-mayor: not in charge
  for (const who of [town, justice, otherViceMayor, office]) expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 1, content: 'x' }, who, at).code).toBe('FORBIDDEN');
  s = report(s, 'M1', 1, at, housing);
  expect(s.context.reports).toMatchObject([{ matterId: 'M1', quarter: 1, content: '第1季度按计划推进', percent: null, by: { id: 'zjj-sun', unit: '市住建局' } }]);
  expect(awaitingOf(s)).toEqual({ people: ['vm-li'], units: ['市发改局', '市财政局'] });
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 1, content: '补充' }, leader, at)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matterId' }] });
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 2, content: 'x' }, leader, at)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'quarter' }] });
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M9', quarter: 1, content: 'x' }, leader, at)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matterId' }] });
  s = report(s, 'M2', 1, at);
  expect(s.context.reportQuarter).toBe(1);
  s = must(s, 'REPORT_PROGRESS', { matterId: 'M3', quarter: 1, content: '一季度收入增长5.8%', percent: 25 }, finance, at);
  expect(s.context.reportQuarter).toBe(2);
  // the next quarter's report is not made before the quarter has begun
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 2, content: 'x' }, leader, '2026-03-31T15:59:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'quarter' }] });
  expect(report(s, 'M1', 2, '2026-03-31T16:00:00.000Z').context.reports).toHaveLength(4); // 00:00 on 1 April in Shanghai
});

test('第22条: the first report due is for the quarter in which the government confirmed the list', () => {
  expect(confirmed(3, '2026-03-31T15:00:00.000Z').context.reportQuarter).toBe(1);
  expect(confirmed(3, '2026-03-31T16:00:00.000Z').context.reportQuarter).toBe(2); // 1 April in Shanghai
  expect(confirmed(3, '2026-08-15T01:00:00.000Z').context.reportQuarter).toBe(3);
  // a list for next year confirmed in December reports from its first quarter
  const early = must(must(must(must(must(start({ year: 2027 }), 'ADD_MATTER', MATTERS[0], leader, '2026-12-01T01:00:00.000Z'), 'ADD_MATTER', MATTERS[1], leader, '2026-12-01T01:00:00.000Z'), 'ADD_MATTER', MATTERS[2], leader, '2026-12-01T01:00:00.000Z'), 'SUBMIT', {}, leader, '2026-12-01T01:00:00.000Z'), 'CONFIRM', {}, mayor, '2026-12-20T01:00:00.000Z');
  expect(early.context.reportQuarter).toBe(1);
  expect(act(def, early, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 1, content: 'x' }, leader, '2026-12-21T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'quarter' }] });
});

test(`第22条: a quarter's report is due ${REPORT_WORKING_DAYS} working days after the quarter ends; late it is YELLOW, then RED after ${REPORT_GRACE_WORKING_DAYS} more, escalated to the leader and the office`, () => {
  let s = confirmed();
  expect(deadlinesOf(s)).toEqual([{
    kind: 'quarterlyReport', label: '第1季度进展报告', workingDays: 5, from: '2026-03-31T00:00:00+08:00', graceWorkingDays: 2,
    escalateTo: { people: ['vm-li'], roles: ['OFFICE'] },
  }]);
  // 1, 2, 3, (清明 4–6 April), 7, 8 April: late from 24:00 on the 8th; RED from 24:00 on the 10th
  expect(resolved(s)).toMatchObject([{ warnAt: new Date('2026-04-08T16:00:00.000Z'), due: new Date('2026-04-10T16:00:00.000Z'), escalateTo: ['person:vm-li', 'role:OFFICE'] }]);
  s = report(s, 'M1', 1, '2026-04-01T01:00:00.000Z');
  const passed = { type: 'DEADLINE_PASSED', payload: { kind: 'quarterlyReport', label: '第1季度进展报告', due: '2026-04-10T16:00:00.000Z' }, actor: { id: 'system', name: '系统', roles: [], unit: 'system' }, at: '2026-04-10T16:00:00.000Z' } as any;
  s = transition(def.machine, s, passed)[0];
  expect(s.context.late).toEqual([{ kind: 'quarterlyReport', quarter: 1, matters: ['M2', 'M3'], due: '2026-04-10T16:00:00.000Z' }]);
  // the late reports still come in for the first quarter; then the second quarter's clock is the deadline
  s = reportAll(s, '2026-04-13T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(2);
  expect(deadlinesOf(s)[0]).toMatchObject({ label: '第2季度进展报告', from: '2026-06-30T00:00:00+08:00' });
  expect(resolved(s)[0]).toMatchObject({ warnAt: new Date('2026-07-07T16:00:00.000Z'), due: new Date('2026-07-09T16:00:00.000Z') });
});

test('第22条: after the fourth quarter the year-end outcomes are due, and the list closes when every matter has one', () => {
  let s = confirmed(3, '2026-10-09T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(4);
  s = reportAll(s, '2026-12-28T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(5);
  expect(deadlinesOf(s)).toEqual([{ kind: 'outcome', label: '年终结果', workingDays: 5, from: '2026-12-31T00:00:00+08:00', escalateTo: { people: ['vm-li'], roles: ['OFFICE'] } }]);
  expect(awaitingOf(s)).toEqual({ people: ['vm-li'], units: [] });
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 4, content: 'x' }, leader, '2026-12-29T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'quarter' }] });
  const passed = { type: 'DEADLINE_PASSED', payload: { kind: 'outcome', label: '年终结果', due: '2027-01-07T16:00:00.000Z' }, actor: { id: 'system', name: '系统', roles: [], unit: 'system' }, at: '2027-01-07T16:00:00.000Z' } as any;
  s = must(transition(def.machine, s, passed)[0], 'COMPLETE_MATTER', { matterId: 'M2', summary: '全部开工' }, leader, '2027-01-08T01:00:00.000Z');
  expect(s.context.late).toEqual([{ kind: 'outcome', quarter: null, matters: ['M1', 'M2', 'M3'], due: '2027-01-07T16:00:00.000Z' }]);
  expect(act(def, s, 'COMPLETE_MATTER', { matterId: 'M2', summary: '再报' }, leader, '2027-01-08T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matterId' }] });
  s = must(s, 'CARRY_OVER_MATTER', { matterId: 'M1', reason: '剩余6个小区跨年施工' }, leader, '2027-01-08T01:00:00.000Z');
  expect(s.value).toBe('underway');
  s = must(s, 'COMPLETE_MATTER', { matterId: 'M3', summary: '增长6.2%' }, leader, '2027-01-08T01:00:00.000Z');
  expect(s.value).toBe('concluded');
  expect(def.states.concluded.finalStatus ?? 'DONE').toBe('DONE');
});

test('第22条: only the mayor drops a matter, with a reason; carry-over is the leader\'s, with a reason, at year end', () => {
  const s = confirmed();
  const at = '2026-06-01T01:00:00.000Z';
  for (const who of [leader, executiveViceMayor, office]) expect(act(def, s, 'DROP_MATTER', { matterId: 'M2', reason: 'x' }, who, at).code).toBe('FORBIDDEN');
  expect(act(def, s, 'DROP_MATTER', { matterId: 'M2' }, mayor, at)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  expect(act(def, s, 'CARRY_OVER_MATTER', { matterId: 'M2' }, leader, '2026-10-01T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  expect(act(def, s, 'CARRY_OVER_MATTER', { matterId: 'M2', reason: 'x' }, mayor, '2026-10-01T01:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, s, 'CARRY_OVER_MATTER', { matterId: 'M2', reason: '跨年' }, leader, '2026-09-30T15:59:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matterId' }] });
  expect(must(s, 'CARRY_OVER_MATTER', { matterId: 'M2', reason: '跨年' }, leader, '2026-09-30T16:00:00.000Z').context.matters[1].outcome).toMatchObject({ kind: 'CARRIED_OVER', reason: '跨年' });
  const dropped = must(s, 'DROP_MATTER', { matterId: 'M2', reason: '上级政策调整' }, mayor, at);
  expect(dropped.context.matters[1].outcome).toMatchObject({ kind: 'DROPPED', reason: '上级政策调整', by: { id: 'mayor-chen' } });
});

test('第22条: an ended matter reports no more, and its end may complete the quarter', () => {
  let s = report(report(confirmed(), 'M1', 1, '2026-03-20T01:00:00.000Z'), 'M2', 1, '2026-03-20T01:00:00.000Z');
  s = must(s, 'COMPLETE_MATTER', { matterId: 'M3', summary: '提前完成' }, leader, '2026-03-25T01:00:00.000Z');
  expect(s.context.reportQuarter).toBe(2);
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M3', quarter: 2, content: 'x' }, leader, '2026-04-02T01:00:00.000Z')).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'matterId' }] });
  // the unit of an ended matter is no longer in charge of anything open
  expect(act(def, s, 'REPORT_PROGRESS', { matterId: 'M3', quarter: 2, content: 'x' }, finance, '2026-04-02T01:00:00.000Z').code).toBe('FORBIDDEN');
  expect(awaitingOf(s)).toEqual({ people: ['vm-li'], units: ['市住建局', '市发改局'] });
});

test('the office opens a list for a named leader; a leader opens only their own, for this year or the next', () => {
  const input = (extra: Record<string, unknown> = {}) => def.start.input.parse({ year: 2026, leader: { id: 'vm-li', name: '李副市长' }, ...extra });
  const issues = (actor: Actor, extra?: Record<string, unknown>) => def.start.check!(input(extra), '2026-01-05', actor).map((i) => i.path);
  expect(issues(leader)).toEqual([]);
  expect(issues(office)).toEqual([]);
  expect(issues(otherViceMayor)).toEqual(['leader']);
  expect(issues(office, { year: 2027 })).toEqual([]);
  expect(issues(office, { year: 2025 })).toEqual(['year']);
  expect(issues(office, { year: 2028 })).toEqual(['year']);
  for (const who of [leader, mayor, executiveViceMayor, office]) expect(allows(def, def.start.allow, who, null)).toBe(true);
  for (const who of [housing, town]) expect(allows(def, def.start.allow, who, null)).toBe(false);
  expect(def.start.input.safeParse({ year: 2026.5, leader: { id: 'vm-li', name: 'x' } }).success).toBe(false);
  expect(def.start.input.safeParse({ year: 2026 }).success).toBe(false);
});

test('the list is undecided until the government confirms it: only the leader, the leadership above, the office and its creator see it (第29条)', () => {
  const s = submitted();
  const scope = (snap: AnyMachineSnapshot) => draftScope(def, snap.value as string, snap.context, snap.status === 'done', null, office);
  expect(scope(drafted(1))).toEqual({ wholeItem: true, readers: ['person:office-wang', 'person:vm-li', 'role:MAYOR', 'role:EXECUTIVE_VICE_MAYOR', 'role:OFFICE', 'role:ADMIN'] });
  expect(scope(s)?.wholeItem).toBe(true);
  expect(scope(must(s, 'CONFIRM', {}, mayor, '2026-02-10T01:00:00.000Z'))).toBeNull();
  expect(def.describe(confirmed().context)).toEqual({
    title: '2026年度重大事项（李副市长）',
    units: ['市住建局', '罗峰街道', '市发改局', '市财政局'],
    people: ['vm-li'],
  });
  // withdrawn before confirmation, it never becomes public
  const cancelled = must(s, 'CANCEL', { reason: '重复建立' }, office, '2026-02-10T01:00:00.000Z');
  expect(cancelled.value).toBe('cancelled');
  expect(def.states.cancelled.finalStatus).toBe('CANCELLED');
  expect(cancelled.context.cancellation).toMatchObject({ reason: '重复建立', by: { id: 'office-wang' } });
  expect(act(def, confirmed(), 'CANCEL', { reason: 'x' }, office, '2026-02-11T01:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, s, 'CANCEL', { reason: 'x' }, leader, '2026-02-11T01:00:00.000Z').code).toBe('FORBIDDEN');
});

test('events a state does not handle leave the snapshot unchanged, and every state and event has a Chinese label', () => {
  const s = drafted(3);
  for (const type of ['CONFIRM', 'RETURN', 'REPORT_PROGRESS', 'COMPLETE_MATTER', 'DROP_MATTER']) {
    const event = { type, payload: { matterId: 'M1', quarter: 1, content: 'x', reason: 'x', summary: 'x' }, actor: mayor, at: T0 } as any;
    expect(s.can(event)).toBe(false);
    expect(transition(def.machine, s, event)[0]).toBe(s);
  }
  for (const state of Object.keys(def.machine.root.states)) expect(def.states[state].label).toMatch(/\p{Script=Han}/u);
  for (const e of Object.values(def.events)) expect(e.label).toMatch(/\p{Script=Han}/u);
  expect(def.description).toMatch(/第22条/);
});
