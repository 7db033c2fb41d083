/**
 * Machine versions: new instances start on the newest, running ones keep theirs until an
 * administrator migrates them; a migration checks everything before it writes anything.
 */
import { findDefinition, registerDefinition } from '../../machines';
import { codeOf, gql } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { ADMIN, adminFixture, expectContiguousHistories, type AdminFixture } from './admin-helpers';
import { letterV2 } from './letter-v2';

const clock = new TestClock('2026-11-02T01:00:00Z');
let f: AdminFixture;
/** v1 instances: one in each of draft, awaitingFeedback, inProgress, and a cancelled one */
const v1: Record<string, string> = {};

beforeAll(async () => {
  f = await adminFixture(clock);
  v1.draft = await f.start();
  v1.awaiting = await f.issuedLetter();
  v1.progress = await f.issuedLetter();
  await f.send('housing', v1.progress, 'SUBMIT_FEEDBACK', { content: '已反馈' });
  v1.cancelled = await f.issuedLetter();
  await f.send('office', v1.cancelled, 'CANCEL', { reason: '误发' });
  registerDefinition(letterV2());
});
afterAll(() => f.t.stop());

const migrate = (input: Record<string, unknown>, who: keyof AdminFixture['tokens'] = 'admin') =>
  gql(f.t.url, f.tokens[who], ADMIN.migrate, { input: { machineId: 'supervisionLetter', fromVersion: 1, toVersion: 2, ...input } });

const FULL_MAPPING = [
  { from: 'draft', to: 'draft' },
  { from: 'awaitingFeedback', to: 'awaitingFeedback' },
  { from: 'inProgress', to: 'implementing' },
];

test('new instances start on the newest version; running ones keep theirs and keep accepting events', async () => {
  expect(findDefinition('supervisionLetter')?.version).toBe(2);
  const fresh = await f.issuedLetter();
  const fed = await f.send('housing', fresh, 'SUBMIT_FEEDBACK', { content: '新版本反馈' });
  expect(fed).toMatchObject({ machineVersion: 2, state: 'implementing', stateLabel: '落实中' });

  const old = await f.send('housing', v1.progress, 'REPORT_PROGRESS', { content: '旧版本继续报告进展', percent: 30 });
  expect(old).toMatchObject({ machineVersion: 1, state: 'inProgress', stateLabel: '办理中' });
  await f.send('office', fresh, 'CANCEL', { reason: '测试完毕' }); // not among the v1 instances below
});

test('the definitions list both versions, the newest marked, with their instances per state', async () => {
  const res = await gql(f.t.url, f.tokens.admin, `{ adminMachines { id version newest activeInstances states { id activeInstances } } }`);
  const letters = res.data.adminMachines.filter((m: any) => m.id === 'supervisionLetter');
  expect(letters.map((m: any) => [m.version, m.newest, m.activeInstances])).toEqual([
    [1, false, 3],
    [2, true, 0],
  ]);
  const one = await gql(f.t.url, f.tokens.admin, `{ adminMachine(id: "supervisionLetter", version: 1) { version newest } }`);
  expect(one.data.adminMachine).toEqual({ version: 1, newest: false });
});

