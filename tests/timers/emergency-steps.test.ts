/**
 * 应急信息上报: the executive vice-mayor's review (常务副市长审核) and the mayor's approval
 * (报市长同意) are timed in minutes. An overrun turns RED and notifies the next level up: the
 * review escalates to the mayor, the mayor's step to the office's duty desk; the escalated party
 * finds the incident among its tasks, and the next step starts a fresh clock.
 */
import { startTestApp, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { clerks } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { GET, START } from '../helpers/letters';

const clock = new TestClock('2026-11-02T01:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

const { office, viceMayor, executiveViceMayor: evm, mayor, emergency: emergencyDept } = clerks;
type Who = typeof office;
const { run, send } = actingOn(() => t.url);
const get = async (id: string, who: Who = evm) => (await run(who, GET, { id })).workflow;
const taskOf = async (who: Who, id: string) =>
  ((await run(who, `{ myTasks { mustAct escalated workflow { id alertLevel } } }`)).myTasks as any[]).find((x) => x.workflow.id === id);
/** Moves the clock and fires whatever is due. */
async function at(iso: string) {
  clock.set(iso);
  await t.app.timers.runDue();
}

/**
 * Registers a forest fire at `from` and drives it to the executive vice-mayor's review one
 * minute later: consultation started, the opinion submitted. The only place that knows the
 * steps before review (adapt it when the consultation gains steps).
 */
async function toReviewing(from: string, input: Record<string, unknown> = {}): Promise<string> {
  clock.set(from);
  const { startWorkflow } = await run(office, START, {
    input: {
      machineId: 'emergencyReport',
      input: {
        kind: '森林火灾', occurredAt: from, place: '罗山林场', summary: '林场起火，1人轻伤',
        casualties: { deaths: 0, injured: 1, missing: 0 }, viceMayor: { id: 'vm-li', name: '李副市长' }, department: '市应急局',
        ...input,
      },
    },
  });
  await send(emergencyDept, startWorkflow.id, 'START_CONSULTATION');
  await send(emergencyDept, startWorkflow.id, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '同意' });
  clock.set(new Date(Date.parse(from) + 60_000));
  const reviewing = await send(viceMayor, startWorkflow.id, 'SUBMIT_OPINION', { opinion: '建议立即上报' });
  expect(reviewing).toMatchObject({ state: 'reviewing', alertLevel: 'BLUE' });
  return startWorkflow.id;
}

test('an overdue review turns RED and escalates to the mayor, who finds it among his tasks', async () => {
  const id = await toReviewing('2026-11-02T01:00:00Z'); // review entered 01:01, 30 minutes
  const reviewing = await get(id);
  expect(reviewing.deadlines).toMatchObject([{ kind: 'review', label: '审核时限', due: '2026-11-02T01:31:00.000Z', warnAt: '2026-11-02T01:23:30.000Z' }]);
  expect(await taskOf(evm, id)).toMatchObject({ mustAct: true, escalated: false });
  expect(await taskOf(mayor, id)).toBeUndefined();

  await at('2026-11-02T01:23:31Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'YELLOW', escalatedTo: [] });

  await at('2026-11-02T01:31:01Z');
  const late = await get(id);
  expect(late).toMatchObject({ state: 'reviewing', alertLevel: 'RED', escalatedTo: ['role:MAYOR'], awaiting: ['role:EXECUTIVE_VICE_MAYOR'] });
  expect(late.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED', alertLevel: 'RED', actor: { id: 'system' },
    payload: { kind: 'review', label: '审核时限', due: '2026-11-02T01:31:00.000Z', escalatedTo: ['role:MAYOR'] },
  });
  expect(await taskOf(mayor, id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });
  expect(await taskOf(evm, id)).toMatchObject({ mustAct: true, escalated: false });

  // approved late, with the mayor to approve: a new step, its own 30 minutes, BLUE again
  clock.set('2026-11-02T01:40:00Z');
  const approved = await send(evm, id, 'APPROVE', { mayorApprovalRequired: true, reason: '有人员受伤，须报市长' });
  expect(approved).toMatchObject({ state: 'awaitingMayor', alertLevel: 'BLUE', escalatedTo: [], deadline: '2026-11-02T02:10:00.000Z' });
  expect(await taskOf(mayor, id)).toMatchObject({ mustAct: true, escalated: false });
});

test("an overdue mayor's approval turns RED and escalates to the office's duty desk; approval clears it", async () => {
  const id = await toReviewing('2026-11-02T03:00:00Z');
  clock.set('2026-11-02T03:05:00Z');
  await send(evm, id, 'APPROVE', { mayorApprovalRequired: true, reason: '有人员受伤，须报市长' });
  expect(await taskOf(office, id)).toBeUndefined(); // the office is not involved while the mayor has time

  await at('2026-11-02T03:27:31Z'); // 75% of the mayor's 30 minutes
  expect(await get(id)).toMatchObject({ state: 'awaitingMayor', alertLevel: 'YELLOW' });
  await at('2026-11-02T03:35:01Z');
  const late = await get(id);
  expect(late).toMatchObject({ state: 'awaitingMayor', alertLevel: 'RED', escalatedTo: ['role:OFFICE'], awaiting: ['role:MAYOR'] });
  expect(late.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED', payload: { kind: 'mayorApproval', label: '市长审批时限', escalatedTo: ['role:OFFICE'] },
  });
  expect(await taskOf(office, id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });
  expect(await taskOf(mayor, id)).toMatchObject({ mustAct: true, escalated: false });
  // the duty desk chases the mayor's step, but the draft opinion stays with those in the process
  const seenByOffice = await get(id, office);
  expect(seenByOffice.context.opinion).toEqual({ redacted: expect.any(String) });

  clock.set('2026-11-02T03:40:00Z');
  const cleared = await send(mayor, id, 'MAYOR_APPROVE', { comments: '同意上报' });
  expect(cleared).toMatchObject({ state: 'readyToReport', alertLevel: 'BLUE', escalatedTo: [] });
  expect(await taskOf(office, id)).toMatchObject({ mustAct: true, escalated: false });
});

test("an incident's own minute limit times the review and the mayor's step", async () => {
  const id = await toReviewing('2026-11-02T05:00:00Z', { stepMinutes: 10 });
  expect((await get(id)).deadline).toBe('2026-11-02T05:11:00.000Z');
  await at('2026-11-02T05:11:01Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'RED', escalatedTo: ['role:MAYOR'] });
  clock.set('2026-11-02T05:12:00Z');
  await send(evm, id, 'APPROVE', { mayorApprovalRequired: true, reason: '须报市长' });
  await at('2026-11-02T05:22:01Z');
  expect(await get(id)).toMatchObject({ state: 'awaitingMayor', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
});
