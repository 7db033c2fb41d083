/** Each process escalates as process-rules.md says when its deadline passes. */
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { clerks } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { GET, SEND, START } from '../helpers/letters';

const clock = new TestClock('2026-11-02T01:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

const { office, viceMayor, executiveViceMayor: evm, town, emergency: emergencyDept, development: lead, finance } = clerks;

async function run(who: typeof office, query: string, variables: Record<string, unknown>) {
  const res = await gql(t.url, await tokenFor(who), query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
const start = async (who: typeof office, machineId: string, input: Record<string, unknown>) =>
  (await run(who, START, { input: { machineId, input } })).startWorkflow.id as string;
const send = (who: typeof office, workflowId: string, type: string, payload: Record<string, unknown> = {}) =>
  run(who, SEND, { input: { workflowId, type, payload } });
const get = async (id: string) => (await run(office, GET, { id })).workflow;
const tasksOf = async (who: typeof office) =>
  (await run(who, `{ myTasks { escalated workflow { id } } }`, {})).myTasks as { escalated: boolean; workflow: { id: string } }[];

test('interview: overdue rectification turns RED and escalates to the interviewing leader', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await start(office, 'rectificationInterview', {
    unit: '罗峰街道', unitKind: 'TOWN', grounds: '有令不行', facts: '禁烧不力', leader: { id: 'vm-li', name: '李副市长' },
  });
  await send(office, id, 'SCHEDULE', { time: '2026-11-03T09:00:00+08:00', place: '第三会议室' });
  await send(viceMayor, id, 'HOLD_INTERVIEW', { criticism: '落实不力', requirements: '限期整改', rectificationDeadline: '2026-11-20' });
  clock.set('2026-11-20T16:00:01Z'); // 24:00 on 20 November in Shanghai has passed
  await t.app.timers.runDue();
  const w = await get(id);
  expect(w).toMatchObject({ state: 'rectifying', alertLevel: 'RED', escalatedTo: ['person:vm-li'], awaiting: ['unit:罗峰街道'] });
  expect((await tasksOf(viceMayor)).find((x) => x.workflow.id === id)?.escalated).toBe(true);
  expect((await tasksOf(town)).find((x) => x.workflow.id === id)?.escalated).toBe(false);
});

test('emergency: an overdue step turns RED within minutes and notifies the next level up', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await start(office, 'emergencyReport', {
    kind: '森林火灾', occurredAt: '2026-11-02T08:50:00+08:00', place: '罗山林场', summary: '起火',
    casualties: { deaths: 0, injured: 0, missing: 0 }, viceMayor: { id: 'vm-li', name: '李副市长' }, department: '市应急局',
  });
  await send(emergencyDept, id, 'START_CONSULTATION');
  clock.set('2026-11-02T01:22:31Z'); // 75% of the 30 minutes
  await t.app.timers.runDue();
  expect((await get(id)).alertLevel).toBe('YELLOW');
  clock.set('2026-11-02T01:30:01Z');
  await t.app.timers.runDue();
  const w = await get(id);
  expect(w).toMatchObject({ state: 'consulting', alertLevel: 'RED', escalatedTo: ['role:EXECUTIVE_VICE_MAYOR'] });
  expect((await tasksOf(evm)).find((x) => x.workflow.id === id)?.escalated).toBe(true);
});

test('countersign: a signer late in the round goes RED with the document, and is named', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await start(lead, 'documentCountersign', {
    title: '通知', kind: '文件', leadUnit: '市发改局', signers: ['市财政局', '市司法局'],
    contentRef: 'doc://1', contentHash: 'a'.repeat(64), signOffLeader: { id: 'evm-sun', name: '孙常务副市长' },
  });
  await send(lead, id, 'SEND');
  await send(finance, id, 'AGREE');
  clock.set('2026-11-05T16:00:01Z'); // three working days from Monday 2 November have ended
  await t.app.timers.runDue();
  const w = await get(id);
  expect(w).toMatchObject({ state: 'countersigning', alertLevel: 'RED', awaiting: ['unit:市司法局'] });
  expect(w.context.lateSigners).toEqual(['市司法局']);
  expect(w.escalatedTo).toEqual(['unit:市司法局', 'unit:市发改局']);
});
