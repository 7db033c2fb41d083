/** Every rule says where it comes from: refusals, deadlines and escalations cite the clause. */
import { definitions, SOURCE_DOCUMENT } from '../../machines';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { letterInput, people, START } from '../helpers/letters';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());
const { send, run } = actingOn(() => t.url);

test('every process names the clause of the document it enforces', () => {
  for (const d of definitions) {
    expect([d.id, d.rule?.document]).toEqual([d.id, SOURCE_DOCUMENT]);
    expect(d.rule!.clause).toBeGreaterThan(0);
    expect(d.rule!.text.length).toBeGreaterThan(5);
  }
});

test('a refusal carries the clause; a workflow the caller may not see carries nothing', async () => {
  const letter = (await run(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } })).startWorkflow;
  const SEND = `mutation S($input: SendEventInput!) { sendEvent(input: $input) { id } }`;
  const as = async (who: typeof people.office, type: string, payload: Record<string, unknown> = {}) =>
    gql(t.url, await tokenFor(who), SEND, { input: { workflowId: letter.id, type, payload } });
  // a draft: the housing bureau does not see it at all
  const hidden = await as(people.housing, 'SUBMIT_FEEDBACK', { content: '已整改' });
  expect(codeOf(hidden)).toBe('NOT_FOUND');
  expect(hidden.errors![0].extensions.rule).toBeUndefined();
  await send(people.office, letter.id, 'ISSUE');
  const forbidden = await as(people.office, 'SUBMIT_FEEDBACK', { content: '已整改' });
  expect(codeOf(forbidden)).toBe('FORBIDDEN');
  expect(forbidden.errors![0].extensions.rule).toMatchObject({ document: '招政发〔2022〕21号', clause: 9 });
  const early = await as(people.housing, 'REQUEST_CLOSURE', { summary: '已完成' });
  expect(codeOf(early)).toBe('EVENT_NOT_ACCEPTED');
  expect(early.errors![0].extensions.rule.clause).toBe(9);
  const earlier = await as(people.viceMayor, 'EXTEND_DEADLINE', { newDueDate: '2026-12-01', reason: '延期' });
  expect(codeOf(earlier)).toBe('BAD_USER_INPUT');
  expect(earlier.errors![0].extensions.rule.clause).toBe(9);
});

test('each deadline says which clause sets it', async () => {
  const letter = (await run(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } })).startWorkflow;
  await send(people.office, letter.id, 'ISSUE');
  const data = await run(people.office, `query Q($id: ID!) { workflow(id: $id) { deadlines { kind rule { document clause text } } } }`, { id: letter.id });
  expect(data.workflow.deadlines).toContainEqual({
    kind: 'feedback',
    rule: { document: '招政发〔2022〕21号', clause: 9, text: '收函单位3个工作日内反馈整改落实情况' },
  });
});
