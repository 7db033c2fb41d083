/**
 * A colour change made by time alone (BLUE → YELLOW → RED, nobody sending anything) reaches
 * integrators like any transition: a graphql-ws subscriber and a webhook endpoint each receive
 * the DEADLINE_WARNING and DEADLINE_PASSED transitions with the new alert level in the message,
 * and a subscription filtered by level receives only that level.
 */
import { verifySignature } from '../../src/webhooks/signature';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';
import { collect, wsClient } from '../helpers/ws';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let t: TestApp;
const receiver = makeReceiver();
const received = receiver.received;
let receiverUrl: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock });
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
  receiverUrl = await receiver.listen();
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

async function issuedLetter(confidential = false): Promise<string> {
  const input = { machineId: 'supervisionLetter', input: letterInput({ flagged: true }), confidential };
  const res = await gql(t.url, tokens.office, START, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const id = res.data.startWorkflow.id;
  await gql(t.url, tokens.office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  return id;
}

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id secret } }`;

/** Feedback due 24:00 Thursday 5 November: YELLOW after 24:00 Wednesday, RED after 24:00 Thursday. */
async function letTheFeedbackDeadlinePass() {
  clock.set('2026-11-04T16:00:01Z');
  await t.app.timers.runDue();
  clock.set('2026-11-05T16:00:01Z');
  await t.app.timers.runDue();
}

test('a subscriber sees the letter go BLUE, YELLOW, RED, each change with its level, kind and escalation', async () => {
  const all = collect(wsClient(t.url, tokens.office), { filter: { machineId: 'supervisionLetter' } });
  const redOnly = collect(wsClient(t.url, tokens.housing), { filter: { alertLevel: 'RED' } });
  await new Promise((r) => setTimeout(r, 200)); // let the subscriptions start (they go live from now)
  const id = await issuedLetter();
  await letTheFeedbackDeadlinePass();

  const got = await all.waitFor(4);
  expect(got.map((m) => [m.workflowId, m.version, m.eventType, m.stateAfter, m.alertLevel])).toEqual([
    [id, 1, 'START', 'draft', 'BLUE'],
    [id, 2, 'ISSUE', 'awaitingFeedback', 'BLUE'],
    [id, 3, 'DEADLINE_WARNING', 'awaitingFeedback', 'YELLOW'],
    [id, 4, 'DEADLINE_PASSED', 'awaitingFeedback', 'RED'],
  ]);
  expect(got[2]).toMatchObject({ actor: { id: 'system' }, payload: { kind: 'feedback', due: '2026-11-05T16:00:00.000Z', escalatedTo: [] } });
  expect(got[3]).toMatchObject({ actor: { id: 'system' }, payload: { kind: 'feedback', escalatedTo: ['person:vm-li', 'role:MAYOR'] } });

  // the lead unit, subscribed to RED only, gets just the change to RED
  const red = await redOnly.waitFor(1);
  expect(red.map((m) => [m.workflowId, m.eventType, m.alertLevel])).toEqual([[id, 'DEADLINE_PASSED', 'RED']]);
  await new Promise((r) => setTimeout(r, 200));
  expect(redOnly.messages).toHaveLength(1);
  await all.close();
  await redOnly.close();
});

test('a webhook endpoint receives the colour changes, signed, with the level in the body; a confidential one never', async () => {
  const every = await gql(t.url, tokens.admin, REGISTER, { input: { url: `${receiverUrl}/letters`, filter: { machineId: 'supervisionLetter' } } });
  const red = await gql(t.url, tokens.admin, REGISTER, { input: { url: `${receiverUrl}/red`, filter: { alertLevel: 'RED' } } });
  expect([every.errors, red.errors]).toEqual([undefined, undefined]);
  clock.set('2026-11-02T01:00:00Z');
  const secret = await issuedLetter(true); // 涉密: its colour changes never leave
  const id = await issuedLetter();
  await letTheFeedbackDeadlinePass();

  const of = (path: string) => received.filter((r) => r.path === path && JSON.parse(r.body).workflowId === id);
  await until(() => of('/letters').length >= 3 && of('/red').length >= 1, 'the colour changes delivered');
  await new Promise((r) => setTimeout(r, 200));
  // the start was the office's draft, which never leaves
  expect(of('/letters').map((r) => JSON.parse(r.body)).map((b) => [b.version, b.eventType, b.alertLevel])).toEqual([
    [2, 'ISSUE', 'BLUE'],
    [3, 'DEADLINE_WARNING', 'YELLOW'],
    [4, 'DEADLINE_PASSED', 'RED'],
  ]);
  expect(of('/red').map((r) => JSON.parse(r.body))).toMatchObject([
    { version: 4, eventType: 'DEADLINE_PASSED', alertLevel: 'RED', payload: { kind: 'feedback', escalatedTo: ['person:vm-li', 'role:MAYOR'] } },
  ]);
  expect(received.filter((r) => JSON.parse(r.body).workflowId === secret)).toEqual([]);
  const secrets: Record<string, string> = { '/letters': every.data.registerWebhook.secret, '/red': red.data.registerWebhook.secret };
  for (const r of [...of('/letters'), ...of('/red')]) {
    const [timestamp, signature] = [Number(r.headers['x-duban-timestamp']), String(r.headers['x-duban-signature'])];
    expect(verifySignature(secrets[r.path], timestamp, r.body, signature)).toBe(true);
  }
});
