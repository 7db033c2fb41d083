/**
 * The server pings every graphql-ws socket each WS_PING_MS: a live client answers (every
 * WebSocket implementation does, without code) and stays; a peer that is gone — here a client
 * that does not answer pings — is closed by the server at the next ping, and its subscriptions
 * end with it.
 */
import WebSocket from 'ws';
import { startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { people } from '../helpers/letters';
import { until } from '../helpers/receiver';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ config: { WS_PING_MS: '200' } });
  token = await tokenFor(people.office);
});
afterAll(() => t.stop());

/** A graphql-ws socket past connection_init, subscribed to the stream. */
async function subscribed(autoPong: boolean) {
  const socket = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { autoPong });
  const events: string[] = [];
  socket.on('ping', () => events.push('ping'));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await new Promise<void>((resolve) => socket.once('message', (data) => (JSON.parse(String(data)).type === 'connection_ack' ? resolve() : undefined)));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { transitions { cursor } }' } }));
  return { socket, events, closed };
}

test('a live socket is pinged and stays open; one that never answers is closed at the next ping', async () => {
  const live = await subscribed(true);
  const gone = await subscribed(false);
  await until(async () => t.app.stream.subscriberCount === 2, 'both subscribed', 5000);
  // the silent one is closed abnormally by the server (terminated, no close frame: 1006)
  expect(await gone.closed).toBe(1006);
  expect(gone.events.length).toBeGreaterThanOrEqual(1);
  await until(async () => t.app.stream.subscriberCount === 1, 'its subscription ended', 5000);
  // the live one has been pinged several times meanwhile, and is still open
  await until(async () => live.events.length >= 3, 'three pings', 5000);
  expect(live.socket.readyState).toBe(WebSocket.OPEN);
  live.socket.close();
  await live.closed;
});
