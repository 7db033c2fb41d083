/**
 * A receiver written only with the `standardwebhooks` and `cloudevents` libraries verifies and
 * parses our deliveries over real HTTP, as they are: Standard Webhooks signatures (webhook-id,
 * webhook-timestamp, webhook-signature with a whsec_ secret), CloudEvents 1.0 structured mode
 * when the endpoint asks for it, two valid secrets while one is rotated, and the earlier
 * X-Duban-* headers only while WEBHOOK_LEGACY_HEADERS is on.
 */
import { CloudEvent, HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { signature, verifySignature } from '../../src/webhooks/signature';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { makeReceiver, until, type Delivery } from '../helpers/receiver';
import { collect, wsClient } from '../helpers/ws';

const clock = new TestClock('2026-11-02T01:00:00Z');
let t: TestApp;
let quiet: TestApp; // WEBHOOK_LEGACY_HEADERS=false
const receiver = makeReceiver();
let receiverUrl: string;
let admin: string;
let office: string;

beforeAll(async () => {
  [t, quiet] = await Promise.all([
    startTestApp({ clock, config: { CLOUDEVENTS_SOURCE: 'https://duban.zhaoyuan.gov.cn' } }),
    startTestApp({ clock, config: { WEBHOOK_LEGACY_HEADERS: 'false' } }),
  ]);
  admin = await tokenFor(people.admin);
  office = await tokenFor(people.office);
  receiverUrl = await receiver.listen();
});
afterAll(async () => {
  await Promise.all([t.stop(), quiet.stop()]);
  await receiver.close();
});

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id secret format } }`;
const ROTATE = `mutation($id: ID!, $secret: String, $overlap: Int) {
  rotateWebhookSecret(webhookId: $id, secret: $secret, overlapMinutes: $overlap) { id secret previousSecretUntil } }`;

async function register(app: TestApp, path: string, extra: Record<string, unknown> = {}) {
  const res = await gql(app.url, admin, REGISTER, { input: { url: `${receiverUrl}${path}`, filter: { machineId: 'supervisionLetter' }, ...extra } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.registerWebhook as { id: string; secret: string; format: string };
}

async function issuedLetter(app: TestApp): Promise<string> {
  const res = await gql(app.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = res.data.startWorkflow.id;
  await gql(app.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  return id;
}

const urge = (app: TestApp, id: string) => gql(app.url, office, SEND, { input: { workflowId: id, type: 'URGE', payload: { message: '请加快' } } });
const at = (path: string) => receiver.received.filter((d) => d.path === path);
const headersOf = (d: Delivery) => d.headers as Record<string, string>;

test('the standardwebhooks library verifies every delivery with the secret we gave; a wrong secret or a changed body fails', async () => {
  const hook = await register(t, '/std');
  expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  expect(Buffer.from(hook.secret.slice(6), 'base64')).toHaveLength(32);
  const id = await issuedLetter(t);
  await urge(t, id);
  await until(() => at('/std').length >= 2, 'two deliveries');
  const wh = new Webhook(hook.secret);
  for (const d of at('/std')) {
    const verified = wh.verify(d.body, headersOf(d)) as { workflowId: string; cursor: string };
    expect(verified.workflowId).toBe(id);
    expect(d.headers['webhook-id']).toBe(verified.cursor);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(d.body, headersOf(d))).toThrow();
    expect(() => wh.verify(d.body.replace('"workflowId"', '"workflowId" '), headersOf(d))).toThrow();
    // the earlier headers are still there, with the same key
    expect(verifySignature(hook.secret, Number(d.headers['x-duban-timestamp']), d.body, String(d.headers['x-duban-signature']))).toBe(true);
  }
});

test('a plain secret keeps its bytes as the key: an earlier receiver checks the earlier header as before, the library with the whsec_ form', async () => {
  const plain = 'our-old-shared-secret-2025';
  const hook = await register(t, '/plain', { secret: plain });
  expect(hook.secret).toBe(`whsec_${Buffer.from(plain).toString('base64')}`);
  await issuedLetter(t);
  await until(() => at('/plain').length >= 1, 'a delivery');
  const [d] = at('/plain');
  const timestamp = Number(d.headers['x-duban-timestamp']);
  // exactly what an earlier receiver computes: HMAC-SHA256 keyed by the plain secret
  const { createHmac } = await import('node:crypto');
  expect(d.headers['x-duban-signature']).toBe(`sha256=${createHmac('sha256', plain).update(`${timestamp}.${d.body}`).digest('hex')}`);
  expect(signature(hook.secret, timestamp, d.body)).toBe(d.headers['x-duban-signature']);
  expect(() => new Webhook(hook.secret).verify(d.body, headersOf(d))).not.toThrow();
});

test('CloudEvents: a CLOUDEVENTS endpoint gets structured-mode events the cloudevents SDK parses, still signed', async () => {
  const hook = await register(t, '/ce', { format: 'CLOUDEVENTS' });
  expect(hook.format).toBe('CLOUDEVENTS');
  const id = await issuedLetter(t);
  await until(() => at('/ce').length >= 1, 'a delivery');
  const [d] = at('/ce');
  expect(d.headers['content-type']).toBe('application/cloudevents+json');
  new Webhook(hook.secret).verify(d.body, headersOf(d));
  const event = HTTP.toEvent({ headers: d.headers, body: d.body }) as CloudEvent<any>;
  expect(event.validate()).toBe(true);
  expect(event).toMatchObject({
    specversion: '1.0',
    id: d.headers['webhook-id'],
    source: 'https://duban.zhaoyuan.gov.cn',
    type: 'gov.zhaoyuan.duban.transition',
    subject: id,
    datacontenttype: 'application/json',
  });
  expect(event.data).toMatchObject({ workflowId: id, eventType: 'ISSUE', stateAfter: 'awaitingFeedback', cursor: event.id });
  expect(new Date(event.time!).toISOString()).toBe(event.data.at);

  // switched back to JSON: the next delivery is the plain message again
  const set = await gql(t.url, admin, `mutation($id: ID!) { setWebhookFormat(webhookId: $id, format: JSON) { format } }`, { id: hook.id });
  expect(set.data.setWebhookFormat.format).toBe('JSON');
  await urge(t, id);
  await until(() => at('/ce').length >= 2, 'the next delivery');
  expect(JSON.parse(at('/ce')[1].body)).toMatchObject({ workflowId: id, eventType: 'URGE' });
  expect(at('/ce')[1].headers['content-type']).toBe('application/json');
});

test('the stream gives the same CloudEvent: the subscription and the feed carry `cloudEvent`', async () => {
  const hook = await register(t, '/same', { format: 'CLOUDEVENTS' });
  const sub = collect(wsClient(t.url, office), { after: '0' }, `subscription($after: String) { transitions(after: $after) { cursor cloudEvent } }`);
  const id = await issuedLetter(t);
  await until(() => at('/same').length >= 1 && sub.messages.some((m: any) => m.cloudEvent.subject === id), 'webhook and stream');
  const fromStream = sub.messages.find((m: any) => m.cloudEvent.subject === id && m.cloudEvent.data.eventType === 'ISSUE') as any;
  expect(new CloudEvent(fromStream.cloudEvent, true).validate()).toBe(true);
  expect(fromStream.cloudEvent).toEqual(JSON.parse(at('/same')[0].body));
  await sub.close();
  // the feed gives the same event for the same cursor
  const feed = await gql(t.url, office, `query($after: String) { transitionFeed(after: $after, first: 100) { edges { node { cursor cloudEvent } } } }`, { after: '0' });
  expect(feed.data.transitionFeed.edges.find((e: any) => e.node.cursor === fromStream.cursor).node.cloudEvent).toEqual(fromStream.cloudEvent);
  expect(hook.format).toBe('CLOUDEVENTS');
});

test('rotation: both secrets verify during the overlap, only the new one after it; refusals are coded', async () => {
  const hook = await register(t, '/rot');
  const id = await issuedLetter(t);
  await until(() => at('/rot').length >= 1, 'before the rotation');

  const rotated = (await gql(t.url, admin, ROTATE, { id: hook.id, overlap: 60 })).data.rotateWebhookSecret;
  expect(rotated.secret).not.toBe(hook.secret);
  expect(new Date(rotated.previousSecretUntil).toISOString()).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
  await urge(t, id);
  await until(() => at('/rot').length >= 2, 'during the overlap');
  const during = at('/rot')[1];
  expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
  expect(() => new Webhook(hook.secret).verify(during.body, headersOf(during))).not.toThrow();
  expect(() => new Webhook(rotated.secret).verify(during.body, headersOf(during))).not.toThrow();

  clock.advance(3600_000 + 1000);
  await urge(t, id);
  await until(() => at('/rot').length >= 3, 'after the overlap');
  const after = at('/rot')[2];
  expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
  expect(() => new Webhook(rotated.secret).verify(after.body, headersOf(after))).not.toThrow();
  expect(() => new Webhook(hook.secret).verify(after.body, headersOf(after))).toThrow();

  const bad = async (variables: Record<string, unknown>, token = admin) => codeOf(await gql(t.url, token, ROTATE, variables));
  expect(await bad({ id: hook.id, secret: 'whsec_dG9vLXNob3J0' })).toBe('BAD_USER_INPUT'); // 9 bytes
  expect(await bad({ id: hook.id, overlap: -1 })).toBe('BAD_USER_INPUT');
  expect(await bad({ id: hook.id, overlap: 50_000 })).toBe('BAD_USER_INPUT');
  expect(await bad({ id: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
  expect(await bad({ id: hook.id }, office)).toBe('FORBIDDEN');
  const badFormat = await gql(t.url, admin, REGISTER, { input: { url: `${receiverUrl}/x`, format: 'XML' } });
  expect(codeOf(badFormat)).toBe('BAD_USER_INPUT');
});

test('with WEBHOOK_LEGACY_HEADERS=false only the Standard Webhooks headers are sent', async () => {
  const hook = await register(quiet, '/quiet');
  await issuedLetter(quiet);
  await until(() => at('/quiet').length >= 1, 'a delivery');
  const [d] = at('/quiet');
  expect(Object.keys(d.headers).filter((h) => h.startsWith('x-duban'))).toEqual([]);
  expect(() => new Webhook(hook.secret).verify(d.body, headersOf(d))).not.toThrow();
});
