/** A supervision letter through its whole life over real HTTP, on a real PostgreSQL. */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { GET, letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Zhaoyuan
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock });
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
});
afterAll(() => t.stop());

async function send(who: string, workflowId: string, type: string, payload: Record<string, unknown> = {}) {
  const res = await gql(t.url, tokens[who], SEND, { input: { workflowId, type, payload } });
  if (res.errors) throw new Error(`${type} by ${who}: ${JSON.stringify(res.errors)}`);
  return res.data.sendEvent;
}

test('a letter goes from draft to closed, through a rejected closure, with every step in history', async () => {
  const started = await gql(t.url, tokens.office, START, {
    input: { machineId: 'supervisionLetter', input: letterInput() },
  });
  expect(started.errors).toBeUndefined();
  const letter = started.data.startWorkflow;
  expect(letter).toMatchObject({
    machineId: 'supervisionLetter',
    machineVersion: 1,
    state: 'draft',
    stateLabel: '草稿',
    status: 'ACTIVE',
    version: 1,
    units: ['市住建局', '罗峰街道'],
    people: ['vm-li'],
    alertLevel: 'BLUE',
    deadline: null,
  });
  expect(letter.availableEvents.map((e: { type: string }) => e.type).sort()).toEqual(['CANCEL', 'ISSUE']);

  const issued = await send('office', letter.id, 'ISSUE', { note: '请按期反馈' });
  expect(issued).toMatchObject({ state: 'awaitingFeedback', stateLabel: '待反馈', version: 2 });
  // issued on Monday 2 November: three working days end at 24:00 Thursday 5 November (Shanghai)
  expect(issued.deadline).toBe('2026-11-05T16:00:00.000Z');
  expect(issued.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['feedback', 'final']);

  // the lead unit sees what it may do; the office sees its own acts
  const asUnit = await gql(t.url, tokens.housing, GET, { id: letter.id });
  expect(asUnit.data.workflow.availableEvents.map((e: { type: string }) => e.type)).toEqual(['SUBMIT_FEEDBACK']);

  clock.advance(3600_000);
  await send('office', letter.id, 'URGE', { message: '请尽快反馈' });
  const fed = await send('housing', letter.id, 'SUBMIT_FEEDBACK', { content: '已制定改造方案，分三批推进' });
  expect(fed).toMatchObject({ state: 'inProgress', stateLabel: '办理中', version: 4 });
  expect(fed.context).toMatchObject({ urgeCount: 1, feedback: { content: '已制定改造方案，分三批推进' } });
  // next progress report due 5 working days after the feedback day (Mon 2 Nov) → Mon 9 Nov:
  // YELLOW once it is late, RED two working days later (Wed 11 Nov)
  expect(fed.deadlines[0]).toMatchObject({
    kind: 'progress',
    warnAt: '2026-11-09T16:00:00.000Z',
    due: '2026-11-11T16:00:00.000Z',
  });

  clock.advance(2 * 86400_000);
  const reported = await send('housing', letter.id, 'REPORT_PROGRESS', { content: '第一批完成', percent: 40 });
  expect(reported).toMatchObject({ state: 'inProgress', version: 5 });
  expect(reported.deadlines[0]).toMatchObject({ warnAt: '2026-11-11T16:00:00.000Z', due: '2026-11-13T16:00:00.000Z' });

  const extended = await send('viceMayor', letter.id, 'EXTEND_DEADLINE', { newDueDate: '2027-01-15', reason: '冬季施工受限' });
  expect(extended.context.dueDate).toBe('2027-01-15');

  await send('housing', letter.id, 'REQUEST_CLOSURE', { summary: '改造全部完成' });
  const rejected = await send('office', letter.id, 'REJECT_CLOSURE', { reason: '第三批未验收' });
  expect(rejected).toMatchObject({ state: 'inProgress', version: 8 });
  expect(rejected.context.lastClosureRejection).toMatchObject({ reason: '第三批未验收' });

  await send('housing', letter.id, 'REPORT_PROGRESS', { content: '第三批已验收', percent: 100 });
  await send('housing', letter.id, 'REQUEST_CLOSURE', { summary: '全部完成并验收' });
  const closed = await send('office', letter.id, 'APPROVE_CLOSURE', { comment: '同意办结' });
  expect(closed).toMatchObject({ state: 'closed', stateLabel: '已办结', status: 'DONE', version: 11, deadline: null });
  expect(closed.availableEvents).toEqual([]);

  const history = closed.history;
  expect(history.map((h: { seq: number }) => h.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect(history.map((h: { eventType: string }) => h.eventType)).toEqual([
    'START', 'ISSUE', 'URGE', 'SUBMIT_FEEDBACK', 'REPORT_PROGRESS', 'EXTEND_DEADLINE',
    'REQUEST_CLOSURE', 'REJECT_CLOSURE', 'REPORT_PROGRESS', 'REQUEST_CLOSURE', 'APPROVE_CLOSURE',
  ]);
  expect(history[3]).toMatchObject({
    eventLabel: '反馈整改落实情况',
    stateBefore: 'awaitingFeedback',
    stateAfter: 'inProgress',
    actor: { id: 'housing-zhang', name: '张科长', roles: ['DEPARTMENT'], unit: '市住建局' },
  });
  expect(history[7]).toMatchObject({ eventType: 'REJECT_CLOSURE', payload: { reason: '第三批未验收' } });

  const afterEnd = await gql(t.url, tokens.office, SEND, { input: { workflowId: letter.id, type: 'URGE', payload: {} } });
  expect(codeOf(afterEnd)).toBe('EVENT_NOT_ACCEPTED');
});

test('the office cancels a letter with a reason; it ends CANCELLED', async () => {
  const { data } = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = data.startWorkflow.id;
  await send('office', id, 'ISSUE');
  const cancelled = await send('office', id, 'CANCEL', { reason: '任务已由上级撤回' });
  expect(cancelled).toMatchObject({ state: 'cancelled', stateLabel: '已撤销', status: 'CANCELLED', deadline: null });
  expect(cancelled.context.cancelReason).toBe('任务已由上级撤回');
});

test('reassignment (转办) hands the letter to another unit, which gets its own three working days', async () => {
  const { data } = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = data.startWorkflow.id;
  await send('office', id, 'ISSUE');
  await send('housing', id, 'SUBMIT_FEEDBACK', { content: '收到' });
  const moved = await send('office', id, 'REASSIGN', { newLeadUnit: '市交通局', reason: '职责调整' });
  expect(moved).toMatchObject({ state: 'awaitingFeedback', units: ['市交通局', '罗峰街道'] });
  const byOld = await gql(t.url, tokens.housing, SEND, { input: { workflowId: id, type: 'SUBMIT_FEEDBACK', payload: { content: 'x' } } });
  expect(codeOf(byOld)).toBe('NOT_FOUND'); // no longer a party: as if the letter did not exist
  const byNew = await send('transport', id, 'SUBMIT_FEEDBACK', { content: '已接手' });
  expect(byNew.state).toBe('inProgress');
});

test('a department lists only the letters addressed to it; the office lists all', async () => {
  await gql(t.url, tokens.office, START, {
    input: { machineId: 'supervisionLetter', input: letterInput({ leadUnit: '市交通局', coUnits: [] }) },
  });
  const q = `{ workflows(first: 100) { edges { node { units } } } }`;
  const forHousing = await gql(t.url, tokens.housing, q);
  const forOffice = await gql(t.url, tokens.office, q);
  const housingUnits = forHousing.data.workflows.edges.map((e: any) => e.node.units);
  expect(housingUnits.length).toBeGreaterThan(0);
  for (const units of housingUnits) expect(units).toContain('市住建局');
  expect(forOffice.data.workflows.edges.length).toBeGreaterThan(housingUnits.length);
});
