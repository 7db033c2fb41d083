/** 应急信息上报 (clause 25, rules M3) as a pure machine: no database, no clock, time only from `at`. */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { emergencyReport as def, STEP_MINUTES_BY_KIND } from '../../machines/emergencyReport/emergencyReport.definition';
import { INCIDENT_KINDS } from '../../machines/emergencyReport/emergencyReport.types';
import { allows, candidateEvents } from '../../src/engine/rules';
import { WorkingCalendar } from '../../src/calendar/calendar';
import { resolveDeadline } from '../../src/calendar/deadlines';

const { dutyOffice: office, viceMayor, otherViceMayor, executiveViceMayor: executive, mayor, forestry, housingColleague: housing } = machinePeople;


function must(s: AnyMachineSnapshot, type: string, payload: unknown, actor: Actor, at: string): AnyMachineSnapshot {
  const out = act(def, s, type, payload, actor, at);
  if (out.code !== 'OK') throw new Error(`${type} by ${actor.id}: ${out.code} ${JSON.stringify((out as any).issues ?? '')}`);
  return (out as { snapshot: AnyMachineSnapshot }).snapshot;
}

const raw = (extra: Record<string, unknown> = {}) => ({
  kind: '森林火灾',
  occurredAt: '2026-03-14T13:20:00+08:00',
  place: '罗山林场',
  summary: '林场东坡起火，过火面积约20亩',
  casualties: { deaths: 0, injured: 1, missing: 0 },
  viceMayor: { id: 'vm-li', name: '李副市长' },
  department: '市自然资源和规划局',
  ...extra,
});
const start = (extra?: Record<string, unknown>) => initialTransition(def.machine, def.start.input.parse(raw(extra)))[0];
// 14 March 2026, Shanghai afternoon; each step a few minutes apart
const consulting = () => must(start(), 'START_CONSULTATION', {}, viceMayor, '2026-03-14T05:30:00.000Z');
/** the department's opinion on the draft in preparation, then the joint opinion */
const submitted = (s: AnyMachineSnapshot, opinion: string, at: string) =>
  must(must(s, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '同意' }, forestry, at), 'SUBMIT_OPINION', { opinion }, viceMayor, at);
const reviewing = () => submitted(consulting(), '已组织扑救，建议上报', '2026-03-14T05:50:00.000Z');
const approve = (mayorApprovalRequired: boolean) => ({ mayorApprovalRequired, reason: mayorApprovalRequired ? '有人员受伤' : '火情已控制，无伤亡扩大' });
const deadlinesOf = (s: AnyMachineSnapshot) => def.states[s.value as string].deadlines?.(s.context) ?? [];

