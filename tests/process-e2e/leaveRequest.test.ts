/**
 * 请销假 (clause 3) over GraphQL, with the development directory loaded: a vice-mayor applies 3
 * days ahead, the mayor approves, the leave turns to away by itself on the departure day, an
 * extension is re-approved, 销假 ends it. An emergency report's formalities and a late 销假 turn
 * YELLOW and RED by themselves and reach the office. Refusals write nothing.
 */
import { devDirectory } from '../../src/directory/dev-seed';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { actor, people } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { GET, START } from '../helpers/letters';

const MONDAY = '2026-11-02T01:00:00Z'; // 09:00 Shanghai; November 2026 has no holidays
const clock = new TestClock(MONDAY);
let t: TestApp;
const { run, send } = actingOn(() => t.url);
const { viceMayor: member, otherViceMayor: cover, mayor, office, admin } = people;
// the development directory's executive vice-mayor (the cast's evm-sun is not in it)
const evm = actor('EXECUTIVE_VICE_MAYOR', '市政府', 'evm-zhou', '周常务副市长');

beforeAll(async () => {
  t = await startTestApp({ clock });
  await run(admin, `mutation L($content: String!) { loadDirectory(format: JSON, content: $content, effectiveFrom: "2026-01-01") { people } }`, {
    content: JSON.stringify(devDirectory),
  });
});
afterAll(() => t.stop());

const leave = (extra: Record<string, unknown> = {}) => ({
  applicant: { id: member.id, name: member.name },
  applicantRole: 'VICE_MAYOR',
  destination: '济南',
  reason: '参加全省农村工作会议',
  departure: '2026-11-05',
  return: '2026-11-06',
  cover: { id: cover.id, name: cover.name },
  ...extra,
});
const apply = async (extra?: Record<string, unknown>, who = member) =>
  (await run(who, START, { input: { machineId: 'leaveRequest', input: leave(extra) } })).startWorkflow;
const get = async (id: string) => (await run(office, GET, { id })).workflow;
async function at(iso: string) {
  clock.set(iso);
  await t.app.timers.runDue();
}
const officeTask = async (id: string) =>
  ((await run(office, `{ myTasks { mustAct escalated workflow { id alertLevel } } }`)).myTasks as any[]).find((x) => x.workflow.id === id);

/** Who is away now, and who covers: the leaves in `away` (the approved ones; awayFormalities… are the others). */
const AWAY = `{ workflows(first: 100, filter: { machineId: "leaveRequest", state: "away", status: ACTIVE }) {
  edges { node { id people context } } } }`;

