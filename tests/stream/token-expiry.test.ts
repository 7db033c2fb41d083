/**
 * A socket lives no longer than its token: when the token expires (its `exp` plus the clock
 * tolerance, the rule HTTP applies) the server closes the socket with 4403, and the client,
 * with a fresh token, resumes from its last cursor with nothing lost and nothing twice.
 */
import type { Client } from 'graphql-ws';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { collect, wsClient } from '../helpers/ws';

let t: TestApp;
let office: string;
beforeAll(async () => {
  t = await startTestApp({ config: { AUTH_CLOCK_TOLERANCE_S: '1', STREAM_POLL_MS: '50' } });
  office = await tokenFor(people.office);
});
afterAll(() => t.stop());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startLetter(): Promise<string> {
  const res = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const id = res.data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  return id;
}

async function urge(id: string, message: string): Promise<void> {
  const res = await gql(t.url, office, SEND, { input: { workflowId: id, type: 'URGE', payload: { message } } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

/** The close code the server ended the socket with, once it has. */
function closeCode(client: Client): { readonly code: number | null } {
  const seen = { code: null as number | null };
  client.on('closed', (event) => {
    seen.code = (event as { code: number }).code;
  });
  return seen;
}

test('a socket is closed with 4403 when its token expires, and a fresh token resumes from the last cursor with nothing lost or repeated', async () => {
  const id = await startLetter();
  const shortLived = await tokenFor(people.office, '3s');
  // used over HTTP first, so the socket finds it among the remembered tokens
  expect((await gql(t.url, shortLived, '{ me { id } }')).data.me.id).toBe(people.office.id);

  const client = wsClient(t.url, shortLived);
  const closed = closeCode(client);
  const first = collect(client, { filter: { workflowId: id }, after: '0' });
  await first.waitFor(2);

  // the workflow goes on while the token runs out
  let urges = 0;
  for (let i = 0; i < 200 && closed.code === null; i++) {
    await urge(id, `到期前 ${urges++}`);
    await pause(50);
  }
  expect(closed.code).toBe(4403);
  const receivedBeforeClose = first.messages.length;
  for (let i = 0; i < 3; i++) await urge(id, `到期后 ${urges++}`);
  await pause(300);
  expect(first.messages).toHaveLength(receivedBeforeClose); // nothing after the close
  await first.close();

  const total = 2 + urges;
  const last = first.messages.at(-1).cursor;
  const second = collect(wsClient(t.url, await tokenFor(people.office)), { filter: { workflowId: id }, after: last });
  const resumed = await second.waitFor(total - receivedBeforeClose);
  const versions = [...first.messages, ...resumed].map((m) => m.version);
  expect(versions).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  await pause(300);
  expect(second.messages).toHaveLength(total - receivedBeforeClose); // none twice
  expect(second.errors).toEqual([]);
  await second.close();
});

test('a socket whose token holds for longer than a timer can wait stays open and receives', async () => {
  const id = await startLetter();
  const client = wsClient(t.url, await tokenFor(people.office, '60d'));
  const closed = closeCode(client);
  const sub = collect(client, { filter: { workflowId: id }, after: '0' });
  await sub.waitFor(2);
  await pause(200);
  await urge(id, '长期令牌');
  const got = await sub.waitFor(3);
  expect(got.map((m) => m.version)).toEqual([1, 2, 3]);
  expect(closed.code).toBeNull();
  expect(sub.errors).toEqual([]);
  await sub.close();
});
