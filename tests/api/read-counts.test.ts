/**
 * The office's everyday reads come from counts kept by the transactions that change them (the
 * wall's counts, the statistics' day counts, the task walk). After starts, events, the deadline
 * timer's colour changes, closes, administrators' repairs and cancels, and concurrent senders,
 * each equals what a plain COUNT(*) over `workflow` says, under the visibility rule.
 */
import { gql, tokenFor } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { ADMIN, adminFixture, type AdminFixture } from '../admin/admin-helpers';
import { people } from '../helpers/letters';
import type { Actor } from '../../machines/definition';
import { readerScope } from '../../src/engine/visibility';
import { sqlParams } from '../../src/persistence/sql-params';
import { visibilitySql } from '../../src/persistence/visibility.sql';
import { unitStatisticsDirectStatement } from '../../src/persistence/admin-queries.sql';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let f: AdminFixture;
const confidentialIds: string[] = [];

beforeAll(async () => {
  f = await adminFixture(clock);
});
afterAll(() => f.t.stop());

const SUMMARY = `{ alertSummary { total blue yellow red byUnit { unit total blue yellow red } byMachine { machineId total blue yellow red }
  cells { unit machineId total blue yellow red flagged } cursor counted { workflowId version } } }`;

const ok = (res: any) => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};
const as = async (who: Actor, query: string, variables: Record<string, unknown> = {}) => ok(await gql(f.t.url, await tokenFor(who), query, variables));

