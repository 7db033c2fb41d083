/**
 * Search by the business fields offices ask for first (title text, 来源, 挂牌, 类别, person,
 * period, several states), keyset-paginated like every list, under the one visibility rule;
 * and the hotline's own statistics figures (已回访, 满意, 不满意重办) with its 满意率, declared by
 * its definition and counted per unit without any code outside its folder.
 */
import { codeOf, gql, tokenFor, type TestApp, startTestApp } from '../helpers/app';
import { actingOn } from '../helpers/acting';
import { clerks } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { letterInput, START } from '../helpers/letters';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Zhaoyuan
let t: TestApp;
const { run, send } = actingOn(() => t.url);
const { office, housing, transport, town, viceMayor, otherViceMayor, mayor, outsider } = clerks;

const LIST = `query($filter: WorkflowFilter, $first: Int!, $after: String) {
  workflows(filter: $filter, first: $first, after: $after) { edges { cursor node { id title machineId state } } pageInfo { hasNextPage endCursor } } }`;

/** Every id the filter finds for `who`, walking pages of `first`. */
async function found(who: typeof office, filter: Record<string, unknown>, first = 100): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const { workflows } = await run(who, LIST, { filter, first, after });
    ids.push(...workflows.edges.map((e: any) => e.node.id));
    if (!workflows.pageInfo.hasNextPage) return ids;
    after = workflows.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

const started = async (who: typeof office, machineId: string, input: Record<string, unknown>): Promise<string> =>
  (await run(who, START, { input: { machineId, input } })).startWorkflow.id;

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock });
  ids.flaggedInstruction = await started(office, 'supervisionLetter', letterInput({ title: '老旧小区改造督办', source: '领导批示', flagged: true, coUnits: [] }));
  ids.plainMeeting = await started(office, 'supervisionLetter', letterInput({ title: '背街小巷整治（50%完成）', source: '常务会议', flagged: false, leadUnit: '市交通局', coUnits: [] }));
  ids.townLetter = await started(office, 'supervisionLetter', letterInput({ title: '老旧管网改造', source: '领导批示', flagged: false, leadUnit: '罗峰街道', coUnits: [] }));
  for (const id of [ids.flaggedInstruction, ids.plainMeeting, ids.townLetter]) await send(office, id, 'ISSUE');
  ids.hotline = await started(office, 'hotlineRequest', { channel: '微信', category: 'URGENT', content: '金城路自来水管爆裂', citizen: { name: '刘秀英', phone: '13905351234' } });
  // two leaves of two vice-mayors: one away this week, one next month
  ids.leaveNow = await started(viceMayor, 'leaveRequest', {
    applicant: { id: viceMayor.id, name: viceMayor.name }, applicantRole: 'VICE_MAYOR', destination: '济南', reason: '参加全省会议',
    departure: '2026-11-02', return: '2026-11-04', cover: { id: otherViceMayor.id, name: otherViceMayor.name }, emergency: true,
  });
  ids.leaveLater = await started(otherViceMayor, 'leaveRequest', {
    applicant: { id: otherViceMayor.id, name: otherViceMayor.name }, applicantRole: 'VICE_MAYOR', destination: '青岛', reason: '招商洽谈',
    departure: '2026-12-07', return: '2026-12-09', cover: { id: viceMayor.id, name: viceMayor.name },
  });
});
afterAll(() => t.stop());

