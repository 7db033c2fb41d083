/**
 * One visibility rule, applied first on every path: a caller who may not see an item gets
 * exactly what it would get for an id that does not exist. Tried as a matrix: every root field
 * that can reach a workflow × every role × participant or not × confidential or not × draft
 * (a letter not yet issued) or issued. The oracle below is written from the rule as the README
 * states it, not from src/engine/visibility.ts.
 */
import { randomUUID } from 'node:crypto';
import { ROLES, type Actor, type Role } from '../../machines/definition';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actor, clerks } from '../helpers/cast';
import { letterInput } from '../helpers/letters';
import { collect, wsClient } from '../helpers/ws';

let t: TestApp;
const creator = clerks.officeDrafter;
const LEAD = '市住建局';

interface Item {
  id: string;
  /** the person named as leader in charge: the participant of this item */
  leader: string;
  confidential: boolean;
  draft: boolean;
}
const items: Item[] = [];

/** A participant (named leader in charge of its items) and a stranger, for every role. */
const callers: { who: Actor; role: Role; participant: boolean }[] = ROLES.flatMap((role) => [
  { who: actor(role, `单位-${role}`, `p-${role}`), role, participant: true },
  { who: actor(role, `另一单位-${role}`, `n-${role}`), role, participant: false },
]);

const SEES_ALL: Role[] = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR', 'OFFICE', 'ADMIN'];
/** Who may see a letter before it is issued: its drafters (the office), administrators, the leader in charge. */
const DRAFT_READERS: Role[] = ['OFFICE', 'ADMIN'];

function oracle(who: Actor, item: Item): boolean {
  const participant = who.id === item.leader;
  const readable = participant || (who.roles.some((r) => SEES_ALL.includes(r)) && !item.confidential);
  return readable && (!item.draft || participant || who.roles.some((r) => DRAFT_READERS.includes(r)));
}

async function as(who: Actor, query: string, variables: Record<string, unknown> = {}) {
  return gql(t.url, await tokenFor(who), query, variables);
}

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ROLES) {
    for (const confidential of [false, true]) {
      for (const draft of [true, false]) {
        const leader = `p-${role}`;
        const started = await as(
          creator,
          `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id } }`,
          { input: { machineId: 'supervisionLetter', confidential, input: letterInput({ leadUnit: LEAD, coUnits: [], leaderInCharge: { id: leader, name: `${role}领导` } }) } },
        );
        const id = started.data.startWorkflow.id;
        if (!draft) {
          const issued = await as(creator, `mutation { sendEvent(input: { workflowId: "${id}", type: "ISSUE", payload: {} }) { state } }`);
          expect(issued.data.sendEvent.state).toBe('awaitingFeedback');
        }
        items.push({ id, leader, confidential, draft });
      }
    }
  }
  // positions are given just after commit: wait until the creator's feed has every one of theirs
  const expected = items.filter((i) => !i.confidential).reduce((n, i) => n + (i.draft ? 1 : 2), 0);
  for (let tries = 0; ; tries++) {
    const feed = await as(creator, `{ transitionFeed(first: 200, after: "0") { edges { cursor } } }`);
    if (feed.data.transitionFeed.edges.length >= expected) break;
    if (tries > 200) throw new Error('the stream never caught up');
    await new Promise((r) => setTimeout(r, 25));
  }
}, 120_000);
afterAll(() => t.stop());

/** The answer with the id taken out, so a hidden id and an unknown one can be compared. */
const shape = (res: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] }, id: string) =>
  JSON.parse(
    JSON.stringify({ data: res.data ?? null, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) ?? null }).replaceAll(id, 'ID'),
  );

/** A transition's global id as clients see it (Relay's node): base64url of Transition:<workflow>:<seq>. */
const transitionId = (id: string, seq: number) => Buffer.from(`Transition:${id}:${seq}`).toString('base64url');

