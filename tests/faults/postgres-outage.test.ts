/**
 * PostgreSQL stopped and started again under load, with the real server process on it. The
 * server must live through it; /readyz turns 503 and back to 200; requests during the outage get
 * SERVICE_UNAVAILABLE within DB_CONNECT_TIMEOUT_MS (never a hang, never INTERNAL_SERVER_ERROR);
 * nothing acknowledged is lost and no transition is half-written.
 *
 * Uses its own embedded PostgreSQL (not the shared test server, which other files need).
 */
import { tokenFor } from '../helpers/app';
import { letterInput, people } from '../helpers/letters';
import { wallClockDueDate } from '../helpers/clock';
import { OwnPostgres } from './own-postgres';
import {
  assertBuilt,
  checkInvariants,
  historyHas,
  post,
  readiness,
  sleep,
  startMain,
  stopMain,
  type Outcome,
  type Running,
} from './process';

const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id version state } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { id version state } }`;
const READ = `query($id: ID!) { workflow(id: $id) { id version history { seq } } }`;
const CONNECT_TIMEOUT_MS = 1000;
/** what a request may take on top of the connect timeout (a statement that was already running) */
const SLACK_MS = 2500;

let pg: OwnPostgres;
let url: string;
let server: Running | undefined;

beforeAll(async () => {
  assertBuilt();
  pg = await OwnPostgres.create('duban-outage-pg-');
  url = pg.url;
}, 60_000);

afterAll(async () => {
  await stopMain(server);
  await pg?.destroy();
});

const { readyz, until } = readiness(() => server, { pollMs: 50, timeoutMs: 20_000, logLines: 20 });

test('the server lives through a PostgreSQL outage under load and loses nothing acknowledged', async () => {
  const office = await tokenFor(people.office);
  server = await startMain(url, {
    DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    DB_POOL_SIZE: '6',
    TIMER_WORKER: 'true',
    TIMER_POLL_MS: '200',
  });
  const letters: string[] = [];
  for (let i = 0; i < 4; i++) {
    const started = await post(server.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ title: `停库督办 ${i}`, dueDate: wallClockDueDate() }) } });
    letters.push(started.data.startWorkflow.id);
    await post(server.url, office, SEND, { input: { workflowId: letters[i], type: 'ISSUE', payload: {} } });
  }

  type Phase = 'before' | 'outage' | 'after';
  let phase: Phase = 'before';
  const outcomes: Array<Outcome & { phase: Phase; kind: string }> = [];
  const acked: Array<{ id: string; version: number }> = [];
  let stopped = false;
  const deadline = Date.now() + 60_000; // bounded whatever happens
  const client = async (c: number) => {
    for (let n = 0; !stopped && Date.now() < deadline && n < 5000; n++) {
      const at = phase;
      const id = letters[(c + n) % letters.length];
      const kind = n % 3 === 2 ? 'read' : 'urge';
      const res =
        kind === 'read'
          ? await post(server!.url, office, READ, { id })
          : await post(server!.url, office, SEND, {
              input: { workflowId: id, type: 'URGE', payload: { message: `催办 ${c}-${n}` }, idempotencyKey: `outage-${c}-${n}` },
            });
      outcomes.push({ ...res, phase: at === phase ? at : 'outage', kind });
      if (kind === 'urge' && res.status === 200 && res.codes.length === 0) acked.push(res.data.sendEvent);
      await sleep(10);
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));

  let toNotReady: number;
  let toReady: number;
  try {
    await sleep(800);
    phase = 'outage';
    await pg.stop();
    toNotReady = await until(async () => (await readyz()) === 503, '/readyz 503');
    await sleep(2500); // load keeps coming while the database is down
    expect(server.alive).toBe(true);
    await pg.start();
    toReady = await until(async () => (await readyz()) === 200, '/readyz 200 again');
    // give the pool time to replace its dead connections, then measure the recovered service
    await until(async () => {
      const res = await post(server!.url, office, READ, { id: letters[0] });
      return res.status === 200 && res.codes.length === 0;
    }, 'a successful request after the outage');
    phase = 'after';
    await sleep(800);
  } finally {
    stopped = true;
    await load;
  }

  const during = outcomes.filter((o) => o.phase === 'outage');
  const after = outcomes.filter((o) => o.phase === 'after');
  const codes = new Map<string, number>();
  for (const o of outcomes) for (const code of o.codes.length ? o.codes : [`HTTP ${o.status}`]) codes.set(code, (codes.get(code) ?? 0) + 1);
  const slowest = Math.max(...during.map((o) => o.ms));
  const found = await historyHas(url, acked);
  const invariants = await checkInvariants(url);
  console.log(
    `PostgreSQL outage: ${outcomes.length} requests (${during.length} during the outage, slowest ${slowest} ms); ` +
      `answers ${JSON.stringify(Object.fromEntries(codes))}; /readyz 503 after ${toNotReady} ms, 200 ${toReady} ms after restart; ` +
      `${acked.length} acknowledged transitions, ${found} found; ${invariants.problems.length} invariant problems`,
  );

  expect(server.alive).toBe(true);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  // during the outage: only SERVICE_UNAVAILABLE refusals (or successes that won a race), quickly
  expect(outcomes.some((o) => o.codes.includes('SERVICE_UNAVAILABLE'))).toBe(true);
  for (const o of outcomes) {
    expect(o.status).not.toBe(0);
    expect(o.codes.filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(o.body ?? '').not.toMatch(/INTERNAL_SERVER_ERROR|stack|SELECT|INSERT/);
  }
  expect(slowest).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
  // after: the service is back for every kind of request
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((o) => o.status === 200 && o.codes.length === 0)).toBe(true);
  expect(found).toBe(acked.length);
  expect(invariants.problems).toEqual([]);
  expect(server.logs.join('')).not.toMatch(/"level":60/); // nothing fatal

  // the timer worker noticed and recovered too
  const timers = (await (await fetch(`${server.url}/readyz`)).json()) as { timers: { running: boolean } };
  expect(timers.timers.running).toBe(true);
}, 120_000);