test('an incident goes from registration to closed without the mayor, with follow-ups and a final report', () => {
  let s = must(reviewing(), 'APPROVE', approve(false), executive, '2026-03-14T06:00:00.000Z');
  expect(s.value).toBe('readyToReport');
  s = must(s, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:10:00.000Z');
  expect(s.value).toBe('reported');
  expect(s.context.upwardReport).toMatchObject({ reportedAt: '2026-03-14T06:10:00.000Z', channel: '电话', by: { id: 'duty-wang' } });
  s = must(s, 'FOLLOW_UP', { content: '明火已扑灭' }, office, '2026-03-14T08:00:00.000Z');
  s = must(s, 'FOLLOW_UP', { content: '伤员已送医', casualties: { deaths: 0, injured: 2, missing: 0 } }, forestry, '2026-03-14T10:00:00.000Z');
  expect(s.value).toBe('reported');
  s = must(s, 'FINAL_REPORT', { content: '火灾处置完毕' }, office, '2026-03-15T02:00:00.000Z');
  expect(s.value).toBe('closed');
  expect(s.status).toBe('done');
  expect(s.context.followUps).toHaveLength(2);
  expect(s.context.casualties).toEqual({ deaths: 0, injured: 2, missing: 0 });
  expect(s.context.finalReport).toMatchObject({ content: '火灾处置完毕', casualties: null });
});

test('emergency: the mayor step cannot be skipped once required', () => {
  const s = must(reviewing(), 'APPROVE', approve(true), executive, '2026-03-14T06:00:00.000Z');
  expect(s.value).toBe('awaitingMayor');
  expect(act(def, s, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:05:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  const event = { type: 'REPORT_UPWARD', payload: { channel: '电话' }, actor: office, at: '2026-03-14T06:05:00.000Z' } as any;
  expect(transition(def.machine, s, event)[0]).toBe(s);
  const approved = must(s, 'MAYOR_APPROVE', { comments: '同意上报' }, mayor, '2026-03-14T06:20:00.000Z');
  expect(approved.value).toBe('readyToReport');
  expect(must(approved, 'REPORT_UPWARD', { channel: '传真' }, office, '2026-03-14T06:25:00.000Z').value).toBe('reported');
  // the guard holds even for a record that reached readyToReport without the mayor (e.g. edited by hand)
  const forged = def.machine.resolveState({ value: 'readyToReport', context: { ...s.context } });
  expect(forged.can(event)).toBe(false);
  expect(act(def, forged, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:05:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('emergency: once the mayor was asked, nothing goes upward without the mayor agreeing to the latest draft', () => {
  let s = must(reviewing(), 'APPROVE', approve(true), executive, '2026-03-14T06:00:00.000Z');
  s = must(s, 'MAYOR_RETURN', { comments: '补充处置措施' }, mayor, '2026-03-14T06:10:00.000Z');
  s = submitted(s, '已补充处置措施', '2026-03-14T06:20:00.000Z');
  // the machine alone sends a "no mayor needed" approval of a later draft to the mayor all the same
  const viaMachine = transition(def.machine, s, { type: 'APPROVE', payload: approve(false), actor: executive, at: '2026-03-14T06:30:00.000Z' } as any)[0];
  expect(viaMachine.value).toBe('awaitingMayor');
  // the executive vice-mayor cannot take the mayor off the case once asked
  expect(act(def, s, 'APPROVE', approve(false), executive, '2026-03-14T06:30:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT',
    issues: [{ path: 'mayorApprovalRequired' }],
  });
  // a record that got to readyToReport without the mayor's approval of this draft still cannot go upward
  const forged = def.machine.resolveState({
    value: 'readyToReport',
    context: { ...s.context, decision: { mayorApprovalRequired: false, reason: 'x', comments: null, at: '2026-03-14T06:30:00.000Z', by: executive } },
  });
  expect(act(def, forged, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:35:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  // an approval of an earlier draft does not count either
  const stale = def.machine.resolveState({
    value: 'readyToReport',
    context: { ...forged.context, mayorApproval: { draft: 1, comments: null, at: '2026-03-14T06:05:00.000Z', by: mayor } },
  });
  expect(act(def, stale, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:35:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  // the way through: the mayor again, for draft 2
  s = must(s, 'APPROVE', approve(true), executive, '2026-03-14T06:30:00.000Z');
  expect(s.value).toBe('awaitingMayor');
  s = must(s, 'MAYOR_APPROVE', {}, mayor, '2026-03-14T06:40:00.000Z');
  expect(s.context.mayorApproval).toMatchObject({ draft: 2 });
  expect(must(s, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:45:00.000Z').value).toBe('reported');
});

test('emergency: the industry department gives its own opinion before the joint opinion goes to review', () => {
  let s = consulting();
  // the vice-mayor can neither go on alone nor type the department's opinion in
  expect(act(def, s, 'SUBMIT_OPINION', { opinion: '建议上报' }, viceMayor, '2026-03-14T05:40:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, s, 'SUBMIT_OPINION', { opinion: '建议上报', departmentOpinion: '同意' }, viceMayor, '2026-03-14T05:40:00.000Z').code).toBe('BAD_USER_INPUT');
  expect(def.states.consulting.awaiting!(s.context)).toEqual({ people: ['vm-li'], units: ['市自然资源和规划局'] });
  // only the industry department itself
  for (const actor of [housing, viceMayor, office, executive])
    expect(act(def, s, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '同意' }, actor, '2026-03-14T05:40:00.000Z').code).toBe('FORBIDDEN');
  s = must(s, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '火情可控，建议上报' }, forestry, '2026-03-14T05:40:00.000Z');
  expect(s.value).toBe('consulting');
  expect(s.context.departmentOpinions).toEqual([
    { draft: 1, content: '火情可控，建议上报', at: '2026-03-14T05:40:00.000Z', by: { id: 'forestry-liu', name: 'forestry-liu', unit: '市自然资源和规划局' } },
  ]);
  expect(def.states.consulting.awaiting!(s.context)).toEqual({ people: ['vm-li'], units: [] });
  expect(act(def, s, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '再补充' }, forestry, '2026-03-14T05:41:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  s = must(s, 'SUBMIT_OPINION', { opinion: '建议上报' }, viceMayor, '2026-03-14T05:45:00.000Z');
  expect(s.value).toBe('reviewing');
  expect(s.context.opinion).toMatchObject({ content: '建议上报', draft: 1, withoutDepartmentReason: null });
  // a returned draft needs the department again
  s = must(s, 'RETURN', { comments: '补充' }, executive, '2026-03-14T05:50:00.000Z');
  expect(act(def, s, 'SUBMIT_OPINION', { opinion: '修改后' }, viceMayor, '2026-03-14T05:55:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  expect(def.states.consulting.awaiting!(s.context).units).toEqual(['市自然资源和规划局']);
});

test('emergency: when the department has not answered within the step limit the vice-mayor may go on, with a reason on record', () => {
  const s = consulting(); // the step began 05:30, 30 minutes allowed
  const urgent = { opinion: '火势扩大，先行报审', withoutDepartmentReason: '行业主管部门逾时未提出意见' };
  expect(act(def, s, 'SUBMIT_OPINION', urgent, viceMayor, '2026-03-14T05:59:59.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, s, 'SUBMIT_OPINION', { opinion: '先行报审' }, viceMayor, '2026-03-14T06:00:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT',
    issues: [{ path: 'withoutDepartmentReason' }],
  });
  const sent = must(s, 'SUBMIT_OPINION', urgent, viceMayor, '2026-03-14T06:00:00.000Z');
  expect(sent.value).toBe('reviewing');
  expect(sent.context.opinion).toMatchObject({ draft: 1, withoutDepartmentReason: '行业主管部门逾时未提出意见', by: { id: 'vm-li' } });
  // with the department's opinion in, there is nothing to excuse
  const answered = must(s, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '同意' }, forestry, '2026-03-14T06:01:00.000Z');
  expect(act(def, answered, 'SUBMIT_OPINION', urgent, viceMayor, '2026-03-14T06:02:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT',
    issues: [{ path: 'withoutDepartmentReason' }],
  });
});

test('emergency: an instance stored before these rules restores and follows them', () => {
  // v1 snapshots had no departmentOpinions, no mayorRequired, and mayor approvals without a draft number
  const old = (value: string, extra: Record<string, unknown>) => {
    const { departmentOpinions: _d, mayorRequired: _m, ...context } = start().context;
    return def.machine.resolveState({ value, context: { ...context, stepEnteredAt: '2026-03-14T05:30:00.000Z', ...extra } });
  };
  const by = { by: { id: 'x', name: 'x', unit: 'x' } };
  const opinion = { content: '旧稿', departmentOpinion: '同意', at: '2026-03-14T05:40:00.000Z', ...by };
  const decided = { mayorApprovalRequired: true, reason: '有伤亡', comments: null, at: '2026-03-14T05:50:00.000Z', ...by };
  const approved = { comments: null, at: '2026-03-14T05:55:00.000Z', ...by };
  const ready = old('readyToReport', { drafts: 1, opinion, decision: decided, mayorApproval: approved });
  expect(must(ready, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:00:00.000Z').value).toBe('reported');
  // returned by the mayor before the upgrade: the mayor is still asked
  const returned = old('consulting', { drafts: 1, opinion, returns: [{ step: 'mayor', comments: '核实', at: '2026-03-14T05:58:00.000Z', ...by }] });
  expect(act(def, returned, 'SUBMIT_OPINION', { opinion: '新稿' }, viceMayor, '2026-03-14T05:45:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  const resubmitted = submitted(returned, '新稿', '2026-03-14T05:45:00.000Z');
  expect(resubmitted.context).toMatchObject({ drafts: 2, departmentOpinions: [{ draft: 2 }] });
  expect(act(def, resubmitted, 'APPROVE', approve(false), executive, '2026-03-14T06:05:00.000Z').code).toBe('BAD_USER_INPUT');
});

test('emergency: nobody but the executive vice-mayor approves the review', () => {
  const s = reviewing();
  for (const actor of [mayor, viceMayor, otherViceMayor, office, forestry]) {
    expect(act(def, s, 'APPROVE', approve(false), actor, '2026-03-14T06:00:00.000Z').code).toBe('FORBIDDEN');
    expect(act(def, s, 'RETURN', { comments: 'x' }, actor, '2026-03-14T06:00:00.000Z').code).toBe('FORBIDDEN');
  }
  expect(act(def, s, 'APPROVE', approve(false), executive, '2026-03-14T06:00:00.000Z').code).toBe('OK');
});

test('emergency: who decided that the mayor must see it, and why, is recorded; the reason is required', () => {
  expect(act(def, reviewing(), 'APPROVE', { mayorApprovalRequired: true }, executive, '2026-03-14T06:00:00.000Z').code).toBe('BAD_USER_INPUT');
  expect(act(def, reviewing(), 'APPROVE', { reason: 'x' }, executive, '2026-03-14T06:00:00.000Z').code).toBe('BAD_USER_INPUT');
  const s = must(reviewing(), 'APPROVE', approve(true), executive, '2026-03-14T06:00:00.000Z');
  expect(s.context.decision).toEqual({
    mayorApprovalRequired: true,
    reason: '有人员受伤',
    comments: null,
    at: '2026-03-14T06:00:00.000Z',
    by: { id: 'evm-sun', name: 'evm-sun', unit: '市政府' },
  });
});

test('emergency: the review may return the draft with comments, and the consultation clock restarts', () => {
  let s = must(reviewing(), 'RETURN', { comments: '补充受伤人员情况' }, executive, '2026-03-14T06:00:00.000Z');
  expect(s.value).toBe('consulting');
  expect(s.context.returns).toMatchObject([{ step: 'review', comments: '补充受伤人员情况', by: { id: 'evm-sun' } }]);
  expect(deadlinesOf(s)).toMatchObject([{ kind: 'consultation', label: '会商时限', minutes: 30, from: '2026-03-14T06:00:00.000Z' }]);
  s = submitted(s, '修改后意见', '2026-03-14T06:15:00.000Z');
  expect(s.context).toMatchObject({ drafts: 2, opinion: { content: '修改后意见', draft: 2, withoutDepartmentReason: null } });
  expect(s.context.departmentOpinions.map((o: { draft: number }) => o.draft)).toEqual([1, 2]);
});

test('emergency: a draft the mayor returns goes back to consultation and must be reviewed again', () => {
  let s = must(reviewing(), 'APPROVE', approve(true), executive, '2026-03-14T06:00:00.000Z');
  s = must(s, 'MAYOR_RETURN', { comments: '核实伤亡' }, mayor, '2026-03-14T06:10:00.000Z');
  expect(s.value).toBe('consulting');
  expect(s.context).toMatchObject({ decision: null, mayorApproval: null, returns: [{ step: 'mayor', comments: '核实伤亡' }] });
  s = submitted(s, '已核实', '2026-03-14T06:20:00.000Z');
  expect(s.value).toBe('reviewing');
  for (const actor of [executive, viceMayor, office]) expect(act(def, s, 'MAYOR_APPROVE', {}, actor, '2026-03-14T06:21:00.000Z').code).toBe('FORBIDDEN');
});

test('emergency: only the responsible vice-mayor submits the opinion drafted with the industry department', () => {
  const s = consulting();
  for (const actor of [otherViceMayor, executive, forestry, office]) expect(act(def, s, 'SUBMIT_OPINION', { opinion: 'x' }, actor, '2026-03-14T05:40:00.000Z').code).toBe('FORBIDDEN');
  // starting the consultation is open to the vice-mayor, the industry department and the office, not to others
  expect(act(def, start(), 'START_CONSULTATION', {}, forestry, '2026-03-14T05:30:00.000Z').code).toBe('OK');
  expect(act(def, start(), 'START_CONSULTATION', {}, office, '2026-03-14T05:30:00.000Z').code).toBe('OK');
  expect(act(def, start(), 'START_CONSULTATION', {}, housing, '2026-03-14T05:30:00.000Z').code).toBe('FORBIDDEN');
});

test('emergency: each step has a time limit in minutes from when the step was entered', () => {
  // registration has no entering event: its clock runs from the incident
  expect(deadlinesOf(start())).toMatchObject([{ kind: 'registration', label: '启动会商时限', minutes: 30, from: '2026-03-14T13:20:00+08:00' }]);
  expect(deadlinesOf(consulting())[0]).toMatchObject({ kind: 'consultation', from: '2026-03-14T05:30:00.000Z' });
  expect(deadlinesOf(reviewing())[0]).toMatchObject({ kind: 'review', label: '审核时限', minutes: 30, from: '2026-03-14T05:50:00.000Z' });
  const mayorStep = must(reviewing(), 'APPROVE', approve(true), executive, '2026-03-14T06:00:00.000Z');
  expect(deadlinesOf(mayorStep)).toMatchObject([{ kind: 'mayorApproval', label: '市长审批时限', minutes: 30, from: '2026-03-14T06:00:00.000Z' }]);
  const ready = must(mayorStep, 'MAYOR_APPROVE', {}, mayor, '2026-03-14T06:12:00.000Z');
  expect(deadlinesOf(ready)).toMatchObject([{ kind: 'upwardReport', label: '上报时限', minutes: 30, from: '2026-03-14T06:12:00.000Z' }]);
  expect(deadlinesOf(must(ready, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:20:00.000Z'))).toEqual([]);
  // warned at 75% of the step: 22.5 minutes in
  const due = resolveDeadline(deadlinesOf(ready)[0], new WorkingCalendar());
  expect([due.warnAt.toISOString(), due.due.toISOString()]).toEqual(['2026-03-14T06:34:30.000Z', '2026-03-14T06:42:00.000Z']);
});

test('emergency: the step limit defaults per incident kind (30 minutes) and an incident may override it', () => {
  expect(Object.keys(STEP_MINUTES_BY_KIND).sort()).toEqual([...INCIDENT_KINDS].sort());
  expect(Object.values(STEP_MINUTES_BY_KIND).every((m) => m === 30)).toBe(true);
  expect(deadlinesOf(start({ kind: '海上险情', stepMinutes: 15 }))[0]).toMatchObject({ minutes: 15 });
  expect(def.start.input.safeParse(raw({ stepMinutes: 0 })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ stepMinutes: 7.5 })).success).toBe(false);
});

test('emergency: the upward report records its time and channel, never before the approval', () => {
  const ready = must(reviewing(), 'APPROVE', approve(false), executive, '2026-03-14T06:00:00.000Z');
  expect(act(def, ready, 'REPORT_UPWARD', { channel: '电话', reportedAt: '2026-03-14T13:59:00+08:00' }, office, '2026-03-14T06:10:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT',
    issues: [{ path: 'reportedAt' }],
  });
  expect(act(def, ready, 'REPORT_UPWARD', { channel: '飞鸽' }, office, '2026-03-14T06:10:00.000Z').code).toBe('BAD_USER_INPUT');
  expect(act(def, ready, 'REPORT_UPWARD', { channel: '电话' }, housing, '2026-03-14T06:10:00.000Z').code).toBe('FORBIDDEN');
  const s = must(ready, 'REPORT_UPWARD', { channel: '应急信息系统', reportedAt: '2026-03-14T14:05:00+08:00' }, forestry, '2026-03-14T06:10:00.000Z');
  expect(s.context.upwardReport).toMatchObject({ reportedAt: '2026-03-14T14:05:00+08:00', channel: '应急信息系统', at: '2026-03-14T06:10:00.000Z' });
});

test('emergency: a false alarm may be cancelled with a reason before the upward report, never after', () => {
  const s = must(reviewing(), 'CANCEL', { reason: '经核实为误报' }, office, '2026-03-14T06:00:00.000Z');
  expect(s.value).toBe('cancelled');
  expect(def.states.cancelled.finalStatus).toBe('CANCELLED');
  expect(act(def, consulting(), 'CANCEL', { reason: 'x' }, viceMayor, '2026-03-14T06:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, consulting(), 'CANCEL', {}, executive, '2026-03-14T06:00:00.000Z').code).toBe('BAD_USER_INPUT');
  const ready = must(reviewing(), 'APPROVE', approve(false), executive, '2026-03-14T06:00:00.000Z');
  const reported = must(ready, 'REPORT_UPWARD', { channel: '电话' }, office, '2026-03-14T06:10:00.000Z');
  expect(act(def, reported, 'CANCEL', { reason: '误报' }, office, '2026-03-14T06:30:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('events a state does not handle leave the snapshot unchanged', () => {
  const s = consulting();
  for (const type of ['APPROVE', 'MAYOR_APPROVE', 'REPORT_UPWARD', 'FOLLOW_UP', 'FINAL_REPORT']) {
    const event = { type, payload: { mayorApprovalRequired: false, reason: 'x', channel: '电话', content: 'x' }, actor: executive, at: '2026-03-14T06:00:00.000Z' } as any;
    expect(s.can(event)).toBe(false);
    expect(transition(def.machine, s, event)[0]).toBe(s);
  }
});

test('the incident input is checked: kinds, casualties as non-negative integers, and no future incident', () => {
  expect(def.start.input.safeParse(raw({ kind: '地震' })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ casualties: { deaths: -1, injured: 0, missing: 0 } })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ casualties: { deaths: 1.5, injured: 0, missing: 0 } })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ occurredAt: '2026-03-14 13:20' })).success).toBe(false);
  // 00:30 on 15 March in Shanghai is still 14 March in UTC: the Shanghai day counts
  expect(def.start.check!(def.start.input.parse(raw({ occurredAt: '2026-03-15T00:30:00+08:00' })), '2026-03-14', office)).toEqual([
    { path: 'occurredAt', message: 'must not be after today (2026-03-14)' },
  ]);
  expect(def.start.check!(def.start.input.parse(raw()), '2026-03-14', office)).toEqual([]);
  expect(allows(def, def.start.allow, office, null) && allows(def, def.start.allow, forestry, null)).toBe(true);
  expect(allows(def, def.start.allow, mayor, null)).toBe(false);
});

test('the incident is listed with its kind and place, its industry department and its vice-mayor', () => {
  expect(def.describe(start().context)).toEqual({ title: '森林火灾：罗山林场', units: ['市自然资源和规划局'], people: ['vm-li'] });
  for (const state of Object.keys(def.machine.root.states)) expect(def.states[state].label).toMatch(/\p{Script=Han}/u);
  for (const e of Object.values(def.events)) expect(e.label).toMatch(/\p{Script=Han}/u);
});
