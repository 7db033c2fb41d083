/**
 * Clause 29 for workflows that are themselves undecided: a proposed interview (拟约谈, with its
 * grounds and facts) and a letter not yet issued belong to the office and the leaders until they
 * are decided. The interviewed or addressed unit meets them nowhere: not by id, in lists, in its
 * tasks, on the wall, in a subscription or a replayed feed — and a proposal cancelled before it
 * was scheduled stays undecided for good. Also: the admin `snapshot` field redacts what the
 * `context` field redacts.
 */
import { actingOn } from '../helpers/acting';
import { startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { clerks } from '../helpers/cast';
import { letterInput } from '../helpers/letters';
import { collect, wsClient } from '../helpers/ws';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const { office, viceMayor: leader, otherViceMayor, townColleague: town, executiveViceMayor: evm, emergency: dept } = clerks;

const { run: as, send } = actingOn(() => t.url);
const start = async (machineId: string, input: unknown) =>
  (await as(office, `mutation($i: StartWorkflowInput!) { startWorkflow(input: $i) { id } }`, { i: { machineId, input } })).startWorkflow.id as string;

/** Everywhere a unit could meet a workflow, by its id. */
async function whereSeen(who: typeof office, id: string): Promise<string[]> {
  const data = await as(
    who,
    `query($id: ID!) { workflow(id: $id) { id } workflows(first: 100) { edges { node { id } } }
      myTasks(first: 50) { workflow { id } } transitionFeed(first: 100) { edges { node { workflowId } } } }`,
    { id },
  );
  return [
    ...(data.workflow ? ['workflow'] : []),
    ...(data.workflows.edges.some((e: any) => e.node.id === id) ? ['workflows'] : []),
    ...(data.myTasks.some((x: any) => x.workflow.id === id) ? ['myTasks'] : []),
    ...(data.transitionFeed.edges.some((e: any) => e.node.workflowId === id) ? ['transitionFeed'] : []),
  ];
}

/** Waits until a transition has its stream position (given just after commit): the feed has it for `who`. */
async function untilInFeed(who: typeof office, id: string, eventType: string) {
  for (let i = 0; i < 200; i++) {
    const feed = await as(who, `{ transitionFeed(first: 100, after: "0") { edges { node { workflowId eventType } } } }`);
    if (feed.transitionFeed.edges.some((e: any) => e.node.workflowId === id && e.node.eventType === eventType)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${eventType} of ${id} never reached the feed of ${who.id}`);
}

const interview = {
  unit: '罗峰街道',
  unitKind: 'TOWN',
  grounds: '重点工作落实不力造成重大负面影响',
  facts: '拟约谈：安全生产整治工作推进迟缓',
  leader: { id: 'vm-li', name: '李副市长' },
};

test('a proposed interview reaches the interviewed unit nowhere until it is scheduled, and then everywhere', async () => {
  const live = collect(wsClient(t.url, await tokenFor(town)));
  await new Promise((r) => setTimeout(r, 200));
  const id = await start('rectificationInterview', interview);
  await untilInFeed(leader, id, 'START');
  expect(await whereSeen(town, id)).toEqual([]);
  expect(await whereSeen(otherViceMayor, id)).toEqual([]);
  expect(await whereSeen(leader, id)).toEqual(['workflow', 'workflows', 'myTasks', 'transitionFeed']);
  const wall = await as(town, `{ alertSummary(filter: { machineId: "rectificationInterview" }) { total } }`);
  expect(wall.alertSummary.total).toBe(0);

  await send(office, id, 'SCHEDULE', { time: '2026-12-20T09:00:00+08:00', place: '市政府第一会议室' });
  await untilInFeed(leader, id, 'SCHEDULE');
  expect(await whereSeen(town, id)).toEqual(['workflow', 'workflows', 'transitionFeed']);
  const got = await live.waitFor(1);
  // the subscription got the decision, not the proposal that preceded it
  expect(got.map((m) => [m.workflowId, m.eventType])).toEqual([[id, 'SCHEDULE']]);
  await new Promise((r) => setTimeout(r, 200));
  expect(live.messages).toHaveLength(1);
  // a replay from the start shows each transition as it was: the proposal stays out
  const feed = await as(town, `{ transitionFeed(first: 200, after: "0") { edges { node { workflowId eventType } } } }`);
  expect(feed.transitionFeed.edges.filter((e: any) => e.node.workflowId === id).map((e: any) => e.node.eventType)).toEqual(['SCHEDULE']);
  await live.close();
});

test('a proposal or a draft letter cancelled before it was decided stays undecided for good', async () => {
  const proposal = await start('rectificationInterview', interview);
  await send(leader, proposal, 'CANCEL', { reason: '情况已核实，不再约谈' });
  const letter = await start('supervisionLetter', letterInput({ leadUnit: '罗峰街道', coUnits: [] }));
  await send(office, letter, 'CANCEL', { reason: '改为电话督办' });
  await untilInFeed(office, letter, 'CANCEL');
  for (const id of [proposal, letter]) {
    expect(await whereSeen(town, id)).toEqual([]);
    expect((await as(office, `{ workflow(id: "${id}") { status } }`)).workflow.status).toBe('CANCELLED');
  }
});

test('the snapshot field redacts the undecided opinion exactly as the context field does', async () => {
  const id = await start('emergencyReport', {
    kind: '森林火灾', occurredAt: new Date(t.clock.now().getTime() - 60_000).toISOString(), place: '罗山林场', summary: '林场起火',
    casualties: { deaths: 0, injured: 0, missing: 0 }, viceMayor: { id: 'vm-li', name: '李副市长' }, department: '市应急局',
  });
  await send(dept, id, 'START_CONSULTATION');
  await send(dept, id, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '建议启动三级响应' });
  await send(leader, id, 'SUBMIT_OPINION', { opinion: '同意部门意见，建议上报' });
  const read = async (who: typeof office) => (await as(who, `{ workflow(id: "${id}") { context snapshot } }`)).workflow;
  const outsider = await read(office);
  expect(outsider.snapshot.context).toEqual(outsider.context);
  expect(outsider.snapshot.context.opinion).toEqual({ redacted: '讨论中的意见，仅参与者可见' });
  expect(JSON.stringify(outsider.snapshot)).not.toContain('建议上报');
  expect(JSON.stringify(outsider.snapshot)).not.toContain('三级响应');
  const insider = await read(evm);
  expect(insider.snapshot.context.opinion.content).toBe('同意部门意见，建议上报');
});