/** The counters hold what counting the table says. */
async function expectCountersExact() {
  const counted = await f.sql(`
    SELECT lead_unit, machine_id, alert_level, flagged, sum(n)::int AS n FROM workflow_alert_count
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4`);
  const plain = await f.sql(`
    SELECT coalesce(units[1], '') AS lead_unit, machine_id, alert_level, coalesce(facets->>'flagged' = 'true', false) AS flagged, count(*)::int AS n
    FROM workflow WHERE status = 'ACTIVE' AND NOT confidential AND NOT draft_whole GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  expect(counted).toEqual(plain);
  expect(await f.sql(`SELECT * FROM workflow_alert_count WHERE n < 0`)).toEqual([]);

  const tasks = await f.sql(`SELECT workflow_id, token, deadline, created_at FROM workflow_task ORDER BY 1, 2`);
  const expectedTasks = await f.sql(`
    SELECT DISTINCT id AS workflow_id, token, deadline, created_at
    FROM workflow CROSS JOIN LATERAL unnest(awaiting || escalated_to) AS token WHERE status = 'ACTIVE' ORDER BY 1, 2`);
  expect(tasks).toEqual(expectedTasks);

  const days = await f.sql(`
    SELECT day::text, lead_unit, machine_id, sum(received)::int AS received, sum(answered)::int AS answered,
      sum(answered_on_time)::int AS on_time, sum(answered_late)::int AS late, round(sum(feedback_seconds))::int AS seconds,
      sum(feedback_n)::int AS feedback_n
    FROM workflow_day_count GROUP BY 1, 2, 3 HAVING sum(received) <> 0 ORDER BY 1, 2, 3`);
  const direct = await f.sql(`
    SELECT (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, coalesce(units[1], '') AS lead_unit, machine_id,
      count(*)::int AS received, count(answered_at)::int AS answered,
      count(*) FILTER (WHERE answered_at IS NOT NULL AND (answer_due IS NULL OR answered_at <= answer_due))::int AS on_time,
      count(*) FILTER (WHERE answered_at > answer_due)::int AS late,
      round(coalesce(sum(extract(epoch FROM answered_at - clock_started_at)) FILTER (WHERE answered_at >= clock_started_at), 0))::int AS seconds,
      count(*) FILTER (WHERE answered_at >= clock_started_at)::int AS feedback_n
    FROM workflow WHERE NOT confidential AND NOT draft_whole GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  expect(days).toEqual(direct);
}

/** What alertSummary must say for `who`: a plain COUNT(*) of the open items it may read. */
async function plainSummary(who: Actor) {
  const { values, param } = sqlParams();
  const rows = await f.sql<{ unit: string; machine_id: string; level: string; flagged: boolean; confidential: boolean; n: number }>(
    `SELECT coalesce(units[1], '') AS unit, machine_id, alert_level AS level, coalesce(facets->>'flagged' = 'true', false) AS flagged,
       confidential, count(*)::int AS n
     FROM workflow WHERE status = 'ACTIVE' AND ${visibilitySql(readerScope(who), param)} GROUP BY 1, 2, 3, 4, 5`,
    values,
  );
  const tally = (keep: (r: (typeof rows)[number]) => boolean) => {
    const c = { total: 0, blue: 0, yellow: 0, red: 0 };
    for (const r of rows.filter(keep)) {
      c.total += r.n;
      c[r.level.toLowerCase() as 'blue'] += r.n;
    }
    return c;
  };
  const units = [...new Set(rows.map((r) => r.unit))];
  const machines = [...new Set(rows.map((r) => r.machine_id))];
  const cells = units.flatMap((unit) =>
    machines.map((machineId) => {
      const keep = (r: (typeof rows)[number]) => r.unit === unit && r.machine_id === machineId && !r.confidential;
      const flagged = rows.filter((r) => keep(r) && r.flagged).reduce((n, r) => n + r.n, 0);
      return { unit, machineId, ...tally(keep), flagged };
    }),
  );
  return {
    ...tally(() => true),
    byUnit: units.map((unit) => ({ unit, ...tally((r) => r.unit === unit) })),
    byMachine: machines.map((machineId) => ({ machineId, ...tally((r) => r.machine_id === machineId) })),
    cells: cells.filter((c) => c.total > 0),
  };
}

const byKey = <T extends Record<string, unknown>>(list: T[], ...keys: (keyof T)[]) =>
  [...list].sort((a, b) => keys.map((k) => String(a[k])).join('|').localeCompare(keys.map((k) => String(b[k])).join('|')));

/** The reads over HTTP equal the plain counts, for the office, a leader and departments. */
async function expectReadsExact() {
  await expectCountersExact();
  for (const who of [people.office, people.viceMayor, people.housing, people.transport, people.town, people.admin]) {
    const got = (await as(who, SUMMARY)).alertSummary;
    const want = await plainSummary(who);
    expect({ who: who.id, total: got.total, blue: got.blue, yellow: got.yellow, red: got.red }).toEqual({
      who: who.id, total: want.total, blue: want.blue, yellow: want.yellow, red: want.red,
    });
    expect(byKey(got.byUnit, 'unit')).toEqual(byKey(want.byUnit, 'unit'));
    expect(byKey(got.byMachine, 'machineId')).toEqual(byKey(want.byMachine, 'machineId'));
    expect(byKey(got.cells, 'unit', 'machineId')).toEqual(byKey(want.cells, 'unit', 'machineId'));
  }
  // unitStatistics from the day counts equals the statement that reads every workflow of the year
  for (const machineId of [null, 'supervisionLetter']) {
    const stats = (await as(people.office, `query($m: String) { unitStatistics(from: "2026-01-01", to: "2027-12-31", machineId: $m) {
      unit received answered answeredOnTime late overdueNow avgDaysToFeedback countersignAvgHours } }`, { m: machineId })).unitStatistics;
    const statement = unitStatisticsDirectStatement(
      { from: new Date('2025-12-31T16:00:00Z'), to: new Date('2027-12-31T16:00:00Z'), now: clock.now(), machineId },
      readerScope(people.office),
    );
    const direct = await f.sql(statement.text, statement.values);
    expect(direct.length).toBeGreaterThan(0);
    expect(stats).toEqual(direct.map(({ figures: _figures, ...row }) => row));
  }
  let listedTasks = 0;
  // myTasks walks deadline order: the same list, in the same order, as gathering and sorting them all
  for (const who of [people.office, people.viceMayor, people.housing, people.mayor]) {
    const tasks = (await as(who, `{ myTasks(first: 200) { workflow { id } } }`)).myTasks.map((t: any) => t.workflow.id);
    const scope = readerScope(who);
    const { values, param } = sqlParams(scope.tokens);
    const direct = await f.sql(
      `SELECT id FROM workflow WHERE status = 'ACTIVE' AND (awaiting && $1::text[] OR escalated_to && $1::text[])
         AND ${visibilitySql(scope, param)} ORDER BY deadline ASC NULLS LAST, created_at, id LIMIT 200`,
      values,
    );
    expect({ who: who.id, tasks }).toEqual({ who: who.id, tasks: direct.map((r) => r.id) });
    listedTasks += tasks.length;
  }
  expect(listedTasks).toBeGreaterThan(0);
}

test('starts, drafts, confidential items and issues are counted as they commit', async () => {
  await f.issuedLetter();
  await f.issuedLetter({ flagged: false, leadUnit: '市交通局', coUnits: [] });
  await f.start({ title: '草稿' }); // a whole draft: seen by its draft's readers only
  for (const confidential of [true, true]) {
    const started = await gql(f.t.url, f.tokens.office, `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id } }`, {
      input: { machineId: 'supervisionLetter', input: { title: '涉密', source: '领导批示', requirement: '按要求办理', leadUnit: '市住建局',
        coUnits: [], leaderInCharge: { id: 'vm-li', name: '李副市长' }, dueDate: '2026-12-31', flagged: true }, confidential },
    });
    confidentialIds.push(ok(started).startWorkflow.id);
  }
  await f.send('office', confidentialIds[0], 'ISSUE');
  await expectReadsExact();
});

test('concurrent starts and senders leave the counts exact', async () => {
  const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => f.issuedLetter({ flagged: i % 2 === 0, leadUnit: i % 3 ? '市住建局' : '市交通局' })));
  await Promise.all(
    ids.flatMap((id, i) => [
      f.send('office', id, 'URGE', { message: '请尽快' }),
      ...(i % 2 ? [f.send(i % 3 ? 'housing' : 'transport', id, 'SUBMIT_FEEDBACK', { content: '已反馈' })] : []),
    ]),
  );
  await expectReadsExact();
});