test('clause 3: applied 3 days ahead, approved by the mayor, away on the departure day with the cover named, extended, 销假', async () => {
  clock.set(MONDAY);
  const applied = await apply();
  expect(applied).toMatchObject({ state: 'pendingApproval', stateLabel: '待审批', awaiting: ['role:MAYOR'], people: [member.id, cover.id] });
  expect(applied.availableEvents.map((e: { type: string }) => e.type)).toEqual(['WITHDRAW', 'REPORT_URGENT_DEPARTURE']);
  const id = applied.id;

  clock.set('2026-11-02T03:00:00Z');
  const approved = await send(mayor, id, 'APPROVE', { comment: '同意' });
  expect(approved).toMatchObject({ state: 'approved', alertLevel: 'BLUE', deadlines: [{ kind: 'departure', due: '2026-11-04T16:00:00.000Z' }] });
  expect((await run(office, AWAY)).workflows.edges.map((e: any) => e.node.id)).not.toContain(id);

  await at('2026-11-04T16:00:01Z'); // Thursday has begun
  const away = await get(id);
  expect(away).toMatchObject({ state: 'away', stateLabel: '外出中', alertLevel: 'BLUE', awaiting: [`person:${member.id}`] });
  expect(away.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_PASSED', actor: { id: 'system' }, payload: { kind: 'departure' }, stateAfter: 'away' });
  const listed = (await run(office, AWAY)).workflows.edges.find((e: any) => e.node.id === id).node;
  expect(listed.people).toEqual([member.id, cover.id]);
  expect(listed.context).toMatchObject({ departure: '2026-11-05', return: '2026-11-06', cover: { id: cover.id, name: '陈副市长' } });

  clock.set('2026-11-05T08:00:00Z');
  const asked = await send(member, id, 'EXTEND', { return: '2026-11-10', reason: '会期延长' });
  expect(asked).toMatchObject({ state: 'awayPendingApproval', awaiting: ['role:MAYOR'] });
  const extended = await send(mayor, id, 'APPROVE', { comment: '同意续假' });
  expect(extended).toMatchObject({ state: 'away', deadlines: [{ kind: 'return', due: '2026-11-11T16:00:00.000Z' }] });
  expect(extended.context.extensions).toMatchObject([{ return: '2026-11-10', previousReturn: '2026-11-06', outcome: 'APPROVED' }]);

  clock.set('2026-11-10T09:00:00Z');
  const back = await send(member, id, 'RETURN', { note: '已返招' });
  expect(back).toMatchObject({ state: 'returned', stateLabel: '已销假', status: 'DONE', alertLevel: 'BLUE' });
  expect(back.history.map((h: { eventType: string }) => h.eventType)).toEqual(['START', 'APPROVE', 'DEADLINE_PASSED', 'EXTEND', 'APPROVE', 'RETURN']);
});

test('clause 3: an emergency reported on leaving — formalities and 销假 late turn YELLOW, then RED and reach the office, by themselves', async () => {
  clock.set(MONDAY);
  const reported = await apply({ emergency: true, departure: '2026-11-02', return: '2026-11-04' });
  expect(reported).toMatchObject({ state: 'awayFormalities', alertLevel: 'BLUE', awaiting: [`person:${member.id}`] });
  const id = reported.id;
  expect(reported.deadlines).toMatchObject([
    { kind: 'formalities', label: '补办请假手续期限', due: '2026-11-03T16:00:00.000Z', warnAt: '2026-11-02T16:00:00.000Z' },
    { kind: 'return', due: '2026-11-05T16:00:00.000Z' },
  ]);

  await at('2026-11-02T16:00:01Z');
  expect(await get(id)).toMatchObject({ alertLevel: 'YELLOW', escalatedTo: [] });
  await at('2026-11-03T16:00:01Z'); // Tuesday, the one working day, is over
  const late = await get(id);
  expect(late).toMatchObject({ state: 'awayFormalities', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  expect(late.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_PASSED', payload: { kind: 'formalities', escalatedTo: ['role:OFFICE'] } });
  expect(await officeTask(id)).toMatchObject({ mustAct: false, escalated: true, workflow: { alertLevel: 'RED' } });

  clock.set('2026-11-04T01:00:00Z');
  const done = await send(member, id, 'COMPLETE_FORMALITIES', { statement: '因突发险情赴济南，特此补办请假手续' });
  expect(done).toMatchObject({ state: 'awayPendingApproval', alertLevel: 'BLUE', escalatedTo: [], awaiting: ['role:MAYOR'] });
  expect(await officeTask(id)).toBeUndefined();
  expect(await send(mayor, id, 'APPROVE', {})).toMatchObject({ state: 'away' });

  // return Wednesday 4: YELLOW once it is over, 销假 due by the end of Thursday 5
  await at('2026-11-04T16:00:01Z');
  expect(await get(id)).toMatchObject({ state: 'away', alertLevel: 'YELLOW', escalatedTo: [] });
  await at('2026-11-05T16:00:01Z');
  expect(await get(id)).toMatchObject({ state: 'away', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  expect(await officeTask(id)).toMatchObject({ escalated: true });
  clock.set('2026-11-06T01:00:00Z');
  expect(await send(member, id, 'RETURN', {})).toMatchObject({ state: 'returned', alertLevel: 'BLUE', escalatedTo: [] });
  expect(await officeTask(id)).toBeUndefined();
});

test("clause 3: the mayor's own leave is approved by the executive vice-mayor, never by the mayor", async () => {
  clock.set(MONDAY);
  const applied = await apply({ applicant: { id: mayor.id, name: mayor.name }, applicantRole: 'MAYOR' }, mayor);
  expect(applied.awaiting).toEqual(['role:EXECUTIVE_VICE_MAYOR']);
  const self = await gql(t.url, await tokenFor(mayor), `mutation($input: SendEventInput!) { sendEvent(input: $input) { id } }`, {
    input: { workflowId: applied.id, type: 'APPROVE', payload: {} },
  });
  expect(codeOf(self)).toBe('FORBIDDEN');
  expect(await send(evm, applied.id, 'APPROVE', {})).toMatchObject({ state: 'approved' });
});

describe('refusals write nothing', () => {
  let pendingId: string;
  beforeAll(async () => {
    clock.set(MONDAY);
    pendingId = (await apply()).id;
  });

  async function refused(code: string, who: typeof member, query: string, variables: Record<string, unknown>) {
    const before = await fingerprint(t.db.url);
    const res = await gql(t.url, await tokenFor(who), query, variables);
    expect(codeOf(res)).toBe(code);
    expect(await fingerprint(t.db.url)).toBe(before);
    return (res.errors![0].extensions.invalidFields ?? []) as { path: string; message: string }[];
  }
  const start = (input: Record<string, unknown>) => ({ input: { machineId: 'leaveRequest', input } });
  const event = (type: string, payload: Record<string, unknown> = {}) => ({ input: { workflowId: pendingId, type, payload } });
  const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { id } }`;

  test('clause 3: an application 2 days before leaving is BAD_USER_INPUT naming departure and citing the clause', async () => {
    const fields = await refused('BAD_USER_INPUT', member, START, start(leave({ departure: '2026-11-04' })));
    expect(fields).toHaveLength(1);
    expect(fields[0].path).toBe('departure');
    expect(fields[0].message).toMatch(/第3条/);
  });

  test('clause 3: a return before the departure, or a cover person the directory does not know, is BAD_USER_INPUT', async () => {
    expect(await refused('BAD_USER_INPUT', member, START, start(leave({ return: '2026-11-04' })))).toMatchObject([{ path: 'return' }]);
    expect(await refused('BAD_USER_INPUT', member, START, start(leave({ cover: { id: 'nobody', name: '某人' } })))).toMatchObject([
      { path: 'cover.id' },
    ]);
  });

  test('clause 3: only the mayor approves, only the applicant returns, and 销假 before leaving is not accepted', async () => {
    await refused('FORBIDDEN', cover, SEND, event('APPROVE'));
    await refused('FORBIDDEN', mayor, SEND, event('WITHDRAW'));
    await refused('FORBIDDEN', evm, SEND, event('APPROVE'));
    await refused('EVENT_NOT_ACCEPTED', member, SEND, event('RETURN'));
    expect(await refused('BAD_USER_INPUT', mayor, SEND, event('REJECT'))).toMatchObject([{ path: 'reason' }]);
    expect((await get(pendingId)).state).toBe('pendingApproval');
  });
});
