/**
 * 常态化履职 over GraphQL with a test clock (clause 8: 每月至少调度1次分管领域重点招商项目): a month
 * met closes by itself and the next opens; a month missed turns RED by itself and escalates to
 * the office until the office handles it; an occurrence outside the month is refused and writes
 * nothing.
 */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { clerks } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { GET, SEND, START } from '../helpers/letters';
import { dutyInputFor, findDutyTemplate } from '../../machines/recurringDuty/recurringDuty.catalogue';

const NOW = '2026-11-02T01:00:00Z'; // Monday 09:00 Shanghai
const clock = new TestClock(NOW);
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

const { office, viceMayor: owner, otherViceMayor } = clerks;
type Who = typeof office;
const { run, send } = actingOn(() => t.url);
const get = async (id: string) => (await run(office, GET, { id })).workflow;
const taskOf = async (who: Who, id: string) =>
  ((await run(who, `{ myTasks { mustAct escalated workflow { id alertLevel } } }`)).myTasks as any[]).find((x) => x.workflow.id === id);
async function at(iso: string) {
  clock.set(iso);
  await t.app.timers.runDue();
}

/** vm-li's monthly 调度 of key investment projects, from November 2026, started by the office. */
async function started(): Promise<string> {
  clock.set(NOW);
  const input = dutyInputFor(findDutyTemplate('investmentProjects')!, { person: { id: owner.id, name: '李副市长' } }, '2026-11-01');
  const { startWorkflow } = await run(office, START, { input: { machineId: 'recurringDuty', input } });
  expect(startWorkflow).toMatchObject({
    state: 'pending', title: '调度分管领域重点招商项目（李副市长）2026年11月', people: ['vm-li'], awaiting: ['person:vm-li'],
    context: { periodStart: '2026-11-01', done: 0, required: 1 },
  });
  return startWorkflow.id;
}

test('a month met: closed as met at its end, the next month opened in the same workflow', async () => {
  const id = await started();
  expect(await taskOf(owner, id)).toMatchObject({ mustAct: true, escalated: false });
  clock.set('2026-11-10T09:00:00Z');
  const met = await send(owner, id, 'RECORD_OCCURRENCE', {
    date: '2026-11-10', evidence: '调度黄金深加工产业园项目，协调解决用地问题', attachmentRef: 'minutes/2026-11-10.pdf',
  });
  expect(met).toMatchObject({ state: 'met', stateLabel: '本期已达标', alertLevel: 'BLUE', awaiting: [], context: { done: 1, required: 1 } });
  // met: no YELLOW in the last working days, the month's end its only timer
  expect(met.pendingTimers).toEqual([{ kind: 'period:2026-11-01', action: 'DUE', dueAt: '2026-11-30T16:00:00.000Z' }]);
  expect(await taskOf(owner, id)).toBeUndefined();
  await at('2026-11-26T01:00:00Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'BLUE' });

  await at('2026-11-30T16:00:01Z'); // 24:00 Monday 30 November
  const next = await get(id);
  expect(next).toMatchObject({
    state: 'pending', status: 'ACTIVE', alertLevel: 'BLUE', escalatedTo: [], title: '调度分管领域重点招商项目（李副市长）2026年12月',
    context: { periodStart: '2026-12-01', periodEnd: '2026-12-31', done: 0, occurrences: [] },
  });
  expect(next.context.periods).toMatchObject([{ periodStart: '2026-11-01', outcome: 'MET', done: 1, required: 1 }]);
  expect(next.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED', stateBefore: 'met', stateAfter: 'pending', alertLevel: 'BLUE', actor: { id: 'system' },
    payload: { kind: 'period:2026-11-01', escalatedTo: [] },
  });
  expect(next.deadlines).toMatchObject([{ kind: 'period:2026-12-01', due: '2026-12-31T16:00:00.000Z', warnAt: '2026-12-28T16:00:00.000Z' }]);
  expect(next.pendingTimers).toEqual([
    { kind: 'period:2026-12-01', action: 'WARN', dueAt: '2026-12-28T16:00:00.000Z' },
    { kind: 'period:2026-12-01', action: 'DUE', dueAt: '2026-12-31T16:00:00.000Z' },
  ]);
  expect(await taskOf(owner, id)).toMatchObject({ mustAct: true });
});

