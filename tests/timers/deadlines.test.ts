/**
 * Deadlines act by themselves: a test clock moves, the timer worker fires, colours change,
 * escalations are recorded and reach the right people's task lists.
 */
import { Client } from 'pg';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { expectVerifiableChains } from '../helpers/chains';
import { TestClock } from '../helpers/clock';
import { GET, letterInput, people, SEND, START } from '../helpers/letters';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let t: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock });
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
});
afterAll(() => t.stop());

async function send(who: string, id: string, type: string, payload: Record<string, unknown> = {}) {
  const res = await gql(t.url, tokens[who], SEND, { input: { workflowId: id, type, payload } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.sendEvent;
}
const get = async (id: string, who = 'office') => (await gql(t.url, tokens[who], GET, { id })).data.workflow;
const issuedLetter = async (overrides: Record<string, unknown> = {}) => {
  const started = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput(overrides) } });
  const id = started.data.startWorkflow.id;
  await send('office', id, 'ISSUE');
  return id as string;
};
const TASKS = `{ myTasks { mustAct escalated workflow { id alertLevel } } }`;

test('late feedback: YELLOW a working day before, then RED with an automatic 催办 and escalation to the leader and (flagged) the mayor', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await issuedLetter({ flagged: true });
  const letter = await get(id);
  expect(letter.deadline).toBe('2026-11-05T16:00:00.000Z'); // 24:00 Thursday
  expect(letter.alertLevel).toBe('BLUE');

  clock.set('2026-11-04T16:00:01Z'); // the warning: 24:00 Wednesday has passed
  expect(await t.app.timers.runDue()).toBeGreaterThanOrEqual(1);
  const warned = await get(id);
  expect(warned.alertLevel).toBe('YELLOW');
  expect(warned.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_WARNING', alertLevel: 'YELLOW', actor: { id: 'system', name: '系统' } });

  clock.set('2026-11-05T16:00:01Z');
  await t.app.timers.runDue();
  const late = await get(id);
  expect(late.alertLevel).toBe('RED');
  const passed = late.history.at(-1);
  expect(passed).toMatchObject({ eventType: 'DEADLINE_PASSED', alertLevel: 'RED', stateAfter: 'awaitingFeedback' });
  expect(passed.payload).toMatchObject({ kind: 'feedback', escalatedTo: ['person:vm-li', 'role:MAYOR'] });
  expect(late.context).toMatchObject({ urgeCount: 1, autoUrges: 1 });
  expect(late.escalatedTo).toEqual(['person:vm-li', 'role:MAYOR']);

  // the escalated-to leaders now see it among their tasks; the lead unit must act
  for (const who of ['viceMayor', 'mayor']) {
    const tasks = (await gql(t.url, tokens[who], TASKS)).data.myTasks;
    expect(tasks.find((x: any) => x.workflow.id === id)).toMatchObject({ escalated: true, workflow: { alertLevel: 'RED' } });
  }
  const housing = (await gql(t.url, tokens.housing, TASKS)).data.myTasks;
  expect(housing.find((x: any) => x.workflow.id === id)).toMatchObject({ mustAct: true, escalated: false });

  // firing again does nothing: each timer fires once
  expect(await t.app.timers.runDue()).toBe(0);
  expect((await get(id)).version).toBe(late.version);

  // the act done: back to BLUE, escalation cleared, off the leaders' lists
  const fed = await send('housing', id, 'SUBMIT_FEEDBACK', { content: '已反馈' });
  expect(fed).toMatchObject({ alertLevel: 'BLUE', escalatedTo: [] });
  const leader = (await gql(t.url, tokens.viceMayor, TASKS)).data.myTasks;
  expect(leader.find((x: any) => x.workflow.id === id)).toBeUndefined();
});

test('an unflagged letter escalates to the leader in charge only', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await issuedLetter({ flagged: false });
  clock.set('2026-11-06T00:00:00Z');
  await t.app.timers.runDue();
  expect((await get(id)).escalatedTo).toEqual(['person:vm-li']);
});

test('a timer for a state already left does nothing', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await issuedLetter();
  await send('housing', id, 'SUBMIT_FEEDBACK', { content: '当天反馈' });
  clock.set('2026-11-06T00:00:00Z'); // past the old feedback deadline, before the first progress report is late
  await t.app.timers.runDue();
  const letter = await get(id);
  expect(letter.history.filter((h: any) => h.payload?.kind === 'feedback')).toEqual([]);
  expect(letter.alertLevel).toBe('BLUE');
});