const byId = (id: string) => ({
  workflow: `{ workflow(id: "${id}") { id title context snapshot } }`,
  node: `{ node(id: "${id}") { __typename id ... on Workflow { title context } } }`,
  nodes: `{ nodes(ids: ["${id}"]) { id ... on Workflow { title } } }`,
  transitionNode: `{ node(id: "${transitionId(id, 1)}") { __typename ... on Transition { seq eventType payload } } }`,
  transitions: `{ workflow(id: "${id}") { transitions(first: 5) { totalCount edges { cursor node { seq payload } } } } }`,
  verifyHistory: `{ verifyHistory(workflowId: "${id}") { ok } }`,
  sendEventStaleVersion: `mutation { sendEvent(input: { workflowId: "${id}", type: "URGE", payload: {}, expectedVersion: 999 }) { id context } }`,
  sendEventUnknownType: `mutation { sendEvent(input: { workflowId: "${id}", type: "NO_SUCH_EVENT", payload: {} }) { id } }`,
  sendEventAllowedByRole: `mutation { sendEvent(input: { workflowId: "${id}", type: "CANCEL", payload: { reason: "x" }, expectedVersion: 999 }) { id } }`,
  delegateStep: `mutation { delegateStep(input: { workflowId: "${id}", to: "nobody", note: "测试", expectedVersion: 999 }) { id delegation { to { id } } } }`,
  undelegateStep: `mutation { undelegateStep(input: { workflowId: "${id}", expectedVersion: 999 }) { id } }`,
  adminReschedule: `mutation { adminRescheduleDeadline(workflowId: "${id}", kind: "no-such-kind", due: "2030-01-01T00:00:00Z", reason: "测试") { warnings } }`,
});

test.each(callers.map((c) => [c.who.id, c]))('%s: every path by id answers a hidden item as an id that does not exist', async (_name, caller) => {
  for (const item of items) {
    const visible = oracle(caller.who, item);
    const unknown = randomUUID();
    for (const [field, query] of Object.entries(byId(item.id))) {
      const got = shape(await as(caller.who, query), item.id);
      const missing = shape(await as(caller.who, byId(unknown)[field as keyof ReturnType<typeof byId>]), unknown);
      const gated = field.startsWith('admin') && !caller.who.roles.includes('ADMIN'); // FORBIDDEN either way
      if (visible && !gated) expect({ field, item, got }).not.toEqual({ field, item, got: missing });
      else expect({ field, item, got }).toEqual({ field, item, got: missing });
    }
  }
});

