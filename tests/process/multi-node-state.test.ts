/**
 * What one node wrote holds on every other, shown with real processes of dist/src/main.js on
 * one PostgreSQL: deadlines fire exactly once between two timer workers, an event sent to a node
 * whose cached copy is behind applies on top of the other node's change, and a node started
 * after a calendar change serves the changed calendar from its first request.
 */
import { Client } from 'pg';
import { assertBuilt, checkInvariants, post, sleep, startMain, stopMain, type Running } from '../faults/process';
import { tokenFor } from '../helpers/app';
import { expectVerifiableChains } from '../helpers/chains';
import { wallClockDueDate } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people } from '../helpers/letters';
import { until } from '../helpers/receiver';

const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id version state deadline } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { state version } }`;

let db: TestDatabase;
const tokens: Record<string, string> = {};
const running: Running[] = [];

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
  for (const who of ['office', 'housing', 'admin'] as const) tokens[who] = await tokenFor(people[who]);
});
afterAll(async () => {
  await Promise.all(running.map((r) => stopMain(r)));
  await db.drop();
});

async function nodes(n: number, env: Record<string, string>): Promise<Running[]> {
  const started = await Promise.all(Array.from({ length: n }, () => startMain(db.url, env)));
  running.push(...started);
  return started;
}

async function query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** DEADLINE_* transitions this process committed, from its own /metrics. */
async function deadlinesFiredBy(node: Running): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('duban_transitions_total{') && l.includes('event="DEADLINE_'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

const INCIDENTS = 24;

test('two processes with the timer worker on fire each due deadline exactly once between them', async () => {
  const [a, b] = await nodes(2, { TIMER_WORKER: 'true', TIMER_POLL_MS: '100', TIMER_BATCH_SIZE: '4', TIMER_CONCURRENCY: '2' });
  // incidents whose 1-minute step limit ends a few seconds from now, on the wall clock the
  // processes run on (both workers already polling); half started through each node
  const occurredAt = new Date(Date.now() - 54_000).toISOString();
  const ids: string[] = [];
  let latest = 0;
  for (let i = 0; i < INCIDENTS; i++) {
    const res = await post(i % 2 ? b.url : a.url, tokens.office, START, {
      input: {
        machineId: 'emergencyReport',
        input: {
          kind: '森林火灾',
          occurredAt,
          place: `罗山林场 ${i} 号点`,
          summary: '林场东坡起火',
          casualties: { deaths: 0, injured: 0, missing: 0 },
          viceMayor: { id: 'vm-li', name: '李副市长' },
          department: '市应急局',
          stepMinutes: 1,
        },
      },
    });
    expect(res.codes).toEqual([]);
    ids.push(res.data.startWorkflow.id);
    latest = Math.max(latest, new Date(res.data.startWorkflow.deadline).getTime());
  }

  const passed = async () =>
    (await query(`SELECT count(*)::int AS n FROM workflow_transition WHERE event_type = 'DEADLINE_PASSED'`))[0].n;
  await until(async () => (await passed()) >= INCIDENTS, 'every incident past its step limit', latest - Date.now() + 20_000);
  await sleep(1500); // a second firing by the other node would show by now

  const rows = await query<{ workflow_id: string; event_type: string; n: number }>(
    `SELECT workflow_id, event_type, count(*)::int AS n FROM workflow_transition
     WHERE event_type LIKE 'DEADLINE_%' GROUP BY 1, 2`,
  );
  const byA = await deadlinesFiredBy(a);
  const byB = await deadlinesFiredBy(b);
  console.log(`deadlines fired: ${rows.length} (${byA} by one process, ${byB} by the other)`);
  expect(rows.filter((r) => r.event_type === 'DEADLINE_PASSED').map((r) => r.workflow_id).sort()).toEqual([...ids].sort());
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  expect(byA + byB).toBe(rows.length);
  expect((await checkInvariants(db.url)).problems).toEqual([]);
  await Promise.all([stopMain(a), stopMain(b)]);
}, 60_000);

test('an event sent to node A after node B changed the item applies on top of B\'s change', async () => {
  const [a, b] = await nodes(2, { TIMER_WORKER: 'false', RECORD_CACHE_SIZE: '5000' });
  const send = (node: Running, who: string, workflowId: string, type: string, payload: object, expectedVersion?: number) =>
    post(node.url, tokens[who], SEND, { input: { workflowId, type, payload, expectedVersion } });
  const started = await post(a.url, tokens.office, START, {
    input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: wallClockDueDate() }) },
  });
  const id = started.data.startWorkflow.id;
  // issued through A: A's copy is version 2, awaitingFeedback
  expect((await send(a, 'office', id, 'ISSUE', {})).data.sendEvent).toEqual({ state: 'awaitingFeedback', version: 2 });
  // B moves it on; progress is refused in awaitingFeedback, so A's old copy would refuse it
  expect((await send(b, 'housing', id, 'SUBMIT_FEEDBACK', { content: '已制定方案' })).data.sendEvent).toEqual({ state: 'inProgress', version: 3 });
  const reported = await send(a, 'housing', id, 'REPORT_PROGRESS', { content: '第一批完成', percent: 40 });
  expect(reported.codes).toEqual([]);
  expect(reported.data.sendEvent).toEqual({ state: 'inProgress', version: 4 });
  // a version the caller saw on B, now stale, is refused by A with the database's version
  await send(b, 'office', id, 'URGE', { message: '请加快' });
  const stale = await send(a, 'office', id, 'URGE', { message: '再催' }, 4);
  expect(stale.codes).toEqual(['VERSION_CONFLICT']);

  const history = await query(`SELECT seq, event_type FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`, [id]);
  expect(history).toEqual(
    ['START', 'ISSUE', 'SUBMIT_FEEDBACK', 'REPORT_PROGRESS', 'URGE'].map((event_type, i) => ({ seq: i + 1, event_type })),
  );
  await expectVerifiableChains(db.url);
  await Promise.all([stopMain(a), stopMain(b)]);
});

test('a node started after a calendar change serves the changed calendar from its first request', async () => {
  const [a] = await nodes(1, { TIMER_WORKER: 'false', CALENDAR_POLL_MS: '3600000' });
  const IS_WORKING = `query($date: String!) { isWorkingDay(date: $date) }`;
  // a Saturday, made a working day (调休上班)
  expect((await post(a.url, tokens.office, IS_WORKING, { date: '2026-11-14' })).data).toEqual({ isWorkingDay: false });
  const set = await post(a.url, tokens.admin, `mutation($input: SetCalendarDaysInput!) { setCalendarDays(input: $input) { date working } }`, {
    input: { days: [{ date: '2026-11-14', working: true, name: '调休上班', note: 'multi-node test' }] },
  });
  expect(set.codes).toEqual([]);
  const [late] = await nodes(1, { TIMER_WORKER: 'false', CALENDAR_POLL_MS: '3600000' });
  const working = await post(late.url, tokens.office, IS_WORKING, { date: '2026-11-14' });
  expect(working.data).toEqual({ isWorkingDay: true });
  await Promise.all([stopMain(a), stopMain(late)]);
});
