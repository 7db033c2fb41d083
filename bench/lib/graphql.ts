/**
 * What the bench sends over GraphQL: documents, people with tokens, a valid supervision letter,
 * and a small client. Documents select what a client screen would, not every field, so the
 * figures are about the engine rather than about serialising the largest possible answer.
 */
import { mintToken } from '../../src/auth/authenticator';
import type { Actor } from '../../machines/definition';
import { BENCH_JWT_SECRET } from './server';

export const SEND = `mutation Send($input: SendEventInput!) { sendEvent(input: $input) { id state version } }`;
export const START = `mutation Start($input: StartWorkflowInput!) { startWorkflow(input: $input) { id state version } }`;

/** A list screen's row. */
export const LIST = `query List($filter: WorkflowFilter, $first: Int!, $after: String) {
  workflows(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id title state stateLabel status alertLevel deadline units createdAt } }
    pageInfo { endCursor hasNextPage }
  } }`;

/** A detail screen: the workflow with its history and what the caller may do next. */
export const GET = `query Get($id: ID!) { workflow(id: $id) {
  id machineId title state stateLabel status version context alertLevel deadline units people createdAt updatedAt
  deadlines { kind label due warnAt provisional }
  availableEvents { type label }
  history { seq eventType eventLabel payload stateBefore stateAfter stateAfterLabel alertLevel at actor { id name roles unit } }
} }`;

export const people = {
  office: { id: 'office-wang', name: '王督查', roles: ['OFFICE'], unit: '市政府办公室' },
  housing: { id: 'housing-zhang', name: '张科长', roles: ['DEPARTMENT'], unit: '市住建局' },
} satisfies Record<string, Actor>;

export const tokenFor = (who: Actor) => mintToken(BENCH_JWT_SECRET, who, '12h');

/** A due date 60 days ahead, so the start check ("not before today") holds on any day. */
export function letterInput(overrides: Record<string, unknown> = {}) {
  return {
    title: '老旧小区改造督办',
    source: '领导批示',
    requirement: '年底前完成全部老旧小区改造任务，每5个工作日报告进展',
    leadUnit: '市住建局',
    coUnits: ['罗峰街道'],
    leaderInCharge: { id: 'vm-li', name: '李副市长' },
    dueDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
    flagged: true,
    ...overrides,
  };
}

export const graphqlBody = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** POSTs one request; throws on a transport error, an HTTP error or a GraphQL error. */
export async function gql<T = any>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: graphqlBody(query, variables),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (res.status !== 200 || body.errors?.length) {
    const first = body.errors?.[0];
    throw new Error(`GraphQL ${res.status}: ${first?.extensions?.code ?? ''} ${first?.message ?? ''}`.trim());
  }
  return body.data as T;
}

/** Runs `task` for 0..count-1 with at most `concurrency` in flight; stops at the first failure. */
export async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/**
 * Issued supervision letters (state awaitingFeedback), started and issued over the API by the
 * office, with `extra` URGE events each so their history is not trivially short.
 */
export async function issueLetters(url: string, count: number, extra = 0): Promise<string[]> {
  const token = await tokenFor(people.office);
  return inParallel(count, 8, async (i) => {
    const input = { machineId: 'supervisionLetter', input: letterInput({ title: `督办事项 ${i + 1}` }) };
    const { startWorkflow } = await gql(url, token, START, { input });
    const id = startWorkflow.id as string;
    await gql(url, token, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
    for (let u = 0; u < extra; u++) await gql(url, token, SEND, { input: { workflowId: id, type: 'URGE', payload: {} } });
    return id;
  });
}