test('title text, 来源 and 挂牌: each narrows the list, together they combine, and text is taken literally', async () => {
  expect(new Set(await found(office, { text: '改造' }))).toEqual(new Set([ids.flaggedInstruction, ids.townLetter]));
  expect(await found(office, { text: '改造', flagged: true })).toEqual([ids.flaggedInstruction]);
  expect(new Set(await found(office, { source: '领导批示' }))).toEqual(new Set([ids.flaggedInstruction, ids.townLetter]));
  expect(await found(office, { source: '常务会议', machineId: 'supervisionLetter' })).toEqual([ids.plainMeeting]);
  expect(await found(office, { flagged: false, text: '管网' })).toEqual([ids.townLetter]);
  // % and _ are characters of the title, not wildcards
  expect(await found(office, { text: '50%' })).toEqual([ids.plainMeeting]);
  expect(await found(office, { text: '%' })).toEqual([ids.plainMeeting]);
  expect(await found(office, { text: '_' })).toEqual([]);
  // the hotline's channel is its 来源, its category its 类别
  expect(await found(office, { source: '微信' })).toEqual([ids.hotline]);
  expect(await found(office, { kind: 'URGENT' })).toEqual([ids.hotline]);
});

test('a search finds only what the caller may read, walking pages the same way', async () => {
  // the town sees its own letter, not the housing bureau's, whatever it searches for
  expect(await found(town, { text: '改造' })).toEqual([ids.townLetter]);
  expect(await found(town, { source: '领导批示', unit: '市住建局' })).toEqual([]);
  expect(await found(outsider, { text: '改造' })).toEqual([]);
  // the hotline's personal data is no search field: the citizen's name finds nothing, even for the office
  expect(await found(office, { text: '刘秀英' })).toEqual([]);
  // pages of one give the same items, in the same order, as one page
  const all = await found(office, { text: '改造' });
  expect(await found(office, { text: '改造' }, 1)).toEqual(all);
});

test('a person: the items naming them or that they started; who is away now and who covers', async () => {
  expect(new Set(await found(office, { person: viceMayor.id, machineId: 'leaveRequest' }))).toEqual(new Set([ids.leaveNow, ids.leaveLater]));
  // a leader's leave history is the same filter with their own leaves only
  expect(await found(mayor, { person: otherViceMayor.id, machineId: 'leaveRequest', text: '青岛' })).toEqual([ids.leaveLater]);
  // the unit and the person together: both must hold
  expect(await found(office, { person: viceMayor.id, unit: '市住建局' })).toEqual([ids.flaggedInstruction]);
  // away now: the leaves in any of the away states whose period includes today
  const AWAY = { machineId: 'leaveRequest', states: ['away', 'awayFormalities', 'awayPendingApproval'], period: { from: '2026-11-02', to: '2026-11-02' } };
  expect(await found(office, AWAY)).toEqual([ids.leaveNow]);
  const { workflows } = await run(office, `query($f: WorkflowFilter) { workflows(filter: $f) { edges { node { stateLabel context } } } }`, { f: AWAY });
  expect(workflows.edges[0].node).toMatchObject({ stateLabel: '外出中（待补办请假手续）', context: { cover: { id: otherViceMayor.id, name: otherViceMayor.name } } });
});

test('period: items whose period overlaps the dates, both ends included', async () => {
  expect(await found(office, { period: { from: '2026-12-09', to: '2026-12-31' } })).toEqual([ids.leaveLater]);
  expect(await found(office, { period: { from: '2026-12-10', to: '2026-12-31' } })).toEqual([]);
  expect(new Set(await found(office, { period: { from: '2026-11-04', to: '2026-12-07' } }))).toEqual(new Set([ids.leaveNow, ids.leaveLater]));
  expect(new Set(await found(office, { kind: '紧急外出' }))).toEqual(new Set([ids.leaveNow]));
});

test('bad search input: a coded error naming the field, for each bound', async () => {
  const bad = async (filter: Record<string, unknown>) => {
    const res = await gql(t.url, await tokenFor(office), LIST, { filter, first: 10 });
    expect(res.data).toBeFalsy();
    return { code: codeOf(res), fields: res.errors?.[0].extensions.invalidFields?.map((f: any) => f.path) };
  };
  expect(await bad({ period: { from: '2026-12-31', to: '2026-12-01' } })).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.period.to'] });
  expect(await bad({ period: { from: '2026-02-30', to: '2026-03-01' } })).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.period.from'] });
  expect(await bad({ text: 'x'.repeat(101) })).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.text'] });
  expect(await bad({ text: '   ' })).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.text'] });
  expect(await bad({ states: Array.from({ length: 51 }, (_, i) => `s${i}`) })).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.states'] });
  const typed = await gql(t.url, await tokenFor(office), LIST, { filter: { flagged: 'yes' }, first: 10 });
  expect(codeOf(typed)).toBe('BAD_USER_INPUT');
});