test('the deadline timer moves counts from blue to yellow to red in the transaction that records the colour', async () => {
  clock.set('2026-11-04T16:00:01Z'); // the feedback warning of the letters issued on Monday
  expect(await f.t.app.timers.runDue()).toBeGreaterThan(0);
  const yellow = (await as(people.office, SUMMARY)).alertSummary;
  expect(yellow.yellow).toBeGreaterThan(0);
  await expectReadsExact();
  clock.set('2026-11-05T16:00:01Z');
  while ((await f.t.app.timers.runDue()) > 0);
  const red = (await as(people.office, SUMMARY)).alertSummary;
  expect(red.red).toBeGreaterThan(0);
  await expectReadsExact();
});

test('closes, administrators’ cancels, moves and reassignments of the lead unit keep the counts exact', async () => {
  const [closing, cancelled, moved, reassigned] = await Promise.all([0, 1, 2, 3].map(() => f.issuedLetter()));
  await f.send('housing', closing, 'SUBMIT_FEEDBACK', { content: '已反馈' });
  await f.send('housing', closing, 'REQUEST_CLOSURE', { summary: '完成' });
  await f.send('office', closing, 'APPROVE_CLOSURE', { comment: '同意' });
  const admin = (query: string, variables: Record<string, unknown>) => as(people.admin, query, variables);
  await admin(ADMIN.cancel, { id: cancelled, reason: '重复立项' });
  await admin(ADMIN.move, { id: moved, state: 'inProgress', reason: '补录反馈' });
  await admin(ADMIN.reassign, { id: reassigned, input: { fromUnit: '市住建局', toUnit: '市交通局' }, reason: '职能调整' });
  await f.send('office', confidentialIds[1], 'CANCEL', { reason: '撤销' });
  await expectReadsExact();
  // a cancelled or closed item leaves the wall; the reassigned one moved to its new lead unit
  const counts = await f.sql(`SELECT id, status, units[1] AS lead FROM workflow WHERE id = ANY($1::uuid[])`, [[closing, cancelled, reassigned]]);
  expect(Object.fromEntries(counts.map((r) => [r.id, [r.status, r.lead]]))).toEqual({
    [closing]: ['DONE', '市住建局'],
    [cancelled]: ['CANCELLED', '市住建局'],
    [reassigned]: ['ACTIVE', '市交通局'],
  });
});

test('a department’s summary and cells count only its own items; the wall’s cells leave out confidential ones', async () => {
  const office = (await as(people.office, SUMMARY)).alertSummary;
  const housing = (await as(people.housing, SUMMARY)).alertSummary;
  const transport = (await as(people.transport, SUMMARY)).alertSummary;
  expect(housing.total).toBeLessThan(office.total);
  expect(transport.total).toBeLessThan(office.total);
  // the transport bureau leads some items and takes part in none of housing's
  expect(transport.cells.map((c: any) => c.unit)).toEqual(['市交通局']);
  // one confidential item is still open: its creator (the office) and its lead unit count it, but
  // it is not in the cells, since the stream the wall follows never carries it
  const cellTotal = (sum: any) => sum.cells.reduce((n: number, c: any) => n + c.total, 0);
  expect(cellTotal(office)).toBe(office.total - 1);
  expect(cellTotal(housing)).toBe(housing.total - 1);
  expect(cellTotal(transport)).toBe(transport.total);
  // ids of the transitions counted but not yet numbered are only ever the caller's own items
  for (const s of [office, housing, transport]) expect(typeof s.cursor).toBe('string');
});
