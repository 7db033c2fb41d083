/**
 * Webhook deliveries keep the service's clock, the one deadlines keep: registration, attempt
 * times and the retry schedule all follow it, so a test that moves the clock moves them, and a
 * retry waits for the clock, not for the wall. The signed timestamp alone is the wall clock's:
 * receivers check it against their own (Standard Webhooks), as the server checks tokens.
 */
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';

const clock = new TestClock('2026-11-02T01:00:00Z');
let t: TestApp;
const receiver = makeReceiver();
const received = receiver.received;
let receiverUrl: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock, config: { WEBHOOK_RETRY_BASE_MS: '60000', WEBHOOK_RETRY_MAX_MS: '60000' } });
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
  receiver.down = true;
  receiverUrl = await receiver.listen();
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id createdAt } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id) { ok status attempt at } }`;
const WEBHOOKS = `{ webhooks { id retryAt } }`;

test('registration, attempts and the retry schedule follow the service clock; the signed timestamp the wall clock', async () => {
  const reg = await gql(t.url, tokens.admin, REGISTER, { input: { url: `${receiverUrl}/letters`, filter: { machineId: 'supervisionLetter' } } });
  expect(reg.errors).toBeUndefined();
  const hookId = reg.data.registerWebhook.id;
  expect(new Date(reg.data.registerWebhook.createdAt).toISOString()).toBe('2026-11-02T01:00:00.000Z');
  const deliveries = async () => (await gql(t.url, tokens.admin, DELIVERIES, { id: hookId })).data.webhookDeliveries;

  const start = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  await gql(t.url, tokens.office, SEND, { input: { workflowId: start.data.startWorkflow.id, type: 'ISSUE', payload: {} } });
  await until(async () => (await deliveries()).length >= 1, 'the first attempt');
  const [failed] = await deliveries();
  expect(failed).toMatchObject({ ok: false, status: 503, attempt: 1 });
  expect(new Date(failed.at).toISOString()).toBe('2026-11-02T01:00:00.000Z');
  const hook = (await gql(t.url, tokens.admin, WEBHOOKS)).data.webhooks.find((w: { id: string }) => w.id === hookId);
  expect(new Date(hook.retryAt).toISOString()).toBe('2026-11-02T01:01:00.000Z');

  // the receiver is back, but the retry waits for the service clock to reach it
  receiver.down = false;
  await new Promise((r) => setTimeout(r, 300));
  expect(received).toEqual([]);
  expect(await deliveries()).toHaveLength(1);

  clock.advance(60_000);
  await until(() => received.length >= 1, 'the retry');
  const signedAt = Number(received[0].headers['webhook-timestamp']);
  expect(Math.abs(signedAt - Date.now() / 1000)).toBeLessThan(60);
  expect(received[0].headers['x-duban-timestamp']).toBe(String(signedAt));
  await until(async () => (await deliveries()).some((d: { ok: boolean }) => d.ok), 'the delivery recorded');
  const delivered = (await deliveries()).find((d: { ok: boolean }) => d.ok);
  expect(new Date(delivered.at).toISOString()).toBe('2026-11-02T01:01:00.000Z');
});
