/**
 * 文件会签: the round and the sign-off each take no more than 3 working days (clause 16). A round
 * that runs out turns RED and escalates to the units still to sign and to the lead unit, as the
 * definition declares; a sign-off that runs out turns RED and escalates to the office. The
 * escalated units find the document among their tasks until their part is done.
 */
import { startTestApp, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { clerks } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { GET, START } from '../helpers/letters';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

const { office, executiveViceMayor: evm, development: lead, finance, justice } = clerks;
type Who = typeof office;
const { run, send } = actingOn(() => t.url);
const get = async (id: string) => (await run(lead, GET, { id })).workflow;
const taskOf = async (who: Who, id: string) =>
  ((await run(who, `{ myTasks { mustAct escalated workflow { id alertLevel } } }`)).myTasks as any[]).find((x) => x.workflow.id === id);
async function at(iso: string) {
  clock.set(iso);
  await t.app.timers.runDue();
}

/** A document sent to two units for countersigning on Monday 2 November. */
async function sent(): Promise<string> {
  clock.set('2026-11-02T01:00:00Z');
  const { startWorkflow } = await run(lead, START, {
    input: {
      machineId: 'documentCountersign',
      input: {
        title: '关于加强项目审批管理的通知', kind: '文件', leadUnit: '市发改局', signers: ['市财政局', '市司法局'],
        contentRef: 'doc://notice-1', contentHash: 'b'.repeat(64), signOffLeader: { id: 'evm-sun', name: '孙常务副市长' },
      },
    },
  });
  await send(lead, startWorkflow.id, 'SEND');
  return startWorkflow.id;
}

test('a round nobody finished in 3 working days: RED, escalated to the units still to sign and the lead unit', async () => {
  const id = await sent();
  expect((await get(id)).deadlines).toMatchObject([
    { kind: 'countersign', label: '会签期限', due: '2026-11-05T16:00:00.000Z', warnAt: '2026-11-04T16:00:00.000Z' },
  ]);
  await at('2026-11-04T16:00:01Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'YELLOW', escalatedTo: [] });

  await at('2026-11-05T16:00:01Z'); // 24:00 Thursday: three working days from Monday have ended
  const late = await get(id);
  expect(late).toMatchObject({ state: 'countersigning', alertLevel: 'RED', awaiting: ['unit:市财政局', 'unit:市司法局'] });
  expect(late.escalatedTo).toEqual(['unit:市财政局', 'unit:市司法局', 'unit:市发改局']);
  expect(late.context.lateSigners).toEqual(['市财政局', '市司法局']);
  expect(late.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED', alertLevel: 'RED', actor: { id: 'system' },
    payload: { kind: 'countersign', label: '会签期限', escalatedTo: ['unit:市财政局', 'unit:市司法局', 'unit:市发改局'] },
  });
  expect(await taskOf(finance, id)).toMatchObject({ mustAct: true, escalated: true, workflow: { alertLevel: 'RED' } });
  expect(await taskOf(lead, id)).toMatchObject({ mustAct: false, escalated: true });

  // one unit signs late: the document stays RED for the other, and the late one is still on record
  clock.set('2026-11-06T01:00:00Z');
  const oneSigned = await send(finance, id, 'AGREE', { comments: '同意' });
  expect(oneSigned).toMatchObject({ state: 'countersigning', alertLevel: 'RED', awaiting: ['unit:市司法局'] });
  expect(oneSigned.context.lateSigners).toEqual(['市财政局', '市司法局']);
  expect(await taskOf(justice, id)).toMatchObject({ mustAct: true, escalated: true });
  expect(await taskOf(lead, id)).toMatchObject({ escalated: true });
  // the unit that has now signed has nothing left to do: the document leaves its tasks
  expect(oneSigned.escalatedTo).toEqual(['unit:市司法局', 'unit:市发改局']);
  expect(await taskOf(finance, id)).toBeUndefined();

  // the last signature completes the round: on to sign-off, BLUE, the escalation over
  clock.set('2026-11-06T02:00:00Z');
  const ready = await send(justice, id, 'AGREE');
  expect(ready).toMatchObject({ state: 'awaitingSignOff', alertLevel: 'BLUE', escalatedTo: [], awaiting: ['person:evm-sun'] });
  expect(await taskOf(lead, id)).toBeUndefined();
});

test('a sign-off not made in 3 working days: RED and escalated to the office; signing off clears it', async () => {
  const id = await sent();
  clock.set('2026-11-03T02:00:00Z'); // Tuesday: both agree, the sign-off clock starts
  await send(finance, id, 'AGREE');
  const ready = await send(justice, id, 'AGREE');
  // Wednesday 4, Thursday 5, Friday 6: due 24:00 Friday 6 November
  expect(ready).toMatchObject({ state: 'awaitingSignOff', deadline: '2026-11-06T16:00:00.000Z' });
  expect(ready.deadlines).toMatchObject([{ kind: 'signOff', label: '签发期限', warnAt: '2026-11-05T16:00:00.000Z' }]);
  expect(await taskOf(evm, id)).toMatchObject({ mustAct: true, escalated: false });
  expect(await taskOf(office, id)).toBeUndefined();

  await at('2026-11-05T16:00:01Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'YELLOW' });
  await at('2026-11-06T16:00:01Z');
  const late = await get(id);
  expect(late).toMatchObject({ state: 'awaitingSignOff', alertLevel: 'RED', escalatedTo: ['role:OFFICE'], awaiting: ['person:evm-sun'] });
  expect(late.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_PASSED', payload: { kind: 'signOff', escalatedTo: ['role:OFFICE'] } });
  expect(await taskOf(office, id)).toMatchObject({ escalated: true, mustAct: false, workflow: { alertLevel: 'RED' } });
  expect(await taskOf(evm, id)).toMatchObject({ mustAct: true, workflow: { alertLevel: 'RED' } });

  clock.set('2026-11-09T01:00:00Z');
  const issued = await send(evm, id, 'SIGN_OFF', { comments: '同意印发' });
  expect(issued).toMatchObject({ state: 'issued', status: 'DONE', alertLevel: 'BLUE', escalatedTo: [] });
  expect(await taskOf(office, id)).toBeUndefined();
  expect(await taskOf(evm, id)).toBeUndefined();
});
