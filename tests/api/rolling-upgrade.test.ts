/**
 * A rolling upgrade runs old and new nodes side by side: a new node may start items on a machine
 * version an old node does not know yet. The old node must answer such an item with a coded,
 * retryable error (the client retries, the proxy sends it to another node), never a crash or an
 * INTERNAL_SERVER_ERROR, and must go on serving every other item.
 */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { GET, letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
let office: string;

beforeAll(async () => {
  t = await startTestApp();
  office = await tokenFor(people.office);
});
afterAll(() => t.stop());

test('an item on a machine version this node does not know is SERVICE_UNAVAILABLE; the others are served', async () => {
  const start = async () => (await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } })).data.startWorkflow.id;
  const newer = await start();
  const known = await start();
  // as if a newer node had started it on a version shipped after this build
  await t.app.sql.query('UPDATE workflow SET machine_version = machine_version + 100 WHERE id = $1', [newer]);

  for (const res of [
    await gql(t.url, office, GET, { id: newer }),
    await gql(t.url, office, SEND, { input: { workflowId: newer, type: 'ISSUE', payload: {} } }),
  ]) {
    expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
    expect(res.errors![0].message).toMatch(/not known to this node/);
  }
  // the list and the other item are still served
  const list = await gql(t.url, office, `{ workflows(first: 10) { edges { node { id state } } } }`);
  expect(list.errors).toBeUndefined();
  expect(list.data.workflows.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([known]));
  const issued = await gql(t.url, office, SEND, { input: { workflowId: known, type: 'ISSUE', payload: {} } });
  expect(issued.errors).toBeUndefined();
  expect(issued.data.sendEvent.state).toBe('awaitingFeedback');
});
