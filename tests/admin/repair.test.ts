/**
 * Administrators' repairs: refused for everyone else with nothing written; for an administrator
 * each is a recorded transition (admin actor, reason in the payload, outbox row, timers replaced).
 */
import { codeOf, gql } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput } from '../helpers/letters';
import { ADMIN, adminFixture, expectContiguousHistories, type AdminFixture } from './admin-helpers';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
let f: AdminFixture;

beforeAll(async () => {
  f = await adminFixture(clock);
});
afterAll(() => f.t.stop());
beforeEach(() => clock.set('2026-11-02T01:00:00Z'));

const admin = (query: string, variables: Record<string, unknown>, who: keyof AdminFixture['tokens'] = 'admin') =>
  gql(f.t.url, f.tokens[who], query, variables);

const repaired = async (query: string, variables: Record<string, unknown>) => {
  const res = await admin(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return Object.values(res.data)[0] as { warnings: string[]; warningDetails: any[]; workflow: any };
};

const operations = (id: string): [string, Record<string, unknown>][] => [
  [ADMIN.cancel, { id, reason: '误发' }],
  [ADMIN.move, { id, state: 'closed', reason: '线下已办结' }],
  [ADMIN.reschedule, { id, kind: 'feedback', due: '2026-11-20T16:00:00.000Z', reason: '承办单位搬迁' }],
  [ADMIN.reassign, { id, input: { fromUnit: '市住建局', toUnit: '市交通局' }, reason: '职能调整' }],
  [ADMIN.migrate, { input: { machineId: 'supervisionLetter', fromVersion: 1, toVersion: 1, stateMapping: [] } }],
  [`{ adminMachines { id } }`, {}],
];

test('every admin operation is refused for non-administrators, and nothing is written', async () => {
  const id = await f.issuedLetter();
  const before = await fingerprint(f.t.db.url);
  for (const who of ['office', 'housing', 'viceMayor', 'mayor'] as const) {
    for (const [query, variables] of operations(id)) {
      const res = await admin(query, variables, who);
      expect([who, codeOf(res)]).toEqual([who, 'FORBIDDEN']);
    }
  }
  for (const [query, variables] of operations(id)) {
    expect(codeOf(await gql(f.t.url, null, query, variables))).toBe('UNAUTHENTICATED');
  }
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('a reason is required: empty, blank or over 2000 characters is refused and nothing is written', async () => {
  const id = await f.issuedLetter();
  const before = await fingerprint(f.t.db.url);
  for (const reason of ['', '   ', '理'.repeat(2001)]) {
    const res = await admin(ADMIN.cancel, { id, reason });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.invalidFields).toEqual([{ path: 'reason', message: expect.any(String) }]);
  }
  expect(codeOf(await admin(ADMIN.cancel, { id: '00000000-0000-4000-8000-000000000000', reason: '误发' }))).toBe('NOT_FOUND');
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('adminCancel ends a letter in its cancelled state, recorded with the administrator and the reason', async () => {
  const id = await f.issuedLetter();
  const { workflow, warnings } = await repaired(ADMIN.cancel, { id, reason: '重复立项，撤销' });
  expect(warnings).toEqual([]);
  expect(workflow).toMatchObject({ state: 'cancelled', stateLabel: '已撤销', status: 'CANCELLED', version: 3, pendingTimers: [], awaiting: [] });
  expect(workflow.history.at(-1)).toMatchObject({
    seq: 3,
    eventType: 'ADMIN_CANCEL',
    eventLabel: '管理员撤销',
    payload: { reason: '重复立项，撤销', from: 'awaitingFeedback', to: 'cancelled' },
    stateBefore: 'awaitingFeedback',
    stateAfter: 'cancelled',
    actor: { id: 'admin-1', name: '管理员', roles: ['ADMIN'] },
  });
  // a finished workflow cannot be cancelled again; nothing is written
  const before = await fingerprint(f.t.db.url);
  expect(codeOf(await admin(ADMIN.cancel, { id, reason: '再次撤销' }))).toBe('EVENT_NOT_ACCEPTED');
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('adminMoveToState skips to any state, says what it bypassed, and the machine goes on from there', async () => {
  const id = await f.issuedLetter();
  const { workflow, warnings, warningDetails } = await repaired(ADMIN.move, { id, state: 'closureReview', reason: '线下已反馈并申请办结' });
  expect(warnings).toEqual([
    'skipped from awaitingFeedback to closureReview, bypassing SUBMIT_FEEDBACK 反馈整改落实情况 → REQUEST_CLOSURE 申请办结',
  ]);
  // the same warning with a code and its particulars, for a client to word it
  expect(warningDetails).toEqual([
    {
      code: 'BYPASSED',
      message: warnings[0],
      status: null,
      from: 'awaitingFeedback',
      to: 'closureReview',
      bypassed: [
        { type: 'SUBMIT_FEEDBACK', label: '反馈整改落实情况' },
        { type: 'REQUEST_CLOSURE', label: '申请办结' },
      ],
      deadline: null,
      path: null,
    },
  ]);
  expect(workflow).toMatchObject({ state: 'closureReview', status: 'ACTIVE', deadlines: [], pendingTimers: [], awaiting: ['role:OFFICE'] });
  expect(workflow.history.at(-1)).toMatchObject({
    eventType: 'ADMIN_MOVE',
    payload: { reason: '线下已反馈并申请办结', from: 'awaitingFeedback', to: 'closureReview', warnings },
    actor: { id: 'admin-1' },
  });
  const closed = await f.send('office', id, 'APPROVE_CLOSURE');
  expect(closed).toMatchObject({ state: 'closed', status: 'DONE' });
});

test('adminMoveToState reopens a cancelled workflow, saying so', async () => {
  const id = await f.issuedLetter();
  await f.send('office', id, 'CANCEL', { reason: '误撤销' });
  const { workflow, warnings, warningDetails } = await repaired(ADMIN.move, { id, state: 'awaitingFeedback', reason: '撤销有误，恢复办理' });
  expect(warnings).toEqual(['reopened a CANCELLED workflow', 'skipped from cancelled to awaitingFeedback: no sequence of events leads there']);
  expect(warningDetails).toMatchObject([
    { code: 'REOPENED', status: 'CANCELLED', from: null, to: null, bypassed: null },
    { code: 'NO_PATH', from: 'cancelled', to: 'awaitingFeedback', bypassed: null },
  ]);
  expect(workflow).toMatchObject({ status: 'ACTIVE', state: 'awaitingFeedback', awaiting: ['unit:市住建局'] });
  expect(workflow.availableEvents).toEqual([]); // the admin may not send the unit's events
  expect(await f.send('housing', id, 'SUBMIT_FEEDBACK', { content: '恢复后反馈' })).toMatchObject({ state: 'inProgress' });
});

test('adminMoveToState with a context patch: the new state gets its deadlines from the patched context', async () => {
  const id = await f.start(); // a draft: not issued, no issuedAt
  const { workflow } = await repaired(ADMIN.move, {
    id,
    state: 'awaitingFeedback',
    reason: '纸质督办函已于当日发出',
    patch: { issuedAt: '2026-11-02T01:00:00.000Z' },
  });
  expect(workflow.context.issuedAt).toBe('2026-11-02T01:00:00.000Z');
  expect(workflow.deadlines.map((d: any) => [d.kind, d.due])).toEqual([
    ['feedback', '2026-11-05T16:00:00.000Z'],
    ['final', '2026-12-31T16:00:00.000Z'],
  ]);
  expect(workflow.history.at(-1).payload.contextPatch).toEqual({ issuedAt: '2026-11-02T01:00:00.000Z' });
});

test('adminMoveToState to a state whose deadline is already past says so, with the deadline', async () => {
  const id = await f.start();
  const { workflow, warningDetails } = await repaired(ADMIN.move, {
    id,
    state: 'awaitingFeedback',
    reason: '补录十月发出的督办函',
    patch: { issuedAt: '2026-10-08T01:00:00.000Z' },
  });
  const feedback = workflow.deadlines.find((d: any) => d.kind === 'feedback');
  expect(new Date(feedback.due).getTime()).toBeLessThan(new Date('2026-11-02T01:00:00Z').getTime());
  const past = warningDetails.filter((w) => w.code === 'DEADLINE_PAST');
  expect(past).toEqual([
    expect.objectContaining({ deadline: { kind: 'feedback', label: feedback.label, due: feedback.due }, message: `deadline feedback (${feedback.label}) is already past: ${feedback.due}` }),
  ]);
  expect(workflow.history.at(-1).payload.warnings).toEqual(warningDetails.map((w) => w.message));
});

test('adminMoveToState refuses unknown states, unknown context keys and contexts the state cannot use, writing nothing', async () => {
  const id = await f.issuedLetter();
  const before = await fingerprint(f.t.db.url);
  const unknown = await admin(ADMIN.move, { id, state: 'nowhere', reason: '测试' });
  expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
  expect(unknown.errors![0].extensions.invalidFields[0]).toMatchObject({ path: 'state' });
  const key = await admin(ADMIN.move, { id, state: 'inProgress', reason: '测试', patch: { noSuchKey: 1 } });
  expect(key.errors![0].extensions.invalidFields).toEqual([{ path: 'contextPatch.noSuchKey', message: 'not a key of the context' }]);
  const unfit = await admin(ADMIN.move, { id, state: 'inProgress', reason: '测试', patch: { lastProgressAt: 'not a time' } });
  expect(codeOf(unfit)).toBe('BAD_USER_INPUT');
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('adminRescheduleDeadline holds through later transitions until the state is left', async () => {
  const id = await f.issuedLetter();
  const { workflow } = await repaired(ADMIN.reschedule, { id, kind: 'feedback', due: '2026-11-10T16:00:00.000Z', reason: '承办单位机构调整' });
  expect(workflow.deadlines[0]).toMatchObject({ kind: 'feedback', due: '2026-11-10T16:00:00.000Z', warnAt: '2026-11-09T16:00:00.000Z' });
  expect(workflow.deadline).toBe('2026-11-10T16:00:00.000Z');
  expect(workflow.pendingTimers).toEqual(
    expect.arrayContaining([{ kind: 'feedback', action: 'DUE', dueAt: '2026-11-10T16:00:00.000Z' }]),
  );
  expect(workflow.deadlineOverrides).toEqual([
    expect.objectContaining({ state: 'awaitingFeedback', kind: 'feedback', machineDue: '2026-11-05T16:00:00.000Z', by: 'admin-1' }),
  ]);
  expect(workflow.history.at(-1)).toMatchObject({
    eventType: 'ADMIN_RESCHEDULE',
    payload: { kind: 'feedback', before: '2026-11-05T16:00:00.000Z', due: '2026-11-10T16:00:00.000Z', reason: '承办单位机构调整' },
  });

  // an 催办 and the old due time passing change nothing
  clock.set('2026-11-03T02:00:00Z');
  expect((await f.send('office', id, 'URGE')).deadlines[0].due).toBe('2026-11-10T16:00:00.000Z');
  clock.set('2026-11-06T00:00:00Z');
  await f.t.app.timers.runDue();
  const calm = await f.get(id);
  expect(calm.alertLevel).toBe('BLUE');
  expect(calm.history.filter((h: any) => h.eventType === 'DEADLINE_PASSED')).toEqual([]);

  // the new due time passing is a deadline like any other
  clock.set('2026-11-09T16:00:01Z');
  await f.t.app.timers.runDue();
  expect((await f.get(id)).alertLevel).toBe('YELLOW');
  clock.set('2026-11-10T16:00:01Z');
  await f.t.app.timers.runDue();
  const late = await f.get(id);
  expect(late.alertLevel).toBe('RED');
  expect(late.history.at(-1)).toMatchObject({ eventType: 'DEADLINE_PASSED', payload: { kind: 'feedback', due: '2026-11-10T16:00:00.000Z' } });

  // leaving the state ends the override: the next state's deadlines are the machine's
  const fed = await f.send('housing', id, 'SUBMIT_FEEDBACK', { content: '已反馈' });
  expect(fed.deadlines.map((d: any) => d.kind)).toEqual(['progress', 'final']);
  const after = await admin(`query($id: ID!) { workflow(id: $id) { snapshot deadlineOverrides { kind } } }`, { id });
  expect(after.data.workflow.deadlineOverrides).toEqual([]);
  expect(after.data.workflow.snapshot).toEqual({ value: 'inProgress', context: expect.any(Object), status: 'active' });
  await expectContiguousHistories(f);
});

test('adminRescheduleDeadline refuses an unknown kind, a past time and a finished workflow, writing nothing', async () => {
  const id = await f.issuedLetter();
  const draft = await f.start();
  const before = await fingerprint(f.t.db.url);
  const kind = await admin(ADMIN.reschedule, { id, kind: 'progress', due: '2026-11-20T16:00:00Z', reason: '测试' });
  expect(kind.errors![0].extensions.invalidFields[0]).toMatchObject({ path: 'kind', message: 'expected one of feedback, final' });
  const past = await admin(ADMIN.reschedule, { id, kind: 'feedback', due: '2026-11-01T16:00:00Z', reason: '测试' });
  expect(past.errors![0].extensions.invalidFields[0]).toMatchObject({ path: 'due' });
  expect(codeOf(await admin(ADMIN.reschedule, { id: draft, kind: 'feedback', due: '2026-11-20T16:00:00Z', reason: '测试' }))).toBe(
    'BAD_USER_INPUT',
  );
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('adminReassign rewrites the lead unit and the leader wherever the letter names them', async () => {
  const id = await f.issuedLetter();
  const { workflow } = await repaired(ADMIN.reassign, {
    id,
    input: { fromUnit: '市住建局', toUnit: '市交通局', fromPerson: 'vm-li', toPerson: 'vm-chen', toPersonName: '陈副市长' },
    reason: '机构改革，职能划转',
  });
  expect(workflow.context).toMatchObject({ leadUnit: '市交通局', leaderInCharge: { id: 'vm-chen', name: '陈副市长' } });
  expect(workflow).toMatchObject({ units: ['市交通局', '罗峰街道'], people: ['vm-chen'], awaiting: ['unit:市交通局'] });
  expect(workflow.history.at(-1)).toMatchObject({
    eventType: 'ADMIN_REASSIGN',
    payload: { reason: '机构改革，职能划转', fromUnit: '市住建局', toUnit: '市交通局', changed: ['leadUnit', 'leaderInCharge.id', 'leaderInCharge.name'] },
  });
  // the new unit acts; to the old one, which no longer takes part, the letter is as if it did not exist
  expect(codeOf(await gql(f.t.url, f.tokens.housing, `mutation { sendEvent(input: { workflowId: "${id}", type: "SUBMIT_FEEDBACK", payload: { content: "x" } }) { id } }`))).toBe('NOT_FOUND');
  expect(await f.send('transport', id, 'SUBMIT_FEEDBACK', { content: '已接手并反馈' })).toMatchObject({ state: 'inProgress' });

  const before = await fingerprint(f.t.db.url);
  const absent = await admin(ADMIN.reassign, { id, input: { fromUnit: '市水务局', toUnit: '市交通局' }, reason: '测试' });
  expect(absent.errors![0].extensions.invalidFields).toEqual([{ path: 'fromUnit', message: 'does not occur in the workflow' }]);
  const half = await admin(ADMIN.reassign, { id, input: { fromUnit: '市交通局' }, reason: '测试' });
  expect(codeOf(half)).toBe('BAD_USER_INPUT');
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('a confidential workflow the administrator takes no part in is not found for repairs either', async () => {
  const started = await gql(f.t.url, f.tokens.office, `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id } }`, {
    input: { machineId: 'supervisionLetter', input: letterInput(), confidential: true },
  });
  const id = started.data.startWorkflow.id;
  const before = await fingerprint(f.t.db.url);
  expect(codeOf(await admin(ADMIN.cancel, { id, reason: '测试' }))).toBe('NOT_FOUND');
  expect(await fingerprint(f.t.db.url)).toBe(before);
});

test('every repair kept the histories contiguous, each row with its outbox row', async () => {
  await expectContiguousHistories(f);
  const rows = await f.sql(`SELECT event_type, actor_id FROM workflow_transition WHERE event_type LIKE 'ADMIN\\_%'`);
  expect(new Set(rows.map((r) => r.event_type))).toEqual(new Set(['ADMIN_CANCEL', 'ADMIN_MOVE', 'ADMIN_RESCHEDULE', 'ADMIN_REASSIGN']));
  expect(new Set(rows.map((r) => r.actor_id))).toEqual(new Set(['admin-1']));
});
