/**
 * Clause 29: opinions under discussion and undecided matters do not leak. The emergency opinion
 * before approval and countersign comments before the round ends are for participants only, and
 * the stream never carries their text.
 */
import { actingOn } from '../helpers/acting';
import { startTestApp, type TestApp } from '../helpers/app';
import { clerks } from '../helpers/cast';
import { GET, mineIncidentInput, START } from '../helpers/letters';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const { office, viceMayor, executiveViceMayor: evm, otherViceMayor, emergency: dept, development: lead, finance, justice } = clerks;
const REDACTED = { redacted: '讨论中的意见，仅参与者可见' };

const { run: as, send } = actingOn(() => t.url);
const read = async (who: typeof office, id: string) => (await as(who, GET, { id })).workflow;
const payloadOf = (w: any, type: string) => w.history.find((h: any) => h.eventType === type).payload;

test('emergency: the draft opinion is seen by those in the process until the executive vice-mayor approves', async () => {
  const { startWorkflow } = await as(office, START, {
    input: {
      machineId: 'emergencyReport',
      input: mineIncidentInput(t.clock.now()),
    },
  });
  const id = startWorkflow.id;
  await send(dept, id, 'START_CONSULTATION');
  await send(dept, id, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '井下仍有1人失联，同意上报' });
  await send(viceMayor, id, 'SUBMIT_OPINION', { opinion: '建议立即上报并启动二级响应' });

  for (const insider of [viceMayor, evm, dept]) {
    const w = await read(insider, id);
    expect(w.context.opinion.content).toBe('建议立即上报并启动二级响应');
    expect(payloadOf(w, 'SUBMIT_OPINION').opinion).toBe('建议立即上报并启动二级响应');
    expect(payloadOf(w, 'SUBMIT_DEPARTMENT_OPINION').opinion).toBe('井下仍有1人失联，同意上报');
  }
  for (const outsider of [office, otherViceMayor]) {
    const w = await read(outsider, id);
    expect(w.context.opinion).toEqual(REDACTED);
    expect(payloadOf(w, 'SUBMIT_OPINION')).toEqual(REDACTED);
    expect(w.context.departmentOpinions).toEqual(REDACTED);
    expect(payloadOf(w, 'SUBMIT_DEPARTMENT_OPINION')).toEqual(REDACTED);
    expect(w.state).toBe('reviewing'); // the act itself is not hidden
  }

  await send(evm, id, 'APPROVE', { mayorApprovalRequired: false, reason: '已核实' });
  const decided = await read(office, id);
  expect(decided.context.opinion.content).toBe('建议立即上报并启动二级响应');

  // the stream carries the act, never the opinion's text
  // (rows join the stream a few ms after commit, when sequenced)
  let opinion: any;
  for (let i = 0; i < 100 && !opinion; i++) {
    const feed = await as(office, `query($id: ID!) { transitionFeed(filter: { workflowId: $id }) { edges { node { eventType payload } } } }`, { id });
    opinion = feed.transitionFeed.edges.find((e: any) => e.node.eventType === 'SUBMIT_OPINION');
    if (!opinion) await new Promise((r) => setTimeout(r, 20));
  }
  expect(opinion.node.payload).toEqual(REDACTED);
});

test('countersign: comments are for the lead unit, the signers and the sign-off leader until the round ends', async () => {
  const { startWorkflow } = await as(lead, START, {
    input: {
      machineId: 'documentCountersign',
      input: {
        title: '关于优化营商环境的通知', kind: '文件', leadUnit: '市发改局', signers: ['市财政局', '市司法局'],
        contentRef: 'doc://2', contentHash: 'c'.repeat(64), signOffLeader: { id: 'evm-sun', name: '孙常务副市长' },
      },
    },
  });
  const id = startWorkflow.id;
  await send(lead, id, 'SEND');
  await send(finance, id, 'AGREE', { comments: '第五条建议删除' });
  expect((await read(lead, id)).context.signatures['市财政局'].comments).toBe('第五条建议删除');
  expect((await read(evm, id)).context.signatures['市财政局'].comments).toBe('第五条建议删除');
  const outside = await read(office, id);
  expect(outside.context.signatures).toEqual(REDACTED);
  expect(payloadOf(outside, 'AGREE')).toEqual(REDACTED);

  await send(justice, id, 'AGREE');
  const ended = await read(office, id);
  expect(ended.state).toBe('awaitingSignOff');
  expect(ended.context.signatures['市财政局'].comments).toBe('第五条建议删除');
});
