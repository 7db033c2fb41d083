/**
 * 重大事项 (clause 22) end to end over GraphQL: a leader's 3-4 matters for 2026, confirmed by the
 * government, reported every quarter until each has its outcome; the list's date and the
 * quarterly reports turn YELLOW and RED by themselves and escalate; refusals write nothing.
 */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { clerks } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { GET, SEND, START } from '../helpers/letters';

const clock = new TestClock('2026-01-05T01:00:00Z'); // Monday 09:00 Shanghai
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

const { office, viceMayor: leader, mayor, otherViceMayor, executiveViceMayor, housing, transport, development, finance, town } = clerks;
type Who = typeof office;
const { run, send } = actingOn(() => t.url);
const get = async (id: string, who: Who = office) => (await run(who, GET, { id })).workflow;
const taskOf = async (who: Who, id: string) =>
  ((await run(who, `{ myTasks { mustAct escalated workflow { id alertLevel } } }`)).myTasks as any[]).find((x) => x.workflow.id === id);
async function at(iso: string) {
  clock.set(iso);
  await t.app.timers.runDue();
}
/** the raw answer, for refusals */
const attempt = async (who: Who, workflowId: string, type: string, payload: Record<string, unknown> = {}) =>
  gql(t.url, await tokenFor(who), SEND, { input: { workflowId, type, payload } });

const MATTERS = [
  { title: '老旧小区改造攻坚', goal: '年内完成42个小区改造', leadUnit: '市住建局', coUnits: ['罗峰街道'] },
  { title: '交通路网提升', goal: '建成3条城市主干道', leadUnit: '市交通局' },
  { title: '重点项目建设', goal: '20个省市重点项目全部开工', leadUnit: '市发改局' },
  { title: '财源建设', goal: '一般公共预算收入增长6%', leadUnit: '市财政局' },
];
const unitOf: Record<string, Who> = { 市住建局: housing, 市交通局: transport, 市发改局: development, 市财政局: finance };

/** vm-li's list for 2026, opened by the office, with the first `n` matters */
async function drafted(n: number, starter: Who = office): Promise<string> {
  const { startWorkflow } = await run(starter, START, {
    input: { machineId: 'majorMatter', input: { year: 2026, leader: { id: 'vm-li', name: '李副市长' } } },
  });
  for (const m of MATTERS.slice(0, n)) await send(leader, startWorkflow.id, 'ADD_MATTER', m);
  return startWorkflow.id;
}

/** every open matter still to report for the quarter now due reports, by its unit in charge */
async function reportQuarter(id: string): Promise<any> {
  let w = await get(id);
  const q = w.context.reportQuarter;
  const done = new Set(w.context.reports.filter((r: any) => r.quarter === q).map((r: any) => r.matterId));
  for (const m of w.context.matters.filter((x: any) => !x.outcome && !done.has(x.id))) {
    w = await send(unitOf[m.leadUnit], id, 'REPORT_PROGRESS', { matterId: m.id, quarter: q, content: `第${q}季度按计划推进` });
  }
  return w;
}

