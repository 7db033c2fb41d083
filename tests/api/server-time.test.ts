/** serverTime: the clock the engine counts deadlines by, so a client need not trust its own. */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { people } from '../helpers/letters';

let t: TestApp;
const clock = new TestClock('2026-11-02T01:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

test("serverTime answers the engine's clock, and follows it when it moves", async () => {
  const token = await tokenFor(people.office);
  expect((await gql(t.url, token, '{ serverTime }')).data).toEqual({ serverTime: '2026-11-02T01:00:00.000Z' });
  clock.set('2026-11-05T16:00:01Z');
  expect((await gql(t.url, token, '{ serverTime }')).data).toEqual({ serverTime: '2026-11-05T16:00:01.000Z' });
});

test('serverTime asks for a signed-in caller, like the calendar', async () => {
  expect(codeOf(await gql(t.url, null, '{ serverTime }'))).toBe('UNAUTHENTICATED');
});