test('late periodic progress: YELLOW when the report is late, RED after the grace, each a recorded transition', async () => {
  clock.set('2026-11-02T01:00:00Z');
  const id = await issuedLetter();
  await send('housing', id, 'SUBMIT_FEEDBACK', { content: '已反馈' });
  // reports every 5 working days from Monday 2 Nov: late after 24:00 Monday 9 Nov, RED after 24:00 Wednesday 11
  clock.set('2026-11-09T16:00:01Z');
  await t.app.timers.runDue();
  expect((await get(id)).alertLevel).toBe('YELLOW');
  clock.set('2026-11-11T16:00:01Z');
  await t.app.timers.runDue();
  const late = await get(id);
  expect(late.alertLevel).toBe('RED');
  expect(late.history.slice(-2).map((h: any) => [h.eventType, h.payload.kind, h.alertLevel])).toEqual([
    ['DEADLINE_WARNING', 'progress', 'YELLOW'],
    ['DEADLINE_PASSED', 'progress', 'RED'],
  ]);
  const reported = await send('housing', id, 'REPORT_PROGRESS', { content: '补报进展' });
  expect(reported.alertLevel).toBe('BLUE');
});

test('a deadline across the 2026 National Day holiday and its adjusted working Saturday', async () => {
  clock.set('2026-09-29T01:00:00Z'); // Tuesday 29 September, 09:00 Shanghai
  const id = await issuedLetter({ dueDate: '2026-12-31' });
  const letter = await get(id);
  // 30 Sep (1), holiday 1–7 Oct, 8 Oct (2), 9 Oct (3): due 24:00 Friday 9 October
  expect(letter.deadlines[0]).toMatchObject({ kind: 'feedback', due: '2026-10-09T16:00:00.000Z', warnAt: '2026-10-08T16:00:00.000Z' });
  // on the holiday itself nothing changes colour
  clock.set('2026-10-05T04:00:00Z');
  await t.app.timers.runDue();
  expect((await get(id)).alertLevel).toBe('BLUE');
  clock.set('2026-10-09T16:00:01Z');
  await t.app.timers.runDue();
  expect((await get(id)).alertLevel).toBe('RED');
});

test('an unpublished year is provisional, and recomputed when an administrator loads it', async () => {
  clock.set('2026-12-29T01:00:00Z'); // Tuesday 29 December
  const id = await issuedLetter({ dueDate: '2027-02-26' });
  const before = await get(id);
  expect(before.deadlineProvisional).toBe(true);
  // weekends-only arithmetic: 30, 31 Dec, Fri 1 Jan 2027 (not guessed as a holiday)
  expect(before.deadlines[0]).toMatchObject({ kind: 'feedback', due: '2027-01-01T16:00:00.000Z', provisional: true });

  const load = await gql(
    t.url,
    await tokenFor(people.admin),
    `mutation($input: SetCalendarDaysInput!) { setCalendarDays(input: $input) { date } }`,
    {
      input: {
        markYearLoaded: 2027,
        days: [
          { date: '2027-01-01', working: false, name: '元旦' },
          { date: '2027-02-26', working: true, name: '测试用工作日' },
        ],
      },
    },
  );
  expect(load.errors).toBeUndefined();
  const after = await get(id);
  expect(after.deadlineProvisional).toBe(false);
  expect(after.deadlines[0]).toMatchObject({ kind: 'feedback', due: '2027-01-04T16:00:00.000Z', provisional: false });
  expect(after.history.at(-1)).toMatchObject({ eventType: 'DEADLINES_RECOMPUTED', actor: { id: 'system' } });
  expect(after.pendingTimers).toEqual(
    expect.arrayContaining([{ kind: 'feedback', action: 'DUE', dueAt: '2027-01-04T16:00:00.000Z' }]),
  );
});

test('the wall summary counts open items per level, unit and machine, as their timers recorded them', async () => {
  // the summary counts the level each item's last transition recorded: once every due timer has
  // fired (the clock past every earlier test's), that is the level now, which the list filter uses
  clock.set('2027-03-01T01:00:00Z');
  while ((await t.app.timers.runDue()) > 0);
  const summary = await gql(
    t.url,
    tokens.office,
    `{ alertSummary(filter: { machineId: "supervisionLetter" }) { total blue yellow red byUnit { unit total red } byMachine { machineId total } } }`,
  );
  const s = summary.data.alertSummary;
  expect(s.total).toBe(s.blue + s.yellow + s.red);
  expect(s.byMachine).toEqual([{ machineId: 'supervisionLetter', total: s.total }]);
  expect(s.byUnit.reduce((n: number, u: any) => n + u.total, 0)).toBe(s.total);
  // cross-check the red count against the list filter, which uses the same rule
  const red = await gql(t.url, tokens.office, `{ workflows(first: 100, filter: { machineId: "supervisionLetter", alertLevel: RED, status: ACTIVE }) { edges { node { id } } } }`);
  expect(red.data.workflows.edges.length).toBe(s.red);
  expect(s.red).toBeGreaterThan(0);
});

test('every fired timer is a contiguous history row with its outbox row, in one transaction', async () => {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  const { rows } = await client.query(`
    SELECT w.id, w.version, count(h.*)::int AS rows, max(h.seq) AS last,
           (SELECT count(*)::int FROM outbox o WHERE o.workflow_id = w.id) AS outbox
    FROM workflow w JOIN workflow_transition h ON h.workflow_id = w.id GROUP BY w.id`);
  await client.end();
  for (const r of rows) expect([r.rows, r.last, r.outbox]).toEqual([r.version, r.version, r.version]);
  await expectVerifiableChains(t.db.url);
});