test('第22条: 3-4 matters proposed in Q1, returned once, confirmed at an executive meeting, reported every quarter, closed when each has its outcome', async () => {
  clock.set('2026-01-05T01:00:00Z');
  const id = await drafted(4);
  let w = await get(id);
  expect(w).toMatchObject({ state: 'drafting', stateLabel: '研究确定重大事项', awaiting: ['person:vm-li'], deadline: '2026-03-31T16:00:00.000Z', alertLevel: 'BLUE' });
  // undecided (第29条): the units named in the draft do not see it yet
  expect((await gql(t.url, await tokenFor(housing), GET, { id })).data.workflow).toBeNull();
  expect((await get(id, mayor)).context.matters).toHaveLength(4);

  w = await send(leader, id, 'REMOVE_MATTER', { matterId: 'M4', reason: '纳入部门常规工作' });
  clock.set('2026-01-20T01:00:00Z');
  w = await send(leader, id, 'SUBMIT', { note: '请市政府研究确定' });
  expect(w).toMatchObject({ state: 'confirming', awaiting: ['role:MAYOR', 'role:OFFICE'], deadline: null });
  w = await send(mayor, id, 'RETURN', { reason: '交通路网目标需量化到公里' });
  expect(w).toMatchObject({ state: 'drafting', awaiting: ['person:vm-li'] });
  expect(w.context.returns).toMatchObject([{ via: 'MAYOR', reason: '交通路网目标需量化到公里' }]);
  await send(leader, id, 'REMOVE_MATTER', { matterId: 'M2' });
  await send(leader, id, 'ADD_MATTER', { ...MATTERS[1], goal: '建成城市主干道12公里' });
  clock.set('2026-02-10T01:00:00Z');
  await send(leader, id, 'SUBMIT');
  clock.set('2026-02-12T08:00:00Z');
  w = await send(office, id, 'RECORD_MEETING_DECISION', { meetingDate: '2026-02-12', meetingNumber: '2026年第3次', decision: 'CONFIRMED' });
  expect(w).toMatchObject({
    state: 'underway', stateLabel: '推进中', alertLevel: 'BLUE',
    context: { reportQuarter: 1, confirmation: { via: 'MEETING', meeting: { date: '2026-02-12', number: '2026年第3次' } } },
    awaiting: ['unit:市住建局', 'unit:市发改局', 'unit:市交通局', 'person:vm-li'],
    units: ['市住建局', '罗峰街道', '市发改局', '市交通局'],
  });
  expect(w.context.matters.map((m: any) => m.id)).toEqual(['M1', 'M3', 'M5']);
  // 1, 2, 3, (清明), 7, 8 April: late from 24:00 on the 8th, RED from 24:00 on the 10th
  expect(w.deadlines).toEqual([{ kind: 'quarterlyReport', label: '第1季度进展报告', due: '2026-04-10T16:00:00.000Z', warnAt: '2026-04-08T16:00:00.000Z', provisional: false }]);
  // the office's ledger: confirmed, the list is the units' to see
  const ledger = await run(housing, `{ workflows(filter: { machineId: "majorMatter", unit: "市住建局" }) { edges { node { id title state } } } }`);
  expect(ledger.workflows.edges.map((e: any) => e.node)).toEqual([{ id, title: '2026年度重大事项（李副市长）', state: 'underway' }]);

  clock.set('2026-03-25T01:00:00Z');
  w = await reportQuarter(id);
  expect(w.context.reportQuarter).toBe(2);
  expect(w.history.at(-1)).toMatchObject({ eventType: 'REPORT_PROGRESS', actor: { unit: '市交通局' }, payload: { matterId: 'M5', quarter: 1 } });
  clock.set('2026-07-02T01:00:00Z');
  await reportQuarter(id);
  clock.set('2026-10-12T01:00:00Z');
  w = await reportQuarter(id);
  expect(w).toMatchObject({ context: { reportQuarter: 4 }, deadlines: [{ label: '第4季度进展报告' }] });

  clock.set('2026-12-15T01:00:00Z');
  await send(leader, id, 'COMPLETE_MATTER', { matterId: 'M1', summary: '42个小区全部完工' });
  w = await reportQuarter(id);
  expect(w).toMatchObject({ context: { reportQuarter: 5 }, deadlines: [{ kind: 'outcome', label: '年终结果' }], awaiting: ['person:vm-li'] });
  await send(leader, id, 'CARRY_OVER_MATTER', { matterId: 'M3', reason: '3个项目受用地指标影响跨年开工' });
  w = await send(mayor, id, 'DROP_MATTER', { matterId: 'M5', reason: '上级调整路网规划' });
  expect(w).toMatchObject({ state: 'concluded', stateLabel: '年度清单办结', status: 'DONE', alertLevel: 'BLUE', awaiting: [], deadlines: [] });
  expect(w.context.matters.map((m: any) => m.outcome.kind)).toEqual(['COMPLETED', 'CARRIED_OVER', 'DROPPED']);
  expect(w.context.reports).toHaveLength(3 + 3 + 3 + 2);
});

