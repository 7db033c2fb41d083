/** Retrying with the same idempotency key returns the same result and writes nothing more. */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
let office: string;
let housing: string;

beforeAll(async () => {
  t = await startTestApp();
  office = await tokenFor(people.office);
  housing = await tokenFor(people.housing);
});
afterAll(() => t.stop());

const start = (key?: string, input = letterInput()) =>
  gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input, idempotencyKey: key } });

test('startWorkflow retried with the same key returns the same workflow and starts only one', async () => {
  const first = await start('start-key-1');
  const before = await fingerprint(t.db.url);
  const second = await start('start-key-1');
  expect(second.errors).toBeUndefined();
  expect(second.data.startWorkflow).toEqual(first.data.startWorkflow);
  expect(await fingerprint(t.db.url)).toBe(before);
});

test('sendEvent retried with the same key returns the same result with one history row', async () => {
  const id = (await start()).data.startWorkflow.id;
  const send = () => gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {}, idempotencyKey: 'issue-1' } });
  const first = await send();
  const before = await fingerprint(t.db.url);
  const retry = await send();
  expect(retry.errors).toBeUndefined();
  expect(retry.data.sendEvent).toEqual(first.data.sendEvent);
  expect(retry.data.sendEvent.history.filter((h: { eventType: string }) => h.eventType === 'ISSUE')).toHaveLength(1);
  expect(await fingerprint(t.db.url)).toBe(before);
});

test('concurrent retries with one key apply the event once', async () => {
  const id = (await start()).data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      gql(t.url, office, SEND, { input: { workflowId: id, type: 'URGE', payload: {}, idempotencyKey: 'urge-once' } }),
    ),
  );
  expect(results.filter((r) => r.errors)).toEqual([]);
  const versions = new Set(results.map((r) => r.data.sendEvent.version));
  expect(versions).toEqual(new Set([3]));
  expect(results[0].data.sendEvent.context.urgeCount).toBe(1);
});

test('a key reused for a different request is refused with IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
  const id = (await start()).data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {}, idempotencyKey: 'k-reuse' } });
  const before = await fingerprint(t.db.url);
  const reused = await gql(t.url, office, SEND, { input: { workflowId: id, type: 'URGE', payload: {}, idempotencyKey: 'k-reuse' } });
  expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(await fingerprint(t.db.url)).toBe(before);
});

test('keys belong to their sender: another actor may use the same key for its own request', async () => {
  const id = (await start()).data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {}, idempotencyKey: 'shared' } });
  const fed = await gql(t.url, housing, SEND, {
    input: { workflowId: id, type: 'SUBMIT_FEEDBACK', payload: { content: '已收到' }, idempotencyKey: 'shared' },
  });
  expect(fed.errors).toBeUndefined();
  expect(fed.data.sendEvent.state).toBe('inProgress');
});
