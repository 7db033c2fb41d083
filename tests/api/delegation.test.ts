/**
 * 委派 over real HTTP on a real PostgreSQL: the lead unit of a letter hands its step to a named
 * colleague; the colleague sees it, has it among their tasks, acts for the delegator; the history
 * names both; the delegation ends with the state; every refusal is coded and writes nothing.
 */
import { devDirectory } from '../../src/directory/dev-seed';
import { codeOf, gql, startTestApp, tokenFor, type GraphQLResponse, type TestApp } from '../helpers/app';
import { actor, people } from '../helpers/cast';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';

const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Zhaoyuan
let t: TestApp;
const receiver = makeReceiver();
let receiverUrl: string;

// a second member of 市住建局, and one of 市交通局 (both in the directory loaded below)
const colleague = actor('DEPARTMENT', '市住建局', 'housing-zhou', '周干事');
const otherUnit = people.transport;
const outsider = actor('DEPARTMENT', '市审批局', 'approval-qian', '钱科员');

const directory = {
  ...devDirectory,
  people: [
    ...devDirectory.people,
    { id: colleague.id, name: colleague.name, unit: colleague.unit, position: '干事', governmentMember: false, leadershipMember: false },
    { id: outsider.id, name: outsider.name, unit: outsider.unit, position: '科员', governmentMember: false, leadershipMember: false },
  ],
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  const loaded = await as(people.admin, `mutation L($c: String!) { loadDirectory(format: JSON, content: $c, effectiveFrom: "2026-01-01") { people } }`, {
    c: JSON.stringify(directory),
  });
  if (loaded.errors) throw new Error(JSON.stringify(loaded.errors));
  receiverUrl = await receiver.listen();
  const hook = await as(people.admin, `mutation R($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id } }`, {
    input: { url: `${receiverUrl}/delegations`, filter: { eventType: 'DELEGATE' } },
  });
  if (hook.errors) throw new Error(JSON.stringify(hook.errors));
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

async function as(who: typeof people.office, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return gql(t.url, await tokenFor(who), query, variables);
}
async function ok(who: typeof people.office, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await as(who, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const FIELDS = `id state version people awaiting
  delegation { to { id name unit } by { id name unit } party note at state stateLabel }
  availableEvents { type }
  history { seq eventType eventLabel payload stateAfter actor { id name unit } onBehalfOf { id name unit } }`;
const DELEGATE = `mutation D($input: DelegateStepInput!) { delegateStep(input: $input) { ${FIELDS} } }`;
const UNDELEGATE = `mutation U($input: UndelegateStepInput!) { undelegateStep(input: $input) { ${FIELDS} } }`;
const SEND = `mutation S($input: SendEventInput!) { sendEvent(input: $input) { ${FIELDS} } }`;
const GET = `query G($id: ID!) { workflow(id: $id) { ${FIELDS} } }`;
const TASKS = `{ myTasks { mustAct delegatedToYou delegation { to { id } by { id } } workflow { id } } }`;

async function issuedLetter(): Promise<string> {
  const started = await ok(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = started.startWorkflow.id;
  await ok(people.office, SEND, { input: { workflowId: id, type: 'ISSUE' } });
  return id;
}

const send = (who: typeof people.office, workflowId: string, type: string, payload: Record<string, unknown> = {}) =>
  as(who, SEND, { input: { workflowId, type, payload } });
const delegate = (who: typeof people.office, input: Record<string, unknown>) => as(who, DELEGATE, { input });
const fieldsOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.invalidFields;

describe('委派 of a letter’s feedback step by its lead unit', () => {
  let id: string;
  beforeAll(async () => {
    id = await issuedLetter();
  });

  test('the awaited unit delegates to a colleague of its unit; it is recorded and shown', async () => {
    const res = await delegate(people.housing, { workflowId: id, to: colleague.id, note: '请代为起草反馈', expectedVersion: 2 });
    expect(res.errors).toBeUndefined();
    const w = res.data.delegateStep;
    expect(w).toMatchObject({ state: 'awaitingFeedback', version: 3 });
    expect(w.delegation).toMatchObject({
      to: { id: colleague.id, name: colleague.name, unit: '市住建局' },
      by: { id: people.housing.id, name: people.housing.name, unit: '市住建局' },
      party: 'unit:市住建局',
      note: '请代为起草反馈',
      state: 'awaitingFeedback',
      stateLabel: '待反馈',
    });
    // the delegator's unit is still awaited; the delegate is awaited too, and named on the item
    expect(w.awaiting).toEqual(['unit:市住建局', `person:${colleague.id}`]);
    expect(w.people).toContain(colleague.id);
    expect(w.history.at(-1)).toMatchObject({
      seq: 3,
      eventType: 'DELEGATE',
      eventLabel: '委派',
      stateAfter: 'awaitingFeedback',
      actor: { id: people.housing.id },
      onBehalfOf: null,
      payload: { to: colleague.id, toName: colleague.name, note: '请代为起草反馈', from: people.housing.id },
    });
  });

  test('the delegate sees it, and has it among their tasks as delegated to them; the delegator keeps it, marked', async () => {
    const seen = await ok(colleague, GET, { id });
    expect(seen.workflow.delegation.to.id).toBe(colleague.id);
    expect(seen.workflow.availableEvents.map((e: { type: string }) => e.type)).toEqual(['SUBMIT_FEEDBACK']);
    const theirs = (await ok(colleague, TASKS)).myTasks.find((task: any) => task.workflow.id === id);
    expect(theirs).toEqual({ mustAct: true, delegatedToYou: true, delegation: { to: { id: colleague.id }, by: { id: people.housing.id } }, workflow: { id } });
    const mine = (await ok(people.housing, TASKS)).myTasks.find((task: any) => task.workflow.id === id);
    expect(mine).toMatchObject({ mustAct: true, delegatedToYou: false, delegation: { to: { id: colleague.id } } });
  });

  test('an outsider gets NOT_FOUND, exactly as for an id that does not exist, and nothing is written', async () => {
    const before = await fingerprint(t.db.url);
    const hidden = await delegate(outsider, { workflowId: id, to: outsider.id, note: '代办' });
    const missing = await delegate(outsider, { workflowId: '00000000-0000-4000-8000-000000000000', to: outsider.id, note: '代办' });
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(hidden.errors![0].message.replace(id, '<id>')).toBe(missing.errors![0].message.replace('00000000-0000-4000-8000-000000000000', '<id>'));
    expect(codeOf(await as(outsider, UNDELEGATE, { input: { workflowId: id } }))).toBe('NOT_FOUND');
    expect(await fingerprint(t.db.url)).toBe(before);
  });

  test('refusals are coded and write nothing', async () => {
    const before = await fingerprint(t.db.url);
    // a colleague of another unit, someone unknown, oneself: BAD_USER_INPUT on `to`
    const other = await delegate(people.housing, { workflowId: id, to: otherUnit.id, note: '请协助' });
    expect(codeOf(other)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(other)).toEqual([{ path: 'to', message: `${otherUnit.id} (${otherUnit.name}) is not of your unit 市住建局` }]);
    expect(fieldsOf(await delegate(people.housing, { workflowId: id, to: 'nobody', note: '请协助' }))).toEqual([
      { path: 'to', message: 'no person nobody in the directory' },
    ]);
    expect(fieldsOf(await delegate(people.housing, { workflowId: id, to: people.housing.id, note: '请协助' }))?.[0].path).toBe('to');
    expect(fieldsOf(await delegate(people.housing, { workflowId: id, to: colleague.id, note: '请协助' }))?.[0]).toMatchObject({ path: 'to' });
    expect(fieldsOf(await delegate(people.housing, { workflowId: id, to: 'housing-head', note: '  ' }))).toEqual([{ path: 'note', message: 'required' }]);
    // a reader the step does not await: FORBIDDEN (the office reads every letter; the co-unit is named on it)
    expect(codeOf(await delegate(people.office, { workflowId: id, to: 'office-director', note: '请处理' }))).toBe('FORBIDDEN');
    expect(codeOf(await delegate(people.town, { workflowId: id, to: 'town-zhao', note: '请处理' }))).toBe('FORBIDDEN');
    // an old version
    expect(codeOf(await delegate(people.housing, { workflowId: id, to: 'housing-head', note: '请处理', expectedVersion: 2 }))).toBe('VERSION_CONFLICT');
    expect(await fingerprint(t.db.url)).toBe(before);
  });

  test('the delegate sends the step’s event for the delegator; the history names both; the delegation ends with the state', async () => {
    const res = await send(colleague, id, 'SUBMIT_FEEDBACK', { content: '已制定改造方案' });
    expect(res.errors).toBeUndefined();
    const w = res.data.sendEvent;
    expect(w.state).toBe('inProgress');
    expect(w.delegation).toBeNull();
    expect(w.awaiting).toEqual(['unit:市住建局']);
    expect(w.people).not.toContain(colleague.id);
    expect(w.history.at(-1)).toMatchObject({
      eventType: 'SUBMIT_FEEDBACK',
      actor: { id: colleague.id, name: colleague.name, unit: '市住建局' },
      onBehalfOf: { id: people.housing.id, name: people.housing.name, unit: '市住建局' },
    });
    // the delegate no longer has it as delegated to them
    const theirs = (await ok(colleague, TASKS)).myTasks.find((task: any) => task.workflow.id === id);
    expect(theirs).toMatchObject({ delegatedToYou: false, delegation: null });
    const check = await ok(people.office, `query V($id: ID!) { verifyHistory(workflowId: $id) { ok } }`, { id });
    expect(check.verifyHistory.ok).toBe(true);
  });

  test('a webhook receives the DELEGATE transition', async () => {
    const ofLetter = () => receiver.received.map((r) => JSON.parse(r.body)).filter((b) => b.workflowId === id);
    await until(() => ofLetter().length >= 1, 'the delegation delivered');
    expect(ofLetter()).toMatchObject([
      { version: 3, eventType: 'DELEGATE', stateAfter: 'awaitingFeedback', actor: { id: people.housing.id }, payload: { to: colleague.id, from: people.housing.id } },
    ]);
  });

  test('the stream carries the DELEGATE transition', async () => {
    const FEED = `query F($id: ID!) { transitionFeed(filter: { workflowId: $id, eventType: "DELEGATE" }) { edges { node { eventType version payload actor { id } } } } }`;
    let edges: any[] = [];
    for (let i = 0; i < 50 && edges.length === 0; i++) {
      edges = (await ok(people.office, FEED, { id })).transitionFeed.edges;
      if (edges.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(edges.map((e) => e.node)).toEqual([
      { eventType: 'DELEGATE', version: 3, payload: expect.objectContaining({ to: colleague.id, from: people.housing.id }), actor: { id: people.housing.id } },
    ]);
  });
});

describe('where 委派 does not apply', () => {
  test('a state whose step cannot be delegated is refused with EVENT_NOT_ACCEPTED, writing nothing', async () => {
    const started = await ok(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
    const id = started.startWorkflow.id;
    const before = await fingerprint(t.db.url);
    const draft = await delegate(people.office, { workflowId: id, to: 'office-director', note: '请处理' });
    expect(codeOf(draft)).toBe('EVENT_NOT_ACCEPTED');
    expect(draft.errors![0].extensions.state).toBe('draft');
    expect(await fingerprint(t.db.url)).toBe(before);
    const machine = await ok(people.office, `{ machine(id: "supervisionLetter") { states { id delegable } } }`);
    expect(machine.machine.states.filter((s: any) => s.delegable).map((s: any) => s.id)).toEqual(['awaitingFeedback', 'inProgress']);
  });

  test('without a directory, a delegate cannot be checked: BAD_USER_INPUT on `to`', async () => {
    const off = await startTestApp({ clock, config: { DIRECTORY: 'off' } });
    try {
      const run = async (who: typeof people.office, query: string, variables: Record<string, unknown>) => gql(off.url, await tokenFor(who), query, variables);
      const started = await run(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
      const id = started.data.startWorkflow.id;
      await run(people.office, SEND, { input: { workflowId: id, type: 'ISSUE' } });
      const before = await fingerprint(off.db.url);
      const res = await run(people.housing, DELEGATE, { input: { workflowId: id, to: colleague.id, note: '请处理' } });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)?.[0].path).toBe('to');
      expect(await fingerprint(off.db.url)).toBe(before);
    } finally {
      await off.stop();
    }
  });
});

describe('retries', () => {
  test('the same idempotency key returns the same result and writes nothing; reused for another request it is refused', async () => {
    const id = await issuedLetter();
    const input = { workflowId: id, to: colleague.id, note: '请代为反馈', idempotencyKey: 'delegate-once' };
    const first = (await ok(people.housing, DELEGATE, { input })).delegateStep;
    const before = await fingerprint(t.db.url);
    const again = (await ok(people.housing, DELEGATE, { input })).delegateStep;
    expect(again.version).toBe(first.version);
    expect(again.delegation).toEqual(first.delegation);
    expect(await fingerprint(t.db.url)).toBe(before);
    expect(codeOf(await delegate(people.housing, { ...input, to: 'housing-head' }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await fingerprint(t.db.url)).toBe(before);
  });
});

describe('withdrawing, and leaving the state by an administrator', () => {
  test('the delegator withdraws; a new delegation ends when an administrator moves the workflow on', async () => {
    const id = await issuedLetter();
    await ok(people.housing, DELEGATE, { input: { workflowId: id, to: colleague.id, note: '请代为反馈' } });
    const withdrawn = (await ok(people.housing, UNDELEGATE, { input: { workflowId: id, note: '我来处理' } })).undelegateStep;
    expect(withdrawn.delegation).toBeNull();
    expect(withdrawn.awaiting).toEqual(['unit:市住建局']);
    expect(withdrawn.history.at(-1)).toMatchObject({ eventType: 'UNDELEGATE', eventLabel: '撤回委派', payload: { to: colleague.id, note: '我来处理' } });
    // withdrawing what is not delegated is refused
    expect(codeOf(await as(people.housing, UNDELEGATE, { input: { workflowId: id } }))).toBe('EVENT_NOT_ACCEPTED');

    await ok(people.housing, DELEGATE, { input: { workflowId: id, to: colleague.id, note: '请代为反馈' } });
    const moved = await as(people.admin, `mutation M($id: ID!) { adminMoveToState(workflowId: $id, state: "inProgress", reason: "补录反馈") { warnings } }`, { id });
    expect(moved.errors).toBeUndefined();
    const after = (await ok(people.housing, GET, { id })).workflow;
    expect(after).toMatchObject({ state: 'inProgress', delegation: null, awaiting: ['unit:市住建局'] });
  });
});
