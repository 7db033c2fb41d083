/** Signed webhooks, in order, retried while the receiver is down, only to allow-listed hosts. */
import { verifySignature } from '../../src/webhooks/signature';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';

let t: TestApp;
const receiver = makeReceiver();
const received = receiver.received;
let receiverUrl: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
  receiverUrl = await receiver.listen();
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id secret cursor active } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id) { position ok status error attempt } }`;

async function letter(confidential = false): Promise<string> {
  const res = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput(), confidential } });
  const id = res.data.startWorkflow.id;
  await gql(t.url, tokens.office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  return id;
}
const urge = (id: string) => gql(t.url, tokens.office, SEND, { input: { workflowId: id, type: 'URGE', payload: {} } });

test('deliveries arrive in order, signed so the receiver can verify them; confidential ones and drafts never leave', async () => {
  const reg = await gql(t.url, tokens.admin, REGISTER, { input: { url: `${receiverUrl}/all`, filter: { machineId: 'supervisionLetter' } } });
  expect(reg.errors).toBeUndefined();
  const { secret } = reg.data.registerWebhook;
  await letter(true); // 涉密: never sent
  const id = await letter();
  await urge(id);
  await urge(id);
  await until(() => received.length >= 3, 'three deliveries');
  await new Promise((r) => setTimeout(r, 200));
  const bodies = received.map((r) => JSON.parse(r.body));
  // the letter's start was the office's draft: it never leaves, then or later
  expect(bodies.map((b) => [b.workflowId, b.version, b.eventType])).toEqual([
    [id, 2, 'ISSUE'],
    [id, 3, 'URGE'],
    [id, 4, 'URGE'],
  ]);
  for (const r of received) {
    const timestamp = Number(r.headers['x-duban-timestamp']);
    expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(60); // the wall clock's: receivers check it against theirs
    expect(verifySignature(secret, timestamp, r.body, String(r.headers['x-duban-signature']))).toBe(true);
    expect(verifySignature('wrong-secret-wrong-secret', timestamp, r.body, String(r.headers['x-duban-signature']))).toBe(false);
    expect(r.headers['x-duban-event-id']).toBe(JSON.parse(r.body).cursor);
  }
  received.length = 0;
});

test('while the receiver is down deliveries are retried with backoff, then arrive in order once it is back', async () => {
  const reg = await gql(t.url, tokens.admin, REGISTER, { input: { url: `${receiverUrl}/urges`, filter: { eventType: 'URGE' } } });
  const mine = () => received.filter((r) => r.path === '/urges').map((r) => JSON.parse(r.body));
  const hookId = reg.data.registerWebhook.id;
  received.length = 0;
  receiver.down = true;
  const id = await letter();
  for (let i = 0; i < 4; i++) await urge(id);
  await new Promise((r) => setTimeout(r, 600)); // several failed attempts
  const failing = (await gql(t.url, tokens.admin, DELIVERIES, { id: hookId })).data.webhookDeliveries;
  expect(failing.length).toBeGreaterThanOrEqual(2);
  expect(failing.every((d: any) => !d.ok && d.status === 503)).toBe(true);
  expect(mine()).toEqual([]);

  receiver.down = false;
  await until(() => mine().filter((b) => b.workflowId === id).length >= 4, 'delivery after recovery');
  const versions = mine().filter((b) => b.workflowId === id).map((b) => b.version);
  expect(versions).toEqual([3, 4, 5, 6]);
  const log = (await gql(t.url, tokens.admin, DELIVERIES, { id: hookId })).data.webhookDeliveries;
  expect(log.filter((d: any) => d.ok)).toHaveLength(4);

  // replay from a cursor: everything after it again, in order
  received.length = 0;
  const replay = await gql(
    t.url,
    tokens.admin,
    `mutation($id: ID!) { updateWebhook(webhookId: $id, active: true, from: "0") { cursor } }`,
    { id: hookId },
  );
  expect(replay.errors).toBeUndefined();
  await until(() => mine().filter((b) => b.workflowId === id).length >= 4, 'replay');
  expect(mine().filter((b) => b.workflowId === id).map((b) => b.version)).toEqual([3, 4, 5, 6]);
});

test('an endpoint outside the allow-list is refused (no requests to arbitrary hosts)', async () => {
  for (const url of ['http://10.0.0.7/hook', 'http://example.com/hook', 'ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/x', 'not a url']) {
    const res = await gql(t.url, tokens.admin, REGISTER, { input: { url } });
    expect({ url, code: codeOf(res) }).toEqual({ url, code: 'BAD_USER_INPUT' });
  }
});

test('only administrators manage webhooks', async () => {
  const res = await gql(t.url, tokens.office, REGISTER, { input: { url: `${receiverUrl}/x` } });
  expect(codeOf(res)).toBe('FORBIDDEN');
  expect(codeOf(await gql(t.url, tokens.housing, `{ webhooks { id } }`))).toBe('FORBIDDEN');
});
