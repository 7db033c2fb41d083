/**
 * PostgreSQL itself killed with kill -9 (the postmaster) under load, then started again: crash
 * recovery replays the WAL, and the real server process on it recovers by itself — /readyz back
 * to 200, requests succeed again, the stream and the timer worker run again — with nothing
 * acknowledged lost, no transition half-written, and every history's hash chain whole. The
 * requests whose answer was lost in the crash are retried with their idempotency keys and apply
 * exactly once.
 *
 * Uses its own PostgreSQL (not the shared test server, which other files need).
 */
import { tokenFor } from '../helpers/app';
import { expectVerifiableChains } from '../helpers/chains';
import { letterInput, people } from '../helpers/letters';
import { wallClockDueDate } from '../helpers/clock';
import { collect, wsClient } from '../helpers/ws';
import { OwnPostgres } from './own-postgres';
import { assertBuilt, checkInvariants, historyHas, post, readiness, sleep, startMain, stopMain, timesApplied, type Outcome, type Running } from './process';

const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id version state } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { id version state } }`;
const READ = `query($id: ID!) { workflow(id: $id) { id version } }`;
const LETTERS = 4;
const CLIENTS = 8;

let pg: OwnPostgres;
let server: Running | undefined;

beforeAll(async () => {
  assertBuilt();
  pg = await OwnPostgres.create('duban-pgkill-');
}, 60_000);
afterAll(async () => {
  await stopMain(server);
  await pg?.destroy();
});

const { readyz, until } = readiness(() => server, { pollMs: 100, timeoutMs: 30_000, logLines: 30 });

interface Urge {
  key: string;
  variables: Record<string, unknown>;
  acked?: { id: string; version: number };
}

test('after kill -9 of the postmaster and a restart the server recovers by itself and loses nothing acknowledged', async () => {
  const office = await tokenFor(people.office);
  server = await startMain(pg.url, {
    DB_CONNECT_TIMEOUT_MS: '1000',
    DB_POOL_SIZE: '6',
    TIMER_WORKER: 'true',
    TIMER_POLL_MS: '200',
    STREAM_POLL_MS: '500',
  });
  const letters: string[] = [];
  for (let i = 0; i < LETTERS; i++) {
    const started = await post(server.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ title: `崩库督办 ${i}`, dueDate: wallClockDueDate() }) } });
    letters.push(started.data.startWorkflow.id);
    await post(server.url, office, SEND, { input: { workflowId: letters[i], type: 'ISSUE', payload: {} } });
  }
  // a subscriber that stays connected through the crash
  const sub = collect(wsClient(server.url, office), { filter: { workflowId: letters[0] }, after: '0' });
  await sub.waitFor(2);

  type Phase = 'before' | 'crash' | 'after';
  let phase: Phase = 'before';
  const urges: Urge[] = [];
  const outcomes: Array<Outcome & { phase: Phase }> = [];
  let stopped = false;
  const deadline = Date.now() + 45_000; // bounded whatever happens
  const client = async (c: number) => {
    for (let n = 0; !stopped && Date.now() < deadline && n < 5000; n++) {
      const at = phase;
      if (n % 4 === 3) {
        outcomes.push({ ...(await post(server!.url, office, READ, { id: letters[(c + n) % LETTERS] })), phase: at });
      } else {
        const key = `pgkill-${c}-${n}`;
        const urge: Urge = {
          key,
          variables: { input: { workflowId: letters[(c + n) % LETTERS], type: 'URGE', payload: { message: `催办 ${key}` }, idempotencyKey: key } },
        };
        urges.push(urge);
        const res = await post(server!.url, office, SEND, urge.variables);
        if (res.status === 200 && res.codes.length === 0) urge.acked = { id: res.data.sendEvent.id, version: res.data.sendEvent.version };
        outcomes.push({ ...res, phase: at === phase ? at : 'crash' });
      }
      await sleep(5);
    }
  };
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

  let toReady = -1;
  try {
    await sleep(1000);
    phase = 'crash';
    await pg.kill();
    await until(async () => (await readyz()) === 503, '/readyz 503 after the crash');
    await sleep(1500); // load keeps coming while the database is gone
    expect(server.alive).toBe(true);
    await pg.start();
    await pg.expectCrashRecovery(); // the WAL replayed: it was a crash, not a clean stop
    toReady = await until(async () => (await readyz()) === 200, '/readyz 200 after the restart');
    await until(async () => {
      const res = await post(server!.url, office, READ, { id: letters[0] });
      return res.status === 200 && res.codes.length === 0;
    }, 'a successful request after the restart');
    phase = 'after';
    await sleep(1000);
  } finally {
    stopped = true;
    await load;
  }

  const acked = urges.filter((u) => u.acked);
  const lost = urges.filter((u) => !u.acked);
  const found = await historyHas(pg.url, acked.map((u) => u.acked!));
  const half = await checkInvariants(pg.url);
  const codes = new Map<string, number>();
  for (const o of outcomes) for (const code of o.codes.length ? o.codes : [`HTTP ${o.status}`]) codes.set(code, (codes.get(code) ?? 0) + 1);
  console.log(
    `PostgreSQL kill -9: ${outcomes.length} requests, answers ${JSON.stringify(Object.fromEntries(codes))}; ` +
      `/readyz 200 ${toReady} ms after the restart; ${acked.length} acknowledged, ${found} found; ${lost.length} refused or unanswered, retried with their keys`,
  );

  expect(server.alive).toBe(true);
  expect(found).toBe(acked.length);
  expect(half.problems).toEqual([]);
  // a refusal during the crash is SERVICE_UNAVAILABLE, never an internal error or a dropped socket
  for (const o of outcomes) {
    expect(o.status).not.toBe(0);
    expect(o.codes.filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
  }
  const after = outcomes.filter((o) => o.phase === 'after');
  expect(after.length).toBeGreaterThan(0);
  expect(after.filter((o) => o.status !== 200 || o.codes.length > 0)).toEqual([]);

  // the answers lost in the crash: the same key again applies each exactly once
  for (const urge of lost) {
    const res = await post(server.url, office, SEND, urge.variables);
    expect({ key: urge.key, codes: res.codes }).toEqual({ key: urge.key, codes: [] });
  }
  // each request's own message is in the history exactly once, answered at first or retried
  const applied = await timesApplied(pg.url);
  expect(urges.filter((u) => applied.urges.get(`催办 ${u.key}`) !== 1).map((u) => [u.key, applied.urges.get(`催办 ${u.key}`)])).toEqual([]);
  expect([...applied.urges.values()].reduce((x, y) => x + y, 0)).toBe(urges.length);
  expect((await checkInvariants(pg.url)).problems).toEqual([]);
  await expectVerifiableChains(pg.url);

  // the subscriber kept through the crash gets letter 0's transitions in order, each once
  const version = (await post(server.url, office, READ, { id: letters[0] })).data.workflow.version;
  await sub.waitFor(version, 15_000);
  await sleep(1000);
  expect(sub.messages.map((m) => m.version)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
  await sub.close();

  // the timer worker is running again
  const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { timers: { running: boolean } };
  expect(ready.timers.running).toBe(true);
  expect(server.logs.join('')).not.toMatch(/"level":60/); // nothing fatal
}, 90_000);
