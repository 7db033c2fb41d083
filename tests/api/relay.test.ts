/**
 * The conventions normalized client caches (Relay, Apollo Client, urql) assume: every connection
 * carries the whole PageInfo, objects a client refetches implement Node and come back by id
 * through `node`/`nodes` under the same visibility rule as their own queries, and a workflow's
 * history pages by seq with a total count.
 */
import { randomUUID } from 'node:crypto';
import { actingOn } from '../helpers/acting';
import { codeOf, gql, startTestApp, tokenFor, type GraphQLResponse, type TestApp } from '../helpers/app';
import { clerks } from '../helpers/cast';
import { letterInput, mineIncidentInput, START } from '../helpers/letters';
import { makeReceiver } from '../helpers/receiver';

let t: TestApp;
const receiver = makeReceiver();
let receiverUrl: string;
// the directory filled below must not refuse the suites' tokens as unknown people
beforeAll(async () => {
  t = await startTestApp({ config: { DIRECTORY: 'off' } });
  receiverUrl = await receiver.listen();
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

const { office, housing, outsider, viceMayor, otherViceMayor, executiveViceMayor: evm, emergency: dept } = clerks;
const admin = { id: 'admin-1', name: '管理员', roles: ['ADMIN' as const], unit: '信息中心' };
const { run: as, send } = actingOn(() => t.url);
const REDACTED = { redacted: '讨论中的意见，仅参与者可见' };

/** The global id a client would see for a transition: base64url of Transition:<workflow>:<seq>. */
const transitionGlobalId = (workflowId: string, seq: number) => Buffer.from(`Transition:${workflowId}:${seq}`).toString('base64url');

/** A letter issued and then urged `urges` times: a history of urges + 2 transitions. */
async function urgedLetter(urges: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = (await as(office, START, { input: { machineId: 'supervisionLetter', input: letterInput(overrides) } })).startWorkflow.id;
  await send(office, id, 'ISSUE');
  for (let i = 0; i < urges; i++) await send(office, id, 'URGE', { message: `第${i + 1}次催办` });
  return id;
}

const TRANSITIONS = `query($id: ID!, $first: Int!, $after: String) { workflow(id: $id) { version transitions(first: $first, after: $after) {
  totalCount edges { cursor node { id seq eventType payload } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;

/** Every page of a workflow's transitions as `who`, `first` at a time. */
async function allPages(who: typeof office, id: string, first: number) {
  const pages: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = (await as(who, TRANSITIONS, { id, first, after })).workflow.transitions;
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
}

/** The answer with `ids` replaced, so a hidden id and an unknown one can be compared. */
function shape(res: GraphQLResponse, ids: string[]) {
  let text = JSON.stringify({ data: res.data ?? null, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) ?? null });
  for (const id of ids) text = text.replaceAll(id, 'ID');
  return JSON.parse(text);
}

/** A PageInfo as the Relay specification reads it: cursors of the first and last edge. */
function expectPageInfoOfEdges(connection: { edges: { cursor: string }[]; pageInfo: any }) {
  const { edges, pageInfo } = connection;
  expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
  expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
}

describe('PageInfo', () => {
  const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

  test('workflows: startCursor and endCursor are the first and last edge; forward pages never claim a previous page', async () => {
    for (let i = 0; i < 3; i++) await urgedLetter(0);
    const first = (await as(office, `{ workflows(first: 2) { edges { cursor } ${PAGE_INFO} } }`)).workflows;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expectPageInfoOfEdges(first);
    const second = (await as(office, `query($after: String) { workflows(first: 2, after: $after) { edges { cursor } ${PAGE_INFO} } }`, { after: first.pageInfo.endCursor })).workflows;
    expect(second.edges[0].cursor).not.toBe(first.edges[1].cursor);
    expect(second.pageInfo.hasPreviousPage).toBe(false); // forward only, as PageInfo documents
    expectPageInfoOfEdges(second);
    const none = (await as(outsider, `{ workflows(first: 5) { edges { cursor } ${PAGE_INFO} } }`)).workflows;
    expect(none).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  test('units, people and directory changes: edges beside nodes, with the same cursors as pageInfo', async () => {
    for (const code of ['测试甲局', '测试乙局', '测试丙局']) {
      await as(office, `mutation($i: UnitInput!) { saveUnit(input: $i) { code } }`, { i: { code, name: code, kind: 'DEPARTMENT' } });
      await as(office, `mutation($i: PersonInput!) { savePerson(input: $i) { id } }`, { i: { id: `p-${code}`, name: `${code}科长`, unit: code } });
    }
    const queries = {
      units: `query($after: String) { page: units(first: 2, after: $after) { edges { cursor node { code } } nodes { code } ${PAGE_INFO} } }`,
      people: `query($after: String) { page: people(first: 2, after: $after) { edges { cursor node { id } } nodes { id } ${PAGE_INFO} } }`,
      directoryChanges: `query($after: String) { page: directoryChanges(first: 2, after: $after) { edges { cursor node { id } } nodes { id } ${PAGE_INFO} } }`,
    };
    for (const [name, query] of Object.entries(queries)) {
      const first = (await as(office, query, { after: null })).page;
      expect({ name, edges: first.edges.map((e: any) => e.node) }).toEqual({ name, edges: first.nodes });
      expect({ name, pageInfo: first.pageInfo }).toMatchObject({ name, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expectPageInfoOfEdges(first);
      const second = (await as(office, query, { after: first.pageInfo.endCursor })).page;
      expect(second.edges.length).toBeGreaterThan(0);
      expect(second.nodes).not.toContainEqual(first.nodes[0]);
      expect(second.pageInfo.hasPreviousPage).toBe(false);
      expectPageInfoOfEdges(second);
    }
  });

  test('transitionFeed: cursors of the first and last edge; an empty page keeps the cursor it was given as endCursor', async () => {
    const id = await urgedLetter(1);
    let feed: any;
    for (let i = 0; i < 200; i++) {
      feed = (await as(office, `query($id: ID!) { transitionFeed(first: 2, after: "0", filter: { workflowId: $id }) { edges { cursor } ${PAGE_INFO} } }`, { id })).transitionFeed;
      if (feed.pageInfo.hasNextPage) break;
      await new Promise((r) => setTimeout(r, 25)); // positions are given just after commit
    }
    expect(feed.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expectPageInfoOfEdges(feed);
    const end = (await as(office, `{ transitionFeed(first: 2, after: "999999999") { edges { cursor } ${PAGE_INFO} } }`)).transitionFeed;
    expect(end).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: '999999999' } });
  });
});

describe('Workflow.transitions', () => {
  test('pages through a long history oldest first, each transition once, with its total and exact page flags', async () => {
    const id = await urgedLetter(10); // 12 transitions
    const pages = await allPages(office, id, 5);
    expect(pages.map((p) => p.edges.length)).toEqual([5, 5, 2]);
    const seqs = pages.flatMap((p) => p.edges.map((e: any) => e.node.seq));
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const page of pages) {
      expect(page.totalCount).toBe(12);
      expect(page.edges.map((e: any) => e.cursor)).toEqual(page.edges.map((e: any) => String(e.node.seq)));
      expectPageInfoOfEdges(page);
    }
    expect(pages.map((p) => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage])).toEqual([[false, true], [true, true], [true, false]]);
    // the same rows as the whole history, in the same order
    const { workflow } = await as(office, `query($id: ID!) { workflow(id: $id) { history { seq eventType payload } } }`, { id });
    expect(pages.flatMap((p) => p.edges.map(({ node: { seq, eventType, payload } }: any) => ({ seq, eventType, payload })))).toEqual(workflow.history);
  });

  test('a page exactly at the end says no page follows; after the last cursor the page is empty with a previous page', async () => {
    const id = await urgedLetter(2); // 4 transitions
    const whole = (await as(office, TRANSITIONS, { id, first: 4 })).workflow.transitions;
    expect(whole.edges).toHaveLength(4);
    expect(whole.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: '1', endCursor: '4' });
    const after = (await as(office, TRANSITIONS, { id, first: 4, after: '4' })).workflow.transitions;
    expect(after).toEqual({ totalCount: 4, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
  });

  test('several workflows in one request each get their own page', async () => {
    const short = await urgedLetter(0, { title: '分页甲' });
    const long = await urgedLetter(3, { title: '分页乙' });
    const data = await as(
      office,
      `query($a: ID!, $b: ID!) { a: workflow(id: $a) { transitions(first: 3, after: "1") { totalCount edges { node { seq } } } }
        b: workflow(id: $b) { transitions(first: 3, after: "1") { totalCount edges { node { seq } } } } }`,
      { a: short, b: long },
    );
    expect(data.a.transitions).toEqual({ totalCount: 2, edges: [{ node: { seq: 2 } }] });
    expect(data.b.transitions).toEqual({ totalCount: 5, edges: [{ node: { seq: 2 } }, { node: { seq: 3 } }, { node: { seq: 4 } }] });
  });

  test('a cursor this API did not return, or a page size out of bounds, is a coded error', async () => {
    const id = await urgedLetter(0);
    for (const after of ['abc', '0', '-1', '1.5', '01', '', '99999999999', 'MQ']) {
      const res = await gql(t.url, await tokenFor(office), TRANSITIONS, { id, first: 5, after });
      expect({ after, extensions: res.errors?.[0].extensions }).toMatchObject({ after, extensions: { code: 'BAD_USER_INPUT', invalidFields: [{ path: 'after' }] } });
      expect(res.status).toBeLessThan(500);
    }
    for (const first of [0, -1, 101]) {
      const res = await gql(t.url, await tokenFor(office), TRANSITIONS, { id, first });
      expect({ first, extensions: res.errors?.[0].extensions }).toMatchObject({ first, extensions: { code: 'BAD_USER_INPUT', invalidFields: [{ path: 'first' }] } });
    }
  });

  test('the cost limit counts first: a huge page, or pages of transitions within a page of workflows, are refused before running', async () => {
    const id = await urgedLetter(0);
    const huge = await gql(t.url, await tokenFor(office), `{ workflow(id: "${id}") { transitions(first: 100000) { edges { node { seq } } } } }`);
    expect(huge.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    const nested = await gql(
      t.url,
      await tokenFor(office),
      `{ workflows(first: 100) { edges { node { transitions(first: 100) { edges { node { seq eventType } } } } } } }`,
    );
    expect(nested.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    const fits = await gql(t.url, await tokenFor(office), `{ workflow(id: "${id}") { transitions(first: 100) { edges { node { seq eventType } } } } }`);
    expect(fits.errors).toBeUndefined();
    expect(fits.data.workflow.transitions.edges).toHaveLength(2);
  });

  test('drafts are redacted in transitions exactly as in history, for insiders and outsiders alike', async () => {
    const { startWorkflow } = await as(office, START, {
      input: {
        machineId: 'emergencyReport',
        input: mineIncidentInput(t.clock.now()),
      },
    });
    const id = startWorkflow.id;
    await send(dept, id, 'START_CONSULTATION');
    await send(dept, id, 'SUBMIT_DEPARTMENT_OPINION', { opinion: '井下仍有1人失联，同意上报' });
    await send(viceMayor, id, 'SUBMIT_OPINION', { opinion: '建议立即上报并启动二级响应' });
    const opinionOf = (rows: any[]) => rows.find((r) => r.eventType === 'SUBMIT_OPINION').payload;
    for (const [who, seesDraft] of [[viceMayor, true], [evm, true], [dept, true], [office, false], [otherViceMayor, false]] as const) {
      const { workflow } = await as(who, `query($id: ID!) { workflow(id: $id) { history { seq eventType payload } } }`, { id });
      const paged = (await allPages(who, id, 2)).flatMap((p) => p.edges.map(({ node: { seq, eventType, payload } }: any) => ({ seq, eventType, payload })));
      expect({ who: who.id, paged }).toEqual({ who: who.id, paged: workflow.history });
      expect({ who: who.id, opinion: opinionOf(paged) }).toEqual({ who: who.id, opinion: seesDraft ? { opinion: '建议立即上报并启动二级响应' } : REDACTED });
    }
  });
});

describe('node and nodes', () => {
  const NODE = `query($id: ID!) { node(id: $id) { __typename id
    ... on Workflow { title version }
    ... on Transition { seq eventType payload }
    ... on Webhook { url }
    ... on WebhookDelivery { serial position ok }
    ... on DirectoryUnit { code name } } }`;

  let letter: string;
  let hook: { id: string; url: string };
  let delivery: { id: string; serial: string; position: string; ok: boolean };
  let unit: { id: string; code: string; name: string };

  beforeAll(async () => {
    letter = await urgedLetter(1);
    hook = (await as(admin, `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { id url } }`, { i: { url: `${receiverUrl}/relay`, from: '0' } }))
      .registerWebhook;
    for (let i = 0; i < 400 && !delivery; i++) {
      [delivery] = (await as(admin, `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 1) { id serial position ok } }`, { id: hook.id })).webhookDeliveries;
      if (!delivery) await new Promise((r) => setTimeout(r, 25));
    }
    await as(office, `mutation { saveUnit(input: { code: "测试节点局", name: "测试节点局", kind: DEPARTMENT }) { code } }`);
    [unit] = (await as(office, `{ units(first: 1, search: "测试节点局") { nodes { id code name } } }`)).units.nodes;
  });

  test('every Node type comes back by its id as its own query gave it', async () => {
    const { workflow } = await as(office, `query($id: ID!) { workflow(id: $id) { id title version transitions(first: 3) { edges { node { id seq eventType payload } } } } }`, { id: letter });
    expect(workflow.id).toBe(letter); // the UUID clients already pass to workflow(id:) and sendEvent
    expect((await as(office, NODE, { id: letter })).node).toEqual({ __typename: 'Workflow', id: letter, title: workflow.title, version: workflow.version });
    const [urge] = workflow.transitions.edges.slice(-1).map((e: any) => e.node);
    expect(urge.id).toBe(transitionGlobalId(letter, 3));
    expect((await as(office, NODE, { id: urge.id })).node).toEqual({ __typename: 'Transition', ...urge });
    expect((await as(admin, NODE, { id: hook.id })).node).toEqual({ __typename: 'Webhook', ...hook });
    expect((await as(admin, NODE, { id: delivery.id })).node).toEqual({ __typename: 'WebhookDelivery', ...delivery });
    expect(delivery.id).not.toBe(delivery.serial);
    expect((await as(housing, NODE, { id: unit.id })).node).toEqual({ __typename: 'DirectoryUnit', ...unit });
  });

  test('nodes answers each id in the order asked, null where there is nothing', async () => {
    const ids = [unit.id, hook.id, randomUUID(), letter, transitionGlobalId(letter, 1), delivery.id, 'not-an-id', letter];
    const { nodes } = await as(admin, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
    expect(nodes.map((n: any) => n?.__typename ?? null)).toEqual(['DirectoryUnit', 'Webhook', null, 'Workflow', 'Transition', 'WebhookDelivery', null, 'Workflow']);
    expect(nodes.map((n: any) => n?.id ?? null)).toEqual(ids.map((id, i) => (nodes[i] ? id : null)));
  });

  test('a hidden workflow and its transitions are exactly an unknown id; so are administrators\' objects to anyone else', async () => {
    const unknown = randomUUID();
    const pairs: [typeof office, string, string][] = [
      [outsider, letter, unknown],
      [outsider, transitionGlobalId(letter, 1), transitionGlobalId(unknown, 1)],
      [office, hook.id, unknown],
      [office, delivery.id, Buffer.from('WebhookDelivery:999999').toString('base64url')],
    ];
    for (const [who, hidden, missing] of pairs) {
      const token = await tokenFor(who);
      const got = shape(await gql(t.url, token, NODE, { id: hidden }), [hidden]);
      expect({ hidden, got }).toEqual({ hidden, got: shape(await gql(t.url, token, NODE, { id: missing }), [missing]) });
      expect(got).toEqual({ data: { node: null }, errors: null });
      const listed = shape(await gql(t.url, token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [hidden] }), [hidden]);
      expect(listed).toEqual({ data: { nodes: [null] }, errors: null });
    }
    // beyond the history, and forged ids, are nothing too
    for (const id of [transitionGlobalId(letter, 99), Buffer.from(`Workflow:${letter}`).toString('base64url'), 'VHJhbnNpdGlvbjo', '']) {
      expect({ id, node: (await as(office, NODE, { id })).node }).toEqual({ id, node: null });
    }
  });

  test('the caller must be signed in', async () => {
    const res = await gql(t.url, null, `query($id: ID!) { node(id: $id) { id } }`, { id: letter });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  test('nodes takes at most 50 ids; more is a coded error', async () => {
    const fifty = Array.from({ length: 50 }, () => letter);
    const ok = await gql(t.url, await tokenFor(office), `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: fifty });
    expect(ok.data?.nodes).toHaveLength(50);
    const over = await gql(t.url, await tokenFor(office), `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...fifty, letter] });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'ids' }] });
    expect(over.data?.nodes ?? null).toBeNull();
  });
});
