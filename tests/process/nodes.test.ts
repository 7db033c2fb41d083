/**
 * Nodes are one service, shown with real processes of dist/src/main.js on one PostgreSQL:
 * a calendar change made on one node holds on another at once (NOTIFY, the table the truth), and
 * WORKERS=2 runs two server processes on one port that act as one — the load spread over both,
 * /metrics summed over both, a killed worker replaced, SIGTERM stopping them all.
 */
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { assertBuilt, startMain, stopMain, type Running } from '../faults/process';
import { tokenFor } from '../helpers/app';
import { wallClockDueDate } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { until } from '../helpers/receiver';

/** A POST /graphql on a connection of its own, so the cluster may hand each to another worker. */
function postFresh(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/graphql`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, connection: 'close' },
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(new Error(`${res.statusCode} ${text}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function getFresh(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

/** The pids whose parent is `pid` (the cluster's workers). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const transitionsCounted = (metrics: string) =>
  metrics
    .split('\n')
    .filter((l) => l.startsWith('duban_transitions_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);

let db: TestDatabase;
let admin: string;
let office: string;
const running: Running[] = [];

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
  admin = await tokenFor(people.admin);
  office = await tokenFor(people.office);
});
afterAll(async () => {
  for (const r of running) await stopMain(r);
  await db.drop();
});

const IS_WORKING = `query($date: String!) { isWorkingDay(date: $date) }`;

test('a calendar change made on one node holds on the other without a restart', async () => {
  const [a, b] = await Promise.all([startMain(db.url, { CALENDAR_POLL_MS: '3600000' }), startMain(db.url, { CALENDAR_POLL_MS: '3600000' })]);
  running.push(a, b);
  const working = async (node: Running, date: string) => (await postFresh(node.url, office, IS_WORKING, { date })).data.isWorkingDay;
  // a Saturday made a working day (调休上班) on node a
  expect(await working(b, '2026-11-07')).toBe(false);
  const set = await postFresh(a.url, admin, `mutation($input: SetCalendarDaysInput!) { setCalendarDays(input: $input) { date working } }`, {
    input: { days: [{ date: '2026-11-07', working: true, name: '调休上班', note: 'cross-node test' }] },
  });
  expect(set.errors).toBeUndefined();
  expect(await working(a, '2026-11-07')).toBe(true);
  await until(async () => (await working(b, '2026-11-07')) === true, 'node b sees the override', 5000);
  // and its removal, too
  const removed = await postFresh(a.url, admin, `mutation($date: String!) { removeCalendarDay(date: $date) }`, { date: '2026-11-07' });
  expect(removed.data.removeCalendarDay).toBe(true);
  await until(async () => (await working(b, '2026-11-07')) === false, 'node b sees the removal', 5000);
  await Promise.all([stopMain(a), stopMain(b)]);
});

test('WORKERS=2: two processes on one port act as one service, a killed worker is replaced, SIGTERM stops all', async () => {
  const node = await startMain(db.url, { WORKERS: '2' });
  running.push(node);
  const workers = childrenOf(node.child.pid!);
  expect(workers).toHaveLength(2);
  expect(node.logs.join('')).toMatch(/"workers":2[,}].*"msg":"ready"/);

  const before = transitionsCounted(await getFresh(`${node.url}/metrics`));
  // 12 letters started and issued, each request on a connection of its own
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const started = await postFresh(node.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: wallClockDueDate() }) } });
    expect(started.errors).toBeUndefined();
    ids.push(started.data.startWorkflow.id);
    const issued = await postFresh(node.url, office, SEND, { input: { workflowId: started.data.startWorkflow.id, type: 'ISSUE', payload: {} } });
    expect(issued.errors).toBeUndefined();
  }
  // every worker's /metrics is the sum over both: the 24 transitions, whichever worker made them
  for (let i = 0; i < 4; i++) expect(transitionsCounted(await getFresh(`${node.url}/metrics`)) - before).toBe(24);

  // one worker killed: another takes its place, and the service answers throughout
  process.kill(workers[0], 'SIGKILL');
  const answers: boolean[] = [];
  await until(async () => {
    const r = await postFresh(node.url, office, `query($id: ID!) { workflow(id: $id) { id state } }`, { id: ids[0] }).catch(() => null);
    answers.push(r?.data?.workflow?.state === 'awaitingFeedback');
    const now = childrenOf(node.child.pid!);
    return now.length === 2 && !now.includes(workers[0]);
  }, 'a replacement worker', 20_000);
  expect(answers.filter(Boolean).length).toBeGreaterThan(0);
  expect(node.logs.join('')).toContain('a worker died; starting another');

  // SIGTERM: the workers stop gracefully, then the primary exits 0
  const all = childrenOf(node.child.pid!);
  node.child.kill('SIGTERM');
  expect(await node.exited).toBe(0);
  expect(all.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } })).toEqual([]);
});
