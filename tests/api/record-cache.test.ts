/**
 * The write path decides on the record this server last read or wrote (src/engine/record-cache.ts).
 * Two servers in this one process on one database: whatever one changes behind the other's back,
 * the other still applies every event to the latest state, refuses only what the latest state
 * refuses, and keeps the history and its hash chain whole. The same with real processes:
 * tests/process/multi-node-state.test.ts.
 */
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { codeOf, gql, startTestApp, testConfig, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, START } from '../helpers/letters';

let a: TestApp;
let b: App;
const tokens: Record<string, string> = {};

const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { state version } }`;
const HISTORY = `query($id: ID!) {
  workflow(id: $id) { version history { seq eventType } }
  verifyHistory(workflowId: $id) { ok checked }
}`;

beforeAll(async () => {
  a = await startTestApp();
  b = await createApp({ config: testConfig(), logger: pino({ level: 'silent' }), databaseUrl: a.db.url });
  for (const who of ['office', 'housing'] as const) tokens[who] = await tokenFor(people[who]);
});
afterAll(async () => {
  await b.close();
  await a.stop();
});

const send = (url: string, who: 'office' | 'housing', workflowId: string, type: string, payload = {}, expectedVersion?: number) =>
  gql(url, tokens[who], SEND, { input: { workflowId, type, payload, expectedVersion } });

/** A letter issued on server A, so A holds it at version 2 in awaitingFeedback. */
async function issuedOnA(): Promise<string> {
  const started = await gql(a.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = started.data.startWorkflow.id;
  expect((await send(a.url, 'office', id, 'ISSUE')).data.sendEvent).toEqual({ state: 'awaitingFeedback', version: 2 });
  return id;
}

async function expectWholeHistory(id: string, types: string[]) {
  const { data } = await gql(a.url, tokens.office, HISTORY, { id });
  expect(data.workflow.history.map((h: { eventType: string }) => h.eventType)).toEqual(types);
  expect(data.workflow.history.map((h: { seq: number }) => h.seq)).toEqual(types.map((_, i) => i + 1));
  expect(data.verifyHistory).toEqual({ ok: true, checked: types.length });
}

test('an event sent to a server whose copy is behind applies on top of the other server\'s change', async () => {
  const id = await issuedOnA();
  expect((await send(b.url, 'office', id, 'URGE', { message: '请尽快反馈' })).data.sendEvent.version).toBe(3);
  expect((await send(a.url, 'office', id, 'URGE', { message: '再次催办' })).data.sendEvent).toEqual({ state: 'awaitingFeedback', version: 4 });
  await expectWholeHistory(id, ['START', 'ISSUE', 'URGE', 'URGE']);
});

test('an event the stale copy would refuse is decided on the latest state, and accepted', async () => {
  const id = await issuedOnA();
  // server B moves the letter on; A still holds it in awaitingFeedback, where progress is not accepted
  expect((await send(b.url, 'housing', id, 'SUBMIT_FEEDBACK', { content: '已制定方案' })).data.sendEvent.state).toBe('inProgress');
  const reported = await send(a.url, 'housing', id, 'REPORT_PROGRESS', { content: '第一批完成', percent: 40 });
  expect(reported.errors).toBeUndefined();
  expect(reported.data.sendEvent).toEqual({ state: 'inProgress', version: 4 });
  // and what the latest state refuses is still refused, with the latest state named
  const refused = await send(a.url, 'housing', id, 'SUBMIT_FEEDBACK', { content: '重复反馈' });
  expect(codeOf(refused)).toBe('EVENT_NOT_ACCEPTED');
  expect(refused.errors![0].extensions.state).toBe('inProgress');
  await expectWholeHistory(id, ['START', 'ISSUE', 'SUBMIT_FEEDBACK', 'REPORT_PROGRESS']);
});

test('expectedVersion is checked against the database, not against the copy', async () => {
  const id = await issuedOnA();
  expect((await send(b.url, 'office', id, 'URGE', {}, 2)).data.sendEvent.version).toBe(3);
  // A holds version 2: the version the caller saw on B is the current one, and wins
  expect((await send(a.url, 'office', id, 'URGE', {}, 3)).data.sendEvent.version).toBe(4);
  await send(b.url, 'office', id, 'URGE', {}, 4);
  // A holds version 4, the database 5: a caller who also saw 4 loses
  const stale = await send(a.url, 'office', id, 'URGE', {}, 4);
  expect(codeOf(stale)).toBe('VERSION_CONFLICT');
  expect(stale.errors![0].extensions.currentVersion).toBe(5);
  await expectWholeHistory(id, ['START', 'ISSUE', 'URGE', 'URGE', 'URGE']);
});

test('concurrent sends through both nodes all apply, none lost', async () => {
  const id = await issuedOnA();
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => send(i % 2 ? a.url : b.url, 'office', id, 'URGE', { message: `催办 ${i}` })),
  );
  expect(results.filter((r) => r.errors)).toEqual([]);
  expect(results.map((r) => r.data.sendEvent.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
  await expectWholeHistory(id, ['START', 'ISSUE', ...Array(20).fill('URGE')]);
});
