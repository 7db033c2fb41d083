/** Shared by the admin tests: a server with a test clock, tokens, letters, the repair documents. */
import { Client } from 'pg';
import { gql, startTestApp, tokenFor, type GraphQLResponse, type TestApp } from '../helpers/app';
import { expectVerifiableChains } from '../helpers/chains';
import type { TestClock } from '../helpers/clock';
import { GET, letterInput, people, SEND, START, WORKFLOW_FIELDS } from '../helpers/letters';

export const REPAIR_FIELDS = `warnings warningDetails { code message status from to bypassed { type label } deadline { kind label due } path } workflow { ${WORKFLOW_FIELDS} snapshot deadlineOverrides { state kind due warnAt machineDue reason by } }`;

export const ADMIN = {
  cancel: `mutation($id: ID!, $reason: String!) { adminCancel(workflowId: $id, reason: $reason) { ${REPAIR_FIELDS} } }`,
  move: `mutation($id: ID!, $state: String!, $reason: String!, $patch: JSON) {
    adminMoveToState(workflowId: $id, state: $state, reason: $reason, contextPatch: $patch) { ${REPAIR_FIELDS} } }`,
  reschedule: `mutation($id: ID!, $kind: String!, $due: DateTime!, $reason: String!) {
    adminRescheduleDeadline(workflowId: $id, kind: $kind, due: $due, reason: $reason) { ${REPAIR_FIELDS} } }`,
  reassign: `mutation($id: ID!, $input: AdminReassignInput!, $reason: String!) {
    adminReassign(workflowId: $id, input: $input, reason: $reason) { ${REPAIR_FIELDS} } }`,
  migrate: `mutation($input: AdminMigrateInput!) { adminMigrate(input: $input) {
    machineId fromVersion toVersion dryRun migrated failed results { workflowId fromState toState ok code error } } }`,
};

export interface AdminFixture {
  t: TestApp;
  tokens: Record<keyof typeof people, string>;
  start(overrides?: Record<string, unknown>, machineId?: string, who?: keyof typeof people): Promise<string>;
  send(who: keyof typeof people, id: string, type: string, payload?: Record<string, unknown>): Promise<any>;
  issuedLetter(overrides?: Record<string, unknown>): Promise<string>;
  get(id: string, who?: keyof typeof people): Promise<any>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
}

export async function adminFixture(clock: TestClock): Promise<AdminFixture> {
  const t = await startTestApp({ clock });
  const tokens = {} as Record<keyof typeof people, string>;
  for (const [name, who] of Object.entries(people)) tokens[name as keyof typeof people] = await tokenFor(who);
  const ok = (res: GraphQLResponse) => {
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const fixture: AdminFixture = {
    t,
    tokens,
    async start(overrides = {}, machineId = 'supervisionLetter', who = 'office') {
      const input = machineId === 'supervisionLetter' ? letterInput(overrides) : overrides;
      return ok(await gql(t.url, tokens[who], START, { input: { machineId, input } })).startWorkflow.id;
    },
    async send(who, id, type, payload = {}) {
      return ok(await gql(t.url, tokens[who], SEND, { input: { workflowId: id, type, payload } })).sendEvent;
    },
    async issuedLetter(overrides = {}) {
      const id = await fixture.start(overrides);
      await fixture.send('office', id, 'ISSUE');
      return id;
    },
    async get(id, who = 'admin') {
      return ok(await gql(t.url, tokens[who], GET, { id })).workflow;
    },
    async sql(text, params = []) {
      const client = new Client({ connectionString: t.db.url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    },
  };
  return fixture;
}

/** Every workflow's history is 1..version with one outbox row each, and its hash chain verifies. */
export async function expectContiguousHistories(f: AdminFixture): Promise<void> {
  await expectVerifiableChains(f.t.db.url);
  const rows = await f.sql(`
    SELECT w.id, w.version, count(h.*)::int AS rows, max(h.seq) AS last, min(h.seq) AS first,
           (SELECT count(*)::int FROM outbox o WHERE o.workflow_id = w.id) AS outbox
    FROM workflow w JOIN workflow_transition h ON h.workflow_id = w.id GROUP BY w.id`);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect([r.first, r.rows, r.last, r.outbox]).toEqual([1, r.version, r.version, r.version]);
}
