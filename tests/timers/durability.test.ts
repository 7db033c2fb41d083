/**
 * Timers survive restarts and fire once with several timer workers on one database. Each worker
 * here is a full app (its own pool, HTTP server and timer worker) in this one process, sharing
 * the test's clock, so days can pass; the same claim with real processes on the wall clock is
 * tests/process/multi-node-state.test.ts.
 */
import { Client } from 'pg';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { CalendarProvider } from '../../src/calendar/provider';
import { WorkflowEngine } from '../../src/engine/engine';
import type { WorkflowStore } from '../../src/engine/ports';
import { PgWorkflowStore } from '../../src/persistence/workflow-store';
import { gql, testConfig, tokenFor } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people, SEND, START } from '../helpers/letters';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.drop());

const node = (clock: TestClock, worker: boolean) =>
  createApp({
    config: testConfig({ TIMER_WORKER: String(worker), TIMER_POLL_MS: '20', TIMER_BATCH_SIZE: '10' }),
    logger: pino({ level: 'silent' }),
    databaseUrl: db.url,
    clock,
  });

async function issueLetters(app: App, n: number): Promise<string[]> {
  const office = await tokenFor(people.office);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const started = await gql(app.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ title: `督办 ${i}` }) } });
    const id = started.data.startWorkflow.id;
    await gql(app.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
    ids.push(id);
  }
  return ids;
}

async function firedCounts(): Promise<{ workflow_id: string; event_type: string; n: number }[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query(`SELECT workflow_id, event_type, count(*)::int AS n FROM workflow_transition
    WHERE event_type LIKE 'DEADLINE_%' GROUP BY workflow_id, event_type`);
  await client.end();
  return rows;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('a timer due while the server was down fires once after it starts again', async () => {
  const clock = new TestClock('2026-11-02T01:00:00Z');
  const first = await node(clock, false);
  const [id] = await issueLetters(first, 1);
  await first.close();

  clock.set('2026-11-06T00:00:00Z'); // past the warning and the feedback deadline, while nobody runs
  const second = await node(clock, true);
  try {
    await until(async () => (await firedCounts()).some((r) => r.event_type === 'DEADLINE_PASSED'), 'the overdue timer');
    await second.timers.runDue();
    const counts = await firedCounts();
    expect(counts.filter((r) => r.workflow_id === id && r.event_type === 'DEADLINE_PASSED')).toEqual([
      { workflow_id: id, event_type: 'DEADLINE_PASSED', n: 1 },
    ]);
  } finally {
    await second.close();
  }
});

test('two timer workers on one database fire each of 40 workflows\' timers exactly once between them, YELLOW before RED', async () => {
  const clock = new TestClock('2026-11-02T01:00:00Z');
  const a = await node(clock, true);
  const b = await node(clock, true);
  const firedBy = { a: 0, b: 0 };
  a.engine.onTransition((_, t) => t.actor.id === 'system' && firedBy.a++);
  b.engine.onTransition((_, t) => t.actor.id === 'system' && firedBy.b++);
  try {
    const ids = await issueLetters(a, 40);
    clock.set('2026-11-06T00:00:00Z'); // warning (YELLOW) and due (RED) are both past for every letter
    await until(async () => (await firedCounts()).length === 80, 'every warning and due timer');
    await new Promise((r) => setTimeout(r, 200)); // a late duplicate would show up here
    const counts = await firedCounts();
    expect(counts).toHaveLength(80);
    expect(counts.every((r) => r.n === 1)).toBe(true);
    expect(new Set(counts.map((r) => r.workflow_id))).toEqual(new Set(ids));
    expect(firedBy.a + firedBy.b).toBe(80);
    // both were overdue at once: each workflow still turned YELLOW before RED
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows: order } = await client.query(`SELECT workflow_id, array_agg(event_type ORDER BY seq) AS events
      FROM workflow_transition WHERE event_type LIKE 'DEADLINE_%' GROUP BY workflow_id`);
    await client.end();
    expect(order.filter((r) => r.events.join() !== 'DEADLINE_WARNING,DEADLINE_PASSED')).toEqual([]);
    console.log(`timers fired: worker A ${firedBy.a}, worker B ${firedBy.b}`);
  } finally {
    await a.close();
    await b.close();
  }
});

test('after an outage a workflow turns YELLOW before RED, even when its warning is slower to fire', async () => {
  const clock = new TestClock('2026-11-02T01:00:00Z');
  const app = await node(clock, false);
  try {
    const ids = await issueLetters(app, 3);
    clock.set('2026-11-06T00:00:00Z'); // the warning and the due time of every letter both past
    // the same store, but every warning takes longer to fire than any due time
    const store = new PgWorkflowStore(app.sql);
    const slowWarnings: WorkflowStore = Object.assign(Object.create(store), {
      fireTimer: async (...args: Parameters<WorkflowStore['fireTimer']>) => {
        if (args[0].action === 'WARN') await new Promise((r) => setTimeout(r, 150));
        return store.fireTimer(...args);
      },
    });
    const engine = new WorkflowEngine({ store: slowWarnings, clock, calendar: new CalendarProvider() });
    for (let round = 0; round < 20; round++) {
      const { fired, busy } = await engine.fireDueTimers(200, 8);
      if (fired === 0 && busy === 0) break;
    }
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`SELECT workflow_id, array_agg(event_type ORDER BY seq) AS events
      FROM workflow_transition WHERE event_type LIKE 'DEADLINE_%' GROUP BY workflow_id ORDER BY workflow_id`);
    await client.end();
    expect(rows).toEqual(
      [...ids].sort().map((id) => ({ workflow_id: id, events: ['DEADLINE_WARNING', 'DEADLINE_PASSED'] })),
    );
  } finally {
    await app.close();
  }
});