test('第22条: a list not in by 31 March turns YELLOW, then RED and escalates to the office; a late quarterly report YELLOW, then RED to the leader and the office', async () => {
  clock.set('2026-01-05T01:00:00Z');
  const id = await drafted(2, leader);
  expect((await get(id)).deadlines).toEqual([{ kind: 'list', label: '提交重大事项', due: '2026-03-31T16:00:00.000Z', warnAt: '2026-03-30T16:00:00.000Z', provisional: false }]);
  await at('2026-03-30T16:00:01Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'YELLOW', escalatedTo: [] });
  await at('2026-03-31T16:00:01Z');
  let w = await get(id);
  expect(w).toMatchObject({ state: 'drafting', alertLevel: 'RED', escalatedTo: ['role:OFFICE'], awaiting: ['person:vm-li'] });
  expect(w.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_PASSED', actor: { id: 'system' }, payload: { kind: 'list', escalatedTo: ['role:OFFICE'] } });
  expect(await taskOf(office, id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });
  expect(await taskOf(leader, id)).toMatchObject({ mustAct: true });

  // submitted late, confirmed in April: the first report due is the second quarter's
  clock.set('2026-04-01T01:00:00Z');
  await send(leader, id, 'ADD_MATTER', MATTERS[2]);
  w = await send(leader, id, 'SUBMIT');
  expect(w).toMatchObject({ state: 'confirming', alertLevel: 'BLUE', escalatedTo: [] });
  expect(await taskOf(office, id)).toMatchObject({ escalated: false, mustAct: true });
  clock.set('2026-04-02T01:00:00Z');
  w = await send(mayor, id, 'CONFIRM', { comment: '同意' });
  expect(w).toMatchObject({ state: 'underway', context: { reportQuarter: 2 } });
  expect(w.deadlines).toMatchObject([{ label: '第2季度进展报告', warnAt: '2026-07-07T16:00:00.000Z', due: '2026-07-09T16:00:00.000Z' }]);
  clock.set('2026-06-20T01:00:00Z');
  await send(housing, id, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 2, content: '完成28个小区' });

  await at('2026-07-07T16:00:01Z'); // the fifth working day after 30 June has ended: late
  expect(await get(id)).toMatchObject({ alertLevel: 'YELLOW', escalatedTo: [] });
  await at('2026-07-09T16:00:01Z');
  w = await get(id);
  expect(w).toMatchObject({ alertLevel: 'RED', escalatedTo: ['person:vm-li', 'role:OFFICE'], awaiting: ['unit:市交通局', 'unit:市发改局', 'person:vm-li'] });
  expect(w.context.late.at(-1)).toEqual({ kind: 'quarterlyReport', quarter: 2, matters: ['M2', 'M3'], due: '2026-07-09T16:00:00.000Z' });
  expect(await taskOf(leader, id)).toMatchObject({ escalated: true, mustAct: true });
  expect(await taskOf(office, id)).toMatchObject({ escalated: true, mustAct: false });
  expect(await taskOf(transport, id)).toMatchObject({ escalated: false, mustAct: true, workflow: { alertLevel: 'RED' } });
  expect(await taskOf(housing, id)).toBeUndefined();

  // the late reports come in: the third quarter's clock is the deadline now, BLUE, the escalation over
  clock.set('2026-07-10T01:00:00Z');
  w = await reportQuarter(id);
  expect(w).toMatchObject({ alertLevel: 'BLUE', escalatedTo: [], context: { reportQuarter: 3 }, deadlines: [{ label: '第3季度进展报告' }] });
  expect(await taskOf(office, id)).toBeUndefined();
});

test('第22条: refused acts write nothing: a fifth matter, a unit reporting on another unit\'s matter, a vice-mayor dropping a matter, an early report', async () => {
  clock.set('2026-01-05T01:00:00Z');
  const id = await drafted(4);
  const before = await fingerprint(t.db.url);
  const fifth = await attempt(leader, id, 'ADD_MATTER', { title: '第五项', goal: 'x', leadUnit: '市审计局' });
  expect(codeOf(fifth)).toBe('BAD_USER_INPUT');
  expect(fifth.errors![0].extensions.invalidFields).toEqual([{ path: 'matters', message: expect.stringMatching(/^第22条.*3-4项.*已有4项/) }]);
  expect(codeOf(await attempt(housing, id, 'ADD_MATTER', MATTERS[0]))).toBe('NOT_FOUND'); // undecided: not theirs to see
  expect(codeOf(await attempt(otherViceMayor, id, 'SUBMIT'))).toBe('NOT_FOUND'); // nor another vice-mayor's
  expect(codeOf(await attempt(executiveViceMayor, id, 'SUBMIT'))).toBe('FORBIDDEN'); // who may read it
  expect(codeOf(await attempt(leader, id, 'CONFIRM'))).toBe('FORBIDDEN');
  expect(await fingerprint(t.db.url)).toBe(before);

  await send(leader, id, 'REMOVE_MATTER', { matterId: 'M4' });
  await send(leader, id, 'SUBMIT');
  await send(mayor, id, 'CONFIRM');
  const confirmed = await fingerprint(t.db.url);
  expect(codeOf(await attempt(transport, id, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 1, content: 'x' }))).toBe('EVENT_NOT_ACCEPTED');
  expect(codeOf(await attempt(town, id, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 1, content: 'x' }))).toBe('FORBIDDEN');
  expect(codeOf(await attempt(otherViceMayor, id, 'DROP_MATTER', { matterId: 'M1', reason: 'x' }))).toBe('FORBIDDEN');
  const early = await attempt(leader, id, 'REPORT_PROGRESS', { matterId: 'M1', quarter: 2, content: 'x' });
  expect(early.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'quarter' }] });
  expect(codeOf(await attempt(leader, id, 'CARRY_OVER_MATTER', { matterId: 'M1', reason: '跨年' }))).toBe('BAD_USER_INPUT');
  expect(await fingerprint(t.db.url)).toBe(confirmed);
});
