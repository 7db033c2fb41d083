/**
 * 89000 民生服务热线 over real GraphQL (clause 13: 对群众诉求即接即办、一办到底): received by the
 * hotline office (OFFICE), assigned, sent back and reassigned, replied, rated 不满意 and reopened,
 * then rated 满意; a late urgent reply turning YELLOW and RED by itself and escalating to the
 * office; refusals that write nothing. Throughout, the citizen's name and phone reach only the
 * office and the unit handling it: not another unit, not a leader, not the transition feed, not a
 * webhook, not the statistics export.
 */
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { clerks, people } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { GET, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';

const MON = '2026-11-02T01:00:00.000Z'; // Monday 09:00 Shanghai
const clock = new TestClock(MON);
const receiver = makeReceiver();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  const url = await receiver.listen();
  const reg = await gql(t.url, await tokenFor(people.admin), `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id } }`, {
    input: { url: `${url}/hotline`, filter: { machineId: 'hotlineRequest' } },
  });
  expect(reg.errors).toBeUndefined();
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

const { office, housing, transport, town, viceMayor, outsider } = clerks;
type Who = typeof office;
const { run, send } = actingOn(() => t.url);
const get = async (who: Who, id: string) => (await run(who, GET, { id })).workflow;
const later = (from: string, minutes: number) => new Date(Date.parse(from) + minutes * 60_000).toISOString();
async function at(iso: string) {
  clock.set(iso);
  await t.app.timers.runDue();
}

const CITIZEN = { name: '刘秀英', phone: '13905351234' };
const PERSONAL = /刘秀英|13905351234/;
const REDACTED = { redacted: expect.any(String) };
const request = (extra: Record<string, unknown> = {}) => ({
  channel: '电话',
  category: 'ORDINARY',
  content: '金城小区3号楼楼道灯损坏一个月无人维修',
  citizen: CITIZEN,
  ...extra,
});
async function received(extra?: Record<string, unknown>): Promise<string> {
  const { startWorkflow } = await run(office, START, { input: { machineId: 'hotlineRequest', input: request(extra) } });
  return startWorkflow.id;
}

const FEED = `query($f: TransitionFilter) { transitionFeed(filter: $f, first: 100) { edges { node { version eventType title payload } } } }`;
/** The workflow's transitions in the feed as `who` sees them, once its version `version` has its position. */
async function feedOf(who: Who, id: string, version: number) {
  let nodes: any[] = [];
  await until(async () => {
    nodes = (await run(who, FEED, { f: { workflowId: id } })).transitionFeed.edges.map((e: any) => e.node);
    return nodes.some((n) => n.version === version);
  }, `version ${version} of ${id} in the feed of ${who.id}`);
  return nodes;
}

test('第13条 即接即办、一办到底: received, returned and reassigned, replied, reopened when 不满意, closed when 满意 — the citizen seen only by the office and the handling unit', async () => {
  clock.set(MON);
  const id = await received();
  const start = await get(office, id);
  expect(start).toMatchObject({ state: 'received', stateLabel: '已受理待派单', awaiting: ['role:OFFICE'], units: [], alertLevel: 'BLUE' });
  expect(start.context.citizen).toEqual(CITIZEN);
  expect(start.title).not.toMatch(PERSONAL);

  // assigned to the wrong unit: it sees the citizen while it holds the request, and sends it back
  const wrong = await send(office, id, 'ASSIGN', { unit: '市交通局' });
  expect(wrong).toMatchObject({ state: 'assigned', awaiting: ['unit:市交通局'], deadline: '2026-11-05T16:00:00.000Z' });
  expect((await get(transport, id)).context.citizen).toEqual(CITIZEN);
  clock.set(later(MON, 30));
  expect(await send(transport, id, 'RETURN', { reason: '属供电公司职责，非本单位' })).toMatchObject({ state: 'returned', awaiting: ['role:OFFICE'], deadline: null });
  const again = await gql(t.url, await tokenFor(office), `mutation($i: SendEventInput!) { sendEvent(input: $i) { id } }`, {
    i: { workflowId: id, type: 'ASSIGN', payload: { unit: '市交通局' } },
  });
  expect(codeOf(again)).toBe('BAD_USER_INPUT');
  expect(again.errors![0].extensions.invalidFields).toEqual([expect.objectContaining({ path: 'unit' })]);

  // reassigned Monday 10:00: the new unit's 3 working days run to 24:00 Thursday
  clock.set(later(MON, 60));
  expect(await send(office, id, 'ASSIGN', { unit: '市住建局' })).toMatchObject({ state: 'assigned', units: ['市住建局', '市交通局'] });
  clock.set(later(MON, 90));
  expect(await send(housing, id, 'ACCEPT', {})).toMatchObject({ state: 'handling', deadline: '2026-11-05T16:00:00.000Z' });

  const handled = await get(housing, id);
  expect(handled.context.citizen).toEqual(CITIZEN);
  expect(handled.history[0]).toMatchObject({ eventType: 'START', payload: { citizen: CITIZEN } });
  // the unit that sent it back still reads the request, but not who made it
  const former = await get(transport, id);
  expect(former.context.citizen).toEqual(REDACTED);
  expect(former.context.content).toBe(request().content);
  expect(former.history[0]).toMatchObject({ eventType: 'START', payload: REDACTED });
  expect(JSON.stringify(former)).not.toMatch(PERSONAL);
  // a leader sees every request, not the citizen; a unit with no part sees nothing
  expect(JSON.stringify(await get(viceMayor, id))).not.toMatch(PERSONAL);
  expect(await get(outsider, id)).toBeNull();

  clock.set('2026-11-03T02:00:00.000Z');
  expect(await send(housing, id, 'REPLY', { content: '已更换楼道灯' })).toMatchObject({ state: 'replied', awaiting: ['role:OFFICE'], deadline: null });
  clock.set('2026-11-03T06:00:00.000Z');
  const reopened = await send(office, id, 'RECORD_SATISFACTION', { satisfaction: 'DISSATISFIED', note: '灯仍时亮时灭' });
  // 一办到底: back with the same unit, 3 working days from Tuesday
  expect(reopened).toMatchObject({ state: 'handling', awaiting: ['unit:市住建局'], deadline: '2026-11-06T16:00:00.000Z' });
  expect(reopened.context).toMatchObject({ reopenCount: 1, satisfaction: 'DISSATISFIED', unit: '市住建局' });

  clock.set('2026-11-04T02:00:00.000Z');
  await send(housing, id, 'REPLY', { content: '已更换线路并复查' });
  clock.set('2026-11-04T06:00:00.000Z');
  const done = await send(office, id, 'RECORD_SATISFACTION', { satisfaction: 'SATISFIED' });
  expect(done).toMatchObject({ state: 'resolved', status: 'DONE', alertLevel: 'BLUE', awaiting: [] });
  expect(done.context).toMatchObject({ reopenCount: 1, satisfaction: 'SATISFIED', replies: [{ round: 1, late: false }, { round: 2, late: false }] });
  // closed, still private
  expect((await get(housing, id)).context.citizen).toEqual(CITIZEN);
  expect((await get(transport, id)).context.citizen).toEqual(REDACTED);

  // the transition feed never carries the citizen, not even to the office: the start is redacted
  for (const who of [office, housing, transport, viceMayor]) {
    const feed = await feedOf(who, id, done.version);
    expect(feed.map((n) => n.eventType)).toEqual(done.history.map((h: { eventType: string }) => h.eventType));
    expect(feed[0]).toMatchObject({ eventType: 'START', payload: REDACTED });
    expect(JSON.stringify(feed)).not.toMatch(PERSONAL);
  }
  // nor do webhooks
  const mine = () => receiver.received.map((r) => JSON.parse(r.body)).filter((b) => b.workflowId === id);
  await until(() => mine().length === done.version, 'every transition delivered');
  expect(mine()[0]).toMatchObject({ eventType: 'START', payload: REDACTED });
  expect(receiver.received.map((r) => r.body).join('\n')).not.toMatch(PERSONAL);

  // statistics: the unit's reply counted on time (the clock from the first assignment, the limit its own)
  const stats = await run(office, `{ unitStatistics(from: "2026-11-01", to: "2026-11-30", machineId: "hotlineRequest") { unit received answered answeredOnTime late } }`);
  expect(stats.unitStatistics).toContainEqual({ unit: '市住建局', received: 1, answered: 1, answeredOnTime: 1, late: 0 });
  const csv = await run(office, `{ unitStatisticsCsv(from: "2026-11-01", to: "2026-11-30", machineId: "hotlineRequest") }`);
  expect(csv.unitStatisticsCsv).toContain('市住建局');
  expect(csv.unitStatisticsCsv).not.toMatch(PERSONAL);
});

test('第13条: an urgent request not replied to in 2 hours turns YELLOW, then RED by itself, and escalates to the office', async () => {
  const T = '2026-11-09T02:00:00.000Z'; // Monday 10:00
  clock.set(T);
  const id = await received({ category: 'URGENT', content: '幸福路自来水管爆裂，路面积水' });
  const assigned = await send(office, id, 'ASSIGN', { unit: '罗峰街道' });
  expect(assigned.deadlines).toEqual([
    { kind: 'reply', label: '答复时限（紧急）', due: later(T, 120), warnAt: later(T, 90), provisional: false },
  ]);
  clock.set(later(T, 5));
  await send(town, id, 'ACCEPT', { note: '已派人' });

  await at(later(T, 91));
  expect(await get(office, id)).toMatchObject({ state: 'handling', alertLevel: 'YELLOW', escalatedTo: [] });
  await at(later(T, 121));
  const late = await get(office, id);
  expect(late).toMatchObject({ state: 'handling', alertLevel: 'RED', escalatedTo: ['role:OFFICE'], awaiting: ['unit:罗峰街道'] });
  expect(late.history.at(-1)).toMatchObject({
    eventType: 'DEADLINE_PASSED', actor: { id: 'system' }, alertLevel: 'RED', payload: { kind: 'reply', escalatedTo: ['role:OFFICE'] },
  });
  const tasks = (await run(office, `{ myTasks { mustAct escalated workflow { id alertLevel } } }`)).myTasks as any[];
  expect(tasks.find((x) => x.workflow.id === id)).toMatchObject({ mustAct: false, escalated: true, workflow: { alertLevel: 'RED' } });

  clock.set(later(T, 150));
  const replied = await send(town, id, 'REPLY', { content: '已关阀抢修完毕' });
  expect(replied).toMatchObject({ state: 'replied', alertLevel: 'BLUE', escalatedTo: [] });
  expect(replied.context.replies).toMatchObject([{ round: 1, late: true }]);
  const stats = await run(office, `{ unitStatistics(from: "2026-11-01", to: "2026-11-30", machineId: "hotlineRequest") { unit received answered answeredOnTime late } }`);
  expect(stats.unitStatistics).toContainEqual({ unit: '罗峰街道', received: 1, answered: 1, answeredOnTime: 0, late: 1 });
});

test('第13条: refusals write nothing — a rating before the reply, an unknown rating, another unit, a close without reason, a bad phone', async () => {
  clock.set('2026-11-16T01:00:00.000Z');
  const id = await received();
  await send(office, id, 'ASSIGN', { unit: '市住建局' });
  const before = await fingerprint(t.db.url);
  const attempt = async (who: Who, type: string, payload: Record<string, unknown>) =>
    gql(t.url, await tokenFor(who), `mutation($i: SendEventInput!) { sendEvent(input: $i) { id } }`, { i: { workflowId: id, type, payload } });

  expect(codeOf(await attempt(office, 'RECORD_SATISFACTION', { satisfaction: 'SATISFIED' }))).toBe('EVENT_NOT_ACCEPTED');
  expect(codeOf(await attempt(housing, 'REPLY', { content: '已处理' }))).toBe('EVENT_NOT_ACCEPTED'); // not accepted yet
  expect(codeOf(await attempt(transport, 'ACCEPT', {}))).toBe('NOT_FOUND'); // a unit with no part: no such workflow
  expect(codeOf(await attempt(viceMayor, 'ACCEPT', {}))).toBe('FORBIDDEN');
  expect(codeOf(await attempt(office, 'CLOSE', {}))).toBe('BAD_USER_INPUT');
  expect(codeOf(await attempt(housing, 'RETURN', { reason: ' ' }))).toBe('BAD_USER_INPUT');
  const badPhone = await gql(t.url, await tokenFor(office), START, {
    input: { machineId: 'hotlineRequest', input: request({ citizen: { name: '刘秀英', phone: '12345' } }) },
  });
  expect(codeOf(badPhone)).toBe('BAD_USER_INPUT');
  expect(badPhone.errors![0].extensions.invalidFields).toEqual([expect.objectContaining({ path: 'citizen.phone' })]);
  const unitStarts = await gql(t.url, await tokenFor(housing), START, { input: { machineId: 'hotlineRequest', input: request() } });
  expect(codeOf(unitStarts)).toBe('FORBIDDEN');
  expect(await fingerprint(t.db.url)).toBe(before);

  // replied, then an unknown rating: still nothing written
  await send(housing, id, 'ACCEPT', {});
  await send(housing, id, 'REPLY', { content: '已处理' });
  const replied = await fingerprint(t.db.url);
  expect(codeOf(await attempt(office, 'RECORD_SATISFACTION', { satisfaction: '满意' }))).toBe('BAD_USER_INPUT');
  expect(codeOf(await attempt(housing, 'RECORD_SATISFACTION', { satisfaction: 'SATISFIED' }))).toBe('FORBIDDEN');
  expect(await fingerprint(t.db.url)).toBe(replied);
});