test('a migration with a missing or bad state mapping is refused and writes nothing', async () => {
  const before = await fingerprint(f.t.db.url);
  const missing = await migrate({ stateMapping: FULL_MAPPING.slice(0, 2) });
  expect(codeOf(missing)).toBe('BAD_USER_INPUT');
  expect(missing.errors![0].extensions.invalidFields).toEqual([
    { path: 'stateMapping', message: 'no mapping for state inProgress (1 instances)' },
  ]);
  const badTarget = await migrate({ stateMapping: [...FULL_MAPPING.slice(0, 2), { from: 'inProgress', to: 'inProgress' }] });
  expect(badTarget.errors![0].extensions.invalidFields).toEqual([{ path: 'stateMapping.2.to', message: 'no state inProgress in v2' }]);
  const badSource = await migrate({ stateMapping: [...FULL_MAPPING, { from: 'nowhere', to: 'draft' }] });
  expect(badSource.errors![0].extensions.invalidFields).toEqual([{ path: 'stateMapping.3.from', message: 'no state nowhere in v1' }]);
  const badVersion = await migrate({ toVersion: 9, stateMapping: FULL_MAPPING });
  expect(badVersion.errors![0].extensions.invalidFields).toEqual([{ path: 'toVersion', message: 'no supervisionLetter v9' }]);
  const notActive = await migrate({ stateMapping: FULL_MAPPING, workflowIds: [v1.cancelled] });
  expect(notActive.errors![0].extensions.invalidFields).toEqual([
    { path: 'workflowIds.0', message: 'not an ACTIVE supervisionLetter v1 workflow' },
  ]);
  expect(codeOf(await migrate({ stateMapping: FULL_MAPPING }, 'office'))).toBe('FORBIDDEN');
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('a dry run reports what would move and writes nothing', async () => {
  const before = await fingerprint(f.t.db.url);
  const res = await migrate({ stateMapping: FULL_MAPPING, dryRun: true });
  expect(res.data.adminMigrate).toMatchObject({ dryRun: true, migrated: 0, failed: 0 });
  const rows = res.data.adminMigrate.results.map((r: any) => [r.workflowId, r.fromState, r.toState, r.ok]);
  expect(rows).toHaveLength(3);
  expect(rows).toEqual(
    expect.arrayContaining([
      [v1.draft, 'draft', 'draft', true],
      [v1.awaiting, 'awaitingFeedback', 'awaitingFeedback', true],
      [v1.progress, 'inProgress', 'implementing', true],
    ]),
  );
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('named instances migrate alone, each as an ADMIN_MIGRATE transition keeping its context', async () => {
  const before = await f.get(v1.progress);
  const res = await migrate({ stateMapping: [{ from: 'inProgress', to: 'implementing' }], workflowIds: [v1.progress], reason: '启用新版流程' });
  expect(res.data.adminMigrate).toMatchObject({ migrated: 1, failed: 0, results: [{ workflowId: v1.progress, toState: 'implementing', ok: true }] });
  const after = await f.get(v1.progress);
  expect(after).toMatchObject({ machineVersion: 2, state: 'implementing', stateLabel: '落实中', version: before.version + 1 });
  expect(after.context).toEqual(before.context);
  expect(after.history.at(-1)).toMatchObject({
    eventType: 'ADMIN_MIGRATE',
    eventLabel: '流程版本迁移',
    payload: { reason: '启用新版流程', fromVersion: 1, toVersion: 2, from: 'inProgress', to: 'implementing' },
    actor: { id: 'admin-1' },
  });
  const [row] = await f.sql(`SELECT machine_version FROM workflow WHERE id = $1`, [v1.progress]);
  expect(row.machine_version).toBe(2);
  // it goes on under the new version
  const reported = await f.send('housing', v1.progress, 'REPORT_PROGRESS', { content: '迁移后报告进展', percent: 60 });
  expect(reported).toMatchObject({ machineVersion: 2, state: 'implementing' });
});

test('the rest migrate together; the old version then has no active instances', async () => {
  const res = await migrate({ stateMapping: FULL_MAPPING });
  const rows = res.data.adminMigrate.results.map((r: any) => [r.workflowId, r.toState, r.ok]);
  expect(rows).toHaveLength(2);
  expect(rows).toEqual(expect.arrayContaining([[v1.draft, 'draft', true], [v1.awaiting, 'awaitingFeedback', true]]));
  const issued = await f.send('office', v1.draft, 'ISSUE');
  expect(issued).toMatchObject({ machineVersion: 2, state: 'awaitingFeedback' });
  const [{ n }] = await f.sql(`SELECT count(*)::int AS n FROM workflow WHERE machine_version = 1 AND status = 'ACTIVE'`);
  expect(n).toBe(0);
  // the cancelled one stays where it ended
  expect(await f.get(v1.cancelled)).toMatchObject({ machineVersion: 1, state: 'cancelled' });
  await expectContiguousHistories(f);
});
