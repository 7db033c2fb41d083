/**
 * 限期办结: a supervision letter's final date passing by itself (kind 'final'). The letter turns
 * RED, an automatic 催办 is counted, and it escalates to the leader in charge and, when the letter
 * is flagged (挂牌督办), to the mayor: both now find it among their tasks.
 */
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { GET, letterInput, people, SEND, START } from '../helpers/letters';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let t: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock });
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
});
afterAll(() => t.stop());

async function send(who: string, id: string, type: string, payload: Record<string, unknown> = {}) {
  const res = await gql(t.url, tokens[who], SEND, { input: { workflowId: id, type, payload } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.sendEvent;
}
const get = async (id: string) => (await gql(t.url, tokens.office, GET, { id })).data.workflow;
const TASKS = `{ myTasks { mustAct escalated workflow { id alertLevel } } }`;
const taskOf = async (who: string, id: string) =>
  ((await gql(t.url, tokens[who], TASKS)).data.myTasks as any[]).find((x) => x.workflow.id === id);

/** Issued on Monday 2 November; progress reports every 60 working days, so only the final date matters. */
async function issuedLetter(overrides: Record<string, unknown>): Promise<string> {
  clock.set('2026-11-02T01:00:00Z');
  const input = letterInput({ progressEveryWorkingDays: 60, ...overrides });
  const res = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  await send('office', res.data.startWorkflow.id, 'ISSUE');
  return res.data.startWorkflow.id;
}

test('a flagged letter in progress past its final date: YELLOW the working day before, then RED, escalated to the leader and the mayor', async () => {
  const id = await issuedLetter({ dueDate: '2026-11-13', flagged: true });
  await send('housing', id, 'SUBMIT_FEEDBACK', { content: '已制定整改方案' });
  const letter = await get(id);
  expect(letter).toMatchObject({ state: 'inProgress', alertLevel: 'BLUE', deadline: '2026-11-13T16:00:00.000Z' });
  expect(letter.deadlines.find((d: any) => d.kind === 'final')).toMatchObject({ label: '限期办结', warnAt: '2026-11-12T16:00:00.000Z' });

  clock.set('2026-11-12T16:00:01Z'); // 24:00 Thursday has passed
  await t.app.timers.runDue();
  const warned = await get(id);
  expect(warned.alertLevel).toBe('YELLOW');
  expect(warned.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_WARNING', payload: { kind: 'final' }, alertLevel: 'YELLOW' });
  expect(warned.escalatedTo).toEqual([]);

  clock.set('2026-11-13T16:00:01Z'); // 24:00 Friday 13 November, the final date, has passed
  await t.app.timers.runDue();
  const late = await get(id);
  expect(late).toMatchObject({ state: 'inProgress', status: 'ACTIVE', alertLevel: 'RED', escalatedTo: ['person:vm-li', 'role:MAYOR'] });
  expect(late.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED',
    alertLevel: 'RED',
    actor: { id: 'system' },
    payload: { kind: 'final', label: '限期办结', due: '2026-11-13T16:00:00.000Z', escalatedTo: ['person:vm-li', 'role:MAYOR'] },
  });
  expect(late.escalations).toMatchObject([{ kind: 'final', due: '2026-11-13T16:00:00.000Z', to: ['person:vm-li', 'role:MAYOR'] }]);
  expect(late.context).toMatchObject({ autoUrges: 1, urgeCount: 1 });

  expect(await taskOf('viceMayor', id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });
  expect(await taskOf('mayor', id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });
  expect(await taskOf('housing', id)).toMatchObject({ escalated: false, mustAct: true });
  expect(await taskOf('otherViceMayor', id)).toBeUndefined();

  // the leader in charge grants an extension: a new final date, back to BLUE, off the leaders' lists
  const extended = await send('viceMayor', id, 'EXTEND_DEADLINE', { newDueDate: '2026-11-30', reason: '资金到位延迟' });
  expect(extended).toMatchObject({ alertLevel: 'BLUE', escalatedTo: [], escalations: [], deadline: '2026-11-30T16:00:00.000Z' });
  expect(extended.pendingTimers).toEqual(expect.arrayContaining([{ kind: 'final', action: 'DUE', dueAt: '2026-11-30T16:00:00.000Z' }]));
  expect(await taskOf('mayor', id)).toBeUndefined();
  expect(await taskOf('viceMayor', id)).toBeUndefined();
});

test('an unflagged letter past its final date escalates to the leader in charge only', async () => {
  const id = await issuedLetter({ dueDate: '2026-11-13', flagged: false });
  await send('housing', id, 'SUBMIT_FEEDBACK', { content: '已反馈' });
  clock.set('2026-11-13T16:00:01Z');
  await t.app.timers.runDue();
  const late = await get(id);
  expect(late).toMatchObject({ alertLevel: 'RED', escalatedTo: ['person:vm-li'] });
  expect(await taskOf('viceMayor', id)).toMatchObject({ escalated: true });
  expect(await taskOf('mayor', id)).toBeUndefined();
});

test('a final date that passes before the feedback stays RED and escalated after late feedback', async () => {
  const id = await issuedLetter({ dueDate: '2026-11-03', flagged: true }); // due 24:00 Tuesday, before the feedback's Thursday
  clock.set('2026-11-03T16:00:01Z');
  await t.app.timers.runDue();
  const late = await get(id);
  expect(late).toMatchObject({ state: 'awaitingFeedback', alertLevel: 'RED', escalatedTo: ['person:vm-li', 'role:MAYOR'] });
  expect(late.history.at(-1).payload).toMatchObject({ kind: 'final' });

  clock.set('2026-11-05T16:00:01Z'); // and the feedback's 3 working days end too: a second escalation, the same people
  await t.app.timers.runDue();
  const later = await get(id);
  expect(later.escalations.map((e: any) => e.kind)).toEqual(['final', 'feedback']);
  expect(later.escalatedTo).toEqual(['person:vm-li', 'role:MAYOR']);
  expect(later.context.autoUrges).toBe(2);

  // feedback now ends the feedback deadline, not the passed final date
  const fed = await send('housing', id, 'SUBMIT_FEEDBACK', { content: '迟到的反馈' });
  expect(fed).toMatchObject({ state: 'inProgress', alertLevel: 'RED', escalatedTo: ['person:vm-li', 'role:MAYOR'] });
  expect(fed.escalations.map((e: any) => e.kind)).toEqual(['final']);
  expect(await taskOf('mayor', id)).toMatchObject({ escalated: true });
  // nothing fires twice for the same final date
  clock.set('2026-11-06T16:00:01Z');
  expect(await t.app.timers.runDue()).toBe(0);
});
