/**
 * Integrators' stream over graphql-ws: in order, resumable from a cursor with no gap and no
 * duplicate, from either of two servers in this process, and only what the token may see (never
 * a confidential workflow). Across real processes, a node killed included:
 * tests/process/multi-node-stream.test.ts.
 */
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { gql, testConfig, tokenFor } from '../helpers/app';
import { clerks } from '../helpers/cast';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { collect, wsClient } from '../helpers/ws';

let db: TestDatabase;
let a: App;
let b: App;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const node = () =>
    createApp({ config: testConfig({ STREAM_POLL_MS: '200' }), logger: pino({ level: 'silent' }), databaseUrl: db.url });
  a = await node();
  b = await node();
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await db.drop();
});

async function startLetter(app: App, overrides: Record<string, unknown> = {}, confidential = false): Promise<string> {
  const res = await gql(app.url, tokens.office, START, {
    input: { machineId: 'supervisionLetter', input: letterInput(overrides), confidential },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.startWorkflow.id;
}
const urge = (app: App, id: string, message: string) =>
  gql(app.url, tokens.office, SEND, { input: { workflowId: id, type: 'URGE', payload: { message } } });
const issue = (app: App, id: string) => gql(app.url, tokens.office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });

test('a subscriber receives transitions made over HTTP, in order, with cursor, actor and states', async () => {
  const sub = collect(wsClient(a.url, tokens.office), { filter: { machineId: 'supervisionLetter' } });
  await new Promise((r) => setTimeout(r, 200)); // let the subscription start (it goes live from now)
  const id = await startLetter(a);
  await issue(a, id);
  await urge(a, id, '一催');
  const got = await sub.waitFor(3);
  expect(got.map((m) => [m.workflowId, m.version, m.eventType])).toEqual([
    [id, 1, 'START'],
    [id, 2, 'ISSUE'],
    [id, 3, 'URGE'],
  ]);
  expect(got[1]).toMatchObject({ stateBefore: 'draft', stateAfter: 'awaitingFeedback', machineVersion: 1, actor: { id: 'office-wang' } });
  const cursors = got.map((m) => BigInt(m.cursor));
  expect([...cursors].sort((x, y) => (x < y ? -1 : 1))).toEqual(cursors);
  await sub.close();
});

test('after a disconnect, resuming from the last cursor gives exactly the missed transitions, then live ones', async () => {
  const id = await startLetter(a);
  await issue(a, id);
  const first = collect(wsClient(a.url, tokens.office), { filter: { workflowId: id }, after: '0' });
  const early = await first.waitFor(2);
  await first.close();
  const last = early.at(-1).cursor;

  for (let i = 0; i < 5; i++) await urge(a, id, `断线期间 ${i}`); // missed while disconnected
  const second = collect(wsClient(a.url, tokens.office), { filter: { workflowId: id }, after: last });
  const missed = await second.waitFor(5);
  expect(missed.map((m) => m.version)).toEqual([3, 4, 5, 6, 7]);
  for (let i = 0; i < 3; i++) await urge(a, id, `重连之后 ${i}`); // live after the seam
  const all = await second.waitFor(8);
  expect(all.map((m) => m.version)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  await new Promise((r) => setTimeout(r, 300));
  expect(second.messages).toHaveLength(8); // none twice
  await second.close();
});

test('a seam under load: transitions made while replaying arrive once each, in order', async () => {
  const id = await startLetter(a);
  await issue(a, id);
  for (let i = 0; i < 30; i++) await urge(a, id, `before ${i}`);
  const sub = collect(wsClient(b.url, tokens.office), { filter: { workflowId: id }, after: '0' });
  const writes = Array.from({ length: 20 }, (_, i) => urge(a, id, `during ${i}`));
  await Promise.all(writes);
  const got = await sub.waitFor(52);
  expect(got.map((m) => m.version)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
  await new Promise((r) => setTimeout(r, 300));
  expect(sub.messages).toHaveLength(52);
  await sub.close();
});

test('a subscriber filtered by event type gets the CANCEL committed through the other server', async () => {
  const sub = collect(wsClient(b.url, tokens.office), { filter: { eventType: 'CANCEL' } });
  await new Promise((r) => setTimeout(r, 200));
  const id = await startLetter(a);
  await gql(a.url, tokens.office, SEND, { input: { workflowId: id, type: 'CANCEL', payload: { reason: '跨节点' } } });
  const [cancel] = await sub.waitFor(1);
  expect(cancel).toMatchObject({ workflowId: id, eventType: 'CANCEL', stateAfter: 'cancelled' });
  await sub.close();
});

test('a unit receives only its own units\' transitions, and a confidential workflow is never sent', async () => {
  const transport = await tokenFor(clerks.transportColleague);
  const forTransport = collect(wsClient(a.url, transport), { filter: { machineId: 'supervisionLetter' } });
  const forOffice = collect(wsClient(a.url, tokens.office), { filter: { machineId: 'supervisionLetter' } });
  await new Promise((r) => setTimeout(r, 200));
  await startLetter(a, { leadUnit: '市住建局', coUnits: [] }); // not transport's
  const secret = await startLetter(a, { leadUnit: '市交通局', coUnits: [] }, true); // transport's, but 涉密
  const visible = await startLetter(a, { leadUnit: '市交通局', coUnits: [] });
  await issue(a, secret); // a draft is the office's own until issued
  await issue(a, visible);
  const got = await forTransport.waitFor(1);
  expect(got[0].workflowId).toBe(visible);
  await forOffice.waitFor(2);
  await new Promise((r) => setTimeout(r, 400));
  expect(forTransport.messages.map((m) => m.workflowId)).toEqual([visible]);
  expect(forOffice.messages.map((m) => m.workflowId)).not.toContain(secret);
  // the participant still reads it directly
  const direct = await gql(a.url, transport, `query($id: ID!) { workflow(id: $id) { id } }`, { id: secret });
  expect(direct.data.workflow.id).toBe(secret);
  await forTransport.close();
  await forOffice.close();
});

test('a socket with a forged, expired or missing token is refused at connection_init', async () => {
  const expired = await tokenFor(people.office, '-1h');
  for (const token of [null, 'not-a-token', expired]) {
    const sub = collect(wsClient(a.url, token));
    await expect(sub.waitFor(1, 5000)).rejects.toThrow(/subscription failed|4403|Forbidden/);
    await sub.close();
  }
});

test('transitionFeed pages the same stream for clients without a socket', async () => {
  const id = await startLetter(a);
  await issue(a, id);
  await urge(a, id, '分页');
  const q = `query($after: String, $filter: TransitionFilter) { transitionFeed(filter: $filter, first: 2, after: $after) {
    edges { cursor node { version eventType } } pageInfo { hasNextPage endCursor } } }`;
  // rows join the stream when the sequencer has given them positions, a few ms after commit
  let p1: any;
  for (let i = 0; i < 100; i++) {
    p1 = (await gql(a.url, tokens.office, q, { filter: { workflowId: id } })).data.transitionFeed;
    if (p1.pageInfo.hasNextPage) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(p1.edges.map((e: any) => e.node.version)).toEqual([1, 2]);
  expect(p1.pageInfo.hasNextPage).toBe(true);
  const p2 = (await gql(a.url, tokens.office, q, { filter: { workflowId: id }, after: p1.pageInfo.endCursor })).data.transitionFeed;
  expect(p2.edges.map((e: any) => e.node.version)).toEqual([3]);
  expect(p2.pageInfo.hasNextPage).toBe(false);
  const bad = await gql(a.url, tokens.office, q, { after: 'abc' });
  expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
});

test('a subscription over the socket is held to the same query limits as HTTP', async () => {
  const client = wsClient(a.url, tokens.office);
  const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: cursor`).join(' ');
  const errors = await new Promise<any[]>((resolve) => {
    client.subscribe(
      { query: `subscription { transitions { ${aliases} } }` },
      { next: () => undefined, error: (e) => resolve(e as any[]), complete: () => resolve([]) },
    );
  });
  await client.dispose();
  expect(errors.length).toBeGreaterThan(0);
  expect(errors[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
});
