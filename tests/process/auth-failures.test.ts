/**
 * The failed-authentication limit holds for the service, not per node: failures counted on two
 * real processes of dist/src/main.js on one PostgreSQL add up, and the address is refused on both.
 */
import { Client } from 'pg';
import { assertBuilt, startMain, stopMain, type Running } from '../faults/process';
import { tokenFor } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { people } from '../helpers/letters';
import { until } from '../helpers/receiver';

const ME = '{ me { id } }';

let db: TestDatabase;
const running: Running[] = [];

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const r of running) await stopMain(r);
  await db.drop();
});

const post = (node: Running, token: string) =>
  fetch(`${node.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: ME }),
  });

test('failures on two nodes add up to one limit, and the address is refused on both', async () => {
  const env = { AUTH_FAILURE_LIMIT: '4', AUTH_FAILURE_WINDOW_S: '60' };
  const [a, b] = await Promise.all([startMain(db.url, env), startMain(db.url, env)]);
  running.push(a, b);
  const good = await tokenFor(people.office);
  const forged = `${good.slice(0, -4)}AAAA`;
  // two bad tokens on each node: under the limit on either, the limit for the service
  for (const node of [a, b, a]) expect((await post(node, forged)).status).toBe(401);
  expect((await post(b, good)).status).toBe(200);
  expect((await post(b, forged)).status).toBe(401);
  // the fourth failure was counted on b: b refuses at once, a as soon as it hears
  const refused = await post(b, good);
  expect(refused.status).toBe(429);
  expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  await until(async () => (await post(a, good)).status === 429, 'node a refuses the address', 5000);
  // both counted the same four failures: the table holds one window for the address
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT failures FROM auth_failure');
    expect(rows.map((r) => r.failures)).toEqual([4]);
  } finally {
    await client.end();
  }
});