test('a month missed: YELLOW in its last 3 working days, then RED and escalated to the office, until the office handles it', async () => {
  const id = await started();
  await at('2026-11-25T16:00:01Z'); // the last 3 working days: 26, 27 and 30 November
  expect(await get(id)).toMatchObject({ state: 'pending', alertLevel: 'YELLOW', escalatedTo: [] });
  expect(await taskOf(owner, id)).toMatchObject({ mustAct: true, workflow: { alertLevel: 'YELLOW' } });
  expect(await taskOf(office, id)).toBeUndefined();

  await at('2026-11-30T16:00:01Z');
  const missed = await get(id);
  expect(missed).toMatchObject({
    state: 'pending', alertLevel: 'RED', escalatedTo: ['role:OFFICE'], awaiting: ['person:vm-li'],
    context: { periodStart: '2026-12-01', done: 0 },
  });
  expect(missed.context.periods).toMatchObject([{ periodStart: '2026-11-01', outcome: 'MISSED', done: 0, acknowledged: null }]);
  expect(missed.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED', alertLevel: 'RED', payload: { kind: 'period:2026-11-01', escalatedTo: ['role:OFFICE'] },
  });
  expect(missed.escalations).toMatchObject([{ kind: 'period:2026-11-01', due: '2026-11-30T16:00:00.000Z', to: ['role:OFFICE'] }]);
  // the missed month stays on record next to December's; nothing fires for it again
  expect(missed.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['period:2026-12-01', 'period:2026-11-01']);
  expect(missed.pendingTimers.map((x: { kind: string }) => x.kind)).toEqual(['period:2026-12-01', 'period:2026-12-01']);
  expect(await taskOf(office, id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });

  // December's 调度 does not clear November's miss: only the office's handling does
  clock.set('2026-12-02T02:00:00Z');
  expect(await send(owner, id, 'RECORD_OCCURRENCE', { date: '2026-12-02', evidence: '调度重点招商项目' })).toMatchObject({ state: 'met', alertLevel: 'RED' });
  const handled = await send(office, id, 'ACKNOWLEDGE_MISSES', { note: '已通报，督促按月调度' });
  expect(handled).toMatchObject({ state: 'met', alertLevel: 'BLUE', escalatedTo: [] });
  expect(handled.context.periods[0].acknowledged).toMatchObject({ note: '已通报，督促按月调度', by: { id: 'office-wang' } });
  expect(await taskOf(office, id)).toBeUndefined();
});

test('an occurrence dated outside the current month is refused, citing the clause, and writes nothing', async () => {
  const id = await started();
  clock.set('2026-11-03T02:00:00Z');
  const before = await fingerprint(t.db.url);
  const res = await gql(t.url, await tokenFor(owner), SEND, {
    input: { workflowId: id, type: 'RECORD_OCCURRENCE', payload: { date: '2026-10-30', evidence: '调度重点招商项目' } },
  });
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions.invalidFields).toEqual([
    { path: 'date', message: expect.stringContaining('不在本期（2026年11月：2026-11-01至2026-11-30）内，按第8条“市政府领导班子成员要带头招商，每月至少调度1次分管领域重点招商项目”不计入') },
  ]);
  // another leader may not record it for the owner
  const other = await gql(t.url, await tokenFor(otherViceMayor), SEND, {
    input: { workflowId: id, type: 'RECORD_OCCURRENCE', payload: { date: '2026-11-03', evidence: '代为调度' } },
  });
  expect(codeOf(other)).toBe('FORBIDDEN');
  expect(await fingerprint(t.db.url)).toBe(before);
  expect(await get(id)).toMatchObject({ version: 1, context: { occurrences: [] } });
});
