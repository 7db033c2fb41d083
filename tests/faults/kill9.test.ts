/**
 * kill -9 of the server under concurrent load, then a restart on the same database: every
 * acknowledged transition (a 200 with data) is in the history, no transition is half-written,
 * and retrying the requests whose answer was lost (same idempotency key) applies each exactly once.
 */
import { tokenFor } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people } from '../helpers/letters';
import { wallClockDueDate } from '../helpers/clock';
import { assertBuilt, checkInvariants, historyHas, post, sleep, startMain, stopMain, type Running } from './process';

const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id version state } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { id version state } }`;

const CLIENTS = 12;
const LETTERS = 6;
const LOAD_MS = 2500;

let db: TestDatabase;
let server: Running | undefined;

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
});
afterAll(async () => {
  await stopMain(server);
  await db.drop();
});

interface Attempt {
  kind: 'start' | 'urge';
  key: string;
  variables: Record<string, unknown>;
  acked?: { id: string; version: number };
}

test('every acknowledged transition survives kill -9 under load; lost answers retry exactly once', async () => {
  const office = await tokenFor(people.office);
  server = await startMain(db.url, { TIMER_WORKER: 'false', DB_POOL_SIZE: '8' });
  const letters: string[] = [];
  for (let i = 0; i < LETTERS; i++) {
    const started = await post(server.url, office, START, {
      input: { machineId: 'supervisionLetter', input: letterInput({ title: `压测督办 ${i}`, dueDate: wallClockDueDate() }) },
    });
    const id = started.data.startWorkflow.id;
    await post(server.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
    letters.push(id);
  }

  const attempts: Attempt[] = [];
  let stopped = false;
  const url = server.url;
  const client = async (c: number) => {
    for (let n = 0; !stopped && n < 2000; n++) {
      const key = `kill9-${c}-${n}`;
      const attempt: Attempt =
        n % 10 === 9
          ? {
              kind: 'start',
              key,
              variables: { input: { machineId: 'supervisionLetter', idempotencyKey: key, input: letterInput({ title: `新督办 ${key}`, dueDate: wallClockDueDate() }) } },
            }
          : {
              kind: 'urge',
              key,
              variables: {
                input: { workflowId: letters[(c + n) % LETTERS], type: 'URGE', payload: { message: `催办 ${key}` }, idempotencyKey: key },
              },
            };
      attempts.push(attempt);
      const res = await post(url, office, attempt.kind === 'start' ? START : SEND, attempt.variables);
      if (res.status === 200 && res.codes.length === 0) {
        const w = attempt.kind === 'start' ? res.data.startWorkflow : res.data.sendEvent;
        attempt.acked = { id: w.id, version: w.version };
      } else if (res.status !== 0) {
        throw new Error(`unexpected answer under load: ${res.status} ${res.body}`);
      }
    }
  };
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  await sleep(LOAD_MS);
  stopped = true;
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  await load;

  const acked = attempts.filter((a) => a.acked).map((a) => a.acked!);
  const lost = attempts.filter((a) => !a.acked);
  expect(acked.length).toBeGreaterThan(20);

  server = await startMain(db.url, { TIMER_WORKER: 'false' });
  const found = await historyHas(db.url, acked);
  const before = await checkInvariants(db.url);

  // the requests in flight at the kill: same key again → applied exactly once in all
  for (const attempt of lost) {
    const res = await post(server.url, office, attempt.kind === 'start' ? START : SEND, attempt.variables);
    expect({ key: attempt.key, status: res.status, codes: res.codes }).toEqual({ key: attempt.key, status: 200, codes: [] });
  }
  const after = await checkInvariants(db.url);
  const urges = attempts.filter((a) => a.kind === 'urge').length;
  const starts = attempts.filter((a) => a.kind === 'start').length;
  const { Client } = await import('pg');
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const counts = await pg.query(
    `SELECT (SELECT count(*)::int FROM workflow_transition WHERE event_type = 'URGE') AS urges,
            (SELECT count(*)::int FROM workflow) AS workflows`,
  );
  await pg.end();

  console.log(
    `kill -9 under load: ${attempts.length} requests, ${acked.length} acknowledged, ${found} of them found after restart; ` +
      `${lost.length} in flight retried; invariants: ${before.problems.length} problems before, ${after.problems.length} after`,
  );
  expect(found).toBe(acked.length);
  expect(before.problems).toEqual([]);
  expect(after.problems).toEqual([]);
  expect(counts.rows[0]).toEqual({ urges, workflows: LETTERS + starts });
});

test('a deadline that falls due while the server is down (after kill -9) fires once when it starts again', async () => {
  await stopMain(server);
  const office = await tokenFor(people.office);
  // an incident whose 1-minute step limit ends a few seconds from now
  const occurredAt = new Date(Date.now() - 56_000).toISOString();
  server = await startMain(db.url, { TIMER_WORKER: 'false' });
  const started = await post(server.url, office, `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id deadline } }`, {
    input: {
      machineId: 'emergencyReport',
      input: {
        kind: '森林火灾',
        occurredAt,
        place: '罗山林场',
        summary: '林场东坡起火',
        casualties: { deaths: 0, injured: 0, missing: 0 },
        viceMayor: { id: 'vm-li', name: '李副市长' },
        department: '市应急局',
        stepMinutes: 1,
      },
    },
  });
  expect(started.codes).toEqual([]);
  const { id, deadline } = started.data.startWorkflow;
  server.child.kill('SIGKILL');
  await server.exited;

  const { Client } = await import('pg');
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  try {
    const fired = async () =>
      (await pg.query(`SELECT event_type, count(*)::int AS n FROM workflow_transition WHERE workflow_id = $1 AND event_type LIKE 'DEADLINE_%' GROUP BY 1 ORDER BY 1`, [id])).rows;
    expect(await fired()).toEqual([]);
    // nobody runs while it falls due
    await sleep(Math.max(0, new Date(deadline).getTime() - Date.now()) + 500);
    server = await startMain(db.url, { TIMER_WORKER: 'true', TIMER_POLL_MS: '100' });
    const started2 = Date.now();
    while (!(await fired()).some((r) => r.event_type === 'DEADLINE_PASSED') && Date.now() - started2 < 15_000) await sleep(100);
    await sleep(1000); // a second firing would show by now
    const rows = await fired();
    console.log(`timer due during a kill -9 outage: ${JSON.stringify(rows)} after restart`);
    expect(rows.find((r) => r.event_type === 'DEADLINE_PASSED')).toEqual({ event_type: 'DEADLINE_PASSED', n: 1 });
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect((await checkInvariants(db.url)).problems).toEqual([]);
  } finally {
    await pg.end();
  }
}, 60_000);
