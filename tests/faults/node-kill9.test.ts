/**
 * Three nodes (real processes of dist/src/main.js) on one PostgreSQL, clients spread across
 * them; one node is killed with kill -9 under load, and its clients retry on the other nodes
 * with their idempotency keys, as a client behind a load balancer does. Every acknowledged
 * transition is in the history exactly once, every history is contiguous and its hash chain
 * whole, and every request a client retried applied once.
 */
import { tokenFor } from '../helpers/app';
import { expectVerifiableChains } from '../helpers/chains';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people } from '../helpers/letters';
import { wallClockDueDate } from '../helpers/clock';
import { assertBuilt, checkInvariants, historyHas, post, sleep, startMain, stopMain, timesApplied, type Running } from './process';

const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id version state } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { id version state } }`;

const NODES = 3;
const CLIENTS = 12;
const LETTERS = 6;
const LOAD_BEFORE_MS = 1500;
const LOAD_AFTER_MS = 1500;

let db: TestDatabase;
let nodes: Running[] = [];

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(nodes.map((n) => stopMain(n)));
  await db.drop();
});

interface Attempt {
  kind: 'start' | 'urge';
  key: string;
  variables: Record<string, unknown>;
  /** what it writes: the URGE's message or the new letter's title */
  text: string;
  /** the nodes it was sent to, in order */
  sentTo: number[];
  /** from the answer; a retry's answer is the workflow as it is now (docs/operations.md) */
  acked?: { id: string; version: number };
}

test('a node killed under load: clients retry on the others with their keys, each transition applied exactly once', async () => {
  const office = await tokenFor(people.office);
  nodes = await Promise.all(Array.from({ length: NODES }, () => startMain(db.url, { TIMER_WORKER: 'false', DB_POOL_SIZE: '4' })));
  const letters: string[] = [];
  for (let i = 0; i < LETTERS; i++) {
    const node = nodes[i % NODES];
    const started = await post(node.url, office, START, {
      input: { machineId: 'supervisionLetter', input: letterInput({ title: `多节点督办 ${i}`, dueDate: wallClockDueDate() }) },
    });
    letters.push(started.data.startWorkflow.id);
    expect((await post(node.url, office, SEND, { input: { workflowId: letters[i], type: 'ISSUE', payload: {} } })).codes).toEqual([]);
  }

  const attempts: Attempt[] = [];
  let stopped = false;
  const client = async (c: number) => {
    let at = c % NODES; // this client's node until it stops answering
    for (let n = 0; !stopped && n < 2000; n++) {
      const key = `nodes-${c}-${n}`;
      const attempt: Attempt =
        n % 10 === 9
          ? {
              kind: 'start',
              key,
              text: `新督办 ${key}`,
              sentTo: [],
              variables: { input: { machineId: 'supervisionLetter', idempotencyKey: key, input: letterInput({ title: `新督办 ${key}`, dueDate: wallClockDueDate() }) } },
            }
          : {
              kind: 'urge',
              key,
              text: `催办 ${key}`,
              sentTo: [],
              variables: { input: { workflowId: letters[(c + n) % LETTERS], type: 'URGE', payload: { message: `催办 ${key}` }, idempotencyKey: key } },
            };
      attempts.push(attempt);
      // a failed socket (the node died, before or after committing): the same request, same key, on the next node
      for (let tries = 0; !attempt.acked && tries < 2 * NODES; tries++) {
        attempt.sentTo.push(at);
        const res = await post(nodes[at].url, office, attempt.kind === 'start' ? START : SEND, attempt.variables);
        if (res.status === 200 && res.codes.length === 0) {
          const w = attempt.kind === 'start' ? res.data.startWorkflow : res.data.sendEvent;
          attempt.acked = { id: w.id, version: w.version };
        } else if (res.status === 0) {
          at = (at + 1) % NODES;
        } else {
          throw new Error(`unexpected answer under load: ${res.status} ${res.body}`);
        }
      }
    }
  };
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  await sleep(LOAD_BEFORE_MS);
  const victim = nodes[0];
  victim.child.kill('SIGKILL');
  expect(await victim.exited).toBe('SIGKILL');
  const atKill = attempts.length;
  await sleep(LOAD_AFTER_MS);
  stopped = true;
  await load;

  const acked = attempts.filter((a) => a.acked).map((a) => a.acked!);
  const retried = attempts.filter((a) => a.sentTo.length > 1);
  const perNode = Array.from({ length: NODES }, (_, i) => attempts.filter((a) => a.acked && a.sentTo.at(-1) === i).length);
  const found = await historyHas(db.url, acked);
  const invariants = await checkInvariants(db.url);
  const applied = await timesApplied(db.url);
  console.log(
    `node kill -9 under load: ${attempts.length} requests (${atKill} before the kill), acknowledged by node ${JSON.stringify(perNode)}, ` +
      `${retried.length} retried on another node; ${found} of ${acked.length} found; ${invariants.problems.length} invariant problems`,
  );

  // every request was answered in the end, by a node still alive
  expect(attempts.filter((a) => !a.acked).map((a) => a.key)).toEqual([]);
  expect(retried.length).toBeGreaterThan(0);
  expect(retried.filter((a) => a.sentTo[0] !== 0 || a.sentTo.at(-1) === 0)).toEqual([]);
  expect(perNode[1] + perNode[2]).toBeGreaterThan(0);
  // exactly once: each request's own text is in the database once, retried or not
  const urges = attempts.filter((a) => a.kind === 'urge');
  const starts = attempts.filter((a) => a.kind === 'start');
  expect(urges.filter((a) => applied.urges.get(a.text) !== 1).map((a) => [a.key, applied.urges.get(a.text)])).toEqual([]);
  expect(starts.filter((a) => applied.titles.get(a.text) !== 1).map((a) => [a.key, applied.titles.get(a.text)])).toEqual([]);
  expect([...applied.urges.values()].reduce((x, y) => x + y, 0)).toBe(urges.length);
  expect(applied.titles.size).toBe(LETTERS + starts.length);
  // what a first answer acknowledged is that transition: none named twice, all in the history
  const firstAnswers = attempts.filter((a) => a.sentTo.length === 1).map((a) => `${a.acked!.id}:${a.acked!.version}`);
  expect(new Set(firstAnswers).size).toBe(firstAnswers.length);
  expect(found).toBe(acked.length);
  expect(invariants.problems).toEqual([]);
  await expectVerifiableChains(db.url);
});