test.each(callers.map((c) => [c.who.id, c]))('%s: lists, tasks, the wall, statistics, exports, the feed and admin counts count only what may be seen', async (_name, caller) => {
  const { who } = caller;
  const visible = items.filter((i) => oracle(who, i)).map((i) => i.id).sort();
  const ours = new Set(items.map((i) => i.id));

  const listed: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await as(who, `query($after: String) { workflows(first: 7, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
    listed.push(...page.data.workflows.edges.map((e: any) => e.node.id));
    if (!page.data.workflows.pageInfo.hasNextPage) break;
    after = page.data.workflows.pageInfo.endCursor;
  }
  expect(listed.filter((id) => ours.has(id)).sort()).toEqual(visible);

  // node() of every item at once: exactly the visible ones come back
  const nodes = await as(who, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: items.map((i) => i.id) });
  expect(nodes.data.nodes.map((n: any) => n?.id).filter(Boolean).sort()).toEqual(visible);

  // a draft awaits the office (role:OFFICE): a task of every office caller who may see it, and of no other
  const tasks = await as(who, `{ myTasks(first: 200) { workflow { id } } }`);
  const expectedTasks = items
    .filter((i) => oracle(who, i) && i.draft && who.roles.includes('OFFICE'))
    .map((i) => i.id)
    .sort();
  expect(tasks.data.myTasks.map((x: any) => x.workflow.id).filter((id: string) => ours.has(id)).sort()).toEqual(expectedTasks);

  const wall = await as(who, `{ alertSummary(filter: { machineId: "supervisionLetter" }) { total cells { total flagged } counted { workflowId } } }`);
  expect(wall.data.alertSummary.total).toBe(visible.length);
  // the wall's cells: what the stream carries, so what may be seen but no confidential item (every letter here is 挂牌)
  const onWall = items.filter((i) => oracle(who, i) && !i.confidential).length;
  expect(wall.data.alertSummary.cells.reduce((n: number, c: any) => n + c.total, 0)).toBe(onWall);
  expect(wall.data.alertSummary.cells.reduce((n: number, c: any) => n + c.flagged, 0)).toBe(onWall);
  for (const c of wall.data.alertSummary.counted) expect(visible).toContain(c.workflowId);

  const period = `from: "2026-01-01", to: "2030-12-31", machineId: "supervisionLetter"`;
  const stats = await as(who, `{ unitStatistics(${period}) { unit received } }`);
  const csv = await as(who, `{ unitStatisticsCsv(${period}) }`);
  if (who.roles.includes('OFFICE') || who.roles.includes('ADMIN')) {
    expect(stats.data.unitStatistics.find((r: any) => r.unit === LEAD)?.received ?? 0).toBe(visible.length);
    const row = (csv.data.unitStatisticsCsv as string).split('\n').find((l) => l.startsWith(LEAD));
    expect(row ? Number(row.split(',')[1]) : 0).toBe(visible.length);
  } else {
    expect(stats.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(csv.errors![0].extensions.code).toBe('FORBIDDEN');
  }

  // the feed never carries a confidential item, and nothing the caller may not read
  const feed = await as(who, `{ transitionFeed(first: 200, after: "0") { edges { node { workflowId } } } }`);
  if (!feed.data) throw new Error(JSON.stringify(feed.errors));
  const fed = new Set<string>(feed.data.transitionFeed.edges.map((e: any) => e.node.workflowId));
  for (const item of items) expect({ item, fed: fed.has(item.id) }).toEqual({ item, fed: oracle(who, item) && !item.confidential });
  // where an issued letter stood before its issue is told only to those who could see the draft
  const issues = await as(who, `{ transitionFeed(first: 100, after: "0", filter: { eventType: "ISSUE" }) {
    edges { node { workflowId statusBefore alertLevelBefore statusAfter leadUnit flagged } } } }`);
  const issued = issues.data.transitionFeed.edges.filter((e: any) => ours.has(e.node.workflowId));
  expect(issued.length).toBe(items.filter((i) => oracle(who, i) && !i.confidential && !i.draft).length);
  for (const { node } of issued) {
    const item = items.find((i) => i.id === node.workflowId)!;
    const sawDraft = oracle(who, { ...item, draft: true });
    expect({ item, node }).toEqual({
      item,
      node: { ...node, statusBefore: sawDraft ? 'ACTIVE' : null, alertLevelBefore: sawDraft ? 'BLUE' : null, statusAfter: 'ACTIVE', leadUnit: LEAD, flagged: true },
    });
  }
  // a subscription replayed from the start carries exactly what the feed does, in the same order
  const feedOfOurs = feed.data.transitionFeed.edges.map((e: any) => e.node.workflowId).filter((id: string) => ours.has(id));
  const subscription = collect(wsClient(t.url, await tokenFor(who)), { after: '0' });
  const replayed = await subscription.waitFor(feedOfOurs.length);
  await new Promise((r) => setTimeout(r, 100));
  await subscription.close();
  expect(subscription.messages.map((m) => m.workflowId).filter((id) => ours.has(id))).toEqual(feedOfOurs);
  expect(replayed.length).toBe(feedOfOurs.length);

  const counts = await as(who, `{ adminMachine(id: "supervisionLetter") { activeInstances } }`);
  if (who.roles.includes('ADMIN')) expect(counts.data.adminMachine.activeInstances).toBe(visible.length);
  else expect(counts.errors![0].extensions.code).toBe('FORBIDDEN');
});