test('hotline statistics: 已回访, 满意, 不满意重办 and 满意率 per handling unit, in the query and the CSV', async () => {
  const STATS = `query($machineId: String) { unitStatistics(from: "2026-11-01", to: "2026-11-30", machineId: $machineId) {
    unit received figures { machineId key label value } rates { machineId key label value } } }`;
  const request = async (unit: string, who: typeof housing, satisfactions: string[]) => {
    const id = await started(office, 'hotlineRequest', { channel: '电话', category: 'ORDINARY', content: `诉求 ${unit}`, citizen: { name: '王强', phone: '13805350000' } });
    await send(office, id, 'ASSIGN', { unit });
    await send(who, id, 'ACCEPT', {});
    for (const satisfaction of satisfactions) {
      await send(who, id, 'REPLY', { content: '已处理' });
      await send(office, id, 'RECORD_SATISFACTION', { satisfaction });
    }
    return id;
  };
  await request('市住建局', housing, ['DISSATISFIED', 'SATISFIED']); // reopened once, then satisfied
  await request('市住建局', housing, ['BASICALLY_SATISFIED']);
  await request('市住建局', housing, []); // not yet visited
  await request('市交通局', transport, ['DISSATISFIED', 'DISSATISFIED', 'DISSATISFIED']);

  const { unitStatistics } = await run(office, STATS, { machineId: 'hotlineRequest' });
  const byUnit = Object.fromEntries(unitStatistics.map((u: any) => [u.unit, u]));
  const figures = (unit: string) => Object.fromEntries(byUnit[unit].figures.map((f: any) => [f.key, f.value]));
  expect(byUnit['市住建局'].received).toBe(3);
  expect(figures('市住建局')).toEqual({ rated: 2, satisfied: 1, basicallySatisfied: 1, dissatisfied: 0, reopened: 1, lateReplies: 0 });
  expect(byUnit['市住建局'].rates).toEqual([{ machineId: 'hotlineRequest', key: 'satisfactionRate', label: expect.stringContaining('满意率'), value: 1 }]);
  expect(figures('市交通局')).toMatchObject({ rated: 1, satisfied: 0, dissatisfied: 1, reopened: 3 });
  expect(byUnit['市交通局'].rates[0].value).toBe(0);
  expect(byUnit['市住建局'].figures.find((f: any) => f.key === 'reopened').label).toBe('不满意重办次数');

  // over every process, a unit's letters do not change its hotline figures, and a unit with no hotline item shows none
  const all = (await run(office, STATS, {})).unitStatistics;
  const housingAll = all.find((u: any) => u.unit === '市住建局');
  expect(Object.fromEntries(housingAll.figures.map((f: any) => [f.key, f.value]))).toEqual(figures('市住建局'));
  expect(all.find((u: any) => u.unit === '罗峰街道')).toMatchObject({ figures: [], rates: [] });

  // the CSV carries them as columns headed by their labels
  const csv = (await run(office, `{ unitStatisticsCsv(from: "2026-11-01", to: "2026-11-30", machineId: "hotlineRequest") }`)).unitStatisticsCsv as string;
  const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(header.split(',')).toEqual(expect.arrayContaining(['已回访', '不满意重办次数', '满意率（满意与基本满意占已回访）']));
  const housingLine = lines.find((l) => l.startsWith('市住建局'))!.split(',');
  expect(housingLine[header.split(',').indexOf('不满意重办次数')]).toBe('1');
  expect(housingLine[header.split(',').indexOf('满意率（满意与基本满意占已回访）')]).toBe('1');
});
