/**
 * What a client keeping counts needs from the stream: each message says where the item stood
 * before the transition (as the caller could see it) and where it stands after, so the wall loads
 * alertSummary's cells once and follows the stream after their cursor, moving one item per message.
 */
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { collect, wsClient } from '../helpers/ws';
import type { Actor } from '../../machines/definition';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock, config: { STREAM_POLL_MS: '100' } });
});
afterAll(() => t.stop());

const WALL_FIELDS = `cursor workflowId machineId version eventType alertLevel statusAfter leadUnit flagged
  statusBefore alertLevelBefore leadUnitBefore flaggedBefore cloudEvent`;
const SUBSCRIPTION = `subscription($after: String) { transitions(after: $after) { ${WALL_FIELDS} } }`;
const CELLS = `{ alertSummary { cells { unit machineId total blue yellow red flagged } cursor counted { workflowId version } } }`;

async function as(who: Actor, query: string, variables: Record<string, unknown> = {}) {
  const res = await gql(t.url, await tokenFor(who), query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
const start = async (overrides: Record<string, unknown> = {}) =>
  (await as(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput(overrides) } })).startWorkflow.id as string;
const send = (who: Actor, id: string, type: string, payload: Record<string, unknown> = {}) =>
  as(who, SEND, { input: { workflowId: id, type, payload } });

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a message says the status, lead unit, 挂牌 and level after the transition and before it', async () => {
  const office = collect(wsClient(t.url, await tokenFor(people.office)), { after: '0' }, SUBSCRIPTION);
  const housing = collect(wsClient(t.url, await tokenFor(people.housing)), { after: '0' }, SUBSCRIPTION);
  const id = await start({ flagged: true });
  await send(people.office, id, 'ISSUE');
  await as(people.admin, `mutation($id: ID!) { adminReassign(workflowId: $id, input: { fromUnit: "市住建局", toUnit: "市交通局" }, reason: "职能调整") { warnings } }`, { id });
  await send(people.office, id, 'CANCEL', { reason: '撤销' });
  const seen = (await office.waitFor(4)).filter((m) => m.workflowId === id);
  expect(seen.map((m) => m.eventType)).toEqual(['START', 'ISSUE', 'ADMIN_REASSIGN', 'CANCEL']);
  const wall = (m: any) => [m.statusBefore, m.alertLevelBefore, m.leadUnitBefore, m.flaggedBefore, '→', m.statusAfter, m.alertLevel, m.leadUnit, m.flagged];
  expect(seen.map(wall)).toEqual([
    [null, null, null, null, '→', 'ACTIVE', 'BLUE', '市住建局', true],
    ['ACTIVE', 'BLUE', '市住建局', true, '→', 'ACTIVE', 'BLUE', '市住建局', true],
    ['ACTIVE', 'BLUE', '市住建局', true, '→', 'ACTIVE', 'BLUE', '市交通局', true],
    ['ACTIVE', 'BLUE', '市交通局', true, '→', 'CANCELLED', 'BLUE', '市交通局', true],
  ]);
  // webhooks' payload is the same message: the CloudEvent's data carries the same fields
  expect(seen[2].cloudEvent.data).toMatchObject({ statusBefore: 'ACTIVE', leadUnitBefore: '市住建局', leadUnit: '市交通局', statusAfter: 'ACTIVE', flagged: true });

  // the lead unit could not see the draft: for it the issue is where the item appears
  const unit = (await housing.waitFor(1)).filter((m) => m.workflowId === id);
  expect(unit[0]).toMatchObject({ eventType: 'ISSUE', statusBefore: null, alertLevelBefore: null, statusAfter: 'ACTIVE', leadUnit: '市住建局' });
  expect(unit[0].cloudEvent.data).toMatchObject({ statusBefore: null, statusAfter: 'ACTIVE' });
  await office.close();
  await housing.close();
});

test('cells read once and moved by the stream after their cursor equal the cells read again, for the office and the department an item moves to', async () => {
  await start();
  const opened = await start({ flagged: false });
  await send(people.office, opened, 'ISSUE');
  // the office, and the department an item is moved to (it sees the item appear; the department
  // it is taken from can no longer read it, so gets no message and counts it until it reloads)
  const walls = await Promise.all([people.office, people.transport].map(async (who) => {
    const summary = (await as(who, CELLS)).alertSummary;
    const cells = new Map<string, any>(summary.cells.map((c: any) => [`${c.unit}|${c.machineId}`, { ...c }]));
    const counted = new Set(summary.counted.map((c: any) => `${c.workflowId}:${c.version}`));
    const sub = collect(wsClient(t.url, await tokenFor(who)), { after: summary.cursor }, SUBSCRIPTION);
    return { who, cells, counted, sub };
  }));

  // a mix: starts and issues, a colour change by the timer, feedback, a close, a cancel, a move to another lead unit
  const ids = await Promise.all([0, 1, 2, 3].map((i) => start({ flagged: i % 2 === 0 })));
  await Promise.all(ids.map((id) => send(people.office, id, 'ISSUE')));
  clock.set('2026-11-04T16:00:01Z');
  while ((await t.app.timers.runDue()) > 0);
  await send(people.housing, ids[0], 'SUBMIT_FEEDBACK', { content: '已反馈' });
  await send(people.housing, ids[0], 'REQUEST_CLOSURE', { summary: '完成' });
  await send(people.office, ids[0], 'APPROVE_CLOSURE', { comment: '同意' });
  await send(people.office, ids[1], 'CANCEL', { reason: '撤销' });
  await as(people.admin, `mutation($id: ID!) { adminReassign(workflowId: $id, input: { fromUnit: "市住建局", toUnit: "市交通局" }, reason: "职能调整") { warnings } }`, { id: ids[2] });

  for (const wall of walls) {
    const applied = new Set<string>();
    const follow = () => {
      for (const m of wall.sub.messages) {
        const key = `${m.workflowId}:${m.version}`;
        if (applied.has(key) || wall.counted.has(key)) continue;
        applied.add(key);
        const move = (unit: string, level: string, flagged: boolean, by: number) => {
          const k = `${unit}|${m.machineId}`;
          const c = wall.cells.get(k) ?? { unit, machineId: m.machineId, total: 0, blue: 0, yellow: 0, red: 0, flagged: 0 };
          c.total += by;
          c[level.toLowerCase()] += by;
          if (flagged) c.flagged += by;
          wall.cells.set(k, c);
        };
        if (m.statusBefore === 'ACTIVE') move(m.leadUnitBefore, m.alertLevelBefore, m.flaggedBefore, -1);
        if (m.statusAfter === 'ACTIVE') move(m.leadUnit, m.alertLevel, m.flagged, +1);
      }
      return [...wall.cells.values()].filter((c) => c.total !== 0).sort((a, b) => `${a.unit}|${a.machineId}`.localeCompare(`${b.unit}|${b.machineId}`));
    };
    const again = async () => (await as(wall.who, CELLS)).alertSummary.cells;
    const expected = await again();
    const followed = await until(follow, (cells) => JSON.stringify(cells) === JSON.stringify(expected));
    expect({ who: wall.who.id, cells: followed }).toEqual({ who: wall.who.id, cells: expected });
    expect(applied.size).toBeGreaterThan(0);
    await wall.sub.close();
  }
  // the timer's colour change reached the wall: some cell is yellow now
  const office = (await as(people.office, CELLS)).alertSummary.cells;
  expect(office.some((c: any) => c.yellow > 0)).toBe(true);
});
