/**
 * 组织机构与分管 end to end: the directory loaded in one call, start inputs checked and completed
 * from it, a division of work that moves new items and not old ones, a rename that old items
 * survive, pickers in keyset pages, and tokens the directory does not know refused.
 */
import { devDirectory } from '../../src/directory/dev-seed';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actor } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { GET, letterInput, people, START } from '../helpers/letters';

const clock = new TestClock('2026-03-02T02:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.stop());

async function as(who: typeof people.office, query: string, variables: Record<string, unknown> = {}) {
  return gql(t.url, await tokenFor(who), query, variables);
}
async function ok(who: typeof people.office, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await as(who, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const LOAD = `mutation L($format: DirectoryFileFormat!, $content: String!, $from: String) {
  loadDirectory(format: $format, content: $content, effectiveFrom: $from) { units people assignments } }`;
const START_LETTER = `mutation S($input: StartWorkflowInput!) {
  startWorkflow(input: $input) { id context involvedUnits { code name } } }`;
const startLetter = (who: typeof people.office, input: Record<string, unknown>) =>
  as(who, START_LETTER, { input: { machineId: 'supervisionLetter', input } });
const fieldsOf = (res: { errors?: { extensions: Record<string, any> }[] }) =>
  (res.errors?.[0]?.extensions?.invalidFields ?? []) as { path: string; message: string }[];

describe('before a directory is loaded', () => {
  test('nothing is checked: any unit string goes, as before', async () => {
    const res = await startLetter(people.office, letterInput({ leadUnit: '某个单位' }));
    expect(res.errors).toBeUndefined();
    expect(res.data.startWorkflow.context.leadUnit).toBe('某个单位');
  });
});

describe('once the directory is loaded', () => {
  test('the whole development directory loads in one call, from JSON', async () => {
    const res = await ok(people.admin, LOAD, { format: 'JSON', content: JSON.stringify(devDirectory), from: '2026-01-01' });
    expect(res.loadDirectory).toEqual({
      units: devDirectory.units.length,
      people: devDirectory.people.length,
      assignments: devDirectory.divisionOfWork.length,
    });
    const li = await ok(people.office, `{ leaderInCharge(unit: "市住建局") { id name } }`);
    expect(li.leaderInCharge).toEqual({ id: 'vm-li', name: '李副市长' });
  });

  test('a letter to an unknown or misspelt unit is refused, naming the field', async () => {
    const res = await startLetter(people.office, letterInput({ leadUnit: '市住建局 ', coUnits: ['罗峰街道', '市不存在局'] }));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([{ path: 'coUnits.1', message: 'no unit 市不存在局 in the directory' }]);
    const unknownLeader = await startLetter(people.office, letterInput({ leaderInCharge: { id: 'vm-nobody', name: '某副市长' } }));
    expect(fieldsOf(unknownLeader)).toEqual([{ path: 'leaderInCharge.id', message: 'no person vm-nobody in the directory' }]);
  });

  test('a refused start writes nothing', async () => {
    const before = await ok(people.office, `{ workflows(first: 100) { edges { node { id } } } }`);
    await startLetter(people.office, letterInput({ leadUnit: '市不存在局' }));
    const after = await ok(people.office, `{ workflows(first: 100) { edges { node { id } } } }`);
    expect(after.workflows.edges).toHaveLength(before.workflows.edges.length);
  });

  test('a forbidden starter hears FORBIDDEN, not what the directory knows', async () => {
    const { leaderInCharge: _, ...input } = letterInput({ leadUnit: '市不存在局' });
    const res = await startLetter(people.town, input);
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  let oldLetter: string;
  test('a letter without a leader in charge gets the 分管 leader of its lead unit', async () => {
    const { leaderInCharge: _, ...input } = letterInput();
    const res = await startLetter(people.office, input);
    expect(res.errors).toBeUndefined();
    expect(res.data.startWorkflow.context.leaderInCharge).toEqual({ id: 'vm-li', name: '李副市长' });
    oldLetter = res.data.startWorkflow.id;
    // issued, so that the lead unit reads it too
    await ok(people.office, `mutation I($id: ID!) { sendEvent(input: { workflowId: $id, type: "ISSUE", payload: {} }) { id } }`, { id: oldLetter });
    expect(res.data.startWorkflow.involvedUnits).toEqual([
      { code: '市住建局', name: '招远市住房和城乡建设局' },
      { code: '罗峰街道', name: '罗峰街道办事处' },
    ]);
  });

  test('an emergency report without a vice-mayor goes to the leader in charge of its industry department', async () => {
    const input = {
      kind: '森林火灾',
      occurredAt: '2026-03-02T08:30:00+08:00',
      place: '罗山林场',
      summary: '林场东坡起火，过火面积约5亩',
      casualties: { deaths: 0, injured: 1, missing: 0 },
      department: '市应急局',
    };
    const res = await as(people.office, START_LETTER, { input: { machineId: 'emergencyReport', input } });
    expect(res.errors).toBeUndefined();
    expect(res.data.startWorkflow.context.viceMayor).toEqual({ id: 'vm-wu', name: '吴副市长' });
  });

  test("a person's name comes from the directory, not from the caller", async () => {
    const res = await startLetter(people.office, letterInput({ leaderInCharge: { id: 'vm-li', name: '李某' } }));
    expect(res.data.startWorkflow.context.leaderInCharge).toEqual({ id: 'vm-li', name: '李副市长' });
  });

  test('a division-of-work change moves new items, not old ones', async () => {
    const change = await ok(
      people.office,
      `mutation { changeDivisionOfWork(effectiveFrom: "2026-03-10", assignments: [{ leaderId: "vm-chen", units: ["市住建局"] }]) { unit leaderId validFrom } }`,
    );
    expect(change.changeDivisionOfWork).toContainEqual({ unit: '市住建局', leaderId: 'vm-chen', validFrom: '2026-03-09T16:00:00.000Z' });
    // before the effective date: still Li
    const { leaderInCharge: _, ...input } = letterInput();
    expect((await startLetter(people.office, input)).data.startWorkflow.context.leaderInCharge.id).toBe('vm-li');
    clock.set('2026-03-10T01:00:00Z');
    const moved = await startLetter(people.office, input);
    expect(moved.data.startWorkflow.context.leaderInCharge).toEqual({ id: 'vm-chen', name: '陈副市长' });
    // the old letter keeps Li, who still reads it and has it among his tasks once it waits for him
    const old = await ok(people.viceMayor, GET, { id: oldLetter });
    expect(old.workflow.context.leaderInCharge.id).toBe('vm-li');
    const history = await ok(people.office, `{ divisionOfWork(unit: "市住建局") { leaderId validFrom validTo } }`);
    expect(history.divisionOfWork).toEqual([
      { leaderId: 'vm-chen', validFrom: '2026-03-09T16:00:00.000Z', validTo: null },
      { leaderId: 'vm-li', validFrom: '2025-12-31T16:00:00.000Z', validTo: '2026-03-09T16:00:00.000Z' },
    ]);
    // a change cannot be slipped in before one already in force
    const rewrite = await as(
      people.office,
      `mutation { changeDivisionOfWork(effectiveFrom: "2026-03-05", assignments: [{ leaderId: "vm-wu", units: ["市住建局"] }]) { unit } }`,
    );
    expect(codeOf(rewrite)).toBe('BAD_USER_INPUT');
  });

  test('a renamed unit keeps old items readable under their old name', async () => {
    await ok(people.office, `mutation { saveUnit(input: { code: "市住建局", name: "招远市住房和城乡建设管理局", kind: DEPARTMENT }, effectiveFrom: "2026-03-11") { code name } }`);
    clock.set('2026-03-11T01:00:00Z');
    const renamed = await ok(people.office, `{ unit(code: "市住建局") { name active } unitNames(code: "市住建局") { name validFrom } }`);
    expect(renamed.unit).toEqual({ name: '招远市住房和城乡建设管理局', active: true });
    expect(renamed.unitNames.map((n: { name: string }) => n.name)).toEqual(['招远市住房和城乡建设局', '招远市住房和城乡建设管理局']);
    const old = await ok(people.housing, `query Q($id: ID!) { workflow(id: $id) { id involvedUnits { code name } } }`, { id: oldLetter });
    expect(old.workflow.involvedUnits[0]).toEqual({ code: '市住建局', name: '招远市住房和城乡建设局' });
    const fresh = await startLetter(people.office, letterInput());
    expect(fresh.data.startWorkflow.involvedUnits[0]).toEqual({ code: '市住建局', name: '招远市住房和城乡建设管理局' });
  });

  test('a dissolved unit takes no new items; its old ones stay readable', async () => {
    const started = await startLetter(people.office, letterInput({ leadUnit: '市统计局', coUnits: [] }));
    expect(started.errors).toBeUndefined();
    await ok(people.admin, `mutation { dissolveUnit(code: "市统计局", mergedInto: "市发改局") { active mergedInto } }`);
    const res = await startLetter(people.office, letterInput({ leadUnit: '市统计局', coUnits: [] }));
    expect(fieldsOf(res)).toEqual([{ path: 'leadUnit', message: '市统计局 (招远市统计局) has been dissolved' }]);
    const old = await ok(people.office, GET, { id: started.data.startWorkflow.id });
    expect(old.workflow.context.leadUnit).toBe('市统计局');
  });

  test('a reassignment to an unknown unit is refused, after visibility and permission', async () => {
    const letter = (await startLetter(people.office, letterInput())).data.startWorkflow.id;
    await ok(people.office, `mutation I($id: ID!) { sendEvent(input: { workflowId: $id, type: "ISSUE", payload: {} }) { id } }`, { id: letter });
    const reassign = `mutation R($id: ID!) { sendEvent(input: { workflowId: $id, type: "REASSIGN", payload: { newLeadUnit: "市不存在局", reason: "职能调整" } }) { id } }`;
    // the transport bureau is not on the letter: it hears what it would for no letter at all
    expect(codeOf(await as(people.transport, reassign, { id: letter }))).toBe('NOT_FOUND');
    // the town is a co-unit: it sees the letter but may not reassign it
    expect(codeOf(await as(people.town, reassign, { id: letter }))).toBe('FORBIDDEN');
    const res = await as(people.office, reassign, { id: letter });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([{ path: 'newLeadUnit', message: 'no unit 市不存在局 in the directory' }]);
  });

  test('pickers answer in keyset pages: units by kind, people by unit and membership', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: any = await ok(people.office, `query P($after: String) { units(kind: TOWN, first: 4, after: $after) { nodes { code kind } pageInfo { hasNextPage endCursor } } }`, { after });
      seen.push(...data.units.nodes.map((u: { code: string }) => u.code));
      expect(data.units.nodes.every((u: { kind: string }) => u.kind === 'TOWN')).toBe(true);
      if (!data.units.pageInfo.hasNextPage) break;
      after = data.units.pageInfo.endCursor;
    }
    const towns = devDirectory.units.filter((u) => u.kind === 'TOWN').map((u) => u.code);
    expect(seen).toEqual([...towns].sort());
    const leadership = await ok(people.office, `{ people(membership: LEADERSHIP, first: 50) { nodes { id } } }`);
    expect(leadership.people.nodes.map((p: { id: string }) => p.id)).toEqual(['evm-zhou', 'mayor-sun', 'vm-chen', 'vm-li', 'vm-wu']);
    const housing = await ok(people.office, `{ people(unit: "市住建局") { nodes { id name position } } }`);
    expect(housing.people.nodes.map((p: { id: string }) => p.id)).toEqual(['housing-head', 'housing-zhang']);
    const search = await ok(people.office, `{ units(search: "建设") { nodes { code } } }`);
    expect(search.units.nodes).toEqual([{ code: '市住建局' }]);
    expect(codeOf(await as(people.office, `{ units(after: "not-a-cursor") { nodes { code } } }`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(people.office, `{ units(first: 0) { nodes { code } } }`))).toBe('BAD_USER_INPUT');
  });

  test('only administrators and the office maintain the directory; every change is logged', async () => {
    const res = await as(people.housing, `mutation { saveUnit(input: { code: "市新局", name: "招远市新局", kind: DEPARTMENT }) { code } }`);
    expect(codeOf(res)).toBe('FORBIDDEN');
    const log = await ok(people.admin, `{ directoryChanges(first: 3) { nodes { action actorId } } }`);
    expect(log.directoryChanges.nodes[0]).toEqual({ action: 'DISSOLVE_UNIT', actorId: 'admin-1' });
    expect(codeOf(await as(people.housing, `{ directoryChanges { nodes { id } } }`))).toBe('FORBIDDEN');
  });

  test('a token whose subject or unit the directory does not know is refused with UNKNOWN_ACTOR', async () => {
    const stranger = actor('DEPARTMENT', '市住建局', 'housing-nobody', '无名氏');
    const res = await as(stranger, `{ me { id } }`);
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('UNKNOWN_ACTOR');
    const wrongUnit = await as({ ...people.housing, unit: '市交通局' }, `{ me { id } }`);
    expect(codeOf(wrongUnit)).toBe('UNKNOWN_ACTOR');
    expect((await ok(people.housing, `{ me { id } }`)).me.id).toBe('housing-zhang');
  });

  test('a person removed from the directory is refused from then on', async () => {
    await ok(people.office, `mutation { savePerson(input: { id: "housing-temp", name: "临时人员", unit: "市住建局" }) { id } }`);
    const temp = actor('DEPARTMENT', '市住建局', 'housing-temp', '临时人员');
    expect((await ok(temp, `{ me { id } }`)).me.id).toBe('housing-temp');
    await ok(people.office, `mutation { removePerson(id: "housing-temp") { active } }`);
    expect(codeOf(await as(temp, `{ me { id } }`))).toBe('UNKNOWN_ACTOR');
  });
});

describe('loading from a file', () => {
  let u: TestApp;
  beforeAll(async () => {
    u = await startTestApp({ clock });
  });
  afterAll(() => u.stop());
  const load = async (format: string, content: string) => gql(u.url, await tokenFor(people.admin), LOAD, { format, content });

  const CSV = [
    'type,code,name,kind,unit,position,governmentMember,leadershipMember,inChargeOf',
    'unit,市政府,招远市人民政府,LEADERSHIP,,,,,',
    'unit,信息中心,招远市大数据中心,DEPARTMENT,,,,,',
    'unit,市住建局,招远市住房和城乡建设局,DEPARTMENT,,,,,',
    'unit,市交通局,招远市交通运输局,DEPARTMENT,,,,,',
    'person,admin-1,管理员,,信息中心,系统管理员,,,',
    'person,vm-li,李副市长,,市政府,副市长,是,是,市住建局;市交通局',
  ].join('\n');

  test('a CSV file that does not hold together writes nothing', async () => {
    const broken = `${CSV}\nperson,x-1,某人,,市不存在局,,,,`;
    const res = await load('CSV', broken);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([{ path: 'people.2.unit', message: 'no active unit 市不存在局 in the directory' }]);
    // nothing was written, so the directory is still not in use: any token goes
    expect(codeOf(await gql(u.url, await tokenFor(people.admin), `{ units { nodes { code } } }`))).toBeNull();
    expect((await gql(u.url, await tokenFor(people.admin), `{ units { nodes { code } } }`)).data.units.nodes).toEqual([]);
    expect(codeOf(await load('CSV', 'type,code\nteam,x'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await load('JSON', '{"units": [{"code": "x"}]'))).toBe('BAD_USER_INPUT');
  });

  test('one CSV call sets up units, people and the division of work', async () => {
    const res = await load('CSV', CSV);
    expect(res.data.loadDirectory).toEqual({ units: 4, people: 2, assignments: 1 });
    const data = (await gql(u.url, await tokenFor(people.admin), `{ divisionOfWork { unit leaderId } people(membership: GOVERNMENT) { nodes { id } } }`)).data;
    expect(data.divisionOfWork).toEqual([
      { unit: '市交通局', leaderId: 'vm-li' },
      { unit: '市住建局', leaderId: 'vm-li' },
    ]);
    expect(data.people.nodes).toEqual([{ id: 'vm-li' }]);
  });
});

describe('DIRECTORY=off', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await startTestApp({ clock, config: { DIRECTORY: 'off' } });
    const res = await gql(off.url, await tokenFor(people.admin), LOAD, { format: 'JSON', content: JSON.stringify(devDirectory) });
    expect(res.errors).toBeUndefined();
  });
  afterAll(() => off.stop());

  test('a loaded directory is neither checked nor asked about tokens', async () => {
    const stranger = actor('OFFICE', '某单位', 'nobody', '无名氏');
    const res = await gql(off.url, await tokenFor(stranger), START, { input: { machineId: 'supervisionLetter', input: letterInput({ leadUnit: '市不存在局' }) } });
    expect(res.errors).toBeUndefined();
  });
});
