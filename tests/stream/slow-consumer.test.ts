/** A subscriber that stops reading is told to resume from its cursor instead of growing memory. */
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { STREAM_MAX_BUFFER: '10', STREAM_POLL_MS: '50' } });
});
afterAll(() => t.stop());

test('a consumer more than the buffer behind gets SLOW_CONSUMER with the last cursor it received', async () => {
  const office = await tokenFor(people.office);
  const sub = t.app.stream.subscribe({}, null, people.office);
  const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = started.data.startWorkflow.id;
  const first = await sub.next(); // it reads one, then stops reading
  expect(first.value).toMatchObject({ workflowId: id, eventType: 'START' });
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  for (let i = 0; i < 15; i++) await gql(t.url, office, SEND, { input: { workflowId: id, type: 'URGE', payload: {} } });
  await new Promise((r) => setTimeout(r, 300)); // the hub offers all 16; ten fit
  await expect(sub.next()).rejects.toMatchObject({ code: 'SLOW_CONSUMER', details: { lastCursor: first.value!.cursor } });

  // resuming from that cursor gives everything it missed, in order
  const resumed = t.app.stream.subscribe({ workflowId: id }, first.value!.cursor, people.office);
  const versions: number[] = [];
  for (let i = 0; i < 16; i++) versions.push((await resumed.next()).value!.version);
  expect(versions).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
  await resumed.return();
});
